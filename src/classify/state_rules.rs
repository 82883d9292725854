//! Rules of the state tagger that weigh where and how a place is named: the qualified
//! position an ordinary-word municipality needs, and the cap on what small places add.

use std::collections::BTreeMap;

use super::normalize::Folded;
use crate::vocab::State;

/// What the official directory's municipalities add up to per state, at most: below the
/// tagging threshold, so that small places alone never make a second state, while a
/// place list of one region still decides when nothing else is named.
pub const MUNICIPAL_CAP: f64 = 2.0;

/// Folded prepositions after which a municipality named like a noun is the place ("in
/// Lage", "aus Wald"); "von" is not among them (it opens too many surnames).
const PREPOSITIONS: &[&str] = &["in", "aus", "nach"];

/// Folded administrative words after which any municipality name is the place
/// ("Gemeinde Senden", "Bürgermeister Enger" is rare, "Stadt Enger" is not).
const QUALIFIERS: &[&str] = &[
    "gemeinde",
    "stadt",
    "kreisstadt",
    "ortsgemeinde",
    "samtgemeinde",
    "verbandsgemeinde",
    "marktgemeinde",
    "markt",
    "amt",
    "stadtrat",
    "gemeinderat",
    "buergermeister",
    "buergermeisterin",
    "oberbuergermeister",
    "oberbuergermeisterin",
];

/// Whether the word before `start` (same line) is one of [`QUALIFIERS`], or unless
/// `strict`, of [`PREPOSITIONS`].
pub fn qualified_by(doc: &Folded, start: usize, strict: bool) -> bool {
    let before = doc.text[..start].trim_end_matches(' ');
    if before.len() == doc.text[..start].len() {
        return false; // no space: the name is part of a longer word
    }
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    QUALIFIERS.contains(&word) || !strict && PREPOSITIONS.contains(&word)
}

/// The running sum of municipality points per state, capped at [`MUNICIPAL_CAP`].
#[derive(Default)]
pub struct MunicipalCap {
    used: BTreeMap<State, f64>,
}

impl MunicipalCap {
    /// The share of `points` that still fits under the cap for `state`.
    pub fn admit(&mut self, state: State, points: f64) -> f64 {
        let used = self.used.entry(state).or_insert(0.0);
        let admitted = points.min(MUNICIPAL_CAP - *used).max(0.0);
        *used += admitted;
        admitted
    }
}
