//! The `vnplan` binary: parses arguments and hands over to [`vnplan::cli`]. The only place
//! that decides the process exit code.

use std::process::ExitCode;

use clap::Parser;

/// Extraction allocates many small strings and vectors per line; mimalloc's thread-local
/// free lists halve the time glibc's malloc takes for them (docs/PERFORMANCE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = vnplan::cli::Args::parse();
    ExitCode::from(vnplan::cli::run(args) as u8)
}
