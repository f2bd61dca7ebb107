//! The loop's side of `update`: runs the commands against the store and turns
//! the results into messages. The only UI code that touches the database.

use chrono::NaiveDate;

use crate::demo::{DemoOptions, generate};
use crate::ops::progress::{Progress, Silent};
use crate::store::views::FollowUpFilter;
use crate::store::{Store, StoreError};

use super::state::Write;
use super::update::{Cmd, Msg};

mod apply;
mod prepare;
mod prepare_consultation;

mod deliverables;

mod attached;

mod review;

use apply::{apply, shown_after};
use prepare::{prepare_edit, prepare_visit};

/// Search hits a picker offers.
const PICKER_HITS: usize = 8;
/// The longest text a picker looks up (characters).
pub const PICKER_QUERY_MAX: usize = 120;

/// Deleted records the trash view lists, at most.
const TRASH_SHOWN: usize = 500;

/// Results the search box shows, at most.
const SEARCH_RESULTS: usize = 50;
/// Rows a filtered list shows, at most.
const FILTER_RESULTS: usize = 500;

pub fn run(store: &mut Store, cmd: Cmd, today: NaiveDate, filter: FollowUpFilter) -> Msg {
    run_with(store, cmd, today, filter, &Silent)
}

/// As `run`, reporting how far an import or a report has got to `progress`
/// (the long-work thread's message line).
pub fn run_with(
    store: &mut Store,
    cmd: Cmd,
    today: NaiveDate,
    filter: FollowUpFilter,
    progress: &dyn Progress,
) -> Msg {
    match execute(store, cmd, today, filter, progress) {
        Ok(msg) => msg,
        Err(e)
            if e.downcast_ref::<StoreError>()
                .is_some_and(StoreError::is_damage) =>
        {
            Msg::Damaged(e.to_string())
        }
        Err(e) => Msg::Error(e.to_string()),
    }
}

fn execute(
    store: &mut Store,
    cmd: Cmd,
    today: NaiveDate,
    filter: FollowUpFilter,
    progress: &dyn Progress,
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
        Cmd::Search { generation, query } => {
            let r = store.read();
            let hits = r.search(&query, None, SEARCH_RESULTS)?;
            let people: Vec<_> = hits
                .iter()
                .filter(|h| h.kind == crate::domain::RecordKind::Contact)
                .map(|h| h.id)
                .collect();
            let who = r.who_is_who(&people)?;
            Msg::SearchResults {
                generation,
                hits,
                who,
            }
        }
        Cmd::Filter {
            generation,
            tab,
            query,
        } => {
            let kind = tab
                .kind()
                .ok_or_else(|| anyhow::anyhow!("the dashboard has no list"))?;
            let r = store.read();
            // In the list's own order: a filter is a filter (issue 15).
            let keys = r.filter_keys(&query, kind, FILTER_RESULTS)?;
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
        Cmd::Write(write) => {
            let (text, undo) = apply(store, &write)?;
            Msg::Wrote {
                text,
                undo,
                show: shown_after(&write),
            }
        }
        Cmd::AskDelete { kind, id } => {
            let r = store.read();
            let title = r.title_of(kind, id)?;
            let hangs = r.what_hangs_on(kind, id)?;
            let what = if hangs.is_empty() {
                String::new()
            } else {
                format!(" ({})", hangs.join(", "))
            };
            Msg::Ask(super::state::Confirm {
                question: format!(
                    "Delete {} {}{what}? It goes to the trash: {} undoes, {} shows the trash.",
                    kind.label(),
                    crate::ui::text::clean(&title),
                    crate::ui::keymap::key(crate::ui::action::Action::Undo),
                    crate::ui::keymap::key(crate::ui::action::Action::ShowTrash),
                ),
                on_yes: super::state::Yes::Write(Write::SetDeleted {
                    kind,
                    id,
                    deleted: true,
                }),
                on_no: None,
            })
        }
        Cmd::LoadTrash => Msg::Trash(store.read().trash(TRASH_SHOWN)?),
        Cmd::LoadEventGuests { event } => match store.read().event_detail(event)? {
            Some(d) => Msg::EventGuests(Box::new(d)),
            None => Msg::Error("that event is gone".into()),
        },
        Cmd::ProposeSchedule { project } => deliverables::propose(store, project)?,
        Cmd::AdvanceDeliverable { id } => deliverables::advance(store, id, today)?,
        Cmd::PlanImport { path, maps } => plan_import(store, &path, &maps, progress),
        Cmd::ApplyImport { plan } => {
            match crate::ops::import::apply(store, &plan, true, progress) {
                Ok(done) => Msg::Wrote {
                    text: format!(
                        "{} {} undoes it.",
                        crate::ops::import::summary(&done),
                        crate::ui::keymap::key(crate::ui::action::Action::Undo)
                    ),
                    undo: Some(Write::UndoImport {
                        import: done.import,
                    }),
                    show: None,
                },
                Err(e) => Msg::Error(e.to_string()),
            }
        }
        Cmd::WriteReport { month } => write_report(store, month, progress)?,

        Cmd::Attach { target, path } => attached::attach(store, target, &path),
        Cmd::OpenAttachment { id } => attached::open(store, id),

        Cmd::LoadReview { duplicates } => review::load(store, duplicates)?,
        Cmd::CountReview => Msg::ReviewCount(crate::sync::review::count(store)?),
        Cmd::LoadHistory { kind, id, title } => review::history(store, kind, id, title)?,
        Cmd::PrepareEditToResolve { kind, id, key } => Msg::EditToResolve {
            payload: prepare_edit(store, kind, id)?.draft(),
            key,
        },
        Cmd::SaveDraft { slot, payload } => {
            store.write(|tx| tx.save_draft(slot, &payload))?;
            Msg::Unchanged
        }
        Cmd::Pick { kind, query } => pick(store, kind, query)?,
        Cmd::CheckDrafts => Msg::Drafts(store.read().drafts()?),
        Cmd::CreateContact { name } => {
            let contact = crate::domain::Contact::new(name.trim());
            store.write(|tx| tx.save_contact(&contact))?;
            Msg::ContactCreated {
                id: contact.meta.id,
                name: contact.display_name,
            }
        }
        Cmd::PrepareEdit { kind, id } => Msg::OpenEditor(prepare_edit(store, kind, id)?.draft()),
        Cmd::PrepareVisit { from } => Msg::OpenEditor(prepare_visit(store, from, today)?.draft()),
        Cmd::PrepareConsultation { from } => {
            Msg::OpenEditor(prepare_consultation::prepare(store, from, today)?.draft())
        }
        Cmd::LoadNotInTouch { rules } => Msg::NotInTouch(store.read().not_in_touch(&rules, today)?),
        Cmd::ReadInFull(entry) => match store.read().full_text(entry)? {
            Some(text) => Msg::Read(Box::new(super::screens::reader::Reader::new(text))),
            None => Msg::Error("that entry is gone (deleted meanwhile)".into()),
        },
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
    cmds: Vec<Cmd>,
    worker: Option<&mut super::search_worker::SearchWorker>,
) {
    settle_with(app, store, cmds, worker, None);
}

/// As `settle`; imports and reports go to the long-work thread when there
/// is one (the UI), and the UI's writes wait while it writes an import.
pub fn settle_with(
    app: &mut super::state::App,
    store: &mut Store,
    mut cmds: Vec<Cmd>,
    mut worker: Option<&mut super::search_worker::SearchWorker>,
    mut long: Option<&mut super::long_work::LongWork>,
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
        if let Some(l) = long.as_deref_mut()
            && l.defers(&cmd)
        {
            // Run when the import is written (`Runtime::poll_long_work`).
            l.defer(cmd);
            continue;
        }
        if let Some(l) = long.as_deref_mut()
            && super::long_work::LongWork::takes(&cmd)
        {
            // Started: its result arrives later (`Runtime::poll_long_work`).
            if let Err(refused) = l.start(cmd, app.today, app.filter) {
                cmds.extend(super::update::update(app, Msg::Error(refused)));
            }
            continue;
        }
        let msg = run(store, cmd, app.today, app.filter);
        cmds.extend(super::update::update(app, msg));
    }
}

/// Reads and plans an import (`ops::import`, as the command line does); a
/// file that cannot be read is a message, not a preview. JSON exports are
/// restored at once (their ids say what is new).
fn plan_import(store: &mut Store, path: &str, maps: &[String], progress: &dyn Progress) -> Msg {
    use crate::ops::import::{self, ImportError};
    let path = expand_home(path);
    let input = match import::read(&path, None, progress) {
        Ok(input) => input,
        Err(e) => return Msg::Error(e.to_string()),
    };
    if input.format == crate::exchange::Format::Json {
        return match import::read_export(&input)
            .and_then(|export| import::restore_export(store, &export))
        {
            Ok(text) => Msg::Imported(text),
            Err(e) => Msg::Error(e.to_string()),
        };
    }
    match import::plan(
        store,
        &input,
        maps,
        crate::exchange::plan::Choice::Skip,
        progress,
    ) {
        Ok(plan) => Msg::ImportPlanned(Box::new(crate::ui::state::PlannedImport {
            name: plan.source.clone(),
            preview: import::preview(&plan, true),
            plan,
        })),
        // Columns nobody recognised: ask which is which.
        Err(ImportError::Csv {
            error: crate::exchange::csv_in::CsvError::Unrecognised { .. },
            ..
        }) if maps.is_empty() => match crate::exchange::csv_in::headers(&input.text) {
            Ok(headers) => Msg::ImportNeedsMap(Box::new(crate::ui::state::ImportMap {
                path: path.display().to_string(),
                columns: headers
                    .into_iter()
                    .map(|h| {
                        let field = guess_field(&h);
                        (h, field)
                    })
                    .collect(),
            })),
            Err(e) => Msg::Error(format!("{}: {e}; nothing was imported", input.name)),
        },
        Err(e) => Msg::Error(e.to_string()),
    }
}

/// `~/contacts.vcf` as the shell would read it.
fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::PathBuf::from(home).join(rest),
        _ => std::path::PathBuf::from(path),
    }
}

/// A month's report, as Markdown and as a workbook, in a `reports`
/// folder beside the database.
fn write_report(
    store: &Store,
    month: NaiveDate,
    progress: &dyn Progress,
) -> crate::store::Result<Msg> {
    let first = crate::domain::date::first_of_month(month);
    progress.phase("reading the month", None);
    let report = store.read().month_report(first)?;
    let dir = store
        .path()
        .parent()
        .map(|p| p.join("reports"))
        .unwrap_or_else(|| std::path::PathBuf::from("reports"));
    let stem = format!("report-{}", first.format("%Y-%m"));
    let md = dir.join(format!("{stem}.md"));
    let xlsx = dir.join(format!("{stem}.xlsx"));
    progress.phase(&format!("writing {}", md.display()), None);
    let written = crate::paths::create_private_dir(&dir)
        .map_err(|e| crate::exchange::ExchangeError::file(&dir, e.to_string()))
        .and_then(|()| {
            crate::exchange::files::write_private(&md, |out| {
                use std::io::Write as _;
                out.write_all(crate::exchange::report::markdown(&report).as_bytes())?;
                Ok(())
            })
        })
        .and_then(|()| crate::exchange::xlsx::report(&report, &xlsx));
    Ok(match written {
        Ok(()) => Msg::Info(format!("report written: {} (and .xlsx)", md.display())),
        Err(e) => Msg::Error(format!("report not written: {e}")),
    })
}

/// A first guess at what a column holds, from words in its header; the
/// person checks it on the mapping screen.
fn guess_field(header: &str) -> usize {
    use crate::exchange::csv_in::MAP_FIELDS;
    let h = header.to_lowercase();
    let guess = if h.contains("mail") {
        "email"
    } else if h.contains("phone") || h.contains("mobile") || h.contains("tel") {
        "phone"
    } else if h.contains("name") || h == "nom" {
        "name"
    } else if h.contains("org") || h.contains("company") {
        "org"
    } else if h.contains("title") || h.contains("role") {
        "role"
    } else if h.contains("city") || h.contains("town") || h.contains("where") {
        "city"
    } else if h.contains("country") {
        "country"
    } else if h.contains("note") || h.contains("comment") {
        "note"
    } else {
        "ignore"
    };
    MAP_FIELDS
        .iter()
        .position(|(n, _)| *n == guess)
        .unwrap_or(MAP_FIELDS.len() - 1)
}

/// A picker's hits for what is typed in it.
fn pick(store: &Store, kind: crate::domain::RecordKind, query: String) -> anyhow::Result<Msg> {
    let r = store.read();
    // No name is that long: a pasted paragraph is not looked up (the
    // search's cost grows with its words, and a paste types them one key
    // at a time).
    let ids = match query.chars().count() > PICKER_QUERY_MAX {
        true => Vec::new(),
        false => r.search_ids(&query, kind, PICKER_HITS)?,
    };
    let mut hits = Vec::new();
    for id in &ids {
        hits.push((*id, r.title_of(kind, *id)?));
    }
    let who = r.who_is_who(&ids)?;
    Ok(Msg::PickerHits { query, hits, who })
}

#[cfg(test)]
mod picker_tests {
    use super::*;

    /// Typing a pasted paragraph into a picker looked it up at every key,
    /// each search slower than the last (a fuzz run spent minutes there).
    #[test]
    fn a_picker_looks_up_names_not_paragraphs() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("b.db")).unwrap();
        let org =
            crate::domain::Organization::new("Lake Basin Health", crate::domain::OrgKind::LocalNgo);
        store.write(|tx| tx.save_organization(&org)).unwrap();
        let hits =
            |query: String| match pick(&store, crate::domain::RecordKind::Organization, query)
                .unwrap()
            {
                Msg::PickerHits { hits, .. } => hits.len(),
                other => panic!("{other:?}"),
            };
        assert_eq!(hits("lake basin".into()), 1);
        assert_eq!(hits("lake ".repeat(20)), 1, "100 characters: looked up");
        assert_eq!(hits("lake ".repeat(30)), 0, "150 characters: not a name");
    }
}
