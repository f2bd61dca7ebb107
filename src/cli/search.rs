//! `fieldbook search`: the same engine as the UI's search.

use std::io::Write;

use clap::{Args, ValueEnum};

use super::Exit;
use crate::domain::RecordKind;
use crate::domain::text::{clean, escape_json_controls};
use crate::store::Store;
use crate::store::search::SearchHit;

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
    /// One JSON object per line: kind, id, title, field, matched (the text
    /// that matched), rank, approximate; organization, city, role when
    /// known; for notes the owner (kind, id, title).
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
    // One write per buffer, not per line: all hits may be 100,000 lines.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for hit in &hits {
        if args.json {
            writeln!(
                out,
                "{}",
                escape_json_controls(&serde_json::to_string(hit)?)
            )?;
        } else {
            writeln!(out, "{}", clean(&line(hit)))?;
        }
    }
    out.flush()?;
    if hits.is_empty() && !args.json {
        eprintln!("nothing found for '{}'", clean(&args.query));
    }
    Ok(Exit::Success)
}

/// One hit as a line: what it is, whose, and why it matched.
/// `contact  Zawadi Achieng — Kisumu Youth Health Network, Kisumu  [phone: +254 700 123456]  <id>`
/// `note  on Zawadi Achieng (Kisumu Youth Health Network): …follow up before…  <id>`
fn line(hit: &SearchHit) -> String {
    let kind = hit.kind.label();
    let approximate = if hit.approximate {
        "  (approximate)"
    } else {
        ""
    };
    if let Some(owner) = &hit.owner {
        let organization = owner
            .organization
            .as_deref()
            .map(|o| format!(" ({o})"))
            .unwrap_or_default();
        return format!(
            "{kind:<12} on {}{organization}: {}  {}",
            owner.title, hit.matched, hit.id
        );
    }
    let context: Vec<&str> = [&hit.organization, &hit.city, &hit.role]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .filter(|s| !s.trim().is_empty())
        .collect();
    let context = if context.is_empty() {
        String::new()
    } else {
        format!(" — {}", context.join(", "))
    };
    let why = if hit.matched.is_empty() || hit.matched == hit.title {
        format!("[{}]", hit.field)
    } else {
        format!("[{}: {}]", hit.field, hit.matched)
    };
    format!(
        "{kind:<12} {}{context}  {why}{approximate}  {}",
        hit.title, hit.id
    )
}
