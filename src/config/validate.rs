//! Validation of the raw file: every value checked and converted, each error naming the
//! file, the line and the key. Every problem of the file is collected, so that `check`
//! reports them all in one run; any problem makes the file invalid.

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::suggest::then_valid;
use super::{
    Authority, Config, ConfigError, DEFAULT_SITEMAP_ENTRIES, MAX_SITEMAP_ENTRIES, Relevance,
    Schedule, Settings, Source, SourceKind, raw,
};
use crate::extract::selector::FieldSelector;
use crate::vocab::State;

/// Parse and validate configuration text; `path` names it in errors.
pub(super) fn config(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let v = Validator {
        text,
        file: path.display().to_string(),
        problems: RefCell::default(),
    };
    // A syntax error leaves nothing to check beyond it.
    let raw = v.raw_file()?;
    let settings = v.settings(&raw.settings);
    let mut sources = Vec::new();
    let mut ids = HashSet::new();
    for s in &raw.source {
        let Some(source) = v.source(s, &settings) else {
            continue;
        };
        if !ids.insert(source.id.clone()) {
            let at = format!("source {:?}: id", source.id);
            let line = s
                .get_ref()
                .id
                .as_ref()
                .map_or(s.span().start, |id| id.span().start);
            v.record(v.err_at(line, &at, "duplicate source id"));
        }
        sources.push(source);
    }
    let mut feeds = Vec::new();
    let mut feed_ids = HashSet::new();
    for f in &raw.feed {
        let Some(feed) = v.feed(f) else {
            continue;
        };
        if !feed_ids.insert(feed.id.clone()) {
            let at = format!("feed {:?}: id", feed.id);
            let line = f
                .get_ref()
                .id
                .as_ref()
                .map_or(f.span().start, |id| id.span().start);
            v.record(v.err_at(line, &at, "duplicate feed id"));
        }
        feeds.push(feed);
    }
    v.finish(Config {
        path: path.to_path_buf(),
        settings,
        sources,
        feeds,
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// toml's messages name a missing field in backticks; use it as the key.
fn key_hint(message: &str) -> Option<String> {
    message.split('`').nth(1).map(str::to_string)
}

pub(super) fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub(super) struct Validator<'a> {
    pub(super) text: &'a str,
    pub(super) file: String,
    /// Every problem found so far; the file is valid only if this stays empty.
    problems: RefCell<Vec<ConfigError>>,
}

impl Validator<'_> {
    pub(super) fn err<T>(&self, at: &Spanned<T>, key: &str, message: &str) -> ConfigError {
        self.err_at(at.span().start, key, message)
    }

    pub(super) fn err_at(&self, offset: usize, key: &str, message: &str) -> ConfigError {
        ConfigError::Invalid {
            file: self.file.clone(),
            line: line_of(self.text, offset),
            key: key.to_string(),
            message: message.to_string(),
        }
    }

    pub(super) fn record(&self, problem: ConfigError) {
        self.problems.borrow_mut().push(problem);
    }

    /// A required key's value, or None with "missing key" recorded at its table.
    pub(super) fn required<'r, T>(
        &self,
        value: &'r Option<Spanned<String>>,
        table: &Spanned<T>,
        key: &str,
        needs: &str,
    ) -> Option<&'r Spanned<String>> {
        if value.is_none() {
            self.record(self.err(table, key, &format!("missing key; {needs}")));
        }
        value.as_ref()
    }

    /// The value, or None with its problem recorded.
    pub(super) fn keep<T>(&self, result: Result<T, ConfigError>) -> Option<T> {
        result.map_err(|e| self.record(e)).ok()
    }

    /// The configuration if nothing was wrong; else every problem, in file order.
    fn finish(self, config: Config) -> Result<Config, ConfigError> {
        let mut problems = self.problems.into_inner();
        problems.sort_by_key(|p| match p {
            ConfigError::Invalid { line, .. } => *line,
            _ => 0,
        });
        match problems.len() {
            0 => Ok(config),
            1 => Err(problems.remove(0)),
            _ => Err(ConfigError::Several(problems)),
        }
    }

    /// The file's tables, each deserialized on its own: a wrong type in one source does
    /// not hide the problems of the others.
    fn raw_file(&self) -> Result<raw::RawFile, ConfigError> {
        let mut root = DeTable::parse(self.text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            let message = e.message().trim().to_string();
            self.err_at(offset, "syntax", &message)
        })?;
        let mut root = std::mem::take(root.get_mut());
        self.strip_unknown_keys(&mut root);
        let mut file = raw::RawFile::default();
        for (key, value) in root {
            match key.get_ref().as_ref() {
                "settings" => {
                    let at = |_: &DeTable<'_>| "settings".to_string();
                    if let Some(s) = self.section(value, &at) {
                        file.settings = s;
                    }
                }
                "source" => file.source = self.sections(value, "source"),
                _ => file.feed = self.sections(value, "feed"),
            }
        }
        Ok(file)
    }

    /// `[[source]]` or `[[feed]]`: an array of tables, each one deserialized alone.
    fn sections<T: for<'de> Deserialize<'de>>(
        &self,
        value: Spanned<DeValue<'_>>,
        kind: &str,
    ) -> Vec<T> {
        let span = value.span();
        let DeValue::Array(items) = value.into_inner() else {
            let message = format!("must be written [[{kind}]] (a list of tables)");
            self.record(self.err_at(span.start, kind, &message));
            return Vec::new();
        };
        items
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| self.section(item, &|t| Self::section_name(kind, i, t)))
            .collect()
    }

    /// One table deserialized; a wrong type or a missing key is recorded with its key.
    fn section<T: for<'de> Deserialize<'de>>(
        &self,
        value: Spanned<DeValue<'_>>,
        name: &dyn Fn(&DeTable<'_>) -> String,
    ) -> Option<T> {
        let (at, table) = match value.get_ref() {
            DeValue::Table(t) => (name(t), Some(t.clone())),
            _ => (name(&DeTable::default()), None),
        };
        T::deserialize(ValueDeserializer::from(value))
            .map_err(|e| {
                let offset = e.span().map(|s| s.start).unwrap_or(0);
                let message = e.message().trim().to_string();
                let key = key_hint(&message)
                    .or_else(|| table.as_ref().and_then(|t| Self::key_at(t, offset)))
                    .map(|k| format!("{at}{}{k}", if at == "settings" { "." } else { ": " }))
                    .unwrap_or_else(|| at.clone());
                self.record(self.err_at(offset, &key, &message));
            })
            .ok()
    }

    pub(super) fn selector(
        &self,
        s: &Spanned<String>,
        key: &str,
    ) -> Result<FieldSelector, ConfigError> {
        FieldSelector::parse(s.get_ref()).map_err(|m| self.err(s, key, &m))
    }

    pub(super) fn opt_selector(
        &self,
        s: &Option<Spanned<String>>,
        key: &str,
    ) -> Option<Option<FieldSelector>> {
        self.keep(s.as_ref().map(|s| self.selector(s, key)).transpose())
    }

    /// One of a few words (`kind`, `relevance`, `authority`), with a "did you mean".
    fn word<T: Copy>(
        &self,
        s: &Spanned<String>,
        key: &str,
        words: &[(&str, T)],
    ) -> Result<T, ConfigError> {
        let text = s.get_ref().as_str();
        if let Some((_, value)) = words.iter().find(|(w, _)| *w == text) {
            return Ok(*value);
        }
        let names: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
        let quoted: Vec<String> = names.iter().map(|w| format!("{w:?}")).collect();
        let valid = format!("valid values: {}", quoted.join(", "));
        let message = format!(
            "unknown value {text:?}{}",
            then_valid(text, names.iter().copied(), &valid)
        );
        Err(self.err(s, key, &message))
    }

    /// A state code or slug, with a "did you mean" over both.
    pub(super) fn state(&self, s: &Spanned<String>, key: &str) -> Result<State, ConfigError> {
        s.get_ref().parse::<State>().map_err(|_| {
            let words = State::ALL.iter().flat_map(|s| [s.code(), s.slug()]);
            let valid = format!("valid values: {}", State::valid_values());
            let text = s.get_ref();
            let message = format!("unknown state {text:?}{}", then_valid(text, words, &valid));
            self.err(s, key, &message)
        })
    }

    /// `max_entries`: a sitemap source's entries per poll, within bounds.
    fn max_entries(
        &self,
        value: &Option<Spanned<i64>>,
        kind: Option<SourceKind>,
        key: &str,
    ) -> Option<usize> {
        match value {
            Some(n) if kind.is_some_and(|k| k != SourceKind::Sitemap) => {
                let message =
                    "only sitemap sources have max_entries (a list's pages: scrape.max_pages)";
                self.record(self.err(n, key, message));
                None
            }
            Some(n) if !(1..=MAX_SITEMAP_ENTRIES).contains(n.get_ref()) => {
                let message = format!("must be between 1 and {MAX_SITEMAP_ENTRIES}");
                self.record(self.err(n, key, &message));
                None
            }
            Some(n) => Some(*n.get_ref() as usize),
            None => Some(DEFAULT_SITEMAP_ENTRIES),
        }
    }

    fn source(&self, table: &Spanned<raw::RawSource>, settings: &Settings) -> Option<Source> {
        let r = table.get_ref();
        let prefix = match &r.id {
            Some(id) => format!("source {:?}", id.get_ref()),
            None => "source".to_string(),
        };
        let at = |key: &str| format!("{prefix}: {key}");
        let needs = "every [[source]] needs id, name, kind and url";
        let id = self.required(&r.id, table, &at("id"), needs);
        let name = self.required(&r.name, table, &at("name"), needs);
        let kind = self.required(&r.kind, table, &at("kind"), needs);
        let url = self.required(&r.url, table, &at("url"), needs);
        let id = id.and_then(|id| match is_slug(id.get_ref()) {
            true => Some(id.get_ref().clone()),
            false => {
                self.record(self.err(id, &at("id"), "must match [a-z0-9-]+"));
                None
            }
        });
        if let Some(name) = name
            && name.get_ref().trim().is_empty()
        {
            self.record(self.err(name, &at("name"), "must not be empty"));
        }
        let kinds = [
            ("feed", SourceKind::Feed),
            ("html", SourceKind::Html),
            ("sitemap", SourceKind::Sitemap),
        ];
        let kind = kind.and_then(|k| self.keep(self.word(k, &at("kind"), &kinds)));
        let url = url.and_then(|u| self.keep(self.http_url(u, &at("url"))));
        let state = r
            .state
            .as_ref()
            .map(|s| self.keep(self.state(s, &at("state"))));
        let schedule = match &r.schedule {
            Some(s) => self
                .keep(Schedule::parse(s.get_ref()).map_err(|m| self.err(s, &at("schedule"), &m))),
            None => Some(settings.schedule.clone()),
        };
        let relevances = [("filter", Relevance::Filter), ("all", Relevance::All)];
        let relevance = match &r.relevance {
            Some(s) => self.keep(self.word(s, &at("relevance"), &relevances)),
            None => Some(Relevance::Filter),
        };
        let authorities = [
            ("official", Authority::Official),
            ("press", Authority::Press),
        ];
        let authority = match &r.authority {
            Some(s) => self.keep(self.word(s, &at("authority"), &authorities)),
            None => Some(Authority::Press),
        };
        let scrape = kind.and_then(|kind| self.source_scrape(table, kind, &prefix));
        let robots = r.robots.unwrap_or(true);
        if !robots && matches!(kind, Some(SourceKind::Html | SourceKind::Sitemap)) {
            let message = "robots.txt is always honoured for HTML and sitemap sources";
            self.record(self.err(table, &at("robots"), message));
        }
        let max_entries = self.max_entries(&r.max_entries, kind, &at("max_entries"));
        Some(Source {
            name: name?.get_ref().trim().to_string(),
            kind: kind?,
            url: url?,
            state: state.map(|s| s.ok_or(())).transpose().ok()?,
            schedule: schedule?,
            relevance: relevance?,
            authority: authority?,
            enabled: r.enabled.unwrap_or(true),
            robots,
            max_entries: max_entries?,
            scrape: scrape?,
            id: id?,
        })
    }
}
