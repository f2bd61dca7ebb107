//! Registrations and approvals: one by id, all of them (exports), those of
//! an organization or project (details), and the two watch lists the
//! dashboard and the report show: expiring soon, and expired while a
//! project that depends on them is still running.

use chrono::{Days, NaiveDate};
use rusqlite::{OptionalExtension, Row, params};

use crate::domain::*;
use crate::store::error::Result;
use crate::store::read::Reader;
use crate::store::rows::{choice, date_text, meta, opt_date};

/// How far ahead the dashboard looks for expiring registrations.
pub const EXPIRY_WATCH_DAYS: u64 = 90;

/// The most lines a watch list loads (the rest are counted).
const WATCH_LINES: i64 = 50;

/// SQL is built from literals only (`.ci/run` checks): the column list
/// and the pieces the watch lists share are macros, joined by `concat!`.
macro_rules! columns {
    () => {
        "r.id, r.created_at, r.updated_at, r.deleted_at, r.organization_id, \
         r.project_id, r.kind, r.number, r.authority, r.issued_on, r.expires_on, r.note"
    };
}

fn registration(row: &Row) -> rusqlite::Result<Registration> {
    let holder = match (row.get::<_, Option<Id>>(4)?, row.get::<_, Option<Id>>(5)?) {
        (Some(org), _) => Holder::Organization(org),
        (_, Some(project)) => Holder::Project(project),
        _ => {
            return Err(rusqlite::Error::InvalidColumnType(
                4,
                "organization_id".into(),
                rusqlite::types::Type::Null,
            ));
        }
    };
    Ok(Registration {
        meta: meta(row, 0)?,
        holder,
        kind: choice(RegistrationKind::parse, &row.get::<_, String>(6)?, 6)?,
        number: row.get(7)?,
        authority: row.get(8)?,
        issued_on: opt_date(row.get(9)?, 9)?,
        expires_on: opt_date(row.get(10)?, 10)?,
        note: row.get(11)?,
    })
}

/// A registration as a watch list shows it, with whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationLine {
    pub registration: Registration,
    /// The organization's name, or the project's code and title.
    pub holder: String,
    /// The running project it matters to (the holder itself, or one the
    /// holding organization implements), for the expired list.
    pub project: Option<String>,
}

/// A registration in its holder's details, with the days until it
/// expires (negative: expired) as of the day the details were read for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationItem {
    pub registration: Registration,
    pub days_left: Option<i64>,
}

/// What the dashboard watches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistrationWatch {
    /// Expiring from today to `EXPIRY_WATCH_DAYS` ahead, soonest first.
    pub expiring: Vec<RegistrationLine>,
    pub expiring_total: i64,
    /// Already expired, held by (or by the implementer of) a project that
    /// is approved or in progress; longest expired first.
    pub expired_running: Vec<RegistrationLine>,
    pub expired_running_total: i64,
}

/// A watch list's query: the columns, the holder's name (the organization,
/// or the project's code and title) and a running project the registration
/// matters to (its own project, or one the organization implements: an
/// implementer's lapsed NGO registration puts its projects at risk), for
/// the registrations matching `$condition` (taking ?1, ?2; ?3 the limit).
macro_rules! watch_list {
    ($condition:literal) => {
        concat!(
            "SELECT ",
            columns!(),
            ", coalesce(o.name, coalesce(p.ref_code || ' ', '') || p.title),
             (SELECT coalesce(rp.ref_code || ' ', '') || rp.title FROM projects rp
              WHERE rp.deleted_at IS NULL AND rp.status IN ('approved', 'in_progress')
                AND (rp.id = r.project_id OR rp.implementing_org_id = r.organization_id)
              ORDER BY rp.sort_key LIMIT 1) AS running
             FROM registrations r
             LEFT JOIN organizations o ON o.id = r.organization_id
             LEFT JOIN projects p ON p.id = r.project_id
             WHERE r.deleted_at IS NULL AND r.expires_on IS NOT NULL
               AND coalesce(o.deleted_at, p.deleted_at) IS NULL AND ",
            $condition,
            " LIMIT ?3"
        )
    };
}

impl Reader<'_> {
    /// The registration with this id, in the trash or not.
    pub fn registration(&self, id: Id) -> Result<Option<Registration>> {
        let sql = concat!(
            "SELECT ",
            columns!(),
            " FROM registrations r WHERE r.id = ?1"
        );
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_row([id], registration)
            .optional()?)
    }

    /// Every registration, trash included, in id order (exports).
    pub fn each_registration(&self, mut f: impl FnMut(Registration) -> Result<()>) -> Result<()> {
        let sql = concat!("SELECT ", columns!(), " FROM registrations r ORDER BY r.id");
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(registration(row)?)?;
        }
        Ok(())
    }

    /// An organization's or project's registrations not in the trash, the
    /// soonest to expire first (those without an expiry last).
    pub fn registrations_of(&self, holder: Holder) -> Result<Vec<Registration>> {
        let sql = match holder {
            Holder::Organization(_) => concat!(
                "SELECT ",
                columns!(),
                " FROM registrations r WHERE r.organization_id = ?1 AND r.deleted_at IS NULL
                 ORDER BY r.expires_on IS NULL, r.expires_on, r.id"
            ),
            Holder::Project(_) => concat!(
                "SELECT ",
                columns!(),
                " FROM registrations r WHERE r.project_id = ?1 AND r.deleted_at IS NULL
                 ORDER BY r.expires_on IS NULL, r.expires_on, r.id"
            ),
        };
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_map([holder.id()], registration)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Registrations expiring from `from` to `to` (both included), soonest
    /// first, with whose they are: the dashboard's list and the monthly
    /// report's.
    pub fn registrations_expiring(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        limit: i64,
    ) -> Result<Vec<RegistrationLine>> {
        self.registration_lines(
            watch_list!("r.expires_on >= ?1 AND r.expires_on <= ?2 ORDER BY r.expires_on, r.id"),
            from,
            to,
            limit,
        )
    }

    /// Registrations expired before `today` that a running project depends
    /// on, longest expired first.
    pub fn registrations_expired_running(
        &self,
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<RegistrationLine>> {
        self.registration_lines(
            watch_list!(
                "r.expires_on < ?1 AND ?2 = ?2 AND running IS NOT NULL ORDER BY r.expires_on, r.id"
            ),
            today,
            today,
            limit,
        )
    }

    fn registration_lines(
        &self,
        sql: &str,
        a: NaiveDate,
        b: NaiveDate,
        limit: i64,
    ) -> Result<Vec<RegistrationLine>> {
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_map(params![date_text(a), date_text(b), limit], |r| {
                Ok(RegistrationLine {
                    registration: registration(r)?,
                    holder: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
                    project: r.get(13)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The dashboard's two lists of registrations, as of `today`.
    pub fn registration_watch(&self, today: NaiveDate) -> Result<RegistrationWatch> {
        let horizon = today
            .checked_add_days(Days::new(EXPIRY_WATCH_DAYS))
            .unwrap_or(today);
        let expiring_total = self.registrations_expiring(today, horizon, i64::MAX)?.len() as i64;
        let expired_total = self.registrations_expired_running(today, i64::MAX)?.len() as i64;
        Ok(RegistrationWatch {
            expiring: self.registrations_expiring(today, horizon, WATCH_LINES)?,
            expiring_total,
            expired_running: self.registrations_expired_running(today, WATCH_LINES)?,
            expired_running_total: expired_total,
        })
    }
}

impl Reader<'_> {
    /// What a record's details list of its registrations (only
    /// organizations and projects hold them).
    pub(super) fn registrations_for_detail(
        &self,
        kind: RecordKind,
        id: Id,
        today: NaiveDate,
    ) -> Result<Vec<RegistrationItem>> {
        let holder = match kind {
            RecordKind::Organization => Holder::Organization(id),
            RecordKind::Project => Holder::Project(id),
            _ => return Ok(Vec::new()),
        };
        Ok(self
            .registrations_of(holder)?
            .into_iter()
            .map(|registration| RegistrationItem {
                days_left: registration.days_left(today),
                registration,
            })
            .collect())
    }
}
