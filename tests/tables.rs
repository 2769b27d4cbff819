//! `vnplan extract --tables DIR` and `vnplan tables RECORDS --out DIR`: the flat tables hold
//! exactly the records' entities, DuckDB reads them (Parquet and CSV) with the documented
//! types, and a join (citations per issuer) gives what the records give.
//!
//! DuckDB is Python's `duckdb` package (`.ci/run` installs it). Without it the DuckDB checks
//! fail under CI (the `CI` environment variable is set) and are skipped elsewhere, with a
//! message.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use vnplan::tables::TABLES;

/// The formats this build writes (Parquet needs the default `parquet` feature).
const FORMATS: &[&str] = if cfg!(feature = "parquet") { &["csv", "parquet"] } else { &["csv"] };

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vnplan-tables-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

fn vnplan(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vnplan")).args(args).output().unwrap_or_else(|e| panic!("cannot run vnplan: {e}"))
}

fn records_of(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect()
}

/// The inputs: the corpus, a binary file (an error record) and a second copy of one corpus
/// file under another name (same content: one document, two inputs).
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let extra = dir.join("extra");
    std::fs::create_dir_all(&extra).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(extra.join("binary.txt"), b"\x00\x01\x02 not text \xff").unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(root().join("corpus/kontum-2019.txt"), extra.join("kontum-copy.txt")).unwrap_or_else(|e| panic!("{e}"));
    vec![root().join("corpus"), extra]
}

/// Rows each table must have, computed from the records the way docs/WAREHOUSE.md says.
fn expected_counts(records: &[Value]) -> BTreeMap<&'static str, u64> {
    fn sections(list: &Value) -> u64 {
        list.as_array().into_iter().flatten().map(|s| 1 + sections(&s["children"])).sum()
    }
    let len = |v: &Value| v.as_array().map_or(0, |a| a.len() as u64);
    let mut c: BTreeMap<&'static str, u64> = TABLES.iter().map(|t| (t.name, 0)).collect();
    let mut seen = HashSet::new();
    for r in records {
        *c.entry("inputs").or_default() += 1;
        if r.get("error").is_some() {
            *c.entry("documents").or_default() += 1;
            continue;
        }
        if !seen.insert(r["source"]["sha256"].as_str().unwrap_or_default().to_string()) {
            continue;
        }
        *c.entry("documents").or_default() += 1;
        *c.entry("sections").or_default() += sections(&r["sections"]);
        for k in ["citations", "dates", "tasks", "units", "warnings", "recipients", "attachments"] {
            *c.entry(k).or_default() += len(&r[k]);
        }
        *c.entry("task_units").or_default() += r["tasks"].as_array().into_iter().flatten().map(|t| len(&t["lead"]) + len(&t["support"])).sum::<u64>();
    }
    c
}

/// Citation mentions per issuer of the citing document (distinct documents only).
fn expected_citations_per_issuer(records: &[Value]) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    let mut seen = HashSet::new();
    for r in records.iter().filter(|r| r.get("error").is_none()) {
        if !seen.insert(r["source"]["sha256"].to_string()) {
            continue;
        }
        let issuer = r["document"]["issuer"]["name"].as_str().unwrap_or("(none)").to_string();
        let n = r["citations"].as_array().map_or(0, |a| a.len() as u64);
        if n > 0 {
            *out.entry(issuer).or_default() += n;
        }
    }
    out
}

fn duckdb_available() -> bool {
    let ok = Command::new("python3").args(["-c", "import duckdb"]).output().is_ok_and(|o| o.status.success());
    if !ok {
        let msg = "python3 cannot import duckdb (install it: python3 -m pip install duckdb; .ci/run does)";
        assert!(std::env::var_os("CI").is_none(), "{msg}");
        eprintln!("{msg}: DuckDB checks skipped");
    }
    ok
}

/// Runs a DuckDB script in Python with the tables directory as `sys.argv[1]` (and `extra`
/// after it); the script prints JSON.
fn duckdb(dir: &Path, script: &str, extra: &[&str]) -> Value {
    let code = format!("import duckdb, json, sys, os\ndb = duckdb.connect()\nd = sys.argv[1]\n{script}");
    let out = Command::new("python3").args(["-c", &code]).arg(dir).args(extra).env("PYTHONIOENCODING", "utf-8").output().unwrap_or_else(|e| panic!("cannot run python3: {e}"));
    assert!(out.status.success(), "duckdb script failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("duckdb script printed no JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn extract_tables_hold_every_entity_and_duckdb_reads_them() {
    let dir = scratch("extract");
    let out = dir.join("out");
    let records_path = dir.join("records.jsonl");
    let mut args: Vec<std::ffi::OsString> = vec!["extract".into(), "--tables".into(), out.clone().into(), "-o".into(), records_path.clone().into()];
    args.extend(inputs(&dir).into_iter().map(Into::into));
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let run = vnplan(&args);
    assert_eq!(run.status.code(), Some(1), "one input is binary: exit 1; stderr: {}", String::from_utf8_lossy(&run.stderr));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("vnplan: tables in "), "a summary line on stderr: {stderr}");
    let records = records_of(&records_path);
    assert!(records.len() >= 7, "the corpus, a binary file and a copy: {} records", records.len());
    let expected = expected_counts(&records);
    assert_eq!(expected["documents"], records.len() as u64 - 1, "the copy is the same document");
    assert!(expected["citations"] > 50 && expected["task_units"] > 50 && expected["sections"] > 100, "{expected:?}");

    for t in &TABLES {
        for ext in FORMATS {
            let p = out.join(format!("{}.{ext}", t.name));
            assert!(p.is_file(), "{} was not written", p.display());
        }
        // CSV: a header and one line per row (quoted fields may hold line breaks, so count
        // records by parsing quotes).
        let csv = std::fs::read_to_string(out.join(format!("{}.csv", t.name))).unwrap_or_else(|e| panic!("{e}"));
        let header = csv.lines().next().unwrap_or_default();
        assert_eq!(header, t.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(","), "{} header", t.name);
        let mut rows = 0u64;
        let mut quoted = false;
        for ch in csv.chars() {
            match ch {
                '"' => quoted = !quoted,
                '\n' if !quoted => rows += 1,
                _ => {}
            }
        }
        assert_eq!(rows - 1, expected[t.name], "{}.csv rows", t.name);
    }

    if !cfg!(feature = "parquet") || !duckdb_available() {
        return;
    }
    let got = duckdb(
        &out,
        "tables = json.loads(sys.argv[2])\n\
         counts = {t: [db.execute(f\"SELECT count(*) FROM read_parquet('{d}/{t}.parquet')\").fetchone()[0],\n\
                       db.execute(f\"SELECT count(*) FROM read_csv('{d}/{t}.csv', header=true)\").fetchone()[0]] for t in tables}\n\
         types = {t: dict(db.execute(f\"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{d}/{t}.parquet'))\").fetchall()) for t in tables}\n\
         join = db.execute(f\"\"\"SELECT coalesce(d.issuer_name, '(none)'), count(*) FROM read_parquet('{d}/citations.parquet') c\n\
                    JOIN read_parquet('{d}/documents.parquet') d USING (doc_id) GROUP BY 1 ORDER BY 1\"\"\").fetchall()\n\
         kontum = db.execute(f\"SELECT CAST(d.date AS VARCHAR), d.date_precision, d.number_symbol FROM read_parquet('{d}/documents.parquet') d JOIN read_parquet('{d}/inputs.parquet') i USING (doc_id) WHERE i.path LIKE '%corpus/kontum-2019.txt'\").fetchall()\n\
         errors = db.execute(f\"SELECT error_code, doc_id IS NULL FROM read_parquet('{d}/documents.parquet') WHERE error_code IS NOT NULL\").fetchall()\n\
         copies = db.execute(f\"SELECT count(*) FROM read_parquet('{d}/inputs.parquet') GROUP BY doc_id ORDER BY 1 DESC LIMIT 1\").fetchone()[0]\n\
         resolved = db.execute(f\"SELECT count(*) FROM read_parquet('{d}/task_units.parquet') WHERE unit_name IS NULL\").fetchone()[0]\n\
         print(json.dumps({'counts': counts, 'types': types, 'join': join, 'kontum': kontum, 'errors': errors, 'copies': copies, 'unresolved': resolved}))",
        &[&serde_json::to_string(&TABLES.iter().map(|t| t.name).collect::<Vec<_>>()).unwrap_or_default()],
    );
    for t in &TABLES {
        assert_eq!(got["counts"][t.name], serde_json::json!([expected[t.name], expected[t.name]]), "{}: [parquet, csv] rows in DuckDB", t.name);
        for c in t.columns {
            assert_eq!(got["types"][t.name][c.name], c.kind.sql(), "{}.{} type in DuckDB", t.name, c.name);
        }
    }
    let join: BTreeMap<String, u64> = got["join"].as_array().into_iter().flatten().filter_map(|p| Some((p[0].as_str()?.to_string(), p[1].as_u64()?))).collect();
    assert_eq!(join, expected_citations_per_issuer(&records), "citations per issuer");
    assert!(join.len() >= 3, "several issuers: {join:?}");
    assert_eq!(got["kontum"], serde_json::json!([["2019-01-28", "day", "KH-UBND"]]), "kontum-2019's date is a DATE");
    assert_eq!(got["errors"], serde_json::json!([["not_text", true]]));
    assert_eq!(got["copies"], 2, "the two inputs of the copied file share a doc_id");
    assert_eq!(got["unresolved"], 0, "every task unit is found among the units");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tables_subcommand_writes_the_same_files_from_json_lines() {
    let dir = scratch("sub");
    let records_path = dir.join("records.jsonl");
    let (a, b) = (dir.join("a"), dir.join("b"));
    let mut args: Vec<std::ffi::OsString> = vec!["extract".into(), "-q".into(), "--tables".into(), a.clone().into(), "-o".into(), records_path.clone().into()];
    args.extend(inputs(&dir).into_iter().map(Into::into));
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    assert_eq!(vnplan(&args).status.code(), Some(1));
    let run = vnplan(&["tables".as_ref(), records_path.as_os_str(), "--out".as_ref(), b.as_os_str()]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    for t in &TABLES {
        for ext in FORMATS {
            let name = format!("{}.{ext}", t.name);
            let (x, y) = (std::fs::read(a.join(&name)), std::fs::read(b.join(&name)));
            assert!(x.is_ok() && x.as_ref().ok() == y.as_ref().ok(), "{name} differs between extract --tables and tables");
        }
    }

    // Lines that are not records are skipped and reported, the rest still written.
    let mixed = dir.join("mixed.jsonl");
    let text = std::fs::read_to_string(&records_path).unwrap_or_else(|e| panic!("{e}"));
    let first = text.lines().next().unwrap_or_default();
    std::fs::write(&mixed, format!("{first}\nnot json\n\n{{\"schema\": \"other\"}}\n")).unwrap_or_else(|e| panic!("{e}"));
    let c = dir.join("c");
    let run = vnplan(&["tables".as_ref(), mixed.as_os_str(), "-o".as_ref(), c.as_os_str()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("mixed.jsonl:2: skipped") && stderr.contains("mixed.jsonl:4: skipped") && stderr.contains("2 line(s) skipped"), "{stderr}");
    let inputs = std::fs::read_to_string(c.join("inputs.csv")).unwrap_or_default();
    assert_eq!(inputs.lines().count(), 2, "header and the one record: {inputs}");

    let missing = vnplan(&["tables".as_ref(), dir.join("nope.jsonl").as_os_str(), "-o".as_ref(), c.as_os_str()]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope.jsonl"), "names the file");
    let conflict = vnplan(&["extract".as_ref(), "--tables".as_ref(), c.as_os_str(), "--dump".as_ref(), "outline".as_ref(), root().join("corpus").as_os_str()]);
    assert_eq!(conflict.status.code(), Some(2), "--tables with --dump is a usage error");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn warehouse_docs_list_every_table_and_column() {
    let docs = std::fs::read_to_string(root().join("docs/WAREHOUSE.md")).unwrap_or_else(|e| panic!("docs/WAREHOUSE.md: {e}"));
    let want = vnplan::tables::columns_markdown();
    if !docs.contains(&want) {
        let path = std::env::temp_dir().join("vnplan-warehouse-tables.md");
        let _ = std::fs::write(&path, &want);
        panic!("docs/WAREHOUSE.md does not contain vnplan::tables::columns_markdown() verbatim; the expected text is in {}", path.display());
    }
}
