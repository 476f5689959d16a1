//! Issue 15: the binary's allocator settings (src/main.rs), read back from
//! mimalloc's own report of its options, which names each one: the option
//! numbers src/main.rs sets are the options it means.

use crate::util::*;

#[test]
fn mimalloc_purges_at_once_and_commits_arenas_as_used() {
    let o = ombuds()
        .arg("--version")
        .env("MIMALLOC_VERBOSE", "1")
        .output()
        .unwrap();
    assert!(o.status.success());
    let report = String::from_utf8_lossy(&o.stderr);
    let option = |name: &str| {
        report
            .lines()
            .find_map(|l| l.strip_prefix(&format!("mimalloc: option '{name}': ")))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no option {name} in:\n{report}"))
            .to_string()
    };
    assert_eq!(option("purge_delay"), "0");
    assert_eq!(option("arena_eager_commit"), "0");
    // Their neighbours keep mimalloc's defaults: nothing else was set.
    assert_eq!(option("eager_commit_delay"), "1");
    assert_eq!(option("purge_decommits"), "1");
}
