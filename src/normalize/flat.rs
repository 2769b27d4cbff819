//! Line breaks that the source lost: text whose newlines were escaped to literal `\r\n` / `\n`
//! (JSON or CSV dumps saved as text), and whole documents flattened to one line (HTML scraped
//! with its paragraphs joined by spaces, the commune `*.damaged.txt` files).
//!
//! Both are found *inside* a source line, so they only ever add break points: each piece is
//! then normalised as a line of its own, and the offset map keeps every piece pointing at its
//! source bytes (the dropped escape or space is what a separator replaces).

use std::sync::LazyLock;

use regex::Regex;

/// Where the next line ends in `rest`: `(line length, length of the break after it, whether
/// the break was an escaped one)`. Real breaks are `\r\n`, `\n`, a lone `\r`; escaped ones are
/// the two-character sequences `\r\n`, `\n`, `\r` (backslash, letter).
///
/// An escaped break is always taken as a break: a backslash followed by `n` or `r` has no
/// other use in Vietnamese administrative text (paths like `D:\nam` are the price, and they
/// cost one extra line break).
pub fn next_break(rest: &str) -> (usize, usize, bool) {
    let bytes = rest.as_bytes();
    let mut from = 0;
    while let Some(off) = bytes.get(from..).and_then(|b| memchr::memchr3(b'\n', b'\r', b'\\', b)) {
        let i = from + off;
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => return (i, 2, false),
            b'\n' | b'\r' => return (i, 1, false),
            _ => {
                let esc = |j: usize| bytes.get(j) == Some(&b'\\') && matches!(bytes.get(j + 1), Some(b'n' | b'r'));
                if esc(i) {
                    let len = if bytes.get(i + 1) == Some(&b'r') && bytes.get(i + 2) == Some(&b'\\') && bytes.get(i + 3) == Some(&b'n') { 4 } else { 2 };
                    return (i, len, true);
                }
                from = i + 1;
            }
        }
    }
    (rest.len(), 0, false)
}

/// Splits `s` into lines at real and escaped breaks: `(start, end)` byte ranges of each line
/// (line breaks excluded), and the number of escaped breaks.
///
/// One `memchr3` iterator over the whole text, as [`next_break`] line by line would find
/// them: a search started per line paid its set-up on every (short) line.
pub fn lines(s: &str) -> (Vec<(usize, usize)>, usize) {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 32 + 1);
    let mut escaped = 0;
    // Where the current line starts; candidates before it belong to the last break.
    let mut pos = 0;
    for i in memchr::memchr3_iter(b'\n', b'\r', b'\\', bytes) {
        if i < pos {
            continue;
        }
        let brk = match bytes.get(i) {
            Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => 2,
            Some(b'\n' | b'\r') => 1,
            _ if matches!(bytes.get(i + 1), Some(b'n' | b'r')) => {
                escaped += 1;
                if bytes.get(i + 1) == Some(&b'r') && bytes.get(i + 2) == Some(&b'\\') && bytes.get(i + 3) == Some(&b'n') {
                    4
                } else {
                    2
                }
            }
            _ => continue,
        };
        out.push((pos, i));
        pos = i + brk;
    }
    out.push((pos, bytes.len()));
    (out, escaped)
}

/// A line at least this long may be a flattened document; real paragraphs rarely are.
const MIN_FLAT_BYTES: usize = 1500;

/// A candidate break point: `(offset of the marker, kind)`.
///
/// Word ends are ASCII `\b`s after ASCII letters and digits (`CHÍNH PHỦ` and `BÍ THƯ` have none): a
/// Unicode `\b` anywhere would send every search to the regex crate's slow engines.
static MARKERS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \s(?:
            (?P<roman>[IVXL]{1,5}\.\s+\p{Lu})
          | (?P<num>\d{1,2}(?:\.\d{1,2}){0,3}\.\s+\p{Lu})
          | (?P<letter>[a-zđ]\)\s)
          | (?P<bullet>[-+•]\s+\p{L})
          | (?P<always>Căn\scứ\s|Thực\shiện\s\p{Lu}|Kính\sgửi|Nơi\snhận|(?:Luật\s)?[Ss]ố:|CỘNG\sH|Độc\slập\s-|Điều\s\d+\.|Chương\s[IVXL]+(?-u:\b)|PHỤ\sLỤC|Phụ\slục\s[IVXL0-9]+(?-u:\b))
          | (?P<authority>(?:TM|KT|TL|TUQ)\.\s*\p{Lu}|T/M\s)
          | (?P<issuer>/?(?:ỦY|UỶ)\sBAN\s\p{Lu}|HỘI\sĐỒNG\s\p{Lu}|ĐẢNG\sBỘ\s\p{Lu}|BAN\sCHẤP\sHÀNH(?-u:\b)|QUỐC\sHỘI(?-u:\b)|CHÍNH\sPHỦ|BỘ\s\p{Lu}{2})
          | (?P<rule>[-_=]{3,}\s)
          | (?P<dateline>\p{Lu}[\p{L}.]*(?:\s\p{Lu}[\p{L}.]*){0,3},\s(?:ngày|ngy)\s)
          | (?P<position>(?:PHÓ\s)?(?:(?:CHỦ\sTỊCH|TRƯỞNG\sBAN|GIÁM\sĐỐC|THỦ\sTƯỚNG|BỘ\sTRƯỞNG|CHÁNH\sVĂN\sPHÒNG)(?-u:\b)|BÍ\sTHƯ))
          | (?P<typeword>(?:KẾ\sHOẠCH|QUYẾT\sĐỊNH|NGHỊ\sQUYẾT|HƯỚNG\sDẪN|CHỈ\sTHỊ|THÔNG\sBÁO|BÁO\sCÁO|CÔNG\sĐIỆN|TỜ\sTRÌNH|THÔNG\sTƯ|NGHỊ\sĐỊNH|CHƯƠNG\sTRÌNH|ĐỀ\sÁN|LUẬT|PHÁP\sLỆNH)\s)
        )
        | (?P<after>Hạnh\sph\S{0,2}c|\./\.)\s",
    )
    .ok()
});

/// Break points inside a source line that holds a whole flattened document: before section
/// numbers, preamble clauses, header items, the recipients and signature, and after the
/// national motto and the end mark `./.`. Empty for any line that does not look flattened
/// (short, or without at least two section headings or header items).
///
/// Numbers, letters and bullets only break after a clause ends (`.`, `:`, `;`) or after an
/// all-capital heading, so `2026 - 2031` and `khoản 1. Theo` stay whole.
pub fn flat_breaks(line: &str) -> Vec<usize> {
    if line.len() < MIN_FLAT_BYTES {
        return Vec::new();
    }
    let Some(re) = MARKERS.as_ref() else { return Vec::new() };
    let mut out = Vec::new();
    let push = |out: &mut Vec<usize>, at: usize| {
        if at > 0 && at < line.len() && line.is_char_boundary(at) {
            out.push(at);
        }
    };
    let mut structural = 0;
    let mut authority_at: Option<usize> = None;
    let mut from = 0;
    while let Some(c) = re.captures_at(line, from) {
        let Some(m) = c.get(0) else { break };
        // A rejected marker must not hide one that starts inside it (` - Hạnh phúc`).
        from = m.start() + line.get(m.start()..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
        // Bounded look-behind: huge one-line inputs stay linear.
        let before = crate::text::tail(line.get(..m.start()).unwrap_or(""), 200).trim_end();
        let after_clause = before.ends_with(['.', ':', ';']);
        let after_caps = || is_caps_word(before.rsplit(' ').next().unwrap_or(""));
        let at = if let Some(a) = c.name("after") {
            // The space after the motto may start the next marker (the place and date).
            push(&mut out, m.end());
            from = from.max(a.end());
            None
        } else if c.name("authority").is_some() {
            authority_at = Some(m.start());
            structural += 1;
            Some(m.start() + 1)
        } else if c.name("position").is_some() {
            // The signer's position after `TM. ỦY BAN NHÂN DÂN`, then the signer's name.
            if authority_at.is_some_and(|a| m.start() - a < 300) {
                push(&mut out, m.start() + 1);
                let rest = crate::text::head(line.get(m.start()..).unwrap_or(""), 400);
                heading_end(rest).map(|e| m.start() + e)
            } else {
                None
            }
        } else if c.name("issuer").is_some() {
            // Word's document properties glued in front of the issuing body's name.
            (out.is_empty() && m.start() < HEAD_BYTES).then_some(m.start() + 1)
        } else if c.name("rule").is_some() {
            // A drawn rule under the issuer or the motto: a line of its own.
            push(&mut out, m.start() + 1);
            Some(m.end())
        } else if c.name("dateline").is_some() {
            (m.start() < HEAD_BYTES).then_some(m.start() + 1)
        } else if c.name("roman").is_some() {
            let heading = line.get(m.start() + 1..).unwrap_or("");
            let caps_word = heading.split_whitespace().nth(1).is_some_and(is_caps_word);
            if after_clause || after_caps() || caps_word {
                structural += 1;
                push(&mut out, m.start() + 1);
                // A heading is short: a bounded look keeps huge one-line inputs linear.
                heading_end(crate::text::head(heading, 400)).map(|e| m.start() + 1 + e)
            } else {
                None
            }
        } else if c.name("num").is_some() || c.name("letter").is_some() {
            (after_clause || after_caps()).then(|| {
                structural += 1;
                m.start() + 1
            })
        } else if c.name("bullet").is_some() {
            after_clause.then_some(m.start() + 1)
        } else if c.name("typeword").is_some() {
            // The type line follows the place and date (`…năm 2026 KẾ HOẠCH`), never a heading.
            let year = before.rsplit(' ').next().is_some_and(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()));
            if year {
                // The title follows on the same line: it is a line of its own too.
                push(&mut out, m.start() + 1);
                Some(m.end())
            } else {
                None
            }
        } else {
            structural += 1;
            Some(m.start() + 1)
        };
        if let Some(at) = at {
            push(&mut out, at);
            // An accepted marker is not matched again from inside (`Luật số:` / `số:`).
            from = from.max(m.end());
        }
    }
    if structural < 3 {
        return Vec::new();
    }
    // A break right after the motto may also be a marker's break: keep each once, in order.
    out.sort_unstable();
    out.dedup();
    out
}

/// Header items come before this offset of a flattened document.
const HEAD_BYTES: usize = 1000;

/// A word of an all-capital heading (`MỤC`, `ĐÍCH,`), not a number or a dash.
fn is_caps_word(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
}

/// Where the body text starts after a section heading on the same line (`II. THÀNH PHẦN
/// HỘI NGHỊ Ban Thường trực …`, `IV. THỜI GIAN - Theo …`): before the first capitalised
/// word after the all-capital run, or before a dash inside it.
fn heading_end(heading: &str) -> Option<usize> {
    let mut caps = 0;
    let mut words = heading.split(' ').filter(|w| !w.is_empty()).map(|w| (w.as_ptr() as usize - heading.as_ptr() as usize, w)).skip(1);
    for (at, w) in words.by_ref() {
        if is_caps_word(w) {
            caps += 1;
            continue;
        }
        if caps == 0 {
            return None;
        }
        let first = w.chars().next()?;
        return (first.is_uppercase() || matches!(w, "-" | "+")).then_some(at);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`lines`] as it was written, one [`next_break`] search per line.
    /// Splits `s` into lines at real and escaped breaks: `(start, end)` byte ranges of each line
    /// (line breaks excluded), and the number of escaped breaks.
    fn lines_reference(s: &str) -> (Vec<(usize, usize)>, usize) {
        let mut out = Vec::new();
        let mut escaped = 0;
        let mut pos = 0;
        loop {
            let rest = s.get(pos..).unwrap_or("");
            let (len, brk, esc) = next_break(rest);
            out.push((pos, pos + len));
            escaped += usize::from(esc);
            if brk == 0 {
                break;
            }
            pos += len + brk;
        }
        (out, escaped)
    }

    #[test]
    fn lines_are_those_of_the_search_per_line() {
        let mut files = 0;
        for (p, t) in crate::testing::corpus_texts() {
            assert_eq!(lines(&t), lines_reference(&t), "{}", p.display());
            files += 1;
        }
        assert!(files > 100, "no corpus read");
        for t in ["", "\n", "\r\n", "\r", "a\\nb", "a\\r\\nb", "a\\r\\x", "a\\", "\\", "\\\\n", "x\r\r\n\n", "a\\r\\\\n"] {
            assert_eq!(lines(t), lines_reference(t), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn lines_are_those_of_the_search_per_line_on_random_text(t in "[\r\n\\\\nrxđ ]{0,24}") {
            proptest::prop_assert_eq!(lines(&t), lines_reference(&t));
        }
    }

    #[test]
    fn escaped_breaks_split_lines_like_real_ones() {
        let (l, esc) = lines("KẾ HOẠCH\\r\\nHoạt động\\nnăm 2019\nI. MỤC ĐÍCH\r\nx");
        let s = "KẾ HOẠCH\\r\\nHoạt động\\nnăm 2019\nI. MỤC ĐÍCH\r\nx";
        let texts: Vec<&str> = l.iter().map(|&(a, b)| &s[a..b]).collect();
        assert_eq!(texts, vec!["KẾ HOẠCH", "Hoạt động", "năm 2019", "I. MỤC ĐÍCH", "x"]);
        assert_eq!(esc, 2);
    }

    #[test]
    fn a_lone_backslash_is_text() {
        let (l, esc) = lines("a \\ b\\x");
        assert_eq!(l, vec![(0, 7)]);
        assert_eq!(esc, 0);
    }

    #[test]
    fn a_heading_ends_where_its_capitals_do() {
        let h = "II. THÀNH PHẦN HỘI NGHỊ Ban Thường trực";
        assert_eq!(heading_end(h), h.find("Ban"));
        let h = "IV. THỜI GIAN - Theo quy định";
        assert_eq!(heading_end(h), h.find('-'));
        assert_eq!(heading_end("I. MỤC ĐÍCH, YÊU CẦU"), None);
        assert_eq!(heading_end("I. Mục đích"), None);
    }

    #[test]
    fn short_lines_are_never_split() {
        assert!(flat_breaks("I. MỤC ĐÍCH 1. Mục đích: a) Tổ chức. II. NỘI DUNG").is_empty());
    }

    #[test]
    fn a_flattened_plan_splits_at_its_structure() {
        let filler = "nội dung công việc được triển khai đồng bộ ở các cấp, các ngành ".repeat(30);
        let s = format!(
            "Admin Normal 2025-12-30T08:50:00Z EN-US X-NONE ỦY BAN NHÂN DÂN XÃ A Số: 12/KH-UBND CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc A, ngày 5 tháng 1 năm 2026 KẾ HOẠCH Tổ chức hội nghị nhiệm kỳ 2026 - 2031 Căn cứ Luật số 1/2015/QH13; cụ thể như sau: I. MỤC ĐÍCH, YÊU CẦU 1. Mục đích: x. II. THÀNH PHẦN Ban Thường trực gồm: 1. Mục đích: {filler}. 2. Yêu cầu: - bảo đảm khóa XVI. Căn cứ khoản 1. Theo {filler}./. Nơi nhận: - Như trên; TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A"
        );
        let b = flat_breaks(&s);
        let mut pieces = Vec::new();
        let mut last = 0;
        for &x in b.iter().chain(std::iter::once(&s.len())) {
            pieces.push(s[last..x].trim().to_string());
            last = x;
        }
        let starts: Vec<String> = pieces.iter().map(|p| p.split_whitespace().take(2).collect::<Vec<_>>().join(" ")).collect();
        assert_eq!(
            starts,
            vec!["Admin Normal", "ỦY BAN", "Số: 12/KH-UBND", "CỘNG HÒA", "Độc lập", "A, ngày", "KẾ HOẠCH", "Tổ chức", "Căn cứ", "I. MỤC", "1. Mục", "II. THÀNH", "Ban Thường", "1. Mục", "2. Yêu", "- bảo", "Căn cứ", "Nơi nhận:", "- Như", "TM. ỦY", "KT. CHỦ", "PHÓ CHỦ", "Nguyễn Văn"]
        );
    }
}
