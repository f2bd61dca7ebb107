//! "Not in touch for N days": the people the desk should call, with when
//! it last had contact with each (visit, consultation or event attended)
//! and the period that applies (the default, or a tag's).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::consultation_detail::{LastContactKind, contact_kind};
use crate::domain::*;
use crate::store::error::Result;
use crate::store::read::Reader;
use crate::store::rows::opt_date;

/// One person to call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotInTouch {
    pub contact: Id,
    pub name: String,
    pub organization: Option<String>,
    /// The last contact and how; `None`: never (listed only when a tag of
    /// theirs asks for regular contact).
    pub last: Option<(NaiveDate, LastContactKind)>,
    /// Days since the last contact (`None`: never).
    pub days: Option<i64>,
    /// The period that applies, and the tag it comes from.
    pub every: u32,
    pub tag: Option<String>,
}

/// Each person's latest contact date and its kind, in one pass over the
/// three tables (an index on each person column keeps it a scan of links).
const LATEST_SQL: &str = "
    SELECT cid, max(date), kind FROM (
        SELECT vp.contact_id AS cid, v.date AS date, 'visit' AS kind
          FROM visit_participants vp JOIN visits v ON v.id = vp.visit_id
         WHERE v.deleted_at IS NULL
        UNION ALL
        SELECT cp.contact_id, c.date, 'consultation'
          FROM consultation_people cp JOIN consultations c ON c.id = cp.consultation_id
         WHERE c.deleted_at IS NULL
        UNION ALL
        SELECT i.contact_id, coalesce(e.end_date, e.start_date), 'event'
          FROM event_invitees i JOIN events e ON e.id = i.event_id
         WHERE i.contact_id IS NOT NULL AND i.status = 'attended' AND e.deleted_at IS NULL
    ) GROUP BY cid";

impl Reader<'_> {
    /// The people not in touch for longer than their period on `today`,
    /// longest silence first (those never met but tagged for regular
    /// contact first of all), then by name. People never in touch whose
    /// period is the default are left out: an address book imported from
    /// a phone is not a list of people to call.
    pub fn not_in_touch(&self, rules: &TouchRules, today: NaiveDate) -> Result<Vec<NotInTouch>> {
        // SQLite's bare-column rule: with max(), `kind` comes from the row
        // that has the latest date.
        let mut latest: HashMap<Id, (NaiveDate, LastContactKind)> = HashMap::new();
        let mut stmt = self.conn().prepare_cached(LATEST_SQL)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(date) = opt_date(r.get(1)?, 1)? {
                latest.insert(r.get(0)?, (date, contact_kind(&r.get::<_, String>(2)?)));
            }
        }
        let mut out = Vec::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.id, c.display_name, o.name, c.tags, coalesce(o.tags, '[]')
             FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
             WHERE c.deleted_at IS NULL ORDER BY c.sort_key, c.rowid",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: Id = r.get(0)?;
            let tags = |col: usize| -> rusqlite::Result<Vec<String>> {
                Ok(serde_json::from_str(&r.get::<_, String>(col)?).unwrap_or_default())
            };
            let all_tags: Vec<String> = tags(3)?.into_iter().chain(tags(4)?).collect();
            let period = rules.period(&all_tags);
            let last = latest.get(&id).copied();
            let days = last.map(|(d, _)| (today - d).num_days());
            let due = match days {
                Some(days) => days > i64::from(period.days),
                None => period.tag.is_some(),
            };
            if due {
                out.push(NotInTouch {
                    contact: id,
                    name: r.get(1)?,
                    organization: r.get(2)?,
                    last,
                    days,
                    every: period.days,
                    tag: period.tag,
                });
            }
        }
        // Stable: people of the same silence stay in name order.
        out.sort_by_key(|p| std::cmp::Reverse(p.days.unwrap_or(i64::MAX)));
        Ok(out)
    }
}
