//! The block after the body: recipients (`Nơi nhận:`), the signature (authority lines with
//! `TM.`/`KT.`/`Q.`/`TL.`/`TUQ.`, position, signer) and what is printed after the signature
//! (annexes, an attached Kế hoạch).

use std::sync::LazyLock;

use regex::Regex;

use super::{Doc, Found};
use crate::lexicon::doc_type_by_name;
use crate::normalize::layout::{is_caps, is_type_line, shape};
use crate::normalize::Zone;
use crate::span::Span;

/// The signature block (SPEC `signature`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// Authority lines with canonical prefixes: `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`.
    pub authority: Vec<String>,
    /// The signer's own position (`PHÓ CHỦ TỊCH`).
    pub position: Option<String>,
    /// The signer's name.
    pub signer: Option<String>,
    /// The whole block in the normalised text.
    pub span: Span,
}

/// Something printed after the outer document's signature (SPEC `attachments`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// Type name (`Kế hoạch`, `Phụ lục`, `Danh sách`) and code, if it has one.
    pub type_name: String,
    /// The type's code.
    pub type_code: Option<&'static str>,
    /// Its title.
    pub title: Option<Found>,
    /// The "(Kèm theo …)" line, without its parentheses.
    pub reference: Option<Found>,
    /// From its type line to its end.
    pub span: Span,
}

static AUTHORITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<p>TM|KT|TL|TUQ|Q|T/M|K/T|T/L|Q/)(?:\s*\.\s*|\s+)(?P<rest>\p{Lu}.*)$").expect("authority regex")
});

/// The canonical spelling of an authority prefix (domain-facts §1.7, §2.4).
fn canonical_prefix(p: &str) -> &'static str {
    match p {
        "TM" => "TM.",
        "KT" => "KT.",
        "TL" => "TL.",
        "TUQ" => "TUQ.",
        "Q" | "Q/" => "Q.",
        "T/M" => "T/M",
        "K/T" => "K/T",
        _ => "T/L",
    }
}

/// `(Đã ký)`, `[daky]`, `Đã ký và đóng dấu`: marks where the signature was, not a name.
fn is_signed_mark(text: &str) -> bool {
    let f = crate::text::fold(text);
    let f = f.trim_matches(|c: char| !c.is_alphanumeric());
    f.starts_with("đã ký") || f == "daky" || f.starts_with("ký tên") || f == "chữ ký" || f.starts_with("ký, ghi rõ")
}

/// A personal name: 2–6 capitalised words, no digits.
fn is_person_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) && w.chars().all(|c| c.is_alphabetic() || c == '.' || c == '\''))
}

/// Reads the first signature block after the body.
pub fn signature(doc: &Doc<'_>) -> Option<Signature> {
    let paras = &doc.norm.paras;
    let start = (0..paras.len())
        .find(|&i| paras[i].zone == Zone::Closing && AUTHORITY.is_match(doc.norm.para_text(i)) && is_caps(doc.norm.para_text(i)))
        .or_else(|| bare_position(doc))?;
    let mut authority = Vec::new();
    let mut i = start;
    while let Some(c) = paras.get(i).and_then(|p| (p.zone == Zone::Closing).then(|| AUTHORITY.captures(doc.norm.para_text(i))).flatten()) {
        let p = canonical_prefix(c.name("p").map_or("", |m| m.as_str()));
        let rest = c.name("rest").map_or("", |m| m.as_str()).trim();
        authority.push(format!("{p} {rest}"));
        i += 1;
    }
    let mut end = paras.get(i.saturating_sub(1))?.span.end;
    let mut position = None;
    let mut signer = None;
    while let Some(p) = paras.get(i) {
        if p.zone != Zone::Closing {
            break;
        }
        let text = doc.norm.para_text(i);
        let s = shape(text);
        if s.bullet || text.starts_with("Nơi nhận") {
            i += 1;
            continue;
        }
        if is_signed_mark(text) {
            i += 1;
            continue;
        }
        if s.caps && position.is_none() && signer.is_none() && text.split_whitespace().count() <= 10 && !text.chars().any(|c| c.is_ascii_digit()) {
            position = Some(text.trim_end_matches(['.', ':']).to_string());
            end = p.span.end;
            i += 1;
            continue;
        }
        if is_person_name(text) {
            signer = Some(text.to_string());
            end = p.span.end;
        }
        break;
    }
    // A head who signs for the collective has no separate position line:
    // "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" (the position) / name.
    Some(Signature { authority, position, signer, span: Span::new(paras[start].span.start, end) })
}

/// A head who signs in their own right prints no `TM.`/`KT.` line, only the position and
/// the name (`THỦ TƯỚNG` / `Phạm Minh Chính`, often after the `Nơi nhận:` list): the first
/// short capitals line of the closing that a personal name follows.
fn bare_position(doc: &Doc<'_>) -> Option<usize> {
    let paras = &doc.norm.paras;
    let is_position = |i: usize| {
        let text = doc.norm.para_text(i);
        // The word count and the byte tests first: the shape (a pass over the counts and
        // the line tests) only for the few short lines that pass them.
        let words = text.split_whitespace().take(9).count();
        (2..=8).contains(&words) && !text.bytes().any(|b| b.is_ascii_digit() || b == b'.') && !text.starts_with("Nơi nhận") && {
            let s = shape(text);
            s.caps && !s.bullet && !s.marker
        }
    };
    (0..paras.len()).filter(|&i| paras[i].zone == Zone::Closing && is_position(i)).find(|&i| {
        // The name follows, perhaps after a mark where the signature was.
        (i + 1..paras.len().min(i + 4))
            .take_while(|&j| paras[j].zone == Zone::Closing)
            .map(|j| doc.norm.para_text(j))
            .find(|t| !is_signed_mark(t))
            // A name in capitals may be a wrapped heading ("XÁC" / "NHẬN CỦA THỦ TRƯỞNG").
            .is_some_and(|t| is_person_name(t) && !is_caps(t))
    })
}

/// Reads the recipients listed under `Nơi nhận:`.
pub fn recipients(doc: &Doc<'_>) -> Vec<Found> {
    let paras = &doc.norm.paras;
    let Some(head) = (0..paras.len()).find(|&i| paras[i].zone == Zone::Closing && crate::text::folded_starts_with(doc.norm.para_text(i), "nơi nhận")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Text after "Nơi nhận:" on the same line is the first recipient.
    let head_text = doc.norm.para_text(head);
    if let Some(colon) = head_text.find(':') {
        let base = paras[head].span.start + colon + 1;
        if let Some(f) = recipient(doc, base, paras[head].span.end) {
            out.push(f);
        }
    }
    for (i, p) in paras.iter().enumerate().skip(head + 1) {
        let s = shape(doc.norm.para_text(i));
        // Signature lines interleaved with the list (side-by-side cells) are skipped.
        if p.zone == Zone::Closing && (s.authority || s.caps) && !s.bullet {
            continue;
        }
        if p.zone != Zone::Closing || !s.bullet {
            break;
        }
        if let Some(f) = recipient(doc, p.span.start, p.span.end) {
            out.push(f);
        }
    }
    out
}

/// One recipient line without its bullet, its final `;`/`.`, and the drafter's initials
/// after the `Lưu` line (`Lưu: VT, KTTH1. ha`).
fn recipient(doc: &Doc<'_>, start: usize, end: usize) -> Option<Found> {
    let text = doc.norm.slice(Span::new(start, end));
    let lead = text.len() - crate::text::strip_bullets(text).len();
    let mut body = text.get(lead..)?;
    if crate::text::folded_starts_with(body, "lưu") {
        if let Some(dot) = body.find(". ") {
            body = body.get(..dot)?;
        }
    }
    let trimmed = body.trim_end_matches(|c: char| matches!(c, ';' | '.' | ',') || c.is_whitespace());
    if trimmed.is_empty() {
        return None;
    }
    Some(doc.found(start + lead, start + lead + trimmed.len()))
}

/// Annexes and attached documents: what starts in the annex zone with a type or annex line.
pub fn attachments(doc: &Doc<'_>) -> Vec<Attachment> {
    let paras = &doc.norm.paras;
    let starts: Vec<usize> = (0..paras.len())
        .filter(|&i| paras[i].zone == Zone::Annex && (is_type_line(doc.norm.para_text(i)) || crate::normalize::layout::starts_annex(doc.norm.para_text(i)) && !doc.norm.para_text(i).starts_with('(')))
        .collect();
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let until = starts.get(k + 1).copied().unwrap_or(paras.len());
        let head = doc.norm.para_text(s);
        let name_part = head.trim_matches(|c: char| !c.is_alphanumeric());
        let (type_name, type_code) = match doc_type_by_name(name_part) {
            Some(t) => (t.name.to_string(), t.code),
            None => {
                // "PHỤ LỤC I", "DANH SÁCH": the words in sentence case, any number dropped.
                let words: Vec<&str> = name_part.split_whitespace().take(2).collect();
                let lower = words.join(" ").to_lowercase();
                let mut cs = lower.chars();
                let name = cs.next().map(|c| c.to_uppercase().chain(cs).collect::<String>()).unwrap_or_default();
                (name, None)
            }
        };
        let mut title = None;
        let mut reference = None;
        for (i, para) in paras.iter().enumerate().take(until.min(s + 5)).skip(s + 1) {
            let t = doc.norm.para_text(i);
            if t.starts_with('(') && crate::text::fold(t).contains("kèm theo") {
                let inner = t.trim_start_matches('(').trim_end_matches(|c: char| c == ')' || c == '.' || c.is_whitespace());
                let off = para.span.start + (t.len() - t.trim_start_matches('(').len());
                reference = Some(doc.found(off, off + inner.len()));
            } else if title.is_none() && reference.is_none() && !shape(t).marker {
                let trimmed = t.trim_end_matches(|c: char| matches!(c, '.' | ':' | ';') || c.is_whitespace());
                title = Some(doc.found(para.span.start, para.span.start + trimmed.len()));
            }
        }
        let end = paras.get(until.saturating_sub(1)).map_or(paras[s].span.end, |p| p.span.end);
        out.push(Attachment { type_name, type_code, title, reference, span: Span::new(paras[s].span.start, end) });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_marks() {
        assert!(is_person_name("Lê Ngọc Tuấn"));
        assert!(!is_person_name("PHÓ CHỦ TỊCH 2"));
        assert!(!is_person_name("Nguyễn"));
        assert!(is_signed_mark("(Đã ký)"));
        assert!(is_signed_mark("[daky]"));
    }

    #[test]
    fn authority_prefix_without_a_space() {
        let c = AUTHORITY.captures("KT.CHỦ TỊCH").expect("match");
        assert_eq!((c.name("p").map(|m| m.as_str()), c.name("rest").map(|m| m.as_str())), (Some("KT"), Some("CHỦ TỊCH")));
        assert!(AUTHORITY.is_match("TM. ỦY BAN NHÂN DÂN"));
        assert!(!AUTHORITY.is_match("TMỦY BAN"));
    }

    #[test]
    fn prefixes_are_canonical() {
        assert_eq!(canonical_prefix("TM"), "TM.");
        assert_eq!(canonical_prefix("T/M"), "T/M");
    }
}
