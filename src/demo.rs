//! Realistic, deterministic demo data: the same `seed`, `scale` and anchor
//! date give the same records, ids included. Used by `fieldbook demo` and by
//! the welcome screen.

use std::collections::HashSet;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use uuid::Builder;

use crate::domain::*;
use crate::store::{Store, StoreError, Tx};

#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Number of contacts; everything else is sized from it.
    pub scale: usize,
    pub seed: u64,
    /// "Today" for the data: follow-ups fall due around it, visits before it.
    pub today: NaiveDate,
    /// Add to a database that already has records.
    pub force: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub organizations: usize,
    pub contacts: usize,
    pub projects: usize,
    pub status_changes: usize,
    pub visits: usize,
    pub follow_ups: usize,
    pub notes: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "the database already has records; demo data would mix with them (use --force to add it anyway)"
    )]
    NotEmpty,
    #[error("--scale must be at least 1")]
    ZeroScale,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Fills the store in one transaction: all of it lands, or none.
pub fn generate(store: &mut Store, options: &DemoOptions) -> Result<DemoSummary, DemoError> {
    if options.scale == 0 {
        return Err(DemoError::ZeroScale);
    }
    // Room for every page the demo touches (about 600 MiB at 100,000
    // contacts, search index included): pages that spill to the WAL before
    // the commit get rewritten there again and again. SQLite only allocates
    // what it uses, so small demos stay small.
    store.set_cache_mib(1024)?;
    let result = store.write_bulk(|tx| {
        let empty = tx.reader().is_empty()?;
        if !options.force && !empty {
            return Err(DemoError::NotEmpty);
        }
        if empty {
            // Every big table; not `projects`, whose reference codes are
            // looked up while the demo picks free ones.
            tx.defer_indexes(&BULK_TABLES)?;
        }
        let mut generator = Generator::new(tx, options);
        if !empty {
            // Added to a book that has records (perhaps this very demo):
            // fresh ids, so nothing already there is overwritten.
            generator.id_salt = crate::domain::new_id().as_u64_pair().1;
        }
        generator.run()
    });
    store.set_cache_mib(DEFAULT_CACHE_MIB)?;
    result
}

/// The tables a demo fills by the thousand, whose lookup indexes are built
/// once at the end (see `Tx::defer_indexes`).
const BULK_TABLES: [&str; 9] = [
    "contacts",
    "contact_phones",
    "contact_emails",
    "visits",
    "visit_participants",
    "follow_ups",
    "notes",
    "search_docs",
    "search_grams",
];

/// SQLite's own default (2 MiB), restored after the bulk write.
const DEFAULT_CACHE_MIB: u32 = 2;

/// SplitMix64: tiny, fast and fixed forever, so demo data does not change
/// when a dependency's random number generator does.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

struct Generator<'t, 'c> {
    tx: &'t Tx<'c>,
    rng: Rng,
    today: NaiveDate,
    anchor: DateTime<Utc>,
    scale: usize,
    summary: DemoSummary,
    /// Mixed into ids when adding to a book that has records (0 otherwise,
    /// so the same seed gives the same ids).
    id_salt: u64,
}

/// A person's name in its forms: as written daily, in its own script, read aloud.
struct PersonName {
    display: String,
    native: Option<String>,
    reading: Option<String>,
    languages: &'static [&'static str],
    country: &'static str,
}

impl<'t, 'c> Generator<'t, 'c> {
    fn new(tx: &'t Tx<'c>, options: &DemoOptions) -> Self {
        let anchor = Utc.from_utc_datetime(&options.today.and_hms_opt(9, 0, 0).unwrap_or_default());
        Generator {
            tx,
            rng: Rng(options.seed),
            today: options.today,
            anchor,
            scale: options.scale,
            summary: DemoSummary::default(),
            id_salt: 0,
        }
    }

    /// A UUIDv7 made from the record's creation time and the seeded generator.
    fn meta_at(&mut self, at: DateTime<Utc>) -> Meta {
        let mut random = [0u8; 10];
        random[..8].copy_from_slice(&(self.rng.next() ^ self.id_salt).to_le_bytes());
        random[8..].copy_from_slice(&self.rng.next().to_le_bytes()[..2]);
        let ms = at.timestamp_millis().max(0) as u64;
        let id = Builder::from_unix_timestamp_millis(ms, &random).into_uuid();
        let mut meta = Meta::with_id(id);
        meta.created_at = at;
        meta.updated_at = at;
        meta
    }

    /// An instant up to `days` before the anchor.
    fn past(&mut self, days: u64) -> DateTime<Utc> {
        let secs = self.rng.next() % (days.max(1) * 86_400);
        self.anchor - chrono::Duration::seconds(secs as i64)
    }

    fn run(mut self) -> Result<DemoSummary, DemoError> {
        let orgs = self.organizations()?;
        let contacts = self.contacts(&orgs)?;
        let projects = self.projects(&orgs)?;
        self.visits(&projects, &contacts)?;
        self.notes(&contacts, &orgs, &projects)?;
        Ok(self.summary)
    }

    fn organizations(&mut self) -> Result<Vec<(Id, &'static Place)>, StoreError> {
        let count = (self.scale / 20).max(3);
        let mut used = HashSet::new();
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            let place = self.rng.pick(PLACES);
            let (kind, mut name) = match i % 7 {
                0 | 4 => (OrgKind::DonorNgo, self.donor_ngo_name()),
                1 | 5 => (
                    OrgKind::LocalNgo,
                    format!(
                        "{} {} {}",
                        place.city,
                        self.rng.pick(LOCAL_GROUP_ADJ),
                        self.rng.pick(LOCAL_GROUP_NOUN)
                    ),
                ),
                2 => (
                    OrgKind::LocalGovernment,
                    format!("{} {}", place.city, place.local_gov),
                ),
                3 => (
                    OrgKind::University,
                    format!("{} {}", self.rng.pick(UNIVERSITY_PREFIX), place.city),
                ),
                _ => (
                    *self.rng.pick(&[
                        OrgKind::Government,
                        OrgKind::International,
                        OrgKind::Company,
                    ]),
                    {
                        let base = self.rng.pick(OTHER_ORGS);
                        format!("{base} ({})", place.country)
                    },
                ),
            };
            let base = name.clone();
            let mut n = 2;
            while !used.insert(name.clone()) {
                name = format!("{base} {n}");
                n += 1;
            }
            let created = self.past(1500);
            let mut org = Organization::new(name, kind);
            org.meta = self.meta_at(created);
            org.country = Some(place.country.to_string());
            org.city = Some(place.city.to_string());
            if matches!(
                kind,
                OrgKind::DonorNgo | OrgKind::University | OrgKind::International
            ) {
                org.website = Some(format!("https://example.org/{}", i + 1));
            }
            org.tags = vec![self.rng.pick(SECTORS).to_string()];
            self.tx.save_organization(&org)?;
            out.push((org.meta.id, place));
        }
        self.summary.organizations = out.len();
        Ok(out)
    }

    fn donor_ngo_name(&mut self) -> String {
        if self.rng.chance(15) {
            return self.rng.pick(FAMOUS_DONOR_NGOS).to_string();
        }
        format!(
            "{} {}",
            self.rng.pick(DONOR_NGO_WORD),
            self.rng.pick(DONOR_NGO_NOUN)
        )
    }

    fn person(&mut self) -> PersonName {
        match self.rng.below(100) {
            0..=24 => {
                let (fk, fr, fa) = *self.rng.pick(JA_FAMILY);
                let (gk, gr, ga) = *self.rng.pick(JA_GIVEN);
                // Kanji names are written both with and without a space.
                let sep = if self.rng.chance(50) { " " } else { "" };
                PersonName {
                    display: format!("{fa} {ga}"),
                    native: Some(format!("{fk}{sep}{gk}")),
                    reading: Some(format!("{fr} {gr}")),
                    languages: &["ja", "en"],
                    country: "JP",
                }
            }
            25..=49 => {
                let (given, family) = (
                    self.rng.pick(EAST_AFRICAN_GIVEN),
                    self.rng.pick(EAST_AFRICAN_FAMILY),
                );
                let country = *self.rng.pick(&["KE", "TZ", "ZM"]);
                PersonName {
                    display: format!("{given} {family}"),
                    native: None,
                    reading: None,
                    languages: if country == "ZM" {
                        &["en", "bem"]
                    } else {
                        &["sw", "en"]
                    },
                    country,
                }
            }
            50..=69 => PersonName {
                display: format!(
                    "{} {}",
                    self.rng.pick(WEST_AFRICAN_GIVEN),
                    self.rng.pick(WEST_AFRICAN_FAMILY)
                ),
                native: None,
                reading: None,
                languages: &["fr", "wo"],
                country: "SN",
            },
            70..=81 => {
                let (name, country, langs) = *self.rng.pick(EUROPEAN);
                let family = self.rng.pick(EUROPEAN_FAMILY);
                PersonName {
                    display: format!("{name} {family}"),
                    native: None,
                    reading: None,
                    languages: langs,
                    country,
                }
            }
            82..=90 => {
                let (native, romanized) = *self.rng.pick(CHINESE);
                PersonName {
                    display: romanized.to_string(),
                    native: Some(native.to_string()),
                    reading: Some(romanized.to_lowercase()),
                    languages: &["zh", "en"],
                    country: "CN",
                }
            }
            _ => {
                let (native, romanized) = *self.rng.pick(KOREAN);
                PersonName {
                    display: romanized.to_string(),
                    native: Some(native.to_string()),
                    reading: Some(romanized.to_string()),
                    languages: &["ko", "en"],
                    country: "KR",
                }
            }
        }
    }

    fn contacts(&mut self, orgs: &[(Id, &'static Place)]) -> Result<Vec<Id>, StoreError> {
        let mut out = Vec::with_capacity(self.scale);
        for i in 0..self.scale {
            let name = self.person();
            let created = self.past(1400);
            let mut c = Contact::new(name.display);
            c.meta = self.meta_at(created);
            c.native_name = name.native;
            c.reading = name.reading;
            let (org, place) = if self.rng.chance(90) {
                let (id, place) = *self.rng.pick(orgs);
                (Some(id), place)
            } else {
                (None, self.rng.pick(PLACES))
            };
            c.organization_id = org;
            c.role = Some(self.rng.pick(ROLES).to_string());
            c.phones.push(Phone {
                label: "mobile".into(),
                value: format!(
                    "{} 7{:02} {:06}",
                    place.dial,
                    i / 1_000_000 % 100,
                    i % 1_000_000 + 1
                ),
            });
            if self.rng.chance(30) {
                c.phones.push(Phone {
                    label: "office".into(),
                    value: format!(
                        "{} 20 {:03} {:04}",
                        place.dial,
                        self.rng.below(1000),
                        self.rng.below(10000)
                    ),
                });
            }
            let local: String = crate::domain::text::fold(&c.display_name)
                .chars()
                .filter(|ch| ch.is_ascii_alphanumeric() || *ch == ' ')
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(".");
            c.emails.push(Email {
                label: "work".into(),
                value: format!(
                    "{}{}@example.org",
                    if local.is_empty() { "contact" } else { &local },
                    i + 1
                ),
            });
            c.languages = name.languages.iter().map(|s| s.to_string()).collect();
            c.country = Some(
                if name.country == "JP" || name.country == "CN" || name.country == "KR" {
                    name.country.to_string()
                } else {
                    place.country.to_string()
                },
            );
            c.city = Some(place.city.to_string());
            if self.rng.chance(40) {
                c.tags.push(self.rng.pick(CONTACT_TAGS).to_string());
            }
            self.tx.save_contact(&c)?;
            out.push(c.meta.id);
        }
        self.summary.contacts = out.len();
        Ok(out)
    }

    fn projects(
        &mut self,
        orgs: &[(Id, &'static Place)],
    ) -> Result<Vec<(Id, &'static Place)>, StoreError> {
        let count = (self.scale / 30).max(ProjectStatus::ALL.len());
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            let (org, _) = *self.rng.pick(orgs);
            let place = self.rng.pick(PLACES);
            let sector = *self.rng.pick(SECTORS);
            let created = self.past(1200);
            let mut p = Project::new(format!(
                "{} in {}",
                self.rng.pick(topics(sector)),
                place.city
            ));
            p.meta = self.meta_at(created);
            p.ref_code =
                Some(self.free_ref_code(created.format("%Y").to_string(), i + 1, count)?);
            p.implementing_org_id = Some(org);
            let partner = self.rng.pick(orgs).0;
            if partner != org {
                p.partner_org_ids.push(partner);
            }
            p.host_country = Some(place.country.to_string());
            p.site = Some(format!("{}, {}", self.rng.pick(place.sites), place.city));
            p.sector = Some(sector.to_string());
            p.programme_type = Some(*self.rng.pick(ProgrammeType::ALL));
            let start = created.date_naive() + Days::new(60 + self.rng.below(120) as u64);
            p.start_date = Some(start);
            p.end_date = Some(start + Days::new(365 * (1 + self.rng.below(3) as u64)));
            p.budget = Some(Money {
                hundredths: (5_000_000 + self.rng.below(95) as i64 * 1_000_000) * 100,
                currency: "JPY"
                    .parse()
                    .unwrap_or_else(|_| unreachable!("JPY is three letters")),
            });
            p.summary = Some(format!(
                "{} with {} in {}; {} beneficiaries expected.",
                sector_summary(sector),
                self.rng.pick(BENEFICIARIES),
                place.city,
                100 * (1 + self.rng.below(40))
            ));
            // Every status appears: walk the pipeline up to this project's one.
            let target = ProjectStatus::ALL[i % ProjectStatus::ALL.len()];
            p.status = ProjectStatus::Idea;
            self.tx.save_project(&p)?;
            self.summary.status_changes += 1;
            let path = pipeline_path(target);
            let step_days =
                (self.anchor - created).num_days().max(path.len() as i64) / (path.len() as i64 + 1);
            for (step, status) in path.iter().enumerate() {
                let at = created + chrono::Duration::days(step_days * (step as i64 + 1));
                let reason = self
                    .rng
                    .chance(60)
                    .then(|| *self.rng.pick(reasons(*status)));
                self.tx
                    .set_project_status_at(p.meta.id, *status, reason, at)?;
                self.summary.status_changes += 1;
            }
            out.push((p.meta.id, place));
        }
        self.summary.projects = out.len();
        Ok(out)
    }

    /// `FB-2026-0042`, or the next free number when demo data is added to a
    /// book that already has that code (`--force`).
    fn free_ref_code(&self, year: String, n: usize, step: usize) -> Result<String, StoreError> {
        let mut n = n;
        loop {
            let code = format!("FB-{year}-{n:04}");
            if !self.tx.reader().ref_code_in_use(&code)? {
                return Ok(code);
            }
            n += step.max(1);
        }
    }

    fn visits(
        &mut self,
        projects: &[(Id, &'static Place)],
        contacts: &[Id],
    ) -> Result<(), StoreError> {
        let count = (self.scale / 2).max(10);
        for _ in 0..count {
            let (project, place) = *self.rng.pick(projects);
            let date = self.today - Days::new(self.rng.below(540) as u64);
            let created = Utc.from_utc_datetime(&date.and_hms_opt(17, 0, 0).unwrap_or_default());
            let mut v = Visit::new(date, *self.rng.pick(Purpose::ALL));
            v.meta = self.meta_at(created.min(self.anchor));
            v.place = Some(format!("{}, {}", self.rng.pick(place.sites), place.city));
            v.project_id = (!self.rng.chance(10)).then_some(project);
            for _ in 0..1 + self.rng.below(4) {
                let c = *self.rng.pick(contacts);
                if !v.participant_ids.contains(&c) {
                    v.participant_ids.push(c);
                }
            }
            v.observations = self.rng.pick(OBSERVATIONS).to_string();
            v.issues = if self.rng.chance(60) {
                self.rng.pick(ISSUES).to_string()
            } else {
                String::new()
            };
            self.tx.save_visit(&v)?;
            self.summary.visits += 1;
            for _ in 0..self.rng.below(4) {
                self.follow_up(&v)?;
            }
        }
        Ok(())
    }

    fn follow_up(&mut self, v: &Visit) -> Result<(), StoreError> {
        let mut f = FollowUp::new(*self.rng.pick(FOLLOW_UPS));
        f.meta = self.meta_at(v.meta.created_at);
        f.visit_id = Some(v.meta.id);
        f.project_id = v.project_id;
        f.owner = match v.participant_ids.first() {
            Some(c) if self.rng.chance(60) => Owner::Contact(*c),
            _ => Owner::Officer,
        };
        f.contact_id = v.participant_ids.first().copied();
        let due = v.date + Days::new(3 + self.rng.below(40) as u64);
        f.due_date = Some(due);
        // Older follow-ups are mostly done; some are left overdue on purpose.
        if due < self.today && self.rng.chance(80) {
            let done = Utc.from_utc_datetime(&due.and_hms_opt(12, 0, 0).unwrap_or_default());
            f.done_at = Some(done.min(self.anchor));
        }
        self.tx.save_follow_up(&f)?;
        self.summary.follow_ups += 1;
        Ok(())
    }

    fn notes(
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

/// The statuses a project passes through to reach `target`, after `Idea`.
fn pipeline_path(target: ProjectStatus) -> Vec<ProjectStatus> {
    use ProjectStatus::*;
    let main = [
        Consultation,
        Proposal,
        UnderReview,
        Approved,
        InProgress,
        Completed,
        Evaluated,
    ];
    match target {
        Idea => vec![],
        Suspended => vec![
            Consultation,
            Proposal,
            UnderReview,
            Approved,
            InProgress,
            Suspended,
        ],
        Cancelled => vec![Consultation, Proposal, Cancelled],
        t => {
            let end = main.iter().position(|s| *s == t).unwrap_or(0);
            main[..=end].to_vec()
        }
    }
}

fn reasons(status: ProjectStatus) -> &'static [&'static str] {
    use ProjectStatus::*;
    match status {
        Consultation => &[
            "First meeting with the county health office",
            "NGO asked for advice on the scheme",
        ],
        Proposal => &[
            "Concept note accepted by the desk",
            "Drafting started after the site visit",
        ],
        UnderReview => &[
            "Submitted to head office",
            "Sent to the selection committee",
        ],
        Approved => &[
            "Committee approved with minor changes",
            "Approved in the November round",
        ],
        InProgress => &[
            "Contract signed",
            "Grant agreement signed; first tranche paid",
        ],
        Completed => &["Final activities done", "Closing workshop held"],
        Evaluated => &["Ex-post evaluation finished", "Evaluation report received"],
        Suspended => &[
            "Security situation at the site",
            "Counterpart withdrew staff",
        ],
        Cancelled => &[
            "NGO withdrew the proposal",
            "Duplicates another donor's project",
        ],
        Idea => &["Discussed at the NGO forum"],
    }
}

pub struct Place {
    city: &'static str,
    country: &'static str,
    dial: &'static str,
    local_gov: &'static str,
    sites: &'static [&'static str],
}

const PLACES: &[Place] = &[
    Place {
        city: "Nairobi",
        country: "KE",
        dial: "+254",
        local_gov: "City County",
        sites: &["Kibera", "Mathare", "Kawangware"],
    },
    Place {
        city: "Kisumu",
        country: "KE",
        dial: "+254",
        local_gov: "County Government",
        sites: &["Nyalenda", "Manyatta", "Kondele"],
    },
    Place {
        city: "Kakamega",
        country: "KE",
        dial: "+254",
        local_gov: "County Government",
        sites: &["Shinyalu", "Lurambi", "Malava"],
    },
    Place {
        city: "Mombasa",
        country: "KE",
        dial: "+254",
        local_gov: "County Government",
        sites: &["Likoni", "Kisauni", "Changamwe"],
    },
    Place {
        city: "Dar es Salaam",
        country: "TZ",
        dial: "+255",
        local_gov: "City Council",
        sites: &["Temeke", "Kinondoni", "Ilala"],
    },
    Place {
        city: "Arusha",
        country: "TZ",
        dial: "+255",
        local_gov: "District Council",
        sites: &["Meru", "Monduli", "Ngarenaro"],
    },
    Place {
        city: "Mwanza",
        country: "TZ",
        dial: "+255",
        local_gov: "City Council",
        sites: &["Ilemela", "Nyamagana", "Kisesa"],
    },
    Place {
        city: "Lusaka",
        country: "ZM",
        dial: "+260",
        local_gov: "City Council",
        sites: &["Kanyama", "Chawama", "Matero"],
    },
    Place {
        city: "Ndola",
        country: "ZM",
        dial: "+260",
        local_gov: "City Council",
        sites: &["Chifubu", "Kansenshi", "Twapia"],
    },
    Place {
        city: "Livingstone",
        country: "ZM",
        dial: "+260",
        local_gov: "City Council",
        sites: &["Dambwa", "Maramba", "Linda"],
    },
    Place {
        city: "Dakar",
        country: "SN",
        dial: "+221",
        local_gov: "Ville de Dakar",
        sites: &["Médina", "Pikine", "Guédiawaye"],
    },
    Place {
        city: "Thiès",
        country: "SN",
        dial: "+221",
        local_gov: "Commune",
        sites: &["Keur Mbaye", "Mbour", "Tivaouane"],
    },
    Place {
        city: "Saint-Louis",
        country: "SN",
        dial: "+221",
        local_gov: "Commune",
        sites: &["Guet Ndar", "Sor", "Bango"],
    },
    Place {
        city: "Ziguinchor",
        country: "SN",
        dial: "+221",
        local_gov: "Commune",
        sites: &["Boucotte", "Kandé", "Lyndiane"],
    },
    Place {
        city: "Kaolack",
        country: "SN",
        dial: "+221",
        local_gov: "Commune",
        sites: &["Médina Baye", "Sam", "Kasnack"],
    },
];

const SECTORS: &[&str] = &[
    "health",
    "agriculture",
    "education",
    "water",
    "livelihoods",
    "environment",
    "disability",
];

fn topics(sector: &str) -> &'static [&'static str] {
    match sector {
        "health" => &[
            "HIV prevention training",
            "Maternal health outreach",
            "Community health volunteers",
            "Malaria net distribution",
        ],
        "agriculture" => &[
            "Farmers' field school",
            "Rice cultivation support",
            "Dairy cooperative",
            "Horticulture value chain",
        ],
        "education" => &[
            "Primary school teacher training",
            "Girls' secondary scholarships",
            "Early childhood centre",
        ],
        "water" => &[
            "Borehole rehabilitation",
            "School sanitation",
            "Rainwater harvesting",
        ],
        "livelihoods" => &[
            "Women's savings groups",
            "Youth vocational training",
            "Fish market improvement",
        ],
        "environment" => &[
            "Mangrove restoration",
            "Waste recycling cooperative",
            "Clean cookstoves",
        ],
        _ => &[
            "Inclusive education for deaf children",
            "Wheelchair workshop",
            "Community-based rehabilitation",
        ],
    }
}

fn sector_summary(sector: &str) -> &'static str {
    match sector {
        "health" => "Strengthens community health services",
        "agriculture" => "Raises smallholder yields and incomes",
        "education" => "Improves learning outcomes",
        "water" => "Brings safe water and sanitation",
        "livelihoods" => "Builds income and savings",
        "environment" => "Protects local ecosystems",
        _ => "Widens access for persons with disabilities",
    }
}

const BENEFICIARIES: &[&str] = &[
    "farmers' groups",
    "county health workers",
    "women's groups",
    "primary schools",
    "youth groups",
    "fishing communities",
];

const FAMOUS_DONOR_NGOS: &[&str] = &[
    "PLAS",
    "Japan Water Forum",
    "Hunger Free World",
    "AMDA",
    "Peace Winds",
    "Shapla Neer",
    "ADRA Japan",
    "Kokkyo naki Kodomotachi",
];
const DONOR_NGO_WORD: &[&str] = &[
    "Sakura", "Minori", "Hikari", "Kizuna", "Tsunagu", "Niji", "Midori", "Asahi", "Wakaba", "Hoshi",
];
const DONOR_NGO_NOUN: &[&str] = &[
    "Africa Fund",
    "Network",
    "Partners",
    "Foundation",
    "Friendship Association",
    "Support Center",
    "Education Forum",
];
const LOCAL_GROUP_ADJ: &[&str] = &[
    "Women's",
    "Youth",
    "Community",
    "Farmers'",
    "Widows'",
    "Fishers'",
    "Disabled Persons'",
    "Health",
];
const LOCAL_GROUP_NOUN: &[&str] = &[
    "Group",
    "Association",
    "Network",
    "Cooperative",
    "Initiative",
    "Trust",
];
const UNIVERSITY_PREFIX: &[&str] = &[
    "University of",
    "Institute of Rural Development,",
    "College of Health Sciences,",
    "Agricultural Research Centre,",
];
const OTHER_ORGS: &[&str] = &[
    "Ministry of Health",
    "Ministry of Agriculture",
    "Ministry of Education",
    "UNICEF Field Office",
    "WFP Sub-Office",
    "Safaricom Foundation",
    "Sonatel Foundation",
];

const JA_FAMILY: &[(&str, &str, &str)] = &[
    ("土居", "ドイ", "Doi"),
    ("佐藤", "サトウ", "Sato"),
    ("鈴木", "スズキ", "Suzuki"),
    ("高橋", "タカハシ", "Takahashi"),
    ("田中", "タナカ", "Tanaka"),
    ("渡辺", "ワタナベ", "Watanabe"),
    ("伊藤", "イトウ", "Ito"),
    ("山本", "ヤマモト", "Yamamoto"),
    ("中村", "ナカムラ", "Nakamura"),
    ("小林", "コバヤシ", "Kobayashi"),
    ("加藤", "カトウ", "Kato"),
    ("吉田", "ヨシダ", "Yoshida"),
    ("山田", "ヤマダ", "Yamada"),
    ("松本", "マツモト", "Matsumoto"),
    ("井上", "イノウエ", "Inoue"),
    ("木村", "キムラ", "Kimura"),
];
const JA_GIVEN: &[(&str, &str, &str)] = &[
    ("健市", "ケンイチ", "Kenichi"),
    ("健太", "ケンタ", "Kenta"),
    ("美咲", "ミサキ", "Misaki"),
    ("陽子", "ヨウコ", "Yoko"),
    ("大輔", "ダイスケ", "Daisuke"),
    ("由美", "ユミ", "Yumi"),
    ("翔太", "ショウタ", "Shota"),
    ("真理子", "マリコ", "Mariko"),
    ("浩二", "コウジ", "Koji"),
    ("直子", "ナオコ", "Naoko"),
    ("拓也", "タクヤ", "Takuya"),
    ("恵", "メグミ", "Megumi"),
];
const EAST_AFRICAN_GIVEN: &[&str] = &[
    "Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri", "Kiprop", "Amani", "Baraka", "Neema", "Juma",
    "Zawadi", "Chanda", "Mwila", "Bwalya", "Mutale", "Atieno", "Wafula", "Nafula",
];
const EAST_AFRICAN_FAMILY: &[&str] = &[
    "Kamau", "Odhiambo", "Mwangi", "Ochieng", "Wekesa", "Mutua", "Kariuki", "Mushi", "Massawe",
    "Mbwana", "Phiri", "Banda", "Mulenga", "Tembo", "Chileshe", "Omondi",
];
const WEST_AFRICAN_GIVEN: &[&str] = &[
    "Mamadou",
    "Fatou",
    "Aminata",
    "Ousmane",
    "Awa",
    "Cheikh",
    "Mariama",
    "Ibrahima",
    "Ndèye",
    "Abdoulaye",
    "Khady",
    "Moussa",
    "Aïssatou",
    "Seydou",
];
const WEST_AFRICAN_FAMILY: &[&str] = &[
    "N'Diaye", "Diop", "Sow", "Mbaye", "Sène", "Fall", "Ba", "Gueye", "Diallo", "Faye", "Ndour",
    "Thiam", "Cissé", "Sarr",
];
const EUROPEAN: &[(&str, &str, &[&str])] = &[
    ("Łukasz", "PL", &["pl", "en"]),
    ("Zoë", "FR", &["fr", "en"]),
    ("Søren", "DK", &["da", "en"]),
    ("José", "ES", &["es", "en"]),
    ("François", "FR", &["fr", "en"]),
    ("Đorđe", "RS", &["sr", "en"]),
    ("Ingrid", "NO", &["no", "en"]),
    ("Małgorzata", "PL", &["pl", "en"]),
    ("Hélène", "FR", &["fr", "en"]),
    ("Jürgen", "DE", &["de", "en"]),
];
const EUROPEAN_FAMILY: &[&str] = &[
    "Kowalski",
    "Lefèvre",
    "Müller",
    "Østergaard",
    "García",
    "Đorđević",
    "Straße",
    "Brontë",
    "Nowak",
    "Dubois",
];
const CHINESE: &[(&str, &str)] = &[
    ("王伟", "Wang Wei"),
    ("李娜", "Li Na"),
    ("张敏", "Zhang Min"),
    ("刘洋", "Liu Yang"),
    ("陈静", "Chen Jing"),
    ("杨帆", "Yang Fan"),
];
const KOREAN: &[(&str, &str)] = &[
    ("김민준", "Kim Minjun"),
    ("이서연", "Lee Seoyeon"),
    ("박지훈", "Park Jihoon"),
    ("최수빈", "Choi Subin"),
    ("정하은", "Jung Haeun"),
];
const ROLES: &[&str] = &[
    "Project manager",
    "Country director",
    "Field officer",
    "County health officer",
    "Programme coordinator",
    "Researcher",
    "Chairperson",
    "Treasurer",
    "Agricultural extension officer",
    "Head teacher",
    "Finance officer",
    "Volunteer coordinator",
];
const CONTACT_TAGS: &[&str] = &[
    "forum-2026",
    "security-contact",
    "translator",
    "alumni",
    "key-partner",
];

const OBSERVATIONS: &[&str] = &[
    "Training attended by 34 farmers, half of them women. Demonstration plots well kept.",
    "Borehole pump repaired; water committee collects fees monthly and keeps records.",
    "Health volunteers report more clinic referrals since the last visit.",
    "Classrooms finished; desks delivered but not yet distributed.",
    "Savings group meets weekly; loan repayments on schedule.",
    "Forum with 12 NGOs on the new registration rules; many questions on tax exemption.",
    "Baseline survey under way; enumerators trained on tablets.",
];
const ISSUES: &[&str] = &[
    "Seed delivery late by two weeks because of road conditions.",
    "County counterpart transferred; new officer not yet briefed.",
    "Budget line for transport overspent by 15%.",
    "Rainy season made the site unreachable for a week.",
    "Receipts for the last quarter incomplete.",
];
const FOLLOW_UPS: &[&str] = &[
    "Send training manual",
    "Share the revised budget with head office",
    "Confirm dates for the monitoring visit",
    "Introduce the NGO to the county health office",
    "Collect missing receipts",
    "Draft the quarterly report",
    "Check security advice for the site",
    "Book the venue for the NGO forum",
];
const NOTE_OPENINGS: &[&str] = &[
    "Met at the NGO forum.",
    "Phone call:",
    "Email thread:",
    "Courtesy visit.",
    "At the county office:",
    "Quick chat after the workshop.",
];
const NOTE_DETAILS: &[&str] = &[
    "Interested in the partner-type scheme next year; wants the application guide in French.",
    "Prefers WhatsApp to e-mail; answers quickly in the mornings.",
    "Asked about registration rules for foreign NGOs and tax exemption for imported equipment.",
    "Will introduce us to the water committee chair in the next visit.",
    "Knows the district officials well; good entry point for local-government type projects.",
    "On leave until the end of the month; deputy handles requests.",
    "Shared a list of community groups active in the sub-county.",
    "Concerned about the delay in the second tranche; promised a reply by Friday.",
];
