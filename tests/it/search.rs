//! Full-text search folds umlauts both ways, finds word starts, and treats operators in
//! the query as text — in the store, the faceted feed and after an editor's retitle.

use crate::common::outlets::{
    FREIE_PRESSE, MINISTRY, Outlet, Relevance, serve_outlets, sources_toml,
};
use crate::common::{TestEnv, settings_block};
use presseradar::store::items::{self, ItemFilter};

async fn env() -> TestEnv {
    let outlets = [
        Outlet {
            id: "ms",
            name: "MS",
            official: false,
            ..MINISTRY
        },
        Outlet {
            id: "fp",
            name: "FP",
            ..FREIE_PRESSE
        },
    ];
    let server = serve_outlets(&outlets).await;
    let toml = sources_toml(
        &settings_block("http://127.0.0.1:8080/"),
        &server,
        &outlets,
        Relevance::Classified,
        "",
    );
    let env = TestEnv::new(&toml);
    presseradar::app::poll(&env.pipeline(), &[]).await.unwrap();
    env
}

async fn titles(env: &TestEnv, q: &str) -> Vec<String> {
    let filter = ItemFilter {
        query: Some(q.to_string()),
        limit: 50,
        ..Default::default()
    };
    let mut t: Vec<String> = env
        .store
        .read(move |c| items::list(c, &filter))
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.title)
        .collect();
    t.sort();
    t
}

#[tokio::test]
async fn umlaut_folding_prefixes_and_hostile_queries() {
    let env = env().await;
    // "Rückkehrer" written without umlaut, "Großе" with ss.
    assert_eq!(
        titles(&env, "Rueckkehrer").await,
        vec!["Rückkehrer-Initiative: Zwickau wirbt um Pendler aus Bayern"]
    );
    assert_eq!(
        titles(&env, "grosse nachfrage").await,
        vec!["Große Nachfrage nach Ausbildungsplätzen im Erzgebirge"]
    );
    // A word start finds compounds; every word must occur.
    assert_eq!(
        titles(&env, "Weiterbildungsag").await,
        vec!["Weiterbildungsagenturen: 1.200 Beschäftigte beraten"]
    );
    assert!(
        titles(&env, "Weiterbildungsagentur Zwickau")
            .await
            .is_empty()
    );
    // Words in the body count, folded: "Fachkraefte" finds "Fachkräfte".
    assert!(titles(&env, "Fachkraefte").await.len() >= 3);
    for hostile in [
        "' OR 1=1 --",
        "\"",
        "NEAR(a b)",
        "*",
        "items; DROP TABLE items",
        ")",
    ] {
        let found = titles(&env, hostile).await;
        assert!(found.len() <= 7, "{hostile}: {found:?}");
    }
    assert_eq!(env.store.read(items::count).await.unwrap(), 5);
}

#[tokio::test]
async fn faceted_feed_and_retitled_items_are_searchable() {
    let env = env().await;
    let web = env.serve().await;
    let json: serde_json::Value = reqwest::get(web.url("/feed.json?q=Pendler%20Zwickau"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 1, "{json:#}");

    let id = env
        .store
        .read(|c| {
            items::list(
                c,
                &ItemFilter {
                    query: Some("Krankenhausplan".into()),
                    limit: 1,
                    ..Default::default()
                },
            )
        })
        .await
        .unwrap()[0]
        .id;
    let edit = presseradar::store::editorial::Edit {
        title_override: Some(Some("Kliniken: Versorgungsplan für Sachsen-Anhalt".into())),
        ..Default::default()
    };
    env.store
        .write(move |c| {
            presseradar::store::editorial::apply(c, id, "test", &edit, chrono::Utc::now())
        })
        .await
        .unwrap();
    assert_eq!(
        titles(&env, "Versorgungsplan").await,
        vec!["Kliniken: Versorgungsplan für Sachsen-Anhalt"]
    );
}
