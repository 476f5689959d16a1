//! The `ombuds` binary: runs the library and maps the result to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    match ombuds::run() {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A closed pipe (`ombuds rules list | head`) is not an error.
            if let Some(io) = err.downcast_ref::<std::io::Error>() {
                if io.kind() == std::io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            // Messages can carry file names and page text: no terminal controls.
            eprintln!(
                "ombuds: error: {}",
                ombuds::escape::printable_lines(&format!("{err:#}"))
            );
            ExitCode::from(ombuds::EXIT_FATAL)
        }
    }
}

/// mimalloc's per-thread free lists instead of glibc's malloc, which was 10
/// to 15% of a run's instructions (callgrind, 10,000 pages): 7 to 9% less
/// time for `--no-db` at 100,000 pages (README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc v2's option numbers (`mi_option_t` in its `mimalloc.h`), which
/// libmimalloc-sys does not name. tests/allocator.rs reads them back by
/// name, from mimalloc's own report of its options.
#[cfg(target_os = "linux")]
mod mi_option {
    pub const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    pub const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
}

/// Keeps the peak RSS within issue 15's bound: freed memory goes back to
/// the system at once (by default mimalloc waits 10 ms, in which the
/// workers allocate again elsewhere), and its arenas are committed as they
/// are used, not when reserved. Together: 64.5 MB instead of 88 MB at
/// 100,000 pages, in the same time. mimalloc reserves its first arena at
/// the first allocation, before `main`, so this runs as a constructor
/// (`TUNE_ALLOCATOR`), before the Rust runtime allocates anything.
#[cfg(target_os = "linux")]
extern "C" fn tune_allocator() {
    // SAFETY: mi_option_set only sets a tunable; no thread but this one
    // exists.
    unsafe {
        libmimalloc_sys::mi_option_set(mi_option::PURGE_DELAY, 0);
        libmimalloc_sys::mi_option_set(mi_option::ARENA_EAGER_COMMIT, 0);
    }
}

/// Runs [`tune_allocator`] when the program is loaded (as glibc runs
/// `.init_array`), before `main` and the runtime's first allocation.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;
