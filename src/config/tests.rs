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
fn html_without_scrape_and_feed_with_scrape_are_errors() {
    assert!(err(&SOURCE.replace("\"feed\"", "\"html\"")).contains("scrape"));
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
