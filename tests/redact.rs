//! `vnplan extract --redact`: the personal data of annexes leave every output that carries
//! records (JSON lines, `--tables` CSV, debugging dumps, `--stdin-jsonl`), the rest of the record stays as it
//! was, and records of documents without such data are byte-identical with and without the
//! flag over the whole corpus and corpus-extra.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;
use vnplan::redact::{self, Kind};

fn fixture() -> PathBuf {
    common::root().join("fixtures/redact/annex-staff-list-with-phones.txt")
}

fn vnplan(args: &[&std::ffi::OsStr]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_vnplan")).args(args).output().unwrap_or_else(|e| panic!("cannot run vnplan: {e}"));
    assert!(out.status.success(), "vnplan {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn record(extra: &[&str]) -> (String, Value) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["extract".as_ref()];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    let path = fixture();
    args.push(path.as_os_str());
    let text = String::from_utf8_lossy(&vnplan(&args).stdout).into_owned();
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not one JSON record ({e}): {text}"));
    (text, value)
}

/// The fixture's personal data as printed, and in the forms the pipeline derives from them
/// (ISO dates of parsed date mentions).
const PERSONAL: [&str; 21] = [
    "0905 123 456",
    "0912.345.678",
    "0987 654 321",
    "+84 935 111 222",
    "0397111222",
    "0354413882",
    "001190012345",
    "038079001234",
    "212345678",
    "12/3/1985",
    "05/07/1979",
    "21/11/1992",
    "1985-03-12",
    "1979-07-05",
    "1992-11-21",
    "sinh năm 1990",
    "Em 1988",
    "Lyơn 1995",
    "0905123456",
    "0912345678",
    "0935111222",
];

/// The fixture's numbers by their digits, however a string groups them.
const DIGITS: [&str; 9] = ["0905123456", "0912345678", "0987654321", "0935111222", "0397111222", "0354413882", "001190012345", "038079001234", "212345678"];

fn strings<'v>(v: &'v Value, out: &mut Vec<&'v str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

fn digits_only(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn redaction_warning(r: &Value) -> Vec<&str> {
    r["warnings"].as_array().into_iter().flatten().filter(|w| w["code"] == redact::WARNING_CODE).filter_map(|w| w["message"].as_str()).collect()
}

#[test]
fn the_fixture_record_holds_no_personal_data_with_redact_and_all_of_it_without() {
    let (plain_text, plain) = record(&[]);
    let (red_text, red) = record(&["--redact"]);
    // Without --redact the data reach the record: headings, a task's text, date mentions.
    for s in ["0905 123 456", "0912.345.678", "001190012345", "12/3/1985", "1985-03-12", "sinh năm 1990", "05/07/1979", "1992-11-21"] {
        assert!(plain_text.contains(s), "{s} should be in the plain record");
    }
    assert!(redaction_warning(&plain).is_empty());
    // With it, none of them anywhere, in any grouping.
    for s in PERSONAL {
        assert!(!red_text.contains(s), "{s} left in the redacted record:\n{red_text}");
    }
    let mut all = Vec::new();
    strings(&red, &mut all);
    for s in &all {
        let d = digits_only(s);
        for n in DIGITS {
            assert!(!d.contains(n), "{n} left in {s:?}");
        }
    }
    assert!(red_text.contains(redact::PLACEHOLDER));
    assert_eq!(red["sections"][2]["heading"], "Ông Lê Văn An, sinh ngày [đã ẩn], SĐT: [đã ẩn] - Tổ trưởng");
    assert_eq!(red["sections"][3]["heading"], "Bà Phạm Thị Hoa, sinh năm [đã ẩn], CCCD số [đã ẩn], điện thoại [đã ẩn] - Tổ viên");
    // The same phone number in the body goes too; the body's public hotline stays.
    assert!(red["tasks"][0]["text"].as_str().is_some_and(|t| t.ends_with("(điện thoại [đã ẩn]).")), "{}", red["tasks"][0]);
    assert!(red_text.contains("0210 3868 098"));
    // The document's own dates stay; the birth dates' mentions are gone.
    let roles: Vec<(&str, &str)> = red["dates"].as_array().into_iter().flatten().filter_map(|d| Some((d["text"].as_str()?, d["role"].as_str()?))).collect();
    assert_eq!(roles, vec![("ngày 10 tháng 3 năm 2024", "issued"), ("trước ngày 15/4/2024", "deadline"), ("10/3/2024", "event")]);
    assert_eq!(red["document"], plain["document"]);
    // Spans still point at the source.
    assert_eq!(red["sections"][2]["span"], plain["sections"][2]["span"]);
    assert_eq!(red["tasks"][0]["span"], plain["tasks"][0]["span"]);
    // One warning, with the counts by kind.
    let warning = redaction_warning(&red);
    assert_eq!(warning.len(), 1, "{warning:?}");
    assert!(
        warning[0].starts_with("6 phone number(s), 3 ID number(s) and 6 birth date(s) found in annexes; 6 occurrence(s) in this record replaced by [đã ẩn], 3 item(s) parsed from them removed"),
        "{}",
        warning[0]
    );
    // Apart from that, the record is the plain one.
    let mut expected = plain.clone();
    let mut found = red.clone();
    for r in [&mut expected, &mut found] {
        for key in ["sections", "dates", "tasks", "warnings"] {
            r[key] = Value::Null;
        }
    }
    assert_eq!(found, expected);
}

#[test]
fn tables_and_dumps_are_redacted_too() {
    let dir = std::env::temp_dir().join(format!("vnplan-redact-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let out = dir.join("records.jsonl");
    let tables = dir.join("tables");
    let path = fixture();
    vnplan(&["extract".as_ref(), "--quiet".as_ref(), "--redact".as_ref(), "--tables".as_ref(), tables.as_os_str(), "-o".as_ref(), out.as_os_str(), path.as_os_str()]);
    let mut texts = vec![std::fs::read_to_string(&out).unwrap_or_default()];
    let csvs: Vec<PathBuf> = common::all_files(&tables).into_iter().filter(|p| p.extension().is_some_and(|e| e == "csv")).collect();
    assert!(csvs.len() >= 5, "{csvs:?}");
    texts.extend(csvs.iter().map(|p| std::fs::read_to_string(p).unwrap_or_default()));
    assert!(texts.iter().any(|t| t.contains("[đã ẩn]")), "the sections table should show the placeholder");
    assert!(texts.iter().any(|t| t.contains(redact::WARNING_CODE)), "the warnings table should hold the warning");
    for stage in ["normalized", "outline", "record"] {
        let dump = vnplan(&["extract".as_ref(), "--redact".as_ref(), "--dump".as_ref(), stage.as_ref(), path.as_os_str()]);
        texts.push(String::from_utf8_lossy(&dump.stdout).into_owned());
        let plain = vnplan(&["extract".as_ref(), "--dump".as_ref(), stage.as_ref(), path.as_os_str()]);
        assert!(String::from_utf8_lossy(&plain.stdout).contains("0905 123 456"), "--dump {stage} without --redact shows the data");
    }
    for (text, s) in texts.iter().flat_map(|t| PERSONAL.iter().map(move |s| (t, s))) {
        assert!(!text.contains(s), "{s} left in:\n{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every record of the corpus and corpus-extra: without findings, `--redact` changes nothing;
/// with them, it leaves nothing to find and says so once. Also counts what is found, so that
/// a change in detection shows (kongchro-2023's staff list has two phone numbers;
/// corpus-extra's annexes hold blank forms and office lines, no one's data).
#[test]
fn records_without_annex_personal_data_are_unchanged_across_the_corpora() {
    let shared = common::shared();
    let mut files: Vec<PathBuf> = common::txt_files(&shared.join("corpus"));
    let extra: Vec<PathBuf> = common::all_files(&shared.join("corpus-extra")).into_iter().filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md") && !p.ends_with("README.md")).collect();
    let extra_count = extra.len();
    files.extend(extra);
    assert!(extra_count > 500, "corpus-extra has {extra_count} inputs");
    let mut with_findings: Vec<(String, usize, usize, usize)> = Vec::new();
    for path in &files {
        let raw = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let Ok(src) = vnplan::source::Source::from_bytes(&path.display().to_string(), &raw) else { continue };
        let p = vnplan::pipeline::process(src);
        let found = redact::detect(&p.normalized);
        let (plain, red) = (p.record(), p.redacted_record());
        let name = path.strip_prefix(&shared).unwrap_or(path).display().to_string();
        if found.is_empty() {
            assert_eq!(serde_json::to_string(&red).ok(), serde_json::to_string(&plain).ok(), "{name} changed without findings");
            continue;
        }
        with_findings.push((name.clone(), found.count(Kind::Phone), found.count(Kind::Id), found.count(Kind::BirthDate)));
        assert_eq!(redaction_warning(&red).len(), 1, "{name}");
        let mut all = Vec::new();
        for (k, v) in red.as_object().into_iter().flatten() {
            if k != "source" {
                strings(v, &mut all);
            }
        }
        for s in all {
            assert!(found.redact_text(s).is_none(), "{name}: {s:?} still holds a found value");
        }
    }
    assert_eq!(with_findings, vec![("corpus/kongchro-2023.txt".to_string(), 2, 0, 0)], "records with annex personal data");
}

#[test]
fn stdin_jsonl_requests_are_redacted_too() {
    use std::io::Write;
    let text = std::fs::read_to_string(fixture()).unwrap_or_else(|e| panic!("cannot read the fixture: {e}"));
    let request = serde_json::json!({"id": 7, "path": "staff.txt", "text": text}).to_string() + "\n";
    let mut child = Command::new(env!("CARGO_BIN_EXE_vnplan"))
        .args(["extract", "--stdin-jsonl", "--redact"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run vnplan: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(request.as_bytes()).unwrap_or_else(|e| panic!("cannot write the request: {e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("vnplan did not finish: {e}"));
    let line = String::from_utf8_lossy(&out.stdout).into_owned();
    let r: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("not one record ({e}): {line}"));
    assert_eq!(r["id"], 7);
    assert_eq!(redaction_warning(&r).len(), 1, "{line}");
    for s in PERSONAL {
        assert!(!line.contains(s), "{s} left in the --stdin-jsonl record");
    }
}
