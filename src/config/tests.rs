use std::path::Path;

use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("sources.toml"))
}

fn err(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

const SOURCE: &str = r#"
[[source]]
id = "ms-st"
name = "Ministerium"
kind = "feed"
url = "https://example.org/rss.xml"
state = "ST"
"#;

#[test]
fn shipped_sources_are_valid() {
    let config = parse(SHIPPED_SOURCES).unwrap();
    assert!(config.sources.len() >= 10);
    for id in [
        "ost",
        "alle",
        "sachsen-anhalt",
        "sachsen",
        "thueringen",
        "brandenburg",
        "mecklenburg-vorpommern",
    ] {
        assert!(config.feed(id).is_some(), "feed {id} missing");
    }
    for state in [State::ST, State::SN, State::TH, State::BB, State::MV] {
        assert!(
            config.sources.iter().any(|s| s.state == Some(state)),
            "no source for {state}"
        );
    }
}

#[test]
fn defaults_apply() {
    let config = parse(SOURCE).unwrap();
    let s = &config.sources[0];
    assert_eq!(s.schedule.text, "*/30 * * * *");
    assert_eq!(s.relevance, Relevance::Filter);
    assert_eq!(s.authority, Authority::Press);
    assert!(s.enabled && s.robots);
    assert_eq!(config.settings.timezone, chrono_tz::Europe::Berlin);
    assert_eq!(config.settings.max_body_bytes, 10 * 1024 * 1024);
}

#[test]
fn unknown_key_names_line_and_key() {
    let text = format!("{SOURCE}colour = \"red\"\n");
    let e = err(&text);
    assert!(e.starts_with("sources.toml:"), "{e}");
    assert!(e.contains("colour"), "{e}");
}

#[test]
fn bad_state_names_line_key_and_valid_values() {
    let text = SOURCE.replace("\"ST\"", "\"Preussen\"");
    let e = err(&text);
    assert!(e.starts_with("sources.toml:7:"), "{e}");
    assert!(e.contains("state"), "{e}");
    assert!(e.contains("ST (sachsen-anhalt)"), "{e}");
}

#[test]
fn bad_cron_is_rejected() {
    let text = format!("{SOURCE}schedule = \"every minute\"\n");
    let e = err(&text);
    assert!(e.contains("schedule"), "{e}");
    let text = format!("{SOURCE}schedule = \"61 * * * *\"\n");
    assert!(err(&text).contains("schedule"));
}

#[test]
fn six_field_cron_accepted() {
    let text = format!("{SOURCE}schedule = \"*/10 * * * * *\"\n");
    assert_eq!(
        parse(&text).unwrap().sources[0].schedule.text,
        "*/10 * * * * *"
    );
}

#[test]
fn bad_id_and_duplicates() {
    assert!(err(&SOURCE.replace("ms-st", "MS St")).contains("[a-z0-9-]+"));
    let twice = format!("{SOURCE}{SOURCE}");
    assert!(err(&twice).contains("duplicate source id"));
}

#[test]
fn url_must_be_http() {
    let e = err(&SOURCE.replace("https://example.org/rss.xml", "file:///etc/passwd"));
    assert!(e.contains("url"), "{e}");
}

#[test]
fn html_source_compiles_selectors() {
    let text = r#"
[[source]]
id = "lp-st"
name = "Landesportal"
kind = "html"
url = "https://example.org/presse"
[source.scrape]
item = "div.tx-rssdisplay-newslist"
link = "h2 a@href"
title = "h2"
date = ".date"
next_page = "a.next@href"
max_pages = 3
follow = true
content = "div.ce-bodytext"
"#;
    let c = parse(text).unwrap();
    let rules = c.sources[0].scrape.as_ref().unwrap();
    assert_eq!(rules.max_pages, 3);
    assert_eq!(rules.link.attr.as_deref(), Some("href"));

    let bad = text.replace("h2 a@href", "h2 a[@href");
    let e = err(&bad);
    assert!(e.contains("scrape.link"), "{e}");
    assert!(e.contains("lp-st"), "{e}");

    let missing = text.replace("[source.scrape]", "[source.other]");
    assert!(parse(&missing).is_err());
}

#[test]
fn html_without_scrape_is_read_automatically_and_feed_with_scrape_is_an_error() {
    let config = parse(&SOURCE.replace("\"feed\"", "\"html\"")).unwrap();
    assert_eq!(config.sources[0].kind, SourceKind::Html);
    assert!(config.sources[0].scrape.is_none());
    let with_rules =
        format!("{SOURCE}\n[source.scrape]\nitem = \"li\"\nlink = \"a@href\"\ntitle = \"a\"\n");
    let e = err(&with_rules);
    assert!(
        e.contains("scrape") && e.contains("only sources with kind"),
        "{e}"
    );
}

#[test]
fn feed_definitions_validate_vocabulary() {
    let text = "[[feed]]\nid = \"x\"\ntitle = \"X\"\nstates = [\"sachsen-anhalt\", \"TH\"]\ntopics = [\"weiterbildung\"]\n";
    let c = parse(text).unwrap();
    assert_eq!(c.feeds[0].states, vec![State::ST, State::TH]);
    assert_eq!(c.feeds[0].limit, 50);
    let e = err(&text.replace("weiterbildung", "sport"));
    assert!(e.starts_with("sources.toml:5:"), "{e}");
    assert!(e.contains("kooperation"), "{e}");
}

#[test]
fn syntax_error_names_line() {
    let e = err("[settings]\ncontact = \n");
    assert!(e.starts_with("sources.toml:2:"), "{e}");
}

#[test]
fn base_url_gets_a_trailing_slash() {
    let c = parse("[settings]\nbase_url = \"https://example.org/presseradar\"\n").unwrap();
    assert_eq!(
        c.settings.base_url.join("feeds/ost.rss").unwrap().as_str(),
        "https://example.org/presseradar/feeds/ost.rss"
    );
}

/// Seven different mistakes (and more) in one file: all are reported in one run, each with
/// its line and key, in file order.
const SEVEN_MISTAKES: &str = r#"[settings]
timezon = "Europe/Berlin"
schedule = "61 * * * *"

[[source]]
id = "ms-st"
name = "Ministerium"
kind = "feeds"
url = "https://example.org/rss.xml"
state = "sachsen-anhal"
authority = "offical"

[[source]]
id = "lp-st"
name = "Landesportal"
kind = "html"
url = "https://example.org/presse"
shedule = "*/10 * * * *"
[source.scrape]
item = "div..teaser"
link = "a.teaser-link@"
title = "h2"
sumary = "p"

[[feed]]
id = "ost"
title = "Ost"
topics = ["weiterbildng"]
limit = 0
"#;

#[test]
fn every_mistake_is_reported_in_one_run() {
    let e = parse(SEVEN_MISTAKES).unwrap_err();
    let lines: Vec<String> = e.problems().iter().map(|p| p.to_string()).collect();
    let expected = [
        "sources.toml:2: settings.timezon: unknown key; did you mean \"timezone\"? valid keys: contact, timezone,",
        "sources.toml:3: settings.schedule: \"61 * * * *\": minute 61 is out of range; valid values: 0–59",
        "sources.toml:8: source \"ms-st\": kind: unknown value \"feeds\"; did you mean \"feed\"? valid values: \"feed\", \"html\"",
        "sources.toml:10: source \"ms-st\": state: ",
        "sources.toml:11: source \"ms-st\": authority: unknown value \"offical\"; did you mean \"official\"?",
        "sources.toml:18: source \"lp-st\": shedule: unknown key; did you mean \"schedule\"?",
        "sources.toml:20: source \"lp-st\": scrape.item: \"div..teaser\" is not a valid CSS selector: a \".\" must be followed by a class name",
        "sources.toml:21: source \"lp-st\": scrape.link: \"a.teaser-link@\" ends with \"@\" but names no attribute",
        "sources.toml:23: source \"lp-st\": scrape.sumary: unknown key; did you mean \"summary\"?",
        "sources.toml:28: feed \"ost\": topics: unknown topic \"weiterbildng\"; did you mean \"weiterbildung\"?",
        "sources.toml:29: feed \"ost\": limit: must be between 1 and 1000",
    ];
    assert_eq!(lines.len(), expected.len(), "{lines:#?}");
    for (line, want) in lines.iter().zip(expected) {
        assert!(
            line.starts_with(want),
            "{line}\n  should start with\n{want}"
        );
    }
    assert!(
        lines[3].contains("did you mean \"sachsen-anhalt\"?"),
        "{}",
        lines[3]
    );
    // The whole error prints one problem per line.
    assert_eq!(e.to_string().lines().count(), expected.len());
}

#[test]
fn wrong_types_and_missing_keys_do_not_hide_other_problems() {
    let text = format!(
        "{SOURCE}enabled = \"yes\"\n\n[[source]]\nid = \"b\"\nkind = \"feed\"\nurl = \"ftp://example.org/b\"\n{}\n[[feed]]\ntopics = [\"sport\"]\n",
        SOURCE.replace("ms-st", "c").replace("\"ST\"", "\"XX\"")
    );
    let e = parse(&text).unwrap_err();
    let lines: Vec<String> = e.problems().iter().map(|p| p.to_string()).collect();
    let expected = [
        "sources.toml:8: source \"ms-st\": enabled: ",
        "sources.toml:10: source \"b\": name: missing key; every [[source]] needs id, name, kind and url",
        "sources.toml:13: source \"b\": url: must be an http:// or https:// URL",
        "sources.toml:20: source \"c\": state: unknown state \"XX\"",
        "sources.toml:22: feed: id: missing key; every [[feed]] needs id and title",
        "sources.toml:22: feed: title: missing key; every [[feed]] needs id and title",
        "sources.toml:23: feed: topics: unknown topic \"sport\"",
    ];
    assert_eq!(lines.len(), expected.len(), "{lines:#?}");
    for (line, want) in lines.iter().zip(expected) {
        assert!(
            line.starts_with(want),
            "{line}\n  should start with\n{want}"
        );
    }
}

#[test]
fn html_source_without_its_rules_names_each_missing_one() {
    let text = "[[source]]\nid = \"lp\"\nname = \"L\"\nkind = \"html\"\nurl = \"https://example.org/\"\n[source.scrape]\nitem = \"div\"\n";
    let e = parse(text).unwrap_err();
    let lines: Vec<String> = e.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[0].contains(
            "source \"lp\": scrape.link: missing key; [source.scrape] needs item, link and title"
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("source \"lp\": scrape.title: missing key"),
        "{}",
        lines[1]
    );
}

#[test]
fn unknown_keys_get_a_suggestion_at_every_level() {
    let e = err("[setings]\ncontact = \"x\"\n");
    assert!(
        e.starts_with("sources.toml:1: setings: unknown key; did you mean \"settings\"?"),
        "{e}"
    );
    let e = err("[[feed]]\nid = \"x\"\ntitle = \"X\"\nstate = [\"ST\"]\n");
    assert!(
        e.starts_with("sources.toml:4: feed \"x\": state: unknown key; did you mean \"states\"?"),
        "{e}"
    );
    let e = err("[settings]\ntimezone = \"Europe/Berln\"\n");
    assert!(e.contains("did you mean \"Europe/Berlin\"?"), "{e}");
}
