//! Registrations, attachments and the attached files in the JSON export.
//! The files go inside the JSON, base64-encoded, one per line in SHA-256
//! order: one file carries the whole book (a restore cannot lose the
//! files beside it), and the same book still gives the same bytes. It
//! costs a third more space than the files; files are at most 25 MiB.

use std::io::Write;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

use super::{ExchangeError, record};
use crate::domain::*;
use crate::store::{Reader, StoreError, Tx};

/// One stored file: its SHA-256 (hex), size and contents (base64).
#[derive(Debug, Serialize, Deserialize)]
pub struct FileData {
    pub sha256: String,
    pub size: u64,
    pub base64: String,
}

/// Writes the `registrations`, `attachments` and `files` sections, each
/// followed by a comma (the caller writes the sections after them).
pub(super) fn write(reader: &Reader<'_>, out: &mut impl Write) -> Result<(), ExchangeError> {
    writeln!(out, "\"registrations\": [")?;
    let mut first = true;
    reader.each_registration(|r| record(out, &r, &mut first))?;
    writeln!(out, "\n],")?;
    writeln!(out, "\"attachments\": [")?;
    let mut first = true;
    reader.each_attachment(|a| record(out, &a, &mut first))?;
    writeln!(out, "\n],")?;
    writeln!(out, "\"files\": [")?;
    let mut first = true;
    reader.each_attachment_blob(|sha256, data| {
        let file = FileData {
            sha256,
            size: data.len() as u64,
            base64: STANDARD.encode(&data),
        };
        record(out, &file, &mut first)
    })?;
    writeln!(out, "\n],")?;
    Ok(())
}

/// Writes the export's registrations, files and attachments not yet in
/// the book; returns (written, already there). Runs after every record
/// kind an attachment can hang on has been restored.
pub(super) fn restore(
    tx: &Tx<'_>,
    registrations: &[Registration],
    files: &[FileData],
    attachments: &[Attachment],
) -> Result<(usize, usize), StoreError> {
    let reader = tx.reader();
    let (mut written, mut there) = (0, 0);
    for r in registrations {
        if reader.exists(RecordKind::Registration, r.meta.id)? {
            there += 1;
        } else {
            tx.save_registration(r)?;
            written += 1;
        }
    }
    for f in files {
        let data = STANDARD
            .decode(&f.base64)
            .map_err(|e| bad_file(f, e.to_string()))?;
        if data.len() as u64 != f.size {
            return Err(bad_file(f, format!("{} bytes, not {}", data.len(), f.size)));
        }
        tx.save_blob(&f.sha256, &data)?;
    }
    for a in attachments {
        if reader.exists(RecordKind::Attachment, a.meta.id)? {
            there += 1;
        } else {
            tx.save_attachment(a)?;
            written += 1;
        }
    }
    Ok((written, there))
}

fn bad_file(f: &FileData, why: String) -> StoreError {
    let mut errors = Invalid::default();
    errors.push(format!("files[{}]", f.sha256), why);
    StoreError::invalid(RecordKind::Attachment, errors)
}

/// A registration date SQLite cannot hold (years 0 to 9999), named.
pub(super) fn unstorable_date(registrations: &[Registration]) -> Option<String> {
    use chrono::Datelike;
    registrations.iter().find_map(|r| {
        [("issued", r.issued_on), ("expires", r.expires_on)]
            .into_iter()
            .find_map(|(field, d)| {
                d.filter(|d| !(0..=9999).contains(&d.year())).map(|d| {
                    format!(
                        "registration {}: {field}: {d} is outside the dates a book can hold (years 0 to 9999)",
                        r.meta.id
                    )
                })
            })
    })
}
