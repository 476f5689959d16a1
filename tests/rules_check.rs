//! `ombuds rules check` passes on the embedded rules and fails when an example
//! is broken; `--rules` overrides an embedded rule at run time.

use std::fs;

use crate::util::*;

#[test]
fn embedded_rules_check_passes() {
    let o = ombuds().args(["rules", "check"]).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("0 failed"), "{out}");
}

/// `ombuds rules check --rules FILE` with `rules` as the file.
fn check_with(rules: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("rules.toml");
    fs::write(&f, rules).unwrap();
    ombuds()
        .args(["rules", "check", "--rules"])
        .arg(&f)
        .output()
        .unwrap()
}

#[test]
fn broken_example_fails_the_check() {
    let o = check_with(
        r#"
[[rule]]
id = "summary.line"
field = "summary"
pattern = '^Overview:\s*(?P<value>.+)$'
description = "an override whose example does not match"
examples = [{ text = "Summary: the text", value = "the text" }]
"#,
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("FAIL  summary.line"), "{out}");
    assert!(out.contains("1 failed"), "{out}");
}

#[test]
fn bad_pattern_is_fatal() {
    let o = check_with("[[rule]]\nid='x'\nfield='summary'\npattern='('\ndescription='d'\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad pattern"));
}

/// Issue 10: a rule whose `yields` its field does not know, or whose field
/// no extractor reads, would never take effect: refused, naming the rule.
#[test]
fn unknown_yields_and_fields_are_refused() {
    let o = check_with(
        "[[rule]]\nid='outcome.typo'\nfield='outcome.signal'\npattern='x'\nyields='uphold'\ndescription='d'\nexamples=['x']\n",
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown yields \"uphold\""), "{err}");
    assert!(err.contains("outcome.typo"), "{err}");
    assert!(err.contains("upheld"), "the known values are listed: {err}");
    let o = check_with(
        "[[rule]]\nid='x.y'\nfield='outcome.signals'\npattern='x'\nyields='upheld'\ndescription='d'\nexamples=['x']\n",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown field"));
}

#[test]
fn rules_flag_overrides_at_run_time() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(
        input.join("a.txt"),
        "Kent County Council (23 001 002)\nDecision : Upheld\nOverview: A short account.\n",
    )
    .unwrap();
    let f = dir.path().join("extra.toml");
    fs::write(
        &f,
        r#"
[[rule]]
id = "summary.overview"
field = "summary"
pattern = '^Overview:\s*(?P<value>.+)$'
description = "Summary written as Overview"
examples = [{ text = "Overview: the text", value = "the text" }]
"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = ombuds()
        .arg("extract")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--rules")
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let recs = read_records(&out);
    assert_eq!(recs[0].summary.as_deref(), Some("A short account."));
}
