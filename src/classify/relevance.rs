//! Weighted term evidence: how much each matched rule term contributes, shared by the
//! relevance decision and the topic scores, each step written down as a reason.

use std::collections::BTreeMap;

use super::matcher::Hit;
use super::rules::{Rules, Target, TermMeaning};

/// One rule term's occurrences in a document.
#[derive(Debug, Clone)]
pub struct TermEvidence<'r> {
    pub meaning: &'r TermMeaning,
    pub in_title: usize,
    pub in_body: usize,
}

impl TermEvidence<'_> {
    /// A title occurrence counts `title_factor` times; repeats in the body add a
    /// diminishing share, capped, so that one word said ten times is not a topic.
    pub fn points(&self, rules: &Rules) -> f64 {
        let w = self.meaning.weight;
        let title = if self.in_title > 0 {
            rules.title_factor
        } else {
            0.0
        };
        let body = match self.in_body.min(rules.max_repeats) {
            0 => 0.0,
            n => 1.0 + rules.repeat_factor * (n - 1) as f64,
        };
        w * (title + body)
    }

    pub fn describe(&self, rules: &Rules) -> String {
        let mut where_ = Vec::new();
        if self.in_title > 0 {
            where_.push(format!("title ×{}", rules.title_factor));
        }
        if self.in_body > 1 {
            where_.push(format!("{}× in body", self.in_body));
        }
        let suffix = if where_.is_empty() {
            String::new()
        } else {
            format!(" ({})", where_.join(", "))
        };
        format!(
            "{:+.1} '{}'{suffix}",
            self.points(rules),
            self.meaning.written
        )
    }
}

/// Groups title and body hits by rule term, in the order terms were first seen.
pub fn collect<'r>(
    rules: &'r Rules,
    title_hits: &[Hit],
    body_hits: &[Hit],
) -> Vec<TermEvidence<'r>> {
    let mut by_entry: BTreeMap<usize, TermEvidence<'r>> = BTreeMap::new();
    for (hits, in_title) in [(title_hits, true), (body_hits, false)] {
        for hit in hits {
            let e = by_entry.entry(hit.entry).or_insert_with(|| TermEvidence {
                meaning: rules.terms.payload(hit.entry),
                in_title: 0,
                in_body: 0,
            });
            if in_title {
                e.in_title += 1;
            } else {
                e.in_body += 1;
            }
        }
    }
    by_entry.into_values().collect()
}

/// The relevance score and its reasons.
pub fn score(
    rules: &Rules,
    evidence: &[TermEvidence],
    topics: &[(String, f64)],
    reasons: &mut Vec<String>,
) -> (f64, bool) {
    let mut total = 0.0;
    for e in evidence {
        if let Target::Relevance { group } = &e.meaning.target {
            total += e.points(rules);
            reasons.push(format!("relevance: {} [{group}]", e.describe(rules)));
        }
    }
    let topic_points: f64 =
        topics.iter().map(|(_, points)| points).sum::<f64>() * rules.topic_share;
    if topic_points > 0.0 {
        let names: Vec<&str> = topics.iter().map(|(slug, _)| slug.as_str()).collect();
        reasons.push(format!(
            "relevance: {topic_points:+.1} from topics {} (×{})",
            names.join(", "),
            rules.topic_share
        ));
        total += topic_points;
    }
    let relevant = total >= rules.threshold;
    let verdict = if relevant { "≥" } else { "<" };
    reasons.push(format!(
        "relevance: score {total:.1} {verdict} threshold {:.1}",
        rules.threshold
    ));
    (total, relevant)
}
