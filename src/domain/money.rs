//! A budget: a non-negative amount with an ISO-4217 currency code.

use std::fmt;
use std::str::FromStr;

/// Amounts are kept in hundredths, whatever the currency, so `1500.50 USD` and
/// `12000000 JPY` are both exact; no float ever touches money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Money {
    pub hundredths: i64,
    pub currency: Currency,
}

/// A currency code. Typed input must be an active ISO 4217 code (`parse`);
/// a code already in the book is read as it is (`stored`), so a record saved
/// before the rules were tightened (`YEN`) still opens. Up to three
/// characters of any script fit inline, which keeps `Money` `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(from = "String", into = "String")]
pub struct Currency {
    bytes: [u8; 12],
    len: u8,
}

impl Currency {
    pub fn as_str(&self) -> &str {
        // Only whole UTF-8 characters are copied in (see `stored`).
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("???")
    }

    /// A code as it is stored, without the input rules: the first three
    /// characters, unchanged.
    pub fn stored(s: &str) -> Currency {
        let mut bytes = [0u8; 12];
        let mut len = 0;
        for ch in s.chars().take(3) {
            len += ch.encode_utf8(&mut bytes[len..]).len();
        }
        Currency {
            bytes,
            len: len as u8,
        }
    }

    /// The decimals the currency is written with (JPY 0, USD 2), when it is
    /// an active ISO 4217 currency.
    pub fn minor_units(&self) -> Option<u8> {
        super::currency::minor_units(self.as_str())
    }

    /// Why typing this code today would be refused, if it would be.
    pub fn input_problem(&self) -> Option<String> {
        let code = self.as_str();
        let shaped = code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase());
        if !shaped {
            return Some(format!(
                "'{code}' is not a currency; use a three-letter ISO code such as JPY, KES or USD"
            ));
        }
        self.minor_units().is_none().then(|| {
            format!(
                "'{code}' is not an ISO 4217 currency code; use one such as JPY, KES, XOF or USD"
            )
        })
    }
}

impl FromStr for Currency {
    type Err = String;
    /// Typed input: upper-cased, then checked against the ISO 4217 table.
    fn from_str(s: &str) -> Result<Self, String> {
        let up = s.trim().to_ascii_uppercase();
        let currency = Currency::stored(&up);
        match currency.input_problem() {
            Some(problem) if up.chars().count() == 3 => Err(problem),
            Some(_) => Err(format!(
                "'{}' is not a currency; use a three-letter ISO code such as JPY, KES or USD",
                s.trim()
            )),
            None => Ok(currency),
        }
    }
}

/// Deserializing reads a stored value (a fieldbook JSON export is a copy of
/// the book), so it is taken as it is, like a row.
impl From<String> for Currency {
    fn from(s: String) -> Currency {
        Currency::stored(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.as_str().to_string()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Money {
    /// Parses `12000000 JPY`, `JPY 12,000,000`, `1500.5 usd`.
    pub fn parse(input: &str) -> Result<Money, String> {
        let parts: Vec<&str> = input.split_whitespace().collect();
        let (amount, currency) = match parts.as_slice() {
            [a, c] if c.chars().all(|ch| ch.is_ascii_alphabetic()) => (*a, *c),
            [c, a] if c.chars().all(|ch| ch.is_ascii_alphabetic()) => (*a, *c),
            _ => {
                return Err(format!(
                    "'{}' is not an amount with a currency; write e.g. '12000000 JPY'",
                    input.trim()
                ));
            }
        };
        let currency: Currency = currency.parse()?;
        let decimals = currency.minor_units().unwrap_or(2);
        Ok(Money {
            hundredths: parse_amount(amount, decimals)?,
            currency,
        })
    }

    /// A budget typed into a field that held `stored`: text left as it was
    /// keeps the stored value (a code saved before the ISO check, `YEN`,
    /// does not block editing the rest of the record); new text must pass
    /// `parse`.
    pub fn parse_edit(typed: &str, stored: Option<Money>) -> Result<Money, String> {
        match stored {
            Some(m) if m.field_text() == typed.trim() => Ok(m),
            _ => Money::parse(typed),
        }
    }

    /// The budget as a form shows it for editing: `1500.5 USD`.
    pub fn field_text(&self) -> String {
        format!("{} {}", self.amount_string(), self.currency)
    }

    /// The amount as a decimal string without thousands separators (`1500.5`).
    pub fn amount_string(&self) -> String {
        let whole = self.hundredths / 100;
        let frac = (self.hundredths % 100).abs();
        match frac {
            0 => whole.to_string(),
            f if f % 10 == 0 => format!("{whole}.{}", f / 10),
            f => format!("{whole}.{f:02}"),
        }
    }
}

/// An amount as people type it: `1500`, `1500.50`, `1,500,000.50` (commas
/// only between correct groups of three) or `1500,50` (a decimal comma, only
/// when it is the one separator and two decimals follow). Anything else is
/// refused rather than guessed: `1,5` could be 1.5 or 15. `decimals` is the
/// currency's minor units (0 for JPY); amounts are kept in hundredths, so at
/// most two decimals are ever accepted.
fn parse_amount(s: &str, decimals: u8) -> Result<i64, String> {
    let bad = || {
        format!(
            "'{s}' is not an amount; write digits with a dot for decimals, \
             e.g. 12000000, 1500.50 or 1,500,000.50"
        )
    };
    if s.starts_with('-') {
        return Err(format!("'{s}' is negative; a budget cannot be below zero"));
    }
    let (whole, frac) = split_amount(s).ok_or_else(bad)?;
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let allowed = usize::from(decimals.min(2));
    if frac.len() > allowed {
        return Err(match decimals {
            0 => format!("'{s}' has decimals, but this currency has no minor unit"),
            _ => format!("'{s}' has more than {allowed} decimals"),
        });
    }
    let whole: i64 = whole.parse().map_err(|_| format!("'{s}' is too large"))?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(|| format!("'{s}' is too large"))
}

/// The whole and decimal digits of an amount, separators taken out; `None`
/// when the separators are not in one of the accepted patterns.
fn split_amount(s: &str) -> Option<(String, &str)> {
    if !s.contains(',') {
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        return (!s.ends_with('.')).then(|| (whole.to_string(), frac));
    }
    // `1500,50`: the comma is the decimal mark.
    if !s.contains('.')
        && let Some((whole, frac)) = s.split_once(',')
        && frac.len() == 2
        && !frac.contains(',')
    {
        return Some((whole.to_string(), frac));
    }
    // `1,500,000.50`: commas group thousands, and every group is three digits.
    let (grouped, frac) = s.split_once('.').unwrap_or((s, ""));
    if s.ends_with('.') {
        return None;
    }
    let mut groups = grouped.split(',');
    let first = groups.next()?;
    if !(1..=3).contains(&first.len()) {
        return None;
    }
    let mut whole = first.to_string();
    for group in groups {
        if group.len() != 3 {
            return None;
        }
        whole.push_str(group);
    }
    Some((whole, frac))
}

impl fmt::Display for Money {
    /// `12,000,000 JPY`: grouped for reading.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = self.amount_string();
        let (whole, frac) = plain.split_once('.').unwrap_or((&plain, ""));
        let mut grouped = String::new();
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        if !frac.is_empty() {
            grouped.push('.');
            grouped.push_str(frac);
        }
        write!(f, "{grouped} {}", self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let m = Money::parse("12000000 JPY").unwrap();
        assert_eq!(m.hundredths, 1_200_000_000);
        assert_eq!(m.to_string(), "12,000,000 JPY");
        assert_eq!(
            Money::parse("usd 1,500.5").unwrap().to_string(),
            "1,500.5 USD"
        );
        assert_eq!(Money::parse("0.05 KES").unwrap().amount_string(), "0.05");
    }

    #[test]
    fn rejects_bad_money() {
        assert!(Money::parse("-5 JPY").unwrap_err().contains("negative"));
        assert!(Money::parse("5 YEN1").is_err());
        assert!(Money::parse("5 JP").unwrap_err().contains("three-letter"));
        assert!(Money::parse("5").is_err());
        assert!(Money::parse("1.234 USD").is_err());
        assert!(Money::parse("99999999999999999999 USD").is_err());
    }

    fn hundredths(s: &str) -> Result<i64, String> {
        Money::parse(s).map(|m| m.hundredths)
    }

    #[test]
    fn commas_group_thousands_only_in_threes() {
        assert_eq!(hundredths("1,500,000.50 EUR"), Ok(150_000_050));
        assert_eq!(hundredths("1,500 USD"), Ok(150_000));
        assert_eq!(hundredths("12,000,000 JPY"), Ok(1_200_000_000));
        for bad in [
            "1,2,3 JPY",
            "1,5 USD",
            "15,00,000 USD",
            "1500,500 USD",
            ",500 USD",
            "1, USD",
        ] {
            let err = Money::parse(bad).unwrap_err();
            assert!(err.contains("not an amount"), "{bad}: {err}");
        }
    }

    #[test]
    fn a_decimal_comma_only_when_unambiguous() {
        assert_eq!(hundredths("1500,50 EUR"), Ok(150_050));
        assert_eq!(hundredths("0,05 EUR"), Ok(5));
        for bad in ["1.500,50 EUR", "1,500,50 EUR", "1500,5 EUR"] {
            assert!(Money::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn currencies_are_iso_4217() {
        assert!(Money::parse("5 YEN").unwrap_err().contains("ISO 4217"));
        assert!(Money::parse("5 XXX").is_err());
        assert!(Money::parse("5 XAU").is_err());
        assert_eq!(Money::parse("5000 xof").unwrap().currency.as_str(), "XOF");
        // A currency without minor units takes no decimals.
        assert!(
            Money::parse("1500.5 JPY")
                .unwrap_err()
                .contains("no minor unit")
        );
        assert_eq!(hundredths("1500.25 KWD"), Ok(150_025));
    }

    #[test]
    fn stored_codes_are_read_as_they_are() {
        assert_eq!(Currency::stored("YEN").as_str(), "YEN");
        assert_eq!(Currency::stored("€€€").as_str(), "€€€");
        assert!(Currency::stored("YEN").input_problem().is_some());
        assert!(Currency::stored("KES").input_problem().is_none());
    }
}
