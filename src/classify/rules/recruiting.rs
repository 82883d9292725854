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
    #[serde(default)]
    means: Vec<Spanned<String>>,
    /// The label of an earlier frame whose `means` this one shares: one list, matched once.
    #[serde(default)]
    means_of: Option<Spanned<String>>,
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
    /// Its words of courting: `Target::Courting(means)`, its own index or that of the
    /// frame whose list it shares.
    pub means: usize,
}

/// The frames and their terms: each frame's professions and means compete in channels
/// of their own, so "Polizei" is both the other subject it usually is and a profession
/// here. Frame `i` is told by `Target::Profession(i)` and `Target::Courting(i)`; a frame
/// sharing another's means (`means_of`) is told by that frame's `Target::Courting`.
pub(super) fn recruiting_specs<'a>(
    at: &Located,
    raw: &'a [Spanned<RawRecruiting>],
) -> Result<(Vec<Recruiting>, Vec<Spec<'a>>), ClassifyError> {
    const KEY: &str = "relevance.recruiting";
    let mut frames: Vec<Recruiting> = Vec::new();
    let mut specs = Vec::new();
    for (i, raw) in raw.iter().enumerate() {
        let raw_ref = raw.get_ref();
        let weight = at.ranged(
            Some(&raw_ref.weight),
            &format!("{KEY}.weight"),
            0.1..=100.0,
            0.0,
        )?;
        let label = frame_label(at, raw_ref)?;
        let means = shared_means(at, raw, &frames)?.unwrap_or(i);
        let mut lists = vec![(
            &raw_ref.professions,
            "professions",
            Target::Profession(i),
            2,
        )];
        if raw_ref.means_of.is_none() {
            lists.push((&raw_ref.means, "means", Target::Courting(i), 3));
        }
        for (list, name, target, channel) in lists {
            if list.is_empty() {
                return Err(at.error(
                    raw.span().start,
                    &format!("{KEY}.{name}"),
                    "must list at least one term",
                ));
            }
            for term in list {
                let m = meaning(term, 0.0, target.clone());
                let channel = subject_channel() + channel + 2 * i;
                specs.push((term, format!("{KEY}.{name}"), m, channel));
            }
        }
        let topics = frame_topics(at, raw_ref, &label)?;
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
            means,
        });
    }
    Ok((frames, specs))
}

/// The index of the earlier frame whose means a frame shares (`means_of`), if it does.
fn shared_means(
    at: &Located,
    raw: &Spanned<RawRecruiting>,
    frames: &[Recruiting],
) -> Result<Option<usize>, ClassifyError> {
    let key = "relevance.recruiting.means_of";
    let Some(of) = &raw.get_ref().means_of else {
        return Ok(None);
    };
    if !raw.get_ref().means.is_empty() {
        return Err(at.error(
            raw.span().start,
            key,
            "give either means or means_of, not both",
        ));
    }
    (frames.iter())
        .find(|f| f.meaning.written == of.get_ref().trim())
        .map(|f| Some(f.means))
        .ok_or_else(|| {
            at.error(
                of.span().start,
                key,
                format!("no earlier frame is labelled {:?}", of.get_ref()),
            )
        })
}

/// A strong term of each topic the frame states, written as its label.
fn frame_topics(
    at: &Located,
    raw: &RawRecruiting,
    label: &str,
) -> Result<Vec<TermMeaning>, ClassifyError> {
    let mut topics = Vec::new();
    for topic in &raw.topics {
        let Some(slug) = vocab_topic(topic.get_ref()) else {
            return Err(at.error(
                topic.span().start,
                "relevance.recruiting.topics",
                format!("unknown topic {:?}", topic.get_ref()),
            ));
        };
        topics.push(TermMeaning {
            written: label.to_string(),
            weight: TOPIC_STRONG_WEIGHT,
            target: Target::Topic { slug },
            name: false,
        });
    }
    Ok(topics)
}

/// What the reasons call a frame: its `label`, not blank, or "a profession courted".
fn frame_label(at: &Located, raw: &RawRecruiting) -> Result<String, ClassifyError> {
    match &raw.label {
        Some(label) if label.get_ref().trim().is_empty() => Err(at.error(
            label.span().start,
            "relevance.recruiting.label",
            "must name what is courted",
        )),
        Some(label) => Ok(label.get_ref().trim().to_string()),
        None => Ok("a profession courted".to_string()),
    }
}
