//! Real-news error categories of the fresh samples of round 11 (issue 24), in our own
//! words: travellers returning from their holidays, counselling people without a right to
//! stay about going home, and the care-school places and stipends a state funds.

use super::tests_real::{assert_irrelevant, assert_relevant};

#[test]
fn holiday_travellers_coming_home_are_no_returnees() {
    assert_irrelevant(
        "Ferienbeginn in drei Ländern: Der Automobilclub erwartet volle Autobahnen",
        "Am Freitag beginnen die Sommerferien in den letzten Ländern. Zugleich sind viele \
         Rückkehrer aus dem Süden unterwegs, am Wochenende drohen lange Staus vor den \
         Grenzübergängen nach Österreich.",
    );
}

#[test]
fn return_counselling_after_an_asylum_procedure_is_no_returnee_programme() {
    // The headline names the counselling; a lead that also names the asylum procedure
    // must not let the headline's "Beratung" and "Rückkehr" outweigh it.
    assert_irrelevant(
        "Kreis fördert Rückkehrberatung",
        "Die Diakonie und die Ausländerbehörde beraten gemeinsam Menschen, deren \
         Asylverfahren abgelehnt wurde, über eine freiwillige Rückkehr in ihr Heimatland und \
         über Programme für Arbeit und Ausbildung dort. Das Land übernimmt die Hälfte der \
         Kosten.",
    );
    // Winning back people who moved away stays a returnee programme.
    assert_relevant(
        "Kreis fördert Rückkehrerberatung für Fachkräfte",
        "Wer für die Ausbildung weggezogen ist, soll zurückkommen: Die Wirtschaftsförderung \
         berät Rückkehrer zu Stellen, Wohnungen und Kitaplätzen in der Region.",
    );
}

#[test]
fn care_school_places_and_stipends_funded_by_the_state_are_a_measure() {
    let r = assert_relevant(
        "Land finanziert mehr Ausbildungsplätze in der Altenpflege",
        "Die Gesundheitsministerin will die Zahl der Schulplätze für die Altenpflege im \
         kommenden Jahr deutlich erhöhen und zusätzlich Landesstipendien für ein Pflegestudium \
         vergeben. Dafür stehen im Haushalt zwei Millionen Euro bereit.",
    );
    assert!(r.topics.iter().any(|t| t == "ausbildung"), "{:?}", r.topics);
    // School places for children are no training measure.
    assert_irrelevant(
        "Stadt schafft neue Schulplätze",
        "Im Neubaugebiet entsteht eine Grundschule mit 300 Plätzen, der Schulbetrieb beginnt \
         nach den Herbstferien.",
    );
}
