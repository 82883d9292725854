//! Batch ingest: one transaction per fetch, the full-text index written at its end, and a
//! failed batch leaving neither rows nor entries in the near-duplicate index behind.

use chrono::Utc;
use rusqlite::Connection;

use super::clusters::NearDuplicates;
use super::ingest::{Encoded, Incoming, IngestOutcome, ingest_many};
use crate::config::Authority;
use crate::model::AutoTags;
use crate::model::{DateSource, RawItem};

const RELEASE: &str = "Das Ministerium für Wirtschaft, Wissenschaft und Digitalisierung startet \
    eine neue Fachkräfteinitiative für kleine und mittlere Unternehmen in Sachsen-Anhalt. \
    Betriebe erhalten Zuschüsse für die Anwerbung ausländischer Pflegekräfte, für \
    Sprachkurse und für die Anerkennung von Berufsabschlüssen. Die Landesregierung stellt \
    dafür in den kommenden zwei Jahren insgesamt zwölf Millionen Euro bereit.";

const WELCOME: &str = "In Erfurt hat das Welcome Center Thüringen eine Beratungsstelle eröffnet, \
    die zugewanderte Fachkräfte bei Behördengängen, Wohnungssuche und Anerkennung begleitet.";

/// The release as outlet a publishes it, and outlet b's copy of it under its own title.
fn release_from_a() -> Incoming {
    incoming("a", "https://a.example/1", "Fachkräfte für Pflege", RELEASE)
}

fn copy_from_b() -> Incoming {
    incoming(
        "b",
        "https://b.example/x",
        "Land fördert Anwerbung",
        RELEASE,
    )
}

fn incoming(source: &str, url: &str, title: &str, body: &str) -> Incoming {
    let fp = crate::dedup::fingerprint(title, body);
    let item = RawItem {
        guid: None,
        url: url.into(),
        title: title.into(),
        summary: String::new(),
        content: format!("<p>{body}</p>"),
        published: None,
        updated: None,
        date_source: DateSource::Feed,
    };
    let tags = AutoTags {
        relevant: true,
        ..AutoTags::default()
    };
    Incoming {
        source_id: source.into(),
        authority: Authority::Press,
        encoded: Encoded::of(source, &item, url, &tags),
        item,
        canonical_url: url.into(),
        tags,
        dedup_key: Some(fp.lookup_key),
        fingerprint: Some(fp.to_bytes()),
        list_only: false,
        search_text: super::search::search_text(None, title, body),
    }
}

/// Two different releases from source a.
fn two_from_a() -> Vec<Incoming> {
    vec![
        release_from_a(),
        incoming(
            "a",
            "https://a.example/2",
            "Welcome Center eröffnet",
            WELCOME,
        ),
    ]
}

fn database() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("t.db");
    drop(super::Store::open(&path).expect("store opens"));
    let conn = super::open_connection(&path, false).expect("connection");
    (dir, conn)
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).expect("count")
}

/// How many items the search index finds holding `word` (folded, as the index has it).
fn holding(conn: &Connection, word: &str) -> i64 {
    conn.query_row(
        "SELECT COUNT(*) FROM items_fts WHERE items_fts MATCH ?1",
        [format!("\"{word}\"")],
        |r| r.get(0),
    )
    .expect("count")
}

#[test]
fn a_batch_is_stored_and_searchable() {
    let (_dir, mut conn) = database();
    let finder = NearDuplicates::new();
    let mut batch = two_from_a();
    batch.push(copy_from_b());
    let outcomes = ingest_many(&mut conn, &batch, Utc::now(), &finder).expect("batch stored");
    assert_eq!(
        outcomes,
        [
            IngestOutcome::New,
            IngestOutcome::New,
            IngestOutcome::Duplicate
        ]
    );
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM items"), 3);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM clusters"), 2);
    assert_eq!(holding(&conn, "beratungsstelle"), 1);
    assert_eq!(holding(&conn, "pflegekraefte"), 2);
}

#[test]
fn a_failed_batch_leaves_nothing_behind() {
    let (_dir, mut conn) = database();
    let finder = NearDuplicates::new();
    // A real SQLite error in the middle of the batch.
    conn.execute_batch(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON items WHEN NEW.title = 'Kaputt'
         BEGIN SELECT RAISE(ABORT, 'refused'); END;",
    )
    .expect("trigger");
    let welcome = incoming(
        "a",
        "https://a.example/2",
        "Welcome Center eröffnet",
        WELCOME,
    );
    let broken = incoming(
        "a",
        "https://a.example/3",
        "Kaputt",
        "Ein Text ohne Bedeutung.",
    );
    let err =
        ingest_many(&mut conn, &[welcome, broken], Utc::now(), &finder).expect_err("batch fails");
    assert!(err.to_string().contains("refused"), "{err}");
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM items"), 0);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM items_fts"), 0);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM clusters"), 0);

    // The row id the failed batch used is handed out again, to another story: the finder
    // must file it under the new story's key, or its copies would not be found.
    let outcomes =
        ingest_many(&mut conn, &[release_from_a()], Utc::now(), &finder).expect("stored");
    assert_eq!(outcomes, [IngestOutcome::New]);
    let outcomes = ingest_many(&mut conn, &[copy_from_b()], Utc::now(), &finder).expect("stored");
    assert_eq!(outcomes, [IngestOutcome::Duplicate]);
}

/// Stores the release from outlet a, lets `change` alter it, then offers outlet b's copy
/// of the release's original text: what became of the copy.
fn copy_after(
    change: impl FnOnce(&mut Connection, &std::path::Path, &NearDuplicates),
) -> IngestOutcome {
    let (dir, mut conn) = database();
    let finder = NearDuplicates::new();
    ingest_many(&mut conn, &[release_from_a()], Utc::now(), &finder).expect("stored");
    change(&mut conn, &dir.path().join("t.db"), &finder);
    let outcomes = ingest_many(&mut conn, &[copy_from_b()], Utc::now(), &finder).expect("stored");
    outcomes[0]
}

#[test]
fn an_unchanged_release_takes_in_its_copy() {
    assert_eq!(copy_after(|_, _, _| {}), IngestOutcome::Duplicate);
}

/// The finder confirms recent candidates on fingerprints it keeps in memory; an item whose
/// text changed must be compared as it is now, not as it was stored.
#[test]
fn an_updated_item_is_compared_by_its_new_text() {
    let outcome = copy_after(|conn, _, finder| {
        // The outlet replaced the article's text.
        let rewritten = incoming("a", "https://a.example/1", "Fachkräfte für Pflege", WELCOME);
        let outcomes = ingest_many(conn, &[rewritten], Utc::now(), finder).expect("stored");
        assert_eq!(outcomes, [IngestOutcome::Updated]);
    });
    assert_eq!(outcome, IngestOutcome::New);
}

#[test]
fn a_fingerprint_changed_by_another_process_is_read_anew() {
    let outcome = copy_after(|_, path, _| {
        // Another process (a `poll` beside `run`) updates the item's fingerprint.
        let other = super::open_connection(path, false).expect("connection");
        let fp = crate::dedup::fingerprint("Welcome Center eröffnet", WELCOME).to_bytes();
        let changed = other
            .execute("UPDATE item_fingerprints SET fingerprint = ?1", [fp])
            .expect("update");
        assert_eq!(changed, 1);
    });
    assert_eq!(outcome, IngestOutcome::New);
}

#[test]
fn a_release_removed_by_retention_is_not_matched_from_memory() {
    let outcome = copy_after(|conn, _, _| {
        // Retention in the same process: the release was published before the cutoff.
        let cutoff = Utc::now() + chrono::Duration::days(1);
        let removed = super::retention::remove_older_than(conn, cutoff).expect("retention");
        assert_eq!(removed, 1);
    });
    assert_eq!(outcome, IngestOutcome::New);
}

fn generation(conn: &Connection) -> i64 {
    count(conn, "SELECT generation FROM change_counter WHERE id = 1")
}

#[test]
fn new_items_move_the_feeds_change_counter() {
    let (_dir, mut conn) = database();
    let finder = NearDuplicates::new();
    let batch = [
        release_from_a(),
        incoming("a", "https://a.example/2", "Welcome", WELCOME),
    ];
    ingest_many(&mut conn, &batch, Utc::now(), &finder).expect("stored");
    let stored = generation(&conn);
    // The same fetch again: nothing changed, so cached feeds stay valid.
    let outcomes = ingest_many(&mut conn, &batch, Utc::now(), &finder).expect("stored");
    assert!(outcomes.iter().all(|o| *o == IngestOutcome::Unchanged));
    assert_eq!(generation(&conn), stored);
    // Another outlet's copy joins the story without changing its lead: no update of a
    // story or item fires a trigger, yet "also reported by" in the feeds changed, so the
    // batch itself must move the counter (else feeds would answer a stale 304).
    let outcomes = ingest_many(&mut conn, &[copy_from_b()], Utc::now(), &finder).expect("stored");
    assert_eq!(outcomes, [IngestOutcome::Duplicate]);
    assert_eq!(generation(&conn), stored + 1);
}

#[test]
fn a_database_from_before_the_word_index_is_reindexed_at_start() {
    let (dir, mut conn) = database();
    let finder = NearDuplicates::new();
    ingest_many(&mut conn, &two_from_a(), Utc::now(), &finder).expect("batch stored");
    // The database as migration 6 left it: the index with word positions, filled.
    conn.execute_batch(
        "DROP TABLE items_fts;
         CREATE VIRTUAL TABLE items_fts USING fts5(text, content = '', contentless_delete = 1, tokenize = 'unicode61');
         INSERT INTO items_fts (rowid, text) SELECT id, lower(title) FROM items;
         DROP TABLE retired;
         ALTER TABLE items DROP COLUMN relevant_override;
         ALTER TABLE items DROP COLUMN auto_relevant;
         ALTER TABLE sources DROP COLUMN last_skipped;
         ALTER TABLE sources DROP COLUMN last_skip_reasons;
         ALTER TABLE sources DROP COLUMN last_notices;
         DROP TRIGGER queue_tally_item_update;
         DROP TRIGGER queue_tally_item_delete;
         DROP TRIGGER queue_tally_lead_update;
         DROP TRIGGER queue_tally_cluster_delete;
         DROP TABLE queue_tally;
         DROP TRIGGER queue_index_item_update;
         DROP TRIGGER queue_index_item_delete;
         DROP TRIGGER queue_index_lead_update;
         DROP TRIGGER queue_index_cluster_delete;
         DROP TABLE queue_index;
         DELETE FROM schema_migrations WHERE version >= 7;",
    )
    .expect("older schema");
    drop(conn);

    drop(super::Store::open(&dir.path().join("t.db")).expect("store opens"));
    let conn = super::open_connection(&dir.path().join("t.db"), false).expect("connection");
    let schema: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'items_fts'",
            [],
            |r| r.get(0),
        )
        .expect("index table");
    assert!(schema.contains("detail = none"), "{schema}");
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM items_fts"), 2);
    // Words of the bodies, which the old rows above did not hold, are found.
    assert_eq!(holding(&conn, "beratungsstelle"), 1);
    assert_eq!(holding(&conn, "pflegekraefte"), 1);
}
