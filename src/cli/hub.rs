//! `fieldbook hub init|migrate|grant` (head office sets up the hub) and the
//! hub side of `fieldbook sync` (`sync push|pull --hub`, `sync --hub`).
//! The only commands that use the network (see `crate::hub`).

use std::time::Duration;

use anyhow::Context;
use clap::{Args, Subcommand};

use super::Exit;
use crate::config::HubSettings;
use crate::hub::{self, pull, push, schema};
use crate::store::Store;

pub use crate::config::hub::HUB_ENV;
/// Log entries per hub transaction (tuning, and tests: small batches).
const BATCH_ENV: &str = "FIELDBOOK_HUB_BATCH";
/// Test only: a pause before each push batch commits.
const PAUSE_ENV: &str = "FIELDBOOK_HUB_TEST_PAUSE_MS";

#[derive(Debug, Subcommand)]
pub enum HubCommand {
    /// Create the hub schema `hub` in a PostgreSQL database (and the group role hub_desk).
    Init(HubUrl),
    /// Bring the hub schema up to this fieldbook's version.
    Migrate(HubUrl),
    /// Make a PostgreSQL role a desk: it may read and push, never change or delete what was pushed.
    Grant(GrantArgs),
    /// Open every stored bundle with the offices' passphrase and check the hub holds what the desks sent.
    Audit(HubUrl),
    /// Rewrite the stored changes and bundles without the records desks have purged (run by the hub's owner).
    Scrub(HubUrl),
}

#[derive(Debug, Args)]
pub struct HubUrl {
    /// postgresql://user@host/db?sslmode=require, or a Unix socket: postgresql:///db?host=/dir
    /// (default: FIELDBOOK_HUB, else `hub` in the config file).
    #[arg(long, value_name = "URL")]
    pub hub: Option<String>,
}

#[derive(Debug, Args)]
pub struct GrantArgs {
    /// The desk's PostgreSQL role (created as a login role when missing).
    role: String,
    /// An analyst's role instead: reads the merged records and the conflicts, nothing else.
    #[arg(long)]
    reader: bool,
    #[command(flatten)]
    url: HubUrl,
}

/// The hub's URL: --hub, else FIELDBOOK_HUB, else the config file's `hub`
/// (`HubSettings`).
pub fn hub_url(flag: Option<&str>) -> anyhow::Result<String> {
    if let Some(url) = flag {
        return Ok(url.to_string());
    }
    let settings = HubSettings::load();
    let note = settings.config_note();
    settings.url.with_context(|| {
        format!("no hub given: pass --hub URL, set {HUB_ENV}, or put hub = \"postgresql://...\" in the config file{note}")
    })
}

/// Connects to the hub named by `--hub`, the environment or the config.
pub fn open_hub(flag: Option<&str>) -> anyhow::Result<hub::Hub> {
    let ca = HubSettings::load().ca;
    Ok(hub::connect_with(&hub_url(flag)?, ca.as_deref())?)
}

pub fn run(cmd: &HubCommand) -> anyhow::Result<Exit> {
    match cmd {
        HubCommand::Init(url) | HubCommand::Migrate(url) => {
            let create = matches!(cmd, HubCommand::Init(_));
            let mut hub = open_hub(url.hub.as_deref())?;
            let done = schema::migrate(&mut hub, create)?;
            match done.from {
                None => println!(
                    "created the hub schema (version {}) at {}",
                    done.to, hub.name
                ),
                Some(v) if v == done.to => {
                    println!("the hub at {} is at version {v}; nothing to do", hub.name)
                }
                Some(v) => println!(
                    "migrated the hub at {} from version {v} to {}",
                    hub.name, done.to
                ),
            }
        }
        HubCommand::Audit(url) => return run_audit(url),
        HubCommand::Scrub(url) => run_scrub(url)?,
        HubCommand::Grant(args) => {
            let mut hub = open_hub(args.url.hub.as_deref())?;
            schema::check(&mut hub)?;
            let group = if args.reader {
                schema::Group::Reader
            } else {
                schema::Group::Desk
            };
            let created = schema::grant(&mut hub, &args.role, group)?;
            println!(
                "{} is {} of the hub at {}{}",
                args.role,
                group.what(),
                hub.name,
                if created {
                    " (new login role: set its password with ALTER ROLE ... PASSWORD, or use certificates)"
                } else {
                    ""
                }
            );
        }
    }
    Ok(Exit::Success)
}

fn batch() -> usize {
    std::env::var(BATCH_ENV)
        .ok()
        .and_then(|b| b.parse().ok())
        .filter(|b| *b > 0)
        .unwrap_or(push::BATCH)
}

/// `sync push --hub`.
pub fn run_push(
    store: &Store,
    url: Option<&str>,
    passphrase: Option<&str>,
) -> anyhow::Result<Exit> {
    let mut hub = open_hub(url)?;
    let pause = std::env::var(PAUSE_ENV)
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::ZERO, Duration::from_millis);
    let opts = push::PushOptions {
        passphrase,
        batch: batch(),
        pause,
    };
    let progress = super::progress::on_stderr();
    let p = push::push(store, &mut hub, &opts, progress.as_ref())?;
    if p.sent == 0 {
        println!("push: the hub at {} has everything this book has", hub.name);
    } else {
        println!(
            "push: sent {} changes to the hub at {} ({} new there, {} field operations, {} batches)",
            p.sent, hub.name, p.inserted, p.operations, p.batches
        );
    }
    Ok(Exit::Success)
}

/// `sync pull --hub`.
pub fn run_pull(store: &mut Store, url: Option<&str>) -> anyhow::Result<Exit> {
    let mut hub = open_hub(url)?;
    let progress = super::progress::on_stderr();
    let p = pull::pull(store, &mut hub, batch(), progress.as_ref())?;
    if p.fetched == 0 {
        println!("pull: nothing new at the hub at {}", hub.name);
        return Ok(Exit::Success);
    }
    let r = &p.report;
    let mut line = format!(
        "pull: applied {} ({} changes) from the hub at {}, skipped {} already here, held {}, conflicts {}",
        r.applied, r.changes, hub.name, r.skipped, r.held, r.conflicts
    );
    if r.missing_rows > 0 {
        line.push_str(&format!(
            ", {} changes of records this book does not have",
            r.missing_rows
        ));
    }
    println!("{line}");
    Ok(Exit::Success)
}

/// `hub scrub`: the hub's owner rewrites what the hub stores without the
/// rows desks purged (the offices' passphrase opens the bundles).
fn run_scrub(url: &HubUrl) -> anyhow::Result<()> {
    let mut hub = open_hub(url.hub.as_deref())?;
    let secret = super::sync::passphrase();
    let s = hub::scrub::scrub(&mut hub, secret.as_deref())?;
    if s.tombstones == 0 {
        println!("scrub of the hub at {}: nothing to scrub", hub.name);
    } else {
        println!(
            "scrub of the hub at {}: {} purged rows; rewrote {} stored changes and {} bundles without them",
            hub.name, s.tombstones, s.changesets, s.bundles
        );
    }
    Ok(())
}

/// `hub audit`: decrypts the stored bundles (FIELDBOOK_SYNC_PASSPHRASE or
/// the config's sync_passphrase) and compares them with the changesets.
fn run_audit(url: &HubUrl) -> anyhow::Result<Exit> {
    let mut hub = open_hub(url.hub.as_deref())?;
    let secret = super::sync::passphrase();
    let a = hub::audit::audit(&mut hub, secret.as_deref())?;
    println!(
        "audit of the hub at {}: {} bundles, {} changes, {} bundles not opened with this passphrase, {} changes not as sent",
        hub.name,
        a.bundles,
        a.entries,
        a.unreadable.len(),
        a.mismatched.len()
    );
    for id in &a.unreadable {
        println!("bundle {id}: cannot be opened with this passphrase (or damaged)");
    }
    for (id, replica, seq) in &a.mismatched {
        println!("bundle {id}: change {replica} #{seq} is missing at the hub or differs");
    }
    Ok(if a.unreadable.is_empty() && a.mismatched.is_empty() {
        Exit::Success
    } else {
        Exit::Problem
    })
}
