//! Term matching: wildcards, multi-word spellings, and overlap resolution checked
//! against its quadratic definition on dense random texts.

use super::*;

fn set(terms: &[&str]) -> TermSet<String> {
    let specs = terms.iter().map(|t| TermSpec {
        written: t.to_string(),
        payload: t.to_string(),
        channel: 0,
    });
    TermSet::build(specs, true).expect("valid terms")
}

fn found(set: &TermSet<String>, text: &str) -> Vec<String> {
    let doc = Folded::new(text);
    set.find(&doc)
        .iter()
        .map(|h| set.payload(h.entry).clone())
        .collect()
}

#[test]
fn prefix_rule_matches_compounds_but_not_inside_words() {
    let s = set(&["fachkräfte*"]);
    assert_eq!(found(&s, "Fachkräftegewinnung"), ["fachkräfte*"]);
    assert_eq!(
        found(&s, "das Fachkraefteeinwanderungsgesetz"),
        ["fachkräfte*"]
    );
    assert!(found(&s, "Pflegefachkräfte").is_empty());
}

#[test]
fn suffix_rule_matches_the_end_of_compounds() {
    let s = set(&["*weiterbildung"]);
    assert_eq!(
        found(&s, "berufliche Anpassungsweiterbildung"),
        ["*weiterbildung"]
    );
    assert!(found(&s, "Weiterbildungen").is_empty());
}

#[test]
fn the_more_specific_rule_wins_an_overlap() {
    let s = set(&["fachkräfte*", "fachkräftemangel"]);
    assert_eq!(found(&s, "wegen des Fachkräfte-Mangels"), ["fachkräfte*"]);
    assert_eq!(found(&s, "Fachkräftemangel"), ["fachkräftemangel"]);
}

#[test]
fn multi_word_terms_match_spaced_hyphenated_and_joined() {
    let s = set(&["welcome center"]);
    for text in ["Welcome Center", "Welcome-Center", "WelcomeCenter"] {
        assert_eq!(found(&s, text), ["welcome center"], "{text}");
    }
}

/// The resolution as first written: greedy by priority, each candidate checked
/// against every hit taken so far. Quadratic, and obviously what is meant.
fn resolve_by_definition<P>(set: &TermSet<P>, mut candidates: Vec<Candidate>) -> Vec<Hit> {
    candidates.sort_by(Candidate::by_priority);
    let mut taken: Vec<Hit> = Vec::new();
    for Candidate { hit, .. } in candidates {
        let channel = set.entries[hit.entry].channel;
        let clashes = taken.iter().any(|t| {
            set.entries[t.entry].channel == channel
                && t.start < hit.end
                && hit.start < t.end
                && !(t.start == hit.start
                    && t.end == hit.end
                    && t.entry != hit.entry
                    && set.entries_share_literal(t.entry, hit.entry))
        });
        if !clashes {
            taken.push(hit);
        }
    }
    taken.sort_by_key(|h| (h.start, h.entry));
    taken
}

#[test]
fn dense_overlaps_resolve_as_the_definition_says() {
    // Prefix, suffix, exact and multi-word terms competing in four channels, and
    // one place name listed twice (two entries of one literal).
    let terms = [
        ("fachkräfte*", 0),
        ("fachkräftemangel", 0),
        ("*mangel", 0),
        ("kräfte", 0),
        ("welcome center", 0),
        ("center*", 1),
        ("*mangel", 1),
        ("fachkräfte", 1),
        ("welcome", 1),
        ("magdeburg", 2),
        ("magdeburg", 2),
        ("*burg", 2),
        ("magde*", 2),
        ("burg", 3),
        ("fachkräftemangel", 3),
    ];
    let set = TermSet::build(
        terms.iter().map(|&(written, channel)| TermSpec {
            written: written.to_string(),
            payload: (),
            channel,
        }),
        true,
    )
    .expect("valid terms");
    // Mostly glued with hyphens and soft hyphens: long compounds in which every
    // part is a word start, so wildcard spans cover many shorter hits.
    let pieces = [
        "fach",
        "kräfte",
        "Kräfte",
        "mangel",
        "welcome",
        "center",
        "magde",
        "burg",
        "-",
        "-",
        "-",
        "\u{00AD}",
        " ",
        "Welcome Center",
        "Magdeburg",
        "fachkraefte",
    ];
    let mut state: u64 = 0x5eed;
    let (mut rejected, mut shared_spans) = (0, 0);
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..120 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
        }
        let doc = Folded::new(&text);
        let candidates = set.candidates(&doc);
        let expected = resolve_by_definition(&set, set.candidates(&doc));
        rejected += candidates.len() - expected.len();
        shared_spans += expected
            .windows(2)
            .filter(|w| (w[0].start, w[0].end) == (w[1].start, w[1].end))
            .count();
        assert_eq!(set.resolve_overlaps(candidates), expected, "{text}");
    }
    // The texts really were dense with overlaps, and the twice-listed place name
    // kept both its entries on one span.
    assert!(rejected > 1000, "{rejected}");
    assert!(shared_spans > 100, "{shared_spans}");
}

#[test]
fn the_remembered_word_is_the_word_around_every_position() {
    let doc = Folded::new("Fachkräfte-Fachkräftemangel, Welcome\u{00AD}Center  in Magdeburg.");
    let mut word = WordAround::default();
    let positions: Vec<usize> = (0..=doc.text.len())
        .filter(|&p| doc.text.is_char_boundary(p))
        .collect();
    // Forwards, backwards and jumping about, as overlapping matches ask.
    let jumping = positions.iter().step_by(3).chain(positions.iter().rev());
    for &pos in positions.iter().chain(jumping) {
        assert_eq!(
            word.around(&doc, pos),
            (doc.word_start(pos), doc.word_end(pos)),
            "at {pos} in {:?}",
            doc.text
        );
    }
}

#[test]
fn malformed_terms_are_rejected() {
    let bad = TermSet::build(
        [TermSpec {
            written: "a*b".to_string(),
            payload: (),
            channel: 0,
        }],
        true,
    );
    assert!(bad.is_err());
    let bad = TermSet::build(
        [TermSpec {
            written: "*".to_string(),
            payload: (),
            channel: 0,
        }],
        true,
    );
    assert!(bad.is_err());
}
