use chrono::NaiveDate;

use super::validate::Invalid;
use super::{Id, Meta, choice_enum};

choice_enum! {
    /// Why the officer went.
    Purpose, "visit purpose" {
        Monitoring => "monitoring", "Monitoring";
        Formulation => "formulation", "Project formulation";
        Consultation => "consultation", "Consultation";
        Forum => "forum", "Forum / training";
        Other => "other", "Other";
    }
}

/// A field visit, meeting or event. Its follow-ups are `FollowUp`s whose
/// `visit_id` points here.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Visit {
    pub meta: Meta,
    pub date: NaiveDate,
    pub place: Option<String>,
    pub purpose: Purpose,
    pub project_id: Option<Id>,
    pub participant_ids: Vec<Id>,
    pub observations: String,
    pub issues: String,
}

impl Visit {
    pub fn new(date: NaiveDate, purpose: Purpose) -> Visit {
        Visit {
            meta: Meta::new(),
            date,
            place: None,
            purpose,
            project_id: None,
            participant_ids: Vec::new(),
            observations: String::new(),
            issues: String::new(),
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        let mut errors = Invalid::default();
        let mut seen = std::collections::HashSet::new();
        if !self.participant_ids.iter().all(|id| seen.insert(*id)) {
            errors.push("participants", "lists the same person twice");
        }
        errors.into_result()
    }
}
