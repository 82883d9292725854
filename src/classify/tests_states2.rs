//! Federal states on texts modelled on real news, round 15: a village name that is also a
//! town of another state, a first name that is also a village, a district's land by its
//! own name; where visitors came from and where a campaign courts workers.

use super::tests_states::states;
use crate::vocab::State::*;

#[test]
fn a_shortened_name_borne_by_a_municipality_of_another_state_is_ambiguous() {
    // "Breitenbrunn" is a Saxon municipality ("Breitenbrunn/Erzgeb.") and a Bavarian one:
    // a Saxon outlet's item about it is Saxon; with nothing else to go on it is neither.
    let title = "Gemeinde Breitenbrunn wirbt um Rückkehrer";
    let body = "Mit einem Begrüßungspaket und einer Jobbörse will die Gemeinde Fachkräfte \
                zurückholen, die fortgezogen sind.";
    assert_eq!(states(title, body, Some(SN)), [SN]);
    assert!(states(title, body, None).is_empty());
    // A village whose bare name a city ten times larger bears is left to the city.
    assert_eq!(
        states(
            "Welcome Center in Essen eröffnet",
            "Die Stadt Essen und die Kammer beraten internationale Fachkräfte.",
            None
        ),
        [NW]
    );
}

#[test]
fn a_first_name_that_is_also_a_village_is_no_place() {
    assert!(
        states(
            "Bundestag beschließt Fachkräfteeinwanderungsgesetz",
            "In Berlin sagte Linda Berger, das Gesetz sei ein Durchbruch für Betriebe, die \
             Fachkräfte aus Drittstaaten anwerben wollen.",
            None
        )
        .is_empty()
    );
}

#[test]
fn a_districts_land_by_its_own_name_tags_its_state() {
    assert_eq!(
        states(
            "Umfrage zum Fachkräftebedarf im Sankt Wendeler Land",
            "Die Wirtschaftsförderung befragt alle Betriebe, ein Bildungsverein aus Trier \
             wertet die Antworten aus.",
            None
        ),
        [SL]
    );
}

#[test]
fn where_visitors_and_delegations_came_from_is_not_what_the_article_is_about() {
    assert_eq!(
        states(
            "Kreis lädt zum zweiten Rückkehrertag nach Halberstadt",
            "Im vergangenen Jahr kamen 900 Besucher aus Bayern, Hessen und Sachsen-Anhalt \
             zum Rückkehrertag ins Rathaus, 60 Betriebe aus dem Landkreis Harz stellten sich \
             vor.",
            None
        ),
        [ST]
    );
    assert_eq!(
        states(
            "Jugendberufsagentur wird zum Vorbild",
            "Die Hamburger Jugendberufsagentur hat 2.000 Jugendlichen eine Lehrstelle \
             vermittelt. Delegationen aus Berlin und Bremen haben sich das Modell in Hamburg \
             schon angesehen.",
            None
        ),
        [HH]
    );
}

#[test]
fn where_a_campaign_courts_workers_from_is_not_what_the_article_is_about() {
    assert_eq!(
        states(
            "Neue Kampagne: Bremen sucht Erzieherinnen",
            "Das Bildungsressort startet eine Marketingkampagne, um Fachkräfte aus Thüringen, \
             Berlin und Sachsen nach Bremen und Bremerhaven zu locken.",
            None
        ),
        [HB]
    );
    assert_eq!(
        states(
            "Komm nach Oberfranken",
            "Die Entwicklungsagentur in Bayreuth will Fachkräfte in die Region holen. Künftig \
             soll es Werbekampagnen in den Grenzregionen von Sachsen und Thüringen geben.",
            None
        ),
        [BY]
    );
}
