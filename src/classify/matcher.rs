//! Many folded terms found in one pass (Aho-Corasick), filtered to whole words or
//! compound parts, with the longest match winning where terms of one channel overlap.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored};

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

/// The search for terms that may start inside a word is a DFA up to this many patterns
/// (the embedded rules have 49), an NFA beyond: a DFA searches faster but takes fifteen
/// times the memory. The walks from word starts use a contiguous NFA whatever the size:
/// as a DFA the gazetteer's 12,305 patterns took 19 MB and searched slower (cache misses).
const DFA_PATTERNS: usize = 1_000;

/// Two searches over one set of patterns. Most terms must start a word, so their
/// patterns are walked from each word start only (`at_word_starts`, anchored: a walk
/// ends at the first byte no pattern continues with), which touches a few bytes per
/// word instead of every byte through the failure links; the terms that may start
/// inside a word (`*strategie`) keep an unanchored overlapping search of their own.
pub struct TermSet<P> {
    at_word_starts: contiguous::NFA,
    /// Where every walk from a word start begins (`at_word_starts`' anchored start).
    walk_start: StateID,
    anywhere: Option<AhoCorasick>,
    /// Pattern ids of `anywhere` → pattern ids of the whole set.
    anywhere_patterns: Vec<usize>,
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

/// A pattern found at `start..end`, by the search for terms that may start inside a
/// word (`open_start`) or by the walks from word starts.
struct Occurrence {
    pattern: usize,
    start: usize,
    end: usize,
    open_start: bool,
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
        fn cannot(e: impl std::fmt::Display) -> (String, String) {
            (String::new(), format!("cannot compile terms: {e}"))
        }
        let at_word_starts = contiguous::Builder::new()
            .prefilter(false)
            .build(&patterns)
            .map_err(cannot)?;
        let walk_start = (at_word_starts.start_state(Anchored::Yes)).map_err(cannot)?;
        let anywhere_patterns: Vec<usize> = (0..patterns.len())
            .filter(|&p| entries_of_pattern[p].iter().any(|&e| entries[e].open_start))
            .collect();
        let anywhere = if anywhere_patterns.is_empty() {
            None
        } else {
            let automaton = AhoCorasick::builder()
                .kind(Some(if anywhere_patterns.len() <= DFA_PATTERNS {
                    AhoCorasickKind::DFA
                } else {
                    AhoCorasickKind::ContiguousNFA
                }))
                .build(anywhere_patterns.iter().map(|&p| &patterns[p]))
                .map_err(cannot)?;
            Some(automaton)
        };
        Ok(TermSet {
            at_word_starts,
            walk_start,
            anywhere,
            anywhere_patterns,
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

    /// Every whole-word occurrence of every entry, overlaps included: the terms that
    /// start a word from the walks at word starts, those that may start inside one
    /// from the overlapping search.
    fn candidates(&self, doc: &Folded) -> Vec<Candidate> {
        let mut candidates = Vec::new();
        let mut word = WordAround::default();
        let bytes = doc.text.as_bytes();
        for start in doc.word_starts() {
            let mut state = self.walk_start;
            for (i, &byte) in bytes[start..].iter().enumerate() {
                state = self.at_word_starts.next_state(Anchored::Yes, state, byte);
                if self.at_word_starts.is_dead(state) {
                    break;
                }
                if !self.at_word_starts.is_match(state) {
                    continue;
                }
                let end = start + i + 1;
                for i in 0..self.at_word_starts.match_len(state) {
                    let pattern = self.at_word_starts.match_pattern(state, i);
                    // A state also holds the patterns that end here but start later.
                    if end - self.at_word_starts.pattern_len(pattern) == start {
                        self.push_candidates(
                            doc,
                            &mut word,
                            &mut candidates,
                            Occurrence {
                                pattern: pattern.as_usize(),
                                start,
                                end,
                                open_start: false,
                            },
                        );
                    }
                }
            }
        }
        if let Some(anywhere) = &self.anywhere {
            for m in anywhere.find_overlapping_iter(&doc.text) {
                let pattern = self.anywhere_patterns[m.pattern().as_usize()];
                self.push_candidates(
                    doc,
                    &mut word,
                    &mut candidates,
                    Occurrence {
                        pattern,
                        start: m.start(),
                        end: m.end(),
                        open_start: true,
                    },
                );
            }
        }
        candidates
    }

    /// The candidates one occurrence of a pattern gives: its entries that start a word
    /// (`open_start == false`) or those that need not, whichever search found it.
    fn push_candidates(
        &self,
        doc: &Folded,
        word: &mut WordAround,
        candidates: &mut Vec<Candidate>,
        found: Occurrence,
    ) {
        let Occurrence {
            pattern,
            start: m_start,
            end: m_end,
            open_start,
        } = found;
        for &entry in &self.entries_of_pattern[pattern] {
            let e = &self.entries[entry];
            if e.open_start != open_start || !(e.open_end || doc.is_boundary(m_end)) {
                continue;
            }
            let start = if e.open_start {
                word.around(doc, m_start).0
            } else {
                m_start
            };
            let end = if e.open_end {
                word.around(doc, m_end).1
            } else {
                m_end
            };
            candidates.push(Candidate {
                hit: Hit { entry, start, end },
                literal_len: m_end - m_start,
            });
        }
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
