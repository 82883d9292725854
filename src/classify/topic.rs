//! Topics (DESIGN.md §5 slugs), multi-label: each topic whose term evidence reaches
//! its threshold, only for relevant articles.

use super::relevance::TermEvidence;
use super::rules::{Rules, Target};

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
        let tagged = total >= threshold;
        let verdict = if tagged { "≥" } else { "<" };
        reasons.push(format!(
            "topic {slug}: {total:.1} {verdict} {threshold:.1} ({})",
            parts.join(", ")
        ));
        if tagged {
            topics.push((slug.to_string(), total));
        }
    }
    topics
}
