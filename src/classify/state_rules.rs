//! Rules of the state tagger that weigh where and how a place is named: the qualified
//! position an ordinary-word municipality needs, and the cap on what small places add.

use std::collections::{BTreeMap, BTreeSet};

use super::normalize::Folded;
use crate::vocab::State;

/// A state is tagged when its evidence reaches this score (one explicit naming of the
/// state, or a dateline, or a town plus the source prior).
pub const STATE_THRESHOLD: f64 = 3.0;
/// A place named as where commuters go or where newcomers come from is not what the
/// article is about: it counts this share.
pub const ELSEWHERE_FACTOR: f64 = 0.25;

/// What the official directory's municipalities add up to per state, at most: below the
/// tagging threshold, so that small places alone never make a second state, while a
/// place list of one region still decides when nothing else is named.
pub const MUNICIPAL_CAP: f64 = 2.0;

/// Folded words after which a municipality named like a noun is the place ("in Lage",
/// "aus Wald", "Stadt Heide"); "von" is not among them (it opens too many surnames).
const PREPOSITIONS: &[&str] = &[
    "in",
    "aus",
    "nach",
    "stadt",
    "kreisstadt",
    "markt",
    "amt",
    "stadtrat",
    "gemeinderat",
];

/// Folded administrative words after which even a municipality named like a verb or
/// adjective is the place ("Gemeinde Senden"); "Stadt" is not among them ("in die
/// Stadt fahren").
const QUALIFIERS: &[&str] = &[
    "gemeinde",
    "ortsgemeinde",
    "samtgemeinde",
    "verbandsgemeinde",
    "marktgemeinde",
    "stadtverwaltung",
];

/// Folded titles and common first names before a municipality's name make it a
/// person's name ("Landrat Einhaus", "Minister Bernd Buchholz").
const PERSON_WORDS: &[&str] = &[
    "herr",
    "frau",
    "dr",
    "prof",
    "landrat",
    "landraetin",
    "minister",
    "ministerin",
    "staatssekretaer",
    "staatssekretaerin",
    "praesident",
    "praesidentin",
    "buergermeister",
    "buergermeisterin",
    "oberbuergermeister",
    "oberbuergermeisterin",
    "pfarrer",
    "pastor",
    "familie",
    "abgeordnete",
    "abgeordneter",
    "geschaeftsfuehrer",
    "geschaeftsfuehrerin",
    "andreas",
    "anja",
    "anna",
    "barbara",
    "bernd",
    "bernhard",
    "birgit",
    "carsten",
    "christian",
    "christine",
    "claudia",
    "daniel",
    "david",
    "detlef",
    "dieter",
    "dirk",
    "elke",
    "eva",
    "florian",
    "frank",
    "franziska",
    "friedrich",
    "georg",
    "gerhard",
    "guenter",
    "hans",
    "harald",
    "heike",
    "heinz",
    "helmut",
    "holger",
    "horst",
    "jan",
    "jens",
    "joerg",
    "josef",
    "julia",
    "juergen",
    "kai",
    "karin",
    "karl",
    "katharina",
    "katja",
    "klaus",
    "kurt",
    "lars",
    "lisa",
    "manfred",
    "manuela",
    "maria",
    "markus",
    "martin",
    "martina",
    "matthias",
    "michael",
    "monika",
    "nicole",
    "norbert",
    "olaf",
    "oliver",
    "paul",
    "peter",
    "petra",
    "philipp",
    "rainer",
    "ralf",
    "reinhard",
    "sabine",
    "sandra",
    "sebastian",
    "silke",
    "simon",
    "stefan",
    "stefanie",
    "stephan",
    "susanne",
    "sven",
    "thomas",
    "thorsten",
    "tobias",
    "torsten",
    "ursula",
    "ute",
    "uwe",
    "volker",
    "walter",
    "werner",
    "wolfgang",
];

/// Folded party names that, in brackets after a name, make it a person's.
const PARTIES: &[&str] = &[
    "(cdu",
    "(csu",
    "(spd",
    "(fdp",
    "(gruene",
    "(afd",
    "(linke",
    "(die linke",
    "(bsw",
    "(freie waehler",
    "(fw",
    "(parteilos",
];

/// Whether a municipality's name at `start..end` is a person's or part of a compound: a
/// title or first name before it, a party after it, or a hyphen joining it to the word
/// before ("Farmsen-Berne" is a quarter of Hamburg, not Berne in Lower Saxony).
pub fn names_no_municipality(doc: &Folded, start: usize, end: usize) -> bool {
    let text = &doc.text;
    if text[..start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        return true;
    }
    let after = text[end..].trim_start_matches(' ');
    PARTIES.iter().any(|p| after.starts_with(p)) || PERSON_WORDS.contains(&word_before(doc, start))
}

/// Folded words after a place's name that make it a street or square named after the
/// place, found anywhere ("Berliner Straße" in Bremen, "Brandenburger Tor" in Berlin);
/// not "Weg" ("der niedersächsische Weg" is a policy).
const STREET_WORDS: &[&str] = &[
    "strasse",
    "str.",
    "allee",
    "platz",
    "ring",
    "chaussee",
    "damm",
    "tor",
    "ufer",
    "landstrasse",
    "bruecke",
];

/// Whether the name ending at `end` is a place's adjective ("-er") followed by a street
/// word (see [`STREET_WORDS`]); a plain name is not ("Magdeburg Platz eins im Ranking").
pub fn names_a_street(doc: &Folded, end: usize) -> bool {
    if !doc.text[..end].ends_with("er") {
        return false;
    }
    let after = doc.text[end..].strip_prefix(' ').unwrap_or("");
    let word = after
        .split([' ', ',', ';', ':', ')', '\n'])
        .next()
        .unwrap_or("");
    STREET_WORDS.contains(&word)
}

/// The word before `start` on its line ("" if none, or if no space separates it).
fn word_before(doc: &Folded, start: usize) -> &str {
    let before = doc.text[..start].trim_end_matches([' ', '.']);
    if before.len() == doc.text[..start].len() {
        return "";
    }
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[word_start..]
}

/// Whether the word before `start` (same line) is one of [`QUALIFIERS`], or unless
/// `strict`, of [`PREPOSITIONS`].
pub fn qualified_by(doc: &Folded, start: usize, strict: bool) -> bool {
    let word = word_before(doc, start);
    QUALIFIERS.contains(&word) || !strict && PREPOSITIONS.contains(&word)
}

/// The running sum of municipality points per state, capped at [`MUNICIPAL_CAP`].
#[derive(Default)]
pub struct MunicipalCap {
    used: BTreeMap<State, f64>,
}

impl MunicipalCap {
    /// The share of `points` that still fits under the cap for `state`.
    pub fn admit(&mut self, state: State, points: f64) -> f64 {
        let used = self.used.entry(state).or_insert(0.0);
        let admitted = points.min(MUNICIPAL_CAP - *used).max(0.0);
        *used += admitted;
        admitted
    }
}

/// A state's summed evidence, as [`choose`] sees it.
pub struct Candidate {
    pub state: State,
    pub score: f64,
    /// How many distinct place names gave the score.
    pub names: usize,
}

/// The states over the threshold (or the strongest, if none is). Besides the leading
/// state, a state named by one name in passing ("moved to Hamburg"), below the leader, is
/// dropped when it is the only such one; several named alike stay, as an enumeration of partners
/// ("Sachsen-Anhalt, Brandenburg, … und Thüringen": DESIGN.md's seed article, a meeting
/// of five states' initiatives in Magdeburg, is tagged with all five).
pub fn choose(ranked: &[Candidate]) -> Vec<State> {
    let mut tagged: Vec<State> = ranked
        .iter()
        .filter(|c| c.score >= STATE_THRESHOLD)
        .map(|c| c.state)
        .collect();
    if tagged.is_empty()
        && let Some(top) = ranked.first()
        && top.score >= STATE_THRESHOLD * ELSEWHERE_FACTOR
    {
        tagged.push(top.state);
    }
    // A state level with the leader is no passing mention: "in Sachsen und in
    // Mecklenburg-Vorpommern" names two states alike, whichever sorts first.
    let top = ranked.first().map_or(0.0, |c| c.score);
    let passing: Vec<State> = ranked
        .iter()
        .skip(1)
        .filter(|c| {
            tagged.contains(&c.state)
                && c.score < 2.0 * STATE_THRESHOLD
                && c.score < top
                && c.names == 1
        })
        .map(|c| c.state)
        .collect();
    if passing.len() == 1 {
        tagged.retain(|s| !passing.contains(s));
    }
    tagged
}

/// Folded words that make an article federal news: federal ministries, the federal
/// government and parliament ("bundesweit" is not among them: state news compare with
/// the nationwide figures).
const FEDERAL_WORDS: &[&str] = &[
    "bundesminister",
    "bundesregierung",
    "bundestag",
    "bundesrat",
    "bundeskabinett",
    "bundesfamilienminister",
    "bundesarbeitsminister",
    "bundesgesundheitsminister",
    "bundesbildungsminister",
    "bundesinnenminister",
    "bundeswirtschaftsminister",
];

/// Folded words of a state's own politics: with one of them the news is the state's,
/// even where it addresses the federal government ("Die Landesregierung fordert vom
/// Bund …").
const STATE_POLITICS_WORDS: &[&str] = &[
    "landesregierung",
    "staatsregierung",
    "landtag",
    "ministerpraesident",
    "landesminister",
    "staatsminister",
    "senat",
    "landesweit",
];

/// Whether the folded texts name a federal actor (see [`FEDERAL_WORDS`]) and none of a
/// state's own politics (see [`STATE_POLITICS_WORDS`]).
pub fn names_federal(docs: &[&Folded]) -> bool {
    let any = |words: &[&str]| {
        words
            .iter()
            .any(|w| docs.iter().any(|d| d.text.contains(w)))
    };
    any(FEDERAL_WORDS) && !any(STATE_POLITICS_WORDS)
}

/// Whether Berlin's evidence is only the city's name, as the place where federal news
/// was made ("Berlin (dpa)", "in Berlin stellte die Ministerin vor"): no Senate, no
/// district, nothing of the city's own.
pub fn federal_venue(names: &BTreeSet<String>) -> bool {
    names.iter().all(|n| n == "Berlin")
}

/// Seats of federal agencies with the folded words that name each agency: in federal
/// news naming the agency, its seat as the only place is where the news was made
/// ("Nürnberg (dpa) – Die Bundesagentur für Arbeit wirbt in Mexiko …").
const FEDERAL_SEATS: &[(&str, State, &[&str])] = &[
    (
        "Nürnberg",
        State::BY,
        &[
            "bundesagentur fuer arbeit",
            "bundesamt fuer migration",
            "bamf",
        ],
    ),
    (
        "Bonn",
        State::NW,
        &["bundesinstitut fuer berufsbildung", "bibb"],
    ),
];

/// Whether a state's evidence is only a federal agency's seat, in news naming that
/// agency (see [`FEDERAL_SEATS`]); Berlin as the capital is [`federal_venue`].
pub fn federal_seat(state: State, names: &BTreeSet<String>, docs: &[&Folded]) -> bool {
    FEDERAL_SEATS.iter().any(|(seat, seat_state, agency)| {
        *seat_state == state
            && names.iter().all(|n| n == seat)
            && agency
                .iter()
                .any(|w| docs.iter().any(|d| d.text.contains(w)))
    })
}

/// Whether a URL's path files the article under national news ("/politik/deutschland/
/// berlin/", "/inland/"): "berlin" in such a path is the capital's desk, not the
/// article's state.
pub fn national_section(url_words: &str) -> bool {
    url_words
        .split(' ')
        .any(|w| matches!(w, "deutschland" | "inland" | "bundespolitik" | "bund"))
}
