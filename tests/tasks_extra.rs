//! Tasks on real plans beyond the gold corpus (issue "Tasks and responsible units"): the 23
//! Kế hoạch of `../shared/corpus-extra/tvpl/`, and every document of corpus-extra for the
//! shape of leads.

mod common;

use serde_json::Value;

fn record(path: &std::path::Path) -> Option<Value> {
    let raw = std::fs::read(path).ok()?;
    let src = vnplan::source::Source::from_bytes("x", &raw).ok()?;
    Some(vnplan::pipeline::process(src).record())
}

#[test]
fn no_lead_is_a_sentence_fragment() {
    let mut problems = Vec::new();
    for path in common::all_files(&common::shared().join("corpus-extra")) {
        if !path.extension().is_some_and(|e| e == "txt" || e == "md") {
            continue;
        }
        let Some(r) = record(&path) else { continue };
        for t in r["tasks"].as_array().into_iter().flatten() {
            for l in t["lead"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if l.chars().count() > 120 {
                    problems.push(format!("{}: lead of {} is {} chars: {l:?}", path.display(), t["id"], l.chars().count()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn tvpl_plans_with_assignment_sections_yield_tasks() {
    let dir = common::shared().join("corpus-extra/tvpl");
    let plans: Vec<_> = common::all_files(&dir).into_iter().filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("kh-"))).collect();
    assert_eq!(plans.len(), 23, "the 23 Kế hoạch of corpus-extra/tvpl");
    let mut with_tasks = Vec::new();
    let mut without = Vec::new();
    for p in &plans {
        let r = record(p).expect("text");
        let led = r["tasks"].as_array().is_some_and(|ts| ts.iter().any(|t| t["lead"].as_array().is_some_and(|l| !l.is_empty())));
        let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        if led { with_tasks.push(name) } else { without.push(name) }
    }
    // Measured 2026-11-22: 21 of 23. The two without tasks (kh-ubnd-157, kh-ubnd-0204) keep
    // their assignments in annex tables, which this version does not read yet (see the
    // issue note); the floor makes any regression fail.
    assert!(with_tasks.len() >= 21, "only {} of 23 plans yield tasks; without: {without:?}", with_tasks.len());
}
