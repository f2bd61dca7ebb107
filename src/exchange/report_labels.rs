//! The labels the report prints for the keys the book stores ("phone" ->
//! "Phone", "in_progress" -> "In progress"), from the domain's own lists;
//! a key the domain does not know (written by a newer version) is printed
//! as it is stored, with its underscores as spaces.

use crate::domain::{
    Channel, DeliverableKind, DeliverableStatus, EventKind, InviteeStatus, OrgKind, ProjectStatus,
    RegistrationKind, Topic,
};

/// The label of `key` in the list `parse` reads, else the key as stored.
fn label<T: std::fmt::Display>(key: &str, parse: fn(&str) -> Result<T, String>) -> String {
    parse(key).map_or_else(|_| key.replace('_', " "), |v| v.to_string())
}

pub fn project_status(key: &str) -> String {
    label(key, ProjectStatus::parse)
}

pub fn org_kind(key: &str) -> String {
    if key == "none" {
        return "no organization".to_string();
    }
    label(key, OrgKind::parse)
}

pub fn topic(key: &str) -> String {
    label(key, Topic::parse)
}

pub fn channel(key: &str) -> String {
    label(key, Channel::parse)
}

pub fn event_kind(key: &str) -> String {
    label(key, EventKind::parse)
}

pub fn invitee_status(key: &str) -> String {
    label(key, InviteeStatus::parse)
}

pub fn deliverable_kind(key: &str) -> String {
    label(key, DeliverableKind::parse)
}

pub fn deliverable_status(key: &str) -> String {
    label(key, DeliverableStatus::parse)
}

pub fn registration_kind(key: &str) -> String {
    label(key, RegistrationKind::parse)
}
