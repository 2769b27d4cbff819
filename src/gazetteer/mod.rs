//! Administrative gazetteer: the 63 provinces and 696 district-level units that existed before
//! 1/7/2025, and the 34 provinces since then.
//!
//! Plans from 2019–2023 name their issuer and place by the old map ("huyện Kông Chro",
//! "tỉnh Kon Tum"), while readers today think in the new one, so the parser needs both and the
//! link between them. The tables are generated from the MIT-licensed `vietnamadminunits` 1.0.4
//! dataset (see `data/README.md`); communes are not included.
//!
//! Every lookup compares names through [`crate::text::fold`] plus a few spelling tolerances
//! (hyphens, apostrophes, Đắk/Đăk/Đak), so a key never depends on how a document typed its
//! accents or capitals.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::text::fold;

const PROVINCES_TSV: &str = include_str!("data/provinces.tsv");
const PROVINCES_2025_TSV: &str = include_str!("data/provinces-2025.tsv");
const DISTRICTS_TSV: &str = include_str!("data/districts.tsv");

/// Names that documents use for a province but that the dataset does not: the data reflects
/// early 2025, when Thừa Thiên Huế had just become the city of Huế, while older plans still say
/// "tỉnh Thừa Thiên Huế"; the others are everyday short forms ("TP.HCM").
const PROVINCE_ALIASES: &[(&str, &str)] = &[
    ("thừa thiên huế", "Huế"),
    ("hcm", "Hồ Chí Minh"),
    ("sài gòn", "Hồ Chí Minh"),
    ("brvt", "Bà Rịa - Vũng Tàu"),
];

/// A province-level unit as it was before 1/7/2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Province {
    /// Short name without "tỉnh"/"thành phố", e.g. "Kon Tum", "Hồ Chí Minh", "Huế".
    pub name: &'static str,
    /// "tỉnh", or "thành phố" for a centrally-run city.
    pub kind: &'static str,
    /// The post-1/7/2025 province it became part of (itself when unchanged).
    pub new_name: &'static str,
}

/// A district-level unit (huyện, quận, thị xã, thành phố thuộc tỉnh) as of early 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct District {
    /// Name without the kind, e.g. "Kông Chro"; numbered quận keep only the number ("1").
    pub name: &'static str,
    /// "huyện", "quận", "thị xã" or "thành phố".
    pub kind: &'static str,
    /// Short name of the pre-2025 province, as in [`Province::name`].
    pub province: &'static str,
}

/// The parsed tables plus folded-name indexes; built once, shared read-only.
#[derive(Debug)]
pub struct Gazetteer {
    provinces: Vec<Province>,
    provinces_2025: Vec<(&'static str, &'static str)>,
    districts: Vec<District>,
    province_index: HashMap<String, usize>,
    province_2025_index: HashMap<String, usize>,
    district_index: HashMap<String, Vec<usize>>,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::load);

/// The shared gazetteer; the embedded tables are parsed on first use.
pub fn gazetteer() -> &'static Gazetteer {
    &GAZETTEER
}

/// Data rows of an embedded TSV with exactly `cols` non-empty fields; anything else is
/// skipped here, because the data hygiene test reports it far more clearly than a panic.
fn rows(tsv: &'static str, cols: usize) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .skip(1)
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .filter(move |f| f.len() == cols && f.iter().all(|s| !s.is_empty()))
}

/// The comparison key for a place name: [`fold`], then the tolerances documents need on top
/// of it. Hyphens and apostrophes vary in typing ("Bà Rịa-Vũng Tàu", "Đắk R’Lấp"), and the
/// Central Highlands syllables Đắk/Đăk/Đak and Lắk/Lăk/Lak are written every way, even within
/// one official list (huyện Đắk Tô, Đăk Hà, Đak Đoa), so they share one key.
fn match_key(s: &str) -> String {
    let folded = fold(s);
    let spaced: String = folded
        .chars()
        .map(|c| match c {
            '-' => ' ',
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(spaced.len());
    for word in spaced.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(match word {
            "đắk" | "đăk" | "đak" => "đăk",
            "lắk" | "lăk" | "lak" => "lăk",
            w => w,
        });
    }
    out
}

/// Removes one leading prefix from a match key; a prefix must be followed by more text so that
/// e.g. "tp" alone is not emptied.
fn strip_one<'a>(
    key: &'a str,
    prefixes: &[(&str, &'static str)],
) -> (Option<&'static str>, &'a str) {
    for &(prefix, kind) in prefixes {
        if let Some(after) = key.strip_prefix(prefix) {
            let rest = after.trim_start();
            if !rest.is_empty() && (prefix.ends_with('.') || after.starts_with(' ')) {
                return (Some(kind), rest);
            }
        }
    }
    (None, key)
}

/// Province prefixes, longest first so "thành phố " wins over shorter overlaps.
const PROVINCE_PREFIXES: &[(&str, &str)] = &[
    ("thành phố", "thành phố"),
    ("tỉnh", "tỉnh"),
    ("tp.", "thành phố"),
    ("tp", "thành phố"),
];

/// District-level prefixes; they narrow a lookup by kind.
const DISTRICT_PREFIXES: &[(&str, &str)] = &[
    ("thành phố", "thành phố"),
    ("thị xã", "thị xã"),
    ("huyện", "huyện"),
    ("quận", "quận"),
    ("tp.", "thành phố"),
    ("tp", "thành phố"),
    ("tx.", "thị xã"),
    ("tx", "thị xã"),
];

/// The one province shared by all `districts`, if they agree; an empty list or a name found
/// in several provinces (e.g. "Châu Thành") says nothing reliable.
fn single_province<'a>(districts: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut found: Option<&str> = None;
    for p in districts {
        match found {
            None => found = Some(p),
            Some(q) if q == p => {}
            Some(_) => return None,
        }
    }
    found
}

impl Gazetteer {
    fn load() -> Gazetteer {
        let provinces: Vec<Province> = rows(PROVINCES_TSV, 3)
            .map(|f| Province {
                name: f[0],
                kind: f[1],
                new_name: f[2],
            })
            .collect();
        let provinces_2025: Vec<(&'static str, &'static str)> =
            rows(PROVINCES_2025_TSV, 2).map(|f| (f[0], f[1])).collect();
        let districts: Vec<District> = rows(DISTRICTS_TSV, 3)
            .map(|f| District {
                province: f[0],
                kind: f[1],
                name: f[2],
            })
            .collect();

        let mut province_index = HashMap::new();
        for (i, p) in provinces.iter().enumerate() {
            province_index.insert(match_key(p.name), i);
        }
        let mut province_2025_index = HashMap::new();
        for (i, (name, _)) in provinces_2025.iter().enumerate() {
            province_2025_index.insert(match_key(name), i);
        }
        for &(alias, target) in PROVINCE_ALIASES {
            let key = match_key(alias);
            let target = match_key(target);
            if let Some(&i) = province_index.get(&target) {
                province_index.entry(key.clone()).or_insert(i);
            }
            if let Some(&i) = province_2025_index.get(&target) {
                province_2025_index.entry(key).or_insert(i);
            }
        }
        let mut district_index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in districts.iter().enumerate() {
            district_index.entry(match_key(d.name)).or_default().push(i);
        }
        Gazetteer {
            provinces,
            provinces_2025,
            districts,
            province_index,
            province_2025_index,
            district_index,
        }
    }

    /// All pre-2025 provinces, in file order; for callers that need to scan rather than look up.
    pub fn provinces(&self) -> &[Province] {
        &self.provinces
    }

    /// All pre-2025 district-level units, in file order.
    pub fn all_districts(&self) -> &[District] {
        &self.districts
    }

    /// Pre-2025 province by name, tolerant of case, tone placement, a "tỉnh "/"thành phố "/
    /// "TP. "/"TP " prefix, and the Đăk/Đắk/Đak spelling variants (folded for matching only).
    ///
    /// The prefix is not checked against the province's kind: before 2025 documents wrote
    /// "tỉnh Thừa Thiên Huế" for what the data now calls the city of Huế.
    pub fn province(&self, name: &str) -> Option<&Province> {
        let key = match_key(name);
        let (_, rest) = strip_one(&key, PROVINCE_PREFIXES);
        self.province_index
            .get(rest)
            .or_else(|| self.province_index.get(&key))
            .and_then(|&i| self.provinces.get(i))
    }

    /// Post-2025 province by name (same tolerance as [`Gazetteer::province`]).
    pub fn province_2025(&self, name: &str) -> Option<&str> {
        let key = match_key(name);
        let (_, rest) = strip_one(&key, PROVINCE_PREFIXES);
        self.province_2025_index
            .get(rest)
            .or_else(|| self.province_2025_index.get(&key))
            .and_then(|&i| self.provinces_2025.get(i))
            .map(|&(name, _)| name)
    }

    /// All pre-2025 district-level units with this name (same tolerance; a "huyện "/"quận "/
    /// "thị xã "/"thành phố " prefix, or "TP."/"TX.", narrows by kind).
    ///
    /// Several units share a name — Đồng Tháp had both huyện and thành phố Hồng Ngự, and
    /// "Châu Thành" is a huyện in ten provinces — so this returns every match.
    pub fn districts(&self, name: &str) -> Vec<&District> {
        let key = match_key(name);
        let (kind, rest) = strip_one(&key, DISTRICT_PREFIXES);
        let mut found = self.districts_by(kind, rest);
        if found.is_empty() && kind.is_some() {
            // The prefix may be part of the name itself.
            found = self.districts_by(None, &key);
        }
        found
    }

    fn districts_by(&self, kind: Option<&str>, key: &str) -> Vec<&District> {
        self.district_index
            .get(key)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.districts.get(i))
            .filter(|d| kind.is_none_or(|k| d.kind == k))
            .collect()
    }

    /// The province of an administrative area named in text, on the pre-1/7/2025 map: given
    /// the area's level ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường",
    /// "thị trấn") and name, plus optionally the parent district name (for xã/phường/thị
    /// trấn), return the pre-2025 province when it is unambiguous.
    ///
    /// Plans dated before 1/7/2025 are read against the old map; for a later date, pass the
    /// result to [`Gazetteer::new_province_of`]. A thị trấn usually shares the name of its
    /// huyện (thị trấn Kông Chro → huyện Kông Chro → Gia Lai), so without a parent it is
    /// looked up as a huyện; a xã or phường without a parent gives `None` because the
    /// gazetteer has no communes and their names repeat across the country.
    pub fn province_of(
        &self,
        level: &str,
        name: &str,
        parent_district: Option<&str>,
    ) -> Option<&str> {
        let level = match_key(level);
        let level = level.trim_end_matches('.');
        let key = match_key(name);
        // Tolerate the level repeated in the name ("thị trấn Kông Chro").
        let key = match key.strip_prefix(level).and_then(|r| r.strip_prefix(' ')) {
            Some(rest) if !level.is_empty() && !rest.is_empty() => rest.to_string(),
            _ => key,
        };
        match level {
            "tỉnh" => self.province(&key).map(|p| p.name),
            "thành phố" | "tp" => {
                // Either a centrally-run city (Hải Phòng) or a provincial one (Hồng Ngự);
                // both readings must agree on the province.
                let (_, rest) = strip_one(&key, PROVINCE_PREFIXES);
                let as_province = self.province(rest).map(|p| p.name);
                let as_district = self.districts_by(Some("thành phố"), rest);
                single_province(
                    as_province
                        .into_iter()
                        .chain(as_district.iter().map(|d| d.province)),
                )
            }
            "huyện" | "quận" | "thị xã" | "tx" => {
                let kind = if level == "tx" { "thị xã" } else { level };
                let (_, rest) = strip_one(&key, DISTRICT_PREFIXES);
                single_province(
                    self.districts_by(Some(kind), rest)
                        .iter()
                        .map(|d| d.province),
                )
            }
            "thị trấn" | "tt" => match parent_district {
                Some(parent) => self.district_province(parent),
                None => single_province(
                    self.districts_by(Some("huyện"), &key)
                        .iter()
                        .map(|d| d.province),
                ),
            },
            "xã" | "phường" => {
                parent_district.and_then(|parent| self.district_province(parent))
            }
            _ => None,
        }
    }

    /// The province of a district named with or without its kind, when all matches agree.
    fn district_province(&self, name: &str) -> Option<&str> {
        single_province(self.districts(name).iter().map(|d| d.province))
    }

    /// The post-1/7/2025 province that a pre-2025 province became part of.
    pub fn new_province_of(&self, old: &str) -> Option<&str> {
        self.province(old).map(|p| p.new_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::modern_tone;
    use std::collections::HashSet;
    use unicode_normalization::is_nfc;

    /// Checks one TSV the way the generator promises to write it and returns its data rows.
    fn check_tsv(
        name: &str,
        tsv: &'static str,
        header: &str,
        cols: usize,
    ) -> Vec<Vec<&'static str>> {
        let mut lines = tsv.lines();
        assert_eq!(lines.next(), Some(header), "{name}: header");
        assert!(
            tsv.ends_with('\n') && !tsv.ends_with("\n\n"),
            "{name}: must end with one newline"
        );
        assert!(!tsv.contains('\r'), "{name}: CR found");
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
        let mut seen = HashSet::new();
        for (n, row) in rows.iter().enumerate() {
            assert_eq!(row.len(), cols, "{name} row {}: {row:?}", n + 2);
            for field in row {
                assert!(!field.is_empty(), "{name} row {}: empty field", n + 2);
                assert_eq!(
                    field.trim(),
                    *field,
                    "{name} row {}: spaces around {field:?}",
                    n + 2
                );
                assert!(
                    !field.contains("  "),
                    "{name} row {}: double space in {field:?}",
                    n + 2
                );
                assert!(is_nfc(field), "{name} row {}: not NFC: {field:?}", n + 2);
                assert_eq!(
                    modern_tone(field),
                    *field,
                    "{name} row {}: old tone placement",
                    n + 2
                );
            }
            assert!(
                seen.insert(row.clone()),
                "{name} row {}: duplicate {row:?}",
                n + 2
            );
        }
        for pair in rows.windows(2) {
            assert!(
                pair[0] < pair[1],
                "{name}: not sorted at {:?} / {:?}",
                pair[0],
                pair[1]
            );
        }
        rows
    }

    #[test]
    fn data_files_are_clean_and_complete() {
        let old = check_tsv("provinces.tsv", PROVINCES_TSV, "name\tkind\tnew_name", 3);
        let new = check_tsv("provinces-2025.tsv", PROVINCES_2025_TSV, "name\tkind", 2);
        let dist = check_tsv("districts.tsv", DISTRICTS_TSV, "province\tkind\tname", 3);
        assert_eq!(old.len(), 63);
        assert_eq!(new.len(), 34);
        assert!(
            (690..=720).contains(&dist.len()),
            "{} districts",
            dist.len()
        );

        let new_names: HashSet<&str> = new.iter().map(|r| r[0]).collect();
        let old_names: HashSet<&str> = old.iter().map(|r| r[0]).collect();
        for r in &old {
            assert!(matches!(r[1], "tỉnh" | "thành phố"), "{r:?}");
            assert!(new_names.contains(r[2]), "unknown new province in {r:?}");
        }
        for r in &new {
            assert!(matches!(r[1], "tỉnh" | "thành phố"), "{r:?}");
        }
        // 28 tỉnh + 6 thành phố since 1/7/2025 (domain-facts §5.1).
        assert_eq!(new.iter().filter(|r| r[1] == "thành phố").count(), 6);
        for r in &dist {
            assert!(old_names.contains(r[0]), "unknown province in {r:?}");
            assert!(
                matches!(r[1], "huyện" | "quận" | "thị xã" | "thành phố"),
                "{r:?}"
            );
        }
        // Every new province is the successor of at least one old one.
        let successors: HashSet<&str> = old.iter().map(|r| r[2]).collect();
        assert_eq!(successors, new_names);

        // Nothing was dropped by the lenient parser, and no two names fold to one key.
        let g = gazetteer();
        assert_eq!(g.provinces.len(), old.len());
        assert_eq!(g.provinces_2025.len(), new.len());
        assert_eq!(g.districts.len(), dist.len());
        assert!(g.province_index.len() >= old.len());
        let keys: HashSet<String> = g.provinces.iter().map(|p| match_key(p.name)).collect();
        assert_eq!(keys.len(), old.len(), "two provinces share a match key");
    }

    /// domain-facts §5.2: new province → the old provinces it was formed from.
    const MERGERS: &[(&str, &[&str])] = &[
        ("Tuyên Quang", &["Hà Giang", "Tuyên Quang"]),
        ("Lào Cai", &["Lào Cai", "Yên Bái"]),
        ("Thái Nguyên", &["Thái Nguyên", "Bắc Kạn"]),
        ("Phú Thọ", &["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"]),
        ("Bắc Ninh", &["Bắc Ninh", "Bắc Giang"]),
        ("Hưng Yên", &["Hưng Yên", "Thái Bình"]),
        ("Hải Phòng", &["Hải Phòng", "Hải Dương"]),
        ("Ninh Bình", &["Ninh Bình", "Hà Nam", "Nam Định"]),
        ("Quảng Trị", &["Quảng Trị", "Quảng Bình"]),
        ("Đà Nẵng", &["Đà Nẵng", "Quảng Nam"]),
        ("Quảng Ngãi", &["Quảng Ngãi", "Kon Tum"]),
        ("Gia Lai", &["Gia Lai", "Bình Định"]),
        ("Khánh Hòa", &["Khánh Hòa", "Ninh Thuận"]),
        ("Lâm Đồng", &["Lâm Đồng", "Đắk Nông", "Bình Thuận"]),
        ("Đắk Lắk", &["Đắk Lắk", "Phú Yên"]),
        (
            "Hồ Chí Minh",
            &["Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"],
        ),
        ("Đồng Nai", &["Đồng Nai", "Bình Phước"]),
        ("Tây Ninh", &["Tây Ninh", "Long An"]),
        ("Cần Thơ", &["Cần Thơ", "Sóc Trăng", "Hậu Giang"]),
        ("Vĩnh Long", &["Vĩnh Long", "Bến Tre", "Trà Vinh"]),
        ("Đồng Tháp", &["Đồng Tháp", "Tiền Giang"]),
        ("Cà Mau", &["Cà Mau", "Bạc Liêu"]),
        ("An Giang", &["An Giang", "Kiên Giang"]),
        ("Hà Nội", &["Hà Nội"]),
        ("Huế", &["Huế"]),
        ("Lai Châu", &["Lai Châu"]),
        ("Điện Biên", &["Điện Biên"]),
        ("Sơn La", &["Sơn La"]),
        ("Lạng Sơn", &["Lạng Sơn"]),
        ("Quảng Ninh", &["Quảng Ninh"]),
        ("Thanh Hóa", &["Thanh Hóa"]),
        ("Nghệ An", &["Nghệ An"]),
        ("Hà Tĩnh", &["Hà Tĩnh"]),
        ("Cao Bằng", &["Cao Bằng"]),
    ];

    #[test]
    fn old_to_new_matches_domain_facts() {
        let g = gazetteer();
        assert_eq!(MERGERS.len(), 34);
        assert_eq!(
            MERGERS.iter().filter(|(_, olds)| olds.len() > 1).count(),
            23
        );
        let mut listed = HashSet::new();
        for &(new, olds) in MERGERS {
            assert_eq!(
                g.province_2025(new),
                Some(new),
                "{new} is not a 2025 province"
            );
            for &old in olds {
                assert!(listed.insert(old), "{old} listed twice");
                assert_eq!(g.new_province_of(old), Some(new), "{old}");
            }
            let mut from_data: Vec<&str> = g
                .provinces()
                .iter()
                .filter(|p| p.new_name == new)
                .map(|p| p.name)
                .collect();
            let mut expected = olds.to_vec();
            from_data.sort_unstable();
            expected.sort_unstable();
            assert_eq!(from_data, expected, "provinces merged into {new}");
        }
        assert_eq!(listed.len(), 63);
    }

    #[test]
    fn seed_places_resolve() {
        let g = gazetteer();
        let kong_chro = g.districts("Kông Chro");
        assert_eq!(kong_chro.len(), 1);
        assert_eq!(kong_chro[0].province, "Gia Lai");
        assert_eq!(kong_chro[0].kind, "huyện");
        assert_eq!(g.province_of("huyện", "Kông Chro", None), Some("Gia Lai"));
        assert_eq!(g.province_of("huyện", "Lâm Thao", None), Some("Phú Thọ"));
        assert_eq!(
            g.province_of("thị trấn", "Kông Chro", None),
            Some("Gia Lai")
        );
        assert_eq!(
            g.province_of("thị trấn", "thị trấn Kông Chro", None),
            Some("Gia Lai")
        );
        assert_eq!(
            g.province_of("xã", "Cao Xá", Some("Lâm Thao")),
            Some("Phú Thọ")
        );
        assert_eq!(
            g.province_of("xã", "Cao Xá", Some("huyện Lâm Thao")),
            Some("Phú Thọ")
        );
        assert_eq!(g.province_of("xã", "Cao Xá", None), None);
        assert_eq!(g.province_of("tỉnh", "Kon Tum", None), Some("Kon Tum"));
        assert_eq!(g.province_of("Tỉnh", "tỉnh Đăk Lăk", None), Some("Đắk Lắk"));
    }

    #[test]
    fn hong_ngu_has_two_units_in_one_province() {
        let g = gazetteer();
        let all = g.districts("Hồng Ngự");
        assert_eq!(all.len(), 2);
        assert!(all.iter().all(|d| d.province == "Đồng Tháp"));
        let huyen = g.districts("huyện Hồng Ngự");
        assert_eq!(huyen.len(), 1);
        assert_eq!((huyen[0].kind, huyen[0].province), ("huyện", "Đồng Tháp"));
        let city = g.districts("Thành phố Hồng Ngự");
        assert_eq!(city.len(), 1);
        assert_eq!(city[0].kind, "thành phố");
        assert_eq!(g.province_of("huyện", "Hồng Ngự", None), Some("Đồng Tháp"));
        assert_eq!(
            g.province_of("thành phố", "Hồng Ngự", None),
            Some("Đồng Tháp")
        );
        assert!(g.districts("quận Hồng Ngự").is_empty());
    }

    #[test]
    fn province_names_are_tolerant() {
        let g = gazetteer();
        assert_eq!(g.province("TỈNH KON TUM").map(|p| p.name), Some("Kon Tum"));
        assert_eq!(g.new_province_of("Kon Tum"), Some("Quảng Ngãi"));
        assert_eq!(g.new_province_of("tỉnh Kon Tum"), Some("Quảng Ngãi"));
        for spelling in ["Đắk Lắk", "Đăk Lăk", "Đak Lak", "tỉnh ĐẮK LẮK"] {
            assert_eq!(
                g.province(spelling).map(|p| p.name),
                Some("Đắk Lắk"),
                "{spelling}"
            );
        }
        assert_eq!(g.province("Khánh Hoà").map(|p| p.name), Some("Khánh Hòa"));
        assert_eq!(
            g.province("TP. Hồ Chí Minh").map(|p| p.kind),
            Some("thành phố")
        );
        assert_eq!(
            g.province("TP Hồ Chí Minh").map(|p| p.name),
            Some("Hồ Chí Minh")
        );
        assert_eq!(
            g.province("thành phố Hồ Chí Minh").map(|p| p.name),
            Some("Hồ Chí Minh")
        );
        assert_eq!(g.province("TP.HCM").map(|p| p.name), Some("Hồ Chí Minh"));
        assert_eq!(
            g.province("Bà Rịa – Vũng Tàu").map(|p| p.name),
            Some("Bà Rịa - Vũng Tàu")
        );
        assert_eq!(
            g.province("Bà Rịa-Vũng Tàu").map(|p| p.name),
            Some("Bà Rịa - Vũng Tàu")
        );
        assert_eq!(
            g.province("tỉnh Thừa Thiên Huế").map(|p| p.name),
            Some("Huế")
        );
        assert_eq!(g.province_2025("thành phố Huế"), Some("Huế"));
        assert_eq!(g.province_2025("tỉnh Đăk Lăk"), Some("Đắk Lắk"));
        assert_eq!(g.province_2025("Kon Tum"), None);
        assert_eq!(
            g.districts("Đắk Hà").first().map(|d| d.province),
            Some("Kon Tum")
        );
        assert_eq!(
            g.districts("Đắk R’Lấp").first().map(|d| d.province),
            Some("Đắk Nông")
        );
    }

    #[test]
    fn unknown_or_ambiguous_gives_nothing() {
        let g = gazetteer();
        assert!(g.province("Atlantis").is_none());
        assert!(g.province("").is_none());
        assert!(g.province("tỉnh").is_none());
        assert!(g.province_2025("Atlantis").is_none());
        assert!(g.new_province_of("Atlantis").is_none());
        assert!(g.districts("Atlantis").is_empty());
        assert!(g.districts("").is_empty());
        assert_eq!(g.province_of("huyện", "Atlantis", None), None);
        assert_eq!(g.province_of("xã", "Cao Xá", Some("Atlantis")), None);
        assert_eq!(g.province_of("làng", "Kông Chro", None), None);
        // Châu Thành was a huyện in several provinces: no single answer.
        assert!(g.districts("huyện Châu Thành").len() > 1);
        assert_eq!(g.province_of("huyện", "Châu Thành", None), None);
    }
}
