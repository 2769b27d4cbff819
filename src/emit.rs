//! Emit: extracted values → the `vnplan/1` JSON record (SPEC.md; every field is documented
//! in `docs/FORMAT.md`).
//!
//! This is the one place where spans change meaning: inside the pipeline they point into the
//! normalised text, here they are mapped through the offset map to byte offsets into the
//! decoded source text, written as `[start, end]`.


mod json;

use serde::{Serialize, Serializer};
use serde_json::{json, Value};

use crate::diag::Warning;
use crate::error::Error;
use crate::extract::{Extracted, Found};
use crate::normalize::Normalized;
use crate::segment::{Outline, Section};
use crate::source::Source;
use crate::span::Span;

/// The schema name written in every record.
pub const SCHEMA: &str = "vnplan/1";

// The record is a tree of borrowed, typed values serialised straight to JSON: building a
// `serde_json::Value` first (an ordered map with an owned key per field) and then walking it
// cost a fifth of all the work per document. Field order here is the key order of the
// output; `record` turns the same tree into a `Value` for callers that edit records, so the
// two can never differ.

/// A source span `[start, end]`.
type SrcSpan = (usize, usize);

/// A date written as its ISO 8601 string (its `Display` form), without an intermediate
/// `String`.
struct AsStr<T>(T);

/// A date is written as its ISO string, formatted on the stack.
impl Serialize for AsStr<&crate::extract::date::PartialDate> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.iso().as_str())
    }
}

#[derive(Serialize)]
struct FoundOut<'a> {
    text: &'a str,
    span: SrcSpan,
}

#[derive(Serialize)]
struct SourceOut<'a> {
    path: &'a str,
    bytes: u64,
    sha256: &'a str,
    encoding: &'a str,
    encoding_confidence: f64,
}

#[derive(Serialize)]
struct TypeOut<'a> {
    name: &'a str,
    code: Option<&'a str>,
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    span: Option<SrcSpan>,
}

#[derive(Serialize)]
struct NumberOut<'a> {
    seq: Option<&'a str>,
    symbol: Option<&'a str>,
    text: &'a str,
    span: SrcSpan,
    source: &'a str,
}

#[derive(Serialize)]
struct DateOut<'a> {
    value: AsStr<&'a crate::extract::date::PartialDate>,
    text: &'a str,
    span: SrcSpan,
}

#[derive(Serialize)]
struct IssuerOut<'a> {
    name: &'a str,
    level: Option<&'a str>,
    area: Option<&'a str>,
    province: Option<&'a str>,
    province_2025: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    span: Option<SrcSpan>,
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    #[serde(rename = "type")]
    ty: Option<TypeOut<'a>>,
    number: Option<NumberOut<'a>>,
    place: Option<&'a str>,
    place_span: Option<SrcSpan>,
    date: Option<DateOut<'a>>,
    title: Option<FoundOut<'a>>,
    issuer: Option<IssuerOut<'a>>,
    year: Option<u16>,
}

#[derive(Serialize)]
struct SectionOut<'a> {
    id: &'a str,
    number: &'a str,
    level: usize,
    heading: Option<&'a str>,
    role: Option<&'a str>,
    span: SrcSpan,
    extent: SrcSpan,
    children: Vec<SectionOut<'a>>,
}

#[derive(Serialize)]
struct TypeRef<'a> {
    name: &'a str,
    code: Option<&'a str>,
}

#[derive(Serialize)]
struct CitationOut<'a> {
    key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_resolved: Option<&'a str>,
    #[serde(rename = "type")]
    ty: TypeRef<'a>,
    number: &'a str,
    year: Option<u16>,
    symbol: &'a str,
    date: Option<AsStr<&'a crate::extract::date::PartialDate>>,
    issuer: Option<&'a str>,
    system: &'a str,
    section: &'a str,
    text: &'a str,
    span: SrcSpan,
}

#[derive(Serialize)]
struct DateMentionOut<'a> {
    text: String,
    value: Option<AsStr<&'a crate::extract::date::PartialDate>>,
    role: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    year_inferred: bool,
    section: &'a str,
    span: SrcSpan,
}

#[derive(Serialize)]
struct TimeframeOut<'a> {
    text: Option<&'a str>,
    kind: &'a str,
    start: Option<AsStr<&'a crate::extract::date::PartialDate>>,
    end: Option<AsStr<&'a crate::extract::date::PartialDate>>,
}

#[derive(Serialize)]
struct TaskOut<'a> {
    id: &'a str,
    section: &'a str,
    text: Option<&'a str>,
    span: SrcSpan,
    lead: &'a [String],
    support: &'a [String],
    timeframe: Option<TimeframeOut<'a>>,
    requested: bool,
}

#[derive(Serialize)]
struct UnitOut<'a> {
    name: &'a str,
    aliases: &'a [String],
    requested: bool,
    lead: &'a [String],
    support: &'a [String],
}

#[derive(Serialize)]
struct SignatureOut<'a> {
    authority: &'a [String],
    position: Option<&'a str>,
    signer: Option<&'a str>,
    span: SrcSpan,
}

#[derive(Serialize)]
struct AttachmentOut<'a> {
    #[serde(rename = "type")]
    ty: TypeRef<'a>,
    title: Option<&'a str>,
    #[serde(rename = "ref")]
    reference: Option<&'a str>,
    span: SrcSpan,
}

#[derive(Serialize)]
struct WarningOut<'a> {
    code: &'a str,
    message: &'a str,
    span: Option<SrcSpan>,
}

/// The whole record of a document that was read.
#[derive(Serialize)]
pub struct Record<'a> {
    schema: &'static str,
    source: SourceOut<'a>,
    document: DocumentOut<'a>,
    sections: Vec<SectionOut<'a>>,
    citations: Vec<CitationOut<'a>>,
    dates: Vec<DateMentionOut<'a>>,
    tasks: Vec<TaskOut<'a>>,
    units: Vec<UnitOut<'a>>,
    signature: Option<SignatureOut<'a>>,
    recipients: Vec<FoundOut<'a>>,
    attachments: Vec<AttachmentOut<'a>>,
    warnings: Vec<WarningOut<'a>>,
}

struct Emitter<'a> {
    norm: &'a Normalized,
    /// Where the last span's search in the offset map ended: spans come mostly in order.
    hint: std::cell::Cell<usize>,
}

impl<'a> Emitter<'a> {
    fn span(&self, s: Span) -> SrcSpan {
        let src = self.norm.to_source_from(s, &self.hint);
        (src.start, src.end)
    }

    fn found(&self, f: &'a Found) -> FoundOut<'a> {
        FoundOut { text: &f.text, span: self.span(f.span) }
    }

    fn section(&self, outline: &'a Outline, s: &'a Section) -> SectionOut<'a> {
        SectionOut {
            id: &s.id,
            number: &s.number,
            level: s.level,
            // A label alone on its line has no heading: absent is null, never "" (SPEC).
            heading: Some(self.norm.slice(s.heading)).filter(|h| !h.is_empty()),
            role: s.role.map(|r| r.as_str()),
            span: self.span(s.heading),
            extent: self.span(s.extent),
            children: s.children.iter().filter_map(|&c| outline.sections.get(c)).map(|c| self.section(outline, c)).collect(),
        }
    }
}

/// Writes a typed record as one line of compact JSON (without the `\n`) at the end of
/// `out`: the bytes `serde_json::to_writer` writes, by a writer made for records (see
/// `emit/json.rs` for why).
pub fn write_compact(out: &mut Vec<u8>, record: &Record<'_>) -> Result<(), impl std::error::Error> {
    json::write(out, record)
}

/// The typed record of a document that was read: serialise it with serde_json (what
/// `vnplan extract` writes), or see [`record`] for a `Value`.
pub fn typed<'a>(src: &'a Source, norm: &'a Normalized, outline: &'a Outline, ex: &'a Extracted, warnings: &'a [Warning]) -> Record<'a> {
    let e = Emitter { norm, hint: std::cell::Cell::new(0) };
    let h = &ex.header;
    let ty = h.ty.as_ref().map(|t| TypeOut {
        name: t.ty.name,
        code: t.ty.code,
        source: t.source,
        text: t.found.as_ref().map(|f| f.text.as_str()),
        span: t.found.as_ref().map(|f| e.span(f.span)),
    });
    let number = h.number.as_ref().map(|n| NumberOut {
        seq: n.seq.as_deref(),
        symbol: n.symbol.as_deref(),
        text: &n.found.text,
        span: e.span(n.found.span),
        source: n.source,
    });
    let date = h.date.as_ref().map(|(d, f)| DateOut { value: AsStr(d), text: &f.text, span: e.span(f.span) });
    let issuer = ex.issuer.as_ref().map(|i| IssuerOut {
        name: &i.name,
        level: i.level,
        area: i.area.as_deref(),
        province: i.province.as_deref(),
        province_2025: i.province_2025.as_deref(),
        parent: i.parent.as_deref(),
        source: i.source,
        text: i.found.as_ref().map(|f| f.text.as_str()),
        span: i.found.as_ref().map(|f| e.span(f.span)),
    });
    let sections = outline.roots.iter().filter_map(|&r| outline.sections.get(r)).map(|s| e.section(outline, s)).collect();
    let citations = ex
        .citations
        .iter()
        .map(|c| CitationOut {
            key: &c.key,
            key_resolved: c.key_resolved.as_deref(),
            ty: TypeRef { name: c.type_name, code: c.type_code },
            number: &c.number,
            year: c.year,
            symbol: &c.symbol,
            date: c.date.as_ref().map(AsStr),
            issuer: c.issuer.as_deref(),
            system: c.system,
            section: outline.place_id(c.para),
            text: &c.found.text,
            span: e.span(c.found.span),
        })
        .collect();
    let dates = ex
        .dates
        .iter()
        .map(|d| DateMentionOut {
            text: norm.slice(d.span).replace('\n', " "),
            value: d.value.as_ref().map(AsStr),
            role: d.role,
            year_inferred: d.year_inferred,
            section: outline.place_id(d.para),
            span: e.span(d.span),
        })
        .collect();
    let tasks = ex
        .tasks
        .iter()
        .map(|t| TaskOut {
            id: &t.id,
            section: t.section.and_then(|i| outline.sections.get(i)).map_or("annex", |s| s.id.as_str()),
            text: Some(t.text.as_str()).filter(|t| !t.is_empty()),
            span: e.span(t.span),
            lead: &t.lead,
            support: &t.support,
            timeframe: t.timeframe.as_ref().map(|(text, tf)| TimeframeOut {
                text: Some(text.as_str()).filter(|t| !t.is_empty()),
                kind: tf.kind,
                start: tf.start.as_ref().map(AsStr),
                end: tf.end.as_ref().map(AsStr),
            }),
            requested: t.requested,
        })
        .collect();
    let units = ex
        .units
        .iter()
        .map(|u| UnitOut { name: &u.name, aliases: &u.aliases, requested: u.requested, lead: &u.lead, support: &u.support })
        .collect();
    let signature = ex.signature.as_ref().map(|s| SignatureOut {
        authority: &s.authority,
        position: s.position.as_deref(),
        signer: s.signer.as_deref(),
        span: e.span(s.span),
    });
    let recipients = ex.recipients.iter().map(|r| e.found(r)).collect();
    let attachments = ex
        .attachments
        .iter()
        .map(|a| AttachmentOut {
            ty: TypeRef { name: &a.type_name, code: a.type_code },
            title: a.title.as_ref().map(|t| t.text.as_str()),
            reference: a.reference.as_ref().map(|r| r.text.as_str()),
            span: e.span(a.span),
        })
        .collect();
    let warnings = warnings.iter().map(|w| WarningOut { code: w.code, message: &w.message, span: w.span.map(|s| e.span(s)) }).collect();
    Record {
        schema: SCHEMA,
        source: SourceOut {
            path: &src.path,
            bytes: src.bytes,
            sha256: &src.sha256,
            encoding: src.encoding,
            // Through f64 rounded to hundredths: an f32 would print as 0.949999988079071.
            encoding_confidence: (f64::from(src.encoding_confidence) * 100.0).round() / 100.0,
        },
        document: DocumentOut {
            ty,
            number,
            place: h.place.as_ref().map(|p| p.text.as_str()),
            place_span: h.place.as_ref().map(|p| e.span(p.span)),
            date,
            title: h.title.as_ref().map(|t| e.found(t)),
            issuer,
            year: ex.year,
        },
        sections,
        citations,
        dates,
        tasks,
        units,
        signature,
        recipients,
        attachments,
        warnings,
    }
}

/// The record of a document that was read, as a `Value` (for callers that edit or inspect
/// it: redaction, statistics, tables). Same content and key order as [`typed`] writes.
pub fn record(src: &Source, norm: &Normalized, outline: &Outline, ex: &Extracted, warnings: &[Warning]) -> Value {
    // Serialising these types into a Value cannot fail (string keys, finite numbers).
    serde_json::to_value(typed(src, norm, outline, ex, warnings)).unwrap_or(Value::Null)
}

/// The record of an input that could not be read or decoded (SPEC "Conventions").
pub fn error_record(path: &str, bytes: Option<u64>, err: &Error) -> Value {
    json!({
        "schema": SCHEMA,
        "source": { "path": path, "bytes": bytes },
        "error": { "code": err.code(), "message": err.to_string() },
    })
}
