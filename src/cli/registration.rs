//! `fieldbook add registration` and `fieldbook registrations`: the papers
//! an organization or project holds, and which of them expire soon.

use chrono::{Days, NaiveDate};
use clap::{ArgGroup, Args};

use super::{Exit, resolve};
use crate::domain::date::{local_today, parse_date};
use crate::domain::text::clean;
use crate::domain::*;
use crate::store::Store;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("holder").required(true).args(["org", "project"])))]
pub struct RegistrationArgs {
    /// The organization that holds it (name or id).
    #[arg(long)]
    org: Option<String>,
    /// The project it is for (reference code, title or id).
    #[arg(long)]
    project: Option<String>,
    /// ngo_registration, government_approval, mou, endorsement (R/D or
    /// endorsement letter), tax_exemption, work_permit or other.
    #[arg(long)]
    kind: String,
    /// Its number or reference, as printed on it.
    #[arg(long)]
    number: Option<String>,
    /// Who issued it (a board, a ministry, a county).
    #[arg(long)]
    authority: Option<String>,
    /// YYYY-MM-DD, or t, y, +3d, -1w, +2m.
    #[arg(long, allow_hyphen_values = true)]
    issued: Option<String>,
    /// YYYY-MM-DD, or t, y, +3d, -1w, +2m, +1y.
    #[arg(long, allow_hyphen_values = true)]
    expires: Option<String>,
    #[arg(long)]
    note: Option<String>,
}

#[derive(Debug, Args)]
pub struct RegistrationsArgs {
    /// Only this organization's.
    #[arg(long, conflicts_with = "project")]
    org: Option<String>,
    /// Only this project's.
    #[arg(long)]
    project: Option<String>,
    /// Only those expiring within this many days (and those already
    /// expired on a project still running).
    #[arg(long, value_name = "DAYS")]
    expiring_within: Option<u64>,
}

fn date_flag(
    flag: &str,
    value: &Option<String>,
    today: NaiveDate,
) -> anyhow::Result<Option<NaiveDate>> {
    value
        .as_deref()
        .map(|v| parse_date(v, today).map_err(|e| anyhow::anyhow!("--{flag}: {e}")))
        .transpose()
}

/// Adds the registration and returns its id.
pub fn add(store: &mut Store, args: &RegistrationArgs) -> anyhow::Result<Id> {
    let today = local_today();
    let kind = RegistrationKind::parse(&args.kind).map_err(|e| anyhow::anyhow!("--kind: {e}"))?;
    let issued = date_flag("issued", &args.issued, today)?;
    let expires = date_flag("expires", &args.expires, today)?;
    store.write(|tx| -> anyhow::Result<Id> {
        let holder = match (&args.org, &args.project) {
            (Some(name), _) => {
                Holder::Organization(resolve::organization(tx, "org", name)?.meta.id)
            }
            (_, Some(key)) => Holder::Project(resolve::project(tx, "project", key)?.meta.id),
            _ => anyhow::bail!("give --org or --project"),
        };
        let mut r = Registration::new(holder, kind);
        r.number = args.number.clone();
        r.authority = args.authority.clone();
        r.issued_on = issued;
        r.expires_on = expires;
        r.note = args.note.clone().unwrap_or_default();
        let r = r.cleaned();
        if let Err(invalid) = r.validate() {
            // Flags, as the person typed them: `--expires: ...`.
            let said: Vec<String> = invalid
                .0
                .iter()
                .map(|e| format!("--{}: {}", e.field, e.message))
                .collect();
            anyhow::bail!("{}; nothing was written", said.join("; "));
        }
        tx.save_registration(&r)?;
        Ok(r.meta.id)
    })
}

pub fn list(store: &mut Store, args: &RegistrationsArgs) -> anyhow::Result<Exit> {
    let today = local_today();
    let lines: Vec<String> = store.write(|tx| -> anyhow::Result<Vec<String>> {
        let reader = tx.reader();
        let holder = match (&args.org, &args.project) {
            (Some(name), _) => Some(Holder::Organization(
                resolve::organization(tx, "org", name)?.meta.id,
            )),
            (_, Some(key)) => Some(Holder::Project(
                resolve::project(tx, "project", key)?.meta.id,
            )),
            _ => None,
        };
        let mut out = Vec::new();
        if let Some(within) = args.expiring_within {
            let horizon = today.checked_add_days(Days::new(within)).unwrap_or(today);
            let mut lines = reader.registrations_expired_running(today, i64::MAX)?;
            lines.extend(reader.registrations_expiring(today, horizon, i64::MAX)?);
            for l in lines {
                if holder.is_none_or(|h| h == l.registration.holder) {
                    out.push(line(
                        &l.registration,
                        &l.holder,
                        l.project.as_deref(),
                        today,
                    ));
                }
            }
            return Ok(out);
        }
        let holders: Vec<Holder> = match holder {
            Some(h) => vec![h],
            None => {
                let mut all = Vec::new();
                reader.each_registration(|r| {
                    if r.meta.deleted_at.is_none() && !all.contains(&r.holder) {
                        all.push(r.holder);
                    }
                    Ok(())
                })?;
                all
            }
        };
        for h in holders {
            let name = reader.title_of(h.kind(), h.id())?;
            for r in reader.registrations_of(h)? {
                out.push(line(&r, &name, None, today));
            }
        }
        Ok(out)
    })?;
    for l in &lines {
        println!("{l}");
    }
    if lines.is_empty() {
        eprintln!("no registrations");
    }
    Ok(Exit::Success)
}

/// `2027-01-31  in 55 days  NGO registration OP.218/051 (NGO Board)  PLAS  id`
fn line(r: &Registration, holder: &str, running: Option<&str>, today: NaiveDate) -> String {
    let when = match (r.expires_on, r.days_left(today)) {
        (Some(d), Some(left)) if left < 0 => format!("{d}  EXPIRED {} days ago", -left),
        (Some(d), Some(left)) => format!("{d}  in {left} days"),
        _ => "no expiry".to_string(),
    };
    let running = running
        .filter(|_| r.days_left(today).is_some_and(|l| l < 0))
        .map(|p| format!("  (project still running: {p})"))
        .unwrap_or_default();
    clean(&format!(
        "{when}  {}  {holder}{running}  {}",
        r.title(),
        r.meta.id
    ))
}
