//! Which row holds the column names, and which field each column fills:
//! known headers by name, the others by their words.

use super::Field;
use crate::exchange::csv_layout;

/// Which row holds the column names: the first, unless it and the rows
/// after it are one-cell notes (LinkedIn's `Notes:` lines) above a row
/// whose names say who the contact is.
pub(super) fn header_row(rows: &[csv::StringRecord], maps: &[String]) -> usize {
    for (at, row) in rows.iter().enumerate().take(10) {
        let headers: Vec<String> = row.iter().map(str::to_string).collect();
        let mapped = maps.iter().any(|m| {
            m.rsplit_once('=')
                .is_some_and(|(column, _)| headers.iter().any(|h| h.trim() == column.trim()))
        });
        let cells = row.iter().filter(|c| !c.trim().is_empty()).count();
        // A one-cell note is never the header row below it.
        if (at == 0 || cells > 1) && (mapped || names_someone(&layout(&headers).fields)) {
            return at;
        }
        if cells > 1 {
            break;
        }
    }
    0
}

/// What each column fills, and which were guessed from their words.
pub(super) struct Layout {
    pub(super) fields: Vec<Field>,
    pub(super) guessed: Vec<bool>,
}

/// Known headers by name; when at most half are known or none says who
/// the contact is (a sheet of the user's own), the others by their words,
/// each single field (a name, an organization, a city) filled by one
/// column only.
pub(super) fn layout(headers: &[String]) -> Layout {
    let known: Vec<Option<Field>> = headers.iter().map(|h| csv_layout::known_field(h)).collect();
    let known_count = known.iter().filter(|k| k.is_some()).count();
    let mut fields: Vec<Field> = Vec::with_capacity(headers.len());
    let mut guessed = vec![false; headers.len()];
    for field in known {
        fields.push(field.unwrap_or(Field::Ignore));
    }
    // A sheet of the user's own: few names known, or none saying who.
    if known_count * 2 <= headers.len() || !names_someone(&fields) {
        for (at, header) in headers.iter().enumerate() {
            if fields[at] != Field::Ignore {
                continue;
            }
            let Some(field) = csv_layout::guessed_field(header) else {
                continue;
            };
            if is_single(&field) && fields.contains(&field) {
                continue;
            }
            fields[at] = field;
            guessed[at] = true;
        }
    }
    csv_layout::honorifics(headers, &mut fields);
    Layout { fields, guessed }
}

/// Fields one column fills (a second would overwrite the first).
fn is_single(field: &Field) -> bool {
    matches!(
        field,
        Field::Name
            | Field::GivenName
            | Field::FamilyName
            | Field::MiddleName
            | Field::NativeName
            | Field::Reading
            | Field::Organization
            | Field::Role
            | Field::City
            | Field::Country
            | Field::Nickname
    )
}

pub(super) fn names_someone(fields: &[Field]) -> bool {
    fields.iter().any(|f| {
        matches!(
            f,
            Field::Name | Field::GivenName | Field::FamilyName | Field::NativeName
        )
    })
}

/// The field in a few words, for the preview.
pub(super) fn field_words(field: &Field) -> String {
    match field {
        Field::Name => "name".into(),
        Field::GivenName => "given name".into(),
        Field::MiddleName => "middle name".into(),
        Field::FamilyName => "family name".into(),
        Field::Organization => "organization".into(),
        Field::Role => "role".into(),
        Field::Email(_) => "e-mail".into(),
        Field::Phone(label) if label.is_empty() => "phone".into(),
        Field::Phone(label) => format!("phone ({label})"),
        Field::City => "city".into(),
        Field::Country => "country".into(),
        Field::Note => "note".into(),
        Field::Tags => "tags".into(),
        Field::Languages => "languages".into(),
        Field::Nickname => "nickname".into(),
        other => format!("{other:?}").to_lowercase(),
    }
}
