//! Runs every named fixture in `fixtures/` (see `fixtures/README.md` for the format).

mod common;

use serde_json::Value;

/// `expected` ⊆ `actual`: objects by key, arrays element by element with equal length.
fn partial_match(path: &str, expected: &Value, actual: &Value, problems: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => partial_match(&format!("{path}.{k}"), ev, av, problems),
                    None => problems.push(format!("{path}.{k}: missing")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                problems.push(format!("{path}: {} items expected, {} found: {a:?}", e.len(), a.len()));
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                partial_match(&format!("{path}[{i}]"), ev, av, problems);
            }
        }
        _ if expected == actual => {}
        _ => problems.push(format!("{path}: expected {expected}, found {actual}")),
    }
}

#[test]
fn every_fixture_meets_its_expectation() {
    let mut problems = Vec::new();
    let mut count = 0;
    for path in common::all_files(&common::root().join("fixtures")) {
        let name = path.display().to_string();
        if !(name.ends_with(".txt") || name.ends_with(".md")) || name.ends_with("README.md") || name.contains("/eval/") || name.contains("/extract/") {
            continue;
        }
        let expect_path = path.with_extension("expect.json");
        let expect: Value = serde_json::from_str(&std::fs::read_to_string(&expect_path).unwrap_or_else(|_| panic!("{name} has no .expect.json")))
            .unwrap_or_else(|e| panic!("{}: {e}", expect_path.display()));
        count += 1;
        let raw = std::fs::read(&path).expect("read fixture");
        let src = vnplan::source::Source::from_bytes(&name, &raw).expect("fixtures are text");
        let p = vnplan::pipeline::process(src);
        let record = p.record();
        let mut local = Vec::new();
        if let Some(paras) = expect.get("paragraphs") {
            let got: Vec<&str> = (0..p.normalized.paras.len()).map(|i| p.normalized.para_text(i)).collect();
            partial_match("paragraphs", paras, &serde_json::json!(got), &mut local);
        }
        if let Some(ids) = expect.get("section_ids") {
            let got: Vec<&str> = p.outline.sections.iter().map(|s| s.id.as_str()).collect();
            partial_match("section_ids", ids, &serde_json::json!(got), &mut local);
        }
        if let Some(r) = expect.get("record") {
            partial_match("record", r, &record, &mut local);
        }
        let codes: Vec<&str> = p.warnings.iter().map(|w| w.code).collect();
        // Listed warning codes must all be present (with multiplicity); absent ones not.
        let mut left = codes.clone();
        for w in expect.get("warnings").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            match left.iter().position(|c| *c == w) {
                Some(i) => {
                    left.remove(i);
                }
                None => local.push(format!("warnings: {w} expected in {codes:?}")),
            }
        }
        for w in expect.get("absent_warnings").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if codes.contains(&w) {
                local.push(format!("warnings: {w} must not be in {codes:?}"));
            }
        }
        problems.extend(local.into_iter().map(|p| format!("{name}: {p}")));
    }
    assert!(count >= 15, "only {count} fixtures found");
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

/// Case tables: `fixtures/extract/<field>.json` = `[{name, input, expect: [item…], warnings?}]`;
/// the record's `<field>` list must have exactly as many items, each matching its expected
/// item partially.
fn run_table(field: &str) {
    let path = common::root().join(format!("fixtures/extract/{field}.json"));
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&path).expect("case table")).expect("valid JSON");
    assert!(cases.len() >= 5, "{field}: only {} cases", cases.len());
    let mut problems = Vec::new();
    let mut names = std::collections::HashSet::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        assert!(names.insert(name.to_string()), "duplicate case name {name}");
        let input = case["input"].as_str().unwrap_or("");
        let p = vnplan::pipeline::process(vnplan::source::Source::from_text(name, input));
        let record = p.record();
        let mut local = Vec::new();
        partial_match(field, &case["expect"], &record[field], &mut local);
        let codes: Vec<&str> = p.warnings.iter().map(|w| w.code).collect();
        for w in case.get("warnings").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if !codes.contains(&w) {
                local.push(format!("warning {w} expected in {codes:?}"));
            }
        }
        problems.extend(local.into_iter().map(|p| format!("{name}: {p}")));
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn citation_cases() {
    run_table("citations");
}

#[test]
fn date_cases() {
    run_table("dates");
}

#[test]
fn task_cases() {
    run_table("tasks");
}
