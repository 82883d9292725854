//! The I/O part of extracting an HTML source: further listing pages (`next_page`, up to
//! `max_pages`) and, with `follow`, the article pages of items not stored yet — always on
//! the source's own host.
//!
//! When the source's selectors match nothing on a page that answered (the site changed
//! its markup), the pages are read automatically instead ([`extract::auto`]): the
//! source keeps delivering, and a notice says so. Only if that finds no list either does
//! the source fail, with the selector's error.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::{JobError, Pipeline};
use crate::config::{ScrapeRules, Source, SourceKind};
use crate::extract::scrape::ListPage;
use crate::extract::way::{ListWay, ReadWay, TextWay};
use crate::extract::{self, ExtractError, Extracted};
use crate::fetch::{FetchOutcome, FetchRequest, Fetched};
use crate::model::RawItem;

/// Whether extraction may fetch further pages (a live poll, which skips the articles it
/// already stored) or must not (`try --file`).
#[derive(Debug, Clone, Copy)]
pub enum Follow<'a> {
    Live { known: &'a HashSet<String> },
    Offline,
}

impl Pipeline {
    /// Items of a fetched feed or listing page. For HTML sources with [`Follow::Live`]
    /// this fetches further listing pages and the new articles.
    pub async fn extract(
        &self,
        source: &Source,
        text: &str,
        url: &url::Url,
        follow: Follow<'_>,
    ) -> Result<Extracted, JobError> {
        if source.kind == SourceKind::Sitemap {
            return self.extract_sitemap(source, text, url, follow).await;
        }
        if source.kind != SourceKind::Html {
            let mut found = extract::feed::extract_feed(text, url)?;
            let way = ReadWay {
                list: ListWay::Feed,
                text: TextWay::Feed,
            };
            found.ways = found.items.iter().map(|i| (i.url.clone(), way)).collect();
            return Ok(found);
        }
        // An HTML source without rules is read automatically from the start.
        let rules = scrape_rules(source);
        let mut reader = ListReader {
            rules,
            auto: rules.is_none(),
            notices: Vec::new(),
            ways: HashMap::new(),
        };
        let items = self
            .scrape_pages(source, &mut reader, text, url, follow)
            .await?;
        Ok(Extracted {
            items,
            skipped: Vec::new(),
            notices: reader.notices,
            ways: reader.ways,
        })
    }

    /// The listing page, further pages and, with `follow`, the new articles.
    async fn scrape_pages(
        &self,
        source: &Source,
        reader: &mut ListReader<'_>,
        text: &str,
        url: &url::Url,
        follow: Follow<'_>,
    ) -> Result<Vec<RawItem>, JobError> {
        let now = Utc::now();
        let (max_pages, follow_articles) = reader
            .rules
            .map_or((AUTO_MAX_PAGES, true), |r| (r.max_pages, r.follow));
        let mut page = reader.read(text, url, now)?;
        let mut items = std::mem::take(&mut page.items);
        let Follow::Live { known } = follow else {
            return Ok(items);
        };
        let mut seen_pages = vec![url.clone()];
        while seen_pages.len() < max_pages as usize
            && let Some(next) = page.next_page.take()
        {
            if !same_host(&next, &source.url) || seen_pages.contains(&next) {
                break;
            }
            let fetched = self.fetch_page(&next).await?;
            page = reader.read(&fetched.text, &fetched.final_url, now)?;
            seen_pages.push(next);
            for item in std::mem::take(&mut page.items) {
                if !items.iter().any(|i| i.url == item.url) {
                    items.push(item);
                }
            }
        }
        if follow_articles {
            let rules = reader.rules.filter(|_| !reader.auto);
            self.follow_articles(source, rules, &mut items, known, &mut reader.ways)
                .await;
        }
        Ok(items)
    }

    /// Complete each new item from its article page, with the rules or (`None`, when the
    /// list was read automatically or is a sitemap) without — then also the page's title
    /// where the list gave none. One unreachable article does not fail the source: the
    /// list's data stands.
    pub(super) async fn follow_articles(
        &self,
        source: &Source,
        rules: Option<&ScrapeRules>,
        items: &mut [RawItem],
        known: &HashSet<String>,
        ways: &mut HashMap<String, ReadWay>,
    ) {
        let now = Utc::now();
        for item in items.iter_mut() {
            let Ok(article_url) = url::Url::parse(&item.url) else {
                continue;
            };
            if known.contains(&item.url) {
                continue;
            }
            // Followed links stay on the source's own host: a listing page must not be
            // able to send our fetcher to arbitrary (internal) addresses.
            if !same_host(&article_url, &source.url) {
                tracing::debug!(source = %source.id, url = %item.url, "not following a link to another host");
                continue;
            }
            match self.fetch_page(&article_url).await {
                Ok(article) => match rules {
                    Some(rules) => extract::scrape::extract_article(
                        &article.text,
                        &article.final_url,
                        rules,
                        item,
                        now,
                    ),
                    None => {
                        extract::auto::extract_article_auto(&article.text, item, now);
                        if item.title.is_empty()
                            && let Some(title) = extract::sitemap::article_title(&article.text)
                        {
                            item.title = title;
                        }
                    }
                },
                Err(e) => {
                    tracing::warn!(source = %source.id, error = %e, "article page not fetched")
                }
            }
            if let Some(way) = ways.get_mut(&item.url)
                && !item.content.is_empty()
            {
                way.text = match rules {
                    Some(r) if r.content.is_some() => TextWay::ContentSelector,
                    Some(_) => TextWay::ListOnly,
                    None => TextWay::AutomaticMainText,
                };
            }
        }
    }

    pub(super) async fn fetch_page(&self, url: &url::Url) -> Result<Fetched, JobError> {
        let request = FetchRequest {
            url: url.clone(),
            etag: None,
            last_modified: None,
            obey_robots: true,
        };
        match self.fetcher.fetch(&request).await? {
            FetchOutcome::Fetched(f) => Ok(f),
            FetchOutcome::NotModified => {
                Err(ExtractError::Page(format!("{url}: unexpected 304 Not Modified")).into())
            }
        }
    }
}

/// How listing pages are read: with the source's rules, or — once they matched nothing
/// on a page that answered — automatically, with a notice saying so.
struct ListReader<'a> {
    /// `None` for an HTML source without `[source.scrape]`.
    rules: Option<&'a ScrapeRules>,
    auto: bool,
    notices: Vec<String>,
    /// Which way each item was read.
    ways: HashMap<String, ReadWay>,
}

impl ListReader<'_> {
    /// Read one listing page and note for its items which way it was read.
    fn read(
        &mut self,
        text: &str,
        url: &url::Url,
        now: DateTime<Utc>,
    ) -> Result<ListPage, ExtractError> {
        let page = self.read_page(text, url, now)?;
        let list = match self.rules {
            None => ListWay::AutomaticNoSelectors,
            Some(_) if self.auto => ListWay::AutomaticMarkupChanged,
            Some(r) if r.json.is_some() => ListWay::JsonList,
            Some(_) => ListWay::Selectors,
        };
        for item in &page.items {
            let text = TextWay::ListOnly;
            self.ways
                .entry(item.url.clone())
                .or_insert(ReadWay { list, text });
        }
        Ok(page)
    }

    fn read_page(
        &mut self,
        text: &str,
        url: &url::Url,
        now: DateTime<Utc>,
    ) -> Result<ListPage, ExtractError> {
        let Some(rules) = self.rules.filter(|_| !self.auto) else {
            return extract::auto::extract_list_auto(text, url, now);
        };
        let no_match = match extract::list_page(text, url, rules, now) {
            Err(ExtractError::NoMatch { key, selector, url }) => (key, selector, url),
            other => return other,
        };
        let (key, selector, page) = &no_match;
        match extract::auto::extract_list_auto(text, url, now) {
            Ok(read) if !read.items.is_empty() => {
                self.auto = true;
                self.notices.push(format!(
                    "markup changed — read automatically (selector {selector:?} for `{key}` matched nothing on {page})"
                ));
                Ok(read)
            }
            _ => Err(ExtractError::NoMatch {
                key: no_match.0,
                selector: no_match.1,
                url: no_match.2,
            }),
        }
    }
}

/// Listing pages an HTML source without rules reads per poll: new releases stand on the
/// first page, and a poll every few minutes sees them there.
const AUTO_MAX_PAGES: u32 = 1;

/// The scraping rules of an HTML source; `None` for a feed (and an HTML source read
/// automatically).
fn scrape_rules(source: &Source) -> Option<&ScrapeRules> {
    source
        .scrape
        .as_ref()
        .filter(|_| source.kind == SourceKind::Html)
}

pub(super) fn same_host(a: &url::Url, b: &url::Url) -> bool {
    a.host_str().map(str::to_ascii_lowercase) == b.host_str().map(str::to_ascii_lowercase)
        && a.port_or_known_default() == b.port_or_known_default()
        && matches!(a.scheme(), "http" | "https")
}
