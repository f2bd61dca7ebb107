//! Issue 12 part 6: text from the book or from an imported file never
//! reaches a terminal raw (an OSC 52 in a name would write the clipboard),
//! and CSV exports cannot be run as spreadsheet formulas.

use std::path::Path;

mod common;
use common::cli::fieldbook;

/// OSC 52 (write the clipboard), a CSI colour, a C1 CSI and a bidi override.
const HOSTILE: &str = "\u{1b}]52;c;SGVsbG8=\u{7}Evil\u{1b}[31m Org\u{9b}2J\u{202e}";

/// The characters of `text` a terminal would obey.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| c != '\n' && (c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c)))
        .collect()
}

fn assert_safe(what: &str, out: &std::process::Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let raw = raw_controls(&text);
        assert!(raw.is_empty(), "{what} {stream} has raw {raw:?}: {text:?}");
    }
}

fn add(db: &Path, args: &[&str]) -> String {
    let out = fieldbook(db).arg("add").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn names_from_the_book_are_printed_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    add(
        &db,
        &[
            "org", "--name", HOSTILE, "--kind", "other", "--city", HOSTILE,
        ],
    );
    add(&db, &["org", "--name", HOSTILE, "--kind", "other"]);
    add(&db, &["contact", "--name", HOSTILE]);
    add(&db, &["contact", "--name", HOSTILE]);
    let project = add(&db, &["project", "--title", HOSTILE]);
    add(&db, &["project", "--title", HOSTILE]);

    // Two organizations share the name: the refusal lists both.
    let out = fieldbook(&db)
        .args(["add", "contact", "--name", "Someone", "--org", HOSTILE])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("matches 2"));
    assert_safe("ambiguous organization", &out);
    let out = fieldbook(&db)
        .args(["log-visit", "--date", "2026-11-28", "--with", HOSTILE])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("matches 2 contacts"));
    assert_safe("ambiguous contact", &out);
    let out = fieldbook(&db)
        .args(["status", "--project", HOSTILE, "--to", "approved"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("matches 2"));
    assert_safe("ambiguous project", &out);

    let out = fieldbook(&db)
        .args(["status", "--project", &project, "--to", "approved"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Evil"));
    assert_safe("status", &out);

    let out = fieldbook(&db)
        .args(["search", "Evil", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_safe("search --json", &out);
    // Escaped, not lost: the JSON reads back to the stored title.
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("\\u009b"), "{stdout}");
    let titles: Vec<String> = stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|hit| hit["title"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(titles.iter().any(|t| t.contains(HOSTILE)), "{titles:?}");
    let out = fieldbook(&db).args(["search", "Evil"]).output().unwrap();
    assert_safe("search", &out);
}

#[test]
fn an_imported_header_is_echoed_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let csv = dir.path().join("evil.csv");
    std::fs::write(&csv, format!("{HOSTILE},Mail\nx,y@example.org\n")).unwrap();
    let out = fieldbook(&db).arg("import").arg(&csv).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no name column"));
    assert_safe("import of an unknown header", &out);
    // A recognised file whose names are hostile: the preview is neutralised.
    std::fs::write(
        &csv,
        format!("name,organization\nA{HOSTILE},{HOSTILE}\nA{HOSTILE},{HOSTILE}\n"),
    )
    .unwrap();
    let out = fieldbook(&db)
        .arg("import")
        .arg(&csv)
        .arg("--dry-run")
        .output()
        .unwrap();
    assert_safe("import preview", &out);
}

fn export_contacts(db: &Path, out: &Path, raw: bool) -> String {
    let mut cmd = fieldbook(db);
    cmd.args(["export", "--format", "csv", "--kind", "contacts", "--out"])
        .arg(out);
    if raw {
        cmd.arg("--raw");
    }
    let result = cmd.output().unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn csv_cells_that_look_like_formulas_are_defused_unless_raw() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    add(
        &db,
        &[
            "contact",
            "--name",
            "=HYPERLINK(\"http://x\",\"Click\")",
            "--phone",
            "+254 700 000001",
        ],
    );
    let first_row = |csv: &str| -> (String, String) {
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        (row[1].to_string(), row[7].to_string())
    };
    let csv = export_contacts(&db, &dir.path().join("c.csv"), false);
    let (name, phones) = first_row(&csv);
    assert_eq!(name, "'=HYPERLINK(\"http://x\",\"Click\")");
    assert_eq!(phones, "'+254 700 000001");
    let raw = export_contacts(&db, &dir.path().join("raw.csv"), true);
    let (name, phones) = first_row(&raw);
    assert_eq!(name, "=HYPERLINK(\"http://x\",\"Click\")");
    assert_eq!(phones, "+254 700 000001");
}

/// The contacts CSV without the columns a new book gives new values.
fn comparable(csv: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let keep: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !["id", "organization_id", "created", "updated"].contains(h))
        .map(|(i, _)| i)
        .collect();
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            keep.iter().map(|&i| r[i].to_string()).collect()
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn contacts_csv_imports_back_identical_phones_with_plus_included() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.db");
    add(
        &first,
        &[
            "contact",
            "--name",
            "Amina N'Diaye",
            "--phone",
            "+221 77 000 0001",
            "--phone",
            "mobile:+221 77 000 0002",
            "--email",
            "amina@example.org",
            "--org",
            "ENDA",
            "--role=-coordinator-",
            "--city",
            "Dakar",
            "--tag",
            "@partner",
        ],
    );
    add(
        &first,
        &[
            "contact",
            "--name",
            "=1+1",
            "--phone",
            "0700 000 003",
            "--tag",
            "x",
        ],
    );
    add(
        &first,
        &["contact", "--name", "'Abdul", "--phone", "+254 700 000004"],
    );
    let exported = export_contacts(&first, &dir.path().join("one.csv"), false);
    assert!(exported.contains("'+221 77 000 0001"), "{exported}");

    let second = dir.path().join("second.db");
    let out = fieldbook(&second)
        .arg("import")
        .arg(dir.path().join("one.csv"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = export_contacts(&second, &dir.path().join("two.csv"), false);
    assert_eq!(comparable(&again), comparable(&exported));
    let raw = export_contacts(&second, &dir.path().join("raw.csv"), true);
    assert!(
        raw.contains(",+221 77 000 0001"),
        "no ' left in the book: {raw}"
    );
}
