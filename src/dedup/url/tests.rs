//! Canonical URLs: what is dropped, what is kept, what is refused.

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
        canon("https://ms.sachsen-anhalt.de/pm?mc_cid=1&mc_eid=2&_ga=3&igshid=4&msclkid=5&dclid=6"),
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
