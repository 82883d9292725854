//! Extraction: bytes of a feed or a page in, [`crate::model::RawItem`]s out. Pure.

pub mod date;
pub mod feed;
pub mod json_list;
pub mod scrape;
pub mod selector;

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
}

/// One listing page of a scraped source: HTML read with the CSS rules, or, for a source
/// with `[source.scrape.json]`, the JSON answer's HTML fragments.
pub fn list_page(
    text: &str,
    page_url: &Url,
    rules: &ScrapeRules,
    now: DateTime<Utc>,
) -> Result<scrape::ListPage, ExtractError> {
    match &rules.json {
        Some(json) => json_list::extract_json_list(text, page_url, rules, json, now),
        None => scrape::extract_list(text, page_url, rules, now),
    }
}
