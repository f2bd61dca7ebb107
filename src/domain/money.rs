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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    pub fn as_str(&self) -> &str {
        // Only ASCII uppercase letters get in (see `FromStr`).
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl FromStr for Currency {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let up = s.trim().to_ascii_uppercase();
        let bytes = up.as_bytes();
        if bytes.len() == 3 && bytes.iter().all(u8::is_ascii_uppercase) {
            Ok(Currency([bytes[0], bytes[1], bytes[2]]))
        } else {
            Err(format!(
                "'{}' is not a currency; use a three-letter ISO code such as JPY, KES or USD",
                s.trim()
            ))
        }
    }
}

impl TryFrom<String> for Currency {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
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
        Ok(Money {
            hundredths: parse_amount(amount)?,
            currency: currency.parse()?,
        })
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

fn parse_amount(s: &str) -> Result<i64, String> {
    let bad = || format!("'{s}' is not an amount; write digits, e.g. 12000000 or 1500.50");
    let cleaned: String = s.chars().filter(|c| *c != ',' && *c != '_').collect();
    if cleaned.starts_with('-') {
        return Err(format!("'{s}' is negative; a budget cannot be below zero"));
    }
    let (whole, frac) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(|| format!("'{s}' is too large"))
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
}
