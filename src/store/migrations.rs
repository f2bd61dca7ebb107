//! Versioned schema migrations, tracked in `PRAGMA user_version`.
//!
//! A small migrator of our own rather than `rusqlite_migration`, which pins an
//! older rusqlite. Each migration runs in one IMMEDIATE transaction together
//! with the version bump, so a crash leaves the database at a whole version.
//!
//! The version is one number in the file's header: a damaged byte there must
//! not make fieldbook run old migrations again on a newer schema. So each
//! migration also says what it leaves in the file (`leaves`), and every open
//! checks the claim (`schema_check`): what the migrations up to the claimed
//! version leave is there, and what the next one leaves is not.
//!
//! Adding a migration:
//! 1. a new `sql/000N_what.sql` (never edit one that has shipped);
//! 2. a `Migration` at the end of `MIGRATIONS`, with `leaves`:
//!    - `Leaves::Objects` when its SQL creates tables, indexes, triggers or
//!      views (their names are read from the SQL; nothing else to write);
//!    - `Leaves::Query` with a query answering 1 once it has run and 0
//!      before, when it changes what the schema does not show (a setting, as
//!      migration 5 does; a drop, a rename);
//!    - `Leaves::Nothing` for a data migration that nothing in the file
//!      tells apart and that is harmless to run twice;
//! 3. `cargo test --lib migrations` checks that after each migration its own
//!    check and all earlier ones pass and the next one fails. If a new
//!    migration drops or changes what an earlier one created, that earlier
//!    one's check fails on new books: give the earlier one a `Query` that
//!    still holds.

use rusqlite::{Connection, TransactionBehavior};

use super::error::Result;

pub struct Migration {
    pub version: i64,
    pub description: &'static str,
    pub sql: &'static str,
    /// Work SQL cannot do (e.g. filling an index with text folded in Rust),
    /// run after `sql` in the same transaction.
    pub after: Option<fn(&Connection) -> Result<()>>,
    /// How to tell from the file that this migration has run.
    pub leaves: Leaves,
}

/// What a migration leaves in the file, checked on every open (keep it
/// cheap: a query on `sqlite_schema` or a small table).
pub enum Leaves {
    /// The tables, indexes, triggers and views its SQL creates.
    Objects,
    /// A query that answers 1 once the migration has run and 0 (or "no such
    /// table") before.
    Query(&'static str),
    /// Nothing in the file tells: the checks around it decide. Only for a
    /// data migration that is harmless to run twice.
    Nothing,
}

/// Append only: never edit a migration that has shipped.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        description: "initial schema",
        sql: include_str!("sql/0001_initial.sql"),
        after: None,
        leaves: Leaves::Objects,
    },
    Migration {
        version: 2,
        description: "indexes for the follow-up lists",
        sql: include_str!("sql/0002_list_indexes.sql"),
        after: None,
        leaves: Leaves::Objects,
    },
    Migration {
        version: 3,
        description: "search index",
        sql: include_str!("sql/0003_search.sql"),
        // The index is filled by migration 9, which rebuilds it whole in
        // its newer form (this one's tables lack what 9 adds).
        after: None,
        leaves: Leaves::Objects,
    },
    Migration {
        version: 4,
        description: "drafts of unsaved editors",
        sql: include_str!("sql/0004_drafts.sql"),
        after: None,
        leaves: Leaves::Objects,
    },
    Migration {
        version: 5,
        description: "bigger in-memory runs for the full-text indexes",
        sql: include_str!("sql/0005_fts_hash_size.sql"),
        after: None,
        // FTS5 keeps the setting in each index's `_config` table.
        leaves: Leaves::Query(
            "SELECT count(*) = 4 FROM (
                SELECT 1 FROM search_notes_config WHERE k = 'hashsize' AND v = 134217728
                UNION ALL SELECT 1 FROM search_fields_config WHERE k = 'hashsize' AND v = 67108864
                UNION ALL SELECT 1 FROM search_text_config WHERE k = 'hashsize' AND v = 67108864
                UNION ALL SELECT 1 FROM search_names_config WHERE k = 'hashsize' AND v = 67108864)",
        ),
    },
    Migration {
        version: 6,
        description: "countries stored as names become ISO codes",
        sql: include_str!("sql/0006_country_codes.sql"),
        after: Some(super::country_codes::migrate),
        // Names become codes; codes stay codes: running it twice is harmless.
        leaves: Leaves::Nothing,
    },
    Migration {
        version: 7,
        description: "contacts keep the vCard UID they were imported with",
        sql: include_str!("sql/0007_contact_uid.sql"),
        after: None,
        // The column comes with its index, which the check finds.
        leaves: Leaves::Objects,
    },
    Migration {
        version: 8,
        description: "contacts keep their nickname",
        sql: include_str!("sql/0008_contact_nickname.sql"),
        after: None,
        // A new column (NULL everywhere): nothing to index yet.
        leaves: Leaves::Query(
            "SELECT count(*) FROM pragma_table_info('contacts') WHERE name = 'nickname'",
        ),
    },
    Migration {
        version: 9,
        description: "what each import wrote, to undo it",
        sql: include_str!("sql/0009_imports.sql"),
        after: None,
        leaves: Leaves::Objects,
    },
    Migration {
        version: 10,
        description: "search index with phone digits, kana, CJK spacing and typos",
        sql: include_str!("sql/0010_search_phones_kana_typos.sql"),
        after: Some(super::search::rebuild_all),
        leaves: Leaves::Objects,
    },
    Migration {
        version: 11,
        description: "consultations, events, deliverables, registrations, attachments",
        sql: include_str!("sql/0011_desk_work.sql"),
        after: None,
        leaves: Leaves::Objects,
    },
    Migration {
        version: 12,
        description: "offline exchange: replica id, clock, change log, field versions, conflicts",
        sql: include_str!("sql/0012_sync.sql"),
        after: Some(crate::sync::identity::first_identity),
        leaves: Leaves::Objects,
    },
    Migration {
        version: 13,
        description: "phones and e-mails keyed by their content; set items' versions",
        sql: include_str!("sql/0013_list_item_ids.sql"),
        after: Some(super::list_item_ids::migrate),
        // Its new tables are renamed in place of the old ones: the check
        // looks for the new key and the bookkeeping tables.
        leaves: Leaves::Query(
            "SELECT (SELECT count(*) FROM pragma_table_info('contact_phones') WHERE name = 'id')
                  + (SELECT count(*) FROM pragma_table_info('contact_emails') WHERE name = 'id')
                  + (SELECT count(*) FROM sqlite_schema WHERE name IN ('sync_items', 'sync_set_written')) = 4",
        ),
    },
    Migration {
        version: 14,
        description: "record lifecycle: tombstones, redirects, contact UID aliases, edit-vs-trash conflicts",
        sql: include_str!("sql/0014_lifecycle.sql"),
        after: None,
        leaves: Leaves::Objects,
    },
    Migration {
        version: 15,
        description: "indexes for a project's consultations and an organization's events",
        sql: include_str!("sql/0015_detail_indexes.sql"),
        after: None,
        leaves: Leaves::Objects,
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
