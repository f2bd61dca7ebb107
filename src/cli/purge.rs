//! `fieldbook purge [KIND ID] [--yes]`: erases the trash for good, or one
//! record in it, on this book and (through tombstones in the next sync
//! bundles) on every other: for data-protection requests.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::bail;
use clap::Args;

use super::Exit;
use crate::domain::RecordKind;
use crate::domain::text::clean;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// The kind of the one record to erase (organization, contact, project,
    /// visit, follow-up, note, event, deliverable, registration, attachment,
    /// consultation); without it, the whole trash.
    #[arg(requires = "id")]
    kind: Option<String>,
    /// Its id (`fieldbook search` or the UI's trash shows it).
    id: Option<String>,
    /// Erase without asking.
    #[arg(long)]
    yes: bool,
}

fn parse_kind(word: &str) -> anyhow::Result<RecordKind> {
    let folded = word.trim().to_lowercase().replace(['_', ' '], "-");
    let found = RecordKind::ALL.into_iter().find(|k| {
        k.label() == folded
            || k.plural() == folded
            || (folded == "org" && *k == RecordKind::Organization)
    });
    match found {
        Some(kind) => Ok(kind),
        None => bail!(
            "'{}' is not a kind of record: use one of {}",
            clean(word.trim()),
            RecordKind::ALL.map(|k| k.label()).join(", ")
        ),
    }
}

pub fn run(store: &mut Store, args: &PurgeArgs) -> anyhow::Result<Exit> {
    let one = match (&args.kind, &args.id) {
        (Some(kind), Some(id)) => {
            let kind = parse_kind(kind)?;
            let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| {
                anyhow::anyhow!(
                    "'{}' is not a {} id: purge names a record by its id",
                    clean(id.trim()),
                    kind.label()
                )
            })?;
            Some((kind, id))
        }
        _ => None,
    };
    let records = store.purge_plan(one)??;
    if records.is_empty() {
        println!("the trash is empty: nothing to purge");
        return Ok(Exit::Success);
    }
    println!("to erase for good, here and on every book that syncs with this one:");
    for r in &records {
        println!("  {} {} ({})", r.kind.label(), clean(&r.title), r.id);
    }
    if !args.yes && !confirmed(records.len())? {
        println!("nothing was erased");
        return Ok(Exit::Success);
    }
    let purged = store.purge(records)?;
    println!(
        "erased {} records ({} rows with their phones, notes, links and files); \
         the next `fieldbook sync export` carries the erasure to the other books",
        purged.records.len(),
        purged.rows
    );
    Ok(Exit::Success)
}

/// Asks on the terminal; without one, `--yes` is required.
fn confirmed(n: usize) -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() {
        bail!(
            "purge erases for good and cannot be undone: add --yes to confirm. Nothing was erased"
        );
    }
    print!("erase these {n} records for good? this cannot be undone [y/N] ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}
