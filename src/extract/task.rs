//! Tasks and responsible units (SPEC "Task", "Unit"), in the two shapes plans use:
//!
//! 1. **Field-carrying items** (kontum-2019): an item followed by `Cơ quan chủ trì:`,
//!    `Cơ quan phối hợp:`, `Thời gian thực hiện:` lines in any printed variant. One task per
//!    item, with those fields.
//! 2. **Assignment sections** (`Tổ chức thực hiện`, `Phân công nhiệm vụ`): numbered
//!    headings that name units; each bullet (or each paragraph when there are no bullets)
//!    under one is a task whose lead is the heading's unit — except that `Phối hợp với X …`
//!    makes X the lead and the heading's unit support, and `Chủ trì, phối hợp với X …` makes X
//!    support.
//!
//! 3. **Unit-led bullets** in those sections under a heading that names no unit (`2.
//!    Trách nhiệm thực hiện` / `- Sở Nội vụ hướng dẫn khen thưởng …`): the unit the bullet
//!    starts with leads; `… phối hợp với X …` right after it makes X support.
//!
//! 4. **Task tables** (`STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian`),
//!    usually in an annex: one task per data row, filed under the body section that the
//!    row's group restates (same heading, or same number), else where the table sits.
//!
//! Unit lists are split on `;`, `,` and `và` only where a new unit starts (a unit word such
//! as `Sở`, `UBND`, `các …` follows), so official names that contain commas or `và` stay
//! whole (`Sở Văn hóa, Thể thao và Du lịch`, `Sở Thông tin và Truyền thông`).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::timeframe::{self, Timeframe};
use super::Doc;
use crate::normalize::layout::shape;
use crate::segment::table::{self, Column};
use crate::segment::{Place, Role};
use crate::span::Span;
use crate::text::{fold, strip_bullets};

/// One task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// `T1`, `T2`, … in reading order.
    pub id: String,
    /// Index of the section it belongs to; `None` for a row of an annex table outside any
    /// section (reported as `annex`).
    pub section: Option<usize>,
    /// The task's text (without bullet).
    pub text: String,
    /// Its evidence.
    pub span: Span,
    /// Leading units.
    pub lead: Vec<String>,
    /// Supporting units.
    pub support: Vec<String>,
    /// When.
    pub timeframe: Option<(String, Timeframe)>,
    /// The plan asks rather than orders (`Đề nghị …`).
    pub requested: bool,
}

/// One responsible unit of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// The name as first printed (`UBND` spelled as printed).
    pub name: String,
    /// Other spellings of the same unit in this document.
    pub aliases: Vec<String>,
    /// Asked rather than ordered.
    pub requested: bool,
    /// Ids of the tasks it leads.
    pub lead: Vec<String>,
    /// Ids of the tasks it supports.
    pub support: Vec<String>,
}

/// Words that start the name of a unit. Case matters: `Ban Tuyên giáo` is a unit, `ban
/// ngành` continues one.
const HEADS: &[&str] = &[
    "Sở", "Phòng", "Ban", "Bộ", "Cục", "Chi cục", "Công an", "Ủy ban", "UBND", "HĐND", "Hội đồng", "Văn phòng", "Đài",
    "Báo", "Tạp chí", "Trung tâm", "Công chức", "Cán bộ", "Cán", "Mặt trận", "MTTQ", "Đảng ủy", "Huyện ủy", "Tỉnh ủy",
    "Thành ủy", "Liên hiệp", "Liên đoàn", "Hội", "Đoàn", "Tổ", "Trường", "Bệnh viện", "Kho bạc", "Ngân hàng", "Viện",
    "Cơ quan", "Các", "các", "Thường trực", "Lãnh đạo", "Chủ tịch", "Đồn", "Tòa án", "Cổng", "Thanh tra", "Công ty",
    "Doanh nghiệp", "Hợp tác xã", "Khu", "Thôn", "Ấp", "Bản", "Đơn vị", "Trạm", "Chi bộ", "BCH", "Bí thư", "Trưởng",
    "Người", "Quân", "Bộ đội", "Chi hội", "Ủy ban MTTQ",
];

/// Verbs after which a unit's name has ended (`Sở X đôn đốc, hướng dẫn`).
const VERBS: &[&str] = &[
    "đôn đốc", "chỉ đạo", "phối hợp", "hướng dẫn", "triển khai", "thực hiện", "theo dõi", "tham mưu", "chủ trì",
    "định hướng", "cung cấp", "xây dựng", "tăng cường", "đẩy mạnh", "kiểm tra", "quản lý", "chuẩn bị", "cập nhật",
    "trong", "để", "nhằm", "tuyên truyền", "tổng hợp", "báo cáo", "thông tin", "có trách nhiệm", "căn cứ", "chịu trách nhiệm",
    "hỗ trợ", "tạo điều kiện", "tổ chức", "rà soát", "nắm bắt", "đề xuất", "bảo đảm", "đảm bảo", "phân công",
    "tiếp tục", "chủ động", "phát huy", "khẩn trương", "nghiên cứu",
];

fn starts_with_word(s: &str, w: &str) -> bool {
    s.strip_prefix(w).is_some_and(|r| r.is_empty() || r.starts_with([' ', ',', ';', ':', '.', '(', '&']))
}

fn starts_unit(s: &str) -> bool {
    HEADS.iter().any(|h| starts_with_word(s, h))
}

/// A capitalised unit word (not the collective `các`).
fn starts_proper_unit(s: &str) -> bool {
    HEADS.iter().filter(|h| !h.eq_ignore_ascii_case("các")).any(|h| starts_with_word(s, h))
}

/// Cuts a unit name at the first verb (`Sở X đôn đốc` → `Sở X`), keeping at least one word.
fn cut_at_verb(s: &str) -> &str {
    cut_at_verb_in(s, false)
}

/// Collective nouns that a verb may qualify inside a heading: `Đề nghị các tổ chức cung cấp
/// dịch vụ chi trả` names the providers; it says nothing about what they do.
const QUALIFIED: &[&str] = &["các tổ chức", "các đơn vị", "các doanh nghiệp", "các cơ quan", "các cơ sở"];

/// `heading`: the text is a unit heading, which has no predicate, so a verb right after a
/// collective noun starts a qualifying clause and stays in the name.
fn cut_at_verb_in(s: &str, heading: bool) -> &str {
    // All the verbs in one pass (a searcher per verb read a short phrase 44 times). The
    // overlapping matches are the occurrences a search per verb visits, and those it skips
    // (inside an occurrence of the same verb), which have no space before them and never
    // cut (pinned below).
    static VERB_SEARCH: LazyLock<Option<aho_corasick::AhoCorasick>> = LazyLock::new(|| aho_corasick::AhoCorasick::new(VERBS).ok());
    let Some(search) = VERB_SEARCH.as_ref() else { return cut_at_verb_per_verb(s, heading) };
    let best = search
        .find_overlapping_iter(s)
        .filter(|m| VERBS.get(m.pattern().as_usize()).is_some_and(|v| verb_cuts_at(s, m.start(), v, heading)))
        .map(|m| m.start())
        .min()
        .unwrap_or(s.len());
    s.get(..best).unwrap_or(s).trim_end_matches(|c: char| c == ',' || c == ';' || c.is_whitespace())
}

/// Whether the verb `v` found at byte `at` of `s` ends the unit name there: a word of its
/// own after a space, not the noun of `các tổ chức`, with a name of some length before it.
fn verb_cuts_at(s: &str, at: usize, v: &str, heading: bool) -> bool {
    // "các tổ chức", "Liên hiệp các tổ chức hữu nghị": a noun there, not a verb.
    let noun = s.get(..at).is_some_and(|b| {
        b.ends_with("các ") || b.ends_with("Các ") || heading && {
            let folded = fold(b);
            QUALIFIED.iter().any(|q| folded.ends_with(q))
        }
    });
    let before_ok = at > 0 && s.get(..at).is_some_and(|b| b.ends_with(' ')) && !noun;
    let after_ok = s.get(at + v.len()..).is_none_or(|r| r.is_empty() || r.starts_with([' ', ',', ';', '.']));
    before_ok && after_ok && s.get(..at).is_some_and(|b| b.trim().contains(' ') || b.trim().len() > 2)
}

/// [`cut_at_verb_in`] one verb at a time, each verb's occurrences left to right: the way it
/// was written first, used should the verb searcher fail to build and kept as the reference.
fn cut_at_verb_per_verb(s: &str, heading: bool) -> &str {
    let mut best = s.len();
    for v in VERBS {
        let mut from = 0;
        while let Some(i) = s.get(from..).and_then(|r| r.find(v)) {
            let at = from + i;
            if verb_cuts_at(s, at, v, heading) {
                best = best.min(at);
                break;
            }
            from = at + v.len();
        }
    }
    s.get(..best).unwrap_or(s).trim_end_matches(|c: char| c == ',' || c == ';' || c.is_whitespace())
}

/// Splits a list of units (`Sở A, Sở B và các cơ quan liên quan`) without cutting official
/// names.
pub fn split_units(text: &str) -> Vec<String> {
    split_units_in(text, false)
}

/// [`split_units`] for a unit heading (see [`cut_at_verb_in`]).
fn split_units_in(text: &str, heading: bool) -> Vec<String> {
    let text = text.trim().trim_end_matches(|c: char| matches!(c, '.' | ';' | ',' | ':') || c.is_whitespace());
    let mut out = Vec::new();
    for part in text.split(';') {
        let mut part = part.trim();
        for prefix in ["và ", "đề nghị ", "Đề nghị ", "với "] {
            if let Some(p) = part.strip_prefix(prefix) {
                part = p.trim_start();
            }
        }
        // Pieces at ", " that start a new unit; others continue the previous one.
        let mut units: Vec<String> = Vec::new();
        for piece in part.split(", ") {
            match units.last_mut() {
                Some(prev) if !starts_unit(piece) => {
                    prev.push_str(", ");
                    prev.push_str(piece);
                }
                _ => units.push(piece.to_string()),
            }
        }
        let enumerated = units.len() > 1;
        for u in units {
            // " và " separates two units when a proper unit word follows, or when the list
            // is an enumeration ("A, B và các C"); "Văn phòng HĐND và UBND" is one office and
            // "Mặt trận và các đoàn thể" one grouping.
            let mut pieces = Vec::new();
            let mut piece_start = 0;
            let mut search = 0;
            while let Some(i) = u.get(search..).and_then(|r| r.find(" và ")).map(|i| search + i) {
                let before = u.get(..i).unwrap_or("");
                let after = u.get(i + " và ".len()..).unwrap_or("");
                let pair = before.ends_with("HĐND") && starts_with_word(after, "UBND");
                // A list, or a name that already used its own "và" ("Sở Thông tin và Truyền
                // thông và các đơn vị …"), ends before "và các …".
                let current = u.get(piece_start..i).unwrap_or("");
                let listed = enumerated || current.contains(", ") || current.contains(" và ");
                if !pair && (starts_proper_unit(after) || (listed && starts_unit(after))) {
                    pieces.push(u.get(piece_start..i).unwrap_or("").to_string());
                    piece_start = i + " và ".len();
                }
                search = i + " và ".len();
            }
            pieces.push(u.get(piece_start..).unwrap_or("").to_string());
            for p in pieces {
                let p = cut_at_verb_in(p.trim(), heading).trim();
                let p = p.trim_end_matches(|c: char| matches!(c, '.' | ';' | ',' | ':') || c.is_whitespace());
                if !p.is_empty() && p.chars().count() <= 120 {
                    out.push(p.to_string());
                }
            }
        }
    }
    out
}

/// `Cơ quan chủ trì (theo chức năng …): X`, `Thời gian thực hiện: Y`, with bullets and the
/// colon inside or outside the emphasis already normalised away.
static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:[-+•]\s*)*
        (?P<label>
            (?:Cơ\ quan,\ đơn\ vị|Cơ\ quan,\ địa\ phương|Cơ\ quan|Đơn\ vị|Bộ\ phận)\s+(?:chủ\ trì|phối\ hợp|thực\ hiện)[^:(]{0,60}?
          | Thời\ gian(?:\ thực\ hiện|\ hoàn\ thành)?
          | Thời\ hạn(?:\ hoàn\ thành)?
          | Tiến\ độ(?:\ thực\ hiện)?
          | Chủ\ trì
          | Phối\ hợp
        )\s*(?:\([^)]*\))?\s*:\s*(?P<value>.*)$",
    )
    .expect("field regex")
});

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FieldKind {
    Lead,
    Support,
    Time,
}

fn field_of(text: &str) -> Option<(FieldKind, String)> {
    // A field has a colon, and its label starts, after the bullets, with a capital of one
    // of the label words: most paragraphs are turned away without the capture search.
    let head = text.trim_start_matches(|c: char| matches!(c, '-' | '+' | '•') || c.is_whitespace());
    if !head.starts_with(['C', 'Đ', 'B', 'T', 'P']) || memchr::memchr(b':', text.as_bytes()).is_none() {
        return None;
    }
    let c = FIELD.captures(text)?;
    let label = fold(c.name("label")?.as_str());
    let value = c.name("value")?.as_str().trim().to_string();
    let lead_at = ["chủ trì", "thực hiện"].iter().filter_map(|w| label.find(w)).min();
    let support_at = label.find("phối hợp");
    let kind = if label.starts_with("thời") || label.starts_with("tiến độ") {
        FieldKind::Time
    } else {
        match (lead_at, support_at) {
            (Some(l), Some(s)) if s < l => FieldKind::Support,
            (Some(_), _) => FieldKind::Lead,
            (None, Some(_)) => FieldKind::Support,
            (None, None) => return None,
        }
    };
    Some((kind, value))
}

/// A heading that names units: starts with a unit word (after `Đề nghị`), short, and not a
/// sentence that starts with a verb.
fn heading_units(heading: &str) -> Option<(Vec<String>, bool)> {
    let (requested, rest) = match heading.strip_prefix("Đề nghị ") {
        Some(r) => (true, r),
        None => (false, heading),
    };
    let units_part = rest.split(':').next().unwrap_or(rest).trim();
    if units_part.chars().count() > 160 || !starts_unit(units_part) {
        return None;
    }
    let units = split_units_in(units_part, true);
    if units.is_empty() {
        return None;
    }
    Some((units, requested))
}

/// Finds the tasks of a document; `plan_year` dates day-month deadlines.
pub fn find(doc: &Doc<'_>, plan_year: Option<u16>) -> Vec<Task> {
    let mut tasks = field_tasks(doc, plan_year);
    let with_fields: std::collections::HashSet<usize> = tasks.iter().filter_map(|t| t.section).collect();
    tasks.extend(assignment_tasks(doc, plan_year, &with_fields));
    tasks.extend(table_tasks(doc, plan_year));
    tasks.sort_by_key(|t| t.span.start);
    tasks.dedup_by_key(|t| t.span);
    for (i, t) in tasks.iter_mut().enumerate() {
        t.id = format!("T{}", i + 1);
    }
    tasks
}

/// Shape 4: data rows of tables that have a lead column.
fn table_tasks(doc: &Doc<'_>, plan_year: Option<u16>) -> Vec<Task> {
    // The body's section headings as word sets, folded once per document (not per row).
    let mut body_headings: Option<Vec<(usize, WordSet)>> = None;
    let norm = doc.norm;
    let mut out = Vec::new();
    for t in table::tables(norm) {
        let (Some(lead_col), Some(content_col)) = (t.column(Column::Lead), t.column(Column::Content).or_else(|| t.column(Column::Other))) else {
            continue;
        };
        let cell = |row: &table::Row, col: Option<usize>| col.and_then(|c| row.cells.get(c).copied().flatten());
        let mut group_section = None;
        for row in &t.rows {
            if row.group {
                let texts: Vec<String> = row.cells.iter().flatten().map(|c| table::cell_text(norm, *c)).collect();
                let headings = body_headings.get_or_insert_with(|| body_heading_words(doc));
                group_section = restated_section(headings, &texts);
                continue;
            }
            let Some(content) = cell(row, Some(content_col)) else { continue };
            let lead = cell(row, Some(lead_col)).map(|c| split_units(&table::cell_text(norm, c))).unwrap_or_default();
            if lead.is_empty() {
                continue;
            }
            let support = cell(row, t.column(Column::Support)).map(|c| split_units(&table::cell_text(norm, c))).unwrap_or_default();
            let time = cell(row, t.column(Column::Time)).and_then(|c| {
                let text = table::cell_text(norm, c);
                timeframe::parse(&text, plan_year).map(|tf| (text, tf))
            });
            let (Some(first), Some(last)) = (norm.paras.get(content.first), norm.paras.get(content.last)) else { continue };
            let found = doc.found(first.span.start, last.span.end);
            let own = match doc.outline.para_place.get(content.first) {
                Some(Place::Section(s)) => Some(*s),
                _ => None,
            };
            out.push(Task {
                id: String::new(),
                section: group_section.or(own),
                text: found.text,
                span: found.span,
                lead,
                support,
                timeframe: time,
                requested: false,
            });
        }
    }
    out
}

/// The body section a table group restates (SPEC: "same number, or same heading"). The
/// group is `I. NÂNG CAO …` in one cell or `I` | `NÂNG CAO …` in two. A heading restates
/// when its words are (nearly) the body heading's words; a number only counts when the
/// headings agree too, because annex groups often restart at `I` with their own headings.
fn restated_section(body_headings: &[(usize, WordSet)], cells: &[String]) -> Option<usize> {
    let first = cells.first()?;
    let (number, heading) = match crate::segment::numbering::parse(first, false) {
        Some(l) => (Some(l.printed.clone()), first.get(l.len..).unwrap_or("").to_string()),
        None if table::is_label(first) => (Some(first.trim().trim_end_matches('.').to_string()), cells.get(1).cloned().unwrap_or_default()),
        None => (None, first.clone()),
    };
    // A group heading with more than twice the distinct words of every body heading is
    // under the size test below for all of them: no set to build (group cells that are
    // whole pages of a web export's flattened table cost more than the rest of the table).
    let most = body_headings.iter().map(|(_, h)| h.words.len()).max().unwrap_or(0);
    if has_more_distinct_words(&heading, 2 * most) {
        return None;
    }
    let want = heading_words(&heading, None);
    if want.words.is_empty() {
        return None;
    }
    let mut best: Option<(f64, usize)> = None;
    for (i, have) in body_headings {
        // At most the smaller set is shared and the union is at least the larger one: a
        // heading with more than twice the words of the other (a section heading that is a
        // whole paragraph) is under the lowest bar, 0.5, whatever they share.
        if 2 * want.words.len().min(have.words.len()) < want.words.len().max(have.words.len()) {
            continue;
        }
        let common = common_words(&want, have);
        // |A ∪ B| = |A| + |B| − |A ∩ B|, without walking (and hashing) the union.
        let union = want.words.len() + have.words.len() - common;
        let sim = common as f64 / union.max(1) as f64;
        let same_number = number.as_deref().is_some_and(|n| have.id == n || have.number.trim_end_matches('.') == n);
        let enough = if same_number { 0.5 } else { 0.8 };
        if sim >= enough && best.is_none_or(|(b, _)| sim > b) {
            best = Some((sim, *i));
        }
    }
    best.map(|(_, i)| i)
}

/// Whether `heading` has more than `limit` distinct words as [`heading_words`] counts them
/// (runs of letters and digits of the folded text), stopping as soon as it does. A text of
/// `2 * limit` bytes or fewer cannot, and is not read.
fn has_more_distinct_words(heading: &str, limit: usize) -> bool {
    if heading.len() <= 2 * limit {
        return false;
    }
    let folded = fold(heading);
    let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
    folded
        .split(|c: char| !crate::text::is_letter_or_digit(c))
        .filter(|w| !w.is_empty())
        .any(|w| {
            seen.insert(w);
            seen.len() > limit
        })
}

/// A section heading's folded words, with the section's id and printed number.
///
/// The words are ranges into one folded string, ordered by a hash of the word first: a
/// heading can be a whole paragraph, and a `String` per word, sorted by its letters, was
/// most of the cost of comparing headings. Ties in the hash fall back to the words
/// themselves, so the order, the repeats removed and the words shared stay exact.
struct WordSet {
    id: String,
    number: String,
    folded: String,
    /// `(hash, start, end)` of each distinct word of `folded`, in [`word_order`].
    words: Vec<(u64, usize, usize)>,
}

/// The order of the words in a [`WordSet`]: by hash, then (only on a tie) by the word.
fn word_order(a: &(u64, usize, usize), in_a: &str, b: &(u64, usize, usize), in_b: &str) -> std::cmp::Ordering {
    a.0.cmp(&b.0).then_with(|| in_a.get(a.1..a.2).cmp(&in_b.get(b.1..b.2)))
}

/// How many words two word sets share (a merge over both sorted lists: a heading has a
/// handful of words, and a hash set hashed each of them once per comparison).
fn common_words(a: &WordSet, b: &WordSet) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.words.get(i), b.words.get(j)) {
        match word_order(x, &a.folded, y, &b.folded) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn heading_words(heading: &str, section: Option<&crate::segment::Section>) -> WordSet {
    use std::hash::BuildHasher;
    let folded = fold(heading);
    // One fixed hasher for every set: the merge needs both sides in the same order.
    let hasher = foldhash::fast::FixedState::with_seed(0);
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in folded.char_indices().chain(std::iter::once((folded.len(), ' '))) {
        match (crate::text::is_letter_or_digit(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((hasher.hash_one(folded.get(s..i).unwrap_or("")), s, i));
                start = None;
            }
            _ => {}
        }
    }
    words.sort_unstable_by(|a, b| word_order(a, &folded, b, &folded));
    words.dedup_by(|a, b| word_order(a, &folded, b, &folded).is_eq());
    WordSet { id: section.map(|s| s.id.clone()).unwrap_or_default(), number: section.map(|s| s.number.clone()).unwrap_or_default(), folded, words }
}

/// Every body section (annex sections restate, they are not restated) with its heading words.
fn body_heading_words(doc: &Doc<'_>) -> Vec<(usize, WordSet)> {
    let body = |s: &crate::segment::Section| doc.norm.paras.get(s.para).is_some_and(|p| p.zone == crate::normalize::Zone::Body);
    doc.outline.sections.iter().enumerate().filter(|(_, s)| body(s)).map(|(i, s)| (i, heading_words(doc.norm.slice(s.heading), Some(s)))).collect()
}

/// Shape 1: items followed by field lines.
fn field_tasks(doc: &Doc<'_>, plan_year: Option<u16>) -> Vec<Task> {
    struct Pending {
        para: usize,
        section: usize,
        lead: Vec<String>,
        support: Vec<String>,
        time: Option<(String, Timeframe)>,
        end: usize,
        has_field: bool,
    }
    let mut out = Vec::new();
    let mut cur: Option<Pending> = None;
    let flush = |p: Option<Pending>, out: &mut Vec<Task>| {
        if let Some(p) = p.filter(|p| p.has_field && !p.lead.is_empty()) {
            let text = strip_bullets(doc.norm.para_text(p.para));
            let base = doc.norm.paras.get(p.para).map_or(0, |x| x.span.start + (doc.norm.para_text(p.para).len() - text.len()));
            let found = doc.found(base, base + text.len());
            out.push(Task { id: String::new(), section: Some(p.section), text: found.text, span: found.span, lead: p.lead, support: p.support, timeframe: p.time, requested: false });
            let _ = p.end;
        }
    };
    for (pi, para) in doc.norm.paras.iter().enumerate() {
        let Some(Place::Section(sec)) = doc.outline.para_place.get(pi).copied() else {
            flush(cur.take(), &mut out);
            continue;
        };
        let text = doc.norm.para_text(pi);
        match field_of(text) {
            Some((kind, value)) => {
                if let Some(p) = cur.as_mut() {
                    p.has_field = true;
                    p.end = para.span.end;
                    match kind {
                        FieldKind::Lead => p.lead.extend(split_units(&value)),
                        FieldKind::Support => p.support.extend(split_units(&value)),
                        FieldKind::Time => p.time = timeframe::parse(&value, plan_year).map(|t| (value.trim_end_matches('.').to_string(), t)),
                    }
                }
            }
            None => {
                flush(cur.take(), &mut out);
                cur = Some(Pending { para: pi, section: sec, lead: Vec::new(), support: Vec::new(), time: None, end: para.span.end, has_field: false });
            }
        }
    }
    flush(cur, &mut out);
    out
}

static COOPERATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("{COOPERATE_HEAD}(?P<x>.+)$")).expect("cooperate regex")
});

/// [`COOPERATE`] up to its units.
const COOPERATE_HEAD: &str = r"^(?i:(?P<chu>chủ trì\s*,?\s*)?phối hợp(?:\s+chặt chẽ)?\s+(?:(?P<voi>với|cùng)\s+)?)";

/// [`COOPERATE_HEAD`] alone.
static COOPERATE_AT_START: LazyLock<Regex> = LazyLock::new(|| Regex::new(COOPERATE_HEAD).expect("cooperate head regex"));

/// What [`COOPERATE`] finds in `sentence`: whether `chủ trì` and `với`/`cùng` are there,
/// and the units' text.
///
/// Its groups are taken from the head of the sentence alone: the capture engine then reads
/// a few words, not the whole sentence that `.+$` spans. When the rest after the head's
/// match is not empty and has no line break, the whole pattern matches with the same
/// groups (the head's match is the first of its ways that leaves it anything); otherwise
/// the whole pattern decides.
fn cooperate(sentence: &str) -> Option<(bool, bool, &str)> {
    let groups = |c: regex::Captures<'_>| (c.name("chu").is_some(), c.name("voi").is_some());
    if let Some(c) = COOPERATE_AT_START.captures(sentence) {
        let x = sentence.get(c.get(0)?.end()..).unwrap_or("");
        if !x.is_empty() && !x.contains('\n') {
            let (chu, voi) = groups(c);
            return Some((chu, voi, x));
        }
    }
    let c = COOPERATE.captures(sentence)?;
    let x = c.name("x")?.as_str();
    let (chu, voi) = groups(c);
    Some((chu, voi, x))
}

/// Shape 2: unit headings under an implementation or assignment section.
fn assignment_tasks(doc: &Doc<'_>, plan_year: Option<u16>, skip: &std::collections::HashSet<usize>) -> Vec<Task> {
    let o = doc.outline;
    let mut out = Vec::new();
    let is_role = |i: usize| o.sections.get(i).is_some_and(|s| matches!(s.role, Some(Role::Implementation | Role::Assignment)));
    // The outermost implementation/assignment sections: their own bullets, then their
    // sub-sections (each visited once, even when it carries a role itself).
    let tops: Vec<usize> = (0..o.sections.len())
        .filter(|&i| is_role(i) && !(0..o.sections.len()).any(|a| a != i && is_role(a) && is_descendant(o, i, a)))
        .collect();
    let mut stack: Vec<usize> = Vec::new();
    for &t in &tops {
        if !skip.contains(&t) {
            out.extend(unit_led_bullets(doc, t, plan_year));
        }
        stack.extend(o.sections[t].children.iter().copied());
    }
    stack.reverse();
    while let Some(si) = stack.pop() {
        let Some(sec) = o.sections.get(si) else { continue };
        if skip.contains(&si) {
            continue;
        }
        let heading = doc.norm.slice(sec.heading);
        let Some((units, requested)) = heading_units(heading) else {
            out.extend(unit_led_bullets(doc, si, plan_year));
            stack.extend(sec.children.iter().rev());
            continue;
        };
        // Items: the section's own paragraphs after the heading, grouped by the first bullet
        // style; lettered children are items too.
        let mut items: Vec<(usize, usize)> = Vec::new(); // (first para, last para)
        let mut primary: Option<char> = None;
        for (pi, _) in doc.norm.paras.iter().enumerate().skip(sec.para + 1) {
            match o.para_place.get(pi) {
                Some(Place::Section(s)) if *s == si => {}
                Some(Place::Section(s)) if o.sections.get(*s).is_some() && is_descendant(o, *s, si) => {
                    // A lettered child is one item with its paragraphs.
                    if o.sections.get(*s).is_some_and(|c| c.para == pi) {
                        items.push((pi, pi));
                    } else if let Some(last) = items.last_mut() {
                        last.1 = pi;
                    }
                    continue;
                }
                _ => break,
            }
            let text = doc.norm.para_text(pi);
            if text.ends_with(':') && items.is_empty() {
                continue;
            }
            let s = shape(text);
            let bullet = text.chars().next().filter(|_| s.bullet);
            match (bullet, primary) {
                (Some(b), None) => {
                    primary = Some(b);
                    items.push((pi, pi));
                }
                (Some(b), Some(p)) if b != p => {
                    if let Some(last) = items.last_mut() {
                        last.1 = pi;
                    } else {
                        items.push((pi, pi));
                    }
                }
                _ => items.push((pi, pi)),
            }
        }
        if items.is_empty() {
            // "1. Sở X: chủ trì …" — the task is the rest of the heading.
            if let Some(colon) = heading.find(':') {
                let rest = heading.get(colon + 1..).unwrap_or("").trim();
                if !rest.is_empty() {
                    let start = sec.heading.start + heading.len() - heading.get(colon + 1..).unwrap_or("").trim_start().len();
                    let found = doc.found(start, sec.heading.end);
                    out.push(make_task(si, found.text, found.span, &units, requested, plan_year));
                }
            }
            continue;
        }
        for (a, b) in items {
            let first = doc.norm.para_text(a);
            let text = strip_bullets(first);
            let start = doc.norm.paras[a].span.start + (first.len() - text.len());
            let end = doc.norm.paras.get(b).map_or(start, |p| p.span.end);
            let found = doc.found(start, end);
            out.push(make_task(si, found.text, found.span, &units, requested, plan_year));
        }
    }
    out
}

/// Shape 3: bullets of a section (its own paragraphs only) that start with a unit.
fn unit_led_bullets(doc: &Doc<'_>, si: usize, plan_year: Option<u16>) -> Vec<Task> {
    let o = doc.outline;
    let mut out = Vec::new();
    for (pi, para) in doc.norm.paras.iter().enumerate() {
        if o.para_place.get(pi) != Some(&Place::Section(si)) || o.sections.get(si).is_some_and(|s| s.para == pi) {
            continue;
        }
        let text = doc.norm.para_text(pi);
        if !shape(text).bullet {
            continue;
        }
        let body = strip_bullets(text);
        let (requested, rest) = match body.strip_prefix("Đề nghị ") {
            Some(r) => (true, r),
            None => (false, body),
        };
        if !starts_proper_unit(rest) && !rest.starts_with("Các ") {
            continue;
        }
        let subject = cut_at_verb(rest.split(':').next().unwrap_or(rest));
        // The subject must end before the sentence does: a verb or a colon was found.
        if subject.len() == rest.len() || subject.chars().count() > 120 {
            continue;
        }
        let lead = split_units(subject);
        if lead.is_empty() {
            continue;
        }
        let after = rest.get(subject.len()..).unwrap_or("").trim_start();
        let support = cooperate(after)
            .filter(|&(chu, _, _)| !chu)
            .map(|(_, _, x)| split_units(cut_at_verb(x)).into_iter().filter(|u| starts_unit(u)).collect())
            .unwrap_or_default();
        let start = para.span.start + (text.len() - body.len());
        let found = doc.found(start, para.span.end);
        let time = timeframe_in_text(&found.text, plan_year);
        out.push(Task { id: String::new(), section: Some(si), text: found.text, span: found.span, lead, support, timeframe: time, requested });
    }
    out
}

fn is_descendant(o: &crate::segment::Outline, child: usize, ancestor: usize) -> bool {
    let mut p = o.sections.get(child).and_then(|s| s.parent);
    while let Some(i) = p {
        if i == ancestor {
            return true;
        }
        p = o.sections.get(i).and_then(|s| s.parent);
    }
    false
}

/// The timeframe a task's own words give. Free text counts only when it says when
/// explicitly; years and periods in running text are usually about the subject, not the
/// deadline.
fn timeframe_in_text(text: &str, plan_year: Option<u16>) -> Option<(String, Timeframe)> {
    timeframe::parse(text, plan_year)
        .filter(|t| matches!(t.kind, "deadline" | "date" | "quarter" | "month" | "half" | "periodic" | "ad_hoc"))
        .map(|t| (String::new(), t))
}

/// Where the list of units after `phối hợp (với)` ends: at the first verb, or, when the
/// sentence runs on with a verb the list does not know, after the longest unit name the
/// lexicon knows (with a remark in brackets right after it).
fn cooperating(x: &str) -> &str {
    let cut = cut_at_verb(x);
    if cut.len() < x.len() && cut.chars().count() <= 120 {
        return cut;
    }
    let Some(n) = crate::lexicon::unit_prefix(x) else { return cut };
    let rest = x.get(n..).unwrap_or("");
    let remark = match rest.trim_start().strip_prefix('(').and_then(|r| r.find(')')) {
        Some(close) => rest.len() - rest.trim_start().len() + close + 2,
        None => 0,
    };
    x.get(..n + remark).unwrap_or(cut)
}

fn make_task(section: usize, text: String, span: Span, units: &[String], requested: bool, plan_year: Option<u16>) -> Task {
    // "a) Chủ trì, phối hợp với …": the item's own label is not part of the sentence.
    let sentence = crate::segment::numbering::parse(&text, false)
        .and_then(|l| text.get(l.len..))
        .map_or(text.as_str(), str::trim_start);
    let (lead, support) = match cooperate(sentence) {
        Some((chu, voi, x)) => {
            let others = split_units(cooperating(x));
            let others: Vec<String> = others.into_iter().filter(|u| starts_unit(u)).collect();
            // Cooperating with a collective ("các cơ quan liên quan") leaves the lead where it
            // is; only a named unit takes it over.
            let named = others.iter().any(|u| starts_proper_unit(u));
            if others.is_empty() {
                (units.to_vec(), Vec::new())
            } else if chu || !named || !voi {
                // SPEC: only `Phối hợp với X` hands the lead to X; `Phối hợp X` (no "với")
                // is read as the heading unit acting with X's support.
                (units.to_vec(), others)
            } else {
                (others, units.to_vec())
            }
        }
        None => (units.to_vec(), Vec::new()),
    };
    let time = timeframe_in_text(&text, plan_year);
    Task { id: String::new(), section: Some(section), text, span, lead, support, timeframe: time, requested }
}

/// Deduplicates the units of a document's tasks (abbreviated and full spellings are one).
pub fn units(tasks: &[Task]) -> Vec<Unit> {
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Unit> = Vec::new();
    let key = |n: &str| {
        let f = fold(&crate::text::spell_out(n));
        // A trailing remark "(Ban Tôn giáo tỉnh)" does not make another unit.
        let f = match f.rfind(" (") {
            Some(i) if f.ends_with(')') => f.get(..i).unwrap_or(&f).to_string(),
            _ => f,
        };
        crate::lexicon::unit_key(&f)
    };
    for t in tasks {
        for (names, is_lead) in [(&t.lead, true), (&t.support, false)] {
            for n in names {
                let k = key(n);
                let idx = *by_key.entry(k).or_insert_with(|| {
                    out.push(Unit { name: n.clone(), aliases: Vec::new(), requested: false, lead: Vec::new(), support: Vec::new() });
                    out.len() - 1
                });
                let u = &mut out[idx];
                if &u.name != n && !u.aliases.contains(n) {
                    u.aliases.push(n.clone());
                }
                u.requested |= t.requested && is_lead;
                let list = if is_lead { &mut u.lead } else { &mut u.support };
                if !list.contains(&t.id) {
                    list.push(t.id.clone());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The premise of reading every verb in one overlapping pass: an occurrence that starts
    /// inside another of the same verb (`phối hợp` overlaps itself by its `p`), which a
    /// search per verb never visits, never has a space before it, so it never cuts.
    #[test]
    fn no_verb_overlaps_itself_after_a_space() {
        let mut overlapping = 0;
        for v in VERBS {
            for k in 1..v.len() {
                if v.is_char_boundary(k) && v.ends_with(&v[..k]) {
                    overlapping += 1;
                    assert_ne!(v.as_bytes()[v.len() - k - 1], b' ', "{v:?} overlaps itself after a space");
                }
            }
        }
        assert!(overlapping > 0, "the test reads the verbs");
    }

    #[test]
    fn the_verb_cut_in_one_pass_is_the_cut_per_verb() {
        for s in [
            "Sở Tài chính chủ trì, phối hợp", "Sở X đôn đốc", "các tổ chức chính trị", "Liên hiệp các tổ chức hữu nghị tổ chức hội nghị", "Đề nghị các tổ chức cung cấp dịch vụ chi trả",
            "để", "Sở để", "UBND các xã thực hiện; báo cáo", "Bộ trong", "Sở A phối hợphối hợp", "Sở A phối hợp phối hợp", "Phòng Văn hóa và Thông tin tuyên truyền, thông tin", "",
        ] {
            for heading in [false, true] {
                assert_eq!(cut_at_verb_in(s, heading), cut_at_verb_per_verb(s, heading), "{s:?} {heading}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_verb_cut_in_one_pass_is_the_cut_per_verb_on_random_phrases(s in "(Sở|UBND|các|Các|tổ chức|chức|thực hiện|hiện|để|trong|đôn đốc|phối hợp|hợp|p|báo cáo|thông tin|tin| |,|;|\\.|x|đơn vị){0,10}", heading: bool) {
            proptest::prop_assert_eq!(cut_at_verb_in(&s, heading), cut_at_verb_per_verb(&s, heading));
        }
    }

    /// [`cooperate`] by the whole pattern's groups.
    fn cooperate_by_groups(sentence: &str) -> Option<(bool, bool, &str)> {
        let c = COOPERATE.captures(sentence)?;
        Some((c.name("chu").is_some(), c.name("voi").is_some(), c.name("x")?.as_str()))
    }

    #[test]
    fn cooperation_read_from_the_head_is_that_of_the_whole_pattern() {
        for s in [
            "Chủ trì, phối hợp với Sở Y tế thực hiện", "Phối hợp với", "phối hợp với ", "Phối hợp cùng các sở", "PHỐI HỢP CHẶT CHẼ VỚI UBND",
            "phối hợp\nvới Sở Tài chính", "phối hợp với Sở\nTài chính", "Chủ trì phối hợp  các đơn vị", "phối hợp chặt chẽ", "Thực hiện phối hợp với", "",
        ] {
            assert_eq!(cooperate(s), cooperate_by_groups(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn cooperation_read_from_the_head_is_that_of_the_whole_pattern_on_random_text(s in "(Chủ trì|chủ trì|,|Phối hợp|phối hợp|chặt chẽ|với|VỚI|cùng| |  |\n|Sở|x){0,8}") {
            proptest::prop_assert_eq!(cooperate(&s), cooperate_by_groups(&s));
        }
    }

    proptest::proptest! {
        #[test]
        fn the_field_prefilter_turns_away_no_field(text in "[-+• ]{0,3}(Cơ quan|Đơn vị|Bộ phận|Thời gian|Thời hạn|Tiến độ|Chủ trì|Phối hợp|cơ quan|Các|x)( chủ trì| thực hiện| phối hợp)?( \\(x\\))?( ?: ?)?[a-z ]{0,5}") {
            let by_regex = FIELD.captures(&text).map(|c| c.name("value").map(|v| v.as_str().trim().to_string()));
            proptest::prop_assert_eq!(field_of(&text).map(|(_, v)| v), by_regex.flatten());
        }
    }

    proptest::proptest! {
        #[test]
        fn distinct_words_counted_as_the_word_sets_count_them(words in proptest::collection::vec("[a-cđàÁA]{1,2}", 0..30), sep in "[ ,.;/()-]{1,2}", limit in 0usize..12) {
            let heading = words.join(&sep);
            proptest::prop_assert_eq!(has_more_distinct_words(&heading, limit), heading_words(&heading, None).words.len() > limit);
        }

        #[test]
        fn common_words_count_the_intersection(a in proptest::collection::vec("[a-cđàÁ]{1,2}", 0..8), b in proptest::collection::vec("[a-cđàÁ]{1,2}", 0..8), sep in "[ ,.;/()-]{1,2}") {
            // The words as the headings are read: folded, split at anything but a letter or digit.
            let set = |v: &[String]| fold(&v.join(&sep)).split(|c: char| !crate::text::is_letter_or_digit(c)).filter(|w| !w.is_empty()).map(str::to_string).collect::<std::collections::HashSet<String>>();
            let (wa, wb) = (heading_words(&a.join(&sep), None), heading_words(&b.join(&sep), None));
            let words = |w: &WordSet| w.words.iter().map(|x| w.folded.get(x.1..x.2).unwrap_or("").to_string()).collect::<Vec<_>>();
            // Each distinct word once.
            proptest::prop_assert_eq!(words(&wa).len(), set(&a).len());
            proptest::prop_assert_eq!(words(&wa).into_iter().collect::<std::collections::HashSet<_>>(), set(&a));
            proptest::prop_assert_eq!(common_words(&wa, &wb), set(&a).intersection(&set(&b)).count());
        }
    }

    #[test]
    fn official_names_stay_whole() {
        assert_eq!(split_units("Sở Kế hoạch và Đầu tư, Sở Công thương, Sở Văn hóa, Thể thao và Du lịch, Sở Ngoại vụ."), ["Sở Kế hoạch và Đầu tư", "Sở Công thương", "Sở Văn hóa, Thể thao và Du lịch", "Sở Ngoại vụ"]);
        assert_eq!(split_units("Sở Lao động - Thương binh và Xã hội"), ["Sở Lao động - Thương binh và Xã hội"]);
        assert_eq!(split_units("Văn phòng HĐND và UBND Huyện"), ["Văn phòng HĐND và UBND Huyện"]);
        assert_eq!(split_units("Mặt trận và các đoàn thể thị trấn"), ["Mặt trận và các đoàn thể thị trấn"]);
    }

    #[test]
    fn lists_split_where_units_start() {
        assert_eq!(split_units("Sở Thông tin và Truyền thông đôn đốc, hướng dẫn; các cơ quan báo chí, truyền thông của tỉnh; các Sở, ban ngành, UBND các huyện, thành phố chỉ đạo Trang/Cổng thông tin điện tử triển khai thực hiện."),
            ["Sở Thông tin và Truyền thông", "các cơ quan báo chí, truyền thông của tỉnh", "các Sở, ban ngành", "UBND các huyện, thành phố"]);
        assert_eq!(split_units("Đảng ủy, MTTQ và các đoàn thể chính trị"), ["Đảng ủy", "MTTQ", "các đoàn thể chính trị"]);
        assert_eq!(split_units("Sở Thông tin và Truyền thông và Bộ Chỉ huy Bộ đội Biên phòng tỉnh."), ["Sở Thông tin và Truyền thông", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"]);
        assert_eq!(split_units("Các phòng, ban, ngành Huyện và UBND các xã, thị trấn"), ["Các phòng, ban, ngành Huyện", "UBND các xã, thị trấn"]);
        assert_eq!(split_units("Các cơ quan báo chí, truyền thông tỉnh và các cơ quan, đơn vị, địa phương liên quan."), ["Các cơ quan báo chí, truyền thông tỉnh", "các cơ quan, đơn vị, địa phương liên quan"]);
    }

    #[test]
    fn field_labels_in_their_variants() {
        assert_eq!(field_of("- Cơ quan chủ trì: Sở Ngoại vụ.").map(|f| f.0), Some(FieldKind::Lead));
        assert_eq!(field_of("- + Cơ quan phối hợp: Các cơ quan").map(|f| f.0), Some(FieldKind::Support));
        assert_eq!(field_of("- Cơ quan chủ trì (theo chức năng nhiệm vụ của từng cơ quan, đơn vị): Sở A").map(|f| f.1), Some("Sở A".into()));
        assert_eq!(field_of("- Cơ quan, đơn vị phối hợp: Đề nghị Cục").map(|f| f.0), Some(FieldKind::Support));
        assert_eq!(field_of("- Cơ quan phối hợp, thực hiện: Báo Kon Tum").map(|f| f.0), Some(FieldKind::Support));
        assert_eq!(field_of("+ Cơ quan thực hiện: Sở A").map(|f| f.0), Some(FieldKind::Lead));
        assert_eq!(field_of("+ Thời gian thực hiện: Năm 2019.").map(|f| f.0), Some(FieldKind::Time));
        assert_eq!(field_of("- Cơ quan chủ trì theo dõi, hướng dẫn, tổng hợp: Sở A").map(|f| f.0), Some(FieldKind::Lead));
        assert_eq!(field_of("- Tổ chức triển lãm"), None);
    }
}
