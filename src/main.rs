//! The `ombuds` binary: runs the library and maps the result to an exit code.

use std::process::ExitCode;

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

/// glibc gives each thread that allocates an arena of its own, up to eight
/// a core: each of a run's nine threads (workers, reader, writers, database
/// loader) kept the free memory of its own, 1 to 2 MB more peak RSS at
/// 100,000 pages (issue 15's bound) than one arena a core and two more for
/// the threads that mostly wait, which cost no time in interleaved runs (one
/// arena in all did: the threads waited on its lock). Set before any thread
/// starts: glibc fixes the limit when the first arena beyond the main one is
/// made.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let arenas = libc::c_int::try_from(cores + 2).unwrap_or(libc::c_int::MAX);
        // SAFETY: mallopt only sets a tunable; no thread but this one exists.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
}
