//! Backups that survive the laptop: `backup_dir` receives the daily backup
//! too (seven kept), a missing or unwritable folder is a message and never a
//! failed start, and the dashboard says when the newest backup on another
//! disk is too old. Times are injected: nothing here depends on today.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};
use fieldbook::domain::{OrgKind, Organization};
use fieldbook::store::Store;
use fieldbook::store::backup::{backup_dir, backup_name, list_backups};
use fieldbook::store::offsite::Offsite;
use fieldbook::ui::backups::{Settings, daily, notice};
use fieldbook::ui::theme::Theme;

mod common;
use common::tmux::{Tmux, tmux_available};
use common::ui_harness::Harness;

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0).unwrap()
}

fn book(dir: &Path) -> PathBuf {
    let db = dir.join("book.db");
    let mut store = Store::open(&db).unwrap();
    let o = Organization::new("Kisumu Farmers", OrgKind::Other);
    store.write(|tx| tx.save_organization(&o)).unwrap();
    db
}

fn settings(dir: &Path) -> Settings {
    Settings {
        dir: Some(dir.to_path_buf()),
        warn_days: 7,
    }
}

/// A folder on another disk than the temp dir (tmpfs), if this machine has
/// one; the tests that need it say so loudly when it has not.
fn other_disk() -> Option<tempfile::TempDir> {
    let shm = Path::new("/dev/shm");
    let tmp = tempfile::tempdir().ok()?;
    let dir = tempfile::tempdir_in(shm).ok()?;
    let differs =
        !fieldbook::store::offsite::same_disk(&tmp.path().join("x.db"), dir.path()).unwrap_or(true);
    if !differs {
        eprintln!("\n*** SKIPPED part: no second file system (/dev/shm) to back up to ***\n");
    }
    differs.then_some(dir)
}

#[test]
fn the_daily_backup_lands_beside_the_book_and_in_backup_dir_and_seven_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let stick = tempfile::tempdir().unwrap();
    let report = daily(&db, &settings(stick.path()), at(1));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(list_backups(&backup_dir(&db)).len(), 1, "beside the book");
    let copies = list_backups(stick.path());
    assert_eq!(copies.len(), 1, "and in backup_dir");
    assert_eq!(copies[0], stick.path().join(backup_name(at(1))));
    // The copy is a whole book: it opens and holds the record.
    let copy = Store::open(&copies[0]).unwrap();
    assert_eq!(
        copy.read()
            .organizations_named("kisumu farmers")
            .unwrap()
            .len(),
        1
    );
    drop(copy);
    // Not again the same day; then one a day, the newest seven kept.
    daily(&db, &settings(stick.path()), at(1) + Duration::hours(5));
    assert_eq!(list_backups(stick.path()).len(), 1, "one a day");
    for day in 2..=10 {
        let report = daily(&db, &settings(stick.path()), at(day));
        assert!(report.problems.is_empty(), "{:?}", report.problems);
    }
    let kept = list_backups(stick.path());
    assert_eq!(kept.len(), 7);
    assert_eq!(kept[0], stick.path().join(backup_name(at(4))));
    assert_eq!(kept[6], stick.path().join(backup_name(at(10))));
    // Nothing half-written is left behind.
    let names: Vec<String> = std::fs::read_dir(stick.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 7, "{names:?}");
}

#[test]
fn a_missing_or_unusable_backup_dir_is_a_message_and_the_book_is_still_backed_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let gone = dir.path().join("usb-stick");
    let report = daily(&db, &settings(&gone), at(1));
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(
        report.problems[0].contains("usb-stick")
            && report.problems[0].contains("not there")
            && report.problems[0].contains("only beside the book"),
        "{:?}",
        report.problems
    );
    assert!(!gone.exists(), "an unplugged stick's folder is not created");
    assert_eq!(list_backups(&backup_dir(&db)).len(), 1, "beside the book");
    let notice = report.notice.unwrap();
    assert!(
        notice.is_error && notice.text.contains("is not there"),
        "{notice:?}"
    );

    // A file where the folder should be.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let report = daily(&db, &settings(&file), at(2));
    assert!(
        report.problems[0].contains("not a folder"),
        "{:?}",
        report.problems
    );

    // A folder that cannot be written (root writes anywhere: then only the
    // cases above can be shown here).
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    set_mode(&locked, 0o555);
    if std::fs::write(locked.join("probe"), "x").is_err() {
        let report = daily(&db, &settings(&locked), at(3));
        assert!(
            report.problems[0].contains("locked")
                && report.problems[0].contains("only beside the book"),
            "{:?}",
            report.problems
        );
        assert!(list_backups(&locked).is_empty());
    } else {
        eprintln!("\n*** SKIPPED part: running as root, a read-only folder cannot be made ***\n");
    }
    set_mode(&locked, 0o755);
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn backups_on_another_disk_count_and_on_the_same_disk_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let same = tempfile::tempdir().unwrap();
    assert_eq!(
        Offsite::of(&db, Some(same.path())),
        Offsite::SameDisk(same.path().to_path_buf())
    );
    let Some(stick) = other_disk() else { return };
    assert_eq!(
        Offsite::of(&db, Some(stick.path())),
        Offsite::Elsewhere(stick.path().to_path_buf(), None)
    );
    std::fs::write(stick.path().join(backup_name(at(3))), "").unwrap();
    std::fs::write(stick.path().join(backup_name(at(2))), "").unwrap();
    assert_eq!(
        Offsite::of(&db, Some(stick.path())),
        Offsite::Elsewhere(stick.path().to_path_buf(), Some(at(3)))
    );
}

#[test]
fn the_dashboard_warns_when_the_newest_backup_elsewhere_is_a_week_old() {
    let stick = PathBuf::from("/media/usb/fieldbook");
    let newest = Offsite::Elsewhere(stick.clone(), Some(at(1)));
    // Six days and 23 hours: quiet. Seven days: a warning.
    assert_eq!(notice(&newest, 7, at(7) + Duration::hours(23)), None);
    let warning = notice(&newest, 7, at(8)).unwrap();
    assert!(warning.is_error);
    assert_eq!(
        warning.text,
        "Last backup on another disk: 7 days ago, in /media/usb/fieldbook"
    );
    // Configurable.
    assert!(notice(&newest, 3, at(4)).is_some());
    assert!(notice(&newest, 30, at(28)).is_none());
    // None yet, or a folder on the book's own disk: a warning at once.
    assert!(
        notice(&Offsite::Elsewhere(stick.clone(), None), 7, at(1))
            .unwrap()
            .is_error
    );
    let same = notice(&Offsite::SameDisk(stick.clone()), 7, at(1)).unwrap();
    assert!(same.is_error && same.text.contains("on the book's own disk"));
    // No backup_dir: one quiet line, not a warning.
    let hint = notice(&Offsite::Unset, 7, at(1)).unwrap();
    assert!(
        !hint.is_error && hint.text.contains("set backup_dir"),
        "{hint:?}"
    );

    // Drawn at the foot of the dashboard.
    let mut h = Harness::new(100, (120, 40));
    let before = h.screen(Theme::dark());
    assert!(!before.contains("another disk"), "{before}");
    h.app.backup_notice = Some(warning);
    let screen = h.screen(Theme::dark());
    let line = screen
        .lines()
        .find(|l| l.contains("Last backup on another disk: 7 days ago"))
        .unwrap_or_else(|| panic!("no warning on the dashboard:\n{screen}"));
    assert!(line.contains("/media/usb/fieldbook"), "{line}");
    assert!(
        screen.contains("OVERDUE follow-ups"),
        "the dashboard is still there"
    );
    h.app.backup_notice = Some(hint);
    assert!(
        h.screen(Theme::dark())
            .contains("Backups are only beside the book")
    );
}

/// The real binary: a backup_dir that is not there is a message in the
/// message line, and the UI starts and works.
#[test]
fn tmux_a_missing_backup_dir_is_a_message_and_the_ui_starts() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let config = dir.path().join("config").join("fieldbook");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "backup_dir = \"~/usb-stick/fieldbook\"\n",
    )
    .unwrap();
    let tmux = Tmux::start(120, 40, dir.path());
    tmux.run_fieldbook(&db);
    let screen = tmux.wait_text("no backup in backup_dir");
    assert!(screen.contains("usb-stick"), "{screen}");
    // The dashboard's line says so too.
    tmux.wait_text("No backup on another disk: backup_dir");
    // The book itself was backed up, and the UI answers keys.
    assert_eq!(list_backups(&backup_dir(&db)).len(), 1);
    tmux.send(&["3"]);
    tmux.wait_text("Kisumu Farmers");
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
}
