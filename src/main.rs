//! The `vnplan` binary: parses arguments and hands over to [`vnplan::cli`]. The only place
//! that decides the process exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = vnplan::cli::Args::parse();
    ExitCode::from(vnplan::cli::run(args) as u8)
}
