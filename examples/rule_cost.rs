//! Times every rule over the cleaned lines of up to 3,000 files of a folder,
//! and each field of four rules or more as one `RegexSet` against its rules
//! one by one: which rules the hot path pays for, and where a set would pay.
//!
//!     cargo run --release --example rule_cost -- DIR
use std::time::Instant;

use ombuds::clean::Cleaner;
use ombuds::rules::RuleSet;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: rule_cost DIR");
    let rules = RuleSet::embedded();
    let cleaner = Cleaner::embedded();
    let mut lines = Vec::new();
    for e in walkdir::WalkDir::new(&dir).into_iter().flatten().take(3000) {
        if let Ok(t) = std::fs::read_to_string(e.path()) {
            let c = cleaner.clean(&t);
            lines.extend(c.lines().map(str::to_string));
        }
    }
    let mut costs: Vec<(f64, String)> = rules
        .all()
        .iter()
        .map(|r| {
            let t = Instant::now();
            let mut n = 0;
            for l in &lines {
                n += r.regex().find_iter(l).count();
            }
            (
                t.elapsed().as_secs_f64() * 1000.0,
                format!("{} ({n} matches)", r.spec.id),
            )
        })
        .collect();
    let mut fields: Vec<&str> = rules.all().iter().map(|r| r.spec.field.as_str()).collect();
    fields.sort();
    fields.dedup();
    for f in fields {
        let pats: Vec<&str> = rules.field(f).map(|r| r.pattern()).collect();
        if pats.len() < 3 {
            continue;
        }
        let set = regex::RegexSetBuilder::new(&pats)
            .dfa_size_limit(64 << 20)
            .build()
            .unwrap();
        let t = Instant::now();
        let mut hits = 0;
        for l in &lines {
            hits += set.matches(l).iter().count();
        }
        let set_ms = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        let mut hits2 = 0;
        for l in &lines {
            for r in rules.field(f) {
                hits2 += r.regex().is_match(l) as usize;
            }
        }
        let each_ms = t.elapsed().as_secs_f64() * 1000.0;
        println!("{f:28} {} rules: set {set_ms:7.1} ms ({hits}), each is_match {each_ms:7.1} ms ({hits2})", pats.len());
    }
    costs.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
    println!("{} lines", lines.len());
    for (ms, id) in costs.iter().take(25) {
        println!("{ms:8.1} ms  {id}");
    }
}
