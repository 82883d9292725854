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
