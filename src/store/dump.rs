//! Every record of a kind, trash included, in id order: what exports read.
//! Rows stream through a callback, so a million notes never sit in memory.

use super::error::Result;
use super::read::Reader;
use super::rows;
use crate::domain::*;

/// What an import compares its records with, read in four queries.
#[derive(Debug, Default)]
pub struct ContactKeys {
    pub contacts: Vec<ContactKey>,
    /// E-mail addresses in lower case, with their contact.
    pub emails: Vec<(String, Id)>,
    /// Phone numbers as written, with their contact.
    pub phones: Vec<(String, Id)>,
    pub organizations: Vec<OrgKey>,
    /// UIDs a live contact answers to besides its own (those of contacts
    /// merged into it: `fieldbook merge`).
    pub uid_aliases: Vec<(String, Id)>,
    /// Contacts merged away, and the live contact each now is.
    pub merged_into: Vec<(Id, Id)>,
}

/// A live contact as an import's duplicate checks see it.
#[derive(Debug, Clone)]
pub struct ContactKey {
    pub id: Id,
    pub name: String,
    /// The folded display name.
    pub name_key: String,
    pub organization: Option<Id>,
    /// ISO code, the region its phones are dialled in.
    pub country: Option<String>,
    /// The vCard UID it was imported with.
    pub uid: Option<String>,
}

/// A live organization: its name, folded name and country.
#[derive(Debug, Clone)]
pub struct OrgKey {
    pub id: Id,
    pub name: String,
    pub name_key: String,
    pub country: Option<String>,
}

impl Reader<'_> {
    pub fn contact_keys(&self) -> Result<ContactKeys> {
        let conn = self.conn();
        let contacts = conn
            .prepare(
                "SELECT id, display_name, sort_key, organization_id, country, uid FROM contacts
                 WHERE deleted_at IS NULL",
            )?
            .query_map([], |r| {
                Ok(ContactKey {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    name_key: r.get(2)?,
                    organization: r.get(3)?,
                    country: r.get(4)?,
                    uid: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let emails = conn
            .prepare(
                "SELECT lower(e.value), e.contact_id FROM contact_emails e
                 JOIN contacts c ON c.id = e.contact_id WHERE c.deleted_at IS NULL",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let phones = conn
            .prepare(
                "SELECT p.value, p.contact_id FROM contact_phones p
                 JOIN contacts c ON c.id = p.contact_id WHERE c.deleted_at IS NULL",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let organizations = conn
            .prepare(
                "SELECT id, name, sort_key, country FROM organizations WHERE deleted_at IS NULL",
            )?
            .query_map([], |r| {
                Ok(OrgKey {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    name_key: r.get(2)?,
                    country: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let uid_aliases = conn
            .prepare(
                "SELECT a.uid, a.contact_id FROM contact_uid_aliases a
                 JOIN contacts c ON c.id = a.contact_id WHERE c.deleted_at IS NULL",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let merged_into = conn
            .prepare(
                "SELECT r.from_id, r.to_id FROM redirects r
                 JOIN contacts c ON c.id = r.to_id
                 WHERE r.tbl = 'contacts' AND c.deleted_at IS NULL",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ContactKeys {
            contacts,
            emails,
            phones,
            organizations,
            uid_aliases,
            merged_into,
        })
    }

    pub fn each_organization(&self, mut f: impl FnMut(Organization) -> Result<()>) -> Result<()> {
        let sql = concat!(
            "SELECT ",
            rows::organization_columns!(),
            " FROM organizations ORDER BY id"
        );
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(rows::organization(row)?)?;
        }
        Ok(())
    }

    pub fn each_contact(&self, mut f: impl FnMut(Contact) -> Result<()>) -> Result<()> {
        let sql = concat!(
            "SELECT ",
            rows::contact_columns!(),
            " FROM contacts ORDER BY id"
        );
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(self.with_contact_details(rows::contact(row)?)?)?;
        }
        Ok(())
    }

    pub fn each_project(&self, mut f: impl FnMut(Project) -> Result<()>) -> Result<()> {
        let sql = concat!(
            "SELECT ",
            rows::project_columns!(),
            " FROM projects ORDER BY id"
        );
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let mut p = rows::project(row)?;
            p.partner_org_ids = self.ids(
                "SELECT organization_id FROM project_partners WHERE project_id = ?1
                 ORDER BY position, organization_id",
                p.meta.id,
            )?;
            f(p)?;
        }
        Ok(())
    }

    /// Status changes of all projects, oldest first within each project.
    pub fn each_status_change(&self, mut f: impl FnMut(StatusChange) -> Result<()>) -> Result<()> {
        let sql = concat!(
            "SELECT ",
            rows::status_change_columns!(),
            " FROM project_status_history ORDER BY project_id, changed_at, id"
        );
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(rows::status_change(row)?)?;
        }
        Ok(())
    }

    pub fn each_visit(&self, mut f: impl FnMut(Visit) -> Result<()>) -> Result<()> {
        let sql = concat!(
            "SELECT ",
            rows::visit_columns!(),
            " FROM visits ORDER BY id"
        );
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let mut v = rows::visit(row)?;
            v.participant_ids = self.ids(
                "SELECT contact_id FROM visit_participants WHERE visit_id = ?1 ORDER BY position, contact_id",
                v.meta.id,
            )?;
            f(v)?;
        }
        Ok(())
    }

    pub fn each_follow_up(&self, mut f: impl FnMut(FollowUp) -> Result<()>) -> Result<()> {
        let sql = concat!(
            "SELECT ",
            rows::follow_up_columns!(),
            " FROM follow_ups ORDER BY id"
        );
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(rows::follow_up(row)?)?;
        }
        Ok(())
    }

    pub fn each_note(&self, mut f: impl FnMut(Note) -> Result<()>) -> Result<()> {
        let sql = concat!("SELECT ", rows::note_columns!(), " FROM notes ORDER BY id");
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(rows::note(row)?)?;
        }
        Ok(())
    }
}
