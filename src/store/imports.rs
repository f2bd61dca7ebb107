//! What each contact import wrote (tables `imports` and `import_records`),
//! and undoing the last import as one: the records it created go to the
//! trash, the contacts it merged into go back to what they were. Refused,
//! with the records named, when any of them was changed since, or when
//! something was added to them since (a note, a visit, a colleague): the
//! undo would take that with it.

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::error::{Result, StoreError};
use super::rows::millis;
use super::{Store, Tx};
use crate::domain::{Contact, Id, RecordKind};
use crate::ops::progress::{Progress, Ticker};

/// An import that can be undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastImport {
    pub id: Id,
    /// The file it read, as it was named.
    pub source: String,
    pub at: DateTime<Utc>,
}

/// What an undo took back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportUndone {
    pub contacts: usize,
    pub organizations: usize,
    pub notes: usize,
    /// Contacts given back what they were before the import merged into them.
    pub merges: usize,
}

/// What asking to undo an import came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoImport {
    Undone {
        import: LastImport,
        undone: ImportUndone,
    },
    /// No import is left to undo.
    Nothing,
    /// The import asked for is no longer the last one.
    NotLast { last: LastImport },
    /// Records the import wrote were changed since: nothing was undone.
    Changed {
        import: LastImport,
        /// `contact 'Amina Sow' was edited`, at most `CHANGED_NAMED` of them,
        /// then `and 12 more`.
        changed: Vec<String>,
    },
}

/// How many changed records a refusal names one by one.
const CHANGED_NAMED: usize = 10;

impl Store {
    /// The last import not undone yet.
    pub fn last_import(&self) -> Result<Option<LastImport>> {
        last_import(&self.conn)
    }

    /// Undoes the last import, in one transaction, if it is `expected`
    /// (`None`: whichever it is) and nothing it wrote changed since.
    pub fn undo_import(
        &mut self,
        expected: Option<Id>,
        progress: &dyn Progress,
    ) -> Result<UndoImport> {
        self.write(|tx| {
            let Some(last) = last_import(tx.sql())? else {
                return Ok(UndoImport::Nothing);
            };
            if expected.is_some_and(|id| id != last.id) {
                return Ok(UndoImport::NotLast { last });
            }
            progress.phase("checking what changed since the import", None);
            let changed = changed_since(tx.sql(), &last)?;
            if !changed.is_empty() {
                return Ok(UndoImport::Changed {
                    import: last,
                    changed,
                });
            }
            let undone = take_back(tx, &last, progress)?;
            progress.phase("indexing and saving", None);
            Ok(UndoImport::Undone {
                import: last,
                undone,
            })
        })
    }
}

impl Tx<'_> {
    /// Records what an import wrote in this transaction (every row it wrote
    /// carries this transaction's time, which is how `undo_import` tells
    /// that one was changed since). Returns the import's id.
    pub fn record_import(
        &self,
        source: &str,
        organizations: &[Id],
        contacts: &[Id],
        notes: &[Id],
        merged_from: &[Contact],
    ) -> Result<Id> {
        let id = crate::domain::new_id();
        let sql = self.sql();
        sql.prepare_cached("INSERT INTO imports (id, source, stamp) VALUES (?1, ?2, ?3)")?
            .execute(params![id, source, millis(self.now())])?;
        let mut add = sql.prepare_cached(
            "INSERT OR IGNORE INTO import_records (import_id, kind, record_id, before)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (kind, ids) in [
            ("organization", organizations),
            ("contact", contacts),
            ("note", notes),
        ] {
            for record in ids {
                add.execute(params![id, kind, record, None::<String>])?;
            }
        }
        for before in merged_from {
            let json = serde_json::to_string(before).map_err(|e| StoreError::Io {
                path: std::path::PathBuf::from("import_records"),
                source: std::io::Error::other(e),
            })?;
            add.execute(params![id, "merged", before.meta.id, json])?;
        }
        Ok(id)
    }
}

fn last_import(conn: &Connection) -> Result<Option<LastImport>> {
    let row: Option<(Id, String, i64)> = conn
        .prepare_cached(
            "SELECT id, source, stamp FROM imports WHERE undone_at IS NULL
             ORDER BY stamp DESC, rowid DESC LIMIT 1",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(row.map(|(id, source, stamp)| LastImport {
        id,
        source,
        at: Utc.timestamp_millis_opt(stamp).single().unwrap_or_default(),
    }))
}

/// The import's records that were changed since, or that something was
/// added to since, each named: empty when the import can be undone.
fn changed_since(conn: &Connection, import: &LastImport) -> Result<Vec<String>> {
    // Each query names a record and says what happened to it.
    const CHECKS: &[&str] = &[
        // Edited, or moved to the trash, since.
        "SELECT 'contact ''' || c.display_name || ''' was changed'
           FROM import_records r JOIN contacts c ON c.id = r.record_id
          WHERE r.import_id = ?1 AND r.kind IN ('contact', 'merged') AND c.updated_at <> ?2",
        "SELECT 'organization ''' || o.name || ''' was changed'
           FROM import_records r JOIN organizations o ON o.id = r.record_id
          WHERE r.import_id = ?1 AND r.kind = 'organization' AND o.updated_at <> ?2",
        "SELECT 'a note on ''' || coalesce(c.display_name, '?') || ''' was changed'
           FROM import_records r JOIN notes n ON n.id = r.record_id
           LEFT JOIN contacts c ON c.id = n.contact_id
          WHERE r.import_id = ?1 AND r.kind = 'note' AND n.updated_at <> ?2",
        // Things added since to a record the import created.
        "SELECT 'contact ''' || c.display_name || ''' has a note added since'
           FROM import_records r JOIN contacts c ON c.id = r.record_id
           JOIN notes n ON n.contact_id = r.record_id
          WHERE r.import_id = ?1 AND r.kind = 'contact' AND n.deleted_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM import_records m
                             WHERE m.import_id = ?1 AND m.kind = 'note' AND m.record_id = n.id)",
        "SELECT DISTINCT 'contact ''' || c.display_name || ''' was met on a visit logged since'
           FROM import_records r JOIN contacts c ON c.id = r.record_id
           JOIN visit_participants p ON p.contact_id = r.record_id
           JOIN visits v ON v.id = p.visit_id AND v.deleted_at IS NULL
          WHERE r.import_id = ?1 AND r.kind = 'contact'",
        "SELECT 'contact ''' || c.display_name || ''' has a follow-up added since'
           FROM import_records r JOIN contacts c ON c.id = r.record_id
           JOIN follow_ups f ON (f.owner_contact_id = r.record_id OR f.contact_id = r.record_id)
          WHERE r.import_id = ?1 AND r.kind = 'contact' AND f.deleted_at IS NULL",
        "SELECT 'organization ''' || o.name || ''' has contact ''' || c.display_name || ''' added since'
           FROM import_records r JOIN organizations o ON o.id = r.record_id
           JOIN contacts c ON c.organization_id = r.record_id
          WHERE r.import_id = ?1 AND r.kind = 'organization' AND c.deleted_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM import_records m
                             WHERE m.import_id = ?1 AND m.kind = 'contact' AND m.record_id = c.id)",
        "SELECT 'organization ''' || o.name || ''' has a note added since'
           FROM import_records r JOIN organizations o ON o.id = r.record_id
           JOIN notes n ON n.organization_id = r.record_id
          WHERE r.import_id = ?1 AND r.kind = 'organization' AND n.deleted_at IS NULL",
        "SELECT DISTINCT 'organization ''' || o.name || ''' is on project ''' || p.title || ''' since'
           FROM import_records r JOIN organizations o ON o.id = r.record_id
           JOIN projects p ON p.deleted_at IS NULL AND (p.implementing_org_id = r.record_id
                OR EXISTS (SELECT 1 FROM project_partners pp
                            WHERE pp.project_id = p.id AND pp.organization_id = r.record_id))
          WHERE r.import_id = ?1 AND r.kind = 'organization'",
    ];
    let mut changed: Vec<String> = Vec::new();
    let mut more = 0usize;
    for sql in CHECKS {
        let mut stmt = conn.prepare_cached(sql)?;
        // ?1 is the import; the queries on changed rows also take ?2, its stamp.
        stmt.raw_bind_parameter(1, import.id)?;
        if stmt.parameter_count() > 1 {
            stmt.raw_bind_parameter(2, millis(import.at))?;
        }
        let mut rows = stmt.raw_query();
        while let Some(row) = rows.next()? {
            let line: String = row.get(0)?;
            if changed.len() < CHANGED_NAMED {
                changed.push(line);
            } else {
                more += 1;
            }
        }
    }
    if more > 0 {
        changed.push(format!("and {more} more"));
    }
    Ok(changed)
}

/// Puts the import's records in the trash and its merged contacts back as
/// they were, then marks it undone.
fn take_back(tx: &Tx<'_>, import: &LastImport, progress: &dyn Progress) -> Result<ImportUndone> {
    let rows: Vec<(String, Id, Option<String>)> = tx
        .sql()
        .prepare_cached("SELECT kind, record_id, before FROM import_records WHERE import_id = ?1")?
        .query_map([import.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    progress.phase("undoing the import", Some(rows.len() as u64));
    let mut ticker = Ticker::new(progress, 500);
    let mut undone = ImportUndone::default();
    // Merged contacts go back exactly as they were, their `updated_at`
    // too: an earlier import that wrote them can still be undone after.
    // (Verbatim writing changes nothing else here: the trash stamps below
    // take this transaction's time whatever the mode.)
    tx.write_verbatim();
    for (_, _, before) in rows.iter().filter(|(kind, ..)| kind == "merged") {
        let before: Contact =
            serde_json::from_str(before.as_deref().unwrap_or_default()).map_err(|e| {
                StoreError::Io {
                    path: std::path::PathBuf::from("import_records"),
                    source: std::io::Error::other(e),
                }
            })?;
        tx.save_contact(&before)?;
        undone.merges += 1;
        ticker.tick();
    }
    for (kind, count) in [
        ("note", &mut undone.notes),
        ("contact", &mut undone.contacts),
        ("organization", &mut undone.organizations),
    ] {
        let record_kind = match kind {
            "note" => RecordKind::Note,
            "contact" => RecordKind::Contact,
            _ => RecordKind::Organization,
        };
        for (_, id, _) in rows.iter().filter(|(k, ..)| k == kind) {
            if tx.set_deleted(record_kind, *id, true)? {
                *count += 1;
            }
            ticker.tick();
        }
    }
    drop(ticker);
    tx.sql()
        .prepare_cached("UPDATE imports SET undone_at = ?2 WHERE id = ?1")?
        .execute(params![import.id, millis(tx.now())])?;
    Ok(undone)
}
