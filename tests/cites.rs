//! `vnplan cites`: the citation audit over the shared corpus and corpus-extra. It lists
//! `72/2015/NĐ-CP` with the plans that cite it, flags `05-NQ/TU` attributed to two bodies in
//! hongngu-2020, gives the same answer from plans and from their JSON Lines records, and its
//! CSV and JSON agree with its table.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shared(dir: &str) -> PathBuf {
    let p = root().join("../shared").join(dir);
    assert!(p.is_dir(), "{} is missing: the tests need ../shared beside the repository", p.display());
    p
}

fn vnplan(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vnplan")).args(args).output().unwrap_or_else(|e| panic!("cannot run vnplan: {e}"))
}

fn stdout(out: &Output) -> String {
    assert!(out.status.code().is_some_and(|c| c <= 1), "vnplan failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap_or_else(|e| panic!("stdout is not UTF-8: {e}"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vnplan-cites-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// Splits CSV text into records of fields (RFC 4180 quoting).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field, mut quoted, mut chars) = (Vec::new(), Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

#[test]
fn corpus_audit_lists_72_2015_with_its_plans_and_flags_05_nq_tu_in_hongngu() {
    let (corpus, extra) = (shared("corpus"), shared("corpus-extra"));
    let table = stdout(&vnplan(&["cites".as_ref(), corpus.as_os_str(), extra.as_os_str()]));
    let header = table.lines().next().unwrap_or_default();
    assert!(header.starts_with("KEY") && header.contains("CITING") && header.contains("FLAGS"), "{header}");
    let row = table.lines().find(|l| l.starts_with("72/2015/NĐ-CP ")).unwrap_or_else(|| panic!("no 72/2015/NĐ-CP row:\n{}", &table[..table.len().min(3000)]));
    for plan in ["caoxa-2023.txt", "daklak-2023.txt", "kontum-2019.txt"] {
        assert!(row.contains(plan), "72/2015/NĐ-CP row does not name {plan}: {row}");
    }
    assert!(row.contains("Nghị định") && row.contains("Chính phủ") && row.contains("2015-09-07"), "{row}");
    let flag = table
        .lines()
        .find(|l| l.starts_with("05-NQ/TU  issuers_differ:"))
        .unwrap_or_else(|| panic!("05-NQ/TU is not flagged issuers_differ"));
    assert!(
        flag.contains("hongngu-2020.txt") && flag.contains("Ban Chấp hành Đảng bộ Tỉnh") && flag.contains("Ban Thường vụ Tỉnh ủy"),
        "{flag}"
    );
    let summary = table.lines().find(|l| l.ends_with("flagged")).unwrap_or_default();
    assert!(summary.contains("cited documents"), "a summary line: {summary}");
}

#[test]
fn records_and_plans_give_the_same_audit_and_formats_agree() {
    let dir = scratch("formats");
    let corpus = shared("corpus");
    let records = dir.join("records.jsonl");
    let out = vnplan(&["extract".as_ref(), "-q".as_ref(), corpus.as_os_str(), "-o".as_ref(), records.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));

    let from_plans: Value = serde_json::from_str(&stdout(&vnplan(&["cites".as_ref(), corpus.as_os_str(), "--format".as_ref(), "json".as_ref()])))
        .unwrap_or_else(|e| panic!("cites --format json is not JSON: {e}"));
    let from_records: Value = serde_json::from_str(&stdout(&vnplan(&["cites".as_ref(), records.as_os_str(), "--format".as_ref(), "json".as_ref()])))
        .unwrap_or_else(|e| panic!("cites --format json is not JSON: {e}"));
    assert_eq!(from_plans, from_records, "plans and their records give the same audit");

    // Every key the records cite is one row, with the documents that cite it.
    let text = std::fs::read_to_string(&records).unwrap_or_else(|e| panic!("{e}"));
    let mut expected: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    let mut mentions = 0usize;
    for line in text.lines() {
        let r: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}"));
        for c in r["citations"].as_array().into_iter().flatten() {
            let key = c["key_resolved"].as_str().or(c["key"].as_str()).unwrap_or_default().to_string();
            expected.entry(key).or_default().insert(r["source"]["path"].as_str().unwrap_or_default().to_string());
            mentions += 1;
        }
    }
    let cited = from_records["cited"].as_array().cloned().unwrap_or_default();
    assert_eq!(cited.len(), expected.len(), "one row per cited key");
    assert_eq!(cited.iter().filter_map(|c| c["mentions"].as_u64()).sum::<u64>() as usize, mentions, "every mention counted once");
    for c in &cited {
        let key = c["key"].as_str().unwrap_or_default();
        let citing: BTreeSet<String> = c["citing"].as_array().into_iter().flatten().filter_map(|p| p.as_str().map(str::to_string)).collect();
        assert_eq!(Some(&citing), expected.get(key), "citing documents of {key}");
        assert_eq!(c["documents"].as_u64(), Some(citing.len() as u64), "{key}");
    }
    let nd = cited.iter().find(|c| c["key"] == "72/2015/NĐ-CP").unwrap_or_else(|| panic!("no 72/2015/NĐ-CP"));
    assert_eq!(nd["documents"], 3);

    let csv = parse_csv(&stdout(&vnplan(&["cites".as_ref(), records.as_os_str(), "--format".as_ref(), "csv".as_ref()])));
    assert_eq!(csv.first().map(|h| h.join(",")), Some("key,types,systems,issuers,dates,documents,mentions,flags,flag_details,citing,spellings".to_string()));
    assert_eq!(csv.len(), cited.len() + 1, "one CSV row per cited document");
    for (row, c) in csv.iter().skip(1).zip(&cited) {
        assert_eq!(row.len(), 11);
        assert_eq!(row[0], c["key"].as_str().unwrap_or_default(), "same order as JSON");
        assert_eq!(row[5], c["documents"].to_string());
    }

    let flagged: Value = serde_json::from_str(&stdout(&vnplan(&["cites".as_ref(), "--flagged".as_ref(), "--format".as_ref(), "json".as_ref(), records.as_os_str()])))
        .unwrap_or_else(|e| panic!("{e}"));
    let flagged = flagged["cited"].as_array().cloned().unwrap_or_default();
    assert!(!flagged.is_empty(), "the corpus has flagged citations (05-NQ/TU)");
    assert!(flagged.iter().all(|c| c["flags"].as_array().is_some_and(|f| !f.is_empty())));
    assert_eq!(flagged.len(), cited.iter().filter(|c| c["flags"].as_array().is_some_and(|f| !f.is_empty())).count());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unreadable_inputs_and_bad_lines_are_reported_and_exit_1() {
    let dir = scratch("bad");
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"not\": \"a record\"}\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("binary.txt"), b"\x00\x01binary").unwrap_or_else(|e| panic!("{e}"));
    let out = vnplan(&["cites".as_ref(), bad.as_os_str(), dir.join("binary.txt").as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("bad.jsonl:1: skipped") && stderr.contains("binary.txt: not text"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 cited documents, 0 flagged"));
    let missing = vnplan(&["cites".as_ref(), dir.join("missing.jsonl").as_os_str()]);
    assert_eq!(missing.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
