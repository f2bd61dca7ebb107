//! Editors: a note (`a`) and a field visit (`v`). What they hold is kept as a
//! draft in the database while the person types (see `Msg::Tick`), so a
//! crash, a dead battery or a closed terminal loses nothing.

use chrono::NaiveDate;
use ratatui_textarea::TextArea;
use serde::{Deserialize, Serialize};

use crate::domain::date::parse_date;
use crate::domain::*;

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
                existing: v.existing.clone(),
                date: v.date.clone(),
                purpose: Some(v.purpose),
                issues: v.issues.lines().join("\n"),
                project: v.project.clone(),
                place: v.place.clone(),
                participants: v.participants.clone(),
                observations: v.observations.lines().join("\n"),
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
            } => {
                let mut form = VisitForm::new(date, project, place, participants, &observations);
                form.purpose = purpose.unwrap_or(Purpose::Monitoring);
                form.follow_ups = follow_ups;
                form.issues = text_area(&issues);
                form.existing = existing;
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
        existing: Option<Visit>,
        project: Option<(Id, String)>,
        place: String,
        participants: Vec<(Id, String)>,
        observations: String,
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
    /// A hit as the candidate list shows it: the name, and who they are.
    pub fn candidate(&self, i: usize) -> Option<(String, Option<&str>)> {
        let (id, name) = self.hits.get(i)?;
        Some((name.clone(), self.who.get(id).map(String::as_str)))
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
        }
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
