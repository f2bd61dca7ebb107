//! Reads. A `Reader` borrows a connection or an open transaction, so the same
//! queries serve plain reads and read-then-write logic inside `Store::write`.

use rusqlite::{Connection, OptionalExtension, params};

use super::error::Result;
use super::rows::{self, date_text};
use crate::domain::text::fold;
use crate::domain::*;

pub struct Reader<'a> {
    conn: &'a Connection,
}

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

impl<'a> Reader<'a> {
    pub(super) fn new(conn: &'a Connection) -> Reader<'a> {
        Reader { conn }
    }

    pub(super) fn conn(&self) -> &'a Connection {
        self.conn
    }

    /// True when a record of `kind` with this id exists, in the trash or not.
    pub fn exists(&self, kind: RecordKind, id: Id) -> Result<bool> {
        let sql = match kind {
            RecordKind::Organization => "SELECT 1 FROM organizations WHERE id = ?1",
            RecordKind::Contact => "SELECT 1 FROM contacts WHERE id = ?1",
            RecordKind::Project => "SELECT 1 FROM projects WHERE id = ?1",
            RecordKind::Visit => "SELECT 1 FROM visits WHERE id = ?1",
            RecordKind::FollowUp => "SELECT 1 FROM follow_ups WHERE id = ?1",
            RecordKind::Note => "SELECT 1 FROM notes WHERE id = ?1",
        };
        self.has_row(sql, id)
    }

    fn has_row(&self, sql: &str, id: Id) -> Result<bool> {
        let found: Option<i64> = self
            .conn
            .prepare_cached(sql)?
            .query_row([id], |r| r.get(0))
            .optional()?;
        Ok(found.is_some())
    }

    /// True when a record of `kind` with this id exists and is not in the trash.
    pub fn is_live(&self, kind: RecordKind, id: Id) -> Result<bool> {
        let sql = match kind {
            RecordKind::Organization => {
                "SELECT 1 FROM organizations WHERE id = ?1 AND deleted_at IS NULL"
            }
            RecordKind::Contact => "SELECT 1 FROM contacts WHERE id = ?1 AND deleted_at IS NULL",
            RecordKind::Project => "SELECT 1 FROM projects WHERE id = ?1 AND deleted_at IS NULL",
            RecordKind::Visit => "SELECT 1 FROM visits WHERE id = ?1 AND deleted_at IS NULL",
            RecordKind::FollowUp => "SELECT 1 FROM follow_ups WHERE id = ?1 AND deleted_at IS NULL",
            RecordKind::Note => "SELECT 1 FROM notes WHERE id = ?1 AND deleted_at IS NULL",
        };
        self.has_row(sql, id)
    }

    /// The organization with this id, whether or not it is in the trash.
    pub fn organization(&self, id: Id) -> Result<Option<Organization>> {
        let sql = concat!(
            "SELECT ",
            rows::organization_columns!(),
            " FROM organizations WHERE id = ?1"
        );
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_row([id], rows::organization)
            .optional()?)
    }

    pub fn contact(&self, id: Id) -> Result<Option<Contact>> {
        let sql = concat!(
            "SELECT ",
            rows::contact_columns!(),
            " FROM contacts WHERE id = ?1"
        );
        self.contact_by(sql, id)
    }

    /// One contact read by `sql` (a SELECT of contact columns by id), with
    /// its phones and e-mails.
    fn contact_by(&self, sql: &str, id: Id) -> Result<Option<Contact>> {
        let contact = self
            .conn
            .prepare_cached(sql)?
            .query_row([id], rows::contact)
            .optional()?;
        contact.map(|c| self.with_contact_details(c)).transpose()
    }

    /// The contact as the search index sees it: without its `uid`, which
    /// the index does not use and an early migration's schema lacks, and
    /// with its nickname when the schema has one.
    /// Never saved back (that would drop the UID).
    pub(super) fn contact_to_index(&self, id: Id) -> Result<Option<Contact>> {
        let with_nickname = concat!(
            "SELECT ",
            rows::contact_fields!(),
            ", nickname FROM contacts WHERE id = ?1"
        );
        // Before migration 8 (an early migration reindexing) the table has
        // no `nickname`: preparing the query fails, at no cost once cached.
        if self.conn.prepare_cached(with_nickname).is_ok() {
            return self.contact_by(with_nickname, id);
        }
        let sql = concat!(
            "SELECT ",
            rows::contact_fields!(),
            " FROM contacts WHERE id = ?1"
        );
        self.contact_by(sql, id)
    }

    pub(super) fn with_contact_details(&self, mut c: Contact) -> Result<Contact> {
        c.phones = self
            .conn
            .prepare_cached(
                "SELECT label, value FROM contact_phones WHERE contact_id = ?1 ORDER BY position",
            )?
            .query_map([c.meta.id], |r| {
                Ok(Phone {
                    label: r.get(0)?,
                    value: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        c.emails = self
            .conn
            .prepare_cached(
                "SELECT label, value FROM contact_emails WHERE contact_id = ?1 ORDER BY position",
            )?
            .query_map([c.meta.id], |r| {
                Ok(Email {
                    label: r.get(0)?,
                    value: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(c)
    }

    pub fn project(&self, id: Id) -> Result<Option<Project>> {
        let sql = concat!(
            "SELECT ",
            rows::project_columns!(),
            " FROM projects WHERE id = ?1"
        );
        let project = self
            .conn
            .prepare_cached(sql)?
            .query_row([id], rows::project)
            .optional()?;
        project
            .map(|mut p| {
                p.partner_org_ids = self.ids(
                    "SELECT organization_id FROM project_partners WHERE project_id = ?1
                     ORDER BY position",
                    p.meta.id,
                )?;
                Ok(p)
            })
            .transpose()
    }

    pub fn visit(&self, id: Id) -> Result<Option<Visit>> {
        let sql = concat!(
            "SELECT ",
            rows::visit_columns!(),
            " FROM visits WHERE id = ?1"
        );
        let visit = self
            .conn
            .prepare_cached(sql)?
            .query_row([id], rows::visit)
            .optional()?;
        visit
            .map(|mut v| {
                v.participant_ids = self.ids(
                    "SELECT contact_id FROM visit_participants WHERE visit_id = ?1
                     ORDER BY position",
                    v.meta.id,
                )?;
                Ok(v)
            })
            .transpose()
    }

    pub fn follow_up(&self, id: Id) -> Result<Option<FollowUp>> {
        let sql = concat!(
            "SELECT ",
            rows::follow_up_columns!(),
            " FROM follow_ups WHERE id = ?1"
        );
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_row([id], rows::follow_up)
            .optional()?)
    }

    pub fn note(&self, id: Id) -> Result<Option<Note>> {
        let sql = concat!(
            "SELECT ",
            rows::note_columns!(),
            " FROM notes WHERE id = ?1"
        );
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_row([id], rows::note)
            .optional()?)
    }

    /// A project's status changes, oldest first.
    pub fn status_history(&self, project_id: Id) -> Result<Vec<StatusChange>> {
        let sql = concat!(
            "SELECT ",
            rows::status_change_columns!(),
            " FROM project_status_history WHERE project_id = ?1 ORDER BY changed_at, rowid"
        );
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_map([project_id], rows::status_change)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The notes on a record that are not in the trash, newest first.
    pub fn notes_on(&self, target: NoteTarget) -> Result<Vec<Note>> {
        let sql = match target {
            NoteTarget::Organization(_) => concat!(
                "SELECT ",
                rows::note_columns!(),
                " FROM notes WHERE organization_id = ?1
                 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC"
            ),
            NoteTarget::Contact(_) => concat!(
                "SELECT ",
                rows::note_columns!(),
                " FROM notes WHERE contact_id = ?1
                 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC"
            ),
            NoteTarget::Project(_) => concat!(
                "SELECT ",
                rows::note_columns!(),
                " FROM notes WHERE project_id = ?1
                 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC"
            ),
            NoteTarget::Visit(_) => concat!(
                "SELECT ",
                rows::note_columns!(),
                " FROM notes WHERE visit_id = ?1
                 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC"
            ),
        };
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_map([target.id()], rows::note)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Organizations not in the trash whose name folds to the same text as
    /// `name` (`plas` finds `PLAS`, `senegal` finds `Sénégal`).
    pub fn organizations_named(&self, name: &str) -> Result<Vec<Organization>> {
        let sql = concat!(
            "SELECT ",
            rows::organization_columns!(),
            " FROM organizations WHERE sort_key = ?1 AND deleted_at IS NULL ORDER BY created_at"
        );
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_map([fold(name.trim())], rows::organization)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Contacts not in the trash whose display name folds to `name`'s folding,
    /// or whose native-script name is exactly `name`.
    pub fn contacts_named(&self, name: &str) -> Result<Vec<Contact>> {
        let sql = concat!(
            "SELECT ",
            rows::contact_columns!(),
            " FROM contacts WHERE (sort_key = ?1 OR native_name = ?2) AND deleted_at IS NULL
              ORDER BY created_at"
        );
        let found: Vec<Contact> = self
            .conn
            .prepare_cached(sql)?
            .query_map(params![fold(name.trim()), name.trim()], rows::contact)?
            .collect::<rusqlite::Result<_>>()?;
        found
            .into_iter()
            .map(|c| self.with_contact_details(c))
            .collect()
    }

    /// Projects not in the trash whose reference code is `key`, or whose
    /// title folds to `key`'s folding.
    pub fn projects_matching(&self, key: &str) -> Result<Vec<Project>> {
        let ids = {
            let mut stmt = self.conn.prepare_cached(
                // Two SELECTs, not one with OR: each can use its index.
                "SELECT id, created_at FROM projects WHERE ref_code = ?1 AND deleted_at IS NULL
                 UNION
                 SELECT id, created_at FROM projects WHERE sort_key = ?2 AND deleted_at IS NULL
                 ORDER BY created_at",
            )?;
            stmt.query_map(params![key.trim(), fold(key.trim())], |r| r.get::<_, Id>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.project(id)?);
        }
        Ok(out)
    }

    /// Whether a live project already has this reference code.
    pub fn ref_code_in_use(&self, code: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM projects WHERE ref_code = ?1 AND deleted_at IS NULL LIMIT 1",
            )?
            .query_row([code.trim()], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The place of the latest visit to a project that has one, to offer
    /// it again for the next visit.
    pub fn last_place_for_project(&self, project_id: Id) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT place FROM visits WHERE project_id = ?1 AND place IS NOT NULL
                 AND deleted_at IS NULL ORDER BY date DESC, created_at DESC LIMIT 1",
            )?
            .query_row([project_id], |r| r.get(0))
            .optional()?)
    }

    /// The project of a contact's latest visit that had one.
    pub fn latest_project_of_contact(&self, contact: Id) -> Result<Option<Id>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT v.project_id FROM visit_participants p JOIN visits v ON v.id = p.visit_id
                 WHERE p.contact_id = ?1 AND v.project_id IS NOT NULL AND v.deleted_at IS NULL
                 ORDER BY v.date DESC, v.created_at DESC LIMIT 1",
            )?
            .query_row([contact], |r| r.get(0))
            .optional()?)
    }

    /// Unsaved drafts: (slot, payload, when it was last written).
    pub fn drafts(&self) -> Result<Vec<(String, String, chrono::DateTime<chrono::Utc>)>> {
        let rows: Vec<(String, String, i64)> = self
            .conn
            .prepare_cached("SELECT slot, payload, updated_at FROM drafts ORDER BY updated_at")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(slot, payload, at)| {
                Some((slot, payload, chrono::DateTime::from_timestamp_millis(at)?))
            })
            .collect())
    }

    /// Open follow-ups due before `today`, oldest due date first.
    pub fn overdue_follow_ups(&self, today: chrono::NaiveDate) -> Result<Vec<FollowUp>> {
        let sql = concat!(
            "SELECT ",
            rows::follow_up_columns!(),
            " FROM follow_ups WHERE done_at IS NULL AND deleted_at IS NULL
              AND due_date < ?1 ORDER BY due_date"
        );
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_map([date_text(today)], rows::follow_up)?
            .collect::<rusqlite::Result<_>>()?)
    }

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
            super::country_codes::refused_today(self.conn)?
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

    pub(super) fn ids(&self, sql: &str, owner: Id) -> Result<Vec<Id>> {
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_map([owner], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }
}

fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}
