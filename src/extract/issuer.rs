//! The issuing body: from the header cells, else from the preamble sentence ("Ủy ban nhân
//! dân … ban hành Kế hoạch"), else from the closing ("Trên đây là Kế hoạch … của …"), else
//! from the signature, and always says which (`source`). Its province comes from the
//! gazetteer and from the places the text names; nothing is invented.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::header::{is_motto, Header};
use super::{Doc, Found};
use crate::gazetteer::gazetteer;
use crate::normalize::Zone;
use crate::segment::Place;
use crate::text::fold;

/// The issuing body (SPEC `document.issuer`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issuer {
    /// Spelled out: `Ủy ban nhân dân tỉnh Kon Tum`.
    pub name: String,
    /// `tỉnh`, `huyện`, `xã`, … or `None`.
    pub level: Option<&'static str>,
    /// The administrative area the body serves (`Kon Tum`).
    pub area: Option<String>,
    /// The province the issuer belongs to, as of the document's date.
    pub province: Option<String>,
    /// The province it belongs to since the 1/7/2025 reorganisation.
    pub province_2025: Option<String>,
    /// The body above it in a two-line header (`Ủy ban nhân dân tỉnh Quảng Bình` above
    /// `Sở Nội vụ`).
    pub parent: Option<String>,
    /// Where the name was read: `header`, `preamble`, `closing` or `signature`.
    pub source: &'static str,
    /// The evidence.
    pub found: Option<Found>,
}

/// Administrative levels, longest first so `thị xã` wins over `xã`.
const LEVELS: &[&str] = &["thành phố", "thị trấn", "thị xã", "tỉnh", "huyện", "quận", "phường", "xã", "đặc khu"];

fn level_of(word: &str) -> Option<&'static str> {
    let f = fold(word);
    let f = match f.as_str() {
        "tp" | "tp." => "thành phố".to_string(),
        "tx" | "tx." => "thị xã".to_string(),
        _ => f,
    };
    LEVELS.iter().copied().find(|l| *l == f)
}

/// Bodies whose name is followed by a level and an area.
const BODIES: &[(&str, &str)] = &[
    ("ủy ban nhân dân", "Ủy ban nhân dân"),
    ("ubnd", "Ủy ban nhân dân"),
    ("hội đồng nhân dân", "Hội đồng nhân dân"),
    ("hđnd", "Hội đồng nhân dân"),
    ("ủy ban mặt trận tổ quốc việt nam", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("ủy ban mttq việt nam", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("ủy ban mttqvn", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("ủy ban mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("ubmttq", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("ban thường trực ủy ban mặt trận tổ quốc việt nam", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam"),
];

const LEVEL_RE: &str = r"(?i:thành phố|thị trấn|thị xã|tỉnh|huyện|quận|phường|xã|đặc khu|tp\.?)";
const NAME_RE: &str = r"\p{Lu}[\p{L}'’\-]*(?:\s+(?:\p{Lu}[\p{L}'’\-]*|[0-9]{1,2}))*";

/// `Ủy ban nhân dân tỉnh Kon Tum (UBND tỉnh) xây dựng Kế hoạch`, `UBND tỉnh ban hành`.
///
/// The verbs end in ASCII letters, so the ASCII `\b` after them is the word's end; a
/// Unicode `\b` would send every search to the regex crate's slow engines.
static PREAMBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<body>{BODY_RE})(?:\s+(?P<level>{LEVEL_RE}))?(?:\s+(?P<name>{NAME_RE}))?\s*(?:\([^()]{{1,40}}\)\s*)?,?\s*(?:ban hành|xây dựng|triển khai|phát động|thống nhất|tổ chức|lập|đề ra|thực hiện)(?-u:\b)"
    ))
    .expect("preamble issuer regex")
});

/// The bodies [`PREAMBLE`] and [`CLOSING`] name, as they must be written.
const BODY_RE: &str = "Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND";

/// Whether `text` holds one of the names of [`BODY_RE`]: the two short ones end with `ND`
/// and the two long ones with `nhân dân`, so two searches tell.
fn names_a_body(text: &str) -> bool {
    text.contains("ND") || text.contains("nhân dân")
}

/// What every [`CLOSING`] match starts with.
const CLOSING_PREFIX: &str = "Trên đây là ";

/// `Trên đây là Kế hoạch … của Ủy ban nhân dân thị trấn Kông Chro`.
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{prefix}.{{0,300}}? của (?P<body>{BODY_RE})(?:\s+(?P<level>{LEVEL_RE}))?(?:\s+(?P<name>{NAME_RE}))?",
        prefix = regex::escape(CLOSING_PREFIX)
    ))
    .expect("closing issuer regex")
});

/// `tỉnh Đắk Lắk`, `huyện Lâm Thao`: a level word and a capitalised name, starting at a word
/// boundary (checked outside the pattern).
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?P<level>{LEVEL_RE})\s+(?P<name>{NAME_RE})")).expect("mention regex")
});

/// Where a [`MENTION`] starts: the level word and the capital that starts the name. Scans
/// the text in place of the whole pattern (see [`crate::text::captures_at_word_start_from`]).
static MENTION_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?:{LEVEL_RE})\s+\p{{Lu}}")).expect("mention start regex"));

/// A body name split into parts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Parsed {
    body: String,
    /// The body is named by its territory (`Ủy ban nhân dân tỉnh X`); other bodies (`Sở
    /// Nội vụ`) keep their own name and only borrow level and area from their parent.
    territorial: bool,
    level: Option<&'static str>,
    area: Option<String>,
}

/// Title case for a name printed in capitals: `ĐẮK LẮK` → `Đắk Lắk`.
fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            let mut cs = lower.chars();
            match cs.next() {
                Some(c) => c.to_uppercase().chain(cs).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sentence case for an organisation printed in capitals, capitalising the first word of
/// each component (`SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH` → `Sở Văn hóa, Thể thao và Du lịch`).
fn organ_case(s: &str) -> String {
    let s = s.trim_start_matches(|c: char| !c.is_alphanumeric());
    let lower = s.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut cap_next = true;
    let originals: Vec<&str> = s.split_whitespace().collect();
    let first_two = lower.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    let head_len = if ["văn phòng", "ủy ban", "hội đồng", "trung tâm", "công an", "chi cục", "liên hiệp", "liên đoàn", "thủ tướng", "chính phủ", "kiểm toán", "quốc hội"].contains(&first_two.as_str()) { 2 } else { 1 };
    for (word_index, w) in lower.split_whitespace().enumerate() {
        if !out.is_empty() {
            out.push(' ');
        }
        // Abbreviations (MTTQ, HĐND, UBND: capitals that are no syllable) keep their
        // capitals.
        let original = originals.get(word_index).copied().unwrap_or(w);
        let letters = w.trim_matches(|c: char| !c.is_alphabetic());
        if letters.chars().count() >= 2 && crate::lexicon::syllable_count(letters).is_none() && original.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()) {
            out.push_str(original);
            cap_next = false;
            continue;
        }
        // The word after the head noun is the body's field ("Sở Văn hóa", "Văn phòng Sở");
        // after "và", ",", "-" a new component starts.
        let cap = cap_next || word_index == head_len;
        if cap {
            let mut cs = w.chars();
            if let Some(c) = cs.next() {
                out.extend(c.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push_str(w);
        }
        cap_next = w == "và" || w.ends_with(',') || w == "-";
    }
    out
}

/// Canonical spelling of an area: the gazetteer's, when it knows the name.
fn canonical_area(level: Option<&str>, area: &str) -> String {
    let g = gazetteer();
    let area = if area.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()) { title_case(area) } else { area.to_string() };
    match level {
        Some("tỉnh") | Some("thành phố") => {
            if let Some(p) = g.province(&area) {
                return p.name.to_string();
            }
        }
        Some("huyện") | Some("quận") | Some("thị xã") => {
            if let Some(d) = g.districts(&area).first() {
                return d.name.to_string();
            }
        }
        _ => {}
    }
    area
}

fn parse_body(text: &str) -> Option<Parsed> {
    let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let f = fold(text);
    for (key, canonical) in BODIES {
        if let Some(rest) = f.strip_prefix(key) {
            // Map the rest back to the original text by character count.
            let skip = key.chars().count();
            let orig_rest: String = text.chars().skip(skip).collect();
            let orig_rest = orig_rest.trim();
            let _ = rest;
            let mut words = orig_rest.splitn(3, ' ');
            let w1 = words.next().unwrap_or("");
            let (level, area_text) = match level_of(w1) {
                Some(l) if l.contains(' ') => {
                    // Two-word level: "thành phố", "thị trấn", "thị xã".
                    let after: String = orig_rest.chars().skip(l.chars().count()).collect();
                    (Some(l), after.trim().to_string())
                }
                Some(l) => (Some(l), orig_rest.get(w1.len()..).unwrap_or("").trim().to_string()),
                None => {
                    let two: String = orig_rest.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
                    match level_of(&two) {
                        Some(l) => (Some(l), orig_rest.split_whitespace().skip(2).collect::<Vec<_>>().join(" ")),
                        None => (None, orig_rest.to_string()),
                    }
                }
            };
            let area = if area_text.is_empty() { None } else { Some(canonical_area(level, &area_text)) };
            return Some(Parsed { body: canonical.to_string(), territorial: true, level, area });
        }
    }
    None
}

fn full_name(p: &Parsed) -> String {
    let mut name = p.body.clone();
    if !p.territorial {
        return name;
    }
    if let Some(l) = p.level {
        name.push(' ');
        name.push_str(l);
    }
    if let Some(a) = &p.area {
        name.push(' ');
        name.push_str(a);
    }
    name
}

/// A piece of the national motto that a header cell wrapped (`CỘNG` / `HÒA XÃ HỘI CHỦ
/// NGHĨA VIỆT NAM`): no issuer name starts like it.
fn is_motto_fragment(text: &str) -> bool {
    const MOTTO: &str = "cộng hòa xã hội chủ nghĩa việt nam";
    let f = fold(text);
    let f = f.trim();
    (f.starts_with("cộng") && MOTTO.starts_with(f)) || f.starts_with("hòa xã hội") || f.contains("hội chủ nghĩa việt nam")
}

/// Words of body names that a header cell may wrap between, as whole phrases: a line break
/// inside one of them does not separate a parent body from its child.
const NAME_PHRASES: &[&str] = &[
    "ủy ban nhân dân",
    "hội đồng nhân dân",
    "thủ tướng chính phủ",
    "văn phòng chính phủ",
    "kiểm toán nhà nước",
    "nhà nước",
    "nhân dân",
    "mặt trận tổ quốc việt nam",
    "ủy ban thường vụ quốc hội",
    "an ninh",
    "bảo hiểm",
    "biên phòng",
    "chỉ đạo",
    "chỉ huy",
    "chủ tịch",
    "công an",
    "công nghệ",
    "công thương",
    "dân tộc",
    "du lịch",
    "đào tạo",
    "đầu tư",
    "giáo dục",
    "giao thông",
    "hải quan",
    "hành chính",
    "kế hoạch",
    "kho bạc",
    "khoa học",
    "lao động",
    "môi trường",
    "ngân hàng",
    "ngoại giao",
    "nội vụ",
    "nông nghiệp",
    "phát triển",
    "phục vụ",
    "quân sự",
    "quốc phòng",
    "tài chính",
    "tài nguyên",
    "thanh tra",
    "thể thao",
    "thông tin",
    "thương binh",
    "thường trực",
    "tôn giáo",
    "trung tâm",
    "trung ương",
    "truyền thông",
    "tư pháp",
    "văn hóa",
    "vận tải",
    "xã hội",
    "xây dựng",
    "y tế",
];

/// Whether header line `next` continues the name on the line before (`prev`) rather than
/// naming a body of its own: the cell wrapped inside a phrase of a name (`BỘ TÀI` /
/// `CHÍNH`), after a lone head noun (`BỘ` / `TÀI CHÍNH`), around `và` or a comma (`BỘ
/// NÔNG NGHIỆP` / `VÀ` / `MÔI TRƯỜNG`), or inside a place name (`UBND THÀNH PHỐ HÀ` /
/// `NỘI`).
fn continues_name(prev: &str, next: &str) -> bool {
    let p: Vec<String> = prev.split_whitespace().map(fold).collect();
    let n: Vec<String> = next.split_whitespace().map(fold).collect();
    let (Some(last), Some(first)) = (p.last(), n.first()) else { return false };
    if matches!(last.as_str(), "và" | "&" | "-") || last.ends_with(',') || matches!(first.as_str(), "và" | "&" | "về" | "của") {
        return true;
    }
    // A lone syllable ("BỘ", "CỤC", "THỦ") is no name; an abbreviation ("UBND") may be.
    if p.len() == 1 && crate::lexicon::syllable_count(last.trim_matches(|c: char| !c.is_alphabetic())).is_some() {
        return true;
    }
    // A phrase split by the break: its first words end `prev`, the rest start `next`.
    for phrase in NAME_PHRASES {
        let words: Vec<&str> = phrase.split(' ').collect();
        for k in 1..words.len() {
            let (head, tail) = words.split_at(k);
            if p.len() >= head.len() && n.len() >= tail.len() && p[p.len() - head.len()..].iter().zip(head).all(|(a, b)| a == b) && n.iter().zip(tail).all(|(a, b)| a == b) {
                return true;
            }
        }
    }
    // A place name split by the break: the words after the last level word are no place,
    // and with the first words of `next` they are one.
    let level_end = (0..p.len()).rev().find_map(|i| {
        if i + 1 < p.len() && level_of(&format!("{} {}", p[i], p[i + 1])).is_some() {
            Some(i + 2)
        } else {
            level_of(&p[i]).map(|_| i + 1)
        }
    });
    if let Some(start) = level_end.filter(|&s| s < p.len()) {
        let tail = p[start..].join(" ");
        let known = |name: &str| gazetteer().province(name).is_some() || !gazetteer().districts(name).is_empty();
        if !known(&tail) {
            return (1..=n.len().min(2)).any(|m| known(&format!("{tail} {}", n[..m].join(" "))));
        }
    }
    false
}

/// Where the issuer's cell of a header line ends: the first of the words that start the
/// cells beside it. One search for all (the leftmost match is the first of them), where a
/// search per word set up a substring searcher six times per header line.
static HEADER_CELL_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"CỘNG HÒA|CỘNG HOÀ|Độc lập|Số:|Số |\|").expect("header cell regex"));

/// Issuer from the header cells: capitals lines before the number and date, joined when a
/// line continues a name (`ỦY BAN NHÂN DÂN` / `TỈNH ĐẮK LẮK`), parent and child when the
/// second names another body (`UBND TỈNH QUẢNG BÌNH` / `SỞ NỘI VỤ`).
fn from_header(doc: &Doc<'_>, h: &Header) -> Option<(Parsed, Option<String>, Found)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for &i in &h.header_paras {
        let text = doc.norm.para_text(i);
        // Side-by-side cells: "ỦY BAN NHÂN DÂN … CỘNG HÒA XÃ HỘI …".
        let cut = HEADER_CELL_END.find(text).map_or(text.len(), |m| m.start());
        // The rule under the name may be glued to it ("CHÍNH PHỦ_______").
        let part = text.get(..cut).unwrap_or("").trim().trim_end_matches(['-', '_', ' ']);
        // A cell may wrap after one short word ("BỘ" / "TÀI CHÍNH"): two capitals suffice.
        let caps = crate::normalize::layout::is_caps(part) || (part.chars().filter(|c| c.is_alphabetic()).count() >= 2 && part.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase));
        if part.is_empty() || is_motto(part) || is_motto_fragment(part) || !caps {
            if !lines.is_empty() {
                break;
            }
            continue;
        }
        lines.push((i, part.to_string()));
    }
    let (&(first, _), &(last, _)) = (lines.first()?, lines.last()?);
    let texts: Vec<&str> = lines.iter().map(|(_, t)| t.as_str()).collect();
    let span_start = doc.norm.paras.get(first)?.span.start;
    let last_len = lines.last().map_or(0, |(_, t)| t.len());
    let found = doc.found(span_start, doc.norm.paras.get(last)?.span.start + last_len);
    // Join continuation lines: a line starting with a level word continues the name, and so
    // does the rest of a name the cell wrapped (`THỦ TƯỚNG CHÍNH` / `PHỦ`).
    let mut names: Vec<String> = Vec::new();
    for t in texts {
        let starts_level = level_of(t.split_whitespace().next().unwrap_or("")).is_some()
            || level_of(&t.split_whitespace().take(2).collect::<Vec<_>>().join(" ")).is_some();
        match names.last_mut() {
            Some(prev) if starts_level || continues_name(prev, t) => {
                prev.push(' ');
                prev.push_str(t);
            }
            _ => names.push(t.to_string()),
        }
    }
    let own = names.last()?.clone();
    let parent = if names.len() > 1 { names.first().cloned() } else { None };
    // The head of a body issuing in person: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …".
    let chair = || {
        let rest = own.splitn(3, ' ').nth(2).filter(|_| crate::text::folded_starts_with(&own, "chủ tịch "))?;
        let p = parse_body(rest)?;
        Some(Parsed { body: format!("Chủ tịch {}", full_name(&p)), territorial: false, level: p.level, area: p.area })
    };
    let parsed = parse_body(&own).or_else(chair).unwrap_or_else(|| {
        // Another kind of body ("SỞ NỘI VỤ"): sentence case; level and area from the parent.
        let parent_parsed = parent.as_deref().and_then(parse_body);
        Parsed {
            body: organ_case(&own),
            territorial: false,
            level: parent_parsed.as_ref().and_then(|p| p.level),
            area: parent_parsed.and_then(|p| p.area),
        }
    });
    let parent_name = parent.as_deref().and_then(parse_body).map(|p| full_name(&p)).or(parent.map(|p| organ_case(&p)));
    Some((parsed, parent_name, found))
}

/// The first match of `re` in `paras`. `prefix` is a literal every match starts the
/// paragraph with (`""` for none): most paragraphs are turned away by it without a search.
/// So are those without any of the body names ([`BODY_RE`]) that every match holds: the preamble
/// pattern's lazy DFA otherwise read every preamble paragraph (1.5 % of the run), though
/// only one in ten names a council or committee.
fn from_regex(doc: &Doc<'_>, re: &Regex, prefix: &str, paras: impl Iterator<Item = usize>) -> Option<(Parsed, Found)> {
    for i in paras {
        let text = doc.norm.para_text(i);
        if !text.starts_with(prefix) || !names_a_body(text) {
            continue;
        }
        let base = doc.norm.paras.get(i)?.span.start;
        if let Some(c) = re.captures(text) {
            let body = c.name("body")?;
            let level = c.name("level").and_then(|m| level_of(m.as_str()));
            let area = c.name("name").map(|m| m.as_str().trim()).filter(|n| !n.is_empty() && !is_caps_word(n));
            let end = c.name("name").or(c.name("level")).map_or(body.end(), |m| m.end());
            let body_canonical = BODIES.iter().find(|(k, _)| fold(body.as_str()) == *k).map(|(_, c)| c.to_string())?;
            let parsed = Parsed { body: body_canonical, territorial: true, level, area: area.map(|a| canonical_area(level, a)) };
            return Some((parsed, doc.found(base + body.start(), base + end)));
        }
    }
    None
}

fn is_caps_word(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// Counts `<level> <Name>` mentions in the body, by level.
fn mentions(doc: &Doc<'_>) -> HashMap<&'static str, Vec<(String, usize)>> {
    let mut counts: HashMap<(&'static str, String), usize> = HashMap::new();
    let mut order: Vec<(&'static str, String)> = Vec::new();
    for (i, p) in doc.norm.paras.iter().enumerate() {
        if p.zone == Zone::Closing {
            continue;
        }
        for c in crate::text::captures_at_word_start_from(&MENTION_START, &MENTION, doc.norm.para_text(i)) {
            let (Some(l), Some(n)) = (c.name("level"), c.name("name")) else { continue };
            let Some(level) = level_of(l.as_str()) else { continue };
            let name = n.as_str().trim();
            if is_caps_word(name) {
                continue;
            }
            let key = (level, canonical_area(Some(level), name));
            if !counts.contains_key(&key) {
                order.push(key.clone());
            }
            *counts.entry(key).or_insert(0) += 1;
        }
    }
    let mut by_level: HashMap<&'static str, Vec<(String, usize)>> = HashMap::new();
    for key in order {
        let n = counts.get(&key).copied().unwrap_or(0);
        by_level.entry(key.0).or_default().push((key.1, n));
    }
    // Most frequent first; ties keep reading order.
    for v in by_level.values_mut() {
        v.sort_by_key(|e| std::cmp::Reverse(e.1));
    }
    by_level
}

/// Finds the issuer. `date_year_month` is the document's date, for the province as of then.
pub fn read(doc: &Doc<'_>, h: &Header, signature_authority: &[String], after_2025_07: bool) -> Option<Issuer> {
    let mut candidates: Vec<(&'static str, Parsed, Option<Found>, Option<String>)> = Vec::new();
    if let Some((p, parent, f)) = from_header(doc, h) {
        candidates.push(("header", p, Some(f), parent));
    }
    let preamble = (0..doc.norm.paras.len()).filter(|&i| doc.outline.para_place.get(i) == Some(&Place::Preamble) && doc.norm.paras[i].zone != Zone::Header);
    if let Some((p, f)) = from_regex(doc, &PREAMBLE, "", preamble) {
        candidates.push(("preamble", p, Some(f), None));
    }
    let closing = (0..doc.norm.paras.len()).rev().filter(|&i| doc.norm.paras[i].zone != Zone::Header);
    if let Some((p, f)) = from_regex(doc, &CLOSING, CLOSING_PREFIX, closing) {
        candidates.push(("closing", p, Some(f), None));
    }
    if let Some(tm) = signature_authority.iter().find(|a| a.starts_with("TM") || a.starts_with("T/M")) {
        let body = tm.trim_start_matches(|c: char| !c.is_whitespace()).trim();
        if let Some(p) = parse_body(body) {
            candidates.push(("signature", p, None, None));
        }
    }
    let (source, mut chosen, found, parent) = candidates.first().cloned()?;
    // Fill a missing level or area from the other sources that name the same body.
    for (_, other, _, _) in candidates.iter().skip(1) {
        if other.body != chosen.body {
            continue;
        }
        if chosen.level.is_none() {
            chosen.level = other.level;
        }
        if chosen.area.is_none() && other.level == chosen.level {
            chosen.area = other.area.clone();
        }
    }
    // The whole-text mention scan is costly and most issuers (a province, a district with a
    // unique name) never need it: it runs on first use.
    let mentions_cell = std::cell::OnceCell::new();
    let mentions = || mentions_cell.get_or_init(|| mentions(doc));
    if chosen.area.is_none() {
        if let Some(level) = chosen.level {
            chosen.area = mentions().get(level).and_then(|v| v.first()).map(|(n, _)| n.clone());
        }
    }
    let province = province_of(&chosen, &mentions);
    let g = gazetteer();
    let (province, province_2025) = match province {
        Some(p) if after_2025_07 => (Some(g.province_2025(&p).map(str::to_string).unwrap_or(p.clone())), g.province_2025(&p).map(str::to_string)),
        Some(p) => {
            let new = g.new_province_of(&p).map(str::to_string);
            (Some(p), new)
        }
        None => (None, None),
    };
    Some(Issuer { name: full_name(&chosen), level: chosen.level, area: chosen.area, province, province_2025, parent, source, found })
}

/// The pre-2025 province of an issuer: its own area for a province, the gazetteer for a
/// district, the district the text names for a commune; a province the text names settles
/// ambiguous names.
fn province_of<'m>(p: &Parsed, mentions: &dyn Fn() -> &'m HashMap<&'static str, Vec<(String, usize)>>) -> Option<String> {
    let g = gazetteer();
    let area = p.area.as_deref()?;
    let named_provinces = || -> Vec<String> {
        let m = mentions();
        m.get("tỉnh").into_iter().chain(m.get("thành phố")).flatten().filter_map(|(n, _)| g.province(n).map(|p| p.name.to_string())).collect()
    };
    let pick = |candidates: Vec<String>| -> Option<String> {
        match candidates.len() {
            0 => None,
            1 => candidates.into_iter().next(),
            _ => named_provinces().into_iter().find(|n| candidates.contains(n)),
        }
    };
    match p.level {
        Some("tỉnh") => g.province(area).map(|x| x.name.to_string()),
        Some("thành phố") => g.province(area).map(|x| x.name.to_string()).or_else(|| pick(districts_provinces(area, Some("thành phố")))),
        Some(level @ ("huyện" | "quận" | "thị xã")) => pick(districts_provinces(area, Some(level))).or_else(|| pick(districts_provinces(area, None))),
        Some(level @ ("xã" | "phường" | "thị trấn" | "đặc khu")) => {
            // The district the text names most often, then the gazetteer.
            let parents = ["huyện", "thị xã", "quận", "thành phố"];
            for pl in parents {
                for (district, _) in mentions().get(pl).into_iter().flatten() {
                    if let Some(prov) = g.province_of(level, area, Some(district)) {
                        return Some(prov.to_string());
                    }
                    let provs = districts_provinces(district, Some(pl));
                    if let Some(p) = pick(provs) {
                        return Some(p);
                    }
                }
            }
            g.province_of(level, area, None).map(str::to_string).or_else(|| named_provinces().into_iter().next())
        }
        _ => None,
    }
}

fn districts_provinces(name: &str, kind: Option<&str>) -> Vec<String> {
    let mut v: Vec<String> = gazetteer()
        .districts(name)
        .into_iter()
        .filter(|d| kind.is_none_or(|k| d.kind == k))
        .map(|d| d.province.to_string())
        .collect();
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text that [`names_a_body`] turns away never holds a match of either pattern.
    #[test]
    fn the_body_check_turns_away_no_match() {
        assert_eq!(BODY_RE.split('|').count(), 4);
        assert!(BODY_RE.split('|').all(|n| names_a_body(n) && names_a_body(&format!("x {n} y"))));
        let (mut matched, mut lines) = (0, 0);
        for l in crate::testing::crafted_and_corpus_lines(&["UBND tỉnh ban hành", "Ủy ban nhân dân xã X xây dựng", "Trên đây là Kế hoạch của HĐND huyện Y", "UBNĐ tỉnh ban hành"]) {
            lines += 1;
            for re in [&*PREAMBLE, &*CLOSING] {
                if re.is_match(&l) {
                    matched += 1;
                    assert!(names_a_body(&l), "{l:?}");
                }
            }
        }
        assert!(lines > 1000 && matched > 50, "{matched} of {lines}");
    }

    proptest::proptest! {
        #[test]
        fn the_body_check_turns_away_no_match_on_random_text(words in proptest::collection::vec("(Ủy ban|nhân dân|nhân|dân|UBND|UB|ND|HĐND|Hội đồng|tỉnh|xã|Kon Tum|ban hành|xây dựng|Trên đây là |Kế hoạch|của| |,|\\(UBND\\))", 0..10)) {
            let t = words.concat();
            if PREAMBLE.is_match(&t) || CLOSING.is_match(&t) {
                proptest::prop_assert!(names_a_body(&t));
            }
        }
    }

    /// The one search for the end of the issuer's cell finds the first of the six words
    /// searched one by one, on crafted lines and every corpus line.
    #[test]
    fn the_cell_end_is_the_first_of_the_words() {
        let by_word = |t: &str| ["CỘNG HÒA", "CỘNG HOÀ", "Độc lập", "Số:", "Số ", "|"].iter().filter_map(|m| t.find(m)).min();
        for l in &crate::testing::crafted_and_corpus_lines(&["ỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CỘNG HÒA", "UBND Số 12 Số: 3 | x", "Độc lập - Tự do", "Sở Y tế", "", "Số"]) {
            assert_eq!(HEADER_CELL_END.find(l).map(|m| m.start()), by_word(l), "{l:?}");
        }
    }

    /// The mention scan through [`MENTION_START`] finds exactly what scanning with
    /// [`MENTION`] itself finds: crafted lines, and every line of the corpus and of
    /// `../shared/corpus-extra` when it is there.
    #[test]
    fn mention_scan_from_its_starts_equals_the_whole_pattern_scan() {
        let spans = |it: &mut dyn Iterator<Item = regex::Captures<'_>>| -> Vec<Vec<Option<(usize, usize)>>> {
            it.map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect()).collect()
        };
        let mut lines: Vec<String> = [
            "UBND tỉnh Kon Tum và huyện Đắk Hà, xã Hội, xã hội Tỉnh ĐẮK LẮK",
            "thành phố Hồ Chí Minh; TP. Hà Nội; tp Huế; thị xã Buôn Hồ, thị trấn Kông Chro",
            "xãHội tỉnhXã phường 12 Phường 3 quận 1 Quận Ba Đình đặc khu Phú Quốc ĐẶC KHU Côn Đảo",
            "huyệnhuyện Lâm Thao, THÀNH PHỐ Vinh, tHỊ xÃ Ba Đồn ,tỉnh Gia Lai",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for dir in ["corpus", "../shared/corpus-extra/tvpl", "../shared/corpus-extra/commune", "../shared/corpus-extra/segmented"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    lines.extend(text.lines().map(str::to_string));
                }
            }
        }
        let mut found = 0;
        for line in &lines {
            let old = spans(&mut crate::text::captures_at_word_start(&MENTION, line));
            let new = spans(&mut crate::text::captures_at_word_start_from(&MENTION_START, &MENTION, line));
            assert_eq!(old, new, "{line}");
            found += old.len();
        }
        assert!(found >= 10, "only {found} mentions: the test reads no text");
    }

    #[test]
    fn header_names_are_spelled_out() {
        let p = parse_body("ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK").expect("parsed");
        assert_eq!(full_name(&p), "Ủy ban nhân dân tỉnh Đắk Lắk");
        let p = parse_body("UBND THỊ TRẤN KÔNG CHRO").expect("parsed");
        assert_eq!((p.level, p.area.as_deref()), (Some("thị trấn"), Some("Kông Chro")));
    }

    #[test]
    fn organisations_get_sentence_case_per_component() {
        assert_eq!(organ_case("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"), "Sở Văn hóa, Thể thao và Du lịch");
        assert_eq!(organ_case("SỞ THÔNG TIN VÀ TRUYỀN THÔNG"), "Sở Thông tin và Truyền thông");
    }

    #[test]
    fn front_committee_headers() {
        let p = parse_body("ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH").expect("parsed");
        assert_eq!(full_name(&p), "Ủy ban Mặt trận Tổ quốc Việt Nam xã Lương Minh");
        assert_eq!(organ_case("/BAN THƯỜNG TRỰC"), "Ban Thường trực");
        assert_eq!(organ_case("VĂN PHÒNG HĐND VÀ UBND"), "Văn phòng HĐND và UBND");
    }

    #[test]
    fn wrapped_header_cells_are_one_name() {
        assert!(continues_name("THỦ TƯỚNG CHÍNH", "PHỦ"));
        assert!(continues_name("THỦ", "TƯỚNG CHÍNH PHỦ"));
        assert!(continues_name("ỦY BAN NHÂN", "DÂN"));
        assert!(continues_name("CHỦ TỊCH ỦY BAN", "NHÂN DÂN"));
        assert!(continues_name("BỘ", "TÀI CHÍNH"));
        assert!(continues_name("BỘ NÔNG NGHIỆP", "VÀ"));
        assert!(continues_name("BỘ VĂN HÓA,", "THỂ THAO"));
        assert!(continues_name("UBND THÀNH PHỐ HÀ", "NỘI"));
        assert!(!continues_name("BỘ TÀI CHÍNH", "CỤC THUẾ"));
        assert!(!continues_name("UBND TỈNH QUẢNG BÌNH", "SỞ NỘI VỤ"));
        assert!(!continues_name("ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH", "BAN THƯỜNG TRỰC"));
        assert!(!continues_name("UBND", "SỞ NỘI VỤ"));
        assert!(is_motto_fragment("CỘNG"));
        assert!(is_motto_fragment("HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
        assert!(!is_motto_fragment("CỤC THUẾ"));
        assert_eq!(organ_case("THỦ TƯỚNG CHÍNH PHỦ"), "Thủ tướng Chính phủ");
        assert!(continues_name("BAN CHỈ ĐẠO NHÀ", "NƯỚC"));
        assert!(continues_name("NƯỚC", "VỀ DU LỊCH"));
        assert!(is_motto_fragment("CỘNG HA X HỘI CHỦ NGHĨA VIỆT NAM"));
    }

    #[test]
    fn preamble_sentence_variants() {
        let c = PREAMBLE.captures("Ủy ban nhân dân tỉnh Kon Tum (UBND tỉnh) xây dựng Kế hoạch").expect("match");
        assert_eq!(c.name("name").map(|m| m.as_str()), Some("Kon Tum"));
        let c = PREAMBLE.captures("Ủy ban nhân dân Huyện ban hành Kế hoạch").expect("match");
        assert_eq!((c.name("level").map(|m| m.as_str()), c.name("name")), (Some("Huyện"), None));
        let c = PREAMBLE.captures("Thao. UBND xã Cao Xá xây dựng kế hoạch").expect("match");
        assert_eq!(c.name("name").map(|m| m.as_str()), Some("Cao Xá"));
    }
}
