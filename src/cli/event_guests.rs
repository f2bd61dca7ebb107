//! `fieldbook event invite` and `fieldbook event attend`: an event's guest
//! list from the command line. Inviting many at once skips those already
//! invited and says how many; marking attendance names each person.

use anyhow::bail;
use clap::Args;

use super::Exit;
use super::event::find;
use crate::domain::text::clean;
use crate::domain::*;
use crate::store::views::InvitePick;
use crate::store::{Store, Tx};

#[derive(Debug, Args)]
pub struct InviteArgs {
    /// The event: its title (or part of it) or its id.
    event: String,
    /// Everyone tagged so (or working for an organization tagged so).
    #[arg(long)]
    tag: Vec<String>,
    /// An organization's people, by the organization's name (the
    /// organization itself when it has nobody in the book).
    #[arg(long)]
    org: Vec<String>,
    /// Everyone in a country (ISO code or name), or working for an
    /// organization there.
    #[arg(long)]
    country: Vec<String>,
    /// A contact by name or id; repeatable, or several after one flag.
    #[arg(long, num_args = 1..)]
    contact: Vec<String>,
    /// The people a search finds (exact matches, no typo guesses).
    #[arg(long)]
    search: Vec<String>,
    /// participant, speaker, organizer or guest.
    #[arg(long, default_value = "participant")]
    role: String,
}

#[derive(Debug, Args)]
pub struct AttendArgs {
    /// The event: its title (or part of it) or its id.
    event: String,
    /// A contact by name or id; repeatable, or several after one flag.
    #[arg(long, num_args = 1..)]
    contact: Vec<String>,
    /// An organization invited as a whole, by name.
    #[arg(long)]
    org: Vec<String>,
    /// Mark them absent instead.
    #[arg(long, conflicts_with = "status")]
    absent: bool,
    /// invited, registered, attended, absent or cancelled (default: attended).
    #[arg(long)]
    status: Option<String>,
    /// Change their role too: participant, speaker, organizer or guest.
    #[arg(long)]
    role: Option<String>,
}

/// Whom the flags name, in the order given.
fn targets(tx: &Tx<'_>, args: &InviteArgs) -> anyhow::Result<Vec<InviteeRef>> {
    let reader = tx.reader();
    let mut out = Vec::new();
    let mut pick = |flag: &str, what: &str, p: InvitePick| -> anyhow::Result<()> {
        let found = reader.invite_targets(&p)?;
        if found.is_empty() {
            bail!("--{flag}: nobody in the book {what}");
        }
        out.extend(found);
        Ok(())
    };
    for tag in &args.tag {
        let what = format!("has the tag '{}'", clean(tag.trim()));
        pick("tag", &what, InvitePick::Tag(tag.trim().to_string()))?;
    }
    for name in &args.org {
        let org = super::resolve::organization(tx, "org", name)?;
        pick("org", "", InvitePick::Organization(org.meta.id))?;
    }
    for country in &args.country {
        let code = crate::domain::country::parse(country)
            .map_err(|e| anyhow::anyhow!("--country: {e}"))?;
        let what = format!("is in {}", crate::domain::country::display(code));
        pick("country", &what, InvitePick::Country(code.to_string()))?;
    }
    for q in &args.search {
        let what = format!("matches '{}'", clean(q.trim()));
        pick("search", &what, InvitePick::Search(q.trim().to_string()))?;
    }
    for name in &args.contact {
        out.push(InviteeRef::Contact(
            super::resolve::contact(tx, "contact", name)?.meta.id,
        ));
    }
    Ok(out)
}

pub fn invite(store: &mut Store, args: &InviteArgs) -> anyhow::Result<Exit> {
    let role = InviteeRole::parse(&args.role).map_err(|e| anyhow::anyhow!("--role: {e}"))?;
    if args.tag.is_empty()
        && args.org.is_empty()
        && args.country.is_empty()
        && args.contact.is_empty()
        && args.search.is_empty()
    {
        bail!("say whom to invite: --tag, --org, --country, --contact or --search");
    }
    let (title, done) = store.write(|tx| -> anyhow::Result<_> {
        let event = find(tx, &args.event)?;
        let who = targets(tx, args)?;
        let done = tx.invite(event.meta.id, &who, role)?;
        Ok((event.title, done))
    })?;
    let already = match done.already {
        0 => String::new(),
        n => format!(" ({n} already invited, left as they were)"),
    };
    println!("invited {} to {}{already}", done.added, clean(&title));
    Ok(Exit::Success)
}

pub fn attend(store: &mut Store, args: &AttendArgs) -> anyhow::Result<Exit> {
    let status = match (&args.status, args.absent) {
        (Some(s), _) => InviteeStatus::parse(s).map_err(|e| anyhow::anyhow!("--status: {e}"))?,
        (None, true) => InviteeStatus::Absent,
        (None, false) => InviteeStatus::Attended,
    };
    let role = args
        .role
        .as_deref()
        .map(|r| InviteeRole::parse(r).map_err(|e| anyhow::anyhow!("--role: {e}")))
        .transpose()?;
    if args.contact.is_empty() && args.org.is_empty() {
        bail!("--contact: say who (a name or id; several after one --contact)");
    }
    let (title, marked, added) = store.write(|tx| -> anyhow::Result<_> {
        let event = find(tx, &args.event)?;
        let mut who = Vec::new();
        for name in &args.contact {
            who.push(InviteeRef::Contact(
                super::resolve::contact(tx, "contact", name)?.meta.id,
            ));
        }
        for name in &args.org {
            who.push(InviteeRef::Organization(
                super::resolve::organization(tx, "org", name)?.meta.id,
            ));
        }
        // Someone who came without an invitation is added to the list.
        let walk_ins: Vec<InviteeRef> = who
            .iter()
            .copied()
            .filter(|w| event.invitee(*w).is_none())
            .collect();
        let added = tx
            .invite(
                event.meta.id,
                &walk_ins,
                role.unwrap_or(InviteeRole::Participant),
            )?
            .added;
        for w in &who {
            tx.set_invitee_status(event.meta.id, *w, status)?;
            if let Some(role) = role {
                tx.set_invitee_role(event.meta.id, *w, role)?;
            }
        }
        Ok((event.title, who.len(), added))
    })?;
    let added = match added {
        0 => String::new(),
        n => format!(" ({n} not on the guest list, added)"),
    };
    println!(
        "marked {marked} {} at {}{added}",
        status.key(),
        clean(&title)
    );
    Ok(Exit::Success)
}
