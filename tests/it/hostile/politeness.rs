//! Politeness seen from the server's clock: one request at a time per host, the interval
//! between starts, parallel hosts, and the global cap.

use super::*;

#[tokio::test]
async fn one_request_at_a_time_per_host() {
    let server = HostileServer::start(|_, _| {
        Reply::ok("text/html", "langsam").delayed(Duration::from_millis(250))
    })
    .await;
    let options = FetchOptions {
        host_interval: Duration::from_millis(50),
        ..quick_options()
    };
    let fetcher = fetcher(options);
    let urls: Vec<_> = (0..4)
        .map(|i| request(server.url(&format!("/p{i}"))))
        .collect();
    let results = futures_util::future::join_all(urls.iter().map(|r| fetcher.fetch(r))).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");

    let mut hits = server.hits();
    hits.sort_by_key(|h| h.started);
    assert_eq!(hits.len(), 4);
    for pair in hits.windows(2) {
        let previous_end = pair[0].finished.expect("answered");
        assert!(
            pair[1].started >= previous_end,
            "{} began before {} was answered",
            pair[1].path,
            pair[0].path
        );
    }
}

#[tokio::test]
async fn host_interval_separates_request_starts() {
    let server = HostileServer::start(|_, _| Reply::ok("text/html", "schnell")).await;
    let interval = Duration::from_millis(300);
    let options = FetchOptions {
        host_interval: interval,
        ..quick_options()
    };
    let fetcher = fetcher(options);
    let urls: Vec<_> = (0..4)
        .map(|i| request(server.url(&format!("/p{i}"))))
        .collect();
    let results = futures_util::future::join_all(urls.iter().map(|r| fetcher.fetch(r))).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");

    let mut starts: Vec<Instant> = server.hits().iter().map(|h| h.started).collect();
    starts.sort();
    for pair in starts.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= interval - CLOCK_SLACK, "gap of {gap:?}");
    }
}

#[tokio::test]
async fn two_hosts_are_fetched_in_parallel() {
    let slow =
        |_: &server::Hit, _| Reply::ok("text/html", "ok").delayed(Duration::from_millis(500));
    let first = HostileServer::start_on([127, 0, 0, 1].into(), slow).await;
    let second = HostileServer::start_on([127, 0, 0, 2].into(), slow).await;
    let options = FetchOptions {
        host_interval: Duration::from_secs(1),
        ..quick_options()
    };
    let fetcher = fetcher(options);
    let (a, b) = (request(first.url("/a")), request(second.url("/b")));
    let start = Instant::now();
    let (a, b) = tokio::join!(fetcher.fetch(&a), fetcher.fetch(&b));
    fetched(a);
    fetched(b);
    assert!(
        start.elapsed() < Duration::from_millis(900),
        "{:?}",
        start.elapsed()
    );
    let (a_start, b_start) = (first.hits()[0].started, second.hits()[0].started);
    let apart = a_start.max(b_start) - a_start.min(b_start);
    assert!(apart < Duration::from_millis(200), "starts {apart:?} apart");
}

#[tokio::test]
async fn global_cap_limits_parallel_hosts() {
    let slow =
        |_: &server::Hit, _| Reply::ok("text/html", "ok").delayed(Duration::from_millis(300));
    let first = HostileServer::start_on([127, 0, 0, 1].into(), slow).await;
    let second = HostileServer::start_on([127, 0, 0, 2].into(), slow).await;
    let options = FetchOptions {
        max_concurrency: 1,
        ..quick_options()
    };
    let fetcher = fetcher(options);
    let (a, b) = (request(first.url("/a")), request(second.url("/b")));
    let (a, b) = tokio::join!(fetcher.fetch(&a), fetcher.fetch(&b));
    fetched(a);
    fetched(b);
    let (a_hit, b_hit) = (&first.hits()[0], &second.hits()[0]);
    let (earlier, later) = if a_hit.started < b_hit.started {
        (a_hit, b_hit)
    } else {
        (b_hit, a_hit)
    };
    assert!(later.started >= earlier.finished.expect("answered"));
}
