//! Operations that combine reading files, the book and progress, run the
//! same way by the command line and the terminal UI.

pub mod import;
pub mod progress;

pub mod attachments;

pub mod merge;
