//! Real-news error categories of round 14 (issue 24), in our own words: a welcome centre's
//! report that names recruiting abroad in one late sentence is about welcome culture, not
//! immigration — readers file an article under its one or two main topics.

use super::tests_real::assert_relevant;

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
