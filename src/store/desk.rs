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

/// Stories of the queue, newest first; `before` continues after the (published, id)
/// position of the last row of the previous page.
///
/// Read from `queue_index` (migration 0012): one row per lead under each key it can be
/// filtered by ('' for every lead, 'o:' source, 's:' state, 't:' topic), ordered by
/// relevance, status, published and id under its key. The page walks one key's range
/// (the source's if one is chosen, else the state's, else the topic's, else every lead's)
/// newest first and tests each row's other tags by a seek to the same lead under them.
pub fn review_queue(
    conn: &Connection,
    filter: &QueueFilter,
    before: Option<(String, i64)>,
    limit: u32,
) -> Result<Vec<ItemView>, StoreError> {
    let state = filter.state.map(|s| format!("s:{}", s.code()));
    let topic = filter.topic.as_ref().map(|t| format!("t:{t}"));
    let source = filter.source.as_ref().map(|s| format!("o:{s}"));
    // The walked key and the tags tested on its rows.
    let (walk, tested): (String, Vec<String>) = match source {
        Some(source) => (source, [state, topic].into_iter().flatten().collect()),
        None => {
            let mut tags = [state, topic].into_iter().flatten();
            (tags.next().unwrap_or_default(), tags.collect())
        }
    };
    let mut sql = String::from(
        "SELECT q.item_id FROM queue_index q
         WHERE q.key = ? AND q.relevant = ? AND q.status = ?",
    );
    let mut args: Vec<Value> = vec![
        Value::Text(walk),
        Value::Integer(i64::from(filter.relevant)),
        Value::Text(filter.status.to_string()),
    ];
    for key in tested {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM queue_index t WHERE t.key = ? AND t.relevant = q.relevant
               AND t.status = q.status AND t.published = q.published AND t.item_id = q.item_id)",
        );
        args.push(Value::Text(key));
    }
    if let Some((published, id)) = before {
        sql.push_str(" AND (q.published, q.item_id) < (?, ?)");
        args.extend([Value::Text(published), Value::Integer(id)]);
    }
    sql.push_str(" ORDER BY q.published DESC, q.item_id DESC LIMIT ?");
    args.push(Value::Integer(i64::from(limit.clamp(1, 500))));
    let mut stmt = conn.prepare(&sql)?;
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

/// The queue's list read without `queue_index`: every lead item matching the filter, tested
/// row by row (states and topics in their JSON columns), newest first, at most `limit`. The
/// reference the index is checked against (tests) and timed against (`bench-desk-counts
/// --before`).
pub fn queue_list_by_scan(
    conn: &Connection,
    filter: &QueueFilter,
    limit: Option<u32>,
) -> Result<Vec<i64>, StoreError> {
    let mut sql = String::from("c.lead_item_id = i.id AND i.relevant = ?");
    let mut args: Vec<Value> = vec![Value::Integer(i64::from(filter.relevant))];
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
    args.push(Value::Integer(limit.map_or(-1, i64::from)));
    let mut stmt = conn.prepare(&format!(
        "SELECT i.id FROM items i JOIN clusters c ON c.id = i.cluster_id WHERE {sql}
         ORDER BY i.published DESC, i.id DESC LIMIT ?"
    ))?;
    let ids = stmt
        .query_map(params_from_iter(args), |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}
