//! Real-news error categories of round 15 (issue 24), in our own words: bonuses for passing
//! a master's exam, a district's returnee programme by its name, refugees from the shelters
//! starting apprenticeships; news from an Austrian state, a minister's visit, a ceremony
//! enrolling apprentices, and the federal programme of work for asylum seekers. Round 16:
//! youth job agencies, a portal courting newcomers, a bus tour courting young teachers; an
//! apprenticeship market report.

use super::tests_real::{assert_irrelevant, assert_relevant};

#[test]
fn a_bonus_for_passing_a_masters_exam_is_a_measure() {
    assert_relevant(
        "Aufstiegsfortbildungsprämie: Land zahlt Meistern 3.000 Euro",
        "Wer seit Jahresbeginn die Prüfung zur Meisterin, zum Techniker oder zur \
         Betriebswirtin bestanden hat, kann die Aufstiegsfortbildungsprämie beantragen. Die \
         Senatorin rechnet mit 600 Anträgen im Jahr.",
    );
    assert_relevant(
        "Koalition wirbt für höhere Meisterprämie",
        "Die Regierungsfraktionen wollen den Meisterbrief gebührenfrei machen und die Prämie \
         auf 3.500 Euro anheben, damit mehr junge Leute ins Handwerk gehen.",
    );
}

#[test]
fn a_districts_returnee_programme_by_its_name_is_a_measure() {
    assert_relevant(
        "Heimvorteil HSK kommt zurück in die Region",
        "Ein Maschinenbauer aus Meschede hat für das Programm des Kreises ein Video gedreht: \
         Zwei Mitarbeiter erzählen, warum sie nach Jahren in Köln wieder im Sauerland \
         arbeiten.",
    );
}

#[test]
fn refugees_from_the_shelters_starting_craft_apprenticeships_is_a_training_measure() {
    assert_relevant(
        "Kammer und Stadt machen Geflüchtete zu Azubis",
        "25 junge Geflüchtete aus zwei städtischen Unterkünften beginnen im August eine \
         Ausbildung im Handwerk. Die Handwerkskammer stellt zusätzlichen Deutschunterricht, \
         der Bürgermeister nennt das Projekt einen Gewinn für beide Seiten.",
    );
}

#[test]
fn an_austrian_states_shortage_is_austrian_news() {
    assert_irrelevant(
        "Lehrlingsmarkt: Mehr offene Stellen als Bewerber",
        "In Vorarlberg gibt es erstmals mehr offene Lehrstellen als Jugendliche, die eine \
         suchen. Fachkräfte fehlen ohnehin, sagt der Landesrat; Tourismusbetriebe trifft es \
         am härtesten, technische Berufe weniger.",
    );
}

#[test]
fn a_ministers_visit_is_a_visit() {
    assert_irrelevant(
        "Ministerbesuch im Kreishaus",
        "Die Integration von Neuzugewanderten gelinge nur, wenn alle Partner eng \
         zusammenarbeiten, sagte die Sozialministerin bei ihrem Termin im Kreishaus und lobte \
         das Migrationszentrum des Jobcenters. Der Landrat führte sie durch die Abteilungen, \
         danach ging es zum Mittagessen in die Kantine und weiter zu einem Termin beim \
         Sportbund. Für den Nachmittag stand ein Gespräch mit Bürgermeisterinnen aus dem \
         Südkreis auf dem Plan. Die Netzwerke im Kreis seien ein Vorbild für die \
         Arbeitsmarktintegration und die Zuwanderung, sagte sie zum Abschied.",
    );
}

#[test]
fn a_ceremony_enrolling_apprentices_is_a_ceremony() {
    assert_irrelevant(
        "Einschreibungsfeier der Handwerker im Zeichen des Fachkräftemangels",
        "Mit Musik und guten Wünschen wurden 400 Lehrlinge symbolisch eingeschrieben. Der \
         Kammerpräsident mahnte, die Förderung der beruflichen Ausbildung dürfe hinter der \
         akademischen nicht zurückstehen.",
    );
}

#[test]
fn federal_work_measures_for_asylum_seekers_are_asylum_law() {
    assert_irrelevant(
        "Kreis richtet Integrationsmaßnahmen für Flüchtlinge ein",
        "Der Kreis will die Integration von Flüchtlingen in Arbeit stärken: Mit der Agentur \
         für Arbeit und den Gemeinden entstehen 200 Flüchtlingsintegrationsmaßnahmen, die der \
         Bund bezahlt.",
    );
}

#[test]
fn a_youth_job_agencys_anniversary_is_about_the_agency() {
    assert_relevant(
        "Zehn Jahre Jugendberufsagentur: Bürgermeisterin feiert mit",
        "Seit zehn Jahren helfen die Jugendberufsagenturen der Stadt Schulabgängern beim \
         Übergang in Ausbildung und Beruf. Zum Jubiläum kamen Gäste aus Politik und \
         Wirtschaft.",
    );
}

#[test]
fn an_apprenticeship_market_report_is_statistics() {
    assert_irrelevant(
        "Ausbildungsmarktbericht für den Landkreis",
        "Seit Oktober haben sich 1.500 Jugendliche bei der Arbeitsagentur als \
         ausbildungsplatzsuchend gemeldet, 40 mehr als im Vorjahr. Ende September waren 150 \
         noch ohne Ausbildungsplatz, 300 Stellen blieben offen. Die Agentur bittet die \
         Betriebe, freie Plätze zu melden.",
    );
}

#[test]
fn a_portal_courting_newcomers_with_jobs_and_flats_is_a_measure() {
    assert_relevant(
        "Neues Portal wirbt mit Arbeitsplätzen und Wohnungen um Zuzügler",
        "Stadt und Firmen haben sich zu einer Demografie-Allianz zusammengetan: Auf einer \
         gemeinsamen Seite stehen offene Stellen und freie Wohnungen für alle, die in die \
         Kleinstadt ziehen wollen.",
    );
}

#[test]
fn a_bus_tour_courting_young_teachers_for_the_countryside_is_a_measure() {
    assert_relevant(
        "Mit einer Landpartie um junge Lehrer werben",
        "Das Bildungsministerium lädt Lehramtsstudierende im Juni zu einer Busfahrt an \
         Schulen auf dem Land ein. 600 Stellen sind in diesem Jahr zu besetzen.",
    );
}
