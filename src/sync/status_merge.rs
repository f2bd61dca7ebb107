//! A project's status across books (issue 17): the status history is
//! append-only, so the histories merge as a union (each change is a row of
//! its own id); the current status and its rank are derived from the
//! merged history, never merged as fields: the latest change by its date
//! and time, then by its clock (`sync_items` keeps each row's). A local
//! change is dated after the one it follows (`Tx::append_status_change`),
//! so on one desk the latest by date is the latest made.
//!
//! Two changes made from the same version of the status on two desks,
//! without seeing each other, are a race: recorded in `sync_conflicts`
//! (listed by `fieldbook sync conflicts`), the derived status as kept, the
//! other as lost. Two changes to the same status are no race to review.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::row_key;
use super::session::{Change, Op};
use super::versions::{self, FieldVersion, Version};
use crate::domain::ProjectStatus;
use crate::store::Result;

/// The project columns derived from the history.
pub fn is_status(table: &str, col: &str) -> bool {
    table == "projects" && matches!(col, "status" | "status_rank")
}

/// A race of two status changes, found while applying a changeset.
struct Race {
    project: Vec<u8>,
    theirs: (Version, String),
    ours: (Version, String),
}

/// The projects a changeset touched and the races it brought.
#[derive(Default)]
pub struct Pending {
    projects: Vec<Vec<u8>>,
    races: Vec<Race>,
}

fn text(value: &Value) -> String {
    match value {
        Value::Text(t) => t.clone(),
        _ => String::new(),
    }
}

impl Pending {
    fn touch(&mut self, project: Vec<u8>) {
        if !self.projects.contains(&project) {
            self.projects.push(project);
        }
    }

    /// A received history row: its project's status is derived again.
    pub fn note_history(&mut self, change: &Change, cols: &[String]) {
        if change.table != "project_status_history" || change.op != Op::Insert {
            return;
        }
        let at = cols.iter().position(|c| c == "project_id");
        if let Some(Some(Value::Blob(project))) = at.and_then(|at| change.new.get(at)) {
            self.touch(project.clone());
        }
    }

    /// A received status: its version is kept as a field's (to tell a race
    /// from a later change), its value comes from the history.
    pub fn merge_field(
        &mut self,
        conn: &Connection,
        change: &Change,
        col: &str,
        new: &Value,
        version: Version,
        base: Option<Version>,
    ) -> Result<()> {
        let key = row_key::encode(&change.key());
        self.touch(key.clone());
        if col != "status" {
            return Ok(());
        }
        let current = versions::current(conn, "projects", &key, col)?;
        let current_version = current.map(|f| f.version);
        if current_version == Some(version) || current.and_then(|f| f.base) == Some(version) {
            return Ok(());
        }
        let theirs_wins =
            current_version == base || current_version.is_none_or(|cur| version > cur);
        if theirs_wins {
            versions::set(conn, "projects", &key, col, FieldVersion { version, base })?;
        }
        if current_version == base {
            return Ok(());
        }
        let ours_version = current_version.unwrap_or((0, Uuid::nil()));
        let ours = written_by(conn, &key, ours_version)?;
        let theirs = text(new);
        if ours != theirs {
            self.races.push(Race {
                project: key,
                theirs: (version, theirs),
                ours: (ours_version, ours),
            });
        }
        Ok(())
    }

    /// Derives the touched projects' statuses and records the races; how
    /// many.
    pub fn settle(self, conn: &Connection, found_at: i64) -> Result<usize> {
        for project in &self.projects {
            derive(conn, project)?;
        }
        for race in &self.races {
            let status: Option<String> = conn
                .prepare_cached("SELECT status FROM projects WHERE id = ?1")?
                .query_row([&race.project], |r| r.get(0))
                .optional()?;
            let theirs_kept = match status {
                Some(s) if s == race.theirs.1 => true,
                Some(s) if s == race.ours.1 => false,
                _ => race.theirs.0 > race.ours.0,
            };
            let (kept, lost) = match theirs_kept {
                true => (&race.theirs, &race.ours),
                false => (&race.ours, &race.theirs),
            };
            conn.prepare_cached(
                "INSERT OR IGNORE INTO sync_conflicts (tbl, row_key, col, kept_clock, kept_replica, \
                 kept_value, lost_clock, lost_replica, lost_value, found_at) \
                 VALUES ('projects', ?1, 'status', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                race.project,
                kept.0.0,
                kept.0.1,
                kept.1,
                lost.0.0,
                lost.0.1,
                lost.1,
                found_at
            ])?;
        }
        Ok(self.races.len())
    }
}

/// The status a change at `version` wrote: its history row's (as the
/// project stands when the change is not known by its row).
fn written_by(conn: &Connection, project: &[u8], version: Version) -> Result<String> {
    let found: Option<String> = conn
        .prepare_cached(
            "SELECT h.to_status FROM project_status_history h JOIN sync_items s \
               ON s.tbl = 'project_status_history' AND s.row_key = h.id AND s.item = '' \
             WHERE h.project_id = ?1 AND s.clock = ?2 AND s.replica = ?3",
        )?
        .query_row(params![project, version.0, version.1], |r| r.get(0))
        .optional()?;
    match found {
        Some(status) => Ok(status),
        None => Ok(conn
            .prepare_cached("SELECT status FROM projects WHERE id = ?1")?
            .query_row([project], |r| r.get(0))
            .optional()?
            .unwrap_or_default()),
    }
}

/// Sets a project's status and rank from its history: the latest change
/// by date and time, then clock.
fn derive(conn: &Connection, project: &[u8]) -> Result<()> {
    let latest: Option<String> = conn
        .prepare_cached(
            "SELECT h.to_status FROM project_status_history h LEFT JOIN sync_items s \
               ON s.tbl = 'project_status_history' AND s.row_key = h.id AND s.item = '' \
             WHERE h.project_id = ?1 \
             ORDER BY h.changed_at DESC, coalesce(s.clock, 0) DESC, s.replica DESC LIMIT 1",
        )?
        .query_row([project], |r| r.get(0))
        .optional()?;
    let Some(status) = latest else {
        return Ok(());
    };
    // As store::write::projects ranks a status: its place in the pipeline.
    let rank = ProjectStatus::parse(&status)
        .ok()
        .and_then(|s| ProjectStatus::ALL.iter().position(|x| *x == s))
        .unwrap_or(0) as i64;
    conn.prepare_cached(
        "UPDATE projects SET status = ?2, status_rank = ?3 \
         WHERE id = ?1 AND (status IS NOT ?2 OR status_rank IS NOT ?3)",
    )?
    .execute(params![project, status, rank])?;
    Ok(())
}
