//! Decides, at build time, which integration tests cannot run here, so that
//! they are reported as `ignored` rather than passing without checking
//! anything (issue 11):
//!
//! - `shared_absent`: `../shared` (the published pages the accuracy tests
//!   read in place) is not beside the checkout;
//! - `tools_absent`: DuckDB, pandas, openpyxl or markdown-it-py (Python) or
//!   LibreOffice (`soffice`) is missing, which the tests of what users open
//!   in their own tools need;
//! - `datasette_absent`: Datasette (`datasette` on PATH, or `python3 -m
//!   datasette`) is missing, which the tests that serve `ombuds.db` need.
//!
//! With the environment variable `CI` set (`.ci/run` sets it), neither cfg is
//! ever emitted: the tests then run, and fail when what they need is absent.

use std::path::Path;
use std::process::{Command, Stdio};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CI");
    println!("cargo::rustc-check-cfg=cfg(shared_absent)");
    println!("cargo::rustc-check-cfg=cfg(tools_absent)");
    println!("cargo::rustc-check-cfg=cfg(datasette_absent)");
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let shared = Path::new(&manifest).join("..").join("shared");
    if shared.is_dir() {
        // Rebuilt when it goes away. (Watching a missing path would rebuild
        // the crate at every build, so its appearance later is caught by the
        // test `build_saw_what_is_here` instead.)
        println!("cargo:rerun-if-changed={}", shared.display());
    } else if !ci {
        println!("cargo:rustc-cfg=shared_absent");
    }
    if !ci && !tools_present() {
        println!("cargo:rustc-cfg=tools_absent");
    }
    if !ci && !datasette_present() {
        println!("cargo:rustc-cfg=datasette_absent");
    }
}

/// True when the command runs and exits 0.
fn succeeds(c: &mut Command) -> bool {
    c.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Python with duckdb, pandas, openpyxl and markdown-it-py, and LibreOffice.
pub fn tools_present() -> bool {
    succeeds(Command::new("python3").args(["-c", "import duckdb, pandas, openpyxl, markdown_it"]))
        && succeeds(Command::new("soffice").arg("--version"))
}

/// Datasette, as tests/datasette.rs runs it.
pub fn datasette_present() -> bool {
    succeeds(Command::new("datasette").arg("--version"))
        || succeeds(Command::new("python3").args(["-m", "datasette", "--version"]))
}
