//! `fieldbook import FILE`: contacts from vCard or CSV (with a preview of
//! what would be created, linked and merged), or a fieldbook JSON export.

use std::path::PathBuf;

use clap::Args;

use super::Exit;
use crate::domain::text::clean_lines;
use crate::exchange::plan::{self, Choice};
use crate::exchange::{Format, csv_in, files, format_of, json, matched, vcard};
use crate::store::Store;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file: .vcf (vCard 2.1/3.0/4.0), .csv (Google, Outlook, or --map), .json (a fieldbook export).
    file: PathBuf,
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
    let name = args.file.display().to_string();
    let decoded = files::read_text(&args.file)?;
    if let Some(encoding) = decoded.converted_from {
        println!("{name}: read as {encoding} text (converted to UTF-8).");
    }
    let text = decoded.text;
    let format = args
        .format
        .or_else(|| format_of(&args.file, &text))
        .ok_or_else(|| {
            anyhow::anyhow!("{name}: cannot tell the format; pass --format vcard, csv or json")
        })?;
    if format == Format::Json {
        return import_json(store, &name, &text, args.dry_run);
    }
    let records = match format {
        Format::Vcard => vcard::parse(&text),
        _ => csv_in::parse(&text, &args.map).map_err(|e| anyhow::anyhow!("{name}: {e}"))?,
    };
    let desk = desk_country();
    let plan = plan::plan_in(
        &store.read().contact_keys()?,
        records,
        args.duplicates,
        desk.as_deref(),
    );
    print!(
        "{}",
        clean_lines(&plan::preview_with(&name, &plan, !args.quiet))
    );
    if args.dry_run {
        println!("Dry run: nothing was written.");
        return Ok(if plan.problems.is_empty() {
            Exit::Success
        } else {
            Exit::Problem
        });
    }
    match plan::apply(store, &plan, args.skip_invalid) {
        Ok(done) => {
            println!(
                "Imported: {} new contact(s), {} merged, {} skipped, {} new organization(s), {} note(s){}.",
                done.created,
                done.merged,
                done.skipped,
                done.organizations_created,
                done.notes,
                if done.invalid_skipped > 0 {
                    format!(
                        "; {} invalid record(s) left out (listed above)",
                        done.invalid_skipped
                    )
                } else {
                    String::new()
                }
            );
            if !args.quiet {
                for line in matched::summary(&plan) {
                    println!("  {}", clean_lines(&line));
                }
            }
            Ok(Exit::Success)
        }
        Err(plan::ApplyError::Invalid { count }) => {
            eprintln!(
                "{name}: {count} record(s) cannot be imported (listed above); nothing was imported. \
                 Fix them, or pass --skip-invalid to import the rest."
            );
            Ok(Exit::Problem)
        }
        Err(e) => Err(e.into()),
    }
}

/// The desk's country from config.toml (`default_country`); a broken
/// config is said once and read as no country.
fn desk_country() -> Option<String> {
    match crate::config::load(crate::config::default_config_path().as_deref()) {
        Ok(config) => config.default_country,
        Err((_, message)) => {
            eprintln!("{}", clean_lines(&message));
            None
        }
    }
}

fn import_json(store: &mut Store, name: &str, text: &str, dry_run: bool) -> anyhow::Result<Exit> {
    let book = json::read(text).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let records = book.organizations.len()
        + book.contacts.len()
        + book.projects.len()
        + book.visits.len()
        + book.follow_ups.len()
        + book.notes.len();
    println!("{name}: fieldbook export, {records} record(s)");
    if dry_run {
        println!("Dry run: nothing was written.");
        return Ok(Exit::Success);
    }
    let done = json::restore(store, &book)
        .map_err(|e| anyhow::anyhow!("{name}: {e}; nothing was imported"))?;
    println!(
        "Imported {} record(s) with their ids{}.",
        done.records,
        if done.already_there > 0 {
            format!(
                "; {} already in the book, left as they are",
                done.already_there
            )
        } else {
            String::new()
        }
    );
    Ok(Exit::Success)
}
