//! The relevance and topic rules file (data/topics.toml): raw serde structs that keep
//! spans, validated into one compiled term set. Errors name file:line and the key.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::ClassifyError;
use super::matcher::{TermSet, TermSpec};
use crate::vocab;
use located::{Located, positive};
pub use recruiting::Recruiting;
use recruiting::{RawRecruiting, recruiting_specs};
pub use subjects::Outweighed;
use subjects::{RawSubject, subject_specs};
use topics::{RawTopic, RawTopicChoice, topic_choice, topic_limits, topic_specs, vocab_topic};

mod located;
mod recruiting;
mod subjects;
mod topics;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    relevance: RawRelevance,
    #[serde(default)]
    topics: BTreeMap<String, Spanned<RawTopic>>,
    #[serde(default)]
    topic_choice: Option<RawTopicChoice>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelevance {
    threshold: Spanned<f64>,
    title_factor: Spanned<f64>,
    repeat_factor: Spanned<f64>,
    max_repeats: Spanned<i64>,
    topic_share: Spanned<f64>,
    #[serde(default)]
    stated_topic_share: Option<Spanned<f64>>,
    #[serde(default)]
    lead_chars: Option<Spanned<i64>>,
    #[serde(default)]
    passing_factor: Option<Spanned<f64>>,
    #[serde(default)]
    anchor_weight: Option<Spanned<f64>>,
    #[serde(default)]
    strong_weight: Option<Spanned<f64>>,
    groups: BTreeMap<String, Spanned<RawGroup>>,
    #[serde(default)]
    subjects: BTreeMap<String, Spanned<RawSubject>>,
    #[serde(default)]
    measures: Vec<Spanned<String>>,
    /// Institutions named like a measure ("Bundesagentur" is no agency of ours): being
    /// the longer match, they keep the measure from being counted.
    #[serde(default)]
    not_measures: Vec<Spanned<String>>,
    /// Professions courted: see `Recruiting`.
    #[serde(default)]
    recruiting: Vec<Spanned<RawRecruiting>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    weight: Spanned<f64>,
    terms: Vec<Spanned<String>>,
}

/// Weights of a topic's term lists; the file sets only each topic's threshold.
pub const TOPIC_STRONG_WEIGHT: f64 = 2.0;
pub const TOPIC_WEAK_WEIGHT: f64 = 1.0;

/// What a matched term means.
#[derive(Debug, Clone)]
pub struct TermMeaning {
    pub written: String,
    pub weight: f64,
    pub target: Target,
    /// A topic's name of an organisation (`names`): counts only beside another term.
    pub name: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Relevance {
        group: String,
    },
    Topic {
        slug: &'static str,
    },
    /// A subject other than ours (a strike, an accident, exam results): named in the
    /// headline or lead, it outweighs evidence that does not name our subject there.
    Subject {
        label: String,
        yields_to_measures: bool,
        outweighed_by: Outweighed,
        yields_to_topics: Vec<&'static str>,
    },
    /// A measure ("Kampagne", "Landesprogramm", "Fonds"): up front beside a facet topic
    /// stated there, it makes the facet the subject ("Pendler-Kampagne").
    Measure,
    /// An institution named like a measure ("Bundesagentur für Arbeit"): no measure.
    NotMeasure,
    /// A profession that is courted for recruits ("Lehrkräfte", "Polizei", "Hebammen"),
    /// in the recruiting frame of that index.
    Profession(usize),
    /// A word of courting recruits ("Nachwuchs", "Zulage", "lockt", "Stipendien").
    Courting(usize),
}

pub struct Rules {
    pub threshold: f64,
    pub title_factor: f64,
    pub repeat_factor: f64,
    pub max_repeats: usize,
    /// Share of each reached topic's score added to relevance: naming the subject's
    /// facets (recognition, welcome centres, returnees) is evidence even without "Fachkräfte".
    pub topic_share: f64,
    /// The share for a topic one of whose strong terms stands in the headline or lead.
    pub stated_topic_share: f64,
    /// Characters of the body that count as its lead, where the subject is stated.
    pub lead_chars: usize,
    /// What a term found only after the lead is worth: a passing sentence barely counts.
    pub passing_factor: f64,
    /// Relevance terms from this weight up name the subject; one of them must stand in
    /// the headline or lead (or two strong ones anywhere) for an article to be relevant.
    pub anchor_weight: f64,
    /// Relevance terms from this weight up name the subject outright, enough to
    /// outweigh another subject in the headline.
    pub strong_weight: f64,
    /// (slug, threshold) in vocabulary order.
    pub topics: Vec<(&'static str, f64)>,
    /// Topics that are facets of the subject, said of much else too ("Kooperation",
    /// "Ausbildung", "ländlicher Raum"): they add to relevance only beside a subject term
    /// of ours up front or a topic that is not a facet.
    pub facets: Vec<&'static str>,
    /// Topics that need more than one mention: (slug, occurrences, a headline one counting twice).
    pub min_mentions: Vec<(&'static str, usize)>,
    /// Topics that need one of their strong terms in the headline or lead (`up_front`).
    pub stated_up_front: Vec<&'static str>,
    /// (topic, other): the topic's weak terms alone do not make it when `other` is reached
    /// ("ausländische Abschlüsse" are recognition's words, not immigration's).
    pub weak_yields_to: Vec<(&'static str, &'static str)>,
    /// At most this many topics per article, the highest scores first (`topic_choice`).
    pub max_topics: usize,
    /// A reached topic scoring under this share of the article's best topic is an aside.
    pub share_of_best: f64,
    /// Frames of a profession and a word of courting it up front (`[[relevance.recruiting]]`).
    pub recruiting: Vec<Recruiting>,
    pub terms: TermSet<TermMeaning>,
}

/// A term with where it was written, what it means and its overlap channel.
type Spec<'a> = (&'a Spanned<String>, String, TermMeaning, usize);

/// Overlapping matches compete within a channel: relevance terms in 0, each topic in
/// its own, other subjects after the topics, then measures, professions and their means.
pub(super) fn subject_channel() -> usize {
    vocab::TOPICS.len() + 1
}

impl Rules {
    pub fn parse(text: &str, file: &str) -> Result<Rules, ClassifyError> {
        let at = Located { file, text };
        let raw: RawRules = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let message = e.message().to_string();
            let key = message.split('`').nth(1).unwrap_or("syntax").to_string();
            at.error(offset, &key, message)
        })?;
        let mut specs = group_specs(&at, &raw.relevance)?;
        specs.extend(subject_specs(&at, &raw.relevance.subjects)?);
        specs.extend(raw.relevance.measures.iter().map(|term| {
            let m = meaning(term, 0.0, Target::Measure);
            (
                term,
                "relevance.measures".to_string(),
                m,
                subject_channel() + 1,
            )
        }));
        specs.extend(raw.relevance.not_measures.iter().map(|term| {
            let m = meaning(term, 0.0, Target::NotMeasure);
            (
                term,
                "relevance.not_measures".to_string(),
                m,
                subject_channel() + 1,
            )
        }));
        let (recruiting, recruiting_specs) = recruiting_specs(&at, &raw.relevance.recruiting)?;
        specs.extend(recruiting_specs);
        let (topics, topic_specs) = topic_specs(&at, &raw.topics)?;
        specs.extend(topic_specs);
        let terms = compile(&at, specs)?;
        let mut rules = Rules::parameters(&at, &raw.relevance, topics, terms)?;
        rules.recruiting = recruiting;
        rules.facets = (raw.topics.iter())
            .filter(|(_, topic)| topic.get_ref().facet)
            .filter_map(|(slug, _)| vocab_topic(slug))
            .collect();
        topic_limits(&at, &raw.topics, &mut rules)?;
        if let Some(choice) = &raw.topic_choice {
            topic_choice(&at, choice, &mut rules)?;
        }
        Ok(rules)
    }

    fn parameters(
        at: &Located,
        rel: &RawRelevance,
        topics: Vec<(&'static str, f64)>,
        terms: TermSet<TermMeaning>,
    ) -> Result<Rules, ClassifyError> {
        let threshold = positive(at, &rel.threshold, "relevance.threshold")?;
        let lead_chars = match &rel.lead_chars {
            Some(v) => at.count(v, "relevance.lead_chars", 0..=10_000)?,
            None => 400,
        };
        let anchor_weight = at.ranged(
            rel.anchor_weight.as_ref(),
            "relevance.anchor_weight",
            0.0..=100.0,
            0.0,
        )?;
        let topic_share = at.ranged(
            Some(&rel.topic_share),
            "relevance.topic_share",
            0.0..=2.0,
            0.5,
        )?;
        Ok(Rules {
            threshold,
            title_factor: at.ranged(
                Some(&rel.title_factor),
                "relevance.title_factor",
                1.0..=10.0,
                2.0,
            )?,
            repeat_factor: at.ranged(
                Some(&rel.repeat_factor),
                "relevance.repeat_factor",
                0.0..=1.0,
                0.5,
            )?,
            max_repeats: at.count(&rel.max_repeats, "relevance.max_repeats", 1..=20)?,
            topic_share,
            stated_topic_share: at.ranged(
                rel.stated_topic_share.as_ref(),
                "relevance.stated_topic_share",
                0.0..=2.0,
                topic_share,
            )?,
            lead_chars,
            passing_factor: at.ranged(
                rel.passing_factor.as_ref(),
                "relevance.passing_factor",
                0.0..=1.0,
                1.0,
            )?,
            anchor_weight,
            strong_weight: at.ranged(
                rel.strong_weight.as_ref(),
                "relevance.strong_weight",
                0.0..=100.0,
                anchor_weight,
            )?,
            topics,
            facets: Vec::new(),
            min_mentions: Vec::new(),
            stated_up_front: Vec::new(),
            weak_yields_to: Vec::new(),
            max_topics: vocab::TOPICS.len(),
            share_of_best: 0.0,
            recruiting: Vec::new(),
            terms,
        })
    }
}

fn group_specs<'a>(at: &Located, rel: &'a RawRelevance) -> Result<Vec<Spec<'a>>, ClassifyError> {
    let mut specs = Vec::new();
    for (name, group) in &rel.groups {
        let key = format!("relevance.groups.{name}");
        let weight = *group.get_ref().weight.get_ref();
        if !weight.is_finite() || weight == 0.0 {
            return Err(at.error(
                group.get_ref().weight.span().start,
                &format!("{key}.weight"),
                "must be a non-zero number",
            ));
        }
        for term in &group.get_ref().terms {
            let target = Target::Relevance {
                group: name.clone(),
            };
            specs.push((
                term,
                format!("{key}.terms"),
                meaning(term, weight, target),
                0,
            ));
        }
    }
    Ok(specs)
}

pub(super) fn meaning(term: &Spanned<String>, weight: f64, target: Target) -> TermMeaning {
    TermMeaning {
        written: term.get_ref().clone(),
        weight,
        target,
        name: false,
    }
}

/// Validates each term alone first, so a bad one is reported with its line.
fn compile(at: &Located, specs: Vec<Spec>) -> Result<TermSet<TermMeaning>, ClassifyError> {
    for (term, key, _, _) in &specs {
        let probe = TermSpec {
            written: term.get_ref().clone(),
            payload: (),
            channel: 0,
        };
        if let Err((_, message)) = TermSet::build([probe], true) {
            return Err(at.error(
                term.span().start,
                key,
                format!("term {:?}: {message}", term.get_ref()),
            ));
        }
    }
    TermSet::build(
        specs.into_iter().map(|(_, _, payload, channel)| TermSpec {
            written: payload.written.clone(),
            payload,
            channel,
        }),
        true,
    )
    .map_err(|(_, message)| at.error(0, "terms", message))
}
