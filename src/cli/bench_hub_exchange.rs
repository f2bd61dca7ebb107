//! `fieldbook bench hub-exchange --hub URL`: desks × weeks of edits pushed
//! to one hub and pulled by all (issue 18's scale question). Each desk is a
//! scratch book; every week each makes its edits (new organizations and
//! contacts, and edits of contacts any desk made, so races happen), pushes,
//! and then every desk pulls. Needs an initialised, empty hub: a scratch
//! database, never head office's own.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::bail;
use clap::Args;

use super::Exit;
use crate::domain::{Contact, Id, OrgKind, Organization};
use crate::hub::{self, pull, push};
use crate::ops::progress::Silent;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct HubExchangeArgs {
    #[command(flatten)]
    url: super::hub::HubUrl,
    #[arg(long, default_value_t = 20)]
    desks: usize,
    #[arg(long, default_value_t = 52)]
    weeks: usize,
    /// Edits per desk and week (a few hundred a month: 75).
    #[arg(long, default_value_t = 75)]
    edits: usize,
    /// Where the scratch books go (default: a temp folder, removed after).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

const CITIES: &[&str] = &[
    "Nairobi", "Kisumu", "Arusha", "Dakar", "Lusaka", "Thiès", "Eldoret",
];
const ROLES: &[&str] = &[
    "Director",
    "Programme officer",
    "Chair",
    "Treasurer",
    "Field officer",
];
const COUNTRIES: &[&str] = &["KE", "TZ", "ZM", "SN", "UG"];

#[derive(Default)]
struct Totals {
    push: Duration,
    pull: Duration,
    pushed: usize,
    applied: usize,
    conflicts: usize,
}

pub fn run(args: &HubExchangeArgs) -> anyhow::Result<Exit> {
    let mut hub = super::hub::open_hub(args.url.hub.as_deref())?;
    hub::schema::check(&mut hub)?;
    let used: i64 = hub
        .client
        .query_one("SELECT count(*) FROM hub.changesets", &[])?
        .get(0);
    if used > 0 {
        bail!(
            "the hub at {} already holds changes: run this benchmark on a scratch database (hub init on an empty one)",
            hub.name
        );
    }
    let scratch = super::bench_io::Scratch::new()?;
    let dir = args.dir.clone().unwrap_or_else(|| scratch.0.clone());
    let mut desks: Vec<Store> = (0..args.desks)
        .map(|i| Store::open(&dir.join(format!("desk{i:02}.db"))))
        .collect::<Result<_, _>>()?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut orgs: Vec<Id> = Vec::new();
    // Contacts every desk has pulled (made before the last round of pulls).
    let mut shared: Vec<Id> = Vec::new();
    let mut t = Totals::default();
    let started = Instant::now();
    let opts = push::PushOptions {
        passphrase: Some("benchmark passphrase"),
        batch: push::BATCH,
        pause: Duration::ZERO,
    };
    for week in 0..args.weeks {
        let mut made = Vec::new();
        for (d, store) in desks.iter_mut().enumerate() {
            for e in 0..args.edits {
                edit(store, &mut rng, (week, d, e), &mut orgs, &shared, &mut made)?;
            }
            let at = Instant::now();
            let p = push::push(store, &mut hub, &opts, &Silent)?;
            t.push += at.elapsed();
            t.pushed += p.inserted;
        }
        for store in desks.iter_mut() {
            let at = Instant::now();
            let p = pull::pull(store, &mut hub, push::BATCH, &Silent)?;
            t.pull += at.elapsed();
            t.applied += p.report.applied;
            t.conflicts += p.report.conflicts;
        }
        shared.extend(made);
        eprintln!("week {}: {} changes at the hub so far", week + 1, t.pushed);
    }
    let total = started.elapsed();
    let (compared, differ) = compare_contacts(&mut hub, &desks[0])?;
    let row = hub.client.query_one(
        "SELECT pg_size_pretty(pg_database_size(current_database())), \
                (SELECT count(*) FROM hub.operations), (SELECT count(*) FROM hub.conflicts), \
                (SELECT pg_size_pretty(sum(length(bytes))) FROM hub.bundles), \
                (SELECT count(*) FROM hub.contacts)",
        &[],
    )?;
    let (size, ops, hub_conflicts, bundles, contacts): (String, i64, i64, String, i64) =
        (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
    println!(
        "{} desks x {} weeks x {} edits: {} changes pushed ({ops} field operations, {contacts} contacts), {} applied by pulls",
        args.desks, args.weeks, args.edits, t.pushed, t.applied
    );
    println!(
        "time {:.1} s (pushes {:.1} s, pulls with their local apply {:.1} s); hub database {size}, bundles {bundles}; conflicts: {} on the desks, {hub_conflicts} at the hub",
        total.as_secs_f64(),
        t.push.as_secs_f64(),
        t.pull.as_secs_f64(),
        t.conflicts
    );
    println!(
        "hub.contacts against the first desk's book: {compared} compared (role, city, organization), {differ} differ"
    );
    Ok(if differ == 0 {
        Exit::Success
    } else {
        Exit::Problem
    })
}

/// The hub's read table against a desk's records after everyone pulled.
fn compare_contacts(hub: &mut hub::Hub, store: &Store) -> anyhow::Result<(usize, usize)> {
    let rows = hub.client.query(
        "SELECT id, role, city, organization_id FROM hub.contacts",
        &[],
    )?;
    let mut differ = 0;
    for row in &rows {
        let id: Id = row.get(0);
        let at_hub: (Option<String>, Option<String>, Option<Id>) =
            (row.get(1), row.get(2), row.get(3));
        let same = store
            .read()
            .contact(id)?
            .is_some_and(|c| (c.role, c.city, c.organization_id) == at_hub);
        differ += usize::from(!same);
    }
    Ok((rows.len(), differ))
}

/// One edit on a desk: a new organization (5%), a new contact (20%), or a
/// change of a contact's role or city (anyone's, once everyone has it).
fn edit(
    store: &mut Store,
    rng: &mut Rng,
    (week, desk, n): (usize, usize, usize),
    orgs: &mut Vec<Id>,
    shared: &[Id],
    made: &mut Vec<Id>,
) -> anyhow::Result<()> {
    let roll = rng.below(100);
    if orgs.is_empty() || roll < 5 {
        let mut org = Organization::new(format!("Partner {week}-{desk}-{n}"), OrgKind::Other);
        org.country = Some(COUNTRIES[rng.below(COUNTRIES.len())].into());
        store.write(|tx| tx.save_organization(&org))?;
        // Others link to it only once they have pulled it: next week.
        made.push(org.meta.id);
        orgs.push(org.meta.id);
        return Ok(());
    }
    if shared.is_empty() || roll < 25 {
        let mut c = Contact::new(format!("Person {week}-{desk}-{n}"));
        c.country = Some(COUNTRIES[rng.below(COUNTRIES.len())].into());
        c.role = Some(ROLES[rng.below(ROLES.len())].into());
        let org = orgs[rng.below(orgs.len())];
        c.organization_id = store.read().organization(org)?.map(|o| o.meta.id);
        store.write(|tx| tx.save_contact(&c))?;
        made.push(c.meta.id);
        return Ok(());
    }
    let id = shared[rng.below(shared.len())];
    let Some(mut c) = store.read().contact(id)? else {
        return Ok(());
    };
    if roll < 60 {
        c.role = Some(ROLES[rng.below(ROLES.len())].into());
    } else {
        c.city = Some(CITIES[rng.below(CITIES.len())].into());
    }
    store.write(|tx| tx.save_contact(&c))?;
    Ok(())
}
