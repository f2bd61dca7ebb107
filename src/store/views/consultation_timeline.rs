//! Consultations on the timelines of the people who asked, of their
//! organization and of the project they were about.

use chrono::NaiveDate;

use super::Link;
use super::timeline::{TIMELINE_LIMIT, TimelineEntry};
use crate::domain::*;
use crate::store::error::Result;
use crate::store::read::Reader;

impl Reader<'_> {
    /// "consultation  Phone, NGO registration and permits: How long ...".
    pub(super) fn consultation_entries(
        &self,
        kind: RecordKind,
        id: Id,
    ) -> Result<Vec<TimelineEntry>> {
        let sql = match kind {
            RecordKind::Contact => {
                "SELECT c.id, c.date, c.channel, c.topic, c.summary FROM consultations c
                 JOIN consultation_people cp ON cp.consultation_id = c.id
                 WHERE cp.contact_id = ?1 AND c.deleted_at IS NULL ORDER BY c.date DESC LIMIT ?2"
            }
            RecordKind::Organization => {
                "SELECT id, date, channel, topic, summary FROM consultations
                 WHERE organization_id = ?1 AND deleted_at IS NULL ORDER BY date DESC LIMIT ?2"
            }
            RecordKind::Project => {
                "SELECT id, date, channel, topic, summary FROM consultations
                 WHERE project_id = ?1 AND deleted_at IS NULL ORDER BY date DESC LIMIT ?2"
            }
            _ => return Ok(Vec::new()),
        };
        let rows: Vec<(Id, String, String, String, String)> = self
            .conn()
            .prepare_cached(sql)?
            .query_map(rusqlite::params![id, TIMELINE_LIMIT], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .map(|(cid, date, channel, topic, summary)| {
                // Noon, as visits: a day's entries sort with the day's visits.
                let at = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                    .ok()
                    .and_then(|d| d.and_hms_opt(12, 0, 0))
                    .map(|d| d.and_utc())
                    .unwrap_or_default();
                let label = |parse: fn(&str) -> std::result::Result<&'static str, String>,
                             key: String| {
                    parse(&key).unwrap_or("?").to_string()
                };
                let channel = label(|k| Channel::parse(k).map(Channel::label), channel);
                let topic = label(|k| Topic::parse(k).map(Topic::label), topic);
                let first = summary.lines().next().unwrap_or("").to_string();
                TimelineEntry {
                    at,
                    label: "asked",
                    text: format!("{channel}, {topic}: {first}"),
                    link: Some(Link {
                        kind: RecordKind::Consultation,
                        id: cid,
                    }),
                }
            })
            .collect())
    }
}
