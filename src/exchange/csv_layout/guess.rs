//! Headers no layout names, read from their words.

use super::{email, phone};
use crate::exchange::csv_in::Field;

/// A header nobody wrote down, read from its words: `Mail`, `Tel.`,
/// `Cell phone`, `Organisation`, `Job`, `Town`... The preview says each
/// guess, so a wrong one is seen before anything is written.
pub(super) fn guess(h: &str) -> Option<Field> {
    let lower = h.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let contains = |list: &[&str]| list.iter().any(|s| lower.contains(s));
    Some(if contains(&["mail", "courriel", "correo", "メール"]) {
        email()
    } else if has(&["nickname", "nick", "alias"]) {
        Field::Nickname
    } else if contains(&["phone", "téléphone", "teléfono", "電話", "携帯"])
        || has(&[
            "tel",
            "mobile",
            "cell",
            "cellphone",
            "gsm",
            "fax",
            "móvil",
            "portable",
        ])
    {
        phone(guessed_phone_label(&lower, &words))
    } else if has(&[
        "company",
        "organisation",
        "organization",
        "org",
        "employer",
        "société",
        "empresa",
        "organización",
        "ngo",
    ]) {
        Field::Organization
    } else if has(&[
        "title", "position", "role", "job", "fonction", "puesto", "cargo",
    ]) {
        Field::Role
    } else if has(&["city", "town", "ville", "ciudad"]) {
        Field::City
    } else if has(&["country", "pays", "país"]) {
        Field::Country
    } else if has(&["first", "given", "forename", "prénom"]) {
        Field::GivenName
    } else if has(&["last", "surname", "family", "apellido", "apellidos"]) {
        Field::FamilyName
    } else if has(&["name", "nom", "nombre", "contact", "person"]) || contains(&["名前"]) {
        Field::Name
    } else if has(&["note", "notes", "comment", "comments", "remarks"]) {
        Field::Note
    } else if has(&[
        "tags",
        "tag",
        "labels",
        "groups",
        "group",
        "category",
        "categories",
    ]) {
        Field::Tags
    } else if has(&["language", "languages", "langue", "idioma"]) {
        Field::Languages
    } else {
        return None;
    })
}

fn guessed_phone_label(lower: &str, words: &[&str]) -> &'static str {
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if has(&["mobile", "cell", "cellphone", "gsm", "móvil", "portable"]) || lower.contains("携帯")
    {
        "mobile"
    } else if has(&["fax"]) {
        "fax"
    } else if has(&["work", "office", "business", "bureau", "trabajo"]) {
        "work"
    } else if has(&["home", "domicile", "particular"]) {
        "home"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses() {
        assert_eq!(guess("Mail"), Some(email()));
        assert_eq!(guess("Tel."), Some(phone("")));
        assert_eq!(guess("Cell phone"), Some(phone("mobile")));
        assert_eq!(guess("Organisation"), Some(Field::Organization));
        assert_eq!(guess("Company name"), Some(Field::Organization));
        assert_eq!(guess("Contact name"), Some(Field::Name));
        assert_eq!(guess("Town"), Some(Field::City));
        assert_eq!(guess("Hotel"), None);
    }
}
