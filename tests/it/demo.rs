//! `presseradar demo` as a newcomer runs it, offline: it prints where to look and how to
//! log in, polls its built-in world, and serves feeds, embed, landing page and desk with
//! content — the skilled-worker stories in, the ordinary news out, the republication merged.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Demo {
    child: Child,
    banner: String,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Demo {
    fn start() -> Demo {
        let mut child = Command::new(env!("CARGO_BIN_EXE_presseradar"))
            .args(["--listen", "127.0.0.1:0", "demo"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut banner = String::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut byte = [0u8; 1];
        while !banner.contains("Ctrl-C stops.") {
            assert!(Instant::now() < deadline, "no banner: {banner}");
            match stdout.read(&mut byte) {
                Ok(1) => banner.push(byte[0] as char),
                _ => panic!("demo ended before its banner: {banner}"),
            }
        }
        Demo { child, banner }
    }

    /// The word after `label` on the banner's lines.
    fn after(&self, label: &str) -> String {
        let at = self
            .banner
            .find(label)
            .unwrap_or_else(|| panic!("{label}: {}", self.banner));
        self.banner[at + label.len()..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    }
}

async fn feed_titles(base: &str, feed: &str) -> Vec<(String, serde_json::Value)> {
    let Ok(resp) = reqwest::get(format!("{base}feeds/{feed}.json")).await else {
        return Vec::new();
    };
    let Ok(json) = resp.json::<serde_json::Value>().await else {
        return Vec::new();
    };
    json["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| (i["title"].as_str().unwrap_or("").to_string(), i.clone()))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_polls_its_world_and_serves_feeds_and_desk_with_content() {
    let demo = Demo::start();
    let base = demo.after("landing page");
    let password = demo.after("password:");
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with('/'),
        "{base}"
    );

    let deadline = Instant::now() + Duration::from_secs(30);
    let items = loop {
        let items = feed_titles(&base, "alle").await;
        if items.len() >= 4 {
            break items;
        }
        assert!(
            Instant::now() < deadline,
            "the demo feed stayed at {items:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let titles: Vec<&str> = items.iter().map(|(t, _)| t.as_str()).collect();
    assert!(
        titles.iter().any(|t| t.contains("Welcome Center")),
        "{titles:?}"
    );
    assert!(
        titles
            .iter()
            .any(|t| t.contains("Pflegefachkräfte aus Vietnam")),
        "{titles:?}"
    );
    for ordinary in ["Unfall", "Haushalt", "Bürgersprechstunde"] {
        assert!(
            !titles.iter().any(|t| t.contains(ordinary)),
            "{ordinary} in {titles:?}"
        );
    }
    // The ministry's release leads its story; the outlet's copy is "also reported by".
    let (_, welcome) = items
        .iter()
        .find(|(t, _)| t.contains("Welcome Center"))
        .unwrap();
    assert_eq!(
        welcome["_presseradar"]["source"], "demo-ministerium",
        "{welcome}"
    );
    assert_eq!(
        welcome["_presseradar"]["also_reported_by"][0]["source"], "demo-elbe-kurier",
        "{welcome}"
    );

    let landing = reqwest::get(&base).await.unwrap().text().await.unwrap();
    assert!(
        landing.contains("Fachkräftesicherung in Ostdeutschland (Demo)"),
        "{landing}"
    );
    let embed = reqwest::get(format!("{base}embed/ost"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(embed.contains("Welcome Center"), "{embed}");

    // The printed login opens the desk, whose queue holds the stories.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login_page = client
        .get(format!("{base}admin/login"))
        .send()
        .await
        .unwrap();
    // The login form's token is paired with a cookie (double submit).
    let login_cookies: Vec<String> = login_page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|c| c.split(';').next())
        .map(str::to_string)
        .collect();
    let login_page = login_page.text().await.unwrap();
    let mut form = vec![
        ("name".to_string(), "demo".to_string()),
        ("password".to_string(), password.clone()),
        ("next".to_string(), "/admin".to_string()),
    ];
    if let Some(token) = hidden_input(&login_page, "csrf") {
        form.push(("csrf".to_string(), token));
    }
    let login = client
        .post(format!("{base}admin/login"))
        .header("origin", base.trim_end_matches('/'))
        .header("cookie", login_cookies.join("; "))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303, "login with the printed password");
    let cookie = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("presseradar_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string();
    let queue = client
        .get(format!("{base}admin"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(queue.status(), 200);
    let queue = queue.text().await.unwrap();
    assert!(queue.contains("Weiterbildungsbonus"), "{queue}");
}

/// The value of a hidden form field, if the page has one by that name.
fn hidden_input(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let value = tag.split("value=\"").nth(1)?.split('"').next()?;
    Some(value.to_string())
}
