//! Line layout: which source lines belong to one paragraph.
//!
//! Text copied out of PDF and Word files is hard-wrapped at the page width, and some copies
//! put a blank line between *every* line (seeds caoxa-2023, daklak-2023); web exports put a
//! whole paragraph on one line. This module looks at each line's shape (does it start with a
//! numbering mark or a bullet, start in lower case, end a sentence, run to the page width, is
//! it in capitals) and at the document's habits (its page width, whether its blank lines
//! separate paragraphs or are noise) and decides, for every pair of neighbouring lines,
//! whether the second continues the first.
//!
//! Zones matter: in the header block and in the signature block every line is its own
//! paragraph (the signature's `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH` must not be joined), while in
//! the body wrapped lines are joined.

use std::sync::LazyLock;

use regex::Regex;

/// Where a line sits in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// Before the type line (`KẾ HOẠCH`): issuer, number, place and date.
    Header,
    /// Title, preamble and the numbered body.
    Body,
    /// After the body: recipients (`Nơi nhận`) and the signature block.
    Closing,
    /// Appendices and attached documents printed after the signature.
    Annex,
}

/// The shape of one normalised, non-blank line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineShape {
    /// Starts with a numbering mark or bullet (`II.`, `1.1.`, `a)`, `-`, `Điều 3.`).
    pub marker: bool,
    /// Starts with a bullet (`-`, `+`, `•`).
    pub bullet: bool,
    /// Its first two words both start with a capital (`Yang Sin`, `Kông Chro`): a name that
    /// continues, rather than a new sentence (`Duy trì`).
    pub name_start: bool,
    /// Starts a new block by its first words (`Căn cứ`, `Nơi nhận`, `Trên đây`, …).
    pub opener: bool,
    /// Is a signature authority line (`TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`).
    pub authority: bool,
    /// Is a document-type line on its own (`KẾ HOẠCH`) or an annex title (`PHỤ LỤC`).
    pub type_line: bool,
    /// Starts an annex (`PHỤ LỤC`, `DANH SÁCH`, `(Kèm theo …)`).
    pub annex: bool,
    /// Letters are (almost) all capitals.
    pub caps: bool,
    /// First letter is lower case (a continuation).
    pub starts_lower: bool,
    /// Starts with a digit (a wrapped number or date, unless it is a marker or a table row
    /// such as `01 Nguyễn Văn Tuấn`).
    pub starts_digit: bool,
    /// Ends with `.`, `:`, `;`, `!` or `?`.
    pub ends_terminal: bool,
    /// Ends with a comma or a word that cannot end a sentence (`của`, `và`, `huyện`).
    pub ends_soft: bool,
    /// Ends with a grammatical word that cannot end even a heading (`của`, `và`, `các`);
    /// a heading may end with `thị trấn` or `huyện` (unit headings do).
    pub ends_connective: bool,
    /// Ends the body (`./.`).
    pub ends_body: bool,
    /// Is nothing but a numbering label (`1.`, `II.`, `a)`): web exports put the label of a
    /// bold heading on its own line, and the heading continues on the next.
    pub bare_label: bool,
    /// Length in characters.
    pub chars: usize,
}

/// Only ever asked `is_match`, so the word's end is a non-word character consumed rather
/// than `\b`: a Unicode `\b` would send every line to the regex crate's slow engines.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:
            [IVXLC]{1,6}\s*[.\-)]\s*\S           # Roman: I. II- III)
          | [0-9]{1,3}(?:\.[0-9]{1,3})*\s*[.)]\s*\S   # 1.  1.1.  2)
          | [0-9]{1,3}(?:\.[0-9]{1,3})+\s+\S     # 1.1 without the final dot
          | [a-zđ]\s?\)\s*\S                    # a)  đ)
          | [A-Z]\.\s+\S                        # A. MỤC ĐÍCH
          | (?i:phần|chương|điều|mục)\s+(?:[0-9]+|[IVXLC]+|thứ)(?:[^\w]|$)
          | [-+•·○●▪■◦♦➢✓]\s*\S                 # bullets
        )",
    )
    .expect("marker regex")
});

/// The plain form of [`is_bare_label`], kept for its reference.
#[cfg(test)]
static BARE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[0-9]{1,3}(?:\.[0-9]{1,3})*\.?|[IVXLC]{1,6}\.|[a-zđ]\))$").expect("bare label regex")
});

/// `1.`, `1.2`, `II.`, `a)`, `đ)` and nothing else: one to three digits in dot-separated
/// groups (a final dot allowed), one to six Roman capitals and a dot, or a list letter and
/// `)`. Read by hand: it is asked of every line without white space (a third of a web
/// export's lines are single cells).
fn is_bare_label(line: &str) -> bool {
    let bytes = line.as_bytes();
    match bytes.first() {
        Some(b'0'..=b'9') => {
            // At most one final dot, then groups of one to three digits between dots.
            let body = line.strip_suffix('.').unwrap_or(line).as_bytes();
            body.split(|&b| b == b'.').all(|g| (1..=3).contains(&g.len()) && g.iter().all(u8::is_ascii_digit))
        }
        Some(b'I' | b'V' | b'X' | b'L' | b'C') => {
            let n = bytes.iter().take_while(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C')).count();
            n <= 6 && bytes.get(n..) == Some(b".")
        }
        _ => line.strip_suffix(')').is_some_and(|l| matches!(l.as_bytes(), [b'a'..=b'z']) || l == "đ"),
    }
}

static ROW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[0-9]{1,3}\s+\p{Lu}").expect("row regex"));

/// The plain form of the bullet test in [`shape_counted`], kept for its reference.
#[cfg(test)]
static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-+•·○●▪■◦♦➢✓]\s*\S").expect("bullet regex"));

/// `is_match` only: the word's end is consumed rather than `\b` (see [`MARKER`]).
static OPENER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Căn cứ|Thực hiện|Xét|Theo đề nghị|Trên đây|Nơi nhận|Kính gửi|Yêu cầu các|Nơi gửi)(?:[^\w]|$)")
        .expect("opener regex")
});

static AUTHORITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:TM|KT|TL|TUQ|Q|T/M|K/T|T/L|Q/)\s*[./]?\s+\p{Lu}").expect("authority regex")
});

static ANNEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:PHỤ LỤC|Phụ lục [0-9IVX]+$|DANH SÁCH|BIỂU MẪU|MẪU SỐ|\((?:Kèm|Ban hành kèm) theo)")
        .expect("annex regex")
});

/// A word list as a constant and as a `match` over the same words (one length switch and a
/// few comparisons instead of a scan of the list; it runs on the last word of every line).
macro_rules! word_list {
    ($(#[$doc:meta])* $name:ident, $test:ident: $($w:literal),* $(,)?) => {
        $(#[$doc])*
        // The list itself serves the tests and the length bound; the code asks the `match`.
        #[cfg_attr(not(test), allow(dead_code))]
        const $name: &[&str] = &[$($w),*];

        fn $test(word: &str) -> bool {
            matches!(word, $($w)|*)
        }
    };
}

word_list! {
    /// Words after which a sentence cannot end, so a line ending with one continues.
    SOFT_END_WORDS, is_soft_end_word:
    "và", "của", "các", "với", "về", "cho", "trong", "theo", "tại", "để", "là", "có", "được",
    "những", "từ", "đến", "số", "ngày", "tháng", "năm", "huyện", "tỉnh", "xã", "trấn", "phường",
    "quận", "thị", "hoặc", "nhằm", "đối", "trên", "giữa", "bằng", "vào", "khi", "đã", "sẽ", "đang",
    "Ủy", "Sở", "Phòng", "Bộ",
}

/// The byte length of the longest word in [`SOFT_END_WORDS`] (which holds [`CONNECTIVES`]).
const MAX_LISTED_WORD_BYTES: usize = {
    let (mut i, mut max) = (0, 0);
    while i < SOFT_END_WORDS.len() {
        if SOFT_END_WORDS[i].len() > max {
            max = SOFT_END_WORDS[i].len();
        }
        i += 1;
    }
    max
};

word_list! {
    /// The grammatical part of [`SOFT_END_WORDS`].
    CONNECTIVES, is_connective:
    "và", "của", "các", "với", "về", "cho", "trong", "theo", "tại", "để", "là", "có", "được",
    "những", "từ", "đến", "số", "hoặc", "nhằm", "đối", "trên", "giữa", "bằng", "vào", "khi", "đã",
    "sẽ", "đang",
}

/// Classifies one normalised line.
///
/// This runs on every line, several times: one byte pass gathers every count, and each
/// anchored pattern runs only on lines whose first characters it could match (the patterns
/// themselves still decide; `shape_reference` in the tests is the plain form).
pub fn shape(line: &str) -> LineShape {
    shape_counted(line, counts(line))
}

/// The character counts of a line that [`shape`] needs. The clean-line check of
/// normalisation gathers them on its way (see `chars::scan_fast`), so most lines are not
/// read twice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Letters ([`crate::text::is_letter`]).
    pub letters: usize,
    /// Capital letters among them.
    pub upper: usize,
    /// Characters.
    pub chars: usize,
    /// Whether any ASCII lower-case letter occurs.
    pub ascii_lower: bool,
    /// Whether any whitespace occurs.
    pub has_space: bool,
}

impl Counts {
    /// [`LineShape::caps`]: at least three letters, nine in ten of them capitals.
    pub fn caps(&self) -> bool {
        self.letters >= 3 && self.upper * 10 >= self.letters * 9
    }
}

/// `shape(line).caps` without the rest of the shape (its marker, opener and authority
/// patterns, its last word), for the callers that ask for nothing else.
pub fn is_caps(line: &str) -> bool {
    counts(line).caps()
}

/// [`Counts`] of `line`, in one pass.
pub fn counts(line: &str) -> Counts {
    let bytes = line.as_bytes();
    let table = &*super::chars::WIDE_FLAGS;
    let (mut letters, mut upper, mut chars) = (0usize, 0usize, 0usize);
    let (mut ascii_lower, mut has_space) = (false, false);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b >= 0x80 {
            // Precomposed Vietnamese letters from the table (a quarter of the characters, so
            // tested first); any other character the long way.
            let (flags, len) = super::chars::wide_letter(table, bytes.get(i..).unwrap_or_default());
            if flags & super::chars::WIDE_OK != 0 {
                chars += 1;
                letters += 1;
                upper += usize::from(flags & super::chars::WIDE_UPPER != 0);
                i += len;
                continue;
            }
            let Some(c) = line.get(i..).and_then(|r| r.chars().next()) else { break };
            i += c.len_utf8();
            chars += 1;
            if crate::text::is_letter(c) {
                letters += 1;
                upper += usize::from(crate::text::is_upper(c));
            } else if c.is_whitespace() {
                has_space = true;
            }
            continue;
        }
        chars += 1;
        i += 1;
        if b.is_ascii_lowercase() {
            letters += 1;
            ascii_lower = true;
        } else if b.is_ascii_uppercase() {
            letters += 1;
            upper += 1;
        } else if matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            has_space = true;
        }
    }
    Counts { letters, upper, chars, ascii_lower, has_space }
}

/// [`shape`] of a line whose [`Counts`] are known.
pub fn shape_counted(line: &str, counts: Counts) -> LineShape {
    let caps = counts.caps();
    let Counts { chars, ascii_lower, has_space, .. } = counts;
    let last = line.chars().next_back().unwrap_or(' ');
    // The listed words are short: longer last words skip the list scans.
    // Every listed word ends with a letter: a line that ends with punctuation skips them.
    let short_last_word = if crate::text::is_letter(last) { short_last_word(line) } else { None };
    let short_last = short_last_word.is_some();
    let last_word = short_last_word.unwrap_or("");
    // An ASCII lower-case letter is alphanumeric, so it survives the trim of `is_type_line`,
    // which then turns the line away: most lines never need that test.
    let type_line = !ascii_lower && is_type_line(line);
    let mut cs = line.chars();
    let first = cs.next().unwrap_or(' ');
    let second = cs.next();
    // A bullet and what follows it is the whole test for a line that starts with one (the
    // only branch of `MARKER` that starts with no letter or digit is `BULLET`).
    let bullet = is_bullet_char(first) && line.get(first.len_utf8()..).is_some_and(|rest| !rest.trim_start().is_empty());
    let marker = bullet || (!is_bullet_char(first) && may_start_marker(line, first, second) && MARKER.is_match(line));
    LineShape {
        marker,
        bullet,
        // The first two words start with capitals (`split_whitespace`, for two words).
        name_start: {
            let t = line.trim_start();
            t.chars().next().is_some_and(crate::text::is_upper)
                && t.find(char::is_whitespace).and_then(|p| t.get(p..)).and_then(|rest| rest.trim_start().chars().next()).is_some_and(crate::text::is_upper)
        },
        opener: matches!(first, 'C' | 'T' | 'X' | 'N' | 'K' | 'Y') && OPENER_WORDS.iter().any(|w| line.as_bytes().get(1) == w.as_bytes().get(1) && line.starts_with(w)) && OPENER.is_match(line),
        authority: caps && matches!(first, 'T' | 'K' | 'Q') && AUTHORITY.is_match(line),
        type_line,
        annex: starts_annex(line),
        caps,
        // The first letter or digit: `first` itself when it is a letter.
        starts_lower: if crate::text::is_letter(first) {
            crate::text::is_lower(first)
        } else {
            (first == '(' || first == '"') && line.chars().find(|c| c.is_alphanumeric()).is_some_and(|c| c.is_lowercase())
        },
        starts_digit: first.is_ascii_digit() && !may_be_row(line),
        ends_terminal: matches!(last, '.' | ':' | ';' | '!' | '?'),
        ends_soft: last == ',' || last == '-' || short_last && is_soft_end_word(last_word),
        ends_connective: last == ',' || short_last && is_connective(last_word),
        ends_body: line.ends_with("./.") || (line.ends_with("/.") && !is_url(line.rsplit(|c: char| c.is_whitespace()).next().unwrap_or(""))),
        bare_label: !has_space && is_bare_label(line),
        chars,
    }
}

/// The line's last word (after its last white space) when it is at most
/// [`MAX_LISTED_WORD_BYTES`] long: found in the line's last few bytes, never by a scan back
/// over a long last word.
fn short_last_word(line: &str) -> Option<&str> {
    // The word and the white space before it (at most 4 bytes) lie in this window.
    let mut start = line.len().saturating_sub(MAX_LISTED_WORD_BYTES + 4);
    while !line.is_char_boundary(start) {
        start -= 1;
    }
    let window = line.get(start..)?;
    let word = match window.rfind(char::is_whitespace) {
        Some(p) => window.get(p + window.get(p..)?.chars().next()?.len_utf8()..)?,
        None if start == 0 => window,
        None => return None,
    };
    (word.len() <= MAX_LISTED_WORD_BYTES).then_some(word)
}

/// [`ROW`]'s match, decided by hand up to its capital: one to three digits, white space,
/// then an upper-case letter (a superset of `\p{Lu}`, which the regex then confirms).
fn may_be_row(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return false;
    }
    let rest = line.get(digits..).unwrap_or("");
    let after = rest.trim_start();
    after.len() < rest.len() && after.chars().next().is_some_and(char::is_uppercase) && ROW.is_match(line)
}

/// The words [`OPENER`] starts with: a line that starts with none of them cannot match it.
const OPENER_WORDS: &[&str] = &["Căn cứ", "Thực hiện", "Xét", "Theo đề nghị", "Trên đây", "Nơi nhận", "Kính gửi", "Yêu cầu các", "Nơi gửi"];

fn is_bullet_char(c: char) -> bool {
    matches!(c, '-' | '+' | '•' | '·' | '○' | '●' | '▪' | '■' | '◦' | '♦' | '➢' | '✓')
}

/// Whether [`MARKER`] can match `line`, which starts with `first` and `second` and not with
/// a bullet: checked on the first characters of each branch, so that the many lines that
/// start with a word like `Các`, `Phòng` or `Việc` skip the regex.
///
/// A digit may start the Arabic branches. A letter then needs a `.`, `)` or space after it
/// (`A.`, `a)`, `a )`), or a Roman run then `.`, `-` or `)` (`II.`, `IV -`), or the second
/// letter of `phần`, `chương`, `mục` or `điều` in either case.
fn may_start_marker(line: &str, first: char, second: Option<char>) -> bool {
    if first.is_ascii_digit() {
        // The Arabic branches: one to three digits, then `.`, `)` or a space.
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        return digits <= 3 && line.get(digits..).and_then(|r| r.chars().next()).is_some_and(|c| c == '.' || c == ')' || c.is_whitespace());
    }
    let Some(second) = second else { return false };
    let keyword = match first {
        'P' | 'p' | 'C' | 'c' => matches!(second, 'h' | 'H'),
        'M' | 'm' => matches!(second, 'ụ' | 'Ụ'),
        'Đ' | 'đ' => matches!(second, 'i' | 'I'),
        _ => false,
    };
    keyword
        || match first {
            'I' | 'V' | 'X' | 'L' | 'C' => {
                let after = line.trim_start_matches(['I', 'V', 'X', 'L', 'C']).trim_start();
                after.starts_with(['.', '-', ')'])
            }
            'A'..='Z' => second == '.',
            'a'..='z' | 'đ' => second == ')' || second.is_whitespace(),
            _ => false,
        }
}

/// [`shape`] as it was written before its prefilters, kept to test that they change nothing.
#[cfg(test)]
pub(crate) fn shape_reference(line: &str) -> LineShape {
    // One pass over the characters for the counts (this runs on every line, several times).
    let (mut letters, mut upper, mut chars) = (0usize, 0usize, 0usize);
    let mut first_alpha = None;
    for c in line.chars() {
        chars += 1;
        if first_alpha.is_none() && c.is_alphanumeric() {
            first_alpha = Some(c);
        }
        if crate::text::is_letter(c) {
            letters += 1;
            upper += usize::from(crate::text::is_upper(c));
        }
    }
    let caps = letters >= 3 && upper * 10 >= letters * 9;
    let last = line.chars().next_back().unwrap_or(' ');
    let last_word = line.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    // The listed words are short: longer last words skip the list scans.
    let short_last = last_word.len() <= MAX_LISTED_WORD_BYTES;
    let type_line = is_type_line(line);
    // Every pattern below is anchored at the start: a look at the first character spares
    // most lines most of them.
    let first = line.chars().next().unwrap_or(' ');
    let ascii_start = first.is_ascii_alphanumeric() || matches!(first, '(' | '-' | '+');
    let marker = (ascii_start || !first.is_alphanumeric() || matches!(first, 'đ' | 'Đ' | 'P' | 'p' | 'C' | 'c' | 'M' | 'm')) && MARKER.is_match(line);
    LineShape {
        marker,
        bullet: marker && BULLET.is_match(line),
        name_start: {
            let mut words = line.split_whitespace().map(|w| w.chars().next().is_some_and(crate::text::is_upper));
            words.next() == Some(true) && words.next() == Some(true)
        },
        opener: matches!(first, 'C' | 'T' | 'X' | 'N' | 'K' | 'Y') && OPENER.is_match(line),
        authority: caps && matches!(first, 'T' | 'K' | 'Q') && AUTHORITY.is_match(line),
        type_line,
        annex: matches!(line.as_bytes().first(), Some(b'P' | b'D' | b'B' | b'M' | b'(')) && ANNEX.is_match(line),
        caps,
        starts_lower: first_alpha.is_some_and(|c| c.is_lowercase())
            && line.chars().next().is_some_and(|c| c.is_alphabetic() || c == '(' || c == '"'),
        starts_digit: line.chars().next().is_some_and(|c| c.is_ascii_digit()) && !ROW.is_match(line),
        ends_terminal: matches!(last, '.' | ':' | ';' | '!' | '?'),
        ends_soft: last == ',' || last == '-' || short_last && is_soft_end_word(last_word),
        ends_connective: last == ',' || short_last && is_connective(last_word),
        ends_body: line.ends_with("./.") || (line.ends_with("/.") && !is_url(last_word)),
        bare_label: !line.contains(char::is_whitespace) && BARE_LABEL.is_match(line),
        chars,
    }
}

/// Whether a line starts an annex (`PHỤ LỤC`, `DANH SÁCH`, `(Kèm theo …)`): the `annex` of
/// [`shape`] without the rest of its work, for callers that walk whole annexes.
pub fn starts_annex(line: &str) -> bool {
    const STARTS: &[&str] = &["PHỤ LỤC", "Phụ lục ", "DANH SÁCH", "BIỂU MẪU", "MẪU SỐ", "(Kèm theo", "(Ban hành kèm theo"];
    matches!(line.as_bytes().first(), Some(b'P' | b'D' | b'B' | b'M' | b'(')) && STARTS.iter().any(|s| line.starts_with(s)) && ANNEX.is_match(line)
}

/// A web address ends in `/` and a sentence in `.`: `https://example.gov.vn/.` is not the
/// body's end mark `/.`.
fn is_url(word: &str) -> bool {
    word.contains("://") || word.starts_with("www.")
}

/// A line that is only a document-type name in capitals (`KẾ HOẠCH`, `QUYẾT ĐỊNH`), the
/// start of the title block.
pub fn is_type_line(line: &str) -> bool {
    type_line_text(line).is_some_and(|t| crate::lexicon::may_be_type_name_in_capitals(t) && is_title_type_name(t))
}

/// The text of a line that may be a type line: trimmed to its letters and digits, at most 48
/// bytes, no digit and no lower-case letter (no type name holds a digit: numbers, years and
/// table cells are turned away unfolded).
fn type_line_text(line: &str) -> Option<&str> {
    let t = line.trim_matches(|c: char| !crate::text::is_letter_or_digit(c));
    // Most lines turned away hold an ASCII lower-case letter: one byte pass finds it (or a
    // digit) before any character is decoded for the Unicode test.
    (!t.is_empty() && t.len() <= 48 && !t.bytes().any(|b| b.is_ascii_digit() || b.is_ascii_lowercase()) && !t.chars().any(char::is_lowercase)).then_some(t)
}

/// Whether `t` names a document type or is one of the other title lines.
fn is_title_type_name(t: &str) -> bool {
    crate::lexicon::doc_type_by_name(t).is_some() || matches!(t, "DANH SÁCH" | "PHỤ LỤC")
}

/// [`is_type_line`] without the first-word gate, kept for its reference.
#[cfg(test)]
fn is_type_line_reference(line: &str) -> bool {
    type_line_text(line).is_some_and(is_title_type_name)
}

/// Built once: `memmem::find` would build its searcher again for every line.
static SIX_SPACES: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new(b"      "));

/// Where a raw line splits into side-by-side cells: the ends of gaps of six or more spaces
/// (or a tab) between words. A gap that is a blank to fill in (`ngày      tháng`, `Số:
/// /KH`) is no cell boundary. Offsets are into `line`.
pub fn cell_breaks(line: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    // A wide gap holds a tab or six spaces in a row: most lines have neither, and a byte
    // search says so at once.
    if memchr::memchr(b'\t', bytes).is_none() && SIX_SPACES.find(bytes).is_none() {
        return out;
    }
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' || bytes[i] == b'\t' {
            let gap_start = i;
            let mut tab = false;
            while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                tab |= bytes[i] == b'\t';
                i += 1;
            }
            let wide = tab || i - gap_start >= 6;
            let before = line.get(..gap_start).unwrap_or("").trim_end();
            let after = line.get(i..).unwrap_or("");
            if wide && !before.is_empty() && !after.is_empty() && !is_fill_blank(before, after) {
                out.push(gap_start);
            }
        } else {
            i += 1;
        }
    }
    out
}

fn is_fill_blank(before: &str, after: &str) -> bool {
    let last = before.rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
    let next = after.split(char::is_whitespace).next().unwrap_or("").to_lowercase();
    matches!(last.as_str(), "ngày" | "tháng" | "năm" | "số:" | "số" | "số:," | "ngày," | "tháng,")
        || matches!(next.as_str(), "tháng" | "năm")
        || after.starts_with('/')
        || last.ends_with(':') && !last.starts_with("nhận")
}

/// Where two bold cells of a web export were glued into one line (`**NGHỊ ĐỊNH****Quy định
/// …**`, `**NGHỊ ĐỊNH**Quy định`, `**Chương I****QUY ĐỊNH CHUNG**`), at each
/// [`glued_bold_runs`] run. Offsets are into `line`.
#[cfg(test)]
pub fn bold_breaks(line: &str) -> Vec<usize> {
    bold_breaks_of(&glued_bold_runs(line)).collect()
}

/// [`bold_breaks`] of the runs [`glued_bold_runs`] found.
pub fn bold_breaks_of(glued: &[(usize, usize)]) -> impl Iterator<Item = usize> + '_ {
    // `**A****B**`: each cell keeps its pair; `**A**B`: the break follows the closing pair.
    glued.iter().map(|&(a, z)| if z - a >= 4 { a + (z - a) / 2 } else { z })
}

/// Where the next `**` starts at or after `from`: a byte scan for `*` (a `str::find` would
/// build a substring searcher on every call).
fn next_double_star(bytes: &[u8], mut from: usize) -> Option<usize> {
    while let Some(i) = bytes.get(from..).and_then(|r| memchr::memchr(b'*', r)).map(|i| from + i) {
        if bytes.get(i + 1) == Some(&b'*') {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Whether `line` holds a `**`: `line.contains("**")` without the substring searcher it
/// sets up on every call (a fifth of the web exports' lines hold a `*`, and their `**` was
/// looked for up to four times a line).
pub fn has_double_star(line: &str) -> bool {
    next_double_star(line.as_bytes(), 0).is_some()
}

/// How many `**` `line` holds, counted as `str::matches` counts them (left to right, no
/// overlap: `***` holds one), without its substring searcher.
pub fn double_stars(line: &str) -> usize {
    let bytes = line.as_bytes();
    let (mut n, mut from) = (0, 0);
    while let Some(at) = next_double_star(bytes, from) {
        n += 1;
        from = at + 2;
    }
    n
}

/// The `*` runs of `line` that glue two bold cells: four or more `*` between a letter and a
/// capital, or a `**` between a word in capitals and a capitalised word (`ĐỊNH**Quy`). A bold
/// toggle inside one word (`TRƯ****Ở****NG`: a single letter before the next `*`) is none.
pub fn glued_bold_runs(line: &str) -> Vec<(usize, usize)> {
    double_stars_and_glued(line).1
}

/// [`double_stars`] and [`glued_bold_runs`] in one pass over the `*` runs, for a line that
/// needs both (each source line with a `**` of a web export): a run of `n` stars holds
/// `n / 2` of the `**` that `double_stars` counts.
pub fn double_stars_and_glued(line: &str) -> (usize, Vec<(usize, usize)>) {
    let mut out = Vec::new();
    let mut pairs = 0;
    let mut from = 0;
    while let Some(start) = next_double_star(line.as_bytes(), from) {
        let end = start + line.get(start..).map_or(0, |r| r.len() - r.trim_start_matches('*').len());
        from = end;
        pairs += (end - start) / 2;
        let before = line.get(..start).and_then(|b| b.chars().next_back());
        let after = line.get(end..).unwrap_or("");
        let mut next = after.chars();
        let (a1, a2) = (next.next(), next.next());
        // Both kinds need a letter before the run and a capital after it: most runs open or
        // close emphasis next to a space, a line end or punctuation, and end here.
        if !(before.is_some_and(crate::text::is_letter) && a1.is_some_and(crate::text::is_upper)) {
            continue;
        }
        let next_word = after.split(['*', ' ']).next().unwrap_or("");
        let head = line.get(..start).unwrap_or("");
        let prev_word = head.rsplit(['*', ' ']).next().unwrap_or("");
        // `TRƯ****Ở****NG`: a single letter between two runs, on either side of this one.
        let toggled_letter = prev_word.chars().count() == 1 && head.len() > prev_word.len() && head.as_bytes().get(head.len() - prev_word.len() - 1) == Some(&b'*');
        let glued = if end - start >= 4 {
            before.is_some_and(crate::text::is_letter) && a1.is_some_and(crate::text::is_upper) && next_word.chars().count() > 1 && !toggled_letter
        } else {
            before.is_some_and(|c| crate::text::is_letter(c) && crate::text::is_upper(c))
                && a1.is_some_and(crate::text::is_upper)
                && a2.is_some_and(|c| crate::text::is_letter(c) && !crate::text::is_upper(c))
        };
        if glued {
            out.push((start, end));
        }
    }
    (pairs, out)
}

/// A line that carries nothing: empty, table pipes, or a drawn rule (`-------`, `___`).
///
/// A rule has three rule characters in a row: lone bullet markers joined into one
/// paragraph (`- -`) are not a rule, or a second normalisation pass would drop them.
pub fn is_blank(line: &str) -> bool {
    // A letter or digit first (most lines): not empty, not pipes, not a rule.
    if line.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) || line.chars().next().is_some_and(crate::text::is_letter) {
        return false;
    }
    let t = line.trim();
    let rule_char = |c: char| matches!(c, '-' | '_' | '=' | '.' | '~' | '*');
    t.is_empty()
        || t.chars().all(|c| c == '|' || c.is_whitespace())
        || (t.chars().all(|c| rule_char(c) || c == ' ') && t.as_bytes().windows(3).any(|w| w.iter().all(|&b| rule_char(char::from(b)))))
}

/// What the whole document's line habits are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Habits {
    /// Typical length of a hard-wrapped line, when the text is hard-wrapped.
    pub width: Option<usize>,
    /// True when blank lines fall inside paragraphs often enough that they carry no meaning.
    pub blank_noise: bool,
}

/// Learns the document's habits from its lines (`(shape, blank line before it)`).
pub fn habits(lines: &[(LineShape, bool)]) -> Habits {
    let mut wrapped: Vec<usize> = Vec::new();
    let (mut blank_pairs, mut blank_inside) = (0usize, 0usize);
    for pair in lines.windows(2) {
        let (a, _) = &pair[0];
        let (b, blank) = &pair[1];
        let continuation = b.starts_lower && !b.marker;
        if continuation && !a.ends_terminal && !a.caps {
            wrapped.push(a.chars);
        }
        if *blank {
            blank_pairs += 1;
            if continuation && !a.ends_terminal {
                blank_inside += 1;
            }
        }
    }
    wrapped.sort_unstable();
    let width = if wrapped.len() >= 5 { wrapped.get(wrapped.len() / 2).copied() } else { None };
    Habits { width, blank_noise: blank_pairs > 0 && blank_inside * 5 >= blank_pairs }
}

/// Decides whether line `b` continues line `a` (same paragraph).
pub fn joins(a: &LineShape, b: &LineShape, blank_between: bool, zone: Zone, habits: Habits) -> bool {
    if b.bare_label {
        return false;
    }
    if a.bare_label && zone != Zone::Closing {
        return !b.marker;
    }
    if b.marker || b.opener || b.authority || b.type_line || b.annex || a.type_line || a.ends_body {
        return false;
    }
    match zone {
        Zone::Header => {
            // Only obvious continuations: a wrapped date line, or a number after "Số:".
            return b.starts_lower || (b.starts_digit && !a.ends_body);
        }
        Zone::Closing => {
            // Only a recipient line runs on ("- Báo Đắk Lắk, …, Tạp chí Chư" / "Yang Sin;");
            // signature lines, marks like "(Đã ký)" and the signer's name stand alone.
            if a.caps || b.caps || a.ends_terminal || a.opener {
                return false;
            }
            return a.bullet || b.starts_lower;
        }
        Zone::Body | Zone::Annex => {}
    }
    if b.starts_lower || b.starts_digit {
        return true;
    }
    // How far across the page the line runs: a short line ends its paragraph.
    let fill = |share: usize| habits.width.is_none_or(|w| a.chars * 10 >= w * share);
    let numbered_heading = a.marker && !a.bullet;
    let soft = if numbered_heading { a.ends_connective } else { a.ends_soft };
    if soft && !a.ends_terminal && fill(7) {
        return true;
    }
    if a.caps && b.caps {
        return true;
    }
    if a.caps != b.caps || a.ends_terminal {
        return false;
    }
    // A numbered heading runs on into a capitalised word only when a name continues
    // ("Tạp chí Chư" / "Yang Sin"); "… hình ảnh" / "Duy trì …" starts the body.
    if a.marker && !a.bullet && !b.name_start {
        return false;
    }
    if blank_between && !habits.blank_noise {
        return false;
    }
    habits.width.is_some() && fill(8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_bold_runs_are_between_a_letter_and_a_capital() {
        assert_eq!(glued_bold_runs("**KẾ HOẠCH****Thực hiện**"), vec![(14, 18)]);
        assert_eq!(glued_bold_runs("QUYẾT ĐỊNH**Quy định"), vec![(15, 17)]);
        // Emphasis opened or closed next to a space, a line end or punctuation glues nothing.
        assert!(glued_bold_runs("**Điều 1.** Ban hành **Kế hoạch**").is_empty());
        assert!(glued_bold_runs("xã **Lương Minh**, huyện").is_empty());
        // A toggle inside one word, a lower-case letter after `**`, one letter after `****`.
        assert!(glued_bold_runs("TRƯ****Ở****NG").is_empty());
        assert!(glued_bold_runs("ĐỊNH**quy").is_empty());
        assert!(glued_bold_runs("A****B").is_empty());
        assert_eq!(bold_breaks("**KẾ HOẠCH****Thực hiện**"), vec![16]);
    }

    /// The counts are those of the characters, as the character functions class them.
    fn assert_counts_are_the_character_counts(line: &str) {
        let plain = Counts {
            letters: line.chars().filter(|&c| crate::text::is_letter(c)).count(),
            upper: line.chars().filter(|&c| crate::text::is_letter(c) && crate::text::is_upper(c)).count(),
            chars: line.chars().count(),
            ascii_lower: line.bytes().any(|b| b.is_ascii_lowercase()),
            has_space: line.chars().any(char::is_whitespace),
        };
        assert_eq!(counts(line), plain, "{line:?}");
    }

    #[test]
    fn counts_are_the_character_counts() {
        let mut n = 0;
        for (_, t) in crate::testing::corpus_texts() {
            for l in t.split(['\n', '\r']) {
                assert_counts_are_the_character_counts(l);
                n += 1;
            }
        }
        assert!(n > 1000, "no corpus read");
        for l in ["", "ĐẠI HỘI", "Ðà Nẵng", "a\u{00A0}b", "x\u{0301}", "“Kế hoạch” – 2025", "ǛǜƯư", "\u{1EF9}\u{1EFA}"] {
            assert_counts_are_the_character_counts(l);
        }
    }

    /// Every line of the corpus and of corpus-extra (when `../shared` is beside the
    /// repository), raw and normalised.
    fn corpus_lines() -> Vec<String> {
        let mut out = Vec::new();
        for (_, t) in crate::testing::corpus_texts() {
            let n = crate::normalize::normalize(&t);
            out.extend((0..n.paras.len()).map(|i| n.para_text(i).to_string()));
            out.extend(t.split(['\n', '\r']).map(str::to_string));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_short_last_word_is_the_last_word_when_short(line in "[a-zđ ờ\u{3000}\u{a0}x]{0,40}") {
            let last = line.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
            let expected = (last.len() <= MAX_LISTED_WORD_BYTES).then_some(last);
            proptest::prop_assert_eq!(short_last_word(&line), expected);
        }
    }

    proptest::proptest! {
        #[test]
        fn a_line_that_starts_with_a_letter_or_digit_is_not_blank(line in "[a-zA-Z0-9][ |\\-_=.~*\u{a0}a]{0,8}") {
            let t = line.trim();
            let rule_char = |c: char| matches!(c, '-' | '_' | '=' | '.' | '~' | '*');
            let plain = t.is_empty()
                || t.chars().all(|c| c == '|' || c.is_whitespace())
                || (t.chars().all(|c| rule_char(c) || c == ' ') && t.as_bytes().windows(3).any(|w| w.iter().all(|&b| rule_char(char::from(b)))));
            proptest::prop_assert_eq!(is_blank(&line), plain);
        }
    }

    #[test]
    fn shape_prefilters_change_nothing_on_the_corpus() {
        let mut lines = corpus_lines();
        lines.extend(
            ["", " ", "I. A", "C) x", "c) x", "a ) b", "a\u{a0}) b", "đ) x", "Đ) x", "PHẦN I", "Phần thứ", "ĐIỀU 1.", "mục 2 x", "CHƯƠNG II", "A. MỤC", "Ab", "1", "1.", "II.", "a)", "- x", "• x", "➢x", "Căn cứ", "Căn cứ:", "Căn cứa", "Nơi gửi", "PHỤ LỤC", "Phụ lục II", "Phụ lục IIa", "(Kèm theo x)", "(Ban hành kèm theo", "KẾ HOẠCH", "- KẾ HOẠCH -", "TM. ỦY BAN", "KT CHỦ TỊCH", "01 Nguyễn", "x,", "của", "./.", "https://a.vn/.", "Kế\u{2003}hoạch", "ỦY\u{a0}BAN", "Các", "Cơ quan", "Phòng", "Một", "Mục tiêu", "MỤC I", "Việc", "IV - x", "XI) x", "CL. x", "CHƯƠNG", "Chương III", "Ưu tiên", "điều 5", "Điều 5.", "-", "- ", "-\u{a0}", "•"]
                .iter()
                .map(|s| s.to_string()),
        );
        for l in &lines {
            assert_eq!(shape(l), shape_reference(l), "{l:?}");
            assert_eq!(is_type_line(l), is_type_line_reference(l), "{l:?}");
            assert_eq!(l.contains(char::is_whitespace) || is_bare_label(l), l.contains(char::is_whitespace) || BARE_LABEL.is_match(l), "{l:?}");
        }
        assert!(lines.len() > 100, "no corpus read");
    }

    #[test]
    fn type_lines_and_labels_agree_with_their_references() {
        let types: Vec<String> = crate::lexicon::DOC_TYPES.iter().map(|t| t.name.to_uppercase()).collect();
        for t in &types {
            assert!(is_type_line(t), "{t}");
            assert!(is_type_line(&format!("- {t} -")), "{t}");
        }
        for l in ["KẾ HOẠCH", "KẾ\u{a0}HOẠCH", "KẾ  HOẠCH", "QUYẾT ĐỊNH", "THÔNG TƯ LIÊN TỊCH", "DANH SÁCH", "PHỤ LỤC", "KẾ", "KẾT LUẬN", "GIẤY ỦY QUYỀN", "GIẤY UỶ QUYỀN", "BẢN THOẢ THUẬN", "BẢN THỎA THUẬN", "KÊ HOẠCH", "KẾ-HOẠCH", "CỘNG HÒA", "CHỦ TỊCH", "TT", "X", "İ", "ĐỀ ÁN", "DỰ ÁN", "KẾ HOẠCH\u{301}", "KE\u{302}\u{301} HOẠCH"] {
            assert_eq!(is_type_line(l), is_type_line_reference(l), "{l:?}");
        }
        for l in ["1", "1.", "12.3", "1.2.", "1234.", "1..2", ".1", "1.2345", "II.", "IIIIIII.", "I", "a)", "đ)", "A)", "ab)", ")", "", "IVX.", "C.", "L"] {
            assert_eq!(is_bare_label(l), BARE_LABEL.is_match(l), "{l:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn type_lines_agree_with_their_reference(line in "[KẾHOẠCHQUYẾTĐỊNHTHÔNGBÁOAEIÀÁỲÝỦY \u{a0}\\-.İ]{0,20}") {
            proptest::prop_assert_eq!(is_type_line(&line), is_type_line_reference(&line));
        }

        #[test]
        fn bare_labels_agree_with_their_pattern(line in "[0-9.IVXLCa-eđ)A]{0,9}") {
            proptest::prop_assert_eq!(is_bare_label(&line), BARE_LABEL.is_match(&line));
        }

        #[test]
        fn the_double_star_scan_finds_what_str_find_finds(line in "[*a Đ]{0,16}") {
            for from in (0..=line.len()).filter(|&i| line.is_char_boundary(i)) {
                proptest::prop_assert_eq!(next_double_star(line.as_bytes(), from), line[from..].find("**").map(|i| from + i));
                proptest::prop_assert_eq!(double_stars(&line), line.matches("**").count());
            }
            proptest::prop_assert_eq!(has_double_star(&line), line.contains("**"));
        }

        #[test]
        fn the_runs_of_stars_hold_the_double_stars_str_matches_counts(line in "[*aĐỞ ]{0,20}") {
            proptest::prop_assert_eq!(double_stars_and_glued(&line).0, line.matches("**").count());
        }

        #[test]
        fn shape_prefilters_change_nothing_on_random_lines(line in "[IVXLCPpMmcđĐAaZz0-9 .,;:()\\-+•➢\"/\u{a0}\u{2003}ăâêôơưàáảãạÀÁỦỤĂÂĐÊÔƠƯầấèếìíòóùúỳýhoạchnưđêìẦẤÈẾÌÍÒÓÙÚỲÝ\t]{0,24}") {
            proptest::prop_assert_eq!(shape(&line), shape_reference(&line));
        }

        #[test]
        fn shape_prefilters_change_nothing_on_line_starts(start in "(Các|Cơ|Phòng|Phối|Một|Mục|Việc|Xã|Lực|Căn cứ|Thực hiện|Xét|Theo đề nghị|Trên đây|Nơi nhận|Kính gửi|Yêu cầu các|Nơi gửi|PHỤ LỤC|Phụ lục|DANH SÁCH|BIỂU MẪU|MẪU SỐ|\\(Kèm theo|\\(Ban hành kèm theo|Phần|PHẦN|Chương|CHƯƠNG|Điều|ĐIỀU|điều|Mục|MỤC|TM|KT|TL|TUQ|Q|T/M|K/T|T/L|Q/|KẾ HOẠCH|QUYẾT ĐỊNH|[a-zđ]|[IVXLC]{1,3}|[0-9]{1,2})", rest in "[ .)/:\\-IVX0-9a-zA-ZĐỦ\u{a0}]{0,12}") {
            let line = format!("{start}{rest}");
            proptest::prop_assert_eq!(shape(&line), shape_reference(&line));
        }
    }

    #[test]
    fn the_word_list_matches_answer_as_the_lists() {
        for w in SOFT_END_WORDS {
            assert!(is_soft_end_word(w), "{w}");
        }
        for w in CONNECTIVES {
            assert!(is_connective(w), "{w}");
        }
        for w in ["", "Và", "của.", "phòng", "Bộ trưởng", "ngày15"] {
            assert_eq!(is_soft_end_word(w), SOFT_END_WORDS.contains(&w), "{w}");
            assert_eq!(is_connective(w), CONNECTIVES.contains(&w), "{w}");
        }
    }

    #[test]
    fn the_listed_end_words_fit_the_length_shortcut() {
        for w in SOFT_END_WORDS.iter().chain(CONNECTIVES) {
            assert!(w.len() <= MAX_LISTED_WORD_BYTES, "{w} is longer than MAX_LISTED_WORD_BYTES");
            assert!(w.chars().next_back().is_some_and(crate::text::is_letter), "{w} does not end with a letter");
        }
        assert!(shape("phát triển của phường").ends_soft);
        assert!(shape("trách nhiệm những").ends_connective);
    }

    #[test]
    fn markers_bullets_and_openers() {
        assert!(shape("II. NỘI DUNG").marker);
        assert!(shape("1.1. Hướng dẫn").marker);
        assert!(shape("5.1 Tham mưu").marker);
        assert!(shape("đ) Tuyên truyền").marker);
        assert!(shape("- Triển khai").bullet);
        assert!(shape("Điều 3. Chánh Văn phòng").marker);
        assert!(!shape("2023 của địa phương.").marker);
        assert!(!shape("05/8/2020 của Thủ tướng").marker);
        assert!(shape("Căn cứ Nghị định số 72/2015/NĐ-CP").opener);
        assert!(shape("KT. CHỦ TỊCH").authority);
        assert!(shape("TM ỦY BAN NHÂN DÂN").authority);
        assert!(!shape("TT. Đảng ủy thị trấn").authority);
    }

    #[test]
    fn body_end_mark_but_not_a_web_address() {
        assert!(shape("thực hiện nghiêm túc Kế hoạch này./.").ends_body);
        assert!(shape("thực hiện nghiêm túc Kế hoạch này/.").ends_body);
        assert!(!shape("tại địa chỉ: https://misposasoft.molisa.gov.vn/.").ends_body);
        assert!(!shape("tại www.quangninh.gov.vn/.").ends_body);
    }

    #[test]
    fn type_lines() {
        assert!(is_type_line("KẾ HOẠCH"));
        assert!(is_type_line(" QUYẾT ĐỊNH "));
        assert!(!is_type_line("Kế hoạch"));
        assert!(!is_type_line("KẾ HOẠCH HOẠT ĐỘNG"));
    }

    #[test]
    fn blank_lines_include_rules_and_pipes() {
        assert!(is_blank("  |  "));
        assert!(is_blank("-------"));
        assert!(!is_blank("- a"));
    }

    #[test]
    fn lower_case_continues_and_uppercase_after_full_line_continues() {
        let h = Habits { width: Some(78), blank_noise: true };
        let a = shape("Thực hiện kế hoạch số 44 /KH-UBND Ngày 22/3/2023 của UBND huyện mở rộng");
        assert!(joins(&a, &shape("Kông Chro về Kế hoạch"), false, Zone::Body, h));
        let short = shape("2.4. Đẩy mạnh việc hợp tác truyền thông");
        assert!(!joins(&short, &shape("Tiếp tục triển khai"), false, Zone::Body, h));
        assert!(joins(&short, &shape("công tác"), true, Zone::Body, h));
    }

    #[test]
    fn wide_gaps_split_side_by_side_cells_but_not_blanks_to_fill() {
        assert_eq!(cell_breaks("Số: 215/KH-UBND          Kon Tum, ngày 28 tháng 01 năm 2019"), vec![17]);
        assert_eq!(cell_breaks("- Như trên;\tKT. CHỦ TỊCH"), vec![13]);
        assert!(cell_breaks("Hồng Ngự, ngày       tháng 02 năm 2020").is_empty());
        assert!(cell_breaks("Số:        /KH-UBND").is_empty());
        assert!(cell_breaks("đường lối,  chính sách").is_empty());
    }

    #[test]
    fn a_label_alone_on_its_line_joins_its_heading() {
        let h = Habits::default();
        assert!(!joins(&shape("V. TỔ CHỨC THỰC HIỆN"), &shape("1."), false, Zone::Body, h));
        assert!(joins(&shape("1."), &shape("Sở Y tế:"), false, Zone::Body, h));
    }

    #[test]
    fn signature_lines_stay_apart() {
        let h = Habits::default();
        assert!(!joins(&shape("KT. CHỦ TỊCH"), &shape("PHÓ CHỦ TỊCH"), false, Zone::Closing, h));
        assert!(!joins(&shape("PHÓ CHỦ TỊCH"), &shape("Lê Ngọc Tuấn"), true, Zone::Closing, h));
        assert!(joins(&shape("- Báo Đắk Lắk, Đài PT&TH tỉnh, Tạp chí Chư"), &shape("Yang Sin;"), true, Zone::Closing, h));
    }
}
