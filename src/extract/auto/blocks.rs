//! Finding the list on a listing page: links to detail pages grouped by where they stand
//! in the page, and for each link the block around it that holds that one article.
//!
//! Links are grouped by their element path (`main>section>article>h2>a`): the entries
//! of one list are rendered by one template, so their links share it, while navigation,
//! breadcrumbs, "more" links and teasers of other sections stand elsewhere. A link's
//! block is its highest ancestor that holds no other article of the group; a list of
//! one (the last page of a paged list) instead stops below the first ancestor holding
//! any other link, such as the pager.

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
        if url == this || !same_site(&url, &this) || is_pager_link(el) || in_chrome(el, Page::List)
        {
            continue;
        }
        let entry = groups
            .entry(element_path(el))
            .or_insert_with(|| (order, Vec::new()));
        entry.1.push(Candidate { el, url });
    }
    let mut ordered: Vec<(usize, Vec<Candidate<'a>>)> = groups.into_values().collect();
    ordered.sort_by_key(|(order, _)| *order);
    (ordered.into_iter().map(|(_, g)| g).collect(), every)
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
    names.join(">")
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
    let mut below = HashMap::new();
    for (el, url) in pairs {
        for a in std::iter::once(el).chain(el.ancestors().filter_map(ElementRef::wrap)) {
            below.entry(a.id()).or_insert_with(HashSet::new).insert(url);
        }
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for c in group {
        if !seen.insert(c.url.clone()) {
            continue;
        }
        let mut block = c.el;
        while let Some(parent) = block.parent().and_then(ElementRef::wrap) {
            let name = parent.value().name();
            if matches!(name, "body" | "html" | "main")
                || below.get(&parent.id()).map_or(0, HashSet::len) > 1
            {
                break;
            }
            block = parent;
        }
        out.push(Entry {
            link: c.el,
            url: c.url.clone(),
            block,
            extra: Vec::new(),
        });
    }
    out
}
