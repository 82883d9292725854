//! The state a URL points to: place names in its host and path ("/lokal/sangerhausen/",
//! "muenchen-news-…"), a region or city opening a host name ("frankenfernsehen.tv"),
//! and national sections where "berlin" is a desk, not a state.

use super::normalize::Folded;
use super::state::{Gazetteer, PlaceKind};
use super::state_rules::national_section;
use crate::vocab::State;

/// A host label's opening is taken for a place only from this many letters on.
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
    /// that opens one label of the host as the first part of a compound:
    /// "frankenfernsehen" (Franken, BY), "magdeburgerzeitung". The official
    /// municipalities are left out: too many of their names open ordinary words.
    fn state_of_host_prefix(&self, rest: &str) -> Option<State> {
        let host = rest.split(['/', ':']).next()?.to_lowercase();
        let mut found = None;
        for label in host.split(['.', '-']) {
            let letters: Vec<(usize, char)> = label.char_indices().collect();
            // The longest opening that is a place decides for this label.
            for &(cut, _) in letters.iter().skip(MIN_HOST_PREFIX).rev() {
                let head = Folded::new(&label[..cut]);
                let whole: Vec<_> = self
                    .mentions(&head, true)
                    .into_iter()
                    .filter(|m| m.start == 0 && m.end == head.text.len())
                    .collect();
                let Some(m) = whole.first() else {
                    continue;
                };
                if !matches!(
                    m.kind,
                    PlaceKind::State
                        | PlaceKind::Region
                        | PlaceKind::Capital
                        | PlaceKind::City
                        | PlaceKind::Town
                        | PlaceKind::Adjective
                ) {
                    break;
                }
                match (m.states.as_slice(), found) {
                    ([state], None) => found = Some(*state),
                    ([state], Some(seen)) if *state == seen => {}
                    _ => return None,
                }
                break;
            }
        }
        found
    }
}
