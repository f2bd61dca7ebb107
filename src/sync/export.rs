//! `sync export`: a bundle of this book's log (its own changes and those
//! it received, forwarded), for one other book or for all.

use std::collections::BTreeMap;

use rusqlite::Connection;
use uuid::Uuid;

use super::bundle::{Bundle, Entry, EntryMeta, FORMAT, Header, Range};
use super::{blobs, identity};
use crate::store::Result;
use crate::store::migrations::latest_version;

/// The bundle for `peer` (only what it has not said it has; never its own
/// changes), or for everyone (`None`: the whole log).
pub fn build(conn: &Connection, desk: &str, peer: Option<Uuid>) -> Result<Bundle> {
    let me = identity::replica(conn)?;
    let mut stmt = conn.prepare(
        "SELECT l.replica, l.seq, l.clock, l.bases, l.changeset FROM sync_log l \
         WHERE ?1 IS NULL OR (l.replica IS NOT ?1 AND l.seq > coalesce( \
             (SELECT p.seq FROM sync_peers p WHERE p.peer = ?1 AND p.replica = l.replica), 0)) \
         ORDER BY l.clock, l.replica, l.seq",
    )?;
    let entries = stmt
        .query_map([peer], |r| {
            Ok(Entry {
                meta: EntryMeta {
                    replica: r.get(0)?,
                    seq: r.get(1)?,
                    clock: r.get(2)?,
                    bases: r.get(3)?,
                },
                changeset: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Bundle {
        header: Header {
            format: FORMAT,
            schema: latest_version(),
            sender: me,
            desk: desk.to_string(),
            ranges: Range::of(&entries),
            has: holdings(conn)?,
        },
        blobs: blobs::needed(conn, &entries)?,
        entries,
    })
}

/// The highest sequence of each replica this book has applied.
pub fn holdings(conn: &Connection) -> Result<BTreeMap<Uuid, i64>> {
    let mut stmt = conn.prepare("SELECT replica, max(seq) FROM sync_log GROUP BY replica")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
