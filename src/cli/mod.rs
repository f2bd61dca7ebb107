//! The command line: the same store and rules as the terminal UI, for
//! scripting. Each sub-command lives in its own file.

mod add;
mod backup;
mod bench;
mod bench_io;
mod bench_sync;
mod check;
mod crypt;
mod demo;
mod errors;
mod export;
mod import;
mod log_consultation;
mod log_visit;
mod not_in_touch;
mod note;
pub mod progress;
mod report;
mod resolve;
mod search;
mod stats;
mod status;
mod sync;

mod event;
mod event_guests;

mod deliverable;
mod schedule;

mod attach;
mod bench_attach;
mod registration;

mod edit;
mod edit_changes;

mod duplicates;
mod merge;
mod purge;

mod bench_sync_sim;

mod bench_hub;
mod bench_hub_exchange;
mod hub;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::paths;
use crate::store::Store;

#[derive(Debug, Parser)]
#[command(
    name = "fieldbook",
    version,
    about = "An offline record book for NGO desk officers: organizations, contacts, projects, visits, follow-ups and notes.",
    long_about = None,
    after_help = "Data lives in one SQLite file: --db PATH, else $FIELDBOOK_DB, else fieldbook.db in the platform data directory."
)]
pub struct Cli {
    /// The database file to use (created if missing).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill the database with realistic demo data.
    Demo(demo::DemoArgs),
    /// Add one record from flags and print its id.
    #[command(subcommand)]
    Add(Box<add::AddCommand>),
    /// Log a field visit with the people met and its follow-ups; prints its id.
    LogVisit(log_visit::LogVisitArgs),
    /// Add a note to a contact, organization, project or visit; prints its id.
    Note(note::NoteArgs),
    /// Change a project's status (kept in its history).
    Status(status::StatusArgs),
    /// Search every record, as the UI's search does.
    Search(search::SearchArgs),
    /// Import contacts (vCard, CSV) or a fieldbook JSON export, after a preview.
    Import(import::ImportArgs),
    /// Export everything: JSON (lossless), CSV, vCard or XLSX.
    Export(export::ExportArgs),
    /// The month's visits, follow-ups and status changes, in Markdown or XLSX.
    Report(report::ReportArgs),
    /// Count the records of each kind.
    Stats(stats::StatsArgs),
    /// Check the database file's integrity and links.
    Check,
    /// Copy the database (safe while fieldbook runs); prints the copy's path.
    Backup(backup::BackupArgs),
    /// Replace the database with a backup, after checking the backup.
    Restore(backup::RestoreArgs),
    /// Encrypt the database with a passphrase (asked twice, or FIELDBOOK_PASSPHRASE); needs the `encryption` build.
    Encrypt,
    /// Remove the database's encryption (asks for the passphrase).
    Decrypt,
    /// Log a consultation (a question an organization brought) with its follow-ups; prints its id.
    LogConsultation(log_consultation::LogConsultationArgs),
    /// The people the desk has not been in touch with for too long (see [keep_in_touch] in the config).
    NotInTouch(not_in_touch::NotInTouchArgs),
    /// Measure speed on this database (see the README's performance section).
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// An event's guest list and attendance: invite, attend, show, list, edit.
    #[command(subcommand)]
    Event(Box<event::EventCommand>),

    /// Change a deliverable's status: submit, accept, return, waive, reopen; or list them.
    #[command(subcommand)]
    Deliverable(deliverable::DeliverableCommand),
    /// Propose a project's reporting calendar from its dates, and write it (unless --dry-run).
    Schedule(schedule::ScheduleArgs),

    /// List registrations and approvals (all, one holder's, or those expiring).
    Registrations(registration::RegistrationsArgs),
    /// Attach files to a record (stored inside the book, each up to 25 MiB).
    Attach(attach::AttachArgs),
    /// List the files attached to a record.
    Attachments(attach::AttachmentsArgs),
    /// Open or save an attached file.
    #[command(subcommand)]
    Attachment(attach::AttachmentCommand),
    /// Exchange changes with other books as files: export, import, status, conflicts.
    Sync(sync::SyncArgs),

    /// Change fields of a record (the flags of `add` and `log-visit`); prints what changed.
    #[command(subcommand)]
    Edit(Box<edit::EditCommand>),

    /// Erase the trash (or one record in it) for good, here and on every book it syncs with.
    Purge(purge::PurgeArgs),
    /// List possible duplicates (the same organization or person entered twice).
    Duplicates,
    /// Merge two organizations or contacts: B into A (links, UIDs, empty fields); B is trashed.
    Merge(merge::MergeArgs),

    /// Head office's PostgreSQL hub: init, migrate, grant a desk role.
    #[command(subcommand)]
    Hub(hub::HubCommand),
}

/// What a command wants the process to do when it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success,
    /// The command ran and found a problem (e.g. `check` on a damaged file).
    Problem,
}

impl Cli {
    pub fn open_store(&self) -> anyhow::Result<Store> {
        let env = std::env::var(paths::DB_ENV).ok();
        let path = paths::resolve_db_path(self.db.as_deref(), env.as_deref())?;
        crypt::open(&path).map_err(|e| errors::explain_raw_sqlite(e, &path))
    }
}

/// Runs a sub-command. `None` (the bare `fieldbook`) is the caller's business.
/// `started` is when the process started, for benchmarks.
pub fn run(cli: &Cli, command: &Command, started: std::time::Instant) -> anyhow::Result<Exit> {
    // Restoring must not open (and so migrate or lock) the database it replaces.
    if let Command::Restore(args) = command {
        let env = std::env::var(paths::DB_ENV).ok();
        let db = paths::resolve_db_path(cli.db.as_deref(), env.as_deref())?;
        if let Ok(passphrase) = std::env::var(crypt::PASSPHRASE_ENV) {
            crate::store::cipher::set_passphrase(Some(passphrase));
        }
        return backup::run_restore(&db, args);
    }
    // Encrypting and decrypting rewrite the file: they open it themselves.
    if matches!(command, Command::Encrypt | Command::Decrypt) {
        let env = std::env::var(paths::DB_ENV).ok();
        let db = paths::resolve_db_path(cli.db.as_deref(), env.as_deref())?;
        return match command {
            Command::Encrypt => crypt::run_encrypt(&db),
            _ => crypt::run_decrypt(&db),
        };
    }
    // The hub's own commands need no book.
    if let Command::Hub(cmd) = command {
        return hub::run(cmd);
    }
    if let Command::Bench(bench::BenchCommand::Hub(args)) = command {
        return bench_hub::run(args);
    }
    if let Command::Bench(bench::BenchCommand::HubExchange(args)) = command {
        return bench_hub_exchange::run(args);
    }
    let mut store = match cli.open_store() {
        Err(e) if matches!(command, Command::Check) => return check::explain_refusal(e),
        opened => opened?,
    };
    let path = store.path().to_path_buf();
    let result = match command {
        Command::Bench(cmd) => bench::run(store, cmd, started),
        Command::Demo(args) => demo::run(&mut store, args),
        Command::Add(cmd) => add::run(&mut store, cmd),
        Command::Stats(args) => stats::run(&store, args),
        Command::Search(args) => search::run(&store, args),
        Command::LogVisit(args) => log_visit::run(&mut store, args),
        Command::Note(args) => note::run(&mut store, args),
        Command::Status(args) => status::run(&mut store, args),
        Command::Deliverable(cmd) => deliverable::run(&mut store, cmd),
        Command::Schedule(args) => schedule::run(&mut store, args),
        Command::Check => check::run(&store),
        Command::Report(args) => report::run(&store, args),
        Command::Import(args) => import::run(&mut store, args),
        Command::Export(args) => export::run(&store, args),
        Command::Backup(args) => backup::run_backup(&store, args),
        Command::Event(cmd) => event::run(&mut store, cmd),

        Command::Registrations(args) => registration::list(&mut store, args),
        Command::Attach(args) => attach::attach(&mut store, args),
        Command::Attachments(args) => attach::list(&mut store, args),
        Command::Attachment(cmd) => attach::run(&store, cmd),
        Command::LogConsultation(args) => log_consultation::run(&mut store, args),
        Command::NotInTouch(args) => not_in_touch::run(&store, args),
        Command::Sync(cmd) => sync::run(&mut store, cmd),

        Command::Edit(cmd) => edit::run(&mut store, cmd),

        Command::Purge(args) => purge::run(&mut store, args),
        Command::Duplicates => duplicates::run(&store),
        Command::Merge(args) => merge::run(&mut store, args),
        Command::Hub(_) => unreachable!("handled before the store is opened"),
        Command::Restore(_) | Command::Encrypt | Command::Decrypt => {
            unreachable!("handled before the store is opened")
        }
    };
    // A damaged page or a full disk met in the middle of a command: say
    // which file and what happened, rather than SQLite's raw words.
    result.map_err(|e| errors::explain_store_error(e, &path))
}
