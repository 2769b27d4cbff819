//! Read and decode: raw bytes → [`Source`] text. This is the only stage that sees bytes.
//!
//! Spans in the output are byte offsets into `Source::text`, the decoded UTF-8 text *after*
//! any byte-order mark is removed and any encoding conversion is done, and before
//! normalisation (SPEC.md, "Conventions").
//!
//! Decoding is a list of [`Decoder`]s tried in order; legacy Vietnamese encodings (TCVN3,
//! VNI, VISCII, Windows-1258) plug in here as further decoders without touching later stages.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::Error;

/// One input document as read: owned once, borrowed by every later stage.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path as given on the command line (or `-` for stdin).
    pub path: String,
    /// Size of the raw input in bytes.
    pub bytes: u64,
    /// Lower-case hex SHA-256 of the raw bytes: a stable document id.
    pub sha256: String,
    /// Name of the encoding the bytes were decoded from (`utf-8`, `utf-16le`, …).
    pub encoding: &'static str,
    /// The decoded text, without a byte-order mark. Output spans index this string.
    pub text: String,
}

impl Source {
    /// Decodes raw bytes read from `path`.
    ///
    /// # Errors
    /// Returns a `not_text` error when the bytes are binary or in no supported encoding.
    pub fn from_bytes(path: &str, raw: &[u8]) -> Result<Source, Error> {
        let (text, encoding) = decode(raw).map_err(|e| e.with_path(path))?;
        Ok(Source {
            path: path.to_string(),
            bytes: raw.len() as u64,
            sha256: sha256_hex(raw),
            encoding,
            text,
        })
    }

    /// Builds a source from text that is already decoded (tests, library callers).
    pub fn from_text(path: &str, text: &str) -> Source {
        Source {
            path: path.to_string(),
            bytes: text.len() as u64,
            sha256: sha256_hex(text.as_bytes()),
            encoding: "utf-8",
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
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// A way to turn bytes into text. Returns `None` when the bytes are not in its encoding.
type Decoder = fn(&[u8]) -> Option<Result<String, Error>>;

/// Tried in order; the first that claims the bytes decides. Byte-order marks first, because
/// they are unambiguous; binary detection before UTF-8, because NUL is valid UTF-8.
const DECODERS: &[(&str, Decoder)] = &[
    ("utf-8", decode_utf8_bom),
    ("utf-16le", decode_utf16le_bom),
    ("utf-16be", decode_utf16be_bom),
    ("binary", reject_binary),
    ("utf-8", decode_utf8),
];

/// Decodes raw bytes into text, naming the encoding used.
///
/// # Errors
/// A `not_text` error for binary data (NUL bytes) and for bytes that are valid in none of
/// the supported encodings.
pub fn decode(raw: &[u8]) -> Result<(String, &'static str), Error> {
    for (name, decoder) in DECODERS {
        if let Some(result) = decoder(raw) {
            return result.map(|text| (text, *name));
        }
    }
    let bad = match std::str::from_utf8(raw) {
        Err(e) => e.valid_up_to(),
        Ok(_) => 0,
    };
    Err(Error::not_text(format!(
        "invalid UTF-8 at byte {bad}, and no other supported encoding matches"
    )))
}

fn decode_utf8_bom(raw: &[u8]) -> Option<Result<String, Error>> {
    let rest = raw.strip_prefix(b"\xEF\xBB\xBF")?;
    Some(match std::str::from_utf8(rest) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(Error::not_text(format!(
            "UTF-8 byte-order mark, but invalid UTF-8 at byte {}",
            e.valid_up_to() + 3
        ))),
    })
}

fn decode_utf16le_bom(raw: &[u8]) -> Option<Result<String, Error>> {
    let rest = raw.strip_prefix(b"\xFF\xFE")?;
    Some(decode_utf16(rest, u16::from_le_bytes))
}

fn decode_utf16be_bom(raw: &[u8]) -> Option<Result<String, Error>> {
    let rest = raw.strip_prefix(b"\xFE\xFF")?;
    Some(decode_utf16(rest, u16::from_be_bytes))
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

fn reject_binary(raw: &[u8]) -> Option<Result<String, Error>> {
    let at = raw.iter().position(|&b| b == 0)?;
    Some(Err(Error::not_text(format!("binary data (NUL byte at offset {at})"))))
}

fn decode_utf8(raw: &[u8]) -> Option<Result<String, Error>> {
    std::str::from_utf8(raw).ok().map(|s| Ok(s.to_string()))
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
        let err = decode(b"abc\xFFdef").expect_err("invalid");
        assert_eq!(err.code(), "not_text");
        assert!(err.to_string().contains("byte 3"), "{err}");
    }

    #[test]
    fn empty_input_is_empty_text() {
        assert_eq!(decode(b"").expect("empty"), (String::new(), "utf-8"));
    }
}
