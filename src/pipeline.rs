//! The whole pipeline for one input: decode → normalise → segment → extract → emit, plus
//! the debugging views of each stage (`vnplan extract --dump <stage>`).

use std::fmt::Write as _;

use serde_json::Value;

use crate::diag::Warning;
use crate::emit;
use crate::extract::{self, Doc, Extracted};
use crate::normalize::{self, Normalized};
use crate::segment::{self, Outline};
use crate::source::Source;

/// Every stage's result for one document, for callers that want more than the record.
#[derive(Debug)]
pub struct Processed {
    /// The decoded input.
    pub source: Source,
    /// Its normalised text.
    pub normalized: Normalized,
    /// Its section tree.
    pub outline: Outline,
    /// Its fields.
    pub extracted: Extracted,
    /// Warnings from every stage, in stage order.
    pub warnings: Vec<Warning>,
}

/// Runs every stage on a decoded source.
pub fn process(source: Source) -> Processed {
    // Decoding's findings (replaced bytes, restored capitals) come first, as the stage order.
    let mut warnings = source.warnings.clone();
    let normalized = normalize::normalize(&source.text);
    if normalized.text.is_empty() {
        warnings.push(Warning::doc("empty", "the input has no text"));
    }
    // Every repair the normaliser made is counted in one warning of its own.
    let r = &normalized.repairs;
    let repairs = [
        (r.glued_words, "glued_words_split", "word(s) glued by text extraction were split with the syllable list"),
        (r.segmented_words, "segmented_text_joined", "syllable joint(s) '_' of word-segmented text made spaces"),
        (r.punctuation_reattached, "punctuation_reattached", "punctuation mark(s) set off by a space put back onto their word"),
        (r.site_chrome, "site_chrome_removed", "line(s) of website banner, metadata or login text around the document were left out"),
        (r.escaped_breaks, "escaped_line_breaks", "escaped line break(s) (literal \\r\\n or \\n) taken as line breaks"),
        (r.flattened_lines, "flattened_text_split", "line(s) holding a whole flattened document were cut at its headings and header items"),
        (r.confusables, "confusables_replaced", "look-alike letter(s) (Ð for Đ) were replaced"),
    ];
    for (count, code, what) in repairs {
        if count > 0 {
            warnings.push(Warning::doc(code, format!("{count} {what}")));
        }
    }
    let outline = segment::segment(&normalized, &mut warnings);
    let extracted = extract::extract(Doc { norm: &normalized, outline: &outline }, &mut warnings);
    Processed { source, normalized, outline, extracted, warnings }
}

impl Processed {
    /// The `vnplan/1` record.
    pub fn record(&self) -> Value {
        emit::record(&self.source, &self.normalized, &self.outline, &self.extracted, &self.warnings)
    }

    /// The `vnplan/1` record as one line of JSON (with its `\n`), written straight from the
    /// extracted values: the same bytes as serialising [`record`](Self::record), at a
    /// fraction of the cost.
    pub fn record_line(&self, pretty: bool) -> Vec<u8> {
        let typed = emit::typed(&self.source, &self.normalized, &self.outline, &self.extracted, &self.warnings);
        // A record is about as long as its text, often longer (spans, keys, paths): room for
        // half as much again spares most records a copy while it grows.
        let len = self.source.text.len();
        let mut out = Vec::with_capacity(len + len / 2 + 4096);
        let failed = if pretty { serde_json::to_writer_pretty(&mut out, &typed).is_err() } else { emit::write_compact(&mut out, &typed).is_err() };
        if failed {
            // Cannot happen for these types; an empty object keeps one line per input.
            out.clear();
            out.extend_from_slice(b"{}");
        }
        out.push(b'\n');
        out
    }

    /// The record with the phone numbers, ID numbers and birth dates of the annexes replaced
    /// (`vnplan extract --redact`, [`crate::redact`]); the plain record when there are none.
    pub fn redacted_record(&self) -> Value {
        let mut record = self.record();
        crate::redact::detect(&self.normalized).apply(&mut record);
        record
    }
}

/// Decodes raw bytes and returns the record, or the error record when they are not text.
pub fn record_for_bytes(path: &str, raw: &[u8]) -> Result<Value, Value> {
    match Source::from_bytes(path, raw) {
        Ok(src) => Ok(process(src).record()),
        Err(e) => Err(emit::error_record(path, Some(raw.len() as u64), &e)),
    }
}

/// A stage whose intermediate result can be printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The normalised text, one paragraph per line, with zone and joined-line count.
    Normalized,
    /// The section tree as an indented outline.
    Outline,
    /// The record as pretty JSON.
    Record,
}

/// A human-readable view of one stage, the same shape the snapshot tests use.
pub fn dump(p: &Processed, stage: Stage) -> String {
    let mut out = String::new();
    match stage {
        Stage::Normalized => {
            let _ = writeln!(out, "# {} (width {:?}, blank lines are noise: {})", p.source.path, p.normalized.habits.width, p.normalized.habits.blank_noise);
            for (i, para) in p.normalized.paras.iter().enumerate() {
                let _ = writeln!(out, "{:<7} {:>2} | {}", format!("{:?}", para.zone), para.lines, p.normalized.para_text(i));
            }
        }
        Stage::Outline => out = outline_text(p),
        Stage::Record => out = serde_json::to_string_pretty(&p.record()).unwrap_or_default() + "\n",
    }
    out
}

/// [`dump`] for `--redact`: the redacted record, or the stage's text with the values
/// [`crate::redact`] finds replaced, so that a debugging view does not show them either.
pub fn dump_redacted(p: &Processed, stage: Stage) -> String {
    match stage {
        Stage::Record => serde_json::to_string_pretty(&p.redacted_record()).unwrap_or_default() + "\n",
        _ => {
            let out = dump(p, stage);
            crate::redact::detect(&p.normalized).redact_text(&out).map_or(out, |(text, _)| text)
        }
    }
}

/// The outline as indented text: `id  [role] heading`.
pub fn outline_text(p: &Processed) -> String {
    let mut out = String::new();
    for s in &p.outline.sections {
        let indent = "  ".repeat(s.level.saturating_sub(1));
        let role = s.role.map(|r| format!(" [{}]", r.as_str())).unwrap_or_default();
        let _ = writeln!(out, "{indent}{}{role} {}", s.id, p.normalized.slice(s.heading));
    }
    out
}
