//! A consultation's details (people, organization, project, follow-ups),
//! and when the desk last had contact with a person: the latest visit they
//! were met on, consultation they asked in, or event they attended.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;

use super::Link;
use super::detail::{DetailBody, FollowUpItem, NamedLink};
use crate::domain::*;
use crate::store::error::Result;
use crate::store::read::Reader;
use crate::store::rows::opt_date;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationDetail {
    pub consultation: Consultation,
    pub organization: Option<NamedLink>,
    pub project: Option<NamedLink>,
    pub people: Vec<NamedLink>,
    /// Open ones first.
    pub follow_ups: Vec<FollowUpItem>,
}

/// How the desk last had contact with someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastContactKind {
    Visit,
    Consultation,
    /// An event they attended (invitee status `attended`).
    Event,
}

impl LastContactKind {
    pub fn label(self) -> &'static str {
        match self {
            LastContactKind::Visit => "visit",
            LastContactKind::Consultation => "consultation",
            LastContactKind::Event => "event",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastContact {
    pub date: NaiveDate,
    pub kind: LastContactKind,
    /// The visit or consultation (events are another module's records:
    /// linked once the event kind has its details).
    pub link: Option<Link>,
}

/// The latest dated contact with person `?1`: visits, consultations and
/// events attended, newest first, the record's kind and id with it.
pub(super) const LAST_CONTACT_SQL: &str = "
    SELECT date, kind, id FROM (
        SELECT v.date AS date, 'visit' AS kind, v.id AS id, v.created_at AS at
          FROM visit_participants vp JOIN visits v ON v.id = vp.visit_id
         WHERE vp.contact_id = ?1 AND v.deleted_at IS NULL
        UNION ALL
        SELECT c.date, 'consultation', c.id, c.created_at
          FROM consultation_people cp JOIN consultations c ON c.id = cp.consultation_id
         WHERE cp.contact_id = ?1 AND c.deleted_at IS NULL
        UNION ALL
        SELECT coalesce(e.end_date, e.start_date), 'event', e.id, e.created_at
          FROM event_invitees i JOIN events e ON e.id = i.event_id
         WHERE i.contact_id = ?1 AND i.status = 'attended' AND e.deleted_at IS NULL
    ) ORDER BY date DESC, at DESC LIMIT 1";

pub(super) fn contact_kind(key: &str) -> LastContactKind {
    match key {
        "visit" => LastContactKind::Visit,
        "consultation" => LastContactKind::Consultation,
        _ => LastContactKind::Event,
    }
}

impl Reader<'_> {
    pub(super) fn consultation_detail(
        &self,
        id: Id,
        today: NaiveDate,
    ) -> Result<Option<DetailBody>> {
        let Some(consultation) = self.consultation(id)? else {
            return Ok(None);
        };
        let organization = consultation
            .organization_id
            .map(|o| self.named(RecordKind::Organization, o))
            .transpose()?;
        let project = consultation
            .project_id
            .map(|p| self.named(RecordKind::Project, p))
            .transpose()?;
        let people = self.named_all(RecordKind::Contact, &consultation.people_ids)?;
        let follow_ups = self.follow_up_items(
            "SELECT f.id, f.text, f.due_date, c.display_name, f.done_at IS NOT NULL
             FROM follow_ups f LEFT JOIN contacts c ON c.id = f.owner_contact_id
             WHERE f.consultation_id = ?1 AND f.deleted_at IS NULL
             ORDER BY f.done_at IS NOT NULL, f.due_date LIMIT ?2",
            id,
            today,
        )?;
        Ok(Some(DetailBody::Consultation(Box::new(
            ConsultationDetail {
                consultation,
                organization,
                project,
                people,
                follow_ups,
            },
        ))))
    }

    /// When the desk last had contact with this person, if ever.
    pub fn last_contact(&self, contact: Id) -> Result<Option<LastContact>> {
        let found: Option<(Option<String>, String, Id)> = self
            .conn()
            .prepare_cached(LAST_CONTACT_SQL)?
            .query_row([contact], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((date, kind, id)) = found else {
            return Ok(None);
        };
        let Some(date) = opt_date(date, 0)? else {
            return Ok(None);
        };
        let kind = contact_kind(&kind);
        let link = match kind {
            LastContactKind::Visit => Some(RecordKind::Visit),
            LastContactKind::Consultation => Some(RecordKind::Consultation),
            LastContactKind::Event => None,
        }
        .map(|kind| Link { kind, id });
        Ok(Some(LastContact { date, kind, link }))
    }
}
