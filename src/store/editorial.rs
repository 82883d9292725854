//! What editors do to items — status, tags, pin, title override, note — applied in one
//! transaction together with the audit log entry and, for a prune, the tombstones.
//!
//! Status, pin and tags belong to the story: they are applied to every member of the
//! item's cluster, so that the feed (which shows the lead) reflects them whichever member
//! the editor opened. Title override and note belong to the item itself.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::items;
use super::{StoreError, ts};
use crate::model::{ItemView, Status};
use crate::vocab::{self, State};

/// A partial change: only the fields that are `Some` change. For `title_override` and
/// `note`, `Some(None)` (JSON `null` or an empty string) clears the field; for `relevant`,
/// `Some(None)` (JSON `null`) drops the editor's verdict and gives the story back to the
/// classifier.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    pub status: Option<Status>,
    pub states: Option<Vec<State>>,
    pub topics: Option<Vec<String>>,
    pub pinned: Option<bool>,
    /// An editor's verdict on relevance, kept when the item is re-classified. An
    /// approval without one means "relevant": approving publishes the story.
    #[serde(default, deserialize_with = "nullable")]
    pub relevant: Option<Option<bool>>,
    #[serde(default, deserialize_with = "nullable")]
    pub title_override: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub note: Option<Option<String>>,
}

fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Some(Option::<T>::deserialize(d)?))
}

impl Edit {
    /// Check values against the vocabulary and limits; the message names the field.
    pub fn validate(&self) -> Result<(), StoreError> {
        if let Some(topics) = &self.topics {
            for t in topics {
                if !vocab::is_topic(t) {
                    return Err(StoreError::Invalid(format!(
                        "topics: unknown topic {t:?}; valid values: {}",
                        vocab::valid_topics()
                    )));
                }
            }
        }
        for (field, value) in [
            ("title_override", &self.title_override),
            ("note", &self.note),
        ] {
            if let Some(Some(v)) = value
                && v.chars().count() > 2000
            {
                return Err(StoreError::Invalid(format!(
                    "{field}: at most 2000 characters"
                )));
            }
        }
        Ok(())
    }

    /// The relevance this edit decides: the explicit one (`Some(None)`: the classifier's
    /// again), else `true` for an approval.
    pub fn relevance(&self) -> Option<Option<bool>> {
        self.relevant
            .or((self.status == Some(Status::Approved)).then_some(Some(true)))
    }

    pub fn is_empty(&self) -> bool {
        *self == Edit::default()
    }
}

/// Apply `edit` to item `id` as `actor`; returns the item as it is afterwards.
pub fn apply(
    conn: &mut Connection,
    id: i64,
    actor: &str,
    edit: &Edit,
    now: DateTime<Utc>,
) -> Result<ItemView, StoreError> {
    edit.validate()?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let before = items::get(&tx, id)?;
    let members: Vec<i64> = {
        let mut stmt = tx.prepare("SELECT id FROM items WHERE cluster_id = ?1")?;
        stmt.query_map([before.cluster], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    let mut changed = Changed::default();
    if let Some(status) = edit.status {
        changed.note("status", json!(before.status), json!(status));
        set_story_status(&tx, &members, &before, status, now)?;
    }
    if let Some(relevant) = edit.relevance() {
        set_story_relevance(&tx, before.cluster, relevant)?;
        // Given back to the classifier, the story has the classifier's verdict again.
        let now_relevant: bool = match relevant {
            Some(relevant) => relevant,
            None => tx.query_row("SELECT relevant FROM items WHERE id = ?1", [id], |r| {
                r.get(0)
            })?,
        };
        changed.note("relevant", json!(before.relevant), json!(now_relevant));
    }
    if let Some(pinned) = edit.pinned {
        changed.note("pinned", json!(before.pinned), json!(pinned));
        for m in &members {
            tx.execute(
                "UPDATE items SET pinned = ?2 WHERE id = ?1",
                params![m, pinned],
            )?;
        }
    }
    if edit.states.is_some() || edit.topics.is_some() {
        set_story_tags(&tx, &members, &before, edit, &mut changed)?;
    }
    if let Some(title) = &edit.title_override {
        let title = title.as_deref().map(str::trim).filter(|t| !t.is_empty());
        changed.note("title_override", json!(before.title_override), json!(title));
        tx.execute(
            "UPDATE items SET title_override = ?2 WHERE id = ?1",
            params![id, title],
        )?;
        super::search::index_item(&tx, id)?;
    }
    if let Some(note) = &edit.note {
        let note = note.as_deref().map(str::trim).filter(|t| !t.is_empty());
        changed.note("note", json!(before.note), json!(note));
        tx.execute(
            "UPDATE items SET note = ?2 WHERE id = ?1",
            params![id, note],
        )?;
    }
    if !changed.after.is_empty() {
        record(&tx, &members, id, actor, edit, changed, now)?;
    }
    let after = items::get(&tx, id)?;
    tx.commit()?;
    Ok(after)
}

/// The fields an edit really changed, before and after, for the audit log.
#[derive(Default)]
struct Changed {
    before: Map<String, Value>,
    after: Map<String, Value>,
}

impl Changed {
    fn note(&mut self, field: &str, old: Value, new: Value) {
        if old != new {
            self.before.insert(field.to_string(), old);
            self.after.insert(field.to_string(), new);
        }
    }
}

/// The story's new status; a prune leaves tombstones for every member, un-pruning
/// lifts them.
fn set_story_status(
    conn: &Connection,
    members: &[i64],
    before: &ItemView,
    status: Status,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for m in members {
        conn.execute(
            "UPDATE items SET status = ?2 WHERE id = ?1",
            params![m, status],
        )?;
    }
    let was_pruned = before.status == Status::Pruned;
    if status == Status::Pruned && !was_pruned {
        conn.execute(
            "INSERT INTO tombstones (canonical_url, fingerprint, band0, band1, band2, band3, item_uid, created)
             SELECT canonical_url, fingerprint, dedup_key & 65535, (dedup_key >> 16) & 65535,
                    (dedup_key >> 32) & 65535, (dedup_key >> 48) & 65535, uid, ?2
             FROM items WHERE cluster_id = ?1",
            params![before.cluster, ts(now)],
        )?;
    } else if status != Status::Pruned && was_pruned {
        conn.execute(
            "DELETE FROM tombstones WHERE item_uid IN (SELECT uid FROM items WHERE cluster_id = ?1)",
            [before.cluster],
        )?;
    }
    Ok(())
}

/// The editor's relevance for every member of the story, or (`None`) the classifier's
/// again; the lead is chosen again, as it prefers a relevant member. The classifier's
/// verdict is kept in `auto_relevant` (rows from before migration 10 hold it in `relevant`
/// until an editor first decides; one decided before that keeps the editor's verdict until
/// the next re-classification).
fn set_story_relevance(
    conn: &Connection,
    cluster: i64,
    relevant: Option<bool>,
) -> Result<(), StoreError> {
    match relevant {
        Some(relevant) => conn.execute(
            "UPDATE items SET auto_relevant = CASE WHEN relevant_override IS NULL
                 THEN COALESCE(auto_relevant, relevant) ELSE auto_relevant END,
                 relevant = ?2, relevant_override = ?2
             WHERE cluster_id = ?1",
            params![cluster, relevant],
        )?,
        None => conn.execute(
            "UPDATE items SET relevant = COALESCE(auto_relevant, relevant), relevant_override = NULL
             WHERE cluster_id = ?1",
            [cluster],
        )?,
    };
    super::ingest::recompute_lead(conn, cluster)
}

/// The story's states and topics, sorted and without repeats; from now on they are the
/// editor's and automatic re-tagging leaves them alone.
fn set_story_tags(
    conn: &Connection,
    members: &[i64],
    before: &ItemView,
    edit: &Edit,
    changed: &mut Changed,
) -> Result<(), StoreError> {
    let mut states = edit.states.clone().unwrap_or_else(|| before.states.clone());
    states.sort();
    states.dedup();
    let mut topics = edit.topics.clone().unwrap_or_else(|| before.topics.clone());
    topics.sort();
    topics.dedup();
    if edit.states.is_some() {
        changed.note("states", json!(before.states), json!(states));
    }
    if edit.topics.is_some() {
        changed.note("topics", json!(before.topics), json!(topics));
    }
    let (s, t) = (json!(states).to_string(), json!(topics).to_string());
    for m in members {
        conn.execute(
            "UPDATE items SET states = ?2, topics = ?3, tags_by_editor = 1 WHERE id = ?1",
            params![m, s, t],
        )?;
    }
    Ok(())
}

/// Mark the story changed and write the audit log entry.
fn record(
    conn: &Connection,
    members: &[i64],
    id: i64,
    actor: &str,
    edit: &Edit,
    changed: Changed,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for m in members {
        conn.execute(
            "UPDATE items SET updated = ?2 WHERE id = ?1",
            params![m, ts(now)],
        )?;
    }
    conn.execute(
        "INSERT INTO audit_log (at, actor, item_id, action, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            ts(now),
            actor,
            id,
            action_name(edit),
            Value::Object(changed.before).to_string(),
            Value::Object(changed.after).to_string()
        ],
    )?;
    Ok(())
}

fn action_name(edit: &Edit) -> &'static str {
    match (edit.status, edit.pinned) {
        (Some(Status::Pruned), _) => "prune",
        (Some(Status::Approved), _) => "approve",
        (Some(_), _) => "status",
        (None, Some(true)) => "pin",
        (None, Some(false)) => "unpin",
        _ if edit.relevant.is_some() => "relevance",
        _ if edit.states.is_some() || edit.topics.is_some() => "tag",
        _ => "edit",
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub item_id: Option<i64>,
    pub action: String,
    pub before: Value,
    pub after: Value,
}

/// The audit log, newest first; optionally of one item; `before_id` pages backwards.
pub fn audit_log(
    conn: &Connection,
    item_id: Option<i64>,
    before_id: Option<i64>,
    limit: u32,
) -> Result<Vec<AuditEntry>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, item_id, action, before, after FROM audit_log
         WHERE (?1 IS NULL OR item_id = ?1) AND (?2 IS NULL OR id < ?2)
         ORDER BY id DESC LIMIT ?3",
    )?;
    let entries = stmt
        .query_map(params![item_id, before_id, limit.clamp(1, 500)], |r| {
            let text = |i: usize| -> rusqlite::Result<Value> {
                Ok(r.get::<_, Option<String>>(i)?
                    .and_then(|s| serde_json::from_str(&s).ok())
                    .unwrap_or(Value::Null))
            };
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                item_id: r.get(3)?,
                action: r.get(4)?,
                before: text(5)?,
                after: text(6)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(entries)
}
