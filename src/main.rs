//! The `presseradar` command: parses arguments, sets up logging, calls the library.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use presseradar::app::{self, Paths};
use presseradar::classify::{Classifier, classify_json_lines};
use presseradar::config::Config;
use presseradar::report::PollReport;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use cli::{Cli, Command};

/// Who did it, for the audit log of shell actions.
fn shell_actor() -> String {
    let user = std::env::var("SUDO_USER")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "unknown".into());
    format!("shell:{user}")
}

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
    init_tracing(&cli.log_format);
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
            eprintln!("error: {}", error_text(&e));
            ExitCode::FAILURE
        }
    }
}

/// An error and its causes on one line, each said once: the library's messages already
/// carry their cause's words, which the chain would repeat.
fn error_text(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let message = cause.to_string();
        if text.contains(&message) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&message);
    }
    text
}

fn init_tracing(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
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
        Command::Demo => demo(cli.listen).await,
        Command::Run => daemon(&paths, cli.listen, true).await,
        Command::Serve => daemon(&paths, cli.listen, false).await,
        Command::Poll { ids } => poll(&paths, &ids).await,
        Command::Classify { file } => classify(&paths, file),
        Command::Check => Ok(check(&paths)),
        Command::Try { source, file, json } => {
            try_source(&paths, &source, file.as_deref(), json).await
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
        Command::Backup { file } => {
            let store = app::open_store(&paths.db)?;
            store.backup(file.clone()).await?;
            store.close();
            println!("backup written to {}", file.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `run` and `serve`: the port is bound first, so a busy port fails before the database
/// is created or migrated.
async fn daemon(
    paths: &Paths,
    listen: SocketAddr,
    with_scheduler: bool,
) -> anyhow::Result<ExitCode> {
    let listener = TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let shutdown = CancellationToken::new();
    let (reload_tx, reload_rx) = tokio::sync::mpsc::channel(1);
    spawn_signal_handler(shutdown.clone(), reload_tx);
    app::run(listener, paths, with_scheduler, shutdown, reload_rx).await?;
    Ok(ExitCode::SUCCESS)
}

/// `demo`: the built-in world, its configuration and editor, then `run` on them; the
/// scratch directory is removed when it stops.
async fn demo(listen: SocketAddr) -> anyhow::Result<ExitCode> {
    let listener = TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let demo = presseradar::demo::prepare(listener.local_addr()?).await?;
    let base = demo.base_url.trim_end_matches('/');
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "presseradar demo: a built-in world of outlets and ministry pages on {}, polled every 15 seconds\n\
         \x20 landing page   {base}/\n\
         \x20 feeds          {base}/feeds/ost.atom  (also .rss and .json; all feeds on the landing page)\n\
         \x20 embed          {base}/embed/ost\n\
         \x20 editors' desk  {base}/admin/login  name: {}  password: {}\n\
         A further release appears about a minute after the start. Files: {} (removed at exit).\n\
         Ctrl-C stops.",
        demo.world,
        presseradar::demo::EDITOR,
        demo.password,
        demo.dir.display(),
    )?;
    out.flush()?;
    drop(out);
    let shutdown = CancellationToken::new();
    let (reload_tx, reload_rx) = tokio::sync::mpsc::channel(1);
    spawn_signal_handler(shutdown.clone(), reload_tx);
    let result = app::run(listener, &demo.paths, true, shutdown, reload_rx).await;
    let _ = std::fs::remove_dir_all(&demo.dir);
    result?;
    Ok(ExitCode::SUCCESS)
}

async fn poll(paths: &Paths, ids: &[String]) -> anyhow::Result<ExitCode> {
    let config = app::load_config(&paths.sources)?;
    let store = app::open_store(&paths.db)?;
    let pipeline = app::pipeline(config, store.clone())?;
    let reports = app::poll(&pipeline, ids).await?;
    store.close();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", PollReport::HEADER)?;
    for r in &reports {
        writeln!(out, "{r}")?;
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
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

async fn try_source(
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

/// SIGINT or SIGTERM cancel the token: stop taking jobs, finish in-flight ones, exit 0.
/// SIGHUP asks for the configuration to be reloaded.
fn spawn_signal_handler(shutdown: CancellationToken, reload: tokio::sync::mpsc::Sender<()>) {
    tokio::spawn(async move {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let (Ok(mut term), Ok(mut int), Ok(mut hup)) = (
                signal(SignalKind::terminate()),
                signal(SignalKind::interrupt()),
                signal(SignalKind::hangup()),
            ) else {
                tracing::error!("cannot install signal handlers");
                return;
            };
            loop {
                tokio::select! {
                    _ = term.recv() => break,
                    _ = int.recv() => break,
                    _ = hup.recv() => {
                        tracing::info!("SIGHUP: reloading the configuration");
                        let _ = reload.try_send(());
                    }
                }
            }
        }
        #[cfg(not(unix))]
        {
            let _ = reload;
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("shutting down");
        shutdown.cancel();
    });
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

mod cli;
mod commands;

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
