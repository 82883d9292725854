//! Extraction: bytes of a feed or a page in, [`crate::model::RawItem`]s out. Pure.

pub mod date;
pub mod feed;
pub mod scrape;
pub mod selector;

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
