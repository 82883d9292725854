//! Unit tests of the date parser: every form German press pages use, and the ones they must not.

use chrono::{DateTime, Utc};

use super::*;

/// Wednesday, 10 December 2025, 13:00 in Berlin (winter time, UTC+1).
fn now() -> DateTime<Utc> {
    utc("2025-12-10T12:00:00Z")
}

fn utc(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .expect("test timestamp is valid")
        .to_utc()
}

fn parsed(text: &str) -> Option<String> {
    parse_german_date(text, now()).map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

fn found(text: &str) -> Option<String> {
    find_date_in_text(text, now()).map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

#[track_caller]
fn check(text: &str, expected: &str) {
    assert_eq!(parsed(text).as_deref(), Some(expected), "input {text:?}");
}

#[test]
fn numeric_dates_mean_berlin_midnight() {
    check("07.12.2025", "2025-12-06T23:00:00Z");
    check("7.12.25", "2025-12-06T23:00:00Z");
    check("Sonntag, 07.12.2025", "2025-12-06T23:00:00Z");
    check("  07. 12. 2025 ", "2025-12-06T23:00:00Z");
    check("Stand: 1.7.2025", "2025-06-30T22:00:00Z");
}

#[test]
fn month_names_and_abbreviations() {
    check("7. Dezember 2025", "2025-12-06T23:00:00Z");
    check("07. Dez. 2025", "2025-12-06T23:00:00Z");
    check("3. Nov. 2025", "2025-11-02T23:00:00Z");
    check("3. November 2025", "2025-11-02T23:00:00Z");
    check("12. März 2025", "2025-03-11T23:00:00Z");
    check("12. Maerz 2025", "2025-03-11T23:00:00Z");
    check("12. März. 2025", "2025-03-11T23:00:00Z");
    check("12. Mrz 2025", "2025-03-11T23:00:00Z");
    check("1. Mai 2025", "2025-04-30T22:00:00Z");
    check("30. Sept. 2025", "2025-09-29T22:00:00Z");
    check("15. Okt 2025", "2025-10-14T22:00:00Z");
    check("DIENSTAG, 2. SEPTEMBER 2025", "2025-09-01T22:00:00Z");
}

#[test]
fn dates_with_times() {
    check("12.09.2025, 13:30 Uhr", "2025-09-12T11:30:00Z");
    check("12.09.2025 - 13:30", "2025-09-12T11:30:00Z");
    check("12.09.2025 13:30:15", "2025-09-12T11:30:15Z");
    check("07.12.2025 um 9.15 Uhr", "2025-12-07T08:15:00Z");
    check("7. Dezember 2025, 14 Uhr", "2025-12-07T13:00:00Z");
    check("07.12.2025 | 10:00", "2025-12-07T09:00:00Z");
}

#[test]
fn impossible_time_keeps_the_day() {
    check("07.12.2025, 25:00 Uhr", "2025-12-06T23:00:00Z");
}

#[test]
fn dates_inside_sentences() {
    check("Potsdam, 31. August 2022.", "2022-08-30T22:00:00Z");
    check("Erschienen am 31.01.2025", "2025-01-30T23:00:00Z");
    check(
        "Pressemitteilung Nr. 123/2025 vom 04.11.2025",
        "2025-11-03T23:00:00Z",
    );
}

#[test]
fn summer_and_winter_offsets() {
    // Summer time: UTC+2.
    check("15.07.2025, 12:00 Uhr", "2025-07-15T10:00:00Z");
    // Winter time: UTC+1.
    check("15.01.2025, 12:00 Uhr", "2025-01-15T11:00:00Z");
}

#[test]
fn dst_gap_and_overlap_do_not_panic() {
    // 30 March 2025, 02:30 does not exist in Berlin; the clock jumps to 03:30 (UTC+2).
    check("30.03.2025, 02:30 Uhr", "2025-03-30T01:30:00Z");
    // 26 October 2025, 02:30 happens twice; the first (summer-time) instant is taken.
    check("26.10.2025, 02:30 Uhr", "2025-10-26T00:30:00Z");
    check("2025-03-30T02:30:00", "2025-03-30T01:30:00Z");
}

#[test]
fn iso_8601() {
    check("2025-12-07T10:15:00+01:00", "2025-12-07T09:15:00Z");
    check("2025-12-07T10:15:00Z", "2025-12-07T10:15:00Z");
    check("2025-12-07T10:15:00.123+0100", "2025-12-07T09:15:00Z");
    check("2025-07-07T10:15:00", "2025-07-07T08:15:00Z");
    check("2025-07-07 10:15", "2025-07-07T08:15:00Z");
    check("2025-12-07", "2025-12-06T23:00:00Z");
}

#[test]
fn rfc_2822() {
    check("Sun, 07 Dec 2025 10:00:00 +0100", "2025-12-07T09:00:00Z");
    check("Sun, 07 Dec 2025 10:00:00 GMT", "2025-12-07T10:00:00Z");
    // Two-digit year, as a ministry feed really sends it.
    check("Fri, 27 Jan 23 10:13:55 +0100", "2023-01-27T09:13:55Z");
    // German weekday and month names in the same shape.
    check("So, 07 Dez 2025 10:00:00 +0100", "2025-12-07T09:00:00Z");
    check("Mo, 15 Sep 2025 08:00:00 MESZ", "2025-09-15T06:00:00Z");
    check("Di, 3 Mär 2025 08:00:00", "2025-03-03T07:00:00Z");
}

#[test]
fn relative_forms() {
    check("vor 2 Std.", "2025-12-10T10:00:00Z");
    check("vor 5 Minuten", "2025-12-10T11:55:00Z");
    check("vor 1 Min.", "2025-12-10T11:59:00Z");
    check("vor einer Stunde", "2025-12-10T11:00:00Z");
    check("vor 3 Tagen", "2025-12-06T23:00:00Z");
    check("vor 2 Wochen", "2025-11-25T23:00:00Z");
    check("heute", "2025-12-09T23:00:00Z");
    check("Heute, 09:05 Uhr", "2025-12-10T08:05:00Z");
    check("gestern", "2025-12-08T23:00:00Z");
    check("gestern, 14:20 Uhr", "2025-12-09T13:20:00Z");
    check("vorgestern", "2025-12-07T23:00:00Z");
}

#[test]
fn relative_day_follows_berlin_calendar() {
    // 23:30 UTC on 9 December is already 10 December in Berlin.
    let late = utc("2025-12-09T23:30:00Z");
    assert_eq!(
        parse_german_date("gestern", late),
        Some(utc("2025-12-08T23:00:00Z"))
    );
}

#[test]
fn impossible_dates_are_rejected() {
    for text in [
        "31.02.2025",
        "30. Februar 2025",
        "12.13.2025",
        "00.12.2025",
        "2025-13-01",
        "2025-02-30",
        "32.01.2025",
    ] {
        assert_eq!(parsed(text), None, "input {text:?}");
    }
}

#[test]
fn implausible_years_are_rejected() {
    for text in [
        "07.12.1989",
        "1. Januar 1900",
        "07.12.2027",
        "2031-01-01",
        "vor 9999 Wochen",
    ] {
        assert_eq!(parsed(text), None, "input {text:?}");
    }
    // Within a year from now is still fine (announced embargo dates happen).
    check("01.06.2026", "2026-05-31T22:00:00Z");
}

#[test]
fn an_impossible_date_does_not_hide_a_later_real_one() {
    check(
        "Az. 31.02.2025 – veröffentlicht 04.11.2025",
        "2025-11-03T23:00:00Z",
    );
}

#[test]
fn detail_reports_time_precision() {
    let day = parse_german_date_detail("07.12.2025", now()).expect("a date");
    assert!(!day.has_time);
    let timed = parse_german_date_detail("07.12.2025, 10:00 Uhr", now()).expect("a date");
    assert!(timed.has_time);
    let iso = parse_german_date_detail("2025-12-07T10:00:00Z", now()).expect("a date");
    assert!(iso.has_time);
}

#[test]
fn text_search_is_stricter_than_field_parsing() {
    // Two-digit years and relative words are field forms only.
    assert_eq!(found("Die heutige Konferenz, heute beschlossen."), None);
    assert_eq!(found("vor 3 Tagen"), None);
    assert_eq!(found("Punkt 3.4.25 der Tagesordnung"), None);
    assert!(parsed("7.12.25").is_some());
    // A full date inside a long teaser is found, the first one wins.
    assert_eq!(
        found("Magdeburg. Am 31. August 2022 trafen sich … Das nächste Treffen ist am 12.10.2022.")
            .as_deref(),
        Some("2022-08-30T22:00:00Z")
    );
    assert_eq!(
        found("Sonntag, 07.12.2025 Magdeburg (md). Um die Vernetzung zu stärken").as_deref(),
        Some("2025-12-06T23:00:00Z")
    );
}

#[test]
fn nothing_to_find() {
    for text in [
        "",
        "   ",
        "Pressemitteilung",
        "Fachkräfte für Sachsen-Anhalt",
        "12:30 Uhr",
    ] {
        assert_eq!(parsed(text), None, "input {text:?}");
        assert_eq!(found(text), None, "input {text:?}");
    }
}

#[test]
fn odd_input_never_panics() {
    let huge_number = "9".repeat(5000);
    let long_text = "07.12.2025 ".repeat(10_000);
    let odd: Vec<String> = vec![
        String::new(),
        "0".into(),
        "12345678901234567890".into(),
        huge_number,
        long_text,
        "99.99.9999 99:99:99".into(),
        "2025-99-99T99:99:99+99:99".into(),
        "2025-12-07T10:00:00+15:00".into(),
        "Fri, 99 Foo 99999 99:99:99 +9999".into(),
        "vor 99999999999999999999 Tagen".into(),
        "vor 9999 Std.".into(),
        "gestern, 99:99 Uhr".into(),
        "ä€😀\u{0}\u{feff}\u{202e}".into(),
        "٠٧.١٢.٢٠٢٥".into(),
        "7.\u{a0}Dezember\u{a0}2025".into(),
        "İİİ 7. Dezember 2025".into(),
        "....::::----".into(),
        "-1.-1.-2025".into(),
        "31.12.9999, 23:59 Uhr".into(),
        "01.01.0000".into(),
    ];
    for text in &odd {
        let _ = parse_german_date(text, now());
        let _ = find_date_in_text(text, now());
    }
    let edge_nows = [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC];
    for edge in edge_nows {
        for text in [
            "vor 5 Minuten",
            "gestern",
            "vor 3 Tagen",
            "07.12.2025",
            "7.12.25",
        ] {
            let _ = parse_german_date(text, edge);
        }
    }
    // Non-breaking spaces are ordinary spaces here.
    check("7.\u{a0}Dezember\u{a0}2025", "2025-12-06T23:00:00Z");
}
