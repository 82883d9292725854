//! The editors' desk as the admin tests meet it: outlets polled into a fresh database,
//! the server with "poll now", and one editor account.

use presseradar::http::AppState;
use presseradar::password::NewPassword;
use presseradar::pipeline::Pipeline;
use presseradar::store::editors::{self, NewCredentials};

use super::outlets::{Outlet, Relevance, serve_outlets, sources_toml};
use super::{FixtureServer, TestEnv, TestServer, poll_every_source, settings_block};

/// One curated feed holding every item, for tests that read the public side too.
pub const FEED_ALLE: &str = "[[feed]]\nid = \"alle\"\ntitle = \"Alle Meldungen\"\n";

pub struct EditorDesk {
    pub outlets: FixtureServer,
    pub env: TestEnv,
    /// A clone of the pipeline the server's scheduler runs, for polling again.
    pub pipeline: Pipeline,
    pub server: TestServer,
    /// Editor "anna".
    pub editor: NewCredentials,
}

impl EditorDesk {
    /// Every item of `outlets` is kept (`relevance = "all"`) and polled once; a source
    /// that fails fails the test.
    pub async fn open(outlets: &[Outlet], base_url: &str, feeds: &str) -> EditorDesk {
        let server_of_outlets = serve_outlets(outlets).await;
        let toml = sources_toml(
            &settings_block(base_url),
            &server_of_outlets,
            outlets,
            Relevance::All,
            feeds,
        );
        let env = TestEnv::new(&toml);
        let pipeline = env.pipeline();
        poll_every_source(&pipeline).await;
        let state = AppState::new(env.config.clone(), env.store.clone())
            .with_scheduler(presseradar::app::scheduler(pipeline.clone()));
        let server = TestServer::start(state).await;
        let password = NewPassword::generate().unwrap();
        let editor = env
            .store
            .write(move |c| editors::add(c, "anna", &password, chrono::Utc::now()))
            .await
            .unwrap();
        EditorDesk {
            outlets: server_of_outlets,
            env,
            pipeline,
            server,
            editor,
        }
    }
}

/// A client that hands redirects back instead of following them, so tests see them.
pub fn no_redirect_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// What a browser holds after opening the login form: the form's CSRF cookie
/// (`presseradar_login=…`, ready for a Cookie header) and the token of its hidden field.
pub async fn login_form_token(client: &reqwest::Client, server: &TestServer) -> (String, String) {
    let resp = client.get(server.url("/admin/login")).send().await.unwrap();
    let cookie = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("presseradar_login="))
        .and_then(|c| c.split(';').next())
        .expect("the login form's cookie")
        .to_string();
    let page = resp.text().await.unwrap();
    let marker = r#"name="csrf" value=""#;
    let start = page.find(marker).expect("the login form's csrf field") + marker.len();
    let token = page[start..].split('"').next().unwrap().to_string();
    (cookie, token)
}
