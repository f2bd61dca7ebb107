//! Merging one record into another (`fieldbook merge`, see `ops::merge`):
//! the store's side, in the caller's transaction, so it is captured and
//! synced as ordinary edits.
//!
//! Every link to the record merged away (`gone`) is found from the
//! schema's foreign keys and moved to the one kept (`keep`): a plain link
//! is repointed; a link that is part of its row's key (a project's
//! partner, a visit's participant) is moved unless `keep` already has it;
//! phones and e-mails are added to `keep`'s unless it has the same number
//! or address. `keep`'s empty fields take `gone`'s values, its tags and
//! languages become the union, and `gone`'s vCard UID stays answerable as
//! an alias. Then `gone` is trashed and left as a redirect to `keep`.

use rusqlite::types::Value;
use rusqlite::{Connection, params};

use super::Tx;
use crate::domain::{Id, RecordKind, item_id};
use crate::store::error::Result;
use crate::sync::tombstones::{links, table_of};
use crate::sync::{tables, versions};

/// What a merge changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MergeDone {
    /// Links moved, as (table.column, how many).
    pub moved: Vec<(String, usize)>,
    /// `keep`'s fields filled from `gone`.
    pub filled: Vec<String>,
    /// Set items added to `keep` (tags, languages, phones, e-mails).
    pub added: Vec<(String, usize)>,
    /// `gone`'s vCard UID, now an alias of `keep`.
    pub uid_alias: Option<String>,
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn key_columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")?;
    Ok(stmt
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Columns that are the record's bookkeeping, not its content.
const BOOKKEEPING: &[&str] = &["id", "created_at", "updated_at", "deleted_at", "uid"];
/// Columns holding a JSON array of words: merged as a union.
const SETS: &[&str] = &["tags", "languages"];
/// List tables merged by value, with the column that says "the same".
const LISTS: &[(&str, &str)] = &[
    ("contact_phones", "digits"),
    ("contact_emails", "value COLLATE NOCASE"),
];

impl Tx<'_> {
    /// Merges `gone` into `keep` (both live, of `kind`: organization or
    /// contact); trashes `gone` and leaves it as a redirect.
    pub fn merge_into(&self, kind: RecordKind, keep: Id, gone: Id) -> Result<MergeDone> {
        let conn = self.sync_conn();
        let table = table_of(kind);
        let mut done = MergeDone::default();
        let mut touched: Vec<(RecordKind, Id)> = vec![(kind, keep)];
        touched.extend(move_links(conn, table, keep, gone, true, &mut done)?);
        self.fill_fields(conn, table, keep, gone, &mut done)?;
        if kind == RecordKind::Contact {
            done.uid_alias = alias_uids(conn, keep, gone)?;
        }
        conn.prepare_cached(&format!("UPDATE {table} SET updated_at = ?2 WHERE id = ?1"))?
            .execute(params![keep, self.now().timestamp_millis()])?;
        self.set_deleted(kind, gone, true)?;
        conn.prepare_cached("UPDATE redirects SET to_id = ?3 WHERE tbl = ?1 AND to_id = ?2")?
            .execute(params![table, gone, keep])?;
        conn.prepare_cached(
            "INSERT OR REPLACE INTO redirects (tbl, from_id, to_id) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![table, gone, keep])?;
        for (kind, id) in touched {
            self.reindex_synced(kind, id);
        }
        Ok(done)
    }

    fn fill_fields(
        &self,
        conn: &Connection,
        table: &str,
        keep: Id,
        gone: Id,
        done: &mut MergeDone,
    ) -> Result<()> {
        for column in versions::columns(conn, table)? {
            if BOOKKEEPING.contains(&column.as_str()) || tables::is_derived(table, &column) {
                continue;
            }
            let sql = format!("SELECT {c} FROM {table} WHERE id = ?1", c = quoted(&column));
            let get = |id: Id| -> Result<Value> {
                Ok(conn.prepare_cached(&sql)?.query_row([id], |r| r.get(0))?)
            };
            let (ours, theirs) = (get(keep)?, get(gone)?);
            let new = if SETS.contains(&column.as_str()) {
                let (Value::Text(a), Value::Text(b)) = (&ours, &theirs) else {
                    continue;
                };
                let mut words: Vec<String> = serde_json::from_str(a).unwrap_or_default();
                let before = words.len();
                for w in serde_json::from_str::<Vec<String>>(b).unwrap_or_default() {
                    if !words.contains(&w) {
                        words.push(w);
                    }
                }
                if words.len() == before {
                    continue;
                }
                done.added.push((column.clone(), words.len() - before));
                Value::Text(serde_json::to_string(&words).unwrap_or_else(|_| a.clone()))
            } else if is_empty(&ours) && !is_empty(&theirs) {
                done.filled.push(column.clone());
                theirs
            } else {
                continue;
            };
            conn.prepare_cached(&format!(
                "UPDATE {table} SET {c} = ?2 WHERE id = ?1",
                c = quoted(&column)
            ))?
            .execute(params![keep, new])?;
        }
        Ok(())
    }
}

/// Moves every link to `gone` onto `keep` (phones and e-mails too when
/// `lists`); the records whose links changed, to reindex. Also run by a
/// book receiving the merge, for the links it has that the merging book
/// had not seen (see `sync::redirects`).
pub(crate) fn move_links(
    conn: &Connection,
    table: &str,
    keep: Id,
    gone: Id,
    lists: bool,
    done: &mut MergeDone,
) -> Result<Vec<(RecordKind, Id)>> {
    let mut touched = Vec::new();
    for link in links(conn)? {
        if link.parent != table || link.table == "contact_uid_aliases" {
            continue;
        }
        let moved = if let Some((_, same)) = LISTS.iter().find(|(t, _)| *t == link.table) {
            if lists {
                let n = union_list(conn, &link.table, &link.column, same, keep, gone)?;
                if n > 0 {
                    done.added.push((link.table.replace("contact_", ""), n));
                }
            }
            continue;
        } else if key_columns(conn, &link.table)?.contains(&link.column)
            || link.table == "event_invitees"
        {
            move_keyed(conn, &link.table, &link.column, keep, gone)?
        } else {
            let ids = repoint(conn, &link.table, &link.column, keep, gone)?;
            if let Some(k) = crate::sync::tombstones::record_kind(&link.table) {
                touched.extend(ids.iter().map(|id| (k, *id)));
            }
            ids.len()
        };
        if moved > 0 {
            done.moved
                .push((format!("{}.{}", link.table, link.column), moved));
        }
    }
    Ok(touched)
}

/// Whether a table is a list merged by value (phones, e-mails): a row of it
/// made for a merged record after the merge stays with that record.
pub(crate) fn is_list(table: &str) -> bool {
    LISTS.iter().any(|(t, _)| *t == table)
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Text(t) => t.trim().is_empty(),
        _ => false,
    }
}

/// A plain link: repointed. The ids of the rows changed.
fn repoint(conn: &Connection, table: &str, column: &str, keep: Id, gone: Id) -> Result<Vec<Id>> {
    let has_id = versions::columns(conn, table)?.iter().any(|c| c == "id");
    let returning = if has_id { " RETURNING id" } else { "" };
    let sql = format!(
        "UPDATE {t} SET {c} = ?1 WHERE {c} = ?2{returning}",
        t = quoted(table),
        c = quoted(column)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    if has_id {
        Ok(stmt
            .query_map(params![keep, gone], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    } else {
        let n = stmt.execute(params![keep, gone])?;
        Ok(vec![Id::nil(); n])
    }
}

/// A link in its row's key: the row is copied to `keep` unless it has one
/// already, then removed from `gone`. An event's invitee carries the
/// invited id twice (the key and the link).
fn move_keyed(conn: &Connection, table: &str, column: &str, keep: Id, gone: Id) -> Result<usize> {
    let cols = versions::columns(conn, table)?;
    let select: Vec<String> = cols
        .iter()
        .map(|c| {
            if c == column || (table == "event_invitees" && c == "invitee_id") {
                "?1".to_string()
            } else {
                quoted(c)
            }
        })
        .collect();
    let names: Vec<String> = cols.iter().map(|c| quoted(c)).collect();
    conn.execute(
        &format!(
            "INSERT OR IGNORE INTO {t} ({}) SELECT {} FROM {t} WHERE {c} = ?2",
            names.join(", "),
            select.join(", "),
            t = quoted(table),
            c = quoted(column)
        ),
        params![keep, gone],
    )?;
    Ok(conn.execute(
        &format!(
            "DELETE FROM {} WHERE {} = ?1",
            quoted(table),
            quoted(column)
        ),
        [gone],
    )?)
}

/// `gone`'s phones or e-mails added to `keep`'s after them, each with the
/// id `keep` gives that content (domain::item_id): a number or address
/// `keep` already has is the same item and is not added twice. `gone`'s
/// rows are removed. How many were added.
fn union_list(
    conn: &Connection,
    table: &str,
    column: &str,
    _same: &str,
    keep: Id,
    gone: Id,
) -> Result<usize> {
    debug_assert_eq!(column, "contact_id");
    let region: Option<String> = conn
        .prepare_cached("SELECT country FROM contacts WHERE id = ?1")?
        .query_row([keep], |r| r.get(0))?;
    let (select, insert, delete) = match table {
        "contact_phones" => (
            "SELECT label, value, digits FROM contact_phones WHERE contact_id = ?1 ORDER BY position, id",
            "INSERT OR IGNORE INTO contact_phones (id, contact_id, position, label, value, digits)
             VALUES (?1, ?2, (SELECT coalesce(max(position), -1) + 1 FROM contact_phones WHERE contact_id = ?2), ?3, ?4, ?5)",
            "DELETE FROM contact_phones WHERE contact_id = ?1",
        ),
        _ => (
            "SELECT label, value, NULL FROM contact_emails WHERE contact_id = ?1 ORDER BY position, id",
            "INSERT OR IGNORE INTO contact_emails (id, contact_id, position, label, value)
             VALUES (?1, ?2, (SELECT coalesce(max(position), -1) + 1 FROM contact_emails WHERE contact_id = ?2), ?3, ?4)",
            "DELETE FROM contact_emails WHERE contact_id = ?1",
        ),
    };
    let rows: Vec<(String, String, Option<String>)> = conn
        .prepare_cached(select)?
        .query_map([gone], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut added = 0;
    for (label, value, digits) in rows {
        let mut insert = conn.prepare_cached(insert)?;
        added += match digits {
            Some(digits) => {
                let id = item_id::phone_id(keep, &value, region.as_deref());
                insert.execute(params![id.as_slice(), keep, label, value, digits])?
            }
            None => {
                let id = item_id::email_id(keep, &value);
                insert.execute(params![id.as_slice(), keep, label, value])?
            }
        };
    }
    conn.prepare_cached(delete)?.execute([gone])?;
    Ok(added)
}

/// `gone`'s UID (and those it answered to) become `keep`'s aliases; `keep`
/// takes it as its own when it has none.
fn alias_uids(conn: &Connection, keep: Id, gone: Id) -> Result<Option<String>> {
    conn.execute(
        "UPDATE contact_uid_aliases SET contact_id = ?1 WHERE contact_id = ?2",
        params![keep, gone],
    )?;
    let uid = |id: Id| -> Result<Option<String>> {
        Ok(conn.query_row("SELECT uid FROM contacts WHERE id = ?1", [id], |r| r.get(0))?)
    };
    let (ours, theirs) = (uid(keep)?, uid(gone)?);
    let Some(theirs) = theirs.filter(|t| ours.as_deref() != Some(t.as_str())) else {
        return Ok(None);
    };
    if ours.is_none() {
        conn.execute(
            "UPDATE contacts SET uid = ?2 WHERE id = ?1",
            params![keep, theirs],
        )?;
    } else {
        conn.execute(
            "INSERT OR REPLACE INTO contact_uid_aliases (uid, contact_id) VALUES (?1, ?2)",
            params![theirs, keep],
        )?;
    }
    Ok(Some(theirs))
}
