//! The daily backup the UI makes in the background (beside the book, and in
//! `backup_dir` too), and the dashboard's one line about backups on another
//! disk. Nothing here can stop the UI: every problem becomes a message.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::thread::JoinHandle;

use chrono::{DateTime, Duration, Utc};

use super::state::Message;
use super::text::clean;
use crate::config::Config;
use crate::store::Store;
use crate::store::offsite::Offsite;

/// Automatic backups kept, beside the book and in `backup_dir`.
pub const BACKUPS_KEPT: usize = 7;

/// The settings that say where backups go and when to warn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub dir: Option<PathBuf>,
    pub warn_days: u32,
}

impl Settings {
    pub fn from_config(config: &Config) -> Settings {
        Settings {
            dir: config.backup_dir.clone(),
            warn_days: config.offsite_backup_warn_days,
        }
    }
}

/// What the daily backup did: problems for the message line, and the
/// dashboard's line about backups on another disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub problems: Vec<String>,
    pub notice: Option<Message>,
}

/// Runs `daily` on a thread of its own; the report comes on the channel.
/// The thread is returned so that quitting waits for a backup in progress.
pub fn spawn_daily(db: &Path, settings: Settings) -> (Receiver<Report>, JoinHandle<()>) {
    let (tx, rx) = mpsc::channel();
    let db = db.to_path_buf();
    let thread = std::thread::spawn(move || {
        let _ = tx.send(daily(&db, &settings, Utc::now()));
    });
    (rx, thread)
}

/// Backs the book up beside it when the newest backup there is more than a
/// day old, and into `backup_dir` when the newest there is, keeping seven in
/// each; then looks at how old the newest backup on another disk is.
pub fn daily(db: &Path, settings: &Settings, now: DateTime<Utc>) -> Report {
    let mut problems = Vec::new();
    match Store::open(db) {
        Ok(store) => {
            let beside = crate::store::backup::backup_dir(db);
            if let Err(e) =
                store.backup_in_dir_if_older_than(&beside, Duration::days(1), BACKUPS_KEPT, now)
            {
                problems.push(format!("the daily backup failed: {e}"));
            }
            if let Some(dir) = &settings.dir
                && let Err(e) =
                    store.backup_offsite_if_older_than(dir, Duration::days(1), BACKUPS_KEPT, now)
            {
                problems.push(format!(
                    "no backup in backup_dir: {}; today's backup is only beside the book",
                    clean(&e.to_string())
                ));
            }
        }
        Err(e) => problems.push(format!("the daily backup failed: {e}")),
    }
    let offsite = Offsite::of(db, settings.dir.as_deref());
    Report {
        problems,
        notice: notice(&offsite, settings.warn_days, now),
    }
}

/// The dashboard's line: a quiet hint when no `backup_dir` is set, a warning
/// when the newest backup on another disk is `warn_days` old or more (or
/// cannot be found), nothing when it is recent.
pub fn notice(offsite: &Offsite, warn_days: u32, now: DateTime<Utc>) -> Option<Message> {
    let warn = |text: String| {
        Some(Message {
            text,
            is_error: true,
        })
    };
    let show = |dir: &Path| clean(&dir.display().to_string());
    match offsite {
        Offsite::Unset => Some(Message {
            text: "Backups are only beside the book, on this disk: set backup_dir in config.toml \
                   for a copy elsewhere"
                .into(),
            is_error: false,
        }),
        Offsite::Unreachable(dir) => warn(format!(
            "No backup on another disk: backup_dir {} is not there (plug it in)",
            show(dir)
        )),
        Offsite::SameDisk(dir) => warn(format!(
            "No backup on another disk: backup_dir {} is on the book's own disk",
            show(dir)
        )),
        Offsite::Elsewhere(dir, None) => warn(format!(
            "No backup on another disk yet: none in backup_dir {}",
            show(dir)
        )),
        Offsite::Elsewhere(dir, Some(newest)) => {
            let age = now.signed_duration_since(*newest);
            (age >= Duration::days(i64::from(warn_days))).then(|| Message {
                text: format!(
                    "Last backup on another disk: {} days ago, in {}",
                    age.num_days(),
                    show(dir)
                ),
                is_error: true,
            })
        }
    }
}
