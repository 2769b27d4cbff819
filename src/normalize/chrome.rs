//! Site chrome around web exports: text the publishing website put around the document.
//!
//! thuvienphapluat.vn pages saved as Markdown start with a copyright banner, a "loading"
//! line and a metadata table (`Số hiệu:`, `Loại văn bản:`, … `Tình trạng:`), sometimes a
//! news summary (`## …` up to `Xem chi tiết tại …`), and end with a customer notice and
//! login/paywall text (`TP. HCM, ngày 31/05/2021` / `Thưa Quý khách,` …). None of it is
//! the document: left in, the metadata pushes the real header out of reach and the notice
//! becomes recipients or citations. The markers are the site's fixed wording, so they are
//! matched exactly; a document that merely mentions the site keeps every line.

/// Lines `[..head)` and `[tail..]` are chrome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chrome {
    /// First line of the document proper.
    pub head: usize,
    /// First line of the trailing chrome (`lines.len()` when there is none).
    pub tail: usize,
}

/// How far from each end the markers are looked for: the site's blocks are short, and a
/// bound keeps a marker-like sentence deep inside a document from cutting it.
const HEAD_WINDOW: usize = 120;
const TAIL_WINDOW: usize = 80;

/// The privacy notice web exports end with, searched in the last lines (built once: a
/// `str::contains` would build its searcher again for every line).
static PRIVACY_NOTICE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("về Lưu trữ, Sử dụng Thông tin Khách hàng".as_bytes()));

/// Finds the chrome among the document's (normalised, non-blank) lines.
pub fn find(lines: &[&str]) -> Chrome {
    let n = lines.len();
    let mut head = 0;
    let banner = lines.iter().take(8).any(|l| l.starts_with("Bản dịch này thuộc quyền sở hữu của"));
    let loading = lines.iter().take(HEAD_WINDOW).position(|l| l.starts_with("Đang tải văn bản"));
    if banner || loading.is_some() {
        if let Some(at) = loading {
            head = at + 1;
        }
        // The metadata table ends with the value of "Tình trạng:".
        let from = head;
        if let Some(at) = lines.iter().enumerate().skip(from).take(60).find(|(_, l)| l.starts_with("Tình trạng:")).map(|(i, _)| i) {
            let value_on_line = lines.get(at).is_some_and(|l| l.trim_end() != "Tình trạng:");
            head = if value_on_line { at + 1 } else { (at + 2).min(n) };
        }
        // A news summary: "## …" up to "Xem chi tiết tại …".
        if lines.get(head).is_some_and(|l| l.starts_with("## ")) {
            if let Some(end) = lines.iter().enumerate().skip(head).take(HEAD_WINDOW).find(|(_, l)| l.starts_with("Xem chi tiết tại")).map(|(i, _)| i) {
                head = end + 1;
            }
        }
    }
    let start = n.saturating_sub(TAIL_WINDOW).max(head);
    let mut tail = n;
    for i in start..n {
        let l = lines[i];
        let notice = l.starts_with("Thưa Quý khách")
            || l.starts_with("Cảm ơn đã dùng ThuVienPhapLuat")
            || l.starts_with("Bạn vừa bị Đăng xuất")
            || PRIVACY_NOTICE.find(l.as_bytes()).is_some();
        if notice {
            // The notice's date line ("TP. HCM, ngày 31/05/2021") goes with it.
            tail = if i > start && lines[i - 1].starts_with("TP. HCM, ngày") { i - 1 } else { i };
            break;
        }
    }
    Chrome { head: head.min(tail), tail }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banner_metadata_summary_and_notice_are_chrome() {
        let lines = [
            "Bản dịch này thuộc quyền sở hữu của THƯ VIỆN PHÁP LUẬT.",
            "Đang tải văn bản...",
            "#",
            "Số hiệu:",
            "96/CĐ-BXD",
            "Tình trạng:",
            "Đã biết",
            "## Bộ Xây dựng yêu cầu tập trung ứng phó",
            "Xem chi tiết tại Công điện 96/CĐ-BXD ngày 22/11/2025.",
            "BỘ XÂY DỰNG",
            "Số: 96/CĐ-BXD",
            "Lê Anh Tuấn",
            "TP. HCM, ngày 31/05/2021",
            "Thưa Quý khách,",
            "Cảm ơn đã dùng ThuVienPhapLuat.vn",
        ];
        assert_eq!(find(&lines), Chrome { head: 9, tail: 12 });
    }

    #[test]
    fn plain_documents_have_none() {
        let lines = ["ỦY BAN NHÂN DÂN", "Số: 12/KH-UBND", "Tình trạng: đã hoàn thành", "Thưa Quý khách"];
        // No banner and no loading line: the head stays; a closing notice is still chrome only
        // with the site's wording, which "Thưa Quý khách" alone is.
        assert_eq!(find(&lines).head, 0);
    }
}
