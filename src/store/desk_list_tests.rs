//! The queue's list comes from an index of the stories' leads kept by triggers (migration
//! 0012); read page by page it must equal reading the lead items themselves, under every
//! combination of filters, after ingest-like inserts, editors' actions, re-tagging, lead
//! changes and retention (the scenario of desk_tests.rs).

use rusqlite::Connection;

use super::desk::{QueueFilter, queue_list_by_scan, review_queue};
use super::desk_tests::{SOURCES, scenario};
use crate::model::Status;
use crate::vocab::{State, TOPICS};

/// The whole list read page by page as the desk does: each page continues after the
/// (published, id) of the previous page's last row.
fn paged(conn: &Connection, filter: &QueueFilter, size: u32) -> Vec<i64> {
    let mut all = Vec::new();
    let mut before = None;
    loop {
        let page = review_queue(conn, filter, before, size).expect("page");
        all.extend(page.iter().map(|i| i.id));
        match page.last() {
            Some(last) if page.len() == size as usize => {
                before = Some((last.published.clone(), last.id));
            }
            _ => return all,
        }
    }
}

/// Every combination of relevance, status, no/one state, no/one topic (an unknown one
/// included) and no/one source.
fn list_filters() -> Vec<QueueFilter> {
    let mut all = Vec::new();
    for relevant in [true, false] {
        for status in Status::ALL {
            for state in [None, Some(State::ALL[0]), Some(State::ALL[3])] {
                for topic in [None, Some(TOPICS[0]), Some(TOPICS[2]), Some("unbekannt")] {
                    for source in [None, Some(SOURCES[1]), Some(SOURCES[4])] {
                        all.push(QueueFilter {
                            relevant,
                            status,
                            state,
                            topic: topic.map(String::from),
                            source: source.map(String::from),
                        });
                    }
                }
            }
        }
    }
    all
}

/// The index of the leads, checked against one written from scratch from the items and
/// stories.
fn checked_index(conn: &Connection, when: &str) -> Vec<(String, i64, String, String, i64)> {
    let rows = |sql: &str| -> Vec<(String, i64, String, String, i64)> {
        conn.prepare(sql)
            .expect("index rows")
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    let kept = rows(
        "SELECT key, relevant, status, published, item_id FROM queue_index ORDER BY 1, 2, 3, 4, 5",
    );
    let rebuilt = rows(
        "WITH leads AS (SELECT i.* FROM clusters c JOIN items i
                        ON i.id = c.lead_item_id AND i.cluster_id = c.id)
         SELECT '', relevant, status, published, id FROM leads
         UNION SELECT 'o:' || source_id, relevant, status, published, id FROM leads
         UNION SELECT 's:' || j.value, l.relevant, l.status, l.published, l.id
               FROM leads l, json_each(l.states) j WHERE j.type = 'text'
         UNION SELECT 't:' || j.value, l.relevant, l.status, l.published, l.id
               FROM leads l, json_each(l.topics) j WHERE j.type = 'text'
         ORDER BY 1, 2, 3, 4, 5",
    );
    let missing: Vec<_> = rebuilt
        .iter()
        .filter(|r| !kept.contains(r))
        .take(5)
        .collect();
    let extra: Vec<_> = kept
        .iter()
        .filter(|r| !rebuilt.contains(r))
        .take(5)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && kept.len() == rebuilt.len(),
        "{when}: the index of the leads differs from one written from scratch: missing \
         {missing:?}, stale {extra:?}"
    );
    kept
}

fn assert_list_exact(conn: &Connection, when: &str) {
    assert!(!checked_index(conn, when).is_empty(), "{when}");
    let mut nonempty = 0;
    for filter in list_filters() {
        let naive = queue_list_by_scan(conn, &filter, None).expect("list by scan");
        nonempty += usize::from(!naive.is_empty());
        assert_eq!(
            paged(conn, &filter, 7),
            naive,
            "{when}, pages of 7: {filter:?}"
        );
        let first: Vec<i64> = review_queue(conn, &filter, None, 51)
            .expect("first page")
            .iter()
            .map(|i| i.id)
            .collect();
        assert_eq!(
            first,
            naive[..naive.len().min(51)],
            "{when}, first page: {filter:?}"
        );
    }
    assert!(
        nonempty > 20,
        "{when}: the filters find stories ({nonempty})"
    );
}

#[test]
fn the_list_matches_reading_the_leads_after_every_kind_of_change() {
    scenario(0x5eed_1234_abcd_0042, assert_list_exact);
    scenario(0x0123_4567_89ab_cdef, assert_list_exact);
}
