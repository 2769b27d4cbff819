//! Fuzz target `record`: any bytes → exactly one record or error record, never a panic.
//!
//! Checks on every input (see docs/ROBUSTNESS.md for how to run it):
//! * the result is a JSON object with `schema: "vnplan/1"` and the SPEC's top-level keys
//!   (an error record has `schema`, `source`, `error`);
//! * it serialises and parses back to the same value;
//! * every `span` is `[start, end]` with `start <= end <= len(source text)`, both on char
//!   boundaries of the decoded source text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const RECORD_KEYS: [&str; 13] = [
    "schema", "source", "document", "sections", "citations", "dates", "tasks", "units", "signature", "recipients",
    "attachments", "warnings", "error",
];

fn spans(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "span" || k == "extent" || k == "place_span" {
                    out.push(x.clone());
                } else {
                    spans(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| spans(x, out)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let record = match vnplan::pipeline::record_for_bytes("fuzz", data) {
        Ok(v) => v,
        Err(v) => {
            assert_eq!(v["schema"], "vnplan/1");
            assert!(v["error"]["code"].is_string(), "error record without a code: {v}");
            assert!(v["source"].is_object());
            return;
        }
    };
    let obj = record.as_object().expect("a record is an object");
    assert_eq!(obj.get("schema"), Some(&Value::from("vnplan/1")));
    for key in &RECORD_KEYS[..12] {
        assert!(obj.contains_key(*key), "record lacks {key}");
    }
    let line = serde_json::to_string(&record).expect("serialises");
    let back: Value = serde_json::from_str(&line).expect("parses back");
    assert_eq!(back, record);
    // Spans index the decoded text, which is what the source stage produces.
    let text = vnplan::source::Source::from_bytes("fuzz", data).expect("decoded once already").text;
    let mut all = Vec::new();
    spans(&record, &mut all);
    for s in all {
        if s.is_null() {
            continue;
        }
        let (Some(a), Some(b)) = (s[0].as_u64(), s[1].as_u64()) else { panic!("malformed span {s}") };
        let (a, b) = (a as usize, b as usize);
        assert!(a <= b && b <= text.len(), "span {a}..{b} outside the source of {} bytes", text.len());
        assert!(text.is_char_boundary(a) && text.is_char_boundary(b), "span {a}..{b} not on char boundaries");
    }
});
