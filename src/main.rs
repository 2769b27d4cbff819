//! The `vnplan` binary: parses arguments and hands over to [`vnplan::cli`]. The only place
//! that decides the process exit code.

use std::process::ExitCode;

use clap::Parser;

/// Extraction allocates many small strings and vectors per line; mimalloc's thread-local
/// free lists halve the time glibc's malloc takes for them (docs/PERFORMANCE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (position 15 of `mi_option_e` in mimalloc.h, v2 and v3;
/// the sys crate exports no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// By default mimalloc hands pages freed for 10 ms back to the kernel; a batch run frees
/// and re-allocates a document's buffers every millisecond, so the kernel zeroed the same
/// (transparent huge) pages again and again: 2,500 page faults and a tenth of the wall time
/// on 55 MB. Never purging keeps memory at its peak, which is what the run needs anyway
/// (docs/PERFORMANCE.md). An explicit `MIMALLOC_PURGE_DELAY` in the environment still wins.
/// The crate's only `unsafe`: mimalloc has no safe wrapper for its options.
#[allow(unsafe_code)]
fn keep_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: called first thing in `main`, before any other thread exists (the
        // function is not thread-safe); the option only changes when memory is purged.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
    let args = vnplan::cli::Args::parse();
    ExitCode::from(vnplan::cli::run(args) as u8)
}

#[cfg(test)]
mod tests {
    /// Pins the option's position: its default in mimalloc v3, 1000 ms, is what the position
    /// reads before it is set, and the value set is read back.
    #[test]
    #[allow(unsafe_code)]
    fn the_purge_delay_option_is_the_one_set() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: the test's own process; only options are read and written.
        unsafe {
            assert_eq!(libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY), 1000);
            super::keep_freed_memory();
            assert_eq!(libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY), -1);
        }
    }
}
