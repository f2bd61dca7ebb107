//! An edit racing a trash: one desk trashes a record while another, not
//! having seen that, edits one of its fields. Both changes apply (the
//! record stays in the trash with the edit in it, on every book whatever
//! the order), and the race is recorded as a conflict of kind
//! `edit-vs-trash` on `deleted_at`: kept, the trash; lost, the record
//! alive as the editor saw it (choosing it restores the record).
//!
//! Who saw what travels with the changes, in their field versions
//! (`bases`), for columns a change did not set:
//! - an edit of a record carries the version of its `deleted_at` that the
//!   editor had (it saw the trash when that is the trash's version or later);
//! - a trash carries the versions of the record's other fields that the
//!   trasher had (it saw an edit when its version there is the edit's or
//!   later).
//!
//! So each book, whichever came first, tells the race the same way: when
//! the edit arrives at a trashed record, from the trash's logged versions;
//! when the trash arrives, from the logged versions of the edits here.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::apply::{Bases, parse_bases};
use super::capture::store_error;
use super::session::{Change, Op, read_changeset};
use super::versions::{self, Version};
use super::{row_key, tables};
use crate::store::{Result, Store};

const TRASH: &str = "deleted_at";
pub const KIND: &str = "edit-vs-trash";

/// Columns whose change is not an edit of the record.
fn is_edit_column(table: &str, col: &str) -> bool {
    !matches!(col, TRASH | "updated_at") && !tables::is_derived(table, col)
}

fn sets_trash(change: &Change, trash: usize) -> bool {
    matches!(change.new.get(trash), Some(Some(v)) if *v != Value::Null)
}

/// Capture: the extra versions a local update carries (see above), as
/// `bases` rows `[change, column, clock, replica]`.
pub fn seen_bases(
    conn: &Connection,
    change: &Change,
    i: usize,
    key: &[u8],
    cols: &[String],
) -> Result<Vec<serde_json::Value>> {
    let Some(trash) = cols.iter().position(|c| c == TRASH) else {
        return Ok(Vec::new());
    };
    let unchanged = |c: usize| matches!(change.new.get(c), None | Some(None)) && !change.pk[c];
    let mut out = Vec::new();
    let mut push = |c: usize, name: &str| -> Result<()> {
        if let Some(f) = versions::current(conn, &change.table, key, name)? {
            let (clock, replica) = f.version;
            out.push(serde_json::json!([
                i,
                c,
                clock,
                replica.simple().to_string()
            ]));
        }
        Ok(())
    };
    if sets_trash(change, trash) {
        for (c, name) in cols.iter().enumerate() {
            if c < change.pk.len() && unchanged(c) && is_edit_column(&change.table, name) {
                push(c, name)?;
            }
        }
    } else if unchanged(trash) {
        push(trash, TRASH)?;
    }
    Ok(out)
}

/// Apply: after an update of an existing row was merged, records the race
/// it makes with a trash, if any. Whether one was recorded.
pub fn check(
    conn: &Connection,
    change: &Change,
    i: usize,
    cols: &[String],
    bases: &Bases,
    version: Version,
    found_at: i64,
) -> Result<bool> {
    let Some(trash) = cols.iter().position(|c| c == TRASH) else {
        return Ok(false);
    };
    if change.op != Op::Update {
        return Ok(false);
    }
    let key = row_key::encode(&change.key());
    let table = change.table.as_str();
    let Some(current) = versions::current(conn, table, &key, TRASH)? else {
        return Ok(false);
    };
    // A record merged into another is trashed by the merge: an edit of it
    // lands on the kept record (`redirects`), no race to review.
    if super::redirects::target(conn, table, &key)?.is_some() {
        return Ok(false);
    }
    let trashed: Value = conn.query_row(
        &format!(
            "SELECT deleted_at FROM \"{table}\" WHERE {}",
            where_key(change, cols)
        ),
        rusqlite::params_from_iter(change.key()),
        |r| r.get(0),
    )?;
    if trashed == Value::Null {
        return Ok(false);
    }
    let v_trash = current.version;
    let edits: Vec<usize> = (0..change.new.len())
        .filter(|c| change.new[*c].is_some() && !change.pk[*c] && is_edit_column(table, &cols[*c]))
        .collect();
    let mut raced: Vec<Version> = Vec::new();
    if sets_trash(change, trash) {
        // The trash arrives: the edits here it had not seen, made without
        // seeing it.
        if v_trash != version {
            return Ok(false);
        }
        for (name, v_edit) in field_versions(conn, table, &key)? {
            let Some(c) = cols.iter().position(|n| *n == name) else {
                continue;
            };
            if v_edit == version || !is_edit_column(table, &name) {
                continue;
            }
            if bases.get(&(i, c)).is_some_and(|seen| *seen >= v_edit) {
                continue;
            }
            let editor_saw = seen_by(conn, v_edit, table, &key)?
                .and_then(|seen| seen.get(&trash).copied())
                .is_some_and(|seen| seen >= version);
            if !editor_saw && !raced.contains(&v_edit) {
                raced.push(v_edit);
            }
        }
    } else if !edits.is_empty() {
        // An edit arrives at a trashed record: did each side see the other?
        if bases.get(&(i, trash)).is_some_and(|seen| *seen >= v_trash) {
            return Ok(false);
        }
        let trasher_saw = seen_by(conn, v_trash, table, &key)?.unwrap_or_default();
        if edits
            .iter()
            .any(|c| trasher_saw.get(c).is_none_or(|seen| *seen < version))
        {
            raced.push(version);
        }
    }
    for lost in &raced {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO sync_conflicts (tbl, row_key, col, kept_clock, kept_replica, \
             kept_value, lost_clock, lost_replica, lost_value, found_at, kind) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, ?9, ?10)",
        )?
        .execute(params![
            table, key, TRASH, v_trash.0, v_trash.1, trashed, lost.0, lost.1, found_at, KIND
        ])?;
    }
    Ok(!raced.is_empty())
}

fn where_key(change: &Change, cols: &[String]) -> String {
    (0..change.pk.len())
        .filter(|c| change.pk[*c])
        .enumerate()
        .map(|(i, c)| format!("\"{}\" = ?{}", cols[c], i + 1))
        .collect::<Vec<_>>()
        .join(" AND ")
}

fn field_versions(conn: &Connection, table: &str, key: &[u8]) -> Result<Vec<(String, Version)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT col, clock, replica FROM field_versions WHERE tbl = ?1 AND row_key = ?2",
    )?;
    Ok(stmt
        .query_map(params![table, key], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get::<_, Uuid>(2)?)))
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The versions a logged change of this row carried for the columns it
/// did not set (what its desk had seen), by column; `None`: not in the log.
fn seen_by(
    conn: &Connection,
    version: Version,
    table: &str,
    key: &[u8],
) -> Result<Option<HashMap<usize, Version>>> {
    let found: Option<(Vec<u8>, String)> = conn
        .prepare_cached("SELECT changeset, bases FROM sync_log WHERE replica = ?1 AND clock = ?2")?
        .query_row(params![version.1, version.0], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((changeset, bases)) = found else {
        return Ok(None);
    };
    let changes = read_changeset(&changeset).map_err(store_error)?;
    let Some(at) = changes
        .iter()
        .position(|c| c.table == table && row_key::encode(&c.key()) == key)
    else {
        return Ok(None);
    };
    let bases = parse_bases(&bases).unwrap_or_default();
    Ok(Some(
        bases
            .into_iter()
            .filter(|((i, _), _)| *i == at)
            .map(|((_, c), v)| (c, v))
            .collect(),
    ))
}

/// One edit-vs-trash race: table, row key, the trash's version, the edit's.
pub type Race = (String, Vec<u8>, Version, Version);

/// Every unresolved edit-vs-trash race (for tests and the review list).
pub fn races(store: &Store) -> Result<Vec<Race>> {
    let mut stmt = store.sync_conn().prepare(
        "SELECT tbl, row_key, kept_clock, kept_replica, lost_clock, lost_replica \
         FROM sync_conflicts WHERE resolved_at IS NULL AND kind = ?1",
    )?;
    let rows = stmt.query_map([KIND], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            (r.get(2)?, r.get(3)?),
            (r.get(4)?, r.get(5)?),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
