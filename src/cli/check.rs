use super::Exit;
use crate::store::Store;

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
    println!("the file was not changed; keep a copy of it before trying to repair anything");
    Ok(Exit::Problem)
}
