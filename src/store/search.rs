//! The search index and its queries. Indexing runs in the same transaction
//! as the write it follows (save, soft delete, restore); queries combine a
//! word-prefix index, a trigram index for name substrings and a CJK n-gram
//! table, then rank: exact name, name prefix, other name matches, other
//! fields, text.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::error::Result;
use crate::domain::text::{fold, phone_digits};
use crate::domain::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Name = 0,
    Other = 1,
    Text = 2,
}

pub(super) struct Doc {
    field: &'static str,
    class: Class,
    /// Already folded and expanded for indexing.
    text: String,
}

/// Inputs for `fieldbook bench search`.
pub struct BenchSamples {
    pub names: Vec<(String, Option<String>)>,
    pub note_words: Vec<String>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SearchHit {
    pub kind: RecordKind,
    pub id: Id,
    pub title: String,
    /// The field that matched best (`name`, `reading`, `email`, `note`...).
    pub field: String,
    /// 0 exact name, 1 name prefix, 2 other name match, 3 other field, 4 text.
    pub rank: u8,
}

/// Text as indexed: folded, plus each word with its apostrophes and hyphens
/// removed (`n'diaye` is also indexed as `ndiaye`), so both spellings find it.
pub fn index_text(text: &str) -> String {
    let mut out = fold(text);
    for word in joined_words(&out) {
        out.push(' ');
        out.push_str(&word);
    }
    out
}

/// The words of `folded` with an apostrophe, hyphen or dot inside them,
/// written as one: `n'diaye` -> `ndiaye`, `e.g` -> `eg`. Only the words
/// around those characters are looked at: this runs on every note saved,
/// a million times when loading demo data.
fn joined_words(folded: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut from = 0;
    while let Some(offset) = folded[from..].find(is_joiner) {
        let at = from + offset;
        let start = folded[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = folded[at..]
            .find(char::is_whitespace)
            .map_or(folded.len(), |i| at + i);
        // Trimmed: `french.` is already the word `french` to the tokenizer.
        let inner = folded[start..end].trim_matches(|c: char| !c.is_alphanumeric());
        if inner.contains(is_joiner) {
            words.push(inner.chars().filter(|c| c.is_alphanumeric()).collect());
        }
        from = end;
    }
    words
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '-' | '.')
}

/// A phone number as indexed: all its digits, the national form with a
/// leading 0 and without the country code, and each group, so `0700000001`,
/// `+254 700` and `700-000` all find `+254 700 000001`; a national number
/// read in the contact's `region` also by its international form.
pub fn phone_index_text(value: &str, region: Option<&str>) -> String {
    let digits = phone_digits(value).trim_start_matches('+').to_string();
    let mut variants = vec![digits.clone()];
    let international = crate::domain::phone::e164(value, region);
    variants.extend(
        international
            .map(|e| e[1..].to_string())
            .filter(|e| *e != digits),
    );
    let groups: Vec<String> = value
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::to_string)
        .collect();
    if value.trim_start().starts_with('+') && groups.len() > 1 {
        let national: String = groups[1..].concat();
        variants.push(national.clone());
        variants.push(format!("0{national}"));
    }
    variants.extend(groups);
    variants.join(" ")
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // kana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{1100}'..='\u{11FF}' // Hangul jamo
        | '\u{20000}'..='\u{2FFFF}')
}

/// Unigrams and bigrams of every CJK/Hangul run in `folded`.
fn cjk_grams(folded: &str) -> Vec<String> {
    let mut grams = Vec::new();
    if !folded.chars().any(is_cjk) {
        return grams;
    }
    let chars: Vec<char> = folded.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if !is_cjk(*c) {
            continue;
        }
        grams.push(c.to_string());
        if let Some(next) = chars.get(i + 1).filter(|n| is_cjk(**n)) {
            grams.push(format!("{c}{next}"));
        }
    }
    grams.sort();
    grams.dedup();
    grams
}

fn push(docs: &mut Vec<Doc>, field: &'static str, class: Class, text: Option<&str>) {
    if let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) {
        docs.push(Doc {
            field,
            class,
            text: index_text(t),
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

pub(super) fn organization_docs(o: &Organization) -> Vec<Doc> {
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

pub(super) fn contact_docs(c: &Contact, organization: Option<&str>) -> Vec<Doc> {
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
        docs.push(Doc {
            field: "phone",
            class: Class::Other,
            text: phone_index_text(&p.value, c.country.as_deref()),
        });
    }
    push(&mut docs, "tags", Class::Other, Some(&c.tags.join(" ")));
    docs
}

pub(super) fn project_docs(p: &Project) -> Vec<Doc> {
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

pub(super) fn visit_docs(v: &Visit) -> Vec<Doc> {
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

fn organization_name(conn: &Connection, id: Option<Id>) -> Result<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    Ok(conn
        .prepare_cached("SELECT name FROM organizations WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

pub(super) fn follow_up_docs(f: &FollowUp) -> Vec<Doc> {
    let mut docs = Vec::new();
    push(&mut docs, "text", Class::Other, Some(&f.text));
    docs
}

/// The docs of one record as saved; none when it is missing or in the trash.
fn docs_for(conn: &Connection, kind: RecordKind, id: Id) -> Result<Vec<Doc>> {
    let reader = super::read::Reader::new(conn);
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
        RecordKind::FollowUp => reader
            .follow_up(id)?
            .filter(|f| live(&f.meta))
            .map(|f| follow_up_docs(&f)),
    }
    .unwrap_or_default())
}

/// Removes a record from the index.
pub(super) fn unindex(conn: &Connection, id: Id) -> Result<()> {
    let docs: Vec<(i64, i64)> = conn
        .prepare_cached("SELECT id, class FROM search_docs WHERE record_id = ?1")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (doc, class) in docs {
        if class == Class::Text as i64 {
            conn.prepare_cached("DELETE FROM search_text WHERE rowid = ?1")?
                .execute([doc])?;
        } else {
            conn.prepare_cached("DELETE FROM search_fields WHERE rowid = ?1")?
                .execute([doc])?;
            conn.prepare_cached("DELETE FROM search_grams WHERE doc = ?1")?
                .execute([doc])?;
            if class == Class::Name as i64 {
                conn.prepare_cached("DELETE FROM search_names WHERE rowid = ?1")?
                    .execute([doc])?;
            }
        }
        conn.prepare_cached("DELETE FROM search_docs WHERE id = ?1")?
            .execute([doc])?;
    }
    Ok(())
}

/// (Re)indexes a record as it is now: in the trash means not indexed.
/// `fresh`: the record was just inserted, so there is nothing to remove first.
pub(super) fn reindex(
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
pub(super) struct IndexBatch {
    fields: Vec<(i64, Option<String>, Option<String>)>,
    names: Vec<(i64, String)>,
    text: Vec<(i64, String)>,
    grams: Vec<(String, i64)>,
}

impl IndexBatch {
    fn add(&mut self, conn: &Connection, kind: RecordKind, id: Id, docs: Vec<Doc>) -> Result<()> {
        let mut insert = conn.prepare_cached(
            "INSERT INTO search_docs (kind, record_id, field, class) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for doc in docs {
            insert.execute(params![kind_key(kind), id, doc.field, doc.class as i64])?;
            let rowid = conn.last_insert_rowid();
            match doc.class {
                Class::Text => self.text.push((rowid, doc.text)),
                Class::Name => {
                    self.grams
                        .extend(cjk_grams(&doc.text).into_iter().map(|g| (g, rowid)));
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

    pub(super) fn write(self, conn: &Connection) -> Result<()> {
        let mut stmt = conn
            .prepare_cached("INSERT INTO search_fields (rowid, name, other) VALUES (?1, ?2, ?3)")?;
        for (rowid, name, other) in &self.fields {
            stmt.execute(params![rowid, name, other])?;
        }
        let mut stmt =
            conn.prepare_cached("INSERT INTO search_names (rowid, body) VALUES (?1, ?2)")?;
        for (rowid, body) in &self.names {
            stmt.execute(params![rowid, body])?;
        }
        let mut stmt =
            conn.prepare_cached("INSERT INTO search_text (rowid, body) VALUES (?1, ?2)")?;
        for (rowid, body) in &self.text {
            stmt.execute(params![rowid, body])?;
        }
        let mut grams = self.grams;
        grams.sort();
        grams.dedup();
        let mut stmt =
            conn.prepare_cached("INSERT OR IGNORE INTO search_grams (gram, doc) VALUES (?1, ?2)")?;
        for (gram, doc) in &grams {
            stmt.execute(params![gram, doc])?;
        }
        Ok(())
    }
}

/// What separates a record's fields inside one doc: a control character no
/// query contains, so no match runs from one field into the next.
const FIELD_SEPARATOR: &str = " \u{1f} ";

/// One doc per class: a contact is two or three docs, not a dozen. The
/// field that matched is worked out afterwards, for the few hits shown.
fn merge(docs: Vec<Doc>) -> Vec<Doc> {
    let mut merged: Vec<Doc> = Vec::new();
    for doc in docs {
        match merged.iter_mut().find(|m| m.class == doc.class) {
            Some(m) => {
                m.text.push_str(FIELD_SEPARATOR);
                m.text.push_str(&doc.text);
            }
            None => merged.push(Doc {
                field: class_label(doc.class),
                ..doc
            }),
        }
    }
    merged
}

fn class_label(class: Class) -> &'static str {
    match class {
        Class::Name => "name",
        Class::Other => "details",
        Class::Text => "text",
    }
}

/// Which field of a record a query matched, for showing with the hit.
fn matched_field(
    conn: &Connection,
    kind: RecordKind,
    id: Id,
    folded: &str,
    fallback: String,
) -> Result<String> {
    if kind == RecordKind::Note {
        return Ok("note".into());
    }
    let fields = docs_for(conn, kind, id)?;
    let first_word = folded
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or(folded);
    let digits: String = folded.chars().filter(char::is_ascii_digit).collect();
    let hit = fields
        .iter()
        .find(|f| f.text.contains(folded))
        .or_else(|| {
            fields.iter().find(|f| {
                f.text
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.starts_with(first_word))
            })
        })
        .or_else(|| {
            (digits.len() >= 3)
                .then(|| {
                    fields
                        .iter()
                        .find(|f| f.field == "phone" && f.text.contains(&digits))
                })
                .flatten()
        });
    Ok(hit.map_or(fallback, |f| f.field.to_string()))
}

/// Makes `fieldbook_index_text(text)` available to SQL, so bulk indexing
/// runs as one statement with the same folding as everything else.
pub(super) fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
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
pub(super) fn index_new_notes_from(conn: &Connection, first_rowid: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO search_notes (rowid, body)
         SELECT rowid, fieldbook_index_text(body) FROM notes
         WHERE rowid >= ?1 AND deleted_at IS NULL ORDER BY rowid",
        [first_rowid],
    )?;
    Ok(())
}

/// How many notes have a rowid from `first_rowid` on.
pub(super) fn notes_from(conn: &Connection, first_rowid: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM notes WHERE rowid >= ?1",
        [first_rowid],
        |r| r.get(0),
    )?)
}

/// (Re)indexes one note by its rowid; a note in the trash is not indexed.
pub(super) fn reindex_note(conn: &Connection, rowid: i64, fresh: bool) -> Result<()> {
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

/// Rebuilds the whole index from the records (a migration's job).
pub(super) fn rebuild(conn: &Connection) -> Result<()> {
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

fn kind_key(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Organization => "organization",
        RecordKind::Contact => "contact",
        RecordKind::Project => "project",
        RecordKind::Visit => "visit",
        RecordKind::FollowUp => "follow_up",
        RecordKind::Note => "note",
    }
}

fn kind_from_key(key: &str) -> Option<RecordKind> {
    RecordKind::ALL.into_iter().find(|k| kind_key(*k) == key)
}

/// An FTS5 query matching every word of `folded` as a prefix.
fn prefix_query(folded: &str) -> Option<String> {
    let words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// A query that looks like a phone number: its digits.
fn phone_query(query: &str) -> Option<String> {
    let digits: String = query.chars().filter(char::is_ascii_digit).collect();
    let phoneish = query
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    (phoneish && digits.len() >= 3).then_some(digits)
}

struct Candidate {
    kind: RecordKind,
    id: Id,
    field: String,
    tier: u8,
}

/// The steps of a search, best matches first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Exact,
    NamePrefix,
    NameWords,
    Phone,
    OtherWords,
    Text,
}

/// Candidates so far: one per record, in the order found (best step first).
struct Found<'k> {
    kinds: Option<&'k [RecordKind]>,
    limit: usize,
    order: Vec<Candidate>,
    seen: HashMap<Id, ()>,
}

impl Found<'_> {
    fn wants(&self, kind: RecordKind) -> bool {
        self.kinds.is_none_or(|ks| ks.contains(&kind))
    }

    fn full(&self) -> bool {
        self.order.len() >= self.limit
    }

    /// How many rows to ask an index for: what is missing, with room for
    /// duplicates and other kinds.
    fn fetch(&self) -> usize {
        self.limit.saturating_sub(self.order.len()) * 3 + 10
    }

    fn add(&mut self, c: Candidate) {
        if self.wants(c.kind) && !self.full() && self.seen.insert(c.id, ()).is_none() {
            self.order.push(c);
        }
    }
}

/// Adds the records one index query matched, at `tier`.
fn collect(
    conn: &Connection,
    sql: &str,
    arg: &str,
    limit: usize,
    tier: u8,
    found: &mut Found,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![arg, limit as i64], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Id>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (kind, id, field) = row?;
        if let Some(kind) = kind_from_key(&kind) {
            found.add(Candidate {
                kind,
                id,
                field,
                tier,
            });
        }
        if found.full() {
            break;
        }
    }
    Ok(())
}

impl super::read::Reader<'_> {
    /// Searches every kind (or only `kinds`), best matches first.
    pub fn search(
        &self,
        query: &str,
        kinds: Option<&[RecordKind]>,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        let found = self.find(query, kinds, limit)?;
        let mut hits = Vec::with_capacity(found.len());
        let folded = fold(query.trim());
        for c in found {
            let field = matched_field(self.conn(), c.kind, c.id, &folded, c.field)?;
            hits.push(SearchHit {
                kind: c.kind,
                title: self.title_of(c.kind, c.id)?,
                id: c.id,
                field,
                rank: c.tier,
            });
        }
        hits.sort_by_cached_key(|h| (h.rank, fold(&h.title), h.id));
        Ok(hits)
    }

    /// The ids of the best matches, best first (no titles: for filtering
    /// a list, where the list shows the rows).
    pub fn search_ids(&self, query: &str, kind: RecordKind, limit: usize) -> Result<Vec<Id>> {
        Ok(self
            .find(query, Some(&[kind]), limit)?
            .into_iter()
            .map(|c| c.id)
            .collect())
    }

    fn find(
        &self,
        query: &str,
        kinds: Option<&[RecordKind]>,
        limit: usize,
    ) -> Result<Vec<Candidate>> {
        // Untrimmed for substring matching ("la " is a substring of "ala aa").
        let untrimmed = fold(query);
        if untrimmed.trim().is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut found = Found {
            kinds,
            limit,
            order: Vec::new(),
            seen: HashMap::new(),
        };
        // Cheapest and best first; stop as soon as there are enough.
        for step in [
            Step::Exact,
            Step::NamePrefix,
            Step::NameWords,
            Step::Phone,
            Step::OtherWords,
            Step::Text,
        ] {
            if found.full() {
                break;
            }
            self.run_step(step, query, &untrimmed, &mut found)?;
        }
        found.order.truncate(limit);
        Ok(found.order)
    }

    fn run_step(&self, step: Step, raw: &str, untrimmed: &str, found: &mut Found) -> Result<()> {
        let conn = self.conn();
        let folded = untrimmed.trim();
        let chars = folded.chars().count();
        let fetch = found.fetch();
        let fields = [
            RecordKind::Contact,
            RecordKind::Organization,
            RecordKind::Project,
            RecordKind::Visit,
            RecordKind::FollowUp,
        ]
        .into_iter()
        .any(|k| found.wants(k));
        let words = prefix_query(folded);
        match step {
            // Whole names, through the sorted-name indexes.
            Step::Exact | Step::NamePrefix => {
                let exact = step == Step::Exact;
                for kind in [
                    RecordKind::Contact,
                    RecordKind::Organization,
                    RecordKind::Project,
                ] {
                    if !found.wants(kind) {
                        continue;
                    }
                    let sql = match (kind, exact) {
                        (RecordKind::Contact, true) => {
                            "SELECT 'contact', id, 'name' FROM contacts WHERE sort_key = ?1 AND deleted_at IS NULL LIMIT ?2"
                        }
                        (RecordKind::Contact, false) => {
                            "SELECT 'contact', id, 'name' FROM contacts WHERE sort_key > ?1 AND sort_key < ?1 || char(1114111) AND deleted_at IS NULL ORDER BY sort_key LIMIT ?2"
                        }
                        (RecordKind::Organization, true) => {
                            "SELECT 'organization', id, 'name' FROM organizations WHERE sort_key = ?1 AND deleted_at IS NULL LIMIT ?2"
                        }
                        (RecordKind::Organization, false) => {
                            "SELECT 'organization', id, 'name' FROM organizations WHERE sort_key > ?1 AND sort_key < ?1 || char(1114111) AND deleted_at IS NULL ORDER BY sort_key LIMIT ?2"
                        }
                        (_, true) => {
                            "SELECT 'project', id, 'title' FROM projects WHERE sort_key = ?1 AND deleted_at IS NULL LIMIT ?2"
                        }
                        (_, false) => {
                            "SELECT 'project', id, 'title' FROM projects WHERE sort_key > ?1 AND sort_key < ?1 || char(1114111) AND deleted_at IS NULL ORDER BY sort_key LIMIT ?2"
                        }
                    };
                    collect(conn, sql, folded, fetch, if exact { 0 } else { 1 }, found)?;
                }
            }
            // Words, substrings and CJK characters anywhere in a name.
            Step::NameWords if fields => {
                if let Some(q) = &words {
                    collect(
                        conn,
                        "SELECT d.kind, d.record_id, d.field FROM search_fields f JOIN search_docs d ON d.id = f.rowid
                         WHERE search_fields MATCH '{name} : (' || ?1 || ')' LIMIT ?2",
                        q,
                        fetch,
                        2,
                        found,
                    )?;
                }
                if untrimmed.chars().count() >= 3 {
                    let quoted = format!("\"{}\"", untrimmed.replace('"', "\"\""));
                    collect(
                        conn,
                        "SELECT d.kind, d.record_id, d.field FROM search_names n JOIN search_docs d ON d.id = n.rowid
                         WHERE search_names MATCH ?1 LIMIT ?2",
                        &quoted,
                        fetch,
                        2,
                        found,
                    )?;
                }
                let short_cjk = folded
                    .split(|c: char| !is_cjk(c))
                    .filter(|run| !run.is_empty() && run.chars().count() <= 2);
                for run in short_cjk {
                    collect(
                        conn,
                        "SELECT d.kind, d.record_id, d.field FROM search_grams g JOIN search_docs d ON d.id = g.doc
                         WHERE g.gram = ?1 LIMIT ?2",
                        run,
                        fetch,
                        2,
                        found,
                    )?;
                }
            }
            Step::Phone if found.wants(RecordKind::Contact) => {
                if let Some(digits) = phone_query(raw) {
                    collect(
                        conn,
                        "SELECT d.kind, d.record_id, d.field FROM search_fields f JOIN search_docs d ON d.id = f.rowid
                         WHERE search_fields MATCH '{other} : \"' || ?1 || '\"*' LIMIT ?2",
                        &digits,
                        fetch,
                        3,
                        found,
                    )?;
                }
            }
            Step::OtherWords if fields => {
                if let Some(q) = &words {
                    collect(
                        conn,
                        "SELECT d.kind, d.record_id, d.field FROM search_fields f JOIN search_docs d ON d.id = f.rowid
                         WHERE search_fields MATCH '{other} : (' || ?1 || ')' LIMIT ?2",
                        q,
                        fetch,
                        3,
                        found,
                    )?;
                }
            }
            // Long text only from three characters: shorter would match half the notes.
            Step::Text if chars >= 3 => {
                let Some(q) = &words else { return Ok(()) };
                if fields {
                    collect(
                        conn,
                        "SELECT d.kind, d.record_id, d.field FROM search_text t JOIN search_docs d ON d.id = t.rowid
                         WHERE search_text MATCH ?1 LIMIT ?2",
                        q,
                        fetch,
                        4,
                        found,
                    )?;
                }
                if found.wants(RecordKind::Note) {
                    collect(
                        conn,
                        "SELECT 'note', n.id, 'note' FROM search_notes s JOIN notes n ON n.rowid = s.rowid
                         WHERE search_notes MATCH ?1 LIMIT ?2",
                        q,
                        fetch,
                        4,
                        found,
                    )?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Names and note words spread evenly over the database, for benchmarks.
    pub fn bench_samples(&self, n: usize) -> Result<BenchSamples> {
        let names = self
            .conn()
            .prepare(
                "SELECT display_name, native_name FROM contacts WHERE deleted_at IS NULL
                 AND rowid % (1 + (SELECT count(*) FROM contacts) / ?1) = 0 LIMIT ?1",
            )?
            .query_map([n as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let bodies: Vec<String> = self
            .conn()
            .prepare("SELECT body FROM notes WHERE rowid % 997 = 0 LIMIT ?1")?
            .query_map([n as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let note_words = bodies
            .iter()
            .enumerate()
            .filter_map(|(i, b)| {
                let words: Vec<&str> = b
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.chars().count() >= 5)
                    .collect();
                words.get(i % words.len().max(1)).map(|w| w.to_string())
            })
            .collect();
        Ok(BenchSamples { names, note_words })
    }

    /// Bytes the search index takes in the file.
    pub fn search_index_bytes(&self) -> Result<i64> {
        Ok(self.conn().query_row(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'search%'",
            [],
            |r| r.get(0),
        )?)
    }

    /// How a record is named in results.
    pub fn title_of(&self, kind: RecordKind, id: Id) -> Result<String> {
        let sql = match kind {
            RecordKind::Organization => "SELECT name FROM organizations WHERE id = ?1",
            RecordKind::Contact => {
                "SELECT display_name || coalesce(' (' || native_name || ')', '') FROM contacts WHERE id = ?1"
            }
            RecordKind::Project => {
                "SELECT coalesce(ref_code || ' ', '') || title FROM projects WHERE id = ?1"
            }
            RecordKind::Visit => {
                "SELECT date || coalesce(' ' || place, '') FROM visits WHERE id = ?1"
            }
            RecordKind::FollowUp => "SELECT text FROM follow_ups WHERE id = ?1",
            RecordKind::Note => {
                "SELECT substr(replace(body, char(10), ' '), 1, 80) FROM notes WHERE id = ?1"
            }
        };
        let title: Option<String> = self
            .conn()
            .prepare_cached(sql)?
            .query_row([id], |r| r.get(0))
            .optional()?;
        Ok(title.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_text_joins_apostrophes() {
        assert_eq!(index_text("Mamadou N'Diaye"), "mamadou n'diaye ndiaye");
    }

    #[test]
    fn index_text_joins_only_inside_words() {
        assert_eq!(
            index_text("See N'Diaye, e.g. the partner-type scheme. Done."),
            "see n'diaye, e.g. the partner-type scheme. done. ndiaye eg partnertype"
        );
        assert_eq!(index_text("Sénégal: l'école"), "senegal: l'ecole lecole");
        assert_eq!(index_text("-- ... '"), "-- ... '");
        assert_eq!(index_text("土居健 o'neil"), "土居健 o'neil oneil");
    }

    #[test]
    fn phone_variants() {
        let t = phone_index_text("+254 700 000001", None);
        for v in ["254700000001", "700000001", "0700000001", "700", "000001"] {
            assert!(t.split(' ').any(|w| w == v), "{v} in {t}");
        }
        let national = phone_index_text("0700 000001", Some("KE"));
        assert!(
            national.split(' ').any(|w| w == "254700000001"),
            "{national}"
        );
    }

    #[test]
    fn grams_of_cjk_runs_only() {
        assert_eq!(
            cjk_grams("doi 土居健"),
            vec!["健", "土", "土居", "居", "居健"]
        );
        assert!(cjk_grams("senegal").is_empty());
    }
}
