//! The I/O part of extracting an HTML source: further listing pages (`next_page`, up to
//! `max_pages`) and, with `follow`, the article pages of items not stored yet — always on
//! the source's own host.

use std::collections::HashSet;

use chrono::Utc;

use super::{JobError, Pipeline};
use crate::config::{ScrapeRules, Source, SourceKind};
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
        let Some(rules) = scrape_rules(source) else {
            return Ok(extract::feed::extract_feed(text, url)?);
        };
        Ok(Extracted {
            items: self.scrape_pages(source, rules, text, url, follow).await?,
            skipped: Vec::new(),
        })
    }

    /// The listing page, further pages and, with `follow`, the new articles.
    async fn scrape_pages(
        &self,
        source: &Source,
        rules: &ScrapeRules,
        text: &str,
        url: &url::Url,
        follow: Follow<'_>,
    ) -> Result<Vec<RawItem>, JobError> {
        let now = Utc::now();
        let mut page = extract::list_page(text, url, rules, now)?;
        let mut items = std::mem::take(&mut page.items);
        let Follow::Live { known } = follow else {
            return Ok(items);
        };
        let mut seen_pages = vec![url.clone()];
        while seen_pages.len() < rules.max_pages as usize
            && let Some(next) = page.next_page.take()
        {
            if !same_host(&next, &source.url) || seen_pages.contains(&next) {
                break;
            }
            let fetched = self.fetch_page(&next).await?;
            page = extract::list_page(&fetched.text, &fetched.final_url, rules, now)?;
            seen_pages.push(next);
            for item in std::mem::take(&mut page.items) {
                if !items.iter().any(|i| i.url == item.url) {
                    items.push(item);
                }
            }
        }
        if rules.follow {
            self.follow_articles(source, rules, &mut items, known).await;
        }
        Ok(items)
    }

    /// Complete each new item from its article page. One unreachable article does not
    /// fail the source: the list's data stands.
    async fn follow_articles(
        &self,
        source: &Source,
        rules: &ScrapeRules,
        items: &mut [RawItem],
        known: &HashSet<String>,
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
                Ok(article) => extract::scrape::extract_article(
                    &article.text,
                    &article.final_url,
                    rules,
                    item,
                    now,
                ),
                Err(e) => {
                    tracing::warn!(source = %source.id, error = %e, "article page not fetched")
                }
            }
        }
    }

    async fn fetch_page(&self, url: &url::Url) -> Result<Fetched, JobError> {
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

/// The scraping rules of an HTML source; `None` for a feed.
pub(super) fn scrape_rules(source: &Source) -> Option<&ScrapeRules> {
    source
        .scrape
        .as_ref()
        .filter(|_| source.kind == SourceKind::Html)
}

fn same_host(a: &url::Url, b: &url::Url) -> bool {
    a.host_str().map(str::to_ascii_lowercase) == b.host_str().map(str::to_ascii_lowercase)
        && a.port_or_known_default() == b.port_or_known_default()
        && matches!(a.scheme(), "http" | "https")
}
