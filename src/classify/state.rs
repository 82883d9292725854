//! Federal states from the gazetteer (data/places.tsv): longest place names first,
//! ambiguous names only where other evidence decides, datelines weigh most, and the
//! source's state is a prior that never overrides what the text says.

use super::ClassifyError;
use super::matcher::{TermSet, TermSpec};
use crate::vocab::State;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    State,
    Adjective,
    Capital,
    Institution,
    City,
    District,
    Town,
    Region,
    /// A municipality of the official directory (data/municipalities.tsv): weaker than
    /// a town of the hand-made list, and never enough alone where other states are named.
    Municipality,
    /// A municipality named like a noun ("Lage", "Wald"): counted only in a qualified
    /// position ("in Lage", "Gemeinde Wald", a dateline).
    NounMunicipality,
    /// A municipality named like a verb or adjective ("Senden", "Enger"): counted only
    /// after an administrative word ("Gemeinde Senden") or as a dateline, since
    /// "in enger Zusammenarbeit" names no place.
    WordMunicipality,
    /// A name that contains a place but is not about it ("Berlin-Institut"): being the
    /// longer match, it keeps the place from being counted.
    NotAPlace,
}

impl PlaceKind {
    fn parse(text: &str) -> Option<PlaceKind> {
        Some(match text {
            "state" => PlaceKind::State,
            "adjective" => PlaceKind::Adjective,
            "capital" => PlaceKind::Capital,
            "institution" => PlaceKind::Institution,
            "city" => PlaceKind::City,
            "district" => PlaceKind::District,
            "town" => PlaceKind::Town,
            "region" => PlaceKind::Region,
            "municipality" => PlaceKind::Municipality,
            "noun-municipality" => PlaceKind::NounMunicipality,
            "word-municipality" => PlaceKind::WordMunicipality,
            "none" => PlaceKind::NotAPlace,
            _ => return None,
        })
    }

    /// Evidence one mention gives: naming the state or its institutions says most.
    pub(super) fn weight(self) -> f64 {
        match self {
            PlaceKind::State | PlaceKind::Institution => 3.0,
            PlaceKind::Adjective | PlaceKind::Capital | PlaceKind::City | PlaceKind::District => {
                2.0
            }
            PlaceKind::Town | PlaceKind::Region => 1.5,
            PlaceKind::Municipality | PlaceKind::NounMunicipality | PlaceKind::WordMunicipality => {
                1.0
            }
            PlaceKind::NotAPlace => 0.0,
        }
    }

    pub(super) fn can_be_dateline(self) -> bool {
        matches!(
            self,
            PlaceKind::Capital
                | PlaceKind::City
                | PlaceKind::District
                | PlaceKind::Town
                | PlaceKind::Municipality
                | PlaceKind::NounMunicipality
                | PlaceKind::WordMunicipality
        )
    }

    /// Whether the kind is one of the official directory's municipalities.
    pub(super) fn is_municipality(self) -> bool {
        matches!(
            self,
            PlaceKind::Municipality | PlaceKind::NounMunicipality | PlaceKind::WordMunicipality
        )
    }
}

#[derive(Debug, Clone)]
pub struct Place {
    pub name: String,
    /// None for [`PlaceKind::NotAPlace`].
    pub state: Option<State>,
    pub kind: PlaceKind,
}

pub struct Gazetteer {
    pub(super) places: TermSet<Place>,
}

impl Gazetteer {
    /// One gazetteer from several files (`(text, file name)`): the hand-made places and
    /// the official municipalities. A name listed under two states, in one file or across
    /// files, is ambiguous.
    pub fn parse_all(files: &[(&str, &str)]) -> Result<Gazetteer, ClassifyError> {
        let mut specs = Vec::new();
        for (text, file) in files {
            specs.extend(
                parse_lines(text, file)?
                    .into_iter()
                    .map(|(l, s)| (*file, l, s)),
            );
        }
        let places = TermSet::build(specs.into_iter().map(|(_, _, s)| s), false).map_err(
            |(_, message)| {
                line_at_fault(files).unwrap_or_else(|| invalid_name(files[0].1, 0, message))
            },
        )?;
        Ok(Gazetteer { places })
    }
}

/// The first name that does not compile on its own, with its file and line: read again
/// only when the whole set failed, so that a valid gazetteer is parsed and built once.
fn line_at_fault(files: &[(&str, &str)]) -> Option<ClassifyError> {
    for (text, file) in files {
        for (line, spec) in parse_lines(text, file).ok()? {
            let probe = TermSpec {
                written: spec.written,
                payload: (),
                channel: 0,
            };
            if let Err((_, message)) = TermSet::build([probe], false) {
                return Some(invalid_name(file, line, message));
            }
        }
    }
    None
}

fn invalid_name(file: &str, line: usize, message: String) -> ClassifyError {
    ClassifyError::Invalid {
        file: file.to_string(),
        line,
        key: "name".to_string(),
        message,
    }
}

type Specs = Vec<(usize, TermSpec<Place>)>;

/// The entries of one file; a malformed line is named by its number.
fn parse_lines(text: &str, file: &str) -> Result<Specs, ClassifyError> {
    let mut specs = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let error = |key: &str, message: String| ClassifyError::Invalid {
            file: file.to_string(),
            line: line_no,
            key: key.to_string(),
            message,
        };
        let cols: Vec<&str> = line.split('\t').collect();
        let [name, state, kind] = cols[..] else {
            return Err(error(
                "columns",
                format!(
                    "expected name<TAB>state<TAB>kind, got {} columns",
                    cols.len()
                ),
            ));
        };
        let kind = PlaceKind::parse(kind)
            .ok_or_else(|| error("kind", format!("unknown kind {kind:?}")))?;
        let state = match (state, kind) {
            ("-", PlaceKind::NotAPlace) => None,
            (_, PlaceKind::NotAPlace) => {
                return Err(error(
                    "state",
                    "kind none takes the state \"-\"".to_string(),
                ));
            }
            _ => Some(
                State::parse(state)
                    .ok_or_else(|| error("state", format!("unknown state {state:?}")))?,
            ),
        };
        specs.push((
            line_no,
            TermSpec {
                written: name.to_string(),
                payload: Place {
                    name: name.trim_end_matches('*').to_string(),
                    state,
                    kind,
                },
                channel: 0,
            },
        ));
    }
    Ok(specs)
}
