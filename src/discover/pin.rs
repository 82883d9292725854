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
use crate::sanitize::html_to_text;

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
    let mut pinned = pinned;
    for (pinned_item, auto_item) in read.items.iter().zip(auto_items) {
        match differs(pinned_item, auto_item) {
            // A summary rule that does not fit is left out; the summary is not what
            // makes an item.
            Some("summary") => pinned.summary = None,
            Some(what) => {
                return Err(format!(
                    "the derived selectors read another {what} for {}",
                    auto_item.url
                ));
            }
            None => {}
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
    } else if words(&html_to_text(&pinned.summary)) != words(&html_to_text(&auto.summary)) {
        Some("summary")
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
        summary: opt(&p.summary)?,
        next_page: opt(&p.next_page)?,
        max_pages: 1,
        follow: true,
        content: p.content.as_deref().map(parse).transpose()?,
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
    if let Some(summary) = &p.summary {
        out.push_str(&line("summary", summary));
    }
    if let Some(next) = &p.next_page {
        out.push_str(&line("next_page", next));
        out.push_str("# max_pages = 3   # listing pages read per poll\n");
    }
    out.push_str("follow = true\n");
    if let Some(content) = &p.content {
        out.push_str(&line("content", content));
    }
    out
}

/// Article pages read to pin a `content` selector: two, so the selector is known to fit
/// more than the one page it was derived from.
const CONTENT_PROBES: usize = 2;

/// Pin a `content` selector from the first articles of the list: derived on the first,
/// kept when on every probed page it reads the automatic main text and little more.
/// Returns why not, for a comment, when there is none.
pub async fn pin_content(
    fetcher: &crate::fetch::Fetcher,
    page: &Url,
    items: &[RawItem],
    pinned: &mut PinnedRules,
) -> Option<String> {
    let template = items.first()?;
    let mut pages = Vec::new();
    for item in items.iter().take(CONTENT_PROBES) {
        let Ok(url) = Url::parse(&item.url) else {
            continue;
        };
        if url.host_str() != page.host_str() {
            continue;
        }
        if let Ok(fetched) = super::fetch(fetcher, &url).await {
            pages.push((fetched.final_url, fetched.text));
        }
    }
    match pin_content_on(&pages, pinned, template) {
        Ok(content) => {
            pinned.content = Some(content);
            None
        }
        Err(why) => Some(why),
    }
}

/// The `content` selector for these article pages (address, HTML): derived on the first,
/// and on every page reading the automatic main text and little more; else why not.
pub fn pin_content_on(
    pages: &[(Url, String)],
    pinned: &PinnedRules,
    template: &RawItem,
) -> Result<String, String> {
    let now = chrono::Utc::now();
    let (_, first) = pages.first().ok_or("no article page could be read")?;
    let content = crate::extract::auto::pin_content_selector(first, now)
        .ok_or("no element holds the article's main text alone")?;
    let mut rules = scrape_rules(pinned)?;
    rules.content = Some(FieldSelector::parse(&content)?);
    for (url, html) in pages {
        let auto = crate::extract::auto::auto_main_text(html, now);
        let mut probe = RawItem {
            content: String::new(),
            ..template.clone()
        };
        crate::extract::scrape::extract_article(html, url, &rules, &mut probe, now);
        let got: String = crate::sanitize::html_to_text(&probe.content)
            .split_whitespace()
            .collect();
        let (head, tail) = crate::extract::auto::ends(&auto);
        let fits = !auto.is_empty()
            && got.contains(&head)
            && got.contains(&tail)
            && got.chars().count() <= auto.chars().count() * 3 / 2 + 200;
        if !fits {
            return Err(format!(
                "the article text's selector {content:?} does not fit {url}"
            ));
        }
    }
    Ok(content)
}
