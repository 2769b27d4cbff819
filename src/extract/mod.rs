//! Extract: the normalised text and its outline → the document's fields.
//!
//! Each extractor is a module that reads a [`Doc`] (normalised text + outline) and returns
//! plain values whose spans point into the normalised text; `emit` maps them to the source.
//! Citations, dates and tasks plug in here as further modules.

pub mod citation;
pub mod closing;
pub mod date;
pub mod dates;
pub mod task;
pub mod timeframe;
pub mod header;
pub mod issuer;

use crate::diag::Warning;
use crate::normalize::Normalized;
use crate::segment::Outline;
use crate::span::Span;

/// What every extractor reads.
#[derive(Clone, Copy, Debug)]
pub struct Doc<'d> {
    /// The normalised text.
    pub norm: &'d Normalized,
    /// Its sections and where each paragraph sits.
    pub outline: &'d Outline,
}

/// An extracted text value and its evidence in the normalised text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The value: the normalised text of the span, paragraph breaks as spaces.
    pub text: String,
    /// Where it is in the normalised text.
    pub span: Span,
}

impl Doc<'_> {
    /// The value found at `start..end` of the normalised text.
    pub fn found(&self, start: usize, end: usize) -> Found {
        let span = Span::new(start, end);
        Found { text: self.norm.slice(span).replace('\n', " "), span }
    }

    /// A whole paragraph as a value.
    pub fn para_found(&self, i: usize) -> Found {
        let span = self.norm.paras.get(i).map_or(Span::default(), |p| p.span);
        self.found(span.start, span.end)
    }
}

/// Everything extracted from one document.
#[derive(Clone, Debug, Default)]
pub struct Extracted {
    /// Header block: type, number, place, date, title.
    pub header: header::Header,
    /// The issuing body.
    pub issuer: Option<issuer::Issuer>,
    /// The year the plan is for.
    pub year: Option<u16>,
    /// The signature block.
    pub signature: Option<closing::Signature>,
    /// Recipients.
    pub recipients: Vec<Found>,
    /// Annexes and attached documents.
    pub attachments: Vec<closing::Attachment>,
    /// Cited documents, in reading order.
    pub citations: Vec<citation::Citation>,
    /// Date expressions, in reading order.
    pub dates: Vec<dates::DateMention>,
    /// Tasks, in reading order.
    pub tasks: Vec<task::Task>,
    /// Responsible units, deduplicated.
    pub units: Vec<task::Unit>,
}

/// Runs every extractor over a document.
pub fn extract(doc: Doc<'_>, warnings: &mut Vec<Warning>) -> Extracted {
    let mut header = header::read(&doc);
    let signature = closing::signature(&doc);
    let recipients = closing::recipients(&doc);
    let attachments = closing::attachments(&doc);
    // Without a number in the header, this document's own annex line may carry it
    // ("Kèm theo Kế hoạch số 12/KH-UBND …").
    if header.number.is_none() {
        header.number = attachments.iter().filter_map(|a| a.reference.as_ref()).find_map(|r| number_from_reference(&doc, r, header.ty.as_ref().map(|t| t.ty.name)));
    }
    let after_2025_07 = header.date.as_ref().is_some_and(|(d, _)| (d.year, d.month.unwrap_or(0)) >= (2025, 7));
    let authority: Vec<String> = signature.as_ref().map(|s| s.authority.clone()).unwrap_or_default();
    let issuer = issuer::read(&doc, &header, &authority, after_2025_07);
    let year = header::plan_year(header.title.as_ref().map(|t| t.text.as_str()), header.date.as_ref().map(|(d, _)| *d));

    if header.ty.is_none() {
        warnings.push(Warning::doc("type_missing", "no document type line, number code or closing formula names the type"));
    } else if let Some(t) = header.ty.as_ref().filter(|t| t.source != "header") {
        warnings.push(Warning::doc("type_inferred", format!("no type line; type read from the {}", t.source)));
    }
    if header.number.is_none() {
        warnings.push(Warning::doc("number_missing", "no \"Số: …/…\" line in the header"));
    }
    if header.date.is_none() {
        warnings.push(Warning::doc("date_missing", "no place-and-date line in the header"));
    }
    if header.title.is_none() {
        warnings.push(Warning::doc("title_missing", "no title after the type line"));
    }
    match &issuer {
        None => warnings.push(Warning::doc("issuer_missing", "no issuer in the header, preamble, closing or signature")),
        Some(i) if i.source != "header" => {
            warnings.push(Warning::doc("issuer_inferred", format!("no issuer in the header; read from the {}", i.source)))
        }
        Some(_) => {}
    }
    if signature.is_none() {
        warnings.push(Warning::doc("signature_missing", "no signature block after the body"));
    }
    let own = citation::Own {
        span: header.number.as_ref().map(|n| n.found.span),
        seq: header.number.as_ref().and_then(|n| n.seq.as_deref()),
        symbol: header.number.as_ref().and_then(|n| n.symbol.as_deref()),
    };
    let citations = citation::find(&doc, own);
    for (key, what) in citation::conflicts(&citations) {
        warnings.push(Warning::doc("citation_conflict", format!("{key} is cited {what}")));
    }
    let dates = dates::find(&doc, header.date.as_ref().map(|(_, f)| f.span), &citation::date_spans(&citations), year, warnings);
    let tasks = task::find(&doc, year);
    let units = task::units(&tasks);
    Extracted { header, issuer, year, signature, recipients, attachments, citations, dates, tasks, units }
}

/// The number-symbol in this document's own annex reference, if the reference names this
/// document's type.
fn number_from_reference(doc: &Doc<'_>, r: &Found, ty: Option<&str>) -> Option<header::NumberField> {
    let f = crate::text::fold(&r.text);
    let names_this = match ty {
        Some(ty) => f.starts_with(&format!("kèm theo {} số", crate::text::fold(ty))),
        // Unknown type: the annex line of a plan still names the plan's number.
        None => f.starts_with("kèm theo kế hoạch số"),
    };
    if !names_this {
        return None;
    }
    let slash = r.text.find('/')?;
    let before = r.text.get(..slash)?;
    let seq_start = before.trim_end().rfind(|c: char| !c.is_ascii_digit()).map_or(0, |p| p + 1);
    let seq = before.get(seq_start..).map(str::trim).filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()));
    let rest = r.text.get(slash + 1..)?;
    let sym_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let symbol = header::canonical_symbol(rest.get(..sym_len)?);
    if symbol.is_empty() {
        return None;
    }
    let start = r.span.start + if seq.is_some() { seq_start } else { slash };
    let end = r.span.start + slash + 1 + sym_len;
    Some(header::NumberField { seq: seq.map(str::to_string), symbol: Some(symbol), source: "annex", found: doc.found(start, end) })
}
