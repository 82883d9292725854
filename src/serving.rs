//! The long-running commands — `run`, `serve` and `demo` — and the signals that stop them
//! and reload their configuration.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use presseradar::app::{self, Paths};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// `run` and `serve`: the port is bound first, so a busy port fails before the database
/// is created or migrated.
pub async fn daemon(
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
pub async fn demo(listen: SocketAddr) -> anyhow::Result<ExitCode> {
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
