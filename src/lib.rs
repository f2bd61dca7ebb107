//! fieldbook: an offline, keyboard-driven record book for NGO desk officers.
//!
//! `domain` holds the records and their rules, `store` the SQLite file (the
//! only SQL), `cli` the scripting commands, `demo` the sample-data generator
//! and `paths` where the data lives.

pub mod cli;
pub mod demo;
pub mod domain;
pub mod paths;
pub mod store;
