//! Finding the list on a listing page: links to detail pages grouped by where they stand
//! in the page, and for each link the block around it that holds that one article.
//!
//! Links are grouped by their element path (`main>section>article>h2>a`): the entries
//! of one list are rendered by one template, so their links share it, while navigation,
//! breadcrumbs, "more" links and teasers of other sections stand elsewhere. A link's
//! block is its highest ancestor that holds no other article of the group; a list of
//! one (the last page of a paged list) instead stops below the first ancestor holding
//! any other link, such as the pager.
//!
//! Two lists of one template (the releases and a "Meistgelesen" box of the same
//! teasers) are told apart by their containers ([`split_by_container`]); entries that
//! stand apart in their own markup join their list in `merge.rs`.

use std::collections::{BTreeMap, HashMap, HashSet};

use scraper::{ElementRef, Html};
use url::Url;

use super::chrome::{Page, in_chrome};
use super::pager::is_pager_link;
use crate::extract::scrape::links;

/// More links than this on a page are not read: no listing page has that many, and a
/// bound keeps a hostile page cheap.
const MAX_LINKS: usize = 5_000;

/// One link to a possible detail page.
#[derive(Clone)]
pub(super) struct Candidate<'a> {
    pub el: ElementRef<'a>,
    pub url: Url,
    /// Place of the link in the page, to keep merged groups in page order.
    pub order: usize,
}

/// A link with the block that holds its article.
pub(super) struct Entry<'a> {
    pub link: ElementRef<'a>,
    pub url: Url,
    pub block: ElementRef<'a>,
    /// Siblings that belong to the entry when the list is flat (see flat.rs).
    pub extra: Vec<ElementRef<'a>>,
}

/// Every element with an `href` on the page (links, and web components such as
/// `<pp-link href>`), resolved; the page's own head links left out.
fn all_links<'a>(doc: &'a Html, base: &Url) -> Vec<(ElementRef<'a>, Option<Url>)> {
    doc.root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|el| !matches!(el.value().name(), "link" | "base" | "head"))
        .filter_map(|el| {
            let href = el.value().attr("href")?;
            let url = (!href.trim_start().starts_with('#'))
                .then(|| links::resolve(base, href))
                .flatten();
            Some((el, url))
        })
        .take(MAX_LINKS)
        .collect()
}

/// The links that may lead to articles, grouped by element path, in page order of
/// each group's first link.
pub(super) fn candidate_groups<'a>(
    doc: &'a Html,
    base: &Url,
    page_url: &Url,
) -> (Vec<Vec<Candidate<'a>>>, Vec<(ElementRef<'a>, Url)>) {
    let this = links::without_session_id(page_url.clone());
    let all = all_links(doc, base);
    let every: Vec<(ElementRef<'a>, Url)> = all
        .iter()
        .filter_map(|(el, url)| url.clone().map(|u| (*el, u)))
        .collect();
    let mut groups: BTreeMap<String, (usize, Vec<Candidate<'a>>)> = BTreeMap::new();
    for (order, (el, url)) in all.into_iter().enumerate() {
        let Some(url) = url else { continue };
        if url == this
            || !same_site(&url, &this)
            || is_file(&url)
            || is_pager_link(el)
            || in_chrome(el, Page::List)
        {
            continue;
        }
        let entry = groups
            .entry(element_path(el))
            .or_insert_with(|| (order, Vec::new()));
        entry.1.push(Candidate { el, url, order });
    }
    let mut ordered: Vec<(usize, Vec<Candidate<'a>>)> = join_columns(groups);
    ordered.sort_by_key(|(order, _)| *order);
    let split: Vec<Vec<Candidate<'a>>> = ordered
        .into_iter()
        .flat_map(|(_, g)| split_by_container(g))
        .collect();
    (split, every)
}

/// Join the groups of a table's columns again where they hold the same kind of links:
/// a table with two releases per row, unlike a title column beside a category column.
fn join_columns<'a>(
    groups: BTreeMap<String, (usize, Vec<Candidate<'a>>)>,
) -> Vec<(usize, Vec<Candidate<'a>>)> {
    let mut joined: Vec<(String, usize, Vec<Candidate<'a>>)> = Vec::new();
    for (path, (order, members)) in groups {
        let table = path.split_once('#').map(|(table, _)| table.to_string());
        let kin = table.and_then(|table| {
            joined.iter_mut().find(|(other, _, list)| {
                other.split_once('#').is_some_and(|(t, _)| t == table)
                    && shares_directories(list, &members)
            })
        });
        match kin {
            Some((_, first, list)) => {
                *first = (*first).min(order);
                list.extend(members);
                list.sort_by_key(|c| c.order);
            }
            None => joined.push((path, order, members)),
        }
    }
    joined
        .into_iter()
        .map(|(_, order, list)| (order, list))
        .collect()
}

/// The block of each of `links`: its highest ancestor that holds no other URL of
/// `pairs` than its own.
fn blocks_of<'a>(
    pairs: &[(ElementRef<'a>, &Url)],
    links: &[ElementRef<'a>],
) -> Vec<ElementRef<'a>> {
    let mut below = HashMap::new();
    for (el, url) in pairs {
        for a in std::iter::once(*el).chain(el.ancestors().filter_map(ElementRef::wrap)) {
            below
                .entry(a.id())
                .or_insert_with(HashSet::new)
                .insert(*url);
        }
    }
    links
        .iter()
        .map(|link| {
            let mut block = *link;
            while let Some(parent) = block.parent().and_then(ElementRef::wrap) {
                let name = parent.value().name();
                if matches!(name, "body" | "html" | "main")
                    || below.get(&parent.id()).map_or(0, HashSet::len) > 1
                {
                    break;
                }
                block = parent;
            }
            block
        })
        .collect()
}

/// Split a group whose entries stand in different containers that are not one list:
/// containers of another kind (tag and classes) whose links lead elsewhere (another
/// section's directory). Month-wise lists (`<h3>Dezember</h3><ul>…</ul><h3>November…`)
/// and grid rows stay one list: same kind of container, or the same directories.
fn split_by_container(group: Vec<Candidate<'_>>) -> Vec<Vec<Candidate<'_>>> {
    if group.iter().all(|c| c.url == group[0].url) {
        return vec![group];
    }
    let pairs: Vec<(ElementRef<'_>, &Url)> = group.iter().map(|c| (c.el, &c.url)).collect();
    let links: Vec<ElementRef<'_>> = group.iter().map(|c| c.el).collect();
    let blocks = blocks_of(&pairs, &links);
    // Parts: one per container and kind of block. Blocks of another kind in the same
    // entries are another role (the speech beside the release, `p.zusatz` beside
    // `p.titel`) and never join; a highlighted entry of another kind rejoins its list
    // in merge.rs.
    type Part<'p> = (Option<ElementRef<'p>>, String, Vec<Candidate<'p>>);
    let roles = has_roles(&blocks);
    let mut parts: Vec<Part<'_>> = Vec::new();
    for (c, block) in group.iter().zip(blocks) {
        let container = block.parent().and_then(ElementRef::wrap);
        let kind = if roles {
            signature(Some(block))
        } else {
            String::new()
        };
        match parts
            .iter_mut()
            .find(|(k, sig, _)| k.map(|e| e.id()) == container.map(|e| e.id()) && *sig == kind)
        {
            Some((_, _, members)) => members.push(c.clone()),
            None => parts.push((container, kind, vec![c.clone()])),
        }
    }
    let mut lists: Vec<(Vec<Option<ElementRef<'_>>>, String, Vec<Candidate<'_>>)> = Vec::new();
    for (container, kind, members) in parts {
        let kin = lists.iter_mut().find(|(containers, sig, list)| {
            *sig == kind
                && (containers
                    .iter()
                    .any(|c| signature(*c) == signature(container))
                    || shares_directories(list, &members))
        });
        match kin {
            Some((containers, _, list)) => {
                containers.push(container);
                list.extend(members);
            }
            None => lists.push((vec![container], kind, members)),
        }
    }
    lists.into_iter().map(|(_, _, list)| list).collect()
}

/// Whether the blocks play roles within entries: at least two containers each hold
/// blocks of two kinds (`p.titel` and `p.zusatz` in every entry), unlike one list
/// holding a highlighted entry of another kind.
fn has_roles(blocks: &[ElementRef<'_>]) -> bool {
    let mut kinds: HashMap<_, HashSet<String>> = HashMap::new();
    for block in blocks {
        if let Some(container) = block.parent() {
            kinds
                .entry(container.id())
                .or_default()
                .insert(signature(Some(*block)));
        }
    }
    kinds.values().filter(|k| k.len() > 1).count() >= 2
}

/// Tag and class words of a container, without the words that differ between siblings
/// of one template (`first`, `odd`, `row-0`, `arc_3`).
fn signature(el: Option<ElementRef<'_>>) -> String {
    let Some(el) = el else {
        return String::new();
    };
    let class = el.value().attr("class").unwrap_or_default();
    let mut words: Vec<&str> = class
        .split_whitespace()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| {
            !matches!(
                *w,
                "first" | "last" | "odd" | "even" | "active" | "current" | "clearfix"
            )
        })
        .collect();
    words.sort_unstable();
    format!("{}.{}", el.value().name(), words.join("."))
}

/// A detail link's pattern: host, the path without its last segment, and the names of
/// its query parameters.
pub(super) fn pattern(url: &Url) -> String {
    let path = url.path().trim_end_matches('/');
    let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut keys: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
    keys.sort();
    keys.dedup();
    format!(
        "{}{dir}/?{}",
        url.host_str().unwrap_or_default(),
        keys.join("&")
    )
}

/// Whether at least half of `other`'s links share a pattern with a link of `list`.
fn shares_directories(list: &[Candidate<'_>], other: &[Candidate<'_>]) -> bool {
    let known: HashSet<String> = list.iter().map(|c| pattern(&c.url)).collect();
    let shared = other
        .iter()
        .filter(|c| known.contains(&pattern(&c.url)))
        .count();
    shared * 2 >= other.len()
}

/// Endings of files that are downloads beside an article (its PDF, a picture), never
/// the article page itself.
const FILE_ENDINGS: [&str; 12] = [
    ".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".zip", ".jpg", ".jpeg", ".png", ".mp3",
    ".mp4",
];

/// Whether a link leads to a download rather than a page.
fn is_file(url: &Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    FILE_ENDINGS.iter().any(|ending| path.ends_with(ending))
}

/// Whether a link stays on the page's site: the same host or another host of the same
/// domain (the Sachsen-Anhalt portal lists releases on `ms.sachsen-anhalt.de` and
/// `mb.sachsen-anhalt.de`). Links to other sites are partners, social media or sources,
/// not the site's articles.
fn same_site(url: &Url, page: &Url) -> bool {
    let domain = |u: &Url| {
        let host = u.host_str().unwrap_or_default().to_ascii_lowercase();
        let labels: Vec<&str> = host.rsplitn(3, '.').take(2).collect();
        labels.join(".")
    };
    domain(url) == domain(page)
}

/// `body>main>ul>li>h3>a`: the element names from the body down to the link.
fn element_path(el: ElementRef<'_>) -> String {
    let mut names: Vec<&str> = el
        .ancestors()
        .filter_map(ElementRef::wrap)
        .map(|a| a.value().name())
        .take_while(|name| *name != "html")
        .collect();
    names.reverse();
    names.push(el.value().name());
    // A table's columns are different fields (title, category), not one list.
    if let Some(cell) = el
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| matches!(a.value().name(), "td" | "th"))
    {
        let column = cell.prev_siblings().filter_map(ElementRef::wrap).count();
        return format!("{}#{column}", names.join(">"));
    }
    names.join(">")
}

/// How much text a link shows.
fn text_len(el: ElementRef<'_>) -> usize {
    el.text().map(|t| t.trim().chars().count()).sum()
}

/// The entries of one group, each with its block; one entry per URL, in page order.
pub(super) fn entries<'a>(
    group: &'a [Candidate<'a>],
    every: &'a [(ElementRef<'a>, Url)],
) -> Vec<Entry<'a>> {
    let distinct: HashSet<&Url> = group.iter().map(|c| &c.url).collect();
    // For each ancestor, the distinct URLs below it: of the group's links, or for a
    // list of one, of every link on the page.
    let pairs: Vec<(ElementRef<'a>, &Url)> = if distinct.len() > 1 {
        group.iter().map(|c| (c.el, &c.url)).collect()
    } else {
        every.iter().map(|(el, url)| (*el, url)).collect()
    };
    // One link per page: the one with the most text (the title, not the picture or
    // "weiterlesen"), in the place of the page's first link.
    let mut firsts: Vec<&Candidate<'a>> = Vec::new();
    for c in group {
        match firsts.iter_mut().find(|f| f.url == c.url) {
            Some(f) if text_len(c.el) > text_len(f.el) => *f = c,
            Some(_) => {}
            None => firsts.push(c),
        }
    }
    let links: Vec<ElementRef<'a>> = firsts.iter().map(|c| c.el).collect();
    let blocks = blocks_of(&pairs, &links);
    let mut out = Vec::new();
    for (c, block) in firsts.into_iter().zip(blocks) {
        out.push(Entry {
            link: c.el,
            url: c.url.clone(),
            block,
            extra: Vec::new(),
        });
    }
    out
}
