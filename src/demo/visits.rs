//! Visits to project sites, with their participants and follow-ups.

use chrono::{Days, TimeZone, Utc};

use crate::domain::*;
use crate::store::StoreError;

use super::Generator;
use super::data::*;

impl Generator<'_, '_> {
    pub(super) fn visits(
        &mut self,
        projects: &[(Id, &'static Place)],
        contacts: &[Id],
    ) -> Result<(), StoreError> {
        let count = (self.scale / 2).max(10);
        for _ in 0..count {
            let (project, place) = *self.rng.pick(projects);
            let date = self.today - Days::new(self.rng.below(540) as u64);
            let created = Utc.from_utc_datetime(&date.and_hms_opt(17, 0, 0).unwrap_or_default());
            let mut v = Visit::new(date, *self.rng.pick(Purpose::ALL));
            v.meta = self.meta_at(created.min(self.anchor));
            v.place = Some(format!("{}, {}", self.rng.pick(place.sites), place.city));
            v.project_id = (!self.rng.chance(10)).then_some(project);
            for _ in 0..1 + self.rng.below(4) {
                let c = *self.rng.pick(contacts);
                if !v.participant_ids.contains(&c) {
                    v.participant_ids.push(c);
                }
            }
            v.observations = self.rng.pick(OBSERVATIONS).to_string();
            v.issues = if self.rng.chance(60) {
                self.rng.pick(ISSUES).to_string()
            } else {
                String::new()
            };
            self.tx.save_visit(&v)?;
            self.summary.visits += 1;
            for _ in 0..self.rng.below(4) {
                self.follow_up(&v)?;
            }
        }
        Ok(())
    }

    fn follow_up(&mut self, v: &Visit) -> Result<(), StoreError> {
        let mut f = FollowUp::new(*self.rng.pick(FOLLOW_UPS));
        f.meta = self.meta_at(v.meta.created_at);
        f.visit_id = Some(v.meta.id);
        f.project_id = v.project_id;
        f.owner = match v.participant_ids.first() {
            Some(c) if self.rng.chance(60) => Owner::Contact(*c),
            _ => Owner::Officer,
        };
        f.contact_id = v.participant_ids.first().copied();
        let due = v.date + Days::new(3 + self.rng.below(40) as u64);
        f.due_date = Some(due);
        // Older follow-ups are mostly done; some are left overdue on purpose.
        if due < self.today && self.rng.chance(80) {
            let done = Utc.from_utc_datetime(&due.and_hms_opt(12, 0, 0).unwrap_or_default());
            f.done_at = Some(done.min(self.anchor));
        }
        self.tx.save_follow_up(&f)?;
        self.summary.follow_ups += 1;
        Ok(())
    }
}
