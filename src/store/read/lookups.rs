//! Lookups by what a person typed (a name, a reference code), and the small
//! questions editors and the dashboard ask (last place, drafts, overdue).

use rusqlite::{OptionalExtension, params};

use crate::domain::text::fold;
use crate::domain::*;
use crate::store::error::Result;
use crate::store::rows::{self, date_text};

use super::Reader;

impl Reader<'_> {
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
}
