//! Real-news error categories of the fresh samples of rounds 11 to 13 (issue 24), in our
//! own words: travellers returning from their holidays, counselling people without a right
//! to stay about going home, the care-school places and stipends a state funds; a
//! minister's hope, an exchange of views with a visitor, an Austrian programme; a state's
//! training pact and a training levy, a minister taking a side, an admission programme.

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

#[test]
fn a_minister_hoping_for_nurses_from_abroad_names_no_measure() {
    assert_irrelevant(
        "Sozialministerin hofft auf Pflegekräfte aus Vietnam",
        "Die Ministerin sagte am Rande der Landtagssitzung, sie hoffe, dass bald mehr \
         ausländische Pflegekräfte in den Kliniken des Landes arbeiten. Konkrete Pläne nannte \
         sie nicht.",
    );
    // Hope beside a programme that starts is the programme.
    assert_relevant(
        "Land hofft auf Pflegekräfte aus Vietnam: Anwerbeprogramm startet",
        "Mit einem neuen Anwerbeprogramm will das Sozialministerium in diesem Jahr 80 \
         Pflegekräfte aus Vietnam für die Kliniken des Landes gewinnen.",
    );
}

#[test]
fn an_exchange_of_views_with_a_visitor_is_a_visit() {
    assert_irrelevant(
        "Kammer: Meinungsaustausch mit dem Generalkonsul",
        "Der Generalkonsul Spaniens wurde von Präsident und Geschäftsführerin der \
         Handelskammer empfangen. Im Mittelpunkt des Gesprächs standen die duale Ausbildung \
         und die Frage, wie Betriebe in der Region auch künftig Fachkräfte finden. Beide \
         Seiten wollen die Zusammenarbeit vertiefen. Während in Spanien viele junge Leute ohne \
         Arbeit sind, bleiben in den Betrieben hier Lehrstellen frei. Der Konsul lud die \
         Kammer zu einem Gegenbesuch ein; ein Termin steht noch nicht fest. Auf dem Gebiet der \
         Fachkräftesicherung könnten sich beide Länder unterstützen. Für die \
         Fachkräftesicherung sei das ein Gewinn.",
    );
}

#[test]
fn an_austrian_programme_is_austrian_news_whatever_it_is_called() {
    assert_irrelevant(
        "Kammer startet Fachkräfte-Offensive in Österreich",
        "Die Wirtschaftskammer Österreich will mit einer Fachkräfte-Offensive gegen den \
         Mangel angehen: In ganz Österreich fehlen 150.000 Fachkräfte, in Tirol und \
         Vorarlberg am meisten.",
    );
    // A German state recruiting in Austria is ours.
    let r = assert_relevant(
        "Fachkräfteoffensive: Sachsen wirbt in Österreich um Pflegekräfte",
        "Mit einer Fachkräfteoffensive wirbt der Freistaat Sachsen in Österreich um \
         Pflegekräfte für die Kliniken zwischen Leipzig und Görlitz.",
    );
    assert_eq!(r.states, [crate::vocab::State::SN], "{:#?}", r.reasons);
}

#[test]
fn a_training_pact_and_a_training_levy_outweigh_the_apprenticeship_market_they_address() {
    let r = assert_relevant(
        "Ausbildungskonsens setzt Schwerpunkte für das kommende Jahr",
        "Landesregierung, Kammern, Gewerkschaften und Arbeitsagentur wollen auf dem \
         Ausbildungsmarkt Bewerber und Betriebe besser zusammenbringen und Jugendliche früher \
         auf den Berufsstart vorbereiten.",
    );
    assert!(r.topics.iter().any(|t| t == "ausbildung"), "{:?}", r.topics);
    assert_relevant(
        "Senat legt Gesetz für eine Ausbildungsplatzumlage vor",
        "Weil zu wenige Betriebe ausbilden, sollen alle Unternehmen in einen Fonds einzahlen, \
         aus dem ausbildende Betriebe einen Zuschuss erhalten. Die Verbände können bis Ende \
         des Monats Stellung nehmen.",
    );
}

#[test]
fn a_minister_taking_a_side_names_no_measure() {
    assert_irrelevant(
        "Sozialministerin spricht sich für Anwerbung ausländischer Pflegekräfte aus",
        "Die Ministerin reagierte damit auf Pläne des Bundes. Das Land habe eigene Pläne \
         bislang nicht, sagte ein Sprecher; man beobachte die Entwicklung.",
    );
}

#[test]
fn refugees_taken_in_under_an_admission_programme_are_no_recruiting() {
    assert_irrelevant(
        "Stadt nimmt 30 Geflüchtete aus dem Landesaufnahmeprogramm auf",
        "Die Bürgerschaft hat beschlossen, besonders schutzbedürftige Menschen aufzunehmen. \
         Das Programm des Landes sieht vor, dass die Kommunen Wohnungen, Betreuung und später \
         auch Wege in Arbeit und Ausbildung anbieten.",
    );
}

#[test]
fn refugees_with_good_prospects_of_staying_brought_into_firms_are_ours() {
    // "Bleibeperspektive" is said of refugees an integration programme takes on, not only
    // of those told to leave.
    assert_relevant(
        "Willkommenslotsen der Handwerkskammer vermitteln Geflüchtete in Betriebe",
        "Zwei Willkommenslotsen helfen kleinen Betrieben, Geflüchtete mit guter \
         Bleibeperspektive über Praktika in eine Ausbildung zu bringen. Das Programm wird vom \
         Wirtschaftsministerium gefördert und soll dem Fachkräftemangel im Handwerk begegnen.",
    );
}
