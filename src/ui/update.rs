//! `update`: the one place the UI's state changes. It takes a message (an
//! action, a resize, or data the loop fetched) and returns the commands the
//! loop must perform; the loop feeds their results back as messages.

use super::action::Action;
use super::keymap::Context;
use super::screens::TextEdit;
use super::screens::damaged::Damaged;
use super::screens::help::Help;
use super::screens::import_map::ColumnMap;
use super::screens::month::MonthPicker;
use super::screens::palette::Palette;
use super::screens::search::SearchState;
use super::screens::welcome::Welcome;
use super::state::{App, ListFilter, Message, Overlay, Pane, Tab};

mod consultations;
mod data_io;
mod details_scroll;
mod editing;
mod forms;
mod list_filter;
mod messages;
mod navigation;
mod outside;
mod pending_pick;
mod record_actions;
mod screens;

mod event_actions;

mod deliverable_actions;

mod attached;

mod review;

pub mod hub_sync;

pub use messages::{Cmd, Msg};
use navigation::{
    back, clamp_offset, clamp_record_cursors, cycle_pane, ensure_window, focused_link, go_to,
    load_selected_record, move_by, on_keys, open, reload_all, show_selection, step, switch_tab,
};

/// The commands to run when the app starts.
pub fn init(app: &App) -> Vec<Cmd> {
    let _ = app;
    vec![
        Cmd::CheckEmpty,
        Cmd::LoadDashboard { unless: None },
        Cmd::CheckDrafts,
    ]
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Action(action) => on_action(app, action),
        Msg::Resize(w, h) => {
            app.size = (w, h);
            if let Overlay::Reader(reader) = &mut app.overlay {
                reader.size = (w, h);
            }
            clamp_offset(app);
            ensure_window(app)
        }
        Msg::Keys { tab, keys, select } => on_keys(app, tab, keys, select),
        Msg::Rows { tab, start, rows } => {
            let Some(i) = app.slot(tab) else {
                return vec![];
            };
            let list = &mut app.lists[i];
            list.window_start = start;
            list.rows = rows;
            if tab == app.tab {
                load_selected_record(app)
            } else {
                vec![]
            }
        }
        Msg::Record { detail, timeline } => {
            let same = app.record.detail.as_ref().map(|d| d.id) == detail.as_ref().map(|d| d.id);
            app.record.detail = detail.map(|d| *d);
            app.record.timeline = timeline;
            if !same {
                app.record.link_cursor = 0;
                app.record.details_scroll = 0;
                app.record.timeline_cursor = 0;
            }
            clamp_record_cursors(app);
            vec![]
        }
        Msg::Unchanged => vec![],
        Msg::Dashboard(d, stamp) => {
            app.dashboard = Some(*d);
            app.dashboard_stamp = Some(stamp);
            let n = app.dashboard_links().len();
            app.dashboard_cursor = app.dashboard_cursor.min(n.saturating_sub(1));
            vec![Cmd::CountReview]
        }
        Msg::IsEmpty(empty) => {
            if empty {
                app.overlay = Overlay::Welcome(Welcome);
            }
            vec![]
        }
        Msg::ImportPlanned(planned) => data_io::on_planned(app, planned),
        Msg::ImportNeedsMap(map) => {
            app.overlay = Overlay::ImportMap(ColumnMap { map, cursor: 0 });
            vec![]
        }
        Msg::Info(text) => say_info(app, &text),
        Msg::Progress(Some(line)) => say_info(app, &line),
        Msg::Progress(None) => {
            app.message = None;
            vec![]
        }
        Msg::NewDay(today) => outside::on_new_day(app, today),
        Msg::Backup(report) => outside::on_backup(app, report),
        Msg::Damaged(detail) => {
            app.overlay = Overlay::Damaged(Damaged { detail });
            vec![]
        }
        Msg::Imported(text) | Msg::DemoLoaded(text) => {
            app.overlay = Overlay::None;
            app.message = Some(Message {
                text,
                is_error: false,
            });
            reload_all(app)
        }
        Msg::Error(text) => {
            // A failed save leaves the editor open with everything in it.
            app.saving_editor = false;
            app.undoing = false;
            app.message = Some(Message {
                text,
                is_error: true,
            });
            vec![]
        }
        Msg::Type(c) => edit_input(app, TextEdit::Push(c)),
        Msg::Erase => edit_input(app, TextEdit::Pop),
        Msg::SearchResults {
            generation,
            hits,
            who,
        } => {
            if let Overlay::Search(search) = &mut app.overlay {
                search.who.extend(who);
                search.results(generation, hits);
            }
            vec![]
        }
        Msg::FilterResults {
            generation,
            tab,
            keys,
        } => list_filter::on_results(app, generation, tab, keys),
        Msg::GoTo { kind, id } => go_to(app, kind, id),
        Msg::Wrote { text, undo, show } => {
            let from_undo = std::mem::take(&mut app.undoing);
            if let Some(link) = show
                && Tab::for_kind(link.kind) == Some(app.tab)
                && let Some(list) = app.list_mut()
            {
                list.keep = Some(link.id);
                list.rows.clear();
            }
            record_actions::on_wrote(app, text, undo, from_undo)
        }
        Msg::Ask(confirm) => {
            app.overlay = Overlay::Confirm(confirm);
            vec![]
        }
        Msg::EventGuests(detail) => event_actions::on_guests(app, &detail),
        Msg::NotInTouch(people) => consultations::loaded_not_in_touch(app, people),
        Msg::Trash(items) => {
            if let Overlay::Trash(trash) = &mut app.overlay {
                trash.loaded(items);
            }
            vec![]
        }
        Msg::EditorKey(key) => editing::on_editor_key(app, key),
        Msg::Tick => editing::on_tick(app),
        Msg::ChangedElsewhere => {
            let cmds = reload_all(app);
            app.message = Some(Message {
                text: "updated: the data was changed by another fieldbook".into(),
                is_error: false,
            });
            cmds
        }
        Msg::ContactCreated { id, name } => editing::on_contact_created(app, id, name),
        Msg::PickerHits { query, hits, who } => editing::on_picker_hits(app, query, hits, who),
        Msg::Drafts(drafts) => editing::on_drafts(app, drafts),
        Msg::Read(mut reader) => {
            reader.size = app.size;
            app.overlay = Overlay::Reader(*reader);
            vec![]
        }
        Msg::OpenEditor(payload) => match super::editor::Editor::from_draft(&payload) {
            Some(editor) => editing::open(app, editor),
            None => vec![],
        },

        Msg::Review(items) => review::loaded_review(app, items),
        Msg::ReviewConflicts(items) => review::reloaded_conflicts(app, items),
        Msg::ReviewCount(n) => {
            app.needs_review = n;
            vec![]
        }
        Msg::History(history) => {
            app.overlay = Overlay::History(*history);
            vec![]
        }
        Msg::EditToResolve { payload, key } => review::edit_to_resolve(app, &payload, key),

        Msg::Hub(event) => hub_sync::on_event(app, event),
    }
}

/// Applies an edit to whichever input has the keys, and asks for results.
fn edit_input(app: &mut App, edit: TextEdit) -> Vec<Cmd> {
    if let Some(cmds) = screens::on_text(app, edit) {
        return cmds;
    }
    if app.overlay != Overlay::None {
        return vec![];
    }
    edit_filter(app, |input| edit.apply(input))
}

/// Edits the list filter being typed, and asks for its results.
fn edit_filter(app: &mut App, edit: impl FnOnce(&mut String)) -> Vec<Cmd> {
    let Some(filter) = app.list_filter.as_mut().filter(|f| f.editing) else {
        return vec![];
    };
    edit(&mut filter.input);
    filter.generation += 1;
    // Typing shows the best match first, not the record kept by a reload.
    filter.keep = None;
    if filter.input.trim().is_empty() {
        // Back to the whole list, still typing.
        let (tab, generation) = (filter.tab, filter.generation);
        let saved = filter.saved_keys.clone();
        let cmds = list_filter::clear(app);
        app.list_filter = Some(ListFilter {
            tab,
            input: String::new(),
            editing: true,
            generation,
            saved_keys: saved,
            keep: None,
        });
        return cmds;
    }
    vec![Cmd::Filter {
        generation: filter.generation,
        tab: filter.tab,
        query: filter.input.clone(),
    }]
}

pub(super) fn on_action(app: &mut App, action: Action) -> Vec<Cmd> {
    // A message is read once: the next action clears it.
    app.message = None;
    if let Some(cmds) = screens::on_action_for_screen(app, action) {
        return cmds;
    }
    if app.overlay == Overlay::Editor {
        if action == Action::Save {
            app.saving_editor = true;
        }
        let cmds = editing::on_editor_action(app, action);
        if cmds.is_empty() {
            app.saving_editor = false;
        }
        return cmds;
    }
    if app.list_filter.as_ref().is_some_and(|f| f.editing) {
        return list_filter::on_keys(app, action);
    }
    match action {
        Action::Quit => {
            app.quit = true;
            vec![]
        }
        Action::Help => {
            app.overlay = Overlay::Help(Help::new());
            vec![]
        }
        Action::Palette => {
            app.overlay = Overlay::Palette(Palette::new(main_contexts(app)));
            vec![]
        }
        Action::Close => {
            if app.active_filter().is_some() {
                return list_filter::clear(app);
            }
            app.focus = Pane::List;
            vec![]
        }
        Action::Search => {
            app.overlay = Overlay::Search(SearchState::default());
            vec![]
        }
        Action::Filter => {
            if app.tab.kind().is_none() {
                return vec![];
            }
            // Typing again refines the current filter.
            let (input, generation, saved_keys) =
                match app.list_filter.take().filter(|f| f.tab == app.tab) {
                    Some(f) => (f.input, f.generation, f.saved_keys),
                    None => (
                        String::new(),
                        0,
                        app.list().map(|l| l.keys.clone()).unwrap_or_default(),
                    ),
                };
            app.focus = Pane::List;
            app.list_filter = Some(ListFilter {
                tab: app.tab,
                input,
                editing: true,
                generation,
                saved_keys,
                keep: None,
            });
            vec![]
        }
        Action::ClearInput | Action::Confirm | Action::Restore => vec![],
        Action::ToggleDone => record_actions::toggle_done(app),
        Action::ChangeStatus => record_actions::change_status(app),
        Action::Delete => record_actions::delete(app),
        Action::Undo => {
            app.undoing = true;
            let cmds = record_actions::undo(app);
            if cmds.is_empty() {
                app.undoing = false;
            }
            cmds
        }
        Action::ShowTrash => record_actions::show_trash(app),
        Action::Import => data_io::ask_path(app),
        Action::Report => {
            app.overlay = Overlay::MonthPicker(MonthPicker::new(app.today));
            vec![]
        }
        Action::Merge => vec![],
        Action::AddNote => editing::add_note(app),
        Action::LogVisit => editing::log_visit(app),
        Action::LogConsultation => consultations::log_consultation(app),
        Action::ShowConsultations => switch_tab(app, Tab::Consultations, true),
        Action::ShowNotInTouch => consultations::show_not_in_touch(app),
        Action::Save => vec![],
        Action::New => forms::new_record(app),
        Action::Edit => forms::edit_record(app),
        Action::AddFollowUp => forms::add_follow_up(app),
        Action::ShowDashboard => switch_tab(app, Tab::Dashboard, true),
        Action::ShowContacts => switch_tab(app, Tab::Contacts, true),
        Action::ShowOrganizations => switch_tab(app, Tab::Organizations, true),
        Action::ShowProjects => switch_tab(app, Tab::Projects, true),
        Action::ShowVisits => switch_tab(app, Tab::Visits, true),
        Action::ShowFollowUps => switch_tab(app, Tab::FollowUps, true),
        Action::Up => move_by(app, -1),
        Action::Down => move_by(app, 1),
        Action::PageUp => move_by(app, -(app.list_height() as isize)),
        Action::PageDown => move_by(app, app.list_height() as isize),
        Action::Top => move_by(app, isize::MIN / 2),
        Action::Bottom => move_by(app, isize::MAX / 2),
        Action::NextPane => cycle_pane(app, true),
        Action::PrevPane => cycle_pane(app, false),
        Action::Open => open(app),
        Action::Back => back(app),
        Action::CycleFilter => {
            if app.tab != Tab::FollowUps {
                return vec![];
            }
            app.filter = app.filter.next();
            app.record = Default::default();
            switch_tab(app, Tab::FollowUps, false)
        }
        Action::Reload => reload_all(app),
        Action::LoadDemo => vec![],
        Action::ShowEvents => switch_tab(app, Tab::Events, true),
        Action::Invite => event_actions::invite(app),
        Action::Attendance => event_actions::attendance(app),
        Action::ShowDeliverables => switch_tab(app, Tab::Deliverables, true),
        Action::ProposeSchedule => deliverable_actions::propose_schedule(app),

        Action::AddRegistration => attached::add_registration(app),
        Action::Attach => attached::ask_path(app),

        Action::ShowReview => review::show_review(app),
        Action::ShowHistory => review::show_history(app),
        Action::KeepMine | Action::KeepTheirs => vec![],

        Action::SyncNow => hub_sync::sync_now(app),
    }
}

/// The keymap contexts of the main screen (no screen on top).
pub fn main_contexts(app: &App) -> Vec<Context> {
    if app.filter_editing() {
        vec![Context::Filter]
    } else if app.tab == Tab::FollowUps {
        vec![Context::FollowUps, Context::Global]
    } else {
        vec![Context::Global]
    }
}

/// Shows a message (not an error) and asks for nothing.
fn say_info(app: &mut App, text: &str) -> Vec<Cmd> {
    app.message = Some(Message {
        text: text.into(),
        is_error: false,
    });
    vec![]
}
