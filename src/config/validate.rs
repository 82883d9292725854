//! Validation of the raw file: every value checked and converted, each error naming the
//! file, the line and the key.

use std::collections::HashSet;
use std::path::Path;

use super::{
    Authority, Config, ConfigError, FeedDef, JsonList, Relevance, Schedule, ScrapeRules, Settings,
    Source, SourceKind, raw,
};
use crate::extract::selector::FieldSelector;
use crate::vocab::{self, State};

/// Parse and validate configuration text; `path` names it in errors.
pub(super) fn config(text: &str, path: &Path) -> Result<Config, ConfigError> {
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

pub(super) struct Validator<'a> {
    pub(super) text: &'a str,
    pub(super) file: String,
}

impl Validator<'_> {
    pub(super) fn err<T>(&self, at: &toml::Spanned<T>, key: &str, message: &str) -> ConfigError {
        ConfigError::Invalid {
            file: self.file.clone(),
            line: line_of(self.text, at.span().start),
            key: key.to_string(),
            message: message.to_string(),
        }
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
        let scrape = self.source_scrape(r, kind, &id)?;
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

    /// The `[source.scrape]` table: required for `kind = "html"`, refused for feeds.
    fn source_scrape(
        &self,
        r: &raw::RawSource,
        kind: SourceKind,
        id: &str,
    ) -> Result<Option<ScrapeRules>, ConfigError> {
        let at = |key: &str| format!("source {id:?}: {key}");
        Ok(match (&r.scrape, kind) {
            (Some(s), SourceKind::Html) => Some(self.scrape(s.get_ref(), id)?),
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
            json: self.json_list(r, id)?,
        })
    }

    /// `[source.scrape.json]`: JSON pointers and the paging parameter, checked here so a
    /// typo fails at start instead of as an empty list at the first poll.
    fn json_list(&self, r: &raw::RawScrape, id: &str) -> Result<Option<JsonList>, ConfigError> {
        let Some(json) = &r.json else {
            return Ok(None);
        };
        let at = |key: &str| format!("source {id:?}: scrape.json.{key}");
        let json = json.get_ref();
        let pointer = |p: &toml::Spanned<String>, key: &str| {
            let text = p.get_ref();
            if text.is_empty() || text.starts_with('/') {
                Ok(text.clone())
            } else {
                Err(self.err(
                    p,
                    &at(key),
                    "a JSON pointer starts with \"/\" (e.g. \"/teaser\")",
                ))
            }
        };
        if let Some(next) = &r.next_page {
            return Err(self.err(
                next,
                &format!("source {id:?}: scrape.next_page"),
                "a JSON list pages with json.page_param, not next_page",
            ));
        }
        let page_param = match &json.page_param {
            Some(p) if p.get_ref().trim().is_empty() => {
                return Err(self.err(p, &at("page_param"), "must not be empty"));
            }
            Some(p) => Some(p.get_ref().clone()),
            None => None,
        };
        Ok(Some(JsonList {
            items: pointer(&json.items, "items")?,
            last: json.last.as_ref().map(|l| pointer(l, "last")).transpose()?,
            page_param,
        }))
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
