//! The desk as an editor works in it, in headless Chromium at 1280×800: at least eight
//! stories of the queue visible with their teasers; approving a "nicht relevant" story
//! puts it into the curated feeds and "Rückgängig" takes it out again; filters narrow the
//! queue and count; no English word of the old interface on any desk page; unknown routes
//! answer German pages; no horizontal overflow on a phone. With
//! `PRESSERADAR_SCREENSHOTS=DIR` it also saves the README's screenshots into DIR.

use std::time::{Duration, Instant};

use chrono::Utc;
use presseradar::http::AppState;
use presseradar::password::NewPassword;
use presseradar::store::editors;
use reqwest::Method;
use serde_json::{Value, json};

use crate::browser_admin::{Browser, Driver};
use crate::common::{Doc, FixtureServer, TestEnv, TestServer, poll_every_source, settings_block};

/// Stories a ministry and a newspaper publish: distinct texts, so none is taken for a
/// near-copy of another. The last is about a garden show: not relevant by the rules.
const STORIES: [(&str, &str); 13] = [
    (
        "Welcome Center Magdeburg berät internationale Fachkräfte",
        "Das Welcome Center in Magdeburg hilft zugewanderten Fachkräften und ihren Familien bei Behördengängen, Wohnungssuche und der Anerkennung ihrer Abschlüsse.",
    ),
    (
        "Weiterbildungsagentur startet in Halle",
        "Beschäftigte kleiner Betriebe können sich ab Januar kostenlos zu Weiterbildung und Förderprogrammen beraten lassen; die Agentur arbeitet mit Kammern zusammen.",
    ),
    (
        "Pflegeschulen in Thüringen suchen Auszubildende",
        "Mit einer Kampagne werben Pflegeschulen in Erfurt und Jena um Auszubildende; das Land fördert zusätzliche Ausbildungsplätze in der Altenpflege.",
    ),
    (
        "Rückkehrerprämie für Pendler aus Sachsen",
        "Wer nach Jahren im Westen in die Lausitz zurückkehrt, bekommt Unterstützung bei der Jobsuche; Rückkehrer und Pendler sollen als Fachkräfte gewonnen werden.",
    ),
    (
        "Anerkennung ausländischer Berufsabschlüsse wird schneller",
        "Das Landesverwaltungsamt verkürzt die Verfahren zur Anerkennung ausländischer Berufsabschlüsse für Ingenieurinnen, Ärzte und Pflegekräfte deutlich.",
    ),
    (
        "Handwerkskammer wirbt um Fachkräfte aus Vietnam",
        "Zwanzig junge Menschen aus Vietnam beginnen eine Ausbildung im Handwerk; die Kammer begleitet sie bei Sprache, Wohnen und Fachkräfteeinwanderung.",
    ),
    (
        "Ländliche Betriebe in Mecklenburg-Vorpommern gewinnen Azubis",
        "Ein Netzwerk von Landwirtschaftsbetrieben im ländlichen Raum bietet gemeinsame Ausbildung, Fahrdienste und Wohnheimplätze für Auszubildende an.",
    ),
    (
        "Fachkräfteallianz Brandenburg beschließt Aktionsplan",
        "Land, Gewerkschaften, Kammern und Arbeitsagentur verabreden in Potsdam einen Aktionsplan zur Fachkräftesicherung mit Schwerpunkt Kooperation.",
    ),
    (
        "Attraktive Arbeitgeber im Erzgebirge ausgezeichnet",
        "Zwölf Unternehmen erhalten ein Siegel für familienfreundliche Arbeitszeiten und Fachkräftebindung; die Arbeitgeberattraktivität soll Abwanderung bremsen.",
    ),
    (
        "Sprachkurse für zugewanderte Pflegekräfte ausgebaut",
        "Kliniken in Dessau bieten berufsbegleitende Sprachkurse an, damit zugewanderte Pflegekräfte schneller ihre Anerkennung erhalten und im Beruf bleiben.",
    ),
    (
        "Berufsorientierung an Schulen in Sachsen-Anhalt",
        "Schülerinnen und Schüler lernen in Praxistagen Betriebe kennen; die Berufsorientierung soll mehr Jugendliche in eine duale Ausbildung bringen.",
    ),
    (
        "Integrationsnetzwerk Leipzig stellt Bilanz vor",
        "Das Netzwerk für Willkommenskultur hat im vergangenen Jahr über tausend internationale Fachkräfte bei Ankunft und Integration in Leipzig begleitet.",
    ),
    (
        "Landesgartenschau öffnet ihre Tore",
        "Blumen, Musik und ein Familienfest im Park: Die Gartenschau erwartet in diesem Sommer viele Besucherinnen und Besucher.",
    ),
];

fn feed() -> Doc {
    let mut items = String::new();
    for (n, (title, teaser)) in STORIES.iter().enumerate() {
        let date = (Utc::now() - chrono::Duration::hours(3 + n as i64 * 5)).to_rfc2822();
        items += &format!(
            "<item><title>{title}</title><link>https://ms.example/presse/{n}</link><guid>ms-{n}</guid>\
             <pubDate>{date}</pubDate><description>{teaser}</description></item>\n"
        );
    }
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Ministerium</title>\
         <link>https://ms.example/</link><description>Presse</description>\n{items}</channel></rss>"
    );
    Doc::new(body.into_bytes(), "application/rss+xml")
}

const FEEDS: &str = r#"
[[feed]]
id = "alle"
title = "Alle Meldungen"

[[feed]]
id = "geprueft"
title = "Von der Redaktion geprüft"
require_approval = true
"#;

struct Newsroom {
    _outlets: FixtureServer,
    _env: TestEnv,
    server: TestServer,
    password: String,
}

async fn newsroom() -> Newsroom {
    let outlets = FixtureServer::start(vec![("/presse/rss.xml", feed())]).await;
    let toml = format!(
        "{}\n[[source]]\nid = \"ms-st\"\nname = \"Ministerium für Arbeit Sachsen-Anhalt\"\nkind = \"feed\"\nurl = \"{}\"\nstate = \"ST\"\n{FEEDS}",
        settings_block("http://127.0.0.1:8080"),
        outlets.url("/presse/rss.xml")
    );
    let env = TestEnv::new(&toml);
    poll_every_source(&env.pipeline()).await;
    let server = TestServer::start(AppState::new(env.config.clone(), env.store.clone())).await;
    let password = NewPassword::generate().unwrap();
    let editor = env
        .store
        .write(move |c| editors::add(c, "Anna", &password, Utc::now()))
        .await
        .unwrap();
    Newsroom {
        _outlets: outlets,
        _env: env,
        server,
        password: editor.password,
    }
}

impl Browser<'_> {
    async fn run(&self, script: &str) -> Value {
        self.command(
            Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    async fn login(&self, room: &Newsroom) {
        self.goto(&room.server.url("/admin")).await;
        let name = self.wait_for("input[name=name]").await;
        self.type_into(&name, "Anna").await;
        let password = self.wait_for("input[name=password]").await;
        self.type_into(&password, &room.password).await;
        let submit = self.wait_for("form.login button[type=submit]").await;
        self.click(&submit).await;
        self.wait_for("article.item").await;
    }

    /// Size the window so that the page itself gets `width`×`height` (the window's frame
    /// takes some of a window's size even when headless).
    async fn viewport(&self, width: u64, height: u64) {
        let frame = self
            .run("return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];")
            .await;
        let (dw, dh) = (
            frame[0].as_u64().unwrap_or(0),
            frame[1].as_u64().unwrap_or(0),
        );
        self.command(
            Method::POST,
            "/window/rect",
            Some(json!({"width": width + dw, "height": height + dh})),
        )
        .await;
        self.goto(&self.url().await).await;
    }

    /// Wait until the page's address contains `part`.
    async fn wait_for_url(&self, part: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.url().await.contains(part) {
            assert!(Instant::now() < deadline, "no page with {part:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Save a screenshot when `PRESSERADAR_SCREENSHOTS` names a directory.
    async fn screenshot(&self, name: &str) {
        let Ok(dir) = std::env::var("PRESSERADAR_SCREENSHOTS") else {
            return;
        };
        let png = self.command(Method::GET, "/screenshot", None).await;
        let bytes = base64_decode(png.as_str().unwrap());
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = text
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let v: Vec<u32> = chunk.iter().map(|c| u32::from(value(*c))).collect();
        let n = v.iter().fold(0u32, |acc, x| (acc << 6) | x) << (6 * (4 - v.len()));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..v.len() - 1]);
    }
    out
}

async fn feed_titles(server: &TestServer, id: &str) -> Vec<String> {
    // Feeds read the database's change counter at most once a second.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let feed: Value = reqwest::get(server.url(&format!("/feeds/{id}.json")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_string())
        .collect()
}

/// Words of the desk's former English interface (actions, classifier reasons, poll
/// report), none of which may show on a desk page.
const ENGLISH: &str = r"(topic|topics|states|feed\)|approve|approved|prune|pruned|unpin|pinned|relevance|passing|threshold|score|tagged|dateline|source prior|in body|below|not modified|FAILED|SOURCE|SKIP|not found|Search|Sources|Queue|Audit|Login|Save|Submit)\b";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editors_morning_in_the_browser() {
    let room = newsroom().await;
    let driver = Driver::start().await;
    let profile = tempfile::tempdir().unwrap();
    let browser = driver.session(profile.path()).await;
    browser.login(&room).await;
    browser.viewport(1280, 800).await;

    // At 1280×800 at least eight stories show with their teasers, inside the window.
    let visible = browser
        .run(
            "return Array.from(document.querySelectorAll('article.item')).filter(function (a) {\
               var t = a.querySelector('.teaser'); var r = a.getBoundingClientRect();\
               return t && t.textContent.trim().length > 20 && t.getBoundingClientRect().height > 10\
                 && r.bottom <= window.innerHeight; }).length;",
        )
        .await;
    browser.screenshot("queue.png").await;
    let size = browser
        .run("return [window.innerWidth, window.innerHeight];")
        .await;
    assert!(
        visible.as_u64().unwrap() >= 8,
        "{visible} stories visible at {size}"
    );

    // Filters narrow and count: Thüringen has one story.
    let counted = browser.run(
        "var a = Array.from(document.querySelectorAll('.facet a')).find(function (l) { return l.textContent.indexOf('Thüringen') === 0; });\
         return a ? [a.querySelector('.count').textContent, a.getAttribute('href')] : null;",
    ).await;
    let count: usize = counted[0].as_str().unwrap().parse().unwrap();
    browser
        .goto(&room.server.url(counted[1].as_str().unwrap()))
        .await;
    browser.wait_for_url("state=TH").await;
    assert_eq!(browser.find_all("article.item").await.len(), count);
    assert!((1..12).contains(&count), "{count}");
    let active = browser
        .run("return Array.from(document.querySelectorAll('.facet a.active')).map(function (a) { return a.textContent; });")
        .await;
    assert!(active.to_string().contains("Thüringen"), "{active}");
    // The other counts are narrowed too: one relevant new story in Thüringen.
    assert!(
        active.to_string().contains(&format!("relevant {count}")),
        "{active}"
    );

    // The garden show was called not relevant; "Freigeben" publishes it.
    assert!(
        !feed_titles(&room.server, "alle")
            .await
            .iter()
            .any(|t| t.contains("Landesgartenschau"))
    );
    browser.goto(&room.server.url("/admin?irrelevant=1")).await;
    let approve = browser
        .wait_for("article.item form[data-action=approve] button")
        .await;
    browser.click(&approve).await;
    let confirmation = browser.wait_for(".confirmation").await;
    let text = browser
        .run("return document.querySelector('.confirmation').textContent;")
        .await;
    assert!(
        text.as_str()
            .unwrap()
            .contains("„Landesgartenschau öffnet ihre Tore“ freigegeben"),
        "{text}"
    );
    let _ = confirmation;
    for feed in ["alle", "geprueft"] {
        let titles = feed_titles(&room.server, feed).await;
        assert!(
            titles.iter().any(|t| t.contains("Landesgartenschau")),
            "{feed}: {titles:?}"
        );
    }
    // "Rückgängig" takes it back: out of the feeds, back in the non-relevant queue.
    let undo = browser.wait_for(".confirmation form.undo button").await;
    browser.click(&undo).await;
    browser.wait_for_url("erledigt=new").await;
    browser.wait_for("article.item").await;
    let titles = browser.run("return Array.from(document.querySelectorAll('article.item .title')).map(function (t) { return t.textContent; });").await;
    assert!(titles.to_string().contains("Landesgartenschau"), "{titles}");
    for feed in ["alle", "geprueft"] {
        let titles = feed_titles(&room.server, feed).await;
        assert!(
            !titles.iter().any(|t| t.contains("Landesgartenschau")),
            "{feed}: {titles:?}"
        );
    }

    // "?" shows the keyboard help; "alle auswählen" ticks every story; "Anwenden" with
    // nothing ticked says so.
    browser.goto(&room.server.url("/admin")).await;
    browser.wait_for("article.item").await;
    browser.press("?").await;
    let open = browser
        .run("return document.getElementById('keys').open;")
        .await;
    assert_eq!(open, true);
    let apply = browser.wait_for("form.bulk button[type=submit]").await;
    browser.click(&apply).await;
    browser.wait_for_url("keine=1").await;
    let text = browser
        .run("return document.querySelector('.confirmation').textContent;")
        .await;
    assert!(
        text.as_str().unwrap().contains("Keine Meldung ausgewählt"),
        "{text}"
    );
    let all = browser.wait_for("#select-all").await;
    browser.click(&all).await;
    let ticked = browser
        .run("var b = document.querySelectorAll('input.pick'); return [b.length, Array.from(b).filter(function (x) { return x.checked; }).length];")
        .await;
    assert_eq!(ticked[0], ticked[1], "{ticked}");
    assert!(ticked[0].as_u64().unwrap() >= 12, "{ticked}");

    // Prune, then undo: the story is back in the queue.
    browser.goto(&room.server.url("/admin")).await;
    let first = browser.wait_for("article.item").await;
    let pruned = browser.attribute(&first, "data-id").await.unwrap();
    let prune = browser
        .wait_for("article.item form[data-action=prune] button")
        .await;
    browser.click(&prune).await;
    browser.wait_for_url("erledigt=pruned").await;
    let text = browser
        .run("return document.querySelector('.confirmation').textContent;")
        .await;
    assert!(text.as_str().unwrap().contains("verworfen"), "{text}");
    assert!(
        browser
            .find_all(&format!("article.item[data-id=\"{pruned}\"]"))
            .await
            .is_empty()
    );
    let undo = browser.wait_for(".confirmation form.undo button").await;
    browser.click(&undo).await;
    browser.wait_for_url("erledigt=new").await;
    browser
        .wait_for(&format!("article.item[data-id=\"{pruned}\"]"))
        .await;

    // Approve one relevant story for the screenshots of the item and the audit log.
    browser.goto(&room.server.url("/admin")).await;
    let approve = browser
        .wait_for("article.item form[data-action=approve] button")
        .await;
    browser.click(&approve).await;
    browser.wait_for(".confirmation").await;
    let item = browser
        .run("return document.querySelector('article.item .title').getAttribute('href');")
        .await;
    let item_path = item.as_str().unwrap().to_string();

    // No English word of the old interface on any desk page.
    for path in [
        "/admin",
        "/admin?irrelevant=1",
        "/admin?status=approved",
        item_path.as_str(),
        "/admin/search?q=Fachkr%C3%A4fte",
        "/admin/sources",
        "/admin/audit",
        "/admin/gibt-es-nicht",
    ] {
        browser.goto(&room.server.url(path)).await;
        browser.wait_for("main").await;
        // Open every "Warum?" so the reasons are read too.
        let found = browser
            .run(&format!(
                "document.querySelectorAll('details').forEach(function (d) {{ d.open = true; }});\
                 var m = document.body.innerText.match(new RegExp({ENGLISH:?})); return m ? m[0] : null;"
            ))
            .await;
        assert!(found.is_null(), "{path}: English word {found}");
        let lang = browser.run("return document.documentElement.lang;").await;
        assert_eq!(lang, "de", "{path}");
    }
    browser.goto(&room.server.url(&item_path)).await;
    browser.wait_for("h1").await;
    browser.screenshot("item.png").await;
    browser.goto(&room.server.url("/admin/audit")).await;
    browser.wait_for("table.audit").await;
    browser.screenshot("audit.png").await;
    browser.goto(&room.server.url("/")).await;
    browser.wait_for("h1").await;
    browser.screenshot("landing.png").await;

    // A person who clicks "RSS" or "Atom" sees a readable page that says how to subscribe.
    for ext in ["rss", "atom"] {
        browser
            .goto(&room.server.url(&format!("/feeds/alle.{ext}")))
            .await;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let text = browser
                .run("return document.body ? document.body.innerText : '';")
                .await;
            let text = text.as_str().unwrap_or("").to_string();
            if text.contains("So abonnieren Sie diesen Feed") {
                assert!(
                    text.contains("Alle Meldungen") && text.contains("Welcome Center"),
                    "{text}"
                );
                break;
            }
            assert!(Instant::now() < deadline, "{ext}: no readable page: {text}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        if ext == "rss" {
            browser.screenshot("feed-in-browser.png").await;
        }
    }

    // Unknown routes answer a German page with status 404.
    for path in ["/admin/", "/admin/items/99999", "/feeds/", "/gibt-es-nicht"] {
        browser.goto(&room.server.url(path)).await;
        let heading = browser
            .run("return document.querySelector('h1').textContent;")
            .await;
        assert!(
            heading
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("nicht gefunden"),
            "{path}: {heading}"
        );
        let resp = reqwest::get(room.server.url(path)).await.unwrap();
        // Without a session the item page sends to the login form; the rest are 404.
        if path != "/admin/items/99999" {
            assert_eq!(resp.status(), 404, "{path}");
        }
    }

    // On a phone the queue does not scroll sideways.
    browser
        .command(
            Method::POST,
            "/window/rect",
            Some(json!({"width": 390, "height": 844})),
        )
        .await;
    browser.goto(&room.server.url("/admin")).await;
    browser.wait_for("article.item").await;
    let overflow = browser
        .run("return [document.documentElement.scrollWidth, window.innerWidth];")
        .await;
    assert!(overflow[0].as_u64() <= overflow[1].as_u64(), "{overflow}");
    browser.quit().await;
}
