//! The visit form (`v`): the fields in the order of work, the people and
//! project picked by typing, and follow-ups added before the visit is saved.

use chrono::NaiveDate;
use ratatui_textarea::TextArea;
use serde::{Deserialize, Serialize};

use crate::domain::date::parse_date;
use crate::domain::*;

use super::editor::{Picker, text_area};
use super::form::choice::ChoiceList;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitField {
    Date,
    Purpose,
    Project,
    Place,
    Participants,
    Observations,
    Issues,
    FollowUp,
    FollowUpOwner,
    FollowUpDue,
}

impl VisitField {
    const ORDER: [VisitField; 10] = [
        VisitField::Date,
        VisitField::Purpose,
        VisitField::Project,
        VisitField::Place,
        VisitField::Participants,
        VisitField::Observations,
        VisitField::Issues,
        VisitField::FollowUp,
        VisitField::FollowUpOwner,
        VisitField::FollowUpDue,
    ];

    pub fn next(self, forward: bool) -> VisitField {
        let i = Self::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        let n = Self::ORDER.len();
        Self::ORDER[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }

    pub fn label(self) -> &'static str {
        match self {
            VisitField::Date => "Date",
            VisitField::Purpose => "Purpose",
            VisitField::Project => "Project",
            VisitField::Place => "Place",
            VisitField::Participants => "People met",
            VisitField::Observations => "Observations",
            VisitField::Issues => "Issues",
            VisitField::FollowUp => "Follow-up",
            VisitField::FollowUpOwner => "  who",
            VisitField::FollowUpDue => "  by when",
        }
    }
}

#[derive(Debug, Clone)]
pub struct VisitForm {
    pub date: String,
    pub purpose: Purpose,
    pub project: Option<(Id, String)>,
    pub place: String,
    pub participants: Vec<(Id, String)>,
    pub observations: TextArea<'static>,
    pub issues: TextArea<'static>,
    pub focus: VisitField,
    /// Typing in the project or people field searches.
    pub picker: Picker,
    /// The domain's verdict on the last attempt to save, by field.
    pub error: Option<String>,
    /// Follow-ups added in this form, saved with the visit.
    pub follow_ups: Vec<PendingFollowUp>,
    /// The one being typed.
    pub next_follow_up: PendingFollowUp,
    /// The visit being edited (`None`: a new one).
    pub existing: Option<Visit>,
    /// The purpose's list, while open.
    pub choosing: Option<ChoiceList>,
    /// People created on the spot from this form, shown "(new)".
    pub created: Vec<Id>,
    /// A field cleared with ctrl-u, as it was, until ctrl-z brings it back.
    pub cleared: Option<Cleared>,
}

/// A date as typed, with the day it means when typed short ("t" ->
/// "t = Sat 2026-11-28"); as it is when it is not a date (yet).
pub fn resolved(typed: &str, today: NaiveDate) -> String {
    let typed = typed.trim();
    match parse_date(typed, today) {
        Ok(d) if d.format("%Y-%m-%d").to_string() != typed => {
            format!("{typed} = {}", d.format("%a %Y-%m-%d"))
        }
        _ => typed.to_string(),
    }
}

/// The purposes as the purpose list shows them, in `Purpose::ALL` order.
pub fn purpose_labels() -> Vec<String> {
    Purpose::ALL.iter().map(|p| p.label().to_string()).collect()
}

/// A one-line field of the visit form as it was before ctrl-u cleared it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleared {
    pub field: VisitField,
    pub text: String,
    pub project: Option<(Id, String)>,
    pub participants: Vec<(Id, String)>,
    pub owner: Option<(Id, String)>,
}

/// A follow-up typed in the visit form, not saved yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingFollowUp {
    pub text: String,
    pub owner: Option<(Id, String)>,
    pub due: String,
}

impl PendingFollowUp {
    fn blank() -> PendingFollowUp {
        PendingFollowUp {
            due: "+1w".into(),
            ..Default::default()
        }
    }

    /// The due date as typed, resolved ("+1w" -> "2026-12-05"), or the
    /// text as it is when it is not a date (yet).
    pub fn resolved_due(&self, today: NaiveDate) -> String {
        resolved(&self.due, today)
    }

    /// The follow-up, checked (text required, due must be a date).
    pub fn build(&self, today: NaiveDate) -> Result<FollowUp, String> {
        let mut f = FollowUp::new(self.text.trim());
        f.owner = self
            .owner
            .as_ref()
            .map_or(Owner::Officer, |(id, _)| Owner::Contact(*id));
        f.contact_id = self.owner.as_ref().map(|(id, _)| *id);
        if !self.due.trim().is_empty() {
            f.due_date =
                Some(parse_date(&self.due, today).map_err(|e| format!("follow-up due: {e}"))?);
        }
        f.validate().map_err(|e| format!("follow-up {e}"))?;
        Ok(f)
    }
}

impl VisitForm {
    pub fn new(
        date: String,
        project: Option<(Id, String)>,
        place: String,
        participants: Vec<(Id, String)>,
        observations: &str,
    ) -> VisitForm {
        let focus = if participants.is_empty() {
            VisitField::Participants
        } else {
            VisitField::Observations
        };
        VisitForm {
            date,
            purpose: Purpose::Monitoring,
            project,
            place,
            participants,
            observations: text_area(observations),
            issues: text_area(""),
            focus,
            picker: Picker::default(),
            error: None,
            follow_ups: Vec::new(),
            next_follow_up: PendingFollowUp::blank(),
            existing: None,
            choosing: None,
            created: Vec::new(),
            cleared: None,
        }
    }

    /// A person's name as the form shows it: "(new)" when created here.
    pub fn person(&self, (id, name): &(Id, String)) -> String {
        if self.created.contains(id) {
            format!("{name} (new)")
        } else {
            name.clone()
        }
    }

    /// The field the last message is about: the date, the follow-up, or
    /// the field being left.
    pub fn error_field(&self) -> VisitField {
        match self.error.as_deref() {
            Some(e) if e.starts_with("date") => VisitField::Date,
            Some(e) if e.starts_with("follow-up due") => VisitField::FollowUpDue,
            Some(e) if e.starts_with("follow-up") => VisitField::FollowUp,
            _ => self.focus,
        }
    }

    /// Clears the focused one-line field (ctrl-u), keeping it for ctrl-z;
    /// `false` where there is no one-line field (the text boxes, purpose).
    pub fn clear_line(&mut self) -> bool {
        let field = self.focus;
        let Some(text) = self.line_mut().map(std::mem::take) else {
            return false;
        };
        let mut cleared = Cleared {
            field,
            text,
            project: None,
            participants: Vec::new(),
            owner: None,
        };
        match field {
            VisitField::Project => cleared.project = self.project.take(),
            VisitField::Participants => {
                cleared.participants = std::mem::take(&mut self.participants)
            }
            VisitField::FollowUpOwner => cleared.owner = self.next_follow_up.owner.take(),
            _ => {}
        }
        self.picker = Picker::default();
        self.cleared = Some(cleared);
        true
    }

    /// Brings back the field ctrl-u cleared, and goes to it.
    pub fn undo_clear(&mut self) -> Option<VisitField> {
        let c = self.cleared.take()?;
        self.focus = c.field;
        self.picker = Picker::default();
        match c.field {
            VisitField::Project => self.project = c.project,
            VisitField::Participants => self.participants = c.participants,
            VisitField::FollowUpOwner => self.next_follow_up.owner = c.owner,
            _ => {}
        }
        if let Some(line) = self.line_mut() {
            *line = c.text;
        }
        Some(c.field)
    }

    /// The visit as typed, checked: the date must parse.
    pub fn visit(&self, today: NaiveDate) -> Result<Visit, String> {
        let date = parse_date(&self.date, today).map_err(|e| format!("date: {e}"))?;
        let mut v = match &self.existing {
            Some(existing) => Visit {
                date,
                purpose: self.purpose,
                ..existing.clone()
            },
            None => Visit::new(date, self.purpose),
        };
        v.project_id = self.project.as_ref().map(|(id, _)| *id);
        v.place = Some(self.place.trim().to_string()).filter(|p| !p.is_empty());
        v.participant_ids = self.participants.iter().map(|(id, _)| *id).collect();
        v.observations = self.observations.lines().join("\n").trim().to_string();
        v.issues = self.issues.lines().join("\n").trim().to_string();
        v.validate().map_err(|e| e.to_string())?;
        Ok(v)
    }

    /// The follow-ups to save with the visit: those added, and the one being
    /// typed if it has text.
    pub fn follow_ups(&self, visit: &Visit, today: NaiveDate) -> Result<Vec<FollowUp>, String> {
        let typed = (!self.next_follow_up.text.trim().is_empty()).then_some(&self.next_follow_up);
        self.follow_ups
            .iter()
            .chain(typed)
            .map(|p| {
                let mut f = p.build(today)?;
                f.visit_id = Some(visit.meta.id);
                f.project_id = visit.project_id;
                Ok(f)
            })
            .collect()
    }

    /// Moves the follow-up being typed into the list (enter on its last field).
    pub fn add_follow_up(&mut self, today: NaiveDate) -> Result<(), String> {
        if self.next_follow_up.text.trim().is_empty() {
            return Ok(());
        }
        self.next_follow_up.build(today)?;
        self.follow_ups.push(std::mem::replace(
            &mut self.next_follow_up,
            PendingFollowUp::blank(),
        ));
        self.focus = VisitField::FollowUp;
        Ok(())
    }

    /// The single-line field under the cursor, for typing into.
    pub fn line_mut(&mut self) -> Option<&mut String> {
        match self.focus {
            VisitField::Date => Some(&mut self.date),
            VisitField::Place => Some(&mut self.place),
            VisitField::Project | VisitField::Participants | VisitField::FollowUpOwner => {
                Some(&mut self.picker.query)
            }
            VisitField::FollowUp => Some(&mut self.next_follow_up.text),
            VisitField::FollowUpDue => Some(&mut self.next_follow_up.due),
            VisitField::Observations | VisitField::Issues | VisitField::Purpose => None,
        }
    }

    /// The kind of record the focused field picks, if it picks.
    pub fn picks(&self) -> Option<RecordKind> {
        match self.focus {
            VisitField::Project => Some(RecordKind::Project),
            VisitField::Participants | VisitField::FollowUpOwner => Some(RecordKind::Contact),
            _ => None,
        }
    }

    /// Takes the highlighted search hit into the field.
    pub fn choose(&mut self) -> bool {
        let Some(hit) = self.picker.hits.get(self.picker.cursor).cloned() else {
            return false;
        };
        match self.focus {
            VisitField::Project => self.project = Some(hit),
            VisitField::Participants => {
                if !self.participants.iter().any(|(id, _)| *id == hit.0) {
                    self.participants.push(hit);
                }
            }
            VisitField::FollowUpOwner => self.next_follow_up.owner = Some(hit),
            _ => return false,
        }
        self.picker = Picker::default();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visit_form_checks_the_date() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut form = VisitForm::new("y".into(), None, String::new(), vec![], "ok");
        assert_eq!(
            form.visit(today).unwrap().date,
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
        );
        form.date = "2026-02-30".into();
        assert!(
            form.visit(today)
                .unwrap_err()
                .starts_with("date: '2026-02-30' is not a date")
        );
    }
}
