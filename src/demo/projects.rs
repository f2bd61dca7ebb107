//! Projects, each walked through its status pipeline with a reason per step,
//! and their reference codes.

use chrono::Days;

use crate::domain::*;
use crate::store::StoreError;

use super::Generator;
use super::data::*;

impl Generator<'_, '_> {
    pub(super) fn projects(
        &mut self,
        orgs: &[(Id, &'static Place)],
    ) -> Result<Vec<(Id, &'static Place)>, StoreError> {
        let count = (self.scale / 30).max(ProjectStatus::ALL.len());
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            let (org, _) = *self.rng.pick(orgs);
            let place = self.rng.pick(PLACES);
            let sector = *self.rng.pick(SECTORS);
            let created = self.past(1200);
            let mut p = Project::new(format!(
                "{} in {}",
                self.rng.pick(topics(sector)),
                place.city
            ));
            p.meta = self.meta_at(created);
            p.ref_code =
                Some(self.free_ref_code(created.format("%Y").to_string(), i + 1, count)?);
            p.implementing_org_id = Some(org);
            let partner = self.rng.pick(orgs).0;
            if partner != org {
                p.partner_org_ids.push(partner);
            }
            p.host_country = Some(place.country.to_string());
            p.site = Some(format!("{}, {}", self.rng.pick(place.sites), place.city));
            p.sector = Some(sector.to_string());
            p.programme_type = Some(*self.rng.pick(ProgrammeType::ALL));
            let start = created.date_naive() + Days::new(60 + self.rng.below(120) as u64);
            p.start_date = Some(start);
            p.end_date = Some(start + Days::new(365 * (1 + self.rng.below(3) as u64)));
            p.budget = Some(Money {
                hundredths: (5_000_000 + self.rng.below(95) as i64 * 1_000_000) * 100,
                currency: "JPY"
                    .parse()
                    .unwrap_or_else(|_| unreachable!("JPY is three letters")),
            });
            p.summary = Some(format!(
                "{} with {} in {}; {} beneficiaries expected.",
                sector_summary(sector),
                self.rng.pick(BENEFICIARIES),
                place.city,
                100 * (1 + self.rng.below(40))
            ));
            // Every status appears: walk the pipeline up to this project's one.
            let target = ProjectStatus::ALL[i % ProjectStatus::ALL.len()];
            p.status = ProjectStatus::Idea;
            self.tx.save_project(&p)?;
            self.summary.status_changes += 1;
            let path = pipeline_path(target);
            let step_days =
                (self.anchor - created).num_days().max(path.len() as i64) / (path.len() as i64 + 1);
            for (step, status) in path.iter().enumerate() {
                let at = created + chrono::Duration::days(step_days * (step as i64 + 1));
                let reason = self
                    .rng
                    .chance(60)
                    .then(|| *self.rng.pick(reasons(*status)));
                self.tx
                    .set_project_status_at(p.meta.id, *status, reason, at)?;
                self.summary.status_changes += 1;
            }
            out.push((p.meta.id, place));
        }
        self.summary.projects = out.len();
        Ok(out)
    }

    /// `FB-2026-0042`, or the next free number when demo data is added to a
    /// book that already has that code (`--force`).
    fn free_ref_code(&self, year: String, n: usize, step: usize) -> Result<String, StoreError> {
        let mut n = n;
        loop {
            let code = format!("FB-{year}-{n:04}");
            if !self.tx.reader().ref_code_in_use(&code)? {
                return Ok(code);
            }
            n += step.max(1);
        }
    }
}

/// The statuses a project passes through to reach `target`, after `Idea`.
fn pipeline_path(target: ProjectStatus) -> Vec<ProjectStatus> {
    use ProjectStatus::*;
    let main = [
        Consultation,
        Proposal,
        UnderReview,
        Approved,
        InProgress,
        Completed,
        Evaluated,
    ];
    match target {
        Idea => vec![],
        Suspended => vec![
            Consultation,
            Proposal,
            UnderReview,
            Approved,
            InProgress,
            Suspended,
        ],
        Cancelled => vec![Consultation, Proposal, Cancelled],
        t => {
            let end = main.iter().position(|s| *s == t).unwrap_or(0);
            main[..=end].to_vec()
        }
    }
}

fn reasons(status: ProjectStatus) -> &'static [&'static str] {
    use ProjectStatus::*;
    match status {
        Consultation => &[
            "First meeting with the county health office",
            "NGO asked for advice on the scheme",
        ],
        Proposal => &[
            "Concept note accepted by the desk",
            "Drafting started after the site visit",
        ],
        UnderReview => &[
            "Submitted to head office",
            "Sent to the selection committee",
        ],
        Approved => &[
            "Committee approved with minor changes",
            "Approved in the November round",
        ],
        InProgress => &[
            "Contract signed",
            "Grant agreement signed; first tranche paid",
        ],
        Completed => &["Final activities done", "Closing workshop held"],
        Evaluated => &["Ex-post evaluation finished", "Evaluation report received"],
        Suspended => &[
            "Security situation at the site",
            "Counterpart withdrew staff",
        ],
        Cancelled => &[
            "NGO withdrew the proposal",
            "Duplicates another donor's project",
        ],
        Idea => &["Discussed at the NGO forum"],
    }
}
