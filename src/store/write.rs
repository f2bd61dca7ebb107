//! Writes. A `Tx` exists only inside `Store::write`, which opened it with
//! `BEGIN IMMEDIATE`; each method validates with the domain's rules first, so
//! a bad record is refused with the field named and nothing is written.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::error::{Result, StoreError};
use super::rows::{date_text, json_list, millis};
use crate::domain::text::{fold, phone_digits};
use crate::domain::*;

/// From how many new notes in one transaction they are indexed in bulk.
const BULK_NOTES: usize = 1000;

/// Ids are local data, not an attacker's: a fast hash instead of SipHash,
/// which showed in profiles of bulk writes (a lookup per row).
type FastHash = foldhash::fast::RandomState;
type FastSet<T> = HashSet<T, FastHash>;

/// A search-index update waiting for the commit.
enum Pending {
    Record {
        kind: RecordKind,
        id: Id,
        fresh: bool,
        /// The docs, built from the record as it was saved; `None` when it
        /// must be read back at the commit (changed again, or in the trash).
        docs: Option<Vec<super::search::Doc>>,
    },
    /// Notes (nine rows in ten) are indexed by their rowid, without a doc row.
    Note { rowid: i64, fresh: bool },
}

pub struct Tx<'c> {
    tx: Transaction<'c>,
    now: DateTime<Utc>,
    /// Records known to exist and not be in the trash, as of this transaction.
    /// Nobody else can write while we hold the IMMEDIATE lock, so a record
    /// saved or checked once stays live until this transaction deletes it;
    /// bulk writes (demo data, imports) skip a lookup per link this way.
    known_live: RefCell<FastSet<(RecordKind, Id)>>,
    /// Records whose search docs must be rewritten before the commit, with
    /// whether each is new. Indexing is batched at the end: FTS5 flushes its
    /// pending terms at every statement savepoint, and interleaving index
    /// writes with ordinary ones made bulk writes twenty times slower.
    to_index: RefCell<Vec<Pending>>,
    queued: RefCell<FastSet<Id>>,
    /// Indexes dropped for a bulk load: the SQL that creates them again.
    deferred_indexes: RefCell<Vec<String>>,
    /// Records are written exactly as given: their own `updated_at`, no
    /// automatic status history, links to records in the trash allowed.
    /// For reading back an export (`fieldbook import` of JSON).
    verbatim: std::cell::Cell<bool>,
    /// Organization names looked up or saved in this transaction.
    org_names: RefCell<HashMap<Id, String, FastHash>>,
}

impl<'c> Tx<'c> {
    pub(super) fn new(tx: Transaction<'c>) -> Tx<'c> {
        Tx {
            tx,
            now: Utc::now(),
            known_live: RefCell::default(),
            to_index: RefCell::new(Vec::new()),
            queued: RefCell::default(),
            deferred_indexes: RefCell::new(Vec::new()),
            verbatim: std::cell::Cell::new(false),
            org_names: RefCell::default(),
        }
    }

    /// From now on in this transaction, write records exactly as given (see
    /// `verbatim`); status history comes through `insert_status_change`.
    pub fn write_verbatim(&self) {
        self.verbatim.set(true);
    }

    fn updated_stamp(&self, meta: &Meta) -> i64 {
        if self.verbatim.get() {
            millis(meta.updated_at)
        } else {
            millis(self.now)
        }
    }

    /// Adds one exported status change as it was (verbatim imports).
    pub fn insert_status_change(&self, change: &StatusChange) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO project_status_history
                    (id, project_id, from_status, to_status, changed_at, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                change.id,
                change.project_id,
                change.from.map(|s| s.key()),
                change.to.key(),
                millis(change.changed_at),
                change.reason,
            ])?;
        Ok(())
    }

    /// For a bulk load into an empty book: drops the secondary indexes of
    /// `tables` now and builds them again at the commit. Building an index
    /// in one sorted pass is several times faster than a million random
    /// inserts into it (demo notes: 11 s down to 4 s). Unique indexes stay:
    /// they refuse duplicates. Only for tables the load does not look up by
    /// those indexes: a lookup would scan the table instead.
    pub fn defer_indexes(&self, tables: &[&str]) -> Result<()> {
        let mut indexes: Vec<(String, String)> = Vec::new();
        for table in tables {
            let mut stmt = self.tx.prepare_cached(
                "SELECT name, sql FROM sqlite_schema
                 WHERE type = 'index' AND tbl_name = ?1
                   AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
            )?;
            let rows = stmt.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?;
            indexes.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        for (name, sql) in indexes {
            // Names come from the schema itself; DROP INDEX takes no parameters.
            self.tx
                .execute_batch(&["DROP INDEX ", &quote_identifier(&name)].concat())?;
            self.deferred_indexes.borrow_mut().push(sql);
        }
        Ok(())
    }

    fn recreate_indexes(&self) -> Result<()> {
        for sql in self.deferred_indexes.take() {
            self.tx.execute_batch(&sql)?;
        }
        Ok(())
    }

    /// Brings the search index up to date, then commits: the index changes
    /// with the records, in the same transaction.
    pub(super) fn commit(self) -> Result<()> {
        self.recreate_indexes()?;
        let mut pending = self.to_index.take();
        // Many new notes (demo data, imports): one statement for all of them.
        let fresh_notes: Vec<i64> = pending
            .iter()
            .filter_map(|p| match p {
                Pending::Note { rowid, fresh: true } => Some(*rowid),
                _ => None,
            })
            .collect();
        if fresh_notes.len() >= BULK_NOTES {
            let first = fresh_notes.iter().copied().min().unwrap_or(i64::MAX);
            if super::search::notes_from(&self.tx, first)? == fresh_notes.len() as i64 {
                super::search::index_new_notes_from(&self.tx, first)?;
                pending.retain(|p| !matches!(p, Pending::Note { fresh: true, .. }));
            }
        }
        let mut batch = super::search::IndexBatch::default();
        for pending in pending {
            match pending {
                Pending::Record {
                    kind,
                    id,
                    fresh,
                    docs,
                } => super::search::reindex(&self.tx, kind, id, fresh, docs, &mut batch)?,
                Pending::Note { rowid, fresh } => {
                    super::search::reindex_note(&self.tx, rowid, fresh)?
                }
            }
        }
        batch.write(&self.tx)?;
        Ok(self.tx.commit()?)
    }

    fn mark_for_index(&self, kind: RecordKind, id: Id, fresh: bool) {
        if kind == RecordKind::Note {
            // Notes are indexed by rowid; find it.
            if let Ok(Some(rowid)) = self.reader().list_key_of(kind, id) {
                self.queue_index(Pending::Note { rowid, fresh }, id);
            }
            return;
        }
        self.queue_index(
            Pending::Record {
                kind,
                id,
                fresh,
                docs: None,
            },
            id,
        );
    }

    /// Queues a record for the index with its docs built from the record
    /// as saved, so the commit need not read it back (bulk writes save
    /// hundreds of thousands). A record in the trash is only unindexed.
    fn index_as_saved(
        &self,
        kind: RecordKind,
        id: Id,
        fresh: bool,
        meta: &Meta,
        docs: impl FnOnce() -> Vec<super::search::Doc>,
    ) {
        if meta.deleted_at.is_some() {
            self.mark_for_index(kind, id, fresh);
            return;
        }
        let docs = Some(docs());
        self.queue_index(
            Pending::Record {
                kind,
                id,
                fresh,
                docs,
            },
            id,
        );
    }

    fn queue_index(&self, pending: Pending, id: Id) {
        if self.queued.borrow_mut().insert(id) {
            self.to_index.borrow_mut().push(pending);
            return;
        }
        // Saved twice in one transaction: it is no longer fresh.
        for entry in self.to_index.borrow_mut().iter_mut() {
            match entry {
                Pending::Record {
                    id: other,
                    fresh,
                    docs,
                    ..
                } if *other == id => {
                    // Saved again: read it back at the commit, as it is then.
                    *fresh = false;
                    *docs = None;
                }
                Pending::Note { rowid, fresh } if matches!(pending, Pending::Note { rowid: r, .. } if r == *rowid) => {
                    *fresh = false
                }
                _ => {}
            }
        }
    }

    /// The instant this transaction stamps on what it writes.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Inserts the organization, or updates it if its id exists.
    pub fn save_organization(&self, o: &Organization) -> Result<()> {
        o.validate()
            .map_err(|e| StoreError::invalid(RecordKind::Organization, e))?;
        self.tx
            .prepare_cached(
                "INSERT INTO organizations (id, name, sort_key, kind, country, city, website, tags,
                                            created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (id) DO UPDATE SET
                    name = excluded.name, sort_key = excluded.sort_key, kind = excluded.kind,
                    country = excluded.country, city = excluded.city, website = excluded.website,
                    tags = excluded.tags, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at",
            )?
            .execute(params![
                o.meta.id,
                o.name.trim(),
                fold(o.name.trim()),
                o.kind.key(),
                o.country,
                o.city,
                o.website,
                json_list(&o.tags),
                millis(o.meta.created_at),
                self.updated_stamp(&o.meta),
                o.meta.deleted_at.map(millis),
            ])?;
        if o.meta.deleted_at.is_none() {
            self.mark_live(RecordKind::Organization, o.meta.id);
        }
        self.org_names
            .borrow_mut()
            .insert(o.meta.id, o.name.trim().to_string());
        self.index_as_saved(RecordKind::Organization, o.meta.id, false, &o.meta, || {
            super::search::organization_docs(o)
        });
        // Its people are found by its name too.
        let members: Vec<Id> = self
            .tx
            .prepare_cached(
                "SELECT id FROM contacts WHERE organization_id = ?1 AND deleted_at IS NULL",
            )?
            .query_map([o.meta.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for member in members {
            self.mark_for_index(RecordKind::Contact, member, false);
        }
        Ok(())
    }

    /// Inserts the contact, or updates it (phones and e-mails replaced).
    pub fn save_contact(&self, c: &Contact) -> Result<()> {
        c.validate()
            .map_err(|e| StoreError::invalid(RecordKind::Contact, e))?;
        if let Some(org) = c.organization_id {
            self.ensure_live(RecordKind::Contact, "org", RecordKind::Organization, org)?;
        }
        // A new contact has no phones or e-mails to replace: skip two deletes
        // (a third of the statements when loading many contacts).
        let existed = self
            .tx
            .prepare_cached("SELECT 1 FROM contacts WHERE id = ?1")?
            .query_row([c.meta.id], |_| Ok(()))
            .optional()?
            .is_some();
        self.tx
            .prepare_cached(
                "INSERT INTO contacts (id, display_name, sort_key, native_name, reading,
                                       organization_id, role, languages, country, city, tags,
                                       created_at, updated_at, deleted_at, uid, nickname)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
                 ON CONFLICT (id) DO UPDATE SET
                    display_name = excluded.display_name, sort_key = excluded.sort_key,
                    native_name = excluded.native_name, reading = excluded.reading,
                    organization_id = excluded.organization_id, role = excluded.role,
                    languages = excluded.languages, country = excluded.country,
                    city = excluded.city, tags = excluded.tags, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at,
                    uid = excluded.uid, nickname = excluded.nickname",
            )?
            .execute(params![
                c.meta.id,
                c.display_name.trim(),
                fold(c.display_name.trim()),
                c.native_name,
                c.reading,
                c.organization_id,
                c.role,
                json_list(&c.languages),
                c.country,
                c.city,
                json_list(&c.tags),
                millis(c.meta.created_at),
                self.updated_stamp(&c.meta),
                c.meta.deleted_at.map(millis),
                c.uid,
                c.nickname,
            ])?;
        if existed {
            self.tx
                .prepare_cached("DELETE FROM contact_phones WHERE contact_id = ?1")?
                .execute([c.meta.id])?;
        }
        let mut phone = self.tx.prepare_cached(
            "INSERT INTO contact_phones (contact_id, position, label, value, digits)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (i, p) in c.phones.iter().enumerate() {
            phone.execute(params![
                c.meta.id,
                i as i64,
                p.label,
                p.value.trim(),
                phone_digits(&p.value)
            ])?;
        }
        if existed {
            self.tx
                .prepare_cached("DELETE FROM contact_emails WHERE contact_id = ?1")?
                .execute([c.meta.id])?;
        }
        let mut email = self.tx.prepare_cached(
            "INSERT INTO contact_emails (contact_id, position, label, value) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (i, e) in c.emails.iter().enumerate() {
            email.execute(params![c.meta.id, i as i64, e.label, e.value.trim()])?;
        }
        if c.meta.deleted_at.is_none() {
            self.mark_live(RecordKind::Contact, c.meta.id);
        }
        let org = match c.meta.deleted_at {
            None => self.organization_name(c.organization_id)?,
            Some(_) => None,
        };
        self.index_as_saved(RecordKind::Contact, c.meta.id, !existed, &c.meta, || {
            super::search::contact_docs(c, org.as_deref())
        });
        Ok(())
    }

    /// Inserts the project, or updates it (partners replaced). A new project
    /// starts its status history; a changed status is appended to it.
    pub fn save_project(&self, p: &Project) -> Result<()> {
        p.validate()
            .map_err(|e| StoreError::invalid(RecordKind::Project, e))?;
        if let Some(org) = p.implementing_org_id {
            self.ensure_live(RecordKind::Project, "org", RecordKind::Organization, org)?;
        }
        for org in &p.partner_org_ids {
            self.ensure_live(
                RecordKind::Project,
                "partners",
                RecordKind::Organization,
                *org,
            )?;
        }
        if let Some(code) = &p.ref_code {
            self.ensure_ref_code_free(p.meta.id, code)?;
        }
        let previous: Option<String> = self
            .tx
            .prepare_cached("SELECT status FROM projects WHERE id = ?1")?
            .query_row([p.meta.id], |r| r.get(0))
            .optional()?;
        self.tx
            .prepare_cached(
                "INSERT INTO projects (id, ref_code, title, sort_key, implementing_org_id,
                    host_country, site, sector, programme_type, start_date, end_date,
                    budget_hundredths, budget_currency, summary, status, status_rank,
                    created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17, ?18, ?19)
                 ON CONFLICT (id) DO UPDATE SET
                    ref_code = excluded.ref_code, title = excluded.title,
                    sort_key = excluded.sort_key,
                    implementing_org_id = excluded.implementing_org_id,
                    host_country = excluded.host_country, site = excluded.site,
                    sector = excluded.sector, programme_type = excluded.programme_type,
                    start_date = excluded.start_date, end_date = excluded.end_date,
                    budget_hundredths = excluded.budget_hundredths,
                    budget_currency = excluded.budget_currency, summary = excluded.summary,
                    status = excluded.status, status_rank = excluded.status_rank,
                    updated_at = excluded.updated_at, deleted_at = excluded.deleted_at",
            )?
            .execute(params![
                p.meta.id,
                p.ref_code.as_deref().map(str::trim),
                p.title.trim(),
                fold(p.title.trim()),
                p.implementing_org_id,
                p.host_country,
                p.site,
                p.sector,
                p.programme_type.map(|t| t.key()),
                p.start_date.map(date_text),
                p.end_date.map(date_text),
                p.budget.map(|b| b.hundredths),
                p.budget.map(|b| b.currency.to_string()),
                p.summary,
                p.status.key(),
                status_rank(p.status),
                millis(p.meta.created_at),
                self.updated_stamp(&p.meta),
                p.meta.deleted_at.map(millis),
            ])?;
        if previous.is_some() {
            self.tx
                .prepare_cached("DELETE FROM project_partners WHERE project_id = ?1")?
                .execute([p.meta.id])?;
        }
        let mut partner = self.tx.prepare_cached(
            "INSERT INTO project_partners (project_id, organization_id, position) VALUES (?1, ?2, ?3)",
        )?;
        for (i, org) in p.partner_org_ids.iter().enumerate() {
            partner.execute(params![p.meta.id, org, i as i64])?;
        }
        let fresh = previous.is_none();
        match previous {
            _ if self.verbatim.get() => {}
            None => {
                self.append_status_change(p.meta.id, None, p.status, p.meta.created_at, None)?;
            }
            Some(old) if old != p.status.key() => {
                let from = ProjectStatus::parse(&old).ok();
                self.append_status_change(p.meta.id, from, p.status, self.now, None)?;
            }
            Some(_) => {}
        }
        if p.meta.deleted_at.is_none() {
            self.mark_live(RecordKind::Project, p.meta.id);
        }
        self.index_as_saved(RecordKind::Project, p.meta.id, fresh, &p.meta, || {
            super::search::project_docs(p)
        });
        Ok(())
    }

    /// Moves a project to `to`, recording why. Returns `None` (and writes
    /// nothing) when the project already has that status.
    pub fn set_project_status(
        &self,
        project_id: Id,
        to: ProjectStatus,
        reason: Option<&str>,
    ) -> Result<Option<StatusChange>> {
        self.set_project_status_at(project_id, to, reason, self.now)
    }

    /// As `set_project_status`, at a given instant (demo data and imports).
    pub fn set_project_status_at(
        &self,
        project_id: Id,
        to: ProjectStatus,
        reason: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<Option<StatusChange>> {
        let current: String = self
            .tx
            .prepare_cached("SELECT status FROM projects WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row([project_id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound {
                kind: RecordKind::Project,
                id: project_id,
            })?;
        let from = ProjectStatus::parse(&current).ok();
        if from == Some(to) {
            return Ok(None);
        }
        self.tx
            .prepare_cached(
                "UPDATE projects SET status = ?2, status_rank = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![
                project_id,
                to.key(),
                status_rank(to),
                millis(self.now)
            ])?;
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        self.append_status_change(project_id, from, to, at, reason)
            .map(Some)
    }

    fn append_status_change(
        &self,
        project_id: Id,
        from: Option<ProjectStatus>,
        to: ProjectStatus,
        at: DateTime<Utc>,
        reason: Option<&str>,
    ) -> Result<StatusChange> {
        let change = StatusChange {
            id: new_id(),
            project_id,
            from,
            to,
            changed_at: at,
            reason: reason.map(str::to_string),
        };
        self.insert_status_change(&change)?;
        Ok(change)
    }

    /// Inserts the visit, or updates it (participants replaced).
    pub fn save_visit(&self, v: &Visit) -> Result<()> {
        v.validate()
            .map_err(|e| StoreError::invalid(RecordKind::Visit, e))?;
        if let Some(project) = v.project_id {
            self.ensure_live(RecordKind::Visit, "project", RecordKind::Project, project)?;
        }
        for contact in &v.participant_ids {
            self.ensure_live(
                RecordKind::Visit,
                "participants",
                RecordKind::Contact,
                *contact,
            )?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO visits (id, date, place, purpose, project_id, observations, issues,
                                     created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (id) DO UPDATE SET
                    date = excluded.date, place = excluded.place, purpose = excluded.purpose,
                    project_id = excluded.project_id, observations = excluded.observations,
                    issues = excluded.issues, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at",
            )?
            .execute(params![
                v.meta.id,
                date_text(v.date),
                v.place,
                v.purpose.key(),
                v.project_id,
                v.observations,
                v.issues,
                millis(v.meta.created_at),
                self.updated_stamp(&v.meta),
                v.meta.deleted_at.map(millis),
            ])?;
        self.tx
            .prepare_cached("DELETE FROM visit_participants WHERE visit_id = ?1")?
            .execute([v.meta.id])?;
        let mut participant = self.tx.prepare_cached(
            "INSERT INTO visit_participants (visit_id, contact_id, position) VALUES (?1, ?2, ?3)",
        )?;
        for (i, contact) in v.participant_ids.iter().enumerate() {
            participant.execute(params![v.meta.id, contact, i as i64])?;
        }
        if v.meta.deleted_at.is_none() {
            self.mark_live(RecordKind::Visit, v.meta.id);
        }
        self.index_as_saved(RecordKind::Visit, v.meta.id, false, &v.meta, || {
            super::search::visit_docs(v)
        });
        Ok(())
    }

    pub fn save_follow_up(&self, f: &FollowUp) -> Result<()> {
        f.validate()
            .map_err(|e| StoreError::invalid(RecordKind::FollowUp, e))?;
        let owner = match f.owner {
            Owner::Officer => None,
            Owner::Contact(id) => {
                self.ensure_live(RecordKind::FollowUp, "owner", RecordKind::Contact, id)?;
                Some(id)
            }
        };
        if let Some(id) = f.visit_id {
            self.ensure_live(RecordKind::FollowUp, "visit", RecordKind::Visit, id)?;
        }
        if let Some(id) = f.project_id {
            self.ensure_live(RecordKind::FollowUp, "project", RecordKind::Project, id)?;
        }
        if let Some(id) = f.contact_id {
            self.ensure_live(RecordKind::FollowUp, "contact", RecordKind::Contact, id)?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO follow_ups (id, text, owner_contact_id, due_date, done_at, visit_id,
                                         project_id, contact_id, created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (id) DO UPDATE SET
                    text = excluded.text, owner_contact_id = excluded.owner_contact_id,
                    due_date = excluded.due_date, done_at = excluded.done_at,
                    visit_id = excluded.visit_id, project_id = excluded.project_id,
                    contact_id = excluded.contact_id, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at",
            )?
            .execute(params![
                f.meta.id,
                f.text.trim(),
                owner,
                f.due_date.map(date_text),
                f.done_at.map(millis),
                f.visit_id,
                f.project_id,
                f.contact_id,
                millis(f.meta.created_at),
                self.updated_stamp(&f.meta),
                f.meta.deleted_at.map(millis),
            ])?;
        self.index_as_saved(RecordKind::FollowUp, f.meta.id, false, &f.meta, || {
            super::search::follow_up_docs(f)
        });
        Ok(())
    }

    /// Inserts the note, or updates it if its id exists.
    pub fn save_note(&self, n: &Note) -> Result<()> {
        let existing: Option<i64> = self
            .tx
            .prepare_cached("SELECT rowid FROM notes WHERE id = ?1")?
            .query_row([n.meta.id], |r| r.get(0))
            .optional()?;
        self.write_note(n, existing)
    }

    /// Inserts a new note (a note with this id must not exist).
    pub fn insert_note(&self, n: &Note) -> Result<()> {
        self.insert_notes([n]).map(|_| ())
    }

    /// Inserts new notes (none of these ids may exist) through one prepared
    /// statement, without the lookup `save_note` makes: the bulk path for
    /// demo data, imports and restores, where it counts a million times.
    pub fn insert_notes<N: Borrow<Note>>(
        &self,
        notes: impl IntoIterator<Item = N>,
    ) -> Result<usize> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO notes (id, organization_id, contact_id, project_id, visit_id, body,
                                created_at, updated_at, deleted_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut count = 0;
        for n in notes {
            let n = n.borrow();
            self.execute_note(&mut stmt, n)?;
            // Not remembered in `queued`: the primary key refuses this id a
            // second time, and a later `save_note` of it queues it again.
            self.to_index.borrow_mut().push(Pending::Note {
                rowid: self.tx.last_insert_rowid(),
                fresh: true,
            });
            count += 1;
        }
        Ok(count)
    }

    fn write_note(&self, n: &Note, existing: Option<i64>) -> Result<()> {
        let sql = if existing.is_some() {
            "UPDATE notes SET organization_id = ?2, contact_id = ?3, project_id = ?4,
                visit_id = ?5, body = ?6, updated_at = ?8, deleted_at = ?9
             WHERE id = ?1"
        } else {
            "INSERT INTO notes (id, organization_id, contact_id, project_id, visit_id, body,
                                created_at, updated_at, deleted_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        };
        let mut stmt = self.tx.prepare_cached(sql)?;
        self.execute_note(&mut stmt, n)?;
        let rowid = existing.unwrap_or_else(|| self.tx.last_insert_rowid());
        self.queue_index(
            Pending::Note {
                rowid,
                fresh: existing.is_none(),
            },
            n.meta.id,
        );
        Ok(())
    }

    /// Validates the note and runs `stmt` (an INSERT or UPDATE numbering its
    /// parameters as `write_note` does) with its values.
    fn execute_note(&self, stmt: &mut rusqlite::Statement<'_>, n: &Note) -> Result<()> {
        n.validate()
            .map_err(|e| StoreError::invalid(RecordKind::Note, e))?;
        self.ensure_live(
            RecordKind::Note,
            n.target.kind().label(),
            n.target.kind(),
            n.target.id(),
        )?;
        let (org, contact, project, visit) = match n.target {
            NoteTarget::Organization(id) => (Some(id), None, None, None),
            NoteTarget::Contact(id) => (None, Some(id), None, None),
            NoteTarget::Project(id) => (None, None, Some(id), None),
            NoteTarget::Visit(id) => (None, None, None, Some(id)),
        };
        stmt.execute(params![
            n.meta.id,
            org,
            contact,
            project,
            visit,
            n.body,
            millis(n.meta.created_at),
            self.updated_stamp(&n.meta),
            n.meta.deleted_at.map(millis),
        ])?;
        Ok(())
    }

    /// Moves a record to the trash (or back out of it with `deleted = false`).
    /// Returns false when there was no such record.
    pub fn set_deleted(&self, kind: RecordKind, id: Id, deleted: bool) -> Result<bool> {
        let sql = match kind {
            RecordKind::Organization => {
                "UPDATE organizations SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1"
            }
            RecordKind::Contact => {
                "UPDATE contacts SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1"
            }
            RecordKind::Project => {
                "UPDATE projects SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1"
            }
            RecordKind::Visit => "UPDATE visits SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1",
            RecordKind::FollowUp => {
                "UPDATE follow_ups SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1"
            }
            RecordKind::Note => "UPDATE notes SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1",
        };
        let stamp = deleted.then(|| millis(self.now));
        self.known_live.borrow_mut().remove(&(kind, id));
        let changed = self
            .tx
            .prepare_cached(sql)?
            .execute(params![id, stamp, millis(self.now)])?;
        if changed == 1 {
            self.mark_for_index(kind, id, false);
        }
        Ok(changed == 1)
    }

    /// Keeps what an editor holds, replacing the slot's previous draft.
    pub fn save_draft(&self, slot: &str, payload: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO drafts (slot, payload, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (slot) DO UPDATE SET payload = excluded.payload,
                 updated_at = excluded.updated_at",
            )?
            .execute(params![slot, payload, millis(self.now)])?;
        Ok(())
    }

    pub fn discard_draft(&self, slot: &str) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM drafts WHERE slot = ?1")?
            .execute([slot])?;
        Ok(())
    }

    /// Refuses a link to a record that does not exist or is in the trash,
    /// naming the field, instead of SQLite's bare "FOREIGN KEY constraint failed".
    fn ensure_live(
        &self,
        owner: RecordKind,
        field: &str,
        target: RecordKind,
        id: Id,
    ) -> Result<()> {
        if self.known_live.borrow().contains(&(target, id)) {
            return Ok(());
        }
        if self.reader().is_live(target, id)? {
            self.mark_live(target, id);
            return Ok(());
        }
        if self.verbatim.get() && self.reader().exists(target, id)? {
            return Ok(());
        }
        let mut errors = Invalid::default();
        errors.push(
            field,
            format!(
                "no {} with id {id} (it may be in the trash)",
                target.label()
            ),
        );
        Err(StoreError::invalid(owner, errors))
    }

    /// An organization's name, remembered for the rest of the transaction.
    fn organization_name(&self, id: Option<Id>) -> Result<Option<String>> {
        let Some(id) = id else { return Ok(None) };
        if let Some(name) = self.org_names.borrow().get(&id) {
            return Ok(Some(name.clone()));
        }
        let name: Option<String> = self
            .tx
            .prepare_cached("SELECT name FROM organizations WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        if let Some(name) = &name {
            self.org_names.borrow_mut().insert(id, name.clone());
        }
        Ok(name)
    }

    fn mark_live(&self, kind: RecordKind, id: Id) {
        self.known_live.borrow_mut().insert((kind, id));
    }

    fn ensure_ref_code_free(&self, project_id: Id, code: &str) -> Result<()> {
        let holder: Option<String> = self
            .tx
            .prepare_cached(
                "SELECT title FROM projects
                 WHERE ref_code = ?1 AND id <> ?2 AND deleted_at IS NULL LIMIT 1",
            )?
            .query_row(params![code.trim(), project_id], |r| r.get(0))
            .optional()?;
        match holder {
            None => Ok(()),
            Some(title) => {
                let mut errors = Invalid::default();
                errors.push(
                    "ref",
                    format!("'{}' is already used by project '{title}'", code.trim()),
                );
                Err(StoreError::invalid(RecordKind::Project, errors))
            }
        }
    }

    /// Reads within the transaction (for read-then-write logic in callers).
    pub fn reader(&self) -> super::read::Reader<'_> {
        super::read::Reader::new(&self.tx)
    }

    /// The open transaction, for the store's other modules (`imports`).
    pub(super) fn sql(&self) -> &Transaction<'c> {
        &self.tx
    }
}

fn status_rank(s: ProjectStatus) -> i64 {
    ProjectStatus::ALL.iter().position(|x| *x == s).unwrap_or(0) as i64
}

/// `"name"` with inner quotes doubled: an identifier SQLite reads back as is.
fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
