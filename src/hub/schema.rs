//! The hub's schema `hub`, versioned: `init` creates it, `migrate` brings
//! an older one up to this build's version; push and pull refuse a hub of
//! another version. `grant` sets up a desk's PostgreSQL role.

use postgres::Transaction;
use uuid::Uuid;

use super::{Hub, HubError, Result};

/// The hub schema's steps: version n is the n-th.
const STEPS: &[&str] = &[
    include_str!("sql/0001_hub.sql"),
    concat!(
        include_str!("sql/0002_sets_and_lists.sql"),
        include_str!("sql/0002_purges_and_readers.sql")
    ),
];

/// The version this build writes and reads.
pub fn latest() -> i32 {
    STEPS.len() as i32
}

/// Serialises `init` and `migrate` run at once by two people.
const MIGRATE_LOCK: i64 = 0x0066_6965_6c64_626b; // "fieldbk"

/// The hub's schema version (`None`: no hub schema in that database).
pub fn version(hub: &mut Hub) -> Result<Option<i32>> {
    let exists: bool = hub
        .client
        .query_one("SELECT to_regclass('hub.meta') IS NOT NULL", &[])
        .map_err(|e| hub.error(e))?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let row = hub
        .client
        .query_opt("SELECT version FROM hub.meta", &[])
        .map_err(|e| hub.error(e))?;
    Ok(row.map(|r| r.get(0)))
}

/// Push and pull need a hub of exactly this build's version.
pub fn check(hub: &mut Hub) -> Result<Uuid> {
    match version(hub)? {
        None => Err(HubError::NotInitialised(hub.name.clone())),
        Some(v) if v > latest() => Err(HubError::NewerHub(hub.name.clone(), v, latest())),
        Some(v) if v < latest() => Err(HubError::OlderHub(hub.name.clone(), v, latest())),
        Some(_) => {
            let row = hub
                .client
                .query_one("SELECT hub_replica FROM hub.meta", &[])
                .map_err(|e| hub.error(e))?;
            Ok(row.get(0))
        }
    }
}

/// What `init` or `migrate` did: the version before and after.
pub struct Migrated {
    pub from: Option<i32>,
    pub to: i32,
}

/// Creates the hub schema (`create`) or migrates an existing one, in one
/// transaction: a failure leaves the hub as it was.
pub fn migrate(hub: &mut Hub, create: bool) -> Result<Migrated> {
    migrate_to(hub, create, latest())
}

/// `migrate` up to version `target` only (tests make the hub an older
/// fieldbook made, to migrate it).
pub fn migrate_to(hub: &mut Hub, create: bool, target: i32) -> Result<Migrated> {
    let name = hub.name.clone();
    let err = |e| super::connect::classify(&name, e);
    let mut tx = hub.client.transaction().map_err(err)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])
        .map_err(err)?;
    let from = current_version(&mut tx).map_err(err)?;
    match from {
        None if !create => return Err(HubError::NotInitialised(name)),
        Some(v) if v > latest() => return Err(HubError::NewerHub(name, v, latest())),
        _ => {}
    }
    if from.is_none() {
        tx.batch_execute("CREATE SCHEMA IF NOT EXISTS hub")
            .map_err(err)?;
    }
    let done = from.unwrap_or(0);
    let steps = &STEPS[..(target.clamp(1, latest()) as usize)];
    for (i, step) in steps.iter().enumerate().skip(done as usize) {
        tx.batch_execute(step).map_err(err)?;
        let version = i as i32 + 1;
        if version == 1 {
            tx.execute(
                "INSERT INTO hub.meta (version, hub_replica) VALUES ($1, $2)",
                &[&version, &Uuid::now_v7()],
            )
            .map_err(err)?;
        } else {
            tx.execute("UPDATE hub.meta SET version = $1", &[&version])
                .map_err(err)?;
        }
    }
    if steps.len() >= 2 {
        fill_links(&mut tx).map_err(|e| match e {
            LinksError::Book(e) => HubError::Store(e),
            LinksError::Hub(e) => err(e),
        })?;
        if from == Some(1) {
            super::upgrade::complete_set_writes(&mut tx, &name)?;
        }
    }
    tx.commit().map_err(err)?;
    Ok(Migrated {
        from,
        to: steps.len() as i32,
    })
}

/// A book's schema, empty: the desks' rules read the links between
/// tables from it.
pub(super) fn schema_book() -> crate::store::Result<rusqlite::Connection> {
    let mut conn = rusqlite::Connection::open_in_memory()?;
    crate::store::migrations::migrate(&mut conn)?;
    Ok(conn)
}

enum LinksError {
    Book(crate::store::StoreError),
    Hub(postgres::Error),
}

/// `hub.links` from this fieldbook's own schema, as the desks read it
/// (`sync::tombstones::links`): the hub's purges follow the same links.
fn fill_links(tx: &mut Transaction) -> std::result::Result<(), LinksError> {
    let book = schema_book().map_err(LinksError::Book)?;
    let links = crate::sync::tombstones::links(&book).map_err(LinksError::Book)?;
    tx.execute("DELETE FROM hub.links", &[])
        .map_err(LinksError::Hub)?;
    for l in links {
        tx.execute(
            "INSERT INTO hub.links (tbl, col, parent, owned) VALUES ($1, $2, $3, $4)",
            &[&l.table, &l.column, &l.parent, &l.owned],
        )
        .map_err(LinksError::Hub)?;
    }
    Ok(())
}

fn current_version(tx: &mut Transaction) -> std::result::Result<Option<i32>, postgres::Error> {
    let exists: bool = tx
        .query_one("SELECT to_regclass('hub.meta') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(None);
    }
    Ok(tx
        .query_opt("SELECT version FROM hub.meta", &[])?
        .map(|r| r.get(0)))
}

/// The group roles `init` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// `hub_desk`: read everything, insert bundles, changesets and
    /// operations, never update or delete them.
    Desk,
    /// `hub_reader`: read the merged records and the conflicts only.
    Reader,
}

impl Group {
    fn role(self) -> &'static str {
        match self {
            Group::Desk => "hub_desk",
            Group::Reader => "hub_reader",
        }
    }

    /// "a desk", "a reader", for the line that says what was done.
    pub fn what(self) -> &'static str {
        match self {
            Group::Desk => "a desk",
            Group::Reader => "a reader (records and conflicts only)",
        }
    }
}

/// Makes `role` a member of `group`, creating it as a login role when
/// missing (head office IT sets its password or certificate); whether it
/// was created.
pub fn grant(hub: &mut Hub, role: &str, group: Group) -> Result<bool> {
    let name = hub.name.clone();
    let err = |e| super::connect::classify(&name, e);
    let mut tx = hub.client.transaction().map_err(err)?;
    let exists: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
            &[&role],
        )
        .map_err(err)?
        .get(0);
    // Identifiers cannot be bound parameters: the server quotes the name.
    let (create, grant): (String, String) = {
        let row = tx
            .query_one(
                "SELECT format('CREATE ROLE %I LOGIN', $1::text), format('GRANT %I TO %I', $2::text, $1::text)",
                &[&role, &group.role()],
            )
            .map_err(err)?;
        (row.get(0), row.get(1))
    };
    if !exists {
        tx.batch_execute(&create).map_err(err)?;
    }
    tx.batch_execute(&grant).map_err(err)?;
    tx.commit().map_err(err)?;
    Ok(!exists)
}
