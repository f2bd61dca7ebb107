//! Versioned schema migrations, tracked in `PRAGMA user_version`.
//!
//! A small migrator of our own rather than `rusqlite_migration`, which pins an
//! older rusqlite. Each migration runs in one IMMEDIATE transaction together
//! with the version bump, so a crash leaves the database at a whole version.

use rusqlite::{Connection, TransactionBehavior};

use super::error::Result;

pub struct Migration {
    pub version: i64,
    pub description: &'static str,
    pub sql: &'static str,
    /// Work SQL cannot do (e.g. filling an index with text folded in Rust),
    /// run after `sql` in the same transaction.
    pub after: Option<fn(&Connection) -> Result<()>>,
}

/// Append only: never edit a migration that has shipped.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        description: "initial schema",
        sql: include_str!("sql/0001_initial.sql"),
        after: None,
    },
    Migration {
        version: 2,
        description: "indexes for the follow-up lists",
        sql: include_str!("sql/0002_list_indexes.sql"),
        after: None,
    },
    Migration {
        version: 3,
        description: "search index",
        sql: include_str!("sql/0003_search.sql"),
        after: Some(super::search::rebuild),
    },
    Migration {
        version: 4,
        description: "drafts of unsaved editors",
        sql: include_str!("sql/0004_drafts.sql"),
        after: None,
    },
    Migration {
        version: 5,
        description: "bigger in-memory runs for the full-text indexes",
        sql: include_str!("sql/0005_fts_hash_size.sql"),
        after: None,
    },
    Migration {
        version: 6,
        description: "countries stored as names become ISO codes",
        sql: include_str!("sql/0006_country_codes.sql"),
        after: Some(super::country_codes::migrate),
    },
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Brings the database up to the latest version; a no-op when it is there.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, latest_version())
}

/// Applies the migrations up to `target` (used by tests to build old versions).
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    // Up to date: no write lock at all (another fieldbook may be busy writing).
    if user_version(conn)? >= target {
        return Ok(());
    }
    for m in MIGRATIONS.iter().filter(|m| m.version <= target) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Re-read inside the write lock: another process may have migrated.
        if user_version(&tx)? >= m.version {
            continue;
        }
        tx.execute_batch(m.sql)?;
        if let Some(after) = m.after {
            after(&tx)?;
        }
        tx.pragma_update(None, "user_version", m.version)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "migration '{}'", m.description);
        }
    }

    #[test]
    fn migrations_apply_cleanly_and_leave_consistent_schema() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn).unwrap(), latest_version());
        let fk_problems: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk_problems, 0);
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        // Applying again changes nothing.
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn).unwrap(), latest_version());
    }
}
