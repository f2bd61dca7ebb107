//! What `generate` is asked for, what it reports back, and how it fails.

use chrono::NaiveDate;

use crate::store::StoreError;

#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Number of contacts; everything else is sized from it.
    pub scale: usize,
    pub seed: u64,
    /// "Today" for the data: follow-ups fall due around it, visits before it.
    pub today: NaiveDate,
    /// Add to a database that already has records.
    pub force: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub organizations: usize,
    pub contacts: usize,
    pub projects: usize,
    pub status_changes: usize,
    pub visits: usize,
    pub follow_ups: usize,
    pub notes: usize,
    pub events: usize,
    pub deliverables: usize,

    pub registrations: usize,
    pub consultations: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "the database already has records; demo data would mix with them (use --force to add it anyway)"
    )]
    NotEmpty,
    #[error("--scale must be at least 1")]
    ZeroScale,
    #[error(transparent)]
    Store(#[from] StoreError),
}
