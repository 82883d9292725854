//! XML sitemaps as a source (`kind = "sitemap"`): a `<urlset>` of article addresses
//! with their dates — a Google News sitemap also gives each article's title
//! (`<news:title>`) and publication date (`<news:publication_date>`) — or a
//! `<sitemapindex>` pointing to further sitemaps. Pure: the pipeline fetches.
//!
//! Sitemaps are plain, regular XML, read here by element name whatever prefix the
//! namespace got (`news:`, `n:`), so no XML library is needed.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use regex::Regex;
use scraper::{Html, Selector};
use url::Url;

use super::ExtractError;
use crate::extract::date::parse_german_date;
use crate::model::{DateSource, RawItem};
use crate::sanitize::{collapse_whitespace, html_to_text};

/// Entries of one sitemap that are read at most: a hostile or huge sitemap stays cheap.
const MAX_ENTRIES: usize = 50_000;

static URL_BLOCK: LazyLock<Regex> = LazyLock::new(|| element("url"));
static SITEMAP_BLOCK: LazyLock<Regex> = LazyLock::new(|| element("sitemap"));
static NEWS_BLOCK: LazyLock<Regex> = LazyLock::new(|| element("news"));
static ROOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<(?:[a-z0-9_-]+:)?(urlset|sitemapindex)\b").expect("valid"));

/// One article listed by a sitemap.
#[derive(Debug, Clone, PartialEq)]
pub struct SitemapEntry {
    pub url: Url,
    /// `<news:title>`, for a news sitemap.
    pub title: Option<String>,
    /// `<news:publication_date>`, else `<lastmod>`.
    pub published: Option<DateTime<Utc>>,
    /// Whether the entry carries a `<news:news>` block.
    pub news: bool,
}

/// What a sitemap document is.
#[derive(Debug, Clone, PartialEq)]
pub enum Sitemap {
    /// `<sitemapindex>`: further sitemaps, with their `<lastmod>`.
    Index(Vec<(Url, Option<DateTime<Utc>>)>),
    /// `<urlset>`: articles.
    Urls(Vec<SitemapEntry>),
}

/// A pattern for an element named `name` with any namespace prefix.
fn element(name: &str) -> Regex {
    Regex::new(&format!(
        r"(?is)<(?:[a-z0-9_-]+:)?{name}\b[^>]*>(.*?)</(?:[a-z0-9_-]+:)?{name}\s*>"
    ))
    .expect("valid")
}

static LOC: LazyLock<Regex> = LazyLock::new(|| element("loc"));
static LASTMOD: LazyLock<Regex> = LazyLock::new(|| element("lastmod"));
static TITLE: LazyLock<Regex> = LazyLock::new(|| element("title"));
static PUBLICATION_DATE: LazyLock<Regex> = LazyLock::new(|| element("publication_date"));

/// The text of the first element `re` matches in `xml`, CDATA and entities decoded.
fn element_text(xml: &str, re: &Regex) -> Option<String> {
    let raw = re.captures(xml)?.get(1)?.as_str().trim();
    let raw = raw
        .strip_prefix("<![CDATA[")
        .and_then(|r| r.strip_suffix("]]>"))
        .map(|r| r.replace('&', "&amp;").replace('<', "&lt;"))
        .unwrap_or_else(|| raw.to_string());
    let text = collapse_whitespace(&html_to_text(&raw));
    (!text.is_empty()).then_some(text)
}

/// Read a sitemap or sitemap index. Errors when the document is neither.
pub fn parse_sitemap(text: &str, url: &Url, now: DateTime<Utc>) -> Result<Sitemap, ExtractError> {
    let root = ROOT
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_ascii_lowercase())
        .ok_or_else(|| {
            ExtractError::Page(format!(
                "{url} is not a sitemap (no <urlset> or <sitemapindex>)"
            ))
        })?;
    let date = |s: Option<String>| s.and_then(|d| parse_german_date(&d, now));
    let resolve = |loc: Option<String>| {
        loc.and_then(|l| url.join(&l).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"))
    };
    if root == "sitemapindex" {
        let children = SITEMAP_BLOCK
            .captures_iter(text)
            .take(MAX_ENTRIES)
            .filter_map(|c| {
                let block = c.get(1)?.as_str();
                let loc = resolve(element_text(block, &LOC))?;
                Some((loc, date(element_text(block, &LASTMOD))))
            })
            .collect();
        return Ok(Sitemap::Index(children));
    }
    let entries = URL_BLOCK
        .captures_iter(text)
        .take(MAX_ENTRIES)
        .filter_map(|c| {
            let block = c.get(1)?.as_str();
            let loc = resolve(element_text(block, &LOC))?;
            let news = NEWS_BLOCK
                .captures(block)
                .and_then(|n| n.get(1))
                .map(|m| m.as_str());
            let title = news.and_then(|n| element_text(n, &TITLE));
            let published = news
                .and_then(|n| date(element_text(n, &PUBLICATION_DATE)))
                .or_else(|| date(element_text(block, &LASTMOD)));
            Some(SitemapEntry {
                url: loc,
                title,
                published,
                news: news.is_some(),
            })
        })
        .collect();
    Ok(Sitemap::Urls(entries))
}

/// The `n` newest entries, newest first; undated ones after the dated, in sitemap order.
pub fn newest(mut entries: Vec<SitemapEntry>, n: usize) -> Vec<SitemapEntry> {
    let mut seen = std::collections::HashSet::new();
    entries.retain(|e| seen.insert(e.url.clone()));
    entries.sort_by_key(|e| std::cmp::Reverse(e.published));
    entries.truncate(n);
    entries
}

/// An entry as an item: the title may still be empty (filled from the article page).
pub fn raw_item(entry: &SitemapEntry) -> RawItem {
    RawItem {
        guid: None,
        url: entry.url.to_string(),
        title: entry.title.clone().unwrap_or_default(),
        summary: String::new(),
        content: String::new(),
        published: entry.published,
        updated: None,
        date_source: if entry.published.is_some() {
            DateSource::Sitemap
        } else {
            DateSource::Undated
        },
    }
}

static OG_TITLE: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse(r#"meta[property="og:title"][content]"#).expect("valid selector")
});
static H1_OR_TITLE: LazyLock<[Selector; 2]> =
    LazyLock::new(|| ["h1", "title"].map(|css| Selector::parse(css).expect("valid selector")));

/// An article page's title: `og:title`, else its first `<h1>`, else `<title>`.
pub fn article_title(html: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let og = doc
        .select(&OG_TITLE)
        .find_map(|m| m.value().attr("content").map(collapse_whitespace));
    og.filter(|t| !t.is_empty()).or_else(|| {
        H1_OR_TITLE.iter().find_map(|sel| {
            doc.select(sel)
                .map(|el| collapse_whitespace(&el.text().collect::<Vec<_>>().join(" ")))
                .find(|t| !t.is_empty())
        })
    })
}

#[cfg(test)]
mod tests;
