//! Normalise: source text → one clean paragraph per line, with an [`OffsetMap`] back to the
//! source.
//!
//! Every later stage reads [`Normalized::text`], in which
//! * each paragraph is one line, its hard-wrapped source lines joined by single spaces
//!   (`layout` decides which lines belong together), paragraphs separated by `\n`;
//! * blank lines, page-break indents, table pipes and drawn rules are gone;
//! * characters and words are cleaned by the rules in `chars` (NFC, confusables, dashes,
//!   quotes, spaces, markdown emphasis, modern tone placement, glued words).
//!
//! The offset map is recorded while writing, so any span of the normalised text maps back to
//! the exact source bytes it came from ([`Normalized::to_source`]).

mod chars;
pub mod chrome;
pub mod flat;
pub mod layout;
pub mod offset_map;

pub use chars::Repairs;
pub use layout::Zone;
pub use offset_map::{MapBuilder, OffsetMap};

use crate::span::Span;

/// One paragraph of the normalised text.
#[derive(Clone, Debug)]
pub struct Para {
    /// The paragraph's text in the normalised text (without the trailing `\n`).
    pub span: Span,
    /// The zone of its first line.
    pub zone: Zone,
    /// A blank line (or rule, or table pipe line) came before it in the source.
    pub blank_before: bool,
    /// How many source lines were joined into it.
    pub lines: usize,
    /// How many lines of nothing but table pipes came right before it (capped at 255): web
    /// exports flatten a table to one cell per line with a `|` line between cells and two
    /// between rows (or around an empty cell), which is all that is left of its grid.
    pub pipes_before: u8,
}

/// The normalised view of one source text.
#[derive(Clone, Debug)]
pub struct Normalized {
    /// Paragraphs, one per line.
    pub text: String,
    /// The paragraphs in order.
    pub paras: Vec<Para>,
    /// Normalised → source offsets.
    pub map: OffsetMap,
    /// The line habits the layout stage detected.
    pub habits: layout::Habits,
    /// Counts of the repairs made.
    pub repairs: Repairs,
}

impl Normalized {
    /// The source span a span of the normalised text came from.
    pub fn to_source(&self, span: Span) -> Span {
        self.map.to_source(span)
    }

    /// [`Self::to_source`] for many spans in turn (see [`OffsetMap::to_source_from`]).
    pub fn to_source_from(&self, span: Span, hint: &std::cell::Cell<usize>) -> Span {
        self.map.to_source_from(span, hint)
    }

    /// The normalised text of a span (`""` if the span is out of bounds).
    pub fn slice(&self, span: Span) -> &str {
        span.slice(&self.text)
    }

    /// The text of a paragraph.
    pub fn para_text(&self, i: usize) -> &str {
        self.paras.get(i).map_or("", |p| p.span.slice(&self.text))
    }
}

/// What normalising one line wrote.
enum Written<'s> {
    /// The line as it stands in the source (`src[start..end]`): most lines need no rule, and
    /// are then copied once, into the document, instead of into a builder first.
    Source(&'s str, usize),
    /// A part of the document's builder for rewritten lines ([`LineSink::built`]): one
    /// buffer for all of them, not a builder (two allocations) per line.
    Built(offset_map::Part),
}

impl<'s> Written<'s> {
    /// The line's text; `built` is the builder of the document's rewritten lines.
    fn text<'a>(&'a self, built: &'a MapBuilder<'s>) -> &'a str {
        match self {
            Written::Source(text, _) => text,
            Written::Built(part) => built.part_text(part),
        }
    }

    /// How many pieces of the map the line adds (a copied line, one at most).
    fn pieces(&self) -> usize {
        match self {
            Written::Source(..) => 1,
            Written::Built(part) => part.piece_count(),
        }
    }

    /// Adds the line to `b`, which stands at the line's start.
    fn write_to(&self, b: &mut MapBuilder<'s>, built: &MapBuilder<'s>) {
        match self {
            Written::Source(_, end) => b.keep(*end),
            Written::Built(part) => b.append_part(built, part),
        }
    }
}

/// One source line, already normalised on its own.
struct Line<'s> {
    /// Source offset where the line (and its builder) starts.
    start: usize,
    out: Written<'s>,
    shape: layout::LineShape,
    blank_before: bool,
    /// Lines of table pipes right before it: a cell boundary, nothing joins across it.
    pipes_before: u8,
    /// Markdown `**` toggles on this line (an odd number of them).
    bold_toggle: bool,
}

/// The document's lines as they are found, one cell at a time: a blank line (or a line of
/// table pipes) is no line, it only marks the next one.
struct LineSink<'s> {
    lines: Vec<Line<'s>>,
    /// The lines a rule rewrote, one after another (see [`Written::Built`]).
    built: MapBuilder<'s>,
    blank_before: bool,
    pipes_before: u8,
}

impl<'s> LineSink<'s> {
    /// Adds the cell `src[start..end]`, scanned; `bold_toggle` when it holds an odd number
    /// of `**` ([`layout::double_stars`]).
    fn push(&mut self, scanned: chars::Scanned<'s>, start: usize, end: usize, bold_toggle: bool, repairs: &mut Repairs) {
        let (out, counts) = match scanned.as_is() {
            Some((text, counts)) => (Written::Source(text, end), Some(counts)),
            None => {
                let part = self.built.begin_at(start);
                let counts = chars::write_scanned(&mut self.built, scanned, repairs);
                (Written::Built(self.built.end_part(part)), counts)
            }
        };
        let src = self.built.src();
        let raw = || src.get(start..end).unwrap_or("");
        let text = out.text(&self.built);
        if layout::is_blank(text) {
            self.blank_before = true;
            if raw().contains('|') {
                self.pipes_before = self.pipes_before.saturating_add(1);
            }
            return;
        }
        let shape = match counts {
            Some(counts) => layout::shape_counted(text, counts),
            None => layout::shape(text),
        };
        self.lines.push(Line { start, out, shape, blank_before: self.blank_before, pipes_before: self.pipes_before, bold_toggle });
        self.blank_before = false;
        self.pipes_before = 0;
    }
}

/// Normalises a whole source text.
pub fn normalize(src: &str) -> Normalized {
    let mut repairs = Repairs::default();
    // 1. Lines, each normalised on its own; blank lines only mark the next line.
    let (source_lines, escaped) = flat::lines(src);
    // A line is large: growing the vector to the document's lines copied them several times.
    let mut sink = LineSink { lines: Vec::with_capacity(source_lines.len()), built: MapBuilder::at(src, 0), blank_before: false, pipes_before: 0 };
    repairs.escaped_breaks = escaped;
    for (start, end) in source_lines {
        // Most lines are clean as they stand: no tab, no two spaces in a row, no `*`, so no
        // cell gap and no emphasis either, and their scan serves their one cell.
        let whole = chars::scan_line(src, start, end);
        let raw_line = whole.source();
        let clean = whole.as_is().is_some();
        // Side-by-side cells (number | date, recipients | signature) come out of PDF and
        // Word as one line with a wide gap: each cell is a line of its own. A whole
        // document flattened to one line is cut back into its lines the same way.
        let mut breaks = if clean { Vec::new() } else { layout::cell_breaks(raw_line) };
        // Markdown emphasis is rare: one byte scan spares most lines the `**` searches, and
        // the others are searched once, for their count and their glued cells.
        let has_star = !clean && memchr::memchr(b'*', raw_line.as_bytes()).is_some();
        let (star_pairs, glued) = if has_star { layout::double_stars_and_glued(raw_line) } else { (0, Vec::new()) };
        if !glued.is_empty() {
            breaks.extend(layout::bold_breaks_of(&glued));
            breaks.sort_unstable();
        }
        let flat = flat::flat_breaks(raw_line);
        if !flat.is_empty() {
            repairs.flattened_lines += 1;
            breaks.extend(flat);
            breaks.sort_unstable();
            breaks.dedup();
        }
        if breaks.is_empty() {
            // The line is one cell: its scan is that cell's, and it has no glued cells.
            sink.push(whole.unglued(), start, end, star_pairs % 2 == 1, &mut repairs);
            continue;
        }
        let mut cell_start = start;
        for cell_end in breaks.into_iter().map(|b| start + b).chain(std::iter::once(end)) {
            let line_start = cell_start;
            cell_start = cell_end;
            let bold_toggle = has_star && layout::double_stars(src.get(line_start..cell_end).unwrap_or("")) % 2 == 1;
            sink.push(chars::scan_line(src, line_start, cell_end), line_start, cell_end, bold_toggle, &mut repairs);
        }
    }
    let (mut lines, built) = (sink.lines, sink.built);

    // Website chrome around web exports is not the document.
    let chrome = {
        let texts: Vec<&str> = lines.iter().map(|l| l.out.text(&built)).collect();
        chrome::find(&texts)
    };
    // The document is `lines[head..]` after the truncation (no shift of the lines after a
    // chrome head: they are skipped when written).
    let head = chrome.head.min(chrome.tail);
    if chrome.head > 0 || chrome.tail < lines.len() {
        repairs.site_chrome = chrome.head + (lines.len() - chrome.tail);
        lines.truncate(chrome.tail);
    }
    let doc_lines = lines.get(head..).unwrap_or_default();

    // 2. Zones and habits, then which lines join.
    let zones = zones(doc_lines, &built);
    let shapes: Vec<(layout::LineShape, bool)> = doc_lines.iter().map(|l| (l.shape.clone(), l.blank_before)).collect();
    let habits = layout::habits(&shapes);
    let bold_runs = bold_runs(doc_lines);

    // 3. Write paragraphs: separators replace the source between lines.
    let mut b = MapBuilder::new(src);
    // The separator before each line and the line's own pieces.
    b.reserve_pieces(lines.iter().skip(head).map(|l| 1 + l.out.pieces()).sum::<usize>() + 1);
    let mut paras: Vec<Para> = Vec::with_capacity(lines.len());
    let mut prev: Option<usize> = None;
    for (i, line) in lines.into_iter().skip(head).enumerate() {
        let zone = zones.get(i).copied().unwrap_or(Zone::Body);
        let join = match prev {
            Some(_) if line.pipes_before > 0 => false,
            Some(p) if bold_runs.get(p).copied().unwrap_or(false) && matches!(zone, Zone::Body | Zone::Annex) => {
                !line.shape.marker && !line.shape.bare_label
            }
            Some(p) => {
                let a = &shapes[p].0;
                layout::joins(a, &line.shape, line.blank_before, zone, habits)
            }
            None => false,
        };
        if join {
            // Punctuation that starts the line goes back onto the word before (as in `chars`).
            let glue = chars::join_glue(b.out(), line.out.text(&built));
            b.rewrite(line.start, glue);
            if let Some(last) = paras.last_mut() {
                last.lines += 1;
            }
        } else {
            b.rewrite(line.start, if paras.is_empty() { "" } else { "\n" });
            let start = b.out().len();
            paras.push(Para { span: Span::new(start, start), zone, blank_before: line.blank_before, lines: 1, pipes_before: line.pipes_before });
        }
        line.out.write_to(&mut b, &built);
        if let Some(last) = paras.last_mut() {
            last.span.end = b.out().len();
        }
        prev = Some(i);
    }
    let (text, map) = b.finish();
    Normalized { text, paras, map, habits, repairs }
}

/// Lines that end inside a `**bold**` run which closes within the next few lines: web
/// exports wrap bold headings (`**2. Sở` / `Nông nghiệp và Môi trường**`), and the run is
/// one heading whatever the words look like. A run left open (a stray `**`) joins nothing.
fn bold_runs(lines: &[Line<'_>]) -> Vec<bool> {
    const MAX_LINES: usize = 4;
    let mut out = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].bold_toggle {
            i += 1;
            continue;
        }
        // The run opened on line i: find the line that closes it.
        let close = (i + 1..lines.len().min(i + 1 + MAX_LINES)).find(|&j| lines[j].bold_toggle || lines[j].pipes_before > 0);
        match close {
            Some(j) if lines[j].bold_toggle && lines[j].pipes_before == 0 => {
                for o in out.iter_mut().take(j).skip(i) {
                    *o = true;
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Assigns each line its zone: header until the type line, closing from the recipients or
/// signature (or the line after `./.`) until an annex starts.
fn zones<'s>(lines: &[Line<'s>], built: &MapBuilder<'s>) -> Vec<Zone> {
    let mut zones = vec![Zone::Body; lines.len()];
    // Header: everything before a type line found near the top.
    let type_at = lines.iter().take(30).position(|l| l.shape.type_line && !l.shape.annex);
    // An official letter (công văn) has no type line: its header ends at "Kính gửi".
    let letter_at = || lines.iter().take(30).position(|l| l.out.text(built).starts_with("Kính gửi"));
    let body_start = type_at.or_else(letter_at).unwrap_or(0);
    for z in zones.iter_mut().take(body_start) {
        *z = Zone::Header;
    }
    let mut zone = Zone::Body;
    let mut seen_body = false;
    for (i, l) in lines.iter().enumerate().skip(body_start) {
        let s = &l.shape;
        if s.marker && !s.bullet {
            seen_body = true;
        }
        match zone {
            Zone::Body | Zone::Annex if (seen_body && i > body_start) || i >= body_start + 3 => {
                let text = l.out.text(built);
                let starts_closing = s.authority || (text.starts_with('N') && (text.starts_with("Nơi nhận") || text.starts_with("Nơi gửi")));
                if starts_closing {
                    zone = Zone::Closing;
                }
            }
            Zone::Closing if (s.annex || s.type_line) && !s.authority => zone = Zone::Annex,
            _ => {}
        }
        zones[i] = zone;
        // The line after the body's end mark opens the closing block.
        if s.ends_body && matches!(zone, Zone::Body | Zone::Annex) && (seen_body || i >= body_start + 2) {
            zone = Zone::Closing;
        }
    }
    zones
}

/// Normalises a piece of source text as a single value: the same character rules as the
/// document, lines that carry nothing (blank, table pipes, drawn rules) dropped, and every
/// line break collapsed to one space.
///
/// This is the meaning of every `text` in the output: `text == inline(&source[span])`.
pub fn inline(s: &str) -> String {
    let mut repairs = Repairs::default();
    let mut out = String::with_capacity(s.len());
    for (start, end) in flat::lines(s).0 {
        let line = s.get(start..end).unwrap_or("");
        let mut b = MapBuilder::new(line);
        let _ = chars::write_inline(&mut b, line, 0, line.len(), &mut repairs);
        let (text, _) = b.finish();
        if layout::is_blank(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(chars::join_glue(&out, &text));
        }
        out.push_str(&text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(n: &Normalized) -> Vec<&str> {
        (0..n.paras.len()).map(|i| n.para_text(i)).collect()
    }

    /// The premise of skipping the break searches for clean lines: a line taken as it
    /// stands has no cell gap and no `**`.
    fn assert_clean_lines_have_no_breaks(line: &str) {
        if chars::scan_line(line, 0, line.len()).as_is().is_some() {
            assert!(layout::cell_breaks(line).is_empty(), "{line:?}");
            assert!(!line.contains('*'), "{line:?}");
        }
    }

    #[test]
    fn clean_lines_have_no_cell_gaps_and_no_emphasis() {
        let mut n = 0;
        for (_, t) in crate::testing::corpus_texts() {
            for l in t.lines() {
                assert_clean_lines_have_no_breaks(l);
                n += 1;
            }
        }
        assert!(n > 1000, "no corpus read");
        for l in ["a      b", "a\tb", "**a**", "a *b*", "Số: 12      Hà Nội"] {
            assert_clean_lines_have_no_breaks(l);
        }
    }

    proptest::proptest! {
        #[test]
        fn clean_lines_have_no_cell_gaps_and_no_emphasis_on_random_lines(line in "[a-zA-ZàĐ0-9 \t*|:.]{0,24}") {
            assert_clean_lines_have_no_breaks(&line);
        }
    }

    #[test]
    fn blank_line_between_every_line_layout_unwraps() {
        let src = "I. MỤC ĐÍCH \n\n1. Mục đích \n\n- Tiếp tục nâng cao chất lượng công tác quản lý nhà nước về thông tin đối \nngoại; đảm bảo sự phối hợp thống nhất, đồng bộ với các cấp, các ngành, địa \n\nphương trong triển khai.  \n\n- Tuyên truyền nâng cao uy tín, vị thế của Việt Nam trên trường quốc tế nhằm \n\nthu hút tối đa các nguồn lực. \n";
        let n = normalize(src);
        assert_eq!(
            paras(&n),
            vec![
                "I. MỤC ĐÍCH",
                "1. Mục đích",
                "- Tiếp tục nâng cao chất lượng công tác quản lý nhà nước về thông tin đối ngoại; đảm bảo sự phối hợp thống nhất, đồng bộ với các cấp, các ngành, địa phương trong triển khai.",
                "- Tuyên truyền nâng cao uy tín, vị thế của Việt Nam trên trường quốc tế nhằm thu hút tối đa các nguồn lực.",
            ]
        );
        n.map.check(n.text.len()).expect("map");
    }

    #[test]
    fn every_paragraph_maps_back_to_its_source() {
        let src = " Số: /KH-UBND Kông Chro, ngày tháng 3 năm 2023\r\n\r\nKẾ HOẠCH\r\nHoạt động năm 2023\r\n";
        let n = normalize(src);
        assert_eq!(paras(&n), vec!["Số: /KH-UBND Kông Chro, ngày tháng 3 năm 2023", "KẾ HOẠCH", "Hoạt động năm 2023"]);
        for p in &n.paras {
            let s = n.to_source(p.span);
            assert_eq!(inline(s.slice(src)), n.slice(p.span));
        }
    }

    #[test]
    fn signature_block_lines_stay_separate() {
        let src = "I. NỘI DUNG\n\nThực hiện tốt./.\n\nNơi nhận:\n- Như trên;\n- Lưu VT.\n\nTM. UỶ BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn Tuấn\n";
        let n = normalize(src);
        assert_eq!(
            paras(&n),
            vec!["I. NỘI DUNG", "Thực hiện tốt./.", "Nơi nhận:", "- Như trên;", "- Lưu VT.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Tuấn"]
        );
    }
}
