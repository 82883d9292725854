//! Other subjects of the rules file (`[relevance.subjects.NAME]`): what they are called,
//! their terms and what of ours outweighs them.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::super::ClassifyError;
use super::located::Located;
use super::topics::vocab_topic;
use super::{Spec, Target, meaning, subject_channel};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSubject {
    label: Spanned<String>,
    terms: Vec<Spanned<String>>,
    /// A measure of ours up front outweighs this subject (a comment on a programme).
    #[serde(default)]
    yields_to_measures: bool,
    /// What of ours up front outweighs the subject: "strong terms" (the default: one
    /// in the headline, or two in headline and lead), "one strong term" (the anniversary
    /// of an alliance of ours is about the alliance), "measures only" (a demand for
    /// foreign nurses names our subject and still is a demand), or "a place in Germany"
    /// (an Austrian state's recruiting programme is Austrian news).
    #[serde(default)]
    outweighed_by: Option<Spanned<String>>,
    /// Topics that, stated up front, make this subject ours (new apprentices recruited
    /// abroad are a recruitment, not a firm's routine start).
    #[serde(default)]
    yields_to_topics: Vec<Spanned<String>>,
}

/// What of ours, in the headline or lead, outweighs another subject named there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outweighed {
    /// A strong term in the headline, or two (or one twice) in headline and lead.
    StrongTerms,
    /// One strong term in headline or lead.
    OneStrongTerm,
    /// Only a measure up front (see `yields_to_measures`); strong terms do not.
    MeasuresOnly,
    /// Only a place in Germany the article is about (a state tagged): news from abroad
    /// stays foreign news whatever measure of ours it names.
    GermanPlace,
}

pub(super) fn subject_specs<'a>(
    at: &Located,
    subjects: &'a BTreeMap<String, Spanned<RawSubject>>,
) -> Result<Vec<Spec<'a>>, ClassifyError> {
    let mut specs = Vec::new();
    for (name, subject) in subjects {
        let key = format!("relevance.subjects.{name}");
        let label = subject.get_ref().label.get_ref().trim().to_string();
        if label.is_empty() {
            return Err(at.error(
                subject.get_ref().label.span().start,
                &format!("{key}.label"),
                "must name the subject",
            ));
        }
        let outweighed_by = match subject.get_ref().outweighed_by.as_ref() {
            None => Outweighed::StrongTerms,
            Some(v) => match v.get_ref().as_str() {
                "strong terms" => Outweighed::StrongTerms,
                "one strong term" => Outweighed::OneStrongTerm,
                "measures only" => Outweighed::MeasuresOnly,
                "a place in germany" => Outweighed::GermanPlace,
                other => {
                    return Err(at.error(
                        v.span().start,
                        &format!("{key}.outweighed_by"),
                        format!(
                            "unknown value {other:?} (\"strong terms\", \"one strong term\", \"measures only\" or \"a place in germany\")"
                        ),
                    ));
                }
            },
        };
        let mut yields_to_topics = Vec::new();
        for topic in &subject.get_ref().yields_to_topics {
            let Some(slug) = vocab_topic(topic.get_ref()) else {
                return Err(at.error(
                    topic.span().start,
                    &format!("{key}.yields_to_topics"),
                    format!("unknown topic {:?}", topic.get_ref()),
                ));
            };
            yields_to_topics.push(slug);
        }
        for term in &subject.get_ref().terms {
            let target = Target::Subject {
                label: label.clone(),
                yields_to_measures: subject.get_ref().yields_to_measures,
                outweighed_by,
                yields_to_topics: yields_to_topics.clone(),
            };
            let spec = (term, format!("{key}.terms"), meaning(term, 0.0, target));
            specs.push((spec.0, spec.1, spec.2, subject_channel()));
        }
    }
    Ok(specs)
}
