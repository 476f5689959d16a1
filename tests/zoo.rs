//! The bad-input zoo (issue 7): every kind of input that has hurt a reader
//! somewhere. For each one: no panic, the documented record or error, and
//! files seen = records + errors + duplicates.

use std::fs;
use std::path::Path;

use ombuds::error::ErrorKind;
use ombuds::record::Record;

use crate::util::*;

const GOOD: &str = "Essex County Council (24 019 538)\nCategory : Education > Other\nDecision : Upheld\nDecision date : 06 Apr 2025\nSummary: Ms A complained.\n";

/// A decision with reference `24 000 NNN`.
fn decision(n: u32) -> String {
    GOOD.replace("24 019 538", &format!("24 000 {n:03}"))
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    let mut out = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

/// What each zoo file must give.
enum Want {
    Error(ErrorKind),
    /// A record with this reference (and the check below).
    Record(&'static str, fn(&Record)),
    /// Folded into another file's record.
    DuplicateOf(&'static str),
}

fn write_zoo(d: &Path) -> Vec<(&'static str, Want)> {
    use Want::*;
    let w = |name: &str, bytes: &[u8]| {
        let p = d.join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    };
    let mut zoo: Vec<(&'static str, Want)> = Vec::new();

    // Same decision twice: the first in path order keeps the record.
    w("good.txt", GOOD.as_bytes());
    zoo.push((
        "good.txt",
        Record("24 019 538", |r| assert_eq!(r.encoding, "utf-8")),
    ));
    w("zz-copy-of-good.txt", GOOD.as_bytes());
    zoo.push(("zz-copy-of-good.txt", DuplicateOf("good.txt")));

    w("empty.txt", b"");
    zoo.push(("empty.txt", Error(ErrorKind::Empty)));
    w("whitespace.txt", b"  \n\n\t \r\n   ");
    zoo.push(("whitespace.txt", Error(ErrorKind::Empty)));
    w("binary.txt", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\x03\0>\0");
    zoo.push(("binary.txt", Error(ErrorKind::Binary)));
    w(
        "nul-in-middle.txt",
        decision(1).replace("Decision :", "Deci\0sion :").as_bytes(),
    );
    zoo.push(("nul-in-middle.txt", Error(ErrorKind::Binary)));

    w(
        "cp1252-pound.txt",
        b"Kent County Council (24 000 002)\nDecision : Upheld\nSummary: The Council will pay Mr X \xA3200.\n",
    );
    zoo.push((
        "cp1252-pound.txt",
        Record("24 000 002", |r| {
            assert_eq!(r.encoding, "windows-1252");
            assert!(
                r.summary.as_deref().unwrap().contains("£200"),
                "{:?}",
                r.summary
            );
            assert!(r.warnings.iter().any(|w| w.contains("Windows-1252")));
        }),
    ));
    w("utf16le.txt", &utf16(&decision(3), true));
    zoo.push((
        "utf16le.txt",
        Record("24 000 003", |r| assert_eq!(r.encoding, "utf-16le")),
    ));
    w("utf16be.txt", &utf16(&decision(4), false));
    zoo.push((
        "utf16be.txt",
        Record("24 000 004", |r| assert_eq!(r.encoding, "utf-16be")),
    ));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(decision(5).as_bytes());
    w("utf8-bom.txt", &bom);
    zoo.push((
        "utf8-bom.txt",
        Record("24 000 005", |r| {
            assert_eq!(r.encoding, "utf-8-bom");
            assert_eq!(r.organisation.as_deref(), Some("Essex County Council"));
        }),
    ));
    // Invalid UTF-8 (a lone continuation byte, an overlong form, 0xFF):
    // read as Windows-1252 with a warning, never dropped.
    let mut bad = decision(6).into_bytes();
    bad.extend(b"Paragraph \x80 with \xC0\xAF bad \xFF bytes.\n");
    w("invalid-utf8.txt", &bad);
    zoo.push((
        "invalid-utf8.txt",
        Record("24 000 006", |r| {
            assert_eq!(r.encoding, "windows-1252");
            assert!(r.warnings.iter().any(|w| w.contains("not valid UTF-8")));
        }),
    ));

    // 20 MB + 1 byte: too large, refused by size before reading. The file
    // is sparse, as is the 1 TB one: reading either would show.
    let big = fs::File::create(d.join("big-20mb-plus-1.txt")).unwrap();
    big.set_len(20 * 1024 * 1024 + 1).unwrap();
    zoo.push(("big-20mb-plus-1.txt", Error(ErrorKind::TooLarge)));
    let huge = fs::File::create(d.join("huge-1tb.html")).unwrap();
    huge.set_len(1 << 40).unwrap();
    zoo.push(("huge-1tb.html", Error(ErrorKind::TooLarge)));

    w(
        "no-body.html",
        b"<html><head><title>t</title></head></html>",
    );
    zoo.push(("no-body.html", Error(ErrorKind::Empty)));
    let nested = format!(
        "<html><body><h1>Kent County Council (24 000 007)</h1>{}<p>Decision : Upheld</p>{}</body></html>",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    w("nested-10000-divs.html", nested.as_bytes());
    zoo.push((
        "nested-10000-divs.html",
        Record("24 000 007", |r| {
            assert_eq!(r.outcome.as_deref(), Some("Upheld"));
            assert!(r
                .warnings
                .iter()
                .any(|w| w.contains("nested 10000 elements deep")));
        }),
    ));
    // Nesting costs the parser quadratic time (a million elements: minutes):
    // it is flattened first, so the text still gives its record, at once.
    let nested = format!(
        "<html><body><h1>Kent County Council (24 000 010)</h1>{}<p>Decision : Upheld</p></body></html>",
        "<div><span>".repeat(100_000),
    );
    w("nested-200000-unclosed.html", nested.as_bytes());
    zoo.push((
        "nested-200000-unclosed.html",
        Record("24 000 010", |r| {
            assert_eq!(r.outcome.as_deref(), Some("Upheld"));
            assert!(r
                .warnings
                .iter()
                .any(|w| w.contains("nested 200000 elements deep")));
        }),
    ));
    w(
        "truncated.html",
        b"<html><body><article id=\"article\"><h1>Kent County Council (24 000 008)</h1><p>Summary: Mr B compl",
    );
    zoo.push((
        "truncated.html",
        Record("24 000 008", |r| {
            assert_eq!(r.summary.as_deref(), Some("Mr B compl"))
        }),
    ));
    w(
        "tag-soup.html",
        b"<<<>>></p></div><p <b <i>>< / >&&&#;&#xZZ;<!-- no end",
    );
    zoo.push(("tag-soup.html", Error(ErrorKind::NotADecision)));
    w("shopping.txt", b"Eggs\nMilk\n");
    zoo.push(("shopping.txt", Error(ErrorKind::NotADecision)));
    w("report.pdf", b"%PDF-1.4");
    zoo.push(("report.pdf", Error(ErrorKind::UnsupportedType)));

    // A folder named like a file is walked, not read.
    w("folder.txt/inside.txt", decision(9).as_bytes());
    zoo.push(("folder.txt/inside.txt", Record("24 000 009", |_| {})));

    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        fs::create_dir(d.join("loop")).unwrap();
        symlink(d.join("loop"), d.join("loop/back")).unwrap();
        zoo.push(("loop/back", Error(ErrorKind::Walk)));
        symlink(d.join("nowhere.txt"), d.join("dangling.txt")).unwrap();
        zoo.push(("dangling.txt", Error(ErrorKind::Walk)));
        // Unreadable even for root (tests run as root, so chmod 000 does not
        // stop a read): /proc/self/mem fails with EIO at offset 0.
        symlink("/proc/self/mem", d.join("unreadable.txt")).unwrap();
        zoo.push(("unreadable.txt", Error(ErrorKind::Unreadable)));
        // A named pipe with no writer: opening it would block for ever.
        let fifo = std::ffi::CString::new(d.join("pipe.txt").to_str().unwrap()).unwrap();
        // SAFETY: mkfifo on a NUL-terminated path we own.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        zoo.push(("pipe.txt", Error(ErrorKind::Unreadable)));
    }
    zoo
}

#[test]
fn every_zoo_file_gives_its_documented_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("zoo");
    fs::create_dir(&d).unwrap();
    let zoo = write_zoo(&d);
    let out = dir.path().join("out");
    let o = extract(&[&d], &out);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let recs = read_records(&out);
    let errors = read_errors(&out);
    for (file, want) in &zoo {
        let err = errors.iter().find(|e| e.file == *file);
        let rec = recs.iter().find(|r| r.file == *file);
        match want {
            Want::Error(kind) => {
                let e = err.unwrap_or_else(|| panic!("{file}: no error line"));
                assert_eq!(e.kind, *kind, "{file}: {}", e.message);
                assert!(!e.message.is_empty());
                assert!(rec.is_none());
            }
            Want::Record(reference, check) => {
                let r = rec.unwrap_or_else(|| panic!("{file}: no record; error {err:?}"));
                assert_eq!(r.reference.as_deref(), Some(*reference), "{file}");
                check(r);
            }
            Want::DuplicateOf(first) => {
                let r = recs.iter().find(|r| r.file == *first).unwrap();
                assert!(r.duplicates.iter().any(|f| f == file), "{file}");
                assert!(rec.is_none() && err.is_none());
            }
        }
    }
    // Nothing else came out: every output line is a zoo file.
    let named = |f: &str| zoo.iter().any(|(z, _)| *z == f);
    assert!(recs.iter().all(|r| named(&r.file)));
    assert!(errors.iter().all(|e| named(&e.file)), "{errors:?}");

    let big = errors
        .iter()
        .find(|e| e.file == "big-20mb-plus-1.txt")
        .unwrap();
    assert!(big.message.contains("20971521 bytes"), "{}", big.message);

    let summary = read_json(&out.join("summary.json"));
    let n = |k: &str| summary[k].as_u64().unwrap();
    let dups: usize = recs.iter().map(|r| r.duplicates.len()).sum();
    assert_eq!(n("records"), recs.len() as u64);
    assert_eq!(n("errors"), errors.len() as u64);
    assert_eq!(n("duplicates"), dups as u64);
    assert_eq!(
        n("files_seen"),
        n("records") + n("errors") + n("duplicates")
    );
    assert_eq!(n("files_seen"), zoo.len() as u64);
}

/// A file that vanishes between the walk and the read is an `unreadable`
/// error record, not a panic or a silent skip.
#[test]
fn file_deleted_between_walk_and_read() {
    use ombuds::pipeline::{Engine, Outcome};
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), GOOD).unwrap();
    let items: Vec<_> = ombuds::walk::walk(&[dir.path().to_path_buf()]).collect();
    assert_eq!(items.len(), 1);
    fs::remove_file(dir.path().join("a.txt")).unwrap();
    match Engine::embedded().process(&items[0]) {
        Outcome::Error(e) => {
            assert_eq!(e.kind, ErrorKind::Unreadable);
            assert_eq!(e.file, "a.txt");
            assert!(e.message.contains("vanished"), "{}", e.message);
        }
        Outcome::Record(r) => panic!("record from a deleted file: {r:?}"),
    }
}

/// A page over its time budget is a `timeout` error record, not a hang.
#[test]
fn time_budget_gives_a_timeout_record() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("in");
    fs::create_dir(&d).unwrap();
    let nested = format!(
        "<body><h1>Kent County Council (24 000 010)</h1>{}x</body>",
        "<div><b><table>".repeat(2_000)
    );
    fs::write(d.join("slow.html"), nested).unwrap();
    fs::write(d.join("good.txt"), GOOD).unwrap();
    let out = dir.path().join("out");
    let o = ombuds()
        .arg("extract")
        .arg(&d)
        .arg("--out")
        .arg(&out)
        .args(["--quiet", "--file-timeout", "0.000001"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let errors = read_errors(&out);
    let slow = errors.iter().find(|e| e.file == "slow.html").unwrap();
    assert_eq!(slow.kind, ErrorKind::Timeout);
    assert!(slow.message.contains("--file-timeout"), "{}", slow.message);
}
