//! Ids of a contact's phones and e-mails, derived from what they hold
//! (issue 17): two desks that add the same number, or import the same
//! export, make the same item, so the items merge instead of colliding on
//! their place in the list.
//!
//! A phone is its contact and its E.164 number (the normaliser of
//! `domain::phone`, reading a national number in the contact's country),
//! or its digits when it is not a number libphonenumber can read; an
//! e-mail is its contact and its address, trimmed and lower-cased. The id
//! is the first 16 bytes of a SHA-256 of these.

use sha2::{Digest, Sha256};

use super::{Id, phone};

/// What makes two phones of one contact the same item.
pub fn phone_key(value: &str, region: Option<&str>) -> String {
    if let Some(number) = phone::e164(value, region) {
        return number;
    }
    let digits = phone::digits(value);
    if digits.trim_start_matches('+').is_empty() {
        // No digits at all (a short code written in words): the text.
        return value.trim().to_string();
    }
    digits
}

/// What makes two e-mails of one contact the same item.
pub fn email_key(value: &str) -> String {
    value.trim().to_lowercase()
}

pub fn phone_id(contact: Id, value: &str, region: Option<&str>) -> [u8; 16] {
    item_id(b"phone", contact, &phone_key(value, region))
}

pub fn email_id(contact: Id, value: &str) -> [u8; 16] {
    item_id(b"email", contact, &email_key(value))
}

fn item_id(kind: &[u8], contact: Id, key: &str) -> [u8; 16] {
    let mut h = Sha256::new();
    h.update(kind);
    h.update([0]);
    h.update(contact.as_bytes());
    h.update(key.as_bytes());
    let digest = h.finalize();
    let mut id = [0u8; 16];
    id.copy_from_slice(&digest[..16]);
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_number_written_two_ways_is_one_item() {
        let c = Id::from_u128(7);
        assert_eq!(
            phone_id(c, "0700 000001", Some("KE")),
            phone_id(c, "+254 700-000-001", Some("KE"))
        );
        assert_ne!(
            phone_id(c, "0700 000001", Some("KE")),
            phone_id(Id::from_u128(8), "0700 000001", Some("KE")),
            "another contact's number is another item"
        );
        // Not a number libphonenumber reads: its digits.
        assert_eq!(phone_key("(0700) 000 001", None), "0700000001");
        assert_eq!(phone_key("*144#", Some("KE")), "144");
    }

    #[test]
    fn an_address_is_folded() {
        let c = Id::from_u128(7);
        assert_eq!(
            email_id(c, " Awa@Example.SN "),
            email_id(c, "awa@example.sn")
        );
        assert_ne!(
            email_id(c, "awa@example.sn"),
            phone_id(c, "awa@example.sn", None)
        );
    }
}
