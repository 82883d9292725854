//! A `content` selector for article pages: the element that holds the text the
//! automatic reader takes as the article's main text, named by classes and element
//! names so that it finds the text on the site's other articles too.

use chrono::{DateTime, Utc};
use scraper::{ElementRef, Html};

use super::css::relative_candidates;
use crate::extract::auto::extract_article_auto;
use crate::extract::auto::item::text_of;
use crate::model::{DateSource, RawItem};
use crate::sanitize::html_to_text;

/// Text compared without regard to spacing.
pub(super) fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

/// The first and last 40 characters of a squeezed text.
pub fn ends(text: &str) -> (String, String) {
    let chars: Vec<char> = text.chars().collect();
    let head = chars.iter().take(40).collect();
    let tail = chars[chars.len().saturating_sub(40)..].iter().collect();
    (head, tail)
}

/// The article's main text as the automatic reader takes it, squeezed; empty if none.
pub fn auto_main_text(html: &str, now: DateTime<Utc>) -> String {
    let mut probe = RawItem {
        guid: None,
        url: String::new(),
        title: String::new(),
        summary: String::new(),
        content: String::new(),
        published: None,
        updated: None,
        date_source: DateSource::Undated,
    };
    extract_article_auto(html, &mut probe, now);
    squeezed(&html_to_text(&probe.content))
}

/// A selector whose first match on the page is the smallest element holding the whole
/// automatic main text; `None` when there is none.
pub fn pin_content_selector(html: &str, now: DateTime<Utc>) -> Option<String> {
    let main = auto_main_text(html, now);
    if main.is_empty() {
        return None;
    }
    // Its start and end are enough to recognise the element holding all of it (short,
    // since ad markers the reader dropped may stand in between).
    let (head, tail) = ends(&main);
    let doc = Html::parse_document(html);
    let holder = doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|el| !matches!(el.value().name(), "html" | "body"))
        .filter(|el| {
            let text = squeezed(&text_of(*el));
            text.contains(&head) && text.contains(&tail)
        })
        .last()?;
    // A wrapper around the same text (the text part of the article template) fits the
    // site's longer articles too: `div.body-text`, not its only paragraph.
    let own = squeezed(&text_of(holder)).chars().count();
    let holder = std::iter::once(holder)
        .chain(holder.ancestors().filter_map(ElementRef::wrap))
        .take_while(|el| !matches!(el.value().name(), "html" | "body"))
        .take_while(|el| squeezed(&text_of(*el)).chars().count() <= own + 10)
        .last()?;
    relative_candidates(doc.root_element(), holder)
        .into_iter()
        .find(|css| {
            scraper::Selector::parse(css)
                .ok()
                .and_then(|sel| doc.root_element().select(&sel).next())
                .is_some_and(|first| first.id() == holder.id())
        })
}
