//! Outputs as a set (issue 7): a run killed at any moment leaves the
//! previous complete outputs or the new ones, never a mixture; Ctrl-C stops
//! cleanly with exit 130; output folder problems exit 2 naming the path and
//! leave the previous outputs untouched.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use ombuds::fuzz::Rng;

use crate::util::*;

type Set = BTreeMap<String, Option<Vec<u8>>>;

fn spawn(input: &Path, out: &Path) -> Child {
    ombuds()
        .arg("extract")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["--quiet", "--jobs", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn ombuds")
}

fn run_ok(input: &Path, out: &Path) -> Set {
    let o = extract(&[input], out);
    assert!(
        o.status.code() == Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    snapshot(out)
}

/// Every file present, parseable, and consistent with the others.
fn assert_complete(set: &Set) {
    for (name, bytes) in set {
        assert!(bytes.is_some(), "{name} missing");
    }
    let jsonl = String::from_utf8(set["decisions.jsonl"].clone().unwrap()).unwrap();
    let records: Vec<ombuds::record::Record> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("complete JSON line"))
        .collect();
    let summary: serde_json::Value =
        serde_json::from_slice(set["summary.json"].as_ref().unwrap()).unwrap();
    assert_eq!(summary["records"], records.len() as u64);
}

fn generations(out: &Path) -> usize {
    ombuds::stage::generations(out).unwrap()
}

/// Two generated inputs `a` (seed 0) and `b` (seed 1) of `na` and `nb`
/// decisions, and an output folder path, in a temporary folder.
fn two_inputs(na: usize, nb: usize) -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, out) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("out"),
    );
    generate_decisions(&a, na, 0);
    generate_decisions(&b, nb, 1);
    (dir, a, b, out)
}

/// Two inputs A and B of a few thousand files; the output folder holds A's
/// outputs, then runs over B (or A) are killed with SIGKILL after
/// pseudo-random delays spread over twice a full run's time. After every
/// kill the folder holds exactly A's set or B's set.
#[test]
fn sigkill_at_random_points_leaves_old_or_new_set() {
    let (_dir, in_a, in_b, out) = two_inputs(2000, 2100);
    let set_b = run_ok(&in_b, &out);
    let t = Instant::now();
    let set_a = run_ok(&in_a, &out);
    let full = t.elapsed();
    assert_ne!(set_a, set_b);
    assert_complete(&set_a);
    assert_complete(&set_b);

    let mut rng = Rng::new(2026);
    let (mut kept_old, mut got_new) = (0, 0);
    let mut committed_a = true;
    // One run killed after `delay`: true when it had published its set.
    let mut kill_after = |i: usize, delay: Duration| -> bool {
        let (input, old, new) = if committed_a {
            (&in_b, &set_a, &set_b)
        } else {
            (&in_a, &set_b, &set_a)
        };
        let mut child = spawn(input, &out);
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL; a no-op error-free if it exited
        child.wait().unwrap();
        let now = snapshot(&out);
        if &now == old {
            false
        } else if &now == new {
            committed_a = !committed_a;
            true
        } else {
            let diff: Vec<_> = now
                .iter()
                .filter(|(k, v)| old[*k] != **v && new[*k] != **v)
                .map(|(k, v)| format!("{k}: {} bytes", v.as_ref().map_or(0, Vec::len)))
                .collect();
            panic!("kill {i} after {delay:?}: a mixed or broken set: {diff:?}");
        }
    };
    const KILLS: usize = 24;
    for i in 0..KILLS {
        let delay = full.mul_f64(2.0 * rng.below(1000) as f64 / 1000.0);
        if kill_after(i, delay) {
            got_new += 1;
        } else {
            kept_old += 1;
        }
    }
    eprintln!("{KILLS} kills (full run {full:?}): {kept_old} kept the old set, {got_new} published the new one");
    // The machine's load can change between the timed run and the kills:
    // when every delay fell on one side, later (or earlier) kills must
    // still leave a whole set, and land on the other side.
    let mut extra = 0;
    while got_new == 0 && extra < 6 {
        extra += 1;
        if kill_after(KILLS + extra, full.mul_f64(2.0 * (1 << extra) as f64)) {
            got_new += 1;
        } else {
            kept_old += 1;
        }
    }
    while kept_old == 0 && extra < 12 {
        extra += 1;
        if kill_after(KILLS + extra, Duration::from_millis(5)) {
            got_new += 1;
        } else {
            kept_old += 1;
        }
    }
    assert_eq!(kept_old + got_new, KILLS + extra);
    assert!(
        kept_old > 0 && got_new > 0,
        "delays should land on both sides"
    );
    // The leftovers of killed runs are cleaned by the next run.
    run_ok(&in_a, &out);
    assert_eq!(generations(&out), 1);
}

#[cfg(unix)]
#[test]
fn ctrl_c_exits_130_and_keeps_the_previous_set() {
    let (_dir, in_a, in_b, out) = two_inputs(3000, 3000);
    let t = Instant::now();
    let set_a = run_ok(&in_a, &out);
    let full = t.elapsed();
    let mut interrupted = 0;
    for frac in [0.2, 0.4, 0.6] {
        let mut child = spawn(&in_b, &out);
        std::thread::sleep(full.mul_f64(frac));
        // SAFETY: sends SIGINT to the child we spawned.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
        let code = child.wait().unwrap().code();
        if code == Some(130) {
            interrupted += 1;
            assert_eq!(
                snapshot(&out),
                set_a,
                "interrupted at {frac}: outputs changed"
            );
            assert_eq!(generations(&out), 1, "staging folder left behind");
        } else {
            // It finished before the signal arrived: then it published B.
            assert_eq!(code, Some(0), "interrupted at {frac}");
            run_ok(&in_a, &out);
        }
    }
    assert!(interrupted > 0, "no run was interrupted");
}

#[test]
fn missing_parent_exits_2_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no/such/out");
    let o = extract(&[&root().join("corpus/seeds")], &out);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("no/such/out") && stderr.contains("does not exist"),
        "{stderr}"
    );
    assert!(!dir.path().join("no").exists());
}

/// A write that fails half-way (here: the file size limit, which fails the
/// write exactly as a full disk does) ends the run with exit 2, names the
/// file, and leaves the previous outputs as they were.
#[cfg(unix)]
#[test]
fn failed_write_exits_2_and_keeps_the_previous_set() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    generate_decisions(&input, 400, 0);
    let before = run_ok(&root().join("corpus/seeds"), &out);
    let mut cmd = ombuds();
    cmd.arg("extract")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--quiet");
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: 64 * 1024,
                rlim_max: 64 * 1024,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &lim);
            Ok(())
        });
    }
    let o = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write") && stderr.contains(".jsonl"),
        "{stderr}"
    );
    assert!(stderr.contains(&out.display().to_string()), "{stderr}");
    assert_eq!(snapshot(&out), before);
    assert_eq!(generations(&out), 1);
}

/// A read-only output folder: exit 2, path named, outputs untouched. Root
/// ignores permissions, so as root (as CI runs) the run is made as the
/// unprivileged user `nobody` (uid 65534), for whom the folder is read-only
/// (issue 11: this test used to skip as root and pass without checking).
#[cfg(unix)]
#[test]
fn read_only_output_folder_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let out = dir.path().join("out");
    let before = run_ok(&root().join("corpus/seeds"), &out);
    let state = out.join(".ombuds");
    let dirs = [&out, &state];
    for d in dirs {
        fs::set_permissions(d, fs::Permissions::from_mode(0o555)).unwrap();
    }
    // SAFETY: geteuid has no preconditions.
    let as_root = unsafe { libc::geteuid() } == 0;
    let mut cmd = ombuds();
    cmd.arg("extract")
        .arg(root().join("corpus/seeds"))
        .arg("--out")
        .arg(&out)
        .arg("--quiet");
    if as_root {
        cmd.uid(65534).gid(65534);
    }
    let o = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&out.display().to_string()), "{stderr}");
    for d in dirs {
        fs::set_permissions(d, fs::Permissions::from_mode(0o755)).unwrap();
    }
    assert_eq!(snapshot(&out), before);
    assert_eq!(generations(&out), 1);
}

/// SIGTERM (a scheduler stopping the job) is handled like Ctrl-C.
#[cfg(unix)]
#[test]
fn sigterm_exits_130_and_keeps_the_previous_set() {
    let (_dir, in_a, in_b, out) = two_inputs(2000, 2000);
    let t = Instant::now();
    let set_a = run_ok(&in_a, &out);
    let full = t.elapsed();
    let mut child = spawn(&in_b, &out);
    std::thread::sleep(full.mul_f64(0.3));
    // SAFETY: sends SIGTERM to the child we spawned.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    match child.wait().unwrap().code() {
        Some(130) => assert_eq!(snapshot(&out), set_a),
        Some(0) => eprintln!("NOTE: the run finished before SIGTERM arrived"),
        other => panic!("exit {other:?}"),
    }
}
