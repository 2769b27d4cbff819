//! Read and decode: raw bytes → [`Source`] text. This is the only stage that sees bytes.
//!
//! Spans in the output are byte offsets into `Source::text`, the decoded UTF-8 text *after*
//! any byte-order mark is removed and any encoding conversion is done, and before
//! normalisation (SPEC.md, "Conventions").
//!
//! # How the encoding is chosen
//! 1. A UTF-16 byte-order mark decides (`utf-16le`, `utf-16be`); NUL bytes otherwise mean
//!    binary data (`not_text`).
//! 2. Valid UTF-8 is UTF-8 — the fast path, no scoring — unless it shows the signature of
//!    UTF-8 that was read as Windows-1252 and saved again (`Káº¿ hoáº¡ch`): then the repaired
//!    text is kept if it scores clearly better (`utf-8-mojibake`). Pure ASCII that shows VIQR
//!    mnemonics (`Ke^' hoa.ch`) is read as VIQR only when the result scores clearly as
//!    Vietnamese (`viqr`).
//! 3. Invalid UTF-8: the legacy encodings (`tcvn3`, `vni`, `viscii`, `windows-1258`) are all
//!    decoded and scored by how many words come out as real Vietnamese syllables
//!    (`detect.rs`). When the invalid sequences are *rare* — at most one per 1000 bytes, and at
//!    least one allowed — UTF-8 with U+FFFD replacements competes too and wins ties; it is used
//!    with an `invalid_utf8_replaced` warning. A legacy winner must be plausible: at least 60%
//!    of its scored words real syllables, and at least three of them (two if nothing is wrong);
//!    if none is and the damage is not rare, the input is `not_text`.
//! 4. TCVN3 text gets back the capitals ABC could not store ([`restore_capitals`]), with a
//!    `tcvn3_capitals_restored` warning.
//!
//! [`Source::encoding_confidence`] says how sure the choice is: 1.0 when the bytes leave no
//! doubt (byte-order mark, clean UTF-8, an encoding named by the caller), else the winner's
//! share of good words, halved as the runner-up's score approaches it.
//!
//! Names (`source.encoding`, and what [`Source::from_bytes_as`] accepts): see
//! [`encoding_names`].

mod detect;
mod legacy;

use std::fmt::Write as _;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diag::Warning;
use crate::error::Error;

pub use legacy::restore_capitals;

/// One input document as read: owned once, borrowed by every later stage.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path as given on the command line (or `-` for stdin).
    pub path: String,
    /// Size of the raw input in bytes.
    pub bytes: u64,
    /// Lower-case hex SHA-256 of the raw bytes: a stable document id.
    pub sha256: String,
    /// Name of the encoding the bytes were decoded from, one of [`encoding_names`].
    pub encoding: &'static str,
    /// How sure the decoder is of `encoding`, 0–1 in hundredths: legacy encodings are guessed
    /// from the text, and a reader of the record should know when the guess was close.
    pub encoding_confidence: f32,
    /// Findings of decoding (replaced bytes, restored capitals), which the pipeline puts first
    /// in the record's warnings.
    pub warnings: Vec<Warning>,
    /// The decoded text, without a byte-order mark. Output spans index this string.
    pub text: String,
}

impl Source {
    /// Decodes raw bytes read from `path`, detecting the encoding.
    ///
    /// # Errors
    /// Returns a `not_text` error when the bytes are binary or in no supported encoding.
    pub fn from_bytes(path: &str, raw: &[u8]) -> Result<Source, Error> {
        Source::from_bytes_as(path, raw, None)
    }

    /// Decodes raw bytes read from `path` in the encoding named by the caller (any name or
    /// alias [`encoding_by_name`] knows), or detects it when `encoding` is `None`: detection
    /// can be wrong on short or odd texts, and the user who knows better must be able to say so.
    ///
    /// # Errors
    /// A `not_text` error for binary data, bytes in no supported encoding, UTF-16 that does not
    /// decode, and an unknown encoding name (check names first with [`encoding_by_name`]).
    pub fn from_bytes_as(path: &str, raw: &[u8], encoding: Option<&str>) -> Result<Source, Error> {
        let decoded = match encoding {
            None => decode_detailed(raw),
            Some(name) => decode_as(raw, name),
        }
        .map_err(|e| e.with_path(path))?;
        Ok(Source {
            path: path.to_string(),
            bytes: raw.len() as u64,
            sha256: sha256_hex(raw),
            encoding: decoded.encoding,
            encoding_confidence: decoded.confidence,
            warnings: decoded.warnings,
            text: decoded.text,
        })
    }

    /// Builds a source from text that is already decoded (tests, library callers).
    pub fn from_text(path: &str, text: &str) -> Source {
        Source {
            path: path.to_string(),
            bytes: text.len() as u64,
            sha256: sha256_hex(text.as_bytes()),
            encoding: "utf-8",
            encoding_confidence: 1.0,
            warnings: Vec::new(),
            text: text.to_string(),
        }
    }

    /// Reads and decodes a file.
    ///
    /// # Errors
    /// `unreadable` when the file cannot be read, `not_text` when it cannot be decoded.
    pub fn read(path: &Path) -> Result<Source, Error> {
        let raw = std::fs::read(path).map_err(|e| Error::io(e).with_path(path))?;
        Source::from_bytes(&path.display().to_string(), &raw)
    }
}

/// Lower-case hex SHA-256 of `raw`.
pub fn sha256_hex(raw: &[u8]) -> String {
    let digest = Sha256::digest(raw);
    let mut out = String::with_capacity(64);
    for b in digest {
        // Written into the string, not formatted into one of its own per byte.
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Every encoding name `source.encoding` can hold; `utf-8-mojibake` is UTF-8 of text that had
/// been read as Windows-1252/Latin-1 once (`Káº¿` for `Kế`), which was undone.
const ENCODINGS: &[&str] = &["utf-8", "utf-16le", "utf-16be", "windows-1258", "tcvn3", "vni", "viscii", "viqr", "utf-8-mojibake"];

/// The canonical encoding names, for `--encoding` help texts and validation.
pub fn encoding_names() -> &'static [&'static str] {
    ENCODINGS
}

/// The canonical name for an encoding name or common alias (case-insensitive: `UTF8`,
/// `cp1258`, `abc`, `tcvn`, `vni-windows`, …), or `None` when vnplan cannot decode it, so a
/// caller can reject a bad `--encoding` before reading any input.
pub fn encoding_by_name(name: &str) -> Option<&'static str> {
    let n = name.trim().to_ascii_lowercase().replace('_', "-");
    let canonical = match n.as_str() {
        "utf8" => "utf-8",
        "utf-16" | "utf16" | "utf16le" => "utf-16le",
        "utf16be" => "utf-16be",
        "cp1258" | "windows1258" | "1258" => "windows-1258",
        "tcvn" | "tcvn-3" | "abc" | "tcvn5712" | "tcvn5712-1" | "tcvn-5712" => "tcvn3",
        "vni-windows" | "vni-win" => "vni",
        "mojibake" | "utf-8-cp1252" => "utf-8-mojibake",
        other => return ENCODINGS.iter().copied().find(|e| *e == other),
    };
    Some(canonical)
}

/// A decoded text and how it was decoded.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text, without byte-order mark.
    pub text: String,
    /// One of [`encoding_names`].
    pub encoding: &'static str,
    /// See [`Source::encoding_confidence`].
    pub confidence: f32,
    /// Findings of decoding, for the record.
    pub warnings: Vec<Warning>,
}

impl Decoded {
    fn sure(text: String, encoding: &'static str) -> Decoded {
        Decoded { text, encoding, confidence: 1.0, warnings: Vec::new() }
    }
}

/// Decodes raw bytes into text, naming the encoding used (see the module documentation).
///
/// # Errors
/// A `not_text` error for binary data (NUL bytes) and for bytes that are valid in none of
/// the supported encodings.
pub fn decode(raw: &[u8]) -> Result<(String, &'static str), Error> {
    decode_detailed(raw).map(|d| (d.text, d.encoding))
}

/// Invalid UTF-8 sequences up to this many per 1000 bytes (at least one) are taken for stray
/// damage in a UTF-8 text rather than for another encoding.
pub const RARE_INVALID_PER_1000: usize = 1;

/// Decodes raw bytes, detecting the encoding, with the confidence and warnings of the choice.
///
/// # Errors
/// As [`decode`].
pub fn decode_detailed(raw: &[u8]) -> Result<Decoded, Error> {
    if let Some(rest) = raw.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, u16::from_le_bytes).map(|t| Decoded::sure(t, "utf-16le"));
    }
    if let Some(rest) = raw.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, u16::from_be_bytes).map(|t| Decoded::sure(t, "utf-16be"));
    }
    let (body, bom) = match raw.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (raw, false),
    };
    reject_binary(raw)?;
    match simdutf8::compat::from_utf8(body) {
        Ok(text) => Ok(decode_valid_utf8(text)),
        Err(e) => decode_invalid_utf8(body, e.valid_up_to() + if bom { 3 } else { 0 }),
    }
}

/// Valid UTF-8: as it is, unless it is repaired mojibake or VIQR that scores clearly better.
fn decode_valid_utf8(text: &str) -> Decoded {
    if text.is_ascii() {
        if legacy::viqr_signals(text) >= 3 {
            let viqr = legacy::viqr(text);
            let s = detect::score(detect::sample(&viqr));
            if s.acceptable() && s.quality() >= 0.8 {
                return Decoded { text: viqr, encoding: "viqr", confidence: detect::confidence(s, None), warnings: Vec::new() };
            }
        }
    } else if legacy::mojibake_signals(text) > 0 {
        let before = detect::score(detect::sample(text));
        let mut current = text.to_string();
        let mut best = before;
        // Text can be damaged twice over; each round must pay for itself.
        for _ in 0..3 {
            let repaired = legacy::unmojibake(&current);
            let s = detect::score(detect::sample(&repaired));
            if repaired == current || s.net() <= best.net() + 1 || s.good < 2 {
                break;
            }
            current = repaired;
            best = s;
            if legacy::mojibake_signals(&current) == 0 {
                break;
            }
        }
        if best != before {
            return Decoded { text: current, encoding: "utf-8-mojibake", confidence: detect::confidence(best, Some(before)), warnings: Vec::new() };
        }
    }
    Decoded::sure(text.to_string(), "utf-8")
}

type ByteDecoder = fn(&[u8]) -> String;

/// The legacy 8-bit candidates, in the order that wins ties.
const LEGACY: &[(&str, ByteDecoder)] =
    &[("tcvn3", legacy::tcvn3), ("vni", legacy::vni), ("viscii", legacy::viscii), ("windows-1258", legacy::windows_1258)];

/// Invalid UTF-8: rare stray bytes in UTF-8, a legacy encoding, or not text.
fn decode_invalid_utf8(body: &[u8], first_bad: usize) -> Result<Decoded, Error> {
    let bad = invalid_sequences(body);
    let rare = bad <= (body.len() / 1000 * RARE_INVALID_PER_1000).max(1);
    let sample = &body[..body.len().min(detect::SAMPLE_BYTES)];
    let mut scored: Vec<(&'static str, detect::Score)> = Vec::with_capacity(LEGACY.len() + 1);
    if rare {
        scored.push(("utf-8", detect::score(&String::from_utf8_lossy(sample))));
    }
    for (name, dec) in LEGACY {
        scored.push((name, detect::score(&dec(sample))));
    }
    // Stable: earlier candidates win ties.
    scored.sort_by_key(|(_, s)| std::cmp::Reverse(s.net()));
    let (best_name, best) = scored[0];
    let runner_up = scored.get(1).map(|(_, s)| *s);
    let confidence = detect::confidence(best, runner_up);
    if best_name != "utf-8" && best.acceptable() {
        return Ok(decode_legacy(body, best_name, confidence));
    }
    if rare {
        let utf8 = scored.iter().find(|(n, _)| *n == "utf-8").map(|(_, s)| *s).unwrap_or_default();
        let confidence = detect::confidence(utf8, scored.iter().find(|(n, _)| *n != "utf-8").map(|(_, s)| *s));
        return Ok(utf8_lossy(body, bad, first_bad, confidence));
    }
    Err(Error::not_text(format!(
        "invalid UTF-8 at byte {first_bad} ({bad} bad sequences), and no legacy Vietnamese encoding fits \
         (best guess {best_name}: {} of {} words are Vietnamese syllables)",
        best.good,
        best.good + best.bad
    )))
}

/// Decodes a whole input in a legacy encoding known by its canonical name.
fn decode_legacy(body: &[u8], name: &'static str, confidence: f32) -> Decoded {
    let text = match name {
        "tcvn3" => legacy::tcvn3(body),
        "vni" => legacy::vni(body),
        "viscii" => legacy::viscii(body),
        _ => legacy::windows_1258(body),
    };
    let mut warnings = Vec::new();
    let text = if name == "tcvn3" {
        let (fixed, n) = restore_capitals(&text);
        if n > 0 {
            warnings.push(Warning::doc(
                "tcvn3_capitals_restored",
                format!("{n} word(s) typed for a TCVN3 capitals font were put back in capitals"),
            ));
        }
        fixed
    } else {
        text
    };
    Decoded { text, encoding: name, confidence, warnings }
}

/// UTF-8 with each invalid sequence replaced by U+FFFD, and a warning saying so.
fn utf8_lossy(body: &[u8], bad: usize, first_bad: usize, confidence: f32) -> Decoded {
    let mut warnings = Vec::new();
    if bad > 0 {
        warnings.push(Warning::doc(
            "invalid_utf8_replaced",
            format!("{bad} invalid UTF-8 sequence(s) replaced by U+FFFD, the first at byte {first_bad}"),
        ));
    }
    Decoded { text: String::from_utf8_lossy(body).into_owned(), encoding: "utf-8", confidence, warnings }
}

/// How many U+FFFD a lossy UTF-8 decoding of `raw` would insert.
fn invalid_sequences(mut raw: &[u8]) -> usize {
    let mut n = 0;
    while let Err(e) = std::str::from_utf8(raw) {
        n += 1;
        let skip = e.valid_up_to() + e.error_len().unwrap_or(raw.len() - e.valid_up_to()).max(1);
        raw = raw.get(skip..).unwrap_or_default();
    }
    n
}

/// Decodes in the encoding the caller named: no detection, confidence 1.
///
/// # Errors
/// `not_text` for an unknown name, binary data (except in UTF-16), and broken UTF-16.
pub fn decode_as(raw: &[u8], name: &str) -> Result<Decoded, Error> {
    let Some(enc) = encoding_by_name(name) else {
        return Err(Error::not_text(format!("unknown encoding {name:?} (known: {})", ENCODINGS.join(", "))));
    };
    match enc {
        "utf-16le" => {
            let rest = raw.strip_prefix(b"\xFF\xFE").unwrap_or(raw);
            return decode_utf16(rest, u16::from_le_bytes).map(|t| Decoded::sure(t, enc));
        }
        "utf-16be" => {
            let rest = raw.strip_prefix(b"\xFE\xFF").unwrap_or(raw);
            return decode_utf16(rest, u16::from_be_bytes).map(|t| Decoded::sure(t, enc));
        }
        _ => {}
    }
    reject_binary(raw)?;
    let mut d = match enc {
        "utf-8" | "viqr" | "utf-8-mojibake" => {
            let body = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
            let bad = invalid_sequences(body);
            let first_bad = std::str::from_utf8(body).err().map_or(0, |e| e.valid_up_to());
            let mut d = utf8_lossy(body, bad, first_bad, 1.0);
            d.encoding = enc;
            if enc == "viqr" {
                d.text = legacy::viqr(&d.text);
            } else if enc == "utf-8-mojibake" {
                d.text = legacy::unmojibake(&d.text);
            }
            d
        }
        _ => decode_legacy(raw, enc, 1.0),
    };
    d.confidence = 1.0;
    Ok(d)
}

fn decode_utf16(rest: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, Error> {
    if rest.len() % 2 != 0 {
        return Err(Error::not_text("UTF-16 byte-order mark, but an odd number of bytes"));
    }
    let units = rest.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut out = String::with_capacity(rest.len());
    for (i, ch) in char::decode_utf16(units).enumerate() {
        match ch {
            Ok('\0') => {
                return Err(Error::not_text(format!("NUL character at UTF-16 unit {i}")))
            }
            Ok(c) => out.push(c),
            Err(_) => {
                return Err(Error::not_text(format!("unpaired surrogate at UTF-16 unit {i}")))
            }
        }
    }
    Ok(out)
}

fn reject_binary(raw: &[u8]) -> Result<(), Error> {
    match memchr::memchr(0, raw) {
        Some(at) => Err(Error::not_text(format!("binary data (NUL byte at offset {at})"))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_removed() {
        let (text, enc) = decode(b"\xEF\xBB\xBFK\xE1\xBA\xBF").expect("decodes");
        assert_eq!(text, "Kế");
        assert_eq!(enc, "utf-8");
    }

    #[test]
    fn utf16_with_bom_decodes_both_orders() {
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Kế hoạch".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("Kế hoạch".encode_utf16().flat_map(|u| u.to_be_bytes())).collect();
        assert_eq!(decode(&le).expect("le"), ("Kế hoạch".to_string(), "utf-16le"));
        assert_eq!(decode(&be).expect("be"), ("Kế hoạch".to_string(), "utf-16be"));
    }

    #[test]
    fn nul_bytes_are_binary() {
        let err = decode(b"PK\x03\x04\x00\x00").expect_err("binary");
        assert!(err.is_not_text());
        assert_eq!(err.to_string(), "not text: binary data (NUL byte at offset 4)");
    }

    #[test]
    fn invalid_utf8_is_not_text_with_offset() {
        let err = decode(b"abc\xFFd\xFEef").expect_err("invalid");
        assert_eq!(err.code(), "not_text");
        assert!(err.to_string().contains("byte 3"), "{err}");
    }

    const SENTENCE: &str = "Kế hoạch hoạt động thông tin đối ngoại năm 2019 của Ủy ban nhân dân tỉnh";

    #[test]
    fn tcvn3_sample_is_detected() {
        // glibc iconv -t TCVN5712-1; Ủ typed lower-case, as ABC has no toned capitals, and put
        // back by the decoder because `ủy ban` is always a body's name.
        let raw = b"K\xD5 ho\xB9ch ho\xB9t \xAE\xE9ng th\xABng tin \xAE\xE8i ngo\xB9i n\xA8m 2019 c\xF1a \xF1y ban nh\xA9n d\xA9n t\xD8nh";
        let d = decode_detailed(raw).expect("tcvn3");
        assert_eq!(d.encoding, "tcvn3");
        assert_eq!(d.text, SENTENCE);
        assert!(d.confidence >= 0.8, "{}", d.confidence);
    }

    #[test]
    fn tcvn3_u_horn_is_0xad_not_a_soft_hyphen() {
        // The trap: 0xAD is a soft hyphen in Latin-1 and Windows-1258, and lossy tools drop it.
        let raw = b"M\xAD\xEAng Kh\xAD\xACng \xAE\xAD\xEEc ng\xAD\xEAi d\xA9n h\xAD\xEBng \xF8ng";
        let d = decode_detailed(raw).expect("tcvn3");
        assert_eq!((d.encoding, d.text.as_str()), ("tcvn3", "Mường Khương được người dân hưởng ứng"));
        // A copy that lost every 0xAD is still recognised as TCVN3, just missing its ư.
        let mut longer = b"K\xD5 ho\xB9ch ho\xB9t \xAE\xE9ng th\xABng tin \xAE\xE8i ngo\xB9i n\xA8m 2019. ".to_vec();
        longer.extend_from_slice(raw);
        longer.retain(|&b| b != 0xAD);
        let d = decode_detailed(&longer).expect("tcvn3 without ư");
        assert_eq!(d.encoding, "tcvn3");
        assert_eq!(d.text, "Kế hoạch hoạt động thông tin đối ngoại năm 2019. Mờng Khơng đợc ngời dân hởng ứng");
    }

    #[test]
    fn vni_sample_is_detected() {
        let raw = b"Ke\xE1 hoa\xEFch hoa\xEFt \xF1o\xE4ng tho\xE2ng tin \xF1o\xE1i ngoa\xEFi na\xEAm 2019 cu\xFBa U\xDBy ban nha\xE2n da\xE2n t\xE6nh";
        let d = decode_detailed(raw).expect("vni");
        assert_eq!((d.encoding, d.text.as_str()), ("vni", SENTENCE));
        // Capital with a lower-case mark, as files in the wild have it.
        assert_eq!(legacy::vni(b"Uu\xFBy ban nha\xE2n da\xE2n"), "Uủy ban nhân dân");
        assert_eq!(legacy::vni(b"U\xFBy ban"), "Ủy ban");
        assert_eq!(legacy::vni(b"\xF1\xF6\xF4\xEFc"), "được");
    }

    #[test]
    fn viscii_sample_is_detected() {
        let raw = b"K\xAA ho\xD5ch ho\xD5t \xF0\xB5ng th\xF4ng tin \xF0\xAFi ngo\xD5i n\xE5m 2019 c\xFCa \x9Cy ban nh\xE2n d\xE2n t\xEFnh";
        let d = decode_detailed(raw).expect("viscii");
        assert_eq!((d.encoding, d.text.as_str()), ("viscii", SENTENCE));
    }

    #[test]
    fn windows_1258_sample_is_detected_and_composed() {
        let raw = b"K\xEA\xEC hoa\xF2ch hoa\xF2t \xF0\xF4\xF2ng th\xF4ng tin \xF0\xF4\xECi ngoa\xF2i n\xE3m 2019 cu\xD2a U\xD2y ban nh\xE2n d\xE2n ti\xD2nh";
        let d = decode_detailed(raw).expect("1258");
        assert_eq!((d.encoding, d.text.as_str()), ("windows-1258", SENTENCE));
    }

    fn as_cp1252_mojibake(text: &str) -> String {
        text.bytes().map(legacy::cp1252_char).collect()
    }

    #[test]
    fn utf8_read_as_cp1252_and_saved_again_is_repaired() {
        let damaged = as_cp1252_mojibake(SENTENCE);
        assert!(damaged.starts_with("Káº¿ hoáº¡ch"), "{damaged}");
        let d = decode_detailed(damaged.as_bytes()).expect("valid utf-8");
        assert_eq!((d.encoding, d.text.as_str()), ("utf-8-mojibake", SENTENCE));
        // Twice damaged, twice repaired.
        let twice = as_cp1252_mojibake(&damaged);
        assert_eq!(decode_detailed(twice.as_bytes()).expect("twice").text, SENTENCE);
        // `à` whose no-break-space byte became a space.
        let d = decode_detailed(as_cp1252_mojibake("và các cơ quan của tỉnh").replace('\u{a0}', " ").as_bytes()).expect("nbsp");
        assert_eq!(d.text, "và các cơ quan của tỉnh");
    }

    #[test]
    fn clean_utf8_is_never_repaired() {
        for text in [SENTENCE, "Giá trị 25°C, «trích» và Ãnh", "Café, naïve, Ä, Æsir"] {
            let d = decode_detailed(text.as_bytes()).expect("utf-8");
            assert_eq!((d.encoding, d.text.as_str(), d.confidence), ("utf-8", text, 1.0));
        }
    }

    #[test]
    fn viqr_only_when_it_reads_clearly_as_vietnamese() {
        let d = decode_detailed(b"Ke^' hoa.ch hoa.t ddo^.ng tho^ng tin ddo^'i ngoa.i na(m 2019 cu?a U?y ban nha^n da^n ti?nh.").expect("viqr");
        assert_eq!((d.encoding, d.text.as_str()), ("viqr", format!("{SENTENCE}.").as_str()));
        let d = decode_detailed(b"Ke^' hoa.ch, Bi`nh Du+o+ng: ba.n kho?e kho^ng? Ha` No^.i.").expect("viqr");
        assert_eq!(d.text, "Kế hoạch, Bình Dương: bạn khỏe không? Hà Nội.");
        // Ordinary ASCII with the odd mark-like character stays as it is.
        for text in ["Ke hoach hoat dong nam 2019", "e.g. x^2 + y^2, a.m. (see fig.1)? don't", "Ba.n 1. Xem Vie^.t"] {
            let d = decode_detailed(text.as_bytes()).expect("ascii");
            assert_eq!((d.encoding, d.text.as_str()), ("utf-8", text));
        }
    }

    #[test]
    fn rare_stray_bytes_are_replaced_with_a_warning() {
        let mut raw = SENTENCE.repeat(20).into_bytes();
        raw.insert(100, 0xFF);
        let d = decode_detailed(&raw).expect("stray");
        assert_eq!(d.encoding, "utf-8");
        assert_eq!(d.text.matches('\u{FFFD}').count(), 1);
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].code, "invalid_utf8_replaced");
        assert!(d.warnings[0].message.contains("byte 100"), "{}", d.warnings[0].message);
        // Short text: one bad byte is still rare.
        let d = decode_detailed(b"K\xE1\xBA\xBF ho\xE1\xBA\xA1ch \xFF").expect("one");
        assert_eq!((d.encoding, d.text.as_str()), ("utf-8", "Kế hoạch \u{FFFD}"));
    }

    #[test]
    fn garbage_is_not_text() {
        // A deterministic byte salad without NUL: no encoding makes syllables of it.
        let mut x: u32 = 12345;
        let raw: Vec<u8> = (0..4000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                ((x >> 16) as u8).max(1)
            })
            .collect();
        let err = decode_detailed(&raw).expect_err("garbage");
        assert!(err.is_not_text());
        assert!(err.to_string().contains("no legacy Vietnamese encoding fits"), "{err}");
        assert!(decode_detailed(b"K\xe9 ho\xe0ch").is_err(), "Latin-1 that is not Vietnamese");
    }

    #[test]
    fn named_encodings_override_detection() {
        assert_eq!(encoding_by_name("CP1258"), Some("windows-1258"));
        assert_eq!(encoding_by_name("abc"), Some("tcvn3"));
        assert_eq!(encoding_by_name("latin-9"), None);
        assert!(encoding_names().iter().all(|n| encoding_by_name(n) == Some(*n)));
        let src = Source::from_bytes_as("x", b"Vie^.t Nam", Some("viqr")).expect("viqr");
        assert_eq!((src.encoding, src.text.as_str(), src.encoding_confidence), ("viqr", "Việt Nam", 1.0));
        let src = Source::from_bytes_as("x", b"\xAE\xAD\xEEc", Some("tcvn3")).expect("tcvn3");
        assert_eq!(src.text, "được");
        let src = Source::from_bytes_as("x", b"A\x00B\x00", Some("utf-16le")).expect("utf-16le without BOM");
        assert_eq!(src.text, "AB");
        let err = Source::from_bytes_as("x", b"abc", Some("klingon")).expect_err("unknown");
        assert!(err.to_string().contains("unknown encoding \"klingon\""), "{err}");
    }

    #[test]
    fn abc_capitals_come_back_in_headings() {
        let (text, n) = restore_capitals("Kế HOạCH\nI. MụC ĐíCH, YÊU CầU\nủY BAN NHÂN DÂN\nSố: 215/KH-UBND\nhoạt động của UBND tỉnh, DIễN BIếN\nkế hoạch\n");
        assert_eq!(text, "KẾ HOẠCH\nI. MỤC ĐÍCH, YÊU CẦU\nỦY BAN NHÂN DÂN\nSố: 215/KH-UBND\nhoạt động của UBND tỉnh, DIỄN BIẾN\nkế hoạch\n");
        assert_eq!(n, 8);
        let (text, n) = restore_capitals("6. ủy ban nhân dân các xã\n  1.2. ổn định\nb) ấp Tân\n- ứng dụng\ncủa ủy ban, ủy quyền\n2019. ở\n");
        assert_eq!(text, "6. Ủy ban nhân dân các xã\n  1.2. Ổn định\nb) Ấp Tân\n- ứng dụng\ncủa Ủy ban, ủy quyền\n2019. Ở\n");
        assert_eq!(n, 5);
    }

    #[test]
    fn every_byte_string_decodes_without_panic() {
        let all: Vec<u8> = (0..=255u8).cycle().take(2048).collect();
        for chunk in all.chunks(7).chain(all.windows(3).take(300)) {
            let _ = decode_detailed(chunk);
            for name in encoding_names() {
                let _ = decode_as(chunk, name);
            }
        }
    }

    #[test]
    fn empty_input_is_empty_text() {
        assert_eq!(decode(b"").expect("empty"), (String::new(), "utf-8"));
    }
}
