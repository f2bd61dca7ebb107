//! The model test of issue 17: 3-5 books from one origin make random edits
//! (the same field on several books, trash and restore, status changes, new
//! records) and exchange bundles in random order, with drops and
//! duplicates. Once everyone has everything: the same `export --format
//! json` bytes on every book, integrity and foreign-key checks (FTS5's
//! included) pass, every same-field race is in the conflict lists and
//! nothing else is; so is every edit racing a trash.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use fieldbook::domain::{Id, OrgKind, Organization, Project, ProjectStatus, RecordKind};
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
    /// One book trashes an organization while another edits it, neither
    /// having seen the other (a race to review, issue 17).
    TrashAndEdit {
        trasher: usize,
        editor: usize,
        org: usize,
        field: usize,
    },
}

const ORGS: usize = 3;
const FIELDS: [&str; 3] = ["city", "website", "name"];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..5usize, 0..ORGS, 0..FIELDS.len()).prop_map(|(book, org, field)| Step::Edit { book, org, field }),
        1 => (0..5usize, 0..ORGS, any::<bool>()).prop_map(|(book, org, deleted)| Step::Trash { book, org, deleted }),
        1 => (0..5usize, 0..ProjectStatus::ALL.len()).prop_map(|(book, status)| Step::Status { book, status }),
        1 => (0..5usize).prop_map(|book| Step::AddOrg { book }),
        3 => (0..5usize, 0..5usize, any::<bool>()).prop_map(|(from, to, twice)| Step::Deliver { from, to, twice }),
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
    edits: Vec<Edit>,
    knowledge: Vec<HashSet<usize>>,
    counter: usize,
}

impl World {
    fn new(dir: &Path, n: usize) -> World {
        let origin = dir.join("origin.db");
        let mut orgs = Vec::new();
        let project;
        {
            let mut store = Store::open(&origin).unwrap();
            for name in ["Kibera Youth", "Mathare Women", "Turkana Water"] {
                let org = Organization::new(name, OrgKind::Other);
                store.write(|tx| tx.save_organization(&org)).unwrap();
                orgs.push(org.meta.id);
            }
            let p = Project::new("Clean water for Lodwar");
            store.write(|tx| tx.save_project(&p)).unwrap();
            project = p.meta.id;
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
            edits: Vec::new(),
            knowledge: vec![HashSet::new(); n],
            counter: 0,
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
        }
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
        let mut listed = HashSet::new();
        for book in &world.books {
            let store = Store::open(book).unwrap();
            let check = store.read().check().unwrap();
            prop_assert!(check.is_ok(), "{:?}", check);
            for (table, key, col, kept, lost) in sync::conflict_versions(&store).unwrap() {
                let k = world.edit_of(&table, &key, &col, kept);
                let l = world.edit_of(&table, &key, &col, lost);
                prop_assert!(k.is_some() && l.is_some(), "a conflict with an unknown version: {} {}", table, col);
                let (k, l) = (k.unwrap(), l.unwrap());
                prop_assert!(world.concurrent(k, l), "{} {}: a later edit listed as a conflict", table, col);
                listed.insert(k);
                listed.insert(l);
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
            if world.edits[a].col == "deleted_at" {
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
