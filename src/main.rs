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
