//! Record forms build the records the domain accepts.

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn set(form: &mut RecordForm, key: &str, value: &str) {
    let f = form.fields.iter_mut().find(|f| f.key == key).unwrap();
    f.value = Value::Text(value.into());
}

#[test]
fn contact_form_uses_the_domains_validation() {
    let mut form = RecordForm::contact(Contact::new(""), None, false);
    set(&mut form, "email", "work:wanjiru.example.org");
    let errors = form.build(today()).unwrap_err();
    form.errors = errors;
    assert_eq!(form.error_for("name"), Some("is required"));
    assert!(form.error_for("email").unwrap().contains("not an e-mail"));
    set(&mut form, "name", "Wanjiru Kamau");
    set(
        &mut form,
        "email",
        "work:wanjiru@example.org, home:w@example.com",
    );
    set(&mut form, "phone", "+254 700 000001");
    match form.build(today()).unwrap() {
        Built::Contact(c, None) => {
            assert_eq!(c.emails.len(), 2);
            assert_eq!(c.emails[1].label, "home");
            assert_eq!(c.phones[0].value, "+254 700 000001");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn project_dates_money_and_a_new_organization() {
    let mut form = RecordForm::project(Project::new(""), None, Vec::new(), false);
    set(&mut form, "title", "Borehole rehabilitation");
    set(&mut form, "start", "t");
    set(&mut form, "end", "-1w");
    set(&mut form, "budget", "12000000 JPY");
    let errors = form.build(today()).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|(k, m)| k == "end" && m.contains("before the start")),
        "{errors:?}"
    );
    set(&mut form, "end", "+2y");
    set(&mut form, "budget", "twelve");
    let errors = form.build(today()).unwrap_err();
    assert!(errors.iter().any(|(k, _)| k == "budget"), "{errors:?}");
    set(&mut form, "budget", "12000000 JPY");
    if let Some(f) = form.fields.iter_mut().find(|f| f.key == "org") {
        f.value = Value::Link {
            kind: RecordKind::Organization,
            chosen: Some(Chosen::New("Kisumu Water Trust".into())),
        };
    }
    match form.build(today()).unwrap() {
        Built::Project(p, orgs) if orgs.len() == 1 => {
            assert_eq!(p.implementing_org_id, Some(orgs[0].meta.id));
            assert_eq!(p.budget.unwrap().to_string(), "12,000,000 JPY");
            assert_eq!(p.end_date, NaiveDate::from_ymd_opt(2028, 11, 28));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn project_partners_existing_and_new() {
    let plas = (new_id(), "PLAS".to_string());
    let mut form =
        RecordForm::project(Project::new("School meals"), None, vec![plas.clone()], true);
    if let Some(f) = form.fields.iter_mut().find(|f| f.key == "partners")
        && let Value::Links { chosen, .. } = &mut f.value
    {
        chosen.push(Chosen::New("Kisumu Parents' Association".into()));
    }
    match form.build(today()).unwrap() {
        Built::Project(p, created) => {
            assert_eq!(created.len(), 1);
            assert_eq!(p.partner_org_ids, vec![plas.0, created[0].meta.id]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn editing_keeps_what_the_form_does_not_show() {
    let mut c = Contact::new("Doi Kenichi");
    c.languages = vec!["ja".into()];
    let id = c.meta.id;
    let mut form = RecordForm::contact(c, None, true);
    set(&mut form, "role", "Director");
    match form.build(today()).unwrap() {
        Built::Contact(c, _) => {
            assert_eq!(c.meta.id, id);
            assert_eq!(c.languages, vec!["ja".to_string()]);
            assert_eq!(c.role.as_deref(), Some("Director"));
        }
        other => panic!("{other:?}"),
    }
}
