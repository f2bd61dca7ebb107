//! Moving around the main screen: tabs, lists (loaded a window at a time),
//! panes, links, back; and reloading everything from the book.

use crate::domain::{Id, RecordKind};
use crate::store::views::{FollowUpFilter, Link};
use crate::ui::state::{App, Message, Pane, Place, Tab};

use super::{Cmd, list_filter};

/// How many rows beyond the visible ones to fetch on each side, so that
/// scrolling a line rarely needs the database.
const WINDOW_MARGIN: usize = 40;

pub(super) fn switch_tab(app: &mut App, tab: Tab, reset_focus: bool) -> Vec<Cmd> {
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

pub(super) fn on_keys(
    app: &mut App,
    tab: Tab,
    keys: Option<Vec<i64>>,
    select: Option<i64>,
) -> Vec<Cmd> {
    let Some(i) = app.slot(tab) else {
        return vec![];
    };
    // The whole list, read again while a filter is being typed or kept on
    // it (the book changed just as `/` was pressed): the filter's matches
    // stay on screen, and the whole list is what Esc goes back to.
    if let (Some(keys), Some(filter)) = (
        keys.as_ref(),
        app.list_filter
            .as_mut()
            .filter(|f| f.tab == tab && !f.input.trim().is_empty()),
    ) {
        filter.saved_keys = keys.clone();
        return vec![];
    }
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
pub(super) fn clamp_offset(app: &mut App) {
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
pub(super) fn ensure_window(app: &App) -> Vec<Cmd> {
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
pub(super) fn show_selection(app: &mut App) -> Vec<Cmd> {
    let cmds = ensure_window(app);
    if cmds.is_empty() {
        load_selected_record(app)
    } else {
        cmds
    }
}

pub(super) fn load_selected_record(app: &mut App) -> Vec<Cmd> {
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

pub(super) fn move_by(app: &mut App, delta: isize) -> Vec<Cmd> {
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
        Pane::Details => super::details_scroll::move_in_details(app, delta),
        Pane::Timeline => {
            let n = app.record.timeline.len();
            app.record.timeline_cursor = step(app.record.timeline_cursor, delta, n);
            vec![]
        }
    }
}

pub(super) fn step(current: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    current.saturating_add_signed(delta).min(len - 1)
}

pub(super) fn cycle_pane(app: &mut App, forward: bool) -> Vec<Cmd> {
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
pub(super) fn focused_link(app: &App) -> Option<Link> {
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

pub(super) fn open(app: &mut App) -> Vec<Cmd> {
    // An event on the timeline (one the person attended) opens the event;
    // every other entry is read in full.
    let on_event = app.focus == Pane::Timeline
        && focused_link(app).is_some_and(|l| l.kind == RecordKind::Event);
    if app.tab != Tab::Dashboard && app.focus == Pane::Timeline && !on_event {
        return crate::ui::screens::reader::open(app);
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

pub(super) fn back(app: &mut App) -> Vec<Cmd> {
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
pub(super) fn go_to(app: &mut App, kind: RecordKind, id: Id) -> Vec<Cmd> {
    if let Some(cmds) = super::attached::go_to(app, kind, id) {
        return cmds;
    }
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

/// Everything again from the book, each list on its record; a kept list
/// filter stays and runs again.
pub(super) fn reload_all(app: &mut App) -> Vec<Cmd> {
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

pub(super) fn clamp_record_cursors(app: &mut App) {
    let links = app.record.detail.as_ref().map_or(0, |d| d.links().len());
    app.record.link_cursor = app.record.link_cursor.min(links.saturating_sub(1));
    app.record.timeline_cursor = app
        .record
        .timeline_cursor
        .min(app.record.timeline.len().saturating_sub(1));
}
