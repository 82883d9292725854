//! Scale benchmark filler: grows a presseradar database to N generated items through the
//! crate's own pipeline stages (classification, fingerprints, canonical URLs) and store
//! ingest (with the near-duplicate finder the pipeline shares), then times the last batch.
//!
//!   bench-fill-db DB N [--seed S] [--measure M] [--sources-out PATH] [--feed-base URL]
//!
//! `--sources-out` writes the sources.toml the items claim to come from (48 outlets, 3 per
//! state), with each source's feed at `URL/<id>.xml` (default: a dead loopback port), so
//! that `presseradar run` can be started on the same database.
//!
//! Tops up an existing database (items already there count towards N). The last M items
//! (default 2,000) are ingested as a timed run in write jobs of 100 (one source poll's
//! worth) and reported as µs per item at that database size.

#[path = "fill_db/text.rs"]
mod text;
#[path = "fill_db/words.rs"]
mod words;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use presseradar::config::{Config, Source};
use presseradar::model::{DateSource, RawItem};
use presseradar::pipeline::Pipeline;
use presseradar::store::Store;
use presseradar::store::ingest::{self, Incoming, IngestOutcome};
use presseradar::store::items;

use text::Rng;
use words::LANDS;

/// Outlets per state: two newspapers and the state's press office.
const OUTLETS: [(&str, &str); 3] = [
    ("zeitung", "press"),
    ("rundschau", "press"),
    ("landesregierung", "official"),
];
/// Every 25th item (4 %) republishes an earlier one.
const REPUBLISH_EVERY: u64 = 25;
/// Setup only: reads through mmap and no syncs while filling. The timed run goes back
/// to what `Store` uses (no mmap, synchronous = NORMAL). (A big page cache was tried: SQLite
/// walks all of it at every commit, pcache1TruncateUnsafe, and the fill slowed to a crawl.)
const FILL_PRAGMAS: &str =
    "PRAGMA mmap_size = 17179869184; PRAGMA synchronous = OFF; PRAGMA wal_autocheckpoint = 16384;";
const STORE_PRAGMAS: &str =
    "PRAGMA mmap_size = 0; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 1000;";
/// Items per write job while filling: enough to keep the writer busy between batches.
const FILL_JOB: usize = 500;
/// Items per write job in the timed run: one source's poll.
const MEASURE_JOB: usize = 100;

struct Args {
    db: PathBuf,
    target: u64,
    seed: u64,
    measure: u64,
    sources_out: Option<PathBuf>,
    feed_base: String,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let usage =
        "usage: bench-fill-db DB N [--seed S] [--measure M] [--sources-out PATH] [--feed-base URL]";
    let db = it.next().ok_or(usage)?.into();
    let target = it
        .next()
        .ok_or(usage)?
        .replace('_', "")
        .parse()
        .map_err(|e| format!("N: {e}"))?;
    let mut args = Args {
        db,
        target,
        seed: 7,
        measure: 2000,
        sources_out: None,
        feed_base: "http://127.0.0.1:9".into(),
    };
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag}: missing value"))?;
        match flag.as_str() {
            "--seed" => args.seed = value.parse().map_err(|e| format!("--seed: {e}"))?,
            "--measure" => args.measure = value.parse().map_err(|e| format!("--measure: {e}"))?,
            "--sources-out" => args.sources_out = Some(value.into()),
            "--feed-base" => args.feed_base = value.trim_end_matches('/').to_string(),
            _ => return Err(format!("unknown flag {flag}; {usage}")),
        }
    }
    Ok(args)
}

/// The sources the generated items claim to come from, as a sources.toml.
fn sources_toml(feed_base: &str) -> String {
    let mut toml = String::from(
        "[settings]\ncontact = \"https://example.org/bench\"\nbase_url = \"http://127.0.0.1:18090\"\nretention_days = 3650\nschedule = \"* * * * *\"\n\n[[feed]]\nid = \"alle\"\ntitle = \"Alle\"\n\n[[feed]]\nid = \"ost\"\ntitle = \"Ost\"\nstates = [\"ST\", \"SN\", \"TH\", \"BB\", \"MV\"]\n",
    );
    for land in &LANDS {
        for (kind, authority) in OUTLETS {
            let id = source_id(land.code, kind);
            toml.push_str(&format!(
                "\n[[source]]\nid = \"{id}\"\nname = \"{kind} {name}\"\nkind = \"feed\"\nurl = \"{feed_base}/{id}.xml\"\nstate = \"{code}\"\nauthority = \"{authority}\"\nrobots = false\n",
                name = land.name,
                code = land.code,
            ));
        }
    }
    toml
}

fn source_id(code: &str, kind: &str) -> String {
    format!("{}-{kind}", code.to_lowercase())
}

/// The feed item of generated item `index`: an original, or (every 25th) another
/// outlet's republication of an earlier original.
fn raw_item(seed: u64, index: u64) -> (RawItem, usize, usize) {
    let anchor = Utc
        .with_ymd_and_hms(2026, 11, 20, 6, 0, 0)
        .single()
        .unwrap_or_default();
    let mut r = Rng::new(seed.rotate_left(17) ^ index.wrapping_mul(0x2545_f491_4f6c_dd1d));
    let original_of = |i: u64| -> u64 {
        // Republish one of the last 20,000 items, never a republication.
        let mut j = i.saturating_sub(1 + (i * 7919) % 20_000.min(i.max(1)));
        while j > 0 && j.is_multiple_of(REPUBLISH_EVERY) {
            j -= 1;
        }
        j
    };
    let published_of = |i: u64| -> DateTime<Utc> {
        let mut r = Rng::new(seed ^ i.wrapping_mul(0x9e37_79b9));
        anchor - Duration::seconds(r.below(330 * 24 * 3600) as i64)
    };
    let is_copy = index > 1000 && index.is_multiple_of(REPUBLISH_EVERY);
    let (article, outlet, published) = if is_copy {
        let j = original_of(index);
        let original = text::article(seed, j);
        let outlet = (outlet_of(seed, j) + 1 + r.below(2)) % OUTLETS.len();
        let published = published_of(j) + Duration::minutes(30 + r.below(600) as i64);
        (text::republish(original, &mut r), outlet, published)
    } else {
        (
            text::article(seed, index),
            outlet_of(seed, index),
            published_of(index),
        )
    };
    let id = source_id(LANDS[article.land].code, OUTLETS[outlet].0);
    let url = format!("https://www.{id}.example/nachrichten/{index}-meldung.html?utm_source=rss");
    let raw = RawItem {
        guid: Some(format!("{id}:{index}")),
        url,
        title: article.title.clone(),
        summary: article.summary(),
        content: article.html(),
        published: Some(published),
        updated: None,
        date_source: DateSource::Feed,
    };
    (raw, article.land, outlet)
}

fn outlet_of(seed: u64, index: u64) -> usize {
    Rng::new(seed ^ index.wrapping_mul(0x51_7cc1_b727_220a)).below(OUTLETS.len())
}

fn prepare(pipeline: &Pipeline, sources: &[Source], seed: u64, index: u64) -> Incoming {
    let (raw, land, outlet) = raw_item(seed, index);
    let source = &sources[land * OUTLETS.len() + outlet];
    pipeline.prepare(source, raw)
}

#[derive(Default)]
struct Tally {
    new: u64,
    duplicate: u64,
    irrelevant: u64,
    other: u64,
}

impl Tally {
    fn add(&mut self, outcomes: &[IngestOutcome]) {
        for o in outcomes {
            match o {
                IngestOutcome::New => self.new += 1,
                IngestOutcome::Duplicate => self.duplicate += 1,
                IngestOutcome::Irrelevant => self.irrelevant += 1,
                _ => self.other += 1,
            }
        }
    }
    fn total(&self) -> u64 {
        self.new + self.duplicate + self.irrelevant + self.other
    }
}

fn file_mb(path: &Path) -> u64 {
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    (size(path) + size(&wal)) / 1_000_000
}

async fn pragmas(store: &Store, sql: &'static str) -> Result<(), String> {
    store
        .write(move |c| Ok(c.execute_batch(sql)?))
        .await
        .map_err(|e| e.to_string())
}

async fn ingest_job(
    pipeline: &Pipeline,
    batch: Vec<Incoming>,
) -> Result<Vec<IngestOutcome>, String> {
    let clusters = pipeline.clusters.clone();
    pipeline
        .store
        .write(move |conn| {
            // One transaction per write job, as the pipeline stores one fetch.
            ingest::ingest_many(conn, &batch, Utc::now(), clusters.as_ref())
        })
        .await
        .map_err(|e| e.to_string())
}

async fn run(args: Args) -> Result<(), String> {
    let toml = sources_toml(&args.feed_base);
    let toml_path = args
        .sources_out
        .clone()
        .unwrap_or_else(|| PathBuf::from("bench-fill-db.toml"));
    if let Some(out) = &args.sources_out {
        std::fs::write(out, &toml).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let config = std::sync::Arc::new(Config::parse(&toml, &toml_path).map_err(|e| e.to_string())?);
    let store = Store::open(&args.db).map_err(|e| e.to_string())?;
    let pipeline =
        presseradar::app::pipeline(config.clone(), store.clone()).map_err(|e| format!("{e:#}"))?;
    let existing = store.read(items::count).await.map_err(|e| e.to_string())?;
    let start = existing;
    if start >= args.target {
        println!(
            "fill: items={existing} db_mb={} nothing to add",
            file_mb(&args.db)
        );
        return Ok(());
    }
    let measure_from = args.target.saturating_sub(args.measure).max(start);
    eprintln!(
        "bench-fill-db: {} has {existing} items; adding {} (timed: the last {})",
        args.db.display(),
        args.target - start,
        args.target - measure_from
    );

    // Generation, classification and fingerprints on one thread; the store's writer
    // thread ingests meanwhile (two cores, two busy threads).
    let (tx, rx) = mpsc::sync_channel::<(Vec<Incoming>, f64)>(4);
    let producer = {
        let pipeline = pipeline.clone();
        let sources = config.sources.clone();
        let (seed, target) = (args.seed, args.target);
        std::thread::spawn(move || {
            let mut index = start;
            while index < target {
                let job = if index >= measure_from {
                    MEASURE_JOB
                } else {
                    FILL_JOB
                };
                let end = (index + job as u64)
                    .min(target)
                    .min(if index < measure_from {
                        measure_from
                    } else {
                        target
                    });
                let t = Instant::now();
                let batch: Vec<Incoming> = (index..end)
                    .map(|i| prepare(&pipeline, &sources, seed, i))
                    .collect();
                let secs = t.elapsed().as_secs_f64();
                if tx.send((batch, secs)).is_err() {
                    return;
                }
                index = end;
            }
        })
    };

    pragmas(&store, FILL_PRAGMAS).await?;
    let started = Instant::now();
    let mut done = start;
    let mut store_pragmas = false;
    let mut fill = Tally::default();
    let mut timed = Tally::default();
    let (mut timed_ingest, mut timed_prepare) = (0.0f64, 0.0f64);
    let mut next_report = start + 10_000 - start % 10_000;
    while let Ok((batch, prepare_secs)) = rx.recv() {
        let n = batch.len() as u64;
        let in_measure = done >= measure_from;
        if in_measure && !store_pragmas {
            pragmas(&store, STORE_PRAGMAS).await?;
            store_pragmas = true;
        }
        let t = Instant::now();
        let outcomes = ingest_job(&pipeline, batch).await?;
        let secs = t.elapsed().as_secs_f64();
        if in_measure {
            timed.add(&outcomes);
            timed_ingest += secs;
            timed_prepare += prepare_secs;
        } else {
            fill.add(&outcomes);
        }
        done += n;
        if done >= next_report || done == args.target {
            let elapsed = started.elapsed().as_secs_f64();
            eprintln!(
                "  {done} items, {:.0} s, {:.0} items/s, {} MB",
                elapsed,
                (done - start) as f64 / elapsed.max(1e-9),
                file_mb(&args.db)
            );
            next_report += 10_000;
        }
    }
    let _ = producer.join();
    let fill_secs = started.elapsed().as_secs_f64();
    store.close();
    let m = timed.total().max(1) as f64;
    println!(
        "fill: items={done} added={} fill_secs={fill_secs:.1} fill_items_per_sec={:.0} db_mb={} duplicates_in_fill={} \
         timed_items={} ingest_us_per_item={:.0} prepare_us_per_item={:.0} duplicate_share_pct={:.1} timed_new={} timed_duplicate={} timed_irrelevant={} timed_other={}",
        done - start,
        (done - start) as f64 / fill_secs.max(1e-9),
        file_mb(&args.db),
        fill.duplicate,
        timed.total(),
        timed_ingest * 1e6 / m,
        timed_prepare * 1e6 / m,
        timed.duplicate as f64 * 100.0 / m,
        timed.new,
        timed.duplicate,
        timed.irrelevant,
        timed.other,
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-fill-db: {e}");
            ExitCode::FAILURE
        }
    }
}
