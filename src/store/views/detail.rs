//! What the details pane shows about one record, typed: the record itself,
//! the records it links to (each with its name), and the lists that hang on
//! it. No words and no layout here: `ui/panes/details*` decides those.

use chrono::NaiveDate;

use super::Link;
use crate::domain::*;

/// A link with the name of the record it points to; `name` is `None` when
/// that record is missing from the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedLink {
    pub link: Link,
    pub name: Option<String>,
}

/// A follow-up as listed in another record's details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpItem {
    pub id: Id,
    pub text: String,
    /// The contact who must act; `None`: the officer.
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub done: bool,
    /// Open and due before the day the details were read for.
    pub overdue: bool,
}

impl FollowUpItem {
    pub fn link(&self) -> Link {
        Link {
            kind: RecordKind::FollowUp,
            id: self.id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDetail {
    pub contact: Contact,
    pub organization: Option<NamedLink>,
    /// Projects the contact met the officer about (through visits).
    pub projects: Vec<NamedLink>,
    /// Open follow-ups the contact owns or is the subject of.
    pub open_follow_ups: Vec<FollowUpItem>,
    pub last_visit: Option<NamedLink>,
    /// When the desk last had contact (visit, consultation, event attended).
    pub last_contact: Option<super::LastContact>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationDetail {
    pub organization: Organization,
    pub people: Vec<NamedLink>,
    /// Projects it implements or is a partner in.
    pub projects: Vec<NamedLink>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectDetail {
    pub project: Project,
    pub implementing: Option<NamedLink>,
    pub partners: Vec<NamedLink>,
    /// Newest first.
    pub history: Vec<StatusChange>,
    pub visits: Vec<NamedLink>,
    /// Open ones first.
    pub follow_ups: Vec<FollowUpItem>,
    /// Its reporting calendar, by due date.
    pub calendar: Vec<super::DeliverableLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitDetail {
    pub visit: Visit,
    pub project: Option<NamedLink>,
    pub participants: Vec<NamedLink>,
    /// Open ones first.
    pub follow_ups: Vec<FollowUpItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpDetail {
    pub follow_up: FollowUp,
    pub overdue: bool,
    /// The contact who must act; `None`: the officer.
    pub owner: Option<NamedLink>,
    pub visit: Option<NamedLink>,
    pub project: Option<NamedLink>,
    /// The contact it is about.
    pub about: Option<NamedLink>,
    /// The consultation it came out of.
    pub consultation: Option<NamedLink>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailBody {
    Contact(Box<ContactDetail>),
    Organization(Box<OrganizationDetail>),
    Project(Box<ProjectDetail>),
    Visit(Box<VisitDetail>),
    FollowUp(Box<FollowUpDetail>),
    Event(Box<super::EventDetail>),
    Deliverable(Box<super::DeliverableDetail>),
    Consultation(Box<super::ConsultationDetail>),
}

/// Everything the details pane shows about one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub kind: RecordKind,
    pub id: Id,
    /// The record's name as other records name it (a contact's display
    /// name, a project's code and title, a visit's date and place).
    pub title: String,
    pub deleted: bool,
    pub body: DetailBody,

    /// An organization's or project's registrations (soonest to expire first).
    pub registrations: Vec<super::registrations::RegistrationItem>,
    /// The files on the record, oldest first.
    pub attachments: Vec<Attachment>,
}

impl Detail {
    /// The project's status, when this is a project.
    pub fn project_status(&self) -> Option<ProjectStatus> {
        match &self.body {
            DetailBody::Project(p) => Some(p.project.status),
            _ => None,
        }
    }

    /// Whether follow-up `id` is done, when these details say: it is the
    /// record shown, or one listed in it.
    pub fn follow_up_done(&self, id: Id) -> Option<bool> {
        let listed = |items: &[FollowUpItem]| items.iter().find(|f| f.id == id).map(|f| f.done);
        match &self.body {
            DetailBody::FollowUp(f) if f.follow_up.meta.id == id => Some(f.follow_up.is_done()),
            DetailBody::FollowUp(_) | DetailBody::Organization(_) => None,
            DetailBody::Event(_) => None,
            DetailBody::Contact(c) => listed(&c.open_follow_ups),
            DetailBody::Project(p) => listed(&p.follow_ups),
            DetailBody::Visit(v) => listed(&v.follow_ups),
            DetailBody::Deliverable(_) => None,
            DetailBody::Consultation(c) => listed(&c.follow_ups),
        }
    }
}
