//! Selectors to pin what the automatic reader found (`presseradar discover`): from the
//! entries the reader chose, CSS rules for the item, its link, title and date, and the
//! pager's "next" link — built from stable class names and element names, never from
//! positions (`nth-child`) or generated ids. Each rule is checked here on every entry;
//! the caller checks the whole set by reading the page with it.

use chrono::{DateTime, Utc};
use scraper::{ElementRef, Html, Selector};
use url::Url;

mod content;
mod css;

pub use content::{auto_main_text, ends, pin_content_selector};

use css::{ancestors_at, first_fitting, relative_candidates, shared_simple};

use super::blocks::{self, Entry};
use super::item::{raw_item, text_of};
use super::{flat, pager};
use crate::extract::date::parse_german_date;
use crate::extract::scrape::links;
use crate::model::{DateSource, RawItem};

/// Rules derived from the automatic reading, as they would be written in sources.toml.
#[derive(Debug, Clone, PartialEq)]
pub struct PinnedRules {
    pub item: String,
    pub link: String,
    pub title: String,
    pub date: Option<String>,
    pub summary: Option<String>,
    pub next_page: Option<String>,
    /// The article pages' main text, when their pages were read (see [`content`]).
    pub content: Option<String>,
}

/// How many ancestor levels a selector may name, above or below the entry.
const MAX_LEVELS: usize = 4;

/// Class names that say a state or a position, not what an element is.
const STATE_WORDS: [&str; 10] = [
    "active", "current", "first", "last", "odd", "even", "selected", "open", "hidden", "clearfix",
];

/// Derive rules for the list the automatic reader takes from this page; the error says
/// in a sentence why none could be derived.
pub fn pin_list_selectors(
    html: &str,
    page_url: &Url,
    now: DateTime<Utc>,
) -> Result<PinnedRules, String> {
    let doc = Html::parse_document(html);
    let base = links::base_url(&doc, page_url);
    // The same groups and choice as the automatic reader (extract_list_auto).
    let (groups, every) = super::merge::candidate_groups(&doc, &base, page_url, now);
    let (index, _) = super::best_group(&groups, &every, now)
        .ok_or("no list of articles was found on the page")?;
    let mut entries = blocks::entries(&groups[index], &every);
    flat::attach_siblings(&mut entries, now);
    if entries.iter().any(|e| !e.extra.is_empty()) {
        return Err("the entries are runs of sibling elements (a flat list), which one `item` selector cannot hold".into());
    }
    let entries = lift_linked_blocks(entries);
    let pairs: Vec<(&Entry<'_>, RawItem)> = entries
        .iter()
        .filter_map(|e| raw_item(e, now).map(|i| (e, i)))
        .collect();
    let blocks: Vec<ElementRef<'_>> = pairs.iter().map(|(e, _)| e.block).collect();
    let item = item_selector(&doc, &blocks)?;
    let link = link_rule(&pairs, &base)?;
    let title = title_rule(&pairs)?;
    let date = date_rule(&pairs, now);
    let summary = summary_rule(&pairs);
    let next_page = next_rule(&doc, &base, page_url);
    Ok(PinnedRules {
        item,
        link,
        title,
        date,
        summary,
        next_page,
        content: None,
    })
}

/// The item selector: the entries' own shared classes, then with a distinguishing
/// ancestor in front; the first that selects exactly the entries, in order.
fn item_selector(doc: &Html, blocks: &[ElementRef<'_>]) -> Result<String, String> {
    let candidates = item_candidates(blocks)?;
    let wanted: Vec<_> = blocks.iter().map(|b| b.id()).collect();
    let selected = |css: &str| {
        Selector::parse(css).map_or(Vec::new(), |sel| {
            doc.root_element().select(&sel).collect::<Vec<_>>()
        })
    };
    // Exactly the entries; else the entries in order plus a few boxes of the same
    // template without a link of their own (a contact box, a newsletter teaser), which
    // the CSS path skips as entries without a link.
    if let Some(css) = candidates
        .iter()
        .find(|css| selected(css).iter().map(|e| e.id()).collect::<Vec<_>>() == wanted)
    {
        return Ok(css.clone());
    }
    candidates
        .iter()
        .find(|css| {
            let found = selected(css);
            let mut rest = wanted.iter().peekable();
            let extras = found
                .iter()
                .filter(|e| {
                    if rest.peek() == Some(&&e.id()) {
                        rest.next();
                        false
                    } else {
                        true
                    }
                })
                .count();
            rest.peek().is_none() && extras <= wanted.len() / 2 + 1
        })
        .cloned()
        .ok_or_else(|| "no selector made of class and element names picks the entries".into())
}

/// Item selectors to try, most specific to the entries first: their shared classes,
/// then with a distinguishing ancestor in front.
fn item_candidates(blocks: &[ElementRef<'_>]) -> Result<Vec<String>, String> {
    let own = [true, false]
        .iter()
        .filter_map(|c| shared_simple(blocks, *c))
        .collect::<Vec<_>>();
    if own.is_empty() {
        return Err("the entries are different elements".into());
    }
    let mut out = own.clone();
    let mut chain: Vec<String> = Vec::new();
    for level in 1..=MAX_LEVELS {
        let Some(above) = ancestors_at(blocks, level) else {
            break;
        };
        if above
            .iter()
            .any(|a| matches!(a.value().name(), "html" | "body"))
        {
            break;
        }
        let Some(named) = shared_simple(&above, true) else {
            break;
        };
        for css in &own {
            // `div.list li`, and with the levels between: `div.list > ul > li`.
            out.push(format!("{named} {css}"));
            let path = [&chain[..], std::slice::from_ref(css)].concat();
            out.push(format!("{named} > {}", path.join(" > ")));
        }
        chain.insert(0, shared_simple(&above, false).unwrap_or_default());
    }
    out.dedup();
    Ok(out)
}

/// Entries that are each one link (a card `<a class="teaser">` holding heading and date)
/// are named by their parents when each parent holds that link alone: a `link` selector
/// looks inside the item, not at the item itself.
fn lift_linked_blocks(entries: Vec<Entry<'_>>) -> Vec<Entry<'_>> {
    let parents: Option<Vec<ElementRef<'_>>> = entries
        .iter()
        .map(|e| {
            let parent = e.block.parent().and_then(ElementRef::wrap)?;
            let alone = e.link.id() == e.block.id()
                && parent.children().filter_map(ElementRef::wrap).count() == 1
                && !matches!(parent.value().name(), "body" | "main" | "html");
            alone.then_some(parent)
        })
        .collect();
    let Some(parents) = parents else {
        return entries;
    };
    entries
        .into_iter()
        .zip(parents)
        .map(|(e, parent)| Entry { block: parent, ..e })
        .collect()
}

fn link_rule(pairs: &[(&Entry<'_>, RawItem)], base: &Url) -> Result<String, String> {
    let (first, _) = pairs.first().ok_or("the list is empty")?;
    if first.link.id() == first.block.id() {
        return Err(
            "each entry is the link itself, which a `link` selector inside the item cannot name"
                .into(),
        );
    }
    let attr = (first.link.value().name() != "a").then_some("href");
    first_fitting(relative_candidates(first.block, first.link), attr, |sel| {
        pairs.iter().all(|(e, _)| {
            let href = match &sel.attr {
                Some(_) => sel.first_value(e.block),
                None => e
                    .block
                    .select(&sel.css)
                    .find_map(|m| m.value().attr("href").map(str::to_string)),
            };
            href.and_then(|h| links::resolve(base, &h)).as_ref() == Some(&e.url)
        })
    })
    .ok_or_else(|| "no selector finds each entry's link".to_string())
}

/// Titles compared without regard to spacing: the CSS path joins an element's text
/// nodes without spaces, the automatic reader with them.
fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().collect::<String>() == b.split_whitespace().collect::<String>()
}

fn title_rule(pairs: &[(&Entry<'_>, RawItem)]) -> Result<String, String> {
    let (first, item) = pairs.first().ok_or("the list is empty")?;
    let target = first
        .block
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|el| el.id() != first.block.id() && same_text(&text_of(*el), &item.title))
        .last()
        .ok_or("the title is not the text of one element")?;
    first_fitting(relative_candidates(first.block, target), None, |sel| {
        pairs.iter().all(|(e, i)| {
            sel.first_value(e.block)
                .is_some_and(|t| same_text(&t, &i.title))
        })
    })
    .ok_or_else(|| "no selector finds each entry's title".to_string())
}

/// A summary rule when the automatic reader found summaries: the element holding the
/// first one, named so that it finds each entry's summary (or none where it found none).
fn summary_rule(pairs: &[(&Entry<'_>, RawItem)]) -> Option<String> {
    let text = |html: &str| content::squeezed(&crate::sanitize::html_to_text(html));
    let (first, item) = pairs.iter().find(|(_, i)| !i.summary.is_empty())?;
    let wanted = text(&item.summary);
    let target = first
        .block
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|el| el.id() != first.block.id())
        .find(|el| text(&el.inner_html()) == wanted)?;
    first_fitting(relative_candidates(first.block, target), None, |sel| {
        pairs.iter().all(|(e, i)| {
            let found = e
                .block
                .select(&sel.css)
                .next()
                .map(|m| text(&m.inner_html()))
                .unwrap_or_default();
            found == text(&i.summary)
        })
    })
}

/// A date rule when every entry is dated by a `<time>` or by one element's text; `None`
/// leaves the date to the item's text, as the automatic reader reads it.
fn date_rule(pairs: &[(&Entry<'_>, RawItem)], now: DateTime<Utc>) -> Option<String> {
    let (first, item) = pairs.iter().find(|(_, i)| i.published.is_some())?;
    let at = item.published?;
    if pairs.iter().any(|(_, i)| {
        !matches!(
            i.date_source,
            DateSource::TimeElement | DateSource::Text | DateSource::Undated
        )
    }) {
        return None;
    }
    let dated = |el: &ElementRef<'_>| {
        parse_german_date(&text_of(*el), now) == Some(at)
            || el
                .value()
                .attr("datetime")
                .and_then(|v| parse_german_date(v, now))
                == Some(at)
    };
    let target = first
        .block
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|el| el.id() != first.block.id())
        .find(dated)?;
    let attr = target.value().attr("datetime").map(|_| "datetime");
    first_fitting(relative_candidates(first.block, target), attr, |sel| {
        pairs.iter().all(|(e, i)| {
            let value = match &sel.attr {
                Some(_) => sel.first_value(e.block),
                None => e
                    .block
                    .select(&sel.css)
                    .map(text_of)
                    .find(|t| !t.is_empty()),
            };
            value.and_then(|v| parse_german_date(&v, now)) == i.published
        })
    })
}

/// A rule for the pager's "next" link, when the page has one the automatic reader
/// follows.
fn next_rule(doc: &Html, base: &Url, page_url: &Url) -> Option<String> {
    let next = pager::next_page(doc, base, page_url)?;
    let link = doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|el| pager::is_next_link(*el))
        .find(|el| {
            el.value()
                .attr("href")
                .and_then(|h| links::resolve(base, h))
                .as_ref()
                == Some(&next)
        })?;
    let mut candidates = Vec::new();
    if link
        .value()
        .attr("rel")
        .is_some_and(|r| r.split_whitespace().any(|w| w.eq_ignore_ascii_case("next")))
    {
        candidates.push(format!("{}[rel~=next]", link.value().name()));
    }
    candidates.extend(relative_candidates(doc.root_element(), link));
    first_fitting(candidates, Some("href"), |sel| {
        sel.first_value(doc.root_element())
            .and_then(|h| links::resolve(base, &h))
            .as_ref()
            == Some(&next)
    })
}
