//! sources.toml as written: serde structs that reject unknown keys and keep spans,
//! so that validation can name the line of a bad value.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    #[serde(default)]
    pub settings: RawSettings,
    #[serde(default)]
    pub source: Vec<Spanned<RawSource>>,
    #[serde(default)]
    pub feed: Vec<Spanned<RawFeed>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    pub contact: Option<Spanned<String>>,
    pub timezone: Option<Spanned<String>>,
    pub schedule: Option<Spanned<String>>,
    pub base_url: Option<Spanned<String>>,
    pub retention_days: Option<Spanned<i64>>,
    pub topics_file: Option<Spanned<String>>,
    pub max_body_bytes: Option<Spanned<i64>>,
    pub host_interval_secs: Option<Spanned<f64>>,
    pub max_concurrency: Option<Spanned<i64>>,
    pub connect_timeout_secs: Option<Spanned<f64>>,
    pub request_timeout_secs: Option<Spanned<f64>>,
    pub feed_max_age_secs: Option<Spanned<i64>>,
    pub websub_hub: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    // Required, but optional here so that a missing one is reported beside the table's
    // other problems instead of in place of them.
    pub id: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    pub state: Option<Spanned<String>>,
    pub schedule: Option<Spanned<String>>,
    pub relevance: Option<Spanned<String>>,
    pub authority: Option<Spanned<String>>,
    pub enabled: Option<bool>,
    pub robots: Option<bool>,
    pub max_entries: Option<Spanned<i64>>,
    pub scrape: Option<Spanned<RawScrape>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScrape {
    // Required (see RawSource).
    pub item: Option<Spanned<String>>,
    pub link: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub summary: Option<Spanned<String>>,
    pub next_page: Option<Spanned<String>>,
    pub max_pages: Option<Spanned<i64>>,
    pub follow: Option<bool>,
    pub content: Option<Spanned<String>>,
    pub article_date: Option<Spanned<String>>,
    pub json: Option<Spanned<RawJsonList>>,
}

/// `[source.scrape.json]`: the list arrives as JSON holding HTML fragments.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJsonList {
    pub items: Spanned<String>,
    pub last: Option<Spanned<String>>,
    pub page_param: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFeed {
    // Required (see RawSource).
    pub id: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub description: Option<String>,
    #[serde(default)]
    pub states: Vec<Spanned<String>>,
    #[serde(default)]
    pub topics: Vec<Spanned<String>>,
    pub query: Option<String>,
    pub require_approval: Option<bool>,
    pub limit: Option<Spanned<i64>>,
}
