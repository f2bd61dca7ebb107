//! The desk's work in the monthly report, beyond visits and follow-ups:
//! consultations, events and attendance, the projects' reporting calendar,
//! registrations that expire, the portfolio by status and the late
//! projects, and visits month by month for the chart.
//!
//! "Overdue" counts only what was due before the end of the reported month,
//! so a report for a past month says what was late then, whatever today is.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use rusqlite::params;

use super::error::Result;
use super::read::Reader;
use super::rows::date_text;

/// Registrations that expire within this many days after the reported
/// month are listed (the dashboard's horizon too).
pub const EXPIRY_HORIZON_DAYS: u64 = 90;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportConsultation {
    pub date: NaiveDate,
    pub organization: String,
    /// Stored keys; the report prints their labels.
    pub topic: String,
    pub channel: String,
    pub minutes: Option<i64>,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportEvent {
    pub date: NaiveDate,
    pub title: String,
    pub kind: String,
    pub place: String,
    /// Invitees by status key.
    pub by_status: BTreeMap<String, i64>,
    /// Those who attended, by the kind of their organization.
    pub attended_by_org_kind: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportDeliverable {
    pub project: String,
    pub kind: String,
    pub title: String,
    pub due: NaiveDate,
    pub status: String,
    pub submitted_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRegistration {
    /// The organization's name or the project's reference and title.
    pub holder: String,
    pub kind: String,
    pub number: String,
    pub expires: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateProject {
    pub project: String,
    pub overdue_deliverables: i64,
    pub overdue_follow_ups: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeskReport {
    pub consultations: Vec<ReportConsultation>,
    pub events: Vec<ReportEvent>,
    pub submitted: Vec<ReportDeliverable>,
    /// Due or returned, and due before the end of the month.
    pub overdue: Vec<ReportDeliverable>,
    pub due_next_month: Vec<ReportDeliverable>,
    pub expiring: Vec<ReportRegistration>,
    /// Live projects by status key, in pipeline order.
    pub portfolio: Vec<(String, i64)>,
    pub late_projects: Vec<LateProject>,
    /// Visits in each of the 12 months ending with the reported one.
    pub visits_by_month: Vec<(NaiveDate, i64)>,
}

/// A project as the report names it: "FB-2026-0007 Borehole rehabilitation".
/// A macro so that every query stays one string literal (no SQL is built
/// at run time: `.ci/run` checks).
macro_rules! project_label {
    () => {
        "coalesce(p.ref_code || ' ', '') || p.title"
    };
}

/// Deliverables of live projects where `$condition` holds on `d`, with ?1
/// and ?2 two dates.
macro_rules! deliverables_where {
    ($condition:literal) => {
        concat!(
            "SELECT ",
            project_label!(),
            ", d.kind, coalesce(d.title, ''), d.due_date, d.status, d.submitted_on
             FROM deliverables d JOIN projects p ON p.id = d.project_id
             WHERE d.deleted_at IS NULL AND p.deleted_at IS NULL AND ",
            $condition,
            " ORDER BY d.due_date, p.sort_key"
        )
    };
}

fn day(text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn months_after(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n)).unwrap_or(d)
}

impl Reader<'_> {
    /// The desk's month from `first_day` (the 1st) to the end of the month.
    pub fn desk_report(&self, first_day: NaiveDate) -> Result<DeskReport> {
        let next = months_after(first_day, 1);
        Ok(DeskReport {
            consultations: self.report_consultations(first_day, next)?,
            events: self.report_events(first_day, next)?,
            submitted: self.report_deliverables(
                deliverables_where!("d.submitted_on >= ?1 AND d.submitted_on < ?2"),
                first_day,
                next,
            )?,
            overdue: self.report_deliverables(
                deliverables_where!("d.status IN ('due', 'returned') AND d.due_date < ?2"),
                first_day,
                next,
            )?,
            due_next_month: self.report_deliverables(
                deliverables_where!(
                    "d.due_date >= ?1 AND d.due_date < ?2 AND d.status IN ('due', 'returned')"
                ),
                next,
                months_after(next, 1),
            )?,
            expiring: self.report_expiring(first_day, next)?,
            portfolio: self.report_portfolio()?,
            late_projects: self.report_late_projects(next)?,
            visits_by_month: self.report_visits_by_month(first_day)?,
        })
    }

    fn report_consultations(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ReportConsultation>> {
        let mut stmt = self.conn().prepare(
            "SELECT c.date, coalesce(o.name, ''), c.topic, c.channel, c.minutes, c.summary
             FROM consultations c LEFT JOIN organizations o ON o.id = c.organization_id
             WHERE c.deleted_at IS NULL AND c.date >= ?1 AND c.date < ?2
             ORDER BY c.date, c.created_at",
        )?;
        let rows = stmt
            .query_map(params![date_text(from), date_text(to)], |r| {
                Ok(ReportConsultation {
                    date: day(&r.get::<_, String>(0)?)?,
                    organization: r.get(1)?,
                    topic: r.get(2)?,
                    channel: r.get(3)?,
                    minutes: r.get(4)?,
                    summary: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn report_events(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<ReportEvent>> {
        let conn = self.conn();
        let events: Vec<(Vec<u8>, ReportEvent)> = conn
            .prepare(
                "SELECT id, start_date, title, kind, CASE WHEN online = 1 THEN 'online'
                        ELSE coalesce(place, '') END
                 FROM events WHERE deleted_at IS NULL AND start_date >= ?1 AND start_date < ?2
                 ORDER BY start_date, created_at",
            )?
            .query_map(params![date_text(from), date_text(to)], |r| {
                Ok((
                    r.get(0)?,
                    ReportEvent {
                        date: day(&r.get::<_, String>(1)?)?,
                        title: r.get(2)?,
                        kind: r.get(3)?,
                        place: r.get(4)?,
                        by_status: BTreeMap::new(),
                        attended_by_org_kind: BTreeMap::new(),
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut by_status = conn.prepare(
            "SELECT status, count(*) FROM event_invitees WHERE event_id = ?1 GROUP BY 1",
        )?;
        // An invited organization counts under its own kind; a contact under
        // the kind of the organization they belong to, if any.
        let mut by_kind = conn.prepare(
            "SELECT coalesce(o.kind, 'none'), count(*) FROM event_invitees i
             LEFT JOIN contacts c ON c.id = i.contact_id
             LEFT JOIN organizations o ON o.id = coalesce(i.organization_id, c.organization_id)
             WHERE i.event_id = ?1 AND i.status = 'attended' GROUP BY 1",
        )?;
        let mut out = Vec::with_capacity(events.len());
        for (id, mut event) in events {
            event.by_status = by_status
                .query_map([&id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            event.attended_by_org_kind = by_kind
                .query_map([&id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            out.push(event);
        }
        Ok(out)
    }

    /// The deliverables `sql` (a `deliverables_where!`) lists between two dates.
    fn report_deliverables(
        &self,
        sql: &'static str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ReportDeliverable>> {
        let mut stmt = self.conn().prepare(sql)?;
        let rows = stmt
            .query_map(params![date_text(from), date_text(to)], |r| {
                Ok(ReportDeliverable {
                    project: r.get(0)?,
                    kind: r.get(1)?,
                    title: r.get(2)?,
                    due: day(&r.get::<_, String>(3)?)?,
                    status: r.get(4)?,
                    submitted_on: r
                        .get::<_, Option<String>>(5)?
                        .map(|d| day(&d))
                        .transpose()?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Registrations expiring from the month's start to the horizon after
    /// its end, and those already expired on a project still running.
    fn report_expiring(&self, from: NaiveDate, next: NaiveDate) -> Result<Vec<ReportRegistration>> {
        let horizon = next + chrono::Days::new(EXPIRY_HORIZON_DAYS);
        let sql = concat!(
            "SELECT coalesce(o.name, ",
            project_label!(),
            "), r.kind, coalesce(r.number, ''), r.expires_on
             FROM registrations r
             LEFT JOIN organizations o ON o.id = r.organization_id AND o.deleted_at IS NULL
             LEFT JOIN projects p ON p.id = r.project_id AND p.deleted_at IS NULL
             WHERE r.deleted_at IS NULL AND r.expires_on IS NOT NULL
               AND (o.id IS NOT NULL OR p.id IS NOT NULL)
               AND ((r.expires_on >= ?1 AND r.expires_on < ?2)
                    OR (r.expires_on < ?1 AND p.status IN ('approved', 'in_progress')))
             ORDER BY r.expires_on"
        );
        let mut stmt = self.conn().prepare(sql)?;
        let rows = stmt
            .query_map(params![date_text(from), date_text(horizon)], |r| {
                Ok(ReportRegistration {
                    holder: r.get(0)?,
                    kind: r.get(1)?,
                    number: r.get(2)?,
                    expires: day(&r.get::<_, String>(3)?)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn report_portfolio(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn().prepare(
            "SELECT status, count(*) FROM projects WHERE deleted_at IS NULL
             GROUP BY status ORDER BY min(status_rank)",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Projects with a deliverable or a follow-up due before `end` (the
    /// day after the month) and still open.
    fn report_late_projects(&self, end: NaiveDate) -> Result<Vec<LateProject>> {
        let sql = concat!(
            "SELECT ",
            project_label!(),
            ",
                    (SELECT count(*) FROM deliverables d WHERE d.project_id = p.id
                       AND d.deleted_at IS NULL AND d.status IN ('due', 'returned') AND d.due_date < ?1),
                    (SELECT count(*) FROM follow_ups f WHERE f.project_id = p.id
                       AND f.deleted_at IS NULL AND f.done_at IS NULL AND f.due_date < ?1)
             FROM projects p WHERE p.deleted_at IS NULL
             ORDER BY p.sort_key"
        );
        let mut stmt = self.conn().prepare(sql)?;
        let rows = stmt
            .query_map(params![date_text(end)], |r| {
                Ok(LateProject {
                    project: r.get(0)?,
                    overdue_deliverables: r.get(1)?,
                    overdue_follow_ups: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .filter(|p| p.overdue_deliverables + p.overdue_follow_ups > 0)
            .collect())
    }

    fn report_visits_by_month(&self, first_day: NaiveDate) -> Result<Vec<(NaiveDate, i64)>> {
        let start = first_day
            .checked_sub_months(Months::new(11))
            .unwrap_or(first_day);
        let mut stmt = self.conn().prepare(
            "SELECT substr(date, 1, 7), count(*) FROM visits
             WHERE deleted_at IS NULL AND date >= ?1 AND date < ?2 GROUP BY 1",
        )?;
        let counts: BTreeMap<String, i64> = stmt
            .query_map(
                params![date_text(start), date_text(months_after(first_day, 1))],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok((0..12)
            .map(|i| {
                let month = months_after(start, i);
                let key = month.format("%Y-%m").to_string();
                (month, counts.get(&key).copied().unwrap_or(0))
            })
            .collect())
    }
}
