//! A record's history, read from the change log itself: each logged
//! changeset (this book's and those received) holds every updated field's
//! old and new value, so nothing more is written on each write. The log is
//! narrowed to the changesets that hold the record's id (its bytes appear
//! in every change of the record's row and of its list rows), decoded, and
//! filtered to the record; newest first.

use rusqlite::types::Value;
use uuid::Uuid;

use super::review_words::{desk_name, desks, field_label, owner_column, shown, when};
use super::session::{Change, Op, read_changeset};
use super::{capture, identity, tables, versions};
use crate::domain::{Id, RecordKind};
use crate::store::{Result, Store};

/// One change of one field (or one list item) of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The change's clock (for ordering), and its time as shown.
    pub clock: i64,
    pub at: String,
    /// "this book", or the desk that made it.
    pub desk: String,
    /// The field's label, "created", "added phone", "removed e-mail"...
    pub what: String,
    pub from: String,
    pub to: String,
}

/// The history of one record, newest first.
pub fn of_record(store: &Store, kind: RecordKind, id: Id) -> Result<Vec<HistoryEntry>> {
    let conn = store.sync_conn();
    let me = identity::replica(conn)?;
    let desks = desks(conn)?;
    let mut stmt = conn.prepare(
        "SELECT replica, clock, changeset FROM sync_log \
         WHERE instr(changeset, ?1) > 0 ORDER BY clock DESC, replica DESC",
    )?;
    let logged = stmt
        .query_map([id.as_bytes().as_slice()], |r| {
            Ok((
                r.get::<_, Uuid>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    let mut created = false;
    for (replica, clock, bytes) in logged {
        let changes = read_changeset(&bytes).map_err(capture::store_error)?;
        // A changeset lists rows in its own (hash) order: within one, field
        // changes come first, then removed items, then added ones.
        let mut changes: Vec<&Change> = changes
            .iter()
            .filter(|c| belongs(conn, c, kind, id))
            .collect();
        changes.sort_by_key(|c| match c.op {
            Op::Update => 0,
            Op::Delete => 1,
            Op::Insert => 2,
        });
        for change in changes {
            let entry = |what: String, from: String, to: String| HistoryEntry {
                clock,
                at: when(clock),
                desk: desk_name(&desks, me, replica),
                what,
                from,
                to,
            };
            let own_row = owner_column(&change.table).is_some_and(|(_, col)| col == "id");
            match change.op {
                Op::Insert if own_row => {
                    created = true;
                    out.push(entry("created".into(), String::new(), String::new()));
                }
                Op::Insert => out.push(entry(
                    format!("added {}", item(&change.table)),
                    String::new(),
                    summary(conn, change, &change.new)?,
                )),
                Op::Delete => out.push(entry(
                    format!("removed {}", item(&change.table)),
                    summary(conn, change, &change.old)?,
                    String::new(),
                )),
                Op::Update => {
                    let cols = versions::columns(conn, &change.table)?;
                    for (c, new) in change.new.iter().enumerate() {
                        let (Some(new), Some(name)) = (new, cols.get(c)) else {
                            continue;
                        };
                        if change.pk[c]
                            || name == "updated_at"
                            || tables::is_derived(&change.table, name)
                        {
                            continue;
                        }
                        let old = change.old[c].clone().unwrap_or(Value::Null);
                        out.push(entry(
                            field_label(&change.table, name),
                            shown(conn, name, &old),
                            shown(conn, name, new),
                        ));
                    }
                }
            }
        }
    }
    if !created && let Some(entry) = creation_before_log(store, kind, id)? {
        out.push(entry);
    }
    Ok(out)
}

/// Whether a change is of the record's row or one of its list rows.
fn belongs(conn: &rusqlite::Connection, change: &Change, kind: RecordKind, id: Id) -> bool {
    let Some((owner, col)) = owner_column(&change.table) else {
        return false;
    };
    if owner != kind {
        return false;
    }
    let Ok(cols) = versions::columns(conn, &change.table) else {
        return false;
    };
    let Some(at) = cols.iter().position(|c| c == col) else {
        return false;
    };
    let side = |values: &[Option<Value>]| values.get(at).cloned().flatten();
    let value = side(&change.new).or_else(|| side(&change.old));
    value == Some(Value::Blob(id.as_bytes().to_vec()))
}

/// A list row's item as a person calls it ("phone", "e-mail").
fn item(table: &str) -> String {
    field_label(table, "value")
}

/// A list row's values that say what it is (not its owner's id, its own
/// content-derived id, derived columns or positions).
fn summary(
    conn: &rusqlite::Connection,
    change: &Change,
    values: &[Option<Value>],
) -> Result<String> {
    let cols = versions::columns(conn, &change.table)?;
    let owner = owner_column(&change.table).map(|(_, c)| c);
    let parts: Vec<String> = values
        .iter()
        .zip(&cols)
        .enumerate()
        .filter(|(c, _)| {
            // A phone's or e-mail's id is a hash of its content: not news.
            !(change.pk.get(*c) == Some(&true) && cols[*c] == "id")
        })
        .map(|(_, pair)| pair)
        .filter(|(_, name)| {
            Some(name.as_str()) != owner
                && !tables::is_derived(&change.table, name)
                && !matches!(name.as_str(), "position" | "updated_at" | "created_at")
        })
        .filter_map(|(v, name)| match v {
            Some(Value::Null) | None => None,
            Some(v) => Some(shown(conn, name, v)),
        })
        .collect();
    Ok(parts.join(", "))
}

/// A record made before its book logged changes (demo data, an older
/// fieldbook): its creation from its own `created_at`.
fn creation_before_log(store: &Store, kind: RecordKind, id: Id) -> Result<Option<HistoryEntry>> {
    let Some(table) = super::tables::SYNCED
        .iter()
        .find(|t| owner_column(t) == Some((kind, "id")))
    else {
        return Ok(None);
    };
    let sql = format!("SELECT created_at FROM {table} WHERE id = ?1");
    let created: Option<i64> = {
        use rusqlite::OptionalExtension;
        store
            .sync_conn()
            .query_row(&sql, [id], |r| r.get(0))
            .optional()?
    };
    Ok(created.map(|ms| HistoryEntry {
        clock: identity::clock_of_millis(ms),
        at: when(identity::clock_of_millis(ms)),
        desk: "before the change log".into(),
        what: "created".into(),
        from: String::new(),
        to: String::new(),
    }))
}
