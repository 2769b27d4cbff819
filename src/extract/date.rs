//! Dates with the precision the text gives: drafts leave the day (or day and month) blank
//! (`ngày     tháng 3 năm 2023`), so a date is a [`PartialDate`], never a guess.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

/// A calendar date whose day, or day and month, may be unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year (always known).
    pub year: u16,
    /// The month, 1–12.
    pub month: Option<u8>,
    /// The day of the month; only present with a month.
    pub day: Option<u8>,
}

/// Days in a month of the Gregorian calendar.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl PartialDate {
    /// Builds a date, checking it exists.
    ///
    /// # Errors
    /// A message when the month is not 1–12, the day does not exist in that month
    /// (`29/02/2023`), a day is given without a month, or the year is outside 1900–2100.
    pub fn new(year: u16, month: Option<u8>, day: Option<u8>) -> Result<PartialDate, String> {
        if !(1900..=2100).contains(&year) {
            return Err(format!("year {year} is out of range"));
        }
        match (month, day) {
            (None, Some(_)) => Err("a day without a month".to_string()),
            (Some(m), _) if !(1..=12).contains(&m) => Err(format!("month {m} does not exist")),
            (Some(m), Some(d)) if d == 0 || d > days_in_month(year, m) => {
                Err(format!("{d:02}/{m:02}/{year} does not exist"))
            }
            _ => Ok(PartialDate { year, month, day }),
        }
    }
}

impl fmt::Display for PartialDate {
    /// ISO 8601 at the known precision: `2019-01-28`, `2023-03`, `2023`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// `ngày 28 tháng 01 năm 2019`, with blanks allowed for day and month. Group 1 = day,
/// 2 = month, 3 = year.
pub static FORMAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:ng(?:à|)y)\s*([0-9]{1,2})?\s*(?:,\s*)?(?i:th(?:á|)ng)\s*([0-9]{1,2})?\s*(?:,\s*)?(?i:năm)\s*([0-9]{4})\b")
        .expect("formal date regex")
});

/// `28/01/2019`, `28-01-2019`, `28.01.2019`. Group 1 = day, 2 = month, 3 = year.
pub static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{4})\b").expect("numeric date regex")
});

/// Parses the captures of [`FORMAL`] or [`NUMERIC`] into a date.
///
/// # Errors
/// See [`PartialDate::new`].
pub fn from_captures(c: &regex::Captures<'_>) -> Result<PartialDate, String> {
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u16>().ok());
    let year = num(3).ok_or("no year")?;
    let month = num(2).map(|m| m.min(255) as u8);
    let day = num(1).map(|d| d.min(255) as u8);
    // A day without a month ("ngày 15 tháng   năm 2023") keeps only the year.
    let day = if month.is_none() { None } else { day };
    PartialDate::new(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formal(s: &str) -> Result<String, String> {
        let c = FORMAL.captures(s).ok_or("no match")?;
        from_captures(&c).map(|d| d.to_string())
    }

    #[test]
    fn formal_dates_at_every_precision() {
        assert_eq!(formal("Kon Tum, ngày 28 tháng 01 năm 2019"), Ok("2019-01-28".into()));
        assert_eq!(formal("Kông Chro, ngày tháng 3 năm 2023"), Ok("2023-03".into()));
        assert_eq!(formal("Hồng Ngự, ngày     tháng 02 năm 2020"), Ok("2020-02".into()));
        assert_eq!(formal("ngày   tháng   năm 2024"), Ok("2024".into()));
        // HTML exports that dropped every letter in U+00C0–U+00FF (`ngy thng`).
        assert_eq!(formal("H Nội, ngy 16 thng 6 năm 2025"), Ok("2025-06-16".into()));
    }

    #[test]
    fn impossible_dates_are_errors() {
        assert_eq!(formal("ngày 29 tháng 02 năm 2023"), Err("29/02/2023 does not exist".into()));
        assert_eq!(formal("ngày 29 tháng 02 năm 2024"), Ok("2024-02-29".into()));
        assert!(PartialDate::new(2023, Some(13), None).is_err());
    }

    #[test]
    fn numeric_dates() {
        let c = NUMERIC.captures("ngày 07/9/2015 của").expect("match");
        assert_eq!(from_captures(&c).map(|d| d.to_string()), Ok("2015-09-07".into()));
    }
}
