//! Public addresses of this site, built below the configured `base_url`.

use url::Url;

/// A public address below `base_url`. A base without a trailing slash
/// (`https://example.org/presseradar`) is a directory here, not a file to replace.
pub fn public_url(base: &Url, path: &str) -> String {
    let mut base = base.clone();
    if !base.path().ends_with('/') {
        let dir = format!("{}/", base.path());
        base.set_path(&dir);
    }
    base.join(path.trim_start_matches('/'))
        .map(|u| u.to_string())
        .unwrap_or_else(|_| format!("{base}{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_stay_below_a_base_path() {
        let with_path = Url::parse("https://example.org/presseradar").unwrap();
        assert_eq!(
            public_url(&with_path, "feeds/ost.rss"),
            "https://example.org/presseradar/feeds/ost.rss"
        );
        let root = Url::parse("http://127.0.0.1:8080/").unwrap();
        assert_eq!(
            public_url(&root, "/embed.js"),
            "http://127.0.0.1:8080/embed.js"
        );
    }
}
