use super::Exit;
use crate::domain::text::clean;
use crate::store::Store;
use crate::store::backup::{backup_dir, list_backups};

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
    // Point to the way back: the newest backup, if there is one.
    match list_backups(&backup_dir(store.path())).last() {
        Some(latest) => println!(
            "to go back to the latest backup: fieldbook --db {} restore {}",
            store.path().display(),
            latest.display()
        ),
        None => println!(
            "there is no backup beside it (backups/); if you have one elsewhere: fieldbook restore PATH"
        ),
    }
    Ok(Exit::Problem)
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
