//! Heap each rule's compiled regex keeps, by a counting allocator: which
//! rules make the start-up memory (issue 15's bound), largest first.
//!
//!     cargo run --release --example rule_memory [-- N [GIT-REVISION]]
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use ombuds::rules::RuleSet;

struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn main() {
    let top: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(30);
    // With a second argument, a git revision: its rules files, to compare.
    let rules = match std::env::args().nth(2) {
        Some(rev) => {
            let sources: Vec<(String, String)> = ombuds::rules::EMBEDDED
                .iter()
                .filter_map(|(name, _)| {
                    let out = std::process::Command::new("git")
                        .args(["show", &format!("{rev}:{name}")])
                        .output()
                        .ok()?;
                    out.status.success().then(|| {
                        (
                            name.to_string(),
                            String::from_utf8_lossy(&out.stdout).into(),
                        )
                    })
                })
                .collect();
            RuleSet::from_sources(&sources).expect("the revision's rules compile")
        }
        None => RuleSet::embedded(),
    };
    let mut sizes: Vec<(isize, String)> = Vec::new();
    let mut by_field = std::collections::BTreeMap::<String, isize>::new();
    for r in rules.all() {
        // The pattern is written at first use: not the regex's memory.
        let pattern = r.pattern();
        let before = LIVE.load(Ordering::Relaxed);
        let re = regex::Regex::new(pattern).expect("compiles");
        let kept = LIVE.load(Ordering::Relaxed) - before;
        drop(re);
        *by_field.entry(r.spec.field.clone()).or_default() += kept;
        sizes.push((kept, r.spec.id.clone()));
    }
    let total: isize = sizes.iter().map(|s| s.0).sum();
    sizes.sort_by_key(|s| std::cmp::Reverse(s.0));
    println!(
        "{} rules, {:.1} MB compiled",
        sizes.len(),
        total as f64 / 1e6
    );
    for (kept, id) in sizes.iter().take(top) {
        println!("{:8.0} kB  {id}", *kept as f64 / 1e3);
    }
    let mut fields: Vec<_> = by_field.into_iter().collect();
    fields.sort_by_key(|f| std::cmp::Reverse(f.1));
    println!("\nby field:");
    for (f, kept) in fields.iter().take(top) {
        println!("{:8.0} kB  {f}", *kept as f64 / 1e3);
    }
}
