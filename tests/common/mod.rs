//! Helpers shared by test files (each file includes what it uses).

pub mod book;
pub mod cli;
pub mod desks;
pub mod hubs;
pub mod rng;
pub mod search_book;
pub mod tmux;
pub mod ui_harness;

pub mod pg;
