//! The demo generator: deterministic, complete, and safe on real data.

use chrono::NaiveDate;
use fieldbook::demo::{DemoError, DemoOptions, generate};
use fieldbook::domain::*;
use fieldbook::store::Store;
use rusqlite::Connection;

fn options(seed: u64) -> DemoOptions {
    DemoOptions {
        scale: 200,
        seed,
        today: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        force: false,
    }
}

/// Every contact's id and names, in id order.
fn contact_dump(path: &std::path::Path) -> Vec<(Vec<u8>, String, Option<String>)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, display_name, native_name FROM contacts ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<_> = ["a.db", "b.db", "c.db"]
        .iter()
        .map(|n| dir.path().join(n))
        .collect();
    for (path, seed) in paths.iter().zip([7, 7, 8]) {
        let mut store = Store::open(path).unwrap();
        generate(&mut store, &options(seed)).unwrap();
    }
    let (a, b, c) = (
        contact_dump(&paths[0]),
        contact_dump(&paths[1]),
        contact_dump(&paths[2]),
    );
    assert_eq!(a.len(), 200);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn demo_covers_what_the_screens_need() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path).unwrap();
    let opts = options(1);
    let summary = generate(&mut store, &opts).unwrap();
    assert_eq!(summary.contacts, 200);
    assert_eq!(summary.organizations, 10);
    assert!(summary.notes >= 200 * 8, "about ten notes per contact");
    assert!(store.read().check().unwrap().is_ok());

    let conn = Connection::open(&path).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    // Every status of the pipeline appears.
    assert_eq!(
        count("SELECT count(DISTINCT status) FROM projects"),
        ProjectStatus::ALL.len() as i64
    );
    // Histories have more than the first entry.
    assert!(
        count(
            "SELECT max(n) FROM (SELECT count(*) n FROM project_status_history GROUP BY project_id)"
        ) >= 5
    );
    // Follow-ups: overdue, due within the week, and done.
    assert!(
        count("SELECT count(*) FROM follow_ups WHERE done_at IS NULL AND due_date < '2026-11-28'")
            > 0
    );
    assert!(
        count(
            "SELECT count(*) FROM follow_ups WHERE done_at IS NULL AND due_date BETWEEN '2026-11-28' AND '2026-12-05'"
        ) > 0
    );
    assert!(count("SELECT count(*) FROM follow_ups WHERE done_at IS NOT NULL") > 0);
    // Names in many scripts.
    for pattern in ["%ł%", "%é%", "%'%"] {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM contacts WHERE lower(display_name) LIKE ?1 OR display_name LIKE 'Ł%'",
                [pattern],
                |r| r.get(0),
            )
            .unwrap();
        assert!(n > 0, "a name with {pattern}");
    }
    assert!(
        count("SELECT count(*) FROM contacts WHERE native_name GLOB '*[一-龯]*'") > 0,
        "kanji"
    );
    assert!(
        count(
            "SELECT count(*) FROM contacts WHERE native_name LIKE '% %' AND reading GLOB '*[ァ-ン]*'"
        ) > 0,
        "kanji with a space, katakana reading"
    );
    assert!(
        count("SELECT count(*) FROM contacts WHERE native_name GLOB '*[가-힣]*'") > 0,
        "Hangul"
    );
    assert!(
        count(
            "SELECT count(*) FROM visits v WHERE EXISTS (SELECT 1 FROM visit_participants p WHERE p.visit_id = v.id)"
        ) > 0
    );
}

#[test]
fn refuses_a_database_with_records_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("x.db")).unwrap();
    let org = Organization::new("PLAS", OrgKind::DonorNgo);
    store.write(|tx| tx.save_organization(&org)).unwrap();
    let err = generate(&mut store, &options(1)).unwrap_err();
    assert!(matches!(err, DemoError::NotEmpty));
    assert_eq!(
        store.read().counts().unwrap()[1].live,
        0,
        "nothing was added"
    );
    let mut forced = options(1);
    forced.force = true;
    generate(&mut store, &forced).unwrap();
    assert_eq!(store.read().counts().unwrap()[1].live, 200);
}

#[test]
fn forced_demo_data_adds_a_fresh_copy_even_with_the_same_seed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("x.db")).unwrap();
    generate(&mut store, &options(4)).unwrap();
    let mut forced = options(4);
    forced.force = true;
    generate(&mut store, &forced).unwrap();
    generate(&mut store, &forced).unwrap();
    assert_eq!(store.read().counts().unwrap()[1].live, 600);
    assert!(store.read().check().unwrap().is_ok());
}

/// The schema: every table, index and trigger with its SQL.
fn schema(path: &std::path::Path) -> Vec<(String, Option<String>)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_schema ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The demo drops the notes' indexes while it loads and builds them again at
/// the commit: the schema afterwards is exactly a fresh one, and the lookup
/// of a contact's notes uses its index again.
#[test]
fn demo_leaves_the_schema_as_it_found_it() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.db");
    let demo = dir.path().join("demo.db");
    drop(Store::open(&fresh).unwrap());
    let mut store = Store::open(&demo).unwrap();
    generate(&mut store, &options(3)).unwrap();
    drop(store);
    assert_eq!(schema(&demo), schema(&fresh));
    let conn = Connection::open(&demo).unwrap();
    let plan: String = conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT id FROM notes WHERE contact_id = x'00' ORDER BY created_at",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("notes_on_contact"), "{plan}");
}
