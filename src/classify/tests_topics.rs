//! Topic error categories from fresh real news (issue 24), in our own words: the
//! organisations a measure involves named side by side are its cast, not a cooperation;
//! a party's name is no alliance.

use super::tests_real::run;

fn has(topics: &[String], slug: &str) -> bool {
    topics.iter().any(|t| t == slug)
}

#[test]
fn organisations_named_together_are_no_cooperation_without_a_word_of_it() {
    let cast = run(
        "Welcome Center öffnet im Hafenviertel",
        "Das neue Welcome Center berät ausländische Fachkräfte und ihre Familien bei Visum, \
         Wohnungssuche und Sprachkurs. Im Haus sitzen Beraterinnen der Agentur für Arbeit \
         und des Jobcenters; die Industrie- und Handelskammer (IHK) schickt einmal in der \
         Woche jemanden vorbei.",
    );
    assert!(cast.relevant, "{:#?}", cast.reasons);
    assert!(!has(&cast.topics, "kooperation"), "{:#?}", cast.reasons);

    let agreed = run(
        "Welcome Center öffnet im Hafenviertel",
        "Das neue Welcome Center berät ausländische Fachkräfte und ihre Familien. Agentur \
         für Arbeit, Jobcenter und die Industrie- und Handelskammer haben dafür eine \
         Kooperationsvereinbarung unterzeichnet und betreiben das Haus gemeinsam.",
    );
    assert!(agreed.relevant, "{:#?}", agreed.reasons);
    assert!(has(&agreed.topics, "kooperation"), "{:#?}", agreed.reasons);
}

#[test]
fn a_party_named_bündnis_is_no_alliance() {
    let r = run(
        "Antrag: Anerkennung ausländischer Berufsabschlüsse beschleunigen",
        "Die Landtagsfraktion von BÜNDNIS 90/DIE GRÜNEN fordert, die Anerkennung \
         ausländischer Berufsabschlüsse zu beschleunigen und mehr Beratungsstellen zu \
         schaffen. Die bündnisgrüne Sprecherin verweist auf lange Wartezeiten.",
    );
    assert!(!has(&r.topics, "kooperation"), "{:#?}", r.reasons);
}

#[test]
fn welcome_culture_named_in_passing_is_no_topic_stated_up_front_it_is() {
    let passing = run(
        "Land bezahlt Sprachkurse für Pflegekräfte aus dem Ausland",
        "Das Gesundheitsministerium gibt eine Million Euro für Kurse in den Herkunftsländern, \
         damit angeworbene Pflegekräfte schon mit Deutschkenntnissen ankommen. Die Kliniken \
         kümmern sich nach der Ankunft um Wohnung und Integration in die Teams.",
    );
    assert!(passing.relevant, "{:#?}", passing.reasons);
    assert!(
        !has(&passing.topics, "willkommenskultur"),
        "{:#?}",
        passing.reasons
    );

    let stated = run(
        "Welcome Center hilft angeworbenen Pflegekräften beim Ankommen",
        "Das neue Welcome Center des Kreises begleitet Pflegekräfte aus dem Ausland bei \
         Wohnungssuche und Behördengängen.",
    );
    assert!(stated.relevant, "{:#?}", stated.reasons);
    assert!(
        has(&stated.topics, "willkommenskultur"),
        "{:#?}",
        stated.reasons
    );
}
