//! Real-news error categories of round 14 (issue 24), in our own words: a welcome centre's
//! report that names recruiting abroad in one late sentence is about welcome culture, not
//! immigration — readers file an article under its one or two main topics. Measures named
//! in a trade's own words (training ambassadors, recruiting trainees abroad, a home for
//! apprentices, speed dating with pupils, career changers into teaching, courting people
//! who moved away); other subjects that share our words (work opportunities in asylum law,
//! visitors from abroad, an apprentice's fatal accident, registering refugees, an alarm).

use super::tests_real::{assert_irrelevant, assert_relevant};

#[test]
fn a_late_sentence_on_recruiting_abroad_is_an_aside_of_a_welcome_centre_report() {
    let r = assert_relevant(
        "Willkommenszentrum zieht Bilanz nach drei Jahren",
        "Das Welcome Center des Landkreises hat in drei Jahren mehr als 900 neu zugezogene \
         Fachkräfte und ihre Familien beraten: bei der Wohnungssuche, bei Kitaplätzen, bei \
         Behördengängen und mit Sprachkursen. Die Willkommenslotsinnen begleiten die Neuen \
         auch zu Sportvereinen, Chören und Kulturvereinen. Der Kreistag hat die Stelle der \
         Leiterin bis 2028 verlängert, das Land trägt die Hälfte der Kosten. Im Frühjahr folgt \
         ein Stammtisch für alle, die im vergangenen Jahr gekommen sind. Einige Betriebe werben \
         inzwischen Pflegekräfte im Ausland an, auch sie finden im Zentrum Hilfe.",
    );
    assert_eq!(r.topics, ["willkommenskultur"], "{:#?}", r.reasons);
    assert!(
        (r.reasons.iter()).any(|x| x.starts_with("topic zuwanderung:")
            && x.contains("an aside: under 0.2 × willkommenskultur's")),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn recruiting_abroad_stated_up_front_stays_a_topic_beside_welcome_culture() {
    let r = assert_relevant(
        "Landkreis wirbt Pflegekräfte in Indien an und richtet Welcome Center ein",
        "Der Landkreis holt in den nächsten zwei Jahren 60 Pflegekräfte aus Indien. Die \
         Anwerbung läuft über die Bundesagentur, das Visaverfahren begleitet die \
         Ausländerbehörde. Ein Welcome Center hilft den Neuen bei Wohnung, Sprachkurs und \
         Behördengängen.",
    );
    for topic in ["zuwanderung", "willkommenskultur"] {
        assert!(
            r.topics.iter().any(|t| t == topic),
            "{topic}: {:#?}",
            r.reasons
        );
    }
}

#[test]
fn apprentices_sent_into_schools_as_training_ambassadors_are_a_measure() {
    assert_relevant(
        "30 Ausbildungsbotschafter im Kreis startklar",
        "Als Ausbildungsbotschafterinnen und -botschafter gehen ab Herbst rund 30 \
         Auszubildende in die Schulen des Kreises. Sie sollen den Jugendlichen aus erster \
         Hand erzählen, wie ihr Alltag im Betrieb aussieht, sagt der Kreisbeigeordnete. \
         Bezahlt wird das von beiden Kreisen, der Kreishandwerkerschaft und den Kammern.",
    );
}

#[test]
fn a_grant_for_recruiting_care_trainees_abroad_is_a_measure() {
    // The page gives its navigation where the text should be: the headline must carry it.
    assert_relevant(
        "Landkreis fördert Auslandsakquise von Pflegeschülern",
        "Zum Inhalt springen. Vorlesen. Diese Seite nutzt externe Komponenten, die erst nach \
         Ihrer Zustimmung geladen werden. Der Landkreis unterstützt einen ambulanten \
         Pflegedienst mit 40.000 Euro aus seiner neuen Richtlinie.",
    );
}

#[test]
fn work_opportunities_for_asylum_seekers_are_asylum_law_not_recruiting() {
    assert_irrelevant(
        "Kreis schafft Arbeitsgelegenheiten für Asylbewerber",
        "Seit Montag können bis zu 25 Asylbewerber in Bauhöfen und Vereinen des Kreises \
         arbeiten, für 80 Cent in der Stunde. Wer ohne Grund fernbleibt, bekommt weniger \
         Leistungen, sagt der Landrat. Die Integration soll so gelingen.",
    );
}

#[test]
fn a_group_of_visitors_from_abroad_at_a_chambers_workshops_is_a_visit() {
    assert_irrelevant(
        "Gäste aus aller Welt in den Lehrwerkstätten",
        "Eine Besuchergruppe aus Kenia und eine aus Usbekistan haben sich die \
         Ausbildungswerkstätten der Handwerkskammer angesehen. Die Leiter von Berufsschulen \
         und Behörden wollten wissen, wie die duale Ausbildung in Deutschland funktioniert; \
         Lehrlinge zeigten ihre Arbeit, auch Fachkräfte der Kammer standen Rede und Antwort.",
    );
}

#[test]
fn courting_people_who_moved_away_at_village_festivals_is_a_returnee_measure() {
    assert_relevant(
        "Bei Schützenfesten sollen Fortgezogene geworben werden",
        "Auf 15 Schützenfesten wird in diesem Sommer um die Rückkehr von Menschen geworben, \
         die aus dem Kreis fortgezogen sind. Der Landrat und der Schützenbund stellten die \
         Aktion vor: Postkarten, ein Fotostand, Hinweise auf offene Stellen.",
    );
}

#[test]
fn an_apprentices_fatal_accident_is_an_accident() {
    assert_irrelevant(
        "Unglück im Ausbildungsbetrieb: Lehrling stirbt",
        "Auf dem Hof eines Ausbildungsbetriebs ist ein 19 Jahre alter Auszubildender unter \
         einen umgestürzten Radlader geraten. Der Notarzt konnte nichts mehr für ihn tun. Die \
         Kripo ermittelt, wie es zu dem Unglück kam.",
    );
}

#[test]
fn placing_migrants_into_permanent_jobs_is_a_measure() {
    assert_relevant(
        "Land will mehr Migranten in Arbeit vermitteln",
        "Mit neuen Maßnahmen will die Landesregierung mehr Ausländer als bisher in feste \
         Jobs bringen, kündigte die Arbeitsministerin an. Ein Projekt für Buchhalterinnen im \
         Harz soll Vorbild sein.",
    );
}

#[test]
fn speed_dating_between_pupils_and_craft_firms_is_a_training_measure() {
    assert_relevant(
        "Per Speed-Dating zum Praktikum im Handwerk",
        "Die Handwerkskammer hat zum zweiten Mal Schülerinnen und Schüler mit Betrieben an \
         einen Tisch gesetzt: zehn Minuten pro Gespräch, am Ende standen 60 Praktikumsplätze. \
         Viele Lehrstellen bleiben sonst unbesetzt.",
    );
}

#[test]
fn career_changers_prepared_for_teaching_are_a_measure() {
    assert_relevant(
        "80 Seiteneinsteiger beginnen Vorbereitung auf den Schuldienst",
        "Erstmals sind auch Meisterinnen und Techniker dabei: Das Bildungsministerium \
         bereitet 80 Frauen und Männer aus anderen Berufen in einer halbjährigen \
         Qualifizierung darauf vor, als Lehrkräfte an Oberschulen zu unterrichten.",
    );
}

#[test]
fn registering_refugees_is_no_immigration_of_workers() {
    assert_irrelevant(
        "900 Geflüchtete aus der Ukraine im Kreis registriert",
        "Der Kreis hat mit der mobilen Registrierung der Geflüchteten begonnen. Mitarbeiter \
         der Ausländerbehörde sind mit vier Stationen in den Städten unterwegs, das Land \
         stellt zusätzliche Technik.",
    );
}

#[test]
fn sounding_the_alarm_over_the_shortage_names_no_measure() {
    assert_irrelevant(
        "Fachkräfte: Handwerk schlägt Alarm",
        "Bis 2035 könnten im Handwerk der Stadt Zehntausende Fachkräfte fehlen, warnt die \
         Kammer mit Zahlen ihres Fachkräftemonitors. Die Betriebe bräuchten mehr junge \
         Leute, auch Zuwanderung könne helfen.",
    );
}

#[test]
fn a_home_for_apprentices_is_a_measure_not_housing_news() {
    assert_relevant(
        "Erstes Azubi-Wohnheim der Stadt eröffnet",
        "Kammer und Sozialbehörde haben ein Wohnheim für Auszubildende eröffnet: 120 Plätze \
         in einer Unterkunft mit Betreuung rund um die Uhr, damit Betriebe auch Lehrlinge von \
         außerhalb einstellen können.",
    );
}

#[test]
fn a_masterplan_that_searches_for_craft_workers_abroad_is_a_measure() {
    assert_relevant(
        "Handwerker im Ausland gesucht",
        "Stadt und Handwerkskammer schreiben ihren Masterplan fort: Weil Fachkräfte in fast \
         jedem Gewerk fehlen, hilft die Kammer kleinen Betrieben künftig bei der Suche in \
         anderen EU-Ländern.",
    );
}

#[test]
fn coordination_offices_for_training_and_migration_are_a_measure() {
    assert_relevant(
        "Koordinierungsstelle Ausbildung und Migration zieht Bilanz",
        "Die Stelle bei der Handwerkskammer hat im vergangenen Jahr 300 junge Menschen mit \
         Fluchtgeschichte in Praktika und Lehrstellen begleitet. Bund und Land fördern sie \
         weitere drei Jahre.",
    );
}

#[test]
fn model_projects_for_integration_into_work_are_a_measure() {
    assert_relevant(
        "Land fördert berufliche Integration mit sechs Millionen Euro",
        "Zwölf Modellprojekte sollen Zugewanderten und Menschen mit Migrationshintergrund \
         helfen, auf dem Arbeitsmarkt eine Stelle in ihrem Beruf zu finden. Die \
         Arbeitsstaatssekretärin überreichte die Bescheide und lobte, wie vielfältig die Wege \
         der Integration seien.",
    );
}
