//! The loop's side of `update`: runs the commands against the store and turns
//! the results into messages. The only UI code that touches the database.

use chrono::NaiveDate;

use crate::demo::{DemoOptions, generate};
use crate::store::Store;
use crate::store::views::FollowUpFilter;

use super::update::{Cmd, Msg};

/// Results the search box shows, at most.
const SEARCH_RESULTS: usize = 50;
/// Rows a filtered list shows, at most.
const FILTER_RESULTS: usize = 500;

pub fn run(store: &mut Store, cmd: Cmd, today: NaiveDate, filter: FollowUpFilter) -> Msg {
    match execute(store, cmd, today, filter) {
        Ok(msg) => msg,
        Err(e) => Msg::Error(e.to_string()),
    }
}

fn execute(
    store: &mut Store,
    cmd: Cmd,
    today: NaiveDate,
    filter: FollowUpFilter,
) -> anyhow::Result<Msg> {
    Ok(match cmd {
        Cmd::LoadKeys {
            tab,
            reload,
            select,
        } => {
            let kind = tab
                .kind()
                .ok_or_else(|| anyhow::anyhow!("the dashboard has no list"))?;
            let r = store.read();
            let keys = if reload {
                Some(r.list_keys(kind, filter)?)
            } else {
                None
            };
            let select = match select {
                Some(id) => r.list_key_of(kind, id)?,
                None => None,
            };
            Msg::Keys { tab, keys, select }
        }
        Cmd::LoadRows { tab, start, keys } => {
            let kind = tab
                .kind()
                .ok_or_else(|| anyhow::anyhow!("the dashboard has no list"))?;
            Msg::Rows {
                tab,
                start,
                rows: store.read().list_rows(kind, &keys, today)?,
            }
        }
        Cmd::LoadRecord { kind, id } => {
            let r = store.read();
            Msg::Record {
                detail: r.detail(kind, id, today)?.map(Box::new),
                timeline: r.timeline(kind, id)?,
            }
        }
        Cmd::LoadDashboard { unless } => {
            let stamp = store.change_stamp()?;
            if unless == Some(stamp) {
                Msg::Unchanged
            } else {
                Msg::Dashboard(Box::new(store.read().dashboard(today)?), stamp)
            }
        }
        Cmd::CheckEmpty => Msg::IsEmpty(!store.read().has_records()?),
        Cmd::Search { generation, query } => Msg::SearchResults {
            generation,
            hits: store.read().search(&query, None, SEARCH_RESULTS)?,
        },
        Cmd::Filter {
            generation,
            tab,
            query,
        } => {
            let kind = tab
                .kind()
                .ok_or_else(|| anyhow::anyhow!("the dashboard has no list"))?;
            let r = store.read();
            let mut keys = Vec::new();
            for id in r.search_ids(&query, kind, FILTER_RESULTS)? {
                keys.extend(r.list_key_of(kind, id)?);
            }
            Msg::FilterResults {
                generation,
                tab,
                keys,
            }
        }
        Cmd::OpenNote { id } => {
            let note = store
                .read()
                .note(id)?
                .ok_or_else(|| anyhow::anyhow!("that note is gone"))?;
            Msg::GoTo {
                kind: note.target.kind(),
                id: note.target.id(),
            }
        }
        Cmd::LoadDemo => {
            let options = DemoOptions {
                scale: 300,
                seed: 1,
                today,
                force: false,
            };
            let s = generate(store, &options)?;
            Msg::DemoLoaded(format!(
                "demo data loaded: {} contacts, {} organizations, {} projects, {} visits",
                s.contacts, s.organizations, s.projects, s.visits
            ))
        }
    })
}

/// Runs commands until none are left, feeding each result to `update`.
/// Searches go to the worker when there is one (the UI), and run here when
/// not (tests, benchmarks).
pub fn settle(
    app: &mut super::state::App,
    store: &mut Store,
    mut cmds: Vec<Cmd>,
    mut worker: Option<&mut super::search_worker::SearchWorker>,
) {
    // Commands never loop forever: each result asks for strictly less data,
    // but guard anyway so a bug cannot hang the UI.
    let mut budget = 64;
    while let Some(cmd) = (!cmds.is_empty()).then(|| cmds.remove(0)) {
        budget -= 1;
        if budget == 0 {
            break;
        }
        if let (Some(w), Cmd::Search { .. } | Cmd::Filter { .. }) = (worker.as_deref_mut(), &cmd) {
            w.send(cmd, app.today);
            continue;
        }
        let msg = run(store, cmd, app.today, app.filter);
        cmds.extend(super::update::update(app, msg));
    }
}
