//! Flat tables for data warehouses: `vnplan/1` records → one table per entity, in CSV and
//! (with the default `parquet` feature) Parquet. Used by `vnplan extract --tables DIR` and
//! `vnplan tables RECORDS.jsonl --out DIR`; every column is documented in
//! `docs/WAREHOUSE.md`, which a test keeps equal to [`columns_markdown`].
//!
//! Tables are built from the JSON records (not from the pipeline's types), so the same code
//! serves records being extracted and records read back from JSON Lines. Every table is keyed
//! by `doc_id`, the source's SHA-256, and the entity's own id or ordinal. A content seen
//! twice (the same file under two paths) is one document: its entities are written once, and
//! `inputs` lists every path. Error records have no content hash: their `documents` row has
//! a null `doc_id` and their `error_code`.
//!
//! Writing streams: rows go to the CSV files as they come and to the Parquet writers in
//! batches, so memory does not grow with the number of records.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;

#[cfg(feature = "parquet")]
mod parquet;

/// The type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 text (Parquet `STRING`, DuckDB `VARCHAR`).
    Text,
    /// 64-bit integer (`INT64`, `BIGINT`).
    Int,
    /// 64-bit float (`DOUBLE`).
    Float,
    /// Boolean.
    Bool,
    /// A calendar date (Parquet `DATE`, i.e. Arrow `Date32`: days since 1970-01-01).
    Date,
}

impl Kind {
    /// The name used in the documentation (DuckDB's type names).
    pub fn sql(self) -> &'static str {
        match self {
            Kind::Text => "VARCHAR",
            Kind::Int => "BIGINT",
            Kind::Float => "DOUBLE",
            Kind::Bool => "BOOLEAN",
            Kind::Date => "DATE",
        }
    }
}

/// One column of a table.
#[derive(Debug)]
pub struct Column {
    /// Column name.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// What it holds (one line of the documentation).
    pub doc: &'static str,
}

/// One table: its name (the file stem), what one row is, its key, its columns.
#[derive(Debug)]
pub struct Table {
    /// File stem: `documents` → `documents.csv`, `documents.parquet`.
    pub name: &'static str,
    /// What one row is.
    pub doc: &'static str,
    /// The columns that identify a row.
    pub key: &'static [&'static str],
    /// The columns, in file order.
    pub columns: &'static [Column],
}

const fn col(name: &'static str, kind: Kind, doc: &'static str) -> Column {
    Column { name, kind, doc }
}

use Kind::{Bool, Date, Float, Int, Text};

const DOC_ID: Column = col("doc_id", Text, "SHA-256 of the source bytes (`source.sha256`)");

/// Every table, in the order they are written. The order of the columns is the order in
/// which the row builders below push their cells; [`Rows::push`] checks the count.
pub static TABLES: [Table; 11] = [
    Table {
        name: "documents",
        doc: "one per distinct document (content), plus one per error record",
        key: &["doc_id"],
        columns: &[
            col("doc_id", Text, "SHA-256 of the source bytes; null for error records (nothing was read to hash)"),
            col("path", Text, "`source.path` of the first input with this content"),
            col("bytes", Int, "`source.bytes`"),
            col("encoding", Text, "`source.encoding`"),
            col("encoding_confidence", Float, "`source.encoding_confidence`"),
            col("error_code", Text, "`error.code` of an error record (`not_text`, `unreadable`, `too_large`, `bad_line`), else null"),
            col("error_message", Text, "`error.message` of an error record"),
            col("type_name", Text, "`document.type.name` (`Kế hoạch`)"),
            col("type_code", Text, "`document.type.code` (`KH`)"),
            col("type_source", Text, "`document.type.source`"),
            col("number_seq", Text, "`document.number.seq` (`215`)"),
            col("number_symbol", Text, "`document.number.symbol` (`KH-UBND`)"),
            col("number_text", Text, "`document.number.text` as printed"),
            col("place", Text, "`document.place`"),
            col("date", Date, "`document.date.value` when it is a complete date"),
            col("date_iso", Text, "`document.date.value` at the precision printed (`2019-01-28`, `2023-03`, `2023`)"),
            col("date_precision", Text, "`day`, `month` or `year`"),
            col("date_text", Text, "`document.date.text` as printed"),
            col("title", Text, "`document.title.text`"),
            col("issuer_name", Text, "`document.issuer.name` (`Ủy ban nhân dân tỉnh Kon Tum`)"),
            col("issuer_level", Text, "`document.issuer.level`"),
            col("issuer_area", Text, "`document.issuer.area`"),
            col("issuer_province", Text, "`document.issuer.province`"),
            col("issuer_province_2025", Text, "`document.issuer.province_2025`"),
            col("issuer_parent", Text, "`document.issuer.parent`"),
            col("issuer_source", Text, "`document.issuer.source`"),
            col("year", Int, "`document.year`, the year the plan is for"),
            col("signature_authority", Text, "`signature.authority` lines joined with `; `"),
            col("signature_position", Text, "`signature.position`"),
            col("signature_signer", Text, "`signature.signer`"),
            col("n_sections", Int, "number of sections (all levels)"),
            col("n_citations", Int, "number of citation mentions"),
            col("n_dates", Int, "number of date mentions"),
            col("n_tasks", Int, "number of tasks"),
            col("n_units", Int, "number of units"),
            col("n_recipients", Int, "number of recipients"),
            col("n_attachments", Int, "number of attachments"),
            col("n_warnings", Int, "number of warnings"),
        ],
    },
    Table {
        name: "inputs",
        doc: "one per input (record line), in input order; several inputs may share a `doc_id`",
        key: &["path"],
        columns: &[
            col("path", Text, "`source.path`"),
            DOC_ID,
            col("bytes", Int, "`source.bytes`"),
            col("error_code", Text, "`error.code` of an error record, else null"),
        ],
    },
    Table {
        name: "sections",
        doc: "one per section of the tree, all levels, in reading order",
        key: &["doc_id", "section_no"],
        columns: &[
            DOC_ID,
            col("section_no", Int, "1-based position in reading order (pre-order walk of the tree)"),
            col("section_id", Text, "`id` (`II.5.1`); not unique when the document repeats a number"),
            col("parent_no", Int, "`section_no` of the parent section, null at level 1"),
            col("parent_id", Text, "`id` of the parent section"),
            col("number", Text, "`number` as printed (`5.1`)"),
            col("level", Int, "`level`, 1 for top-level sections"),
            col("heading", Text, "`heading` (null when the label stands alone, see FORMAT.md)"),
            col("role", Text, "`role`: `purpose`, `content`, `budget`, `implementation`, `assignment` or null"),
            col("span_start", Int, "`span[0]`, byte offset of the heading"),
            col("span_end", Int, "`span[1]`"),
            col("extent_start", Int, "`extent[0]`, start of the whole section"),
            col("extent_end", Int, "`extent[1]`"),
        ],
    },
    Table {
        name: "citations",
        doc: "one per citation mention, in reading order",
        key: &["doc_id", "citation_no"],
        columns: &[
            DOC_ID,
            col("citation_no", Int, "1-based position among the document's citations"),
            col("key", Text, "`key` as printed, canonical (`72/2015/NĐ-CP`)"),
            col("key_resolved", Text, "`key_resolved`: the key with the year of its date, for legal numbers printed without a year"),
            col("cited_key", Text, "`key_resolved` when present, else `key`: the key to group by"),
            col("type_name", Text, "`type.name`"),
            col("type_code", Text, "`type.code`"),
            col("number", Text, "`number`"),
            col("year", Int, "`year` printed in the number"),
            col("symbol", Text, "`symbol`"),
            col("date", Date, "`date` when complete"),
            col("date_iso", Text, "`date` at the precision printed"),
            col("date_precision", Text, "`day`, `month` or `year`"),
            col("issuer", Text, "`issuer`"),
            col("system", Text, "`system`: `legal`, `administrative` or `party`"),
            col("section", Text, "`section`: the id of the section the mention is in"),
            col("text", Text, "`text`: the mention"),
            col("span_start", Int, "`span[0]`"),
            col("span_end", Int, "`span[1]`"),
        ],
    },
    Table {
        name: "dates",
        doc: "one per date expression, in reading order",
        key: &["doc_id", "date_no"],
        columns: &[
            DOC_ID,
            col("date_no", Int, "1-based position among the document's dates"),
            col("text", Text, "`text` as printed, with its deadline words"),
            col("date", Date, "`value` when complete"),
            col("date_iso", Text, "`value` at the precision printed; null for an invalid date"),
            col("date_precision", Text, "`day`, `month` or `year`"),
            col("role", Text, "`role`: `issued`, `cited`, `deadline`, `report`, `event`"),
            col("year_inferred", Bool, "`year_inferred`: the year was taken from the plan's year"),
            col("section", Text, "`section`"),
            col("span_start", Int, "`span[0]`"),
            col("span_end", Int, "`span[1]`"),
        ],
    },
    Table {
        name: "tasks",
        doc: "one per task, in reading order",
        key: &["doc_id", "task_id"],
        columns: &[
            DOC_ID,
            col("task_id", Text, "`id` (`T12`)"),
            col("task_no", Int, "1-based position among the document's tasks"),
            col("section", Text, "`section`"),
            col("text", Text, "`text`"),
            col("requested", Bool, "`requested`: the plan asks rather than orders"),
            col("timeframe_text", Text, "`timeframe.text`"),
            col("timeframe_kind", Text, "`timeframe.kind`"),
            col("timeframe_start", Date, "`timeframe.start` when complete"),
            col("timeframe_start_iso", Text, "`timeframe.start` at the precision printed"),
            col("timeframe_start_precision", Text, "`day`, `month` or `year`"),
            col("timeframe_end", Date, "`timeframe.end` when complete"),
            col("timeframe_end_iso", Text, "`timeframe.end` at the precision printed"),
            col("timeframe_end_precision", Text, "`day`, `month` or `year`"),
            col("n_lead", Int, "number of lead units"),
            col("n_support", Int, "number of supporting units"),
            col("span_start", Int, "`span[0]`"),
            col("span_end", Int, "`span[1]`"),
        ],
    },
    Table {
        name: "task_units",
        doc: "one per unit named by a task: task × unit × role",
        key: &["doc_id", "task_id", "role", "position"],
        columns: &[
            DOC_ID,
            col("task_id", Text, "the task's `id`"),
            col("role", Text, "`lead` or `support`"),
            col("position", Int, "1-based position in the task's `lead` or `support` list"),
            col("unit", Text, "the unit as the task names it"),
            col("unit_no", Int, "`unit_no` of the `units` row that lists this task under this role and has this name or alias"),
            col("unit_name", Text, "that unit's `name` (abbreviations resolved: `Sở TT&TT` → `Sở Thông tin và Truyền thông`)"),
        ],
    },
    Table {
        name: "units",
        doc: "one per responsible unit of a document (deduplicated)",
        key: &["doc_id", "unit_no"],
        columns: &[
            DOC_ID,
            col("unit_no", Int, "1-based position in order of first mention"),
            col("name", Text, "`name`"),
            col("aliases", Text, "`aliases` joined with `; `"),
            col("requested", Bool, "`requested`"),
            col("n_lead", Int, "number of tasks it leads"),
            col("n_support", Int, "number of tasks it supports"),
        ],
    },
    Table {
        name: "warnings",
        doc: "one per warning",
        key: &["doc_id", "warning_no"],
        columns: &[
            DOC_ID,
            col("warning_no", Int, "1-based position among the document's warnings"),
            col("code", Text, "`code` (`numbering_gap`, …)"),
            col("message", Text, "`message`"),
            col("span_start", Int, "`span[0]`, null for findings about the whole document"),
            col("span_end", Int, "`span[1]`"),
        ],
    },
    Table {
        name: "recipients",
        doc: "one per `Nơi nhận` line",
        key: &["doc_id", "recipient_no"],
        columns: &[
            DOC_ID,
            col("recipient_no", Int, "1-based position"),
            col("text", Text, "`text`"),
            col("span_start", Int, "`span[0]`"),
            col("span_end", Int, "`span[1]`"),
        ],
    },
    Table {
        name: "attachments",
        doc: "one per annex or attached document",
        key: &["doc_id", "attachment_no"],
        columns: &[
            DOC_ID,
            col("attachment_no", Int, "1-based position"),
            col("type_name", Text, "`type.name`"),
            col("type_code", Text, "`type.code`"),
            col("title", Text, "`title`"),
            col("ref", Text, "`ref`: the \"Kèm theo …\" line"),
            col("span_start", Int, "`span[0]`"),
            col("span_end", Int, "`span[1]`"),
        ],
    },
];

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// No value.
    Null,
    /// Text.
    Text(String),
    /// Integer.
    Int(i64),
    /// Float.
    Float(f64),
    /// Boolean.
    Bool(bool),
    /// Days since 1970-01-01.
    Date(i32),
}

impl Cell {
    /// Whether the cell fits a column of this kind (null fits every kind).
    pub fn fits(&self, kind: Kind) -> bool {
        matches!(
            (self, kind),
            (Cell::Null, _) | (Cell::Text(_), Kind::Text) | (Cell::Int(_), Kind::Int) | (Cell::Float(_), Kind::Float) | (Cell::Bool(_), Kind::Bool) | (Cell::Date(_), Kind::Date)
        )
    }
}

/// Index of each table in [`TABLES`].
mod ix {
    pub const DOCUMENTS: usize = 0;
    pub const INPUTS: usize = 1;
    pub const SECTIONS: usize = 2;
    pub const CITATIONS: usize = 3;
    pub const DATES: usize = 4;
    pub const TASKS: usize = 5;
    pub const TASK_UNITS: usize = 6;
    pub const UNITS: usize = 7;
    pub const WARNINGS: usize = 8;
    pub const RECIPIENTS: usize = 9;
    pub const ATTACHMENTS: usize = 10;
}

/// The rows one record gives, per table (indexed like [`TABLES`]).
#[derive(Debug, Default)]
pub struct Rows {
    /// `tables[i]` holds the rows of `TABLES[i]`.
    pub tables: [Vec<Vec<Cell>>; 11],
}

impl Rows {
    fn push(&mut self, table: usize, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), TABLES[table].columns.len(), "row of {}", TABLES[table].name);
        self.tables[table].push(row);
    }
}

fn text(v: &Value) -> Cell {
    match v {
        Value::String(s) => Cell::Text(s.clone()),
        _ => Cell::Null,
    }
}

fn int(v: &Value) -> Cell {
    v.as_i64().map_or(Cell::Null, Cell::Int)
}

fn count(v: &Value) -> Cell {
    Cell::Int(v.as_array().map_or(0, |a| a.len() as i64))
}

fn joined(v: &Value) -> Cell {
    match v.as_array() {
        Some(a) if !a.is_empty() => Cell::Text(a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("; ")),
        _ => Cell::Null,
    }
}

fn span(v: &Value) -> [Cell; 2] {
    [int(&v[0]), int(&v[1])]
}

fn n(i: usize) -> Cell {
    Cell::Int(i as i64 + 1)
}

/// The precision of an ISO date as vnplan writes them, and its day number when complete.
pub fn parse_iso(s: &str) -> Option<(&'static str, Option<i32>)> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<i32>().ok()).flatten();
    match parts.as_slice() {
        [y] => num(y, 4).map(|_| ("year", None)),
        [y, m] => {
            num(y, 4)?;
            num(m, 2).filter(|m| (1..=12).contains(m)).map(|_| ("month", None))
        }
        [y, m, d] => {
            let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
            Some(("day", Some(days_from_civil(y, m, d)?)))
        }
        _ => None,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date, or `None` when it does not exist.
pub fn days_from_civil(y: i32, m: i32, d: i32) -> Option<i32> {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d < 1 || d > days_in_month {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The ISO date of a day number (the inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i32) -> (i32, i32, i32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

/// The three cells of a date value: DATE when complete, the ISO text, its precision.
fn date(v: &Value) -> [Cell; 3] {
    match v.as_str() {
        Some(s) => match parse_iso(s) {
            Some((precision, days)) => [days.map_or(Cell::Null, Cell::Date), Cell::Text(s.to_string()), Cell::Text(precision.to_string())],
            None => [Cell::Null, Cell::Text(s.to_string()), Cell::Null],
        },
        None => [Cell::Null, Cell::Null, Cell::Null],
    }
}

/// Why a JSON value is not a `vnplan/1` record.
pub fn check_record(r: &Value) -> Result<(), String> {
    if !r.is_object() {
        return Err("not a JSON object".into());
    }
    if r["schema"] != "vnplan/1" {
        return Err(format!("schema is {}, not \"vnplan/1\"", r["schema"]));
    }
    if r.get("error").is_none() && !r["source"]["sha256"].is_string() {
        return Err("no source.sha256 (and no error)".into());
    }
    Ok(())
}

/// The rows of one record. `seen` holds the `doc_id`s already written: a content seen
/// before only adds its `inputs` row.
pub fn rows(r: &Value, seen: &mut HashSet<String>) -> Rows {
    let mut out = Rows::default();
    let src = &r["source"];
    let doc_id = text(&src["sha256"]);
    out.push(ix::INPUTS, vec![text(&src["path"]), doc_id.clone(), int(&src["bytes"]), text(&r["error"]["code"])]);
    let err = &r["error"];
    if !err.is_null() {
        let mut row = vec![Cell::Null, text(&src["path"]), int(&src["bytes"]), Cell::Null, Cell::Null, text(&err["code"]), text(&err["message"])];
        row.resize(TABLES[ix::DOCUMENTS].columns.len(), Cell::Null);
        out.push(ix::DOCUMENTS, row);
        return out;
    }
    if let Some(id) = src["sha256"].as_str() {
        if !seen.insert(id.to_string()) {
            return out;
        }
    }
    let d = &r["document"];
    let mut sections = Vec::new();
    flatten_sections(&r["sections"], None, &mut sections);
    let mut row = vec![
        doc_id.clone(),
        text(&src["path"]),
        int(&src["bytes"]),
        text(&src["encoding"]),
        src["encoding_confidence"].as_f64().map_or(Cell::Null, Cell::Float),
        Cell::Null,
        Cell::Null,
        text(&d["type"]["name"]),
        text(&d["type"]["code"]),
        text(&d["type"]["source"]),
        text(&d["number"]["seq"]),
        text(&d["number"]["symbol"]),
        text(&d["number"]["text"]),
        text(&d["place"]),
    ];
    row.extend(date(&d["date"]["value"]));
    row.push(text(&d["date"]["text"]));
    row.push(text(&d["title"]["text"]));
    let i = &d["issuer"];
    row.extend(["name", "level", "area", "province", "province_2025", "parent", "source"].map(|k| text(&i[k])));
    row.push(int(&d["year"]));
    let s = &r["signature"];
    row.extend([joined(&s["authority"]), text(&s["position"]), text(&s["signer"])]);
    row.push(Cell::Int(sections.len() as i64));
    row.extend(["citations", "dates", "tasks", "units", "recipients", "attachments", "warnings"].map(|k| count(&r[k])));
    out.push(ix::DOCUMENTS, row);

    for (no, (sec, parent)) in sections.iter().enumerate() {
        let mut row = vec![doc_id.clone(), n(no), text(&sec["id"])];
        match parent {
            Some(p) => row.extend([n(*p), sections.get(*p).map_or(Cell::Null, |(ps, _)| text(&ps["id"]))]),
            None => row.extend([Cell::Null, Cell::Null]),
        }
        row.extend([text(&sec["number"]), int(&sec["level"]), text(&sec["heading"]), text(&sec["role"])]);
        row.extend(span(&sec["span"]));
        row.extend(span(&sec["extent"]));
        out.push(ix::SECTIONS, row);
    }
    for (no, c) in items(&r["citations"]) {
        let cited = if c["key_resolved"].is_string() { &c["key_resolved"] } else { &c["key"] };
        let mut row = vec![doc_id.clone(), n(no), text(&c["key"]), text(&c["key_resolved"]), text(cited)];
        row.extend([text(&c["type"]["name"]), text(&c["type"]["code"]), text(&c["number"]), int(&c["year"]), text(&c["symbol"])]);
        row.extend(date(&c["date"]));
        row.extend([text(&c["issuer"]), text(&c["system"]), text(&c["section"]), text(&c["text"])]);
        row.extend(span(&c["span"]));
        out.push(ix::CITATIONS, row);
    }
    for (no, x) in items(&r["dates"]) {
        let mut row = vec![doc_id.clone(), n(no), text(&x["text"])];
        row.extend(date(&x["value"]));
        row.extend([text(&x["role"]), Cell::Bool(x["year_inferred"] == true), text(&x["section"])]);
        row.extend(span(&x["span"]));
        out.push(ix::DATES, row);
    }
    let units: Vec<&Value> = items(&r["units"]).map(|(_, u)| u).collect();
    for (no, t) in items(&r["tasks"]) {
        let tf = &t["timeframe"];
        let mut row = vec![doc_id.clone(), text(&t["id"]), n(no), text(&t["section"]), text(&t["text"])];
        row.push(t["requested"].as_bool().map_or(Cell::Null, Cell::Bool));
        row.extend([text(&tf["text"]), text(&tf["kind"])]);
        row.extend(date(&tf["start"]));
        row.extend(date(&tf["end"]));
        row.extend([count(&t["lead"]), count(&t["support"])]);
        row.extend(span(&t["span"]));
        out.push(ix::TASKS, row);
        for role in ["lead", "support"] {
            for (pos, name) in items(&t[role]) {
                let unit = units.iter().position(|u| {
                    let lists_task = u[role].as_array().is_some_and(|a| a.contains(&t["id"]));
                    let named = u["name"] == *name || u["aliases"].as_array().is_some_and(|a| a.contains(name));
                    lists_task && named
                });
                let (unit_no, unit_name) = match unit {
                    Some(k) => (n(k), text(&units[k]["name"])),
                    None => (Cell::Null, Cell::Null),
                };
                out.push(ix::TASK_UNITS, vec![doc_id.clone(), text(&t["id"]), Cell::Text(role.into()), n(pos), text(name), unit_no, unit_name]);
            }
        }
    }
    for (no, u) in units.iter().enumerate() {
        let requested = u["requested"].as_bool().map_or(Cell::Null, Cell::Bool);
        out.push(ix::UNITS, vec![doc_id.clone(), n(no), text(&u["name"]), joined(&u["aliases"]), requested, count(&u["lead"]), count(&u["support"])]);
    }
    for (no, w) in items(&r["warnings"]) {
        let mut row = vec![doc_id.clone(), n(no), text(&w["code"]), text(&w["message"])];
        row.extend(span(&w["span"]));
        out.push(ix::WARNINGS, row);
    }
    for (no, x) in items(&r["recipients"]) {
        let mut row = vec![doc_id.clone(), n(no), text(&x["text"])];
        row.extend(span(&x["span"]));
        out.push(ix::RECIPIENTS, row);
    }
    for (no, a) in items(&r["attachments"]) {
        let mut row = vec![doc_id.clone(), n(no), text(&a["type"]["name"]), text(&a["type"]["code"]), text(&a["title"]), text(&a["ref"])];
        row.extend(span(&a["span"]));
        out.push(ix::ATTACHMENTS, row);
    }
    out
}

fn items(v: &Value) -> impl Iterator<Item = (usize, &Value)> {
    v.as_array().into_iter().flatten().enumerate()
}

/// The section tree in pre-order, each with the index of its parent.
fn flatten_sections<'v>(list: &'v Value, parent: Option<usize>, out: &mut Vec<(&'v Value, Option<usize>)>) {
    for s in list.as_array().into_iter().flatten() {
        out.push((s, parent));
        let me = out.len() - 1;
        flatten_sections(&s["children"], Some(me), out);
    }
}

/// CSV (RFC 4180): a header line, fields quoted when they hold `,`, `"`, CR or LF, `"`
/// doubled inside quotes, CRLF-free (`\n` line ends), UTF-8 without BOM. Null is an empty
/// field (so an empty string and null look alike in CSV; Parquet keeps them apart).
struct Csv {
    out: BufWriter<File>,
    line: String,
}

impl Csv {
    fn create(path: &Path, table: &Table) -> io::Result<Csv> {
        let mut csv = Csv { out: BufWriter::new(File::create(path)?), line: String::new() };
        let header: Vec<Cell> = table.columns.iter().map(|c| Cell::Text(c.name.to_string())).collect();
        csv.write(&header)?;
        Ok(csv)
    }

    fn write(&mut self, row: &[Cell]) -> io::Result<()> {
        self.line.clear();
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            match cell {
                Cell::Null => {}
                Cell::Text(s) if s.contains([',', '"', '\n', '\r']) => {
                    self.line.push('"');
                    self.line.push_str(&s.replace('"', "\"\""));
                    self.line.push('"');
                }
                Cell::Text(s) => self.line.push_str(s),
                Cell::Int(x) => {
                    let _ = write!(self.line, "{x}");
                }
                Cell::Float(x) => {
                    let _ = write!(self.line, "{x}");
                }
                Cell::Bool(b) => self.line.push_str(if *b { "true" } else { "false" }),
                Cell::Date(days) => {
                    let (y, m, d) = civil_from_days(*days);
                    let _ = write!(self.line, "{y:04}-{m:02}-{d:02}");
                }
            }
        }
        self.line.push('\n');
        self.out.write_all(self.line.as_bytes())
    }
}

/// Whether this build writes Parquet.
pub const PARQUET: bool = cfg!(feature = "parquet");

struct Sink {
    table: &'static Table,
    csv: Csv,
    #[cfg(feature = "parquet")]
    parquet: parquet::Writer,
    rows: u64,
}

/// Writes the tables of a stream of records into a directory.
pub struct Writer {
    dir: PathBuf,
    sinks: Vec<Sink>,
    seen: HashSet<String>,
}

/// Rows written per table, in [`TABLES`] order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// `(table name, rows)`.
    pub rows: Vec<(&'static str, u64)>,
    /// The files written.
    pub files: Vec<PathBuf>,
}

fn with_path(path: &Path, e: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("{}: {e}", path.display()))
}

impl Writer {
    /// Creates `dir` (and its parents) and one file per table and format in it; existing
    /// files of the same names are replaced.
    ///
    /// # Errors
    /// The directory or a file cannot be created.
    pub fn create(dir: &Path) -> io::Result<Writer> {
        std::fs::create_dir_all(dir).map_err(|e| with_path(dir, e))?;
        let mut sinks = Vec::new();
        for table in &TABLES {
            let csv_path = dir.join(format!("{}.csv", table.name));
            let csv = Csv::create(&csv_path, table).map_err(|e| with_path(&csv_path, e))?;
            #[cfg(feature = "parquet")]
            let parquet = {
                let p = dir.join(format!("{}.parquet", table.name));
                parquet::Writer::create(&p, table).map_err(|e| with_path(&p, e))?
            };
            sinks.push(Sink {
                table,
                csv,
                #[cfg(feature = "parquet")]
                parquet,
                rows: 0,
            });
        }
        Ok(Writer { dir: dir.to_path_buf(), sinks, seen: HashSet::new() })
    }

    /// Adds one record's rows. The record should pass [`check_record`]; other JSON only
    /// gives rows of nulls.
    ///
    /// # Errors
    /// A file cannot be written.
    pub fn add(&mut self, record: &Value) -> io::Result<()> {
        let rows = rows(record, &mut self.seen);
        for (sink, rows) in self.sinks.iter_mut().zip(rows.tables) {
            for row in rows {
                if row.len() != sink.table.columns.len() {
                    return Err(io::Error::other(format!("table {}: a row of {} cells for {} columns", sink.table.name, row.len(), sink.table.columns.len())));
                }
                if let Some((c, cell)) = sink.table.columns.iter().zip(&row).find(|(c, cell)| !cell.fits(c.kind)) {
                    return Err(io::Error::other(format!("table {}: column {} cannot hold {cell:?}", sink.table.name, c.name)));
                }
                let path = self.dir.join(format!("{}.csv", sink.table.name));
                sink.csv.write(&row).map_err(|e| with_path(&path, e))?;
                #[cfg(feature = "parquet")]
                sink.parquet.push(row).map_err(|e| with_path(&self.dir.join(format!("{}.parquet", sink.table.name)), e))?;
                sink.rows += 1;
            }
        }
        Ok(())
    }

    /// Flushes and closes every file.
    ///
    /// # Errors
    /// A file cannot be written.
    pub fn finish(self) -> io::Result<Summary> {
        let mut summary = Summary { rows: Vec::new(), files: Vec::new() };
        for sink in self.sinks {
            let csv_path = self.dir.join(format!("{}.csv", sink.table.name));
            let mut out = sink.csv.out;
            out.flush().map_err(|e| with_path(&csv_path, e))?;
            summary.files.push(csv_path);
            #[cfg(feature = "parquet")]
            {
                let p = self.dir.join(format!("{}.parquet", sink.table.name));
                sink.parquet.finish().map_err(|e| with_path(&p, e))?;
                summary.files.push(p);
            }
            summary.rows.push((sink.table.name, sink.rows));
        }
        Ok(summary)
    }
}

/// The documentation of every table and column as Markdown (the "Tables" part of
/// `docs/WAREHOUSE.md`, which a test keeps equal to this).
pub fn columns_markdown() -> String {
    let mut s = String::new();
    for t in &TABLES {
        let _ = writeln!(s, "### `{}`\n\nRows: {}. Key: {}.\n", t.name, t.doc, t.key.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "));
        s.push_str("| column | type | meaning |\n| --- | --- | --- |\n");
        for c in t.columns {
            let _ = writeln!(s, "| `{}` | {} | {} |", c.name, c.kind.sql(), c.doc);
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dates_round_trip_and_invalid_dates_are_refused() {
        assert_eq!(days_from_civil(1970, 1, 1), Some(0));
        assert_eq!(days_from_civil(2019, 1, 28), Some(17_924));
        assert_eq!(days_from_civil(2000, 2, 29), Some(11_016));
        assert_eq!(days_from_civil(1900, 2, 29), None);
        assert_eq!(days_from_civil(2023, 4, 31), None);
        assert_eq!(days_from_civil(2023, 13, 1), None);
        for z in [-800_000, -1, 0, 1, 17_924, 60_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), Some(z));
        }
        assert_eq!(parse_iso("2019-01-28"), Some(("day", Some(17_924))));
        assert_eq!(parse_iso("2023-03"), Some(("month", None)));
        assert_eq!(parse_iso("2023"), Some(("year", None)));
        for bad in ["", "23", "2023-3", "2023-00", "2023-02-30", "2023-01-01-01", "２０２３"] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let dir = std::env::temp_dir().join(format!("vnplan-csv-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("t.csv");
        let table = &TABLES[ix::RECIPIENTS];
        let mut csv = Csv::create(&path, table).expect("create");
        csv.write(&[Cell::Text("a,b".into()), Cell::Int(1), Cell::Text("say \"hi\"\nthere".into()), Cell::Null, Cell::Date(17_924)]).expect("write");
        csv.out.flush().expect("flush");
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text, "doc_id,recipient_no,text,span_start,span_end\n\"a,b\",1,\"say \"\"hi\"\"\nthere\",,2019-01-28\n");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn every_row_matches_its_table() {
        let src = crate::source::Source::from_text(
            "plan.txt",
            "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSố: 215/KH-UBND\n\nKon Tum, ngày 28 tháng 01 năm 2019\n\nKẾ HOẠCH\nHoạt động năm 2019\n\nCăn cứ Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ;\n\nI. NỘI DUNG\n1. Tuyên truyền\n- Cơ quan chủ trì: Sở TT&TT\n- Cơ quan phối hợp: Sở Nội vụ, Sở Tài chính\n- Thời gian thực hiện: Quý II/2019\n\nNơi nhận:\n- Bộ Nội vụ;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn A\n",
        );
        let record = crate::pipeline::process(src).record();
        let mut seen = HashSet::new();
        let rows = rows(&record, &mut seen);
        for (t, rows) in TABLES.iter().zip(&rows.tables) {
            for row in rows {
                assert_eq!(row.len(), t.columns.len(), "{}", t.name);
                for (c, cell) in t.columns.iter().zip(row) {
                    assert!(cell.fits(c.kind), "{}.{}: {cell:?}", t.name, c.name);
                }
            }
        }
        let count = |i: usize| rows.tables[i].len();
        assert_eq!((count(ix::DOCUMENTS), count(ix::INPUTS), count(ix::CITATIONS)), (1, 1, 1));
        assert!(count(ix::TASK_UNITS) >= 3, "{:?}", rows.tables[ix::TASK_UNITS]);
        let doc = &rows.tables[ix::DOCUMENTS][0];
        assert_eq!(doc[14], Cell::Date(17_924), "document date");
        assert_eq!(doc[16], Cell::Text("day".into()));
        // The same content again only adds an input.
        let again = super::rows(&record, &mut seen);
        assert_eq!(again.tables.iter().map(Vec::len).collect::<Vec<_>>(), [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let error = json!({"schema": "vnplan/1", "source": {"path": "x", "bytes": 3}, "error": {"code": "not_text", "message": "m"}});
        let e = super::rows(&error, &mut seen);
        assert_eq!(e.tables[ix::DOCUMENTS][0][5], Cell::Text("not_text".into()));
        assert_eq!(e.tables[ix::DOCUMENTS][0].len(), TABLES[ix::DOCUMENTS].columns.len());
    }
}
