//! Emit: extracted values → the `vnplan/1` JSON record (SPEC.md; every field is documented
//! in `docs/FORMAT.md`).
//!
//! This is the one place where spans change meaning: inside the pipeline they point into the
//! normalised text, here they are mapped through the offset map to byte offsets into the
//! decoded source text, written as `[start, end]`.

use serde_json::{json, Map, Value};

use crate::diag::Warning;
use crate::error::Error;
use crate::extract::{Extracted, Found};
use crate::normalize::Normalized;
use crate::segment::{Outline, Section};
use crate::source::Source;
use crate::span::Span;

/// The schema name written in every record.
pub const SCHEMA: &str = "vnplan/1";

struct Emitter<'a> {
    norm: &'a Normalized,
}

impl Emitter<'_> {
    fn span(&self, s: Span) -> Value {
        let src = self.norm.to_source(s);
        json!([src.start, src.end])
    }

    fn found(&self, f: &Found) -> Value {
        json!({ "text": f.text, "span": self.span(f.span) })
    }

    fn section(&self, outline: &Outline, s: &Section) -> Value {
        let children: Vec<Value> = s.children.iter().filter_map(|&c| outline.sections.get(c)).map(|c| self.section(outline, c)).collect();
        json!({
            "id": s.id,
            "number": s.number,
            "level": s.level,
            // A label alone on its line has no heading: absent is null, never "" (SPEC).
            "heading": Some(self.norm.slice(s.heading)).filter(|h| !h.is_empty()),
            "role": s.role.map(|r| r.as_str()),
            "span": self.span(s.heading),
            "extent": self.span(s.extent),
            "children": children,
        })
    }
}

/// The record of a document that was read.
pub fn record(src: &Source, norm: &Normalized, outline: &Outline, ex: &Extracted, warnings: &[Warning]) -> Value {
    let e = Emitter { norm };
    let h = &ex.header;
    let doc_type = h.ty.as_ref().map(|t| {
        let mut m = Map::new();
        m.insert("name".into(), json!(t.ty.name));
        m.insert("code".into(), json!(t.ty.code));
        m.insert("source".into(), json!(t.source));
        if let Some(f) = &t.found {
            m.insert("text".into(), json!(f.text));
            m.insert("span".into(), e.span(f.span));
        }
        Value::Object(m)
    });
    let number = h.number.as_ref().map(|n| {
        json!({ "seq": n.seq, "symbol": n.symbol, "text": n.found.text, "span": e.span(n.found.span), "source": n.source })
    });
    let date = h.date.as_ref().map(|(d, f)| json!({ "value": d.to_string(), "text": f.text, "span": e.span(f.span) }));
    let issuer = ex.issuer.as_ref().map(|i| {
        let mut m = Map::new();
        m.insert("name".into(), json!(i.name));
        m.insert("level".into(), json!(i.level));
        m.insert("area".into(), json!(i.area));
        m.insert("province".into(), json!(i.province));
        m.insert("province_2025".into(), json!(i.province_2025));
        if let Some(p) = &i.parent {
            m.insert("parent".into(), json!(p));
        }
        m.insert("source".into(), json!(i.source));
        if let Some(f) = &i.found {
            m.insert("text".into(), json!(f.text));
            m.insert("span".into(), e.span(f.span));
        }
        Value::Object(m)
    });
    let sections: Vec<Value> = outline.roots.iter().filter_map(|&r| outline.sections.get(r)).map(|s| e.section(outline, s)).collect();
    let citations: Vec<Value> = ex
        .citations
        .iter()
        .map(|c| {
            let mut m = Map::new();
            m.insert("key".into(), json!(c.key));
            if let Some(k) = &c.key_resolved {
                m.insert("key_resolved".into(), json!(k));
            }
            m.insert("type".into(), json!({ "name": c.type_name, "code": c.type_code }));
            m.insert("number".into(), json!(c.number));
            m.insert("year".into(), json!(c.year));
            m.insert("symbol".into(), json!(c.symbol));
            m.insert("date".into(), json!(c.date.map(|d| d.to_string())));
            m.insert("issuer".into(), json!(c.issuer));
            m.insert("system".into(), json!(c.system));
            m.insert("section".into(), json!(outline.place_id(c.para)));
            m.insert("text".into(), json!(c.found.text));
            m.insert("span".into(), e.span(c.found.span));
            Value::Object(m)
        })
        .collect();
    let dates: Vec<Value> = ex
        .dates
        .iter()
        .map(|d| {
            let mut m = Map::new();
            m.insert("text".into(), json!(norm.slice(d.span).replace('\n', " ")));
            m.insert("value".into(), json!(d.value.map(|v| v.to_string())));
            m.insert("role".into(), json!(d.role));
            if d.year_inferred {
                m.insert("year_inferred".into(), json!(true));
            }
            m.insert("section".into(), json!(outline.place_id(d.para)));
            m.insert("span".into(), e.span(d.span));
            Value::Object(m)
        })
        .collect();
    let tasks: Vec<Value> = ex
        .tasks
        .iter()
        .map(|t| {
            let section = t.section.and_then(|i| outline.sections.get(i)).map_or("annex", |s| s.id.as_str());
            let timeframe = t.timeframe.as_ref().map(|(text, tf)| {
                json!({
                    "text": if text.is_empty() { Value::Null } else { json!(text) },
                    "kind": tf.kind,
                    "start": tf.start.map(|d| d.to_string()),
                    "end": tf.end.map(|d| d.to_string()),
                })
            });
            json!({
                "id": t.id,
                "section": section,
                "text": Some(&t.text).filter(|t| !t.is_empty()),
                "span": e.span(t.span),
                "lead": t.lead,
                "support": t.support,
                "timeframe": timeframe,
                "requested": t.requested,
            })
        })
        .collect();
    let units: Vec<Value> = ex
        .units
        .iter()
        .map(|u| json!({ "name": u.name, "aliases": u.aliases, "requested": u.requested, "lead": u.lead, "support": u.support }))
        .collect();
    let signature = ex.signature.as_ref().map(|s| {
        json!({ "authority": s.authority, "position": s.position, "signer": s.signer, "span": e.span(s.span) })
    });
    let recipients: Vec<Value> = ex.recipients.iter().map(|r| e.found(r)).collect();
    let attachments: Vec<Value> = ex
        .attachments
        .iter()
        .map(|a| {
            json!({
                "type": { "name": a.type_name, "code": a.type_code },
                "title": a.title.as_ref().map(|t| t.text.clone()),
                "ref": a.reference.as_ref().map(|r| r.text.clone()),
                "span": e.span(a.span),
            })
        })
        .collect();
    let warnings: Vec<Value> = warnings
        .iter()
        .map(|w| json!({ "code": w.code, "message": w.message, "span": w.span.map(|s| e.span(s)) }))
        .collect();
    json!({
        "schema": SCHEMA,
        "source": {
            "path": src.path,
            "bytes": src.bytes,
            "sha256": src.sha256,
            "encoding": src.encoding,
            // Through f64 rounded to hundredths: an f32 would print as 0.949999988079071.
            "encoding_confidence": (f64::from(src.encoding_confidence) * 100.0).round() / 100.0,
        },
        "document": {
            "type": doc_type,
            "number": number,
            "place": h.place.as_ref().map(|p| p.text.clone()),
            "place_span": h.place.as_ref().map(|p| e.span(p.span)),
            "date": date,
            "title": h.title.as_ref().map(|t| e.found(t)),
            "issuer": issuer,
            "year": ex.year,
        },
        "sections": sections,
        "citations": citations,
        "dates": dates,
        "tasks": tasks,
        "units": units,
        "signature": signature,
        "recipients": recipients,
        "attachments": attachments,
        "warnings": warnings,
    })
}

/// The record of an input that could not be read or decoded (SPEC "Conventions").
pub fn error_record(path: &str, bytes: Option<u64>, err: &Error) -> Value {
    json!({
        "schema": SCHEMA,
        "source": { "path": path, "bytes": bytes },
        "error": { "code": err.code(), "message": err.to_string() },
    })
}
