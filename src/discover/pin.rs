//! Pinning a list read without selectors: the rules derived from the automatic reading
//! ([`crate::extract::auto::pin_list_selectors`]) are kept only when reading the same
//! page with them — the CSS path a source with `[source.scrape]` takes — yields the same
//! items: the same links in the same order, the same titles and dates.

use chrono::{DateTime, Utc};
use url::Url;

use crate::config::ScrapeRules;
use crate::extract::auto::{PinnedRules, pin_list_selectors};
use crate::extract::scrape::extract_list;
use crate::extract::selector::FieldSelector;
use crate::model::RawItem;

/// Rules for the page's list that read exactly `auto_items`, or why there are none.
pub fn pin(
    html: &str,
    page_url: &Url,
    auto_items: &[RawItem],
    now: DateTime<Utc>,
) -> Result<PinnedRules, String> {
    let pinned = pin_list_selectors(html, page_url, now)?;
    let rules = scrape_rules(&pinned)?;
    let read = extract_list(html, page_url, &rules, now)
        .map_err(|e| format!("the derived selectors do not read the page: {e}"))?;
    if read.items.len() != auto_items.len() {
        return Err(format!(
            "the derived selectors read {} items where the automatic reading found {}",
            read.items.len(),
            auto_items.len()
        ));
    }
    for (pinned_item, auto_item) in read.items.iter().zip(auto_items) {
        if let Some(what) = differs(pinned_item, auto_item) {
            return Err(format!(
                "the derived selectors read another {what} for {}",
                auto_item.url
            ));
        }
    }
    let auto_next = crate::extract::auto::extract_list_auto(html, page_url, now)
        .ok()
        .and_then(|p| p.next_page);
    if read.next_page != auto_next {
        return Ok(PinnedRules {
            next_page: None,
            ..pinned
        });
    }
    Ok(pinned)
}

/// What differs between the item read with the rules and the one read automatically.
fn differs(pinned: &RawItem, auto: &RawItem) -> Option<&'static str> {
    let words = |t: &str| t.split_whitespace().collect::<String>();
    if pinned.url != auto.url {
        Some("link")
    } else if words(&pinned.title) != words(&auto.title) {
        Some("title")
    } else if pinned.published != auto.published {
        Some("date")
    } else {
        None
    }
}

/// The rules as the configuration would hold them.
fn scrape_rules(p: &PinnedRules) -> Result<ScrapeRules, String> {
    let parse = |rule: &str| FieldSelector::parse(rule);
    let opt = |rule: &Option<String>| rule.as_deref().map(parse).transpose();
    Ok(ScrapeRules {
        item: parse(&p.item)?,
        link: parse(&p.link)?,
        title: parse(&p.title)?,
        date: opt(&p.date)?,
        summary: None,
        next_page: opt(&p.next_page)?,
        max_pages: 1,
        follow: true,
        content: None,
        article_date: None,
        json: None,
    })
}

/// The `[source.scrape]` table for pinned rules.
pub fn scrape_table(p: &PinnedRules) -> String {
    let line = |key: &str, value: &str| format!("{key} = {}\n", super::toml_string(value));
    let mut out = String::from("[source.scrape]\n");
    out.push_str(&line("item", &p.item));
    out.push_str(&line("link", &p.link));
    out.push_str(&line("title", &p.title));
    if let Some(date) = &p.date {
        out.push_str(&line("date", date));
    }
    if let Some(next) = &p.next_page {
        out.push_str(&line("next_page", next));
        out.push_str("# max_pages = 3   # listing pages read per poll\n");
    }
    out.push_str("follow = true\n");
    out
}
