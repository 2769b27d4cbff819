//! The published JSON Schema (`schema/vnplan-1.schema.json`) accepts every record vnplan
//! writes: every file of `corpus/` and `../shared/corpus-extra`, and the error records of an
//! empty, a binary, an oversized and a missing input. It also rejects records that break it,
//! so a field added to `emit.rs` without the schema (and docs/FORMAT.md) fails here.
//!
//! Validation uses the small validator below rather than the `jsonschema` crate: that crate
//! (0.60, without default features) took over six minutes of CPU to build on the project's
//! two-core machines, several times the rest of the test build. The validator implements
//! exactly the keywords the schema uses and refuses any other, so the schema cannot grow a
//! keyword that is silently ignored. When Python's `jsonschema` package is importable the
//! same records are also checked with it, as a cross-check of this validator.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{json, Map, Value};

mod validator {
    //! A JSON Schema (draft 2020-12) validator for the subset of keywords vnplan's schema
    //! uses. Any other keyword is an error when the schema is loaded.

    use std::collections::HashMap;

    use regex::Regex;
    use serde_json::{Map, Value};

    /// Keywords that only annotate.
    const ANNOTATIONS: [&str; 5] = ["$schema", "$id", "title", "description", "$defs"];
    /// Keywords that assert, all implemented in [`Validator::check`].
    const ASSERTIONS: [&str; 16] = [
        "$ref",
        "type",
        "const",
        "enum",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "minItems",
        "maxItems",
        "minLength",
        "pattern",
        "minimum",
        "maximum",
        "oneOf",
        "anyOf",
    ];

    pub struct Validator {
        root: Value,
        patterns: HashMap<String, Regex>,
    }

    impl Validator {
        /// Loads a schema, refusing keywords outside the subset and broken `$ref`s.
        pub fn new(root: Value) -> Result<Validator, String> {
            let mut v = Validator { root, patterns: HashMap::new() };
            let root = v.root.clone();
            v.prepare(&root, "#")?;
            Ok(v)
        }

        fn prepare(&mut self, s: &Value, at: &str) -> Result<(), String> {
            let Some(obj) = s.as_object() else {
                return match s {
                    Value::Bool(_) => Ok(()),
                    _ => Err(format!("{at}: a schema must be an object or a boolean")),
                };
            };
            for (k, val) in obj {
                if !ANNOTATIONS.contains(&k.as_str()) && !ASSERTIONS.contains(&k.as_str()) {
                    return Err(format!("{at}: keyword {k:?} is not implemented by this validator"));
                }
                let here = format!("{at}/{k}");
                match k.as_str() {
                    "$defs" | "properties" => {
                        let m = val.as_object().ok_or(format!("{here}: must be an object"))?;
                        for (name, sub) in m {
                            self.prepare(sub, &format!("{here}/{name}"))?;
                        }
                    }
                    "items" | "additionalProperties" => self.prepare(val, &here)?,
                    "oneOf" | "anyOf" => {
                        let a = val.as_array().filter(|a| !a.is_empty()).ok_or(format!("{here}: must be a non-empty array"))?;
                        for (i, sub) in a.iter().enumerate() {
                            self.prepare(sub, &format!("{here}/{i}"))?;
                        }
                    }
                    "$ref" => {
                        let r = val.as_str().ok_or(format!("{here}: must be a string"))?;
                        self.resolve(r).ok_or(format!("{here}: cannot resolve {r:?}"))?;
                    }
                    "pattern" => {
                        let p = val.as_str().ok_or(format!("{here}: must be a string"))?;
                        let re = Regex::new(p).map_err(|e| format!("{here}: {e}"))?;
                        self.patterns.insert(p.to_string(), re);
                    }
                    "type" => {
                        let names: Vec<&Value> = match val {
                            Value::Array(a) => a.iter().collect(),
                            other => vec![other],
                        };
                        for n in names {
                            let ok = n.as_str().is_some_and(|n| ["null", "boolean", "object", "array", "number", "integer", "string"].contains(&n));
                            if !ok {
                                return Err(format!("{here}: unknown type {n}"));
                            }
                        }
                    }
                    "required" | "enum" => {
                        val.as_array().ok_or(format!("{here}: must be an array"))?;
                    }
                    "minItems" | "maxItems" | "minLength" => {
                        val.as_u64().ok_or(format!("{here}: must be a non-negative integer"))?;
                    }
                    "minimum" | "maximum" => {
                        val.as_f64().ok_or(format!("{here}: must be a number"))?;
                    }
                    _ => {}
                }
            }
            Ok(())
        }

        /// Resolves a local reference `#/$defs/NAME` (or any `#/a/b` JSON pointer).
        fn resolve(&self, r: &str) -> Option<&Value> {
            self.root.pointer(r.strip_prefix('#')?)
        }

        /// All errors of an instance, as `path: message`.
        pub fn errors(&self, instance: &Value) -> Vec<String> {
            let mut out = Vec::new();
            self.check(&self.root, instance, "$", &mut out);
            out
        }

        fn check(&self, s: &Value, v: &Value, at: &str, out: &mut Vec<String>) {
            let obj: &Map<String, Value> = match s {
                Value::Bool(true) => return,
                Value::Bool(false) => {
                    out.push(format!("{at}: no value is allowed here"));
                    return;
                }
                Value::Object(o) => o,
                _ => {
                    out.push(format!("{at}: broken schema"));
                    return;
                }
            };
            if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
                match self.resolve(r) {
                    Some(target) => self.check(target, v, at, out),
                    None => out.push(format!("{at}: unresolvable $ref {r}")),
                }
            }
            if let Some(t) = obj.get("type") {
                let names: Vec<&str> = match t {
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    other => other.as_str().into_iter().collect(),
                };
                if !names.iter().any(|n| has_type(v, n)) {
                    out.push(format!("{at}: expected {}, found {}", names.join(" or "), short(v)));
                }
            }
            if let Some(c) = obj.get("const") {
                if !json_equal(c, v) {
                    out.push(format!("{at}: expected {c}, found {}", short(v)));
                }
            }
            if let Some(e) = obj.get("enum").and_then(Value::as_array) {
                if !e.iter().any(|c| json_equal(c, v)) {
                    out.push(format!("{at}: {} is not one of {}", short(v), Value::Array(e.clone())));
                }
            }
            if let Value::Object(m) = v {
                let props = obj.get("properties").and_then(Value::as_object);
                for name in obj.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                    if !m.contains_key(name) {
                        out.push(format!("{at}: missing required property {name:?}"));
                    }
                }
                for (k, val) in m {
                    match props.and_then(|p| p.get(k)) {
                        Some(sub) => self.check(sub, val, &format!("{at}.{k}"), out),
                        None => {
                            if let Some(extra) = obj.get("additionalProperties") {
                                if extra == &Value::Bool(false) {
                                    out.push(format!("{at}: property {k:?} is not allowed"));
                                } else {
                                    self.check(extra, val, &format!("{at}.{k}"), out);
                                }
                            }
                        }
                    }
                }
            }
            if let Value::Array(a) = v {
                if let Some(items) = obj.get("items") {
                    for (i, x) in a.iter().enumerate() {
                        self.check(items, x, &format!("{at}[{i}]"), out);
                    }
                }
                if let Some(n) = obj.get("minItems").and_then(Value::as_u64) {
                    if (a.len() as u64) < n {
                        out.push(format!("{at}: {} items, fewer than {n}", a.len()));
                    }
                }
                if let Some(n) = obj.get("maxItems").and_then(Value::as_u64) {
                    if (a.len() as u64) > n {
                        out.push(format!("{at}: {} items, more than {n}", a.len()));
                    }
                }
            }
            if let Value::String(text) = v {
                if let Some(n) = obj.get("minLength").and_then(Value::as_u64) {
                    if (text.chars().count() as u64) < n {
                        out.push(format!("{at}: {text:?} is shorter than {n}"));
                    }
                }
                if let Some(p) = obj.get("pattern").and_then(Value::as_str) {
                    match self.patterns.get(p) {
                        Some(re) if re.is_match(text) => {}
                        Some(_) => out.push(format!("{at}: {text:?} does not match {p:?}")),
                        None => out.push(format!("{at}: pattern {p:?} was not compiled")),
                    }
                }
            }
            if let Some(x) = v.as_f64().filter(|_| v.is_number()) {
                if let Some(min) = obj.get("minimum").and_then(Value::as_f64) {
                    if x < min {
                        out.push(format!("{at}: {x} is less than {min}"));
                    }
                }
                if let Some(max) = obj.get("maximum").and_then(Value::as_f64) {
                    if x > max {
                        out.push(format!("{at}: {x} is more than {max}"));
                    }
                }
            }
            if let Some(subs) = obj.get("anyOf").and_then(Value::as_array) {
                let results: Vec<Vec<String>> = subs.iter().map(|sub| self.sub_errors(sub, v, at)).collect();
                if results.iter().all(|r| !r.is_empty()) {
                    out.push(format!("{at}: matches none of anyOf: {}", best(&results)));
                }
            }
            if let Some(subs) = obj.get("oneOf").and_then(Value::as_array) {
                let results: Vec<Vec<String>> = subs.iter().map(|sub| self.sub_errors(sub, v, at)).collect();
                match results.iter().filter(|r| r.is_empty()).count() {
                    1 => {}
                    0 => out.push(format!("{at}: matches none of oneOf: {}", best(&results))),
                    n => out.push(format!("{at}: matches {n} branches of oneOf")),
                }
            }
        }

        fn sub_errors(&self, s: &Value, v: &Value, at: &str) -> Vec<String> {
            let mut errs = Vec::new();
            self.check(s, v, at, &mut errs);
            errs
        }
    }

    /// The errors of the branch that came closest, for the message.
    fn best(results: &[Vec<String>]) -> String {
        results.iter().min_by_key(|r| r.len()).map(|r| r.join("; ")).unwrap_or_default()
    }

    fn has_type(v: &Value, name: &str) -> bool {
        match name {
            "null" => v.is_null(),
            "boolean" => v.is_boolean(),
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "number" => v.is_number(),
            // 2020-12: a number with a zero fractional part is an integer (1.0 included).
            "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|x| x.is_finite() && x.fract() == 0.0),
            _ => false,
        }
    }

    /// JSON equality as JSON Schema defines it: numbers by value (1 equals 1.0).
    fn json_equal(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
            (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_equal(p, q)),
            (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, p)| y.get(k).is_some_and(|q| json_equal(p, q))),
            _ => a == b,
        }
    }

    fn short(v: &Value) -> String {
        let s = v.to_string();
        match s.char_indices().nth(80) {
            Some((i, _)) => format!("{}…", &s[..i]),
            None => s,
        }
    }
}

use validator::Validator;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema_value() -> Value {
    let path = root().join("schema/vnplan-1.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn validator() -> Validator {
    Validator::new(schema_value()).unwrap_or_else(|e| panic!("schema/vnplan-1.schema.json: {e}"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vnplan-schema-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// Runs `vnplan extract ARGS` and returns its stdout's records.
fn extract(args: &[&std::ffi::OsStr]) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_vnplan"))
        .arg("extract")
        .arg("--quiet")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run vnplan: {e}"));
    assert!(out.status.code().is_some_and(|c| c <= 1), "vnplan extract failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect()
}

/// The error inputs: an empty file (a record with the `empty` warning), a binary file, a file
/// over `--max-bytes 1K`, and a missing path.
fn error_records() -> Vec<Value> {
    let dir = scratch("errors");
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", p.display()));
    };
    write("empty.txt", b"");
    write("binary.txt", b"MZ\x00\x01\x02\x03binary\xff\xfe\x00\x00");
    write("large.txt", "Kế hoạch số 1/KH-UBND\n".repeat(100).as_bytes());
    let missing = dir.join("missing.txt");
    let records = extract(&["--max-bytes".as_ref(), "1K".as_ref(), dir.as_os_str(), missing.as_os_str()]);
    let _ = std::fs::remove_dir_all(&dir);
    records
}

fn code_of(r: &Value) -> Option<&str> {
    r["error"]["code"].as_str()
}

fn assert_valid(v: &Validator, records: &[Value]) {
    let mut failures = Vec::new();
    for r in records {
        let errs = v.errors(r);
        if !errs.is_empty() {
            failures.push(format!("{}:\n  {}", r["source"]["path"], errs.iter().take(5).cloned().collect::<Vec<_>>().join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{} of {} records break the schema:\n{}", failures.len(), records.len(), failures.iter().take(10).cloned().collect::<Vec<_>>().join("\n"));
}

/// Spans the schema cannot check: `start <= end`, and for UTF-8 sources `end <= bytes`
/// (the decoded text is then at most as long as the raw bytes).
fn assert_spans_in_range(records: &[Value]) {
    fn walk(v: &Value, limit: Option<u64>, path: &str, bad: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if k == "span" || k == "extent" || k == "place_span" {
                        if let Some([Some(s), Some(e)]) = x.as_array().map(|a| [a.first().and_then(Value::as_u64), a.get(1).and_then(Value::as_u64)]) {
                            if s > e || limit.is_some_and(|l| e > l) {
                                bad.push(format!("{path}.{k} = {x} (bytes {limit:?})"));
                            }
                        }
                    } else {
                        walk(x, limit, &format!("{path}.{k}"), bad);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, limit, &format!("{path}[]"), bad)),
            _ => {}
        }
    }
    let mut bad = Vec::new();
    for r in records {
        let limit = (r["source"]["encoding"] == "utf-8").then(|| r["source"]["bytes"].as_u64()).flatten();
        walk(r, limit, &r["source"]["path"].to_string(), &mut bad);
    }
    assert!(bad.is_empty(), "{} spans out of range, e.g. {:?}", bad.len(), &bad[..bad.len().min(5)]);
}

/// Cross-check with Python's `jsonschema` when it is importable (it is not installed by CI).
fn python_jsonschema_errors(records: &[Value]) -> Option<Vec<String>> {
    let available = Command::new("python3").args(["-c", "import jsonschema"]).output().is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("python3 jsonschema is not importable: cross-check skipped");
        return None;
    }
    let dir = scratch("python");
    let file = dir.join("records.jsonl");
    let body: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&file, body).unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
    let code = "import json, sys, jsonschema\n\
                s = json.load(open(sys.argv[1], encoding='utf-8'))\n\
                jsonschema.Draft202012Validator.check_schema(s)\n\
                v = jsonschema.Draft202012Validator(s)\n\
                out = []\n\
                for line in open(sys.argv[2], encoding='utf-8'):\n\
                \x20   r = json.loads(line)\n\
                \x20   out += [r['source']['path'] + ': ' + e.message[:200] for e in v.iter_errors(r)]\n\
                print(json.dumps(out))";
    let out = Command::new("python3")
        .args(["-c", code])
        .arg(root().join("schema/vnplan-1.schema.json"))
        .arg(&file)
        .env("PYTHONIOENCODING", "utf-8")
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3: {e}"));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "python jsonschema failed: {}", String::from_utf8_lossy(&out.stderr));
    Some(serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("python printed no JSON list: {e}")))
}

#[test]
fn every_corpus_and_corpus_extra_record_and_every_error_record_is_valid() {
    let v = validator();
    let corpus = root().join("corpus");
    let extra = root().join("../shared/corpus-extra");
    assert!(extra.is_dir(), "../shared/corpus-extra is missing: the tests need ../shared beside the repository");
    let mut records = extract(&[corpus.as_os_str(), extra.as_os_str()]);
    assert!(records.len() >= 550, "only {} records from corpus and corpus-extra", records.len());
    let errors = error_records();
    let codes: Vec<Option<&str>> = errors.iter().map(code_of).collect();
    assert_eq!(codes, [Some("not_text"), None, Some("too_large"), Some("unreadable")], "error inputs in path order");
    assert!(errors[1]["warnings"].as_array().is_some_and(|w| w.iter().any(|w| w["code"] == "empty")), "the empty file is a record with the `empty` warning");
    records.extend(errors);
    assert_valid(&v, &records);
    assert_spans_in_range(&records);
    if let Some(errs) = python_jsonschema_errors(&records) {
        assert!(errs.is_empty(), "python jsonschema rejects {} records: {:?}", errs.len(), &errs[..errs.len().min(5)]);
    }
}

/// A small valid record to break in the tests below.
fn sample_record() -> Value {
    let src = vnplan::source::Source::from_text("plan.txt", "Số: 215/KH-UBND\n\nKon Tum, ngày 28 tháng 01 năm 2019\n\nKẾ HOẠCH\nHoạt động năm 2019\n\nI. MỤC ĐÍCH\n1. Sở Nội vụ chủ trì, thực hiện trước ngày 15/6/2019 theo Nghị định số 72/2015/NĐ-CP ngày 07/9/2015.\n");
    vnplan::pipeline::process(src).record()
}

fn with(mut r: Value, pointer: &str, new: Option<Value>) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    let target = r.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent} in the sample record"));
    match (target, new) {
        (Value::Object(m), Some(x)) => {
            m.insert(key.to_string(), x);
        }
        (Value::Object(m), None) => {
            m.remove(key);
        }
        (Value::Array(a), Some(x)) => {
            let i: usize = key.parse().unwrap_or_else(|_| panic!("bad index {key}"));
            a[i] = x;
        }
        _ => panic!("cannot edit {pointer}"),
    }
    r
}

#[test]
fn broken_records_are_rejected() {
    let v = validator();
    let good = sample_record();
    assert_eq!(v.errors(&good), Vec::<String>::new(), "the sample record is valid");
    assert!(good["citations"].as_array().is_some_and(|c| !c.is_empty()), "the sample has a citation to break");
    assert!(good["sections"].as_array().is_some_and(|s| !s.is_empty()), "the sample has a section to break");
    let cases: Vec<(&str, Option<Value>)> = vec![
        ("/schema", Some(json!("vnplan/2"))),
        ("/document", None),
        ("/document/extra", Some(json!(1))),
        ("/document/date/value", Some(json!("28/01/2019"))),
        ("/document/date/value", Some(json!("2019-13-01"))),
        ("/document/year", Some(json!("2019"))),
        ("/document/title/text", Some(json!(""))),
        ("/document/title/text", Some(json!(" padded"))),
        ("/document/title/span", Some(json!([1]))),
        ("/document/title/span", Some(json!([1, -2]))),
        ("/source/sha256", Some(json!("XYZ"))),
        ("/source/encoding", Some(json!("latin-1"))),
        ("/sections/0/role", Some(json!("preface"))),
        ("/sections/0/children", Some(json!([{"id": "I.1"}]))),
        ("/citations/0/system", Some(json!("other"))),
        ("/citations/0/key", Some(Value::Null)),
        ("/tasks", Some(json!([{"id": "X1"}]))),
        ("/warnings", Some(json!([{"code": "Bad Code", "message": "m", "span": null}]))),
        ("/error", Some(json!({"code": "not_text", "message": "m"}))),
    ];
    for (pointer, new) in cases {
        let broken = with(good.clone(), pointer, new.clone());
        assert!(!v.errors(&broken).is_empty(), "a record with {pointer} = {new:?} was accepted");
    }
    let error = json!({"schema": "vnplan/1", "source": {"path": "x.doc", "bytes": 512}, "error": {"code": "not_text", "message": "x.doc: not text"}});
    assert_eq!(v.errors(&error), Vec::<String>::new());
    assert_eq!(v.errors(&with(error.clone(), "/source/bytes", Some(Value::Null))), Vec::<String>::new());
    for (pointer, new) in [("/error/code", Some(json!("crashed"))), ("/source/sha256", Some(json!("0"))), ("/error", None), ("/source/bytes", Some(json!(-1)))] {
        assert!(!v.errors(&with(error.clone(), pointer, new.clone())).is_empty(), "an error record with {pointer} = {new:?} was accepted");
    }
}

#[test]
fn the_validator_refuses_keywords_it_does_not_implement() {
    for schema in [json!({"type": "object", "patternProperties": {}}), json!({"$ref": "#/$defs/nowhere"}), json!({"type": "text"}), json!({"pattern": "("})] {
        assert!(Validator::new(schema.clone()).is_err(), "{schema} was accepted");
    }
    let mut m = Map::new();
    m.insert("minimum".into(), json!(3));
    let v = Validator::new(Value::Object(m)).unwrap_or_else(|e| panic!("{e}"));
    assert!(v.errors(&json!(3)).is_empty() && !v.errors(&json!(2.5)).is_empty() && v.errors(&json!("x")).is_empty());
}

#[test]
fn every_definition_is_used_and_documented() {
    let schema = schema_value();
    let text = schema.to_string();
    let defs = schema["$defs"].as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    assert!(defs.len() > 10, "the schema has its definitions under $defs");
    for d in defs {
        assert!(text.contains(&format!("\"#/$defs/{d}\"")), "$defs/{d} is never referenced");
    }
    let format = std::fs::read_to_string(root().join("docs/FORMAT.md")).unwrap_or_default();
    assert!(format.contains("schema/vnplan-1.schema.json"), "docs/FORMAT.md points to the schema");
}

#[test]
fn stdin_jsonl_records_with_ids_and_bad_line_records_are_valid() {
    use std::io::Write;
    let kontum = std::fs::read_to_string(root().join("corpus/kontum-2019.txt")).unwrap_or_else(|e| panic!("{e}"));
    let requests = [
        json!({"id": "k", "path": "corpus/kontum-2019.txt", "text": kontum}).to_string(),
        json!({"id": 2, "text": "Kế hoạch"}).to_string(),
        "not JSON".to_string(),
        json!({"id": ["a", 1], "path": "p.txt"}).to_string(),
    ];
    let mut child = Command::new(env!("CARGO_BIN_EXE_vnplan"))
        .args(["extract", "--quiet", "--stdin-jsonl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run vnplan: {e}"));
    let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
    stdin.write_all((requests.join("\n") + "\n").as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    drop(stdin);
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let records: Vec<Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    let codes: Vec<Option<&str>> = records.iter().map(code_of).collect();
    assert_eq!(codes, [None, None, Some("bad_line"), Some("bad_line")]);
    assert_eq!(records.iter().map(|r| r.get("id").cloned()).collect::<Vec<_>>(), [Some(json!("k")), Some(json!(2)), None, Some(json!(["a", 1]))]);
    assert_valid(&validator(), &records);
    let mut wrong = records[2].clone();
    wrong["error"]["code"] = json!("bad_lines");
    assert!(!validator().errors(&wrong).is_empty(), "error codes are a closed set");
}

/// `--redact` records (the fixture with every kind of personal data, kongchro-2023 with its
/// staff list) stay records: the placeholder, the dropped items and the warning keep them
/// valid.
#[test]
fn redacted_records_are_valid() {
    let fixture = root().join("fixtures/redact/annex-staff-list-with-phones.txt");
    let kongchro = root().join("../shared/corpus/kongchro-2023.txt");
    let records = extract(&["--redact".as_ref(), fixture.as_os_str(), kongchro.as_os_str()]);
    assert_eq!(records.len(), 2);
    for r in &records {
        let warned = r["warnings"].as_array().is_some_and(|w| w.iter().any(|w| w["code"] == "personal_data_redacted"));
        assert!(warned, "{} should have been redacted", r["source"]["path"]);
    }
    assert!(records[1]["sections"].to_string().contains("[đã ẩn]"), "the fixture's headings hold the placeholder");
    assert_valid(&validator(), &records);
    assert_spans_in_range(&records);
}
