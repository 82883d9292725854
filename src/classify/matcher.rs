//! Many folded terms found in one pass (Aho-Corasick), filtered to whole words or
//! compound parts, with the longest match winning where terms of one channel overlap.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickKind};

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

/// Term sets up to this many patterns are compiled to a DFA, larger ones to an NFA. A DFA
/// searches faster but takes fifteen times the memory: for the embedded topic rules (782
/// patterns) 1.8 MB instead of 0.1 MB, for 12 % more articles per second in `cargo bench
/// --bench classify`; for the gazetteer (1,641) it would be 3.6 MB instead of 0.2 MB, more
/// than `run`'s memory budget spares.
const DFA_PATTERNS: usize = 1_000;

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

/// A hit before overlaps are resolved, with the length of the literal that matched.
struct Candidate {
    hit: Hit,
    literal_len: usize,
}

impl Candidate {
    /// The longest span first; on equal spans the longer literal, then text order.
    fn by_priority(a: &Candidate, b: &Candidate) -> Ordering {
        let (ah, bh) = (&a.hit, &b.hit);
        (bh.end - bh.start)
            .cmp(&(ah.end - ah.start))
            .then(b.literal_len.cmp(&a.literal_len))
            .then(ah.start.cmp(&bh.start))
            .then(ah.entry.cmp(&bh.entry))
    }
}

/// The word around the last position asked about: the matches inside one long
/// compound ("Fachkräfte-Fachkräfte-…" folds to one word) then scan it once, not once
/// each, which would be quadratic in the word's length.
#[derive(Default)]
struct WordAround {
    last: Option<(usize, usize)>,
}

impl WordAround {
    /// `(word_start(pos), word_end(pos))`: the same for every position within one word.
    fn around(&mut self, doc: &Folded, pos: usize) -> (usize, usize) {
        match self.last {
            Some((start, end)) if start <= pos && pos <= end => (start, end),
            _ => {
                let span = (doc.word_start(pos), doc.word_end(pos));
                self.last = Some(span);
                span
            }
        }
    }
}

/// A span taken in one channel, and the entries (all of one literal) that hold it.
struct TakenSpan {
    end: usize,
    entries: Vec<usize>,
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
        let automaton = AhoCorasick::builder()
            .kind(Some(if patterns.len() <= DFA_PATTERNS {
                AhoCorasickKind::DFA
            } else {
                AhoCorasickKind::ContiguousNFA
            }))
            .build(&patterns)
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
        self.resolve_overlaps(self.candidates(doc))
    }

    /// Every whole-word occurrence of every entry, overlaps included.
    fn candidates(&self, doc: &Folded) -> Vec<Candidate> {
        let mut candidates = Vec::new();
        let mut word = WordAround::default();
        for m in self.automaton.find_overlapping_iter(&doc.text) {
            for &entry in &self.entries_of_pattern[m.pattern().as_usize()] {
                let e = &self.entries[entry];
                let starts_ok = e.open_start || doc.is_boundary(m.start());
                let ends_ok = e.open_end || doc.is_boundary(m.end());
                if !(starts_ok && ends_ok) {
                    continue;
                }
                let start = if e.open_start {
                    word.around(doc, m.start()).0
                } else {
                    m.start()
                };
                let end = if e.open_end {
                    word.around(doc, m.end()).1
                } else {
                    m.end()
                };
                candidates.push(Candidate {
                    hit: Hit { entry, start, end },
                    literal_len: m.end() - m.start(),
                });
            }
        }
        candidates
    }

    /// Greedy by priority: the longest span first; on equal spans the longer literal
    /// (the more specific rule, e.g. "fachkräftemangel" over "fachkräfte*") wins. A
    /// candidate stands unless it overlaps one already taken in its channel.
    ///
    /// The spans taken in one channel never overlap each other, except that entries of
    /// one literal may share the very same span; so they are kept per channel ordered
    /// by start, grouped by span, and only the last group starting before a candidate's
    /// end can overlap it. That makes the whole resolution O(n log n) in the number of
    /// candidates.
    fn resolve_overlaps(&self, mut candidates: Vec<Candidate>) -> Vec<Hit> {
        candidates.sort_by(Candidate::by_priority);
        let mut taken_by_channel: HashMap<usize, BTreeMap<usize, TakenSpan>> = HashMap::new();
        let mut taken: Vec<Hit> = Vec::new();
        for Candidate { hit, .. } in candidates {
            // Patterns are never empty, so neither is a span: every span is a real
            // interval and the ordering argument above holds.
            debug_assert!(hit.start < hit.end);
            let spans = taken_by_channel
                .entry(self.entries[hit.entry].channel)
                .or_default();
            let overlapping = spans
                .range(..hit.end)
                .next_back()
                .filter(|(_, span)| span.end > hit.start);
            match overlapping {
                None => {
                    spans.insert(
                        hit.start,
                        TakenSpan {
                            end: hit.end,
                            entries: vec![hit.entry],
                        },
                    );
                }
                Some((&start, span)) => {
                    let same_span = start == hit.start && span.end == hit.end;
                    let stands_beside_all = span.entries.iter().all(|&other| {
                        other != hit.entry && self.entries_share_literal(other, hit.entry)
                    });
                    if !(same_span && stands_beside_all) {
                        continue;
                    }
                    if let Some(span) = spans.get_mut(&start) {
                        span.entries.push(hit.entry);
                    }
                }
            }
            taken.push(hit);
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
mod tests;
