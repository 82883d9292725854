//! Round 4 of the real-news error categories (issue 24), in our own words: a town's
//! reception for new residents, surveys of firms about their vacancies, and opinion
//! pieces — about the shortage in general (not relevant) or about a measure (relevant).

use super::tests_real::run;

#[test]
fn a_towns_reception_for_new_residents_is_no_welcome_programme() {
    let r = run(
        "Neubürgerempfang im Rathaus: Stadt heißt Zugezogene willkommen",
        "Zum zwanzigsten Mal lädt die Stadt alle ein, die im vergangenen Jahr hierher gezogen \
         sind. Nach der Begrüßung durch den Bürgermeister stellen Vereine, Kitas und die \
         Volkshochschule ihre Angebote vor; danach führt eine Stadtführerin durch die Altstadt. \
         Auch Fachkräfte, die neu in den Betrieben der Region arbeiten, sind herzlich willkommen.",
    );
    assert!(!r.relevant, "{:#?}", r.reasons);
    assert!(
        r.reasons.iter().any(|w| w.contains("neubürgerempfang")),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn a_survey_of_firms_about_their_vacancies_is_no_measure() {
    let r = run(
        "Fachkräftereport: Mehr als die Hälfte der Betriebe findet kein Personal",
        "Nach dem neuen Fachkräftereport der Kammern können 52 Prozent der befragten Unternehmen \
         offene Stellen längerfristig nicht besetzen. Besonders betroffen sind Bau, Gastgewerbe \
         und Pflege. Die Kammern fordern schnellere Visaverfahren für ausländische Fachkräfte.",
    );
    assert!(!r.relevant, "{:#?}", r.reasons);
}

#[test]
fn an_opinion_piece_on_the_shortage_is_not_relevant_one_on_a_measure_is() {
    let general = run(
        "Kommentar: Der Mangel ist hausgemacht",
        "Jahrelang wurde zu wenig ausgebildet, nun fehlen überall Fachkräfte. Wer Teilzeit \
         verlängert und die Rente mit 63 feiert, darf sich über leere Werkhallen nicht wundern. \
         Ein Einwanderungsgesetz allein wird das nicht lösen.",
    );
    assert!(!general.relevant, "{:#?}", general.reasons);
    assert!(
        general.reasons.iter().any(|w| w.contains("opinion piece")),
        "{:#?}",
        general.reasons
    );
    let on_a_measure = run(
        "Kommentar: Die Rückkehrer-Kampagne des Landes verdient eine Fortsetzung",
        "Mit ihrer Kampagne für Rückkehrer hat die Fachkräfteagentur des Landes im ersten Jahr \
         über 200 Familien beraten, die in die alte Heimat zurückziehen wollen. Das Programm \
         sollte weiterlaufen: Die Betriebe suchen Fachkräfte, und wer zurückkommt, bleibt meist.",
    );
    assert!(on_a_measure.relevant, "{:#?}", on_a_measure.reasons);
    assert!(
        on_a_measure
            .reasons
            .iter()
            .any(|w| w.contains("outweighed by the measure")),
        "{:#?}",
        on_a_measure.reasons
    );
}
