//! Imports and reports off the UI thread: reading, planning and writing a
//! 100,000-card file takes seconds, and the screen must keep answering keys
//! meanwhile. Each piece of work runs on a thread of its own with its own
//! connection (opened through `Store::open`, so the process's registry of
//! open books is respected), reports through `ops::progress::Shared`, and
//! hands back the same message the UI thread would have made. One at a
//! time: a second import or report while one runs is refused.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::thread;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::ops::progress::Shared;
use crate::store::Store;
use crate::store::views::FollowUpFilter;

use super::effects;
use super::update::{Cmd, Msg};

pub struct LongWork {
    db: PathBuf,
    running: Option<Job>,
    /// The UI's own writes asked for while an import is being written: they
    /// would wait on its transaction (up to the busy timeout, the screen
    /// frozen), so they run, in order, when it is over.
    deferred: Vec<Cmd>,
}

/// The work under way.
struct Job {
    /// `an import`, `a report`: for the line that refuses a second one.
    what: &'static str,
    /// It writes to the book (one long transaction).
    writes: bool,
    progress: Arc<Shared>,
    result: Receiver<Msg>,
    started: Instant,
}

impl LongWork {
    /// Work on the book at `db` (nothing runs until `start`).
    pub fn new(db: &Path) -> LongWork {
        LongWork {
            db: db.to_path_buf(),
            running: None,
            deferred: Vec::new(),
        }
    }

    /// Whether `cmd` is work this thread takes: the ones that can take
    /// seconds on a large book.
    pub fn takes(cmd: &Cmd) -> bool {
        what(cmd).is_some()
    }

    /// Starts `cmd` on a thread of its own; `Err` says why not (other work
    /// still runs, or no thread could be started), for the message line.
    pub fn start(
        &mut self,
        cmd: Cmd,
        today: NaiveDate,
        filter: FollowUpFilter,
    ) -> Result<(), String> {
        let what = what(&cmd).unwrap_or("the work");
        let writes = writes_long(&cmd);
        if let Some(job) = &self.running {
            return Err(format!(
                "{} is still running ({}); wait for it to finish, then try again",
                job.what,
                job.line()
            ));
        }
        let progress = Arc::new(Shared::starting(&first_phase(&cmd)));
        let (outbox, result) = mpsc::channel();
        let db = self.db.clone();
        let shared = Arc::clone(&progress);
        thread::Builder::new()
            .name("long work".into())
            .spawn(move || {
                let msg = match Store::open(&db) {
                    Ok(mut store) => effects::run_with(&mut store, cmd, today, filter, &*shared),
                    Err(e) => Msg::Error(e.to_string()),
                };
                // The UI may have quit meanwhile: then nobody waits for it.
                let _ = outbox.send(msg);
            })
            .map_err(|e| format!("{what} could not start: {e}"))?;
        self.running = Some(Job {
            what,
            writes,
            progress,
            result,
            started: Instant::now(),
        });
        Ok(())
    }

    /// Whether `cmd` must wait for the work: a write while it writes.
    pub fn defers(&self, cmd: &Cmd) -> bool {
        self.running.as_ref().is_some_and(|job| job.writes) && writes(cmd)
    }

    /// Keeps `cmd` to run when the work is over.
    pub fn defer(&mut self, cmd: Cmd) {
        self.deferred.push(cmd);
    }

    /// The commands kept while the work ran (none while it still runs).
    pub fn take_deferred(&mut self) -> Vec<Cmd> {
        if self.running.is_some() {
            return Vec::new();
        }
        std::mem::take(&mut self.deferred)
    }

    /// What runs (`an import`, `a report`), if anything does.
    pub fn what(&self) -> Option<&'static str> {
        self.running.as_ref().map(|job| job.what)
    }

    /// True while work runs.
    pub fn busy(&self) -> bool {
        self.running.is_some()
    }

    /// How far the work has got, for the message line: phase, count and
    /// percent (`writing: 12,000 of 30,000 (40%) (3s)`).
    pub fn line(&self) -> Option<String> {
        self.running.as_ref().map(Job::line)
    }

    /// The work's result, if it is over (then nothing runs any more).
    pub fn finished(&mut self) -> Option<Msg> {
        let job = self.running.as_ref()?;
        let msg = match job.result.try_recv() {
            Ok(msg) => msg,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => gone(job.what),
        };
        self.running = None;
        Some(msg)
    }

    /// Waits up to `timeout` for the work to end, and returns its result.
    pub fn wait(&mut self, timeout: Duration) -> Option<Msg> {
        let job = self.running.as_ref()?;
        let msg = match job.result.recv_timeout(timeout) {
            Ok(msg) => msg,
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => gone(job.what),
        };
        self.running = None;
        Some(msg)
    }
}

impl Job {
    fn line(&self) -> String {
        self.progress.seen().line(self.started.elapsed())
    }
}

/// The thread ended without an answer (it panicked).
fn gone(what: &str) -> Msg {
    Msg::Error(format!("{what} stopped unexpectedly"))
}

/// Whether long work `cmd` writes to the book: an import being written, or
/// a fieldbook export (.json) restored as it is read.
fn writes_long(cmd: &Cmd) -> bool {
    match cmd {
        Cmd::ApplyImport { .. } => true,
        Cmd::PlanImport { path, .. } => path.to_lowercase().ends_with(".json"),
        _ => false,
    }
}

/// Whether `cmd` writes to the book.
fn writes(cmd: &Cmd) -> bool {
    matches!(
        cmd,
        Cmd::Write(_) | Cmd::SaveDraft { .. } | Cmd::CreateContact { .. } | Cmd::LoadDemo
    )
}

/// What the message line says before the work reports a phase of its own.
fn first_phase(cmd: &Cmd) -> String {
    match cmd {
        Cmd::PlanImport { path, .. } => format!("reading {path}"),
        Cmd::ApplyImport { .. } => "writing".into(),
        _ => "reading the month".into(),
    }
}

/// What `cmd` is, when it is long work.
fn what(cmd: &Cmd) -> Option<&'static str> {
    match cmd {
        Cmd::PlanImport { .. } | Cmd::ApplyImport { .. } => Some("an import"),
        Cmd::WriteReport { .. } => Some("a report"),
        _ => None,
    }
}
