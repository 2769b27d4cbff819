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

/// The inputs under corpus/: the five gold plans and the varied sample in corpus/sample/.
fn corpus_inputs() -> Vec<std::path::PathBuf> {
    let inputs: Vec<_> = common::all_files(&common::root().join("corpus")).into_iter().filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md")).collect();
    assert!(inputs.len() >= 25, "corpus/ has 5 plans and a sample of 20, found {}", inputs.len());
    inputs
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
    // gold/ holds .json and sample/SOURCES.tsv is no input either.
    assert_eq!(recs.len(), corpus_inputs().len(), "one record per corpus input");
    assert!(recs.iter().all(|r| r.get("error").is_none()), "every corpus input decodes, legacy encodings included");
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
fn output_is_identical_for_every_thread_count_and_window_smaller_than_the_inputs() {
    // More inputs than the window, with error records among them, across several directories:
    // records still come out complete, in sorted path order, and byte-identical.
    let d = scratch("window");
    for i in 0..12 {
        std::fs::write(d.join(format!("plan-{i:02}.txt")), format!("KẾ HOẠCH\nHoạt động năm {}\n", 2000 + i)).expect("write");
    }
    std::fs::write(d.join("plan-05-binary.txt"), b"PK\x03\x04\x00").expect("write");
    std::fs::write(d.join("plan-07-big.txt"), vec![b'a'; (1 << 20) + 1]).expect("write");
    let (dir, corpus) = (d.display().to_string(), corpus());
    let run_with = |extra: &[&str]| {
        let mut a = vec!["extract", "--max-bytes", "1M"];
        a.extend_from_slice(extra);
        a.extend([dir.as_str(), "../shared/corpus-extra/commune", corpus.as_str()]);
        run(&a)
    };
    let runs: [&[&str]; 5] = [&["-j1", "--window", "3"], &["-j2", "--window", "3"], &["-j2", "--window", "1"], &["-j2"], &["-j1"]];
    let outputs: Vec<Output> = runs.iter().map(|extra| run_with(extra)).collect();
    let first = &outputs[0];
    assert_eq!(first.status.code(), Some(1), "the binary and the oversized file fail");
    let recs = lines(first);
    let commune = std::fs::read_dir(common::shared().join("corpus-extra/commune")).expect("commune").count();
    assert_eq!(recs.len(), 14 + commune + corpus_inputs().len());
    let paths: Vec<&str> = recs.iter().map(|r| r["source"]["path"].as_str().unwrap_or("")).collect();
    assert!(paths.windows(2).all(|w| w[0] < w[1]), "not in sorted order: {paths:?}");
    let codes: Vec<&str> = recs.iter().filter_map(|r| r["error"]["code"].as_str()).collect();
    assert_eq!(codes, ["not_text", "too_large"]);
    for (out, extra) in outputs.iter().zip(runs).skip(1) {
        assert!(out.stdout == first.stdout, "{extra:?}: stdout differs from -j1 --window 3");
        assert_eq!(out.stderr, first.stderr, "{extra:?}: stderr differs");
        assert_eq!(out.status.code(), first.status.code());
    }
}

#[test]
fn baseline_pass_reads_and_checks_the_same_inputs() {
    let out = run(&["baseline", "-j2", &corpus()]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let inputs = corpus_inputs();
    let bytes: u64 = inputs.iter().map(|p| std::fs::metadata(p).map_or(0, |m| m.len())).sum();
    assert!(bytes > 400_000);
    // The sample's legacy-encoded and UTF-16 plans are not UTF-8; every other input is.
    let utf8 = inputs.iter().filter(|p| std::fs::read(p).is_ok_and(|b| std::str::from_utf8(&b).is_ok())).count();
    assert_eq!(utf8, inputs.len() - 5);
    let line = String::from_utf8_lossy(&out.stdout);
    let n = inputs.len();
    assert!(line.trim().starts_with(&format!("files {n} bytes {bytes} utf8 {utf8} nfc ")), "{line}");
    assert!(line.trim().ends_with(" unreadable 0"), "{line}");
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

/// The `vnplan: ` lines of stderr, prefix removed.
fn stderr_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr).lines().map(|l| l.strip_prefix("vnplan: ").unwrap_or(l).to_string()).collect()
}

#[test]
fn max_bytes_turns_oversized_files_into_too_large_records_in_place() {
    let d = scratch("max-bytes");
    std::fs::write(d.join("a-small.txt"), "Số: 12/KH-UBND\n\nKẾ HOẠCH\nVề việc A\n").expect("write");
    let big = "Kế hoạch năm 2024. ".repeat(100); // 2,400 bytes
    std::fs::write(d.join("b-big.txt"), &big).expect("write");
    std::fs::write(d.join("c-exact.txt"), "x".repeat(1024)).expect("write");
    let dir = d.display().to_string();

    let out = run(&["extract", "--max-bytes", "1K", &dir]);
    assert_eq!(out.status.code(), Some(1), "an error record makes exit 1");
    let recs = lines(&out);
    let codes: Vec<Option<&str>> = recs.iter().map(|r| r["error"]["code"].as_str()).collect();
    assert_eq!(codes, [None, Some("too_large"), None], "the limit is inclusive: 1024 bytes pass 1K");
    assert_eq!(recs[1]["source"]["bytes"], big.len(), "the size is reported without reading the file");
    assert!(recs[1]["source"]["path"].as_str().is_some_and(|p| p.ends_with("b-big.txt")));
    let msg = recs[1]["error"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains(&format!("{} bytes", big.len())) && msg.contains("limit of 1024 bytes"), "{msg}");

    // 0 lifts the limit; so does a limit above every file.
    for limit in ["0", "64M", &big.len().to_string(), "3kib"] {
        let out = run(&["extract", "--max-bytes", limit, &dir]);
        assert_eq!(out.status.code(), Some(0), "--max-bytes {limit}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(lines(&out).iter().all(|r| r.get("error").is_none()), "--max-bytes {limit}");
    }
    // Without the flag, the 64 MiB default lets ordinary files through.
    assert_eq!(run(&["extract", &dir]).status.code(), Some(0));
}

#[test]
fn max_bytes_bounds_stdin_and_counts_the_rest() {
    let mut child = vnplan()
        .args(["extract", "--max-bytes", "1000", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    // Written from a thread: the reader must drain all of it, not stop at the limit.
    let writer = std::thread::spawn(move || stdin.write_all(&b"Ke hoach nam 2024\n".repeat(20_000)));
    let out = child.wait_with_output().expect("wait");
    assert!(writer.join().expect("writer thread").is_ok(), "vnplan hung up on stdin instead of draining it");
    assert_eq!(out.status.code(), Some(1));
    let recs = lines(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["source"]["path"], "-");
    assert_eq!(recs[0]["source"]["bytes"], 360_000);
    assert_eq!(recs[0]["error"]["code"], "too_large");
}

#[test]
fn bad_max_bytes_values_are_usage_errors() {
    for bad in ["", "12X", "-1", "1.5M", "M", "99999999999999999999", "20000000000G"] {
        let out = run(&["extract", "--max-bytes", bad, &corpus()]);
        assert_eq!(out.status.code(), Some(2), "--max-bytes {bad:?} should be refused");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn stats_report_counts_records_errors_warnings_and_fields() {
    let d = scratch("stats");
    let plan = std::fs::read(common::root().join("corpus/kontum-2019.txt")).expect("plan");
    std::fs::write(d.join("a-plan.txt"), &plan).expect("write");
    std::fs::write(d.join("b-title-only.txt"), "KẾ HOẠCH\nVề việc thử nghiệm năm 2024\n").expect("write");
    std::fs::write(d.join("c-binary.txt"), b"PK\x03\x04\x00\x00\x01").expect("write");
    std::fs::write(d.join("d-big.txt"), "x".repeat(40_000)).expect("write");
    let dir = d.display().to_string();

    let plain = run(&["extract", "--max-bytes", "32K", &dir]);
    let with = run(&["extract", "--max-bytes", "32K", "--stats", &dir]);
    assert_eq!(with.status.code(), Some(1));
    assert_eq!(plain.stdout, with.stdout, "--stats changes stderr only");
    let err = stderr_lines(&with);
    let report: Vec<&str> = err.iter().map(String::as_str).skip_while(|l| !l.starts_with("records:")).collect();
    assert_eq!(report.first().copied(), Some("records: 4 (2 documents read, 2 error records)"), "{err:?}");
    let line = |start: &str| -> Vec<String> {
        report.iter().find(|l| l.trim_start().starts_with(start)).map(|l| l.split_whitespace().map(str::to_string).collect()).unwrap_or_default()
    };
    assert_eq!(line("not_text"), ["not_text", "1"], "{report:?}");
    assert_eq!(line("too_large"), ["too_large", "1"], "{report:?}");
    // kontum-2019 has a number, a date and sections; the title-only file has none of them.
    assert_eq!(line("number "), ["number", "1", "50.0%"], "{report:?}");
    assert_eq!(line("date "), ["date", "1", "50.0%"], "{report:?}");
    assert_eq!(line("sections "), ["sections", "1", "50.0%"], "{report:?}");
    assert_eq!(line("title "), ["title", "2", "100.0%"], "{report:?}");
    for field in ["issuer", "citations", "tasks"] {
        assert_eq!(line(&format!("{field} ")).first().map(String::as_str), Some(field), "{report:?}");
    }
    // The title-only file lacks a number: its warning is counted (occurrences, documents).
    assert_eq!(line("number_missing").get(1..3), Some(&["1".to_string(), "1".to_string()][..]), "{report:?}");

    // Printed at the end even with --quiet, after everything else.
    let quiet = run(&["extract", "-q", "--max-bytes", "32K", "--stats", &dir]);
    let q = stderr_lines(&quiet);
    assert_eq!(q.first().map(String::as_str), Some("records: 4 (2 documents read, 2 error records)"), "{q:?}");
    assert!(q.last().is_some_and(|l| l.trim_start().starts_with("tasks")), "{q:?}");
}

#[test]
fn stats_are_the_same_for_every_thread_count() {
    let one = run(&["extract", "-q", "--stats", "-j1", &corpus(), "../shared/corpus-extra/commune"]);
    let two = run(&["extract", "-q", "--stats", "-j2", &corpus(), "../shared/corpus-extra/commune"]);
    assert!(String::from_utf8_lossy(&one.stderr).contains("records: "), "{}", String::from_utf8_lossy(&one.stderr));
    assert_eq!(String::from_utf8_lossy(&one.stderr), String::from_utf8_lossy(&two.stderr));
}

#[test]
fn encoding_override_names_the_decoder_and_unknown_names_are_usage_errors() {
    let fixture = common::root().join("fixtures/encodings/kontum-2019.vni");
    let fixture = fixture.to_string_lossy();
    // Detected and forced give the same document; forcing reports full confidence.
    let detected = lines(&run(&["extract", &fixture]));
    let forced = lines(&run(&["extract", "--encoding", "VNI", &fixture]));
    assert_eq!(forced[0]["source"]["encoding"], "vni");
    assert_eq!(forced[0]["source"]["encoding_confidence"], 1.0);
    assert_eq!(detected[0]["source"]["encoding"], "vni");
    assert_eq!(forced[0]["document"], detected[0]["document"]);
    // Forcing the wrong legacy encoding still yields a record, never a crash.
    let wrong = run(&["extract", "--encoding", "tcvn3", &fixture]);
    assert_eq!(lines(&wrong).len(), 1);
    let bad = run(&["extract", "--encoding", "klingon", &fixture]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown encoding"));
}
