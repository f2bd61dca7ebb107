use std::path::Path;

use super::Exit;
use crate::domain::text::clean;
use crate::store::backup::{backup_dir, latest_good_backup};
use crate::store::{Store, StoreError};

pub fn run(store: &Store) -> anyhow::Result<Exit> {
    let report = store.read().check()?;
    if report.is_ok() {
        println!(
            "ok: {} passed the integrity and foreign-key checks",
            store.path().display()
        );
        print_refused_today(&report.refused_today);
        return Ok(Exit::Success);
    }
    println!("problems found in {}:", store.path().display());
    for line in report.integrity.iter().chain(&report.foreign_keys) {
        println!("  {line}");
    }
    println!("the file was not changed; copy it somewhere safe before anything else.");
    print_way_back(store.path());
    Ok(Exit::Problem)
}

/// `check` on a book that refused to open: what is wrong and what to do,
/// for the refusals `check` can explain; other errors stay errors.
pub fn explain_refusal(e: anyhow::Error) -> anyhow::Result<Exit> {
    let Some(StoreError::SchemaMismatch { path, says, has }) = e.downcast_ref::<StoreError>()
    else {
        return Err(e);
    };
    println!("problems found in {}:", path.display());
    println!(
        "  its schema version says {says} (in the file's header), but its tables, indexes \
         and settings are those of version {has}: the header was damaged, and opening it \
         would have run the wrong migrations"
    );
    println!("nothing was changed; copy it somewhere safe before anything else.");
    print_way_back(path);
    println!(
        "or, on a copy: `sqlite3 COPY 'PRAGMA user_version = {has}'` puts the version back; \
         then `fieldbook --db COPY check`"
    );
    Ok(Exit::Problem)
}

/// Points to the way back: the newest backup that passes its own check.
fn print_way_back(db: &Path) {
    match latest_good_backup(&backup_dir(db)) {
        Some(latest) => println!(
            "to go back to the latest backup: fieldbook --db {} restore {}",
            db.display(),
            latest.display()
        ),
        None => println!(
            "there is no backup beside it (backups/); if you have one elsewhere: fieldbook restore PATH"
        ),
    }
}

/// The warning section: values saved under older rules that would be
/// refused if typed today. They open and export as they are; the verdict
/// above does not depend on them.
fn print_refused_today(lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    println!(
        "warning: {} stored value(s) would be refused if typed today (kept as they are; correct them when convenient):",
        lines.len()
    );
    for line in lines {
        println!("  {}", clean(line));
    }
}
