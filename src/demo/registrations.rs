//! Registrations and approvals: each NGO's registration with its country's
//! registrar, and the approvals, MoUs and tax exemptions running projects
//! hold. Dated around "today" so the dashboard has something to watch:
//! some expire in the coming weeks, and one running project's approval has
//! already lapsed.

use chrono::{Days, NaiveDate};

use crate::domain::*;
use crate::store::StoreError;

use super::Generator;
use super::data::Place;

/// Who registers NGOs, by country.
fn registrar(country: &str) -> &'static str {
    match country {
        "KE" => "NGO Coordination Board",
        "TZ" => "Registrar of NGOs, Ministry of Community Development",
        "ZM" => "Registrar of NGOs, Ministry of Community Development and Social Services",
        "SN" => "Ministère de l'Intérieur, Direction des Affaires Générales",
        _ => "Registrar of Societies",
    }
}

/// Who approves a project in the host country, by country.
fn counterpart(country: &str) -> &'static str {
    match country {
        "KE" => "County Government, Department of Health",
        "TZ" => "President's Office, Regional Administration and Local Government",
        "ZM" => "Ministry of Local Government and Rural Development",
        "SN" => "Ministère de l'Agriculture et de l'Équipement rural",
        _ => "Ministry of Planning",
    }
}

fn revenue_authority(country: &str) -> &'static str {
    match country {
        "KE" => "Kenya Revenue Authority",
        "TZ" => "Tanzania Revenue Authority",
        "ZM" => "Zambia Revenue Authority",
        "SN" => "Direction Générale des Impôts et des Domaines",
        _ => "Revenue authority",
    }
}

impl Generator<'_, '_> {
    pub(super) fn registrations(
        &mut self,
        orgs: &[(Id, &'static Place)],
        projects: &[(Id, &'static Place)],
    ) -> Result<(), StoreError> {
        let mut made = 0;
        for (i, (org, place)) in orgs.iter().enumerate() {
            // Donor and local NGOs (see `organizations`: i % 7 is the kind).
            if !matches!(i % 7, 0 | 1 | 4 | 5) {
                continue;
            }
            let expires = match i % 4 {
                // One NGO in three or so falls due within the dashboard's 90 days.
                0 => self.today + Days::new(5 + self.rng.below(80) as u64),
                _ => self.today + Days::new(120 + self.rng.below(1500) as u64),
            };
            let issued = expires - Days::new(365 * 5);
            let number = format!(
                "OP.218/{:03}/{}/{}",
                1 + self.rng.below(999),
                issued.format("%Y"),
                i + 1
            );
            self.registration(
                Holder::Organization(*org),
                RegistrationKind::NgoRegistration,
                number,
                registrar(place.country),
                issued,
                expires,
                "",
            )?;
            made += 1;
        }
        let mut lapsed = false;
        for (i, (project, place)) in projects.iter().enumerate() {
            let running = self.tx.reader().project(*project)?.is_some_and(|p| {
                matches!(
                    p.status,
                    ProjectStatus::InProgress | ProjectStatus::Approved
                )
            });
            if !running {
                continue;
            }
            let (issued, expires, note) = if !lapsed {
                // The one the desk must chase: expired, the project still running.
                lapsed = true;
                let expired = self.today - Days::new(20);
                (
                    expired - Days::new(730),
                    expired,
                    "Renewal applied for; awaiting the county's letter.",
                )
            } else if i % 4 == 0 {
                let soon = self.today + Days::new(10 + self.rng.below(75) as u64);
                (soon - Days::new(730), soon, "")
            } else {
                let later = self.today + Days::new(200 + self.rng.below(700) as u64);
                (later - Days::new(730), later, "")
            };
            let kind = if i % 3 == 0 {
                RegistrationKind::Mou
            } else {
                RegistrationKind::GovernmentApproval
            };
            let number = format!("{}/{}/{:04}", place.country, issued.format("%Y"), i + 1);
            self.registration(
                Holder::Project(*project),
                kind,
                number,
                counterpart(place.country),
                issued,
                expires,
                note,
            )?;
            made += 1;
            if i % 5 == 0 {
                let number = format!("TE-{}-{:05}", issued.format("%Y"), 100 + i);
                self.registration(
                    Holder::Project(*project),
                    RegistrationKind::TaxExemption,
                    number,
                    revenue_authority(place.country),
                    issued,
                    expires + Days::new(365),
                    "Covers imported equipment only.",
                )?;
                made += 1;
            }
        }
        self.summary.registrations = made;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn registration(
        &mut self,
        holder: Holder,
        kind: RegistrationKind,
        number: String,
        authority: &str,
        issued: NaiveDate,
        expires: NaiveDate,
        note: &str,
    ) -> Result<(), StoreError> {
        let at = self.past(400);
        let mut r = Registration::new(holder, kind);
        r.meta = self.meta_at(at);
        r.number = Some(number);
        r.authority = Some(authority.to_string());
        r.issued_on = Some(issued);
        r.expires_on = Some(expires);
        r.note = note.to_string();
        self.tx.save_registration(&r)
    }
}
