//! Real-news error categories of round 19 (issue 24), in our own words: measures that
//! court recruits for one profession without a word of ours — the police seeking
//! recruits, a supplement luring trainee teachers, stipends for midwives, a programme for
//! family doctors — and what the same words say elsewhere: police recruits sworn in, the
//! police warning of fraudsters who lure, a reward for witnesses, a Swiss shortage, a
//! pandemic bonus. And regions courting skilled workers with image campaigns, where a
//! campaign about something else is no courting.

use super::tests_real::{assert_irrelevant, assert_relevant};
use super::{Classifier, Document};

#[test]
fn the_police_seeking_recruits_with_a_campaign_is_a_measure() {
    let r = assert_relevant(
        "Polizei Sachsen-Anhalt sucht Nachwuchs mit Plakaten und Videos",
        "In Magdeburg hat die Innenministerin die neue Kampagne vorgestellt: Junge Leute \
         zwischen 16 und 30 sollen sich für den Dienst bei der Polizei bewerben. Jedes Jahr \
         stellt das Land 700 Anwärterinnen und Anwärter ein, doch die Zahl der Bewerbungen \
         sinkt.",
    );
    assert!(
        (r.reasons.iter()).any(|x| x.contains("'polizei*' is the employer courting recruits")),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn a_supplement_luring_trainee_teachers_is_a_measure() {
    assert_relevant(
        "Thüringen lockt Referendare mit Zulage an Schulen im Osten",
        "Wer den Vorbereitungsdienst an einer Schule in einer Region mit vielen offenen \
         Stellen ableistet, bekommt künftig 800 Euro mehr im Monat. Das hat das Kabinett in \
         Erfurt beschlossen.",
    );
}

#[test]
fn a_districts_stipends_for_midwives_are_a_measure() {
    assert_relevant(
        "Kreis Herford zahlt Stipendien für angehende Hebammen",
        "Vier junge Frauen bekommen vom Kreis während ihres Studiums in Bielefeld 500 Euro im \
         Monat. Im Gegenzug arbeiten sie danach drei Jahre in der Geburtshilfe im Kreisgebiet.",
    );
}

#[test]
fn villages_funding_family_doctors_who_settle_is_a_measure() {
    assert_relevant(
        "Förderprogramm für Hausärzte im Hunsrück",
        "Siebzehn Ortsgemeinden in Rheinland-Pfalz legen gemeinsam 50.000 Euro zurück. Das \
         Geld soll Ärztinnen und Ärzten helfen, die in einem der Dörfer eine Praxis eröffnen.",
    );
}

#[test]
fn police_recruits_sworn_in_are_a_ceremony() {
    assert_irrelevant(
        "Polizei begrüßt Nachwuchs: 250 Anwärter legen Diensteid ab",
        "Im Schlosshof in Schwerin haben 250 junge Polizistinnen und Polizisten ihren \
         Diensteid abgelegt. Der Innenminister gratulierte, das Landespolizeiorchester \
         spielte, Familien feierten mit.",
    );
}

#[test]
fn the_police_warning_of_fraudsters_who_lure_is_a_police_report() {
    assert_irrelevant(
        "Betrüger locken Senioren mit falschen Gewinnen – Polizei in Kassel warnt",
        "Am Telefon versprechen Unbekannte hohe Gewinne und verlangen vorher Gebühren. Die \
         Polizei in Nordhessen rät, sofort aufzulegen.",
    );
}

#[test]
fn doctors_courted_abroad_are_no_measure_of_ours() {
    let r = assert_irrelevant(
        "Bergdörfer locken Hausärzte mit Praxisräumen",
        "In den Kantonen Uri und Nidwalden kommen auf einen Hausarzt doppelt so viele \
         Menschen wie in Zürich. Die Gemeinden bieten jungen Ärztinnen nun Räume zur Miete an.",
    );
    assert!(
        (r.reasons.iter()).any(|x| x.ends_with("but no German state named")),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn a_pandemic_bonus_paid_to_nurses_is_no_recruiting() {
    assert_irrelevant(
        "Corona-Prämie für Pflegekräfte in Bayern ausgezahlt",
        "Mehr als 300.000 Pflegekräfte in bayerischen Kliniken und Heimen haben den \
         einmaligen Bonus von 500 Euro erhalten, teilte das Gesundheitsministerium in München \
         mit.",
    );
}

#[test]
fn a_districts_image_campaign_for_skilled_workers_to_move_there_is_a_measure() {
    let r = assert_relevant(
        "Komm in die Uckermark: Landkreis startet Imagekampagne",
        "Mit Plakaten in Berliner S-Bahnhöfen und einem Film will der Landkreis in \
         Brandenburg Fachkräfte und junge Familien zum Umzug bewegen. Eine Lotsin hilft bei \
         Wohnung, Kita und Job.",
    );
    assert!(
        (r.reasons.iter()).any(|x| x.contains("skilled workers courted to a region up front")),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn a_road_safety_campaign_courts_no_skilled_workers() {
    assert_irrelevant(
        "Neue Kampagne gegen Raser auf der B 96",
        "Mit Bannern an der Strecke wirbt der Landkreis Oberhavel in Brandenburg für mehr \
         Rücksicht. Viele Fachkräfte aus Berlin nutzen die Straße täglich.",
    );
}

const FRAME: &str = r#"
[relevance]
threshold = 4.0
title_factor = 2.0
repeat_factor = 0.5
max_repeats = 3
topic_share = 0.5
anchor_weight = 1.5
strong_weight = 3.0
[relevance.groups.other_subject]
weight = -1.5
terms = ["polizei*"]
[[relevance.recruiting]]
weight = 2.5
professions = ["polizei*"]
means = ["nachwuchs"]
"#;

fn classify(rules: &str, title: &str, body: &str) -> super::Classification {
    let c = Classifier::from_topics_str(rules, "frame.toml").expect("valid test rules");
    c.classify(&Document {
        title,
        body,
        source_state: None,
    })
}

#[test]
fn a_frame_of_a_rules_file_weighs_as_written_in_the_headline() {
    // In the headline and the lead: 2.5 × (2 + 1); the police as employer weigh nothing.
    let r = classify(
        FRAME,
        "Polizei sucht Nachwuchs",
        "Die Polizei in Hessen stellt 800 junge Leute ein.",
    );
    assert!(r.relevant, "{:#?}", r.reasons);
    assert_eq!(r.score, 7.5, "{:#?}", r.reasons);
    // Only in the lead: 2.5, under the threshold.
    let r = classify(
        FRAME,
        "Neues aus Hessen",
        "Die Polizei in Hessen sucht Nachwuchs.",
    );
    assert!(!r.relevant, "{:#?}", r.reasons);
    assert_eq!(r.score, 2.5, "{:#?}", r.reasons);
}

#[test]
fn a_frame_without_professions_or_means_is_refused_with_its_line() {
    for (good, bad) in [
        (r#"professions = ["polizei*"]"#, "professions = []"),
        (r#"means = ["nachwuchs"]"#, "means = []"),
        ("weight = 2.5", "weight = 0.0"),
        ("weight = 2.5", "label = \" \"\nweight = 2.5"),
        ("weight = 2.5", "topics = [\"fachkraefte\"]\nweight = 2.5"),
        (
            "weight = 2.5",
            "means_of = \"a profession courted\"\nweight = 2.5",
        ),
        (r#"means = ["nachwuchs"]"#, "means_of = \"no such frame\""),
    ] {
        let rules = FRAME.replace(good, bad);
        let err = Classifier::from_topics_str(&rules, "frame.toml")
            .err()
            .expect("a broken frame is refused")
            .to_string();
        let key = bad.split([' ', '\n']).next().unwrap_or_default();
        assert!(
            err.contains(&format!("relevance.recruiting.{key}")) && err.contains("frame.toml:"),
            "{err}"
        );
    }
}

#[test]
fn a_frame_may_share_an_earlier_frames_means() {
    // The second frame courts teachers with the police frame's words.
    let rules = format!(
        "{FRAME}[[relevance.recruiting]]\nlabel = \"teachers\"\nweight = 2.5\n\
         professions = [\"lehrer\"]\nmeans_of = \"a profession courted\"\n"
    );
    let r = classify(
        &rules,
        "Hessen sucht Nachwuchs",
        "Lehrer werden überall gebraucht.",
    );
    assert!(
        (r.reasons.iter()).any(|x| x.contains("teachers up front ('lehrer', 'nachwuchs')")),
        "{:#?}",
        r.reasons
    );
}
