//! Classifier behaviour on the seed article, the tricky place cases and broken rules.

use super::*;
use crate::vocab::State::{self, *};

const SEED: &str = include_str!("../../tests/fixtures/classify/seed-article.txt");

fn classifier() -> &'static Classifier {
    static C: std::sync::OnceLock<Classifier> = std::sync::OnceLock::new();
    C.get_or_init(Classifier::embedded)
}

fn states(title: &str, body: &str, source: Option<State>) -> Vec<State> {
    let mut s = classifier()
        .classify(&Document {
            title,
            body,
            source_state: source,
        })
        .states;
    s.sort();
    s
}

fn sorted(mut s: Vec<State>) -> Vec<State> {
    s.sort();
    s
}

#[test]
fn embedded_rules_and_gazetteer_load() {
    let c = Classifier::from_topics_str(EMBEDDED_TOPICS, "data/topics.toml");
    assert!(c.is_ok(), "{:?}", c.err());
    fn assert_shareable<T: Send + Sync>() {}
    assert_shareable::<Classifier>();
}

#[test]
fn seed_article_is_relevant_with_five_eastern_states_and_its_topics() {
    let (title, body) = SEED.split_once('\n').unwrap_or(("", SEED));
    let r = classifier().classify(&Document {
        title,
        body,
        source_state: Some(ST),
    });
    assert!(r.relevant, "{:#?}", r.reasons);
    assert_eq!(
        sorted(r.states.clone()),
        sorted(vec![ST, BB, MV, SN, TH]),
        "{:#?}",
        r.reasons
    );
    assert_eq!(r.states[0], ST, "the dateline state leads");
    for topic in [
        "kooperation",
        "zuwanderung",
        "weiterbildung",
        "arbeitgeberattraktivitaet",
        "willkommenskultur",
        "laendlicher-raum",
        "rueckkehr-pendler",
    ] {
        assert!(
            r.topics.iter().any(|t| t == topic),
            "missing {topic}: {:#?}",
            r.reasons
        );
    }
    assert!(
        r.reasons.iter().any(|x| x.contains("dateline 'Magdeburg'")),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn longest_state_name_wins() {
    assert_eq!(
        states("", "Das Land Sachsen-Anhalt wirbt um Pflegekräfte.", None),
        [ST]
    );
    assert_eq!(
        states("", "Niedersachsen wirbt um Pflegekräfte.", None),
        [NI]
    );
    assert_eq!(
        states("", "Das sachsen-anhaltische Modell überzeugt.", None),
        [ST]
    );
    assert_eq!(
        states("", "Der niedersächsische Weg überzeugt.", None),
        [NI]
    );
    assert_eq!(
        states("", "Mecklenburg-Vorpommern startet eine Kampagne.", None),
        [MV]
    );
}

#[test]
fn adjectives_name_their_state() {
    assert_eq!(
        states("", "Die Thüringer Landesregierung beschloss es.", None),
        [TH]
    );
    assert_eq!(
        states("", "Die brandenburgische Wirtschaft wächst.", None),
        [BB]
    );
    assert_eq!(
        states("", "Im sächsischen Landtag wurde beraten.", None),
        [SN]
    );
    assert_eq!(
        states("", "Vorpommersche Betriebe suchen Personal.", None),
        [MV]
    );
}

#[test]
fn qualified_homonyms_resolve_and_bare_ones_do_not() {
    assert_eq!(
        states("", "Die Messe findet in Frankfurt (Oder) statt.", None),
        [BB]
    );
    assert_eq!(
        states("", "Die Messe findet in Frankfurt an der Oder statt.", None),
        [BB]
    );
    assert_eq!(
        states("", "Die Messe findet in Frankfurt am Main statt.", None),
        [HE]
    );
    assert_eq!(
        states("", "Treffen in Halle (Saale) am Montag.", None),
        [ST]
    );
    assert_eq!(
        states("", "Treffen in Halle (Westf.) am Montag.", None),
        [NW]
    );
    assert_eq!(
        states("", "Ein Betrieb aus Brandenburg an der Havel.", None),
        [BB]
    );
    assert_eq!(
        states("", "Ein Betrieb in Neustadt an der Weinstraße.", None),
        [RP]
    );
    assert_eq!(
        states("", "Ein Betrieb in Neustadt an der Orla.", None),
        [TH]
    );
    assert_eq!(
        states("", "Ein Betrieb in Neustadt in Sachsen.", None),
        [SN]
    );
    assert!(states("", "Die Messe findet in Frankfurt statt.", None).is_empty());
    assert!(states("", "Ein Treffen in Neustadt.", None).is_empty());
}

#[test]
fn ambiguous_name_follows_the_source_prior_or_other_evidence() {
    assert_eq!(states("", "Ein Treffen in Halle.", Some(ST)), [ST]);
    assert_eq!(
        states(
            "",
            "Ein Treffen in Halle, danach in Bielefeld und Gütersloh.",
            None
        ),
        [NW]
    );
}

#[test]
fn dateline_outweighs_a_passing_mention() {
    let body = "POTSDAM – Das Land startet ein Programm. Vorbild war ein Projekt in Hessen.";
    let s = classifier().classify(&Document {
        title: "",
        body,
        source_state: None,
    });
    assert_eq!(s.states[0], BB, "{:#?}", s.reasons);
    for body in [
        "Magdeburg (md). Ein Text.",
        "Erfurt. Ein Text.",
        "POTSDAM – Ein Text.",
        "Schwerin: Ein Text.",
    ] {
        let r = classifier().classify(&Document {
            title: "",
            body,
            source_state: None,
        });
        assert!(
            r.reasons.iter().any(|x| x.contains("dateline")),
            "{body}: {:#?}",
            r.reasons
        );
    }
}

#[test]
fn source_state_is_a_prior_never_an_override() {
    let body = "München. Der Freistaat Bayern fördert Betriebe in Oberfranken und der Oberpfalz.";
    assert_eq!(states("", body, Some(ST)), [BY]);
    assert_eq!(states("", "Ein Text ohne Ortsangabe.", Some(ST)), [ST]);
}

#[test]
fn institutions_name_their_state() {
    assert_eq!(
        states("", "Im Landtag in Erfurt wurde debattiert.", None),
        [TH]
    );
    assert_eq!(
        states("", "Die Staatskanzlei Magdeburg teilte mit.", None),
        [ST]
    );
}

#[test]
fn umlaut_free_spellings_are_equal() {
    let a = classifier().classify(&Document {
        title: "Fachkraeftesicherung in Thueringen",
        body: "Die Fachkraefteinitiative in Thueringen traf sich.",
        source_state: None,
    });
    let b = classifier().classify(&Document {
        title: "Fachkräftesicherung in Thüringen",
        body: "Die Fachkräfteinitiative in Thüringen traf sich.",
        source_state: None,
    });
    assert!(a.relevant);
    assert_eq!((a.score, a.states), (b.score, b.states));
}

#[test]
fn passing_mention_of_the_shortage_is_not_relevant() {
    let r = classifier().classify(&Document {
        title: "Neue Umgehungsstraße in Stendal freigegeben",
        body: "Nach zwei Jahren Bauzeit ist die Umgehungsstraße fertig. Wegen des Fachkräftemangels \
               hatte sich die Baustelle verzögert. Der Verkehr rollt ab Montag.",
        source_state: Some(ST),
    });
    assert!(!r.relevant, "{:#?}", r.reasons);
    assert!(r.topics.is_empty());
}

#[test]
fn malformed_rules_name_file_line_and_key() {
    let text = "[relevance]\nthreshold = 4.0\ntitle_factor = 2.0\nrepeat_factor = 0.5\nmax_repeats = 3\ntopic_share = 0.5\n\
                [relevance.groups.strong]\nweight = 3.0\nterms = [\"gut\", \"a*b\"]\n";
    let err = Classifier::from_topics_str(text, "my.toml")
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref()
            .map(|e| e.starts_with("my.toml:9: relevance.groups.strong.terms:")),
        Some(true),
        "{err:?}"
    );

    let unknown_key = "[relevance]\nthreshold = 4.0\ntitle_factor = 2.0\nrepeat_factor = 0.5\nmax_repeats = 3\ntopic_share = 0.5\nbogus = 1\n[relevance.groups]\n";
    let err = Classifier::from_topics_str(unknown_key, "my.toml")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.starts_with("my.toml:7: bogus:"), "{err}");

    let unknown_topic = "[relevance]\nthreshold = 4.0\ntitle_factor = 2.0\nrepeat_factor = 0.5\nmax_repeats = 3\ntopic_share = 0.5\n[relevance.groups]\n\n[topics.wetter]\nthreshold = 1.0\n";
    let err = Classifier::from_topics_str(unknown_topic, "my.toml")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("topics.wetter") && err.contains("unknown topic"),
        "{err}"
    );

    let bad_threshold = "[relevance]\nthreshold = -1\ntitle_factor = 2.0\nrepeat_factor = 0.5\nmax_repeats = 3\ntopic_share = 0.5\n[relevance.groups]\n";
    let err = Classifier::from_topics_str(bad_threshold, "my.toml")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.starts_with("my.toml:2: relevance.threshold:"), "{err}");
}

#[test]
fn missing_rules_file_names_the_path() {
    let err = Classifier::from_topics_file(std::path::Path::new("/nonexistent/topics.toml"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.starts_with("/nonexistent/topics.toml: cannot read"),
        "{err}"
    );
}

#[test]
fn json_lines_pass_ids_through_and_report_bad_lines() {
    let input = "{\"id\": 7, \"title\": \"Fachkräftesicherung in Sachsen\", \"body\": \"Dresden. Die Fachkräfteallianz tagte.\"}\n\n\
                 not json\n{\"id\": \"x\", \"title\": \"t\", \"source_state\": \"XX\"}\n";
    let mut out = Vec::new();
    let result = classify_json_lines(classifier(), input.as_bytes(), &mut out);
    let text = String::from_utf8(out).unwrap_or_default();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0]["id"], 7);
    assert_eq!(lines[0]["relevant"], true);
    assert_eq!(lines[0]["states"], serde_json::json!(["SN"]));
    assert!(
        lines[1]["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("line 3: invalid JSON"))
    );
    assert_eq!(lines[2]["id"], "x");
    assert!(
        lines[2]["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("line 4: source_state"))
    );
    assert!(matches!(
        result,
        Err(ClassifyError::BadLines { count: 2, .. })
    ));
}
