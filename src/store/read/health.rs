//! How many records there are, and whether the file is healthy: SQLite's
//! integrity and foreign-key checks, and values today's rules would refuse.

use crate::domain::*;
use crate::store::error::Result;

use super::Reader;

/// How many records of one kind there are, in use and in the trash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KindCount {
    pub kind: RecordKind,
    pub live: i64,
    pub deleted: i64,
}

/// What SQLite's own checks found; empty lists mean a healthy file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
    /// Stored values today's input rules would refuse (a `YEN` budget, a
    /// country that is no ISO code): kept and readable, so a warning only,
    /// never part of the verdict.
    pub refused_today: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.integrity.is_empty() && self.foreign_keys.is_empty()
    }
}

impl Reader<'_> {
    /// Records per kind, in use and in the trash.
    pub fn counts(&self) -> Result<Vec<KindCount>> {
        RecordKind::ALL
            .iter()
            .map(|&kind| {
                let sql = match kind {
                    RecordKind::Organization => {
                        "SELECT count(*) - count(deleted_at), count(deleted_at) FROM organizations"
                    }
                    RecordKind::Contact => {
                        "SELECT count(*) - count(deleted_at), count(deleted_at) FROM contacts"
                    }
                    RecordKind::Project => {
                        "SELECT count(*) - count(deleted_at), count(deleted_at) FROM projects"
                    }
                    RecordKind::Visit => {
                        "SELECT count(*) - count(deleted_at), count(deleted_at) FROM visits"
                    }
                    RecordKind::FollowUp => {
                        "SELECT count(*) - count(deleted_at), count(deleted_at) FROM follow_ups"
                    }
                    RecordKind::Note => {
                        "SELECT count(*) - count(deleted_at), count(deleted_at) FROM notes"
                    }
                    RecordKind::Event => {
                        "SELECT count(*) - count(deleted_at), count(deleted_at) FROM events"
                    }
                    RecordKind::Deliverable => {
                        "SELECT count(*) - count(deleted_at), count(deleted_at) FROM deliverables"
                    }

                    RecordKind::Registration => {
                        "SELECT count(*) - count(deleted_at), count(deleted_at) FROM registrations"
                    }
                    RecordKind::Attachment => {
                        "SELECT count(*) - count(deleted_at), count(deleted_at) FROM attachments"
                    }
                    RecordKind::Consultation => {
                        "SELECT count(*) - count(deleted_at), count(deleted_at) FROM consultations"
                    }
                };
                let (live, deleted) = self
                    .conn
                    .query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(KindCount {
                    kind,
                    live,
                    deleted,
                })
            })
            .collect()
    }

    /// True when no record of any kind exists, in use or in the trash.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.counts()?.iter().all(|c| c.live == 0 && c.deleted == 0))
    }

    /// SQLite's `integrity_check` and `foreign_key_check`. A file too damaged
    /// for the checks to run is reported as a problem, not as an error.
    pub fn check(&self) -> Result<CheckReport> {
        let integrity = match self.integrity_problems() {
            Ok(lines) => lines,
            Err(e) if is_damage(&e) => vec![e.to_string()],
            Err(e) => return Err(e.into()),
        };
        let foreign_keys = match self.foreign_key_problems() {
            Ok(lines) => lines,
            Err(e) if is_damage(&e) => vec![format!("links could not be checked: {e}")],
            Err(e) => return Err(e.into()),
        };
        // On a damaged file the list is left empty: the damage is the news.
        let refused_today = if integrity.is_empty() {
            crate::store::country_codes::refused_today(self.conn)?
        } else {
            Vec::new()
        };
        Ok(CheckReport {
            integrity,
            foreign_keys,
            refused_today,
        })
    }

    fn integrity_problems(&self) -> rusqlite::Result<Vec<String>> {
        Ok(self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|line| line != "ok")
            .collect())
    }

    fn foreign_key_problems(&self) -> rusqlite::Result<Vec<String>> {
        self.conn
            .prepare("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")?
            .query_map([], |r| {
                let table: String = r.get(0)?;
                let rowid: Option<i64> = r.get(1)?;
                let parent: String = r.get(2)?;
                Ok(format!(
                    "{table} row {} points to a missing {parent} record",
                    rowid.map_or("?".into(), |v| v.to_string())
                ))
            })?
            .collect()
    }
}

fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}
