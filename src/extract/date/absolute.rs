//! Absolute dates inside (lowercased) text: ISO 8601, "07.12.2025", "7. Dezember 2025",
//! each optionally followed by a time ("13:30 Uhr") and a zone ("+0100", "MESZ").

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, FixedOffset, Utc};
use regex::{Captures, Regex};

use super::{FoundDate, Zone, plausible, to_utc};

/// How much a caller trusts the text to be about a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Appetite {
    /// A date field: two-digit years are read ("7.12.25", RFC 2822's "27 Jan 23").
    Field,
    /// Running text: only four-digit years, since "3.4.25" there is as likely a
    /// paragraph number or a score as a date.
    RunningText,
}

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(z|[+-]\d{2}:?\d{2})?)?\b",
    )
    .expect("ISO pattern compiles")
});

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})\b").expect("numeric pattern compiles")
});

/// German month names and their abbreviations, plus the English ones RFC 2822 uses where
/// they differ; longer forms first so "september" is not read as "sep" + "tember".
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(\d{1,2})\.?\s*(januar|jänner|january|jan|februar|february|feb|märz|maerz|march|mär|mrz|mar|april|apr|mai|may|juni|june|jun|juli|july|jul|august|aug|september|sept|sep|oktober|october|okt|oct|november|nov|dezember|december|dez|dec)(?:\.|\b)\s*,?\s*(\d{4}|\d{2})\b",
    )
    .expect("named-month pattern compiles")
});

/// A time right after a date: "13:30", ", 13:30 Uhr", " - 13:30", " um 9.15 Uhr", " 14 Uhr".
static TIME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:,|-|–|—|\||/)?\s*(?:um\s+)?(\d{1,2})(?::(\d{2})(?::(\d{2}))?(?:\s*uhr\b)?|\.(\d{2})\s*uhr\b|\s*uhr\b)",
    )
    .expect("time pattern compiles")
});

static ZONE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(z|gmt|utc|ut|mesz|mez|cest|cet|[+-]\d{2}:?\d{2})\b")
        .expect("zone pattern compiles")
});

/// A whole string in RFC 2822 form as chrono reads it (English names, four-digit years).
pub(super) fn whole_rfc2822(text: &str) -> Option<FoundDate> {
    DateTime::parse_from_rfc2822(text).ok().map(|at| FoundDate {
        at: at.to_utc(),
        has_time: true,
    })
}

/// The earliest-placed valid, plausible date in `lowered`.
pub(super) fn first_in(lowered: &str, now: DateTime<Utc>, appetite: Appetite) -> Option<FoundDate> {
    let mut candidates: Vec<(usize, Option<FoundDate>)> = Vec::new();
    for caps in ISO.captures_iter(lowered) {
        candidates.push((start_of(&caps), iso(&caps)));
    }
    for caps in NUMERIC.captures_iter(lowered) {
        let found = day_month_year(&caps, lowered, now, appetite, |m| m.parse().ok());
        candidates.push((start_of(&caps), found));
    }
    for caps in NAMED.captures_iter(lowered) {
        let found = day_month_year(&caps, lowered, now, appetite, month_number);
        candidates.push((start_of(&caps), found));
    }
    candidates.sort_by_key(|(start, _)| *start);
    candidates
        .into_iter()
        .filter_map(|(_, found)| found)
        .find(|found| plausible(found.at, now))
}

fn start_of(caps: &Captures<'_>) -> usize {
    caps.get(0).map_or(usize::MAX, |m| m.start())
}

fn number(caps: &Captures<'_>, i: usize) -> Option<u32> {
    caps.get(i)?.as_str().parse().ok()
}

fn iso(caps: &Captures<'_>) -> Option<FoundDate> {
    let year = caps.get(1)?.as_str().parse().ok()?;
    let (month, day) = (number(caps, 2)?, number(caps, 3)?);
    let time = match (number(caps, 4), number(caps, 5)) {
        (Some(h), Some(m)) => Some((h, m, number(caps, 6).unwrap_or(0))),
        _ => None,
    };
    let zone = match caps.get(7) {
        Some(z) => zone_of(z.as_str())?,
        None => Zone::Berlin,
    };
    to_utc(year, month, day, time, zone)
}

/// "07.12.2025" and "7. Dezember 2025" share their tail: an optional time and zone.
fn day_month_year(
    caps: &Captures<'_>,
    lowered: &str,
    now: DateTime<Utc>,
    appetite: Appetite,
    month_of: fn(&str) -> Option<u32>,
) -> Option<FoundDate> {
    let day = number(caps, 1)?;
    let month = month_of(caps.get(2)?.as_str())?;
    let year_text = caps.get(3)?.as_str();
    let year = match (year_text.len(), appetite) {
        (4, _) => year_text.parse().ok()?,
        (2, Appetite::Field) => expand_two_digit_year(year_text.parse().ok()?, now),
        _ => return None,
    };
    let rest = &lowered[caps.get(0)?.end()..];
    let (time, rest) = time_after(rest);
    let zone = match time.and_then(|_| ZONE_AFTER.captures(rest)) {
        Some(z) => zone_of(z.get(1)?.as_str())?,
        None => Zone::Berlin,
    };
    to_utc(year, month, day, time, zone)
}

/// The time following a date, and the text after it. An impossible time (25:00) is
/// dropped rather than the whole date: the day is still right.
fn time_after(rest: &str) -> (Option<(u32, u32, u32)>, &str) {
    let Some(caps) = TIME_AFTER.captures(rest) else {
        return (None, rest);
    };
    let Some(hour) = number(&caps, 1) else {
        return (None, rest);
    };
    let minute = number(&caps, 2).or_else(|| number(&caps, 4)).unwrap_or(0);
    let second = number(&caps, 3).unwrap_or(0);
    let after = caps.get(0).map_or(rest, |m| &rest[m.end()..]);
    if hour > 23 || minute > 59 || second > 60 {
        return (None, rest);
    }
    (Some((hour, minute, second)), after)
}

/// "23" in 2026 means 2023; "99" means 1999 (and is then too old to be plausible).
fn expand_two_digit_year(two_digits: i32, now: DateTime<Utc>) -> i32 {
    let year = 2000 + two_digits;
    if year > now.year() + 1 {
        year - 100
    } else {
        year
    }
}

fn month_number(name: &str) -> Option<u32> {
    let month = match name {
        "januar" | "jänner" | "january" | "jan" => 1,
        "februar" | "february" | "feb" => 2,
        "märz" | "maerz" | "march" | "mär" | "mrz" | "mar" => 3,
        "april" | "apr" => 4,
        "mai" | "may" => 5,
        "juni" | "june" | "jun" => 6,
        "juli" | "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "oktober" | "october" | "okt" | "oct" => 10,
        "november" | "nov" => 11,
        "dezember" | "december" | "dez" | "dec" => 12,
        _ => return None,
    };
    Some(month)
}

/// A zone as written after a time; `None` for an offset no clock uses.
fn zone_of(text: &str) -> Option<Zone> {
    let hours = |h: i32| FixedOffset::east_opt(h * 3600).map(Zone::Fixed);
    match text {
        "z" | "gmt" | "utc" | "ut" => hours(0),
        "mez" | "cet" => hours(1),
        "mesz" | "cest" => hours(2),
        _ => {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            let sign = if text.starts_with('-') { -1 } else { 1 };
            let h: i32 = digits.get(..2)?.parse().ok()?;
            let m: i32 = digits.get(2..4)?.parse().ok()?;
            if h > 14 || m > 59 {
                return None;
            }
            FixedOffset::east_opt(sign * (h * 3600 + m * 60)).map(Zone::Fixed)
        }
    }
}
