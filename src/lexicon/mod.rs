//! Word lists the stages share, embedded at compile time and parsed once.
//!
//! Data files live beside this module, one entry per line, sorted, NFC (checked by tests):
//! * `syllables.tsv` — Vietnamese syllables with their corpus counts
//!   (`scripts/gen-syllables.py`), used to repair glued words.
//! * `units.tsv` — official unit names and the abbreviations plans print for them
//!   (`Sở TT&TT`, `STTTT` for `Sở Thông tin và Truyền thông`), so that one unit spelled two
//!   ways is one unit;
//! * the document-type table below (SPEC "type": name and code).

use std::sync::LazyLock;

/// The lexicon's maps are looked up for every capital word, unit mention and type code:
/// foldhash hashes a short key several times faster than std's SipHash, and nothing here
/// needs SipHash's resistance to chosen keys (the keys are the embedded lists).
type HashMap<K, V> = foldhash::HashMap<K, V>;

static SYLLABLES: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
    include_str!("syllables.tsv")
        .lines()
        .skip(1)
        .filter_map(|l| {
            let (w, n) = l.split_once('\t')?;
            Some((w, n.parse().ok()?))
        })
        .collect()
});

/// How often a (lower-case, NFC, modern-tone) syllable occurs in the reference corpus;
/// `None` when it is not a known Vietnamese syllable.
pub fn syllable_count(lower: &str) -> Option<u32> {
    SYLLABLES.get(lower).copied()
}

/// Folded alias → folded official name.
static UNIT_ALIASES: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut m = HashMap::default();
    for line in include_str!("units.tsv").lines().skip(1) {
        let Some((name, aliases)) = line.split_once('\t') else { continue };
        let key = crate::text::fold(name);
        for a in aliases.split('|').filter(|a| !a.is_empty()) {
            m.insert(crate::text::fold(a), key.clone());
        }
        m.insert(key.clone(), key);
    }
    m
});

/// The key that identifies a unit whatever its spelling: its folded official name when the
/// lexicon knows the spelling, else the folded spelling itself.
pub fn unit_key(folded: &str) -> String {
    UNIT_ALIASES.get(folded).cloned().unwrap_or_else(|| folded.to_string())
}

/// The byte length of the longest known unit spelling that `text` starts with, ending at a
/// word boundary: where a unit's name ends in running text that has no verb the engine
/// knows (`Phối hợp Sở Y tế thẩm định …` → `Sở Y tế`).
pub fn unit_prefix(text: &str) -> Option<usize> {
    let mut best = None;
    let mut words = 0;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if !(c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | '.')) || i == 0 {
            continue;
        }
        words += 1;
        if words > 14 {
            break;
        }
        let head = text.get(..i).unwrap_or("");
        if UNIT_ALIASES.contains_key(&crate::text::fold(head)) {
            best = Some(i);
        }
    }
    best
}

/// A document type: its name as written in running text and its official code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocType {
    /// Name in sentence case, as SPEC's `type.name` (`Kế hoạch`).
    pub name: &'static str,
    /// Code in number symbols (`KH`), or `None` for types without one (công văn).
    pub code: Option<&'static str>,
}

/// Types of administrative, legal and Party documents (domain-facts §1.2, §1.4, §2.4).
/// Longer names first, so `Kế hoạch liên tịch` wins over `Kế hoạch`.
pub const DOC_TYPES: &[DocType] = &[
    DocType { name: "Nghị quyết liên tịch", code: Some("NQLT") },
    DocType { name: "Thông tư liên tịch", code: Some("TTLT") },
    DocType { name: "Kế hoạch liên tịch", code: Some("KHLT") },
    DocType { name: "Chương trình hành động", code: Some("CTHĐ") },
    DocType { name: "Chương trình phối hợp", code: Some("CTr") },
    DocType { name: "Nghị quyết", code: Some("NQ") },
    DocType { name: "Quyết định", code: Some("QĐ") },
    DocType { name: "Chỉ thị", code: Some("CT") },
    DocType { name: "Quy chế", code: Some("QC") },
    DocType { name: "Quy định", code: Some("QyĐ") },
    DocType { name: "Thông cáo", code: Some("TC") },
    DocType { name: "Thông báo", code: Some("TB") },
    DocType { name: "Hướng dẫn", code: Some("HD") },
    DocType { name: "Chương trình", code: Some("CTr") },
    DocType { name: "Kế hoạch", code: Some("KH") },
    DocType { name: "Phương án", code: Some("PA") },
    DocType { name: "Đề án", code: Some("ĐA") },
    DocType { name: "Dự án", code: Some("DA") },
    DocType { name: "Báo cáo", code: Some("BC") },
    DocType { name: "Biên bản", code: Some("BB") },
    DocType { name: "Tờ trình", code: Some("TTr") },
    DocType { name: "Hợp đồng", code: Some("HĐ") },
    DocType { name: "Công điện", code: Some("CĐ") },
    DocType { name: "Bản ghi nhớ", code: Some("BGN") },
    DocType { name: "Bản thỏa thuận", code: Some("BTT") },
    DocType { name: "Giấy ủy quyền", code: Some("GUQ") },
    DocType { name: "Giấy mời", code: Some("GM") },
    DocType { name: "Giấy giới thiệu", code: Some("GGT") },
    DocType { name: "Nghị định", code: Some("NĐ") },
    DocType { name: "Thông tư", code: Some("TT") },
    DocType { name: "Luật", code: None },
    DocType { name: "Pháp lệnh", code: None },
    DocType { name: "Kết luận", code: Some("KL") },
    DocType { name: "Thông tri", code: Some("TT") },
    DocType { name: "Công văn", code: None },
    DocType { name: "Văn bản hợp nhất", code: Some("VBHN") },
];

/// Each type name folded, with the first type (in [`DOC_TYPES`] order) that has it: looked
/// up for every line in capitals, so one hash instead of a compare per type.
static FOLDED_TYPE_NAMES: LazyLock<HashMap<String, &'static DocType>> = LazyLock::new(|| {
    let mut m = HashMap::default();
    for t in DOC_TYPES {
        m.entry(crate::text::fold(t.name)).or_insert(t);
    }
    m
});

/// The type whose name `text` is, ignoring case and tone placement.
pub fn doc_type_by_name(text: &str) -> Option<&'static DocType> {
    // No type name has more than five words or 32 bytes in capitals.
    if text.len() > 48 {
        return None;
    }
    let f = crate::text::fold(text);
    FOLDED_TYPE_NAMES.get(&f).copied()
}

/// Every type name folded (each once), as [`doc_type_by_name`] looks them up.
pub fn folded_type_names() -> impl Iterator<Item = &'static str> {
    FOLDED_TYPE_NAMES.keys().map(String::as_str)
}

/// The first word of every type name, folded and then put in capitals (`KẾ`, `QUYẾT`,
/// `THÔNG`), with those of `DANH SÁCH` and `PHỤ LỤC`, the other title lines.
static TYPE_FIRST_WORDS_IN_CAPITALS: LazyLock<foldhash::HashSet<String>> = LazyLock::new(|| {
    DOC_TYPES
        .iter()
        .map(|t| t.name)
        .chain(["Danh sách", "Phụ lục"])
        .filter_map(|n| crate::text::fold(n).split(' ').next().map(str::to_uppercase))
        .collect()
});

/// Whether `text`, which has no lower-case letter, may be a title line's type name: `false`
/// when its first word is plain capitals (ASCII or precomposed, no old-style tone mark, up
/// to white space or the end) that start no type name, `true` otherwise.
///
/// Why: every line in capitals (header cells, signature titles, table headings) is asked
/// whether it is a type name, and folding it costs an allocation each. Such a first word
/// folds to its own lower case (nothing for NFC or the tone rule to move), so it is in the
/// folded names' first words exactly when it is one of them in capitals.
pub fn may_be_type_name_in_capitals(text: &str) -> bool {
    let plain_capital = |c: char| {
        c.is_ascii_uppercase()
            || (matches!(c, '\u{00C0}'..='\u{01B0}' | '\u{1EA0}'..='\u{1EF9}') && c.is_uppercase() && !crate::text::old_style_candidate(c))
    };
    let end = text.find(|c: char| !plain_capital(c)).unwrap_or(text.len());
    let rest = text.get(end..).unwrap_or("");
    if end == 0 || !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return true;
    }
    text.get(..end).is_some_and(|w| TYPE_FIRST_WORDS_IN_CAPITALS.contains(w))
}

/// Each type code in capitals, with the first type (in [`DOC_TYPES`] order) that has it.
/// Chương trình's code CTr is shared with Chương trình phối hợp; the plain name is preferred.
static TYPES_BY_CODE: LazyLock<HashMap<String, &'static DocType>> = LazyLock::new(|| {
    let mut m = HashMap::default();
    for t in DOC_TYPES.iter().filter(|t| t.name != "Chương trình phối hợp" && t.name != "Thông tri") {
        if let Some(c) = t.code {
            m.entry(c.to_uppercase()).or_insert(t);
        }
    }
    m
});

/// The type of an administrative number's type code (`KH` in `215/KH-UBND`), matched
/// case-insensitively because documents print `CTR` for `CTr` (domain-facts §1.4).
pub fn doc_type_by_code(code: &str) -> Option<&'static DocType> {
    // One lookup: this runs for every citation candidate.
    TYPES_BY_CODE.get(&code.to_uppercase()).copied()
}

/// Whether a symbol component names an issuing body (domain-facts §2.2, §2.4): the
/// Government and its ministries (`CP`, `TTg`, `VPCP`, `BTC`, `BGDĐT`, …), local councils and
/// committees (`UBND`, `HĐND`), departments (`STTTT`, `SNV`), Party committees (`TW`, `TU`,
/// `HU`, `ĐU`) — as opposed to a drafting unit of a công văn (`CS`, `VX`, `TTĐN`).
pub fn is_body_code(code: &str) -> bool {
    const BODIES: &[&str] = &[
        "CP", "TTG", "VPCP", "CTN", "QH", "UBTVQH", "UBND", "HĐND", "TW", "TU", "HU", "ĐU", "QU", "THU", "TXU", "KTNN", "NHNN", "TTCP",
        "UBDT", "TANDTC", "VKSNDTC", "MTTQ", "BCĐ",
    ];
    let up = code.to_uppercase();
    let up = up.trim_end_matches(|c: char| c.is_ascii_digit());
    let letters = up.chars().count();
    BODIES.contains(&up)
        // Ministries (BTC, BNV, BYT, BGDĐT …) and provincial departments (STTTT, SNV, SYT …).
        || (letters >= 3 && (up.starts_with('B') || up.starts_with('S')))
        || (letters >= 3 && (up.starts_with("UB") || up.starts_with("ĐU")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn syllable_list_is_sorted_nfc_unique_and_counted() {
        let data = include_str!("syllables.tsv");
        let mut lines = data.lines();
        assert_eq!(lines.next(), Some("syllable\tcount"));
        let mut prev = "";
        for l in lines {
            let (w, n) = l.split_once('\t').expect("two columns");
            assert!(w > prev, "not sorted/unique at {w}");
            assert_eq!(w.nfc().collect::<String>(), w, "not NFC: {w}");
            assert_eq!(crate::text::fold(w), w, "not folded: {w}");
            assert!(n.parse::<u32>().is_ok_and(|n| n >= 2), "bad count at {w}");
            prev = w;
        }
        assert!(syllable_count("thực").is_some_and(|n| n > 100));
        assert_eq!(syllable_count("thựchiện"), None);
    }

    #[test]
    fn unit_lexicon_is_sorted_nfc_unique_and_resolves_aliases() {
        let data = include_str!("units.tsv");
        let mut lines = data.lines();
        assert_eq!(lines.next(), Some("name\taliases"));
        let mut prev = String::new();
        let mut seen = std::collections::HashSet::new();
        for l in lines {
            let (name, aliases) = l.split_once('\t').expect("two columns");
            assert!(name > prev.as_str(), "not sorted/unique at {name}");
            for s in std::iter::once(name).chain(aliases.split('|')) {
                assert_eq!(s.nfc().collect::<String>(), s, "not NFC: {s}");
                assert_eq!(s.trim(), s, "spaces around {s}");
                assert!(seen.insert(crate::text::fold(s)), "{s} appears twice");
            }
            prev = name.to_string();
        }
        let key = |s: &str| unit_key(&crate::text::fold(s));
        assert_eq!(key("Sở TT&TT"), key("Sở Thông tin và Truyền thông"));
        assert_eq!(key("STTTT"), key("sở thông tin và truyền thông"));
        assert_eq!(key("BCH Quân sự tỉnh"), key("Bộ Chỉ huy Quân sự tỉnh"));
        assert_ne!(key("Sở Tài chính"), key("Sở Tư pháp"));
        assert_eq!(key("Tổ trưởng tổ dân phố"), "tổ trưởng tổ dân phố");
    }

    #[test]
    fn unit_prefix_finds_the_longest_known_name() {
        assert_eq!(unit_prefix("Sở Y tế thẩm định hồ sơ"), Some("Sở Y tế".len()));
        assert_eq!(unit_prefix("Sở Văn hóa, Thể thao và Du lịch tổ chức"), Some("Sở Văn hóa, Thể thao và Du lịch".len()));
        assert_eq!(unit_prefix("Sở TT&TT, Sở Tài chính"), Some("Sở TT&TT".len()));
        assert_eq!(unit_prefix("Thực hiện các nhiệm vụ"), None);
        assert_eq!(unit_prefix(""), None);
    }

    #[test]
    fn type_lookup_by_name_and_code() {
        assert_eq!(doc_type_by_name("KẾ HOẠCH").map(|t| t.code), Some(Some("KH")));
        assert_eq!(doc_type_by_code("CTR").map(|t| t.name), Some("Chương trình"));
        // `is_type_line` turns away text with a digit unfolded: no type name has one.
        assert!(DOC_TYPES.iter().all(|t| !t.name.bytes().any(|b| b.is_ascii_digit())));
        // The lookup answers what the first matching type in list order answers.
        let scan = |code: &str| {
            DOC_TYPES
                .iter()
                .filter(|t| t.name != "Chương trình phối hợp" && t.name != "Thông tri")
                .find(|t| t.code.is_some_and(|c| c.to_uppercase() == code.to_uppercase()))
                .map(|t| t.name)
        };
        for code in DOC_TYPES.iter().filter_map(|t| t.code).chain(["ctr", "Qđ", "nđ-cp", "KH", "XYZ", ""]) {
            assert_eq!(doc_type_by_code(code).map(|t| t.name), scan(code), "{code}");
            assert_eq!(doc_type_by_code(&code.to_lowercase()).map(|t| t.name), scan(&code.to_lowercase()), "{code}");
        }
        assert_eq!(doc_type_by_code("QĐ").map(|t| t.name), Some("Quyết định"));
        assert_eq!(doc_type_by_name("Hoạt động"), None);
        for body in ["UBND", "TTg", "TTG", "BTC", "BGDĐT", "STTTT", "TU", "UBTVQH15", "VPCP"] {
            assert!(is_body_code(body), "{body}");
        }
        for unit in ["CS", "VX", "TTĐN", "KGVX", "QLDN"] {
            assert!(!is_body_code(unit), "{unit}");
        }
    }
}
