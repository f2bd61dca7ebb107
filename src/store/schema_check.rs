//! Does the schema version in the file's header tell the truth? One damaged
//! byte there (offset 60) would make fieldbook run old migrations again on a
//! newer schema: raw SQL errors at best, a changed file at worst. Each
//! migration says what it leaves (`migrations::Leaves`); on every open, what
//! the migrations up to the claimed version leave must be there, and what
//! the next one leaves must not.
//!
//! Cheap enough for every open: one read of `sqlite_schema` and the small
//! queries some migrations declare, all in one read transaction (a
//! consistent picture even while another fieldbook migrates).

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use rusqlite::Connection;

use super::error::{Result, StoreError};
use super::migrations::{Leaves, MIGRATIONS, Migration};

/// Refuses a file whose schema is not the one its version claims.
pub(super) fn verify(conn: &Connection, path: &Path) -> Result<()> {
    let (says, seen) = {
        let snapshot = conn.unchecked_transaction()?;
        let says = super::migrations::user_version(&snapshot)?;
        (says, applied(&snapshot)?)
        // Dropped: rolls back a transaction that only read.
    };
    match mismatch(says, &seen) {
        None => Ok(()),
        Some(has) => Err(StoreError::SchemaMismatch {
            path: path.to_path_buf(),
            says,
            has,
        }),
    }
}

/// For each migration, in order: whether the file shows it has run
/// (`None`: nothing in the file can tell).
fn applied(conn: &Connection) -> Result<Vec<Option<bool>>> {
    let mut names = HashSet::new();
    let mut stmt = conn.prepare("SELECT lower(name) FROM sqlite_schema")?;
    for name in stmt.query_map([], |r| r.get::<_, String>(0))? {
        names.insert(name?);
    }
    // Read from the SQL once per process.
    static CREATED: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    let created = CREATED.get_or_init(|| MIGRATIONS.iter().map(created_objects).collect());
    MIGRATIONS
        .iter()
        .zip(created)
        .map(|(m, created)| match m.leaves {
            Leaves::Objects => Ok(Some(created.iter().all(|n| names.contains(n)))),
            Leaves::Query(sql) => query_says_applied(conn, sql).map(Some),
            Leaves::Nothing => Ok(None),
        })
        .collect()
}

/// The version the schema shows when it is not `says`, `None` when it is.
/// `seen[i]` is what the file shows of migration `i + 1`.
fn mismatch(says: i64, seen: &[Option<bool>]) -> Option<i64> {
    let version = |i: usize| i as i64 + 1;
    let first_missing = seen.iter().position(|s| *s == Some(false));
    let claimed_missing = first_missing.is_some_and(|i| version(i) <= says);
    let next_present = seen
        .iter()
        .enumerate()
        .filter(|(i, _)| version(*i) > says)
        .find_map(|(_, s)| *s)
        == Some(true);
    if says >= 0 && !claimed_missing && !next_present {
        return None;
    }
    Some(lowest_shown(seen))
}

/// The lowest version the schema is consistent with: every migration before
/// the first missing one, less those at the end that nothing shows (running
/// them again is harmless; skipping them is not).
fn lowest_shown(seen: &[Option<bool>]) -> i64 {
    let mut shown = seen
        .iter()
        .position(|s| *s == Some(false))
        .unwrap_or(seen.len());
    while shown > 0 && seen[shown - 1].is_none() {
        shown -= 1;
    }
    shown as i64
}

/// A query of `Leaves::Query`: 1 once the migration ran; 0, or a table it
/// reads that does not exist yet, before.
fn query_says_applied(conn: &Connection, sql: &str) -> Result<bool> {
    match conn.query_row(sql, [], |r| r.get::<_, bool>(0)) {
        Ok(applied) => Ok(applied),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::Unknown) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// The names (lower case) of the tables, indexes, triggers and views a
/// migration's SQL creates. Runs on every open (for all migrations, once per
/// process): words are compared in place, only the names are copied.
pub(super) fn created_objects(m: &Migration) -> Vec<String> {
    let words = m
        .sql
        .lines()
        .map(|line| line.split("--").next().unwrap_or_default())
        .flat_map(|code| code.split(|c: char| c.is_whitespace() || c == '(' || c == ';'))
        .filter(|w| !w.is_empty());
    let mut names = Vec::new();
    let mut words = words.peekable();
    while let Some(word) = words.next() {
        if !word.eq_ignore_ascii_case("create") {
            continue;
        }
        let is = |w: &&str, any: &[&str]| any.iter().any(|a| w.eq_ignore_ascii_case(a));
        while words
            .peek()
            .is_some_and(|w| is(w, &["unique", "virtual", "temp", "temporary"]))
        {
            words.next();
        }
        if !words
            .peek()
            .is_some_and(|w| is(w, &["table", "index", "trigger", "view"]))
        {
            continue;
        }
        words.next();
        if words.peek().is_some_and(|w| w.eq_ignore_ascii_case("if")) {
            let rest: Vec<&str> = words.clone().skip(1).take(2).collect();
            if rest.len() == 2 && is(&rest[0], &["not"]) && is(&rest[1], &["exists"]) {
                words.nth(2);
            }
        }
        if let Some(name) = words.next() {
            names.push(name.trim_matches(|c| c == '"' || c == '`').to_lowercase());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrations::{latest_version, migrate_to};

    #[test]
    fn each_schema_migration_names_what_it_creates() {
        for m in MIGRATIONS {
            if matches!(m.leaves, Leaves::Objects) {
                assert!(!created_objects(m).is_empty(), "{}", m.description);
            }
        }
        assert!(created_objects(&MIGRATIONS[0]).contains(&"status_history_no_update".into()));
        assert!(created_objects(&MIGRATIONS[2]).contains(&"search_notes".into()));
    }

    /// After each migration, its check and all earlier ones pass, and the
    /// next one fails: the schema shows exactly that version (give or take
    /// neighbours that nothing shows, `Leaves::Nothing`).
    #[test]
    fn every_version_is_recognised_by_its_schema() {
        let invisible = |v: i64| matches!(MIGRATIONS[v as usize - 1].leaves, Leaves::Nothing);
        for target in 0..=latest_version() {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate_to(&mut conn, target).unwrap();
            let seen = applied(&conn).unwrap();
            let mut low = target;
            while low > 0 && invisible(low) {
                low -= 1;
            }
            let mut high = target;
            while high < latest_version() && invisible(high + 1) {
                high += 1;
            }
            for says in 0..=latest_version() {
                let expected = (!(low..=high).contains(&says)).then_some(low);
                assert_eq!(
                    mismatch(says, &seen),
                    expected,
                    "version {target} claiming {says}"
                );
            }
        }
    }

    #[test]
    fn a_migration_nothing_shows_is_decided_by_its_neighbours() {
        let seen = [Some(true), None, Some(false)];
        assert_eq!(mismatch(1, &seen), None);
        assert_eq!(mismatch(2, &seen), None);
        assert_eq!(mismatch(3, &seen), Some(1));
        assert_eq!(mismatch(0, &seen), Some(1));
        assert_eq!(mismatch(-1, &seen), Some(1));
        // The last one invisible: a book at 1 or 2 claiming 0.
        let seen = [Some(true), None];
        assert_eq!(mismatch(2, &seen), None);
        assert_eq!(mismatch(0, &seen), Some(1));
    }
}
