//! The one place where rows become domain types and back. Each table has a
//! column list and a mapper that reads exactly those columns, in order.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rusqlite::Row;
use rusqlite::types::{FromSqlError, Type};

use crate::domain::*;

pub fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn instant(ms: i64, col: usize) -> rusqlite::Result<DateTime<Utc>> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .ok_or_else(|| bad(col, format!("timestamp {ms} out of range")))
}

fn opt_instant(ms: Option<i64>, col: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    ms.map(|v| instant(v, col)).transpose()
}

pub fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn date(s: &str, col: usize) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| bad(col, e.to_string()))
}

pub fn opt_date(s: Option<String>, col: usize) -> rusqlite::Result<Option<NaiveDate>> {
    s.map(|v| date(&v, col)).transpose()
}

pub fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

fn list(s: &str, col: usize) -> rusqlite::Result<Vec<String>> {
    serde_json::from_str(s).map_err(|e| bad(col, e.to_string()))
}

pub(crate) fn choice<T>(
    parse: fn(&str) -> Result<T, String>,
    s: &str,
    col: usize,
) -> rusqlite::Result<T> {
    parse(s).map_err(|e| bad(col, e))
}

fn bad(col: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        col,
        Type::Text,
        Box::new(FromSqlError::Other(message.into())),
    )
}

/// Reads `id, created_at, updated_at, deleted_at` starting at column `at`.
pub(crate) fn meta(row: &Row, at: usize) -> rusqlite::Result<Meta> {
    Ok(Meta {
        id: row.get(at)?,
        created_at: instant(row.get(at + 1)?, at + 1)?,
        updated_at: instant(row.get(at + 2)?, at + 2)?,
        deleted_at: opt_instant(row.get(at + 3)?, at + 3)?,
    })
}

macro_rules! organization_columns {
    () => {
        "id, created_at, updated_at, deleted_at, name, kind, country, city, website, tags"
    };
}
pub(crate) use organization_columns;

pub fn organization(row: &Row) -> rusqlite::Result<Organization> {
    Ok(Organization {
        meta: meta(row, 0)?,
        name: row.get(4)?,
        kind: choice(OrgKind::parse, &row.get::<_, String>(5)?, 5)?,
        country: row.get(6)?,
        city: row.get(7)?,
        website: row.get(8)?,
        tags: list(&row.get::<_, String>(9)?, 9)?,
    })
}

macro_rules! contact_columns {
    () => {
        concat!(rows::contact_fields!(), ", uid, nickname")
    };
}
pub(crate) use contact_columns;

/// The columns every schema since the first has: what the search index
/// reads, so an early migration that reindexes (migration 6) runs before
/// the `uid` column of migration 7 exists (the index adds `nickname`,
/// migration 8's, when the table has it: `Reader::contact_to_index`).
macro_rules! contact_fields {
    () => {
        "id, created_at, updated_at, deleted_at, display_name, \
     native_name, reading, organization_id, role, languages, country, city, tags"
    };
}
pub(crate) use contact_fields;

/// Phones and e-mails live in their own tables; the caller fills them in.
pub fn contact(row: &Row) -> rusqlite::Result<Contact> {
    Ok(Contact {
        meta: meta(row, 0)?,
        display_name: row.get(4)?,
        native_name: row.get(5)?,
        reading: row.get(6)?,
        nickname: optional_column(row, "nickname")?,
        organization_id: row.get(7)?,
        role: row.get(8)?,
        phones: Vec::new(),
        emails: Vec::new(),
        languages: list(&row.get::<_, String>(9)?, 9)?,
        country: row.get(10)?,
        city: row.get(11)?,
        tags: list(&row.get::<_, String>(12)?, 12)?,
        // Absent when read with `contact_fields` (the search index).
        uid: optional_column(row, "uid")?,
    })
}

/// A column that later migrations added, `None` when the query did not
/// select it (the search index reads what the schema of its day has).
fn optional_column(row: &Row, name: &str) -> rusqlite::Result<Option<String>> {
    match row.as_ref().column_index(name) {
        Ok(at) => row.get(at),
        Err(_) => Ok(None),
    }
}

macro_rules! project_columns {
    () => {
        "id, created_at, updated_at, deleted_at, ref_code, title, \
     implementing_org_id, host_country, site, sector, programme_type, start_date, end_date, \
     budget_hundredths, budget_currency, summary, status"
    };
}
pub(crate) use project_columns;

/// Partners live in their own table; the caller fills them in.
pub fn project(row: &Row) -> rusqlite::Result<Project> {
    let budget = match (
        row.get::<_, Option<i64>>(13)?,
        row.get::<_, Option<String>>(14)?,
    ) {
        (Some(hundredths), Some(code)) => Some(Money {
            hundredths,
            currency: Currency::stored(&code),
        }),
        _ => None,
    };
    Ok(Project {
        meta: meta(row, 0)?,
        ref_code: row.get(4)?,
        title: row.get(5)?,
        implementing_org_id: row.get(6)?,
        partner_org_ids: Vec::new(),
        host_country: row.get(7)?,
        site: row.get(8)?,
        sector: row.get(9)?,
        programme_type: row
            .get::<_, Option<String>>(10)?
            .map(|s| choice(ProgrammeType::parse, &s, 10))
            .transpose()?,
        start_date: opt_date(row.get(11)?, 11)?,
        end_date: opt_date(row.get(12)?, 12)?,
        budget,
        summary: row.get(15)?,
        status: choice(ProjectStatus::parse, &row.get::<_, String>(16)?, 16)?,
    })
}

macro_rules! status_change_columns {
    () => {
        "id, project_id, from_status, to_status, changed_at, reason"
    };
}
pub(crate) use status_change_columns;

pub fn status_change(row: &Row) -> rusqlite::Result<StatusChange> {
    Ok(StatusChange {
        id: row.get(0)?,
        project_id: row.get(1)?,
        from: row
            .get::<_, Option<String>>(2)?
            .map(|s| choice(ProjectStatus::parse, &s, 2))
            .transpose()?,
        to: choice(ProjectStatus::parse, &row.get::<_, String>(3)?, 3)?,
        changed_at: instant(row.get(4)?, 4)?,
        reason: row.get(5)?,
    })
}

macro_rules! visit_columns {
    () => {
        "id, created_at, updated_at, deleted_at, date, place, purpose, \
     project_id, observations, issues"
    };
}
pub(crate) use visit_columns;

/// Participants live in their own table; the caller fills them in.
pub fn visit(row: &Row) -> rusqlite::Result<Visit> {
    Ok(Visit {
        meta: meta(row, 0)?,
        date: date(&row.get::<_, String>(4)?, 4)?,
        place: row.get(5)?,
        purpose: choice(Purpose::parse, &row.get::<_, String>(6)?, 6)?,
        project_id: row.get(7)?,
        participant_ids: Vec::new(),
        observations: row.get(8)?,
        issues: row.get(9)?,
    })
}

macro_rules! consultation_columns {
    () => {
        "id, created_at, updated_at, deleted_at, date, channel, topic, \
     organization_id, project_id, summary, advice, minutes"
    };
}
pub(crate) use consultation_columns;

/// People live in their own table; the caller fills them in.
pub fn consultation(row: &Row) -> rusqlite::Result<Consultation> {
    Ok(Consultation {
        meta: meta(row, 0)?,
        date: date(&row.get::<_, String>(4)?, 4)?,
        channel: choice(Channel::parse, &row.get::<_, String>(5)?, 5)?,
        topic: choice(Topic::parse, &row.get::<_, String>(6)?, 6)?,
        organization_id: row.get(7)?,
        project_id: row.get(8)?,
        people_ids: Vec::new(),
        summary: row.get(9)?,
        advice: row.get(10)?,
        minutes: row.get(11)?,
    })
}

macro_rules! follow_up_columns {
    () => {
        "id, created_at, updated_at, deleted_at, text, \
     owner_contact_id, due_date, done_at, visit_id, project_id, contact_id, \
     consultation_id"
    };
}
pub(crate) use follow_up_columns;

pub fn follow_up(row: &Row) -> rusqlite::Result<FollowUp> {
    Ok(FollowUp {
        meta: meta(row, 0)?,
        text: row.get(4)?,
        owner: match row.get::<_, Option<Id>>(5)? {
            Some(id) => Owner::Contact(id),
            None => Owner::Officer,
        },
        due_date: opt_date(row.get(6)?, 6)?,
        done_at: opt_instant(row.get(7)?, 7)?,
        visit_id: row.get(8)?,
        project_id: row.get(9)?,
        contact_id: row.get(10)?,
        consultation_id: row.get(11)?,
    })
}

macro_rules! note_columns {
    () => {
        "id, created_at, updated_at, deleted_at, body, \
     organization_id, contact_id, project_id, visit_id"
    };
}
pub(crate) use note_columns;

pub fn note(row: &Row) -> rusqlite::Result<Note> {
    let target = match (
        row.get::<_, Option<Id>>(5)?,
        row.get::<_, Option<Id>>(6)?,
        row.get::<_, Option<Id>>(7)?,
        row.get::<_, Option<Id>>(8)?,
    ) {
        (Some(id), _, _, _) => NoteTarget::Organization(id),
        (_, Some(id), _, _) => NoteTarget::Contact(id),
        (_, _, Some(id), _) => NoteTarget::Project(id),
        (_, _, _, Some(id)) => NoteTarget::Visit(id),
        _ => return Err(bad(5, "note is attached to nothing".into())),
    };
    Ok(Note {
        meta: meta(row, 0)?,
        target,
        body: row.get(4)?,
    })
}

macro_rules! event_columns {
    () => {
        "id, created_at, updated_at, deleted_at, title, kind, start_date, end_date, \
     start_time, end_time, place, online, organizer_org_id, project_id, agenda"
    };
}
pub(crate) use event_columns;

/// Invitees live in their own table; the caller fills them in.
pub fn event(row: &Row) -> rusqlite::Result<Event> {
    Ok(Event {
        meta: meta(row, 0)?,
        title: row.get(4)?,
        kind: choice(EventKind::parse, &row.get::<_, String>(5)?, 5)?,
        start_date: date(&row.get::<_, String>(6)?, 6)?,
        end_date: opt_date(row.get(7)?, 7)?,
        start_time: row.get(8)?,
        end_time: row.get(9)?,
        place: row.get(10)?,
        online: row.get(11)?,
        organizer_org_id: row.get(12)?,
        project_id: row.get(13)?,
        agenda: row.get(14)?,
        invitees: Vec::new(),
    })
}

macro_rules! invitee_columns {
    () => {
        "contact_id, organization_id, status, role, updated_at"
    };
}
pub(crate) use invitee_columns;

pub fn invitee(row: &Row) -> rusqlite::Result<Invitee> {
    let who = match (row.get::<_, Option<Id>>(0)?, row.get::<_, Option<Id>>(1)?) {
        (Some(id), _) => InviteeRef::Contact(id),
        (_, Some(id)) => InviteeRef::Organization(id),
        _ => {
            return Err(bad(
                0,
                "invitee is neither a contact nor an organization".into(),
            ));
        }
    };
    Ok(Invitee {
        who,
        status: choice(InviteeStatus::parse, &row.get::<_, String>(2)?, 2)?,
        role: choice(InviteeRole::parse, &row.get::<_, String>(3)?, 3)?,
        updated_at: instant(row.get(4)?, 4)?,
    })
}

macro_rules! deliverable_columns {
    () => {
        "id, created_at, updated_at, deleted_at, project_id, kind, title, period_end, \
     due_date, submitter_org_id, submitter_contact_id, status, submitted_on, accepted_on, note"
    };
}
pub(crate) use deliverable_columns;

pub fn deliverable(row: &Row) -> rusqlite::Result<Deliverable> {
    Ok(Deliverable {
        meta: meta(row, 0)?,
        project_id: row.get(4)?,
        kind: choice(DeliverableKind::parse, &row.get::<_, String>(5)?, 5)?,
        title: row.get(6)?,
        period_end: opt_date(row.get(7)?, 7)?,
        due_date: date(&row.get::<_, String>(8)?, 8)?,
        submitter_org_id: row.get(9)?,
        submitter_contact_id: row.get(10)?,
        status: choice(DeliverableStatus::parse, &row.get::<_, String>(11)?, 11)?,
        submitted_on: opt_date(row.get(12)?, 12)?,
        accepted_on: opt_date(row.get(13)?, 13)?,
        note: row.get(14)?,
    })
}
