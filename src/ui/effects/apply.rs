//! The writes the UI asks for, each in one transaction, with what to tell
//! the person and the write that undoes it.

use crate::store::Store;
use crate::ui::form::Built;
use crate::ui::state::Write;

/// The record to select after a write: one just created or restored.
pub(super) fn shown_after(write: &Write) -> Option<crate::store::views::Link> {
    use crate::store::views::Link;
    match write {
        Write::SetDeleted {
            kind,
            id,
            deleted: false,
        } => Some(Link {
            kind: *kind,
            id: *id,
        }),
        Write::SaveRecord { built, .. } => {
            let (kind, id) = built.kind_and_id();
            Some(Link { kind, id })
        }
        Write::LogVisit { visit, .. } => Some(Link {
            kind: crate::domain::RecordKind::Visit,
            id: visit.meta.id,
        }),
        _ => None,
    }
}

/// Makes a change in one transaction; returns what to tell the person and
/// the change that undoes it.
pub(super) fn apply(store: &mut Store, write: &Write) -> anyhow::Result<(String, Option<Write>)> {
    Ok(match write.clone() {
        Write::SaveRecord { built, previous } => {
            let slot = crate::ui::editor::RECORD_SLOT;
            // No previous version but one in the book: this is an undo.
            let undid = match previous {
                None => crate::ui::form::changes::undo_message(&store.read(), &built)?,
                Some(_) => None,
            };
            store.write(|tx| -> crate::store::Result<()> {
                match built.as_ref() {
                    Built::Organization(o) => tx.save_organization(o)?,
                    Built::Contact(c, org) => {
                        if let Some(org) = org {
                            tx.save_organization(org)?;
                        }
                        tx.save_contact(c)?
                    }
                    Built::Project(p, orgs) => {
                        for org in orgs {
                            tx.save_organization(org)?;
                        }
                        tx.save_project(p)?
                    }
                    Built::FollowUp(f) => tx.save_follow_up(f)?,

                    Built::Registration(r) => tx.save_registration(r)?,
                    Built::Consultation(c, org) => {
                        if let Some(org) = org {
                            tx.save_organization(org)?;
                        }
                        tx.save_consultation(c)?
                    }
                    Built::Event(e, org) => {
                        if let Some(org) = org {
                            tx.save_organization(org)?;
                        }
                        tx.save_event(&with_guests_of_book(tx, e)?)?
                    }
                    Built::Deliverable(d, org) => {
                        if let Some(org) = org {
                            tx.save_organization(org)?;
                        }
                        tx.save_deliverable(d)?
                    }
                }
                tx.discard_draft(slot)
            })?;
            let (kind, id) = built.kind_and_id();
            let undo = match previous {
                Some(prev) => Write::SaveRecord {
                    built: prev,
                    previous: None,
                },
                None => Write::SetDeleted {
                    kind,
                    id,
                    deleted: true,
                },
            };
            let said = undid.unwrap_or_else(|| format!("{} saved", kind.label()));
            (said, Some(undo))
        }
        Write::AddNote { note } => {
            let slot = crate::ui::editor::NOTE_SLOT;
            let previous = store.read().note(note.meta.id)?;
            store.write(|tx| -> crate::store::Result<()> {
                tx.save_note(&note)?;
                tx.discard_draft(slot)
            })?;
            let undo = match previous {
                Some(p) => Write::AddNote { note: p },
                None => Write::SetDeleted {
                    kind: crate::domain::RecordKind::Note,
                    id: note.meta.id,
                    deleted: true,
                },
            };
            ("note saved".to_string(), Some(undo))
        }
        Write::LogVisit { visit, follow_ups } => {
            let slot = crate::ui::editor::VISIT_SLOT;
            let previous = store.read().visit(visit.meta.id)?;
            store.write(|tx| -> crate::store::Result<()> {
                tx.save_visit(&visit)?;
                for f in &follow_ups {
                    tx.save_follow_up(f)?;
                }
                tx.discard_draft(slot)
            })?;
            let undo = match previous {
                Some(p) => Write::LogVisit {
                    visit: Box::new(p),
                    follow_ups: Vec::new(),
                },
                None => Write::Trash {
                    items: std::iter::once((crate::domain::RecordKind::Visit, visit.meta.id))
                        .chain(
                            follow_ups
                                .iter()
                                .map(|f| (crate::domain::RecordKind::FollowUp, f.meta.id)),
                        )
                        .collect(),
                },
            };
            let with = match follow_ups.len() {
                0 => String::new(),
                1 => " with 1 follow-up".into(),
                n => format!(" with {n} follow-ups"),
            };
            (
                format!("visit of {} logged{with}", visit.date.format("%Y-%m-%d")),
                Some(undo),
            )
        }
        Write::Trash { items } => {
            store.write(|tx| -> crate::store::Result<()> {
                for (kind, id) in &items {
                    tx.set_deleted(*kind, *id, true)?;
                }
                Ok(())
            })?;
            (
                format!("{} records moved to the trash", items.len()),
                Some(Write::Restore { items }),
            )
        }
        Write::Restore { items } => {
            store.write(|tx| -> crate::store::Result<()> {
                for (kind, id) in &items {
                    tx.set_deleted(*kind, *id, false)?;
                }
                Ok(())
            })?;
            (
                format!("{} records restored", items.len()),
                Some(Write::Trash { items }),
            )
        }
        Write::DiscardDraft { slot } => {
            store.write(|tx| tx.discard_draft(slot))?;
            ("nothing saved".to_string(), None)
        }
        Write::SetDone { id, done } => {
            let text = store.write(|tx| -> anyhow::Result<String> {
                let mut f = tx
                    .reader()
                    .follow_up(id)?
                    .ok_or_else(|| anyhow::anyhow!("that follow-up is gone"))?;
                f.done_at = done.then(|| tx.now());
                tx.save_follow_up(&f)?;
                Ok(f.text)
            })?;
            let verb = if done { "done" } else { "open again" };
            (
                format!("follow-up {verb}: {}", crate::ui::text::clean(&text)),
                Some(Write::SetDone { id, done: !done }),
            )
        }
        Write::SetStatus {
            project,
            to,
            reason,
        } => {
            let change = store.write(|tx| tx.set_project_status(project, to, reason.as_deref()))?;
            match change {
                Some(c) => {
                    let from = c.from.unwrap_or(to);
                    (
                        format!("status: {} -> {}", from.label(), to.label()),
                        Some(Write::SetStatus {
                            project,
                            to: from,
                            reason: Some("undone".into()),
                        }),
                    )
                }
                None => (format!("already {}", to.label()), None),
            }
        }
        Write::Event(w) => crate::ui::event_writes::apply(store, &w)?,
        Write::AddSchedule { project, proposals } => {
            super::deliverables::add_schedule(store, project, &proposals)?
        }
        Write::SetDeliverable { deliverable } => super::deliverables::restore(store, &deliverable)?,

        Write::Resolve { key, choice } => (
            crate::sync::review::resolve(store, &key, &choice)?.line(),
            None,
        ),
        Write::Merge { kind, keep, gone } => {
            let done = crate::ops::merge::merge(store, kind, keep, gone)?;
            let said = format!(
                "merged {} '{}' into '{}' (the second is in the trash)",
                kind.label(),
                done.gone_title,
                done.keep_title
            );
            (said, None)
        }
        Write::UndoImport { import } => {
            match crate::ops::import::undo(store, Some(import), &crate::ops::progress::Silent) {
                Ok(text) => (text, None),
                Err(refused) => anyhow::bail!(refused),
            }
        }
        Write::SetDeleted { kind, id, deleted } => {
            let done = store.write(|tx| tx.set_deleted(kind, id, deleted))?;
            if !done {
                anyhow::bail!("that {} is gone", kind.label());
            }
            let verb = if deleted {
                "moved to the trash"
            } else {
                "restored"
            };
            (
                format!("{} {verb}", kind.label()),
                Some(Write::SetDeleted {
                    kind,
                    id,
                    deleted: !deleted,
                }),
            )
        }
    })
}

/// An event from its form, with the guest list as the book has it now: the
/// form does not show the guests, so saving it (or undoing its edit) never
/// brings back guests invited or marked since it was opened.
fn with_guests_of_book(
    tx: &crate::store::Tx<'_>,
    e: &crate::domain::Event,
) -> crate::store::Result<crate::domain::Event> {
    let mut e = e.clone();
    if let Some(now) = tx.reader().event(e.meta.id)? {
        e.invitees = now.invitees;
    }
    Ok(e)
}
