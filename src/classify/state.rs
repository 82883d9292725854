//! Federal states from the gazetteer (data/places.tsv): longest place names first,
//! ambiguous names only where other evidence decides, datelines weigh most, and the
//! source's state is a prior that never overrides what the text says.

use std::collections::BTreeMap;

use super::ClassifyError;
use super::matcher::{Hit, TermSet, TermSpec};
use super::normalize::Folded;
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
            _ => return None,
        })
    }

    /// Evidence one mention gives: naming the state or its institutions says most.
    fn weight(self) -> f64 {
        match self {
            PlaceKind::State | PlaceKind::Institution => 3.0,
            PlaceKind::Adjective | PlaceKind::Capital | PlaceKind::City | PlaceKind::District => {
                2.0
            }
            PlaceKind::Town | PlaceKind::Region => 1.5,
        }
    }

    fn can_be_dateline(self) -> bool {
        matches!(
            self,
            PlaceKind::Capital | PlaceKind::City | PlaceKind::District | PlaceKind::Town
        )
    }
}

#[derive(Debug, Clone)]
pub struct Place {
    pub name: String,
    pub state: State,
    pub kind: PlaceKind,
}

/// A state is tagged when its evidence reaches this score (one explicit naming of the
/// state, or a dateline, or a town plus the source prior).
pub const STATE_THRESHOLD: f64 = 3.0;
const DATELINE_BONUS: f64 = 4.0;
const SOURCE_PRIOR: f64 = 1.0;
const TITLE_FACTOR: f64 = 2.0;
const REPEAT_FACTOR: f64 = 0.5;
const MAX_REPEATS: usize = 3;

pub struct Gazetteer {
    places: TermSet<Place>,
}

impl Gazetteer {
    pub fn parse(text: &str, file: &str) -> Result<Gazetteer, ClassifyError> {
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
            let state = State::parse(state)
                .ok_or_else(|| error("state", format!("unknown state {state:?}")))?;
            let kind = PlaceKind::parse(kind)
                .ok_or_else(|| error("kind", format!("unknown kind {kind:?}")))?;
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
        for (line_no, spec) in &specs {
            let probe = TermSpec {
                written: spec.written.clone(),
                payload: (),
                channel: 0,
            };
            if let Err((_, message)) = TermSet::build([probe], false) {
                return Err(ClassifyError::Invalid {
                    file: file.to_string(),
                    line: *line_no,
                    key: "name".to_string(),
                    message,
                });
            }
        }
        let places =
            TermSet::build(specs.into_iter().map(|(_, s)| s), false).map_err(|(_, message)| {
                ClassifyError::Invalid {
                    file: file.to_string(),
                    line: 0,
                    key: "name".to_string(),
                    message,
                }
            })?;
        Ok(Gazetteer { places })
    }

    /// The states an article is about, strongest first, with the reasons.
    pub fn tag(
        &self,
        title: &Folded,
        body: &Folded,
        source: Option<State>,
        reasons: &mut Vec<String>,
    ) -> Vec<State> {
        let mut mentions = self.mentions(title, true);
        mentions.extend(self.mentions(body, false));
        if let Some(first) = mentions.iter_mut().find(|m| !m.in_title)
            && first.kind.can_be_dateline()
            && is_dateline(body, first.start, first.end)
        {
            first.dateline = true;
        }

        let mut evidence: BTreeMap<State, Evidence> = BTreeMap::new();
        let mut seen: BTreeMap<(State, String), usize> = BTreeMap::new();
        let mut ambiguous = Vec::new();
        for m in &mentions {
            if m.states.len() > 1 {
                ambiguous.push(m);
                continue;
            }
            let state = m.states[0];
            let repeat = seen.entry((state, m.name.clone())).or_insert(0);
            *repeat += 1;
            if *repeat > MAX_REPEATS {
                continue;
            }
            let mut points = m.kind.weight();
            if *repeat > 1 {
                points *= REPEAT_FACTOR;
            }
            if m.in_title {
                points *= TITLE_FACTOR;
            }
            let e = evidence.entry(state).or_default();
            e.score += points;
            if m.dateline {
                e.score += DATELINE_BONUS;
                e.notes.push(format!(
                    "dateline '{}' +{:.1}",
                    m.name,
                    DATELINE_BONUS + points
                ));
            } else {
                e.note_mention(&m.name, m.in_title);
            }
        }
        // An ambiguous name counts only for a candidate the text or the source already supports.
        for m in ambiguous {
            let supported: Vec<State> = m
                .states
                .iter()
                .copied()
                .filter(|s| evidence.contains_key(s) || Some(*s) == source)
                .collect();
            let codes: Vec<&str> = m.states.iter().map(|s| s.code()).collect();
            if supported.len() == 1 {
                let points = m.kind.weight() + if m.dateline { DATELINE_BONUS } else { 0.0 };
                let e = evidence.entry(supported[0]).or_default();
                e.score += points;
                e.notes.push(format!(
                    "'{}' (ambiguous {}, resolved by context) +{points:.1}",
                    m.name,
                    codes.join("/")
                ));
            } else {
                let note = format!(
                    "state: ambiguous '{}' ({}) ignored",
                    m.name,
                    codes.join("/")
                );
                if !reasons.contains(&note) {
                    reasons.push(note);
                }
            }
        }
        if let Some(source) = source
            && let Some(e) = evidence.get_mut(&source)
        {
            e.score += SOURCE_PRIOR;
            e.notes.push(format!("source prior +{SOURCE_PRIOR:.1}"));
        }

        let mut ranked: Vec<(State, Evidence)> = evidence.into_iter().collect();
        ranked.sort_by(|(sa, a), (sb, b)| b.score.total_cmp(&a.score).then(sa.cmp(sb)));
        let mut tagged: Vec<State> = ranked
            .iter()
            .filter(|(_, e)| e.score >= STATE_THRESHOLD)
            .map(|(s, _)| *s)
            .collect();
        if tagged.is_empty()
            && let Some((top, _)) = ranked.first()
        {
            tagged.push(*top);
        }
        // Multi-state rule: besides the leading state, a state named once in passing
        // ("moved to Hamburg") is kept only when several states are named alike, as in
        // an enumeration of partners ("Sachsen-Anhalt, Brandenburg, … und Thüringen").
        let passing: Vec<State> = ranked
            .iter()
            .skip(1)
            .filter(|(s, e)| tagged.contains(s) && e.score < 2.0 * STATE_THRESHOLD)
            .map(|(s, _)| *s)
            .collect();
        if passing.len() == 1 {
            tagged.retain(|s| !passing.contains(s));
        }
        for (state, e) in &ranked {
            let verdict = if tagged.contains(state) {
                "tagged"
            } else {
                "below threshold"
            };
            reasons.push(format!(
                "state {state}: {:.1} {verdict} ({})",
                e.score,
                e.notes.join(", ")
            ));
        }
        if ranked.is_empty()
            && let Some(source) = source
        {
            tagged.push(source);
            reasons.push(format!("state {source}: no place named; source prior"));
        }
        tagged
    }

    fn mentions(&self, doc: &Folded, in_title: bool) -> Vec<Mention> {
        let hits = self.places.find(doc);
        let mut out: Vec<Mention> = Vec::new();
        for Hit { entry, start, end } in hits {
            let place = self.places.payload(entry);
            match out.last_mut() {
                Some(m) if m.start == start && m.end == end => {
                    if !m.states.contains(&place.state) {
                        m.states.push(place.state);
                    }
                    if place.kind.weight() > m.kind.weight() {
                        m.kind = place.kind;
                    }
                }
                _ => out.push(Mention {
                    name: place.name.clone(),
                    states: vec![place.state],
                    kind: place.kind,
                    start,
                    end,
                    in_title,
                    dateline: false,
                }),
            }
        }
        out
    }
}

struct Mention {
    name: String,
    states: Vec<State>,
    kind: PlaceKind,
    start: usize,
    end: usize,
    in_title: bool,
    dateline: bool,
}

#[derive(Default)]
struct Evidence {
    score: f64,
    notes: Vec<String>,
    counted: BTreeMap<String, usize>,
}

impl Evidence {
    fn note_mention(&mut self, name: &str, in_title: bool) {
        let key = if in_title {
            format!("'{name}' (title)")
        } else {
            format!("'{name}'")
        };
        *self.counted.entry(key.clone()).or_insert(0) += 1;
        let n = self.counted[&key];
        if n == 1 {
            self.notes.push(key);
        } else if let Some(note) = self.notes.iter_mut().find(|note| note.starts_with(&key)) {
            *note = format!("{key} ×{n}");
        }
    }
}

/// "Magdeburg (md).", "POTSDAM –", "Erfurt. ", "Dresden, 3. März –": a place at the
/// start of one of the first lines, followed by an optional agency tag and a separator.
fn is_dateline(body: &Folded, start: usize, end: usize) -> bool {
    let before = &body.text[..start];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    if !before[line_start..].trim().is_empty() || before.matches('\n').count() > 2 {
        return false;
    }
    let mut rest = body.text[end..].trim_start_matches(' ');
    if rest.starts_with('(')
        && let Some(close) = rest.find(')')
        && close <= 30
    {
        rest = rest[close + 1..].trim_start_matches(' ');
    }
    if let Some(after_slash) = rest.strip_prefix('/') {
        // "Erfurt/Berlin." names a second place; the first still leads.
        return after_slash.chars().next().is_some_and(char::is_alphabetic);
    }
    rest.starts_with(['.', ':', ',', '-'])
}
