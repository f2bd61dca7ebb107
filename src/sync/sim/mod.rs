//! The simulation benchmark (`fieldbook bench sync-sim`): desks that work
//! for weeks and exchange their changes weekly through a hub book, as
//! bundle files: each desk exports what the hub lacks, the hub imports them
//! all, then each desk imports the hub's bundle of what it lacks. At the
//! end every book must hold the same records.
//!
//! Deterministic: every choice comes from a seeded generator, the records
//! are chosen in the order they were made, and the books' clocks follow a
//! simulated wall clock (a year from Monday 2025-01-06), so a seed gives
//! the same edits, races and conflicts on every run.

pub mod edits;
pub mod world;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use uuid::Uuid;

use self::edits::{Desk, Tally};
use self::world::{HUB, Kind, Rng, World};
use super::bundle::Bundle;
use super::{export, identity, import};
use crate::domain::{OrgKind, Organization, Project};
use crate::store::{Store, StoreError};

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("scratch files: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Refused(String),
}

impl From<rusqlite::Error> for SimError {
    fn from(e: rusqlite::Error) -> SimError {
        SimError::Store(e.into())
    }
}

type Result<T> = std::result::Result<T, SimError>;

/// The scale of a run.
#[derive(Debug, Clone)]
pub struct Params {
    pub desks: usize,
    pub weeks: usize,
    /// Writes per desk per month (a month: 52/12 weeks).
    pub writes_per_month: usize,
    pub seed: u64,
    /// Encrypt the bundles (age with scrypt: about a tenth of a second per
    /// bundle each way).
    pub encrypted: bool,
    /// Where the books and bundles go (emptied first, left there).
    pub dir: PathBuf,
}

/// What a run measured.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub total: Duration,
    pub weeks: Vec<Duration>,
    /// Time in the desks' writes, and in exporting and importing.
    pub writing: Duration,
    pub exchanging: Duration,
    pub writes: usize,
    pub shared_edits: usize,
    pub refused: usize,
    /// Every bundle file's size in bytes.
    pub bundles: Vec<u64>,
    /// Each desk's book size in bytes; the hub's apart.
    pub desk_books: Vec<u64>,
    pub hub_book: u64,
    /// Conflicts the hub listed, and each desk.
    pub hub_conflicts: usize,
    pub desk_conflicts: Vec<usize>,
    /// Books whose records differ from the hub's (by desk number).
    pub differing: Vec<usize>,
    /// Changesets a book held for a missing predecessor at the end.
    pub held: usize,
}

const PASSPHRASE: &str = "simulated offices";
/// Monday 2025-01-06 08:00 UTC.
const START_MS: i64 = 1_736_150_400_000;
/// Organizations and projects the head office shares with every desk.
const SHARED_ORGS: usize = 12;
const SHARED_PROJECTS: usize = 6;

/// Puts the thread's clock back to the machine's when the run ends.
struct ClockBack;

impl Drop for ClockBack {
    fn drop(&mut self) {
        identity::simulate_wall_clock(None);
    }
}

struct Books {
    hub: Store,
    desks: Vec<Store>,
    replicas: Vec<Uuid>,
    hub_replica: Uuid,
}

pub fn run(p: &Params) -> Result<Summary> {
    let _clock = ClockBack;
    let started = Instant::now();
    let mut rng = Rng(p.seed);
    let mut world = World::new(p.desks);
    let mut s = Summary::default();
    let mut books = open_books(p, &mut world, &mut s)?;
    let per_week = (p.writes_per_month * 12).div_ceil(52);
    for week in 0..p.weeks {
        let week_started = Instant::now();
        for d in 0..p.desks {
            // About the month's rate, give or take a quarter.
            let steps = per_week * 3 / 4 + rng.below(per_week / 2 + 1);
            let mut desk = Desk {
                store: &mut books.desks[d],
                world: &mut world,
                rng: &mut rng,
                desk: d,
                week,
                tally: Tally::default(),
            };
            let t = desk.work(START_MS, steps)?;
            s.writes += t.writes;
            s.shared_edits += t.shared_edits;
            s.refused += t.refused;
        }
        let writing = week_started.elapsed();
        identity::simulate_wall_clock(Some(edits::instant(START_MS, week, 0, 6, 5)));
        exchange(p, &mut books, week, &mut s)?;
        s.writing += writing;
        s.exchanging += week_started.elapsed() - writing;
        s.weeks.push(week_started.elapsed());
    }
    finish(&books, &mut s)?;
    s.total = started.elapsed();
    Ok(s)
}

/// The hub book with the head office's shared records, and each desk's
/// book, starting from the hub's first bundle.
fn open_books(p: &Params, world: &mut World, s: &mut Summary) -> Result<Books> {
    if p.dir.exists() {
        std::fs::remove_dir_all(&p.dir)?;
    }
    std::fs::create_dir_all(p.dir.join("bundles"))?;
    identity::simulate_wall_clock(Some(START_MS - 86_400_000));
    let mut hub = Store::open(&p.dir.join("hub.db"))?;
    for i in 0..SHARED_ORGS {
        let org = Organization::new(format!("Shared partner {}", i + 1), OrgKind::International);
        hub.write(|tx| tx.save_organization(&org))?;
        world.add(Kind::Org, org.meta.id, HUB, 0);
    }
    for i in 0..SHARED_PROJECTS {
        let project = Project::new(format!("Regional programme {}", i + 1));
        hub.write(|tx| tx.save_project(&project))?;
        world.add(Kind::Project, project.meta.id, HUB, 0);
    }
    let hub_replica = identity::replica(hub.sync_conn())?;
    let mut desks = Vec::new();
    let mut replicas = Vec::new();
    for d in 0..p.desks {
        let mut store = Store::open(&desk_path(&p.dir, d))?;
        let replica = identity::replica(store.sync_conn())?;
        let file = p
            .dir
            .join("bundles")
            .join(format!("start-for-{}.fbsync", d + 1));
        send(p, &hub, "hub.db", Some(replica), &file, s)?;
        receive(p, &mut store, &file)?;
        desks.push(store);
        replicas.push(replica);
    }
    Ok(Books {
        hub,
        desks,
        replicas,
        hub_replica,
    })
}

fn desk_path(dir: &Path, d: usize) -> PathBuf {
    dir.join(format!("desk-{:02}.db", d + 1))
}

/// One week's exchange: every desk to the hub, the hub to every desk.
fn exchange(p: &Params, books: &mut Books, week: usize, s: &mut Summary) -> Result<()> {
    let dir = p.dir.join("bundles");
    let mut files = Vec::new();
    for d in 0..p.desks {
        let file = dir.join(format!("w{:02}-desk-{:02}.fbsync", week + 1, d + 1));
        let name = format!("desk-{:02}.db", d + 1);
        send(p, &books.desks[d], &name, Some(books.hub_replica), &file, s)?;
        files.push(file);
    }
    for file in &files {
        receive(p, &mut books.hub, file)?;
    }
    for d in 0..p.desks {
        let file = dir.join(format!("w{:02}-hub-for-{:02}.fbsync", week + 1, d + 1));
        send(p, &books.hub, "hub.db", Some(books.replicas[d]), &file, s)?;
        receive(p, &mut books.desks[d], &file)?;
        files.push(file);
    }
    // Only their sizes are kept: a year of bundles would fill the disk.
    for file in files {
        std::fs::remove_file(file)?;
    }
    Ok(())
}

/// Writes a bundle file of what `peer` lacks.
fn send(
    p: &Params,
    from: &Store,
    desk: &str,
    peer: Option<Uuid>,
    file: &Path,
    s: &mut Summary,
) -> Result<()> {
    let bundle = export::build(from.sync_conn(), desk, peer)?;
    let bytes = if p.encrypted {
        bundle.to_encrypted(PASSPHRASE)
    } else {
        bundle.to_plain()
    };
    std::fs::write(file, &bytes)?;
    s.bundles.push(bytes.len() as u64);
    Ok(())
}

/// Reads, checks and applies a bundle file, as `sync import` does.
fn receive(p: &Params, to: &mut Store, file: &Path) -> Result<import::Report> {
    let bytes = std::fs::read(file)?;
    let refused = |why: String| SimError::Refused(format!("{}: {why}", file.display()));
    let bundle = Bundle::read(&bytes, p.encrypted.then_some(PASSPHRASE))
        .map_err(|e| refused(e.to_string()))?;
    import::check(to.sync_conn(), &bundle).map_err(|e| refused(e.to_string()))?;
    Ok(import::apply_bundle(to, &bundle)?)
}

/// Sizes, conflicts, and whether every book holds the hub's records.
fn finish(books: &Books, s: &mut Summary) -> Result<()> {
    let hub_json = records(&books.hub)?;
    s.hub_book = books.hub.read().book_bytes()? as u64;
    s.hub_conflicts = super::conflict_versions(&books.hub)?.len();
    s.held += held(&books.hub)?;
    for (d, store) in books.desks.iter().enumerate() {
        s.desk_books.push(store.read().book_bytes()? as u64);
        s.desk_conflicts
            .push(super::conflict_versions(store)?.len());
        s.held += held(store)?;
        if records(store)? != hub_json {
            s.differing.push(d + 1);
        }
    }
    Ok(())
}

/// The book's records as `export --format json` writes them.
fn records(store: &Store) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    crate::exchange::json::write(&store.read(), &mut out)
        .map_err(|e| SimError::Refused(format!("the JSON export failed: {e}")))?;
    Ok(out)
}

fn held(store: &Store) -> Result<usize> {
    let n: i64 = store
        .sync_conn()
        .query_row("SELECT count(*) FROM sync_held", [], |r| r.get(0))?;
    Ok(n as usize)
}
