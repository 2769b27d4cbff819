//! The command line: flags → a validated [`Config`] → a run over the inputs. The library
//! never prints; this module writes the records to stdout (or `-o FILE`) and the messages
//! to stderr, and decides the exit code.
//!
//! Exit codes: 0 = every input produced a record; 1 = some inputs could not be read or
//! decoded (their error records were still written, in place); 2 = usage error or the
//! output could not be written. A closed stdout pipe ends the run quietly with 0.

#![allow(clippy::print_stderr)] // the command line is where messages are printed

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::emit;
use crate::error::Error;
use crate::pipeline::{self, Stage};
use crate::source::Source;

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

/// What one input rendered to: the bytes to write and whether it failed.
struct Rendered {
    bytes: Vec<u8>,
    error: Option<String>,
}

fn render(input: &Input, stdin: Option<&[u8]>, pretty: bool, dump: Option<DumpStage>) -> Rendered {
    let path = input.path();
    let raw: Result<Vec<u8>, Error> = match input {
        Input::Stdin => Ok(stdin.unwrap_or_default().to_vec()),
        Input::File(p) => std::fs::read(p).map_err(|e| Error::io(e).with_path(p)),
        Input::Broken(p, why) => Err(Error::io(io::Error::other(why.clone())).with_path(p)),
    };
    let size = raw.as_ref().ok().map(|r| r.len() as u64);
    match raw.and_then(|raw| Source::from_bytes(&path, &raw)) {
        Ok(src) => {
            let processed = pipeline::process(src);
            let bytes = match dump {
                Some(DumpStage::Normalized) => pipeline::dump(&processed, Stage::Normalized).into_bytes(),
                Some(DumpStage::Outline) => format!("# {path}\n{}", pipeline::dump(&processed, Stage::Outline)).into_bytes(),
                Some(DumpStage::Record) => pipeline::dump(&processed, Stage::Record).into_bytes(),
                None => to_json_line(&processed.record(), pretty),
            };
            Rendered { bytes, error: None }
        }
        Err(e) => Rendered { bytes: to_json_line(&emit::error_record(&path, size, &e), pretty), error: Some(e.to_string()) },
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
    let stdin_bytes = if inputs.contains(&Input::Stdin) {
        let mut buf = Vec::new();
        if let Err(e) = io::stdin().lock().read_to_end(&mut buf) {
            eprintln!("vnplan: cannot read stdin: {e}");
            return Status::Fatal;
        }
        Some(buf)
    } else {
        None
    };
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
            pool.install(|| chunk.par_iter().map(|i| render(i, stdin_bytes.as_deref(), a.pretty, a.dump)).collect());
        for r in rendered {
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
    if failed > 0 {
        if !a.quiet {
            eprintln!("vnplan: {failed} of {} input(s) could not be read; their error records were written", inputs.len());
        }
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
