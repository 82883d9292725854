//! Further real-news error categories (issue 24), in our own words: demands, visits and
//! figures that name our subject without a measure, new residents in general, an
//! institution named like a measure; and measures that other words hid (an alliance's
//! anniversary, apprentices recruited abroad starting, a programme against one
//! profession's shortage, an alliance named in words).

use super::tests_real::{assert_irrelevant, assert_relevant, run};
use crate::vocab::State::*;

#[test]
fn the_federal_agency_counting_training_places_is_no_measure() {
    let r = assert_irrelevant(
        "Noch mehr Lehrstellen als Bewerber",
        "Kurz vor dem Start des Ausbildungsjahres meldet die Bundesagentur für Arbeit mehr \
         freie Lehrstellen als Jugendliche, die noch suchen. Zwischen den Ländern gibt es große \
         Unterschiede bei den Ausbildungsplätzen.",
    );
    assert!(
        !r.reasons.iter().any(|w| w.contains("measure ('")),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn a_demand_for_foreign_staff_is_a_demand_unless_a_measure_stands_beside_it() {
    assert_irrelevant(
        "Pflegeverband: Ohne Pflegekräfte aus dem Ausland geht es nicht",
        "Nach Auffassung des Landesverbands der privaten Heime ist der Personalmangel in den \
         Einrichtungen nur mit zusätzlichen Kräften aus anderen Ländern zu bewältigen, teilte \
         der Vorsitzende am Mittwoch mit.",
    );
    assert_irrelevant(
        "Fachkräftemangel gehört ins Kanzleramt",
        "Ein Abgeordneter der Opposition fordert einen nationalen Rat für Fachkräftesicherung. \
         Was die Regierung bisher unternehme, reiche nicht aus.",
    );
    // A motion for contact points and faster recognition is a measure asked for.
    assert_relevant(
        "Fraktion will Zugewanderte schneller in Arbeit bringen",
        "Die Landtagsfraktion hat einen Antrag eingebracht und fordert Sprachkurse im Betrieb, \
         eine schnellere Anerkennung ausländischer Berufsabschlüsse und Anlaufstellen für \
         ausländische Fachkräfte in jedem Landkreis.",
    );
}

#[test]
fn a_ministers_visit_with_thanks_is_no_measure_a_visit_to_a_recognition_office_is() {
    assert_irrelevant(
        "Ministerin dankt Pflegeschülern",
        "Bei einem Besuch im Klinikum hat sich die Gesundheitsministerin bei Auszubildenden \
         der Pflegeschule bedankt. Der Beruf müsse attraktiver werden; Pflegekräfte aus anderen \
         Ländern anzuwerben reiche allein nicht.",
    );
    assert_relevant(
        "Mehr Personal für die Anerkennungsstelle",
        "Bei einem Besuch der Anerkennungsstelle für Gesundheitsberufe kündigte der Minister \
         zwölf neue Stellen an, damit Anträge ausländischer Pflegekräfte schneller geprüft werden.",
    );
}

#[test]
fn guides_for_new_residents_in_general_are_not_about_skilled_workers() {
    assert_irrelevant(
        "Treffen der Neubürgerbegleiter im Landratsamt",
        "Willkommenskultur ist dem Landkreis wichtig. In zwanzig Gemeinden gibt es Paten für \
         Neubürger, die Zugezogene begrüßen, Mappen mit Vereinen verteilen und zu Rundgängen \
         einladen. Beim Treffen tauschten sie Ideen aus.",
    );
}

#[test]
fn the_anniversary_of_an_alliance_of_ours_is_about_the_alliance() {
    assert_relevant(
        "Fünf Jahre gemeinsam für Fachkräfte",
        "Mit einem Jubiläum hat das regionale Fachkräftebündnis am Freitag seine \
         Vollversammlung begonnen. Kammern, Kreise und Betriebe berichteten über ihre Projekte \
         zur Berufsorientierung und zur Bindung von Beschäftigten.",
    );
    assert_irrelevant(
        "Autohaus feiert Jubiläum",
        "Seit fünfzig Jahren verkauft die Familie Autos in der Stadt. Zum Jubiläum kamen viele \
         Kunden; der Inhaber dankte seinen Fachkräften in der Werkstatt.",
    );
}

#[test]
fn new_apprentices_recruited_abroad_are_a_recruitment() {
    let r = assert_relevant(
        "Zweite Runde für junge Vietnamesen im Handwerk",
        "Dreißig junge Frauen und Männer aus Vietnam haben in Betrieben der Region ihre \
         Ausbildung begonnen. Die Kreishandwerkerschaft begrüßte die neuen Auszubildenden mit \
         einer kleinen Feier.",
    );
    assert!(
        r.reasons.iter().any(|w| w.contains("outweighed by topic")),
        "{:#?}",
        r.reasons
    );
    assert_irrelevant(
        "Sparkasse begrüßt neue Auszubildende",
        "Zwölf junge Leute haben ihre Ausbildung bei der Sparkasse begonnen. Der Vorstand \
         begrüßte die neuen Auszubildenden am ersten Tag.",
    );
}

#[test]
fn a_programme_against_one_professions_shortage_is_a_measure() {
    assert_relevant(
        "Land mit Sofortprogramm gegen den Lehrermangel",
        "Das Kabinett hat weitere Schritte beschlossen: Quereinsteiger sollen schneller an \
         die Schulen kommen, und für Referendare in kleinen Orten gibt es einen Zuschlag.",
    );
}

#[test]
fn an_alliance_named_in_words_is_ours_and_a_ministry_is_no_traffic_news() {
    assert_relevant(
        "Willkommen in der Heide",
        "Das Land fördert im Rahmen der Allianz für Fachkräfte ein Modellprojekt des \
         Landkreises, das junge Familien in den Kreis holen soll. Das Ministerium für \
         Wirtschaft, Arbeit und Verkehr gibt 90.000 Euro.",
    );
}

#[test]
fn a_project_to_win_young_people_for_care_training_makes_training_the_subject() {
    let r = run(
        "Über ein Praktikum in den Beruf",
        "Die Pflegeschule und das Klinikum starten ein neues Projekt: Wer bisher die \
         Voraussetzungen für eine Ausbildung nicht erfüllt, bekommt über ein bezahltes \
         Praktikum die Chance auf einen Ausbildungsplatz in der Pflege.",
    );
    assert!(r.relevant, "{:#?}", r.reasons);
}

#[test]
fn a_states_genitive_names_that_state_not_the_one_inside_it() {
    let r = assert_relevant(
        "Sachsen-Anhalts Wirtschaftsministerin wirbt um Rückkehrer",
        "Die Ministerin will abgewanderte Landeskinder mit einer neuen Rückkehrerinitiative \
         zurückholen. Im Herbst beginnen Stammtische für Fachkräfte in mehreren Städten.",
    );
    assert_eq!(r.states, vec![ST], "{:#?}", r.reasons);
}

#[test]
fn two_states_named_alike_are_both_tagged() {
    let r = assert_relevant(
        "Agenturen holen Fachkräfte zurück",
        "In Thüringen und in Brandenburg gibt es schon Rückkehragenturen, die Weggezogenen \
         Stellen, Wohnungen und Kitaplätze vermitteln.",
    );
    let mut states = r.states.clone();
    states.sort();
    assert_eq!(states, vec![BB, TH], "{:#?}", r.reasons);
}

#[test]
fn places_before_a_moving_participle_are_origins_or_destinations() {
    let r = assert_relevant(
        "Heimweh-Karten für Fachkräfte",
        "Die Rückkehragentur aus Mecklenburg-Vorpommern verschickt Postkarten an Fachkräfte, \
         die nach Hamburg, Niedersachsen oder Bremen abgewandert sind.",
    );
    assert_eq!(r.states, vec![MV], "{:#?}", r.reasons);
}

#[test]
fn a_federal_agencys_seat_is_no_state_of_federal_news() {
    let r = assert_relevant(
        "Pflegekräfte aus Brasilien für deutsche Kliniken",
        "Nürnberg (dpa) - Die Bundesagentur für Arbeit hat die ersten 80 Pflegekräfte aus \
         Brasilien vermittelt. Der Bundesgesundheitsminister will im Frühjahr weitere anwerben.",
    );
    assert!(r.states.is_empty(), "{:?} {:#?}", r.states, r.reasons);
}

#[test]
fn thanks_to_foreign_staff_are_thanks_and_a_survey_of_firms_is_a_survey() {
    assert_irrelevant(
        "Ein Dank an die Pflegekräfte",
        "Immer mehr ausländische Fachkräfte arbeiten in Heimen und Kliniken. Die Ministerin \
         sprach ihnen einen Dank aus: Ohne sie ginge es nicht.",
    );
    assert_irrelevant(
        "Betriebe klagen über Rekordmangel an Fachkräften",
        "In einer Umfrage unter 9.000 Betrieben gaben zwei Drittel an, offene Stellen nicht \
         besetzen zu können. Es fehlen Fachkräfte in fast allen Branchen.",
    );
}

#[test]
fn a_state_wide_week_and_a_berlin_hospital_name_their_state() {
    let week = assert_relevant(
        "Thüringenweite Woche der Ausbildung",
        "Betriebe öffnen ihre Werkstätten für Schülerinnen und Schüler: Die Woche der offenen \
         Unternehmen soll junge Leute für eine Ausbildung im Handwerk gewinnen.",
    );
    assert_eq!(week.states, vec![TH], "{:#?}", week.reasons);
    let clinic = assert_relevant(
        "Wo die Charité Pflegekräfte findet",
        "Die Klinik will im nächsten Jahr 300 ausländische Pflegekräfte einstellen, vor allem \
         aus Indien und Vietnam.",
    );
    assert_eq!(clinic.states, vec![BE], "{:#?}", clinic.reasons);
}

#[test]
fn soldiers_returning_from_a_mission_are_no_returnees_of_ours() {
    assert_irrelevant(
        "Feier für die Rückkehrer",
        "Nach fünf Monaten im Auslandseinsatz sind 300 Soldatinnen und Soldaten des \
         Bataillons in ihre Kaserne zurückgekehrt. Familien und Freunde empfingen sie mit \
         Musik.",
    );
}

#[test]
fn a_comment_on_a_commuters_day_is_about_the_measure() {
    assert_relevant(
        "Kommentar: Bitte wiederholen",
        "Der Pendlertag am Samstag hätte mehr Besucher verdient. Für Betriebe, die \
         Fachpersonal suchen, und für alle, die in die Heimat zurückkommen wollen, ist so ein \
         Tag ein gutes Angebot.",
    );
}

#[test]
fn an_unknown_outweighed_by_or_topic_is_reported_with_its_key() {
    for (from, to, key) in [
        (
            "outweighed_by = \"measures only\"",
            "outweighed_by = \"never\"",
            "outweighed_by",
        ),
        (
            "yields_to_topics = [\"zuwanderung\"]",
            "yields_to_topics = [\"zuwanderungen\"]",
            "yields_to_topics",
        ),
    ] {
        assert!(super::EMBEDDED_TOPICS.contains(from), "{from}");
        let text = super::EMBEDDED_TOPICS.replacen(from, to, 1);
        let err = super::Classifier::from_topics_str(&text, "topics.toml")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains(key), "{err}");
    }
}
