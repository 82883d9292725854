//! Exported feeds are valid: Atom against RFC 4287's RELAX NG schema (jing), and every
//! format parses. jing is installed by .ci/run; without it this test fails, never skips.

use std::process::Command;

use crate::common::{Doc, FixtureServer, TestEnv, fixture, settings_block};

#[tokio::test]
async fn exported_atom_validates_against_rfc4287_schema() {
    let outlets = FixtureServer::start(vec![
        (
            "/rss.xml",
            Doc::new(
                fixture("feeds/ms-sachsen-anhalt.rss"),
                "application/rss+xml",
            ),
        ),
        (
            "/feed.atom",
            Doc::new(fixture("feeds/volksstimme.atom"), "application/atom+xml"),
        ),
        (
            "/latin1.xml",
            Doc::new(fixture("feeds/freiepresse-latin1.rss"), "text/xml"),
        ),
        (
            "/volltext.rss",
            Doc::new(
                fixture("feeds/ministerium-volltext.rss"),
                "application/rss+xml",
            ),
        ),
    ])
    .await;
    let toml = format!(
        "{}\n[[source]]\nid = \"ms\"\nname = \"Ministerium <Sachsen-Anhalt> & Partner\"\nkind = \"feed\"\nurl = \"{}\"\nstate = \"ST\"\nrelevance = \"all\"\n\n[[source]]\nid = \"vs\"\nname = \"Volksstimme\"\nkind = \"feed\"\nurl = \"{}\"\nrelevance = \"all\"\n\n[[source]]\nid = \"fp\"\nname = \"Freie Presse\"\nkind = \"feed\"\nurl = \"{}\"\nstate = \"SN\"\nrelevance = \"all\"\n\n[[source]]\nid = \"mw\"\nname = \"Ministerium für Wirtschaft und Arbeit\"\nkind = \"feed\"\nurl = \"{}\"\nstate = \"ST\"\nauthority = \"official\"\nrelevance = \"all\"\n\n[[feed]]\nid = \"alle\"\ntitle = \"Alle Länder\"\n\n[[feed]]\nid = \"leer\"\ntitle = \"Leer\"\nstates = [\"HB\"]\n",
        settings_block("https://presseradar.example.org/"),
        outlets.url("/rss.xml"),
        outlets.url("/feed.atom"),
        outlets.url("/latin1.xml"),
        outlets.url("/volltext.rss"),
    );
    let env = TestEnv::new(&toml);
    presseradar::app::poll(&env.pipeline(), &[]).await.unwrap();
    let out = env.dir.path().join("export");
    let written = presseradar::app::export(env.config.clone(), env.store.clone(), &out)
        .await
        .unwrap();
    // Two feeds in three formats, feeds.opml and the feeds' stylesheet feed.xsl.
    assert_eq!(written.len(), 8);
    assert!(written.iter().any(|p| p.ends_with("feed.xsl")));

    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schemas/atom.rnc");
    for id in ["alle", "leer"] {
        let atom = out.join(format!("{id}.atom"));
        let result = Command::new("jing")
            .arg("-c")
            .arg(schema)
            .arg(&atom)
            .output()
            .expect("jing is required for this test (apt-get install jing; .ci/run installs it)");
        assert!(
            result.status.success(),
            "{id}.atom is not valid Atom:\n{}{}\n{}",
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr),
            std::fs::read_to_string(&atom).unwrap()
        );
        for ext in ["rss", "atom", "json"] {
            let bytes = std::fs::read(out.join(format!("{id}.{ext}"))).unwrap();
            let feed = feed_rs::parser::parse(bytes.as_slice())
                .unwrap_or_else(|e| panic!("{id}.{ext}: {e}"));
            assert_eq!(
                feed.entries.len(),
                if id == "alle" { 8 } else { 0 },
                "{id}.{ext}"
            );
        }
    }
    let opml = std::fs::read_to_string(out.join("feeds.opml")).unwrap();
    assert!(
        opml.contains("xmlUrl=\"https://presseradar.example.org/feeds/alle.rss\""),
        "{opml}"
    );
    // A source name with markup characters is escaped, not injected.
    let rss = std::fs::read_to_string(out.join("alle.rss")).unwrap();
    assert!(
        rss.contains("Ministerium &lt;Sachsen-Anhalt&gt; &amp;"),
        "{rss}"
    );
    full_text_for_official_sources_excerpts_for_press(&out);
}

/// An official source's release is republished whole (RSS `content:encoded`, Atom
/// `content`, JSON Feed `content_html`) beside its short summary; a press source's item
/// carries a very short excerpt only (German publishers' right, §87f UrhG).
fn full_text_for_official_sources_excerpts_for_press(out: &std::path::Path) {
    let rss = std::fs::read_to_string(out.join("alle.rss")).unwrap();
    assert_eq!(rss.matches("<content:encoded>").count(), 1, "{rss}");
    assert!(rss.contains("xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""));
    let atom = std::fs::read_to_string(out.join("alle.atom")).unwrap();
    assert_eq!(atom.matches("<content type=\"html\">").count(), 1, "{atom}");
    for (format, text) in [("rss", &rss), ("atom", &atom)] {
        assert!(
            text.contains("Volltext-Absatz zum Schluss"),
            "{format}: {text}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("alle.json")).unwrap()).unwrap();
    for item in json["items"].as_array().unwrap() {
        let html = item["content_html"].as_str().unwrap();
        if item["_presseradar"]["source"] == "mw" {
            assert!(html.contains("Volltext-Absatz zum Schluss"), "{item}");
            assert!(
                item["summary"].as_str().unwrap().contains("Aktionsplan"),
                "{item}"
            );
        } else {
            // The excerpt is the first paragraph; the source lines follow it.
            let excerpt = html
                .strip_prefix("<p>")
                .and_then(|h| h.split("</p>").next())
                .unwrap_or("");
            assert!(excerpt.chars().count() <= 220, "{excerpt}");
            assert!(!html.contains("<content"), "{item}");
        }
    }
}
