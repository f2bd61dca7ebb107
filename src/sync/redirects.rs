//! Redirects: a record merged into another (`fieldbook merge`) stays in the
//! trash pointing at the one kept. A change of it that arrives later from
//! a desk that had not seen the merge lands on the kept record: an edit of
//! its fields, or a new row linking to it (a note, a visit, a follow-up).
//! Trashing or restoring it stays its own.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

use super::session::{Change, Op};
use crate::store::Result;

/// Where a record merged away now lives (`None`: it was not merged).
pub fn target(conn: &Connection, table: &str, id: &[u8]) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT to_id FROM redirects WHERE tbl = ?1 AND from_id = ?2")?
        .query_row(params![table, id], |r| r.get(0))
        .optional()?)
}

fn any(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM redirects LIMIT 1")?
        .query_row([], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The change as it must apply here: on the kept record instead of a
/// merged one (`None`: unchanged).
pub fn redirect(conn: &Connection, change: &Change, cols: &[String]) -> Result<Option<Change>> {
    if change.table == "redirects" || !any(conn)? {
        return Ok(None);
    }
    let mut out: Option<Change> = None;
    // An edit of the merged record itself (not its trashing or restoring).
    let trash = cols.iter().position(|c| c == "deleted_at");
    let moves_trash = trash.is_some_and(|t| matches!(change.new.get(t), Some(Some(_))));
    if change.op == Op::Update && !moves_trash {
        if let [Value::Blob(id)] = change.key().as_slice() {
            if let Some(to) = target(conn, &change.table, id)? {
                let c = out.get_or_insert_with(|| change.clone());
                if let Some(at) = c.pk.iter().position(|p| *p) {
                    c.old[at] = Some(Value::Blob(to));
                }
            }
        }
    }
    // A link to a merged record, outside the row's key.
    for link in super::tombstones::links(conn)? {
        if link.table != change.table {
            continue;
        }
        let Some(c) = cols.iter().position(|n| *n == link.column) else {
            continue;
        };
        if change.pk.get(c).copied().unwrap_or(true) {
            continue;
        }
        let Some(Some(Value::Blob(id))) = change.new.get(c) else {
            continue;
        };
        if let Some(to) = target(conn, &link.parent, id)? {
            out.get_or_insert_with(|| change.clone()).new[c] = Some(Value::Blob(to));
        }
    }
    Ok(out)
}
