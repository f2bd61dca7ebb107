//! `fieldbook bench attach`: attaching a photo-sized file (10 MiB by
//! default, random bytes: a JPEG does not compress either) to a scratch
//! book, and reading it back; says the time and how much the book grew.

use std::time::Instant;

use clap::Args;

use super::Exit;
use crate::domain::attachment::human_size;
use crate::domain::*;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct AttachBenchArgs {
    /// The file's size in MiB (at most 25, the limit).
    #[arg(long, default_value_t = 10)]
    mib: u64,
    /// How many times to attach and read back (different files each time).
    #[arg(long, default_value_t = 3)]
    rounds: usize,
}

/// Bytes no compressor shrinks, from a seeded xorshift (no rand crate).
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

pub fn bench_attach(args: &AttachBenchArgs) -> anyhow::Result<Exit> {
    let size = args.mib * 1024 * 1024;
    if crate::domain::attachment::check_size(size).is_err() {
        anyhow::bail!(
            "--mib: from 1 to {} (the largest file fieldbook keeps)",
            crate::domain::attachment::MAX_SIZE / 1024 / 1024
        );
    }
    let dir = tempfile_dir()?;
    let path = dir.join("bench.db");
    let result = run(&path, size, args.rounds);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run(path: &std::path::Path, size: u64, rounds: usize) -> anyhow::Result<Exit> {
    let mut store = Store::open(path)?;
    let org = Organization::new("Bench", OrgKind::Other);
    store.write(|tx| tx.save_organization(&org))?;
    println!(
        "attaching {} {rounds} times to a scratch book ({})",
        human_size(size),
        path.display()
    );
    for round in 0..rounds {
        let data = noise(size as usize, 0x9E37_79B9 + round as u64 * 7919);
        let a = Attachment::of(AttachedTo::Organization(org.meta.id), "photo.jpg", &data);
        let before = store.read().book_bytes()?;
        let started = Instant::now();
        store.write(|tx| tx.attach(&a, &data))?;
        let wrote = started.elapsed();
        let grew = (store.read().book_bytes()? - before).max(0) as u64;
        let started = Instant::now();
        let back = store
            .read()
            .attachment_data(&a.sha256)?
            .ok_or_else(|| anyhow::anyhow!("the file did not come back"))?;
        let read = started.elapsed();
        let same = crate::domain::attachment::sha256_hex(&back) == a.sha256;
        println!(
            "round {}: attach {:.0} ms, read back {:.0} ms, book grew {} ({:.2}x the file){}",
            round + 1,
            wrote.as_secs_f64() * 1000.0,
            read.as_secs_f64() * 1000.0,
            human_size(grew),
            grew as f64 / size as f64,
            if same {
                ", same SHA-256"
            } else {
                ", CONTENTS DIFFER"
            }
        );
        if !same {
            return Ok(Exit::Problem);
        }
    }
    Ok(Exit::Success)
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("fieldbook-bench-attach-{}", std::process::id()));
    crate::durable::create_private_dir(&dir)?;
    Ok(dir)
}
