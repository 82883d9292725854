//! The I/O part of a `kind = "sitemap"` source: a sitemap index's newest child sitemaps
//! (news sitemaps first), then the newest entries, each new one completed from its
//! article page without selectors — text, a better date, and the title when the sitemap
//! gives none. Only addresses on the source's own host are read.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use url::Url;

use super::follow::{Follow, same_host};
use super::{JobError, Pipeline};
use crate::config::Source;
use crate::extract::sitemap::{self, Sitemap, SitemapEntry};
use crate::extract::way::{ListWay, ReadWay, TextWay};
use crate::extract::{ExtractError, Extracted, Skipped};
use crate::model::RawItem;

/// Child sitemaps of an index read per poll, the newest (and news sitemaps) first.
const MAX_CHILD_SITEMAPS: usize = 2;

impl Pipeline {
    /// Items of a sitemap source. Offline (`try --file`) only a `<urlset>` can be read,
    /// and the article pages are not fetched.
    pub(super) async fn extract_sitemap(
        &self,
        source: &Source,
        text: &str,
        url: &Url,
        follow: Follow<'_>,
    ) -> Result<Extracted, JobError> {
        let now = Utc::now();
        let entries = match sitemap::parse_sitemap(text, url, now)? {
            Sitemap::Urls(entries) => entries,
            Sitemap::Index(children) => match follow {
                Follow::Live { .. } => self.child_entries(source, children, now).await?,
                Follow::Offline => {
                    return Err(ExtractError::Page(format!(
                        "{url} is a sitemap index; its child sitemaps are only read live (try without --file)"
                    ))
                    .into());
                }
            },
        };
        let entries: Vec<SitemapEntry> = entries
            .into_iter()
            .filter(|e| same_host(&e.url, &source.url))
            .collect();
        let mut items: Vec<RawItem> = sitemap::newest(entries, source.max_entries)
            .iter()
            .map(sitemap::raw_item)
            .collect();
        let mut ways: HashMap<String, ReadWay> = HashMap::new();
        for item in &items {
            let way = ReadWay {
                list: ListWay::Sitemap,
                text: TextWay::ListOnly,
            };
            ways.insert(item.url.clone(), way);
        }
        if let Follow::Live { known } = follow {
            // Stored entries are not fetched again; one without a title is no news.
            items.retain(|i| !(known.contains(&i.url) && i.title.is_empty()));
            self.follow_articles(source, None, &mut items, known, &mut ways)
                .await;
        }
        let mut skipped = Vec::new();
        let mut kept = Vec::new();
        for (index, item) in items.into_iter().enumerate() {
            if item.title.is_empty() {
                skipped.push(Skipped {
                    entry: index + 1,
                    title: String::new(),
                    reason: format!(
                        "{}: no title in the sitemap, and none read from the article page",
                        item.url
                    ),
                });
            } else {
                kept.push(item);
            }
        }
        Ok(Extracted {
            items: kept,
            skipped,
            notices: Vec::new(),
            ways,
        })
    }

    /// The entries of an index's newest child sitemaps (news sitemaps first).
    async fn child_entries(
        &self,
        source: &Source,
        mut children: Vec<(Url, Option<DateTime<Utc>>)>,
        now: DateTime<Utc>,
    ) -> Result<Vec<SitemapEntry>, JobError> {
        children.retain(|(child, _)| same_host(child, &source.url));
        // News sitemaps hold the releases: when the index has any, only they are read.
        let is_news = |u: &Url| u.as_str().to_ascii_lowercase().contains("news");
        if children.iter().any(|(child, _)| is_news(child)) {
            children.retain(|(child, _)| is_news(child));
        }
        children.sort_by_key(|(_, at)| std::cmp::Reverse(*at));
        let mut entries = Vec::new();
        for (child, _) in children.iter().take(MAX_CHILD_SITEMAPS) {
            let fetched = self.fetch_page(child).await?;
            // A nested index is not followed further: one level is what sites use.
            if let Sitemap::Urls(found) =
                sitemap::parse_sitemap(&fetched.text, &fetched.final_url, now)?
            {
                entries.extend(found);
            }
        }
        Ok(entries)
    }
}
