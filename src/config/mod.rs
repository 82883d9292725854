//! Configuration: sources.toml is read into raw serde structs ([`raw`]) and validated
//! in one step into [`Config`], which holds parsed URLs, cron schedules and compiled
//! selectors. Every error names the file, the line and the key.

mod feed;
mod keys;
mod raw;
mod schedule;
mod scrape;
mod settings;
mod suggest;
mod validate;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono_tz::Tz;
use url::Url;

use crate::extract::selector::FieldSelector;
use crate::vocab::State;

/// The configuration file shipped with the project, used by tests and as documentation.
pub const SHIPPED_SOURCES: &str = include_str!("../../sources.toml");

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: cannot read: {reason}")]
    Read { file: String, reason: String },
    #[error("{file}:{line}: {key}: {message}")]
    Invalid {
        file: String,
        line: usize,
        key: String,
        message: String,
    },
    /// More than one problem, in file order, one per line.
    #[error("{}", lines(.0))]
    Several(Vec<ConfigError>),
}

fn lines(problems: &[ConfigError]) -> String {
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

impl ConfigError {
    /// Every single problem: one for most errors, all of them for [`ConfigError::Several`].
    pub fn problems(&self) -> Vec<&ConfigError> {
        match self {
            ConfigError::Several(all) => all.iter().collect(),
            one => vec![one],
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub settings: Settings,
    pub sources: Vec<Source>,
    pub feeds: Vec<FeedDef>,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub contact: String,
    pub timezone: Tz,
    pub schedule: Schedule,
    pub base_url: Url,
    pub retention_days: u32,
    pub topics_file: Option<PathBuf>,
    pub max_body_bytes: u64,
    pub host_interval: Duration,
    pub max_concurrency: usize,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub feed_max_age_secs: u32,
    pub websub_hub: Option<Url>,
}

/// A validated cron expression, kept with its text for messages.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub text: String,
    pub cron: cron::Schedule,
}

/// A sitemap source's newest entries read per poll, unless `max_entries` says otherwise.
pub const DEFAULT_SITEMAP_ENTRIES: usize = 20;
/// The most `max_entries` may ask for: each new entry is an article page fetched.
pub const MAX_SITEMAP_ENTRIES: i64 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Feed,
    Html,
    /// An XML sitemap (or sitemap index), best a Google News sitemap: its newest
    /// entries, each completed from its article page.
    Sitemap,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relevance {
    /// Keep only relevant items (the default).
    Filter,
    /// A topic-specific source: every item counts as relevant.
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Authority {
    Press,
    /// Ministries, initiatives, agencies: their item leads a duplicate cluster.
    Official,
}

impl Authority {
    pub fn as_str(self) -> &'static str {
        match self {
            Authority::Press => "press",
            Authority::Official => "official",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub name: String,
    pub kind: SourceKind,
    pub url: Url,
    pub state: Option<State>,
    pub schedule: Schedule,
    pub relevance: Relevance,
    pub authority: Authority,
    pub enabled: bool,
    /// Honour robots.txt (always for HTML pages and followed links; may be off for feeds).
    pub robots: bool,
    /// A sitemap source's newest entries read per poll.
    pub max_entries: usize,
    pub scrape: Option<ScrapeRules>,
}

/// Compiled scrape rules of an HTML source.
#[derive(Debug, Clone)]
pub struct ScrapeRules {
    pub item: FieldSelector,
    pub link: FieldSelector,
    pub title: FieldSelector,
    pub date: Option<FieldSelector>,
    pub summary: Option<FieldSelector>,
    pub next_page: Option<FieldSelector>,
    pub max_pages: u32,
    pub follow: bool,
    pub content: Option<FieldSelector>,
    pub article_date: Option<FieldSelector>,
    /// Set when the list page is JSON (`[source.scrape.json]`).
    pub json: Option<JsonList>,
}

/// A list delivered as JSON: `items` points (RFC 6901) at an array of HTML fragments that
/// the CSS rules read; paging raises the `page_param` query parameter until the boolean
/// at `last` is true or a page has no fragments.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonList {
    pub items: String,
    pub last: Option<String>,
    pub page_param: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FeedDef {
    pub id: String,
    pub title: String,
    pub description: String,
    pub states: Vec<State>,
    pub topics: Vec<String>,
    pub query: String,
    pub require_approval: bool,
    pub limit: u32,
}

impl Config {
    /// Read and validate a sources.toml file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
            file: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Config::parse(&text, path)
    }

    /// Validate configuration text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        validate::config(text, path)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    pub fn feed(&self, id: &str) -> Option<&FeedDef> {
        self.feeds.iter().find(|f| f.id == id)
    }
}

#[cfg(test)]
mod tests;
