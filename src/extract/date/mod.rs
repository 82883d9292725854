//! The German date parser: dates as ministries and newspapers write them, in Europe/Berlin.
//!
//! Two entry points with different appetites:
//! - [`parse_german_date`] reads a *date field* (a list page's date cell, a `<time>` value,
//!   a feed's pubDate): ISO 8601, RFC 2822 (also with two-digit years and German names),
//!   "07.12.2025", "7. Dezember 2025", "12.09.2025, 13:30 Uhr", and relative forms
//!   ("vor 2 Std.", "gestern, 14:20 Uhr") anchored at `now`.
//! - [`find_date_in_text`] searches *running text* (a teaser, an article body) and is
//!   stricter: only absolute dates with a four-digit year count, and relative words are
//!   ignored, because "heute" in a quote ("Die heutige Konferenz …", "heute beschlossen")
//!   says nothing about when the page was published.
//!
//! Local times are Europe/Berlin; a date without a time means local midnight. Impossible
//! dates and implausible years (before 1990, more than a year after `now`) yield `None`.

mod absolute;
mod relative;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;

/// The earliest year a press page in scope can plausibly carry.
const EARLIEST_YEAR: i32 = 1990;

/// Text longer than this is cut before searching: dates sit near the top of a page, and
/// a bound keeps a hostile multi-megabyte body from costing more than it must.
const MAX_SCAN_CHARS: usize = 20_000;

/// A date found in text, with whether the source gave a time of day. Scraping uses
/// `has_time` to decide which of two dates for the same article is the more precise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    pub at: DateTime<Utc>,
    pub has_time: bool,
}

/// Parse text that is (or contains) a date as German press pages write it.
/// `now` anchors relative forms ("vor 2 Std.", "gestern").
pub fn parse_german_date(text: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    parse_german_date_detail(text, now).map(|found| found.at)
}

/// Like [`parse_german_date`], also telling whether a time of day was given.
pub fn parse_german_date_detail(text: &str, now: DateTime<Utc>) -> Option<FoundDate> {
    let lowered = prepare(text)?;
    absolute::whole_rfc2822(text.trim())
        .filter(|found| plausible(found.at, now))
        .or_else(|| absolute::first_in(&lowered, now, absolute::Appetite::Field))
        .or_else(|| relative::parse(&lowered, now))
        .filter(|found| plausible(found.at, now))
}

/// Search running text for the first absolute date with a four-digit year.
/// Relative words are ignored (see the module documentation).
pub fn find_date_in_text(text: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    find_date_in_text_detail(text, now).map(|found| found.at)
}

/// Like [`find_date_in_text`], also telling whether a time of day was given.
pub fn find_date_in_text_detail(text: &str, now: DateTime<Utc>) -> Option<FoundDate> {
    let lowered = prepare(text)?;
    absolute::first_in(&lowered, now, absolute::Appetite::RunningText)
}

/// Lowercase, bounded copy of the input; `None` when there is nothing to read.
fn prepare(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    let bounded: String = trimmed.chars().take(MAX_SCAN_CHARS).collect();
    Some(bounded.to_lowercase().replace('\u{a0}', " "))
}

/// Years from 1990 up to a year after `now`: older dates are typos or archive noise,
/// later ones are mistyped years or event dates, not publication dates.
fn plausible(at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    use chrono::Datelike;
    let latest = now
        .checked_add_signed(Duration::days(365))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    at.year() >= EARLIEST_YEAR && at <= latest
}

/// The offset a date string named, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    /// No zone given: the wall clock in Berlin.
    Berlin,
    Fixed(FixedOffset),
}

/// Calendar date, optional time and zone → UTC, with Berlin's daylight-saving rules.
/// Returns `None` for impossible dates (31.02.) or times (25:00).
fn to_utc(
    year: i32,
    month: u32,
    day: u32,
    time: Option<(u32, u32, u32)>,
    zone: Zone,
) -> Option<FoundDate> {
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let clock = match time {
        Some((h, m, s)) => NaiveTime::from_hms_opt(h, m, s.min(59))?,
        None => NaiveTime::MIN,
    };
    let local = NaiveDateTime::new(date, clock);
    let at = match zone {
        Zone::Fixed(offset) => offset.from_local_datetime(&local).single()?.to_utc(),
        Zone::Berlin => berlin_to_utc(local)?,
    };
    Some(FoundDate {
        at,
        has_time: time.is_some(),
    })
}

/// Berlin wall-clock time → UTC. In the autumn overlap the earlier (summer-time) instant
/// is taken; a time in the spring gap (02:00–03:00 does not exist) is moved an hour on,
/// as a clock would be.
fn berlin_to_utc(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match Berlin.from_local_datetime(&local) {
        chrono::LocalResult::Single(at) => Some(at.to_utc()),
        chrono::LocalResult::Ambiguous(earlier, _) => Some(earlier.to_utc()),
        chrono::LocalResult::None => Berlin
            .from_local_datetime(&local.checked_add_signed(Duration::hours(1))?)
            .earliest()
            .map(|at| at.to_utc()),
    }
}

/// Today's calendar date in Berlin, for "heute" and "gestern".
/// `None` only at the very ends of chrono's range, where the local date does not exist.
fn berlin_today(now: DateTime<Utc>) -> Option<NaiveDate> {
    use chrono::Offset;
    let offset = Berlin.offset_from_utc_datetime(&now.naive_utc()).fix();
    now.naive_utc()
        .checked_add_offset(offset)
        .map(|local| local.date())
}

#[cfg(test)]
mod tests;
