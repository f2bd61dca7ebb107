//! `fieldbook bench import` and `fieldbook bench export`: the speed of data
//! in and out, measured the way the commands run.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;

use super::Exit;
use crate::domain::RecordKind;
use crate::exchange::plan::Choice;
use crate::exchange::{files, json, tables, xlsx};
use crate::ops::import;
use crate::ops::progress::Silent;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct ImportBenchArgs {
    /// How many contacts the generated vCard and CSV files hold.
    #[arg(long, default_value_t = 100_000)]
    count: usize,
}

#[derive(Debug, Args)]
pub struct ExportBenchArgs {}

const GIVEN: &[&str] = &[
    "Amina", "Kenichi", "Grace", "Łukasz", "Fatou", "Minjun", "Chidi", "Wanjiru", "Sōta", "José",
];
const FAMILY: &[&str] = &[
    "N'Diaye",
    "Doi",
    "Mwangi",
    "Kowalski",
    "Sow",
    "Kim",
    "Okafor",
    "Otieno",
    "Tanaka",
    "Gonçalves",
];
const NATIVE: &[&str] = &["土居 健市", "田中 颯太", "김민준", "王芳", ""];

/// A scratch directory under the system's temp dir, removed on drop.
pub(super) struct Scratch(pub(super) PathBuf);

impl Scratch {
    pub(super) fn new() -> std::io::Result<Scratch> {
        let dir = std::env::temp_dir().join(format!("fieldbook-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Person `i` of the generated book, as the demo's people are: common
/// names that repeat (a hundred of them for the whole file), a few hundred
/// shared organizations each with one switchboard number, and each person
/// with their own UID, e-mail and mobile. Every card is a distinct person.
fn person(i: usize) -> (String, String, String, String, String) {
    let name = format!(
        "{} {}",
        GIVEN[i % GIVEN.len()],
        FAMILY[(i / 7) % FAMILY.len()]
    );
    let native = NATIVE[i % NATIVE.len()].to_string();
    let email = format!("person{i}@example.org");
    // Kenyan mobiles: 07xx xxx xxx, distinct for each i below 10 million.
    let phone = format!(
        "+254 7{:02} {:03} {:03}",
        i % 30,
        (i / 30) % 1000,
        i / 30_000
    );
    let org = format!("Partner Organisation {}", i % 300);
    (name, native, email, phone, org)
}

/// The organization's switchboard, which all its people carry.
fn switchboard(i: usize) -> String {
    format!("+254 20 {:03} {:04}", 200 + i % 300, 1000 + i % 300)
}

fn write_vcards(path: &Path, count: usize) -> anyhow::Result<()> {
    let mut text = String::with_capacity(count * 260);
    for i in 0..count {
        let (name, native, email, phone, org) = person(i);
        let _ = write!(
            text,
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bench-{i}@example.org\r\nFN:{name}\r\nN:{};{};;;\r\n",
            FAMILY[(i / 7) % FAMILY.len()],
            GIVEN[i % GIVEN.len()]
        );
        if !native.is_empty() {
            let _ = write!(text, "X-PHONETIC-LAST-NAME:{native}\r\n");
        }
        let _ = write!(
            text,
            "TEL;TYPE=CELL:{phone}\r\nTEL;TYPE=WORK:{}\r\nEMAIL;TYPE=WORK:{email}\r\nORG:{org}\r\nTITLE:Programme Officer\r\nNOTE:Met at the partners' meeting\\, asked for the budget template.\r\nEND:VCARD\r\n",
            switchboard(i)
        );
    }
    std::fs::write(path, text)?;
    Ok(())
}

fn write_csv(path: &Path, count: usize) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record([
        "First Name",
        "Last Name",
        "Organization Name",
        "Organization Title",
        "Notes",
        "E-mail 1 - Label",
        "E-mail 1 - Value",
        "Phone 1 - Label",
        "Phone 1 - Value",
    ])?;
    for i in 0..count {
        let (_, _, email, phone, org) = person(i);
        let given = GIVEN[i % GIVEN.len()];
        w.write_record([
            given,
            FAMILY[(i / 7) % FAMILY.len()],
            org.as_str(),
            "Programme Officer",
            "Met at the partners' meeting, asked for the budget template.",
            "Work",
            email.as_str(),
            "Mobile",
            phone.as_str(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

pub fn bench_import(args: &ImportBenchArgs) -> anyhow::Result<Exit> {
    let scratch = Scratch::new()?;
    let vcf = scratch.0.join("contacts.vcf");
    let csv = scratch.0.join("contacts.csv");
    write_vcards(&vcf, args.count)?;
    write_csv(&csv, args.count)?;
    for (label, path) in [("vCard 3.0", &vcf), ("Google CSV", &csv)] {
        let db = scratch.0.join(format!("{label}.db").replace(' ', "-"));
        let mut store = Store::open(&db)?;
        let started = Instant::now();
        // `ops::import` step by step, as `fieldbook import` runs it (the
        // undo record included), with the parse timed apart from the plan.
        let input = import::read(path, None, &Silent)?;
        let records = import::parse(&input, &[], &Silent)?;
        let parsed = started.elapsed();
        let plan = import::compare(&store, &input, records, Choice::Skip, &Silent)?;
        let planned = started.elapsed() - parsed;
        let done = import::apply(&mut store, &plan, false, &Silent)?.applied;
        let total = started.elapsed();
        let possible = plan.possible_duplicates().count();
        println!(
            "import {label}: {} of {} cards kept as contacts ({} skipped, {possible} listed as possible duplicates), {} organizations, {} notes in {:.2} s (parse {:.2} s, plan {:.2} s), {:.1} MiB file",
            done.created,
            args.count,
            done.skipped,
            done.organizations_created,
            done.notes,
            total.as_secs_f64(),
            parsed.as_secs_f64(),
            planned.as_secs_f64(),
            std::fs::metadata(path)?.len() as f64 / 1048576.0
        );
    }
    Ok(Exit::Success)
}

pub fn bench_export(store: &Store, _args: &ExportBenchArgs) -> anyhow::Result<Exit> {
    let scratch = Scratch::new()?;
    let reader = store.read();
    let started = Instant::now();
    let path = scratch.0.join("export.json");
    files::write_private(&path, |out| json::write(&reader, out))?;
    report("JSON", started, &path)?;
    let started = Instant::now();
    let path = scratch.0.join("export.xlsx");
    let kinds: Vec<RecordKind> = tables::KINDS.to_vec();
    xlsx::export(&reader, &kinds, &path)?;
    report("XLSX", started, &path)?;
    Ok(Exit::Success)
}

fn report(label: &str, started: Instant, path: &Path) -> anyhow::Result<()> {
    println!(
        "export {label}: {:.2} s, {:.1} MiB",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(path)?.len() as f64 / 1048576.0
    );
    Ok(())
}
