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

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use uuid::Uuid;

use super::session::Session;
use super::versions::{self, Version};
use super::{capture, identity, tables};
use crate::domain::text::{fold, phone_digits};
use crate::domain::{Id, ProjectStatus, RecordKind};
use crate::store::{Reader, Store, StoreError, Tx};

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

/// The record each synced table's rows belong to: its kind and the column
/// holding its id (the list tables point at their owner).
pub fn owner_column(table: &str) -> Option<(RecordKind, &'static str)> {
    Some(match table {
        "organizations" => (RecordKind::Organization, "id"),
        "contacts" => (RecordKind::Contact, "id"),
        "projects" => (RecordKind::Project, "id"),
        "visits" => (RecordKind::Visit, "id"),
        "follow_ups" => (RecordKind::FollowUp, "id"),
        "notes" => (RecordKind::Note, "id"),
        "contact_phones" | "contact_emails" => (RecordKind::Contact, "contact_id"),
        "project_partners" | "project_status_history" => (RecordKind::Project, "project_id"),
        "visit_participants" => (RecordKind::Visit, "visit_id"),
        "consultations" => (RecordKind::Consultation, "id"),
        "consultation_people" => (RecordKind::Consultation, "consultation_id"),
        "events" => (RecordKind::Event, "id"),
        "event_invitees" => (RecordKind::Event, "event_id"),
        "deliverables" => (RecordKind::Deliverable, "id"),
        "registrations" => (RecordKind::Registration, "id"),
        "attachments" => (RecordKind::Attachment, "id"),
        _ => return None,
    })
}

/// A column as a person calls it (a list table's field with its item).
pub fn field_label(table: &str, col: &str) -> String {
    let item = match table {
        "contact_phones" => "phone ",
        "contact_emails" => "e-mail ",
        "project_partners" => "partner ",
        "project_status_history" => "status change ",
        "visit_participants" | "consultation_people" => "person ",
        "event_invitees" => "guest ",
        _ => "",
    };
    let name = match col {
        "display_name" => "name".to_string(),
        "deleted_at" => "in the trash".to_string(),
        "budget_hundredths" => "budget".to_string(),
        "value" if !item.is_empty() => return item.trim_end().to_string(),
        other => other.strip_suffix("_id").unwrap_or(other).replace('_', " "),
    };
    format!("{item}{name}")
}

/// Desk names by replica, from the bundles received.
pub fn desks(conn: &Connection) -> rusqlite::Result<HashMap<Uuid, String>> {
    let mut stmt =
        conn.prepare("SELECT DISTINCT peer, desk FROM sync_peers WHERE desk IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// A replica as a person reads it.
pub fn desk_name(desks: &HashMap<Uuid, String>, me: Uuid, id: Uuid) -> String {
    if id == me {
        return "this book".into();
    }
    let short = super::import::short(id);
    match desks.get(&id) {
        Some(desk) => format!("{desk} ({short})"),
        None => short,
    }
}

/// A clock as a time (UTC, to the minute).
pub fn when(clock: i64) -> String {
    chrono::DateTime::from_timestamp_millis(identity::millis_of_clock(clock))
        .filter(|_| clock > 0)
        .map_or_else(
            || "origin".into(),
            |t| t.format("%Y-%m-%d %H:%M").to_string(),
        )
}

/// A stored value as a person reads it: a linked record by its name,
/// times as times.
pub fn shown(conn: &Connection, col: &str, v: &Value) -> String {
    match v {
        Value::Null => "(empty)".into(),
        Value::Integer(ms) if col.ends_with("_at") => chrono::DateTime::from_timestamp_millis(*ms)
            .map_or_else(
                || ms.to_string(),
                |t| t.format("%Y-%m-%d %H:%M").to_string(),
            ),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => format!("{t:?}"),
        Value::Blob(b) => match Uuid::from_slice(b) {
            Ok(id) => linked_name(conn, id).unwrap_or_else(|| id.simple().to_string()),
            Err(_) => b.iter().map(|x| format!("{x:02x}")).collect(),
        },
    }
}

fn linked_name(conn: &Connection, id: Uuid) -> Option<String> {
    let reader_sql = [
        "SELECT name FROM organizations WHERE id = ?1",
        "SELECT display_name FROM contacts WHERE id = ?1",
        "SELECT title FROM projects WHERE id = ?1",
    ];
    reader_sql.iter().find_map(|sql| {
        conn.prepare_cached(sql)
            .ok()?
            .query_row([id], |r| r.get::<_, String>(0))
            .optional()
            .ok()
            .flatten()
    })
}

/// Reads a `row_key` back into the primary key's values (see `row_key`).
pub fn decode_key(key: &[u8]) -> Option<Vec<Value>> {
    if key.first() != Some(&0xFF) {
        return Some(vec![Value::Blob(key.to_vec())]);
    }
    let mut out = Vec::new();
    let mut at = 1;
    while at < key.len() {
        let tag = key[at];
        let len = u32::from_be_bytes(key.get(at + 1..at + 5)?.try_into().ok()?) as usize;
        let bytes = key.get(at + 5..at + 5 + len)?;
        at += 5 + len;
        out.push(match tag {
            0 => Value::Null,
            1 => Value::Integer(i64::from_be_bytes(bytes.try_into().ok()?)),
            2 => Value::Real(f64::from_be_bytes(bytes.try_into().ok()?)),
            3 => Value::Text(String::from_utf8(bytes.to_vec()).ok()?),
            4 => Value::Blob(bytes.to_vec()),
            _ => return None,
        });
    }
    Some(out)
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// One row of a synced table, found by its `row_key`.
struct RowRef {
    table: String,
    cols: Vec<String>,
    /// The primary key's columns, in column order (as `row_key` holds them),
    /// with their place in the key.
    pk: Vec<(usize, i64)>,
    key: Vec<Value>,
}

impl RowRef {
    fn new(conn: &Connection, table: &str, row_key: &[u8]) -> Result<RowRef, ReviewError> {
        let damaged = || {
            ReviewError::BadValue(format!(
                "a conflict names a row of {table} that cannot be read"
            ))
        };
        let cols = versions::columns(conn, table)?;
        let mut stmt = conn.prepare_cached(
            "SELECT cid, pk FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY cid",
        )?;
        let pk = stmt
            .query_map([table], |r| Ok((r.get::<_, i64>(0)? as usize, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let key = decode_key(row_key).ok_or_else(damaged)?;
        if key.len() != pk.len() {
            return Err(damaged());
        }
        Ok(RowRef {
            table: table.to_string(),
            cols,
            pk,
            key,
        })
    }

    fn where_key(&self, first: usize) -> String {
        self.pk
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!("{} = ?{}", quoted(&self.cols[*c]), first + i))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    fn get(&self, conn: &Connection, col: &str) -> rusqlite::Result<Option<Value>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE {}",
            quoted(col),
            quoted(&self.table),
            self.where_key(1)
        );
        conn.prepare_cached(&sql)?
            .query_row(params_from_iter(&self.key), |r| r.get(0))
            .optional()
    }

    fn set(&self, conn: &Connection, col: &str, value: &Value) -> rusqlite::Result<()> {
        let sql = format!(
            "UPDATE {} SET {} = ?1 WHERE {}",
            quoted(&self.table),
            quoted(col),
            self.where_key(2)
        );
        conn.prepare_cached(&sql)?
            .execute(params_from_iter(std::iter::once(value).chain(&self.key)))?;
        Ok(())
    }

    fn owner(&self, conn: &Connection) -> rusqlite::Result<Option<(RecordKind, Id)>> {
        let Some((kind, col)) = owner_column(&self.table) else {
            return Ok(None);
        };
        Ok(match self.get(conn, col)? {
            Some(Value::Blob(b)) => Uuid::from_slice(&b).ok().map(|id| (kind, id)),
            _ => None,
        })
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
        "SELECT tbl, row_key, col, kept_value, kept_replica, kept_clock, lost_value, lost_replica, lost_clock \
         FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY found_at, tbl, row_key, col, lost_clock, lost_replica",
    )?;
    let rows = stmt
        .query_map([], |r| {
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
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for (table, row_key, col, kept, lost) in rows {
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
            field: field_label(&table, &col),
            kept: side(kept),
            lost: side(lost),
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
        let current = row.get(conn, &key.col)?.ok_or(ReviewError::Gone)?;
        let chosen = match choice {
            Choice::Mine => conflict.mine().value.clone(),
            Choice::Theirs => conflict.theirs().value.clone(),
            Choice::Value(text) => typed_value(text, &conflict)?,
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
            settle(conn, &key.table, &key.row_key, &key.col, base, now_millis())?;
        }
        Ok(Resolved {
            record_name: conflict.record_name.clone(),
            field: conflict.field.clone(),
            before: shown(conn, &key.col, &current),
            after: shown(conn, &key.col, &chosen),
        })
    })
}

fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// A typed value, stored as the field's two values are (a number where
/// both are numbers); empty: no value.
fn typed_value(text: &str, conflict: &Conflict) -> Result<Value, ReviewError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Value::Null);
    }
    let numbers = [&conflict.kept.value, &conflict.lost.value]
        .iter()
        .all(|v| matches!(v, Value::Integer(_) | Value::Null));
    let blobs = [&conflict.kept.value, &conflict.lost.value]
        .iter()
        .any(|v| matches!(v, Value::Blob(_)));
    if blobs {
        return Err(ReviewError::BadValue(format!(
            "{} links to another record: choose mine or theirs, or edit the record",
            conflict.field
        )));
    }
    if numbers {
        return text.parse().map(Value::Integer).map_err(|_| {
            ReviewError::BadValue(format!(
                "{} takes a whole number, not {text:?}",
                conflict.field
            ))
        });
    }
    Ok(Value::Text(text.to_string()))
}

/// Writes a value into a field as an ordinary edit: derived columns
/// follow, `updated_at` moves, the record is checked by the domain's rules
/// and reindexed.
fn write_value(tx: &Tx<'_>, row: &RowRef, col: &str, value: &Value) -> Result<(), ReviewError> {
    let conn = tx.sync_conn();
    let owner = row.owner(conn)?;
    if (row.table.as_str(), col) == ("projects", "status") {
        let (Some((_, id)), Value::Text(text)) = (owner, value) else {
            return Err(ReviewError::BadValue("a project's status is a word".into()));
        };
        let to = ProjectStatus::parse(text).map_err(ReviewError::BadValue)?;
        tx.set_project_status(id, to, Some("conflict review"))?;
        return Ok(());
    }
    row.set(conn, col, value)?;
    let text = match value {
        Value::Text(t) => t.trim().to_string(),
        _ => String::new(),
    };
    match (row.table.as_str(), col) {
        ("organizations", "name") | ("contacts", "display_name") | ("projects", "title") => {
            row.set(conn, "sort_key", &Value::Text(fold(&text)))?;
        }
        ("contact_phones", "value") => {
            row.set(conn, "digits", &Value::Text(phone_digits(&text)))?;
        }
        _ => {}
    }
    if row.cols.iter().any(|c| c == "updated_at") {
        row.set(conn, "updated_at", &Value::Integer(now_millis()))?;
    }
    if let Some((kind, id)) = owner {
        check_record(tx, kind, id)?;
        tx.reindex_synced(kind, id);
    }
    Ok(())
}

/// The domain's rules on the record as written (a typed value may break
/// them): refused with the field named, and the transaction rolls back.
fn check_record(tx: &Tx<'_>, kind: RecordKind, id: Id) -> Result<(), ReviewError> {
    let r = tx.reader();
    let checked = match kind {
        RecordKind::Organization => r.organization(id)?.map(|o| o.validate()),
        RecordKind::Contact => r.contact(id)?.map(|c| c.validate()),
        RecordKind::Project => r.project(id)?.map(|p| p.validate()),
        RecordKind::Visit => r.visit(id)?.map(|v| v.validate()),
        RecordKind::FollowUp => r.follow_up(id)?.map(|f| f.validate()),
        RecordKind::Note => r.note(id)?.map(|n| n.validate()),
        _ => None,
    };
    match checked {
        Some(Err(errors)) => Err(StoreError::Invalid { kind, errors }.into()),
        _ => Ok(()),
    }
}

/// Logs a new version of a field that keeps its value (see the module's
/// comment): a changeset from SQLite's session extension setting the
/// field from `old` to `value`, on a scratch copy of the row's key.
fn log_same_value(
    conn: &Connection,
    row: &RowRef,
    col: &str,
    old: &Value,
    value: &Value,
) -> Result<(), ReviewError> {
    let bytes = same_value_changeset(row, col, old, value)?;
    capture::log_local(conn, &bytes)?;
    Ok(())
}

fn same_value_changeset(
    row: &RowRef,
    col: &str,
    old: &Value,
    value: &Value,
) -> Result<Vec<u8>, ReviewError> {
    let scratch = Connection::open_in_memory()?;
    let names: Vec<String> = (0..row.cols.len()).map(|i| format!("c{i}")).collect();
    let mut by_place = row.pk.clone();
    by_place.sort_by_key(|(_, place)| *place);
    let pk: Vec<&str> = by_place.iter().map(|(c, _)| names[*c].as_str()).collect();
    scratch.execute_batch(&format!(
        "CREATE TABLE {} ({}, PRIMARY KEY ({}))",
        quoted(&row.table),
        names.join(", "),
        pk.join(", ")
    ))?;
    let at = row
        .cols
        .iter()
        .position(|c| c == col)
        .ok_or_else(|| ReviewError::BadValue(format!("{} has no field {col}", row.table)))?;
    let mut values = vec![Value::Null; row.cols.len()];
    for ((c, _), v) in row.pk.iter().zip(&row.key) {
        values[*c] = v.clone();
    }
    values[at] = old.clone();
    let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
    scratch.execute(
        &format!(
            "INSERT INTO {} VALUES ({})",
            quoted(&row.table),
            marks.join(", ")
        ),
        params_from_iter(&values),
    )?;
    let session = Session::start(&scratch, tables::is_synced).map_err(capture::store_error)?;
    scratch.execute(
        &format!(
            "UPDATE {} SET {} = ?1 WHERE {}",
            quoted(&row.table),
            names[at],
            row.pk
                .iter()
                .enumerate()
                .map(|(i, (c, _))| format!("{} = ?{}", names[*c], i + 2))
                .collect::<Vec<_>>()
                .join(" AND ")
        ),
        params_from_iter(std::iter::once(value).chain(&row.key)),
    )?;
    Ok(session.changeset().map_err(capture::store_error)?)
}

/// A field was edited from version `base` (received from another book, or
/// chosen here): every unresolved conflict on it whose kept version is
/// `base` or older is settled, since that edit was made from it or after.
pub fn settle(
    conn: &Connection,
    table: &str,
    row_key: &[u8],
    col: &str,
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

/// Every conflict ever recorded, resolved or not (for tests: a race stays
/// recorded after a person settled it).
pub fn recorded(store: &Store) -> crate::store::Result<Vec<super::ConflictVersions>> {
    let mut stmt = store.sync_conn().prepare(
        "SELECT tbl, row_key, col, kept_clock, kept_replica, lost_clock, lost_replica FROM sync_conflicts",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            (r.get(3)?, r.get(4)?),
            (r.get(5)?, r.get(6)?),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
