//! `fieldbook note`: a note on a contact, organization, project or visit.

use clap::{ArgGroup, Args};

use super::{Exit, resolve};
use crate::domain::*;
use crate::store::Store;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("target").required(true).args(["contact", "org", "project", "visit"])))]
pub struct NoteArgs {
    /// The note's text.
    text: String,
    /// On this contact (name, native-script name or id).
    #[arg(long)]
    contact: Option<String>,
    /// On this organization (name).
    #[arg(long)]
    org: Option<String>,
    /// On this project (reference code, title or id).
    #[arg(long)]
    project: Option<String>,
    /// On this visit (id).
    #[arg(long)]
    visit: Option<String>,
}

pub fn run(store: &mut Store, args: &NoteArgs) -> anyhow::Result<Exit> {
    let id = store.write(|tx| -> anyhow::Result<Id> {
        let target = if let Some(name) = &args.contact {
            NoteTarget::Contact(resolve::contact(tx, "contact", name)?.meta.id)
        } else if let Some(name) = &args.org {
            NoteTarget::Organization(resolve::organization(tx, "org", name)?.meta.id)
        } else if let Some(key) = &args.project {
            NoteTarget::Project(resolve::project(tx, "project", key)?.meta.id)
        } else {
            let raw = args.visit.as_deref().unwrap_or_default();
            let id = uuid::Uuid::parse_str(raw.trim())
                .map_err(|_| anyhow::anyhow!("--visit: '{}' is not a visit id", raw.trim()))?;
            NoteTarget::Visit(id)
        };
        let note = Note::new(target, args.text.trim());
        tx.save_note(&note)?;
        Ok(note.meta.id)
    })?;
    println!("{id}");
    Ok(Exit::Success)
}
