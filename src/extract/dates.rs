//! Date mentions (SPEC "DateMention"): every date expression with its ISO value at the
//! precision printed and its role — `issued` (the header's date), `cited` (a cited
//! document's date), `deadline` (`trước ngày 15/6`, `chậm nhất vào ngày 20/11`), `report`
//! (a deadline for a report), `event` (any other).
//!
//! A day and month without a year (`trước 15/6`) takes the plan's year and says so
//! (`year_inferred`). A date that does not exist (`31/02/2023`) is reported with no value
//! and a warning.

use std::sync::LazyLock;

use regex::Regex;

use super::date::PartialDate;
use super::Doc;
use crate::diag::Warning;
use crate::span::Span;

/// One date expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Its value, `None` when it does not exist or its year is unknown.
    pub value: Option<PartialDate>,
    /// True when the year came from the plan, not the text.
    pub year_inferred: bool,
    /// `issued`, `cited`, `deadline`, `report` or `event`.
    pub role: &'static str,
    /// Paragraph index.
    pub para: usize,
    /// The expression, with its deadline word (`trước ngày 15/6`).
    pub span: Span,
}

/// Full or partial dates, and day-month pairs; one alternation so matches never overlap.
///
/// The numeric forms must stand alone (`\b`). The boundaries are ASCII ones here, next to
/// ASCII digits: a Unicode `\b` anywhere would send every search to the regex crate's slow
/// engines. Where they differ (a Vietnamese letter glued to the digits, `số12/3`)
/// [`unicode_bounded`] rejects the match.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<formal>(?i:ngày)\s*(?P<fd>[0-9]{1,2})?\s*,?\s*(?i:tháng)\s*(?P<fm>[0-9]{1,2})?\s*,?\s*(?i:năm)\s*(?P<fy>[0-9]{4}))
      | (?P<num>(?-u:\b)(?P<nd>[0-9]{1,2})\s*(?P<s1>[/.\-])\s*(?P<nm>[0-9]{1,2})\s*[/.\-]\s*(?P<ny>(?:19|20)[0-9]{2})(?-u:\b))
      | (?P<my>(?i:tháng)\s+(?P<mm>[0-9]{1,2})\s*(?:/|\s(?i:năm)\s)\s*(?P<my_y>(?:19|20)[0-9]{2})(?-u:\b))
      | (?P<dm>(?-u:\b)(?P<dd>[0-9]{1,2})/(?P<dmm>[0-9]{1,2})(?-u:\b)(?:\s+(?i:của\s+năm|hằng\s+năm|hàng\s+năm))?)
        ",
    )
    .expect("date regex")
});

/// The index of a named group of [`DATE`], in the order its parentheses open: looking a
/// name up in the regex hashes it, on every group of every date.
fn group(name: &str) -> usize {
    match name {
        "formal" => 1,
        "fd" => 2,
        "fm" => 3,
        "fy" => 4,
        "num" => 5,
        "nd" => 6,
        "s1" => 7,
        "nm" => 8,
        "ny" => 9,
        "my" => 10,
        "mm" => 11,
        "my_y" => 12,
        "dm" => 13,
        "dd" => 14,
        "dmm" => 15,
        _ => usize::MAX,
    }
}

/// Whether the numeric forms of a [`DATE`] match stand alone with Unicode word boundaries,
/// as their ASCII `\b`s promised only for ASCII neighbours.
fn unicode_bounded(text: &str, c: &regex::Captures<'_>) -> bool {
    let at = |g: &str, end: bool| c.get(group(g)).is_none_or(|m| crate::text::word_boundary(text, if end { m.end() } else { m.start() }));
    at("num", false) && at("num", true) && at("dm", false) && at("dmm", true) && at("my_y", true)
}

/// Words that make a date a deadline when they come right before it.
static DEADLINE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:trước|chậm nhất(?:\s+(?:là|vào))?|hạn chót|không quá|hoàn thành(?:\s+trước)?|xong trước|đến hết|đến)\s*(?:ngày\s*)?$").expect("deadline regex")
});

/// `ngày` right before a bare day/month (`ngày 15/6`).
static DAY_WORD_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)ngày\s*$").expect("day word regex"));

/// Finds every date expression. `issued` is the header date's span, `cited` the spans of
/// dates inside citations, `plan_year` the year that day-month dates take.
pub fn find(doc: &Doc<'_>, issued: Option<Span>, cited: &[Span], plan_year: Option<u16>, warnings: &mut Vec<Warning>) -> Vec<DateMention> {
    let mut out = Vec::new();
    let mut cited = cited.to_vec();
    cited.sort();
    // Spans are disjoint and sorted: the only candidate is the last one starting before the
    // date ends.
    let in_citation = |core: Span| {
        let i = cited.partition_point(|s| s.start < core.end);
        i > 0 && cited.get(i - 1).is_some_and(|s| core.start < s.end)
    };
    for (pi, para) in doc.norm.paras.iter().enumerate() {
        let text = doc.norm.para_text(pi);
        // Every form of DATE holds an ASCII digit: most paragraphs have none and skip the
        // search (which stops at every digit of the others).
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        for c in DATE.captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            if !unicode_bounded(text, &c) {
                continue;
            }
            let num = |n: &str| c.get(group(n)).and_then(|x| x.as_str().parse::<u16>().ok());
            // Context windows are bounded so that a huge one-line input stays linear.
            let before_all = text.get(..m.start()).unwrap_or("");
            let before = crate::text::tail(before_all, 120);
            let window_start = before_all.len() - before.len();
            let deadline = DEADLINE_BEFORE.find(before);
            let (value, inferred) = if c.get(group("formal")).is_some() {
                (num("fy").map(|y| PartialDate::new(y, num("fm").map(|v| v.min(255) as u8), num("fd").map(|v| v.min(255) as u8))), false)
            } else if c.get(group("num")).is_some() {
                (num("ny").map(|y| PartialDate::new(y, num("nm").map(|v| v.min(255) as u8), num("nd").map(|v| v.min(255) as u8))), false)
            } else if c.get(group("my")).is_some() {
                (num("my_y").map(|y| PartialDate::new(y, num("mm").map(|v| v.min(255) as u8), None)), false)
            } else {
                // A bare day/month is a date only after "ngày" or a deadline word; otherwise
                // it may be a ratio, a section reference or a score.
                if deadline.is_none() && !DAY_WORD_BEFORE.is_match(before) {
                    continue;
                }
                // Not part of a number-symbol such as "44/KH-UBND".
                if text.get(m.end()..).is_some_and(|r| r.starts_with(['/', '-'])) {
                    continue;
                }
                (plan_year.map(|y| PartialDate::new(y, num("dmm").map(|v| v.min(255) as u8), num("dd").map(|v| v.min(255) as u8))), true)
            };
            let start = deadline.map_or(m.start(), |d| window_start + d.start());
            let span = Span::new(para.span.start + start, para.span.start + m.end());
            let core = Span::new(para.span.start + m.start(), para.span.start + m.end());
            let value = match value {
                Some(Ok(v)) => Some(v),
                Some(Err(why)) => {
                    warnings.push(Warning::at("date_invalid", core, format!("date {:?}: {why}", m.as_str())));
                    None
                }
                None => None,
            };
            let overlaps = |s: &Span| s.start < core.end && core.start < s.end;
            let role = if issued.as_ref().is_some_and(overlaps) {
                "issued"
            } else if in_citation(core) {
                "cited"
            } else if deadline.is_some() {
                let clause_start = before.rfind([';', '.']).map_or(0, |p| p + 1);
                let clause = text.get(clause_start..m.end()).unwrap_or("");
                let after = crate::text::head(text.get(m.end()..).unwrap_or(""), 300);
                let after_clause = after.get(..after.find([';', '.']).unwrap_or(after.len())).unwrap_or("");
                if crate::text::fold(clause).contains("báo cáo") || crate::text::fold(after_clause).contains("báo cáo") {
                    "report"
                } else {
                    "deadline"
                }
            } else {
                "event"
            };
            out.push(DateMention { value, year_inferred: inferred && value.is_some(), role, para: pi, span });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every group name maps to the index the pattern gives it, and every named group is listed.
    #[test]
    fn group_indices_match_the_pattern() {
        for (i, name) in DATE.capture_names().enumerate() {
            if let Some(name) = name {
                assert_eq!(group(name), i, "{name}");
            }
        }
        assert_eq!(DATE.captures_len(), 16);
    }
}
