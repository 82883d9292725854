//! What one poll of one source did: the counts per outcome and, on failure, the source's
//! health — printed by `poll`, counted by the metrics, answered by the API's "poll now".

use std::fmt;

use serde::Serialize;

use crate::extract::Skipped;
use crate::store::ingest::IngestOutcome;

/// How many reasons for skipped entries a report keeps (all are logged).
const MAX_SKIP_REASONS: usize = 5;

/// What one poll of one source did; `poll` prints one of these per source.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct PollReport {
    pub source: String,
    pub new: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub duplicate: u32,
    pub irrelevant: u32,
    pub pruned: u32,
    /// Entries the source listed that could not be taken (no usable link, no title …).
    pub skipped: u32,
    /// Why, for the first few of them ("entry 3 (\"Titel\"): …").
    pub skip_reasons: Vec<String>,
    /// How the source was read when it is worth saying ("markup changed — read
    /// automatically …").
    pub notices: Vec<String>,
    /// The source answered 304 Not Modified.
    pub not_modified: bool,
    pub error: Option<String>,
    /// On failure: the source's health after this job.
    pub failures_in_a_row: u32,
    pub last_success: Option<String>,
    pub next_attempt_after: Option<String>,
}

impl PollReport {
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// Items the source delivered in this job, whatever became of them.
    pub fn total(&self) -> u32 {
        self.new + self.updated + self.unchanged + self.duplicate + self.irrelevant + self.pruned
    }

    /// Whether the job stored anything a feed shows (new or changed items, new
    /// republications): the cue to tell a WebSub hub.
    pub fn changed_feeds(&self) -> bool {
        self.new + self.updated + self.duplicate > 0
    }

    /// Counts the entries a job could not take, keeps the first reasons for the report
    /// and logs every one: nothing a source lists is dropped without a word.
    pub(crate) fn note_skipped(&mut self, source: &str, skipped: Vec<Skipped>) {
        for entry in skipped {
            tracing::warn!(source, skipped = %entry, "entry not taken");
            self.skipped += 1;
            if self.skip_reasons.len() < MAX_SKIP_REASONS {
                self.skip_reasons.push(entry.to_string());
            }
        }
    }

    pub(crate) fn count(&mut self, outcome: IngestOutcome) {
        match outcome {
            IngestOutcome::New => self.new += 1,
            IngestOutcome::Updated => self.updated += 1,
            IngestOutcome::Unchanged => self.unchanged += 1,
            IngestOutcome::Duplicate => self.duplicate += 1,
            IngestOutcome::Irrelevant => self.irrelevant += 1,
            IngestOutcome::Pruned => self.pruned += 1,
        }
    }

    pub const HEADER: &'static str =
        "SOURCE                               NEW  UPD  SAME  DUP  IRR  PRUNED  SKIP  STATUS";
}

impl PollReport {
    /// The report as `poll` prints it, its times in `zone` (the configured timezone), as
    /// the desk shows them.
    pub fn in_zone(&self, zone: chrono_tz::Tz) -> InZone<'_> {
        InZone { report: self, zone }
    }
}

/// A [`PollReport`] displayed with its times in a timezone; see [`PollReport::in_zone`].
pub struct InZone<'a> {
    report: &'a PollReport,
    zone: chrono_tz::Tz,
}

/// A stored RFC 3339 time in `zone`, e.g. `2026-12-07 09:30 CET`; text that is not such a
/// time is shown as it is.
fn local_time(text: &str, zone: chrono_tz::Tz) -> String {
    match chrono::DateTime::parse_from_rfc3339(text) {
        Ok(t) => t
            .with_timezone(&zone)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string(),
        Err(_) => text.to_string(),
    }
}

impl fmt::Display for PollReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.in_zone(chrono_tz::UTC).fmt(f)
    }
}

impl fmt::Display for InZone<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.report;
        let time = |t: &Option<String>| t.as_deref().map(|t| local_time(t, self.zone));
        let status = match (&r.error, r.not_modified) {
            (Some(e), _) => format!(
                "FAILED: {e} ({} in a row; last success: {}; scheduler retries after {})",
                r.failures_in_a_row,
                time(&r.last_success).as_deref().unwrap_or("never"),
                time(&r.next_attempt_after)
                    .as_deref()
                    .unwrap_or("its next slot"),
            ),
            (None, true) => "ok (not modified)".to_string(),
            (None, false) => "ok".to_string(),
        };
        write!(
            f,
            "{:<36} {:>4} {:>4} {:>5} {:>4} {:>4} {:>7} {:>5}  {}",
            r.source,
            r.new,
            r.updated,
            r.unchanged,
            r.duplicate,
            r.irrelevant,
            r.pruned,
            r.skipped,
            status
        )?;
        for notice in &r.notices {
            write!(f, "\n    note: {notice}")?;
        }
        for reason in &r.skip_reasons {
            write!(f, "\n    skipped {reason}")?;
        }
        let unlisted = r.skipped as usize - r.skip_reasons.len().min(r.skipped as usize);
        if unlisted > 0 {
            write!(
                f,
                "\n    … and {unlisted} more skipped (each one is in the log)"
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_the_configured_zone() {
        let report = PollReport {
            source: "ms-st".into(),
            error: Some("HTTP 503".into()),
            failures_in_a_row: 2,
            last_success: Some("2026-12-07T08:30:00Z".into()),
            next_attempt_after: Some("2026-07-01T10:05:00Z".into()),
            ..Default::default()
        };
        let shown = report.in_zone(chrono_tz::Europe::Berlin).to_string();
        assert!(
            shown.contains(
                "last success: 2026-12-07 09:30 CET; scheduler retries after 2026-07-01 12:05 CEST)"
            ),
            "{shown}"
        );
        assert!(!shown.contains("08:30"), "{shown}");
        let utc = report.to_string();
        assert!(utc.contains("last success: 2026-12-07 08:30 UTC;"), "{utc}");
    }
}
