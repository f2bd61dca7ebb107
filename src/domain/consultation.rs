//! A consultation: a question an organization brings to the desk (by phone,
//! at the office, by e-mail...), the advice given and the time it took.
//! Answering them is the desk's core service; head office counts them by
//! topic and channel each month.

use chrono::NaiveDate;

use super::validate::{Invalid, require};
use super::{Id, Meta, choice_enum};

choice_enum! {
    /// How the question reached the desk.
    Channel, "consultation channel" {
        Office => "office", "In person at the office" | "in_person" | "at_the_office";
        Site => "site", "At a site";
        Phone => "phone", "Phone" | "call";
        Email => "email", "E-mail" | "e_mail" | "mail";
        Online => "online", "Online meeting" | "video" | "online_meeting";
    }
}

choice_enum! {
    /// What the question was about: the fixed list head office counts by.
    Topic, "consultation topic" {
        Jpp => "jpp", "JPP application" | "jpp_application" | "application";
        Registration => "registration", "NGO registration and permits" | "permits" | "ngo_registration";
        LawTax => "law_tax", "Local law and tax" | "law" | "tax";
        Safety => "safety", "Safety and security" | "security";
        PartnerSearch => "partner_search", "Partner search" | "partner" | "partners";
        Finance => "finance", "Finance and budget" | "budget";
        Other => "other", "Other";
    }
}

/// The longest a consultation can take, in minutes (a working week): a
/// larger number is a typing slip (hours for minutes, an extra zero).
pub const MAX_MINUTES: i64 = 60 * 40;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Consultation {
    pub meta: Meta,
    pub date: NaiveDate,
    pub channel: Channel,
    pub topic: Topic,
    pub organization_id: Option<Id>,
    pub project_id: Option<Id>,
    /// The people who asked, in the order given.
    pub people_ids: Vec<Id>,
    /// The question, in a line or a paragraph.
    pub summary: String,
    /// The answer or advice given.
    pub advice: String,
    /// Time spent; `None` when not noted.
    pub minutes: Option<i64>,
}

impl Consultation {
    pub fn new(date: NaiveDate, channel: Channel, topic: Topic) -> Consultation {
        Consultation {
            meta: Meta::new(),
            date,
            channel,
            topic,
            organization_id: None,
            project_id: None,
            people_ids: Vec::new(),
            summary: String::new(),
            advice: String::new(),
            minutes: None,
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        let mut errors = Invalid::default();
        require(&mut errors, "summary", &self.summary);
        if let Some(m) = self.minutes {
            if m < 0 {
                errors.push(
                    "minutes",
                    format!("{m} is negative; write the time spent, 0 or more"),
                );
            } else if m > MAX_MINUTES {
                errors.push(
                    "minutes",
                    format!("{m} is more than {MAX_MINUTES} (a working week); write minutes, not seconds"),
                );
            }
        }
        let mut seen = std::collections::HashSet::new();
        if !self.people_ids.iter().all(|id| seen.insert(*id)) {
            errors.push("people", "lists the same person twice");
        }
        errors.into_result()
    }
}

/// Minutes as typed in a form or on the command line: a whole number, or
/// hours and minutes (`1h30`, `1:30`, `2h`); empty is `None`.
pub fn parse_minutes(s: &str) -> Result<Option<i64>, String> {
    let t = s.trim().to_ascii_lowercase();
    if t.is_empty() {
        return Ok(None);
    }
    let bad = || {
        format!(
            "'{}' is not a number of minutes (20, 1h30 or 1:30)",
            s.trim()
        )
    };
    let number = |p: &str| p.trim().parse::<i64>().map_err(|_| bad());
    let split = t.split_once('h').or_else(|| t.split_once(':'));
    let minutes = match split {
        Some((h, m)) => {
            let m = m.trim().trim_end_matches("min").trim_end_matches('m');
            let m = if m.is_empty() { 0 } else { number(m)? };
            if !(0..60).contains(&m) {
                return Err(bad());
            }
            number(h)? * 60 + m
        }
        None => number(t.trim_end_matches("min").trim_end_matches('m'))?,
    };
    Ok(Some(minutes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    #[test]
    fn short_keys_and_labels_parse() {
        assert_eq!(Topic::parse("registration"), Ok(Topic::Registration));
        assert_eq!(Topic::parse("JPP"), Ok(Topic::Jpp));
        assert_eq!(Topic::parse("law-tax"), Ok(Topic::LawTax));
        assert_eq!(Channel::parse("phone"), Ok(Channel::Phone));
        assert_eq!(Channel::parse("e-mail"), Ok(Channel::Email));
        assert_eq!(Channel::parse("in person"), Ok(Channel::Office));
        let err = Topic::parse("weather").unwrap_err();
        assert!(err.contains("not a consultation topic"), "{err}");
        assert!(err.contains("registration"), "{err}");
    }

    #[test]
    fn validation_names_the_fields() {
        let mut c = Consultation::new(day(), Channel::Phone, Topic::Jpp);
        c.minutes = Some(-5);
        let e = c.validate().unwrap_err();
        assert_eq!(e.for_field("summary"), Some("is required"));
        assert!(e.for_field("minutes").unwrap().contains("negative"));
        c.summary = "How to apply".into();
        c.minutes = Some(0);
        assert!(c.validate().is_ok());
        let id = crate::domain::new_id();
        c.people_ids = vec![id, id];
        assert!(c.validate().unwrap_err().for_field("people").is_some());
    }

    #[test]
    fn minutes_as_typed() {
        assert_eq!(parse_minutes(""), Ok(None));
        assert_eq!(parse_minutes("20"), Ok(Some(20)));
        assert_eq!(parse_minutes("1h30"), Ok(Some(90)));
        assert_eq!(parse_minutes("1:05"), Ok(Some(65)));
        assert_eq!(parse_minutes("2h"), Ok(Some(120)));
        assert_eq!(parse_minutes("45min"), Ok(Some(45)));
        assert!(parse_minutes("half an hour").is_err());
        assert!(parse_minutes("1h75").is_err());
    }
}
