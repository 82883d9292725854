//! Validation of `[[feed]]` definitions: id, vocabulary of states and topics, limit.

use super::suggest::then_valid;
use toml::Spanned;

use super::validate::Validator;
use super::{FeedDef, raw};
use crate::vocab;

impl Validator<'_> {
    /// The feed, or None when anything about it is wrong (every problem recorded).
    pub(super) fn feed(&self, table: &Spanned<raw::RawFeed>) -> Option<FeedDef> {
        let r = table.get_ref();
        let prefix = match &r.id {
            Some(id) => format!("feed {:?}", id.get_ref()),
            None => "feed".to_string(),
        };
        let at = |key: &str| format!("{prefix}: {key}");
        let needs = "every [[feed]] needs id and title";
        let id = self.required(&r.id, table, &at("id"), needs);
        let title = self.required(&r.title, table, &at("title"), needs);
        let mut ok = id.is_some() && title.is_some();
        if let Some(id) = id
            && !super::validate::is_slug(id.get_ref())
        {
            self.record(self.err(id, &at("id"), "must match [a-z0-9-]+"));
            ok = false;
        }
        let mut states = Vec::new();
        for s in &r.states {
            match self.keep(self.state(s, &at("states"))) {
                Some(state) if !states.contains(&state) => states.push(state),
                Some(_) => {}
                None => ok = false,
            }
        }
        let mut topics = Vec::new();
        for t in &r.topics {
            if !vocab::is_topic(t.get_ref()) {
                let valid = format!("valid values: {}", vocab::valid_topics());
                let msg = format!(
                    "unknown topic {:?}{}",
                    t.get_ref(),
                    then_valid(t.get_ref(), vocab::TOPICS.iter().copied(), &valid)
                );
                self.record(self.err(t, &at("topics"), &msg));
                ok = false;
            } else if !topics.contains(t.get_ref()) {
                topics.push(t.get_ref().clone());
            }
        }
        let limit = match &r.limit {
            Some(n) if !(1..=1000).contains(n.get_ref()) => {
                self.record(self.err(n, &at("limit"), "must be between 1 and 1000"));
                ok = false;
                50
            }
            Some(n) => *n.get_ref() as u32,
            None => 50,
        };
        if let Some(title) = title
            && title.get_ref().trim().is_empty()
        {
            self.record(self.err(title, &at("title"), "must not be empty"));
            ok = false;
        }
        ok.then(|| FeedDef {
            id: id.map(|id| id.get_ref().clone()).unwrap_or_default(),
            title: title
                .map(|t| t.get_ref().trim().to_string())
                .unwrap_or_default(),
            description: r.description.clone().unwrap_or_default(),
            states,
            topics,
            query: r.query.clone().unwrap_or_default(),
            require_approval: r.require_approval.unwrap_or(false),
            limit,
        })
    }
}
