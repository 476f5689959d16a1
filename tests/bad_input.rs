//! A folder of bad inputs: no panic, one clear error line for each file that
//! gives no record, and files seen = records + errors.

use std::fs;
use std::path::Path;

use ombuds::error::ErrorKind;

use crate::util::*;

const GOOD: &str = "Essex County Council (24 019 538)\nCategory : Education > Other\nDecision : Upheld\nDecision date : 06 Apr 2025\nSummary: Ms A complained.\n";

fn write_zoo(d: &Path) {
    fs::write(d.join("good.txt"), GOOD).unwrap();
    fs::write(d.join("empty.txt"), "").unwrap();
    fs::write(d.join("blank.txt"), "  \n\n\t\n").unwrap();
    fs::write(d.join("binary.txt"), b"\x7fELF\x02\x01\x01\0\0\0\0\0\0").unwrap();
    // Windows-1252 with a pound sign (0xA3) and curly quotes.
    fs::write(
        d.join("cp1252.txt"),
        b"Kent County Council (23 001 002)\nDecision : Upheld\nSummary: The Council will pay Mr X \xA3200 for his \x93time and trouble\x94.\n",
    )
    .unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in GOOD.replace("24 019 538", "24 019 539").encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    fs::write(d.join("utf16.txt"), utf16).unwrap();
    fs::write(d.join("report.pdf"), b"%PDF-1.4").unwrap();
    fs::write(d.join("shopping.txt"), "Eggs\nMilk\nBread\n").unwrap();
    fs::write(
        d.join("no-body.html"),
        "<html><head><title>t</title></head></html>",
    )
    .unwrap();
}

#[cfg(unix)]
fn write_unix_zoo(d: &Path) {
    use std::os::unix::fs::{symlink, PermissionsExt};
    fs::create_dir(d.join("loop")).unwrap();
    symlink(d.join("loop"), d.join("loop/back")).unwrap();
    let locked = d.join("locked.txt");
    fs::write(&locked, GOOD).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
}

#[test]
fn bad_inputs_are_reported_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("in");
    fs::create_dir(&d).unwrap();
    write_zoo(&d);
    #[cfg(unix)]
    write_unix_zoo(&d);
    let out = dir.path().join("out");
    let o = extract(&[&d], &out);
    assert_eq!(o.status.code(), Some(1), "some files failed: exit 1");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("ombuds:"), "{stderr}");

    let recs = read_records(&out);
    let errors = read_errors(&out);
    let kind = |f: &str| errors.iter().find(|e| e.file == f).map(|e| e.kind);
    assert_eq!(kind("empty.txt"), Some(ErrorKind::Empty));
    assert_eq!(kind("blank.txt"), Some(ErrorKind::Empty));
    assert_eq!(kind("binary.txt"), Some(ErrorKind::Binary));
    assert_eq!(kind("report.pdf"), Some(ErrorKind::UnsupportedType));
    assert_eq!(kind("shopping.txt"), Some(ErrorKind::NotADecision));
    assert_eq!(kind("no-body.html"), Some(ErrorKind::Empty));
    for e in &errors {
        assert!(!e.message.is_empty());
    }

    let rec = |f: &str| {
        recs.iter()
            .find(|r| r.file == f)
            .unwrap_or_else(|| panic!("no record for {f}"))
    };
    assert_eq!(rec("good.txt").reference.as_deref(), Some("24 019 538"));
    let cp = rec("cp1252.txt");
    assert_eq!(cp.encoding, "windows-1252");
    assert!(cp.warnings.iter().any(|w| w.contains("Windows-1252")));
    assert!(cp
        .summary
        .as_deref()
        .unwrap()
        .contains("£200 for his \u{201c}time and trouble\u{201d}"));
    let u = rec("utf16.txt");
    assert_eq!(u.encoding, "utf-16le");
    assert_eq!(u.reference.as_deref(), Some("24 019 539"));
    assert_eq!(u.outcome.as_deref(), Some("Upheld"));

    #[cfg(unix)]
    {
        assert_eq!(kind("loop/back"), Some(ErrorKind::Walk));
        // Root can read anything: only check the locked file when we cannot.
        if fs::read(d.join("locked.txt")).is_err() {
            assert_eq!(kind("locked.txt"), Some(ErrorKind::Unreadable));
        } else {
            assert_eq!(rec("good.txt").duplicates, ["locked.txt"]);
        }
    }

    let summary = read_json(&out.join("summary.json"));
    let seen = summary["files_seen"].as_u64().unwrap();
    // locked.txt holds the same decision as good.txt: a duplicate on Unix.
    let dups: usize = recs.iter().map(|r| r.duplicates.len()).sum();
    assert_eq!(summary["duplicates"].as_u64().unwrap(), dups as u64);
    assert_eq!(seen, (recs.len() + errors.len() + dups) as u64);
    assert_eq!(summary["records"].as_u64().unwrap(), recs.len() as u64);
    assert_eq!(summary["errors"].as_u64().unwrap(), errors.len() as u64);
}

#[test]
fn fatal_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let o = ombuds()
        .args(["extract", "/no/such/folder", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/no/such/folder"));

    let o = ombuds()
        .args(["extract", "--jobs", "many"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));

    // Output folder under a file: cannot be created.
    let file = dir.path().join("file");
    fs::write(&file, "x").unwrap();
    let o = ombuds()
        .arg("extract")
        .arg(root().join("corpus/seeds"))
        .arg("--out")
        .arg(file.join("out"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("file/out"));
}

#[test]
fn all_good_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let o = extract(&[&root().join("corpus/seeds")], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(read_records(dir.path()).len(), 5);
    assert!(read_errors(dir.path()).is_empty());
}
