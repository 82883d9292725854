//! Which states an article is about: place mentions weighed by kind and position
//! (headline, dateline, a commuters' destination or newcomers' origin counts little),
//! ambiguous names resolved by other evidence, the source's state as a prior.

use std::collections::{BTreeMap, BTreeSet};

use super::decimal::OneDecimal;
use super::matcher::Hit;
use super::normalize::Folded;
use super::state::{Gazetteer, PlaceKind};
use super::state_elsewhere::{moved_there_after, names_elsewhere};
use super::state_rules::{
    Candidate, ELSEWHERE_FACTOR, MunicipalCap, choose, federal_seat, federal_venue, names_a_street,
    names_federal, names_no_municipality, qualified_by,
};
use crate::vocab::State;

const DATELINE_BONUS: f64 = 4.0;
const SOURCE_PRIOR: f64 = 1.0;
const TITLE_FACTOR: f64 = 2.0;
const REPEAT_FACTOR: f64 = 0.5;
const MAX_REPEATS: usize = 3;

pub(super) struct Mention {
    pub(super) name: String,
    pub(super) states: Vec<State>,
    pub(super) kind: PlaceKind,
    pub(super) start: usize,
    pub(super) end: usize,
    in_title: bool,
    dateline: bool,
    elsewhere: bool,
}

#[derive(Default)]
struct Evidence {
    score: f64,
    notes: Vec<String>,
    counted: BTreeMap<String, usize>,
    /// The distinct place names that gave the score.
    names: BTreeSet<String>,
}

impl Evidence {
    fn note_mention(&mut self, name: &str, in_title: bool, elsewhere: bool) {
        let key = match (in_title, elsewhere) {
            (true, _) => format!("'{name}' (title)"),
            (false, true) => {
                format!("'{name}' (commuters' destination or origin ×{ELSEWHERE_FACTOR})")
            }
            (false, false) => format!("'{name}'"),
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

impl Gazetteer {
    /// The states an article is about, strongest first, with the reasons; and whether
    /// the text named them (false when they are only the source's prior).
    pub fn tag(
        &self,
        title: &Folded,
        body: &Folded,
        source: Option<State>,
        reasons: &mut Vec<String>,
    ) -> (Vec<State>, bool) {
        let mut mentions = self.mentions(title, true);
        mentions.extend(self.mentions(body, false));
        if let Some(first) = mentions.iter_mut().find(|m| !m.in_title)
            && first.kind.can_be_dateline()
            && is_dateline(body, first.start, first.end)
        {
            first.dateline = true;
        }
        let (mut evidence, ambiguous) = weigh(&mentions);
        resolve_ambiguous(&mut evidence, &ambiguous, source, reasons);
        if let Some(source) = source
            && let Some(e) = evidence.get_mut(&source)
        {
            e.score += SOURCE_PRIOR;
            e.notes
                .push(format!("source prior +{}", OneDecimal(SOURCE_PRIOR)));
        }
        let federal = names_federal(&[title, body]);
        if federal {
            drop_federal_venues(&mut evidence, &[title, body], reasons);
        }
        let mut ranked: Vec<(State, Evidence)> = evidence.into_iter().collect();
        ranked.sort_by(|(sa, a), (sb, b)| b.score.total_cmp(&a.score).then(sa.cmp(sb)));
        let candidates: Vec<Candidate> = ranked
            .iter()
            .map(|(state, e)| Candidate {
                state: *state,
                score: e.score,
                names: e.names.len(),
            })
            .collect();
        let mut tagged = choose(&candidates);
        for (state, e) in &ranked {
            let verdict = if tagged.contains(state) {
                "tagged"
            } else {
                "below threshold"
            };
            reasons.push(format!(
                "state {state}: {} {verdict} ({})",
                OneDecimal(e.score),
                e.notes.join(", ")
            ));
        }
        let named = !tagged.is_empty();
        if ranked.is_empty()
            && let Some(source) = source
        {
            if federal {
                reasons.push(format!(
                    "state {source}: no place named, federal news; source prior not used"
                ));
            } else {
                tagged.push(source);
                reasons.push(format!("state {source}: no place named; source prior"));
            }
        }
        (tagged, named)
    }

    pub(super) fn mentions(&self, doc: &Folded, in_title: bool) -> Vec<Mention> {
        let hits = self.places.find(doc);
        let mut out: Vec<Mention> = Vec::new();
        for Hit { entry, start, end } in hits {
            let place = self.places.payload(entry);
            let Some(state) = place.state else {
                continue;
            };
            if !stands_as_place(place.kind, doc, start, end, in_title) {
                continue;
            }
            match out.last_mut() {
                Some(m) if m.start == start && m.end == end => {
                    if !m.states.contains(&state) {
                        m.states.push(state);
                    }
                    if place.kind.weight() > m.kind.weight() {
                        m.kind = place.kind;
                    }
                }
                _ => out.push(Mention {
                    name: place.name.clone(),
                    states: vec![state],
                    kind: place.kind,
                    start,
                    end,
                    in_title,
                    dateline: false,
                    elsewhere: !in_title
                        && (names_elsewhere(doc, start) || moved_there_after(doc, end)),
                }),
            }
        }
        out
    }
}

/// In federal news, Berlin as the venue and the seats of federal agencies are no state
/// the article is about.
fn drop_federal_venues(
    evidence: &mut BTreeMap<State, Evidence>,
    fields: &[&Folded],
    reasons: &mut Vec<String>,
) {
    let venues: Vec<State> = (evidence.iter())
        .filter(|(state, e)| {
            **state == State::BE && federal_venue(&e.names)
                || federal_seat(**state, &e.names, fields)
        })
        .map(|(state, _)| *state)
        .collect();
    for state in venues {
        if let Some(e) = evidence.remove(&state) {
            let names: Vec<&str> = e.names.iter().map(String::as_str).collect();
            reasons.push(format!(
                "state {state}: {} not counted ('{}' only as the venue of federal news)",
                OneDecimal(e.score),
                names.join("', '")
            ));
        }
    }
}

/// Unambiguous mentions scored per state; ambiguous ones set aside.
fn weigh(mentions: &[Mention]) -> (BTreeMap<State, Evidence>, Vec<&Mention>) {
    let mut evidence: BTreeMap<State, Evidence> = BTreeMap::new();
    let mut seen: BTreeMap<(State, String), usize> = BTreeMap::new();
    let mut ambiguous = Vec::new();
    let mut cap = MunicipalCap::default();
    for m in mentions {
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
        if m.elsewhere && !m.dateline {
            points *= ELSEWHERE_FACTOR;
        }
        if m.kind.is_municipality() {
            points = cap.admit(state, points);
        }
        let e = evidence.entry(state).or_default();
        e.score += points;
        e.names.insert(m.name.clone());
        if m.dateline {
            e.score += DATELINE_BONUS;
            e.notes.push(format!(
                "dateline '{}' +{}",
                m.name,
                OneDecimal(DATELINE_BONUS + points)
            ));
        } else {
            e.note_mention(&m.name, m.in_title, m.elsewhere);
        }
    }
    (evidence, ambiguous)
}

/// An ambiguous name counts only for a candidate the text or the source already supports.
fn resolve_ambiguous(
    evidence: &mut BTreeMap<State, Evidence>,
    ambiguous: &[&Mention],
    source: Option<State>,
    reasons: &mut Vec<String>,
) {
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
                "'{}' (ambiguous {}, resolved by context) +{}",
                m.name,
                codes.join("/"),
                OneDecimal(points)
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

/// Whether a hit of this kind counts where it stands: no place as a street's name, a
/// municipality not as a person's name or a compound's second part, and one named like
/// a word only after a qualifier (see [`qualified_by`]) or as a dateline.
fn stands_as_place(kind: PlaceKind, doc: &Folded, start: usize, end: usize, title: bool) -> bool {
    if kind.is_municipality() && names_no_municipality(doc, start, end) {
        return false;
    }
    if !matches!(kind, PlaceKind::State | PlaceKind::Institution) && names_a_street(doc, end) {
        return false;
    }
    let strict = match kind {
        PlaceKind::NounMunicipality => false,
        PlaceKind::WordMunicipality => true,
        _ => return true,
    };
    qualified_by(doc, start, strict) || !title && is_dateline(doc, start, end)
}
