//! Extraction: bytes of a feed or a page in, [`crate::model::RawItem`]s out. Pure.

pub mod auto;
pub mod date;
pub mod feed;
pub mod json_list;
pub mod scrape;
pub mod selector;
pub mod sitemap;
pub mod way;

use chrono::{DateTime, Utc};
use url::Url;

use crate::config::ScrapeRules;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ExtractError {
    #[error("not a readable RSS/Atom/JSON feed: {0}")]
    Feed(String),
    #[error("selector {selector:?} for `{key}` matched nothing on {url} (markup changed?)")]
    NoMatch {
        key: &'static str,
        selector: String,
        url: String,
    },
    #[error("{0}")]
    Page(String),
    /// A parser gave up with a panic instead of an error: the document is one it cannot
    /// read, and no other source is affected.
    #[error("{what} could not read this document (its parser failed: {message})")]
    ParserFailed { what: &'static str, message: String },
}

/// What a feed or listing yielded: its items, and the entries it could not take.
#[derive(Debug, Default)]
pub struct Extracted {
    pub items: Vec<crate::model::RawItem>,
    pub skipped: Vec<Skipped>,
    /// How the items were read when it is worth saying ("markup changed — read
    /// automatically …"), for the poll report and `try`.
    pub notices: Vec<String>,
    /// Which way each item (by its URL) was read, for `try`.
    pub ways: std::collections::HashMap<String, way::ReadWay>,
}

/// An entry of a feed or list that was read but not taken, and why, so a poll never drops
/// anything without saying so.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Skipped {
    /// Its place in the document, from 1.
    pub entry: usize,
    /// Its title, if it had one.
    pub title: String,
    pub reason: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.title.is_empty() {
            write!(f, "entry {}: {}", self.entry, self.reason)
        } else {
            write!(
                f,
                "entry {} ({:?}): {}",
                self.entry, self.title, self.reason
            )
        }
    }
}

/// Runs a parser, turning a panic inside it into [`ExtractError::ParserFailed`]: a
/// document that trips a bug in a dependency fails its own source with a sentence.
pub fn guarded<T>(
    what: &'static str,
    parse: impl FnOnce() -> Result<T, ExtractError>,
) -> Result<T, ExtractError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_string());
        Err(ExtractError::ParserFailed { what, message })
    })
}

/// One listing page of a scraped source: HTML read with the CSS rules, or, for a source
/// with `[source.scrape.json]`, the JSON answer's HTML fragments.
pub fn list_page(
    text: &str,
    page_url: &Url,
    rules: &ScrapeRules,
    now: DateTime<Utc>,
) -> Result<scrape::ListPage, ExtractError> {
    guarded("the HTML reader", || match &rules.json {
        Some(json) => json_list::extract_json_list(text, page_url, rules, json, now),
        None => scrape::extract_list(text, page_url, rules, now),
    })
}
