//! Events the desk ran: the JPP application seminar (40 invited, 28 came),
//! forums, trainings, workshops and meetings, a few of them still to come.
//! A handful at any scale: a desk runs one or two a month.

use chrono::{Days, TimeZone, Utc};

use crate::domain::*;
use crate::store::StoreError;

use super::Generator;
use super::data::Place;

/// Title, kind, days before "today" (negative: still to come), how many
/// invited, how many came.
const EVENTS: &[(&str, EventKind, i64, usize, usize)] = &[
    ("JPP application seminar", EventKind::Seminar, 20, 40, 28),
    (
        "NGO forum on community health",
        EventKind::Forum,
        75,
        30,
        21,
    ),
    (
        "Project cycle management training",
        EventKind::Training,
        140,
        18,
        15,
    ),
    (
        "Safety and security briefing for NGO staff",
        EventKind::Training,
        45,
        24,
        17,
    ),
    (
        "Partner matching workshop",
        EventKind::Workshop,
        110,
        16,
        12,
    ),
    ("NGO desk quarterly meeting", EventKind::Meeting, 8, 10, 9),
    (
        "JPP application seminar, second round",
        EventKind::Seminar,
        -25,
        35,
        0,
    ),
    (
        "Local NGO registration clinic",
        EventKind::Workshop,
        -10,
        12,
        0,
    ),
];

const AGENDAS: &[&str] = &[
    "09:30 Welcome and introductions\n10:00 The partnership programme: tiers and timelines\n11:30 Writing the application: common mistakes\n14:00 Questions and answers",
    "Opening remarks\nPanel: community health workers and referral\nGroup work by county\nNext steps and contacts",
    "Problem tree and objectives\nLogical framework\nIndicators and monitoring plan\nBudget and reporting",
    "Security situation by county\nTravel and communication rules\nIncident reporting\nContacts in an emergency",
];

impl Generator<'_, '_> {
    pub(super) fn events(
        &mut self,
        contacts: &[Id],
        orgs: &[(Id, &'static Place)],
        projects: &[(Id, &'static Place)],
    ) -> Result<(), StoreError> {
        if contacts.is_empty() {
            return Ok(());
        }
        // One more round of each at every 20,000 contacts.
        let rounds = 1 + self.scale / 20_000;
        for round in 0..rounds {
            for &(title, kind, days_ago, invited, came) in EVENTS {
                let days_ago = days_ago + 365 * round as i64;
                self.event(
                    title, kind, days_ago, invited, came, contacts, orgs, projects,
                )?;
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &mut self,
        title: &str,
        kind: EventKind,
        days_ago: i64,
        invited: usize,
        came: usize,
        contacts: &[Id],
        orgs: &[(Id, &'static Place)],
        projects: &[(Id, &'static Place)],
    ) -> Result<(), StoreError> {
        let date = if days_ago >= 0 {
            self.today - Days::new(days_ago as u64)
        } else {
            self.today + Days::new(days_ago.unsigned_abs())
        };
        // Planned a month or two before the day (never after "today").
        let planned = date - Days::new(30 + self.rng.below(30) as u64);
        let created = Utc
            .from_utc_datetime(&planned.and_hms_opt(10, 0, 0).unwrap_or_default())
            .min(self.anchor);
        let mut e = Event::new(title, kind, date);
        e.meta = self.meta_at(created);
        let (_, place) = *self
            .rng
            .pick(if projects.is_empty() { orgs } else { projects });
        e.place = Some(place.city.to_string());
        e.online = kind == EventKind::Meeting;
        e.start_time = Some(
            if kind == EventKind::Meeting {
                "14:00"
            } else {
                "09:30"
            }
            .into(),
        );
        e.end_time = Some(
            if kind == EventKind::Meeting {
                "16:00"
            } else {
                "16:30"
            }
            .into(),
        );
        if kind == EventKind::Training {
            e.end_date = Some(date + Days::new(1));
        }
        if kind == EventKind::Workshop && !projects.is_empty() {
            e.project_id = Some(self.rng.pick(projects).0);
        }
        if kind == EventKind::Forum && !orgs.is_empty() {
            e.organizer_org_id = Some(self.rng.pick(orgs).0);
        }
        e.agenda = self.rng.pick(AGENDAS).to_string();
        let past = days_ago > 0;
        let stamp = if past {
            Utc.from_utc_datetime(&date.and_hms_opt(17, 0, 0).unwrap_or_default())
                .min(self.anchor)
        } else {
            created
        };
        let start = self.rng.below(contacts.len());
        // Every seventh contact: a spread of organizations, no repeats.
        let step = if contacts.len().is_multiple_of(7) {
            1
        } else {
            7
        };
        for i in 0..invited.min(contacts.len()) {
            let who = InviteeRef::Contact(contacts[(start + i * step) % contacts.len()]);
            if e.invitee(who).is_some() {
                continue;
            }
            let status = match (past, i) {
                (true, i) if i < came => InviteeStatus::Attended,
                (true, i) if i < came + 3 => InviteeStatus::Cancelled,
                (true, _) => InviteeStatus::Absent,
                (false, i) if i % 3 == 0 => InviteeStatus::Registered,
                (false, _) => InviteeStatus::Invited,
            };
            let role = match i {
                0 | 1 => InviteeRole::Speaker,
                2 => InviteeRole::Organizer,
                _ => InviteeRole::Participant,
            };
            e.invitees.push(Invitee {
                who,
                status,
                role,
                updated_at: stamp,
            });
        }
        self.tx.save_event(&e)?;
        self.summary.events += 1;
        Ok(())
    }
}
