//! Consultations (issue 16, section 1) and keeping in touch (section 6):
//! the store, search, trash, exports, the demo and the commands, on real
//! files and the real binary. No test reads today's date.

use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use fieldbook::domain::*;
use fieldbook::store::Store;
use predicates::prelude::*;
use predicates::str::contains;

mod common;
use common::cli::fieldbook;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// An organization, two people at it and one elsewhere with the same name
/// as one of them (for ambiguous names).
fn desk(db: &Path) {
    for args in [
        &[
            "add",
            "org",
            "--name",
            "PLAS",
            "--kind",
            "donor_ngo",
            "--tag",
            "partner",
        ][..],
        &["add", "contact", "--name", "Doi Kenichi", "--org", "PLAS"],
        &["add", "contact", "--name", "Grace Wanjiru", "--org", "PLAS"],
        &["add", "contact", "--name", "Otieno Omondi"],
        &[
            "add",
            "contact",
            "--name",
            "Otieno Omondi",
            "--org",
            "Kisumu Water Trust",
        ],
        &[
            "add",
            "contact",
            "--name",
            "Amina Diop",
            "--tag",
            "ministry",
        ],
    ] {
        fieldbook(db).args(args).assert().success();
    }
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn store_round_trip_edit_trash_restore_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("a.db")).unwrap();
    let org = Organization::new("PLAS", OrgKind::DonorNgo);
    let doi = Contact::new("Doi Kenichi");
    let grace = Contact::new("Grace Wanjiru");
    let mut c = Consultation::new(day("2026-11-20"), Channel::Phone, Topic::Registration);
    c.organization_id = Some(org.meta.id);
    c.people_ids = vec![grace.meta.id, doi.meta.id];
    c.summary = "How long does the NGO board take to register us?".into();
    c.advice = "Three to six months; start with the name reservation.\nChecklist sent.".into();
    c.minutes = Some(25);
    let mut f = FollowUp::new("Send the registration checklist");
    f.consultation_id = Some(c.meta.id);
    store
        .write(|tx| {
            tx.save_organization(&org)?;
            tx.save_contact(&doi)?;
            tx.save_contact(&grace)?;
            tx.save_consultation(&c)?;
            tx.save_follow_up(&f)
        })
        .unwrap();
    let back = store.read().consultation(c.meta.id).unwrap().unwrap();
    assert_eq!(back.people_ids, c.people_ids, "people keep their order");
    assert_eq!(
        (back.summary.as_str(), back.minutes),
        (c.summary.as_str(), Some(25))
    );
    assert_eq!(back.advice, c.advice, "paragraphs kept");
    let fu = store.read().follow_up(f.meta.id).unwrap().unwrap();
    assert_eq!(fu.consultation_id, Some(c.meta.id));

    // Details: people, organization, follow-ups; timelines of the people.
    let today = day("2026-11-28");
    let detail = store
        .read()
        .detail(RecordKind::Consultation, c.meta.id, today)
        .unwrap()
        .unwrap();
    let fieldbook::store::views::DetailBody::Consultation(d) = &detail.body else {
        panic!("not a consultation: {detail:?}");
    };
    assert_eq!(d.people.len(), 2);
    assert_eq!(
        d.organization.as_ref().and_then(|o| o.name.as_deref()),
        Some("PLAS")
    );
    assert_eq!(d.follow_ups.len(), 1);
    let timeline = store
        .read()
        .timeline(RecordKind::Contact, doi.meta.id)
        .unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| e.text.contains("Phone, NGO registration and permits"))
    );
    let last = store.read().last_contact(doi.meta.id).unwrap().unwrap();
    assert_eq!(last.date, day("2026-11-20"));

    // Search by the question, the advice and the topic's label.
    for query in ["board register", "name reservation", "registration permits"] {
        let hits = store.read().search(query, None, 20).unwrap();
        assert!(
            hits.iter()
                .any(|h| h.kind == RecordKind::Consultation && h.id == c.meta.id),
            "{query}: {hits:?}"
        );
    }

    // An edit replaces the people; the trash hides it from search; undo.
    c.people_ids = vec![doi.meta.id];
    c.topic = Topic::Jpp;
    store.write(|tx| tx.save_consultation(&c)).unwrap();
    let back = store.read().consultation(c.meta.id).unwrap().unwrap();
    assert_eq!((back.people_ids.len(), back.topic), (1, Topic::Jpp));
    store
        .write(|tx| tx.set_deleted(RecordKind::Consultation, c.meta.id, true))
        .unwrap();
    let hits = store.read().search("board register", None, 20).unwrap();
    assert!(
        hits.iter().all(|h| h.id != c.meta.id),
        "in the trash: not found"
    );
    let trash = store.read().trash(10).unwrap();
    assert_eq!(trash[0].kind, RecordKind::Consultation);
    assert_eq!(store.read().last_contact(doi.meta.id).unwrap(), None);
    store
        .write(|tx| tx.set_deleted(RecordKind::Consultation, c.meta.id, false))
        .unwrap();
    assert_eq!(
        store.read().search("board register", None, 20).unwrap()[0].id,
        c.meta.id
    );
    let between = store
        .read()
        .consultations_between(day("2026-11-01"), day("2026-11-30"))
        .unwrap();
    assert_eq!(between.len(), 1);
}

#[test]
fn the_store_refuses_bad_consultations_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("a.db")).unwrap();
    let mut c = Consultation::new(day("2026-11-20"), Channel::Email, Topic::Finance);
    c.summary = "  ".into();
    c.minutes = Some(-10);
    let err = store
        .write(|tx| tx.save_consultation(&c))
        .unwrap_err()
        .to_string();
    assert!(err.contains("summary: is required"), "{err}");
    assert!(err.contains("minutes: -10 is negative"), "{err}");
    c.summary = "Budget lines".into();
    c.minutes = None;
    c.people_ids = vec![new_id()];
    let err = store
        .write(|tx| tx.save_consultation(&c))
        .unwrap_err()
        .to_string();
    assert!(err.contains("people: no contact with id"), "{err}");
    assert_eq!(
        count(
            &dir.path().join("a.db"),
            "SELECT count(*) FROM consultations"
        ),
        0
    );
}

#[test]
fn log_consultation_resolves_names_and_writes_follow_ups() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    desk(&db);
    fieldbook(&db)
        .args([
            "log-consultation",
            "--date",
            "t",
            "--org",
            "PLAS",
            "--with",
            "Doi Kenichi",
            "--channel",
            "phone",
            "--topic",
            "registration",
            "--minutes",
            "20",
            "--summary",
            "How long does registration take?",
            "--advice",
            "Three months",
            "--follow-up",
            "Send the checklist;owner=Grace Wanjiru;due=+1w",
        ])
        .assert()
        .success()
        .stderr(contains("with 1 follow-up(s)"));
    // The organization defaults to the first person's; labels are accepted.
    fieldbook(&db)
        .args([
            "log-consultation",
            "--date",
            "2026-10-01",
            "--with",
            "Grace Wanjiru",
            "--channel",
            "e-mail",
            "--topic",
            "JPP application",
            "--minutes",
            "1h30",
            "--summary",
            "Is a first-timer eligible?",
        ])
        .assert()
        .success();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let rows: Vec<(String, String, String, Option<i64>, String)> = conn
        .prepare(
            "SELECT c.date, c.channel, c.topic, c.minutes, o.name FROM consultations c
             JOIN organizations o ON o.id = c.organization_id ORDER BY c.date",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            (
                "2026-10-01".into(),
                "email".into(),
                "jpp".into(),
                Some(90),
                "PLAS".into()
            ),
            (
                "2026-11-28".into(),
                "phone".into(),
                "registration".into(),
                Some(20),
                "PLAS".into()
            ),
        ]
    );
    let due: String = conn
        .query_row(
            "SELECT f.due_date FROM follow_ups f JOIN consultations c ON c.id = f.consultation_id
             JOIN contacts p ON p.id = f.owner_contact_id WHERE p.display_name = 'Grace Wanjiru'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(due, "2026-12-05");
}

#[test]
fn log_consultation_bad_input_names_the_flag_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    desk(&db);
    let cases: &[(&[&str], &str)] = &[
        (
            &["--topic", "weather", "--summary", "x"],
            "--topic: 'weather' is not a consultation topic; use one of: jpp, registration, law_tax, safety, partner_search, finance, other",
        ),
        (
            &["--topic", "jpp", "--channel", "fax", "--summary", "x"],
            "--channel: 'fax' is not a consultation channel; use one of: office, site, phone, email, online",
        ),
        (
            &["--topic", "jpp", "--summary", "  "],
            "--summary: is required",
        ),
        (
            &["--topic", "jpp", "--summary", "x", "--minutes", "-5"],
            "--minutes: -5 is negative",
        ),
        (
            &["--topic", "jpp", "--summary", "x", "--minutes", "soon"],
            "--minutes: 'soon' is not a number",
        ),
        (
            &["--topic", "jpp", "--summary", "x", "--date", "2026-02-30"],
            "--date:",
        ),
        (
            &[
                "--topic",
                "jpp",
                "--summary",
                "x",
                "--with",
                "Otieno Omondi",
            ],
            "--with: 'Otieno Omondi' matches 2 contacts: Otieno Omondi (",
        ),
        (
            &["--topic", "jpp", "--summary", "x", "--org", "Nobody"],
            "--org: no organization is named 'Nobody'",
        ),
        (
            &[
                "--topic",
                "jpp",
                "--summary",
                "x",
                "--follow-up",
                "Call back;due=someday",
            ],
            "--follow-up #1: due:",
        ),
        (
            &[
                "--topic",
                "jpp",
                "--summary",
                "x",
                "--follow-up",
                "Call;owner=Nobody Known",
            ],
            "--follow-up #1 owner: no contact is named 'Nobody Known'",
        ),
    ];
    for (args, message) in cases {
        fieldbook(&db)
            .arg("log-consultation")
            .args(*args)
            .assert()
            .failure()
            .stderr(contains(*message));
    }
    assert_eq!(count(&db, "SELECT count(*) FROM consultations"), 0);
    assert_eq!(count(&db, "SELECT count(*) FROM follow_ups"), 0);
    // --help says which short keys the topic and channel take.
    fieldbook(&db)
        .args(["log-consultation", "--help"])
        .assert()
        .success()
        .stdout(contains("registration (NGO registration and permits)").and(contains("phone")));
}

#[test]
fn json_round_trip_is_byte_identical_and_csv_xlsx_have_consultations() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    desk(&a);
    for (date, topic, summary) in [
        ("2026-11-01", "jpp", "Application round dates"),
        (
            "2026-11-02",
            "registration",
            "Renewal of the certificate\n\nSecond paragraph",
        ),
    ] {
        fieldbook(&a)
            .args([
                "log-consultation",
                "--date",
                date,
                "--with",
                "Doi Kenichi",
                "--topic",
                topic,
            ])
            .args(["--summary", summary, "--follow-up", "Send the forms"])
            .assert()
            .success();
    }
    // One in the trash: exported, flagged.
    let id: Id = rusqlite::Connection::open(&a)
        .unwrap()
        .query_row(
            "SELECT id FROM consultations WHERE topic = 'jpp'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    Store::open(&a)
        .unwrap()
        .write(|tx| tx.set_deleted(RecordKind::Consultation, id, true))
        .unwrap();
    let first = dir.path().join("first.json");
    let second = dir.path().join("second.json");
    fieldbook(&a)
        .args(["export", "--format", "json", "--out"])
        .arg(&first)
        .assert()
        .success();
    let text = fs::read_to_string(&first).unwrap();
    assert!(text.contains("\"consultations\": ["), "{text}");
    assert!(
        text.contains("\"consultation_id\":"),
        "follow-ups keep their link"
    );
    fieldbook(&b).arg("import").arg(&first).assert().success();
    fieldbook(&b)
        .args(["export", "--format", "json", "--out"])
        .arg(&second)
        .assert()
        .success();
    assert!(
        fs::read(&first).unwrap() == fs::read(&second).unwrap(),
        "exports differ"
    );
    assert_eq!(
        count(
            &b,
            "SELECT count(*) FROM consultations WHERE deleted_at IS NOT NULL"
        ),
        1
    );

    let csv = dir.path().join("csv");
    fieldbook(&a)
        .args(["export", "--format", "csv", "--out"])
        .arg(&csv)
        .assert()
        .success();
    let table = fs::read_to_string(csv.join("consultations.csv")).unwrap();
    assert!(
        table.starts_with("id,date,channel,topic,organization,organization_id,project,project_id,people,minutes,summary,advice,created,updated,deleted"),
        "{table}"
    );
    assert!(table.contains("registration,PLAS,"), "{table}");
    let xlsx = dir.path().join("book.xlsx");
    fieldbook(&a)
        .args(["export", "--format", "xlsx", "--out"])
        .arg(&xlsx)
        .assert()
        .success();
    use calamine::{Reader, Xlsx, open_workbook};
    let mut workbook: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = workbook.worksheet_range("consultations").unwrap();
    assert_eq!(sheet.height(), 3, "header and two consultations");
}

#[test]
fn an_export_from_before_consultations_still_imports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let old = dir.path().join("old.json");
    fs::write(
        &old,
        r#"{"format": "fieldbook", "version": 1, "organizations": [], "contacts": [],
            "projects": [], "status_history": [], "visits": [], "follow_ups": [
            {"meta":{"id":"019a0000-0000-7000-8000-000000000001","created_at":"2026-01-01T00:00:00Z",
             "updated_at":"2026-01-01T00:00:00Z","deleted_at":null},"text":"Call back",
             "owner":{"type":"officer"},"due_date":null,"done_at":null,"visit_id":null,
             "project_id":null,"contact_id":null}], "notes": []}"#,
    )
    .unwrap();
    fieldbook(&db).arg("import").arg(&old).assert().success();
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM follow_ups WHERE consultation_id IS NULL"
        ),
        1
    );
}

#[test]
fn demo_has_registration_and_jpp_consultations_in_a_mix_of_channels() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    fieldbook(&db)
        .args(["demo", "--scale", "600", "--seed", "3"])
        .assert()
        .success()
        .stdout(contains("and 60 consultations"));
    for topic in ["registration", "jpp"] {
        let n = count(
            &db,
            &format!("SELECT count(*) FROM consultations WHERE topic = '{topic}'"),
        );
        assert!(n >= 6, "{topic}: {n}");
    }
    assert!(count(&db, "SELECT count(DISTINCT channel) FROM consultations") >= 4);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM consultations WHERE minutes IS NULL OR minutes <= 0"
        ),
        0
    );
    assert!(
        count(
            &db,
            "SELECT count(*) FROM follow_ups WHERE consultation_id IS NOT NULL"
        ) > 0
    );
}

/// The config file of a test's own (never the machine's).
fn with_config(db: &Path, dir: &Path, toml: &str) -> assert_cmd::Command {
    let config = dir.join("config/fieldbook");
    fs::create_dir_all(&config).unwrap();
    fs::write(config.join("config.toml"), toml).unwrap();
    let mut cmd = fieldbook(db);
    cmd.env("XDG_CONFIG_HOME", dir.join("config"));
    cmd
}

#[test]
fn not_in_touch_lists_people_past_their_period_on_a_fixed_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    desk(&db);
    // Doi: a consultation on 2026-09-01; Grace: a visit on 2026-11-20;
    // Otieno (Kisumu): a consultation on 2026-03-01.
    fieldbook(&db)
        .args([
            "log-consultation",
            "--date",
            "2026-09-01",
            "--with",
            "Doi Kenichi",
        ])
        .args(["--topic", "jpp", "--summary", "Round dates"])
        .assert()
        .success();
    fieldbook(&db)
        .args([
            "log-visit",
            "--date",
            "2026-11-20",
            "--with",
            "Grace Wanjiru",
        ])
        .assert()
        .success();
    fieldbook(&db)
        .args([
            "log-consultation",
            "--date",
            "2026-03-01",
            "--org",
            "Kisumu Water Trust",
        ])
        .args(["--topic", "safety", "--summary", "Election travel"])
        .assert()
        .success();
    let kisumu_otieno: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT c.id FROM contacts c JOIN organizations o ON o.id = c.organization_id
             WHERE o.name = 'Kisumu Water Trust'",
            [],
            |r| r.get::<_, Id>(0),
        )
        .map(|id| id.to_string())
        .unwrap();
    fieldbook(&db)
        .args([
            "log-consultation",
            "--date",
            "2026-03-01",
            "--with",
            &kisumu_otieno,
        ])
        .args(["--topic", "safety", "--summary", "Election travel"])
        .assert()
        .success();
    let toml = "[keep_in_touch]\ndays = 120\n[keep_in_touch.tags]\npartner = 60\nministry = 30\n";
    // On 2026-12-01, with the default of 120 days: Otieno (275 days);
    // Doi (91 days) through PLAS's partner tag (60); Amina never, but her
    // ministry tag asks for contact every 30 days. Grace: 11 days.
    let out = with_config(&db, dir.path(), toml)
        .args(["not-in-touch", "--today", "2026-12-01", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let seen: Vec<(&str, Option<i64>, u64, Option<&str>)> = rows
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap(),
                r["days"].as_i64(),
                r["every"].as_u64().unwrap(),
                r["tag"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("Amina Diop", None, 30, Some("ministry")),
            ("Otieno Omondi", Some(275), 120, None),
            ("Doi Kenichi", Some(91), 60, Some("partner")),
        ]
    );
    assert_eq!(rows[2]["last_contact_kind"], "consultation");
    // --days replaces the default; a table by default.
    with_config(&db, dir.path(), toml)
        .args(["not-in-touch", "--today", "2026-12-01", "--days", "300"])
        .assert()
        .success()
        .stdout(contains("Otieno").not().and(contains("Doi Kenichi")))
        .stderr(contains(
            "2 people not in touch as of 2026-12-01 (default every 300 days)",
        ));
    // A bad period is named with its line; nothing is guessed.
    with_config(&db, dir.path(), "[keep_in_touch.tags]\npartner = -1\n")
        .args(["not-in-touch", "--today", "2026-12-01"])
        .assert()
        .failure()
        .stderr(contains(
            "config.toml: line 2: keep_in_touch partner must be a number of days",
        ));
    fieldbook(&db)
        .args(["not-in-touch", "--today", "someday"])
        .assert()
        .failure()
        .stderr(contains("--today:"));
}

/// A book from before migration 11, with a follow-up: the search index is
/// rebuilt by an earlier migration while follow-ups have no
/// `consultation_id` column yet, and the book still opens.
#[test]
fn a_book_from_schema_7_with_follow_ups_opens_and_finds_them() {
    use fieldbook::store::APPLICATION_ID;
    use fieldbook::store::migrations::migrate_to;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.db");
    let id = new_id();
    {
        let mut raw = rusqlite::Connection::open(&path).unwrap();
        raw.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        migrate_to(&mut raw, 7).unwrap();
        raw.execute(
            "INSERT INTO follow_ups (id, text, created_at, updated_at)
             VALUES (?1, 'Send the irrigation manual', 0, 0)",
            [id],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let hits = store.read().search("irrigation manual", None, 5).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!((hits[0].kind, hits[0].id), (RecordKind::FollowUp, id));
    assert_eq!(
        store.read().follow_up(id).unwrap().unwrap().consultation_id,
        None
    );
}
