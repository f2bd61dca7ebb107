use super::Exit;
use crate::store::Store;
use crate::store::backup::{backup_dir, latest_good_backup};

pub fn run(store: &Store) -> anyhow::Result<Exit> {
    let report = store.read().check()?;
    if report.is_ok() {
        println!(
            "ok: {} passed the integrity and foreign-key checks",
            store.path().display()
        );
        return Ok(Exit::Success);
    }
    println!("problems found in {}:", store.path().display());
    for line in report.integrity.iter().chain(&report.foreign_keys) {
        println!("  {line}");
    }
    println!("the file was not changed; copy it somewhere safe before anything else.");
    // Point to the way back: the newest backup that passes its own check.
    match latest_good_backup(&backup_dir(store.path())) {
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
