//! Headers known by name: Google's (numbered columns included), Outlook's
//! in English, French, Spanish and Japanese, Thunderbird's, LinkedIn's and
//! fieldbook's own, with the address columns of each.

use super::{Part, Place, email, phone};
use crate::exchange::csv_in::Field;

/// Headers known by name. `Title` alone is a job title here; beside a
/// `Job Title` column (Outlook) it is the honorific, see `honorifics`.
pub(super) fn known(h: &str) -> Option<Field> {
    // Google: "E-mail 1 - Value", "Phone 2 - Label", "Address 1 - City".
    if let Some(field) = google_numbered(h) {
        return Some(field);
    }
    if let Some((place, part)) = address(h) {
        return Some(Field::Address(place, part));
    }
    Some(match h {
        // fieldbook's own contacts.csv
        "name" | "Name" | "Display Name" | "Full Name" | "Nom complet" | "Nombre completo"
        | "氏名" => Field::Name,
        "native_name" => Field::NativeName,
        "reading" | "Yomi Name" => Field::Reading,
        "nickname" | "Nickname" | "Nick Name" | "Surnom" | "Sobrenombre" | "Apodo"
        | "ニックネーム" => Field::Nickname,
        "organization" => Field::Organization,
        "role" => Field::Role,
        "phones" => Field::Phones,
        "emails" => Field::Emails,
        "city" => Field::City,
        "country" => Field::Country,
        "tags" => Field::Tags,
        "languages" => Field::Languages,
        // Given / middle / family names, in the languages Outlook exports.
        "Given Name" | "First Name" | "Prénom" | "Nombre" | "名" => Field::GivenName,
        "Additional Name"
        | "Middle Name"
        | "Deuxième prénom"
        | "Segundo nombre"
        | "ミドル ネーム" => Field::MiddleName,
        "Family Name" | "Last Name" | "Nom" | "Nom de famille" | "Apellidos" | "Apellido"
        | "姓" => Field::FamilyName,
        "Given Name Yomi"
        | "Phonetic First Name"
        | "Given Yomi"
        | "名 (フリガナ)"
        | "フリガナ (名)"
        | "名 (ふりがな)"
        | "名 (よみ)" => Field::ReadingGiven,
        "Family Name Yomi" | "Phonetic Last Name" | "Surname Yomi" | "姓 (フリガナ)"
        | "フリガナ (姓)" | "姓 (ふりがな)" | "姓 (よみ)" => Field::ReadingFamily,
        "Organization 1 - Name"
        | "Organization Name"
        | "Company"
        | "Organization"
        | "Organisation"
        | "Société"
        | "Organización"
        | "Compañía"
        | "Empresa"
        | "会社名" => Field::Organization,
        "Organization 1 - Title"
        | "Organization Title"
        | "Job Title"
        | "Position"
        | "Fonction"
        | "Puesto"
        | "Cargo"
        | "役職"
        | "Title"
        | "Titre" => Field::Role,
        "Department"
        | "Organization 1 - Department"
        | "Organization Department"
        | "Service"
        | "Departamento"
        | "部署" => Field::Labelled("Department"),
        "Web Page" | "Web Page 1" | "Web Page 2" | "Personal Web Page" | "URL" | "Website"
        | "Page Web" | "Página web" | "Web ページ" => Field::Labelled("Web page"),
        "Birthday" | "Anniversaire" | "Cumpleaños" | "誕生日" => Field::Labelled("Birthday"),
        "Notes" | "Note" | "Notas" | "メモ" => Field::Note,
        "Group Membership" | "Labels" | "Categories" | "Catégories" | "Categorías" | "分類" => {
            Field::Tags
        }
        // E-mails: Outlook (en, fr, es, ja), Thunderbird, LinkedIn.
        "E-mail Address"
        | "E-mail 2 Address"
        | "E-mail 3 Address"
        | "Primary Email"
        | "Secondary Email"
        | "Email Address"
        | "Email"
        | "E-mail"
        | "Adresse de messagerie"
        | "Adresse de messagerie 2"
        | "Adresse de messagerie 3"
        | "Dirección de correo electrónico"
        | "Dirección de correo electrónico 2"
        | "Dirección de correo electrónico 3"
        | "Dirección del correo electrónico 3"
        | "電子メール アドレス"
        | "電子メール 2 アドレス"
        | "電子メール 3 アドレス" => email(),
        // Phones, with the label each column stands for.
        "Mobile Phone"
        | "Mobile Number"
        | "Tél. mobile"
        | "Téléphone mobile"
        | "Téléphone portable"
        | "Teléfono móvil"
        | "Móvil"
        | "携帯電話" => phone("mobile"),
        "Business Phone"
        | "Business Phone 2"
        | "Company Main Phone"
        | "Work Phone"
        | "Téléphone (bureau)"
        | "Téléphone 2 (bureau)"
        | "Téléphone professionnel"
        | "Téléphone société"
        | "Teléfono del trabajo"
        | "Teléfono del trabajo 2"
        | "Número de centralita de la organización"
        | "会社電話"
        | "会社電話 2"
        | "会社代表電話" => phone("work"),
        "Home Phone"
        | "Home Phone 2"
        | "Téléphone (domicile)"
        | "Téléphone 2 (domicile)"
        | "Téléphone personnel"
        | "Particular"
        | "Teléfono particular"
        | "Teléfono particular 2"
        | "自宅電話"
        | "自宅電話 2" => phone("home"),
        "Other Phone"
        | "Primary Phone"
        | "Téléphone (autre)"
        | "Téléphone principal"
        | "Otro teléfono"
        | "Teléfono principal"
        | "その他の電話" => phone(""),
        "Business Fax"
        | "Fax Number"
        | "Other Fax"
        | "Télécopie (bureau)"
        | "Télécopie professionnelle"
        | "Télécopie (autre)"
        | "Fax del trabajo"
        | "Otro fax"
        | "会社 FAX" => phone("fax"),
        "Home Fax"
        | "Télécopie (domicile)"
        | "Télécopieur personnel"
        | "Fax particular"
        | "自宅 FAX" => phone("home fax"),
        "Pager"
        | "Pager Number"
        | "Récepteur de radiomessagerie"
        | "Localizador"
        | "Buscapersonas"
        | "ポケットベル" => phone("pager"),
        "Car Phone"
        | "Téléphone (voiture)"
        | "Tél. voiture"
        | "Teléfono del automóvil"
        | "自動車電話" => phone("car"),
        "Assistant's Phone"
        | "Téléphone de l'assistant(e)"
        | "Téléphone de l’assistant"
        | "Teléfono del asistente"
        | "Teléfono del ayudante" => phone("assistant"),
        "Callback" | "Rappel" | "Devolución de llamada" => phone("callback"),
        "Radio Phone" | "Radio téléphone" | "Radioteléfono" => phone("radio"),
        "ISDN" | "RNIS" => phone("isdn"),
        "TTY/TDD Phone" | "Téléphone TDD/TTY" | "Número de teletipo" => phone("tty"),
        "Telex" | "Télex" => phone("telex"),
        // Plain sheets' short headers.
        "Phone" | "Telephone" | "Tel" | "Tel." | "Phone Number" => phone(""),
        "Mobile" | "Cell" => phone("mobile"),
        "Fax" => phone("fax"),
        _ => return None,
    })
}

/// Google's numbered columns: `E-mail 1 - Value`, `Phone 2 - Label`,
/// `Address 1 - City`, `Website 1 - Value`.
fn google_numbered(h: &str) -> Option<Field> {
    for prefix in ["E-mail ", "Phone ", "Address ", "Website "] {
        let Some((n, what)) = h.strip_prefix(prefix).and_then(|r| r.split_once(" - ")) else {
            continue;
        };
        let Ok(n) = n.trim().parse::<u32>() else {
            continue;
        };
        return Some(match (prefix, what.trim()) {
            ("E-mail ", "Value") => Field::EmailValue(n),
            ("E-mail ", "Label" | "Type") => Field::EmailLabel(n),
            ("Phone ", "Value") => Field::PhoneValue(n),
            ("Phone ", "Label" | "Type") => Field::PhoneLabel(n),
            ("Address ", part) => match part {
                "Street" | "Extended Address" => Field::Address(Place::Work, Part::Street),
                "PO Box" => Field::Address(Place::Work, Part::PoBox),
                "City" => Field::Address(Place::Work, Part::City),
                "Region" => Field::Address(Place::Work, Part::State),
                "Postal Code" => Field::Address(Place::Work, Part::Postal),
                "Country" => Field::Address(Place::Work, Part::Country),
                // Which address it is: the parts say what matters.
                "Label" | "Type" => Field::Covered,
                _ => Field::Ignore,
            },
            ("Website ", "Value") => Field::Labelled("Web page"),
            ("Website ", "Label" | "Type") => Field::Covered,
            _ => Field::Ignore,
        });
    }
    None
}

/// Outlook's and Thunderbird's address columns: `Home City`, `Business
/// Street 2`, `Work ZipCode`, `Ville (domicile)`, `Calle del trabajo`,
/// `市区町村 (会社)`.
fn address(h: &str) -> Option<(Place, Part)> {
    // `Business Street 2`, `Rue (bureau) 2`: the numbered extra lines.
    let h = h
        .strip_suffix(" 2")
        .or_else(|| h.strip_suffix(" 3"))
        .unwrap_or(h);
    // English: a place word, then the part.
    for (prefix, place) in [
        ("Business ", Place::Work),
        ("Work ", Place::Work),
        ("Home ", Place::Home),
        ("Other ", Place::Other),
    ] {
        if let Some(rest) = h.strip_prefix(prefix) {
            let part = match rest {
                "Street" | "Address" => Part::Street,
                "Address PO Box" => Part::PoBox,
                "City" => Part::City,
                "State" => Part::State,
                "Postal Code" | "ZipCode" | "ZIP" => Part::Postal,
                "Country" | "Country/Region" => Part::Country,
                _ => continue,
            };
            return Some((place, part));
        }
    }
    // French and Japanese: the part, then the place in brackets.
    if let Some((part, place)) = h.strip_suffix(')').and_then(|r| r.rsplit_once(" (")) {
        let place = match place {
            "bureau" | "会社" => Place::Work,
            "domicile" | "自宅" => Place::Home,
            "autre" | "その他" => Place::Other,
            _ => return None,
        };
        let part = match part {
            "Rue" | "Adresse" | "番地" => Part::Street,
            "Boîte postale" | "B.P." => Part::PoBox,
            "Ville" | "市区町村" => Part::City,
            "Dép/Région" | "Département ou région" | "Département" | "都道府県" => {
                Part::State
            }
            "Code postal" | "郵便番号" => Part::Postal,
            "Pays" | "Pays/Région" | "Pays/région" | "国/地域" => Part::Country,
            _ => return None,
        };
        return Some((place, part));
    }
    // Spanish: the part, then whose it is.
    for (suffix, place) in [
        (" del trabajo", Place::Work),
        (" de trabajo", Place::Work),
        (" del domicilio", Place::Home),
        (" de residencia", Place::Home),
    ] {
        if let Some(part) = h.strip_suffix(suffix) {
            let part = match part {
                "Calle" => Part::Street,
                "Ciudad" => Part::City,
                "Provincia o estado" => Part::State,
                "Código postal" => Part::Postal,
                "País o región" => Part::Country,
                _ => continue,
            };
            return Some((place, part));
        }
    }
    Some(match h {
        "Otra calle" => (Place::Other, Part::Street),
        "Otra ciudad" => (Place::Other, Part::City),
        "Otra provincia o estado" => (Place::Other, Part::State),
        "Otro código postal" => (Place::Other, Part::Postal),
        "Otro país o región" => (Place::Other, Part::Country),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_in_four_languages() {
        assert_eq!(address("Home City"), Some((Place::Home, Part::City)));
        assert_eq!(
            address("Business Street 2"),
            Some((Place::Work, Part::Street))
        );
        assert_eq!(address("Work ZipCode"), Some((Place::Work, Part::Postal)));
        assert_eq!(address("Ville (domicile)"), Some((Place::Home, Part::City)));
        assert_eq!(
            address("Ciudad de trabajo"),
            Some((Place::Work, Part::City))
        );
        assert_eq!(address("市区町村 (会社)"), Some((Place::Work, Part::City)));
        assert_eq!(address("Home Phone"), None);
    }
}
