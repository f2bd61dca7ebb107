//! `fieldbook export --format json|csv|vcard|xlsx|ics`: everything out, for a
//! safe copy, another tool or head office. Files are created mode 0600.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::Exit;
use crate::domain::RecordKind;
use crate::durable;
use crate::exchange::tables::{self, KINDS, Names};
use crate::exchange::{ExchangeError, files, formula, ics, json, vcard, xlsx};
use crate::ops::progress::{Progress, Ticker};
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Everything, lossless; `fieldbook import` reads it back.
    Json,
    /// One file per record kind (a directory), or the one --kind.
    Csv,
    /// Contacts as vCard 4.0.
    Vcard,
    /// One sheet per record kind.
    Xlsx,
    /// iCalendar (RFC 5545): visits and events, follow-ups and
    /// deliverables with a due date; re-importing updates a calendar's
    /// entries instead of adding copies.
    Ics,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    Organizations,
    Contacts,
    Projects,
    Visits,
    FollowUps,
    Notes,
    Events,
}

impl Kind {
    fn record_kind(self) -> RecordKind {
        match self {
            Kind::Organizations => RecordKind::Organization,
            Kind::Contacts => RecordKind::Contact,
            Kind::Projects => RecordKind::Project,
            Kind::Visits => RecordKind::Visit,
            Kind::FollowUps => RecordKind::FollowUp,
            Kind::Notes => RecordKind::Note,
            Kind::Events => RecordKind::Event,
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    format: Format,
    /// Where to write (default: fieldbook-export-DATE.json / .vcf / .xlsx, or a directory for CSV).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Only this kind of record (csv and xlsx; repeatable).
    #[arg(long, value_enum)]
    kind: Vec<Kind>,
    /// CSV into a folder that already exists: move that folder aside first
    /// (it is kept, renamed); without it an existing folder is refused.
    #[arg(long)]
    force: bool,
    /// CSV: write cells exactly as stored; without it, a cell that starts
    /// like a spreadsheet formula (= + - @) gets a leading ' (OWASP).
    #[arg(long)]
    raw: bool,
}

pub fn run(store: &Store, args: &ExportArgs) -> anyhow::Result<Exit> {
    let stamp = crate::domain::date::local_today().format("%Y-%m-%d");
    let default = |ext: &str| PathBuf::from(format!("fieldbook-export-{stamp}{ext}"));
    let kinds: Vec<RecordKind> = if args.kind.is_empty() {
        KINDS.to_vec()
    } else {
        args.kind.iter().map(|k| k.record_kind()).collect()
    };
    let reader = store.read();
    let progress = super::progress::on_stderr();
    let progress = progress.as_ref();
    let live = |kind: RecordKind| -> anyhow::Result<Option<u64>> {
        Ok(reader
            .counts()?
            .into_iter()
            .find(|c| c.kind == kind)
            .map(|c| c.live.max(0) as u64))
    };
    let written: Vec<PathBuf> = match args.format {
        Format::Json => {
            let path = args.out.clone().unwrap_or_else(|| default(".json"));
            progress.phase(&format!("writing {}", path.display()), None);
            files::write_private(&path, |out| json::write(&reader, out))
                .map_err(|e| e.writing(&path))?;
            vec![path]
        }
        Format::Vcard => {
            let path = args.out.clone().unwrap_or_else(|| default(".vcf"));
            progress.phase(
                &format!("writing {}", path.display()),
                live(RecordKind::Contact)?,
            );
            write_vcards(store, &path, progress).map_err(|e| e.writing(&path))?;
            vec![path]
        }
        Format::Xlsx => {
            let path = args.out.clone().unwrap_or_else(|| default(".xlsx"));
            progress.phase(&format!("writing {}", path.display()), None);
            xlsx::export(&reader, &kinds, &path).map_err(|e| e.writing(&path))?;
            vec![path]
        }
        Format::Ics => {
            let path = args.out.clone().unwrap_or_else(|| default(".ics"));
            progress.phase(&format!("writing {}", path.display()), None);
            let entries = reader.calendar_entries()?;
            files::write_private(&path, |out| ics::write(&entries, out))
                .map_err(|e| e.writing(&path))?;
            vec![path]
        }
        Format::Csv => {
            let names = Names::read(&reader)?;
            let single = kinds.len() == 1
                && args
                    .out
                    .as_ref()
                    .is_some_and(|p| p.extension().is_some_and(|e| e == "csv"));
            let mut paths = Vec::new();
            if single {
                let path = args.out.clone().unwrap_or_default();
                progress.phase(&format!("writing {}", path.display()), live(kinds[0])?);
                write_csv(&reader, &names, kinds[0], &path, args.raw, progress)
                    .map_err(|e| e.writing(&path))?;
                paths.push(path);
            } else {
                let dir = args.out.clone().unwrap_or_else(|| default(""));
                // The folder appears whole or not at all: written under a
                // temporary name, then renamed into place.
                let aside = durable::write_dir(&dir, args.force, |temp| {
                    for &kind in &kinds {
                        let name = format!("{}.csv", tables::table_name(kind));
                        let path = dir.join(&name);
                        progress.phase(
                            &format!("writing {}", path.display()),
                            live(kind).ok().flatten(),
                        );
                        write_csv(&reader, &names, kind, &temp.join(&name), args.raw, progress)
                            .map_err(|e| e.writing(&path))?;
                        paths.push(path);
                        for c in tables::companions(kind) {
                            let name = format!("{}.csv", c.name);
                            let path = dir.join(&name);
                            let rows =
                                |f: &mut dyn FnMut(
                                    Vec<tables::Cell>,
                                )
                                    -> crate::store::Result<()>| {
                                    (c.rows)(&reader, &names, f)
                                };
                            write_csv_table(c.headers, rows, &temp.join(&name), args.raw, progress)
                                .map_err(|e| e.writing(&path))?;
                            paths.push(path);
                        }
                    }
                    Ok::<(), ExchangeError>(())
                })?;
                if let Some(aside) = aside {
                    eprintln!("the folder that was there is kept at {}", aside.display());
                }
            }
            paths
        }
    };
    progress.finish();
    for path in written {
        println!("{}", path.display());
    }
    Ok(Exit::Success)
}

fn write_csv(
    reader: &crate::store::Reader<'_>,
    names: &Names,
    kind: RecordKind,
    path: &Path,
    raw: bool,
    progress: &dyn Progress,
) -> Result<(), ExchangeError> {
    let rows = |f: &mut dyn FnMut(Vec<tables::Cell>) -> crate::store::Result<()>| {
        tables::rows(reader, names, kind, f)
    };
    write_csv_table(tables::headers(kind), rows, path, raw, progress)
}

/// One CSV file: `rows` calls its argument once per row.
fn write_csv_table(
    headers: &[&str],
    rows: impl FnOnce(
        &mut dyn FnMut(Vec<tables::Cell>) -> crate::store::Result<()>,
    ) -> crate::store::Result<()>,
    path: &Path,
    raw: bool,
    progress: &dyn Progress,
) -> Result<(), ExchangeError> {
    files::write_private(path, |out| {
        let mut ticker = Ticker::new(progress, 1000);
        let mut w = csv::Writer::from_writer(out);
        let csv_err = |e: csv::Error| ExchangeError::file(path, e.to_string());
        w.write_record(headers).map_err(csv_err)?;
        let mut failure = None;
        rows(&mut |cells| {
            ticker.tick();
            if failure.is_none() {
                let row: Vec<String> = cells
                    .iter()
                    .map(|c| c.to_text())
                    .map(|t| if raw { t } else { formula::defuse(t) })
                    .collect();
                if let Err(e) = w.write_record(&row) {
                    failure = Some(e);
                }
            }
            Ok(())
        })?;
        if let Some(e) = failure {
            return Err(csv_err(e));
        }
        w.flush()?;
        Ok(())
    })
}

fn write_vcards(store: &Store, path: &Path, progress: &dyn Progress) -> Result<(), ExchangeError> {
    let reader = store.read();
    let mut orgs: HashMap<crate::domain::Id, String> = HashMap::new();
    reader.each_organization(|o| {
        orgs.insert(o.meta.id, o.name);
        Ok(())
    })?;
    files::write_private(path, |out| {
        let mut failure = None;
        let mut ticker = Ticker::new(progress, 1000);
        reader.each_contact(|c| {
            if c.meta.deleted_at.is_some() || failure.is_some() {
                return Ok(());
            }
            ticker.tick();
            let mut card = String::new();
            let org = c
                .organization_id
                .and_then(|id| orgs.get(&id))
                .map(String::as_str);
            if vcard::write_card(&mut card, &c, org).is_ok()
                && let Err(e) = out.write_all(card.as_bytes())
            {
                failure = Some(e);
            }
            Ok(())
        })?;
        match failure {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    })
}
