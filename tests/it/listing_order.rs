//! Listings walk an index in feed order instead of sorting every matching row: the query
//! shapes of `items::list` (published feeds, status lists, faceted feeds) are planned
//! without a temporary B-tree on a freshly migrated database (no ANALYZE statistics).

use presseradar::store::Store;

const ORDER: &str = "ORDER BY i.pinned DESC, i.published DESC, i.id DESC LIMIT 50";

fn plan(conn: &rusqlite::Connection, filter: &str) -> String {
    let sql = format!(
        "EXPLAIN QUERY PLAN SELECT i.id, i.title, i.content FROM items i JOIN clusters c ON c.id = i.cluster_id WHERE 1=1 {filter} {ORDER}"
    );
    let mut stmt = conn.prepare(&sql).expect("query prepares");
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(3))
        .expect("plan runs")
        .collect::<Result<_, _>>()
        .expect("plan rows");
    rows.join("\n")
}

#[test]
fn feed_and_status_listings_need_no_sort() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.db");
    Store::open(&path).unwrap().close();
    let conn = rusqlite::Connection::open(&path).unwrap();

    let published = "AND c.lead_item_id = i.id AND i.relevant = 1 AND i.status != 'pruned'";
    let faceted = format!(
        "{published} AND EXISTS (SELECT 1 FROM json_each(i.states) WHERE value IN ('SN')) \
         AND EXISTS (SELECT 1 FROM json_each(i.topics) WHERE value IN ('weiterbildung'))"
    );
    for (name, filter, index) in [
        ("published feed", published.to_string(), "items_listing"),
        ("faceted feed", faceted, "items_listing"),
        (
            "status list",
            "AND i.status = 'new'".to_string(),
            "items_status_listing",
        ),
    ] {
        let plan = plan(&conn, &filter);
        assert!(
            !plan.contains("TEMP B-TREE"),
            "{name}: sorts instead of walking an index:\n{plan}"
        );
        assert!(
            plan.contains(index),
            "{name}: does not use {index}:\n{plan}"
        );
    }
}
