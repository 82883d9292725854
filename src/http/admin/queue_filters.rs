//! The queue's filters as the page shows them: the address of a filtered queue, and per
//! filter its values with their story counts as links (the active one marked).

use super::rows::source_name;
use super::status_label;
use crate::config::Config;
use crate::http::item_query::first_param;
use crate::model::Status;
use crate::store::desk::{QueueCounts, QueueFilter};
use crate::vocab::{self, State};

/// One value of a filter: a link to the queue narrowed by it.
pub struct FilterLink {
    pub label: String,
    pub count: u32,
    pub href: String,
    pub active: bool,
}

/// One filter: its name, the link that lifts it, and its values.
pub struct FilterGroup {
    pub name: &'static str,
    /// "alle" when the filter is in force, else empty.
    pub clear: String,
    pub links: Vec<FilterLink>,
}

/// The filter an address asks for; unknown values are a German error.
pub fn parse(pairs: &[(String, String)]) -> Result<QueueFilter, String> {
    let mut filter = QueueFilter {
        relevant: first_param(pairs, "irrelevant").is_none_or(|v| v == "0"),
        ..QueueFilter::default()
    };
    if let Some(s) = first_param(pairs, "status") {
        filter.status = s.parse().map_err(|_| {
            format!(
                "Unbekannter Status {s:?}; erlaubt: {}",
                Status::valid_values()
            )
        })?;
    }
    if let Some(s) = first_param(pairs, "state") {
        filter.state = Some(State::parse(s).ok_or_else(|| format!("Unbekanntes Land {s:?}"))?);
    }
    if let Some(t) = first_param(pairs, "topic") {
        if !vocab::is_topic(t) {
            return Err(format!("Unbekanntes Thema {t:?}"));
        }
        filter.topic = Some(t.to_string());
    }
    filter.source = first_param(pairs, "source").map(str::to_string);
    Ok(filter)
}

/// The address of the queue showing `filter`.
pub fn address(filter: &QueueFilter) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if !filter.relevant {
        query.append_pair("irrelevant", "1");
    }
    if filter.status != Status::New {
        query.append_pair("status", filter.status.as_str());
    }
    if let Some(s) = filter.state {
        query.append_pair("state", s.code());
    }
    if let Some(t) = &filter.topic {
        query.append_pair("topic", t);
    }
    if let Some(s) = &filter.source {
        query.append_pair("source", s);
    }
    let query = query.finish();
    if query.is_empty() {
        "/admin".into()
    } else {
        format!("/admin?{query}")
    }
}

/// The filter groups of the page, in the order an editor narrows: verdict, status,
/// state, topic, source.
pub fn groups(filter: &QueueFilter, counts: &QueueCounts, config: &Config) -> Vec<FilterGroup> {
    let link = |label: String, count: u32, changed: QueueFilter| FilterLink {
        active: changed == *filter,
        label,
        count,
        href: address(&changed),
    };
    let group = |name, clear: Option<QueueFilter>, links| FilterGroup {
        name,
        clear: clear.map(|f| address(&f)).unwrap_or_default(),
        links,
    };
    let with = |change: &dyn Fn(&mut QueueFilter)| {
        let mut f = filter.clone();
        change(&mut f);
        f
    };
    vec![
        group(
            "Einstufung",
            None,
            counts
                .relevance
                .iter()
                .map(|&(r, n)| {
                    let label = if r { "relevant" } else { "nicht relevant" };
                    link(label.into(), n, with(&|f| f.relevant = r))
                })
                .collect(),
        ),
        group(
            "Status",
            None,
            counts
                .status
                .iter()
                .map(|&(s, n)| link(status_label(s).into(), n, with(&|f| f.status = s)))
                .collect(),
        ),
        group(
            "Land",
            filter.state.map(|_| with(&|f| f.state = None)),
            counts
                .states
                .iter()
                .map(|&(s, n)| link(s.name().into(), n, with(&|f| f.state = Some(s))))
                .collect(),
        ),
        group(
            "Thema",
            filter.topic.as_ref().map(|_| with(&|f| f.topic = None)),
            counts
                .topics
                .iter()
                .map(|(t, n)| {
                    let label = vocab::topic_name(t).to_string();
                    link(label, *n, with(&|f| f.topic = Some(t.clone())))
                })
                .collect(),
        ),
        group(
            "Quelle",
            filter.source.as_ref().map(|_| with(&|f| f.source = None)),
            counts
                .sources
                .iter()
                .map(|(s, n)| {
                    let label = source_name(config, s);
                    link(label, *n, with(&|f| f.source = Some(s.clone())))
                })
                .collect(),
        ),
    ]
}
