//! Text folding shared by sorting and (later) search, so every path agrees on
//! what "the same letters" means.

use unicode_normalization::UnicodeNormalization;

/// Folds text for comparison: NFKC compatibility forms (full-width `Ａ` → `a`,
/// half-width `ｶ` → `カ`), lower case, accents removed (`Sénégal` → `senegal`),
/// and the Latin letters Unicode does not decompose spelled out
/// (`Łukasz` → `lukasz`, `ø` → `o`, `ß` → `ss`, `æ` → `ae`).
/// CJK and Hangul pass through unchanged (Hangul is recomposed after NFKD).
pub fn fold(s: &str) -> String {
    // Most text is plain ASCII: no accents or wide forms to fold.
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for ch in s.nfkd().filter(|c| !is_accent(*c)) {
        match ch {
            'ł' | 'Ł' => out.push('l'),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'ß' | 'ẞ' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'þ' | 'Þ' => out.push_str("th"),
            'ı' => out.push('i'),
            // Typographic apostrophes fold to the ASCII one.
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
    // NFKD split Hangul syllables and kana with dakuten into jamo/marks; put
    // them back together so `김` stays one character.
    out.nfc().collect()
}

/// Combining marks that are accents on Latin, Greek or Cyrillic letters.
/// Kana voicing marks (U+3099, U+309A) are not in these ranges: `ド` and `ト`
/// are different sounds and stay different.
fn is_accent(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// A character that must never reach a terminal as it is: a control (C0,
/// DEL, C1: ESC starts sequences that can recolour the screen or write the
/// clipboard, OSC 52) or a bidi override / isolate, which reorders the line
/// around it.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Zero-width and line-separator characters: invisible, yet terminals
/// disagree on the cells they take (or break the line at them), so a table
/// drawn around them loses its borders.
pub fn is_invisible_layout(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Text from the book or from an imported file, made safe for one line of
/// a terminal: line breaks and tabs become spaces, controls and bidi
/// overrides become `?` (shown, never obeyed), zero-width characters are
/// dropped. The UI draws through it and the CLI prints through it.
pub fn clean(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' | '\t' | '\r' | '\u{2028}' | '\u{2029}' => Some(' '),
            c if is_unsafe(c) => Some('?'),
            c if is_invisible_layout(c) => None,
            c => Some(c),
        })
        .collect()
}

/// As `clean`, but line breaks stay (a note printed whole).
pub fn clean_lines(s: &str) -> String {
    s.split('\n')
        .map(|line| clean(line.strip_suffix('\r').unwrap_or(line)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// JSON text with every character `clean` would not let through written as
/// a `\uXXXX` escape. serde_json escapes only C0 controls, so a C1 control
/// (U+009B is a one-byte CSI) or a bidi override would reach the terminal.
/// The value read back is the same.
pub fn escape_json_controls(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if (is_unsafe(c) || is_invisible_layout(c)) && c != '\n' {
            // Inside a string serde_json has already escaped C0; what is left
            // (DEL, C1, bidi, zero-width) is one UTF-16 unit each.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The digits of a phone number, with a leading `+` kept: `+254 700-000 001` → `+254700000001`
/// (full-width digits folded: see `domain::phone`).
pub fn phone_digits(s: &str) -> String {
    super::phone::digits(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_latin() {
        assert_eq!(fold("Sénégal"), "senegal");
        assert_eq!(fold("N’Diaye"), "n'diaye");
        assert_eq!(
            fold("Łukasz Øster Straße Æsir Đorđe"),
            "lukasz oster strasse aesir dorde"
        );
        assert_eq!(fold("ＰＬＡＳ"), "plas");
    }

    #[test]
    fn keeps_cjk_and_hangul_whole() {
        assert_eq!(fold("土居健市"), "土居健市");
        assert_eq!(fold("김민준"), "김민준");
        assert_eq!(fold("ﾄﾞｲ"), "ドイ");
        assert_ne!(fold("ドイ"), fold("トイ"));
        assert_eq!(fold("Ｄｏｉ　ケンイチ"), "doi ケンイチ");
    }

    #[test]
    fn escapes_are_neutralised() {
        assert_eq!(clean("a\u{1b}[31mb\u{7}c\u{9b}d"), "a?[31mb?c?d");
        assert_eq!(clean("x\u{202E}y"), "x?y");
        assert_eq!(clean("a\u{200B}b\u{2028}c\u{FEFF}"), "ab c");
        assert_eq!(
            clean_lines("one\u{1b}]52;c;x\u{7}\ntwo"),
            "one?]52;c;x?\ntwo"
        );
    }

    #[test]
    fn json_escapes_c1_and_reads_back_the_same() {
        let value = serde_json::json!({ "title": "a\u{9b}31m\u{85}b\u{7f}\u{202e}" });
        let text = escape_json_controls(&serde_json::to_string(&value).unwrap());
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains("\\u009b"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn phone_digits_ignore_punctuation() {
        assert_eq!(phone_digits("+254 700-000 001"), "+254700000001");
        assert_eq!(phone_digits("(0700) 000 001"), "0700000001");
    }
}
