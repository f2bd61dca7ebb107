//! Writing a note (`a`) or logging a visit (`v`): opening the editors with
//! what the context already says, typing, picking linked records, saving
//! (ctrl-s), closing (esc asks first when something was typed), and drafts.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::{NoteTarget, RecordKind};
use crate::store::views::Link;

use super::super::action::Action;
use super::super::editor::{Editor, NoteEditor, VisitField};
use super::super::state::{App, Confirm, Message, Overlay, Pane, Tab, Write, Yes};
use super::super::visit_form::purpose_labels;
use super::forms::{clear_line, close_list, purpose_key, say_done, undo_clear_in};
use super::pending_pick::Pending;
use super::{Cmd, focused_link, step};

/// The record in context: the selected one (or the link under the cursor).
pub(super) fn context(app: &App) -> Option<Link> {
    if (app.tab == Tab::Dashboard || app.focus != Pane::List)
        && let Some(link) = focused_link(app)
    {
        return Some(link);
    }
    let d = app.record.detail.as_ref()?;
    Some(Link {
        kind: d.kind,
        id: d.id,
    })
}

pub(super) fn add_note(app: &mut App) -> Vec<Cmd> {
    let target = app.record.detail.as_ref().and_then(|d| {
        let t = match d.kind {
            RecordKind::Contact => NoteTarget::Contact(d.id),
            RecordKind::Organization => NoteTarget::Organization(d.id),
            RecordKind::Project => NoteTarget::Project(d.id),
            RecordKind::Visit => NoteTarget::Visit(d.id),
            _ => return None,
        };
        Some((t, d.title.clone()))
    });
    let Some((target, title)) = target else {
        app.message = Some(Message {
            text: format!(
                "{} adds a note to a contact, organization, project or visit: select one",
                crate::ui::keymap::key(Action::AddNote)
            ),
            is_error: false,
        });
        return vec![];
    };
    open(
        app,
        Editor::Note(Box::new(NoteEditor::new(target, title, ""))),
    )
}

pub(super) fn log_visit(app: &mut App) -> Vec<Cmd> {
    vec![Cmd::PrepareVisit { from: context(app) }]
}

pub(super) fn open(app: &mut App, editor: Editor) -> Vec<Cmd> {
    app.editor_opened_as = editor.draft();
    app.editor = Some(editor);
    app.overlay = Overlay::Editor;
    app.draft_dirty = false;
    vec![]
}

fn close(app: &mut App) {
    // Closed (saved or not): a conflict it was opened for waits again.
    app.resolving = None;
    app.editor = None;
    app.overlay = Overlay::None;
    app.draft_dirty = false;
}

pub(super) fn on_editor_action(app: &mut App, action: Action) -> Vec<Cmd> {
    let Some(editor) = app.editor.as_mut() else {
        app.overlay = Overlay::None;
        return vec![];
    };
    match action {
        Action::Save => save(app),
        // Esc closes an open list first; the form stays.
        Action::Close if close_list(editor) => vec![],
        Action::Close | Action::Quit => {
            let (differs, what, slot) = (
                editor.draft() != app.editor_opened_as,
                editor.describe(),
                editor.slot(),
            );
            if differs {
                app.overlay = Overlay::Confirm(Confirm {
                    question: format!("Throw away {what} you were writing?"),
                    on_yes: Yes::DiscardEditor,
                    on_no: None,
                });
                vec![]
            } else {
                close(app);
                vec![Cmd::Write(Write::DiscardDraft { slot })]
            }
        }
        Action::ClearInput => {
            app.draft_dirty = true;
            let cleared = clear_line(editor);
            say_done(app, cleared)
        }
        Action::Undo => {
            let undone = undo_clear_in(editor);
            if undone.is_some() {
                app.draft_dirty = true;
            }
            say_done(app, undone)
        }
        Action::NextPane | Action::PrevPane => {
            let forward = action == Action::NextPane;
            match editor {
                Editor::Visit(v) => {
                    // A purpose narrowed by typing: the highlighted one is meant.
                    if let Some(list) = v.choosing.take()
                        && !list.filter.is_empty()
                        && let Some(i) = list.highlighted(&purpose_labels())
                    {
                        v.purpose = crate::domain::Purpose::ALL[i];
                    }
                    // A name typed and not yet taken: take it, or stay.
                    if let Some(kind) = v.picks() {
                        match super::pending_pick::resolve(&v.picker, kind, false) {
                            Pending::Stay(why) => {
                                v.error = Some(why);
                                return vec![];
                            }
                            Pending::Take(i) => {
                                v.picker.cursor = i;
                                v.choose();
                            }
                            Pending::Nothing | Pending::New(_) => {}
                        }
                    }
                    v.error = None;
                    v.focus = v.focus.next(forward);
                    v.picker = Default::default();
                }
                Editor::Record(form) => super::forms::leave_field(form, app.today, forward),
                Editor::Note(_) => {}
            }
            vec![]
        }
        _ => vec![],
    }
}

fn save(app: &mut App) -> Vec<Cmd> {
    let today = app.today;
    let Some(editor) = app.editor.as_mut() else {
        return vec![];
    };
    match editor {
        Editor::Note(n) => vec![Cmd::Write(Write::AddNote { note: n.note() })],
        Editor::Record(form) => match form.build(today) {
            Ok(built) => {
                let previous = form
                    .original
                    .clone()
                    .map(|o| Box::new(super::super::form::Built::from(o)));
                vec![Cmd::Write(Write::SaveRecord {
                    built: Box::new(built),
                    previous,
                })]
            }
            Err(errors) => {
                let first = errors
                    .first()
                    .map(|(k, m)| format!("{k}: {m}"))
                    .unwrap_or_default();
                form.errors = errors;
                app.message = Some(Message {
                    text: format!("not saved: {first}"),
                    is_error: true,
                });
                vec![]
            }
        },
        Editor::Visit(v) => match v
            .visit(today)
            .and_then(|visit| Ok((v.follow_ups(&visit, today)?, visit)))
        {
            Ok((follow_ups, visit)) => vec![Cmd::Write(Write::LogVisit {
                visit: Box::new(visit),
                follow_ups,
            })],
            Err(e) => {
                v.error = Some(e.clone());
                app.message = Some(Message {
                    text: e,
                    is_error: true,
                });
                vec![]
            }
        },
    }
}

/// A key for the editor itself: text, cursor movement, picking.
pub(super) fn on_editor_key(app: &mut App, key: KeyEvent) -> Vec<Cmd> {
    let Some(editor) = app.editor.as_mut() else {
        return vec![];
    };
    app.draft_dirty = true;
    let today = app.today;
    match editor {
        Editor::Record(form) => super::forms::on_key(form, key, today),
        Editor::Note(n) => {
            n.text.input(key);
            vec![]
        }
        Editor::Visit(v) => {
            match v.focus {
                VisitField::Observations => {
                    v.observations.input(key);
                    return vec![];
                }
                VisitField::Issues => {
                    v.issues.input(key);
                    return vec![];
                }
                _ => {}
            }
            if v.focus == VisitField::Purpose {
                purpose_key(v, &key);
                return vec![];
            }
            let picks = v.picks();
            match key.code {
                KeyCode::Enter => {
                    if picks.is_some() && v.choose() {
                        return vec![];
                    }
                    // Nobody by that name: create them on the spot.
                    let name = v.picker.query.trim().to_string();
                    if picks == Some(crate::domain::RecordKind::Contact)
                        && !name.is_empty()
                        && v.picker.hits.is_empty()
                    {
                        return vec![Cmd::CreateContact { name }];
                    }
                    if v.focus == VisitField::FollowUpDue {
                        // Enter on the last follow-up field adds it; the next starts.
                        v.error = v.add_follow_up(today).err();
                        return vec![];
                    }
                    v.focus = v.focus.next(true);
                    vec![]
                }
                KeyCode::Down | KeyCode::Up if picks.is_some() => {
                    let delta = if key.code == KeyCode::Down { 1 } else { -1 };
                    v.picker.cursor = step(v.picker.cursor, delta, v.picker.hits.len());
                    vec![]
                }
                KeyCode::Backspace => {
                    let emptied = v.line_mut().is_some_and(|line| line.pop().is_none());
                    // Backspace on an empty people field removes the last person.
                    if emptied && v.focus == VisitField::Participants {
                        v.participants.pop();
                    }
                    if emptied && v.focus == VisitField::Project {
                        v.project = None;
                    }
                    if emptied && v.focus == VisitField::FollowUpOwner {
                        v.next_follow_up.owner = None;
                    }
                    pick(v)
                }
                KeyCode::Char(c)
                    if !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                {
                    if let Some(line) = v.line_mut() {
                        line.push(c);
                    }
                    pick(v)
                }
                _ => vec![],
            }
        }
    }
}

fn pick(v: &mut super::super::editor::VisitForm) -> Vec<Cmd> {
    match v.picks() {
        Some(kind) if !v.picker.query.trim().is_empty() => {
            vec![Cmd::Pick {
                kind,
                query: v.picker.query.clone(),
            }]
        }
        Some(_) => {
            v.picker.hits.clear();
            vec![]
        }
        None => vec![],
    }
}

pub(super) fn on_picker_hits(
    app: &mut App,
    query: String,
    hits: Vec<(crate::domain::Id, String)>,
    who: crate::store::who::WhoIsWho,
) -> Vec<Cmd> {
    match app.editor.as_mut() {
        // Only the answer to what is typed now.
        Some(Editor::Visit(v)) if v.picker.query == query => v.picker.answer(hits, who),
        Some(Editor::Record(form)) => super::forms::on_picker_hits(form, query, hits, who),
        _ => {}
    }
    vec![]
}

/// A contact created from a picker: it goes where the picker was.
pub(super) fn on_contact_created(app: &mut App, id: crate::domain::Id, name: String) -> Vec<Cmd> {
    match app.editor.as_mut() {
        Some(Editor::Visit(v)) => {
            v.created.push(id);
            v.picker.hits = vec![(id, name.clone())];
            v.picker.cursor = 0;
            v.choose();
        }
        Some(Editor::Record(form)) => {
            if let Some(field) = form.focused_mut()
                && let super::super::form::Value::Link { chosen, .. } = &mut field.value
            {
                *chosen = Some(super::super::form::Chosen::Existing(id, name.clone()));
            }
            form.picker = Default::default();
        }
        _ => {}
    }
    app.draft_dirty = true;
    app.message = Some(Message {
        text: format!("contact {name} created"),
        is_error: false,
    });
    vec![]
}

/// Keeps the draft when something changed since it was last kept.
pub(super) fn on_tick(app: &mut App) -> Vec<Cmd> {
    match (&app.editor, app.draft_dirty) {
        (Some(editor), true) => {
            app.draft_dirty = false;
            vec![Cmd::SaveDraft {
                slot: editor.slot(),
                payload: editor.draft(),
            }]
        }
        _ => vec![],
    }
}

/// Drafts found at start: offer the newest back.
pub(super) fn on_drafts(
    app: &mut App,
    drafts: Vec<(String, String, chrono::DateTime<chrono::Utc>)>,
) -> Vec<Cmd> {
    let Some((slot, payload, at)) = drafts.into_iter().last() else {
        return vec![];
    };
    let Some(editor) = Editor::from_draft(&payload) else {
        return vec![];
    };
    let slot = if slot == super::super::editor::RECORD_SLOT {
        super::super::editor::RECORD_SLOT
    } else if slot == super::super::editor::VISIT_SLOT {
        super::super::editor::VISIT_SLOT
    } else {
        super::super::editor::NOTE_SLOT
    };
    let when = at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M");
    app.overlay = Overlay::Confirm(Confirm {
        question: format!(
            "You were writing {} ({when}) and it was not saved. Open it again?",
            editor.describe()
        ),
        on_yes: Yes::OpenDraft(payload),
        on_no: Some(Write::DiscardDraft { slot }),
    });
    vec![]
}

/// The answer to a question: yes does its thing, no its other thing.
pub(super) fn answer(app: &mut App, confirm: Confirm, yes: bool) -> Vec<Cmd> {
    if !yes {
        return confirm
            .on_no
            .map(|w| vec![Cmd::Write(w)])
            .unwrap_or_default();
    }
    match confirm.on_yes {
        Yes::Write(w) => vec![Cmd::Write(w)],
        Yes::OpenDraft(payload) => match Editor::from_draft(&payload) {
            Some(editor) => {
                let cmds = open(app, editor);
                // Brought back from a crash: closing it must ask.
                app.editor_opened_as.clear();
                cmds
            }
            None => vec![],
        },
        Yes::DiscardEditor => {
            let slot = app.editor.as_ref().map(Editor::slot);
            close(app);
            slot.map(|slot| vec![Cmd::Write(Write::DiscardDraft { slot })])
                .unwrap_or_default()
        }
    }
}

/// After a save: the editor's work is done.
pub(super) fn saved(app: &mut App) {
    close(app);
}
