//! `fieldbook bench sync-sim`: desks working for weeks and exchanging
//! their changes weekly through a hub book (`crate::sync::sim`); prints the
//! time, the bundles' and books' sizes, the conflicts, and whether every
//! book ended with the same records.

use std::time::Duration;

use clap::Args;

use super::Exit;
use crate::sync::sim::{self, Params, Summary};

#[derive(Debug, Args)]
pub struct SyncSimArgs {
    /// Desks (books) exchanging through the hub.
    #[arg(long, default_value_t = 20)]
    desks: usize,
    /// Weeks of work, with an exchange at the end of each.
    #[arg(long, default_value_t = 52)]
    weeks: usize,
    /// Writes per desk per month.
    #[arg(long, default_value_t = 300)]
    writes_per_month: usize,
    /// The random generator's seed: the same seed makes the same edits.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Encrypt the bundles with a passphrase, as `sync export` does by default.
    #[arg(long)]
    encrypted: bool,
    /// Keep the books and the folder they are in (printed) after the run.
    #[arg(long)]
    keep: bool,
}

pub fn bench_sync_sim(args: &SyncSimArgs) -> anyhow::Result<Exit> {
    if args.desks == 0 || args.weeks == 0 {
        anyhow::bail!("--desks and --weeks: at least 1");
    }
    let dir = std::env::temp_dir().join(format!("fieldbook-sync-sim-{}", std::process::id()));
    let params = Params {
        desks: args.desks,
        weeks: args.weeks,
        writes_per_month: args.writes_per_month,
        seed: args.seed,
        encrypted: args.encrypted,
        dir: dir.clone(),
    };
    println!(
        "{} desks x {} weeks, about {} writes per desk-month, seed {}, {} bundles, in {}",
        args.desks,
        args.weeks,
        args.writes_per_month,
        args.seed,
        if args.encrypted { "encrypted" } else { "plain" },
        dir.display()
    );
    let result = sim::run(&params);
    if !args.keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let summary = result?;
    print_summary(&summary);
    Ok(if summary.differing.is_empty() && summary.held == 0 {
        Exit::Success
    } else {
        Exit::Problem
    })
}

fn print_summary(s: &Summary) {
    let weeks = sorted(s.weeks.iter().map(Duration::as_secs_f64).collect());
    println!(
        "time: {:.1} s in all ({:.1} s writing, {:.1} s exchanging); per week min {:.2} s, median {:.2} s, max {:.2} s",
        s.total.as_secs_f64(),
        s.writing.as_secs_f64(),
        s.exchanging.as_secs_f64(),
        weeks[0],
        weeks[weeks.len() / 2],
        weeks[weeks.len() - 1]
    );
    println!(
        "writes: {} ({} of the head office's shared records; {} refused)",
        s.writes, s.shared_edits, s.refused
    );
    let bundles = sorted(s.bundles.iter().map(|b| *b as f64).collect());
    println!(
        "bundles: {} files, min {}, median {}, max {}, total {}",
        bundles.len(),
        size(bundles[0]),
        size(bundles[bundles.len() / 2]),
        size(bundles[bundles.len() - 1]),
        size(bundles.iter().sum())
    );
    let books = sorted(s.desk_books.iter().map(|b| *b as f64).collect());
    println!(
        "books: desks min {}, median {}, max {}; hub {}",
        size(books[0]),
        size(books[books.len() / 2]),
        size(books[books.len() - 1]),
        size(s.hub_book as f64)
    );
    let conflicts = sorted(s.desk_conflicts.iter().map(|c| *c as f64).collect());
    println!(
        "conflicts: {} on the hub; desks min {}, median {}, max {}",
        s.hub_conflicts,
        conflicts[0],
        conflicts[conflicts.len() / 2],
        conflicts[conflicts.len() - 1]
    );
    if s.differing.is_empty() && s.held == 0 {
        println!(
            "converged: all {} books hold the same records",
            s.desk_books.len() + 1
        );
    } else {
        println!(
            "NOT CONVERGED: desks {:?} differ from the hub, {} changesets held",
            s.differing, s.held
        );
    }
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        v.push(0.0);
    }
    v
}

fn size(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", bytes / 1024.0 / 1024.0)
    } else {
        format!("{:.1} KiB", bytes / 1024.0)
    }
}
