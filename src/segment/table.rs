//! Tables recovered from the normalised paragraphs.
//!
//! Web exports (thuvienphapluat.vn and the like) flatten an HTML table to one cell per line
//! with a line of `|` between cells: `|` `STT` `|` `Nội dung` `|` … `|` `|` `1` `|` …. The
//! normaliser keeps each cell a paragraph of its own and counts the pipe lines before it
//! ([`crate::normalize::Para::pipes_before`]); that count is all that is left of the grid.
//! One pipe separates two cells of a row; two separate rows, or surround an empty cell.
//!
//! A table is read from its header row (the row that starts with `STT`), which gives the
//! number and the meaning of the columns. Rows are then rebuilt cell by cell: a row whose
//! first cell is a running number is a data row of the full width (a double pipe inside it
//! is an empty cell, unless the next cell is the next running number); any other row (`I`,
//! `NHÓM GIẢI PHÁP …`, merged across the width) is a group row and ends at the first double
//! pipe.

use std::sync::LazyLock;

use regex::Regex;

use crate::normalize::Normalized;
use crate::text::fold;

/// What a column holds, from its header text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// `STT`, `TT`: the running number.
    Number,
    /// `Nội dung`, `Nhiệm vụ`, `Tên nhiệm vụ`, `Giải pháp`, `Hoạt động`.
    Content,
    /// `Cơ quan chủ trì`, `Đơn vị thực hiện`, `Chủ trì`.
    Lead,
    /// `Cơ quan phối hợp`, `Phối hợp`.
    Support,
    /// `Thời gian thực hiện`, `Thời hạn hoàn thành`, `Tiến độ`.
    Time,
    /// `Sản phẩm`, `Kết quả dự kiến`.
    Product,
    /// Anything else.
    Other,
}

impl Column {
    /// Whether a cell is a running-number header (`STT`), as [`Column::of`] would say, without
    /// folding long cells: `số thứ tự`, the longest such header, has 7 letters, and folding
    /// keeps every letter and digit, so a cell with more of them is turned away after its
    /// eighth instead of being folded whole (this runs on every table cell).
    ///
    /// Each such header starts with `s` or `t` in either case: a cell whose first letter or
    /// digit is another is turned away before its letters are counted.
    pub fn is_number(header: &str) -> bool {
        if !header.chars().find(|c| c.is_alphanumeric()).is_some_and(|c| matches!(c, 's' | 'S' | 't' | 'T')) {
            return false;
        }
        let letters = header.chars().filter(|&c| crate::text::is_letter_or_digit(c) && !unicode_normalization::char::is_combining_mark(c));
        letters.take(8).count() <= 7 && Column::of(header) == Column::Number
    }

    /// Classifies a header cell. Time comes first because `Thời gian thực hiện` also says
    /// `thực hiện`; support before lead because `Cơ quan phối hợp thực hiện` supports.
    pub fn of(header: &str) -> Column {
        let f = fold(header);
        let f = f.trim_matches(|c: char| !c.is_alphanumeric());
        if matches!(f, "stt" | "tt" | "số tt" | "số thứ tự") {
            Column::Number
        } else if ["thời gian", "thời hạn", "tiến độ", "thời điểm"].iter().any(|w| f.starts_with(w)) {
            Column::Time
        } else if f.contains("phối hợp") {
            Column::Support
        } else if f.contains("chủ trì") || ((f.starts_with("cơ quan") || f.starts_with("đơn vị")) && f.contains("thực hiện")) {
            Column::Lead
        } else if f.starts_with("sản phẩm") || f.starts_with("kết quả") {
            Column::Product
        } else if ["nội dung", "nhiệm vụ", "tên nhiệm vụ", "giải pháp", "hoạt động", "công việc", "tên hoạt động"]
            .iter()
            .any(|w| f.starts_with(w))
        {
            Column::Content
        } else {
            Column::Other
        }
    }
}

/// One cell: a run of paragraphs (a cell may hold several), or nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    /// First paragraph.
    pub first: usize,
    /// Last paragraph (inclusive).
    pub last: usize,
}

/// One row of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Cells in column order; `None` for an empty cell.
    pub cells: Vec<Option<Cell>>,
    /// A group row (`I` + `NHÓM GIẢI PHÁP …`) rather than a data row.
    pub group: bool,
}

/// A table read from its header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// The meaning of each column.
    pub columns: Vec<Column>,
    /// Paragraph of the first header cell.
    pub header_para: usize,
    /// Rows after the header, in order.
    pub rows: Vec<Row>,
}

impl Table {
    /// The index of the first column of a kind.
    pub fn column(&self, kind: Column) -> Option<usize> {
        self.columns.iter().position(|&c| c == kind)
    }
}

/// A running number or a group label alone in a cell: `1`, `1.`, `2.3`, `I`, `II.`, `A`.
static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:(?P<n>\d{1,3})(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?|[A-ZĐ]\.?|[a-zđ]\))$").expect("label regex"));

/// A cell that holds nothing but a running number or a group label.
pub fn is_label(text: &str) -> bool {
    LABEL.is_match(text.trim())
}

/// Consecutive paragraphs from `start` that form one cell (the first has pipes before it, the
/// rest do not).
fn cell_at(norm: &Normalized, start: usize) -> Cell {
    let mut last = start;
    while norm.paras.get(last + 1).is_some_and(|p| p.pipes_before == 0 && p.zone == norm.paras[start].zone) {
        last += 1;
    }
    Cell { first: start, last }
}

fn running_number(norm: &Normalized, cell: Cell) -> Option<u32> {
    let text = norm.para_text(cell.first);
    (cell.first == cell.last).then_some(())?;
    // Only the number branch of LABEL gives one, and it holds nothing but digits and dots:
    // a cell of text is turned away without the capture search.
    if text.is_empty() || !text.chars().all(|c| c == '.' || c.is_numeric()) {
        return None;
    }
    number_label(text)
}

/// The `n` group of a [`LABEL`] match of a text of digits and dots: the label up to its
/// first dot, read off the text once the (capture-free) match says it is one.
fn number_label(text: &str) -> Option<u32> {
    LABEL.is_match(text).then(|| text.split('.').next()?.parse().ok()).flatten()
}

/// Every table of the document that has a header row starting with `STT`.
pub fn tables(norm: &Normalized) -> Vec<Table> {
    let mut out = Vec::new();
    let n = norm.paras.len();
    let mut i = 0;
    while i < n {
        let p = &norm.paras[i];
        // The length test first: `Column::of` folds the whole cell.
        if p.pipes_before == 0 || norm.para_text(i).chars().count() > 12 || !Column::is_number(norm.para_text(i)) {
            i += 1;
            continue;
        }
        // Header: cells separated by single pipes.
        let mut columns = vec![Column::Number];
        let mut cell = cell_at(norm, i);
        while norm.paras.get(cell.last + 1).is_some_and(|q| q.pipes_before == 1) {
            cell = cell_at(norm, cell.last + 1);
            columns.push(Column::of(&cell_text(norm, cell)));
        }
        let header_para = i;
        let width = columns.len();
        if width < 2 {
            i = cell.last + 1;
            continue;
        }
        // Rows.
        let mut rows: Vec<Row> = Vec::new();
        let mut at = cell.last + 1;
        let mut last_number: Option<u32> = None;
        let mut current: Option<Row> = None;
        while let Some(q) = norm.paras.get(at) {
            if q.pipes_before == 0 {
                break; // Text after the table.
            }
            let c = cell_at(norm, at);
            let k = usize::from(q.pipes_before);
            let number = running_number(norm, c);
            let starts_row = match current.as_mut() {
                None => true,
                Some(row) if row.group => k >= 2,
                Some(row) => {
                    let filled = row.cells.len();
                    let next_in_sequence = number.is_some_and(|v| last_number.is_some_and(|l| v == l + 1));
                    if k >= 2 && (filled >= width || next_in_sequence) {
                        true
                    } else {
                        // Empty cells between this one and the previous.
                        for _ in 1..k {
                            if row.cells.len() + 1 < width {
                                row.cells.push(None);
                            }
                        }
                        row.cells.len() >= width
                    }
                }
            };
            if starts_row {
                rows.extend(current.take());
                let group = number.is_none();
                if let Some(v) = number {
                    last_number = Some(v);
                }
                current = Some(Row { cells: vec![Some(c)], group });
            } else if let Some(row) = current.as_mut() {
                row.cells.push(Some(c));
            }
            at = c.last + 1;
            // A new table header ends this one.
            if norm.paras.get(at).is_some_and(|q| q.pipes_before > 0 && Column::is_number(norm.para_text(at))) {
                break;
            }
        }
        rows.extend(current.take());
        out.push(Table { columns, header_para, rows });
        i = at.max(i + 1);
    }
    out
}

/// The text of a cell, its paragraphs joined by spaces.
pub fn cell_text(norm: &Normalized, cell: Cell) -> String {
    (cell.first..=cell.last).map(|p| norm.para_text(p)).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_running_number_holds_only_digits_and_dots(text in "[0-9.IVXa-zĐ)٣ ]{0,6}") {
            if LABEL.captures(&text).is_some_and(|c| c.name("n").is_some()) {
                proptest::prop_assert!(!text.is_empty() && text.chars().all(|c| c == '.' || c.is_numeric()));
            }
        }

        #[test]
        fn a_running_number_is_the_group_of_its_label(text in "[0-9.٣]{1,12}") {
            let by_group = LABEL.captures(&text).and_then(|c| c.name("n")?.as_str().parse::<u32>().ok());
            proptest::prop_assert_eq!(number_label(&text), by_group);
        }
    }

    proptest::proptest! {
        #[test]
        fn a_number_header_starts_with_s_or_t(header in "[ |.:\\-(sStTđĐoố̂ớSTT]{0,12}|(STT|TT|Số TT|số thứ tự|Stt|S.T.T|\\(STT\\)|Tt|Ｓtt|ſtt)") {
            let letters = header.chars().filter(|&c| crate::text::is_letter_or_digit(c) && !unicode_normalization::char::is_combining_mark(c));
            let plain = letters.take(8).count() <= 7 && Column::of(&header) == Column::Number;
            proptest::prop_assert_eq!(Column::is_number(&header), plain);
        }
    }
    use crate::normalize::normalize;

    fn flat(rows: &[&[&str]]) -> String {
        let mut s = String::new();
        for r in rows {
            s.push_str("|\n");
            for c in *r {
                s.push_str(c);
                s.push_str("\n|\n");
            }
        }
        s
    }

    #[test]
    fn columns_from_headers() {
        assert_eq!(Column::of("**STT**"), Column::Number);
        for cell in ["**STT**", "Số TT", "số thứ tự", "SỐ THỨ TỰ", "S\u{1ed1} th\u{1ee9} t\u{1ef1}", "So\u{302}\u{301} thu\u{31b}\u{301} tu\u{31b}\u{323}", "TT", "Số thứ tự thực hiện", "Nội dung", "1"] {
            assert_eq!(Column::is_number(cell), Column::of(cell) == Column::Number, "{cell}");
        }
        assert_eq!(Column::of("Thời gian thực hiện"), Column::Time);
        assert_eq!(Column::of("Cơ quan chủ trì"), Column::Lead);
        assert_eq!(Column::of("Đơn vị thực hiện"), Column::Lead);
        assert_eq!(Column::of("CHỦ TRÌ"), Column::Lead);
        assert_eq!(Column::of("Cơ quan, đơn vị phối hợp"), Column::Support);
        assert_eq!(Column::of("Tên nhiệm vụ"), Column::Content);
        assert_eq!(Column::of("Sản phẩm đầu ra"), Column::Product);
        assert_eq!(Column::of("Ghi chú"), Column::Other);
    }

    #[test]
    fn flattened_rows_with_groups_and_empty_cells() {
        let text = format!(
            "PHỤ LỤC\n\n{}",
            flat(&[
                &["STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"],
                &["I", "NHÓM GIẢI PHÁP"],
                &["1", "Rà soát cơ chế.", "Sở Tài chính", "Các sở, ngành", "2026"],
                &["2", "Xây dựng đề án.", "Sở Nội vụ", "", "Quý II/2026"],
                &["3", "Tập huấn.", "Sở Y tế", "Sở Tài chính", ""],
                &["4", "Tổng kết.", "Sở Tư pháp", "Sở Y tế", "2027"],
            ])
        );
        let norm = normalize(&text);
        let t = tables(&norm);
        assert_eq!(t.len(), 1, "{:?}", norm.text);
        let t = &t[0];
        assert_eq!(t.columns, vec![Column::Number, Column::Content, Column::Lead, Column::Support, Column::Time]);
        assert_eq!(t.rows.len(), 5);
        assert!(t.rows[0].group);
        let texts = |r: &Row| r.cells.iter().map(|c| c.map(|c| cell_text(&norm, c)).unwrap_or_default()).collect::<Vec<_>>();
        assert_eq!(texts(&t.rows[2]), vec!["2", "Xây dựng đề án.", "Sở Nội vụ", "", "Quý II/2026"]);
        assert_eq!(texts(&t.rows[3]), vec!["3", "Tập huấn.", "Sở Y tế", "Sở Tài chính"]);
        assert_eq!(texts(&t.rows[4]), vec!["4", "Tổng kết.", "Sở Tư pháp", "Sở Y tế", "2027"]);
    }

    #[test]
    fn no_header_no_table() {
        let norm = normalize(&flat(&[&["Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"]]));
        assert!(tables(&norm).is_empty());
    }
}
