//! Sets, lists and the status history between books (issue 17;
//! src/sync/sets.rs, src/sync/status_merge.rs), on real book files and the
//! real binary: two desks each add a different phone, tag and participant
//! (language, partner, invitee)
//! and both keep both; a removal and an add of another item both happen; a
//! removal racing a re-add of one item ends with the later of the two on
//! every book, whatever the order of arrival; the same phone added on two
//! desks (written two ways) is one item; two status changes from one
//! previous status are a conflict, both kept in the history.

use std::fs;
use std::path::{Path, PathBuf};

use fieldbook::domain::{Contact, Id, Organization, Visit};
use fieldbook::store::Store;

mod common;
use common::cli::fieldbook;

const PASS: &str = "shared by the offices";

fn run(db: &Path, args: &[&str]) -> String {
    let out = fieldbook(db)
        .env("FIELDBOOK_SYNC_PASSPHRASE", PASS)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn id(printed: String) -> Id {
    printed.trim().parse().unwrap()
}

/// The records both desks start from.
struct Origin {
    org: Id,
    awa: Id,
    joseph: Id,
    doi: Id,
    project: Id,
    visit: Id,
}

/// A book with an organization tagged "donor", three contacts (Awa with a
/// phone), a project and a visit that met Awa; and a copy of it given its
/// own identity, as a second desk starts.
fn two_desks(dir: &Path) -> (PathBuf, PathBuf, Origin) {
    let a = dir.join("nairobi.db");
    let b = dir.join("kisumu.db");
    let org = id(run(
        &a,
        &["add", "org", "--name", "Kibera Youth", "--tag", "donor"],
    ));
    let awa = id(run(
        &a,
        &[
            "add",
            "contact",
            "--name",
            "Awa Ndiaye",
            "--country",
            "KE",
            "--phone",
            "+254 700 000001",
        ],
    ));
    let joseph = id(run(
        &a,
        &[
            "add",
            "contact",
            "--name",
            "Joseph Otieno",
            "--country",
            "KE",
        ],
    ));
    let doi = id(run(&a, &["add", "contact", "--name", "Doi Kenichi"]));
    let project = id(run(
        &a,
        &["add", "project", "--title", "Clean water for Lodwar"],
    ));
    for name in ["Mathare Women", "Turkana Water"] {
        run(&a, &["add", "org", "--name", name]);
    }
    run(
        &a,
        &[
            "add",
            "event",
            "--title",
            "NGO seminar",
            "--kind",
            "seminar",
            "--date",
            "2026-12-10",
        ],
    );
    let visit = id(run(
        &a,
        &["log-visit", "--date", "2026-11-02", "--with", "Awa Ndiaye"],
    ));
    fs::copy(&a, &b).unwrap();
    run(&b, &["sync", "reset-id"]);
    let origin = Origin {
        org,
        awa,
        joseph,
        doi,
        project,
        visit,
    };
    (a, b, origin)
}

fn export(db: &Path, out: &Path) {
    run(db, &["sync", "export", "--out", out.to_str().unwrap()]);
}

fn import(db: &Path, bundle: &Path) -> String {
    run(db, &["sync", "import", bundle.to_str().unwrap()])
}

/// Each book sends the other everything it has.
fn exchange(dir: &Path, a: &Path, b: &Path) {
    let (ab, ba) = (dir.join("a-to-b.fbsync"), dir.join("b-to-a.fbsync"));
    export(a, &ab);
    export(b, &ba);
    import(b, &ab);
    import(a, &ba);
}

fn json(db: &Path) -> Vec<u8> {
    let file = db.with_extension("export.json");
    run(
        db,
        &[
            "export",
            "--format",
            "json",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    fs::read(file).unwrap()
}

fn conflicts(db: &Path) -> String {
    run(db, &["sync", "conflicts"])
}

fn contact(db: &Path, id: Id) -> Contact {
    Store::open(db)
        .unwrap()
        .read()
        .contact(id)
        .unwrap()
        .unwrap()
}

fn org(db: &Path, id: Id) -> Organization {
    Store::open(db)
        .unwrap()
        .read()
        .organization(id)
        .unwrap()
        .unwrap()
}

fn visit(db: &Path, id: Id) -> Visit {
    Store::open(db).unwrap().read().visit(id).unwrap().unwrap()
}

fn phones(db: &Path, id: Id) -> Vec<String> {
    contact(db, id)
        .phones
        .into_iter()
        .map(|p| p.value)
        .collect()
}

fn sorted<T: Ord + Clone>(items: &[T]) -> Vec<T> {
    let mut items = items.to_vec();
    items.sort();
    items
}

#[test]
fn each_desk_adds_a_different_phone_tag_and_participant_and_both_keep_both() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, o) = two_desks(dir.path());
    let (awa, visit_id) = (o.awa.to_string(), o.visit.to_string());
    run(
        &a,
        &[
            "edit",
            "contact",
            &awa,
            "--phone",
            "+254 700 000001",
            "--phone",
            "0722 000003",
        ],
    );
    run(
        &a,
        &[
            "edit",
            "org",
            "Kibera Youth",
            "--tag",
            "donor",
            "--tag",
            "ngo",
        ],
    );
    run(
        &a,
        &[
            "edit",
            "visit",
            &visit_id,
            "--with",
            "Awa Ndiaye",
            "--with",
            "Joseph Otieno",
        ],
    );
    run(
        &b,
        &[
            "edit",
            "contact",
            &awa,
            "--phone",
            "+254 700 000001",
            "--phone",
            "0733 000004",
        ],
    );
    run(
        &b,
        &[
            "edit",
            "org",
            "Kibera Youth",
            "--tag",
            "donor",
            "--tag",
            "partner",
        ],
    );
    run(
        &b,
        &[
            "edit",
            "visit",
            &visit_id,
            "--with",
            "Awa Ndiaye",
            "--with",
            "Doi Kenichi",
        ],
    );
    exchange(dir.path(), &a, &b);
    assert_eq!(json(&a), json(&b), "the two books differ after exchanging");
    assert_eq!(
        sorted(&phones(&a, o.awa)),
        ["+254 700 000001", "0722 000003", "0733 000004"]
    );
    assert_eq!(sorted(&org(&a, o.org).tags), ["donor", "ngo", "partner"]);
    assert_eq!(
        sorted(&visit(&a, o.visit).participant_ids),
        sorted(&[o.awa, o.joseph, o.doi])
    );
    assert_eq!(conflicts(&a).trim(), "no conflicts to review");
    assert_eq!(conflicts(&b).trim(), "no conflicts to review");
}

#[test]
fn a_removal_on_one_desk_and_an_add_on_the_other_both_happen() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, o) = two_desks(dir.path());
    let visit_id = o.visit.to_string();
    run(&a, &["edit", "org", "Kibera Youth", "--tag", "ngo"]);
    run(&a, &["edit", "visit", &visit_id, "--with", "Joseph Otieno"]);
    run(
        &b,
        &[
            "edit",
            "org",
            "Kibera Youth",
            "--tag",
            "donor",
            "--tag",
            "partner",
        ],
    );
    run(
        &b,
        &[
            "edit",
            "visit",
            &visit_id,
            "--with",
            "Awa Ndiaye",
            "--with",
            "Doi Kenichi",
        ],
    );
    exchange(dir.path(), &a, &b);
    assert_eq!(json(&a), json(&b));
    // A removed "donor" and added "ngo"; B added "partner".
    assert_eq!(sorted(&org(&b, o.org).tags), ["ngo", "partner"]);
    // A replaced Awa by Joseph; B added Doi.
    assert_eq!(
        sorted(&visit(&b, o.visit).participant_ids),
        sorted(&[o.joseph, o.doi])
    );
    assert_eq!(conflicts(&b).trim(), "no conflicts to review");
}

/// A removes Awa's phone, the "donor" tag and Awa from the visit; B removes
/// them and adds them back. Whichever did it later wins, on every book,
/// whatever the order the bundles arrive in (a third book gets B's first).
fn removal_races_re_add(remover_first: bool) -> (bool, bool, bool) {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, o) = two_desks(dir.path());
    let c = dir.path().join("head-office.db");
    fs::copy(&a, &c).unwrap();
    run(&c, &["sync", "reset-id"]);
    let (awa, visit_id) = (o.awa.to_string(), o.visit.to_string());
    let remove = |db: &Path| {
        run(db, &["edit", "contact", &awa, "--phone", "0722 000003"]);
        run(db, &["edit", "org", "Kibera Youth", "--tag", "ngo"]);
        run(db, &["edit", "visit", &visit_id, "--with", "Joseph Otieno"]);
    };
    let re_add = |db: &Path| {
        remove(db);
        run(
            db,
            &[
                "edit",
                "contact",
                &awa,
                "--phone",
                "0722 000003",
                "--phone",
                "+254 700 000001",
            ],
        );
        run(
            db,
            &[
                "edit",
                "org",
                "Kibera Youth",
                "--tag",
                "ngo",
                "--tag",
                "donor",
            ],
        );
        run(
            db,
            &[
                "edit",
                "visit",
                &visit_id,
                "--with",
                "Joseph Otieno",
                "--with",
                "Awa Ndiaye",
            ],
        );
    };
    if remover_first {
        remove(&a);
        re_add(&b);
    } else {
        re_add(&b);
        remove(&a);
    }
    let (from_a, from_b) = (dir.path().join("a.fbsync"), dir.path().join("b.fbsync"));
    export(&a, &from_a);
    export(&b, &from_b);
    import(&b, &from_a);
    import(&a, &from_b);
    import(&c, &from_b);
    import(&c, &from_a);
    let expected = json(&a);
    assert!(json(&b) == expected, "B differs from A");
    assert!(json(&c) == expected, "the third book differs from A");
    for book in [&a, &b, &c] {
        assert_eq!(conflicts(book).trim(), "no conflicts to review");
    }
    let has_phone = phones(&a, o.awa).contains(&"+254 700 000001".to_string());
    let has_tag = org(&a, o.org).tags.contains(&"donor".to_string());
    let met = visit(&a, o.visit).participant_ids.contains(&o.awa);
    (has_phone, has_tag, met)
}

#[test]
fn a_re_add_after_a_removal_keeps_the_item_on_every_book() {
    assert_eq!(removal_races_re_add(true), (true, true, true));
}

#[test]
fn a_removal_after_a_re_add_removes_the_item_on_every_book() {
    assert_eq!(removal_races_re_add(false), (false, false, false));
}

#[test]
fn the_same_phone_added_on_two_desks_is_one_item() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, o) = two_desks(dir.path());
    let joseph = o.joseph.to_string();
    run(
        &a,
        &[
            "edit",
            "contact",
            &joseph,
            "--phone",
            "mobile:+254 711 000005",
        ],
    );
    run(
        &b,
        &["edit", "contact", &joseph, "--phone", "mobile:0711 000005"],
    );
    exchange(dir.path(), &a, &b);
    assert_eq!(json(&a), json(&b));
    let merged = phones(&a, o.joseph);
    assert_eq!(merged.len(), 1, "{merged:?}");
    // The later add's spelling.
    assert_eq!(merged, ["0711 000005"]);
    assert_eq!(conflicts(&a).trim(), "no conflicts to review");
}

#[test]
fn one_number_or_address_given_twice_on_one_contact_is_one_item() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let awa = id(run(
        &db,
        &[
            "add",
            "contact",
            "--name",
            "Awa Ndiaye",
            "--country",
            "KE",
            "--phone",
            "mobile:0700 000009",
            "--phone",
            "work:+254 700 000009",
            "--phone",
            "0722 000003",
            "--email",
            "Awa@Example.sn",
            "--email",
            "home:awa@example.sn",
        ],
    ));
    let c = contact(&db, awa);
    let phones: Vec<_> = c
        .phones
        .iter()
        .map(|p| (p.label.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(phones, [("mobile", "0700 000009"), ("", "0722 000003")]);
    let emails: Vec<_> = c.emails.iter().map(|e| e.value.as_str()).collect();
    assert_eq!(emails, ["Awa@Example.sn"]);
}

#[test]
fn status_changes_from_one_status_on_two_desks_are_a_conflict_and_both_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, o) = two_desks(dir.path());
    run(
        &a,
        &[
            "status",
            "--project",
            "Clean water for Lodwar",
            "--to",
            "proposal",
        ],
    );
    run(
        &b,
        &[
            "status",
            "--project",
            "Clean water for Lodwar",
            "--to",
            "suspended",
        ],
    );
    exchange(dir.path(), &a, &b);
    assert_eq!(json(&a), json(&b));
    let store = Store::open(&a).unwrap();
    let project = o.project;
    let history = store.read().status_history(project).unwrap();
    let to: Vec<String> = history.iter().map(|h| h.to.key().to_string()).collect();
    assert_eq!(to.len(), 3, "{to:?}");
    assert!(to.contains(&"proposal".into()) && to.contains(&"suspended".into()));
    // B changed it later: the history's latest is the current status.
    let status = store.read().project(project).unwrap().unwrap().status;
    assert_eq!(status.key(), "suspended");
    drop(store);
    for book in [&a, &b] {
        let listed = conflicts(book);
        assert_eq!(listed.lines().count(), 1, "{listed}");
        assert!(
            listed.contains("project \"Clean water for Lodwar\"") && listed.contains(": status: "),
            "{listed}"
        );
        assert!(
            listed.contains("kept \"suspended\"") && listed.contains("lost \"proposal\""),
            "{listed}"
        );
    }
    // A change made after seeing both is no race.
    run(
        &a,
        &[
            "status",
            "--project",
            "Clean water for Lodwar",
            "--to",
            "approved",
        ],
    );
    exchange(dir.path(), &a, &b);
    assert_eq!(json(&a), json(&b));
    assert_eq!(conflicts(&b).lines().count(), 1);
    let store = Store::open(&b).unwrap();
    let project = o.project;
    assert_eq!(
        store.read().project(project).unwrap().unwrap().status.key(),
        "approved"
    );
}

#[test]
fn the_current_status_is_the_latest_change_by_date_not_the_highest_clock() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, o) = two_desks(dir.path());
    // Desk B has received a bundle from a desk whose clock runs an hour
    // ahead: its own clock has moved on with it (a hybrid clock never goes
    // back), so its next change carries a clock above A's later one.
    let ahead = rusqlite::Connection::open(&b).unwrap();
    ahead
        .execute(
            "UPDATE sync_self SET clock = (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 3600000) * 65536",
            [],
        )
        .unwrap();
    drop(ahead);
    run(
        &b,
        &[
            "status",
            "--project",
            "Clean water for Lodwar",
            "--to",
            "suspended",
        ],
    );
    run(
        &a,
        &[
            "status",
            "--project",
            "Clean water for Lodwar",
            "--to",
            "proposal",
        ],
    );
    exchange(dir.path(), &a, &b);
    assert_eq!(json(&a), json(&b));
    for book in [&a, &b] {
        let store = Store::open(book).unwrap();
        let project = store.read().project(o.project).unwrap().unwrap();
        // A's change is the later by date: the current status on both.
        assert_eq!(project.status.key(), "proposal");
        drop(store);
        let listed = conflicts(book);
        assert!(
            listed.contains("kept \"proposal\"") && listed.contains("lost \"suspended\""),
            "{listed}"
        );
    }
}

#[test]
fn languages_project_partners_and_event_invitees_merge_as_sets_too() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, o) = two_desks(dir.path());
    let awa = o.awa.to_string();
    let project = o.project.to_string();
    run(&a, &["edit", "contact", &awa, "--language", "sw"]);
    run(
        &a,
        &["edit", "project", &project, "--partner", "Mathare Women"],
    );
    run(
        &a,
        &[
            "event",
            "invite",
            "NGO seminar",
            "--contact",
            "Joseph Otieno",
        ],
    );
    run(&b, &["edit", "contact", &awa, "--language", "fr"]);
    run(
        &b,
        &["edit", "project", &project, "--partner", "Turkana Water"],
    );
    run(
        &b,
        &["event", "invite", "NGO seminar", "--contact", "Doi Kenichi"],
    );
    exchange(dir.path(), &a, &b);
    assert_eq!(json(&a), json(&b));
    assert_eq!(sorted(&contact(&a, o.awa).languages), ["fr", "sw"]);
    let partners = Store::open(&a)
        .unwrap()
        .read()
        .project(o.project)
        .unwrap()
        .unwrap()
        .partner_org_ids;
    assert_eq!(partners.len(), 2, "{partners:?}");
    let guests = run(&b, &["event", "show", "NGO seminar"]);
    assert!(
        guests.contains("Joseph Otieno") && guests.contains("Doi Kenichi"),
        "{guests}"
    );
    assert_eq!(conflicts(&a).trim(), "no conflicts to review");
}
