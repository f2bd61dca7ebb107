//! Keeping erased values out of the change log.
//!
//! The log keeps every changeset to forward it, and an insert carries a
//! whole row: after a purge (`tombstones`), the changesets that carry an
//! erased row are rewritten without it (a change of a row that belongs to
//! an erased one goes too; a kept record's link to an erased one is
//! cleared in the change, as it is in the table). The rewrite keeps the
//! changeset's place (replica, sequence, clock): only its content changes,
//! with the field versions renumbered and the hash recomputed over what is
//! left.
//!
//! The hash tells a forked book (one (replica, sequence), two contents).
//! A book that has not yet erased may still send the original changeset,
//! and one that has may send the rewritten one: when the hashes differ,
//! both are rewritten with every tombstone known here and in the bundle,
//! and only a difference that survives that is a fork. So the hash stays
//! meaningful for what is kept, and no hash of erased values is kept (a
//! hash of a short value, a phone number, could be found by trying them).

use std::collections::HashSet;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::apply::parse_bases;
use super::capture::{content_hash, store_error};
use super::session::{Change, Op, read_changeset};
use super::tombstones::{self, RowRef};
use super::{changeset_write, row_key, versions};
use crate::store::Result;

/// Tombstones not (yet) in the table: those of a bundle being checked.
pub type Extra = HashSet<(String, Vec<u8>)>;

/// What becomes of a change under the tombstones.
pub enum Fate {
    Keep,
    /// Kept with its links to erased rows cleared.
    Unlinked(Change),
    /// Dropped: its row, or the row it belongs to, was erased (by whom and
    /// when, when known).
    Drop(Option<(Uuid, i64)>),
}

fn tombstoned(conn: &Connection, extra: &Extra, table: &str, key: &[u8]) -> Result<bool> {
    Ok(extra.contains(&(table.to_string(), key.to_vec()))
        || tombstones::is_tombstoned(conn, table, key)?)
}

/// The fate of one change.
pub fn doomed(conn: &Connection, change: &Change, cols: &[String], extra: &Extra) -> Result<Fate> {
    let key = row_key::encode(&change.key());
    if tombstoned(conn, extra, &change.table, &key)? {
        return Ok(Fate::Drop(tombstones::parent_tombstone(
            conn,
            &change.table,
            &key,
        )?));
    }
    let mut clean: Option<Change> = None;
    for link in tombstones::links(conn)? {
        if link.table != change.table {
            continue;
        }
        let Some(c) = cols.iter().position(|n| *n == link.column) else {
            continue;
        };
        for side in [&change.new, &change.old] {
            let Some(Some(Value::Blob(parent))) = side.get(c) else {
                continue;
            };
            if !tombstoned(conn, extra, &link.parent, parent)? {
                continue;
            }
            if link.owned {
                return Ok(Fate::Drop(tombstones::parent_tombstone(
                    conn,
                    &link.parent,
                    parent,
                )?));
            }
            let cleaned = clean.get_or_insert_with(|| change.clone());
            for values in [&mut cleaned.new, &mut cleaned.old] {
                if let Some(v @ Some(Value::Blob(_))) = values.get_mut(c) {
                    *v = Some(Value::Null);
                }
            }
        }
    }
    Ok(clean.map_or(Fate::Keep, Fate::Unlinked))
}

/// A changeset and its field versions without what the tombstones erase;
/// `None` when nothing changes.
pub fn rewrite(
    conn: &Connection,
    changeset: &[u8],
    bases: &str,
    extra: &Extra,
) -> Result<Option<(Vec<u8>, String)>> {
    let changes = read_changeset(changeset).map_err(store_error)?;
    let mut kept = Vec::new();
    let mut renumber = Vec::new();
    let mut changed = false;
    for change in changes {
        let cols = versions::columns(conn, &change.table)?;
        match doomed(conn, &change, &cols, extra)? {
            Fate::Keep => {
                renumber.push(Some(kept.len()));
                kept.push(change);
            }
            Fate::Unlinked(clean) => {
                renumber.push(Some(kept.len()));
                kept.push(clean);
                changed = true;
            }
            Fate::Drop(_) => {
                renumber.push(None);
                changed = true;
            }
        }
    }
    if !changed {
        return Ok(None);
    }
    let mut rows: Vec<_> = parse_bases(bases)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|((i, c), v)| Some((renumber.get(i).copied().flatten()?, c, v)))
        .collect();
    rows.sort_by_key(|(i, c, _)| (*i, *c));
    let json = serde_json::Value::Array(
        rows.into_iter()
            .map(|(i, c, (clock, replica))| {
                serde_json::json!([i, c, clock, replica.simple().to_string()])
            })
            .collect(),
    )
    .to_string();
    Ok(Some((changeset_write::write(&kept), json)))
}

/// Rewrites the logged (and held) changesets that carry any of the erased
/// rows. Candidates are found by the rows' ids in the changeset bytes: a
/// change of a row carries its key, one of a row belonging to it the id
/// it points at.
pub fn scrub_log(conn: &Connection, erased: &[RowRef]) -> Result<()> {
    let mut needles: HashSet<Vec<u8>> = HashSet::new();
    for (_, key) in erased {
        for value in key {
            if let Value::Blob(b) = value {
                needles.insert(b.clone());
            }
        }
    }
    for table in ["sync_log", "sync_held"] {
        let mut candidates: HashSet<(Uuid, i64)> = HashSet::new();
        for needle in &needles {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT replica, seq FROM {table} WHERE instr(changeset, ?1) > 0"
            ))?;
            let found = stmt
                .query_map([needle], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            candidates.extend(found);
        }
        for (replica, seq) in candidates {
            let (changeset, bases): (Vec<u8>, String) = conn.query_row(
                &format!("SELECT changeset, bases FROM {table} WHERE replica = ?1 AND seq = ?2"),
                params![replica, seq],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if let Some((changeset, bases)) = rewrite(conn, &changeset, &bases, &Extra::new())? {
                let hash = content_hash(&changeset, &bases);
                conn.execute(
                    &format!(
                        "UPDATE {table} SET changeset = ?1, bases = ?2, hash = ?3 \
                         WHERE replica = ?4 AND seq = ?5"
                    ),
                    params![changeset, bases, hash, replica, seq],
                )?;
            }
        }
    }
    Ok(())
}

/// The tombstones a bundle's changesets carry.
pub fn tombstones_in(changesets: &[&[u8]]) -> Extra {
    let mut out = Extra::new();
    for bytes in changesets {
        let Ok(changes) = read_changeset(bytes) else {
            continue;
        };
        for change in changes {
            if change.table != "tombstones" || change.op != Op::Insert {
                continue;
            }
            if let [Value::Text(t), Value::Blob(k)] = change.key().as_slice() {
                out.insert((t.clone(), k.clone()));
            }
        }
    }
    out
}

/// Whether two contents of one (replica, sequence) are the same once both
/// are rid of everything erased here or in `extra` (see the module's note).
pub fn same_once_scrubbed(
    conn: &Connection,
    extra: &Extra,
    ours: (&[u8], &str),
    theirs: (&[u8], &str),
) -> Result<bool> {
    let hash = |(cs, bases): (&[u8], &str)| -> Result<Vec<u8>> {
        Ok(match rewrite(conn, cs, bases, extra)? {
            Some((cs, bases)) => content_hash(&cs, &bases),
            None => content_hash(cs, bases),
        })
    };
    Ok(hash(ours)? == hash(theirs)?)
}

/// A received changeset as it may be kept here (in the log, or held):
/// without what this book's tombstones erase.
pub fn as_kept(conn: &Connection, changeset: &[u8], bases: &str) -> Result<(Vec<u8>, String)> {
    let none: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM tombstones LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    if none.is_none() {
        return Ok((changeset.to_vec(), bases.to_string()));
    }
    Ok(rewrite(conn, changeset, bases, &Extra::new())?
        .unwrap_or_else(|| (changeset.to_vec(), bases.to_string())))
}
