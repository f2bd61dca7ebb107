//! ISO 3166-1 alpha-2 country codes with their English short names, so a
//! country is typed as `KE`, `ke`, `Kenya` or `kenya` and stored as `KE`.

use super::text::fold;

/// `(code, English name)`, sorted by code for binary search.
#[rustfmt::skip]
const COUNTRIES: &[(&str, &str)] = &[
    ("AD", "Andorra"), ("AE", "United Arab Emirates"), ("AF", "Afghanistan"),
    ("AG", "Antigua and Barbuda"), ("AI", "Anguilla"), ("AL", "Albania"), ("AM", "Armenia"),
    ("AO", "Angola"), ("AQ", "Antarctica"), ("AR", "Argentina"), ("AS", "American Samoa"),
    ("AT", "Austria"), ("AU", "Australia"), ("AW", "Aruba"), ("AX", "Åland Islands"),
    ("AZ", "Azerbaijan"), ("BA", "Bosnia and Herzegovina"), ("BB", "Barbados"),
    ("BD", "Bangladesh"), ("BE", "Belgium"), ("BF", "Burkina Faso"), ("BG", "Bulgaria"),
    ("BH", "Bahrain"), ("BI", "Burundi"), ("BJ", "Benin"), ("BL", "Saint Barthélemy"),
    ("BM", "Bermuda"), ("BN", "Brunei"), ("BO", "Bolivia"),
    ("BQ", "Bonaire, Sint Eustatius and Saba"), ("BR", "Brazil"), ("BS", "Bahamas"),
    ("BT", "Bhutan"), ("BV", "Bouvet Island"), ("BW", "Botswana"), ("BY", "Belarus"),
    ("BZ", "Belize"), ("CA", "Canada"), ("CC", "Cocos (Keeling) Islands"),
    ("CD", "Democratic Republic of the Congo"), ("CF", "Central African Republic"),
    ("CG", "Republic of the Congo"), ("CH", "Switzerland"), ("CI", "Côte d'Ivoire"),
    ("CK", "Cook Islands"), ("CL", "Chile"), ("CM", "Cameroon"), ("CN", "China"),
    ("CO", "Colombia"), ("CR", "Costa Rica"), ("CU", "Cuba"), ("CV", "Cabo Verde"),
    ("CW", "Curaçao"), ("CX", "Christmas Island"), ("CY", "Cyprus"), ("CZ", "Czechia"),
    ("DE", "Germany"), ("DJ", "Djibouti"), ("DK", "Denmark"), ("DM", "Dominica"),
    ("DO", "Dominican Republic"), ("DZ", "Algeria"), ("EC", "Ecuador"), ("EE", "Estonia"),
    ("EG", "Egypt"), ("EH", "Western Sahara"), ("ER", "Eritrea"), ("ES", "Spain"),
    ("ET", "Ethiopia"), ("FI", "Finland"), ("FJ", "Fiji"), ("FK", "Falkland Islands"),
    ("FM", "Micronesia"), ("FO", "Faroe Islands"), ("FR", "France"), ("GA", "Gabon"),
    ("GB", "United Kingdom"), ("GD", "Grenada"), ("GE", "Georgia"), ("GF", "French Guiana"),
    ("GG", "Guernsey"), ("GH", "Ghana"), ("GI", "Gibraltar"), ("GL", "Greenland"),
    ("GM", "Gambia"), ("GN", "Guinea"), ("GP", "Guadeloupe"), ("GQ", "Equatorial Guinea"),
    ("GR", "Greece"), ("GS", "South Georgia and the South Sandwich Islands"),
    ("GT", "Guatemala"), ("GU", "Guam"), ("GW", "Guinea-Bissau"), ("GY", "Guyana"),
    ("HK", "Hong Kong"), ("HM", "Heard Island and McDonald Islands"), ("HN", "Honduras"),
    ("HR", "Croatia"), ("HT", "Haiti"), ("HU", "Hungary"), ("ID", "Indonesia"),
    ("IE", "Ireland"), ("IL", "Israel"), ("IM", "Isle of Man"), ("IN", "India"),
    ("IO", "British Indian Ocean Territory"), ("IQ", "Iraq"), ("IR", "Iran"),
    ("IS", "Iceland"), ("IT", "Italy"), ("JE", "Jersey"), ("JM", "Jamaica"),
    ("JO", "Jordan"), ("JP", "Japan"), ("KE", "Kenya"), ("KG", "Kyrgyzstan"),
    ("KH", "Cambodia"), ("KI", "Kiribati"), ("KM", "Comoros"),
    ("KN", "Saint Kitts and Nevis"), ("KP", "North Korea"), ("KR", "South Korea"),
    ("KW", "Kuwait"), ("KY", "Cayman Islands"), ("KZ", "Kazakhstan"), ("LA", "Laos"),
    ("LB", "Lebanon"), ("LC", "Saint Lucia"), ("LI", "Liechtenstein"), ("LK", "Sri Lanka"),
    ("LR", "Liberia"), ("LS", "Lesotho"), ("LT", "Lithuania"), ("LU", "Luxembourg"),
    ("LV", "Latvia"), ("LY", "Libya"), ("MA", "Morocco"), ("MC", "Monaco"),
    ("MD", "Moldova"), ("ME", "Montenegro"), ("MF", "Saint Martin"), ("MG", "Madagascar"),
    ("MH", "Marshall Islands"), ("MK", "North Macedonia"), ("ML", "Mali"),
    ("MM", "Myanmar"), ("MN", "Mongolia"), ("MO", "Macao"),
    ("MP", "Northern Mariana Islands"), ("MQ", "Martinique"), ("MR", "Mauritania"),
    ("MS", "Montserrat"), ("MT", "Malta"), ("MU", "Mauritius"), ("MV", "Maldives"),
    ("MW", "Malawi"), ("MX", "Mexico"), ("MY", "Malaysia"), ("MZ", "Mozambique"),
    ("NA", "Namibia"), ("NC", "New Caledonia"), ("NE", "Niger"), ("NF", "Norfolk Island"),
    ("NG", "Nigeria"), ("NI", "Nicaragua"), ("NL", "Netherlands"), ("NO", "Norway"),
    ("NP", "Nepal"), ("NR", "Nauru"), ("NU", "Niue"), ("NZ", "New Zealand"),
    ("OM", "Oman"), ("PA", "Panama"), ("PE", "Peru"), ("PF", "French Polynesia"),
    ("PG", "Papua New Guinea"), ("PH", "Philippines"), ("PK", "Pakistan"),
    ("PL", "Poland"), ("PM", "Saint Pierre and Miquelon"), ("PN", "Pitcairn"),
    ("PR", "Puerto Rico"), ("PS", "Palestine"), ("PT", "Portugal"), ("PW", "Palau"),
    ("PY", "Paraguay"), ("QA", "Qatar"), ("RE", "Réunion"), ("RO", "Romania"),
    ("RS", "Serbia"), ("RU", "Russia"), ("RW", "Rwanda"), ("SA", "Saudi Arabia"),
    ("SB", "Solomon Islands"), ("SC", "Seychelles"), ("SD", "Sudan"), ("SE", "Sweden"),
    ("SG", "Singapore"), ("SH", "Saint Helena, Ascension and Tristan da Cunha"),
    ("SI", "Slovenia"), ("SJ", "Svalbard and Jan Mayen"), ("SK", "Slovakia"),
    ("SL", "Sierra Leone"), ("SM", "San Marino"), ("SN", "Senegal"), ("SO", "Somalia"),
    ("SR", "Suriname"), ("SS", "South Sudan"), ("ST", "Sao Tome and Principe"),
    ("SV", "El Salvador"), ("SX", "Sint Maarten"), ("SY", "Syria"), ("SZ", "Eswatini"),
    ("TC", "Turks and Caicos Islands"), ("TD", "Chad"),
    ("TF", "French Southern Territories"), ("TG", "Togo"), ("TH", "Thailand"),
    ("TJ", "Tajikistan"), ("TK", "Tokelau"), ("TL", "Timor-Leste"), ("TM", "Turkmenistan"),
    ("TN", "Tunisia"), ("TO", "Tonga"), ("TR", "Türkiye"), ("TT", "Trinidad and Tobago"),
    ("TV", "Tuvalu"), ("TW", "Taiwan"), ("TZ", "Tanzania"), ("UA", "Ukraine"),
    ("UG", "Uganda"), ("UM", "United States Minor Outlying Islands"),
    ("US", "United States"), ("UY", "Uruguay"), ("UZ", "Uzbekistan"),
    ("VA", "Holy See"), ("VC", "Saint Vincent and the Grenadines"), ("VE", "Venezuela"),
    ("VG", "British Virgin Islands"), ("VI", "U.S. Virgin Islands"), ("VN", "Viet Nam"),
    ("VU", "Vanuatu"), ("WF", "Wallis and Futuna"), ("WS", "Samoa"), ("YE", "Yemen"),
    ("YT", "Mayotte"), ("ZA", "South Africa"), ("ZM", "Zambia"), ("ZW", "Zimbabwe"),
];

/// Other English names people write, and the ISO long forms, folded.
#[rustfmt::skip]
const ALSO_CALLED: &[(&str, &str)] = &[
    ("bolivia (plurinational state of)", "BO"), ("brunei darussalam", "BN"),
    ("cape verde", "CV"), ("congo", "CG"), ("congo-brazzaville", "CG"),
    ("congo, the democratic republic of the", "CD"), ("dr congo", "CD"), ("drc", "CD"),
    ("congo-kinshasa", "CD"), ("czech republic", "CZ"), ("ivory coast", "CI"),
    ("swaziland", "SZ"), ("the gambia", "GM"), ("iran (islamic republic of)", "IR"),
    ("korea, republic of", "KR"), ("republic of korea", "KR"), ("korea", "KR"),
    ("korea, democratic people's republic of", "KP"),
    ("lao people's democratic republic", "LA"), ("macedonia", "MK"),
    ("moldova, republic of", "MD"), ("burma", "MM"), ("netherlands (kingdom of the)", "NL"),
    ("the netherlands", "NL"), ("holland", "NL"), ("palestine, state of", "PS"),
    ("russian federation", "RU"), ("syrian arab republic", "SY"),
    ("tanzania, united republic of", "TZ"), ("united republic of tanzania", "TZ"),
    ("taiwan, province of china", "TW"), ("turkey", "TR"), ("east timor", "TL"),
    ("united kingdom of great britain and northern ireland", "GB"), ("uk", "GB"),
    ("great britain", "GB"), ("britain", "GB"), ("england", "GB"),
    ("united states of america", "US"), ("usa", "US"), ("u.s.a.", "US"),
    ("america", "US"), ("vatican", "VA"), ("vatican city", "VA"),
    ("venezuela (bolivarian republic of)", "VE"), ("vietnam", "VN"),
    ("micronesia (federated states of)", "FM"), ("sao tome & principe", "ST"),
    ("bosnia", "BA"), ("saint helena", "SH"), ("hong kong sar", "HK"), ("macau", "MO"),
];

/// The English name of a country code (`KE` → `Kenya`).
pub fn name(code: &str) -> Option<&'static str> {
    COUNTRIES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|i| COUNTRIES[i].1)
}

/// The ISO 3166-1 alpha-2 code for what someone typed: a code in any case
/// (`ke`) or an English name, accents and case ignored (`sénégal`,
/// `Tanzania, United Republic of`). The message says what is accepted.
pub fn parse(input: &str) -> Result<&'static str, String> {
    let typed = input.trim();
    if typed.len() == 2 && typed.is_ascii() {
        let up = typed.to_ascii_uppercase();
        if let Ok(i) = COUNTRIES.binary_search_by(|(c, _)| (*c).cmp(up.as_str())) {
            return Ok(COUNTRIES[i].0);
        }
    }
    let wanted = normalise(typed);
    COUNTRIES
        .iter()
        .find(|(_, name)| normalise(name) == wanted)
        .map(|(code, _)| *code)
        .or_else(|| {
            ALSO_CALLED
                .iter()
                .find(|(alias, _)| normalise(alias) == wanted)
                .map(|(_, code)| *code)
        })
        .ok_or_else(|| {
            format!(
                "'{typed}' is not a country; use its ISO code or English name, e.g. KE or Kenya"
            )
        })
}

/// A country typed into a field that held `stored`: empty is none, text
/// left as it was keeps the stored value (free text saved before codes were
/// required), anything new must be a country (`parse`), stored as its code.
pub fn parse_edit(typed: Option<&str>, stored: Option<&str>) -> Result<Option<String>, String> {
    match typed.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) if Some(t) == stored.map(str::trim) => Ok(Some(t.to_string())),
        Some(t) => parse(t).map(|code| Some(code.to_string())),
    }
}

/// How a stored country is shown: `Kenya (KE)` for a code, anything else
/// (a value saved before codes were required) as it is.
pub fn display(stored: &str) -> String {
    match name(stored) {
        Some(name) => format!("{name} ({stored})"),
        None => stored.to_string(),
    }
}

/// Folded, with runs of white space made one: `  Sénégal ` → `senegal`.
fn normalise(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_two_letters() {
        for pair in COUNTRIES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
        assert!(COUNTRIES.iter().all(|(c, _)| c.len() == 2));
        assert_eq!(COUNTRIES.len(), 249);
        for (alias, code) in ALSO_CALLED {
            assert!(name(code).is_some(), "{alias} -> {code}");
        }
    }

    #[test]
    fn codes_and_english_names_in_any_case() {
        assert_eq!(parse("KE"), Ok("KE"));
        assert_eq!(parse(" ke "), Ok("KE"));
        assert_eq!(parse("Kenya"), Ok("KE"));
        assert_eq!(parse("kenya"), Ok("KE"));
        assert_eq!(parse("Sénégal"), Ok("SN"));
        assert_eq!(parse("SENEGAL"), Ok("SN"));
        assert_eq!(parse("Tanzania, United Republic of"), Ok("TZ"));
        assert_eq!(parse("cote d’ivoire"), Ok("CI"));
        assert_eq!(parse("Viet Nam"), Ok("VN"));
        assert_eq!(parse("Vietnam"), Ok("VN"));
        assert!(parse("Narnia").unwrap_err().contains("not a country"));
        assert!(parse("XX").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn codes_are_shown_with_their_name() {
        assert_eq!(display("KE"), "Kenya (KE)");
        assert_eq!(display("Narnia"), "Narnia");
    }
}
