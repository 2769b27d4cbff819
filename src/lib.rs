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
