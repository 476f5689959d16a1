//! A stable-Rust fuzz driver (no libFuzzer, no nightly): mutates real pages
//! and the bundled corpus with a seeded PRNG and runs [`ombuds::fuzz::check`]
//! on each input, catching panics and flagging slow inputs.
//!
//! ```text
//! cargo run --release --example fuzz -- [SECONDS] [SEED] [SEED_DIR ...]
//! ```
//! Crashers are written to `fuzz/artifacts/stable/` with the seed and the
//! iteration in the name; commit them under `tests/fuzz_regressions/`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ombuds::fuzz::{check, Mutator};
use ombuds::pipeline::Engine;

fn collect(dir: &Path, out: &mut Vec<Vec<u8>>) {
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let p = e.path();
        let ok = matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("txt" | "html" | "htm")
        );
        if e.file_type().is_file() && ok {
            if let Ok(b) = std::fs::read(p) {
                out.push(b);
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut dirs: Vec<PathBuf> = args.iter().skip(2).map(PathBuf::from).collect();
    if dirs.is_empty() {
        dirs.push("corpus".into());
        dirs.push("tests/fuzz_regressions".into());
    }
    let mut seeds = Vec::new();
    for d in &dirs {
        collect(d, &mut seeds);
    }
    if seeds.is_empty() {
        seeds.push(b"Council (24 012 297)\nDecision : Upheld\n".to_vec());
    }
    let artifacts = PathBuf::from("fuzz/artifacts/stable");
    std::fs::create_dir_all(&artifacts).expect("create artifacts folder");
    // A timeout in the tool is reported as an error record, not a hang: fuzz
    // with the default budget and flag anything close to it.
    let engine = Engine::embedded();
    let slow = Duration::from_secs(2);
    std::panic::set_hook(Box::new(|_| {}));

    let start = Instant::now();
    let end = start + Duration::from_secs(seconds);
    let mut m = Mutator::new(seed);
    let (mut n, mut crashes, mut slows, mut bytes) = (0u64, 0u64, 0u64, 0u64);
    let mut slowest = Duration::ZERO;
    let mut last_report = start;
    while Instant::now() < end {
        let data = m.make(&seeds);
        bytes += data.len() as u64;
        let t = Instant::now();
        let res = std::panic::catch_unwind(|| check(&engine, &data));
        let took = t.elapsed();
        slowest = slowest.max(took);
        let save = |kind: &str| {
            let p = artifacts.join(format!("{kind}-seed{seed}-iter{n}"));
            std::fs::write(&p, &data).expect("write artifact");
            p
        };
        if let Err(e) = res {
            crashes += 1;
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            eprintln!(
                "CRASH at iteration {n}: {msg} -> {}",
                save("crash").display()
            );
        } else if took > slow {
            slows += 1;
            eprintln!(
                "SLOW ({:.2} s) at iteration {n} -> {}",
                took.as_secs_f64(),
                save("slow").display()
            );
        }
        n += 1;
        if last_report.elapsed() > Duration::from_secs(30) {
            last_report = Instant::now();
            eprintln!(
                "{:>5} s: {n} inputs, {crashes} crashes, {slows} slow, slowest {:.3} s",
                start.elapsed().as_secs(),
                slowest.as_secs_f64()
            );
        }
    }
    println!(
        "fuzz: {} s, seed {seed}, {} seeds, {n} inputs ({} MB), {crashes} crashes, {slows} slow (> {} s), slowest {:.3} s",
        start.elapsed().as_secs(),
        seeds.len(),
        bytes / 1_000_000,
        slow.as_secs(),
        slowest.as_secs_f64()
    );
    if crashes > 0 {
        std::process::exit(1);
    }
}
