//! The one phone-number normaliser: import's duplicate checks, merges and
//! the search index compare numbers through it. Built on libphonenumber's
//! metadata (the `phonenumber` crate) rather than hand-written rules, so
//! `0700 000001` in Kenya and `+254 700 000001` are one number while
//! `010-1234-5678` in Korea and `+81 90-1234-5678` in Japan stay two.

use phonenumber::{Mode, country};

/// Full-width digits and signs (`１２３－４５６７`, as Japanese phones write
/// them) made ASCII; everything else kept as it is.
pub fn fold_width(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '＋' => '+',
            '－' | 'ー' | '‐' | '−' => '-',
            '（' => '(',
            '）' => ')',
            '　' => ' ',
            '＊' => '*',
            '＃' => '#',
            _ => c,
        })
        .collect()
}

/// A region libphonenumber knows, from an ISO 3166 code (`KE`, `jp`).
fn region(code: &str) -> Option<country::Id> {
    code.trim().to_ascii_uppercase().parse().ok()
}

/// The number in E.164 (`+254700000001`) when it is a valid number: an
/// international one (`+...`) anywhere, a national one (`0700 000001`)
/// only with the region it is dialled in. `None` says "cannot tell", never
/// "different": short codes, USSD (`*144#`) and national numbers with no
/// region are not numbers to compare.
pub fn e164(value: &str, region_code: Option<&str>) -> Option<String> {
    let folded = fold_width(value);
    let text = folded.trim();
    let text = text.strip_prefix("tel:").unwrap_or(text);
    if text.contains(['*', '#']) || !text.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let region = region_code.and_then(region);
    if region.is_none() && !text.starts_with('+') && !text.starts_with("00") {
        return None;
    }
    let number = phonenumber::parse(region, text).ok()?;
    phonenumber::is_valid(&number).then(|| number.format().mode(Mode::E164).to_string())
}

/// The digit strings a number is found by in search, each to be matched
/// as a whole substring: the international form with its `+`
/// (`+254700123456`), the national form as dialled at home
/// (`0700123456`), and the digits as written when they are neither (a
/// number libphonenumber cannot read). National numbers are read in the
/// contact's `region_code`. Read with libphonenumber even when it does
/// not call the number valid: a number someone saved is searched as saved.
pub fn search_forms(value: &str, region_code: Option<&str>) -> Vec<String> {
    let folded = fold_width(value);
    let text = folded.trim();
    let text = text.strip_prefix("tel:").unwrap_or(text);
    let written = digits(text);
    let mut forms = Vec::new();
    let readable = !text.contains(['*', '#'])
        && (text.trim_start_matches('(').starts_with('+') || region_code.is_some());
    if readable && let Ok(number) = phonenumber::parse(region_code.and_then(region), text) {
        // Built from the parts rather than through the formatter, whose
        // patterns cost more than the parse: the national significant
        // number (with its leading zeros), the country code, and the trunk
        // prefix of the code's main region.
        let national = number.national();
        let significant = format!(
            "{}{}",
            "0".repeat(national.zeros() as usize),
            national.value()
        );
        let code = number.code().value();
        let trunk = phonenumber::metadata::DATABASE
            .by_code(&code)
            .and_then(|regions| regions.first().and_then(|m| m.national_prefix()))
            .unwrap_or("");
        forms.push(format!("+{code}{significant}"));
        forms.push(format!("{trunk}{significant}"));
    }
    let bare = written.trim_start_matches('+');
    if !bare.is_empty() && !forms.iter().any(|f| f.contains(bare)) {
        forms.push(written);
    }
    forms.retain(|f| f.trim_start_matches('+').len() >= 3);
    forms.dedup();
    forms
}

/// A search query made of digits and phone punctuation (`+`, space, `-`,
/// `.`, `(`, `)`), as the substring to look for: `+254 700` → `+254700`,
/// `700-000` → `700000`. `None` for anything else, or fewer than 3 digits.
pub fn search_query(query: &str) -> Option<String> {
    let folded = fold_width(query);
    let text = folded.trim();
    let phoneish = text
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if !phoneish || digits.len() < 3 {
        return None;
    }
    let international = text.trim_start_matches('(').starts_with('+');
    Some(if international {
        format!("+{digits}")
    } else {
        digits
    })
}

/// Whether two written numbers are the same line: the same E.164 number
/// when both can be read, else the same digits (with or without `+`) —
/// never the same last digits.
pub fn same_number(a: &str, b: &str, region_code: Option<&str>) -> bool {
    match (e164(a, region_code), e164(b, region_code)) {
        (Some(x), Some(y)) => x == y,
        _ => digits(a) == digits(b),
    }
}

/// The digits of a number (full-width folded), with a leading `+` kept:
/// `+254 700-000 001` → `+254700000001`, `０７００` → `0700`.
pub fn digits(value: &str) -> String {
    let folded = fold_width(value);
    let trimmed = folded.trim_start();
    let mut out = String::new();
    if trimmed.starts_with('+') {
        out.push('+');
    }
    out.extend(folded.chars().filter(char::is_ascii_digit));
    out
}

/// A phone value as imported: what can be dialled made dialable, the rest
/// kept as typed. `label` is a word the value carried (`(WhatsApp) +254...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub value: String,
    pub label: Option<String>,
}

/// Reads a phone value as people write them: full-width digits folded,
/// a `tel:` URI's `;ext=102` written `ext. 102`, a leading `(WhatsApp)` or
/// `WhatsApp:` taken as a label, vanity letters (`1-800-FLOWERS`) mapped to
/// their keys (E.161). USSD codes (`*144#`), pauses (`,,1234`) and
/// extensions (`ext. 12`, `x12`) stay as typed.
pub fn as_written(value: &str) -> Written {
    let folded = fold_width(value);
    let mut text = folded.trim().to_string();
    // A `tel:` URI (vCard 4.0), its prefix perhaps already taken off.
    let uri = text.strip_prefix("tel:");
    if uri.is_some() || text.to_ascii_lowercase().contains(";ext=") {
        text = uri_to_text(uri.unwrap_or(&text));
    }
    let mut label = None;
    if let Some((word, rest)) = leading_label(&text) {
        label = Some(word.to_lowercase());
        text = rest.to_string();
    }
    Written {
        value: map_letters(&text),
        label,
    }
}

/// `+1-418-656-9254;ext=102` → `+1-418-656-9254 ext. 102` (other URI
/// parameters, such as `phone-context`, say nothing to the reader).
fn uri_to_text(uri: &str) -> String {
    let mut parts = uri.split(';');
    let mut out = parts.next().unwrap_or_default().to_string();
    for param in parts {
        if let Some(ext) = param
            .split_once('=')
            .filter(|(k, _)| k.eq_ignore_ascii_case("ext"))
            .map(|(_, v)| v)
        {
            out.push_str(" ext. ");
            out.push_str(ext);
        }
    }
    out
}

/// `(WhatsApp) +254...` or `WhatsApp: +254...`: a word before the number.
fn leading_label(text: &str) -> Option<(&str, &str)> {
    let (word, rest) = if let Some(inner) = text.strip_prefix('(') {
        inner.split_once(')')?
    } else {
        text.split_once(':')?
    };
    let word = word.trim();
    let is_word = !word.is_empty() && word.chars().all(|c| c.is_alphabetic() || c == ' ');
    let rest = rest.trim();
    (is_word && rest.chars().any(|c| c.is_ascii_digit())).then_some((word, rest))
}

/// Words that mean "extension" and stay words.
const EXTENSION_WORDS: &[&str] = &["ext", "extn", "extension", "x", "poste", "int"];

/// Letters of a vanity number mapped to their keys (E.161): `1-800-FLOWERS`
/// → `1-800-3569377`. Only in a value with digits and a run of three or
/// more letters that is not an extension word; anything else is kept.
fn map_letters(text: &str) -> String {
    if !text.chars().any(|c| c.is_ascii_digit()) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let plain = word.to_ascii_lowercase();
        if word.len() >= 3 && !EXTENSION_WORDS.contains(&plain.as_str()) {
            out.extend(word.chars().map(e161_key));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The key a letter is on (ITU-T E.161).
fn e161_key(c: char) -> char {
    match c.to_ascii_uppercase() {
        'A'..='C' => '2',
        'D'..='F' => '3',
        'G'..='I' => '4',
        'J'..='L' => '5',
        'M'..='O' => '6',
        'P'..='S' => '7',
        'T'..='V' => '8',
        'W'..='Z' => '9',
        other => other,
    }
}

/// A phone value is refused only when it has no digit at all.
pub fn has_digits(value: &str) -> bool {
    fold_width(value).chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_and_international_forms_of_one_number_agree() {
        assert_eq!(
            e164("0700 000001", Some("KE")).as_deref(),
            Some("+254700000001")
        );
        assert_eq!(
            e164("+254 700 000001", None).as_deref(),
            Some("+254700000001")
        );
        assert!(same_number("0700000001", "+254 700 000001", Some("ke")));
    }

    #[test]
    fn the_same_last_digits_in_two_countries_are_two_numbers() {
        let korea = e164("010-1234-5678", Some("KR")).unwrap();
        let japan = e164("+81 90-1234-5678", Some("KR")).unwrap();
        assert_ne!(korea, japan);
    }

    #[test]
    fn full_width_digits_are_folded_and_unreadable_numbers_compare_as_unknown() {
        assert_eq!(
            e164("０９０－１２３４－５６７８", Some("JP")).as_deref(),
            Some("+819012345678")
        );
        assert_eq!(digits("＋８１ ９０"), "+8190");
        assert_eq!(e164("*144#", Some("KE")), None);
        assert_eq!(e164("0700000001", None), None, "national, no region");
    }

    #[test]
    fn search_forms_cover_every_writing() {
        let forms = search_forms("0700 870 316", Some("KE"));
        assert_eq!(forms, vec!["+254700870316", "0700870316"]);
        let forms = search_forms("(+254) 700 501951", None);
        assert!(forms.contains(&"+254700501951".to_string()), "{forms:?}");
        assert!(forms.contains(&"0700501951".to_string()), "{forms:?}");
        let forms = search_forms("+81 80-8011-1700", Some("KE"));
        assert!(forms.contains(&"+818080111700".to_string()), "{forms:?}");
        assert!(forms.contains(&"08080111700".to_string()), "{forms:?}");
        // A national number with no country: only its digits.
        assert_eq!(search_forms("0700 870 316", None), vec!["0700870316"]);
        assert_eq!(search_forms("*144#", Some("KE")), vec!["144"]);
    }

    #[test]
    fn search_queries() {
        assert_eq!(search_query("+254 700").as_deref(), Some("+254700"));
        assert_eq!(search_query("700-000").as_deref(), Some("700000"));
        assert_eq!(search_query("(0700) 12").as_deref(), Some("070012"));
        assert_eq!(search_query("７００").as_deref(), Some("700"));
        assert_eq!(search_query("70"), None);
        assert_eq!(search_query("kim 700"), None);
    }

    #[test]
    fn values_as_people_write_them() {
        let w = |v: &str| as_written(v);
        assert_eq!(
            w("tel:+1-418-656-9254;ext=102").value,
            "+1-418-656-9254 ext. 102"
        );
        assert_eq!(
            w("+1-418-656-9254;ext=102").value,
            "+1-418-656-9254 ext. 102"
        );
        assert_eq!(
            w("+254 20 123 4567 ext. 12").value,
            "+254 20 123 4567 ext. 12"
        );
        assert_eq!(w("*144#").value, "*144#");
        assert_eq!(w(",,1234").value, ",,1234");
        assert_eq!(w("１２３-４５６７-８９０１").value, "123-4567-8901");
        assert_eq!(w("1-800-FLOWERS").value, "1-800-3569377");
        assert_eq!(w("+1 555 0100 x12").value, "+1 555 0100 x12");
        let whatsapp = w("(WhatsApp) +254 700 000001");
        assert_eq!(whatsapp.value, "+254 700 000001");
        assert_eq!(whatsapp.label.as_deref(), Some("whatsapp"));
        assert!(!has_digits("call me"));
        assert!(has_digits("*144#"));
    }
}
