//! The consultation form (`c`): short, in the order a phone call goes:
//! how it came (channel), what about (topic), the question in a line, then
//! who (prefilled from the selection), the organization, the date, the
//! time spent and the advice given. A phone consultation with one person
//! selected is `c`, `ph` enter, a topic letter and enter, the summary,
//! ctrl-s.

use chrono::NaiveDate;

use crate::domain::consultation::parse_minutes;
use crate::domain::date::parse_date;
use crate::domain::*;

use super::{Built, Chosen, Field, Original, RecordForm, Value, keys};

impl RecordForm {
    /// A consultation's form; `people` and `organization` with their names.
    pub fn consultation(
        c: Consultation,
        organization: Option<(Id, String)>,
        people: Vec<(Id, String)>,
        existing: bool,
    ) -> RecordForm {
        let date = if existing {
            c.date.format("%Y-%m-%d").to_string()
        } else {
            "t".to_string()
        };
        let fields = vec![
            Field::choice(
                "channel",
                "Channel",
                keys(Channel::ALL, Channel::key),
                Some(c.channel.key()),
                false,
            ),
            Field::choice(
                "topic",
                "Topic",
                keys(Topic::ALL, Topic::key),
                Some(c.topic.key()),
                false,
            ),
            Field::text("summary", "Question", true, c.summary.clone()),
            Field {
                key: "people".into(),
                label: "With".into(),
                required: false,
                value: Value::Links {
                    kind: RecordKind::Contact,
                    chosen: people
                        .into_iter()
                        .map(|(id, n)| Chosen::Existing(id, n))
                        .collect(),
                },
            },
            Field::link(
                "organization",
                "Organization",
                RecordKind::Organization,
                organization.map(|(id, n)| Chosen::Existing(id, n)),
            ),
            Field::text("date", "Date", true, date),
            Field::text(
                "minutes",
                "Minutes",
                false,
                c.minutes.map(|m| m.to_string()).unwrap_or_default(),
            ),
            Field::text("advice", "Advice given", false, c.advice.clone()),
        ];
        Self::with(
            RecordKind::Consultation,
            existing.then(|| Original::Consultation(Box::new(c))),
            fields,
        )
    }

    /// The consultation the form describes (and an organization typed in
    /// that is not in the book yet, to create first).
    pub(super) fn consultation_built(
        &self,
        today: NaiveDate,
        errors: &mut Vec<(String, String)>,
    ) -> Result<Built, Invalid> {
        let mut c = match &self.original {
            Some(Original::Consultation(c)) => (**c).clone(),
            _ => Consultation::new(today, Channel::Office, Topic::Other),
        };
        match parse_date(&self.text("date"), today) {
            Ok(d) => c.date = d,
            Err(e) => errors.push(("date".into(), e)),
        }
        if let Some(ch) = self.choice("channel").and_then(|k| Channel::parse(&k).ok()) {
            c.channel = ch;
        }
        if let Some(t) = self.choice("topic").and_then(|k| Topic::parse(&k).ok()) {
            c.topic = t;
        }
        c.summary = self.text("summary");
        c.advice = self.text("advice");
        match parse_minutes(&self.text("minutes")) {
            Ok(m) => c.minutes = m,
            Err(e) => errors.push(("minutes".into(), e)),
        }
        c.people_ids = self
            .links("people")
            .into_iter()
            .filter_map(|p| match p {
                Chosen::Existing(id, _) => Some(id),
                Chosen::New(_) => None,
            })
            .collect();
        let org = self.link("organization");
        let created = match &org {
            Some(Chosen::New(name)) => {
                Some(Box::new(Organization::new(name.trim(), OrgKind::Other)))
            }
            _ => None,
        };
        c.organization_id = match (&org, &created) {
            (Some(Chosen::Existing(id, _)), _) => Some(*id),
            (_, Some(o)) => Some(o.meta.id),
            _ => None,
        };
        c.validate()
            .map(|_| Built::Consultation(Box::new(c), created))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_form_builds_a_consultation_dated_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let doi = (new_id(), "Doi Kenichi".to_string());
        let org = (new_id(), "PLAS".to_string());
        let mut form = RecordForm::consultation(
            Consultation::new(today, Channel::Phone, Topic::Registration),
            Some(org.clone()),
            vec![doi.clone()],
            false,
        );
        let err = form.build(today).unwrap_err();
        assert!(
            err.iter()
                .any(|(k, m)| k == "summary" && m == "is required"),
            "{err:?}"
        );
        form.fields[2].value = Value::Text("How long does registration take?".into());
        form.fields[6].value = Value::Text("1h30".into());
        let Ok(Built::Consultation(c, None)) = form.build(today) else {
            panic!("not built");
        };
        assert_eq!((c.date, c.minutes), (today, Some(90)));
        assert_eq!((c.channel, c.topic), (Channel::Phone, Topic::Registration));
        assert_eq!(
            (c.people_ids, c.organization_id),
            (vec![doi.0], Some(org.0))
        );
        form.fields[6].value = Value::Text("-3".into());
        let err = form.build(today).unwrap_err();
        assert!(err.iter().any(|(k, _)| k == "minutes"), "{err:?}");
    }
}
