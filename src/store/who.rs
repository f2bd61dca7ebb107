//! Who is who: for a set of contacts, what tells people of the same name
//! apart (organization, role, city), read in one query. Pickers and search
//! results draw it beside the name.

use std::collections::HashMap;

use crate::domain::Id;

use super::{Reader, Result};

/// A contact's organization, role and city, as one line ("JICA Kenya,
/// Programme officer, Nairobi"); empty when none is known.
pub type WhoIsWho = HashMap<Id, String>;

impl Reader<'_> {
    /// Who-is-who for these contacts (ids of deleted or unknown contacts,
    /// and contacts with nothing to say, are left out).
    pub fn who_is_who(&self, ids: &[Id]) -> Result<WhoIsWho> {
        if ids.is_empty() {
            return Ok(WhoIsWho::new());
        }
        // One query for the whole set: the ids go in as a JSON array of hex.
        let wanted = serde_json::to_string(
            &ids.iter()
                .map(|id| id.simple().to_string())
                .collect::<Vec<_>>(),
        )
        .unwrap_or_else(|_| "[]".into());
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.id, o.name, c.role, c.city FROM contacts c \
             LEFT JOIN organizations o ON o.id = c.organization_id AND o.deleted_at IS NULL \
             WHERE c.id IN (SELECT unhex(value) FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([wanted], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                [
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ],
            ))
        })?;
        let mut who = WhoIsWho::new();
        for row in rows {
            let (id, parts) = row?;
            let line = parts
                .into_iter()
                .flatten()
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            if !line.is_empty() {
                who.insert(id, line);
            }
        }
        Ok(who)
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::*;
    use crate::store::Store;

    #[test]
    fn two_of_the_same_name_are_told_apart_in_one_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("who.db")).unwrap();
        let jica = Organization::new("JICA Kenya", OrgKind::Government);
        let uni = Organization::new("Nagoya University", OrgKind::University);
        let mut a = Contact::new("Doi Kenichi");
        a.organization_id = Some(jica.meta.id);
        a.role = Some("Programme officer".into());
        a.city = Some("Nairobi".into());
        let mut b = Contact::new("Doi Kenichi");
        b.organization_id = Some(uni.meta.id);
        b.city = Some("Nagoya".into());
        let nobody = Contact::new("Zawadi");
        store
            .write(|tx| {
                tx.save_organization(&jica)?;
                tx.save_organization(&uni)?;
                tx.save_contact(&a)?;
                tx.save_contact(&b)?;
                tx.save_contact(&nobody)
            })
            .unwrap();
        let who = store
            .read()
            .who_is_who(&[a.meta.id, b.meta.id, nobody.meta.id, new_id()])
            .unwrap();
        assert_eq!(who[&a.meta.id], "JICA Kenya, Programme officer, Nairobi");
        assert_eq!(who[&b.meta.id], "Nagoya University, Nagoya");
        assert_eq!(who.len(), 2);
    }
}
