//! Saving projects (with their partners), their status and its history,
//! and the check that a reference code is not already another project's.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use crate::domain::text::fold;
use crate::domain::*;
use crate::store::error::{Result, StoreError};
use crate::store::rows::{date_text, millis};
use crate::store::search;

use super::Tx;

impl Tx<'_> {
    /// Inserts the project, or updates it (partners replaced). A new project
    /// starts its status history; a changed status is appended to it.
    pub fn save_project(&self, p: &Project) -> Result<()> {
        p.validate()
            .map_err(|e| StoreError::invalid(RecordKind::Project, e))?;
        if let Some(org) = p.implementing_org_id {
            self.ensure_live(RecordKind::Project, "org", RecordKind::Organization, org)?;
        }
        for org in &p.partner_org_ids {
            self.ensure_live(
                RecordKind::Project,
                "partners",
                RecordKind::Organization,
                *org,
            )?;
        }
        if let Some(code) = &p.ref_code {
            self.ensure_ref_code_free(p.meta.id, code)?;
        }
        let previous: Option<String> = self
            .tx
            .prepare_cached("SELECT status FROM projects WHERE id = ?1")?
            .query_row([p.meta.id], |r| r.get(0))
            .optional()?;
        self.tx
            .prepare_cached(
                "INSERT INTO projects (id, ref_code, title, sort_key, implementing_org_id,
                    host_country, site, sector, programme_type, start_date, end_date,
                    budget_hundredths, budget_currency, summary, status, status_rank,
                    created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17, ?18, ?19)
                 ON CONFLICT (id) DO UPDATE SET
                    ref_code = excluded.ref_code, title = excluded.title,
                    sort_key = excluded.sort_key,
                    implementing_org_id = excluded.implementing_org_id,
                    host_country = excluded.host_country, site = excluded.site,
                    sector = excluded.sector, programme_type = excluded.programme_type,
                    start_date = excluded.start_date, end_date = excluded.end_date,
                    budget_hundredths = excluded.budget_hundredths,
                    budget_currency = excluded.budget_currency, summary = excluded.summary,
                    status = excluded.status, status_rank = excluded.status_rank,
                    updated_at = excluded.updated_at, deleted_at = excluded.deleted_at",
            )?
            .execute(params![
                p.meta.id,
                p.ref_code.as_deref().map(str::trim),
                p.title.trim(),
                fold(p.title.trim()),
                p.implementing_org_id,
                p.host_country,
                p.site,
                p.sector,
                p.programme_type.map(|t| t.key()),
                p.start_date.map(date_text),
                p.end_date.map(date_text),
                p.budget.map(|b| b.hundredths),
                p.budget.map(|b| b.currency.to_string()),
                p.summary,
                p.status.key(),
                status_rank(p.status),
                millis(p.meta.created_at),
                self.updated_stamp(&p.meta),
                p.meta.deleted_at.map(millis),
            ])?;
        if previous.is_some() {
            self.tx
                .prepare_cached("DELETE FROM project_partners WHERE project_id = ?1")?
                .execute([p.meta.id])?;
        }
        let mut partner = self.tx.prepare_cached(
            "INSERT INTO project_partners (project_id, organization_id, position) VALUES (?1, ?2, ?3)",
        )?;
        for (i, org) in p.partner_org_ids.iter().enumerate() {
            partner.execute(params![p.meta.id, org, i as i64])?;
        }
        let fresh = previous.is_none();
        match previous {
            _ if self.verbatim.get() => {}
            None => {
                self.append_status_change(p.meta.id, None, p.status, p.meta.created_at, None)?;
            }
            Some(old) if old != p.status.key() => {
                let from = ProjectStatus::parse(&old).ok();
                let at = self.now_after_last_status_change(p.meta.id)?;
                self.append_status_change(p.meta.id, from, p.status, at, None)?;
            }
            Some(_) => {}
        }
        if p.meta.deleted_at.is_none() {
            self.mark_live(RecordKind::Project, p.meta.id);
        }
        self.index_as_saved(RecordKind::Project, p.meta.id, fresh, &p.meta, || {
            search::project_docs(p)
        });
        Ok(())
    }

    /// Moves a project to `to`, recording why. Returns `None` (and writes
    /// nothing) when the project already has that status.
    pub fn set_project_status(
        &self,
        project_id: Id,
        to: ProjectStatus,
        reason: Option<&str>,
    ) -> Result<Option<StatusChange>> {
        let at = self.now_after_last_status_change(project_id)?;
        self.set_project_status_at(project_id, to, reason, at)
    }

    /// Now, or just after the project's last status change when this
    /// machine's clock is behind it: books that merge status histories take
    /// the latest by date as the current status (sync::status_merge), so a
    /// change made here must date after the one it follows.
    fn now_after_last_status_change(&self, project_id: Id) -> Result<DateTime<Utc>> {
        let last: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT max(changed_at) FROM project_status_history WHERE project_id = ?1",
            )?
            .query_row([project_id], |r| r.get(0))?;
        Ok(match last {
            Some(last) if millis(self.now) <= last => {
                DateTime::from_timestamp_millis(last + 1).unwrap_or(self.now)
            }
            _ => self.now,
        })
    }

    /// As `set_project_status`, at a given instant (demo data and imports).
    pub fn set_project_status_at(
        &self,
        project_id: Id,
        to: ProjectStatus,
        reason: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<Option<StatusChange>> {
        let current: String = self
            .tx
            .prepare_cached("SELECT status FROM projects WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row([project_id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound {
                kind: RecordKind::Project,
                id: project_id,
            })?;
        let from = ProjectStatus::parse(&current).ok();
        if from == Some(to) {
            return Ok(None);
        }
        self.tx
            .prepare_cached(
                "UPDATE projects SET status = ?2, status_rank = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![
                project_id,
                to.key(),
                status_rank(to),
                millis(self.now)
            ])?;
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        self.append_status_change(project_id, from, to, at, reason)
            .map(Some)
    }

    fn append_status_change(
        &self,
        project_id: Id,
        from: Option<ProjectStatus>,
        to: ProjectStatus,
        at: DateTime<Utc>,
        reason: Option<&str>,
    ) -> Result<StatusChange> {
        let change = StatusChange {
            id: new_id(),
            project_id,
            from,
            to,
            changed_at: at,
            reason: reason.map(str::to_string),
        };
        self.insert_status_change(&change)?;
        Ok(change)
    }

    /// Adds one exported status change as it was (verbatim imports).
    pub fn insert_status_change(&self, change: &StatusChange) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO project_status_history
                    (id, project_id, from_status, to_status, changed_at, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                change.id,
                change.project_id,
                change.from.map(|s| s.key()),
                change.to.key(),
                millis(change.changed_at),
                change.reason,
            ])?;
        Ok(())
    }

    fn ensure_ref_code_free(&self, project_id: Id, code: &str) -> Result<()> {
        let holder: Option<String> = self
            .tx
            .prepare_cached(
                "SELECT title FROM projects
                 WHERE ref_code = ?1 AND id <> ?2 AND deleted_at IS NULL LIMIT 1",
            )?
            .query_row(params![code.trim(), project_id], |r| r.get(0))
            .optional()?;
        match holder {
            None => Ok(()),
            Some(title) => {
                let mut errors = Invalid::default();
                errors.push(
                    "ref",
                    format!("'{}' is already used by project '{title}'", code.trim()),
                );
                Err(StoreError::invalid(RecordKind::Project, errors))
            }
        }
    }
}

fn status_rank(s: ProjectStatus) -> i64 {
    ProjectStatus::ALL.iter().position(|x| *x == s).unwrap_or(0) as i64
}
