//! `vnplan eval --gold DIR RECORDS|PATHS` prints exactly what `../shared/tools/score.py`
//! prints — table, `--verbose` table and `--json` document — on the corpus (from plans and
//! from their records), on the damaged fixture (every column strictly between 0 and 1), and
//! on a gold folder of one's own.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shared(p: &str) -> PathBuf {
    let path = root().join("../shared").join(p);
    assert!(path.exists(), "{} is missing: the tests need ../shared beside the repository", path.display());
    path
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vnplan-eval-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

fn vnplan(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vnplan")).args(args).output().unwrap_or_else(|e| panic!("cannot run vnplan: {e}"))
}

fn ok_stdout(out: Output) -> String {
    assert_eq!(out.status.code(), Some(0), "vnplan failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("not UTF-8: {e}"))
}

/// score.py's output for a records file and a gold folder.
fn score_py(records: &Path, gold: &Path, flags: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(shared("tools/score.py"))
        .arg(records)
        .arg(gold)
        .args(flags)
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONUTF8", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 (needed to check against score.py): {e}"));
    assert!(out.status.success(), "score.py failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("score.py printed non-UTF-8: {e}"))
}

fn eval(gold: &Path, inputs: &[&Path], flags: &[&str]) -> String {
    let mut args: Vec<&std::ffi::OsStr> = vec!["eval".as_ref(), "--gold".as_ref(), gold.as_os_str()];
    args.extend(flags.iter().map(std::ffi::OsStr::new));
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    ok_stdout(vnplan(&args))
}

/// Table, verbose table and JSON of `vnplan eval` equal score.py's on this records file.
fn assert_same_as_score_py(gold: &Path, records: &Path) -> Value {
    assert_eq!(eval(gold, &[records], &[]), score_py(records, gold, &[]), "table of {}", records.display());
    assert_eq!(eval(gold, &[records], &["--verbose"]), score_py(records, gold, &["--verbose"]), "verbose table of {}", records.display());
    let ours: Value = serde_json::from_str(&eval(gold, &[records], &["--format", "json"])).unwrap_or_else(|e| panic!("eval --format json: {e}"));
    let theirs: Value = serde_json::from_str(&score_py(records, gold, &["--json"])).unwrap_or_else(|e| panic!("score.py --json: {e}"));
    assert_eq!(ours, theirs, "JSON of {}", records.display());
    theirs
}

#[test]
fn corpus_scores_equal_score_py_from_records_and_from_plans() {
    let dir = scratch("corpus");
    let (corpus, gold) = (shared("corpus"), shared("gold"));
    let records = dir.join("records.jsonl");
    let out = vnplan(&["extract".as_ref(), "-q".as_ref(), corpus.as_os_str(), "-o".as_ref(), records.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let py = assert_same_as_score_py(&gold, &records);
    let docs = py["documents"].as_object().map_or(0, |d| d.len());
    assert_eq!(docs, 5, "one row per gold file of ../shared/gold");
    // Plans given directly are extracted and scored the same way.
    assert_eq!(eval(&gold, &[&corpus], &[]), score_py(&records, &gold, &[]), "eval over the plans themselves");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn damaged_records_score_equal_score_py() {
    let gold = shared("gold");
    let py = assert_same_as_score_py(&gold, &root().join("fixtures/eval/damaged.jsonl"));
    let total = py["total"].as_object().cloned().unwrap_or_default();
    assert!(total.values().any(|v| v.as_f64().is_some_and(|r| r > 0.0 && r < 1.0)), "the fixture exercises partial scores: {total:?}");
}

#[test]
fn a_gold_folder_of_ones_own_and_errors() {
    let dir = scratch("own");
    let gold = dir.join("gold");
    std::fs::create_dir_all(&gold).unwrap_or_else(|e| panic!("{e}"));
    for name in ["kontum-2019.json", "hongngu-2020.json"] {
        std::fs::copy(shared("gold").join(name), gold.join(name)).unwrap_or_else(|e| panic!("{e}"));
    }
    let plan = shared("corpus/kontum-2019.txt");
    let table = eval(&gold, &[&plan], &[]);
    let rows: Vec<&str> = table.lines().map(|l| l.split_whitespace().next().unwrap_or_default()).collect();
    assert_eq!(rows, ["document", "hongngu-2020", "kontum-2019", "TOTAL"], "{table}");
    let hongngu = table.lines().find(|l| l.starts_with("hongngu-2020")).unwrap_or_default();
    assert!(hongngu.contains("0.000") && !hongngu.contains("1.000"), "a gold file without a record scores zero: {hongngu}");
    let verbose = eval(&gold, &[&plan], &["--verbose"]);
    assert!(verbose.contains("no record: ['missing']"), "{verbose}");

    let missing = vnplan(&["eval".as_ref(), "--gold".as_ref(), dir.join("nope").as_os_str(), plan.as_os_str()]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read gold folder"), "{}", String::from_utf8_lossy(&missing.stderr));
    let no_gold = vnplan(&["eval".as_ref(), plan.as_os_str()]);
    assert_eq!(no_gold.status.code(), Some(2), "--gold is required");
    let _ = std::fs::remove_dir_all(&dir);
}
