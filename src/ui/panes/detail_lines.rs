//! The words and layout of the details pane: what each kind of record shows,
//! in which order, under which labels, wrapped to the pane's width. The
//! store hands typed details (`store::views::Detail`); this turns them into
//! lines. Links are numbered in display order: that order is what the link
//! cursor moves through and what Enter opens.

use chrono::NaiveDate;

use crate::domain::country;
use crate::store::views::{
    ContactDetail, Detail, DetailBody, FollowUpDetail, FollowUpItem, Link, NamedLink,
    OrganizationDetail, ProjectDetail, VisitDetail,
};
use crate::ui::text::wrap;
use crate::ui::text::{fit, width};

mod event_lines;

mod attached;

mod consultation;

/// Cells of the label column (and the indent of a field's wrapped lines).
const LABEL_CELLS: usize = 13;

mod deliverable;
/// The indent of a section's items.
const ITEM_INDENT: &str = "  ";

/// How a piece of the pane looks; the theme turns it into colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Plain,
    Dim,
    Link,
    Overdue,
    Heading,
    Title,
    Error,
}

/// One line of the pane, once wrapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawnLine {
    /// The label column or the indent (drawn dim).
    pub prefix: String,
    pub text: String,
    pub look: Look,
    /// The number of the link this line belongs to, if any.
    pub link: Option<usize>,
}

/// One piece of the pane before wrapping.
enum Piece {
    Line(String, Look),
    Field {
        label: String,
        text: String,
        link: Option<Link>,
        look: Look,
    },
    Heading(String),
    Item {
        text: String,
        link: Option<Link>,
        look: Look,
    },
    None,
    Gap,
}

/// The pane's title: the record's own name.
pub fn title(detail: &Detail) -> String {
    match &detail.body {
        DetailBody::Contact(c) => c.contact.display_name.clone(),
        DetailBody::Organization(o) => o.organization.name.clone(),
        DetailBody::Project(p) => p.project.title.clone(),
        DetailBody::Visit(v) => match &v.visit.place {
            Some(place) => format!("Visit {}, {place}", date(v.visit.date)),
            None => format!("Visit {}", date(v.visit.date)),
        },
        DetailBody::FollowUp(f) => f.follow_up.text.clone(),
        DetailBody::Event(e) => e.event.title.clone(),
        DetailBody::Deliverable(d) => d.deliverable.display_title(),
        DetailBody::Consultation(c) => consultation::title(c),
    }
}

/// The links of the details, in display order (what the cursor moves
/// through). A method of `Detail` so that the update code can ask any
/// record's details; it lives here because the order is the layout's.
impl Detail {
    pub fn links(&self) -> Vec<Link> {
        links(self)
    }
}

fn links(detail: &Detail) -> Vec<Link> {
    pieces(detail)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Field { link, .. } | Piece::Item { link, .. } => link,
            _ => None,
        })
        .collect()
}

/// Every line of the details, wrapped to `cells`.
pub fn layout(detail: &Detail, cells: usize) -> Vec<DrawnLine> {
    let mut out = Vec::new();
    let mut links = 0usize;
    let mut number = |link: &Option<Link>| {
        link.map(|_| {
            links += 1;
            links - 1
        })
    };
    // A title longer than the border has room for is cut there: whole here.
    let title = title(detail);
    if width(&title) > cells.saturating_sub(4) {
        push_wrapped(&mut out, "", "", &title, Look::Title, None, cells);
    }
    for piece in pieces(detail) {
        match piece {
            Piece::Line(text, look) => push_wrapped(&mut out, "", "", &text, look, None, cells),
            Piece::Heading(text) => {
                push_wrapped(&mut out, "", "", &text, Look::Heading, None, cells)
            }
            Piece::Field {
                label,
                text,
                link,
                look,
            } => {
                let n = number(&link);
                let label = format!("{} ", fit(&label, LABEL_CELLS));
                let indent = " ".repeat(LABEL_CELLS + 1);
                for (i, paragraph) in paragraphs(&text).into_iter().enumerate() {
                    let first = if i == 0 { label.as_str() } else { &indent };
                    push_wrapped(&mut out, first, &indent, paragraph, look, n, cells);
                }
            }
            Piece::Item { text, link, look } => {
                let n = number(&link);
                push_wrapped(&mut out, ITEM_INDENT, "    ", &text, look, n, cells);
            }
            Piece::None => out.push(DrawnLine {
                prefix: ITEM_INDENT.into(),
                text: "none".into(),
                look: Look::Dim,
                link: None,
            }),
            Piece::Gap => out.push(DrawnLine {
                prefix: String::new(),
                text: String::new(),
                look: Look::Plain,
                link: None,
            }),
        }
    }
    out
}

/// The lines of a text; an empty text is one empty line.
fn paragraphs(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    if lines.is_empty() { vec![""] } else { lines }
}

/// `text` wrapped after `first` (on its first line) and `rest` (on the others).
fn push_wrapped(
    out: &mut Vec<DrawnLine>,
    first: &str,
    rest: &str,
    text: &str,
    look: Look,
    link: Option<usize>,
    cells: usize,
) {
    let room = cells.saturating_sub(width(first).max(width(rest))).max(1);
    for (i, part) in wrap(text, room).into_iter().enumerate() {
        out.push(DrawnLine {
            prefix: if i == 0 { first } else { rest }.to_string(),
            text: part,
            look,
            link,
        });
    }
}

fn pieces(detail: &Detail) -> Vec<Piece> {
    let mut out = Vec::new();
    if detail.deleted {
        out.push(Piece::Line("in the trash".into(), Look::Error));
    }
    match &detail.body {
        DetailBody::Contact(c) => contact(&mut out, c),
        DetailBody::Organization(o) => organization(&mut out, o),
        DetailBody::Project(p) => project(&mut out, p),
        DetailBody::Visit(v) => visit(&mut out, v),
        DetailBody::FollowUp(f) => follow_up(&mut out, f),
        DetailBody::Event(e) => event_lines::event(&mut out, e),
        DetailBody::Deliverable(d) => deliverable::details(&mut out, d),
        DetailBody::Consultation(c) => consultation::pieces(&mut out, c),
    }
    attached::pieces(&mut out, detail);
    out
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn plain(out: &mut Vec<Piece>, label: &str, text: impl Into<String>) {
    let text = text.into();
    if !text.is_empty() {
        out.push(Piece::Field {
            label: label.into(),
            text,
            link: None,
            look: Look::Plain,
        });
    }
}

fn name(link: &NamedLink) -> String {
    link.name
        .clone()
        .unwrap_or_else(|| format!("(missing {})", link.link.kind.label()))
}

fn linked(out: &mut Vec<Piece>, label: &str, link: &NamedLink) {
    out.push(Piece::Field {
        label: label.into(),
        text: name(link),
        link: Some(link.link),
        look: Look::Link,
    });
}

/// A section: its heading, then its items or "none".
fn section(out: &mut Vec<Piece>, heading: &str, items: Vec<Piece>) {
    out.push(Piece::Gap);
    out.push(Piece::Heading(heading.into()));
    if items.is_empty() {
        out.push(Piece::None);
    }
    out.extend(items);
}

fn link_items(links: &[NamedLink]) -> Vec<Piece> {
    links
        .iter()
        .map(|l| Piece::Item {
            text: name(l),
            link: Some(l.link),
            look: Look::Link,
        })
        .collect()
}

/// "[ ] Send the manual (Wanjiru) due 2026-05-01  OVERDUE"
fn follow_up_items(items: &[FollowUpItem]) -> Vec<Piece> {
    items
        .iter()
        .map(|f| {
            let mark = if f.done { "[x]" } else { "[ ]" };
            let owner = f.owner.as_deref().unwrap_or("me");
            let due = f
                .due
                .map(|d| format!(" due {}", date(d)))
                .unwrap_or_default();
            let overdue = if f.overdue { "  OVERDUE" } else { "" };
            Piece::Item {
                text: format!("{mark} {} ({owner}){due}{overdue}", f.text),
                link: Some(f.link()),
                look: if f.overdue { Look::Overdue } else { Look::Link },
            }
        })
        .collect()
}

fn place(city: Option<&String>, country_code: Option<&String>) -> String {
    [city.cloned(), country_code.map(|c| country::display(c))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
}

fn contact(out: &mut Vec<Piece>, d: &ContactDetail) {
    let c = &d.contact;
    if let Some(native) = &c.native_name {
        out.push(Piece::Line(native.clone(), Look::Title));
    }
    if let Some(org) = &d.organization {
        linked(out, "Organization", org);
    }
    plain(
        out,
        "Native name",
        c.native_name.clone().unwrap_or_default(),
    );
    plain(out, "Reading", c.reading.clone().unwrap_or_default());
    plain(out, "Role", c.role.clone().unwrap_or_default());
    for p in &c.phones {
        let label = if p.label.is_empty() {
            "Phone"
        } else {
            &p.label
        };
        plain(out, label, p.value.clone());
    }
    for e in &c.emails {
        let label = if e.label.is_empty() {
            "E-mail"
        } else {
            &e.label
        };
        plain(out, label, e.value.clone());
    }
    plain(out, "Languages", c.languages.join(", "));
    plain(out, "Place", place(c.city.as_ref(), c.country.as_ref()));
    plain(out, "Tags", c.tags.join(", "));
    consultation::last_contact(out, d);
    section(out, "Projects (through visits)", link_items(&d.projects));
    section(out, "Open follow-ups", follow_up_items(&d.open_follow_ups));
    let last: Vec<NamedLink> = d.last_visit.iter().cloned().collect();
    section(out, "Last visit", link_items(&last));
}

fn organization(out: &mut Vec<Piece>, d: &OrganizationDetail) {
    let o = &d.organization;
    plain(out, "Kind", o.kind.label());
    plain(out, "Place", place(o.city.as_ref(), o.country.as_ref()));
    plain(out, "Website", o.website.clone().unwrap_or_default());
    plain(out, "Tags", o.tags.join(", "));
    section(out, "People", link_items(&d.people));
    section(out, "Projects", link_items(&d.projects));
}

fn project(out: &mut Vec<Piece>, d: &ProjectDetail) {
    let p = &d.project;
    if let Some(code) = &p.ref_code {
        out.push(Piece::Line(code.clone(), Look::Title));
    }
    plain(out, "Status", p.status.label());
    plain(out, "Reference", p.ref_code.clone().unwrap_or_default());
    if let Some(org) = &d.implementing {
        linked(out, "Implementing", org);
    }
    for partner in &d.partners {
        linked(out, "Partner", partner);
    }
    plain(out, "Site", place(p.site.as_ref(), p.host_country.as_ref()));
    plain(out, "Sector", p.sector.clone().unwrap_or_default());
    plain(
        out,
        "Programme",
        p.programme_type.map(|t| t.label()).unwrap_or_default(),
    );
    if p.start_date.is_some() || p.end_date.is_some() {
        let show = |d: Option<NaiveDate>| d.map(date).unwrap_or_else(|| "?".into());
        plain(
            out,
            "Dates",
            format!("{} to {}", show(p.start_date), show(p.end_date)),
        );
    }
    plain(
        out,
        "Budget",
        p.budget.map(|b| b.to_string()).unwrap_or_default(),
    );
    plain(out, "Summary", p.summary.clone().unwrap_or_default());
    let history = d
        .history
        .iter()
        .map(|h| {
            let from = h
                .from
                .map(|f| format!("{} -> ", f.label()))
                .unwrap_or_default();
            let reason = h
                .reason
                .as_ref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default();
            Piece::Item {
                text: format!(
                    "{} {from}{}{reason}",
                    h.changed_at.format("%Y-%m-%d"),
                    h.to.label()
                ),
                link: None,
                look: Look::Plain,
            }
        })
        .collect();
    section(out, "Status history (newest first)", history);
    section(out, "Visits", link_items(&d.visits));
    section(out, "Follow-ups", follow_up_items(&d.follow_ups));
    section(out, "Calendar", deliverable::calendar_items(&d.calendar));
}

/// A long text as items, one per line of it.
fn text_items(text: &str) -> Vec<Piece> {
    text.lines()
        .map(|l| Piece::Item {
            text: l.to_string(),
            link: None,
            look: Look::Plain,
        })
        .collect()
}

fn visit(out: &mut Vec<Piece>, d: &VisitDetail) {
    let v = &d.visit;
    plain(out, "Date", date(v.date));
    plain(out, "Purpose", v.purpose.label());
    plain(out, "Place", v.place.clone().unwrap_or_default());
    if let Some(project) = &d.project {
        linked(out, "Project", project);
    }
    section(out, "Participants", link_items(&d.participants));
    section(out, "Observations", text_items(&v.observations));
    section(out, "Issues", text_items(&v.issues));
    section(out, "Follow-ups", follow_up_items(&d.follow_ups));
}

fn follow_up(out: &mut Vec<Piece>, d: &FollowUpDetail) {
    let f = &d.follow_up;
    let (state, look) = match (f.done_at, d.overdue) {
        (Some(at), _) => (format!("done {}", at.format("%Y-%m-%d")), Look::Plain),
        (None, true) => ("OVERDUE".to_string(), Look::Overdue),
        (None, false) => ("open".to_string(), Look::Plain),
    };
    out.push(Piece::Field {
        label: "State".into(),
        text: state,
        link: None,
        look,
    });
    if let Some(due) = f.due_date {
        out.push(Piece::Field {
            label: "Due".into(),
            text: date(due),
            link: None,
            look,
        });
    }
    match &d.owner {
        Some(owner) => linked(out, "Owner", owner),
        None => plain(out, "Owner", "me"),
    }
    let links = [
        ("Visit", &d.visit),
        ("Project", &d.project),
        ("About", &d.about),
        ("Consultation", &d.consultation),
    ];
    for (label, link) in links {
        if let Some(link) = link {
            linked(out, label, link);
        }
    }
}
