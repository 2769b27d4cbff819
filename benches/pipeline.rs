//! Throughput of each stage and of the whole pipeline, in bytes/s, on named samples:
//! `empty`, `one-plan` (kontum-2019), `corpus` (the five plans) and `extra` (the 550 files
//! of `../shared/corpus-extra`: tvpl, commune, segmented; left out with a message when that
//! directory is missing). Next to them, `baseline` times what any converter must do at
//! least: read the files from disk, validate UTF-8 and NFC-quick-check the text
//! ([`vnplan::cli::quick_check`], the same pass as `vnplan baseline`). After divan's table a
//! summary prints the end-to-end / baseline ratio per sample, measured in the same run.
//!
//! Every benchmark checks its result (record counts, section counts, issuers found) so that
//! it cannot time a broken pipeline. The gold samples' counts are exact; `extra` has no gold,
//! so its counts are bounded to a band around the value at the time of writing (bug fixes
//! move them a little, a broken stage moves them a lot).
//!
//! `emit` and `end_to_end` write the JSON line as `vnplan extract` does, straight from the
//! extracted fields (`Processed::record_line`), not through a `serde_json::Value`.
//!
//! Run: `cargo bench --bench pipeline` (about three minutes). One benchmark only: `cargo bench --bench pipeline -- end_to_end`. Results and
//! the machine they were taken on are recorded in `docs/PERFORMANCE.md`.

use std::hint::black_box;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use divan::counter::BytesCount;
use divan::Bencher;
use vnplan::extract::{self, Doc};
use vnplan::normalize::{self, Normalized};
use vnplan::pipeline;
use vnplan::segment::{self, Outline};
use vnplan::source::Source;
use vnplan::cli;

fn main() {
    divan::main();
    // `cargo bench` passes --bench; `cargo test --benches` does not (divan then runs each
    // benchmark once as a test), and the summary is skipped.
    if std::env::args().any(|a| a == "--bench") {
        ratio_summary();
    }
}

/// A named set of documents and the counts they must yield.
struct Sample {
    name: &'static str,
    /// The files, in sorted order, and their bytes.
    docs: Vec<(PathBuf, Vec<u8>)>,
    /// Sections the sample must yield, summed over its documents.
    sections: RangeInclusive<usize>,
    /// Documents whose issuer must be found.
    issuers: RangeInclusive<usize>,
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn extra_dir() -> PathBuf {
    manifest().join("../shared/corpus-extra")
}

fn load(paths: Vec<PathBuf>) -> Vec<(PathBuf, Vec<u8>)> {
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, bytes)
        })
        .collect()
}

/// The `*.txt` and `*.md` files below `dir`, sorted.
fn files_below(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            files_below(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt" || e == "md") {
            out.push(p);
        }
    }
    out.sort();
}

fn sample(name: &str) -> Sample {
    let corpus = |f: &str| manifest().join("corpus").join(f);
    match name {
        "empty" => {
            let p = Path::new(env!("CARGO_TARGET_TMPDIR")).join("vnplan-bench-empty.txt");
            std::fs::write(&p, b"").unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            Sample { name: "empty", docs: load(vec![p]), sections: 0..=0, issuers: 0..=0 }
        }
        "one-plan" => Sample { name: "one-plan", docs: load(vec![corpus("kontum-2019.txt")]), sections: 26..=26, issuers: 1..=1 },
        "corpus" => {
            let files = ["caoxa-2023.txt", "daklak-2023.txt", "hongngu-2020.txt", "kongchro-2023.txt", "kontum-2019.txt"];
            Sample { name: "corpus", docs: load(files.iter().map(|f| corpus(f)).collect()), sections: 130..=130, issuers: 5..=5 }
        }
        "extra" => {
            let mut files = Vec::new();
            for sub in ["commune", "segmented", "tvpl"] {
                files_below(&extra_dir().join(sub), &mut files);
            }
            assert_eq!(files.len(), 550, "corpus-extra has 550 documents");
            // When this was written (after 46af806): 23,415 sections, 444 issuers. The band allows
            // for fixes; a broken stage falls outside it.
            Sample { name: "extra", docs: load(files), sections: 20_000..=27_000, issuers: 400..=500 }
        }
        _ => panic!("no sample {name}"),
    }
}

/// The samples to run: `extra` only when `../shared/corpus-extra` is there.
fn names() -> Vec<&'static str> {
    let mut v = vec!["empty", "one-plan", "corpus"];
    if extra_dir().is_dir() {
        v.push("extra");
    } else {
        eprintln!("benches/pipeline: {} is missing; the `extra` sample is skipped", extra_dir().display());
    }
    v
}

fn bytes(s: &Sample) -> usize {
    s.docs.iter().map(|(_, b)| b.len()).sum()
}

fn path_str(p: &Path) -> String {
    p.display().to_string()
}

fn check(what: &str, s: &Sample, n: usize, want: &RangeInclusive<usize>) {
    assert!(want.contains(&n), "{}: {n} {what}, expected {want:?}", s.name);
}

fn decoded(s: &Sample) -> Vec<Source> {
    s.docs.iter().map(|(p, raw)| Source::from_bytes(&path_str(p), raw).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).collect()
}

fn stages(s: &Sample) -> Vec<(Source, Normalized, Outline)> {
    decoded(s)
        .into_iter()
        .map(|src| {
            let n = normalize::normalize(&src.text);
            let o = segment::segment(&n, &mut Vec::new());
            (src, n, o)
        })
        .collect()
}

#[divan::bench(args = names(), max_time = 3)]
fn baseline(b: Bencher, name: &str) {
    let s = sample(name);
    b.counter(BytesCount::new(bytes(&s))).bench(|| {
        let mut utf8 = 0;
        for (p, _) in &s.docs {
            let raw = std::fs::read(black_box(p)).unwrap_or_default();
            utf8 += usize::from(cli::quick_check(&raw).utf8);
        }
        assert_eq!(utf8, s.docs.len(), "{}: every file is UTF-8", s.name);
    });
}

#[divan::bench(args = names(), max_time = 3)]
fn decode(b: Bencher, name: &str) {
    let s = sample(name);
    let paths: Vec<String> = s.docs.iter().map(|(p, _)| path_str(p)).collect();
    b.counter(BytesCount::new(bytes(&s))).bench(|| {
        let n = s.docs.iter().zip(&paths).filter_map(|((_, raw), p)| Source::from_bytes(p, black_box(raw)).ok()).count();
        assert_eq!(n, s.docs.len());
    });
}

#[divan::bench(args = names(), max_time = 3)]
fn normalize(b: Bencher, name: &str) {
    let s = sample(name);
    let texts: Vec<String> = decoded(&s).into_iter().map(|src| src.text).collect();
    let nonempty = texts.iter().filter(|t| !t.trim().is_empty()).count();
    b.counter(BytesCount::new(bytes(&s))).bench(|| {
        let with_paras = texts.iter().filter(|t| !normalize::normalize(black_box(t)).paras.is_empty()).count();
        assert_eq!(with_paras, nonempty, "{}: every non-blank text has paragraphs", s.name);
    });
}

#[divan::bench(args = names(), max_time = 3)]
fn segment(b: Bencher, name: &str) {
    let s = sample(name);
    let norms: Vec<Normalized> = decoded(&s).iter().map(|src| normalize::normalize(&src.text)).collect();
    b.counter(BytesCount::new(bytes(&s))).bench(|| {
        let n: usize = norms.iter().map(|n| count_outline(&segment::segment(black_box(n), &mut Vec::new()))).sum();
        check("sections", &s, n, &s.sections);
    });
}

#[divan::bench(args = names(), max_time = 3)]
fn extract(b: Bencher, name: &str) {
    let s = sample(name);
    let prepared = stages(&s);
    b.counter(BytesCount::new(bytes(&s))).bench(|| {
        let mut issuers = 0;
        for (_, n, o) in &prepared {
            let ex = extract::extract(Doc { norm: black_box(n), outline: o }, &mut Vec::new());
            issuers += usize::from(ex.issuer.is_some());
        }
        check("issuers", &s, issuers, &s.issuers);
    });
}

#[divan::bench(args = names(), max_time = 3)]
fn emit(b: Bencher, name: &str) {
    let s = sample(name);
    let prepared: Vec<pipeline::Processed> = stages(&s)
        .into_iter()
        .map(|(source, normalized, outline)| {
            let mut warnings = Vec::new();
            let extracted = extract::extract(Doc { norm: &normalized, outline: &outline }, &mut warnings);
            pipeline::Processed { source, normalized, outline, extracted, warnings }
        })
        .collect();
    // Counting `extent` keys finds the sections the record's tree holds (checked untimed).
    for p in &prepared {
        assert_eq!(sections_in_line(&p.record_line(false)), count_sections(&p.record()["sections"]), "{}", p.source.path);
    }
    b.counter(BytesCount::new(bytes(&s))).bench(|| {
        let mut sections = 0;
        for p in &prepared {
            // The JSON line as `vnplan extract` writes it (straight from the fields).
            let line = black_box(p).record_line(false);
            assert!(line.starts_with(b"{\"schema\":\"vnplan/1\""), "{}: not a record", s.name);
            sections += sections_in_line(&line);
        }
        check("sections", &s, sections, &s.sections);
    });
}

/// The sections of a record's JSON line: each section object, and nothing else, has an
/// `extent` (a string value holding the word has its quotes escaped).
fn sections_in_line(line: &[u8]) -> usize {
    memchr::memmem::find_iter(line, b"\"extent\":").count()
}

/// The whole pipeline as `vnplan extract` runs it on one core: read the file from disk,
/// decode, normalise, segment, extract, emit, serialise the JSON line.
#[divan::bench(args = names(), max_time = 3)]
fn end_to_end(b: Bencher, name: &str) {
    let s = sample(name);
    b.counter(BytesCount::new(bytes(&s))).bench(|| check("sections", &s, end_to_end_pass(&s), &s.sections));
}

/// One end-to-end pass over a sample; returns the sections found.
fn end_to_end_pass(s: &Sample) -> usize {
    let mut sections = 0;
    for (p, _) in &s.docs {
        let raw = std::fs::read(black_box(p)).unwrap_or_default();
        // As `vnplan extract` does per file: decode, the stages, the JSON line written
        // straight from the fields.
        let source = Source::from_bytes(&path_str(p), &raw).unwrap_or_else(|e| panic!("{}: error record {e}", p.display()));
        let line = pipeline::process(source).record_line(false);
        sections += sections_in_line(&line);
    }
    sections
}

/// One baseline pass over a sample; returns the files that are UTF-8.
fn baseline_pass(s: &Sample) -> usize {
    s.docs.iter().filter(|(p, _)| cli::quick_check(&std::fs::read(black_box(p)).unwrap_or_default()).utf8).count()
}

/// The fastest of a few runs of `f` (at least 3 and at least half a second).
fn fastest(mut f: impl FnMut()) -> Duration {
    let (start, mut best, mut runs) = (Instant::now(), Duration::MAX, 0);
    while runs < 3 || start.elapsed() < Duration::from_millis(500) {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed());
        runs += 1;
    }
    best
}

/// Prints end to end and baseline in MB/s and their ratio, per sample, timed back to back.
fn ratio_summary() {
    println!("\nvnplan / baseline, one core, best of ≥ 3 runs (MB = 10^6 bytes):");
    println!("| sample | MB | baseline MB/s | end to end MB/s | ratio |");
    println!("| --- | --- | --- | --- | --- |");
    for name in names().into_iter().filter(|n| *n != "empty") {
        let s = sample(name);
        let mb = bytes(&s) as f64 / 1e6;
        let base = fastest(|| assert_eq!(baseline_pass(&s), s.docs.len()));
        let e2e = fastest(|| check("sections", &s, end_to_end_pass(&s), &s.sections));
        let (base_rate, e2e_rate) = (mb / base.as_secs_f64(), mb / e2e.as_secs_f64());
        println!("| {name} | {mb:.2} | {base_rate:.0} | {e2e_rate:.1} | {:.1}× |", base_rate / e2e_rate);
    }
}

fn count_outline(o: &Outline) -> usize {
    o.sections.len()
}

fn count_sections(v: &serde_json::Value) -> usize {
    v.as_array().map_or(0, |a| a.iter().map(|s| 1 + count_sections(&s["children"])).sum())
}
