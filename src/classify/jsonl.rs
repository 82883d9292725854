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
    /// Accepted so that `try`/`items` output can be piped back in; without a
    /// `source_state`, a host named after a state ("stm.baden-wuerttemberg.de"), or else
    /// the one state the URL's place names agree on, stands in for it, as a source's
    /// configured state does in `run`.
    #[serde(default)]
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
        None | Some("") => input
            .url
            .as_deref()
            .and_then(|url| state_of_host(url).or_else(|| c.state_of_url(url))),
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

/// The state a URL's host is named after: a host label that is a state's slug
/// ("niedersachsen", "sachsen-anhalt") or one of the usual short forms.
fn state_of_host(url: &str) -> Option<State> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .to_ascii_lowercase();
    let short = |part: &str| match part {
        "nrw" => Some(State::NW),
        "rlp" => Some(State::RP),
        "mv" | "m-v" => Some(State::MV),
        "sh" => Some(State::SH),
        _ => None,
    };
    host.split('.').find_map(|label| {
        short(label)
            .or_else(|| {
                State::ALL
                    .into_iter()
                    .find(|s| label.len() > 3 && s.slug() == label)
            })
            // A short form opening a compound label: "sh-gruene-fraktion.de".
            .or_else(|| label.split_once('-').and_then(|(first, _)| short(first)))
    })
}

#[cfg(test)]
mod tests {
    use super::state_of_host;
    use crate::vocab::State;

    #[test]
    fn a_host_named_after_a_state_gives_its_prior() {
        let host = |u| state_of_host(u);
        assert_eq!(
            host("https://stm.baden-wuerttemberg.de/de/x"),
            Some(State::BW)
        );
        assert_eq!(host("http://www.ms.niedersachsen.de/a"), Some(State::NI));
        assert_eq!(
            host("https://fachkraefte.sachsen-anhalt.de/"),
            Some(State::ST)
        );
        assert_eq!(host("https://www.mags.nrw/strategie"), Some(State::NW));
        assert_eq!(host("https://sh-fraktion.de/antrag"), Some(State::SH));
        assert_eq!(
            host("https://shop-anbieter.de/"),
            None,
            "a word, not a short form"
        );
        assert_eq!(
            host("https://www.mdr.de/sachsen/x"),
            None,
            "a path is no host"
        );
        assert_eq!(host("https://www.welt.de/regionales/bayern"), None);
    }
}
