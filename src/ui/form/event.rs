//! The event form (`n` on the Events tab, `e` on an event): the fields
//! `fieldbook add event` takes, in the order a seminar is planned: what,
//! which kind, when, where, who runs it, for which project, the agenda.
//! The guest list is not here: it has its own screens (`i`, `A`), and an
//! edit keeps it as the book has it (see `effects::apply`).

use chrono::NaiveDate;

use crate::domain::date::parse_date;
use crate::domain::event::{EventKind, parse_time};
use crate::domain::validate::clean_opt;
use crate::domain::*;

use super::{Built, Chosen, Field, Original, RecordForm, keys};

/// The choice shown for `online`: no or yes.
const ONLINE: [&str; 2] = ["no", "yes"];

/// How a choice of the newer forms is shown ("Seminar" for `seminar`).
pub(super) fn choice_label(field: &str, key: &str) -> Option<&'static str> {
    match field {
        "event_kind" => EventKind::parse(key).map(|k| k.label()).ok(),
        _ => super::deliverable::choice_label(field, key),
    }
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

impl RecordForm {
    /// An event's form; `organizer` and `project` with their names. A new
    /// event's start date is left to type (t, +2w, 2027-01-20 ...).
    pub fn event(
        e: Event,
        organizer: Option<(Id, String)>,
        project: Option<(Id, String)>,
        existing: bool,
    ) -> RecordForm {
        let start = if existing {
            day(Some(e.start_date))
        } else {
            String::new()
        };
        let fields = vec![
            Field::text("title", "Title", true, e.title.clone()),
            Field::choice(
                "event_kind",
                "Kind",
                keys(EventKind::ALL, EventKind::key),
                Some(e.kind.key()),
                false,
            ),
            Field::text("start date", "Start date", true, start),
            Field::text("end date", "End date", false, day(e.end_date)),
            Field::text(
                "start time",
                "Start time",
                false,
                e.start_time.clone().unwrap_or_default(),
            ),
            Field::text(
                "end time",
                "End time",
                false,
                e.end_time.clone().unwrap_or_default(),
            ),
            Field::text("place", "Place", false, e.place.clone().unwrap_or_default()),
            Field::choice(
                "online",
                "Online",
                ONLINE.iter().map(|s| s.to_string()).collect(),
                Some(ONLINE[usize::from(e.online)]),
                false,
            ),
            Field::link(
                "organizer",
                "Organizer",
                RecordKind::Organization,
                organizer.map(|(id, n)| Chosen::Existing(id, n)),
            ),
            Field::link(
                "project",
                "Project",
                RecordKind::Project,
                project.map(|(id, n)| Chosen::Existing(id, n)),
            ),
            Field::text("agenda", "Agenda", false, e.agenda.clone()),
        ];
        Self::with(
            RecordKind::Event,
            existing.then(|| Original::Event(Box::new(e))),
            fields,
        )
    }

    /// The event the form describes (and an organizer typed in that is
    /// not in the book yet, to create first). Dates and times are read as
    /// the command line reads them; the rest is the domain's validation.
    pub(super) fn event_built(
        &self,
        today: NaiveDate,
        errors: &mut Vec<(String, String)>,
    ) -> Result<Built, Invalid> {
        let mut e = match &self.original {
            Some(Original::Event(e)) => (**e).clone(),
            _ => Event::new("", EventKind::Seminar, today),
        };
        e.title = self.text("title");
        if let Some(kind) = self
            .choice("event_kind")
            .and_then(|k| EventKind::parse(&k).ok())
        {
            e.kind = kind;
        }
        match self.text("start date").as_str() {
            "" => errors.push(("start date".into(), "is required".into())),
            typed => match parse_date(typed, today) {
                Ok(d) => e.start_date = d,
                Err(why) => errors.push(("start date".into(), why)),
            },
        }
        e.end_date = match self.text("end date").as_str() {
            "" => None,
            typed => parse_date(typed, today)
                .map_err(|why| errors.push(("end date".into(), why)))
                .ok(),
        };
        for key in ["start time", "end time"] {
            let time = match self.text(key).as_str() {
                "" => None,
                typed => parse_time(typed)
                    .map_err(|why| errors.push((key.into(), why)))
                    .ok(),
            };
            match key {
                "start time" => e.start_time = time,
                _ => e.end_time = time,
            }
        }
        e.place = clean_opt(Some(self.text("place")));
        e.online = self.choice("online").as_deref() == Some("yes");
        e.agenda = self.text("agenda");
        e.project_id = match self.link("project") {
            Some(Chosen::Existing(id, _)) => Some(id),
            _ => None,
        };
        let organizer = self.link("organizer");
        let created = match &organizer {
            Some(Chosen::New(name)) => {
                Some(Box::new(Organization::new(name.trim(), OrgKind::Other)))
            }
            _ => None,
        };
        e.organizer_org_id = match (&organizer, &created) {
            (Some(Chosen::Existing(id, _)), _) => Some(*id),
            (_, Some(o)) => Some(o.meta.id),
            _ => None,
        };
        e.validate().map(|_| Built::Event(Box::new(e), created))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::form::Value;

    fn set(form: &mut RecordForm, key: &str, value: &str) {
        let f = form.fields.iter_mut().find(|f| f.key == key).unwrap();
        f.value = Value::Text(value.into());
    }

    #[test]
    fn a_new_event_is_read_as_the_command_line_reads_it() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut form =
            RecordForm::event(Event::new("", EventKind::Seminar, today), None, None, false);
        let err = form.build(today).unwrap_err();
        assert!(err.contains(&("start date".into(), "is required".into())));
        assert!(err.contains(&("title".into(), "is required".into())));
        set(&mut form, "title", "Partners' forum");
        set(&mut form, "start date", "+3d");
        set(&mut form, "start time", "9:30");
        set(&mut form, "end time", "0800");
        let err = form.build(today).unwrap_err();
        assert_eq!(
            err,
            vec![(
                "end time".to_string(),
                "08:00 is before the start time 09:30".to_string()
            )]
        );
        set(&mut form, "end time", "17:00");
        let Ok(Built::Event(e, None)) = form.build(today) else {
            panic!("not built");
        };
        assert_eq!(e.start_date, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert_eq!(
            (e.start_time.as_deref(), e.end_time.as_deref()),
            (Some("09:30"), Some("17:00"))
        );
        assert!(!e.online && e.place.is_none());
    }

    #[test]
    fn a_draft_of_an_event_form_comes_back_whole() {
        use crate::ui::editor::Editor;
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut e = Event::new("Seminar", EventKind::Training, today);
        e.online = true;
        let mut form = RecordForm::event(e, Some((new_id(), "PLAS".into())), None, true);
        set(&mut form, "place", "Kisumu");
        let editor = Editor::Record(Box::new(form.clone()));
        let Some(Editor::Record(back)) = Editor::from_draft(&editor.draft()) else {
            panic!("no draft");
        };
        assert_eq!(*back, form);
        assert_eq!(back.fields[7].display(), "yes");
        assert_eq!(back.fields[1].display(), "Training");
    }
}
