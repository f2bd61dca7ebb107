//! File contents in bundles. A file's bytes live once, in
//! `attachment_blobs`, and are not in the change log (`tables::is_captured`):
//! a bundle carries, in a section of its own, the contents its attachments
//! need, read from the live table when it is written. On import they are
//! stored before the changesets apply; a changeset that attaches a file
//! whose contents this book does not have waits, held like one whose
//! predecessor has not come, until a bundle brings them.

use std::collections::BTreeSet;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

use super::bundle::{Blob, Entry};
use super::capture::store_error;
use super::session::{Op, read_changeset};
use super::versions;
use crate::store::Result;

const ATTACHMENTS: &str = "attachments";

/// SHA-256s of files: those a changeset attaches, and those it carries.
type Attached = (Vec<Vec<u8>>, Vec<Vec<u8>>);

/// The SHA-256s of the files a changeset attaches (`None` when it attaches
/// none), and those whose contents it carries itself (a first-format
/// bundle's `attachment_blobs` inserts).
fn attached(conn: &Connection, changeset: &[u8]) -> Result<Option<Attached>> {
    // The table's name is in the changeset's bytes: most have none to read.
    if !changeset
        .windows(ATTACHMENTS.len())
        .any(|w| w == ATTACHMENTS.as_bytes())
    {
        return Ok(None);
    }
    let column = versions::columns(conn, ATTACHMENTS)?
        .iter()
        .position(|c| c == "sha256");
    let Some(column) = column else {
        return Ok(None);
    };
    let (mut wanted, mut carried) = (Vec::new(), Vec::new());
    for change in read_changeset(changeset).map_err(store_error)? {
        if change.op != Op::Insert {
            continue;
        }
        // attachment_blobs is keyed by its first column, the SHA-256.
        let (target, at) = match change.table.as_str() {
            ATTACHMENTS => (&mut wanted, column),
            "attachment_blobs" => (&mut carried, 0),
            _ => continue,
        };
        if let Some(Some(Value::Blob(sha))) = change.new.get(at) {
            target.push(sha.clone());
        }
    }
    Ok(Some((wanted, carried)))
}

/// The SHA-256s of the files the entries attach (the hub fetches their
/// contents for a pull).
pub fn attached_files(conn: &Connection, entries: &[Entry]) -> Result<Vec<Vec<u8>>> {
    let mut wanted = BTreeSet::new();
    for entry in entries {
        if let Some((attached, _)) = attached(conn, &entry.changeset)? {
            wanted.extend(attached);
        }
    }
    Ok(wanted.into_iter().collect())
}

/// The contents of the files the entries attach, as this book holds them
/// (a file it does not hold is left out: the receiver holds its
/// attachment until another bundle brings it).
pub fn needed(conn: &Connection, entries: &[Entry]) -> Result<Vec<Blob>> {
    let wanted = attached_files(conn, entries)?;
    let mut read = conn.prepare_cached("SELECT data FROM attachment_blobs WHERE sha256 = ?1")?;
    let mut blobs = Vec::new();
    for sha256 in wanted {
        let data: Option<Vec<u8>> = read.query_row([&sha256], |r| r.get(0)).optional()?;
        if let Some(data) = data {
            blobs.push(Blob { sha256, data });
        }
    }
    Ok(blobs)
}

/// Stores a bundle's file contents (already checked against their SHA-256
/// when the bundle was read); those already here are left as they are.
pub fn store(conn: &Connection, blobs: &[Blob]) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO attachment_blobs (sha256, size, data) VALUES (?1, ?2, ?3) \
         ON CONFLICT (sha256) DO NOTHING",
    )?;
    for b in blobs {
        insert.execute(params![b.sha256, b.data.len() as i64, b.data])?;
    }
    Ok(())
}

/// Whether the entry attaches a file whose contents this book lacks.
pub fn missing(conn: &Connection, entry: &Entry) -> Result<bool> {
    let Some((attached, carried)) = attached(conn, &entry.changeset)? else {
        return Ok(false);
    };
    let mut have = conn.prepare_cached("SELECT 1 FROM attachment_blobs WHERE sha256 = ?1")?;
    for sha256 in attached {
        if carried.contains(&sha256) {
            continue;
        }
        if have.query_row([&sha256], |_| Ok(())).optional()?.is_none() {
            return Ok(true);
        }
    }
    Ok(false)
}
