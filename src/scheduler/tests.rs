use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::config::Config;

fn source(schedule: &str) -> Source {
    let text = format!(
        "[[source]]\nid = \"ms-st\"\nname = \"M\"\nkind = \"feed\"\nurl = \"https://example.org/rss\"\nschedule = \"{schedule}\"\n"
    );
    Config::parse(&text, Path::new("t.toml"))
        .unwrap()
        .sources
        .remove(0)
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

const BERLIN: Tz = chrono_tz::Europe::Berlin;

#[test]
fn daily_run_keeps_local_time_across_dst() {
    let s = source("0 3 * * *").schedule;
    // Spring forward (29 March 2026): 03:00 CET before, 03:00 CEST after.
    assert_eq!(
        next_run(&s, BERLIN, utc("2026-03-28T12:00:00Z")),
        Some(utc("2026-03-29T01:00:00Z"))
    );
    assert_eq!(
        next_run(&s, BERLIN, utc("2026-03-27T12:00:00Z")),
        Some(utc("2026-03-28T02:00:00Z"))
    );
    // Fall back (25 October 2026).
    assert_eq!(
        next_run(&s, BERLIN, utc("2026-10-24T12:00:00Z")),
        Some(utc("2026-10-25T02:00:00Z"))
    );
    assert_eq!(
        next_run(&s, BERLIN, utc("2026-10-23T12:00:00Z")),
        Some(utc("2026-10-24T01:00:00Z"))
    );
}

#[test]
fn half_hourly_runs_step_through_the_dst_gap() {
    let s = source("*/30 * * * *").schedule;
    // 01:30 CET is 00:30Z; the next local slot 02:00 does not exist that night, so the
    // run after 01:30 CET is 03:00 CEST = 01:00Z — thirty real minutes later.
    assert_eq!(
        next_run(&s, BERLIN, utc("2026-03-29T00:30:00Z")),
        Some(utc("2026-03-29T01:00:00Z"))
    );
}

#[test]
fn jitter_is_stable_bounded_and_spread() {
    let half_hourly = source("*/30 * * * *").schedule;
    let hourly = source("0 * * * *").schedule;
    let every_second = source("* * * * * *").schedule;
    let mut seen = std::collections::HashSet::new();
    for i in 0..200 {
        let id = format!("source-{i}");
        let j = jitter(&id, &half_hourly, BERLIN);
        assert!(j < Duration::from_secs(180), "{id}: {j:?}");
        assert_eq!(j, jitter(&id, &half_hourly, BERLIN));
        assert!(jitter(&id, &hourly, BERLIN) < Duration::from_secs(300));
        assert!(jitter(&id, &every_second, BERLIN) < Duration::from_millis(100));
        seen.insert(j.as_secs());
    }
    assert!(
        seen.len() > 100,
        "jitter does not spread sources: {} distinct seconds",
        seen.len()
    );
}

#[test]
fn missed_runs_after_downtime() {
    let s = source("*/30 * * * *").schedule;
    let now = utc("2026-11-25T10:10:00Z");
    assert!(missed_run(&s, BERLIN, None, now));
    assert!(missed_run(
        &s,
        BERLIN,
        Some(utc("2026-11-25T07:00:00Z")),
        now
    ));
    assert!(!missed_run(
        &s,
        BERLIN,
        Some(utc("2026-11-25T10:00:05Z")),
        now
    ));
}

/// A job that takes `duration` of (virtual) time, counts runs and overlapping runs, and
/// fails with a back-off when told to.
struct FakeJob {
    duration: Duration,
    runs: Arc<AtomicUsize>,
    in_flight: Arc<AtomicUsize>,
    max_in_flight: Arc<AtomicUsize>,
    fail_with_backoff: Option<chrono::Duration>,
    history: History,
    clock: Clock,
}

impl FakeJob {
    fn new(duration: Duration, clock: Clock) -> FakeJob {
        FakeJob {
            duration,
            runs: Arc::default(),
            in_flight: Arc::default(),
            max_in_flight: Arc::default(),
            fail_with_backoff: None,
            history: History {
                last_attempt: Some(clock.now()),
                not_before: None,
            },
            clock,
        }
    }
}

impl Job for FakeJob {
    async fn run(&self, source: &Source) -> PollReport {
        let now_running = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now_running, Ordering::SeqCst);
        tokio::time::sleep(self.duration).await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        self.runs.fetch_add(1, Ordering::SeqCst);
        let mut report = PollReport {
            source: source.id.clone(),
            ..Default::default()
        };
        if let Some(backoff) = self.fail_with_backoff {
            report.error = Some("HTTP 503".into());
            report.next_attempt_after = Some(crate::store::ts(self.clock.now() + backoff));
        }
        report
    }

    async fn history(&self, _: &Source) -> History {
        self.history.clone()
    }
}

#[tokio::test(start_paused = true)]
async fn a_source_never_runs_twice_at_once() {
    let clock = Clock::starting_at(utc("2026-11-25T10:00:00Z"));
    let job = FakeJob::new(Duration::from_millis(2500), clock);
    let (runs, max) = (job.runs.clone(), job.max_in_flight.clone());
    let src = source("* * * * * *");
    let scheduler = Scheduler::new(job, BERLIN, clock);
    let (tracker, shutdown) = (TaskTracker::new(), CancellationToken::new());
    scheduler.spawn_all(std::slice::from_ref(&src), &tracker, &shutdown);
    // Meanwhile, three "poll now" requests for the same source.
    let mut manual = Vec::new();
    for _ in 0..3 {
        let (s, src) = (scheduler.clone(), src.clone());
        manual.push(tokio::spawn(async move { s.poll_now(&src).await }));
        tokio::time::sleep(Duration::from_millis(700)).await;
    }
    for m in manual {
        m.await.unwrap();
    }
    tokio::time::sleep(Duration::from_secs(20)).await;
    shutdown.cancel();
    tracker.close();
    tracker.wait().await;
    assert_eq!(max.load(Ordering::SeqCst), 1, "two runs overlapped");
    assert!(
        runs.load(Ordering::SeqCst) >= 8,
        "runs: {}",
        runs.load(Ordering::SeqCst)
    );
}

#[tokio::test(start_paused = true)]
async fn failures_back_off_instead_of_hammering() {
    let clock = Clock::starting_at(utc("2026-11-25T10:00:00Z"));
    let mut job = FakeJob::new(Duration::from_millis(10), clock);
    job.fail_with_backoff = Some(chrono::Duration::seconds(60));
    let runs = job.runs.clone();
    let scheduler = Scheduler::new(job, BERLIN, clock);
    let (tracker, shutdown) = (TaskTracker::new(), CancellationToken::new());
    // Every 5 seconds: 36 slots in three minutes.
    scheduler.spawn_all(&[source("*/5 * * * * *")], &tracker, &shutdown);
    tokio::time::sleep(Duration::from_secs(180)).await;
    shutdown.cancel();
    tracker.close();
    tracker.wait().await;
    let n = runs.load(Ordering::SeqCst);
    assert!(
        (3..=4).contains(&n),
        "a failing source ran {n} times in 3 minutes with a 60 s back-off"
    );
}

#[tokio::test(start_paused = true)]
async fn downtime_gives_one_catch_up_run_not_a_burst() {
    let clock = Clock::starting_at(utc("2026-11-25T10:10:00Z"));
    let mut job = FakeJob::new(Duration::from_millis(10), clock);
    // Last attempt three hours ago: six half-hourly slots were missed.
    job.history.last_attempt = Some(utc("2026-11-25T07:10:00Z"));
    let runs = job.runs.clone();
    let scheduler = Scheduler::new(job, BERLIN, clock);
    let (tracker, shutdown) = (TaskTracker::new(), CancellationToken::new());
    scheduler.spawn_all(&[source("*/30 * * * *")], &tracker, &shutdown);
    // Within the first ten minutes (before the 10:30 slot plus jitter): exactly one run.
    tokio::time::sleep(Duration::from_secs(4 * 60)).await;
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    // Then the schedule goes on: 10:30 and 11:00.
    tokio::time::sleep(Duration::from_secs(55 * 60)).await;
    assert_eq!(runs.load(Ordering::SeqCst), 3);
    shutdown.cancel();
    tracker.close();
    tracker.wait().await;
}

#[tokio::test(start_paused = true)]
async fn shutdown_stops_waiting_loops() {
    let clock = Clock::starting_at(utc("2026-11-25T10:00:00Z"));
    let job = FakeJob::new(Duration::from_millis(10), clock);
    let scheduler = Scheduler::new(job, BERLIN, clock);
    let (tracker, shutdown) = (TaskTracker::new(), CancellationToken::new());
    scheduler.spawn_all(&[source("0 3 * * *")], &tracker, &shutdown);
    tokio::time::sleep(Duration::from_secs(1)).await;
    shutdown.cancel();
    tracker.close();
    tokio::time::timeout(Duration::from_secs(1), tracker.wait())
        .await
        .expect("loops did not stop");
}

/// A scheduler polling one source every minute with a job of `duration`, shut down as
/// soon as the first poll runs; returns the job's run counter and the stopped tracker.
async fn shut_down_during_a_poll(duration: Duration) -> (Arc<AtomicUsize>, TaskTracker) {
    let clock = Clock::starting_at(utc("2026-11-25T10:00:00Z"));
    let job = FakeJob::new(duration, clock);
    let (runs, in_flight) = (job.runs.clone(), job.in_flight.clone());
    let scheduler = Scheduler::new(job, BERLIN, clock);
    let (tracker, shutdown) = (TaskTracker::new(), CancellationToken::new());
    scheduler.spawn_all(&[source("* * * * *")], &tracker, &shutdown);
    // Advance virtual time until the poll is running (bounded: a day).
    let mut waited = 0;
    while in_flight.load(Ordering::SeqCst) == 0 {
        assert!(waited < 24 * 3600, "the poll never started");
        tokio::time::sleep(Duration::from_secs(1)).await;
        waited += 1;
    }
    shutdown.cancel();
    tracker.close();
    (runs, tracker)
}

#[tokio::test(start_paused = true)]
async fn shutdown_does_not_wait_out_a_stuck_poll() {
    // A poll that would take an hour (a server that never answers, retried).
    let (runs, tracker) = shut_down_during_a_poll(Duration::from_secs(3600)).await;
    let started = tokio::time::Instant::now();
    tokio::time::timeout(Duration::from_secs(3600), tracker.wait())
        .await
        .expect("loops did not stop");
    assert_eq!(started.elapsed(), SHUTDOWN_GRACE);
    assert_eq!(
        runs.load(Ordering::SeqCst),
        0,
        "the stuck poll was abandoned"
    );
}

#[tokio::test(start_paused = true)]
async fn shutdown_lets_a_poll_about_to_finish_finish() {
    let (runs, tracker) = shut_down_during_a_poll(Duration::from_secs(2)).await;
    tracker.wait().await;
    assert_eq!(
        runs.load(Ordering::SeqCst),
        1,
        "the poll was allowed to end"
    );
}

#[test]
fn start_summary_counts_sources_and_names_the_next_slot_in_local_time() {
    let mut hourly = source("0 * * * *");
    hourly.id = "stuendlich".into();
    let mut off = source("0 * * * *");
    off.id = "aus".into();
    off.enabled = false;
    let now = utc("2026-12-07T05:10:00Z");
    let summary = start_summary(&[hourly.clone(), off], BERLIN, now);
    let jitter = jitter(&hourly.id, &hourly.schedule, BERLIN);
    let at = utc("2026-12-07T06:00:00Z") + chrono::Duration::from_std(jitter).unwrap();
    let expected = format!(
        "polling 1 source (1 disabled): those due or never polled now, the next scheduled poll at {}",
        at.with_timezone(&BERLIN).format("%d.%m.%Y %H:%M:%S %Z")
    );
    assert_eq!(summary, expected);
    assert!(
        summary.contains("07.12.2026 07:"),
        "Berlin time, not UTC: {summary}"
    );
    assert_eq!(start_summary(&[], BERLIN, now), "no source to poll");
}
