//! The records a desk officer keeps, and the rules they must follow.
//! No SQL and no UI here: the store and the screens both build on these types.

pub mod consultation;
pub mod contact;
pub mod country;
pub mod currency;
pub mod date;
pub mod followup;
pub mod money;
pub mod note;
pub mod organization;
pub mod phone;
pub mod project;
pub mod text;
pub mod touch;
pub mod validate;
pub mod visit;

pub mod event;

pub mod deliverable;
pub mod schedule;

pub mod attachment;
pub mod registration;

pub mod item_id;

pub use consultation::{Channel, Consultation, Topic};
pub use contact::{Contact, Email, Phone};
pub use followup::{FollowUp, Owner};
pub use money::{Currency, Money};
pub use note::{Note, NoteTarget};
pub use organization::{OrgKind, Organization};
pub use project::{ProgrammeType, Project, ProjectStatus, StatusChange};
pub use touch::TouchRules;
pub use validate::{FieldError, Invalid};
pub use visit::{Purpose, Visit};

pub use event::{Event, EventKind, Invitee, InviteeRef, InviteeRole, InviteeStatus};

pub use deliverable::{Deliverable, DeliverableKind, DeliverableStatus};

pub use attachment::{AttachedTo, Attachment};
pub use registration::{Holder, Registration, RegistrationKind};

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Record ids are UUIDv7: unique across offices (so their data can one day be
/// merged) and ordered by creation time.
pub type Id = Uuid;

pub fn new_id() -> Id {
    Uuid::now_v7()
}

/// Bookkeeping every record carries. The store fills in the times.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Meta {
    pub id: Id,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Soft deletion: set when deleted, so undo and a trash are possible.
    pub deleted_at: Option<DateTime<Utc>>,
}

impl Meta {
    /// A fresh id; times are set to now and replaced by the store on insert.
    pub fn new() -> Meta {
        Meta::with_id(new_id())
    }

    pub fn with_id(id: Id) -> Meta {
        let now = Utc::now();
        Meta {
            id,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        }
    }
}

impl Default for Meta {
    fn default() -> Self {
        Meta::new()
    }
}

/// The kinds of record, for messages, counts and polymorphic links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Organization,
    Contact,
    Project,
    Visit,
    FollowUp,
    Note,
    Event,
    Deliverable,

    Registration,
    Attachment,
    Consultation,
}

impl RecordKind {
    pub const ALL: [RecordKind; 11] = [
        RecordKind::Organization,
        RecordKind::Contact,
        RecordKind::Project,
        RecordKind::Visit,
        RecordKind::FollowUp,
        RecordKind::Note,
        RecordKind::Event,
        RecordKind::Deliverable,
        RecordKind::Registration,
        RecordKind::Attachment,
        RecordKind::Consultation,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Organization => "organization",
            RecordKind::Contact => "contact",
            RecordKind::Project => "project",
            RecordKind::Visit => "visit",
            RecordKind::FollowUp => "follow-up",
            RecordKind::Note => "note",
            RecordKind::Event => "event",
            RecordKind::Deliverable => "deliverable",

            RecordKind::Registration => "registration",
            RecordKind::Attachment => "attachment",
            RecordKind::Consultation => "consultation",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            RecordKind::Organization => "organizations",
            RecordKind::Contact => "contacts",
            RecordKind::Project => "projects",
            RecordKind::Visit => "visits",
            RecordKind::FollowUp => "follow-ups",
            RecordKind::Note => "notes",
            RecordKind::Event => "events",
            RecordKind::Deliverable => "deliverables",

            RecordKind::Registration => "registrations",
            RecordKind::Attachment => "attachments",
            RecordKind::Consultation => "consultations",
        }
    }
}

/// Declares a closed set of values with a stable storage name, a human label
/// and lenient parsing (`under review`, `under-review` and `Under_Review` all
/// name the same status). Keeps the enums below to one line per value.
macro_rules! choice_enum {
    ($(#[$m:meta])* $name:ident, $what:literal { $($variant:ident => $key:literal, $label:literal $(| $alias:literal)*;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name stored in the database and used on the command line.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The name shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(s: &str) -> Result<$name, String> {
                let norm: String = s
                    .trim()
                    .chars()
                    .map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_lowercase() })
                    .collect();
                // An old name a value had (`| "alias"`) is still accepted,
                // so older files and habits keep working after a rename.
                let renamed = match norm.as_str() {
                    $($($alias => Some($key),)*)+
                    _ => None,
                };
                let norm = renamed.map_or(norm.clone(), str::to_string);
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.key() == norm)
                    .ok_or_else(|| {
                        let keys: Vec<&str> = Self::ALL.iter().map(|v| v.key()).collect();
                        format!("'{}' is not a {}; use one of: {}", s.trim(), $what, keys.join(", "))
                    })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> { $name::parse(&s) }
        }

        impl From<$name> for &'static str {
            fn from(v: $name) -> &'static str { v.key() }
        }
    };
}
pub(crate) use choice_enum;
