//! The command line as a user meets it, through the binary: `check` reports every mistake
//! of a file in one run, `backup` keeps an existing file and says an error once, shell
//! actions name who did them, `editor add` explains a refused name, logs are coloured only
//! when asked or on a terminal, and `poll` gives times in the configured zone.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::outlets::{MINISTRY, Relevance, serve_outlets, sources_toml};
use crate::common::{TestEnv, poll_every_source, settings_block};

fn presseradar(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_presseradar"));
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("RUST_LOG")
        .env_remove("PRESSERADAR_SOURCES")
        .env_remove("PRESSERADAR_DB")
        .env_remove("PRESSERADAR_LISTEN");
    cmd
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Eight different mistakes across settings, two sources, their scrape rules and a feed.
const MISTAKES: &str = r#"[settings]
timezon = "Europe/Berlin"
schedule = "61 * * * *"

[[source]]
id = "ms-st"
name = "Ministerium"
kind = "feeds"
url = "https://example.org/rss.xml"
state = "Preussen"
authority = "offical"

[[source]]
id = "lp-st"
name = "Landesportal"
kind = "html"
url = "https://example.org/presse"
[source.scrape]
item = "div..teaser"
link = "a.teaser-link@"
title = "h2"
sumary = "p"

[[feed]]
id = "ost"
title = "Ost"
topics = ["weiterbildng"]
"#;

#[test]
fn check_reports_every_mistake_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sources.toml"), MISTAKES).unwrap();
    let out = presseradar(dir.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    let expected = [
        "error: sources.toml:2: settings.timezon: unknown key; did you mean \"timezone\"?",
        "error: sources.toml:3: settings.schedule: \"61 * * * *\": minute 61 is out of range; valid values: 0–59",
        "error: sources.toml:8: source \"ms-st\": kind: unknown value \"feeds\"; did you mean \"feed\"?",
        "error: sources.toml:10: source \"ms-st\": state: unknown state \"Preussen\"; valid values: BW (baden-wuerttemberg)",
        "error: sources.toml:11: source \"ms-st\": authority: unknown value \"offical\"; did you mean \"official\"?",
        "error: sources.toml:19: source \"lp-st\": scrape.item: \"div..teaser\" is not a valid CSS selector: a \".\" must be followed by a class name",
        "error: sources.toml:20: source \"lp-st\": scrape.link: \"a.teaser-link@\" ends with \"@\" but names no attribute",
        "error: sources.toml:22: source \"lp-st\": scrape.sumary: unknown key; did you mean \"summary\"?",
        "error: sources.toml:27: feed \"ost\": topics: unknown topic \"weiterbildng\"; did you mean \"weiterbildung\"?",
    ];
    assert_eq!(lines.len(), expected.len() + 1, "{err}");
    for (line, want) in lines.iter().zip(expected) {
        assert!(
            line.starts_with(want),
            "{line}\n  should start with\n{want}"
        );
    }
    assert_eq!(lines[expected.len()], "sources.toml: 9 errors");
    assert!(!err.contains("0 61"), "{err}");
    assert!(!err.contains("report this to the developer"), "{err}");
}

#[test]
fn backup_keeps_an_existing_file_without_force_and_errs_once() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("copy.db");
    std::fs::write(&target, b"an older copy").unwrap();
    let out = presseradar(dir.path())
        .args(["backup", "copy.db"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: copy.db exists; pass --force to replace it\n"
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"an older copy");

    let out = presseradar(dir.path())
        .args(["backup", "copy.db", "--force"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let conn = rusqlite::Connection::open(&target).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let out = presseradar(dir.path())
        .args(["backup", "no-such-dir/copy.db"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: cannot write no-such-dir/copy.db: no-such-dir is not a directory"),
        "{err}"
    );
}

#[test]
fn editor_add_explains_the_name_rules() {
    let dir = tempfile::tempdir().unwrap();
    let out = presseradar(dir.path())
        .args(["editor", "add", "Anna Müller"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("editor name \"Anna Müller\" contains a space, which is not allowed; a name is 1–64 letters (ä, ß … included), digits, '.', '-', '_' or '@'"),
        "{err}"
    );
    let out = presseradar(dir.path())
        .args(["editor", "add", "Anna_Müller"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The account name the process runs as, as `id -un` says it (None without one).
fn account_name() -> Option<String> {
    let out = Command::new("id").arg("-un").output().ok()?;
    let name = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !name.is_empty()).then_some(name)
}

#[tokio::test]
async fn shell_actions_name_the_user_or_the_login_never_unknown() {
    let server = serve_outlets(&[MINISTRY]).await;
    let settings = settings_block("http://127.0.0.1:8080/");
    let env = TestEnv::new(&sources_toml(
        &settings,
        &server,
        &[MINISTRY],
        Relevance::All,
        "",
    ));
    poll_every_source(&env.pipeline()).await;
    let ids: Vec<i64> = {
        let conn = rusqlite::Connection::open(env.db_path()).unwrap();
        let mut stmt = conn.prepare("SELECT id FROM items ORDER BY id").unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(ids.len() >= 2, "{ids:?}");
    let approve = |id: i64, user: Option<&str>| {
        let mut cmd = presseradar(env.dir.path());
        cmd.env_remove("SUDO_USER").env_remove("LOGNAME");
        match user {
            Some(u) => cmd.env("USER", u),
            None => cmd.env_remove("USER"),
        };
        let out = cmd
            .args(["items", "approve", &id.to_string()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    };
    approve(ids[0], Some("anna"));
    approve(ids[1], None);
    let conn = rusqlite::Connection::open(env.db_path()).unwrap();
    let actor = |id: i64| -> String {
        conn.query_row(
            "SELECT actor FROM audit_log WHERE item_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(actor(ids[0]), "shell:anna");
    let expected = match account_name() {
        Some(name) => format!("shell:{name}"),
        None => "shell".to_string(),
    };
    assert_eq!(actor(ids[1]), expected);
}

const DEAD_SOURCE: &str = r#"[settings]
timezone = "America/New_York"
connect_timeout_secs = 2
request_timeout_secs = 2

[[source]]
id = "dead"
name = "Gone"
kind = "feed"
url = "http://127.0.0.1:9/feed.xml"
robots = false
"#;

fn poll_dead_source(dir: &Path, extra: &[&str], no_color: bool) -> Output {
    let mut cmd = presseradar(dir);
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    cmd.args(extra).arg("poll").output().unwrap()
}

#[test]
fn logs_carry_colours_only_when_asked_and_poll_times_are_local() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sources.toml"), DEAD_SOURCE).unwrap();
    // stderr is a pipe here: auto means no colours.
    let out = poll_dead_source(dir.path(), &[], false);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("job failed"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");

    let stdout = String::from_utf8_lossy(&out.stdout);
    let row = stdout.lines().nth(1).unwrap_or_default();
    assert!(
        row.contains("last success: never; scheduler retries after "),
        "{row}"
    );
    let when = row.rsplit("retries after ").next().unwrap_or_default();
    assert!(
        when.ends_with(" EST)") || when.ends_with(" EDT)"),
        "the next attempt is in the configured zone: {row}"
    );

    let out = poll_dead_source(dir.path(), &["--color", "always"], false);
    assert!(stderr(&out).contains("\u{1b}["), "{:?}", stderr(&out));
    let out = poll_dead_source(dir.path(), &["--color", "never"], false);
    assert!(!stderr(&out).contains('\u{1b}'));
    let out = poll_dead_source(dir.path(), &["--color", "auto"], true);
    assert!(!stderr(&out).contains('\u{1b}'));
}
