//! The labels the report prints for the keys the book stores ("phone" ->
//! "Phone", "in_progress" -> "In progress"), from the domain's own lists;
//! a key the domain does not know (written by a newer version) is printed
//! as it is stored, with its underscores as spaces.

use crate::domain::{OrgKind, ProjectStatus};

fn as_stored(key: &str) -> String {
    key.replace('_', " ")
}

pub fn project_status(key: &str) -> String {
    ProjectStatus::parse(key).map_or_else(|_| as_stored(key), |s| s.label().to_string())
}

pub fn org_kind(key: &str) -> String {
    if key == "none" {
        return "no organization".to_string();
    }
    OrgKind::parse(key).map_or_else(|_| as_stored(key), |k| k.label().to_string())
}

pub fn topic(key: &str) -> String {
    as_stored(key)
}

pub fn channel(key: &str) -> String {
    as_stored(key)
}

pub fn event_kind(key: &str) -> String {
    as_stored(key)
}

pub fn invitee_status(key: &str) -> String {
    as_stored(key)
}

pub fn deliverable_kind(key: &str) -> String {
    as_stored(key)
}

pub fn deliverable_status(key: &str) -> String {
    as_stored(key)
}

pub fn registration_kind(key: &str) -> String {
    as_stored(key)
}
