//! `fieldbook attach`, `fieldbook attachments` and `fieldbook attachment
//! open|save`: files on records, kept inside the book.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};

use super::{Exit, resolve};
use crate::domain::attachment::human_size;
use crate::domain::text::clean;
use crate::domain::*;
use crate::store::{Store, Tx};

/// The record, named as elsewhere on the command line.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("record").required(true).args(
    ["contact", "org", "project", "visit", "consultation", "event", "deliverable"])))]
pub struct RecordFlags {
    /// A contact (name, native-script name or id).
    #[arg(long)]
    contact: Option<String>,
    /// An organization (name or id).
    #[arg(long)]
    org: Option<String>,
    /// A project (reference code, title or id).
    #[arg(long)]
    project: Option<String>,
    /// A visit (id).
    #[arg(long)]
    visit: Option<String>,
    /// A consultation (id).
    #[arg(long)]
    consultation: Option<String>,
    /// An event (id).
    #[arg(long)]
    event: Option<String>,
    /// A deliverable (id).
    #[arg(long)]
    deliverable: Option<String>,
}

#[derive(Debug, Args)]
pub struct AttachArgs {
    #[command(flatten)]
    record: RecordFlags,
    /// The files to attach (each up to 25 MiB); all or none are stored.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AttachmentsArgs {
    #[command(flatten)]
    record: RecordFlags,
}

#[derive(Debug, Subcommand)]
pub enum AttachmentCommand {
    /// Open a file with the system's viewer (xdg-open / open), or say where it was written.
    Open { id: String },
    /// Write a file out: to --out, else to its own name in this folder.
    Save {
        id: String,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace a file that is already there (it is said).
        #[arg(long)]
        force: bool,
    },
}

fn id_flag(flag: &str, raw: &str) -> anyhow::Result<Id> {
    uuid::Uuid::parse_str(raw.trim())
        .map_err(|_| anyhow::anyhow!("--{flag}: '{}' is not a {flag} id", clean(raw.trim())))
}

/// The record the flags name (it must exist: the store checks).
fn target(tx: &Tx<'_>, f: &RecordFlags) -> anyhow::Result<AttachedTo> {
    Ok(if let Some(name) = &f.contact {
        AttachedTo::Contact(resolve::contact(tx, "contact", name)?.meta.id)
    } else if let Some(name) = &f.org {
        AttachedTo::Organization(resolve::organization(tx, "org", name)?.meta.id)
    } else if let Some(key) = &f.project {
        AttachedTo::Project(resolve::project(tx, "project", key)?.meta.id)
    } else if let Some(id) = &f.visit {
        AttachedTo::Visit(id_flag("visit", id)?)
    } else if let Some(id) = &f.consultation {
        AttachedTo::Consultation(id_flag("consultation", id)?)
    } else if let Some(id) = &f.event {
        AttachedTo::Event(id_flag("event", id)?)
    } else {
        let raw = f.deliverable.as_deref().unwrap_or_default();
        AttachedTo::Deliverable(id_flag("deliverable", raw)?)
    })
}

pub fn attach(store: &mut Store, args: &AttachArgs) -> anyhow::Result<Exit> {
    // Every file is read and checked before anything is written.
    let files = args
        .files
        .iter()
        .map(|p| crate::ops::attachments::read_file(p))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let done = store.write(|tx| -> anyhow::Result<Vec<(Attachment, bool)>> {
        let target = target(tx, &args.record)?;
        let mut done = Vec::new();
        for (name, data) in &files {
            let a = Attachment::of(target, name, data);
            let stored = tx.reader().attachment_stored(&a.sha256)?;
            tx.attach(&a, data)?;
            done.push((a, stored));
        }
        Ok(done)
    })?;
    for (a, stored) in done {
        let again = if stored {
            ", contents already in the book: stored once"
        } else {
            ""
        };
        println!(
            "{}  {}  {}  {}{again}",
            a.meta.id,
            clean(&a.name),
            a.media_type,
            human_size(a.size)
        );
    }
    Ok(Exit::Success)
}

pub fn list(store: &mut Store, args: &AttachmentsArgs) -> anyhow::Result<Exit> {
    let found = store.write(|tx| -> anyhow::Result<Vec<Attachment>> {
        let target = target(tx, &args.record)?;
        Ok(tx.reader().attachments_on(target)?)
    })?;
    if found.is_empty() {
        eprintln!("no attachments");
    }
    for a in found {
        println!(
            "{}  {}  {}  {}  {}",
            a.meta.id,
            a.meta.created_at.format("%Y-%m-%d"),
            clean(&a.name),
            a.media_type,
            human_size(a.size)
        );
    }
    Ok(Exit::Success)
}

/// The attachment and its contents, or why not.
pub fn fetch(store: &Store, raw_id: &str) -> anyhow::Result<(Attachment, Vec<u8>)> {
    let id = uuid::Uuid::parse_str(raw_id.trim())
        .map_err(|_| anyhow::anyhow!("'{}' is not an attachment id", clean(raw_id.trim())))?;
    let reader = store.read();
    let a = reader
        .attachment(id)?
        .ok_or_else(|| anyhow::anyhow!("no attachment has the id {id}"))?;
    let data = reader.attachment_data(&a.sha256)?.ok_or_else(|| {
        anyhow::anyhow!(
            "the contents of {} are missing from the book; run `fieldbook check`",
            clean(&a.name)
        )
    })?;
    Ok((a, data))
}

pub fn run(store: &Store, cmd: &AttachmentCommand) -> anyhow::Result<Exit> {
    match cmd {
        AttachmentCommand::Open { id } => {
            let (a, data) = fetch(store, id)?;
            let said = crate::ops::attachments::open(&a, &data)?;
            println!("{said}");
        }
        AttachmentCommand::Save { id, out, force } => {
            let (a, data) = fetch(store, id)?;
            let dest = out.clone().unwrap_or_else(|| PathBuf::from(&a.name));
            let existed = dest.exists();
            if existed && !force {
                anyhow::bail!(
                    "{} already exists; nothing was written (--force replaces it, or choose --out)",
                    dest.display()
                );
            }
            crate::durable::write_file(&dest, |temp| -> anyhow::Result<()> {
                std::fs::write(temp, &data)?;
                Ok(())
            })?;
            let replaced = if existed {
                " (replaced the file that was there)"
            } else {
                ""
            };
            println!(
                "{} written, {}{replaced}",
                dest.display(),
                human_size(data.len() as u64)
            );
        }
    }
    Ok(Exit::Success)
}
