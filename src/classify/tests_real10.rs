//! Real-news error categories of round 17 (issue 24), in our own words: measures of one
//! profession — supplements and bonuses that draw teachers to the countryside, transport
//! operators courting drivers (their name is no traffic news); a journeymen's ceremony
//! under its compound name, an institute's forecast of the gap and commuter statistics.
//! Round 18: stipends that bind medical students to a district, the police courting
//! recruits (no police report).

use super::tests_real::{assert_irrelevant, assert_relevant};

#[test]
fn a_supplement_drawing_trainee_teachers_to_rural_schools_is_a_measure() {
    assert_relevant(
        "Höhere Zulage für künftige Lehrer an Landschulen",
        "Das Bildungsministerium will angehende Lehrerinnen und Lehrer mit einem höheren \
         Zuschlag aufs Land locken: Referendare an Schulen im ländlichen Raum bekommen ab \
         Oktober 550 statt 300 Euro im Monat.",
    );
}

#[test]
fn bonuses_against_the_teacher_shortage_are_a_measure() {
    assert_relevant(
        "Prämien gegen Lehrermangel",
        "Im Kampf gegen den Lehrermangel plant der Bildungsminister ein Paket aus Bauland, \
         einer Prämie und einem sicheren Kita-Platz für Lehrkräfte, die an Schulen in dünn \
         besiedelten Regionen gehen.",
    );
}

#[test]
fn transport_operators_courting_career_changers_as_drivers_is_a_measure() {
    assert_relevant(
        "Verkehrsbetriebe setzen gegen den Busfahrermangel auf Quereinsteiger",
        "Mehrere Verkehrsbetriebe im Land zahlen Quereinsteigern den Busführerschein und den \
         Lohn während der Ausbildung. Ein Verkehrsunternehmen bietet zusätzlich Teilzeit für \
         Eltern an.",
    );
}

#[test]
fn a_transport_operators_job_campaign_is_a_measure() {
    assert_relevant(
        "Busfahrer dringend gesucht",
        "Die Verkehrsbetriebe der Region starten eine Jobkampagne auf ihren eigenen Bussen: \
         Jedes Jahr werden 80 neue Fahrerinnen und Fahrer gebraucht, die Ausbildung zahlt das \
         Unternehmen.",
    );
}

#[test]
fn a_journeymen_ceremony_under_its_compound_name_is_a_ceremony() {
    assert_irrelevant(
        "Gesellenfreisprechung 2024",
        "Ohne Handwerk geht nichts: Menschen aus rund 130 Handwerksberufen halten den Alltag \
         am Laufen, und junge Fachkräfte werden dringend gebraucht. Auch in diesem Jahr haben \
         300 junge Leute aus 40 Gewerken ihre Ausbildung in einem Handwerksberuf erfolgreich \
         abgeschlossen, darunter 60 Frauen. Gemeinsam mit den Innungen ehrte die \
         Handwerkskammer die Jahrgangsbesten und lobte die Ausbildungsbetriebe für ihren \
         Einsatz. Danach wurden in der Stadthalle die Gesellenbriefe übergeben.",
    );
}

#[test]
fn an_institutes_forecast_of_the_gap_is_statistics() {
    assert_irrelevant(
        "IW-Prognose: Fachkräftemangel wird größer",
        "Der Engpass am Arbeitsmarkt wächst: Bis 2030 könnten 700.000 Fachkräfte fehlen, \
         rechnet das Institut vor. Fachkräfte fehlen vor allem im Handel, in Kitas und in der \
         Pflege; Fachkräfte mit Berufsausbildung werden knapper als Akademiker. Die Lücke \
         bei Fachkräften trifft alle Länder.",
    );
}

#[test]
fn commuter_statistics_are_statistics() {
    assert_irrelevant(
        "Pendleratlas: 250.000 fahren täglich in die Hauptstadt",
        "Die Zahl der Pendler aus dem Umland ist wieder gestiegen, zeigt der Pendleratlas. \
         Die meisten kommen mit dem Auto, viele Fachkräfte arbeiten in der Stadt und wohnen \
         im Speckgürtel.",
    );
}

#[test]
fn a_districts_medical_stipend_is_a_measure() {
    assert_relevant(
        "Medizinstipendium: Kreis sucht Studierende",
        "Wer Medizin studiert und sich verpflichtet, danach fünf Jahre als Hausärztin oder \
         Hausarzt im Kreis zu arbeiten, bekommt 400 Euro im Monat. Bewerbungen sind bis Ende \
         Mai möglich.",
    );
}

#[test]
fn the_police_courting_recruits_is_a_measure_not_a_police_report() {
    assert_relevant(
        "Nachwuchsfahndung: Straßenbahn wirbt für Polizeinachwuchs",
        "Ein Jahr lang fährt eine Straßenbahn im Design der Kampagne durch die Stadt. Das \
         Land will mehr Polizeinachwuchs gewinnen: 700 Plätze in der Polizeiausbildung sind \
         im Jahr zu besetzen.",
    );
}

#[test]
fn a_public_employers_recruiting_campaign_is_about_employer_attractiveness() {
    let r = assert_relevant(
        "Stadt startet Nachwuchskampagne für Kitas",
        "Mit einer Nachwuchskampagne auf Plakaten und im Netz will die Stadt 200 \
         Erzieherinnen und Erzieher gewinnen. Wer einsteigt, bekommt ein Jobticket und \
         flexible Arbeitszeiten.",
    );
    assert_eq!(r.topics, ["arbeitgeberattraktivitaet"], "{:#?}", r.reasons);
}
