//! The command line: flags → a validated [`Config`] → a run over the inputs. The library
//! never prints; this module writes the records to stdout (or `-o FILE`) and the messages
//! to stderr, and decides the exit code.
//!
//! Exit codes: 0 = every input produced a record; 1 = some inputs could not be read or
//! decoded (their error records were still written, in place); 2 = usage error or the
//! output could not be written. A closed stdout pipe ends the run quietly with 0.
//!
//! Inputs larger than `--max-bytes` (default [`DEFAULT_MAX_BYTES`], 64 MiB) are not read:
//! their size is taken from the file's metadata (stdin is read up to the limit and the rest
//! only counted), and they get a `too_large` error record in place. `--stats` prints a
//! coverage report ([`crate::stats::Stats`]) to stderr after the last record.

#![allow(clippy::print_stderr)] // the command line is where messages are printed

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::emit;
use crate::error::Error;
use crate::pipeline::{self, Stage};
use crate::source::Source;
use crate::stats::Stats;

/// The default of `--max-bytes`: 64 MiB, far above any real plan (the largest seen are a few
/// MB) and small enough that one input cannot exhaust memory on a small machine.
pub const DEFAULT_MAX_BYTES: u64 = 64 << 20;

/// vnplan: Vietnamese government plans (Kế hoạch) → structured `vnplan/1` JSON.
#[derive(Debug, Parser)]
#[command(name = "vnplan", version, about, long_about = None)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract records from plan texts: one JSON line per input, in sorted path order.
    #[command(after_help = "Exit codes: 0 all inputs processed; 1 some inputs could not be read \
(an error record is written for each); 2 usage error or output not writable.")]
    Extract(ExtractArgs),
}

#[derive(Debug, clap::Args)]
struct ExtractArgs {
    /// Files or directories (searched recursively for *.txt and *.md); `-` reads stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Worker threads; 0 uses every core. Output is identical for every value.
    #[arg(short = 'j', long = "threads", default_value_t = 0)]
    threads: usize,
    /// Write the records to FILE instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Indent each record (one JSON document per input instead of one line).
    #[arg(long)]
    pretty: bool,
    /// Print one stage's intermediate result instead of records (for debugging).
    #[arg(long, value_enum, value_name = "STAGE")]
    dump: Option<DumpStage>,
    /// No messages on stderr except fatal ones.
    #[arg(short, long)]
    quiet: bool,
    /// Inputs larger than this are not read and get a `too_large` error record. Bytes, or
    /// with a suffix K, M or G (powers of 1024); 0 means no limit.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    max_bytes: u64,
    /// At the end, print a coverage report to stderr: records, error records by code,
    /// warnings by code, and the share of documents that have each main field.
    #[arg(long)]
    stats: bool,
    /// Decode every input as this encoding instead of detecting it: utf-8, utf-16le,
    /// utf-16be, windows-1258 (cp1258), tcvn3 (abc), vni, viscii, viqr, utf-8-mojibake.
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    encoding: Option<&'static str>,
}

/// Accepts an encoding name or alias (case-insensitive) and returns its canonical name.
fn parse_encoding(s: &str) -> Result<&'static str, String> {
    crate::source::encoding_by_name(s)
        .ok_or_else(|| format!("unknown encoding {s:?}; known: {}", crate::source::encoding_names().join(", ")))
}

/// Parses a size: a number of bytes, optionally followed by `K`, `M` or `G` (powers of 1024,
/// case-insensitive, an optional `B` or `iB` after it: `100M`, `64MiB`, `512k`, `1000`).
///
/// # Errors
/// A message for clap when the text is not such a size or overflows 64 bits.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(digits);
    let n: u64 = num.parse().map_err(|_| format!("not a size: {s:?} (expected e.g. 1000, 512K, 64M, 1G)"))?;
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit.strip_suffix("ib").or_else(|| unit.strip_suffix('b')).unwrap_or(&unit);
    let factor: u64 = match unit {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        _ => return Err(format!("unknown size unit in {s:?} (use K, M or G)")),
    };
    n.checked_mul(factor).ok_or_else(|| format!("size {s:?} is too large"))
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum DumpStage {
    /// Normalised paragraphs with their zone and number of joined lines.
    Normalized,
    /// The section tree.
    Outline,
    /// The record, pretty-printed.
    Record,
}

/// One input, as found on the command line or in a directory.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Input {
    /// Standard input.
    Stdin,
    /// A file to read.
    File(PathBuf),
    /// A path that could not be listed or read as given.
    Broken(PathBuf, String),
}

impl Input {
    fn path(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) | Input::Broken(p, _) => p.display().to_string(),
        }
    }
}

/// Exit statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Every input produced a record.
    Ok = 0,
    /// Some inputs produced error records.
    SomeFailed = 1,
    /// Usage error or fatal output error.
    Fatal = 2,
}

fn is_input_file(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

fn walk(dir: &Path, out: &mut Vec<Input>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Input::Broken(dir.to_path_buf(), format!("cannot list directory: {e}")));
            return;
        }
    };
    for entry in entries {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                // file_type() does not follow symlinks, so a symlink loop cannot recurse.
                match entry.file_type() {
                    Ok(t) if t.is_dir() => walk(&path, out),
                    Ok(_) if path.is_file() && is_input_file(&path) => out.push(Input::File(path)),
                    Ok(_) => {}
                    Err(e) => out.push(Input::Broken(path, e.to_string())),
                }
            }
            Err(e) => out.push(Input::Broken(dir.to_path_buf(), format!("cannot list directory: {e}"))),
        }
    }
}

fn collect_inputs(paths: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if p.is_dir() {
            walk(p, &mut inputs);
        } else if p.exists() {
            inputs.push(Input::File(p.clone()));
        } else {
            inputs.push(Input::Broken(p.clone(), "no such file or directory".to_string()));
        }
    }
    inputs.sort_by_key(|a| a.path());
    inputs.dedup();
    inputs
}

/// What one input rendered to: the bytes to write, whether it failed, and its counts for
/// `--stats`.
struct Rendered {
    bytes: Vec<u8>,
    error: Option<String>,
    stats: Option<Stats>,
}

/// Options that shape how each input is rendered.
#[derive(Clone, Copy, Debug)]
struct RenderOpts {
    pretty: bool,
    dump: Option<DumpStage>,
    max_bytes: u64,
    stats: bool,
    encoding: Option<&'static str>,
}

/// An input as loaded: its bytes, or only its size when that is over the limit.
#[derive(Debug)]
enum Loaded {
    Bytes(Vec<u8>),
    TooLarge(u64),
}

/// Reads at most `limit` bytes (0 = no limit) from `r`. Over the limit, the rest is only
/// counted, never stored.
fn read_limited(r: impl Read, limit: u64) -> io::Result<Loaded> {
    let mut buf = Vec::new();
    if limit == 0 {
        let mut r = r;
        r.read_to_end(&mut buf)?;
        return Ok(Loaded::Bytes(buf));
    }
    let mut r = r.take(limit.saturating_add(1));
    r.read_to_end(&mut buf)?;
    let read = buf.len() as u64;
    if read <= limit {
        return Ok(Loaded::Bytes(buf));
    }
    drop(buf);
    let rest = io::copy(&mut r.into_inner(), &mut io::sink())?;
    Ok(Loaded::TooLarge(read.saturating_add(rest)))
}

/// Reads a file unless its size (from metadata, checked before reading) is over the limit.
/// The read itself is bounded too, for files whose metadata does not tell (pipes, devices,
/// files that grow while they are read).
fn read_file(p: &Path, limit: u64) -> io::Result<Loaded> {
    let file = std::fs::File::open(p)?;
    if let Ok(meta) = file.metadata() {
        if limit > 0 && meta.is_file() && meta.len() > limit {
            return Ok(Loaded::TooLarge(meta.len()));
        }
    }
    read_limited(file, limit)
}

fn render(input: &Input, stdin: Option<&Loaded>, o: RenderOpts) -> Rendered {
    let path = input.path();
    let loaded: Result<Loaded, Error> = match input {
        Input::Stdin => match stdin {
            Some(Loaded::Bytes(b)) => Ok(Loaded::Bytes(b.clone())),
            Some(Loaded::TooLarge(n)) => Ok(Loaded::TooLarge(*n)),
            None => Ok(Loaded::Bytes(Vec::new())),
        },
        Input::File(p) => read_file(p, o.max_bytes).map_err(|e| Error::io(e).with_path(p)),
        Input::Broken(p, why) => Err(Error::io(io::Error::other(why.clone())).with_path(p)),
    };
    // The size written in an error record: the bytes read, or the size found over the limit.
    let size = match &loaded {
        Ok(Loaded::Bytes(b)) => Some(b.len() as u64),
        Ok(Loaded::TooLarge(n)) => Some(*n),
        Err(_) => None,
    };
    let raw = loaded.and_then(|l| match l {
        Loaded::Bytes(b) => Ok(b),
        Loaded::TooLarge(n) => Err(Error::too_large(n, o.max_bytes).with_path(&path)),
    });
    match raw.and_then(|raw| Source::from_bytes_as(&path, &raw, o.encoding)) {
        Ok(src) => {
            let processed = pipeline::process(src);
            let record = (o.stats || o.dump.is_none()).then(|| processed.record());
            let stats = record.as_ref().filter(|_| o.stats).map(|r| {
                let mut s = Stats::default();
                s.add(r);
                s
            });
            let bytes = match (o.dump, &record) {
                (Some(DumpStage::Normalized), _) => pipeline::dump(&processed, Stage::Normalized).into_bytes(),
                (Some(DumpStage::Outline), _) => format!("# {path}\n{}", pipeline::dump(&processed, Stage::Outline)).into_bytes(),
                (Some(DumpStage::Record), _) => pipeline::dump(&processed, Stage::Record).into_bytes(),
                (None, Some(r)) => to_json_line(r, o.pretty),
                (None, None) => to_json_line(&processed.record(), o.pretty),
            };
            Rendered { bytes, error: None, stats }
        }
        Err(e) => {
            let record = emit::error_record(&path, size, &e);
            let stats = o.stats.then(|| {
                let mut s = Stats::default();
                s.add(&record);
                s
            });
            Rendered { bytes: to_json_line(&record, o.pretty), error: Some(e.to_string()), stats }
        }
    }
}

fn to_json_line(v: &serde_json::Value, pretty: bool) -> Vec<u8> {
    let r = if pretty { serde_json::to_vec_pretty(v) } else { serde_json::to_vec(v) };
    // Serialising a Value cannot fail; an empty object keeps the one-line-per-input promise.
    let mut bytes = r.unwrap_or_else(|_| b"{}".to_vec());
    bytes.push(b'\n');
    bytes
}

fn is_broken_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// Runs the command line and returns the exit status.
pub fn run(args: Args) -> Status {
    match args.command {
        Command::Extract(a) => extract(a),
    }
}

fn extract(a: ExtractArgs) -> Status {
    let inputs = collect_inputs(&a.paths);
    let stdin_data = if inputs.contains(&Input::Stdin) {
        match read_limited(io::stdin().lock(), a.max_bytes) {
            Ok(loaded) => Some(loaded),
            Err(e) => {
                eprintln!("vnplan: cannot read stdin: {e}");
                return Status::Fatal;
            }
        }
    } else {
        None
    };
    let opts = RenderOpts { pretty: a.pretty, dump: a.dump, max_bytes: a.max_bytes, stats: a.stats, encoding: a.encoding };
    let mut stats = Stats::default();
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(a.threads).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("vnplan: cannot start {} worker threads: {e}", a.threads);
            return Status::Fatal;
        }
    };
    let mut sink: Box<dyn Write> = match &a.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(io::BufWriter::new(f)),
            Err(e) => {
                eprintln!("vnplan: cannot create {}: {e}", path.display());
                return Status::Fatal;
            }
        },
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    let mut failed = 0usize;
    // Chunks bound memory: a chunk is rendered in parallel, then written in input order.
    const CHUNK: usize = 256;
    for chunk in inputs.chunks(CHUNK) {
        let rendered: Vec<Rendered> =
            pool.install(|| chunk.par_iter().map(|i| render(i, stdin_data.as_ref(), opts)).collect());
        for r in rendered {
            if let Some(s) = &r.stats {
                stats.merge(s);
            }
            if let Some(msg) = &r.error {
                failed += 1;
                if !a.quiet {
                    eprintln!("vnplan: {msg}");
                }
            }
            if let Err(e) = sink.write_all(&r.bytes) {
                return write_failed(&e);
            }
        }
    }
    if let Err(e) = sink.flush() {
        return write_failed(&e);
    }
    if failed > 0 && !a.quiet {
        eprintln!("vnplan: {failed} of {} input(s) could not be read; their error records were written", inputs.len());
    }
    if a.stats {
        // Asked for explicitly, so printed even with --quiet.
        for line in stats.to_string().lines() {
            eprintln!("vnplan: {line}");
        }
    }
    if failed > 0 {
        Status::SomeFailed
    } else {
        Status::Ok
    }
}

fn write_failed(e: &io::Error) -> Status {
    if is_broken_pipe(e) {
        Status::Ok
    } else {
        eprintln!("vnplan: cannot write output: {e}");
        Status::Fatal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("0"), Ok(0));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("64M"), Ok(DEFAULT_MAX_BYTES));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("100mb"), Ok(100 << 20));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size(" 7 M "), Ok(7 << 20));
    }

    #[test]
    fn bad_sizes_are_refused() {
        for bad in ["", "M", "-1", "1.5M", "12X", "1T", "99999999999999999999", "20000000000G"] {
            assert!(parse_size(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn reading_stops_at_the_limit_and_counts_the_rest() {
        let data = vec![b'a'; 10_000];
        assert!(matches!(read_limited(&data[..], 10_000), Ok(Loaded::Bytes(b)) if b.len() == 10_000));
        assert!(matches!(read_limited(&data[..], 9_999), Ok(Loaded::TooLarge(10_000))));
        assert!(matches!(read_limited(&data[..], 0), Ok(Loaded::Bytes(b)) if b.len() == 10_000));
        assert!(matches!(read_limited(&b""[..], 1), Ok(Loaded::Bytes(b)) if b.is_empty()));
    }
}
