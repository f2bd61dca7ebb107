use std::time::Instant;

use chrono::NaiveDate;
use clap::Args;

use super::Exit;
use crate::demo::{DemoOptions, generate};
use crate::domain::date::{local_today, parse_date};
use crate::store::Store;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Number of contacts; organizations, projects, visits and notes scale with it.
    #[arg(long, default_value_t = 300)]
    scale: usize,
    /// Seed for the generator: the same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The date the data is built around (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// Add the demo data even if the database already has records.
    #[arg(long)]
    force: bool,
}

/// The most contacts `--scale` may ask for: ten times the biggest bench size;
/// far beyond it the generator would run out of memory (an abort, not a message).
const MAX_SCALE: usize = 10_000_000;

fn parse_today(s: Option<&str>) -> anyhow::Result<NaiveDate> {
    match s {
        Some(s) => parse_date(s, local_today()).map_err(|e| anyhow::anyhow!("--today: {e}")),
        None => Ok(local_today()),
    }
}

pub fn run(store: &mut Store, args: &DemoArgs) -> anyhow::Result<Exit> {
    let started = Instant::now();
    // Checked here rather than by clap so a bad value is one line and exit 1,
    // like every other refusal.
    if args.scale > MAX_SCALE {
        anyhow::bail!(
            "--scale: {} is too many contacts; the demo makes at most {MAX_SCALE}. Nothing was changed",
            args.scale
        );
    }
    let options = DemoOptions {
        scale: args.scale,
        seed: args.seed,
        today: parse_today(args.today.as_deref())?,
        force: args.force,
    };
    let s = super::progress::during("writing demo data", || generate(store, &options))?;
    println!(
        "demo data added in {:.1} s: {} organizations, {} contacts, {} projects ({} status changes), {} visits, {} follow-ups, {} notes",
        started.elapsed().as_secs_f64(),
        s.organizations,
        s.contacts,
        s.projects,
        s.status_changes,
        s.visits,
        s.follow_ups,
        s.notes
    );
    if s.deliverables > 0 {
        println!(
            "and {} deliverables in the projects' calendars",
            s.deliverables
        );
    }
    println!("  and {} registrations and approvals", s.registrations);
    println!("and {} consultations", s.consultations);
    Ok(Exit::Success)
}
