//! `fieldbook bench sync`: what recording changes for other books costs a
//! one-row write transaction, measured interleaved (capture on, off, on,
//! ...) on a scratch book so both see the same disk and cache.

use std::time::{Duration, Instant};

use clap::Args;

use super::Exit;
use crate::domain::{OrgKind, Organization};
use crate::store::Store;

#[derive(Debug, Args)]
pub struct SyncBenchArgs {
    /// Transactions of each kind, capture on and off.
    #[arg(long, default_value_t = 2000)]
    rounds: usize,
}

pub fn bench_sync(args: &SyncBenchArgs) -> anyhow::Result<Exit> {
    let dir = std::env::temp_dir().join(format!("fieldbook-bench-sync-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = measure(&dir.join("bench.db"), args.rounds);
    let _ = std::fs::remove_dir_all(&dir);
    let [insert_on, insert_off, update_on, update_off] = result?;
    report("insert one organization", insert_on, insert_off);
    report("edit one organization's city", update_on, update_off);
    Ok(Exit::Success)
}

fn measure(db: &std::path::Path, rounds: usize) -> anyhow::Result<[Vec<Duration>; 4]> {
    let mut store = Store::open(db)?;
    // Some records first, so the index and log are not trivially small.
    for i in 0..200 {
        let org = Organization::new(format!("Warm-up {i}"), OrgKind::Other);
        store.write(|tx| tx.save_organization(&org))?;
    }
    let mut times: [Vec<Duration>; 4] = Default::default();
    let mut edited = Organization::new("Edited", OrgKind::Other);
    store.write(|tx| tx.save_organization(&edited))?;
    for i in 0..rounds {
        // Alternate which goes first, so neither always meets a warm cache.
        for on in if i % 2 == 0 {
            [true, false]
        } else {
            [false, true]
        } {
            let org = Organization::new(format!("Org {i} {on}"), OrgKind::Other);
            let started = Instant::now();
            write(&mut store, on, |tx| tx.save_organization(&org))?;
            times[usize::from(!on)].push(started.elapsed());
            edited.city = Some(format!("City {i} {on}"));
            let started = Instant::now();
            write(&mut store, on, |tx| tx.save_organization(&edited))?;
            times[2 + usize::from(!on)].push(started.elapsed());
        }
    }
    Ok(times)
}

fn write(
    store: &mut Store,
    capture: bool,
    f: impl FnOnce(&crate::store::Tx<'_>) -> crate::store::Result<()>,
) -> crate::store::Result<()> {
    if capture {
        store.write(f)
    } else {
        store.write_uncaptured(f)
    }
}

fn median(mut t: Vec<Duration>) -> Duration {
    t.sort();
    t[t.len() / 2]
}

fn report(what: &str, on: Vec<Duration>, off: Vec<Duration>) {
    let n = on.len();
    let (on, off) = (median(on), median(off));
    let overhead = (on.as_secs_f64() / off.as_secs_f64() - 1.0) * 100.0;
    println!(
        "{what}: median {:.1} µs with capture, {:.1} µs without ({overhead:+.0}%), {n} transactions each",
        on.as_secs_f64() * 1e6,
        off.as_secs_f64() * 1e6
    );
}
