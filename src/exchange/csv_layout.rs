//! Which column of a contacts CSV fills which field: the header rows of
//! Google, Outlook (in English, French, Spanish and Japanese), Thunderbird,
//! LinkedIn and fieldbook's own export are known by name; any other header
//! is guessed from its words (`E-mail`, `Mobile`, `Company`...). Also where
//! the header row is (LinkedIn writes a few `Notes:` lines above it) and
//! which separator the file uses (`,`, the `;` of European Excel, or tab).

use super::csv_in::Field;

/// Which address a column belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Work,
    Home,
    Other,
}

impl Place {
    pub fn word(self) -> &'static str {
        match self {
            Place::Work => "Work",
            Place::Home => "Home",
            Place::Other => "Other",
        }
    }
}

/// Which part of an address a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Street,
    PoBox,
    City,
    State,
    Postal,
    Country,
}

/// The field a header fills when it is a known name.
pub fn known_field(header: &str) -> Option<Field> {
    known(header.trim())
}

/// The field a header's words suggest, for headers no layout names.
pub fn guessed_field(header: &str) -> Option<Field> {
    guess(header.trim())
}

fn phone(label: &str) -> Field {
    Field::Phone(label.to_string())
}

fn email() -> Field {
    Field::Email(String::new())
}

/// Headers known by name. `Title` alone is a job title here; beside a
/// `Job Title` column (Outlook) it is the honorific, see `honorifics`.
fn known(h: &str) -> Option<Field> {
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

/// A header nobody wrote down, read from its words: `Mail`, `Tel.`,
/// `Cell phone`, `Organisation`, `Job`, `Town`... The preview says each
/// guess, so a wrong one is seen before anything is written.
fn guess(h: &str) -> Option<Field> {
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

/// Outlook writes both `Title` (Mr., Dr.) and `Job Title`: with another
/// column for the job, `Title` / `Titre` / `Tratamiento` / `敬称` is the
/// honorific, which fieldbook does not keep (the preview lists it).
pub fn honorifics(headers: &[String], fields: &mut [Field]) {
    let role_columns = fields.iter().filter(|f| **f == Field::Role).count();
    for (header, field) in headers.iter().zip(fields.iter_mut()) {
        let h = header.trim();
        let honorific = matches!(h, "Tratamiento" | "敬称")
            || (matches!(h, "Title" | "Titre") && role_columns > 1);
        if honorific {
            *field = Field::Ignore;
        }
    }
    // French Outlook may write `Titre` twice: the first is the honorific.
    if let Some(first) = headers.iter().position(|h| h.trim() == "Titre")
        && headers.iter().filter(|h| h.trim() == "Titre").count() > 1
    {
        fields[first] = Field::Ignore;
    }
}

/// The separator of the file: `,`, `;` or tab, whichever the first line
/// with any of them (outside quotes) has most of; `,` when none.
pub fn separator(text: &str) -> u8 {
    let mut quoted = false;
    for line in text.lines().take(50) {
        let mut counts = [0usize; 3];
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => counts[0] += 1,
                ';' if !quoted => counts[1] += 1,
                '\t' if !quoted => counts[2] += 1,
                _ => {}
            }
        }
        if counts.iter().any(|&n| n > 0) {
            let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
            return [b',', b';', b'\t'][best];
        }
    }
    b','
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        assert_eq!(separator("Name;Email\nA;a@x.org\n"), b';');
        assert_eq!(separator("Name\tEmail\n"), b'\t');
        assert_eq!(separator("Notes:\n\"a, b; c\"\n\nName,Email\n"), b',');
        assert_eq!(separator("Name\nA\n"), b',');
    }

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
