//! An event's details: its guest list with names and organizations, the
//! attendance counted by status and by kind of organization; the people
//! an invitation of many reaches; events on a contact's timeline.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::Link;
use super::detail::{DetailBody, NamedLink};
use super::timeline::TimelineEntry;
use crate::domain::*;
use crate::store::error::Result;
use crate::store::read::Reader;

/// One line of an event's guest list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteeLine {
    pub who: InviteeRef,
    /// The contact's or organization's name (`None`: missing from the book).
    pub name: Option<String>,
    /// A contact's organization; an organization's own name.
    pub organization: Option<String>,
    /// The kind of that organization.
    pub org_kind: Option<OrgKind>,
    pub status: InviteeStatus,
    pub role: InviteeRole,
}

impl InviteeLine {
    pub fn link(&self) -> Link {
        match self.who {
            InviteeRef::Contact(id) => Link {
                kind: RecordKind::Contact,
                id,
            },
            InviteeRef::Organization(id) => Link {
                kind: RecordKind::Organization,
                id,
            },
        }
    }
}

/// How many invitees of one kind of organization were asked, and came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgKindCount {
    /// `None`: people with no organization.
    pub kind: Option<OrgKind>,
    pub invited: usize,
    pub attended: usize,
}

/// The attendance of an event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attendance {
    /// Every status, in the domain's order, with how many have it (zeros
    /// included, so a table always has the same rows).
    pub by_status: Vec<(InviteeStatus, usize)>,
    /// Kinds of organization in the domain's order, then "no organization";
    /// only kinds with someone invited.
    pub by_org_kind: Vec<OrgKindCount>,
    pub total: usize,
}

impl Attendance {
    pub fn count(&self, status: InviteeStatus) -> usize {
        self.by_status
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n)
    }

    pub fn of(lines: &[InviteeLine]) -> Attendance {
        let by_status = InviteeStatus::ALL
            .iter()
            .map(|s| (*s, lines.iter().filter(|l| l.status == *s).count()))
            .collect();
        let mut kinds: BTreeMap<(bool, Option<OrgKind>), (usize, usize)> = BTreeMap::new();
        for l in lines {
            let e = kinds.entry((l.org_kind.is_none(), l.org_kind)).or_default();
            e.0 += 1;
            if l.status == InviteeStatus::Attended {
                e.1 += 1;
            }
        }
        Attendance {
            by_status,
            by_org_kind: kinds
                .into_iter()
                .map(|((_, kind), (invited, attended))| OrgKindCount {
                    kind,
                    invited,
                    attended,
                })
                .collect(),
            total: lines.len(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDetail {
    pub event: Event,
    /// `None`: the desk runs it.
    pub organizer: Option<NamedLink>,
    pub project: Option<NamedLink>,
    /// In the order they were invited.
    pub invitees: Vec<InviteeLine>,
    pub attendance: Attendance,
}

/// Whom an invitation of many reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvitePick {
    /// The organization's live people (or the organization itself when it
    /// has none).
    Organization(Id),
    /// People tagged so, or working for an organization tagged so.
    Tag(String),
    /// People in the country (ISO code), or working for an organization there.
    Country(String),
    /// People the search finds (exact matches only: no typo guesses).
    Search(String),
}

/// How many people an invitation by search reaches at most.
const SEARCH_INVITE_LIMIT: usize = 500;

impl Reader<'_> {
    /// An event's details, or `None` when there is no such event.
    pub fn event_detail(&self, id: Id) -> Result<Option<EventDetail>> {
        let Some(event) = self.event(id)? else {
            return Ok(None);
        };
        let name = |kind, id: Option<Id>| -> Result<Option<NamedLink>> {
            id.map(|id| {
                Ok(NamedLink {
                    link: Link { kind, id },
                    name: self.title_of(kind, id).ok().filter(|t| !t.is_empty()),
                })
            })
            .transpose()
        };
        let invitees = self.invitee_lines(&event)?;
        Ok(Some(EventDetail {
            organizer: name(RecordKind::Organization, event.organizer_org_id)?,
            project: name(RecordKind::Project, event.project_id)?,
            attendance: Attendance::of(&invitees),
            invitees,
            event,
        }))
    }

    pub(super) fn event_detail_body(&self, id: Id) -> Result<Option<DetailBody>> {
        Ok(self
            .event_detail(id)?
            .map(|d| DetailBody::Event(Box::new(d))))
    }

    fn invitee_lines(&self, event: &Event) -> Result<Vec<InviteeLine>> {
        let mut contact = self.conn().prepare_cached(
            "SELECT c.display_name, o.name, o.kind FROM contacts c
             LEFT JOIN organizations o ON o.id = c.organization_id WHERE c.id = ?1",
        )?;
        let mut org = self
            .conn()
            .prepare_cached("SELECT name, name, kind FROM organizations WHERE id = ?1")?;
        let mut out = Vec::with_capacity(event.invitees.len());
        for i in &event.invitees {
            let stmt = match i.who {
                InviteeRef::Contact(_) => &mut contact,
                InviteeRef::Organization(_) => &mut org,
            };
            let mut rows = stmt.query([i.who.id()])?;
            let (name, organization, kind) = match rows.next()? {
                Some(r) => (
                    Some(r.get::<_, String>(0)?),
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ),
                None => (None, None, None),
            };
            out.push(InviteeLine {
                who: i.who,
                name,
                organization,
                org_kind: kind.and_then(|k| OrgKind::parse(&k).ok()),
                status: i.status,
                role: i.role,
            });
        }
        Ok(out)
    }

    /// The people (and organizations) an invitation of many reaches, in
    /// name order; who is already invited is the writer's business.
    pub fn invite_targets(&self, pick: &InvitePick) -> Result<Vec<InviteeRef>> {
        let ids: Vec<Id> = match pick {
            InvitePick::Organization(org) => {
                let people = self.ids_with(
                    "SELECT id FROM contacts WHERE organization_id = ?1 AND deleted_at IS NULL
                     ORDER BY sort_key",
                    params![org],
                )?;
                if people.is_empty() {
                    return Ok(vec![InviteeRef::Organization(*org)]);
                }
                people
            }
            InvitePick::Tag(tag) => self.ids_with(
                "SELECT c.id FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
                 WHERE c.deleted_at IS NULL AND (
                     EXISTS (SELECT 1 FROM json_each(c.tags) WHERE lower(value) = lower(?1))
                  OR EXISTS (SELECT 1 FROM json_each(o.tags) WHERE lower(value) = lower(?1)))
                 ORDER BY c.sort_key",
                params![tag.trim()],
            )?,
            InvitePick::Country(code) => self.ids_with(
                "SELECT c.id FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
                 WHERE c.deleted_at IS NULL AND coalesce(c.country, o.country) = ?1
                 ORDER BY c.sort_key",
                params![code],
            )?,
            InvitePick::Search(q) => self
                .search(q, Some(&[RecordKind::Contact]), SEARCH_INVITE_LIMIT)?
                .into_iter()
                .filter(|h| !h.approximate)
                .map(|h| h.id)
                .collect(),
        };
        Ok(ids.into_iter().map(InviteeRef::Contact).collect())
    }

    fn ids_with(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Id>> {
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_map(params, |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Events a contact attended, for their timeline; events an
    /// organization ran or sent people to; a project's events.
    pub(super) fn event_timeline(&self, kind: RecordKind, id: Id) -> Result<Vec<TimelineEntry>> {
        let sql = match kind {
            RecordKind::Contact => {
                "SELECT e.id, e.start_date, e.title, e.kind FROM events e
                 JOIN event_invitees i ON i.event_id = e.id
                 WHERE i.contact_id = ?1 AND i.status = 'attended' AND e.deleted_at IS NULL
                 ORDER BY e.start_date DESC LIMIT 200"
            }
            RecordKind::Organization => {
                // Driven from the organization's side (its events, its
                // invitations, its people's invitations), each by an index:
                // reading every event's invitees cost a millisecond per
                // keystroke in the organizations list.
                "SELECT e.id, e.start_date, e.title, e.kind FROM events e
                 WHERE e.deleted_at IS NULL AND e.id IN (
                     SELECT id FROM events WHERE organizer_org_id = ?1
                     UNION SELECT event_id FROM event_invitees
                           WHERE organization_id = ?1 AND status = 'attended'
                     UNION SELECT i.event_id FROM contacts c
                           JOIN event_invitees i ON i.contact_id = c.id
                           WHERE c.organization_id = ?1 AND i.status = 'attended')
                 ORDER BY e.start_date DESC LIMIT 200"
            }
            RecordKind::Project => {
                "SELECT id, start_date, title, kind FROM events
                 WHERE project_id = ?1 AND deleted_at IS NULL ORDER BY start_date DESC LIMIT 200"
            }
            _ => return Ok(Vec::new()),
        };
        let rows: Vec<(Id, String, String, String)> = self
            .conn()
            .prepare_cached(sql)?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .map(|(eid, date, title, kind)| {
                let kind = EventKind::parse(&kind).map_or(kind, |k| k.label().to_string());
                TimelineEntry {
                    at: NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                        .ok()
                        .and_then(|d| d.and_hms_opt(12, 0, 0))
                        .map(|d| d.and_utc())
                        .unwrap_or_default(),
                    label: "event",
                    text: format!("{kind}: {title}"),
                    link: Some(Link {
                        kind: RecordKind::Event,
                        id: eid,
                    }),
                }
            })
            .collect())
    }

    /// For the question before deleting an event: its guest list.
    pub(super) fn event_hangs_on(
        &self,
        id: Id,
        add: &mut impl FnMut(i64, &str, &str),
    ) -> Result<()> {
        let (invited, attended): (i64, i64) = self
            .conn()
            .prepare_cached(
                "SELECT count(*), count(*) FILTER (WHERE status = 'attended')
             FROM event_invitees WHERE event_id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        add(invited, "invitee", "invitees");
        add(attended, "attended", "attended");
        Ok(())
    }
}
