//! The header block and title: document type, number and symbol, place and date, title,
//! and the year the plan is for.
//!
//! Headers are often damaged: the number line or the date line may be missing, the type line
//! may be missing (caoxa-2023 starts with its title), number and date may share one line
//! (`Số: /KH-UBND Kông Chro, ngày tháng 3 năm 2023`). Each field is looked for where it is
//! printed, and the fallbacks read other evidence in the text, saying so in `source`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::date::{self, PartialDate};
use super::{Doc, Found};
use crate::lexicon::{doc_type_by_code, doc_type_by_name, DocType};
use crate::normalize::layout::is_type_line;
use crate::normalize::Zone;
use crate::segment::Place;

/// The document's type and where it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeField {
    /// The type.
    pub ty: &'static DocType,
    /// `header` (the type line), `number` (the symbol's type code), `closing`
    /// ("Trên đây là Kế hoạch …") or `preamble` ("… ban hành Kế hoạch …").
    pub source: &'static str,
    /// The evidence in the normalised text, when read from one place.
    pub found: Option<Found>,
}

/// Number and symbol (`Số: 215/KH-UBND`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberField {
    /// The sequence number, `None` when left blank (`Số: /KH-UBND`).
    pub seq: Option<String>,
    /// The symbol after the slash (`KH-UBND`), canonical: no spaces, ASCII hyphens.
    pub symbol: Option<String>,
    /// `header`, or `annex` when read from this document's own annex line
    /// ("Kèm theo Kế hoạch số …").
    pub source: &'static str,
    /// The number-symbol as printed.
    pub found: Found,
}

/// Place and date of issue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateLine {
    /// The place name (`Kon Tum`).
    pub place: Option<Found>,
    /// The date at the precision printed.
    pub date: Option<(PartialDate, Found)>,
}

/// Everything the header block gives.
#[derive(Clone, Debug, Default)]
pub struct Header {
    /// Document type.
    pub ty: Option<TypeField>,
    /// Number and symbol.
    pub number: Option<NumberField>,
    /// Place.
    pub place: Option<Found>,
    /// Date of issue.
    pub date: Option<(PartialDate, Found)>,
    /// Title (trích yếu).
    pub title: Option<Found>,
    /// Index of the type-line paragraph.
    pub type_para: Option<usize>,
    /// Indices of the title paragraphs.
    pub title_paras: Vec<usize>,
    /// Indices of the header paragraphs (before the type line).
    pub header_paras: Vec<usize>,
}

/// `Số: 215/KH-UBND`, `Số: /KH-UBND`, `số 44 /KH-UBND`, Party `Số 127-QĐ/TW`; laws and
/// resolutions of the National Assembly print their type before it: `Luật số: 80/2025/QH15`.
///
/// The match starts at a word boundary, checked outside the pattern
/// (`text::captures_at_word_start`): a Unicode `\b` in it kept every search on the regex
/// crate's slow engines. A match at offset 0 needs no check.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(NUMBER_BODY).expect("number regex"));

/// [`NUMBER`] anchored at the start of the text: whether [`NUMBER`]'s first match starts at
/// 0 is whether one starts there, and an anchored search never reads past the words it
/// needs (the unanchored one read every paragraph that starts with `Bộ` or `Luật` to its end).
static NUMBER_AT_START: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("^(?:{NUMBER_BODY})")).expect("number-at-start regex"));

/// [`NUMBER`]'s pattern; the plain form (in the tests) is `\b` and this.
const NUMBER_BODY: &str = r"(?x)
        (?:Số|SỐ|(?:Luật|LUẬT|Bộ\sluật|BỘ\sLUẬT|Pháp\slệnh|PHÁP\sLỆNH|Nghị\squyết|NGHỊ\sQUYẾT|Lệnh|LỆNH)\s+(?:số|SỐ)\s*:)\s*[:.]?\s*
        (?:
            (?P<seq>[0-9]{1,6}[a-zA-Z]?)?\s*/\s*(?P<sym>[\p{Lu}\p{Ll}0-9&][\p{L}0-9&.\-/]*(?:\s*-\s*[\p{Lu}0-9&][\p{L}0-9&.\-/]*)*)
          | (?P<pseq>[0-9]{1,6})\s*-\s*(?P<psym>\p{Lu}[\p{L}]*/[\p{L}0-9&\-]+)
        )";

/// `Kon Tum, ngày …` — the place is the capitalised words right before the comma.
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Lu}[\p{L}'\-]*(?:\s+[\p{Lu}0-9][\p{L}0-9'\-]*){0,5})\s*,\s*$").expect("place regex")
});

/// The name in a [`PLACE`] match, its group: the match without the comma and the white
/// space around it at its end (the name's last character is neither), read off the match
/// instead of by the capture engine.
fn place_name(matched: &str) -> &str {
    let t = matched.trim_end();
    t.strip_suffix(',').unwrap_or(t).trim_end()
}

/// The number line (`Số: 12/KH-UBND`), as opposed to a title that cites a number
/// (`THỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG …`).
fn is_number_line(text: &str) -> bool {
    // A match at the start begins with one of the pattern's words: other paragraphs skip
    // the search (whose Unicode `\b` keeps it off the fast engines).
    const WORDS: [&str; 12] = ["Số", "SỐ", "Luật", "LUẬT", "Bộ", "BỘ", "Pháp", "PHÁP", "Nghị", "NGHỊ", "Lệnh", "LỆNH"];
    WORDS.iter().any(|w| text.starts_with(w)) && NUMBER_AT_START.is_match(text)
}

/// Lines of the national motto and decorations that sit in the header but are no field.
pub fn is_motto(text: &str) -> bool {
    const STARTS: [&str; 3] = ["cộng hòa xã hội", "độc lập", "đảng cộng sản việt nam"];
    // Each phrase starts with `c` or `đ`, and only `C` and `Đ` fold to them (a composing
    // mark after `c` makes another letter): any other first character settles it unfolded.
    if !text.trim_start().starts_with(['c', 'C', 'đ', 'Đ', '*']) {
        return false;
    }
    // Only the first words decide. Nothing but `*` folds to `*`.
    crate::text::folded_starts_with_any(text, &STARTS) || text.trim() == "*"
}

/// Canonical symbol: trailing punctuation removed, then the same canonical form as a
/// citation's (no spaces, ASCII hyphens, restored hyphens, `TTG` → `TTg`), so a document's
/// own number and citations of it compare equal.
pub fn canonical_symbol(s: &str) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_whitespace()).map(|c| if crate::text::is_dash(c) { '-' } else { c }).collect();
    while out.ends_with(['.', ',', ';', ':', '-', '/']) {
        out.pop();
    }
    super::citation::canonical_symbol(&out)
}

/// The sequence number (`seq` or `pseq`, if any) and the symbol (`sym` or `psym`) of the
/// [`NUMBER`] match `text[start..end]`, as byte ranges of `text`: read off the match, where the
/// capture engine cost more than the search (the symbol's `\p{L}` classes make it large).
///
/// The pattern leaves no choice. Its head is `Số`/`SỐ`, or a law's words up to the first
/// `:`; then white space, perhaps one `:` or `.` (neither can start what follows), white
/// space. Digits then (perhaps an ASCII letter, white space) a `/` are the first branch, a
/// `/` alone is its blank number; digits then a `-` the second. Either symbol runs from
/// after the separator and its white space to the end of the match.
fn number_groups(text: &str, start: usize, end: usize) -> Option<(Option<Range<usize>>, Range<usize>)> {
    let m = text.get(start..end)?;
    let head = if m.starts_with("Số") || m.starts_with("SỐ") { "Số".len() } else { m.find(':')? + 1 };
    let skip_space = |at: usize| end - text.get(at..end).map_or(0, |r| r.trim_start().len());
    let mut at = skip_space(start + head);
    if matches!(text.as_bytes().get(at), Some(b':' | b'.')) {
        at = skip_space(at + 1);
    }
    let bytes = text.get(..end)?.as_bytes();
    let digits = crate::text::digits_at(bytes, at);
    // The first branch's number: the digits and a letter after them.
    let with_letter = at + digits + usize::from(digits > 0 && bytes.get(at + digits).is_some_and(u8::is_ascii_alphabetic));
    let (seq_end, sep) = match skip_space(with_letter) {
        slash if bytes.get(slash) == Some(&b'/') => (with_letter, slash),
        _ => {
            // The second branch: digits only, then a `-`.
            let dash = skip_space(at + digits);
            if digits == 0 || bytes.get(dash) != Some(&b'-') {
                return None;
            }
            (at + digits, dash)
        }
    };
    Some(((digits > 0).then_some(at..seq_end), skip_space(sep + 1)..end))
}

fn number_in(doc: &Doc<'_>, para: usize, source: &'static str) -> Option<NumberField> {
    let text = doc.norm.para_text(para);
    let base = doc.norm.paras.get(para)?.span.start;
    let m = crate::text::find_at_word_start(&NUMBER, text).next()?;
    let (seq, sym) = number_groups(text, m.start(), m.end())?;
    let seq = seq.and_then(|r| Some((r.start, text.get(r)?)));
    let (sym_start, sym) = (sym.start, text.get(sym)?);
    let symbol = canonical_symbol(sym);
    if symbol.is_empty() || !symbol.chars().any(|c| c.is_uppercase()) {
        return None;
    }
    // Evidence starts at the sequence number, or at the slash when it is blank.
    let start = match seq {
        Some((s, _)) => s,
        None => text.get(..sym_start).and_then(|t| t.rfind('/')).unwrap_or(sym_start),
    };
    let end = sym_start + sym.trim_end_matches(['.', ',', ';', ':']).len();
    Some(NumberField {
        seq: seq.map(|(_, s)| s.to_string()),
        symbol: Some(symbol),
        source,
        found: doc.found(base + start, base + end),
    })
}

fn date_line_in(doc: &Doc<'_>, para: usize) -> Option<DateLine> {
    let text = doc.norm.para_text(para);
    let base = doc.norm.paras.get(para)?.span.start;
    let m = date::formal_find(text)?;
    let value = date::formal_value(m.as_str()).ok();
    let date = value.map(|v| (v, doc.found(base + m.start(), base + m.end())));
    // The place: capitalised words before ", ngày", after any number on the same line.
    let before = text.get(..m.start())?;
    let after_number = crate::text::find_at_word_start(&NUMBER, before).next().map_or(0, |n| n.end());
    let place = before.get(after_number..).and_then(|b| {
        let m = PLACE.find(b)?;
        let s = after_number + m.start();
        Some(doc.found(base + s, base + s + place_name(m.as_str()).len()))
    });
    Some(DateLine { place, date })
}

/// Reads the header block, the type line and the title.
pub fn read(doc: &Doc<'_>) -> Header {
    let mut h = Header::default();
    let paras = &doc.norm.paras;
    h.header_paras = (0..paras.len()).filter(|&i| paras[i].zone == Zone::Header).collect();
    // The type line: the first paragraph that is only a type name, near the top.
    h.type_para = (0..paras.len().min(40))
        .filter(|&i| paras[i].zone != Zone::Closing)
        .find(|&i| is_type_line(doc.norm.para_text(i)) && doc.outline.para_place.get(i) == Some(&Place::Preamble));
    if let Some(tp) = h.type_para {
        let text = doc.norm.para_text(tp);
        let name = text.trim_matches(|c: char| !c.is_alphanumeric());
        if let Some(ty) = doc_type_by_name(name) {
            h.ty = Some(TypeField { ty, source: "header", found: Some(doc.para_found(tp)) });
        }
    }
    // Number, place and date: in the header paragraphs, else in the paragraphs before the
    // title ends (some copies print the date under the title).
    let first_body = h.type_para.map_or(0, |t| t + 1);
    let mut candidates: Vec<usize> = h.header_paras.clone();
    // Four paragraphs, not counting the motto, the number line and a letter's subject
    // (`V/v …`), which may sit between the number and the date.
    let mut end = first_body + 4;
    let mut i = first_body;
    while i < end.min(paras.len()) {
        if doc.outline.para_place.get(i) == Some(&Place::Preamble) {
            candidates.push(i);
            let text = doc.norm.para_text(i);
            if is_motto(text) || is_number_line(text) || text.starts_with("V/v ") || text.starts_with("V/V ") {
                end += 1;
            }
        }
        i += 1;
    }
    for &i in &candidates {
        // In the body only a paragraph that starts with "Số" is a number line; elsewhere
        // "số" introduces a citation.
        let text = doc.norm.para_text(i);
        let number_line = text.starts_with("Số") || is_number_line(text);
        if h.number.is_none() && (paras[i].zone == Zone::Header || number_line) {
            h.number = number_in(doc, i, "header");
        }
        if h.date.is_none() {
            if let Some(dl) = date_line_in(doc, i) {
                // In the body only a line that is nothing but a place and date counts, or
                // the number line that carries them (`Luật số: 80/2025/QH15 | Hà Nội, ngày …`).
                let is_header = paras[i].zone == Zone::Header || number_line || dl.place.as_ref().is_some_and(|p| p.span.start == paras[i].span.start);
                if is_header {
                    h.place = dl.place;
                    h.date = dl.date;
                }
            }
        }
    }
    read_title(doc, &mut h);
    if h.ty.is_none() {
        h.ty = infer_type(doc, &h);
    }
    h
}

fn read_title(doc: &Doc<'_>, h: &mut Header) {
    let paras = &doc.norm.paras;
    if h.type_para.is_none() && subject_line(doc, h) {
        return;
    }
    let start = match h.type_para {
        Some(t) => t + 1,
        // No type line: the first body paragraph, if it reads like a title.
        None => match (0..paras.len()).find(|&i| paras[i].zone != Zone::Header) {
            Some(i) => i,
            None => return,
        },
    };
    let mut title_paras = Vec::new();
    let mut first_caps: Option<bool> = None;
    for (i, para) in paras.iter().enumerate().take(start + 4).skip(start) {
        if doc.outline.para_place.get(i) != Some(&Place::Preamble) || para.zone == Zone::Closing {
            break;
        }
        let text = doc.norm.para_text(i);
        let shape = crate::normalize::layout::shape(text);
        if shape.opener || shape.marker || shape.annex || is_motto(text) || is_number_line(text) || date::is_formal(text) && text.len() < 60 {
            break;
        }
        // A capitals line after a mixed-case title is the authority line of a decision
        // ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …"), not the title.
        match first_caps {
            None => first_caps = Some(shape.caps),
            Some(false) if shape.caps => break,
            Some(_) => {}
        }
        // Without a type line only a short first paragraph is a title. A title does not end
        // with a colon: a telegram's address line follows its title in the same capitals
        // ("THỦ TƯỚNG CHÍNH PHỦ điện:").
        if (h.type_para.is_none() && (text.chars().count() > 250 || text.ends_with(':'))) || (!title_paras.is_empty() && text.ends_with(':')) {
            break;
        }
        title_paras.push(i);
        // A title is one paragraph unless it is in capitals (wrapped headings).
        if !shape.caps {
            break;
        }
    }
    if let (Some(&a), Some(&b)) = (title_paras.first(), title_paras.last()) {
        let start = paras[a].span.start;
        let text = doc.norm.slice(crate::span::Span::new(start, paras[b].span.end));
        let trimmed = trim_title(text);
        if !trimmed.is_empty() {
            h.title = Some(doc.found(start, start + trimmed.len()));
            h.title_paras = title_paras;
        }
    }
}

/// A title without the punctuation that ends its line.
fn trim_title(text: &str) -> &str {
    text.trim_end_matches(|c: char| matches!(c, '.' | ':' | ';' | ',' | '-' | '_') || c.is_whitespace())
}

/// An official letter's subject (`V/v tuyên truyền …`, trích yếu) under its number: its
/// title. The header keeps lines apart, so a wrapped subject runs on over the following
/// paragraphs until one ends a sentence or is another header item.
fn subject_line(doc: &Doc<'_>, h: &mut Header) -> bool {
    let paras = &doc.norm.paras;
    let Some(first) = (0..paras.len()).take_while(|&i| paras[i].zone == Zone::Header).find(|&i| {
        let t = doc.norm.para_text(i);
        t.starts_with("V/v ") || t.starts_with("V/V ") || t.starts_with("Về việc ")
    }) else {
        return false;
    };
    let mut last = first;
    while last < first + 3 {
        let text = doc.norm.para_text(last);
        if !paras.get(last + 1).is_some_and(|p| p.zone == Zone::Header) {
            break;
        }
        let next_text = doc.norm.para_text(last + 1);
        if text.ends_with('.') || is_motto(next_text) || is_number_line(next_text) || date::is_formal(next_text) || crate::normalize::layout::is_caps(next_text) {
            break;
        }
        last += 1;
    }
    let start = paras[first].span.start;
    let text = doc.norm.slice(crate::span::Span::new(start, paras[last].span.end));
    let trimmed = trim_title(text);
    if trimmed.is_empty() {
        return false;
    }
    h.title = Some(doc.found(start, start + trimmed.len()));
    h.title_paras = (first..=last).collect();
    true
}

/// What every [`CLOSING_TYPE`] match starts with.
const CLOSING_TYPE_PREFIX: &str = "Trên đây là ";
static CLOSING_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^{}(\p{{L}}+(?: \p{{L}}+)?)", regex::escape(CLOSING_TYPE_PREFIX))).expect("closing type regex")
});
static PREAMBLE_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:ban hành|xây dựng)\s+(kế hoạch|chương trình|phương án|đề án|quy chế|hướng dẫn)\b").expect("preamble type regex")
});

/// The type when no type line was printed: from the symbol's type code, the closing
/// formula, or the preamble's "ban hành Kế hoạch".
fn infer_type(doc: &Doc<'_>, h: &Header) -> Option<TypeField> {
    // A "V/v …" subject under the number is the form of a công văn (domain-facts §1.3, box
    // 5b), which prints no type name and whose symbol starts with the issuer's code: the form
    // beats a code that only looks like a type (`5467/CT-CS` of Cục Thuế is no Chỉ thị).
    let letter_form = h.title_paras.first().is_some_and(|&first| {
        doc.norm.paras.get(first).is_some_and(|p| p.zone == Zone::Header)
            && h.title.as_ref().is_some_and(|t| t.text.starts_with("V/v ") || t.text.starts_with("V/V "))
    });
    if let Some(sym) = h.number.as_ref().and_then(|n| n.symbol.as_deref()).filter(|_| !letter_form) {
        let mut codes = sym.split(['-', '/']);
        let code = codes.next().unwrap_or("");
        let next = codes.next();
        // `CT` is Chỉ thị before an issuer (`CT-UBND`, `CT-TTg`) but an issuer itself (Cục
        // Thuế) before a unit (`CT-CS`): ambiguous, so it is not read as a type there.
        let ambiguous = code.eq_ignore_ascii_case("CT") && next.is_some_and(|n| !crate::lexicon::is_body_code(n));
        if let Some(ty) = doc_type_by_code(code).filter(|_| !ambiguous) {
            return Some(TypeField { ty, source: "number", found: None });
        }
    }
    for (i, p) in doc.norm.paras.iter().enumerate().rev() {
        if p.zone == Zone::Header {
            continue;
        }
        let text = doc.norm.para_text(i);
        // The pattern's literal start turns away nearly every paragraph without a search.
        if !text.starts_with(CLOSING_TYPE_PREFIX) {
            continue;
        }
        if let Some(c) = CLOSING_TYPE.captures(text) {
            let words = c.get(1)?.as_str();
            // Try two words, then one ("Kế hoạch", "Quyết định").
            let ty = doc_type_by_name(words).or_else(|| doc_type_by_name(words.split(' ').next().unwrap_or("")));
            if let Some(ty) = ty {
                let g = c.get(1)?;
                return Some(TypeField { ty, source: "closing", found: Some(doc.found(p.span.start + g.start(), p.span.start + g.end())) });
            }
        }
    }
    for (i, p) in doc.norm.paras.iter().enumerate() {
        if doc.outline.para_place.get(i) != Some(&Place::Preamble) {
            continue;
        }
        let text = doc.norm.para_text(i);
        if let Some(c) = PREAMBLE_TYPE.captures(text) {
            let g = c.get(1)?;
            if let Some(ty) = doc_type_by_name(g.as_str()) {
                return Some(TypeField { ty, source: "preamble", found: Some(doc.found(p.span.start + g.start(), p.span.start + g.end())) });
            }
        }
    }
    None
}

static YEAR_IN_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i:năm)\s+((?:19|20)[0-9]{2})\b").expect("year regex"));
static ANY_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b((?:19|20)[0-9]{2})\b").expect("any year regex"));

/// The single year the plan is for: named in the title (`… năm 2023`), else the year of
/// the document's date (SPEC "year").
pub fn plan_year(title: Option<&str>, date: Option<PartialDate>) -> Option<u16> {
    if let Some(t) = title {
        let named: Vec<u16> = YEAR_IN_TITLE.captures_iter(t).filter_map(|c| c.get(1)?.as_str().parse().ok()).collect();
        if let Some(&first) = named.first() {
            if named.iter().all(|&y| y == first) {
                return Some(first);
            }
        }
        let all: Vec<u16> = ANY_YEAR.captures_iter(t).filter_map(|c| c.get(1)?.as_str().parse().ok()).collect();
        if let Some(&first) = all.first() {
            if all.iter().all(|&y| y == first) {
                return Some(first);
            }
            // A period ("giai đoạn 2021 - 2025") names no single year.
            return date.map(|d| d.year);
        }
    }
    date.map(|d| d.year)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The motto and number-line tests answer what their plain forms answer, on crafted
    /// lines and every line of the corpus and corpus-extra.
    #[test]
    fn motto_and_number_line_shortcuts_change_nothing() {
        let plain_motto = |text: &str| {
            let f = crate::text::fold(text);
            f.starts_with("cộng hòa xã hội") || f.starts_with("độc lập") || f.starts_with("đảng cộng sản việt nam") || f == "*"
        };
        let plain_number = |text: &str| NUMBER.find(text).is_some_and(|m| m.start() == 0);
        let long_gap = format!("CỘNG{}HÒA XÃ HỘI", " ".repeat(80));
        let long_head = format!("{} Độc lập", "x".repeat(70));
        let mut lines: Vec<String> = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", " * ", "*", "**", "Độc lập - Tự do", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số: 12/KH-UBND", "Luật số: 80/2025/QH15", "Số12", "SỐ 127-QĐ/TW", "\u{a0}cộng hòa xã hội", "  Độc lập", "c\u{327}ộng hòa xã hội", "đảng cộng sản việt nam", "ĐẢNG", "Bộ Công an chủ trì, Số: 12/KH-UBND", "Luật số: Số: 3/QH", "Số : . 07 / KH-UBND ngày 1/1/2024"]
            .iter()
            .map(|s| s.to_string())
            .chain([long_gap, long_head])
            .collect();
        for (_, t) in crate::testing::corpus_texts() {
            lines.extend(t.lines().map(|l| l.trim().to_string()));
        }
        assert!(lines.len() > 100, "no corpus read");
        for l in &lines {
            assert_eq!(is_motto(l), plain_motto(l), "{l:?}");
            assert_eq!(is_number_line(l), plain_number(l), "{l:?}");
        }
    }

    #[test]
    fn symbols_are_canonical() {
        assert_eq!(canonical_symbol("KH- UBND."), "KH-UBND");
        assert_eq!(canonical_symbol("QĐ–UBND"), "QĐ-UBND");
    }

    #[test]
    fn the_number_found_is_the_one_the_word_boundary_pattern_finds() {
        let plain = Regex::new(&format!(r"\b{NUMBER_BODY}")).expect("plain number regex");
        let mut texts: Vec<String> = ["Số: 12/KH-UBND", "ễSố: 12/KH-UBND Số: 3/QĐ", "xSố: 1/A", "1Số 2/KH", "Luật số: 80/2025/QH15", "ĐLuật số: 1/QH", "_Số: 4/KH", "Số127-QĐ/TW"].iter().map(|s| s.to_string()).collect();
        for (_, t) in crate::testing::corpus_texts() {
            texts.extend(t.lines().filter(|l| l.contains(['S', 's', 'L'])).map(str::to_string));
        }
        assert!(texts.len() > 100, "no corpus read");
        let groups = |c: Option<regex::Captures<'_>>| c.map(|c| (0..c.len()).map(|i| c.get(i).map(|m| m.range())).collect::<Vec<_>>());
        for t in &texts {
            assert_eq!(groups(crate::text::captures_at_word_start(&NUMBER, t).next()), groups(plain.captures(t)), "{t:?}");
            assert_eq!(crate::text::find_at_word_start(&NUMBER, t).next().map(|m| m.range()), plain.find(t).map(|m| m.range()), "{t:?}");
            assert_eq!(NUMBER.find(t).is_some_and(|m| m.start() == 0), plain.find(t).is_some_and(|m| m.start() == 0), "{t:?}");
        }
    }

    /// The groups read off a header number match are the capture engine's.
    fn assert_groups_as_captures(t: &str) {
        let by_engine = crate::text::captures_at_word_start(&NUMBER, t).next().map(|c| {
            let seq = c.name("seq").or(c.name("pseq")).map(|m| m.range());
            let sym = c.name("sym").or(c.name("psym")).map(|m| m.range());
            (seq, sym)
        });
        let by_hand = crate::text::find_at_word_start(&NUMBER, t).next().map(|m| number_groups(t, m.start(), m.end()).map_or((None, None), |(seq, sym)| (seq, Some(sym))));
        assert_eq!(by_hand, by_engine, "{t:?}");
    }

    #[test]
    fn number_groups_read_off_the_match_are_the_captures() {
        let texts = crate::testing::crafted_and_corpus_lines(&[
            "Số: 215/KH-UBND",
            "Số: /KH-UBND Kông Chro, ngày",
            "Số 127-QĐ/TW",
            "Số:      /KH-MTTQ-BTT",
            "SỐ: 12a /KH",
            "Số. 12 / KH - UB",
            "Luật số: 80/2025/QH15",
            "BỘ LUẬT SỐ : : 1/QH",
            "Nghị quyết số:12 - NQ/TW",
            "Số:12A/x",
            "Số 1234567/KH Số 9/KH",
            "Số : . 4/Đ&T",
        ]);
        for t in &texts {
            assert_groups_as_captures(t);
        }
    }

    /// The place name read off a [`PLACE`] match is its group.
    fn assert_place_as_group(t: &str) {
        let by_engine = PLACE.captures(t).and_then(|c| c.get(1)).map(|g| (g.start(), g.as_str()));
        let by_hand = PLACE.find(t).map(|m| (m.start(), place_name(m.as_str())));
        assert_eq!(by_hand, by_engine, "{t:?}");
    }

    #[test]
    fn the_place_read_off_the_match_is_its_group() {
        let mut texts: Vec<String> = ["Kon Tum, ", "Kông Chro ,", "TP. Hồ Chí Minh,\u{a0}", "Hà Nội , \t", "x Đắk Lắk,", "Số 12 Cao Xá,"].iter().map(|s| s.to_string()).collect();
        for (_, t) in crate::testing::corpus_texts() {
            for l in t.lines() {
                // The text before each date, as `date_line_in` gives it.
                if let Some(m) = date::formal_find(l) {
                    texts.push(l.get(..m.start()).unwrap_or_default().to_string());
                }
            }
        }
        assert!(texts.len() > 50, "no corpus dates");
        for t in &texts {
            assert_place_as_group(t);
        }
    }

    proptest::proptest! {
        #[test]
        fn the_place_read_off_the_match_is_its_group_on_random_text(t in "(Kon|Tum|Hà|nội|X|[0-9]{1,2}|[ ,'\\-.]|\u{a0}|\t){0,10}") {
            assert_place_as_group(&t);
        }

        #[test]
        fn number_groups_read_off_the_match_are_the_captures_on_random_text(t in "(Số|SỐ|Luật số:|LỆNH SỐ :|[0-9]{1,7}|[aAxĐ]|KH|QĐ|[ /:.\\-&]|\u{a0}){0,12}") {
            assert_groups_as_captures(&t);
        }
    }

    #[test]
    fn number_regex_variants() {
        let cap = |s: &str| {
            crate::text::captures_at_word_start(&NUMBER, s).next().map(|c| {
                let seq = c.name("seq").or(c.name("pseq")).map(|m| m.as_str().to_string());
                let sym = c.name("sym").or(c.name("psym")).map(|m| canonical_symbol(m.as_str()));
                (seq, sym)
            })
        };
        assert_eq!(cap("Số: 215/KH-UBND"), Some((Some("215".into()), Some("KH-UBND".into()))));
        assert_eq!(cap("Số: /KH-UBND Kông Chro, ngày"), Some((None, Some("KH-UBND".into()))));
        assert_eq!(cap("Số 127-QĐ/TW"), Some((Some("127".into()), Some("QĐ/TW".into()))));
        assert_eq!(cap("Số:      /KH-MTTQ-BTT"), Some((None, Some("KH-MTTQ-BTT".into()))));
    }

    #[test]
    fn plan_year_prefers_the_title() {
        let d = PartialDate::new(2019, Some(1), Some(28)).ok();
        assert_eq!(plan_year(Some("Hoạt động thông tin đối ngoại năm 2023"), d), Some(2023));
        assert_eq!(plan_year(Some("Giai đoạn 2021 - 2025"), d), Some(2019));
        assert_eq!(plan_year(Some("Công tác thông tin"), None), None);
    }
}
