//! The automatic reader (issue 25) on markup it was not tuned on: the listing pages in
//! `tests/fixtures/scrape-unseen/*/` model 32 German press and news pages in markups
//! none of the family fixtures use (state and city portals, ministries, parliaments,
//! chambers, police newsroom, broadcaster, local paper, association; Imperia-, Drupal-,
//! Joomla-, Contao-, Plone-, TYPO3-, WordPress/Elementor-like output), ten with a detail
//! page. They were written in seven rounds, each before the reader was changed for it.
//! One test per page holds the reader to: every listed item found, nothing else taken
//! (navigation, pager, tags, sidebars, PDFs, appointments, ads), title, link and date
//! right, the next page found; on detail pages, text without chrome and the right date.
//!
//! Figures: found/expected, title+link+date right, non-items taken; "original" is the
//! reader before this work, "before its round" the reader tuned on the earlier rounds.
//!
//! | round | page | original | before its round | now |
//! |---|---|---|---|---|
//! | 1 | berlin-pressemitteilungen | 4/4, 4, 0 | – | 4/4, 4, 0 |
//! | 1 | presseportal-blaulicht | 4/4, 4, 0 | – | 4/4, 4, 0 |
//! | 1 | stadt-salzkotten | 3/3, 3, 0 | – | 3/3, 3, 0 |
//! | 1 | land-nrw-drupal | 3/4, 3, 0 | – | 4/4, 4, 0 |
//! | 1 | bayern-stmwi | 4/4, 4, 0 | – | 4/4, 4, 0 |
//! | 1 | ihk-tabelle | 5/5, 5, 3 | – | 5/5, 5, 0 |
//! | 1 | tagesschau-regional | 4/4, 1, 3 | – | 4/4, 4, 0 |
//! | 1 | hwk-joomla | 2/3, 2, 0 | – | 3/3, 3, 0 |
//! | 1 | contao-stadt | 3/3, 3, 0 | – | 3/3, 3, 0 |
//! | 1 | bw-themen-ohne-datum | 4/4, 4, 0 | – | 4/4, 4, 0 |
//! | 1 | niedersachsen-presseinfo | 3/3, 2, 0 | – | 3/3, 3, 0 |
//! | 2 | elementor-verband | 3/3, 3, 0 | all right | 3/3, 3, 0 |
//! | 2 | plone-landtag | 3/3, 3, 0, next missed | 3/3, 3, 0, next missed | 3/3, 3, 0 |
//! | 2 | monatsarchiv-ministerium | 6/6, 6, 0 | all right | 6/6, 6, 0 |
//! | 2 | kachel-raster | 5/5, 5, 0, next missed | all right | 5/5, 5, 0 |
//! | 2 | zeitung-lokal | 3/3, 1, 1, next missed | 3/3, 3, 1, next missed | 3/3, 3, 0 |
//! | 2 | stadt-dl-eintraege | 4/4, 4, 0 | all right | 4/4, 4, 0 |
//! | 2 | ministerium-datum-in-titel | 3/3, 0, 0 | 3/3, 0, 0 | 3/3, 3, 0 |
//! | 3 | landtag-pdf-links | 3/3, 3, 7 | 3/3, 3, 7 | 3/3, 3, 0 |
//! | 3 | bildlinks-galerie | 0/3, 0, 0 | 0/3, 0, 0 | 3/3, 3, 0 |
//! | 3 | verschachtelte-meta-liste | 3/3, 3, 2, next missed, article wrong | 3/3, 3, 0, article wrong | 3/3, 3, 0 |
//! | 4 | top-karussell | 3/5, 3, 0 | 3/5, 3, 0 | 5/5, 5, 0 |
//! | 4 | tabelle-zwei-spalten | 4/4, 4, 0 | 2/4, 2, 0 | 4/4, 4, 0 |
//! | 4 | kartenlink-ohne-ueberschrift | 3/3, 0, 0 | 3/3, 0, 0 | 3/3, 3, 0 |
//! | 5 | kurzdatum-liste | 4/4, 0, 5, next missed | all right | 4/4, 4, 0 |
//! | 5 | absatz-artikel | 2/2, 2, 0 | all right | 2/2, 2, 0 |
//! | 6 | karten-mit-header-footer | 0/3, 0, 0 | 0/3, 0, 0 | 3/3, 3, 0 |
//! | 6 | nur-mehr-link | 3/3, 3, 0 | all right | 3/3, 3, 0 |
//! | 6 | ticker-relativ | 4/4, 1, 0 | all right | 4/4, 4, 0 |
//! | 7 | undatiert-mit-themenliste | 0/3, 0, 6 | 0/3, 0, 6 | 3/3, 3, 0 |
//! | 7 | zwei-links-pro-eintrag | 3/3, 3, 2 | 3/3, 3, 2 | 3/3, 3, 0 |
//! | 7 | jahresbaum | 4/4, 4, 0 | all right | 4/4, 4, 0 |
//!
//! All 32 pages, original reader: found 102/115, right 83/115 (72.2 %), 29 non-items
//! taken, 5 next pages missed, 1 of 10 detail pages wrong; now 115/115, 115/115, 0, 0,
//! 0. Each round's pages before its tuning: round 2 right 24/27, round 3 6/9 with 7
//! non-items, round 4 5/12, round 5 6/6, round 6 7/10, round 7 7/10 with 8 non-items.
//! (tabelle-zwei-spalten was right originally and broken by round 1's column split
//! until round 4; kachel-raster's next page was first expected to be none, see its
//! README.)

use std::fs;
use std::path::{Path, PathBuf};

use presseradar::extract::auto::{extract_article_auto, extract_list_auto};
use presseradar::fetch::decode_text;
use presseradar::model::{DateSource, RawItem};
use presseradar::sanitize::html_to_text;
use serde_json::Value;
use url::Url;

use crate::auto_extract::{CHROME_TEXTS, now, rfc3339, strings};

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scrape-unseen")
        .join(name)
}

fn read(dir: &Path, file: &str) -> String {
    let bytes = fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    decode_text(&bytes, None)
}

/// What the reader did on one page.
#[derive(Debug, Default)]
struct Tally {
    expected: usize,
    found: usize,
    right: usize,
    extra: usize,
    problems: Vec<String>,
}

/// Read the list page and compare it with `expected.json`.
fn check_list(dir: &Path, expected: &Value) -> Tally {
    let page_url = Url::parse(expected["page_url"].as_str().expect("page_url")).expect("url");
    let html = read(dir, "list.html");
    let mut tally = Tally::default();
    let page = match extract_list_auto(&html, &page_url, now()) {
        Ok(page) => page,
        Err(e) => {
            tally.problems.push(format!("no list: {e}"));
            tally.expected = expected["items"].as_array().map_or(0, Vec::len);
            return tally;
        }
    };
    let wants = expected["items"].as_array().cloned().unwrap_or_default();
    tally.expected = wants.len();
    for want in &wants {
        let Some(item) = page.items.iter().find(|i| want["url"] == i.url.as_str()) else {
            tally.problems.push(format!("not found: {}", want["url"]));
            continue;
        };
        tally.found += 1;
        let published = rfc3339(item.published);
        if want["title"] == item.title.as_str() && want["published"] == published {
            tally.right += 1;
        } else {
            tally.problems.push(format!(
                "{}: title {:?} date {published} ({}), expected {} {}",
                item.url,
                item.title,
                item.date_source.as_str(),
                want["title"],
                want["published"]
            ));
        }
    }
    for item in &page.items {
        if !wants.iter().any(|want| want["url"] == item.url.as_str()) {
            tally.extra += 1;
            tally.problems.push(format!(
                "taken but not an item: {} {:?}",
                item.url, item.title
            ));
        }
    }
    let next = page.next_page.map(String::from);
    let want_next = expected["next_page"].as_str().map(str::to_string);
    if next != want_next {
        tally
            .problems
            .push(format!("next page {next:?}, expected {want_next:?}"));
    }
    tally
}

/// Read each detail page of `expected.json` into an undated item and compare.
fn check_articles(dir: &Path, expected: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for want in expected["articles"].as_array().cloned().unwrap_or_default() {
        let file = want["file"].as_str().expect("file");
        let mut item = RawItem {
            guid: None,
            url: want["url"].as_str().expect("url").to_string(),
            title: String::new(),
            summary: String::new(),
            content: String::new(),
            published: None,
            updated: None,
            date_source: DateSource::Undated,
        };
        extract_article_auto(&read(dir, file), &mut item, now());
        let text = html_to_text(&item.content);
        for must in strings(&want, "content_contains") {
            if !text.contains(&must) {
                problems.push(format!("{file}: text lacks {must:?}: {text:?}"));
            }
        }
        let mut unwanted = strings(&want, "html_excludes");
        unwanted.extend(CHROME_TEXTS.iter().map(|s| s.to_string()));
        for bad in unwanted {
            if item.content.contains(&bad) {
                problems.push(format!("{file}: text holds {bad:?}"));
            }
        }
        if want["published"] != rfc3339(item.published) {
            problems.push(format!(
                "{file}: date {} ({}), expected {}",
                rfc3339(item.published),
                item.date_source.as_str(),
                want["published"]
            ));
        }
    }
    problems
}

/// Read one fixture, print its figures, and hold it to the bar.
fn holds(name: &str) {
    let dir = dir(name);
    let expected: Value =
        serde_json::from_str(&read(&dir, "expected.json")).expect("expected.json is JSON");
    let mut tally = check_list(&dir, &expected);
    let article_problems = check_articles(&dir, &expected);
    println!(
        "{name}: found {}/{}, title+link+date right {}, taken wrongly {}, article problems {}",
        tally.found,
        tally.expected,
        tally.right,
        tally.extra,
        article_problems.len()
    );
    tally.problems.extend(article_problems);
    for problem in &tally.problems {
        println!("    {problem}");
    }
    assert!(
        tally.problems.is_empty(),
        "{name}:\n{}",
        tally.problems.join("\n")
    );
}

/// One test per page of the set.
macro_rules! unseen {
    ($($name:ident => $dir:literal,)*) => {
        $(
            #[test]
            fn $name() {
                holds($dir);
            }
        )*
    };
}

unseen! {
    // Round 1.
    unseen_berlin_pressemitteilungen => "berlin-pressemitteilungen",
    unseen_presseportal_blaulicht => "presseportal-blaulicht",
    unseen_stadt_salzkotten => "stadt-salzkotten",
    unseen_land_nrw_drupal => "land-nrw-drupal",
    unseen_bayern_stmwi => "bayern-stmwi",
    unseen_ihk_tabelle => "ihk-tabelle",
    unseen_tagesschau_regional => "tagesschau-regional",
    unseen_hwk_joomla => "hwk-joomla",
    unseen_contao_stadt => "contao-stadt",
    unseen_bw_themen_ohne_datum => "bw-themen-ohne-datum",
    unseen_niedersachsen_presseinfo => "niedersachsen-presseinfo",
    // Round 2: written after the reader was tuned on round 1.
    unseen_elementor_verband => "elementor-verband",
    unseen_plone_landtag => "plone-landtag",
    unseen_monatsarchiv_ministerium => "monatsarchiv-ministerium",
    unseen_kachel_raster => "kachel-raster",
    unseen_zeitung_lokal => "zeitung-lokal",
    unseen_stadt_dl_eintraege => "stadt-dl-eintraege",
    unseen_ministerium_datum_in_titel => "ministerium-datum-in-titel",
    // Round 3: written after the reader was tuned on rounds 1 and 2.
    unseen_landtag_pdf_links => "landtag-pdf-links",
    unseen_bildlinks_galerie => "bildlinks-galerie",
    unseen_verschachtelte_meta_liste => "verschachtelte-meta-liste",
    // Round 4: written after the reader was tuned on rounds 1 to 3.
    unseen_top_karussell => "top-karussell",
    unseen_tabelle_zwei_spalten => "tabelle-zwei-spalten",
    unseen_kartenlink_ohne_ueberschrift => "kartenlink-ohne-ueberschrift",
    // Round 5: written after the reader was tuned on rounds 1 to 4.
    unseen_kurzdatum_liste => "kurzdatum-liste",
    unseen_absatz_artikel => "absatz-artikel",
    // Round 6: written after the reader was tuned on rounds 1 to 5.
    unseen_karten_mit_header_footer => "karten-mit-header-footer",
    unseen_nur_mehr_link => "nur-mehr-link",
    unseen_ticker_relativ => "ticker-relativ",
    // Round 7: written after the reader was tuned on rounds 1 to 6.
    unseen_undatiert_mit_themenliste => "undatiert-mit-themenliste",
    unseen_zwei_links_pro_eintrag => "zwei-links-pro-eintrag",
    unseen_jahresbaum => "jahresbaum",
}
