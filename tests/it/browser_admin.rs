//! The desk in a real browser: headless Chromium driven over WebDriver logs in, prunes a
//! story with the queue's keyboard shortcuts, retags another through its item page, and
//! the public JSON feed shows both; a re-poll does not bring the pruned story back.
//!
//! Needs Debian's `chromium` and `chromium-driver`; without them the test fails and says
//! what to install.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::TestServer;
use crate::common::desk::{EditorDesk, FEED_ALLE};
use crate::common::outlets::{FREIE_PRESSE, MINISTRY};
use presseradar::model::Status;
use presseradar::store::items;
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
const WAIT: Duration = Duration::from_secs(20);

/// chromedriver on a free loopback port, killed on drop.
pub(crate) struct Driver {
    child: Child,
    base: String,
    http: reqwest::Client,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // chromedriver leads its own process group, so a browser it started is ended
        // with it even when a failed assertion skipped the session's quit.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_chromedriver() -> String {
    for candidate in ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"] {
        if Path::new(candidate).exists() {
            return candidate.to_string();
        }
    }
    panic!(
        "chromedriver not found: install Debian's packages with \
         `apt-get install chromium chromium-driver` (.ci/install-deps does)"
    );
}

impl Driver {
    pub(crate) async fn start() -> Driver {
        assert!(
            Path::new(CHROMIUM).exists(),
            "{CHROMIUM} not found: install Debian's packages with \
             `apt-get install chromium chromium-driver` (.ci/install-deps does)"
        );
        let binary = find_chromedriver();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
        let driver = Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .unwrap(),
        };
        let deadline = Instant::now() + WAIT;
        loop {
            let ready = driver
                .http
                .get(format!("{}/status", driver.base))
                .send()
                .await
                .ok()
                .map(|r| r.status().is_success())
                .unwrap_or(false);
            if ready {
                return driver;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer within {WAIT:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub(crate) async fn session(&self, profile: &Path) -> Browser<'_> {
        let caps = json!({
            "capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": CHROMIUM,
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--window-size=1280,800", "--hide-scrollbars",
                        "--disable-component-update", "--disable-sync",
                        format!("--user-data-dir={}", profile.display()),
                    ],
                },
            }}
        });
        let resp: Value = self
            .http
            .post(format!("{}/session", self.base))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = resp["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {resp}"))
            .to_string();
        Browser { driver: self, id }
    }
}

/// One WebDriver session: the few commands this test needs.
pub(crate) struct Browser<'a> {
    driver: &'a Driver,
    id: String,
}

impl Browser<'_> {
    pub(crate) async fn command(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let url = format!("{}/session/{}{}", self.driver.base, self.id, path);
        let mut req = self.driver.http.request(method, &url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp: Value = req.send().await.unwrap().json().await.unwrap();
        if resp["value"].get("error").is_some() {
            panic!("WebDriver {path}: {}", resp["value"]);
        }
        resp["value"].clone()
    }

    pub(crate) async fn goto(&self, url: &str) {
        self.command(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await;
    }

    pub(crate) async fn url(&self) -> String {
        self.command(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap()
            .to_string()
    }

    pub(crate) async fn find_all(&self, css: &str) -> Vec<String> {
        self.command(
            reqwest::Method::POST,
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e[ELEMENT_KEY].as_str().unwrap().to_string())
        .collect()
    }

    /// The first element matching `css`, waiting for it to appear.
    pub(crate) async fn wait_for(&self, css: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(e) = self.find_all(css).await.into_iter().next() {
                return e;
            }
            assert!(Instant::now() < deadline, "{css} did not appear");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub(crate) async fn wait_until_gone(&self, css: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.find_all(css).await.is_empty() {
            assert!(Instant::now() < deadline, "{css} did not go away");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub(crate) async fn attribute(&self, element: &str, name: &str) -> Option<String> {
        self.command(
            reqwest::Method::GET,
            &format!("/element/{element}/attribute/{name}"),
            None,
        )
        .await
        .as_str()
        .map(str::to_string)
    }

    pub(crate) async fn type_into(&self, element: &str, text: &str) {
        self.command(
            reqwest::Method::POST,
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        )
        .await;
    }

    pub(crate) async fn click(&self, element: &str) {
        self.command(
            reqwest::Method::POST,
            &format!("/element/{element}/click"),
            Some(json!({})),
        )
        .await;
    }

    pub(crate) async fn selected(&self, element: &str) -> bool {
        self.command(
            reqwest::Method::GET,
            &format!("/element/{element}/selected"),
            None,
        )
        .await
        .as_bool()
        .unwrap()
    }

    /// Press one key on the page, as a person would.
    pub(crate) async fn press(&self, key: &str) {
        self.command(
            reqwest::Method::POST,
            "/actions",
            Some(
                json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                    {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}
                ]}]}),
            ),
        )
        .await;
    }

    async fn selected_row(&self) -> String {
        let row = self.wait_for("article.item.selected").await;
        self.attribute(&row, "data-id").await.unwrap()
    }

    pub(crate) async fn quit(self) {
        let url = format!("{}/session/{}", self.driver.base, self.id);
        let _ = self.driver.http.delete(url).send().await;
    }
}

async fn feed_json(server: &TestServer) -> Vec<Value> {
    let feed: Value = reqwest::get(server.url("/feeds/alle.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    feed["items"].as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prune_by_keyboard_and_retag_in_the_browser() {
    let EditorDesk {
        outlets: _outlets,
        env,
        pipeline,
        server,
        editor: creds,
    } = EditorDesk::open(
        &[MINISTRY, FREIE_PRESSE],
        "http://127.0.0.1:8080",
        FEED_ALLE,
    )
    .await;
    let before = feed_json(&server).await;
    assert_eq!(before.len(), 5);

    let driver = Driver::start().await;
    let profile = tempfile::tempdir().unwrap();
    let browser = driver.session(profile.path()).await;

    // The queue sends us to the login form, which sends us back.
    browser.goto(&server.url("/admin")).await;
    let name = browser.wait_for("input[name=name]").await;
    assert!(browser.url().await.contains("/admin/login?next=%2Fadmin"));
    browser.type_into(&name, "anna").await;
    let password = browser.wait_for("input[name=password]").await;
    browser.type_into(&password, &creds.password).await;
    let submit = browser.wait_for("form.login button[type=submit]").await;
    browser.click(&submit).await;
    browser.wait_for("article.item").await;
    assert_eq!(browser.url().await, server.url("/admin"));

    // j/k move the selection; p prunes the selected story.
    let rows = browser.find_all("article.item").await;
    assert_eq!(rows.len(), 5);
    let first = browser.attribute(&rows[0], "data-id").await.unwrap();
    let second = browser.attribute(&rows[1], "data-id").await.unwrap();
    browser.press("j").await;
    assert_eq!(browser.selected_row().await, first);
    browser.press("j").await;
    assert_eq!(browser.selected_row().await, second);
    browser.press("k").await;
    assert_eq!(browser.selected_row().await, first);
    browser.press("p").await;
    browser
        .wait_until_gone(&format!("article.item[data-id=\"{first}\"]"))
        .await;
    browser.wait_for("article.item").await;
    assert_eq!(browser.find_all("article.item").await.len(), 4);
    let pruned_id: i64 = first.parse().unwrap();
    let pruned = env
        .store
        .read(move |c| items::get(c, pruned_id))
        .await
        .unwrap();
    assert_eq!(pruned.status, Status::Pruned);

    // o opens the selected item's page; add a state there and save.
    browser.press("j").await;
    let opened = browser.selected_row().await;
    assert_ne!(opened, first);
    browser.press("o").await;
    // A state the item does not carry yet.
    let opened_id: i64 = opened.parse().unwrap();
    let current = env
        .store
        .read(move |c| items::get(c, opened_id))
        .await
        .unwrap();
    let extra = presseradar::vocab::State::ALL
        .into_iter()
        .find(|s| !current.states.contains(s))
        .unwrap();
    let checkbox = format!("input[name=states][value={}]", extra.code());
    let state_box = browser.wait_for(&checkbox).await;
    assert_eq!(
        browser.url().await,
        server.url(&format!("/admin/items/{opened}"))
    );
    assert!(!browser.selected(&state_box).await);
    browser.click(&state_box).await;
    let save = browser.wait_for("#save").await;
    browser.click(&save).await;
    let deadline = Instant::now() + WAIT;
    let retagged_id: i64 = opened.parse().unwrap();
    loop {
        let item = env
            .store
            .read(move |c| items::get(c, retagged_id))
            .await
            .unwrap();
        if item.states.contains(&extra) {
            break;
        }
        assert!(Instant::now() < deadline, "the edit was not saved");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let state_box = browser.wait_for(&checkbox).await;
    assert!(browser.selected(&state_box).await);
    browser.quit().await;

    // The public feed: the pruned story is gone, the retagged one carries the new state.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let after = feed_json(&server).await;
    assert_eq!(after.len(), 4);
    assert!(after.iter().all(|i| i["url"] != pruned.url.as_str()));
    let retagged = env
        .store
        .read(move |c| items::get(c, retagged_id))
        .await
        .unwrap();
    let entry = after
        .iter()
        .find(|i| i["url"] == retagged.url.as_str())
        .expect("the retagged item in the feed");
    let states = entry["_presseradar"]["states"].as_array().unwrap();
    assert!(states.iter().any(|s| s == extra.code()), "{entry}");

    // Polling the same feeds again does not bring the pruned story back.
    for report in presseradar::app::poll(&pipeline, &[]).await.unwrap() {
        assert!(report.error.is_none(), "{report}");
        assert_eq!(
            report.new + report.duplicate + report.updated,
            0,
            "{report}"
        );
    }
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let again = feed_json(&server).await;
    assert_eq!(again.len(), 4);
    assert!(again.iter().all(|i| i["url"] != pruned.url.as_str()));
}
