//! Searches page through matches in listing order whichever plan they take: a rare word
//! starts from its matches, a common one walks the listing index and stops after a page
//! (sorting a fifth of a million matches took a second).

use rusqlite::Connection;

use super::item_query::{ItemFilter, WALK_ORDER_ABOVE, list_query};
use super::items::list;

/// Every tenth item lacks the common word; every 200th has the rare one; every 300th is pinned.
const ITEMS: i64 = 2_600;

fn database() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("t.db");
    drop(super::Store::open(&path).expect("store opens"));
    let mut conn = super::open_connection(&path, false).expect("connection");
    let tx = conn.transaction().expect("transaction");
    for i in 1..=ITEMS {
        let common = if i % 10 == 0 { "" } else { " fachkraefte" };
        let rare = if i % 200 == 3 {
            " anerkennungsberatung"
        } else {
            ""
        };
        let text = format!("bericht nummer {i}{common}{rare}");
        // Published dates out of id order, with ties, so the order is not the row order.
        let published = format!(
            "2026-{:02}-{:02}T08:00:00Z",
            1 + (i * 7) % 12,
            1 + (i * 13) % 28
        );
        tx.execute(
            "INSERT INTO clusters (id, guid, created, lead_item_id) VALUES (?1, 'urn:x:' || ?1, ?2, ?1)",
            rusqlite::params![i, published],
        )
        .expect("cluster");
        tx.execute(
            "INSERT INTO items (id, uid, source_id, url, canonical_url, title, summary, content,
                 published, date_source, first_seen, updated, content_hash, relevant, score,
                 pinned, cluster_id)
             VALUES (?1, 'uid-' || ?1, 'a', 'https://a.example/' || ?1, 'https://a.example/' || ?1,
                 ?2, '', ?2, ?3, 'feed', ?3, ?3, 'h', 1, 1.0, ?4, ?1)",
            rusqlite::params![i, text, published, i % 300 == 0],
        )
        .expect("item");
        tx.execute(
            "INSERT INTO items_fts (rowid, text) VALUES (?1, ?2)",
            rusqlite::params![i, text],
        )
        .expect("index");
    }
    tx.commit().expect("commit");
    (dir, conn)
}

/// The ids a search must list: matches, pinned first, then newest, then highest id.
fn expected(conn: &Connection, word: &str) -> Vec<i64> {
    let mut rows: Vec<(bool, String, i64)> = conn
        .prepare("SELECT pinned, published, id FROM items WHERE content LIKE '%' || ?1 || '%'")
        .expect("prepare")
        .query_map([word], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    rows.sort_by(|a, b| b.cmp(a));
    rows.into_iter().map(|(_, _, id)| id).collect()
}

fn plan(conn: &Connection, filter: &ItemFilter) -> String {
    let (sql, args) = list_query(conn, filter).expect("query builds");
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("plan prepares");
    let rows: Vec<String> = stmt
        .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))
        .expect("plan runs")
        .collect::<Result<_, _>>()
        .expect("plan rows");
    rows.join("\n")
}

#[test]
fn searches_list_matches_in_order_and_common_words_walk_the_index() {
    let (_dir, conn) = database();
    for (word, query, many) in [
        ("fachkraefte", "Fachkräfte", true),
        ("anerkennungsberatung", "Anerkennungsberatung", false),
    ] {
        let all = expected(&conn, word);
        assert_eq!(
            all.len() > WALK_ORDER_ABOVE,
            many,
            "{word}: {} matches",
            all.len()
        );
        // Two pages, the second after the first's last item.
        let mut filter = ItemFilter {
            query: Some(query.into()),
            published_only: true,
            limit: 50,
            ..ItemFilter::default()
        };
        let first = list(&conn, &filter).expect("first page");
        let last = first.last().expect("a first page");
        filter.before = Some((last.pinned, last.published.clone(), last.id));
        let second = list(&conn, &filter).expect("second page");
        let listed: Vec<i64> = first.iter().chain(&second).map(|i| i.id).collect();
        assert_eq!(listed, all[..listed.len()], "{word}");
        assert_eq!(listed.len(), all.len().min(100), "{word}");

        let plan = plan(&conn, &filter);
        assert_eq!(!plan.contains("TEMP B-TREE"), many, "{word}:\n{plan}");
    }
}
