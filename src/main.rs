//! The `presseradar` command: parses arguments, sets up logging, calls the library.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use presseradar::app::{self, Paths};
use presseradar::classify::{Classifier, classify_json_lines};
use presseradar::config::Config;
use presseradar::report::PollReport;

use cli::{Cli, ColorChoice, Command, LabelsCommand};

/// glibc gives every thread that allocates under contention an arena of its own (up to
/// eight per core) and keeps their freed memory. Two per core: at 1,000,000 items `run`
/// peaked at 99 MB with glibc's default, 92 MB with four arenas and 89 MB with two, while a
/// 20,000-item `poll` took 5.4 s, 6.2 s and 7.7 s (2 cores).
///
/// And glibc raises its mmap threshold (up to 32 MB) each time a large block is freed, so
/// after the first one, blocks of a few MB — a login's 7 MiB of argon2 memory, a brotli
/// encoder, a large feed body — come from the arenas and stay there: 23 logins took
/// `serve` from 25 to 82–103 MB. A fixed threshold of 1 MiB keeps such blocks mapped on their
/// own and returns them when freed. `MALLOC_ARENA_MAX` and `MALLOC_MMAP_THRESHOLD_` in the
/// environment still win.
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu", not(presseradar_portable)))]
    {
        if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
            let cores = std::thread::available_parallelism().map_or(2, usize::from);
            let arenas = i32::try_from(2 * cores).unwrap_or(i32::MAX);
            // SAFETY: mallopt only sets an allocator parameter; called before any thread exists.
            unsafe {
                libc::mallopt(libc::M_ARENA_MAX, arenas);
            }
        }
        if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
            // SAFETY: as above.
            unsafe {
                libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
            }
        }
    }
}

fn main() -> ExitCode {
    tune_malloc();
    let cli = Cli::parse();
    init_tracing(&cli.log_format, cli.color);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(dispatch(cli)) {
        Ok(code) => code,
        Err(e) => {
            print_error(&e);
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, each said once: the chain stops at the first cause whose
/// text the message already holds, since the layers below it only restate it (SQLite's
/// "unable to open database file" comes up three times otherwise). A message of several
/// lines (every problem of a sources.toml) gets one `error:` each.
fn print_error(e: &anyhow::Error) {
    for line in error_text(e).lines() {
        eprintln!("error: {line}");
    }
}

fn error_text(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            break;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

/// Whether logs carry ANSI colours: `auto` only when stderr is a terminal and NO_COLOR
/// (any non-empty value, no-color.org) is not set.
fn use_colour(choice: ColorChoice) -> bool {
    use std::io::IsTerminal;
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    }
}

fn init_tracing(format: &str, color: ColorChoice) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(use_colour(color))
        .with_writer(std::io::stderr);
    if format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let paths = Paths {
        sources: cli.sources.clone(),
        db: cli.db.clone(),
    };
    match cli.command {
        Command::Demo => serving::demo(cli.listen).await,
        Command::Run => serving::daemon(&paths, cli.listen, true).await,
        Command::Discover { url } => source_commands::discover(&paths, &url).await,
        Command::Serve => serving::daemon(&paths, cli.listen, false).await,
        Command::Poll { ids } => poll(&paths, &ids).await,
        Command::Classify { file } => classify(&paths, file),
        Command::Check => Ok(check(&paths)),
        Command::Try { source, file, json } => {
            source_commands::try_source(&paths, &source, file.as_deref(), json).await
        }
        Command::Items(cmd) => {
            let store = app::open_store(&paths.db)?;
            let result = commands::items(&store, cmd).await;
            store.close();
            result
        }
        Command::Editor(cmd) => {
            let store = app::open_store(&paths.db)?;
            let result = commands::editor(&store, cmd).await;
            store.close();
            result
        }
        Command::Export { dir } => {
            let config = app::load_config(&paths.sources)?;
            let store = app::open_store(&paths.db)?;
            let written = app::export(config, store.clone(), &dir).await?;
            store.close();
            println!("wrote {} files to {}", written.len(), dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Labels(LabelsCommand::Export { file }) => {
            commands::export_labels(&paths, file.as_deref()).await
        }
        Command::Eval { file } => commands::eval(&paths, &file),
        Command::Backup { file, force } => backup(&paths, &file, force).await,
    }
}

async fn poll(paths: &Paths, ids: &[String]) -> anyhow::Result<ExitCode> {
    let config = app::load_config(&paths.sources)?;
    let store = app::open_store(&paths.db)?;
    let pipeline = app::pipeline(config, store.clone())?;
    let zone = pipeline.config.settings.timezone;
    let reports = app::poll(&pipeline, ids).await?;
    store.close();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", PollReport::HEADER)?;
    for r in &reports {
        writeln!(out, "{}", r.in_zone(zone))?;
    }
    Ok(if reports.iter().any(|r| r.failed()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn classify(paths: &Paths, file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let classifier = match Config::load(&paths.sources) {
        Ok(config) => app::classifier(&config)?,
        // Without a sources.toml the embedded rules apply.
        Err(_) if !paths.sources.exists() => Arc::new(Classifier::embedded()),
        Err(e) => return Err(e.into()),
    };
    let stdout = std::io::stdout().lock();
    let result = match file {
        Some(path) => {
            let f = std::fs::File::open(&path).with_context(|| path.display().to_string())?;
            classify_json_lines(&classifier, std::io::BufReader::new(f), stdout)
        }
        None => classify_json_lines(&classifier, std::io::stdin().lock(), stdout),
    };
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(1))
        }
    }
}

fn check(paths: &Paths) -> ExitCode {
    let checked = Config::load(&paths.sources)
        .map_err(app::CommandError::from)
        .and_then(|config| app::classifier(&config).map(|_| config));
    match checked {
        Ok(config) => {
            println!(
                "{}: ok ({} sources, {} feeds)",
                paths.sources.display(),
                config.sources.len(),
                config.feeds.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            let text = e.to_string();
            let n = text.lines().count();
            for line in text.lines() {
                eprintln!("error: {line}");
            }
            if n > 1 {
                eprintln!("{}: {n} errors", paths.sources.display());
            }
            ExitCode::from(2)
        }
    }
}

/// `backup FILE [--force]`: the copy goes to a temporary file beside FILE and is renamed
/// over it when complete, so an existing FILE (kept unless --force) is never left half
/// overwritten and a failed backup leaves nothing behind.
async fn backup(paths: &Paths, file: &Path, force: bool) -> anyhow::Result<ExitCode> {
    if !force && std::fs::symlink_metadata(file).is_ok() {
        anyhow::bail!("{} exists; pass --force to replace it", file.display());
    }
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write {}: {} is not a directory",
            file.display(),
            dir.display()
        );
    }
    let partial = file.with_file_name(format!(
        ".{}.partial-{}",
        file.file_name()
            .map_or_else(|| "backup".into(), |n| n.to_string_lossy()),
        std::process::id()
    ));
    let store = app::open_store(&paths.db)?;
    let copied = store.backup(partial.clone()).await;
    store.close();
    let done = copied.map_err(anyhow::Error::from).and_then(|()| {
        std::fs::rename(&partial, file).with_context(|| format!("cannot write {}", file.display()))
    });
    if let Err(e) = done {
        let _ = std::fs::remove_file(&partial);
        return Err(e.context(format!("backup to {}", file.display())));
    }
    println!("backup written to {}", file.display());
    Ok(ExitCode::SUCCESS)
}

mod cli;
mod commands;
mod serving;
mod source_commands;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("source \"x\": {0}")]
    struct Outer(#[source] Inner);

    #[derive(Debug, thiserror::Error)]
    #[error("not a readable feed")]
    struct Inner;

    #[test]
    fn an_error_chain_says_each_message_once() {
        let e = anyhow::Error::new(Outer(Inner));
        assert_eq!(error_text(&e), "source \"x\": not a readable feed");
        let e = anyhow::Error::new(Inner).context("cannot listen on 127.0.0.1:8080");
        assert_eq!(
            error_text(&e),
            "cannot listen on 127.0.0.1:8080: not a readable feed"
        );
    }
}
