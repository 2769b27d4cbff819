//! Accuracy against the gold files, measured with the SPEC's metric (`vnplan::eval`, the
//! Rust port of `score.py`). Each bar is a promise of an issue's "Done when"; a drop below
//! it fails the build. Fields that later issues fill (citations, tasks, …) get their bars
//! when those issues land.

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (column, bar). Issue 2, "The engine, end to end": document, sections, headings,
/// signature, recipients. Issue 3, "Cited documents and dates": citations (F1 = 1),
/// citation dates and issuers, deadlines.
const BARS: &[(&str, f64)] = &[
    ("document", 0.95),
    ("sections", 0.97),
    ("headings", 0.95),
    ("signature", 0.95),
    ("recipients", 0.90),
    ("citations", 1.0),
    ("cit_dates", 0.97),
    ("cit_issuers", 0.90),
    ("deadlines", 0.90),
    // Issue 4, "Tasks and responsible units".
    ("tasks", 0.95),
    ("timeframes", 0.90),
    ("assignments", 0.90),
    ("units", 0.90),
];

#[test]
fn corpus_meets_the_accuracy_bars() {
    let golds = vnplan::eval::load_gold_dir(&root().join("corpus/gold")).expect("corpus/gold");
    assert_eq!(golds.len(), 5, "expected the five gold files");
    let mut records = Vec::new();
    for (name, _) in &golds {
        let path = root().join("corpus").join(format!("{name}.txt"));
        let raw = std::fs::read(&path).expect("corpus file for every gold file");
        let src = vnplan::source::Source::from_bytes(&format!("corpus/{name}.txt"), &raw).expect("text");
        records.push(vnplan::pipeline::process(src).record());
    }
    let report = vnplan::eval::score(&records, &golds);
    let mut failures = Vec::new();
    for &(column, bar) in BARS {
        let got = report.total(column).unwrap_or(0.0);
        if got < bar {
            failures.push(format!("{column}: {got:.3} < {bar:.2}"));
        }
    }
    assert!(failures.is_empty(), "accuracy below the bar:\n{}\n\n{}", failures.join("\n"), report.table(true));
}

#[test]
fn gold_files_in_the_repo_equal_the_shared_ones() {
    // The repo carries a copy of ../shared/gold so that the accuracy test runs anywhere;
    // this keeps the copy honest.
    let shared = root().join("../shared/gold");
    assert!(shared.is_dir(), "../shared/gold is missing");
    for entry in std::fs::read_dir(&shared).expect("list").flatten() {
        let name = entry.file_name();
        let ours = std::fs::read(root().join("corpus/gold").join(&name)).unwrap_or_default();
        assert_eq!(ours, std::fs::read(entry.path()).expect("read"), "corpus/gold/{} differs from ../shared/gold", name.to_string_lossy());
    }
}
