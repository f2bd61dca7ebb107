//! Migration 6: countries stored as names become ISO codes, and what
//! `fieldbook check` lists as stored values today's input rules would refuse.

use rusqlite::{Connection, params};

use super::error::Result;
use crate::domain::country;
use crate::domain::date::{EARLIEST, LATEST};
use crate::domain::{Currency, Id, RecordKind};

/// Each country column: its record kind, and the statements that read and
/// rewrite it (literal SQL, one pair per table).
const COUNTRY_COLUMNS: [(RecordKind, &str, &str); 3] = [
    (
        RecordKind::Organization,
        "SELECT id, country FROM organizations WHERE country IS NOT NULL",
        "UPDATE organizations SET country = ?1 WHERE id = ?2",
    ),
    (
        RecordKind::Contact,
        "SELECT id, country FROM contacts WHERE country IS NOT NULL",
        "UPDATE contacts SET country = ?1 WHERE id = ?2",
    ),
    (
        RecordKind::Project,
        "SELECT id, host_country FROM projects WHERE host_country IS NOT NULL",
        "UPDATE projects SET host_country = ?1 WHERE id = ?2",
    ),
];

/// Rewrites every recognised country name as its code (`Sénégal` → `SN`)
/// (search finds them once migration 10 rebuilds the index); anything not
/// recognised stays.
/// Data only: no schema object changes, `updated_at` is left alone.
pub(super) fn migrate(conn: &Connection) -> Result<()> {
    for (_, select, update) in COUNTRY_COLUMNS {
        let rows: Vec<(Id, String)> = conn
            .prepare(select)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, stored) in rows {
            if let Ok(code) = country::parse(&stored)
                && code != stored
            {
                conn.execute(update, params![code, id])?;
            }
        }
    }
    // The search index is rebuilt whole by migration 10, with the codes.
    Ok(())
}

/// One line per stored value that typing today would be refused: a country
/// that is no known code, a currency outside ISO 4217, decimals a currency
/// does not have, a date outside the range fieldbook accepts. They were
/// saved under older rules (or by another tool) and are kept as they are.
pub(super) fn refused_today(conn: &Connection) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    for (kind, select, _) in COUNTRY_COLUMNS {
        let rows: Vec<(Id, String)> = conn
            .prepare(select)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, stored) in rows {
            if let Err(why) = country::parse(&stored) {
                let field = if kind == RecordKind::Project {
                    "host country"
                } else {
                    "country"
                };
                lines.push(line(conn, kind, id, field, &why)?);
            }
        }
    }
    let budgets: Vec<(Id, i64, String)> = conn
        .prepare(
            "SELECT id, budget_hundredths, budget_currency FROM projects
             WHERE budget_currency IS NOT NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, hundredths, code) in budgets {
        let currency = Currency::stored(&code);
        let why = match (currency.input_problem(), currency.minor_units()) {
            (Some(problem), _) => problem,
            (None, Some(0)) if hundredths % 100 != 0 => {
                format!("{code} has no minor unit, but the budget has decimals")
            }
            _ => continue,
        };
        lines.push(line(conn, RecordKind::Project, id, "budget", &why)?);
    }
    let (earliest, latest) = (EARLIEST.to_string(), LATEST.to_string());
    for (kind, field, sql) in [
        (
            RecordKind::Visit,
            "date",
            "SELECT id, date FROM visits WHERE date < ?1 OR date > ?2",
        ),
        (
            RecordKind::FollowUp,
            "due",
            "SELECT id, due_date FROM follow_ups WHERE due_date < ?1 OR due_date > ?2",
        ),
        (
            RecordKind::Project,
            "start",
            "SELECT id, start_date FROM projects WHERE start_date < ?1 OR start_date > ?2",
        ),
        (
            RecordKind::Project,
            "end",
            "SELECT id, end_date FROM projects WHERE end_date < ?1 OR end_date > ?2",
        ),
    ] {
        let rows: Vec<(Id, String)> = conn
            .prepare(sql)?
            .query_map(params![earliest, latest], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, date) in rows {
            let why = format!("{date} is outside {earliest} to {latest}");
            lines.push(line(conn, kind, id, field, &why)?);
        }
    }
    Ok(lines)
}

/// `project 'Borehole' (0192...): budget: 'YEN' is not ...`.
fn line(conn: &Connection, kind: RecordKind, id: Id, field: &str, why: &str) -> Result<String> {
    let title = super::read::Reader::new(conn)
        .title_of(kind, id)
        .unwrap_or_default();
    Ok(format!("{} '{title}' ({id}): {field}: {why}", kind.label()))
}
