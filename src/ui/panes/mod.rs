//! The panes of the main screen, one file each.

pub mod dashboard;
pub mod dashboard_deliverables;
pub mod detail_lines;
pub mod details;
pub mod list;
pub mod timeline;

pub mod dashboard_registrations;

pub mod dashboard_review;
