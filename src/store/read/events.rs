//! Reading events with their invitees: by id, by what a person typed, by
//! date range (for the calendar and the monthly report), and all of them in
//! id order (for exports).

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use crate::domain::text::fold;
use crate::domain::*;
use crate::store::error::Result;
use crate::store::rows::{self, date_text};

use super::Reader;

impl Reader<'_> {
    /// The event with this id, in the trash or not, with its invitees.
    pub fn event(&self, id: Id) -> Result<Option<Event>> {
        let sql = concat!(
            "SELECT ",
            rows::event_columns!(),
            " FROM events WHERE id = ?1"
        );
        let event = self
            .conn
            .prepare_cached(sql)?
            .query_row([id], rows::event)
            .optional()?;
        event.map(|e| self.with_invitees(e)).transpose()
    }

    fn with_invitees(&self, mut e: Event) -> Result<Event> {
        let sql = concat!(
            "SELECT ",
            rows::invitee_columns!(),
            " FROM event_invitees WHERE event_id = ?1 ORDER BY position, invitee_id"
        );
        e.invitees = self
            .conn
            .prepare_cached(sql)?
            .query_map([e.meta.id], rows::invitee)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(e)
    }

    /// Live events whose title folds to `key`'s folding; when none does,
    /// those whose title contains it. Oldest first.
    pub fn events_matching(&self, key: &str) -> Result<Vec<Event>> {
        let wanted = fold(key.trim());
        let titles: Vec<(Id, String)> = self
            .conn
            .prepare_cached(
                "SELECT id, title FROM events WHERE deleted_at IS NULL
                 ORDER BY start_date, created_at",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let exact: Vec<Id> = titles
            .iter()
            .filter(|(_, t)| fold(t) == wanted)
            .map(|(id, _)| *id)
            .collect();
        let ids = if exact.is_empty() && !wanted.is_empty() {
            titles
                .iter()
                .filter(|(_, t)| fold(t).contains(&wanted))
                .map(|(id, _)| *id)
                .collect()
        } else {
            exact
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.event(id)?);
        }
        Ok(out)
    }

    /// Live events that take place (at least one day) between `from` and
    /// `to`, both included, in date order: what a calendar or a month's
    /// report reads.
    pub fn events_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Event>> {
        let sql = concat!(
            "SELECT ",
            rows::event_columns!(),
            " FROM events WHERE deleted_at IS NULL AND start_date <= ?2
                AND coalesce(end_date, start_date) >= ?1
              ORDER BY start_date, start_time, created_at"
        );
        let found: Vec<Event> = self
            .conn
            .prepare_cached(sql)?
            .query_map(params![date_text(from), date_text(to)], rows::event)?
            .collect::<rusqlite::Result<_>>()?;
        found.into_iter().map(|e| self.with_invitees(e)).collect()
    }

    /// Every event, trash included, in id order, with its invitees.
    pub fn each_event(&self, mut f: impl FnMut(Event) -> Result<()>) -> Result<()> {
        let sql = concat!(
            "SELECT ",
            rows::event_columns!(),
            " FROM events ORDER BY id"
        );
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(self.with_invitees(rows::event(row)?)?)?;
        }
        Ok(())
    }
}
