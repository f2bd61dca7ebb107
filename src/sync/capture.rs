//! Capture: while a write transaction runs, a session records what it
//! changes in the synced tables; before the commit its changeset goes into
//! the log with this replica's next sequence number and a clock tick, and
//! each updated field gets its new version: all in the same transaction.

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::session::{Op, Session, SessionError, read_changeset_with};
use super::versions::{self, FieldVersion};
use super::{identity, row_key, tables};
use crate::store::{Result, StoreError};

pub struct Capture<'c> {
    session: Session<'c>,
}

/// A session failure as a store error (SQLite's own code and words).
pub fn store_error(e: SessionError) -> StoreError {
    let code = match e {
        SessionError::Record(c) | SessionError::Damaged(c) => c,
    };
    StoreError::Sqlite(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(code),
        Some(e.to_string()),
    ))
}

impl<'c> Capture<'c> {
    /// Starts recording; call at the start of the transaction.
    pub fn start(conn: &'c Connection) -> Result<Capture<'c>> {
        Ok(Capture {
            session: Session::start(conn, tables::is_captured).map_err(store_error)?,
        })
    }

    /// Logs what the transaction changed (nothing when it changed no synced
    /// table: a draft, a search-index repair).
    pub fn finish(self, conn: &Connection) -> Result<()> {
        if self.session.is_empty() {
            return Ok(());
        }
        let bytes = self.session.changeset().map_err(store_error)?;
        drop(self.session);
        log_local(conn, &bytes)
    }
}

/// The hash that tells two changesets of one (replica, sequence) apart.
pub fn content_hash(changeset: &[u8], bases: &str) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update((changeset.len() as u64).to_be_bytes());
    h.update(changeset);
    h.update(bases.as_bytes());
    h.finalize().to_vec()
}

pub(crate) fn log_local(conn: &Connection, bytes: &[u8]) -> Result<()> {
    let changes = read_changeset_with(bytes, |op| op == Op::Update).map_err(store_error)?;
    if changes.is_empty() {
        return Ok(());
    }
    let (me, clock, seq) = identity::next_for_log(conn)?;
    // For each updated field: the version it changed from travels with the
    // change (a receiver tells a race from a later edit by it).
    let mut bases = Vec::new();
    for (i, change) in changes.iter().enumerate() {
        if change.op != Op::Update {
            continue;
        }
        let key = row_key::encode(&change.key());
        let cols = versions::columns(conn, &change.table)?;
        // What this desk had seen of the record's trash (see `trash_race`).
        bases.extend(super::trash_race::seen_bases(conn, change, i, &key, &cols)?);
        for (c, new) in change.new.iter().enumerate() {
            if new.is_none() || change.pk[c] {
                continue;
            }
            let Some(name) = cols.get(c) else { continue };
            // Merged as the maximum everywhere: no version needed.
            if name == "updated_at" {
                continue;
            }
            let base = versions::current(conn, &change.table, &key, name)?.map(|f| f.version);
            if let Some((bc, br)) = base {
                bases.push(serde_json::json!([i, c, bc, br.simple().to_string()]));
            }
            versions::set(
                conn,
                &change.table,
                &key,
                name,
                FieldVersion {
                    version: (clock, me),
                    base,
                },
            )?;
        }
    }
    super::sets::note_local(conn, &changes, bytes, (clock, me))?;
    let bases = if bases.is_empty() {
        // Inserts (most writes) have none: no JSON to build.
        "[]".to_string()
    } else {
        serde_json::Value::Array(bases).to_string()
    };
    conn.prepare_cached(
        "INSERT INTO sync_log (replica, seq, clock, changeset, bases, hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(rusqlite::params![
        me,
        seq,
        clock,
        bytes,
        bases,
        content_hash(bytes, &bases)
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::domain::{OrgKind, Organization};
    use crate::store::Store;

    fn logged(store: &Store) -> Vec<(i64, i64)> {
        let mut stmt = store
            .sync_conn()
            .prepare("SELECT seq, clock FROM sync_log ORDER BY seq")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }

    #[test]
    fn each_write_is_logged_with_the_next_sequence_and_a_later_clock() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("b.db")).unwrap();
        let mut org = Organization::new("Kibera Youth", OrgKind::Other);
        store.write(|tx| tx.save_organization(&org)).unwrap();
        org.city = Some("Nairobi".into());
        store.write(|tx| tx.save_organization(&org)).unwrap();
        let log = logged(&store);
        assert_eq!(log.iter().map(|l| l.0).collect::<Vec<_>>(), vec![1, 2]);
        assert!(log[1].1 > log[0].1);
        // The edit gave the city a version (updated_at merges as a maximum, the
        // insert as its row was created).
        let versioned: Vec<String> = store
            .sync_conn()
            .prepare("SELECT col FROM field_versions ORDER BY col")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(versioned, vec!["city"]);
    }

    #[test]
    fn drafts_failed_writes_and_bulk_demo_writes_are_not_logged() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("b.db")).unwrap();
        store.write(|tx| tx.save_draft("slot", "{}")).unwrap();
        let org = Organization::new("Kibera Youth", OrgKind::Other);
        let failed: crate::store::Result<()> = store.write(|tx| {
            tx.save_organization(&org)?;
            Err(crate::store::StoreError::NoEncryption)
        });
        assert!(failed.is_err());
        store.write_bulk(|tx| tx.save_organization(&org)).unwrap();
        assert!(logged(&store).is_empty());
    }
}
