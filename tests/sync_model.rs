//! The model test of issue 17: 3-5 books from one origin make random edits
//! (the same field on several books, trash and restore, status changes, new
//! records; tags, phones and visit participants added and removed, status
//! changes racing from one previous status) and exchange bundles in random order, with drops and
//! duplicates. Once everyone has everything: the same `export --format
//! json` bytes on every book, integrity and foreign-key checks (FTS5's
//! included) pass, every same-field race is in the conflict lists and
//! nothing else is; so is every edit racing a trash.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use fieldbook::domain::{
    Contact, Id, OrgKind, Organization, Phone, Project, ProjectStatus, Purpose, RecordKind, Visit,
};
use fieldbook::store::Store;
use fieldbook::sync;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Step {
    Edit {
        book: usize,
        org: usize,
        field: usize,
    },
    Trash {
        book: usize,
        org: usize,
        deleted: bool,
    },
    Status {
        book: usize,
        status: usize,
    },
    AddOrg {
        book: usize,
    },
    Deliver {
        from: usize,
        to: usize,
        twice: bool,
    },

    /// A person on `book` resolves one of its conflicts (keep mine or theirs).
    Resolve {
        book: usize,
        which: usize,
        theirs: bool,
    },
    // Sets and lists (sync/sets.rs, sync/status_merge.rs).
    AddTag {
        book: usize,
        org: usize,
        tag: usize,
    },
    RemoveTag {
        book: usize,
        org: usize,
        tag: usize,
    },
    AddPhone {
        book: usize,
        contact: usize,
        number: usize,
    },
    RemovePhone {
        book: usize,
        contact: usize,
        number: usize,
    },
    AddParticipant {
        book: usize,
        contact: usize,
    },
    RemoveParticipant {
        book: usize,
        contact: usize,
    },
    /// Two books change the status from what each has, without a delivery
    /// between: from the same previous status when they were in step.
    StatusRace {
        books: (usize, usize),
        to: (usize, usize),
    },
    /// One book trashes an organization while another edits it, neither
    /// having seen the other (a race to review, issue 17).
    TrashAndEdit {
        trasher: usize,
        editor: usize,
        org: usize,
        field: usize,
    },
}

const TAGS: [&str; 3] = ["donor", "partner", "ministry"];
/// Two spellings of one Kenyan number, and another.
const NUMBERS: [&str; 3] = ["+254 700 000001", "0700 000001", "0722 000003"];
const CONTACTS: usize = 3;

const ORGS: usize = 3;
const FIELDS: [&str; 3] = ["city", "website", "name"];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..5usize, 0..ORGS, 0..FIELDS.len()).prop_map(|(book, org, field)| Step::Edit { book, org, field }),
        1 => (0..5usize, 0..ORGS, any::<bool>()).prop_map(|(book, org, deleted)| Step::Trash { book, org, deleted }),
        1 => (0..5usize, 0..ProjectStatus::ALL.len()).prop_map(|(book, status)| Step::Status { book, status }),
        1 => (0..5usize).prop_map(|book| Step::AddOrg { book }),
        3 => (0..5usize, 0..5usize, any::<bool>()).prop_map(|(from, to, twice)| Step::Deliver { from, to, twice }),

        2 => (0..5usize, 0..4usize, any::<bool>()).prop_map(|(book, which, theirs)| Step::Resolve { book, which, theirs }),
        1 => (0..5usize, 0..ORGS, 0..TAGS.len()).prop_map(|(book, org, tag)| Step::AddTag { book, org, tag }),
        1 => (0..5usize, 0..ORGS, 0..TAGS.len()).prop_map(|(book, org, tag)| Step::RemoveTag { book, org, tag }),
        1 => (0..5usize, 0..CONTACTS, 0..NUMBERS.len()).prop_map(|(book, contact, number)| Step::AddPhone { book, contact, number }),
        1 => (0..5usize, 0..CONTACTS, 0..NUMBERS.len()).prop_map(|(book, contact, number)| Step::RemovePhone { book, contact, number }),
        1 => (0..5usize, 0..CONTACTS).prop_map(|(book, contact)| Step::AddParticipant { book, contact }),
        1 => (0..5usize, 0..CONTACTS).prop_map(|(book, contact)| Step::RemoveParticipant { book, contact }),
        1 => ((0..5usize, 0..5usize), (0..ProjectStatus::ALL.len(), 0..ProjectStatus::ALL.len())).prop_map(|(books, to)| Step::StatusRace { books, to }),
        1 => (0..5usize, 0..5usize, 0..ORGS, 0..FIELDS.len()).prop_map(|(trasher, editor, org, field)| Step::TrashAndEdit { trasher, editor, org, field }),
    ]
}

/// One edit of one field, as the model sees it.
struct Edit {
    table: &'static str,
    row: Id,
    col: &'static str,
    version: (i64, uuid::Uuid),
    /// What it wrote, where two edits may write the same (a status); two
    /// edits writing the same value leave nothing to review.
    value: Option<String>,
    /// The edits its book had seen when it was made.
    knows: HashSet<usize>,
}

struct World {
    books: Vec<PathBuf>,
    orgs: Vec<Id>,
    project: Id,
    contacts: Vec<Id>,
    visit: Id,
    edits: Vec<Edit>,
    knowledge: Vec<HashSet<usize>>,
    counter: usize,
    /// Conflicts a person resolved: (table, row, column, kept, lost).
    resolved: Vec<Resolution>,
}

type Resolution = (
    String,
    Vec<u8>,
    String,
    (i64, uuid::Uuid),
    (i64, uuid::Uuid),
);

impl World {
    fn new(dir: &Path, n: usize) -> World {
        let origin = dir.join("origin.db");
        let mut orgs = Vec::new();
        let mut contacts = Vec::new();
        let (project, visit);
        {
            let mut store = Store::open(&origin).unwrap();
            for name in ["Kibera Youth", "Mathare Women", "Turkana Water"] {
                let mut org = Organization::new(name, OrgKind::Other);
                org.tags = vec![TAGS[0].to_string()];
                store.write(|tx| tx.save_organization(&org)).unwrap();
                orgs.push(org.meta.id);
            }
            let p = Project::new("Clean water for Lodwar");
            store.write(|tx| tx.save_project(&p)).unwrap();
            project = p.meta.id;
            for name in ["Awa Ndiaye", "Joseph Otieno", "Doi Kenichi"] {
                let mut c = Contact::new(name);
                c.country = Some("KE".into());
                c.phones.push(Phone {
                    label: "mobile".into(),
                    value: NUMBERS[0].into(),
                });
                store.write(|tx| tx.save_contact(&c)).unwrap();
                contacts.push(c.meta.id);
            }
            let mut v = Visit::new(
                chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
                Purpose::Monitoring,
            );
            v.participant_ids.push(contacts[0]);
            store.write(|tx| tx.save_visit(&v)).unwrap();
            visit = v.meta.id;
        }
        let books: Vec<PathBuf> = (0..n)
            .map(|i| {
                let path = dir.join(format!("desk{i}.db"));
                std::fs::copy(&origin, &path).unwrap();
                sync::identity::reset_book_id(&mut Store::open(&path).unwrap()).unwrap();
                path
            })
            .collect();
        World {
            books,
            orgs,
            project,
            contacts,
            visit,
            edits: Vec::new(),
            knowledge: vec![HashSet::new(); n],
            counter: 0,
            resolved: Vec::new(),
        }
    }

    /// Runs a local write and notes the fields it gave a new version.
    fn local(
        &mut self,
        book: usize,
        table: &'static str,
        row: Id,
        cols: &[&'static str],
        value: Option<String>,
        write: impl FnOnce(&mut Store),
    ) {
        let mut store = Store::open(&self.books[book]).unwrap();
        let before: Vec<_> = cols
            .iter()
            .map(|c| sync::field_version(&store, table, row, c).unwrap())
            .collect();
        write(&mut store);
        for (col, before) in cols.iter().zip(before) {
            let after = sync::field_version(&store, table, row, col).unwrap();
            if after != before {
                let knows = self.knowledge[book].clone();
                self.knowledge[book].insert(self.edits.len());
                self.edits.push(Edit {
                    table,
                    row,
                    col,
                    version: after.unwrap(),
                    value: value.clone(),
                    knows,
                });
            }
        }
    }

    fn run(&mut self, step: &Step) {
        let n = self.books.len();
        self.counter += 1;
        let c = self.counter;
        match *step {
            Step::Edit { book, org, field } => {
                let (book, id, col) = (book % n, self.orgs[org], FIELDS[field]);
                self.local(book, "organizations", id, &[col], None, |store| {
                    let mut o = store.read().organization(id).unwrap().unwrap();
                    match col {
                        "city" => o.city = Some(format!("City {c}")),
                        "website" => o.website = Some(format!("https://{c}.example")),
                        _ => o.name = format!("Name {c}"),
                    }
                    store.write(|tx| tx.save_organization(&o)).unwrap();
                });
            }
            Step::Trash { book, org, deleted } => {
                let (book, id) = (book % n, self.orgs[org]);
                let value = Some(if deleted { "trashed" } else { "restored" }.to_string());
                self.local(book, "organizations", id, &["deleted_at"], value, |store| {
                    store
                        .write(|tx| tx.set_deleted(RecordKind::Organization, id, deleted))
                        .unwrap();
                });
            }
            Step::Status { book, status } => {
                let (book, id) = (book % n, self.project);
                let to = ProjectStatus::ALL[status];
                self.local(
                    book,
                    "projects",
                    id,
                    &["status"],
                    Some(format!("{to:?}")),
                    |store| {
                        store
                            .write(|tx| tx.set_project_status(id, to, None))
                            .unwrap();
                    },
                );
            }
            Step::AddOrg { book } => {
                let mut store = Store::open(&self.books[book % n]).unwrap();
                let org = Organization::new(format!("New {c}"), OrgKind::Other);
                store.write(|tx| tx.save_organization(&org)).unwrap();
            }
            Step::Resolve {
                book,
                which,
                theirs,
            } => self.resolve(book % n, which, theirs),
            Step::TrashAndEdit {
                trasher,
                editor,
                org,
                field,
            } => {
                self.run(&Step::Trash {
                    book: trasher,
                    org,
                    deleted: true,
                });
                self.run(&Step::Edit {
                    book: editor,
                    org,
                    field,
                });
            }
            Step::Deliver { from, to, twice } => {
                let (from, to) = (from % n, to % n);
                if from != to {
                    self.deliver(from, to);
                    if twice {
                        self.deliver(from, to);
                    }
                }
            }
            Step::AddTag { book, org, tag } => self.tag(book % n, org, TAGS[tag], true),
            Step::RemoveTag { book, org, tag } => self.tag(book % n, org, TAGS[tag], false),
            Step::AddPhone {
                book,
                contact,
                number,
            } => self.phone(book % n, contact, NUMBERS[number], true),
            Step::RemovePhone {
                book,
                contact,
                number,
            } => self.phone(book % n, contact, NUMBERS[number], false),
            Step::AddParticipant { book, contact } => self.participant(book % n, contact, true),
            Step::RemoveParticipant { book, contact } => self.participant(book % n, contact, false),
            Step::StatusRace { books, to } => {
                self.run(&Step::Status {
                    book: books.0,
                    status: to.0,
                });
                if books.0 % n != books.1 % n {
                    self.run(&Step::Status {
                        book: books.1,
                        status: to.1,
                    });
                }
            }
        }
    }

    /// Resolves one of the book's conflicts; the choice is an edit of its
    /// field that writes the chosen value.
    fn resolve(&mut self, book: usize, which: usize, theirs: bool) {
        let listed = sync::review::list(&Store::open(&self.books[book]).unwrap()).unwrap();
        if listed.is_empty() {
            return;
        }
        let c = listed[which % listed.len()].clone();
        let table: &'static str = if c.key.table == "projects" {
            "projects"
        } else {
            "organizations"
        };
        let col: &'static str = ["city", "website", "name", "deleted_at", "status"]
            .into_iter()
            .find(|f| *f == c.key.col)
            .expect("a conflict on a field the model edits");
        let row = Id::from_slice(&c.key.row_key).unwrap();
        let chosen = if theirs { c.theirs() } else { c.mine() };
        let value = match &chosen.value {
            rusqlite::types::Value::Text(t) if col == "status" => {
                Some(format!("{:?}", ProjectStatus::parse(t).unwrap()))
            }
            // As the trash step notes it: keeping the trash trashes again.
            rusqlite::types::Value::Null if col == "deleted_at" => Some("restored".into()),
            _ if col == "deleted_at" => Some("trashed".into()),
            other => Some(format!("{other:?}")),
        };
        self.resolved.push((
            c.key.table.clone(),
            c.key.row_key.clone(),
            c.key.col.clone(),
            c.kept.version,
            c.key.lost,
        ));
        let choice = if theirs {
            sync::review::Choice::Theirs
        } else {
            sync::review::Choice::Mine
        };
        self.local(book, table, row, &[col], value, |store| {
            sync::review::resolve(store, &c.key, &choice).unwrap();
        });
    }

    /// A tag added or removed: an edit of the organization (it can race a
    /// trash), though two desks' tag edits merge and are never a conflict.
    fn tag(&mut self, book: usize, org: usize, tag: &str, add: bool) {
        let id = self.orgs[org];
        self.local(book, "organizations", id, &["tags"], None, |store| {
            let mut o = store.read().organization(id).unwrap().unwrap();
            o.tags.retain(|t| t != tag);
            if add {
                o.tags.push(tag.to_string());
            }
            store.write(|tx| tx.save_organization(&o)).unwrap();
        });
    }

    fn phone(&mut self, book: usize, contact: usize, number: &str, add: bool) {
        let mut store = Store::open(&self.books[book]).unwrap();
        let mut c = store
            .read()
            .contact(self.contacts[contact])
            .unwrap()
            .unwrap();
        c.phones.retain(|p| p.value != number);
        if add {
            c.phones.push(Phone {
                label: "mobile".into(),
                value: number.into(),
            });
        }
        store.write(|tx| tx.save_contact(&c)).unwrap();
    }

    fn participant(&mut self, book: usize, contact: usize, add: bool) {
        let mut store = Store::open(&self.books[book]).unwrap();
        let mut v = store.read().visit(self.visit).unwrap().unwrap();
        let who = self.contacts[contact];
        v.participant_ids.retain(|p| *p != who);
        if add {
            v.participant_ids.push(who);
        }
        store.write(|tx| tx.save_visit(&v)).unwrap();
    }

    /// The project's status is the latest change of its merged history.
    fn status_is_derived(&self, book: usize) -> bool {
        let store = Store::open(&self.books[book]).unwrap();
        let read = store.read();
        let project = read.project(self.project).unwrap().unwrap();
        let history = read.status_history(self.project).unwrap();
        let last = history.iter().map(|h| h.changed_at).max();
        history
            .iter()
            .any(|h| Some(h.changed_at) == last && h.to == project.status)
    }

    fn deliver(&mut self, from: usize, to: usize) {
        let bundle = sync::build_bundle(&Store::open(&self.books[from]).unwrap(), None).unwrap();
        let mut store = Store::open(&self.books[to]).unwrap();
        sync::check_bundle(&store, &bundle).unwrap();
        sync::import::apply_bundle(&mut store, &bundle).unwrap();
        let known = self.knowledge[from].clone();
        self.knowledge[to].extend(known);
    }

    fn everyone_gets_everything(&mut self) {
        let n = self.books.len();
        for _ in 0..2 {
            for from in 0..n {
                for to in 0..n {
                    if from != to {
                        self.deliver(from, to);
                    }
                }
            }
        }
    }

    fn json(&self, book: usize) -> Vec<u8> {
        let store = Store::open(&self.books[book]).unwrap();
        let mut out = Vec::new();
        fieldbook::exchange::json::write(&store.read(), &mut out).unwrap();
        out
    }

    fn concurrent(&self, a: usize, b: usize) -> bool {
        a != b && !self.edits[a].knows.contains(&b) && !self.edits[b].knows.contains(&a)
    }

    fn edit_of(
        &self,
        table: &str,
        key: &[u8],
        col: &str,
        version: (i64, uuid::Uuid),
    ) -> Option<usize> {
        self.edits.iter().position(|e| {
            e.table == table && e.row.as_bytes() == key && e.col == col && e.version == version
        })
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 40, ..ProptestConfig::default() })]

    #[test]
    fn books_converge_and_every_race_is_listed(n in 3usize..=5, steps in prop::collection::vec(step(), 5..30)) {
        let dir = tempfile::tempdir().unwrap();
        let mut world = World::new(dir.path(), n);
        for s in &steps {
            world.run(s);
        }
        world.everyone_gets_everything();
        let first = world.json(0);
        for book in 1..n {
            prop_assert!(world.json(book) == first, "book {} differs from book 0 after {:?}", book, steps);
        }
        for book in 0..n {
            prop_assert!(world.status_is_derived(book), "book {}: the status is not the history's latest", book);
        }
        let mut listed = HashSet::new();
        for book in &world.books {
            let store = Store::open(book).unwrap();
            let check = store.read().check().unwrap();
            prop_assert!(check.is_ok(), "{:?}", check);
            // Every race stays recorded; a person's choice (or a later edit
            // from the kept value) only marks it resolved.
            for (table, key, col, kept, lost) in sync::review::recorded(&store).unwrap() {
                let k = world.edit_of(&table, &key, &col, kept);
                let l = world.edit_of(&table, &key, &col, lost);
                prop_assert!(k.is_some() && l.is_some(), "a conflict with an unknown version: {} {}", table, col);
                let (k, l) = (k.unwrap(), l.unwrap());
                prop_assert!(world.concurrent(k, l), "{} {}: a later edit listed as a conflict", table, col);
                listed.insert(k);
                listed.insert(l);
            }
        }
        // A conflict a person resolved on one book is resolved on every book.
        for book in &world.books {
            let store = Store::open(book).unwrap();
            for (table, key, col, kept, lost) in sync::conflict_versions(&store).unwrap() {
                let open = (table, key, col, kept, lost);
                prop_assert!(!world.resolved.contains(&open), "a resolved conflict is open again on {}: {:?}", book.display(), open);
            }
        }
        // A race to review: two edits of one field made without seeing each
        // other, neither replaced on its own book by a later edit that
        // races the other in its place.
        let same_field = |a: usize, b: usize| {
            let (ea, eb) = (&world.edits[a], &world.edits[b]);
            ea.table == eb.table && ea.row == eb.row && ea.col == eb.col
        };
        let replaced = |a: usize, b: usize| {
            (0..world.edits.len()).any(|g| g != a && same_field(g, a) && world.edits[g].knows.contains(&a) && world.concurrent(g, b))
        };
        for a in 0..world.edits.len() {
            // Two trashings in one millisecond write the same value: no conflict to review.
            // Tags merge item by item: never a conflict.
            if matches!(world.edits[a].col, "deleted_at" | "tags") {
                continue;
            }
            for b in 0..world.edits.len() {
                let (ea, eb) = (&world.edits[a], &world.edits[b]);
                let race = same_field(a, b) && world.concurrent(a, b)
                    && (ea.value.is_none() || ea.value != eb.value)
                    && !replaced(a, b) && !replaced(b, a);
                // Two edits that wrote the same value stand for each other.
                let shown = listed.contains(&a)
                    || (ea.value.is_some()
                        && listed.iter().any(|&c| same_field(a, c) && world.edits[c].value == ea.value));
                prop_assert!(!race || shown, "edit {} of {} raced edit {} and is not listed", a, ea.col, b);
            }
        }
        // Edits racing a trash (issue 17): each listed race is a trash and
        // an edit of the same record made without seeing each other; and
        // every such race is listed, where the trash stands uncontested (no
        // other trash or restore of the record knows it or races it), the
        // edit was not replaced by a later one racing the trash in its
        // place, and the trasher had not seen another edit of that field
        // racing this one.
        let mut trash_listed = HashSet::new();
        for book in &world.books {
            let store = Store::open(book).unwrap();
            for (table, key, trash, edit) in sync::trash_race::races(&store).unwrap() {
                let t = world.edit_of(&table, &key, "deleted_at", trash);
                let e = world.edits.iter().position(|x| {
                    x.table == table && x.row.as_bytes() == key.as_slice() && x.col != "deleted_at" && x.version == edit
                });
                prop_assert!(t.is_some() && e.is_some(), "an edit-vs-trash race with an unknown version");
                let (t, e) = (t.unwrap(), e.unwrap());
                prop_assert!(world.edits[t].value.as_deref() == Some("trashed"), "a restore listed as a trash");
                prop_assert!(world.concurrent(t, e), "edit {} saw trash {} (or the reverse) and is listed", e, t);
                trash_listed.insert((t, e));
            }
        }
        for t in 0..world.edits.len() {
            if world.edits[t].col != "deleted_at" || world.edits[t].value.as_deref() != Some("trashed") {
                continue;
            }
            let contested = (0..world.edits.len()).any(|g| {
                g != t && same_field(g, t) && (world.edits[g].knows.contains(&t) || world.concurrent(g, t))
            });
            if contested {
                continue;
            }
            for e in 0..world.edits.len() {
                let (et, ee) = (&world.edits[t], &world.edits[e]);
                if ee.col == "deleted_at" || ee.table != et.table || ee.row != et.row || !world.concurrent(t, e) {
                    continue;
                }
                let replaced = (0..world.edits.len())
                    .any(|h| h != e && same_field(h, e) && world.edits[h].knows.contains(&e) && world.concurrent(h, t));
                let shadowed = et.knows.iter().any(|&g| same_field(g, e) && world.concurrent(g, e));
                prop_assert!(
                    replaced || shadowed || trash_listed.contains(&(t, e)),
                    "edit {} of {} raced trash {} and is not listed", e, ee.col, t
                );
            }
        }
    }
}
