//! Decoders for the legacy Vietnamese encodings, and the repairs that belong to them.
//!
//! Every decoder here turns *any* byte string into text: none of these encodings has invalid
//! sequences, so choosing between them is [`super::detect`]'s job. The byte tables are data
//! files in `tables/` (shared with `scripts/reencode.py`, which writes the test fixtures), each
//! citing the specification it follows:
//! * TCVN3 / ABC — `tables/tcvn3.tsv`, TCVN 5712:1993. Bytes 0x80–0x9F are read as
//!   Windows-1252 punctuation (“ ” – …), as the Windows `.VnTime` fonts show them, rather than
//!   as the VN1 toned capitals glibc's `TCVN5712-1` puts there: ABC text has no toned capitals
//!   (domain-facts §6.1) but does have Word's curly quotes. C0 control bytes stay controls.
//! * VNI — `tables/vni.tsv`, base letter + mark byte, everything else Windows-1252.
//! * VISCII — `tables/viscii.tsv`, RFC 1456, including its six C0 positions.
//! * Windows-1258 — `encoding_rs`, then NFC (it stores tone marks as combining characters).
//! * VIQR — RFC 1456's ASCII mnemonics, rules in [`viqr`].
//! * UTF-8 read as Windows-1252/Latin-1 and saved again as UTF-8 — undone by [`unmojibake`].

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

/// Windows-1252 for 0x80–0x9F; the five bytes it leaves undefined become the C1 controls
/// of the same value, as Latin-1 readers produce them.
const CP1252_C1: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', //
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// The character a Windows-1252 reader shows for `b`.
pub(crate) fn cp1252_char(b: u8) -> char {
    if (0x80..0xA0).contains(&b) {
        CP1252_C1[usize::from(b - 0x80)]
    } else {
        char::from(b)
    }
}

/// The byte a Windows-1252 (or Latin-1) reader would have shown as `c`: the inverse of
/// [`cp1252_char`], also accepting the C1 controls a Latin-1 reader leaves.
pub(crate) fn cp1252_byte(c: char) -> Option<u8> {
    let u = u32::from(c);
    if u < 0x100 {
        return u8::try_from(u).ok();
    }
    CP1252_C1.iter().position(|&x| x == c).and_then(|i| u8::try_from(0x80 + i).ok())
}

/// Rows of a table file: the byte sequence and the character it encodes. Comment lines start
/// with `#`; columns are bytes (hex, space-separated), the character as shown, `U+XXXX`.
fn rows(tsv: &'static str) -> impl Iterator<Item = (Vec<u8>, char)> {
    tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).filter_map(|l| {
        let mut cols = l.split('\t');
        let bytes = cols.next()?;
        let _shown = cols.next()?;
        let code = cols.next()?.strip_prefix("U+")?;
        let bytes: Option<Vec<u8>> = bytes.split(' ').map(|h| u8::from_str_radix(h, 16).ok()).collect();
        let c = char::from_u32(u32::from_str_radix(code, 16).ok()?)?;
        Some((bytes?, c))
    })
}

/// The TCVN3 table file, for tests that check it against glibc.
pub(crate) const TCVN3_TSV: &str = include_str!("tables/tcvn3.tsv");
/// The VISCII table file.
pub(crate) const VISCII_TSV: &str = include_str!("tables/viscii.tsv");
/// The VNI table file.
pub(crate) const VNI_TSV: &str = include_str!("tables/vni.tsv");

fn byte_table(tsv: &'static str, base: fn(u8) -> char) -> [char; 256] {
    let mut t = ['\0'; 256];
    for (b, slot) in t.iter_mut().enumerate() {
        *slot = base(u8::try_from(b).unwrap_or(0));
    }
    for (bytes, c) in rows(tsv) {
        if let [b] = bytes[..] {
            t[usize::from(b)] = c;
        }
    }
    t
}

static TCVN3: LazyLock<[char; 256]> = LazyLock::new(|| byte_table(TCVN3_TSV, cp1252_char));
static VISCII: LazyLock<[char; 256]> = LazyLock::new(|| byte_table(VISCII_TSV, char::from));

/// VNI: single-byte letters over a Windows-1252 base, and (base, mark) pairs.
struct Vni {
    single: [char; 256],
    pairs: HashMap<(u8, u8), char>,
}

static VNI: LazyLock<Vni> = LazyLock::new(|| {
    let mut pairs = HashMap::new();
    for (bytes, c) in rows(VNI_TSV) {
        if let [a, b] = bytes[..] {
            pairs.insert((a, b), c);
        }
    }
    Vni { single: byte_table(VNI_TSV, cp1252_char), pairs }
});

/// Decodes TCVN3 (ABC). Text typed for the capitals fonts is left as the bytes say; see
/// [`restore_capitals`].
pub(crate) fn tcvn3(raw: &[u8]) -> String {
    nfc(raw.iter().map(|&b| TCVN3[usize::from(b)]).collect())
}

/// Decodes VISCII.
pub(crate) fn viscii(raw: &[u8]) -> String {
    raw.iter().map(|&b| VISCII[usize::from(b)]).collect()
}

/// Decodes Windows-1258 and composes its separate tone marks (NFC).
pub(crate) fn windows_1258(raw: &[u8]) -> String {
    let (text, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(raw);
    nfc(text.into_owned())
}

/// Decodes VNI. An upper-case letter followed by a lower-case mark byte (`Uûy`), which files
/// in the wild have, is read as the capital.
pub(crate) fn vni(raw: &[u8]) -> String {
    let t = &*VNI;
    let mut out = String::with_capacity(raw.len() + raw.len() / 2);
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if let Some(&n) = raw.get(i + 1) {
            // Mark bytes live in 0xC0–0xFF; their lower-case forms are 0x20 above the capitals.
            let found = t.pairs.get(&(b, n)).copied().or_else(|| {
                let is_upper_base = b.is_ascii_uppercase() || b == 0xD4 || b == 0xD6;
                (is_upper_base && n >= 0xE0).then(|| t.pairs.get(&(b, n - 0x20)).copied()).flatten()
            });
            if let Some(c) = found {
                out.push(c);
                i += 2;
                continue;
            }
        }
        out.push(t.single[usize::from(b)]);
        i += 1;
    }
    out
}

/// NFC, skipped when the text is already composed (the common case).
pub(crate) fn nfc(text: String) -> String {
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        text
    } else {
        text.nfc().collect()
    }
}

// ---------------------------------------------------------------------------------------
// TCVN3 capitals

/// Puts back capitals that TCVN3 (ABC) text could not store.
///
/// ABC has no toned capitals, so all-caps headings were typed with lower-case codes that a
/// capitals font (`.VnTimeH`) draws as capitals: `KẾ HOẠCH` is stored as `KÕ HO¹CH` and decodes
/// to `Kế HOạCH`. Three repairs, each only where the lower-case letter cannot be meant:
/// 1. A word with no ASCII lower-case letter, some lower-case Vietnamese letter and either two
///    ASCII capitals (`HOạCH`) or a capital after a lower-case letter (`ủY`) goes into capitals.
///    When a line has such a word and no word with an ASCII lower-case letter, the line is a
///    heading and all of it goes into capitals (`Kế`, `ở`).
/// 2. The first word of a numbered line (`6. ủy ban …`, `a) ấp …`) gets its capital: numbered
///    headings and items start with one.
/// 3. `ủy ban` is `Ủy ban`: in official texts the word is the start of a body's name.
///
/// What stays: lines typed entirely in lower-case codes (`kÕ ho¹ch`), and a toned capital
/// starting any other word (`ở` for `Ở`). Returns the text and the number of words changed.
pub fn restore_capitals(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut changed = 0;
    for line in text.split_inclusive('\n') {
        let (line, n) = restore_heading_capitals(line);
        changed += n;
        let (line, n) = capitalize_numbered_item(&line);
        changed += n;
        let n = line.matches("ủy ban").count();
        changed += n;
        out.push_str(&if n > 0 { line.replace("ủy ban", "Ủy ban") } else { line });
    }
    (out, changed)
}

/// Repair 1 of [`restore_capitals`] on one line.
fn restore_heading_capitals(line: &str) -> (String, usize) {
    let words = letter_runs(line);
    let kinds: Vec<CapsKind> = words.iter().map(|&(s, e)| caps_kind(&line[s..e])).collect();
    if !kinds.contains(&CapsKind::Strong) {
        return (line.to_string(), 0);
    }
    let heading = !kinds.contains(&CapsKind::Lower);
    let mut out = String::with_capacity(line.len());
    let mut changed = 0;
    let mut last = 0;
    for (&(s, e), kind) in words.iter().zip(&kinds) {
        if *kind == CapsKind::Strong || (heading && *kind == CapsKind::Mixed) {
            out.push_str(&line[last..s]);
            out.push_str(&line[s..e].to_uppercase());
            last = e;
            changed += 1;
        }
    }
    out.push_str(&line[last..]);
    (out, changed)
}

/// Repair 2 of [`restore_capitals`]: `6. ủy` → `6. Ủy`, `1.2. ổn` → `1.2. Ổn`, `a) ấp` → `a) Ấp`.
fn capitalize_numbered_item(line: &str) -> (String, usize) {
    let body = line.trim_start();
    let indent = line.len() - body.len();
    let b = body.as_bytes();
    let mut i = 0;
    if b.first().is_some_and(u8::is_ascii_digit) {
        while i < b.len() && (b[i].is_ascii_digit() || (b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))) {
            i += 1;
        }
        if !matches!(b.get(i), Some(b'.' | b')')) {
            return (line.to_string(), 0);
        }
    } else if b.first().is_some_and(u8::is_ascii_lowercase) && b.get(1) == Some(&b')') {
        i = 1;
    } else {
        return (line.to_string(), 0);
    }
    i += 1;
    if b.get(i) != Some(&b' ') {
        return (line.to_string(), 0);
    }
    let word_at = indent + i + 1;
    let Some(first) = line[word_at..].chars().next() else { return (line.to_string(), 0) };
    if first.is_ascii() || !first.is_lowercase() {
        return (line.to_string(), 0);
    }
    let upper: String = first.to_uppercase().collect();
    (format!("{}{upper}{}", &line[..word_at], &line[word_at + first.len_utf8()..]), 1)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CapsKind {
    /// Has an ASCII lower-case letter: ordinary text.
    Lower,
    /// Certainly a capitals-font word.
    Strong,
    /// Lower-case Vietnamese letters without ASCII lower-case ones (`Kế`, `ở`): a heading word
    /// if the line is a heading.
    Mixed,
    /// Nothing to change.
    Other,
}

fn caps_kind(word: &str) -> CapsKind {
    let mut ascii_upper = 0;
    let mut vn_lower = false;
    let mut upper_after_lower = false;
    for c in word.chars() {
        if c.is_ascii_lowercase() {
            return CapsKind::Lower;
        }
        if c.is_ascii_uppercase() {
            ascii_upper += 1;
        }
        if c.is_uppercase() && vn_lower {
            upper_after_lower = true;
        }
        if !c.is_ascii() && c.is_lowercase() {
            vn_lower = true;
        }
    }
    match (vn_lower, ascii_upper >= 2 || upper_after_lower) {
        (true, true) => CapsKind::Strong,
        (true, false) => CapsKind::Mixed,
        _ => CapsKind::Other,
    }
}

/// Byte ranges of the maximal runs of letters in `line`.
fn letter_runs(line: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, line.len()));
    }
    runs
}

// ---------------------------------------------------------------------------------------
// VIQR

const VOWELS: &str = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY";

/// The combining mark a VIQR mnemonic stands for, and whether it is a shape (not a tone) mark.
fn viqr_mark(c: char) -> Option<(char, bool)> {
    Some(match c {
        '(' => ('\u{306}', true),
        '^' => ('\u{302}', true),
        '+' => ('\u{31B}', true),
        '\'' => ('\u{301}', false),
        '`' => ('\u{300}', false),
        '?' => ('\u{309}', false),
        '~' => ('\u{303}', false),
        '.' => ('\u{323}', false),
        _ => return None,
    })
}

/// `base` with `mark` added, when that is one Vietnamese letter: shapes only on a bare vowel
/// that takes them, a tone only on a vowel without one.
fn add_mark(base: char, mark: char, shape: bool) -> Option<char> {
    let parts: Vec<char> = std::iter::once(base).nfd().collect();
    let (&letter, marks) = parts.split_first()?;
    if !VOWELS.contains(letter) {
        return None;
    }
    let has_tone = marks.iter().any(|m| matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'));
    if shape {
        let ok = marks.is_empty()
            && match mark {
                '\u{306}' => matches!(letter, 'a' | 'A'),
                '\u{302}' => matches!(letter, 'a' | 'e' | 'o' | 'A' | 'E' | 'O'),
                _ => matches!(letter, 'o' | 'u' | 'O' | 'U'),
            };
        if !ok {
            return None;
        }
    } else if has_tone {
        return None;
    }
    let mut composed = std::iter::once(base).chain(std::iter::once(mark)).nfc();
    let c = composed.next()?;
    composed.next().is_none().then_some(c)
}

/// Decodes VIQR (RFC 1456): marks follow their vowel (`Vie^.t`), `dd` starts a word with đ,
/// `\` makes the next mark character literal.
///
/// RFC 1456 leaves `.` and `?` after a word-final vowel ambiguous (`bi.` is bị, or "bi" at the
/// end of a sentence). They are read as marks when another punctuation mark or a lower-case
/// word follows, and as punctuation before a capital, a line end or the end of the text.
pub(crate) fn viqr(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\\' && next.is_some_and(|n| viqr_mark(n).is_some() || n == 'd' || n == 'D') {
            out.extend(next);
            i += 2;
            continue;
        }
        if matches!(c, 'd' | 'D') && matches!(next, Some('d' | 'D')) && !out.last().is_some_and(|p| p.is_alphabetic()) {
            out.push(if c == 'D' { 'Đ' } else { 'đ' });
            i += 2;
            continue;
        }
        if let (Some((mark, shape)), Some(&prev)) = (viqr_mark(c), out.last()) {
            if viqr_mark_applies(c, &chars[i + 1..]) {
                if let Some(m) = add_mark(prev, mark, shape) {
                    if let Some(last) = out.last_mut() {
                        *last = m;
                    }
                    i += 1;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out.into_iter().collect()
}

/// Whether the mark character `c` before `rest` is a mark rather than punctuation.
fn viqr_mark_applies(c: char, rest: &[char]) -> bool {
    if !matches!(c, '.' | '?') {
        return true;
    }
    match rest.first() {
        Some(n) if n.is_alphabetic() || viqr_mark(*n).is_some() => true,
        Some(',' | ';' | ':' | '!' | ')') => true,
        Some(' ' | '\t') => rest.iter().find(|x| !matches!(x, ' ' | '\t')).is_some_and(|x| x.is_lowercase()),
        _ => false,
    }
}

/// How many VIQR mnemonics an ASCII text shows: a vowel followed by a shape mark, or by a tone
/// mark and then a letter, and `dd` at a word start. Cheap, to decide whether VIQR is worth
/// scoring.
pub(crate) fn viqr_signals(text: &str) -> usize {
    let b = text.as_bytes();
    let mut n = 0;
    for i in 0..b.len().saturating_sub(2) {
        let (x, y, z) = (b[i], b[i + 1], b[i + 2]);
        let vowel = matches!(x.to_ascii_lowercase(), b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
        let shape = vowel && matches!(y, b'(' | b'^' | b'+') && (z.is_ascii_alphabetic() || matches!(z, b'\'' | b'`' | b'?' | b'~' | b'.'));
        let tone = vowel && matches!(y, b'\'' | b'`' | b'?' | b'~' | b'.') && z.is_ascii_lowercase();
        let dd = matches!(x, b'd' | b'D') && matches!(y, b'd' | b'D') && (i == 0 || !b[i - 1].is_ascii_alphabetic()) && z.is_ascii_alphabetic();
        n += usize::from(shape || tone || dd);
    }
    n
}

// ---------------------------------------------------------------------------------------
// UTF-8 mis-decoded as Windows-1252 and saved again

/// How many places in `text` look like UTF-8 that was read as Windows-1252/Latin-1: a lead
/// byte of a Vietnamese letter (`Ã Ä Å Æ` for 0xC3–0xC6, `á â` for 0xE1–0xE2 with two) followed
/// by characters that are continuation bytes in that reading (`Káº¿`, `Ä‘`, `Æ°`).
///
/// Runs on every clean UTF-8 input, so it is one `memchr` pass over the `C3` bytes: every
/// damaged Vietnamese letter shows `Ã`, `Ä`, `Å`, `Æ`, or `áº`/`á»` (U+1EA0–U+1EF9 are E1 BA/BB
/// xx), and without one of these telltales the count is 0.
pub(crate) fn mojibake_signals(text: &str) -> usize {
    if !has_mojibake_telltale(text.as_bytes()) {
        return 0;
    }
    mojibake_signals_counted(text)
}

/// Whether `bytes` hold one of the telltales of [`mojibake_signals`]: `Ã Ä Å Æ` (C3 83–86)
/// or `áº`/`á»` (C3 A1 C2 BA/BB).
///
/// Why: `C3` leads a tenth of the characters of Vietnamese text (`à á â ã è é ê ì í ò ó ô õ
/// ù ú ý`), so a `memchr` pass over them stops at every few bytes; these tests on 32 bytes
/// at a time, with no branch inside, compile to vector compares, and clean text, nearly all
/// of it, never gets to the count.
fn has_mojibake_telltale(bytes: &[u8]) -> bool {
    let hit = |a: u8, b: u8, c: u8, d: u8| (a == 0xC3) & ((b.wrapping_sub(0x83) < 4) | ((b == 0xA1) & (c == 0xC2) & ((d | 1) == 0xBB)));
    let mut i = 0;
    while let (Some(a), Some(b), Some(c), Some(d)) = (bytes.get(i..i + 32), bytes.get(i + 1..i + 33), bytes.get(i + 2..i + 34), bytes.get(i + 3..i + 35)) {
        let mut any = false;
        for k in 0..32 {
            any |= hit(a[k], b[k], c[k], d[k]);
        }
        if any {
            return true;
        }
        i += 32;
    }
    // The last bytes, one at a time (the text's end reads as zero bytes).
    let at = |k: usize| bytes.get(k).copied().unwrap_or(0);
    (i..bytes.len()).any(|k| hit(at(k), at(k + 1), at(k + 2), at(k + 3)))
}

/// [`mojibake_signals`] once a telltale is known to be present: the `C3` bytes followed by
/// one of the six leads counted (`Ã Ä Å Æ á â`, C3 83–86 A1 A2) and a non-ASCII character.
fn mojibake_signals_counted(text: &str) -> usize {
    let cont = |c: Option<char>| c.and_then(cp1252_byte).is_some_and(|b| (0x80..0xC0).contains(&b));
    let bytes = text.as_bytes();
    let mut n = 0;
    let mut from = 0;
    while let Some(at) = next_counted_lead(bytes, from) {
        from = at + 1;
        let lead = bytes.get(at + 1).copied();
        let Some(rest) = text.get(at + 2..) else { break };
        let mut after = rest.chars();
        n += usize::from(if matches!(lead, Some(0xA1 | 0xA2)) {
            // á â: leads of three-byte letters
            cont(after.next()) && cont(after.next())
        } else {
            cont(after.next())
        });
    }
    n
}

/// The first place at or after `from` where [`mojibake_signals_counted`] has something to
/// count: `C3`, then `83`–`86`, `A1` or `A2`, then a byte of at least `C2`.
///
/// Why not `memchr` for the `C3`s: a tenth of the characters of Vietnamese text start with
/// it, and this is tested 32 bytes at a time without a branch (vector compares), as
/// [`has_mojibake_telltale`] is; clean text that holds a telltale (`XÃ`, `NGÃ` in capitals)
/// has almost no place to count.
fn next_counted_lead(bytes: &[u8], from: usize) -> Option<usize> {
    let hit = |a: u8, b: u8, c: u8| (a == 0xC3) & ((b.wrapping_sub(0x83) < 4) | (b.wrapping_sub(0xA1) < 2)) & (c >= 0xC2);
    let mut i = from;
    while let (Some(a), Some(b), Some(c)) = (bytes.get(i..i + 32), bytes.get(i + 1..i + 33), bytes.get(i + 2..i + 34)) {
        let mut any = false;
        for k in 0..32 {
            any |= hit(a[k], b[k], c[k]);
        }
        if any {
            return (0..32).find(|&k| hit(a[k], b[k], c[k])).map(|k| i + k);
        }
        i += 32;
    }
    // The last bytes, one at a time (the text's end reads as zero bytes).
    let at = |k: usize| bytes.get(k).copied().unwrap_or(0);
    (i..bytes.len()).find(|&k| hit(at(k), at(k + 1), at(k + 2)))
}

/// Undoes one round of "UTF-8 read as Windows-1252 (or Latin-1) and saved as UTF-8": maps each
/// character back to the byte that reader saw and decodes those bytes as UTF-8. Pieces that do
/// not form UTF-8 are kept as they are, so text that was only partly damaged survives. An `à`
/// whose no-break space byte an editor turned into a space (`Ã` + space) is repaired too.
pub(crate) fn unmojibake(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut bytes: Vec<u8> = Vec::new();
    for c in text.chars() {
        match cp1252_byte(c) {
            Some(b) => bytes.push(b),
            None => {
                flush_bytes(&bytes, &mut out);
                bytes.clear();
                out.push(c);
            }
        }
    }
    flush_bytes(&bytes, &mut out);
    out
}

fn flush_bytes(mut bytes: &[u8], out: &mut String) {
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(s);
                return;
            }
            Err(e) => {
                let (good, rest) = bytes.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                if rest.starts_with(&[0xC3, 0x20]) {
                    // `à` is C3 A0; the A0 became a space. With the space that followed it as well
                    // (`Ã` + two spaces) one of them is the A0; otherwise keep the space.
                    out.push('à');
                    bytes = if rest.get(2) == Some(&0x20) { &rest[2..] } else { &rest[1..] };
                    continue;
                }
                let bad = e.error_len().unwrap_or(rest.len()).max(1).min(rest.len());
                out.extend(rest[..bad].iter().map(|&b| cp1252_char(b)));
                bytes = &rest[bad..];
                if bytes.is_empty() {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether [`mojibake_signals_counted`]'s own pass finds a telltale (a `C3` at a time).
    fn telltale_by_memchr(bytes: &[u8]) -> bool {
        memchr::memchr_iter(0xC3, bytes).any(|at| {
            let lead = bytes.get(at + 1).copied();
            matches!(lead, Some(0x83..=0x86)) || (lead == Some(0xA1) && matches!(bytes.get(at + 2..at + 4), Some([0xC2, 0xBA | 0xBB])))
        })
    }

    #[test]
    fn telltales_found_where_the_byte_pass_finds_them() {
        for (_, text) in crate::testing::corpus_texts() {
            assert_eq!(has_mojibake_telltale(text.as_bytes()), telltale_by_memchr(text.as_bytes()));
            // Damaged as a reader of Windows-1252 would damage it, at several offsets.
            let damaged: String = text.chars().take(300).flat_map(|c| c.to_string().into_bytes()).map(char::from).collect();
            for cut in [0, 1, 2, 3, 31, 33] {
                let d = damaged.get(cut.min(damaged.len())..).unwrap_or("").as_bytes();
                assert_eq!(has_mojibake_telltale(d), telltale_by_memchr(d));
            }
        }
        assert!(has_mojibake_telltale("Káº¿ hoáº¡ch".as_bytes()));
        assert!(!has_mojibake_telltale("Kế hoạch á à".as_bytes()));
    }

    /// The count as it was first written: one `memchr` pass over the `C3` bytes.
    fn mojibake_signals_by_memchr(text: &str) -> usize {
        let cont = |c: Option<char>| c.and_then(cp1252_byte).is_some_and(|b| (0x80..0xC0).contains(&b));
        let bytes = text.as_bytes();
        let mut maybe = false;
        let mut n = 0;
        for at in memchr::memchr_iter(0xC3, bytes) {
            let i = at + 2;
            let lead = bytes.get(at + 1).copied();
            maybe = maybe || matches!(lead, Some(0x83..=0x86)) || (lead == Some(0xA1) && matches!(bytes.get(i..i + 2), Some([0xC2, 0xBA | 0xBB])));
            if !matches!(lead, Some(0x83..=0x86 | 0xA1 | 0xA2)) || bytes.get(i).is_none_or(|&b| b < 0xC2) {
                continue;
            }
            let Some(rest) = text.get(i..) else { break };
            let mut after = rest.chars();
            n += usize::from(if matches!(lead, Some(0xA1 | 0xA2)) { cont(after.next()) && cont(after.next()) } else { cont(after.next()) });
        }
        if maybe {
            n
        } else {
            0
        }
    }

    #[test]
    fn signals_counted_as_the_byte_pass_counts_them() {
        let mut counted = 0;
        for (_, text) in crate::testing::corpus_texts() {
            assert_eq!(mojibake_signals(&text), mojibake_signals_by_memchr(&text));
            // Damaged once and twice over, as a reader of Windows-1252 would damage it.
            let once: String = text.chars().take(2000).flat_map(|c| c.to_string().into_bytes()).map(cp1252_char).collect();
            let twice: String = once.chars().take(2000).flat_map(|c| c.to_string().into_bytes()).map(cp1252_char).collect();
            for d in [&once, &twice] {
                for cut in 0..40 {
                    let Some(d) = d.get(cut..) else { continue };
                    let n = mojibake_signals(d);
                    assert_eq!(n, mojibake_signals_by_memchr(d));
                    counted += n;
                }
            }
        }
        assert!(counted > 1000, "the damaged texts must have signals to count: {counted}");
    }

    /// Each telltale and each near miss, at every offset of a filler, alone.
    #[test]
    fn each_telltale_is_found_at_every_offset() {
        let telltales: [&[u8]; 6] = [&[0xC3, 0x83], &[0xC3, 0x84], &[0xC3, 0x85], &[0xC3, 0x86], &[0xC3, 0xA1, 0xC2, 0xBA], &[0xC3, 0xA1, 0xC2, 0xBB]];
        let misses: [&[u8]; 5] = [&[0xC3, 0x87], &[0xC3, 0x82], &[0xC3, 0xA1, 0xC2, 0xBC], &[0xC3, 0xA1, 0xC3, 0xBA], &[0xC3, 0xA2, 0xC2, 0xBA]];
        for filler in [b"a".as_slice(), "á".as_bytes()] {
            for (patterns, expected) in [(telltales.as_slice(), true), (misses.as_slice(), false)] {
                for p in patterns {
                    for at in 0..72 {
                        let mut bytes: Vec<u8> = filler.iter().copied().cycle().take(at).collect();
                        bytes.extend_from_slice(p);
                        bytes.extend(filler.iter().copied().cycle().take(80 - at));
                        assert_eq!(has_mojibake_telltale(&bytes), expected, "{p:x?} at {at}");
                        assert_eq!(telltale_by_memchr(&bytes), expected, "{p:x?} at {at}");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn signals_counted_at_any_place(chars in proptest::collection::vec(proptest::sample::select(vec!['Ã', 'Ä', 'Æ', 'Å', 'á', 'â', 'º', '»', '¿', '¡', '\u{0192}', 'a', ' ', 'ế', 'ạ', 'Ç']), 0..120)) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(mojibake_signals(&text), mojibake_signals_by_memchr(&text));
        }
        #[test]
        fn telltales_found_at_any_place(bytes in proptest::collection::vec(proptest::sample::select(vec![0xC3u8, 0x83, 0x86, 0x87, 0x82, 0xA1, 0xC2, 0xBA, 0xBB, 0xBC, b'a']), 0..120)) {
            proptest::prop_assert_eq!(has_mojibake_telltale(&bytes), telltale_by_memchr(&bytes));
        }
    }
}
