//! The daemon as users run it: `presseradar run` as a subprocess against a loopback
//! source on a one-second schedule — items appear, the source is fetched again by
//! schedule, SIGHUP reloads, `backup` works while it writes, SIGTERM exits 0 cleanly.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Doc, FixtureServer, fixture, settings_block};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn config(server: &FixtureServer, extra_feed: &str) -> String {
    format!(
        "{}\n[[source]]\nid = \"ministerium\"\nname = \"Ministerium\"\nkind = \"feed\"\nurl = \"{}\"\nstate = \"TH\"\nschedule = \"* * * * * *\"\n\n[[source]]\nid = \"zeitung\"\nname = \"Zeitung\"\nkind = \"feed\"\nurl = \"{}\"\nstate = \"TH\"\nschedule = \"* * * * * *\"\n\n[[feed]]\nid = \"thueringen\"\ntitle = \"Thüringen\"\nstates = [\"TH\"]\n{extra_feed}",
        settings_block("http://127.0.0.1:8080/"),
        server.url("/ministerium.rss"),
        server.url("/zeitung.rss"),
    )
}

struct Daemon {
    child: Child,
    port: u16,
    log: std::path::PathBuf,
}

impl Daemon {
    fn start(dir: &Path) -> Daemon {
        let port = free_port();
        let log = dir.join("run.log");
        let child = Command::new(env!("CARGO_BIN_EXE_presseradar"))
            .args([
                "--sources",
                "sources.toml",
                "--db",
                "presseradar.db",
                "--listen",
            ])
            .arg(format!("127.0.0.1:{port}"))
            .arg("run")
            .current_dir(dir)
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        Daemon { child, port, log }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGTERM, then the exit status within ten seconds.
    fn stop(mut self) -> std::process::ExitStatus {
        self.signal("TERM");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "run did not stop after SIGTERM:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

async fn wait_for<F, Fut>(what: &str, daemon: &Daemon, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(15);
    while !check().await {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; log:\n{}",
            daemon.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn feed_items(daemon: &Daemon, feed: &str) -> Option<usize> {
    let resp = reqwest::get(daemon.url(&format!("/feeds/{feed}.json")))
        .await
        .ok()?;
    if !resp.status().is_success() {
        return None;
    }
    let json: serde_json::Value = resp.json().await.ok()?;
    Some(json["items"].as_array()?.len())
}

fn integrity(db: &Path) -> (String, i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let items: i64 = conn
        .query_row("SELECT COUNT(*) FROM items", [], |r| r.get(0))
        .unwrap();
    (check, items)
}

#[tokio::test]
async fn run_polls_on_schedule_reloads_and_stops_cleanly() {
    let server = FixtureServer::start(vec![
        (
            "/ministerium.rss",
            Doc::new(fixture("stories/ministerium.rss"), "application/rss+xml"),
        ),
        (
            "/zeitung.rss",
            Doc::new(fixture("stories/ministerium-2.rss"), "application/rss+xml"),
        ),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sources.toml"), config(&server, "")).unwrap();
    let daemon = Daemon::start(dir.path());

    wait_for("two items in the served feed", &daemon, || async {
        feed_items(&daemon, "thueringen").await == Some(2)
    })
    .await;
    wait_for("the source fetched again by schedule", &daemon, || async {
        server
            .seen()
            .iter()
            .filter(|s| s.path == "/ministerium.rss")
            .count()
            >= 3
    })
    .await;
    let health: serde_json::Value = reqwest::get(daemon.url("/healthz"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["scheduler"], "running", "{health}");
    let metrics = reqwest::get(daemon.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("presseradar_items_total{outcome=\"new\"} 2"),
        "{metrics}"
    );

    // A broken file on SIGHUP keeps the configuration in force …
    std::fs::write(
        dir.path().join("sources.toml"),
        "[[source]]\nid = \"kaputt\"\n",
    )
    .unwrap();
    daemon.signal("HUP");
    wait_for("the reload error in the log", &daemon, || async {
        daemon.log().contains("reload failed")
    })
    .await;
    assert_eq!(feed_items(&daemon, "thueringen").await, Some(2));
    // … a valid one takes effect.
    let extra = "\n[[feed]]\nid = \"neu\"\ntitle = \"Neu\"\ntopics = [\"willkommenskultur\"]\n";
    std::fs::write(dir.path().join("sources.toml"), config(&server, extra)).unwrap();
    daemon.signal("HUP");
    wait_for("the new feed after reload", &daemon, || async {
        feed_items(&daemon, "neu").await == Some(1)
    })
    .await;

    let status = daemon.stop();
    assert!(status.success(), "exit status {status:?}");
    let (check, items) = integrity(&dir.path().join("presseradar.db"));
    assert_eq!(check, "ok");
    assert_eq!(items, 2);
}

#[tokio::test]
async fn backup_while_run_writes_is_sound() {
    // Each poll serves a new item, so `run` writes every second.
    let server = FixtureServer::start(vec![]).await;
    let feed = String::from_utf8(fixture("stories/ministerium.rss")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sources.toml"), config(&server, "")).unwrap();
    server.set(
        "/zeitung.rss",
        Doc::new(fixture("stories/ministerium-2.rss"), "application/rss+xml"),
    );
    server.set(
        "/ministerium.rss",
        Doc::new(feed.clone().into_bytes(), "application/rss+xml"),
    );
    let daemon = Daemon::start(dir.path());
    wait_for("first items", &daemon, || async {
        feed_items(&daemon, "thueringen").await.unwrap_or(0) >= 1
    })
    .await;
    for round in 0..5 {
        let changed = feed
            .replace("tmsgaf-pm-2025-211", &format!("tmsgaf-pm-2025-3{round:02}"))
            .replace(
                "sieben-neue-welcome-center",
                &format!("welcome-center-runde-{round}"),
            );
        server.set(
            "/ministerium.rss",
            Doc::new(changed.into_bytes(), "application/rss+xml"),
        );
        let backup = dir.path().join(format!("backup-{round}.db"));
        let out = Command::new(env!("CARGO_BIN_EXE_presseradar"))
            .args(["--db", "presseradar.db", "backup"])
            .arg(&backup)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (check, items) = integrity(&backup);
        assert_eq!(check, "ok", "backup {round}");
        assert!(items >= 1, "backup {round} has no items");
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    assert!(daemon.stop().success());
    let (check, items) = integrity(&dir.path().join("presseradar.db"));
    assert_eq!(check, "ok");
    assert!(items >= 4, "only {items} items written during the backups");
}
