//! Many folded terms found in one pass (Aho-Corasick), filtered to whole words or
//! compound parts, with the longest match winning where terms of one channel overlap.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;

use super::normalize::{Folded, term_variants};

/// One term to look for: as written (`fachkräfte*`), what it means, and the channel
/// within which overlapping matches compete (relevance, one per topic, places).
pub struct TermSpec<P> {
    pub written: String,
    pub payload: P,
    pub channel: usize,
}

struct Entry<P> {
    payload: P,
    channel: usize,
    open_start: bool,
    open_end: bool,
    /// The pattern of the term's first spelling: entries with equal literals share it.
    literal: usize,
}

pub struct TermSet<P> {
    automaton: AhoCorasick,
    entries_of_pattern: Vec<Vec<usize>>,
    entries: Vec<Entry<P>>,
}

/// A resolved occurrence: the entry and the byte span it covers in the folded text
/// (for wildcard terms, the whole word).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub entry: usize,
    pub start: usize,
    pub end: usize,
}

impl<P> TermSet<P> {
    /// `join_spaces` also registers multi-word terms without their spaces
    /// ("Welcome Center" → "welcomecenter"), which suits rule terms but not place names.
    pub fn build(
        specs: impl IntoIterator<Item = TermSpec<P>>,
        join_spaces: bool,
    ) -> Result<TermSet<P>, (String, String)> {
        let mut patterns: Vec<String> = Vec::new();
        let mut index_of: HashMap<String, usize> = HashMap::new();
        let mut entries_of_pattern: Vec<Vec<usize>> = Vec::new();
        let mut entries = Vec::new();
        for spec in specs {
            let written = spec.written.trim();
            let open_start = written.starts_with('*');
            let open_end = written.ends_with('*');
            let core = written.trim_matches('*');
            if core.contains('*') {
                return Err((
                    spec.written,
                    "'*' is allowed only at the start or end".into(),
                ));
            }
            let variants = term_variants(core, join_spaces);
            if variants
                .iter()
                .all(|v| v.chars().filter(|c| c.is_alphanumeric()).count() < 2)
            {
                return Err((spec.written, "a term needs at least two letters".into()));
            }
            let entry = entries.len();
            let mut literal = None;
            for variant in variants {
                let next = patterns.len();
                let pattern = *index_of.entry(variant.clone()).or_insert_with(|| {
                    patterns.push(variant);
                    entries_of_pattern.push(Vec::new());
                    next
                });
                entries_of_pattern[pattern].push(entry);
                literal.get_or_insert(pattern);
            }
            entries.push(Entry {
                payload: spec.payload,
                channel: spec.channel,
                open_start,
                open_end,
                literal: literal.unwrap_or(0),
            });
        }
        let automaton = AhoCorasick::new(&patterns)
            .map_err(|e| (String::new(), format!("cannot compile terms: {e}")))?;
        Ok(TermSet {
            automaton,
            entries_of_pattern,
            entries,
        })
    }

    pub fn payload(&self, entry: usize) -> &P {
        &self.entries[entry].payload
    }

    /// All non-overlapping (per channel) whole-word occurrences, in text order.
    pub fn find(&self, doc: &Folded) -> Vec<Hit> {
        let mut candidates: Vec<(Hit, usize)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(&doc.text) {
            for &entry in &self.entries_of_pattern[m.pattern().as_usize()] {
                let e = &self.entries[entry];
                let starts_ok = e.open_start || doc.is_boundary(m.start());
                let ends_ok = e.open_end || doc.is_boundary(m.end());
                if !(starts_ok && ends_ok) {
                    continue;
                }
                let start = if e.open_start {
                    doc.word_start(m.start())
                } else {
                    m.start()
                };
                let end = if e.open_end {
                    doc.word_end(m.end())
                } else {
                    m.end()
                };
                candidates.push((Hit { entry, start, end }, m.end() - m.start()));
            }
        }
        // Longest span first; on equal spans the longer literal (the more specific
        // rule, e.g. "fachkräftemangel" over "fachkräfte*") wins.
        candidates.sort_by(|(a, alen), (b, blen)| {
            (b.end - b.start)
                .cmp(&(a.end - a.start))
                .then(blen.cmp(alen))
                .then(a.start.cmp(&b.start))
                .then(a.entry.cmp(&b.entry))
        });
        let mut taken: Vec<Hit> = Vec::new();
        for (hit, _) in candidates {
            let channel = self.entries[hit.entry].channel;
            let clashes = taken.iter().any(|t| {
                self.entries[t.entry].channel == channel
                    && t.start < hit.end
                    && hit.start < t.end
                    && !(t.start == hit.start
                        && t.end == hit.end
                        && t.entry != hit.entry
                        && self.entries_share_literal(t.entry, hit.entry))
            });
            if !clashes {
                taken.push(hit);
            }
        }
        taken.sort_by_key(|h| (h.start, h.entry));
        taken
    }

    /// Two entries for the very same literal (a place name listed under two states)
    /// both stand, so that the caller can see the ambiguity.
    fn entries_share_literal(&self, a: usize, b: usize) -> bool {
        self.entries[a].literal == self.entries[b].literal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(terms: &[&str]) -> TermSet<String> {
        let specs = terms.iter().map(|t| TermSpec {
            written: t.to_string(),
            payload: t.to_string(),
            channel: 0,
        });
        TermSet::build(specs, true).expect("valid terms")
    }

    fn found(set: &TermSet<String>, text: &str) -> Vec<String> {
        let doc = Folded::new(text);
        set.find(&doc)
            .iter()
            .map(|h| set.payload(h.entry).clone())
            .collect()
    }

    #[test]
    fn prefix_rule_matches_compounds_but_not_inside_words() {
        let s = set(&["fachkräfte*"]);
        assert_eq!(found(&s, "Fachkräftegewinnung"), ["fachkräfte*"]);
        assert_eq!(
            found(&s, "das Fachkraefteeinwanderungsgesetz"),
            ["fachkräfte*"]
        );
        assert!(found(&s, "Pflegefachkräfte").is_empty());
    }

    #[test]
    fn suffix_rule_matches_the_end_of_compounds() {
        let s = set(&["*weiterbildung"]);
        assert_eq!(
            found(&s, "berufliche Anpassungsweiterbildung"),
            ["*weiterbildung"]
        );
        assert!(found(&s, "Weiterbildungen").is_empty());
    }

    #[test]
    fn the_more_specific_rule_wins_an_overlap() {
        let s = set(&["fachkräfte*", "fachkräftemangel"]);
        assert_eq!(found(&s, "wegen des Fachkräfte-Mangels"), ["fachkräfte*"]);
        assert_eq!(found(&s, "Fachkräftemangel"), ["fachkräftemangel"]);
    }

    #[test]
    fn multi_word_terms_match_spaced_hyphenated_and_joined() {
        let s = set(&["welcome center"]);
        for text in ["Welcome Center", "Welcome-Center", "WelcomeCenter"] {
            assert_eq!(found(&s, text), ["welcome center"], "{text}");
        }
    }

    #[test]
    fn malformed_terms_are_rejected() {
        let bad = TermSet::build(
            [TermSpec {
                written: "a*b".to_string(),
                payload: (),
                channel: 0,
            }],
            true,
        );
        assert!(bad.is_err());
        let bad = TermSet::build(
            [TermSpec {
                written: "*".to_string(),
                payload: (),
                channel: 0,
            }],
            true,
        );
        assert!(bad.is_err());
    }
}
