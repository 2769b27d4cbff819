//! Segment: paragraphs → the section tree ([`Outline`]).
//!
//! A paragraph that starts with a numbering label (see [`numbering`]) opens a section; its
//! level comes from its style (Part > Chapter > Roman/A. > Article > `1.` > `1.1.` >
//! `1.1.1.` > `1)` > `a)`; between Roman numerals and capital letters the style met first is
//! the higher one, as docutils does for title styles). Ids are the numbering path as printed
//! (SPEC "Section"). Bullets are content, never sections. Numbering gaps and repeats are kept
//! as printed and reported as warnings.

pub mod numbering;
pub mod table;

use crate::diag::Warning;
use crate::normalize::{Normalized, Zone};
use crate::span::Span;
use crate::text::fold;
use numbering::{Label, Style};

/// What a section is for, from its heading words (SPEC "Section.role").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Mục đích, mục tiêu, yêu cầu, quan điểm.
    Purpose,
    /// Nội dung, nhiệm vụ, giải pháp.
    Content,
    /// Kinh phí.
    Budget,
    /// Tổ chức thực hiện.
    Implementation,
    /// Phân công nhiệm vụ, trách nhiệm của …
    Assignment,
}

impl Role {
    /// The SPEC's name for the role.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Purpose => "purpose",
            Role::Content => "content",
            Role::Budget => "budget",
            Role::Implementation => "implementation",
            Role::Assignment => "assignment",
        }
    }
}

/// One numbered section.
#[derive(Clone, Debug)]
pub struct Section {
    /// Numbering path as printed: `II.5.1`, `I.1.a`, `P1.I.2`, `Đ3`.
    pub id: String,
    /// The number as printed: `5.1`, `a`, `II`.
    pub number: String,
    /// Its numbering style.
    pub style: Style,
    /// Depth in the tree, 1 for top-level sections.
    pub level: usize,
    /// The heading text (label and trailing `:`/`.` excluded), in the normalised text.
    pub heading: Span,
    /// The whole heading paragraph.
    pub para_span: Span,
    /// Index of the heading paragraph.
    pub para: usize,
    /// From the heading to the end of the section's last paragraph (children included).
    pub extent: Span,
    /// Its role, when its heading says it.
    pub role: Option<Role>,
    /// Index of the parent section.
    pub parent: Option<usize>,
    /// Indices of the child sections, in order.
    pub children: Vec<usize>,
}

/// The section tree of a document, and which section each paragraph belongs to.
#[derive(Clone, Debug, Default)]
pub struct Outline {
    /// All sections in reading order (an arena; `parent`/`children` index it).
    pub sections: Vec<Section>,
    /// Top-level sections.
    pub roots: Vec<usize>,
    /// For every paragraph: the innermost section containing it, or where it sits.
    pub para_place: Vec<Place>,
}

/// Where a paragraph sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Before the first heading (title, preamble).
    Preamble,
    /// Inside a section (index into `Outline::sections`).
    Section(usize),
    /// After the body: recipients and signature.
    Closing,
    /// An appendix or attached text without a numbered heading of its own.
    Annex,
}

impl Outline {
    /// The id to report for a paragraph's section (`preamble`, `closing`, `annex`, or a
    /// section id).
    pub fn place_id(&self, para: usize) -> &str {
        match self.para_place.get(para) {
            Some(Place::Section(i)) => self.sections.get(*i).map_or("preamble", |s| s.id.as_str()),
            Some(Place::Closing) => "closing",
            Some(Place::Annex) => "annex",
            Some(Place::Preamble) | None => "preamble",
        }
    }
}

/// Rank of a style: lower is higher in the tree. `roman_first` says whether Roman numerals
/// were met before capital letters.
fn rank(style: Style, roman_first: bool) -> u32 {
    match style {
        Style::Part => 0,
        Style::Chapter => 1,
        Style::Roman => {
            if roman_first {
                2
            } else {
                3
            }
        }
        Style::UpperLetter => {
            if roman_first {
                3
            } else {
                2
            }
        }
        Style::Article => 4,
        Style::Arabic(n) => 4 + u32::from(n),
        Style::ArabicParen => 20,
        Style::Letter => 21,
    }
}

/// The id component a section adds to its parent's id (most are the label as printed,
/// borrowed: the id is built from it once).
fn component(label: &Label) -> std::borrow::Cow<'_, str> {
    match label.style {
        Style::Part => format!("P{}", label.values.first().copied().unwrap_or(0)).into(),
        Style::Chapter => format!("C{}", label.values.first().copied().unwrap_or(0)).into(),
        Style::Article => format!("Đ{}", label.printed).into(),
        _ => label.printed.as_str().into(),
    }
}

fn role_of(heading: &str) -> Option<Role> {
    // Long paragraphs are no role headings: skip folding them (normalised text is NFC with
    // single spaces, so folding keeps the character count).
    if heading.trim().chars().count() > 70 {
        return None;
    }
    let h = fold(heading);
    if h.chars().count() > 70 {
        return None;
    }
    let starts = |words: &[&str]| words.iter().any(|w| h.starts_with(w));
    if starts(&["phân công", "trách nhiệm của", "trách nhiệm các", "nhiệm vụ của các", "nhiệm vụ cụ thể của"])
        || (h.contains("trách nhiệm") && h.chars().count() <= 50)
    {
        Some(Role::Assignment)
    } else if starts(&["tổ chức thực hiện", "triển khai thực hiện", "trách nhiệm thực hiện", "tổ chức triển khai"]) {
        Some(Role::Implementation)
    } else if starts(&["kinh phí", "nguồn kinh phí", "dự toán kinh phí"]) {
        Some(Role::Budget)
    } else if starts(&["mục đích", "mục tiêu", "yêu cầu", "quan điểm"]) {
        Some(Role::Purpose)
    } else if starts(&["nội dung", "nhiệm vụ", "giải pháp", "các nhiệm vụ", "các hoạt động", "hoạt động"]) {
        Some(Role::Content)
    } else {
        None
    }
}

/// Strips the label and trailing `:`, `.`, `;` (and `./.`) from a heading paragraph; returns
/// the heading's byte range within the paragraph.
fn heading_range(para: &str, label_len: usize) -> (usize, usize) {
    let start = label_len.min(para.len());
    let rest = para.get(start..).unwrap_or("");
    let trimmed = rest.trim_end_matches(|c: char| matches!(c, ':' | '.' | ';' | '/' | ',') || c.is_whitespace());
    (start, start + trimmed.len())
}

/// Builds the outline of a normalised document.
pub fn segment(doc: &Normalized, warnings: &mut Vec<Warning>) -> Outline {
    let mut out = Outline { para_place: vec![Place::Preamble; doc.paras.len()], ..Outline::default() };
    let mut stack: Vec<usize> = Vec::new();
    let mut roman_first: Option<bool> = None;
    let mut letters_seen = false;
    let mut closing_started = false;
    // Annexes (`PHỤ LỤC`, `DANH SÁCH`, …) restart their numbering: their top sections get
    // ids `PL1.I`, `PL2.1`, … so that they never collide with the body's.
    let mut annex_no = 0usize;

    for (pi, para) in doc.paras.iter().enumerate() {
        match para.zone {
            Zone::Header => {
                out.para_place[pi] = Place::Preamble;
                continue;
            }
            Zone::Closing => {
                out.para_place[pi] = Place::Closing;
                stack.clear();
                continue;
            }
            Zone::Body | Zone::Annex => {}
        }
        let text = doc.para_text(pi);
        // The closing formula ends the body even where the layout could not tell: "Trên đây
        // là Kế hoạch …", or a plain paragraph that ends with "./." after the sections.
        let closing_formula = text.starts_with("Trên đây là")
            || (!out.sections.is_empty() && text.ends_with("./.") && !crate::normalize::layout::shape(text).marker);
        if closing_formula && para.zone == Zone::Body {
            closing_started = true;
        }
        if closing_started && para.zone == Zone::Body {
            out.para_place[pi] = Place::Closing;
            continue;
        }
        if para.zone == Zone::Annex && !text.starts_with('(') && crate::normalize::layout::starts_annex(text) {
            annex_no += 1;
            stack.clear();
        }
        let label = numbering::parse(text, letters_seen);
        let Some(label) = label else {
            out.para_place[pi] = match stack.last() {
                Some(&s) => Place::Section(s),
                None if para.zone == Zone::Annex => Place::Annex,
                None => Place::Preamble,
            };
            continue;
        };
        match label.style {
            Style::Roman if roman_first.is_none() => roman_first = Some(true),
            Style::UpperLetter => {
                letters_seen = true;
                if roman_first.is_none() {
                    roman_first = Some(false);
                }
            }
            _ => {}
        }
        let r = rank(label.style, roman_first.unwrap_or(true));
        // Close sections at the same or a deeper level; for `1.2.` also close a `1.` that is
        // not its prefix (a missing `2.` must not make `1.` the parent of `2.1.`).
        while let Some(&top) = stack.last() {
            let t = &out.sections[top];
            let tr = rank(t.style, roman_first.unwrap_or(true));
            let unrelated_arabic = matches!((t.style, label.style), (Style::Arabic(a), Style::Arabic(b)) if a < b)
                && !is_prefix(&out.sections[top].number, &label.printed);
            if tr >= r || unrelated_arabic {
                stack.pop();
            } else {
                break;
            }
        }
        let parent = stack.last().copied();
        // Id: the parent's id, except that a decimal label carries its own full path.
        let id = {
            let own = component(&label);
            let base = match label.style {
                Style::Arabic(_) => {
                    // Nearest ancestor that is not an Arabic number.
                    let mut p = parent;
                    while let Some(i) = p {
                        if matches!(out.sections[i].style, Style::Arabic(_)) {
                            p = out.sections[i].parent;
                        } else {
                            break;
                        }
                    }
                    p.map(|i| out.sections[i].id.as_str())
                }
                _ => parent.map(|i| out.sections[i].id.as_str()),
            };
            match base {
                Some(b) => format!("{b}.{own}"),
                // An attached document (a plan promulgated by a decision) keeps its own ids.
                None if para.zone == Zone::Annex && annex_no > 0 => format!("PL{annex_no}.{own}"),
                None => own.into_owned(),
            }
        };
        check_sequence(&out, parent, &label, &id, para.span, warnings);
        let (hs, he) = heading_range(text, label.len);
        let heading = Span::new(para.span.start + hs, para.span.start + he);
        let idx = out.sections.len();
        let level = stack.len() + 1;
        let role = role_of(doc.slice(heading));
        out.sections.push(Section {
            id,
            number: label.printed,
            style: label.style,
            level,
            heading,
            para_span: para.span,
            para: pi,
            extent: para.span,
            role,
            parent,
            children: Vec::new(),
        });
        match parent {
            Some(p) => out.sections[p].children.push(idx),
            None => out.roots.push(idx),
        }
        stack.push(idx);
        out.para_place[pi] = Place::Section(idx);
    }
    // Extents: each section runs to the end of the last paragraph placed in it or in a
    // descendant.
    for (pi, place) in out.para_place.iter().enumerate() {
        if let Place::Section(mut s) = *place {
            let end = doc.paras[pi].span.end;
            loop {
                let sec = &mut out.sections[s];
                sec.extent.end = sec.extent.end.max(end);
                match sec.parent {
                    Some(p) => s = p,
                    None => break,
                }
            }
        }
    }
    out
}

fn is_prefix(parent: &str, child: &str) -> bool {
    child.strip_prefix(parent).is_some_and(|rest| rest.starts_with('.'))
}

/// Warns when a section's number does not follow its previous sibling of the same style.
fn check_sequence(out: &Outline, parent: Option<usize>, label: &Label, id: &str, span: Span, warnings: &mut Vec<Warning>) {
    let siblings: &[usize] = match parent {
        Some(p) => &out.sections[p].children,
        None => &out.roots,
    };
    let value = label.values.last().copied().unwrap_or(0);
    // Top sections compare with those of the same part (body, or one annex).
    let part = |id: &str| id.split_once('.').filter(|(p, _)| p.starts_with("PL")).map(|(p, _)| p.to_string());
    let prev = siblings.iter().rev().map(|&i| &out.sections[i]).find(|s| s.style == label.style && (parent.is_some() || part(&s.id) == part(id)));
    // What may come next: one more, or for letters the next in the Vietnamese alphabet
    // (`g` after `e`: lists have no `f`), or in Latin order for lists that print `f`.
    let allowed = match prev {
        Some(s) => next_values(s),
        None => vec![1],
    };
    if allowed.contains(&value) {
        return;
    }
    let expected = allowed.first().copied().unwrap_or(0);
    // Only Arabic numbers and letters are checked against 1 for a first child: documents
    // often start a deeper level with its own parent's number ("5.1." under "5.").
    if prev.is_none() && matches!(label.style, Style::Arabic(n) if n > 1) {
        return;
    }
    // A first child may continue the numbering of the previous parent's children: articles
    // run through the whole document across chapters (`Chương II` starts at `Điều 6.`),
    // and some documents number items continuously across their Roman sections.
    if prev.is_none() {
        let cousin = out.sections.iter().rev().find(|s| s.style == label.style && part(&s.id) == part(id));
        if cousin.is_some_and(|c| next_values(c).contains(&value)) {
            return;
        }
    }
    let (code, what) = if value < expected { ("numbering_repeat", "repeats or goes back") } else { ("numbering_gap", "skips") };
    warnings.push(Warning::at(code, span, format!("section {id}: numbering {what} (expected {expected}, found {value})")));
}

/// The values that may follow section `s` among its siblings, the usual one first.
fn next_values(s: &Section) -> Vec<u32> {
    match s.style {
        Style::Letter | Style::UpperLetter => s.number.chars().next().map(numbering::letter_successors).unwrap_or_default(),
        _ => vec![last_value(s) + 1],
    }
}

fn last_value(s: &Section) -> u32 {
    match s.style {
        Style::Letter | Style::UpperLetter => s.number.chars().next().and_then(|c| c.to_lowercase().next()).and_then(numbering::letter_value).unwrap_or(0),
        Style::Roman => numbering::roman_value(&s.number).unwrap_or(0),
        Style::Part | Style::Chapter => s.id.trim_start_matches(|c: char| !c.is_ascii_digit()).parse().unwrap_or(0),
        _ => s.number.rsplit('.').next().and_then(|n| n.parse().ok()).unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn ids(src: &str) -> (Vec<String>, Vec<Warning>) {
        let n = normalize(src);
        let mut w = Vec::new();
        let o = segment(&n, &mut w);
        (o.sections.iter().map(|s| s.id.clone()).collect(), w)
    }

    #[test]
    fn ids_follow_the_printed_path() {
        let (ids, w) = ids("KẾ HOẠCH\nVề việc\n\nI. MỤC ĐÍCH\n1. Mục đích\na) Một\nb) Hai\n2. Yêu cầu\nII. NỘI DUNG\n1. Tuyên truyền\n1.1. Hướng dẫn\n1.2. Tăng cường\n- bullet\n2. Khác\n");
        assert_eq!(ids, ["I", "I.1", "I.1.a", "I.1.b", "I.2", "II", "II.1", "II.1.1", "II.1.2", "II.2"]);
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn decimal_without_its_parent_keeps_its_path() {
        let (ids, _) = ids("I. NỘI DUNG\n4. Bốn\n5.1. Năm một\n");
        assert_eq!(ids, ["I", "I.4", "I.5.1"]);
    }

    #[test]
    fn gaps_and_repeats_are_warned_and_kept() {
        let (ids, w) = ids("I. A\n1. Một\n2. Hai\n4. Bốn\n4. Bốn lại\n");
        assert_eq!(ids, ["I", "I.1", "I.2", "I.4", "I.4"]);
        let codes: Vec<_> = w.iter().map(|w| w.code).collect();
        assert_eq!(codes, ["numbering_gap", "numbering_repeat"]);
        insta::assert_snapshot!(w[0].message, @"section I.4: numbering skips (expected 3, found 4)");
    }

    #[test]
    fn numbering_may_continue_across_parents_but_gaps_still_count() {
        let (ids, w) = ids("Chương I\nĐiều 1. Một\nĐiều 2. Hai\nChương II\nĐiều 3. Ba\nChương III\nĐiều 5. Năm\n");
        assert_eq!(ids, ["C1", "C1.Đ1", "C1.Đ2", "C2", "C2.Đ3", "C3", "C3.Đ5"]);
        let messages: Vec<_> = w.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(messages, ["section C3.Đ5: numbering skips (expected 1, found 5)"]);
    }

    #[test]
    fn parts_chapters_articles() {
        let (ids, _) = ids("PHẦN I. TÌNH HÌNH\nI. KẾT QUẢ\n1. Một\nPHẦN II. NHIỆM VỤ\nChương I\nĐiều 1. Phạm vi\n1. Khoản\na) Điểm\n");
        assert_eq!(ids, ["P1", "P1.I", "P1.I.1", "P2", "P2.C1", "P2.C1.Đ1", "P2.C1.Đ1.1", "P2.C1.Đ1.1.a"]);
    }

    #[test]
    fn roles_from_heading_words() {
        assert_eq!(role_of("MỤC ĐÍCH, YÊU CẦU"), Some(Role::Purpose));
        assert_eq!(role_of("TỔ CHỨC THỰC HIỆN"), Some(Role::Implementation));
        assert_eq!(role_of("PHÂN CÔNG NHIỆM VỤ"), Some(Role::Assignment));
        assert_eq!(role_of("KINH PHÍ THỰC HIỆN"), Some(Role::Budget));
        assert_eq!(role_of("NHIỆM VỤ CHỦ YẾU"), Some(Role::Content));
        assert_eq!(role_of("Công an tỉnh"), None);
    }
}
