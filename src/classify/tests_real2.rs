//! Round 3 of the real-news error categories (issue 24), in our own words: facet topics
//! that need a subject, measures that make a facet the subject, words of the field,
//! ceremonies and other everyday subjects, recruiting frames, and topics that need the
//! article to be about them.

use super::*;

use super::tests_real::{assert_irrelevant, assert_relevant};

fn has_topic(r: &Classification, slug: &str) -> bool {
    r.topics.iter().any(|t| t == slug)
}

fn said(r: &Classification, words: &str) -> bool {
    r.reasons.iter().any(|why| why.contains(words))
}

#[test]
fn a_cooperation_of_unrelated_bodies_is_no_subject() {
    let r = assert_irrelevant(
        "Vogelschutzverein und Wildpark: 15 Jahre Kooperation",
        "Seit fünfzehn Jahren arbeiten der Vogelschutzverein und der Wildpark zusammen. \
         Die Zusammenarbeit umfasst gemeinsame Führungen und die Rückkehr des Storchs \
         in die Flussaue. Gemeinsam mit Schulen bauten Mitarbeiter des Parks Nistkästen.",
    );
    assert!(said(&r, "facet topics"), "{:#?}", r.reasons);
}

#[test]
fn journeymens_release_ceremonies_are_no_subject() {
    for (title, body) in [
        (
            "Freisprechung in der Stadthalle",
            "Die Innung der Elektrohandwerke hat 40 Auszubildende nach bestandener \
             Gesellenprüfung freigesprochen. Die Gesellenbriefe überreichte der Obermeister.",
        ),
        (
            "Lossprechungsfeier: Junge Tischler erhalten ihre Urkunden",
            "Mit einer Feier hat die Kreishandwerkerschaft die Ausbildung von 25 Tischlern \
             abgeschlossen. Viele Azubis bleiben in ihren Betrieben.",
        ),
        (
            "Gesellenbrief für unseren Azubi",
            "Wir gratulieren unserem Anlagenmechaniker zur bestandenen Ausbildung. Er bleibt \
             uns als Geselle erhalten.",
        ),
    ] {
        assert_irrelevant(title, body);
    }
}

#[test]
fn apprentices_in_everyday_news_are_no_subject() {
    for (title, body) in [
        (
            "Lehrling bei Arbeit an Kreissäge verletzt",
            "Ein 18-jähriger Auszubildender hat sich in einer Schreinerei an der Hand verletzt. \
             Er kam mit schweren Verletzungen ins Krankenhaus.",
        ),
        (
            "Stadtwerke begrüßen neue Auszubildende",
            "Elf junge Menschen haben ihre Ausbildung bei den Stadtwerken begonnen. Der \
             Geschäftsführer hieß die neuen Azubis willkommen; das Haus bilde seine \
             Fachkräfte seit Jahren selbst aus.",
        ),
        (
            "Kammer ehrt die besten Azubis",
            "Bei der Bestenehrung erhielten 30 Prüfungsbeste ihre Urkunden. Die Präsidentin \
             dankte den Ausbildungsbetrieben.",
        ),
    ] {
        assert_irrelevant(title, body);
    }
}

#[test]
fn a_measure_up_front_makes_a_facet_the_subject() {
    let r = assert_relevant(
        "Kreis startet Pendler-Kampagne an Bahnhöfen",
        "An den Bahnhöfen des Kreises hängen seit Montag Plakate für Auspendler: Wer \
         täglich in die Großstadt fährt, soll Arbeitgeber vor Ort kennenlernen.",
    );
    assert!(has_topic(&r, "rueckkehr-pendler"), "{:#?}", r.reasons);
    assert!(said(&r, "measure"), "{:#?}", r.reasons);
}

#[test]
fn topics_need_a_word_of_the_field() {
    let r = assert_irrelevant(
        "Kreis nimmt weitere Geflüchtete aus der Ukraine auf",
        "Der Kreis hat 35 weitere Flüchtlinge aus der Ukraine aufgenommen. Sie wohnen \
         vorerst in einer Sporthalle, bis Wohnungen frei werden.",
    );
    assert!(said(&r, "without a word of the field"), "{:#?}", r.reasons);
}

#[test]
fn everyday_subjects_outweigh_a_mention_of_staff() {
    for (title, body) in [
        (
            "Zulieferer baut neues Werk am Autobahnkreuz",
            "Mit dem Spatenstich beginnt der Bau. Bis 2027 sollen 150 Arbeitsplätze \
             entstehen; gesucht werden Fachkräfte aus der Metallbranche.",
        ),
        (
            "Geburtsstation bleibt geschlossen",
            "Die Geburtsstation des Kreiskrankenhauses bleibt vorübergehend geschlossen, \
             weil Hebammen und Fachkräfte fehlen.",
        ),
    ] {
        assert_irrelevant(title, body);
    }
}

#[test]
fn recruiting_frames_state_the_subject() {
    for (title, body) in [
        (
            "Land fördert Netzwerkstellen für die Pflegeausbildung",
            "Das Land stellt 900.000 Euro für regionale Netzwerkstellen bereit. Sie sollen \
             zur Gewinnung von Pflegefachkräften beitragen.",
        ),
        (
            "Ministerin wirbt um Lehramtsabsolventen",
            "Wer als Referendar an eine Schule in einer ländlichen Region geht, erhält einen \
             Zuschlag. Die Ministerin wirbt um Lehramtsabsolventen aus anderen Ländern.",
        ),
        (
            "Heimweh-Aktion in Hamburger Kneipen",
            "Bierdeckel in Hamburger Kneipen fragen nach der Heimat an der Küste. Fach- und \
             Führungskräfte würden gebraucht, sagt die Agentur, die Rück- und \
             Zuwanderungswillige berät.",
        ),
        (
            "Minister: Geflüchtete kommen schneller in Arbeit",
            "Die Integration von Geflüchteten in den Arbeitsmarkt kommt voran, sagte der \
             Arbeitsminister am Dienstag.",
        ),
        (
            "Anerkennung ausländischer Bildungsabschlüsse für Erzieherinnen",
            "Wer im Ausland eine Ausbildung als Erzieherin abgeschlossen hat, kann sie prüfen \
             lassen. Die im Ausland erlangte Qualifikation wird mit der hiesigen verglichen.",
        ),
        (
            "Berufsinfobörse an der Oberschule",
            "Rund 200 Schülerinnen und Schüler nutzten die berufliche Orientierung: Betriebe \
             stellten Berufe vor und boten Praktika an.",
        ),
    ] {
        assert_relevant(title, body);
    }
}

#[test]
fn one_mention_of_training_is_no_training_topic() {
    let r = assert_relevant(
        "Welcome Center öffnet in der Altstadt",
        "Das Welcome Center berät internationale Fachkräfte bei Visum, Wohnungssuche und \
         Kita-Platz. Wer eine Ausbildung sucht, wird an die Kammern verwiesen.",
    );
    assert!(!has_topic(&r, "ausbildung"), "{:#?}", r.reasons);
    assert!(said(&r, "mention(s) of 2 needed"), "{:#?}", r.reasons);
}

#[test]
fn foreign_qualifications_are_recognition_not_immigration() {
    let r = assert_relevant(
        "Mehr Anträge auf Anerkennung",
        "Die Anerkennungsstelle prüfte im vergangenen Jahr 900 ausländische Abschlüsse. \
         Die meisten Antragstellenden leben schon lange im Land; ihre ausländischen \
         Zeugnisse wurden meist als gleichwertig bewertet.",
    );
    assert!(has_topic(&r, "anerkennung"), "{:#?}", r.reasons);
    assert!(!has_topic(&r, "zuwanderung"), "{:#?}", r.reasons);
}

#[test]
fn recruiting_from_other_states_and_abroad_is_immigration() {
    let r = assert_relevant(
        "Regionalkonferenz zur Fachkräftesicherung",
        "Die Region müsse Menschen aus dem In- und Ausland gewinnen, sagte der \
         Staatssekretär bei der Konferenz zur Fachkräftesicherung.",
    );
    assert!(has_topic(&r, "zuwanderung"), "{:#?}", r.reasons);
}

#[test]
fn presenting_a_plan_together_and_a_round_table_are_cooperation() {
    let r = assert_relevant(
        "Land stellt Fachkräftepaket vor",
        "Die Landesregierung präsentiert ihr Fachkräftepaket heute zusammen mit der \
         Arbeitsagentur. Arbeitgeber und Gewerkschaften saßen zuvor an einem Tisch.",
    );
    assert!(has_topic(&r, "kooperation"), "{:#?}", r.reasons);
}

#[test]
fn newcomers_alone_are_no_welcome_culture() {
    let r = assert_relevant(
        "Fachkräftestrategie des Landes",
        "Die Fachkräftestrategie setzt auf Ausbildung, Weiterbildung und darauf, dass \
         Zugewanderte schneller eine Arbeit finden.",
    );
    assert!(!has_topic(&r, "willkommenskultur"), "{:#?}", r.reasons);
}

#[test]
fn topic_limits_in_the_rules_file_are_checked() {
    let base = "[relevance]\nthreshold = 1.0\ntitle_factor = 2.0\nrepeat_factor = 0.5\n\
                max_repeats = 3\ntopic_share = 0.5\n[relevance.groups.strong]\nweight = 3.0\n\
                terms = [\"fachkräftesicherung\"]\n[topics.zuwanderung]\nthreshold = 2.0\n\
                strong = [\"zuwanderung\"]\n";
    let bad_yield = format!("{base}weak_yields_to = [\"wetter\"]\n");
    let err = Classifier::from_topics_str(&bad_yield, "t.toml")
        .err()
        .expect("an unknown topic is refused")
        .to_string();
    assert!(
        err.contains("topics.zuwanderung.weak_yields_to") && err.contains("unknown topic"),
        "{err}"
    );
    let bad_mentions = format!("{base}min_mentions = 0\n");
    let err = Classifier::from_topics_str(&bad_mentions, "t.toml")
        .err()
        .expect("zero mentions are refused")
        .to_string();
    assert!(err.contains("topics.zuwanderung.min_mentions"), "{err}");
}

#[test]
fn a_programmes_name_is_no_topic_of_its_own() {
    let r = assert_relevant(
        "IQ Netzwerk berät zur Anerkennung",
        "Das Netzwerk Integration durch Qualifizierung berät Menschen mit ausländischen \
         Abschlüssen zum Anerkennungsverfahren. Die Beratung ist kostenlos.",
    );
    assert!(has_topic(&r, "anerkennung"), "{:#?}", r.reasons);
    assert!(!has_topic(&r, "weiterbildung"), "{:#?}", r.reasons);
    assert!(!has_topic(&r, "willkommenskultur"), "{:#?}", r.reasons);
}

#[test]
fn a_practice_closing_without_a_successor_is_no_subject() {
    assert_irrelevant(
        "Landärztin findet keinen Nachfolger",
        "Nach 30 Jahren gibt die Landärztin ihre Praxis auf. Trotz Anzeigen meldete sich \
         niemand; die Patienten müssen in die Kreisstadt fahren. Fachkräfte fehlen überall.",
    );
}

#[test]
fn courses_of_fire_brigades_and_newcomers_are_everyday_news() {
    for (title, body) in [
        (
            "Weiterbildung für Feuerwehrleute",
            "Vierzehn Einsatzkräfte der Feuerwehr haben einen Lehrgang zur technischen \
             Hilfe abgeschlossen. Die Weiterbildung fand an der Landesschule statt.",
        ),
        (
            "Integrationskurs: 18 Teilnehmer erhalten Zertifikate",
            "Achtzehn Zugewanderte haben ihren Integrationskurs an der Volkshochschule \
             beendet. Die Kursleiterin lobte ihren Einsatz.",
        ),
    ] {
        assert_irrelevant(title, body);
    }
    // Volunteers who guide newcomers into work are part of a welcome culture.
    assert_relevant(
        "Ehrenamtliche Lotsen begleiten zugewanderte Fachkräfte",
        "Im Landkreis helfen ehrenamtliche Lotsen zugewanderten Fachkräften bei \
         Behördengängen und der Wohnungssuche. Beteiligt sind zehn Betriebe.",
    );
}

#[test]
fn a_trade_short_of_apprentices_with_a_plan_is_relevant_a_club_is_not() {
    assert_relevant(
        "Bauverband: Uns fehlen Jahr für Jahr 3.000 Lehrlinge",
        "Die Aufträge sind da, doch der Nachwuchs fehlt. Mit einer Offensive an \
         Realschulen und Gymnasien will der Verband mehr Jugendliche für eine Ausbildung \
         am Bau gewinnen.",
    );
    assert_irrelevant(
        "Schützenverein: Der Nachwuchs fehlt",
        "Beim Schützenfest klagte der Vorsitzende, dem Verein fehle der Nachwuchs. Junge \
         Menschen hätten andere Hobbys. Den Königsschuss setzte ein Landwirt.",
    );
}

#[test]
fn the_history_of_recruitment_is_no_programme_of_today() {
    assert_irrelevant(
        "Ausstellung erinnert an das Anwerbeabkommen mit Italien",
        "Vor 70 Jahren kamen die ersten Gastarbeiter aus Italien in die Stadt. Das \
         Stadtmuseum zeigt Fotos, Arbeitsverträge und Briefe der ersten Generation.",
    );
}
