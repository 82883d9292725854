//! The public vocabulary of DESIGN.md §5: federal-state codes and topic slugs.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A German federal state, named by its ISO 3166-2:DE code without the `DE-` prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    BW,
    BY,
    BE,
    BB,
    HB,
    HH,
    HE,
    MV,
    NI,
    NW,
    RP,
    SL,
    SN,
    ST,
    SH,
    TH,
}

impl State {
    pub const ALL: [State; 16] = [
        State::BW,
        State::BY,
        State::BE,
        State::BB,
        State::HB,
        State::HH,
        State::HE,
        State::MV,
        State::NI,
        State::NW,
        State::RP,
        State::SL,
        State::SN,
        State::ST,
        State::SH,
        State::TH,
    ];

    pub fn code(self) -> &'static str {
        self.meta().0
    }

    /// The German name, e.g. "Thüringen".
    pub fn name(self) -> &'static str {
        self.meta().1
    }

    /// The lowercase ASCII slug used in URLs, e.g. "thueringen".
    pub fn slug(self) -> &'static str {
        self.meta().2
    }

    fn meta(self) -> (&'static str, &'static str, &'static str) {
        match self {
            State::BW => ("BW", "Baden-Württemberg", "baden-wuerttemberg"),
            State::BY => ("BY", "Bayern", "bayern"),
            State::BE => ("BE", "Berlin", "berlin"),
            State::BB => ("BB", "Brandenburg", "brandenburg"),
            State::HB => ("HB", "Bremen", "bremen"),
            State::HH => ("HH", "Hamburg", "hamburg"),
            State::HE => ("HE", "Hessen", "hessen"),
            State::MV => ("MV", "Mecklenburg-Vorpommern", "mecklenburg-vorpommern"),
            State::NI => ("NI", "Niedersachsen", "niedersachsen"),
            State::NW => ("NW", "Nordrhein-Westfalen", "nordrhein-westfalen"),
            State::RP => ("RP", "Rheinland-Pfalz", "rheinland-pfalz"),
            State::SL => ("SL", "Saarland", "saarland"),
            State::SN => ("SN", "Sachsen", "sachsen"),
            State::ST => ("ST", "Sachsen-Anhalt", "sachsen-anhalt"),
            State::SH => ("SH", "Schleswig-Holstein", "schleswig-holstein"),
            State::TH => ("TH", "Thüringen", "thueringen"),
        }
    }

    /// Accepts a code (`ST`, `st`) or a name slug (`sachsen-anhalt`).
    pub fn parse(text: &str) -> Option<State> {
        let t = text.trim();
        State::ALL
            .into_iter()
            .find(|s| s.code().eq_ignore_ascii_case(t) || s.slug().eq_ignore_ascii_case(t))
    }

    /// The list of accepted values, for error messages.
    pub fn valid_values() -> String {
        State::ALL
            .iter()
            .map(|s| format!("{} ({})", s.code(), s.slug()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for State {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        State::parse(s).ok_or_else(|| {
            format!(
                "unknown state {s:?}; valid values: {}",
                State::valid_values()
            )
        })
    }
}

impl Serialize for State {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for State {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Topic slugs (multi-label), DESIGN.md §5.
pub const TOPICS: [&str; 9] = [
    "zuwanderung",
    "anerkennung",
    "weiterbildung",
    "ausbildung",
    "arbeitgeberattraktivitaet",
    "willkommenskultur",
    "laendlicher-raum",
    "rueckkehr-pendler",
    "kooperation",
];

/// A topic's German name for people (desk, landing page); the slug itself for an unknown one.
pub fn topic_name(slug: &str) -> &str {
    match slug {
        "zuwanderung" => "Zuwanderung",
        "anerkennung" => "Anerkennung",
        "weiterbildung" => "Weiterbildung",
        "ausbildung" => "Ausbildung",
        "arbeitgeberattraktivitaet" => "Arbeitgeberattraktivität",
        "willkommenskultur" => "Willkommenskultur",
        "laendlicher-raum" => "Ländlicher Raum",
        "rueckkehr-pendler" => "Rückkehr und Pendeln",
        "kooperation" => "Kooperation",
        other => other,
    }
}

pub fn is_topic(slug: &str) -> bool {
    TOPICS.contains(&slug)
}

pub fn valid_topics() -> String {
    TOPICS.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_slugs() {
        assert_eq!(State::parse("st"), Some(State::ST));
        assert_eq!(State::parse("thueringen"), Some(State::TH));
        assert_eq!(State::parse("Sachsen-Anhalt"), Some(State::ST));
        assert_eq!(State::parse("sachsen"), Some(State::SN));
        assert_eq!(State::parse("XX"), None);
    }

    #[test]
    fn error_lists_valid_values() {
        let err = "Preussen".parse::<State>().unwrap_err();
        assert!(err.contains("MV (mecklenburg-vorpommern)"), "{err}");
    }
}
