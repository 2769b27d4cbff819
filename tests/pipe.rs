//! `vnplan extract --stdin-jsonl`: every request line gives the record `extract FILE` gives
//! for the same path and bytes, byte for byte (plus the echoed `id`), in input order for
//! every thread count; bad lines give error records in place and the stream goes on.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

fn vnplan(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vnplan"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run vnplan: {e}"));
    let mut input = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
    // Written from a thread: the output may fill its pipe before all input is read.
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("vnplan: {e}"));
    let _ = writer.join();
    out
}

fn lines(out: &Output) -> Vec<&[u8]> {
    out.stdout.split_inclusive(|&b| b == b'\n').collect()
}

fn base64(raw: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for chunk in raw.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                s.push(char::from(A[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                s.push('=');
            }
        }
    }
    s
}

fn jsonl(requests: &[Value]) -> Vec<u8> {
    requests.iter().map(|r| format!("{r}\n")).collect::<String>().into_bytes()
}

fn parse(line: &[u8]) -> Value {
    serde_json::from_slice(line).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(line)))
}

/// The record line without the `,"id":…` that `--stdin-jsonl` appends.
fn without_id(line: &[u8], id: &Value) -> Vec<u8> {
    let suffix = format!(",\"id\":{id}}}\n");
    let text = String::from_utf8_lossy(line);
    let Some(stripped) = text.strip_suffix(&suffix) else { panic!("no {suffix:?} at the end of {text}") };
    format!("{stripped}}}\n").into_bytes()
}

#[test]
fn every_corpus_file_as_text_or_bytes_gives_the_record_of_extract() {
    let corpus = common::root().join("corpus").display().to_string();
    let cli = vnplan(&["extract", "--quiet", &corpus], b"");
    assert_eq!(cli.status.code(), Some(0), "{}", String::from_utf8_lossy(&cli.stderr));
    let expected = lines(&cli);
    assert!(expected.len() >= 25, "the corpus and its samples: {} records", expected.len());
    let mut requests = Vec::new();
    let mut utf8 = 0;
    for line in &expected {
        let path = parse(line)["source"]["path"].as_str().unwrap_or_default().to_string();
        let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        requests.push(json!({"path": path, "bytes_b64": base64(&raw)}));
        // UTF-8 files once more as text, with an id (a string here, a number for the next).
        if let Ok(text) = String::from_utf8(raw) {
            utf8 += 1;
            let id = if utf8 % 2 == 0 { json!(utf8) } else { json!(format!("doc-{utf8}")) };
            requests.push(json!({"id": id, "path": path, "text": text}));
        }
    }
    assert!(utf8 >= 15 && requests.len() > expected.len(), "{utf8} UTF-8 files");
    let input = jsonl(&requests);
    let one = vnplan(&["extract", "--stdin-jsonl", "-j", "1"], &input);
    assert_eq!(one.status.code(), Some(0), "{}", String::from_utf8_lossy(&one.stderr));
    assert!(one.stderr.is_empty(), "nothing on stderr: {}", String::from_utf8_lossy(&one.stderr));
    let got = lines(&one);
    assert_eq!(got.len(), requests.len(), "one line per request");
    let mut want = expected.iter();
    let mut i = 0;
    while i < got.len() {
        let Some(file) = want.next() else { panic!("more records than files") };
        assert_eq!(String::from_utf8_lossy(got[i]), String::from_utf8_lossy(file), "bytes_b64 request {i}");
        if let Some(id) = requests.get(i + 1).and_then(|r| r.get("id")) {
            assert_eq!(parse(got[i + 1])["id"], *id, "the id is echoed");
            assert_eq!(String::from_utf8_lossy(&without_id(got[i + 1], id)), String::from_utf8_lossy(file), "text request {}", i + 1);
            i += 1;
        }
        i += 1;
    }
    let many = vnplan(&["extract", "--stdin-jsonl", "-j", "3", "--window", "2"], &input);
    assert!(many.stdout == one.stdout, "-j 3 with a window of 2 gives the same bytes as -j 1");
}

#[test]
fn bad_lines_give_error_records_in_place_and_the_stream_goes_on() {
    let good = json!({"id": "g", "path": "a.txt", "text": "KẾ HOẠCH\nTriển khai năm 2024\n"}).to_string();
    let input = [
        good.as_str(),
        "not JSON at all",
        "",
        "[1, 2]",
        r#"{"id": "no-content", "path": "b.txt"}"#,
        r#"{"id": "both", "text": "x", "bytes_b64": "eA=="}"#,
        r#"{"id": 7, "path": "c.txt", "bytes_b64": "****"}"#,
        r#"{"id": "binary", "path": "d.bin", "bytes_b64": "AAECAwQ="}"#,
        r#"{"id": "path", "path": 3, "text": "x"}"#,
        "{\"id\": \"bad-utf8\", \"text\": \"\u{1}\"}\u{0}",
        good.as_str(),
    ]
    .join("\n");
    let mut bytes = input.into_bytes();
    bytes.extend_from_slice(b"\n{\"id\": \"raw\", \"text\": \"\xff\xfe\"}\n");
    bytes.extend_from_slice(good.as_bytes()); // no newline at the end
    let out = vnplan(&["extract", "--stdin-jsonl", "-j", "2"], &bytes);
    assert_eq!(out.status.code(), Some(1), "bad lines make exit 1, as unreadable files do");
    let got: Vec<Value> = lines(&out).into_iter().map(parse).collect();
    let summary: Vec<(Option<&str>, Value, &str)> = got.iter().map(|r| (r["error"]["code"].as_str(), r.get("id").cloned().unwrap_or(Value::Null), r["source"]["path"].as_str().unwrap_or_default())).collect();
    let null = Value::Null;
    assert_eq!(
        summary,
        [
            (None, json!("g"), "a.txt"),
            (Some("bad_line"), null.clone(), "-"),
            (Some("bad_line"), null.clone(), "-"),
            (Some("bad_line"), null.clone(), "-"),
            (Some("bad_line"), json!("no-content"), "b.txt"),
            (Some("bad_line"), json!("both"), "-"),
            (Some("bad_line"), json!(7), "c.txt"),
            (Some("not_text"), json!("binary"), "d.bin"),
            (Some("bad_line"), json!("path"), "-"),
            (Some("bad_line"), null.clone(), "-"),
            (None, json!("g"), "a.txt"),
            (Some("bad_line"), null.clone(), "-"),
            (None, json!("g"), "a.txt"),
        ]
    );
    let messages: Vec<&str> = got.iter().filter_map(|r| r["error"]["message"].as_str()).collect();
    for (m, want) in messages.iter().zip(["stdin line 2: not JSON", "stdin line 3: blank line", "stdin line 4: a JSON array", "b.txt: stdin line 5: no \"text\"", "stdin line 6: both", "c.txt: stdin line 7: \"bytes_b64\" is not base64", "d.bin: not text", "stdin line 9: \"path\" must be", "stdin line 10: not JSON", "stdin line 12: not JSON"]) {
        assert!(m.starts_with(want), "{m:?} should start with {want:?}");
    }
    assert_eq!(got[1]["source"]["bytes"], 15, "a bad line's bytes are the line's length");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("vnplan: stdin line 8: d.bin: not text"), "{stderr}");
    assert!(stderr.contains("vnplan: stdin line 2: not JSON"), "{stderr}");
}

#[test]
fn order_holds_over_many_lines_with_a_small_window() {
    let requests: Vec<Value> = (0..1500)
        .map(|i| {
            // Sizes vary so that later lines often finish first.
            let body = "Cơ quan chủ trì: Sở Nội vụ.\n".repeat(1 + (1500 - i) % 37);
            json!({"id": i, "path": format!("p{i}.txt"), "text": format!("KẾ HOẠCH\nSố {i}\n{body}")})
        })
        .collect();
    let out = vnplan(&["extract", "--stdin-jsonl", "-j", "3", "--window", "5"], &jsonl(&requests));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let ids: Vec<u64> = lines(&out).into_iter().map(|l| parse(l)["id"].as_u64().unwrap_or(u64::MAX)).collect();
    assert_eq!(ids, (0..1500).collect::<Vec<u64>>());
}

#[test]
fn limits_apply_to_the_content_and_to_the_line() {
    let dir = std::env::temp_dir().join(format!("vnplan-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.join("big.txt");
    let text = "Kế hoạch số 1/KH-UBND\n".repeat(100);
    std::fs::write(&file, &text).unwrap_or_else(|e| panic!("{e}"));
    let path = file.display().to_string();
    let cli = vnplan(&["extract", "--quiet", "--max-bytes", "1K", &path], b"");
    let huge = "x".repeat(200_000);
    let requests = [json!({"path": path, "text": text}), json!({"id": 1, "text": huge}), json!({"id": 2, "text": "KẾ HOẠCH"})];
    let out = vnplan(&["extract", "--quiet", "--stdin-jsonl", "--max-bytes", "1K"], &jsonl(&requests));
    assert_eq!(out.status.code(), Some(1));
    let got = lines(&out);
    assert_eq!(got.len(), 3);
    assert_eq!(String::from_utf8_lossy(got[0]), String::from_utf8_lossy(&cli.stdout), "content over --max-bytes: the too_large record of the file");
    let long = parse(got[1]);
    assert_eq!((long["error"]["code"].as_str(), long["source"]["bytes"].as_u64()), (Some("bad_line"), Some(requests[1].to_string().len() as u64)), "{long}");
    assert!(long["error"]["message"].as_str().is_some_and(|m| m.contains("longer than the 69632 bytes")), "{long}");
    assert!(long.get("id").is_none(), "a line too long to read has no id");
    assert!(parse(got[2]).get("error").is_none(), "the next line is read as usual");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn encoding_and_stats_apply_as_for_files() {
    let file = common::root().join("corpus/sample/kontum-2019.tcvn3.txt");
    let path = file.display().to_string();
    let raw = std::fs::read(&file).unwrap_or_else(|e| panic!("{e}"));
    let cli = vnplan(&["extract", "--quiet", "--encoding", "tcvn3", &path], b"");
    let out = vnplan(&["extract", "--stdin-jsonl", "--encoding", "tcvn3", "--stats"], &jsonl(&[json!({"path": path, "bytes_b64": base64(&raw)})]));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&cli.stdout));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("vnplan: records"), "--stats report: {stderr}");
}

#[test]
fn paths_or_pretty_with_stdin_jsonl_are_usage_errors() {
    for args in [&["extract", "--stdin-jsonl", "corpus"][..], &["extract", "--stdin-jsonl", "--pretty"], &["extract", "--stdin-jsonl", "--dump", "outline"], &["extract"]] {
        let out = vnplan(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let empty = vnplan(&["extract", "--stdin-jsonl"], b"");
    assert_eq!((empty.status.code(), empty.stdout.len()), (Some(0), 0), "no lines, no records");
}
