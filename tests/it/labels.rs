//! From the desk's decisions to figures: an editor approves, prunes, retags and rescues a
//! story from "nicht relevant"; `labels export` writes them as labelled articles and `eval`
//! scores the rules on them, naming the rescued story the rules still miss.

use std::process::Command;

use presseradar::model::Status;
use presseradar::store::editorial::{self, Edit};
use presseradar::store::items::{self, ItemFilter};
use presseradar::vocab::State;

use crate::common::{Doc, FixtureServer, TestEnv, settings_block};

const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Kurier</title><link>https://kurier.example/</link><description>d</description>
<item><title>Land eröffnet Welcome Center für internationale Fachkräfte in Magdeburg</title><link>https://kurier.example/welcome</link>
<description>MAGDEBURG. Das Welcome Center berät Fachkräfte aus dem Ausland zu Visum, Anerkennung und Ankommen in Sachsen-Anhalt.</description></item>
<item><title>Weiterbildungsbonus für Beschäftigte kleiner Betriebe verlängert</title><link>https://kurier.example/bonus</link>
<description>MAGDEBURG. Das Land fördert die Weiterbildung von Fachkräften in kleinen und mittleren Unternehmen weiter.</description></item>
<item><title>Polizei sucht Zeugen nach Unfall bei Burg</title><link>https://kurier.example/unfall</link>
<description>BURG. Zwei Autos stießen auf der B1 zusammen, ein Fahrer wurde leicht verletzt.</description></item>
<item><title>Gemeinderat tagt im neuen Bürgerhaus</title><link>https://kurier.example/gemeinderat</link>
<description>GENTHIN. Der Gemeinderat kommt erstmals im Bürgerhaus zusammen; auf der Tagesordnung steht die Partnerschaft mit dem Handwerk.</description></item>
</channel></rss>"#;

fn run(env: &TestEnv, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_presseradar"))
        .arg("--sources")
        .arg(env.sources_path())
        .arg("--db")
        .arg(env.db_path())
        .args(args)
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn item_id(env: &TestEnv, title_start: &str) -> i64 {
    let list = env
        .store
        .read(|c| {
            items::list(
                c,
                &ItemFilter {
                    limit: 100,
                    ..Default::default()
                },
            )
        })
        .await
        .unwrap();
    list.iter()
        .find(|i| i.title.starts_with(title_start))
        .unwrap_or_else(|| panic!("{title_start} not stored"))
        .id
}

async fn decide(env: &TestEnv, id: i64, edit: Edit) {
    env.store
        .write(move |c| editorial::apply(c, id, "anna", &edit, chrono::Utc::now()))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn desk_decisions_export_as_labels_and_eval_scores_them() {
    let outlet = FixtureServer::start(vec![(
        "/kurier.rss",
        Doc::new(FEED.as_bytes().to_vec(), "application/rss+xml"),
    )])
    .await;
    let toml = format!(
        "{}\n[[source]]\nid = \"kurier\"\nname = \"Kurier\"\nkind = \"feed\"\nurl = \"{}\"\nstate = \"ST\"\n",
        settings_block("http://127.0.0.1:8080/"),
        outlet.url("/kurier.rss")
    );
    let env = TestEnv::new(&toml);
    presseradar::app::poll(&env.pipeline(), &[]).await.unwrap();

    let welcome = item_id(&env, "Land eröffnet Welcome Center").await;
    let bonus = item_id(&env, "Weiterbildungsbonus").await;
    let unfall = item_id(&env, "Polizei sucht Zeugen").await;
    let rat = item_id(&env, "Gemeinderat tagt").await;
    let approve = |relevant| Edit {
        status: Some(Status::Approved),
        relevant,
        ..Default::default()
    };
    decide(&env, welcome, approve(None)).await;
    decide(
        &env,
        bonus,
        Edit {
            states: Some(vec![State::ST, State::SN]),
            ..Default::default()
        },
    )
    .await;
    decide(
        &env,
        unfall,
        Edit {
            status: Some(Status::Pruned),
            ..Default::default()
        },
    )
    .await;
    // The classifier called the council story not relevant; the editor rescues it.
    decide(&env, rat, approve(Some(Some(true)))).await;

    let file = env.dir.path().join("labels.jsonl");
    let (code, _, err) = run(&env, &["labels", "export", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("4 decisions"), "{err}");
    let text = std::fs::read_to_string(&file).unwrap();
    let labels: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let by_id = |id: i64| {
        labels
            .iter()
            .find(|l| l["id"] == format!("item-{id}"))
            .unwrap_or_else(|| panic!("item-{id} in {text}"))
    };
    assert_eq!(by_id(welcome)["decision"], "approved");
    assert_eq!(by_id(bonus)["decision"], "retagged");
    assert_eq!(by_id(bonus)["states"], serde_json::json!(["SN", "ST"]));
    assert_eq!(by_id(unfall)["decision"], "pruned");
    assert_eq!(by_id(unfall)["relevant"], false);
    assert_eq!(by_id(rat)["decision"], "rescued");
    assert_eq!(by_id(rat)["relevant"], true);
    assert_eq!(by_id(rat)["source_state"], "ST");

    let (code, report, err) = run(&env, &["eval", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(report.starts_with("4 labelled articles"), "{report}");
    let relevance = report
        .lines()
        .find(|l| l.starts_with("relevance"))
        .unwrap_or_else(|| panic!("{report}"));
    // The rules still call the council story not relevant: recall 2/3, named.
    assert!(relevance.contains(" 0.667 "), "{relevance}");
    assert!(relevance.ends_with(&format!("item-{rat}")), "{relevance}");
    let sachsen = report
        .lines()
        .find(|l| l.starts_with("state SN"))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(sachsen.ends_with(&format!("item-{bonus}")), "{sachsen}");
}
