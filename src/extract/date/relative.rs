//! Relative dates of news tickers — "vor 5 Minuten", "vor 2 Std.", "gestern, 14:20 Uhr" —
//! resolved against `now` in Berlin.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Duration, Utc};
use regex::Regex;

use super::{FoundDate, Zone, berlin_today, to_utc};

static AGO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\bvor\s+(\d{1,4}|einer|einem|ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn)\s*(sekunden?|sek\.?|minuten?|min\.?|stunden?|std\.?|h\b|tagen?|tag|wochen?)",
    )
    .expect("relative pattern compiles")
});

static DAY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(heute|gestern|vorgestern)\b(?:\s*,?\s*(?:um\s+)?(\d{1,2})[:.](\d{2})(?:\s*uhr)?)?",
    )
    .expect("day-word pattern compiles")
});

static JUST_NOW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(gerade eben|soeben|jetzt)\b").expect("pattern compiles"));

/// A relative date in `lowered`. Minutes and hours keep the time of day; "vor 3 Tagen"
/// and "gestern" without a time mean that day's local midnight, like any date-only value.
pub(super) fn parse(lowered: &str, now: DateTime<Utc>) -> Option<FoundDate> {
    if let Some(caps) = AGO.captures(lowered) {
        let amount = amount_of(caps.get(1)?.as_str())?;
        let unit = caps.get(2)?.as_str();
        return if unit.starts_with("sek") {
            exact(now, Duration::try_seconds(amount)?)
        } else if unit.starts_with("min") {
            exact(now, Duration::try_minutes(amount)?)
        } else if unit.starts_with("st") || unit == "h" {
            exact(now, Duration::try_hours(amount)?)
        } else if unit.starts_with("tag") {
            days_ago(now, amount, None)
        } else {
            days_ago(now, amount.checked_mul(7)?, None)
        };
    }
    if let Some(caps) = DAY_WORD.captures(lowered) {
        let days = match caps.get(1)?.as_str() {
            "heute" => 0,
            "gestern" => 1,
            _ => 2,
        };
        let time = match (caps.get(2), caps.get(3)) {
            (Some(h), Some(m)) => Some((h.as_str().parse().ok()?, m.as_str().parse().ok()?, 0)),
            _ => None,
        };
        return days_ago(now, days, time);
    }
    JUST_NOW.is_match(lowered).then_some(FoundDate {
        at: now,
        has_time: true,
    })
}

fn amount_of(word: &str) -> Option<i64> {
    let amount = match word {
        "ein" | "einer" | "einem" => 1,
        "zwei" => 2,
        "drei" => 3,
        "vier" => 4,
        "fünf" => 5,
        "sechs" => 6,
        "sieben" => 7,
        "acht" => 8,
        "neun" => 9,
        "zehn" => 10,
        digits => digits.parse().ok()?,
    };
    Some(amount)
}

fn exact(now: DateTime<Utc>, ago: Duration) -> Option<FoundDate> {
    Some(FoundDate {
        at: now.checked_sub_signed(ago)?,
        has_time: true,
    })
}

fn days_ago(now: DateTime<Utc>, days: i64, time: Option<(u32, u32, u32)>) -> Option<FoundDate> {
    let day = berlin_today(now)?.checked_sub_signed(Duration::try_days(days)?)?;
    to_utc(day.year(), day.month(), day.day(), time, Zone::Berlin)
}
