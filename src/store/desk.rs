//! Queries of the editors' desk that the feeds do not need: the review queue, narrowed by
//! relevance, status, state, topic and source, and how many stories each filter value has.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use super::StoreError;
use super::items;
use crate::model::{ItemView, Status};
use crate::vocab::State;

/// What the queue shows: one row per story (its lead).
#[derive(Debug, Clone, PartialEq)]
pub struct QueueFilter {
    /// The classifier's (or an editor's) verdict to show.
    pub relevant: bool,
    pub status: Status,
    pub state: Option<State>,
    pub topic: Option<String>,
    pub source: Option<String>,
}

impl Default for QueueFilter {
    fn default() -> QueueFilter {
        QueueFilter {
            relevant: true,
            status: Status::New,
            state: None,
            topic: None,
            source: None,
        }
    }
}

/// The conditions of `filter` on a lead item `i` of its story `c`.
fn conditions(filter: &QueueFilter) -> (String, Vec<Value>) {
    let mut sql = String::from("c.lead_item_id = i.id AND i.relevant = ?");
    let mut args: Vec<Value> = vec![Value::Integer(i64::from(filter.relevant))];
    // Written into the statement, as in the listing query (item_query.rs).
    sql.push_str(&format!(" AND i.status = '{}'", filter.status));
    if let Some(state) = filter.state {
        sql.push_str(" AND EXISTS (SELECT 1 FROM json_each(i.states) WHERE value = ?)");
        args.push(Value::Text(state.code().to_string()));
    }
    if let Some(topic) = &filter.topic {
        sql.push_str(" AND EXISTS (SELECT 1 FROM json_each(i.topics) WHERE value = ?)");
        args.push(Value::Text(topic.clone()));
    }
    if let Some(source) = &filter.source {
        sql.push_str(" AND i.source_id = ?");
        args.push(Value::Text(source.clone()));
    }
    (sql, args)
}

/// Stories of the queue, newest first; `before` continues after the (published, id)
/// position of the last row of the previous page.
pub fn review_queue(
    conn: &Connection,
    filter: &QueueFilter,
    before: Option<(String, i64)>,
    limit: u32,
) -> Result<Vec<ItemView>, StoreError> {
    let (mut sql, mut args) = conditions(filter);
    if let Some((published, id)) = before {
        sql.push_str(" AND (i.published < ? OR (i.published = ? AND i.id < ?))");
        args.extend([
            Value::Text(published.clone()),
            Value::Text(published),
            Value::Integer(id),
        ]);
    }
    args.push(Value::Integer(i64::from(limit.clamp(1, 500))));
    let mut stmt = conn.prepare(&format!(
        "SELECT i.id FROM items i JOIN clusters c ON c.id = i.cluster_id WHERE {sql}
         ORDER BY i.published DESC, i.id DESC LIMIT ?"
    ))?;
    let ids: Vec<i64> = stmt
        .query_map(params_from_iter(args), |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    ids.into_iter().map(|id| items::get(conn, id)).collect()
}

/// How many stories each value of each filter has, under the other filters in force.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueCounts {
    /// `true` (relevant) and `false` (not relevant).
    pub relevance: Vec<(bool, u32)>,
    pub status: Vec<(Status, u32)>,
    pub states: Vec<(State, u32)>,
    pub topics: Vec<(String, u32)>,
    pub sources: Vec<(String, u32)>,
}

/// One row of the tally (migration 0011): how many stories share these filtered values.
struct TallyRow {
    relevant: i64,
    status: String,
    source: String,
    states: Vec<String>,
    topics: Vec<String>,
    stories: u32,
}

/// The members of a JSON list column as `json_each` gives them (text values only).
fn json_list(text: &str) -> Vec<String> {
    match serde_json::from_str::<Vec<serde_json::Value>>(text) {
        Ok(values) => values
            .into_iter()
            .filter_map(|v| match v {
                serde_json::Value::String(s) => Some(s),
                _ => None,
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Counts from the tally of stories (`queue_tally`, kept exact by triggers), read in one
/// pass: each facet's values are counted over the rows that match every other filter.
pub fn queue_counts(conn: &Connection, filter: &QueueFilter) -> Result<QueueCounts, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT relevant, status, source_id, states, topics, stories FROM queue_tally
         WHERE stories > 0",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(TallyRow {
            relevant: r.get(0)?,
            status: r.get(1)?,
            source: r.get(2)?,
            states: json_list(&r.get::<_, String>(3)?),
            topics: json_list(&r.get::<_, String>(4)?),
            stories: r.get(5)?,
        })
    })?;
    let mut tally = Tally::default();
    for row in rows {
        tally.add(filter, &row?);
    }
    Ok(tally.counts())
}

/// Running counts per facet value, keyed as the queries' GROUP BY keys were (text).
#[derive(Default)]
struct Tally {
    relevance: HashMap<i64, u32>,
    status: HashMap<String, u32>,
    states: HashMap<String, u32>,
    topics: HashMap<String, u32>,
    sources: HashMap<String, u32>,
}

impl Tally {
    fn add(&mut self, filter: &QueueFilter, row: &TallyRow) {
        let code = filter.state.map(State::code);
        let ok = [
            row.relevant == i64::from(filter.relevant),
            row.status == filter.status.to_string(),
            code.is_none_or(|c| row.states.iter().any(|s| s == c)),
            filter.topic.as_ref().is_none_or(|t| row.topics.contains(t)),
            filter.source.as_ref().is_none_or(|s| *s == row.source),
        ];
        // Whether the row passes every filter but facet `skip`.
        let others = |skip: usize| ok.iter().enumerate().all(|(i, &o)| i == skip || o);
        let n = row.stories;
        if others(0) {
            *self.relevance.entry(row.relevant).or_default() += n;
        }
        if others(1) {
            *self.status.entry(row.status.clone()).or_default() += n;
        }
        if others(2) {
            for s in &row.states {
                *self.states.entry(s.clone()).or_default() += n;
            }
        }
        if others(3) {
            for t in &row.topics {
                *self.topics.entry(t.clone()).or_default() += n;
            }
        }
        if others(4) {
            *self.sources.entry(row.source.clone()).or_default() += n;
        }
    }

    fn counts(self) -> QueueCounts {
        QueueCounts {
            relevance: ranked(self.relevance.into_iter().map(|(v, n)| (v.to_string(), n)))
                .into_iter()
                .map(|(v, n)| (v == "1", n))
                .collect(),
            status: ranked(self.status)
                .into_iter()
                .filter_map(|(v, n)| v.parse().ok().map(|s| (s, n)))
                .collect(),
            states: ranked(self.states)
                .into_iter()
                .filter_map(|(v, n)| State::parse(&v).map(|s| (s, n)))
                .collect(),
            topics: ranked(self.topics),
            sources: ranked(self.sources),
        }
    }
}

/// Most stories first, then by value.
fn ranked(counts: impl IntoIterator<Item = (String, u32)>) -> Vec<(String, u32)> {
    let mut v: Vec<(String, u32)> = counts.into_iter().filter(|(_, n)| *n > 0).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}
