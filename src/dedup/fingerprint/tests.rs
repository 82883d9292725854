//! Fingerprints: stored values stay comparable, blobs round-trip, and what counts as a
//! near-duplicate; the AVX-512 MinHash against the portable one.

use super::*;

/// The AVX-512 build of the MinHash loop must give the portable loop's values bit for
/// bit: fingerprints computed on one machine are compared with those of another.
/// Shingle sets of every length around the vector width, large ones, and values that
/// hit the edges of the mixer (zero, all ones, the seeds themselves).
#[test]
#[cfg(target_arch = "x86_64")]
fn avx512_minhash_equals_the_portable_one_where_the_cpu_has_it() {
    if !(std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512dq"))
    {
        eprintln!("this CPU has no AVX-512F/DQ: only the portable MinHash runs here");
        return;
    }
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        state = mix(state);
        state
    };
    let mut inputs: Vec<Vec<u64>> = (0..=70).map(|n| (0..n).map(|_| next()).collect()).collect();
    inputs.push((0..5_000).map(|_| next()).collect());
    inputs.push(vec![0, u64::MAX, 1, u64::MAX - 1]);
    inputs.push(SEEDS.to_vec());
    inputs.push(SEEDS.iter().map(|s| !s).collect());
    for shingles in &inputs {
        // SAFETY: the CPU has the features the function is compiled for (checked above).
        let vectorised = unsafe { minhash_avx512(shingles) };
        assert_eq!(
            vectorised,
            minhash_portable(shingles),
            "{} shingles",
            shingles.len()
        );
    }
}

/// Fingerprints are stored: a faster way of computing them must give the very same
/// values, or every stored item would stop matching its copies. Pinned from the
/// implementation that wrote the first databases.
#[test]
fn stored_fingerprints_stay_comparable() {
    let title = "Land startet Fachkräfteinitiative";
    let body = "MAGDEBURG – Das Ministerium für Wirtschaft startet eine Fachkräfteinitiative \
        für kleine und mittlere Unternehmen.\nBetriebe erhalten Zuschüsse für die Anwerbung \
        ausländischer Pflegekräfte, für Sprachkurse und für die Anerkennung von Berufsabschlüssen.\n\
        Pressekontakt: Anna Beispiel, Tel. 0391 567-0\nWerbung\nDie Landesregierung stellt dafür \
        zwölf Millionen Euro bereit. Infos unter www.fachkraft-im-fokus.de";
    let fp = fingerprint(title, body);
    assert_eq!(fp.lookup_key, 0x077a5dd0e2da0b55);
    assert_eq!(fp.shingles, 37);
    assert_eq!(
        fp.minhash[..8],
        [2901, 58074, 24016, 1914, 29569, 10888, 39881, 38041]
    );
    // A thin body is fingerprinted with its title in front.
    let thin = fingerprint(title, "Kurz und knapp: Neue Stellen.");
    assert_eq!(thin.lookup_key, 0x680cc7323b75926e);
    assert_eq!(thin.shingles, 6);
}

const RELEASE: &str = "Magdeburg. Die Landesinitiative Fachkraft im Fokus und das Welcome-Center \
    Sachsen-Anhalt laden Unternehmen zu einem Workshop über die Gewinnung internationaler \
    Fachkräfte ein. Im Mittelpunkt stehen das Fachkräfteeinwanderungsgesetz, die Anerkennung \
    ausländischer Berufsabschlüsse und die Begleitung neuer Beschäftigter in den ersten Monaten. \
    Die Teilnahme ist kostenfrei, eine Anmeldung ist bis zum 15. März erforderlich.";

#[test]
fn blob_round_trips() {
    let fp = fingerprint("Workshop", RELEASE);
    let blob = fp.to_bytes();
    assert_eq!(blob.len(), BLOB_LEN);
    assert_eq!(Fingerprint::from_bytes(&blob), Ok(fp));
}

#[test]
fn bad_blobs_are_errors_not_panics() {
    let blob = fingerprint("Workshop", RELEASE).to_bytes();
    assert!(Fingerprint::from_bytes(&[]).is_err());
    assert!(Fingerprint::from_bytes(&blob[..BLOB_LEN - 1]).is_err());
    let mut wrong_version = blob.clone();
    wrong_version[0] = 99;
    assert!(matches!(
        Fingerprint::from_bytes(&wrong_version),
        Err(DedupError::BadFingerprint(m)) if m.contains("version 99")
    ));
    let mut long = blob;
    long.push(0);
    assert!(Fingerprint::from_bytes(&long).is_err());
}

#[test]
fn identical_text_is_identical_fingerprint_and_a_duplicate() {
    let a = fingerprint("Workshop für Unternehmen", RELEASE);
    let b = fingerprint("Anderer Titel", RELEASE);
    assert_eq!(a, b);
    assert!(is_near_duplicate(&a, &b));
}

#[test]
fn spelling_and_markers_do_not_change_the_fingerprint() {
    let respelled = RELEASE
        .replace("Fachkräfte", "Fachkraefte")
        .replace("über", "ueber")
        .replace("Unternehmen zu", "Unternehmen\nWerbung\nzu");
    assert_eq!(fingerprint("", RELEASE), fingerprint("", &respelled));
}

const FURTHER_PARAGRAPHS: [&str; 3] = [
    "Nach Angaben des Ministeriums haben im vergangenen Jahr mehr als 400 Betriebe aus \
     Sachsen-Anhalt internationale Fachkräfte eingestellt, vor allem in Pflege, Logistik und \
     Metallverarbeitung. Viele von ihnen wünschen sich Unterstützung bei Visaverfahren.",
    "Der Workshop findet im Haus der Wirtschaft in Magdeburg statt. Neben Fachleuten der \
     Ausländerbehörde berichten zwei Unternehmen aus dem Harz über ihre Erfahrungen mit \
     Auszubildenden aus Marokko und Indien.",
    "Staatssekretärin Susi Möbbeck wird den Workshop eröffnen. Sie will dabei auch das neue \
     Förderprogramm für Sprachkurse am Arbeitsplatz vorstellen, das im Herbst startet und \
     kleine Betriebe bei den Kosten entlastet.",
];

#[test]
fn a_cut_republication_is_a_duplicate_but_a_quoted_passage_is_not() {
    let full = [
        RELEASE,
        FURTHER_PARAGRAPHS[0],
        FURTHER_PARAGRAPHS[1],
        FURTHER_PARAGRAPHS[2],
    ];
    let original = fingerprint("", &full.join("\n"));
    let cut = fingerprint("", &full[..3].join("\n"));
    // One paragraph quoted in another item: wholly inside, but a fraction of the story.
    let quoted = fingerprint("", FURTHER_PARAGRAPHS[1]);
    assert!(is_near_duplicate(&original, &cut));
    assert!(
        original.containment(&quoted) > 0.9,
        "the passage lies inside the original"
    );
    assert!(!is_near_duplicate(&original, &quoted));
}

#[test]
fn empty_items_are_never_duplicates() {
    let empty = fingerprint("", "");
    assert_eq!(empty.shingles, 0);
    assert!(!is_near_duplicate(&empty, &empty));
}

#[test]
fn unrelated_text_is_not_a_duplicate() {
    let other = fingerprint(
        "",
        "Erfurt. Das Thüringer Wirtschaftsministerium fördert in diesem Jahr zwölf neue \
         Verbundprojekte zur Ausbildung in kleinen Handwerksbetrieben. Die Betriebe teilen sich \
         Ausbilder, Werkstätten und Prüfungsvorbereitung, damit auch kleine Firmen Lehrlinge \
         aufnehmen können.",
    );
    let release = fingerprint("", RELEASE);
    assert!(!is_near_duplicate(&release, &other));
    assert_ne!(release.lookup_key, other.lookup_key);
}
