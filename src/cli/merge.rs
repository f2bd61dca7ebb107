//! `fieldbook merge org|contact A B`: B into A (see `ops::merge`).

use clap::{Args, ValueEnum};

use super::{Exit, resolve};
use crate::domain::RecordKind;
use crate::domain::text::clean;
use crate::store::Store;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MergeKind {
    #[value(alias = "organization")]
    Org,
    Contact,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// What to merge: org or contact.
    kind: MergeKind,
    /// The record to keep, by id or an unambiguous name.
    keep: String,
    /// The record merged into it (trashed, and redirected to it), by id or name.
    gone: String,
}

pub fn run(store: &mut Store, args: &MergeArgs) -> anyhow::Result<Exit> {
    let (kind, keep, gone) = store.write(|tx| -> anyhow::Result<_> {
        Ok(match args.kind {
            MergeKind::Org => (
                RecordKind::Organization,
                resolve::organization(tx, "", &args.keep)?.meta.id,
                resolve::organization(tx, "", &args.gone)?.meta.id,
            ),
            MergeKind::Contact => (
                RecordKind::Contact,
                resolve::contact(tx, "", &args.keep)?.meta.id,
                resolve::contact(tx, "", &args.gone)?.meta.id,
            ),
        })
    })?;
    let report = crate::ops::merge::merge(store, kind, keep, gone)?;
    for line in report.lines() {
        println!("{}", clean(&line));
    }
    Ok(Exit::Success)
}
