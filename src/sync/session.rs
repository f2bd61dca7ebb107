//! A small safe wrapper over SQLite's session extension: record what one
//! transaction changes in the allowed tables (a changeset), and read a
//! changeset back change by change, with each row's old and new values.
//!
//! rusqlite's own `session` feature runs bindgen (libclang at build time);
//! the bundled bindings already declare these functions, and
//! `.cargo/config.toml` compiles SQLite with `SQLITE_ENABLE_SESSION`.

use std::ffi::{CStr, c_char, c_int, c_void};
use std::marker::PhantomData;
use std::ptr;

use rusqlite::Connection;
use rusqlite::ffi;
use rusqlite::types::Value;

/// A failure of the session extension, with SQLite's result code.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("SQLite's change recorder failed ({0})")]
    Record(c_int),
    #[error("the changes are damaged (SQLite code {0})")]
    Damaged(c_int),
}

/// Which tables a session records: a plain function, so it can be passed
/// to SQLite as the filter's context pointer.
pub type TableFilter = fn(&str) -> bool;

/// Records the changes made on one connection while it lives.
pub struct Session<'c> {
    raw: *mut ffi::sqlite3_session,
    /// Boxed so its address stays put while SQLite holds it.
    _filter: Box<TableFilter>,
    _conn: PhantomData<&'c Connection>,
}

unsafe extern "C" fn call_filter(ctx: *mut c_void, table: *const c_char) -> c_int {
    // SAFETY: ctx is the `Box<TableFilter>` owned by the session, alive as
    // long as SQLite can call this; table is a NUL-terminated name.
    let filter = unsafe { &*(ctx as *const TableFilter) };
    let name = unsafe { CStr::from_ptr(table) };
    name.to_str().is_ok_and(filter) as c_int
}

impl<'c> Session<'c> {
    /// Starts recording changes to the `main` database's tables that
    /// `filter` allows (tables without a declared primary key are never
    /// recorded by SQLite).
    pub fn start(conn: &'c Connection, filter: TableFilter) -> Result<Session<'c>, SessionError> {
        let mut raw = ptr::null_mut();
        // SAFETY: the handle is valid for 'c; the session is deleted in Drop
        // before the borrow ends.
        let rc = unsafe { ffi::sqlite3session_create(conn.handle(), c"main".as_ptr(), &mut raw) };
        if rc != ffi::SQLITE_OK {
            return Err(SessionError::Record(rc));
        }
        let session = Session {
            raw,
            _filter: Box::new(filter),
            _conn: PhantomData,
        };
        let ctx = &*session._filter as *const TableFilter as *mut c_void;
        // SAFETY: raw is a live session; ctx outlives it (owned by it).
        let rc = unsafe {
            ffi::sqlite3session_table_filter(raw, Some(call_filter), ctx);
            ffi::sqlite3session_attach(raw, ptr::null())
        };
        if rc != ffi::SQLITE_OK {
            return Err(SessionError::Record(rc));
        }
        Ok(session)
    }

    /// Whether nothing allowed has changed yet.
    pub fn is_empty(&self) -> bool {
        // SAFETY: raw is a live session.
        unsafe { ffi::sqlite3session_isempty(self.raw) != 0 }
    }

    /// The changes recorded so far, as a changeset.
    pub fn changeset(&self) -> Result<Vec<u8>, SessionError> {
        let mut size: c_int = 0;
        let mut buf: *mut c_void = ptr::null_mut();
        // SAFETY: raw is a live session; SQLite allocates buf with
        // sqlite3_malloc, freed below once copied.
        let rc = unsafe { ffi::sqlite3session_changeset(self.raw, &mut size, &mut buf) };
        if rc != ffi::SQLITE_OK {
            return Err(SessionError::Record(rc));
        }
        if buf.is_null() {
            return Ok(Vec::new());
        }
        let len = usize::try_from(size).unwrap_or(0);
        // SAFETY: buf holds `size` bytes.
        let bytes = unsafe { std::slice::from_raw_parts(buf as *const u8, len).to_vec() };
        unsafe { ffi::sqlite3_free(buf) };
        Ok(bytes)
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        // SAFETY: raw is live and deleted once.
        unsafe { ffi::sqlite3session_delete(self.raw) };
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Insert,
    Update,
    Delete,
}

/// One row's change. Values are by column position: `None` where the
/// changeset does not carry the column (an update's unchanged columns),
/// `Some(Value::Null)` for a real NULL.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub table: String,
    pub op: Op,
    /// Which columns make up the primary key.
    pub pk: Vec<bool>,
    pub old: Vec<Option<Value>>,
    pub new: Vec<Option<Value>>,
}

impl Change {
    /// The primary key's values, from the new row (insert) or the old one.
    pub fn key(&self) -> Vec<Value> {
        let side = if self.op == Op::Insert {
            &self.new
        } else {
            &self.old
        };
        side.iter()
            .zip(&self.pk)
            .filter(|(_, is_pk)| **is_pk)
            .map(|(v, _)| v.clone().unwrap_or(Value::Null))
            .collect()
    }
}

/// Reads every change of a changeset; a damaged one is an error, never a
/// partial list.
pub fn read_changeset(bytes: &[u8]) -> Result<Vec<Change>, SessionError> {
    read_changeset_with(bytes, |_| true)
}

/// Like `read_changeset`, reading the values only of the changes whose
/// operation `with_values` accepts (the others have `pk` only): logging a
/// big import needs its updates' values, not its inserts'.
pub fn read_changeset_with(
    bytes: &[u8],
    with_values: impl Fn(Op) -> bool,
) -> Result<Vec<Change>, SessionError> {
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    let len =
        c_int::try_from(bytes.len()).map_err(|_| SessionError::Damaged(ffi::SQLITE_TOOBIG))?;
    let mut iter = ptr::null_mut();
    // SAFETY: SQLite only reads the buffer (the API takes *mut for
    // historical reasons), which outlives the iterator.
    let rc = unsafe { ffi::sqlite3changeset_start(&mut iter, len, bytes.as_ptr() as *mut c_void) };
    if rc != ffi::SQLITE_OK {
        return Err(SessionError::Damaged(rc));
    }
    let iter = Iter(iter);
    let mut changes = Vec::new();
    loop {
        // SAFETY: iter is live.
        match unsafe { ffi::sqlite3changeset_next(iter.0) } {
            ffi::SQLITE_ROW => changes.push(iter.current(&with_values)?),
            ffi::SQLITE_DONE => break,
            rc => return Err(SessionError::Damaged(rc)),
        }
    }
    iter.finish()?;
    Ok(changes)
}

struct Iter(*mut ffi::sqlite3_changeset_iter);

impl Iter {
    fn current(&self, with_values: &impl Fn(Op) -> bool) -> Result<Change, SessionError> {
        let mut table: *const c_char = ptr::null();
        let (mut ncol, mut op, mut indirect) = (0, 0, 0);
        // SAFETY: the iterator points at a row (next returned SQLITE_ROW).
        let rc = unsafe {
            ffi::sqlite3changeset_op(self.0, &mut table, &mut ncol, &mut op, &mut indirect)
        };
        if rc != ffi::SQLITE_OK || table.is_null() {
            return Err(SessionError::Damaged(rc));
        }
        let table = unsafe { CStr::from_ptr(table) }
            .to_string_lossy()
            .into_owned();
        let op = match op {
            ffi::SQLITE_INSERT => Op::Insert,
            ffi::SQLITE_UPDATE => Op::Update,
            ffi::SQLITE_DELETE => Op::Delete,
            other => return Err(SessionError::Damaged(other)),
        };
        let mut flags: *mut u8 = ptr::null_mut();
        let mut npk = 0;
        let rc = unsafe { ffi::sqlite3changeset_pk(self.0, &mut flags, &mut npk) };
        if rc != ffi::SQLITE_OK || flags.is_null() {
            return Err(SessionError::Damaged(rc));
        }
        let n = usize::try_from(ncol).unwrap_or(0);
        // SAFETY: SQLite gives one flag byte per column.
        let pk = unsafe { std::slice::from_raw_parts(flags, n) }
            .iter()
            .map(|f| *f != 0)
            .collect();
        if !with_values(op) {
            return Ok(Change {
                table,
                op,
                pk,
                old: Vec::new(),
                new: Vec::new(),
            });
        }
        let old = if op == Op::Insert {
            vec![None; n]
        } else {
            self.values(n, ffi::sqlite3changeset_old)?
        };
        let new = if op == Op::Delete {
            vec![None; n]
        } else {
            self.values(n, ffi::sqlite3changeset_new)?
        };
        Ok(Change {
            table,
            op,
            pk,
            old,
            new,
        })
    }

    fn values(
        &self,
        n: usize,
        read: unsafe extern "C" fn(
            *mut ffi::sqlite3_changeset_iter,
            c_int,
            *mut *mut ffi::sqlite3_value,
        ) -> c_int,
    ) -> Result<Vec<Option<Value>>, SessionError> {
        (0..n)
            .map(|col| {
                let mut value = ptr::null_mut();
                // SAFETY: col is within the row's column count.
                let rc = unsafe { read(self.0, col as c_int, &mut value) };
                if rc != ffi::SQLITE_OK {
                    return Err(SessionError::Damaged(rc));
                }
                Ok((!value.is_null()).then(|| unsafe { owned_value(value) }))
            })
            .collect()
    }

    fn finish(self) -> Result<(), SessionError> {
        let raw = self.0;
        std::mem::forget(self);
        // SAFETY: raw is live and finalized once.
        match unsafe { ffi::sqlite3changeset_finalize(raw) } {
            ffi::SQLITE_OK => Ok(()),
            rc => Err(SessionError::Damaged(rc)),
        }
    }
}

impl Drop for Iter {
    fn drop(&mut self) {
        // SAFETY: live, finalized once (finish forgets self).
        unsafe { ffi::sqlite3changeset_finalize(self.0) };
    }
}

/// Copies a protected SQLite value into an owned one.
///
/// SAFETY: `value` must be a valid `sqlite3_value` for the call.
unsafe fn owned_value(value: *mut ffi::sqlite3_value) -> Value {
    unsafe {
        match ffi::sqlite3_value_type(value) {
            ffi::SQLITE_INTEGER => Value::Integer(ffi::sqlite3_value_int64(value)),
            ffi::SQLITE_FLOAT => Value::Real(ffi::sqlite3_value_double(value)),
            ffi::SQLITE_TEXT => {
                let p = ffi::sqlite3_value_text(value);
                let len = usize::try_from(ffi::sqlite3_value_bytes(value)).unwrap_or(0);
                if p.is_null() {
                    Value::Text(String::new())
                } else {
                    let bytes = std::slice::from_raw_parts(p, len);
                    Value::Text(String::from_utf8_lossy(bytes).into_owned())
                }
            }
            ffi::SQLITE_BLOB => {
                let p = ffi::sqlite3_value_blob(value) as *const u8;
                let len = usize::try_from(ffi::sqlite3_value_bytes(value)).unwrap_or(0);
                if p.is_null() {
                    Value::Blob(Vec::new())
                } else {
                    Value::Blob(std::slice::from_raw_parts(p, len).to_vec())
                }
            }
            _ => Value::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::tables::is_synced;

    fn book() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::store::migrations::migrate(&mut conn).unwrap();
        conn
    }

    const ORG: &str = "INSERT INTO organizations (id, name, sort_key, kind, created_at, updated_at) \
                       VALUES (x'00000000000000000000000000000001', 'Kibera Youth', 'kibera youth', 'local_ngo', 1, 1)";

    #[test]
    fn captures_an_insert_with_its_new_values() {
        let conn = book();
        let session = Session::start(&conn, is_synced).unwrap();
        assert!(session.is_empty());
        conn.execute(ORG, []).unwrap();
        let changes = read_changeset(&session.changeset().unwrap()).unwrap();
        assert_eq!(changes.len(), 1);
        let c = &changes[0];
        assert_eq!((c.table.as_str(), c.op), ("organizations", Op::Insert));
        assert!(c.pk[0]);
        assert_eq!(c.new[1], Some(Value::Text("Kibera Youth".into())));
        assert_eq!(c.new[4], Some(Value::Null), "country is a real NULL");
        assert_eq!(
            c.key(),
            vec![Value::Blob([0u8; 15].into_iter().chain([1]).collect())]
        );
    }

    #[test]
    fn an_update_carries_old_and_new_of_changed_columns_only() {
        let conn = book();
        conn.execute(ORG, []).unwrap();
        let session = Session::start(&conn, is_synced).unwrap();
        conn.execute(
            "UPDATE organizations SET city = 'Nairobi', updated_at = 2",
            [],
        )
        .unwrap();
        let changes = read_changeset(&session.changeset().unwrap()).unwrap();
        assert_eq!(changes.len(), 1);
        let c = &changes[0];
        assert_eq!(c.op, Op::Update);
        assert_eq!(c.old[5], Some(Value::Null));
        assert_eq!(c.new[5], Some(Value::Text("Nairobi".into())));
        assert_eq!(c.new[9], Some(Value::Integer(2)));
        assert_eq!(c.new[1], None, "the name did not change");
        assert!(c.old[0].is_some(), "the key is always there");
    }

    #[test]
    fn captures_a_delete_with_the_old_row() {
        let conn = book();
        conn.execute(ORG, []).unwrap();
        let session = Session::start(&conn, is_synced).unwrap();
        conn.execute("DELETE FROM organizations", []).unwrap();
        let changes = read_changeset(&session.changeset().unwrap()).unwrap();
        assert_eq!(changes[0].op, Op::Delete);
        assert_eq!(changes[0].old[1], Some(Value::Text("Kibera Youth".into())));
    }

    #[test]
    fn search_tables_their_fts5_shadows_and_drafts_are_not_captured() {
        let conn = book();
        let session = Session::start(&conn, is_synced).unwrap();
        conn.execute(ORG, []).unwrap();
        // What a save writes beside the record: its search docs (and so the
        // FTS5 shadow tables) and a draft.
        conn.execute(
            "INSERT INTO search_names (rowid, body) VALUES (1, 'kibera youth')",
            [],
        )
        .unwrap();
        conn.execute("INSERT INTO search_grams (gram, doc) VALUES ('ki', 1)", [])
            .unwrap();
        conn.execute(
            "INSERT INTO drafts (slot, payload, updated_at) VALUES ('new-org', '{}', 1)",
            [],
        )
        .unwrap();
        let tables: Vec<String> = read_changeset(&session.changeset().unwrap())
            .unwrap()
            .into_iter()
            .map(|c| c.table)
            .collect();
        assert_eq!(tables, vec!["organizations"]);
    }

    #[test]
    fn values_can_be_left_unread_by_operation() {
        let conn = book();
        conn.execute(ORG, []).unwrap();
        let session = Session::start(&conn, is_synced).unwrap();
        conn.execute(&ORG.replace("01'", "02'"), []).unwrap();
        conn.execute("UPDATE organizations SET city = 'Nairobi' WHERE name = 'Kibera Youth' AND id = x'00000000000000000000000000000001'", [])
            .unwrap();
        let bytes = session.changeset().unwrap();
        let changes = read_changeset_with(&bytes, |op| op == Op::Update).unwrap();
        let by_op = |op| changes.iter().find(|c| c.op == op).unwrap();
        assert!(by_op(Op::Insert).new.is_empty());
        assert_eq!(
            by_op(Op::Update).new[5],
            Some(Value::Text("Nairobi".into()))
        );
    }

    #[test]
    fn nothing_changed_gives_an_empty_changeset() {
        let conn = book();
        let session = Session::start(&conn, is_synced).unwrap();
        conn.execute(
            "INSERT INTO drafts (slot, payload, updated_at) VALUES ('x', '{}', 1)",
            [],
        )
        .unwrap();
        assert!(session.is_empty());
        assert!(
            read_changeset(&session.changeset().unwrap())
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_damaged_changeset_is_refused_whole() {
        let conn = book();
        let session = Session::start(&conn, is_synced).unwrap();
        conn.execute(ORG, []).unwrap();
        conn.execute(&ORG.replace("01'", "02'"), []).unwrap();
        let bytes = session.changeset().unwrap();
        let cut = &bytes[..bytes.len() - 7];
        assert!(matches!(read_changeset(cut), Err(SessionError::Damaged(_))));
    }
}
