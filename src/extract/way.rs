//! Which way an item was read, for `try`: its entry in the list (a feed, the source's
//! selectors, the automatic reader, a JSON list, a sitemap) and its text and date (the
//! article's content selector or its main text found automatically; JSON-LD, meta tags,
//! `<time>`, a date in the text). Kept beside the items, not stored.

use crate::model::DateSource;

/// How an item's entry was read from the listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ListWay {
    Feed,
    Selectors,
    /// The source's selectors matched nothing; the page was read automatically.
    AutomaticMarkupChanged,
    /// An HTML source without `[source.scrape]`.
    AutomaticNoSelectors,
    JsonList,
    Sitemap,
}

impl ListWay {
    pub fn describe(self) -> &'static str {
        match self {
            ListWay::Feed => "feed",
            ListWay::Selectors => "selectors",
            ListWay::AutomaticMarkupChanged => "automatic (markup changed)",
            ListWay::AutomaticNoSelectors => "automatic (no selectors)",
            ListWay::JsonList => "JSON list",
            ListWay::Sitemap => "sitemap",
        }
    }
}

/// How an item's text was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextWay {
    /// The feed's own summary and content.
    Feed,
    /// Only what the list showed: the article page was not followed (or had no text).
    ListOnly,
    ContentSelector,
    AutomaticMainText,
}

impl TextWay {
    pub fn describe(self) -> &'static str {
        match self {
            TextWay::Feed => "feed",
            TextWay::ListOnly => "list entry only",
            TextWay::ContentSelector => "content selector",
            TextWay::AutomaticMainText => "automatic main text",
        }
    }
}

/// Where an item's date came from, in the words `try` uses.
pub fn describe_date(source: DateSource) -> &'static str {
    match source {
        DateSource::Feed => "feed",
        DateSource::ListSelector => "date selector",
        DateSource::ArticleSelector => "article_date selector",
        DateSource::JsonLd => "JSON-LD",
        DateSource::MetaArticlePublished | DateSource::MetaDate => "meta",
        DateSource::TimeElement => "<time>",
        DateSource::Text => "date in text",
        DateSource::Sitemap => "sitemap",
        DateSource::Undated => "none",
    }
}

/// Both ways for one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ReadWay {
    pub list: ListWay,
    pub text: TextWay,
}
