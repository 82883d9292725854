//! Editors' decisions as labels: every approval, prune, retag and rescue on the desk says
//! what the classifier should have said. [`Label`] is one labelled article in the
//! evaluation format (JSON lines, as `tests/fixtures/classify/eval.jsonl`); [`score`]
//! measures the current rules on any set of them, per decision.

mod score;

use serde::{Deserialize, Serialize};

use crate::vocab::State;

pub use score::{Count, Report, score};

/// What an editor did to an item, which decides what its label says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Approved as the classifier published it: relevant, with its tags.
    Approved,
    /// Pruned: not relevant (its tags say nothing).
    Pruned,
    /// Tags changed by an editor: the states and topics are the right ones.
    Retagged,
    /// Approved although the classifier called it not relevant: a false negative.
    Rescued,
}

/// One labelled article in the evaluation format.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Label {
    pub id: String,
    pub title: String,
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_state: Option<State>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub relevant: bool,
    #[serde(default)]
    pub states: Vec<State>,
    #[serde(default)]
    pub topics: Vec<String>,
    /// The editor's decision; a hand-labelled set has none, and every field counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<String>,
}

impl Label {
    /// Whether the label's states and topics are a judgement (not for a pruned item,
    /// whose tags nobody looked at).
    pub fn tags_count(&self) -> bool {
        self.relevant && self.decision != Some(Decision::Pruned)
    }
}

/// Reads labels from JSON lines; a bad line is an error naming its number.
pub fn read_labels(text: &str) -> Result<Vec<Label>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1)))
        .collect()
}
