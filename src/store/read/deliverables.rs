//! Reading deliverables: one by id, a project's calendar, the open ones due
//! in a range of days (the dashboard, the calendar export and the monthly
//! report read them this way), and all of them for exports.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;

use super::Reader;
use crate::domain::*;
use crate::store::error::Result;
use crate::store::rows::{self, date_text};

impl Reader<'_> {
    /// The deliverable with this id, whether or not it is in the trash.
    pub fn deliverable(&self, id: Id) -> Result<Option<Deliverable>> {
        let sql = concat!(
            "SELECT ",
            rows::deliverable_columns!(),
            " FROM deliverables WHERE id = ?1"
        );
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_row([id], rows::deliverable)
            .optional()?)
    }

    /// A project's calendar: its deliverables not in the trash, by due date.
    pub fn deliverables_of_project(&self, project: Id) -> Result<Vec<Deliverable>> {
        let sql = concat!(
            "SELECT ",
            rows::deliverable_columns!(),
            " FROM deliverables WHERE project_id = ?1 AND deleted_at IS NULL
              ORDER BY due_date, kind, id"
        );
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_map([project], rows::deliverable)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Deliverables not in the trash (nor their project) due from `from`
    /// to `to` (both included), any status, by due date. `open_only` keeps those still
    /// due or returned for revision.
    pub fn deliverables_due_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        open_only: bool,
    ) -> Result<Vec<Deliverable>> {
        let sql = concat!(
            "SELECT ",
            rows::deliverable_columns!(),
            " FROM deliverables WHERE deleted_at IS NULL AND due_date BETWEEN ?1 AND ?2
              AND (?3 = 0 OR status IN ('due', 'returned'))
              AND project_id IN (SELECT id FROM projects WHERE deleted_at IS NULL)
              ORDER BY due_date, kind, id"
        );
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_map(
                rusqlite::params![date_text(from), date_text(to), open_only],
                rows::deliverable,
            )?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Open deliverables (due, or returned for revision) due before `today`,
    /// oldest first; not those of a project in the trash.
    pub fn overdue_deliverables(&self, today: NaiveDate) -> Result<Vec<Deliverable>> {
        let sql = concat!(
            "SELECT ",
            rows::deliverable_columns!(),
            " FROM deliverables WHERE deleted_at IS NULL AND status IN ('due', 'returned')
              AND due_date < ?1
              AND project_id IN (SELECT id FROM projects WHERE deleted_at IS NULL)
              ORDER BY due_date, kind, id"
        );
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_map([date_text(today)], rows::deliverable)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Every deliverable, trash included, in id order: what exports read.
    pub fn each_deliverable(&self, mut f: impl FnMut(Deliverable) -> Result<()>) -> Result<()> {
        let sql = concat!(
            "SELECT ",
            rows::deliverable_columns!(),
            " FROM deliverables ORDER BY id"
        );
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(rows::deliverable(row)?)?;
        }
        Ok(())
    }
}
