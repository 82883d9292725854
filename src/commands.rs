//! The `items` and `editor` subcommands of the binary (argument types live in main.rs).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use presseradar::store::Store;
use presseradar::store::editorial::{self, Edit};
use presseradar::store::items::{self, ItemFilter};
use presseradar::vocab::{self, State};

use super::shell_actor;
use crate::cli::{EditorCommand, ItemsCommand};

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
                status,
                limit,
                ..Default::default()
            };
            filter.states.extend(state);
            filter.topics.extend(topic);
            if let Some(s) = &filter.status {
                anyhow::ensure!(
                    editorial::STATUSES.contains(&s.as_str()),
                    "unknown status {s:?}; valid values: new, approved, pruned"
                );
            }
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
                    status: Some("approved".into()),
                    ..Default::default()
                },
            )
            .await
        }
        ItemsCommand::Prune { ids } => {
            edit_all(
                ids,
                Edit {
                    status: Some("pruned".into()),
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
                let (add, rest) = match change.split_at_checked(1) {
                    Some(("+", rest)) => (true, rest),
                    Some(("-", rest)) => (false, rest),
                    _ => anyhow::bail!(
                        "{change:?}: write +state:ST, -state:ST, +topic:T or -topic:T"
                    ),
                };
                match rest.split_once(':') {
                    Some(("state", v)) => {
                        let s = v.parse::<State>().map_err(anyhow::Error::msg)?;
                        states.retain(|x| *x != s);
                        if add {
                            states.push(s);
                        }
                    }
                    Some(("topic", v)) => {
                        anyhow::ensure!(
                            vocab::is_topic(v),
                            "unknown topic {v:?}; valid values: {}",
                            vocab::valid_topics()
                        );
                        topics.retain(|x| x != v);
                        if add {
                            topics.push(v.to_string());
                        }
                    }
                    _ => anyhow::bail!(
                        "{change:?}: write +state:ST, -state:ST, +topic:T or -topic:T"
                    ),
                }
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
            let creds = store
                .write(move |c| editors::add(c, &name, chrono::Utc::now()))
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
