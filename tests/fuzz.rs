//! Fuzz regressions (issue 7): every input the fuzzers found or that guards
//! a past fix (tests/fuzz_regressions/) goes through read → clean → extract
//! as text and as HTML under the fuzz invariants, and a short seeded
//! mutation run replays in every test run. The long runs are
//! `cargo run --profile fuzz --example fuzz -- SECONDS SEED DIRS` and the
//! cargo-fuzz target in fuzz/.

use ombuds::fuzz::{check, Mutator};
use ombuds::pipeline::Engine;

use crate::util::root;

fn regressions() -> Vec<(String, Vec<u8>)> {
    let dir = root().join("tests/fuzz_regressions");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn regressions_pass_the_invariants() {
    let engine = Engine::embedded();
    let files = regressions();
    assert!(files.len() >= 8);
    for (name, bytes) in &files {
        let r = std::panic::catch_unwind(|| check(&engine, bytes));
        assert!(r.is_ok(), "{name} fails the fuzz invariants");
    }
}

/// `<ol start="4294967295">` overflowed the list counter (a panic in debug
/// builds, found by the fuzz profile with overflow checks).
#[test]
fn ordered_list_start_at_u32_max() {
    let html = std::fs::read_to_string(root().join("tests/fuzz_regressions/ol-start-u32-max.html"))
        .unwrap();
    let (text, _) = ombuds::read::html::to_text(&html, &ombuds::budget::Budget::none()).unwrap();
    assert!(text.contains("4294967295. a\n4294967295. b"), "{text}");
}

#[test]
fn seeded_mutations_of_the_corpus() {
    let engine = Engine::embedded();
    let mut seeds: Vec<Vec<u8>> = regressions().into_iter().map(|(_, b)| b).collect();
    for e in walkdir::WalkDir::new(root().join("corpus")).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            seeds.push(std::fs::read(e.path()).unwrap());
        }
    }
    let mut m = Mutator::new(7);
    for i in 0..100 {
        let data = m.make(&seeds);
        let r = std::panic::catch_unwind(|| check(&engine, &data));
        assert!(
            r.is_ok(),
            "mutation {i} (seed 7) fails: replay with Mutator::new(7)"
        );
    }
}
