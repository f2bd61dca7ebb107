//! `fieldbook sync`: exchange changes with other books as files (see
//! `crate::sync`).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use uuid::Uuid;

use super::Exit;
use crate::store::Store;
use crate::sync::bundle::Bundle;
use crate::sync::{export, identity, import, report, review};

pub use crate::config::hub::PASSPHRASE_ENV;

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Write a bundle of changes for other books (encrypted with the sync passphrase).
    Export(ExportArgs),
    /// Apply bundles from other books; prints what was applied, skipped, held and flagged.
    Import(ImportArgs),
    /// This book's identity, what it has from whom, what it has not yet sent.
    Status,
    /// Fields changed on two books at once: the value kept and the one that lost.
    Conflicts,
    /// Give this book a new identity (for a copy made outside fieldbook, e.g. with cp).
    ResetId,

    /// Resolve conflict N (as `sync conflicts` numbers them): keep mine, keep theirs, or a new value.
    Resolve(ResolveArgs),

    /// Send this book's changes the head-office hub lacks (PostgreSQL; see `fieldbook hub`).
    Push(HubSyncArgs),
    /// Fetch and apply the changes at the hub this book has not seen.
    Pull(HubSyncArgs),
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The conflict's number in `fieldbook sync conflicts`.
    number: usize,
    /// mine: the value this book wrote (or shows, when neither came from here); theirs: the other.
    #[arg(long, value_parser = ["mine", "theirs"], conflicts_with = "value", required_unless_present = "value")]
    keep: Option<String>,
    /// A new value for the field ("" for none).
    #[arg(long, allow_hyphen_values = true)]
    value: Option<String>,
}

/// `fieldbook sync`: a sub-command, or `--hub URL` alone to push and pull.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SyncArgs {
    #[command(subcommand)]
    command: Option<SyncCommand>,
    #[command(flatten)]
    hub: HubSyncArgs,
}

#[derive(Debug, Args)]
pub struct HubSyncArgs {
    /// The hub: postgresql://user@host/db?sslmode=require or postgresql:///db?host=/socket/dir
    /// (default: FIELDBOOK_HUB, else `hub` in the config file).
    #[arg(long, value_name = "URL")]
    hub: Option<String>,
    /// Store the pushed bundles at the hub unencrypted, on purpose.
    #[arg(long)]
    plain: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where to write the bundle (default: a new file named for this book in the current folder).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Only what the book with this replica id has not said it has.
    #[arg(long = "for", value_name = "REPLICA", conflicts_with = "all")]
    for_replica: Option<Uuid>,
    /// Everything this book holds (the default).
    #[arg(long)]
    all: bool,
    /// Write the bundle unencrypted, on purpose.
    #[arg(long)]
    plain: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Bundle files, applied in this order.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// The offices' sync passphrase: FIELDBOOK_SYNC_PASSPHRASE, else the
/// config file's `sync_passphrase` (`HubSettings`).
pub(super) fn passphrase() -> Option<String> {
    crate::config::HubSettings::load().passphrase
}

pub fn run(store: &mut Store, args: &SyncArgs) -> anyhow::Result<Exit> {
    match &args.command {
        Some(cmd) => run_command(store, cmd),
        // `sync --hub URL` (or the hub from the environment or config).
        None => {
            if args.hub.hub.is_none() && super::hub::hub_url(None).is_err() {
                bail!(
                    "`fieldbook sync` needs a sub-command (export, import, status, conflicts, reset-id, push, pull), or --hub URL to push to and pull from a hub"
                );
            }
            run_push(store, &args.hub)?;
            super::hub::run_pull(store, args.hub.hub.as_deref())
        }
    }
}

fn run_push(store: &mut Store, args: &HubSyncArgs) -> anyhow::Result<Exit> {
    let secret = if args.plain {
        None
    } else {
        Some(passphrase().with_context(|| {
            format!("no sync passphrase: set {PASSPHRASE_ENV} or sync_passphrase in the config file (the hub keeps the bundles encrypted with it), or pass --plain. Nothing was sent")
        })?)
    };
    super::hub::run_push(store, args.hub.as_deref(), secret.as_deref())
}

fn run_command(store: &mut Store, cmd: &SyncCommand) -> anyhow::Result<Exit> {
    match cmd {
        SyncCommand::Export(args) => run_export(store, args),
        SyncCommand::Import(args) => run_import(store, args),
        SyncCommand::Status => {
            print!("{}", report::status(store.sync_conn())?);
            Ok(Exit::Success)
        }
        SyncCommand::Conflicts => {
            let listed = review::list(store)?;
            if listed.is_empty() {
                println!("no conflicts to review");
            }
            for (i, conflict) in listed.iter().enumerate() {
                println!("{}. {}", i + 1, conflict.line());
            }
            Ok(Exit::Success)
        }
        SyncCommand::Resolve(args) => {
            let choice = match (args.keep.as_deref(), &args.value) {
                (Some("mine"), _) => review::Choice::Mine,
                (Some(_), _) => review::Choice::Theirs,
                (None, Some(value)) => review::Choice::Value(value.clone()),
                (None, None) => bail!("say what to keep: --keep mine, --keep theirs or --value V"),
            };
            let done = review::resolve_nth(store, args.number, &choice)?;
            println!("{}", done.line());
            Ok(Exit::Success)
        }
        SyncCommand::ResetId => {
            let id = identity::reset_book_id(store)?;
            println!("this book's new replica id: {id}");
            Ok(Exit::Success)
        }

        SyncCommand::Push(args) => run_push(store, args),
        SyncCommand::Pull(args) => super::hub::run_pull(store, args.hub.as_deref()),
    }
}

fn desk_name(store: &Store) -> String {
    store
        .path()
        .file_name()
        .map_or_else(|| "book".into(), |n| n.to_string_lossy().into_owned())
}

fn run_export(store: &mut Store, args: &ExportArgs) -> anyhow::Result<Exit> {
    let secret = if args.plain {
        None
    } else {
        Some(passphrase().with_context(|| {
            format!("no sync passphrase: set {PASSPHRASE_ENV} or sync_passphrase in the config file, or pass --plain to write an unencrypted bundle. Nothing was written")
        })?)
    };
    let bundle = export::build(store.sync_conn(), &desk_name(store), args.for_replica)?;
    let bytes = match &secret {
        Some(p) => bundle.to_encrypted(p),
        None => bundle.to_plain(),
    };
    let out = match &args.out {
        Some(path) => path.clone(),
        None => default_name(store, &bundle),
    };
    crate::durable::write_file::<anyhow::Error>(&out, |temp| {
        let mut file = crate::durable::create_private_file(temp)?;
        file.write_all(&bytes)?;
        Ok(())
    })?;
    println!(
        "wrote {} ({} changes, {} bytes{})",
        out.display(),
        bundle.entries.len(),
        bytes.len(),
        if secret.is_none() {
            ", NOT encrypted"
        } else {
            ""
        }
    );
    Ok(Exit::Success)
}

fn default_name(store: &Store, bundle: &Bundle) -> PathBuf {
    let stem = store
        .path()
        .file_stem()
        .map_or_else(|| "book".into(), |s| s.to_string_lossy().into_owned());
    let now = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    PathBuf::from(format!(
        "{stem}-{}-{now}.fbsync",
        import::short(bundle.header.sender)
    ))
}

fn run_import(store: &mut Store, args: &ImportArgs) -> anyhow::Result<Exit> {
    let secret = passphrase();
    // Every bundle is read and checked before anything is applied.
    let mut bundles = Vec::new();
    for path in &args.files {
        let bundle = read_bundle(path, secret.as_deref())?;
        if let Err(refusal) = import::check(store.sync_conn(), &bundle) {
            bail!("{}: {refusal}", path.display());
        }
        bundles.push((path, bundle));
    }
    let erased_before = store.tombstone_count()?;
    for (path, bundle) in &bundles {
        let r = import::apply_bundle(store, bundle)
            .with_context(|| format!("{}: not applied, the book is as it was", path.display()))?;
        let mut line = format!(
            "{}: applied {} ({} changes), skipped {} already here, held {}, conflicts {}",
            path.display(),
            r.applied,
            r.changes,
            r.skipped,
            r.held,
            r.conflicts
        );
        if r.missing_rows > 0 {
            line.push_str(&format!(
                ", {} changes of records this book does not have",
                r.missing_rows
            ));
        }
        println!("{line}");
    }
    // A received erasure (`purge`) leaves nothing of the erased values in
    // the file's free space or the WAL.
    if store.tombstone_count()? > erased_before {
        store.erase_leftovers();
    }
    Ok(Exit::Success)
}

fn read_bundle(path: &Path, secret: Option<&str>) -> anyhow::Result<Bundle> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Bundle::read(&bytes, secret)
        .map_err(|e| anyhow::anyhow!("{}: {e}. Nothing was applied", path.display()))
}
