//! Real-news error categories of round 21 (issue 24), in our own words: apprenticeship
//! figures (the gap between places and applicants, refugees among a chamber's apprentices),
//! a town's new trainees starting (routine, not a programme); and measures that read like
//! those: an employer building flats for apprentices, apprenticeship exchanges held before
//! the summer holidays (no holiday traffic). And the integration of refugees in general (a
//! district's integration concept, a migration agency), unless it is about work; the
//! statistics office's retirement figures, the shortage as a business risk, and a party's
//! election programme.

use super::tests_real::{assert_irrelevant, assert_relevant};

#[test]
fn the_gap_between_training_places_and_applicants_is_statistics() {
    assert_irrelevant(
        "Schere zwischen Lehrstellen und Bewerbern in Ostthüringen wächst",
        "Gera. Die Lücke zwischen den angebotenen Ausbildungsplätzen und den Bewerberzahlen \
         wird größer, meldet die Agentur für Arbeit. Seit Oktober waren 1.200 Jugendliche auf \
         Ausbildungsplatzsuche, 2.000 Stellen sind gemeldet.",
    );
}

#[test]
fn a_town_halls_new_trainees_starting_is_routine() {
    assert_irrelevant(
        "Zehn junge Leute starten Ausbildung bei der Stadtverwaltung Husum",
        "Im Rathaus haben am Montag zehn Nachwuchskräfte ihre Berufsausbildung begonnen: sechs \
         werden Verwaltungsfachangestellte, vier studieren dual. Auf die Ausbildungsplätze \
         hatten sich 240 junge Menschen beworben.",
    );
}

#[test]
fn refugees_among_a_chambers_apprentices_are_statistics() {
    assert_irrelevant(
        "Mehr Lehrlinge aus Asylherkunftsländern im Kammerbezirk Schwerin",
        "Die Zahl der Handwerkslehrlinge mit Fluchtgeschichte ist im Bezirk der \
         Handwerkskammer Schwerin gestiegen. Ende des Jahres waren 410 Auszubildende aus \
         Syrien, Afghanistan und Eritrea registriert, 120 mehr als im Vorjahr.",
    );
}

#[test]
fn an_employer_building_flats_for_apprentices_is_a_measure() {
    assert_relevant(
        "Bäckerei in Westerstede baut Wohnungen für Auszubildende",
        "Der Rat hat zugestimmt: Die Bäckerei errichtet zwölf günstige Apartments für neue \
         Azubis, die von weiter her kommen. So will der Betrieb im Ammerland auch Lehrlinge aus \
         anderen Regionen gewinnen.",
    );
}

#[test]
fn apprenticeship_exchanges_before_the_holidays_are_a_measure() {
    assert_relevant(
        "Ausbildungsplatzbörsen in Bremerhaven vor den Sommerferien",
        "Die Jugendberufsagentur lädt vor den Sommerferien zu zwei Ausbildungsplatzbörsen in \
         die Handelskammer und die Handwerkskammer ein. Betriebe mit freien Lehrstellen treffen \
         dort Jugendliche ohne Ausbildungsplatz.",
    );
}

#[test]
fn a_districts_integration_concept_for_refugees_is_integration_policy() {
    assert_irrelevant(
        "Landkreis Rostock legt Integrationskonzept vor",
        "Für die rund 2.500 Geflüchteten, die seit dem Frühjahr gekommen sind, hat der Kreis \
         ein Integrationskonzept erarbeitet: Sprachkurse, Wohnungen, Kitaplätze und Hilfe im \
         Alltag. Auch der Weg in Arbeit und Ausbildung wird beschrieben.",
    );
}

#[test]
fn a_migration_agency_bundling_offices_for_refugees_is_integration_policy() {
    assert_irrelevant(
        "Saalekreis bündelt Ämter in neuer Migrationsagentur",
        "In Merseburg arbeiten Ausländerbehörde, Jobcenter und Jugendamt künftig unter einem \
         Dach. Die Migrationsagentur soll Geflüchteten Wege ersparen, von der Anmeldung bis zur \
         Vermittlung in Arbeit.",
    );
}

#[test]
fn an_integration_commissioners_project_for_work_is_ours() {
    assert_relevant(
        "Integrationsbeauftragte startet Projekt zur Arbeitsmarktintegration",
        "Die Integrationsbeauftragte im Landkreis Harz und das Jobcenter begleiten zugewanderte \
         Fachkräfte bis in eine Stelle. Die Arbeitsmarktintegration von Pflegekräften aus dem \
         Ausland steht dabei im Mittelpunkt.",
    );
}

#[test]
fn the_statistics_office_counting_retiring_boomers_is_statistics() {
    assert_irrelevant(
        "Boomer gehen: Lücke bei Arbeitskräften wächst",
        "Bis 2039 erreichen 13 Millionen Erwerbstätige das Rentenalter, berichtet das \
         Statistische Bundesamt. Die jüngeren Jahrgänge können sie nicht ersetzen; Fachkräfte \
         werden in Thüringen und Sachsen besonders knapp.",
    );
}

#[test]
fn the_shortage_as_firms_greatest_business_risk_is_a_survey() {
    assert_irrelevant(
        "Wenig Fachkräfte sind größtes Geschäftsrisiko",
        "Sechs von zehn Betrieben im Kreis Limburg-Weilburg sehen im Fachkräftemangel das \
         größte Geschäftsrisiko, zeigt der Bericht der IHK in Hessen. Den Fachkräftemangel \
         spüren vor allem Bau und Gastronomie, der Fachkräftemangel bremst Aufträge.",
    );
}

#[test]
fn an_election_programme_promising_welcome_centres_decides_nothing() {
    let r = assert_irrelevant(
        "Wahlprogramm: SPD will Welcome Center in allen Regionen Sachsens",
        "Im Wahlprogramm für die Landtagswahl verspricht die Partei Welcome Center für \
         ausländische Fachkräfte in jeder Region und eine gebündelte Einwanderungsbehörde.",
    );
    assert!(
        (r.reasons.iter()).any(|x| x.contains("an election programme")),
        "{:#?}",
        r.reasons
    );
}
