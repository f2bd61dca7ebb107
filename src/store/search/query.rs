//! Running a search: cheapest and best steps first, stopping as soon as
//! there are enough hits.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, params};

use super::index::Class;
use super::text::{is_cjk, search_fold, words};
use super::{Candidate, SearchHit, hits, kind_from_key, typos};
use crate::domain::phone;
use crate::domain::text::fold;
use crate::domain::*;
use crate::store::error::Result;

/// The steps of a search, best matches first; each step's tier is its rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Exact = 0,
    Phone = 1,
    NamePrefix = 2,
    NameWords = 3,
    OtherWords = 4,
    Text = 5,
    Approximate = 6,
}

/// A query as each step needs it.
struct Query {
    /// Folded as the sorted names are (`fold`), for exact and prefix.
    name_key: String,
    /// Folded as the index is (`search_fold`), untrimmed: substrings may
    /// start or end with a space.
    untrimmed: String,
    /// The digits to find in one phone number (`+254700`, `700000`).
    phone: Option<String>,
    /// Several digit groups (`700-000`, `+254 700`): a phone number, not
    /// words, so word-prefix steps (which match each group anywhere) skip it.
    phone_only: bool,
    /// Query words corrected to name words one edit away.
    corrections: Vec<(String, Vec<String>)>,
}

impl Query {
    fn folded(&self) -> &str {
        self.untrimmed.trim()
    }

    /// An FTS5 query matching every word as a prefix, or (with `fix`) a
    /// word's corrections as whole words.
    fn prefix_words(&self, fix: bool) -> Option<String> {
        let words: Vec<String> = words(self.folded())
            .map(|w| {
                let fixes = self
                    .corrections
                    .iter()
                    .find(|(word, _)| fix && word == w)
                    .map(|(_, fixes)| fixes.as_slice())
                    .unwrap_or_default();
                let mut alternatives = vec![format!("\"{w}\"*")];
                alternatives.extend(fixes.iter().map(|f| format!("\"{f}\"")));
                if alternatives.len() == 1 {
                    alternatives.remove(0)
                } else {
                    format!("({})", alternatives.join(" OR "))
                }
            })
            .collect();
        (!words.is_empty()).then(|| words.join(" AND "))
    }
}

/// Candidates so far: one per record, in the order found (best step first).
struct Found<'k> {
    kinds: Option<&'k [RecordKind]>,
    limit: usize,
    order: Vec<Candidate>,
    seen: HashSet<Id>,
}

impl Found<'_> {
    fn wants(&self, kind: RecordKind) -> bool {
        self.kinds.is_none_or(|ks| ks.contains(&kind))
    }

    fn wants_fields(&self) -> bool {
        [
            RecordKind::Contact,
            RecordKind::Organization,
            RecordKind::Project,
            RecordKind::Visit,
            RecordKind::FollowUp,
            RecordKind::Event,
        ]
        .into_iter()
        .any(|k| self.wants(k))
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
        if self.wants(c.kind) && !self.full() && self.seen.insert(c.id) {
            self.order.push(c);
        }
    }
}

/// Adds the records one index query matched, at `step`. The query answers
/// kind, record id, field, class and shown text (class NULL: found by name).
fn collect(conn: &Connection, sql: &str, arg: &str, step: Step, found: &mut Found) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![arg, found.fetch() as i64], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Id>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    for row in rows {
        let (kind, id, field, class, shown) = row?;
        if let Some(kind) = kind_from_key(&kind) {
            found.add(Candidate {
                kind,
                id,
                field,
                class: class.and_then(class_of),
                shown,
                tier: step as u8,
                approximate: step == Step::Approximate,
            });
        }
        if found.full() {
            break;
        }
    }
    Ok(())
}

fn class_of(class: i64) -> Option<Class> {
    [Class::Name, Class::Other, Class::Text, Class::Phone]
        .into_iter()
        .find(|c| *c as i64 == class)
}

/// Hits by rank, then title (folded), then id. Titles repeat (common
/// names, a hundred people of one organization): each distinct title is
/// folded once, not once per hit.
fn best_first(hits: Vec<SearchHit>) -> Vec<SearchHit> {
    let mut folded: HashMap<&str, usize> = HashMap::new();
    let mut keys: Vec<String> = Vec::new();
    let mut order: Vec<(u8, usize, Id, usize)> = hits
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let key = *folded.entry(h.title.as_str()).or_insert_with(|| {
                keys.push(fold(&h.title));
                keys.len() - 1
            });
            (h.rank, key, h.id, i)
        })
        .collect();
    // Unique keys (one hit per record): an unstable sort gives the same order.
    order.sort_unstable_by(|a, b| (a.0, &keys[a.1], a.2).cmp(&(b.0, &keys[b.1], b.2)));
    let mut slots: Vec<Option<SearchHit>> = hits.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(.., i)| slots[i].take())
        .collect()
}

/// The columns every search step reads from `search_docs d`, as a macro so
/// each statement is one literal (no SQL is built at run time).
macro_rules! doc_columns {
    () => {
        "d.kind, d.record_id, d.field, d.class, d.shown"
    };
}

impl crate::store::read::Reader<'_> {
    /// Searches every kind (or only `kinds`), best matches first.
    pub fn search(
        &self,
        query: &str,
        kinds: Option<&[RecordKind]>,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        let (found, q) = self.find(query, kinds, limit)?;
        let fixes: Vec<String> = q.corrections.into_iter().flat_map(|(_, f)| f).collect();
        let out = hits::hits(self.conn(), found, q.untrimmed.trim(), &fixes)?;
        Ok(best_first(out))
    }

    /// The ids of the best matches, best first (no titles: for filtering
    /// a list, where the list shows the rows).
    pub fn search_ids(&self, query: &str, kind: RecordKind, limit: usize) -> Result<Vec<Id>> {
        Ok(self
            .find(query, Some(&[kind]), limit)?
            .0
            .into_iter()
            .map(|c| c.id)
            .collect())
    }

    /// The ids of the records matched without correcting a typo, best
    /// first: a list narrowed with `/` shows what matches, nothing
    /// approximate.
    pub(super) fn exact_ids(&self, query: &str, kind: RecordKind, limit: usize) -> Result<Vec<Id>> {
        Ok(self
            .find(query, Some(&[kind]), limit)?
            .0
            .into_iter()
            .filter(|c| !c.approximate)
            .map(|c| c.id)
            .collect())
    }

    fn find(
        &self,
        raw: &str,
        kinds: Option<&[RecordKind]>,
        limit: usize,
    ) -> Result<(Vec<Candidate>, Query)> {
        let phone = phone::search_query(raw);
        let groups = raw
            .split(|c: char| !c.is_ascii_digit())
            .filter(|g| !g.is_empty())
            .count();
        let mut q = Query {
            name_key: fold(raw.trim()),
            untrimmed: search_fold(raw),
            phone_only: phone.is_some() && (groups > 1 || raw.trim_start().starts_with('+')),
            phone,
            corrections: Vec::new(),
        };
        let mut found = Found {
            kinds,
            limit,
            order: Vec::new(),
            seen: HashSet::new(),
        };
        if q.folded().is_empty() || limit == 0 {
            return Ok((Vec::new(), q));
        }
        for step in [
            Step::Exact,
            Step::Phone,
            Step::NamePrefix,
            Step::NameWords,
            Step::OtherWords,
            Step::Text,
            Step::Approximate,
        ] {
            if found.full() {
                break;
            }
            if step == Step::Approximate && !q.phone_only {
                let folded = q.folded().to_string();
                for word in words(&folded) {
                    let fixes = typos::corrections(self.conn(), word)?;
                    if !fixes.is_empty() {
                        q.corrections.push((word.to_string(), fixes));
                    }
                }
            }
            self.run_step(step, &q, &mut found)?;
        }
        found.order.truncate(limit);
        Ok((found.order, q))
    }

    fn run_step(&self, step: Step, q: &Query, found: &mut Found) -> Result<()> {
        let conn = self.conn();
        let folded = q.folded();
        let words = if q.phone_only {
            None
        } else {
            q.prefix_words(false)
        };
        match step {
            Step::Exact | Step::NamePrefix => self.by_sorted_name(step, &q.name_key, found)?,
            Step::Phone if found.wants(RecordKind::Contact) => {
                if let Some(digits) = &q.phone {
                    collect(
                        conn,
                        concat!(
                            "SELECT ",
                            doc_columns!(),
                            " FROM search_phones p JOIN search_docs d ON d.id = p.rowid
                             WHERE search_phones MATCH ?1 LIMIT ?2"
                        ),
                        &format!("\"{digits}\""),
                        step,
                        found,
                    )?;
                }
            }
            // Words, substrings and CJK characters anywhere in a name.
            Step::NameWords if found.wants_fields() => {
                if let Some(w) = &words {
                    collect(
                        conn,
                        concat!(
                            "SELECT ",
                            doc_columns!(),
                            " FROM search_fields f JOIN search_docs d ON d.id = f.rowid
                             WHERE search_fields MATCH '{name} : (' || ?1 || ')' LIMIT ?2"
                        ),
                        w,
                        step,
                        found,
                    )?;
                }
                if q.untrimmed.chars().count() >= 3 {
                    let quoted = format!("\"{}\"", q.untrimmed.replace('"', "\"\""));
                    collect(
                        conn,
                        concat!(
                            "SELECT ",
                            doc_columns!(),
                            " FROM search_names n JOIN search_docs d ON d.id = n.rowid
                             WHERE search_names MATCH ?1 LIMIT ?2"
                        ),
                        &quoted,
                        step,
                        found,
                    )?;
                }
                let short_cjk = folded
                    .split(|c: char| !is_cjk(c))
                    .filter(|run| !run.is_empty() && run.chars().count() <= 2);
                for run in short_cjk {
                    collect(
                        conn,
                        concat!(
                            "SELECT ",
                            doc_columns!(),
                            " FROM search_grams g JOIN search_docs d ON d.id = g.doc
                             WHERE g.gram = ?1 LIMIT ?2"
                        ),
                        run,
                        step,
                        found,
                    )?;
                }
            }
            Step::OtherWords if found.wants_fields() => {
                if let Some(w) = &words {
                    collect(
                        conn,
                        concat!(
                            "SELECT ",
                            doc_columns!(),
                            " FROM search_fields f JOIN search_docs d ON d.id = f.rowid
                             WHERE search_fields MATCH '{other} : (' || ?1 || ')' LIMIT ?2"
                        ),
                        w,
                        step,
                        found,
                    )?;
                }
            }
            // Long text only from three characters: shorter would match half the notes.
            Step::Text if folded.chars().count() >= 3 => {
                let Some(w) = &words else { return Ok(()) };
                if found.wants_fields() {
                    collect(
                        conn,
                        concat!(
                            "SELECT ",
                            doc_columns!(),
                            " FROM search_text t JOIN search_docs d ON d.id = t.rowid
                             WHERE search_text MATCH ?1 LIMIT ?2"
                        ),
                        w,
                        step,
                        found,
                    )?;
                }
                if found.wants(RecordKind::Note) {
                    collect(
                        conn,
                        "SELECT 'note', n.id, 'note', NULL, NULL FROM search_notes s JOIN notes n ON n.rowid = s.rowid
                         WHERE search_notes MATCH ?1 LIMIT ?2",
                        w,
                        step,
                        found,
                    )?;
                }
            }
            // One typing mistake in a name word: after every exact match.
            Step::Approximate if !q.corrections.is_empty() && found.wants_fields() => {
                if let Some(w) = q.prefix_words(true) {
                    collect(
                        conn,
                        concat!(
                            "SELECT ",
                            doc_columns!(),
                            " FROM search_fields f JOIN search_docs d ON d.id = f.rowid
                             WHERE search_fields MATCH '{name} : (' || ?1 || ')' LIMIT ?2"
                        ),
                        &w,
                        step,
                        found,
                    )?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Whole names and name prefixes, through the sorted-name indexes.
    fn by_sorted_name(&self, step: Step, key: &str, found: &mut Found) -> Result<()> {
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
                    "SELECT 'contact', id, 'name', NULL, NULL FROM contacts WHERE sort_key = ?1 AND deleted_at IS NULL LIMIT ?2"
                }
                (RecordKind::Contact, false) => {
                    "SELECT 'contact', id, 'name', NULL, NULL FROM contacts WHERE sort_key > ?1 AND sort_key < ?1 || char(1114111) AND deleted_at IS NULL ORDER BY sort_key LIMIT ?2"
                }
                (RecordKind::Organization, true) => {
                    "SELECT 'organization', id, 'name', NULL, NULL FROM organizations WHERE sort_key = ?1 AND deleted_at IS NULL LIMIT ?2"
                }
                (RecordKind::Organization, false) => {
                    "SELECT 'organization', id, 'name', NULL, NULL FROM organizations WHERE sort_key > ?1 AND sort_key < ?1 || char(1114111) AND deleted_at IS NULL ORDER BY sort_key LIMIT ?2"
                }
                (_, true) => {
                    "SELECT 'project', id, 'title', NULL, NULL FROM projects WHERE sort_key = ?1 AND deleted_at IS NULL LIMIT ?2"
                }
                (_, false) => {
                    "SELECT 'project', id, 'title', NULL, NULL FROM projects WHERE sort_key > ?1 AND sort_key < ?1 || char(1114111) AND deleted_at IS NULL ORDER BY sort_key LIMIT ?2"
                }
            };
            collect(self.conn(), sql, key, step, found)?;
        }
        Ok(())
    }
}
