//! The record forms (`n`, `e`, `f`): opening them from the context, and keys
//! inside them. Saving and drafts go through the same paths as the other
//! editors (`editing.rs`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::*;

use super::super::editor::{Editor, Picker, VisitField, VisitForm};
use super::super::form::choice::{ChoiceKey, ChoiceList};
use super::super::form::{Chosen, FollowUpLinks, RecordForm, Value};
use super::super::state::{App, Message, Tab};
use super::super::visit_form::purpose_labels;
use super::pending_pick::{self, Pending};
use super::{Cmd, editing, step};

fn say(app: &mut App, text: &str) -> Vec<Cmd> {
    app.message = Some(Message {
        text: text.into(),
        is_error: false,
    });
    vec![]
}

pub(super) fn new_record(app: &mut App) -> Vec<Cmd> {
    let form = match app.tab {
        Tab::Organizations => RecordForm::new_organization(""),
        Tab::Contacts => RecordForm::contact(Contact::new(""), None, false),
        Tab::Projects => RecordForm::project(Project::new(""), None, Vec::new(), false),
        Tab::FollowUps => {
            RecordForm::follow_up(FollowUp::new(""), None, false, FollowUpLinks::default())
        }
        Tab::Visits => return editing::log_visit(app),
        Tab::Events => RecordForm::event(
            Event::new("", EventKind::Seminar, app.today),
            None,
            None,
            false,
        ),
        Tab::Deliverables => return super::deliverable_actions::new_deliverable(app),
        Tab::Consultations => return super::consultations::new_consultation(),
        Tab::Dashboard => {
            let n = crate::ui::keymap::key(crate::ui::action::Action::New);
            return say(
                app,
                &format!("{n} makes a record of the tab's kind: go to a tab first"),
            );
        }
    };
    editing::open(app, Editor::Record(Box::new(form)))
}

pub(super) fn edit_record(app: &mut App) -> Vec<Cmd> {
    let Some(d) = app.record.detail.as_ref() else {
        return say(app, "nothing selected to edit");
    };
    vec![Cmd::PrepareEdit {
        kind: d.kind,
        id: d.id,
    }]
}

pub(super) fn add_follow_up(app: &mut App) -> Vec<Cmd> {
    let Some(d) = app.record.detail.as_ref() else {
        let f = crate::ui::keymap::key(crate::ui::action::Action::AddFollowUp);
        return say(
            app,
            &format!("{f} adds a follow-up to the selected record: select one"),
        );
    };
    let mut links = FollowUpLinks::default();
    let mut owner = None;
    match d.kind {
        RecordKind::Contact => {
            links.contact = Some(d.id);
            owner = Some((d.id, d.title.clone()));
        }
        RecordKind::Project => links.project = Some(d.id),
        RecordKind::Consultation => {
            links.consultation = Some(d.id);
            links.project = d
                .links()
                .into_iter()
                .find(|l| l.kind == RecordKind::Project)
                .map(|l| l.id);
        }
        RecordKind::Visit => {
            links.visit = Some(d.id);
            links.project = d
                .links()
                .into_iter()
                .find(|l| l.kind == RecordKind::Project)
                .map(|l| l.id);
        }
        _ => {
            let f = crate::ui::keymap::key(crate::ui::action::Action::AddFollowUp);
            return say(
                app,
                &format!("{f} adds a follow-up to a contact, project or visit"),
            );
        }
    }
    let form = RecordForm::follow_up(FollowUp::new(""), owner, false, links);
    editing::open(app, Editor::Record(Box::new(form)))
}

/// Leaving a field: check the record and show what is wrong with the
/// fields already seen.
pub(super) fn leave_field(form: &mut RecordForm, today: chrono::NaiveDate, forward: bool) {
    // A list narrowed by typing: what is highlighted is what was meant.
    if let Some(list) = form.choosing.take()
        && !list.filter.is_empty()
        && let Some(field) = form.fields.get_mut(form.focus)
        && let Some((labels, _)) = field.choice_labels()
        && let Some(i) = list.highlighted(&labels)
    {
        field.choose_label(i);
    }
    if let Err(why) = take_pending(form) {
        let key = form.fields[form.focus].key.clone();
        form.errors.retain(|(k, _)| *k != key);
        form.errors.push((key, why));
        return;
    }
    let seen: Vec<String> = form.fields[..=form.focus.min(form.fields.len() - 1)]
        .iter()
        .map(|f| f.key.clone())
        .collect();
    form.errors = match form.build(today) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .filter(|(k, _)| {
                seen.iter()
                    .any(|s| k == s || k.starts_with(&format!("{s}[")))
            })
            .collect(),
    };
    let n = form.fields.len();
    form.focus = if forward {
        (form.focus + 1) % n
    } else {
        (form.focus + n - 1) % n
    };
    form.picker = Picker::default();
}

/// A name typed into a link field and not yet taken with Enter is taken
/// now, as Enter would (see `pending_pick`), or the field stays with `Err`.
fn take_pending(form: &mut RecordForm) -> Result<(), String> {
    let Some(field) = form.fields.get_mut(form.focus) else {
        return Ok(());
    };
    let (kind, multiple) = match &field.value {
        Value::Link { kind, .. } => (*kind, false),
        Value::Links { kind, .. } => (*kind, true),
        _ => return Ok(()),
    };
    let creates_new = kind == RecordKind::Organization;
    let choice = match pending_pick::resolve(&form.picker, kind, creates_new) {
        Pending::Nothing => return Ok(()),
        Pending::Stay(why) => return Err(why),
        Pending::Take(i) => {
            let (id, name) = form.picker.hits[i].clone();
            Chosen::Existing(id, name)
        }
        Pending::New(name) => Chosen::New(name),
    };
    match &mut field.value {
        Value::Link { chosen, .. } => *chosen = Some(choice),
        Value::Links { chosen, .. } if multiple && !chosen.contains(&choice) => chosen.push(choice),
        _ => {}
    }
    Ok(())
}

pub(super) fn on_key(form: &mut RecordForm, key: KeyEvent, today: chrono::NaiveDate) -> Vec<Cmd> {
    let text_key = |k: &KeyEvent| {
        !k.modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    };
    let Some(field) = form.fields.get_mut(form.focus) else {
        return vec![];
    };
    let mut leave = false;
    let cmds = match &mut field.value {
        Value::Text(t) => {
            match key.code {
                KeyCode::Char(c) if text_key(&key) => t.push(c),
                KeyCode::Backspace => {
                    t.pop();
                }
                KeyCode::Enter => leave = true,
                _ => {}
            }
            vec![]
        }
        Value::Choice { .. } => {
            let Some((labels, current)) = field.choice_labels() else {
                return vec![];
            };
            match form.choosing.as_mut() {
                None => match ChoiceList::opened_by(&key, current) {
                    Some(list) => form.choosing = Some(list),
                    None => leave = key.code == KeyCode::Enter,
                },
                Some(list) => {
                    if let ChoiceKey::Take(i) = list.key(&key, &labels) {
                        field.choose_label(i);
                        form.choosing = None;
                        leave = true;
                    }
                }
            }
            vec![]
        }
        Value::Link { kind, chosen } => {
            let kind = *kind;
            if let Some(typed) = picker_key(&mut form.picker, &key, kind) {
                if typed.emptied {
                    *chosen = None;
                }
                return typed.cmds;
            }
            match key.code {
                KeyCode::Enter => {
                    let query = form.picker.query.trim().to_string();
                    if let Some((id, name)) = form.picker.hits.get(form.picker.cursor).cloned() {
                        *chosen = Some(Chosen::Existing(id, name));
                    } else if !query.is_empty() && kind == RecordKind::Organization {
                        // Not there yet: create it with the record.
                        *chosen = Some(Chosen::New(query));
                    } else if !query.is_empty() && kind == RecordKind::Contact {
                        // Nobody by that name: create them on the spot.
                        return vec![Cmd::CreateContact { name: query }];
                    } else {
                        leave = true;
                    }
                    if !leave {
                        form.picker = Picker::default();
                    }
                    vec![]
                }
                _ => vec![],
            }
        }
        Value::Links { kind, chosen } => {
            let kind = *kind;
            if let Some(typed) = picker_key(&mut form.picker, &key, kind) {
                if typed.emptied {
                    chosen.pop();
                }
                return typed.cmds;
            }
            match key.code {
                KeyCode::Enter => {
                    let query = form.picker.query.trim().to_string();
                    match form.picker.hits.get(form.picker.cursor).cloned() {
                        Some((id, name))
                            if !chosen
                                .iter()
                                .any(|c| matches!(c, Chosen::Existing(x, _) if *x == id)) =>
                        {
                            chosen.push(Chosen::Existing(id, name))
                        }
                        Some(_) => {}
                        None if !query.is_empty() && kind == RecordKind::Organization => {
                            chosen.push(Chosen::New(query))
                        }
                        None => leave = true,
                    }
                    if !leave {
                        form.picker = Picker::default();
                    }
                    vec![]
                }
                _ => vec![],
            }
        }
    };
    if leave {
        leave_field(form, today, true);
    }
    cmds
}

/// What a typing key did to a picker.
struct Typed {
    cmds: Vec<Cmd>,
    /// Backspace on an empty query: the field's last choice should go.
    emptied: bool,
}

/// Typing, erasing and moving in a picker (Enter is the field's business).
fn picker_key(picker: &mut Picker, key: &KeyEvent, kind: RecordKind) -> Option<Typed> {
    let search = |picker: &mut Picker| {
        if picker.query.is_empty() {
            picker.hits.clear();
            vec![]
        } else {
            vec![Cmd::Pick {
                kind,
                query: picker.query.clone(),
            }]
        }
    };
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            picker.query.push(c);
            Some(Typed {
                cmds: search(picker),
                emptied: false,
            })
        }
        KeyCode::Backspace => {
            let emptied = picker.query.pop().is_none();
            Some(Typed {
                cmds: search(picker),
                emptied,
            })
        }
        KeyCode::Down | KeyCode::Up => {
            let delta = if key.code == KeyCode::Down { 1 } else { -1 };
            picker.cursor = step(picker.cursor, delta, picker.hits.len());
            Some(Typed {
                cmds: vec![],
                emptied: false,
            })
        }
        _ => None,
    }
}

/// Search hits for a form's link field.
pub(super) fn on_picker_hits(
    form: &mut RecordForm,
    query: String,
    hits: Vec<(Id, String)>,
    who: crate::store::who::WhoIsWho,
) {
    if form.picker.query == query {
        form.picker.answer(hits, who);
    }
}

/// Esc in a form with a list open: the list closes, the form stays.
fn close_form_list(form: &mut RecordForm) -> bool {
    if form.choosing.take().is_some() {
        return true;
    }
    let open = !form.picker.query.is_empty() || !form.picker.hits.is_empty();
    form.picker = Picker::default();
    open
}

/// ctrl-u: the focused one-line field emptied (kept for ctrl-z); `None`
/// when there is nothing to clear. Says which field.
fn clear_field(form: &mut RecordForm) -> Option<String> {
    let focus = form.focus;
    let field = form.fields.get_mut(focus)?;
    let empty = match &field.value {
        Value::Text(_) => Value::Text(String::new()),
        Value::Link { kind, .. } => Value::Link {
            kind: *kind,
            chosen: None,
        },
        Value::Links { kind, .. } => Value::Links {
            kind: *kind,
            chosen: Vec::new(),
        },
        Value::Choice { .. } => return None,
    };
    if field.value == empty && form.picker.query.is_empty() {
        return None;
    }
    let label = field.label.clone();
    form.cleared = Some((focus, std::mem::replace(&mut field.value, empty)));
    form.picker = Picker::default();
    form.choosing = None;
    Some(label)
}

/// ctrl-z: the field ctrl-u cleared comes back, and the focus goes to it.
fn undo_clear(form: &mut RecordForm) -> Option<String> {
    let (at, value) = form.cleared.take()?;
    let field = form.fields.get_mut(at)?;
    field.value = value;
    let label = field.label.to_lowercase();
    form.focus = at;
    form.picker = Picker::default();
    // "organization of Doi Kenichi": the record named by its first field.
    let of = form.fields.first().map(|f| f.display()).unwrap_or_default();
    Some(if of.trim().is_empty() {
        label
    } else {
        format!("{label} of {}", of.trim())
    })
}

/// The purpose is picked from its list (see `form::choice`).
pub(super) fn purpose_key(v: &mut VisitForm, key: &KeyEvent) {
    let all = crate::domain::Purpose::ALL;
    let labels = purpose_labels();
    let current = all.iter().position(|p| *p == v.purpose).unwrap_or(0);
    match v.choosing.as_mut() {
        None => match ChoiceList::opened_by(key, current) {
            Some(list) => v.choosing = Some(list),
            None if key.code == KeyCode::Enter => v.focus = v.focus.next(true),
            None => {}
        },
        Some(list) => {
            if let ChoiceKey::Take(i) = list.key(key, &labels) {
                v.purpose = all[i];
                v.choosing = None;
                v.focus = v.focus.next(true);
            }
        }
    }
}

/// Esc with a list open (search hits, a choice's options): the list closes.
pub(super) fn close_list(editor: &mut Editor) -> bool {
    match editor {
        Editor::Record(form) => close_form_list(form),
        Editor::Visit(v) => {
            if v.choosing.take().is_some() {
                return true;
            }
            let open = !v.picker.query.is_empty() || !v.picker.hits.is_empty();
            v.picker = Default::default();
            open
        }
        Editor::Note(_) => false,
    }
}

/// What a key did, said in the status line (`None`: nothing to say).
pub(super) fn say_done(app: &mut App, text: Option<String>) -> Vec<Cmd> {
    app.message = Some(Message {
        text: text.unwrap_or_else(|| "nothing to clear or bring back here".into()),
        is_error: false,
    });
    vec![]
}

/// ctrl-u: a one-line field emptied; in a text box, the box's own undo.
pub(super) fn clear_line(editor: &mut Editor) -> Option<String> {
    let label = match editor {
        Editor::Note(n) => return n.text.undo().then(|| "undid typing".to_string()),
        Editor::Record(form) => clear_field(form)?,
        Editor::Visit(v) => match v.focus {
            VisitField::Observations => {
                return v.observations.undo().then(|| "undid typing".into());
            }
            VisitField::Issues => return v.issues.undo().then(|| "undid typing".into()),
            field => {
                if !v.clear_line() {
                    return None;
                }
                field.label().trim().to_string()
            }
        },
    };
    Some(format!(
        "cleared {label} ({} brings it back)",
        crate::ui::keymap::key(crate::ui::action::Action::Undo)
    ))
}

/// ctrl-z: the field ctrl-u cleared comes back.
pub(super) fn undo_clear_in(editor: &mut Editor) -> Option<String> {
    let label = match editor {
        Editor::Note(_) => return None,
        Editor::Record(form) => undo_clear(form)?,
        Editor::Visit(v) => v.undo_clear()?.label().trim().to_string(),
    };
    Some(format!("undid: clearing the {label}"))
}
