//! The desk's decisions, read back as labels: items an editor approved, pruned or retagged,
//! and per source how much of what it published editors later pruned.

use rusqlite::Connection;

use super::StoreError;
use crate::labels::{Decision, Label};
use crate::model::Status;

/// Every item an editor decided on, oldest first, as its source's id and a label. The
/// title and text are the ones the classifier saw (an editor's retitle is not the
/// source's wording); the state prior is the caller's to fill in from the configuration.
pub fn decided_items(conn: &Connection) -> Result<Vec<(String, Label)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, title, summary, content, url, status, relevant, states, topics, tags_by_editor,
                source_id
         FROM items
         WHERE status <> ?1 OR tags_by_editor = 1
         ORDER BY id",
    )?;
    let rows = stmt.query_map([Status::New], |r| {
        let status: Status = r.get(5)?;
        let classifier_relevant: bool = r.get(6)?;
        let retagged: bool = r.get(9)?;
        let decision = match status {
            Status::Pruned => Decision::Pruned,
            Status::Approved if !classifier_relevant => Decision::Rescued,
            _ if retagged => Decision::Retagged,
            _ => Decision::Approved,
        };
        let (summary, content): (String, String) = (r.get(2)?, r.get(3)?);
        let label = Label {
            id: format!("item-{}", r.get::<_, i64>(0)?),
            title: r.get(1)?,
            body: crate::model::body_text(&summary, &content),
            source_state: None,
            url: Some(r.get(4)?),
            relevant: decision != Decision::Pruned
                && (status == Status::Approved || classifier_relevant),
            states: serde_json::from_str(&r.get::<_, String>(7)?).unwrap_or_default(),
            topics: serde_json::from_str(&r.get::<_, String>(8)?).unwrap_or_default(),
            decision: Some(decision),
            split: Some("desk".to_string()),
        };
        Ok((r.get(10)?, label))
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
