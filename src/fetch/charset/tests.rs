//! Charset choice and decoding, mojibake repair.

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
    let feed = latin1("<?xml version='1.0' encoding='ISO-8859-15'?><rss><title>Tür</title></rss>");
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

/// Wide encodings without a byte-order mark read as what they are, not as UTF-8 with NUL
/// bytes between the letters.
#[test]
fn utf16_and_utf32_without_bom_are_told_by_their_first_characters() {
    let text = "<?xml version=\"1.0\"?><rss><title>Fachkräfte für Görlitz</title></rss>";
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_eq!(decode_text(&be, None), text);
    assert_eq!(decode_text(&le, None), text);
    // A header claiming UTF-8 does not win over bytes that cannot be UTF-8 text.
    assert_eq!(
        decode_text(&be, Some("application/rss+xml; charset=utf-8")),
        text
    );
    let be32: Vec<u8> = text
        .chars()
        .flat_map(|c| u32::from(c).to_be_bytes())
        .collect();
    let le32: Vec<u8> = text
        .chars()
        .flat_map(|c| u32::from(c).to_le_bytes())
        .collect();
    assert_eq!(decode_text(&be32, None), text);
    assert_eq!(decode_text(&le32, None), text);
    let mut bom32 = vec![0xFF, 0xFE, 0, 0];
    bom32.extend_from_slice(&le32);
    assert_eq!(decode_text(&bom32, None), text);
    // Plain ASCII and UTF-8 are not mistaken for a wide encoding.
    assert_eq!(decode_text(b"<rss>ok</rss>", None), "<rss>ok</rss>");
}

/// A UTF-32 unit that is no character becomes U+FFFD instead of failing the document.
#[test]
fn utf32_units_that_are_no_characters_are_replaced() {
    let mut bytes: Vec<u8> = "<a>"
        .chars()
        .flat_map(|c| u32::from(c).to_be_bytes())
        .collect();
    bytes.extend_from_slice(&0x0011_0000u32.to_be_bytes());
    bytes.extend_from_slice(&[0, 0]);
    assert_eq!(decode_text(&bytes, None), "<a>\u{fffd}\u{fffd}");
}
