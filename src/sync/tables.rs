//! Which tables travel between books: the records and their lists, never
//! the search index (FTS5 shadow tables corrupt when written row by row),
//! drafts, import undo logs or the sync bookkeeping itself.

use crate::domain::RecordKind;

/// The data tables, in an order where a table comes after those it links to.
pub const SYNCED: &[&str] = &[
    "organizations",
    "contacts",
    "contact_phones",
    "contact_emails",
    "projects",
    "project_partners",
    "project_status_history",
    "visits",
    "visit_participants",
    "follow_ups",
    "notes",
    // Issue 16's kinds (migration 11).
    "consultations",
    "consultation_people",
    "events",
    "event_invitees",
    "deliverables",
    "registrations",
    "attachment_blobs",
    "attachments",
    // A record's life across books (migration 14).
    "tombstones",
    "redirects",
    "contact_uid_aliases",
];

/// The session's table filter: only the allow-list.
pub fn is_synced(table: &str) -> bool {
    SYNCED.contains(&table)
}

/// What a write's session records: the synced tables but file contents.
/// A file's bytes are stored once, in `attachment_blobs`; a bundle carries
/// those its attachments need in a section of its own (see `blobs`), so the
/// change log does not keep a second copy of every file. Changes of
/// `attachment_blobs` in bundles of the first format still apply.
pub fn is_captured(table: &str) -> bool {
    is_synced(table) && table != "attachment_blobs"
}

/// Columns computed from others (sort keys, phone digits, status ranks):
/// they travel with the field they derive from and never make a conflict.
/// A list item's place in its list is shown order, no race to review.
pub fn is_derived(table: &str, column: &str) -> bool {
    matches!(
        (table, column),
        (_, "sort_key") | ("contact_phones", "digits") | ("projects", "status_rank")
    ) || (column == "position" && super::sets::is_item_table(table))
}

/// The record each synced table's rows belong to: its kind and the column
/// holding its id (the list tables point at their owner); file contents
/// and bookkeeping tables belong to no record.
pub fn owner_column(table: &str) -> Option<(RecordKind, &'static str)> {
    Some(match table {
        "organizations" => (RecordKind::Organization, "id"),
        "contacts" => (RecordKind::Contact, "id"),
        "projects" => (RecordKind::Project, "id"),
        "visits" => (RecordKind::Visit, "id"),
        "follow_ups" => (RecordKind::FollowUp, "id"),
        "notes" => (RecordKind::Note, "id"),
        "contact_phones" | "contact_emails" => (RecordKind::Contact, "contact_id"),
        "project_partners" | "project_status_history" => (RecordKind::Project, "project_id"),
        "visit_participants" => (RecordKind::Visit, "visit_id"),
        "consultations" => (RecordKind::Consultation, "id"),
        "consultation_people" => (RecordKind::Consultation, "consultation_id"),
        "events" => (RecordKind::Event, "id"),
        "event_invitees" => (RecordKind::Event, "event_id"),
        "deliverables" => (RecordKind::Deliverable, "id"),
        "registrations" => (RecordKind::Registration, "id"),
        "attachments" => (RecordKind::Attachment, "id"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_synced_table_exists_with_a_primary_key() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::store::migrations::migrate(&mut conn).unwrap();
        for table in SYNCED {
            let pk: i64 = conn
                .query_row(
                    "SELECT count(*) FROM pragma_table_info(?1) WHERE pk > 0",
                    [table],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(pk > 0, "{table} has no primary key: sessions would skip it");
        }
    }

    #[test]
    fn search_drafts_and_bookkeeping_are_not_synced() {
        for table in [
            "search_docs",
            "search_fields_data",
            "search_names_idx",
            "search_grams",
            "drafts",
            "imports",
            "import_records",
            "sync_log",
            "field_versions",
            "sync_items",
            "sync_set_written",
        ] {
            assert!(!is_synced(table), "{table}");
        }
    }

    #[test]
    fn file_contents_travel_but_are_not_captured() {
        assert!(is_synced("attachment_blobs"));
        assert!(!is_captured("attachment_blobs"));
        assert!(is_captured("attachments"));
        assert!(!is_captured("drafts"));
    }
}
