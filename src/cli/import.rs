//! `fieldbook import FILE`: contacts from vCard or CSV (with a preview of
//! what would be created, linked and merged), or a fieldbook JSON export;
//! `fieldbook import --undo` takes the last import back. The work itself is
//! `ops::import`, which the UI runs too; this file prints.

use std::path::PathBuf;

use clap::Args;

use super::Exit;
use crate::domain::text::clean_lines;
use crate::exchange::Format;
use crate::exchange::plan::Choice;
use crate::ops::import::{self, ImportError};
use crate::ops::progress::Progress;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file: .vcf (vCard 2.1/3.0/4.0), .csv (Google, Outlook, or --map), .json (a fieldbook export).
    #[arg(required_unless_present = "undo")]
    file: Option<PathBuf>,
    /// Undo the last import of contacts (vCard, CSV): its contacts,
    /// organizations and notes go to the trash, merged contacts back to
    /// what they were. Refused, naming them, if any was changed since.
    #[arg(long, conflicts_with_all = ["file", "dry_run", "format", "map", "duplicates", "skip_invalid"])]
    undo: bool,
    /// Show what would be imported, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// The file's format, when its extension does not say.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// CSV: which column fills which field, e.g. --map "Full name=name" (repeatable).
    #[arg(long, value_name = "COLUMN=FIELD")]
    map: Vec<String>,
    /// What to do with duplicates found on evidence (the same UID, e-mail
    /// or phone); a record matching on its name only is always imported.
    #[arg(long, value_enum, default_value = "skip")]
    duplicates: Choice,
    /// Do not list the matched records one by one (the counts stay).
    #[arg(long)]
    quiet: bool,
    /// Import the valid records and list the invalid ones (default: import nothing if any is invalid).
    #[arg(long)]
    skip_invalid: bool,
}

pub fn run(store: &mut Store, args: &ImportArgs) -> anyhow::Result<Exit> {
    let progress = super::progress::on_stderr();
    let (Some(file), false) = (args.file.as_deref(), args.undo) else {
        return undo(store, progress.as_ref());
    };
    let input = import::read(file, args.format, progress.as_ref())?;
    if input.format == Format::Json {
        progress.finish();
        return import_json(store, &input, args.dry_run);
    }
    let planned = import::plan(store, &input, &args.map, args.duplicates, progress.as_ref())?;
    progress.finish();
    print!("{}", clean_lines(&import::preview(&planned, !args.quiet)));
    if args.dry_run {
        println!("Dry run: nothing was written.");
        return Ok(if planned.problems.is_empty() {
            Exit::Success
        } else {
            Exit::Problem
        });
    }
    match import::apply(store, &planned, args.skip_invalid, progress.as_ref()) {
        Ok(done) => {
            println!("{}", clean_lines(&import::summary(&done)));
            if !args.quiet {
                for line in import::matched_lines(&planned) {
                    println!("  {}", clean_lines(&line));
                }
            }
            println!("To undo it: fieldbook import --undo");
            Ok(Exit::Success)
        }
        Err(e @ ImportError::Invalid { .. }) => {
            progress.finish();
            eprintln!("{}", clean_lines(&e.to_string()));
            Ok(Exit::Problem)
        }
        Err(e) => Err(e.into()),
    }
}

/// `--undo`: the last import taken back, or why not (exit status 1).
fn undo(store: &mut Store, progress: &dyn Progress) -> anyhow::Result<Exit> {
    match import::undo(store, None, progress) {
        Ok(sentence) => {
            println!("{}", clean_lines(&sentence));
            Ok(Exit::Success)
        }
        Err(import::UndoRefused::Store(e)) => Err(e.into()),
        Err(refused) => {
            eprintln!("fieldbook: {}", clean_lines(&refused.to_string()));
            Ok(Exit::Problem)
        }
    }
}

fn import_json(store: &mut Store, input: &import::Input, dry_run: bool) -> anyhow::Result<Exit> {
    let export = import::read_export(input)?;
    println!("{}", clean_lines(&import::export_preview(&export)));
    if dry_run {
        println!("Dry run: nothing was written.");
        return Ok(Exit::Success);
    }
    println!("{}", clean_lines(&import::restore_export(store, &export)?));
    Ok(Exit::Success)
}
