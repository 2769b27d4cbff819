//! Citation audit: which documents a set of plans cites, how, and where the citations
//! disagree. `vnplan cites` prints it; it works on records (`vnplan/1` JSON), so plans being
//! extracted and JSON Lines read back are audited the same way.
//!
//! One row per cited document, grouped by `key_resolved` when present (a legal number
//! printed without its year, resolved from its date), else by `key`. Flags:
//!
//! - `dates_differ` / `issuers_differ`: the key is cited with dates (or issuers) that cannot
//!   both be right. Dates agree when one is a prefix of the other (`2016-08` and
//!   `2016-08-17`); issuers are compared after folding (case, tone placement, `UBND`, a
//!   head's title before the body it heads: `Bộ trưởng Bộ X` is `Bộ X`). Legal
//!   numbers (`72/2015/NĐ-CP`) are unique nationally, so all their mentions are compared.
//!   Administrative and Party numbers (`215/KH-UBND`, `05-NQ/TU`) restart with every issuing
//!   body, so only mentions from citing documents of the same province (the citing issuer's
//!   `province`; the same document when that is unknown) are compared.
//! - `no_year`: a legal type whose numbers carry a year (Luật, Pháp lệnh, Nghị định,
//!   Thông tư, Thông tư liên tịch) printed without one (`Nghị định số 72/NĐ-CP`).
//! - `type_mismatch`: the type word printed before the number contradicts the type code of
//!   the symbol (`Kế hoạch số 12/QĐ-UBND`).
//! - `after_citing`: the cited document is dated after the citing document (compared at the
//!   precision both give).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::eval::fold;
use crate::lexicon::{doc_type_by_code, doc_type_by_name};

/// Legal types whose numbers always carry a year (domain-facts §2.1).
const YEARED_TYPES: [&str; 5] = ["Luật", "Pháp lệnh", "Nghị định", "Thông tư", "Thông tư liên tịch"];

/// The flag codes, in the order they are listed.
pub const FLAGS: [&str; 5] = ["dates_differ", "issuers_differ", "no_year", "type_mismatch", "after_citing"];

/// One mention, with what is needed about its citing document.
#[derive(Clone, Debug)]
struct Mention {
    doc: usize,
    key: String,
    text: String,
    type_name: Option<String>,
    system: Option<String>,
    date: Option<String>,
    issuer: Option<String>,
    /// Where numbers of this key are unique: "" for legal numbers, else the citing
    /// document's province (or the document itself when its province is unknown).
    scope: String,
    no_year: bool,
    type_mismatch: Option<String>,
    after_citing: Option<String>,
}

/// A citing document.
#[derive(Clone, Debug)]
struct Citing {
    path: String,
}

/// Collects citations from records.
#[derive(Debug, Default)]
pub struct Audit {
    docs: Vec<Citing>,
    seen: HashSet<String>,
    groups: BTreeMap<String, Vec<Mention>>,
    records: usize,
    errors: usize,
}

/// A flag on a cited document, with what raised it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// One of [`FLAGS`].
    pub code: &'static str,
    /// What was seen, in words.
    pub detail: String,
}

/// One cited document.
#[derive(Clone, Debug, PartialEq)]
pub struct Cited {
    /// The grouping key (`key_resolved`, else `key`).
    pub key: String,
    /// Type names seen, most frequent first.
    pub types: Vec<String>,
    /// Number systems seen (`legal`, `administrative`, `party`).
    pub systems: Vec<String>,
    /// Issuers seen (first spelling of each folded name), most frequent first.
    pub issuers: Vec<String>,
    /// Dates seen, in order.
    pub dates: Vec<String>,
    /// Number of citing documents.
    pub documents: usize,
    /// Number of mentions.
    pub mentions: usize,
    /// Paths of the citing documents, in input order.
    pub citing: Vec<String>,
    /// The mentions' texts as printed (distinct, in order of first appearance).
    pub spellings: Vec<String>,
    /// Flags raised.
    pub flags: Vec<Flag>,
}

/// The type word printed before the number in a mention's text, if any (`Nghị quyết` in
/// `Nghị quyết số 05-NQ/TU`; none in `số 05-NQ/TU`).
fn printed_type(text: &str) -> Option<&'static str> {
    let before = &text[..text.find(|c: char| c.is_ascii_digit()).unwrap_or(text.len())];
    let before = before.trim_end();
    let before = before.strip_suffix("số").or_else(|| before.strip_suffix("Số")).or_else(|| before.strip_suffix("SỐ")).unwrap_or(before).trim();
    if before.is_empty() {
        return None;
    }
    doc_type_by_name(before).map(|t| t.name)
}

/// Type words that may carry another type's code by convention: a kind of the coded type
/// (`Chương trình hành động` numbered `CTr`, `Kế hoạch liên tịch` numbered `KH`), a Party
/// `Quy định` numbered `QĐ` (domain-facts §2.4: the Party's QĐ covers both), and a
/// `Thông báo kết luận` read as `Kết luận` numbered `TB`.
fn compatible(word: &str, coded: &str) -> bool {
    word.starts_with(coded) || matches!((word, coded), ("Quy định", "Quyết định") | ("Kết luận", "Thông báo"))
}

/// An issuer folded for comparison (case, tone placement, `UBND`), without a head's title
/// before the body it heads: a circular is cited as of `Bộ trưởng Bộ X` or of `Bộ X`, a
/// decision as of `Chủ tịch Ủy ban nhân dân tỉnh Y` or of the committee, and both name the
/// same number series.
fn issuer_key(issuer: &str) -> String {
    const TITLES: [&str; 6] = ["bộ trưởng ", "chủ tịch ", "chủ nhiệm ", "thống đốc ", "tổng giám đốc ", "giám đốc "];
    const BODIES: [&str; 6] = ["bộ ", "ủy ban ", "văn phòng ", "ngân hàng ", "sở ", "hội đồng "];
    let f = fold(issuer, false);
    for t in TITLES {
        if let Some(rest) = f.strip_prefix(t) {
            if BODIES.iter().any(|b| rest.starts_with(b)) {
                return rest.to_string();
            }
        }
    }
    f
}

/// The first code of a symbol (`NQ` of `NQ/TU`, `NĐ` of `NĐ-CP`).
fn first_code(symbol: &str) -> &str {
    symbol.split(['-', '/']).next().unwrap_or("")
}

/// Whether two ISO dates can name the same day (one is a prefix of the other).
fn dates_agree(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// Whether `cited` is after `citing`, compared at the precision both give.
fn after(cited: &str, citing: &str) -> bool {
    let n = cited.len().min(citing.len());
    match (cited.get(..n), citing.get(..n)) {
        (Some(a), Some(b)) => a > b,
        _ => false,
    }
}

/// Values by frequency (most first), ties in order of first appearance.
fn by_frequency(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut order: Vec<(String, usize)> = Vec::new();
    for v in values {
        match order.iter_mut().find(|(x, _)| *x == v) {
            Some((_, n)) => *n += 1,
            None => order.push((v, 1)),
        }
    }
    order.sort_by_key(|o| std::cmp::Reverse(o.1));
    order.into_iter().map(|(v, _)| v).collect()
}

impl Audit {
    /// An empty audit.
    pub fn new() -> Audit {
        Audit::default()
    }

    /// Adds a record's citations. Error records are counted; a content seen before (the
    /// same `source.sha256`) is skipped, so copies do not count twice.
    pub fn add(&mut self, r: &Value) {
        self.records += 1;
        if r.get("error").is_some() {
            self.errors += 1;
            return;
        }
        if let Some(id) = r["source"]["sha256"].as_str() {
            if !self.seen.insert(id.to_string()) {
                return;
            }
        }
        let doc = self.docs.len();
        let path = r["source"]["path"].as_str().unwrap_or("-").to_string();
        let date = r["document"]["date"]["value"].as_str().map(str::to_string);
        let province = r["document"]["issuer"]["province"].as_str().map(str::to_string);
        for c in r["citations"].as_array().into_iter().flatten() {
            let Some(key) = c["key"].as_str() else { continue };
            let group = c["key_resolved"].as_str().unwrap_or(key).to_string();
            let text = c["text"].as_str().unwrap_or(key).to_string();
            let system = c["system"].as_str().map(str::to_string);
            let type_name = c["type"]["name"].as_str().map(str::to_string);
            let symbol = c["symbol"].as_str().unwrap_or("");
            let scope = match (system.as_deref(), &province) {
                (Some("legal"), _) => String::new(),
                (_, Some(p)) => format!("province {p}"),
                (_, None) => format!("document {path}"),
            };
            let no_year = c["year"].is_null() && type_name.as_deref().is_some_and(|t| YEARED_TYPES.contains(&t)) && system.as_deref() != Some("party");
            let type_mismatch = printed_type(&text).and_then(|word| {
                let word_code = c["type"]["code"].as_str()?;
                let code = first_code(symbol);
                let coded = doc_type_by_code(code)?;
                let coded_code = coded.code?;
                let same = coded_code.to_uppercase() == word_code.to_uppercase() || compatible(word, coded.name);
                (!same).then(|| format!("{word} ({word_code}) numbered {code} ({})", coded.name))
            });
            let cited_date = c["date"].as_str().map(str::to_string);
            let after_citing = match (&cited_date, &date) {
                (Some(cd), Some(d)) if after(cd, d) => Some(format!("dated {cd}, cited by {path} of {d}")),
                _ => None,
            };
            self.groups.entry(group).or_default().push(Mention {
                doc,
                key: key.to_string(),
                text,
                type_name,
                system,
                date: cited_date,
                issuer: c["issuer"].as_str().map(str::to_string),
                scope,
                no_year,
                type_mismatch,
                after_citing,
            });
        }
        self.docs.push(Citing { path });
    }

    /// Records added, and how many of them were error records.
    pub fn counts(&self) -> (usize, usize) {
        (self.records, self.errors)
    }

    /// One row per cited document: most citing documents first, then most mentions, then
    /// by key.
    pub fn rows(&self) -> Vec<Cited> {
        let mut rows: Vec<Cited> = self.groups.iter().map(|(key, ms)| self.row(key, ms)).collect();
        rows.sort_by(|a, b| b.documents.cmp(&a.documents).then(b.mentions.cmp(&a.mentions)).then(a.key.cmp(&b.key)));
        rows
    }

    fn name(&self, doc: usize) -> &str {
        self.docs.get(doc).map_or("?", |d| d.path.as_str())
    }

    fn row(&self, key: &str, ms: &[Mention]) -> Cited {
        let docs: BTreeSet<usize> = ms.iter().map(|m| m.doc).collect();
        let mut spellings: Vec<String> = Vec::new();
        for m in ms {
            if !spellings.contains(&m.text) {
                spellings.push(m.text.clone());
            }
        }
        // Issuers: the first spelling of each folded name.
        let mut spelling_of: BTreeMap<String, String> = BTreeMap::new();
        for i in ms.iter().filter_map(|m| m.issuer.as_ref()) {
            spelling_of.entry(issuer_key(i)).or_insert_with(|| i.clone());
        }
        let issuers = by_frequency(ms.iter().filter_map(|m| m.issuer.as_ref()).map(|i| spelling_of.get(&issuer_key(i)).cloned().unwrap_or_else(|| i.clone())));
        let mut dates: Vec<String> = ms.iter().filter_map(|m| m.date.clone()).collect::<BTreeSet<_>>().into_iter().collect();
        dates.sort();
        let mut flags = Vec::new();
        // Conflicts within each scope.
        let scopes: BTreeSet<&str> = ms.iter().map(|m| m.scope.as_str()).collect();
        for scope in scopes {
            let here: Vec<&Mention> = ms.iter().filter(|m| m.scope == scope).collect();
            let where_ = if scope.is_empty() { String::new() } else { format!(" ({scope})") };
            let mut seen_dates: Vec<(&str, usize)> = Vec::new();
            for m in &here {
                if let Some(d) = m.date.as_deref() {
                    if !seen_dates.iter().any(|(x, _)| *x == d) {
                        seen_dates.push((d, m.doc));
                    }
                }
            }
            let disagree = seen_dates.iter().enumerate().any(|(i, (a, _))| seen_dates.iter().skip(i + 1).any(|(b, _)| !dates_agree(a, b)));
            if disagree {
                let list: Vec<String> = seen_dates.iter().map(|(d, doc)| format!("{d} in {}", self.name(*doc))).collect();
                flags.push(Flag { code: "dates_differ", detail: format!("dated {}{where_}", list.join(", ")) });
            }
            let mut seen_issuers: Vec<(String, &str, usize)> = Vec::new();
            for m in &here {
                if let Some(i) = m.issuer.as_deref() {
                    let f = issuer_key(i);
                    if !seen_issuers.iter().any(|(x, _, _)| *x == f) {
                        seen_issuers.push((f, i, m.doc));
                    }
                }
            }
            if seen_issuers.len() > 1 {
                let list: Vec<String> = seen_issuers.iter().map(|(_, i, doc)| format!("\"{i}\" in {}", self.name(*doc))).collect();
                flags.push(Flag { code: "issuers_differ", detail: format!("issued by {}{where_}", list.join(", ")) });
            }
        }
        let mut add = |code: &'static str, details: Vec<String>| {
            if !details.is_empty() {
                let mut unique: Vec<String> = Vec::new();
                for d in details {
                    if !unique.contains(&d) {
                        unique.push(d);
                    }
                }
                flags.push(Flag { code, detail: unique.join("; ") });
            }
        };
        add("no_year", ms.iter().filter(|m| m.no_year).map(|m| format!("\"{}\" in {}", m.text, self.name(m.doc))).collect());
        add("type_mismatch", ms.iter().filter_map(|m| m.type_mismatch.as_ref().map(|t| format!("{t} in {}", self.name(m.doc)))).collect());
        add("after_citing", ms.iter().filter_map(|m| m.after_citing.clone()).collect());
        flags.sort_by_key(|f| FLAGS.iter().position(|c| *c == f.code));
        let mut keys: Vec<&str> = Vec::new();
        for m in ms {
            if !keys.contains(&m.key.as_str()) {
                keys.push(&m.key);
            }
        }
        Cited {
            key: key.to_string(),
            types: by_frequency(ms.iter().filter_map(|m| m.type_name.clone())),
            systems: by_frequency(ms.iter().filter_map(|m| m.system.clone())),
            issuers,
            dates,
            documents: docs.len(),
            mentions: ms.len(),
            citing: docs.iter().map(|&d| self.name(d).to_string()).collect(),
            spellings,
            flags,
        }
    }
}

impl Cited {
    /// The row as JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "key": self.key,
            "types": self.types,
            "systems": self.systems,
            "issuers": self.issuers,
            "dates": self.dates,
            "documents": self.documents,
            "mentions": self.mentions,
            "citing": self.citing,
            "spellings": self.spellings,
            "flags": self.flags.iter().map(|f| json!({"code": f.code, "detail": f.detail})).collect::<Vec<_>>(),
        })
    }

    fn flag_codes(&self) -> String {
        self.flags.iter().map(|f| f.code).collect::<Vec<_>>().join(" ")
    }
}

/// The CSV header of [`to_csv`].
pub const CSV_COLUMNS: [&str; 11] = ["key", "types", "systems", "issuers", "dates", "documents", "mentions", "flags", "flag_details", "citing", "spellings"];

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Rows as CSV (lists joined with `; `, the flags' details with ` | `).
pub fn to_csv(rows: &[Cited]) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push('\n');
    for r in rows {
        let fields = [
            r.key.clone(),
            r.types.join("; "),
            r.systems.join("; "),
            r.issuers.join("; "),
            r.dates.join("; "),
            r.documents.to_string(),
            r.mentions.to_string(),
            r.flag_codes(),
            r.flags.iter().map(|f| format!("{}: {}", f.code, f.detail)).collect::<Vec<_>>().join(" | "),
            r.citing.join("; "),
            r.spellings.join("; "),
        ];
        out.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// Rows as one JSON document: `{"cited": [...], "flags": {code: count}}`.
pub fn to_json(rows: &[Cited]) -> Value {
    let mut counts = serde_json::Map::new();
    for code in FLAGS {
        counts.insert(code.into(), json!(rows.iter().filter(|r| r.flags.iter().any(|f| f.code == code)).count()));
    }
    json!({ "cited": rows.iter().map(Cited::to_json).collect::<Vec<_>>(), "flags": counts })
}

/// A list for the table: at most `n` items, then `+K`.
fn short_list(items: &[String], n: usize) -> String {
    let mut s = items.iter().take(n).cloned().collect::<Vec<_>>().join("; ");
    if items.len() > n {
        let _ = write!(s, "; +{}", items.len() - n);
    }
    s
}

/// The file name of a path, for the table.
fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

/// Rows as an aligned text table (widths in characters; long lists cut to their first
/// items with `+N`, long cells with `…`), followed by the flagged rows' details.
pub fn to_table(rows: &[Cited]) -> String {
    let header = ["KEY", "TYPE", "ISSUER", "DATE", "DOCS", "MENTIONS", "FLAGS", "CITING", "SPELLINGS"];
    let mut cells: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    for r in rows {
        let citing: Vec<String> = r.citing.iter().map(|p| file_name(p)).collect();
        cells.push(vec![
            r.key.clone(),
            short_list(&r.types, 1),
            short_list(&r.issuers, 2),
            short_list(&r.dates, 2),
            r.documents.to_string(),
            r.mentions.to_string(),
            r.flag_codes(),
            short_list(&citing, 3),
            short_list(&r.spellings, 2),
        ]);
    }
    // Widest a column may get; longer cells are cut with `…` (CSV and JSON have them whole).
    const MAX: [usize; 9] = [32, 24, 48, 23, 6, 8, 40, 60, 60];
    for row in &mut cells {
        for (cell, max) in row.iter_mut().zip(MAX) {
            if cell.chars().count() > max {
                *cell = cell.chars().take(max - 1).collect::<String>() + "…";
            }
        }
    }
    let widths: Vec<usize> = (0..header.len()).map(|i| cells.iter().map(|row| row[i].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for row in &cells {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            let numeric = i == 4 || i == 5;
            if numeric {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                if i + 1 < row.len() {
                    line.push_str(&" ".repeat(pad));
                }
            }
            if i + 1 < row.len() {
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let flagged: Vec<&Cited> = rows.iter().filter(|r| !r.flags.is_empty()).collect();
    let _ = writeln!(out, "\n{} cited documents, {} flagged", rows.len(), flagged.len());
    for r in flagged {
        for f in &r.flags {
            let _ = writeln!(out, "{}  {}: {}", r.key, f.code, f.detail);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(path: &str, sha: &str, date: &str, province: Option<&str>, cites: Value) -> Value {
        json!({"schema": "vnplan/1", "source": {"path": path, "sha256": sha}, "document": {"date": {"value": date}, "issuer": {"province": province}}, "citations": cites})
    }

    #[allow(clippy::too_many_arguments)]
    fn cite(key: &str, text: &str, ty: (&str, &str), symbol: &str, system: &str, year: Option<u16>, date: Option<&str>, issuer: Option<&str>) -> Value {
        json!({"key": key, "type": {"name": ty.0, "code": ty.1}, "year": year, "symbol": symbol, "system": system, "date": date, "issuer": issuer, "text": text})
    }

    #[test]
    fn groups_resolved_keys_and_flags_conflicts_per_scope() {
        let mut a = Audit::new();
        let nd = |date| cite("72/2015/NĐ-CP", "Nghị định số 72/2015/NĐ-CP", ("Nghị định", "NĐ"), "NĐ-CP", "legal", Some(2015), date, Some("Chính phủ"));
        let mut unresolved = cite("72/NĐ-CP", "Nghị định số 72/NĐ-CP", ("Nghị định", "NĐ"), "NĐ-CP", "legal", None, Some("2015-09-07"), None);
        unresolved["key_resolved"] = json!("72/2015/NĐ-CP");
        let party = |issuer| cite("05-NQ/TU", "Nghị quyết số 05-NQ/TU", ("Nghị quyết", "NQ"), "NQ/TU", "party", None, None, Some(issuer));
        a.add(&record("a/one.txt", "1", "2019-01-28", Some("Kon Tum"), json!([nd(Some("2015-09-07")), unresolved, party("Ban Thường vụ Tỉnh ủy")])));
        a.add(&record("b/two.txt", "2", "2020-02", Some("Đồng Tháp"), json!([nd(Some("2015-09")), party("Ban Chấp hành Đảng bộ Tỉnh"), party("Ban Thường vụ Tỉnh ủy"),
            cite("12/QĐ-UBND", "Kế hoạch số 12/QĐ-UBND", ("Kế hoạch", "KH"), "QĐ-UBND", "administrative", None, Some("2020-03-01"), None)])));
        a.add(&record("c/copy.txt", "2", "2020-02", None, json!([nd(Some("2016-01-01"))])));
        a.add(&json!({"schema": "vnplan/1", "source": {"path": "x"}, "error": {"code": "not_text"}}));
        assert_eq!(a.counts(), (4, 1));
        let rows = a.rows();
        let row = |k: &str| rows.iter().find(|r| r.key == k).unwrap_or_else(|| panic!("no row {k}"));
        let nd = row("72/2015/NĐ-CP");
        assert_eq!((nd.documents, nd.mentions), (2, 3), "the copy is not counted");
        assert_eq!(nd.citing, ["a/one.txt", "b/two.txt"]);
        assert_eq!(nd.spellings, ["Nghị định số 72/2015/NĐ-CP", "Nghị định số 72/NĐ-CP"]);
        assert_eq!(nd.flags.iter().map(|f| f.code).collect::<Vec<_>>(), ["no_year"], "2015-09 agrees with 2015-09-07");
        let p = row("05-NQ/TU");
        assert_eq!(p.flags.len(), 1, "{:?}", p.flags);
        assert_eq!(p.flags[0].code, "issuers_differ");
        assert!(p.flags[0].detail.contains("province Đồng Tháp") && !p.flags[0].detail.contains("one.txt"), "only within Đồng Tháp: {}", p.flags[0].detail);
        let k = row("12/QĐ-UBND");
        assert_eq!(k.flags.iter().map(|f| f.code).collect::<Vec<_>>(), ["type_mismatch", "after_citing"]);
        let order: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(order, ["05-NQ/TU", "72/2015/NĐ-CP", "12/QĐ-UBND"], "most citing documents first, then mentions, then key");
        let csv = to_csv(&rows);
        assert!(csv.starts_with("key,types,systems,issuers,dates,documents,mentions,flags,flag_details,citing,spellings\n"));
        assert_eq!(csv.lines().count(), rows.len() + 1);
        let table = to_table(&rows);
        assert!(table.lines().next().is_some_and(|l| l.starts_with("KEY ")), "{table}");
        assert!(table.contains("3 cited documents, 3 flagged"), "{table}");
    }

    #[test]
    fn helpers() {
        assert_eq!(printed_type("Nghị quyết số 05-NQ/TU"), Some("Nghị quyết"));
        assert_eq!(printed_type("số 05-NQ/TU"), None);
        assert_eq!(printed_type("05-NQ/TU"), None);
        assert_eq!(first_code("NĐ-CP"), "NĐ");
        assert_eq!(first_code("NQ/TU"), "NQ");
        assert!(after("2020-03-01", "2020-02") && !after("2020-02-15", "2020-02") && !after("2019", "2020-01-01"));
        assert!(dates_agree("2016-08", "2016-08-17") && !dates_agree("2016-08-17", "2016-08-18"));
        assert_eq!(issuer_key("Bộ trưởng Bộ Thông tin và Truyền thông"), issuer_key("Bộ Thông tin và Truyền thông"));
        assert_eq!(issuer_key("Chủ tịch UBND tỉnh Kon Tum"), issuer_key("Ủy ban nhân dân tỉnh Kon Tum"));
        assert_ne!(issuer_key("Thủ tướng Chính phủ"), issuer_key("Chính phủ"));
        assert_ne!(issuer_key("Chủ tịch nước"), issuer_key("nước"));
    }
}
