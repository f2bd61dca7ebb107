//! The dashboard: what is overdue (newest-overdue first) and due this week,
//! each with its total and the project or contact it belongs to; the latest
//! visits; projects by status; visits per month.

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::params;

use crate::domain::*;
use crate::store::error::Result;
use crate::store::read::Reader;
use crate::store::rows::{date_text, opt_date};

/// An open follow-up as the dashboard lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpLine {
    pub id: Id,
    pub text: String,
    /// The contact who must act; `None`: the officer.
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    /// The project it belongs to, directly or through its visit: the
    /// reference code, else the title.
    pub project: Option<String>,
    /// The contact it is about.
    pub contact: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitLine {
    pub id: Id,
    pub date: NaiveDate,
    pub place: String,
    pub project: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    pub today: NaiveDate,
    /// The first `DASHBOARD_LINES` overdue, newest-overdue first.
    pub overdue: Vec<FollowUpLine>,
    pub overdue_total: i64,
    /// The first `DASHBOARD_LINES` due in the next 7 days, soonest first.
    pub due_soon: Vec<FollowUpLine>,
    pub due_soon_total: i64,
    pub latest_visits: Vec<VisitLine>,
    pub projects_by_status: Vec<(ProjectStatus, i64)>,
    /// (first day of month, visits) for the last 12 months, oldest first.
    pub visits_per_month: Vec<(NaiveDate, i64)>,
    /// Overdue deliverables and the next 30 days of deadlines.
    pub deliverables: super::DeliverableSection,

    /// Registrations expiring soon, or lapsed on a running project.
    pub registrations: super::RegistrationWatch,
}

/// The most rows a dashboard list loads: more than any screen shows; the
/// rest are counted ("and N more").
pub const DASHBOARD_LINES: i64 = 50;

/// The dashboard's open follow-ups matching a condition (its `?1`, `?2`),
/// at most `?3`: one literal per use, no SQL built at run time.
macro_rules! open_lines {
    ($condition:literal) => {
        concat!(
            "SELECT f.id, f.text, c.display_name, f.due_date,
                    coalesce(p.ref_code, p.title), about.display_name
             FROM follow_ups f
             LEFT JOIN contacts c ON c.id = f.owner_contact_id
             LEFT JOIN visits v ON v.id = f.visit_id
             LEFT JOIN projects p ON p.id = coalesce(f.project_id, v.project_id)
             LEFT JOIN contacts about ON about.id = f.contact_id
             WHERE f.done_at IS NULL AND f.deleted_at IS NULL AND ",
            $condition,
            " LIMIT ?3"
        )
    };
}

/// How many open follow-ups match a condition.
macro_rules! count_open {
    ($condition:literal) => {
        concat!(
            "SELECT count(*) FROM follow_ups
             WHERE done_at IS NULL AND deleted_at IS NULL AND ",
            $condition
        )
    };
}

impl Reader<'_> {
    /// Open follow-ups by `condition` (on `f`, taking ?1 and ?2, with its
    /// ORDER BY), at most `DASHBOARD_LINES`.
    fn dashboard_follow_ups(&self, sql: &str, a: &str, b: &str) -> Result<Vec<FollowUpLine>> {
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_map(params![a, b, DASHBOARD_LINES], |r| {
                Ok(FollowUpLine {
                    id: r.get(0)?,
                    text: r.get(1)?,
                    owner: r.get(2)?,
                    due: opt_date(r.get(3)?, 3)?,
                    project: r.get(4)?,
                    contact: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// How many open follow-ups a `count_open!` statement counts.
    fn count_open_follow_ups(&self, sql: &str, args: &[&str]) -> Result<i64> {
        let n = self
            .conn()
            .prepare_cached(sql)?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(n)
    }

    pub fn dashboard(&self, today: NaiveDate) -> Result<Dashboard> {
        let t = date_text(today);
        let week = date_text(today + chrono::Days::new(7));
        let overdue = self.dashboard_follow_ups(
            open_lines!("f.due_date < ?1 ORDER BY f.due_date DESC, f.rowid"),
            &t,
            &t,
        )?;
        let overdue_total = self.count_open_follow_ups(count_open!("due_date < ?1"), &[&t])?;
        let due_soon = self.dashboard_follow_ups(
            open_lines!("f.due_date >= ?1 AND f.due_date <= ?2 ORDER BY f.due_date, f.rowid"),
            &t,
            &week,
        )?;
        let due_soon_total = self.count_open_follow_ups(
            count_open!("due_date >= ?1 AND due_date <= ?2"),
            &[&t, &week],
        )?;
        let latest_visits = self
            .conn()
            .prepare_cached(
                "SELECT v.id, v.date, coalesce(v.place, ''), coalesce(p.title, '')
                 FROM visits v LEFT JOIN projects p ON p.id = v.project_id
                 WHERE v.deleted_at IS NULL ORDER BY v.date DESC, v.created_at DESC LIMIT ?1",
            )?
            .query_map([DASHBOARD_LINES], |r| {
                let date: String = r.get(1)?;
                Ok(VisitLine {
                    id: r.get(0)?,
                    date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or(today),
                    place: r.get(2)?,
                    project: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let counts: Vec<(String, i64)> = self
            .conn()
            .prepare_cached(
                "SELECT status, count(*) FROM projects WHERE deleted_at IS NULL GROUP BY status",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let projects_by_status = ProjectStatus::ALL
            .iter()
            .map(|s| {
                (
                    *s,
                    counts
                        .iter()
                        .find(|(k, _)| k == s.key())
                        .map_or(0, |(_, n)| *n),
                )
            })
            .collect();
        let this_month = today.with_day(1).unwrap_or(today);
        let first = this_month
            .checked_sub_months(Months::new(11))
            .unwrap_or(this_month);
        // One counted index range per month: cheaper than grouping a year
        // of visits (tens of thousands at the largest sizes).
        let mut month_count = self.conn().prepare_cached(
            "SELECT count(*) FROM visits WHERE deleted_at IS NULL AND date >= ?1 AND date < ?2",
        )?;
        let mut visits_per_month = Vec::with_capacity(12);
        for i in 0..12 {
            let Some(start) = first.checked_add_months(Months::new(i)) else {
                continue;
            };
            let end = start.checked_add_months(Months::new(1)).unwrap_or(start);
            let n: i64 =
                month_count.query_row(params![date_text(start), date_text(end)], |r| r.get(0))?;
            visits_per_month.push((start, n));
        }
        Ok(Dashboard {
            today,
            overdue,
            overdue_total,
            due_soon,
            due_soon_total,
            latest_visits,
            projects_by_status,
            visits_per_month,
            deliverables: self.deliverable_section(today)?,

            registrations: self.registration_watch(today)?,
        })
    }
}
