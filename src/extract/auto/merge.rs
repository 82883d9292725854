//! Lists split over two markups. A lone entry in its own markup (a highlighted
//! "Top-Meldung", Joomla's leading article) joins a list whose URL pattern its link
//! has. The newest releases highlighted above the list in their own template (a "top
//! stories" box) join it when, like the list, every one of them is dated — unlike a
//! "Meistgelesen" box of the same links, which carries no dates.

use chrono::{DateTime, Duration, Utc};
use scraper::{ElementRef, Html};
use url::Url;

use std::collections::{HashMap, HashSet};

use super::blocks::{self, Candidate, pattern};
use super::item::block_date;

/// The candidate groups of [`blocks::candidate_groups`], each dated list joined by the
/// other dated groups of its URL pattern.
pub(super) fn candidate_groups<'a>(
    doc: &'a Html,
    base: &Url,
    page_url: &Url,
    now: DateTime<Utc>,
) -> (Vec<Vec<Candidate<'a>>>, Vec<(ElementRef<'a>, Url)>) {
    let (groups, every) = blocks::candidate_groups(doc, base, page_url);
    let groups = absorb(groups);
    let patterns: Vec<Option<String>> = groups.iter().map(|g| main_pattern(g)).collect();
    let dated: Vec<bool> = groups
        .iter()
        .map(|g| distinct(g) > 1 && all_dated(g, &every, now))
        .collect();
    let mut out = Vec::with_capacity(groups.len());
    for (i, group) in groups.iter().enumerate() {
        let mut group = group.clone();
        if dated[i]
            && let Some(pattern) = &patterns[i]
        {
            for (j, other) in groups.iter().enumerate() {
                if j != i && dated[j] && patterns[j].as_ref() == Some(pattern) {
                    group.extend(other.iter().cloned());
                }
            }
            group.sort_by_key(|c| c.order);
            group.dedup_by(|a, b| a.order == b.order);
        }
        out.push(group);
    }
    (out, every)
}

/// How many different pages a group links to.
fn distinct(group: &[Candidate<'_>]) -> usize {
    let mut urls: Vec<&Url> = group.iter().map(|c| &c.url).collect();
    urls.sort();
    urls.dedup();
    urls.len()
}

/// Whether every entry of a group carries a date that is not ahead.
fn all_dated(group: &[Candidate<'_>], every: &[(ElementRef<'_>, Url)], now: DateTime<Utc>) -> bool {
    blocks::entries(group, every).iter().all(|entry| {
        block_date(entry.block, now).is_some_and(|(at, _)| at <= now + Duration::days(1))
    })
}

/// Add to each list of several articles the lone links elsewhere on the page that have
/// the list's URL pattern (most of its links share it) and the shape of one of its
/// links: a highlighted first entry in its own markup. The lone links remain groups of
/// their own too.
fn absorb(groups: Vec<Vec<Candidate<'_>>>) -> Vec<Vec<Candidate<'_>>> {
    let distinct = |g: &[Candidate<'_>]| g.iter().map(|c| &c.url).collect::<HashSet<_>>().len();
    let lone: Vec<&Candidate<'_>> = groups
        .iter()
        .filter(|g| distinct(g) == 1)
        .flatten()
        .collect();
    let mut out = Vec::with_capacity(groups.len());
    for group in &groups {
        let mut group = group.clone();
        if distinct(&group) > 1
            && let Some(main) = main_pattern(&group)
        {
            let shapes: HashSet<String> = group
                .iter()
                .filter(|m| pattern(&m.url) == main)
                .map(|m| shape(&m.url))
                .collect();
            group.extend(
                lone.iter()
                    .filter(|c| pattern(&c.url) == main && shapes.contains(&shape(&c.url)))
                    .map(|c| (*c).clone()),
            );
            group.sort_by_key(|c| c.order);
        }
        out.push(group);
    }
    out
}

/// The URL pattern most of a group's links share, if more than half do.
fn main_pattern(group: &[Candidate<'_>]) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for c in group {
        *counts.entry(pattern(&c.url)).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n * 2 > group.len())
        .map(|(p, _)| p)
}

/// The shape of a link's last segment: its extension and whether it is a slug of
/// several words. `…/archiv` beside `…/ndr-pflege-in-osnabrueck-100.html` is an archive
/// link, not a lone article.
fn shape(url: &Url) -> String {
    let last = url
        .path()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let ext = last.rsplit_once('.').map_or("", |(_, ext)| ext);
    format!(".{ext} {}", last.contains(['-', '_']))
}
