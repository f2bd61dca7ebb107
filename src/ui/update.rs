//! `update`: the one place the UI's state changes. It takes a message (an
//! action, a resize, or data the loop fetched) and returns the commands the
//! loop must perform; the loop feeds their results back as messages.

use crate::domain::{Id, RecordKind};
use crate::store::views::{FollowUpFilter, Link};

use super::action::Action;
use super::state::{App, ListFilter, Message, Overlay, Pane, Place, SearchState, Tab};

mod data_io;
mod editing;
mod forms;
mod list_filter;
mod messages;
mod outside;
mod pending_pick;
mod record_actions;
mod search;

pub use messages::{Cmd, Msg};

/// How many rows beyond the visible ones to fetch on each side, so that
/// scrolling a line rarely needs the database.
const WINDOW_MARGIN: usize = 40;

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
            vec![]
        }
        Msg::IsEmpty(empty) => {
            if empty {
                app.overlay = Overlay::Welcome;
            }
            vec![]
        }
        Msg::ImportPlanned(planned) => data_io::on_planned(app, *planned),
        Msg::ImportNeedsMap(map) => {
            app.import_map = Some(map);
            app.overlay = Overlay::ImportMap { cursor: 0 };
            vec![]
        }
        Msg::Info(text) => say_info(app, &text),
        Msg::NewDay(today) => outside::on_new_day(app, today),
        Msg::Backup(report) => outside::on_backup(app, report),
        Msg::Damaged(text) => {
            app.damage = Some(text);
            app.overlay = Overlay::Damaged;
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
        Msg::Type(c) => edit_input(app, |input| input.push(c)),
        Msg::Erase => edit_input(app, |input| {
            input.pop();
        }),
        Msg::SearchResults { generation, hits } => search::on_results(app, generation, hits),
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
        Msg::Ask(confirm) => record_actions::on_ask(app, confirm),
        Msg::Trash(items) => record_actions::on_trash_loaded(app, items),
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
        Msg::PickerHits { query, hits } => editing::on_picker_hits(app, query, hits),
        Msg::Drafts(drafts) => editing::on_drafts(app, drafts),
        Msg::Read(reader) => {
            app.overlay = Overlay::Reader(*reader);
            vec![]
        }
        Msg::OpenEditor(payload) => match super::editor::Editor::from_draft(&payload) {
            Some(editor) => editing::open(app, editor),
            None => vec![],
        },
    }
}

/// Applies an edit to whichever input has the keys, and asks for results.
fn edit_input(app: &mut App, edit: impl FnOnce(&mut String)) -> Vec<Cmd> {
    if let Overlay::Reason { .. } | Overlay::ImportPath = app.overlay {
        edit(&mut app.prompt);
        return vec![];
    }
    if app.overlay == Overlay::Search {
        return search::edit_query(app, edit);
    }
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
    match app.overlay {
        Overlay::Help { scroll } => return on_help(app, action, scroll),
        Overlay::Welcome => return on_welcome(app, action),
        Overlay::Search => return search::on_action(app, action),
        Overlay::Confirm => return record_actions::on_confirm(app, action),
        Overlay::StatusPicker { project, cursor } => {
            return record_actions::on_status_picker(app, action, project, cursor);
        }
        Overlay::Reason { project, to } => {
            return record_actions::on_reason(app, action, project, to);
        }
        Overlay::Trash { cursor } => return record_actions::on_trash(app, action, cursor),
        Overlay::ImportPath => return data_io::on_path(app, action),
        // Nothing but quitting: every other key would read or write a damaged file.
        Overlay::Damaged => {
            app.quit = action == Action::Quit;
            return vec![];
        }
        Overlay::ImportPreview { cursor } => return data_io::on_preview(app, action, cursor),
        Overlay::ImportMap { cursor } => return data_io::on_map(app, action, cursor),
        Overlay::Reader(_) => return super::popups::reader::on_action(app, action),
        Overlay::Editor => {
            if action == Action::Save {
                app.saving_editor = true;
            }
            let cmds = editing::on_editor_action(app, action);
            if cmds.is_empty() {
                app.saving_editor = false;
            }
            return cmds;
        }
        Overlay::None => {}
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
            app.overlay = Overlay::Help { scroll: 0 };
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
            app.search = SearchState::default();
            app.overlay = Overlay::Search;
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
        Action::Report => vec![Cmd::WriteReport],
        Action::Merge => vec![],
        Action::AddNote => editing::add_note(app),
        Action::LogVisit => editing::log_visit(app),
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
    }
}

fn on_help(app: &mut App, action: Action, scroll: u16) -> Vec<Cmd> {
    app.overlay = match action {
        Action::Close | Action::Help => Overlay::None,
        Action::Quit => {
            app.quit = true;
            Overlay::None
        }
        Action::Down => Overlay::Help {
            scroll: scroll.saturating_add(1),
        },
        Action::Up => Overlay::Help {
            scroll: scroll.saturating_sub(1),
        },
        Action::PageDown => Overlay::Help {
            scroll: scroll.saturating_add(10),
        },
        Action::PageUp => Overlay::Help {
            scroll: scroll.saturating_sub(10),
        },
        _ => Overlay::Help { scroll },
    };
    vec![]
}

fn on_welcome(app: &mut App, action: Action) -> Vec<Cmd> {
    match action {
        Action::LoadDemo => {
            app.message = Some(Message {
                text: "loading demo data...".into(),
                is_error: false,
            });
            vec![Cmd::LoadDemo]
        }
        Action::Close => {
            app.overlay = Overlay::None;
            vec![]
        }
        Action::Quit => {
            app.quit = true;
            vec![]
        }
        Action::Help => {
            app.overlay = Overlay::Help { scroll: 0 };
            vec![]
        }
        _ => vec![],
    }
}

fn switch_tab(app: &mut App, tab: Tab, reset_focus: bool) -> Vec<Cmd> {
    if let Some(f) = app.list_filter.as_mut() {
        f.editing = false;
    }
    if app.tab != tab {
        app.record = Default::default();
    }
    app.tab = tab;
    if reset_focus {
        app.focus = Pane::List;
    }
    match app.slot(tab) {
        None => vec![Cmd::LoadDashboard {
            unless: app.dashboard_stamp,
        }],
        Some(i) if !app.lists[i].loaded => {
            vec![Cmd::LoadKeys {
                tab,
                reload: true,
                select: app.lists[i].keep,
            }]
        }
        Some(_) => show_selection(app),
    }
}

fn on_keys(app: &mut App, tab: Tab, keys: Option<Vec<i64>>, select: Option<i64>) -> Vec<Cmd> {
    let Some(i) = app.slot(tab) else {
        return vec![];
    };
    let height = app.list_height();
    let list = &mut app.lists[i];
    if let Some(keys) = keys {
        list.keys = keys;
        list.loaded = true;
        // The loaded rows may be stale: fetch them again.
        list.rows.clear();
    }
    let wanted = list.keep.take();
    match select.and_then(|k| list.keys.iter().position(|x| *x == k)) {
        Some(pos) => list.selected = pos,
        None => {
            // The record is not in this list. A follow-up hidden by the
            // filter: show all and look again.
            if tab == Tab::FollowUps && app.filter != FollowUpFilter::All && select.is_some() {
                app.filter = FollowUpFilter::All;
                return vec![Cmd::LoadKeys {
                    tab,
                    reload: true,
                    select: wanted,
                }];
            }
            list.selected = list.selected.min(list.keys.len().saturating_sub(1));
        }
    }
    // Put the selection in the middle of the view when it jumped out of it.
    if list.selected < list.offset || list.selected >= list.offset + height {
        list.offset = list.selected.saturating_sub(height / 2);
    }
    if tab != app.tab {
        return vec![];
    }
    clamp_offset(app);
    show_selection(app)
}

/// Keeps the selection on screen and the view within the list.
fn clamp_offset(app: &mut App) {
    let height = app.list_height();
    let Some(list) = app.list_mut() else { return };
    let len = list.keys.len();
    if list.selected < list.offset {
        list.offset = list.selected;
    }
    if list.selected >= list.offset + height {
        list.offset = list.selected + 1 - height;
    }
    list.offset = list.offset.min(len.saturating_sub(height));
}

/// Asks for rows when the visible part of the list is not loaded.
fn ensure_window(app: &App) -> Vec<Cmd> {
    let height = app.list_height();
    let Some(list) = app.list() else {
        return vec![];
    };
    if !list.loaded || list.keys.is_empty() {
        return vec![];
    }
    let (from, to) = (list.offset, (list.offset + height).min(list.keys.len()));
    if list.covers(from, to) && list.covers(list.selected, list.selected + 1) {
        return vec![];
    }
    let start = from.saturating_sub(WINDOW_MARGIN).min(list.selected);
    let end = (to + WINDOW_MARGIN)
        .min(list.keys.len())
        .max(list.selected + 1);
    vec![Cmd::LoadRows {
        tab: app.tab,
        start,
        keys: list.keys[start..end].to_vec(),
    }]
}

/// Fetches the visible rows if needed, else the selected record's details
/// (which need the rows: the selected record's id is in them).
fn show_selection(app: &mut App) -> Vec<Cmd> {
    let cmds = ensure_window(app);
    if cmds.is_empty() {
        load_selected_record(app)
    } else {
        cmds
    }
}

fn load_selected_record(app: &mut App) -> Vec<Cmd> {
    let Some(kind) = app.tab.kind() else {
        return vec![];
    };
    match app.list().and_then(|l| l.selected_row()).map(|r| r.id) {
        Some(id) => {
            if let Some(list) = app.list_mut() {
                list.keep = Some(id);
            }
            if app.record.detail.as_ref().is_some_and(|d| d.id == id) {
                return vec![];
            }
            vec![Cmd::LoadRecord { kind, id }]
        }
        None => {
            app.record = Default::default();
            vec![]
        }
    }
}

fn move_by(app: &mut App, delta: isize) -> Vec<Cmd> {
    if app.tab == Tab::Dashboard {
        let n = app.dashboard_links().len();
        app.dashboard_cursor = step(app.dashboard_cursor, delta, n);
        return vec![];
    }
    match app.focus {
        Pane::List => {
            let Some(list) = app.list_mut() else {
                return vec![];
            };
            let n = list.keys.len();
            list.selected = step(list.selected, delta, n);
            clamp_offset(app);
            show_selection(app)
        }
        Pane::Details => {
            let n = app.record.detail.as_ref().map_or(0, |d| d.links().len());
            app.record.link_cursor = step(app.record.link_cursor, delta, n);
            vec![]
        }
        Pane::Timeline => {
            let n = app.record.timeline.len();
            app.record.timeline_cursor = step(app.record.timeline_cursor, delta, n);
            vec![]
        }
    }
}

fn step(current: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    current.saturating_add_signed(delta).min(len - 1)
}

fn cycle_pane(app: &mut App, forward: bool) -> Vec<Cmd> {
    if app.tab == Tab::Dashboard {
        return vec![];
    }
    app.focus = match (app.focus, forward) {
        (Pane::List, true) | (Pane::Timeline, false) => Pane::Details,
        (Pane::Details, true) | (Pane::List, false) => Pane::Timeline,
        (Pane::Timeline, true) | (Pane::Details, false) => Pane::List,
    };
    vec![]
}

/// The link under the cursor in the focused pane.
fn focused_link(app: &App) -> Option<Link> {
    if app.tab == Tab::Dashboard {
        return app.dashboard_links().get(app.dashboard_cursor).copied();
    }
    match app.focus {
        Pane::List => None,
        Pane::Details => app
            .record
            .detail
            .as_ref()?
            .links()
            .get(app.record.link_cursor)
            .copied(),
        Pane::Timeline => app.record.timeline.get(app.record.timeline_cursor)?.link,
    }
}

fn open(app: &mut App) -> Vec<Cmd> {
    if app.tab != Tab::Dashboard && app.focus == Pane::Timeline {
        return super::popups::reader::open(app);
    }
    if app.tab != Tab::Dashboard && app.focus == Pane::List {
        app.focus = Pane::Details;
        return vec![];
    }
    match focused_link(app) {
        Some(link) => {
            let here = Place {
                tab: app.tab,
                id: app.record.detail.as_ref().map(|d| d.id),
            };
            app.history.push(here);
            go_to(app, link.kind, link.id)
        }
        None => vec![],
    }
}

fn back(app: &mut App) -> Vec<Cmd> {
    let Some(place) = app.history.pop() else {
        app.message = Some(Message {
            text: "nothing to go back to".into(),
            is_error: false,
        });
        return vec![];
    };
    match (place.tab.kind(), place.id) {
        (Some(kind), Some(id)) => go_to(app, kind, id),
        _ => switch_tab(app, place.tab, true),
    }
}

/// Shows a record in its tab, selected in the list.
fn go_to(app: &mut App, kind: RecordKind, id: Id) -> Vec<Cmd> {
    if kind == RecordKind::Note {
        // A note has no tab of its own: opening one edits it.
        app.history.pop();
        return vec![Cmd::PrepareEdit { kind, id }];
    }
    let Some(tab) = Tab::for_kind(kind) else {
        return vec![];
    };
    if app.tab != tab {
        app.record = Default::default();
    }
    app.tab = tab;
    app.focus = Pane::List;
    let loaded = app.list().is_some_and(|l| l.loaded);
    if let Some(list) = app.list_mut() {
        list.keep = Some(id);
    }
    vec![Cmd::LoadKeys {
        tab,
        reload: !loaded,
        select: Some(id),
    }]
}

/// Shows a message (not an error) and asks for nothing.
fn say_info(app: &mut App, text: &str) -> Vec<Cmd> {
    app.message = Some(Message {
        text: text.into(),
        is_error: false,
    });
    vec![]
}

/// Everything again from the book, each list on its record; a kept list
/// filter stays and runs again.
fn reload_all(app: &mut App) -> Vec<Cmd> {
    let refilter = list_filter::rerun(app);
    let filtered = refilter.as_ref().map(|(slot, _)| *slot);
    for (i, list) in app.lists.iter_mut().enumerate() {
        if Some(i) == filtered {
            continue;
        }
        let keep = list.selected_row().map(|r| r.id).or(list.keep);
        list.loaded = false;
        list.keep = keep;
    }
    app.record = Default::default();
    app.dashboard_stamp = None;
    let mut cmds = vec![Cmd::LoadDashboard { unless: None }];
    cmds.extend(refilter.map(|(_, query)| query));
    if app.slot(app.tab).is_some_and(|slot| Some(slot) != filtered) {
        let keep = app.list().and_then(|l| l.keep);
        cmds.push(Cmd::LoadKeys {
            tab: app.tab,
            reload: true,
            select: keep,
        });
    }
    cmds
}

fn clamp_record_cursors(app: &mut App) {
    let links = app.record.detail.as_ref().map_or(0, |d| d.links().len());
    app.record.link_cursor = app.record.link_cursor.min(links.saturating_sub(1));
    app.record.timeline_cursor = app
        .record
        .timeline_cursor
        .min(app.record.timeline.len().saturating_sub(1));
}
