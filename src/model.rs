//! Data passed between the pure stages: what extraction yields and what the store keeps.

use chrono::{DateTime, Utc};
use serde::Serialize;

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
