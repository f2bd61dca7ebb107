//! `fieldbook status`: move a project along its pipeline, with a reason.

use clap::Args;

use super::{Exit, resolve};
use crate::domain::text::clean;
use crate::domain::*;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The project, by reference code, title or id.
    #[arg(long)]
    project: String,
    /// idea, consultation, proposal, under_review, approved, in_progress,
    /// completed, evaluated, suspended or cancelled.
    #[arg(long)]
    to: String,
    /// Why (kept in the history).
    #[arg(long)]
    reason: Option<String>,
}

pub fn run(store: &mut Store, args: &StatusArgs) -> anyhow::Result<Exit> {
    let to = ProjectStatus::parse(&args.to).map_err(|e| anyhow::anyhow!("--to: {e}"))?;
    let (project, change) = store.write(|tx| -> anyhow::Result<_> {
        let project = resolve::project(tx, "project", &args.project)?;
        let change = tx.set_project_status(project.meta.id, to, args.reason.as_deref())?;
        Ok((project, change))
    })?;
    let name = clean(project.ref_code.as_deref().unwrap_or(&project.title));
    match change {
        Some(c) => println!(
            "{name}: {} -> {}",
            c.from.map_or("(none)", |s| s.label()),
            c.to.label()
        ),
        None => println!("{name}: already {}", to.label()),
    }
    Ok(Exit::Success)
}
