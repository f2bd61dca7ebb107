//! Sets and lists merged item by item (issue 17).
//!
//! A contact's phones and e-mails (keyed by their content, migration 13),
//! a project's partners, a visit's participants, an event's invitees and a
//! consultation's people are rows of list and link tables: each row is an
//! item. Tags and languages are JSON arrays in one column: each element is
//! an item. Two desks adding different items both keep them; a removal of
//! one item and an add of another both happen.
//!
//! A removal and an add of the same item made apart (a desk removes a
//! phone while another removes it and adds it back) end with **the later
//! of the two by (clock, replica)**, the same rule as for a field: each
//! item's last add or removal is kept in `sync_items`, removals as
//! tombstones, and a received add or removal older than what is kept is
//! dropped. So every order of arrival ends the same, with no version
//! vectors in the log. Add-wins (an observed-remove set) was the other
//! choice; it needs each removal to carry the adds it saw, which the
//! changesets do not hold (a delete has no base), and a desk that removes
//! a phone after the other re-added it means to remove it. Neither is a
//! conflict to review: the items are independent, nothing typed is lost
//! but what someone removed.
//!
//! A JSON array column's merged value: the elements present (by their
//! items) in the order of the winning write (the field's highest version,
//! kept in `sync_set_written` when the merged value is not that write),
//! then the others sorted: a function of what all books end up with.

use std::collections::{BTreeSet, HashSet};

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::row_key;
use super::session::{Change, Op, read_changeset_with};
use super::versions::{self, FieldVersion, Version};
use crate::store::Result;

/// Tables whose rows are items of a set or list, added and removed whole.
/// The status history's rows are never removed: their version is kept to
/// order two changes made in one millisecond (`status_merge`).
const ITEM_TABLES: &[&str] = &[
    "contact_phones",
    "contact_emails",
    "project_partners",
    "visit_participants",
    "event_invitees",
    "consultation_people",
    "project_status_history",
];

/// JSON array columns merged element by element.
const SET_COLUMNS: &[(&str, &str)] = &[
    ("organizations", "tags"),
    ("contacts", "tags"),
    ("contacts", "languages"),
];

pub fn is_item_table(table: &str) -> bool {
    ITEM_TABLES.contains(&table)
}

pub fn is_set_column(table: &str, col: &str) -> bool {
    SET_COLUMNS.contains(&(table, col))
}

/// The item of one element of a JSON array column.
fn element_item(col: &str, element: &str) -> String {
    format!("{col}\u{1f}{element}")
}

/// An item's last add or removal: its version and whether it is present.
fn item_state(
    conn: &Connection,
    table: &str,
    key: &[u8],
    item: &str,
) -> Result<Option<(Version, bool)>> {
    Ok(conn
        .prepare_cached(
            "SELECT clock, replica, present FROM sync_items WHERE tbl = ?1 AND row_key = ?2 AND item = ?3",
        )?
        .query_row(params![table, key, item], |r| {
            Ok(((r.get(0)?, r.get(1)?), r.get(2)?))
        })
        .optional()?)
}

/// Records an add or removal at `version` unless a later one is known;
/// whether it was the latest.
fn record(
    conn: &Connection,
    table: &str,
    key: &[u8],
    item: &str,
    version: Version,
    present: bool,
) -> Result<bool> {
    if item_state(conn, table, key, item)?.is_some_and(|(known, _)| known >= version) {
        return Ok(false);
    }
    conn.prepare_cached(
        "INSERT OR REPLACE INTO sync_items (tbl, row_key, item, clock, replica, present) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![table, key, item, version.0, version.1, present])?;
    Ok(true)
}

fn elements(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Text(t)) => serde_json::from_str(t).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Records the elements a write added to and removed from a JSON array.
fn record_elements(
    conn: &Connection,
    table: &str,
    key: &[u8],
    col: &str,
    old: &[String],
    new: &[String],
    version: Version,
) -> Result<()> {
    for e in new.iter().filter(|e| !old.contains(e)) {
        record(conn, table, key, &element_item(col, e), version, true)?;
    }
    for e in old.iter().filter(|e| !new.contains(e)) {
        record(conn, table, key, &element_item(col, e), version, false)?;
    }
    Ok(())
}

/// Capture's hook: the items this book's own write added or removed, at
/// the write's version (a received removal is weighed against them).
pub fn note_local(
    conn: &Connection,
    changes: &[Change],
    changeset: &[u8],
    version: Version,
) -> Result<()> {
    let has_set_columns = |t: &str| SET_COLUMNS.iter().any(|(table, _)| *table == t);
    for change in changes
        .iter()
        .filter(|c| c.op == Op::Update && has_set_columns(&c.table))
    {
        let cols = versions::columns(conn, &change.table)?;
        for (c, new) in change.new.iter().enumerate() {
            let Some(name) = cols.get(c) else { continue };
            if new.is_none() || !is_set_column(&change.table, name) {
                continue;
            }
            let key = row_key::encode(&change.key());
            let (old, new) = (elements(change.old[c].as_ref()), elements(new.as_ref()));
            record_elements(conn, &change.table, &key, name, &old, &new, version)?;
        }
    }
    // Capture reads only updates' values; read the keys of added and
    // removed items when there are some.
    if !changes
        .iter()
        .any(|c| c.op != Op::Update && is_item_table(&c.table))
    {
        return Ok(());
    }
    let full = read_changeset_with(changeset, |op| op != Op::Update)
        .map_err(super::capture::store_error)?;
    for change in full
        .iter()
        .filter(|c| c.op != Op::Update && is_item_table(&c.table))
    {
        let key = row_key::encode(&change.key());
        record(
            conn,
            &change.table,
            &key,
            "",
            version,
            change.op == Op::Insert,
        )?;
    }
    Ok(())
}

/// What the merge of one received change decided.
#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    /// Apply it as any other change.
    Apply,
    /// Drop it: a later add or removal of the item is known.
    Skip,
}

/// Per-changeset state of the set and status merges (apply's hooks).
#[derive(Default)]
pub struct Merges {
    status: super::status_merge::Pending,
}

impl Merges {
    /// Before a change is applied: an add or removal of an item applies
    /// only when it is later than the one known.
    pub fn before_change(
        &mut self,
        conn: &Connection,
        change: &Change,
        cols: &[String],
        version: Version,
    ) -> Result<Decision> {
        if change.op == Op::Update || !is_item_table(&change.table) {
            return Ok(Decision::Apply);
        }
        self.status.note_history(change, cols);
        let key = row_key::encode(&change.key());
        let latest = record(
            conn,
            &change.table,
            &key,
            "",
            version,
            change.op == Op::Insert,
        )?;
        if change.op == Op::Insert && row_exists(conn, change, cols)? {
            // Both desks added the same item (the same number): one item,
            // its fields as the later add wrote them, no conflict.
            if latest {
                adopt_insert(conn, change, cols, &key, version)?;
            }
            return Ok(Decision::Skip);
        }
        if !latest {
            return Ok(Decision::Skip);
        }
        if change.op == Op::Delete {
            // A later add starts the item afresh.
            conn.prepare_cached("DELETE FROM field_versions WHERE tbl = ?1 AND row_key = ?2")?
                .execute(params![change.table, key])?;
        }
        Ok(Decision::Apply)
    }

    /// A received field this module merges (a JSON array column, a
    /// project's status); false: the field merges as any other.
    #[allow(clippy::too_many_arguments)]
    pub fn merges_field(
        &mut self,
        conn: &Connection,
        change: &Change,
        cols: &[String],
        col: usize,
        version: Version,
        base: Option<Version>,
    ) -> Result<bool> {
        let (table, name) = (change.table.as_str(), cols[col].as_str());
        let Some(new) = change.new[col].as_ref() else {
            return Ok(false);
        };
        if super::status_merge::is_status(table, name) {
            self.status
                .merge_field(conn, change, name, new, version, base)?;
            return Ok(true);
        }
        if !is_set_column(table, name) {
            return Ok(false);
        }
        let key = row_key::encode(&change.key());
        let set = SetColumn {
            conn,
            table,
            key: &key,
            col: name,
        };
        let old = elements(change.old[col].as_ref());
        set.merge(&old, &elements(Some(new)), version, base)?;
        Ok(true)
    }

    /// After the changeset: projects' statuses derived from their merged
    /// histories; how many status races were recorded.
    pub fn finish(self, conn: &Connection, found_at: i64) -> Result<usize> {
        self.status.settle(conn, found_at)
    }
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `"a" = ?1 AND "b" = ?2` over a change's key columns, and their values.
fn key_match(change: &Change, cols: &[String], first: usize) -> (String, Vec<Value>) {
    let pk: Vec<usize> = (0..change.pk.len()).filter(|c| change.pk[*c]).collect();
    let sql = pk
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{} = ?{}", quoted(&cols[*c]), first + i))
        .collect::<Vec<_>>()
        .join(" AND ");
    (sql, change.key())
}

fn row_exists(conn: &Connection, change: &Change, cols: &[String]) -> Result<bool> {
    let (matches, key) = key_match(change, cols, 1);
    let sql = format!("SELECT 1 FROM {} WHERE {matches}", quoted(&change.table));
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(key), |_| Ok(()))
        .optional()?
        .is_some())
}

/// A later add of an item we have: its fields, except those edited here
/// since by a later write.
fn adopt_insert(
    conn: &Connection,
    change: &Change,
    cols: &[String],
    key: &[u8],
    version: Version,
) -> Result<()> {
    for (c, new) in change.new.iter().enumerate() {
        let Some(new) = new else { continue };
        if change.pk[c] {
            continue;
        }
        let edited = versions::current(conn, &change.table, key, &cols[c])?;
        if edited.is_some_and(|f| f.version > version) {
            continue;
        }
        let (matches, mut params) = key_match(change, cols, 2);
        let sql = format!(
            "UPDATE {} SET {} = ?1 WHERE {matches}",
            quoted(&change.table),
            quoted(&cols[c])
        );
        params.insert(0, new.clone());
        conn.prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(params))?;
    }
    Ok(())
}

/// A JSON array column of one row (keyed by its id).
struct SetColumn<'a> {
    conn: &'a Connection,
    table: &'a str,
    key: &'a [u8],
    col: &'a str,
}

impl SetColumn<'_> {
    fn stored(&self) -> Result<Vec<String>> {
        let sql = format!(
            "SELECT \"{}\" FROM \"{}\" WHERE id = ?1",
            self.col, self.table
        );
        let value: Option<String> = self
            .conn
            .prepare_cached(&sql)?
            .query_row([self.key], |r| r.get(0))
            .optional()?;
        Ok(value
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default())
    }

    fn store(&self, value: &[String]) -> Result<()> {
        let sql = format!(
            "UPDATE \"{}\" SET \"{}\" = ?1 WHERE id = ?2",
            self.table, self.col
        );
        let json = serde_json::to_string(value).unwrap_or_else(|_| "[]".into());
        self.conn
            .prepare_cached(&sql)?
            .execute(params![json, self.key])?;
        Ok(())
    }

    /// The winning write as written, when the stored value is a merge of it.
    fn written(&self, winner: Version) -> Result<Option<Vec<String>>> {
        let found: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT written FROM sync_set_written WHERE tbl = ?1 AND row_key = ?2 AND col = ?3 \
                 AND clock = ?4 AND replica = ?5",
            )?
            .query_row(
                params![self.table, self.key, self.col, winner.0, winner.1],
                |r| r.get(0),
            )
            .optional()?;
        Ok(found.and_then(|w| serde_json::from_str(&w).ok()))
    }

    fn remember_written(&self, winner: Version, written: Option<&[String]>) -> Result<()> {
        self.conn
            .prepare_cached(
                "DELETE FROM sync_set_written WHERE tbl = ?1 AND row_key = ?2 AND col = ?3",
            )?
            .execute(params![self.table, self.key, self.col])?;
        if let Some(written) = written {
            self.conn
                .prepare_cached(
                    "INSERT INTO sync_set_written (tbl, row_key, col, clock, replica, written) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    self.table,
                    self.key,
                    self.col,
                    winner.0,
                    winner.1,
                    serde_json::to_string(written).unwrap_or_default()
                ])?;
        }
        Ok(())
    }

    fn present(&self, element: &str, stored: &[String], theirs: &[String]) -> Result<bool> {
        let item = element_item(self.col, element);
        Ok(match item_state(self.conn, self.table, self.key, &item)? {
            Some((_, present)) => present,
            // Never added or removed since the row was made (or added by a
            // write that has not arrived yet, seen in a later one's base).
            None => stored.iter().chain(theirs).any(|e| e == element),
        })
    }

    /// Merges a received write (`old` → `new`, at `version` from `base`).
    fn merge(
        &self,
        old: &[String],
        new: &[String],
        version: Version,
        base: Option<Version>,
    ) -> Result<()> {
        record_elements(self.conn, self.table, self.key, self.col, old, new, version)?;
        let current = versions::current(self.conn, self.table, self.key, self.col)?;
        let current_version = current.map(|f| f.version);
        if current_version == Some(version) {
            return Ok(());
        }
        let superseded = current.and_then(|f| f.base) == Some(version);
        let theirs_wins = !superseded
            && (current_version == base || current_version.is_none_or(|cur| version > cur));
        let stored = self.stored()?;
        let winner = if theirs_wins {
            versions::set(
                self.conn,
                self.table,
                self.key,
                self.col,
                FieldVersion { version, base },
            )?;
            version
        } else {
            current_version.unwrap_or((0, Uuid::nil()))
        };
        let written = match theirs_wins {
            true => new.to_vec(),
            false => self.written(winner)?.unwrap_or_else(|| stored.clone()),
        };
        let mut merged = Vec::new();
        let mut seen = HashSet::new();
        for e in &written {
            if seen.insert(e.clone()) && self.present(e, &stored, new)? {
                merged.push(e.clone());
            }
        }
        let mut rest = BTreeSet::new();
        for e in stored.iter().chain(new).chain(&self.added_elements()?) {
            if !seen.contains(e) && self.present(e, &stored, new)? {
                rest.insert(e.clone());
            }
        }
        merged.extend(rest);
        if merged != stored {
            self.store(&merged)?;
        }
        self.remember_written(winner, (merged != written).then_some(&written[..]))
    }

    /// Elements whose last op is an add (one that may not be in either value).
    fn added_elements(&self) -> Result<Vec<String>> {
        let prefix = element_item(self.col, "");
        let mut stmt = self.conn.prepare_cached(
            "SELECT item FROM sync_items WHERE tbl = ?1 AND row_key = ?2 AND present = 1 \
             AND substr(item, 1, length(?3)) = ?3",
        )?;
        let items = stmt
            .query_map(params![self.table, self.key, prefix], |r| {
                r.get::<_, String>(0)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(items
            .into_iter()
            .map(|i| i[prefix.len()..].to_string())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_synced_tables() {
        for t in ITEM_TABLES {
            assert!(super::super::tables::is_synced(t), "{t}");
        }
    }

    /// Three writes of one tags column made apart (two from the origin, one
    /// after the first): every order of arrival ends with the same value.
    #[test]
    fn a_json_array_merges_to_one_value_in_every_order() {
        let (a, b, c) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let writes = [
            (list(&["donor"]), list(&["donor", "ngo"]), (10, a), None),
            (list(&["donor"]), list(&["partner"]), (11, b), None),
            (
                list(&["donor", "ngo"]),
                list(&["ministry", "ngo", "donor"]),
                (12, c),
                Some((10, a)),
            ),
        ];
        let orders = [
            [0, 1, 2],
            [0, 2, 1],
            [1, 0, 2],
            [1, 2, 0],
            [2, 0, 1],
            [2, 1, 0],
        ];
        let mut results = Vec::new();
        for order in orders {
            let mut conn = Connection::open_in_memory().unwrap();
            crate::store::migrations::migrate(&mut conn).unwrap();
            conn.execute(
                "INSERT INTO organizations (id, name, sort_key, kind, tags, created_at, updated_at) \
                 VALUES (x'00000000000000000000000000000009', 'K', 'k', 'other', '[\"donor\"]', 1, 1)",
                [],
            )
            .unwrap();
            let key = Uuid::from_u128(9).as_bytes().to_vec();
            let set = SetColumn {
                conn: &conn,
                table: "organizations",
                key: &key,
                col: "tags",
            };
            for i in order {
                let (old, new, version, base) = &writes[i];
                set.merge(old, new, *version, *base).unwrap();
            }
            results.push(set.stored().unwrap());
        }
        // B's removal of "donor" stands (C's write left it as it found
        // it): C's order, then B's "partner".
        assert_eq!(results[0], list(&["ministry", "ngo", "partner"]));
        assert!(results.iter().all(|r| *r == results[0]), "{results:?}");
    }

    #[test]
    fn elements_of_a_json_array() {
        assert_eq!(
            elements(Some(&Value::Text(r#"["donor","ngo"]"#.into()))),
            vec!["donor", "ngo"]
        );
        assert!(elements(Some(&Value::Null)).is_empty());
    }
}
