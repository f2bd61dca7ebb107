//! vCard 2.1's quoted-printable as calcard reads it: phones write the bare
//! parameter (`N;QUOTED-PRINTABLE:Jos=C3=A9`), which calcard keeps as an
//! unknown parameter and leaves the value undecoded; and a value with no
//! `CHARSET` is read by calcard as Latin-1, which turns the UTF-8 most
//! phones write into `JosÃ©`. Both are made explicit here, each property
//! line edited in place so the card keeps its line count.

use std::borrow::Cow;

/// The card with `QUOTED-PRINTABLE` written as `ENCODING=QUOTED-PRINTABLE`,
/// and `CHARSET=UTF-8` added to quoted-printable values that have no
/// charset and decode to UTF-8 (others keep calcard's Latin-1 reading).
pub fn explicit_quoted_printable(card: &str) -> Cow<'_, str> {
    if !mentions_quoted_printable(card.as_bytes()) {
        return Cow::Borrowed(card);
    }
    let lines: Vec<&str> = card.split_inclusive('\n').collect();
    let mut out = String::with_capacity(card.len() + 32);
    for (i, line) in lines.iter().enumerate() {
        match rewrite(line, &lines[i..]) {
            Some(edited) => out.push_str(&edited),
            None => out.push_str(line),
        }
    }
    Cow::Owned(out)
}

fn mentions_quoted_printable(bytes: &[u8]) -> bool {
    const NEEDLE: &[u8] = b"-PRINTABLE";
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'-')
        .any(|(i, _)| {
            bytes
                .get(i..i + NEEDLE.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(NEEDLE))
        })
}

/// The property line `line` (followed by `rest`, its soft-broken
/// continuation lines) with its parameters made explicit, if it needs it.
fn rewrite(line: &str, rest: &[&str]) -> Option<String> {
    if line.starts_with([' ', '\t']) {
        return None;
    }
    let colon = line.find(':')?;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut params: Vec<&str> = head.split(';').collect();
    let mut changed = false;
    let mut quoted_printable = false;
    for p in params.iter_mut().skip(1) {
        let t = p.trim();
        if t.eq_ignore_ascii_case("QUOTED-PRINTABLE") {
            *p = "ENCODING=QUOTED-PRINTABLE";
            changed = true;
            quoted_printable = true;
        } else if t.eq_ignore_ascii_case("ENCODING=QUOTED-PRINTABLE") {
            quoted_printable = true;
        }
    }
    if !quoted_printable {
        return None;
    }
    let has_charset = params.iter().skip(1).any(|p| {
        p.split_once('=')
            .is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case("CHARSET"))
    });
    if !has_charset {
        let bytes = decode(&soft_joined(value, &rest[1..]));
        if !bytes.is_ascii() && std::str::from_utf8(&bytes).is_ok() {
            params.push("CHARSET=UTF-8");
            changed = true;
        }
    }
    changed.then(|| format!("{}:{value}", params.join(";")))
}

/// The value with the lines that its soft breaks (`=` at a line's end)
/// continue onto.
fn soft_joined(value: &str, next: &[&str]) -> String {
    let mut joined = value.trim_end().to_string();
    let mut next = next.iter();
    while joined.ends_with('=') {
        joined.pop();
        match next.next() {
            Some(line) => joined.push_str(line.trim_end()),
            None => break,
        }
    }
    joined
}

/// Quoted-printable to bytes (`=XX` a byte, anything else itself).
fn decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bare_parameter_becomes_explicit_with_its_charset() {
        let card = "BEGIN:VCARD\r\nN;QUOTED-PRINTABLE:Jos=C3=A9;=\r\nGarc=C3=ADa\r\nEND:VCARD\r\n";
        assert_eq!(
            explicit_quoted_printable(card),
            "BEGIN:VCARD\r\nN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Jos=C3=A9;=\r\nGarc=C3=ADa\r\nEND:VCARD\r\n"
        );
        let latin1 = "N;QUOTED-PRINTABLE:Andr=E9\r\n";
        assert_eq!(
            explicit_quoted_printable(latin1),
            "N;ENCODING=QUOTED-PRINTABLE:Andr=E9\r\n"
        );
    }
}
