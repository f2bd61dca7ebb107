//! `fieldbook edit contact|org|project|visit|follow-up RECORD --FIELD VALUE`:
//! changes the fields given, with the flags and rules of `add` and
//! `log-visit`, in one transaction, and prints what changed
//! (`role: Programme officer -> Director`). Nothing is written when a flag
//! is wrong or when nothing changes. An empty value clears a field; a
//! repeatable flag (`--phone`, `--tag`...) replaces the whole list. A
//! project's status is `fieldbook status`'s job (it keeps the history).

use anyhow::bail;
use clap::{Args, Subcommand};

use super::add::{
    budget_flag, country_flag, date_flag, emails_flag, flag_error, list_flag, org_by_name_or_new,
    phones_flag, type_flag,
};
use super::edit_changes::{Changes, non_empty, optional, shown};
use super::{Exit, resolve};
use crate::domain::text::clean;
use crate::domain::*;
use crate::store::{Store, StoreError, Tx};

#[derive(Debug, Subcommand)]
pub enum EditCommand {
    /// Change a contact (by id, name or native-script name).
    Contact(ContactEdit),
    /// Change an organization (by id or name).
    Org(OrgEdit),
    /// Change a project (by id, reference code or title).
    Project(ProjectEdit),
    /// Change a visit (by id: `fieldbook search` prints it).
    Visit(VisitEdit),
    /// Change a follow-up (by id: `fieldbook search` prints it).
    FollowUp(FollowUpEdit),
}

#[derive(Debug, Args)]
pub struct ContactEdit {
    /// The contact: id, name or native-script name.
    record: String,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    native_name: Option<String>,
    #[arg(long)]
    reading: Option<String>,
    /// Organization by name; created (kind "other") if there is none; "" for none.
    #[arg(long)]
    org: Option<String>,
    #[arg(long)]
    role: Option<String>,
    /// `label:address` or an address; repeatable; replaces the list.
    #[arg(long)]
    email: Vec<String>,
    /// `label:number` or a number; repeatable; replaces the list.
    #[arg(long)]
    phone: Vec<String>,
    /// Language code such as sw or ja; repeatable; replaces the list.
    #[arg(long = "language")]
    languages: Vec<String>,
    #[arg(long)]
    country: Option<String>,
    #[arg(long)]
    city: Option<String>,
    /// Repeatable; replaces the list.
    #[arg(long)]
    tag: Vec<String>,
}

#[derive(Debug, Args)]
pub struct OrgEdit {
    /// The organization: id or name.
    record: String,
    #[arg(long)]
    name: Option<String>,
    /// donor_ngo, local_ngo, local_government, university, company,
    /// government, international or other.
    #[arg(long)]
    kind: Option<String>,
    #[arg(long)]
    country: Option<String>,
    #[arg(long)]
    city: Option<String>,
    #[arg(long)]
    website: Option<String>,
    /// Repeatable; replaces the list.
    #[arg(long)]
    tag: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ProjectEdit {
    /// The project: id, reference code or title.
    record: String,
    #[arg(long)]
    title: Option<String>,
    #[arg(long = "ref")]
    ref_code: Option<String>,
    /// Implementing organization by name; created (kind "other") if there is none.
    #[arg(long)]
    org: Option<String>,
    /// Partner organization by name (must exist); repeatable; replaces the list.
    #[arg(long)]
    partner: Vec<String>,
    #[arg(long)]
    country: Option<String>,
    #[arg(long)]
    site: Option<String>,
    #[arg(long)]
    sector: Option<String>,
    /// Programme type: support, partner, local_activation or other.
    #[arg(long = "type")]
    programme_type: Option<String>,
    /// YYYY-MM-DD, or t, y, +3d, -1w, +2m; "" for none.
    #[arg(long, allow_hyphen_values = true)]
    start: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    end: Option<String>,
    /// Amount and currency, e.g. "12000000 JPY"; "" for none.
    #[arg(long, allow_hyphen_values = true)]
    budget: Option<String>,
    #[arg(long)]
    summary: Option<String>,
    /// Refused: a status change goes through `fieldbook status`.
    #[arg(long, hide = true)]
    status: Option<String>,
}

#[derive(Debug, Args)]
pub struct VisitEdit {
    /// The visit's id.
    record: String,
    /// YYYY-MM-DD, or t, y, -3d...
    #[arg(long, allow_hyphen_values = true)]
    date: Option<String>,
    /// The project, by reference code, title or id; "" for none.
    #[arg(long)]
    project: Option<String>,
    /// Someone met (name, native-script name or id); repeatable; replaces the list.
    #[arg(long = "with")]
    with: Vec<String>,
    #[arg(long)]
    place: Option<String>,
    /// monitoring, formulation, consultation, forum or other.
    #[arg(long)]
    purpose: Option<String>,
    #[arg(long)]
    observations: Option<String>,
    #[arg(long)]
    issues: Option<String>,
}

#[derive(Debug, Args)]
pub struct FollowUpEdit {
    /// The follow-up's id.
    record: String,
    /// What is to be done.
    #[arg(long)]
    text: Option<String>,
    /// Who does it: a contact (name or id), or `me`.
    #[arg(long)]
    owner: Option<String>,
    /// YYYY-MM-DD, or t, +3d, +1w...; "" for none.
    #[arg(long, allow_hyphen_values = true)]
    due: Option<String>,
}

fn invalid(kind: RecordKind, errors: Invalid) -> anyhow::Error {
    StoreError::Invalid { kind, errors }.into()
}

/// A record named by id (visits and follow-ups have no name).
fn by_id(kind: RecordKind, key: &str) -> anyhow::Result<Id> {
    uuid::Uuid::parse_str(key.trim()).map_err(|_| {
        anyhow::anyhow!(
            "'{}' is not a {} id: a {} is named by its id (`fieldbook search` prints it)",
            clean(key.trim()),
            kind.label(),
            kind.label()
        )
    })
}

pub fn run(store: &mut Store, cmd: &EditCommand) -> anyhow::Result<Exit> {
    let (title, changes) = match cmd {
        EditCommand::Contact(args) => edit_contact(store, args)?,
        EditCommand::Org(args) => edit_org(store, args)?,
        EditCommand::Project(args) => edit_project(store, args)?,
        EditCommand::Visit(args) => edit_visit(store, args)?,
        EditCommand::FollowUp(args) => edit_follow_up(store, args)?,
    };
    if changes.0.is_empty() {
        println!("{}: nothing to change", clean(&title));
    } else {
        println!("{}:", clean(&title));
        for line in &changes.0 {
            println!("  {}", clean(line));
        }
    }
    Ok(Exit::Success)
}

fn edit_contact(store: &mut Store, args: &ContactEdit) -> anyhow::Result<(String, Changes)> {
    let country = country_flag(&args.country)?;
    store.write(|tx| -> anyhow::Result<(String, Changes)> {
        let mut c = resolve::contact(tx, "", &args.record)?;
        let title = c.display_name.clone();
        let mut ch = Changes::default();
        if let Some(name) = &args.name {
            ch.set(
                "name",
                &mut c.display_name,
                name.trim().to_string(),
                String::clone,
            );
        }
        ch.text("native name", &mut c.native_name, &args.native_name);
        ch.text("reading", &mut c.reading, &args.reading);
        ch.text("role", &mut c.role, &args.role);
        ch.text("city", &mut c.city, &args.city);
        if args.country.is_some() {
            ch.set("country", &mut c.country, country, optional);
        }
        let show_labelled = |label: &str, value: &str| {
            if label.is_empty() {
                value.to_string()
            } else {
                format!("{label}:{value}")
            }
        };
        ch.list(
            "phones",
            &mut c.phones,
            &args.phone,
            phones_flag(&non_empty(&args.phone)),
            |p| show_labelled(&p.label, &p.value),
        );
        ch.list(
            "e-mails",
            &mut c.emails,
            &args.email,
            emails_flag(&non_empty(&args.email)),
            |e| show_labelled(&e.label, &e.value),
        );
        ch.list(
            "languages",
            &mut c.languages,
            &args.languages,
            list_flag(&non_empty(&args.languages)),
            String::clone,
        );
        ch.list(
            "tags",
            &mut c.tags,
            &args.tag,
            list_flag(&non_empty(&args.tag)),
            String::clone,
        );
        // Checked before an organization is looked up or created.
        c.validate().map_err(|e| invalid(RecordKind::Contact, e))?;
        if let Some(name) = &args.org {
            let new = org_or_none(tx, name, c.organization_id)?;
            let names = org_names(tx);
            ch.set("organization", &mut c.organization_id, new, names);
        }
        if !ch.0.is_empty() {
            tx.save_contact(&c)?;
        }
        Ok((title, ch))
    })
}

/// `--org NAME` on an edit: "" for none, the current organization when it
/// is named again, else as `add` finds (or creates) it.
fn org_or_none(tx: &Tx<'_>, name: &str, current: Option<Id>) -> anyhow::Result<Option<Id>> {
    if name.trim().is_empty() {
        return Ok(None);
    }
    if let Some(id) = current {
        let same = tx
            .reader()
            .organizations_named(name)?
            .iter()
            .any(|o| o.meta.id == id);
        if same {
            return Ok(Some(id));
        }
    }
    org_by_name_or_new(tx, "org", name).map(Some)
}

/// Shows an organization id by its name.
fn org_names<'a>(tx: &'a Tx<'_>) -> impl Fn(&Option<Id>) -> String + 'a {
    move |id| {
        id.and_then(|id| tx.reader().organization(id).ok().flatten())
            .map_or_else(|| "(none)".into(), |o| o.name)
    }
}

fn edit_org(store: &mut Store, args: &OrgEdit) -> anyhow::Result<(String, Changes)> {
    let kind = args
        .kind
        .as_deref()
        .map(|k| OrgKind::parse(k).map_err(|e| flag_error("kind", e)))
        .transpose()?;
    let country = country_flag(&args.country)?;
    store.write(|tx| -> anyhow::Result<(String, Changes)> {
        let mut o = resolve::organization(tx, "", &args.record)?;
        let title = o.name.clone();
        let mut ch = Changes::default();
        if let Some(name) = &args.name {
            ch.set("name", &mut o.name, name.trim().to_string(), String::clone);
        }
        if let Some(kind) = kind {
            ch.set("kind", &mut o.kind, kind, |k| k.key().to_string());
        }
        if args.country.is_some() {
            ch.set("country", &mut o.country, country, optional);
        }
        ch.text("city", &mut o.city, &args.city);
        ch.text("website", &mut o.website, &args.website);
        ch.list(
            "tags",
            &mut o.tags,
            &args.tag,
            list_flag(&non_empty(&args.tag)),
            String::clone,
        );
        o.validate()
            .map_err(|e| invalid(RecordKind::Organization, e))?;
        if !ch.0.is_empty() {
            tx.save_organization(&o)?;
        }
        Ok((title, ch))
    })
}

/// A date flag on an edit: "" clears it.
fn edit_date(flag: &str, value: &Option<String>) -> anyhow::Result<Option<chrono::NaiveDate>> {
    date_flag(flag, value.as_deref().filter(|v| !v.trim().is_empty()))
}

fn edit_project(store: &mut Store, args: &ProjectEdit) -> anyhow::Result<(String, Changes)> {
    if args.status.is_some() {
        bail!(
            "--status: a project's status changes with `fieldbook status`, which keeps its history"
        );
    }
    let country = country_flag(&args.country)?;
    let programme_type = type_flag(args.programme_type.as_deref())?;
    let start = edit_date("start", &args.start)?;
    let end = edit_date("end", &args.end)?;
    let budget = budget_flag(args.budget.as_deref().filter(|b| !b.trim().is_empty()))?;
    store.write(|tx| -> anyhow::Result<(String, Changes)> {
        let mut p = resolve::project(tx, "", &args.record)?;
        let title = p.ref_code.clone().unwrap_or_else(|| p.title.clone());
        let mut ch = Changes::default();
        if let Some(t) = &args.title {
            ch.set("title", &mut p.title, t.trim().to_string(), String::clone);
        }
        ch.text("ref", &mut p.ref_code, &args.ref_code);
        if args.country.is_some() {
            ch.set("country", &mut p.host_country, country, optional);
        }
        ch.text("site", &mut p.site, &args.site);
        ch.text("sector", &mut p.sector, &args.sector);
        ch.text("summary", &mut p.summary, &args.summary);
        if args.programme_type.is_some() {
            ch.set("type", &mut p.programme_type, programme_type, |t| {
                t.map_or("(none)".into(), |t| t.key().to_string())
            });
        }
        let show_date =
            |d: &Option<chrono::NaiveDate>| d.map_or("(none)".into(), |d| d.to_string());
        if args.start.is_some() {
            ch.set("start", &mut p.start_date, start, show_date);
        }
        if args.end.is_some() {
            ch.set("end", &mut p.end_date, end, show_date);
        }
        if args.budget.is_some() {
            ch.set("budget", &mut p.budget, budget, |b| {
                b.as_ref().map_or("(none)".into(), |b| b.to_string())
            });
        }
        p.validate().map_err(|e| invalid(RecordKind::Project, e))?;
        if !args.partner.is_empty() {
            let mut partners = Vec::new();
            for name in &non_empty(&args.partner) {
                partners.push(super::add::existing_org(tx, "partner", name)?);
            }
            let names = org_names(tx);
            ch.list(
                "partners",
                &mut p.partner_org_ids,
                &args.partner,
                partners,
                |id| names(&Some(*id)),
            );
        }
        if let Some(name) = &args.org {
            let new = org_or_none(tx, name, p.implementing_org_id)?;
            let names = org_names(tx);
            ch.set("organization", &mut p.implementing_org_id, new, names);
        }
        if !ch.0.is_empty() {
            tx.save_project(&p)?;
        }
        Ok((title, ch))
    })
}

fn edit_visit(store: &mut Store, args: &VisitEdit) -> anyhow::Result<(String, Changes)> {
    let id = by_id(RecordKind::Visit, &args.record)?;
    let date = match &args.date {
        Some(d) => date_flag("date", Some(d))?,
        None => None,
    };
    let purpose = args
        .purpose
        .as_deref()
        .map(|p| Purpose::parse(p).map_err(|e| flag_error("purpose", e)))
        .transpose()?;
    store.write(|tx| -> anyhow::Result<(String, Changes)> {
        let Some(mut v) = tx
            .reader()
            .visit(id)?
            .filter(|v| v.meta.deleted_at.is_none())
        else {
            bail!("no visit has the id {id}");
        };
        let title = format!("visit of {}", v.date);
        let mut ch = Changes::default();
        if let Some(date) = date {
            ch.set("date", &mut v.date, date, |d| d.to_string());
        }
        if let Some(purpose) = purpose {
            ch.set("purpose", &mut v.purpose, purpose, |p| p.key().to_string());
        }
        ch.text("place", &mut v.place, &args.place);
        if let Some(text) = &args.observations {
            ch.set(
                "observations",
                &mut v.observations,
                text.trim().to_string(),
                |t| shown(t),
            );
        }
        if let Some(text) = &args.issues {
            ch.set("issues", &mut v.issues, text.trim().to_string(), |t| {
                shown(t)
            });
        }
        if let Some(key) = &args.project {
            let new = if key.trim().is_empty() {
                None
            } else {
                Some(resolve::project(tx, "project", key)?.meta.id)
            };
            ch.set("project", &mut v.project_id, new, |id| {
                id.and_then(|id| tx.reader().project(id).ok().flatten())
                    .map_or_else(|| "(none)".into(), |p| p.ref_code.unwrap_or(p.title))
            });
        }
        if !args.with.is_empty() {
            let mut met = Vec::new();
            for name in &non_empty(&args.with) {
                let id = resolve::contact(tx, "with", name)?.meta.id;
                if !met.contains(&id) {
                    met.push(id);
                }
            }
            ch.list(
                "people met",
                &mut v.participant_ids,
                &args.with,
                met,
                |id| {
                    tx.reader()
                        .contact(*id)
                        .ok()
                        .flatten()
                        .map_or_else(|| id.to_string(), |c| c.display_name)
                },
            );
        }
        v.validate().map_err(|e| invalid(RecordKind::Visit, e))?;
        if !ch.0.is_empty() {
            tx.save_visit(&v)?;
        }
        Ok((title, ch))
    })
}

fn edit_follow_up(store: &mut Store, args: &FollowUpEdit) -> anyhow::Result<(String, Changes)> {
    let id = by_id(RecordKind::FollowUp, &args.record)?;
    let due = edit_date("due", &args.due)?;
    store.write(|tx| -> anyhow::Result<(String, Changes)> {
        let Some(mut f) = tx
            .reader()
            .follow_up(id)?
            .filter(|f| f.meta.deleted_at.is_none())
        else {
            bail!("no follow-up has the id {id}");
        };
        let title = f.text.clone();
        let mut ch = Changes::default();
        if let Some(text) = &args.text {
            ch.set("text", &mut f.text, text.trim().to_string(), String::clone);
        }
        if args.due.is_some() {
            ch.set("due", &mut f.due_date, due, |d| {
                d.map_or("(none)".into(), |d| d.to_string())
            });
        }
        f.validate().map_err(|e| invalid(RecordKind::FollowUp, e))?;
        if let Some(name) = &args.owner {
            let new = match name.trim() {
                "" | "me" => Owner::Officer,
                name => Owner::Contact(resolve::contact(tx, "owner", name)?.meta.id),
            };
            ch.set("owner", &mut f.owner, new, |o| match o {
                Owner::Officer => "me".into(),
                Owner::Contact(id) => tx
                    .reader()
                    .contact(*id)
                    .ok()
                    .flatten()
                    .map_or_else(|| id.to_string(), |c| c.display_name),
            });
            if let Owner::Contact(id) = f.owner {
                f.contact_id = Some(id);
            }
        }
        if !ch.0.is_empty() {
            tx.save_follow_up(&f)?;
        }
        Ok((title, ch))
    })
}
