//! Topics (DESIGN.md §5 slugs), multi-label: each topic whose term evidence reaches
//! its threshold, only for relevant articles.

use super::decimal::OneDecimal;
use super::relevance::TermEvidence;
use super::rules::{Rules, TOPIC_STRONG_WEIGHT, Target};

/// How one topic fared: its evidence and, when it has enough points but is not
/// tagged, why not. Turned into a reason only for articles that show their topics.
pub struct Verdict<'e, 'r> {
    slug: &'r str,
    threshold: f64,
    total: f64,
    terms: Vec<&'e TermEvidence<'r>>,
    failed: Option<String>,
}

impl<'r> Verdict<'_, 'r> {
    pub fn slug(&self) -> &'r str {
        self.slug
    }

    /// The topic is shown: reached and not an aside.
    pub fn tagged(&self) -> bool {
        self.total >= self.threshold && self.failed.is_none()
    }

    /// `topic SLUG: TOTAL ≥|< THRESHOLD (the terms' points)` and why a topic with
    /// enough points is not tagged.
    pub fn reason(&self, rules: &Rules) -> String {
        // Enough points and yet not shown: the note says why.
        let (verdict, note) = match &self.failed {
            _ if self.total < self.threshold => ("<", ""),
            Some(failed) => ("≥", failed.as_str()),
            None => ("≥", ""),
        };
        let parts: Vec<String> = self.terms.iter().map(|e| e.describe(rules)).collect();
        format!(
            "topic {}: {} {verdict} {} ({}){note}",
            self.slug,
            OneDecimal(self.total),
            OneDecimal(self.threshold),
            parts.join(", ")
        )
    }
}

/// Topics reached, with their scores (evidence for relevance), and the verdict on every
/// topic with evidence, which says whether the topic is shown.
pub fn assign<'e, 'r>(
    rules: &'r Rules,
    evidence: &'e [TermEvidence<'r>],
) -> (Vec<(String, f64)>, Vec<Verdict<'e, 'r>>) {
    let mut found = Vec::new();
    for &(slug, threshold) in &rules.topics {
        let terms: Vec<&TermEvidence> = evidence
            .iter()
            .filter(|e| e.meaning.target == (Target::Topic { slug }) && e.meaning.weight > 0.0)
            .collect();
        if terms.is_empty() {
            continue;
        }
        let total: f64 = terms.iter().map(|e| e.points(rules)).sum();
        // A weak term is ambiguous alone, even in a title ("Region", "international"):
        // without a strong term it takes two different weak ones to make the topic.
        let strong = terms
            .iter()
            .any(|e| e.meaning.weight >= TOPIC_STRONG_WEIGHT);
        let mut failed = None;
        if !strong && terms.len() < 2 {
            failed = Some(", one weak term alone".to_string());
        } else if terms.iter().all(|e| e.meaning.name) {
            failed = Some(", organisations named, no word of the topic".to_string());
        }
        let wanted = (rules.min_mentions.iter())
            .find(|(s, _)| *s == slug)
            .map_or(1, |(_, n)| *n);
        let mentions: usize = terms
            .iter()
            .map(|e| 2 * e.in_title.min(1) + e.in_lead + e.in_rest)
            .sum();
        if failed.is_none() && mentions < wanted {
            failed = Some(format!(", {mentions} mention(s) of {wanted} needed"));
        }
        let stated = terms
            .iter()
            .any(|e| e.meaning.weight >= TOPIC_STRONG_WEIGHT && e.up_front());
        if failed.is_none() && rules.stated_up_front.contains(&slug) && !stated {
            failed = Some(", in passing only: no strong term in headline or lead".to_string());
        }
        found.push((
            Verdict {
                slug,
                threshold,
                total,
                terms,
                failed,
            },
            strong,
        ));
    }
    let reached: Vec<&str> = (found.iter())
        .filter(|(v, _)| v.tagged())
        .map(|(v, _)| v.slug)
        .collect();
    let mut verdicts: Vec<Verdict> = (found.into_iter())
        .map(|(mut v, strong)| {
            let yields_to = (rules.weak_yields_to.iter())
                .find(|(s, other)| *s == v.slug && reached.contains(other));
            if let (Some((_, other)), false, None) = (yields_to, strong, &v.failed) {
                v.failed = Some(format!(", weak terms only, read as {other}'s"));
            }
            v
        })
        .collect();
    // Every reached topic is evidence for relevance; only the main ones are shown.
    let reached = (verdicts.iter())
        .filter(|v| v.tagged())
        .map(|v| (v.slug.to_string(), v.total))
        .collect();
    choose_main(rules, &mut verdicts);
    (reached, verdicts)
}

/// An article is about one or two topics, rarely three: a reached topic far below the
/// article's best one, or beyond the `max_topics` highest, is an aside, not a topic.
fn choose_main(rules: &Rules, verdicts: &mut [Verdict]) {
    let mut ranked: Vec<usize> = (0..verdicts.len())
        .filter(|&i| verdicts[i].tagged())
        .collect();
    // Highest score first; equal scores keep the vocabulary's order (a stable sort).
    ranked.sort_by(|&a, &b| verdicts[b].total.total_cmp(&verdicts[a].total));
    let Some(&best) = ranked.first() else {
        return;
    };
    let (best_slug, best_total) = (verdicts[best].slug, verdicts[best].total);
    for (rank, &i) in ranked.iter().enumerate() {
        let v = &mut verdicts[i];
        // Named by two different strong terms of its own, a topic is a theme of the
        // article however much more it says of another (a conference's agenda).
        let strong_terms = (v.terms.iter())
            .filter(|e| e.meaning.weight >= TOPIC_STRONG_WEIGHT)
            .count();
        if strong_terms >= 2 {
            continue;
        }
        if v.total < rules.share_of_best * best_total {
            v.failed = Some(format!(
                ", an aside: under {} × {best_slug}'s {}",
                OneDecimal(rules.share_of_best),
                OneDecimal(best_total)
            ));
        } else if rank >= rules.max_topics {
            v.failed = Some(format!(
                ", an aside: {} higher-scoring topics shown",
                rules.max_topics
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::classify::{Classifier, Document};

    /// The relevance part every test's rules share: the subject named by one term.
    macro_rules! relevance {
        () => {
            r#"
[relevance]
threshold = 1.0
title_factor = 2.0
repeat_factor = 0.5
max_repeats = 3
topic_share = 0.5
[relevance.groups.strong]
weight = 3.0
terms = ["fachkräftesicherung"]
"#
        };
    }

    const RULES: &str = concat!(
        relevance!(),
        r#"
[topics.ausbildung]
threshold = 3.0
strong = ["ausbildung*", "*ausbildung"]
[topics.laendlicher-raum]
threshold = 2.0
weak = ["landkreis", "region"]
"#
    );

    fn topics(title: &str, body: &str) -> Vec<String> {
        classify(RULES, title, body).topics
    }

    #[test]
    fn a_word_matched_by_two_spellings_of_a_rule_counts_once() {
        // Counted twice, one "Ausbildung" would reach 4.0 ≥ 3.0.
        assert!(topics("Fachkräftesicherung", "Es geht um Ausbildung.").is_empty());
        assert_eq!(
            topics(
                "Fachkräftesicherung",
                "Ausbildung und noch mehr Ausbildung."
            ),
            ["ausbildung"]
        );
    }

    #[test]
    fn one_weak_term_alone_is_no_topic_even_in_the_title() {
        assert!(topics("Fachkräftesicherung im Landkreis", "Der Landkreis wirbt.").is_empty());
        assert_eq!(
            topics("Fachkräftesicherung im Landkreis", "Die Region wirbt."),
            ["laendlicher-raum"]
        );
    }

    const CHOICE: &str = concat!(
        relevance!(),
        r#"
[topic_choice]
max_topics = 2
share_of_best = 0.3
[topics.anerkennung]
threshold = 1.0
strong = ["anerkennungsberatung*", "kenntnisprüfung*"]
[topics.zuwanderung]
threshold = 1.0
strong = ["anwerbung*", "visum"]
[topics.weiterbildung]
threshold = 1.0
strong = ["weiterbildung*"]
[topics.ausbildung]
threshold = 1.0
strong = ["ausbildung*"]
"#
    );

    fn classify(rules: &str, title: &str, body: &str) -> crate::classify::Classification {
        let c = Classifier::from_topics_str(rules, "test rules").expect("valid test rules");
        c.classify(&Document {
            title,
            body,
            source_state: None,
        })
    }

    #[test]
    fn a_topic_far_below_the_articles_best_is_an_aside() {
        // Recognition: 2×2 (title) + 2 + 2 = 8; recruiting named once: 2 < 0.3 × 8.
        let r = classify(
            CHOICE,
            "Fachkräftesicherung: Anerkennungsberatung verlängert",
            "Die Anerkennungsberatung hilft weiter, auch vor der Kenntnisprüfung. \
             Manche Ratsuchende kamen über eine Anwerbung in die Stadt.",
        );
        assert_eq!(r.topics, ["anerkennung"], "{:#?}", r.reasons);
        assert!(
            (r.reasons.iter()).any(|x| x.starts_with("topic zuwanderung: 2.0 ≥ 1.0")
                && x.ends_with("an aside: under 0.3 × anerkennung's 8.0")),
            "{:#?}",
            r.reasons
        );
        // The aside is still evidence for relevance: the score is the same without the
        // choice.
        let unchosen = CHOICE.replace("max_topics = 2\nshare_of_best = 0.3\n", "");
        let all = classify(
            &unchosen,
            "Fachkräftesicherung: Anerkennungsberatung verlängert",
            "Die Anerkennungsberatung hilft weiter, auch vor der Kenntnisprüfung. \
             Manche Ratsuchende kamen über eine Anwerbung in die Stadt.",
        );
        assert_eq!(all.topics, ["zuwanderung", "anerkennung"]);
        assert_eq!(all.score, r.score);
    }

    #[test]
    fn a_topic_named_by_two_strong_terms_of_its_own_is_never_an_aside() {
        // Recognition 12 (two headline terms); recruiting 2 + 2 = 4 is under 0.3 × 12 yet
        // named by two terms of its own: a theme. Training, named once (2), is an aside.
        let r = classify(
            CHOICE,
            "Fachkräftesicherung: Anerkennungsberatung und Kenntnisprüfung",
            "Anerkennungsberatung, Kenntnisprüfung, Ausbildung: davon handelt es. \
             Anwerbung und Visum kommen auch vor.",
        );
        assert_eq!(r.topics, ["zuwanderung", "anerkennung"], "{:#?}", r.reasons);
    }

    #[test]
    fn an_article_shows_at_most_max_topics_the_highest_first() {
        // Training 4 (title), recognition and further training 2 each, recruiting 2:
        // the two highest are training and, of the equal ones, the first in vocabulary order.
        let r = classify(
            CHOICE,
            "Fachkräftesicherung: Ausbildung",
            "Anerkennungsberatung, Weiterbildung und Anwerbung gehören dazu.",
        );
        assert_eq!(r.topics, ["zuwanderung", "ausbildung"], "{:#?}", r.reasons);
        assert!(
            (r.reasons.iter()).any(|x| x.starts_with("topic weiterbildung: 2.0 ≥ 1.0")
                && x.ends_with("an aside: 2 higher-scoring topics shown")),
            "{:#?}",
            r.reasons
        );
    }

    #[test]
    fn the_topic_choice_in_the_rules_file_is_checked() {
        for (good, bad) in [
            ("max_topics = 2", "max_topics = 0"),
            ("share_of_best = 0.3", "share_of_best = 1.5"),
        ] {
            let rules = CHOICE.replace(good, bad);
            let err = Classifier::from_topics_str(&rules, "t.toml")
                .err()
                .expect("an out-of-range choice is refused")
                .to_string();
            let name = bad.split(' ').next().unwrap_or_default();
            assert!(
                err.contains(&format!("topic_choice.{name}")) && err.contains("t.toml"),
                "{err}"
            );
        }
    }
}
