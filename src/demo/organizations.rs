//! Organizations: donor NGOs, local groups, universities and others, each
//! in one of the demo places.

use std::collections::HashSet;

use crate::domain::*;
use crate::store::StoreError;

use super::Generator;
use super::data::*;

impl Generator<'_, '_> {
    pub(super) fn organizations(&mut self) -> Result<Vec<(Id, &'static Place)>, StoreError> {
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
}
