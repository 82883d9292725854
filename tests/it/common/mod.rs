//! Test support: a loopback fixture server standing in for outlets and ministries, and
//! a presseradar server on port 0 with a temporary database; [`outlets`] holds the
//! fixture feeds and their sources.toml entries, [`desk`] the polled admin setup.
#![allow(dead_code)] // each test binary uses a different part of this module

pub mod desk;
pub mod outlets;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::Response;
use presseradar::config::Config;
use presseradar::http::AppState;
use presseradar::pipeline::Pipeline;
use presseradar::report::PollReport;
use presseradar::store::Store;
use tokio_util::sync::CancellationToken;

pub fn fixture(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("fixture {}: {e}", full.display()))
}

/// One served document: body, content type, and whether to answer conditional GETs.
#[derive(Clone)]
pub struct Doc {
    pub body: Vec<u8>,
    pub content_type: String,
    pub etag: bool,
}

impl Doc {
    pub fn new(body: Vec<u8>, content_type: &str) -> Doc {
        Doc {
            body,
            content_type: content_type.to_string(),
            etag: false,
        }
    }
    pub fn with_etag(mut self) -> Doc {
        self.etag = true;
        self
    }
}

#[derive(Clone, Debug)]
pub struct Seen {
    pub path: String,
    pub at: Instant,
    pub if_none_match: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Clone, Default)]
struct FixtureState {
    docs: Arc<Mutex<HashMap<String, Doc>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// A static site on 127.0.0.1:0 serving documents by path (query included), recording
/// every request; 404 for anything else. Documents can be replaced while it runs.
pub struct FixtureServer {
    pub addr: SocketAddr,
    state: FixtureState,
    stop: CancellationToken,
}

impl FixtureServer {
    pub async fn start(docs: Vec<(&str, Doc)>) -> FixtureServer {
        let state = FixtureState::default();
        for (path, doc) in docs {
            state.docs.lock().unwrap().insert(path.to_string(), doc);
        }
        let app = Router::new().fallback(serve_doc).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = CancellationToken::new();
        let token = stop.clone();
        tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move { token.cancelled().await })
                .await
                .unwrap();
        });
        FixtureServer { addr, state, stop }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn set(&self, path: &str, doc: Doc) {
        self.state
            .docs
            .lock()
            .unwrap()
            .insert(path.to_string(), doc);
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.seen.lock().unwrap().clone()
    }
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

async fn serve_doc(State(state): State<FixtureState>, uri: Uri, headers: HeaderMap) -> Response {
    let key = uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let header = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    state.seen.lock().unwrap().push(Seen {
        path: key.clone(),
        at: Instant::now(),
        if_none_match: header(header::IF_NONE_MATCH),
        user_agent: header(header::USER_AGENT),
    });
    let doc = state.docs.lock().unwrap().get(&key).cloned();
    let Some(doc) = doc else {
        return Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Body::from("Seite nicht gefunden"))
            .unwrap();
    };
    let etag = format!(
        "\"{:x}\"",
        doc.body.len() * 31 + doc.body.iter().map(|&b| b as usize).sum::<usize>()
    );
    if doc.etag && header(header::IF_NONE_MATCH).as_deref() == Some(etag.as_str()) {
        return Response::builder()
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .unwrap();
    }
    let mut resp = Response::builder().header(header::CONTENT_TYPE, doc.content_type.as_str());
    if doc.etag {
        resp = resp.header(header::ETAG, etag);
    }
    resp.body(Body::from(doc.body)).unwrap()
}

/// A temporary directory holding a sources.toml and a database.
pub struct TestEnv {
    pub dir: tempfile::TempDir,
    pub config: Arc<Config>,
    pub store: Store,
}

impl TestEnv {
    pub fn new(sources_toml: &str) -> TestEnv {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sources.toml");
        std::fs::write(&path, sources_toml).unwrap();
        let config = Arc::new(Config::load(&path).unwrap_or_else(|e| panic!("{e}")));
        let store = Store::open(&dir.path().join("presseradar.db")).unwrap();
        TestEnv { dir, config, store }
    }

    pub fn sources_path(&self) -> PathBuf {
        self.dir.path().join("sources.toml")
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("presseradar.db")
    }

    pub fn pipeline(&self) -> Pipeline {
        presseradar::app::pipeline(self.config.clone(), self.store.clone()).unwrap()
    }

    /// Serve the HTTP routes on 127.0.0.1:0; stopped when the returned server drops.
    pub async fn serve(&self) -> TestServer {
        let state = AppState::new(self.config.clone(), self.store.clone());
        TestServer::start(state).await
    }
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub state: AppState,
    stop: CancellationToken,
}

impl TestServer {
    pub async fn start(state: AppState) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = CancellationToken::new();
        let (s, t) = (state.clone(), stop.clone());
        tokio::spawn(async move { presseradar::http::serve(listener, s, t).await.unwrap() });
        TestServer { addr, state, stop }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// Poll every source once; a source that fails fails the test, naming it.
pub async fn poll_every_source(pipeline: &Pipeline) -> Vec<PollReport> {
    let reports = presseradar::app::poll(pipeline, &[]).await.unwrap();
    for report in &reports {
        assert!(report.error.is_none(), "{report}");
    }
    reports
}

/// Settings for tests: no politeness delay, short timeouts, base_url on the given server.
pub fn settings_block(base_url: &str) -> String {
    format!(
        "[settings]\ncontact = \"https://example.org/presseradar-tests\"\nbase_url = \"{base_url}\"\nhost_interval_secs = 0\nconnect_timeout_secs = 2\nrequest_timeout_secs = 5\n"
    )
}
