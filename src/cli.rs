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
//!
//! Inputs stream: directories are walked one listing at a time in sorted path order, a
//! bounded window of inputs is in flight in the worker pool (read ahead by the thread that
//! walks them, so the workers only compute), and records are written in input order as soon
//! as all before them are done. The
//! output is byte-identical for every `-j` and memory does not grow with the number of
//! inputs. When stderr is a terminal (and without `--quiet`) a progress bar shows files,
//! bytes, rate and ETA there.

#![allow(clippy::print_stderr)] // the command line is where messages are printed

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use unicode_normalization::{is_nfc_quick, IsNormalized};

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
    /// Only read, UTF-8-validate and NFC-quick-check the inputs (the speed reference for
    /// benchmarks); prints the totals.
    #[command(hide = true)]
    Baseline(BaselineArgs),
    /// Write flat tables (CSV and Parquet, one per entity) from JSON Lines records, as
    /// `extract --tables` does; columns in docs/WAREHOUSE.md.
    #[command(after_help = "Exit codes: 0 all lines were records; 1 some lines were not vnplan/1 records \
(skipped, each reported); 2 usage error or a table could not be written.")]
    Tables(TablesArgs),
    /// Audit citations: one row per cited document (grouped by key_resolved, else key) with
    /// its types, issuers, dates, citing documents and spellings, and flags for conflicts.
    #[command(after_help = "PATHS ending in .jsonl (or -) are read as vnplan/1 records; other paths are plans, \
extracted as `extract` does. Flags: dates_differ, issuers_differ, no_year, type_mismatch, after_citing \
(docs/WAREHOUSE.md). Exit codes: 0 ok; 1 some inputs could not be read or some lines were not records; 2 usage error.")]
    Cites(CitesArgs),
    /// Score records against gold files with the SPEC's accuracy metric (the same numbers
    /// and table as shared/tools/score.py): per document and pooled.
    #[command(after_help = "PATHS ending in .jsonl or .json (or -) are records files, read as score.py reads them; \
other paths are plans, extracted as `extract` does. Records are matched to gold files by the stem of source.path. \
Exit codes: 0 scored; 1 some inputs could not be read (they score zero); 2 usage error or unreadable gold folder.")]
    Eval(EvalArgs),
}

#[derive(Debug, clap::Args)]
struct EvalArgs {
    /// The folder of gold files (`NAME.json`, scored against the record of `NAME.txt`).
    #[arg(long, value_name = "DIR")]
    gold: PathBuf,
    /// Records files (`*.jsonl`, `*.json`, `-`) or plans (files, directories).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format: score.py's table, or its `--json` document.
    #[arg(long, value_enum, default_value = "table")]
    format: EvalFormat,
    /// Under each document's row, what was missed or wrong (score.py `--verbose`).
    #[arg(short, long)]
    verbose: bool,
    /// Worker threads for extracting plans; 0 uses every core.
    #[arg(short = 'j', long = "threads", default_value_t = 0)]
    threads: usize,
    /// No messages on stderr except errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum EvalFormat {
    /// One row per gold document and a TOTAL row (pooled counts), as score.py prints.
    Table,
    /// `{"documents", "total", "details"}`, as `score.py --json` prints.
    Json,
}

#[derive(Debug, clap::Args)]
struct CitesArgs {
    /// Plans (files, directories) or JSON Lines records (`*.jsonl`, `-` for stdin).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format: an aligned table, CSV, or one JSON document.
    #[arg(long, value_enum, default_value = "table")]
    format: CitesFormat,
    /// Only the cited documents that raise a flag.
    #[arg(long)]
    flagged: bool,
    /// Worker threads for extracting plans; 0 uses every core.
    #[arg(short = 'j', long = "threads", default_value_t = 0)]
    threads: usize,
    /// No messages on stderr except errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum CitesFormat {
    /// Aligned columns, long lists cut, then the details of every flag.
    Table,
    /// One row per cited document, every list in full.
    Csv,
    /// `{"cited": [...], "flags": {code: count}}`.
    Json,
}

#[derive(Debug, clap::Args)]
struct TablesArgs {
    /// JSON Lines files of vnplan/1 records (`vnplan extract` output); `-` reads stdin.
    #[arg(required = true)]
    records: Vec<PathBuf>,
    /// The directory to write the tables into (created if missing; files of the same
    /// names are replaced).
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: PathBuf,
    /// No messages on stderr except errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, clap::Args)]
struct BaselineArgs {
    /// Files or directories, found as `extract` finds them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Worker threads; 0 uses every core.
    #[arg(short = 'j', long = "threads", default_value_t = 0)]
    threads: usize,
    /// Inputs in flight at once; 0 chooses from the number of threads.
    #[arg(long, default_value_t = 0, hide = true)]
    window: usize,
}

#[derive(Debug, clap::Args)]
struct ExtractArgs {
    /// Files or directories (searched recursively for *.txt and *.md); `-` reads stdin.
    #[arg(required_unless_present = "stdin_jsonl")]
    paths: Vec<PathBuf>,
    /// Read JSON Lines requests from stdin, `{"id", "path", "text"}` or `{"id", "path",
    /// "bytes_b64"}`, and write one record per line, in input order (for Spark's
    /// `rdd.pipe`, Hadoop streaming, GNU parallel; docs/INTEGRATION.md).
    #[arg(long, conflicts_with_all = ["paths", "pretty", "dump"])]
    stdin_jsonl: bool,
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
    /// Also write flat tables (CSV and Parquet, one per entity: documents, sections,
    /// citations, …) into DIR; see docs/WAREHOUSE.md. The JSON records are then written
    /// only when `-o FILE` is given.
    #[arg(long, value_name = "DIR", conflicts_with = "dump")]
    tables: Option<PathBuf>,
    /// Replace the phone numbers, ID numbers and birth dates found in annexes (staff lists)
    /// by `[đã ẩn]` in every text value of the record, and report it in a
    /// `personal_data_redacted` warning (docs/FORMAT.md, "Redaction").
    #[arg(long)]
    redact: bool,
    /// Inputs in flight at once (being read, processed, or waiting rendered for their turn);
    /// 0 chooses from the number of threads. Output does not depend on it.
    #[arg(long, default_value_t = 0, hide = true)]
    window: usize,
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
pub(crate) enum DumpStage {
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

/// A directory entry waiting its turn in the walk, with the key it sorts by among its
/// siblings: the file name, with a `/` appended for directories, so that sorting the keys of
/// one directory sorts its files and everything below its subdirectories exactly as their
/// full path strings sort.
struct Pending {
    key: String,
    item: Item,
}

enum Item {
    Input(Input),
    /// A directory not walked yet, with its children when it had to be listed early.
    Dir(PathBuf, Option<Vec<Pending>>),
}

/// Lists one directory: the inputs it yields itself (listing failures, which sort at the
/// directory's own path, before its children) and its children, sorted by key.
fn list_dir(dir: &Path) -> (Vec<Input>, Vec<Pending>) {
    let mut own = Vec::new();
    let mut children = Vec::new();
    match std::fs::read_dir(dir) {
        Err(e) => own.push(Input::Broken(dir.to_path_buf(), format!("cannot list directory: {e}"))),
        Ok(entries) => {
            for entry in entries {
                match entry {
                    Ok(entry) => {
                        let path = entry.path();
                        let name = entry.file_name().to_string_lossy().into_owned();
                        // file_type() does not follow symlinks, so a symlink loop cannot recurse.
                        match entry.file_type() {
                            Ok(t) if t.is_dir() => children.push(Pending { key: name + "/", item: Item::Dir(path, None) }),
                            Ok(_) if path.is_file() && is_input_file(&path) => {
                                children.push(Pending { key: name, item: Item::Input(Input::File(path)) });
                            }
                            Ok(_) => {}
                            Err(e) => children.push(Pending { key: name, item: Item::Input(Input::Broken(path, e.to_string())) }),
                        }
                    }
                    Err(e) => own.push(Input::Broken(dir.to_path_buf(), format!("cannot list directory: {e}"))),
                }
            }
        }
    }
    children.sort_by(|a, b| a.key.cmp(&b.key));
    // A subdirectory's own failures sort at its bare name, before siblings such as
    // `name.txt` or `name-old/` (whose keys lie between `name` and `name/`). Only when such
    // siblings exist is the subdirectory listed now, so its failures can take that place.
    let mut hoisted = Vec::new();
    for i in 1..children.len() {
        let conflict = match (&children[i].item, children.get(i - 1)) {
            (Item::Dir(_, None), Some(prev)) => children[i].key.strip_suffix('/').is_some_and(|name| prev.key.starts_with(name)),
            _ => false,
        };
        if conflict {
            if let Item::Dir(path, pre) = &mut children[i].item {
                let (sub_own, sub_children) = list_dir(path);
                *pre = Some(sub_children);
                let name = children[i].key.trim_end_matches('/').to_string();
                hoisted.extend(sub_own.into_iter().map(|b| Pending { key: name.clone(), item: Item::Input(b) }));
            }
        }
    }
    if !hoisted.is_empty() {
        children.extend(hoisted);
        children.sort_by(|a, b| a.key.cmp(&b.key));
    }
    (own, children)
}

/// The inputs below one command-line path, in sorted path order, listing one directory at
/// a time: memory grows with the depth and width of the tree, not with its number of files.
struct Walk {
    /// Frames of siblings still to visit, each in reverse order (the next one is last).
    stack: Vec<Vec<Pending>>,
}

impl Walk {
    fn new(p: &Path) -> Walk {
        let item = if p.as_os_str() == "-" {
            Item::Input(Input::Stdin)
        } else if p.is_dir() {
            Item::Dir(p.to_path_buf(), None)
        } else if p.exists() {
            Item::Input(Input::File(p.to_path_buf()))
        } else {
            Item::Input(Input::Broken(p.to_path_buf(), "no such file or directory".to_string()))
        };
        Walk { stack: vec![vec![Pending { key: String::new(), item }]] }
    }
}

impl Iterator for Walk {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            let frame = self.stack.last_mut()?;
            let Some(next) = frame.pop() else {
                self.stack.pop();
                continue;
            };
            match next.item {
                Item::Input(i) => return Some(i),
                Item::Dir(path, pre) => {
                    let (own, mut children) = match pre {
                        Some(children) => (Vec::new(), children),
                        None => list_dir(&path),
                    };
                    children.reverse();
                    self.stack.push(children);
                    let mut own: Vec<Pending> = own.into_iter().map(|i| Pending { key: String::new(), item: Item::Input(i) }).collect();
                    own.reverse();
                    self.stack.push(own);
                }
            }
        }
    }
}

/// Every input of the command line in sorted path order, without duplicates: the walks of
/// the paths given, merged. Equal paths come in command-line order and only the first of
/// identical inputs is kept, as a stable sort followed by `dedup` would give.
struct Inputs {
    walks: Vec<(Option<(String, Input)>, Walk)>,
    last: Option<Input>,
}

impl Inputs {
    fn new(paths: &[PathBuf]) -> Inputs {
        let walks = paths
            .iter()
            .map(|p| {
                let mut w = Walk::new(p);
                (w.next().map(|i| (i.path(), i)), w)
            })
            .collect();
        Inputs { walks, last: None }
    }
}

impl Iterator for Inputs {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            let mut best: Option<usize> = None;
            for (i, (head, _)) in self.walks.iter().enumerate() {
                if let Some((key, _)) = head {
                    let better = match best.and_then(|b| self.walks.get(b)).and_then(|(h, _)| h.as_ref()) {
                        Some((best_key, _)) => key < best_key,
                        None => true,
                    };
                    if better {
                        best = Some(i);
                    }
                }
            }
            let (head, walk) = self.walks.get_mut(best?)?;
            let (_, input) = std::mem::replace(head, walk.next().map(|i| (i.path(), i)))?;
            if self.last.as_ref() != Some(&input) {
                self.last = Some(input.clone());
                return Some(input);
            }
        }
    }
}

/// Every input at once, sorted (the walk collected; for tests and small runs).
#[cfg(test)]
fn collect_inputs(paths: &[PathBuf]) -> Vec<Input> {
    Inputs::new(paths).collect()
}

/// What one input rendered to: the bytes to write, whether it failed, and its counts for
/// `--stats`.
pub(crate) struct Rendered {
    pub(crate) bytes: Vec<u8>,
    pub(crate) error: Option<String>,
    pub(crate) stats: Option<Stats>,
    /// The input's size in bytes (as read, or as found over the limit), for the progress bar.
    pub(crate) input_bytes: u64,
}

/// Options that shape how each input is rendered.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RenderOpts {
    pub(crate) pretty: bool,
    pub(crate) dump: Option<DumpStage>,
    pub(crate) max_bytes: u64,
    pub(crate) stats: bool,
    pub(crate) encoding: Option<&'static str>,
    /// `--redact`: personal data of the annexes replaced in records and dumps.
    pub(crate) redact: bool,
}

/// An input as loaded: its bytes, or only its size when that is over the limit.
#[derive(Debug)]
pub(crate) enum Loaded {
    Bytes(Vec<u8>),
    TooLarge(u64),
}

/// Reads at most `limit` bytes (0 = no limit) from `r`. Over the limit, the rest is only
/// counted, never stored.
/// `size_hint` is the size the metadata gives (0 when unknown): the buffer starts that
/// large, plus the byte `read_to_end` probes for the end with, instead of doubling its way
/// there (a copy of the document each time).
fn read_limited(r: impl Read, limit: u64, size_hint: u64) -> io::Result<Loaded> {
    // Never trust a hint beyond the limit (or 1 GiB without one) for an allocation up front.
    let cap = if limit > 0 { limit } else { 1 << 30 };
    let mut buf = Vec::with_capacity(usize::try_from(size_hint.min(cap)).unwrap_or(0).saturating_add(1));
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
    let mut size_hint = 0;
    if let Ok(meta) = file.metadata() {
        if limit > 0 && meta.is_file() && meta.len() > limit {
            return Ok(Loaded::TooLarge(meta.len()));
        }
        if meta.is_file() {
            size_hint = meta.len();
        }
    }
    read_limited(file, limit, size_hint)
}

/// An input as the thread that walks the inputs read it, on its way to a worker.
struct ReadInput {
    input: Input,
    loaded: Result<Loaded, Error>,
}

impl ReadInput {
    /// Reads `input` (`stdin`: standard input's bytes, read once before the walk; files over
    /// `max_bytes`, 0 for no limit, are only measured).
    fn read(input: Input, stdin: Option<&Loaded>, max_bytes: u64) -> ReadInput {
        let loaded = match &input {
            Input::Stdin => match stdin {
                Some(Loaded::Bytes(b)) => Ok(Loaded::Bytes(b.clone())),
                Some(Loaded::TooLarge(n)) => Ok(Loaded::TooLarge(*n)),
                None => Ok(Loaded::Bytes(Vec::new())),
            },
            Input::File(p) => read_file(p, max_bytes).map_err(|e| Error::io(e).with_path(p)),
            Input::Broken(p, why) => Err(Error::io(io::Error::other(why.clone())).with_path(p)),
        };
        ReadInput { input, loaded }
    }

    /// The bytes it holds in memory (what the read-ahead budget counts).
    fn weight(&self) -> u64 {
        match &self.loaded {
            Ok(Loaded::Bytes(b)) => b.len() as u64,
            _ => 0,
        }
    }

    fn render(self, o: RenderOpts) -> Rendered {
        render_loaded(&self.input.path(), self.loaded, o)
    }
}

/// Bytes read ahead of the workers at most (one input is always let through, however large).
/// The window stops typical plans (~25 KB) long before this; the budget stops a run of
/// large files from filling memory.
const READ_AHEAD_BUDGET: u64 = 64 << 20;

/// [`stream_weighed`] over the inputs of `paths`, each read on this thread (the one that walks them
/// and consumes the results) before a worker gets it: the workers only compute (and make no
/// file syscalls), and with `-j1` the reading (about a quarter of a baseline pass's time and
/// a few percent of `extract`'s on a warm page cache, more on a cold one) overlaps the
/// extraction instead of adding to it.
/// Memory stays bounded: the window counts inputs and [`READ_AHEAD_BUDGET`] their bytes.
fn stream_read<T, W, C>(paths: &[PathBuf], stdin: Option<&Loaded>, max_bytes: u64, pool: &rayon::ThreadPool, window: usize, work: W, consume: C) -> Result<usize, io::Error>
where
    T: Send + 'static,
    W: Fn(ReadInput) -> T + Send + Sync + 'static,
    C: FnMut(T) -> Result<(), io::Error>,
{
    let inputs = Inputs::new(paths).map(|input| ReadInput::read(input, stdin, max_bytes));
    stream_weighed(inputs, pool, window, (READ_AHEAD_BUDGET, ReadInput::weight), work, consume)
}

/// Renders an input already loaded (or that failed to load) as `path`: the one place that
/// turns bytes into what `extract` writes, shared with `--stdin-jsonl` and the Python
/// package so that they cannot drift apart.
pub(crate) fn render_loaded(path: &str, loaded: Result<Loaded, Error>, o: RenderOpts) -> Rendered {
    let path = path.to_string();
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
            // A `Value` only where something reads or edits it; plain records are written
            // straight from the extracted values.
            let record = (o.stats || (o.dump.is_none() && o.redact)).then(|| if o.redact { processed.redacted_record() } else { processed.record() });
            let stats = record.as_ref().filter(|_| o.stats).map(|r| {
                let mut s = Stats::default();
                s.add(r);
                s
            });
            let dump = |stage| if o.redact { pipeline::dump_redacted(&processed, stage) } else { pipeline::dump(&processed, stage) };
            let bytes = match (o.dump, &record) {
                (Some(DumpStage::Normalized), _) => dump(Stage::Normalized).into_bytes(),
                (Some(DumpStage::Outline), _) => format!("# {path}\n{}", dump(Stage::Outline)).into_bytes(),
                (Some(DumpStage::Record), _) => dump(Stage::Record).into_bytes(),
                (None, Some(r)) => to_json_line(r, o.pretty),
                (None, None) => processed.record_line(o.pretty),
            };
            Rendered { bytes, error: None, stats, input_bytes: size.unwrap_or(0) }
        }
        Err(e) => {
            let record = emit::error_record(&path, size, &e);
            let stats = o.stats.then(|| {
                let mut s = Stats::default();
                s.add(&record);
                s
            });
            Rendered { bytes: to_json_line(&record, o.pretty), error: Some(e.to_string()), stats, input_bytes: size.unwrap_or(0) }
        }
    }
}

pub(crate) fn to_json_line(v: &serde_json::Value, pretty: bool) -> Vec<u8> {
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
        Command::Baseline(a) => baseline(a),
        Command::Tables(a) => tables(a),
        Command::Cites(a) => cites(a),
        Command::Eval(a) => eval(a),
    }
}

/// `vnplan eval`: the accuracy metric of SPEC.md over any gold folder.
fn eval(a: EvalArgs) -> Status {
    let golds = match crate::eval::load_gold_dir(&a.gold) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("vnplan: cannot read gold folder {}: {e}", a.gold.display());
            return Status::Fatal;
        }
    };
    if golds.is_empty() && !a.quiet {
        eprintln!("vnplan: {} has no gold files (NAME.json) to score against", a.gold.display());
    }
    let mut records = Vec::new();
    let mut plans = Vec::new();
    for p in &a.paths {
        let is_records = p.as_os_str() == "-" || p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("json"));
        if !is_records {
            plans.push(p.clone());
            continue;
        }
        // Read as score.py reads a records file: one JSON value (a --pretty record), else JSON Lines.
        let text = if p.as_os_str() == "-" {
            let mut t = String::new();
            io::stdin().lock().read_to_string(&mut t).map(|_| t)
        } else {
            std::fs::read_to_string(p)
        };
        match text {
            Ok(t) => records.extend(crate::eval::load_records(&t)),
            Err(e) => {
                eprintln!("vnplan: cannot read {}: {e}", p.display());
                return Status::Fatal;
            }
        }
    }
    let problems = match records_of_paths(&plans, a.threads, a.quiet, |r| records.push(r)) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("vnplan: {e}");
            return Status::Fatal;
        }
    };
    let report = crate::eval::score(&records, &golds);
    let text = match a.format {
        EvalFormat::Table => report.table(a.verbose),
        EvalFormat::Json => {
            // score.py prints json.dumps(out, ensure_ascii=False, indent=1).
            let mut buf = Vec::new();
            let mut ser = serde_json::Serializer::with_formatter(&mut buf, serde_json::ser::PrettyFormatter::with_indent(b" "));
            if let Err(e) = serde::Serialize::serialize(&report.to_json(), &mut ser) {
                eprintln!("vnplan: {e}");
                return Status::Fatal;
            }
            buf.push(b'\n');
            String::from_utf8_lossy(&buf).into_owned()
        }
    };
    if let Err(e) = io::stdout().lock().write_all(text.as_bytes()) {
        return write_failed(&e);
    }
    if problems > 0 {
        Status::SomeFailed
    } else {
        Status::Ok
    }
}

fn is_jsonl(p: &Path) -> bool {
    p.as_os_str() == "-" || p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
}

/// The records of the command line's paths, in order: `*.jsonl` files and `-` are read as
/// JSON Lines records; every other path is extracted as `extract` finds and reads it.
/// Inputs that could not be read (error records) and lines that are not records are
/// reported on stderr (unless `quiet`) and counted; error records are passed on too.
/// Returns that count, or the fatal error's message.
pub(crate) fn records_of_paths(paths: &[PathBuf], threads: usize, quiet: bool, mut each: impl FnMut(serde_json::Value)) -> Result<usize, String> {
    let mut problems = 0usize;
    let mut pool: Option<rayon::ThreadPool> = None;
    for path in paths {
        if is_jsonl(path) {
            let read = read_records(
                std::slice::from_ref(path),
                |_, r| {
                    each(r);
                    Ok(())
                },
                |at, why| {
                    problems += 1;
                    if !quiet {
                        eprintln!("vnplan: {at}: skipped, not a vnplan/1 record: {why}");
                    }
                },
            );
            read.map_err(|e| e.to_string())?;
            continue;
        }
        if pool.is_none() {
            pool = Some(rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(|e| format!("cannot start {threads} worker threads: {e}"))?);
        }
        let Some(pool) = &pool else { continue };
        let opts = RenderOpts { pretty: false, dump: None, max_bytes: DEFAULT_MAX_BYTES, stats: false, encoding: None, redact: false };
        let window = window_for(0, pool.current_num_threads());
        let work = move |input: ReadInput| input.render(opts);
        stream_read(std::slice::from_ref(path), None, opts.max_bytes, pool, window, work, |r: Rendered| {
            if let Some(msg) = &r.error {
                problems += 1;
                if !quiet {
                    eprintln!("vnplan: {msg}");
                }
            }
            each(serde_json::from_slice(&r.bytes).map_err(io::Error::other)?);
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    }
    Ok(problems)
}

/// `vnplan cites`: the citation audit.
fn cites(a: CitesArgs) -> Status {
    let mut audit = crate::cites::Audit::new();
    let problems = match records_of_paths(&a.paths, a.threads, a.quiet, |r| audit.add(&r)) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("vnplan: {e}");
            return Status::Fatal;
        }
    };
    let mut rows = audit.rows();
    if a.flagged {
        rows.retain(|r| !r.flags.is_empty());
    }
    let text = match a.format {
        CitesFormat::Table => crate::cites::to_table(&rows),
        CitesFormat::Csv => crate::cites::to_csv(&rows),
        CitesFormat::Json => {
            let mut s = crate::cites::to_json(&rows).to_string();
            s.push('\n');
            s
        }
    };
    if let Err(e) = io::stdout().lock().write_all(text.as_bytes()) {
        return write_failed(&e);
    }
    if problems > 0 {
        if !a.quiet {
            eprintln!("vnplan: {problems} input(s) or line(s) could not be read as records");
        }
        Status::SomeFailed
    } else {
        Status::Ok
    }
}

/// One line for stderr: where the tables went and their row counts.
fn tables_summary(dir: &Path, s: &crate::tables::Summary) -> String {
    let counts: Vec<String> = s.rows.iter().map(|(name, n)| format!("{name} {n}")).collect();
    let formats = if crate::tables::PARQUET { "CSV and Parquet" } else { "CSV only (built without the parquet feature)" };
    format!("tables in {} ({formats}): {}", dir.display(), counts.join(", "))
}

/// Calls `each(location, record)` for every JSON Lines record of the files (`-` = stdin),
/// and `bad(location, why)` for every non-blank line that is not a `vnplan/1` record.
/// A file that cannot be opened or read is an error.
pub(crate) fn read_records(paths: &[PathBuf], mut each: impl FnMut(&str, serde_json::Value) -> io::Result<()>, mut bad: impl FnMut(&str, &str)) -> io::Result<()> {
    use std::io::BufRead;
    for path in paths {
        let name = path.display().to_string();
        let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
            Box::new(io::BufReader::new(io::stdin().lock()))
        } else {
            Box::new(io::BufReader::new(std::fs::File::open(path).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?))
        };
        for (i, line) in reader.lines().enumerate() {
            let line = line.map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?;
            if line.trim().is_empty() {
                continue;
            }
            let at = format!("{name}:{}", i + 1);
            match serde_json::from_str::<serde_json::Value>(&line) {
                Ok(v) => match crate::tables::check_record(&v) {
                    Ok(()) => each(&at, v)?,
                    Err(why) => bad(&at, &why),
                },
                Err(e) => bad(&at, &format!("not JSON: {e}")),
            }
        }
    }
    Ok(())
}

/// `vnplan tables`: JSON Lines records → flat tables.
fn tables(a: TablesArgs) -> Status {
    let mut writer = match crate::tables::Writer::create(&a.out) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("vnplan: cannot write tables: {e}");
            return Status::Fatal;
        }
    };
    let mut skipped = 0usize;
    let quiet = a.quiet;
    let read = read_records(&a.records, |_, r| writer.add(&r), |at, why| {
        skipped += 1;
        if !quiet {
            eprintln!("vnplan: {at}: skipped, not a vnplan/1 record: {why}");
        }
    });
    if let Err(e) = read {
        eprintln!("vnplan: {e}");
        return Status::Fatal;
    }
    match writer.finish() {
        Ok(summary) => {
            if !a.quiet {
                eprintln!("vnplan: {}", tables_summary(&a.out, &summary));
            }
        }
        Err(e) => {
            eprintln!("vnplan: cannot write tables: {e}");
            return Status::Fatal;
        }
    }
    if skipped > 0 {
        if !a.quiet {
            eprintln!("vnplan: {skipped} line(s) skipped");
        }
        Status::SomeFailed
    } else {
        Status::Ok
    }
}

/// The default window of `--window`: inputs in flight (being read, processed, or rendered
/// and waiting for their turn to be written) per worker thread, and at least.
const WINDOW_PER_THREAD: usize = 16;
const WINDOW_MIN: usize = 64;

fn window_for(asked: usize, threads: usize) -> usize {
    if asked > 0 {
        asked
    } else {
        (WINDOW_PER_THREAD * threads).max(WINDOW_MIN)
    }
}

/// Runs `work` on every input in a pool and hands the results to `consume` in input order.
/// At most `window` inputs are in flight at once (taken from `inputs` and not yet
/// consumed), and together they weigh at most `budget.0` by `budget.1` (bytes), so that a
/// run of large inputs cannot fill memory; one input is always let through, however heavy.
/// A result that is done early waits, rendered, for the ones before it. Memory is
/// therefore bounded by the window and the budget, whatever the number of inputs. A panic in
/// a worker is resumed on the calling thread, as a parallel iterator would do. Returns the
/// number of inputs, or the first error of `consume`.
///
/// `inputs` is pulled on the calling thread, only when the window has room: files read
/// there ([`stream_read`]) and `--stdin-jsonl` lines are read ahead by at most the window.
pub(crate) fn stream_weighed<I, T, W, C>(
    inputs: impl Iterator<Item = I>,
    pool: &rayon::ThreadPool,
    window: usize,
    budget: (u64, impl Fn(&I) -> u64),
    work: W,
    mut consume: C,
) -> Result<usize, io::Error>
where
    I: Send + 'static,
    T: Send + 'static,
    W: Fn(I) -> T + Send + Sync + 'static,
    C: FnMut(T) -> Result<(), io::Error>,
{
    let work = Arc::new(work);
    let handoff: Arc<Handoff<T>> = Arc::new(Handoff::new());
    let mut inputs = inputs.peekable();
    let mut waiting: BTreeMap<usize, T> = BTreeMap::new();
    let (mut submitted, mut consumed) = (0usize, 0usize);
    let window = window.max(1);
    let (budget, weigh) = budget;
    // The weight of each input in flight, by sequence number, and their sum.
    let mut weights: std::collections::VecDeque<u64> = std::collections::VecDeque::new();
    let mut in_flight = 0u64;
    loop {
        while submitted - consumed < window {
            let Some(next) = inputs.peek() else { break };
            let w = weigh(next);
            if submitted > consumed && in_flight.saturating_add(w) > budget {
                break;
            }
            let Some(input) = inputs.next() else { break };
            weights.push_back(w);
            in_flight = in_flight.saturating_add(w);
            let (handoff, work, seq) = (Arc::clone(&handoff), Arc::clone(&work), submitted);
            pool.spawn(move || {
                let result = panic::catch_unwind(AssertUnwindSafe(|| work(input)));
                handoff.push(seq, result);
            });
            submitted += 1;
        }
        if consumed == submitted {
            return Ok(submitted);
        }
        // Wait for a batch: half a window of results (so that a busy pool wakes this thread
        // once per batch, not once per input), at least one more than already taken, and no
        // more than were submitted.
        let taken = consumed + waiting.len();
        let wanted = submitted.min((taken + 1).max(consumed + window / 2));
        for (seq, result) in handoff.take(wanted) {
            match result {
                Ok(t) => {
                    waiting.insert(seq, t);
                }
                Err(payload) => panic::resume_unwind(payload),
            }
        }
        while let Some(t) = waiting.remove(&consumed) {
            consumed += 1;
            in_flight = in_flight.saturating_sub(weights.pop_front().unwrap_or(0));
            consume(t)?;
        }
    }
}

/// Results on their way from the workers to the thread that consumes them, in the order
/// they finish.
struct Handoff<T> {
    state: Mutex<Finished<T>>,
    ready: Condvar,
}

struct Finished<T> {
    /// Finished and not yet taken: sequence number and result (or panic).
    results: Vec<(usize, std::thread::Result<T>)>,
    /// Results finished so far, taken or not.
    count: usize,
    /// The count the consumer waits for: only the result that reaches it wakes the consumer.
    wanted: usize,
}

impl<T> Handoff<T> {
    fn new() -> Handoff<T> {
        Handoff { state: Mutex::new(Finished { results: Vec::new(), count: 0, wanted: 1 }), ready: Condvar::new() }
    }

    /// The mutex guards plain data that no code panics while holding: a poisoned lock is
    /// still consistent.
    fn lock(&self) -> std::sync::MutexGuard<'_, Finished<T>> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn push(&self, seq: usize, result: std::thread::Result<T>) {
        let mut s = self.lock();
        s.results.push((seq, result));
        s.count += 1;
        let wake = s.count == s.wanted;
        drop(s);
        if wake {
            self.ready.notify_one();
        }
    }

    /// Waits until `wanted` results have finished in all, then takes those not yet taken.
    /// `wanted` must not exceed the inputs submitted, or this waits for ever.
    fn take(&self, wanted: usize) -> Vec<(usize, std::thread::Result<T>)> {
        let mut s = self.lock();
        s.wanted = wanted;
        while s.count < wanted {
            s = self.ready.wait(s).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        std::mem::take(&mut s.results)
    }
}

/// The progress bar on stderr: shown only when stderr is a terminal and `--quiet` is not
/// given, so pipes, logs and tests see exactly the messages they saw before. A thread counts
/// the inputs and their sizes meanwhile; until it is done the bar has no length (no ETA).
struct Progress {
    bar: Option<ProgressBar>,
    total: Arc<AtomicU64>,
    files: u64,
}

/// Files not counted yet.
const UNCOUNTED: u64 = u64::MAX;

impl Progress {
    fn new(show: bool, paths: &[PathBuf], stdin_bytes: u64) -> Progress {
        let total = Arc::new(AtomicU64::new(UNCOUNTED));
        if !show {
            return Progress { bar: None, total, files: 0 };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(Self::style("{spinner} {elapsed_precise} {msg}  {bytes} ({bytes_per_sec})"));
        bar.enable_steady_tick(Duration::from_millis(200));
        let (counter, paths, files_total) = (bar.clone(), paths.to_vec(), Arc::clone(&total));
        std::thread::spawn(move || {
            let (mut files, mut bytes) = (0u64, stdin_bytes);
            for input in Inputs::new(&paths) {
                files += 1;
                if let Input::File(p) = input {
                    bytes += std::fs::metadata(p).map_or(0, |m| m.len());
                }
            }
            files_total.store(files, Ordering::Relaxed);
            counter.set_length(bytes);
            counter.set_style(Self::style("{elapsed_precise} [{wide_bar}] {msg}  {bytes}/{total_bytes} ({bytes_per_sec}, ETA {eta})"));
        });
        Progress { bar: Some(bar), total, files: 0 }
    }

    fn style(template: &str) -> ProgressStyle {
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar())
    }

    /// One input written, of `bytes` input bytes.
    fn advance(&mut self, bytes: u64) {
        self.files += 1;
        if let Some(bar) = &self.bar {
            let total = self.total.load(Ordering::Relaxed);
            bar.set_message(if total == UNCOUNTED { format!("{} files", self.files) } else { format!("{}/{total} files", self.files) });
            bar.inc(bytes);
        }
    }

    /// Prints a message line without tearing the bar.
    fn message(&self, msg: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{msg}")),
            None => eprintln!("{msg}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn build_pool(threads: usize) -> Option<rayon::ThreadPool> {
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => Some(p),
        Err(e) => {
            eprintln!("vnplan: cannot start {threads} worker threads: {e}");
            None
        }
    }
}

fn extract(a: ExtractArgs) -> Status {
    let stdin_data = if a.paths.iter().any(|p| p.as_os_str() == "-") {
        match read_limited(io::stdin().lock(), a.max_bytes, 0) {
            Ok(loaded) => Some(loaded),
            Err(e) => {
                eprintln!("vnplan: cannot read stdin: {e}");
                return Status::Fatal;
            }
        }
    } else {
        None
    };
    let opts = RenderOpts { pretty: a.pretty, dump: a.dump, max_bytes: a.max_bytes, stats: a.stats, encoding: a.encoding, redact: a.redact };
    let mut stats = Stats::default();
    let Some(pool) = build_pool(a.threads) else { return Status::Fatal };
    let mut sink: Box<dyn Write> = match &a.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(io::BufWriter::new(f)),
            Err(e) => {
                eprintln!("vnplan: cannot create {}: {e}", path.display());
                return Status::Fatal;
            }
        },
        None if a.tables.is_some() => Box::new(io::sink()),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    let mut tables = match &a.tables {
        Some(dir) => match crate::tables::Writer::create(dir) {
            Ok(w) => Some(w),
            Err(e) => {
                eprintln!("vnplan: cannot write tables: {e}");
                return Status::Fatal;
            }
        },
        None => None,
    };
    let stdin_bytes = match &stdin_data {
        Some(Loaded::Bytes(b)) => b.len() as u64,
        Some(Loaded::TooLarge(n)) => *n,
        None => 0,
    };
    let show_progress = !a.quiet && !a.stdin_jsonl && io::stderr().is_terminal();
    let mut progress = Progress::new(show_progress, &a.paths, stdin_bytes);
    let window = window_for(a.window, pool.current_num_threads());
    let mut failed = 0usize;
    let work = move |input: ReadInput| input.render(opts);
    let consume = |r: Rendered| {
        if let Some(s) = &r.stats {
            stats.merge(s);
        }
        if let Some(msg) = &r.error {
            failed += 1;
            if !a.quiet {
                progress.message(&format!("vnplan: {msg}"));
            }
        }
        sink.write_all(&r.bytes)?;
        if let Some(t) = &mut tables {
            // The record as written (one JSON document: a line, or indented with --pretty).
            let record: serde_json::Value = serde_json::from_slice(&r.bytes).map_err(io::Error::other)?;
            t.add(&record)?;
        }
        progress.advance(r.input_bytes);
        Ok(())
    };
    let mut read_error = None;
    let written = if a.stdin_jsonl {
        crate::pipe::run(io::stdin().lock(), &pool, window, opts, &mut read_error, consume)
    } else {
        stream_read(&a.paths, stdin_data.as_ref(), opts.max_bytes, &pool, window, work, consume)
    };
    progress.finish();
    let inputs = match written.and_then(|n| sink.flush().map(|()| n)) {
        Ok(n) => n,
        Err(e) => return write_failed(&e),
    };
    if let Some(e) = read_error {
        eprintln!("vnplan: cannot read stdin after {inputs} line(s): {e}");
        return Status::Fatal;
    }
    if let (Some(t), Some(dir)) = (tables, &a.tables) {
        match t.finish() {
            Ok(summary) => {
                if !a.quiet {
                    eprintln!("vnplan: {}", tables_summary(dir, &summary));
                }
            }
            Err(e) => {
                eprintln!("vnplan: cannot write tables: {e}");
                return Status::Fatal;
            }
        }
    }
    if failed > 0 && !a.quiet {
        eprintln!("vnplan: {failed} of {inputs} input(s) could not be read; their error records were written");
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

/// What the baseline pass finds in one input's bytes: whether they are UTF-8 and, if so,
/// the NFC quick check's answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QuickCheck {
    /// The bytes are valid UTF-8.
    pub utf8: bool,
    /// The NFC quick check said `Yes` (the text is NFC without further work).
    pub nfc: bool,
}

/// The baseline pass over one input's bytes: UTF-8 validation and the NFC quick check, the
/// least any converter of such text must do. `vnplan baseline` and the benchmarks time it
/// next to the pipeline. It validates with the same SIMD validator as the pipeline, so the
/// ratio between the two compares like with like.
pub fn quick_check(raw: &[u8]) -> QuickCheck {
    match simdutf8::basic::from_utf8(raw) {
        Ok(text) => QuickCheck { utf8: true, nfc: is_nfc_quick(text.chars()) == IsNormalized::Yes },
        Err(_) => QuickCheck { utf8: false, nfc: false },
    }
}

/// Totals of a baseline pass.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Baseline {
    files: u64,
    bytes: u64,
    utf8: u64,
    nfc: u64,
    unreadable: u64,
}

/// `vnplan baseline`: reads every input the way `extract` finds them (same walk, same
/// threads and window) and only validates UTF-8 and NFC-quick-checks the bytes; prints the
/// totals as one line on stdout. The speed reference for `scripts/archive-run.sh`.
fn baseline(a: BaselineArgs) -> Status {
    let Some(pool) = build_pool(a.threads) else { return Status::Fatal };
    let window = window_for(a.window, pool.current_num_threads());
    let mut total = Baseline::default();
    let work = |read: ReadInput| -> Option<(u64, QuickCheck)> {
        match (read.input, read.loaded) {
            (Input::File(_), Ok(Loaded::Bytes(raw))) => Some((raw.len() as u64, quick_check(&raw))),
            _ => None,
        }
    };
    // Read as `extract` reads (on the walking thread, no size limit), so that the two
    // compare like with like.
    let done = stream_read(&a.paths, None, 0, &pool, window, work, |r| {
        total.files += 1;
        match r {
            Some((bytes, q)) => {
                total.bytes += bytes;
                total.utf8 += u64::from(q.utf8);
                total.nfc += u64::from(q.nfc);
            }
            None => total.unreadable += 1,
        }
        Ok(())
    });
    if let Err(e) = done {
        eprintln!("vnplan: {e}");
        return Status::Fatal;
    }
    let Baseline { files, bytes, utf8, nfc, unreadable } = total;
    let line = format!("files {files} bytes {bytes} utf8 {utf8} nfc {nfc} unreadable {unreadable}\n");
    match io::stdout().lock().write_all(line.as_bytes()) {
        Ok(()) => Status::Ok,
        Err(e) => write_failed(&e),
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

    /// The walk as it was before streaming: everything collected, sorted by path, deduplicated.
    fn collected_then_sorted(paths: &[PathBuf]) -> Vec<Input> {
        fn walk(dir: &Path, out: &mut Vec<Input>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                out.push(Input::Broken(dir.to_path_buf(), "cannot list".into()));
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                match entry.file_type() {
                    Ok(t) if t.is_dir() => walk(&path, out),
                    Ok(_) if path.is_file() && is_input_file(&path) => out.push(Input::File(path)),
                    _ => {}
                }
            }
        }
        let mut inputs = Vec::new();
        for p in paths {
            if p.is_dir() {
                walk(p, &mut inputs);
            } else {
                inputs.push(Input::File(p.clone()));
            }
        }
        inputs.sort_by_key(|a| a.path());
        inputs.dedup();
        inputs
    }

    #[test]
    fn the_streaming_walk_yields_sorted_paths_like_a_full_sort() {
        let root = std::env::temp_dir().join(format!("vnplan-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        // Names whose order differs between per-directory and whole-path sorting: '-', '.'
        // and ' ' sort before '/', so `a-b/x` comes before `a/x`, and `a.txt` before `a/…`.
        for dir in ["a", "a-b", "a.d", "a/b", "a/b c", "b", "b/a", "Z", "ä"] {
            std::fs::create_dir_all(root.join(dir)).expect("mkdir");
        }
        for file in ["a.txt", "a-b/x.md", "a/x.txt", "a/b/y.txt", "a/b c/z.txt", "a/b.txt", "a.d/q.txt", "b/a/1.txt", "b/a.txt", "b/skip.pdf", "Z/u.TXT", "ä/v.txt", "top.md"] {
            std::fs::write(root.join(file), "x").expect("write");
        }
        let args = [root.clone(), root.join("a"), root.join("b/a.txt"), root.join("a/b")];
        let streamed = collect_inputs(&args);
        assert_eq!(streamed, collected_then_sorted(&args));
        assert_eq!(streamed.len(), 12, "{streamed:?}");
        let paths: Vec<String> = streamed.iter().map(Input::path).collect();
        assert!(paths.windows(2).all(|w| w[0] < w[1]), "{paths:?}");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_directory_that_cannot_be_listed_sorts_at_its_own_path() {
        let missing = PathBuf::from("/nonexistent-vnplan-dir");
        let (own, children) = list_dir(&missing);
        assert!(children.is_empty());
        assert!(matches!(own.as_slice(), [Input::Broken(p, why)] if p == &missing && why.starts_with("cannot list directory")));
    }

    #[test]
    fn streaming_keeps_input_order_whatever_finishes_first() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().expect("pool");
        let inputs = (0..200).map(|i| Input::File(PathBuf::from(format!("{i:04}"))));
        // Later inputs finish first: each sleeps less than the one before.
        let started = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&started);
        let work = move |i: Input| {
            counter.fetch_add(1, Ordering::SeqCst);
            let n: u64 = i.path().parse().unwrap_or(0);
            std::thread::sleep(Duration::from_micros(200u64.saturating_sub(n)));
            n
        };
        let mut seen = Vec::new();
        let mut most_in_flight = 0;
        let count = stream_weighed(inputs, &pool, 7, (u64::MAX, |_: &Input| 0), work, |n| {
            // Started and not yet consumed, this one included.
            most_in_flight = most_in_flight.max(started.load(Ordering::SeqCst) - seen.len() as u64);
            seen.push(n);
            Ok(())
        });
        assert!(most_in_flight <= 7, "{most_in_flight} inputs in flight with a window of 7");
        assert_eq!(count.ok(), Some(200));
        assert_eq!(seen, (0..200).collect::<Vec<u64>>());
    }

    #[test]
    fn inputs_read_ahead_weigh_no_more_than_the_budget_and_one_input() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("pool");
        let weights: Vec<u64> = (0..400).map(|i| [10, 40, 90, 5, 0][i % 5]).collect();
        // Bytes taken from the inputs (read, for files) and not yet consumed, and their most.
        let held = Arc::new(AtomicU64::new(0));
        let most = Arc::new(AtomicU64::new(0));
        let (h, m) = (Arc::clone(&held), Arc::clone(&most));
        let inputs = weights.clone().into_iter().inspect(move |&w| {
            m.fetch_max(h.fetch_add(w, Ordering::SeqCst) + w, Ordering::SeqCst);
        });
        let work = |w: u64| {
            std::thread::sleep(Duration::from_micros(30));
            w
        };
        let mut seen = Vec::new();
        let count = stream_weighed(inputs, &pool, 64, (100, |w: &u64| *w), work, |w| {
            held.fetch_sub(w, Ordering::SeqCst);
            seen.push(w);
            Ok(())
        });
        assert_eq!(count.ok(), Some(400));
        assert_eq!(seen, weights);
        // The window (64 inputs) alone would let about 2,900 through.
        let most = most.load(Ordering::SeqCst);
        assert!(most <= 100 + 90, "{most} bytes held with a budget of 100");
        assert!(most >= 90, "{most}: the budget was never reached, the test proves nothing");
    }

    #[test]
    fn the_handoff_waits_for_the_batch_and_loses_no_result() {
        let handoff: Arc<Handoff<usize>> = Arc::new(Handoff::new());
        let pushers: Vec<_> = (0..50)
            .map(|i| {
                let h = Arc::clone(&handoff);
                std::thread::spawn(move || h.push(i, Ok(i * 10)))
            })
            .collect();
        let first = handoff.take(20);
        assert!(first.len() >= 20, "woken with {} of 20 results", first.len());
        for p in pushers {
            assert!(p.join().is_ok());
        }
        let rest = handoff.take(50);
        let mut all: Vec<(usize, usize)> = first.into_iter().chain(rest).map(|(seq, r)| (seq, r.unwrap_or(usize::MAX))).collect();
        all.sort_unstable();
        assert_eq!(all, (0..50).map(|i| (i, i * 10)).collect::<Vec<_>>());
        assert!(handoff.take(50).is_empty(), "nothing is taken twice");
    }

    #[test]
    fn quick_check_tells_utf8_and_nfc() {
        assert_eq!(quick_check("Kế hoạch".as_bytes()), QuickCheck { utf8: true, nfc: true });
        assert_eq!(quick_check("Ke\u{302}\u{301} hoạch".as_bytes()), QuickCheck { utf8: true, nfc: false });
        assert_eq!(quick_check(b"K\xe1\xba"), QuickCheck { utf8: false, nfc: false });
    }

    #[test]
    fn reading_stops_at_the_limit_and_counts_the_rest() {
        let data = vec![b'a'; 10_000];
        assert!(matches!(read_limited(&data[..], 10_000, 0), Ok(Loaded::Bytes(b)) if b.len() == 10_000));
        assert!(matches!(read_limited(&data[..], 9_999, 0), Ok(Loaded::TooLarge(10_000))));
        assert!(matches!(read_limited(&data[..], 0, 0), Ok(Loaded::Bytes(b)) if b.len() == 10_000));
        assert!(matches!(read_limited(&b""[..], 1, 0), Ok(Loaded::Bytes(b)) if b.is_empty()));
        // A size hint, right, wrong or absurd, changes nothing read.
        for hint in [0, 10_000, 3, 1 << 20] {
            assert!(matches!(read_limited(&data[..], 10_000, hint), Ok(Loaded::Bytes(b)) if b.len() == 10_000));
            assert!(matches!(read_limited(&data[..], 9_999, hint), Ok(Loaded::TooLarge(10_000))));
            assert!(matches!(read_limited(&data[..], 0, hint), Ok(Loaded::Bytes(b)) if b.len() == 10_000));
        }
    }
}
