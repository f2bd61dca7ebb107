//! Notes on contacts, organizations and projects: the bulk of the rows.

use chrono::{DateTime, Utc};

use crate::domain::*;
use crate::store::StoreError;

use super::Generator;
use super::data::*;

impl Generator<'_, '_> {
    pub(super) fn notes(
        &mut self,
        contacts: &[Id],
        orgs: &[(Id, &'static Place)],
        projects: &[(Id, &'static Place)],
    ) -> Result<(), StoreError> {
        let mut targets: Vec<NoteTarget> = Vec::new();
        for &c in contacts {
            for _ in 0..(8 + self.rng.below(5)) {
                targets.push(NoteTarget::Contact(c));
            }
        }
        targets.extend(orgs.iter().map(|(id, _)| NoteTarget::Organization(*id)));
        targets.extend(
            projects
                .iter()
                .flat_map(|(id, _)| [NoteTarget::Project(*id); 2]),
        );
        // Written oldest first, so ids (time-ordered UUIDv7) append to their
        // index instead of landing at random places in it.
        let mut dated: Vec<(DateTime<Utc>, NoteTarget)> =
            targets.into_iter().map(|t| (self.past(1000), t)).collect();
        dated.sort_by_key(|(at, _)| *at);
        let tx = self.tx;
        let notes = dated.into_iter().map(|(at, target)| {
            let body = [
                self.rng.pick(NOTE_OPENINGS),
                " ",
                self.rng.pick(NOTE_DETAILS),
            ]
            .concat();
            // Built directly: `Note::new` would draw a random id we replace.
            Note {
                meta: self.meta_at(at),
                target,
                body,
            }
        });
        self.summary.notes += tx.insert_notes(notes)?;
        Ok(())
    }
}
