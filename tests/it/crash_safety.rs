//! `presseradar run` killed with SIGKILL at random moments while it polls many sources on
//! a one-second schedule, restarted each time, with editors pruning items from the shell
//! in between: the database stays sound, no item is stored twice, prunes and their
//! tombstones and audit entries survive every crash.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::common::settings_block;
use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::response::IntoResponse;

const SOURCES: usize = 8;
const ROUNDS: usize = 10;

/// A small deterministic generator (xorshift64*), so that a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Every request to /feed/N.rss answers a new version: the window of the five newest
/// items moves on by one, and the titles carry the request count, so each poll finds new
/// and updated items.
async fn changing_feed(
    State(counter): State<Arc<AtomicU64>>,
    UrlPath(file): UrlPath<String>,
) -> impl IntoResponse {
    let n = counter.fetch_add(1, Ordering::SeqCst);
    let source = file.trim_end_matches(".rss");
    let mut items = String::new();
    for k in n.saturating_sub(4)..=n {
        items.push_str(&format!(
            "<item><title>Fachkräftesicherung in Thüringen: Meldung {k} der Quelle {source} (Stand {n})</title>\
             <link>https://presse.example.org/{source}/meldung-{k}</link>\
             <guid isPermaLink=\"false\">{source}-{k}</guid>\
             <pubDate>Mon, 23 Nov 2026 10:{:02}:00 +0100</pubDate>\
             <description>Quelle {source}, Meldung {k}: Das Land wirbt um Fachkräfte für Betriebe in {source} und fördert Weiterbildung Nummer {k}.</description></item>",
            k % 60
        ));
    }
    (
        [("content-type", "application/rss+xml; charset=utf-8")],
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>{source}</title>\
             <link>https://presse.example.org/{source}/</link><description>Presse</description>{items}</channel></rss>"
        ),
    )
}

async fn start_outlet() -> SocketAddr {
    let app = Router::new()
        .route("/feed/{file}", axum::routing::get(changing_feed))
        .with_state(Arc::new(AtomicU64::new(0)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn sources_toml(outlet: SocketAddr) -> String {
    let mut toml = settings_block("http://127.0.0.1:8080/");
    for i in 0..SOURCES {
        toml.push_str(&format!(
            "\n[[source]]\nid = \"quelle-{i}\"\nname = \"Quelle {i}\"\nkind = \"feed\"\nurl = \"http://{outlet}/feed/quelle-{i}.rss\"\nstate = \"TH\"\nrelevance = \"all\"\nschedule = \"* * * * * *\"\n"
        ));
    }
    toml.push_str("\n[[feed]]\nid = \"thueringen\"\ntitle = \"Thüringen\"\nstates = [\"TH\"]\n");
    toml
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn presseradar(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_presseradar"));
    cmd.current_dir(dir)
        .args(["--sources", "sources.toml", "--db", "presseradar.db"]);
    cmd
}

fn start_run(dir: &Path, round: usize) -> Child {
    presseradar(dir)
        .arg("--listen")
        .arg(format!("127.0.0.1:{}", free_port()))
        .arg("run")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join(format!("run-{round}.log"))).unwrap())
        .spawn()
        .unwrap()
}

fn query_i64(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.busy_timeout(Duration::from_secs(10)).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_at_random_moments_loses_nothing_committed() {
    let seed = 0x5EED_F00D_u64;
    let mut rng = Rng(seed);
    let outlet = start_outlet().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sources.toml"), sources_toml(outlet)).unwrap();
    let db = dir.path().join("presseradar.db");
    let started = Instant::now();
    let mut pruned: Vec<i64> = Vec::new();

    for round in 0..ROUNDS {
        let mut child = start_run(dir.path(), round);
        // An editor prunes a random unpruned item while the daemon writes.
        tokio::time::sleep(Duration::from_millis(300 + rng.below(700))).await;
        if db.exists() {
            let candidates = query_i64(&db, "SELECT count(*) FROM items WHERE status != 'pruned'");
            if candidates > 0 {
                let offset = rng.below(candidates as u64);
                let id = query_i64(
                    &db,
                    &format!(
                        "SELECT id FROM items WHERE status != 'pruned' ORDER BY id LIMIT 1 OFFSET {offset}"
                    ),
                );
                let out = presseradar(dir.path())
                    .args(["items", "prune", &id.to_string()])
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "round {round}: prune {id} beside a running daemon: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                pruned.push(id);
            }
        }
        // Kill at a random moment: during start-up, mid-poll, mid-write.
        tokio::time::sleep(Duration::from_millis(rng.below(1800))).await;
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert!(!status.success(), "round {round}: killed, not exited");
        let log = std::fs::read_to_string(dir.path().join(format!("run-{round}.log")))
            .unwrap_or_default();
        assert!(!log.contains("panicked"), "round {round}: {log}");
    }
    eprintln!(
        "{ROUNDS} kill rounds (seed {seed:#x}) in {:?}; {} prunes",
        started.elapsed(),
        pruned.len()
    );

    // One clean start after the last crash must open and recover the database.
    let mut child = start_run(dir.path(), ROUNDS);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let log = std::fs::read_to_string(dir.path().join(format!("run-{ROUNDS}.log")))
                .unwrap_or_default();
            let items = query_i64(&db, "SELECT count(*) FROM items");
            panic!(
                "run did not stop within 15 s of SIGTERM ({items} items stored); its log:\n{log}"
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "clean stop after the crashes: {status:?}");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let items: i64 = conn
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .unwrap();
    assert!(items >= SOURCES as i64, "the daemon stored items: {items}");
    let doubled: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT source_id, source_guid FROM items \
             WHERE source_guid IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(doubled, 0, "no (source_id, source_guid) pair twice");
    assert!(!pruned.is_empty(), "the test pruned something");
    for id in &pruned {
        let (status, tombstones, audits): (String, i64, i64) = conn
            .query_row(
                "SELECT status, \
                 (SELECT count(*) FROM tombstones t WHERE t.item_uid = items.uid), \
                 (SELECT count(*) FROM audit_log a WHERE a.item_id = items.id) \
                 FROM items WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap_or_else(|e| panic!("pruned item {id} is gone: {e}"));
        assert_eq!(status, "pruned", "item {id}");
        assert!(tombstones >= 1, "item {id} keeps its tombstone");
        assert!(audits >= 1, "item {id} keeps its audit entry");
    }
    let audit_total: i64 = conn
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert!(audit_total >= pruned.len() as i64);
}
