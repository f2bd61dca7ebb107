//! The hooks `apply` calls for a record's life across books: erased rows
//! (`tombstones`), merged records (`redirects`) and edits racing a trash
//! (`trash_race`). Kept here so `apply` stays about field merging.

use std::borrow::Cow;

use rusqlite::Connection;

use super::apply::{Bases, Outcome};
use super::session::{Change, Op};
use super::tombstones::{self, Screen};
use super::versions::Version;
use super::{redirects, trash_race};
use crate::store::Result;

/// A received change as it must apply here (`None`: dropped).
pub fn screen<'c>(
    conn: &Connection,
    change: &'c Change,
    cols: &[String],
) -> Result<Option<Cow<'c, Change>>> {
    let change = match tombstones::screen(conn, change, cols)? {
        Screen::Drop => return Ok(None),
        Screen::Keep => Cow::Borrowed(change),
        Screen::Replace(c) => Cow::Owned(c),
    };
    Ok(Some(match redirects::redirect(conn, &change, cols)? {
        Some(c) => Cow::Owned(c),
        None => change,
    }))
}

/// After a received change applied: a tombstone erases its row here; an
/// update is checked for a race with a trash.
#[allow(clippy::too_many_arguments)]
pub fn after(
    conn: &Connection,
    change: &Change,
    i: usize,
    cols: &[String],
    bases: &Bases,
    version: Version,
    found_at: i64,
    out: &mut Outcome,
) -> Result<()> {
    if change.table == "tombstones" && change.op == Op::Insert {
        let erased = tombstones::carry_out(conn, change)?;
        out.touched.extend(erased.relinked);
        return Ok(());
    }
    if trash_race::check(conn, change, i, cols, bases, version, found_at)? {
        out.conflicts += 1;
    }
    redirects::echo(conn, change, i, cols, bases, version, found_at, out)
}

/// After a whole received changeset applied: the merges it carried.
pub fn after_changeset(
    conn: &Connection,
    changes: &[Change],
    bases: &Bases,
    found_at: i64,
    out: &mut Outcome,
) -> Result<()> {
    if changes
        .iter()
        .any(|c| c.table == "tombstones" && c.op == Op::Insert)
    {
        tombstones::finish(conn)?;
    }
    redirects::on_merge_received(conn, changes, bases, found_at, out)
}
