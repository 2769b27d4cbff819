//! Small text helpers shared by every stage: Vietnamese tone placement, folding for
//! comparisons, and character classes.
//!
//! Values in the output use *modern* tone placement (`ủy`, `hòa`); older texts write `uỷ`,
//! `hoà`. NFC does not unify the two, so [`modern_tone_pair`] does it one vowel pair at a time,
//! which lets the normaliser record every rewrite in its offset map.

use unicode_normalization::UnicodeNormalization;

/// The old-style → modern tone placement for a final `oa`/`oe`/`uy` pair, if `(a, b)` is one.
///
/// Old style puts the tone mark on the second vowel (`hoà`, `uỷ`), the modern style on the
/// first (`hòa`, `ủy`). The caller must check that the pair ends the syllable (no letter
/// follows) and that it is not preceded by `q` (`quý` keeps its mark: `qu` is a consonant).
pub fn modern_tone_pair(a: char, b: char) -> Option<(char, char)> {
    // (first vowel, second vowel with tone) -> (first vowel with tone, plain second vowel)
    const TABLE: &[(char, char, char, char)] = &[
        ('o', 'à', 'ò', 'a'),
        ('o', 'á', 'ó', 'a'),
        ('o', 'ả', 'ỏ', 'a'),
        ('o', 'ã', 'õ', 'a'),
        ('o', 'ạ', 'ọ', 'a'),
        ('o', 'è', 'ò', 'e'),
        ('o', 'é', 'ó', 'e'),
        ('o', 'ẻ', 'ỏ', 'e'),
        ('o', 'ẽ', 'õ', 'e'),
        ('o', 'ẹ', 'ọ', 'e'),
        ('u', 'ỳ', 'ù', 'y'),
        ('u', 'ý', 'ú', 'y'),
        ('u', 'ỷ', 'ủ', 'y'),
        ('u', 'ỹ', 'ũ', 'y'),
        ('u', 'ỵ', 'ụ', 'y'),
        ('O', 'À', 'Ò', 'A'),
        ('O', 'Á', 'Ó', 'A'),
        ('O', 'Ả', 'Ỏ', 'A'),
        ('O', 'Ã', 'Õ', 'A'),
        ('O', 'Ạ', 'Ọ', 'A'),
        ('O', 'È', 'Ò', 'E'),
        ('O', 'É', 'Ó', 'E'),
        ('O', 'Ẻ', 'Ỏ', 'E'),
        ('O', 'Ẽ', 'Õ', 'E'),
        ('O', 'Ẹ', 'Ọ', 'E'),
        ('U', 'Ỳ', 'Ù', 'Y'),
        ('U', 'Ý', 'Ú', 'Y'),
        ('U', 'Ỷ', 'Ủ', 'Y'),
        ('U', 'Ỹ', 'Ũ', 'Y'),
        ('U', 'Ỵ', 'Ụ', 'Y'),
        // Mixed case as printed in headings typed with caps lock slips ("Uỷ").
        ('U', 'ỷ', 'Ủ', 'y'),
        ('U', 'ý', 'Ú', 'y'),
        ('U', 'ỳ', 'Ù', 'y'),
        ('U', 'ỹ', 'Ũ', 'y'),
        ('U', 'ỵ', 'Ụ', 'y'),
        ('O', 'à', 'Ò', 'a'),
        ('O', 'á', 'Ó', 'a'),
        ('O', 'ả', 'Ỏ', 'a'),
        ('O', 'ã', 'Õ', 'a'),
        ('O', 'ạ', 'Ọ', 'a'),
    ];
    TABLE
        .iter()
        .find(|&&(x, y, _, _)| x == a && y == b)
        .map(|&(_, _, p, q)| (p, q))
}

/// A line without its leading bullets (`-`, `+`, `- +`, `•`, …) and spaces.
pub fn strip_bullets(text: &str) -> &str {
    text.trim_start_matches(|c: char| matches!(c, '-' | '+' | '•' | '·' | '○' | '●' | '▪' | '■' | '◦' | '♦' | '➢' | '✓') || c.is_whitespace())
}

/// Abbreviated body names spelled out: `UBND tỉnh` → `Ủy ban nhân dân tỉnh`, `HĐND` →
/// `Hội đồng nhân dân` (SPEC: names are spelled out).
pub fn spell_out(s: &str) -> String {
    let spelled = |w: &str| match w {
        "UBND" => Some("Ủy ban nhân dân"),
        "HĐND" => Some("Hội đồng nhân dân"),
        "MTTQ" => Some("Mặt trận Tổ quốc"),
        _ => None,
    };
    // Most names have no abbreviation: a copy, not a vector of words joined again.
    if !s.split(' ').any(|w| spelled(w).is_some()) {
        return s.to_string();
    }
    s.split(' ').map(|w| spelled(w).unwrap_or(w)).collect::<Vec<_>>().join(" ")
}

/// True for letters, fast for ASCII and the Latin ranges Vietnamese uses (the standard
/// library's `is_alphabetic` takes a slow table lookup for every non-ASCII letter), and for
/// the Latin-1 symbols mojibake is full of (`¹`, `®`, `«`: none is a letter but `ª`, `µ`, `º`).
#[inline]
pub fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        'ª' | 'µ' | 'º' => true,
        '\u{0080}'..='\u{00BF}' => false,
        '\u{00C0}'..='\u{024F}' => c != '\u{00D7}' && c != '\u{00F7}',
        '\u{1E00}'..='\u{1EFF}' => true,
        _ if c.is_ascii() => false,
        _ => c.is_alphabetic(),
    }
}

/// `c.is_lowercase()`, fast for ASCII and the letters Vietnamese uses (see [`is_upper`]).
#[inline]
pub fn is_lower(c: char) -> bool {
    match c {
        'a'..='z' => true,
        _ if c.is_ascii() => false,
        'À'..='Þ' => false,
        'ß'..='ÿ' => c != '÷',
        'Ă' | 'Đ' | 'Ĩ' | 'Ũ' | 'Ơ' | 'Ư' => false,
        'ă' | 'đ' | 'ĩ' | 'ũ' | 'ơ' | 'ư' => true,
        '\u{1EA0}'..='\u{1EF9}' => (c as u32) & 1 == 1,
        _ => c.is_lowercase(),
    }
}

/// `c.is_uppercase()`, fast for ASCII and the letters Vietnamese uses (the standard
/// library looks every non-ASCII character up in a table).
#[inline]
pub fn is_upper(c: char) -> bool {
    match c {
        'A'..='Z' => true,
        _ if c.is_ascii() => false,
        'À'..='Þ' => c != '×',
        'ß'..='ÿ' => false,
        'Ă' | 'Đ' | 'Ĩ' | 'Ũ' | 'Ơ' | 'Ư' => true,
        'ă' | 'đ' | 'ĩ' | 'ũ' | 'ơ' | 'ư' => false,
        '\u{1EA0}'..='\u{1EF9}' => (c as u32) & 1 == 0,
        _ => c.is_uppercase(),
    }
}

/// [`is_letter`] or a digit.
#[inline]
pub fn is_letter_or_digit(c: char) -> bool {
    c.is_ascii_digit() || is_letter(c) || (!c.is_ascii() && c.is_numeric())
}

/// Second vowels that carry the tone mark in old-style placement (`hoà`, `uỷ`).
pub fn old_style_candidate(c: char) -> bool {
    matches!(
        c,
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' | 'À' | 'Á' | 'Ả' | 'Ã' | 'Ạ' | 'È'
            | 'É' | 'Ẻ' | 'Ẽ' | 'Ẹ' | 'Ỳ' | 'Ý' | 'Ỷ' | 'Ỹ' | 'Ỵ'
    )
}

/// Rewrites old-style tone placement to the modern one in an NFC string.
pub fn modern_tone(s: &str) -> String {
    if !s.chars().any(old_style_candidate) {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if let (Some(&a), Some(&b)) = (chars.get(i), chars.get(i + 1)) {
            let after_is_letter = chars.get(i + 2).is_some_and(|&c| is_letter(c));
            let prev_is_q = i > 0 && chars.get(i - 1).is_some_and(|c| matches!(c, 'q' | 'Q'));
            if !after_is_letter && !prev_is_q {
                if let Some((p, q)) = modern_tone_pair(a, b) {
                    out.push(p);
                    out.push(q);
                    i += 2;
                    continue;
                }
            }
            out.push(a);
        } else if let Some(&a) = chars.get(i) {
            out.push(a);
        }
        i += 1;
    }
    out
}

/// Folds a string for comparisons and lookups: NFC, modern tone placement, lower case,
/// unified dashes, single spaces, trimmed.
///
/// This is the same folding as the SPEC's accuracy metric, minus its abbreviation and
/// punctuation rules, so a lookup key never depends on how a document typed its accents.
pub fn fold(s: &str) -> String {
    fold_fast(s).unwrap_or_else(|| fold_general(s))
}

/// Whether [`fold`]`(s)` starts with `prefix` (a folded text), folding only the first words
/// of `s`: the whole of it only when they fold to less than `prefix`.
///
/// Why: closing lines are tested for `nơi nhận` and `lưu` one after another, and folding
/// each whole (a long paragraph, an allocation) to read its first word was most of the cost.
/// Exact: every step of [`fold`] works inside words (NFC, the tone rule, lower case, dashes)
/// and white space ends them, so the words before a white space fold to the start of what
/// the whole folds to.
pub fn folded_starts_with(s: &str, prefix: &str) -> bool {
    folded_starts_with_any(s, &[prefix])
}

/// [`folded_starts_with`] for several prefixes, with one fold of the first words.
pub fn folded_starts_with_any(s: &str, prefixes: &[&str]) -> bool {
    let longest = prefixes.iter().map(|p| p.len()).max().unwrap_or(0);
    let cut = s.char_indices().find(|&(i, c)| i >= longest && c.is_whitespace()).map_or(s.len(), |(i, _)| i);
    let mut head = fold(s.get(..cut).unwrap_or(s));
    if head.len() < longest && cut < s.len() {
        head = fold(s);
    }
    prefixes.iter().any(|p| head.starts_with(p))
}

/// [`fold`] step by step, for any text.
fn fold_general(s: &str) -> String {
    let nfc: String = if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes { s.to_string() } else { s.nfc().collect() };
    let lower = modern_tone(&nfc).to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for word in lower.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.push(if is_dash(c) { '-' } else { c });
        }
    }
    out
}

/// [`fold`] in one pass for the usual text: precomposed letters, punctuation that no rule
/// touches, no character that NFC would change, and no old-style tone pair that
/// [`modern_tone`] would move. `None` sends the text to the general path.
///
/// ASCII, most of the bytes, is handled a byte at a time without decoding. A tone pair
/// (`oà`, `uỷ`) is moved only where it ends the syllable, so the decision waits for the next
/// character: a letter clears it (`hoàn`, `hoạch`), anything else sends the text to the
/// general path. `qu` keeps its mark (`quả`).
fn fold_fast(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    // The two characters before, as bytes: only ASCII ones are ever tested.
    let (mut prev, mut prev2) = (b' ', b' ');
    let mut pair_pending = false;
    // Most characters fold to themselves (lower-case letters, digits, punctuation): they are
    // written a run at a time, from `run` up to the next character that changes.
    let mut run = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if pair_pending && !b.is_ascii_alphabetic() {
                return None;
            }
            pair_pending = false;
            (prev2, prev) = (prev, b);
            // One space between two words folds to itself: it stays in the run, so that a
            // lower-case text is one copy, not one per word.
            if b == b' ' && !space && (run < i || !out.is_empty()) && s.get(i + 1..).and_then(|r| r.chars().next()).is_some_and(|c| !c.is_whitespace()) {
                i += 1;
                continue;
            }
            if matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
                out.push_str(s.get(run..i)?);
                space = true;
                i += 1;
                run = i;
                continue;
            }
            if space {
                if !out.is_empty() {
                    out.push(' ');
                }
                space = false;
            }
            if b.is_ascii_uppercase() {
                out.push_str(s.get(run..i)?);
                out.push(char::from(b.to_ascii_lowercase()));
                run = i + 1;
            }
            i += 1;
            continue;
        }
        if let Some((len, lower)) = lower_vietnamese_letter(bytes.get(i..).unwrap_or_default()) {
            // A letter (so no pending pair fails here), never a space. A tone pair starts
            // only after an ASCII `o` or `u` (see `modern_tone_pair`).
            if matches!(prev, b'o' | b'O' | b'u' | b'U') {
                let c = s.get(i..).and_then(|r| r.chars().next())?;
                pair_pending = old_style_candidate(c) && !matches!(prev2, b'q' | b'Q') && modern_tone_pair(char::from(prev), c).is_some();
            } else {
                pair_pending = false;
            }
            (prev2, prev) = (prev, 0x80);
            if space {
                if !out.is_empty() {
                    out.push(' ');
                }
                space = false;
            }
            if let Some(lower) = lower {
                out.push_str(s.get(run..i)?);
                out.push(lower);
                run = i + len;
            }
            i += len;
            continue;
        }
        let c = s.get(i..).and_then(|r| r.chars().next())?;
        if pair_pending && !is_letter(c) {
            return None;
        }
        pair_pending = old_style_candidate(c) && !matches!(prev2, b'q' | b'Q') && prev.is_ascii() && modern_tone_pair(char::from(prev), c).is_some();
        (prev2, prev) = (prev, 0x80);
        let end = i + c.len_utf8();
        if c.is_whitespace() {
            out.push_str(s.get(run..i)?);
            space = true;
            (i, run) = (end, end);
            continue;
        }
        if space {
            if !out.is_empty() {
                out.push(' ');
            }
            space = false;
        }
        // The letters are all read above: a dash becomes `-`, an inert symbol stays, any
        // other character goes to the general path.
        if is_dash(c) {
            out.push_str(s.get(run..i)?);
            out.push('-');
            run = end;
        } else if !is_inert_symbol(c) {
            return None;
        }
        i = end;
    }
    if pair_pending {
        return None;
    }
    out.push_str(s.get(run..)?);
    Some(out)
}

/// The letter of Vietnamese that starts `bytes` (valid UTF-8, at a character boundary),
/// read by its bytes: its length, and its lower case when it is a capital. These are all the
/// letters [`fold_fast`] folds: `À`–`ÿ` but for `×`, `÷`, `Ð`, `ð`; `ă đ ĩ ũ ơ ư` and their
/// capitals; U+1EA0–U+1EF9. `None` for any other character.
#[inline]
pub(crate) fn lower_vietnamese_letter(bytes: &[u8]) -> Option<(usize, Option<char>)> {
    let two = |b0: u8, b1: u8| (u32::from(b0 & 0x1F) << 6) | u32::from(b1 & 0x3F);
    match *bytes {
        // U+00C0–U+00FF: the capitals are 0x20 below their small letters.
        [0xC3, b1, ..] => match b1 {
            0x90 | 0x97 | 0xB0 | 0xB7 => None,
            0x80..=0x9E => Some((2, char::from_u32(two(0xC3, b1) + 0x20))),
            0x9F..=0xBF => Some((2, None)),
            _ => None,
        },
        // Ă Đ Ĩ / ă đ ĩ, Ũ / ũ, Ơ Ư / ơ ư: each capital is one below its small letter.
        [b0 @ 0xC4, b1 @ (0x82 | 0x90 | 0xA8), ..] | [b0 @ 0xC5, b1 @ 0xA8, ..] | [b0 @ 0xC6, b1 @ (0xA0 | 0xAF), ..] => Some((2, char::from_u32(two(b0, b1) + 1))),
        [0xC4, 0x83 | 0x91 | 0xA9, ..] | [0xC5, 0xA9, ..] | [0xC6, 0xA1 | 0xB0, ..] => Some((2, None)),
        // U+1EA0–U+1EF9: capitals even, small letters odd.
        [0xE1, b1 @ 0xBA, b2 @ 0xA0..=0xBF, ..] | [0xE1, b1 @ 0xBB, b2 @ 0x80..=0xB9, ..] => {
            let cp = 0x1000 | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            Some((3, if cp & 1 == 0 { char::from_u32(cp | 1) } else { None }))
        }
        _ => None,
    }
}

/// Punctuation and symbols that every step of [`fold`] leaves as they are (no case, no
/// decomposition, no dash, no space): quotes, `…`, `•`, arrows, `≤`, `□`, `«`, `°`. The test
/// `inert_symbols_fold_as_the_general_path_does` checks each one.
fn is_inert_symbol(c: char) -> bool {
    !is_dash(c) && matches!(c, '\u{00A1}'..='\u{00A9}' | '\u{00AB}'..='\u{00B4}' | '\u{00B6}'..='\u{00B9}' | '\u{00BB}'..='\u{00BF}' | '\u{2016}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{2190}'..='\u{22FF}' | '\u{25A0}'..='\u{25FF}')
}

/// The last `max_bytes` (or fewer, to stay on a char boundary) of `s`: a bounded look-behind
/// window, so that per-match context checks stay linear on huge one-line inputs.
pub fn tail(s: &str, max_bytes: usize) -> &str {
    let mut start = s.len().saturating_sub(max_bytes);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    s.get(start..).unwrap_or("")
}

/// Whether `text` holds an ASCII digit: a whole-paragraph gate in front of every pattern
/// that needs one. Taken 32 bytes at a time without an early exit inside a block, so that the
/// compiler turns each block into a few vector instructions (a byte-at-a-time `any` cost
/// several instructions per byte of every paragraph).
pub fn has_ascii_digit(text: &str) -> bool {
    let mut blocks = text.as_bytes().chunks_exact(32);
    for block in &mut blocks {
        if block.iter().fold(false, |found, &b| found | (b.wrapping_sub(b'0') < 10)) {
            return true;
        }
    }
    blocks.remainder().iter().any(u8::is_ascii_digit)
}

/// The first ASCII digit in `bytes` at or after `from`. Read eight bytes at a time as one
/// word: a byte is a digit when its high half is `3` and its low half is below 10, and
/// the lowest byte that is neither is found by the usual zero-byte test (exact for the
/// lowest such byte, which is all that is asked).
pub fn next_ascii_digit(bytes: &[u8], from: usize) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    let rest = bytes.get(from..)?;
    let mut words = rest.chunks_exact(8);
    let mut at = from;
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().ok()?);
        // Zero in every byte that is a digit.
        let miss = ((x & (0xF0 * LO)) ^ (0x30 * LO)) | (((x & (0x0F * LO)) + 0x06 * LO) & (0x10 * LO));
        let zero = miss.wrapping_sub(LO) & !miss & (0x80 * LO);
        if zero != 0 {
            return Some(at + zero.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    words.remainder().iter().position(u8::is_ascii_digit).map(|k| at + k)
}

/// The length of the run of ASCII digits that starts at byte `from` of `bytes` (0 for none).
pub fn digits_at(bytes: &[u8], from: usize) -> usize {
    bytes.get(from..).map_or(0, |r| r.iter().take_while(|b| b.is_ascii_digit()).count())
}

/// The runs of ASCII digits in `s`, in order, as byte ranges `(start, end)`.
pub fn digit_runs(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = s.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = next_ascii_digit(bytes, from)?;
        from = start + digits_at(bytes, start);
        Some((start, from))
    })
}

/// Whether a word boundary (`\b` of the regex crate, Unicode flavour) is at byte `at` of
/// `s`.
pub fn word_boundary(s: &str, at: usize) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| regex_syntax::try_is_word_character(c).unwrap_or(false));
    word(s.get(..at).and_then(|b| b.chars().next_back())) != word(s.get(at..).and_then(|a| a.chars().next()))
}

/// The matches of `re` in `text` that start at a word boundary: `re.captures_iter` of the
/// pattern with a leading `\b`, which `re` must leave out.
///
/// Why: a Unicode `\b` anywhere in a pattern makes the regex crate's DFAs give up at the
/// first non-ASCII byte, so on Vietnamese text every search ran in the NFA engines (a
/// quarter of all extraction time). Checking the boundary here keeps the search on the DFA
/// and finds the same matches: any match with the boundary is a match without it, and a
/// rejected start is retried one character later, as the engine would.
pub fn captures_at_word_start<'r, 't>(re: &'r regex::Regex, text: &'t str) -> impl Iterator<Item = regex::Captures<'t>> + use<'r, 't> {
    let mut from = 0;
    std::iter::from_fn(move || {
        while from <= text.len() {
            let c = re.captures_at(text, from)?;
            let m = c.get(0)?;
            if word_boundary(text, m.start()) {
                // Patterns used here never match the empty string; step on regardless.
                from = if m.end() > m.start() { m.end() } else { m.end() + text.get(m.end()..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8) };
                return Some(c);
            }
            from = m.start() + text.get(m.start()..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
        }
        None
    })
}

/// [`captures_at_word_start`] without the groups: the same matches, found by the regex
/// crate's DFAs alone (captures run its slower engines on every match).
pub fn find_at_word_start<'r, 't>(re: &'r regex::Regex, text: &'t str) -> impl Iterator<Item = regex::Match<'t>> + use<'r, 't> {
    let mut from = 0;
    std::iter::from_fn(move || {
        while from <= text.len() {
            let m = re.find_at(text, from)?;
            if word_boundary(text, m.start()) {
                from = if m.end() > m.start() { m.end() } else { m.end() + text.get(m.end()..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8) };
                return Some(m);
            }
            from = m.start() + text.get(m.start()..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
        }
        None
    })
}

/// [`captures_at_word_start`] for a pattern `re` whose matches start exactly where those of
/// the smaller pattern `starts` do (`re` is `starts` followed by more: `(?i:tỉnh|xã)\s+\p{Lu}`
/// before a whole name). Same captures, same order.
///
/// Why: capturing with a large Unicode pattern is slow however it is run (its lazy DFA keeps
/// filling up and the search falls back to the NFA engines); the small pattern scans the
/// text on the DFA, and the large one only runs where a match is known to start.
pub fn captures_at_word_start_from<'r, 't>(starts: &'r regex::Regex, re: &'r regex::Regex, text: &'t str) -> impl Iterator<Item = regex::Captures<'t>> + use<'r, 't> {
    let mut from = 0;
    std::iter::from_fn(move || {
        while from <= text.len() {
            let start = starts.find_at(text, from)?.start();
            if word_boundary(text, start) {
                let c = re.captures_at(text, start)?;
                let m = c.get(0)?;
                from = if m.end() > m.start() { m.end() } else { m.end() + text.get(m.end()..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8) };
                return Some(c);
            }
            from = start + text.get(start..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
        }
        None
    })
}

/// The first `max_bytes` (or fewer, on a char boundary) of `s`.
pub fn head(s: &str, max_bytes: usize) -> &str {
    let mut end = max_bytes.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// True for the dash-like characters that documents use interchangeably with `-`.
pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}')
}

/// True for letters that start a Vietnamese word in upper case (including `Đ`).
pub fn is_upper_start(c: char) -> bool {
    c.is_uppercase()
}

#[cfg(test)]
mod tests {
    use super::{digit_runs, digits_at};

    #[test]
    fn digit_runs_are_the_maximal_runs_of_ascii_digits() {
        assert_eq!(digit_runs("ngày 05 tháng 3 năm 2023").collect::<Vec<_>>(), vec![(6, 8), (16, 17), (23, 27)]);
        assert_eq!(digit_runs("12/3").collect::<Vec<_>>(), vec![(0, 2), (3, 4)]);
        assert_eq!(digit_runs("١٢ x").count(), 0, "only ASCII digits");
        assert_eq!(digits_at(b"123a", 0), 3);
        assert_eq!(digits_at(b"123a", 3), 0);
        assert_eq!(digits_at(b"12", 5), 0);
    }

    proptest::proptest! {
        #[test]
        fn next_ascii_digit_is_the_first_digit_from_where_it_starts(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80), from in 0usize..90) {
            let expected = bytes.get(from..).and_then(|r| r.iter().position(u8::is_ascii_digit)).map(|k| from + k);
            proptest::prop_assert_eq!(super::next_ascii_digit(&bytes, from), expected);
        }
    }

    #[test]
    fn next_ascii_digit_at_every_position_of_every_byte() {
        for b in 0..=255u8 {
            for at in 0..20 {
                let mut v = vec![b'a'; 20];
                v[at] = b;
                let want = if b.is_ascii_digit() { Some(at) } else { None };
                assert_eq!(super::next_ascii_digit(&v, 0), want, "{b} at {at}");
                // Every byte value before a digit, in one word.
                v[19] = b'7';
                assert_eq!(super::next_ascii_digit(&v, 0), Some(if b.is_ascii_digit() { at } else { 19 }), "{b} at {at}");
            }
        }
    }

    use super::*;

    proptest::proptest! {
        #[test]
        fn has_ascii_digit_is_any_digit(text in "[a-zđ ,.9/\u{660}]{0,80}") {
            proptest::prop_assert_eq!(has_ascii_digit(&text), text.bytes().any(|b| b.is_ascii_digit()));
        }
    }

    /// The fast letter tests answer what the standard library answers, for every character.
    #[test]
    fn letter_or_digit_is_alphanumeric() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?}");
            assert_eq!(is_lower(c), c.is_lowercase(), "{c:?}");
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    /// The boundary checked outside the pattern finds exactly what `\b` inside it finds,
    /// on strings made of the pieces where the two could part: Vietnamese letters glued to
    /// digits, `_`, overlapping candidates.
    #[test]
    fn word_start_outside_the_pattern_equals_a_leading_word_boundary() {
        use proptest::prelude::*;
        let pieces = ["1", "23", "/", "-", "KH", "ố", "a", " ", "tỉnh", "Tỉnh ", "Đắk", "_", ".", "ĐT", "\u{301}"];
        let pairs = [
            (r"[0-9]{1,5}[a-zđ]?\s*[/-]\s*\p{Lu}[\p{L}0-9]*", r"\b[0-9]{1,5}[a-zđ]?\s*[/-]\s*\p{Lu}[\p{L}0-9]*"),
            (r"(?i:tỉnh|xã)\s+\p{Lu}\p{L}*", r"\b(?i:tỉnh|xã)\s+\p{Lu}\p{L}*"),
            (r"(?i:kh|ố)(?:\s+\p{Ll}+)?\s*$", r"\b(?i:kh|ố)(?:\s+\p{Ll}+)?\s*$"),
        ];
        for (outside, inside) in pairs {
            let (outside, inside) = (regex::Regex::new(outside).expect("pattern"), regex::Regex::new(inside).expect("pattern"));
            proptest!(ProptestConfig::with_cases(400), |(ix in proptest::collection::vec(0..pieces.len(), 0..14))| {
                let text: String = ix.iter().map(|&i| pieces[i]).collect();
                let got: Vec<(usize, usize)> = captures_at_word_start(&outside, &text).filter_map(|c| c.get(0)).map(|m| (m.start(), m.end())).collect();
                let want: Vec<(usize, usize)> = inside.find_iter(&text).map(|m| (m.start(), m.end())).collect();
                prop_assert_eq!(got, want, "{:?}", text);
            });
        }
    }

    #[test]
    fn old_tone_placement_becomes_modern() {
        assert_eq!(modern_tone("Uỷ ban, hoà bình, thuỷ lợi"), "Ủy ban, hòa bình, thủy lợi");
        assert_eq!(modern_tone("UỶ BAN NHÂN DÂN"), "ỦY BAN NHÂN DÂN");
    }

    #[test]
    fn qu_keeps_its_mark_and_inner_pairs_stay() {
        assert_eq!(modern_tone("quý, quỹ"), "quý, quỹ");
        assert_eq!(modern_tone("hoàn thành, khoẻ"), "hoàn thành, khỏe");
    }

    /// Where the fast path answers, it answers what the general path does: on every line
    /// of the corpus and corpus-extra and on random text.
    #[test]
    fn letters_lowered_by_their_bytes_are_those_the_character_rules_lower() {
        let mut n = 0;
        for c in ('\u{80}'..='\u{2FFF}').filter(|c| !c.is_ascii()) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes().to_vec();
            if let Some((len, lower)) = lower_vietnamese_letter(&bytes) {
                n += 1;
                assert_eq!(len, c.len_utf8(), "{c:?}");
                assert!(is_letter(c) && !c.is_whitespace(), "{c:?}");
                let want = c.to_lowercase().collect::<String>();
                assert_eq!(lower.unwrap_or(c).to_string(), want, "{c:?}");
                assert_eq!(lower.is_some(), c.is_uppercase(), "{c:?}");
                assert_eq!(fold_general(&c.to_string()), want, "{c:?}");
            }
        }
        // U+00C0–U+00FF but four signs and confusables, six pairs, U+1EA0–U+1EF9.
        assert_eq!(n, 60 + 12 + 90);
    }

    #[test]
    fn abbreviated_body_names_are_spelled_out_and_others_copied() {
        for (text, want) in [
            ("UBND tỉnh Gia Lai", "Ủy ban nhân dân tỉnh Gia Lai"),
            ("HĐND và UBND xã", "Hội đồng nhân dân và Ủy ban nhân dân xã"),
            ("Ban Thường trực MTTQ", "Ban Thường trực Mặt trận Tổ quốc"),
            ("Bộ Nội vụ", "Bộ Nội vụ"),
            ("UBNDtỉnh  UBND,", "UBNDtỉnh  UBND,"),
            ("", ""),
        ] {
            assert_eq!(spell_out(text), want, "{text:?}");
        }
    }

    #[test]
    fn folded_prefixes_are_those_of_the_whole_fold() {
        let prefixes = ["nơi nhận", "lưu", "chủ tịch ", "kèm theo", "a", ""];
        let mut hits = 0;
        for (_, t) in crate::testing::corpus_texts() {
            for l in t.lines().take(400) {
                for p in prefixes {
                    let whole = fold(l).starts_with(p);
                    assert_eq!(folded_starts_with(l, p), whole, "{l:?} {p:?}");
                    hits += usize::from(whole && !p.is_empty());
                }
            }
        }
        assert!(hits > 100, "the corpus must hold lines with these starts: {hits}");
        // Words that fold to fewer bytes than they are (the Kelvin sign is `k`), white space
        // first, tone pairs at the cut, and lines shorter than the prefix.
        assert!(folded_starts_with("\u{212A}\u{212A} k", "kk k"));
        // A tone pair is moved only where it ends the word, so a cut inside one is wrong.
        assert!(!folded_starts_with("hoàn thành", "hòa"));
        assert!(folded_starts_with("hoà bình", "hòa"));
        for l in ["\u{212A}\u{212A}\u{212A}\u{212A}\u{212A} nơi nhận", "   \t  Nơi nhận:", "NƠI NHẬN: x", "Nơi  nhận", "Nơi", "hoà nơi", "LƯU: VT", "Lưu\u{00A0}VT", "Nơi nha\u{0323}\u{0302}n:"] {
            for p in prefixes {
                assert_eq!(folded_starts_with(l, p), fold(l).starts_with(p), "{l:?} {p:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn folded_prefixes_hold_for_any_text(l in "[a-zA-Z \t\u{00A0}\u{212A}ơƠnNhHậẬưƯuUàÀoO\u{0301}\u{0323}\u{0302}:-]{0,24}", p in "(nơi nhận|lưu|hòa|k|kk k|ơ n|)") {
            proptest::prop_assert_eq!(folded_starts_with(&l, &p), fold(&l).starts_with(p.as_str()));
        }
    }

    #[test]
    fn fold_fast_equals_the_general_path_where_it_answers() {
        let mut lines = 0;
        for (_, t) in crate::testing::corpus_texts() {
            for l in t.lines() {
                lines += 1;
                if let Some(f) = fold_fast(l) {
                    assert_eq!(f, fold_general(l), "{l:?}");
                }
            }
        }
        assert!(lines > 100, "no corpus read");
    }

    proptest::proptest! {
        #[test]
        fn fold_fast_equals_the_general_path_on_random_text(s in "[a-zA-Z0-9 \t\u{a0}\u{2003}.,;:()\\-–—oOuUqQàáảãạÀÁẢÃẠèéẻẽẹỳýỷỹỵỲÝỶĂÂĐÊÔƠƯăâđêôơưÐð×÷ß\u{0301}]{0,24}") {
            if let Some(f) = fold_fast(&s) {
                proptest::prop_assert_eq!(f, fold_general(&s));
            }
        }
    }

    #[test]
    fn inert_symbols_fold_as_the_general_path_does() {
        let general = |s: &str| {
            let nfc: String = s.nfc().collect();
            let lower = modern_tone(&nfc).to_lowercase();
            lower.split_whitespace().map(|w| w.chars().map(|c| if is_dash(c) { '-' } else { c }).collect::<String>()).collect::<Vec<_>>().join(" ")
        };
        let mut n = 0;
        for c in (0..=0xFFFFu32).filter_map(char::from_u32).filter(|&c| is_inert_symbol(c)) {
            n += 1;
            assert!(!c.is_whitespace() && !is_dash(c) && !is_letter(c) && !old_style_candidate(c), "{c:?}");
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
            for s in [format!("x{c}Y {c}"), format!("hoà{c}"), format!("{c}hoạch")] {
                assert_eq!(fold_fast(&s).as_deref().unwrap_or(&fold(&s)), general(&s), "{s:?}");
            }
            assert!(fold_fast(&format!("a{c}b")).is_some(), "{c:?}");
        }
        assert!(n > 300, "{n} inert symbols");
    }

    /// Tone pairs inside a syllable stay on the fast path; pairs that end it, and `qu`, give
    /// what the general path gives.
    #[test]
    fn tone_pairs_on_the_fast_path() {
        for s in ["kế hoạch", "hoàn thành", "quản lý", "quả", "quý", "Uỷ ban", "hoà", "hoà bình", "HOẠCH", "toàn", "thoả thuận", "khoẻ", "Qủa", "uỳ", "oàx"] {
            assert_eq!(fold(s), fold_general(s), "{s}");
        }
        assert!(fold_fast("kế hoạch hoàn thành quản lý quả").is_some());
        assert!(fold_fast("hoà").is_none() && fold_fast("Uỷ ban").is_none());
    }

    #[test]
    fn fold_fast_path_agrees_with_the_general_path() {
        let general = |s: &str| {
            let nfc: String = s.nfc().collect();
            let lower = modern_tone(&nfc).to_lowercase();
            lower.split_whitespace().map(|w| w.chars().map(|c| if is_dash(c) { '-' } else { c }).collect::<String>()).collect::<Vec<_>>().join(" ")
        };
        let mut fast = 0;
        for c in ('\u{00C0}'..='\u{01B0}').chain('\u{1EA0}'..='\u{1EF9}').chain(' '..='~') {
            let one = format!("x{c}Y {c}");
            assert_eq!(fold(&one), general(&one), "{c:?}");
            fast += usize::from(fold_fast(&one).is_some());
        }
        // Every Vietnamese letter (134 precomposed + ASCII) takes the fast path.
        assert!(fast >= 134 + 95, "fast path for {fast} characters");
        for s in ["  Tỉnh  Uỷ ", "Kinh tế – xã hội", "ỦY BAN NHÂN DÂN TỈNH", "a\u{0301}", "HOÀ BÌNH hoàn QUÝ quỹ"] {
            assert_eq!(fold(s), general(s), "{s}");
        }
    }

    #[test]
    fn fast_upper_agrees_with_the_standard_library() {
        for c in ('\u{0}'..='\u{024F}').chain('\u{1E00}'..='\u{1EFF}') {
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?}");
        }
    }

    #[test]
    fn fold_is_case_tone_and_space_insensitive() {
        assert_eq!(fold("  Tỉnh  Uỷ "), fold("tỉnh ủy"));
        assert_eq!(fold("Kinh tế – xã hội"), "kinh tế - xã hội");
    }
}
