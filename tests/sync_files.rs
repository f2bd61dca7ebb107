//! File contents and sync (issue 17): a new attachment's bytes are stored
//! once (in the book, not again in the change log); a bundle carries the
//! files its attachments need, encrypted with the rest; a changeset whose
//! file has not come is held until it does; a bundle of the first format,
//! whose changesets carry the files, still imports.

use std::collections::BTreeMap;

use fieldbook::domain::attachment::sha256_hex;
use fieldbook::domain::{AttachedTo, Attachment, OrgKind, Organization};
use fieldbook::store::Store;
use fieldbook::sync::bundle::{Bundle, Entry, EntryMeta, Header};
use fieldbook::sync::{self, identity, import, session, tables};

/// Bytes no compressor shrinks (a photo does not compress either).
fn noise(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// A book with an organization and a 200 KiB file attached to it.
fn book_with_a_file(path: &std::path::Path) -> (Store, Organization, Vec<u8>) {
    let mut store = Store::open(path).unwrap();
    let org = Organization::new("Kibera Youth", OrgKind::LocalNgo);
    store.write(|tx| tx.save_organization(&org)).unwrap();
    let data = noise(200 * 1024);
    let a = Attachment::of(AttachedTo::Organization(org.meta.id), "site.jpg", &data);
    store.write(|tx| tx.attach(&a, &data)).unwrap();
    (store, org, data)
}

fn logged_bytes(store: &Store) -> i64 {
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.query_row("SELECT sum(length(changeset)) FROM sync_log", [], |r| {
        r.get(0)
    })
    .unwrap()
}

fn file_on(store: &Store, org: &Organization) -> Option<Vec<u8>> {
    let on = store
        .read()
        .attachments_on(AttachedTo::Organization(org.meta.id))
        .unwrap();
    let a = on.first()?;
    store.read().attachment_data(&a.sha256).unwrap()
}

#[test]
fn a_file_is_stored_once_and_travels_in_the_encrypted_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let (a, org, data) = book_with_a_file(&dir.path().join("a.db"));
    // The change log names the file (its attachment row), without its bytes.
    assert!(logged_bytes(&a) < 4096, "{} bytes logged", logged_bytes(&a));
    let bundle = sync::build_bundle(&a, None).unwrap();
    assert_eq!(bundle.blobs.len(), 1);
    let secret = bundle.to_encrypted("shared by the offices");
    assert!(
        !secret
            .windows(64)
            .any(|w| data.windows(64).next() == Some(w))
    );
    let read = Bundle::read(&secret, Some("shared by the offices")).unwrap();
    let mut b = Store::open(&dir.path().join("b.db")).unwrap();
    sync::check_bundle(&b, &read).unwrap();
    let r = import::apply_bundle(&mut b, &read).unwrap();
    assert_eq!((r.applied, r.held), (2, 0));
    assert_eq!(file_on(&b, &org).unwrap(), data);
    // Forwarded from b, the file still comes along (from b's own table).
    let forwarded = sync::build_bundle(&b, None).unwrap();
    assert_eq!(forwarded.blobs, bundle.blobs);
    assert!(b.read().check().unwrap().is_ok());
}

#[test]
fn an_attachment_whose_file_has_not_come_is_held_until_it_does() {
    let dir = tempfile::tempdir().unwrap();
    let (a, org, data) = book_with_a_file(&dir.path().join("a.db"));
    let whole = sync::build_bundle(&a, None).unwrap();
    let mut without = whole.clone();
    without.blobs.clear();
    let mut b = Store::open(&dir.path().join("b.db")).unwrap();
    let r = import::apply_bundle(&mut b, &without).unwrap();
    assert_eq!(
        (r.applied, r.held),
        (1, 1),
        "the organization, not the file"
    );
    assert!(b.read().organization(org.meta.id).unwrap().is_some());
    assert_eq!(file_on(&b, &org), None);
    let status = sync::report::status(&rusqlite::Connection::open(b.path()).unwrap()).unwrap();
    assert!(
        status.contains("attaches a file whose contents have not come yet"),
        "{status}"
    );
    let r = import::apply_bundle(&mut b, &whole).unwrap();
    assert_eq!((r.applied, r.held), (1, 0));
    assert_eq!(file_on(&b, &org).unwrap(), data);
    assert!(b.read().check().unwrap().is_ok());
}

#[test]
fn a_first_format_bundle_whose_changesets_carry_the_file_still_imports() {
    // What a book of the first format logged: the file's bytes in the
    // changeset, as an attachment_blobs insert before the attachment.
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    fieldbook::store::migrations::migrate(&mut conn).unwrap();
    let data = noise(10_000);
    let sha = hex_to_bytes(&sha256_hex(&data));
    let org = [7u8; 16];
    let changeset = {
        let s = session::Session::start(&conn, tables::is_synced).unwrap();
        conn.execute(
            "INSERT INTO organizations (id, name, sort_key, kind, created_at, updated_at) \
             VALUES (?1, 'Old Desk NGO', 'old desk ngo', 'local_ngo', 1, 1)",
            [&org[..]],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO attachment_blobs (sha256, size, data) VALUES (?1, ?2, ?3)",
            rusqlite::params![sha, data.len() as i64, data],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO attachments (id, sha256, name, media_type, size, organization_id, created_at, updated_at) \
             VALUES (?1, ?2, 'scan.pdf', 'application/pdf', ?3, ?4, 1, 1)",
            rusqlite::params![&[9u8; 16][..], sha, data.len() as i64, &org[..]],
        )
        .unwrap();
        s.changeset().unwrap()
    };
    let sender = uuid::Uuid::now_v7();
    let old = Bundle {
        header: Header {
            format: 1,
            schema: fieldbook::store::migrations::latest_version(),
            sender,
            desk: "old.db".into(),
            ranges: vec![],
            has: BTreeMap::from([(sender, 1)]),
        },
        entries: vec![Entry {
            meta: EntryMeta {
                replica: sender,
                seq: 1,
                clock: identity::clock_of_millis(chrono::Utc::now().timestamp_millis()),
                bases: "[]".into(),
            },
            changeset,
        }],
        blobs: vec![],
    };
    let read = Bundle::read(&old.to_plain(), None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut b = Store::open(&dir.path().join("b.db")).unwrap();
    sync::check_bundle(&b, &read).unwrap();
    let r = import::apply_bundle(&mut b, &read).unwrap();
    assert_eq!((r.applied, r.held), (1, 0));
    let org = b
        .read()
        .organization(uuid::Uuid::from_bytes(org))
        .unwrap()
        .unwrap();
    assert_eq!(file_on(&b, &org).unwrap(), data);
    assert!(b.read().check().unwrap().is_ok());
}

fn hex_to_bytes(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}
