//! `fieldbook schedule --project REF [--quarterly] [--monthly] [--dry-run]`:
//! proposes a project's reporting calendar from its dates and the offsets
//! in config.toml (`[schedule]`), and writes what is not there yet.

use anyhow::anyhow;
use clap::Args;

use super::{Exit, resolve};
use crate::domain::schedule::{self, Cadence, Proposal};
use crate::domain::text::clean;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// The project, by reference code, title or id.
    #[arg(long)]
    project: String,
    /// Quarterly reports and quarterly expenditure reports (the default
    /// when neither --quarterly nor --monthly is given).
    #[arg(long)]
    quarterly: bool,
    /// Monthly reports.
    #[arg(long)]
    monthly: bool,
    /// Print the proposal; write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(store: &mut Store, args: &ScheduleArgs) -> anyhow::Result<Exit> {
    let offsets = crate::config::schedule_offsets().map_err(|e| anyhow!(e))?;
    let cadence = Cadence {
        quarterly: args.quarterly || !args.monthly,
        monthly: args.monthly,
    };
    let (name, new, present) = store.write(|tx| -> anyhow::Result<_> {
        let project = resolve::project(tx, "project", &args.project)?;
        let name = clean(project.ref_code.as_deref().unwrap_or(&project.title));
        let proposals = schedule::propose(project.start_date, project.end_date, cadence, &offsets)
            .map_err(|e| anyhow!("{name}: {e}"))?;
        let there: Vec<_> = tx
            .reader()
            .deliverables_of_project(project.meta.id)?
            .iter()
            .map(|d| (d.kind, d.period_end))
            .collect();
        let (new, present) = schedule::without_present(proposals, &there);
        if !args.dry_run {
            tx.add_schedule(project.meta.id, &new)?;
        }
        Ok((name, new, present))
    })?;
    for p in &present {
        println!("already there: {}", line(p));
    }
    let verb = if args.dry_run { "would add" } else { "added" };
    for p in &new {
        println!("{verb}: {}", line(p));
    }
    println!(
        "{name}: {verb} {}, {} already there{}",
        new.len(),
        present.len(),
        if args.dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
    Ok(Exit::Success)
}

fn line(p: &Proposal) -> String {
    format!(
        "{} due {} (period to {})",
        p.kind.label(),
        p.due_date,
        p.period_end
    )
}
