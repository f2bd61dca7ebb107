//! Read models for the screens: ordered keys for virtualized lists, the rows
//! of one visible window, a record's details with its links, its timeline,
//! and the dashboard. Screens never run SQL; they ask for these.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use super::error::Result;
use super::read::Reader;
use super::rows::date_text;
use crate::domain::*;

/// Which follow-ups a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FollowUpFilter {
    #[default]
    Open,
    Done,
    All,
}

impl FollowUpFilter {
    pub fn next(self) -> FollowUpFilter {
        match self {
            FollowUpFilter::Open => FollowUpFilter::Done,
            FollowUpFilter::Done => FollowUpFilter::All,
            FollowUpFilter::All => FollowUpFilter::Open,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FollowUpFilter::Open => "open",
            FollowUpFilter::Done => "done",
            FollowUpFilter::All => "all",
        }
    }
}

/// One line of a list: up to three columns and what to highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    pub key: i64,
    pub id: Id,
    pub columns: [String; 3],
    pub overdue: bool,
    pub done: bool,
}

/// A link from one record to another, shown in details and timelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Link {
    pub kind: RecordKind,
    pub id: Id,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailItem {
    pub text: String,
    pub link: Option<Link>,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailSection {
    pub heading: String,
    pub items: Vec<DetailItem>,
}

/// Everything the details pane shows about one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub kind: RecordKind,
    pub id: Id,
    pub title: String,
    pub subtitle: Option<String>,
    pub fields: Vec<(String, DetailItem)>,
    pub sections: Vec<DetailSection>,
    pub deleted: bool,
}

impl Detail {
    /// The links in display order (fields first, then sections).
    pub fn links(&self) -> Vec<Link> {
        self.fields
            .iter()
            .map(|(_, item)| item)
            .chain(self.sections.iter().flat_map(|s| s.items.iter()))
            .filter_map(|item| item.link)
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    /// "note", "visit", "status"...
    pub label: &'static str,
    pub text: String,
    pub link: Option<Link>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpLine {
    pub id: Id,
    pub text: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
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
    pub overdue: Vec<FollowUpLine>,
    pub overdue_total: i64,
    pub due_soon: Vec<FollowUpLine>,
    pub latest_visits: Vec<VisitLine>,
    pub projects_by_status: Vec<(ProjectStatus, i64)>,
    /// (first day of month, visits) for the last 12 months, oldest first.
    pub visits_per_month: Vec<(NaiveDate, i64)>,
}

const DASHBOARD_LINES: i64 = 20;

/// id, text, due date, owner's name, done.
type FollowUpRow = (Id, String, Option<String>, Option<String>, bool);
const TIMELINE_LIMIT: i64 = 200;

impl Reader<'_> {
    /// True when any record exists, deleted or not (cheap at any size).
    pub fn has_records(&self) -> Result<bool> {
        let found: i64 = self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM organizations) OR EXISTS (SELECT 1 FROM contacts)
                 OR EXISTS (SELECT 1 FROM projects) OR EXISTS (SELECT 1 FROM visits)
                 OR EXISTS (SELECT 1 FROM follow_ups) OR EXISTS (SELECT 1 FROM notes)",
            [],
            |r| r.get(0),
        )?;
        Ok(found != 0)
    }

    /// The keys of every row a list shows, in display order. Keys are SQLite
    /// rowids (8 bytes each: 100,000 contacts cost under 1 MiB).
    pub fn list_keys(&self, kind: RecordKind, filter: FollowUpFilter) -> Result<Vec<i64>> {
        let sql = match (kind, filter) {
            (RecordKind::Contact, _) => {
                "SELECT rowid FROM contacts WHERE deleted_at IS NULL ORDER BY sort_key, rowid"
            }
            (RecordKind::Organization, _) => {
                "SELECT rowid FROM organizations WHERE deleted_at IS NULL ORDER BY sort_key, rowid"
            }
            (RecordKind::Project, _) => {
                "SELECT rowid FROM projects WHERE deleted_at IS NULL
                 ORDER BY status_rank, sort_key, rowid"
            }
            (RecordKind::Visit, _) => {
                "SELECT rowid FROM visits WHERE deleted_at IS NULL
                 ORDER BY date DESC, created_at DESC"
            }
            (RecordKind::FollowUp, FollowUpFilter::Open) => {
                "SELECT rowid FROM follow_ups WHERE deleted_at IS NULL AND done_at IS NULL
                 ORDER BY due_date IS NULL, due_date, rowid"
            }
            (RecordKind::FollowUp, FollowUpFilter::Done) => {
                "SELECT rowid FROM follow_ups WHERE deleted_at IS NULL AND done_at IS NOT NULL
                 ORDER BY done_at DESC"
            }
            // Open ones first, then done ones: two index scans, no sort.
            (RecordKind::FollowUp, FollowUpFilter::All) => {
                let mut keys = self.list_keys(kind, FollowUpFilter::Open)?;
                keys.extend(self.list_keys(kind, FollowUpFilter::Done)?);
                return Ok(keys);
            }
            (RecordKind::Note, _) => {
                "SELECT rowid FROM notes WHERE deleted_at IS NULL ORDER BY created_at DESC"
            }
        };
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The list key of a record, if it is in its list.
    pub fn list_key_of(&self, kind: RecordKind, id: Id) -> Result<Option<i64>> {
        let sql = match kind {
            RecordKind::Contact => "SELECT rowid FROM contacts WHERE id = ?1",
            RecordKind::Organization => "SELECT rowid FROM organizations WHERE id = ?1",
            RecordKind::Project => "SELECT rowid FROM projects WHERE id = ?1",
            RecordKind::Visit => "SELECT rowid FROM visits WHERE id = ?1",
            RecordKind::FollowUp => "SELECT rowid FROM follow_ups WHERE id = ?1",
            RecordKind::Note => "SELECT rowid FROM notes WHERE id = ?1",
        };
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// The rows for `keys`, in the same order (only the visible window).
    pub fn list_rows(
        &self,
        kind: RecordKind,
        keys: &[i64],
        today: NaiveDate,
    ) -> Result<Vec<ListRow>> {
        let sql = match kind {
            RecordKind::Contact => {
                "SELECT c.id, c.display_name, coalesce(c.native_name, ''), coalesce(o.name, ''), 0, 0
                 FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
                 WHERE c.rowid = ?1"
            }
            RecordKind::Organization => {
                "SELECT id, name, kind, coalesce(city, '') || coalesce(' ' || country, ''), 0, 0
                 FROM organizations WHERE rowid = ?1"
            }
            RecordKind::Project => {
                "SELECT id, status, coalesce(ref_code, ''), title, 0, 0 FROM projects WHERE rowid = ?1"
            }
            RecordKind::Visit => {
                "SELECT v.id, v.date, coalesce(v.place, ''), coalesce(p.title, ''), 0, 0
                 FROM visits v LEFT JOIN projects p ON p.id = v.project_id WHERE v.rowid = ?1"
            }
            RecordKind::FollowUp => {
                "SELECT f.id, coalesce(f.due_date, ''), f.text, coalesce(c.display_name, 'me'),
                        coalesce(f.done_at IS NULL AND f.due_date < ?2, 0), f.done_at IS NOT NULL
                 FROM follow_ups f LEFT JOIN contacts c ON c.id = f.owner_contact_id
                 WHERE f.rowid = ?1"
            }
            RecordKind::Note => {
                "SELECT id, date(created_at / 1000, 'unixepoch'), body, '', 0, 0
                 FROM notes WHERE rowid = ?1"
            }
        };
        let mut stmt = self.conn().prepare_cached(sql)?;
        let today = date_text(today);
        let mut out = Vec::with_capacity(keys.len());
        for &key in keys {
            let bind_today = kind == RecordKind::FollowUp;
            let mut rows = if bind_today {
                stmt.query(params![key, today])?
            } else {
                stmt.query(params![key])?
            };
            if let Some(r) = rows.next()? {
                let mut columns = [r.get::<_, String>(1)?, r.get(2)?, r.get(3)?];
                match kind {
                    RecordKind::Project => {
                        columns[0] = ProjectStatus::parse(&columns[0])
                            .map(|s| s.label().to_string())
                            .unwrap_or_else(|_| columns[0].clone());
                    }
                    RecordKind::Organization => {
                        columns[1] = OrgKind::parse(&columns[1])
                            .map(|k| k.label().to_string())
                            .unwrap_or_else(|_| columns[1].clone());
                    }
                    _ => {}
                }
                out.push(ListRow {
                    key,
                    id: r.get(0)?,
                    columns,
                    overdue: r.get(4)?,
                    done: r.get(5)?,
                });
            }
        }
        Ok(out)
    }

    fn name_of(&self, kind: RecordKind, id: Id) -> Result<String> {
        let sql = match kind {
            RecordKind::Organization => "SELECT name FROM organizations WHERE id = ?1",
            RecordKind::Contact => "SELECT display_name FROM contacts WHERE id = ?1",
            RecordKind::Project => {
                "SELECT coalesce(ref_code || ' ', '') || title FROM projects WHERE id = ?1"
            }
            RecordKind::Visit => {
                "SELECT date || coalesce(' ' || place, '') FROM visits WHERE id = ?1"
            }
            RecordKind::FollowUp => "SELECT text FROM follow_ups WHERE id = ?1",
            RecordKind::Note => "SELECT substr(body, 1, 60) FROM notes WHERE id = ?1",
        };
        let name: Option<String> = self
            .conn()
            .prepare_cached(sql)?
            .query_row([id], |r| r.get(0))
            .optional()?;
        Ok(name.unwrap_or_else(|| format!("(missing {})", kind.label())))
    }

    fn link_item(&self, kind: RecordKind, id: Id) -> Result<DetailItem> {
        Ok(DetailItem {
            text: self.name_of(kind, id)?,
            link: Some(Link { kind, id }),
            overdue: false,
        })
    }

    fn follow_up_items(&self, sql: &str, owner: Id, today: NaiveDate) -> Result<Vec<DetailItem>> {
        let rows: Vec<FollowUpRow> = self
            .conn()
            .prepare_cached(sql)?
            .query_map(params![owner], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .map(|(id, text, due, owner, done)| {
                let overdue = !done
                    && due
                        .as_deref()
                        .is_some_and(|d| d < date_text(today).as_str());
                let mark = if done { "[x]" } else { "[ ]" };
                let due = due.map(|d| format!(" due {d}")).unwrap_or_default();
                let owner = owner
                    .map(|o| format!(" ({o})"))
                    .unwrap_or_else(|| " (me)".into());
                DetailItem {
                    text: format!(
                        "{mark} {text}{owner}{due}{}",
                        if overdue { "  OVERDUE" } else { "" }
                    ),
                    link: Some(Link {
                        kind: RecordKind::FollowUp,
                        id,
                    }),
                    overdue,
                }
            })
            .collect())
    }

    /// The details pane's content for one record.
    pub fn detail(&self, kind: RecordKind, id: Id, today: NaiveDate) -> Result<Option<Detail>> {
        match kind {
            RecordKind::Contact => self.contact_detail(id, today),
            RecordKind::Organization => self.organization_detail(id, today),
            RecordKind::Project => self.project_detail(id, today),
            RecordKind::Visit => self.visit_detail(id, today),
            RecordKind::FollowUp => self.follow_up_detail(id, today),
            RecordKind::Note => Ok(None),
        }
    }

    fn contact_detail(&self, id: Id, today: NaiveDate) -> Result<Option<Detail>> {
        let Some(c) = self.contact(id)? else {
            return Ok(None);
        };
        let mut fields = Vec::new();
        let mut field = |label: &str, value: Option<String>| {
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                fields.push((
                    label.to_string(),
                    DetailItem {
                        text: v,
                        link: None,
                        overdue: false,
                    },
                ));
            }
        };
        field("Native name", c.native_name.clone());
        field("Reading", c.reading.clone());
        field("Role", c.role.clone());
        for p in &c.phones {
            field(
                if p.label.is_empty() {
                    "Phone"
                } else {
                    &p.label
                },
                Some(p.value.clone()),
            );
        }
        for e in &c.emails {
            field(
                if e.label.is_empty() {
                    "E-mail"
                } else {
                    &e.label
                },
                Some(e.value.clone()),
            );
        }
        field("Languages", Some(c.languages.join(", ")));
        field(
            "Place",
            Some(
                [c.city.clone(), c.country.as_deref().map(country::display)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        );
        field("Tags", Some(c.tags.join(", ")));
        if let Some(org) = c.organization_id {
            fields.insert(
                0,
                (
                    "Organization".into(),
                    self.link_item(RecordKind::Organization, org)?,
                ),
            );
        }
        let projects: Vec<Id> = self
            .conn()
            .prepare_cached(
                "SELECT DISTINCT v.project_id FROM visit_participants vp
                 JOIN visits v ON v.id = vp.visit_id
                 WHERE vp.contact_id = ?1 AND v.project_id IS NOT NULL AND v.deleted_at IS NULL
                 LIMIT 50",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let last_visit: Option<Id> = self
            .conn()
            .prepare_cached(
                "SELECT v.id FROM visit_participants vp JOIN visits v ON v.id = vp.visit_id
                 WHERE vp.contact_id = ?1 AND v.deleted_at IS NULL
                 ORDER BY v.date DESC, v.created_at DESC LIMIT 1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?;
        let follow_ups = self.follow_up_items(
            "SELECT f.id, f.text, f.due_date, c.display_name, f.done_at IS NOT NULL
             FROM follow_ups f LEFT JOIN contacts c ON c.id = f.owner_contact_id
             WHERE (f.owner_contact_id = ?1 OR f.contact_id = ?1)
               AND f.done_at IS NULL AND f.deleted_at IS NULL
             ORDER BY f.due_date IS NULL, f.due_date LIMIT 50",
            id,
            today,
        )?;
        let mut sections = vec![DetailSection {
            heading: "Projects (through visits)".into(),
            items: projects
                .into_iter()
                .map(|p| self.link_item(RecordKind::Project, p))
                .collect::<Result<_>>()?,
        }];
        sections.push(DetailSection {
            heading: "Open follow-ups".into(),
            items: follow_ups,
        });
        sections.push(DetailSection {
            heading: "Last visit".into(),
            items: last_visit
                .map(|v| self.link_item(RecordKind::Visit, v))
                .transpose()?
                .into_iter()
                .collect(),
        });
        Ok(Some(Detail {
            kind: RecordKind::Contact,
            id,
            title: c.display_name.clone(),
            subtitle: c.native_name.clone(),
            fields,
            sections,
            deleted: c.meta.deleted_at.is_some(),
        }))
    }

    fn organization_detail(&self, id: Id, today: NaiveDate) -> Result<Option<Detail>> {
        let Some(o) = self.organization(id)? else {
            return Ok(None);
        };
        let plain = |text: String| DetailItem {
            text,
            link: None,
            overdue: false,
        };
        let mut fields = vec![("Kind".to_string(), plain(o.kind.label().to_string()))];
        let place = [o.city.clone(), o.country.as_deref().map(country::display)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
        if !place.is_empty() {
            fields.push(("Place".into(), plain(place.join(", "))));
        }
        if let Some(w) = &o.website {
            fields.push(("Website".into(), plain(w.clone())));
        }
        if !o.tags.is_empty() {
            fields.push(("Tags".into(), plain(o.tags.join(", "))));
        }
        let ids = |sql: &str| -> Result<Vec<Id>> {
            Ok(self
                .conn()
                .prepare_cached(sql)?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        };
        let people = ids(
            "SELECT id FROM contacts WHERE organization_id = ?1 AND deleted_at IS NULL
             ORDER BY sort_key LIMIT 100",
        )?;
        let projects = ids(
            "SELECT id FROM projects WHERE deleted_at IS NULL AND (implementing_org_id = ?1
                OR id IN (SELECT project_id FROM project_partners WHERE organization_id = ?1))
             ORDER BY status_rank, sort_key LIMIT 100",
        )?;
        let _ = today;
        Ok(Some(Detail {
            kind: RecordKind::Organization,
            id,
            title: o.name.clone(),
            subtitle: None,
            fields,
            sections: vec![
                DetailSection {
                    heading: "People".into(),
                    items: people
                        .into_iter()
                        .map(|c| self.link_item(RecordKind::Contact, c))
                        .collect::<Result<_>>()?,
                },
                DetailSection {
                    heading: "Projects".into(),
                    items: projects
                        .into_iter()
                        .map(|p| self.link_item(RecordKind::Project, p))
                        .collect::<Result<_>>()?,
                },
            ],
            deleted: o.meta.deleted_at.is_some(),
        }))
    }

    fn project_detail(&self, id: Id, today: NaiveDate) -> Result<Option<Detail>> {
        let Some(p) = self.project(id)? else {
            return Ok(None);
        };
        let plain = |text: String| DetailItem {
            text,
            link: None,
            overdue: false,
        };
        let mut fields = vec![("Status".to_string(), plain(p.status.label().to_string()))];
        if let Some(r) = &p.ref_code {
            fields.push(("Reference".into(), plain(r.clone())));
        }
        if let Some(org) = p.implementing_org_id {
            fields.push((
                "Implementing".into(),
                self.link_item(RecordKind::Organization, org)?,
            ));
        }
        for partner in &p.partner_org_ids {
            fields.push((
                "Partner".into(),
                self.link_item(RecordKind::Organization, *partner)?,
            ));
        }
        let place = [
            p.site.clone(),
            p.host_country.as_deref().map(country::display),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
        if !place.is_empty() {
            fields.push(("Site".into(), plain(place.join(", "))));
        }
        if let Some(s) = &p.sector {
            fields.push(("Sector".into(), plain(s.clone())));
        }
        if let Some(t) = p.programme_type {
            fields.push(("Programme".into(), plain(t.label().to_string())));
        }
        if p.start_date.is_some() || p.end_date.is_some() {
            let show = |d: Option<NaiveDate>| d.map(date_text).unwrap_or_else(|| "?".into());
            fields.push((
                "Dates".into(),
                plain(format!("{} to {}", show(p.start_date), show(p.end_date))),
            ));
        }
        if let Some(b) = &p.budget {
            fields.push(("Budget".into(), plain(b.to_string())));
        }
        if let Some(s) = &p.summary {
            fields.push(("Summary".into(), plain(s.clone())));
        }
        let history = self
            .status_history(id)?
            .into_iter()
            .rev()
            .map(|h| {
                let from = h
                    .from
                    .map(|f| format!("{} -> ", f.label()))
                    .unwrap_or_default();
                let reason = h.reason.map(|r| format!(": {r}")).unwrap_or_default();
                plain(format!(
                    "{} {from}{}{reason}",
                    h.changed_at.format("%Y-%m-%d"),
                    h.to.label()
                ))
            })
            .collect();
        let visits: Vec<Id> = self
            .conn()
            .prepare_cached(
                "SELECT id FROM visits WHERE project_id = ?1 AND deleted_at IS NULL
                 ORDER BY date DESC LIMIT 50",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let follow_ups = self.follow_up_items(
            "SELECT f.id, f.text, f.due_date, c.display_name, f.done_at IS NOT NULL
             FROM follow_ups f LEFT JOIN contacts c ON c.id = f.owner_contact_id
             WHERE f.project_id = ?1 AND f.deleted_at IS NULL
             ORDER BY f.done_at IS NOT NULL, f.due_date LIMIT 50",
            id,
            today,
        )?;
        Ok(Some(Detail {
            kind: RecordKind::Project,
            id,
            title: p.title.clone(),
            subtitle: p.ref_code.clone(),
            fields,
            sections: vec![
                DetailSection {
                    heading: "Status history (newest first)".into(),
                    items: history,
                },
                DetailSection {
                    heading: "Visits".into(),
                    items: visits
                        .into_iter()
                        .map(|v| self.link_item(RecordKind::Visit, v))
                        .collect::<Result<_>>()?,
                },
                DetailSection {
                    heading: "Follow-ups".into(),
                    items: follow_ups,
                },
            ],
            deleted: p.meta.deleted_at.is_some(),
        }))
    }

    fn visit_detail(&self, id: Id, today: NaiveDate) -> Result<Option<Detail>> {
        let Some(v) = self.visit(id)? else {
            return Ok(None);
        };
        let plain = |text: String| DetailItem {
            text,
            link: None,
            overdue: false,
        };
        let mut fields = vec![
            ("Date".to_string(), plain(date_text(v.date))),
            ("Purpose".to_string(), plain(v.purpose.label().to_string())),
        ];
        if let Some(place) = &v.place {
            fields.push(("Place".into(), plain(place.clone())));
        }
        if let Some(project) = v.project_id {
            fields.push((
                "Project".into(),
                self.link_item(RecordKind::Project, project)?,
            ));
        }
        let text_items =
            |s: &str| -> Vec<DetailItem> { s.lines().map(|l| plain(l.to_string())).collect() };
        let follow_ups = self.follow_up_items(
            "SELECT f.id, f.text, f.due_date, c.display_name, f.done_at IS NOT NULL
             FROM follow_ups f LEFT JOIN contacts c ON c.id = f.owner_contact_id
             WHERE f.visit_id = ?1 AND f.deleted_at IS NULL
             ORDER BY f.done_at IS NOT NULL, f.due_date",
            id,
            today,
        )?;
        Ok(Some(Detail {
            kind: RecordKind::Visit,
            id,
            title: format!(
                "Visit {}{}",
                date_text(v.date),
                v.place
                    .as_ref()
                    .map(|p| format!(", {p}"))
                    .unwrap_or_default()
            ),
            subtitle: None,
            fields,
            sections: vec![
                DetailSection {
                    heading: "Participants".into(),
                    items: v
                        .participant_ids
                        .iter()
                        .map(|c| self.link_item(RecordKind::Contact, *c))
                        .collect::<Result<_>>()?,
                },
                DetailSection {
                    heading: "Observations".into(),
                    items: text_items(&v.observations),
                },
                DetailSection {
                    heading: "Issues".into(),
                    items: text_items(&v.issues),
                },
                DetailSection {
                    heading: "Follow-ups".into(),
                    items: follow_ups,
                },
            ],
            deleted: v.meta.deleted_at.is_some(),
        }))
    }

    fn follow_up_detail(&self, id: Id, today: NaiveDate) -> Result<Option<Detail>> {
        let Some(f) = self.follow_up(id)? else {
            return Ok(None);
        };
        let plain = |text: String| DetailItem {
            text,
            link: None,
            overdue: false,
        };
        let overdue = f.is_overdue(today);
        let state = match (f.done_at, overdue) {
            (Some(at), _) => format!("done {}", at.format("%Y-%m-%d")),
            (None, true) => "OVERDUE".to_string(),
            (None, false) => "open".to_string(),
        };
        let mut fields = vec![(
            "State".to_string(),
            DetailItem {
                text: state,
                link: None,
                overdue,
            },
        )];
        if let Some(due) = f.due_date {
            fields.push((
                "Due".into(),
                DetailItem {
                    text: date_text(due),
                    link: None,
                    overdue,
                },
            ));
        }
        fields.push((
            "Owner".into(),
            match f.owner {
                Owner::Officer => plain("me".into()),
                Owner::Contact(c) => self.link_item(RecordKind::Contact, c)?,
            },
        ));
        if let Some(v) = f.visit_id {
            fields.push(("Visit".into(), self.link_item(RecordKind::Visit, v)?));
        }
        if let Some(p) = f.project_id {
            fields.push(("Project".into(), self.link_item(RecordKind::Project, p)?));
        }
        if let Some(c) = f.contact_id {
            fields.push(("About".into(), self.link_item(RecordKind::Contact, c)?));
        }
        Ok(Some(Detail {
            kind: RecordKind::FollowUp,
            id,
            title: f.text.clone(),
            subtitle: None,
            fields,
            sections: Vec::new(),
            deleted: f.meta.deleted_at.is_some(),
        }))
    }

    /// Notes, visits and status changes about a record, newest first.
    pub fn timeline(&self, kind: RecordKind, id: Id) -> Result<Vec<TimelineEntry>> {
        let mut out: Vec<TimelineEntry> = Vec::new();
        let target = match kind {
            RecordKind::Organization => Some(NoteTarget::Organization(id)),
            RecordKind::Contact => Some(NoteTarget::Contact(id)),
            RecordKind::Project => Some(NoteTarget::Project(id)),
            RecordKind::Visit => Some(NoteTarget::Visit(id)),
            _ => None,
        };
        if let Some(target) = target {
            for n in self
                .notes_on(target)?
                .into_iter()
                .take(TIMELINE_LIMIT as usize)
            {
                out.push(TimelineEntry {
                    at: n.meta.created_at,
                    label: "note",
                    text: n.body,
                    // Enter on a note edits it; d deletes it.
                    link: Some(Link {
                        kind: RecordKind::Note,
                        id: n.meta.id,
                    }),
                });
            }
        }
        let visit_sql = match kind {
            RecordKind::Contact => Some(
                "SELECT v.id, v.date, coalesce(v.place, ''), v.observations FROM visits v
                 JOIN visit_participants vp ON vp.visit_id = v.id
                 WHERE vp.contact_id = ?1 AND v.deleted_at IS NULL ORDER BY v.date DESC LIMIT 200",
            ),
            RecordKind::Project => Some(
                "SELECT id, date, coalesce(place, ''), observations FROM visits
                 WHERE project_id = ?1 AND deleted_at IS NULL ORDER BY date DESC LIMIT 200",
            ),
            RecordKind::Organization => Some(
                "SELECT v.id, v.date, coalesce(v.place, ''), v.observations FROM visits v
                 JOIN projects p ON p.id = v.project_id
                 WHERE p.implementing_org_id = ?1 AND v.deleted_at IS NULL
                 ORDER BY v.date DESC LIMIT 200",
            ),
            _ => None,
        };
        if let Some(sql) = visit_sql {
            let visits: Vec<(Id, String, String, String)> = self
                .conn()
                .prepare_cached(sql)?
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (vid, date, place, obs) in visits {
                let at = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                    .ok()
                    .and_then(|d| d.and_hms_opt(12, 0, 0))
                    .map(|d| d.and_utc())
                    .unwrap_or_default();
                let first = obs.lines().next().unwrap_or("").to_string();
                out.push(TimelineEntry {
                    at,
                    label: "visit",
                    text: format!("{place}: {first}"),
                    link: Some(Link {
                        kind: RecordKind::Visit,
                        id: vid,
                    }),
                });
            }
        }
        if kind == RecordKind::Project {
            for h in self.status_history(id)? {
                let reason = h.reason.map(|r| format!(" ({r})")).unwrap_or_default();
                out.push(TimelineEntry {
                    at: h.changed_at,
                    label: "status",
                    text: format!("{}{reason}", h.to.label()),
                    link: None,
                });
            }
        }
        out.sort_by_key(|e| std::cmp::Reverse(e.at));
        out.truncate(TIMELINE_LIMIT as usize);
        Ok(out)
    }

    pub fn dashboard(&self, today: NaiveDate) -> Result<Dashboard> {
        let t = date_text(today);
        let week = date_text(today + chrono::Days::new(7));
        // Both queries take (from, to, limit); the overdue one has no lower bound.
        let follow_ups = |sql: &str, a: &str, b: &str| -> Result<Vec<FollowUpLine>> {
            Ok(self
                .conn()
                .prepare_cached(sql)?
                .query_map(params![a, b, DASHBOARD_LINES], |r| {
                    let due: Option<String> = r.get(3)?;
                    Ok(FollowUpLine {
                        id: r.get(0)?,
                        text: r.get(1)?,
                        owner: r.get(2)?,
                        due: due.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?)
        };
        let overdue = follow_ups(
            "SELECT f.id, f.text, coalesce(c.display_name, 'me'), f.due_date
             FROM follow_ups f LEFT JOIN contacts c ON c.id = f.owner_contact_id
             WHERE f.done_at IS NULL AND f.deleted_at IS NULL AND f.due_date < ?1
             ORDER BY f.due_date LIMIT ?3",
            &t,
            &t,
        )?;
        let overdue_total: i64 = self.conn().prepare_cached(
            "SELECT count(*) FROM follow_ups WHERE done_at IS NULL AND deleted_at IS NULL AND due_date < ?1",
        )?
        .query_row([&t], |r| r.get(0))?;
        let due_soon = follow_ups(
            "SELECT f.id, f.text, coalesce(c.display_name, 'me'), f.due_date
             FROM follow_ups f LEFT JOIN contacts c ON c.id = f.owner_contact_id
             WHERE f.done_at IS NULL AND f.deleted_at IS NULL AND f.due_date >= ?1 AND f.due_date <= ?2
             ORDER BY f.due_date LIMIT ?3",
            &t,
            &week,
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
            latest_visits,
            projects_by_status,
            visits_per_month,
        })
    }
}

/// A record in the trash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrashItem {
    pub kind: RecordKind,
    pub id: Id,
    pub title: String,
    pub deleted_at: DateTime<Utc>,
}

impl Reader<'_> {
    /// Deleted records, most recently deleted first.
    pub fn trash(&self, limit: usize) -> Result<Vec<TrashItem>> {
        let rows: Vec<(String, Id, String, i64)> = self
            .conn()
            .prepare_cached(
                "SELECT 'organization', id, name, deleted_at FROM organizations WHERE deleted_at IS NOT NULL
                 UNION ALL SELECT 'contact', id, display_name, deleted_at FROM contacts WHERE deleted_at IS NOT NULL
                 UNION ALL SELECT 'project', id, coalesce(ref_code || ' ', '') || title, deleted_at FROM projects WHERE deleted_at IS NOT NULL
                 UNION ALL SELECT 'visit', id, date || coalesce(' ' || place, ''), deleted_at FROM visits WHERE deleted_at IS NOT NULL
                 UNION ALL SELECT 'follow_up', id, text, deleted_at FROM follow_ups WHERE deleted_at IS NOT NULL
                 UNION ALL SELECT 'note', id, substr(replace(body, char(10), ' '), 1, 80), deleted_at FROM notes WHERE deleted_at IS NOT NULL
                 ORDER BY 4 DESC LIMIT ?1",
            )?
            .query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(kind, id, title, at)| {
                let kind = match kind.as_str() {
                    "organization" => RecordKind::Organization,
                    "contact" => RecordKind::Contact,
                    "project" => RecordKind::Project,
                    "visit" => RecordKind::Visit,
                    "follow_up" => RecordKind::FollowUp,
                    _ => RecordKind::Note,
                };
                Some(TrashItem {
                    kind,
                    id,
                    title,
                    deleted_at: DateTime::from_timestamp_millis(at)?,
                })
            })
            .collect())
    }

    /// What hangs on a record, for the question before deleting it:
    /// "in 3 visits, 12 notes, 2 open follow-ups".
    pub fn what_hangs_on(&self, kind: RecordKind, id: Id) -> Result<Vec<String>> {
        let count = |sql: &str| -> Result<i64> {
            Ok(self
                .conn()
                .prepare_cached(sql)?
                .query_row([id], |r| r.get(0))?)
        };
        let mut parts = Vec::new();
        let mut add = |n: i64, one: &str, many: &str| {
            if n > 0 {
                parts.push(format!("{n} {}", if n == 1 { one } else { many }));
            }
        };
        match kind {
            RecordKind::Contact => {
                add(
                    count(
                        "SELECT count(*) FROM visit_participants p JOIN visits v ON v.id = p.visit_id WHERE p.contact_id = ?1 AND v.deleted_at IS NULL",
                    )?,
                    "visit",
                    "visits",
                );
                add(
                    count(
                        "SELECT count(*) FROM notes WHERE contact_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "note",
                    "notes",
                );
                add(
                    count(
                        "SELECT count(*) FROM follow_ups WHERE (owner_contact_id = ?1 OR contact_id = ?1) AND done_at IS NULL AND deleted_at IS NULL",
                    )?,
                    "open follow-up",
                    "open follow-ups",
                );
            }
            RecordKind::Organization => {
                add(
                    count(
                        "SELECT count(*) FROM contacts WHERE organization_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "person",
                    "people",
                );
                add(
                    count(
                        "SELECT count(*) FROM projects WHERE implementing_org_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "project",
                    "projects",
                );
                add(
                    count(
                        "SELECT count(*) FROM notes WHERE organization_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "note",
                    "notes",
                );
            }
            RecordKind::Project => {
                add(
                    count(
                        "SELECT count(*) FROM visits WHERE project_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "visit",
                    "visits",
                );
                add(
                    count(
                        "SELECT count(*) FROM follow_ups WHERE project_id = ?1 AND done_at IS NULL AND deleted_at IS NULL",
                    )?,
                    "open follow-up",
                    "open follow-ups",
                );
                add(
                    count(
                        "SELECT count(*) FROM notes WHERE project_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "note",
                    "notes",
                );
            }
            RecordKind::Visit => {
                add(
                    count("SELECT count(*) FROM visit_participants WHERE visit_id = ?1")?,
                    "participant",
                    "participants",
                );
                add(
                    count(
                        "SELECT count(*) FROM follow_ups WHERE visit_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "follow-up",
                    "follow-ups",
                );
                add(
                    count("SELECT count(*) FROM notes WHERE visit_id = ?1 AND deleted_at IS NULL")?,
                    "note",
                    "notes",
                );
            }
            RecordKind::FollowUp | RecordKind::Note => {}
        }
        Ok(parts)
    }
}
