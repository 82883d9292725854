//! The desk's decisions, read back as labels: items an editor approved, pruned, retagged or
//! judged relevant or not.

use rusqlite::{Connection, Row};

use super::StoreError;
use crate::labels::{Decision, Label};
use crate::model::Status;

/// Every item an editor decided on, oldest first, as its source's id and a label. The
/// title and text are the ones the classifier saw (an editor's retitle is not the
/// source's wording); the state prior is the caller's to fill in from the configuration.
pub fn decided_items(conn: &Connection) -> Result<Vec<(String, Label)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, title, summary, content, url, status, relevant, states, topics,
                tags_by_editor, source_id, relevant_override,
                EXISTS (SELECT 1 FROM audit_log a WHERE a.item_id = items.id
                        AND json_extract(a.before, '$.relevant') = 0
                        AND json_extract(a.after, '$.relevant') = 1)
         FROM items
         WHERE status <> ?1 OR tags_by_editor = 1 OR relevant_override IS NOT NULL
         ORDER BY id",
    )?;
    let rows = stmt.query_map([Status::New], |r| Ok((r.get(10)?, label_of(r)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The label a decided row stands for: a prune or an editor's "not relevant" says not
/// relevant; an editor's "relevant" against the classifier's verdict is a rescue; changed
/// tags are the right tags; an approval confirms what was published.
fn label_of(r: &Row) -> rusqlite::Result<Label> {
    let status: Status = r.get(5)?;
    let relevant: bool = r.get(6)?;
    let retagged: bool = r.get(9)?;
    let override_: Option<bool> = r.get(11)?;
    let rescued: bool = r.get(12)?;
    let decision = if status == Status::Pruned || override_ == Some(false) {
        Decision::Pruned
    } else if rescued {
        Decision::Rescued
    } else if retagged {
        Decision::Retagged
    } else {
        Decision::Approved
    };
    let (summary, content): (String, String) = (r.get(2)?, r.get(3)?);
    Ok(Label {
        id: format!("item-{}", r.get::<_, i64>(0)?),
        title: r.get(1)?,
        body: crate::model::body_text(&summary, &content),
        source_state: None,
        url: Some(r.get(4)?),
        relevant: decision != Decision::Pruned && (status == Status::Approved || relevant),
        states: serde_json::from_str(&r.get::<_, String>(7)?).unwrap_or_default(),
        topics: serde_json::from_str(&r.get::<_, String>(8)?).unwrap_or_default(),
        decision: Some(decision),
        split: Some("desk".to_string()),
    })
}
