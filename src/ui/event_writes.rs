//! The changes the event screens make to a guest list, each in one
//! transaction, with what to say and the change that undoes it: marking
//! someone's status (the attendance checklist) and inviting many at once
//! (the invite screen).

use crate::domain::text::{clean, fold};
use crate::domain::*;
use crate::store::Store;
use crate::store::views::InvitePick;

/// Whom the invite screen names, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InviteBy {
    #[default]
    Organization,
    Tag,
    Country,
    Search,
}

impl InviteBy {
    pub const ALL: [InviteBy; 4] = [
        InviteBy::Organization,
        InviteBy::Tag,
        InviteBy::Country,
        InviteBy::Search,
    ];

    pub fn label(self) -> &'static str {
        match self {
            InviteBy::Organization => "organization",
            InviteBy::Tag => "tag",
            InviteBy::Country => "country",
            InviteBy::Search => "search",
        }
    }

    pub fn next(self) -> InviteBy {
        let i = InviteBy::ALL.iter().position(|b| *b == self).unwrap_or(0);
        InviteBy::ALL[(i + 1) % InviteBy::ALL.len()]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventWrite {
    SetStatus {
        event: Id,
        who: InviteeRef,
        status: InviteeStatus,
        /// Whom it is about, for the message.
        name: String,
    },
    Invite {
        event: Id,
        by: InviteBy,
        text: String,
        role: InviteeRole,
    },
    /// Undoes an invitation of many.
    Uninvite { event: Id, who: Vec<InviteeRef> },
}

/// Makes the change; returns what to say and the change that undoes it.
pub fn apply(
    store: &mut Store,
    write: &EventWrite,
) -> anyhow::Result<(String, Option<super::state::Write>)> {
    let undo = |w: EventWrite| Some(super::state::Write::Event(w));
    Ok(match write.clone() {
        EventWrite::SetStatus {
            event,
            who,
            status,
            name,
        } => {
            let before = store
                .read()
                .event(event)?
                .and_then(|e| e.invitee(who).map(|i| i.status));
            let Some(before) = before else {
                anyhow::bail!("{} is not on the guest list any more", clean(&name));
            };
            store.write(|tx| tx.set_invitee_status(event, who, status))?;
            let said = format!("{}: {}", clean(&name), status.label().to_lowercase());
            let back = EventWrite::SetStatus {
                event,
                who,
                status: before,
                name,
            };
            (said, undo(back))
        }
        EventWrite::Invite {
            event,
            by,
            text,
            role,
        } => invite(store, event, by, &text, role)?,
        EventWrite::Uninvite { event, who } => {
            let n = store.write(|tx| -> crate::store::Result<usize> {
                let mut n = 0;
                for w in &who {
                    n += usize::from(tx.uninvite(event, *w)?);
                }
                Ok(n)
            })?;
            (format!("{n} taken off the guest list"), None)
        }
    })
}

fn invite(
    store: &mut Store,
    event: Id,
    by: InviteBy,
    text: &str,
    role: InviteeRole,
) -> anyhow::Result<(String, Option<super::state::Write>)> {
    let text = text.trim();
    if text.is_empty() {
        anyhow::bail!("type the {} to invite by", by.label());
    }
    let pick = match by {
        InviteBy::Organization => InvitePick::Organization(organization(store, text)?),
        InviteBy::Tag => InvitePick::Tag(text.to_string()),
        InviteBy::Country => {
            let code =
                crate::domain::country::parse(text).map_err(|e| anyhow::anyhow!("country: {e}"))?;
            InvitePick::Country(code.to_string())
        }
        InviteBy::Search => InvitePick::Search(text.to_string()),
    };
    let (title, targets, fresh) = {
        let r = store.read();
        let Some(e) = r.event(event)? else {
            anyhow::bail!("that event is gone");
        };
        let targets = r.invite_targets(&pick)?;
        let fresh: Vec<InviteeRef> = targets
            .iter()
            .copied()
            .filter(|w| e.invitee(*w).is_none())
            .collect();
        (e.title, targets, fresh)
    };
    if targets.is_empty() {
        anyhow::bail!("{}: nobody matches '{}'", by.label(), clean(text));
    }
    let done = store.write(|tx| tx.invite(event, &targets, role))?;
    let already = match done.already {
        0 => String::new(),
        n => format!(" ({n} already invited)"),
    };
    let said = format!("invited {} to {}{already}", done.added, clean(&title));
    let uninvite = super::state::Write::Event(EventWrite::Uninvite {
        event,
        who: fresh.clone(),
    });
    let undo = (!fresh.is_empty()).then_some(uninvite);
    Ok((said, undo))
}

/// The one live organization whose name folds to `name`'s folding.
fn organization(store: &Store, name: &str) -> anyhow::Result<Id> {
    let found = store.read().organizations_named(name)?;
    match found.as_slice() {
        [one] => Ok(one.meta.id),
        [] => anyhow::bail!("organization: none is named '{}'", clean(name)),
        many => anyhow::bail!(
            "organization: {} share the name '{}'; invite by search instead",
            many.len(),
            clean(&fold(name))
        ),
    }
}
