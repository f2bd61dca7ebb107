//! `fieldbook report --month 2026-11`: the month in Markdown that reads
//! well as plain text.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::Exit;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The month, YYYY-MM (default: this month; the month before during
    /// the first 7 days of a month).
    #[arg(long, value_parser = parse_month)]
    month: Option<NaiveDate>,
    /// Write the report here (created with mode 0600) instead of printing it.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Markdown (plain text) or an XLSX workbook (needs --out, or writes report-YYYY-MM.xlsx).
    #[arg(long, value_enum, default_value = "md")]
    format: ReportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Md,
    Xlsx,
}

fn parse_month(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(&format!("{}-01", s.trim()), "%Y-%m-%d")
        .map_err(|_| format!("'{}' is not a month; write YYYY-MM, e.g. 2026-11", s.trim()))
}

pub fn run(store: &Store, args: &ReportArgs) -> anyhow::Result<Exit> {
    let today = crate::domain::date::local_today();
    let first = args
        .month
        .unwrap_or_else(|| crate::domain::date::default_report_month(today));
    let progress = super::progress::on_stderr();
    progress.phase("reading the month", None);
    let report = store.read().month_report(first)?;
    if args.format == ReportFormat::Xlsx {
        let path = args
            .out
            .clone()
            .unwrap_or_else(|| PathBuf::from(format!("report-{}.xlsx", first.format("%Y-%m"))));
        progress.phase(&format!("writing {}", path.display()), None);
        crate::exchange::xlsx::report(&report, &path)?;
        progress.finish();
        println!("{}", path.display());
        return Ok(Exit::Success);
    }
    let text = crate::exchange::report::markdown(&report);
    progress.finish();
    match &args.out {
        Some(path) => {
            crate::exchange::files::write_private(path, |out| {
                std::io::Write::write_all(out, text.as_bytes())?;
                Ok(())
            })?;
            println!("{}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(Exit::Success)
}
