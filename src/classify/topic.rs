//! Topics (DESIGN.md §5 slugs), multi-label: each topic whose term evidence reaches
//! its threshold, only for relevant articles.

use super::relevance::TermEvidence;
use super::rules::{Rules, TOPIC_STRONG_WEIGHT, Target};

/// Topics reached, with their scores, and the reasons.
pub fn assign(
    rules: &Rules,
    evidence: &[TermEvidence],
    reasons: &mut Vec<String>,
) -> Vec<(String, f64)> {
    let mut topics = Vec::new();
    for &(slug, threshold) in &rules.topics {
        let mut total = 0.0;
        let mut parts = Vec::new();
        for e in evidence {
            if e.meaning.target == (Target::Topic { slug }) {
                total += e.points(rules);
                parts.push(e.describe(rules));
            }
        }
        if parts.is_empty() {
            continue;
        }
        // A weak term is ambiguous alone, even in a title ("Region", "international"):
        // without a strong term it takes two different weak ones to make the topic.
        let strong = evidence
            .iter()
            .filter(|e| e.meaning.target == (Target::Topic { slug }))
            .any(|e| e.meaning.weight >= TOPIC_STRONG_WEIGHT);
        let weak_terms = evidence
            .iter()
            .filter(|e| e.meaning.target == (Target::Topic { slug }))
            .count();
        let corroborated = strong || weak_terms >= 2;
        let tagged = total >= threshold && corroborated;
        let verdict = if tagged { "≥" } else { "<" };
        let note = if total >= threshold && !corroborated {
            ", one weak term alone"
        } else {
            ""
        };
        reasons.push(format!(
            "topic {slug}: {total:.1} {verdict} {threshold:.1} ({}){note}",
            parts.join(", ")
        ));
        if tagged {
            topics.push((slug.to_string(), total));
        }
    }
    topics
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
