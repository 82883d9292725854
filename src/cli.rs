//! The command line: flags, subcommands and their value parsers, so that a wrong state,
//! topic or status is refused by clap with the valid values, before anything runs.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{Parser, Subcommand};
use presseradar::model::{Status, TagChange};
use presseradar::vocab::{self, State};

/// The valid `--state` values for `--help` (clap lists possible values only for parsers
/// that have a closed list; a state is a code or a slug).
const STATE_HELP: &str = "Only items tagged with this federal state: BW BY BE BB HB HH HE MV NI NW RP SL SN ST SH TH, or a name slug (sachsen-anhalt, thueringen, …)";

fn parse_state(text: &str) -> Result<State, String> {
    text.parse::<State>()
}

/// The statuses as possible values (listed by `--help` and in errors), parsed to [`Status`].
fn status_parser() -> impl clap::builder::TypedValueParser<Value = Status> {
    use clap::builder::TypedValueParser;
    PossibleValuesParser::new(Status::ALL.map(Status::as_str))
        .try_map(|text| text.parse::<Status>())
}

#[derive(Parser)]
#[command(
    name = "presseradar",
    version,
    about = "Watches German press pages for skilled-worker initiatives and republishes curated feeds"
)]
pub struct Cli {
    /// The sources and feeds file.
    #[arg(
        long,
        global = true,
        env = "PRESSERADAR_SOURCES",
        default_value = "sources.toml"
    )]
    pub sources: PathBuf,
    /// The SQLite database (created with its schema on first use).
    #[arg(
        long,
        global = true,
        env = "PRESSERADAR_DB",
        default_value = "presseradar.db"
    )]
    pub db: PathBuf,
    /// Address of the HTTP server (port 0: any free port, logged at start).
    #[arg(
        long,
        global = true,
        env = "PRESSERADAR_LISTEN",
        default_value = "127.0.0.1:8080"
    )]
    pub listen: SocketAddr,
    /// Log format: text or json.
    #[arg(long, global = true, default_value = "text", value_parser = ["text", "json"])]
    pub log_format: String,
    /// Colours in text logs: auto (only when stderr is a terminal and NO_COLOR is not
    /// set), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

/// When logs carry ANSI colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Only on a terminal, and not when NO_COLOR is set.
    Auto,
    /// Always, also into files and pipes.
    Always,
    /// Never.
    Never,
}

#[derive(Subcommand)]
pub enum Command {
    /// Show the whole product offline: a built-in world of outlets and ministry pages on
    /// loopback, polled every 15 s, a demo editor, and the landing page, feeds, embeds and
    /// desk served at --listen. Uses a scratch directory, never --sources or --db.
    Demo,
    /// The daemon: scheduler and HTTP server; SIGINT/SIGTERM stop it cleanly.
    Run,
    /// Find the feeds of a site from any of its pages (announced on the page, or at the usual
    /// paths), read each, and print a ready [[source]] block with the first items; exit 1
    /// if none was found.
    Discover {
        /// Any page of the site, e.g. its press page.
        url: url::Url,
    },
    /// The HTTP server only.
    Serve,
    /// Fetch sources once now and print a summary row per source; exit 1 if any failed.
    Poll {
        /// Source ids from sources.toml to poll (default: every enabled source).
        #[arg(value_name = "SOURCE_ID")]
        ids: Vec<String>,
    },
    /// Validate sources.toml (and the topic rules); exit 2 on error.
    Check,
    /// Dry run of one source, live or on a saved page or feed: the items it would
    /// extract, with classification and reasons. Writes nothing.
    Try {
        /// The id of the source in sources.toml whose rules are tried.
        #[arg(value_name = "SOURCE_ID")]
        source: String,
        /// A saved page or feed to read instead of fetching the source (nothing is fetched:
        /// no pagination, no article pages).
        #[arg(long, value_name = "PAGE")]
        file: Option<PathBuf>,
        /// Print JSON lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Classify JSON lines ({"id"?, "title", "body", "source_state"?, "url"?}) from FILE or
    /// stdin; prints relevant, score, states, topics and reasons per line.
    Classify {
        /// A file of JSON lines to classify (default: standard input).
        file: Option<PathBuf>,
    },
    /// Consistent online copy of the database, safe while `run` writes.
    Backup {
        /// Where to write the copy; an existing file is kept unless --force is given.
        file: PathBuf,
        /// Replace FILE if it exists (the old copy stays until the new one is complete).
        #[arg(long)]
        force: bool,
    },
    /// Write every [[feed]] as DIR/ID.rss, .atom, .json plus DIR/feeds.opml.
    Export {
        /// The directory to write into (created if missing; files in it are replaced).
        dir: PathBuf,
    },
    /// List and curate items from the shell (audited like the editor UI).
    #[command(subcommand)]
    Items(ItemsCommand),
    /// Editor accounts.
    #[command(subcommand)]
    Editor(EditorCommand),
    /// The desk's decisions as labelled articles, for `eval` and for tuning the rules.
    #[command(subcommand)]
    Labels(LabelsCommand),
    /// Score the current rules on a labels file (JSON lines as `labels export` writes them):
    /// precision and recall for relevance, each state and each topic, with the ids of the
    /// articles they got wrong.
    Eval {
        /// The labels file, e.g. from `labels export` or tests/fixtures/classify/eval.jsonl.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum ItemsCommand {
    /// List items, newest first (pinned first).
    List {
        /// Only items with this status.
        #[arg(long, value_parser = status_parser())]
        status: Option<Status>,
        /// Only items tagged with this federal state: a code or its name slug
        /// (sachsen-anhalt, thueringen, …).
        #[arg(long, value_parser = parse_state, help = STATE_HELP)]
        state: Option<State>,
        /// Only items tagged with this topic.
        #[arg(long, value_parser = PossibleValuesParser::new(vocab::TOPICS))]
        topic: Option<String>,
        /// At most this many items.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Mark items approved.
    Approve {
        /// Item ids, as `items list` shows them.
        #[arg(value_name = "ID")]
        ids: Vec<i64>,
    },
    /// Prune items: never published, never taken in again.
    Prune {
        /// Item ids, as `items list` shows them.
        #[arg(value_name = "ID")]
        ids: Vec<i64>,
    },
    /// Pin items: listed first in every feed and kept past `retention_days`.
    Pin {
        /// Item ids, as `items list` shows them.
        #[arg(value_name = "ID")]
        ids: Vec<i64>,
    },
    /// Unpin items: back to date order, removed again when older than `retention_days`.
    Unpin {
        /// Item ids, as `items list` shows them.
        #[arg(value_name = "ID")]
        ids: Vec<i64>,
    },
    /// Change tags: `items tag ID +topic:weiterbildung -state:SN …`.
    Tag {
        /// The item id, as `items list` shows it.
        id: i64,
        /// +state:ST, -state:ST, +topic:T or -topic:T (states as codes or slugs).
        #[arg(allow_hyphen_values = true, required = true)]
        changes: Vec<TagChange>,
    },
}

#[derive(Subcommand)]
pub enum LabelsCommand {
    /// Write every decision of the desk — approved, pruned, retagged, rescued from "nicht
    /// relevant" — as JSON lines in the evaluation format.
    Export {
        /// The file to write; standard output when none is given.
        file: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum EditorCommand {
    /// Create an account; prints a one-time password and an API token.
    Add {
        /// The login name: 1–64 letters, digits, '.', '-', '_' or '@' (no spaces), e.g.
        /// anna.mueller.
        name: String,
    },
    /// List the accounts with their creation time.
    List,
    /// Remove an account; its sessions end with it (the audit log keeps its name).
    Remove {
        /// The login name of the account.
        name: String,
    },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// Every argument of every command, subcommand and nested subcommand has help text.
    #[test]
    fn every_argument_has_help_text() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let path = format!("{path} {}", cmd.get_name());
            if cmd.get_about().is_none() {
                missing.push(format!("{path} (the command)"));
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id != "help" && id != "version" && arg.get_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_name() != "help" {
                    walk(sub, &path, missing);
                }
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "no help text: {missing:#?}");
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
