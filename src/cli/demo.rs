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
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    today: Option<NaiveDate>,
    /// Add the demo data even if the database already has records.
    #[arg(long)]
    force: bool,
}

fn parse_today(s: &str) -> Result<NaiveDate, String> {
    parse_date(s, local_today())
}

pub fn run(store: &mut Store, args: &DemoArgs) -> anyhow::Result<Exit> {
    let started = Instant::now();
    let options = DemoOptions {
        scale: args.scale,
        seed: args.seed,
        today: args.today.unwrap_or_else(local_today),
        force: args.force,
    };
    let s = generate(store, &options)?;
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
    Ok(Exit::Success)
}
