//! The monthly report in Markdown that reads well as plain text (and, in
//! `xlsx.rs`, as a workbook).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::store::report::{MonthReport, ReportFollowUp};

/// Text from the records, made safe for a file or a terminal: control and
/// escape characters become `?`, line breaks stay.
fn safe(s: &str) -> String {
    crate::domain::text::clean_lines(s)
}

fn quote(text: &str) -> String {
    safe(text.trim())
        .lines()
        .map(|l| format!("> {l}\n"))
        .collect()
}

fn follow_up_list(out: &mut String, items: &[ReportFollowUp]) {
    if items.is_empty() {
        out.push_str("None.\n");
    }
    for f in items {
        let due = f
            .due
            .map(|d| format!(", due {}", d.format("%Y-%m-%d")))
            .unwrap_or_default();
        let project = if f.project.is_empty() {
            String::new()
        } else {
            format!(" [{}]", safe(&f.project))
        };
        let _ = writeln!(
            out,
            "- {} ({}{due}){project}",
            safe(&f.text),
            safe(&f.owner)
        );
    }
}

pub fn markdown(r: &MonthReport) -> String {
    let mut out = String::new();
    let month = r.first_day.format("%B %Y");
    let _ = writeln!(out, "# Monthly report: {month}\n");
    let mut by_purpose: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_project: BTreeMap<&str, usize> = BTreeMap::new();
    for v in &r.visits {
        *by_purpose.entry(v.purpose.as_str()).or_default() += 1;
        *by_project
            .entry(if v.project.is_empty() {
                "(no project)"
            } else {
                v.project.as_str()
            })
            .or_default() += 1;
    }
    out.push_str("## Summary\n\n");
    let purposes: Vec<String> = by_purpose.iter().map(|(p, n)| format!("{p} {n}")).collect();
    let _ = writeln!(
        out,
        "- Visits: {}{}",
        r.visits.len(),
        if purposes.is_empty() {
            String::new()
        } else {
            format!(" ({})", purposes.join(", "))
        }
    );
    let _ = writeln!(
        out,
        "- Follow-ups: {} opened, {} closed, {} overdue at the end of the month",
        r.opened.len(),
        r.closed.len(),
        r.overdue.len()
    );
    let _ = writeln!(out, "- Project status changes: {}", r.status_changes.len());
    super::report_desk::summary(&mut out, &r.desk);
    out.push('\n');
    if !by_project.is_empty() {
        out.push_str("## Visits by project\n\n| Project | Visits |\n|---|---|\n");
        for (p, n) in &by_project {
            let _ = writeln!(out, "| {} | {n} |", safe(p).replace('|', "/"));
        }
        out.push('\n');
    }
    out.push_str("## Visits\n\n");
    if r.visits.is_empty() {
        out.push_str("No visits this month.\n\n");
    }
    for v in &r.visits {
        let place = if v.place.is_empty() {
            String::new()
        } else {
            format!(", {}", safe(&v.place))
        };
        let _ = writeln!(
            out,
            "### {}{place} ({})\n",
            v.date.format("%Y-%m-%d"),
            v.purpose
        );
        if !v.project.is_empty() {
            let _ = writeln!(out, "Project: {}  ", safe(&v.project));
        }
        let people = if v.people.is_empty() {
            "nobody recorded".to_string()
        } else {
            safe(&v.people.join(", "))
        };
        let _ = writeln!(out, "People met: {people}\n");
        if !v.observations.trim().is_empty() {
            let _ = writeln!(out, "Observations:\n\n{}", quote(&v.observations));
        }
        if !v.issues.trim().is_empty() {
            let _ = writeln!(out, "Issues:\n\n{}", quote(&v.issues));
        }
    }
    out.push_str("## Follow-ups opened\n\n");
    follow_up_list(&mut out, &r.opened);
    out.push_str("\n## Follow-ups closed\n\n");
    follow_up_list(&mut out, &r.closed);
    out.push_str("\n## Overdue at the end of the month\n\n");
    follow_up_list(&mut out, &r.overdue);
    out.push_str("\n## Project status changes\n\n");
    if r.status_changes.is_empty() {
        out.push_str("None.\n");
    }
    for c in &r.status_changes {
        let reason = c
            .reason
            .as_ref()
            .map(|r| format!(": {}", safe(r)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- {} {}: {} -> {}{reason}",
            c.at.format("%Y-%m-%d"),
            safe(&c.project),
            c.from.as_deref().unwrap_or("(new)"),
            c.to
        );
    }
    out.push('\n');
    super::report_desk::sections(&mut out, &r.desk);
    out
}
