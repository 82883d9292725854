//! Automatic extraction on markup written for these tests, unlike any fixture family:
//! a definition list, entries with category links, a list of one, a maintenance page,
//! and an article between chrome.

use chrono::{DateTime, Utc};
use url::Url;

use super::*;
use crate::model::DateSource;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-12-10T12:00:00Z")
        .expect("valid")
        .to_utc()
}

fn page() -> Url {
    Url::parse("https://www.example-land.de/presse/").expect("valid")
}

fn titles(page: &ListPage) -> Vec<&str> {
    page.items.iter().map(|i| i.title.as_str()).collect()
}

#[test]
fn entries_with_category_links_keep_their_date_and_summary() {
    let html = r#"<html><body>
      <div class="top"><a href="/">Start</a> <a href="/presse/">Presse</a> <a href="/kontakt">Kontakt</a></div>
      <div id="inhalt"><div class="liste">
        <div class="eintrag"><span>3. Dezember 2025</span> <a href="/thema/arbeit">Arbeit</a>
          <h4><a href="/presse/2025-12-fachkraefte-messe">Fachkräftemesse in Gera mit 80 Ausstellern</a></h4>
          <p>Die Messe richtet sich an Schulabgänger, Rückkehrer und internationale Fachkräfte.</p></div>
        <div class="eintrag"><span>1. Dezember 2025</span> <a href="/thema/soziales">Soziales</a>
          <h4><a href="/presse/2025-12-pflege-anerkennung">Pflegeberufe: Anerkennung wird schneller</a></h4>
          <p>Das Landesamt bündelt die Anerkennungsverfahren für Pflegekräfte aus Drittstaaten.</p></div>
      </div>
      <div class="blaettern"><a href="/presse/?p=2" rel="next">»</a></div></div>
      <div class="unten"><a href="/impressum">Impressum</a></div>
    </body></html>"#;
    let list = extract_list_auto(html, &page(), now()).expect("a list");
    assert_eq!(
        titles(&list),
        [
            "Fachkräftemesse in Gera mit 80 Ausstellern",
            "Pflegeberufe: Anerkennung wird schneller"
        ]
    );
    let first = &list.items[0];
    assert_eq!(
        first.url,
        "https://www.example-land.de/presse/2025-12-fachkraefte-messe"
    );
    assert_eq!(first.date_source, DateSource::Text);
    assert_eq!(
        first.published.map(|d| d.to_rfc3339()),
        Some("2025-12-02T23:00:00+00:00".to_string())
    );
    assert!(first.summary.contains("Schulabgänger"), "{}", first.summary);
    assert_eq!(
        list.next_page.map(String::from).as_deref(),
        Some("https://www.example-land.de/presse/?p=2")
    );
}

#[test]
fn a_definition_list_with_time_elements_is_read() {
    let html = r#"<html><body><nav><a href="/a">Aktuelles aus dem Ministerium</a></nav><main><dl>
      <dt><time datetime="2025-12-08T09:30:00+01:00">08.12.</time></dt>
      <dd><a href="/medien/news/1043211">Landesprogramm für Berufsorientierung verlängert</a></dd>
      <dt><time datetime="2025-12-05">05.12.</time></dt>
      <dd><a href="/medien/news/1043190">Neue Willkommenslotsen in drei Landkreisen</a></dd>
      <dt><time datetime="2025-12-01">01.12.</time></dt>
      <dd><a href="/medien/news/1043101">Ausbildungsmesse zieht 5.000 Besucher an</a></dd>
    </dl><p><a href="/medien/news/?seite=2">Nächste Seite</a></p></main></body></html>"#;
    let list = extract_list_auto(html, &page(), now()).expect("a list");
    assert_eq!(list.items.len(), 3, "{:?}", titles(&list));
    assert!(list.items.iter().all(|i| i.url.contains("/medien/news/10")));
    // The <dd> holds the link, the date stands in the <dt> before it.
    let dates: Vec<String> = list
        .items
        .iter()
        .map(|i| i.published.map(|d| d.to_rfc3339()).unwrap_or_default())
        .collect();
    assert_eq!(
        dates,
        [
            "2025-12-08T08:30:00+00:00",
            "2025-12-04T23:00:00+00:00",
            "2025-11-30T23:00:00+00:00"
        ]
    );
    assert_eq!(
        list.next_page.map(String::from).as_deref(),
        Some("https://www.example-land.de/medien/news/?seite=2")
    );
}

#[test]
fn a_list_of_one_on_the_last_page_is_read_and_the_pager_is_not() {
    let html = r#"<html><body><header><a href="/">Land</a><a href="/presse/">Presse</a></header>
      <main><h1>Presse</h1><div class="results"><div class="r">
        <p>Pressemitteilung vom 14.11.2025</p>
        <a href="/presse/detail/abschlussbericht-fachkraeftestrategie">Abschlussbericht zur Fachkräftestrategie vorgelegt</a>
      </div></div>
      <div><a href="/presse/?page=1">‹</a> <a href="/presse/?page=1">1</a> <span>2</span></div></main>
    </body></html>"#;
    let list = extract_list_auto(html, &page(), now()).expect("a list");
    assert_eq!(
        titles(&list),
        ["Abschlussbericht zur Fachkräftestrategie vorgelegt"]
    );
    assert!(list.items[0].published.is_some());
    assert_eq!(list.next_page, None);
}

#[test]
fn a_page_without_a_list_is_an_error_saying_so() {
    let html = r#"<html><body><header><a href="/">Start</a></header>
      <main><h1>Wartungsarbeiten</h1><p>Diese Seite ist vorübergehend nicht erreichbar.</p></main>
      <footer><a href="/impressum">Impressum</a></footer></body></html>"#;
    let err = extract_list_auto(html, &page(), now()).expect_err("no list");
    assert!(err.to_string().contains("no list of articles"), "{err}");
}

#[test]
fn article_text_is_the_densest_block_without_chrome() {
    let html = r#"<html><head>
      <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-12-04T10:15:00+01:00"}</script>
      </head><body>
      <div class="site-nav"><a href="/">Start</a><a href="/presse/">Presse</a></div>
      <div class="cookie-notice"><p>Wir verwenden Cookies, damit die Seite besser funktioniert und Sie sie gut nutzen können.</p></div>
      <div class="inhalt"><h1>Neue Willkommenslotsen</h1>
        <div class="text">
          <p>Erfurt. Drei weitere Landkreise bekommen Willkommenslotsen, die Betriebe bei der Einstellung internationaler Fachkräfte beraten.</p>
          <div>Anzeige</div>
          <p>Die Lotsen helfen bei Visum, Anerkennung und der Suche nach einer Wohnung für die neuen Beschäftigten.</p>
        </div>
        <div class="share-bar"><a href="https://www.linkedin.com/share">Auf LinkedIn teilen</a></div>
        <p><a href="javascript:window.print()">Drucken</a></p>
      </div>
      <footer><p>Ministerium für Arbeit · Impressum · Datenschutz und weitere Hinweise zur Seite</p></footer>
    </body></html>"#;
    let mut item = RawItem {
        guid: None,
        url: "https://www.example-land.de/presse/lotsen".into(),
        title: "Neue Willkommenslotsen".into(),
        summary: String::new(),
        content: String::new(),
        published: None,
        updated: None,
        date_source: DateSource::Undated,
    };
    extract_article_auto(html, &mut item, now());
    assert!(
        item.content.contains("Drei weitere Landkreise"),
        "{}",
        item.content
    );
    assert!(
        item.content.contains("Suche nach einer Wohnung"),
        "{}",
        item.content
    );
    for chrome in [
        "Cookies",
        "Anzeige",
        "LinkedIn",
        "Drucken",
        "Impressum",
        "Start",
    ] {
        assert!(!item.content.contains(chrome), "{chrome}: {}", item.content);
    }
    assert_eq!(item.date_source, DateSource::JsonLd);
    assert_eq!(
        item.published.map(|d| d.to_rfc3339()),
        Some("2025-12-04T09:15:00+00:00".to_string())
    );
}

#[test]
fn a_flat_list_of_headings_and_paragraphs_takes_the_siblings_up_to_the_next_entry() {
    let html = r#"<html><body><main><h1>Pressemitteilungen</h1>
      <h3><a href="/pm/2025/rueckkehrer-tag">Rückkehrertag in Suhl mit 40 Betrieben</a></h3>
      <p>Veröffentlicht am 05.12.2025</p>
      <p>Arbeitgeber aus Südthüringen werben um Pendler und Rückkehrer aus anderen Ländern.</p>
      <h3><a href="/pm/2025/pflegeschule-eroeffnet">Neue Pflegeschule in Meiningen eröffnet</a></h3>
      <p>Veröffentlicht am 28.11.2025</p>
      <p>Die Schule bildet jährlich bis zu 60 Pflegefachkräfte aus, auch aus Drittstaaten.</p>
    </main></body></html>"#;
    let list = extract_list_auto(html, &page(), now()).expect("a list");
    assert_eq!(
        titles(&list),
        [
            "Rückkehrertag in Suhl mit 40 Betrieben",
            "Neue Pflegeschule in Meiningen eröffnet"
        ]
    );
    let second = &list.items[1];
    assert_eq!(
        second.published.map(|d| d.to_rfc3339()),
        Some("2025-11-27T23:00:00+00:00".to_string())
    );
    assert!(second.summary.contains("bis zu 60"), "{}", second.summary);
    assert!(
        !list.items[0].summary.contains("bis zu 60"),
        "{}",
        list.items[0].summary
    );
}

#[test]
fn a_long_page_is_read_in_bounded_time() {
    let mut html = String::from("<html><body><div class=\"kopf\">");
    for i in 0..400 {
        html.push_str(&format!("<a href=\"/bereich/{i}\">Bereich {i}</a>"));
    }
    html.push_str("</div><div class=\"liste\">");
    for i in 0..600 {
        html.push_str(&format!(
            "<div class=\"e\"><div><div><span>{:02}.11.2025</span><a href=\"/thema/{i}\">Thema</a>\
             <h3><a href=\"/presse/2025/meldung-{i}\">Meldung Nummer {i} über Fachkräfte</a></h3>\
             <p>Ein Absatz mit genug Text für eine Zusammenfassung der Meldung {i}.</p></div></div></div>",
            i % 28 + 1
        ));
    }
    html.push_str("</div></body></html>");
    let started = std::time::Instant::now();
    let list = extract_list_auto(&html, &page(), now()).expect("a list");
    assert_eq!(list.items.len(), 600);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn deep_nesting_is_read_in_bounded_time() {
    let depth = 3_000;
    let html = format!(
        "<html><body>{}<p>01.12.2025</p><h3><a href=\"/presse/tief\">Eine Meldung ganz tief im Baum</a></h3><p>{}</p>{}</body></html>",
        "<div>".repeat(depth),
        "Text einer Meldung. ".repeat(50),
        "</div>".repeat(depth)
    );
    let started = std::time::Instant::now();
    let list = extract_list_auto(&html, &page(), now()).expect("a list");
    assert_eq!(list.items.len(), 1);
    let mut item = list.items[0].clone();
    extract_article_auto(&html, &mut item, now());
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn links_to_other_sites_and_sidebar_teasers_are_no_items() {
    let html = r#"<html><body><div class="inhalt">
      <div class="eintrag"><p>02.12.2025</p><h3><a href="https://presse.example-land.de/pm/1">Landesregierung startet Fachkräfteportal</a></h3></div>
      <div class="eintrag"><p>01.12.2025</p><h3><a href="/pm/2">Ausbildungsbilanz des Handwerks vorgestellt</a></h3></div>
      </div>
      <div class="partner"><div class="eintrag"><p>30.11.2025</p><h3><a href="https://www.partner-portal.de/news/9">Partnerportal meldet neue Kooperation</a></h3></div></div>
      <div class="right-sidebar"><div class="eintrag"><p>29.11.2025</p><h3><a href="/termine/7">Termin: Fachkräftekongress im Januar</a></h3></div></div>
    </body></html>"#;
    let list = extract_list_auto(html, &page(), now()).expect("a list");
    assert_eq!(
        titles(&list),
        [
            "Landesregierung startet Fachkräfteportal",
            "Ausbildungsbilanz des Handwerks vorgestellt"
        ]
    );
}

#[test]
fn only_whole_next_class_parts_mark_the_next_page() {
    let html = r#"<html><body><main>
      <div class="e"><p>02.12.2025</p><h3><a href="/pm/1">Landesregierung startet Fachkräfteportal</a></h3></div>
      <div class="e"><p>01.12.2025</p><h3><a href="/pm/2">Ausbildungsbilanz des Handwerks vorgestellt</a></h3></div>
      <a class="context-link" href="/hilfe">Hilfe zur Suche</a>
      <ul><li class="pager__item pager__item--next"><a href="/pm/?page=1">Seite 2</a></li></ul>
    </main></body></html>"#;
    let list = extract_list_auto(html, &page(), now()).expect("a list");
    assert_eq!(
        list.next_page.map(String::from).as_deref(),
        Some("https://www.example-land.de/pm/?page=1")
    );
}

#[test]
fn article_text_split_by_line_breaks_is_found() {
    let html = r#"<html><body><div id="kopf"><a href="/">Start</a></div>
      <div class="shariff"><a href="https://www.facebook.com/sharer">Teilen</a></div>
      <div id="inhalt"><h1>Fachkräftebündnis erweitert</h1>
        <div class="pmtext">Schwerin, 03.12.2025. Das Fachkräftebündnis des Landes hat drei neue Partner aufgenommen.<br><br>
        Die Kammern und Gewerkschaften wollen gemeinsam mehr Auszubildende aus dem Ausland gewinnen.<br></div>
      </div></body></html>"#;
    let mut item = RawItem {
        guid: None,
        url: "https://www.example-land.de/pm/3".into(),
        title: "Fachkräftebündnis erweitert".into(),
        summary: String::new(),
        content: String::new(),
        published: None,
        updated: None,
        date_source: DateSource::Undated,
    };
    extract_article_auto(html, &mut item, now());
    assert!(
        item.content.contains("drei neue Partner"),
        "{}",
        item.content
    );
    assert!(
        item.content.contains("Auszubildende aus dem Ausland"),
        "{}",
        item.content
    );
    assert!(!item.content.contains("Teilen"), "{}", item.content);
    assert_eq!(item.date_source, DateSource::Text);
}
