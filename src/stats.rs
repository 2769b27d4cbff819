//! Coverage report over a run (`vnplan extract --stats`): how many records were written,
//! how many of them are error records (by code), which warnings were raised (by code), and
//! the share of the documents read that have each main field.
//!
//! Counts are taken from the emitted JSON records, exactly as a user of the output would
//! count them, so the report describes the output and nothing else. [`Stats`] values can be
//! merged, so workers may count their own inputs and the totals do not depend on the order.
//!
//! ```
//! use serde_json::json;
//! let mut stats = vnplan::stats::Stats::default();
//! stats.add(&json!({"schema": "vnplan/1", "document": {"number": {"seq": "12"}, "date": null},
//!                   "sections": [{"id": "I"}], "citations": [], "tasks": [], "warnings": []}));
//! stats.add(&json!({"schema": "vnplan/1", "error": {"code": "not_text", "message": "…"}}));
//! assert_eq!(stats.records(), 2);
//! assert_eq!(stats.error_records(), 1);
//! assert_eq!(stats.field_count("number"), Some(1));
//! assert!(stats.to_string().contains("not_text"));
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

/// The fields whose presence is counted, in report order. `number`, `date`, `issuer` and
/// `title` are present when `document.<field>` is not `null`; `sections`, `citations` and
/// `tasks` when the list is not empty.
pub const FIELDS: [&str; 7] = ["number", "date", "issuer", "title", "sections", "citations", "tasks"];

/// Counts over the records of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    records: usize,
    errors: BTreeMap<String, usize>,
    /// Code → (occurrences, records with at least one).
    warnings: BTreeMap<String, (usize, usize)>,
    with_warnings: usize,
    fields: [usize; FIELDS.len()],
}

impl Stats {
    /// Counts one emitted record (a document record or an error record).
    pub fn add(&mut self, record: &Value) {
        self.records += 1;
        if let Some(err) = record.get("error").filter(|e| !e.is_null()) {
            let code = err.get("code").and_then(Value::as_str).unwrap_or("unknown");
            *self.errors.entry(code.to_string()).or_default() += 1;
            return;
        }
        let doc = record.get("document");
        for (i, field) in FIELDS.iter().enumerate() {
            let present = match *field {
                "sections" | "citations" | "tasks" => record.get(field).and_then(Value::as_array).is_some_and(|a| !a.is_empty()),
                _ => doc.and_then(|d| d.get(field)).is_some_and(|v| !v.is_null()),
            };
            if present {
                if let Some(n) = self.fields.get_mut(i) {
                    *n += 1;
                }
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for w in record.get("warnings").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            let code = w.get("code").and_then(Value::as_str).unwrap_or("unknown");
            let entry = self.warnings.entry(code.to_string()).or_default();
            entry.0 += 1;
            if !seen.contains(&code) {
                entry.1 += 1;
                seen.push(code);
            }
        }
        if !seen.is_empty() {
            self.with_warnings += 1;
        }
    }

    /// Adds another run's counts to these.
    pub fn merge(&mut self, other: &Stats) {
        self.records += other.records;
        for (code, n) in &other.errors {
            *self.errors.entry(code.clone()).or_default() += n;
        }
        for (code, (n, r)) in &other.warnings {
            let e = self.warnings.entry(code.clone()).or_default();
            e.0 += n;
            e.1 += r;
        }
        self.with_warnings += other.with_warnings;
        for (a, b) in self.fields.iter_mut().zip(other.fields) {
            *a += b;
        }
    }

    /// Records counted, error records included.
    pub fn records(&self) -> usize {
        self.records
    }

    /// Error records counted.
    pub fn error_records(&self) -> usize {
        self.errors.values().sum()
    }

    /// Records of documents that were read (not error records).
    pub fn documents(&self) -> usize {
        self.records - self.error_records()
    }

    /// Error records with this code.
    pub fn errors_with_code(&self, code: &str) -> usize {
        self.errors.get(code).copied().unwrap_or(0)
    }

    /// Occurrences of warnings with this code, and the number of records that have one.
    pub fn warnings_with_code(&self, code: &str) -> (usize, usize) {
        self.warnings.get(code).copied().unwrap_or((0, 0))
    }

    /// Documents that have the field (one of [`FIELDS`]); `None` for an unknown field name.
    pub fn field_count(&self, field: &str) -> Option<usize> {
        let i = FIELDS.iter().position(|f| *f == field)?;
        self.fields.get(i).copied()
    }
}

fn percent(n: usize, of: usize) -> String {
    if of == 0 {
        "-".to_string()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / of as f64)
    }
}

/// The report, one line per count, aligned for reading in a terminal or pasting into docs.
impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let docs = self.documents();
        writeln!(f, "records: {} ({} documents read, {} error records)", self.records, docs, self.error_records())?;
        writeln!(f, "error records by code:{}", if self.errors.is_empty() { " none" } else { "" })?;
        for (code, n) in &self.errors {
            writeln!(f, "  {code:<28} {n:>7}")?;
        }
        writeln!(f, "warnings by code (occurrences, documents): {} document(s) with warnings", self.with_warnings)?;
        for (code, (n, r)) in &self.warnings {
            writeln!(f, "  {code:<28} {n:>7} {r:>7}  {:>6}", percent(*r, docs))?;
        }
        writeln!(f, "fields (documents that have the field, share of documents read):")?;
        for (field, n) in FIELDS.iter().zip(self.fields) {
            writeln!(f, "  {field:<28} {n:>7}  {:>6}", percent(n, docs))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(number: bool, sections: usize, warnings: &[&str]) -> Value {
        json!({
            "schema": "vnplan/1",
            "document": { "type": null, "number": if number { json!({"seq": "1"}) } else { Value::Null },
                          "date": {"value": "2023"}, "title": null, "issuer": null, "year": null },
            "sections": vec![json!({"id": "I"}); sections],
            "citations": [],
            "tasks": [{"id": "T1"}],
            "warnings": warnings.iter().map(|c| json!({"code": c, "message": "", "span": null})).collect::<Vec<_>>(),
        })
    }

    fn error(code: &str) -> Value {
        json!({"schema": "vnplan/1", "source": {"path": "x", "bytes": 3}, "error": {"code": code, "message": "m"}})
    }

    #[test]
    fn counts_records_errors_warnings_and_fields() {
        let mut s = Stats::default();
        s.add(&doc(true, 2, &["numbering_gap", "numbering_gap", "empty"]));
        s.add(&doc(false, 0, &["numbering_gap"]));
        s.add(&doc(false, 1, &[]));
        s.add(&error("not_text"));
        s.add(&error("too_large"));
        s.add(&error("not_text"));
        assert_eq!(s.records(), 6);
        assert_eq!(s.error_records(), 3);
        assert_eq!(s.documents(), 3);
        assert_eq!(s.errors_with_code("not_text"), 2);
        assert_eq!(s.errors_with_code("too_large"), 1);
        assert_eq!(s.errors_with_code("unreadable"), 0);
        assert_eq!(s.warnings_with_code("numbering_gap"), (3, 2));
        assert_eq!(s.warnings_with_code("empty"), (1, 1));
        assert_eq!(s.field_count("number"), Some(1));
        assert_eq!(s.field_count("date"), Some(3));
        assert_eq!(s.field_count("title"), Some(0));
        assert_eq!(s.field_count("sections"), Some(2));
        assert_eq!(s.field_count("citations"), Some(0));
        assert_eq!(s.field_count("tasks"), Some(3));
        assert_eq!(s.field_count("signature"), None);
    }

    #[test]
    fn merging_equals_adding_in_one() {
        let recs = [doc(true, 1, &["a"]), error("not_text"), doc(false, 0, &["a", "b"]), doc(true, 3, &[])];
        let mut whole = Stats::default();
        recs.iter().for_each(|r| whole.add(r));
        let mut left = Stats::default();
        let mut right = Stats::default();
        recs[..2].iter().for_each(|r| left.add(r));
        recs[2..].iter().for_each(|r| right.add(r));
        right.merge(&left);
        assert_eq!(right, whole);
    }

    #[test]
    fn report_names_every_count() {
        let mut s = Stats::default();
        s.add(&doc(true, 2, &["numbering_gap"]));
        s.add(&doc(false, 0, &[]));
        s.add(&error("too_large"));
        let text = s.to_string();
        assert!(text.starts_with("records: 3 (2 documents read, 1 error records)\n"), "{text}");
        assert!(text.contains("\n  too_large                          1\n"), "{text}");
        assert!(text.contains("\n  numbering_gap                      1       1   50.0%\n"), "{text}");
        assert!(text.contains("\n  number                             1   50.0%\n"), "{text}");
        assert!(text.contains("\n  tasks                              2  100.0%\n"), "{text}");
        for field in FIELDS {
            assert!(text.contains(&format!("\n  {field} ")), "{field} missing from {text}");
        }
    }

    #[test]
    fn empty_run_has_no_shares() {
        let text = Stats::default().to_string();
        assert!(text.contains("records: 0 (0 documents read, 0 error records)"), "{text}");
        assert!(text.contains("error records by code: none"), "{text}");
        assert!(text.contains("\n  number                             0       -\n"), "{text}");
    }
}
