//! Real-news error categories of four later fresh samples (issue 24), in our own words: a
//! measure in the headline over a lead recalling other news, pacts, vocational education,
//! a shortage named as a need, refugee lodgings and a firm's new starters, apprentice
//! counts, states named only for comparison; a welcome centre's newcomers, practices
//! without successors, shortage analyses and moving figures, residents with an
//! immigration history, skilled-worker marketing, fairs and levies, newcomers' families;
//! immigrants retrained against the shortage, returnees from Austria, a statement that
//! opens with thanks; wage deals and basic-income figures, apprentices' welcome days, welcome
//! agencies, districts named with "Kreis" and a hospital group's name.

use super::tests_real::{assert_irrelevant, assert_relevant};
use crate::vocab::State::*;

#[test]
fn a_measure_for_returnees_in_the_headline_outweighs_a_lead_recalling_unemployment() {
    assert_relevant(
        "Land fördert Initiativen für Rückkehrer",
        "Die Jahre der hohen Arbeitslosigkeit sind vorbei, heute suchen die Betriebe in der \
         Region Leute. Die Landesregierung gibt in diesem und im nächsten Jahr je 150.000 Euro \
         für Vereine und Initiativen, die Weggezogenen bei der Rückkehr helfen.",
    );
    // Without a measure in the headline, the lead's unemployment is the subject.
    assert_irrelevant(
        "Weniger Menschen ohne Arbeit",
        "Die Arbeitslosigkeit ist im November erneut gesunken. Auch Rückkehrer fanden \
         häufiger eine Stelle, teilte die Arbeitsagentur mit.",
    );
}

#[test]
fn a_pact_for_vocational_education_is_a_measure() {
    let r = assert_relevant(
        "Staatskanzlei: Pakt für Berufliche Bildung unterzeichnet",
        "Mit dem Pakt stärkt die Staatsregierung gemeinsam mit den Wirtschaftsverbänden die \
         berufliche Bildung im Freistaat, vor allem bei der Digitalisierung in Betrieben.",
    );
    assert!(r.topics.iter().any(|t| t == "ausbildung"), "{:?}", r.topics);
}

#[test]
fn a_model_project_for_the_need_of_nurses_is_relevant() {
    assert_relevant(
        "Neue Ideen zur Deckung des Pflegekräftebedarfs",
        "Potsdam. Das Land reagiert auf den Fachkräftemangel in der Pflege. In Cottbus wurden \
         die Ergebnisse eines Modellprojekts für neue Konzepte der Personalentwicklung \
         vorgestellt, das das Ministerium mit 250.000 Euro gefördert hat. Ziel war, die \
         Attraktivität des Berufs zu verbessern. Sechs Heime und ihre Beschäftigten haben \
         mitgemacht.",
    );
}

#[test]
fn refugees_lodged_in_the_district_are_no_subject_of_ours() {
    assert_irrelevant(
        "Landkreis: Noch 40 Plätze für Flüchtlinge frei",
        "In den Asylunterkünften des Kreises waren Ende des Monats noch 40 Plätze frei, \
         berichteten Mitarbeiter des Landratsamts im Kreistag. Weitere Asylbewerber werden \
         in der kommenden Woche erwartet.",
    );
}

#[test]
fn a_firms_first_day_for_its_new_starters_is_routine() {
    assert_irrelevant(
        "Schultüten für unsere Berufsstarter",
        "Ganz entspannt geht keiner am ersten Tag in den Ausbildungsbetrieb. Uns ist wichtig, \
         dass sich die Neuen schnell wohlfühlen: In der ersten Woche lernen unsere Azubis das \
         Haus kennen, danach geht es gemeinsam zum Klettern. Mit 400 Mitarbeitenden sind wir \
         inzwischen ein großer Betrieb.",
    );
}

#[test]
fn more_apprentices_counted_at_a_reception_are_figures() {
    assert_irrelevant(
        "Handwerk steigert die Zahl der Lehrlinge",
        "Der Präsident der Handwerkskammer blickte beim Empfang auf ein gutes Jahr zurück. \
         Die Betriebe haben mehr Aufträge, die Zahl der neuen Lehrverträge stieg um drei \
         Prozent; auch 50 junge Geflüchtete sind in der Ausbildung.",
    );
}

#[test]
fn states_named_for_comparison_are_not_what_the_article_is_about() {
    let r = assert_relevant(
        "Minister will Weggezogene nach Brandenburg zurückholen",
        "Ein neues Internetportal soll rückkehrwilligen Brandenburgern den Umzug erleichtern, \
         erklärte der Arbeitsminister. Im Gegensatz zu Ländern wie Mecklenburg-Vorpommern oder \
         Sachsen-Anhalt gibt es in Brandenburg bisher nur regionale Initiativen.",
    );
    assert_eq!(r.states, vec![BB], "{:#?}", r.reasons);
}

#[test]
fn a_welcome_centres_evening_for_newcomers_is_ours_a_towns_reception_is_not() {
    assert_relevant(
        "Neubürger treffen sich am Stammtisch",
        "Einmal im Monat lädt das Welcome Center Zugezogene und Rückkehrer in eine Kneipe am \
         Markt ein. Die zwei Beraterinnen helfen bei der Suche nach Wohnung, Arbeit und \
         Sportverein.",
    );
    assert_irrelevant(
        "Neubürger beim Empfang im Rathaus",
        "Der Bürgermeister hat 60 Neubürgerinnen und Neubürger begrüßt. Vereine stellten sich \
         vor, die Feuerwehr zeigte ihr Löschfahrzeug.",
    );
}

#[test]
fn a_welcome_centre_helping_find_a_sports_club_is_no_club_news() {
    assert_relevant(
        "Hier finden neue Fachkräfte Rat",
        "Wer im Welcome Center an der Mühlenstraße klingelt, sucht meist eine Wohnung, eine \
         Kita oder einen Sportverein. Die Beraterinnen helfen Zugezogenen und Rückkehrern.",
    );
}

#[test]
fn doctors_without_successors_are_closures_not_a_measure() {
    assert_irrelevant(
        "Landärzte finden kaum Nachfolger",
        "Zwei Praxen im Ort schließen zum Jahresende, weil sich keine Nachfolger finden. Die \
         Lücken auf dem Land werden größer, sagt die Kassenärztliche Vereinigung.",
    );
}

#[test]
fn the_yearly_shortage_analysis_and_moving_figures_are_reports() {
    assert_irrelevant(
        "Arbeitsagentur: Mehr Engpassberufe",
        "Die jährliche Fachkräfteengpassanalyse zählt 180 Berufe, in denen Fachkräfte fehlen, \
         darunter Pflege und Berufskraftfahrer.",
    );
    assert_irrelevant(
        "Wohin die Deutschen ziehen",
        "Der Wanderungssaldo vieler Landkreise ist negativ: mehr Fortzüge als Zuzüge, mehr \
         Sterbefälle als Geburten. Ausländische Zuwanderer gleichen das nur teilweise aus.",
    );
}

#[test]
fn residents_with_an_immigration_history_are_no_recruiting() {
    assert_irrelevant(
        "Integration wechselt ins Innenministerium",
        "Die Landesregierung legt die Zuständigkeit für Integration mit der für Migration \
         zusammen. Für Menschen mit Einwanderungsgeschichte soll Integration damit von Anfang \
         an mitgedacht werden.",
    );
}

#[test]
fn skilled_worker_marketing_a_training_fair_and_a_training_levy_are_measures() {
    assert_relevant(
        "Landkreis stellt sein Fachkräftemarketing vor",
        "Der Landrat hat in Berlin die Imagekampagne des Kreises vorgestellt, mit der er um \
         Fachkräfte wirbt.",
    );
    assert_relevant(
        "Bildungsmesse: 250 Aussteller zeigen Berufe",
        "Am Donnerstag öffnet die Bildungsmesse auf dem Messegelände. Schülerinnen und Schüler \
         können sich bei Betrieben und Hochschulen über Wege nach der Schule informieren.",
    );
    assert_relevant(
        "Kammer klagt gegen Ausbildungsplatzabgabe",
        "Die Handelskammer will gerichtlich gegen die Ausbildungsplatzabgabe vorgehen, die die \
         Bürgerschaft am Donnerstag beschlossen hat.",
    );
}

#[test]
fn a_family_from_elsewhere_is_where_newcomers_lived() {
    let r = assert_relevant(
        "Welcome Center der Seenplatte zieht Bilanz",
        "Das Welcome Center hat im ersten Jahr 120 Zugezogene beraten, darunter eine Familie \
         aus Ingolstadt in Bayern, die jetzt in Mecklenburg-Vorpommern lebt.",
    );
    assert_eq!(r.states, vec![MV], "{:#?}", r.reasons);
}

#[test]
fn a_chamber_retraining_immigrants_against_the_shortage_is_a_measure() {
    assert_relevant(
        "Handwerk setzt auf Einwanderer",
        "Mit einem Modellprojekt will die Handwerkskammer den Fachkräftemangel bekämpfen: \
         Zugewanderte über 25 ohne anerkannten Abschluss lernen in kurzen Kursen an ihrem \
         Bildungszentrum, was die Betriebe brauchen.",
    );
}

#[test]
fn people_courted_back_from_austria_are_our_returnees() {
    assert_relevant(
        "Komm zurück nach Hause",
        "Das Rückkehrernetzwerk spricht alle an, die in den Westen, nach Österreich oder in die \
         Schweiz gegangen sind und wieder in Sachsen arbeiten wollen, dazu Pendler, die jede \
         Woche über die Landesgrenze fahren.",
    );
}

#[test]
fn thanking_for_the_chance_to_comment_opens_a_statement_on_a_recognition_law() {
    assert_relevant(
        "Stellungnahme zum Entwurf eines Gesetzes zur Änderung des Berufsqualifikationsfeststellungsgesetzes",
        "Die Landesarbeitsgemeinschaft der Wohlfahrtsverbände bedankt sich für die Möglichkeit, \
         zu dem Entwurf Stellung zu nehmen. Die geplanten Änderungen werden begrüßt, weil sie \
         die Anerkennung von im Ausland erworbenen beruflichen Kompetenzen erleichtern. Das ist \
         für die Integration der Menschen und für die Betriebe wichtig, die Personal suchen, und \
         es hilft allen Beteiligten in den Kommunen und in den Kammern, die seit Jahren auf \
         einfachere Wege drängen. Die Verbände regen an, die Beratung zu stärken. Schnellere \
         Anerkennungsverfahren dienen auch der Gewinnung von Fachkräften im Land.",
    );
}

#[test]
fn a_wage_deal_and_basic_income_figures_are_no_measure() {
    assert_irrelevant(
        "Tarife: Mehr Geld für die Metallindustrie in zwei Stufen",
        "Die rund 3,8 Millionen Beschäftigten bekommen ab Juli 2,8 Prozent mehr. Arbeitgeber \
         und Gewerkschaft haben die Vereinbarung nach drei Verhandlungstagen unterzeichnet.",
    );
    assert_irrelevant(
        "Viele Geflüchtete beziehen Bürgergeld",
        "Ein großer Teil der Bürgergeld-Empfänger in der Stadt kommt aus dem Ausland, vor allem \
         aus Syrien und der Ukraine, teilte das Jobcenter mit.",
    );
}

#[test]
fn a_firms_welcome_day_for_its_first_year_apprentices_is_routine() {
    assert_irrelevant(
        "Ausbildung: Ein guter Start",
        "Zu den 300 Mitarbeitern des Versorgers gehören 20 Auszubildende. Für die Neuen im \
         ersten Lehrjahr gab es wie jedes Jahr einen Willkommenstag auf der Burg mit Führung \
         und Grillen.",
    );
}

#[test]
fn a_welcome_agencys_podcast_for_newcomers_is_ours() {
    assert_relevant(
        "Ein Podcast soll Neubürgern Mut machen",
        "Die Willkommensagentur des Landkreises, die Zugezogene und Rückkehrer bei Wohnung und \
         Arbeit berät, stellt in einem Podcast Menschen vor, die in die Region gezogen sind.",
    );
}

#[test]
fn a_district_named_with_kreis_and_a_hospital_group_name_their_states() {
    let r = assert_relevant(
        "Kreis Altenkirchen startet Fachkräftenetzwerk",
        "Die Wirtschaftsförderung des Kreises Altenkirchen und 40 Betriebe haben eine \
         Kooperationsvereinbarung für ein Fachkräftenetzwerk unterschrieben.",
    );
    assert_eq!(r.states, vec![RP], "{:#?}", r.reasons);
    let r = assert_relevant(
        "Gesundheit Nord holt Pflegekräfte aus dem Ausland",
        "Der kommunale Klinikverbund Gesundheit Nord hat bisher 55 internationale Pflegekräfte \
         angeworben; weitere 50 sollen im kommenden Jahr kommen.",
    );
    assert_eq!(r.states, vec![HB], "{:#?}", r.reasons);
}
