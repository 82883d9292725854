//! The state a URL points to: place names in its host and path ("/lokal/sangerhausen/",
//! "muenchen-news-…"), a region or city opening a host name ("frankenfernsehen.tv"),
//! and national sections where "berlin" is a desk, not a state.

use super::normalize::Folded;
use super::state::{Gazetteer, PlaceKind};
use super::state_rules::national_section;
use crate::vocab::State;

/// A host label's opening or ending is taken for a place only from this many letters on.
const MIN_HOST_PREFIX: usize = 5;

impl Gazetteer {
    /// The one state that the place names in a URL agree on, if any: a prior for the
    /// source, which decides only when the text itself names no place.
    pub fn state_of_url(&self, url: &str) -> Option<State> {
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let rest = rest.split(['?', '#']).next().unwrap_or(rest);
        let words: String = rest
            .chars()
            .map(|c| if c.is_alphabetic() { c } else { ' ' })
            .collect();
        let national = national_section(&words.to_lowercase());
        let mut found = None;
        for m in self.mentions(&Folded::new(&words), true) {
            if national && m.name == "Berlin" {
                continue; // the capital's desk of national news
            }
            match (m.states.as_slice(), found) {
                ([state], None) => found = Some(*state),
                ([state], Some(seen)) if *state == seen => {}
                _ => return None,
            }
        }
        found.or_else(|| self.state_of_host_prefix(rest))
    }

    /// A state, region, capital, city or town of the hand-made list (or its adjective)
    /// that opens one label of the host as the first part of a compound, or else ends
    /// it: "frankenfernsehen" (Franken, BY), "magdeburgerzeitung", "insuedthueringen".
    /// The official municipalities are left out: too many of their names open or end
    /// ordinary words.
    fn state_of_host_prefix(&self, rest: &str) -> Option<State> {
        let host = rest.split(['/', ':']).next()?.to_lowercase();
        let mut found = None;
        for label in host.split(['.', '-']) {
            let cuts: Vec<usize> = label.char_indices().map(|(i, _)| i).collect();
            // The longest opening that is a place decides for this label; failing that,
            // the longest ending ("infranken", "insuedthueringen").
            let openings = cuts
                .iter()
                .skip(MIN_HOST_PREFIX)
                .rev()
                .map(|&c| &label[..c]);
            let endings = cuts.iter().skip(2).map(|&c| &label[c..]);
            let place = self
                .host_part_state(openings)
                .or_else(|| self.host_part_state(endings));
            match (place, found) {
                (None | Some(None), _) => {}
                (Some(Some(state)), None) => found = Some(state),
                (Some(Some(state)), Some(seen)) if state == seen => {}
                _ => return None,
            }
        }
        found
    }

    /// The first of `parts` (longest first) that is wholly a place of the hand-made list:
    /// `Some(Some(state))` for a state, region, capital, city or town of one state,
    /// `Some(None)` for an ambiguous or other place (the label then gives no hint),
    /// `None` if no part of at least [`MIN_HOST_PREFIX`] letters is a place.
    fn host_part_state<'a>(&self, parts: impl Iterator<Item = &'a str>) -> Option<Option<State>> {
        for part in parts {
            if part.chars().count() < MIN_HOST_PREFIX {
                continue;
            }
            let folded = Folded::new(part);
            let whole = self
                .mentions(&folded, true)
                .into_iter()
                .find(|m| m.start == 0 && m.end == folded.text.len());
            let Some(m) = whole else {
                continue;
            };
            let listed = matches!(
                m.kind,
                PlaceKind::State
                    | PlaceKind::Region
                    | PlaceKind::Capital
                    | PlaceKind::City
                    | PlaceKind::Town
                    | PlaceKind::Adjective
            );
            return Some(match m.states.as_slice() {
                [state] if listed => Some(*state),
                _ => None,
            });
        }
        None
    }
}
