//! Advertising markers ("Werbung", "Anzeige") that pages set between paragraphs: they
//! are layout, not text, and would otherwise end up in summaries and fingerprints.

use scraper::{ElementRef, Html};

use crate::sanitize::collapse_whitespace;

/// Texts that mark an ad slot when they are an element's or a paragraph's whole text.
const MARKERS: [&str; 7] = [
    "werbung",
    "anzeige",
    "advertisement",
    "sponsored",
    "gesponsert",
    "publireportage",
    "ad",
];

/// Whether a text, on its own, is an ad marker ("Werbung", "- Anzeige -", "ANZEIGE:").
pub fn is_ad_marker(text: &str) -> bool {
    let bare: String = text
        .trim_matches(|c: char| c.is_whitespace() || "-–—:|*·•()[]".contains(c))
        .to_lowercase();
    MARKERS.contains(&bare.as_str())
}

/// Remove ad markers from an HTML fragment or from plain text.
///
/// In HTML, every element whose whole text is a marker goes (the outermost such element,
/// so `<div class="ad"><span>Anzeige</span></div>` leaves nothing behind). In plain text,
/// lines that are only a marker go. Everything else is kept as it was.
pub fn strip_ad_markers(html_or_text: &str) -> String {
    if !html_or_text.contains('<') {
        return strip_marker_lines(html_or_text);
    }
    let mut doc = Html::parse_fragment(html_or_text);
    let doomed: Vec<_> = doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|el| is_ad_marker(&collapse_whitespace(&el.text().collect::<String>())))
        .filter(|el| {
            // Keep only the outermost marker element; its children go with it.
            !el.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.id() != doc.root_element().id() && is_ad_marker(&text_of(a)))
        })
        .map(|el| el.id())
        .collect();
    // Bare text nodes between block elements ("…</p>Werbung<p>…") are markers too.
    let stray = doc
        .root_element()
        .children()
        .filter(|node| node.value().as_text().is_some_and(|t| is_ad_marker(t)))
        .map(|node| node.id());
    let doomed: Vec<_> = doomed.into_iter().chain(stray).collect();
    if doomed.is_empty() {
        return html_or_text.to_string();
    }
    for id in doomed {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }
    doc.root_element().inner_html()
}

fn text_of(el: ElementRef<'_>) -> String {
    collapse_whitespace(&el.text().collect::<String>())
}

fn strip_marker_lines(text: &str) -> String {
    if !text.lines().any(is_ad_marker) {
        return text.to_string();
    }
    text.lines()
        .filter(|line| !is_ad_marker(line))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_markers_only_as_whole_text() {
        for marker in [
            "Werbung",
            " ANZEIGE ",
            "- Anzeige -",
            "Anzeige:",
            "Advertisement",
        ] {
            assert!(is_ad_marker(marker), "{marker:?}");
        }
        for text in [
            "Werbung für den Standort Sachsen-Anhalt",
            "Die Anzeige wurde erstattet.",
            "",
            "Fachkräfte",
        ] {
            assert!(!is_ad_marker(text), "{text:?}");
        }
    }

    #[test]
    fn strips_marker_elements_and_keeps_the_rest() {
        let html = r#"<p>Die Teilnehmer diskutierten.</p><p>Werbung</p><div class="ad-slot"><span>- Anzeige -</span></div><p>Werbung für Thüringen als Arbeitsort ist Teil der Strategie.</p>"#;
        let cleaned = strip_ad_markers(html);
        assert!(!cleaned.contains(">Werbung<"), "{cleaned}");
        assert!(!cleaned.contains("Anzeige"), "{cleaned}");
        assert!(!cleaned.contains("ad-slot"), "{cleaned}");
        assert!(
            cleaned.contains("<p>Die Teilnehmer diskutierten.</p>"),
            "{cleaned}"
        );
        assert!(cleaned.contains("Werbung für Thüringen"), "{cleaned}");
    }

    #[test]
    fn strips_bare_text_markers_between_paragraphs() {
        let cleaned = strip_ad_markers("<p>Eins.</p>\nAnzeige\n<p>Zwei.</p>");
        assert!(!cleaned.contains("Anzeige"), "{cleaned}");
        assert!(cleaned.contains("<p>Zwei.</p>"), "{cleaned}");
    }

    #[test]
    fn strips_marker_lines_from_plain_text() {
        let text = "Erster Absatz.\n\nWerbung\n\nZweiter Absatz.";
        assert_eq!(
            strip_ad_markers(text),
            "Erster Absatz.\n\n\nZweiter Absatz."
        );
        assert_eq!(strip_ad_markers("Ohne Marker."), "Ohne Marker.");
    }

    #[test]
    fn unchanged_html_is_returned_as_is() {
        let html = "<p>Fachkr&auml;fte &amp; Betriebe</p>";
        assert_eq!(strip_ad_markers(html), html);
    }
}
