//! The binary as users run it: exit codes, one valid JSON line per input in sorted path
//! order, error records in place, identical output for every thread count, stdin, `-o`,
//! `--pretty`, `--dump`, and a closed pipe.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn vnplan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vnplan"))
}

fn run(args: &[&str]) -> Output {
    vnplan().args(args).output().expect("run vnplan")
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vnplan-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

fn corpus() -> String {
    common::root().join("corpus").display().to_string()
}

#[test]
fn corpus_directory_gives_one_record_per_file_in_sorted_order() {
    let out = run(&["extract", &corpus()]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let recs = lines(&out);
    let paths: Vec<String> = recs.iter().map(|r| r["source"]["path"].as_str().unwrap_or("").to_string()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(recs.len(), 5, "corpus/ has five plans (gold/ holds .json, which is not an input)");
    for r in &recs {
        assert_eq!(r["schema"], "vnplan/1");
        for key in ["source", "document", "sections", "citations", "dates", "tasks", "units", "signature", "recipients", "attachments", "warnings"] {
            assert!(r.get(key).is_some(), "record lacks {key}");
        }
    }
}

#[test]
fn thread_count_never_changes_the_output() {
    let one = run(&["extract", "-j1", &corpus(), "../shared/corpus-extra/commune"]);
    let two = run(&["extract", "-j2", &corpus(), "../shared/corpus-extra/commune"]);
    assert_eq!(one.status.code(), Some(0));
    assert!(!one.stdout.is_empty());
    assert!(one.stdout == two.stdout, "-j1 and -j2 outputs differ");
}

#[test]
fn unreadable_inputs_get_error_records_in_place_and_exit_1() {
    let d = scratch("errors");
    std::fs::write(d.join("a-good.txt"), "KẾ HOẠCH\nHoạt động năm 2023\n").expect("write");
    std::fs::write(d.join("b-binary.txt"), b"PK\x03\x04\x00\x00\x01").expect("write");
    std::fs::write(d.join("c-bad-utf8.txt"), b"K\xe1\xba\xbf ho\xff\xfe").expect("write");
    std::fs::write(d.join("d-empty.txt"), b"").expect("write");
    std::fs::write(d.join("ignored.pdf"), b"%PDF").expect("write");
    let missing = d.join("zz-missing.txt");
    let out = run(&["extract", &d.display().to_string(), &missing.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let recs = lines(&out);
    let codes: Vec<Option<&str>> = recs.iter().map(|r| r["error"]["code"].as_str()).collect();
    assert_eq!(codes, [None, Some("not_text"), Some("not_text"), None, Some("unreadable")]);
    assert_eq!(recs[1]["source"]["bytes"], 7);
    assert!(recs[3]["warnings"].as_array().is_some_and(|w| w.iter().any(|w| w["code"] == "empty")));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.lines().all(|l| l.starts_with("vnplan: ")), "stderr: {stderr}");
    assert!(stderr.contains("binary data (NUL byte at offset 4)"), "stderr: {stderr}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["extract"]).status.code(), Some(2));
    assert_eq!(run(&["extract", "--no-such-flag", "x"]).status.code(), Some(2));
    let out = run(&["extract", "-o", "/nonexistent-dir/out.jsonl", &corpus()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn stdin_output_file_and_pretty() {
    let d = scratch("stdin");
    let out_file = d.join("out.jsonl");
    let mut child = vnplan()
        .args(["extract", "-", "-o", &out_file.display().to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all("Số: 12/KH-UBND\n\nKẾ HOẠCH\nVề việc A\n".as_bytes()).expect("write");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "records go to -o, not stdout");
    let text = std::fs::read_to_string(&out_file).expect("output file");
    let rec: Value = serde_json::from_str(text.trim()).expect("json");
    assert_eq!(rec["source"]["path"], "-");
    assert_eq!(rec["document"]["number"]["seq"], "12");

    let pretty = run(&["extract", "--pretty", &format!("{}/kontum-2019.txt", corpus())]);
    let v: Value = serde_json::from_slice(&pretty.stdout).expect("pretty output is one JSON document");
    assert_eq!(v["document"]["number"]["symbol"], "KH-UBND");
    assert!(pretty.stdout.iter().filter(|&&b| b == b'\n').count() > 50);
}

#[test]
fn dump_stages_are_human_readable() {
    let f = format!("{}/kongchro-2023.txt", corpus());
    let norm = String::from_utf8(run(&["extract", "--dump", "normalized", &f]).stdout).expect("utf8");
    assert!(norm.contains("III. TỔ CHỨC THỰC HIỆN"), "glued heading repaired in the dump");
    let outline = String::from_utf8(run(&["extract", "--dump", "outline", &f]).stdout).expect("utf8");
    assert!(outline.contains("  II.2.1 Tuyên truyền chủ trương"), "{outline}");
}

#[test]
fn closed_stdout_is_a_quiet_exit() {
    let mut child = vnplan()
        .args(["extract", &corpus(), &corpus(), "../shared/corpus-extra"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read one byte, then hang up.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut one = [0u8; 1];
    std::io::Read::read_exact(&mut stdout, &mut one).expect("first byte");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
}
