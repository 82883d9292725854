//! Topics (DESIGN.md §5 slugs), multi-label: each topic whose term evidence reaches
//! its threshold, only for relevant articles.

use super::decimal::OneDecimal;
use super::relevance::TermEvidence;
use super::rules::{Rules, TOPIC_STRONG_WEIGHT, Target};

/// How one topic fared: its evidence and, when it has enough points but is not
/// tagged, why not. Turned into a reason only for articles that show their topics.
pub struct Verdict<'e, 'r> {
    slug: &'r str,
    threshold: f64,
    total: f64,
    terms: Vec<&'e TermEvidence<'r>>,
    failed: Option<String>,
}

impl Verdict<'_, '_> {
    fn tagged(&self) -> bool {
        self.total >= self.threshold && self.failed.is_none()
    }

    /// `topic SLUG: TOTAL ≥|< THRESHOLD (the terms' points)` and why a topic with
    /// enough points is not tagged.
    pub fn reason(&self, rules: &Rules) -> String {
        let verdict = if self.tagged() { "≥" } else { "<" };
        let note = match &self.failed {
            Some(failed) if self.total >= self.threshold => failed.as_str(),
            _ => "",
        };
        let parts: Vec<String> = self.terms.iter().map(|e| e.describe(rules)).collect();
        format!(
            "topic {}: {} {verdict} {} ({}){note}",
            self.slug,
            OneDecimal(self.total),
            OneDecimal(self.threshold),
            parts.join(", ")
        )
    }
}

/// Topics reached, with their scores, and the verdict on every topic with evidence.
pub fn assign<'e, 'r>(
    rules: &'r Rules,
    evidence: &'e [TermEvidence<'r>],
) -> (Vec<(String, f64)>, Vec<Verdict<'e, 'r>>) {
    let mut found = Vec::new();
    for &(slug, threshold) in &rules.topics {
        let terms: Vec<&TermEvidence> = evidence
            .iter()
            .filter(|e| e.meaning.target == (Target::Topic { slug }) && e.meaning.weight > 0.0)
            .collect();
        if terms.is_empty() {
            continue;
        }
        let total: f64 = terms.iter().map(|e| e.points(rules)).sum();
        // A weak term is ambiguous alone, even in a title ("Region", "international"):
        // without a strong term it takes two different weak ones to make the topic.
        let strong = terms
            .iter()
            .any(|e| e.meaning.weight >= TOPIC_STRONG_WEIGHT);
        let mut failed = None;
        if !strong && terms.len() < 2 {
            failed = Some(", one weak term alone".to_string());
        } else if terms.iter().all(|e| e.meaning.name) {
            failed = Some(", organisations named, no word of the topic".to_string());
        }
        let wanted = (rules.min_mentions.iter())
            .find(|(s, _)| *s == slug)
            .map_or(1, |(_, n)| *n);
        let mentions: usize = terms
            .iter()
            .map(|e| 2 * e.in_title.min(1) + e.in_lead + e.in_rest)
            .sum();
        if failed.is_none() && mentions < wanted {
            failed = Some(format!(", {mentions} mention(s) of {wanted} needed"));
        }
        let stated = terms
            .iter()
            .any(|e| e.meaning.weight >= TOPIC_STRONG_WEIGHT && e.up_front());
        if failed.is_none() && rules.stated_up_front.contains(&slug) && !stated {
            failed = Some(", in passing only: no strong term in headline or lead".to_string());
        }
        found.push((
            Verdict {
                slug,
                threshold,
                total,
                terms,
                failed,
            },
            strong,
        ));
    }
    let reached: Vec<&str> = (found.iter())
        .filter(|(v, _)| v.tagged())
        .map(|(v, _)| v.slug)
        .collect();
    let mut topics = Vec::new();
    let mut verdicts = Vec::new();
    for (mut v, strong) in found {
        let yields_to = (rules.weak_yields_to.iter())
            .find(|(s, other)| *s == v.slug && reached.contains(other));
        if let (Some((_, other)), false, None) = (yields_to, strong, &v.failed) {
            v.failed = Some(format!(", weak terms only, read as {other}'s"));
        }
        if v.tagged() {
            topics.push((v.slug.to_string(), v.total));
        }
        verdicts.push(v);
    }
    (topics, verdicts)
}

#[cfg(test)]
mod tests {
    use crate::classify::{Classifier, Document};

    const RULES: &str = r#"
[relevance]
threshold = 1.0
title_factor = 2.0
repeat_factor = 0.5
max_repeats = 3
topic_share = 0.5
[relevance.groups.strong]
weight = 3.0
terms = ["fachkräftesicherung"]
[topics.ausbildung]
threshold = 3.0
strong = ["ausbildung*", "*ausbildung"]
[topics.laendlicher-raum]
threshold = 2.0
weak = ["landkreis", "region"]
"#;

    fn topics(title: &str, body: &str) -> Vec<String> {
        let c = Classifier::from_topics_str(RULES, "test rules").expect("valid test rules");
        c.classify(&Document {
            title,
            body,
            source_state: None,
        })
        .topics
    }

    #[test]
    fn a_word_matched_by_two_spellings_of_a_rule_counts_once() {
        // Counted twice, one "Ausbildung" would reach 4.0 ≥ 3.0.
        assert!(topics("Fachkräftesicherung", "Es geht um Ausbildung.").is_empty());
        assert_eq!(
            topics(
                "Fachkräftesicherung",
                "Ausbildung und noch mehr Ausbildung."
            ),
            ["ausbildung"]
        );
    }

    #[test]
    fn one_weak_term_alone_is_no_topic_even_in_the_title() {
        assert!(topics("Fachkräftesicherung im Landkreis", "Der Landkreis wirbt.").is_empty());
        assert_eq!(
            topics("Fachkräftesicherung im Landkreis", "Die Region wirbt."),
            ["laendlicher-raum"]
        );
    }
}
