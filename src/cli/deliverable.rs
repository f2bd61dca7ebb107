//! `fieldbook add deliverable` and `fieldbook deliverable submit|accept|
//! return|waive|reopen|list`: a project's reporting calendar from the
//! command line.

use anyhow::{anyhow, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{Exit, resolve};
use crate::domain::date::{local_today, parse_date};
use crate::domain::text::clean;
use crate::domain::validate::clean_opt;
use crate::domain::*;
use crate::store::{Store, Tx};

#[derive(Debug, Args)]
pub struct AddDeliverableArgs {
    /// The project, by reference code, title or id.
    #[arg(long)]
    project: String,
    /// application_consultation, proposal_submission, contract,
    /// monthly_report, quarterly_report, quarterly_expenditure_report,
    /// annual_report, completion_report, evaluation or other.
    #[arg(long)]
    kind: String,
    /// When it is due: YYYY-MM-DD, or t, +3d, +2m.
    #[arg(long)]
    due: String,
    /// Required for `other`; else tells two of a kind apart.
    #[arg(long)]
    title: Option<String>,
    /// The last day of the period a report covers.
    #[arg(long)]
    period_end: Option<String>,
    /// The organization that submits it, by name (must exist).
    #[arg(long)]
    submitter_org: Option<String>,
    /// The person who submits it, by name or id.
    #[arg(long)]
    submitter: Option<String>,
    #[arg(long)]
    note: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum DeliverableCommand {
    /// Mark it submitted (on --on, default today).
    Submit(StatusArgs),
    /// Mark it accepted (and submitted, if it was not).
    Accept(StatusArgs),
    /// Mark it returned for revision: it is open again.
    Return(StatusArgs),
    /// Mark it waived: no longer expected.
    Waive(StatusArgs),
    /// Back to due, forgetting its submitted and accepted dates.
    Reopen(StatusArgs),
    /// A project's calendar, or every open deliverable due before a day.
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The deliverable's id (as `add deliverable`, `schedule` and `list` print it).
    id: String,
    /// The day it happened: YYYY-MM-DD, or t, y, -3d.
    #[arg(long)]
    on: Option<String>,
    /// A note to add to its note (a reason for a return, say).
    #[arg(long)]
    note: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The project, by reference code, title or id.
    #[arg(long, required_unless_present = "overdue")]
    project: Option<String>,
    /// Every open deliverable due before today (all projects).
    #[arg(long)]
    overdue: bool,
}

fn date_flag(flag: &str, value: &str, today: NaiveDate) -> anyhow::Result<NaiveDate> {
    parse_date(value, today).map_err(|e| anyhow!("--{flag}: {e}"))
}

pub fn add(store: &mut Store, args: &AddDeliverableArgs) -> anyhow::Result<Id> {
    let today = local_today();
    let kind = DeliverableKind::parse(&args.kind).map_err(|e| anyhow!("--kind: {e}"))?;
    let due = date_flag("due", &args.due, today)?;
    let period_end = args
        .period_end
        .as_deref()
        .map(|v| date_flag("period-end", v, today))
        .transpose()?;
    store.write(|tx| -> anyhow::Result<Id> {
        let project = resolve::project(tx, "project", &args.project)?;
        let mut d = Deliverable::new(project.meta.id, kind, due);
        d.title = args.title.clone();
        d.period_end = period_end;
        d.note = clean_opt(args.note.clone()).unwrap_or_default();
        if let Some(name) = &args.submitter_org {
            d.submitter_org_id = Some(resolve::organization(tx, "submitter-org", name)?.meta.id);
        }
        if let Some(name) = &args.submitter {
            d.submitter_contact_id = Some(resolve::contact(tx, "submitter", name)?.meta.id);
        }
        tx.save_deliverable(&d).map_err(flag_named)?;
        Ok(d.meta.id)
    })
}

/// The store names fields as the domain does; the command line's flags
/// for them are these.
fn flag_named(e: crate::store::StoreError) -> anyhow::Error {
    let text = e.to_string();
    let flags = [
        ("due:", "--due:"),
        ("title:", "--title:"),
        ("submitter_org:", "--submitter-org:"),
        ("submitter_contact:", "--submitter:"),
    ];
    let mut out = text.clone();
    for (field, flag) in flags {
        out = out.replace(&format!(" {field}"), &format!(" {flag}"));
        if let Some(rest) = out.strip_prefix(field) {
            out = format!("{flag}{rest}");
        }
    }
    anyhow!(out)
}

pub fn run(store: &mut Store, cmd: &DeliverableCommand) -> anyhow::Result<Exit> {
    let (args, status) = match cmd {
        DeliverableCommand::List(args) => return list(store, args),
        DeliverableCommand::Submit(a) => (a, DeliverableStatus::Submitted),
        DeliverableCommand::Accept(a) => (a, DeliverableStatus::Accepted),
        DeliverableCommand::Return(a) => (a, DeliverableStatus::Returned),
        DeliverableCommand::Waive(a) => (a, DeliverableStatus::Waived),
        DeliverableCommand::Reopen(a) => (a, DeliverableStatus::Due),
    };
    let today = local_today();
    let on = match &args.on {
        Some(v) => date_flag("on", v, today)?,
        None => today,
    };
    let id = uuid::Uuid::parse_str(args.id.trim())
        .map_err(|_| anyhow!("'{}' is not a deliverable id", clean(args.id.trim())))?;
    let d = store.write(|tx| -> anyhow::Result<Deliverable> {
        let mut d = live(tx, id)?;
        if d.status == status && status != DeliverableStatus::Returned {
            bail!(
                "{}: already {}",
                clean(&d.display_title()),
                status.label().to_lowercase()
            );
        }
        d.set_status(status, on);
        if let Some(note) = clean_opt(args.note.clone()) {
            d.note = if d.note.is_empty() {
                note
            } else {
                format!("{}\n{note}", d.note)
            };
        }
        tx.save_deliverable(&d).map_err(|e| {
            anyhow!(
                e.to_string()
                    .replace("accepted_on:", "--on:")
                    .replace("submitted_on:", "--on:")
            )
        })?;
        Ok(d)
    })?;
    println!(
        "{}: {}",
        clean(&d.display_title()),
        d.status.label().to_lowercase()
    );
    Ok(Exit::Success)
}

fn live(tx: &Tx<'_>, id: Id) -> anyhow::Result<Deliverable> {
    tx.reader()
        .deliverable(id)?
        .filter(|d| d.meta.deleted_at.is_none())
        .ok_or_else(|| anyhow!("no deliverable has the id {id} (it may be in the trash)"))
}

fn list(store: &mut Store, args: &ListArgs) -> anyhow::Result<Exit> {
    let today = local_today();
    let items = store.write(|tx| -> anyhow::Result<Vec<Deliverable>> {
        let r = tx.reader();
        Ok(match &args.project {
            Some(key) if !args.overdue => {
                let project = resolve::project(tx, "project", key)?;
                r.deliverables_of_project(project.meta.id)?
            }
            Some(key) => {
                let project = resolve::project(tx, "project", key)?;
                r.overdue_deliverables(today)?
                    .into_iter()
                    .filter(|d| d.project_id == project.meta.id)
                    .collect()
            }
            None => r.overdue_deliverables(today)?,
        })
    })?;
    for d in &items {
        let late = if d.is_overdue(today) { "  OVERDUE" } else { "" };
        println!(
            "{}  {}  {:<22} {}{late}",
            d.meta.id,
            d.due_date,
            d.status.label().to_lowercase(),
            clean(&d.display_title())
        );
    }
    Ok(Exit::Success)
}
