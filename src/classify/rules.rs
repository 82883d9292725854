//! The relevance and topic rules file (data/topics.toml): raw serde structs that keep
//! spans, validated into one compiled term set. Errors name file:line and the key.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::ClassifyError;
use super::matcher::{TermSet, TermSpec};
use crate::vocab;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    relevance: RawRelevance,
    #[serde(default)]
    topics: BTreeMap<String, Spanned<RawTopic>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelevance {
    threshold: Spanned<f64>,
    title_factor: Spanned<f64>,
    repeat_factor: Spanned<f64>,
    max_repeats: Spanned<i64>,
    topic_share: Spanned<f64>,
    groups: BTreeMap<String, Spanned<RawGroup>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    weight: Spanned<f64>,
    terms: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    threshold: Spanned<f64>,
    #[serde(default)]
    strong: Vec<Spanned<String>>,
    #[serde(default)]
    weak: Vec<Spanned<String>>,
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
}

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Relevance { group: String },
    Topic { slug: &'static str },
}

pub struct Rules {
    pub threshold: f64,
    pub title_factor: f64,
    pub repeat_factor: f64,
    pub max_repeats: usize,
    /// Share of each reached topic's score added to relevance: naming the subject's
    /// facets (recognition, welcome centres, returnees) is evidence even without "Fachkräfte".
    pub topic_share: f64,
    /// (slug, threshold) in vocabulary order.
    pub topics: Vec<(&'static str, f64)>,
    pub terms: TermSet<TermMeaning>,
}

struct Located<'a> {
    file: &'a str,
    text: &'a str,
}

impl Located<'_> {
    fn error(&self, offset: usize, key: &str, message: impl Into<String>) -> ClassifyError {
        ClassifyError::Invalid {
            file: self.file.to_string(),
            line: line_of(self.text, offset),
            key: key.to_string(),
            message: message.into(),
        }
    }
}

pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
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
        let rel = &raw.relevance;
        let threshold = positive(&at, &rel.threshold, "relevance.threshold")?;
        let title_factor = *rel.title_factor.get_ref();
        if !(1.0..=10.0).contains(&title_factor) {
            return Err(at.error(
                rel.title_factor.span().start,
                "relevance.title_factor",
                "must be between 1 and 10",
            ));
        }
        let repeat_factor = *rel.repeat_factor.get_ref();
        if !(0.0..=1.0).contains(&repeat_factor) {
            return Err(at.error(
                rel.repeat_factor.span().start,
                "relevance.repeat_factor",
                "must be between 0 and 1",
            ));
        }
        let max_repeats = usize::try_from(*rel.max_repeats.get_ref())
            .ok()
            .filter(|n| (1..=20).contains(n))
            .ok_or_else(|| {
                at.error(
                    rel.max_repeats.span().start,
                    "relevance.max_repeats",
                    "must be between 1 and 20",
                )
            })?;

        let topic_share = *rel.topic_share.get_ref();
        if !(0.0..=2.0).contains(&topic_share) {
            return Err(at.error(
                rel.topic_share.span().start,
                "relevance.topic_share",
                "must be between 0 and 2",
            ));
        }
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
                specs.push((
                    term,
                    format!("{key}.terms"),
                    TermMeaning {
                        written: term.get_ref().clone(),
                        weight,
                        target: Target::Relevance {
                            group: name.clone(),
                        },
                    },
                    0,
                ));
            }
        }
        let mut topics = Vec::new();
        for (slug, topic) in &raw.topics {
            let key = format!("topics.{slug}");
            let Some(slug) = vocab::TOPICS.iter().copied().find(|t| t == slug) else {
                return Err(at.error(
                    topic.span().start,
                    &key,
                    format!("unknown topic; valid topics: {}", vocab::valid_topics()),
                ));
            };
            let channel = 1 + vocab::TOPICS.iter().position(|t| *t == slug).unwrap_or(0);
            let topic_threshold =
                positive(&at, &topic.get_ref().threshold, &format!("{key}.threshold"))?;
            topics.push((slug, topic_threshold));
            for (list, weight, name) in [
                (&topic.get_ref().strong, TOPIC_STRONG_WEIGHT, "strong"),
                (&topic.get_ref().weak, TOPIC_WEAK_WEIGHT, "weak"),
            ] {
                for term in list {
                    specs.push((
                        term,
                        format!("{key}.{name}"),
                        TermMeaning {
                            written: term.get_ref().clone(),
                            weight,
                            target: Target::Topic { slug },
                        },
                        channel,
                    ));
                }
            }
        }
        topics.sort_by_key(|(slug, _)| vocab::TOPICS.iter().position(|t| t == slug));

        // Validate each term alone first, so a bad one is reported with its line.
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
        let terms = TermSet::build(
            specs.into_iter().map(|(_, _, payload, channel)| TermSpec {
                written: payload.written.clone(),
                payload,
                channel,
            }),
            true,
        )
        .map_err(|(_, message)| at.error(0, "terms", message))?;
        Ok(Rules {
            threshold,
            title_factor,
            repeat_factor,
            max_repeats,
            topic_share,
            topics,
            terms,
        })
    }
}

fn positive(at: &Located, value: &Spanned<f64>, key: &str) -> Result<f64, ClassifyError> {
    let v = *value.get_ref();
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(at.error(value.span().start, key, "must be a positive number"))
    }
}
