//! One list entry's fields, read from its block without selectors: the title (the
//! block's heading, else the link's text), the date (`<time datetime>`, else a date in
//! the block's text) and the summary (the block's longest other text).

use std::sync::LazyLock;

use chrono::{DateTime, Duration, Utc};
use scraper::{ElementRef, Selector};

use super::blocks::Entry;
use crate::extract::date::{find_date_in_text, parse_german_date};
use crate::extract::scrape::{is_ad_marker, strip_ad_markers};
use crate::model::{DateSource, RawItem};
use crate::sanitize::{clean_html, collapse_whitespace, html_to_text};

static HEADING: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse(
        r#"h1, h2, h3, h4, h5, h6, [itemprop="headline"], [data-slot$="headline"], [class*="headline"]"#,
    )
    .expect("heading selector is valid")
});
static TIME: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("time").expect("time selector is valid"));
static TITLE_HINT: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse(r#"strong, b, [class*="title"], [class*="titel"]"#)
        .expect("title hint selector is valid")
});
static IMAGE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("img[alt]").expect("image selector is valid"));

/// Summaries shorter than this are labels ("WM", "Staatskanzlei"), not text.
const MIN_SUMMARY_CHARS: usize = 25;
/// A text this short that holds the date is the entry's date line, not its summary.
const DATE_LINE_CHARS: usize = 80;
/// A title inside a card link is at least this long ("Neue Azubis" is a label).
const MIN_TITLE_HINT_CHARS: usize = 12;
/// A link holding this much more text than its emphasised part is a whole card.
const CARD_EXTRA_CHARS: usize = 20;
/// A line this short may give its date in words relative to now ("vor 3 Std.").
const RELATIVE_LINE_CHARS: usize = 30;

/// Texts of "read more" links, which are no summary.
const MORE_TEXTS: [&str; 6] = [
    "weiterlesen",
    "mehr erfahren",
    "mehr",
    "zum artikel",
    "mehr lesen",
    "read more",
];

pub(super) fn text_of(el: ElementRef<'_>) -> String {
    collapse_whitespace(&el.text().collect::<Vec<_>>().join(" "))
}

/// Whether a link is a "read more" link.
fn is_more(link: ElementRef<'_>) -> bool {
    MORE_TEXTS.contains(&text_of(link).to_lowercase().as_str())
}

/// The entry as an item; `None` when it has no title.
pub(super) fn raw_item(entry: &Entry<'_>, now: DateTime<Utc>) -> Option<RawItem> {
    if is_advert(entry) {
        return None;
    }
    let heading = title_element(entry);
    let title = heading
        .map(|h| heading_title(h, entry.link, now))
        .filter(|t| !t.is_empty())
        .or_else(|| Some(link_title(entry.link)).filter(|t| !t.is_empty()))
        .or_else(|| entry.link.value().attr("title").map(collapse_whitespace))
        .or_else(|| image_alt(entry.link))
        .filter(|t| !t.is_empty() && !MORE_TEXTS.contains(&t.to_lowercase().as_str()))?;
    let dated = std::iter::once(entry.block)
        .chain(entry.extra.iter().copied())
        .find_map(|scope| block_date(scope, now));
    let (published, date_source) = match dated {
        Some((at, source)) => (Some(at), source),
        None => (None, DateSource::Undated),
    };
    let title_el = heading.unwrap_or(entry.link);
    Some(RawItem {
        guid: None,
        url: entry.url.to_string(),
        title,
        summary: summary(entry, title_el, now),
        content: String::new(),
        published,
        updated: None,
        date_source,
    })
}

/// A link's text, or — when the link is a whole card (label, date, title, teaser) —
/// the text of its emphasised or title-classed part.
fn link_title(link: ElementRef<'_>) -> String {
    let whole = text_of(link);
    link.select(&TITLE_HINT)
        .map(text_of)
        .find(|part| {
            part.chars().count() >= MIN_TITLE_HINT_CHARS
                && whole.chars().count() > part.chars().count() + CARD_EXTRA_CHARS
        })
        .unwrap_or(whole)
}

/// Entries dated ahead in a list of published ones are appointments ("Termine" below
/// the releases), not publications: they go. A list dated only ahead stays as it is.
pub(super) fn drop_appointments(items: &mut Vec<RawItem>, now: DateTime<Utc>) {
    let ahead = |item: &RawItem| {
        item.published
            .is_some_and(|at| at > now + Duration::days(1))
    };
    if items.iter().any(|i| i.published.is_some() && !ahead(i)) {
        items.retain(|i| !ahead(i));
    }
}

/// The `alt` text of the image that is a link's only content (tiles whose link wraps
/// the picture).
fn image_alt(link: ElementRef<'_>) -> Option<String> {
    link.select(&IMAGE)
        .find_map(|img| img.value().attr("alt"))
        .map(collapse_whitespace)
        .filter(|alt| !alt.is_empty())
}

/// A sponsored entry in the list: one of its texts is only an ad marker ("Anzeige").
fn is_advert(entry: &Entry<'_>) -> bool {
    entry
        .block
        .descendants()
        .filter_map(ElementRef::wrap)
        .any(|el| is_ad_marker(&text_of(el)))
}

/// The heading's text, or the link's when the heading adds only a date to it
/// (`<h3><a>Title</a> <span>(10.12.2025)</span></h3>`).
fn heading_title(heading: ElementRef<'_>, link: ElementRef<'_>, now: DateTime<Utc>) -> String {
    let text = text_of(heading);
    let linked = text_of(link);
    let inside = link.ancestors().any(|a| a.id() == heading.id());
    if inside && !linked.is_empty() && text != linked {
        let rest = text.replacen(&linked, "", 1);
        if rest.chars().count() < DATE_LINE_CHARS && find_date_in_text(&rest, now).is_some() {
            return linked;
        }
    }
    text
}

/// The heading that names the entry: one holding the link or held by it, else the
/// block's first heading without a link.
fn title_element<'a>(entry: &Entry<'a>) -> Option<ElementRef<'a>> {
    let headings: Vec<ElementRef<'a>> = entry
        .block
        .select(&HEADING)
        .filter(|h| !text_of(*h).is_empty())
        .collect();
    let around_link = headings.iter().find(|h| {
        entry.link.ancestors().any(|a| a.id() == h.id())
            || h.ancestors().any(|a| a.id() == entry.link.id())
    });
    // A heading apart from the link names the entry only if it links nowhere else
    // itself: otherwise it belongs to another link of the block (a category link's
    // block is the whole entry, whose heading names the article, not the category).
    // One linking to the same page names it (an image link before the titled heading).
    let own = entry.link.value().attr("href");
    around_link
        .or_else(|| {
            headings.iter().find(|h| {
                !h.descendants()
                    .filter_map(ElementRef::wrap)
                    .any(|d| d.value().attr("href").is_some_and(|href| Some(href) != own))
            })
        })
        .copied()
}

/// `<time datetime>` (or its text), else the first date in the block's text.
pub(super) fn block_date(
    block: ElementRef<'_>,
    now: DateTime<Utc>,
) -> Option<(DateTime<Utc>, DateSource)> {
    let timed = block.select(&TIME).find_map(|t| {
        t.value()
            .attr("datetime")
            .and_then(|v| parse_german_date(v, now))
            .or_else(|| parse_german_date(&text_of(t), now))
    });
    if let Some(at) = timed {
        return Some((at, DateSource::TimeElement));
    }
    if let Some(at) = date_line(block, now) {
        return Some((at, DateSource::Text));
    }
    let text = strip_ad_markers(&text_of(block));
    find_date_in_text(&text, now).map(|at| (at, DateSource::Text))
}

/// The date of the block's first date line: a short text of its own ("Veröffentlicht
/// am 28.11.2025", "vor 3 Std.", "09.12.2025 • 18:20 Uhr") outside the headings, which
/// names the entry's date better than a date in its teaser ("ab dem 1. Januar 2026").
fn date_line(block: ElementRef<'_>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    block
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|el| {
            el.children()
                .any(|c| c.value().as_text().is_some_and(|t| !t.trim().is_empty()))
        })
        .filter(|el| {
            !std::iter::once(*el)
                .chain(el.ancestors().filter_map(ElementRef::wrap))
                .take_while(|a| a.id() != block.id())
                .any(|a| HEADING.matches(&a))
                && !HEADING.matches(&block)
        })
        .map(|el| text_of(el).replace(['•', '·'], "|"))
        .filter(|text| text.chars().count() < DATE_LINE_CHARS)
        .find_map(|text| {
            find_date_in_text(&text, now).or_else(|| {
                (text.chars().count() <= RELATIVE_LINE_CHARS)
                    .then(|| parse_german_date(&text, now))
                    .flatten()
            })
        })
}

/// The longest text of the block (and its siblings in a flat list) apart from the title, the link and the date line, as
/// sanitized HTML; empty when nothing of summary length is left.
fn summary(entry: &Entry<'_>, title: ElementRef<'_>, now: DateTime<Utc>) -> String {
    let (block, link) = (entry.block, entry.link);
    let holds = |outer: ElementRef<'_>, inner: ElementRef<'_>| {
        outer.id() == inner.id() || inner.ancestors().any(|a| a.id() == outer.id())
    };
    let best = block
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|el| el.id() != block.id())
        .chain(
            entry
                .extra
                .iter()
                .flat_map(|e| e.descendants().filter_map(ElementRef::wrap)),
        )
        .filter(|el| !holds(*el, title) && !holds(title, *el))
        .filter(|el| !holds(*el, link) || is_more(link))
        .filter(|el| !el.select(&HEADING).any(|_| true) && !HEADING.matches(el))
        .map(|el| (text_of(el), el))
        .filter(|(text, _)| {
            text.chars().count() >= MIN_SUMMARY_CHARS
                && !(text.chars().count() < DATE_LINE_CHARS
                    && find_date_in_text(text, now).is_some())
        })
        .fold(None::<(usize, ElementRef<'_>)>, |best, (text, el)| {
            let len = text.chars().count();
            match best {
                Some((best_len, _)) if best_len >= len => best,
                _ => Some((len, el)),
            }
        });
    let Some((_, el)) = best else {
        return String::new();
    };
    let html = clean_html(&strip_ad_markers(&el.inner_html()))
        .trim()
        .to_string();
    if html_to_text(&html).is_empty() {
        String::new()
    } else {
        html
    }
}
