//! The topic tables of the rules file: each topic's terms, facet flag and limits.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::super::ClassifyError;
use super::located::{Located, positive};
use super::{Rules, Spec, TOPIC_STRONG_WEIGHT, TOPIC_WEAK_WEIGHT, Target, meaning};
use crate::vocab;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopic {
    pub threshold: Spanned<f64>,
    #[serde(default)]
    pub strong: Vec<Spanned<String>>,
    #[serde(default)]
    pub weak: Vec<Spanned<String>>,
    /// A facet of the subject (training, cooperation, rural areas …) rather than the
    /// subject itself: see [`Rules::facets`].
    #[serde(default)]
    pub facet: bool,
    /// Occurrences of the topic's terms needed (a headline one counts twice).
    #[serde(default)]
    pub min_mentions: Option<Spanned<i64>>,
    /// Needs one of its strong terms in the headline or lead.
    #[serde(default)]
    pub up_front: bool,
    /// Topics whose words this topic's weak terms are when that topic is reached.
    #[serde(default)]
    pub weak_yields_to: Vec<Spanned<String>>,
    /// Names that contain a term of the topic without being about it ("Integration durch
    /// Qualifizierung" is a programme, not further training): matched, worth nothing.
    #[serde(default)]
    pub neutral: Vec<Spanned<String>>,
    /// Organisations the topic's measures involve (chambers, agencies): worth a weak
    /// term, but only beside another term of the topic; named together they are just
    /// the article's cast ("Arbeitsagentur und Jobcenter" are no cooperation).
    #[serde(default)]
    pub names: Vec<Spanned<String>>,
}

/// How many of the reached topics an article shows: its main ones, not each aside.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopicChoice {
    #[serde(default)]
    pub max_topics: Option<Spanned<i64>>,
    #[serde(default)]
    pub share_of_best: Option<Spanned<f64>>,
}

pub type TopicSpecs<'a> = (Vec<(&'static str, f64)>, Vec<Spec<'a>>);

pub fn topic_specs<'a>(
    at: &Located,
    raw: &'a BTreeMap<String, Spanned<RawTopic>>,
) -> Result<TopicSpecs<'a>, ClassifyError> {
    let mut topics = Vec::new();
    let mut specs = Vec::new();
    for (slug, topic) in raw {
        let key = format!("topics.{slug}");
        let Some(position) = vocab::TOPICS.iter().position(|t| t == slug) else {
            return Err(at.error(
                topic.span().start,
                &key,
                format!("unknown topic; valid topics: {}", vocab::valid_topics()),
            ));
        };
        let slug = vocab::TOPICS[position];
        let threshold = positive(at, &topic.get_ref().threshold, &format!("{key}.threshold"))?;
        topics.push((slug, threshold));
        for (list, weight, name) in [
            (&topic.get_ref().strong, TOPIC_STRONG_WEIGHT, "strong"),
            (&topic.get_ref().weak, TOPIC_WEAK_WEIGHT, "weak"),
            (&topic.get_ref().neutral, 0.0, "neutral"),
            (&topic.get_ref().names, TOPIC_WEAK_WEIGHT, "names"),
        ] {
            for term in list {
                let target = Target::Topic { slug };
                let mut m = meaning(term, weight, target);
                m.name = name == "names";
                specs.push((term, format!("{key}.{name}"), m, 1 + position));
            }
        }
    }
    topics.sort_by_key(|(slug, _)| vocab::TOPICS.iter().position(|t| t == slug));
    Ok((topics, specs))
}

pub fn vocab_topic(slug: &str) -> Option<&'static str> {
    vocab::TOPICS.iter().copied().find(|t| *t == slug)
}

/// Each topic's `up_front`, `min_mentions` and `weak_yields_to`, checked.
pub fn topic_limits(
    at: &Located,
    raw: &BTreeMap<String, Spanned<RawTopic>>,
    rules: &mut Rules,
) -> Result<(), ClassifyError> {
    for (slug, topic) in raw {
        let Some(slug) = vocab_topic(slug) else {
            continue; // reported by topic_specs
        };
        if topic.get_ref().up_front {
            rules.stated_up_front.push(slug);
        }
        if let Some(n) = &topic.get_ref().min_mentions {
            let key = format!("topics.{slug}.min_mentions");
            rules.min_mentions.push((slug, at.count(n, &key, 1..=20)?));
        }
        for other in &topic.get_ref().weak_yields_to {
            let Some(other_slug) = vocab_topic(other.get_ref()) else {
                return Err(at.error(
                    other.span().start,
                    &format!("topics.{slug}.weak_yields_to"),
                    format!("unknown topic; valid topics: {}", vocab::valid_topics()),
                ));
            };
            rules.weak_yields_to.push((slug, other_slug));
        }
    }
    Ok(())
}

/// `[topic_choice]`: `max_topics` and `share_of_best`, checked.
pub fn topic_choice(
    at: &Located,
    choice: &RawTopicChoice,
    rules: &mut Rules,
) -> Result<(), ClassifyError> {
    if let Some(n) = &choice.max_topics {
        rules.max_topics = at.count(n, "topic_choice.max_topics", 1..=vocab::TOPICS.len())?;
    }
    rules.share_of_best = at.ranged(
        choice.share_of_best.as_ref(),
        "topic_choice.share_of_best",
        0.0..=1.0,
        0.0,
    )?;
    Ok(())
}
