//! An article page read without selectors: its main text is the block that holds the
//! most paragraph text once the chrome is gone, its date comes from JSON-LD, meta tags,
//! `<time>` or the text, in that order.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use scraper::{ElementRef, Html, Selector};

use super::chrome::{Page, is_chrome};
use super::item::text_of;
use crate::extract::scrape::{article_date, article_date_wins, is_ad_marker, strip_ad_markers};
use crate::model::RawItem;
use crate::sanitize::{clean_html, html_to_text};

/// Where the text is looked for when no block stands out, most specific first.
static MAIN: LazyLock<[Selector; 4]> = LazyLock::new(|| {
    ["main", "article", "[role=main]", "body"]
        .map(|css| Selector::parse(css).expect("main selector is valid"))
});
static PARAGRAPH: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse("p, li, td, blockquote").expect("paragraph selector is valid")
});

/// Paragraphs shorter than this (captions, bylines, buttons) do not count for density.
const MIN_PARAGRAPH_CHARS: usize = 25;

/// The main text and the date of an article page, without selectors. Fills
/// `item.content` when a text block is found, and takes the article's date by the same
/// rule as the CSS path ([`article_date_wins`]). Never fails.
pub fn extract_article_auto(html: &str, item: &mut RawItem, now: DateTime<Utc>) {
    let mut doc = Html::parse_document(html);
    remove_chrome(&mut doc);
    let best = densest_block(&doc).or_else(|| {
        MAIN.iter()
            .find_map(|sel| doc.root_element().select(sel).next())
    });
    if let Some(block) = best {
        let html: String = with_kin(block).iter().map(|b| b.inner_html()).collect();
        let content = clean_html(&strip_ad_markers(&html)).trim().to_string();
        if !html_to_text(&content).is_empty() {
            item.content = content;
        }
    }
    let scope = MAIN
        .iter()
        .find_map(|sel| doc.root_element().select(sel).next());
    if let Some((date, source)) = article_date(&doc, scope, None, now)
        && article_date_wins(item, date)
    {
        item.published = Some(date.at);
        item.date_source = source;
    }
}

/// Detach navigation, banners, sidebars, share bars, cookie notices, script links and ad markers
/// from the page's body.
fn remove_chrome(doc: &mut Html) {
    let doomed: Vec<_> = doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|el| {
            el.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.value().name() == "body")
        })
        .filter(|el| {
            is_chrome(*el, Page::Article)
                || runs_script(*el)
                || is_ad_marker(&text_of(*el))
                || is_ad_box(*el)
        })
        .map(|el| el.id())
        .collect();
    for id in doomed {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }
}

/// Boxes shorter than this that open with an ad marker are ads as a whole.
const MAX_AD_BOX_CHARS: usize = 600;

/// A box headed by an ad marker ("Werbung" above the ad's copy): the marker alone
/// goes anyway, the copy with it.
fn is_ad_box(el: ElementRef<'_>) -> bool {
    el.children()
        .filter_map(ElementRef::wrap)
        .next()
        .is_some_and(|first| is_ad_marker(&text_of(first)))
        && text_of(el).chars().count() < MAX_AD_BOX_CHARS
}

/// A link that runs script or opens a mail form ("Drucken", "Weiterempfehlen") is a
/// tool of the page, not part of its text.
fn runs_script(el: ElementRef<'_>) -> bool {
    el.value().attr("href").is_some_and(|href| {
        let href = href.trim_start().to_ascii_lowercase();
        href.starts_with("javascript:") || href.starts_with("mailto:?")
    })
}

/// The text block with its siblings of the same kind (tag and classes) that hold
/// paragraph text: a text split around a figure or a quote box
/// (`div.text-block`, figure, `div.text-block`).
fn with_kin(block: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let kind = |el: ElementRef<'_>| {
        (
            el.value().name().to_string(),
            el.value().attr("class").map(str::to_string),
        )
    };
    let Some(parent) = block.parent().and_then(ElementRef::wrap) else {
        return vec![block];
    };
    if block
        .value()
        .attr("class")
        .is_none_or(|c| c.trim().is_empty())
    {
        return vec![block];
    }
    parent
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|sibling| {
            sibling.id() == block.id()
                || (kind(*sibling) == kind(block)
                    && sibling
                        .select(&PARAGRAPH)
                        .any(|p| text_of(p).chars().count() >= MIN_PARAGRAPH_CHARS))
        })
        .collect()
}

/// The element whose paragraphs hold the most text: each paragraph counts fully for
/// its parent and half for its grandparent; text standing directly in an element
/// (paragraphs split by `<br>`) counts for that element.
fn densest_block(doc: &Html) -> Option<ElementRef<'_>> {
    let mut score: HashMap<_, (usize, ElementRef<'_>)> = HashMap::new();
    for el in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let own: usize = el
            .children()
            .filter_map(|c| c.value().as_text())
            .map(|t| t.trim().chars().count())
            .filter(|len| *len >= MIN_PARAGRAPH_CHARS)
            .sum();
        let code = matches!(
            el.value().name(),
            "script" | "style" | "noscript" | "template" | "textarea" | "title" | "head"
        );
        if own > 0 && !code && !PARAGRAPH.matches(&el) {
            score.entry(el.id()).or_insert((0, el)).0 += own;
        }
    }
    for p in doc.root_element().select(&PARAGRAPH) {
        let len = text_of(p).chars().count();
        if len < MIN_PARAGRAPH_CHARS {
            continue;
        }
        let mut up = p.ancestors().filter_map(ElementRef::wrap);
        if let Some(parent) = up.next() {
            score.entry(parent.id()).or_insert((0, parent)).0 += len;
            if let Some(grand) = up.next() {
                score.entry(grand.id()).or_insert((0, grand)).0 += len / 2;
            }
        }
    }
    score
        .into_values()
        .filter(|(_, el)| !matches!(el.value().name(), "body" | "html"))
        .max_by_key(|(points, el)| (*points, std::cmp::Reverse(el.id())))
        .map(|(_, el)| el)
}
