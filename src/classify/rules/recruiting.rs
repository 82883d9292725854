//! Recruiting for one profession (`[[relevance.recruiting]]`, frames): a profession that
//! states, districts and employers court, and a word of courting it, both in the headline
//! or lead, name the subject ("Polizei fahndet nach Nachwuchs", "Land lockt Referendare
//! mit einer Zulage aufs Land") where no word of ours does. Each frame pairs professions
//! with the words that court them: the police "locken" and "Prämien" too, for witnesses.

use serde::Deserialize;
use toml::Spanned;

use super::super::ClassifyError;
use super::located::Located;
use super::topics::vocab_topic;
use super::{Spec, TOPIC_STRONG_WEIGHT, Target, TermMeaning, meaning, subject_channel};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRecruiting {
    /// What the reasons call the frame (default "a profession courted").
    #[serde(default)]
    label: Option<Spanned<String>>,
    weight: Spanned<f64>,
    professions: Vec<Spanned<String>>,
    means: Vec<Spanned<String>>,
    /// Topics the frame states as a strong term of theirs would, where it stands
    /// (police or teachers courted: employer attractiveness).
    #[serde(default)]
    topics: Vec<Spanned<String>>,
}

/// What a frame is worth when it stands: a relevance term of its own, and a strong term
/// of each topic it states.
#[derive(Debug, Clone)]
pub struct Recruiting {
    pub meaning: TermMeaning,
    pub topics: Vec<TermMeaning>,
}

/// The frames and their terms: each frame's professions and means compete in channels
/// of their own, so "Polizei" is both the other subject it usually is and a profession
/// here. Frame `i` is told by `Target::Profession(i)` and `Target::Courting(i)`.
pub(super) fn recruiting_specs<'a>(
    at: &Located,
    raw: &'a [Spanned<RawRecruiting>],
) -> Result<(Vec<Recruiting>, Vec<Spec<'a>>), ClassifyError> {
    let mut frames = Vec::new();
    let mut specs = Vec::new();
    for (i, raw) in raw.iter().enumerate() {
        let key = "relevance.recruiting";
        let raw_ref = raw.get_ref();
        let weight = at.ranged(
            Some(&raw_ref.weight),
            &format!("{key}.weight"),
            0.1..=100.0,
            0.0,
        )?;
        for (list, name, target, channel) in [
            (
                &raw_ref.professions,
                "professions",
                Target::Profession(i),
                2,
            ),
            (&raw_ref.means, "means", Target::Courting(i), 3),
        ] {
            if list.is_empty() {
                return Err(at.error(
                    raw.span().start,
                    &format!("{key}.{name}"),
                    "must list at least one term",
                ));
            }
            for term in list {
                let m = meaning(term, 0.0, target.clone());
                let channel = subject_channel() + channel + 2 * i;
                specs.push((term, format!("{key}.{name}"), m, channel));
            }
        }
        let label = match &raw_ref.label {
            Some(label) if label.get_ref().trim().is_empty() => {
                return Err(at.error(
                    label.span().start,
                    &format!("{key}.label"),
                    "must name what is courted",
                ));
            }
            Some(label) => label.get_ref().trim().to_string(),
            None => "a profession courted".to_string(),
        };
        let mut topics = Vec::new();
        for topic in &raw_ref.topics {
            let Some(slug) = vocab_topic(topic.get_ref()) else {
                return Err(at.error(
                    topic.span().start,
                    &format!("{key}.topics"),
                    format!("unknown topic {:?}", topic.get_ref()),
                ));
            };
            topics.push(TermMeaning {
                written: label.clone(),
                weight: TOPIC_STRONG_WEIGHT,
                target: Target::Topic { slug },
                name: false,
            });
        }
        frames.push(Recruiting {
            meaning: TermMeaning {
                written: label,
                weight,
                target: Target::Relevance {
                    group: "recruiting".to_string(),
                },
                name: false,
            },
            topics,
        });
    }
    Ok((frames, specs))
}
