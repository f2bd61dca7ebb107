//! The desk's sections of the Markdown monthly report: consultations,
//! events, the reporting calendar, registrations, the portfolio, late
//! projects, and small text charts (ASCII only, so they read the same in
//! any terminal, e-mail or editor).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::report_labels as label;
use crate::store::report_desk::{DeskReport, ReportDeliverable};

fn safe(s: &str) -> String {
    crate::domain::text::clean_lines(s)
}

fn cell(s: &str) -> String {
    safe(s).replace('|', "/").replace('\n', " ")
}

/// "2 h 05 min", "45 min".
pub fn duration(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, m) => format!("{h} h {m:02} min"),
    }
}

/// The summary lines the desk adds to the report's summary.
pub fn summary(out: &mut String, d: &DeskReport) {
    let minutes: i64 = d.consultations.iter().filter_map(|c| c.minutes).sum();
    let _ = writeln!(
        out,
        "- Consultations: {} ({})",
        d.consultations.len(),
        duration(minutes)
    );
    let (invited, attended) = d.events.iter().fold((0, 0), |(i, a), e| {
        (
            i + e.by_status.values().sum::<i64>(),
            a + e.by_status.get("attended").copied().unwrap_or(0),
        )
    });
    let _ = writeln!(
        out,
        "- Events: {} ({attended} attended of {invited} invited)",
        d.events.len()
    );
    let _ = writeln!(
        out,
        "- Deliverables: {} submitted, {} overdue at the end of the month, {} due next month",
        d.submitted.len(),
        d.overdue.len(),
        d.due_next_month.len()
    );
    let _ = writeln!(
        out,
        "- Registrations expiring or expired: {}",
        d.expiring.len()
    );
    let _ = writeln!(out, "- Late projects: {}", d.late_projects.len());
}

/// Every desk section, in the order head office reads them.
pub fn sections(out: &mut String, d: &DeskReport) {
    consultations(out, d);
    events(out, d);
    calendar(out, d);
    registrations(out, d);
    portfolio(out, d);
    charts(out, d);
}

fn consultations(out: &mut String, d: &DeskReport) {
    out.push_str("## Consultations\n\n");
    if d.consultations.is_empty() {
        out.push_str("No consultations this month.\n\n");
        return;
    }
    let mut by_topic: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut by_channel: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for c in &d.consultations {
        for (map, key) in [
            (&mut by_topic, label::topic(&c.topic)),
            (&mut by_channel, label::channel(&c.channel)),
        ] {
            let entry = map.entry(key).or_default();
            entry.0 += 1;
            entry.1 += c.minutes.unwrap_or(0);
        }
    }
    for (what, map) in [("Topic", &by_topic), ("Channel", &by_channel)] {
        let _ = writeln!(out, "| {what} | Consultations | Time |\n|---|---|---|");
        for (name, (n, minutes)) in map {
            let _ = writeln!(out, "| {} | {n} | {} |", cell(name), duration(*minutes));
        }
        out.push('\n');
    }
    for c in &d.consultations {
        let minutes = c.minutes.map(|m| format!(", {m} min")).unwrap_or_default();
        let org = if c.organization.is_empty() {
            String::new()
        } else {
            format!(" {}:", safe(&c.organization))
        };
        let _ = writeln!(
            out,
            "- {}{org} {} ({}{minutes}): {}",
            c.date.format("%Y-%m-%d"),
            label::topic(&c.topic),
            label::channel(&c.channel),
            cell(&c.summary)
        );
    }
    out.push('\n');
}

fn events(out: &mut String, d: &DeskReport) {
    out.push_str("## Events\n\n");
    if d.events.is_empty() {
        out.push_str("No events this month.\n\n");
        return;
    }
    for e in &d.events {
        let place = if e.place.is_empty() {
            String::new()
        } else {
            format!(", {}", safe(&e.place))
        };
        let _ = writeln!(
            out,
            "### {} {} ({}{place})\n",
            e.date.format("%Y-%m-%d"),
            safe(&e.title),
            label::event_kind(&e.kind)
        );
        let invited: i64 = e.by_status.values().sum();
        let statuses: Vec<String> = e
            .by_status
            .iter()
            .map(|(s, n)| format!("{} {n}", label::invitee_status(s)))
            .collect();
        let _ = writeln!(out, "Invitees: {invited} ({})  ", statuses.join(", "));
        let kinds: Vec<String> = e
            .attended_by_org_kind
            .iter()
            .map(|(k, n)| format!("{} {n}", label::org_kind(k)))
            .collect();
        if !kinds.is_empty() {
            let _ = writeln!(
                out,
                "Attended, by kind of organization: {}",
                kinds.join(", ")
            );
        }
        out.push('\n');
    }
}

fn deliverable_list(out: &mut String, items: &[ReportDeliverable]) {
    if items.is_empty() {
        out.push_str("None.\n");
    }
    for i in items {
        let title = if i.title.is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", cell(&i.title))
        };
        let submitted = i
            .submitted_on
            .map(|s| format!(", submitted {}", s.format("%Y-%m-%d")))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- {}: {}{title}, due {} ({}{submitted})",
            cell(&i.project),
            label::deliverable_kind(&i.kind),
            i.due.format("%Y-%m-%d"),
            label::deliverable_status(&i.status)
        );
    }
}

fn calendar(out: &mut String, d: &DeskReport) {
    out.push_str("## Reporting calendar\n\n### Submitted this month\n\n");
    deliverable_list(out, &d.submitted);
    out.push_str("\n### Overdue at the end of the month\n\n");
    deliverable_list(out, &d.overdue);
    out.push_str("\n### Due next month\n\n");
    deliverable_list(out, &d.due_next_month);
    out.push('\n');
}

fn registrations(out: &mut String, d: &DeskReport) {
    out.push_str("## Registrations and approvals expiring\n\n");
    if d.expiring.is_empty() {
        out.push_str("None.\n");
    }
    for r in &d.expiring {
        let number = if r.number.is_empty() {
            String::new()
        } else {
            format!(" {}", cell(&r.number))
        };
        let _ = writeln!(
            out,
            "- {} {}: {}{number}",
            r.expires.format("%Y-%m-%d"),
            cell(&r.holder),
            label::registration_kind(&r.kind)
        );
    }
    out.push('\n');
}

fn portfolio(out: &mut String, d: &DeskReport) {
    out.push_str("## Portfolio\n\n| Status | Projects |\n|---|---|\n");
    for (status, n) in &d.portfolio {
        let _ = writeln!(out, "| {} | {n} |", label::project_status(status));
    }
    out.push_str("\n### Late projects\n\n");
    if d.late_projects.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    out.push_str("| Project | Overdue deliverables | Overdue follow-ups |\n|---|---|---|\n");
    for p in &d.late_projects {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            cell(&p.project),
            p.overdue_deliverables,
            p.overdue_follow_ups
        );
    }
    out.push('\n');
}

/// The width of the longest bar, in characters.
const BAR: usize = 30;

/// A horizontal bar chart: `label | ####    n`, bars scaled to the largest.
pub fn bars(title: &str, rows: &[(String, i64)]) -> String {
    let mut out = format!("{title}\n");
    if rows.is_empty() {
        out.push_str("  (none)\n");
    }
    let most = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    for (name, n) in rows {
        let len = (*n as usize * BAR).div_ceil(most as usize);
        let pad = width - name.chars().count();
        let _ = writeln!(
            out,
            "  {name}{} |{}{} {n}",
            " ".repeat(pad),
            "#".repeat(len),
            " ".repeat(BAR - len)
        );
    }
    out
}

fn charts(out: &mut String, d: &DeskReport) {
    out.push_str("## Charts\n\n```\n");
    let months: Vec<(String, i64)> = d
        .visits_by_month
        .iter()
        .map(|(m, n)| (m.format("%Y-%m").to_string(), *n))
        .collect();
    out.push_str(&bars("Visits per month", &months));
    let mut topics: BTreeMap<String, i64> = BTreeMap::new();
    for c in &d.consultations {
        *topics.entry(label::topic(&c.topic)).or_default() += 1;
    }
    out.push('\n');
    out.push_str(&bars(
        "Consultations by topic",
        &topics.into_iter().collect::<Vec<_>>(),
    ));
    let statuses: Vec<(String, i64)> = d
        .portfolio
        .iter()
        .map(|(s, n)| (label::project_status(s), *n))
        .collect();
    out.push('\n');
    out.push_str(&bars("Projects by status", &statuses));
    out.push_str("```\n\n");
}
