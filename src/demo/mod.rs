//! `presseradar demo`: the whole product without internet access. A small built-in world
//! ([`world`]: a ministry's press pages and two outlets' feeds, with a republication and
//! ordinary news beside the skilled-worker stories) is served from loopback, a
//! configuration polling it every 15 seconds is written to a scratch directory with its
//! own database, and a demo editor is created — then `run` takes over.

pub mod world;

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::app::{CommandError, Paths, open_store};
use crate::password::NewPassword;
use crate::store::editors;

/// The demo editor's name.
pub const EDITOR: &str = "demo";

/// A prepared demo: where its files are and how to log in to its desk.
#[derive(Debug)]
pub struct Demo {
    pub dir: PathBuf,
    pub paths: Paths,
    /// The world's address, for the curious.
    pub world: SocketAddr,
    /// The public address the desk and feeds are served at.
    pub base_url: String,
    pub password: String,
}

/// Starts the world, writes the configuration for a server listening on `listen` and
/// creates the demo editor, in a new scratch directory.
pub async fn prepare(listen: SocketAddr) -> Result<Demo, CommandError> {
    let world = world::serve().await.map_err(CommandError::Server)?;
    let dir = std::env::temp_dir().join(format!("presseradar-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(CommandError::file("create", &dir))?;
    let base_url = format!("http://{listen}/");
    let sources = dir.join("sources.toml");
    std::fs::write(&sources, sources_toml(&base_url, world))
        .map_err(CommandError::file("write", &sources))?;
    let paths = Paths {
        sources,
        db: dir.join("presseradar.db"),
    };
    let password = create_editor(&paths).await?;
    Ok(Demo {
        dir,
        paths,
        world,
        base_url,
        password,
    })
}

/// The demo editor, with a fresh password (hashed off the async runtime).
async fn create_editor(paths: &Paths) -> Result<String, CommandError> {
    let password = tokio::task::spawn_blocking(NewPassword::generate)
        .await?
        .map_err(|e| CommandError::Demo(e.to_string()))?;
    let store = open_store(&paths.db)?;
    let created = store
        .write(move |c| editors::add(c, EDITOR, &password, chrono::Utc::now()))
        .await;
    store.close();
    Ok(created?.password)
}

/// The demo's sources.toml: the three sources of the world, polled every 15 seconds, and
/// the feeds a subscriber would pick.
pub fn sources_toml(base_url: &str, world: SocketAddr) -> String {
    format!(
        r#"# Written by `presseradar demo`: a built-in world on {world}.
[settings]
contact = "https://example.org/presseradar-demo"
base_url = "{base_url}"
schedule = "*/15 * * * * *"
host_interval_secs = 0

[[source]]
id = "demo-ministerium"
name = "Ministerium für Arbeit und Integration Sachsen-Anhalt (Demo)"
kind = "html"
url = "http://{world}/ministerium/presse/"
state = "ST"
authority = "official"

[source.scrape]
item = "li.pm"
link = "h2 a@href"
title = "h2 a"
date = "span.pm-datum"
summary = "p.pm-teaser"
follow = true
content = "div.pm-text"

[[source]]
id = "demo-elbe-kurier"
name = "Elbe-Kurier (Demo)"
kind = "feed"
url = "http://{world}/elbe-kurier/feed.rss"
state = "ST"

[[source]]
id = "demo-landesbote"
name = "Thüringer Landesbote (Demo)"
kind = "feed"
url = "http://{world}/landesbote/feed.atom"
state = "TH"

[[feed]]
id = "alle"
title = "Fachkräftesicherung in allen Ländern (Demo)"

[[feed]]
id = "ost"
title = "Fachkräftesicherung in Ostdeutschland (Demo)"
states = ["ST", "SN", "TH", "BB", "MV"]

[[feed]]
id = "sachsen-anhalt"
title = "Fachkräftesicherung in Sachsen-Anhalt (Demo)"
states = ["ST"]

[[feed]]
id = "thueringen"
title = "Fachkräftesicherung in Thüringen (Demo)"
states = ["TH"]

[[feed]]
id = "freigegeben"
title = "Von der Redaktion freigegeben (Demo)"
require_approval = true
"#
    )
}
