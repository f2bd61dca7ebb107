//! Which encoding an input file is in: UTF-8 (with or without a BOM) is
//! read as it is, UTF-16 (a BOM, or the NUL bytes every other byte that
//! ASCII text gets in UTF-16) is converted, and anything else is refused
//! naming what it looks like. Shift_JIS and Windows-1252 are not guessed:
//! the same bytes decode "successfully" as both (`Sénégal` in Windows-1252
//! is valid Shift_JIS kanji), so a guess could write wrong names silently.

use encoding_rs::{Encoding, SHIFT_JIS, UTF_16BE, UTF_16LE};

/// A file's text, and the encoding it was converted from (None: UTF-8).
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub converted_from: Option<&'static str>,
}

/// The file's bytes as text, or why not (without the file's name).
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(body);
    }
    if let Some(utf16) = utf16_of(bytes) {
        return from_utf16(bytes, utf16);
    }
    utf8(bytes)
}

fn utf8(body: &[u8]) -> Result<Decoded, String> {
    let converted_from = None;
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok(Decoded {
            text: text.to_string(),
            converted_from,
        });
    }
    // A vCard line may be folded in the middle of a character (RFC 6350
    // §3.2 folds octets): put the fold after the character and try again.
    let mended = mend_split_folds(body);
    match String::from_utf8(mended) {
        Ok(text) => Ok(Decoded {
            text,
            converted_from,
        }),
        Err(e) => Err(not_utf8(body, e.utf8_error().valid_up_to())),
    }
}

/// UTF-16 by its BOM, or (no BOM) by NUL bytes on one side of every pair
/// and none on the other, as ASCII-heavy text (a vCard, a CSV) has in UTF-16.
fn utf16_of(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some(UTF_16LE);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some(UTF_16BE);
    }
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let nul_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    // A few NULs on the other side are characters like 一 (U+4E00).
    let pairs = sample.len() / 2;
    let (even, odd) = (nul_at(0), nul_at(1));
    if odd * 2 >= pairs && even * 16 <= pairs {
        Some(UTF_16LE)
    } else if even * 2 >= pairs && odd * 16 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn from_utf16(bytes: &[u8], encoding: &'static Encoding) -> Result<Decoded, String> {
    let name = encoding.name();
    let (text, _, had_errors) = encoding.decode(bytes);
    if had_errors {
        return Err(format!(
            "this file is {name} but not valid {name} (a byte too many, or half a character); \
             save it as UTF-8 and import it again. Nothing was imported"
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    Ok(Decoded {
        text,
        converted_from: Some(name),
    })
}

/// The refusal of a file that is neither UTF-8 nor UTF-16, naming the
/// line of its first non-UTF-8 byte and the encoding it looks like.
fn not_utf8(body: &[u8], at: usize) -> String {
    let line = body[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    format!(
        "line {line}: not UTF-8 text (byte 0x{:02X}); this file looks like {}. fieldbook does not \
         guess encodings (a wrong guess writes wrong letters into names). Save it as UTF-8 \
         (\"CSV UTF-8\" in Excel) and import it again. Nothing was imported",
        body[at],
        looks_like(body)
    )
}

/// Shift_JIS when it decodes as such and holds kana (every Japanese text
/// does; Western text read as Shift_JIS almost never); else Windows-1252.
fn looks_like(body: &[u8]) -> &'static str {
    let (text, had_errors) = SHIFT_JIS.decode_without_bom_handling(body);
    let kana = text.chars().any(|c| ('\u{3041}'..='\u{30FA}').contains(&c));
    if !had_errors && kana {
        "Shift_JIS (Japanese)"
    } else {
        "Windows-1252 or Latin-1 (Western European)"
    }
}

/// `…\xE5\x9C\r\n \x9F…` → `…\xE5\x9C\x9F\r\n …`: a fold that splits a
/// UTF-8 character is moved after it, so the text unfolds the same and
/// keeps its line count (problems name the right lines).
fn mend_split_folds(body: &[u8]) -> Vec<u8> {
    let mut out = body.to_vec();
    let mut i = 0;
    while i < out.len() {
        if out[i] != b'\n' {
            i += 1;
            continue;
        }
        let end = if i > 0 && out[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        let missing = missing_continuations(&out[..end]);
        let after = i + 2; // past the newline and the fold's space or tab
        let folded = matches!(out.get(i + 1), Some(b' ' | b'\t'));
        if missing > 0 && folded && after + missing <= out.len() {
            let tail = &out[after..after + missing];
            if tail.iter().all(|&b| (0x80..0xC0).contains(&b)) {
                // Rotate [fold break][continuations] into [continuations][fold break].
                out[end..after + missing].rotate_left(after - end);
            }
        }
        i += 1;
    }
    out
}

/// How many continuation bytes the last character of `bytes` still lacks.
fn missing_continuations(bytes: &[u8]) -> usize {
    let mut have = 0;
    for &b in bytes.iter().rev().take(4) {
        match b {
            0x80..=0xBF => have += 1,
            0xC0..=0xDF => return 1usize.saturating_sub(have),
            0xE0..=0xEF => return 2usize.saturating_sub(have),
            0xF0..=0xF7 => return 3usize.saturating_sub(have),
            _ => return 0,
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fold_inside_a_character_moves_after_it() {
        // 土 is E5 9C 9F: folded after its first byte.
        let bytes = b"FN:\xE5\r\n \x9C\x9F\xE5\xB1\x85\r\n";
        assert_eq!(decode(bytes).unwrap().text, "FN:土\r\n 居\r\n");
    }

    #[test]
    fn utf16_without_a_bom_is_told_by_its_nul_bytes() {
        let le: Vec<u8> = "BEGIN:VCARD\r\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let d = decode(&le).unwrap();
        assert_eq!(d.text, "BEGIN:VCARD\r\n");
        assert_eq!(d.converted_from, Some("UTF-16LE"));
        // 一 (U+4E00) puts a NUL on the other side: still UTF-16BE.
        let be: Vec<u8> = "FN:田中一郎\r\nEMAIL:tanaka@example.org\r\n"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        let d = decode(&be).unwrap();
        assert_eq!(d.text, "FN:田中一郎\r\nEMAIL:tanaka@example.org\r\n");
        assert_eq!(d.converted_from, Some("UTF-16BE"));
    }
}
