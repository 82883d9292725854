//! The keys each table of sources.toml knows. Unknown keys are reported all at once, each
//! with its line and a "did you mean", and removed before the tables are deserialized, so
//! that one misspelt key does not hide the file's other mistakes.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::suggest::then_valid;
use super::validate::Validator;

const TOP: &[&str] = &["settings", "source", "feed"];
const SETTINGS: &[&str] = &[
    "contact",
    "timezone",
    "schedule",
    "base_url",
    "retention_days",
    "topics_file",
    "max_body_bytes",
    "host_interval_secs",
    "max_concurrency",
    "connect_timeout_secs",
    "request_timeout_secs",
    "feed_max_age_secs",
    "websub_hub",
];
const SOURCE: &[&str] = &[
    "id",
    "name",
    "kind",
    "url",
    "state",
    "schedule",
    "relevance",
    "authority",
    "enabled",
    "robots",
    "max_entries",
    "scrape",
];
const SCRAPE: &[&str] = &[
    "item",
    "link",
    "title",
    "date",
    "summary",
    "next_page",
    "max_pages",
    "follow",
    "content",
    "article_date",
    "json",
];
const SCRAPE_JSON: &[&str] = &["items", "last", "page_param"];
const FEED: &[&str] = &[
    "id",
    "title",
    "description",
    "states",
    "topics",
    "query",
    "require_approval",
    "limit",
];

impl Validator<'_> {
    /// How a `[[source]]` or `[[feed]]` is named in messages: by its id when it has one.
    pub(super) fn section_name(kind: &str, index: usize, table: &DeTable<'_>) -> String {
        let id = table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == "id")
            .and_then(|(_, v)| v.get_ref().as_str().map(str::to_string));
        match id {
            Some(id) => format!("{kind} {id:?}"),
            None => format!("{kind}[{index}]"),
        }
    }

    /// Reports and removes every key the file's tables do not know, at every level.
    pub(super) fn strip_unknown_keys(&self, root: &mut DeTable<'_>) {
        self.strip(root, TOP, None);
        for (key, value) in root.iter_mut() {
            match (key.get_ref().as_ref(), value.get_mut()) {
                ("settings", DeValue::Table(t)) => self.strip(t, SETTINGS, Some("settings.")),
                ("source", DeValue::Array(sources)) => {
                    for (i, s) in sources.iter_mut().enumerate() {
                        if let DeValue::Table(t) = s.get_mut() {
                            self.strip_source(i, t);
                        }
                    }
                }
                ("feed", DeValue::Array(feeds)) => {
                    for (i, f) in feeds.iter_mut().enumerate() {
                        if let DeValue::Table(t) = f.get_mut() {
                            let at = format!("{}: ", Self::section_name("feed", i, t));
                            self.strip(t, FEED, Some(&at));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn strip_source(&self, i: usize, table: &mut DeTable<'_>) {
        let at = format!("{}: ", Self::section_name("source", i, table));
        self.strip(table, SOURCE, Some(&at));
        let Some(scrape) = table_mut(table, "scrape") else {
            return;
        };
        self.strip(scrape, SCRAPE, Some(&format!("{at}scrape.")));
        if let Some(json) = table_mut(scrape, "json") {
            self.strip(json, SCRAPE_JSON, Some(&format!("{at}scrape.json.")));
        }
    }

    /// `prefix` names the table in the key of each message ("settings.", "source \"x\": ").
    fn strip(&self, table: &mut DeTable<'_>, known: &[&str], prefix: Option<&str>) {
        let unknown: Vec<(Spanned<String>, String)> = table
            .iter()
            .filter(|(k, _)| !known.contains(&k.get_ref().as_ref()))
            .map(|(k, _)| {
                let name = k.get_ref().to_string();
                (Spanned::new(k.span(), name.clone()), name)
            })
            .collect();
        for (at, name) in &unknown {
            let valid = format!("valid keys: {}", known.join(", "));
            let message = format!(
                "unknown key{}",
                then_valid(name, known.iter().copied(), &valid)
            );
            let key = format!("{}{name}", prefix.unwrap_or_default());
            self.record(self.err(at, &key, &message));
        }
        if !unknown.is_empty() {
            let all = std::mem::take(table);
            for (k, v) in all {
                if known.contains(&k.get_ref().as_ref()) {
                    table.insert(k, v);
                }
            }
        }
    }
}

fn table_mut<'t, 'i>(table: &'t mut DeTable<'i>, key: &str) -> Option<&'t mut DeTable<'i>> {
    table
        .iter_mut()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .and_then(|(_, v)| match v.get_mut() {
            DeValue::Table(t) => Some(t),
            _ => None,
        })
}

impl Validator<'_> {
    /// The dotted key whose value holds byte `offset`, for type errors that name no key.
    pub(super) fn key_at(table: &DeTable<'_>, offset: usize) -> Option<String> {
        table.iter().find_map(|(k, v)| {
            let name = k.get_ref().to_string();
            if let DeValue::Table(inner) = v.get_ref()
                && let Some(below) = Self::key_at(inner, offset)
            {
                return Some(format!("{name}.{below}"));
            }
            v.span().contains(&offset).then_some(name)
        })
    }
}
