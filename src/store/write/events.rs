//! Saving events and changing their guest lists: inviting many people at
//! once (those already invited are left as they are), and marking who came.

use rusqlite::{OptionalExtension, params};

use crate::domain::*;
use crate::store::error::{Result, StoreError};
use crate::store::rows::{date_text, millis};
use crate::store::search;

use super::Tx;

/// What an invitation of many did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Invited {
    /// Newly on the guest list.
    pub added: usize,
    /// Already on it: left with their status and role.
    pub already: usize,
}

impl Tx<'_> {
    /// Inserts the event, or updates it (its guest list replaced by the
    /// event's, each invitee with its own `updated_at`).
    pub fn save_event(&self, e: &Event) -> Result<()> {
        e.validate()
            .map_err(|err| StoreError::invalid(RecordKind::Event, err))?;
        if let Some(org) = e.organizer_org_id {
            self.ensure_live(
                RecordKind::Event,
                "organizer",
                RecordKind::Organization,
                org,
            )?;
        }
        if let Some(project) = e.project_id {
            self.ensure_live(RecordKind::Event, "project", RecordKind::Project, project)?;
        }
        for i in &e.invitees {
            self.ensure_invitee_live(i.who)?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO events (id, title, kind, start_date, end_date, start_time, end_time,
                                     place, online, organizer_org_id, project_id, agenda,
                                     created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                 ON CONFLICT (id) DO UPDATE SET
                    title = excluded.title, kind = excluded.kind,
                    start_date = excluded.start_date, end_date = excluded.end_date,
                    start_time = excluded.start_time, end_time = excluded.end_time,
                    place = excluded.place, online = excluded.online,
                    organizer_org_id = excluded.organizer_org_id,
                    project_id = excluded.project_id, agenda = excluded.agenda,
                    updated_at = excluded.updated_at, deleted_at = excluded.deleted_at",
            )?
            .execute(params![
                e.meta.id,
                e.title.trim(),
                e.kind.key(),
                date_text(e.start_date),
                e.end_date.map(date_text),
                e.start_time,
                e.end_time,
                e.place,
                e.online,
                e.organizer_org_id,
                e.project_id,
                e.agenda,
                millis(e.meta.created_at),
                self.updated_stamp(&e.meta),
                e.meta.deleted_at.map(millis),
            ])?;
        self.tx
            .prepare_cached("DELETE FROM event_invitees WHERE event_id = ?1")?
            .execute([e.meta.id])?;
        for (i, invitee) in e.invitees.iter().enumerate() {
            self.insert_invitee(e.meta.id, invitee, i as i64)?;
        }
        if e.meta.deleted_at.is_none() {
            self.mark_live(RecordKind::Event, e.meta.id);
        }
        self.index_as_saved(RecordKind::Event, e.meta.id, false, &e.meta, || {
            search::event_docs(e)
        });
        Ok(())
    }

    fn ensure_invitee_live(&self, who: InviteeRef) -> Result<()> {
        match who {
            InviteeRef::Contact(id) => {
                self.ensure_live(RecordKind::Event, "invitees", RecordKind::Contact, id)
            }
            InviteeRef::Organization(id) => {
                self.ensure_live(RecordKind::Event, "invitees", RecordKind::Organization, id)
            }
        }
    }

    fn insert_invitee(&self, event: Id, i: &Invitee, position: i64) -> Result<()> {
        let (contact, org) = match i.who {
            InviteeRef::Contact(id) => (Some(id), None),
            InviteeRef::Organization(id) => (None, Some(id)),
        };
        self.tx
            .prepare_cached(
                "INSERT INTO event_invitees (event_id, invitee_id, contact_id, organization_id,
                                             status, role, position, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                event,
                i.who.id(),
                contact,
                org,
                i.status.key(),
                i.role.key(),
                position,
                millis(i.updated_at),
            ])?;
        Ok(())
    }

    /// Adds `who` to a live event's guest list with `role`, in the order
    /// given, skipping those already on it (whatever their status).
    pub fn invite(&self, event: Id, who: &[InviteeRef], role: InviteeRole) -> Result<Invited> {
        self.ensure_live(RecordKind::Event, "event", RecordKind::Event, event)?;
        let mut position: i64 = self
            .tx
            .prepare_cached(
                "SELECT coalesce(max(position) + 1, 0) FROM event_invitees WHERE event_id = ?1",
            )?
            .query_row([event], |r| r.get(0))?;
        let mut done = Invited::default();
        let mut seen = std::collections::HashSet::new();
        for &w in who {
            if !seen.insert(w.id()) || self.invitee_status(event, w)?.is_some() {
                done.already += 1;
                continue;
            }
            self.ensure_invitee_live(w)?;
            let invitee = Invitee {
                who: w,
                status: InviteeStatus::Invited,
                role,
                updated_at: self.now,
            };
            self.insert_invitee(event, &invitee, position)?;
            position += 1;
            done.added += 1;
        }
        if done.added > 0 {
            self.touch_event(event)?;
        }
        Ok(done)
    }

    fn invitee_status(&self, event: Id, who: InviteeRef) -> Result<Option<String>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT status FROM event_invitees WHERE event_id = ?1 AND invitee_id = ?2",
            )?
            .query_row(params![event, who.id()], |r| r.get(0))
            .optional()?)
    }

    /// Sets an invitee's status; false when they are not on the guest list.
    pub fn set_invitee_status(
        &self,
        event: Id,
        who: InviteeRef,
        status: InviteeStatus,
    ) -> Result<bool> {
        self.update_invitee(event, who, "status", status.key())
    }

    /// Sets an invitee's role; false when they are not on the guest list.
    pub fn set_invitee_role(&self, event: Id, who: InviteeRef, role: InviteeRole) -> Result<bool> {
        self.update_invitee(event, who, "role", role.key())
    }

    fn update_invitee(
        &self,
        event: Id,
        who: InviteeRef,
        column: &str,
        value: &str,
    ) -> Result<bool> {
        self.ensure_live(RecordKind::Event, "event", RecordKind::Event, event)?;
        let sql = match column {
            "status" => {
                "UPDATE event_invitees SET status = ?3, updated_at = ?4
                 WHERE event_id = ?1 AND invitee_id = ?2 AND status <> ?3"
            }
            _ => {
                "UPDATE event_invitees SET role = ?3, updated_at = ?4
                 WHERE event_id = ?1 AND invitee_id = ?2 AND role <> ?3"
            }
        };
        let changed = self.tx.prepare_cached(sql)?.execute(params![
            event,
            who.id(),
            value,
            millis(self.now)
        ])?;
        if changed > 0 {
            self.touch_event(event)?;
            return Ok(true);
        }
        Ok(self.invitee_status(event, who)?.is_some())
    }

    /// Removes an invitee from the guest list; false when they were not on it.
    pub fn uninvite(&self, event: Id, who: InviteeRef) -> Result<bool> {
        self.ensure_live(RecordKind::Event, "event", RecordKind::Event, event)?;
        let removed = self
            .tx
            .prepare_cached("DELETE FROM event_invitees WHERE event_id = ?1 AND invitee_id = ?2")?
            .execute(params![event, who.id()])?;
        if removed > 0 {
            self.touch_event(event)?;
        }
        Ok(removed > 0)
    }

    /// A change to the guest list is a change to the event (for sync and
    /// for "recently changed").
    fn touch_event(&self, event: Id) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE events SET updated_at = ?2 WHERE id = ?1")?
            .execute(params![event, millis(self.now)])?;
        Ok(())
    }
}
