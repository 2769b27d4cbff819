//! Timeframes: when a task is to be done (SPEC `Task.timeframe`). One parser for the
//! printed forms plans use (domain-facts §4.1): `Thường xuyên`, `Năm 2019`, `Trong năm
//! 2019`, `Quý II/2019`, `Quý III năm 2019`, `Quý 1/2019`, `6 tháng đầu năm`, `Tháng 6/2019`,
//! `giai đoạn 2021 - 2025`, `Năm 2019 và các năm tiếp theo`, `định kỳ hằng quý`, `đột
//! xuất`, `khi có yêu cầu`, `trước ngày 05/11/2023`.
//!
//! Kinds: `date`, `deadline`, `month`, `quarter`, `half`, `year`, `period`, `ongoing`,
//! `periodic`, `ad_hoc`. `start`/`end` are the first and last day the text allows; a day
//! and month without a year take the plan's year.

use std::sync::LazyLock;

use regex::Regex;

use super::date::{days_in_month, PartialDate};
use crate::segment::numbering::roman_value;

/// A parsed timeframe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeframe {
    /// One of the SPEC's kinds.
    pub kind: &'static str,
    /// First day, when the text bounds it.
    pub start: Option<PartialDate>,
    /// Last day, when the text bounds it.
    pub end: Option<PartialDate>,
}

fn day(y: u16, m: u8, d: u8) -> Option<PartialDate> {
    PartialDate::new(y, Some(m), Some(d)).ok()
}

fn year_bounds(y: u16) -> (Option<PartialDate>, Option<PartialDate>) {
    (day(y, 1, 1), day(y, 12, 31))
}

fn months_bounds(y: u16, first: u8, last: u8) -> (Option<PartialDate>, Option<PartialDate>) {
    (day(y, first, 1), day(y, last, days_in_month(y, last)))
}

static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bqu[ýí]\s+(?P<q>IV|III|II|I|[1-4])\s*(?:[/\-–]|\s+(?:năm\s+)?)\s*(?P<y>(?:19|20)[0-9]{2})\b").expect("quarter")
});
static HALF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b6\s+tháng\s+(?P<h>đầu|cuối)\s+năm(?:\s+(?P<y>(?:19|20)[0-9]{2}))?").expect("half")
});
static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\btháng\s+(?P<m>[0-9]{1,2})\s*(?:/|\s+năm\s+)\s*(?P<y>(?:19|20)[0-9]{2})\b").expect("month")
});
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<a>(?:19|20)[0-9]{2})\s*(?:-|đến|tới)\s*(?:năm\s+)?(?P<b>(?:19|20)[0-9]{2})\b").expect("period")
});
static YEAR_ONWARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bnăm\s+(?P<y>(?:19|20)[0-9]{2})\s+và\s+(?:các|những)\s+năm\s+tiếp\s+theo").expect("onward")
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:trong\s+)?năm\s+(?P<y>(?:19|20)[0-9]{2})\b").expect("year"));
/// The phrases of each wordy kind, folded: [`parse`] asks whether any occurs anywhere.
const ONGOING_PHRASES: [&str; 5] = ["thường xuyên", "liên tục", "hằng ngày", "hàng ngày", "cả năm"];
const PERIODIC_PHRASES: [&str; 10] = ["định kỳ", "hằng năm", "hàng năm", "hằng quý", "hàng quý", "hằng tháng", "hàng tháng", "hằng tuần", "hàng tuần", "mỗi năm"];
const AD_HOC_PHRASES: [&str; 5] = ["đột xuất", "khi có yêu cầu", "theo yêu cầu", "khi cần thiết", "phát sinh"];

/// Any of `phrases` as plain text: one literal search (the regex crate's multi-literal
/// searcher) where a `contains` per phrase read a long task text once for each.
fn any_of(phrases: &[&str]) -> Regex {
    Regex::new(&phrases.iter().map(|p| regex::escape(p)).collect::<Vec<_>>().join("|")).expect("phrase alternation")
}
static ONGOING: LazyLock<Regex> = LazyLock::new(|| any_of(&ONGOING_PHRASES));
static PERIODIC: LazyLock<Regex> = LazyLock::new(|| any_of(&PERIODIC_PHRASES));
static AD_HOC: LazyLock<Regex> = LazyLock::new(|| any_of(&AD_HOC_PHRASES));

static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:trước|chậm nhất(?:\s+(?:là|vào))?|hoàn thành(?:\s+trước)?|xong trước)\s*(?:ngày\s*)?(?P<d>[0-9]{1,2})\s*/\s*(?P<m>[0-9]{1,2})(?:\s*/\s*(?P<y>(?:19|20)[0-9]{2}))?").expect("deadline")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<d>[0-9]{1,2})\s*/\s*(?P<m>[0-9]{1,2})\s*/\s*(?P<y>(?:19|20)[0-9]{2})\b").expect("date")
});

/// Parses the timeframe a text gives, or `None` when it gives none.
pub fn parse(text: &str, plan_year: Option<u16>) -> Option<Timeframe> {
    let f = crate::text::fold(text);
    let num = |c: &regex::Captures<'_>, n: &str| c.name(n).and_then(|m| m.as_str().parse::<u16>().ok());
    // Every pattern here needs an ASCII digit (a day, a month, a year, the 6 of `6 tháng`),
    // and their Unicode `\b`s keep them off the regex crate's fast engines: text without a
    // digit, most task sentences, skips them all.
    let has_digit = crate::text::has_ascii_digit(&f);
    // Each pattern's literal, looked for before the pattern runs (they are all lower case,
    // as `f` is): most task texts hold a number and none of them.
    let (slash, month_word) = (f.contains('/'), f.contains("tháng"));
    if has_digit {
        if let Some(c) = slash.then(|| DEADLINE.captures(&f)).flatten() {
            let y = num(&c, "y").or(plan_year)?;
            let end = PartialDate::new(y, num(&c, "m").map(|m| m as u8), num(&c, "d").map(|d| d as u8)).ok();
            return Some(Timeframe { kind: "deadline", start: None, end });
        }
        if let Some(c) = f.contains("tiếp theo").then(|| YEAR_ONWARD.captures(&f)).flatten() {
            let y = num(&c, "y")?;
            return Some(Timeframe { kind: "ongoing", start: day(y, 1, 1), end: None });
        }
        if let Some(c) = f.contains("qu").then(|| QUARTER.captures(&f)).flatten() {
            let q = c.name("q")?.as_str();
            let q = q.parse::<u8>().ok().or_else(|| roman_value(&q.to_uppercase()).map(|v| v as u8))?;
            let y = num(&c, "y")?;
            let first = (q - 1) * 3 + 1;
            let (start, end) = months_bounds(y, first, first + 2);
            return Some(Timeframe { kind: "quarter", start, end });
        }
        if let Some(c) = month_word.then(|| HALF.captures(&f)).flatten() {
            let first_half = c.name("h").is_some_and(|h| h.as_str() == "đầu");
            let y = num(&c, "y").or(plan_year);
            let (start, end) = match y {
                Some(y) if first_half => months_bounds(y, 1, 6),
                Some(y) => months_bounds(y, 7, 12),
                None => (None, None),
            };
            return Some(Timeframe { kind: "half", start, end });
        }
        if let Some(c) = month_word.then(|| MONTH.captures(&f)).flatten() {
            let m = num(&c, "m")? as u8;
            let y = num(&c, "y")?;
            if (1..=12).contains(&m) {
                let (start, end) = months_bounds(y, m, m);
                return Some(Timeframe { kind: "month", start, end });
            }
        }
        if let Some(c) = PERIOD.captures(&f) {
            let (a, b) = (num(&c, "a")?, num(&c, "b")?);
            if a < b {
                return Some(Timeframe { kind: "period", start: day(a, 1, 1), end: day(b, 12, 31) });
            }
        }
        if let Some(c) = slash.then(|| DATE.captures(&f)).flatten() {
            let d = PartialDate::new(num(&c, "y")?, num(&c, "m").map(|m| m as u8), num(&c, "d").map(|d| d as u8)).ok();
            return Some(Timeframe { kind: "date", start: d, end: d });
        }
    }
    if ONGOING.is_match(&f) {
        return Some(Timeframe { kind: "ongoing", start: None, end: None });
    }
    if PERIODIC.is_match(&f) {
        return Some(Timeframe { kind: "periodic", start: None, end: None });
    }
    if AD_HOC.is_match(&f) {
        return Some(Timeframe { kind: "ad_hoc", start: None, end: None });
    }
    if let Some(c) = (has_digit && f.contains("năm")).then(|| YEAR.captures(&f)).flatten() {
        let (start, end) = year_bounds(num(&c, "y")?);
        return Some(Timeframe { kind: "year", start, end });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Each phrase search finds a phrase exactly where `contains` does.
        #[test]
        fn phrase_searches_are_plain_contains(t in "(x|thường xuyên|liên tục|hằng|ngày|hàng ngày|cả năm|định kỳ|mỗi năm|hằng quý|đột xuất|khi có yêu cầu|khi cần|thiết|phát sinh| |\\.|\\*){0,8}") {
            for (re, phrases) in [(&*ONGOING, &ONGOING_PHRASES[..]), (&*PERIODIC, &PERIODIC_PHRASES[..]), (&*AD_HOC, &AD_HOC_PHRASES[..])] {
                proptest::prop_assert_eq!(re.is_match(&t), phrases.iter().any(|p| t.contains(p)));
            }
        }
    }

    fn tf(s: &str) -> Option<(String, Option<String>, Option<String>)> {
        parse(s, Some(2019)).map(|t| (t.kind.to_string(), t.start.map(|d| d.to_string()), t.end.map(|d| d.to_string())))
    }

    fn k(kind: &str, s: Option<&str>, e: Option<&str>) -> Option<(String, Option<String>, Option<String>)> {
        Some((kind.to_string(), s.map(str::to_string), e.map(str::to_string)))
    }

    #[test]
    fn quarters_roman_arabic_and_with_nam() {
        assert_eq!(tf("Quý II/2019."), k("quarter", Some("2019-04-01"), Some("2019-06-30")));
        assert_eq!(tf("Quý III năm 2019"), k("quarter", Some("2019-07-01"), Some("2019-09-30")));
        assert_eq!(tf("Quý 1/2019"), k("quarter", Some("2019-01-01"), Some("2019-03-31")));
        assert_eq!(tf("Quý IV/2019"), k("quarter", Some("2019-10-01"), Some("2019-12-31")));
        // Old spelling and a dash, as annex tables print them.
        assert_eq!(tf("Quí IV-2025"), k("quarter", Some("2025-10-01"), Some("2025-12-31")));
        assert_eq!(tf("Quý I - 2026"), k("quarter", Some("2026-01-01"), Some("2026-03-31")));
    }

    #[test]
    fn years_periods_and_onward() {
        assert_eq!(tf("Năm 2019."), k("year", Some("2019-01-01"), Some("2019-12-31")));
        assert_eq!(tf("Trong năm 2019"), k("year", Some("2019-01-01"), Some("2019-12-31")));
        assert_eq!(tf("Năm 2019 và các năm tiếp theo"), k("ongoing", Some("2019-01-01"), None));
        assert_eq!(tf("giai đoạn 2021 – 2025"), k("period", Some("2021-01-01"), Some("2025-12-31")));
        assert_eq!(tf("giai đoạn 2020- 2030"), k("period", Some("2020-01-01"), Some("2030-12-31")));
    }

    #[test]
    fn months_halves_deadlines() {
        assert_eq!(tf("Tháng 6/2019"), k("month", Some("2019-06-01"), Some("2019-06-30")));
        assert_eq!(tf("6 tháng đầu năm"), k("half", Some("2019-01-01"), Some("2019-06-30")));
        assert_eq!(tf("trước ngày 05/11/2023"), k("deadline", None, Some("2023-11-05")));
        assert_eq!(tf("trước 15/6"), k("deadline", None, Some("2019-06-15")));
    }

    #[test]
    fn recurring_and_ad_hoc() {
        assert_eq!(tf("Thường xuyên."), k("ongoing", None, None));
        assert_eq!(tf("định kỳ hằng quý"), k("periodic", None, None));
        assert_eq!(tf("Hằng năm"), k("periodic", None, None));
        assert_eq!(tf("đột xuất khi có yêu cầu"), k("ad_hoc", None, None));
        assert_eq!(tf("theo chỉ đạo"), None);
    }
}
