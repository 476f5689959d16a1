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
    (words[0].parse().unwrap(), words[3].parse().unwrap())
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
