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
}
