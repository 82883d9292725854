//! The audit log in words: each entry as a German sentence ("Anna hat die Meldung
//! freigegeben") and its changed fields as "Feld: vorher → nachher", never raw JSON.

use serde_json::Value;

use super::{berlin_time, status_label};
use crate::model::Status;
use crate::store::editorial::AuditEntry;
use crate::vocab::{self, State};

/// One entry of an item's history or of the audit log.
pub struct HistoryLine {
    pub at: String,
    pub actor: String,
    /// "anna hat die Meldung freigegeben."
    pub sentence: String,
    /// "Status: neu → freigegeben", one per changed field.
    pub changes: Vec<String>,
}

impl From<&AuditEntry> for HistoryLine {
    fn from(e: &AuditEntry) -> HistoryLine {
        let fields: Vec<String> = e
            .after
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let changes = fields
            .iter()
            .map(|f| {
                format!(
                    "{}: {} → {}",
                    field_label(f),
                    value_text(f, &e.before[f.as_str()]),
                    value_text(f, &e.after[f.as_str()])
                )
            })
            .collect();
        HistoryLine {
            at: berlin_time(&e.at),
            actor: e.actor.clone(),
            sentence: format!("{} hat {}.", e.actor, deed(&e.action, &fields, &e.after)),
            changes,
        }
    }
}

/// What the editor did, as the end of "NAME hat …". A form save that changed more than
/// the pin is an edit; its changes say what.
fn deed(action: &str, fields: &[String], after: &Value) -> String {
    let only_pin = fields.iter().all(|f| f == "pinned");
    match action {
        "approve" => "die Meldung freigegeben".into(),
        "prune" => "die Meldung verworfen".into(),
        "status" => match after["status"].as_str() {
            Some("new") => "die Meldung zurück in die Prüfung gestellt".into(),
            _ => "den Status geändert".into(),
        },
        "pin" if only_pin => "die Meldung angeheftet".into(),
        "unpin" if only_pin => "die Meldung nicht mehr angeheftet".into(),
        "relevance" => match after["relevant"].as_bool() {
            Some(true) => "die Meldung als relevant eingestuft".into(),
            _ => "die Meldung als nicht relevant eingestuft".into(),
        },
        "tag" => "Länder oder Themen geändert".into(),
        _ => "die Meldung bearbeitet".into(),
    }
}

fn field_label(field: &str) -> &str {
    match field {
        "status" => "Status",
        "relevant" => "Einstufung",
        "pinned" => "Angeheftet",
        "states" => "Länder",
        "topics" => "Themen",
        "title_override" => "Eigener Titel",
        "note" => "Notiz",
        other => other,
    }
}

/// A stored value as a person reads it.
fn value_text(field: &str, value: &Value) -> String {
    let list = |names: Vec<String>| {
        if names.is_empty() {
            "keine".to_string()
        } else {
            names.join(", ")
        }
    };
    match (field, value) {
        (_, Value::Null) => "–".into(),
        ("status", Value::String(s)) => s
            .parse::<Status>()
            .map(|s| status_label(s).to_string())
            .unwrap_or_else(|_| s.clone()),
        ("relevant", Value::Bool(true)) => "relevant".into(),
        ("relevant", Value::Bool(false)) => "nicht relevant".into(),
        (_, Value::Bool(b)) => if *b { "ja" } else { "nein" }.into(),
        ("states", Value::Array(a)) => list(
            a.iter()
                .filter_map(Value::as_str)
                .map(|c| State::parse(c).map_or(c.to_string(), |s| s.name().to_string()))
                .collect(),
        ),
        ("topics", Value::Array(a)) => list(
            a.iter()
                .filter_map(Value::as_str)
                .map(|t| vocab::topic_name(t).to_string())
                .collect(),
        ),
        (_, Value::String(s)) => format!("„{s}“"),
        (_, other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(action: &str, before: Value, after: Value) -> AuditEntry {
        AuditEntry {
            id: 1,
            at: "2025-03-31T08:15:00Z".into(),
            actor: "Anna".into(),
            item_id: Some(7),
            action: action.into(),
            before,
            after,
        }
    }

    #[test]
    fn an_approval_reads_as_a_sentence_with_its_changes() {
        let line = HistoryLine::from(&entry(
            "approve",
            json!({"status": "new", "relevant": false}),
            json!({"status": "approved", "relevant": true}),
        ));
        assert_eq!(line.sentence, "Anna hat die Meldung freigegeben.");
        assert_eq!(line.at, "31.03.2025 10:15");
        assert_eq!(
            line.changes,
            [
                "Einstufung: nicht relevant → relevant",
                "Status: neu → freigegeben"
            ]
        );
    }

    #[test]
    fn tags_and_texts_are_named_in_german() {
        let line = HistoryLine::from(&entry(
            "tag",
            json!({"states": ["ST"], "topics": [], "note": null}),
            json!({"states": ["SN", "ST"], "topics": ["laendlicher-raum"], "note": "Für den Newsletter"}),
        ));
        assert_eq!(line.sentence, "Anna hat Länder oder Themen geändert.");
        assert_eq!(
            line.changes,
            [
                "Notiz: – → „Für den Newsletter“",
                "Länder: Sachsen-Anhalt → Sachsen, Sachsen-Anhalt",
                "Themen: keine → Ländlicher Raum"
            ]
        );
    }
}
