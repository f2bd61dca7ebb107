//! The loop's side of `update`: runs the commands against the store and turns
//! the results into messages. The only UI code that touches the database.

use chrono::NaiveDate;

use crate::demo::{DemoOptions, generate};
use crate::store::views::FollowUpFilter;
use crate::store::{Store, StoreError};

use super::form::Built;
use super::state::Write;

use super::update::{Cmd, Msg};

/// The record to select after a write: one just created or restored.
fn shown_after(write: &Write) -> Option<crate::store::views::Link> {
    use crate::store::views::Link;
    match write {
        Write::SetDeleted {
            kind,
            id,
            deleted: false,
        } => Some(Link {
            kind: *kind,
            id: *id,
        }),
        Write::SaveRecord { built, .. } => {
            let (kind, id) = built.kind_and_id();
            Some(Link { kind, id })
        }
        Write::LogVisit { visit, .. } => Some(Link {
            kind: crate::domain::RecordKind::Visit,
            id: visit.meta.id,
        }),
        _ => None,
    }
}

/// Search hits a picker offers.
const PICKER_HITS: usize = 8;

/// A new visit, filled in from the record in context: a project (and the
/// last place it was visited), a contact (and the project of their latest
/// visit), or a visit's project.
fn prepare_visit(
    store: &Store,
    from: Option<crate::store::views::Link>,
    today: NaiveDate,
) -> anyhow::Result<super::editor::Editor> {
    use crate::domain::RecordKind;
    let r = store.read();
    let mut project = None;
    let mut participants = Vec::new();
    if let Some(link) = from {
        match link.kind {
            RecordKind::Project => project = Some(link.id),
            RecordKind::Contact => {
                participants.push((link.id, r.title_of(RecordKind::Contact, link.id)?));
                project = r.latest_project_of_contact(link.id)?;
            }
            RecordKind::Visit => project = r.visit(link.id)?.and_then(|v| v.project_id),
            _ => {}
        }
    }
    let place = match project {
        Some(p) => r.last_place_for_project(p)?.unwrap_or_default(),
        None => String::new(),
    };
    let project = match project {
        Some(p) => Some((p, r.title_of(RecordKind::Project, p)?)),
        None => None,
    };
    let _ = today;
    Ok(super::editor::Editor::Visit(Box::new(
        super::editor::VisitForm::new("t".into(), project, place, participants, ""),
    )))
}

/// A record loaded into its form.
fn prepare_edit(
    store: &Store,
    kind: crate::domain::RecordKind,
    id: crate::domain::Id,
) -> anyhow::Result<super::editor::Editor> {
    use super::form::RecordForm;
    use crate::domain::RecordKind;
    let r = store.read();
    let gone = || anyhow::anyhow!("that {} is gone", kind.label());
    let named = |kind: RecordKind,
                 id: Option<crate::domain::Id>|
     -> anyhow::Result<Option<(crate::domain::Id, String)>> {
        Ok(match id {
            Some(id) => Some((id, r.title_of(kind, id)?)),
            None => None,
        })
    };
    let form = match kind {
        RecordKind::Organization => {
            RecordForm::organization(r.organization(id)?.ok_or_else(gone)?, true)
        }
        RecordKind::Contact => {
            let c = r.contact(id)?.ok_or_else(gone)?;
            let org = named(RecordKind::Organization, c.organization_id)?;
            RecordForm::contact(c, org, true)
        }
        RecordKind::Project => {
            let p = r.project(id)?.ok_or_else(gone)?;
            let org = named(RecordKind::Organization, p.implementing_org_id)?;
            let partners = p
                .partner_org_ids
                .iter()
                .map(|o| Ok((*o, r.title_of(RecordKind::Organization, *o)?)))
                .collect::<anyhow::Result<Vec<_>>>()?;
            RecordForm::project(p, org, partners, true)
        }
        RecordKind::FollowUp => {
            let f = r.follow_up(id)?.ok_or_else(gone)?;
            let owner = match f.owner {
                crate::domain::Owner::Contact(c) => named(RecordKind::Contact, Some(c))?,
                crate::domain::Owner::Officer => None,
            };
            RecordForm::follow_up(f, owner, true, Default::default())
        }
        RecordKind::Visit => {
            let v = r.visit(id)?.ok_or_else(gone)?;
            let project = named(RecordKind::Project, v.project_id)?;
            let people = v
                .participant_ids
                .iter()
                .map(|c| Ok((*c, r.title_of(RecordKind::Contact, *c)?)))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let mut form = super::editor::VisitForm::new(
                v.date.format("%Y-%m-%d").to_string(),
                project,
                v.place.clone().unwrap_or_default(),
                people,
                &v.observations,
            );
            form.purpose = v.purpose;
            form.issues = super::editor::text_area(&v.issues);
            form.focus = super::editor::VisitField::Observations;
            form.existing = Some(v);
            return Ok(super::editor::Editor::Visit(Box::new(form)));
        }
        RecordKind::Note => {
            let note = r.note(id)?.ok_or_else(gone)?;
            let title = r.title_of(note.target.kind(), note.target.id())?;
            return Ok(super::editor::Editor::Note(Box::new(
                super::editor::NoteEditor::edit(note, title),
            )));
        }
    };
    Ok(super::editor::Editor::Record(Box::new(form)))
}

/// Deleted records the trash view lists, at most.
const TRASH_SHOWN: usize = 500;

/// Makes a change in one transaction; returns what to tell the person and
/// the change that undoes it.
fn apply(store: &mut Store, write: &Write) -> anyhow::Result<(String, Option<Write>)> {
    Ok(match write.clone() {
        Write::SaveRecord { built, previous } => {
            let slot = super::editor::RECORD_SLOT;
            store.write(|tx| -> crate::store::Result<()> {
                match built.as_ref() {
                    Built::Organization(o) => tx.save_organization(o)?,
                    Built::Contact(c, org) => {
                        if let Some(org) = org {
                            tx.save_organization(org)?;
                        }
                        tx.save_contact(c)?
                    }
                    Built::Project(p, orgs) => {
                        for org in orgs {
                            tx.save_organization(org)?;
                        }
                        tx.save_project(p)?
                    }
                    Built::FollowUp(f) => tx.save_follow_up(f)?,
                }
                tx.discard_draft(slot)
            })?;
            let (kind, id) = built.kind_and_id();
            let undo = match previous {
                Some(prev) => Write::SaveRecord {
                    built: prev,
                    previous: None,
                },
                None => Write::SetDeleted {
                    kind,
                    id,
                    deleted: true,
                },
            };
            (format!("{} saved", kind.label()), Some(undo))
        }
        Write::AddNote { note } => {
            let slot = super::editor::NOTE_SLOT;
            let previous = store.read().note(note.meta.id)?;
            store.write(|tx| -> crate::store::Result<()> {
                tx.save_note(&note)?;
                tx.discard_draft(slot)
            })?;
            let undo = match previous {
                Some(p) => Write::AddNote { note: p },
                None => Write::SetDeleted {
                    kind: crate::domain::RecordKind::Note,
                    id: note.meta.id,
                    deleted: true,
                },
            };
            ("note saved".to_string(), Some(undo))
        }
        Write::LogVisit { visit, follow_ups } => {
            let slot = super::editor::VISIT_SLOT;
            let previous = store.read().visit(visit.meta.id)?;
            store.write(|tx| -> crate::store::Result<()> {
                tx.save_visit(&visit)?;
                for f in &follow_ups {
                    tx.save_follow_up(f)?;
                }
                tx.discard_draft(slot)
            })?;
            let undo = match previous {
                Some(p) => Write::LogVisit {
                    visit: Box::new(p),
                    follow_ups: Vec::new(),
                },
                None => Write::Trash {
                    items: std::iter::once((crate::domain::RecordKind::Visit, visit.meta.id))
                        .chain(
                            follow_ups
                                .iter()
                                .map(|f| (crate::domain::RecordKind::FollowUp, f.meta.id)),
                        )
                        .collect(),
                },
            };
            let with = match follow_ups.len() {
                0 => String::new(),
                1 => " with 1 follow-up".into(),
                n => format!(" with {n} follow-ups"),
            };
            (
                format!("visit of {} logged{with}", visit.date.format("%Y-%m-%d")),
                Some(undo),
            )
        }
        Write::Trash { items } => {
            store.write(|tx| -> crate::store::Result<()> {
                for (kind, id) in &items {
                    tx.set_deleted(*kind, *id, true)?;
                }
                Ok(())
            })?;
            (
                format!("{} records moved to the trash", items.len()),
                Some(Write::Restore { items }),
            )
        }
        Write::Restore { items } => {
            store.write(|tx| -> crate::store::Result<()> {
                for (kind, id) in &items {
                    tx.set_deleted(*kind, *id, false)?;
                }
                Ok(())
            })?;
            (
                format!("{} records restored", items.len()),
                Some(Write::Trash { items }),
            )
        }
        Write::DiscardDraft { slot } => {
            store.write(|tx| tx.discard_draft(slot))?;
            ("nothing saved".to_string(), None)
        }
        Write::SetDone { id, done } => {
            let text = store.write(|tx| -> anyhow::Result<String> {
                let mut f = tx
                    .reader()
                    .follow_up(id)?
                    .ok_or_else(|| anyhow::anyhow!("that follow-up is gone"))?;
                f.done_at = done.then(|| tx.now());
                tx.save_follow_up(&f)?;
                Ok(f.text)
            })?;
            let verb = if done { "done" } else { "open again" };
            (
                format!("follow-up {verb}: {}", crate::ui::text::clean(&text)),
                Some(Write::SetDone { id, done: !done }),
            )
        }
        Write::SetStatus {
            project,
            to,
            reason,
        } => {
            let change = store.write(|tx| tx.set_project_status(project, to, reason.as_deref()))?;
            match change {
                Some(c) => {
                    let from = c.from.unwrap_or(to);
                    (
                        format!("status: {} -> {}", from.label(), to.label()),
                        Some(Write::SetStatus {
                            project,
                            to: from,
                            reason: Some("undone".into()),
                        }),
                    )
                }
                None => (format!("already {}", to.label()), None),
            }
        }
        Write::SetDeleted { kind, id, deleted } => {
            let done = store.write(|tx| tx.set_deleted(kind, id, deleted))?;
            if !done {
                anyhow::bail!("that {} is gone", kind.label());
            }
            let verb = if deleted {
                "moved to the trash"
            } else {
                "restored"
            };
            (
                format!("{} {verb}", kind.label()),
                Some(Write::SetDeleted {
                    kind,
                    id,
                    deleted: !deleted,
                }),
            )
        }
    })
}

/// Results the search box shows, at most.
const SEARCH_RESULTS: usize = 50;
/// Rows a filtered list shows, at most.
const FILTER_RESULTS: usize = 500;

pub fn run(store: &mut Store, cmd: Cmd, today: NaiveDate, filter: FollowUpFilter) -> Msg {
    match execute(store, cmd, today, filter) {
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
                    "Delete {} {}{what}? It goes to the trash: u undoes, T shows the trash.",
                    kind.label(),
                    crate::ui::text::clean(&title)
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
        Cmd::PlanImport { path, maps } => plan_import(store, &path, &maps),
        Cmd::ApplyImport { plan } => match crate::exchange::plan::apply(store, &plan, true) {
            Ok(done) => Msg::Imported(format!(
                "imported: {} new contact(s), {} merged, {} skipped, {} new organization(s){}",
                done.created,
                done.merged,
                done.skipped,
                done.organizations_created,
                if done.invalid_skipped > 0 {
                    format!(", {} invalid left out", done.invalid_skipped)
                } else {
                    String::new()
                }
            )),
            Err(e) => Msg::Error(format!("nothing imported: {e}")),
        },
        Cmd::WriteReport => write_report(store, today)?,
        Cmd::SaveDraft { slot, payload } => {
            store.write(|tx| tx.save_draft(slot, &payload))?;
            Msg::Unchanged
        }
        Cmd::Pick { kind, query } => {
            let r = store.read();
            let mut hits = Vec::new();
            for id in r.search_ids(&query, kind, PICKER_HITS)? {
                hits.push((id, r.title_of(kind, id)?));
            }
            Msg::PickerHits { query, hits }
        }
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

/// Reads and plans an import; a file that cannot be read is a message, not
/// a preview. JSON exports are restored at once (their ids say what is new).
fn plan_import(store: &mut Store, path: &str, maps: &[String]) -> Msg {
    use crate::exchange::{Format, csv_in, files, format_of, json, plan, vcard};
    let path = expand_home(path);
    let name = path.display().to_string();
    let text = match files::read_utf8(&path) {
        Ok(text) => text,
        Err(e) => return Msg::Error(e.to_string()),
    };
    let records = match format_of(&path, &text) {
        Some(Format::Vcard) => vcard::parse(&text),
        Some(Format::Csv) => match csv_in::parse(&text, maps) {
            Ok(records) => records,
            // Columns nobody recognised: ask which is which.
            Err(csv_in::CsvError::Unrecognised { .. }) if maps.is_empty() => {
                return match csv_in::headers(&text) {
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
                    Err(e) => Msg::Error(format!("{name}: {e}; nothing imported")),
                };
            }
            Err(e) => return Msg::Error(format!("{name}: {e}; nothing imported")),
        },
        Some(Format::Json) => {
            return match json::read(&text)
                .map_err(|e| format!("{name}: {e}"))
                .and_then(|book| json::restore(store, &book).map_err(|e| format!("{name}: {e}")))
            {
                Ok(done) => Msg::Imported(format!(
                    "imported {} record(s) from the export ({} already here)",
                    done.records, done.already_there
                )),
                Err(e) => Msg::Error(format!("nothing imported: {e}")),
            };
        }
        None => {
            return Msg::Error(format!(
                "{name}: not a .vcf, .csv or .json file; nothing imported"
            ));
        }
    };
    let keys = match store.read().contact_keys() {
        Ok(keys) => keys,
        Err(e) => return Msg::Error(e.to_string()),
    };
    let plan = plan::plan(&keys, records, plan::Choice::Skip);
    let preview = plan::preview(&name, &plan);
    Msg::ImportPlanned(Box::new(crate::ui::state::PlannedImport {
        name,
        plan,
        preview,
    }))
}

/// `~/contacts.vcf` as the shell would read it.
fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::PathBuf::from(home).join(rest),
        _ => std::path::PathBuf::from(path),
    }
}

/// This month's report, as Markdown and as a workbook, in a `reports`
/// folder beside the database.
fn write_report(store: &Store, today: NaiveDate) -> crate::store::Result<Msg> {
    use chrono::Datelike;
    let first = today.with_day(1).unwrap_or(today);
    let report = store.read().month_report(first)?;
    let dir = store
        .path()
        .parent()
        .map(|p| p.join("reports"))
        .unwrap_or_else(|| std::path::PathBuf::from("reports"));
    let stem = format!("report-{}", first.format("%Y-%m"));
    let md = dir.join(format!("{stem}.md"));
    let xlsx = dir.join(format!("{stem}.xlsx"));
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
