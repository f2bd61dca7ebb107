//! A project's reporting calendar: what is due to the programme, and when.

use chrono::NaiveDate;

use super::validate::{Invalid, clean_opt};
use super::{Id, Meta, choice_enum};

choice_enum! {
    /// What is due. The programme's own list, in the order a project meets them.
    DeliverableKind, "deliverable kind" {
        ApplicationConsultation => "application_consultation", "Application consultation";
        ProposalSubmission => "proposal_submission", "Proposal submission";
        Contract => "contract", "Contract";
        MonthlyReport => "monthly_report", "Monthly report";
        QuarterlyReport => "quarterly_report", "Quarterly report";
        QuarterlyExpenditureReport => "quarterly_expenditure_report", "Quarterly expenditure report";
        AnnualReport => "annual_report", "Annual report";
        CompletionReport => "completion_report", "Completion report";
        Evaluation => "evaluation", "Evaluation";
        Other => "other", "Other";
    }
}

choice_enum! {
    /// Where a deliverable stands.
    DeliverableStatus, "deliverable status" {
        Due => "due", "Due";
        Submitted => "submitted", "Submitted";
        Accepted => "accepted", "Accepted";
        Returned => "returned", "Returned for revision" | "returned_for_revision";
        Waived => "waived", "Waived";
    }
}

impl DeliverableStatus {
    /// Still waiting on the implementer: due, or returned for revision.
    pub fn is_open(self) -> bool {
        matches!(self, DeliverableStatus::Due | DeliverableStatus::Returned)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Deliverable {
    pub meta: Meta,
    pub project_id: Id,
    pub kind: DeliverableKind,
    /// Needed for `other`; otherwise tells two of a kind apart.
    pub title: Option<String>,
    /// The last day of the period a report covers (a quarter, a month).
    pub period_end: Option<NaiveDate>,
    pub due_date: NaiveDate,
    pub submitter_org_id: Option<Id>,
    pub submitter_contact_id: Option<Id>,
    pub status: DeliverableStatus,
    pub submitted_on: Option<NaiveDate>,
    pub accepted_on: Option<NaiveDate>,
    pub note: String,
}

impl Deliverable {
    pub fn new(project_id: Id, kind: DeliverableKind, due_date: NaiveDate) -> Deliverable {
        Deliverable {
            meta: Meta::new(),
            project_id,
            kind,
            title: None,
            period_end: None,
            due_date,
            submitter_org_id: None,
            submitter_contact_id: None,
            status: DeliverableStatus::Due,
            submitted_on: None,
            accepted_on: None,
            note: String::new(),
        }
    }

    /// The name shown in lists: the title when there is one, else the kind
    /// with the period it covers.
    pub fn display_title(&self) -> String {
        match (&self.title, self.period_end) {
            (Some(t), _) => t.clone(),
            (None, Some(end)) => format!("{} to {end}", self.kind.label()),
            (None, None) => self.kind.label().to_string(),
        }
    }

    /// Open (due or returned for revision) and due before `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_open() && self.due_date < today
    }

    /// Moves to `status` on `on`: submitting and accepting record the day
    /// (accepting something never marked submitted counts as submitted that
    /// day); going back to due clears both.
    pub fn set_status(&mut self, status: DeliverableStatus, on: NaiveDate) {
        match status {
            DeliverableStatus::Due => {
                self.submitted_on = None;
                self.accepted_on = None;
            }
            DeliverableStatus::Submitted => {
                self.submitted_on = Some(on);
                self.accepted_on = None;
            }
            DeliverableStatus::Accepted => {
                self.submitted_on.get_or_insert(on);
                self.accepted_on = Some(on);
            }
            DeliverableStatus::Returned => {
                self.submitted_on.get_or_insert(on);
                self.accepted_on = None;
            }
            DeliverableStatus::Waived => {}
        }
        self.status = status;
    }

    /// The deliverable's own rules; `project_start` (when known) is the
    /// earliest a due date may be.
    pub fn validate(&self, project_start: Option<NaiveDate>) -> Result<(), Invalid> {
        let mut errors = Invalid::default();
        let title = clean_opt(self.title.clone());
        if self.kind == DeliverableKind::Other && title.is_none() {
            errors.push("title", "is required for a deliverable of kind 'other'");
        }
        if self.title.is_some() && title.is_none() {
            errors.push("title", "is empty; leave it out instead");
        }
        if let Some(start) = project_start
            && self.due_date < start
        {
            errors.push(
                "due",
                format!(
                    "{} is before the project's start date {start}",
                    self.due_date
                ),
            );
        }
        if let (Some(sub), Some(acc)) = (self.submitted_on, self.accepted_on)
            && acc < sub
        {
            errors.push(
                "accepted_on",
                format!("{acc} is before the day it was submitted, {sub}"),
            );
        }
        if self.accepted_on.is_some()
            && !matches!(
                self.status,
                DeliverableStatus::Accepted | DeliverableStatus::Waived
            )
        {
            errors.push(
                "accepted_on",
                format!("is set but the status is '{}'", self.status.key()),
            );
        }
        if self.status == DeliverableStatus::Accepted && self.accepted_on.is_none() {
            errors.push("accepted_on", "is required when the status is 'accepted'");
        }
        if matches!(
            self.status,
            DeliverableStatus::Submitted | DeliverableStatus::Returned
        ) && self.submitted_on.is_none()
        {
            errors.push(
                "submitted_on",
                format!("is required when the status is '{}'", self.status.key()),
            );
        }
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn report() -> Deliverable {
        Deliverable::new(
            crate::domain::new_id(),
            DeliverableKind::QuarterlyReport,
            day(2027, 4, 15),
        )
    }

    #[test]
    fn kinds_and_statuses_parse_leniently() {
        assert_eq!(
            DeliverableKind::parse("Quarterly expenditure report"),
            Ok(DeliverableKind::QuarterlyExpenditureReport)
        );
        assert_eq!(
            DeliverableStatus::parse("returned for revision"),
            Ok(DeliverableStatus::Returned)
        );
        let err = DeliverableKind::parse("weekly").unwrap_err();
        assert!(err.contains("not a deliverable kind"), "{err}");
    }

    #[test]
    fn overdue_only_when_open_and_past() {
        let mut d = report();
        assert!(!d.is_overdue(day(2027, 4, 15)));
        assert!(d.is_overdue(day(2027, 4, 16)));
        d.set_status(DeliverableStatus::Returned, day(2027, 4, 20));
        assert!(d.is_overdue(day(2027, 4, 16)));
        d.set_status(DeliverableStatus::Submitted, day(2027, 4, 20));
        assert!(!d.is_overdue(day(2027, 5, 1)));
        d.set_status(DeliverableStatus::Waived, day(2027, 4, 20));
        assert!(!d.is_overdue(day(2027, 5, 1)));
    }

    #[test]
    fn errors_name_the_field() {
        let mut d = report();
        d.kind = DeliverableKind::Other;
        d.submitted_on = Some(day(2027, 4, 10));
        d.accepted_on = Some(day(2027, 4, 1));
        d.status = DeliverableStatus::Accepted;
        let err = d.validate(Some(day(2027, 5, 1))).unwrap_err();
        assert!(err.for_field("title").unwrap().contains("'other'"), "{err}");
        assert!(
            err.for_field("due")
                .unwrap()
                .contains("start date 2027-05-01")
        );
        assert!(err.for_field("accepted_on").unwrap().contains("before"));
    }

    #[test]
    fn status_changes_keep_the_dates_consistent() {
        let mut d = report();
        d.set_status(DeliverableStatus::Accepted, day(2027, 4, 12));
        assert_eq!(d.submitted_on, Some(day(2027, 4, 12)));
        assert_eq!(d.validate(None), Ok(()));
        d.set_status(DeliverableStatus::Returned, day(2027, 4, 13));
        assert_eq!(d.accepted_on, None);
        assert_eq!(d.validate(None), Ok(()));
        d.set_status(DeliverableStatus::Due, day(2027, 4, 13));
        assert_eq!((d.submitted_on, d.accepted_on), (None, None));
        assert_eq!(d.validate(None), Ok(()));
    }
}
