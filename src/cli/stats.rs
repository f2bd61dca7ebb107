use clap::Args;

use super::Exit;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, args: &StatsArgs) -> anyhow::Result<Exit> {
    let counts = store.read().counts()?;
    if args.json {
        let map: serde_json::Map<String, serde_json::Value> = counts
            .iter()
            .map(|c| {
                let value = serde_json::json!({ "live": c.live, "deleted": c.deleted });
                (c.kind.plural().replace('-', "_"), value)
            })
            .collect();
        println!("{}", serde_json::Value::Object(map));
        return Ok(Exit::Success);
    }
    println!("{:<14} {:>10} {:>10}", "kind", "records", "in trash");
    for c in &counts {
        println!("{:<14} {:>10} {:>10}", c.kind.plural(), c.live, c.deleted);
    }
    println!("database: {}", store.path().display());
    Ok(Exit::Success)
}
