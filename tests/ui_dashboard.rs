//! The dashboard is for acting (issue 13, part 4), and the details pane
//! reads long text (part 2): driven through the real runtime's key path on a
//! real demo book, screens drawn into ratatui's `TestBackend`.

use chrono::{TimeZone, Utc};
use fieldbook::domain::*;
use fieldbook::store::views::Link;
use fieldbook::ui::state::{Pane, Tab};
use fieldbook::ui::theme::Theme;

mod common;
use common::ui_harness::{Harness, today};

/// The lines of the left column (40 cells at 80 columns, after the quote
/// the snapshot text starts with) between the top border and the box below:
/// the overdue list as drawn.
fn overdue_box(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip(2)
        .map(|l| l.chars().take(41).collect::<String>())
        .take_while(|l| !l.contains("└"))
        .collect()
}

#[test]
fn more_overdue_than_fit_says_how_many_more_and_the_total_newest_first() {
    let h = Harness::new(300, (80, 24));
    let d = h.app.dashboard.clone().unwrap();
    assert!(d.overdue_total > 20, "the demo has many overdue");
    let screen = h.screen(Theme::dark());
    let rows: Vec<String> = overdue_box(&screen)
        .into_iter()
        .filter(|l| l.starts_with("\"│20") || l.starts_with("│20"))
        .collect();
    assert!(rows.len() >= 5, "{screen}");
    let more = format!(
        "and {} more (of {})",
        d.overdue_total as usize - rows.len(),
        d.overdue_total
    );
    assert!(screen.contains(&more), "{more}:\n{screen}");
    assert!(
        screen.contains(&format!("OVERDUE follow-ups: {}", d.overdue_total)),
        "{screen}"
    );
    // Newest-overdue first, each row naming the project or contact.
    let dates: Vec<&str> = rows
        .iter()
        .map(|r| r.trim_start_matches('"').trim_start_matches('│'))
        .map(|r| &r[..10])
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    for (row, f) in rows.iter().zip(&d.overdue) {
        let belongs = match (&f.project, &f.contact) {
            (Some(project), _) => project.clone(),
            (None, Some(contact)) => format!("about {contact}"),
            (None, None) => panic!("{f:?} belongs to nothing"),
        };
        let start: String = belongs.chars().take(8).collect();
        assert!(row.contains(&start), "{row} should name {belongs}");
    }
}

#[test]
fn x_on_a_dashboard_row_marks_it_done_and_the_list_keeps_its_place() {
    let mut h = Harness::new(300, (120, 40));
    let before = h.app.dashboard.clone().unwrap();
    h.press(&["j"]);
    let links = h.app.dashboard_links();
    let (done, next) = (links[1], links[2]);
    assert_eq!(done.kind, RecordKind::FollowUp);
    h.press(&["x"]);
    let message = h.app.message.clone().unwrap().text;
    assert!(message.starts_with("follow-up done"), "{message}");
    let f = h.store.read().follow_up(done.id).unwrap().unwrap();
    assert!(f.is_done(), "done in the book");
    let after = h.app.dashboard.clone().unwrap();
    assert_eq!(after.overdue_total, before.overdue_total - 1);
    assert!(after.overdue.iter().all(|l| l.id != done.id), "gone");
    // The cursor stays on the second row, now the next follow-up.
    assert_eq!(h.app.dashboard_cursor, 1);
    assert_eq!(h.app.dashboard_links()[1], next);
    // u brings it back.
    h.press(&["u"]);
    assert!(
        !h.store
            .read()
            .follow_up(done.id)
            .unwrap()
            .unwrap()
            .is_done()
    );
}

#[test]
fn enter_on_a_dashboard_row_opens_that_record() {
    let mut h = Harness::new(300, (120, 40));
    h.press(&["j", "j"]);
    let Link { kind, id } = h.app.dashboard_links()[2];
    h.press(&["enter"]);
    assert_eq!(h.app.tab, Tab::for_kind(kind).unwrap());
    assert_eq!(h.app.record.detail.as_ref().unwrap().id, id);
}

#[test]
fn the_visits_chart_labels_its_counts_and_never_prints_double_hashes() {
    for size in [(80, 24), (120, 40), (200, 60)] {
        let h = Harness::new(300, size);
        let screen = h.screen(Theme::dark());
        let chart: Vec<&str> = screen
            .lines()
            .skip_while(|l| !l.contains("Visits per month"))
            .collect();
        assert!(chart.len() > 3, "{screen}");
        for line in &chart {
            let right = line.rsplit("││").next().unwrap_or(line);
            assert!(!right.contains("##"), "{size:?}:\n{screen}");
        }
        let d = h.app.dashboard.as_ref().unwrap();
        let counts: Vec<String> = d
            .visits_per_month
            .iter()
            .map(|(_, n)| n.to_string())
            .collect();
        let labelled = chart.iter().any(|l| {
            let words: Vec<&str> = l.rsplit("││").next().unwrap().split_whitespace().collect();
            words.len() >= 12 && words[..12] == counts[..]
        });
        assert!(labelled, "{counts:?} under the bars:\n{screen}");
    }
}

const SUMMARY: &str = "Improves learning outcomes for four hundred children in \
     Twapia township by training twelve community teachers, building two \
     classrooms with the parents' association, and running a reading club \
     every Saturday; the district education office co-signs every term \
     report and the parents' association keeps the keys. LASTWORD";

/// A project whose text is longer than the pane: a long address, a long
/// summary and a long reason for its status.
fn long_project(h: &mut Harness) -> Id {
    let mut p = Project::new("Early childhood centre in Twapia township, Ndola");
    p.ref_code = Some("JPP-ZM-2026-01".into());
    p.site = Some("Plot 4411, off Kafironda Road behind the Twapia community clinic, Ndola".into());
    p.host_country = Some("ZM".into());
    p.summary = Some(SUMMARY.into());
    p.status = ProjectStatus::Suspended;
    let id = p.meta.id;
    // Verbatim, with its history at fixed instants: nothing on the screen
    // depends on the day the test runs.
    let change = |from, to, day, reason: Option<&str>| StatusChange {
        id: new_id(),
        project_id: id,
        from,
        to,
        changed_at: Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0).unwrap(),
        reason: reason.map(str::to_string),
    };
    let history = [
        change(None, ProjectStatus::Idea, 1, None),
        change(
            Some(ProjectStatus::Idea),
            ProjectStatus::Suspended,
            2,
            Some(
                "The district asked to pause until the new school term, \
                 when the classrooms are handed over",
            ),
        ),
    ];
    h.store
        .write(|tx| {
            tx.write_verbatim();
            tx.save_project(&p)?;
            history.iter().try_for_each(|c| tx.insert_status_change(c))
        })
        .unwrap();
    id
}

#[test]
fn the_details_pane_wraps_long_text_and_scrolls_to_its_end() {
    let mut h = Harness::new(0, (80, 24));
    h.press(&["esc"]);
    long_project(&mut h);
    h.press(&["4", "tab"]);
    assert_eq!(h.app.focus, Pane::Details);
    let top = h.screen(Theme::dark());
    assert!(top.contains("more below"), "{top}");
    assert!(
        top.contains("Kafironda") && top.contains("clinic, Ndola"),
        "the address wraps:\n{top}"
    );
    assert!(!top.contains("LASTWORD"), "{top}");
    insta::assert_snapshot!("details_long_text_80x24_top", top);
    // j scrolls line by line through the text between links.
    h.press(&["j", "j", "j"]);
    assert_eq!(h.app.record.details_scroll, 3);
    // Every word of the summary comes into view, line by line.
    let mut presses = 0;
    while !h.screen(Theme::dark()).contains("LASTWORD") {
        assert!(presses < 40, "{}", h.screen(Theme::dark()));
        h.press(&["j"]);
        presses += 1;
    }
    h.press(&["G"]);
    let bottom = h.screen(Theme::dark());
    assert!(bottom.contains("handed over"), "{bottom}");
    assert!(bottom.contains(", end "), "{bottom}");
    insta::assert_snapshot!("details_long_text_80x24_bottom", bottom);
    h.press(&["g"]);
    assert_eq!(h.app.record.details_scroll, 0);
    h.press(&["pgdn"]);
    assert!(h.app.record.details_scroll > 3);
    let _ = today();
}
