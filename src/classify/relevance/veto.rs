//! Other subjects named in the headline or lead (a strike, a demand, an anniversary …)
//! and what of ours outweighs each of them.

use super::{TermEvidence, strong_topic_term, subject_terms};
use crate::classify::rules::{Outweighed, Rules, Target};

/// Another subject in the headline or lead outweighs evidence unless a strong term of
/// ours stands in the headline, or two (or one twice) in headline and lead ("Warnstreik an Kitas" is
/// about a strike, not about staff; a labour-market report mentioning "Fachkräftebedarf"
/// is still a report). Each subject says what else outweighs it: a measure up front, one
/// strong term, a topic of ours stated up front, or nothing but a measure. And the
/// headline states the subject: a measure there beside a topic of ours stated there
/// outweighs another subject named only in the lead ("Land fördert Initiativen für
/// Rückkehrer" over a lead recalling the years of unemployment).
pub(super) fn vetoed(
    rules: &Rules,
    evidence: &[TermEvidence],
    topics: &[(String, f64)],
    in_germany: bool,
    reasons: &mut Vec<String>,
) -> bool {
    // Another subject in the headline speaks louder than one in the lead.
    let others =
        || (evidence.iter()).filter(|e| matches!(e.meaning.target, Target::Subject { .. }));
    let Some(other) =
        (others().find(|e| e.in_title > 0)).or_else(|| others().find(|e| e.up_front()))
    else {
        return false;
    };
    let Target::Subject {
        label,
        yields_to_measures,
        outweighed_by,
        yields_to_topics,
    } = &other.meaning.target
    else {
        return false;
    };
    if *yields_to_measures
        && let Some(measure) = evidence
            .iter()
            .find(|e| e.meaning.target == Target::Measure && e.up_front())
    {
        reasons.push(format!(
            "relevance: other subject '{label}' ('{}') up front, outweighed by the measure '{}'",
            other.meaning.written, measure.meaning.written
        ));
        return false;
    }
    if other.in_title == 0
        && *outweighed_by != Outweighed::GermanPlace
        && let Some(ours) = headline_measure(evidence, topics)
    {
        reasons.push(format!(
            "relevance: other subject '{label}' ('{}') only in the lead, outweighed by {ours} in the headline",
            other.meaning.written
        ));
        return false;
    }
    if let Some((slug, _)) = topics.iter().find(|(slug, _)| {
        yields_to_topics.contains(&slug.as_str())
            && strong_topic_term(evidence, slug, false).is_some()
    }) {
        reasons.push(format!(
            "relevance: other subject '{label}' ('{}') up front, outweighed by topic {slug} stated there",
            other.meaning.written
        ));
        return false;
    }
    if let Some(ours) = strong_term_outweighing(rules, evidence, *outweighed_by, in_germany) {
        reasons.push(format!(
            "relevance: other subject '{label}' ('{}') up front, outweighed by '{}'",
            other.meaning.written, ours.meaning.written
        ));
        return false;
    }
    let beside = match outweighed_by {
        Outweighed::MeasuresOnly => "no measure of ours",
        Outweighed::GermanPlace if !in_germany => "no state of Germany",
        _ => "no strong term of ours",
    };
    reasons.push(format!(
        "relevance: not relevant, the subject is {label} ('{}' in headline or lead) and {beside} stands beside it",
        other.meaning.written
    ));
    true
}

/// The strong term of ours up front that outweighs a subject, by what the subject says
/// outweighs it.
fn strong_term_outweighing<'e, 'r>(
    rules: &Rules,
    evidence: &'e [TermEvidence<'r>],
    outweighed_by: Outweighed,
    in_germany: bool,
) -> Option<&'e TermEvidence<'r>> {
    let strong_up_front: Vec<&TermEvidence> = subject_terms(evidence, rules.strong_weight)
        .filter(|e| e.up_front())
        .collect();
    match outweighed_by {
        // Strong terms of ours count only beside a German state the article names.
        Outweighed::GermanPlace if !in_germany => None,
        Outweighed::StrongTerms | Outweighed::GermanPlace => strong_up_front
            .iter()
            .find(|e| e.in_title > 0 || e.in_lead > 1)
            .or_else(|| strong_up_front.get(1))
            .copied(),
        Outweighed::OneStrongTerm => strong_up_front.first().copied(),
        Outweighed::MeasuresOnly => None,
    }
}

/// A measure and a topic of ours stated by a strong term, both in the headline.
fn headline_measure(evidence: &[TermEvidence], topics: &[(String, f64)]) -> Option<String> {
    let measure = evidence
        .iter()
        .find(|e| e.meaning.target == Target::Measure && e.in_title > 0)?;
    let (slug, _) = topics
        .iter()
        .find(|(slug, _)| strong_topic_term(evidence, slug, true).is_some())?;
    Some(format!(
        "the measure '{}' and topic {slug}",
        measure.meaning.written
    ))
}
