//! Offline exchange between books (issue 17): each committed write's
//! changes, recorded by SQLite's session extension, go into a log; bundles
//! of the log travel as files; a book applies what it receives field by
//! field and lists the races as conflicts.
//!
//! `session` wraps the extension, `tables` says what travels, `identity`
//! holds the replica id and clock, `capture` logs each write transaction,
//! `versions` keeps each field's version.

pub mod apply;
pub mod bundle;
pub mod capture;
pub mod export;
pub mod identity;
pub mod import;
pub mod report;
pub mod row_key;
pub mod session;
pub mod tables;
pub mod versions;
