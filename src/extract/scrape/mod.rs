//! Scraping HTML press-release listings with the CSS rules of a source (DESIGN.md §4).
//!
//! Pure functions: the pipeline fetches, these read. [`extract_list`] turns a listing page
//! into items and the next page's URL; [`extract_article`] completes an item from its
//! article page when the source has `follow = true`.

mod ads;
mod article;
pub(crate) mod links;

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use scraper::{ElementRef, Html};
use url::Url;

use crate::config::ScrapeRules;
use crate::extract::ExtractError;
use crate::extract::date::{find_date_in_text, parse_german_date};
use crate::extract::selector::FieldSelector;
use crate::model::{DateSource, RawItem};
use crate::sanitize::{clean_html, collapse_whitespace, escape_html, html_to_text};

pub use ads::{is_ad_marker, strip_ad_markers};
pub(crate) use article::article_date;
pub use article::{article_date_wins, extract_article};

/// What one listing page yields.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    pub items: Vec<RawItem>,
    /// The next listing page, when the `next_page` rule found one that is not this page.
    pub next_page: Option<Url>,
}

/// Why an `item` match did not become a RawItem; counted to name the failing rule.
#[derive(Default)]
struct Skipped {
    without_link: usize,
    without_title: usize,
}

/// Extract the items of one listing page.
///
/// Errors only when the page no longer looks like the rules expect: `item` matches
/// nothing, or no match has a usable link (or title) — the `NoMatch` error names that
/// rule, which is what an editor needs to repair the source.
pub fn extract_list(
    html: &str,
    page_url: &Url,
    rules: &ScrapeRules,
    now: DateTime<Utc>,
) -> Result<ListPage, ExtractError> {
    let doc = Html::parse_document(html);
    let base = links::base_url(&doc, page_url);
    let no_match = |key: &'static str, selector: &FieldSelector| ExtractError::NoMatch {
        key,
        selector: selector.raw.clone(),
        url: page_url.to_string(),
    };
    let mut matched = 0;
    let mut skipped = Skipped::default();
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    for el in doc.root_element().select(&rules.item.css) {
        matched += 1;
        let Some(item) = list_item(el, &base, rules, now, &mut skipped) else {
            continue;
        };
        if seen.insert(item.url.clone()) {
            items.push(item);
        }
    }
    if matched == 0 {
        return Err(no_match("item", &rules.item));
    }
    if items.is_empty() {
        return Err(if skipped.without_link == matched {
            no_match("link", &rules.link)
        } else {
            no_match("title", &rules.title)
        });
    }
    let next_page = rules
        .next_page
        .as_ref()
        .and_then(|sel| sel.first_value(doc.root_element()))
        .and_then(|href| links::resolve(&base, &href))
        .filter(|next| *next != links::without_session_id(page_url.clone()));
    Ok(ListPage { items, next_page })
}

fn list_item(
    el: ElementRef<'_>,
    base: &Url,
    rules: &ScrapeRules,
    now: DateTime<Utc>,
    skipped: &mut Skipped,
) -> Option<RawItem> {
    let Some(url) = link_of(el, &rules.link).and_then(|href| links::resolve(base, &href)) else {
        skipped.without_link += 1;
        return None;
    };
    let title = rules
        .title
        .first_value(el)
        .map(|t| collapse_whitespace(&t))
        .filter(|t| !t.is_empty());
    let Some(title) = title else {
        skipped.without_title += 1;
        return None;
    };
    let summary = rules
        .summary
        .as_ref()
        .and_then(|sel| el.select(&sel.css).next().map(|m| field_html(sel, m)))
        .unwrap_or_default();
    let listed = rules
        .date
        .as_ref()
        .and_then(|sel| date_value(sel, el))
        .and_then(|text| parse_german_date(&text, now))
        .map(|at| (at, DateSource::ListSelector));
    let (published, date_source) = match listed.or_else(|| {
        let text = strip_ad_markers(&collapse_whitespace(
            &el.text().collect::<Vec<_>>().join(" "),
        ));
        find_date_in_text(&text, now).map(|at| (at, DateSource::Text))
    }) {
        Some((at, source)) => (Some(at), source),
        None => (None, DateSource::Undated),
    };
    Some(RawItem {
        guid: None,
        url: url.to_string(),
        title,
        summary,
        content: String::new(),
        published,
        updated: None,
        date_source,
    })
}

/// The link rule's value; a rule without `@attr` means "the href of what it matches"
/// (the element itself, or the first link inside it).
fn link_of(el: ElementRef<'_>, rule: &FieldSelector) -> Option<String> {
    if rule.attr.is_some() {
        return rule.first_value(el);
    }
    el.select(&rule.css).find_map(|m| {
        m.value().attr("href").map(str::to_string).or_else(|| {
            m.descendants()
                .filter_map(ElementRef::wrap)
                .find_map(|a| a.value().attr("href").map(str::to_string))
        })
    })
}

/// A date rule's value. Text is joined with spaces between text nodes, because date
/// cells separate parts with `<br>` ("07.12.2025<br/>183/2025" on the Sachsen-Anhalt
/// portal), and run together they stop being a date.
fn date_value(rule: &FieldSelector, scope: ElementRef<'_>) -> Option<String> {
    if rule.attr.is_some() {
        return rule.first_value(scope);
    }
    scope.select(&rule.css).find_map(|el| {
        let text = collapse_whitespace(&el.text().collect::<Vec<_>>().join(" "));
        (!text.is_empty()).then_some(text)
    })
}

/// A summary or content field as stored: sanitized HTML without ad markers for an element,
/// escaped text for an attribute value. Empty when nothing readable is left.
fn field_html(rule: &FieldSelector, el: ElementRef<'_>) -> String {
    let html = match &rule.attr {
        Some(_) => rule
            .value_of(el)
            .map(|v| escape_html(&v))
            .unwrap_or_default(),
        None => clean_html(&strip_ad_markers(&el.inner_html()))
            .trim()
            .to_string(),
    };
    if html_to_text(&html).is_empty() {
        String::new()
    } else {
        html
    }
}

#[cfg(test)]
mod tests;
