//! `fieldbook search`: the same engine as the UI's search.

use std::io::Write;

use clap::{Args, ValueEnum};

use super::Exit;
use crate::domain::RecordKind;
use crate::domain::text::{clean, escape_json_controls, is_invisible_layout, is_unsafe};
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

/// From this many hits asked for, the file is read through a memory map.
const LONG_READ: usize = 1000;

/// Address space to map: more than a 100,000-contact book (about 470 MiB).
pub(super) const MAP_BYTES: i64 = 1 << 30;

pub fn run(store: &Store, args: &SearchArgs) -> anyhow::Result<Exit> {
    if args.limit >= LONG_READ {
        store.map_for_long_reads(MAP_BYTES)?;
    }
    let kinds: Vec<RecordKind> = args.kind.iter().map(|k| k.record_kind()).collect();
    let hits = store.read().search(
        &args.query,
        (!kinds.is_empty()).then_some(kinds.as_slice()),
        args.limit,
    )?;
    // One write per buffer, not per line: all hits may be 100,000 lines.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut text = String::new();
    for hit in &hits {
        if args.json {
            writeln!(
                out,
                "{}",
                escape_json_controls(&serde_json::to_string(hit)?)
            )?;
        } else {
            text.clear();
            line(&mut text, hit);
            write_clean(&mut out, &text)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    if hits.is_empty() && !args.json {
        eprintln!("nothing found for '{}'", clean(&args.query));
    }
    Ok(Exit::Success)
}

/// `text` as `clean` makes it, without a copy when it is clean already
/// (nearly every line).
fn write_clean(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    if text.chars().any(|c| is_unsafe(c) || is_invisible_layout(c)) {
        out.write_all(clean(text).as_bytes())
    } else {
        out.write_all(text.as_bytes())
    }
}

/// One hit as a line: what it is, whose, and why it matched.
/// `contact  Zawadi Achieng — Kisumu Youth Health Network, Kisumu  [phone: +254 700 123456]  <id>`
/// `note  on Zawadi Achieng (Kisumu Youth Health Network): …follow up before…  <id>`
/// Written into `out` piece by piece: all hits may be 100,000 lines.
fn line(out: &mut String, hit: &SearchHit) {
    use std::fmt::Write;
    let kind = hit.kind.label();
    // Writing to a String cannot fail.
    if let Some(owner) = &hit.owner {
        let _ = write!(out, "{kind:<12} on {}", owner.title);
        if let Some(o) = &owner.organization {
            let _ = write!(out, " ({o})");
        }
        let _ = write!(out, ": {}  {}", hit.matched, hit.id);
        return;
    }
    let _ = write!(out, "{kind:<12} {}", hit.title);
    let context = [&hit.organization, &hit.city, &hit.role]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty());
    for (i, part) in context.enumerate() {
        out.push_str(if i == 0 { " — " } else { ", " });
        out.push_str(part);
    }
    if hit.matched.is_empty() || hit.matched == hit.title {
        let _ = write!(out, "  [{}]", hit.field);
    } else {
        let _ = write!(out, "  [{}: {}]", hit.field, hit.matched);
    }
    if hit.approximate {
        out.push_str("  (approximate)");
    }
    let _ = write!(out, "  {}", hit.id);
}
