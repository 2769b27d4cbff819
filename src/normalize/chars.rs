//! Character- and word-level rewrites inside one line: the rules that make a value "clean"
//! (SPEC "Conventions"). Both the document normaliser and [`inline`](super::inline) use
//! [`write_inline`], so a value's text is always exactly the normalised form of the source
//! slice its span points at.
//!
//! Each rule is small and named:
//! * whitespace runs (any Unicode space, tab, newline) → one space; trimmed at both ends;
//! * markdown emphasis `*`/`**` → removed (but `(*)` footnote marks stay);
//! * subscript markup `_{1,4}` → `1,4`; subscript/superscript digits `₁` → `1`;
//! * dashes (`–`, `—`, `‐`, `−`) → `-`; curly quotes → `"`/`'`; `…` → `...`;
//! * invisible characters (zero-width space, soft hyphen, BOM) → removed;
//! * per word: OCR confusables (`Ð`→`Đ`), NFC, modern tone placement (`Uỷ`→`Ủy`), and
//!   glued all-caps words split with the syllable list (`THỰCHIỆN` → `THỰC HIỆN`).

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::layout::Counts;
use super::offset_map::MapBuilder;
use crate::lexicon::syllable_count;
use crate::text::{modern_tone, old_style_candidate};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    /// Whitespace: collapses with its neighbours into one space.
    Space,
    /// Removed entirely; merges with neighbouring spaces.
    Delete,
    /// The `_` joining syllables in word-segmented text: a space.
    Joint,
    /// A word (letters, digits, combining marks): rewritten by [`normalize_word`].
    Word,
    /// Any other grapheme: rewritten by [`normalize_other`].
    Other,
}

/// Counts of the repairs made, for warnings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Repairs {
    /// Glued words split with the syllable list.
    pub glued_words: usize,
    /// Confusable letters replaced (`Ð` → `Đ`).
    pub confusables: usize,
    /// Syllable joints of word-segmented text (`_`) made spaces again.
    pub segmented_words: usize,
    /// Punctuation set off by a space put back onto its word.
    pub punctuation_reattached: usize,
    /// Lines of website chrome (banner, metadata table, paywall notice) left out.
    pub site_chrome: usize,
    /// Escaped line breaks (literal `\r\n`, `\n`) taken as line breaks.
    pub escaped_breaks: usize,
    /// Source lines that held a whole flattened document and were cut at its structure.
    pub flattened_lines: usize,
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200C}' | '\u{200D}')
}

/// Splits `s` into tokens with their byte ranges (relative to `s`).
fn tokenize(s: &str) -> Vec<(Tok, usize, usize)> {
    // Clusters: a base character and the combining marks after it (all the grapheme
    // segmentation Vietnamese text needs; much cheaper than full UAX #29).
    let mut graphemes: Vec<(usize, &str)> = Vec::with_capacity(s.len());
    let mut iter = s.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        let mut end = start + c.len_utf8();
        while let Some(&(i, n)) = iter.peek() {
            if is_combining(n) || (c == '\r' && n == '\n') {
                end = i + n.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        graphemes.push((start, s.get(start..end).unwrap_or("")));
    }
    let mut toks: Vec<(Tok, usize, usize)> = Vec::with_capacity(graphemes.len() / 3 + 1);
    let first = |g: &str| g.chars().next().unwrap_or(' ');
    let glued = if super::layout::has_double_star(s) { super::layout::glued_bold_runs(s) } else { Vec::new() };
    let mut i = 0;
    while let Some(&(start, g)) = graphemes.get(i) {
        let c = first(g);
        let end = start + g.len();
        let tok = if is_space(c) {
            Tok::Space
        } else if is_invisible(c) {
            Tok::Delete
        } else if let Some(&(_, run_end)) = glued.iter().find(|&&(a, _)| a == start) {
            // Two bold cells glued together (`**NGHỊ ĐỊNH****Quy định`): a space.
            toks.push((Tok::Space, start, run_end));
            while graphemes.get(i).is_some_and(|&(st, _)| st < run_end) {
                i += 1;
            }
            continue;
        } else if c == '*' {
            // Keep footnote marks "(*)", "(**)"; drop emphasis.
            let before = s.get(..start).and_then(|b| b.trim_end_matches('*').chars().last());
            let after = s.get(end..).and_then(|a| a.trim_start_matches('*').chars().next());
            if before == Some('(') && after == Some(')') {
                Tok::Other
            } else {
                Tok::Delete
            }
        } else if let Some(run) = rule_run(&graphemes, i, c) {
            // A drawn rule inside a line (`QUỐC HỘI ------- CỘNG HÒA`, flattened text): as
            // nothing as a rule on a line of its own.
            let run_end = graphemes.get(i + run - 1).map_or(end, |&(st, g)| st + g.len());
            toks.push((Tok::Delete, start, run_end));
            i += run;
            continue;
        } else if c == '_' && joins_syllables(&graphemes, i) {
            // Word-segmented text (NLP datasets): "Kế_hoạch" is "Kế hoạch".
            Tok::Joint
        } else if c == '_' && s.get(end..).is_some_and(|a| a.starts_with('{')) {
            // "_{1,4}" subscript markup: drop "_{" and the matching "}" if it is near.
            match s.get(end + 1..).and_then(|a| a.get(..a.len().min(24))).and_then(|a| a.find('}')) {
                Some(close) => {
                    toks.push((Tok::Delete, start, end + 1));
                    let inner_start = end + 1;
                    let inner_end = inner_start + close;
                    toks.extend(tokenize(s.get(inner_start..inner_end).unwrap_or("")).into_iter().map(|(t, a, b)| (t, a + inner_start, b + inner_start)));
                    toks.push((Tok::Delete, inner_end, inner_end + 1));
                    // Skip the graphemes we consumed.
                    while graphemes.get(i).is_some_and(|&(st, _)| st <= inner_end) {
                        i += 1;
                    }
                    continue;
                }
                None => Tok::Other,
            }
        } else if crate::text::is_letter_or_digit(c) || is_combining(c) {
            Tok::Word
        } else {
            Tok::Other
        };
        match toks.last_mut() {
            Some(last) if last.0 == tok && tok == Tok::Word && last.2 == start => last.2 = end,
            Some(last) if last.0 == tok && tok != Tok::Other && last.2 == start => last.2 = end,
            _ => toks.push((tok, start, end)),
        }
        i += 1;
    }
    toks
}

/// The length of a drawn rule starting at grapheme `i`: three or more of `-`, `_` or `=`,
/// with a space or the line's edge on both sides.
fn rule_run(graphemes: &[(usize, &str)], i: usize, c: char) -> Option<usize> {
    if !matches!(c, '-' | '_' | '=') {
        return None;
    }
    let is = |j: usize, want: char| graphemes.get(j).is_some_and(|&(_, g)| g.len() == 1 && g.starts_with(want));
    let spaced = |j: usize| graphemes.get(j).is_none_or(|&(_, g)| g.chars().next().is_some_and(is_space));
    if i > 0 && !spaced(i - 1) {
        return None;
    }
    let run = (i..).take_while(|&j| is(j, c)).count();
    (run >= 3 && spaced(i + run)).then_some(run)
}

/// An underscore between two letters, one of them lower case: the syllable joint of
/// word-segmented text (`Kế_hoạch`, `HĐND_và`), not an identifier such as `VN_AQI`.
fn joins_syllables(graphemes: &[(usize, &str)], i: usize) -> bool {
    let letter = |j: Option<usize>| j.and_then(|j| graphemes.get(j)).and_then(|(_, g)| g.chars().next()).filter(|&c| crate::text::is_letter(c));
    match (letter(i.checked_sub(1)), letter(Some(i + 1))) {
        (Some(a), Some(b)) => a.is_lowercase() || b.is_lowercase(),
        _ => false,
    }
}

/// Punctuation that word-segmented text sets off with a space (`bồi_thường , hỗ_trợ`) and
/// that goes back onto the word before it.
fn reattaches(after: &str) -> bool {
    let mut cs = after.chars();
    matches!(cs.next(), Some(',' | ';' | ':' | '.' | ')')) && cs.next().is_none_or(char::is_whitespace)
}

/// What joins `before` and the next line `line`: nothing when the line starts with
/// punctuation [`reattaches`] would put back onto the word before it (joining lines must do
/// what the character rules do, or normalisation is not idempotent), else one space.
pub(crate) fn join_glue(before: &str, line: &str) -> &'static str {
    if reattaches(line) && before.ends_with(crate::text::is_letter_or_digit) {
        ""
    } else {
        " "
    }
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

fn map_confusable(c: char) -> Option<char> {
    Some(match c {
        'Ð' => 'Đ', // U+00D0 Latin capital eth, OCR'd for U+0110
        'ð' => 'đ',
        'Ɖ' => 'Đ', // U+0189 African D
        '₀'..='₉' => char::from_u32(c as u32 - '₀' as u32 + '0' as u32)?,
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴'..='⁹' => char::from_u32(c as u32 - '⁴' as u32 + '4' as u32)?,
        _ => return None,
    })
}

/// The normalised form of one word.
fn normalize_word(w: &str, repairs: &mut Repairs) -> String {
    let needs_map = w.chars().any(|c| map_confusable(c).is_some());
    let mapped: std::borrow::Cow<'_, str> = if needs_map {
        repairs.confusables += w.chars().filter(|&c| matches!(c, 'Ð' | 'ð' | 'Ɖ')).count();
        w.chars().map(|c| map_confusable(c).unwrap_or(c)).collect::<String>().into()
    } else {
        w.into()
    };
    let nfc: String = if is_nfc_quick(mapped.chars()) == IsNormalized::Yes {
        mapped.into_owned()
    } else {
        mapped.nfc().collect()
    };
    let toned = modern_tone(&nfc);
    match split_glued(&toned) {
        Some(split) => {
            repairs.glued_words += 1;
            split
        }
        None => toned,
    }
}

/// Splits an all-caps word that PDF extraction glued from two syllables (`THỰCHIỆN`).
///
/// Only words in capitals are touched (headings are where the glue happens, and mixed-case
/// names such as `KôngChro` or ethnic-minority names must stay as printed), only when the
/// whole word is not a syllable, and only when both halves are known syllables; among
/// several splits the one whose rarer half is most frequent wins (`THỰC|HIỆN`, not
/// `THỰ|CHIỆN`).
fn split_glued(w: &str) -> Option<String> {
    let letters = w.chars().count();
    if !(4..=14).contains(&letters) || !w.chars().all(|c| c.is_uppercase()) {
        return None;
    }
    // Vietnamese-specific letters show it is a Vietnamese word, not an acronym like ASEAN.
    if w.is_ascii() {
        return None;
    }
    let lower = w.to_lowercase();
    if syllable_count(&lower).is_some() {
        return None;
    }
    let mut best: Option<(u32, usize)> = None;
    for (i, _) in lower.char_indices().skip(2) {
        let (a, b) = (lower.get(..i)?, lower.get(i..)?);
        if b.chars().count() < 2 {
            continue;
        }
        if let (Some(x), Some(y)) = (syllable_count(a), syllable_count(b)) {
            let score = x.min(y);
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, i));
            }
        }
    }
    let (_, i) = best?;
    // Map the split point in the lower-case string back to the upper-case word by chars.
    let nth = lower.get(..i)?.chars().count();
    let cut = w.char_indices().nth(nth).map(|(p, _)| p)?;
    Some(format!("{} {}", w.get(..cut)?, w.get(cut..)?))
}

/// Whether the run of spaces, tabs and `*` that ends right before `at` holds a space or a
/// tab, or starts the line: punctuation after such a run is re-attached by the general
/// path (`từ ,`), while after bare emphasis (`LUẬT**.`) the emphasis just goes.
fn run_keeps_space(bytes: &[u8], at: usize) -> bool {
    let run = bytes.get(..at).unwrap_or_default();
    let start = run.iter().rposition(|&b| !is_run_byte(b));
    start.is_none() || run.get(start.map_or(0, |s| s + 1)..).unwrap_or_default().iter().any(|&b| b != b'*')
}

/// Whether [`split_glued`] splits an all-capital word of `letters` letters, some of them
/// non-ASCII (`THỰCHIỆN`): lines with such a word take the general path. The usual capital
/// word is a known syllable (`QUỐC`, `NGHĨA`), looked up here without allocating.
fn may_be_glued(word: &str, letters: usize) -> bool {
    if !(4..=14).contains(&letters) {
        return false;
    }
    // 14 letters of at most 3 bytes each: the lower-case word fits on the stack.
    let mut buf = [0u8; 48];
    let n = match lower_by_bytes(word, &mut buf) {
        Some(n) => n,
        None => {
            let mut n = 0;
            for c in word.chars().flat_map(char::to_lowercase) {
                let Some(slot) = buf.get_mut(n..n + c.len_utf8()) else { return true };
                n += c.encode_utf8(slot).len();
            }
            n
        }
    };
    match buf.get(..n).map(std::str::from_utf8) {
        Some(Ok(lower)) => syllable_count(lower).is_none() && split_glued(word).is_some(),
        _ => true,
    }
}

/// The lower case of `word` written into `buf` by its bytes, when every character is an
/// ASCII one or a letter of Vietnamese (the capital words [`may_be_glued`] meets): its
/// length, or `None` for any other word (or one too long), which `char::to_lowercase` then
/// writes. A capital letter's lower case has as many bytes as the capital.
fn lower_by_bytes(word: &str, buf: &mut [u8]) -> Option<usize> {
    let bytes = word.as_bytes();
    let out = buf.get_mut(..bytes.len())?;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            *out.get_mut(i)? = b.to_ascii_lowercase();
            i += 1;
            continue;
        }
        let (len, lower) = crate::text::lower_vietnamese_letter(bytes.get(i..)?)?;
        let slot = out.get_mut(i..i + len)?;
        match lower {
            Some(c) if c.len_utf8() == len => {
                c.encode_utf8(slot);
            }
            Some(_) => return None,
            None => slot.copy_from_slice(bytes.get(i..i + len)?),
        }
        i += len;
    }
    Some(bytes.len())
}

fn normalize_other(g: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = g.chars();
    let c = chars.next().unwrap_or(' ');
    let single = chars.next().is_none();
    if single {
        let rep = match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => "-",
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => "\"",
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => "'",
            '\u{2026}' => "...",
            '\u{FF1A}' => ":",
            '\u{FF0C}' => ",",
            '\u{FF1B}' => ";",
            _ => return g.into(),
        };
        return rep.into();
    }
    if is_nfc_quick(g.chars()) == IsNormalized::Yes {
        g.into()
    } else {
        g.nfc().collect::<String>().into()
    }
}

/// Spaces, tabs and markdown emphasis: each run of them becomes one space between content
/// and nothing at the edges (or nothing at all when it holds only `*`).
fn is_run_byte(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'*')
}

/// Whether every rule but the space-and-emphasis runs leaves `line` unchanged, so that
/// [`write_fast`] may copy it.
///
/// Conservative by design: plain ASCII words and punctuation and precomposed Vietnamese
/// letters pass; anything a rule rewrites or that needs context (`_`, a footnote mark `(*)`,
/// punctuation right after a run (`từ ,` is re-attached), a `---` rule, combining marks,
/// dashes, quotes, confusables, an old-style tone pair, an all-capital word that might be
/// glued) sends the line to the general path.
#[cfg(test)]
fn is_fast(line: &str) -> bool {
    scan_fast(line).0 != Fast::No
}

/// What [`write_fast`] has to do with a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fast {
    /// The general path must write it.
    No,
    /// Copied in one piece: its only runs are single spaces between words.
    Copy,
    /// Copied, with its runs of spaces, tabs and `*` rewritten.
    Runs,
}

/// The precomposed letters [`is_fast`] lets through: U+00C0–U+01B0 and U+1EA0–U+1EF9.
const WIDE_LO: (u32, u32) = (0xC0, 0x1B0);
const WIDE_HI: (u32, u32) = (0x1EA0, 0x1EF9);
pub(super) const WIDE_OK: u8 = 1;
pub(super) const WIDE_UPPER: u8 = 2;
const WIDE_OLD_TONE: u8 = 4;

/// [`WIDE_OK`], [`WIDE_UPPER`] and [`WIDE_OLD_TONE`] of each precomposed letter, built from
/// the character functions themselves (so the table cannot disagree with them), indexed by
/// the letter's bytes ([`wide_letter`]): 256 entries for the two-byte characters
/// U+00C0–U+01BF (first byte 0xC3–0xC6), 128 for U+1E80–U+1EFF (first bytes 0xE1 0xBA or
/// 0xE1 0xBB), and a last one, 0, for every other character.
pub(super) static WIDE_FLAGS: std::sync::LazyLock<[u8; 385]> = std::sync::LazyLock::new(|| {
    let mut t = [0u8; 385];
    for (slot, cp) in t.iter_mut().zip((0xC0..0x1C0).chain(0x1E80..0x1F00)) {
        let Some(c) = char::from_u32(cp) else { continue };
        // Confusables and the two signs in the range are never copied as they are.
        let in_ranges = (WIDE_LO.0..=WIDE_LO.1).contains(&cp) || (WIDE_HI.0..=WIDE_HI.1).contains(&cp);
        if !in_ranges || matches!(c, 'Ð' | 'ð' | '\u{00D7}' | '\u{00F7}' | 'Ɖ') || !crate::text::is_letter(c) {
            continue;
        }
        *slot = WIDE_OK | if crate::text::is_upper(c) { WIDE_UPPER } else { 0 } | if old_style_candidate(c) { WIDE_OLD_TONE } else { 0 };
    }
    t
});

/// The flags of the precomposed letter that starts `bytes` (`0` for any other character;
/// its first byte at least 0x80) and, for a letter, its length in bytes: one table index,
/// no range test per branch (the byte loops read every precomposed letter through it).
#[inline]
pub(super) fn wide_letter(table: &[u8; 385], bytes: &[u8]) -> (u8, usize) {
    let (b0, b1, b2) = (bytes.first().copied().unwrap_or(0), bytes.get(1).copied().unwrap_or(0), bytes.get(2).copied().unwrap_or(0));
    let index = match b0 {
        0xC3..=0xC6 => (usize::from(b0 - 0xC3) << 6) | usize::from(b1 & 0x3F),
        0xE1 if b1 | 1 == 0xBB => 256 + (usize::from(b1 & 1) << 6) + usize::from(b2 & 0x3F),
        _ => 384,
    };
    (table.get(index).copied().unwrap_or(0), if b0 == 0xE1 { 3 } else { 2 })
}

/// [`is_fast`], and whether the line has runs to rewrite, in one byte pass; for a line
/// the fast path turns away, the start of the word where the scan stopped (`Err`): every
/// word before it passed, so [`write_by_words`] takes them in one piece.
///
/// Every test on previous characters is against ASCII, and no byte of a multi-byte
/// character equals an ASCII one, so the previous characters are read back from the bytes
/// when a rare test needs them instead of being carried through the loop: a lower-case
/// letter, most of the bytes, costs one count and two flags.
fn scan_clean(line: &str) -> Result<(Fast, Counts), usize> {
    let table = &*WIDE_FLAGS;
    let bytes = line.as_bytes();
    // The byte before position `k`; a space before the line.
    let before = |k: usize| if k == 0 { b' ' } else { bytes.get(k - 1).copied().unwrap_or(b' ') };
    // The current word: letters so far (while it may be all capitals), whether all
    // capitals, whether any non-ASCII letter.
    let (mut letters, mut caps, mut wide) = (0usize, true, false);
    let mut tone_pair_pending = false;
    // Where the current word started: an all-capital word is looked up when it ends.
    let mut word_start = 0usize;
    let glued = |from: usize, to: usize, letters: usize| may_be_glued(line.get(from..to).unwrap_or_default(), letters);
    // A run other than one space between words: a tab, a `*`, two spaces, a space at an edge.
    let mut runs = bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ');
    // The line's counts for its shape (they serve lines the fast path writes).
    let (mut lower, mut ascii_upper, mut wide_letters, mut wide_upper, mut continuation) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut has_space = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let at = i;
        let letter;
        let upper;
        let old_tone;
        if b >= 0x80 {
            // A precomposed letter: a quarter of the characters, so tested first.
            let (flags, len) = wide_letter(table, bytes.get(i..).unwrap_or_default());
            if flags == WIDE_OK {
                // A lower-case letter without an old-style tone (most of them): what the
                // general steps below would do for it.
                wide_letters += 1;
                continuation += len - 1;
                (letters, caps, wide) = (letters + 1, false, true);
                tone_pair_pending = false;
                i += len;
                continue;
            }
            if flags & WIDE_OK == 0 {
                return Err(word_start);
            }
            letter = true;
            upper = flags & WIDE_UPPER != 0;
            wide_letters += 1;
            wide_upper += usize::from(upper);
            continuation += len - 1;
            old_tone = flags & WIDE_OLD_TONE != 0;
            wide = true;
            i += len;
        } else {
            match b {
                b'a'..=b'z' => {
                    // No capital word and no tone pair goes on past a lower-case letter.
                    lower += 1;
                    caps = false;
                    tone_pair_pending = false;
                    i += 1;
                    continue;
                }
                b' ' => {
                    if tone_pair_pending || (caps && wide && letters >= 4 && glued(word_start, i, letters)) {
                        return Err(word_start);
                    }
                    runs |= before(i) == b' ';
                    has_space = true;
                    (letters, caps, wide) = (0, true, false);
                    i += 1;
                    word_start = i;
                    continue;
                }
                b'A'..=b'Z' => {
                    // A capital letter: what the general steps below do for it.
                    ascii_upper += 1;
                    letters += 1;
                    tone_pair_pending = false;
                    i += 1;
                    continue;
                }
                b'0'..=b'9' => {
                    // A digit ends a word as any character but a letter does.
                    if tone_pair_pending || (caps && wide && letters >= 4 && glued(word_start, i, letters)) {
                        return Err(word_start);
                    }
                    (letters, caps, wide) = (0, true, false);
                    i += 1;
                    word_start = i;
                    continue;
                }
                _ => {}
            }
            // ASCII punctuation, symbols, tabs and controls.
            let prev = before(at);
            match b {
                b'*' if prev == b'(' => return Err(word_start),
                b')' if prev == b'*' => return Err(word_start),
                b',' | b';' | b':' | b'.' | b')' if matches!(prev, b' ' | b'\t') || (prev == b'*' && run_keeps_space(bytes, at)) => return Err(word_start),
                b'-' | b'=' if prev == b && at.checked_sub(1).map_or(b' ', before) == b => return Err(word_start),
                b'_' | b'\\' => return Err(word_start),
                _ if b.is_ascii_control() && b != b'\t' => return Err(word_start),
                _ => {}
            }
            runs |= b == b'\t' || b == b'*';
            has_space |= b == b'\t';
            letter = false;
            upper = false;
            old_tone = false;
            i += 1;
        }
        // An old-style tone pair (`hoà`, `uỷ`) is rewritten only where it ends the syllable.
        if tone_pair_pending && !letter {
            return Err(word_start);
        }
        tone_pair_pending = old_tone && matches!(before(at), b'o' | b'O' | b'u' | b'U') && !matches!(at.checked_sub(1).map_or(b' ', before), b'q' | b'Q');
        if letter {
            letters += 1;
            caps &= upper;
        } else {
            if caps && wide && letters >= 4 && glued(word_start, at, letters) {
                return Err(word_start);
            }
            (letters, caps, wide) = (0, true, false);
            word_start = i;
        }
    }
    if (caps && wide && letters >= 4 && glued(word_start, bytes.len(), letters)) || tone_pair_pending {
        return Err(word_start);
    }
    let counts = Counts {
        letters: lower + ascii_upper + wide_letters,
        upper: ascii_upper + wide_upper,
        chars: bytes.len() - continuation,
        ascii_lower: lower > 0,
        has_space,
    };
    Ok((if runs { Fast::Runs } else { Fast::Copy }, counts))
}

/// [`scan_clean`] without the place.
fn scan_fast(line: &str) -> (Fast, Counts) {
    scan_clean(line).unwrap_or((Fast::No, Counts::default()))
}

/// The fast path of [`write_inline`] for lines [`is_fast`] accepts: content copied as it
/// is, runs of spaces and emphasis rewritten exactly as [`write_tokens`] would. Returns
/// false (having written nothing) for any other line.
fn write_fast(b: &mut MapBuilder<'_>, start: usize, part: &str) -> bool {
    write_fast_counted(b, start, part).is_some()
}

/// [`write_fast`], which also gives the [`Counts`] of what it wrote (`Some(Some(_))`): the
/// line's shape then needs no second pass.
fn write_fast_counted(b: &mut MapBuilder<'_>, start: usize, part: &str) -> Option<Option<Counts>> {
    write_fast_scanned(b, start, part, scan_fast(part), false)
}

/// [`write_fast_counted`] of a line already scanned; `unglued` when the caller already
/// found no glued `**` cell in it ([`Scanned::unglued`]).
fn write_fast_scanned(b: &mut MapBuilder<'_>, start: usize, part: &str, scan: (Fast, Counts), unglued: bool) -> Option<Option<Counts>> {
    match scan {
        (Fast::No, _) => None,
        (Fast::Copy, n) => {
            b.keep(start + part.len());
            Some(Some(n))
        }
        (Fast::Runs, n) => write_runs(b, start, part, n, unglued),
    }
}

/// The [`Fast::Runs`] case of [`write_fast_counted`]: content copied, runs of spaces, tabs
/// and `*` rewritten. The counts follow the rewrite: run bytes are single characters and no
/// letters, so only the character count and whether a space is left change.
fn write_runs(b: &mut MapBuilder<'_>, start: usize, part: &str, n: Counts, unglued: bool) -> Option<Option<Counts>> {
    if !unglued && super::layout::has_double_star(part) && !super::layout::glued_bold_runs(part).is_empty() {
        return None;
    }
    let bytes = part.as_bytes();
    let mut i = 0;
    let mut wrote = false;
    let (mut run_bytes, mut spaces_written) = (0usize, 0usize);
    while i < bytes.len() {
        if is_run_byte(bytes[i]) {
            let run_start = i;
            let mut has_space = false;
            while let Some(&c) = bytes.get(i).filter(|&&c| is_run_byte(c)) {
                has_space |= c != b'*';
                i += 1;
            }
            let at_edge = !wrote || i == bytes.len();
            let with = if has_space && !at_edge { " " } else { "" };
            run_bytes += i - run_start;
            spaces_written += with.len();
            // A single space between words is written as it is: the `keep` of the text
            // after it copies it too (so most lines are one copy, not one per word).
            if !(with == " " && i - run_start == 1 && bytes[run_start] == b' ') {
                b.keep(start + run_start);
                b.rewrite(start + i, with);
            }
        } else {
            while bytes.get(i).is_some_and(|&c| !is_run_byte(c)) {
                i += 1;
            }
            wrote = true;
        }
    }
    b.keep(start + bytes.len());
    Some(Some(Counts { chars: n.chars - run_bytes + spaces_written, has_space: spaces_written > 0, ..n }))
}

/// Writes the normalised form of `src[start..end]` into `b`, trimming leading and trailing
/// whitespace, and adds the repairs made to `repairs`. `b.src_pos()` must be `start`.
///
/// A line the fast path wrote comes back with its [`Counts`], which are those of what was
/// written (its shape then needs no second pass).
pub fn write_inline(b: &mut MapBuilder<'_>, src: &str, start: usize, end: usize, repairs: &mut Repairs) -> Option<Counts> {
    write_scanned(b, scan_line(src, start, end), repairs)
}

/// A line of the source and what the clean-line check found in it: the first half of
/// [`write_inline`], so that a line every rule leaves as it is can be taken as it stands
/// ([`Scanned::as_is`]) before any builder exists.
pub struct Scanned<'s> {
    start: usize,
    end: usize,
    /// `None` when `start..end` is no range of character boundaries.
    part: Option<&'s str>,
    /// [`scan_clean`]'s answer (`Err(0)` for no part).
    scan: Result<(Fast, Counts), usize>,
    /// The caller found no glued `**` cell in the part ([`super::layout::glued_bold_runs`]):
    /// the fast writer need not look again.
    unglued: bool,
}

/// Scans `src[start..end]` (see [`Scanned`]).
pub fn scan_line(src: &str, start: usize, end: usize) -> Scanned<'_> {
    let part = src.get(start..end);
    let scan = part.map_or(Err(0), scan_clean);
    Scanned { start, end, part, scan, unglued: false }
}

impl<'s> Scanned<'s> {
    /// The scanned part of the source (empty when its ends are no character boundaries).
    pub fn source(&self) -> &'s str {
        self.part.unwrap_or("")
    }

    /// The scan of a part in which the caller found no glued `**` cell (see
    /// [`Self::unglued`](Scanned)): each source line with a `**` is searched for them once,
    /// for its cell breaks.
    pub fn unglued(self) -> Self {
        Scanned { unglued: true, ..self }
    }

    /// The line and its [`Counts`] when its normalised form is the line itself.
    pub fn as_is(&self) -> Option<(&'s str, Counts)> {
        match (self.part, self.scan) {
            (Some(part), Ok((Fast::Copy, counts))) => Some((part, counts)),
            _ => None,
        }
    }
}

/// The second half of [`write_inline`]: writes a scanned line into `b`, which stands at its
/// start.
pub fn write_scanned(b: &mut MapBuilder<'_>, line: Scanned<'_>, repairs: &mut Repairs) -> Option<Counts> {
    let Scanned { start, end, part, scan, unglued } = line;
    debug_assert_eq!(b.src_pos(), start);
    let Some(part) = part else {
        b.rewrite(end, "");
        return None;
    };
    // Most lines need nothing but their spaces and emphasis tidied: copy them.
    let stop = match scan {
        Ok(scan) => match write_fast_scanned(b, start, part, scan, unglued) {
            Some(counts) => return counts,
            None => part.len(),
        },
        Err(stop) => stop,
    };
    write_by_words(b, start, part, stop, unglued, repairs);
    None
}

/// A character that always starts a word token of its own grapheme: an ASCII letter or
/// digit, or a precomposed Latin letter (never a combining mark, space or punctuation).
fn is_plain_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (matches!(c, '\u{00C0}'..='\u{01B0}' | '\u{1EA0}'..='\u{1EF9}') && crate::text::is_letter(c))
}

/// Where [`write_by_words`] may cut a line, and what it writes for the cut byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cut {
    /// A single space before an [`is_plain_word_char`], after another or after `,;:.)`: kept.
    Space,
    /// A `_` joint of word-segmented text between two letters (`Kế_hoạch`): a space.
    Joint,
}

/// The next point at or after `from` where `part` can be cut without changing what the
/// rules write (see [`write_by_words`]): a lone space before a plain word character (after
/// another, or after `,;:.)`), or an
/// underscore that [`tokenize`] reads as a syllable joint (a plain letter on both sides, one
/// of them lower case; a combining mark after it would make it a grapheme of its own).
fn next_cut(part: &str, mut from: usize) -> Option<(usize, Cut)> {
    let bytes = part.as_bytes();
    while let Some(off) = bytes.get(from..).and_then(|r| memchr::memchr2(b' ', b'_', r)) {
        let at = from + off;
        from = at + 1;
        if let Some(cut) = cut_at(part, at) {
            return Some((at, cut));
        }
    }
    None
}

/// The last [`next_cut`] point in `part[from..to]`, looked for backwards from `to`.
fn last_cut(part: &str, from: usize, mut to: usize) -> Option<(usize, Cut)> {
    let bytes = part.as_bytes();
    while let Some(at) = bytes.get(from..to).and_then(|r| memchr::memrchr2(b' ', b'_', r)).map(|off| from + off) {
        if let Some(cut) = cut_at(part, at) {
            return Some((at, cut));
        }
        to = at;
    }
    None
}

/// Whether the space or underscore at byte `at` of `part` is a [`next_cut`] point.
fn cut_at(part: &str, at: usize) -> Option<Cut> {
    let before = part.get(..at).and_then(|h| h.chars().next_back())?;
    let after = part.get(at + 1..).and_then(|t| t.chars().next())?;
    if part.as_bytes().get(at) == Some(&b' ') {
        // After a word, or after punctuation that closes one (`đất, giá`): the space is
        // kept either way, and no rule reads across it.
        ((is_plain_word_char(before) || matches!(before, ',' | ';' | ':' | '.' | ')')) && is_plain_word_char(after)).then_some(Cut::Space)
    } else {
        ([before, after].iter().all(|&c| is_plain_word_char(c) && crate::text::is_letter(c)) && (before.is_lowercase() || after.is_lowercase())).then_some(Cut::Joint)
    }
}

/// Whether `seg` is one word token of plain letters and digits, which [`write_tokens`]
/// writes as [`normalize_word`] does.
fn is_one_plain_word(seg: &str) -> bool {
    !seg.is_empty() && seg.chars().all(is_plain_word_char)
}

/// The general path for a line the fast path turned away, one word at a time: each piece
/// between two [`next_cut`]s takes the fast path when it can, the word rules when it is a
/// bare word, and the whole rules otherwise, so one `hoà`, `THÔNG` or `Kế_hoạch` does not
/// send the whole line through [`write_tokens`].
///
/// Cutting at such a point changes nothing: a lone space between two words is kept by
/// both, a syllable joint becomes a space in both (and is counted), and no rule looks
/// across either: a word token ends at it, a drawn rule or `*` run next to it would need a
/// non-word neighbour (so `**` emphasis stays inside one piece, with its neighbours), and
/// the two rules that look further (glued `**` cells, `_{…}` subscripts) send their lines
/// to [`write_tokens`] whole.
///
/// `stop` is where the clean-line scan of the line stopped ([`scan_clean`]): the words
/// before the last cut ahead of it passed that scan, so they go in one piece; then one
/// piece at a time until past it, and the rest is scanned again. A line with one quote
/// mark is a few pieces, not one per word. `unglued`: the caller found no glued `**` cell
/// in `part` ([`Scanned::unglued`]).
fn write_by_words(b: &mut MapBuilder<'_>, start: usize, part: &str, stop: usize, unglued: bool, repairs: &mut Repairs) {
    let bytes = part.as_bytes();
    if memchr::memchr(b'{', bytes).is_some() || (!unglued && super::layout::has_double_star(part) && !super::layout::glued_bold_runs(part).is_empty()) {
        write_tokens(b, start, part, repairs);
        return;
    }
    // Writes a cut and moves past it.
    let cut_to = |b: &mut MapBuilder<'_>, (at, cut): (usize, Cut), repairs: &mut Repairs| {
        match cut {
            Cut::Space => b.keep(start + at + 1),
            Cut::Joint => {
                repairs.segmented_words += 1;
                b.rewrite(start + at + 1, " ");
            }
        }
        at + 1
    };
    let mut seg_start = 0;
    // Where the clean-line scan of `part[seg_start..]` stopped (a word start; `None` when
    // the pieces since have passed it): the words before it pass, and go in one piece.
    let mut stop = Some(stop);
    // Set when a stretch the scan passed was not written in one piece after all (a glued
    // `**` cell): the rest goes piece by piece, no stretch tried again.
    let mut piecewise = false;
    loop {
        let bad = match stop {
            Some(bad) => bad,
            None => {
                let rest = part.get(seg_start..).unwrap_or("");
                match scan_clean(rest) {
                    Ok(scan) => {
                        if write_fast_scanned(b, start + seg_start, rest, scan, false).is_some() {
                            return;
                        }
                        part.len()
                    }
                    Err(at) => seg_start + at,
                }
            }
        };
        stop = Some(bad);
        if let Some(cut) = (!piecewise).then(|| last_cut(part, seg_start, bad)).flatten() {
            let clean = part.get(seg_start..cut.0).unwrap_or("");
            if write_fast(b, start + seg_start, clean) {
                seg_start = cut_to(b, cut, repairs);
            } else {
                (stop, piecewise) = (Some(part.len()), true);
            }
        }
        // One piece, up to the next cut.
        let cut = next_cut(part, seg_start);
        let seg_end = cut.map_or(part.len(), |(at, _)| at);
        let seg = part.get(seg_start..seg_end).unwrap_or("");
        if write_fast(b, start + seg_start, seg) {
            // Copied.
        } else if let Some(word_end) = word_then_reattached(seg) {
            write_word_then_reattached(b, start + seg_start, seg, word_end, repairs);
        } else if !is_one_plain_word(seg) {
            write_tokens(b, start + seg_start, seg, repairs);
        } else {
            write_word(b, start + seg_end, seg, repairs);
        }
        match cut {
            Some(cut) => seg_start = cut_to(b, cut, repairs),
            None => break,
        }
        if seg_start > bad {
            stop = None;
        }
    }
}

/// For a piece that is one plain word, one space, one punctuation mark that
/// [`reattaches`] and nothing after it but spaces (`bão ,`, `khoản .`, `b )`, `sau : ` at
/// the end of a line: two in five of the pieces word-segmented and web-exported text sends
/// past the fast path), the end of the word.
fn word_then_reattached(seg: &str) -> Option<usize> {
    let bytes = seg.as_bytes();
    let space = memchr::memchr(b' ', bytes)?;
    let punct = bytes.get(space + 1)?;
    let rest = bytes.get(space + 2..)?;
    (matches!(punct, b',' | b';' | b':' | b'.' | b')') && rest.iter().all(|&b| b == b' ') && is_one_plain_word(seg.get(..space)?)).then_some(space)
}

/// Writes a piece [`word_then_reattached`] accepts as [`write_tokens`] would: the word by the
/// word rules, the space before the mark deleted (a reattached mark), the mark kept, the
/// spaces after it (the line's end) deleted.
fn write_word_then_reattached(b: &mut MapBuilder<'_>, start: usize, seg: &str, word_end: usize, repairs: &mut Repairs) {
    write_word(b, start + word_end, seg.get(..word_end).unwrap_or(""), repairs);
    repairs.punctuation_reattached += 1;
    b.rewrite(start + word_end + 1, "");
    b.keep(start + word_end + 2);
    b.rewrite(start + seg.len(), "");
}

/// Writes the word token `w`, which ends at source offset `end`: copied when the word
/// rules leave it as it is (most words), else rewritten to [`normalize_word`]'s form.
fn write_word(b: &mut MapBuilder<'_>, end: usize, w: &str, repairs: &mut Repairs) {
    if word_is_clean(w) {
        b.keep(end);
    } else {
        let n = normalize_word(w, repairs);
        b.rewrite(end, &n);
    }
}

/// Whether [`normalize_word`] leaves `w` as it is, decided without building anything:
/// plain letters and digits (no confusable, already NFC), no old-style tone vowel, and not
/// a word that [`split_glued`] would look at.
fn word_is_clean(w: &str) -> bool {
    let (mut n, mut ascii) = (0usize, true);
    for c in w.chars() {
        if !(c.is_ascii_alphanumeric() || (matches!(c, '\u{00C0}'..='\u{01B0}' | '\u{1EA0}'..='\u{1EF9}') && !matches!(c, 'Ð' | 'ð' | 'Ɖ'))) || old_style_candidate(c) {
            return false;
        }
        n += 1;
        ascii &= c.is_ascii();
    }
    ascii || !(4..=14).contains(&n) || !w.chars().all(|c| c.is_uppercase())
}

/// The general path of [`write_inline`] for `part`, which starts at source offset `start`:
/// every rule, token by token.
fn write_tokens(b: &mut MapBuilder<'_>, start: usize, part: &str, repairs: &mut Repairs) {
    let end = start + part.len();
    let toks = tokenize(part);
    // Runs of Space/Delete become one space between content, nothing at the edges.
    let mut i = 0;
    let mut wrote_content = false;
    while let Some(&(tok, _, e)) = toks.get(i) {
        match tok {
            Tok::Space | Tok::Delete | Tok::Joint => {
                let mut j = i;
                let mut has_space = false;
                let mut run_end = e;
                while let Some(&(t, _, e2)) = toks.get(j) {
                    if !matches!(t, Tok::Space | Tok::Delete | Tok::Joint) {
                        break;
                    }
                    has_space |= matches!(t, Tok::Space | Tok::Joint);
                    if t == Tok::Joint {
                        repairs.segmented_words += 1;
                    }
                    run_end = e2;
                    j += 1;
                }
                let at_edge = !wrote_content || j >= toks.len();
                // "thu_hồi đất ." → "thu hồi đất.": only after a word, never inside "./.".
                let prev_word = i > 0 && toks.get(i - 1).is_some_and(|t| t.0 == Tok::Word);
                let next = toks.get(j).map_or("", |t| part.get(t.1..).unwrap_or(""));
                let reattach = has_space && !toks[i..j].iter().any(|t| t.0 == Tok::Joint) && prev_word && toks.get(j).is_some_and(|t| t.0 == Tok::Other) && reattaches(next);
                if reattach {
                    repairs.punctuation_reattached += 1;
                }
                let with = if has_space && !at_edge && !reattach { " " } else { "" };
                b.rewrite(start + run_end, with);
                i = j;
            }
            Tok::Word => {
                write_word(b, start + e, part.get(toks[i].1..e).unwrap_or(""), repairs);
                wrote_content = true;
                i += 1;
            }
            Tok::Other => {
                let g = part.get(toks[i].1..e).unwrap_or("");
                let n = normalize_other(g);
                b.rewrite(start + e, &n);
                wrote_content = true;
                i += 1;
            }
        }
    }
    b.rewrite(end, "");
}

#[cfg(test)]
mod tests {
    use super::*;


    #[test]
    fn a_rule_inside_a_line_is_nothing() {
        assert_eq!(norm("QUỐC HỘI ------- CỘNG HÒA"), "QUỐC HỘI CỘNG HÒA");
        assert_eq!(norm("Họ tên: ______"), "Họ tên:");
        assert_eq!(norm("2026 - 2031 -- a --b ---c"), "2026 - 2031 -- a --b ---c");
    }

    /// The letter table answers what the character functions answer, for every character
    /// the fast path could meet as its first non-ASCII byte.
    #[test]
    fn the_wide_letter_table_agrees_with_the_character_functions() {
        let table = &*WIDE_FLAGS;
        for c in ('\u{80}'..='\u{2FFF}').chain('\u{FF00}'..='\u{FFFF}') {
            let mut buf = [0u8; 4];
            let (flags, len) = wide_letter(table, c.encode_utf8(&mut buf).as_bytes());
            let ok = matches!(c, '\u{00C0}'..='\u{01B0}' | '\u{1EA0}'..='\u{1EF9}') && !matches!(c, 'Ð' | 'ð' | '\u{00D7}' | '\u{00F7}' | 'Ɖ');
            assert_eq!(flags & WIDE_OK != 0, ok, "{c:?}");
            if ok {
                assert!(crate::text::is_letter(c), "{c:?}");
                assert_eq!(len, c.len_utf8(), "{c:?}");
                assert_eq!(flags & WIDE_UPPER != 0, crate::text::is_upper(c), "{c:?}");
                assert_eq!(flags & WIDE_OLD_TONE != 0, old_style_candidate(c), "{c:?}");
            }
        }
    }

    /// [`scan_fast`] as it was before it read previous characters back from the bytes.
    fn scan_fast_reference(line: &str) -> (Fast, Counts) {
        let table = &*WIDE_FLAGS;
        let bytes = line.as_bytes();
        let mut prev = b' ';
        let mut prev2 = b' ';
        // The current word: letters so far, whether all capitals, whether any non-ASCII letter.
        let (mut letters, mut caps, mut wide) = (0usize, true, false);
        let mut tone_pair_pending = false;
        let mut word_start = 0usize;
        let glued = |from: usize, to: usize, letters: usize| may_be_glued(line.get(from..to).unwrap_or_default(), letters);
        // A run other than one space between words: a tab, a `*`, two spaces, a space at an edge.
        let mut runs = bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ');
        // The line's counts for its shape, kept on the way (they serve lines that are copied).
        let mut n = Counts::default();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            // Lower-case ASCII letters and spaces are most of the bytes: their step of the loop,
            // spelled out (an ASCII letter is no old-style tone vowel and no capital).
            match b {
                b'a'..=b'z' => {
                    n.chars += 1;
                    n.letters += 1;
                    n.ascii_lower = true;
                    letters += 1;
                    caps = false;
                    tone_pair_pending = false;
                    prev2 = prev;
                    prev = b;
                    i += 1;
                    continue;
                }
                b' ' => {
                    if tone_pair_pending || (caps && wide && letters >= 4 && glued(word_start, i, letters)) {
                        return (Fast::No, n);
                    }
                    runs |= prev == b' ';
                    n.chars += 1;
                    n.has_space = true;
                    (letters, caps, wide) = (0, true, false);
                    prev2 = prev;
                    prev = b' ';
                    i += 1;
                    word_start = i;
                    continue;
                }
                _ => {}
            }
            let at = i;
            let letter;
            let upper;
            let old_tone;
            let c;
            if b < 0x80 {
                match b {
                    b'A'..=b'Z' | b'0'..=b'9' | b'\t' => {}
                    b'*' if prev == b'(' => return (Fast::No, n),
                    b')' if prev == b'*' => return (Fast::No, n),
                    b',' | b';' | b':' | b'.' | b')' if matches!(prev, b' ' | b'\t') || (prev == b'*' && run_keeps_space(bytes, i)) => return (Fast::No, n),
                    b'-' | b'=' if prev == b && prev2 == b => return (Fast::No, n),
                    b'_' | b'\\' => return (Fast::No, n),
                    _ if b.is_ascii_control() && b != b'\t' => return (Fast::No, n),
                    _ => {}
                }
                runs |= b == b'\t' || b == b'*';
                letter = b.is_ascii_alphabetic();
                upper = b.is_ascii_uppercase();
                n.chars += 1;
                n.letters += usize::from(letter);
                n.upper += usize::from(upper);
                n.has_space |= b == b'\t';
                old_tone = false;
                c = b;
                i += 1;
            } else {
                let (flags, len) = wide_letter(table, bytes.get(i..).unwrap_or_default());
                if flags & WIDE_OK == 0 {
                    return (Fast::No, n);
                }
                letter = true;
                upper = flags & WIDE_UPPER != 0;
                n.chars += 1;
                n.letters += 1;
                n.upper += usize::from(upper);
                old_tone = flags & WIDE_OLD_TONE != 0;
                wide = true;
                c = 0x80;
                i += len;
            }
            // An old-style tone pair (`hoà`, `uỷ`) is rewritten only where it ends the syllable.
            if tone_pair_pending && !letter {
                return (Fast::No, n);
            }
            tone_pair_pending = matches!(prev, b'o' | b'O' | b'u' | b'U') && !matches!(prev2, b'q' | b'Q') && old_tone;
            if letter {
                letters += 1;
                caps &= upper;
            } else {
                if caps && wide && letters >= 4 && glued(word_start, at, letters) {
                    return (Fast::No, n);
                }
                (letters, caps, wide) = (0, true, false);
                word_start = i;
            }
            prev2 = prev;
            prev = c;
        }
        let fast = if (caps && wide && letters >= 4 && glued(word_start, bytes.len(), letters)) || tone_pair_pending {
            Fast::No
        } else if runs {
            Fast::Runs
        } else {
            Fast::Copy
        };
        (fast, n)
    }

    /// The same answer as the reference: the kind always, the counts where the line is
    /// written by the fast path.
    fn assert_scan_as_reference(line: &str) {
        let (a, ca) = scan_fast(line);
        let (b, cb) = scan_fast_reference(line);
        assert_eq!(a, b, "{line:?}");
        if a != Fast::No {
            assert_eq!(ca, cb, "{line:?}");
        }
    }

    #[test]
    fn the_scan_equals_its_reference_on_the_corpus() {
        let mut n = 0;
        for (_, t) in crate::testing::corpus_texts() {
            for l in t.split(['\n', '\r']) {
                n += 1;
                assert_scan_as_reference(l);
                for w in l.split(' ') {
                    assert_scan_as_reference(w);
                }
            }
        }
        assert!(n > 100, "no corpus read");
        for l in ["---", "a---", "x==", "(*)", "*)", "quả", "Qủa", "hoà", "hoà ", "oà", "uỷ.", "q uỷ", "ĐỊNH", "Đ ỊNH", "\t", " a ", "a  b", "a\tb", "-", "--", "- -", ""] {
            assert_scan_as_reference(l);
        }
    }

    /// A line taken as it is (no builder) must be exactly what [`write_inline`] writes for
    /// it: its text, one kept piece, the same counts.
    fn assert_as_is_is_what_write_inline_writes(line: &str) {
        let src = format!("x\n{line}\ny");
        let (start, end) = (2, 2 + line.len());
        let mut b = MapBuilder::at(&src, start);
        let counts = write_inline(&mut b, &src, start, end, &mut Repairs::default());
        match scan_line(&src, start, end).as_is() {
            Some((text, as_is_counts)) => {
                assert_eq!(text, b.out(), "{line:?}");
                assert_eq!(Some(as_is_counts), counts, "{line:?}");
                let mut whole = MapBuilder::new(&src);
                whole.keep(start);
                whole.append(b);
                whole.keep(src.len());
                let (_, map) = whole.finish();
                assert_eq!(map.len(), 1, "{line:?}: a copied line is one kept piece");
            }
            None => assert!(!line.is_empty() || b.out().is_empty()),
        }
    }

    /// The byte-wise lower case is `str::to_lowercase` wherever it answers.
    #[test]
    fn lower_by_bytes_is_to_lowercase() {
        let mut buf = [0u8; 64];
        let mut n = 0;
        for (_, t) in crate::testing::corpus_texts() {
            for w in t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && w.len() <= 64) {
                if let Some(len) = lower_by_bytes(w, &mut buf) {
                    assert_eq!(std::str::from_utf8(&buf[..len]), Ok(w.to_lowercase().as_str()), "{w:?}");
                    n += 1;
                }
            }
        }
        assert!(n > 10_000, "no corpus read");
        for c in ('\u{80}'..='\u{2FFF}').chain(['Ǜ', 'Ð', 'İ']) {
            let w = format!("A{c}B");
            if let Some(len) = lower_by_bytes(&w, &mut buf) {
                assert_eq!(std::str::from_utf8(&buf[..len]), Ok(w.to_lowercase().as_str()), "{c:?}");
            }
        }
        assert_eq!(lower_by_bytes("ĐẠI", &mut [0u8; 4]), None, "too long for the buffer");
    }

    #[test]
    fn capital_syllables_stay_on_the_fast_path_and_glued_words_do_not() {
        for heading in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "QUỐC HỘI", "KẾ HOẠCH", "NGHĨA", "ĐƯỜNG"] {
            assert_ne!(scan_fast(heading).0, Fast::No, "{heading:?}");
            assert_as_is_is_what_write_inline_writes(heading);
        }
        for glued in ["THỰCHIỆN", "KẾ HOẠCH THỰCHIỆN", "THỰCHIỆN NĂM"] {
            assert_eq!(scan_fast(glued).0, Fast::No, "{glued:?}");
        }
        assert!(may_be_glued("THỰCHIỆN", 8));
        assert!(!may_be_glued("NGHĨA", 5));
        // Not a syllable, and no split into two known ones: the word stays as it is.
        assert!(!may_be_glued("HĐBCQG", 6));
        assert_ne!(scan_fast("Hội đồng HĐBCQG quy định").0, Fast::No);
        // Outside 4–14 letters `split_glued` splits nothing.
        assert!(!may_be_glued("ĐƯA", 3));
        assert!(!may_be_glued("ĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐ", 15));
    }

    #[test]
    fn punctuation_after_bare_emphasis_stays_on_the_fast_path() {
        for line in ["THƯ VIỆN PHÁP LUẬT**. Mọi hành vi", "kèm theo)*;", "*Trọng tâm*:", "năm 2025*."] {
            assert_ne!(scan_fast(line).0, Fast::No, "{line:?}");
        }
        // A space in the run, or a run that starts the line: the general path re-attaches.
        for line in ["a **, b", "a* , b", "**. x", "a\t*.", "(*)", "x *)"] {
            assert_eq!(scan_fast(line).0, Fast::No, "{line:?}");
        }
        for line in ["THƯ VIỆN PHÁP LUẬT**. Mọi hành vi", "a **, b", "**. x", "x**,y", "x ** ,y", "*a*:"] {
            assert_same_writes(line, |b, r| { let _ = write_inline(b, line, 0, line.len(), r); }, |b, r| write_tokens(b, 0, line, r));
        }
    }

    #[test]
    fn lines_taken_as_they_are_are_what_write_inline_writes() {
        let mut taken = 0;
        for l in ["Kế hoạch thực hiện năm 2024", "a  b", " a", "a ", "hoà", "UBND", "ĐỊNH", "", "x\ty", "Nơi nhận:"] {
            assert_as_is_is_what_write_inline_writes(l);
            taken += usize::from(scan_line(l, 0, l.len()).as_is().is_some());
        }
        assert!(taken >= 3, "the plain lines are taken as they are");
        assert!(scan_line("a  b", 0, 4).as_is().is_none(), "a double space is rewritten");
    }

    proptest::proptest! {
        #[test]
        fn lines_taken_as_they_are_are_what_write_inline_writes_on_random_lines(line in proptest::string::string_regex(&format!("{ALPHABET}{{0,30}}")).expect("regex")) {
            assert_as_is_is_what_write_inline_writes(&line);
        }

        #[test]
        fn the_scan_equals_its_reference_on_random_lines(line in proptest::string::string_regex(&format!("{ALPHABET}{{0,30}}")).expect("regex")) {
            assert_scan_as_reference(&line);
        }

        #[test]
        fn the_scan_equals_its_reference_on_tone_pairs(line in "[oOuUqQaàáảãạÀÁỶỷýAĐ \\-=*()_.,]{0,12}") {
            assert_scan_as_reference(&line);
        }
    }

    /// The fast path must give exactly what the general path gives, map included, on every
    /// line of the corpus and of corpus-extra (when `../shared` is beside the repository).
    /// [`is_fast`] as it was written before its byte loop: one character at a time.
    fn is_fast_per_char(line: &str) -> bool {
        let mut prev = ' ';
        let mut prev2 = ' ';
        // The current word: letters so far, whether all capitals, whether any non-ASCII letter.
        let (mut letters, mut caps, mut wide) = (0usize, true, false);
        let mut tone_pair_pending = false;
        let mut word_start = 0usize;
        let glued = |from: usize, to: usize, letters: usize| may_be_glued(line.get(from..to).unwrap_or_default(), letters);
        for (at, c) in line.char_indices() {
            if c.is_ascii() {
                match c {
                    'a'..='z' | 'A'..='Z' | '0'..='9' | ' ' | '\t' => {}
                    '*' if prev == '(' => return false,
                    ')' if prev == '*' => return false,
                    ',' | ';' | ':' | '.' | ')' if matches!(prev, ' ' | '\t') || (prev == '*' && run_keeps_space(line.as_bytes(), at)) => return false,
                    '-' | '=' if prev == c && prev2 == c => return false,
                    '_' | '\\' => return false,
                    _ if c.is_ascii_control() => return false,
                    _ => {}
                }
            } else if !matches!(c, '\u{00C0}'..='\u{01B0}' | '\u{1EA0}'..='\u{1EF9}') || matches!(c, 'Ð' | 'ð' | '\u{00D7}' | '\u{00F7}' | 'Ɖ') {
                return false;
            }
            let letter = crate::text::is_letter(c);
            // An old-style tone pair (`hoà`, `uỷ`) is rewritten only where it ends the syllable.
            if tone_pair_pending && !letter {
                return false;
            }
            tone_pair_pending = matches!(prev, 'o' | 'O' | 'u' | 'U') && !matches!(prev2, 'q' | 'Q') && old_style_candidate(c);
            if letter {
                letters += 1;
                caps &= crate::text::is_upper(c);
                wide |= !c.is_ascii();
            } else {
                if caps && wide && letters >= 4 && glued(word_start, at, letters) {
                    return false;
                }
                (letters, caps, wide) = (0, true, false);
                word_start = at + c.len_utf8();
            }
            prev2 = prev;
            prev = c;
        }
        !((caps && wide && letters >= 4 && glued(word_start, line.len(), letters)) || tone_pair_pending)
    }

    #[test]
    fn is_fast_byte_loop_agrees_with_the_per_character_loop() {
        let mut texts: Vec<String> = ["hoà bình", "Hoà", "quý", "uỷ", "QUỐC HỘI", "THỰCHIỆN", "a ,b", "(*) x", "x--- y", "tên_đất", "Ðà", "a\u{0301}", "  a  ", "ĐẮK LẮK x", "hoà", "oà a", "qoà", "Uỷ "]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for (_, t) in crate::testing::corpus_texts() {
            texts.push(t);
        }
        let mut lines = 0;
        for t in &texts {
            for line in t.split(['\n', '\r']) {
                assert_eq!(is_fast(line), is_fast_per_char(line), "{line:?}");
                lines += 1;
            }
        }
        assert!(lines > 20, "no text read");
    }

    proptest::proptest! {
        #[test]
        fn is_fast_byte_loop_agrees_on_random_lines(line in "[a-zA-Z0-9 .,;:()*_\\-=àáảãạăằắâầấđèéêềếìíòóôồốơờớùúưừứỳýỷỹỵÀÁẢÃẠĂÂĐÈÉÊÌÍÒÓÔƠÙÚƯỲÝỶỸỴÐ\u{0301}\t]{0,40}") {
            proptest::prop_assert_eq!(is_fast(&line), is_fast_per_char(&line));
        }
    }

    #[test]
    fn clean_lines_copy_exactly_what_the_rules_would_write() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("corpus"), root.join("../shared/corpus-extra")];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "txt" || x == "md") {
                    files.push(p);
                }
            }
        }
        assert!(files.len() >= 5, "corpus files: {}", files.len());
        let extra = ["**NGHỊ ĐỊNH**Quy định", "**NGHỊ ĐỊNH****Quy định về**", "**KT. TRƯ****Ở****NG", "**Điều ****2****. Hiệu", "**Điều 1.** Nội dung", "a **, b", "(*) x", "(**)", "a**b", "*a* *", "\t x \t", "hoà.", "hoàn", "quý", "Uỷ ban", "thuỷ", "a  b", "a ,b", "QUỐC HỘI ---", "hoà bình", "THỰCHIỆN", "x\tb", "Ðà", "a\u{0301}", "“x”", "**b**", "tên_đất", " x "];
        let (mut clean, mut lines) = (0, 0);
        for text in files.iter().filter_map(|p| std::fs::read_to_string(p).ok()).chain(extra.iter().map(|s| s.to_string())) {
            for line in text.split(['\n', '\r']) {
                lines += 1;
                clean += usize::from(is_fast(line));
                let (mut r1, mut r2) = (Repairs::default(), Repairs::default());
                let mut fast = MapBuilder::new(line);
                let counts = write_inline(&mut fast, line, 0, line.len(), &mut r1);
                let mut slow = MapBuilder::new(line);
                write_tokens(&mut slow, 0, line, &mut r2);
                let (ft, fm) = fast.finish();
                // Counts given on the way are those of what was written.
                if let Some(c) = counts {
                    assert_eq!(c, super::super::layout::counts(&ft), "line {line:?}");
                }
                let (st, sm) = slow.finish();
                assert_eq!(ft, st, "line {line:?}");
                assert_eq!(r1, r2, "line {line:?}");
                for i in 0..=ft.len() {
                    if ft.is_char_boundary(i) {
                        let sp = crate::span::Span::new(i, i);
                        assert_eq!(fm.to_source(sp), sm.to_source(sp), "line {line:?} at {i}");
                    }
                }
            }
        }
        assert!(clean * 2 > lines, "the fast path takes {clean} of {lines} lines");
    }

    /// Text, map (at every offset) and repairs that two writers give for `line`.
    fn assert_same_writes(line: &str, a: impl Fn(&mut MapBuilder<'_>, &mut Repairs), b: impl Fn(&mut MapBuilder<'_>, &mut Repairs)) {
        let (mut r1, mut r2) = (Repairs::default(), Repairs::default());
        let mut x = MapBuilder::new(line);
        a(&mut x, &mut r1);
        let mut y = MapBuilder::new(line);
        b(&mut y, &mut r2);
        let (xt, xm) = x.finish();
        let (yt, ym) = y.finish();
        assert_eq!(xt, yt, "line {line:?}");
        assert_eq!(r1, r2, "line {line:?}");
        xm.check(xt.len()).expect("map invariant");
        for i in 0..=xt.len() {
            for j in i..=xt.len() {
                if xt.is_char_boundary(i) && xt.is_char_boundary(j) {
                    let sp = crate::span::Span::new(i, j);
                    assert_eq!(xm.to_source(sp), ym.to_source(sp), "line {line:?} at {i}..{j}");
                }
            }
        }
    }

    const ALPHABET: &str = "[a-zA-Z0-9 .,;:()*_{}\\-=/|àáảãạăằắâầấđèéêềếìíòóôồốơờớùúưừứỳýỷỹỵÀÁẢÃẠĂÂĐÈÉÊÌÍÒÓÔƠÙÚƯỲÝỶỸỴỦỰỆÐðƉ×₁²\u{0301}\u{0345}\u{00A0}\u{200B}\u{00AD}“”–…\t]";

    proptest::proptest! {
        #[test]
        fn the_word_by_word_path_writes_what_the_rules_write(line in proptest::string::string_regex(&format!("{ALPHABET}{{0,30}}")).expect("regex")) {
            assert_same_writes(&line, |b, r| { let _ = write_inline(b, &line, 0, line.len(), r); }, |b, r| write_tokens(b, 0, &line, r));
        }

        #[test]
        fn the_word_by_word_path_writes_what_the_rules_write_on_words(words in proptest::collection::vec("(hoà|Hoà|quý|uỷ|UỶ|THỰCHIỆN|QUỐC|NGHĨA|VIỆT|HOẠCH|ĐƯỜNG|HÒA|CHỦNGHĨA|HĐBCQG|ĐBQH|Kế_hoạch|a_b|VN_AQI|Ðà|a\u{0301}|“x”|x–y|\\(\\*\\)|\\*\\*|,|\\.|---|_\\{1,4\\}|[a-zđư]{1,6}|[A-ZĐỦ]{1,5}|[0-9]{1,3})", 0..10), seps in proptest::collection::vec("( |  |\\t| \\*| _ |)", 10)) {
            let mut line = String::new();
            for (w, s) in words.iter().zip(&seps) {
                line.push_str(w);
                line.push_str(s);
            }
            assert_same_writes(&line, |b, r| { let _ = write_inline(b, &line, 0, line.len(), r); }, |b, r| write_tokens(b, 0, &line, r));
        }

        #[test]
        fn counts_given_on_the_way_are_those_of_the_output(line in proptest::string::string_regex(&format!("{ALPHABET}{{0,30}}")).expect("regex")) {
            let mut b = MapBuilder::new(&line);
            let counts = write_inline(&mut b, &line, 0, line.len(), &mut Repairs::default());
            let (out, _) = b.finish();
            if let Some(c) = counts {
                proptest::prop_assert_eq!(c, super::super::layout::counts(&out));
            }
        }

        #[test]
        fn the_fast_path_writes_what_the_rules_write(line in proptest::string::string_regex(&format!("{ALPHABET}{{0,30}}")).expect("regex")) {
            if is_fast(&line) {
                assert_same_writes(&line, |b, _| assert!(write_fast(b, 0, &line) || line.contains("**")), |b, r| if !line.contains("**") { write_tokens(b, 0, &line, r) } else { let _ = write_fast(b, 0, &line); });
            }
        }

        #[test]
        fn clean_words_are_left_as_they_are(w in "[a-zA-Z0-9àáảãạăằắâầấđèéêềếìíòóôồốơờớùúưừứỳýỷỹỵÀÁẢÃẠĂÂĐÈÉÊÌÍÒÓÔƠÙÚƯỲÝỶỸỴỦỰỆÐðƉ]{1,16}") {
            if word_is_clean(&w) {
                proptest::prop_assert_eq!(normalize_word(&w, &mut Repairs::default()), w);
            }
        }
    }

    /// A word and a reattached mark (`bão ,`) written without the tokenizer: the same text,
    /// map and repairs as the tokenizer's; pieces of any other form are not taken.
    #[test]
    fn a_word_and_its_reattached_mark_write_what_the_rules_write() {
        for seg in ["bão ,", "khoản .", "b )", "sau : ", "2 .", "hoà ,", "THỰCHIỆN .", "Uỷ ;", "ĐẮK :   "] {
            let end = word_then_reattached(seg).expect(seg);
            assert_same_writes(seg, |b, r| write_word_then_reattached(b, 0, seg, end, r), |b, r| write_tokens(b, 0, seg, r));
        }
        for seg in ["bão", "bão ", " ,", "bão ,x", "bão  ,", "bão ,.", "a_b ,", "bão ./.", "“x ,", "bão -", "a\u{301} ,"] {
            assert_eq!(word_then_reattached(seg), None, "{seg:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_word_and_its_reattached_mark_on_random_pieces(seg in "[a-zA-Z0-9àáảãạăằắâầấđèéêềếìíòóôồốơờớùúưừứỳýỷỹỵÀÁẢÃẠĂÂĐÈÉÊÌÍÒÓÔƠÙÚƯỲÝỶỸỴỦỰỆÐ_*]{0,8}[ ]{0,2}[,;:.)*-]{0,2}[ ]{0,2}") {
            if let Some(end) = word_then_reattached(&seg) {
                assert_same_writes(&seg, |b, r| write_word_then_reattached(b, 0, &seg, end, r), |b, r| write_tokens(b, 0, &seg, r));
            }
        }
    }

    /// Joints the word-by-word path must not cut at: a combining mark after the `_` makes
    /// it a grapheme of its own, and capitals on both sides make an identifier.
    #[test]
    fn underscores_that_are_no_syllable_joint_go_through_the_rules() {
        for line in ["ấ_\u{345}", "Bừấ_\u{345}\u{301}Dờ", "a\u{301}_b", "VN_AQI", "HĐND_và", "x__y", "a_", "_a", "số_12", "Kế_hoạch, ở_đâu"] {
            assert_same_writes(line, |b, r| { let _ = write_inline(b, line, 0, line.len(), r); }, |b, r| write_tokens(b, 0, line, r));
        }
    }

    /// Lines with `**` emphasis and no glued cells go word by word; the emphasis runs stay
    /// inside one piece with their neighbours.
    #[test]
    fn emphasis_lines_word_by_word_write_what_the_rules_write() {
        for line in ["**BỘ TÀI CHÍNH**", "THƯ VIỆN PHÁP LUẬT**. Mọi hành vi", "a **b** c", "(**) x (*) y", "**NGHỊ ĐỊNH****Quy định", "**KT. TRƯ****Ở****NG", "** x **", "hoà **bình** ,", "**Điều 1.** Nội dung", "x** **y"] {
            assert_same_writes(line, |b, r| { let _ = write_inline(b, line, 0, line.len(), r); }, |b, r| write_tokens(b, 0, line, r));
        }
    }

    #[test]
    fn precomposed_letters_are_nfc_on_their_own() {
        for c in ('\u{00C0}'..='\u{01B0}').chain('\u{1EA0}'..='\u{1EF9}') {
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            let w = format!("{c}{c}");
            if word_is_clean(&w) {
                assert_eq!(normalize_word(&w, &mut Repairs::default()), w);
            }
        }
    }

    fn norm(s: &str) -> String {
        let mut b = MapBuilder::new(s);
        let mut r = Repairs::default();
        let _ = write_inline(&mut b, s, 0, s.len(), &mut r);
        let (out, map) = b.finish();
        map.check(out.len()).expect("map invariant");
        out
    }

    #[test]
    fn word_segmented_text_is_joined() {
        assert_eq!(norm("Quyết_định về việc ban_hành quy_định về bồi_thường , hỗ_trợ và tái_định_cư ."), "Quyết định về việc ban hành quy định về bồi thường, hỗ trợ và tái định cư.");
        assert_eq!(norm("HĐND_và UBND năm 2003 ;"), "HĐND và UBND năm 2003;");
        assert_eq!(norm("chỉ số VN_AQI ở mức tốt"), "chỉ số VN_AQI ở mức tốt");
        assert_eq!(norm("Số: ____/KH-UBND"), "Số: ____/KH-UBND");
        // The end mark "./." is left as printed.
        assert_eq!(norm("Kế hoạch này ./."), "Kế hoạch này ./.");
    }

    #[test]
    fn spaces_collapse_and_trim() {
        assert_eq!(norm("  Kế \t hoạch\n\n số  "), "Kế hoạch số");
    }

    #[test]
    fn emphasis_is_removed_but_footnote_marks_stay() {
        assert_eq!(norm("- *Cơ quan chủ trì:* Sở"), "- Cơ quan chủ trì: Sở");
        assert_eq!(norm("**TM ỦY BAN** ** **"), "TM ỦY BAN");
        assert_eq!(norm("kinh phí (*)"), "kinh phí (*)");
    }

    #[test]
    fn subscripts_and_markup_become_digits() {
        assert_eq!(norm("Lưu: VT, KGVX_{1,4}, KTTH₁."), "Lưu: VT, KGVX1,4, KTTH1.");
        assert_eq!(norm("Nh_010b"), "Nh_010b");
    }

    #[test]
    fn confusables_nfd_and_tone_placement() {
        assert_eq!(norm("ÐẢNG"), "ĐẢNG");
        let nfd: String = "Điều hoà".nfd().collect();
        assert_eq!(norm(&nfd), "Điều hòa");
        assert_eq!(norm("UỶ BAN NHÂN DÂN"), "ỦY BAN NHÂN DÂN");
    }

    #[test]
    fn dashes_and_quotes_are_unified() {
        assert_eq!(norm("2013 – 2020 “diễn biến”"), "2013 - 2020 \"diễn biến\"");
    }

    #[test]
    fn glued_capital_words_are_split_by_syllables() {
        assert_eq!(norm("TỔ CHỨC THỰCHIỆN"), "TỔ CHỨC THỰC HIỆN");
        assert_eq!(norm("thị trấn KôngChro"), "thị trấn KôngChro");
        assert_eq!(norm("ASEAN UBND TTĐN"), "ASEAN UBND TTĐN");
    }
}
