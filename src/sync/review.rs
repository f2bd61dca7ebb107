//! Conflicts reviewed by a person: the list (`sync conflicts`, the UI's
//! "Needs review"), and a choice (keep mine, keep theirs, a new value).
//!
//! A choice is a normal, synced edit: the chosen value is written through
//! `Store::write`, so the change is captured, logged and travels, with the
//! field's current version (the conflict's kept one, or later) as its base.
//! Every book that receives it marks its own copy of the conflict resolved
//! (`settle`, called by `apply` for each received field).
//!
//! Keeping the value that already won changes no value, and the session
//! extension records nothing for an UPDATE that leaves values unchanged.
//! The choice must travel all the same (the other books hold the conflict
//! too): it is logged as a changeset made by the session extension itself,
//! on a scratch in-memory table of the same shape, that sets the field
//! from the losing value to the kept one. Logged like any captured write
//! (`capture::log_local`), it gives the field a new version made from the
//! kept one, and receivers apply it as a later edit of the same value.

use rusqlite::types::Value;
use rusqlite::{Connection, params};
use uuid::Uuid;

use super::identity;
use super::review_row::RowRef;
use super::review_words::{desk_name, desks, field_label, shown, when};
use super::review_write::{log_same_value, typed_value, write_value};
use super::versions::{self, Version};
use crate::domain::{Id, RecordKind};
use crate::store::{Reader, Store, StoreError};

/// Why a choice was not made; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("there is no conflict number {0} to review (`fieldbook sync conflicts` lists them)")]
    NoSuchConflict(usize),
    #[error("that conflict was resolved meanwhile; nothing was changed")]
    Gone,
    #[error("{0}; nothing was changed")]
    BadValue(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ReviewError {
    fn from(e: rusqlite::Error) -> Self {
        ReviewError::Store(e.into())
    }
}

/// Names one recorded conflict (the table's primary key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictKey {
    pub table: String,
    pub row_key: Vec<u8>,
    pub col: String,
    pub lost: Version,
}

/// One of the two values of a conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    pub value: Value,
    /// The value as a person reads it (`"Nairobi"`, `(empty)`, a name).
    pub shown: String,
    /// "this book", or the desk's name and short replica id.
    pub desk: String,
    /// When it was written (UTC, from its clock).
    pub at: String,
    pub version: Version,
    /// Written by this book.
    pub mine: bool,
}

/// An unresolved conflict, with what a person needs to choose.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub key: ConflictKey,
    /// The record the field belongs to (a phone's contact, ...).
    pub record: Option<(RecordKind, Id)>,
    /// "organization \"Kibera Youth\"".
    pub record_name: String,
    pub field: String,
    pub kept: Side,
    pub lost: Side,
    /// An edit made on one desk without seeing that another had trashed
    /// the record (`sync::trash_race`): kept, the trash; lost, the record
    /// alive. Keeping the lost side takes it out of the trash.
    pub edited_while_trashed: bool,
}

impl Conflict {
    /// The value this book wrote; when neither came from here, the one it
    /// shows now (the kept one).
    pub fn mine(&self) -> &Side {
        if self.lost.mine && !self.kept.mine {
            &self.lost
        } else {
            &self.kept
        }
    }

    /// The other one.
    pub fn theirs(&self) -> &Side {
        if self.lost.mine && !self.kept.mine {
            &self.kept
        } else {
            &self.lost
        }
    }

    /// One line: `organization "Kibera Youth": city: kept "Kisumu" (kisumu.db
    /// (01a24ec8), 2026-12-07 04:40); lost "Nairobi" (this book, ...)`.
    pub fn line(&self) -> String {
        if self.edited_while_trashed {
            return format!(
                "{}: edited on {} ({}) while trashed on {} ({}); kept in the trash with the edit",
                self.record_name, self.lost.desk, self.lost.at, self.kept.desk, self.kept.at
            );
        }
        format!(
            "{}: {}: kept {} ({}, {}); lost {} ({}, {})",
            self.record_name,
            self.field,
            self.kept.shown,
            self.kept.desk,
            self.kept.at,
            self.lost.shown,
            self.lost.desk,
            self.lost.at
        )
    }
}

/// What a person chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Mine,
    Theirs,
    /// A new value typed (`""`: empty).
    Value(String),
    /// The value the field holds now (after the record's form was saved).
    AsItIs,
}

/// What a choice did, for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub record_name: String,
    pub field: String,
    pub before: String,
    pub after: String,
}

impl Resolved {
    pub fn line(&self) -> String {
        if self.before == self.after {
            format!(
                "{}: {}: kept {}; the conflict is resolved",
                self.record_name, self.field, self.after
            )
        } else {
            format!(
                "{}: {}: {} -> {}; the conflict is resolved",
                self.record_name, self.field, self.before, self.after
            )
        }
    }
}

/// Every unresolved conflict, in the order `sync conflicts` numbers them.
pub fn list(store: &Store) -> Result<Vec<Conflict>, ReviewError> {
    list_on(store.sync_conn(), &store.read())
}

/// How many conflicts wait for review (the dashboard's line).
pub fn count(store: &Store) -> Result<usize, ReviewError> {
    let n: i64 = store.sync_conn().query_row(
        "SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(n as usize)
}

fn list_on(conn: &Connection, reader: &Reader<'_>) -> Result<Vec<Conflict>, ReviewError> {
    let me = identity::replica(conn)?;
    let desks = desks(conn)?;
    let mut stmt = conn.prepare(
        "SELECT tbl, row_key, col, kept_value, kept_replica, kept_clock, lost_value, lost_replica, lost_clock, \
                kind IS ?1 \
         FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY found_at, tbl, row_key, col, lost_clock, lost_replica",
    )?;
    let rows = stmt
        .query_map([super::trash_race::KIND], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                r.get::<_, String>(2)?,
                (
                    r.get::<_, Value>(3)?,
                    (r.get::<_, i64>(5)?, r.get::<_, Uuid>(4)?),
                ),
                (
                    r.get::<_, Value>(6)?,
                    (r.get::<_, i64>(8)?, r.get::<_, Uuid>(7)?),
                ),
                r.get::<_, bool>(9)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for (table, row_key, col, kept, lost, edited_while_trashed) in rows {
        let row = RowRef::new(conn, &table, &row_key)?;
        let record = row.owner(conn)?;
        let record_name = match record {
            Some((kind, id)) => {
                let title = reader
                    .title_of(kind, id)
                    .unwrap_or_else(|_| "(gone)".into());
                format!("{} {title:?}", kind.label())
            }
            None => table.clone(),
        };
        let side = |(value, version): (Value, Version)| Side {
            shown: shown(conn, &col, &value),
            desk: desk_name(&desks, me, version.1),
            at: when(version.0),
            mine: version.1 == me,
            value,
            version,
        };
        out.push(Conflict {
            key: ConflictKey {
                table: table.clone(),
                row_key,
                col: col.clone(),
                lost: lost.1,
            },
            record,
            record_name,
            field: if edited_while_trashed {
                // Kept: the trash; lost: the record alive ("(empty)").
                "in the trash, and edited on another desk meanwhile".into()
            } else {
                field_label(&table, &col)
            },
            kept: side(kept),
            lost: side(lost),
            edited_while_trashed,
        });
    }
    Ok(out)
}

/// Resolves conflict number `n` (1-based, as `sync conflicts` lists them).
pub fn resolve_nth(store: &mut Store, n: usize, choice: &Choice) -> Result<Resolved, ReviewError> {
    let listed = list(store)?;
    let conflict = n
        .checked_sub(1)
        .and_then(|i| listed.get(i))
        .ok_or(ReviewError::NoSuchConflict(n))?;
    resolve(store, &conflict.key, choice)
}

/// Resolves one conflict with a person's choice, in one transaction: the
/// chosen value written as a synced edit, the conflict (and any other on
/// the field made from an older version) marked resolved.
pub fn resolve(
    store: &mut Store,
    key: &ConflictKey,
    choice: &Choice,
) -> Result<Resolved, ReviewError> {
    store.write(|tx| {
        let conn = tx.sync_conn();
        let conflict = list_on(conn, &tx.reader())?
            .into_iter()
            .find(|c| &c.key == key)
            .ok_or(ReviewError::Gone)?;
        let row = RowRef::new(conn, &key.table, &key.row_key)?;
        let Some(current) = row.get(conn, &key.col)? else {
            // The row itself is gone (a phone removed since): nothing to
            // choose between; the conflict is closed.
            close(conn, key)?;
            return Ok(Resolved {
                record_name: conflict.record_name.clone(),
                field: conflict.field.clone(),
                before: "(removed)".into(),
                after: "(removed)".into(),
            });
        };
        let chosen = match choice {
            Choice::Mine => conflict.mine().value.clone(),
            Choice::Theirs => conflict.theirs().value.clone(),
            Choice::Value(text) => typed_value(text, &conflict, row.required(conn, &key.col)?)?,
            Choice::AsItIs => current.clone(),
        };
        let base = versions::current(conn, &key.table, &key.row_key, &key.col)?.map(|f| f.version);
        if chosen == current {
            // Edited since, from the kept version (the record's form): that
            // edit already travels as the choice.
            let edited_since = base.is_some_and(|b| b != conflict.kept.version);
            if !edited_since {
                let other = if chosen == conflict.lost.value {
                    &conflict.kept.value
                } else {
                    &conflict.lost.value
                };
                log_same_value(conn, &row, &key.col, other, &chosen)?;
            }
        } else {
            write_value(tx, &row, &key.col, &chosen)?;
        }
        if let Some(base) = base {
            settle(
                conn,
                (&key.table, &key.row_key, &key.col),
                base,
                now_millis(),
            )?;
        }
        Ok(Resolved {
            record_name: conflict.record_name.clone(),
            field: conflict.field.clone(),
            before: shown(conn, &key.col, &current),
            after: shown(conn, &key.col, &chosen),
        })
    })
}

pub(super) fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Marks one conflict resolved.
fn close(conn: &Connection, key: &ConflictKey) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE sync_conflicts SET resolved_at = ?6 WHERE tbl = ?1 AND row_key = ?2 AND col = ?3 \
         AND lost_clock = ?4 AND lost_replica = ?5",
        params![
            key.table,
            key.row_key,
            key.col,
            key.lost.0,
            key.lost.1,
            now_millis()
        ],
    )?;
    Ok(())
}

/// A field was edited from version `base` (received from another book, or
/// chosen here): every unresolved conflict on it whose kept version is
/// `base` or older is settled, since that edit was made from it or after.
pub fn settle(
    conn: &Connection,
    (table, row_key, col): (&str, &[u8], &str),
    base: Version,
    at: i64,
) -> crate::store::Result<()> {
    conn.prepare_cached(
        "UPDATE sync_conflicts SET resolved_at = ?6 \
         WHERE tbl = ?1 AND row_key = ?2 AND col = ?3 AND resolved_at IS NULL \
         AND (kept_clock < ?4 OR (kept_clock = ?4 AND kept_replica <= ?5))",
    )?
    .execute(params![table, row_key, col, base.0, base.1, at])?;
    Ok(())
}

/// Every same-field race ever recorded, resolved or not (for tests: a race stays
/// recorded after a person settled it).
pub fn recorded(store: &Store) -> crate::store::Result<Vec<super::ConflictVersions>> {
    super::conflict_rows(
        store,
        "SELECT tbl, row_key, col, kept_clock, kept_replica, lost_clock, lost_replica FROM sync_conflicts \
         WHERE kind IS NULL",
    )
}
