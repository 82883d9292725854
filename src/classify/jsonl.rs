//! The `presseradar classify [FILE]` command body: JSON lines in, JSON lines out.
//!
//! A malformed line does not stop the run: it yields `{"id": …, "error": "line N: …"}`
//! in its place and the next line is classified. After the last line the function
//! returns [`ClassifyError::BadLines`] if any line failed, so the command can exit
//! non-zero while still having printed every result it could.

use std::io::{BufRead, Write};

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{Classifier, ClassifyError, Document};
use crate::vocab::State;

#[derive(Deserialize)]
struct InputLine {
    #[serde(default)]
    id: Option<Value>,
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    source_state: Option<String>,
    #[serde(default)]
    #[allow(dead_code)] // accepted so that `try`/`items` output can be piped back in
    url: Option<String>,
}

pub fn classify_json_lines(
    c: &Classifier,
    input: impl BufRead,
    mut output: impl Write,
) -> Result<(), ClassifyError> {
    let mut failed = 0;
    let mut first_failure = None;
    for (index, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let line_no = index + 1;
        let object = match classify_line(c, &line) {
            Ok(object) => object,
            Err((id, message)) => {
                let message = format!("line {line_no}: {message}");
                failed += 1;
                first_failure.get_or_insert_with(|| message.clone());
                let mut object = Map::new();
                if let Some(id) = id {
                    object.insert("id".into(), id);
                }
                object.insert("error".into(), Value::String(message));
                object
            }
        };
        serde_json::to_writer(&mut output, &Value::Object(object)).map_err(std::io::Error::from)?;
        output.write_all(b"\n")?;
    }
    output.flush()?;
    match first_failure {
        Some(first) => Err(ClassifyError::BadLines {
            count: failed,
            first,
        }),
        None => Ok(()),
    }
}

fn classify_line(
    c: &Classifier,
    line: &str,
) -> Result<Map<String, Value>, (Option<Value>, String)> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| (None, format!("invalid JSON: {e}")))?;
    let id = value.get("id").cloned();
    let input: InputLine =
        serde_json::from_value(value).map_err(|e| (id.clone(), e.to_string()))?;
    let source_state = match input.source_state.as_deref() {
        None | Some("") => None,
        Some(text) => Some(
            State::parse(text)
                .ok_or_else(|| (id.clone(), format!("source_state: unknown state {text:?}")))?,
        ),
    };
    let result = c.classify(&Document {
        title: &input.title,
        body: &input.body,
        source_state,
    });
    let mut object = Map::new();
    if let Some(id) = input.id {
        object.insert("id".into(), id);
    }
    object.insert("relevant".into(), Value::Bool(result.relevant));
    object.insert("score".into(), serde_json::json!(result.score));
    object.insert("states".into(), serde_json::json!(result.states));
    object.insert("topics".into(), serde_json::json!(result.topics));
    object.insert("reasons".into(), serde_json::json!(result.reasons));
    Ok(object)
}
