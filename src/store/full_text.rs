//! The whole of one timeline entry, for the reader: a note's body, a visit
//! with every line of its observations and issues, a status change with its
//! reason, a follow-up. Typed: the words and the layout are the UI's.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::error::Result;
use super::read::Reader;
use super::rows;
use crate::domain::*;

/// Which entry to read in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Note(Id),
    Visit(Id),
    FollowUp(Id),
    /// A project's status change, known by its project and its time.
    StatusChange {
        project: Id,
        at: DateTime<Utc>,
    },
}

/// An entry as stored, with the names of what it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FullText {
    Note {
        note: Note,
        /// The title of the record the note is on.
        on: String,
    },
    Visit {
        visit: Box<Visit>,
        project: Option<String>,
        people: Vec<String>,
        follow_ups: Vec<FollowUpText>,
    },
    FollowUp {
        follow_up: FollowUp,
        /// `None`: the desk officer's own.
        owner: Option<String>,
    },
    StatusChange {
        change: StatusChange,
        project: String,
    },
}

/// A follow-up of a visit, with its owner's name (`None`: the officer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpText {
    pub follow_up: FollowUp,
    pub owner: Option<String>,
}

impl Reader<'_> {
    /// The entry in full; `None` when it is gone (deleted meanwhile).
    pub fn full_text(&self, entry: Entry) -> Result<Option<FullText>> {
        match entry {
            Entry::Note(id) => self.note_in_full(id),
            Entry::Visit(id) => self.visit_in_full(id),
            Entry::FollowUp(id) => self.follow_up_in_full(id),
            Entry::StatusChange { project, at } => self.status_change_in_full(project, at),
        }
    }

    fn note_in_full(&self, id: Id) -> Result<Option<FullText>> {
        let Some(note) = self.note(id)? else {
            return Ok(None);
        };
        let on = self.title_of(note.target.kind(), note.target.id())?;
        Ok(Some(FullText::Note { note, on }))
    }

    fn visit_in_full(&self, id: Id) -> Result<Option<FullText>> {
        let Some(visit) = self.visit(id)? else {
            return Ok(None);
        };
        let project = match visit.project_id {
            Some(p) => Some(self.title_of(RecordKind::Project, p)?),
            None => None,
        };
        let people = visit
            .participant_ids
            .iter()
            .map(|c| self.title_of(RecordKind::Contact, *c))
            .collect::<Result<Vec<_>>>()?;
        let follow_ups = self
            .follow_ups_of_visit(id)?
            .into_iter()
            .map(|f| {
                let owner = self.owner_name(f.owner)?;
                Ok(FollowUpText {
                    follow_up: f,
                    owner,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(FullText::Visit {
            visit: Box::new(visit),
            project,
            people,
            follow_ups,
        }))
    }

    fn follow_up_in_full(&self, id: Id) -> Result<Option<FullText>> {
        let Some(follow_up) = self.follow_up(id)? else {
            return Ok(None);
        };
        let owner = self.owner_name(follow_up.owner)?;
        Ok(Some(FullText::FollowUp { follow_up, owner }))
    }

    fn status_change_in_full(&self, project: Id, at: DateTime<Utc>) -> Result<Option<FullText>> {
        let change = self
            .status_history(project)?
            .into_iter()
            .find(|c| c.changed_at == at);
        let Some(change) = change else {
            return Ok(None);
        };
        let project = self.title_of(RecordKind::Project, project)?;
        Ok(Some(FullText::StatusChange { change, project }))
    }

    fn owner_name(&self, owner: Owner) -> Result<Option<String>> {
        Ok(match owner {
            Owner::Contact(c) => Some(self.title_of(RecordKind::Contact, c)?),
            Owner::Officer => None,
        })
    }

    /// A visit's follow-ups not in the trash, by due date.
    fn follow_ups_of_visit(&self, visit: Id) -> Result<Vec<FollowUp>> {
        let sql = concat!(
            "SELECT ",
            rows::follow_up_columns!(),
            " FROM follow_ups WHERE visit_id = ?1 AND deleted_at IS NULL",
            " ORDER BY due_date IS NULL, due_date, rowid"
        );
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_map(params![visit], rows::follow_up)?
            .collect::<rusqlite::Result<_>>()?)
    }
}
