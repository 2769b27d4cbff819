//! `vnplan extract --stdin-jsonl`: records for a stream of requests, one JSON object per
//! line, so that any engine that can pipe lines through a program (Spark's `rdd.pipe`,
//! Hadoop streaming, GNU parallel) can run vnplan without knowing files.
//!
//! A request is `{"id": …, "path": "…", "text": "…"}`, or `"bytes_b64"` (standard or
//! URL-safe base64, padding optional, whitespace ignored) instead of `"text"` for input that
//! has not been decoded. Every line gives exactly one output line, in input order, so the
//! output can be zipped with the input:
//!
//! - a good request gives the record `vnplan extract PATH` gives for a file of those bytes
//!   at that path (`text` counts as its UTF-8 bytes; without `path` the record is that of
//!   `vnplan extract -`), byte for byte, except that an `id` given in the request is echoed
//!   as the record's last member, `"id"`;
//! - a line that is not such a request (not JSON, not an object, no `text` and no
//!   `bytes_b64`, both, bad base64, a blank line, a line too long to read) gives an error
//!   record with code `bad_line`, carrying the `id` and `path` when they could be read.
//!
//! The stream is never stopped by a line's content; only a failure to read stdin or write
//! the output ends it. Memory is bounded: lines are read with a length limit (over it the
//! rest of the line is only counted), and at most a window of lines, weighing at most
//! [`BUDGET`] bytes together, is in flight in the worker pool.
//!
//! [`extract_bytes`] is the same rendering for one input in memory, for the Python package.

use std::io::{self, BufRead};

use serde_json::{Map, Value};

use crate::cli::{render_loaded, stream_weighed, to_json_line, Loaded, RenderOpts, Rendered, DEFAULT_MAX_BYTES};
use crate::emit;
use crate::error::Error;

/// Bytes of request lines in flight at once (read and not yet written). A line longer than
/// this is still processed, alone.
pub const BUDGET: u64 = 256 << 20;

/// Extra room a request line has beyond four times `--max-bytes`: base64 makes bytes 4/3 as
/// long, and JSON escapes of Vietnamese text (`\u1ec7`, as Python's `json.dumps` writes
/// them) at most three times; the rest is the id, the path and the syntax.
const LINE_SLACK: u64 = 64 << 10;

/// The longest request line read for a given `--max-bytes` (0 = no limit): any request whose
/// content is within the limit fits.
pub fn line_limit(max_bytes: u64) -> u64 {
    if max_bytes == 0 {
        0
    } else {
        max_bytes.saturating_mul(4).saturating_add(LINE_SLACK)
    }
}

/// Options of [`extract_bytes`], as `vnplan extract` has them.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Inputs larger than this get a `too_large` error record (0 = no limit).
    pub max_bytes: u64,
    /// Decode as this encoding (a canonical name from
    /// [`encoding_by_name`](crate::source::encoding_by_name)) instead of detecting it.
    pub encoding: Option<&'static str>,
}

impl Default for Options {
    fn default() -> Options {
        Options { max_bytes: DEFAULT_MAX_BYTES, encoding: None }
    }
}

/// One input's output line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// The JSON record exactly as `vnplan extract` writes it, without the line's newline.
    pub json: String,
    /// Whether it is an error record (the input was too large or not text).
    pub is_error: bool,
}

/// The record `vnplan extract PATH` writes for a file holding `raw` (the same function
/// renders both, so they cannot differ).
pub fn extract_bytes(path: &str, raw: Vec<u8>, o: &Options) -> Output {
    let opts = RenderOpts { max_bytes: o.max_bytes, encoding: o.encoding, ..RenderOpts::default() };
    let r = render_loaded(path, Ok(loaded(raw, o.max_bytes)), opts);
    let mut bytes = r.bytes;
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
    }
    // serde_json writes UTF-8; the lossy conversion never replaces anything here.
    let json = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Output { json, is_error: r.error.is_some() }
}

/// Bytes in memory as a file read would have loaded them: over the limit only their size.
fn loaded(raw: Vec<u8>, max_bytes: u64) -> Loaded {
    let n = raw.len() as u64;
    if max_bytes > 0 && n > max_bytes {
        Loaded::TooLarge(n)
    } else {
        Loaded::Bytes(raw)
    }
}

/// One line of stdin: its number (from 1) and its bytes without the line end, or only its
/// length when it is longer than the limit.
#[derive(Debug)]
pub(crate) struct Line {
    no: u64,
    body: Body,
}

#[derive(Debug)]
enum Body {
    Bytes(Vec<u8>),
    TooLong(u64),
}

impl Line {
    fn weight(&self) -> u64 {
        match &self.body {
            Body::Bytes(b) => b.len() as u64,
            Body::TooLong(_) => 0,
        }
    }
}

/// Reads one line (up to `\n`, which is not kept, nor a `\r` before it), storing at most
/// `limit` bytes of it (0 = no limit). `None` at the end of the input.
fn read_line(r: &mut impl BufRead, limit: u64, no: u64) -> io::Result<Option<Line>> {
    let mut buf = Vec::new();
    let (mut len, mut any, mut over) = (0u64, false, false);
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, end) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let body = if end { &chunk[..take - 1] } else { &chunk[..take] };
        len += body.len() as u64;
        if !over {
            if limit > 0 && len > limit {
                over = true;
                buf = Vec::new();
            } else {
                buf.extend_from_slice(body);
            }
        }
        r.consume(take);
        if end {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if over {
        return Ok(Some(Line { no, body: Body::TooLong(len) }));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(Line { no, body: Body::Bytes(buf) }))
}

/// The lines of a reader; a read error ends them and is kept for the caller.
struct Lines<'e, R> {
    r: R,
    no: u64,
    limit: u64,
    error: &'e mut Option<io::Error>,
}

impl<R: BufRead> Iterator for Lines<'_, R> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.error.is_some() {
            return None;
        }
        match read_line(&mut self.r, self.limit, self.no + 1) {
            Ok(Some(line)) => {
                self.no += 1;
                Some(line)
            }
            Ok(None) => None,
            Err(e) => {
                *self.error = Some(e);
                None
            }
        }
    }
}

/// Runs the requests of `input` through the pool and hands each rendered line to `consume`
/// in input order. A read error of `input` ends the stream after the lines before it and is
/// left in `read_error`. Returns the number of lines, or the first error of `consume`.
pub(crate) fn run<R: BufRead>(
    input: R,
    pool: &rayon::ThreadPool,
    window: usize,
    opts: RenderOpts,
    read_error: &mut Option<io::Error>,
    consume: impl FnMut(Rendered) -> io::Result<()>,
) -> io::Result<usize> {
    let limit = line_limit(opts.max_bytes);
    let lines = Lines { r: input, no: 0, limit, error: read_error };
    stream_weighed(lines, pool, window, (BUDGET, Line::weight), move |line: Line| render_line(line, opts), consume)
}

/// A request as read from its line.
struct Request {
    id: Option<Value>,
    path: String,
    raw: Vec<u8>,
}

/// What could be read of a bad line, and why it is bad.
struct Bad {
    id: Option<Value>,
    path: Option<String>,
    why: String,
}

/// The path of a request without one: what `vnplan extract -` calls stdin.
const NO_PATH: &str = "-";

fn parse(line: &[u8]) -> Result<Request, Bad> {
    let bad = |why: String| Bad { id: None, path: None, why };
    if line.iter().all(u8::is_ascii_whitespace) {
        return Err(bad("blank line (expected a JSON object)".into()));
    }
    let mut obj: Map<String, Value> = match serde_json::from_slice(line) {
        Ok(Value::Object(m)) => m,
        Ok(other) => return Err(bad(format!("a JSON {}, not an object", kind(&other)))),
        Err(e) => return Err(bad(format!("not JSON: {e}"))),
    };
    let id = obj.remove("id");
    let path = match obj.remove("path") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) if !p.is_empty() => Some(p),
        Some(other) => return Err(Bad { id, path: None, why: format!("\"path\" must be a non-empty string, not {}", short(&other)) }),
    };
    let fail = |why: String| Bad { id: id.clone(), path: path.clone(), why };
    let raw = match (obj.remove("text"), obj.remove("bytes_b64")) {
        (Some(Value::String(t)), None) => t.into_bytes(),
        (None, Some(Value::String(b))) => match decode_base64(b.as_bytes()) {
            Ok(raw) => raw,
            Err(why) => return Err(fail(format!("\"bytes_b64\" is not base64: {why}"))),
        },
        (Some(_), Some(_)) => return Err(fail("both \"text\" and \"bytes_b64\"; give one".into())),
        (None, None) => return Err(fail("no \"text\" or \"bytes_b64\"".into())),
        (Some(other), None) => return Err(fail(format!("\"text\" must be a string, not {}", short(&other)))),
        (None, Some(other)) => return Err(fail(format!("\"bytes_b64\" must be a string, not {}", short(&other)))),
    };
    Ok(Request { id, path: path.unwrap_or_else(|| NO_PATH.to_string()), raw })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A value for a message: its kind, and the value itself when it is short.
fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.len() <= 40 {
        format!("{} {text}", kind(v))
    } else {
        format!("a long {}", kind(v))
    }
}

fn render_line(line: Line, o: RenderOpts) -> Rendered {
    let no = line.no;
    let bytes = match line.body {
        Body::Bytes(b) => b,
        Body::TooLong(n) => {
            let why = format!("stdin line {no}: {n} bytes, longer than the {} bytes a request line may have (4 × --max-bytes + 64 KiB); not read", line_limit(o.max_bytes));
            return bad_record(None, None, Some(n), &why, o);
        }
    };
    let size = bytes.len() as u64;
    match parse(&bytes) {
        Ok(req) => {
            drop(bytes);
            let mut r = render_loaded(&req.path, Ok(loaded(req.raw, o.max_bytes)), o);
            if let Some(msg) = r.error.take() {
                r.error = Some(format!("stdin line {no}: {msg}"));
            }
            if let Some(id) = &req.id {
                r.bytes = with_id(r.bytes, id);
            }
            r
        }
        Err(bad) => bad_record(bad.id.as_ref(), bad.path.as_deref(), Some(size), &format!("stdin line {no}: {}", bad.why), o),
    }
}

/// The error record of a bad line; `bytes` is the line's length (nothing else was read).
fn bad_record(id: Option<&Value>, path: Option<&str>, bytes: Option<u64>, why: &str, o: RenderOpts) -> Rendered {
    let err = match path {
        Some(p) => Error::bad_line(why).with_path(p),
        None => Error::bad_line(why),
    };
    let record = emit::error_record(path.unwrap_or(NO_PATH), bytes, &err);
    let stats = o.stats.then(|| {
        let mut s = crate::stats::Stats::default();
        s.add(&record);
        s
    });
    let mut line = to_json_line(&record, false);
    if let Some(id) = id {
        line = with_id(line, id);
    }
    Rendered { bytes: line, error: Some(err.to_string()), stats, input_bytes: bytes.unwrap_or(0) }
}

/// The record line with the request's id as its last member: the record itself is left
/// byte for byte as `extract` writes it, so that stripping `,"id":…` gives it back.
fn with_id(mut line: Vec<u8>, id: &Value) -> Vec<u8> {
    let id = serde_json::to_vec(id).unwrap_or_else(|_| b"null".to_vec());
    if line.ends_with(b"}\n") {
        line.truncate(line.len() - 2);
        line.extend_from_slice(b",\"id\":");
        line.extend_from_slice(&id);
        line.extend_from_slice(b"}\n");
    }
    line
}

/// Decodes base64: the standard and the URL-safe alphabet, padding optional, ASCII
/// whitespace ignored (MIME encoders break lines).
fn decode_base64(text: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 3);
    let (mut acc, mut bits, mut digits, mut padding) = (0u32, 0u32, 0usize, 0usize);
    for (i, &c) in text.iter().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => {
                padding += 1;
                continue;
            }
            c if c.is_ascii_whitespace() => continue,
            _ => return Err(format!("character {:?} at offset {i}", char::from(c))),
        };
        if padding > 0 {
            return Err(format!("data after '=' padding at offset {i}"));
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        digits += 1;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if digits % 4 == 1 {
        return Err(format!("{digits} base64 digits cannot end a group"));
    }
    if padding > 2 || (padding > 0 && (digits + padding) % 4 != 0) {
        return Err("wrong '=' padding".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes_both_alphabets_with_or_without_padding() {
        assert_eq!(decode_base64(b"").as_deref(), Ok(&b""[..]));
        assert_eq!(decode_base64(b"S+G6vyBob+G6oWNo").as_deref(), Ok("Kế hoạch".as_bytes()));
        assert_eq!(decode_base64(b"S-G6vyBob-G6oWNo").as_deref(), Ok("Kế hoạch".as_bytes()));
        assert_eq!(decode_base64(b"YQ==").as_deref(), Ok(&b"a"[..]));
        assert_eq!(decode_base64(b"YQ").as_deref(), Ok(&b"a"[..]));
        assert_eq!(decode_base64(b"YWI=").as_deref(), Ok(&b"ab"[..]));
        assert_eq!(decode_base64(b"YW\nJj\r\n").as_deref(), Ok(&b"abc"[..]));
        assert_eq!(decode_base64(b"/w==").as_deref(), Ok(&[0xff][..]));
        for bad in [&b"Y"[..], b"YQ=", b"YQ===", b"Y=Q=", b"YQ==YQ==", b"a*b=", b"\xc3\xa9"] {
            assert!(decode_base64(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn lines_are_read_up_to_the_limit_and_the_rest_counted() {
        let data = b"abc\r\n\n0123456789\nlast";
        let mut r = io::BufReader::with_capacity(4, &data[..]);
        let mut got = Vec::new();
        let mut no = 0;
        while let Some(line) = read_line(&mut r, 5, no + 1).expect("read") {
            no += 1;
            got.push(match line.body {
                Body::Bytes(b) => String::from_utf8_lossy(&b).into_owned(),
                Body::TooLong(n) => format!("<{n}>"),
            });
        }
        assert_eq!(got, ["abc", "", "<10>", "last"]);
    }

    #[test]
    fn requests_are_checked_and_the_id_survives_what_can_be_read() {
        let ok = parse(br#"{"id": 7, "path": "a.txt", "text": "x"}"#).ok().expect("a request");
        assert_eq!((ok.id, ok.path.as_str(), ok.raw.as_slice()), (Some(Value::from(7)), "a.txt", &b"x"[..]));
        let no_path = parse(br#"{"bytes_b64": "eA=="}"#).ok().expect("a request");
        assert_eq!((no_path.path.as_str(), no_path.raw.as_slice()), ("-", &b"x"[..]));
        let cases: [(&[u8], Option<Value>, &str); 9] = [
            (b"", None, "blank"),
            (b"{\"id\": 1", None, "not JSON"),
            (b"[1]", None, "not an object"),
            (br#"{"id": "a", "path": "p"}"#, Some("a".into()), "no \"text\""),
            (br#"{"id": "a", "text": "x", "bytes_b64": "eA=="}"#, Some("a".into()), "both"),
            (br#"{"id": "a", "bytes_b64": "e*A"}"#, Some("a".into()), "not base64"),
            (br#"{"id": "a", "text": 5}"#, Some("a".into()), "must be a string"),
            (br#"{"id": "a", "path": 5, "text": "x"}"#, Some("a".into()), "\"path\" must be"),
            (b"{\"id\": \"a\", \"text\": \"\xff\"}", None, "not JSON"),
        ];
        for (line, id, why) in cases {
            let Err(bad) = parse(line) else { panic!("{:?} was read", String::from_utf8_lossy(line)) };
            assert_eq!(bad.id, id, "{:?}", String::from_utf8_lossy(line));
            assert!(bad.why.contains(why), "{:?}: {}", String::from_utf8_lossy(line), bad.why);
        }
    }

    #[test]
    fn the_id_goes_last_and_leaves_the_record_as_it_was() {
        let line = b"{\"schema\":\"vnplan/1\",\"source\":{\"path\":\"-\"}}\n".to_vec();
        let with = with_id(line.clone(), &Value::from("doc-1"));
        assert_eq!(with, b"{\"schema\":\"vnplan/1\",\"source\":{\"path\":\"-\"},\"id\":\"doc-1\"}\n");
        let parsed: Value = serde_json::from_slice(&with).expect("JSON");
        assert_eq!(parsed["id"], "doc-1");
    }

    #[test]
    fn extract_bytes_gives_the_line_of_a_file_and_error_records_over_the_limit() {
        let text = "Số: 215/KH-UBND\n\nKon Tum, ngày 28 tháng 01 năm 2019\n\nKẾ HOẠCH\nHoạt động năm 2019\n";
        let out = extract_bytes("plan.txt", text.as_bytes().to_vec(), &Options::default());
        assert!(!out.is_error && !out.json.ends_with('\n'), "{}", out.json);
        let record: Value = serde_json::from_str(&out.json).expect("JSON");
        assert_eq!(record["source"]["path"], "plan.txt");
        assert_eq!(record["document"]["number"]["seq"], "215");
        let small = extract_bytes("plan.txt", text.as_bytes().to_vec(), &Options { max_bytes: 10, encoding: None });
        let record: Value = serde_json::from_str(&small.json).expect("JSON");
        assert!(small.is_error);
        assert_eq!((record["error"]["code"].as_str(), record["source"]["bytes"].as_u64()), (Some("too_large"), Some(text.len() as u64)));
    }
}
