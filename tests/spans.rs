//! Spans point at their evidence: for every item that carries a text and a span, the source
//! slice of the span, normalised on its own, is the item's text (SPEC "Conventions"; issue
//! "Done when": checked for all records). Checked on the corpus and on every document of
//! `../shared/corpus-extra`, which has far messier layouts.

mod common;

use serde_json::Value;

fn check(path: &std::path::Path, text: &str, record: &Value, require_items: bool) -> Vec<String> {
    let mut objs = Vec::new();
    common::objects(record, &mut objs);
    let mut problems = Vec::new();
    let mut checked = 0;
    for o in objs {
        let Some(Value::Array(span)) = o.get("span") else { continue };
        let (Some(s), Some(e)) = (span.first().and_then(Value::as_u64), span.get(1).and_then(Value::as_u64)) else {
            problems.push(format!("{}: malformed span {span:?}", path.display()));
            continue;
        };
        let Some(slice) = text.get(s as usize..e as usize) else {
            problems.push(format!("{}: span {s}..{e} is not on char boundaries of the source", path.display()));
            continue;
        };
        let expected = o.get("text").or_else(|| o.get("heading")).and_then(Value::as_str);
        if let Some(expected) = expected {
            checked += 1;
            let got = vnplan::normalize::inline(slice);
            if got != expected {
                problems.push(format!("{}: span {s}..{e}\n  slice normalises to {got:?}\n  item text is        {expected:?}", path.display()));
            }
        }
    }
    if require_items && checked == 0 && record.get("error").is_none() && !text.trim().is_empty() {
        problems.push(format!("{}: no item with a text and a span was checked", path.display()));
    }
    problems
}

#[test]
fn corpus_spans_slice_their_evidence() {
    let mut problems = Vec::new();
    for path in common::txt_files(&common::root().join("corpus")) {
        let (text, record) = common::record_of(&path);
        problems.extend(check(&path, &text, &record, true));
    }
    assert!(problems.is_empty(), "{} span problem(s):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn corpus_extra_spans_slice_their_evidence() {
    let mut problems = Vec::new();
    let files = common::all_files(&common::shared().join("corpus-extra"));
    assert!(files.len() > 500, "expected the 550 documents of corpus-extra");
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md")) {
        let raw = std::fs::read(path).expect("read");
        let Ok(src) = vnplan::source::Source::from_bytes("x", &raw) else { continue };
        let text = src.text.clone();
        let record = vnplan::pipeline::process(src).record();
        problems.extend(check(path, &text, &record, false));
    }
    assert!(problems.is_empty(), "{} span problem(s):\n{}", problems.len(), problems.iter().take(20).cloned().collect::<Vec<_>>().join("\n"));
}
