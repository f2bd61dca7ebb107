//! Realistic, deterministic demo data: the same `seed`, `scale` and anchor
//! date give the same records, ids included. Used by `fieldbook demo` and by
//! the welcome screen.
//!
//! This file holds `generate` and the generator that runs the steps in
//! order; `options` has what callers pass and get back. One file per kind
//! of record made: `organizations`, `contacts` (people's names in their
//! scripts), `projects` (with their status history), `visits` (with their
//! follow-ups), `notes`. `rng` is the seeded random number generator;
//! `data/` holds the tables the records are drawn from (places, sectors,
//! names, texts).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use uuid::Builder;

use crate::domain::*;
use crate::store::{Store, Tx};

mod consultations;
mod contacts;
mod data;
mod notes;
mod options;
mod organizations;
mod projects;
mod rng;
mod visits;

mod events;

mod deliverables;

mod registrations;

pub use data::places::Place;
pub use options::{DemoError, DemoOptions, DemoSummary};

use rng::Rng;

/// Fills the store in one transaction: all of it lands, or none.
pub fn generate(store: &mut Store, options: &DemoOptions) -> Result<DemoSummary, DemoError> {
    if options.scale == 0 {
        return Err(DemoError::ZeroScale);
    }
    // Room for every page the demo touches (about 600 MiB at 100,000
    // contacts, search index included): pages that spill to the WAL before
    // the commit get rewritten there again and again. SQLite only allocates
    // what it uses, so small demos stay small.
    store.set_cache_mib(1024)?;
    let result = store.write_bulk(|tx| {
        let empty = tx.reader().is_empty()?;
        if !options.force && !empty {
            return Err(DemoError::NotEmpty);
        }
        if empty {
            // Every big table; not `projects`, whose reference codes are
            // looked up while the demo picks free ones.
            tx.defer_indexes(&BULK_TABLES)?;
        }
        let mut generator = Generator::new(tx, options);
        if !empty {
            // Added to a book that has records (perhaps this very demo):
            // fresh ids, so nothing already there is overwritten.
            generator.id_salt = crate::domain::new_id().as_u64_pair().1;
        }
        generator.run()
    });
    store.set_cache_mib(DEFAULT_CACHE_MIB)?;
    result
}

/// The tables a demo fills by the thousand, whose lookup indexes are built
/// once at the end (see `Tx::defer_indexes`).
const BULK_TABLES: [&str; 9] = [
    "contacts",
    "contact_phones",
    "contact_emails",
    "visits",
    "visit_participants",
    "follow_ups",
    "notes",
    "search_docs",
    "search_grams",
];

/// SQLite's own default (2 MiB), restored after the bulk write.
const DEFAULT_CACHE_MIB: u32 = 2;

struct Generator<'t, 'c> {
    tx: &'t Tx<'c>,
    rng: Rng,
    today: NaiveDate,
    anchor: DateTime<Utc>,
    scale: usize,
    summary: DemoSummary,
    /// Mixed into ids when adding to a book that has records (0 otherwise,
    /// so the same seed gives the same ids).
    id_salt: u64,
}

impl<'t, 'c> Generator<'t, 'c> {
    fn new(tx: &'t Tx<'c>, options: &DemoOptions) -> Self {
        let anchor = Utc.from_utc_datetime(&options.today.and_hms_opt(9, 0, 0).unwrap_or_default());
        Generator {
            tx,
            rng: Rng(options.seed),
            today: options.today,
            anchor,
            scale: options.scale,
            summary: DemoSummary::default(),
            id_salt: 0,
        }
    }

    /// A UUIDv7 made from the record's creation time and the seeded generator.
    fn meta_at(&mut self, at: DateTime<Utc>) -> Meta {
        let mut random = [0u8; 10];
        random[..8].copy_from_slice(&(self.rng.next() ^ self.id_salt).to_le_bytes());
        random[8..].copy_from_slice(&self.rng.next().to_le_bytes()[..2]);
        let ms = at.timestamp_millis().max(0) as u64;
        let id = Builder::from_unix_timestamp_millis(ms, &random).into_uuid();
        let mut meta = Meta::with_id(id);
        meta.created_at = at;
        meta.updated_at = at;
        meta
    }

    /// An instant up to `days` before the anchor.
    fn past(&mut self, days: u64) -> DateTime<Utc> {
        let secs = self.rng.next() % (days.max(1) * 86_400);
        self.anchor - chrono::Duration::seconds(secs as i64)
    }

    fn run(mut self) -> Result<DemoSummary, DemoError> {
        let orgs = self.organizations()?;
        let contacts = self.contacts(&orgs)?;
        let projects = self.projects(&orgs)?;
        self.visits(&projects, &contacts)?;
        self.notes(&contacts, &orgs, &projects)?;
        self.events(&contacts, &orgs, &projects)?;
        self.deliverables(&projects)?;

        self.registrations(&orgs, &projects)?;
        self.consultations(&contacts)?;
        Ok(self.summary)
    }
}
