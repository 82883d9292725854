//! `labels export` and `eval`: the desk's decisions written out as labelled articles, and
//! the current rules scored on any such file.

use std::path::Path;

use super::{CommandError, classifier};
use crate::config::Config;
use crate::labels::{Label, Report, read_labels, score};
use crate::store::Store;

/// Every decision of the desk as a label, with the item's source's state as its prior.
pub async fn export_labels(config: &Config, store: &Store) -> Result<Vec<Label>, CommandError> {
    let decided = store.read(crate::store::decisions::decided_items).await?;
    Ok(decided
        .into_iter()
        .map(|(source, mut label)| {
            label.source_state = config.source(&source).and_then(|s| s.state);
            label
        })
        .collect())
}

/// The rules of `config` (or the embedded ones) scored on the labels in `path`.
pub fn eval_labels(config: Option<&Config>, path: &Path) -> Result<Report, CommandError> {
    let text = std::fs::read_to_string(path).map_err(CommandError::file("read", path))?;
    let labels = read_labels(&text).map_err(|e| CommandError::Labels {
        path: path.to_path_buf(),
        message: e,
    })?;
    let classifier = match config {
        Some(config) => classifier(config)?,
        None => std::sync::Arc::new(crate::classify::Classifier::embedded()),
    };
    Ok(score(&classifier, &labels))
}
