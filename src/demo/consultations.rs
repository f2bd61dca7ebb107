//! Consultations: NGOs phoning, writing and dropping in with questions,
//! mostly about applying to the partnership programme (JPP) and
//! registering locally, with the advice the desk gave. Drawn from a random
//! stream of their own, so adding them changed none of the other demo
//! records of a seed.

use chrono::{Days, TimeZone, Utc};

use crate::domain::*;
use crate::store::StoreError;

use super::Generator;
use super::rng::Rng;

/// Topics in proportion to how often desks see them (out of 100).
const TOPICS: &[(Topic, u64)] = &[
    (Topic::Jpp, 32),
    (Topic::Registration, 24),
    (Topic::LawTax, 10),
    (Topic::Safety, 7),
    (Topic::PartnerSearch, 12),
    (Topic::Finance, 10),
    (Topic::Other, 5),
];

/// Channels, and the usual time (minutes) a consultation by each takes.
const CHANNELS: &[(Channel, u64, i64)] = &[
    (Channel::Phone, 40, 15),
    (Channel::Email, 25, 20),
    (Channel::Office, 20, 45),
    (Channel::Online, 10, 40),
    (Channel::Site, 5, 60),
];

fn questions(topic: Topic) -> &'static [(&'static str, &'static str)] {
    match topic {
        Topic::Jpp => &[
            (
                "Is a first-time NGO eligible for the support type, and what is the ceiling?",
                "Yes for first-timers with two years of activity; ceiling and forms sent by e-mail.",
            ),
            (
                "When is the application consultation for the next JPP round?",
                "Booked for the week before the deadline; bring the draft PDM and budget.",
            ),
            (
                "Can the local partner sign the JPP proposal instead of the NGO?",
                "No: the Japanese NGO applies; the partner signs a letter of intent.",
            ),
            (
                "How detailed must the JPP budget be at the proposal stage?",
                "By activity and year, with unit costs; showed last year's model.",
            ),
        ],
        Topic::Registration => &[
            (
                "How long does NGO registration take with the NGO Coordination Board?",
                "Three to six months; start with name reservation, list of documents given.",
            ),
            (
                "Do we need a local registration before the project starts?",
                "Yes, or a local partner who holds one; explained both routes.",
            ),
            (
                "Our registration certificate expires in March: how do we renew?",
                "Annual return and audited accounts first; renewal form shared.",
            ),
            (
                "Which permits do expatriate staff need to work on the project?",
                "Class I work permit through the immigration portal; sponsor letter template sent.",
            ),
        ],
        Topic::LawTax => &[
            (
                "Is the project exempt from VAT on imported equipment?",
                "Only with a tax exemption letter obtained before import; steps explained.",
            ),
            (
                "How should we pay local staff: contracts or daily allowances?",
                "Written contracts with statutory deductions; referred to a labour lawyer.",
            ),
        ],
        Topic::Safety => &[
            (
                "Is it safe to travel to the project site during the election period?",
                "Avoid travel in the week of the vote; shared the office security notes.",
            ),
            (
                "Who should staff call in an emergency in the county?",
                "Gave the embassy and office emergency numbers and the local police post.",
            ),
        ],
        Topic::PartnerSearch => &[
            (
                "Looking for a local partner working on maternal health in the north.",
                "Introduced two community organizations met on earlier visits.",
            ),
            (
                "Can the desk introduce county officials for a water project?",
                "Shared the county water office contacts and offered a joint meeting.",
            ),
        ],
        Topic::Finance => &[
            (
                "Can we move budget between activity lines mid-year?",
                "Up to the allowed share without approval; beyond it, ask in writing first.",
            ),
            (
                "Which exchange rate applies to the quarterly expenditure report?",
                "The rate of the month the funds were received; example sheet sent.",
            ),
        ],
        Topic::Other => &[(
            "Asked for the desk's list of NGOs active in the region.",
            "Sent the public list and the date of the next NGO forum.",
        )],
    }
}

fn weighted<T: Copy, const N: usize>(rng: &mut Rng, items: &[(T, u64); N]) -> T {
    let total: u64 = items.iter().map(|(_, w)| w).sum();
    let mut at = rng.next() % total;
    for (item, w) in items {
        if at < *w {
            return *item;
        }
        at -= w;
    }
    items[0].0
}

impl Generator<'_, '_> {
    pub(super) fn consultations(&mut self, contacts: &[Id]) -> Result<(), StoreError> {
        if contacts.is_empty() {
            return Ok(());
        }
        let mut rng = Rng(self.rng.0 ^ 0xC0_5017_A710_u64);
        let count = (self.scale / 10).max(12);
        let channels: [(Channel, u64); 5] = std::array::from_fn(|i| (CHANNELS[i].0, CHANNELS[i].1));
        let topics: [(Topic, u64); 7] = std::array::from_fn(|i| TOPICS[i]);
        for _ in 0..count {
            let date = self.today - Days::new(rng.below(365) as u64);
            let channel = weighted(&mut rng, &channels);
            let topic = weighted(&mut rng, &topics);
            let usual = CHANNELS.iter().find(|c| c.0 == channel).map_or(20, |c| c.2);
            let mut c = Consultation::new(date, channel, topic);
            let created = Utc.from_utc_datetime(&date.and_hms_opt(10, 30, 0).unwrap_or_default());
            c.meta = self.meta_at(created.min(self.anchor));
            let person = *rng.pick(contacts);
            c.people_ids.push(person);
            c.organization_id = self.tx.reader().organization_of(person)?;
            let (summary, advice) = *rng.pick(questions(topic));
            c.summary = summary.to_string();
            c.advice = if rng.chance(85) {
                advice.to_string()
            } else {
                String::new()
            };
            c.minutes = Some(5 * ((usual / 2 + rng.below(usual as usize + 1) as i64) / 5).max(1));
            self.tx.save_consultation(&c)?;
            self.summary.consultations += 1;
            if rng.chance(25) {
                let mut f = FollowUp::new(match topic {
                    Topic::Jpp => "Send the JPP application guidelines",
                    Topic::Registration => "Send the registration checklist",
                    _ => "Send the contacts and documents promised",
                });
                f.meta = self.meta_at(c.meta.created_at);
                f.consultation_id = Some(c.meta.id);
                // About the person who asked: lists name them.
                f.contact_id = Some(person);
                f.due_date = Some(date + Days::new(7));
                if date + Days::new(7) < self.today && rng.chance(85) {
                    f.done_at = Some(c.meta.created_at + chrono::Duration::days(3));
                }
                self.tx.save_follow_up(&f)?;
                self.summary.follow_ups += 1;
            }
        }
        Ok(())
    }
}
