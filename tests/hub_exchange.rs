//! The head-office hub (issue 18) on a real PostgreSQL server (see
//! tests/common/pg.rs): two desks exchange through it and converge; a
//! repeated push inserts nothing; the read tables hold what a desk holds;
//! a hub that is down changes nothing.

use std::fs;
use std::path::{Path, PathBuf};

use fieldbook::domain::{Id, Organization};
use fieldbook::store::Store;

mod common;
use common::cli::fieldbook;
use common::pg::Pg;

const PASS: &str = "shared by the offices";

fn sync(db: &Path) -> assert_cmd::Command {
    let mut cmd = fieldbook(db);
    cmd.env("FIELDBOOK_SYNC_PASSPHRASE", PASS)
        .env_remove("FIELDBOOK_HUB")
        .arg("sync");
    cmd
}

fn ok(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn add_org(db: &Path, name: &str) -> Id {
    ok(fieldbook(db).args(["add", "org", "--name", name]))
        .trim()
        .parse()
        .unwrap()
}

fn edit_org(db: &Path, id: Id, change: impl FnOnce(&mut Organization)) {
    let mut store = Store::open(db).unwrap();
    let mut org = store.read().organization(id).unwrap().unwrap();
    change(&mut org);
    store.write(|tx| tx.save_organization(&org)).unwrap();
}

fn json(db: &Path) -> Vec<u8> {
    let file = db.with_extension("export.json");
    ok(fieldbook(db).args(["export", "--format", "json", "--out"]).arg(&file));
    fs::read(file).unwrap()
}

fn hub_init(url: &str) {
    let out = fieldbook(Path::new("/nonexistent/unused.db"))
        .args(["hub", "init", "--hub", url])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A desk with organizations, contacts and a project of its own.
fn desk_with_records(dir: &Path, name: &str, orgs: &[&str]) -> PathBuf {
    let db = dir.join(name);
    for org in orgs {
        add_org(&db, org);
        ok(fieldbook(&db).args([
            "add", "contact", "--name", &format!("Officer of {org}"), "--org", org, "--country", "KE",
        ]));
    }
    ok(fieldbook(&db).args([
        "add", "project", "--title", &format!("Wells of {name}"), "--org", orgs[0], "--country", "KE",
    ]));
    db
}

#[test]
fn two_desks_exchange_through_the_hub_and_converge() {
    let Some(pg) = Pg::start("two_desks_exchange_through_the_hub_and_converge") else {
        return;
    };
    let url = pg.create_db("hub");
    hub_init(&url);
    let dir = tempfile::tempdir().unwrap();
    let a = desk_with_records(dir.path(), "nairobi.db", &["Kibera Youth", "Mathare Women"]);
    let b = desk_with_records(dir.path(), "kisumu.db", &["Kisumu Fisherfolk"]);
    // `sync --hub` pushes and pulls; B's URL in the percent-encoded form.
    ok(sync(&a).args(["--hub", &url]));
    let b_url = pg.url_encoded_host("postgres", "hub");
    let out = ok(sync(&b).args(["--hub", &b_url]));
    assert!(out.contains("pull: applied"), "{out}");
    ok(sync(&a).args(["pull", "--hub", &url]));
    assert_eq!(json(&a), json(&b), "the two desks differ after the hub");

    // A race on one field and edits of different fields, through the hub.
    let kibera = Store::open(&a)
        .unwrap()
        .read()
        .organizations_named("Kibera Youth")
        .unwrap()[0]
        .meta
        .id;
    edit_org(&a, kibera, |o| {
        o.city = Some("Nairobi".into());
        o.country = Some("KE".into());
    });
    edit_org(&b, kibera, |o| {
        o.city = Some("Kisumu".into());
        o.website = Some("https://kibera.example".into());
    });
    for desk in [&a, &b, &a] {
        ok(sync(desk).args(["--hub", &url]));
    }
    assert_eq!(json(&a), json(&b), "the two desks differ after the race");
    let listed = ok(sync(&a).arg("conflicts"));
    assert_eq!(listed.lines().count(), 1, "{listed}");
    // The hub's read table took the same winner and listed the same race.
    let mut c = pg.client("postgres", "hub");
    let row = c
        .query_one(
            "SELECT city, country, website FROM hub.organizations WHERE id = $1",
            &[&kibera],
        )
        .unwrap();
    let city: Option<String> = row.get(0);
    let merged = Store::open(&a).unwrap().read().organization(kibera).unwrap().unwrap();
    assert_eq!(city, merged.city);
    assert_eq!(row.get::<_, Option<String>>(1).as_deref(), Some("KE"));
    assert_eq!(row.get::<_, Option<String>>(2).as_deref(), Some("https://kibera.example"));
    let races: i64 = c
        .query_one("SELECT count(*) FROM hub.conflicts WHERE tbl = 'organizations' AND col = 'city'", &[])
        .unwrap()
        .get(0);
    assert_eq!(races, 1);
}
