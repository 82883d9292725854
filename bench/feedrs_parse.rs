//! Benchmark baseline: the feed parser's own limit — every file in a directory parsed by
//! feed-rs alone, from memory, on one thread (`bench-feedrs-parse DIR [ROUNDS]`).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: bench-feedrs-parse DIR [ROUNDS]");
        return ExitCode::from(2);
    };
    let rounds: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let files = match read_all(Path::new(&dir)) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("{dir}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let started = Instant::now();
    let mut items = 0usize;
    for _ in 0..rounds {
        for (name, body) in &files {
            match feed_rs::parser::parse(body.as_slice()) {
                Ok(feed) => items += feed.entries.len(),
                Err(e) => {
                    eprintln!("{name}: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    // One machine-readable line for bench/run.sh.
    println!(
        "feeds={} items={items} bytes={} seconds={secs:.4} items_per_sec={:.0}",
        files.len() * rounds as usize,
        bytes * rounds as usize,
        items as f64 / secs
    );
    ExitCode::SUCCESS
}

fn read_all(dir: &Path) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() {
            let body = std::fs::read(&path)?;
            files.push((path.display().to_string(), body));
        }
    }
    files.sort();
    Ok(files)
}
