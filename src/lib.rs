//! fieldbook: an offline, keyboard-driven record book for NGO desk officers.
//!
//! `domain` holds the records and their rules, `store` the SQLite file (the
//! only SQL), `ui` the terminal interface, `cli` the scripting commands,
//! `demo` the sample-data generator, `config` the user's settings and
//! `paths` where the data lives.

pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod durable;
pub mod exchange;
pub mod ops;
pub mod paths;
pub mod store;
pub mod sync;
pub mod ui;

pub mod hub;
