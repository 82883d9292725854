//! Federal states on texts modelled on real news: the official municipalities, words
//! that are also place names, Berlin as the venue of federal news, commuters and
//! newcomers, district-only articles and URL hints.

use super::state::Gazetteer;
use super::*;
use crate::vocab::State::{self, *};

use super::tests_real::classifier;

fn tag(title: &str, body: &str, source: Option<State>) -> Classification {
    classifier().classify(&Document {
        title,
        body,
        source_state: source,
    })
}

pub(super) fn states(title: &str, body: &str, source: Option<State>) -> Vec<State> {
    let mut s = tag(title, body, source).states;
    s.sort();
    s
}

#[test]
fn shipped_municipalities_load_with_every_state() {
    Gazetteer::parse_all(&[(EMBEDDED_MUNICIPALITIES, "data/municipalities.tsv")])
        .expect("data/municipalities.tsv loads");
    let mut seen = std::collections::BTreeSet::new();
    let mut count = 0;
    for line in EMBEDDED_MUNICIPALITIES
        .lines()
        .filter(|l| !l.starts_with('#'))
    {
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols[2].ends_with("municipality"), "{line}");
        seen.insert(State::parse(cols[1]).expect("a state code"));
        count += 1;
    }
    assert!(count > 9_000, "only {count} municipalities");
    // The city states' municipalities (Berlin, Hamburg, Bremen, Bremerhaven) are in
    // data/places.tsv, which the generator leaves to the hand-made list.
    for state in State::ALL {
        assert_eq!(
            seen.contains(&state),
            ![BE, HH, HB].contains(&state),
            "{state}"
        );
    }
}

#[test]
fn a_small_unique_town_maps_to_its_state() {
    // Tellingstedt (Dithmarschen) and Harbke (Börde) are in no hand-made list.
    let r = tag(
        "",
        "In Tellingstedt eröffnet ein Betrieb eine Lehrwerkstatt für zwölf Auszubildende.",
        None,
    );
    assert_eq!(r.states, [SH], "{:#?}", r.reasons);
    assert_eq!(
        states("", "Harbke (ots). Die Gemeinde sucht Erzieherinnen.", None),
        [ST]
    );
}

#[test]
fn a_municipality_named_like_a_word_needs_a_qualifier() {
    // "enger" is an adjective; Enger is also a town in Westphalia.
    assert_eq!(
        states(
            "",
            "Die Kammer will in enger Abstimmung mit den Betrieben Azubis gewinnen.",
            None
        ),
        Vec::<State>::new()
    );
    assert_eq!(
        states("", "Enger (ots). Ein Handwerksbetrieb bildet aus.", None),
        [NW]
    );
    // "Lage" is a noun: "in der Lage" is no place, "in Lage" is.
    assert_eq!(
        states("", "Die Firma ist in der Lage, mehr auszubilden.", None),
        Vec::<State>::new()
    );
    let r = tag("", "Ein Pflegedienst in Lage sucht Fachkräfte.", None);
    assert!(
        r.reasons.iter().any(|x| x.contains("ambiguous 'Lage'")),
        "Lage lies in NI and NW: {:#?}",
        r.reasons
    );
    // "in Brand geraten" is no place either, though Brand is a village in Bavaria.
    assert_eq!(
        states("", "Eine Scheune ist in Brand geraten.", None),
        Vec::<State>::new()
    );
}

#[test]
fn small_places_in_passing_do_not_outvote_the_main_state() {
    let body = "Sachsen-Anhalt startet eine Kampagne für Pflegekräfte. Das Land \
        Sachsen-Anhalt wirbt in Halle und Magdeburg. Eine Pflegerin pendelte früher nach \
        Gnarrenburg, eine andere kam aus Tellingstedt, eine dritte aus Wesselburen.";
    let r = tag("", body, None);
    assert_eq!(r.states, [ST], "{:#?}", r.reasons);
}

#[test]
fn several_small_places_of_one_region_tag_it_when_nothing_else_is_named() {
    let body = "Die Betriebe aus Tellingstedt, Wesselburen und Hennstedt stellen beim \
        Ausbildungstag ihre Berufe vor.";
    assert_eq!(states("", body, None), [SH]);
}

#[test]
fn berlin_as_the_venue_of_federal_news_is_not_the_subject() {
    let body = "Berlin. Die Zahl der Pflege-Azubis soll bundesweit um zehn Prozent steigen, \
        wie die Bundesfamilienministerin in Berlin sagte.";
    let r = tag("Mehr Azubis in der Pflege", body, None);
    assert_eq!(r.states, Vec::<State>::new(), "{:#?}", r.reasons);
    assert!(
        r.reasons
            .iter()
            .any(|x| x.contains("venue of federal news"))
    );
    // Berlin's own news still names Berlin.
    let body = "Berlin. Der Senat startet ein Programm für Erzieherinnen in Berlin, \
        die Berliner Bezirke beteiligen sich.";
    assert_eq!(states("", body, None), [BE]);
    // Comparing with the nationwide figure does not make state news federal.
    let body = "In Berlin fehlen 2000 Erzieherinnen, bundesweit sind es mehr als 20000.";
    assert_eq!(states("", body, None), [BE]);
}

#[test]
fn federal_news_naming_no_place_takes_no_source_prior() {
    let body = "Das Bundesministerium für Bildung fördert die Anerkennung ausländischer \
        Abschlüsse mit bis zu 600 Euro je Verfahren.";
    assert_eq!(states("", body, Some(BW)), Vec::<State>::new());
    let body = "Die Kammer fördert die Anerkennung ausländischer Abschlüsse.";
    assert_eq!(states("", body, Some(BW)), [BW]);
    // A state government addressing the federal one is the state's news.
    let body = "Die Landesregierung fordert von der Bundesregierung schnellere \
        Anerkennungsverfahren für Pflegekräfte.";
    assert_eq!(states("", body, Some(BW)), [BW]);
}

#[test]
fn a_state_named_with_one_of_its_districts_is_no_passing_mention() {
    // Returnee days in eastern districts: the second state is named twice, by the state
    // and by a district, and stays.
    let body = "Landkreise in Mecklenburg-Vorpommern laden Rückkehrer ein. Auch in Wismar, \
        Neubrandenburg und Mecklenburg-Vorpommern gibt es Aktionstage. In Sachsen macht der \
        Landkreis Nordsachsen mit.";
    let r = tag("", body, None);
    let mut got = r.states.clone();
    got.sort();
    assert_eq!(got, [MV, SN], "{:#?}", r.reasons);
}

#[test]
fn commuters_destination_is_not_the_subject() {
    let body = "Schleswig-Holstein will Pendler zurückgewinnen. Viele Fachkräfte aus \
        Schleswig-Holstein pendeln täglich nach Hamburg.";
    let r = tag("", body, None);
    assert_eq!(r.states, [SH], "{:#?}", r.reasons);
}

#[test]
fn a_district_only_article_is_tagged_by_its_places() {
    let body = "Die Fachkräfteallianz Ostwürttemberg erneuert ihre Vereinbarung: Kammern, \
        Agentur und Landkreise wollen gemeinsam Fachkräfte halten.";
    assert_eq!(states("", body, None), [BW]);
}

#[test]
fn url_hints_skip_the_national_desk() {
    let g = &classifier().gazetteer;
    assert_eq!(
        g.state_of_url("https://zeitung.example/politik/deutschland/berlin/archiv/2017/"),
        None
    );
    assert_eq!(
        g.state_of_url("https://zeitung.example/berlin/bezirke/neukoelln-kita"),
        Some(BE)
    );
    assert_eq!(
        g.state_of_url("https://zeitung.example/deutschland-welt/niedersachsen/artikel-1"),
        Some(NI)
    );
}

#[test]
fn a_region_opening_the_host_name_hints_at_its_state() {
    let g = &classifier().gazetteer;
    assert_eq!(
        g.state_of_url("https://frankenfernsehen.example/mediathek/video/landarzt"),
        Some(BY)
    );
    assert_eq!(
        g.state_of_url("https://www.magdeburgerleben.example/x"),
        Some(ST)
    );
    assert_eq!(
        g.state_of_url("https://www.insuedthueringen.example/inhalt.kreistag"),
        Some(TH)
    );
    // A short or ordinary opening is no hint.
    assert_eq!(g.state_of_url("https://www.halleluja.example/x"), None);
    assert_eq!(g.state_of_url("https://www.handelsblatt.example/x"), None);
    // With no place in the text, the hint decides.
    let r = classifier().classify(&Document {
        title: "Landarztprämie",
        body: "Die Staatsregierung fördert Praxen auf dem Land.",
        source_state: g.state_of_url("https://frankenfernsehen.example/video"),
    });
    assert_eq!(r.states, [BY], "{:#?}", r.reasons);
}

#[test]
fn municipality_kinds_parse_and_bad_lines_name_their_file() {
    let g = Gazetteer::parse_all(&[
        ("Beispielstadt\tSH\tmunicipality\n", "a.tsv"),
        (
            "Lage\tNW\tnoun-municipality\nEnger\tNW\tword-municipality\n",
            "b.tsv",
        ),
    ])
    .expect("valid");
    let tag = |body: &str| {
        let mut reasons = Vec::new();
        g.tag(&Folded::new(""), &Folded::new(body), None, &mut reasons)
            .0
    };
    assert_eq!(tag("Ein Betrieb in Beispielstadt."), [SH]);
    assert_eq!(tag("Ein Betrieb in Lage."), [NW]);
    assert_eq!(tag("Ein Betrieb in enger Lage."), Vec::<State>::new());
    let err = Gazetteer::parse_all(&[
        ("Beispielstadt\tSH\tmunicipality\n", "a.tsv"),
        ("Lage\tNW\tdorf\n", "b.tsv"),
    ])
    .err()
    .expect("unknown kind");
    assert_eq!(err.to_string(), "b.tsv:1: kind: unknown kind \"dorf\"");
    // A name the matcher cannot take is found on its own line of its own file.
    let err = Gazetteer::parse_all(&[
        ("Beispielstadt\tSH\tmunicipality\n", "a.tsv"),
        ("Lage\tNW\tmunicipality\nX*\tNW\tmunicipality\n", "b.tsv"),
    ])
    .err()
    .expect("a one-letter name");
    assert!(err.to_string().starts_with("b.tsv:2: name: "), "{err}");
}

#[test]
fn a_municipality_name_as_a_surname_or_a_compound_part_is_no_place() {
    // Buchholz and Einhaus are municipalities, and surnames too.
    for body in [
        "Wirtschaftsminister Bernd Buchholz (FDP) lobte die Ausbildungsoffensive.",
        "Landrat Einhaus stellte das Programm für Pflegekräfte vor.",
        "Die Abgeordnete Tellingstedt (SPD) fordert mehr Lehrstellen.",
    ] {
        let r = tag("", body, None);
        assert_eq!(r.states, Vec::<State>::new(), "{body}: {:#?}", r.reasons);
    }
    // A quarter joined by a hyphen is not the municipality of the same name elsewhere:
    // Farmsen-Berne lies in Hamburg, Berne in Lower Saxony.
    assert_eq!(
        states("", "In Farmsen-Berne öffnet ein Ausbildungsbüro.", None),
        Vec::<State>::new()
    );
    // The plain name still counts.
    assert_eq!(
        states("", "In Tellingstedt öffnet ein Ausbildungsbüro.", None),
        [SH]
    );
}

#[test]
fn nouns_in_set_phrases_are_no_place() {
    for body in [
        "Die Kammer will die Betriebe in Schutz nehmen.",
        "Die Zugvögel ziehen nach Norden.",
        "Die Azubis bauen eine Mauer aus Sand und Steinen.",
    ] {
        let r = tag("", body, None);
        assert_eq!(r.states, Vec::<State>::new(), "{body}: {:#?}", r.reasons);
    }
    // The administrative word still names the place.
    assert_eq!(
        states("", "Die Gemeinde Norden sucht Erzieherinnen.", None),
        [NI]
    );
}

#[test]
fn a_moving_word_reaches_to_the_end_of_its_sentence_only() {
    // Destinations listed after the commuting word, across an abbreviation, count little.
    let body = "Sachsen bleibt ein Pendlerland. Viele Sachsen pendeln in die angrenzenden \
        Länder Bayern (ca. 26.500), Thüringen (17.000) und Brandenburg (16.000). Der \
        Freistaat Sachsen lädt deshalb zu Rückkehrerbörsen ein.";
    let r = tag("", body, None);
    assert_eq!(r.states, [SN], "{:#?}", r.reasons);
    // After a headline's slash the subject starts anew: the state is not an origin.
    let r = tag(
        "",
        "Die Länder werben um abgewanderte Landeskinder / Mecklenburg-Vorpommern als Vorreiter",
        None,
    );
    assert_eq!(r.states, [MV], "{:#?}", r.reasons);
    assert!(
        !r.reasons
            .iter()
            .any(|x| x.contains("destination or origin")),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn a_town_adjective_names_its_town_but_a_street_named_after_a_place_does_not() {
    // Lichtenfels (Upper Franconia) forms "Lichtenfelser", generated from the directory.
    assert_eq!(
        states("Daten zum neuen Lichtenfelser Klinikum", "Ein Text.", None),
        [BY]
    );
    // Streets and gates named after places lie elsewhere.
    for body in [
        "Der Betrieb an der Berliner Straße bildet zwei Azubis aus.",
        "Die Feier findet am Brandenburger Tor statt.",
        "Die Praxis in der Lichtenfelser Straße sucht eine Fachkraft.",
    ] {
        let r = tag("", body, None);
        assert_eq!(r.states, Vec::<State>::new(), "{body}: {:#?}", r.reasons);
    }
    // A ranking names the place itself.
    assert_eq!(
        states(
            "",
            "Im Ranking der Ausbildungsstädte belegt Magdeburg Platz eins.",
            None
        ),
        [ST]
    );
}
