//! Configuration: sources.toml is read into raw serde structs ([`raw`]) and validated
//! in one step into [`Config`], which holds parsed URLs, cron schedules and compiled
//! selectors. Every error names the file, the line and the key.

mod raw;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use chrono_tz::Tz;
use url::Url;

use crate::extract::selector::FieldSelector;
use crate::vocab::{self, State};

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

impl Schedule {
    /// Accepts 5-field cron (minute precision) or 6-field with seconds.
    pub fn parse(text: &str) -> Result<Schedule, String> {
        let fields = text.split_whitespace().count();
        let full = match fields {
            5 => format!("0 {text}"),
            6 => text.to_string(),
            n => {
                return Err(format!(
                    "expected 5 fields (minute hour day month weekday) or 6 with seconds, got {n}"
                ));
            }
        };
        let cron = cron::Schedule::from_str(&full).map_err(|e| format!("invalid cron: {e}"))?;
        Ok(Schedule {
            text: text.to_string(),
            cron,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Feed,
    Html,
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
        let file = path.display().to_string();
        let raw: raw::RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
            let message = e.message().to_string();
            ConfigError::Invalid {
                file: file.clone(),
                line,
                key: key_hint(&message),
                message,
            }
        })?;
        let v = Validator { text, file };
        let settings = v.settings(&raw.settings)?;
        let mut sources = Vec::new();
        let mut ids = HashSet::new();
        for (i, s) in raw.source.iter().enumerate() {
            let source = v.source(i, s, &settings)?;
            if !ids.insert(source.id.clone()) {
                return Err(v.err(&s.id, &format!("source[{i}].id"), "duplicate source id"));
            }
            sources.push(source);
        }
        let mut feeds = Vec::new();
        let mut feed_ids = HashSet::new();
        for (i, f) in raw.feed.iter().enumerate() {
            let feed = v.feed(i, f)?;
            if !feed_ids.insert(feed.id.clone()) {
                return Err(v.err(&f.id, &format!("feed[{i}].id"), "duplicate feed id"));
            }
            feeds.push(feed);
        }
        Ok(Config {
            path: path.to_path_buf(),
            settings,
            sources,
            feeds,
        })
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    pub fn feed(&self, id: &str) -> Option<&FeedDef> {
        self.feeds.iter().find(|f| f.id == id)
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// toml's messages name an unknown or missing field in backticks; use it as the key.
fn key_hint(message: &str) -> String {
    message
        .split('`')
        .nth(1)
        .map(str::to_string)
        .unwrap_or_else(|| "syntax".to_string())
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

struct Validator<'a> {
    text: &'a str,
    file: String,
}

impl Validator<'_> {
    fn err<T>(&self, at: &toml::Spanned<T>, key: &str, message: &str) -> ConfigError {
        ConfigError::Invalid {
            file: self.file.clone(),
            line: line_of(self.text, at.span().start),
            key: key.to_string(),
            message: message.to_string(),
        }
    }

    fn settings(&self, r: &raw::RawSettings) -> Result<Settings, ConfigError> {
        let contact = r
            .contact
            .as_ref()
            .map(|c| c.get_ref().trim().to_string())
            .unwrap_or_else(|| "https://github.com/presseradar".to_string());
        let timezone = match &r.timezone {
            Some(t) => t.get_ref().parse::<Tz>().map_err(|_| {
                self.err(
                    t,
                    "settings.timezone",
                    "unknown IANA time zone (e.g. Europe/Berlin)",
                )
            })?,
            None => chrono_tz::Europe::Berlin,
        };
        let schedule = match &r.schedule {
            Some(s) => {
                Schedule::parse(s.get_ref()).map_err(|m| self.err(s, "settings.schedule", &m))?
            }
            None => Schedule::parse("*/30 * * * *").expect("default schedule is valid"),
        };
        let base_url = match &r.base_url {
            Some(u) => {
                // Feed URLs are joined onto base_url; without a trailing slash its last
                // path segment ("…/presseradar") would be replaced instead of extended.
                let mut url = self.http_url(u, "settings.base_url")?;
                if !url.path().ends_with('/') {
                    let path = format!("{}/", url.path());
                    url.set_path(&path);
                }
                url
            }
            None => Url::parse("http://127.0.0.1:8080/").expect("default base_url is valid"),
        };
        let websub_hub = match &r.websub_hub {
            Some(u) => Some(self.http_url(u, "settings.websub_hub")?),
            None => None,
        };
        Ok(Settings {
            contact,
            timezone,
            schedule,
            base_url,
            retention_days: self.positive(&r.retention_days, "settings.retention_days", 365)?
                as u32,
            topics_file: r.topics_file.as_ref().map(|f| PathBuf::from(f.get_ref())),
            max_body_bytes: self.positive(
                &r.max_body_bytes,
                "settings.max_body_bytes",
                10 * 1024 * 1024,
            )? as u64,
            host_interval: self.seconds(
                &r.host_interval_secs,
                "settings.host_interval_secs",
                1.0,
                true,
            )?,
            max_concurrency: self.positive(&r.max_concurrency, "settings.max_concurrency", 8)?
                as usize,
            connect_timeout: self.seconds(
                &r.connect_timeout_secs,
                "settings.connect_timeout_secs",
                10.0,
                false,
            )?,
            request_timeout: self.seconds(
                &r.request_timeout_secs,
                "settings.request_timeout_secs",
                30.0,
                false,
            )?,
            feed_max_age_secs: self.non_negative(
                &r.feed_max_age_secs,
                "settings.feed_max_age_secs",
                300,
            )? as u32,
            websub_hub,
        })
    }

    fn positive(
        &self,
        v: &Option<toml::Spanned<i64>>,
        key: &str,
        default: i64,
    ) -> Result<i64, ConfigError> {
        match v {
            Some(n) if *n.get_ref() <= 0 => {
                Err(self.err(n, key, "must be a positive whole number"))
            }
            Some(n) => Ok(*n.get_ref()),
            None => Ok(default),
        }
    }

    fn non_negative(
        &self,
        v: &Option<toml::Spanned<i64>>,
        key: &str,
        default: i64,
    ) -> Result<i64, ConfigError> {
        match v {
            Some(n) if *n.get_ref() < 0 || *n.get_ref() > u32::MAX as i64 => {
                Err(self.err(n, key, "must be a whole number ≥ 0"))
            }
            Some(n) => Ok(*n.get_ref()),
            None => Ok(default),
        }
    }

    fn seconds(
        &self,
        v: &Option<toml::Spanned<f64>>,
        key: &str,
        default: f64,
        zero_ok: bool,
    ) -> Result<Duration, ConfigError> {
        match v {
            Some(n) => {
                let x = *n.get_ref();
                if !x.is_finite() || x < 0.0 || (!zero_ok && x == 0.0) || x > 86_400.0 {
                    Err(self.err(n, key, "must be a number of seconds between 0 and 86400"))
                } else {
                    Ok(Duration::from_secs_f64(x))
                }
            }
            None => Ok(Duration::from_secs_f64(default)),
        }
    }

    fn http_url(&self, u: &toml::Spanned<String>, key: &str) -> Result<Url, ConfigError> {
        let url = Url::parse(u.get_ref().trim())
            .map_err(|e| self.err(u, key, &format!("invalid URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(self.err(u, key, "must be an http:// or https:// URL with a host"));
        }
        Ok(url)
    }

    fn selector(&self, s: &toml::Spanned<String>, key: &str) -> Result<FieldSelector, ConfigError> {
        FieldSelector::parse(s.get_ref()).map_err(|m| self.err(s, key, &m))
    }

    fn opt_selector(
        &self,
        s: &Option<toml::Spanned<String>>,
        key: &str,
    ) -> Result<Option<FieldSelector>, ConfigError> {
        s.as_ref().map(|s| self.selector(s, key)).transpose()
    }

    fn source(
        &self,
        i: usize,
        r: &raw::RawSource,
        settings: &Settings,
    ) -> Result<Source, ConfigError> {
        let id = r.id.get_ref().clone();
        if !is_slug(&id) {
            return Err(self.err(&r.id, &format!("source[{i}].id"), "must match [a-z0-9-]+"));
        }
        let at = |key: &str| format!("source {id:?}: {key}");
        if r.name.get_ref().trim().is_empty() {
            return Err(self.err(&r.name, &at("name"), "must not be empty"));
        }
        let kind = match r.kind.get_ref().as_str() {
            "feed" => SourceKind::Feed,
            "html" => SourceKind::Html,
            _ => return Err(self.err(&r.kind, &at("kind"), "must be \"feed\" or \"html\"")),
        };
        let url = self.http_url(&r.url, &at("url"))?;
        let state = match &r.state {
            Some(s) => Some(
                s.get_ref()
                    .parse::<State>()
                    .map_err(|m| self.err(s, &at("state"), &m))?,
            ),
            None => None,
        };
        let schedule = match &r.schedule {
            Some(s) => {
                Schedule::parse(s.get_ref()).map_err(|m| self.err(s, &at("schedule"), &m))?
            }
            None => settings.schedule.clone(),
        };
        let relevance = match r.relevance.as_ref().map(|r| (r, r.get_ref().as_str())) {
            None | Some((_, "filter")) => Relevance::Filter,
            Some((_, "all")) => Relevance::All,
            Some((s, _)) => {
                return Err(self.err(s, &at("relevance"), "must be \"filter\" or \"all\""));
            }
        };
        let authority = match r.authority.as_ref().map(|r| (r, r.get_ref().as_str())) {
            None | Some((_, "press")) => Authority::Press,
            Some((_, "official")) => Authority::Official,
            Some((s, _)) => {
                return Err(self.err(s, &at("authority"), "must be \"official\" or \"press\""));
            }
        };
        let scrape = match (&r.scrape, kind) {
            (Some(s), SourceKind::Html) => Some(self.scrape(s.get_ref(), &id)?),
            (None, SourceKind::Html) => {
                return Err(self.err(
                    &r.kind,
                    &at("scrape"),
                    "kind = \"html\" needs a [source.scrape] table",
                ));
            }
            (Some(s), SourceKind::Feed) => {
                return Err(self.err(
                    s,
                    &at("scrape"),
                    "only sources with kind = \"html\" take scrape rules",
                ));
            }
            (None, SourceKind::Feed) => None,
        };
        let robots = r.robots.unwrap_or(true);
        if !robots && kind == SourceKind::Html {
            return Err(self.err(
                &r.kind,
                &at("robots"),
                "robots.txt is always honoured for HTML sources",
            ));
        }
        Ok(Source {
            name: r.name.get_ref().trim().to_string(),
            id,
            kind,
            url,
            state,
            schedule,
            relevance,
            authority,
            enabled: r.enabled.unwrap_or(true),
            robots,
            scrape,
        })
    }

    fn scrape(&self, r: &raw::RawScrape, id: &str) -> Result<ScrapeRules, ConfigError> {
        let at = |key: &str| format!("source {id:?}: scrape.{key}");
        let max_pages = match &r.max_pages {
            Some(n) if !(1..=100).contains(n.get_ref()) => {
                return Err(self.err(n, &at("max_pages"), "must be between 1 and 100"));
            }
            Some(n) => *n.get_ref() as u32,
            None => 1,
        };
        let follow = r.follow.unwrap_or(false);
        let content = self.opt_selector(&r.content, &at("content"))?;
        let article_date = self.opt_selector(&r.article_date, &at("article_date"))?;
        if !follow && let Some(c) = r.content.as_ref().or(r.article_date.as_ref()) {
            return Err(self.err(
                c,
                &at("follow"),
                "content and article_date need follow = true",
            ));
        }
        Ok(ScrapeRules {
            item: self.selector(&r.item, &at("item"))?,
            link: self.selector(&r.link, &at("link"))?,
            title: self.selector(&r.title, &at("title"))?,
            date: self.opt_selector(&r.date, &at("date"))?,
            summary: self.opt_selector(&r.summary, &at("summary"))?,
            next_page: self.opt_selector(&r.next_page, &at("next_page"))?,
            max_pages,
            follow,
            content,
            article_date,
        })
    }

    fn feed(&self, i: usize, r: &raw::RawFeed) -> Result<FeedDef, ConfigError> {
        let id = r.id.get_ref().clone();
        if !is_slug(&id) {
            return Err(self.err(&r.id, &format!("feed[{i}].id"), "must match [a-z0-9-]+"));
        }
        let at = |key: &str| format!("feed {id:?}: {key}");
        let mut states = Vec::new();
        for s in &r.states {
            let state = s
                .get_ref()
                .parse::<State>()
                .map_err(|m| self.err(s, &at("states"), &m))?;
            if !states.contains(&state) {
                states.push(state);
            }
        }
        let mut topics = Vec::new();
        for t in &r.topics {
            if !vocab::is_topic(t.get_ref()) {
                let msg = format!(
                    "unknown topic {:?}; valid values: {}",
                    t.get_ref(),
                    vocab::valid_topics()
                );
                return Err(self.err(t, &at("topics"), &msg));
            }
            if !topics.contains(t.get_ref()) {
                topics.push(t.get_ref().clone());
            }
        }
        let limit = match &r.limit {
            Some(n) if !(1..=1000).contains(n.get_ref()) => {
                return Err(self.err(n, &at("limit"), "must be between 1 and 1000"));
            }
            Some(n) => *n.get_ref() as u32,
            None => 50,
        };
        if r.title.get_ref().trim().is_empty() {
            return Err(self.err(&r.title, &at("title"), "must not be empty"));
        }
        Ok(FeedDef {
            id,
            title: r.title.get_ref().trim().to_string(),
            description: r.description.clone().unwrap_or_default(),
            states,
            topics,
            query: r.query.clone().unwrap_or_default(),
            require_approval: r.require_approval.unwrap_or(false),
            limit,
        })
    }
}

#[cfg(test)]
mod tests;
