//! Backups taken while another connection writes, and restores that check
//! what they restore.

use std::fs;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use fieldbook::domain::*;
use fieldbook::store::Store;
use fieldbook::store::backup::{list_backups, restore, verify_backup};

fn orgs(store: &Store) -> i64 {
    store.read().counts().unwrap()[0].live
}

#[test]
fn a_backup_taken_during_writes_holds_every_committed_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    drop(Store::open(&db).unwrap());
    let committed = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (db, committed, stop) = (db.clone(), committed.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut store = Store::open(&db).unwrap();
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) {
                let o = Organization::new(format!("Org {i}"), OrgKind::Other);
                store.write(|tx| tx.save_organization(&o)).unwrap();
                i += 1;
                committed.store(i, Ordering::SeqCst);
            }
        })
    };
    while committed.load(Ordering::SeqCst) < 50 {
        std::thread::yield_now();
    }
    let store = Store::open(&db).unwrap();
    let before = committed.load(Ordering::SeqCst) as i64;
    let copy = dir.path().join("copy.db");
    store.backup_to(&copy).unwrap();
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    verify_backup(&copy).unwrap();
    let restored = Store::open(&copy).unwrap();
    assert!(orgs(&restored) >= before, "{} < {before}", orgs(&restored));
    assert!(restored.read().check().unwrap().is_ok());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&copy).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn restore_refuses_a_bad_backup_and_leaves_the_database_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    {
        let mut store = Store::open(&db).unwrap();
        let o = Organization::new("PLAS", OrgKind::DonorNgo);
        store.write(|tx| tx.save_organization(&o)).unwrap();
    }
    let before = fs::read(&db).unwrap();
    let text = dir.path().join("notes.txt");
    fs::write(&text, "not a database").unwrap();
    assert!(
        restore(&db, &text)
            .unwrap_err()
            .to_string()
            .contains("not a fieldbook database")
    );
    // A backup with a damaged page.
    let good = dir.path().join("good.db");
    Store::open(&db).unwrap().backup_to(&good).unwrap();
    let mut bytes = fs::read(&good).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len - 4096..] {
        *b = 0x5A;
    }
    let bad = dir.path().join("bad.db");
    fs::write(&bad, &bytes).unwrap();
    assert!(restore(&db, &bad).is_err());
    assert_eq!(
        fs::read(&db).unwrap(),
        before,
        "the database was not touched"
    );
}

#[test]
fn restore_puts_the_backup_in_place_and_keeps_the_old_one_aside() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    let backup = dir.path().join("b.db");
    {
        let mut store = Store::open(&db).unwrap();
        let o = Organization::new("Before", OrgKind::Other);
        store.write(|tx| tx.save_organization(&o)).unwrap();
        store.backup_to(&backup).unwrap();
        let o = Organization::new("After", OrgKind::Other);
        store.write(|tx| tx.save_organization(&o)).unwrap();
    }
    let aside = restore(&db, &backup).unwrap().unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(store.read().organizations_named("before").unwrap().len(), 1);
    assert!(
        store
            .read()
            .organizations_named("after")
            .unwrap()
            .is_empty()
    );
    let old = Store::open(&aside).unwrap();
    assert_eq!(old.read().organizations_named("after").unwrap().len(), 1);
}

#[test]
fn daily_backups_are_made_once_a_day_and_the_last_seven_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    let store = Store::open(&db).unwrap();
    let first = store
        .backup_if_older_than(chrono::Duration::days(1), 7)
        .unwrap();
    assert!(first.is_some());
    assert!(
        store
            .backup_if_older_than(chrono::Duration::days(1), 7)
            .unwrap()
            .is_none(),
        "one a day"
    );
    for _ in 0..9 {
        store
            .backup_if_older_than(chrono::Duration::zero(), 7)
            .unwrap()
            .unwrap();
    }
    let kept = list_backups(&dir.path().join("backups"));
    assert_eq!(kept.len(), 7);
    assert!(!kept.contains(&first.unwrap()), "the oldest went first");
}
