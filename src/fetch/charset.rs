//! Charset handling: turning the bytes of a page or feed into correct UTF-8 text, including
//! the repair of double-encoded ("fÃ¼r") text that German CMSs still emit.

use std::borrow::Cow;
use std::sync::LazyLock;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use regex::bytes::Regex;

/// How far into a document we look for `<meta charset>` or the XML declaration. The HTML
/// standard says 1024 bytes; CMS pages often put long comments and scripts first, so we
/// allow more.
const DECLARATION_WINDOW: usize = 4096;

/// Decodes a body to text and repairs classic mojibake. The charset is taken, in order, from
/// the byte-order mark; the Content-Type header (unless it claims UTF-8 over bytes that are
/// not UTF-8, which is a common server misconfiguration); the document's own `<meta>` or XML
/// declaration; and finally a statistical guess tuned for German (`.de`).
pub fn decode_text(bytes: &[u8], content_type: Option<&str>) -> String {
    if let Some(big_endian) = utf32_order(bytes) {
        return decode_utf32(bytes, big_endian);
    }
    let encoding = choose_encoding(bytes, content_type);
    // `decode` strips a matching BOM and replaces broken sequences instead of failing.
    let (text, _, _) = encoding.decode(bytes);
    match repair_mojibake(&text) {
        Cow::Borrowed(_) => text.into_owned(),
        Cow::Owned(repaired) => repaired,
    }
}

/// Picks the encoding for `bytes`; see [`decode_text`] for the order.
pub fn choose_encoding(bytes: &[u8], content_type: Option<&str>) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    // UTF-16 without a BOM is valid UTF-8 (ASCII with NUL bytes between), so it is told by
    // its first characters before anything is taken as UTF-8.
    if let Some(encoding) = utf16_without_bom(bytes) {
        return encoding;
    }
    let header = content_type
        .and_then(charset_param)
        .and_then(|label| Encoding::for_label(label.as_bytes()));
    let utf8_ok = || std::str::from_utf8(bytes).is_ok();
    if let Some(encoding) = header
        && (encoding != UTF_8 || utf8_ok())
    {
        return ascii_compatible(encoding);
    }
    if let Some(encoding) = declared_in_document(bytes)
        && (encoding != UTF_8 || utf8_ok())
    {
        return encoding;
    }
    if utf8_ok() {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(Some(b"de"), chardetng::Utf8Detection::Allow)
}

/// The `charset` parameter of a Content-Type value, unquoted.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// UTF-16 without a byte-order mark, told by a document's first character being `<` in
/// one of the two byte orders (XML 1.0, Appendix F: `00 3C` or `3C 00`, followed by an ASCII
/// character in the same order), as XML parsers and feedparser tell it.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    match bytes.get(..4)? {
        [0, b'<', 0, c] if c.is_ascii() && *c != 0 => Some(UTF_16BE),
        [b'<', 0, c, 0] if c.is_ascii() && *c != 0 => Some(UTF_16LE),
        _ => None,
    }
}

/// UTF-32 (which encoding_rs does not decode), by its byte-order mark or, without one, by
/// a first `<` in four bytes; `Some(true)` for big-endian.
fn utf32_order(bytes: &[u8]) -> Option<bool> {
    match bytes.get(..4)? {
        [0, 0, 0xFE, 0xFF] | [0, 0, 0, b'<'] => Some(true),
        [0xFF, 0xFE, 0, 0] | [b'<', 0, 0, 0] => Some(false),
        _ => None,
    }
}

/// UTF-32 text; a unit that is no Unicode scalar value, or is cut short, becomes U+FFFD;
/// a BOM is dropped.
fn decode_utf32(bytes: &[u8], big_endian: bool) -> String {
    let text: String = bytes
        .chunks(4)
        .map(|unit| {
            let Ok(word) = <[u8; 4]>::try_from(unit) else {
                // A document cut inside its last character.
                return char::REPLACEMENT_CHARACTER;
            };
            let value = if big_endian {
                u32::from_be_bytes(word)
            } else {
                u32::from_le_bytes(word)
            };
            char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER)
        })
        .collect();
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// A UTF-16 label in a header or a declaration cannot be true of bytes that carried no BOM
/// and were read as ASCII to find the label; browsers read such documents as UTF-8.
fn ascii_compatible(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == UTF_16LE || encoding == UTF_16BE {
        UTF_8
    } else {
        encoding
    }
}

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#)
        .expect("meta charset pattern is valid")
});
static XML_ENCODING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']\s*([a-z0-9_:.\-]+)"#)
        .expect("XML declaration pattern is valid")
});

/// The encoding the document declares about itself, if any and if known.
fn declared_in_document(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(DECLARATION_WINDOW)];
    let label = XML_ENCODING
        .captures(head)
        .or_else(|| META_CHARSET.captures(head))?
        .get(1)?
        .as_bytes();
    Encoding::for_label(label).map(ascii_compatible)
}

/// Repairs UTF-8 text that was once misread as windows-1252 and encoded again ("fÃ¼r" →
/// "für", "â€žZitatâ€œ" → "„Zitat“"). Only complete, valid UTF-8 sequences hidden in the
/// text are replaced, so correct text — even text with a genuine "Ã" as in "SÃO PAULO" —
/// comes back borrowed and unchanged.
pub fn repair_mojibake(text: &str) -> Cow<'_, str> {
    // Walks the text once without copying it until the first repair: German text is full
    // of chars that could lead a misread sequence (ä, ß, é), and most of it needs none.
    let mut repaired = String::new();
    let mut copied_to = 0;
    let mut changed = false;
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        let Some(continuations) = utf8_lead_len(c) else {
            continue;
        };
        let Some((decoded, len)) = misread_sequence_at(&text[at..], continuations) else {
            continue;
        };
        if !changed {
            repaired.reserve(text.len());
            changed = true;
        }
        repaired.push_str(&text[copied_to..at]);
        repaired.push(decoded);
        copied_to = at + len;
        for _ in 0..continuations {
            chars.next();
        }
    }
    if changed {
        repaired.push_str(&text[copied_to..]);
        Cow::Owned(repaired)
    } else {
        Cow::Borrowed(text)
    }
}

/// If `text` starts with the windows-1252 reading of one UTF-8 encoded character whose
/// lead byte announces `continuations` more bytes, returns that character and how many
/// bytes of `text` the misreading spans.
fn misread_sequence_at(text: &str, continuations: usize) -> Option<(char, usize)> {
    let mut bytes = [0u8; 4];
    let mut len = 0;
    let mut chars = text.chars();
    for slot in bytes.iter_mut().take(continuations + 1) {
        let c = chars.next()?;
        *slot = windows_1252_byte(c)?;
        len += c.len_utf8();
    }
    let bytes = &bytes[..=continuations];
    if !bytes[1..].iter().all(|b| (0x80..=0xBF).contains(b)) {
        return None;
    }
    let decoded = std::str::from_utf8(bytes).ok()?.chars().next()?;
    Some((decoded, len))
}

/// For a char that is the windows-1252 reading of a UTF-8 lead byte, the number of
/// continuation bytes that lead byte announces.
fn utf8_lead_len(c: char) -> Option<usize> {
    match c as u32 {
        0xC2..=0xDF => Some(1),
        0xE0..=0xEF => Some(2),
        0xF0..=0xF4 => Some(3),
        _ => None,
    }
}

/// The windows-1252 byte that decodes to `c`. Bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D are
/// unassigned in windows-1252 and survive misreading as the C1 controls of the same value.
fn windows_1252_byte(c: char) -> Option<u8> {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    let code = c as u32;
    if (0xA0..=0xFF).contains(&code) || code < 0x80 {
        return Some(code as u8);
    }
    HIGH.iter()
        .position(|&h| h == c)
        .map(|index| 0x80 + index as u8)
}

static XML_DECLARATION: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"^(\u{FEFF}?\s*<\?xml\b[^>]*?)\s+encoding\s*=\s*("[^"]*"|'[^']*')"#)
        .expect("XML declaration pattern is valid")
});

/// For XML already decoded to UTF-8: drops the declaration's `encoding="…"` so an XML
/// parser handed this text does not decode it a second time as, say, ISO-8859-1.
pub fn xml_as_utf8(text: &str) -> Cow<'_, str> {
    XML_DECLARATION.replace(text, "$1")
}

#[cfg(test)]
mod tests;
