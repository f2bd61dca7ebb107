//! `fieldbook duplicates`: the organizations and people that look entered
//! twice, with why, and the command that merges each pair.

use super::Exit;
use crate::domain::text::clean;
use crate::ops::merge::possible_duplicates;
use crate::store::Store;

pub fn run(store: &Store) -> anyhow::Result<Exit> {
    let found = possible_duplicates(store)?;
    if found.is_empty() {
        println!("no possible duplicates");
        return Ok(Exit::Success);
    }
    for d in &found {
        let word = match d.kind {
            crate::domain::RecordKind::Organization => "org",
            _ => "contact",
        };
        println!(
            "{} '{}' ({}) and '{}' ({}): {}\n  merge with: fieldbook merge {word} {} {}",
            d.kind.label(),
            clean(&d.a_title),
            d.a,
            clean(&d.b_title),
            d.b,
            clean(&d.reason),
            d.a,
            d.b
        );
    }
    Ok(Exit::Success)
}
