//! The registration form: a paper an organization or project holds, added
//! from its details (or edited from the list there). The holder is a link
//! field, so it shows whose paper it is and can be moved to another.

use chrono::NaiveDate;

use crate::domain::date::parse_date;
use crate::domain::validate::clean_opt;
use crate::domain::*;

use super::{Built, Chosen, Field, Original, RecordForm, Value, keys};

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

impl RecordForm {
    /// `holder_name`: the organization's name or the project's title.
    pub fn registration(r: Registration, holder_name: String, existing: bool) -> RecordForm {
        let (label, kind) = match r.holder {
            Holder::Organization(_) => ("Organization", RecordKind::Organization),
            Holder::Project(_) => ("Project", RecordKind::Project),
        };
        let fields = vec![
            Field::link(
                "holder",
                label,
                kind,
                Some(Chosen::Existing(r.holder.id(), holder_name)),
            ),
            Field::choice(
                "registration_kind",
                "Kind",
                keys(RegistrationKind::ALL, RegistrationKind::key),
                Some(r.kind.key()),
                false,
            ),
            Field::text(
                "number",
                "Number",
                false,
                r.number.clone().unwrap_or_default(),
            ),
            Field::text(
                "authority",
                "Issued by",
                false,
                r.authority.clone().unwrap_or_default(),
            ),
            Field::text("issued", "Issued", false, date(r.issued_on)),
            Field::text("expires", "Expires", false, date(r.expires_on)),
            Field::text("note", "Note", false, r.note.clone()),
        ];
        let mut form = Self::with(
            RecordKind::Registration,
            existing.then(|| Original::Registration(Box::new(r))),
            fields,
        );
        // Whose it is comes from where it was added: start at its kind.
        form.focus = 1;
        form
    }

    pub(super) fn build_registration(
        &self,
        today: NaiveDate,
    ) -> Result<Built, Vec<(String, String)>> {
        let mut errors: Vec<(String, String)> = Vec::new();
        let field = |key: &str| self.fields.iter().find(|f| f.key == key);
        let text = |key: &str| match field(key).map(|f| &f.value) {
            Some(Value::Text(t)) => t.trim().to_string(),
            _ => String::new(),
        };
        let mut date = |key: &str| -> Option<NaiveDate> {
            let t = text(key);
            if t.is_empty() {
                return None;
            }
            parse_date(&t, today)
                .map_err(|e| errors.push((key.into(), e)))
                .ok()
        };
        let (issued, expires) = (date("issued"), date("expires"));
        let holder = match field("holder").map(|f| &f.value) {
            Some(Value::Link {
                kind: RecordKind::Project,
                chosen: Some(Chosen::Existing(id, _)),
            }) => Some(Holder::Project(*id)),
            Some(Value::Link {
                chosen: Some(Chosen::Existing(id, _)),
                ..
            }) => Some(Holder::Organization(*id)),
            _ => None,
        };
        let Some(holder) = holder else {
            errors.push(("holder".into(), "choose an existing one".into()));
            return Err(errors);
        };
        let mut r = match &self.original {
            Some(Original::Registration(r)) => (**r).clone(),
            _ => Registration::new(holder, RegistrationKind::Other),
        };
        r.holder = holder;
        r.kind = match field("registration_kind").map(|f| &f.value) {
            Some(Value::Choice { options, index, .. }) => index
                .and_then(|i| options.get(i))
                .and_then(|k| RegistrationKind::parse(k).ok())
                .unwrap_or(RegistrationKind::Other),
            _ => RegistrationKind::Other,
        };
        r.number = clean_opt(Some(text("number")));
        r.authority = clean_opt(Some(text("authority")));
        r.issued_on = issued;
        r.expires_on = expires;
        r.note = text("note");
        if let Err(invalid) = r.validate() {
            errors.extend(invalid.0.into_iter().map(|e| (e.field, e.message)));
        }
        if errors.is_empty() {
            Ok(Built::Registration(Box::new(r)))
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_before_issue_is_said_at_the_expiry_field() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let r = Registration::new(Holder::Organization(new_id()), RegistrationKind::Mou);
        let mut form = RecordForm::registration(r, "PLAS".into(), false);
        for (key, value) in [
            ("issued", "2026-05-01"),
            ("expires", "2026-04-01"),
            ("number", "MoU 7"),
        ] {
            let f = form.fields.iter_mut().find(|f| f.key == key).unwrap();
            f.value = Value::Text(value.into());
        }
        let errors = form.build(today).unwrap_err();
        assert_eq!(errors[0].0, "expires");
        let f = form.fields.iter_mut().find(|f| f.key == "expires").unwrap();
        f.value = Value::Text("+2y".into());
        match form.build(today).unwrap() {
            Built::Registration(r) => {
                assert_eq!(r.kind, RegistrationKind::Mou);
                assert_eq!(r.number.as_deref(), Some("MoU 7"));
                assert_eq!(r.expires_on, NaiveDate::from_ymd_opt(2028, 11, 28));
            }
            other => panic!("{other:?}"),
        }
    }
}
