//! The search index and its queries. Indexing (`index`) runs in the same
//! transaction as the write it follows; queries (`query`) combine a
//! word-prefix index, a trigram index for name substrings, a CJK n-gram
//! table, a trigram index over the digits of each phone number and a typo
//! vocabulary, then rank: exact name, phone, name prefix, other name
//! matches, other fields, text, approximate (one typo).

mod hits;
mod index;
mod list_order;
mod query;
mod records;
mod samples;
mod text;
mod typos;

mod forget;

pub(crate) use index::consultation_docs;
pub(crate) use index::{
    Doc, IndexBatch, contact_docs, follow_up_docs, index_new_notes_from, notes_from,
    organization_docs, project_docs, rebuild_all, register_functions, reindex, reindex_note,
    visit_docs,
};

pub(crate) use index::event_docs;

pub(crate) use index::deliverable_docs;
pub(crate) use index::{attachment_docs, registration_docs};
pub use text::{index_text, search_fold};

pub(crate) use forget::forget_name_words;
pub(crate) use index::unindex;

use crate::domain::*;

/// Inputs for `fieldbook bench search`.
pub struct BenchSamples {
    pub names: Vec<(String, Option<String>)>,
    pub note_words: Vec<String>,
    /// Phone numbers as written, spread over the book.
    pub phones: Vec<String>,
}

/// One search result: what it is, why it matched and whose it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SearchHit {
    pub kind: RecordKind,
    pub id: Id,
    pub title: String,
    /// The field that matched (`name`, `native_name`, `reading`, `phone`,
    /// `email`, `organization`, `note`...).
    pub field: String,
    /// 0 exact name, 1 phone, 2 name prefix, 3 other name match, 4 other
    /// field, 5 text, 6 approximate (one typing mistake).
    pub rank: u8,
    /// What matched, as written: the phone number, the reading, the
    /// e-mail; for notes and long text, a snippet around the first match.
    pub matched: String,
    /// Found only with one typing mistake corrected.
    pub approximate: bool,
    /// The record a note is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
    /// A contact's organization (a project's implementing one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// A contact's or organization's city, a project's site.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// A contact's role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// The record a note hit is on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Owner {
    pub kind: RecordKind,
    pub id: Id,
    pub title: String,
    /// A contact owner's organization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
}

/// A record the index matched, before it is read for showing.
pub(super) struct Candidate {
    kind: RecordKind,
    id: Id,
    /// The doc's field: a merged doc's class label (`name`, `details`) or
    /// the field itself (`phone`, `observations`).
    field: String,
    /// The class of the doc that matched (`None`: found by sorted name).
    class: Option<index::Class>,
    /// What the doc shows as matched (a phone number as written).
    shown: Option<String>,
    tier: u8,
    approximate: bool,
}

fn kind_key(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Organization => "organization",
        RecordKind::Contact => "contact",
        RecordKind::Project => "project",
        RecordKind::Visit => "visit",
        RecordKind::FollowUp => "follow_up",
        RecordKind::Note => "note",
        RecordKind::Event => "event",
        RecordKind::Deliverable => "deliverable",

        RecordKind::Registration => "registration",
        RecordKind::Attachment => "attachment",
        RecordKind::Consultation => "consultation",
    }
}

fn kind_from_key(key: &str) -> Option<RecordKind> {
    RecordKind::ALL.into_iter().find(|k| kind_key(*k) == key)
}
