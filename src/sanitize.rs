//! Everything that came from outside passes through here before it is stored or shown.

use std::sync::LazyLock;

use ammonia::Builder;

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = Builder::default();
    // Only http(s) and mailto links survive; `javascript:` and `data:` never do.
    b.url_schemes(["http", "https", "mailto"].into_iter().collect());
    b.link_rel(Some("noopener noreferrer nofollow"));
    b.rm_tags(["img"]);
    b
});

/// Sanitize an HTML fragment from a feed or page: no scripts, no event handlers,
/// no dangerous URL schemes, no images (which would let outside servers track readers).
pub fn clean_html(fragment: &str) -> String {
    CLEANER.clean(fragment).to_string()
}

/// Plain text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed.
pub fn html_to_text(fragment: &str) -> String {
    if !fragment.contains('<') && !fragment.contains('&') {
        return collapse_whitespace(fragment);
    }
    let doc = scraper::Html::parse_fragment(fragment);
    let mut out = String::with_capacity(fragment.len());
    for node in doc.root_element().descendants() {
        if let Some(text) = node.value().as_text() {
            let skip = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "script" | "style" | "noscript"))
            });
            if !skip {
                out.push_str(text);
            }
        } else if let Some(el) = node.value().as_element()
            && matches!(
                el.name(),
                "p" | "br" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "tr"
            )
        {
            out.push(' ');
        }
    }
    collapse_whitespace(&out)
}

/// Collapse runs of whitespace (including non-breaking spaces) to single spaces.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c == '\u{a0}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Escape text for inclusion in HTML element content or a quoted attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_scripts_handlers_and_js_links() {
        let dirty = r#"<p onclick="x()">Hallo <script>alert(1)</script><a href="javascript:alert(1)">a</a><a href="https://x.de/">b</a></p>"#;
        let clean = clean_html(dirty);
        assert!(!clean.contains("script"), "{clean}");
        assert!(!clean.contains("onclick"), "{clean}");
        assert!(!clean.contains("javascript"), "{clean}");
        assert!(clean.contains(r#"href="https://x.de/""#), "{clean}");
    }

    #[test]
    fn text_of_html() {
        assert_eq!(
            html_to_text("<p>Fachkr&auml;fte<br>f&uuml;r&nbsp;Sachsen</p><script>x</script>"),
            "Fachkräfte für Sachsen"
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
