//! Seminars, forums and trainings the desk runs, and who was asked to come.

use chrono::{DateTime, NaiveDate, Utc};

use super::validate::{Invalid, require};
use super::{Id, Meta, choice_enum};

choice_enum! {
    /// What sort of gathering it is.
    EventKind, "kind of event" {
        Seminar => "seminar", "Seminar";
        Forum => "forum", "Forum";
        Training => "training", "Training";
        Workshop => "workshop", "Workshop";
        Meeting => "meeting", "Meeting";
    }
}

choice_enum! {
    /// Where an invitee stands, from the invitation to the day itself.
    InviteeStatus, "status for an invitee" {
        Invited => "invited", "Invited";
        Registered => "registered", "Registered";
        Attended => "attended", "Attended";
        Absent => "absent", "Absent";
        Cancelled => "cancelled", "Cancelled";
    }
}

choice_enum! {
    /// What an invitee does at the event.
    InviteeRole, "role for an invitee" {
        Participant => "participant", "Participant";
        Speaker => "speaker", "Speaker";
        Organizer => "organizer", "Organizer";
        Guest => "guest", "Guest";
    }
}

/// Who is invited: a person, or a whole organization when the desk does
/// not yet know who it will send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum InviteeRef {
    Contact(Id),
    Organization(Id),
}

impl InviteeRef {
    pub fn id(self) -> Id {
        match self {
            InviteeRef::Contact(id) | InviteeRef::Organization(id) => id,
        }
    }
}

/// One line of an event's guest list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Invitee {
    pub who: InviteeRef,
    pub status: InviteeStatus,
    pub role: InviteeRole,
    /// When the status or role last changed.
    pub updated_at: DateTime<Utc>,
}

impl Invitee {
    pub fn new(who: InviteeRef, role: InviteeRole) -> Invitee {
        Invitee {
            who,
            status: InviteeStatus::Invited,
            role,
            updated_at: Utc::now(),
        }
    }
}

/// A seminar, forum, training, workshop or meeting. The invitees are kept
/// in the order they were invited.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Event {
    pub meta: Meta,
    pub title: String,
    pub kind: EventKind,
    pub start_date: NaiveDate,
    /// The last day of an event over several days; `None` for one day.
    pub end_date: Option<NaiveDate>,
    /// `HH:MM`, local time at the place.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub place: Option<String>,
    pub online: bool,
    /// The organization that runs it; `None` when the desk does.
    pub organizer_org_id: Option<Id>,
    pub project_id: Option<Id>,
    pub agenda: String,
    pub invitees: Vec<Invitee>,
}

impl Event {
    pub fn new(title: impl Into<String>, kind: EventKind, start_date: NaiveDate) -> Event {
        Event {
            meta: Meta::new(),
            title: title.into(),
            kind,
            start_date,
            end_date: None,
            start_time: None,
            end_time: None,
            place: None,
            online: false,
            organizer_org_id: None,
            project_id: None,
            agenda: String::new(),
            invitees: Vec::new(),
        }
    }

    /// The day it ends (the start day for a one-day event).
    pub fn last_day(&self) -> NaiveDate {
        self.end_date.unwrap_or(self.start_date)
    }

    pub fn invitee(&self, who: InviteeRef) -> Option<&Invitee> {
        self.invitees.iter().find(|i| i.who == who)
    }

    /// Where it happens, as one line: the place, "online", or both.
    pub fn where_text(&self) -> String {
        match (&self.place, self.online) {
            (Some(p), true) => format!("{p} and online"),
            (Some(p), false) => p.clone(),
            (None, true) => "online".into(),
            (None, false) => String::new(),
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        let mut errors = Invalid::default();
        require(&mut errors, "title", &self.title);
        if let Some(end) = self.end_date
            && end < self.start_date
        {
            errors.push(
                "end date",
                format!("{end} is before the start date {}", self.start_date),
            );
        }
        for (field, time) in [
            ("start time", &self.start_time),
            ("end time", &self.end_time),
        ] {
            if let Some(t) = time
                && let Err(e) = check_time(t)
            {
                errors.push(field, e);
            }
        }
        if let (Some(a), Some(b)) = (&self.start_time, &self.end_time)
            && self.end_date.is_none_or(|d| d == self.start_date)
            && check_time(a).is_ok()
            && check_time(b).is_ok()
            && b < a
        {
            errors.push("end time", format!("{b} is before the start time {a}"));
        }
        if self.place.as_deref().is_some_and(|p| p.trim().is_empty()) {
            errors.push("place", "is empty; leave it out instead");
        }
        let mut seen = std::collections::HashSet::new();
        if !self.invitees.iter().all(|i| seen.insert(i.who.id())) {
            errors.push("invitees", "lists the same invitee twice");
        }
        errors.into_result()
    }
}

/// Checks a time of day written `HH:MM` (24-hour, zero-padded), the only
/// form the book stores.
pub fn check_time(s: &str) -> Result<(), String> {
    let bad = || format!("'{s}' is not a time; use HH:MM, 24-hour (09:30, 14:00)");
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b':' {
        return Err(bad());
    }
    let hh: u32 = s[..2].parse().map_err(|_| bad())?;
    let mm: u32 = s[3..].parse().map_err(|_| bad())?;
    if !s[..2]
        .bytes()
        .chain(s[3..].bytes())
        .all(|c| c.is_ascii_digit())
        || hh > 23
        || mm > 59
    {
        return Err(bad());
    }
    Ok(())
}

/// Reads a time as typed: `9:30` and `0930` become `09:30`.
pub fn parse_time(input: &str) -> Result<String, String> {
    let s = input.trim();
    let normal = match s.len() {
        4 if s.as_bytes()[1] == b':' => format!("0{s}"),
        4 if s.bytes().all(|c| c.is_ascii_digit()) => format!("{}:{}", &s[..2], &s[2..]),
        _ => s.to_string(),
    };
    check_time(&normal)
        .map_err(|_| format!("'{s}' is not a time; use HH:MM, 24-hour (09:30, 14:00)"))?;
    Ok(normal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn end_before_start_names_the_end_date() {
        let mut e = Event::new("Forum", EventKind::Forum, day("2027-01-20"));
        e.end_date = Some(day("2027-01-19"));
        let err = e.validate().unwrap_err();
        assert_eq!(
            err.for_field("end date"),
            Some("2027-01-19 is before the start date 2027-01-20")
        );
    }

    #[test]
    fn times_are_checked_and_named() {
        let mut e = Event::new("Seminar", EventKind::Seminar, day("2027-01-20"));
        e.start_time = Some("25:00".into());
        e.end_time = Some("9:3".into());
        let err = e.validate().unwrap_err();
        assert!(
            err.for_field("start time")
                .unwrap()
                .contains("'25:00' is not a time")
        );
        assert!(err.for_field("end time").unwrap().contains("'9:3'"));
        e.start_time = Some("14:00".into());
        e.end_time = Some("09:30".into());
        let err = e.validate().unwrap_err();
        assert_eq!(
            err.for_field("end time"),
            Some("09:30 is before the start time 14:00")
        );
        // Over two days, ending earlier in the day is fine.
        e.end_date = Some(day("2027-01-21"));
        assert!(e.validate().is_ok());
    }

    #[test]
    fn times_are_read_leniently_and_stored_padded() {
        assert_eq!(parse_time("9:30").unwrap(), "09:30");
        assert_eq!(parse_time("0930").unwrap(), "09:30");
        assert_eq!(parse_time(" 14:05 ").unwrap(), "14:05");
        assert!(parse_time("24:00").is_err());
        assert!(parse_time("noon").is_err());
        assert!(parse_time("+1:30").is_err());
    }

    #[test]
    fn title_required_and_invitees_unique() {
        let mut e = Event::new("  ", EventKind::Training, day("2027-03-01"));
        let id = crate::domain::new_id();
        e.invitees.push(Invitee::new(
            InviteeRef::Contact(id),
            InviteeRole::Participant,
        ));
        e.invitees
            .push(Invitee::new(InviteeRef::Contact(id), InviteeRole::Speaker));
        let err = e.validate().unwrap_err();
        assert_eq!(err.for_field("title"), Some("is required"));
        assert_eq!(
            err.for_field("invitees"),
            Some("lists the same invitee twice")
        );
    }

    #[test]
    fn kinds_parse_leniently() {
        assert_eq!(EventKind::parse("Seminar"), Ok(EventKind::Seminar));
        assert_eq!(
            InviteeStatus::parse("ATTENDED"),
            Ok(InviteeStatus::Attended)
        );
        assert!(
            InviteeRole::parse("host")
                .unwrap_err()
                .contains("participant, speaker")
        );
    }
}
