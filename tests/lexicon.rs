//! The unit lexicon (`src/lexicon/units.tsv`) seen through the public API: spellings of one
//! unit share a key, different units keep different keys.

use vnplan::lexicon::unit_key;
use vnplan::text::{fold, spell_out};

const DATA: &str = include_str!("../src/lexicon/units.tsv");

/// The key of a spelling as the text prints it.
fn key(s: &str) -> String {
    unit_key(&fold(s))
}

/// The key of a spelling after `UBND`/`HĐND`/`MTTQ` are spelled out, as units are keyed.
fn spelled_key(s: &str) -> String {
    unit_key(&fold(&spell_out(s)))
}

fn entries() -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    DATA.lines().skip(1).map(|l| {
        let (name, aliases) = l.split_once('\t').expect("two columns");
        (name, aliases.split('|').filter(|a| !a.is_empty()).collect())
    })
}

#[track_caller]
fn same(a: &str, b: &str) {
    assert_eq!(key(a), key(b), "{a} and {b} should be one unit");
    assert_eq!(spelled_key(a), spelled_key(b), "{a} and {b} should be one unit once spelled out");
}

#[track_caller]
fn different(a: &str, b: &str) {
    assert_ne!(key(a), key(b), "{a} and {b} are different units");
    assert_ne!(spelled_key(a), spelled_key(b), "{a} and {b} are different units once spelled out");
}

#[test]
fn names_start_upper_case_and_aliases_resolve_to_their_name() {
    let mut n = 0;
    for (name, aliases) in entries() {
        n += 1;
        assert!(name.chars().next().is_some_and(char::is_uppercase), "{name} does not start upper case");
        assert_eq!(key(name), fold(name), "{name} is not its own key");
        for a in aliases {
            assert_eq!(key(a), fold(name), "{a} does not resolve to {name}");
            // Units are keyed after abbreviations are spelled out; that form must resolve too.
            assert_eq!(spelled_key(a), fold(name), "{a} (spelled out) does not resolve to {name}");
        }
    }
    assert!(n >= 180, "only {n} units");
}

#[test]
fn spellings_of_one_unit_merge() {
    // Ministries, before and after the 2025 reorganisation, and government agencies.
    same("Bộ KH&ĐT", "Bộ Kế hoạch và Đầu tư");
    same("BLĐTBXH", "Bộ Lao động – Thương binh và Xã hội");
    same("Bộ NN&PTNT", "Bộ Nông nghiệp và Phát triển nông thôn");
    same("Bộ TT&TT", "Bộ Thông tin và Truyền thông");
    same("BNNMT", "Bộ Nông nghiệp và Môi trường");
    same("Bộ Dân tộc và Tôn giáo", "BDTTG");
    same("BVHTTDL", "Bộ Văn hoá, Thể thao và Du lịch");
    same("VPCP", "Văn phòng Chính phủ");
    same("Đài THVN", "Đài Truyền hình Việt Nam");
    // Provincial departments.
    same("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội");
    same("Sở Dân tộc & Tôn giáo", "Sở Dân tộc và Tôn giáo");
    same("SNNMT", "Sở Nông nghiệp và Môi trường");
    same("Sở VHTTDL", "Sở Văn hóa Thể thao và Du lịch");
    same("Văn phòng UBND tỉnh", "VP UBND tỉnh");
    same("Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh");
    same("Trung tâm PVHCC tỉnh", "Trung tâm Phục vụ hành chính công tỉnh");
    // District offices and commune offices after 2025.
    same("Phòng TN&MT", "Phòng Tài nguyên và Môi trường");
    same("Phòng LĐTBXH", "Phòng Lao động - Thương binh và Xã hội");
    same("Phòng Kinh tế - Hạ tầng", "Phòng KT&HT");
    same("Văn phòng HĐND&UBND xã", "Văn phòng HĐND và UBND xã");
    // Commune civil servants.
    same("Công chức TP-HT", "Công chức Tư pháp - Hộ tịch");
    same("Công chức Địa chính NN và XD", "Công chức Địa chính - Nông nghiệp - Xây dựng và Môi trường");
    same("Chỉ huy trưởng Ban CHQS xã", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã");
    // Party bodies.
    same("UBKT Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy");
    same("Ban TG&DV Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh uỷ");
    same("BTC Huyện ủy", "Ban Tổ chức Huyện ủy");
    // Front.
    same("UBMTTQVN tỉnh", "Ủy ban MTTQ Việt Nam tỉnh");
    same("Ủy ban MTTQ tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh");
    same("Uỷ ban MTTQ VN xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã");
    same("BTT Ủy ban MTTQ Việt Nam xã", "Ban Thường trực UBMTTQ xã");
    same("Ủy ban TW Mặt trận Tổ quốc Việt Nam", "Ủy ban Trung ương MTTQ Việt Nam");
    // Mass organisations.
    same("Hội LHPN tỉnh", "Hội Liên hiệp Phụ nữ tỉnh");
    same("Đoàn TNCS Hồ Chí Minh tỉnh", "Tỉnh đoàn");
    same("Hội CCB huyện", "Hội Cựu chiến binh huyện");
    same("LĐLĐ tỉnh", "Liên đoàn Lao động tỉnh");
    // Press.
    same("Đài PT-TH tỉnh", "Đài Phát thanh và Truyền hình tỉnh");
    same("Báo và PTTH tỉnh", "Báo và Phát thanh, Truyền hình tỉnh");
    same("Cổng TTĐT tỉnh", "Cổng Thông tin điện tử tỉnh");
}

#[test]
fn different_units_stay_apart() {
    different("Sở Nông nghiệp và Môi trường", "Sở Tài nguyên và Môi trường");
    different("Sở NN&MT", "Sở NN&PTNT");
    different("Bộ Nông nghiệp và Môi trường", "Bộ Nông nghiệp và Phát triển nông thôn");
    different("Bộ Khoa học và Công nghệ", "Bộ Thông tin và Truyền thông");
    different("Bộ Tài chính", "Bộ Kế hoạch và Đầu tư");
    different("Bộ Nội vụ", "Bộ Lao động - Thương binh và Xã hội");
    different("Bộ Xây dựng", "Bộ Giao thông vận tải");
    different("Bộ Dân tộc và Tôn giáo", "Ủy ban Dân tộc");
    different("Sở Văn hóa, Thể thao và Du lịch", "Sở Du lịch");
    different("Phòng VHTT", "Phòng VHXH");
    different("Phòng Kinh tế", "Phòng Kinh tế và Hạ tầng");
    different("Phòng Kinh tế và Hạ tầng", "Phòng Kinh tế, Hạ tầng và Đô thị");
    different("Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy");
    different("BTC", "BTC Tỉnh ủy");
    different("Ủy ban MTTQ tỉnh", "Ủy ban MTTQ xã");
    different("Ủy ban MTTQ Việt Nam tỉnh", "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh");
    different("Công an tỉnh", "Công an huyện");
    different("Hội LHPN tỉnh", "Hội LHPN huyện");
    different("Đài Phát thanh và Truyền hình tỉnh", "Báo và Phát thanh, Truyền hình tỉnh");
    different("Văn phòng Đăng ký đất đai", "Chi nhánh Văn phòng Đăng ký đất đai");
    different("Công chức Địa chính - Xây dựng", "Công chức Địa chính - Xây dựng - Đô thị và Môi trường");
}

#[test]
fn ambiguous_abbreviations_are_not_units() {
    // Each of these means more than one unit, so none may be taken for a particular one.
    for s in ["UBND", "HĐND", "MTTQ", "VHTT", "Sở VHTT", "BCT", "BTG", "Cục Thuế", "Cục KTVB", "Văn phòng HĐND&UBND"] {
        assert_eq!(key(s), fold(s), "{s} is ambiguous");
    }
}
