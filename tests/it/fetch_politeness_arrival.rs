//! The host interval as the server sees it: when a request reaches the server late (a slow
//! accept, a busy client runtime, a long connection set-up), the next request must still
//! arrive at least one interval after it. Timings are the server's own clock.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use presseradar::fetch::{FetchOptions, FetchOutcome, FetchRequest, Fetcher};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

/// Server timestamps are taken after the request head arrives; this much slack keeps the
/// interval checks honest but not flaky (as in tests/fetch_hostile.rs).
const CLOCK_SLACK: Duration = Duration::from_millis(25);

const ROBOTS: &str = "User-agent: *\nDisallow: /intern/\n";
const FEED: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
<title>Landesportal Presse</title><link>https://www.example.de/presse/</link>\
<description>Pressemitteilungen</description></channel></rss>\n";

/// A loopback server that lets its first connection wait `first_delay` before reading the
/// request, as an overloaded server does, and records when each request head arrived.
struct SlowFirstServer {
    base: String,
    arrivals: Arc<Mutex<Vec<(String, Instant)>>>,
    task: tokio::task::JoinHandle<()>,
}

impl SlowFirstServer {
    async fn start(first_delay: Duration) -> SlowFirstServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("local addr"));
        let arrivals: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
        let task = {
            let arrivals = arrivals.clone();
            tokio::spawn(async move {
                let mut connection = 0;
                while let Ok((stream, _)) = listener.accept().await {
                    let delay = if connection == 0 {
                        first_delay
                    } else {
                        Duration::ZERO
                    };
                    connection += 1;
                    tokio::spawn(answer(stream, delay, arrivals.clone()));
                }
            })
        };
        SlowFirstServer {
            base,
            arrivals,
            task,
        }
    }

    fn url(&self, path: &str) -> url::Url {
        url::Url::parse(&format!("{}{path}", self.base)).expect("valid test URL")
    }

    fn arrivals(&self) -> Vec<(String, Instant)> {
        let mut arrivals = self.arrivals.lock().expect("arrivals lock").clone();
        arrivals.sort_by_key(|(_, at)| *at);
        arrivals
    }
}

impl Drop for SlowFirstServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn answer(
    mut stream: TcpStream,
    delay: Duration,
    arrivals: Arc<Mutex<Vec<(String, Instant)>>>,
) {
    tokio::time::sleep(delay).await;
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let arrived = Instant::now();
    let text = String::from_utf8_lossy(&head);
    let path = text.split_whitespace().nth(1).unwrap_or("").to_string();
    arrivals
        .lock()
        .expect("arrivals lock")
        .push((path.clone(), arrived));
    let (content_type, body) = if path == "/robots.txt" {
        ("text/plain", ROBOTS)
    } else {
        ("application/rss+xml; charset=utf-8", FEED)
    };
    let reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
}

fn fetcher(interval: Duration) -> Fetcher {
    Fetcher::with_options(FetchOptions {
        host_interval: interval,
        connect_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(3),
        ..FetchOptions::new("https://example.org/presseradar-test")
    })
    .expect("client builds")
}

fn request(url: url::Url, obey_robots: bool) -> FetchRequest {
    FetchRequest {
        url,
        etag: None,
        last_modified: None,
        obey_robots,
    }
}

async fn fetch_ok(fetcher: &Fetcher, req: &FetchRequest) {
    match fetcher.fetch(req).await {
        Ok(FetchOutcome::Fetched(_)) => {}
        other => panic!("expected a body for {}, got {other:?}", req.url),
    }
}

fn assert_spaced(arrivals: &[(String, Instant)], interval: Duration) {
    for pair in arrivals.windows(2) {
        let gap = pair[1].1 - pair[0].1;
        assert!(
            gap >= interval - CLOCK_SLACK,
            "{} arrived {gap:?} after {}; the interval is {interval:?}",
            pair[1].0,
            pair[0].0
        );
    }
}

#[tokio::test]
async fn a_late_arrival_pushes_the_next_request_back() {
    let interval = Duration::from_millis(500);
    let server = SlowFirstServer::start(Duration::from_millis(400)).await;
    let fetcher = fetcher(interval);
    fetch_ok(&fetcher, &request(server.url("/presse/a.rss"), false)).await;
    fetch_ok(&fetcher, &request(server.url("/presse/b.rss"), false)).await;
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 2, "{arrivals:?}");
    assert_spaced(&arrivals, interval);
}

#[tokio::test]
async fn robots_txt_on_a_slow_first_connection_still_spaces_the_feeds() {
    let interval = Duration::from_millis(400);
    let server = SlowFirstServer::start(Duration::from_millis(300)).await;
    let fetcher = fetcher(interval);
    let feeds: Vec<_> = ["/presse/land.rss", "/presse/kreis.rss", "/presse/stadt.rss"]
        .iter()
        .map(|path| request(server.url(path), true))
        .collect();
    // All at once, as `poll` dispatches them: the host's queue must still space them.
    futures_util::future::join_all(feeds.iter().map(|req| fetch_ok(&fetcher, req))).await;
    let arrivals = server.arrivals();
    let paths: Vec<&str> = arrivals.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths.len(), 4, "{paths:?}");
    assert_eq!(paths[0], "/robots.txt", "{paths:?}");
    assert_spaced(&arrivals, interval);
}
