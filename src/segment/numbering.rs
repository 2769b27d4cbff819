//! Numbering labels at the start of a paragraph: `PHẦN I`, `Chương II`, `Điều 3.`, `II.`,
//! `A.`, `1.`, `1.1.`, `1)`, `a)`. The only place that knows numbering styles.

use std::sync::LazyLock;

use regex::Regex;

/// The numbering style of a heading. Styles decide the level of a heading in the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    /// `PHẦN I`, `Phần thứ nhất` → id `P1`.
    Part,
    /// `Chương II` → `C2`.
    Chapter,
    /// `I.`, `II-` (Party style).
    Roman,
    /// `A.`, `B.` with a heading in capitals.
    UpperLetter,
    /// `Điều 3.` → `Đ3`.
    Article,
    /// `1.`, `1.1.`, `1.1.1.`; the field is the number of components.
    Arabic(u8),
    /// `1)`.
    ArabicParen,
    /// `a)`, `đ)` in Vietnamese alphabetical order.
    Letter,
}

/// A parsed label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Its style.
    pub style: Style,
    /// The number as printed, without punctuation: `II`, `5.1`, `a`, `I` (for `PHẦN I`).
    pub printed: String,
    /// The numeric value of each component (`5.1` → `[5, 1]`; `II` → `[2]`; `đ` → `[5]`).
    pub values: Vec<u32>,
    /// Byte length of the label including its punctuation and following spaces.
    pub len: usize,
}

/// The pattern [`roman_at_start`] reads by hand; the tests hold the two equal.
#[cfg(test)]
static ROMAN: LazyLock<Regex> =
    // No "/" after a Roman numeral: "V/v" is "về việc", not section V.
    LazyLock::new(|| Regex::new(r"^([IVXLC]{1,7})\s*[.\-)]\s*").expect("roman"));
/// The pattern [`upper_at_start`] reads by hand; the tests hold the two equal.
#[cfg(test)]
static UPPER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([A-Z])\.\s+").expect("upper"));

/// [`ROMAN`]'s match read by hand: the numeral and where the match ends. Most headings are
/// numbered this way, and the pattern's captures (a regex search and an allocation) ran for
/// every one of them.
fn roman_at_start(para: &str) -> Option<(&str, usize)> {
    let n = para.bytes().take_while(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C')).count();
    if !(1..=7).contains(&n) {
        return None;
    }
    let after = para.get(n..)?.trim_start().strip_prefix(['.', '-', ')'])?;
    Some((para.get(..n)?, para.len() - after.trim_start().len()))
}

/// [`UPPER`]'s match read by hand: the letter and where the match ends.
fn upper_at_start(para: &str) -> Option<(&str, usize)> {
    let bytes = para.as_bytes();
    if !(bytes.first()?.is_ascii_uppercase() && bytes.get(1) == Some(&b'.')) {
        return None;
    }
    let rest = para.get(2..)?;
    let after = rest.trim_start();
    if after.len() == rest.len() {
        return None;
    }
    Some((para.get(..1)?, para.len() - after.len()))
}
/// The pattern [`arabic_at_start`] reads by hand; the tests hold the two equal.
#[cfg(test)]
static ARABIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{1,3}(?:\.[0-9]{1,3}){0,4})(?:(\.)|(\)))?\s*").expect("arabic")
});
/// The pattern [`letter_at_start`] reads by hand; the tests hold the two equal.
#[cfg(test)]
static LETTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([a-zđ])\s?\)\s*").expect("letter"));
// Word ends after ASCII numerals are ASCII `\b`s: a Unicode `\b` sends every paragraph to the
// regex crate's slow engines. (A greedy run of letters ends a word by itself.)
static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:phần)\s+(?:(?i:thứ)\s+(\p{L}+)|([IVXLC]+|[0-9]+)(?-u:\b))\s*[.:\-]?\s*").expect("part")
});
static CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:chương)\s+([IVXLC]+|[0-9]+)(?-u:\b)\s*[.:\-]?\s*").expect("chapter")
});
static ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:điều)\s+([0-9]{1,3})\s*[.:]\s*").expect("article"));

/// A match of [`ARABIC`] at the start of a paragraph: where the printed number ends,
/// whether a `.` or `)` follows it, and where the spaces after them end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ArabicMatch {
    printed_end: usize,
    dot: bool,
    paren: bool,
    end: usize,
}

/// [`ARABIC`] read by hand (it runs on every paragraph that starts with a digit, and its
/// captures cost more than the rest of the numbering): the pattern is anchored and nothing
/// follows its greedy parts, so the first reading is the match: up to three digits, up to
/// four more `.` groups of up to three digits, then `.` (before `)`), then spaces.
fn arabic_at_start(para: &str) -> Option<ArabicMatch> {
    let b = para.as_bytes();
    let digits = |from: usize| b.get(from..).map_or(0, |r| r.iter().take(3).take_while(|c| c.is_ascii_digit()).count());
    let mut end = digits(0);
    if end == 0 {
        return None;
    }
    for _ in 0..4 {
        let k = if b.get(end) == Some(&b'.') { digits(end + 1) } else { 0 };
        if k == 0 {
            break;
        }
        end += 1 + k;
    }
    let printed_end = end;
    let (dot, paren) = match b.get(end) {
        Some(b'.') => (true, false),
        Some(b')') => (false, true),
        _ => (false, false),
    };
    end += usize::from(dot || paren);
    let rest = para.get(end..)?;
    end += rest.len() - rest.trim_start().len();
    Some(ArabicMatch { printed_end, dot, paren, end })
}

/// A list letter at the start of `para` (`a)`, `đ )`): the letter and the length of the
/// label with the white space after it. Read by hand (the pattern is [`LETTER`]): every
/// paragraph that starts with a lower-case letter asked the regex crate for captures.
fn letter_at_start(para: &str) -> Option<(char, usize)> {
    let letter = para.chars().next().filter(|&c| c.is_ascii_lowercase() || c == 'đ')?;
    let rest = para.get(letter.len_utf8()..)?;
    // One white space character at most before the `)`.
    let rest = match rest.chars().next() {
        Some(c) if c.is_whitespace() && rest.get(c.len_utf8()..).is_some_and(|r| r.starts_with(')')) => rest.get(c.len_utf8()..)?,
        _ => rest,
    };
    let after = rest.strip_prefix(')')?;
    Some((letter, para.len() - after.trim_start().len()))
}

/// Vietnamese alphabetical order for list letters: `đ` follows `d`; `f`, `j`, `w`, `z` are
/// not Vietnamese letters but appear in long lists, so they keep their Latin place.
const LETTERS: &[char] = &[
    'a', 'b', 'c', 'd', 'đ', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r',
    's', 't', 'u', 'v', 'w', 'x', 'y', 'z',
];

/// Position of a list letter in Vietnamese order, 1-based (`đ` → 5).
pub fn letter_value(c: char) -> Option<u32> {
    LETTERS.iter().position(|&l| l == c).map(|p| p as u32 + 1)
}

/// The Vietnamese alphabet as lettered lists use it: `đ` after `d`, and no `f`, `j`, `w`,
/// `z` (domain-facts §1.3: a) b) c) d) đ) e) g) h) i) k) …).
const VIETNAMESE_LETTERS: &[char] = &[
    'a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't',
    'u', 'v', 'x', 'y',
];

/// The values (see [`letter_value`]) a list letter may be followed by: the next letter of
/// the Vietnamese alphabet first (`e` → `g`, `i` → `k`), then, for lists that do use `f` or
/// `j`, the next in [`letter_value`]'s order (`e` → `f`). Empty for a non-letter.
pub fn letter_successors(c: char) -> Vec<u32> {
    let c = c.to_lowercase().next().unwrap_or(c);
    let mut out = Vec::new();
    let vietnamese = VIETNAMESE_LETTERS.iter().position(|&l| l == c).and_then(|p| VIETNAMESE_LETTERS.get(p + 1));
    if let Some(v) = vietnamese.and_then(|&n| letter_value(n)) {
        out.push(v);
    }
    if let Some(v) = letter_value(c) {
        if !out.contains(&(v + 1)) && (v as usize) < LETTERS.len() {
            out.push(v + 1);
        }
    }
    out
}

/// The value of a strictly well-formed Roman numeral (I … CCCXCIX); `IIII`, `VV`, `IC` are
/// rejected so that initials and stray capitals are not read as section numbers.
pub fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let v = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let digits: Vec<u32> = s.chars().map(v).collect::<Option<_>>()?;
    // Compute canonically, then check the round trip: only canonical spellings are accepted.
    let mut total = 0;
    let mut i = 0;
    while let Some(&d) = digits.get(i) {
        match digits.get(i + 1) {
            Some(&n) if n > d => {
                total += n - d;
                i += 2;
            }
            _ => {
                total += d;
                i += 1;
            }
        }
    }
    (to_roman(total) == s).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Vietnamese ordinal words after `thứ` (`Phần thứ nhất`).
fn ordinal_value(word: &str) -> Option<u32> {
    let w = crate::text::fold(word);
    Some(match w.as_str() {
        "nhất" => 1,
        "hai" => 2,
        "ba" => 3,
        "tư" => 4,
        "năm" => 5,
        "sáu" => 6,
        "bảy" => 7,
        "tám" => 8,
        "chín" => 9,
        "mười" => 10,
        _ => return None,
    })
}

fn number_value(s: &str) -> Option<u32> {
    s.parse().ok().or_else(|| roman_value(s))
}

/// Does the heading text after a label look like a heading (not a number in running text)?
fn text_starts_heading(rest: &str, allow_lower: bool) -> bool {
    match rest.chars().next() {
        Some(c) if c.is_uppercase() => true,
        Some(c) if c.is_lowercase() => allow_lower,
        Some('(' | '"' | '\'') => true,
        _ => false,
    }
}

/// Parses the numbering label at the start of a paragraph, if it has one.
///
/// `letters_seen` says whether the document already used `A.`/`B.` headings, which decides
/// between the Roman numeral `C.` and the letter `C.`.
pub fn parse(para: &str, letters_seen: bool) -> Option<Label> {
    // Every label starts with an ASCII letter or digit, or `đ`/`Đ` (`Điều`, `đ)`): most
    // paragraphs are turned away by their first character.
    let first = para.chars().next()?;
    if !(first.is_ascii_alphanumeric() || matches!(first, 'đ' | 'Đ')) {
        return None;
    }
    // The keyword patterns need the keyword's second letter (`phần`, `chương`, `điều` in
    // either case): `Phòng`, `Các`, `Đối với` are turned away without a search.
    let second_char = para.chars().nth(1);
    let keyword = |c: char| second_char.is_some_and(|s| s.to_ascii_lowercase() == c);
    let part = (matches!(first, 'p' | 'P') && keyword('h')).then(|| PART.captures(para)).flatten();
    if let Some(c) = part {
        let value = match (c.get(1), c.get(2)) {
            (Some(w), _) => ordinal_value(w.as_str())?,
            (_, Some(n)) => number_value(n.as_str())?,
            _ => return None,
        };
        let len = c.get(0)?.end();
        return Some(Label { style: Style::Part, printed: value.to_string(), values: vec![value], len });
    }
    if let Some(c) = (matches!(first, 'c' | 'C') && keyword('h')).then(|| CHAPTER.captures(para)).flatten() {
        let n = c.get(1)?.as_str();
        let value = number_value(n)?;
        return Some(Label { style: Style::Chapter, printed: n.to_string(), values: vec![value], len: c.get(0)?.end() });
    }
    if let Some(c) = (matches!(first, 'đ' | 'Đ') && keyword('i')).then(|| ARTICLE.captures(para)).flatten() {
        let n = c.get(1)?.as_str();
        let value = n.parse().ok()?;
        return Some(Label { style: Style::Article, printed: n.to_string(), values: vec![value], len: c.get(0)?.end() });
    }
    // The remaining patterns are anchored: their first character decides which can match,
    // so the regex search (and its captures allocation) runs only where it can succeed.
    if let Some((l, end)) = upper_at_start(para) {
        let rest = para.get(end..)?;
        let roman = roman_value(l);
        let heading_caps = rest.chars().filter(|c| c.is_alphabetic()).take(12).all(|c| c.is_uppercase());
        if (roman.is_none() || letters_seen && l != "I" && l != "V" && l != "X") && heading_caps && !rest.is_empty() {
            let ch = l.chars().next()?;
            let value = letter_value(ch.to_ascii_lowercase())?;
            return Some(Label { style: Style::UpperLetter, printed: l.to_string(), values: vec![value], len: end });
        }
    }
    // Roman numerals, white space, then `.`, `-` or `)`.
    if let Some((n, end)) = roman_at_start(para) {
        let rest = para.get(end..)?;
        if let Some(value) = roman_value(n) {
            if text_starts_heading(rest, false) {
                return Some(Label { style: Style::Roman, printed: n.to_string(), values: vec![value], len: end });
            }
        }
    }
    if let Some(a) = arabic_at_start(para) {
        let printed = para.get(..a.printed_end)?;
        let (dot, paren) = (a.dot, a.paren);
        let rest = para.get(a.end..)?;
        let parts = printed.split('.').count();
        // "1" needs "." or ")"; "1.1" may omit the final dot. Either way a heading follows,
        // and the whole label is followed by a space (so "2.5 triệu" is not a heading).
        // (Tested before the values are collected: most numbers that start a paragraph, in
        // table cells, are no label.)
        let spaced = para.get(..a.end).is_some_and(|l| l.ends_with(char::is_whitespace));
        if !(dot || paren || parts > 1) || !spaced || !text_starts_heading(rest, false) {
            return None;
        }
        let values: Vec<u32> = printed.split('.').map(|p| p.parse().ok()).collect::<Option<_>>()?;
        if values.contains(&0) && parts > 1 {
            return None;
        }
        // "3.400", "14.900.700": thousands separators in table cells, not section numbers.
        if printed.split('.').skip(1).any(|c| c.len() == 3) {
            return None;
        }
        let style = if paren && parts == 1 { Style::ArabicParen } else { Style::Arabic(parts as u8) };
        return Some(Label { style, printed: printed.to_string(), values, len: a.end });
    }
    if let Some((l, len)) = letter_at_start(para) {
        let rest = para.get(len..)?;
        if !text_starts_heading(rest, true) {
            return None;
        }
        let value = letter_value(l)?;
        return Some(Label { style: Style::Letter, printed: l.to_string(), values: vec![value], len });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first-characters gates of [`parse`] never turn away a match of their pattern.
    fn assert_gates_keep_every_match(para: &str) {
        let second = para.chars().nth(1).map(|c| c.to_ascii_lowercase());
        if PART.is_match(para) {
            assert_eq!(second, Some('h'), "{para:?}");
        }
        if CHAPTER.is_match(para) {
            assert_eq!(second, Some('h'), "{para:?}");
        }
        if ARTICLE.is_match(para) {
            assert_eq!(second, Some('i'), "{para:?}");
        }
    }

    /// The hand readings of Roman and capital-letter labels are the patterns' captures.
    fn assert_roman_and_upper_as_regex(para: &str) {
        let group = |re: &Regex| re.captures(para).and_then(|c| Some((c.get(1)?.as_str(), c.get(0)?.end())));
        assert_eq!(roman_at_start(para), group(&ROMAN), "{para:?}");
        assert_eq!(upper_at_start(para), group(&UPPER), "{para:?}");
    }

    #[test]
    fn roman_and_upper_labels_read_by_hand_equal_the_patterns() {
        let crafted = ["IV. A", "XII - b", "C) x", "II .x", "IIIIIII.", "IIIIIIII.", "V/v", "I", "I.", "I\u{a0}-\u{2003}x", "A. B", "A.", "A.x", "Z.\t", "a. b", "É. x", ""];
        let mut labels = 0;
        for l in crate::testing::crafted_and_corpus_lines(&crafted) {
            let t = l.trim_start();
            assert_roman_and_upper_as_regex(t);
            labels += usize::from(roman_at_start(t).is_some() || upper_at_start(t).is_some());
        }
        assert!(labels > 100, "{labels}");
    }

    proptest::proptest! {
        #[test]
        fn roman_and_upper_labels_read_by_hand_equal_the_patterns_on_random_text(s in "[IVXLCA-Z]{0,9}[ \u{a0}\u{2003}\t]{0,2}[.\\-)/x]{0,2}[ \u{a0}\u{2003}]{0,2}[a-zA]{0,2}") {
            assert_roman_and_upper_as_regex(&s);
        }
    }

    #[test]
    fn the_gates_keep_every_match() {
        for p in ["Phần I", "PHẦN thứ nhất", "pHẦN 2", "Chương II", "CHƯƠNG 3", "Điều 5.", "ĐIỀU 12:", "điều 1.", "IV. A", "XII - b", "C) x", "II .x", "Phòng", "Các", "Đối với"] {
            assert_gates_keep_every_match(p);
        }
    }

    proptest::proptest! {
        #[test]
        fn the_gates_keep_every_match_on_random_paragraphs(p in "(Phần|PHẦN|pHần|Chương|CHƯƠNG|Điều|ĐIỀU|điều|[IVXLC]{1,8}|Phòng|Các)[ .\\-):0-9IVXa-z]{0,8}") {
            assert_gates_keep_every_match(&p);
        }
    }

    fn assert_letter_as_regex(para: &str) {
        let by_regex = LETTER.captures(para).and_then(|c| Some((c.get(1)?.as_str().chars().next()?, c.get(0)?.end())));
        assert_eq!(letter_at_start(para), by_regex, "{para:?}");
    }

    #[test]
    fn letter_labels_read_by_hand_equal_the_pattern() {
        for s in ["a) x", "đ) Sở", "b ) x", "c\u{a0}) x", "d  ) x", "e)", "A) x", "ab) x", "g)\u{2003}\u{a0}y", "", "đ", "x )"] {
            assert_letter_as_regex(s);
        }
        for (_, t) in crate::testing::corpus_texts() {
            for l in t.lines() {
                assert_letter_as_regex(l.trim_start());
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn letter_labels_read_by_hand_equal_the_pattern_on_random_text(p in "[a-dđA\u{e0}]{0,2}[ \u{a0}\t]{0,2}[)x]{0,2}[ y]{0,3}") {
            assert_letter_as_regex(&p);
        }
    }

    /// The hand reading of an Arabic label is what the pattern's captures give.
    fn assert_arabic_as_regex(para: &str) {
        let by_regex = ARABIC.captures(para).and_then(|c| {
            Some(ArabicMatch { printed_end: c.get(1)?.end(), dot: c.get(2).is_some(), paren: c.get(3).is_some(), end: c.get(0)?.end() })
        });
        assert_eq!(arabic_at_start(para), by_regex, "{para:?}");
    }

    #[test]
    fn arabic_labels_read_by_hand_equal_the_pattern() {
        for s in ["1. A", "1.2.3.4.5.6 x", "1234.5", "12) a", "1.) a", "1.", "1..2", "2.5 triệu", "3.400", "7\u{a0} x", "1.2.", "", "x1"] {
            assert_arabic_as_regex(s);
        }
        let mut n = 0;
        for (_, t) in crate::testing::corpus_texts() {
            for l in t.lines() {
                n += 1;
                assert_arabic_as_regex(l.trim_start());
            }
        }
        assert!(n > 100, "no corpus read");
    }

    proptest::proptest! {
        #[test]
        fn arabic_labels_read_by_hand_equal_the_pattern_on_random_text(s in "[0-9.) \u{a0}\u{2003}a]{0,16}") {
            assert_arabic_as_regex(&s);
        }
    }

    fn p(s: &str) -> Option<(Style, String)> {
        parse(s, false).map(|l| (l.style, l.printed))
    }

    #[test]
    fn roman_numerals_are_strict() {
        assert_eq!(roman_value("IV"), Some(4));
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("VX"), None);
        assert_eq!(roman_value("IC"), None);
    }

    #[test]
    fn vietnamese_letter_order_has_dd_after_d() {
        assert_eq!(letter_value('đ'), Some(5));
        assert_eq!(letter_value('e'), Some(6));
    }

    #[test]
    fn vietnamese_lists_skip_f_and_j() {
        let name = |v: u32| LETTERS.get(v as usize - 1).copied();
        let next = |c: char| letter_successors(c).into_iter().map(name).collect::<Option<Vec<_>>>();
        assert_eq!(next('e'), Some(vec!['g', 'f']));
        assert_eq!(next('i'), Some(vec!['k', 'j']));
        assert_eq!(next('d'), Some(vec!['đ']));
        assert_eq!(next('đ'), Some(vec!['e']));
        assert_eq!(next('f'), Some(vec!['g']));
        assert_eq!(next('E'), Some(vec!['g', 'f']));
        assert_eq!(next('z'), Some(vec![]));
    }

    #[test]
    fn labels_of_every_style() {
        assert_eq!(p("II. NỘI DUNG"), Some((Style::Roman, "II".into())));
        assert_eq!(p("I- MỤC ĐÍCH"), Some((Style::Roman, "I".into())));
        assert_eq!(p("1. Mục đích:"), Some((Style::Arabic(1), "1".into())));
        assert_eq!(p("1.1. Hướng dẫn"), Some((Style::Arabic(2), "1.1".into())));
        assert_eq!(p("5.1 Tham mưu"), Some((Style::Arabic(2), "5.1".into())));
        assert_eq!(p("2) Tổ chức"), Some((Style::ArabicParen, "2".into())));
        assert_eq!(p("đ) tuyên truyền"), Some((Style::Letter, "đ".into())));
        assert_eq!(p("A. MỤC ĐÍCH"), Some((Style::UpperLetter, "A".into())));
        assert_eq!(p("PHẦN I. TÌNH HÌNH"), Some((Style::Part, "1".into())));
        assert_eq!(p("Phần thứ hai"), Some((Style::Part, "2".into())));
        assert_eq!(p("Chương II"), Some((Style::Chapter, "II".into())));
        assert_eq!(p("Điều 3. Chánh Văn phòng"), Some((Style::Article, "3".into())));
    }

    #[test]
    fn numbers_in_running_text_are_not_labels() {
        assert_eq!(p("2023 của địa phương."), None);
        assert_eq!(p("2.5 triệu đồng"), None);
        assert_eq!(p("05/8/2020 của Thủ tướng"), None);
        assert_eq!(p("- Triển khai"), None);
        assert_eq!(p("V. tiếp"), None);
        assert_eq!(p("IIII. MỤC"), None);
        assert_eq!(p("V/v HỖ TRỢ NHU YẾU PHẨM"), None);
        assert_eq!(p("3.400 Tốc độ tăng trưởng"), None);
    }

    #[test]
    fn c_is_a_letter_after_a_and_b() {
        assert_eq!(parse("C. KINH PHÍ", true).map(|l| l.style), Some(Style::UpperLetter));
        assert_eq!(parse("C. KINH PHÍ", false).map(|l| l.style), Some(Style::Roman));
    }
}
