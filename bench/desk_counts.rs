//! Desk queue benchmark: times the editors' queue (`/admin`) store work on an existing
//! database: opening it (which runs pending migrations, e.g. 0011's tally backfill or 0012's
//! index of the leads), then per filter the filter counts, the first page of stories and the
//! page after it, on the first call and as the median of repeated calls.
//!
//!   bench-desk-counts DB [--repeat N] [--lists] [--before]
//!
//! `--lists` times the list under every relevance × status × (no filter, one state, one
//! topic, one source and their combinations) instead of the six counted filters; `--before`
//! also times the list's query as it was before migration 0012 (the lead items read through
//! the status index), once and a second time.
//!
//! Run it on a copy: opening migrates the database.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use presseradar::model::Status;
use presseradar::store::desk::{QueueFilter, queue_counts, queue_list_by_scan, review_queue};
use presseradar::store::{Store, StoreError, items};
use presseradar::vocab::State;
use rusqlite::Connection;

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn filters(source: Option<String>) -> Vec<(String, QueueFilter)> {
    let f = QueueFilter::default;
    vec![
        ("default (relevant, new)".into(), f()),
        (
            "irrelevant".into(),
            QueueFilter {
                relevant: false,
                ..f()
            },
        ),
        (
            "approved".into(),
            QueueFilter {
                status: Status::Approved,
                ..f()
            },
        ),
        (
            "state=BY".into(),
            QueueFilter {
                state: State::parse("BY"),
                ..f()
            },
        ),
        (
            "irrelevant, topic=weiterbildung, state=SN".into(),
            QueueFilter {
                relevant: false,
                topic: Some("weiterbildung".into()),
                state: State::parse("SN"),
                ..f()
            },
        ),
        ("source=<first>".into(), QueueFilter { source, ..f() }),
    ]
}

/// Every relevance × status × combination of state SN, topic weiterbildung and the given
/// source (whose own state is not SN: the combination of both matches few stories).
fn list_filters(source: &str) -> Vec<(String, QueueFilter)> {
    let mut all = Vec::new();
    for relevant in [true, false] {
        for status in Status::ALL {
            for mask in 0..8 {
                let filter = QueueFilter {
                    relevant,
                    status,
                    state: (mask & 1 != 0).then(|| State::parse("SN")).flatten(),
                    topic: (mask & 2 != 0).then(|| "weiterbildung".to_string()),
                    source: (mask & 4 != 0).then(|| source.to_string()),
                };
                let mut name = format!(
                    "{}, {status}",
                    if relevant { "relevant" } else { "irrelevant" }
                );
                for (on, part) in [
                    (mask & 1 != 0, " state=SN".to_string()),
                    (mask & 2 != 0, " topic=weiterbildung".to_string()),
                    (mask & 4 != 0, format!(" source={source}")),
                ] {
                    if on {
                        name.push_str(&part);
                    }
                }
                all.push((name, filter));
            }
        }
    }
    all
}

/// The list before `queue_index`, each story then read as the page does.
fn list_before(
    conn: &Connection,
    filter: &QueueFilter,
    limit: u32,
) -> Result<Vec<i64>, StoreError> {
    let ids = queue_list_by_scan(conn, filter, Some(limit))?;
    for &id in &ids {
        items::get(conn, id)?;
    }
    Ok(ids)
}

fn time(what: &dyn Fn() -> Result<(), String>) -> Result<Duration, String> {
    let t = Instant::now();
    what()?;
    Ok(t.elapsed())
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: bench-desk-counts DB [--repeat N] [--lists] [--before]";
    let db: PathBuf = args.next().ok_or(usage)?.into();
    let mut repeat = 20usize;
    let (mut lists, mut before) = (false, false);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or("--repeat: a positive number")?
            }
            "--lists" => lists = true,
            "--before" => before = true,
            other => return Err(format!("unknown argument {other:?}; {usage}")),
        }
    }
    let start = Instant::now();
    let store = Store::open(&db).map_err(|e| e.to_string())?;
    println!("open (with pending migrations): {}", ms(start.elapsed()));
    let (items, tally_rows, index_rows, first, other) = store
        .read_blocking(|c| {
            let n = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0));
            Ok((
                n("SELECT COUNT(*) FROM items")?,
                n("SELECT COUNT(*) FROM queue_tally")?,
                n("SELECT COUNT(*) FROM queue_index")?,
                c.query_row("SELECT MIN(source_id) FROM items", [], |r| r.get(0))?,
                // A source of another state than SN (the list filters' state).
                c.query_row(
                    "SELECT MIN(source_id) FROM items WHERE source_id LIKE 'by-%'",
                    [],
                    |r| r.get::<_, Option<String>>(0),
                )?,
            ))
        })
        .map_err(|e| e.to_string())?;
    println!("{items} items, {tally_rows} tally rows, {index_rows} rows in the index of the leads");
    let filters = if lists {
        list_filters(other.as_deref().unwrap_or("by-zeitung"))
    } else {
        filters(first)
    };
    print!(
        "| filter | stories on page 1 | counts 1st | counts median | page 1 1st | page 1 median | page 2 median |"
    );
    println!(
        "{}",
        if before {
            " before: page 1 1st / 2nd |"
        } else {
            ""
        }
    );
    for (name, filter) in filters {
        let counts = || {
            store
                .read_blocking(|c| queue_counts(c, &filter))
                .map(drop)
                .map_err(|e| e.to_string())
        };
        let first_page = store
            .read_blocking(|c| review_queue(c, &filter, None, 51))
            .map_err(|e| e.to_string())?;
        let cursor = first_page.last().map(|i| (i.published.clone(), i.id));
        let page = |cursor: Option<(String, i64)>| {
            store
                .read_blocking(|c| review_queue(c, &filter, cursor, 51))
                .map(drop)
                .map_err(|e| e.to_string())
        };
        let counts_first = time(&counts)?;
        let page_first = time(&|| page(None))?;
        let counts_rest = (0..repeat)
            .map(|_| time(&counts))
            .collect::<Result<_, _>>()?;
        let page_rest = (0..repeat)
            .map(|_| time(&|| page(None)))
            .collect::<Result<_, _>>()?;
        let page2_rest = (0..repeat)
            .map(|_| time(&|| page(cursor.clone())))
            .collect::<Result<_, _>>()?;
        print!(
            "| {name} | {} | {} | {} | {} | {} | {} |",
            first_page.len(),
            ms(counts_first),
            ms(median(counts_rest)),
            ms(page_first),
            ms(median(page_rest)),
            ms(median(page2_rest)),
        );
        if before {
            let old = || {
                store
                    .read_blocking(|c| list_before(c, &filter, 51))
                    .map_err(|e| e.to_string())
            };
            let (t1, t2) = (Instant::now(), old()?);
            let d1 = t1.elapsed();
            let t2s = Instant::now();
            old()?;
            let d2 = t2s.elapsed();
            let ids: Vec<i64> = first_page.iter().map(|i| i.id).collect();
            let same = if ids == t2 {
                ""
            } else {
                " (DIFFERENT stories)"
            };
            print!(" {} / {}{same} |", ms(d1), ms(d2));
        }
        println!();
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
