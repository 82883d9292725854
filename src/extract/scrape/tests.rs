//! Unit tests of list and article extraction on small pages shaped like the portals' markup.

use chrono::{DateTime, Utc};
use url::Url;

use super::*;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-12-10T12:00:00Z")
        .expect("valid")
        .to_utc()
}

fn sel(rule: &str) -> FieldSelector {
    FieldSelector::parse(rule).expect("test selector is valid")
}

fn rules() -> ScrapeRules {
    ScrapeRules {
        item: sel("div.news"),
        link: sel("h2 a@href"),
        title: sel("h2"),
        date: Some(sel(".date")),
        summary: Some(sel("p.teaser")),
        next_page: Some(sel("a.next@href")),
        max_pages: 3,
        follow: true,
        content: Some(sel("div.text")),
        article_date: None,
        json: None,
    }
}

fn page_url() -> Url {
    Url::parse("https://ms.sachsen-anhalt.de/presse/pressemitteilungen/?page=1").expect("valid")
}

fn list(html: &str) -> Result<ListPage, ExtractError> {
    extract_list(html, &page_url(), &rules(), now())
}

#[test]
fn item_matching_nothing_names_the_selector() {
    let err = list("<html><body><div class='other'>x</div></body></html>").unwrap_err();
    assert_eq!(
        err,
        ExtractError::NoMatch {
            key: "item",
            selector: "div.news".into(),
            url: page_url().to_string(),
        }
    );
    assert!(err.to_string().contains("markup changed?"), "{err}");
}

#[test]
fn items_all_without_link_or_title_name_that_rule() {
    let no_links = r#"<div class="news"><h2>Titel</h2></div><div class="news"><h2><a>Ohne Link</a></h2></div>"#;
    assert!(matches!(
        list(no_links),
        Err(ExtractError::NoMatch { key: "link", .. })
    ));
    let no_titles = r#"<div class="news"><a href="/a">x</a><h2><a href="/b"> </a></h2></div>"#;
    assert!(matches!(
        list(no_titles),
        Err(ExtractError::NoMatch { key: "title", .. })
    ));
}

#[test]
fn reads_items_resolves_links_and_dedupes() {
    let html = r#"<html><body>
      <div class="news"><span class="date">07.12.2025</span>
        <h2><a href="/presse/fachkraefte-treffen;jsessionid=AB12?x=1#top">Fachkräfte&shy;initiativen  tagen</a></h2>
        <p class="teaser" onclick="evil()">Die <b>Landesinitiative</b> lud ein.<script>alert(1)</script> <a href="javascript:alert(1)">mehr</a></p></div>
      <div class="news"><h2><a href="/presse/fachkraefte-treffen?x=1">Doppelt verlinkt</a></h2></div>
      <div class="news"><h2><a href="https://www.sachsen-anhalt.de/bs/pm/2">Ohne Datum</a></h2></div>
      <div class="news"><h2>Ohne Link</h2></div>
      <a class="next" href="?page=2">weiter</a>
    </body></html>"#;
    let page = list(html).expect("items");
    assert_eq!(page.items.len(), 2);
    let first = &page.items[0];
    assert_eq!(
        first.url,
        "https://ms.sachsen-anhalt.de/presse/fachkraefte-treffen?x=1"
    );
    assert_eq!(first.title, "Fachkräfte\u{ad}initiativen tagen");
    assert_eq!(first.date_source, DateSource::ListSelector);
    assert_eq!(
        first.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2025-12-06T23:00:00+00:00")
    );
    assert!(
        first.summary.contains("<b>Landesinitiative</b>"),
        "{}",
        first.summary
    );
    for bad in ["script", "onclick", "javascript"] {
        assert!(!first.summary.contains(bad), "{bad} in {}", first.summary);
    }
    assert_eq!(first.guid, None);
    let undated = &page.items[1];
    assert_eq!(undated.published, None);
    assert_eq!(undated.date_source, DateSource::Undated);
    assert_eq!(
        page.next_page.map(String::from).as_deref(),
        Some("https://ms.sachsen-anhalt.de/presse/pressemitteilungen/?page=2")
    );
}

#[test]
fn date_falls_back_to_the_teaser_text() {
    let html = r#"<div class="news"><h2><a href="/pm/1">Titel</a></h2>
        <p class="teaser">Erfurt, 14. November 2025 – Das Ministerium informiert. Werbung</p></div>"#;
    let item = &list(html).expect("items").items[0];
    assert_eq!(item.date_source, DateSource::Text);
    assert_eq!(
        item.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2025-11-13T23:00:00+00:00")
    );
}

#[test]
fn unparsable_list_date_falls_back_to_text_then_undated() {
    let html = r#"<div class="news"><span class="date">neu</span><h2><a href="/pm/1">Titel</a></h2></div>"#;
    let item = &list(html).expect("items").items[0];
    assert_eq!(item.date_source, DateSource::Undated);
}

#[test]
fn next_page_equal_to_this_page_is_not_returned() {
    let html = r#"<div class="news"><h2><a href="/pm/1">Titel</a></h2></div>
        <a class="next" href="?page=1#liste">1</a>"#;
    assert_eq!(list(html).expect("items").next_page, None);
}

#[test]
fn base_href_is_honoured() {
    let html = r#"<html><head><base href="https://www.sachsen-anhalt.de/bs/"></head><body>
        <div class="news"><h2><a href="pressemitteilungen/42">Titel</a></h2></div></body></html>"#;
    assert_eq!(
        list(html).expect("items").items[0].url,
        "https://www.sachsen-anhalt.de/bs/pressemitteilungen/42"
    );
}

fn listed_item(published: Option<&str>, source: DateSource) -> RawItem {
    RawItem {
        guid: None,
        url: "https://ms.sachsen-anhalt.de/presse/1".into(),
        title: "Titel".into(),
        summary: String::new(),
        content: String::new(),
        published: published.map(|p| DateTime::parse_from_rfc3339(p).expect("valid").to_utc()),
        updated: None,
        date_source: source,
    }
}

fn article_url() -> Url {
    Url::parse("https://ms.sachsen-anhalt.de/presse/1").expect("valid")
}

#[test]
fn article_content_is_sanitized_without_ad_markers() {
    let html = r#"<html><body><div class="text"><p>Erster Absatz.</p><p>Werbung</p>
        <p onmouseover="x()">Zweiter <a href="javascript:alert(1)">Absatz</a>.</p><script>track()</script></div></body></html>"#;
    let mut item = listed_item(None, DateSource::Undated);
    extract_article(html, &article_url(), &rules(), &mut item, now());
    assert!(
        item.content.contains("<p>Erster Absatz.</p>"),
        "{}",
        item.content
    );
    for bad in ["Werbung", "onmouseover", "javascript", "track()"] {
        assert!(!item.content.contains(bad), "{bad} in {}", item.content);
    }
}

#[track_caller]
fn article_date_of(head: &str, body: &str, rules: &ScrapeRules) -> (Option<String>, DateSource) {
    let html = format!("<html><head>{head}</head><body>{body}</body></html>");
    let mut item = listed_item(None, DateSource::Undated);
    extract_article(&html, &article_url(), rules, &mut item, now());
    (item.published.map(|d| d.to_rfc3339()), item.date_source)
}

#[test]
fn article_date_fallbacks_in_order() {
    let mut with_selector = rules();
    with_selector.article_date = Some(sel("p.datum"));
    let json_ld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2025-12-05T09:30:00+01:00"}]}</script>"#;
    let meta_published =
        r#"<meta property="article:published_time" content="2025-12-04T08:00:00+01:00">"#;
    let meta_date = r#"<meta name="date" content="2025-12-03">"#;
    let time = r#"<time datetime="2025-12-02T10:00:00+01:00">2. Dezember</time>"#;
    let text = r#"<div class="text"><p>Magdeburg, 1. Dezember 2025. Text.</p></div>"#;
    let selector_body = format!(r#"<p class="datum">06.12.2025, 11:00 Uhr</p>{time}{text}"#);
    let all_head = format!("{json_ld}{meta_published}{meta_date}");

    assert_eq!(
        article_date_of(&all_head, &selector_body, &with_selector),
        (
            Some("2025-12-06T10:00:00+00:00".into()),
            DateSource::ArticleSelector
        )
    );
    assert_eq!(
        article_date_of(&all_head, &selector_body, &rules()),
        (Some("2025-12-05T08:30:00+00:00".into()), DateSource::JsonLd)
    );
    let head = format!("{meta_published}{meta_date}");
    assert_eq!(
        article_date_of(&head, &selector_body, &rules()),
        (
            Some("2025-12-04T07:00:00+00:00".into()),
            DateSource::MetaArticlePublished
        )
    );
    assert_eq!(
        article_date_of(meta_date, &selector_body, &rules()),
        (
            Some("2025-12-02T23:00:00+00:00".into()),
            DateSource::MetaDate
        )
    );
    assert_eq!(
        article_date_of("", &selector_body, &rules()),
        (
            Some("2025-12-02T09:00:00+00:00".into()),
            DateSource::TimeElement
        )
    );
    assert_eq!(
        article_date_of("", text, &rules()),
        (Some("2025-11-30T23:00:00+00:00".into()), DateSource::Text)
    );
    assert_eq!(
        article_date_of("", "<p>Kein Datum.</p>", &rules()),
        (None, DateSource::Undated)
    );
}

#[test]
fn broken_json_ld_is_skipped() {
    let head = r#"<script type="application/ld+json">{"datePublished": </script>
        <script type="application/ld+json">[[[[[[[[[[[[{"datePublished":"2025-12-05"}]]]]]]]]]]]]</script>
        <script type=" Application/LD+JSON ">[{"@type":"NewsArticle","datePublished":"2025-12-04"}]</script>"#;
    assert_eq!(
        article_date_of(head, "", &rules()),
        (Some("2025-12-03T23:00:00+00:00".into()), DateSource::JsonLd)
    );
}

#[test]
fn article_date_replaces_list_date_only_when_more_precise() {
    let timed_same_day = r#"<meta name="date" content="2025-12-07T10:15:00+01:00">"#;
    let html = format!("<html><head>{timed_same_day}</head><body></body></html>");

    // Date-only list date, timed article date on the same day: the article's wins.
    let mut item = listed_item(Some("2025-12-06T23:00:00Z"), DateSource::ListSelector);
    extract_article(&html, &article_url(), &rules(), &mut item, now());
    assert_eq!(item.date_source, DateSource::MetaDate);
    assert_eq!(
        item.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2025-12-07T09:15:00+00:00")
    );

    // The list already had a time: it stands.
    let mut item = listed_item(Some("2025-12-07T08:00:00Z"), DateSource::ListSelector);
    extract_article(&html, &article_url(), &rules(), &mut item, now());
    assert_eq!(item.date_source, DateSource::ListSelector);

    // A timed article date on another day (an update) does not override the list.
    let mut item = listed_item(Some("2025-12-03T23:00:00Z"), DateSource::ListSelector);
    extract_article(&html, &article_url(), &rules(), &mut item, now());
    assert_eq!(item.date_source, DateSource::ListSelector);

    // A date-only article date never replaces a list date.
    let day_only = r#"<html><head><meta name="date" content="2025-12-07"></head></html>"#;
    let mut item = listed_item(Some("2025-12-06T23:00:00Z"), DateSource::Text);
    extract_article(day_only, &article_url(), &rules(), &mut item, now());
    assert_eq!(item.date_source, DateSource::Text);
}

#[test]
fn odd_html_never_panics() {
    let deep = "<div>".repeat(1500);
    let odd = [
        "",
        "<",
        "<<<>>>",
        "<div class=news><h2><a href=\"http://[::1\">x</a></h2></div>",
        "<div class=news><h2><a href=\"\u{0}\">\u{feff}</a></h2></div>",
        "\u{0}\u{1}\u{2}ä😀",
        deep.as_str(),
        "<div class=news><h2><a href='//'>x</a></h2></div>",
        "<base href='::'><div class=news><h2><a href='?a'>x</a></h2></div>",
        "<script type='application/ld+json'>\"datePublished\"</script>",
    ];
    for html in odd {
        let _ = list(html);
        let mut item = listed_item(None, DateSource::Undated);
        extract_article(html, &article_url(), &rules(), &mut item, now());
    }
}
