//! Relevance by the article's subject: weighted term evidence counted by where it
//! stands (headline, lead, a passing sentence further down), a subject anchor in the
//! headline or lead, and other subjects (strikes, accidents, exams …) that outweigh
//! evidence not naming ours there. Every step is written down as a reason.

use std::collections::BTreeMap;

use super::decimal::OneDecimal;
use super::matcher::Hit;
use super::rules::{Rules, TOPIC_STRONG_WEIGHT, Target, TermMeaning};
pub use recruiting::add_frame;
use veto::vetoed;

mod recruiting;
mod veto;

/// One rule term's occurrences in a document, by zone.
#[derive(Debug, Clone)]
pub struct TermEvidence<'r> {
    pub meaning: &'r TermMeaning,
    pub in_title: usize,
    pub in_lead: usize,
    pub in_rest: usize,
}

impl TermEvidence<'_> {
    /// A title occurrence counts `title_factor` times; repeats in the body add a
    /// diminishing share, capped, so that one word said ten times is not a topic; a
    /// term found only after the lead is a passing mention and counts `passing_factor`.
    pub fn points(&self, rules: &Rules) -> f64 {
        let w = self.meaning.weight;
        let title = if self.in_title > 0 {
            rules.title_factor
        } else {
            0.0
        };
        let body = match (self.in_lead + self.in_rest).min(rules.max_repeats) {
            0 => 0.0,
            n => 1.0 + rules.repeat_factor * (n - 1) as f64,
        };
        let zone = if self.in_lead > 0 {
            1.0
        } else {
            rules.passing_factor
        };
        w * (title + body * zone)
    }

    /// In the headline or the lead, where an article states its subject.
    pub fn up_front(&self) -> bool {
        self.in_title + self.in_lead > 0
    }

    pub fn describe(&self, rules: &Rules) -> String {
        let mut where_ = Vec::new();
        if self.in_title > 0 {
            where_.push(format!("title ×{}", rules.title_factor));
        }
        if self.in_lead == 0 && self.in_rest > 0 {
            where_.push(format!("passing ×{}", rules.passing_factor));
        }
        let body = self.in_lead + self.in_rest;
        if body > 1 {
            where_.push(format!("{body}× in body"));
        }
        let suffix = if where_.is_empty() {
            String::new()
        } else {
            format!(" ({})", where_.join(", "))
        };
        format!(
            "{:+} '{}'{suffix}",
            OneDecimal(self.points(rules)),
            self.meaning.written
        )
    }
}

/// Groups title and body hits by rule term, in the order terms were first seen; body
/// hits starting before `lead_end` (a byte offset) are in the lead.
pub fn collect<'r>(
    rules: &'r Rules,
    title_hits: &[Hit],
    body_hits: &[Hit],
    lead_end: usize,
) -> Vec<TermEvidence<'r>> {
    let mut by_entry: BTreeMap<usize, TermEvidence<'r>> = BTreeMap::new();
    for (hits, in_title) in [(title_hits, true), (body_hits, false)] {
        for (i, hit) in hits.iter().enumerate() {
            // "ausbildung*" and "*ausbildung" both match the bare word; one word is
            // one piece of evidence for its target, however many rules spell it.
            let meaning = rules.terms.payload(hit.entry);
            // Hits come sorted by start, so only the run just before can share the span.
            let counted_already = hits[..i]
                .iter()
                .rev()
                .take_while(|earlier| earlier.start == hit.start)
                .any(|earlier| {
                    earlier.end == hit.end
                        && rules.terms.payload(earlier.entry).target == meaning.target
                });
            if counted_already {
                continue;
            }
            let e = by_entry.entry(hit.entry).or_insert_with(|| TermEvidence {
                meaning,
                in_title: 0,
                in_lead: 0,
                in_rest: 0,
            });
            if in_title {
                e.in_title += 1;
            } else if hit.start < lead_end {
                e.in_lead += 1;
            } else {
                e.in_rest += 1;
            }
        }
    }
    by_entry.into_values().collect()
}

/// The relevance score, the verdict and its reasons.
/// `in_germany`: the article names a German state it is about (see
/// `Outweighed::GermanPlace`).
pub fn score(
    rules: &Rules,
    evidence: &[TermEvidence],
    topics: &[(String, f64)],
    in_germany: bool,
    reasons: &mut Vec<String>,
) -> (f64, bool) {
    let mut total = 0.0;
    for e in evidence {
        if let Target::Relevance { group } = &e.meaning.target {
            total += e.points(rules);
            reasons.push(format!("relevance: {} [{group}]", e.describe(rules)));
        }
    }
    let topics = &counted_topics(rules, evidence, topics, reasons);
    let mut topic_points = 0.0;
    let mut named = Vec::new();
    for (slug, points) in topics {
        let stated = strong_topic_term(evidence, slug, false).is_some();
        let share = if stated {
            rules.stated_topic_share
        } else {
            rules.topic_share
        };
        topic_points += points * share;
        named.push(format!("{slug} ×{share}"));
    }
    if topic_points > 0.0 {
        reasons.push(format!(
            "relevance: {:+} from topics {}",
            OneDecimal(topic_points),
            named.join(", ")
        ));
        total += topic_points;
    }
    let reached = total >= rules.threshold;
    let verdict = if reached { "≥" } else { "<" };
    reasons.push(format!(
        "relevance: score {} {verdict} threshold {}",
        OneDecimal(total),
        OneDecimal(rules.threshold)
    ));
    let relevant = reached
        && anchored(rules, evidence, topics, reasons)
        && !vetoed(rules, evidence, topics, in_germany, reasons);
    (total, relevant)
}

/// The reached topics that add to relevance. Facet topics (cooperation, training, rural
/// areas …) are said of much else: alone, without a subject term of ours in the headline
/// or lead, "zehn Jahre Kooperation" of a zoo or an apprentice's ceremony is no subject.
/// A measure up front beside a facet stated there makes one ("Azubi-Kampagne"). And no
/// topic counts in an article without one word of the field: refugees housed in a gym
/// or a naturalisation ceremony name immigration, not work.
fn counted_topics(
    rules: &Rules,
    evidence: &[TermEvidence],
    topics: &[(String, f64)],
    reasons: &mut Vec<String>,
) -> Vec<(String, f64)> {
    if topics.is_empty() {
        return Vec::new();
    }
    let field_word = evidence
        .iter()
        .any(|e| matches!(e.meaning.target, Target::Relevance { .. }) && e.meaning.weight > 0.0);
    if !field_word {
        reasons.push(
            "relevance: topics count for nothing in an article without a word of the field (skilled workers, apprentices, employers …)"
                .to_string(),
        );
        return Vec::new();
    }
    let is_facet = |slug: &str| rules.facets.contains(&slug);
    let subject = subject_terms(evidence, rules.anchor_weight).any(|e| e.up_front())
        || topics.iter().any(|(slug, _)| !is_facet(slug));
    if subject {
        return topics.to_vec();
    }
    let measure = evidence
        .iter()
        .find(|e| e.meaning.target == Target::Measure && e.up_front());
    let stated = topics
        .iter()
        .find(|(slug, _)| strong_topic_term(evidence, slug, false).is_some());
    if let (Some(measure), Some((slug, _))) = (measure, stated) {
        reasons.push(format!(
            "relevance: facet topic {slug} is the subject of a measure ('{}') up front",
            measure.meaning.written
        ));
        return topics.to_vec();
    }
    let facets: Vec<&str> = topics.iter().map(|(slug, _)| slug.as_str()).collect();
    reasons.push(format!(
        "relevance: facet topics {} count for nothing without a subject term or measure of ours in headline or lead",
        facets.join(", ")
    ));
    Vec::new()
}

/// Terms of relevance groups from `weight` up.
fn subject_terms<'a, 'r>(
    evidence: &'a [TermEvidence<'r>],
    weight: f64,
) -> impl Iterator<Item = &'a TermEvidence<'r>> {
    evidence.iter().filter(move |e| {
        matches!(e.meaning.target, Target::Relevance { .. }) && e.meaning.weight >= weight
    })
}

/// The subject must be stated up front: a subject term in the headline or lead, or
/// two different strong ones anywhere (a long report that names it further down).
fn anchored(
    rules: &Rules,
    evidence: &[TermEvidence],
    topics: &[(String, f64)],
    reasons: &mut Vec<String>,
) -> bool {
    if rules.anchor_weight <= 0.0 {
        return true;
    }
    if let Some(why) = anchored_by_topics(evidence, topics) {
        reasons.push(format!("relevance: {why}"));
        return true;
    }
    let front = up_front_score(rules, evidence, topics);
    if front >= rules.threshold {
        reasons.push(format!(
            "relevance: headline and lead alone score {}",
            OneDecimal(front)
        ));
        return true;
    }
    if let Some(e) = subject_terms(evidence, rules.anchor_weight).find(|e| e.up_front()) {
        reasons.push(format!(
            "relevance: subject '{}' stated in headline or lead",
            e.meaning.written
        ));
        return true;
    }
    let strong = subject_terms(evidence, rules.strong_weight).count();
    if strong >= 2 {
        reasons.push(format!(
            "relevance: {strong} strong subject terms in the body"
        ));
        return true;
    }
    reasons.push(
        "relevance: not relevant, the headline and lead do not name the subject (passing mentions only)"
            .to_string(),
    );
    false
}

/// The score of the headline and lead alone: relevance terms there, and topics one of
/// whose strong terms stands there.
fn up_front_score(rules: &Rules, evidence: &[TermEvidence], topics: &[(String, f64)]) -> f64 {
    let terms: f64 = evidence
        .iter()
        .filter(|e| matches!(e.meaning.target, Target::Relevance { .. }) && e.up_front())
        .map(|e| {
            TermEvidence {
                in_rest: 0,
                ..e.clone()
            }
            .points(rules)
        })
        .sum();
    let stated: f64 = topics
        .iter()
        .filter(|(slug, _)| strong_topic_term(evidence, slug, false).is_some())
        .map(|(_, points)| points * rules.stated_topic_share)
        .sum();
    terms + stated
}

/// A reached topic named by a strong term in the headline ("Kampagne zur Gewinnung von
/// Lehrlingen"), or two reached topics named up front ("Junge Ausländer starten
/// Ausbildung"), state the subject through its facets.
fn anchored_by_topics(evidence: &[TermEvidence], topics: &[(String, f64)]) -> Option<String> {
    let strong_up_front = |slug: &str, in_title: bool| strong_topic_term(evidence, slug, in_title);
    for (slug, _) in topics {
        if let Some(e) = strong_up_front(slug, true) {
            return Some(format!(
                "topic {slug} stated in the headline ('{}')",
                e.meaning.written
            ));
        }
    }
    let up_front: Vec<&str> = topics
        .iter()
        .filter(|(slug, _)| strong_up_front(slug, false).is_some())
        .map(|(slug, _)| slug.as_str())
        .collect();
    (up_front.len() >= 2).then(|| {
        format!(
            "topics {} stated in headline or lead",
            up_front.join(" and ")
        )
    })
}

/// A strong term of a topic in the headline (`in_title`) or in headline or lead.
fn strong_topic_term<'a, 'r>(
    evidence: &'a [TermEvidence<'r>],
    slug: &str,
    in_title: bool,
) -> Option<&'a TermEvidence<'r>> {
    evidence.iter().find(|e| {
        e.meaning.target
            == (Target::Topic {
                slug: topic_slug(slug),
            })
            && e.meaning.weight >= TOPIC_STRONG_WEIGHT
            && if in_title {
                e.in_title > 0
            } else {
                e.up_front()
            }
    })
}

/// The vocabulary's own slug for a topic name (topics carry `&'static str` slugs).
fn topic_slug(slug: &str) -> &'static str {
    crate::vocab::TOPICS
        .iter()
        .copied()
        .find(|t| *t == slug)
        .unwrap_or("")
}
