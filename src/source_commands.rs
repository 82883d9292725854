//! The commands about one source or site: `try` (a dry run of a source) and `discover`
//! (the feeds a site offers).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use presseradar::app::{self, Paths};
use presseradar::config::Config;

/// `discover URL`: fetched politely with the settings of sources.toml (or the defaults
/// when there is none).
pub async fn discover(paths: &Paths, url: &url::Url) -> anyhow::Result<ExitCode> {
    let config = match Config::load(&paths.sources) {
        Ok(config) => config,
        Err(_) if !paths.sources.exists() => Config::parse("", Path::new("(defaults)"))?,
        Err(e) => return Err(e.into()),
    };
    let fetcher = presseradar::fetch::Fetcher::new(&config.settings)?;
    let found = presseradar::discover::discover(&fetcher, url).await?;
    print!("{found}");
    Ok(if !found.found() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub async fn try_source(
    paths: &Paths,
    source: &str,
    file: Option<&Path>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let config = app::load_config(&paths.sources)?;
    // A dry run never writes: it gets a throwaway temp database.
    let scratch = scratch_db_path();
    let store = app::open_store(&scratch)?;
    let pipeline = app::pipeline(config, store.clone())?;
    let result = app::try_source(&pipeline, source, file).await;
    store.close();
    let _ = std::fs::remove_file(&scratch);
    let found = result?;
    let mut out = std::io::stdout().lock();
    for item in &found.items {
        if json {
            writeln!(out, "{}", serde_json::to_string(item)?)?;
        } else {
            writeln!(out, "{item}")?;
        }
    }
    for notice in &found.notices {
        eprintln!("note: {notice}");
    }
    for skipped in &found.skipped {
        // In JSON mode stdout holds items only; the skipped entries go to stderr.
        if json {
            eprintln!("skipped {skipped}");
        } else {
            writeln!(out, "skipped {skipped}\n")?;
        }
    }
    let what = match file {
        Some(path) => format!("{} (source {source})", path.display()),
        None => format!("source {source}"),
    };
    let summary = format!(
        "{what}: {}, {} skipped",
        plural(found.items.len(), "item", "items"),
        found.skipped.len()
    );
    if json {
        eprintln!("{summary}");
    } else {
        writeln!(out, "{summary}")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A scratch database path for commands that must not touch the real one.
fn scratch_db_path() -> PathBuf {
    let name = format!(
        "presseradar-try-{}-{}.db",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
    );
    std::env::temp_dir().join(name)
}
