//! The accuracy metric: a faithful port of `shared/tools/score.py`.
//!
//! `score.py` is the reference implementation of the metric described in SPEC.md ("Gold files
//! and the accuracy metric"). This module reproduces it exactly — the same string folding, the
//! same numerators and denominators, the same per-document and pooled (micro-averaged) ratios,
//! the same printed table and the same `--json` document — so the engine's tests and benches can
//! measure accuracy without spawning Python, and a number quoted from either tool means the same
//! thing. `tests/eval_matches_score_py.rs` checks the two against each other.
//!
//! Matching Python's behaviour means matching its *semantics*, not just its intent:
//! `str()`/`repr()` of JSON values, Python equality (`1 == 1.0 == True`), Unicode-aware `\s` and
//! `\b`, "last one wins" where score.py builds a dict by comprehension and "first one wins" where
//! it uses `setdefault`. Where score.py would raise on malformed input (a record field of the
//! wrong type, an unparsable JSON line), this module does not panic: it ignores the malformed
//! item, which is documented at the function concerned.
//!
//! Two differences cannot be removed without extra dependencies, and neither touches
//! Vietnamese text: character classes and case mappings follow the Unicode version of the Rust
//! standard library and `regex` (newer than Python 3.11's Unicode 14, so they differ only for
//! characters assigned since), and floats in records are parsed by `serde_json`, whose default
//! parser may differ from Python's in the last digit — visible only where score.py prints a
//! float from a record (`repr` in the details) or compares its `str()`.
//!
//! The module never prints; callers decide where [`Report::table`] goes.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};
use unicode_normalization::UnicodeNormalization;

/// The metric columns, in the order score.py prints them (and inserts them into its JSON).
pub const COLUMNS: [&str; 13] = [
    "document",
    "citations",
    "cit_dates",
    "cit_issuers",
    "sections",
    "headings",
    "tasks",
    "timeframes",
    "assignments",
    "units",
    "deadlines",
    "signature",
    "recipients",
];

/// One score as a fraction, kept unreduced so that documents can be pooled (micro average) by
/// adding numerators and denominators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ratio {
    /// Right answers (for F1 columns: twice the true positives).
    pub num: usize,
    /// Answers asked for (for F1 columns: |gold| + |output|).
    pub den: usize,
}

impl Ratio {
    /// `num / den`, or 1.0 when there was nothing to get right — score.py's convention, so an
    /// empty gold list paired with an empty output counts as perfect.
    pub fn ratio(&self) -> f64 {
        if self.den == 0 {
            1.0
        } else {
            self.num as f64 / self.den as f64
        }
    }
}

/// The scores of one gold document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocScore {
    /// The gold file's name without `.json`; records are matched to it by the stem of
    /// `source.path`.
    pub name: String,
    /// Only the columns this document's gold asks for are present, as in score.py.
    pub metrics: BTreeMap<&'static str, Ratio>,
    /// What went wrong, by kind, in score.py's order. Values stay JSON values because score.py
    /// reports a failed record's `error` object verbatim and the `--json` output must keep it.
    pub details: Vec<(String, Vec<Value>)>,
}

impl DocScore {
    /// The ratio of one column, or `None` when this document's gold does not ask for it.
    pub fn ratio(&self, column: &str) -> Option<f64> {
        self.metrics.get(column).map(Ratio::ratio)
    }
}

/// The scores of a whole run.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// One entry per gold document, in the order the golds were given (sorted by name when they
    /// come from [`load_gold_dir`]).
    pub documents: Vec<DocScore>,
    /// Counts pooled over all documents (micro average). A column whose pooled denominator is 0
    /// is absent, as in score.py's TOTAL row.
    pub total: BTreeMap<&'static str, Ratio>,
}

impl Report {
    /// The pooled ratio of one column, or `None` when no document contributed to it.
    pub fn total(&self, column: &str) -> Option<f64> {
        self.total.get(column).map(Ratio::ratio)
    }

    /// The table score.py prints, byte for byte (with `--verbose` when `verbose`), so that
    /// outputs of the two tools can be diffed directly.
    pub fn table(&self, verbose: bool) -> String {
        let w = self
            .documents
            .iter()
            .map(|d| d.name.chars().count())
            .chain([5])
            .max()
            .unwrap_or(5);
        let mut out = " ".repeat(w);
        out.push(' ');
        let header: Vec<String> = COLUMNS
            .iter()
            .map(|c| format!("{:>10}", c.chars().take(10).collect::<String>()))
            .collect();
        out.push_str(&header.join(" "));
        out.push('\n');
        let row = |out: &mut String, name: &str, m: &BTreeMap<&'static str, Ratio>| {
            let cells: Vec<String> = COLUMNS
                .iter()
                .map(|c| match m.get(c) {
                    Some(r) => format!("{:10.3}", r.ratio()),
                    None => format!("{:>10}", "-"),
                })
                .collect();
            let _ = writeln!(out, "{name:<w$} {}", cells.join(" "));
        };
        for doc in &self.documents {
            row(&mut out, &doc.name, &doc.metrics);
            // score.py skips details for a document literally named TOTAL, too.
            if verbose && doc.name != "TOTAL" {
                for (kind, items) in &doc.details {
                    if !items.is_empty() {
                        let _ = writeln!(out, "    {kind}: {}", repr_list(items));
                    }
                }
            }
        }
        row(&mut out, "TOTAL", &self.total);
        out
    }

    /// The document score.py prints with `--json`: `documents` (name → column → ratio),
    /// `total` (column → pooled ratio) and `details` (name → kind → list), keys in score.py's
    /// order.
    pub fn to_json(&self) -> Value {
        let ratios = |m: &BTreeMap<&'static str, Ratio>| {
            let mut obj = Map::new();
            for c in COLUMNS {
                if let Some(r) = m.get(c) {
                    obj.insert(c.to_string(), Value::from(r.ratio()));
                }
            }
            Value::Object(obj)
        };
        let mut documents = Map::new();
        let mut details = Map::new();
        for doc in &self.documents {
            documents.insert(doc.name.clone(), ratios(&doc.metrics));
            let mut why = Map::new();
            for (kind, items) in &doc.details {
                why.insert(kind.clone(), Value::Array(items.clone()));
            }
            details.insert(doc.name.clone(), Value::Object(why));
        }
        let mut out = Map::new();
        out.insert("documents".into(), Value::Object(documents));
        out.insert("total".into(), ratios(&self.total));
        out.insert("details".into(), Value::Object(details));
        Value::Object(out)
    }
}

// ------------------------------------------------------------------------------- loading

/// Reads every `NAME.json` in `dir`, sorted by name, keeping — as score.py does — only those
/// whose `document`, `citations` or `sections` is non-empty: a gold file that describes
/// nothing scorable would otherwise add a row of dashes.
///
/// # Errors
/// Fails when the directory or one of its `.json` entries cannot be read, or an entry is not
/// valid JSON (score.py aborts there too). File names that are not UTF-8 are skipped.
pub fn load_gold_dir(dir: &Path) -> std::io::Result<Vec<(String, Value)>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        if let Ok(name) = entry?.file_name().into_string() {
            if name.ends_with(".json") {
                names.push(name);
            }
        }
    }
    names.sort();
    let mut golds = Vec::new();
    for name in names {
        let path = dir.join(&name);
        let text = std::fs::read_to_string(&path)?;
        let gold: Value = serde_json::from_str(&text).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{}: {e}", path.display()),
            )
        })?;
        let scorable = ["document", "citations", "sections"]
            .iter()
            .any(|k| truthy(get(&gold, k)));
        if gold.is_object() && scorable {
            golds.push((name[..name.len() - ".json".len()].to_string(), gold));
        }
    }
    Ok(golds)
}

/// Parses one records file the way score.py does: the whole text as one JSON value (a
/// `--pretty` record) if it parses, else one value per non-blank line (JSON Lines), with
/// Python's line boundaries.
///
/// A line that is not valid JSON is skipped (score.py would abort the whole run).
pub fn load_records(text: &str) -> Vec<Value> {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return vec![v];
    }
    py_splitlines(text)
        .into_iter()
        .filter(|line| !py_strip(line).is_empty())
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

// ------------------------------------------------------------------------------- scoring

/// Scores `records` against `golds` (name, gold JSON), as score.py's `main` does.
///
/// Records are matched to a gold by the stem of `source.path`; when several records share a
/// stem the last one is used. A gold without a record, or whose record carries a truthy
/// `error`, scores zero on every column the gold asks for, with at least 1 in the denominator,
/// so failures always weigh in the pooled total.
///
/// # Example
/// ```
/// use serde_json::json;
/// use vnplan::eval;
///
/// let gold = json!({"sections": [{"id": "I", "heading": "MỤC ĐÍCH, YÊU CẦU"}]});
/// let records = eval::load_records(
///     r#"{"source": {"path": "corpus/a.txt"}, "sections": [{"id": "I", "heading": "Mục đích, yêu cầu:"}]}"#,
/// );
/// let report = eval::score(&records, &[("a".to_string(), gold)]);
/// assert_eq!(report.total("headings"), Some(1.0));
/// assert_eq!(report.total("tasks"), None);
/// ```
pub fn score(records: &[Value], golds: &[(String, Value)]) -> Report {
    let mut by_stem: HashMap<String, &Value> = HashMap::new();
    for r in records {
        by_stem.insert(stem(get_path(Some(r), &["source", "path"])), r);
    }
    let empty = Value::Object(Map::new());
    let mut documents = Vec::new();
    let mut pooled: BTreeMap<&'static str, Ratio> = BTreeMap::new();
    for (name, gold) in golds {
        let rec = by_stem.get(name).copied();
        let (metrics, details) = match rec {
            Some(r) if !truthy(get(r, "error")) => score_doc(r, gold),
            _ => {
                let (m, _) = score_doc(&empty, gold);
                let m = m
                    .into_iter()
                    .map(|(c, r)| {
                        (
                            c,
                            Ratio {
                                num: 0,
                                den: r.den.max(1),
                            },
                        )
                    })
                    .collect();
                let why = match rec {
                    Some(r) if truthy(Some(r)) => get(r, "error").cloned().unwrap_or(Value::Null),
                    _ => Value::from("missing"),
                };
                (m, vec![("no record".to_string(), vec![why])])
            }
        };
        for (c, r) in &metrics {
            let p = pooled.entry(c).or_default();
            p.num += r.num;
            p.den += r.den;
        }
        documents.push(DocScore {
            name: name.clone(),
            metrics,
            details,
        });
    }
    pooled.retain(|_, r| r.den > 0);
    Report {
        documents,
        total: pooled,
    }
}

type Details = Vec<(String, Vec<Value>)>;

/// The scores and details of one record against one gold (score.py's `score_doc`).
fn score_doc(rec: &Value, gold: &Value) -> (BTreeMap<&'static str, Ratio>, Details) {
    let mut m: BTreeMap<&'static str, Ratio> = BTreeMap::new();
    let mut why: Details = Vec::new();
    let ratio = |num: usize, den: usize| Ratio { num, den };

    // document fields
    let gd = get(gold, "document").filter(|d| d.as_object().is_some_and(|o| !o.is_empty()));
    if let Some(gd) = gd {
        let od = get(rec, "document");
        let gi = get(gd, "issuer");
        #[derive(Clone, Copy)]
        enum Cmp {
            Fold,
            Key,
            Str,
        }
        let mut checks: Vec<(String, Option<&Value>, Option<&Value>, Cmp)> = vec![
            (
                "type".into(),
                get(gd, "type"),
                get_path(od, &["type", "name"]),
                Cmp::Fold,
            ),
            (
                "number".into(),
                get(gd, "number"),
                get_path(od, &["number", "seq"]),
                Cmp::Fold,
            ),
            (
                "symbol".into(),
                get(gd, "symbol"),
                get_path(od, &["number", "symbol"]),
                Cmp::Key,
            ),
            (
                "place".into(),
                get(gd, "place"),
                get_path(od, &["place"]),
                Cmp::Fold,
            ),
            (
                "date".into(),
                get(gd, "date"),
                get_path(od, &["date", "value"]),
                Cmp::Str,
            ),
            (
                "year".into(),
                get(gd, "year"),
                get_path(od, &["year"]),
                Cmp::Str,
            ),
        ];
        for f in ["name", "level", "area", "province"] {
            checks.push((
                format!("issuer.{f}"),
                get_path(gi, &[f]),
                get_path(od, &["issuer", f]),
                Cmp::Fold,
            ));
        }
        let mut ok = 0;
        let mut miss = Vec::new();
        for (name, g, o, cmp) in &checks {
            let same = match (g, o) {
                (None, None) => true,
                (Some(g), Some(o)) => {
                    let (g, o) = (py_str(g), py_str(o));
                    match cmp {
                        Cmp::Fold => fold(&g, false) == fold(&o, false),
                        Cmp::Key => key_fold(&g) == key_fold(&o),
                        Cmp::Str => g == o,
                    }
                }
                _ => false,
            };
            if same {
                ok += 1;
            } else {
                miss.push(Value::from(format!(
                    "{name}: gold={} out={}",
                    repr_opt(*g),
                    repr_opt(*o)
                )));
            }
        }
        let (gt, ot) = (get(gd, "title"), get_path(od, &["title", "text"]));
        if prefix_match_value(gt, ot) {
            ok += 1;
        } else {
            miss.push(Value::from(format!(
                "title: gold={} out={}",
                repr_opt(gt),
                repr_opt(ot)
            )));
        }
        m.insert("document", ratio(ok, checks.len() + 1));
        why.push(("document".into(), miss));
    }

    // citations: the gold dict is built by comprehension (last entry per key wins), the output
    // one with "if k not in oc" (first wins, empty keys dropped).
    if has_key(gold, "citations") {
        let mut gc: HashMap<Option<String>, &Value> = HashMap::new();
        for c in list(get(gold, "citations")) {
            gc.insert(get(c, "key").map(|k| key_fold(&py_str(k))), c);
        }
        let mut oc: HashMap<Option<String>, &Value> = HashMap::new();
        for c in list(get(rec, "citations")) {
            if let Some(k) = get(c, "key").map(|k| key_fold(&py_str(k))) {
                if !k.is_empty() {
                    oc.entry(Some(k)).or_insert(c);
                }
            }
        }
        let gset: BTreeSet<Option<String>> = gc.keys().cloned().collect();
        let oset: BTreeSet<Option<String>> = oc.keys().cloned().collect();
        m.insert("citations", f1_pair(&gset, &oset));
        let both: Vec<&Option<String>> = gset.intersection(&oset).collect();
        let date_ok =
            |k: &Option<String>| py_eq(field_of(&gc, k, "date"), field_of(&oc, k, "date"));
        let dates_right = both.iter().filter(|k| date_ok(k)).count();
        m.insert("cit_dates", ratio(dates_right, both.len()));
        let with_issuer: Vec<&&Option<String>> = both
            .iter()
            .filter(|k| truthy(field_of(&gc, k, "issuer")))
            .collect();
        let issuers_right = with_issuer
            .iter()
            .filter(|k| {
                fold_value(field_of(&gc, k, "issuer"), false)
                    == fold_value(field_of(&oc, k, "issuer"), false)
            })
            .count();
        m.insert("cit_issuers", ratio(issuers_right, with_issuer.len()));
        why.push((
            "citations missed".into(),
            gset.difference(&oset).map(opt_value).collect(),
        ));
        why.push((
            "citations extra".into(),
            oset.difference(&gset).map(opt_value).collect(),
        ));
        let wrong = both
            .iter()
            .filter(|k| !date_ok(k))
            .map(|k| {
                Value::from(format!(
                    "{}: gold={} out={}",
                    k.as_deref().unwrap_or("None"),
                    str_opt(field_of(&gc, k, "date")),
                    str_opt(field_of(&oc, k, "date"))
                ))
            })
            .collect();
        why.push(("citation dates wrong".into(), wrong));
    }

    // sections: first occurrence of an id wins on both sides (setdefault)
    if has_key(gold, "sections") {
        let mut gs = FirstMap::default();
        for s in list(get(gold, "sections")) {
            gs.insert(get(s, "id"), s);
        }
        let mut os = FirstMap::default();
        walk_sections(get(rec, "sections"), &mut |s| os.insert(get(s, "id"), s));
        let gkeys: HashSet<&Key> = gs.map.keys().collect();
        let okeys: HashSet<&Key> = os.map.keys().collect();
        m.insert(
            "sections",
            ratio(
                2 * gkeys.intersection(&okeys).count(),
                gkeys.len() + okeys.len(),
            ),
        );
        let mut both: Vec<&Key> = gkeys.intersection(&okeys).copied().collect();
        both.sort_by(|a, b| cmp_keys(a, b));
        let heading_pair = |k: &Key| {
            let g = gs.map.get(k).and_then(|(_, s)| get(s, "heading"));
            let o = os.map.get(k).and_then(|(_, s)| get(s, "heading"));
            (g, o)
        };
        let headings_right = both
            .iter()
            .filter(|k| {
                let (g, o) = heading_pair(k);
                prefix_match_value(g, o)
            })
            .count();
        m.insert("headings", ratio(headings_right, both.len()));
        let mut missed: Vec<&Key> = gkeys.difference(&okeys).copied().collect();
        missed.sort_by(|a, b| cmp_keys(a, b));
        let missed = missed.iter().map(|k| gs.id(k)).collect();
        why.push(("sections missed".into(), missed));
        let mut extra: Vec<String> = okeys
            .difference(&gkeys)
            .map(|k| str_opt(os.map.get(*k).and_then(|(id, _)| *id)))
            .collect();
        extra.sort();
        why.push((
            "sections extra".into(),
            extra.into_iter().map(Value::from).collect(),
        ));
        let wrong = both
            .iter()
            .filter_map(|k| {
                let (g, o) = heading_pair(k);
                if prefix_match_value(g, o) {
                    return None;
                }
                let g = match g {
                    Some(Value::String(s)) => repr_str(&s.chars().take(50).collect::<String>()),
                    Some(Value::Array(a)) => {
                        py_repr(&Value::Array(a.iter().take(50).cloned().collect()))
                    }
                    other => repr_opt(other),
                };
                let o = repr_str(&str_opt(o).chars().take(50).collect::<String>());
                let id = str_opt(gs.map.get(*k).and_then(|(id, _)| *id));
                Some(Value::from(format!("{id}: gold={g} out={o}")))
            })
            .collect();
        why.push(("headings wrong".into(), wrong));
    }

    let mut by_sec: HashMap<Key, Vec<&Value>> = HashMap::new();
    for t in list(get(rec, "tasks")) {
        if t.is_object() {
            by_sec
                .entry(Key::of(get(t, "section")))
                .or_default()
                .push(t);
        }
    }
    let no_tasks: Vec<&Value> = Vec::new();
    let tasks_in = |section: Option<&Value>| by_sec.get(&Key::of(section)).unwrap_or(&no_tasks);

    // field-carrying tasks: greedy, in gold order, each taking the first unused output task of
    // its section whose lead set is close enough — so the order of gold tasks matters.
    let gt = list(get(gold, "tasks"));
    if !gt.is_empty() {
        let (mut found, mut tf_ok) = (0, 0);
        let mut used: HashSet<(Key, usize)> = HashSet::new();
        for g in gt {
            let gl = fold_set(get(g, "lead"), true);
            let section = get(g, "section");
            for (i, t) in tasks_in(section).iter().enumerate() {
                let slot = (Key::of(section), i);
                if used.contains(&slot) {
                    continue;
                }
                let ol = fold_set(get(t, "lead"), true);
                let Ratio { num, den } = f1_pair(&gl, &ol);
                if (gl.is_empty() && ol.is_empty()) || (den > 0 && num as f64 / den as f64 >= 0.5) {
                    used.insert(slot);
                    found += 1;
                    let (gtf, otf) = (get(g, "timeframe"), get(t, "timeframe"));
                    let same = ["kind", "start", "end"]
                        .iter()
                        .all(|k| py_eq(get_path(gtf, &[k]), get_path(otf, &[k])));
                    tf_ok += usize::from(same);
                    break;
                }
            }
        }
        m.insert("tasks", ratio(found, gt.len()));
        m.insert("timeframes", ratio(tf_ok, found));
    }

    // assignment sections
    let ga = list(get(gold, "assignments"));
    if !ga.is_empty() {
        let mut right = 0;
        let mut wrong = Vec::new();
        for a in ga {
            let ts = tasks_in(get(a, "section"));
            let units = fold_set(get(a, "units"), true);
            let ok = py_eq(Some(&Value::from(ts.len())), get(a, "tasks"))
                && ts.iter().all(|t| units.is_subset(&units_of(t)));
            if ok {
                right += 1;
            } else {
                wrong.push(Value::from(format!(
                    "{}: gold {} tasks for {}, out {}",
                    str_opt(get(a, "section")),
                    str_opt(get(a, "tasks")),
                    str_opt(get(a, "units")),
                    ts.len()
                )));
            }
        }
        m.insert("assignments", ratio(right, ga.len()));
        why.push(("assignments wrong".into(), wrong));
    }

    // units that lead something
    let mut gu: BTreeSet<Option<String>> = BTreeSet::new();
    for t in gt {
        gu.extend(fold_set(get(t, "lead"), true));
    }
    for a in ga {
        gu.extend(fold_set(get(a, "units"), true));
    }
    if !gu.is_empty() {
        let ou: BTreeSet<Option<String>> = list(get(rec, "units"))
            .iter()
            .filter(|u| u.is_object() && truthy(get(u, "lead")))
            .map(|u| fold_value(get(u, "name"), true))
            .collect();
        m.insert("units", f1_pair(&gu, &ou));
        why.push((
            "units missed".into(),
            gu.difference(&ou).map(opt_value).collect(),
        ));
        let extra = ou
            .difference(&gu)
            .filter(|x| x.as_deref().is_some_and(|s| !s.is_empty()))
            .map(opt_value)
            .collect();
        why.push(("units extra".into(), extra));
    }

    // deadlines
    let gdl = list(get(gold, "deadlines"));
    if !gdl.is_empty() {
        let od: HashSet<Key> = list(get(rec, "dates"))
            .iter()
            .filter(|d| {
                matches!(get(d, "role"), Some(Value::String(r)) if r == "deadline" || r == "report")
            })
            .map(|d| Key::of(get(d, "value")))
            .collect();
        let hit = |d: &Value| od.contains(&Key::of(get(d, "date")));
        m.insert(
            "deadlines",
            ratio(gdl.iter().filter(|d| hit(d)).count(), gdl.len()),
        );
        let missed = gdl
            .iter()
            .filter(|d| !hit(d))
            .map(|d| get(d, "text").cloned().unwrap_or(Value::Null))
            .collect();
        why.push(("deadlines missed".into(), missed));
    }

    // signature
    let gsig = get(gold, "signature").filter(|s| s.as_object().is_some_and(|o| !o.is_empty()));
    if let Some(gsig) = gsig {
        let osig = get(rec, "signature");
        let authority = |sig: Option<&Value>| -> Vec<Option<String>> {
            py_iter(get_path(sig, &["authority"]))
                .iter()
                .map(|x| fold_value(Some(x), false))
                .collect()
        };
        let same =
            |k: &str| fold_value(get(gsig, k), false) == fold_value(get_path(osig, &[k]), false);
        let s = usize::from(authority(Some(gsig)) == authority(osig))
            + usize::from(same("position"))
            + usize::from(same("signer"));
        m.insert("signature", ratio(s, 3));
    }

    // recipients
    if truthy(get(gold, "recipients")) {
        let gr = fold_set(get(gold, "recipients"), false);
        let or: BTreeSet<Option<String>> = py_iter(get(rec, "recipients"))
            .iter()
            .map(|x| match x.as_ref() {
                Value::Object(_) => fold_value(get(x, "text"), false),
                other => fold_value(Some(other), false),
            })
            .collect();
        m.insert("recipients", f1_pair(&gr, &or));
    }
    (m, why)
}

/// A field of the citation filed under `k`.
fn field_of<'a>(
    map: &HashMap<Option<String>, &'a Value>,
    k: &Option<String>,
    field: &str,
) -> Option<&'a Value> {
    map.get(k).and_then(|c| get(c, field))
}

/// The units a task names, lead or support: assignment sections only require every gold unit
/// to appear somewhere in the task.
fn units_of(t: &Value) -> BTreeSet<Option<String>> {
    let mut s = fold_set(get(t, "lead"), true);
    s.extend(fold_set(get(t, "support"), true));
    s
}

/// Pre-order walk of a section tree (children after their parent), as score.py's
/// `walk_sections`. Items that are not objects are skipped (score.py would raise).
fn walk_sections<'a>(secs: Option<&'a Value>, f: &mut impl FnMut(&'a Value)) {
    for s in list(secs) {
        if s.is_object() {
            f(s);
            walk_sections(get(s, "children"), f);
        }
    }
}

/// F1 as an unreduced pair `(2·|G∩O|, |G|+|O|)`, so it can be pooled.
fn f1_pair<T: Ord>(gold: &BTreeSet<T>, out: &BTreeSet<T>) -> Ratio {
    Ratio {
        num: 2 * gold.intersection(out).count(),
        den: gold.len() + out.len(),
    }
}

fn fold_set(v: Option<&Value>, unit: bool) -> BTreeSet<Option<String>> {
    py_iter(v)
        .iter()
        .map(|x| fold_value(Some(x), unit))
        .collect()
}

/// score.py's `stem`: `os.path.splitext(os.path.basename(p or ""))[0]`.
fn stem(p: Option<&Value>) -> String {
    let p = match p {
        Some(Value::String(s)) => s.as_str(),
        _ => "",
    };
    let base = p.rsplit('/').next().unwrap_or(p);
    // splitext ignores leading dots: ".bashrc" has no extension.
    match base.rfind('.') {
        Some(dot) if base[..dot].chars().any(|c| c != '.') => base[..dot].to_string(),
        _ => base.to_string(),
    }
}

// ------------------------------------------------------------------------------- folding

/// Old → modern tone placement on a final oa/oe/uy: (first, second) → (first, second).
const TONE_PAIRS: [(char, char, char, char); 15] = [
    ('o', '\u{e0}', '\u{f2}', 'a'),
    ('o', '\u{e1}', '\u{f3}', 'a'),
    ('o', '\u{1ea3}', '\u{1ecf}', 'a'),
    ('o', '\u{e3}', '\u{f5}', 'a'),
    ('o', '\u{1ea1}', '\u{1ecd}', 'a'),
    ('o', '\u{e8}', '\u{f2}', 'e'),
    ('o', '\u{e9}', '\u{f3}', 'e'),
    ('o', '\u{1ebb}', '\u{1ecf}', 'e'),
    ('o', '\u{1ebd}', '\u{f5}', 'e'),
    ('o', '\u{1eb9}', '\u{1ecd}', 'e'),
    ('u', '\u{1ef3}', '\u{f9}', 'y'),
    ('u', '\u{fd}', '\u{fa}', 'y'),
    ('u', '\u{1ef7}', '\u{1ee7}', 'y'),
    ('u', '\u{1ef9}', '\u{169}', 'y'),
    ('u', '\u{1ef5}', '\u{1ee5}', 'y'),
];

/// Spelled-out forms of the two abbreviations the SPEC equates with their expansions.
const ABBREVIATIONS: [(&str, &str); 2] = [
    ("ubnd", "\u{1ee7}y ban nh\u{e2}n d\u{e2}n"),
    (
        "h\u{111}nd",
        "h\u{1ed9}i \u{111}\u{1ed3}ng nh\u{e2}n d\u{e2}n",
    ),
];

/// Folds a string for comparison exactly as score.py's `fold`, so that spelling variants the
/// SPEC declares equivalent (tone placement, case, spacing, dashes, trailing punctuation,
/// `UBND`/`HĐND`) compare equal; with `unit`, a trailing parenthesised remark
/// (`Sở Tài chính (chủ trì)`) is dropped too.
pub fn fold(s: &str, unit: bool) -> String {
    let lower = s.nfc().collect::<String>().to_lowercase();
    let mut chars: Vec<char> = lower.chars().collect();
    for (a, b, x, y) in TONE_PAIRS {
        // re.sub(r"(?<!q)" + old + r"(?![a-zà-ỹđ])", new, s): "qu" is a consonant, and the
        // pair must end the syllable; both conditions look at the unreplaced string.
        let mut out = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            let hit = chars[i] == a
                && chars.get(i + 1) == Some(&b)
                && (i == 0 || chars[i - 1] != 'q')
                && !chars.get(i + 2).is_some_and(|&c| in_letter_class(c));
            if hit {
                out.extend([x, y]);
                i += 2;
            } else {
                out.push(chars[i]);
                i += 1;
            }
        }
        chars = out;
    }
    let dashed: String = chars.into_iter().map(unify_dash).collect();
    let mut s = dashed
        .split(is_py_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    for (abbr, full) in ABBREVIATIONS {
        s = replace_word(&s, abbr, full);
    }
    if unit {
        s = strip_unit_remark(s);
    }
    let keep = s
        .trim_end_matches(|c: char| is_py_space(c) || ":;.,".contains(c))
        .len();
    s.truncate(keep);
    s
}

/// Folds a document number key as score.py's `key_fold`: keys are compared without spaces and
/// regardless of case and dash style, since `72/2015/NĐ-CP` is printed in many ways.
pub fn key_fold(s: &str) -> String {
    s.nfc()
        .map(unify_dash)
        .filter(|&c| !is_py_space(c))
        .collect::<String>()
        .to_uppercase()
}

/// Whether an output heading or title matches gold, as score.py's `prefix_match`: equal after
/// folding, or the folded gold (20+ characters) starts the folded output — an extractor that
/// runs a long heading on into its first sentence still found the heading.
pub fn prefix_match(gold: Option<&str>, out: Option<&str>) -> bool {
    match (gold, out) {
        (Some(g), Some(o)) => folded_prefix(&fold(g, false), &fold(o, false)),
        (g, o) => g.is_none() && o.is_none(),
    }
}

fn prefix_match_value(gold: Option<&Value>, out: Option<&Value>) -> bool {
    match (fold_value(gold, false), fold_value(out, false)) {
        (Some(g), Some(o)) => folded_prefix(&g, &o),
        (g, o) => g.is_none() && o.is_none(),
    }
}

fn folded_prefix(g: &str, o: &str) -> bool {
    g == o || (g.chars().count() >= 20 && o.starts_with(g))
}

/// `fold(str(v))`, with `None` for a missing or null value, as score.py applies it to JSON.
fn fold_value(v: Option<&Value>, unit: bool) -> Option<String> {
    match v {
        None | Some(Value::Null) => None,
        Some(v) => Some(fold(&py_str(v), unit)),
    }
}

/// Python's `[a-zà-ỹđ]`: a plain code point range, so it also covers Greek, Cyrillic,
/// combining marks and everything else between U+00E0 and U+1EF9.
fn in_letter_class(c: char) -> bool {
    c.is_ascii_lowercase() || ('\u{e0}'..='\u{1ef9}').contains(&c) || c == '\u{111}'
}

/// `[\u2010-\u2015\u2212]` → `-`.
fn unify_dash(c: char) -> char {
    if ('\u{2010}'..='\u{2015}').contains(&c) || c == '\u{2212}' {
        '-'
    } else {
        c
    }
}

/// `re.sub(r"\bWORD\b", full, s)` with Python's Unicode word boundaries (the word's own
/// characters are all word characters, so a boundary means "no word character beside it").
fn replace_word(s: &str, word: &str, full: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = 0;
    let mut from = 0;
    while let Some(found) = s[from..].find(word) {
        let start = from + found;
        let end = start + word.len();
        let before = s[..start].chars().next_back();
        let after = s[end..].chars().next();
        if !before.is_some_and(is_py_word) && !after.is_some_and(is_py_word) {
            out.push_str(&s[rest..start]);
            out.push_str(full);
            rest = end;
            from = end;
        } else {
            // the word cannot overlap itself, so resume after its first character
            from = start + word.chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push_str(&s[rest..]);
    out
}

/// `re.sub(r"\s*\([^()]*\)$", "", s)`: the match can only start at the last `(`, when no `)`
/// lies between it and the final one, extended left over the whitespace before it.
fn strip_unit_remark(mut s: String) -> String {
    if !s.ends_with(')') {
        return s;
    }
    let Some(open) = s.rfind('(') else { return s };
    if s[open + 1..s.len() - 1].contains(')') {
        return s;
    }
    let start = s[..open].trim_end_matches(is_py_space).len();
    s.truncate(start);
    s
}

// ------------------------------------------------------------------------------- Python semantics

/// Python's `str.isspace` (and so `\s` and `str.strip()`): Unicode White_Space plus the
/// information separators U+001C..U+001F, which Python counts and Rust does not.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `\w` for str patterns: `str.isalnum()` or `_` — letters and numbers by general
/// category, but not combining marks (which Rust's `\w` includes).
fn is_py_word(c: char) -> bool {
    static WORD: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^[\p{L}\p{N}_]$").ok());
    let mut buf = [0; 4];
    WORD.as_ref()
        .is_some_and(|re| re.is_match(c.encode_utf8(&mut buf)))
}

/// Python's `str.isprintable` for one character: everything but the Other and Separator
/// categories, except the ASCII space.
fn is_py_printable(c: char) -> bool {
    static HIDDEN: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^[\p{C}\p{Z}]$").ok());
    let mut buf = [0; 4];
    c == ' '
        || !HIDDEN
            .as_ref()
            .is_some_and(|re| re.is_match(c.encode_utf8(&mut buf)))
}

fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// Python's `str.splitlines()` boundaries: \n, \r, \r\n, \v, \f, \x1c-\x1e, \x85, U+2028/9.
fn py_splitlines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\u{b}'
                | '\u{c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if is_break {
            lines.push(&text[start..i]);
            start = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(j, '\n')) = chars.peek() {
                    chars.next();
                    start = j + 1;
                }
            }
        }
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// Python truthiness of a JSON value (`None`, `False`, `0`, `""`, `[]`, `{}` are false).
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// `d.get(k)` on a value that should be an object; null reads as missing, as `None` does.
fn get<'a>(v: &'a Value, k: &str) -> Option<&'a Value> {
    v.as_object()?.get(k).filter(|x| !x.is_null())
}

/// score.py's `get(d, *path)`: `None` as soon as a step is not an object.
fn get_path<'a>(v: Option<&'a Value>, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v?, |d, k| get(d, k))
}

fn has_key(v: &Value, k: &str) -> bool {
    v.as_object().is_some_and(|o| o.contains_key(k))
}

/// A list of objects (`x or []`); anything else reads as empty, where score.py would raise.
fn list(v: Option<&Value>) -> &[Value] {
    match v {
        Some(Value::Array(a)) => a,
        _ => &[],
    }
}

/// Python iteration over a value used as a list of strings: a list yields its items, a string
/// its characters, an object its keys; anything else nothing (score.py would raise).
fn py_iter(v: Option<&Value>) -> Vec<Cow<'_, Value>> {
    match v {
        Some(Value::Array(a)) => a.iter().map(Cow::Borrowed).collect(),
        Some(Value::String(s)) => s
            .chars()
            .map(|c| Cow::Owned(Value::from(c.to_string())))
            .collect(),
        Some(Value::Object(o)) => o
            .keys()
            .map(|k| Cow::Owned(Value::from(k.as_str())))
            .collect(),
        _ => Vec::new(),
    }
}

/// A Python number: JSON integers stay exact, as Python's `int` does.
#[derive(Clone, Copy)]
enum Num {
    Int(i128),
    Float(f64),
}

fn num_of(v: &Value) -> Option<Num> {
    match v {
        Value::Bool(b) => Some(Num::Int(i128::from(*b))),
        Value::Number(n) => Some(if let Some(i) = n.as_i64() {
            Num::Int(i128::from(i))
        } else if let Some(u) = n.as_u64() {
            Num::Int(i128::from(u))
        } else {
            Num::Float(n.as_f64().unwrap_or(f64::NAN))
        }),
        _ => None,
    }
}

/// The integer a float equals exactly, if any (Python compares int and float exactly).
fn float_as_int(f: f64) -> Option<i128> {
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 1e38).then_some(f as i128)
}

fn num_cmp(a: Num, b: Num) -> Option<Ordering> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => Some(x.cmp(&y)),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(&y),
        (Num::Int(i), Num::Float(f)) => match float_as_int(f) {
            Some(j) => Some(i.cmp(&j)),
            None => (i as f64).partial_cmp(&f),
        },
        (Num::Float(_), Num::Int(_)) => num_cmp(b, a).map(Ordering::reverse),
    }
}

/// Python `==` between JSON values (`None` for missing): `1 == 1.0 == True`, dicts compare
/// regardless of key order.
fn py_eq(a: Option<&Value>, b: Option<&Value>) -> bool {
    let a = a.filter(|v| !v.is_null());
    let b = b.filter(|v| !v.is_null());
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => py_eq_value(a, b),
        _ => false,
    }
}

fn py_eq_value(a: &Value, b: &Value) -> bool {
    if let (Some(x), Some(y)) = (num_of(a), num_of(b)) {
        return num_cmp(x, y) == Some(Ordering::Equal);
    }
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq_value(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| py_eq_value(v, w)))
        }
        _ => false,
    }
}

/// A JSON value as a Python dict key or set member: values equal in Python (`1`, `1.0`,
/// `True`) get equal keys. Lists and objects, unhashable in Python, are keyed by their repr.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    None,
    Int(i128),
    Float(u64),
    Str(String),
    Other(String),
}

impl Key {
    fn of(v: Option<&Value>) -> Key {
        let Some(v) = v else { return Key::None };
        match (v, num_of(v)) {
            (Value::Null, _) => Key::None,
            (_, Some(Num::Int(i))) => Key::Int(i),
            (_, Some(Num::Float(f))) => match float_as_int(f) {
                Some(i) => Key::Int(i),
                None => Key::Float(f.to_bits()),
            },
            (Value::String(s), _) => Key::Str(s.clone()),
            _ => Key::Other(py_repr(v)),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Key::None => 0,
            Key::Int(_) | Key::Float(_) => 1,
            Key::Str(_) => 2,
            Key::Other(_) => 3,
        }
    }
}

/// Python's `sorted` order for keys of one type (numbers numerically, strings by code point);
/// mixed types, where Python would raise, go by type.
fn cmp_keys(a: &Key, b: &Key) -> Ordering {
    let num = |k: &Key| match k {
        Key::Int(i) => Some(Num::Int(*i)),
        Key::Float(bits) => Some(Num::Float(f64::from_bits(*bits))),
        _ => None,
    };
    match (a, b) {
        (Key::Str(x), Key::Str(y)) | (Key::Other(x), Key::Other(y)) => x.cmp(y),
        _ => match (num(a), num(b)) {
            (Some(x), Some(y)) => num_cmp(x, y).unwrap_or(Ordering::Equal),
            _ => a.rank().cmp(&b.rank()),
        },
    }
}

/// A dict filled with `setdefault`: the first value (and the first spelling of the key) wins.
#[derive(Default)]
struct FirstMap<'a> {
    map: HashMap<Key, (Option<&'a Value>, &'a Value)>,
}

impl<'a> FirstMap<'a> {
    fn insert(&mut self, id: Option<&'a Value>, item: &'a Value) {
        self.map.entry(Key::of(id)).or_insert((id, item));
    }

    /// The key as first spelled, for reports.
    fn id(&self, k: &Key) -> Value {
        self.map
            .get(k)
            .and_then(|(id, _)| id.cloned())
            .unwrap_or(Value::Null)
    }
}

fn opt_value(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::Null, Value::from)
}

/// Python's `str(v)` for a JSON value: strings as they are, everything else as its repr.
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => py_repr(other),
    }
}

/// `str(x)` where `x` may be `None`.
fn str_opt(v: Option<&Value>) -> String {
    v.map_or_else(|| "None".to_string(), py_str)
}

/// `repr(x)` where `x` may be `None`.
fn repr_opt(v: Option<&Value>) -> String {
    v.map_or_else(|| "None".to_string(), py_repr)
}

fn repr_list(items: &[Value]) -> String {
    let parts: Vec<String> = items.iter().map(py_repr).collect();
    format!("[{}]", parts.join(", "))
}

/// Python's `repr` of a JSON value (as `json.loads` would have built it).
fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => match num_of(v) {
            Some(Num::Float(f)) => repr_float(f),
            _ => n.to_string(),
        },
        Value::String(s) => repr_str(s),
        Value::Array(a) => repr_list(a),
        Value::Object(o) => {
            let parts: Vec<String> = o
                .iter()
                .map(|(k, v)| format!("{}: {}", repr_str(k), py_repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// Python's `repr(str)`: single quotes unless the text has `'` and no `"`; escapes for the
/// quote, backslash, control and non-printable characters.
fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            _ if c == quote || c == '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ if c < ' ' || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            _ if c.is_ascii() || is_py_printable(c) => out.push(c),
            _ if u32::from(c) <= 0xff => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            _ if u32::from(c) <= 0xffff => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            _ => {
                let _ = write!(out, "\\U{:08x}", u32::from(c));
            }
        }
    }
    out.push(quote);
    out
}

/// Python's `repr(float)`: the shortest round-trip digits, in positional notation when the
/// decimal exponent is in [-4, 16), else as `d.ddde±XX`.
fn repr_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // `{:e}` gives the shortest round-trip digits as d.ddde[-]x.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if f < 0.0 { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        let body = if point <= 0 {
            format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{body}")
    } else {
        let mant = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mant}e{esign}{:02}", exp.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tone_pairs_move_to_the_first_vowel() {
        assert_eq!(fold("Hoà bình", false), "hòa bình");
        assert_eq!(fold("Uỷ ban", false), "ủy ban");
        assert_eq!(fold("thuỷ lợi", false), "thủy lợi");
        assert_eq!(fold("khoẻ", false), "khỏe");
        assert_eq!(fold("Uỷ", false), fold("Ủy", false));
    }

    #[test]
    fn qu_keeps_its_mark() {
        assert_eq!(fold("Quý II", false), "quý ii");
        assert_eq!(fold("quỹ", false), "quỹ");
        assert_eq!(fold("QUỶ", false), "quỷ");
    }

    #[test]
    fn pair_followed_by_a_letter_stays() {
        // "hoàn": the pair does not end the syllable
        assert_eq!(fold("hoàn thành", false), "hoàn thành");
        assert_eq!(fold("toàn", false), "toàn");
        // anything in U+00E0..U+1EF9 counts as a letter, as in Python's [a-zà-ỹđ]
        assert_eq!(fold("hoàđ", false), "hoàđ");
        assert_eq!(fold("hoàж", false), "hoàж");
        // but a capital (left after lower()) or a digit does not
        assert_eq!(fold("hoà1", false), "hòa1");
        assert_eq!(fold("hoà-", false), "hòa-");
    }

    #[test]
    fn case_dashes_and_spaces() {
        assert_eq!(
            fold("  Lao động \u{2013} Thương binh\n\tvà  Xã hội ", false),
            "lao động - thương binh và xã hội"
        );
        assert_eq!(fold("a\u{2212}b\u{2010}c", false), "a-b-c");
        // Python's \s includes U+001C..U+001F
        assert_eq!(fold("a\u{1c}b\u{a0}c", false), "a b c");
        // NFD input folds like NFC input
        assert_eq!(fold("Đie\u{0302}\u{0300}u", false), "điều");
    }

    #[test]
    fn abbreviations_expand_on_word_boundaries() {
        assert_eq!(
            fold("UBND tỉnh Kon Tum", false),
            "ủy ban nhân dân tỉnh kon tum"
        );
        assert_eq!(
            fold("Thường trực HĐND tỉnh", false),
            "thường trực hội đồng nhân dân tỉnh"
        );
        assert_eq!(fold("UBND", false), fold("Ủy ban nhân dân", false));
        assert_eq!(fold("(UBND)", false), "(ủy ban nhân dân)");
        assert_eq!(fold("xUBND", false), "xubnd");
        assert_eq!(fold("UBND2", false), "ubnd2");
        assert_eq!(fold("UBND_", false), "ubnd_");
        assert_eq!(fold("ubndubnd ubnd", false), "ubndubnd ủy ban nhân dân");
        // a combining mark is not a word character in Python
        assert_eq!(fold("UBND\u{0301}", false), "ủy ban nhân dân\u{0301}");
    }

    #[test]
    fn unit_mode_drops_a_trailing_remark() {
        assert_eq!(fold("Sở Tài chính (chủ trì)", true), "sở tài chính");
        assert_eq!(
            fold("Sở Tài chính (chủ trì)", false),
            "sở tài chính (chủ trì)"
        );
        assert_eq!(fold("Sở A (b) (c)", true), "sở a (b)");
        assert_eq!(fold("Sở A (b (c))", true), "sở a (b (c))");
        assert_eq!(fold("Sở A (b) x", true), "sở a (b) x");
        assert_eq!(fold("(b/c)", true), "");
        assert_eq!(fold("Sở A ()", true), "sở a");
        // the trailing-punctuation rule runs after the remark is gone
        assert_eq!(fold("Sở A: (x)", true), "sở a");
    }

    #[test]
    fn trailing_punctuation_goes() {
        assert_eq!(fold("MỤC ĐÍCH, YÊU CẦU:", false), "mục đích, yêu cầu");
        assert_eq!(fold("Nội dung . ;,", false), "nội dung");
        assert_eq!(fold("a.b", false), "a.b");
        assert_eq!(fold(":;.,", false), "");
    }

    #[test]
    fn key_fold_ignores_spaces_case_and_dashes() {
        assert_eq!(key_fold(" 72 / 2015 / nđ \u{2013} cp "), "72/2015/NĐ-CP");
        assert_eq!(key_fold("215/kh-ubnd"), "215/KH-UBND");
    }

    #[test]
    fn prefix_match_needs_twenty_folded_characters() {
        let gold = "Hoạt động thông tin đối ngoại";
        assert!(prefix_match(
            Some(gold),
            Some("HOẠT ĐỘNG THÔNG TIN ĐỐI NGOẠI tỉnh Kon Tum")
        ));
        assert!(prefix_match(Some("Nội dung"), Some("NỘI DUNG:")));
        assert!(!prefix_match(Some("Nội dung"), Some("Nội dung chính")));
        // exactly 20 characters is enough, 19 is not
        assert!(prefix_match(
            Some("abcdefghij klmnopqrs"),
            Some("abcdefghij klmnopqrs tuv")
        ));
        assert!(!prefix_match(
            Some("abcdefghij klmnopqr"),
            Some("abcdefghij klmnopqr tuv")
        ));
        // the gold must be a prefix of the output, not the reverse
        assert!(!prefix_match(
            Some("abcdefghij klmnopqrs tuv"),
            Some("abcdefghij klmnopqrs")
        ));
        assert!(prefix_match(None, None));
        assert!(!prefix_match(Some("a"), None));
        assert!(!prefix_match(None, Some("a")));
    }

    #[test]
    fn python_str_and_repr() {
        assert_eq!(py_str(&json!(2019)), "2019");
        assert_eq!(py_str(&json!(2019.0)), "2019.0");
        assert_eq!(py_str(&json!(true)), "True");
        assert_eq!(py_str(&json!(["a", null])), "['a', None]");
        assert_eq!(
            py_repr(&json!({"code": "x", "n": 1.5})),
            "{'code': 'x', 'n': 1.5}"
        );
        assert_eq!(repr_str("it's"), "\"it's\"");
        assert_eq!(repr_str("'\""), "'\\'\"'");
        assert_eq!(
            repr_str("a\\b\n\u{7f}\u{a0}\u{200b}ủ"),
            "'a\\\\b\\n\\x7f\\xa0\\u200bủ'"
        );
        assert_eq!(repr_float(1e16), "1e+16");
        assert_eq!(repr_float(1e15), "1000000000000000.0");
        assert_eq!(repr_float(0.0001), "0.0001");
        assert_eq!(repr_float(1.5e-5), "1.5e-05");
        assert_eq!(repr_float(-2.5), "-2.5");
        assert_eq!(repr_float(123.456), "123.456");
    }

    #[test]
    fn python_equality_and_keys() {
        assert!(py_eq(Some(&json!(1)), Some(&json!(1.0))));
        assert!(py_eq(Some(&json!(true)), Some(&json!(1))));
        assert!(py_eq(None, Some(&Value::Null)));
        assert!(!py_eq(Some(&json!("1")), Some(&json!(1))));
        assert!(py_eq(
            Some(&json!({"a": 1, "b": 2})),
            Some(&json!({"b": 2.0, "a": 1}))
        ));
        assert_eq!(Key::of(Some(&json!(2.0))), Key::of(Some(&json!(2))));
        assert_ne!(Key::of(Some(&json!("2"))), Key::of(Some(&json!(2))));
    }

    #[test]
    fn stems_and_lines() {
        assert_eq!(stem(Some(&json!("corpus/kontum-2019.txt"))), "kontum-2019");
        assert_eq!(stem(Some(&json!("a/b.c.txt"))), "b.c");
        assert_eq!(stem(Some(&json!(".hidden"))), ".hidden");
        assert_eq!(stem(Some(&json!("x/..a.b"))), "..a");
        assert_eq!(stem(None), "");
        assert_eq!(
            py_splitlines("a\r\nb\rc\u{2028}d\n"),
            vec!["a", "b", "c", "d"]
        );
        assert_eq!(load_records("{\"a\": 1}\n\n{\"b\": 2}\n").len(), 2);
        assert_eq!(load_records("{\n \"a\": 1\n}\n").len(), 1);
        assert!(load_records("").is_empty());
    }

    #[test]
    fn malformed_records_do_not_panic() {
        let gold = json!({
            "document": {"type": "Kế hoạch", "issuer": {"name": "UBND"}},
            "citations": [{"key": "1/KH", "issuer": "x"}], "sections": [{"id": "I", "heading": "A"}],
            "tasks": [{"section": "I", "lead": ["A"]}], "assignments": [{"section": "I", "units": ["A"], "tasks": 1}],
            "deadlines": [{"text": "t", "date": "2020"}], "signature": {"authority": ["A"]}, "recipients": ["r"],
        });
        let odd = [
            json!(null),
            json!(1),
            json!("s"),
            json!([1, [2]]),
            json!({"a": {}}),
            json!(true),
            json!(-0.5),
        ];
        let mut records = Vec::new();
        for (i, v) in odd.iter().enumerate() {
            let mut r = serde_json::Map::new();
            r.insert("source".into(), json!({"path": format!("d/g{i}.txt")}));
            for k in [
                "document",
                "citations",
                "sections",
                "tasks",
                "units",
                "dates",
                "signature",
                "recipients",
            ] {
                r.insert(k.into(), v.clone());
            }
            r.insert(
                "tasks".into(),
                json!([{"section": v, "lead": v, "support": v, "timeframe": v}, v]),
            );
            r.insert(
                "sections".into(),
                json!([{"id": v, "heading": v, "children": v}, v]),
            );
            r.insert(
                "citations".into(),
                json!([{"key": v, "date": v, "issuer": v}, v]),
            );
            records.push(Value::Object(r));
        }
        let golds: Vec<(String, Value)> = (0..odd.len())
            .map(|i| (format!("g{i}"), gold.clone()))
            .collect();
        let report = score(&records, &golds);
        assert_eq!(report.documents.len(), odd.len());
        let _ = (report.table(true), report.to_json());
    }

    #[test]
    fn missing_and_failed_records_score_zero_with_a_denominator() {
        let gold = json!({"document": {"type": "Kế hoạch"}, "citations": [], "sections": [{"id": "I", "heading": "A"}]});
        let golds = vec![("a".to_string(), gold.clone()), ("b".to_string(), gold)];
        let recs = vec![json!({"source": {"path": "x/b.txt"}, "error": {"code": "not_text"}})];
        let report = score(&recs, &golds);
        let a = &report.documents[0];
        assert_eq!(a.metrics["citations"], Ratio { num: 0, den: 1 });
        assert_eq!(a.metrics["document"], Ratio { num: 0, den: 11 });
        assert_eq!(
            a.details,
            vec![("no record".to_string(), vec![json!("missing")])]
        );
        assert_eq!(
            report.documents[1].details[0].1,
            vec![json!({"code": "not_text"})]
        );
        assert_eq!(report.total("sections"), Some(0.0));
        assert_eq!(report.total("tasks"), None);
    }
}
