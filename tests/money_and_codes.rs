//! Issue 12 part 5: budgets parsed without guessing, currencies and
//! countries checked against ISO tables on input, and stored values read as
//! they are (a `YEN` saved earlier still opens; `check` lists it).

use std::path::Path;

use chrono::NaiveDate;
use fieldbook::domain::RecordKind;
use fieldbook::store::migrations;
use fieldbook::store::{APPLICATION_ID, Store};

mod common;
use common::cli::{fieldbook, stats};

fn add(db: &Path, args: &[&str]) -> String {
    let out = fieldbook(db).arg("add").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The book as the lossless JSON export sees it.
fn export(db: &Path) -> serde_json::Value {
    let path = db.with_extension("json");
    fieldbook(db)
        .args(["export", "--format", "json", "--out"])
        .arg(&path)
        .assert()
        .success();
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn budgets_take_commas_only_where_they_cannot_be_misread() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    add(
        &db,
        &[
            "project",
            "--title",
            "Decimal comma",
            "--budget",
            "1500,50 EUR",
        ],
    );
    add(
        &db,
        &[
            "project",
            "--title",
            "Grouped",
            "--budget",
            "1,500,000.50 USD",
        ],
    );
    let book = export(&db);
    let budget = |title: &str| {
        book["projects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["title"] == title)
            .map(|p| p["budget"]["hundredths"].as_i64().unwrap())
    };
    assert_eq!(
        budget("Decimal comma"),
        Some(150_050),
        "1500.50, not 150,050"
    );
    assert_eq!(budget("Grouped"), Some(150_000_050));

    let before = stats(&db);
    for (budget, says) in [
        ("1,5 USD", "not an amount"),
        ("1,2,3 JPY", "not an amount"),
        ("1.500,50 EUR", "not an amount"),
        ("5 YEN", "ISO 4217"),
        ("5 XXX", "ISO 4217"),
        ("5 XAU", "ISO 4217"),
        ("1500.5 JPY", "no minor unit"),
    ] {
        let out = fieldbook(&db)
            .args(["add", "project", "--title", "Refused", "--budget", budget])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{budget}: {stderr}");
        assert!(
            stderr.contains("--budget") && stderr.contains(says),
            "{budget}: {stderr}"
        );
    }
    assert_eq!(stats(&db), before, "nothing was saved");
}

#[test]
fn countries_are_stored_as_iso_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    add(&db, &["contact", "--name", "Wanjiru", "--country", "kenya"]);
    add(
        &db,
        &[
            "org",
            "--name",
            "ENDA",
            "--kind",
            "local-ngo",
            "--country",
            "Sénégal",
        ],
    );
    add(&db, &["project", "--title", "Wells", "--country", "tz"]);
    let book = export(&db);
    assert_eq!(book["contacts"][0]["country"], "KE");
    assert_eq!(book["organizations"][0]["country"], "SN");
    assert_eq!(book["projects"][0]["host_country"], "TZ");
    let before = stats(&db);
    let out = fieldbook(&db)
        .args(["add", "contact", "--name", "X", "--country", "Narnia"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("--country: 'Narnia' is not a country"),
        "{stderr}"
    );
    assert_eq!(stats(&db), before);
    // Found by the country's name as well as its code.
    let out = fieldbook(&db).args(["search", "kenya"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Wanjiru"));
    // vCard carries the name, for other address books, and comes back a code.
    let vcf = dir.path().join("out.vcf");
    fieldbook(&db)
        .args(["export", "--format", "vcard", "--out"])
        .arg(&vcf)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&vcf).unwrap().contains(";Kenya"));
    let other = dir.path().join("other.db");
    fieldbook(&other).arg("import").arg(&vcf).assert().success();
    assert_eq!(export(&other)["contacts"][0]["country"], "KE");
}

#[test]
fn stored_values_the_new_rules_refuse_still_open_and_check_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let project = add(
        &db,
        &["project", "--title", "Old budget", "--budget", "5 JPY"],
    );
    add(&db, &["contact", "--name", "Old country"]);
    let odd = add(
        &db,
        &["project", "--title", "Odd code", "--budget", "5 EUR"],
    );
    {
        // As an older fieldbook (or another tool) saved them.
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "UPDATE projects SET budget_currency = 'YEN', start_date = '1850-01-01' WHERE title = 'Old budget';
             UPDATE contacts SET country = 'Atlantis';
             UPDATE projects SET budget_currency = '€€€' WHERE title = 'Odd code';",
        )
        .unwrap();
    }
    let out = fieldbook(&db).arg("stats").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = fieldbook(&db)
        .args(["search", "Old budget"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Old budget"));
    let book = export(&db);
    let currencies: Vec<&str> = book["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["budget"]["currency"].as_str().unwrap())
        .collect();
    assert!(
        currencies.contains(&"YEN") && currencies.contains(&"€€€"),
        "{currencies:?}"
    );
    fieldbook(&db)
        .args(["status", "--project", &odd, "--to", "approved"])
        .assert()
        .success();
    // A write to the record works without retyping the old value.
    fieldbook(&db)
        .args(["status", "--project", &project, "--to", "approved"])
        .assert()
        .success();
    let store = Store::open(&db).unwrap();
    let id = project.parse().unwrap();
    let p = store.read().project(id).unwrap().unwrap();
    assert_eq!(p.budget.unwrap().currency.as_str(), "YEN");
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    assert!(
        store
            .read()
            .detail(RecordKind::Project, id, today)
            .unwrap()
            .is_some()
    );
    drop(store);

    let out = fieldbook(&db).arg("check").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "a warning, not a failed check: {stdout}"
    );
    assert!(stdout.starts_with("ok:"), "{stdout}");
    assert!(stdout.contains("warning: 4 stored value(s)"), "{stdout}");
    assert!(stdout.contains("'€€€' is not a currency"), "{stdout}");
    assert!(
        stdout.contains("project 'Old budget'") && stdout.contains("'YEN'"),
        "{stdout}"
    );
    assert!(stdout.contains("start: 1850-01-01"), "{stdout}");
    assert!(
        stdout.contains("contact 'Old country'") && stdout.contains("'Atlantis'"),
        "{stdout}"
    );
}

#[test]
fn countries_stored_as_names_are_migrated_to_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    {
        // A book of schema 5 (before migration 6), whose countries were
        // typed as free text.
        let mut raw = rusqlite::Connection::open(&db).unwrap();
        raw.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        migrations::migrate_to(&mut raw, 5).unwrap();
        raw.execute_batch(
            "INSERT INTO organizations (id, name, sort_key, kind, country, created_at, updated_at)
                 VALUES (randomblob(16), 'KCDF', 'kcdf', 'local_ngo', 'Kenya', 0, 0);
             INSERT INTO contacts (id, display_name, sort_key, city, country, created_at, updated_at)
                 VALUES (randomblob(16), 'Amina', 'amina', 'Dakar', 'Sénégal', 0, 0),
                        (randomblob(16), 'Wanjiru', 'wanjiru', NULL, 'kenya', 0, 0);
             INSERT INTO projects (id, title, sort_key, host_country, status, status_rank,
                                   created_at, updated_at)
                 VALUES (randomblob(16), 'Wells', 'wells', ' Tanzania ', 'idea', 0, 0, 0),
                        (randomblob(16), 'Nowhere', 'nowhere', 'Atlantis', 'idea', 0, 0, 0);",
        )
        .unwrap();
    }
    let book = export(&db);
    let country = |list: &str, key: &str, name: &str, field: &str| {
        book[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r[key] == name)
            .map(|r| r[field].as_str().unwrap_or_default().to_string())
            .unwrap()
    };
    assert_eq!(
        country("contacts", "display_name", "Amina", "country"),
        "SN"
    );
    assert_eq!(
        country("contacts", "display_name", "Wanjiru", "country"),
        "KE"
    );
    assert_eq!(country("organizations", "name", "KCDF", "country"), "KE");
    assert_eq!(country("projects", "title", "Wells", "host_country"), "TZ");
    assert_eq!(
        country("projects", "title", "Nowhere", "host_country"),
        "Atlantis"
    );
    // The search index follows: by name and by code.
    for query in ["senegal", "Dakar SN"] {
        let out = fieldbook(&db).args(["search", query]).output().unwrap();
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Amina"),
            "{query}"
        );
    }
}

#[test]
fn an_unknown_country_in_an_import_is_a_warning_never_a_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "name,country\nWanjiru Kamau,Kenya\nNobody Known,Atlantis\n",
    )
    .unwrap();
    let out = fieldbook(&db).arg("import").arg(&csv).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("warnings (1)"), "{stdout}");
    assert!(
        stdout.contains("line 3: country: 'Atlantis' is not a country"),
        "{stdout}"
    );
    let book = export(&db);
    let countries: Vec<&str> = book["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["country"].as_str().unwrap())
        .collect();
    assert_eq!(countries.len(), 2);
    assert!(
        countries.contains(&"KE") && countries.contains(&"Atlantis"),
        "{countries:?}"
    );
    let vcf = dir.path().join("people.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ama Mensah\r\nADR:;;;Accra;;;Gold Coast\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let out = fieldbook(&db).arg("import").arg(&vcf).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("country: 'Gold Coast' is not a country"),
        "{stdout}"
    );
}
