//! Retry timing: the backoff between attempts within one fetch, the server's Retry-After,
//! and the backoff between a failing source's scheduled jobs.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

/// The first delay [`backoff_after`] returns; it doubles with every further failure.
const SOURCE_BACKOFF_BASE: Duration = Duration::from_secs(5 * 60);
/// A source that keeps failing is still tried four times a day, so it heals on its own.
const SOURCE_BACKOFF_CAP: Duration = Duration::from_secs(6 * 60 * 60);

/// How long the scheduler waits before a source's next attempt after `consecutive_failures`
/// failed jobs in a row: nothing after none, then 5 min, 10 min, 20 min, … doubling up to a
/// cap of 6 h. Deterministic, so the sources view can show when the next try will be.
pub fn backoff_after(consecutive_failures: u32) -> Duration {
    if consecutive_failures == 0 {
        return Duration::ZERO;
    }
    let doublings = (consecutive_failures - 1).min(16);
    SOURCE_BACKOFF_BASE
        .saturating_mul(1 << doublings)
        .min(SOURCE_BACKOFF_CAP)
}

/// The pause before retry number `retry` (1 for the first retry) within one fetch:
/// `base · 2^(retry-1)`, with up to ±25 % jitter so that many jobs failing together do not
/// come back in lockstep.
pub fn attempt_delay(base: Duration, retry: u32) -> Duration {
    let exponential = base.saturating_mul(1 << retry.saturating_sub(1).min(10));
    let jitter = (random_unit() - 0.5) * 0.5;
    exponential.mul_f64(1.0 + jitter)
}

/// A number in [0, 1) that differs between calls; jitter needs no better randomness.
fn random_unit() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Parses a Retry-After value: delta seconds ("120") or an HTTP date
/// ("Wed, 21 Oct 2015 07:28:00 GMT"), relative to `now`. A date in the past means "now".
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(when.timestamp()).ok()?);
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_backoff_doubles_and_caps() {
        assert_eq!(backoff_after(0), Duration::ZERO);
        assert_eq!(backoff_after(1), Duration::from_secs(300));
        assert_eq!(backoff_after(2), Duration::from_secs(600));
        assert_eq!(backoff_after(3), Duration::from_secs(1200));
        assert_eq!(backoff_after(7), Duration::from_secs(320 * 60));
        assert_eq!(backoff_after(8), Duration::from_secs(6 * 3600));
        assert_eq!(backoff_after(u32::MAX), Duration::from_secs(6 * 3600));
        for n in 1..40 {
            assert!(backoff_after(n + 1) >= backoff_after(n));
        }
    }

    #[test]
    fn attempt_delay_grows_with_bounded_jitter() {
        let base = Duration::from_millis(400);
        for _ in 0..50 {
            let first = attempt_delay(base, 1);
            assert!(first >= Duration::from_millis(300) && first <= Duration::from_millis(500));
            let third = attempt_delay(base, 3);
            assert!(third >= Duration::from_millis(1200) && third <= Duration::from_millis(2000));
        }
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_000); // 2015-10-21 07:20 UTC
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(480))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("bald", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }
}
