//! Deliverables as the screens show them: a line (in a project's calendar,
//! on the dashboard), a deliverable's details, and the dashboard's section
//! of overdue deliverables and the deadlines of the next 30 days.

use chrono::{Days, NaiveDate};
use rusqlite::params;

use super::Link;
use super::detail::{DetailBody, NamedLink};
use crate::domain::*;
use crate::store::error::Result;
use crate::store::read::Reader;
use crate::store::rows::{self, date_text};

/// How far ahead the dashboard lists deadlines.
pub const DEADLINE_DAYS: u64 = 30;

/// Most lines a dashboard list of deliverables loads (the rest are counted).
const SECTION_LINES: i64 = 50;

/// One deliverable in a list: its project, what it is, when it is due and
/// where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliverableLine {
    pub id: Id,
    /// The project's reference code, else its title.
    pub project: String,
    pub title: String,
    pub due: NaiveDate,
    pub status: DeliverableStatus,
    /// Open and due before the day the line was read for.
    pub overdue: bool,
}

impl DeliverableLine {
    pub fn link(&self) -> Link {
        Link {
            kind: RecordKind::Deliverable,
            id: self.id,
        }
    }
}

/// The dashboard's deliverables: overdue ones (oldest first) and the open
/// ones due in the next `DEADLINE_DAYS` days (soonest first), with totals.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeliverableSection {
    pub overdue: Vec<DeliverableLine>,
    pub overdue_total: i64,
    pub upcoming: Vec<DeliverableLine>,
    pub upcoming_total: i64,
}

impl DeliverableSection {
    /// The links in display order: overdue, then upcoming.
    pub fn links(&self) -> impl Iterator<Item = Link> + '_ {
        self.overdue
            .iter()
            .chain(&self.upcoming)
            .map(DeliverableLine::link)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliverableDetail {
    pub deliverable: Deliverable,
    pub overdue: bool,
    pub project: NamedLink,
    pub submitter_org: Option<NamedLink>,
    pub submitter_contact: Option<NamedLink>,
}

/// Open deliverables due before ?1 (oldest first), or from ?1 to ?2
/// (soonest first), each with its project's code or title, at most ?3;
/// not those of a project in the trash (they come back with it).
const OVERDUE_SQL: &str = concat!(
    "SELECT ",
    rows::deliverable_columns!(),
    ", (SELECT coalesce(p.ref_code, p.title) FROM projects p WHERE p.id = d.project_id)
     FROM deliverables d WHERE deleted_at IS NULL AND status IN ('due', 'returned') AND NOT EXISTS (SELECT 1 FROM projects tp WHERE tp.id = d.project_id AND tp.deleted_at IS NOT NULL)
     AND due_date < ?1 AND ?2 = ?2 ORDER BY due_date, kind, id LIMIT ?3"
);
const UPCOMING_SQL: &str = concat!(
    "SELECT ",
    rows::deliverable_columns!(),
    ", (SELECT coalesce(p.ref_code, p.title) FROM projects p WHERE p.id = d.project_id)
     FROM deliverables d WHERE deleted_at IS NULL AND status IN ('due', 'returned') AND NOT EXISTS (SELECT 1 FROM projects tp WHERE tp.id = d.project_id AND tp.deleted_at IS NOT NULL)
     AND due_date >= ?1 AND due_date <= ?2 ORDER BY due_date, kind, id LIMIT ?3"
);
const COUNT_OVERDUE_SQL: &str = "SELECT count(*) FROM deliverables d
     WHERE deleted_at IS NULL AND status IN ('due', 'returned') AND NOT EXISTS (SELECT 1 FROM projects tp WHERE tp.id = d.project_id AND tp.deleted_at IS NOT NULL) AND due_date < ?1 AND ?2 = ?2";
const COUNT_UPCOMING_SQL: &str = "SELECT count(*) FROM deliverables d
     WHERE deleted_at IS NULL AND status IN ('due', 'returned') AND NOT EXISTS (SELECT 1 FROM projects tp WHERE tp.id = d.project_id AND tp.deleted_at IS NOT NULL)
     AND due_date >= ?1 AND due_date <= ?2";

impl Reader<'_> {
    fn deliverable_lines(
        &self,
        sql: &str,
        a: &str,
        b: &str,
        today: NaiveDate,
    ) -> Result<Vec<DeliverableLine>> {
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_map(params![a, b, SECTION_LINES], |r| {
                let d = rows::deliverable(r)?;
                let project: Option<String> = r.get(15)?;
                Ok(line(d, project.unwrap_or_default(), today))
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn count_deliverables(&self, sql: &str, a: &str, b: &str) -> Result<i64> {
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_row(params![a, b], |r| r.get(0))?)
    }

    /// The dashboard's section for `today`.
    pub fn deliverable_section(&self, today: NaiveDate) -> Result<DeliverableSection> {
        let t = date_text(today);
        let until = date_text(today + Days::new(DEADLINE_DAYS));
        Ok(DeliverableSection {
            overdue: self.deliverable_lines(OVERDUE_SQL, &t, &t, today)?,
            overdue_total: self.count_deliverables(COUNT_OVERDUE_SQL, &t, &t)?,
            upcoming: self.deliverable_lines(UPCOMING_SQL, &t, &until, today)?,
            upcoming_total: self.count_deliverables(COUNT_UPCOMING_SQL, &t, &until)?,
        })
    }

    /// A project's calendar as lines, by due date.
    pub fn calendar_of(&self, project: Id, today: NaiveDate) -> Result<Vec<DeliverableLine>> {
        let name = self.title_of(RecordKind::Project, project)?;
        Ok(self
            .deliverables_of_project(project)?
            .into_iter()
            .map(|d| line(d, name.clone(), today))
            .collect())
    }

    pub(super) fn deliverable_detail(
        &self,
        id: Id,
        today: NaiveDate,
    ) -> Result<Option<DetailBody>> {
        let Some(deliverable) = self.deliverable(id)? else {
            return Ok(None);
        };
        let named = |kind: RecordKind, id: Id| -> Result<NamedLink> {
            let name = self.title_of(kind, id)?;
            Ok(NamedLink {
                link: Link { kind, id },
                name: (!name.is_empty()).then_some(name),
            })
        };
        let project = named(RecordKind::Project, deliverable.project_id)?;
        let submitter_org = deliverable
            .submitter_org_id
            .map(|o| named(RecordKind::Organization, o))
            .transpose()?;
        let submitter_contact = deliverable
            .submitter_contact_id
            .map(|c| named(RecordKind::Contact, c))
            .transpose()?;
        Ok(Some(DetailBody::Deliverable(Box::new(DeliverableDetail {
            overdue: deliverable.is_overdue(today),
            deliverable,
            project,
            submitter_org,
            submitter_contact,
        }))))
    }
}

fn line(d: Deliverable, project: String, today: NaiveDate) -> DeliverableLine {
    DeliverableLine {
        id: d.meta.id,
        project,
        title: d.display_title(),
        due: d.due_date,
        status: d.status,
        overdue: d.is_overdue(today),
    }
}

/// The list's "what" column from `title<US>status`: the title, with the
/// status's label where it is not plainly due.
pub(super) fn list_column(raw: &str) -> String {
    let Some((title, status)) = raw.split_once('\u{1f}') else {
        return raw.to_string();
    };
    match DeliverableStatus::parse(status) {
        Ok(DeliverableStatus::Due) => title.to_string(),
        Ok(s) => format!("{title} [{}]", s.label().to_lowercase()),
        Err(_) => title.to_string(),
    }
}
