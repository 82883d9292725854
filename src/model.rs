//! Data passed between the stages: what extraction yields, what classification tags,
//! and what the store keeps and hands to publishing and the desk.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::vocab::{self, State};

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
    /// The sitemap's `<news:publication_date>` or `<lastmod>`.
    Sitemap,
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
            DateSource::Sitemap => "sitemap",
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
    pub status: Status,
    pub pinned: bool,
    pub states: Vec<State>,
    pub topics: Vec<String>,
    pub relevant: bool,
    /// An editor's verdict on relevance (`None`: the classifier's stands).
    pub relevant_by_editor: Option<bool>,
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

/// An item's review status (DESIGN.md §5). Stored, serialized and parsed as its lowercase
/// name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Not yet reviewed.
    New,
    Approved,
    /// Never published, never taken in again.
    Pruned,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::New, Status::Approved, Status::Pruned];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Approved => "approved",
            Status::Pruned => "pruned",
        }
    }

    /// `new, approved, pruned`, for error messages and help texts.
    pub fn valid_values() -> String {
        Status::ALL.map(Status::as_str).join(", ")
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, not `write_str`: `items list` aligns the column with `{:<8}`.
        f.pad(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown status {s:?}; valid values: {}",
                    Status::valid_values()
                )
            })
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl ToSql for Status {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(
            self.as_str().as_bytes(),
        )))
    }
}

impl FromSql for Status {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|e: String| FromSqlError::Other(e.into()))
    }
}

/// One tag change of `items tag ID +topic:T -state:X …`.
#[derive(Debug, Clone, PartialEq)]
pub struct TagChange {
    /// `+` adds the tag, `-` removes it.
    pub add: bool,
    pub tag: Tag,
}

/// A tag an editor sets on an item: a federal state or a topic.
#[derive(Debug, Clone, PartialEq)]
pub enum Tag {
    State(State),
    Topic(String),
}

impl TagChange {
    /// Apply the change to an item's tags: an added tag goes last, and is never listed twice.
    pub fn apply(&self, states: &mut Vec<State>, topics: &mut Vec<String>) {
        match &self.tag {
            Tag::State(s) => {
                states.retain(|x| x != s);
                if self.add {
                    states.push(*s);
                }
            }
            Tag::Topic(t) => {
                topics.retain(|x| x != t);
                if self.add {
                    topics.push(t.clone());
                }
            }
        }
    }
}

impl FromStr for TagChange {
    type Err = String;
    fn from_str(change: &str) -> Result<Self, Self::Err> {
        let form = || format!("{change:?}: write +state:ST, -state:ST, +topic:T or -topic:T");
        let (add, rest) = match change.split_at_checked(1) {
            Some(("+", rest)) => (true, rest),
            Some(("-", rest)) => (false, rest),
            _ => return Err(form()),
        };
        let tag = match rest.split_once(':') {
            Some(("state", v)) => Tag::State(v.parse()?),
            Some(("topic", v)) if vocab::is_topic(v) => Tag::Topic(v.to_string()),
            Some(("topic", v)) => {
                return Err(format!(
                    "unknown topic {v:?}; valid values: {}",
                    vocab::valid_topics()
                ));
            }
            _ => return Err(form()),
        };
        Ok(TagChange { add, tag })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_and_write_their_lowercase_names() {
        for status in Status::ALL {
            assert_eq!(status.as_str().parse::<Status>(), Ok(status));
            assert_eq!(status.to_string(), status.as_str());
            let json = serde_json::to_string(&status).expect("serializes");
            assert_eq!(json, format!("\"{}\"", status.as_str()));
            assert_eq!(serde_json::from_str::<Status>(&json).ok(), Some(status));
        }
        assert_eq!(format!("{:<8}|", Status::New), "new     |");
        let err = "weg".parse::<Status>().unwrap_err();
        assert!(
            err.contains("\"weg\"") && err.contains("new, approved, pruned"),
            "{err}"
        );
        let err = serde_json::from_str::<Status>("\"Approved\"").unwrap_err();
        assert!(err.to_string().contains("new, approved, pruned"), "{err}");
    }

    #[test]
    fn statuses_round_trip_through_sqlite() {
        let conn = rusqlite::Connection::open_in_memory().expect("database");
        for status in Status::ALL {
            let back: Status = conn
                .query_row("SELECT ?1", [status], |r| r.get(0))
                .expect("round trip");
            assert_eq!(back, status);
        }
        let odd = conn.query_row("SELECT 'weg'", [], |r| r.get::<_, Status>(0));
        assert!(odd.is_err());
    }

    #[test]
    fn tag_changes_parse_and_apply() {
        let mut states = vec![State::SN, State::ST];
        let mut topics = vec!["ausbildung".to_string()];
        for change in [
            "-state:SN",
            "+state:thueringen",
            "+topic:kooperation",
            "+topic:ausbildung",
        ] {
            let change: TagChange = change.parse().expect(change);
            change.apply(&mut states, &mut topics);
        }
        assert_eq!(states, vec![State::ST, State::TH]);
        assert_eq!(topics, vec!["kooperation", "ausbildung"]);
        for (bad, says) in [
            ("topic:kooperation", "write +state:ST"),
            ("+farbe:rot", "write +state:ST"),
            ("+state:Preussen", "TH (thueringen)"),
            ("-topic:kochen", "kooperation"),
            ("", "write +state:ST"),
        ] {
            let err = bad.parse::<TagChange>().unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }
}
