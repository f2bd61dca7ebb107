//! What happened in one month, for the report head office asks for.

use chrono::{DateTime, Months, NaiveDate, Utc};
use rusqlite::params;

use super::error::Result;
use super::read::Reader;
use super::rows::date_text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportVisit {
    pub date: NaiveDate,
    pub place: String,
    pub purpose: String,
    pub project: String,
    pub people: Vec<String>,
    pub observations: String,
    pub issues: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFollowUp {
    pub text: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub project: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportStatusChange {
    pub at: DateTime<Utc>,
    pub project: String,
    pub from: Option<String>,
    pub to: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthReport {
    pub first_day: NaiveDate,
    pub visits: Vec<ReportVisit>,
    pub opened: Vec<ReportFollowUp>,
    pub closed: Vec<ReportFollowUp>,
    /// Open and due before the end of the month.
    pub overdue: Vec<ReportFollowUp>,
    pub status_changes: Vec<ReportStatusChange>,
    /// Consultations, events, deliverables, registrations, the portfolio.
    pub desk: super::report_desk::DeskReport,
}

impl Reader<'_> {
    /// Everything the month's report shows; records in the trash are left out.
    pub fn month_report(&self, first_day: NaiveDate) -> Result<MonthReport> {
        let next = first_day
            .checked_add_months(Months::new(1))
            .unwrap_or(first_day);
        let (from, to) = (date_text(first_day), date_text(next));
        let ms = |d: NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .map(|t| t.and_utc().timestamp_millis())
                .unwrap_or(0)
        };
        let (from_ms, to_ms) = (ms(first_day), ms(next));
        let conn = self.conn();
        let visits: Vec<(Vec<u8>, ReportVisit)> = conn
            .prepare(
                "SELECT v.id, v.date, coalesce(v.place, ''), v.purpose,
                        coalesce(p.ref_code || ' ', '') || coalesce(p.title, ''),
                        v.observations, v.issues
                 FROM visits v LEFT JOIN projects p ON p.id = v.project_id
                 WHERE v.deleted_at IS NULL AND v.date >= ?1 AND v.date < ?2
                 ORDER BY v.date, v.created_at",
            )?
            .query_map(params![from, to], |r| {
                let date: String = r.get(1)?;
                let purpose: String = r.get(3)?;
                Ok((
                    r.get(0)?,
                    ReportVisit {
                        date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or(first_day),
                        place: r.get(2)?,
                        purpose: crate::domain::Purpose::parse(&purpose)
                            .map(|p| p.label().to_string())
                            .unwrap_or(purpose),
                        project: r.get(4)?,
                        people: Vec::new(),
                        observations: r.get(5)?,
                        issues: r.get(6)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut people = conn.prepare(
            "SELECT c.display_name FROM visit_participants p JOIN contacts c ON c.id = p.contact_id
             WHERE p.visit_id = ?1 ORDER BY p.position",
        )?;
        let mut with_people = Vec::with_capacity(visits.len());
        for (id, mut v) in visits {
            v.people = people
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            with_people.push(v);
        }
        let follow_ups = |condition: &str| -> Result<Vec<ReportFollowUp>> {
            let sql = match condition {
                "opened" => {
                    "SELECT f.text, coalesce(c.display_name, 'me'), f.due_date, coalesce(p.title, '')
                     FROM follow_ups f LEFT JOIN contacts c ON c.id = f.owner_contact_id
                     LEFT JOIN projects p ON p.id = f.project_id
                     WHERE f.deleted_at IS NULL AND f.created_at >= ?1 AND f.created_at < ?2
                     ORDER BY f.due_date"
                }
                "closed" => {
                    "SELECT f.text, coalesce(c.display_name, 'me'), f.due_date, coalesce(p.title, '')
                     FROM follow_ups f LEFT JOIN contacts c ON c.id = f.owner_contact_id
                     LEFT JOIN projects p ON p.id = f.project_id
                     WHERE f.deleted_at IS NULL AND f.done_at >= ?1 AND f.done_at < ?2
                     ORDER BY f.done_at"
                }
                _ => {
                    "SELECT f.text, coalesce(c.display_name, 'me'), f.due_date, coalesce(p.title, '')
                     FROM follow_ups f LEFT JOIN contacts c ON c.id = f.owner_contact_id
                     LEFT JOIN projects p ON p.id = f.project_id
                     WHERE f.deleted_at IS NULL AND f.done_at IS NULL AND f.due_date < ?1
                     ORDER BY f.due_date"
                }
            };
            let overdue = condition == "overdue";
            let mut stmt = conn.prepare(sql)?;
            let rows = if overdue {
                stmt.query(params![to])?
            } else {
                stmt.query(params![from_ms, to_ms])?
            };
            Ok(rows
                .mapped(|r| {
                    let due: Option<String> = r.get(2)?;
                    Ok(ReportFollowUp {
                        text: r.get(0)?,
                        owner: r.get(1)?,
                        due: due.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                        project: r.get(3)?,
                    })
                })
                .collect::<rusqlite::Result<_>>()?)
        };
        let status_changes = conn
            .prepare(
                "SELECT h.changed_at, coalesce(p.ref_code || ' ', '') || p.title, h.from_status, h.to_status, h.reason
                 FROM project_status_history h JOIN projects p ON p.id = h.project_id
                 WHERE p.deleted_at IS NULL AND h.changed_at >= ?1 AND h.changed_at < ?2 AND h.from_status IS NOT NULL
                 ORDER BY h.changed_at",
            )?
            .query_map(params![from_ms, to_ms], |r| {
                let label = |s: String| crate::domain::ProjectStatus::parse(&s).map(|x| x.label().to_string()).unwrap_or(s);
                Ok(ReportStatusChange {
                    at: DateTime::from_timestamp_millis(r.get(0)?).unwrap_or_default(),
                    project: r.get(1)?,
                    from: r.get::<_, Option<String>>(2)?.map(label),
                    to: label(r.get(3)?),
                    reason: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(MonthReport {
            first_day,
            visits: with_people,
            opened: follow_ups("opened")?,
            closed: follow_ups("closed")?,
            overdue: follow_ups("overdue")?,
            status_changes,
            desk: self.desk_report(first_day)?,
        })
    }
}
