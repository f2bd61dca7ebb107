//! `fieldbook add contact|org|project`: one record from flags, checked by the
//! domain's rules, written in one transaction, its id printed on stdout.

use anyhow::bail;
use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::Exit;
use crate::domain::contact::split_labelled;
use crate::domain::date::{local_today, parse_date};
use crate::domain::validate::clean_opt;
use crate::domain::*;
use crate::store::{Store, StoreError, Tx};

#[derive(Debug, Subcommand)]
pub enum AddCommand {
    /// Add a contact (a person).
    Contact(ContactArgs),
    /// Add an organization.
    Org(OrgArgs),
    /// Add a project.
    Project(ProjectArgs),
    /// Add an event: a seminar, forum, training, workshop or meeting.
    Event(super::event::AddEventArgs),
    /// Add a deliverable to a project's calendar (a report, a deadline).
    Deliverable(super::deliverable::AddDeliverableArgs),

    /// Add a registration or approval of an organization or project.
    Registration(super::registration::RegistrationArgs),
}

#[derive(Debug, Args)]
pub struct ContactArgs {
    /// Name as written day to day, e.g. "Doi Kenichi".
    #[arg(long)]
    name: String,
    /// Name in its own script, e.g. 土居健市.
    #[arg(long)]
    native_name: Option<String>,
    /// Reading or romanization, e.g. "ドイ ケンイチ".
    #[arg(long)]
    reading: Option<String>,
    /// Organization by name; created (kind "other") if there is none.
    #[arg(long)]
    org: Option<String>,
    #[arg(long)]
    role: Option<String>,
    /// `label:address` or an address; repeatable.
    #[arg(long)]
    email: Vec<String>,
    /// `label:number` or a number; repeatable.
    #[arg(long)]
    phone: Vec<String>,
    /// Language code such as sw or ja; repeatable.
    #[arg(long = "language")]
    languages: Vec<String>,
    #[arg(long)]
    country: Option<String>,
    #[arg(long)]
    city: Option<String>,
    /// Repeatable.
    #[arg(long)]
    tag: Vec<String>,
}

#[derive(Debug, Args)]
pub struct OrgArgs {
    #[arg(long)]
    name: String,
    /// One of: donor_ngo, local_ngo, local_government, university, company,
    /// government, international, other.
    #[arg(long, default_value = "other")]
    kind: String,
    #[arg(long)]
    country: Option<String>,
    #[arg(long)]
    city: Option<String>,
    #[arg(long)]
    website: Option<String>,
    /// Repeatable.
    #[arg(long)]
    tag: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ProjectArgs {
    #[arg(long)]
    title: String,
    /// Reference code, e.g. FB-2026-0042.
    #[arg(long = "ref")]
    ref_code: Option<String>,
    /// Implementing organization by name; created (kind "other") if there is none.
    #[arg(long)]
    org: Option<String>,
    /// Partner organization by name (must exist); repeatable.
    #[arg(long)]
    partner: Vec<String>,
    /// Host country.
    #[arg(long)]
    country: Option<String>,
    #[arg(long)]
    site: Option<String>,
    /// health, agriculture, education, water, ...
    #[arg(long)]
    sector: Option<String>,
    /// Programme type: support, partner, local_activation (once local_government) or other.
    #[arg(long = "type")]
    programme_type: Option<String>,
    /// Status: idea, consultation, proposal, under_review, approved,
    /// in_progress, completed, evaluated, suspended or cancelled.
    #[arg(long, default_value = "idea")]
    status: String,
    /// YYYY-MM-DD, or t, y, +3d, -1w, +2m.
    #[arg(long)]
    start: Option<String>,
    #[arg(long)]
    end: Option<String>,
    /// Amount and currency, e.g. "12000000 JPY".
    #[arg(long, allow_hyphen_values = true)]
    budget: Option<String>,
    #[arg(long)]
    summary: Option<String>,
}

pub fn run(store: &mut Store, cmd: &AddCommand) -> anyhow::Result<Exit> {
    let id = match cmd {
        AddCommand::Contact(args) => add_contact(store, args)?,
        AddCommand::Org(args) => add_org(store, args)?,
        AddCommand::Project(args) => add_project(store, args)?,
        AddCommand::Event(args) => super::event::add(store, args)?,
        AddCommand::Deliverable(args) => super::deliverable::add(store, args)?,

        AddCommand::Registration(args) => super::registration::add(store, args)?,
    };
    println!("{id}");
    Ok(Exit::Success)
}

/// A flag's value could not be understood; names the flag.
pub(super) fn flag_error(flag: &str, message: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("--{flag}: {message}")
}

/// `--country` as an ISO code: `KE`, `ke` and `Kenya` are all stored as `KE`.
pub(super) fn country_flag(value: &Option<String>) -> anyhow::Result<Option<String>> {
    crate::domain::country::parse_edit(value.as_deref(), None).map_err(|e| flag_error("country", e))
}

fn add_org(store: &mut Store, args: &OrgArgs) -> anyhow::Result<Id> {
    let kind = OrgKind::parse(&args.kind).map_err(|e| flag_error("kind", e))?;
    let mut org = Organization::new(args.name.trim(), kind);
    org.country = country_flag(&args.country)?;
    org.city = clean_opt(args.city.clone());
    org.website = clean_opt(args.website.clone());
    org.tags = list_flag(&args.tag);
    store.write(|tx| tx.save_organization(&org))?;
    Ok(org.meta.id)
}

fn add_contact(store: &mut Store, args: &ContactArgs) -> anyhow::Result<Id> {
    let mut c = Contact::new(args.name.trim());
    c.native_name = clean_opt(args.native_name.clone());
    c.reading = clean_opt(args.reading.clone());
    c.role = clean_opt(args.role.clone());
    c.country = country_flag(&args.country)?;
    c.city = clean_opt(args.city.clone());
    c.tags = list_flag(&args.tag);
    c.languages = list_flag(&args.languages);
    c.phones = phones_flag(&args.phone);
    c.emails = emails_flag(&args.email);
    // Validate before the organization is looked up or created, so bad
    // input never leaves a stray organization behind.
    c.validate().map_err(|errors| StoreError::Invalid {
        kind: RecordKind::Contact,
        errors,
    })?;
    let id = store.write(|tx| -> anyhow::Result<Id> {
        if let Some(name) = &args.org {
            c.organization_id = Some(org_by_name_or_new(tx, "org", name)?);
        }
        tx.save_contact(&c)?;
        Ok(c.meta.id)
    })?;
    Ok(id)
}

fn add_project(store: &mut Store, args: &ProjectArgs) -> anyhow::Result<Id> {
    let mut p = Project::new(args.title.trim());
    p.ref_code = clean_opt(args.ref_code.clone());
    p.host_country = country_flag(&args.country)?;
    p.site = clean_opt(args.site.clone());
    p.sector = clean_opt(args.sector.clone());
    p.summary = clean_opt(args.summary.clone());
    p.status = ProjectStatus::parse(&args.status).map_err(|e| flag_error("status", e))?;
    p.programme_type = type_flag(args.programme_type.as_deref())?;
    p.start_date = date_flag("start", args.start.as_deref())?;
    p.end_date = date_flag("end", args.end.as_deref())?;
    p.budget = budget_flag(args.budget.as_deref())?;
    p.validate().map_err(|errors| StoreError::Invalid {
        kind: RecordKind::Project,
        errors,
    })?;
    let id = store.write(|tx| -> anyhow::Result<Id> {
        for name in &args.partner {
            p.partner_org_ids.push(existing_org(tx, "partner", name)?);
        }
        if let Some(name) = &args.org {
            p.implementing_org_id = Some(org_by_name_or_new(tx, "org", name)?);
        }
        tx.save_project(&p)?;
        Ok(p.meta.id)
    })?;
    Ok(id)
}

/// `label:number` or a number, each.
pub(super) fn phones_flag(values: &[String]) -> Vec<Phone> {
    values
        .iter()
        .map(|p| {
            let (label, value) = split_labelled(p);
            Phone { label, value }
        })
        .collect()
}

/// `label:address` or an address, each.
pub(super) fn emails_flag(values: &[String]) -> Vec<Email> {
    values
        .iter()
        .map(|e| {
            let (label, value) = split_labelled(e);
            Email { label, value }
        })
        .collect()
}

/// Tags or languages, trimmed.
pub(super) fn list_flag(values: &[String]) -> Vec<String> {
    values.iter().map(|t| t.trim().to_string()).collect()
}

/// A date flag: YYYY-MM-DD, or t, y, +3d, -1w, +2m from today.
pub(super) fn date_flag(flag: &str, value: Option<&str>) -> anyhow::Result<Option<NaiveDate>> {
    value
        .map(|v| parse_date(v, local_today()).map_err(|e| flag_error(flag, e)))
        .transpose()
}

/// `--type`: a programme type.
pub(super) fn type_flag(value: Option<&str>) -> anyhow::Result<Option<ProgrammeType>> {
    value
        .map(|t| ProgrammeType::parse(t).map_err(|e| flag_error("type", e)))
        .transpose()
}

/// `--budget`: an amount and its currency.
pub(super) fn budget_flag(value: Option<&str>) -> anyhow::Result<Option<Money>> {
    value
        .map(|b| Money::parse(b).map_err(|e| flag_error("budget", e)))
        .transpose()
}

/// The organization with this name; refuses a name several share, listing them.
pub(super) fn existing_org(tx: &Tx<'_>, flag: &str, name: &str) -> anyhow::Result<Id> {
    match find_org(tx, flag, name)? {
        Some(id) => Ok(id),
        None => bail!("--{flag}: no organization is named '{}'", name.trim()),
    }
}

/// The organization with this name, or a new one (kind "other") if none has it.
pub(super) fn org_by_name_or_new(tx: &Tx<'_>, flag: &str, name: &str) -> anyhow::Result<Id> {
    if let Some(id) = find_org(tx, flag, name)? {
        return Ok(id);
    }
    let org = Organization::new(name.trim(), OrgKind::Other);
    tx.save_organization(&org)
        .map_err(|e| flag_error(flag, e))?;
    eprintln!(
        "created organization '{}' ({})",
        crate::domain::text::clean(&org.name),
        org.meta.id
    );
    Ok(org.meta.id)
}

fn find_org(tx: &Tx<'_>, flag: &str, name: &str) -> anyhow::Result<Option<Id>> {
    let found = tx.reader().organizations_named(name)?;
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.meta.id)),
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|o| {
                    let place = o
                        .city
                        .as_deref()
                        .or(o.country.as_deref())
                        .unwrap_or("no city");
                    crate::domain::text::clean(&format!("'{}' ({place}, {})", o.name, o.meta.id))
                })
                .collect();
            Err(flag_error(
                flag,
                format!(
                    "'{}' matches {} organizations: {}",
                    name.trim(),
                    many.len(),
                    list.join(", ")
                ),
            ))
        }
    }
}
