//! What a hit says: whose it is and why it matched. Everything here is read
//! for the hits returned only, with one or two primary-key reads each: the
//! index query already said which doc (names, details, a phone number, a
//! text field) matched; only the field inside a merged doc is found here,
//! by folding that doc's few short values.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

use super::index::Class;
use super::text::{search_fold, words};
use super::{Candidate, Owner, SearchHit};
use crate::domain::{Id, RecordKind};
use crate::store::error::Result;

/// Title and context of a record: (title, organization, city, role).
type Context = (String, Option<String>, Option<String>, Option<String>);

fn context(conn: &Connection, kind: RecordKind, id: Id) -> Result<Option<Context>> {
    let sql = match kind {
        RecordKind::Contact => {
            "SELECT c.display_name || coalesce(' (' || c.native_name || ')', ''), o.name, c.city, c.role
             FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id WHERE c.id = ?1"
        }
        RecordKind::Organization => "SELECT name, NULL, city, NULL FROM organizations WHERE id = ?1",
        RecordKind::Project => {
            "SELECT coalesce(p.ref_code || ' ', '') || p.title, o.name, p.site, NULL
             FROM projects p LEFT JOIN organizations o ON o.id = p.implementing_org_id WHERE p.id = ?1"
        }
        RecordKind::Visit => {
            "SELECT date || coalesce(' ' || place, ''), NULL, NULL, NULL FROM visits WHERE id = ?1"
        }
        RecordKind::FollowUp => "SELECT text, NULL, NULL, NULL FROM follow_ups WHERE id = ?1",
        RecordKind::Note => {
            "SELECT substr(replace(body, char(10), ' '), 1, 80), NULL, NULL, NULL FROM notes WHERE id = ?1"
        }
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?)
}

/// The values of the fields merged into one doc of a record, as written,
/// with their labels.
fn fields_of(
    conn: &Connection,
    kind: RecordKind,
    class: Class,
    id: Id,
) -> Result<Vec<(&'static str, String)>> {
    let (labels, sql): (&[&'static str], &str) = match (kind, class) {
        (RecordKind::Contact, Class::Name) => (
            &["name", "native_name", "reading", "nickname"],
            "SELECT display_name, native_name, reading, nickname FROM contacts WHERE id = ?1",
        ),
        (RecordKind::Contact, _) => (
            &["organization", "role", "place", "country", "email", "tags"],
            "SELECT o.name, c.role, c.city, c.country,
                    (SELECT group_concat(value, ' ') FROM contact_emails WHERE contact_id = c.id),
                    c.tags
             FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id WHERE c.id = ?1",
        ),
        (RecordKind::Organization, Class::Name) => {
            (&["name"], "SELECT name FROM organizations WHERE id = ?1")
        }
        (RecordKind::Organization, _) => (
            &["place", "country", "website", "tags"],
            "SELECT city, country, website, tags FROM organizations WHERE id = ?1",
        ),
        (RecordKind::Project, Class::Name) => (
            &["title", "ref"],
            "SELECT title, ref_code FROM projects WHERE id = ?1",
        ),
        (RecordKind::Project, Class::Text) => {
            (&["summary"], "SELECT summary FROM projects WHERE id = ?1")
        }
        (RecordKind::Project, _) => (
            &["place", "country", "sector"],
            "SELECT site, host_country, sector FROM projects WHERE id = ?1",
        ),
        (RecordKind::Visit, Class::Text) => (
            &["observations", "issues"],
            "SELECT observations, issues FROM visits WHERE id = ?1",
        ),
        (RecordKind::Visit, _) => (&["place"], "SELECT place FROM visits WHERE id = ?1"),
        (RecordKind::FollowUp, _) => (&["text"], "SELECT text FROM follow_ups WHERE id = ?1"),
        (RecordKind::Note, _) => (&["note"], "SELECT body FROM notes WHERE id = ?1"),
    };
    let values: Option<Vec<Option<String>>> = conn
        .prepare_cached(sql)?
        .query_row([id], |r| (0..labels.len()).map(|i| r.get(i)).collect())
        .optional()?;
    Ok(labels
        .iter()
        .zip(values.unwrap_or_default())
        .filter_map(|(label, value)| {
            value
                .filter(|v| !v.trim().is_empty())
                .map(|v| as_indexed(label, v))
        })
        .collect())
}

/// A stored value as the index saw it: a country code with its name
/// (`Kenya (KE)`, found by `kenya`), tags as a list rather than JSON.
fn as_indexed(label: &'static str, value: String) -> (&'static str, String) {
    match label {
        "country" => ("place", crate::domain::country::display(&value)),
        "tags" => (
            label,
            serde_json::from_str::<Vec<String>>(&value).map_or(value, |t| t.join(", ")),
        ),
        _ => (label, value),
    }
}

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

/// A note's body and the record it is on (kind and id).
/// A note's body, and the kind and id of the record it is on.
type NoteRow = (String, Option<(RecordKind, Id)>);

fn note(conn: &Connection, id: Id) -> Result<Option<NoteRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT body,
                    CASE WHEN organization_id IS NOT NULL THEN 'organization'
                         WHEN contact_id IS NOT NULL THEN 'contact'
                         WHEN project_id IS NOT NULL THEN 'project' ELSE 'visit' END,
                    coalesce(organization_id, contact_id, project_id, visit_id)
             FROM notes WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Id>(2)?,
            ))
        })
        .optional()?
        .map(|(body, kind, owner)| (body, super::kind_from_key(&kind).map(|kind| (kind, owner)))))
}

/// Owners already read in this search (many notes share one).
pub(super) type Owners = HashMap<Id, Owner>;

/// A note's hit: the start of its body as title, the words around the
/// match, the record it is on.
fn note_hit(
    conn: &Connection,
    c: &Candidate,
    query: &str,
    owners: &mut Owners,
) -> Result<Option<SearchHit>> {
    let Some((body, owner)) = note(conn, c.id)? else {
        return Ok(None);
    };
    let owner = match owner {
        Some((kind, id)) => match owners.get(&id) {
            Some(known) => Some(known.clone()),
            None => {
                let (title, organization, ..) = context(conn, kind, id)?.unwrap_or_default();
                let owner = Owner {
                    kind,
                    id,
                    title,
                    organization,
                };
                owners.insert(id, owner.clone());
                Some(owner)
            }
        },
        None => None,
    };
    Ok(Some(SearchHit {
        kind: c.kind,
        id: c.id,
        title: body
            .chars()
            .take(80)
            .map(|c| if c == '\n' { ' ' } else { c })
            .collect(),
        field: "note".into(),
        rank: c.tier,
        matched: snippet(&body, query),
        approximate: c.approximate,
        owner,
        organization: None,
        city: None,
        role: None,
    }))
}

/// The hit for a candidate: its title, context, field and matched text.
pub(super) fn hit(
    conn: &Connection,
    c: Candidate,
    query: &str,
    corrections: &[String],
    owners: &mut Owners,
) -> Result<Option<SearchHit>> {
    if c.kind == RecordKind::Note {
        return note_hit(conn, &c, query, owners);
    }
    let Some((title, organization, city, role)) = context(conn, c.kind, c.id)? else {
        return Ok(None);
    };
    let mut field = c.field.to_string();
    let mut matched = c.shown.unwrap_or_default();
    if let Some(class) = c.class.filter(|_| matched.is_empty()) {
        let fields = fields_of(conn, c.kind, class, c.id)?;
        let found = fields
            .iter()
            .find(|(label, _)| *label == c.field)
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
        matched = title.clone();
    }
    Ok(Some(SearchHit {
        kind: c.kind,
        id: c.id,
        title,
        field,
        rank: c.tier,
        matched,
        approximate: c.approximate,
        owner: None,
        organization,
        city,
        role,
    }))
}
