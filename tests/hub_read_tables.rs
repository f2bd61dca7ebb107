//! The hub's read tables (issue 18) on a real PostgreSQL server: after a
//! full pull, every read table holds exactly a desk's rows, column by
//! column: the records, and their phones, e-mails, notes, files, partners,
//! participants, invitees and status history.

use std::path::{Path, PathBuf};

mod common;
use common::cli::fieldbook;
use common::desks::{json, sync};
use common::hubs::{desk_rows, desk_with_records, hub_init, ok, read_table_and_book};
use common::pg::Pg;

/// Every kind the hub has a read table for, made by the CLI.
fn desk_with_every_kind(dir: &Path, name: &str, org: &str, person: &str) -> PathBuf {
    let db = desk_with_records(dir, name, &[org]);
    let project = format!("Wells of {name}");
    ok(fieldbook(&db).args([
        "add",
        "contact",
        "--name",
        person,
        "--org",
        org,
        "--country",
        "TZ",
        "--city",
        "Arusha",
    ]));
    ok(fieldbook(&db).args([
        "edit",
        "project",
        &project,
        "--start",
        "2026-04-01",
        "--end",
        "2027-03-31",
    ]));
    ok(fieldbook(&db).args(["schedule", "--project", &project]));
    ok(fieldbook(&db).args([
        "log-visit",
        "--date",
        "2026-11-20",
        "--project",
        &project,
        "--with",
        person,
        "--place",
        "Kisumu",
        "--observations",
        "pumps fixed",
        "--follow-up",
        "send the report;owner=me;due=2026-12-05",
    ]));
    ok(fieldbook(&db).args([
        "log-consultation",
        "--with",
        person,
        "--topic",
        "safety",
        "--summary",
        "travel north?",
    ]));
    ok(fieldbook(&db).args([
        "add",
        "event",
        "--title",
        &format!("Forum of {name}"),
        "--kind",
        "forum",
        "--date",
        "2026-12-10",
    ]));
    ok(fieldbook(&db).args([
        "edit",
        "contact",
        person,
        "--phone",
        "+255 754 123 456",
        "--email",
        &format!("{}@example.org", name.trim_end_matches(".db")),
    ]));
    ok(fieldbook(&db).args(["note", "--contact", person, "met at the well"]));
    let scan = dir.join(format!("{name}-letter.txt"));
    std::fs::write(&scan, format!("letter of {name}")).unwrap();
    ok(fieldbook(&db).args(["attach", "--contact", person, scan.to_str().unwrap()]));
    ok(fieldbook(&db).args([
        "add",
        "registration",
        "--org",
        org,
        "--kind",
        "ngo_registration",
        "--number",
        "OP.218/051/2014",
    ]));
    let partner = format!("Partners of {name}");
    let friend = format!("Friends of {name}");
    ok(fieldbook(&db).args(["add", "org", "--name", &partner]));
    ok(fieldbook(&db).args(["add", "org", "--name", &friend]));
    ok(fieldbook(&db).args([
        "edit",
        "project",
        &project,
        "--partner",
        &partner,
        "--partner",
        &friend,
    ]));
    ok(fieldbook(&db).args(["status", "--project", &project, "--to", "proposal"]));
    ok(fieldbook(&db).args([
        "event",
        "invite",
        &format!("Forum of {name}"),
        "--contact",
        person,
    ]));
    db
}

const READ_TABLES: &[&str] = &[
    "organizations",
    "contacts",
    "projects",
    "visits",
    "follow_ups",
    "consultations",
    "events",
    "deliverables",
    "contact_phones",
    "contact_emails",
    "notes",
    "attachments",
    "registrations",
    "project_status_history",
    "project_partners",
    "visit_participants",
    "event_invitees",
    "consultation_people",
];

#[test]
fn the_read_tables_match_a_desks_records_after_a_full_pull() {
    let Some(pg) = Pg::start("the_read_tables_match_a_desks_records_after_a_full_pull") else {
        return;
    };
    let url = pg.create_db("hub");
    hub_init(&url);
    let dir = tempfile::tempdir().unwrap();
    let a = desk_with_every_kind(dir.path(), "nairobi.db", "Kibera Youth", "Amina Njeri");
    let b = desk_with_every_kind(dir.path(), "arusha.db", "Arusha Growers", "Juma Mollel");
    ok(sync(&a).args(["push", "--hub", &url]));
    ok(sync(&b).args(["--hub", &url]));
    // A pulls B's records, then edits one of them: the edit reaches the hub.
    ok(sync(&a).args(["pull", "--hub", &url]));
    ok(fieldbook(&a).args(["edit", "contact", "Juma Mollel", "--role", "chair"]));
    // ... and drops one of B's project's partners: a link row removed.
    ok(fieldbook(&a).args([
        "edit",
        "project",
        "Wells of arusha.db",
        "--partner",
        "Friends of arusha.db",
    ]));
    ok(sync(&a).args(["--hub", &url]));
    let c = dir.path().join("head-office.db");
    ok(sync(&c).args(["pull", "--hub", &url]));
    let mut hub = pg.client("postgres", "hub");
    for table in READ_TABLES {
        let desk = desk_rows(&c, table);
        assert!(
            !desk.is_empty(),
            "no {table} made: the test would prove nothing"
        );
        let (at_hub, at_desk) = read_table_and_book(&mut hub, &c, table);
        assert!(!at_hub.is_empty(), "hub.{table} is empty");
        assert_eq!(at_hub, at_desk, "hub.{table} differs from the book");
    }
    let role: String = hub
        .query_one(
            "SELECT role FROM hub.contacts WHERE display_name = 'Juma Mollel'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(role, "chair");
    let partners: i64 = hub
        .query_one("SELECT count(*) FROM hub.project_partners", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        partners, 3,
        "two of Nairobi's project, one left of Arusha's"
    );
    assert_eq!(
        json(&a),
        json(&c),
        "the head-office book differs from desk A"
    );
}
