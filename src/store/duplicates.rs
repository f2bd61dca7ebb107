//! Possible duplicates: the same organization or person entered on two
//! desks and brought together by a sync (or typed twice on one).
//! - organizations: the same name once folded (case, accents, spaces,
//!   punctuation) in the same country (or both without one);
//! - contacts: the same vCard UID (their own or one they answer to after a
//!   merge), or an e-mail address in common (case ignored).
//!
//! Each pair is listed once, the older record first (the one to keep by
//! default). Only live records: a merged one is in the trash.

use std::collections::{BTreeMap, HashMap};

use crate::domain::text::fold;
use crate::domain::{Id, RecordKind};
use crate::store::error::Result;
use crate::store::read::Reader;

/// Two records that may be one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub kind: RecordKind,
    pub a: Id,
    pub a_title: String,
    pub b: Id,
    pub b_title: String,
    /// Why they look alike, for the person deciding.
    pub reason: String,
}

/// Records that look alike: (id, title), the oldest first.
type Members = Vec<(Id, String)>;

/// A name as compared: folded, letters and digits only, words single-spaced.
pub fn name_key(name: &str) -> String {
    fold(name)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Reader<'_> {
    /// Every pair of live records that look like one, organizations first.
    pub fn possible_duplicates(&self) -> Result<Vec<Duplicate>> {
        let mut out = self.duplicate_organizations()?;
        out.extend(self.duplicate_contacts()?);
        Ok(out)
    }

    fn duplicate_organizations(&self) -> Result<Vec<Duplicate>> {
        let rows: Vec<(Id, String, Option<String>)> = self
            .conn()
            .prepare(
                "SELECT id, name, country FROM organizations WHERE deleted_at IS NULL \
                 ORDER BY created_at, id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut groups: BTreeMap<(String, Option<String>), Members> = BTreeMap::new();
        for (id, name, country) in rows {
            let country = country
                .map(|c| c.trim().to_uppercase())
                .filter(|c| !c.is_empty());
            groups
                .entry((name_key(&name), country))
                .or_default()
                .push((id, name));
        }
        let mut out = Vec::new();
        for ((_, country), members) in groups {
            let reason = match &country {
                Some(c) => format!("same name in {c}"),
                None => "same name".to_string(),
            };
            out.extend(pairs(RecordKind::Organization, &members, &reason));
        }
        Ok(out)
    }

    fn duplicate_contacts(&self) -> Result<Vec<Duplicate>> {
        // Each live contact with the UIDs and addresses it answers to.
        let sql = "SELECT c.id, c.display_name, 'uid', c.uid FROM contacts c \
                   WHERE c.deleted_at IS NULL AND c.uid IS NOT NULL \
                   UNION ALL SELECT c.id, c.display_name, 'uid', a.uid FROM contact_uid_aliases a \
                   JOIN contacts c ON c.id = a.contact_id WHERE c.deleted_at IS NULL \
                   UNION ALL SELECT c.id, c.display_name, 'e-mail', lower(trim(e.value)) FROM contact_emails e \
                   JOIN contacts c ON c.id = e.contact_id WHERE c.deleted_at IS NULL \
                   ORDER BY 3 DESC, 4";
        let rows: Vec<(Id, String, String, String)> = self
            .conn()
            .prepare(sql)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let created: HashMap<Id, i64> = self
            .conn()
            .prepare("SELECT id, created_at FROM contacts WHERE deleted_at IS NULL")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut groups: BTreeMap<(String, String), Members> = BTreeMap::new();
        for (id, name, what, value) in rows {
            let members = groups.entry((what, value)).or_default();
            if !members.iter().any(|(m, _)| *m == id) {
                members.push((id, name));
            }
        }
        let mut out: Vec<Duplicate> = Vec::new();
        for ((what, value), mut members) in groups {
            members.sort_by_key(|(id, _)| (created.get(id).copied().unwrap_or_default(), *id));
            let reason = format!("same {what} {value}");
            for d in pairs(RecordKind::Contact, &members, &reason) {
                // One line per pair, with the first reason found (UIDs first).
                if !out.iter().any(|o| (o.a, o.b) == (d.a, d.b)) {
                    out.push(d);
                }
            }
        }
        Ok(out)
    }
}

/// The first member paired with each of the others.
fn pairs(kind: RecordKind, members: &[(Id, String)], reason: &str) -> Vec<Duplicate> {
    let Some((a, a_title)) = members.first() else {
        return Vec::new();
    };
    members[1..]
        .iter()
        .map(|(b, b_title)| Duplicate {
            kind,
            a: *a,
            a_title: a_title.clone(),
            b: *b,
            b_title: b_title.clone(),
            reason: reason.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::name_key;

    #[test]
    fn names_compare_folded_without_punctuation() {
        assert_eq!(
            name_key("  Association  Sénégalaise-des Femmes "),
            "association senegalaise des femmes"
        );
        assert_eq!(name_key("KIBERA YOUTH, Ltd."), name_key("kibera youth ltd"));
        assert_ne!(name_key("Kibera Youth"), name_key("Kibera Youths"));
    }
}
