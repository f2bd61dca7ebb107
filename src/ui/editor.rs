//! Editors: a note (`a`) and a field visit (`v`). What they hold is kept as a
//! draft in the database while the person types (see `Msg::Tick`), so a
//! crash, a dead battery or a closed terminal loses nothing.

use ratatui_textarea::TextArea;
use serde::{Deserialize, Serialize};

use crate::domain::*;

pub use super::visit_form::{PendingFollowUp, VisitField, VisitForm};

/// Where a draft of each editor is kept.
pub const NOTE_SLOT: &str = "note";
pub const VISIT_SLOT: &str = "visit";
pub const RECORD_SLOT: &str = "record";

#[derive(Debug, Clone)]
pub enum Editor {
    Note(Box<NoteEditor>),
    Visit(Box<VisitForm>),
    Record(Box<super::form::RecordForm>),
}

impl Editor {
    pub fn slot(&self) -> &'static str {
        match self {
            Editor::Note(_) => NOTE_SLOT,
            Editor::Visit(_) => VISIT_SLOT,
            Editor::Record(_) => RECORD_SLOT,
        }
    }

    /// The draft to keep: everything typed, as JSON.
    pub fn draft(&self) -> String {
        let draft = match self {
            Editor::Note(n) => Draft::Note {
                target: n.target,
                target_title: n.target_title.clone(),
                text: n.text.lines().join("\n"),
                existing: n.existing.clone(),
            },
            Editor::Visit(v) => Draft::Visit {
                follow_ups: v
                    .follow_ups
                    .iter()
                    .chain([&v.next_follow_up])
                    .filter(|f| !f.text.trim().is_empty())
                    .cloned()
                    .collect(),
                existing: v.existing.clone().map(Box::new),
                date: v.date.clone(),
                purpose: Some(v.purpose),
                issues: v.issues.lines().join("\n"),
                project: v.project.clone(),
                place: v.place.clone(),
                participants: v.participants.clone(),
                observations: v.observations.lines().join("\n"),
                created: v.created.clone(),
            },
            Editor::Record(form) => Draft::Record { form: form.clone() },
        };
        serde_json::to_string(&draft).unwrap_or_else(|_| "{}".into())
    }

    pub fn from_draft(payload: &str) -> Option<Editor> {
        Some(match serde_json::from_str::<Draft>(payload).ok()? {
            Draft::Record { form } => Editor::Record(form),
            Draft::Note {
                target,
                target_title,
                text,
                existing,
            } => {
                let mut editor = NoteEditor::new(target, target_title, &text);
                editor.existing = existing;
                Editor::Note(Box::new(editor))
            }
            Draft::Visit {
                date,
                purpose,
                follow_ups,
                issues,
                existing,
                project,
                place,
                participants,
                observations,
                created,
            } => {
                let mut form = VisitForm::new(date, project, place, participants, &observations);
                form.purpose = purpose.unwrap_or(Purpose::Monitoring);
                form.follow_ups = follow_ups;
                form.issues = text_area(&issues);
                form.existing = existing.map(|v| *v);
                form.created = created;
                Editor::Visit(Box::new(form))
            }
        })
    }

    /// A one-line description for the "restore it?" question.
    pub fn describe(&self) -> String {
        match self {
            Editor::Note(n) => format!("a note on {}", n.target_title),
            Editor::Record(form) => format!("a {} form", form.kind.label()),
            Editor::Visit(v) => format!(
                "a visit{}",
                v.project
                    .as_ref()
                    .map(|(_, t)| format!(" to {t}"))
                    .unwrap_or_default()
            ),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "editor", rename_all = "snake_case")]
enum Draft {
    Note {
        target: NoteTarget,
        target_title: String,
        text: String,
        #[serde(default)]
        existing: Option<Note>,
    },
    Visit {
        date: String,
        #[serde(default)]
        purpose: Option<Purpose>,
        #[serde(default)]
        follow_ups: Vec<PendingFollowUp>,
        #[serde(default)]
        issues: String,
        #[serde(default)]
        existing: Option<Box<Visit>>,
        project: Option<(Id, String)>,
        place: String,
        participants: Vec<(Id, String)>,
        observations: String,
        /// People created on the spot (shown "(new)").
        #[serde(default)]
        created: Vec<Id>,
    },
    Record {
        form: Box<super::form::RecordForm>,
    },
}

/// A multi-line editor with the cursor at the end of `text`.
pub fn text_area(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.lines().map(str::to_string).collect()
    };
    let mut area = TextArea::new(lines);
    // Long lines wrap at words, or anywhere when a "word" is wider than the
    // box (unspaced Japanese), instead of scrolling sideways.
    area.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}

#[derive(Debug, Clone)]
pub struct NoteEditor {
    pub target: NoteTarget,
    pub target_title: String,
    pub text: TextArea<'static>,
    /// The note being edited (`None`: a new one).
    pub existing: Option<Note>,
}

impl NoteEditor {
    pub fn new(target: NoteTarget, target_title: String, text: &str) -> NoteEditor {
        NoteEditor {
            target,
            target_title,
            text: text_area(text),
            existing: None,
        }
    }

    pub fn edit(note: Note, target_title: String) -> NoteEditor {
        let mut editor = NoteEditor::new(note.target, target_title, &note.body);
        editor.existing = Some(note);
        editor
    }

    pub fn note(&self) -> Note {
        let body = self.text.lines().join("\n").trim().to_string();
        match &self.existing {
            Some(n) => Note { body, ..n.clone() },
            None => Note::new(self.target, body),
        }
    }
}

/// Choosing linked records by typing part of their name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Picker {
    pub query: String,
    pub hits: Vec<(Id, String)>,
    pub cursor: usize,
    /// Who-is-who of the people among the hits (organization, role, city),
    /// so two of the same name are told apart.
    #[serde(skip)]
    pub who: crate::store::who::WhoIsWho,
}

impl Picker {
    /// New hits for the query: the highlight stays on the record it was on
    /// if that is still among them (an answer arriving after Down must not
    /// move it back to the first).
    pub fn answer(&mut self, hits: Vec<(Id, String)>, who: crate::store::who::WhoIsWho) {
        let highlighted = self.hits.get(self.cursor).map(|(id, _)| *id);
        self.cursor = highlighted
            .and_then(|id| hits.iter().position(|(h, _)| *h == id))
            .unwrap_or(0);
        self.hits = hits;
        self.who = who;
    }

    /// A hit as the candidate list shows it: the name, and who they are.
    pub fn candidate(&self, i: usize) -> Option<(String, Option<&str>)> {
        let (id, name) = self.hits.get(i)?;
        Some((name.clone(), self.who.get(id).map(String::as_str)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_round_trip() {
        let target = NoteTarget::Contact(new_id());
        let editor = Editor::Note(Box::new(NoteEditor::new(
            target,
            "Wanjiru".into(),
            "line one\n土居さんへ 😀",
        )));
        let back = Editor::from_draft(&editor.draft()).unwrap();
        match back {
            Editor::Note(n) => {
                assert_eq!(n.target, target);
                assert_eq!(n.text.lines(), ["line one", "土居さんへ 😀"]);
            }
            other => panic!("{other:?}"),
        }
        let form = VisitForm::new(
            "t".into(),
            Some((new_id(), "FB-1".into())),
            "Kisumu".into(),
            vec![],
            "seen",
        );
        let back = Editor::from_draft(&Editor::Visit(Box::new(form)).draft()).unwrap();
        assert!(
            matches!(back, Editor::Visit(v) if v.place == "Kisumu" && v.observations.lines() == ["seen"])
        );
    }
}
