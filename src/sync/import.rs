//! `sync import`: checks every bundle first (damage, schema, sender, clocks,
//! forks) and refuses with nothing applied; then applies each bundle in one
//! transaction: its file contents first, then its changesets in clock
//! order, each replica's in sequence, holding those whose predecessors (or
//! whose attached files' contents) have not arrived.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::apply::{self, Bases, Outcome};
use super::bundle::{Bundle, Entry, EntryMeta};
use super::capture::{content_hash, store_error};
use super::session::read_changeset;
use super::{blobs, identity, tables, versions};
use crate::store::migrations::latest_version;
use crate::store::{Result, Store};

/// Why a bundle is refused, worded for the person importing it.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error(
        "comes from a newer fieldbook (schema {0}); upgrade this fieldbook to one with schema {0} to read it. Nothing was applied"
    )]
    NewerSchema(i64),
    #[error("was written by this same book; import it into another book. Nothing was applied")]
    SameReplica,
    #[error(
        "has clocks more than 24 h ahead of this machine (desk {0}); fix the date on that machine or this one. Nothing was applied"
    )]
    ClockAhead(String),
    #[error(
        "comes from a forked book: {0}, give one of the copies a new identity with `fieldbook sync reset-id`. Nothing was applied"
    )]
    Forked(String),
    #[error("is damaged ({0}); ask for it again. Nothing was applied")]
    Damaged(String),
}

/// What one bundle's import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Changesets applied (some may have been held from earlier bundles).
    pub applied: usize,
    pub changes: usize,
    /// Changesets this book already had.
    pub skipped: usize,
    /// Changesets waiting for an earlier one of their replica.
    pub held: usize,
    pub conflicts: usize,
    pub missing_rows: usize,
}

/// Checks a bundle without changing anything.
pub fn check(conn: &Connection, bundle: &Bundle) -> std::result::Result<(), Refusal> {
    let h = &bundle.header;
    if h.schema > latest_version() {
        return Err(Refusal::NewerSchema(h.schema));
    }
    let me = identity::replica(conn).map_err(|e| Refusal::Damaged(e.to_string()))?;
    if h.sender == me {
        return Err(Refusal::SameReplica);
    }
    let desk = || format!("{} ({})", h.desk, short(h.sender));
    for entry in &bundle.entries {
        let m = &entry.meta;
        if identity::too_far_ahead(m.clock) {
            return Err(Refusal::ClockAhead(desk()));
        }
        let changes =
            read_changeset(&entry.changeset).map_err(|e| Refusal::Damaged(e.to_string()))?;
        for change in &changes {
            if !tables::is_synced(&change.table) {
                return Err(Refusal::Damaged(format!(
                    "a change of table {}",
                    change.table
                )));
            }
            let cols = versions::columns(conn, &change.table)
                .map_err(|e| Refusal::Damaged(e.to_string()))?;
            if change.new.len() > cols.len() || change.pk.len() > cols.len() {
                return Err(Refusal::NewerSchema(h.schema.max(latest_version() + 1)));
            }
        }
        if apply::parse_bases(&m.bases).is_none() {
            return Err(Refusal::Damaged("unreadable field versions".into()));
        }
        if forked(conn, me, entry, bundle).map_err(|e| Refusal::Damaged(e.to_string()))? {
            return Err(Refusal::Forked(desk()));
        }
    }
    Ok(())
}

/// Whether this (replica, sequence) is known here with other content, or
/// claims a sequence of this book's own replica that it never made.
fn forked(conn: &Connection, me: Uuid, entry: &Entry, bundle: &Bundle) -> Result<bool> {
    let m = &entry.meta;
    let known: Option<(Vec<u8>, Vec<u8>, String)> = conn
        .query_row(
            "SELECT hash, changeset, bases FROM sync_log WHERE replica = ?1 AND seq = ?2",
            params![m.replica, m.seq],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(match known {
        Some((hash, _, _)) if hash == content_hash(&entry.changeset, &m.bases) => false,
        // One side may have erased rows the other has not yet (see `scrub`).
        Some((_, ours, bases)) => {
            let all: Vec<&[u8]> = bundle
                .entries
                .iter()
                .map(|e| e.changeset.as_slice())
                .collect();
            let extra = super::scrub::tombstones_in(&all);
            !super::scrub::same_once_scrubbed(
                conn,
                &extra,
                (&ours, &bases),
                (&entry.changeset, &m.bases),
            )?
        }
        None => m.replica == me,
    })
}

pub fn short(id: Uuid) -> String {
    id.simple().to_string()[..8].to_string()
}

/// Applies a checked bundle in one transaction.
pub fn apply_bundle(store: &mut Store, bundle: &Bundle) -> Result<Report> {
    let found_at = chrono::Utc::now().timestamp_millis();
    store.write_uncaptured(|tx| {
        let conn = tx.sync_conn();
        // Within a bundle a link may arrive before what it points at.
        conn.pragma_update(None, "defer_foreign_keys", true)?;
        let mut report = Report::default();
        let mut outcome = Outcome::default();
        // File contents first: the changesets that attach them may follow.
        blobs::store(conn, &bundle.blobs)?;
        let mut pending: Vec<Entry> = held(conn)?;
        for entry in &bundle.entries {
            if last_seq(conn, entry.meta.replica)? >= entry.meta.seq {
                report.skipped += 1;
            } else {
                pending.push(entry.clone());
            }
        }
        pending.sort_by_key(|e| (e.meta.clock, e.meta.replica, e.meta.seq));
        pending.dedup_by_key(|e| (e.meta.replica, e.meta.seq));
        // Apply in clock order what follows its predecessor; repeat while
        // that lets more follow.
        loop {
            let mut progressed = false;
            let mut waiting = Vec::new();
            for entry in pending {
                let next = last_seq(conn, entry.meta.replica)? + 1;
                if entry.meta.seq < next {
                    continue;
                }
                if entry.meta.seq > next || blobs::missing(conn, &entry)? {
                    waiting.push(entry);
                    continue;
                }
                apply_entry(conn, &entry, found_at, &mut outcome)?;
                report.applied += 1;
                progressed = true;
            }
            pending = waiting;
            if !progressed || pending.is_empty() {
                break;
            }
        }
        conn.execute("DELETE FROM sync_held", [])?;
        for entry in &pending {
            hold(conn, entry)?;
        }
        report.held = pending.len();
        remember_peer(conn, bundle)?;
        let mut seen = std::collections::HashSet::new();
        outcome.touched.retain(|t| seen.insert(*t));
        for (kind, id) in &outcome.touched {
            if tx.reader().exists(*kind, *id)? {
                tx.reindex_synced(*kind, *id);
            }
        }
        report.changes = outcome.changes;
        report.conflicts = outcome.conflicts;
        report.missing_rows = outcome.missing_rows;
        Ok(report)
    })
}

fn apply_entry(conn: &Connection, entry: &Entry, found_at: i64, out: &mut Outcome) -> Result<()> {
    let m = &entry.meta;
    let changes = read_changeset(&entry.changeset).map_err(store_error)?;
    let bases: Bases = apply::parse_bases(&m.bases).unwrap_or_default();
    apply::apply_changeset(conn, &changes, (m.clock, m.replica), &bases, found_at, out)?;
    // Erased rows' values are not kept, even as received (see `scrub`).
    let (changeset, bases) = super::scrub::as_kept(conn, &entry.changeset, &m.bases)?;
    conn.execute(
        "INSERT INTO sync_log (replica, seq, clock, changeset, bases, hash, received_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            m.replica,
            m.seq,
            m.clock,
            changeset,
            bases,
            content_hash(&changeset, &bases),
            found_at
        ],
    )?;
    identity::observe(conn, m.clock)?;
    Ok(())
}

/// The highest sequence of a replica applied here (0: none).
fn last_seq(conn: &Connection, replica: Uuid) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(seq), 0) FROM sync_log WHERE replica = ?1")?
        .query_row([replica], |r| r.get(0))?)
}

fn held(conn: &Connection) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare("SELECT replica, seq, clock, bases, changeset FROM sync_held")?;
    let rows = stmt.query_map([], |r| {
        Ok(Entry {
            meta: EntryMeta {
                replica: r.get(0)?,
                seq: r.get(1)?,
                clock: r.get(2)?,
                bases: r.get(3)?,
            },
            changeset: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn hold(conn: &Connection, entry: &Entry) -> Result<()> {
    let m = &entry.meta;
    let (changeset, bases) = super::scrub::as_kept(conn, &entry.changeset, &m.bases)?;
    conn.execute(
        "INSERT OR REPLACE INTO sync_held (replica, seq, clock, changeset, bases, hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            m.replica,
            m.seq,
            m.clock,
            changeset,
            bases,
            content_hash(&changeset, &bases)
        ],
    )?;
    Ok(())
}

/// Keeps what the sender said it has, for `export --for` and `status`.
fn remember_peer(conn: &Connection, bundle: &Bundle) -> Result<()> {
    let h = &bundle.header;
    let mut has: HashMap<Uuid, i64> = h.has.iter().map(|(r, s)| (*r, *s)).collect();
    // It has what it sent, at least.
    for e in &bundle.entries {
        let s = has.entry(e.meta.replica).or_default();
        *s = (*s).max(e.meta.seq);
    }
    for (replica, seq) in has {
        conn.execute(
            "INSERT INTO sync_peers (peer, replica, seq, desk, schema) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (peer, replica) DO UPDATE SET seq = max(seq, excluded.seq), \
             desk = excluded.desk, schema = excluded.schema",
            params![h.sender, replica, seq, h.desk, h.schema],
        )?;
    }
    Ok(())
}
