//! One case per error category found on real German news (issue 24), written in our
//! own words: other subjects that only mention skilled workers, passing mentions,
//! commuters' destinations as states, and topic over-tagging.

use super::*;
use crate::vocab::State::{self, *};

/// The embedded rules, built once for all real-news test files.
pub(super) fn classifier() -> &'static Classifier {
    static C: std::sync::OnceLock<Classifier> = std::sync::OnceLock::new();
    C.get_or_init(Classifier::embedded)
}

pub(super) fn run(title: &str, body: &str) -> Classification {
    classifier().classify(&Document {
        title,
        body,
        source_state: None,
    })
}

pub(super) fn assert_irrelevant(title: &str, body: &str) -> Classification {
    let r = run(title, body);
    assert!(!r.relevant, "{title}: {:#?}", r.reasons);
    r
}

pub(super) fn assert_relevant(title: &str, body: &str) -> Classification {
    let r = run(title, body);
    assert!(r.relevant, "{title}: {:#?}", r.reasons);
    r
}

/// A body of `n` filler sentences, so that what follows stands after the lead.
fn filler(n: usize) -> String {
    "Der Stadtrat tagte am Abend im Rathaus und beriet über den Haushalt. ".repeat(n)
}

#[test]
fn other_subjects_in_the_headline_outweigh_a_mention_of_skilled_workers() {
    for (title, body) in [
        (
            "Einbürgerungsfeier im Landratsamt",
            "Schwerin. 80 Menschen erhielten ihre Einbürgerungsurkunde. Viele arbeiten als Fachkräfte in der Pflege.",
        ),
        (
            "Warnstreik an Kitas in Leipzig",
            "Leipzig. Verdi ruft Erzieherinnen zum Warnstreik auf. Die Gewerkschaft verweist auf Fachkräftemangel und fordert mehr Personal.",
        ),
        (
            "Azubi bei Arbeitsunfall schwer verletzt",
            "Cottbus. Ein Auszubildender ist auf einer Baustelle von einem Gerüst gestürzt. Der Rettungshubschrauber brachte ihn in die Klinik.",
        ),
        (
            "Abiturnoten in Thüringen so gut wie nie",
            "Erfurt. Der Notenschnitt im Abitur lag bei 2,1. Viele Abiturienten wollen eine Ausbildung beginnen oder studieren.",
        ),
        (
            "Konjunkturumfrage: Geschäftsklima trübt sich ein",
            "Halle. Die Betriebe im Kammerbezirk bewerten ihre Geschäftslage schlechter. Als Risiko nennen sie Energiepreise und Fachkräftebedarf.",
        ),
        (
            "Arbeitslosenquote im Juli leicht gestiegen",
            "Rostock. Die Zahl der Arbeitslosen stieg um 300. Die Arbeitsagentur meldet zugleich 4.000 offene Stellen und spricht von Fachkräftebedarf.",
        ),
        (
            "Zulieferer kündigt Stellenabbau an",
            "Zwickau. Der Autozulieferer will 200 Stellen streichen. Gesuchte Fachkräfte sollen an anderen Standorten unterkommen.",
        ),
        (
            "Urlaubsrückkehrer: Testpflicht an der Grenze",
            "Dresden. Reiserückkehrer aus Polen müssen einen Test vorlegen. Pendler sind ausgenommen.",
        ),
        (
            "Pendlerpauschale steigt",
            "Berlin. Wer weit zur Arbeit fährt, kann ab Januar mehr absetzen. Pendler profitieren ab dem 21. Kilometer.",
        ),
        (
            "Dorfladen öffnet wieder",
            "Gransee. Der Dorfladen im Ortsteil hat einen neuen Betreiber. Er sucht noch Aushilfen und Azubis.",
        ),
        (
            "Österreich: Fachkräftemangel im Tourismus",
            "Wien. Die Wirtschaftskammer Österreich meldet 20.000 offene Stellen in Hotels. Der AMS will Arbeitslose umschulen.",
        ),
        (
            "Kirchensteuer: Landeskirche zahlt Pfarrstellen",
            "Magdeburg. Die Landeskirche finanziert Pfarrstellen aus der Kirchensteuer. Sie findet kaum Nachwuchs.",
        ),
    ] {
        assert_irrelevant(title, body);
    }
}

#[test]
fn words_of_the_field_alone_state_no_subject() {
    assert_irrelevant(
        "Neuer Kreisverkehr an der B96",
        "Neustrelitz. Der Kreisverkehr ist fertig. Arbeitgeber im Gewerbegebiet und Pendler freuen sich, sagt die IHK.",
    );
    assert_irrelevant(
        "Neues Werk im Gewerbegebiet",
        "Bitterfeld. Der Chemiekonzern baut auf einer Fläche von zehn Hektar eine Anlage. Das Werk soll 2027 in Betrieb gehen.",
    );
}

#[test]
fn a_passing_mention_after_the_lead_counts_little() {
    let body = format!(
        "Greifswald. Die Stadt saniert die Schwimmhalle für vier Millionen Euro. {} Am Rande hieß es, auch Fachkräfte würden gesucht.",
        filler(8)
    );
    assert_irrelevant("Schwimmhalle wird saniert", &body);
}

#[test]
fn a_strong_term_in_the_headline_outweighs_another_subject() {
    assert_relevant(
        "Welcome Center hilft nach Stellenabbau",
        "Jena. Nach dem Stellenabbau beim Optikhersteller berät das Welcome Center ausländische Fachkräfte, die in der Region bleiben wollen.",
    );
}

#[test]
fn welcome_days_and_returnee_agencies_are_relevant_with_their_topics() {
    let r = assert_relevant(
        "Rückhol- und Halteagentur zieht Bilanz",
        "Suhl. Die Rückhol- und Halteagentur hat im vergangenen Jahr 120 Menschen bei der Rückkehr in die Region beraten.",
    );
    assert!(
        r.topics.iter().any(|t| t == "rueckkehr-pendler"),
        "{:#?}",
        r.reasons
    );
    assert!(r.states.contains(&TH), "{:#?}", r.reasons);
}

#[test]
fn fachkraefte_from_other_states_and_abroad_is_immigration() {
    let r = assert_relevant(
        "Fachkräfte aus dem In- und Ausland gesucht",
        "Magdeburg. Das Land wirbt um Fachkräfte aus anderen Bundesländern und aus dem Ausland.",
    );
    assert!(
        r.topics.iter().any(|t| t == "zuwanderung"),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn administrative_words_do_not_make_a_rural_topic() {
    let r = assert_relevant(
        "Landkreis startet Fachkräfteinitiative",
        "Prenzlau. Der Landkreis und die Region wollen mit einer Fachkräfteinitiative Betriebe unterstützen.",
    );
    assert!(
        !r.topics.iter().any(|t| t == "laendlicher-raum"),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn training_mentioned_in_passing_is_no_training_topic() {
    let body = format!(
        "Potsdam. Das Land richtet ein Welcome Center für ausländische Fachkräfte ein. {} Eine Ausbildung sei nicht Voraussetzung.",
        filler(8)
    );
    let r = assert_relevant("Welcome Center für Brandenburg", &body);
    assert!(
        !r.topics.iter().any(|t| t == "ausbildung"),
        "{:#?}",
        r.reasons
    );
}

fn states_of(title: &str, body: &str) -> Vec<State> {
    let mut s = run(title, body).states;
    s.sort();
    s
}

#[test]
fn commuters_destination_and_newcomers_origin_are_not_tagged() {
    assert_eq!(
        states_of(
            "Pendler bleiben in der Region",
            "Görlitz. Viele Beschäftigte aus der Oberlausitz pendeln nach Berlin. Sachsen will sie mit einer Rückkehrerbörse halten."
        ),
        vec![SN]
    );
    assert_eq!(
        states_of(
            "Neue Pflegekräfte in Rostock",
            "Rostock. Die Klinik begrüßt 20 Pflegekräfte. Sie kommen aus Bayern und von den Philippinen und bleiben in Mecklenburg-Vorpommern."
        ),
        vec![MV]
    );
}

#[test]
fn an_institute_named_after_berlin_is_no_place() {
    assert_eq!(
        states_of(
            "Studie zur Abwanderung",
            "Erfurt. Laut Berlin-Institut für Bevölkerung und Entwicklung verliert Thüringen junge Menschen."
        ),
        vec![TH]
    );
}

#[test]
fn a_state_and_its_district_tag_the_state_once() {
    assert_eq!(
        states_of(
            "Fachkräfteallianz im Landkreis Nordsachsen",
            "Torgau. Die Fachkräfteallianz Nordsachsen trifft sich. Sachsen fördert sie."
        ),
        vec![SN]
    );
}

#[test]
fn place_names_in_a_url_give_a_prior_when_they_agree() {
    let c = classifier();
    assert_eq!(
        c.state_of_url("https://www.zeitung.example/lokal/sangerhausen/fachkraefte-1234"),
        Some(ST)
    );
    assert_eq!(
        c.state_of_url("https://blatt.example/regionen/greiz/kommentar-pendlertag"),
        Some(TH)
    );
    assert_eq!(
        c.state_of_url("https://example.org/wismar-und-greiz/treffen"),
        None,
        "two states: no prior"
    );
    assert_eq!(c.state_of_url("https://example.org/news/12345"), None);
}

#[test]
fn a_url_prior_decides_only_when_the_text_names_no_place() {
    let text = "Das neue Welcome Center berät internationale Fachkräfte bei Behördengängen.";
    let url_state = classifier().state_of_url("https://example.org/lokal/sangerhausen/x");
    let without_place = classifier().classify(&Document {
        title: "Welcome Center eröffnet",
        body: text,
        source_state: url_state,
    });
    assert_eq!(without_place.states, vec![ST]);
    let with_place = classifier().classify(&Document {
        title: "Welcome Center in Gera eröffnet",
        body: text,
        source_state: url_state,
    });
    assert_eq!(with_place.states, vec![TH]);
}

#[test]
fn the_verb_kamen_is_no_town() {
    let r = assert_relevant(
        "Vernetzungstreffen der Rückkehrinitiativen",
        "Über hundert Fachleute kamen zusammen, um über Fachkräftesicherung und Rückkehrertage zu beraten.",
    );
    assert!(r.states.is_empty(), "{:#?}", r.reasons);
}

#[test]
fn training_done_abroad_to_be_recognised_counts_for_recognition() {
    let r = assert_relevant(
        "Mehr Pflegekräfte wollen ihre Ausbildung anerkennen lassen",
        "Wiesbaden. Immer mehr Pflegekräfte beantragen, dass ihre Ausbildung im Ausland als gleichwertig anerkannt wird. Die Anerkennungsstelle meldet einen Rekord.",
    );
    assert!(
        r.topics.contains(&"anerkennung".to_string()),
        "{:#?}",
        r.reasons
    );
    assert!(
        r.reasons
            .iter()
            .any(|x| x.starts_with("topic anerkennung") && x.contains("'ausbildung anerkennen*'")),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn agencies_that_cooperate_are_a_cooperation() {
    let r = assert_relevant(
        "Welcome Center nimmt Arbeit auf",
        "Das Welcome Center für ausländische Fachkräfte startet. Die Beschäftigten sollen eng mit der Arbeitsagentur und der Ausländerbehörde kooperieren.",
    );
    assert!(
        r.topics.contains(&"kooperation".to_string()),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn competing_with_switzerland_for_workers_is_no_swiss_news() {
    assert_relevant(
        "Allianz am Hochrhein",
        "In den Landkreisen am Hochrhein werden Fachkräfte knapp, auch der Wettbewerb um Fachkräfte mit der Schweiz ist spürbar. Deshalb gründeten Kammern und Kreise eine Fachkräfteallianz.",
    );
    assert_irrelevant(
        "Fachkräftemangel in der Schweiz",
        "Zürich. In der Schweiz fehlen Zehntausende Fachkräfte, meldet der Arbeitgeberverband. Schweizer Betriebe suchen Personal.",
    );
}

#[test]
fn a_concerted_action_for_care_staff_is_no_concert() {
    assert_relevant(
        "Halbzeitbilanz Gesundheit",
        "Mit der Konzertierten Aktion Pflege hat das Land gemeinsam mit Trägern und Kassen Maßnahmen für mehr Personal in der Pflege vereinbart.",
    );
}

#[test]
fn towns_of_the_west_and_south_and_a_halle_hospital_name_their_state() {
    let r = assert_relevant(
        "Nacht der Ausbildung in Wiesloch",
        "Wiesloch. 27 Betriebe stellten am Abend Ausbildungsberufe vor, Schülerinnen und Schüler fragten nach Ausbildungsplätzen.",
    );
    assert_eq!(r.states, vec![BW], "{:#?}", r.reasons);
    let r = assert_relevant(
        "Willkommenstag für internationale Pflegefachkräfte",
        "Die Universitätsmedizin Halle begrüßt 20 Pflegefachkräfte aus Tunesien, die einen Kurs zur Anerkennung ihres Abschlusses beginnen.",
    );
    assert_eq!(r.states, vec![ST], "{:#?}", r.reasons);
}

#[test]
fn a_hospital_group_or_a_talk_at_a_fair_is_no_cooperation() {
    let r = assert_relevant(
        "Internationale Pflegekräfte beim Klinikverbund",
        "Der Klinikverbund begrüßt 20 Pflegefachkräfte aus Indien. Im Klinikverbund lernen sie Deutsch und bereiten die Anerkennung vor.",
    );
    assert!(
        !r.topics.contains(&"kooperation".to_string()),
        "{:#?}",
        r.reasons
    );
    let r = assert_relevant(
        "Nacht der Ausbildung",
        "30 Betriebe stellten Ausbildungsberufe vor. Jugendliche kamen mit Ausbildern ins Gespräch und zum Austausch über Ausbildungsplätze.",
    );
    assert!(
        !r.topics.contains(&"kooperation".to_string()),
        "{:#?}",
        r.reasons
    );
}
