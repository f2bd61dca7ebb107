//! Migration 13's work SQL cannot do: a contact's phones and e-mails copied
//! into tables keyed by ids derived from what they hold (`domain::item_id`,
//! which needs the phone normaliser), then put in place of the old ones.
//!
//! Two items of one contact with the same content (one number written two
//! ways, one address in two cases) become one: the first in the list, with
//! its label, is kept.

use rusqlite::{Connection, params};

use super::error::Result;
use crate::domain::Id;
use crate::domain::item_id::{email_id, phone_id};

/// Replaces the old tables, after migration 13's SQL made the new ones.
pub fn migrate(conn: &Connection) -> Result<()> {
    copy_phones(conn)?;
    copy_emails(conn)?;
    conn.execute_batch(
        "DROP TABLE contact_phones;
         ALTER TABLE contact_phones_v13 RENAME TO contact_phones;
         CREATE INDEX contact_phones_by_digits ON contact_phones (digits);
         CREATE INDEX contact_phones_by_contact ON contact_phones (contact_id, position);
         DROP TABLE contact_emails;
         ALTER TABLE contact_emails_v13 RENAME TO contact_emails;
         CREATE INDEX contact_emails_by_value ON contact_emails (lower(value));
         CREATE INDEX contact_emails_by_contact ON contact_emails (contact_id, position);",
    )?;
    Ok(())
}

fn copy_phones(conn: &Connection) -> Result<()> {
    let mut read = conn.prepare(
        "SELECT p.contact_id, p.position, p.label, p.value, p.digits, c.country
         FROM contact_phones p JOIN contacts c ON c.id = p.contact_id
         ORDER BY p.contact_id, p.position",
    )?;
    let mut write = conn.prepare(
        "INSERT OR IGNORE INTO contact_phones_v13 (id, contact_id, position, label, value, digits)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let contact: Id = r.get(0)?;
        let value: String = r.get(3)?;
        let country: Option<String> = r.get(5)?;
        let id = phone_id(contact, &value, country.as_deref());
        write.execute(params![
            id.as_slice(),
            contact,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            value,
            r.get::<_, String>(4)?
        ])?;
    }
    Ok(())
}

fn copy_emails(conn: &Connection) -> Result<()> {
    let mut read = conn.prepare(
        "SELECT contact_id, position, label, value FROM contact_emails
         ORDER BY contact_id, position",
    )?;
    let mut write = conn.prepare(
        "INSERT OR IGNORE INTO contact_emails_v13 (id, contact_id, position, label, value)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let contact: Id = r.get(0)?;
        let value: String = r.get(3)?;
        write.execute(params![
            email_id(contact, &value).as_slice(),
            contact,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            value
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use crate::store::migrations::{migrate, migrate_to};

    #[test]
    fn old_rows_get_content_ids_and_duplicates_of_one_contact_merge() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 12).unwrap();
        conn.execute_batch(
            "INSERT INTO contacts (id, display_name, sort_key, languages, country, tags, created_at, updated_at)
               VALUES (x'00000000000000000000000000000001', 'Awa', 'awa', '[]', 'KE', '[]', 1, 1);
             INSERT INTO contact_phones (contact_id, position, label, value, digits) VALUES
               (x'00000000000000000000000000000001', 0, 'mobile', '0700 000001', '0700000001'),
               (x'00000000000000000000000000000001', 1, 'work', '+254 700 000 001', '+254700000001'),
               (x'00000000000000000000000000000001', 2, 'office', '020 123', '020123');
             INSERT INTO contact_emails (contact_id, position, label, value) VALUES
               (x'00000000000000000000000000000001', 0, '', 'Awa@Example.sn'),
               (x'00000000000000000000000000000001', 1, 'home', 'awa@example.sn');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let phones: Vec<(i64, String, String)> = conn
            .prepare("SELECT position, label, value FROM contact_phones ORDER BY position")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(
            phones,
            vec![
                (0, "mobile".into(), "0700 000001".into()),
                (2, "office".into(), "020 123".into())
            ]
        );
        let emails: i64 = conn
            .query_row("SELECT count(*) FROM contact_emails", [], |r| r.get(0))
            .unwrap();
        assert_eq!(emails, 1);
        let fk: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk, 0);
    }
}
