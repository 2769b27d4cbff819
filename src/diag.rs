//! Warnings: odd things found *inside* a readable document (a numbering gap, a missing
//! number, an inferred issuer). They never stop processing; they travel with the record.

use crate::span::Span;

/// A non-fatal finding about one document. `code` is stable and documented in
/// `docs/FORMAT.md`; `message` is for humans and may change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Stable snake_case code, e.g. `numbering_gap`.
    pub code: &'static str,
    /// Human-readable explanation.
    pub message: String,
    /// Where in the *normalised* text the finding is, when it has one place.
    pub span: Option<Span>,
}

impl Warning {
    /// A warning with a place in the normalised text.
    pub fn at(code: &'static str, span: Span, message: impl Into<String>) -> Warning {
        Warning { code, message: message.into(), span: Some(span) }
    }

    /// A warning about the document as a whole.
    pub fn doc(code: &'static str, message: impl Into<String>) -> Warning {
        Warning { code, message: message.into(), span: None }
    }
}
