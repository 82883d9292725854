//! Classification: is an article about skilled-worker initiatives, which states, which topics.
//!
//! Pure and explainable: rules from data/topics.toml ([`rules`]) and the gazetteer
//! data/places.tsv ([`state`]) are compiled once into a [`Classifier`]; a document is
//! folded once ([`normalize`]) and every decision carries its reasons.

mod decimal;
mod jsonl;
mod matcher;
mod normalize;
mod relevance;
mod rules;
mod state;
mod state_elsewhere;
mod state_rules;
mod state_tag;
mod state_url;
mod topic;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_real;
#[cfg(test)]
mod tests_real10;
#[cfg(test)]
mod tests_real11;
#[cfg(test)]
mod tests_real12;
#[cfg(test)]
mod tests_real13;
#[cfg(test)]
mod tests_real2;
#[cfg(test)]
mod tests_real3;
#[cfg(test)]
mod tests_real4;
#[cfg(test)]
mod tests_real5;
#[cfg(test)]
mod tests_real6;
#[cfg(test)]
mod tests_real7;
#[cfg(test)]
mod tests_real8;
#[cfg(test)]
mod tests_real9;
#[cfg(test)]
mod tests_states;
#[cfg(test)]
mod tests_states2;
#[cfg(test)]
mod tests_topics;

use std::path::Path;

use serde::Serialize;

use crate::vocab::State;
pub use jsonl::classify_json_lines;
pub use normalize::Folded;

/// The shipped rules and gazetteer, compiled into the binary.
pub const EMBEDDED_TOPICS: &str = include_str!("../../data/topics.toml");
pub const EMBEDDED_PLACES: &str = include_str!("../../data/places.tsv");
pub const EMBEDDED_MUNICIPALITIES: &str = include_str!("../../data/municipalities.tsv");
/// Body text beyond this many characters is not classified (far past any press release).
/// Matching is linear, but an item's cost still grows with its body (a million
/// characters take about 0.1–0.2 s), and a page that strings many articles together
/// should not outweigh a press release by its sheer number of hits.
pub const MAX_CLASSIFIED_CHARS: usize = 100_000;

#[derive(Debug, thiserror::Error)]
pub enum ClassifyError {
    #[error("{file}: cannot read: {reason}")]
    Read { file: String, reason: String },
    #[error("{file}:{line}: {key}: {message}")]
    Invalid {
        file: String,
        line: usize,
        key: String,
        message: String,
    },
    #[error("classify input/output: {0}")]
    Io(#[from] std::io::Error),
    #[error("{count} input line(s) could not be classified; first: {first}")]
    BadLines { count: usize, first: String },
}

/// The body text that is classified and the rest: the evidence of an article is in its
/// first pages, and a bounded body keeps the cost of one hostile item bounded too.
pub fn split_classified(body: &str) -> (&str, &str) {
    match body.char_indices().nth(MAX_CLASSIFIED_CHARS) {
        Some((cut, _)) => body.split_at(cut),
        None => (body, ""),
    }
}

/// What is classified: the article's text and its publisher's state, if any.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub source_state: Option<State>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Classification {
    pub relevant: bool,
    pub score: f64,
    pub states: Vec<State>,
    pub topics: Vec<String>,
    pub reasons: Vec<String>,
}

/// Compiled rules and gazetteer; built once, shared via `Arc` (it is `Send + Sync`).
pub struct Classifier {
    rules: rules::Rules,
    gazetteer: state::Gazetteer,
}

impl Classifier {
    /// The shipped data/topics.toml and data/places.tsv. Both are tested to load, so
    /// a failure here is a build defect, not bad input.
    pub fn embedded() -> Classifier {
        Classifier::from_topics_str(EMBEDDED_TOPICS, "data/topics.toml")
            .expect("embedded data/topics.toml and data/places.tsv are valid (see classify tests)")
    }

    /// Replaces the topic rules with a file; the gazetteer stays embedded.
    pub fn from_topics_file(path: &Path) -> Result<Classifier, ClassifyError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ClassifyError::Read {
            file: file.clone(),
            reason: e.to_string(),
        })?;
        Classifier::from_topics_str(&text, &file)
    }

    pub fn from_topics_str(text: &str, name: &str) -> Result<Classifier, ClassifyError> {
        Ok(Classifier {
            rules: rules::Rules::parse(text, name)?,
            gazetteer: state::Gazetteer::parse_all(&[
                (EMBEDDED_PLACES, "data/places.tsv"),
                (EMBEDDED_MUNICIPALITIES, "data/municipalities.tsv"),
            ])?,
        })
    }

    /// The state the place names in a URL agree on (see `Gazetteer::state_of_url`),
    /// for callers without a configured source state.
    pub fn state_of_url(&self, url: &str) -> Option<State> {
        self.gazetteer.state_of_url(url)
    }

    pub fn classify(&self, doc: &Document) -> Classification {
        let (classified, _) = split_classified(doc.body);
        self.classify_folded(
            &Folded::new(doc.title),
            &Folded::new(classified),
            doc.source_state,
        )
    }

    /// [`Classifier::classify`] of a title and body folded by the caller, who needs the
    /// folded text for the search index too; `body` is the part [`split_classified`] keeps.
    pub fn classify_folded(
        &self,
        title: &Folded,
        body: &Folded,
        source_state: Option<State>,
    ) -> Classification {
        let mut reasons = Vec::new();

        let title_hits = self.rules.terms.find(title);
        let body_hits = self.rules.terms.find(body);
        let lead_end = body
            .text
            .char_indices()
            .nth(self.rules.lead_chars)
            .map_or(body.text.len(), |(i, _)| i);
        let mut evidence = relevance::collect(&self.rules, &title_hits, &body_hits, lead_end);
        // States first: news from abroad is ours only where it names a German state.
        let mut state_reasons = Vec::new();
        let (states, named) = self
            .gazetteer
            .tag(title, body, source_state, &mut state_reasons);
        relevance::add_frame(&self.rules, &mut evidence, named, &mut reasons);
        let (topic_scores, verdicts) = topic::assign(&self.rules, &evidence);
        let (score, relevant) =
            relevance::score(&self.rules, &evidence, &topic_scores, named, &mut reasons);
        // Topics are only claimed, and explained, for relevant articles.
        let topics = if relevant {
            reasons.extend(verdicts.iter().map(|v| v.reason(&self.rules)));
            (verdicts.iter())
                .filter(|v| v.tagged())
                .map(|v| v.slug().to_string())
                .collect()
        } else {
            Vec::new()
        };
        reasons.append(&mut state_reasons);
        Classification {
            relevant,
            score: (score * 100.0).round() / 100.0,
            states,
            topics,
            reasons,
        }
    }
}
