//! Reads. A `Reader` borrows a connection or an open transaction, so the same
//! queries serve plain reads and read-then-write logic inside `Store::write`.
//!
//! This file reads records by id (and a record's notes and status
//! history); `lookups` finds records by name or code and answers the small
//! questions editors and the dashboard ask; `health` counts records and
//! runs SQLite's own checks.

use rusqlite::{Connection, OptionalExtension};

use super::error::Result;
use super::rows;
use crate::domain::*;

mod consultations;
mod health;
mod lookups;

mod events;

mod deliverables;

pub use health::{CheckReport, KindCount};

pub struct Reader<'a> {
    conn: &'a Connection,
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
            RecordKind::Event => "SELECT 1 FROM events WHERE id = ?1",
            RecordKind::Deliverable => "SELECT 1 FROM deliverables WHERE id = ?1",

            RecordKind::Registration => "SELECT 1 FROM registrations WHERE id = ?1",
            RecordKind::Attachment => "SELECT 1 FROM attachments WHERE id = ?1",
            RecordKind::Consultation => "SELECT 1 FROM consultations WHERE id = ?1",
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
            RecordKind::Event => "SELECT 1 FROM events WHERE id = ?1 AND deleted_at IS NULL",
            RecordKind::Deliverable => {
                "SELECT 1 FROM deliverables WHERE id = ?1 AND deleted_at IS NULL"
            }

            RecordKind::Registration => {
                "SELECT 1 FROM registrations WHERE id = ?1 AND deleted_at IS NULL"
            }
            RecordKind::Attachment => {
                "SELECT 1 FROM attachments WHERE id = ?1 AND deleted_at IS NULL"
            }
            RecordKind::Consultation => {
                "SELECT 1 FROM consultations WHERE id = ?1 AND deleted_at IS NULL"
            }
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
                "SELECT label, value FROM contact_phones WHERE contact_id = ?1 ORDER BY position, value",
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
                "SELECT label, value FROM contact_emails WHERE contact_id = ?1 ORDER BY position, value",
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
                     ORDER BY position, organization_id",
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
                     ORDER BY position, contact_id",
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
            " FROM project_status_history WHERE project_id = ?1 ORDER BY changed_at, id"
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

    pub(super) fn ids(&self, sql: &str, owner: Id) -> Result<Vec<Id>> {
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_map([owner], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }
}
