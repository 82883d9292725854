//! Real-news error categories of round 20 (issue 24), in our own words: the shortage
//! itself reported (bakeries closing early, daycare staff not to be had), Danish North
//! Schleswig courting Germans, a state employment agency's apprenticeship figures and how
//! many start nursing training (figures, not programmes), a chamber's survey of firms
//! (outweighed only by a measure, such as a council's motion for one). And more recruiting
//! frames: transport operators seeking drivers, the police seeking junior staff, a speed
//! dating for would-be teachers — not a town's job advertisement or a witness appeal.

use super::tests_real::{assert_irrelevant, assert_relevant};

#[test]
fn bakeries_closing_early_for_lack_of_staff_report_the_shortage() {
    assert_irrelevant(
        "Bäckereien in Eberswalde schließen nachmittags – Grund ist Mangel an Fachkräften",
        "Mehrere Traditionsbäckereien im Barnim öffnen ihre Filialen nur noch bis Mittag. \
         Fachkräfte für den Verkauf seien kaum zu finden, sagt ein Bäckermeister.",
    );
}

#[test]
fn daycare_staff_not_to_be_had_reports_the_shortage() {
    assert_irrelevant(
        "Fachkräfte für Kitas in Stralsund kaum zu bekommen",
        "Die Kitas der Hansestadt sind voll belegt, doch die Träger finden für freie Stellen \
         kaum Erzieherinnen. Fachkräfte seien derzeit kurzfristig nicht zu haben, heißt es aus \
         der Stadtverwaltung.",
    );
}

#[test]
fn a_danish_municipality_courting_germans_is_danish_news() {
    let r = assert_irrelevant(
        "Dänische Kommune wirbt um Zuzügler aus Deutschland",
        "Die Kommune Hadersleben in Nordschleswig lädt Familien aus Schleswig-Holstein zu \
         Infoabenden ein. Eine Beraterin hilft bei Jobsuche, Haus und Schule; Fachkräfte sind \
         besonders willkommen.",
    );
    assert!(
        (r.reasons.iter()).any(|x| x.contains("news from Austria, Switzerland or Denmark")),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn a_state_employment_agencys_apprenticeship_figures_are_statistics() {
    assert_irrelevant(
        "Azubi-Mangel verschärft sich in Sachsen",
        "Sachsens Betriebe finden immer schwerer Nachwuchs. Zahlen der Landesarbeitsagentur \
         zeigen: Es gab 14.000 Bewerber, zwei Prozent weniger als im Vorjahr. Die Zahl der \
         freien Ausbildungsplätze stieg dagegen.",
    );
}

#[test]
fn how_many_start_nursing_training_is_a_figure() {
    assert_irrelevant(
        "900 Menschen starten Pflegeausbildung in Sachsen-Anhalt",
        "An den Pflegeschulen des Landes beginnen im Herbst rund 900 Auszubildende die \
         generalistische Pflegeausbildung, teilte das Sozialministerium in Magdeburg mit. Die \
         Zahl der Ausbildungsplätze ist leicht gestiegen.",
    );
}

#[test]
fn a_chambers_survey_of_firms_stays_a_survey_beside_a_strong_term() {
    assert_irrelevant(
        "Umfrage der IHK: Fachkräftebedarf bremst Betriebe in Südwestfalen",
        "Bei der Herbstumfrage der Kammer in Hagen nennen 60 Prozent der Firmen den \
         Fachkräftemangel als größtes Risiko. Jede zweite kann offene Stellen monatelang nicht \
         besetzen.",
    );
}

#[test]
fn a_councils_motion_for_a_survey_on_recruiting_is_a_measure() {
    assert_relevant(
        "Kreistag beschließt Umfrage zur Fachkräftegewinnung aus dem Ausland",
        "Auf Antrag der Fraktionen befragt das Landratsamt Ebersberg die Betriebe im \
         Landkreis, wie ausländische Fachkräfte zu ihnen finden und was ihnen beim Ankommen \
         hilft.",
    );
}

#[test]
fn a_transport_operator_seeking_drivers_with_a_taster_day_is_a_measure() {
    let r = assert_relevant(
        "Verkehrsbetriebe in Kassel suchen 80 Busfahrerinnen und Busfahrer",
        "Wer einsteigen will, kann beim Schnuppertag auf dem Betriebshof selbst ans Steuer. Den \
         Führerschein bezahlt das Unternehmen, Lohn gibt es ab dem ersten Tag der Schulung.",
    );
    assert!(
        (r.reasons.iter()).any(|x| x.contains("drivers sought up front")),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn the_police_seeking_junior_staff_with_posters_is_a_measure() {
    assert_relevant(
        "Polizei Bremen sucht Nachwuchskräfte mit Plakaten",
        "Echte Beamtinnen und Beamte stehen Modell für die neue Kampagne. Bis zum Frühjahr will \
         die Bremer Polizei 200 junge Leute für ihre Ausbildung gewinnen.",
    );
}

#[test]
fn a_speed_dating_for_would_be_teachers_courts_teachers() {
    let r = assert_relevant(
        "Bildungsministerium lädt Lehrkräfte zum Speeddating",
        "Gemeinsam mit der Arbeitsagentur bietet das Ministerium in Magdeburg ein digitales \
         Treffen an: Wer ohne Lehramtsstudium unterrichten möchte, lernt in kurzen Gesprächen \
         Schulen in Sachsen-Anhalt kennen.",
    );
    assert!(
        (r.reasons.iter()).any(|x| x.contains("teachers or educators courted up front")),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn a_town_seeking_educators_for_a_new_daycare_centre_is_a_job_advertisement() {
    assert_irrelevant(
        "Stadt sucht Erzieherinnen für neue Kita in Cottbus",
        "Im Herbst öffnet in Sachsendorf eine neue Kita mit 90 Plätzen. Für das Haus werden noch \
         zehn Erzieherinnen gesucht; Bewerbungen nimmt die Stadt bis Ende Mai an.",
    );
}

#[test]
fn the_police_seeking_a_bus_driver_as_a_witness_is_a_police_report() {
    assert_irrelevant(
        "Busfahrer nach Unfall in Gera gesucht",
        "Nach einem Zusammenstoß an einer Haltestelle sucht die Polizei in Thüringen den Fahrer \
         eines Linienbusses als Zeugen. Eine Radfahrerin wurde leicht verletzt.",
    );
}

#[test]
fn teachers_and_police_courted_are_employer_attractiveness_doctors_are_not() {
    for (title, body, topics) in [
        (
            "Thüringen lockt Referendare mit Zulage an Schulen im Osten",
            "Wer den Vorbereitungsdienst an einer Schule in einer Region mit vielen offenen \
             Stellen ableistet, bekommt künftig 800 Euro mehr im Monat, beschloss das Kabinett \
             in Erfurt.",
            vec!["arbeitgeberattraktivitaet"],
        ),
        (
            "Polizei Bremen sucht Nachwuchskräfte mit Plakaten",
            "Echte Beamtinnen und Beamte stehen Modell für die neue Kampagne der Bremer \
             Polizei.",
            vec!["arbeitgeberattraktivitaet"],
        ),
        (
            "Kreis Herford zahlt Stipendien für angehende Hebammen",
            "Vier junge Frauen bekommen vom Kreis während ihres Studiums in Bielefeld 500 Euro \
             im Monat.",
            vec![],
        ),
    ] {
        let r = assert_relevant(title, body);
        assert_eq!(r.topics, topics, "{title}: {:#?}", r.reasons);
    }
}

#[test]
fn young_staff_needed_beside_doctors_or_teachers_is_no_courting() {
    // "Nachwuchs" beside a profession names the shortage more often than a drive for it.
    for (title, body) in [
        (
            "Warum in Lahr die Hausärzte fehlen",
            "Drei Praxen in Baden-Württemberg schließen zum Jahresende. Der Nachwuchs zieht \
             lieber in die Städte, sagt die Kassenärztliche Vereinigung.",
        ),
        (
            "Erster Schultag für 30 neue Maurer-Lehrlinge in Cham",
            "Die Innung begrüßte die jungen Leute und ihre Lehrkräfte in der Berufsschule. \
             Nachwuchs werde am Bau dringend gebraucht, sagte der Obermeister.",
        ),
    ] {
        assert_irrelevant(title, body);
    }
}
