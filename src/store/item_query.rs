//! The query builder behind item listings: an [`ItemFilter`] becomes one SQL statement
//! and its parameters, planned to walk the listing indexes where that is cheaper.

use rusqlite::Connection;
use rusqlite::types::Value;

use super::StoreError;
use crate::model::Status;
use crate::vocab::State;

/// The columns an [`crate::model::ItemView`] is read from, in its order.
pub(super) const VIEW_COLUMNS: &str =
    "i.id, i.uid, i.url, COALESCE(i.title_override, i.title), i.title, i.source_id,
    i.published, i.updated, i.first_seen, i.date_source, i.status, i.pinned, i.states, i.topics,
    i.relevant, i.score, i.reasons, i.note, i.title_override, i.cluster_id, c.guid,
    c.lead_item_id = i.id, i.summary, i.content, i.source_updated, i.relevant_override";

/// Which items a feed, a list or a search wants.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    pub states: Vec<State>,
    pub topics: Vec<String>,
    pub sources: Vec<String>,
    pub query: Option<String>,
    pub status: Option<Status>,
    /// Published feeds: only relevant story leads, never pruned, `new` only when allowed.
    pub published_only: bool,
    pub require_approval: bool,
    /// Cursor: items ordered before this (pinned, published, id) position.
    pub before: Option<(bool, String, i64)>,
    pub limit: u32,
}

/// A search with more matches than this walks the listing order instead of sorting them.
pub const WALK_ORDER_ABOVE: usize = 2_000;

/// The statement that lists the items a filter wants, and its arguments.
pub(super) fn list_query(
    conn: &Connection,
    filter: &ItemFilter,
) -> Result<(String, Vec<Value>), StoreError> {
    // CROSS JOIN keeps items as the outer loop, so the listing indexes (migration 0005)
    // give the order and the walk stops after a page. Left to itself, with the statistics
    // `PRAGMA optimize` gathers, SQLite scanned every story and sorted (2.9 s per feed
    // render at 1,000,000 items).
    let matching = filter
        .query
        .as_deref()
        .filter(|q| !q.trim().is_empty())
        .map(super::search::match_expression);
    // A search for a rare word starts from its few matches and sorts them; one for a
    // common word walks the listing order and stops after a page, as a listing does
    // (reading and sorting the matches of a word in a fifth of 1,000,000 items took 0.8–1.3
    // s; walking: 10–80 ms).
    let walk_order = match &matching {
        None => true,
        Some(None) => false,
        Some(Some(expr)) => super::search::matches_more_than(conn, expr, WALK_ORDER_ABOVE)?,
    };
    let join = if walk_order { "CROSS JOIN" } else { "JOIN" };
    let mut query = Query {
        sql: format!(
            "SELECT {VIEW_COLUMNS} FROM items i {join} clusters c ON c.id = i.cluster_id WHERE 1=1"
        ),
        args: Vec::new(),
    };
    query.push_filters(filter);
    query.push_search(matching, walk_order);
    if let Some((pinned, published, id)) = &filter.before {
        query.push(
            " AND (i.pinned < ? OR (i.pinned = ? AND (i.published < ? OR (i.published = ? AND i.id < ?))))",
            [
                (*pinned as i64).into(),
                (*pinned as i64).into(),
                published.clone().into(),
                published.clone().into(),
                (*id).into(),
            ],
        );
    }
    query.push(
        " ORDER BY i.pinned DESC, i.published DESC, i.id DESC LIMIT ?",
        [(filter.limit.max(1) as i64).into()],
    );
    Ok((query.sql, query.args))
}

/// A statement being built and the values of its `?` marks, in order.
struct Query {
    sql: String,
    args: Vec<Value>,
}

/// The statement that counts every item a filter wants (its cursor and limit aside).
pub(super) fn count_query(filter: &ItemFilter) -> (String, Vec<Value>) {
    let mut query = Query {
        sql: "SELECT count(*) FROM items i JOIN clusters c ON c.id = i.cluster_id WHERE 1=1"
            .to_string(),
        args: Vec::new(),
    };
    query.push_filters(filter);
    let matching = filter
        .query
        .as_deref()
        .filter(|q| !q.trim().is_empty())
        .map(super::search::match_expression);
    query.push_search(matching, false);
    (query.sql, query.args)
}

impl Query {
    /// The full-text condition: none without a query, nothing for a query of only
    /// punctuation.
    fn push_search(&mut self, matching: Option<Option<String>>, walk_order: bool) {
        match matching {
            None => {}
            // `+i.id` keeps the planner from looking the matches up one by one (and
            // sorting them) when the listing order is to be walked.
            Some(Some(expr)) => {
                let id = if walk_order { "+i.id" } else { "i.id" };
                let clause =
                    format!(" AND {id} IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)");
                self.push(&clause, [expr.into()]);
            }
            Some(None) => self.sql.push_str(" AND 0"),
        }
    }

    /// The conditions of the filter besides its search and cursor.
    fn push_filters(&mut self, filter: &ItemFilter) {
        if filter.published_only {
            // Written into the statement rather than bound, so the planner sees constants,
            // as it did when the listing indexes (migration 0005) were measured.
            let (pruned, approved) = (Status::Pruned, Status::Approved);
            self.sql.push_str(&format!(
                " AND c.lead_item_id = i.id AND i.relevant = 1 AND i.status != '{pruned}'"
            ));
            if filter.require_approval {
                self.sql.push_str(&format!(" AND i.status = '{approved}'"));
            }
        }
        if let Some(status) = filter.status {
            self.push(" AND i.status = ?", [status.as_str().to_string().into()]);
        }
        let states = filter.states.iter().map(|s| s.code().to_string());
        self.push_in(
            "EXISTS (SELECT 1 FROM json_each(i.states) WHERE value",
            states,
            ")",
        );
        self.push_in(
            "EXISTS (SELECT 1 FROM json_each(i.topics) WHERE value",
            filter.topics.iter().cloned(),
            ")",
        );
        self.push_in("i.source_id", filter.sources.iter().cloned(), "");
    }

    fn push(&mut self, clause: &str, values: impl IntoIterator<Item = Value>) {
        self.sql.push_str(clause);
        self.args.extend(values);
    }

    /// ` AND {before} IN (?, …){after}` for the values; nothing when there are none.
    fn push_in(
        &mut self,
        before: &str,
        values: impl ExactSizeIterator<Item = String>,
        after: &str,
    ) {
        if values.len() == 0 {
            return;
        }
        let marks = vec!["?"; values.len()].join(",");
        let clause = format!(" AND {before} IN ({marks}){after}");
        self.push(&clause, values.map(Value::from));
    }
}
