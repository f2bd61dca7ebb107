//! A list narrowed with `/`: its results, its keys while typing, clearing it,
//! and keeping it (with the selected record) when the book changes.

use super::super::action::Action;
use super::super::state::App;
use super::{Cmd, Tab, clamp_offset, edit_filter, move_by, show_selection};

/// The whole list again, keeping the selected record.
pub(super) fn unfiltered(app: &mut App, tab: Tab) -> Vec<Cmd> {
    let keep = app.list().and_then(|l| l.selected_row()).map(|r| r.id);
    vec![Cmd::LoadKeys {
        tab,
        reload: true,
        select: keep,
    }]
}

/// The keys that match the filter's newest query: the list shows them, on
/// the record it kept (after a reload) or else on the best match.
pub(super) fn on_results(app: &mut App, generation: u64, tab: Tab, keys: Vec<i64>) -> Vec<Cmd> {
    let Some(filter) = app
        .list_filter
        .as_mut()
        .filter(|f| f.tab == tab && f.generation == generation)
    else {
        return vec![];
    };
    let keep = filter.keep.take();
    let Some(slot) = app.slot(tab) else {
        return vec![];
    };
    let height = app.list_height();
    let list = &mut app.lists[slot];
    list.keys = keys;
    list.loaded = true;
    list.rows.clear();
    match keep.and_then(|k| list.keys.iter().position(|x| *x == k)) {
        Some(pos) => {
            list.selected = pos;
            if pos < list.offset || pos >= list.offset + height {
                list.offset = pos.saturating_sub(height / 2);
            }
        }
        None => {
            list.selected = 0;
            list.offset = 0;
        }
    }
    if app.tab != tab {
        return vec![];
    }
    app.record = Default::default();
    clamp_offset(app);
    show_selection(app)
}

/// After the book changed (another process, or a write here): the filter
/// stays and runs again on the new data, keeping the selected record if it
/// still matches. The copy of the whole list it kept for esc is stale, so it
/// is dropped (esc then reloads the list). Returns the filtered list's slot
/// (its keys come from the query, not from a plain reload) and the query.
pub(super) fn rerun(app: &mut App) -> Option<(usize, Cmd)> {
    let slot = app.slot(app.list_filter.as_ref()?.tab)?;
    let selected = app.lists[slot].selected_row().map(|r| r.key);
    let filter = app.list_filter.as_mut()?;
    filter.saved_keys.clear();
    if filter.input.trim().is_empty() {
        return None;
    }
    filter.generation += 1;
    filter.keep = selected;
    Some((
        slot,
        Cmd::Filter {
            generation: filter.generation,
            tab: filter.tab,
            query: filter.input.clone(),
        },
    ))
}

/// Keys while the filter is being typed: text, except these.
pub(super) fn on_keys(app: &mut App, action: Action) -> Vec<Cmd> {
    match action {
        Action::Close => clear(app),
        Action::Open => {
            if let Some(f) = app.list_filter.as_mut() {
                f.editing = false;
            }
            vec![]
        }
        Action::ClearInput => edit_filter(app, String::clear),
        Action::Down => move_by(app, 1),
        Action::Up => move_by(app, -1),
        Action::Quit => {
            app.quit = true;
            vec![]
        }
        _ => vec![],
    }
}

pub(super) fn clear(app: &mut App) -> Vec<Cmd> {
    let Some(f) = app.list_filter.take() else {
        return vec![];
    };
    if f.tab != app.tab || f.saved_keys.is_empty() {
        return unfiltered(app, f.tab);
    }
    // The whole list is still in memory: put it back, on the same record.
    let height = app.list_height();
    if let Some(list) = app.list_mut() {
        let key = list.selected_row().map(|r| r.key);
        list.keys = f.saved_keys;
        list.rows.clear();
        list.selected = key
            .and_then(|k| list.keys.iter().position(|x| *x == k))
            .unwrap_or(0);
        list.offset = list.selected.saturating_sub(height / 2);
    }
    clamp_offset(app);
    show_selection(app)
}
