//! Data in and out of the book: contact imports (vCard, CSV), the lossless
//! JSON export and its import, CSV / vCard / XLSX exports for other tools.
//! Parsing and writing files lives here; the store stays the only SQL.

pub mod charset;
mod csv_address;
pub mod csv_in;
pub mod csv_layout;
pub mod dedup;
pub mod files;
pub mod formula;
pub mod ics;
pub mod incoming;
pub mod json;
pub mod matched;
pub mod plan;
pub mod report;
pub mod report_desk;
pub mod report_labels;
mod report_xlsx;
pub mod tables;
pub mod vcard;
mod vcard21;
mod vcard_scan;
pub mod xlsx;

pub mod event_tables;

use std::fmt;
use std::path::Path;

/// One thing wrong with one record of an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: `line 12` (CSV) or `card 3, line 17` (vCard).
    pub place: String,
    /// The field at fault (`email`, `name`, `encoding`...).
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.place, self.field, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Output(#[from] crate::durable::OutputError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl ExchangeError {
    pub fn file(path: &std::path::Path, message: impl Into<String>) -> Self {
        ExchangeError::File {
            path: path.display().to_string(),
            message: message.into(),
        }
    }

    /// This error, met while writing the export `path`, said with the file's
    /// name: a bare "No space left on device" does not say which file
    /// failed, nor that nothing was left behind.
    pub fn writing(self, path: &Path) -> ExchangeError {
        let unwritten = |e: &std::io::Error| {
            ExchangeError::file(
                path,
                format!(
                    "could not be written ({}); nothing was written",
                    io_reason(e)
                ),
            )
        };
        match self {
            ExchangeError::Io(e) => unwritten(&e),
            // The JSON writer's errors come through the store's callbacks.
            ExchangeError::Store(crate::store::StoreError::Io { source, .. }) => unwritten(&source),
            ExchangeError::File { path, message } if !message.contains("nothing was") => {
                ExchangeError::File {
                    path,
                    message: format!("{message}; nothing was written"),
                }
            }
            other => other,
        }
    }
}

/// An I/O error in words: the disk being full is the common case on a
/// laptop and deserves plain words; anything else is the system's.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::StorageFull => "the disk is full".into(),
        std::io::ErrorKind::PermissionDenied => "no permission".into(),
        _ => e.to_string(),
    }
}

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Vcard,
    Csv,
    Json,
}

/// The format of a file, from its extension or, failing that, its first bytes.
pub fn format_of(path: &Path, text: &str) -> Option<Format> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("vcf" | "vcard") => Some(Format::Vcard),
        Some("csv") => Some(Format::Csv),
        Some("json") => Some(Format::Json),
        _ if text
            .trim_start()
            .to_ascii_uppercase()
            .starts_with("BEGIN:VCARD") =>
        {
            Some(Format::Vcard)
        }
        _ if text.trim_start().starts_with('{') => Some(Format::Json),
        _ => None,
    }
}
