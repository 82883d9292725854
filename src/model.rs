//! Data passed between the stages: what extraction yields, what classification tags,
//! and what the store keeps and hands to publishing and the desk.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::vocab::State;

/// Where an item's publication date was found; shown by `try` and stored with the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// The feed entry's own published/updated field.
    Feed,
    /// The list page's `date` selector.
    ListSelector,
    /// The article page's configured `article_date` selector.
    ArticleSelector,
    /// JSON-LD `datePublished` on the article page.
    JsonLd,
    /// `meta[property="article:published_time"]`.
    MetaArticlePublished,
    /// `meta[name="date"]`.
    MetaDate,
    /// `<time datetime>`.
    TimeElement,
    /// A date found in the item's text.
    Text,
    /// No date anywhere: the first-seen time is used and the item is marked undated.
    Undated,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Feed => "feed",
            DateSource::ListSelector => "list-selector",
            DateSource::ArticleSelector => "article-selector",
            DateSource::JsonLd => "json-ld",
            DateSource::MetaArticlePublished => "meta-article-published",
            DateSource::MetaDate => "meta-date",
            DateSource::TimeElement => "time-element",
            DateSource::Text => "text",
            DateSource::Undated => "undated",
        }
    }
}

/// One article as extracted from a feed or a scraped page, before classification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RawItem {
    /// The source's own identifier (feed guid/id); `None` for scraped pages.
    pub guid: Option<String>,
    /// Absolute link to the original article.
    pub url: String,
    /// Plain-text title (entities decoded, whitespace collapsed).
    pub title: String,
    /// Sanitized HTML summary (may be empty).
    pub summary: String,
    /// Sanitized HTML full text when known (may be empty).
    pub content: String,
    /// The source's own publication date, if it gave one.
    pub published: Option<DateTime<Utc>>,
    /// The source's own update date, if it gave one.
    pub updated: Option<DateTime<Utc>>,
    pub date_source: DateSource,
}

impl RawItem {
    /// Plain text of summary and content, for classification and fingerprints.
    pub fn body_text(&self) -> String {
        body_text(&self.summary, &self.content)
    }
}

/// Plain text of an item's summary and content (HTML), the summary left out when the
/// content already holds it.
pub fn body_text(summary: &str, content: &str) -> String {
    let mut text = crate::sanitize::html_to_text(summary);
    let content = crate::sanitize::html_to_text(content);
    if !content.is_empty() && !content.contains(text.trim()) {
        text.push('\n');
        text.push_str(&content);
    } else if !content.is_empty() {
        text = content;
    }
    text
}

/// The automatic tags of an item, as classification produced them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AutoTags {
    pub relevant: bool,
    pub score: f64,
    pub states: Vec<State>,
    pub topics: Vec<String>,
    pub reasons: Vec<String>,
}

/// What `items list --json`, the API and the feeds show of an item.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub id: i64,
    pub uid: String,
    pub url: String,
    pub title: String,
    pub original_title: String,
    pub source: String,
    pub published: String,
    pub updated: String,
    pub first_seen: String,
    pub date_source: String,
    pub status: String,
    pub pinned: bool,
    pub states: Vec<State>,
    pub topics: Vec<String>,
    pub relevant: bool,
    pub score: f64,
    pub reasons: Vec<String>,
    pub note: Option<String>,
    pub title_override: Option<String>,
    pub cluster: i64,
    pub guid: String,
    pub is_lead: bool,
    pub also_reported_by: Vec<AlsoReported>,
    #[serde(skip)]
    pub summary: String,
    #[serde(skip)]
    pub content: String,
    #[serde(skip)]
    pub source_updated: Option<String>,
}

/// Another member of an item's story: the source that reported it and where.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AlsoReported {
    pub source: String,
    pub url: String,
}

impl ItemView {
    pub fn published_at(&self) -> DateTime<Utc> {
        parse_ts(&self.published)
    }
    /// When we last changed the item (first seen, re-fetched with new content, edited).
    pub fn updated_at(&self) -> DateTime<Utc> {
        parse_ts(&self.updated)
    }

    /// The entry's "updated" date in feeds: the source's own dates, unless we changed
    /// the item after first seeing it (new content, an editor's edit).
    pub fn entry_updated(&self) -> DateTime<Utc> {
        let mut t = self.published_at();
        if let Some(s) = &self.source_updated {
            t = t.max(parse_ts(s));
        }
        if self.updated != self.first_seen {
            t = t.max(self.updated_at());
        }
        t
    }
}

/// Timestamps are stored as RFC 3339 UTC text with second precision; they sort as text.
pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn parse_ts(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_default()
}
