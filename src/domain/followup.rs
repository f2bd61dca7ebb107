use chrono::{DateTime, NaiveDate, Utc};

use super::validate::{Invalid, require};
use super::{Id, Meta};

/// Who must act: a contact, or the officer themself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Owner {
    Officer,
    Contact(Id),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FollowUp {
    pub meta: Meta,
    pub text: String,
    pub owner: Owner,
    pub due_date: Option<NaiveDate>,
    /// When it was marked done; `None` while open.
    pub done_at: Option<DateTime<Utc>>,
    pub visit_id: Option<Id>,
    pub project_id: Option<Id>,
    pub contact_id: Option<Id>,
    /// The consultation it came out of. Absent from exports made before
    /// consultations existed, and left out of the JSON when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation_id: Option<Id>,
}

impl FollowUp {
    pub fn new(text: impl Into<String>) -> FollowUp {
        FollowUp {
            meta: Meta::new(),
            text: text.into(),
            owner: Owner::Officer,
            due_date: None,
            done_at: None,
            visit_id: None,
            project_id: None,
            contact_id: None,
            consultation_id: None,
        }
    }

    pub fn is_done(&self) -> bool {
        self.done_at.is_some()
    }

    /// Open and due before `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.is_done() && self.due_date.is_some_and(|d| d < today)
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        let mut errors = Invalid::default();
        require(&mut errors, "text", &self.text);
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overdue_only_when_open_and_past() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut f = FollowUp::new("Send the manual");
        assert!(!f.is_overdue(today));
        f.due_date = today.pred_opt();
        assert!(f.is_overdue(today));
        f.done_at = Some(Utc::now());
        assert!(!f.is_overdue(today));
        f.done_at = None;
        f.due_date = Some(today);
        assert!(!f.is_overdue(today));
    }
}
