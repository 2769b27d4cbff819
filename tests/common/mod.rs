//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository (CI puts it there; see README "Running the tests").
pub fn shared() -> PathBuf {
    let p = root().join("../shared");
    assert!(p.is_dir(), "../shared is missing: the tests need the shared corpus beside the repository");
    p
}

/// The sorted `*.txt` files of a directory.
pub fn txt_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

/// Every file under a directory, recursively, sorted.
pub fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("cannot list {}: {e}", d.display())).flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The record for a file, processed by the library.
pub fn record_of(path: &Path) -> (String, Value) {
    let raw = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let src = vnplan::source::Source::from_bytes(&format!("corpus/{name}"), &raw).expect("corpus files are text");
    let text = src.text.clone();
    (text, vnplan::pipeline::process(src).record())
}

/// Visits every JSON object in a value, depth first.
pub fn objects<'v>(v: &'v Value, out: &mut Vec<&'v serde_json::Map<String, Value>>) {
    match v {
        Value::Object(m) => {
            out.push(m);
            for x in m.values() {
                objects(x, out);
            }
        }
        Value::Array(a) => {
            for x in a {
                objects(x, out);
            }
        }
        _ => {}
    }
}

/// `v` without its span fields (`span`, `*_span`, `extent`): for comparing records of texts
/// whose bytes differ (the same plan in another encoding).
pub fn without_spans(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.into_iter().filter(|(k, _)| !(k.ends_with("span") || k == "extent")).map(|(k, x)| (k, without_spans(x))).collect()),
        Value::Array(a) => Value::Array(a.into_iter().map(without_spans).collect()),
        other => other,
    }
}
