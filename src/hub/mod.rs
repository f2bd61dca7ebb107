//! The head-office hub (issue 18): a PostgreSQL database that desks push
//! their change log to and pull the others' from when they are online, and
//! that head office queries with SQL (read tables kept up to date by the
//! hub itself, see `sql/0001_hub.sql`).
//!
//! `connect` opens the connection (TLS through rustls), `schema` creates
//! and migrates the hub and sets up desk roles, `operations` decodes a
//! changeset into per-field operations, `push` and `pull` exchange a book's
//! log with the hub.

pub mod audit;
pub mod connect;
pub mod operations;
pub mod pgpass;
pub mod pull;
pub mod push;
pub mod schema;
pub mod scrub;
pub mod upgrade;

pub use connect::{Hub, connect, connect_with};

/// Why a hub command failed, worded for the person running it.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error(
        "{0} is not a hub address ({1}); use postgresql://user@host/db?sslmode=require or postgresql:///db?host=/socket/dir"
    )]
    BadUrl(String, String),
    #[error("cannot reach the hub at {0}: {1}. Nothing was changed")]
    Unreachable(String, String),
    /// The server answered and said no: a wrong password, an unknown role
    /// or database, a pg_hba.conf rule; someone must fix the settings.
    #[error("the hub at {0} refused the login: {1}. Nothing was changed")]
    LoginRefused(String, String),
    #[error(
        "cannot use the hub at {0}: its CA certificate file {1}: {2}; fix hub_ca or FIELDBOOK_HUB_CA. Nothing was changed"
    )]
    BadCaFile(String, String, String),
    #[error(
        "the hub at {0} has no fieldbook schema; head office runs `fieldbook hub init --hub URL` first. Nothing was changed"
    )]
    NotInitialised(String),
    #[error(
        "the hub at {0} has schema version {1}, newer than this fieldbook knows ({2}); upgrade fieldbook. Nothing was changed"
    )]
    NewerHub(String, i32, i32),
    #[error(
        "the hub at {0} has schema version {1}; head office runs `fieldbook hub migrate --hub URL` to bring it to {2}. Nothing was changed"
    )]
    OlderHub(String, i32, i32),
    #[error("the hub at {0} refused: {1}")]
    Refused(String, String),
    #[error("the connection to the hub at {0} broke: {1}; run the command again to send the rest")]
    Dropped(String, String),
    #[error(
        "the hub at {0} holds change #{2} of desk {1} with other content than this book: one of them is a copy never given its own identity; run `fieldbook sync reset-id` on the copy. Nothing more was sent"
    )]
    Forked(String, String, i64),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("a change from the hub {0}")]
    Bundle(String),
}

impl From<rusqlite::Error> for HubError {
    fn from(e: rusqlite::Error) -> Self {
        HubError::Store(e.into())
    }
}

pub type Result<T, E = HubError> = std::result::Result<T, E>;
