//! Desk queue benchmark: times the editors' queue (`/admin`) store work on an existing
//! database: opening it (which runs pending migrations, e.g. 0011's tally backfill), then
//! per filter the filter counts and the first page of stories, on the first call and as
//! the median of repeated calls.
//!
//!   bench-desk-counts DB [--repeat N]
//!
//! Run it on a copy: opening migrates the database.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use presseradar::model::Status;
use presseradar::store::Store;
use presseradar::store::desk::{QueueFilter, queue_counts, review_queue};
use presseradar::vocab::State;

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn filters(source: Option<String>) -> Vec<(&'static str, QueueFilter)> {
    let f = QueueFilter::default;
    vec![
        ("default (relevant, new)", f()),
        (
            "irrelevant",
            QueueFilter {
                relevant: false,
                ..f()
            },
        ),
        (
            "approved",
            QueueFilter {
                status: Status::Approved,
                ..f()
            },
        ),
        (
            "state=BY",
            QueueFilter {
                state: State::parse("BY"),
                ..f()
            },
        ),
        (
            "irrelevant, topic=weiterbildung, state=SN",
            QueueFilter {
                relevant: false,
                topic: Some("weiterbildung".into()),
                state: State::parse("SN"),
                ..f()
            },
        ),
        ("source=<first>", QueueFilter { source, ..f() }),
    ]
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: bench-desk-counts DB [--repeat N]";
    let db: PathBuf = args.next().ok_or(usage)?.into();
    let mut repeat = 20usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or("--repeat: a positive number")?
            }
            other => return Err(format!("unknown argument {other:?}; {usage}")),
        }
    }
    let start = Instant::now();
    let store = Store::open(&db).map_err(|e| e.to_string())?;
    println!("open (with pending migrations): {}", ms(start.elapsed()));
    let (items, tally_rows, source) = store
        .read_blocking(|c| {
            let n = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0));
            Ok((
                n("SELECT COUNT(*) FROM items")?,
                n("SELECT COUNT(*) FROM queue_tally")?,
                c.query_row("SELECT MIN(source_id) FROM items", [], |r| r.get(0))?,
            ))
        })
        .map_err(|e| e.to_string())?;
    println!("{items} items, {tally_rows} tally rows");
    println!("| filter | counts 1st | counts median | queue page 1st | queue page median |");
    for (name, filter) in filters(source) {
        let time = |what: &dyn Fn() -> Result<(), String>| -> Result<Duration, String> {
            let t = Instant::now();
            what()?;
            Ok(t.elapsed())
        };
        let counts = || {
            store
                .read_blocking(|c| queue_counts(c, &filter))
                .map(drop)
                .map_err(|e| e.to_string())
        };
        let page = || {
            store
                .read_blocking(|c| review_queue(c, &filter, None, 51))
                .map(drop)
                .map_err(|e| e.to_string())
        };
        let counts_first = time(&counts)?;
        let page_first = time(&page)?;
        let counts_rest = (0..repeat)
            .map(|_| time(&counts))
            .collect::<Result<_, _>>()?;
        let page_rest = (0..repeat).map(|_| time(&page)).collect::<Result<_, _>>()?;
        println!(
            "| {name} | {} | {} | {} | {} |",
            ms(counts_first),
            ms(median(counts_rest)),
            ms(page_first),
            ms(median(page_rest))
        );
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
