//! Throughput of each stage and of the whole pipeline, in bytes/s, on named samples:
//! `empty`, `one-plan` (kontum-2019), `corpus` (the five plans). Every benchmark checks its
//! result (record counts, section counts) so that it cannot time a broken pipeline.
//!
//! Run: `cargo bench --bench pipeline`. Results and the machine they were taken on are
//! recorded in `docs/PERFORMANCE.md`.

use std::hint::black_box;

use divan::counter::BytesCount;
use divan::Bencher;
use vnplan::extract::{self, Doc};
use vnplan::normalize;
use vnplan::pipeline;
use vnplan::segment;
use vnplan::source::Source;

fn main() {
    divan::main();
}

struct Sample {
    name: &'static str,
    docs: Vec<(String, Vec<u8>)>,
    /// Sections the sample must yield, summed over its documents.
    sections: usize,
}

fn corpus_file(name: &str) -> (String, Vec<u8>) {
    let path = format!("{}/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    (path.clone(), std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

fn samples() -> Vec<Sample> {
    let all = ["caoxa-2023.txt", "daklak-2023.txt", "hongngu-2020.txt", "kongchro-2023.txt", "kontum-2019.txt"];
    vec![
        Sample { name: "empty", docs: vec![("empty".into(), Vec::new())], sections: 0 },
        Sample { name: "one-plan", docs: vec![corpus_file("kontum-2019.txt")], sections: 26 },
        Sample { name: "corpus", docs: all.iter().map(|n| corpus_file(n)).collect(), sections: 130 },
    ]
}

const NAMES: &[&str] = &["empty", "one-plan", "corpus"];

fn sample(name: &str) -> Sample {
    samples().into_iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no sample {name}"))
}

fn bytes(s: &Sample) -> usize {
    s.docs.iter().map(|(_, b)| b.len()).sum()
}

#[divan::bench(args = NAMES)]
fn decode(b: Bencher, name: &str) {
    let s = sample(name);
    b.counter(BytesCount::new(bytes(&s))).bench(|| {
        let n = s.docs.iter().filter_map(|(p, raw)| Source::from_bytes(p, black_box(raw)).ok()).count();
        assert_eq!(n, s.docs.len());
    });
}

#[divan::bench(args = NAMES)]
fn normalize(b: Bencher, name: &str) {
    let s = sample(name);
    let texts: Vec<String> = s.docs.iter().map(|(_, raw)| String::from_utf8_lossy(raw).into_owned()).collect();
    b.counter(BytesCount::new(bytes(&s))).bench(|| {
        let paras: usize = texts.iter().map(|t| normalize::normalize(black_box(t)).paras.len()).sum();
        assert!(paras > 0 || s.sections == 0);
    });
}

#[divan::bench(args = NAMES)]
fn segment(b: Bencher, name: &str) {
    let s = sample(name);
    let norms: Vec<_> = s.docs.iter().map(|(_, raw)| normalize::normalize(&String::from_utf8_lossy(raw))).collect();
    b.counter(BytesCount::new(bytes(&s))).bench(|| {
        let n: usize = norms.iter().map(|n| segment::segment(black_box(n), &mut Vec::new()).sections.len()).sum();
        assert_eq!(n, s.sections);
    });
}

#[divan::bench(args = NAMES)]
fn extract(b: Bencher, name: &str) {
    let s = sample(name);
    let prepared: Vec<_> = s
        .docs
        .iter()
        .map(|(_, raw)| {
            let n = normalize::normalize(&String::from_utf8_lossy(raw));
            let o = segment::segment(&n, &mut Vec::new());
            (n, o)
        })
        .collect();
    b.counter(BytesCount::new(bytes(&s))).bench(|| {
        for (n, o) in &prepared {
            black_box(extract::extract(Doc { norm: n, outline: o }, &mut Vec::new()));
        }
    });
}

#[divan::bench(args = NAMES)]
fn end_to_end(b: Bencher, name: &str) {
    let s = sample(name);
    b.counter(BytesCount::new(bytes(&s))).bench(|| {
        let mut sections = 0;
        for (p, raw) in &s.docs {
            let r = match pipeline::record_for_bytes(p, black_box(raw)) {
                Ok(v) | Err(v) => v,
            };
            let line = serde_json::to_vec(&r).unwrap_or_default();
            assert!(!line.is_empty());
            sections += count_sections(&r["sections"]);
        }
        assert_eq!(sections, s.sections);
    });
}

fn count_sections(v: &serde_json::Value) -> usize {
    v.as_array().map_or(0, |a| a.iter().map(|s| 1 + count_sections(&s["children"])).sum())
}
