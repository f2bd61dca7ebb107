//! Erasing rows for good (`fieldbook purge`), on this book and, through a
//! tombstone that travels like any change, on every other.
//!
//! A tombstone names a row (table and primary key), who erased it and
//! when; nothing of its values. Erasing a row erases what depends on it,
//! worked out from the schema's foreign keys, the same way on every book:
//! - a row that belongs to it goes too: a list or link row (a table with
//!   no trash), a row whose link to it is NOT NULL (a deliverable of a
//!   project), a note, attachment or registration about it; and the file
//!   contents of an erased attachment that no other attachment uses;
//! - a record that merely points at it (a contact's organization, a
//!   visit's project, a follow-up's owner) loses the link.
//!
//! Every erased row gets a tombstone, and from then on a change of it, or
//! a new row belonging to it, received from any desk, is dropped: a racing
//! edit never brings it back.
//!
//! The values must not survive anywhere in the book: the search index
//! forgets the rows (with FTS5's `secure-delete`, so the words leave the
//! index's pages too), their field versions and conflicts (which hold
//! values) go, the change log's changesets are rewritten without them (see
//! `scrub`), and SQLite's `secure_delete` overwrites the freed space.

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::session::{Change, Op};
use super::{row_key, scrub, versions};
use crate::domain::{Id, RecordKind};
use crate::store::Result;

/// One row to erase: table and primary-key values.
pub type RowRef = (String, Vec<Value>);

/// A foreign key between synced tables: the row of `table` whose `column`
/// points at a row of `parent`, and whether it belongs to it (see above).
#[derive(Debug, Clone)]
pub struct Link {
    pub table: String,
    pub column: String,
    pub parent: String,
    pub owned: bool,
}

/// Records that belong to the record they are about (exactly one link,
/// checked by the schema): they go with it.
const BELONGING: &[&str] = &["notes", "attachments", "registrations"];

/// The foreign keys of the synced tables, read from the schema once per
/// thread (every open book has this build's schema).
pub fn links(conn: &Connection) -> Result<Vec<Link>> {
    thread_local! {
        static CACHE: std::cell::RefCell<Option<Vec<Link>>> = const { std::cell::RefCell::new(None) };
    }
    if let Some(found) = CACHE.with(|c| c.borrow().clone()) {
        return Ok(found);
    }
    let mut out = Vec::new();
    for table in super::tables::SYNCED {
        let has_trash = versions::columns(conn, table)?
            .iter()
            .any(|c| c == "deleted_at");
        let mut stmt = conn.prepare_cached(
            "SELECT f.\"table\", f.\"from\", coalesce(i.\"notnull\", 0) \
             FROM pragma_foreign_key_list(?1) f \
             LEFT JOIN pragma_table_info(?1) i ON i.name = f.\"from\"",
        )?;
        let rows = stmt
            .query_map([table], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (parent, column, not_null) in rows {
            out.push(Link {
                table: table.to_string(),
                column,
                parent,
                owned: !has_trash || not_null != 0 || BELONGING.contains(table),
            });
        }
    }
    if !out.is_empty() {
        CACHE.with(|c| *c.borrow_mut() = Some(out.clone()));
    }
    Ok(out)
}

/// The foreign keys pointing at each table.
fn children(conn: &Connection) -> Result<HashMap<String, Vec<Link>>> {
    let mut out: HashMap<String, Vec<Link>> = HashMap::new();
    for link in links(conn)? {
        out.entry(link.parent.clone()).or_default().push(link);
    }
    Ok(out)
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The primary-key column names of a table, in order.
fn key_columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")?;
    Ok(stmt
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

pub fn is_tombstoned(conn: &Connection, table: &str, key: &[u8]) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM tombstones WHERE tbl = ?1 AND row_key = ?2")?
        .query_row(params![table, key], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Who erased a row and when, as its tombstone says.
fn tombstone_of(conn: &Connection, table: &str, key: &[u8]) -> Result<Option<(Uuid, i64)>> {
    Ok(conn
        .prepare_cached(
            "SELECT purged_by, purged_at FROM tombstones WHERE tbl = ?1 AND row_key = ?2",
        )?
        .query_row(params![table, key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// What erasing did: the rows erased (with their tombstones) and the
/// records that lost a link (their search docs must be rebuilt).
#[derive(Debug, Default)]
pub struct Erased {
    pub rows: Vec<RowRef>,
    pub relinked: Vec<(RecordKind, Id)>,
}

/// Erases rows and everything that belongs to them, leaving a tombstone
/// for each, by `who` at `at`. Call inside a write transaction.
pub fn erase(conn: &Connection, roots: &[RowRef], who: Uuid, at: i64) -> Result<Erased> {
    conn.pragma_update(None, "defer_foreign_keys", true)?;
    conn.pragma_update(None, "secure_delete", true)?;
    set_index_secure_delete(conn, true)?;
    // An append-only table (the status history) refuses deletes by a
    // trigger: erasure for data protection is the one exception.
    let guards: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' \
             AND upper(sql) LIKE '%BEFORE DELETE%'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &guards {
        conn.execute(&format!("DROP TRIGGER {}", quoted(name)), [])?;
    }
    let children = children(conn)?;
    let mut erased = Erased::default();
    let mut seen: HashSet<(String, Vec<u8>)> = HashSet::new();
    let mut queue: Vec<RowRef> = roots.to_vec();
    let mut blobs: Vec<Value> = Vec::new();
    while let Some((table, key)) = queue.pop() {
        let blob = row_key::encode(&key);
        if !seen.insert((table.clone(), blob.clone())) {
            continue;
        }
        if let [value] = key.as_slice() {
            for child in children.get(&table).into_iter().flatten() {
                if child.owned {
                    queue.extend(rows_pointing(conn, child, value)?);
                } else {
                    erased.relinked.extend(unlink(conn, child, value)?);
                }
            }
        }
        if table == "attachments" {
            blobs.extend(column_of(conn, &table, &key, "sha256")?);
        }
        forget(conn, &table, &key, &blob, who, at)?;
        erased.rows.push((table, key));
        // File contents no other attachment uses go with the last one.
        if queue.is_empty() {
            for sha in blobs.drain(..) {
                let used: i64 = conn.query_row(
                    "SELECT count(*) FROM attachments WHERE sha256 = ?1",
                    [&sha],
                    |r| r.get(0),
                )?;
                if used == 0 {
                    queue.push(("attachment_blobs".into(), vec![sha]));
                }
            }
        }
    }
    for (_, sql) in &guards {
        conn.execute(sql, [])?;
    }
    scrub::scrub_log(conn, &erased.rows)?;
    let gone: HashSet<(&str, Vec<u8>)> = erased
        .rows
        .iter()
        .map(|(t, k)| (t.as_str(), row_key::encode(k)))
        .collect();
    let relinked = std::mem::take(&mut erased.relinked);
    erased.relinked = relinked
        .into_iter()
        .filter(|(kind, id)| !gone.contains(&(table_of(*kind), id.as_bytes().to_vec())))
        .collect();
    Ok(erased)
}

/// Ends one or more `erase`s in this transaction. A record was unindexed
/// when it was trashed, before secure-delete was on: its words may still
/// sit in older index segments. Merging every segment into one leaves none
/// of them (once per transaction: it rewrites the index).
pub fn finish(conn: &Connection) -> Result<()> {
    for table in SEARCH_TABLES {
        conn.execute(
            &format!("INSERT INTO {table} ({table}) VALUES ('optimize')"),
            [],
        )?;
    }
    set_index_secure_delete(conn, false)
}

/// The search index's FTS5 tables.
const SEARCH_TABLES: [&str; 5] = [
    "search_fields",
    "search_text",
    "search_notes",
    "search_names",
    "search_phones",
];

/// FTS5's `secure-delete` on the search tables: a deleted doc's words are
/// removed from the index's pages, not only marked deleted.
fn set_index_secure_delete(conn: &Connection, on: bool) -> Result<()> {
    for table in SEARCH_TABLES {
        conn.execute(
            &format!("INSERT INTO {table} ({table}, rank) VALUES ('secure-delete', ?1)"),
            [on as i64],
        )?;
    }
    Ok(())
}

fn rows_pointing(conn: &Connection, child: &Link, value: &Value) -> Result<Vec<RowRef>> {
    let keys = key_columns(conn, &child.table)?;
    let sql = format!(
        "SELECT {} FROM {} WHERE {} = ?1",
        keys.iter()
            .map(|k| quoted(k))
            .collect::<Vec<_>>()
            .join(", "),
        quoted(&child.table),
        quoted(&child.column)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([value], |r| {
            (0..keys.len())
                .map(|i| r.get::<_, Value>(i))
                .collect::<rusqlite::Result<Vec<_>>>()
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|key| (child.table.clone(), key))
        .collect())
}

/// Clears a link to an erased row; the records that had it.
fn unlink(conn: &Connection, child: &Link, value: &Value) -> Result<Vec<(RecordKind, Id)>> {
    let sql = format!(
        "UPDATE {t} SET {c} = NULL WHERE {c} = ?1 RETURNING id",
        t = quoted(&child.table),
        c = quoted(&child.column)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = stmt
        .query_map([value], |r| r.get::<_, Id>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(match record_kind(&child.table) {
        Some(kind) => ids.into_iter().map(|id| (kind, id)).collect(),
        None => Vec::new(),
    })
}

fn column_of(conn: &Connection, table: &str, key: &[Value], column: &str) -> Result<Vec<Value>> {
    let keys = key_columns(conn, table)?;
    let sql = format!(
        "SELECT {} FROM {} WHERE {}",
        quoted(column),
        quoted(table),
        where_key(&keys)
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(key), |r| r.get(0))
        .optional()?
        .into_iter()
        .collect())
}

fn where_key(keys: &[String]) -> String {
    keys.iter()
        .enumerate()
        .map(|(i, k)| format!("{} = ?{}", quoted(k), i + 1))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Deletes one row, its search docs, versions and conflicts, and leaves
/// its tombstone.
fn forget(
    conn: &Connection,
    table: &str,
    key: &[Value],
    blob: &[u8],
    who: Uuid,
    at: i64,
) -> Result<()> {
    let id = match key {
        [Value::Blob(id)] => Uuid::from_slice(id).ok(),
        _ => None,
    };
    if let Some(id) = id {
        if table == "notes" {
            conn.prepare_cached(
                "DELETE FROM search_notes WHERE rowid = (SELECT rowid FROM notes WHERE id = ?1)",
            )?
            .execute([id])?;
        } else if record_kind(table).is_some() {
            let names = name_values(conn, table, id)?;
            crate::store::search::unindex(conn, id)?;
            crate::store::search::forget_name_words(conn, &names)?;
        }
    }
    let keys = key_columns(conn, table)?;
    conn.prepare_cached(&format!(
        "DELETE FROM {} WHERE {}",
        quoted(table),
        where_key(&keys)
    ))?
    .execute(rusqlite::params_from_iter(key))?;
    conn.prepare_cached("DELETE FROM field_versions WHERE tbl = ?1 AND row_key = ?2")?
        .execute(params![table, blob])?;
    conn.prepare_cached("DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_key = ?2")?
        .execute(params![table, blob])?;
    conn.prepare_cached(
        "INSERT OR IGNORE INTO tombstones (tbl, row_key, purged_by, purged_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![table, blob, who, at])?;
    Ok(())
}

/// The columns that hold a record's names (what the typo vocabulary keeps).
const NAME_COLUMNS: &[&str] = &[
    "name",
    "display_name",
    "native_name",
    "reading",
    "nickname",
    "title",
    "ref_code",
];

fn name_values(conn: &Connection, table: &str, id: Uuid) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for col in versions::columns(conn, table)? {
        if !NAME_COLUMNS.contains(&col.as_str()) {
            continue;
        }
        let sql = format!(
            "SELECT {} FROM {} WHERE id = ?1",
            quoted(&col),
            quoted(table)
        );
        let value: Option<Option<String>> = conn
            .prepare_cached(&sql)?
            .query_row([id], |r| r.get(0))
            .optional()?;
        out.extend(value.flatten());
    }
    Ok(out)
}

/// The kind of record a table holds (`None`: a list or link table).
pub fn record_kind(table: &str) -> Option<RecordKind> {
    Some(match table {
        "organizations" => RecordKind::Organization,
        "contacts" => RecordKind::Contact,
        "projects" => RecordKind::Project,
        "visits" => RecordKind::Visit,
        "follow_ups" => RecordKind::FollowUp,
        "notes" => RecordKind::Note,
        "events" => RecordKind::Event,
        "deliverables" => RecordKind::Deliverable,
        "registrations" => RecordKind::Registration,
        "attachments" => RecordKind::Attachment,
        "consultations" => RecordKind::Consultation,
        _ => return None,
    })
}

/// The table of a kind of record.
pub fn table_of(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Organization => "organizations",
        RecordKind::Contact => "contacts",
        RecordKind::Project => "projects",
        RecordKind::Visit => "visits",
        RecordKind::FollowUp => "follow_ups",
        RecordKind::Note => "notes",
        RecordKind::Event => "events",
        RecordKind::Deliverable => "deliverables",
        RecordKind::Registration => "registrations",
        RecordKind::Attachment => "attachments",
        RecordKind::Consultation => "consultations",
    }
}

/// The tombstones a purge leaves, as the changeset that sends them to the
/// other books (the erased rows' deletes are not sent: a delete carries
/// the row's values).
pub fn tombstone_changeset(conn: &Connection, rows: &[RowRef]) -> Result<Vec<u8>> {
    let mut changes = Vec::new();
    for (table, key) in rows {
        let blob = row_key::encode(key);
        let Some((who, at)) = tombstone_of(conn, table, &blob)? else {
            continue;
        };
        changes.push(Change {
            table: "tombstones".into(),
            op: Op::Insert,
            pk: vec![true, true, false, false],
            old: vec![None; 4],
            new: vec![
                Some(Value::Text(table.clone())),
                Some(Value::Blob(blob)),
                Some(Value::Blob(who.as_bytes().to_vec())),
                Some(Value::Integer(at)),
            ],
        });
    }
    Ok(super::changeset_write::write(&changes))
}

/// What becomes of a received change (see `screen`).
pub enum Screen {
    Keep,
    /// Applied with its links to erased rows cleared.
    Replace(Change),
    Drop,
}

/// Receiving: a change is dropped when its row, or the row it belongs to,
/// was erased (a new row belonging to an erased one gets a tombstone too,
/// so what belongs to it follows); a link of a kept record to an erased
/// one is cleared in the change; a tombstone already here is not applied
/// again.
pub fn screen(conn: &Connection, change: &Change, cols: &[String]) -> Result<Screen> {
    if change.table == "tombstones" {
        let here = conn
            .prepare_cached("SELECT 1 FROM tombstones WHERE tbl = ?1 AND row_key = ?2")?
            .query_row(rusqlite::params_from_iter(change.key()), |_| Ok(()))
            .optional()?;
        return Ok(if here.is_some() {
            Screen::Drop
        } else {
            Screen::Keep
        });
    }
    if tombstone_count(conn)? == 0 {
        return Ok(Screen::Keep);
    }
    Ok(match scrub::doomed(conn, change, cols, &HashSet::new())? {
        scrub::Fate::Keep => Screen::Keep,
        scrub::Fate::Unlinked(clean) => Screen::Replace(clean),
        scrub::Fate::Drop(parent) => {
            if change.op == Op::Insert {
                let (who, at) = parent.unwrap_or((Uuid::nil(), 0));
                conn.prepare_cached(
                    "INSERT OR IGNORE INTO tombstones (tbl, row_key, purged_by, purged_at) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![change.table, row_key::encode(&change.key()), who, at])?;
            }
            Screen::Drop
        }
    })
}

fn tombstone_count(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM (SELECT 1 FROM tombstones LIMIT 1)")?
        .query_row([], |r| r.get(0))?)
}

/// Receiving a tombstone: erases its row here, with what belongs to it.
pub fn carry_out(conn: &Connection, change: &Change) -> Result<Erased> {
    let value = |i: usize| change.new.get(i).cloned().flatten();
    let (Some(Value::Text(table)), Some(Value::Blob(key)), Some(who), Some(Value::Integer(at))) =
        (value(0), value(1), value(2), value(3))
    else {
        return Ok(Erased::default());
    };
    let who = match who {
        Value::Blob(b) => Uuid::from_slice(&b).unwrap_or_default(),
        _ => Uuid::nil(),
    };
    let Some(key) = decode_key(conn, &table, &key)? else {
        return Ok(Erased::default());
    };
    erase(conn, &[(table, key)], who, at)
}

/// The primary-key values a row key stands for (see `row_key::encode`);
/// `None` for a table that does not travel or a key it cannot be.
fn decode_key(conn: &Connection, table: &str, blob: &[u8]) -> Result<Option<Vec<Value>>> {
    if !super::tables::is_synced(table) {
        return Ok(None);
    }
    if key_columns(conn, table)?.len() == 1 {
        return Ok(Some(vec![Value::Blob(blob.to_vec())]));
    }
    let Some(mut rest) = blob.strip_prefix(&[0xFF]) else {
        return Ok(None);
    };
    let mut key = Vec::new();
    while let [tag, a, b, c, d, tail @ ..] = rest {
        let len = u32::from_be_bytes([*a, *b, *c, *d]) as usize;
        if tail.len() < len {
            return Ok(None);
        }
        let (bytes, after) = tail.split_at(len);
        let eight = || <[u8; 8]>::try_from(bytes).ok();
        key.push(match tag {
            0 => Value::Null,
            1 => Value::Integer(i64::from_be_bytes(eight().unwrap_or_default())),
            2 => Value::Real(f64::from_be_bytes(eight().unwrap_or_default())),
            3 => Value::Text(String::from_utf8_lossy(bytes).into_owned()),
            _ => Value::Blob(bytes.to_vec()),
        });
        rest = after;
    }
    Ok(rest.is_empty().then_some(key))
}

/// Who erased a row, for a derived tombstone.
pub fn parent_tombstone(conn: &Connection, table: &str, key: &[u8]) -> Result<Option<(Uuid, i64)>> {
    tombstone_of(conn, table, key)
}
