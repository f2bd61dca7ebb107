//! `fieldbook search`: the same engine as the UI's search.

use clap::{Args, ValueEnum};

use super::Exit;
use crate::domain::RecordKind;
use crate::domain::text::{clean, escape_json_controls};
use crate::store::Store;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    Contact,
    Org,
    Project,
    Visit,
    Note,
}

impl Kind {
    fn record_kind(self) -> RecordKind {
        match self {
            Kind::Contact => RecordKind::Contact,
            Kind::Org => RecordKind::Organization,
            Kind::Project => RecordKind::Project,
            Kind::Visit => RecordKind::Visit,
            Kind::Note => RecordKind::Note,
        }
    }
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for: part of a name in any script, a word, a phone number,
    /// an e-mail fragment; notes and visit text from three characters.
    query: String,
    /// Only this kind of record (repeatable).
    #[arg(long)]
    kind: Vec<Kind>,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// One JSON object per line: kind, id, title, field, rank.
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, args: &SearchArgs) -> anyhow::Result<Exit> {
    let kinds: Vec<RecordKind> = args.kind.iter().map(|k| k.record_kind()).collect();
    let hits = store.read().search(
        &args.query,
        (!kinds.is_empty()).then_some(kinds.as_slice()),
        args.limit,
    )?;
    for hit in &hits {
        if args.json {
            println!("{}", escape_json_controls(&serde_json::to_string(hit)?));
        } else {
            println!(
                "{:<12} {}  [{}]  {}",
                hit.kind.label(),
                clean(&hit.title),
                hit.field,
                hit.id
            );
        }
    }
    if hits.is_empty() && !args.json {
        eprintln!("nothing found for '{}'", clean(&args.query));
    }
    Ok(Exit::Success)
}
