//! Canonical form of an article link, so one page reached by different links is one item.

use url::Url;

use super::DedupError;

/// Query parameters that only track the reader; their names are compared lowercased.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "ttclid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "igshid",
    "wt_mc",
    "wt.mc_id",
    "wt_zmc",
    "wtmc",
    "li_fat_id",
    "mkt_tok",
    "_hsenc",
    "_hsmi",
    "hsctatracking",
    "oly_enc_id",
    "oly_anon_id",
    "vero_id",
    "rb_clickid",
    "s_cid",
    "ref_src",
    "ref_url",
    "cmpid",
    "ncid",
    "jsessionid",
    "phpsessid",
    "sessionid",
    "xtor",
];

/// Prefixes of tracking parameter families (Google/Matomo/AT Internet campaign tags).
const TRACKING_PREFIXES: &[&str] = &["utm_", "at_", "pk_", "mtm_", "piwik_", "matomo_"];

/// The fragment that marks a feed entry without a usable link of its own: it is linked to
/// its source's page, and the fragment (the entry's guid) is what tells such entries apart.
pub const GUID_FRAGMENT: &str = "presseradar-guid=";

/// Lowercase scheme and host, no default port, no fragment (but a [`GUID_FRAGMENT`]), sorted query, tracking
/// parameters removed, `;jsessionid=…` removed, empty query dropped, percent-encoding
/// normalised. Err for anything but an absolute http(s) URL.
pub fn canonical_url(url: &str) -> Result<String, DedupError> {
    let trimmed = url.trim();
    let mut parsed = Url::parse(trimmed).map_err(|e| DedupError::InvalidUrl {
        url: trimmed.to_string(),
        reason: e.to_string(),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(DedupError::UnsupportedScheme {
            url: trimmed.to_string(),
            scheme: parsed.scheme().to_string(),
        });
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(DedupError::InvalidUrl {
            url: trimmed.to_string(),
            reason: "no host".to_string(),
        });
    }
    if !parsed
        .fragment()
        .is_some_and(|f| f.starts_with(GUID_FRAGMENT))
    {
        parsed.set_fragment(None);
    }
    // Credentials never identify an article, and must not end up in a stored link.
    let _ = parsed.set_username("");
    let _ = parsed.set_password(None);

    let path = normalize_percent_encoding(&strip_session_ids(parsed.path()));
    parsed.set_path(&path);

    let query = parsed.query().map(canonical_query).unwrap_or_default();
    parsed.set_query(if query.is_empty() { None } else { Some(&query) });
    Ok(parsed.into())
}

/// Drop `;jsessionid=…` (and similar matrix session parameters) from every path segment.
fn strip_session_ids(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let mut parts = segment.split(';');
            let head = parts.next().unwrap_or_default();
            let kept: Vec<&str> = parts.filter(|p| !is_session_param(p)).collect();
            if kept.is_empty() {
                head.to_string()
            } else {
                format!("{head};{}", kept.join(";"))
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn is_session_param(param: &str) -> bool {
    let name = param
        .split('=')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(
        name.as_str(),
        "jsessionid" | "phpsessid" | "sid" | "sessionid"
    )
}

/// Sort the query's pairs and drop tracking parameters and empty pieces (`a=1&&b=2`).
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| !is_tracking_param(pair.split('=').next().unwrap_or_default()))
        .map(|pair| escape_brackets(&normalize_percent_encoding(pair)))
        .collect();
    pairs.sort();
    pairs.dedup();
    pairs.join("&")
}

/// TYPO3 links carry `tx_news_pi1[uid]=7` bare on one page, escaped on another: one spelling.
fn escape_brackets(pair: &str) -> String {
    pair.replace('[', "%5B").replace(']', "%5D")
}

fn is_tracking_param(raw_name: &str) -> bool {
    let name = percent_decode_lossy(raw_name).to_ascii_lowercase();
    TRACKING_PARAMS.contains(&name.as_str())
        || TRACKING_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Decode escapes of unreserved characters (`%7E` → `~`, `%41` → `A`) and write the
/// remaining escapes with uppercase hex, so both spellings of one link compare equal.
fn normalize_percent_encoding(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|b| hex_value(*b)),
                bytes.get(i + 2).and_then(|b| hex_value(*b)),
            )
        {
            let byte = hi * 16 + lo;
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                out.push(char::from(byte));
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
            i += 3;
            continue;
        }
        // A lone '%' (not a valid escape) is written as "%25": left bare, it could form
        // an escape with what a decoded neighbour leaves behind ("%%44f" → "%Df"), and a
        // second pass would then read the URL differently.
        if bytes[i] == b'%' {
            out.push_str("%25");
            i += 1;
            continue;
        }
        // Multi-byte characters are copied whole: find the next char boundary.
        let ch_len = text[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&text[i..i + ch_len]);
        i += ch_len;
    }
    out
}

fn percent_decode_lossy(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|b| hex_value(*b)),
                bytes.get(i + 2).and_then(|b| hex_value(*b)),
            )
        {
            decoded.push(hi * 16 + lo);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

fn hex_value(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests;
