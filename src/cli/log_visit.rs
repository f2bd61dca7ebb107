//! `fieldbook log-visit`: a field visit, its participants and follow-ups, in
//! one transaction, from flags.

use anyhow::{Context, bail};
use clap::Args;

use super::{Exit, resolve};
use crate::domain::date::{local_today, parse_date};
use crate::domain::validate::clean_opt;
use crate::domain::*;
use crate::store::{Store, StoreError, Tx};

#[derive(Debug, Args)]
pub struct LogVisitArgs {
    /// YYYY-MM-DD, or t, y, -3d...
    #[arg(long, default_value = "t", allow_hyphen_values = true)]
    date: String,
    /// The project, by reference code, title or id.
    #[arg(long)]
    project: Option<String>,
    /// Someone met (name, native-script name or id); repeatable.
    #[arg(long = "with")]
    with: Vec<String>,
    /// Where; defaults to the last place visited for the project.
    #[arg(long)]
    place: Option<String>,
    /// monitoring, formulation, consultation, forum or other.
    #[arg(long, default_value = "monitoring")]
    purpose: String,
    #[arg(long, default_value = "")]
    observations: String,
    #[arg(long, default_value = "")]
    issues: String,
    /// "what;owner=NAME or me;due=DATE"; repeatable.
    #[arg(long = "follow-up")]
    follow_ups: Vec<String>,
}

/// A follow-up as written on the command line.
pub(super) struct FollowUpSpec {
    pub text: String,
    pub owner: Option<String>,
    pub due: Option<chrono::NaiveDate>,
}

pub(super) fn parse_follow_up(spec: &str, n: usize) -> anyhow::Result<FollowUpSpec> {
    let flag = format!("--follow-up #{n}");
    let mut parts = spec.split(';');
    let text = parts.next().unwrap_or("").trim().to_string();
    if text.is_empty() {
        bail!("{flag}: the text is empty; write \"what;owner=NAME;due=YYYY-MM-DD\"");
    }
    let mut out = FollowUpSpec {
        text,
        owner: None,
        due: None,
    };
    for part in parts.map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some(("owner", v)) => out.owner = Some(v.trim().to_string()),
            Some(("due", v)) => {
                out.due = Some(
                    parse_date(v, local_today())
                        .map_err(|e| anyhow::anyhow!("{flag}: due: {e}"))?,
                )
            }
            _ => bail!("{flag}: '{part}' is not owner=NAME or due=DATE"),
        }
    }
    Ok(out)
}

/// Saves the follow-ups given with `--follow-up`, on `project` and on the
/// record `link` sets (the visit or consultation they came from); an owner
/// is resolved by name ("me" or none: the officer).
pub(super) fn save_follow_ups(
    tx: &Tx<'_>,
    specs: &[FollowUpSpec],
    project: Option<Id>,
    link: impl Fn(&mut FollowUp),
) -> anyhow::Result<()> {
    for (i, spec) in specs.iter().enumerate() {
        let mut f = FollowUp::new(spec.text.clone());
        link(&mut f);
        f.project_id = project;
        f.due_date = spec.due;
        match spec.owner.as_deref().map(str::trim) {
            None | Some("me") | Some("") => {}
            Some(name) => {
                let owner = resolve::contact(tx, &format!("follow-up #{} owner", i + 1), name)?;
                f.owner = Owner::Contact(owner.meta.id);
                f.contact_id = Some(owner.meta.id);
            }
        }
        tx.save_follow_up(&f)
            .map_err(|e: StoreError| anyhow::anyhow!(e))
            .with_context(|| format!("--follow-up #{}", i + 1))?;
    }
    Ok(())
}

pub fn run(store: &mut Store, args: &LogVisitArgs) -> anyhow::Result<Exit> {
    let date = parse_date(&args.date, local_today()).map_err(|e| anyhow::anyhow!("--date: {e}"))?;
    let purpose = Purpose::parse(&args.purpose).map_err(|e| anyhow::anyhow!("--purpose: {e}"))?;
    let specs = args
        .follow_ups
        .iter()
        .enumerate()
        .map(|(i, s)| parse_follow_up(s, i + 1))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let (visit_id, follow_ups) = store.write(|tx| -> anyhow::Result<(Id, usize)> {
        let mut visit = Visit::new(date, purpose);
        if let Some(key) = &args.project {
            let project = resolve::project(tx, "project", key)?;
            visit.project_id = Some(project.meta.id);
            visit.place = tx.reader().last_place_for_project(project.meta.id)?;
        }
        if let Some(place) = clean_opt(args.place.clone()) {
            visit.place = Some(place);
        }
        for name in &args.with {
            let contact = resolve::contact(tx, "with", name)?;
            if !visit.participant_ids.contains(&contact.meta.id) {
                visit.participant_ids.push(contact.meta.id);
            }
        }
        visit.observations = args.observations.trim().to_string();
        visit.issues = args.issues.trim().to_string();
        tx.save_visit(&visit)?;
        save_follow_ups(tx, &specs, visit.project_id, |f| {
            f.visit_id = Some(visit.meta.id)
        })?;
        Ok((visit.meta.id, specs.len()))
    })?;
    println!("{visit_id}");
    if follow_ups > 0 {
        eprintln!("logged the visit with {follow_ups} follow-up(s)");
    }
    Ok(Exit::Success)
}
