//! Reads around search that are not a search: samples for `bench search`,
//! the index's size, and how each kind of record is named.

use rusqlite::OptionalExtension;

use super::BenchSamples;
use crate::domain::*;
use crate::store::error::Result;

impl crate::store::read::Reader<'_> {
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
        let phones = self
            .conn()
            .prepare(
                "SELECT p.value FROM contacts c JOIN contact_phones p ON p.contact_id = c.id
                 WHERE c.deleted_at IS NULL AND p.position = 0
                 AND c.rowid % (1 + (SELECT count(*) FROM contacts) / ?1) = 0 LIMIT ?1",
            )?
            .query_map([n as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(BenchSamples {
            names,
            note_words,
            phones,
        })
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
            RecordKind::Event => "SELECT start_date || ' ' || title FROM events WHERE id = ?1",
            RecordKind::Deliverable => {
                "SELECT coalesce(p.ref_code || ' ', '')
                        || coalesce(d.title, upper(substr(d.kind, 1, 1)) || replace(substr(d.kind, 2), '_', ' '))
                        || ' due ' || d.due_date
                 FROM deliverables d LEFT JOIN projects p ON p.id = d.project_id WHERE d.id = ?1"
            }

            RecordKind::Registration => {
                "SELECT replace(kind, '_', ' ') || coalesce(' ' || number, '') FROM registrations WHERE id = ?1"
            }
            RecordKind::Attachment => "SELECT name FROM attachments WHERE id = ?1",
            RecordKind::Consultation => {
                "SELECT c.date || coalesce(' ' || o.name, '') || ': '
                        || substr(replace(c.summary, char(10), ' '), 1, 60)
                 FROM consultations c LEFT JOIN organizations o ON o.id = c.organization_id
                 WHERE c.id = ?1"
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
