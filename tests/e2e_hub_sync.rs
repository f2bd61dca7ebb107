//! "Sync when online" in the real binary, in tmux, against a real
//! PostgreSQL hub (tests/common/pg.rs): the app started with
//! `sync_when_online = true` shows what another desk pushed without a key
//! pressed; a contact typed into it reaches the hub's read table with the
//! "sync now" key; what the other desk pushes later appears on the open
//! list; with the hub stopped the app says so quietly and keeps working.
//! And without `sync_when_online` the app never connects at all.
//!
//! NEEDS tmux and PostgreSQL (each SKIPPED loudly without it, unless
//! FIELDBOOK_REQUIRE_TMUX / FIELDBOOK_REQUIRE_PG).

use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

mod common;
use common::cli::fieldbook;
use common::desks::{PASS, run, sync};
use common::hubs::ok;
use common::pg::Pg;
use common::tmux::{Tmux, tmux_available, wait_until};

/// The config file the app in `Tmux::start(.., dir)` reads
/// (XDG_CONFIG_HOME is `dir/config`).
fn write_config(dir: &Path, text: &str) {
    let folder = dir.join("config").join("fieldbook");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("config.toml"), text).unwrap();
}

fn online_config(url: &str) -> String {
    format!("hub = \"{url}\"\nsync_passphrase = \"{PASS}\"\nsync_when_online = true\n")
}

fn start_app(dir: &Path, db: &Path) -> Tmux {
    let tmux = Tmux::start(120, 40, dir);
    tmux.run_fieldbook(db);
    tmux.wait_text("OVERDUE follow-ups");
    tmux
}

fn contacts_named(pg: &Pg, name: &str) -> i64 {
    pg.client("postgres", "hub")
        .query_one(
            "SELECT count(*) FROM hub.contacts WHERE display_name = $1",
            &[&name],
        )
        .unwrap()
        .get(0)
}

/// The status line, the screen's last line.
fn status_line(screen: &str) -> &str {
    screen.trim_end().lines().last().unwrap_or_default()
}

#[test]
fn the_app_syncs_with_the_hub_when_online() {
    if !tmux_available() {
        return;
    }
    let Some(pg) = Pg::start("the_app_syncs_with_the_hub_when_online") else {
        return;
    };
    let url = pg.create_db("hub");
    ok(fieldbook(Path::new("/nonexistent/unused.db")).args(["hub", "init", "--hub", &url]));
    let dir = tempfile::tempdir().unwrap();
    // Two desks of their own; Kisumu pushes a contact with the command line.
    let nairobi = dir.path().join("nairobi.db");
    run(&nairobi, &["add", "org", "--name", "Nairobi Office"]);
    let kisumu = dir.path().join("kisumu.db");
    run(&kisumu, &["add", "contact", "--name", "Wanjiru Kamau"]);
    ok(sync(&kisumu).args(["push", "--hub", &url]));
    write_config(dir.path(), &online_config(&url));

    // The start sync brings her in: no key but the tab's.
    let tmux = start_app(dir.path(), &nairobi);
    tmux.send(&["2"]);
    tmux.wait_text("Wanjiru Kamau");

    // A contact typed here reaches the hub with "sync now".
    tmux.send(&["n"]);
    tmux.wait_text("New contact");
    tmux.send(&["-l", "Amina Odhiambo"]);
    tmux.send(&["C-s"]);
    tmux.wait_text("contact saved");
    assert_eq!(contacts_named(&pg, "Amina Odhiambo"), 0);
    tmux.send(&["Y"]);
    wait_until("Amina Odhiambo at the hub", || {
        contacts_named(&pg, "Amina Odhiambo") == 1
    });
    tmux.wait_text("synced with the hub at");

    // What Kisumu pushes now appears on the open list at the next sync.
    run(&kisumu, &["add", "contact", "--name", "Kofi Mensah"]);
    ok(sync(&kisumu).args(["push", "--hub", &url]));
    tmux.send(&["Y"]);
    let screen = tmux.wait_text("Kofi Mensah");
    assert!(screen.contains("Amina Odhiambo"), "{screen}");

    // The hub stopped: a quiet note, and the app goes on answering keys.
    drop(pg);
    tmux.send(&["Y"]);
    tmux.wait_text("hub: not reachable: cannot reach the hub");
    tmux.send(&["3"]);
    let screen = tmux.wait_for("the organizations and the quiet note", |s| {
        s.contains("Nairobi Office") && status_line(s).contains("hub: not reachable (")
    });
    assert!(
        status_line(&screen).contains("next try"),
        "{}",
        status_line(&screen)
    );
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
}

/// A stand-in for a hub's socket that counts who connects (and hangs up
/// on them: the app finds no hub there).
struct Listener {
    dir: tempfile::TempDir,
    connections: Arc<AtomicUsize>,
}

impl Listener {
    fn start() -> Listener {
        let dir = tempfile::Builder::new()
            .prefix("fbhub")
            .tempdir_in("/tmp")
            .unwrap();
        let socket = UnixListener::bind(dir.path().join(".s.PGSQL.5432")).unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&connections);
        std::thread::spawn(move || {
            for stream in socket.incoming() {
                seen.fetch_add(1, Ordering::SeqCst);
                drop(stream);
            }
        });
        Listener { dir, connections }
    }

    fn url(&self) -> String {
        format!(
            "postgresql:///hub?host={}&user=desk_ke",
            self.dir.path().display()
        )
    }

    fn count(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

fn book(dir: &Path) -> PathBuf {
    let db = dir.join("book.db");
    run(&db, &["add", "org", "--name", "Kibera Youth"]);
    db
}

#[test]
fn no_network_unless_sync_when_online_and_offline_is_quiet() {
    if !tmux_available() {
        return;
    }
    // Off: a hub and a passphrase set, but not sync_when_online.
    let off = Listener::start();
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    write_config(
        dir.path(),
        &format!(
            "hub = \"{}\"\nsync_passphrase = \"{PASS}\"\nsync_every_minutes = 1\n",
            off.url()
        ),
    );
    let tmux = start_app(dir.path(), &db);
    tmux.send(&["Y"]);
    let screen = tmux.wait_text("sync with the hub is off");
    assert!(!screen.contains("config.toml: line"), "{screen}");
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
    assert_eq!(
        off.count(),
        0,
        "the app connected with sync_when_online off"
    );

    // On, with nothing answering there: the same socket is tried (so the
    // count above can see a connection), and the app says so quietly.
    let on = Listener::start();
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    write_config(dir.path(), &online_config(&on.url()));
    let tmux = start_app(dir.path(), &db);
    let screen = tmux.wait_for("the quiet note", |s| {
        status_line(s).contains("hub: not reachable (")
    });
    assert!(status_line(&screen).contains("next try"), "{screen}");
    assert!(on.count() >= 1);
    assert!(
        !screen.contains("cannot reach"),
        "not said as an error:\n{screen}"
    );
    tmux.send(&["2"]);
    tmux.wait_text("Contacts: 0 of 0");
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
}
