//! Reading HTML press pages without selectors (issue 25): a listing page's repeated
//! entries, each with one link to a detail page, and an article page's main text and
//! date. Pure, like the CSS path in [`crate::extract::scrape`], and yielding the same
//! [`ListPage`] and [`RawItem`] shapes, so the pipeline treats both alike.
//!
//! The list is the group of links that share one element path and score best: many
//! entries, dated, with titles of several words. Navigation, banners, sidebars, pagers
//! and breadcrumbs are left out before grouping ([`chrome`]); the pager gives the next
//! page ([`pager`]).

mod article;
mod blocks;
mod chrome;
mod flat;
mod item;
mod merge;
mod pager;
mod pin;

use chrono::{DateTime, Utc};
use scraper::Html;
use url::Url;

use crate::extract::ExtractError;
use crate::extract::scrape::{ListPage, links};
use crate::model::{DateSource, RawItem};

pub use article::extract_article_auto;
pub use pin::{PinnedRules, auto_main_text, ends, pin_content_selector, pin_list_selectors};

/// Titles shorter than this, on average, are menu entries, not article titles.
const MIN_TITLE_CHARS: usize = 12;

/// Extract the items of a listing page without selectors.
///
/// Errors when no group of links looks like a list of articles (a maintenance page, a
/// page rendered by script): the message says so.
pub fn extract_list_auto(
    html: &str,
    page_url: &Url,
    now: DateTime<Utc>,
) -> Result<ListPage, ExtractError> {
    crate::extract::guarded("the automatic HTML reader", || {
        let doc = Html::parse_document(html);
        let base = links::base_url(&doc, page_url);
        let (groups, every) = merge::candidate_groups(&doc, &base, page_url, now);
        let Some((_, items)) = best_group(&groups, &every, now) else {
            return Err(ExtractError::Page(format!(
                "no list of articles found on {page_url} (read without selectors)"
            )));
        };
        let next_page = pager::next_page(&doc, &base, page_url);
        Ok(ListPage { items, next_page })
    })
}

/// The candidate group the reader takes — the one whose items score best — with its
/// index and items; `None` when no group looks like a list of articles. Shared with the
/// selector pinning of `discover`, which must pin the same list.
fn best_group<'a>(
    groups: &'a [Vec<blocks::Candidate<'a>>],
    every: &'a [(scraper::ElementRef<'a>, Url)],
    now: DateTime<Utc>,
) -> Option<(usize, Vec<RawItem>)> {
    let mut best: Option<(f64, usize, Vec<RawItem>)> = None;
    for (index, group) in groups.iter().enumerate() {
        let mut entries = blocks::entries(group, every);
        flat::attach_siblings(&mut entries, now);
        let mut items: Vec<RawItem> = entries
            .iter()
            .filter_map(|entry| item::raw_item(entry, now))
            .collect();
        item::drop_appointments(&mut items, now);
        let score = score(&items);
        if score > best.as_ref().map_or(0.0, |(s, _, _)| *s) {
            best = Some((score, index, items));
        }
    }
    best.map(|(_, index, items)| (index, items))
}

/// How much a group of items looks like a list of articles; 0 when it does not at all.
/// Entries count, dated ones and ones with a teaser twice more each; titles of menu
/// length disqualify.
fn score(items: &[RawItem]) -> f64 {
    if items.is_empty() {
        return 0.0;
    }
    let n = items.len() as f64;
    let dated = items
        .iter()
        .filter(|i| i.date_source != DateSource::Undated)
        .count() as f64;
    let title_chars: usize = items.iter().map(|i| i.title.chars().count()).sum();
    let worded = items
        .iter()
        .filter(|i| i.title.split_whitespace().count() >= 3)
        .count() as f64;
    if title_chars / items.len() < MIN_TITLE_CHARS || (items.len() == 1 && dated == 0.0) {
        return 0.0;
    }
    let summarised = items.iter().filter(|i| !i.summary.is_empty()).count() as f64;
    (n + 2.0 * dated + 2.0 * summarised) * (worded / n)
}

#[cfg(test)]
mod tests;
