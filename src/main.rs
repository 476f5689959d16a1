//! The `ombuds` binary: runs the library and maps the result to an exit code.

use std::process::ExitCode;

/// glibc's malloc arenas the process may use (its default is eight per core).
/// Each thread that allocates gets an arena of its own until the limit, and
/// each arena keeps its own free memory: with one, the workers, the writer and
/// the loader share their free lists, and peak RSS at 100,000 pages was about
/// 2 MB lower in the same time (issue 15). `MALLOC_ARENA_MAX` in the
/// environment still decides when it is set.
const MALLOC_ARENAS: i32 = 1;

fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets glibc's own tunable; called before any
        // other thread exists.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, MALLOC_ARENAS);
        }
    }
}

fn main() -> ExitCode {
    limit_malloc_arenas();
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
