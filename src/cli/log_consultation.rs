//! `fieldbook log-consultation`: a question an organization brought to the
//! desk, the people who asked and the follow-ups, in one transaction, from
//! flags. Names are resolved as `log-visit` resolves them (a name that
//! matches several records is refused with the candidates).

use anyhow::anyhow;
use clap::Args;

use super::log_visit::{parse_follow_up, save_follow_ups};
use super::{Exit, resolve};
use crate::domain::consultation::parse_minutes;
use crate::domain::date::{local_today, parse_date};
use crate::domain::*;
use crate::store::{Store, StoreError, Tx};

#[derive(Debug, Args)]
pub struct LogConsultationArgs {
    /// YYYY-MM-DD, or t, y, -3d...
    #[arg(long, default_value = "t", allow_hyphen_values = true)]
    date: String,
    /// The organization, by name or id; defaults to the first person's.
    #[arg(long)]
    org: Option<String>,
    /// Someone who asked (name, native-script name or id); repeatable.
    #[arg(long = "with")]
    with: Vec<String>,
    /// office (in person at the office), site, phone, email or online.
    #[arg(long, default_value = "phone")]
    channel: String,
    /// jpp (JPP application), registration (NGO registration and permits),
    /// law_tax (local law and tax), safety, partner_search, finance or other.
    #[arg(long)]
    topic: String,
    /// Time spent: 20, 1h30 or 1:30.
    #[arg(long, allow_hyphen_values = true)]
    minutes: Option<String>,
    /// The question, in a line or a paragraph.
    #[arg(long)]
    summary: String,
    /// The answer or advice given.
    #[arg(long, default_value = "")]
    advice: String,
    /// The project it was about, by reference code, title or id.
    #[arg(long)]
    project: Option<String>,
    /// "what;owner=NAME or me;due=DATE"; repeatable.
    #[arg(long = "follow-up")]
    follow_ups: Vec<String>,
}

/// The organization named on the command line, by id or by name.
fn organization(tx: &Tx<'_>, key: &str) -> anyhow::Result<Organization> {
    if let Ok(id) = uuid::Uuid::parse_str(key.trim()) {
        return tx
            .reader()
            .organization(id)?
            .filter(|o| o.meta.deleted_at.is_none())
            .ok_or_else(|| anyhow!("--org: no organization has the id {id}"));
    }
    resolve::organization(tx, "org", key)
}

pub fn run(store: &mut Store, args: &LogConsultationArgs) -> anyhow::Result<Exit> {
    let today = local_today();
    let date = parse_date(&args.date, today).map_err(|e| anyhow!("--date: {e}"))?;
    let channel = Channel::parse(&args.channel).map_err(|e| anyhow!("--channel: {e}"))?;
    let topic = Topic::parse(&args.topic).map_err(|e| anyhow!("--topic: {e}"))?;
    let minutes = match &args.minutes {
        Some(m) => parse_minutes(m).map_err(|e| anyhow!("--minutes: {e}"))?,
        None => None,
    };
    let specs = args
        .follow_ups
        .iter()
        .enumerate()
        .map(|(i, s)| parse_follow_up(s, i + 1))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let (id, follow_ups) = store.write(|tx| -> anyhow::Result<(Id, usize)> {
        let mut c = Consultation::new(date, channel, topic);
        c.minutes = minutes;
        c.summary = args.summary.trim().to_string();
        c.advice = args.advice.trim().to_string();
        for name in &args.with {
            let contact = resolve::contact(tx, "with", name)?;
            if !c.people_ids.contains(&contact.meta.id) {
                c.people_ids.push(contact.meta.id);
            }
            if c.organization_id.is_none() {
                c.organization_id = contact.organization_id;
            }
        }
        if let Some(key) = &args.org {
            c.organization_id = Some(organization(tx, key)?.meta.id);
        }
        if let Some(key) = &args.project {
            c.project_id = Some(resolve::project(tx, "project", key)?.meta.id);
        }
        tx.save_consultation(&c)
            .map_err(|e| anyhow!(flag_named(e)))?;
        save_follow_ups(tx, &specs, c.project_id, |f| {
            f.consultation_id = Some(c.meta.id)
        })?;
        Ok((c.meta.id, specs.len()))
    })?;
    println!("{id}");
    if follow_ups > 0 {
        eprintln!("logged the consultation with {follow_ups} follow-up(s)");
    }
    Ok(Exit::Success)
}

/// The domain names fields (`summary: is required`); on the command line
/// they are flags (`--summary: is required`).
fn flag_named(e: StoreError) -> String {
    match e {
        StoreError::Invalid { errors, .. } => errors
            .0
            .iter()
            .map(|f| {
                let flag = match f.field.as_str() {
                    "people" => "with",
                    "organization" => "org",
                    other => other,
                };
                format!("--{flag}: {}", f.message)
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}
