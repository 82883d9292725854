//! The `items` and `editor` subcommands of the binary (argument types live in main.rs).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use presseradar::model::{Status, TagChange};
use presseradar::password::NewPassword;
use presseradar::store::Store;
use presseradar::store::editorial::{self, Edit};
use presseradar::store::items::{self, ItemFilter};
use presseradar::vocab::{self, State};

use super::{EditorCommand, ItemsCommand, shell_actor};

pub async fn items(store: &Store, cmd: ItemsCommand) -> anyhow::Result<ExitCode> {
    let edit_all = |ids: Vec<i64>, edit: Edit| async move {
        let actor = shell_actor();
        for id in ids {
            let (e, a) = (edit.clone(), actor.clone());
            let item = store
                .write(move |c| editorial::apply(c, id, &a, &e, chrono::Utc::now()))
                .await
                .with_context(|| format!("item {id}"))?;
            println!("{}\t{}\t{}", item.id, item.status, item.title);
        }
        anyhow::Ok(ExitCode::SUCCESS)
    };
    match cmd {
        ItemsCommand::List {
            status,
            state,
            topic,
            limit,
            json,
        } => {
            let mut filter = ItemFilter {
                limit,
                ..Default::default()
            };
            if let Some(s) = state {
                filter
                    .states
                    .push(s.parse::<State>().map_err(anyhow::Error::msg)?);
            }
            if let Some(t) = topic {
                anyhow::ensure!(
                    vocab::is_topic(&t),
                    "unknown topic {t:?}; valid values: {}",
                    vocab::valid_topics()
                );
                filter.topics.push(t);
            }
            filter.status = status
                .map(|s| s.parse::<Status>())
                .transpose()
                .map_err(anyhow::Error::msg)?;
            let list = store.read(move |c| items::list(c, &filter)).await?;
            let mut out = std::io::stdout().lock();
            for item in list {
                if json {
                    writeln!(out, "{}", serde_json::to_string(&item)?)?;
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
            Ok(ExitCode::SUCCESS)
        }
        ItemsCommand::Approve { ids } => {
            edit_all(
                ids,
                Edit {
                    status: Some(Status::Approved),
                    ..Default::default()
                },
            )
            .await
        }
        ItemsCommand::Prune { ids } => {
            edit_all(
                ids,
                Edit {
                    status: Some(Status::Pruned),
                    ..Default::default()
                },
            )
            .await
        }
        ItemsCommand::Pin { ids } => {
            edit_all(
                ids,
                Edit {
                    pinned: Some(true),
                    ..Default::default()
                },
            )
            .await
        }
        ItemsCommand::Unpin { ids } => {
            edit_all(
                ids,
                Edit {
                    pinned: Some(false),
                    ..Default::default()
                },
            )
            .await
        }
        ItemsCommand::Tag { id, changes } => {
            let current = store
                .read(move |c| items::get(c, id))
                .await
                .with_context(|| format!("item {id}"))?;
            let (mut states, mut topics) = (current.states.clone(), current.topics.clone());
            for change in &changes {
                let change = change.parse::<TagChange>().map_err(anyhow::Error::msg)?;
                change.apply(&mut states, &mut topics);
            }
            edit_all(
                vec![id],
                Edit {
                    states: Some(states),
                    topics: Some(topics),
                    ..Default::default()
                },
            )
            .await
        }
    }
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
