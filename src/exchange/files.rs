//! Reading input text and writing output files safely.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

use super::ExchangeError;
use super::charset::{self, Decoded};
use crate::durable;

/// The file as text: UTF-8 (a byte-order mark dropped) as it is, UTF-16
/// converted; any other encoding is refused naming the line of its first
/// byte that is not UTF-8 and what the file looks like (see `charset`).
pub fn read_utf8(path: &Path) -> Result<String, ExchangeError> {
    read_text(path).map(|decoded| decoded.text)
}

/// As `read_utf8`, also saying which encoding the text was converted from.
pub fn read_text(path: &Path) -> Result<Decoded, ExchangeError> {
    check_input(path)?;
    let bytes = fs::read(path).map_err(|e| ExchangeError::file(path, e.to_string()))?;
    charset::decode(&bytes).map_err(|message| ExchangeError::file(path, message))
}

/// Refuses, by `stat` alone, an input that must not be opened: anything but
/// a regular file (opening a FIFO waits for a writer, forever), and the book
/// this process has open or its journal files (closing a descriptor of
/// them would drop the process's SQLite locks, see `store::books`).
fn check_input(path: &Path) -> Result<(), ExchangeError> {
    let meta = fs::metadata(path).map_err(|e| ExchangeError::file(path, e.to_string()))?;
    if let Some(what) = crate::paths::special_kind(&meta) {
        return Err(ExchangeError::file(
            path,
            format!(
                "this is {what}, not a file; pass a vCard, CSV or JSON file. Nothing was imported"
            ),
        ));
    }
    if crate::store::is_open_book_file(&meta) {
        return Err(ExchangeError::file(
            path,
            "this is the fieldbook database itself (or its journal), not a file to import; \
             pass a vCard, CSV or JSON file. Nothing was imported",
        ));
    }
    Ok(())
}

/// Writes a file that only its owner can read (exports hold personal data),
/// whole or not at all (see `crate::durable`): a failed export leaves no
/// half-written file behind, and a path that is not a regular file (a
/// device, a FIFO, a link) is refused rather than replaced.
pub fn write_private(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<(), ExchangeError>,
) -> Result<(), ExchangeError> {
    durable::write_file(path, |temp| {
        let file = durable::create_private_file(temp)
            .map_err(|e| ExchangeError::file(path, e.to_string()))?;
        let mut out = BufWriter::new(file);
        fill(&mut out)?;
        out.flush()?;
        Ok(())
    })
}
