//! Redirects: a record merged into another (`fieldbook merge`) stays in the
//! trash pointing at the one kept. What arrives later from a desk that had
//! not seen the merge lands on the kept record, and a book receiving the
//! merge moves onto it what it had that the merging book had not seen, so
//! every book ends the same whatever the order:
//! - an edit of the merged record's fields applies to it and, the same
//!   way (same version), to the kept record (`echo`);
//! - a new row linking to the merged record (a note, a visit's participant)
//!   links to the kept one instead (`redirect`); phones and e-mails stay
//!   with the record they were given to (they are merged by value once);
//! - receiving the merge (`on_merge_received`): the edits of the merged
//!   record the merging book had not seen are applied to the kept one as
//!   they would have been there, and its links are moved.
//!
//! Trashing or restoring the merged record stays its own.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::apply::{self, Bases, Outcome};
use super::session::{Change, Op};
use super::versions::{self, Version};
use crate::domain::Id;
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

/// A received change with its links to merged records pointing at the
/// kept ones (`None`: unchanged).
pub fn redirect(conn: &Connection, change: &Change, cols: &[String]) -> Result<Option<Change>> {
    if change.op == Op::Delete
        || change.table == "redirects"
        || crate::store::merge::is_list(&change.table)
        || !any(conn)?
    {
        return Ok(None);
    }
    let mut out: Option<Change> = None;
    for link in super::tombstones::links(conn)? {
        if link.table != change.table {
            continue;
        }
        let Some(c) = cols.iter().position(|n| *n == link.column) else {
            continue;
        };
        let Some(Some(Value::Blob(id))) = change.new.get(c) else {
            continue;
        };
        if let Some(to) = target(conn, &link.parent, id)? {
            out.get_or_insert_with(|| change.clone()).new[c] = Some(Value::Blob(to));
        }
    }
    Ok(out)
}

/// After an edit of a merged record applied to it: the same edit, with
/// the same version and bases, on the kept record.
#[allow(clippy::too_many_arguments)]
pub fn echo(
    conn: &Connection,
    change: &Change,
    i: usize,
    cols: &[String],
    bases: &Bases,
    version: Version,
    found_at: i64,
    out: &mut Outcome,
) -> Result<()> {
    if change.op != Op::Update || !any(conn)? {
        return Ok(());
    }
    let trash = cols.iter().position(|c| c == "deleted_at");
    if trash.is_some_and(|t| matches!(change.new.get(t), Some(Some(_)))) {
        return Ok(());
    }
    let key = change.key();
    let [Value::Blob(id)] = key.as_slice() else {
        return Ok(());
    };
    let Some(to) = target(conn, &change.table, id)? else {
        return Ok(());
    };
    let mut copy = change.clone();
    if let Some(at) = copy.pk.iter().position(|p| *p) {
        copy.old[at] = Some(Value::Blob(to));
    }
    let bases: Bases = bases
        .iter()
        .filter(|((j, _), _)| *j == i)
        .map(|((_, c), v)| ((0, *c), *v))
        .collect();
    apply::apply_changeset(conn, &[copy], version, &bases, found_at, out)
}

/// After a changeset applied: for each merge it carried (a new redirect),
/// what this book has of the merged record that the merging book had not
/// seen goes to the kept record.
pub fn on_merge_received(
    conn: &Connection,
    changes: &[Change],
    bases: &Bases,
    found_at: i64,
    out: &mut Outcome,
) -> Result<()> {
    for change in changes {
        if change.table != "redirects" || change.op != Op::Insert {
            continue;
        }
        let value = |i: usize| change.new.get(i).cloned().flatten();
        let (Some(Value::Text(table)), Some(Value::Blob(from)), Some(Value::Blob(to))) =
            (value(0), value(1), value(2))
        else {
            continue;
        };
        let (Ok(from_id), Ok(to_id)) = (Uuid::from_slice(&from), Uuid::from_slice(&to)) else {
            continue;
        };
        // What the merging book had seen of the merged record: its trash's
        // field versions (see `trash_race`).
        let seen: Vec<(usize, Version)> = changes
            .iter()
            .position(|c| {
                c.table == table && c.op == Op::Update && c.key() == [Value::Blob(from.clone())]
            })
            .map(|at| {
                bases
                    .iter()
                    .filter(|((j, _), _)| *j == at)
                    .map(|((_, c), v)| (*c, *v))
                    .collect()
            })
            .unwrap_or_default();
        replay_unseen(conn, &table, &from, &to, &seen, found_at, out)?;
        let mut done = crate::store::merge::MergeDone::default();
        let touched =
            crate::store::merge::move_links(conn, &table, to_id, from_id, false, &mut done)?;
        out.touched.extend(touched);
        let kind = super::tombstones::record_kind(&table);
        out.touched.extend(kind.map(|k| (k, Id::from(to_id))));
    }
    Ok(())
}

/// The merged record's field edits the merge had not seen, applied to the
/// kept record with their own versions and bases.
fn replay_unseen(
    conn: &Connection,
    table: &str,
    from: &[u8],
    to: &[u8],
    seen: &[(usize, Version)],
    found_at: i64,
    out: &mut Outcome,
) -> Result<()> {
    let cols = versions::columns(conn, table)?;
    let mut stmt = conn.prepare_cached(
        "SELECT col, clock, replica, base_clock, base_replica FROM field_versions \
         WHERE tbl = ?1 AND row_key = ?2",
    )?;
    let fields = stmt
        .query_map(params![table, from], |r| {
            let base = match (r.get::<_, Option<i64>>(3)?, r.get::<_, Option<Uuid>>(4)?) {
                (Some(c), Some(id)) => Some((c, id)),
                _ => None,
            };
            Ok((
                r.get::<_, String>(0)?,
                (r.get(1)?, r.get::<_, Uuid>(2)?),
                base,
            ))
        })?
        .collect::<rusqlite::Result<Vec<(String, Version, Option<Version>)>>>()?;
    let mut replayed = false;
    for (name, version, base) in fields {
        let Some(c) = cols.iter().position(|n| *n == name) else {
            continue;
        };
        if matches!(name.as_str(), "deleted_at" | "updated_at")
            || super::tables::is_derived(table, &name)
            || seen.iter().any(|(sc, sv)| *sc == c && *sv >= version)
        {
            continue;
        }
        let current: Value = conn.query_row(
            &format!("SELECT \"{name}\" FROM \"{table}\" WHERE id = ?1"),
            [from],
            |r| r.get(0),
        )?;
        let mut new = vec![None; cols.len()];
        new[c] = Some(current);
        let mut old = vec![None; cols.len()];
        old[0] = Some(Value::Blob(to.to_vec()));
        let mut pk = vec![false; cols.len()];
        pk[0] = true;
        let copy = Change {
            table: table.to_string(),
            op: Op::Update,
            pk,
            old,
            new,
        };
        let bases: Bases = base.map(|b| ((0, c), b)).into_iter().collect();
        apply::apply_changeset(conn, &[copy], version, &bases, found_at, out)?;
        replayed = true;
    }
    if replayed {
        // As an echoed edit would: `updated_at` the later of the two.
        conn.execute(
            &format!(
                "UPDATE \"{table}\" SET updated_at = max(updated_at, \
                 (SELECT updated_at FROM \"{table}\" WHERE id = ?2)) WHERE id = ?1"
            ),
            params![to, from],
        )?;
    }
    Ok(())
}
