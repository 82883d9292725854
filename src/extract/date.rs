//! The German date parser: dates as ministries and newspapers write them, in Europe/Berlin.

use chrono::{DateTime, Utc};

/// Parse text that is (or contains) a date as German press pages write it.
/// `now` anchors relative forms ("vor 2 Std.", "gestern").
pub fn parse_german_date(text: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    // Placeholder until the full parser lands: ISO 8601 and RFC 2822 only.
    let _ = now;
    let t = text.trim();
    DateTime::parse_from_rfc3339(t)
        .or_else(|_| DateTime::parse_from_rfc2822(t))
        .ok()
        .map(|d| d.with_timezone(&Utc))
}
