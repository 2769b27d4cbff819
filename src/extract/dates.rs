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
///
/// Built with the regex crate's engine (`regex-automata`) directly, without a prefilter:
/// the literals it would pick (every digit, and every case of `ngày` and `tháng`) are so
/// common in Vietnamese text that stopping at each cost more than the DFA reading every
/// byte (1.6× slower on corpus-extra's paragraphs with digits).
static DATE: LazyLock<regex_automata::meta::Regex> = LazyLock::new(|| {
    regex_automata::meta::Regex::builder().configure(regex_automata::meta::Config::new().auto_prefilter(false)).build(DATE_PATTERN).expect("date regex")
});

/// [`DATE_PATTERN`] as a forward lazy DFA for anchored searches only: [`date_matches`]
/// starts it where a match can start, next to a digit, instead of running [`DATE`] over
/// every byte of a paragraph (a third of the text has a digit; the DFA read it at about
/// 3 ns a byte, and then searched backwards for each start).
static DATE_ANCHORED: LazyLock<Option<regex_automata::hybrid::dfa::DFA>> = LazyLock::new(|| {
    use regex_automata::hybrid::dfa::DFA;
    DFA::new(DATE_PATTERN).ok()
});

thread_local! {
    /// The lazy DFA's states, kept across documents: they are built once per thread, not
    /// once per paragraph.
    static DATE_CACHE: std::cell::RefCell<Option<regex_automata::hybrid::dfa::Cache>> = const { std::cell::RefCell::new(None) };
}

/// Whether `c` can come before the first digit of a [`DATE`] match: the letters of `ngày`,
/// `tháng` and `năm` in either case, white space and the comma (the only characters the
/// formal and month-year branches have before their first number; the other two start with
/// a digit).
fn before_first_digit(c: char) -> bool {
    matches!(c, 'n' | 'N' | 'g' | 'G' | 'à' | 'À' | 'y' | 'Y' | 't' | 'T' | 'h' | 'H' | 'á' | 'Á' | 'ă' | 'Ă' | 'm' | 'M' | ',') || c.is_whitespace()
}

/// Whether a [`DATE`] match can start at `start`, a digit or an `n`, `N`, `t` or `T`, by
/// its first characters: `ngày` or `tháng` in any case for the branches that start with a
/// word; one or two digits and then, after any white space, `/`, `.` or `-` for the
/// numeric ones. Most numbers are none of these (`2023`, `15 người`, `năm 2024`), and the
/// anchored search each start cost is skipped.
fn may_start_at(text: &str, start: usize) -> bool {
    let rest = text.get(start..).unwrap_or_default();
    // The letters of the word and their capitals: the only characters `(?i:…)` matches for
    // them (none has another case-folding partner).
    let word = |letters: &[(char, char)]| {
        let mut chars = rest.chars();
        letters.iter().all(|&(lower, upper)| chars.next().is_some_and(|c| c == lower || c == upper))
    };
    match rest.as_bytes().first() {
        Some(b'n' | b'N') => word(&[('n', 'N'), ('g', 'G'), ('à', 'À'), ('y', 'Y')]),
        Some(b't' | b'T') => word(&[('t', 'T'), ('h', 'H'), ('á', 'Á'), ('n', 'N'), ('g', 'G')]),
        Some(b) if b.is_ascii_digit() => {
            let digits = crate::text::digits_at(rest.as_bytes(), 0);
            digits <= 2 && rest.get(digits..).is_some_and(|r| r.trim_start().starts_with(['/', '.', '-']))
        }
        _ => true,
    }
}

/// The [`DATE`] matches of `text`, as `find_iter` finds them.
///
/// Every match holds a digit, and what comes before its first digit is a run of
/// [`before_first_digit`] characters starting with `n`/`N` or `t`/`T` (or nothing: the
/// match starts at that digit). So the leftmost match from `p` is found at the first digit
/// `d` after `p` that has one, by anchored searches at `d` and at the `n`/`t` in the run
/// before it (left to right: the first that matches is the leftmost, with the pattern's own
/// priority for its end). When `d` has none, neither has any digit of its run: a match
/// starting inside a run of digits would need the word boundary the run does not have.
fn date_matches(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    // The general search, from `from` on (no DFA, a busy cache, or a DFA that gave up).
    let general = |from: usize| DATE.find_iter(regex_automata::Input::new(bytes).range(from..)).map(|m| (m.start(), m.end()));
    let mut out = Vec::new();
    let Some(dfa) = DATE_ANCHORED.as_ref() else {
        out.extend(general(0));
        return out;
    };
    DATE_CACHE.with(|cell| {
        let Ok(mut slot) = cell.try_borrow_mut() else {
            out.extend(general(0));
            return;
        };
        let cache = slot.get_or_insert_with(|| dfa.create_cache());
        let mut p = 0;
        while let Some(d) = crate::text::next_ascii_digit(bytes, p) {
            let before = text.get(p..d).unwrap_or_default();
            let lead = d - before.chars().rev().take_while(|&c| before_first_digit(c)).map(char::len_utf8).sum::<usize>();
            let run = bytes.get(lead..d).unwrap_or_default();
            // `n`, `N`, `t` and `T` are ASCII: their bytes are characters of their own.
            let starts = run.iter().enumerate().filter(|&(_, b)| matches!(b, b'n' | b'N' | b't' | b'T')).map(|(i, _)| lead + i).chain(std::iter::once(d));
            let mut found = None;
            for start in starts.filter(|&s| may_start_at(text, s)) {
                let input = regex_automata::Input::new(bytes).range(start..).anchored(regex_automata::Anchored::Yes);
                match dfa.try_search_fwd(cache, &input) {
                    Ok(Some(end)) => {
                        found = Some((start, end.offset()));
                        break;
                    }
                    Ok(None) => {}
                    Err(_) => {
                        // The lazy DFA gave up: the general search finds the rest.
                        out.extend(general(p));
                        return;
                    }
                }
            }
            p = match found {
                Some((start, end)) => {
                    out.push((start, end));
                    end
                }
                None => d + crate::text::digits_at(bytes, d),
            };
        }
    });
    out
}

/// The pattern of [`DATE`].
const DATE_PATTERN: &str = r"(?x)
        (?P<formal>(?i:ngày)\s*(?P<fd>[0-9]{1,2})?\s*,?\s*(?i:tháng)\s*(?P<fm>[0-9]{1,2})?\s*,?\s*(?i:năm)\s*(?P<fy>[0-9]{4}))
      | (?P<num>(?-u:\b)(?P<nd>[0-9]{1,2})\s*(?P<s1>[/.\-])\s*(?P<nm>[0-9]{1,2})\s*[/.\-]\s*(?P<ny>(?:19|20)[0-9]{2})(?-u:\b))
      | (?P<my>(?i:tháng)\s+(?P<mm>[0-9]{1,2})\s*(?:/|\s(?i:năm)\s)\s*(?P<my_y>(?:19|20)[0-9]{2})(?-u:\b))
      | (?P<dm>(?-u:\b)(?P<dd>[0-9]{1,2})/(?P<dmm>[0-9]{1,2})(?-u:\b)(?:\s+(?i:của\s+năm|hằng\s+năm|hàng\s+năm))?)
        ";

/// Which branch of [`DATE`] matched, with its numbers as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form<'t> {
    /// `ngày 05 tháng 3 năm 2023` (day and month may be blank).
    Formal { day: Option<&'t str>, month: Option<&'t str>, year: &'t str },
    /// `05/3/2023`.
    Numeric { day: &'t str, month: &'t str, year: &'t str },
    /// `tháng 3/2023`, `tháng 3 năm 2023`.
    MonthYear { month: &'t str, year: &'t str },
    /// `15/6`, with `month_end` the end of its month digits in the match (a suffix such as
    /// `của năm` may follow).
    DayMonth { day: &'t str, month: &'t str, month_end: usize },
}

/// Reads the branch and numbers of a whole [`DATE`] match.
///
/// Why by hand: the capture engine the regex crate runs for groups cost a third of the
/// date search; the match alone comes from its DFA, and its text has one shape per branch.
/// The matched text starts with `ngày` (only the formal branch can), `tháng` (only the
/// month-year branch) or a digit; a digit start is the numeric branch when it holds three
/// numbers, the day-month one when two. The keywords are matched case-insensitively, and
/// every case of `ngày`, `tháng` and `năm` has the same length in bytes.
fn read_form(m: &str) -> Option<Form<'_>> {
    let digit_runs = || crate::text::digit_runs(m);
    let text = |(a, b): (usize, usize)| m.get(a..b);
    match m.as_bytes().first()? {
        b'0'..=b'9' => {
            let mut runs = digit_runs();
            let (d, mo) = (runs.next()?, runs.next()?);
            match runs.next() {
                Some(y) => Some(Form::Numeric { day: text(d)?, month: text(mo)?, year: text(y)? }),
                None => Some(Form::DayMonth { day: text(d)?, month: text(mo)?, month_end: mo.1 }),
            }
        }
        b't' | b'T' => {
            let mut runs = digit_runs();
            Some(Form::MonthYear { month: text(runs.next()?)?, year: text(runs.last()?)? })
        }
        b'n' | b'N' => {
            // `ngày`, blanks, day?, blanks, `,`?, blanks, `tháng`, the same for the month and
            // `năm`, then the year.
            let rest = m.get("ngày".len()..)?;
            let (day, rest) = number_then(rest, "tháng".len())?;
            let (month, rest) = number_then(rest, "năm".len())?;
            Some(Form::Formal { day, month, year: rest.trim_start() })
        }
        _ => None,
    }
}

/// Reads `\s*([0-9]{1,2})?\s*,?\s*` then skips a keyword of `keyword_len` bytes: the number
/// (if any) and the text after the keyword.
fn number_then(s: &str, keyword_len: usize) -> Option<(Option<&str>, &str)> {
    let s = s.trim_start();
    let digits = crate::text::digits_at(s.as_bytes(), 0);
    let number = s.get(..digits).filter(|n| !n.is_empty());
    let rest = s.get(digits..)?.trim_start();
    let rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    Some((number, rest.get(keyword_len..)?))
}

/// Whether the numeric forms of a [`DATE`] match stand alone with Unicode word boundaries,
/// as their ASCII `\b`s promised only for ASCII neighbours. `start..end` is the match.
fn unicode_bounded(text: &str, start: usize, end: usize, form: &Form<'_>) -> bool {
    let at = |i: usize| crate::text::word_boundary(text, i);
    match *form {
        Form::Formal { .. } => true,
        Form::Numeric { .. } => at(start) && at(end),
        Form::MonthYear { .. } => at(end),
        Form::DayMonth { month_end, .. } => at(start) && at(start + month_end),
    }
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
        if !crate::text::has_ascii_digit(text) {
            continue;
        }
        for (m_start, m_end) in date_matches(text) {
            // DATE matches UTF-8 text at character boundaries.
            let Some(matched) = text.get(m_start..m_end) else { continue };
            let Some(form) = read_form(matched) else { continue };
            if !unicode_bounded(text, m_start, m_end, &form) {
                continue;
            }
            let num = |n: &str| n.parse::<u16>().ok();
            let small = |n: &str| num(n).map(|v| v.min(255) as u8);
            // Context windows are bounded so that a huge one-line input stays linear.
            let before_all = text.get(..m_start).unwrap_or("");
            let before = crate::text::tail(before_all, 120);
            let window_start = before_all.len() - before.len();
            let deadline = DEADLINE_BEFORE.find(before);
            let (value, inferred) = match form {
                Form::Formal { day, month, year } => (num(year).map(|y| PartialDate::new(y, month.and_then(small), day.and_then(small))), false),
                Form::Numeric { day, month, year } => (num(year).map(|y| PartialDate::new(y, small(month), small(day))), false),
                Form::MonthYear { month, year } => (num(year).map(|y| PartialDate::new(y, small(month), None)), false),
                Form::DayMonth { day, month, .. } => {
                // A bare day/month is a date only after "ngày" or a deadline word; otherwise
                // it may be a ratio, a section reference or a score.
                if deadline.is_none() && !DAY_WORD_BEFORE.is_match(before) {
                    continue;
                }
                // Not part of a number-symbol such as "44/KH-UBND".
                if text.get(m_end..).is_some_and(|r| r.starts_with(['/', '-'])) {
                    continue;
                }
                (plan_year.map(|y| PartialDate::new(y, small(month), small(day))), true)
                }
            };
            let start = deadline.map_or(m_start, |d| window_start + d.start());
            let span = Span::new(para.span.start + start, para.span.start + m_end);
            let core = Span::new(para.span.start + m_start, para.span.start + m_end);
            let value = match value {
                Some(Ok(v)) => Some(v),
                Some(Err(why)) => {
                    warnings.push(Warning::at("date_invalid", core, format!("date {matched:?}: {why}")));
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
                let clause = text.get(clause_start..m_end).unwrap_or("");
                let after = crate::text::head(text.get(m_end..).unwrap_or(""), 300);
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

    /// What the capture groups of [`DATE`] say about a match: the plain form of [`read_form`].
    fn form_by_groups<'t>(c: &regex::Captures<'t>) -> Option<Form<'t>> {
        let g = |n: &str| c.name(n).map(|m| m.as_str());
        let start = c.get(0)?.start();
        if c.name("formal").is_some() {
            Some(Form::Formal { day: g("fd"), month: g("fm"), year: g("fy")? })
        } else if c.name("num").is_some() {
            Some(Form::Numeric { day: g("nd")?, month: g("nm")?, year: g("ny")? })
        } else if c.name("my").is_some() {
            Some(Form::MonthYear { month: g("mm")?, year: g("my_y")? })
        } else {
            Some(Form::DayMonth { day: g("dd")?, month: g("dmm")?, month_end: c.name("dmm")?.end() - start })
        }
    }

    /// [`DATE_PATTERN`] as a `regex::Regex`, with its prefilter: for its groups, and to
    /// check that the engine built without a prefilter finds the same matches.
    static DATE_GROUPS: LazyLock<Regex> = LazyLock::new(|| Regex::new(DATE_PATTERN).expect("date regex"));

    fn assert_forms_as_groups(text: &str) {
        let by_groups: Vec<_> = DATE_GROUPS.captures_iter(text).map(|c| (c.get(0).map(|m| m.range()), form_by_groups(&c))).collect();
        let by_hand: Vec<_> = DATE.find_iter(text.as_bytes()).map(|m| (Some(m.range()), text.get(m.range()).and_then(read_form))).collect();
        assert_eq!(by_hand, by_groups, "{text:?}");
        assert!(by_hand.iter().all(|(_, f)| f.is_some()), "{text:?}");
    }

    #[test]
    fn forms_read_by_hand_are_those_of_the_groups() {
        let mut dates = 0;
        for (_, t) in crate::testing::corpus_texts() {
            for l in t.lines() {
                assert_forms_as_groups(l);
                dates += DATE.find_iter(l.as_bytes()).count();
            }
        }
        assert!(dates > 1000, "the corpus holds dates");
        for t in ["ngày 05 tháng 3 năm 2023", "NGÀY  , THÁNG , NĂM 2023", "Ngày 5,tháng 12, năm 2024", "ngày tháng năm 2020", "tháng 3/2023", "THÁNG 11 năm 2025", "tháng 3 \u{a0}năm\u{2003}2023", "05 / 3 - 2023", "1.2.2001", "15/6 của năm", "15/6  hằng  năm", "15/6/25", "x 7/8, 9/10", "nGÀy 1 ThÁnG 2 NăM 2020", "tHÁNG 2/1999"] {
            assert_forms_as_groups(t);
        }
    }

    fn assert_matches_as_find_iter(text: &str) {
        let all: Vec<_> = DATE.find_iter(text.as_bytes()).map(|m| (m.start(), m.end())).collect();
        assert_eq!(date_matches(text), all, "{text:?}");
    }

    #[test]
    fn digit_anchored_search_finds_what_the_whole_search_finds() {
        let mut dates = 0;
        for (_, t) in crate::testing::corpus_texts() {
            for l in t.lines() {
                assert_matches_as_find_iter(l);
                dates += date_matches(l).len();
            }
        }
        assert!(dates > 1000, "the corpus holds dates");
        for t in [
            "ngày 05 tháng 3 năm 2023",
            "Ngày  ,  tháng   , năm 2023 và tháng 4/2024",
            "số 123/KH-UBND ngày 12/3/2024; 15/6 hằng năm",
            "năm 20234 tháng 12 năm 2025",
            "1/2/20234 3/4",
            "NGÀY\u{a0}1 THÁNG\u{2003}2 NĂM\u{3000}2020",
            "tháng 3 năm 2023tháng 4/2023",
            "a1/2 x12/12/2012/3",
            "ngàyngày 1 tháng 2 năm 2003",
            "thángtháng 3/2023",
            "123/4/2020 12 /3/2020 1 . 2 . 2020 7\u{a0}- 8 -2021 05-06-2007 9 tháng",
            "ngay 1 thang 2 nam 2020 Ngáy 1 tHÀNG 2 tháng\u{a0}3/2021 nĂm 2020",
        ] {
            assert_matches_as_find_iter(t);
        }
    }

    proptest::proptest! {
        #[test]
        fn digit_anchored_search_finds_what_the_whole_search_finds_on_random_text(t in "(ngày|NGÀY|Ngày|ngàY|tháng|THÁNG|tHáNg|năm|NĂM|của năm|hằng năm|[0-9]{1,5}|[ ,/.\\-]|\u{a0}|\u{2003}|\n|số|x|đ|n|t|à){0,16}") {
            assert_matches_as_find_iter(&t);
        }

        #[test]
        fn forms_read_by_hand_are_those_of_the_groups_on_random_text(t in "(ngày|NGÀY|Ngày|tháng|THÁNG|năm|NĂM|của năm|hằng năm|[0-9]{1,4}|[ ,/.\\-]|\u{a0}|số|x|đ){0,12}") {
            assert_forms_as_groups(&t);
        }
    }
}
