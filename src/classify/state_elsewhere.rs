//! Places named as where commuters go or where newcomers come from, or for comparison,
//! not what an article is about: a commuting, moving or comparing word before the place
//! in its sentence, or a moving participle closing the place's clause after it.

use super::normalize::Folded;

/// How far before a mention (in bytes of folded text, within its line) such a context
/// word is looked for.
const ELSEWHERE_WINDOW: usize = 120;
/// Folded words that make a following place a destination, an origin or a comparison.
const ELSEWHERE_WORDS: &[&str] = &[
    "pendeln",
    "pendelt",
    "pendler",
    "auspendler",
    "gezogen",
    "abgewandert",
    "ausgewandert",
    "abwanderung",
    "weggezogen",
    "fortgezogen",
    "kommen aus",
    "kommt aus",
    "stammen aus",
    "stammt aus",
    "zurueck aus",
    "herkunftsland",
    // Newcomers introduced by where they lived: "eine Familie aus Ingolstadt".
    "familie aus",
    "familien aus",
    "ehepaar aus",
    "aus anderen bundeslaendern",
    // Visitors and delegations introduced by where they came from: "1.000 Besucher aus
    // Bayern und Hamburg" at a returnees' day, "Delegationen aus Berlin und Bremen".
    "besucher aus",
    "gaeste aus",
    "delegation aus",
    "delegationen aus",
    "teilnehmer aus",
    "teilnehmende aus",
    "rueckkehrer aus",
    // Workers courted from elsewhere, and where a campaign courts them: "Fachkräfte aus
    // Thüringen und Berlin", "Werbekampagnen in München". (Words are found inside others:
    // "wirbt in" would also be "bewirbt in", said of where one applies.)
    "fachkraefte aus",
    "arbeitskraefte aus",
    "lehrkraefte aus",
    "werbekampagnen in",
    "werbekampagne in",
    "grenzregionen von",
    "in die angrenzenden",
    "in andere bundeslaender",
    // A place named for comparison: "im Gegensatz zu Ländern wie Sachsen-Anhalt".
    "im gegensatz zu",
    "im unterschied zu",
    "anders als",
    "laendern wie",
    "nach dem vorbild",
];

/// Folded participles that, closing the clause after a place, make it a destination or
/// an origin ("die nach Hamburg oder Berlin abgewandert sind").
const MOVED_AFTER_WORDS: &[&str] = &[
    "abgewandert",
    "weggezogen",
    "fortgezogen",
    "ausgewandert",
    "gezogen sind",
    "gezogen waren",
];

/// Whether one of [`MOVED_AFTER_WORDS`] follows `end` within the window, before the
/// sentence (or line) ends.
pub(super) fn moved_there_after(doc: &Folded, end: usize) -> bool {
    let mut to = (end + ELSEWHERE_WINDOW).min(doc.text.len());
    while !doc.text.is_char_boundary(to) {
        to -= 1;
    }
    let after = &doc.text[end..to];
    let mut clause = after
        .find(['\n', '.', '!', '?', ';'])
        .map_or(after, |i| &after[..i]);
    // A new clause after a comma ("…, die Weggezogenen helfen") is another's verb.
    for (i, _) in clause.match_indices(", ") {
        let next = clause[i + 2..].split(' ').next().unwrap_or("");
        if CLAUSE_OPENERS.contains(&next) {
            clause = &clause[..i];
            break;
        }
    }
    MOVED_AFTER_WORDS.iter().any(|w| {
        clause.match_indices(w).any(|(i, _)| {
            !clause[i + w.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        })
    })
}

/// Folded words that open a new clause after a comma.
const CLAUSE_OPENERS: &[&str] = &[
    "die", "der", "das", "den", "dem", "deren", "dessen", "wo", "weil", "dass", "wenn", "als",
    "und", "aber", "doch",
];

/// Whether a commuting or moving word stands shortly before `start` in the same sentence.
pub(super) fn names_elsewhere(doc: &Folded, start: usize) -> bool {
    let mut from = start.saturating_sub(ELSEWHERE_WINDOW);
    while !doc.text.is_char_boundary(from) {
        from += 1;
    }
    let before = &doc.text[from..start];
    let line = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
    // Within the sentence (or headline part: "… Landeskinder / Mecklenburg-Vorpommern
    // in der Vorreiterrolle" names the subject, not an origin).
    let sentence = &line[sentence_start(line)..];
    ELSEWHERE_WORDS.iter().any(|w| sentence.contains(w))
}

/// Where the last sentence (or headline part) of `text` starts: after ". ", "! ", "? ",
/// "; " or " / ", but not after an abbreviation of up to three letters ("ca. 26.500").
fn sentence_start(text: &str) -> usize {
    let mut start = 0;
    for (i, _) in text.match_indices(['.', '!', '?', ';', '/']) {
        let rest = &text[i + 1..];
        if !rest.starts_with(' ') {
            continue;
        }
        let token = text[..i]
            .rsplit(' ')
            .next()
            .unwrap_or("")
            .trim_start_matches(|c: char| !c.is_alphanumeric());
        let abbreviation = text[i..].starts_with('.')
            && token.chars().all(|c| c.is_alphabetic() || c == '.')
            && token.chars().filter(|c| c.is_alphabetic()).count() <= 3;
        let slash_alone = text[i..].starts_with('/') && !text[..i].ends_with(' ');
        if !abbreviation && !slash_alone {
            start = i + 2;
        }
    }
    start
}
