//! The loop's side of `update`: runs the commands against the store and turns
//! the results into messages. The only UI code that touches the database.

use chrono::NaiveDate;

use crate::demo::{DemoOptions, generate};
use crate::store::Store;
use crate::store::views::FollowUpFilter;

use super::update::{Cmd, Msg};

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
pub fn settle(app: &mut super::state::App, store: &mut Store, mut cmds: Vec<Cmd>) {
    // Commands never loop forever: each result asks for strictly less data,
    // but guard anyway so a bug cannot hang the UI.
    let mut budget = 64;
    while let Some(cmd) = (!cmds.is_empty()).then(|| cmds.remove(0)) {
        budget -= 1;
        if budget == 0 {
            break;
        }
        let msg = run(store, cmd, app.today, app.filter);
        cmds.extend(super::update::update(app, msg));
    }
}
