//! Queries of the editors' desk that the feeds do not need: the review queue, narrowed by
//! relevance, status, state, topic and source, and how many stories each filter value has.

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

/// A filter of the queue, for counting each of its values under the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Facet {
    Relevance,
    Status,
    State,
    Topic,
    Source,
}

/// The conditions of `filter`, leaving out `skip` (the facet being counted).
fn conditions(filter: &QueueFilter, skip: Option<Facet>) -> (String, Vec<Value>) {
    let mut sql = String::from("c.lead_item_id = i.id");
    let mut args: Vec<Value> = Vec::new();
    if skip != Some(Facet::Relevance) {
        sql.push_str(" AND i.relevant = ?");
        args.push(Value::Integer(i64::from(filter.relevant)));
    }
    if skip != Some(Facet::Status) {
        // Written into the statement, as in the listing query (item_query.rs).
        sql.push_str(&format!(" AND i.status = '{}'", filter.status));
    }
    if let (Some(state), true) = (filter.state, skip != Some(Facet::State)) {
        sql.push_str(" AND EXISTS (SELECT 1 FROM json_each(i.states) WHERE value = ?)");
        args.push(Value::Text(state.code().to_string()));
    }
    if let (Some(topic), true) = (&filter.topic, skip != Some(Facet::Topic)) {
        sql.push_str(" AND EXISTS (SELECT 1 FROM json_each(i.topics) WHERE value = ?)");
        args.push(Value::Text(topic.clone()));
    }
    if let (Some(source), true) = (&filter.source, skip != Some(Facet::Source)) {
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
    let (mut sql, mut args) = conditions(filter, None);
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

pub fn queue_counts(conn: &Connection, filter: &QueueFilter) -> Result<QueueCounts, StoreError> {
    let count = |facet: Facet, value: &str| -> Result<Vec<(String, u32)>, StoreError> {
        let (sql, args) = conditions(filter, Some(facet));
        let mut stmt = conn.prepare(&format!(
            "SELECT {value}, COUNT(*) FROM items i JOIN clusters c ON c.id = i.cluster_id
             WHERE {sql} GROUP BY 1 ORDER BY 2 DESC, 1"
        ))?;
        let rows = stmt
            .query_map(params_from_iter(args), |r| {
                Ok((r.get::<_, Value>(0)?, r.get::<_, u32>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows
            .into_iter()
            .map(|(v, n)| {
                let text = match v {
                    Value::Text(t) => t,
                    Value::Integer(i) => i.to_string(),
                    _ => String::new(),
                };
                (text, n)
            })
            .collect())
    };
    Ok(QueueCounts {
        relevance: count(Facet::Relevance, "i.relevant")?
            .into_iter()
            .map(|(v, n)| (v == "1", n))
            .collect(),
        status: count(Facet::Status, "i.status")?
            .into_iter()
            .filter_map(|(v, n)| v.parse().ok().map(|s| (s, n)))
            .collect(),
        states: fan_out(conn, filter, Facet::State, "states")?
            .into_iter()
            .filter_map(|(v, n)| State::parse(&v).map(|s| (s, n)))
            .collect(),
        topics: fan_out(conn, filter, Facet::Topic, "topics")?,
        sources: count(Facet::Source, "i.source_id")?,
    })
}

/// Counts of a list column's values (a story counts once under each of its states).
fn fan_out(
    conn: &Connection,
    filter: &QueueFilter,
    facet: Facet,
    column: &str,
) -> Result<Vec<(String, u32)>, StoreError> {
    let (sql, args) = conditions(filter, Some(facet));
    let mut stmt = conn.prepare(&format!(
        "SELECT j.value, COUNT(*) FROM items i JOIN clusters c ON c.id = i.cluster_id,
                json_each(i.{column}) j
         WHERE {sql} GROUP BY 1 ORDER BY 2 DESC, 1"
    ))?;
    let rows = stmt
        .query_map(params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
