//! Recruiting for one profession: a profession and a word of courting it, both in the
//! headline or lead, are one relevance term (see `Recruiting`). Below a strong term's
//! weight, it names the subject but outweighs no other one: police officers sworn in are
//! a ceremony, though "Polizei" and "Nachwuchs" stand in the headline.

use super::TermEvidence;
use crate::classify::rules::{Rules, Target};

/// Adds the first frame that stands to `evidence` (and a strong term of each topic it
/// states, where it stands), in an article about a German state
/// (`in_germany`: a Swiss report that its villages lack doctors courts no one of ours).
/// The profession is then the employer courting recruits, not another subject: a term
/// of a negative group written like the profession ("polizei*") is dropped.
pub fn add_frame<'r>(
    rules: &'r Rules,
    evidence: &mut Vec<TermEvidence<'r>>,
    in_germany: bool,
    reasons: &mut Vec<String>,
) {
    let first_up_front = |target: Target| {
        let target = &target;
        let found = || evidence.iter().filter(move |e| e.meaning.target == *target);
        (found().find(|e| e.in_title > 0)).or_else(|| found().find(|e| e.up_front()))
    };
    let Some((frame, profession, means)) =
        (rules.recruiting.iter().enumerate()).find_map(|(i, frame)| {
            let profession = first_up_front(Target::Profession(i))?;
            let means = first_up_front(Target::Courting(frame.means))?;
            Some((frame, profession, means))
        })
    else {
        return;
    };
    let named = format!(
        "{} up front ('{}', '{}')",
        frame.meaning.written, profession.meaning.written, means.meaning.written
    );
    if !in_germany {
        reasons.push(format!("relevance: {named}, but no German state named"));
        return;
    }
    reasons.push(format!("relevance: {named}"));
    let in_title = usize::from(profession.in_title + means.in_title > 0);
    let in_lead = usize::from(in_title == 0 || profession.in_lead + means.in_lead > 0);
    let professions: Vec<&'r str> = (evidence.iter())
        .filter(|e| matches!(e.meaning.target, Target::Profession(_)))
        .map(|e| e.meaning.written.as_str())
        .collect();
    evidence.retain(|e| {
        let employer = matches!(e.meaning.target, Target::Relevance { .. })
            && e.meaning.weight < 0.0
            && professions.contains(&e.meaning.written.as_str());
        if employer {
            reasons.push(format!(
                "relevance: '{}' is the employer courting recruits here, no other subject",
                e.meaning.written
            ));
        }
        !employer
    });
    for meaning in std::iter::once(&frame.meaning).chain(&frame.topics) {
        evidence.push(TermEvidence {
            meaning,
            in_title,
            in_lead,
            in_rest: 0,
        });
    }
}
