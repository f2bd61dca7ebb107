//! One desk's week of work, as the officer's writes: new organizations,
//! contacts and projects, edits of their fields, visits with participants
//! and follow-ups, follow-ups done, notes, status changes, some trash, and
//! now and then an edit of one of the head office's shared records, where
//! two desks editing one field in the same week race.

use chrono::{DateTime, NaiveDate, Utc};

use super::world::{HUB, Kind, Rng, World};
use crate::domain::*;
use crate::store::{Result, Store, StoreError};
use crate::sync::identity;

const CITIES: &[&str] = &[
    "Nairobi",
    "Kisumu",
    "Mombasa",
    "Nakuru",
    "Eldoret",
    "Dodoma",
    "Arusha",
    "Lusaka",
    "Ndola",
    "Dakar",
    "Thiès",
    "Saint-Louis",
    "Kaolack",
    "Ziguinchor",
];
const GIVEN: &[&str] = &[
    "Wanjiru",
    "Achieng",
    "Otieno",
    "Mwangi",
    "Aminata",
    "Moussa",
    "Fatou",
    "Chanda",
    "Mulenga",
    "Neema",
    "Baraka",
    "Ken'ichi",
    "Yuko",
    "Aïssatou",
    "Ibrahima",
];
const FAMILY: &[&str] = &[
    "Kamau", "Odhiambo", "Njoroge", "Ndiaye", "N'Diaye", "Diallo", "Banda", "Phiri", "Mushi",
    "Doi", "Sato", "Mbaye", "Sow", "Wekesa",
];
const ROLES: &[&str] = &[
    "Director",
    "Programme officer",
    "Field coordinator",
    "Accountant",
    "County health officer",
    "Lecturer",
    "Chairperson",
];
const WORDS: &[&str] = &[
    "water",
    "school",
    "farmers",
    "clinic",
    "youth",
    "women's group",
    "training",
    "borehole",
    "budget",
    "report",
    "delay",
    "partner",
];

/// What one desk did in one week.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub writes: usize,
    /// Edits of the head office's shared records (where races happen).
    pub shared_edits: usize,
    /// Writes the store refused (a generator mistake: 0 expected).
    pub refused: usize,
}

/// The simulated instant of a desk's `step`-th write of `steps` in `week`:
/// spread over five working days, desks a little apart.
pub fn instant(start_ms: i64, week: usize, desk: usize, step: usize, steps: usize) -> i64 {
    const DAY: i64 = 86_400_000;
    let week_ms = start_ms + week as i64 * 7 * DAY;
    week_ms + (step as i64 * 5 * DAY) / steps.max(1) as i64 + desk as i64 * 37_000
}

fn utc(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn day(ms: i64) -> NaiveDate {
    utc(ms).date_naive()
}

pub struct Desk<'a> {
    pub store: &'a mut Store,
    pub world: &'a mut World,
    pub rng: &'a mut Rng,
    pub desk: usize,
    pub week: usize,
    pub tally: Tally,
}

impl Desk<'_> {
    /// Does `steps` writes, each at its simulated instant.
    pub fn work(&mut self, start_ms: i64, steps: usize) -> Result<Tally> {
        for step in 0..steps {
            let now = instant(start_ms, self.week, self.desk, step, steps);
            identity::simulate_wall_clock(Some(now));
            match self.one(now) {
                Ok(()) => self.tally.writes += 1,
                Err(StoreError::Invalid { .. } | StoreError::NotFound { .. }) => {
                    self.tally.refused += 1
                }
                Err(e) => return Err(e),
            }
        }
        Ok(self.tally)
    }

    fn one(&mut self, now: i64) -> Result<()> {
        let roll = self.rng.below(100);
        match roll {
            0..10 => self.new_contact(),
            10..15 => self.new_org(),
            15..32 => self.edit_contact(),
            32..43 => self.edit_org(),
            43 => self.shared_edit(),
            44..56 => self.visit(now),
            56..64 => self.follow_up_done(now),
            64..82 => self.note(),
            82..86 => self.status(),
            86..88 => self.new_project(),
            _ => self.trash(),
        }
    }

    fn name(&mut self) -> String {
        format!("{} {}", self.rng.pick(GIVEN), self.rng.pick(FAMILY))
    }

    fn words(&mut self, n: usize) -> String {
        let w: Vec<&str> = (0..n).map(|_| *self.rng.pick(WORDS)).collect();
        format!(
            "{} (desk {}, week {})",
            w.join(" "),
            self.desk + 1,
            self.week + 1
        )
    }

    fn id_of(&self, at: usize) -> Id {
        self.world.rec(at).id
    }

    fn pick(&mut self, kind: Kind, others: u64) -> Option<usize> {
        self.world
            .pick(self.rng, kind, self.desk, self.week, others)
    }

    fn new_org(&mut self) -> Result<()> {
        let kinds = [
            OrgKind::LocalNgo,
            OrgKind::DonorNgo,
            OrgKind::LocalGovernment,
            OrgKind::University,
        ];
        let kind = *self.rng.pick(&kinds);
        let mut org = Organization::new(
            format!(
                "{} {} {}",
                self.rng.pick(CITIES),
                self.rng.pick(WORDS),
                self.rng.next_u64() % 10_000
            ),
            kind,
        );
        org.city = Some(self.rng.pick(CITIES).to_string());
        org.country = Some("KE".into());
        self.store.write(|tx| tx.save_organization(&org))?;
        self.world.add(Kind::Org, org.meta.id, self.desk, self.week);
        Ok(())
    }

    fn new_contact(&mut self) -> Result<()> {
        let mut c = Contact::new(self.name());
        c.organization_id = self.pick(Kind::Org, 30).map(|at| self.id_of(at));
        c.role = Some(self.rng.pick(ROLES).to_string());
        c.city = Some(self.rng.pick(CITIES).to_string());
        c.country = Some("KE".into());
        let n = self.rng.next_u64();
        c.phones.push(Phone {
            label: "mobile".into(),
            value: format!(
                "+254 7{:02} {:03} {:03}",
                n % 100,
                (n >> 8) % 1000,
                (n >> 20) % 1000
            ),
        });
        c.emails.push(Email {
            label: String::new(),
            value: format!("person{}@example.org", n % 1_000_000),
        });
        self.store.write(|tx| tx.save_contact(&c))?;
        self.world
            .add(Kind::Contact, c.meta.id, self.desk, self.week);
        Ok(())
    }

    fn new_project(&mut self) -> Result<()> {
        let mut p = Project::new(format!("{} for {}", self.words(2), self.rng.pick(CITIES)));
        p.implementing_org_id = self.pick(Kind::Org, 20).map(|at| self.id_of(at));
        p.host_country = Some("KE".into());
        self.store.write(|tx| tx.save_project(&p))?;
        self.world
            .add(Kind::Project, p.meta.id, self.desk, self.week);
        Ok(())
    }

    fn edit_contact(&mut self) -> Result<()> {
        let Some(at) = self.pick(Kind::Contact, 25) else {
            return self.new_contact();
        };
        let id = self.id_of(at);
        let Some(mut c) = self.store.read().contact(id)? else {
            return Ok(());
        };
        if self.rng.chance(50) {
            c.role = Some(format!("{} ({})", self.rng.pick(ROLES), self.week + 1));
        } else {
            c.city = Some(self.rng.pick(CITIES).to_string());
        }
        self.store.write(|tx| tx.save_contact(&c))
    }

    fn edit_org(&mut self) -> Result<()> {
        let Some(at) = self.pick(Kind::Org, 25) else {
            return self.new_org();
        };
        self.edit_org_at(at)
    }

    fn edit_org_at(&mut self, at: usize) -> Result<()> {
        let id = self.id_of(at);
        let Some(mut o) = self.store.read().organization(id)? else {
            return Ok(());
        };
        if self.rng.chance(50) {
            o.city = Some(format!(
                "{} (desk {})",
                self.rng.pick(CITIES),
                self.desk + 1
            ));
        } else {
            o.website = Some(format!(
                "https://desk{}-week{}.example.org",
                self.desk + 1,
                self.week + 1
            ));
        }
        self.store.write(|tx| tx.save_organization(&o))
    }

    /// An edit of a head-office organization every desk works with.
    fn shared_edit(&mut self) -> Result<()> {
        let Some(at) = self.world.pick_shared(self.rng, Kind::Org) else {
            return self.edit_org();
        };
        self.tally.shared_edits += 1;
        self.edit_org_at(at)
    }

    fn visit(&mut self, now: i64) -> Result<()> {
        let purposes = [
            Purpose::Monitoring,
            Purpose::Formulation,
            Purpose::Consultation,
            Purpose::Forum,
        ];
        let mut v = Visit::new(day(now), *self.rng.pick(&purposes));
        v.place = Some(self.rng.pick(CITIES).to_string());
        v.project_id = self.pick(Kind::Project, 30).map(|at| self.id_of(at));
        for _ in 0..1 + self.rng.below(3) {
            if let Some(at) = self.pick(Kind::Contact, 20) {
                let id = self.id_of(at);
                if !v.participant_ids.contains(&id) {
                    v.participant_ids.push(id);
                }
            }
        }
        v.observations = self.words(8);
        v.issues = self.words(3);
        let mut follow_ups = Vec::new();
        for _ in 0..self.rng.below(3) {
            let mut f = FollowUp::new(self.words(4));
            f.visit_id = Some(v.meta.id);
            f.due_date = day(now).checked_add_days(chrono::Days::new(14));
            if let Some(who) = v.participant_ids.first().filter(|_| self.rng.chance(40)) {
                f.owner = Owner::Contact(*who);
            }
            follow_ups.push(f);
        }
        self.store.write(|tx| {
            tx.save_visit(&v)?;
            follow_ups.iter().try_for_each(|f| tx.save_follow_up(f))
        })?;
        self.world.add(Kind::Visit, v.meta.id, self.desk, self.week);
        for f in &follow_ups {
            self.world
                .add(Kind::FollowUp, f.meta.id, self.desk, self.week);
        }
        Ok(())
    }

    fn follow_up_done(&mut self, now: i64) -> Result<()> {
        let open: Vec<usize> = self
            .world
            .own(self.desk, Kind::FollowUp)
            .iter()
            .rev()
            .copied()
            .filter(|at| !self.world.rec(*at).done)
            .take(20)
            .collect();
        let Some(&at) = open.get(self.rng.below(open.len())) else {
            return self.note();
        };
        if !self.world.usable(at, self.desk, self.week) {
            return self.note();
        }
        let Some(mut f) = self.store.read().follow_up(self.id_of(at))? else {
            return Ok(());
        };
        // Its owner may have gone to the trash on another desk meanwhile.
        if let Owner::Contact(who) = f.owner
            && !self.store.read().is_live(RecordKind::Contact, who)?
        {
            return self.note();
        }
        f.done_at = Some(utc(now));
        self.store.write(|tx| tx.save_follow_up(&f))?;
        self.world.rec_mut(at).done = true;
        Ok(())
    }

    fn note(&mut self) -> Result<()> {
        let kind = *self
            .rng
            .pick(&[Kind::Contact, Kind::Org, Kind::Project, Kind::Visit]);
        let Some(at) = self.pick(kind, 20) else {
            return self.new_contact();
        };
        let id = self.id_of(at);
        let target = match kind {
            Kind::Contact => NoteTarget::Contact(id),
            Kind::Org => NoteTarget::Organization(id),
            Kind::Project => NoteTarget::Project(id),
            _ => NoteTarget::Visit(id),
        };
        let n = Note::new(target, self.words(12));
        self.store.write(|tx| tx.save_note(&n))?;
        self.world.add(Kind::Note, n.meta.id, self.desk, self.week);
        Ok(())
    }

    /// A project moves on; a shared one now and then (a race when two
    /// desks move it in one week).
    fn status(&mut self) -> Result<()> {
        let at = if self.rng.chance(15) {
            self.world.pick_shared(self.rng, Kind::Project)
        } else {
            self.pick(Kind::Project, 10)
        };
        let Some(at) = at else {
            return self.new_project();
        };
        if self.world.rec(at).maker == HUB {
            self.tally.shared_edits += 1;
        }
        let to = *self.rng.pick(ProjectStatus::ALL);
        let id = self.id_of(at);
        self.store
            .write(|tx| tx.set_project_status(id, to, Some("simulated")))?;
        Ok(())
    }

    /// Something of the desk's own goes to the trash: a note, a follow-up
    /// or a contact.
    fn trash(&mut self) -> Result<()> {
        let (kind, record) = *self.rng.pick(&[
            (Kind::Note, RecordKind::Note),
            (Kind::FollowUp, RecordKind::FollowUp),
            (Kind::Contact, RecordKind::Contact),
        ]);
        let Some(at) = self
            .pick(kind, 0)
            .filter(|at| self.world.rec(*at).maker == self.desk)
        else {
            return self.note();
        };
        let id = self.id_of(at);
        self.store.write(|tx| tx.set_deleted(record, id, true))?;
        self.world.rec_mut(at).trashed = Some((self.desk, self.week));
        Ok(())
    }
}
