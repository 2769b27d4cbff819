//! Redaction of personal data (`vnplan extract --redact`): phone numbers, ID numbers and
//! birth dates found in a document's annexes are replaced by [`PLACEHOLDER`] wherever they
//! occur in the record's text values.
//!
//! Only annexes are searched: the annex zone ([`Zone::Annex`]: everything printed after the
//! outer document's signature, appendices and attached documents), and a body's tail from a
//! `PHỤ LỤC` or `DANH SÁCH` heading on, for annexes printed before the signature. Staff
//! lists live there (`DANH SÁCH cán bộ … | Họ và tên | Chức vụ | SĐT`), while the body's
//! numbers are the document's own business — its dates, deadlines, citation numbers and
//! the public hotlines it announces — and a reader of the record needs them.
//!
//! What counts, in an annex paragraph (each rule is a unit test below):
//! * a **phone number** after a phone label (`SĐT`, `ĐT`, `Điện thoại`, `Di động`, `Fax`,
//!   `Hotline`, …), or anywhere when its digits have the shape of a Vietnamese number: a
//!   mobile (10 digits, `03`/`05`/`07`/`08`/`09`), a landline (11 digits, `02…`), a mobile
//!   of before 2018 (11 digits, `012`–`019`), `+84` for the leading `0`; groups may be
//!   split by spaces, dots or hyphens (`0905.123.456`, `(028) 3930 3279`). A number after a
//!   label that says it is something else (`MST`, `Mã số thuế`, `Số tài khoản`, `Mã …`) is
//!   not a phone number. Whose number it is decides whether it counts ([`scan`]): where a
//!   person is concerned, always; elsewhere a mobile, unless the text is about an
//!   organisation's line; a landline never, as web exports and attached procedures print
//!   offices' switchboards (and the publishing site's) in their annexes;
//! * an **ID number** (CMND, 9 digits; CCCD, 12 digits; a passport, a letter and 7–8 digits)
//!   after an ID label (`CMND`, `CCCD`, `CMND/CCCD số:`, `Căn cước công dân`, `Số định
//!   danh`, `Hộ chiếu`);
//! * a **birth date** (`12/3/1985`, `12-03-1985`, `12 tháng 3 năm 1985`, or a year alone)
//!   after a birth label (`sinh ngày`, `sinh năm`, `Ngày sinh:`, `Năm sinh`, `Ngày, tháng,
//!   năm sinh`, `SN`), but not after a word that makes `sinh` mean something else (`phát
//!   sinh ngày …` arises on, `vệ sinh`, `học sinh`, `Giáng sinh`);
//! * in the rows of a **staff table** whose header names such a column (`Ngày sinh`, `Năm
//!   sinh`, `Số CCCD`, `SĐT`), the values of that column without a label: dates and years
//!   of 1900–2015 in a birth-date column (later ones are the plan's own), 9- and 12-digit
//!   numbers in an ID column, 9- to 11-digit numbers in a phone column. Tables come as text
//!   rows (`01 Nguyễn Văn A 1985 …`), Markdown rows (`| 1 | … |`, columns by position) or
//!   web-export cells one per line (columns from [`table::tables`]).
//!
//! Replacement works on the record, after it is built ([`Detections::apply`]): every
//! occurrence of a found phone or ID number (compared by its digits, however it is grouped)
//! and of a found birth date (compared by its value, in any of the forms above) in any string
//! of the record except `source` is replaced; a birth year printed alone is replaced only
//! where it follows the same words as where it was found, as a bare year elsewhere is just a
//! year. Items whose value was parsed from a redacted text would still give the value away,
//! so a date mention or citation whose text held one is dropped, and a `document.date` or a
//! task's `timeframe` whose text held one becomes `null`. Spans are left as they are: they
//! point into the source, which the user has. A record in which nothing was found is left
//! byte for byte as it was; otherwise a `personal_data_redacted` warning gives the counts.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{json, Value};

use crate::extract::date::days_in_month;
use crate::normalize::{Normalized, Zone};
use crate::segment::table;
use crate::text::fold;

/// What replaces a redacted value: Vietnamese, as the rest of the record's text, and
/// bracketed so that no reader takes it for data.
pub const PLACEHOLDER: &str = "[đã ẩn]";

/// The code of the warning that reports a redaction.
pub const WARNING_CODE: &str = "personal_data_redacted";

/// The kind of a piece of personal data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A phone (or fax) number.
    Phone,
    /// A CMND, CCCD or passport number.
    Id,
    /// A date or year of birth.
    BirthDate,
}

/// What is looked for in the record's strings once a value was found.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Needle {
    /// A number by its digits (phones with `+84` written as `0`) or, for a passport, its
    /// capitals and digits.
    Number(String),
    /// A full date: year, month, day.
    Date(u16, u8, u8),
    /// A year alone, and the words printed before it where it was found (up to two words
    /// with the spaces or cell bars after them; empty when it stood alone in its cell).
    Year(u16, String),
}

/// One piece of personal data found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Its kind.
    pub kind: Kind,
    /// Byte range in the text that was scanned.
    pub range: Range<usize>,
    /// How its occurrences are recognised.
    pub needle: Needle,
}

/// The columns a staff table's header announces, so that the values of its rows count
/// without a label.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    /// A phone column (`SĐT`, `Điện thoại`).
    pub phone: bool,
    /// An ID column (`Số CMND`, `CCCD`).
    pub id: bool,
    /// A birth-date column (`Ngày sinh`, `Năm sinh`).
    pub birth: bool,
}

impl Columns {
    fn any(self) -> bool {
        self.phone || self.id || self.birth
    }

    fn union(self, o: Columns) -> Columns {
        Columns { phone: self.phone || o.phone, id: self.id || o.id, birth: self.birth || o.birth }
    }
}

/// What is known about a text before it is scanned: where it sits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// The columns its staff table announces (none outside such a table).
    pub cols: Columns,
    /// It is a row, or a cell of a row, of a staff table: its numbers belong to a person.
    pub row: bool,
    /// The label the paragraph before ended with (`Số điện thoại:` on a line of its own),
    /// which labels a value that starts this one.
    pub lead: Option<Label>,
}

/// Everything found in one document, by kind and needle.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Detections {
    items: BTreeSet<(Kind, Needle)>,
}

/// What [`Detections::apply`] did to a record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Occurrences replaced by the placeholder.
    pub replaced: usize,
    /// Date mentions and citations dropped, and dates or timeframes set to `null`.
    pub removed: usize,
}

// ---------------------------------------------------------------------------------------
// Labels: what the words right before a value say it is.

/// What the words before a value say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    /// `sinh ngày`, `Năm sinh:`, `SN`.
    Birth,
    /// `CMND`, `CCCD số`, `Hộ chiếu`.
    Id,
    /// `SĐT`, `Điện thoại:`, `Fax`.
    Phone,
    /// A code that is not personal data (tax code, account, procedure code).
    Other,
}

/// What may stand between a label and its value: `số`, a colon, an opening parenthesis.
const LABEL_TAIL: &str = r"\s*(?:số\s*)?[:：]?\s*\(?\s*$";

static BIRTH_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:(?P<a>\b(?:ngày|năm)\s*,?\s*(?:tháng\s*,?\s*)?(?:năm\s*)?sinh)|(?P<b>\bsinh\s+(?:ngày|năm))){LABEL_TAIL}"))
        .expect("birth label regex")
});
static BIRTH_ABBREV: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"\bSN{LABEL_TAIL}")).expect("SN regex"));
static ID_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:CMND|CMTND|CMT|CCCD|căn\s+cước(?:\s+công\s+dân)?|chứng\s+minh\s+(?:nhân\s+dân|thư)|định\s+danh(?:\s+cá\s+nhân)?|hộ\s+chiếu){LABEL_TAIL}"
    ))
    .expect("id label regex")
});
static PHONE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:điện\s+thoại(?:\s+(?:di\s+động|cơ\s+quan|nhà\s+riêng|liên\s+hệ|cố\s+định|bàn))?|ĐTDĐ|ĐTCĐ|SĐT|ĐT|DĐ|di\s+động|tel|mobile|hotline|fax|zalo|đường\s+dây\s+nóng){LABEL_TAIL}"
    ))
    .expect("phone label regex")
});
static OTHER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:MST|STK|TK|tài\s+khoản|số\s+hiệu|giấy\s+phép|mã(?:\s+[^\s:：]+){{0,3}}){LABEL_TAIL}")).expect("other label regex")
});

/// Words that make `sinh ngày`/`sinh năm` mean something other than a birth: `phát sinh`
/// (arise), `vệ sinh` (cleaning), `học sinh` (pupil), `Giáng sinh` (Christmas), `hy sinh`
/// (fell), `thí sinh` (candidate), ….
const NOT_BIRTH: [&str; 18] =
    ["phát", "nảy", "học", "sản", "vệ", "giáng", "hy", "tái", "dân", "mưu", "ký", "sơ", "thí", "nữ", "nam", "hồi", "phục", "cộng"];

/// The label that ends `window` (the text between the previous value and this one), if any.
pub fn label_at_end(window: &str) -> Option<Label> {
    let mut from = window.len().saturating_sub(80);
    while !window.is_char_boundary(from) {
        from += 1;
    }
    let w = window.get(from..).unwrap_or("");
    if let Some(c) = BIRTH_LABEL.captures(w) {
        let birth = match c.name("b") {
            Some(b) => {
                let before = w.get(..b.start()).unwrap_or("").split_whitespace().next_back().map(fold).unwrap_or_default();
                !NOT_BIRTH.contains(&before.trim_matches(|ch: char| !ch.is_alphanumeric()))
            }
            None => true,
        };
        if birth {
            return Some(Label::Birth);
        }
    }
    if BIRTH_ABBREV.is_match(w) {
        return Some(Label::Birth);
    }
    if ID_LABEL.is_match(w) {
        return Some(Label::Id);
    }
    if PHONE_LABEL.is_match(w) {
        return Some(Label::Phone);
    }
    if OTHER_LABEL.is_match(w) {
        return Some(Label::Other);
    }
    None
}

// ---------------------------------------------------------------------------------------
// Tokens: dates, runs of digit groups, passport numbers.

/// `12/3/1985`, `12-03-1985`, `12.03.1985`.
static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*[/.\-]\s*(\d{4})").expect("numeric date regex"));
/// `12 tháng 3 năm 1985` (the `ngày` before it is left to the label).
static FORMAL_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+(\d{4})").expect("formal date regex"));
/// A passport number. ASCII word boundaries keep the pattern on the regex crate's DFA
/// engines; that a Vietnamese letter before it counts as a boundary does not matter, as the
/// number counts only after an ID label, or where it equals one already found.
static PASSPORT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)[A-Z][0-9]{7,8}(?-u:\b)").expect("passport regex"));

/// A date found in a text: byte range and (year, month, day).
type DateAt = (Range<usize>, (u16, u8, u8));

fn valid_date(y: u16, m: u8, d: u8) -> bool {
    (1900..=2100).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

fn digit_at(s: &str, i: usize) -> bool {
    s.as_bytes().get(i).is_some_and(u8::is_ascii_digit)
}

/// Every full date in `s`, not glued to other digits or to a `/` (a citation number).
fn dates_in(s: &str) -> Vec<DateAt> {
    let mut out: Vec<DateAt> = Vec::new();
    let b = s.as_bytes();
    let free = |start: usize, end: usize| {
        let before = start.checked_sub(1).and_then(|i| b.get(i)).copied();
        let after = b.get(end).copied();
        !before.is_some_and(|c| c.is_ascii_digit() || c == b'/') && !after.is_some_and(|c| c.is_ascii_digit() || c == b'/')
    };
    for c in NUMERIC_DATE.captures_iter(s) {
        let (Some(all), Some(d), Some(m), Some(y)) = (c.get(0), c.get(1), c.get(3), c.get(4)) else { continue };
        let (Ok(d), Ok(m), Ok(y)) = (d.as_str().parse::<u8>(), m.as_str().parse::<u8>(), y.as_str().parse::<u16>()) else { continue };
        if free(all.start(), all.end()) && valid_date(y, m, d) {
            out.push((all.range(), (y, m, d)));
        }
    }
    for c in FORMAL_DATE.captures_iter(s) {
        let (Some(all), Some(d), Some(m), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3)) else { continue };
        let (Ok(d), Ok(m), Ok(y)) = (d.as_str().parse::<u8>(), m.as_str().parse::<u8>(), y.as_str().parse::<u16>()) else { continue };
        if free(all.start(), all.end()) && valid_date(y, m, d) && !out.iter().any(|(r, _)| r.start < all.end() && all.start() < r.end) {
            out.push((all.range(), (y, m, d)));
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

/// One group of digits in a run: its digits' byte range, and where the group starts when
/// a `+` or `(` belongs to it.
#[derive(Clone, Copy, Debug)]
struct Group {
    /// Start including a leading `+`, `(` or `(+`.
    start: usize,
    digits: (usize, usize),
    /// Preceded by `+` (an international prefix).
    plus: bool,
    /// The separator after it within the run (`b' '`, `b'.'`, `b'-'`, `b')'`), or 0.
    sep_after: u8,
}

/// Runs of digit groups that may be one number: `0905 123 456`, `0210.3868098`,
/// `(028) 3930 3279`, `+84 935 111 222`. Groups are split by one space, dot or hyphen, or by
/// `)` and an optional space after an area code. Digits inside `skip` (dates) are left out.
/// With `strict`, a run glued to a letter is not a number (`KH0905…`); otherwise only digit
/// boundaries count (the record's strings, where anything found must go).
fn runs_in(s: &str, skip: &[DateAt], strict: bool) -> Vec<Vec<Group>> {
    let b = s.as_bytes();
    let mut runs: Vec<Vec<Group>> = Vec::new();
    let mut cur: Vec<Group> = Vec::new();
    let mut i = 0;
    let letter_before = |i: usize| s.get(..i).and_then(|t| t.chars().next_back()).is_some_and(char::is_alphabetic);
    while i < b.len() {
        if !b[i].is_ascii_digit() || skip.iter().any(|(r, _)| r.contains(&i)) {
            i += 1;
            continue;
        }
        let start_digits = i;
        while digit_at(s, i) {
            i += 1;
        }
        let end_digits = i;
        let mut start = start_digits;
        let mut plus = false;
        if start > 0 && b[start - 1] == b'+' {
            start -= 1;
            plus = true;
        }
        if start > 0 && b[start - 1] == b'(' {
            start -= 1;
        }
        let continues_run = cur.last().is_some_and(|g: &Group| g.sep_after != 0);
        if !continues_run {
            if !cur.is_empty() {
                runs.push(std::mem::take(&mut cur));
            }
            if strict && letter_before(start) {
                // Glued to a word: skip the whole run of digits and separators.
                continue;
            }
        }
        // The separator after the group, if another group follows it.
        let sep_after = match (b.get(end_digits), b.get(end_digits + 1), b.get(end_digits + 2)) {
            (Some(&c @ (b' ' | b'.' | b'-')), Some(n), _) if n.is_ascii_digit() => c,
            (Some(b')'), Some(n), _) if n.is_ascii_digit() => b')',
            (Some(b')'), Some(b' '), Some(n)) if n.is_ascii_digit() => b')',
            _ => 0,
        };
        // A date range starting right after the separator ends the run.
        let next = end_digits + if sep_after == b')' && b.get(end_digits + 1) == Some(&b' ') { 2 } else { 1 };
        let sep_after = if sep_after != 0 && skip.iter().any(|(r, _)| r.contains(&next)) { 0 } else { sep_after };
        cur.push(Group { start, digits: (start_digits, end_digits), plus, sep_after });
        if sep_after == 0 {
            runs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    if strict {
        // A run glued to a letter or a `/` at its end is part of a code (`0905/KH`, `12ab`).
        runs.retain(|r| {
            r.last().is_none_or(|g| {
                let after = s.get(g.digits.1..).and_then(|t| t.chars().next());
                !after.is_some_and(|c| c.is_alphabetic() || c == '/')
            })
        });
        runs.retain(|r| {
            r.first().is_none_or(|g| {
                let before = s.get(..g.start).and_then(|t| t.chars().next_back());
                before != Some('/')
            })
        });
    }
    runs
}

/// The digits of groups `i..=j` of a run, with a `+84` prefix written as `0`.
fn digits_of(s: &str, run: &[Group], i: usize, j: usize) -> String {
    let mut d = String::new();
    for g in run.get(i..=j).unwrap_or(&[]) {
        d.push_str(s.get(g.digits.0..g.digits.1).unwrap_or(""));
    }
    if run.get(i).is_some_and(|g| g.plus) {
        if let Some(rest) = d.strip_prefix("84") {
            return format!("0{rest}");
        }
    }
    d
}

/// A mobile number by its digits: 10 digits from 2018 on (`03`, `05`, `07`, `08`, `09`),
/// 11 before (`012`–`019`).
pub fn is_mobile_shape(digits: &str) -> bool {
    is_phone_shape(digits) && !digits.starts_with("02")
}

/// A Vietnamese phone number by its digits alone: a mobile (10 digits from 2018 on:
/// `03`, `05`, `07`, `08`, `09`), a landline (11 digits, `02` + area code, from 2017 on),
/// or a mobile of before 2018 (11 digits, `012`–`019`).
pub fn is_phone_shape(digits: &str) -> bool {
    let b = digits.as_bytes();
    if !b.iter().all(u8::is_ascii_digit) || b.first() != Some(&b'0') {
        return false;
    }
    matches!(
        (b.len(), b.get(1), b.get(2)),
        (10, Some(b'3' | b'5' | b'7' | b'8' | b'9'), _) | (11, Some(b'2'), _) | (11, Some(b'1'), Some(b'2'..=b'9'))
    )
}

// ---------------------------------------------------------------------------------------
// Scanning one text.

/// A person named in a text: a title before a name (`Ông`, `Bà`, `Đồng chí`, `Đ/c`), the
/// `Họ và tên` label, or a full name of three or more syllables after a common surname.
static PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\b(?:Ông|Bà|Anh|Chị|[ĐđD]ồng\s+chí|[ĐđD]/[Cc])\s+\p{Lu}|(?i:\bhọ\s+(?:và\s+)?tên\b)|\b(?:Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Đoàn|Trương|Lâm|Mai|Trịnh|Đào|Cao|Lương|Hà|Tạ|Lưu|Chu|Châu|Tô|Thái|Quách|Kiều|Triệu|Phùng|Tăng|Vương|Hứa|Lại|Lò|Ksor|Siu|Rơ)(?:\s+\p{Lu}\p{Ll}*){2,3}\b)",
    )
    .expect("person regex")
});

/// Words before a name that make it a street, school or place (`đường Trần Hưng Đạo`,
/// `thành phố Hồ Chí Minh`).
const PLACE_WORDS: [&str; 20] = [
    "đường", "phố", "tp", "trường", "xã", "phường", "quận", "huyện", "tỉnh", "thôn", "ấp", "bản", "làng", "trấn", "khu", "cầu", "chợ", "hẻm", "ngõ", "kiệt",
];

fn names_person(text: &str) -> bool {
    PERSON.find_iter(text).any(|m| {
        let before = text.get(..m.start()).unwrap_or("").split_whitespace().next_back().map(fold).unwrap_or_default();
        !PLACE_WORDS.contains(&before.trim_matches(|c: char| !c.is_alphanumeric()))
    })
}

/// A text about an organisation's line rather than a person's: a hotline, a switchboard,
/// a service centre, a company, an address block.
static ORGANISATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:hotline|đường\s+dây\s+nóng|tổng\s+đài|hỗ\s+trợ|chăm\s+sóc\s+khách\s+hàng|công\s+ty|trung\s+tâm|trụ\s+sở|địa\s+chỉ|e-?mail|website|lines?|một\s+cửa|văn\s+phòng)\b")
        .expect("organisation regex")
});

/// Up to two words before `at` in `text`, with whatever separates them from `at`: the
/// context a bare birth year must have to be replaced elsewhere.
fn words_before(text: &str, at: usize) -> String {
    let head = text.get(..at).unwrap_or("");
    let mut words = 0;
    let mut in_word = false;
    let mut start = head.len();
    for (i, c) in head.char_indices().rev() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                in_word = false;
                if words == 2 {
                    break;
                }
            }
        } else {
            in_word = true;
        }
        start = i;
    }
    head.get(start..).unwrap_or("").trim_start().to_string()
}

/// Personal data in `text` (an annex paragraph or table cell) in its context.
///
/// A phone number counts where a person is concerned: in a staff table's row, or in a text
/// that names a person (a title, `Họ và tên`, a full name) or holds a birth date or ID
/// number. Elsewhere only a mobile number counts (mobiles are issued to people), and not in
/// a text about an organisation's line (`Hotline`, `Trung tâm`, `Địa chỉ`, …); a landline
/// there is an office's switchboard.
pub fn scan(text: &str, ctx: Context) -> Vec<Found> {
    scan_range(text, 0..text.len(), ctx)
}

/// [`scan`] of `text[range]`, with ranges and contexts in `text`.
fn scan_range(text: &str, range: Range<usize>, ctx: Context) -> Vec<Found> {
    let Some(part) = text.get(range.clone()) else { return Vec::new() };
    let base = range.start;
    let cols = ctx.cols;
    let mut out = Vec::new();
    // Phone numbers wait for the whole text to be read: whether they count depends on it.
    let mut phones: Vec<(Found, bool)> = Vec::new();
    let dates = dates_in(part);
    let runs = runs_in(part, &dates, true);
    // Tokens in reading order: (start, end, what).
    enum Tok<'a> {
        Date((u16, u8, u8)),
        Run(&'a [Group]),
        Passport,
    }
    let mut toks: Vec<(usize, usize, Tok<'_>)> = Vec::new();
    for (r, ymd) in &dates {
        toks.push((r.start, r.end, Tok::Date(*ymd)));
    }
    for run in &runs {
        if let (Some(f), Some(l)) = (run.first(), run.last()) {
            toks.push((f.start, l.digits.1, Tok::Run(run)));
        }
    }
    for m in PASSPORT.find_iter(part) {
        toks.push((m.start(), m.end(), Tok::Passport));
    }
    toks.sort_by_key(|t| t.0);
    let mut prev_end = 0;
    let window = |from: usize, to: usize| part.get(from.min(to)..to).unwrap_or("");
    // The label before a value: in the text, or at the end of the paragraph before when the
    // value starts this one.
    let label_before = |from: usize, to: usize| {
        let w = window(from, to);
        label_at_end(w).or_else(|| (from == 0 && w.trim_matches(|c: char| c.is_whitespace() || c == '(').is_empty()).then_some(ctx.lead).flatten())
    };
    for (start, end, tok) in toks {
        if start < prev_end {
            continue;
        }
        match tok {
            Tok::Date((y, m, d)) => {
                let label = label_before(prev_end, start);
                // Unlabelled, only a date of a plausible birth year: a row may hold other dates.
                if label == Some(Label::Birth) || (label.is_none() && cols.birth && y <= 2015) {
                    out.push(Found { kind: Kind::BirthDate, range: base + start..base + end, needle: Needle::Date(y, m, d) });
                }
                prev_end = end;
            }
            Tok::Passport => {
                if label_before(prev_end, start) == Some(Label::Id) {
                    let value = part.get(start..end).unwrap_or("").to_string();
                    out.push(Found { kind: Kind::Id, range: base + start..base + end, needle: Needle::Number(value) });
                    prev_end = end;
                }
            }
            Tok::Run(run) => {
                let mut i = 0;
                while let Some(g) = run.get(i) {
                    let label = label_before(prev_end, g.start);
                    // The longest run of groups from `i` that is a number of the kind the
                    // label (or the column) says.
                    let mut best: Option<(usize, Kind, String)> = None;
                    for j in i..run.len() {
                        let digits = digits_of(part, run, i, j);
                        if digits.len() > 12 {
                            break;
                        }
                        let n = digits.len();
                        let kind = match label {
                            Some(Label::Phone) => (8..=11).contains(&n).then_some(Kind::Phone),
                            Some(Label::Id) => matches!(n, 9 | 12).then_some(Kind::Id),
                            Some(Label::Other | Label::Birth) => None,
                            None if is_phone_shape(&digits) => Some(Kind::Phone),
                            None if cols.id && matches!(n, 9 | 12) => Some(Kind::Id),
                            None if cols.phone && (9..=11).contains(&n) => Some(Kind::Phone),
                            None => None,
                        };
                        if let Some(k) = kind {
                            best = Some((j, k, digits));
                        }
                    }
                    if let Some((j, kind, digits)) = best {
                        let end = run.get(j).map_or(g.digits.1, |l| l.digits.1);
                        let mobile = is_mobile_shape(&digits);
                        let found = Found { kind, range: base + g.start..base + end, needle: Needle::Number(digits) };
                        match kind {
                            Kind::Phone => phones.push((found, mobile)),
                            _ => out.push(found),
                        }
                        prev_end = end;
                        i = j + 1;
                        continue;
                    }
                    // A year alone: after a birth label, or in a birth-date column.
                    let alone = i == 0 || run.get(i - 1).is_some_and(|p| p.sep_after == b' ');
                    let alone = alone && matches!(g.sep_after, 0 | b' ');
                    let year: Option<u16> = part.get(g.digits.0..g.digits.1).filter(|d| d.len() == 4).and_then(|d| d.parse().ok());
                    if let Some(y) = year.filter(|_| alone && g.start == g.digits.0) {
                        let birth = match label {
                            Some(Label::Birth) => (1900..=2100).contains(&y),
                            None => cols.birth && (1900..=2015).contains(&y),
                            _ => false,
                        };
                        if birth {
                            let at = base + g.digits.0;
                            out.push(Found { kind: Kind::BirthDate, range: at..base + g.digits.1, needle: Needle::Year(y, words_before(text, at)) });
                        }
                    }
                    prev_end = g.digits.1;
                    i += 1;
                }
            }
        }
    }
    if !phones.is_empty() {
        let person = ctx.row || !out.is_empty() || names_person(part);
        let organisation = !person && ORGANISATION.is_match(part);
        out.extend(phones.into_iter().filter(|(_, mobile)| person || (*mobile && !organisation)).map(|(f, _)| f));
        out.sort_by_key(|f| f.range.start);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Tables.

static NOT_BIRTH_AFTER: [&str; 9] = ["hoạt", "sống", "viên", "thái", "học", "sản", "kế", "lý", "động"];

/// The columns a header cell (or a whole header row) names.
pub fn header_columns(text: &str) -> Columns {
    let f = fold(text);
    let words: Vec<&str> = f.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let birth = words.iter().enumerate().any(|(i, w)| {
        *w == "sinh"
            && i > 0
            && matches!(words.get(i - 1), Some(&"ngày" | &"năm"))
            && !words.get(i + 1).is_some_and(|n| NOT_BIRTH_AFTER.contains(n))
    });
    let id = ["cmnd", "cccd", "cmtnd", "căn cước", "định danh", "chứng minh", "hộ chiếu"].iter().any(|l| f.contains(l));
    let phone = f.contains("điện thoại")
        || f.contains("di động")
        || words.iter().any(|w| matches!(*w, "sđt" | "đt" | "đtdđ" | "dđ" | "fax"));
    Columns { phone, id, birth }
}

/// How one annex paragraph is scanned: its context, and for a Markdown table row the
/// columns of its cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct ParaCtx {
    ctx: Context,
    cells: Option<Vec<(Range<usize>, Columns)>>,
}

/// A staff table's header row: the columns it names, whether its rows are people (it has a
/// name, birth-date or ID column), and for a Markdown row the columns of its cells.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Header {
    cols: Columns,
    people: bool,
    cells: Option<Vec<Columns>>,
}

/// A header that names the person column.
fn names_people(header: &str) -> bool {
    let f = fold(header);
    ["họ và tên", "họ tên", "tên cán bộ", "tên công chức"].iter().any(|l| f.contains(l))
}

/// The byte ranges of the cells of a Markdown table row (`| a | b |`), trimmed.
fn pipe_cells(text: &str) -> Vec<Range<usize>> {
    let mut cells = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), '|'))) {
        if c == '|' {
            let cell = text.get(start..i).unwrap_or("");
            let lead = cell.len() - cell.trim_start().len();
            let trail = cell.len() - cell.trim_end().len();
            cells.push(start + lead..(i - trail).max(start + lead));
            start = i + 1;
        }
    }
    // The bars at both ends of a row leave an empty cell outside them.
    if text.trim_start().starts_with('|') && cells.first().is_some_and(|r| r.is_empty()) {
        cells.remove(0);
    }
    if text.trim_end().ends_with('|') && cells.last().is_some_and(|r| r.is_empty()) {
        cells.pop();
    }
    cells
}

static ROW_START: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:\||\d{1,3}[.)]?\s)").expect("row regex"));
static RULE_ROW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[|:\-\s]+$").expect("rule row regex"));

/// A header row of a staff table written as text: it starts like a table (`STT`, `TT`, a
/// bar) or names the person column (`Họ và tên`), names a personal-data column, and holds
/// no such value itself.
fn text_header(text: &str) -> Option<Header> {
    let f = fold(text);
    let people = names_people(text);
    let tabular = people || f.starts_with("stt") || f.starts_with("tt ") || f.starts_with('|');
    if !tabular {
        return None;
    }
    let cols = header_columns(text);
    if !cols.any() || !scan(text, Context::default()).is_empty() {
        return None;
    }
    let cells = (text.matches('|').count() >= 2).then(|| pipe_cells(text).into_iter().map(|r| header_columns(text.get(r).unwrap_or(""))).collect());
    Some(Header { cols, people: people || cols.birth || cols.id, cells })
}

static ANNEX_HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:PHỤ\s+LỤC|DANH\s+SÁCH)\b").expect("annex heading regex"));

/// The paragraphs that belong to an annex: the annex zone, and a body's own tail from a
/// heading `PHỤ LỤC …` or `DANH SÁCH …` in capitals on, when the annex was printed before
/// the signature (or the document has none) and so never left the body zone.
fn annex_paras(norm: &Normalized) -> Vec<bool> {
    let mut out = Vec::with_capacity(norm.paras.len());
    let mut inside = false;
    for (i, p) in norm.paras.iter().enumerate() {
        inside = match p.zone {
            Zone::Annex => true,
            Zone::Body => inside || { let t = norm.para_text(i); t.chars().count() <= 120 && ANNEX_HEADING.is_match(t) },
            Zone::Header | Zone::Closing => false,
        };
        out.push(inside);
    }
    out
}

/// Finds the personal data of a document's annexes.
pub fn detect(norm: &Normalized) -> Detections {
    let n = norm.paras.len();
    let in_annex = annex_paras(norm);
    let annex = |i: usize| in_annex.get(i).copied().unwrap_or(false);
    if !(0..n).any(annex) {
        return Detections::default();
    }
    let mut ctx: Vec<ParaCtx> = vec![ParaCtx::default(); n];
    // Tables written as text rows, after their header row.
    let mut header: Option<Header> = None;
    for (i, c) in ctx.iter_mut().enumerate() {
        if !annex(i) {
            header = None;
            continue;
        }
        let text = norm.para_text(i);
        // A label on a line of its own labels the value that starts the next line.
        if i > 0 && annex(i - 1) {
            c.ctx.lead = label_at_end(norm.para_text(i - 1));
        }
        if let Some(h) = text_header(text) {
            header = Some(h);
            continue;
        }
        let Some(h) = &header else { continue };
        if RULE_ROW.is_match(text) {
            continue;
        }
        // A wrapped cell continues the row before it; anything longer ends the table.
        if !ROW_START.is_match(text) && text.chars().count() > 60 {
            header = None;
            continue;
        }
        c.ctx.cols = h.cols;
        c.ctx.row = h.people;
        c.cells = h.cells.as_ref().filter(|_| text.contains('|')).and_then(|hc| {
            let rc = pipe_cells(text);
            (rc.len() == hc.len()).then(|| rc.into_iter().zip(hc.iter().copied()).collect::<Vec<_>>())
        });
    }
    // Web-export tables, one cell per paragraph.
    for t in table::tables(norm) {
        if !annex(t.header_para) {
            continue;
        }
        let mut header_cols = Vec::new();
        let mut people = false;
        let mut p = t.header_para;
        while header_cols.len() < t.columns.len() && p < n {
            let mut last = p;
            while norm.paras.get(last + 1).is_some_and(|q| q.pipes_before == 0) && annex(last + 1) {
                last += 1;
            }
            let text: Vec<&str> = (p..=last).map(|q| norm.para_text(q)).collect();
            let text = text.join(" ");
            people |= names_people(&text);
            header_cols.push(header_columns(&text));
            p = last + 1;
        }
        let any = header_cols.iter().fold(Columns::default(), |a, c| a.union(*c));
        if !any.any() {
            continue;
        }
        let people = people || any.birth || any.id;
        for row in t.rows.iter().filter(|r| !r.group) {
            for (idx, cell) in row.cells.iter().enumerate() {
                let Some(cell) = cell else { continue };
                let cols = header_cols.get(idx).copied().unwrap_or_default();
                for q in cell.first..=cell.last {
                    if let Some(c) = ctx.get_mut(q) {
                        c.ctx.cols = c.ctx.cols.union(cols);
                        c.ctx.row |= people;
                    }
                }
            }
        }
    }
    let mut d = Detections::default();
    for (i, c) in ctx.iter().enumerate().filter(|(i, _)| annex(*i)) {
        let text = norm.para_text(i);
        let found = match &c.cells {
            None => scan(text, c.ctx),
            Some(cells) => cells.iter().flat_map(|(r, cols)| scan_range(text, r.clone(), Context { cols: *cols, ..c.ctx })).collect(),
        };
        d.extend(found);
    }
    d
}

// ---------------------------------------------------------------------------------------
// Replacing.

impl Detections {
    /// Adds what a scan found.
    pub fn extend(&mut self, found: impl IntoIterator<Item = Found>) {
        self.items.extend(found.into_iter().map(|f| (f.kind, f.needle)));
    }

    /// Nothing was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many different values of a kind were found.
    pub fn count(&self, kind: Kind) -> usize {
        self.items.iter().filter(|(k, _)| *k == kind).count()
    }

    /// What was found, by kind.
    pub fn items(&self) -> impl Iterator<Item = &(Kind, Needle)> {
        self.items.iter()
    }

    /// `s` with every occurrence of a found value replaced by [`PLACEHOLDER`], and the
    /// number of replacements; `None` when nothing in `s` was found.
    pub fn redact_text(&self, s: &str) -> Option<(String, usize)> {
        if self.items.is_empty() || !crate::text::has_ascii_digit(s) {
            return None;
        }
        let mut cuts: Vec<Range<usize>> = Vec::new();
        let numbers: BTreeSet<&str> = self.items.iter().filter_map(|(_, n)| if let Needle::Number(d) = n { Some(d.as_str()) } else { None }).collect();
        let dates = dates_in(s);
        for (r, (y, m, d)) in &dates {
            if self.items.iter().any(|(_, n)| *n == Needle::Date(*y, *m, *d)) {
                cuts.push(r.clone());
            }
        }
        if !numbers.is_empty() {
            for run in runs_in(s, &[], false) {
                let mut i = 0;
                while i < run.len() {
                    let hit = (i..run.len()).rev().find(|&j| numbers.contains(digits_of(s, &run, i, j).as_str()));
                    match (hit, run.get(i)) {
                        (Some(j), Some(g)) => {
                            cuts.push(g.start..run.get(j).map_or(g.digits.1, |l| l.digits.1));
                            i = j + 1;
                        }
                        _ => i += 1,
                    }
                }
            }
            for m in PASSPORT.find_iter(s) {
                if numbers.contains(m.as_str()) {
                    cuts.push(m.range());
                }
            }
        }
        for (_, n) in &self.items {
            let Needle::Year(y, before) = n else { continue };
            let year = y.to_string();
            if before.is_empty() {
                if s.trim() == year {
                    let at = s.len() - s.trim_start().len();
                    cuts.push(at..at + year.len());
                }
                continue;
            }
            let needle = format!("{before}{year}");
            for (at, _) in s.match_indices(&needle) {
                let end = at + needle.len();
                if !digit_at(s, end) {
                    cuts.push(end - year.len()..end);
                }
            }
        }
        if cuts.is_empty() {
            return None;
        }
        cuts.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        let mut out = String::with_capacity(s.len());
        let mut at = 0;
        let mut count = 0;
        for r in cuts {
            if r.start < at {
                continue;
            }
            out.push_str(s.get(at..r.start).unwrap_or(""));
            out.push_str(PLACEHOLDER);
            at = r.end;
            count += 1;
        }
        out.push_str(s.get(at..).unwrap_or(""));
        Some((out, count))
    }

    /// Redacts a `vnplan/1` record in place (see the module documentation) and adds the
    /// `personal_data_redacted` warning. Does nothing when nothing was found.
    pub fn apply(&self, record: &mut Value) -> Applied {
        let mut done = Applied::default();
        if self.items.is_empty() {
            return done;
        }
        let holds = |v: &Value| v.get("text").and_then(Value::as_str).is_some_and(|t| self.redact_text(t).is_some());
        for list in ["dates", "citations"] {
            if let Some(Value::Array(items)) = record.get_mut(list) {
                let before = items.len();
                items.retain(|i| !holds(i));
                done.removed += before - items.len();
            }
        }
        if let Some(date) = record.get_mut("document").and_then(|d| d.get_mut("date")) {
            if holds(date) {
                *date = Value::Null;
                done.removed += 1;
            }
        }
        if let Some(Value::Array(tasks)) = record.get_mut("tasks") {
            for tf in tasks.iter_mut().filter_map(|t| t.get_mut("timeframe")) {
                if holds(tf) {
                    *tf = Value::Null;
                    done.removed += 1;
                }
            }
        }
        if let Value::Object(m) = record {
            for (k, v) in m.iter_mut() {
                if k != "schema" && k != "source" {
                    done.replaced += self.redact_value(v);
                }
            }
        }
        let message = format!(
            "{} phone number(s), {} ID number(s) and {} birth date(s) found in annexes; {} occurrence(s) in this record replaced by {PLACEHOLDER}, {} item(s) parsed from them removed",
            self.count(Kind::Phone),
            self.count(Kind::Id),
            self.count(Kind::BirthDate),
            done.replaced,
            done.removed,
        );
        if let Some(Value::Array(w)) = record.get_mut("warnings") {
            w.push(json!({ "code": WARNING_CODE, "message": message, "span": null }));
        }
        done
    }

    fn redact_value(&self, v: &mut Value) -> usize {
        match v {
            Value::String(s) => match self.redact_text(s) {
                Some((new, n)) => {
                    *s = new;
                    n
                }
                None => 0,
            },
            Value::Array(a) => a.iter_mut().map(|x| self.redact_value(x)).sum(),
            Value::Object(m) => m.values_mut().map(|x| self.redact_value(x)).sum(),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, cols: Columns) -> Vec<(Kind, String)> {
        scan(text, row(cols)).into_iter().map(|f| (f.kind, text.get(f.range).unwrap_or("").to_string())).collect()
    }

    const NONE: Columns = Columns { phone: false, id: false, birth: false };

    /// A table row's context when it has columns, a plain paragraph's otherwise.
    fn row(cols: Columns) -> Context {
        Context { cols, row: cols.any(), lead: None }
    }

    #[test]
    fn labelled_values_in_a_staff_list_line() {
        let line = "1. Ông Lê Văn An, sinh ngày 12/3/1985, SĐT: 0905 123 456 - Tổ trưởng";
        assert_eq!(kinds(line, NONE), vec![(Kind::BirthDate, "12/3/1985".into()), (Kind::Phone, "0905 123 456".into())]);
        let line = "2. Bà Phạm Thị Hoa, sinh năm 1990, CCCD số 001190012345, điện thoại 0912.345.678";
        assert_eq!(
            kinds(line, NONE),
            vec![(Kind::BirthDate, "1990".into()), (Kind::Id, "001190012345".into()), (Kind::Phone, "0912.345.678".into())]
        );
        assert_eq!(kinds("Ngày, tháng, năm sinh: 05 tháng 7 năm 1979", NONE), vec![(Kind::BirthDate, "05 tháng 7 năm 1979".into())]);
        assert_eq!(kinds("CMND/CCCD số: 212345678, cấp ngày 01/02/2010", NONE), vec![(Kind::Id, "212345678".into())]);
        assert_eq!(kinds("Hộ chiếu số C1234567", NONE), vec![(Kind::Id, "C1234567".into())]);
        assert_eq!(kinds("Nguyễn Văn B, SN 1975", NONE), vec![(Kind::BirthDate, "1975".into())]);
    }

    #[test]
    fn phone_numbers_by_shape_and_by_label() {
        // A person is named, so every phone number counts.
        for (text, phone) in [
            ("Ông Lê Văn An, liên hệ 0397677787", "0397677787"),
            ("Bà Hoa: (028) 3930 3279", "(028) 3930 3279"),
            ("Đ/c Hòa +84 935 111 222", "+84 935 111 222"),
            ("Đồng chí Lò Văn Sáng, ĐT: 0210.3868098", "0210.3868098"),
            ("Trần Thị Minh Khai, ĐT: 211 3616 618", "211 3616 618"),
            ("Họ và tên: Lê B, Fax: 0210 3868 099", "0210 3868 099"),
            ("Chị Mai, di động 0168 123 4567", "0168 123 4567"),
        ] {
            assert_eq!(kinds(text, NONE), vec![(Kind::Phone, phone.to_string())], "{text}");
        }
        // Two numbers after one label stay two numbers.
        assert_eq!(
            kinds("Ông A, ĐT: 0210 3868 098 - 0905 123 456", NONE),
            vec![(Kind::Phone, "0210 3868 098".into()), (Kind::Phone, "0905 123 456".into())]
        );
        assert_eq!(scan("+84935111222", row(NONE))[0].needle, Needle::Number("0935111222".into()));
    }

    #[test]
    fn offices_keep_their_lines_and_mobiles_are_a_persons() {
        let plain = Context::default();
        // No person: a mobile number is someone's, a landline an office's.
        assert_eq!(scan("Tổ trưởng tổ công tác: 0905123456", plain).len(), 1);
        assert_eq!(scan("Liên hệ: 0236 3822 123", plain), vec![]);
        // An organisation's line, mobile or not.
        for text in [
            "Trung tâm Phục vụ hành chính công, Số 398 - Đường Trần Phú - phường Việt Trì: ĐT: 0210 2222 555",
            "Hỗ trợ: (028) 3930.3279 _ 0906.229966",
            "Đường dây nóng: 0912345678",
            "Địa chỉ: 17 đường Nguyễn Gia Thiều; ĐT: 0905123456",
        ] {
            assert_eq!(scan(text, plain), vec![], "{text}");
        }
        // A street named for a person names no person; a person with an address does.
        assert!(!names_person("Số 485 đường Trần Hưng Đạo, thành phố Hồ Chí Minh"));
        assert!(names_person("Nguyễn Thị Minh Khai, Trưởng thôn"));
        assert_eq!(scan("Ông Nguyễn Văn A, địa chỉ: thôn 3, ĐT: 0905123456", plain).len(), 1);
        // A staff table's row is about a person whatever it says.
        assert_eq!(scan("3 Tổ Dân phố 2 0236 3822 123", Context { row: true, ..plain }).len(), 1);
        // A label at the end of the paragraph before labels the value that starts this one.
        assert_eq!(label_at_end("Mã số thuế:"), Some(Label::Other));
        assert_eq!(scan("0315459414", Context { lead: Some(Label::Other), ..plain }), vec![]);
        assert_eq!(scan("0315459414", plain).len(), 1);
        assert_eq!(scan("12/3/1985", Context { lead: label_at_end("Ngày sinh:"), ..plain })[0].kind, Kind::BirthDate);
    }

    #[test]
    fn codes_amounts_and_plain_dates_are_not_personal_data() {
        for text in [
            "Mã số thuế: 0315459414",
            "Công ty TNHH ABC (MST: 0102735469)",
            "Số tài khoản: 0971000123456",
            "Mã thủ tục: 1.014440",
            "Kinh phí 1.500.000.000 đồng",
            "Kèm theo Kế hoạch số 45/KH-UBND ngày 10/3/2024",
            "Công văn số 0905123456/UBND",
            "Hoàn thành trước ngày 15/4/2024",
            "phát sinh ngày 12/3/2024",
            "Ngày sinh hoạt chi bộ: 15/4/2024",
            "vệ sinh năm 2024",
            "Luật Đất đai năm 1993",
            "số ĐT 123",
        ] {
            assert_eq!(kinds(text, NONE), vec![], "{text}");
        }
    }

    #[test]
    fn staff_table_columns_count_without_labels() {
        let cols = header_columns("Stt Họ và tên Năm sinh Số CCCD Chức vụ SĐT Ghi chú");
        assert_eq!(cols, Columns { phone: true, id: true, birth: true });
        assert_eq!(
            kinds("01 Hồ Văn Em 1988 038088001234 Trưởng thôn 0397111222", cols),
            vec![(Kind::BirthDate, "1988".into()), (Kind::Id, "038088001234".into()), (Kind::Phone, "0397111222".into())]
        );
        // Without the columns only the mobile number counts.
        assert_eq!(kinds("01 Hồ Văn Em 1988 038088001234 Trưởng thôn 0397111222", NONE), vec![(Kind::Phone, "0397111222".into())]);
        assert_eq!(header_columns("Ngày sinh hoạt"), Columns::default());
        assert_eq!(header_columns("Chức vụ"), Columns::default());
        assert!(header_columns("Ngày, tháng, năm sinh").birth);
        assert!(header_columns("Số CMND/ CCCD").id);
        // Plan years and dates are not birth dates even in a birth column.
        assert_eq!(kinds("Năm 2023", Columns { birth: true, ..NONE }), vec![]);
        assert_eq!(kinds("03 Lê C 12/5/1990 bổ nhiệm 10/3/2024", Columns { birth: true, ..NONE }), vec![(Kind::BirthDate, "12/5/1990".into())]);
    }

    #[test]
    fn a_bare_year_keeps_the_words_before_it() {
        let f = scan("01 Hồ Văn Em 1988 Trưởng thôn", row(Columns { birth: true, ..NONE }));
        assert_eq!(f[0].needle, Needle::Year(1988, "Văn Em ".into()));
        let f = scan("sinh năm 1990", row(NONE));
        assert_eq!(f[0].needle, Needle::Year(1990, "sinh năm ".into()));
        let f = scan("1990", row(Columns { birth: true, ..NONE }));
        assert_eq!(f[0].needle, Needle::Year(1990, String::new()));
    }

    fn found(text: &str) -> Detections {
        let mut d = Detections::default();
        d.extend(scan(text, row(NONE)));
        d
    }

    #[test]
    fn every_occurrence_is_replaced_however_it_is_grouped() {
        let d = found("Ông A, sinh ngày 12/3/1985, SĐT: 0905 123 456; CCCD số 001190012345; bà B sinh năm 1990");
        assert_eq!((d.count(Kind::Phone), d.count(Kind::Id), d.count(Kind::BirthDate)), (1, 1, 2));
        let (s, n) = d.redact_text("Liên hệ 0905123456 hoặc +84 905 123 456 (ông A, 12-03-1985, ngày 12 tháng 3 năm 1985)").expect("redacted");
        assert_eq!(s, "Liên hệ [đã ẩn] hoặc [đã ẩn] (ông A, [đã ẩn], ngày [đã ẩn])");
        assert_eq!(n, 4);
        assert_eq!(d.redact_text("Thẻ 001190012345.").map(|x| x.0), Some("Thẻ [đã ẩn].".to_string()));
        // The year is replaced where it follows the same words, and nowhere else.
        assert_eq!(d.redact_text("bà B sinh năm 1990, Luật năm 1990").map(|x| x.0), Some("bà B sinh năm [đã ẩn], Luật năm 1990".to_string()));
        // Other numbers stay, a longer number holding the digits too.
        assert_eq!(d.redact_text("Quyết định số 12/2019/QĐ-UBND, 09051234567, 10905123456"), None);
    }

    #[test]
    fn the_record_loses_values_parsed_from_redacted_text() {
        let d = found("sinh ngày 12/3/1985, ĐT 0905123456");
        let mut r = json!({
            "schema": "vnplan/1",
            "source": {"path": "0905123456.txt"},
            "document": {"date": {"value": "2024-03-10", "text": "ngày 10 tháng 3 năm 2024", "span": [0, 1]}},
            "sections": [{"heading": "Ông A, sinh ngày 12/3/1985, ĐT 0905123456", "children": []}],
            "dates": [{"text": "12/3/1985", "value": "1985-03-12"}, {"text": "ngày 15/4/2024", "value": "2024-04-15"}],
            "citations": [],
            "tasks": [{"text": "Gọi 0905123456", "timeframe": {"text": "trước ngày 12/3/1985", "start": null, "end": "1985-03-12"}}],
            "units": [{"name": "Tổ công tác (ĐT 0905123456)"}],
            "warnings": []
        });
        let applied = d.apply(&mut r);
        assert_eq!(applied, Applied { replaced: 4, removed: 2 });
        assert_eq!(r["sections"][0]["heading"], "Ông A, sinh ngày [đã ẩn], ĐT [đã ẩn]");
        assert_eq!(r["dates"], json!([{"text": "ngày 15/4/2024", "value": "2024-04-15"}]));
        assert_eq!(r["tasks"][0]["timeframe"], Value::Null);
        assert_eq!(r["units"][0]["name"], "Tổ công tác (ĐT [đã ẩn])");
        assert_eq!(r["document"]["date"]["value"], "2024-03-10");
        assert_eq!(r["source"]["path"], "0905123456.txt", "source is left alone");
        assert_eq!(r["warnings"][0]["code"], WARNING_CODE);
        let message = r["warnings"][0]["message"].as_str().unwrap_or("");
        assert!(message.starts_with("1 phone number(s), 0 ID number(s) and 1 birth date(s) found in annexes; 4 occurrence(s)"), "{message}");
        // Nothing found: nothing changes, not even a warning.
        let mut untouched = json!({"warnings": [], "sections": [{"heading": "0905123456"}]});
        let copy = untouched.clone();
        assert_eq!(Detections::default().apply(&mut untouched), Applied::default());
        assert_eq!(untouched, copy);
    }

    #[test]
    fn only_annexes_are_searched_even_before_the_signature() {
        let body = "Số: 45/KH-UBND\nHòa Bình, ngày 10 tháng 3 năm 2024\nKẾ HOẠCH\nTuyên truyền năm 2024\nI. MỤC ĐÍCH\n1. Ông Lê Văn Bình, điện thoại 0912345678, phụ trách chung.\nII. TỔ CHỨC THỰC HIỆN\n1. Văn phòng UBND xã chủ trì.\n";
        let list = "PHỤ LỤC\nDANH SÁCH TỔ CÔNG TÁC\n1. Ông Lê Văn An, sinh ngày 12/3/1985, SĐT: 0905 123 456\n";
        let closing = "Nơi nhận:\n- Lưu VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrần Văn Bình\n";
        for text in [format!("{body}{list}"), format!("{body}{list}{closing}"), format!("{body}{closing}{list}")] {
            let d = detect(&crate::normalize::normalize(&text));
            assert_eq!((d.count(Kind::Phone), d.count(Kind::BirthDate)), (1, 1), "{text}");
            assert!(d.items().any(|(_, n)| *n == Needle::Number("0905123456".into())));
        }
        assert!(detect(&crate::normalize::normalize(&format!("{body}{closing}"))).is_empty());
    }

    #[test]
    fn markdown_rows_use_their_header_columns() {
        assert_eq!(pipe_cells("| 1 | Nguyễn Văn C | 05/07/1979 |").len(), 3);
        let h = text_header("| STT | Họ và tên | Ngày sinh | Số CCCD | Chức vụ | Điện thoại |");
        let Some(Header { cols, people: true, cells: Some(cells) }) = h else { panic!("header not read: {h:?}") };
        assert!(cols.birth && cols.id && cols.phone);
        assert_eq!(cells.iter().filter(|c| c.any()).count(), 3);
        // A line with a value is not a header.
        assert_eq!(text_header("Họ và tên: Lê Văn A, SĐT: 0905123456"), None);
    }
}
