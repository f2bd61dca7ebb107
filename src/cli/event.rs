//! `fieldbook add event` and `fieldbook event edit|show|list`: events from
//! flags, and what an event looks like after the day (attendance counts by
//! status and by kind of organization). The guest list's commands are in
//! `event_guests`.

use anyhow::bail;
use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::Exit;
use super::event_guests::{AttendArgs, InviteArgs};
use crate::domain::date::{local_today, parse_date};
use crate::domain::event::parse_time;
use crate::domain::text::clean;
use crate::domain::validate::clean_opt;
use crate::domain::*;
use crate::store::views::EventDetail;
use crate::store::{Store, StoreError, Tx};

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Invite many at once: an organization's people, everyone with a tag
    /// or in a country, named contacts, or a search's matches.
    Invite(InviteArgs),
    /// Mark who came (or, with --status, any other status) on the day.
    Attend(AttendArgs),
    /// The event, its attendance by status and by kind of organization, and
    /// its guest list.
    Show(ShowArgs),
    /// Events between two dates (default: all), oldest first.
    List(ListArgs),
    /// Change an event's fields; those not given stay as they are.
    Edit(EditArgs),
}

/// The fields of an event as flags: required to add one, optional to edit.
#[derive(Debug, Args)]
pub struct EventFields {
    /// seminar, forum, training, workshop or meeting.
    #[arg(long)]
    kind: Option<String>,
    /// The first day: YYYY-MM-DD, or t, y, +3d, -1w, +2m.
    #[arg(long)]
    date: Option<String>,
    /// The last day of an event over several days.
    #[arg(long)]
    end_date: Option<String>,
    /// Start time, HH:MM (24-hour).
    #[arg(long)]
    time: Option<String>,
    /// End time, HH:MM.
    #[arg(long)]
    end_time: Option<String>,
    #[arg(long)]
    place: Option<String>,
    /// Held online (with --place: both).
    #[arg(long)]
    online: bool,
    /// The organization that runs it, by name (default: the desk).
    #[arg(long)]
    organizer: Option<String>,
    /// Related project, by reference code or title.
    #[arg(long)]
    project: Option<String>,
    /// Agenda or notes.
    #[arg(long)]
    agenda: Option<String>,
}

#[derive(Debug, Args)]
pub struct AddEventArgs {
    #[arg(long)]
    title: String,
    #[command(flatten)]
    fields: EventFields,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The event: its title (or part of it) or its id.
    event: String,
    #[arg(long)]
    title: Option<String>,
    #[command(flatten)]
    fields: EventFields,
    /// No longer online.
    #[arg(long, conflicts_with = "online")]
    not_online: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The event: its title (or part of it) or its id.
    event: String,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long)]
    from: Option<String>,
    #[arg(long)]
    to: Option<String>,
}

pub fn run(store: &mut Store, cmd: &EventCommand) -> anyhow::Result<Exit> {
    match cmd {
        EventCommand::Invite(args) => super::event_guests::invite(store, args),
        EventCommand::Attend(args) => super::event_guests::attend(store, args),
        EventCommand::Show(args) => show(store, args),
        EventCommand::List(args) => list(store, args),
        EventCommand::Edit(args) => edit(store, args),
    }
}

fn flag_error(flag: &str, message: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("--{flag}: {message}")
}

fn date_flag(flag: &str, value: &str) -> anyhow::Result<NaiveDate> {
    parse_date(value, local_today()).map_err(|e| flag_error(flag, e))
}

fn time_flag(flag: &str, value: &str) -> anyhow::Result<String> {
    parse_time(value).map_err(|e| flag_error(flag, e))
}

/// `fieldbook add event`: prints the new event's id.
pub fn add(store: &mut Store, args: &AddEventArgs) -> anyhow::Result<Id> {
    let f = &args.fields;
    let Some(kind) = &f.kind else {
        bail!("--kind: is required; use one of: seminar, forum, training, workshop, meeting");
    };
    let kind = EventKind::parse(kind).map_err(|e| flag_error("kind", e))?;
    let Some(date) = &f.date else {
        bail!("--date: is required (the first day, YYYY-MM-DD)");
    };
    let mut event = Event::new(args.title.trim(), kind, date_flag("date", date)?);
    apply(&mut event, f)?;
    check(&event)?;
    store.write(|tx| -> anyhow::Result<()> {
        link(tx, &mut event, f)?;
        tx.save_event(&event)?;
        Ok(())
    })?;
    Ok(event.meta.id)
}

/// The flags given, on top of what the event has.
fn apply(e: &mut Event, f: &EventFields) -> anyhow::Result<()> {
    if let Some(kind) = &f.kind {
        e.kind = EventKind::parse(kind).map_err(|err| flag_error("kind", err))?;
    }
    if let Some(d) = &f.date {
        e.start_date = date_flag("date", d)?;
    }
    if let Some(d) = &f.end_date {
        e.end_date = Some(date_flag("end-date", d)?);
    }
    if let Some(t) = &f.time {
        e.start_time = Some(time_flag("time", t)?);
    }
    if let Some(t) = &f.end_time {
        e.end_time = Some(time_flag("end-time", t)?);
    }
    if f.place.is_some() {
        e.place = clean_opt(f.place.clone());
    }
    if f.online {
        e.online = true;
    }
    if let Some(agenda) = &f.agenda {
        e.agenda = agenda.trim().to_string();
    }
    Ok(())
}

/// The domain's checks, with each field named as its flag.
fn check(e: &Event) -> anyhow::Result<()> {
    e.validate().map_err(|errors| {
        let flagged: Vec<String> = errors
            .0
            .iter()
            .map(|err| format!("--{}: {}", flag_of(&err.field), err.message))
            .collect();
        anyhow::anyhow!("{}", flagged.join("; "))
    })
}

fn flag_of(field: &str) -> &str {
    match field {
        "start time" => "time",
        "end time" => "end-time",
        "end date" => "end-date",
        other => other,
    }
}

/// The organizer and project flags, looked up in the book.
fn link(tx: &Tx<'_>, e: &mut Event, f: &EventFields) -> anyhow::Result<()> {
    if let Some(name) = &f.organizer {
        e.organizer_org_id = Some(super::resolve::organization(tx, "organizer", name)?.meta.id);
    }
    if let Some(key) = &f.project {
        e.project_id = Some(super::resolve::project(tx, "project", key)?.meta.id);
    }
    Ok(())
}

fn edit(store: &mut Store, args: &EditArgs) -> anyhow::Result<Exit> {
    let id = store.write(|tx| -> anyhow::Result<Id> {
        let mut e = find(tx, &args.event)?;
        if let Some(title) = &args.title {
            e.title = title.trim().to_string();
        }
        apply(&mut e, &args.fields)?;
        if args.not_online {
            e.online = false;
        }
        check(&e)?;
        link(tx, &mut e, &args.fields)?;
        tx.save_event(&e).map_err(|err| match err {
            StoreError::Invalid { errors, .. } => anyhow::anyhow!("{errors}"),
            other => other.into(),
        })?;
        Ok(e.meta.id)
    })?;
    println!("{id}");
    Ok(Exit::Success)
}

/// The one live event with this id or title (or a title containing it);
/// several are refused, with the candidates.
pub fn find(tx: &Tx<'_>, key: &str) -> anyhow::Result<Event> {
    if let Ok(id) = uuid::Uuid::parse_str(key.trim()) {
        return match tx
            .reader()
            .event(id)?
            .filter(|e| e.meta.deleted_at.is_none())
        {
            Some(e) => Ok(e),
            None => bail!("event: no event has the id {id}"),
        };
    }
    let mut found = tx.reader().events_matching(key)?;
    match found.len() {
        0 => bail!("event: no event has a title like '{}'", clean(key.trim())),
        1 => Ok(found.remove(0)),
        n => {
            let list: Vec<String> = found
                .iter()
                .map(|e| clean(&format!("{} {} ({})", e.start_date, e.title, e.meta.id)))
                .collect();
            bail!(
                "event: '{}' matches {n} events: {}; use the id instead",
                clean(key.trim()),
                list.join("; ")
            )
        }
    }
}

fn show(store: &mut Store, args: &ShowArgs) -> anyhow::Result<Exit> {
    let id = store.write(|tx| Ok::<_, anyhow::Error>(find(tx, &args.event)?.meta.id))?;
    let Some(d) = store.read().event_detail(id)? else {
        bail!("event: it is gone");
    };
    print!("{}", describe(&d));
    Ok(Exit::Success)
}

/// The event as text: its fields, the attendance counts, the guest list.
fn describe(d: &EventDetail) -> String {
    let e = &d.event;
    let mut out = format!("{} ({})\n", clean(&e.title), e.kind.key());
    let days = match e.end_date {
        Some(end) if end != e.start_date => format!("{} to {end}", e.start_date),
        _ => e.start_date.to_string(),
    };
    let times = [e.start_time.as_deref(), e.end_time.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("-");
    out += &format!(
        "date: {days}{}\n",
        if times.is_empty() {
            String::new()
        } else {
            format!(" {times}")
        }
    );
    let place = e.where_text();
    if !place.is_empty() {
        out += &format!("place: {}\n", clean(&place));
    }
    let organizer = d.organizer.as_ref().and_then(|o| o.name.clone());
    out += &format!(
        "organizer: {}\n",
        clean(organizer.as_deref().unwrap_or("the desk"))
    );
    if let Some(name) = d.project.as_ref().and_then(|p| p.name.clone()) {
        out += &format!("project: {}\n", clean(&name));
    }
    let a = &d.attendance;
    out += &format!("invitees: {}\n", a.total);
    for (status, n) in &a.by_status {
        out += &format!("  {:<11} {n}\n", status.key());
    }
    if !a.by_org_kind.is_empty() {
        out += "attended by kind of organization:\n";
        for k in &a.by_org_kind {
            let kind = k.kind.map_or("none", |k| k.key());
            out += &format!("  {kind:<17} {} of {}\n", k.attended, k.invited);
        }
    }
    if !d.invitees.is_empty() {
        out += "guest list:\n";
        for l in &d.invitees {
            let name = l.name.as_deref().unwrap_or("(missing)");
            let org = match (&l.organization, l.who) {
                (Some(o), InviteeRef::Contact(_)) => format!(" ({o})"),
                _ => String::new(),
            };
            out += &format!(
                "  {:<10} {:<11} {}\n",
                l.status.key(),
                l.role.key(),
                clean(&format!("{name}{org}"))
            );
        }
    }
    out
}

fn list(store: &mut Store, args: &ListArgs) -> anyhow::Result<Exit> {
    let from = match &args.from {
        Some(d) => date_flag("from", d)?,
        None => crate::domain::date::EARLIEST,
    };
    let to = match &args.to {
        Some(d) => date_flag("to", d)?,
        None => crate::domain::date::LATEST,
    };
    if to < from {
        bail!("--to: {to} is before --from {from}");
    }
    for e in store.read().events_between(from, to)? {
        let attended = e
            .invitees
            .iter()
            .filter(|i| i.status == InviteeStatus::Attended)
            .count();
        println!(
            "{}\t{}\t{}\t{attended}/{}\t{}",
            e.start_date,
            e.kind.key(),
            clean(&e.title),
            e.invitees.len(),
            e.meta.id
        );
    }
    Ok(Exit::Success)
}
