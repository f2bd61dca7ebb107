//! Project calendars: the quarterly reports and expenditure reports (and
//! the completion report) of the projects under way or finished, as the
//! schedule proposes them. Those already due are mostly submitted and
//! accepted; some are late, a few returned for revision.

use crate::domain::schedule::{self, Cadence, Offsets};
use crate::domain::*;
use crate::store::StoreError;

use super::Generator;

/// Why a report came back, or what the desk noted on it.
const RETURN_NOTES: &[&str] = &[
    "Budget table does not match the expenditure report; asked for a corrected version.",
    "Activity photos missing; the county officer's sign-off is needed.",
    "Beneficiary numbers differ from the baseline survey; clarification requested.",
];

const LATE_NOTES: &[&str] = &[
    "Partner says the accountant is on leave; promised within two weeks.",
    "Reminded by phone; the field coordinator is collecting receipts.",
    "",
];

impl Generator<'_, '_> {
    pub(super) fn deliverables(
        &mut self,
        projects: &[(Id, &'static super::Place)],
    ) -> Result<(), StoreError> {
        // A stream of its own: the calendars stay the same whatever other
        // kinds the demo adds before them.
        let saved = self.rng.0;
        self.rng = super::rng::Rng(saved ^ 0xDE11_7E4A_B1E5_u64);
        let result = self.deliverables_from_own_stream(projects);
        self.rng = super::rng::Rng(saved);
        result
    }

    fn deliverables_from_own_stream(
        &mut self,
        projects: &[(Id, &'static super::Place)],
    ) -> Result<(), StoreError> {
        let cadence = Cadence {
            quarterly: true,
            monthly: false,
        };
        for (id, _) in projects {
            let Some(p) = self.tx.reader().project(*id)? else {
                continue;
            };
            let running = matches!(
                p.status,
                ProjectStatus::InProgress
                    | ProjectStatus::Completed
                    | ProjectStatus::Evaluated
                    | ProjectStatus::Suspended
            );
            if !running {
                continue;
            }
            let Ok(plan) =
                schedule::propose(p.start_date, p.end_date, cadence, &Offsets::default())
            else {
                continue;
            };
            for proposal in plan {
                let mut d = Deliverable::new(p.meta.id, proposal.kind, proposal.due_date);
                d.period_end = Some(proposal.period_end);
                d.submitter_org_id = p.implementing_org_id;
                let created = self.anchor.min(chrono::TimeZone::from_utc_datetime(
                    &chrono::Utc,
                    &p.start_date
                        .unwrap_or(self.today)
                        .and_hms_opt(10, 0, 0)
                        .unwrap_or_default(),
                ));
                d.meta = self.meta_at(created);
                self.settle(&mut d, p.status == ProjectStatus::InProgress);
                self.tx.save_deliverable(&d)?;
                self.summary.deliverables += 1;
            }
        }
        Ok(())
    }

    /// What became of a deliverable by today: one not yet due stays due;
    /// of those due, most were submitted (a few days either side of the
    /// date) and accepted some weeks later; on projects still running some
    /// are late and a few came back for revision.
    fn settle(&mut self, d: &mut Deliverable, running: bool) {
        if d.due_date >= self.today {
            return;
        }
        let roll = self.rng.below(100);
        if running && roll < 20 {
            d.note = self.rng.pick(LATE_NOTES).to_string();
            return;
        }
        let submitted = d.due_date + chrono::Days::new(self.rng.below(20) as u64);
        let submitted = submitted
            .min(self.today)
            .max(d.due_date - chrono::Days::new(5));
        if running && roll < 26 {
            d.set_status(DeliverableStatus::Returned, submitted);
            d.note = self.rng.pick(RETURN_NOTES).to_string();
            return;
        }
        d.set_status(DeliverableStatus::Submitted, submitted);
        let accepted = submitted + chrono::Days::new(7 + self.rng.below(30) as u64);
        if accepted < self.today {
            d.set_status(DeliverableStatus::Accepted, accepted);
        }
    }
}
