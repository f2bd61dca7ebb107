//! `fieldbook backup` and `fieldbook restore`.

use std::path::{Path, PathBuf};

use clap::Args;

use super::Exit;
use crate::store::Store;
use crate::store::backup::{backup_dir, backup_name, restore};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write it (must not exist); default: backups/ beside the
    /// database, named by the time.
    path: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to restore. It is checked first; the current database is
    /// kept beside it. Refused while another program has the database open.
    path: PathBuf,
}

pub fn run_backup(store: &Store, args: &BackupArgs) -> anyhow::Result<Exit> {
    let path = args
        .path
        .clone()
        .unwrap_or_else(|| backup_dir(store.path()).join(backup_name(chrono::Utc::now())));
    super::progress::during("copying the database", || store.backup_to(&path))?;
    println!("{}", path.display());
    Ok(Exit::Success)
}

pub fn run_restore(db: &Path, args: &RestoreArgs) -> anyhow::Result<Exit> {
    let aside = super::progress::during("checking the backup and restoring it", || {
        restore(db, &args.path)
    })?;
    // The restored book is a copy of another moment's book: a new sync
    // identity, so the two never send different changes under one name.
    crate::sync::identity::reset_book_id(&mut crate::store::Store::open(db)?)?;
    println!("restored {} from {}", db.display(), args.path.display());
    if let Some(aside) = aside {
        println!("the database as it was is kept at {}", aside.display());
    }
    Ok(Exit::Success)
}
