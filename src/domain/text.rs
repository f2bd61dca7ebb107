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

/// The digits of a phone number, with a leading `+` kept: `+254 700-000 001` → `+254700000001`.
pub fn phone_digits(s: &str) -> String {
    let trimmed = s.trim_start();
    let mut out = String::new();
    if trimmed.starts_with('+') {
        out.push('+');
    }
    out.extend(s.chars().filter(char::is_ascii_digit));
    out
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
    fn phone_digits_ignore_punctuation() {
        assert_eq!(phone_digits("+254 700-000 001"), "+254700000001");
        assert_eq!(phone_digits("(0700) 000 001"), "0700000001");
    }
}
