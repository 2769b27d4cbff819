//! vnplan turns Vietnamese government plan texts (Kế hoạch of Ủy ban nhân dân, usually
//! OCR'd or copied out of PDF/Word) into structured `vnplan/1` records.
//!
//! The pipeline runs one way, one module per stage, each taking and returning plain types:
//!
//! ```text
//! bytes ─source─▶ Source ─normalize─▶ Normalized ─segment─▶ Outline ─extract─▶ Extracted ─emit─▶ JSON
//!                 (text)              (paragraphs +         (section   (header, issuer,
//!                                      offset map)           tree)      signature, …)
//! ```
//!
//! Spans inside the pipeline point into the normalised text; [`emit`] maps them back to
//! byte offsets of the decoded source through the offset map recorded while normalising.
//! The library never prints; [`cli`] is the only module that writes to stdout or stderr.
//!
//! ```
//! let src = vnplan::source::Source::from_text("plan.txt", "Số: 215/KH-UBND\n\nKon Tum, ngày 28 tháng 01 năm 2019\n\nKẾ HOẠCH\nHoạt động năm 2019\n");
//! let record = vnplan::pipeline::process(src).record();
//! assert_eq!(record["document"]["number"]["seq"], "215");
//! assert_eq!(record["document"]["date"]["value"], "2019-01-28");
//! ```
#![forbid(unsafe_code)]
#![warn(clippy::print_stdout, clippy::print_stderr)]
#![deny(missing_docs)]

pub mod cites;
pub mod cli;
pub mod diag;
pub mod emit;
pub mod error;
pub mod eval;
pub mod extract;
pub mod gazetteer;
pub mod lexicon;
pub mod normalize;
pub mod pipe;
pub mod pipeline;
pub mod redact;
pub mod segment;
pub mod source;
pub mod span;
pub mod stats;
pub mod tables;
pub mod text;

/// What the unit tests share.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::PathBuf;

    /// Every readable file under `corpus/` and `../shared/corpus-extra/` (when the shared
    /// directory is beside the repository), with its path: the real texts on which the
    /// tests check each fast path against its plain form.
    pub fn corpus_texts() -> Vec<(PathBuf, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("corpus"), root.join("../shared/corpus-extra")];
        let mut out = Vec::new();
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if let Ok(t) = std::fs::read_to_string(&p) {
                    out.push((p, t));
                }
            }
        }
        out
    }

    /// The `crafted` lines, then every line of [`corpus_texts`]: what a test of a fast path
    /// against its plain form runs on. Panics when the corpus was not read, so that such a
    /// test cannot pass on its crafted lines alone.
    pub fn crafted_and_corpus_lines(crafted: &[&str]) -> Vec<String> {
        let mut lines: Vec<String> = crafted.iter().map(|s| s.to_string()).collect();
        for (_, t) in corpus_texts() {
            lines.extend(t.lines().map(str::to_string));
        }
        assert!(lines.len() > crafted.len() + 1000, "no corpus read");
        lines
    }
}
