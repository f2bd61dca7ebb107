use super::validate::{Invalid, require};
use super::{Id, Meta, RecordKind};

/// The record a note hangs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum NoteTarget {
    Organization(Id),
    Contact(Id),
    Project(Id),
    Visit(Id),
}

impl NoteTarget {
    pub fn kind(self) -> RecordKind {
        match self {
            NoteTarget::Organization(_) => RecordKind::Organization,
            NoteTarget::Contact(_) => RecordKind::Contact,
            NoteTarget::Project(_) => RecordKind::Project,
            NoteTarget::Visit(_) => RecordKind::Visit,
        }
    }

    pub fn id(self) -> Id {
        match self {
            NoteTarget::Organization(id)
            | NoteTarget::Contact(id)
            | NoteTarget::Project(id)
            | NoteTarget::Visit(id) => id,
        }
    }
}

/// Free text on a record, time-stamped by its `meta.created_at`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Note {
    pub meta: Meta,
    pub target: NoteTarget,
    pub body: String,
}

impl Note {
    pub fn new(target: NoteTarget, body: impl Into<String>) -> Note {
        Note {
            meta: Meta::new(),
            target,
            body: body.into(),
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        let mut errors = Invalid::default();
        require(&mut errors, "text", &self.body);
        errors.into_result()
    }
}
