//! Lists delivered as JSON, as search endpoints answer (`{"teaser": [HTML…], "disable": …}`):
//! the HTML fragments at a JSON pointer are read with the source's CSS rules, and the next
//! page is the same URL with its page parameter raised until the answer says it is the last.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use scraper::Html;
use serde_json::Value;
use url::Url;

use crate::config::{JsonList, ScrapeRules};
use crate::extract::ExtractError;
use crate::extract::scrape::{ListPage, extract_list};
use crate::model::RawItem;
use crate::sanitize::collapse_whitespace;

/// Items of one JSON answer and the URL of the next page, if there is one.
///
/// An answer without fragments is an empty last page, not an error; an answer that is
/// not JSON, or whose `items` pointer leads nowhere, is the markup-changed case.
pub fn extract_json_list(
    text: &str,
    page_url: &Url,
    rules: &ScrapeRules,
    json: &JsonList,
    now: DateTime<Utc>,
) -> Result<ListPage, ExtractError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| ExtractError::Page(format!("{page_url}: not a JSON list ({e})")))?;
    let Some(entries) = value.pointer(&json.items).and_then(Value::as_array) else {
        return Err(ExtractError::NoMatch {
            key: "json.items",
            selector: json.items.clone(),
            url: page_url.to_string(),
        });
    };
    let fragments: Vec<&str> = entries.iter().filter_map(Value::as_str).collect();
    if fragments.is_empty() {
        return Ok(ListPage {
            items: Vec::new(),
            next_page: None,
        });
    }
    let html = format!(
        "<!DOCTYPE html><html><body>{}</body></html>",
        fragments.join("\n")
    );
    let mut page = extract_list(&html, page_url, rules, now)?;
    drop_leading_dates(&html, rules, &mut page.items);
    let last = json
        .last
        .as_ref()
        .and_then(|pointer| value.pointer(pointer))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    page.next_page = if last {
        None
    } else {
        json.page_param
            .as_deref()
            .map(|param| next_page_url(page_url, param))
    };
    Ok(page)
}

/// Teasers of such endpoints often hold the date inside the title's element ("08.12.2025,
/// 10:30 Uhr Sachsen startet …"); the date rule's text is taken off the title's start.
fn drop_leading_dates(html: &str, rules: &ScrapeRules, items: &mut [RawItem]) {
    let Some(date) = &rules.date else {
        return;
    };
    let doc = Html::parse_document(html);
    let dates: HashSet<String> = doc
        .root_element()
        .select(&date.css)
        .map(|el| collapse_whitespace(&el.text().collect::<Vec<_>>().join(" ")))
        .filter(|text| !text.is_empty())
        .collect();
    for item in items {
        let rest = dates
            .iter()
            .find_map(|d| item.title.strip_prefix(d.as_str()))
            .map(|rest| {
                rest.trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '|' | '–' | '-' | ':' | ',' | '·')
                })
            });
        if let Some(rest) = rest.filter(|r| !r.is_empty()) {
            item.title = rest.to_string();
        }
    }
}

/// The page URL with `param` one higher; a URL without it is page 1, as on the sites seen.
fn next_page_url(page_url: &Url, param: &str) -> Url {
    let pairs: Vec<(String, String)> = page_url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let current = pairs
        .iter()
        .find(|(k, _)| k == param)
        .and_then(|(_, v)| v.trim().parse::<u64>().ok())
        .unwrap_or(1);
    let mut next = page_url.clone();
    {
        let mut query = next.query_pairs_mut();
        query.clear();
        for (k, v) in pairs.iter().filter(|(k, _)| k != param) {
            query.append_pair(k, v);
        }
        query.append_pair(param, &current.saturating_add(1).to_string());
    }
    next
}

#[cfg(test)]
mod tests;
