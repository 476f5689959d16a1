//! `--incremental` (issue 7): after changing 1 file of 10,000, only that file
//! is read again and the outputs are byte-identical to a full run.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::util::*;

fn run(input: &Path, out: &Path, incremental: bool) -> Output {
    let mut cmd = ombuds();
    cmd.arg("extract")
        .arg(input)
        .arg("--out")
        .arg(out)
        .arg("--quiet");
    if incremental {
        cmd.arg("--incremental");
    }
    let o = cmd.output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// `(read, reused)` from the stderr account line.
fn counts(o: &Output) -> (u64, u64) {
    let stderr = String::from_utf8_lossy(&o.stderr);
    let at = stderr.find("(incremental: ").expect("incremental account") + 14;
    let words: Vec<&str> = stderr[at..].split_whitespace().collect();
    // Counts are written with thousands separators (issue 13): 10,001.
    let n = |w: &str| w.replace(',', "").parse().unwrap();
    (n(words[0]), n(words[3]))
}

#[test]
fn one_changed_file_of_10000_is_the_only_one_read() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    generate_decisions(&input, 10_000, 0);
    // A copy so that duplicate folding is part of what must stay identical.
    fs::copy(
        input.join("batch-000/decision-00007.txt"),
        input.join("batch-019/zz-copy.txt"),
    )
    .unwrap();

    assert_eq!(counts(&run(&input, &out, true)), (10_001, 0));
    let again = run(&input, &out, true);
    assert_eq!(counts(&again), (0, 10_001), "nothing changed: nothing read");

    // Change one file; touch another without changing it (reused by its
    // content hash); then compare with a full run into the same folder.
    let changed = input.join("batch-004/decision-02345.txt");
    let text = fs::read_to_string(&changed).unwrap();
    fs::write(&changed, text.replace("Decision : ", "Decision : Not ")).unwrap();
    let touched = input.join("batch-009/decision-04999.txt");
    let bytes = fs::read(&touched).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(&touched, bytes).unwrap();

    let o = run(&input, &out, true);
    assert_eq!(
        counts(&o),
        (1, 10_000),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let incremental = snapshot(&out);
    let recs = read_records(&out);
    let r = recs
        .iter()
        .find(|r| r.file.ends_with("decision-02345.txt"))
        .unwrap();
    assert!(
        r.outcome.as_deref().unwrap().starts_with("Not "),
        "{:?}",
        r.outcome
    );

    run(&input, &out, false);
    let full = snapshot(&out);
    for (name, bytes) in &full {
        assert!(bytes.is_some(), "{name}");
        assert!(
            incremental[name] == *bytes,
            "{name} differs from a full run"
        );
    }

    // A full run writes no cache: the next incremental run reads everything.
    assert_eq!(counts(&run(&input, &out, true)).0, 10_001);
    // New and deleted files.
    fs::remove_file(input.join("batch-000/decision-00001.txt")).unwrap();
    fs::write(
        input.join("batch-000/decision-00001b.txt"),
        "Kent County Council (25 999 001)\nDecision : Upheld\n",
    )
    .unwrap();
    assert_eq!(counts(&run(&input, &out, true)), (1, 10_000));
    let incremental = snapshot(&out);
    run(&input, &out, false);
    assert_eq!(incremental, snapshot(&out));
}

/// Issue 11, item 4: a page edited with its size and modification time kept
/// (`touch -r`, `cp -p`, `rsync -a`, `wget -N`) was reused forever. The
/// cache now also keys on ctime and inode, and `--checksum` hashes every
/// file; file names that are not UTF-8 keep their own records.
#[cfg(unix)]
#[test]
fn issue_11_same_size_and_mtime_is_still_seen_changed() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    fs::create_dir_all(&input).unwrap();
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
    let page = |outcome: &str, r: u32| {
        format!("Kent County Council (24 000 {r:03})\nDecision : {outcome}\nDecision date : 06 Apr 2025\n")
    };
    let put = |p: &Path, text: &str| {
        fs::write(p, text).unwrap();
        fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(old)
            .unwrap();
    };
    let names: Vec<std::path::PathBuf> = [&b"a.txt"[..], b"b.txt", b"x\xfe.txt", b"x\xff.txt"]
        .iter()
        .map(|n| input.join(std::ffi::OsStr::from_bytes(n)))
        .collect();
    for (i, p) in names.iter().enumerate() {
        put(p, &page("Upheld", i as u32));
    }
    let outcomes = |out: &Path| -> Vec<(String, String)> {
        read_records(out)
            .into_iter()
            .map(|r| (r.reference.unwrap(), r.outcome.unwrap()))
            .collect()
    };
    assert_eq!(counts(&run(&input, &out, true)).0, 4);
    assert_eq!(counts(&run(&input, &out, true)), (0, 4));

    // touch -r: same size, the old modification time put back.
    // ("Closed" and "Upheld" have the same length.)
    put(&names[0], &page("Closed", 0));
    assert_eq!(
        fs::metadata(&names[0]).unwrap().len(),
        fs::metadata(&names[2]).unwrap().len()
    );
    // cp -p / rsync -a: a new file of the same size and time renamed over.
    let tmp = dir.path().join("tmp.txt");
    put(&tmp, &page("Closed", 1));
    fs::rename(&tmp, &names[1]).unwrap();
    let o = run(&input, &out, true);
    assert_eq!(counts(&o), (2, 2), "{}", String::from_utf8_lossy(&o.stderr));
    let got = outcomes(&out);
    assert_eq!(got[0], ("24 000 000".into(), "Closed".into()));
    assert_eq!(got[1], ("24 000 001".into(), "Closed".into()));
    // Two names that print alike ("x\u{fffd}.txt") keep their own records.
    assert_eq!(got[2].0, "24 000 002");
    assert_eq!(got[3].0, "24 000 003");

    // --checksum reads and hashes every file, extracting none again.
    let o = ombuds()
        .arg("extract")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .args(["--quiet", "--incremental", "--checksum"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("(incremental: 0 files read, 4 reused, 4 of them checked by content)"),
        "{stderr}"
    );
    let incremental = snapshot(&out);
    run(&input, &out, false);
    assert_eq!(incremental, snapshot(&out), "identical to a full run");
}

/// Issue 12 with issue 11's cache: a run with the database reuses a file
/// only with its cleaned text cached (a `--no-db` run's cache has none), so
/// an incremental database is byte for byte the full run's.
#[test]
fn issue_12_incremental_database_is_the_full_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let corpus = root().join("corpus");
    let run_with = |args: &[&str]| -> Output {
        let o = ombuds()
            .arg("extract")
            .arg(&corpus)
            .arg("--out")
            .arg(&out)
            .arg("--quiet")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        o
    };
    let files = counts(&run_with(&["--incremental", "--no-db"])).0;
    assert!(files >= 15);
    assert!(!out.join("ombuds.db").exists());
    // No texts in that cache: every file is read again for the database.
    assert_eq!(counts(&run_with(&["--incremental"])), (files, 0));
    let first = snapshot(&out);
    // Now reused, texts and all (--checksum: by content, the cache's
    // strictest path).
    assert_eq!(counts(&run_with(&["--incremental"])), (0, files));
    let reused = snapshot(&out);
    assert_eq!(
        counts(&run_with(&["--incremental", "--checksum"])),
        (0, files)
    );
    let checked = snapshot(&out);
    run(&corpus, &out, false);
    let full = snapshot(&out);
    assert!(full["ombuds.db"].is_some());
    for (name, bytes) in &full {
        assert!(first[name] == *bytes, "{name}: first incremental run");
        assert!(reused[name] == *bytes, "{name}: reused");
        assert!(checked[name] == *bytes, "{name}: reused after hashing");
    }
}
