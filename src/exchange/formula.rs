//! CSV cells a spreadsheet would run as formulas (OWASP "CSV injection"):
//! a contact named `=HYPERLINK("http://evil","Click")` becomes a live link,
//! or worse, when head office opens the export in Excel. Such a cell is
//! written with a leading `'`, which spreadsheets take as "text"; fieldbook's
//! own CSV import takes that `'` off again.

/// The characters a spreadsheet treats as the start of a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as written to a CSV export: a leading `'` when it starts like a
/// formula (`+254 700...` included: a phone number must not be summed).
pub fn defuse(cell: String) -> String {
    if cell.starts_with(TRIGGERS) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The cell as it was before `defuse`: one leading `'` taken off when what
/// follows starts like a formula. A name that really starts with `'` and a
/// letter (`'Abdul`) is left alone.
pub fn undo(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(TRIGGERS) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_come_back() {
        for cell in [
            "=HYPERLINK(\"x\")",
            "+254 700 000001",
            "-5",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let out = defuse(cell.to_string());
            assert_eq!(out, format!("'{cell}"));
            assert_eq!(undo(&out), cell);
        }
        assert_eq!(defuse("Amina".into()), "Amina");
        assert_eq!(undo("'Abdul"), "'Abdul");
        assert_eq!(undo("Amina"), "Amina");
    }
}
