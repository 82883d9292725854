//! Reads every feed file under the given directories the way `presseradar try --file` does
//! (charset decoding, then feed extraction) in one process, and reports per file whether
//! it yielded items or a sentence — and above all that nothing panicked. Used on outside
//! corpora of odd feeds (feedparser's and feed-rs's test files), which are not part of this
//! repository:
//!
//! `cargo run --release --example try_corpus -- DIR…`

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| {
            ["xml", "rss", "atom", "rdf", "json"].contains(&e.to_string_lossy().as_ref())
        }) {
            out.push(path);
        }
    }
}

fn main() {
    let mut paths = Vec::new();
    for dir in std::env::args().skip(1) {
        files(Path::new(&dir), &mut paths);
    }
    paths.sort();
    let base = url::Url::parse("https://www.example.org/feed.xml").expect("a valid base URL");
    let (mut read, mut failed, mut panicked, mut skipped, mut caught) = (0, 0, 0, 0, 0);
    for path in &paths {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let outcome = std::panic::catch_unwind(|| {
            let text = presseradar::fetch::decode_text(&bytes, None);
            presseradar::extract::feed::extract_feed(&text, &base)
        });
        match outcome {
            Ok(Ok(found)) => {
                read += 1;
                skipped += found.skipped.len();
            }
            Ok(Err(e)) => {
                failed += 1;
                let message = e.to_string();
                if matches!(e, presseradar::extract::ExtractError::ParserFailed { .. }) {
                    caught += 1;
                    println!("CAUGHT {}: {message}", path.display());
                }
                if message.trim().is_empty() {
                    println!("NO MESSAGE {}", path.display());
                } else if std::env::var_os("TRY_CORPUS_VERBOSE").is_some() {
                    println!("REFUSED {}: {message}", path.display());
                }
            }
            Err(_) => {
                panicked += 1;
                println!("PANIC {}", path.display());
            }
        }
    }
    println!(
        "{} files: {read} read, {failed} refused with a message ({caught} of them a parser's panic, caught), {panicked} panicked; {skipped} entries skipped with a reason",
        paths.len()
    );
    if panicked > 0 {
        std::process::exit(1);
    }
}
