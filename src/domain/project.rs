use chrono::{DateTime, NaiveDate, Utc};

use super::money::Money;
use super::validate::{Invalid, require};
use super::{Id, Meta, choice_enum};

choice_enum! {
    /// Where a project stands. The order is the pipeline's order, which is
    /// also how project lists are sorted.
    ProjectStatus, "project status" {
        Idea => "idea", "Idea";
        Consultation => "consultation", "Consultation";
        Proposal => "proposal", "Proposal";
        UnderReview => "under_review", "Under review";
        Approved => "approved", "Approved";
        InProgress => "in_progress", "In progress";
        Completed => "completed", "Completed";
        Evaluated => "evaluated", "Evaluated";
        Suspended => "suspended", "Suspended";
        Cancelled => "cancelled", "Cancelled";
    }
}

choice_enum! {
    /// The partnership programme's tier, by the programme's current names.
    /// "Local-government type" was renamed "local-activation type"; the
    /// old key is still read (CLI, CSV, JSON and backups from older versions).
    ProgrammeType, "programme type" {
        Support => "support", "Support type";
        Partner => "partner", "Partner type";
        LocalActivation => "local_activation", "Local-activation type" | "local_government";
        Other => "other", "Other";
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Project {
    pub meta: Meta,
    pub ref_code: Option<String>,
    pub title: String,
    pub implementing_org_id: Option<Id>,
    pub partner_org_ids: Vec<Id>,
    pub host_country: Option<String>,
    pub site: Option<String>,
    pub sector: Option<String>,
    pub programme_type: Option<ProgrammeType>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub budget: Option<Money>,
    pub summary: Option<String>,
    /// The current status; changes go through the store so that each one is
    /// appended to the history.
    pub status: ProjectStatus,
}

/// One entry of a project's append-only status history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusChange {
    pub id: Id,
    pub project_id: Id,
    /// `None` for the status a project was created with.
    pub from: Option<ProjectStatus>,
    pub to: ProjectStatus,
    pub changed_at: DateTime<Utc>,
    pub reason: Option<String>,
}

impl Project {
    pub fn new(title: impl Into<String>) -> Project {
        Project {
            meta: Meta::new(),
            ref_code: None,
            title: title.into(),
            implementing_org_id: None,
            partner_org_ids: Vec::new(),
            host_country: None,
            site: None,
            sector: None,
            programme_type: None,
            start_date: None,
            end_date: None,
            budget: None,
            summary: None,
            status: ProjectStatus::Idea,
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        let mut errors = Invalid::default();
        require(&mut errors, "title", &self.title);
        if let Some(code) = &self.ref_code
            && code.trim().is_empty()
        {
            errors.push("ref", "is empty; leave it out instead");
        }
        if let (Some(start), Some(end)) = (self.start_date, self.end_date)
            && end < start
        {
            errors.push("end", format!("{end} is before the start date {start}"));
        }
        if let Some(budget) = &self.budget
            && budget.hundredths < 0
        {
            errors.push("budget", "cannot be below zero");
        }
        if let Some(org) = self.implementing_org_id
            && self.partner_org_ids.contains(&org)
        {
            errors.push(
                "partners",
                "lists the implementing organization as its own partner",
            );
        }
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_leniently() {
        assert_eq!(
            ProjectStatus::parse("Under review"),
            Ok(ProjectStatus::UnderReview)
        );
        assert_eq!(
            ProjectStatus::parse("in-progress"),
            Ok(ProjectStatus::InProgress)
        );
        let err = ProjectStatus::parse("done").unwrap_err();
        assert!(err.contains("idea, consultation"), "{err}");
    }

    #[test]
    fn end_before_start_is_refused() {
        let mut p = Project::new("Farmers' school");
        p.start_date = NaiveDate::from_ymd_opt(2026, 5, 1);
        p.end_date = NaiveDate::from_ymd_opt(2026, 4, 1);
        let err = p.validate().unwrap_err();
        assert!(err.for_field("end").unwrap().contains("before the start"));
    }
}
