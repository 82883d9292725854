//! One story as the queue and the search list show it: headline, two-line teaser, the
//! source by name, the date, states and topics by their German names, the other outlets
//! of the story by name, the link to the original and the reasons in German.

use super::{berlin_published, reasons, status_label, web_href};
use crate::config::Config;
use crate::model::ItemView;
use crate::vocab;

/// Longest teaser kept for a row; the page shows two lines of it.
const TEASER_CHARS: usize = 320;

/// Another outlet's copy of the same story.
#[derive(Debug, Clone)]
pub struct MemberLink {
    pub source: String,
    pub url: String,
    pub href: String,
}

/// One row of the queue and of search results.
#[derive(Debug, Clone)]
pub struct ItemRow {
    pub id: i64,
    pub title: String,
    pub teaser: String,
    pub source: String,
    pub published: String,
    /// The original's address when it is a web address (never a `javascript:` link).
    pub href: String,
    pub status: String,
    pub status_label: &'static str,
    pub pinned: bool,
    pub relevant: bool,
    pub states: String,
    pub topics: String,
    pub reasons: Vec<String>,
    pub also: Vec<MemberLink>,
}

/// A source's name from the configuration; its id when it is no longer configured.
pub fn source_name(config: &Config, id: &str) -> String {
    config
        .sources
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| id.to_string(), |s| s.name.clone())
}

/// The other outlets of an item's story, by name.
pub fn member_links(item: &ItemView, config: &Config) -> Vec<MemberLink> {
    item.also_reported_by
        .iter()
        .map(|a| MemberLink {
            source: source_name(config, &a.source),
            url: a.url.clone(),
            href: web_href(&a.url),
        })
        .collect()
}

fn teaser(item: &ItemView) -> String {
    let text = crate::sanitize::html_to_text(&item.summary);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= TEASER_CHARS {
        return text;
    }
    let cut: String = text.chars().take(TEASER_CHARS).collect();
    format!("{}…", cut.trim_end())
}

impl ItemRow {
    pub fn new(item: &ItemView, config: &Config) -> ItemRow {
        ItemRow {
            id: item.id,
            title: item.title.clone(),
            teaser: teaser(item),
            source: source_name(config, &item.source),
            published: berlin_published(&item.published),
            href: web_href(&item.url),
            status: item.status.to_string(),
            status_label: status_label(item.status),
            pinned: item.pinned,
            relevant: item.relevant,
            states: item
                .states
                .iter()
                .map(|s| s.name())
                .collect::<Vec<_>>()
                .join(", "),
            topics: item
                .topics
                .iter()
                .map(|t| vocab::topic_name(t))
                .collect::<Vec<_>>()
                .join(", "),
            reasons: item.reasons.iter().map(|r| reasons::german(r)).collect(),
            also: member_links(item, config),
        }
    }
}
