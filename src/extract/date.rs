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

/// A date's ISO form ([`PartialDate::iso`]) on the stack.
#[derive(Clone, Copy, Debug)]
pub struct Iso {
    bytes: [u8; 16],
    len: usize,
}

impl Iso {
    /// The text: `2019-01-28`, `2023-03`, `2023`.
    pub fn as_str(&self) -> &str {
        self.bytes.get(..self.len).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or_default()
    }

    /// Appends `value` in decimal, zero-padded to `width` digits (more when it has more).
    fn push(&mut self, value: u32, width: usize) {
        let mut digits = [0u8; 10];
        let (mut v, mut n) = (value, 0);
        while n == 0 || v > 0 {
            if let Some(d) = digits.get_mut(n) {
                *d = b'0' + (v % 10) as u8;
            }
            v /= 10;
            n += 1;
        }
        for _ in n..width {
            self.put(b'0');
        }
        for i in (0..n).rev() {
            self.put(digits.get(i).copied().unwrap_or(b'0'));
        }
    }

    fn put(&mut self, b: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }
}

impl PartialDate {
    /// What [`Display`](fmt::Display) writes, without the formatting machinery: records
    /// write thousands of dates, each through a `write!` per part before.
    pub fn iso(&self) -> Iso {
        let mut out = Iso { bytes: [0; 16], len: 0 };
        out.push(u32::from(self.year), 4);
        if let Some(m) = self.month {
            out.put(b'-');
            out.push(u32::from(m), 2);
            if let Some(d) = self.day {
                out.put(b'-');
                out.push(u32::from(d), 2);
            }
        }
        out
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
/// 2 = month, 3 = year. Search it with [`formal_captures`] and [`is_formal`]: the year ends
/// at a word boundary, which the pattern checks for ASCII only (`(?-u:\b)`) and they
/// complete for the rest of Unicode; a Unicode `\b` in the pattern kept every search on the
/// regex crate's slow engines.
pub static FORMAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("{FORMAL_BODY}(?-u:\\b)")).expect("formal date regex"));

/// [`FORMAL`] before its final word boundary.
const FORMAL_BODY: &str = r"(?i:ng(?:à|)y)\s*([0-9]{1,2})?\s*(?:,\s*)?(?i:th(?:á|)ng)\s*([0-9]{1,2})?\s*(?:,\s*)?(?i:năm)\s*([0-9]{4})";

/// Whether a match of [`FORMAL`] ending at `end` ends at a Unicode word boundary: after its
/// year's last digit, no word character (a non-ASCII letter follows in `2023à`).
fn formal_ends_at_boundary(text: &str, end: usize) -> bool {
    !text.get(end..).and_then(|r| r.chars().next()).is_some_and(|c| regex_syntax::try_is_word_character(c).unwrap_or(false))
}

/// The first formal date in `text`: the match of the pattern with a Unicode `\b` after
/// the year. Where the ASCII boundary holds and the Unicode one does not, no match starts
/// there (the end of a match is fixed by its start: the words and numbers admit nothing
/// else between them), so the search goes on one character later.
pub fn formal_find(text: &str) -> Option<regex::Match<'_>> {
    let mut from = 0;
    while from <= text.len() {
        let m = FORMAL.find_at(text, from)?;
        if formal_ends_at_boundary(text, m.end()) {
            return Some(m);
        }
        from = m.start() + text.get(m.start()..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
    }
    None
}

/// [`formal_find`] with the groups: the captures of the match it found.
pub fn formal_captures(text: &str) -> Option<regex::Captures<'_>> {
    FORMAL.captures_at(text, formal_find(text)?.start())
}

/// Whether `text` holds a formal date.
pub fn is_formal(text: &str) -> bool {
    formal_find(text).is_some()
}

/// `28/01/2019`, `28-01-2019`, `28.01.2019`. Group 1 = day, 2 = month, 3 = year.
pub static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{4})\b").expect("numeric date regex")
});

/// Parses the captures of [`FORMAL`] or [`NUMERIC`] into a date.
///
/// # Errors
/// See [`PartialDate::new`].
pub fn from_captures(c: &regex::Captures<'_>) -> Result<PartialDate, String> {
    let num = |i: usize| c.get(i).map(|m| m.as_str());
    from_numbers(num(1), num(2), num(3))
}

/// The date of day, month and year as written (any of them missing).
fn from_numbers(day: Option<&str>, month: Option<&str>, year: Option<&str>) -> Result<PartialDate, String> {
    let num = |n: Option<&str>| n.and_then(|n| n.parse::<u16>().ok());
    let year = num(year).ok_or("no year")?;
    let month = num(month).map(|m| m.min(255) as u8);
    let day = num(day).map(|d| d.min(255) as u8);
    // A day without a month ("ngày 15 tháng   năm 2023") keeps only the year.
    let day = if month.is_none() { None } else { day };
    PartialDate::new(year, month, day)
}

/// The date of a [`FORMAL`] match (the text [`formal_find`] found), read off its numbers
/// instead of by the capture engine: no word or separator of the pattern holds a digit, so
/// its digit runs are its groups in order; the one before `tháng` (its first `t` or `T`:
/// `ngày` has none) is the day, the last is the year, one between them the month.
///
/// # Errors
/// See [`PartialDate::new`].
pub fn formal_value(matched: &str) -> Result<PartialDate, String> {
    let month_word = matched.find(['t', 'T']).unwrap_or(matched.len());
    let (mut day, mut month, mut year) = (None, None, None);
    for (start, end) in crate::text::digit_runs(matched) {
        let run = matched.get(start..end);
        if start < month_word {
            day = run;
        } else if let Some(y) = std::mem::replace(&mut year, run) {
            month = Some(y);
        }
    }
    from_numbers(day, month, year)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value read off a formal match is the one its captures give.
    fn assert_value_as_captures(t: &str) {
        let by_engine = formal_captures(t).map(|c| from_captures(&c));
        let by_hand = formal_find(t).map(|m| formal_value(m.as_str()));
        assert_eq!(by_hand, by_engine, "{t:?}");
    }

    #[test]
    fn the_formal_value_read_off_the_match_is_the_captures() {
        let texts = crate::testing::crafted_and_corpus_lines(&[
            "ngày 28 tháng 01 năm 2019",
            "Ngày  , tháng   , năm 2023",
            "NGÀY 5 THÁNG năm 2020",
            "ngay 7 thang 8 nam 2021",
            "ngày tháng 3 năm 2024",
            "ngày 31, tháng 2, năm 2023",
            "x ngày 1tháng 2năm 2003 và ngày 4 tháng 5 năm 2006",
        ]);
        for t in &texts {
            assert_value_as_captures(t);
        }
    }

    proptest::proptest! {
        #[test]
        fn the_formal_value_read_off_the_match_is_the_captures_on_random_text(t in "(ngày|NGÀY|ngay|Ngày|tháng|THÁNG|thang|năm|NĂM|[0-9]{1,5}|[ ,t]|\u{a0}){0,10}") {
            assert_value_as_captures(&t);
        }
    }

    fn formal(s: &str) -> Result<String, String> {
        let c = formal_captures(s).ok_or("no match")?;
        from_captures(&c).map(|d| d.to_string())
    }

    #[test]
    fn the_formal_search_finds_what_the_word_boundary_pattern_finds() {
        let plain = Regex::new(&format!(r"{FORMAL_BODY}\b")).expect("plain formal regex");
        let mut texts: Vec<String> = ["ngày 1 tháng 2 năm 2023à", "ngày 1 tháng 2 năm 2023à, ngày 3 tháng 4 năm 2024", "ngày 1 tháng 2 năm 2023_", "ngày 1 tháng 2 năm 20234", "NGÀY 5 THÁNG 6 NĂM 2020.", "ngày 1 tháng 2 năm 2023\u{0301}"].iter().map(|s| s.to_string()).collect();
        for (_, t) in crate::testing::corpus_texts() {
            texts.extend(t.lines().filter(|l| l.contains("năm") || l.contains("NĂM")).map(str::to_string));
        }
        assert!(texts.len() > 100, "no corpus read");
        let groups = |c: Option<regex::Captures<'_>>| c.map(|c| (0..c.len()).map(|i| c.get(i).map(|m| m.range())).collect::<Vec<_>>());
        for t in &texts {
            assert_eq!(groups(formal_captures(t)), groups(plain.captures(t)), "{t:?}");
            assert_eq!(is_formal(t), plain.is_match(t), "{t:?}");
        }
    }

    #[test]
    fn the_iso_form_is_what_display_writes() {
        let mut dates = Vec::new();
        for year in (0..=u16::MAX).step_by(7).chain([0, 9, 10, 999, 1000, 1900, 2100, 9999, 10000, u16::MAX]) {
            dates.push(PartialDate { year, month: None, day: None });
        }
        for month in 0..=u8::MAX {
            for day in [None, Some(0), Some(1), Some(9), Some(10), Some(31), Some(99), Some(100), Some(u8::MAX)] {
                dates.push(PartialDate { year: 2024, month: Some(month), day });
            }
        }
        dates.push(PartialDate { year: 2024, month: None, day: Some(5) });
        for d in dates {
            assert_eq!(d.iso().as_str(), d.to_string(), "{d:?}");
        }
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
