//! Pager links: the "next page" a listing offers, and the page-number links that must
//! never be taken for articles.

use scraper::{ElementRef, Html};
use url::Url;

use super::chrome::class_and_id;
use crate::extract::scrape::links;
use crate::sanitize::collapse_whitespace;

/// Link texts that mean "the next page".
const NEXT_TEXTS: [&str; 12] = [
    "weiter",
    "weiter ›",
    "weiter »",
    "nächste",
    "nächste seite",
    "nächste ›",
    "nächste »",
    "›",
    "»",
    ">",
    "next",
    "vor",
];

/// Link texts that mean "the previous or first page".
const BACK_TEXTS: [&str; 10] = [
    "‹",
    "«",
    "<",
    "zurück",
    "vorherige",
    "vorherige seite",
    "erste seite",
    "letzte seite",
    "first",
    "last",
];

/// The text a link shows, collapsed and lowercased.
fn shown_text(el: ElementRef<'_>) -> String {
    collapse_whitespace(&el.text().collect::<Vec<_>>().join(" ")).to_lowercase()
}

/// Words after "nächste" that make a link the next page ("Nächste 20 Einträge »").
const NEXT_NOUNS: [&str; 7] = [
    "seite",
    "einträge",
    "meldungen",
    "beiträge",
    "treffer",
    "ergebnisse",
    "nachrichten",
];

/// Whole link texts, arrows left off, that load the next part of a list.
const MORE_LIST_TEXTS: [&str; 6] = [
    "mehr laden",
    "mehr anzeigen",
    "weitere laden",
    "weitere anzeigen",
    "weitere meldungen laden",
    "vorwärts",
];

/// Whether a link's text reads as "the next page" in the looser ways lists word it:
/// "Nächste 20 Einträge »", "Mehr laden", "Ältere Meldungen anzeigen".
fn reads_as_next(el: ElementRef<'_>) -> bool {
    let text = shown_text(el);
    let bare = text
        .trim_matches(|c: char| c.is_whitespace() || "»›>→".contains(c))
        .to_string();
    let words: Vec<&str> = bare.split_whitespace().collect();
    match words.first() {
        Some(&"nächste") => words.len() <= 4 && words[1..].iter().any(|w| NEXT_NOUNS.contains(w)),
        Some(&"ältere") => (2..=3).contains(&words.len()),
        _ => MORE_LIST_TEXTS.contains(&bare.as_str()),
    }
}

/// Whether a link points to the next listing page: `rel=next`, a "weiter"/"nächste"/"›"
/// text or title, or a `next`/`forward` class on it or its list entry.
pub(super) fn is_next_link(el: ElementRef<'_>) -> bool {
    is_strict_next(el) || reads_as_next(el)
}

/// [`is_next_link`] without the looser texts of [`reads_as_next`].
fn is_strict_next(el: ElementRef<'_>) -> bool {
    let rel = el.value().attr("rel").unwrap_or_default().to_lowercase();
    if rel.split_whitespace().any(|r| r == "next") {
        return true;
    }
    let text = shown_text(el);
    if NEXT_TEXTS.contains(&text.as_str()) {
        return true;
    }
    let title = el.value().attr("title").unwrap_or_default().to_lowercase();
    if title.contains("nächste seite") || title.contains("zur nächsten seite") {
        return true;
    }
    let slot = el
        .value()
        .attr("data-slot")
        .unwrap_or_default()
        .to_lowercase();
    let parent_words = el
        .parent()
        .and_then(ElementRef::wrap)
        .filter(|p| p.value().name() == "li")
        .map(class_and_id)
        .unwrap_or_default();
    let words = format!("{} {} {}", class_and_id(el), slot, parent_words);
    // Whole parts of class names only: `pager__item--next`, `next page-numbers`, not
    // `context-menu`.
    words
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|part| part == "next" || part == "forward")
}

/// Whether a link belongs to a pager: next, previous, or a bare page number.
pub(super) fn is_pager_link(el: ElementRef<'_>) -> bool {
    let text = shown_text(el);
    is_next_link(el)
        || BACK_TEXTS.contains(&text.as_str())
        || (!text.is_empty() && text.chars().all(|c| c.is_ascii_digit()))
        || el
            .value()
            .attr("rel")
            .is_some_and(|r| r.to_lowercase().contains("prev"))
}

/// The next listing page, if the page has a pager link to a page other than this one.
/// A link marked as the next page (`rel=next`, classes, "weiter") wins over one that
/// only reads like it ("Mehr laden").
pub(super) fn next_page(doc: &Html, base: &Url, page_url: &Url) -> Option<Url> {
    let this = links::without_session_id(page_url.clone());
    let find = |test: fn(ElementRef<'_>) -> bool| {
        doc.root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|el| test(*el))
            .filter_map(|el| el.value().attr("href"))
            .filter_map(|href| links::resolve(base, href))
            .find(|next| *next != this)
    };
    find(is_strict_next).or_else(|| find(reads_as_next))
}
