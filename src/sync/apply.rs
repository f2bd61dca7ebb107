//! Applying a received changeset by reading it, field by field (not with
//! `sqlite3changeset_apply`, whose conflict handler keeps or replaces whole
//! rows).
//!
//! The rule for each field a received change sets, with version `v` (its
//! changeset's clock and replica) and base `b` (the version it changed
//! from; none: the field as its row was created):
//! - we already have `v`: nothing to do;
//! - our current version is `b`: a later edit, applied;
//! - our current version was itself made from `v`: already superseded;
//! - otherwise the two were made without seeing each other, a race: the
//!   higher (clock, replica) wins everywhere, and the loser is recorded as
//!   a conflict (unless both wrote the same value). Derived columns (sort
//!   keys, digits, ranks) follow their change without a conflict.
//!
//! `updated_at` has no version: it takes the later of the two values, so
//! every order of arrival ends with the same.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params_from_iter};
use uuid::Uuid;

use super::row_key;
use super::session::{Change, Op};
use super::tables;
use super::versions::{self, FieldVersion, Version};
use crate::domain::{Id, RecordKind};
use crate::store::Result;

/// The bases a changeset's updates changed from: (change index, column).
pub type Bases = HashMap<(usize, usize), Version>;

/// Reads a changeset's `bases` JSON (see `capture`).
pub fn parse_bases(json: &str) -> Option<Bases> {
    let rows: Vec<(usize, usize, i64, String)> = serde_json::from_str(json).ok()?;
    rows.into_iter()
        .map(|(i, c, clock, replica)| Some(((i, c), (clock, Uuid::parse_str(&replica).ok()?))))
        .collect()
}

/// What applying did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub changes: usize,
    pub conflicts: usize,
    /// Updates of rows this book does not have (never received, or removed).
    pub missing_rows: usize,
    pub touched: Vec<(RecordKind, Id)>,
}

/// Applies one received changeset made at `version`.
pub fn apply_changeset(
    conn: &Connection,
    changes: &[Change],
    version: Version,
    bases: &Bases,
    found_at: i64,
    out: &mut Outcome,
) -> Result<()> {
    // Sets, lists and the status history merge by their own rules.
    let mut merges = super::sets::Merges::default();
    for (i, change) in changes.iter().enumerate() {
        let cols = versions::columns(conn, &change.table)?;
        // Erased rows stay erased; merged records' edits land on the kept one.
        let Some(change) = super::lifecycle::screen(conn, change, &cols)? else {
            continue;
        };
        let change = change.as_ref();
        if merges.before_change(conn, change, &cols, version)? == super::sets::Decision::Skip {
            continue;
        }
        let row = Row::new(conn, change, &cols);
        match change.op {
            Op::Insert if !row.exists()? => row.insert(&change.new)?,
            Op::Insert | Op::Update => {
                if !row.exists()? {
                    out.missing_rows += 1;
                    continue;
                }
                for (c, new) in change.new.iter().enumerate() {
                    let Some(new) = new else { continue };
                    if change.pk[c] {
                        continue;
                    }
                    // An insert of a row we have: the two made it apart.
                    let base = bases.get(&(i, c)).copied();
                    // An edit made from a conflict's kept value (or later)
                    // settles it here too, whatever rule merges the field
                    // (a status race is recorded by `status_merge`).
                    if let Some(base) = base {
                        let at = (
                            change.table.as_str(),
                            row.key_blob.as_slice(),
                            cols[c].as_str(),
                        );
                        super::review::settle(conn, at, base, found_at)?;
                    }
                    if merges.merges_field(conn, change, &cols, c, version, base)? {
                        continue;
                    }
                    let field = Field {
                        row: &row,
                        col: c,
                        name: &cols[c],
                    };
                    out.conflicts += field.merge(new, version, base, found_at)? as usize;
                }
            }
            Op::Delete => row.delete()?,
        }
        super::lifecycle::after(conn, change, i, &cols, bases, version, found_at, out)?;
        out.changes += 1;
        if let Some(owner) = owner_record(change, &cols) {
            out.touched.push(owner);
        }
    }
    out.conflicts += merges.finish(conn, found_at)?;
    super::lifecycle::after_changeset(conn, changes, bases, found_at, out)
}

/// The record whose search docs a change touches.
fn owner_record(change: &Change, cols: &[String]) -> Option<(RecordKind, Id)> {
    let value_of = |name: &str| {
        let at = cols.iter().position(|c| c == name)?;
        let side = if change.op == Op::Delete {
            &change.old
        } else {
            &change.new
        };
        match side.get(at)?.as_ref().or(change.old.get(at)?.as_ref())? {
            Value::Blob(b) => Uuid::from_slice(b).ok(),
            _ => None,
        }
    };
    // File contents and the rest: nothing of theirs is searched.
    let (kind, column) = tables::owner_column(&change.table)?;
    Some((kind, value_of(column)?))
}

/// One row of a synced table, named by its primary key.
struct Row<'a> {
    conn: &'a Connection,
    table: &'a str,
    cols: &'a [String],
    pk_cols: Vec<usize>,
    key: Vec<Value>,
    key_blob: Vec<u8>,
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl<'a> Row<'a> {
    fn new(conn: &'a Connection, change: &'a Change, cols: &'a [String]) -> Row<'a> {
        let key = change.key();
        Row {
            conn,
            table: &change.table,
            cols,
            pk_cols: (0..change.pk.len()).filter(|c| change.pk[*c]).collect(),
            key_blob: row_key::encode(&key),
            key,
        }
    }

    fn where_key(&self, first_param: usize) -> String {
        self.pk_cols
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{} = ?{}", quoted(&self.cols[*c]), first_param + i))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    fn exists(&self) -> Result<bool> {
        let sql = format!(
            "SELECT 1 FROM {} WHERE {}",
            quoted(self.table),
            self.where_key(1)
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(&self.key), |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn insert(&self, values: &[Option<Value>]) -> Result<()> {
        let n = values.len();
        let names: Vec<String> = self.cols[..n].iter().map(|c| quoted(c)).collect();
        let marks: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            quoted(self.table),
            names.join(", "),
            marks.join(", ")
        );
        let values = values.iter().map(|v| v.clone().unwrap_or(Value::Null));
        self.conn
            .prepare_cached(&sql)?
            .execute(params_from_iter(values))?;
        Ok(())
    }

    fn delete(&self) -> Result<()> {
        let sql = format!(
            "DELETE FROM {} WHERE {}",
            quoted(self.table),
            self.where_key(1)
        );
        self.conn
            .prepare_cached(&sql)?
            .execute(params_from_iter(&self.key))?;
        Ok(())
    }

    fn get(&self, col: usize) -> Result<Value> {
        let sql = format!(
            "SELECT {} FROM {} WHERE {}",
            quoted(&self.cols[col]),
            quoted(self.table),
            self.where_key(1)
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(&self.key), |r| r.get(0))?)
    }

    fn set(&self, col: usize, value: &Value) -> Result<()> {
        let sql = format!(
            "UPDATE {} SET {} = ?1 WHERE {}",
            quoted(self.table),
            quoted(&self.cols[col]),
            self.where_key(2)
        );
        let params = std::iter::once(value).chain(&self.key);
        self.conn
            .prepare_cached(&sql)?
            .execute(params_from_iter(params))?;
        Ok(())
    }
}

struct Field<'r, 'a> {
    row: &'r Row<'a>,
    col: usize,
    name: &'r str,
}

impl Field<'_, '_> {
    /// Applies a received value by the rule above; whether it was a conflict.
    fn merge(
        &self,
        new: &Value,
        version: Version,
        base: Option<Version>,
        found_at: i64,
    ) -> Result<bool> {
        let (conn, table, key) = (self.row.conn, self.row.table, &self.row.key_blob);
        if self.name == "updated_at" {
            // The later of the two, whatever the order of arrival.
            let ours = self.row.get(self.col)?;
            if value_order(new) > value_order(&ours) {
                self.row.set(self.col, new)?;
            }
            return Ok(false);
        }
        let current = versions::current(conn, table, key, self.name)?;
        let current_version = current.map(|f| f.version);
        if current_version == Some(version) || current.and_then(|f| f.base) == Some(version) {
            return Ok(false);
        }
        let take = |value: &Value| -> Result<()> {
            self.row.set(self.col, value)?;
            versions::set(conn, table, key, self.name, FieldVersion { version, base })
        };
        if current_version == base {
            take(new)?;
            return Ok(false);
        }
        // A race: both changed the field from different versions.
        let ours = self.row.get(self.col)?;
        let theirs_wins = current_version.is_none_or(|cur| version > cur);
        if theirs_wins {
            take(new)?;
        }
        if &ours == new || tables::is_derived(table, self.name) {
            return Ok(false);
        }
        let ours_version = current_version.unwrap_or((0, Uuid::nil()));
        let (kept, lost) = if theirs_wins {
            ((version, new), (ours_version, &ours))
        } else {
            ((ours_version, &ours), (version, new))
        };
        conn.prepare_cached(
            "INSERT OR IGNORE INTO sync_conflicts (tbl, row_key, col, kept_clock, kept_replica, \
             kept_value, lost_clock, lost_replica, lost_value, found_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(rusqlite::params![
            table, key, self.name, kept.0.0, kept.0.1, kept.1, lost.0.0, lost.0.1, lost.1, found_at
        ])?;
        Ok(true)
    }
}

fn value_order(v: &Value) -> i64 {
    match v {
        Value::Integer(i) => *i,
        _ => i64::MIN,
    }
}
