//! `vnplan::eval` must agree with the reference metric, `shared/tools/score.py`, exactly: same
//! ratios for every document and column, same TOTAL row, same details, and the same printed
//! table byte for byte. Each record file in `fixtures/eval/` is scored by both; the files are
//! made by `fixtures/eval/make_fixtures.py` from the gold files (a perfect copy, a damaged
//! copy that gives every column a non-trivial ratio, one pretty-printed record, and an empty
//! file). Needs `python3` on PATH, which the project's machines have.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use vnplan::eval::{self, COLUMNS};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tools_dir() -> PathBuf {
    manifest_dir().join("../shared/tools")
}

fn gold_dir() -> PathBuf {
    manifest_dir().join("../shared/gold")
}

fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("fixtures/eval").join(name)
}

/// Runs python3 with UTF-8 stdout whatever the locale, and returns its stdout.
fn python(args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new("python3")
        .args(args)
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONUTF8", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 (needed to check against score.py): {e}"));
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("score.py prints UTF-8")
}

fn score_py(records: &Path, flags: &[&str]) -> String {
    let script = tools_dir().join("score.py");
    let gold = gold_dir();
    let mut args = vec![script.as_os_str(), records.as_os_str(), gold.as_os_str()];
    args.extend(flags.iter().map(std::ffi::OsStr::new));
    python(&args)
}

fn rust_report(records: &Path) -> eval::Report {
    let text = std::fs::read_to_string(records).expect("fixture is readable");
    let golds = eval::load_gold_dir(&gold_dir()).expect("gold dir is readable");
    eval::score(&eval::load_records(&text), &golds)
}

fn keys(v: &Value) -> Vec<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// Same keys in the same order, and every ratio equal to 1e-12.
fn assert_ratios_equal(what: &str, rust: &Value, py: &Value) {
    assert_eq!(keys(rust), keys(py), "{what}: columns differ");
    for c in keys(py) {
        let (r, p) = (rust[&c].as_f64(), py[&c].as_f64());
        let (Some(r), Some(p)) = (r, p) else {
            panic!(
                "{what}.{c}: not numbers: rust={} python={}",
                rust[&c], py[&c]
            );
        };
        assert!((r - p).abs() <= 1e-12, "{what}.{c}: rust={r} python={p}");
    }
}

/// Both absent, or both present and equal to 1e-12 (serde_json's default float parser may be
/// one ulp off Python's printed value, so exact equality would test the parser, not the metric).
fn assert_close(rust: Option<f64>, py: Option<f64>, what: &str) {
    match (rust, py) {
        (None, None) => {}
        (Some(r), Some(p)) => assert!((r - p).abs() <= 1e-12, "{what}: rust={r} python={p}"),
        _ => panic!("{what}: rust={rust:?} python={py:?}"),
    }
}

/// Checks one record file and returns score.py's `--json` output for further checks.
fn check(name: &str) -> Value {
    let path = fixture(name);
    let report = rust_report(&path);
    let rust = report.to_json();
    let py: Value =
        serde_json::from_str(&score_py(&path, &["--json"])).expect("score.py --json is JSON");

    assert_eq!(keys(&rust), keys(&py), "{name}: top-level keys");
    assert_eq!(
        keys(&rust["documents"]),
        keys(&py["documents"]),
        "{name}: documents"
    );
    for doc in keys(&py["documents"]) {
        assert_ratios_equal(
            &format!("{name}:{doc}"),
            &rust["documents"][&doc],
            &py["documents"][&doc],
        );
        for c in COLUMNS {
            let d = report
                .documents
                .iter()
                .find(|d| d.name == doc)
                .expect("document in report");
            assert_close(
                d.ratio(c),
                py["documents"][&doc][c].as_f64(),
                &format!("{name}:{doc}.{c}"),
            );
        }
    }
    assert_ratios_equal(&format!("{name}:TOTAL"), &rust["total"], &py["total"]);
    for c in COLUMNS {
        assert_close(
            report.total(c),
            py["total"][c].as_f64(),
            &format!("{name}:TOTAL.{c}"),
        );
    }
    assert_eq!(
        keys(&rust["details"]),
        keys(&py["details"]),
        "{name}: details documents"
    );
    for doc in keys(&py["details"]) {
        assert_eq!(
            keys(&rust["details"][&doc]),
            keys(&py["details"][&doc]),
            "{name}:{doc}: detail kinds"
        );
        assert_eq!(
            rust["details"][&doc], py["details"][&doc],
            "{name}:{doc}: details"
        );
    }

    assert_eq!(report.table(false), score_py(&path, &[]), "{name}: table");
    assert_eq!(
        report.table(true),
        score_py(&path, &["--verbose"]),
        "{name}: verbose table"
    );
    py
}

#[test]
fn perfect_records_match_score_py() {
    check("perfect.jsonl");
}

#[test]
fn damaged_records_match_score_py() {
    let py = check("damaged.jsonl");
    // The fixture is only a good test while it exercises every metric.
    for c in COLUMNS {
        let r = py["total"][c].as_f64().unwrap_or(-1.0);
        assert!(
            r > 0.0 && r < 1.0,
            "damaged.jsonl no longer exercises {c}: TOTAL {r}"
        );
    }
}

#[test]
fn single_pretty_record_matches_score_py() {
    check("single.json");
}

#[test]
fn empty_file_matches_score_py() {
    check("empty.jsonl");
}

/// The folding functions themselves, on the hard cases listed in `fold_cases.json`.
#[test]
fn folding_matches_score_py() {
    let cases_path = fixture("fold_cases.json");
    let text = std::fs::read_to_string(&cases_path).expect("fold cases are readable");
    let cases: Vec<(String, String)> = serde_json::from_str(&text).expect("pairs of strings");
    let code = "import json, sys\n\
                sys.path.insert(0, sys.argv[1])\n\
                from score import fold, key_fold, prefix_match\n\
                cases = json.load(open(sys.argv[2], encoding='utf-8'))\n\
                print(json.dumps([[fold(a), fold(a, unit=True), key_fold(a), prefix_match(a, b)] for a, b in cases]))";
    let tools = tools_dir();
    let out = python(&[
        "-c".as_ref(),
        code.as_ref(),
        tools.as_os_str(),
        cases_path.as_os_str(),
    ]);
    let expected: Vec<(String, String, String, bool)> =
        serde_json::from_str(&out).expect("python prints the results as JSON");
    assert_eq!(expected.len(), cases.len());
    for ((a, b), want) in cases.iter().zip(expected) {
        let got = (
            eval::fold(a, false),
            eval::fold(a, true),
            eval::key_fold(a),
            eval::prefix_match(Some(a), Some(b)),
        );
        assert_eq!(got, want, "folding {a:?} (prefix of {b:?})");
    }
}
