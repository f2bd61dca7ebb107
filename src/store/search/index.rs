//! Writing the index: the docs of each record, kept in step with every
//! write (save, soft delete, restore) in the same transaction, and rebuilt
//! whole by a migration.

use rusqlite::{Connection, OptionalExtension, params};

use super::text::{cjk_grams, index_text};
use super::typos::{keys, name_words};
use super::{kind_from_key, kind_key};
use crate::domain::*;
use crate::store::error::Result;

/// Which table a doc is indexed in, and how well a match in it ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Class {
    /// Names, native names, readings, titles, reference codes.
    Name = 0,
    /// Organization, role, place, e-mail, tags.
    Other = 1,
    /// Long text: visit observations and issues, project summaries.
    Text = 2,
    /// One phone number.
    Phone = 3,
}

pub(crate) struct Doc {
    pub(super) field: &'static str,
    pub(super) class: Class,
    /// Already folded and expanded for indexing.
    pub(super) text: String,
    /// What a hit on this doc shows as matched (a phone number as written).
    pub(super) shown: Option<String>,
}

fn push(docs: &mut Vec<Doc>, field: &'static str, class: Class, text: Option<&str>) {
    if let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) {
        docs.push(Doc {
            field,
            class,
            text: index_text(t),
            shown: None,
        });
    }
}

/// A city or site and a country, searchable by the country's code and its
/// name (`Nairobi Kenya (KE)`).
fn place([site, country]: [Option<&String>; 2]) -> String {
    let country = country.map(|c| crate::domain::country::display(c));
    [site.cloned(), country]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn organization_docs(o: &Organization) -> Vec<Doc> {
    let mut docs = Vec::new();
    push(&mut docs, "name", Class::Name, Some(&o.name));
    push(
        &mut docs,
        "place",
        Class::Other,
        Some(&place([o.city.as_ref(), o.country.as_ref()])),
    );
    push(&mut docs, "website", Class::Other, o.website.as_deref());
    push(&mut docs, "tags", Class::Other, Some(&o.tags.join(" ")));
    docs
}

pub(crate) fn contact_docs(c: &Contact, organization: Option<&str>) -> Vec<Doc> {
    let mut docs = Vec::new();
    push(&mut docs, "name", Class::Name, Some(&c.display_name));
    push(
        &mut docs,
        "native_name",
        Class::Name,
        c.native_name.as_deref(),
    );
    push(&mut docs, "reading", Class::Name, c.reading.as_deref());
    push(&mut docs, "nickname", Class::Name, c.nickname.as_deref());
    push(&mut docs, "organization", Class::Other, organization);
    push(&mut docs, "role", Class::Other, c.role.as_deref());
    push(
        &mut docs,
        "place",
        Class::Other,
        Some(&place([c.city.as_ref(), c.country.as_ref()])),
    );
    for e in &c.emails {
        push(&mut docs, "email", Class::Other, Some(&e.value));
    }
    for p in &c.phones {
        let forms = crate::domain::phone::search_forms(&p.value, c.country.as_deref());
        if !forms.is_empty() {
            docs.push(Doc {
                field: "phone",
                class: Class::Phone,
                text: forms.join(" "),
                shown: Some(p.value.clone()),
            });
        }
    }
    push(&mut docs, "tags", Class::Other, Some(&c.tags.join(" ")));
    docs
}

pub(crate) fn project_docs(p: &Project) -> Vec<Doc> {
    let mut docs = Vec::new();
    push(&mut docs, "title", Class::Name, Some(&p.title));
    push(&mut docs, "ref", Class::Name, p.ref_code.as_deref());
    push(
        &mut docs,
        "place",
        Class::Other,
        Some(&place([p.site.as_ref(), p.host_country.as_ref()])),
    );
    push(&mut docs, "sector", Class::Other, p.sector.as_deref());
    push(&mut docs, "summary", Class::Text, p.summary.as_deref());
    docs
}

pub(crate) fn visit_docs(v: &Visit) -> Vec<Doc> {
    let mut docs = Vec::new();
    push(&mut docs, "place", Class::Other, v.place.as_deref());
    push(
        &mut docs,
        "observations",
        Class::Text,
        Some(&v.observations),
    );
    push(&mut docs, "issues", Class::Text, Some(&v.issues));
    docs
}

/// An event is found by its title, its place and its agenda.
pub(crate) fn event_docs(e: &Event) -> Vec<Doc> {
    let mut docs = Vec::new();
    push(&mut docs, "title", Class::Name, Some(&e.title));
    push(&mut docs, "place", Class::Other, e.place.as_deref());
    push(&mut docs, "agenda", Class::Text, Some(&e.agenda));
    docs
}

pub(crate) fn follow_up_docs(f: &FollowUp) -> Vec<Doc> {
    let mut docs = Vec::new();
    push(&mut docs, "text", Class::Other, Some(&f.text));
    docs
}

/// A deliverable is found by its title, its kind's label and its note.
pub(crate) fn deliverable_docs(d: &Deliverable) -> Vec<Doc> {
    let mut docs = Vec::new();
    push(&mut docs, "title", Class::Name, d.title.as_deref());
    push(&mut docs, "kind", Class::Other, Some(d.kind.label()));
    push(&mut docs, "note", Class::Text, Some(&d.note));
    docs
}

pub(crate) fn registration_docs(r: &Registration) -> Vec<Doc> {
    let mut docs = Vec::new();
    push(&mut docs, "number", Class::Name, r.number.as_deref());
    push(&mut docs, "kind", Class::Other, Some(r.kind.label()));
    push(&mut docs, "authority", Class::Other, r.authority.as_deref());
    push(&mut docs, "note", Class::Text, Some(&r.note));
    docs
}

pub(crate) fn attachment_docs(a: &Attachment) -> Vec<Doc> {
    let mut docs = Vec::new();
    push(&mut docs, "name", Class::Name, Some(&a.name));
    docs
}

/// A consultation: its question and advice as text, its topic and channel
/// by their labels ("registration" finds the NGO registration ones), and the
/// organization's name is found through the organization itself.
pub(crate) fn consultation_docs(c: &Consultation) -> Vec<Doc> {
    let mut docs = Vec::new();
    push(&mut docs, "summary", Class::Text, Some(&c.summary));
    push(&mut docs, "advice", Class::Text, Some(&c.advice));
    push(&mut docs, "topic", Class::Other, Some(c.topic.label()));
    push(&mut docs, "channel", Class::Other, Some(c.channel.label()));
    docs
}

fn organization_name(conn: &Connection, id: Option<Id>) -> Result<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    Ok(conn
        .prepare_cached("SELECT name FROM organizations WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// The docs of one record as saved; none when it is missing or in the trash.
fn docs_for(conn: &Connection, kind: RecordKind, id: Id) -> Result<Vec<Doc>> {
    let reader = crate::store::read::Reader::new(conn);
    let live = |meta: &Meta| meta.deleted_at.is_none();
    Ok(match kind {
        RecordKind::Organization => reader
            .organization(id)?
            .filter(|o| live(&o.meta))
            .map(|o| organization_docs(&o)),
        RecordKind::Contact => match reader.contact_to_index(id)?.filter(|c| live(&c.meta)) {
            Some(c) => Some(contact_docs(
                &c,
                organization_name(conn, c.organization_id)?.as_deref(),
            )),
            None => None,
        },
        RecordKind::Project => reader
            .project(id)?
            .filter(|p| live(&p.meta))
            .map(|p| project_docs(&p)),
        RecordKind::Visit => reader
            .visit(id)?
            .filter(|v| live(&v.meta))
            .map(|v| visit_docs(&v)),
        // Notes are indexed by `reindex_note`.
        RecordKind::Note => None,
        // Only the text: a migration before 11 (which added follow-ups'
        // consultation_id) rebuilds the index with the schema of its day.
        RecordKind::FollowUp => conn
            .prepare_cached("SELECT text FROM follow_ups WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row([id], |r| r.get::<_, String>(0))
            .optional()?
            .map(|text| follow_up_docs(&FollowUp::new(text))),
        RecordKind::Event => reader
            .event(id)?
            .filter(|e| live(&e.meta))
            .map(|e| event_docs(&e)),
        RecordKind::Deliverable => reader
            .deliverable(id)?
            .filter(|d| live(&d.meta))
            .map(|d| deliverable_docs(&d)),

        RecordKind::Registration => reader
            .registration(id)?
            .filter(|r| live(&r.meta))
            .map(|r| registration_docs(&r)),
        RecordKind::Attachment => reader
            .attachment(id)?
            .filter(|a| live(&a.meta))
            .map(|a| attachment_docs(&a)),
        RecordKind::Consultation => reader
            .consultation(id)?
            .filter(|c| live(&c.meta))
            .map(|c| consultation_docs(&c)),
    }
    .unwrap_or_default())
}

/// The index tables a doc of `class` has rows in (keyed by the doc id).
fn tables_of(class: i64) -> &'static [&'static str] {
    match class {
        c if c == Class::Name as i64 => &[
            "DELETE FROM search_fields WHERE rowid = ?1",
            "DELETE FROM search_grams WHERE doc = ?1",
            "DELETE FROM search_names WHERE rowid = ?1",
        ],
        c if c == Class::Other as i64 => &[
            "DELETE FROM search_fields WHERE rowid = ?1",
            "DELETE FROM search_grams WHERE doc = ?1",
        ],
        c if c == Class::Phone as i64 => &["DELETE FROM search_phones WHERE rowid = ?1"],
        _ => &["DELETE FROM search_text WHERE rowid = ?1"],
    }
}

/// Removes a record from the index. (Its name words stay in the typo
/// vocabulary: a stale word there finds nothing, and a rebuild drops it.)
pub(crate) fn unindex(conn: &Connection, id: Id) -> Result<()> {
    let docs: Vec<(i64, i64)> = conn
        .prepare_cached("SELECT id, class FROM search_docs WHERE record_id = ?1")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (doc, class) in docs {
        for sql in tables_of(class) {
            conn.prepare_cached(sql)?.execute([doc])?;
        }
        conn.prepare_cached("DELETE FROM search_docs WHERE id = ?1")?
            .execute([doc])?;
    }
    Ok(())
}

/// (Re)indexes a record as it is now: in the trash means not indexed.
/// `fresh`: the record was just inserted, so there is nothing to remove first.
pub(crate) fn reindex(
    conn: &Connection,
    kind: RecordKind,
    id: Id,
    fresh: bool,
    known: Option<Vec<Doc>>,
    batch: &mut IndexBatch,
) -> Result<()> {
    if !fresh {
        unindex(conn, id)?;
    }
    let docs = match known {
        Some(docs) => merge(docs),
        None => merge(docs_for(conn, kind, id)?),
    };
    batch.add(conn, kind, id, docs)
}

/// Index rows gathered across many records and written table by table at
/// the end: FTS5 builds its index best from long runs of inserts into one
/// table (other statements in between make it flush tiny segments).
#[derive(Default)]
pub(crate) struct IndexBatch {
    fields: Vec<(i64, Option<String>, Option<String>)>,
    names: Vec<(i64, String)>,
    text: Vec<(i64, String)>,
    phones: Vec<(i64, String)>,
    grams: Vec<(String, i64)>,
    /// Name words for the typo vocabulary, each once per batch.
    typo_words: std::collections::BTreeSet<String>,
}

impl IndexBatch {
    fn add(&mut self, conn: &Connection, kind: RecordKind, id: Id, docs: Vec<Doc>) -> Result<()> {
        let mut insert = conn.prepare_cached(
            "INSERT INTO search_docs (kind, record_id, field, class, shown) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for doc in docs {
            insert.execute(params![
                kind_key(kind),
                id,
                doc.field,
                doc.class as i64,
                doc.shown
            ])?;
            let rowid = conn.last_insert_rowid();
            match doc.class {
                Class::Text => self.text.push((rowid, doc.text)),
                Class::Phone => self.phones.push((rowid, doc.text)),
                Class::Name => {
                    self.grams
                        .extend(cjk_grams(&doc.text).into_iter().map(|g| (g, rowid)));
                    self.typo_words.extend(name_words(&doc.text));
                    self.names.push((rowid, doc.text.clone()));
                    self.fields.push((rowid, Some(doc.text), None));
                }
                Class::Other => {
                    self.grams
                        .extend(cjk_grams(&doc.text).into_iter().map(|g| (g, rowid)));
                    self.fields.push((rowid, None, Some(doc.text)));
                }
            }
        }
        Ok(())
    }

    pub(crate) fn write(self, conn: &Connection) -> Result<()> {
        let mut stmt = conn
            .prepare_cached("INSERT INTO search_fields (rowid, name, other) VALUES (?1, ?2, ?3)")?;
        for (rowid, name, other) in &self.fields {
            stmt.execute(params![rowid, name, other])?;
        }
        for (sql, rows) in [
            (
                "INSERT INTO search_names (rowid, body) VALUES (?1, ?2)",
                &self.names,
            ),
            (
                "INSERT INTO search_text (rowid, body) VALUES (?1, ?2)",
                &self.text,
            ),
            (
                "INSERT INTO search_phones (rowid, forms) VALUES (?1, ?2)",
                &self.phones,
            ),
        ] {
            let mut stmt = conn.prepare_cached(sql)?;
            for (rowid, body) in rows {
                stmt.execute(params![rowid, body])?;
            }
        }
        let mut grams = self.grams;
        grams.sort();
        grams.dedup();
        let mut stmt =
            conn.prepare_cached("INSERT OR IGNORE INTO search_grams (gram, doc) VALUES (?1, ?2)")?;
        for (gram, doc) in &grams {
            stmt.execute(params![gram, doc])?;
        }
        let mut stmt =
            conn.prepare_cached("INSERT OR IGNORE INTO search_typos (key, word) VALUES (?1, ?2)")?;
        for word in &self.typo_words {
            for key in keys(word) {
                stmt.execute(params![key, word])?;
            }
        }
        Ok(())
    }
}

/// What separates a record's fields inside one doc: a control character no
/// query contains, so no match runs from one field into the next.
const FIELD_SEPARATOR: &str = " \u{1f} ";

/// One doc per class for names and other fields: a contact is a few docs,
/// not a dozen. Long text keeps a doc per field (it is said which one
/// matched), and each phone number is a doc of its own (a query's digits
/// must all be in one number).
fn merge(docs: Vec<Doc>) -> Vec<Doc> {
    let mut merged: Vec<Doc> = Vec::new();
    for doc in docs {
        let mergeable = matches!(doc.class, Class::Name | Class::Other);
        match merged
            .iter_mut()
            .find(|m| mergeable && m.class == doc.class)
        {
            Some(m) => {
                m.text.push_str(FIELD_SEPARATOR);
                m.text.push_str(&doc.text);
            }
            None if mergeable => merged.push(Doc {
                field: class_label(doc.class),
                ..doc
            }),
            None => merged.push(doc),
        }
    }
    merged
}

fn class_label(class: Class) -> &'static str {
    match class {
        Class::Name => "name",
        Class::Other => "details",
        Class::Text => "text",
        Class::Phone => "phone",
    }
}

/// Makes `fieldbook_index_text(text)` available to SQL, so bulk indexing
/// runs as one statement with the same folding as everything else.
pub(crate) fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "fieldbook_index_text",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.map(|t| index_text(&t)))
        },
    )
}

/// Indexes, in one statement, every note from `first_rowid` on: the notes
/// a bulk write just added (rowids only grow, so they are all new).
pub(crate) fn index_new_notes_from(conn: &Connection, first_rowid: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO search_notes (rowid, body)
         SELECT rowid, fieldbook_index_text(body) FROM notes
         WHERE rowid >= ?1 AND deleted_at IS NULL ORDER BY rowid",
        [first_rowid],
    )?;
    Ok(())
}

/// How many notes have a rowid from `first_rowid` on.
pub(crate) fn notes_from(conn: &Connection, first_rowid: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM notes WHERE rowid >= ?1",
        [first_rowid],
        |r| r.get(0),
    )?)
}

/// (Re)indexes one note by its rowid; a note in the trash is not indexed.
pub(crate) fn reindex_note(conn: &Connection, rowid: i64, fresh: bool) -> Result<()> {
    if !fresh {
        conn.prepare_cached("DELETE FROM search_notes WHERE rowid = ?1")?
            .execute([rowid])?;
    }
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM notes WHERE rowid = ?1 AND deleted_at IS NULL")?
        .query_row([rowid], |r| r.get(0))
        .optional()?;
    if let Some(body) = body {
        conn.prepare_cached("INSERT INTO search_notes (rowid, body) VALUES (?1, ?2)")?
            .execute(params![rowid, index_text(&body)])?;
    }
    Ok(())
}

/// Rebuilds the whole index from the records (migration 3's job, and
/// migration 10's once phones, kana and typos are indexed anew).
pub(crate) fn rebuild(conn: &Connection) -> Result<()> {
    // Migrations may run on a connection the store did not set up.
    register_functions(conn)?;
    conn.execute_batch(
        "DELETE FROM search_docs; DELETE FROM search_fields; DELETE FROM search_text;
         DELETE FROM search_notes; DELETE FROM search_names; DELETE FROM search_grams;",
    )?;
    let all: Vec<(String, Id)> = conn
        .prepare(
            "SELECT 'organization', id FROM organizations WHERE deleted_at IS NULL
             UNION ALL SELECT 'contact', id FROM contacts WHERE deleted_at IS NULL
             UNION ALL SELECT 'project', id FROM projects WHERE deleted_at IS NULL
             UNION ALL SELECT 'visit', id FROM visits WHERE deleted_at IS NULL
             UNION ALL SELECT 'follow_up', id FROM follow_ups WHERE deleted_at IS NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut all = all;
    all.extend(desk_records(conn)?);
    let mut batch = IndexBatch::default();
    for (kind, id) in all {
        if let Some(kind) = kind_from_key(&kind) {
            reindex(conn, kind, id, true, None, &mut batch)?;
        }
    }
    batch.write(conn)?;
    index_new_notes_from(conn, i64::MIN)?;
    Ok(())
}

/// The records of migration 11's kinds to index, once it has made their
/// tables: a rebuild by an earlier migration (10) runs before they exist.
fn desk_records(conn: &Connection) -> Result<Vec<(String, Id)>> {
    let made: bool = conn.query_row(
        "SELECT count(*) = 1 FROM sqlite_master WHERE type = 'table' AND name = 'consultations'",
        [],
        |r| r.get(0),
    )?;
    if !made {
        return Ok(Vec::new());
    }
    Ok(conn
        .prepare(
            "SELECT 'consultation', id FROM consultations WHERE deleted_at IS NULL
             UNION ALL SELECT 'event', id FROM events WHERE deleted_at IS NULL
             UNION ALL SELECT 'deliverable', id FROM deliverables WHERE deleted_at IS NULL
             UNION ALL SELECT 'registration', id FROM registrations WHERE deleted_at IS NULL
             UNION ALL SELECT 'attachment', id FROM attachments WHERE deleted_at IS NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Migration 9: the index rebuilt with phones, kana folding, CJK spacing
/// and the typo vocabulary (its SQL made the new tables, empty).
pub(crate) fn rebuild_all(conn: &Connection) -> Result<()> {
    conn.execute_batch("DELETE FROM search_phones; DELETE FROM search_typos;")?;
    rebuild(conn)
}
