//! The queue's filter counts come from a tally kept by triggers (migration 0011); they must
//! equal counting the lead items themselves, under every filter, after ingest-like inserts,
//! editors' actions, re-tagging, lead changes and retention. The same changes check the
//! queue's list (desk_list_tests.rs).

use chrono::{TimeZone, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, params, params_from_iter};

use super::desk::{QueueCounts, QueueFilter, queue_counts};
use super::editorial::{self, Edit};
use super::ingest::recompute_lead;
use crate::model::Status;
use crate::vocab::{State, TOPICS};

pub(super) const SOURCES: [&str; 5] = ["berlin-a", "bayern-b", "sachsen-c", "hamburg-d", "saar-e"];

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn database() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("t.db");
    drop(super::Store::open(&path).expect("store opens"));
    let conn = super::open_connection(&path, false).expect("connection");
    (dir, conn)
}

/// A JSON list of up to `max` picks from `pool` (repeats and an unknown value included now
/// and then, as a hand-edited database may hold them).
fn pick_list(rng: &mut Rng, pool: &[&str], max: usize) -> String {
    let picks: Vec<&str> = (0..rng.below(max + 1))
        .map(|_| {
            if rng.below(40) == 0 {
                "unbekannt"
            } else {
                pool[rng.below(pool.len())]
            }
        })
        .collect();
    serde_json::to_string(&picks).expect("json")
}

/// Stores `n` items the way ingest does: a new story gets its lead after the item is in,
/// a joined story has its lead chosen again.
fn fill(conn: &Connection, rng: &mut Rng, n: usize) {
    let codes: Vec<&str> = State::ALL.iter().map(|s| s.code()).collect();
    let statuses = ["new", "new", "approved", "pruned"];
    for k in 0..n {
        let clusters: i64 = conn
            .query_row("SELECT COUNT(*) FROM clusters", [], |r| r.get(0))
            .expect("count");
        let join = clusters > 0 && rng.below(4) == 0;
        let cluster: i64 = if join {
            conn.query_row(
                "SELECT id FROM clusters ORDER BY id LIMIT 1 OFFSET ?1",
                [rng.below(clusters as usize) as i64],
                |r| r.get(0),
            )
            .expect("cluster")
        } else {
            conn.execute(
                "INSERT INTO clusters (guid, created) VALUES (?1, '2026-01-01T00:00:00Z')",
                [format!("urn:t:{k}:{}", rng.next())],
            )
            .expect("new cluster");
            conn.last_insert_rowid()
        };
        let published = format!(
            "2026-{:02}-{:02}T08:00:00Z",
            1 + rng.below(12),
            1 + rng.below(28)
        );
        conn.execute(
            "INSERT INTO items (uid, source_id, url, canonical_url, title, summary, content,
                 published, date_source, first_seen, updated, content_hash, relevant, score,
                 states, topics, status, authority, cluster_id)
             VALUES (?1, ?2, ?3, ?3, 'Titel', '', 'Text', ?4, 'feed', ?4, ?4, 'h', ?5, 1.0,
                 ?6, ?7, ?8, ?9, ?10)",
            params![
                format!("uid-{k}-{}", rng.next()),
                SOURCES[rng.below(SOURCES.len())],
                format!("https://example.org/{k}"),
                published,
                rng.below(3) == 0,
                pick_list(rng, &codes, 3),
                pick_list(rng, &TOPICS, 3),
                statuses[rng.below(statuses.len())],
                rng.below(2) as i64,
                cluster,
            ],
        )
        .expect("item");
        let item = conn.last_insert_rowid();
        if join {
            recompute_lead(conn, cluster).expect("lead");
        } else {
            conn.execute(
                "UPDATE clusters SET lead_item_id = ?2 WHERE id = ?1",
                [cluster, item],
            )
            .expect("lead");
        }
    }
}

/// The counts as the queue first computed them: grouping the lead items themselves, each
/// facet under the other filters (`skip` leaves out the facet being counted).
fn naive(conn: &Connection, filter: &QueueFilter) -> QueueCounts {
    let count = |skip: usize, value: &str, fan_out: Option<&str>| -> Vec<(String, u32)> {
        let mut sql = String::from("c.lead_item_id = i.id");
        let mut args: Vec<Value> = Vec::new();
        if skip != 0 {
            sql.push_str(" AND i.relevant = ?");
            args.push(Value::Integer(i64::from(filter.relevant)));
        }
        if skip != 1 {
            sql.push_str(&format!(" AND i.status = '{}'", filter.status));
        }
        if let (Some(state), true) = (filter.state, skip != 2) {
            sql.push_str(" AND EXISTS (SELECT 1 FROM json_each(i.states) WHERE value = ?)");
            args.push(Value::Text(state.code().into()));
        }
        if let (Some(topic), true) = (&filter.topic, skip != 3) {
            sql.push_str(" AND EXISTS (SELECT 1 FROM json_each(i.topics) WHERE value = ?)");
            args.push(Value::Text(topic.clone()));
        }
        if let (Some(source), true) = (&filter.source, skip != 4) {
            sql.push_str(" AND i.source_id = ?");
            args.push(Value::Text(source.clone()));
        }
        let from = match fan_out {
            Some(column) => {
                format!("items i JOIN clusters c ON c.id = i.cluster_id, json_each(i.{column}) j")
            }
            None => "items i JOIN clusters c ON c.id = i.cluster_id".into(),
        };
        let mut stmt = conn
            .prepare(&format!(
                "SELECT CAST({value} AS TEXT), COUNT(*) FROM {from} WHERE {sql}
                 GROUP BY 1 ORDER BY 2 DESC, 1"
            ))
            .expect("naive count");
        stmt.query_map(params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    QueueCounts {
        relevance: count(0, "i.relevant", None)
            .into_iter()
            .map(|(v, n)| (v == "1", n))
            .collect(),
        status: count(1, "i.status", None)
            .into_iter()
            .filter_map(|(v, n)| v.parse().ok().map(|s| (s, n)))
            .collect(),
        states: count(2, "j.value", Some("states"))
            .into_iter()
            .filter_map(|(v, n)| State::parse(&v).map(|s| (s, n)))
            .collect(),
        topics: count(3, "j.value", Some("topics")),
        sources: count(4, "i.source_id", None),
    }
}

fn filters() -> Vec<QueueFilter> {
    let f = QueueFilter::default;
    vec![
        f(),
        QueueFilter {
            relevant: false,
            ..f()
        },
        QueueFilter {
            status: Status::Approved,
            ..f()
        },
        QueueFilter {
            state: Some(State::ALL[0]),
            ..f()
        },
        QueueFilter {
            relevant: false,
            topic: Some(TOPICS[2].into()),
            ..f()
        },
        QueueFilter {
            source: Some(SOURCES[1].into()),
            ..f()
        },
        QueueFilter {
            relevant: false,
            status: Status::Pruned,
            state: Some(State::ALL[3]),
            topic: Some(TOPICS[0].into()),
            source: Some(SOURCES[2].into()),
        },
        QueueFilter {
            state: Some(State::ALL[1]),
            topic: Some(TOPICS[1].into()),
            ..f()
        },
        QueueFilter {
            topic: Some("unbekannt".into()),
            ..f()
        },
    ]
}

fn assert_counts_exact(conn: &Connection, when: &str) {
    for filter in filters() {
        let naive = naive(conn, &filter);
        assert_eq!(
            queue_counts(conn, &filter).expect("counts"),
            naive,
            "{when}: {filter:?}"
        );
    }
    // The tally holds no empty rows.
    let empty: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM queue_tally WHERE stories <= 0",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(empty, 0, "{when}");
}

/// Sixty editors' actions on random items: status, relevance (and undoing it), tags, pin.
fn random_edits(conn: &mut Connection, rng: &mut Rng) {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM items ORDER BY id")
        .expect("ids")
        .query_map([], |r| r.get(0))
        .expect("ids")
        .collect::<Result<_, _>>()
        .expect("ids");
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    for round in 0..60 {
        let id = ids[rng.below(ids.len())];
        let edit = match round % 5 {
            0 => Edit {
                status: Some(Status::ALL[rng.below(3)]),
                ..Edit::default()
            },
            1 => Edit {
                relevant: Some(if rng.below(3) == 0 {
                    None
                } else {
                    Some(rng.below(2) == 0)
                }),
                ..Edit::default()
            },
            2 => Edit {
                states: Some(vec![State::ALL[rng.below(16)], State::ALL[rng.below(16)]]),
                topics: Some(vec![TOPICS[rng.below(TOPICS.len())].to_string()]),
                ..Edit::default()
            },
            3 => Edit {
                pinned: Some(rng.below(2) == 0),
                ..Edit::default()
            },
            _ => Edit {
                status: Some(Status::Approved),
                ..Edit::default()
            },
        };
        editorial::apply(conn, id, "test", &edit, now).expect("edit applies");
    }
}

/// Fills a random store and changes it in every way the queue's tables must follow, calling
/// `check` after each step.
pub(super) fn scenario(seed: u64, check: impl Fn(&Connection, &str)) {
    let (_dir, mut conn) = database();
    let mut rng = Rng(seed);
    fill(&conn, &mut rng, 300);
    let stories: u32 = queue_counts(&conn, &QueueFilter::default())
        .expect("counts")
        .relevance
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert!(
        stories > 0,
        "the random store has stories in the default queue"
    );
    check(&conn, "after filling");

    random_edits(&mut conn, &mut rng);
    check(&conn, "after editors' actions");

    // Re-classification and re-fetching rewrite columns directly; a lead moves elsewhere.
    conn.execute_batch(
        "UPDATE items SET relevant = 1 - relevant WHERE id % 7 = 0;
         UPDATE items SET states = '[\"BY\",\"BY\"]', topics = '[]' WHERE id % 11 = 0;
         UPDATE items SET source_id = 'saar-e' WHERE id % 13 = 0;
         UPDATE items SET published = '2026-06-15T08:00:00Z' WHERE id % 17 = 0;",
    )
    .expect("rewrites");
    let clusters: Vec<i64> = conn
        .prepare("SELECT id FROM clusters")
        .expect("clusters")
        .query_map([], |r| r.get(0))
        .expect("clusters")
        .collect::<Result<_, _>>()
        .expect("clusters");
    for c in &clusters {
        recompute_lead(&conn, *c).expect("lead");
    }
    check(&conn, "after re-classification");

    // An item moves to another story; a story loses its lead.
    conn.execute_batch(
        "UPDATE items SET cluster_id = (SELECT MIN(id) FROM clusters) WHERE id % 19 = 0;
         UPDATE clusters SET lead_item_id = NULL WHERE id % 23 = 0;",
    )
    .expect("moves");
    check(&conn, "after moving items between stories");

    fill(&conn, &mut rng, 80);
    let cutoff = Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap();
    let removed = super::retention::remove_older_than(&mut conn, cutoff).expect("retention");
    assert!(removed > 0, "retention removes items of the random store");
    check(&conn, "after retention");
}

#[test]
fn counts_match_counting_the_leads_after_every_kind_of_change() {
    scenario(0x5eed_1234_abcd_0042, assert_counts_exact);
}

#[test]
fn the_tally_equals_a_recount_from_scratch() {
    let (_dir, mut conn) = database();
    let mut rng = Rng(0x0ddb_a11c_afe5_0007);
    fill(&conn, &mut rng, 200);
    conn.execute_batch("UPDATE items SET status = 'approved' WHERE id % 3 = 0")
        .expect("approve");
    let cutoff = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    super::retention::remove_older_than(&mut conn, cutoff).expect("retention");
    let tally = |conn: &Connection, sql: &str| -> Vec<(i64, String, String, String, String, i64)> {
        conn.prepare(sql)
            .expect("tally")
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    let kept = tally(
        &conn,
        "SELECT relevant, status, source_id, states, topics, stories FROM queue_tally
         ORDER BY 1, 2, 3, 4, 5",
    );
    let recount = tally(
        &conn,
        "SELECT i.relevant, i.status, i.source_id, i.states, i.topics, COUNT(*)
         FROM clusters c JOIN items i ON i.id = c.lead_item_id AND i.cluster_id = c.id
         GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5",
    );
    assert!(!kept.is_empty());
    assert_eq!(kept, recount);
}
