//! Reading consultations: one by id, all of them for an export, and those
//! of a date range (what the monthly report and a calendar read).

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::Reader;
use crate::domain::*;
use crate::store::error::Result;
use crate::store::rows::{self, date_text};

const PEOPLE: &str = "SELECT contact_id FROM consultation_people WHERE consultation_id = ?1 ORDER BY position, contact_id";

impl Reader<'_> {
    /// The organization a contact belongs to, if any.
    pub fn organization_of(&self, contact: Id) -> Result<Option<Id>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT organization_id FROM contacts WHERE id = ?1")?
            .query_row([contact], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// The consultation with this id, whether or not it is in the trash.
    pub fn consultation(&self, id: Id) -> Result<Option<Consultation>> {
        let sql = concat!(
            "SELECT ",
            rows::consultation_columns!(),
            " FROM consultations WHERE id = ?1"
        );
        let found = self
            .conn()
            .prepare_cached(sql)?
            .query_row([id], rows::consultation)
            .optional()?;
        found.map(|c| self.with_people(c)).transpose()
    }

    fn with_people(&self, mut c: Consultation) -> Result<Consultation> {
        c.people_ids = self.ids(PEOPLE, c.meta.id)?;
        Ok(c)
    }

    /// Every consultation, trash included, in id order (exports).
    pub fn each_consultation(&self, mut f: impl FnMut(Consultation) -> Result<()>) -> Result<()> {
        let sql = concat!(
            "SELECT ",
            rows::consultation_columns!(),
            " FROM consultations ORDER BY id"
        );
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(self.with_people(rows::consultation(row)?)?)?;
        }
        Ok(())
    }

    /// The consultations (not in the trash) dated `from` to `to` inclusive,
    /// oldest first: for the monthly report and calendar exports.
    pub fn consultations_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Consultation>> {
        let sql = concat!(
            "SELECT ",
            rows::consultation_columns!(),
            " FROM consultations WHERE deleted_at IS NULL AND date BETWEEN ?1 AND ?2
              ORDER BY date, created_at"
        );
        let found: Vec<Consultation> = self
            .conn()
            .prepare_cached(sql)?
            .query_map(params![date_text(from), date_text(to)], rows::consultation)?
            .collect::<rusqlite::Result<_>>()?;
        found.into_iter().map(|c| self.with_people(c)).collect()
    }
}
