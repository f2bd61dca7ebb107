//! Contacts: people's names in their own script and as read aloud, with
//! roles, phones and e-mails, most of them at an organization.

use crate::domain::*;
use crate::store::StoreError;

use super::Generator;
use super::data::*;

/// A person's name in its forms: as written daily, in its own script, read aloud.
struct PersonName {
    display: String,
    native: Option<String>,
    reading: Option<String>,
    languages: &'static [&'static str],
    country: &'static str,
}

impl Generator<'_, '_> {
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

    pub(super) fn contacts(
        &mut self,
        orgs: &[(Id, &'static Place)],
    ) -> Result<Vec<Id>, StoreError> {
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
}
