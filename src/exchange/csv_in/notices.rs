//! What the import preview says about a CSV file beyond its contacts.

use super::Field;
use super::header::field_words;
use crate::exchange::csv_layout;

/// What the preview says about the file: the note rows above the header,
/// the separator when it is not a comma, the columns read by a guess, and
/// every column with data that is not imported.
pub(super) fn notices(
    text: &str,
    header_at: usize,
    headers: &[String],
    fields: &[Field],
    guessed: &[bool],
    data: &[csv::StringRecord],
) -> Vec<String> {
    let mut out = Vec::new();
    if header_at > 0 {
        out.push(format!(
            "{header_at} row(s) of notes above the column names skipped"
        ));
    }
    match csv_layout::separator(text) {
        b';' => out.push("columns separated by ';'".into()),
        b'\t' => out.push("columns separated by tabs".into()),
        _ => {}
    }
    let guesses: Vec<String> = headers
        .iter()
        .zip(fields)
        .zip(guessed)
        .filter(|(_, g)| **g)
        .map(|((h, f), _)| format!("'{}' as {}", h.trim(), field_words(f)))
        .collect();
    if !guesses.is_empty() {
        out.push(format!(
            "columns read by their name: {}",
            guesses.join(", ")
        ));
    }
    let mut unused = Vec::new();
    let mut empty = 0;
    for (at, (header, field)) in headers.iter().zip(fields).enumerate() {
        if *field != Field::Ignore {
            continue;
        }
        let has_data = data
            .iter()
            .any(|r| r.get(at).is_some_and(|c| !c.trim().is_empty()));
        if has_data {
            unused.push(format!("'{}'", header.trim()));
        } else {
            empty += 1;
        }
    }
    // Cells past the last named column are data nobody named.
    let beyond = data
        .iter()
        .any(|r| r.iter().skip(headers.len()).any(|c| !c.trim().is_empty()));
    if beyond {
        unused.push("cells beyond the last column".into());
    }
    if !unused.is_empty() {
        out.push(format!(
            "not imported: {}{}",
            unused.join(", "),
            if empty > 0 {
                format!(" (and {empty} empty column(s))")
            } else {
                String::new()
            }
        ));
    } else if empty > 0 {
        out.push(format!("{empty} empty column(s) with nothing to import"));
    }
    out
}
