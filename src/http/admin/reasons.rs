//! The classifier's reasons in German for the desk's "Warum?" disclosure. The classifier
//! writes them in English for the CLI and logs (`presseradar classify`, `try`); the desk
//! rewrites their fixed phrases and names states and topics by their German names.

use crate::vocab::{self, State};

/// Fixed phrases of the reasons, longest first where one contains another.
const PHRASES: [(&str, &str); 37] = [
    (
        "not relevant, the headline and lead do not name the subject (passing mentions only)",
        "nicht relevant: Überschrift und Vorspann nennen das Thema nicht (nur beiläufige Erwähnungen)",
    ),
    (
        "not relevant, the subject is ",
        "nicht relevant: Das Thema ist ",
    ),
    (
        " and no strong term of ours stands beside it",
        ", und kein starker Begriff unseres Themas steht daneben",
    ),
    (
        "headline and lead alone score",
        "Überschrift und Vorspann allein erreichen",
    ),
    ("stated in the headline", "in der Überschrift genannt"),
    (
        "stated in headline or lead",
        "in Überschrift oder Vorspann genannt",
    ),
    ("in headline or lead", "in Überschrift oder Vorspann"),
    (
        "strong subject terms in the body",
        "starke Begriffe des Themas im Text",
    ),
    ("other subject", "anderes Thema"),
    ("up front, outweighed by", "vorn, aufgewogen durch"),
    ("subject '", "Begriff '"),
    ("from topics", "aus den Themen"),
    ("below threshold", "unter der Schwelle"),
    ("threshold", "Schwelle"),
    ("score", "Punktzahl"),
    ("passing ×", "beiläufig ×"),
    ("× in body", "× im Text"),
    ("title ×", "Titel ×"),
    ("(title)", "(Titel)"),
    ("[strong]", "[stark]"),
    ("[medium]", "[mittel]"),
    ("[context]", "[Kontext]"),
    ("tagged", "zugeordnet"),
    ("dateline", "Ortszeile"),
    ("source prior", "Sitz der Quelle"),
    ("no place named", "kein Ort genannt"),
    (
        "commuters' destination or origin",
        "Ziel oder Herkunft von Pendlern",
    ),
    ("resolved by context", "durch den Zusammenhang aufgelöst"),
    ("ambiguous", "mehrdeutig"),
    ("ignored", "nicht gewertet"),
    ("one weak term alone", "nur ein schwacher Begriff"),
    ("relevant: source ", "relevant: Die Quelle "),
    (
        " has relevance = \"all\"",
        " nimmt alle ihre Meldungen auf (relevance = \"all\")",
    ),
    ("topics ", "Themen "),
    ("topic ", "Thema "),
    ("' and '", "' und '"),
    (" and ", " und "),
];

/// One reason in German.
pub fn german(reason: &str) -> String {
    let text = match reason.split_once(": ") {
        Some((head, rest)) => format!("{}: {rest}", german_head(head)),
        None => reason.to_string(),
    };
    PHRASES
        .iter()
        .fold(text, |text, (en, de)| text.replace(en, de))
}

/// "relevance", "topic laendlicher-raum", "state ST", "state" as German labels.
fn german_head(head: &str) -> String {
    if head == "relevance" {
        return "Relevanz".into();
    }
    if head == "state" {
        return "Land".into();
    }
    if let Some(code) = head.strip_prefix("state ")
        && let Some(state) = State::parse(code)
    {
        return format!("Land {}", state.name());
    }
    if let Some(slug) = head.strip_prefix("topic ")
        && vocab::is_topic(slug)
    {
        return format!("Thema {}", vocab::topic_name(slug));
    }
    head.to_string()
}

#[cfg(test)]
mod tests {
    use super::german;

    #[test]
    fn the_classifiers_reasons_read_in_german() {
        let cases = [
            (
                "relevance: +1.5 'fachkräfte*' (passing ×0.5, 4× in body) [medium]",
                "Relevanz: +1.5 'fachkräfte*' (beiläufig ×0.5, 4× im Text) [mittel]",
            ),
            (
                "relevance: score 63.6 ≥ threshold 4.0",
                "Relevanz: Punktzahl 63.6 ≥ Schwelle 4.0",
            ),
            (
                "topic laendlicher-raum: 2.0 ≥ 2.0 (+1.0 'ländlichen raums' (passing ×0.5))",
                "Thema Ländlicher Raum: 2.0 ≥ 2.0 (+1.0 'ländlichen raums' (beiläufig ×0.5))",
            ),
            (
                "state ST: 14.0 tagged (dateline 'Magdeburg' +6.0, 'Sachsen-Anhalt' ×3, source prior +1.0)",
                "Land Sachsen-Anhalt: 14.0 zugeordnet (Ortszeile 'Magdeburg' +6.0, 'Sachsen-Anhalt' ×3, Sitz der Quelle +1.0)",
            ),
            (
                "state: ambiguous 'Halle' (ST/NW) ignored",
                "Land: mehrdeutig 'Halle' (ST/NW) nicht gewertet",
            ),
            (
                "relevance: topics willkommenskultur and kooperation stated in headline or lead",
                "Relevanz: Themen willkommenskultur und kooperation in Überschrift oder Vorspann genannt",
            ),
        ];
        assert_eq!(
            german(
                "relevance: topic weiterbildung stated in the headline ('weiterbildungsagentur*')"
            ),
            "Relevanz: Thema weiterbildung in der Überschrift genannt ('weiterbildungsagentur*')"
        );
        for (en, de) in cases {
            assert_eq!(german(en), de);
        }
    }
}
