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
mod tests {
    use super::*;

    fn latin1(text: &str) -> Vec<u8> {
        encoding_rs::WINDOWS_1252.encode(text).0.into_owned()
    }

    #[test]
    fn latin1_page_without_header_charset_uses_meta() {
        let page = latin1(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">\
             </head><body>Fachkräfte für Sachsen-Anhalt</body></html>",
        );
        let text = decode_text(&page, Some("text/html"));
        assert!(text.contains("Fachkräfte für Sachsen-Anhalt"), "{text}");
    }

    #[test]
    fn utf8_header_over_latin1_bytes_loses_to_meta_charset() {
        let page = latin1("<meta charset=\"windows-1252\"><p>Größe „Zitat“ – Ärzte</p>");
        let text = decode_text(&page, Some("text/html; charset=UTF-8"));
        assert!(text.contains("Größe „Zitat“ – Ärzte"), "{text}");
    }

    #[test]
    fn header_charset_wins_over_meta_when_it_fits() {
        let page = latin1("<meta charset=\"utf-8\"><p>Grüße</p>");
        let text = decode_text(&page, Some("text/html; charset=\"ISO-8859-1\""));
        assert!(text.contains("Grüße"), "{text}");
    }

    #[test]
    fn xml_declaration_names_the_encoding() {
        let feed =
            latin1("<?xml version='1.0' encoding='ISO-8859-15'?><rss><title>Tür</title></rss>");
        assert_eq!(choose_encoding(&feed, None), encoding_rs::ISO_8859_15);
        assert!(decode_text(&feed, Some("application/xml")).contains("Tür"));
    }

    #[test]
    fn bom_wins_over_everything() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("Prüfung".as_bytes());
        assert_eq!(
            decode_text(&bytes, Some("text/html; charset=iso-8859-1")),
            "Prüfung"
        );
    }

    #[test]
    fn undeclared_latin1_is_detected_as_german() {
        let page = latin1(
            "<p>Die Landesregierung fördert die Fachkräftesicherung in ländlichen Räumen. \
             Über Weiterbildung und Zuwanderung berät das Ministerium für Arbeit.</p>",
        );
        let text = decode_text(&page, None);
        assert!(
            text.contains("fördert die Fachkräftesicherung in ländlichen Räumen"),
            "{text}"
        );
    }

    #[test]
    fn mojibake_is_repaired() {
        assert_eq!(repair_mojibake("fÃ¼r"), "für");
        assert_eq!(repair_mojibake("GrÃ¶ÃŸe"), "Größe");
        assert_eq!(repair_mojibake("â€žFachkrÃ¤fteâ€œ"), "„Fachkräfte“");
        assert_eq!(repair_mojibake("Preis: 5 â‚¬"), "Preis: 5 €");
        assert_eq!(repair_mojibake("ÃœBER"), "ÜBER");
        // Repairs amid correct text keep everything around them, also at both ends.
        assert_eq!(
            repair_mojibake("Ã¼ber Grüße: fÃ¼r Ärzte in SÃO PAULO, â€žjaâ€œ Ã"),
            "über Grüße: für Ärzte in SÃO PAULO, „ja“ Ã"
        );
        assert_eq!(repair_mojibake("Maß fÃ¼r MaÃŸ"), "Maß für Maß");
    }

    #[test]
    fn mojibake_repair_leaves_correct_text_untouched() {
        for text in [
            "Grüße für Ärzte, Öl bei 50 °C, Maß ½ – „Zitat“ © 2024",
            "SÃO PAULO und ÃO sind echte Schreibweisen",
            "plain ASCII",
            "",
        ] {
            assert!(
                matches!(repair_mojibake(text), Cow::Borrowed(t) if t == text),
                "{text}"
            );
        }
    }

    #[test]
    fn decode_text_repairs_double_encoded_utf8() {
        let doubly = "Fachkräfte für Thüringen".as_bytes();
        let misread = encoding_rs::WINDOWS_1252.decode(doubly).0.into_owned();
        assert_eq!(
            decode_text(misread.as_bytes(), Some("text/html; charset=utf-8")),
            "Fachkräfte für Thüringen"
        );
    }

    #[test]
    fn xml_declaration_encoding_is_removed() {
        assert_eq!(
            xml_as_utf8("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss/>"),
            "<?xml version=\"1.0\"?>\n<rss/>"
        );
        assert_eq!(
            xml_as_utf8("<?xml version='1.0' encoding='windows-1252' standalone='yes'?><a/>"),
            "<?xml version='1.0' standalone='yes'?><a/>"
        );
        assert!(matches!(
            xml_as_utf8("<rss encoding=\"x\"/>"),
            Cow::Borrowed(_)
        ));
    }
}
