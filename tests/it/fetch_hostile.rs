//! The fetcher against a hostile loopback server: every limit, retry, politeness and
//! charset rule shown on the wire, with the server's own timestamps as the witness.

#[path = "hostile/server.rs"]
mod server;

#[path = "hostile/charset.rs"]
mod charset;
#[path = "hostile/politeness.rs"]
mod politeness;

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use presseradar::fetch::{
    FetchError, FetchOptions, FetchOutcome, FetchRequest, Fetched, Fetcher, xml_as_utf8,
};
use server::{HostileServer, Reply};
use tokio::time::Instant;

const MIB: u64 = 1024 * 1024;
/// Server timestamps are taken after the request head arrives, a hair after the client's
/// turn began; this much slack keeps the interval checks honest but not flaky.
const CLOCK_SLACK: Duration = Duration::from_millis(25);

fn quick_options() -> FetchOptions {
    FetchOptions {
        max_body_bytes: MIB,
        host_interval: Duration::ZERO,
        connect_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_millis(1500),
        stall_timeout: Duration::from_millis(700),
        retry_base_delay: Duration::from_millis(50),
        ..FetchOptions::new("https://example.org/presseradar-test")
    }
}

fn fetcher(options: FetchOptions) -> Fetcher {
    Fetcher::with_options(options).expect("client builds")
}

fn request(url: url::Url) -> FetchRequest {
    FetchRequest {
        url,
        etag: None,
        last_modified: None,
        obey_robots: false,
    }
}

fn fetched(outcome: Result<FetchOutcome, FetchError>) -> Fetched {
    match outcome {
        Ok(FetchOutcome::Fetched(fetched)) => fetched,
        other => panic!("expected a body, got {other:?}"),
    }
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/fetch/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

#[tokio::test]
async fn slow_drip_body_times_out_within_the_total_timeout() {
    let server = HostileServer::start(|_, _| Reply::Drip {
        every: Duration::from_millis(200),
    })
    .await;
    let options = quick_options();
    let total = options.request_timeout;
    let start = Instant::now();
    let result = fetcher(options).fetch(&request(server.url("/drip"))).await;
    let elapsed = start.elapsed();
    match result {
        Err(err @ FetchError::Timeout { .. }) => {
            assert!(err.to_string().ends_with("timed out after 1.5 s"), "{err}")
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(
        elapsed >= total && elapsed < total + Duration::from_millis(500),
        "{elapsed:?}"
    );
    assert_eq!(server.hits().len(), 1, "a timeout is not retried");
}

#[tokio::test]
async fn silent_body_stalls_before_the_total_timeout() {
    let server = HostileServer::start(|_, _| Reply::Silent).await;
    let start = Instant::now();
    let result = fetcher(quick_options())
        .fetch(&request(server.url("/silent")))
        .await;
    assert!(
        matches!(result, Err(FetchError::Stalled { .. })),
        "expected a stall, got {result:?}"
    );
    assert!(start.elapsed() < Duration::from_millis(1200));
}

#[tokio::test]
async fn endless_body_is_cut_at_the_cap() {
    let server = HostileServer::start(|_, _| Reply::Endless).await;
    let result = fetcher(quick_options())
        .fetch(&request(server.url("/endless")))
        .await;
    match result {
        Err(err @ FetchError::TooLarge { .. }) => {
            assert!(
                err.to_string().ends_with("body exceeds 1 MiB limit"),
                "{err}"
            )
        }
        other => panic!("expected the cap, got {other:?}"),
    }
    // Once we hang up the server can only fill the kernel's socket buffers, then stops.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = server.endless_bytes_sent();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(server.endless_bytes_sent(), sent, "server still writing");
    assert!(sent < 32 * MIB, "read far past the cap: {sent} bytes sent");
}

#[tokio::test]
async fn gzip_bomb_is_cut_at_the_cap() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..64 {
        encoder.write_all(&zeros).expect("compress");
    }
    let bomb = encoder.finish().expect("compress");
    assert!(bomb.len() < 256 * 1024, "bomb is {} bytes", bomb.len());
    let server = HostileServer::start(move |_, _| Reply::Full {
        status: 200,
        headers: vec![
            ("Content-Type".into(), "text/html".into()),
            ("Content-Encoding".into(), "gzip".into()),
        ],
        body: bomb.clone(),
        delay: Duration::ZERO,
    })
    .await;
    let result = fetcher(quick_options())
        .fetch(&request(server.url("/bomb")))
        .await;
    assert!(
        matches!(result, Err(FetchError::TooLarge { limit, .. }) if limit == MIB),
        "expected the cap, got {result:?}"
    );
    let encoding = server.hits()[0].headers.get("accept-encoding").cloned();
    let encoding = encoding.unwrap_or_default();
    for scheme in ["gzip", "br", "deflate"] {
        assert!(encoding.contains(scheme), "Accept-Encoding: {encoding}");
    }
}

#[tokio::test]
async fn redirect_loop_stops_after_five_hops() {
    let server = HostileServer::start(|hit, _| {
        let next = if hit.path == "/a" { "/b" } else { "/a" };
        Reply::status(302, &[("Location", next)])
    })
    .await;
    let result = fetcher(quick_options())
        .fetch(&request(server.url("/a")))
        .await;
    match result {
        Err(err @ FetchError::TooManyRedirects { .. }) => {
            assert!(
                err.to_string().ends_with("too many redirects (>5)"),
                "{err}"
            )
        }
        other => panic!("expected a redirect error, got {other:?}"),
    }
    assert_eq!(
        server.hits().len(),
        6,
        "the first request plus five redirects"
    );
}

#[tokio::test]
async fn redirect_to_another_scheme_is_refused() {
    let server =
        HostileServer::start(|_, _| Reply::status(301, &[("Location", "file:///etc/passwd")]))
            .await;
    let result = fetcher(quick_options())
        .fetch(&request(server.url("/moved")))
        .await;
    assert!(
        matches!(&result, Err(FetchError::UnsupportedScheme { scheme, .. }) if scheme == "file"),
        "{result:?}"
    );
}

#[tokio::test]
async fn relative_redirect_is_followed_to_the_final_url() {
    let server = HostileServer::start(|hit, _| match hit.path.as_str() {
        "/alt" => Reply::status(301, &[("Location", "neu/presse?seite=1")]),
        _ => Reply::ok("text/html; charset=utf-8", "<p>Fachkräfte</p>"),
    })
    .await;
    let page = fetched(
        fetcher(quick_options())
            .fetch(&request(server.url("/alt")))
            .await,
    );
    assert_eq!(page.final_url, server.url("/neu/presse?seite=1"));
    assert_eq!(page.text, "<p>Fachkräfte</p>");
}

#[tokio::test]
async fn server_error_then_success_is_retried_in_the_same_fetch() {
    let server = HostileServer::start(|_, earlier| {
        if earlier == 0 {
            Reply::status(500, &[])
        } else {
            Reply::ok(
                "application/rss+xml",
                "<rss version=\"2.0\"><channel/></rss>",
            )
        }
    })
    .await;
    let feed = fetched(
        fetcher(quick_options())
            .fetch(&request(server.url("/feed")))
            .await,
    );
    assert!(feed.text.starts_with("<rss"));
    assert_eq!(server.hits_for("/feed").len(), 2);
}

#[tokio::test]
async fn persistent_server_error_gives_up_after_three_attempts() {
    let server = HostileServer::start(|_, _| Reply::status(503, &[])).await;
    let result = fetcher(quick_options())
        .fetch(&request(server.url("/down")))
        .await;
    let err = result.expect_err("503 every time");
    assert!(
        err.to_string()
            .ends_with("HTTP 503 Service Unavailable after 3 attempts"),
        "{err}"
    );
    assert_eq!(server.hits().len(), 3);
}

#[tokio::test]
async fn retry_after_delays_only_that_url() {
    let server = HostileServer::start(|hit, earlier| match (hit.path.as_str(), earlier) {
        ("/limited", 0) => Reply::status(429, &[("Retry-After", "1")]),
        _ => Reply::ok("text/html", "ok"),
    })
    .await;
    let options = FetchOptions {
        host_interval: Duration::from_millis(100),
        request_timeout: Duration::from_secs(2),
        ..quick_options()
    };
    let fetcher = Arc::new(fetcher(options));
    let limited = tokio::spawn({
        let (fetcher, url) = (fetcher.clone(), server.url("/limited"));
        async move { fetcher.fetch(&request(url)).await }
    });
    while server.hits_for("/limited").is_empty() {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let other_start = Instant::now();
    fetched(fetcher.fetch(&request(server.url("/other"))).await);
    assert!(
        other_start.elapsed() < Duration::from_millis(500),
        "other URL waited {:?}",
        other_start.elapsed()
    );
    fetched(limited.await.expect("task"));

    let limited_hits = server.hits_for("/limited");
    let other_hit = &server.hits_for("/other")[0];
    assert_eq!(limited_hits.len(), 2);
    assert!(other_hit.started < limited_hits[1].started);
    let waited = limited_hits[1].started - limited_hits[0].started;
    assert!(
        waited >= Duration::from_secs(1) - CLOCK_SLACK,
        "retried after {waited:?}"
    );
}

#[tokio::test]
async fn retry_after_beyond_the_cap_fails_at_once() {
    let server = HostileServer::start(|_, _| Reply::status(503, &[("Retry-After", "3600")])).await;
    let start = Instant::now();
    let result = fetcher(quick_options())
        .fetch(&request(server.url("/wartung")))
        .await;
    assert!(
        matches!(result, Err(FetchError::RetryAfterTooLong { wait, .. }) if wait == Duration::from_secs(3600)),
        "{result:?}"
    );
    assert!(start.elapsed() < Duration::from_secs(1));
    assert_eq!(server.hits().len(), 1);
}

#[tokio::test]
async fn validators_bring_304_on_the_second_fetch() {
    let server = HostileServer::start(|hit, _| {
        if hit.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
            return Reply::status(304, &[("ETag", "\"v1\"")]);
        }
        Reply::Full {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "application/atom+xml".into()),
                ("ETag".into(), "\"v1\"".into()),
                (
                    "Last-Modified".into(),
                    "Tue, 04 Jun 2024 08:00:00 GMT".into(),
                ),
            ],
            body: b"<feed xmlns=\"http://www.w3.org/2005/Atom\"/>".to_vec(),
            delay: Duration::ZERO,
        }
    })
    .await;
    let fetcher = fetcher(quick_options());
    let first = fetched(fetcher.fetch(&request(server.url("/atom"))).await);
    assert_eq!(first.etag.as_deref(), Some("\"v1\""));
    let second = FetchRequest {
        etag: first.etag.clone(),
        last_modified: first.last_modified.clone(),
        ..request(server.url("/atom"))
    };
    let outcome = fetcher.fetch(&second).await;
    assert!(
        matches!(outcome, Ok(FetchOutcome::NotModified)),
        "{outcome:?}"
    );

    let hits = server.hits();
    assert_eq!(
        hits[1].headers.get("if-modified-since").map(String::as_str),
        Some("Tue, 04 Jun 2024 08:00:00 GMT")
    );
    let agent = hits[0]
        .headers
        .get("user-agent")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        agent,
        format!(
            "presseradar/{} (+https://example.org/presseradar-test)",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[tokio::test]
async fn robots_disallow_blocks_without_a_request() {
    let server = HostileServer::start(|hit, _| match hit.path.as_str() {
        "/robots.txt" => Reply::ok(
            "text/plain",
            "User-agent: *\nDisallow: /intern/\n\nUser-agent: presseradar\nDisallow: /suche\n",
        ),
        _ => Reply::ok("text/html", "<p>Presse</p>"),
    })
    .await;
    let fetcher = fetcher(quick_options());
    let obeying = |path| FetchRequest {
        obey_robots: true,
        ..request(server.url(path))
    };
    let blocked = fetcher.fetch(&obeying("/suche?q=fachkraefte")).await;
    match blocked {
        Err(err @ FetchError::Robots { .. }) => assert_eq!(
            err.to_string(),
            format!(
                "{}: blocked by robots.txt",
                server.url("/suche?q=fachkraefte")
            )
        ),
        other => panic!("expected a robots block, got {other:?}"),
    }
    // Our own group replaces `*`, so /intern/ is open to us.
    fetched(fetcher.fetch(&obeying("/intern/presse")).await);
    let paths: Vec<String> = server.hits().into_iter().map(|h| h.path).collect();
    assert_eq!(
        paths,
        ["/robots.txt", "/intern/presse"],
        "robots.txt read once"
    );
}

#[tokio::test]
async fn missing_robots_txt_allows_everything() {
    let server = HostileServer::start(|hit, _| match hit.path.as_str() {
        "/robots.txt" => Reply::status(404, &[]),
        _ => Reply::ok("text/html", "<p>Presse</p>"),
    })
    .await;
    let req = FetchRequest {
        obey_robots: true,
        ..request(server.url("/presse"))
    };
    fetched(fetcher(quick_options()).fetch(&req).await);
}

#[tokio::test]
async fn connection_refused_reads_plainly() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = closed.local_addr().expect("addr");
    drop(closed);
    let url = url::Url::parse(&format!("http://{addr}/feed")).expect("url");
    let result = fetcher(quick_options()).fetch(&request(url.clone())).await;
    match result {
        Err(err @ FetchError::Network { attempts: 3, .. }) => assert_eq!(
            err.to_string(),
            format!("{url}: connection refused after 3 attempts")
        ),
        other => panic!("expected a refused connection, got {other:?}"),
    }
}

/// A site that cannot be reached at all says so first ("connection refused"), and only then
/// that robots.txt could therefore not be read: an offline machine must not read as a site
/// that turned us away.
#[tokio::test]
async fn an_unreachable_site_names_the_network_failure_before_robots_txt() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = closed.local_addr().expect("addr");
    drop(closed);
    let url = url::Url::parse(&format!("http://{addr}/presse")).expect("url");
    let req = FetchRequest {
        obey_robots: true,
        ..request(url.clone())
    };
    let message = match fetcher(quick_options()).fetch(&req).await {
        Err(e @ FetchError::RobotsUnreadable { .. }) => e.to_string(),
        other => panic!("expected RobotsUnreadable, got {other:?}"),
    };
    assert!(
        message.starts_with(&format!("{url}: connection refused")),
        "{message}"
    );
    assert!(
        message.contains("robots.txt could not be read"),
        "{message}"
    );
}

#[tokio::test]
async fn unreadable_robots_txt_blocks_the_site_for_now() {
    let server = HostileServer::start(|hit, _| match hit.path.as_str() {
        "/robots.txt" => Reply::status(503, &[]),
        _ => Reply::ok("text/html", "<p>Presse</p>"),
    })
    .await;
    let req = FetchRequest {
        obey_robots: true,
        ..request(server.url("/presse"))
    };
    let result = fetcher(quick_options()).fetch(&req).await;
    // Said as what happened, not as if the site had forbidden us.
    match &result {
        Err(e @ FetchError::RobotsUnreadable { reason, .. }) => {
            assert!(reason.contains("503"), "{reason}");
            assert!(
                e.to_string().contains("robots.txt could not be read"),
                "{e}"
            );
        }
        other => panic!("expected RobotsUnreadable, got {other:?}"),
    }
    let paths: Vec<String> = server.hits().into_iter().map(|h| h.path).collect();
    assert_eq!(paths, ["/robots.txt"]);
}

#[tokio::test]
async fn crawl_delay_raises_the_host_interval() {
    let server = HostileServer::start(|hit, _| match hit.path.as_str() {
        "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nCrawl-delay: 0.6\n"),
        _ => Reply::ok("text/html", "<p>Presse</p>"),
    })
    .await;
    let req = FetchRequest {
        obey_robots: true,
        ..request(server.url("/presse"))
    };
    fetched(fetcher(quick_options()).fetch(&req).await);
    let hits = server.hits();
    assert_eq!(hits.len(), 2);
    let gap = hits[1].started - hits[0].started;
    assert!(
        gap >= Duration::from_millis(600) - CLOCK_SLACK,
        "gap of {gap:?}"
    );
}
