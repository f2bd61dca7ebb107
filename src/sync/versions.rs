//! Per-field versions: the (clock, replica) of each field's last write and
//! the version that write changed from. A field with no row is as its row
//! was created.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::store::Result;

/// A field's version: (clock, replica). Ordered by clock, then replica.
pub type Version = (i64, Uuid);

/// What is stored for a field: its version and the one it changed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldVersion {
    pub version: Version,
    pub base: Option<Version>,
}

pub fn current(
    conn: &Connection,
    table: &str,
    key: &[u8],
    col: &str,
) -> Result<Option<FieldVersion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT clock, replica, base_clock, base_replica FROM field_versions \
         WHERE tbl = ?1 AND row_key = ?2 AND col = ?3",
    )?;
    Ok(stmt
        .query_row(params![table, key, col], |r| {
            let base = match (r.get::<_, Option<i64>>(2)?, r.get::<_, Option<Uuid>>(3)?) {
                (Some(c), Some(id)) => Some((c, id)),
                _ => None,
            };
            Ok(FieldVersion {
                version: (r.get(0)?, r.get(1)?),
                base,
            })
        })
        .optional()?)
}

pub fn set(
    conn: &Connection,
    table: &str,
    key: &[u8],
    col: &str,
    field: FieldVersion,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR REPLACE INTO field_versions \
         (tbl, row_key, col, clock, replica, base_clock, base_replica) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    stmt.execute(params![
        table,
        key,
        col,
        field.version.0,
        field.version.1,
        field.base.map(|b| b.0),
        field.base.map(|b| b.1),
    ])?;
    Ok(())
}

/// A table's column names, by position (as a changeset numbers them).
/// Cached per thread: every open book is migrated to this build's schema,
/// and the lookup showed in the cost of each write.
pub fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<String, Vec<String>>> =
            Default::default();
    }
    if let Some(found) = CACHE.with(|c| c.borrow().get(table).cloned()) {
        return Ok(found);
    }
    let names = read_columns(conn, table)?;
    if !names.is_empty() {
        CACHE.with(|c| c.borrow_mut().insert(table.to_string(), names.clone()));
    }
    Ok(names)
}

fn read_columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let names = stmt
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}
