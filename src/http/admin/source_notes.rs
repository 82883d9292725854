//! What a source's last job skipped, worked around or failed on, in German for the sources
//! page. The pipeline words these notes and errors in English for `poll`, `try` and the
//! logs; the desk rewrites their fixed phrases and keeps what they quote (titles, links,
//! selectors, a library's own words in parentheses) as it was.

/// Fixed phrases of skip reasons, notices and fetch or read errors, longest first where
/// one contains another.
const PHRASES: [(&str, &str); 33] = [
    (
        "markup changed — read automatically (selector ",
        "Aufbau der Seite geändert – automatisch gelesen (Selektor ",
    ),
    (" matched nothing on ", " fand nichts auf "),
    ("(markup changed?)", "(Aufbau der Seite geändert?)"),
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
    (
        "; robots.txt could not be read, so nothing on this site is fetched until it can be",
        "; robots.txt war nicht lesbar, darum wird von dieser Website nichts abgerufen, bis sie es wieder ist",
    ),
    ("robots.txt answered", "robots.txt antwortete mit"),
    ("blocked by robots.txt", "durch robots.txt gesperrt"),
    (
        "host not found (no DNS answer: the name does not exist, or this machine is offline)",
        "Server nicht gefunden (keine DNS-Antwort: den Namen gibt es nicht, oder dieser Rechner ist offline)",
    ),
    ("connection refused", "Verbindung abgelehnt"),
    (
        "connection reset by the server",
        "Verbindung vom Server zurückgesetzt",
    ),
    ("connection aborted", "Verbindung abgebrochen"),
    (
        "connection closed before the response ended",
        "Verbindung vor dem Ende der Antwort geschlossen",
    ),
    (
        "connection timed out",
        "Zeitüberschreitung beim Verbindungsaufbau",
    ),
    ("could not connect", "keine Verbindung möglich"),
    ("connection failed", "Verbindung fehlgeschlagen"),
    ("TLS failed", "TLS fehlgeschlagen"),
    ("timed out after", "Zeitüberschreitung nach"),
    ("stalled, no data for", "stockt, keine Daten seit"),
    ("body exceeds", "Antwort größer als"),
    (" limit", " (Grenze)"),
    ("too many redirects", "zu viele Weiterleitungen"),
    ("unsupported URL scheme", "nicht unterstütztes Adressschema"),
    ("unreadable body", "unlesbare Antwort"),
    (
        "not a readable RSS/Atom/JSON feed",
        "kein lesbarer RSS-, Atom- oder JSON-Feed",
    ),
    (
        "the document holds no feed",
        "das Dokument enthält keinen Feed",
    ),
    (
        "no list of articles found on",
        "keine Liste von Meldungen gefunden auf",
    ),
    (" attempts", " Versuchen"),
    (" after ", " nach "),
];

/// A skip reason ("entry 3 (\"Titel\"): its link …"), notice or error, in German.
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
    fn fetch_errors_read_in_german() {
        assert_eq!(
            in_german("https://x.de/feed: connection refused after 3 attempts"),
            "https://x.de/feed: Verbindung abgelehnt nach 3 Versuchen"
        );
        assert_eq!(
            in_german("https://x.de/feed: HTTP 503 Service Unavailable after 3 attempts"),
            "https://x.de/feed: HTTP 503 Service Unavailable nach 3 Versuchen"
        );
        assert_eq!(
            in_german("https://x.de/feed: timed out after 30 s"),
            "https://x.de/feed: Zeitüberschreitung nach 30 s"
        );
        let robots = in_german(
            "https://x.de/presse: host not found (no DNS answer: the name does not exist, or this machine is offline); robots.txt could not be read, so nothing on this site is fetched until it can be",
        );
        assert!(
            robots.starts_with("https://x.de/presse: Server nicht gefunden"),
            "{robots}"
        );
        assert!(robots.ends_with("bis sie es wieder ist"), "{robots}");
    }

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
