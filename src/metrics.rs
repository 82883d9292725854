//! Counters for `/metrics` in the Prometheus text format: fetches and items by outcome,
//! fetch durations, feed requests. Plain atomics; the exposition is written by hand.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::report::PollReport;

const DURATION_BUCKETS: [f64; 10] = [0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];
const ITEM_OUTCOMES: [&str; 6] = [
    "new",
    "updated",
    "unchanged",
    "duplicate",
    "irrelevant",
    "pruned",
];
const FETCH_OUTCOMES: [&str; 3] = ["ok", "not_modified", "error"];
const FEED_FORMATS: [&str; 4] = ["rss", "atom", "json", "embed"];

#[derive(Default)]
pub struct Metrics {
    fetches: [AtomicU64; 3],
    items: [AtomicU64; 6],
    duration_buckets: [AtomicU64; 10],
    duration_count: AtomicU64,
    duration_sum_micros: AtomicU64,
    /// [format][0 = 200, 1 = 304]
    feed_requests: [[AtomicU64; 2]; 4],
}

impl Metrics {
    pub fn record_job(&self, report: &PollReport, took: Duration) {
        let outcome = match (&report.error, report.not_modified) {
            (Some(_), _) => 2,
            (None, true) => 1,
            (None, false) => 0,
        };
        self.fetches[outcome].fetch_add(1, Ordering::Relaxed);
        for (i, n) in [
            report.new,
            report.updated,
            report.unchanged,
            report.duplicate,
            report.irrelevant,
            report.pruned,
        ]
        .into_iter()
        .enumerate()
        {
            self.items[i].fetch_add(u64::from(n), Ordering::Relaxed);
        }
        let secs = took.as_secs_f64();
        for (i, bound) in DURATION_BUCKETS.iter().enumerate() {
            if secs <= *bound {
                self.duration_buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.duration_count.fetch_add(1, Ordering::Relaxed);
        self.duration_sum_micros.fetch_add(
            took.as_micros().min(u128::from(u64::MAX)) as u64,
            Ordering::Relaxed,
        );
    }

    /// A served feed or embed: `format` is rss, atom, json or embed.
    pub fn record_feed_request(&self, format: &str, not_modified: bool) {
        if let Some(i) = FEED_FORMATS.iter().position(|f| *f == format) {
            self.feed_requests[i][usize::from(not_modified)].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The exposition text; `failing_sources` and `items_stored` come from the database.
    pub fn render(&self, failing_sources: u32, items_stored: u64) -> String {
        let mut out = String::new();
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "# HELP presseradar_fetches_total Source jobs by outcome."
        );
        let _ = writeln!(out, "# TYPE presseradar_fetches_total counter");
        for (i, name) in FETCH_OUTCOMES.iter().enumerate() {
            let _ = writeln!(
                out,
                "presseradar_fetches_total{{outcome=\"{name}\"}} {}",
                get(&self.fetches[i])
            );
        }
        let _ = writeln!(
            out,
            "# HELP presseradar_items_total Extracted items by what ingest did with them."
        );
        let _ = writeln!(out, "# TYPE presseradar_items_total counter");
        for (i, name) in ITEM_OUTCOMES.iter().enumerate() {
            let _ = writeln!(
                out,
                "presseradar_items_total{{outcome=\"{name}\"}} {}",
                get(&self.items[i])
            );
        }
        let _ = writeln!(
            out,
            "# HELP presseradar_fetch_duration_seconds Duration of source jobs."
        );
        let _ = writeln!(out, "# TYPE presseradar_fetch_duration_seconds histogram");
        for (i, bound) in DURATION_BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "presseradar_fetch_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                get(&self.duration_buckets[i])
            );
        }
        let count = get(&self.duration_count);
        let _ = writeln!(
            out,
            "presseradar_fetch_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(
            out,
            "presseradar_fetch_duration_seconds_sum {}",
            get(&self.duration_sum_micros) as f64 / 1e6
        );
        let _ = writeln!(out, "presseradar_fetch_duration_seconds_count {count}");
        let _ = writeln!(
            out,
            "# HELP presseradar_failing_sources Sources whose last job failed."
        );
        let _ = writeln!(out, "# TYPE presseradar_failing_sources gauge");
        let _ = writeln!(out, "presseradar_failing_sources {failing_sources}");
        let _ = writeln!(
            out,
            "# HELP presseradar_items_stored Items in the database."
        );
        let _ = writeln!(out, "# TYPE presseradar_items_stored gauge");
        let _ = writeln!(out, "presseradar_items_stored {items_stored}");
        let _ = writeln!(
            out,
            "# HELP presseradar_feed_requests_total Feed and embed requests by format and answer."
        );
        let _ = writeln!(out, "# TYPE presseradar_feed_requests_total counter");
        for (i, format) in FEED_FORMATS.iter().enumerate() {
            for (j, status) in ["200", "304"].iter().enumerate() {
                let _ = writeln!(
                    out,
                    "presseradar_feed_requests_total{{format=\"{format}\",status=\"{status}\"}} {}",
                    get(&self.feed_requests[i][j])
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposition_counts_jobs_items_and_requests() {
        let m = Metrics::default();
        let ok = PollReport {
            new: 3,
            irrelevant: 2,
            ..Default::default()
        };
        let failed = PollReport {
            error: Some("HTTP 503".into()),
            ..Default::default()
        };
        m.record_job(&ok, Duration::from_millis(300));
        m.record_job(&failed, Duration::from_secs(12));
        m.record_feed_request("atom", false);
        m.record_feed_request("atom", true);
        m.record_feed_request("atom", true);
        let text = m.render(1, 42);
        for line in [
            "presseradar_fetches_total{outcome=\"ok\"} 1",
            "presseradar_fetches_total{outcome=\"error\"} 1",
            "presseradar_items_total{outcome=\"new\"} 3",
            "presseradar_items_total{outcome=\"irrelevant\"} 2",
            "presseradar_fetch_duration_seconds_bucket{le=\"0.5\"} 1",
            "presseradar_fetch_duration_seconds_bucket{le=\"30\"} 2",
            "presseradar_fetch_duration_seconds_count 2",
            "presseradar_failing_sources 1",
            "presseradar_items_stored 42",
            "presseradar_feed_requests_total{format=\"atom\",status=\"304\"} 2",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "missing {line:?} in\n{text}"
            );
        }
    }
}
