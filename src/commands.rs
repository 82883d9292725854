//! The `items` and `editor` subcommands of the binary (argument types live in cli.rs).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use presseradar::app::{self, Paths};
use presseradar::config::Config;
use presseradar::model::{Status, TagChange};
use presseradar::password::NewPassword;
use presseradar::store::Store;
use presseradar::store::editorial::{self, Edit};
use presseradar::store::items::{self, ItemFilter};

use crate::cli::{EditorCommand, ItemsCommand};

/// Who did it, for the audit log of shell actions: `shell:NAME` from $SUDO_USER, $USER or
/// $LOGNAME, else the account's login name (containers and cron often set no $USER), else
/// just `shell`.
pub fn shell_actor() -> String {
    let from_env = ["SUDO_USER", "USER", "LOGNAME"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|name| !name.trim().is_empty());
    match from_env.or_else(login_name) {
        Some(name) => format!("shell:{}", name.trim()),
        None => "shell".to_string(),
    }
}

/// The name of the account the process runs as, from the password database.
#[cfg(unix)]
fn login_name() -> Option<String> {
    let mut buf = vec![0 as libc::c_char; 4096];
    // SAFETY: a zeroed passwd is a valid out-parameter; getpwuid_r writes the strings into
    // `buf` (whose length it is given) and sets `found` to `&mut pwd` or null.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(
            libc::getuid(),
            &mut pwd,
            buf.as_mut_ptr(),
            buf.len(),
            &mut found,
        );
        if rc != 0 || found.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        let name = std::ffi::CStr::from_ptr(pwd.pw_name).to_string_lossy();
        (!name.trim().is_empty()).then(|| name.into_owned())
    }
}

#[cfg(not(unix))]
fn login_name() -> Option<String> {
    None
}

pub async fn items(store: &Store, cmd: ItemsCommand) -> anyhow::Result<ExitCode> {
    let only = |status: Status| Edit {
        status: Some(status),
        ..Default::default()
    };
    let pinned = |pinned: bool| Edit {
        pinned: Some(pinned),
        ..Default::default()
    };
    match cmd {
        ItemsCommand::List {
            status,
            state,
            topic,
            limit,
            json,
        } => {
            let filter = ItemFilter {
                status,
                states: state.into_iter().collect(),
                topics: topic.into_iter().collect(),
                limit,
                ..Default::default()
            };
            list_items(store, filter, json).await
        }
        ItemsCommand::Approve { ids } => edit_items(store, ids, only(Status::Approved)).await,
        ItemsCommand::Prune { ids } => edit_items(store, ids, only(Status::Pruned)).await,
        ItemsCommand::Pin { ids } => edit_items(store, ids, pinned(true)).await,
        ItemsCommand::Unpin { ids } => edit_items(store, ids, pinned(false)).await,
        ItemsCommand::Tag { id, changes } => tag_item(store, id, &changes).await,
    }
}

/// `items list`: a header row and one row per item (or JSON lines), and on stderr how many
/// of how many matching items were shown.
async fn list_items(store: &Store, filter: ItemFilter, json: bool) -> anyhow::Result<ExitCode> {
    let (list, total) = store
        .read(move |c| Ok((items::list(c, &filter)?, items::count_matching(c, &filter)?)))
        .await?;
    let mut out = std::io::stdout().lock();
    if !json {
        writeln!(
            out,
            "{:>6}  {:<10}  {:<8} TITLE  [STATES] [TOPICS]  SOURCE",
            "ID", "DATE", "STATUS"
        )?;
    }
    for item in &list {
        if json {
            writeln!(out, "{}", serde_json::to_string(item)?)?;
        } else {
            let states: Vec<&str> = item.states.iter().map(|s| s.code()).collect();
            writeln!(
                out,
                "{:>6}  {}  {:<8} {}{}  [{}] [{}]  {}",
                item.id,
                &item.published[..10],
                item.status,
                if item.pinned { "📌 " } else { "" },
                item.title,
                states.join(","),
                item.topics.join(","),
                item.source
            )?;
        }
    }
    if (list.len() as u64) < total {
        eprintln!("showing {} of {total} (--limit to see more)", list.len());
    } else {
        eprintln!("{total} matching");
    }
    Ok(ExitCode::SUCCESS)
}

/// The same edit on every item, audited as the shell's user; stops at the first failure.
async fn edit_items(store: &Store, ids: Vec<i64>, edit: Edit) -> anyhow::Result<ExitCode> {
    let actor = shell_actor();
    for id in ids {
        let (e, a) = (edit.clone(), actor.clone());
        let item = store
            .write(move |c| editorial::apply(c, id, &a, &e, chrono::Utc::now()))
            .await
            .with_context(|| format!("item {id}"))?;
        println!("{}\t{}\t{}", item.id, item.status, item.title);
    }
    Ok(ExitCode::SUCCESS)
}

/// `items tag ID +topic:T -state:X …`: the changes applied to the item's current tags.
async fn tag_item(store: &Store, id: i64, changes: &[TagChange]) -> anyhow::Result<ExitCode> {
    let current = store
        .read(move |c| items::get(c, id))
        .await
        .with_context(|| format!("item {id}"))?;
    let (mut states, mut topics) = (current.states, current.topics);
    for change in changes {
        change.apply(&mut states, &mut topics);
    }
    let edit = Edit {
        states: Some(states),
        topics: Some(topics),
        ..Default::default()
    };
    edit_items(store, vec![id], edit).await
}

pub async fn editor(store: &Store, cmd: EditorCommand) -> anyhow::Result<ExitCode> {
    use presseradar::store::editors;
    match cmd {
        EditorCommand::Add { name } => {
            // Hashed before the write, so the writer is not held while argon2 runs.
            let password = tokio::task::spawn_blocking(NewPassword::generate)
                .await
                .context("password hashing")??;
            let creds = store
                .write(move |c| editors::add(c, &name, &password, chrono::Utc::now()))
                .await?;
            println!("editor: {}", creds.editor.name);
            println!("password: {}", creds.password);
            println!("token: {}", creds.token);
            eprintln!("Both are shown only now; store them safely.");
        }
        EditorCommand::List => {
            for e in store.read(editors::list).await? {
                println!("{}\t{}", e.name, e.created);
            }
        }
        EditorCommand::Remove { name } => {
            store.write(move |c| editors::remove(c, &name)).await?;
            println!("removed");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `labels export [FILE]`: every decision of the desk as a JSON line; a count on stderr.
pub async fn export_labels(paths: &Paths, file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let config = app::load_config(&paths.sources)?;
    let store = app::open_store(&paths.db)?;
    let labels = app::export_labels(&config, &store).await;
    store.close();
    let mut text = String::new();
    for label in labels? {
        text.push_str(&serde_json::to_string(&label)?);
        text.push('\n');
    }
    let count = text.lines().count();
    match file {
        Some(path) => {
            std::fs::write(path, &text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("{count} decisions written to {}", path.display());
        }
        None => {
            std::io::stdout().lock().write_all(text.as_bytes())?;
            eprintln!("{count} decisions");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `eval FILE`: the rules of sources.toml (or the embedded ones when there is none) scored
/// on a labels file.
pub fn eval(paths: &Paths, file: &Path) -> anyhow::Result<ExitCode> {
    let config = match Config::load(&paths.sources) {
        Ok(config) => Some(config),
        Err(_) if !paths.sources.exists() => None,
        Err(e) => return Err(e.into()),
    };
    let report = app::eval_labels(config.as_ref(), file)?;
    print!("{report}");
    Ok(ExitCode::SUCCESS)
}
