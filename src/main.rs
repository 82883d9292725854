//! The `presseradar` command: parses arguments, sets up logging, calls the library.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use presseradar::app::{self, Paths};
use presseradar::config::Config;
use tokio_util::sync::CancellationToken;

#[derive(Parser)]
#[command(
    name = "presseradar",
    version,
    about = "Watches German press pages for skilled-worker initiatives and republishes curated feeds"
)]
struct Cli {
    /// The sources and feeds file.
    #[arg(
        long,
        global = true,
        env = "PRESSERADAR_SOURCES",
        default_value = "sources.toml"
    )]
    sources: PathBuf,
    /// The SQLite database (created with its schema on first use).
    #[arg(
        long,
        global = true,
        env = "PRESSERADAR_DB",
        default_value = "presseradar.db"
    )]
    db: PathBuf,
    /// Address of the HTTP server.
    #[arg(
        long,
        global = true,
        env = "PRESSERADAR_LISTEN",
        default_value = "127.0.0.1:8080"
    )]
    listen: SocketAddr,
    /// Log format: text or json.
    #[arg(long, global = true, default_value = "text", value_parser = ["text", "json"])]
    log_format: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The daemon: scheduler and HTTP server; SIGINT/SIGTERM stop it cleanly.
    Run,
    /// The HTTP server only.
    Serve,
    /// Fetch sources once now and print a summary row per source; exit 1 if any failed.
    Poll { ids: Vec<String> },
    /// Validate sources.toml (and the topic rules); exit 2 on error.
    Check,
    /// Dry run of one source, live or on a saved page or feed: the items it would
    /// extract, with classification and reasons. Writes nothing.
    Try {
        source: String,
        #[arg(long)]
        file: Option<PathBuf>,
        /// Print JSON lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Classify JSON lines ({"id"?, "title", "body", "source_state"?, "url"?}) from FILE or
    /// stdin; prints relevant, score, states, topics and reasons per line.
    Classify { file: Option<PathBuf> },
    /// Consistent online copy of the database.
    Backup { file: PathBuf },
    /// Write every [[feed]] as DIR/ID.rss, .atom, .json plus DIR/feeds.opml.
    Export { dir: PathBuf },
    /// List and curate items from the shell (audited like the editor UI).
    #[command(subcommand)]
    Items(ItemsCommand),
    /// Editor accounts.
    #[command(subcommand)]
    Editor(EditorCommand),
}

#[derive(Subcommand)]
enum ItemsCommand {
    /// List items, newest first (pinned first).
    List {
        /// Only items with this status: new, approved or pruned.
        #[arg(long)]
        status: Option<String>,
        /// Only items tagged with this federal state: a code (BY, NW, SN, …) or its slug.
        #[arg(long)]
        state: Option<String>,
        /// Only items tagged with this topic: zuwanderung, anerkennung, weiterbildung, ….
        #[arg(long)]
        topic: Option<String>,
        /// At most this many items.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Mark items approved.
    Approve { ids: Vec<i64> },
    /// Prune items: never published, never taken in again.
    Prune { ids: Vec<i64> },
    /// Pin items: listed first in every feed and kept past `retention_days`.
    Pin { ids: Vec<i64> },
    /// Unpin items: back to date order, removed again when older than `retention_days`.
    Unpin { ids: Vec<i64> },
    /// Change tags: `items tag ID +topic:weiterbildung -state:SN …`.
    Tag {
        id: i64,
        #[arg(allow_hyphen_values = true, required = true)]
        changes: Vec<String>,
    },
}

#[derive(Subcommand)]
enum EditorCommand {
    /// Create an account; prints a one-time password and an API token.
    Add {
        name: String,
    },
    List,
    Remove {
        name: String,
    },
}

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
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
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
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
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
        listen: cli.listen,
    };
    match cli.command {
        Command::Run | Command::Serve => {
            let shutdown = CancellationToken::new();
            let (reload_tx, reload_rx) = tokio::sync::mpsc::channel(1);
            spawn_signal_handler(shutdown.clone(), reload_tx);
            app::run(
                &paths,
                matches!(cli.command, Command::Run),
                shutdown,
                reload_rx,
            )
            .await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Poll { ids } => {
            let config = app::load_config(&paths.sources)?;
            let store = app::open_store(&paths.db)?;
            let pipeline = app::pipeline(config, store.clone())?;
            let reports = app::poll(&pipeline, &ids).await?;
            store.close();
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", presseradar::pipeline::PollReport::HEADER)?;
            for r in &reports {
                writeln!(out, "{r}")?;
            }
            Ok(if reports.iter().any(|r| r.failed()) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Classify { file } => {
            let classifier = match Config::load(&paths.sources) {
                Ok(config) => app::classifier(&config)?,
                // Without a sources.toml the embedded rules apply.
                Err(_) if !paths.sources.exists() => {
                    std::sync::Arc::new(presseradar::classify::Classifier::embedded())
                }
                Err(e) => return Err(e.into()),
            };
            let stdout = std::io::stdout().lock();
            let result = match file {
                Some(path) => {
                    let f = std::fs::File::open(&path)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                    presseradar::classify::classify_json_lines(
                        &classifier,
                        std::io::BufReader::new(f),
                        stdout,
                    )
                }
                None => presseradar::classify::classify_json_lines(
                    &classifier,
                    std::io::stdin().lock(),
                    stdout,
                ),
            };
            match result {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(e) => {
                    eprintln!("error: {e}");
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Check => match Config::load(&paths.sources)
            .map_err(anyhow::Error::from)
            .and_then(|c| {
                app::classifier(&c)?;
                Ok(c)
            }) {
            Ok(config) => {
                println!(
                    "{}: ok ({} sources, {} feeds)",
                    paths.sources.display(),
                    config.sources.len(),
                    config.feeds.len()
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                eprintln!("error: {e}");
                Ok(ExitCode::from(2))
            }
        },
        Command::Try { source, file, json } => {
            let config = app::load_config(&paths.sources)?;
            // A dry run never writes: it gets a throwaway in-memory-sized temp database.
            let scratch = tempfile_db()?;
            let store = app::open_store(&scratch)?;
            let pipeline = app::pipeline(config, store.clone())?;
            let result = app::try_source(&pipeline, &source, file.as_deref()).await;
            store.close();
            let _ = std::fs::remove_file(&scratch);
            let items = result?;
            let mut out = std::io::stdout().lock();
            for item in &items {
                if json {
                    writeln!(out, "{}", serde_json::to_string(item)?)?;
                } else {
                    writeln!(out, "{item}")?;
                }
            }
            if !json {
                writeln!(out, "{} items", items.len())?;
            }
            Ok(ExitCode::SUCCESS)
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

/// A scratch database path for commands that must not touch the real one.
fn tempfile_db() -> anyhow::Result<PathBuf> {
    let name = format!(
        "presseradar-try-{}-{}.db",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
    );
    Ok(std::env::temp_dir().join(name))
}

mod commands;
