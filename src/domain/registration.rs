//! Registrations, approvals, MoUs and permits: papers an organization or a
//! project holds, most of which expire. A running project must not outlive
//! them, so their expiry dates are watched (the dashboard, the report).

use chrono::NaiveDate;

use super::validate::{Invalid, clean_opt};
use super::{Id, Meta, RecordKind, choice_enum};

choice_enum! {
    /// What the paper is.
    RegistrationKind, "registration kind" {
        NgoRegistration => "ngo_registration", "NGO registration" | "registration" | "ngo";
        GovernmentApproval => "government_approval", "Counterpart government approval" | "approval";
        Mou => "mou", "MoU (memorandum of understanding)" | "memorandum_of_understanding" | "memorandum";
        Endorsement => "endorsement", "R/D or endorsement letter" | "r/d" | "rd" | "endorsement_letter";
        TaxExemption => "tax_exemption", "Tax exemption" | "tax";
        WorkPermit => "work_permit", "Work permit" | "permit";
        Other => "other", "Other";
    }
}

/// Whose paper it is: an organization's or a project's, never both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Holder {
    Organization(Id),
    Project(Id),
}

impl Holder {
    pub fn kind(self) -> RecordKind {
        match self {
            Holder::Organization(_) => RecordKind::Organization,
            Holder::Project(_) => RecordKind::Project,
        }
    }

    pub fn id(self) -> Id {
        match self {
            Holder::Organization(id) | Holder::Project(id) => id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Registration {
    pub meta: Meta,
    pub holder: Holder,
    pub kind: RegistrationKind,
    pub number: Option<String>,
    pub authority: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub note: String,
}

impl Registration {
    pub fn new(holder: Holder, kind: RegistrationKind) -> Registration {
        Registration {
            meta: Meta::new(),
            holder,
            kind,
            number: None,
            authority: None,
            issued_on: None,
            expires_on: None,
            note: String::new(),
        }
    }

    /// Blank optional text becomes `None`, so `""` and nothing read the same.
    pub fn cleaned(mut self) -> Registration {
        self.number = clean_opt(self.number);
        self.authority = clean_opt(self.authority);
        self.note = self.note.trim().to_string();
        self
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        let mut errors = Invalid::default();
        if let (Some(issued), Some(expires)) = (self.issued_on, self.expires_on)
            && expires < issued
        {
            errors.push(
                "expires",
                format!("{expires} is before the date it was issued ({issued})"),
            );
        }
        for (field, value) in [("number", &self.number), ("authority", &self.authority)] {
            if value.as_deref().is_some_and(|v| v.contains('\n')) {
                errors.push(field, "must be one line");
            }
        }
        errors.into_result()
    }

    /// Days from `today` to the expiry (negative once expired).
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        self.expires_on.map(|e| (e - today).num_days())
    }

    /// "NGO registration 12/345 (NGO Coordination Board)": how lists name it.
    pub fn title(&self) -> String {
        let mut s = self.kind.label().to_string();
        if let Some(n) = &self.number {
            s.push(' ');
            s.push_str(n);
        }
        if let Some(a) = &self.authority {
            s.push_str(&format!(" ({a})"));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn expiry_before_issue_names_the_field() {
        let mut r = Registration::new(Holder::Organization(Id::nil()), RegistrationKind::Mou);
        r.issued_on = Some(d("2026-05-01"));
        r.expires_on = Some(d("2026-04-30"));
        let e = r.validate().unwrap_err();
        assert_eq!(
            e.for_field("expires"),
            Some("2026-04-30 is before the date it was issued (2026-05-01)")
        );
        r.expires_on = Some(d("2026-05-01"));
        assert!(r.validate().is_ok());
    }

    #[test]
    fn kinds_parse_loosely() {
        assert_eq!(
            RegistrationKind::parse("NGO registration"),
            Ok(RegistrationKind::NgoRegistration)
        );
        assert_eq!(
            RegistrationKind::parse("r/d"),
            Ok(RegistrationKind::Endorsement)
        );
        assert!(
            RegistrationKind::parse("visa")
                .unwrap_err()
                .contains("use one of: ngo_registration, government_approval")
        );
    }
}
