//! What a hit says: whose it is and why it matched. The records behind a
//! page of hits are read together, one query per kind (`records`): the
//! index query already said which doc (names, details, a phone number, a
//! text field) matched; only the field inside a merged doc is found here,
//! by folding that doc's few short values.

use std::collections::HashMap;

use rusqlite::Connection;

use super::index::Class;
use super::records::{self, NoteRecord, Record};
use super::text::{search_fold, words};
use super::{Candidate, SearchHit};
use crate::domain::{Id, RecordKind};
use crate::store::error::Result;

/// Whether a value (as written) matches the query: its folded text holds
/// the whole query, or a word starting with each query word.
fn value_matches(value: &str, query: &str, corrections: &[String]) -> bool {
    let folded = search_fold(value);
    if folded.contains(query) {
        return true;
    }
    let value_words: Vec<&str> = words(&folded).collect();
    let joined: String = value_words.concat();
    let mut query_words = words(query).peekable();
    query_words.peek().is_some()
        && query_words.all(|q| {
            value_words.iter().any(|w| w.starts_with(q))
                || joined.contains(q)
                || corrections
                    .iter()
                    .any(|c| value_words.iter().any(|w| w == c))
        })
}

/// A piece of `text` around the first query word in it, on one line.
fn snippet(text: &str, query: &str) -> String {
    const BEFORE: usize = 30;
    const LENGTH: usize = 90;
    let flat: Vec<char> = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let wanted: Vec<&str> = words(query).collect();
    // Word starts (char offsets) whose folded word starts with a query word.
    let mut at = None;
    let mut i = 0;
    if text.is_ascii() {
        // Most notes: one lower-casing and a scan, no word folded alone.
        let lower = text.to_ascii_lowercase();
        let bytes = lower.as_bytes();
        at = wanted
            .iter()
            .filter_map(|w| {
                lower
                    .match_indices(w)
                    .map(|(p, _)| p)
                    .find(|p| *p == 0 || !bytes[p - 1].is_ascii_alphanumeric())
            })
            .min();
        i = flat.len();
    }
    while i < flat.len() {
        if flat[i].is_alphanumeric() && (i == 0 || !flat[i - 1].is_alphanumeric()) {
            let end = (i..flat.len())
                .find(|j| !flat[*j].is_alphanumeric())
                .unwrap_or(flat.len());
            let word = search_fold(&flat[i..end].iter().collect::<String>());
            if wanted.iter().any(|q| word.starts_with(q)) {
                at = Some(i);
                break;
            }
            i = end;
        } else {
            i += 1;
        }
    }
    // From a word's start, at most BEFORE characters ahead of the match.
    let start = at.map_or(0, |a| {
        let from = a.saturating_sub(BEFORE);
        (from..a)
            .find(|i| *i == 0 || flat[*i - 1] == ' ')
            .unwrap_or(a)
    });
    let end = (start + LENGTH).min(flat.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&flat[start..end]);
    if end < flat.len() {
        out.push('…');
    }
    out.trim().to_string()
}

/// The hits for a page of candidates, in the candidates' order; a
/// candidate whose record is gone is left out.
pub(super) fn hits(
    conn: &Connection,
    candidates: Vec<Candidate>,
    query: &str,
    corrections: &[String],
) -> Result<Vec<SearchHit>> {
    let mut ids: HashMap<RecordKind, Vec<Id>> = HashMap::new();
    // Which kinds have a hit whose field is picked from a merged doc's
    // values, and whether any such doc is a details one.
    let mut fields: Vec<RecordKind> = Vec::new();
    let mut details = false;
    for c in &candidates {
        ids.entry(c.kind).or_default().push(c.id);
        if let Some(class) = c
            .class
            .filter(|_| c.shown.as_deref().is_none_or(str::is_empty))
        {
            if !fields.contains(&c.kind) {
                fields.push(c.kind);
            }
            details |= class != Class::Name;
        }
    }
    let mut notes = HashMap::new();
    let mut others: HashMap<RecordKind, HashMap<Id, Record>> = HashMap::new();
    for (kind, ids) in &mut ids {
        ids.sort_unstable();
        if *kind == RecordKind::Note {
            notes = records::notes(conn, ids)?;
        } else {
            let fields = fields.contains(kind);
            others.insert(*kind, records::records(conn, *kind, ids, fields, details)?);
        }
    }
    let mut out = Vec::with_capacity(candidates.len());
    for c in candidates {
        let hit = if c.kind == RecordKind::Note {
            notes.remove(&c.id).map(|n| note_hit(&c, n, query))
        } else {
            others
                .get_mut(&c.kind)
                .and_then(|records| records.remove(&c.id))
                .map(|r| hit(c, r, query, corrections))
        };
        out.extend(hit);
    }
    Ok(out)
}

/// A note's hit: the start of its body as title, the words around the
/// match, the record it is on.
fn note_hit(c: &Candidate, note: NoteRecord, query: &str) -> SearchHit {
    SearchHit {
        kind: c.kind,
        id: c.id,
        title: note
            .body
            .chars()
            .take(80)
            .map(|c| if c == '\n' { ' ' } else { c })
            .collect(),
        field: "note".into(),
        rank: c.tier,
        matched: snippet(&note.body, query),
        approximate: c.approximate,
        owner: note.owner,
        organization: None,
        city: None,
        role: None,
    }
}

/// The hit for a candidate: its title, context, field and matched text.
fn hit(c: Candidate, record: Record, query: &str, corrections: &[String]) -> SearchHit {
    let mut field = c.field;
    let mut matched = c.shown.unwrap_or_default();
    if let Some(class) = c.class.filter(|_| matched.is_empty()) {
        let fields = record.fields_of(c.kind, class);
        let found = fields
            .iter()
            .find(|(label, _)| *label == field)
            .filter(|(_, v)| value_matches(v, query, corrections))
            .or_else(|| {
                fields
                    .iter()
                    .find(|(_, v)| value_matches(v, query, corrections))
            });
        if let Some((label, value)) = found {
            field = label.to_string();
            matched = if class == Class::Text {
                snippet(value, query)
            } else {
                value.clone()
            };
        }
    } else if matched.is_empty() {
        // Found by its sorted name (exact or prefix): the title shows it.
        matched = record.title.clone();
    }
    SearchHit {
        kind: c.kind,
        id: c.id,
        title: record.title,
        field,
        rank: c.tier,
        matched,
        approximate: c.approximate,
        owner: None,
        organization: record.organization,
        city: record.city,
        role: record.role,
    }
}
