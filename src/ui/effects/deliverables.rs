//! The store's side of deliverables in the UI: proposing a schedule (a
//! question for the confirm popup), writing it, and moving a deliverable
//! one step on, each with the write that undoes it.

use chrono::NaiveDate;

use crate::domain::schedule::{self, Cadence, Proposal};
use crate::domain::{Deliverable, DeliverableKind, DeliverableStatus, Id, RecordKind};
use crate::store::Store;
use crate::ui::action::Action;
use crate::ui::keymap::key;
use crate::ui::state::{Confirm, Write, Yes};
use crate::ui::text::clean;
use crate::ui::update::Msg;

/// Works out `project`'s quarterly schedule with the config file's offsets
/// and asks before writing the part not in the book yet.
pub(super) fn propose(store: &Store, project: Id) -> anyhow::Result<Msg> {
    let offsets = crate::config::schedule_offsets().map_err(anyhow::Error::msg)?;
    let r = store.read();
    let p = r
        .project(project)?
        .ok_or_else(|| anyhow::anyhow!("that project is gone"))?;
    let name = clean(p.ref_code.as_deref().unwrap_or(&p.title));
    let cadence = Cadence {
        quarterly: true,
        monthly: false,
    };
    let proposals = schedule::propose(p.start_date, p.end_date, cadence, &offsets)
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let there: Vec<_> = r
        .deliverables_of_project(project)?
        .iter()
        .map(|d| (d.kind, d.period_end))
        .collect();
    let (new, present) = schedule::without_present(proposals, &there);
    if new.is_empty() {
        return Ok(Msg::Info(format!(
            "{name}: its schedule is all there ({} deliverables)",
            present.len()
        )));
    }
    Ok(Msg::Ask(Confirm {
        question: question(&name, &new, present.len()),
        on_yes: Yes::Write(Write::AddSchedule {
            project,
            proposals: new,
        }),
        on_no: None,
    }))
}

/// "Add to JPP-KE-01: 3 quarterly reports, 3 quarterly expenditure
/// reports, 1 completion report, due 2027-04-15 to 2028-01-30? 2 already
/// there."
fn question(name: &str, new: &[Proposal], present: usize) -> String {
    let mut counts: Vec<(DeliverableKind, usize)> = Vec::new();
    for p in new {
        match counts.iter_mut().find(|(k, _)| *k == p.kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((p.kind, 1)),
        }
    }
    counts.sort();
    let what: Vec<String> = counts
        .iter()
        .map(|(k, n)| {
            let label = k.label().to_lowercase();
            if *n == 1 {
                format!("1 {label}")
            } else {
                format!("{n} {label}s")
            }
        })
        .collect();
    let first = new.iter().map(|p| p.due_date).min();
    let last = new.iter().map(|p| p.due_date).max();
    let span = match (first, last) {
        (Some(a), Some(b)) if a != b => format!(", due {a} to {b}"),
        (Some(a), _) => format!(", due {a}"),
        _ => String::new(),
    };
    let already = if present > 0 {
        format!(" {present} already there.")
    } else {
        String::new()
    };
    format!("Add to {name}: {}{span}?{already}", what.join(", "))
}

pub(super) fn add_schedule(
    store: &mut Store,
    project: Id,
    proposals: &[Proposal],
) -> anyhow::Result<(String, Option<Write>)> {
    let added = store.write(|tx| tx.add_schedule(project, proposals))?;
    let items = added
        .iter()
        .map(|d| (RecordKind::Deliverable, d.meta.id))
        .collect();
    Ok((
        format!(
            "{} deliverables added to the calendar; {} undoes",
            added.len(),
            key(Action::Undo)
        ),
        Some(Write::Trash { items }),
    ))
}

/// The next step for `x`: a due or returned deliverable is submitted, a
/// submitted one accepted; accepted and waived ones stay as they are.
fn next_status(status: DeliverableStatus) -> Option<DeliverableStatus> {
    match status {
        DeliverableStatus::Due | DeliverableStatus::Returned => Some(DeliverableStatus::Submitted),
        DeliverableStatus::Submitted => Some(DeliverableStatus::Accepted),
        DeliverableStatus::Accepted | DeliverableStatus::Waived => None,
    }
}

pub(super) fn advance(store: &mut Store, id: Id, today: NaiveDate) -> anyhow::Result<Msg> {
    let before = store
        .read()
        .deliverable(id)?
        .filter(|d| d.meta.deleted_at.is_none())
        .ok_or_else(|| anyhow::anyhow!("that deliverable is gone"))?;
    let Some(to) = next_status(before.status) else {
        return Ok(Msg::Info(format!(
            "{}: already {}; {} undoes a change just made",
            clean(&before.display_title()),
            before.status.label().to_lowercase(),
            key(Action::Undo)
        )));
    };
    let after = store.write(|tx| tx.set_deliverable_status(id, to, today))?;
    Ok(Msg::Wrote {
        text: said(&after),
        undo: Some(Write::SetDeliverable {
            deliverable: Box::new(before),
        }),
        show: None,
    })
}

/// Puts a deliverable back as it was (the undo of `x`).
pub(super) fn restore(
    store: &mut Store,
    d: &Deliverable,
) -> anyhow::Result<(String, Option<Write>)> {
    let now = store
        .read()
        .deliverable(d.meta.id)?
        .ok_or_else(|| anyhow::anyhow!("that deliverable is gone"))?;
    store.write(|tx| tx.save_deliverable(d))?;
    Ok((
        said(d),
        Some(Write::SetDeliverable {
            deliverable: Box::new(now),
        }),
    ))
}

fn said(d: &Deliverable) -> String {
    let on = match d.status {
        DeliverableStatus::Accepted => d.accepted_on,
        DeliverableStatus::Submitted | DeliverableStatus::Returned => d.submitted_on,
        _ => None,
    }
    .map(|day| format!(" on {day}"))
    .unwrap_or_default();
    format!(
        "{}: {}{on}",
        clean(&d.display_title()),
        d.status.label().to_lowercase()
    )
}
