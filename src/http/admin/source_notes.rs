//! What a source's last job skipped or worked around, in German for the sources page. The
//! pipeline words these notes in English for `poll`, `try` and the logs; the desk rewrites
//! their fixed phrases and keeps what they quote (titles, links, selectors) as it was.

/// Fixed phrases of skip reasons and notices, longest first where one contains another.
const PHRASES: [(&str, &str); 8] = [
    (
        "markup changed — read automatically (selector ",
        "Aufbau der Seite geändert – automatisch gelesen (Selektor ",
    ),
    (" matched nothing on ", " fand nichts auf "),
    (
        "no link (and no guid that is a link)",
        "kein Link (und keine GUID, die ein Link ist)",
    ),
    (" is not a usable address ", " ist keine gültige Adresse "),
    (
        " is not a web address (only http and https are taken)",
        " ist keine Web-Adresse (nur http und https werden übernommen)",
    ),
    (
        "no title and no text to take one from",
        "kein Titel und kein Text, aus dem sich einer ergäbe",
    ),
    ("its link ", "Link "),
    (" for `", " für `"),
];

/// A skip reason ("entry 3 (\"Titel\"): its link …") or notice, in German.
pub fn in_german(note: &str) -> String {
    let mut text = match note.strip_prefix("entry ") {
        Some(rest) => format!("Eintrag {rest}"),
        None => note.to_string(),
    };
    for (english, german) in PHRASES {
        text = text.replace(english, german);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_reasons_and_notices_read_in_german_and_keep_what_they_quote() {
        assert_eq!(
            in_german(
                "entry 15 (\"Meldung 15\"): its link \"https://x.de:80a/m\" is not a usable address (invalid port number)"
            ),
            "Eintrag 15 (\"Meldung 15\"): Link \"https://x.de:80a/m\" ist keine gültige Adresse (invalid port number)"
        );
        assert_eq!(
            in_german("entry 3: no link (and no guid that is a link)"),
            "Eintrag 3: kein Link (und keine GUID, die ein Link ist)"
        );
        assert_eq!(
            in_german(
                "markup changed — read automatically (selector \"li.pm\" for `item` matched nothing on https://x.de/presse/)"
            ),
            "Aufbau der Seite geändert – automatisch gelesen (Selektor \"li.pm\" für `item` fand nichts auf https://x.de/presse/)"
        );
    }
}
