//! Canonical form of an article link, so one page reached by different links is one item.

use url::Url;

use super::DedupError;

/// Query parameters that only track the reader; their names are compared lowercased.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "ttclid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "igshid",
    "wt_mc",
    "wt.mc_id",
    "wt_zmc",
    "wtmc",
    "li_fat_id",
    "mkt_tok",
    "_hsenc",
    "_hsmi",
    "hsctatracking",
    "oly_enc_id",
    "oly_anon_id",
    "vero_id",
    "rb_clickid",
    "s_cid",
    "ref_src",
    "ref_url",
    "cmpid",
    "ncid",
    "jsessionid",
    "phpsessid",
    "sessionid",
    "xtor",
];

/// Prefixes of tracking parameter families (Google/Matomo/AT Internet campaign tags).
const TRACKING_PREFIXES: &[&str] = &["utm_", "at_", "pk_", "mtm_", "piwik_", "matomo_"];

/// The fragment that marks a feed entry without a usable link of its own: it is linked to
/// its source's page, and the fragment (the entry's guid) is what tells such entries apart.
pub const GUID_FRAGMENT: &str = "presseradar-guid=";

/// Lowercase scheme and host, no default port, no fragment (but a [`GUID_FRAGMENT`]), sorted query, tracking
/// parameters removed, `;jsessionid=…` removed, empty query dropped, percent-encoding
/// normalised. Err for anything but an absolute http(s) URL.
pub fn canonical_url(url: &str) -> Result<String, DedupError> {
    let trimmed = url.trim();
    let mut parsed = Url::parse(trimmed).map_err(|e| DedupError::InvalidUrl {
        url: trimmed.to_string(),
        reason: e.to_string(),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(DedupError::UnsupportedScheme {
            url: trimmed.to_string(),
            scheme: parsed.scheme().to_string(),
        });
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(DedupError::InvalidUrl {
            url: trimmed.to_string(),
            reason: "no host".to_string(),
        });
    }
    if !parsed
        .fragment()
        .is_some_and(|f| f.starts_with(GUID_FRAGMENT))
    {
        parsed.set_fragment(None);
    }
    // Credentials never identify an article, and must not end up in a stored link.
    let _ = parsed.set_username("");
    let _ = parsed.set_password(None);

    let path = normalize_percent_encoding(&strip_session_ids(parsed.path()));
    parsed.set_path(&path);

    let query = parsed.query().map(canonical_query).unwrap_or_default();
    parsed.set_query(if query.is_empty() { None } else { Some(&query) });
    Ok(parsed.into())
}

/// Drop `;jsessionid=…` (and similar matrix session parameters) from every path segment.
fn strip_session_ids(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let mut parts = segment.split(';');
            let head = parts.next().unwrap_or_default();
            let kept: Vec<&str> = parts.filter(|p| !is_session_param(p)).collect();
            if kept.is_empty() {
                head.to_string()
            } else {
                format!("{head};{}", kept.join(";"))
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn is_session_param(param: &str) -> bool {
    let name = param
        .split('=')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(
        name.as_str(),
        "jsessionid" | "phpsessid" | "sid" | "sessionid"
    )
}

/// Sort the query's pairs and drop tracking parameters and empty pieces (`a=1&&b=2`).
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| !is_tracking_param(pair.split('=').next().unwrap_or_default()))
        .map(|pair| escape_brackets(&normalize_percent_encoding(pair)))
        .collect();
    pairs.sort();
    pairs.dedup();
    pairs.join("&")
}

/// TYPO3 links carry `tx_news_pi1[uid]=7` bare on one page, escaped on another: one spelling.
fn escape_brackets(pair: &str) -> String {
    pair.replace('[', "%5B").replace(']', "%5D")
}

fn is_tracking_param(raw_name: &str) -> bool {
    let name = percent_decode_lossy(raw_name).to_ascii_lowercase();
    TRACKING_PARAMS.contains(&name.as_str())
        || TRACKING_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Decode escapes of unreserved characters (`%7E` → `~`, `%41` → `A`) and write the
/// remaining escapes with uppercase hex, so both spellings of one link compare equal.
fn normalize_percent_encoding(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|b| hex_value(*b)),
                bytes.get(i + 2).and_then(|b| hex_value(*b)),
            )
        {
            let byte = hi * 16 + lo;
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                out.push(char::from(byte));
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
            i += 3;
            continue;
        }
        // A lone '%' (not a valid escape) is written as "%25": left bare, it could form
        // an escape with what a decoded neighbour leaves behind ("%%44f" → "%Df"), and a
        // second pass would then read the URL differently.
        if bytes[i] == b'%' {
            out.push_str("%25");
            i += 1;
            continue;
        }
        // Multi-byte characters are copied whole: find the next char boundary.
        let ch_len = text[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&text[i..i + ch_len]);
        i += ch_len;
    }
    out
}

fn percent_decode_lossy(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|b| hex_value(*b)),
                bytes.get(i + 2).and_then(|b| hex_value(*b)),
            )
        {
            decoded.push(hi * 16 + lo);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

fn hex_value(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(url: &str) -> String {
        match canonical_url(url) {
            Ok(c) => c,
            Err(e) => panic!("{url}: {e}"),
        }
    }

    #[test]
    fn tracking_parameters_are_removed_and_the_rest_sorted() {
        assert_eq!(
            canon(
                "https://www.mz.de/lokal/artikel?utm_source=rss&id=42&fbclid=Iw0AR&b=2&utm_medium=feed&gclid=x&at_medium=social&wt_mc=nl"
            ),
            "https://www.mz.de/lokal/artikel?b=2&id=42"
        );
        assert_eq!(
            canon(
                "https://ms.sachsen-anhalt.de/pm?mc_cid=1&mc_eid=2&_ga=3&igshid=4&msclkid=5&dclid=6"
            ),
            "https://ms.sachsen-anhalt.de/pm"
        );
    }

    #[test]
    fn tracking_parameter_names_match_case_insensitively() {
        assert_eq!(
            canon("https://example.de/a?UTM_Source=x&FBCLID=y&Seite=2"),
            "https://example.de/a?Seite=2"
        );
    }

    #[test]
    fn sorting_makes_parameter_order_irrelevant() {
        assert_eq!(
            canon("https://example.de/suche?z=1&a=2&m=3"),
            canon("https://example.de/suche?m=3&z=1&a=2")
        );
        assert_eq!(
            canon("https://example.de/suche?z=1&a=2"),
            "https://example.de/suche?a=2&z=1"
        );
    }

    #[test]
    fn typo3_links_keep_their_whole_query_and_both_bracket_spellings_meet() {
        let bare = "https://mb.sachsen-anhalt.de/presse/pressemitteilungen/?tx_tsarssinclude_pi1[uid]=13366&tx_tsarssinclude_pi1[action]=single&tx_tsarssinclude_pi1[controller]=Static&cHash=5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d";
        let escaped = "https://mb.sachsen-anhalt.de/presse/pressemitteilungen/?tx_tsarssinclude_pi1%5Buid%5D=13366&tx_tsarssinclude_pi1%5Baction%5D=single&tx_tsarssinclude_pi1%5Bcontroller%5D=Static&cHash=5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d";
        assert_eq!(
            canon(bare),
            "https://mb.sachsen-anhalt.de/presse/pressemitteilungen/?cHash=5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d&tx_tsarssinclude_pi1%5Baction%5D=single&tx_tsarssinclude_pi1%5Bcontroller%5D=Static&tx_tsarssinclude_pi1%5Buid%5D=13366"
        );
        assert_eq!(canon(escaped), canon(bare));
        assert_eq!(canon(&canon(bare)), canon(bare));
        assert_ne!(
            canon(bare),
            canon(&bare.replace("13366", "13367").replace("5a4b", "9f8e"))
        );
    }

    #[test]
    fn empty_query_is_dropped() {
        assert_eq!(canon("https://example.de/a?"), "https://example.de/a");
        assert_eq!(
            canon("https://example.de/a?utm_campaign=x"),
            "https://example.de/a"
        );
        assert_eq!(canon("https://example.de/a?&&"), "https://example.de/a");
    }

    #[test]
    fn jsessionid_in_the_path_is_removed() {
        assert_eq!(
            canon("https://www.landesportal.de/presse/pm-123.html;jsessionid=A1B2C3D4E5?nn=7"),
            "https://www.landesportal.de/presse/pm-123.html?nn=7"
        );
        assert_eq!(
            canon("https://www.landesportal.de/presse;JSESSIONID=ff/pm.html"),
            "https://www.landesportal.de/presse/pm.html"
        );
        assert_eq!(
            canon("https://example.de/a?jsessionid=abc&id=1"),
            "https://example.de/a?id=1"
        );
    }

    #[test]
    fn default_ports_go_and_other_ports_stay() {
        assert_eq!(canon("http://example.de:80/a"), "http://example.de/a");
        assert_eq!(canon("https://example.de:443/a"), "https://example.de/a");
        assert_eq!(
            canon("https://example.de:8443/a"),
            "https://example.de:8443/a"
        );
    }

    #[test]
    fn a_guid_fragment_stays_as_the_identity_of_a_linkless_entry() {
        let a = canonical_url("https://www.kreisblatt.example/#presseradar-guid=kb-1").unwrap();
        let b = canonical_url("https://www.kreisblatt.example/#presseradar-guid=kb-2").unwrap();
        assert_ne!(a, b);
        assert!(a.ends_with("#presseradar-guid=kb-1"), "{a}");
    }

    #[test]
    fn fragments_go() {
        assert_eq!(
            canon("https://example.de/a#kommentare"),
            "https://example.de/a"
        );
        assert_eq!(
            canon("https://example.de/a?id=1#top"),
            "https://example.de/a?id=1"
        );
    }

    #[test]
    fn scheme_and_host_are_lowercased_but_path_case_is_kept() {
        assert_eq!(
            canon("HTTPS://WWW.Sachsen-Anhalt.DE/Presse/PM.html"),
            "https://www.sachsen-anhalt.de/Presse/PM.html"
        );
    }

    #[test]
    fn idn_hosts_become_punycode() {
        assert_eq!(
            canon("https://www.fachkräfte-thüringen.de/news"),
            "https://www.xn--fachkrfte-thringen-qtb00c.de/news"
        );
        assert_eq!(
            canon("https://WWW.Fachkräfte-Thüringen.de/news"),
            canon("https://www.xn--fachkrfte-thringen-qtb00c.de/news")
        );
    }

    /// Found by the canonical_url fuzz target: decoding "%44" next to a lone '%' made a
    /// new escape, so canonicalising twice gave another URL.
    #[test]
    fn lone_percent_signs_cannot_form_new_escapes() {
        let text = "https:/WN---mectpKKKKKKKKKKKKKKKKKKKKKK0KKKKKKKKKKKKKKKKTTP://WWal/./aa%%44fb?b=2&%4a%4fce/pre";
        let once = canon(text);
        assert_eq!(canon(&once), once);
        assert!(once.contains("aa%25Dfb"), "{once}");
        assert_eq!(
            canon("https://example.de/a%zz"),
            "https://example.de/a%25zz"
        );
    }

    #[test]
    fn percent_encoding_is_normalised() {
        assert_eq!(
            canon("https://example.de/%7Ealice/a%2db"),
            "https://example.de/~alice/a-b"
        );
        assert_eq!(
            canon("https://example.de/a%2fb?q=a%2fb"),
            "https://example.de/a%2Fb?q=a%2Fb"
        );
        assert_eq!(
            canon("https://example.de/fachkr%c3%a4fte"),
            canon("https://example.de/fachkräfte")
        );
    }

    #[test]
    fn credentials_are_dropped() {
        assert_eq!(
            canon("https://user:pw@example.de/a"),
            "https://example.de/a"
        );
    }

    #[test]
    fn invalid_input_is_an_error_naming_the_url() {
        for bad in [
            "",
            "nur text",
            "/relativ/pfad",
            "https://",
            "http://exa mple.de/",
        ] {
            match canonical_url(bad) {
                Err(DedupError::InvalidUrl { url, .. }) => assert_eq!(url, bad.trim()),
                other => panic!("{bad:?}: expected InvalidUrl, got {other:?}"),
            }
        }
        for (bad, scheme) in [
            ("ftp://example.de/a", "ftp"),
            ("mailto:presse@ms.sachsen-anhalt.de", "mailto"),
            ("javascript:alert(1)", "javascript"),
        ] {
            assert_eq!(
                canonical_url(bad),
                Err(DedupError::UnsupportedScheme {
                    url: bad.to_string(),
                    scheme: scheme.to_string()
                })
            );
        }
    }
}
