//! Extraction rules as data: the TOML schema, the embedded defaults, loading of
//! extra rule files (`--rules FILE`), compilation and `rules check`.
//!
//! A rule is a regex with an id and a field name. The extractors ask the
//! [`RuleSet`] for the rules of a field, in file order, and interpret the named
//! capture groups (`value` by default). Keeping patterns here rather than in code
//! lets users fix a pattern for a page layout we have not seen without a rebuild.

use std::cell::OnceCell;
use std::sync::OnceLock;

use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use anyhow::{bail, Context, Result};
use regex::Regex;
use serde::Deserialize;

/// The rule files compiled into the binary, in load order.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("rules/extract.toml", include_str!("../rules/extract.toml")),
    ("rules/outcome.toml", include_str!("../rules/outcome.toml")),
    ("rules/remedy.toml", include_str!("../rules/remedy.toml")),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default, rename = "rule")]
    rules: Vec<RuleSpec>,
}

/// One rule as written in a rules file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub field: String,
    pub pattern: String,
    pub description: String,
    /// The value a signal rule stands for (an outcome, a remedy kind...).
    #[serde(default)]
    pub yields: Option<String>,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub negative_examples: Vec<String>,
}

/// A text the rule must match; with `value`, the `value` capture (or the whole
/// match when the rule has no such group) must equal it.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Example {
    Text(String),
    WithValue { text: String, value: String },
}

impl Example {
    fn text(&self) -> &str {
        match self {
            Example::Text(t) | Example::WithValue { text: t, .. } => t,
        }
    }
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub spec: RuleSpec,
    pub regex: Regex,
    /// Where the rule came from, for messages.
    pub source: String,
    /// The same pattern with Unicode off, for capture groups in ASCII lines:
    /// there it matches exactly as the Unicode pattern does, and its much
    /// smaller automaton makes captures several times cheaper. `None` when
    /// the pattern needs Unicode.
    /// Built at first use: most rules never capture on an ASCII line.
    ascii: OnceLock<Option<regex::bytes::Regex>>,
    /// Byte strings one of which every match starts (or ends) with, ASCII
    /// lower-cased; `None` when the pattern gives no such finite set and the
    /// rule must always run.
    literals: Option<Vec<Vec<u8>>>,
}

impl Rule {
    /// The `value` capture of the first match, or the whole match.
    pub fn value<'h>(&self, hay: &'h str) -> Option<&'h str> {
        // Most calls do not match: the plain search is cheaper than
        // setting up capture slots for every line.
        if !self.regex.is_match(hay) {
            return None;
        }
        let caps = self.captures(hay)?;
        caps.name("value").or_else(|| caps.get(0))
    }

    /// The capture groups of the first match in `hay`.
    pub fn captures<'h>(&self, hay: &'h str) -> Option<RuleCaptures<'h>> {
        let ascii = || {
            self.ascii.get_or_init(|| {
                regex::bytes::RegexBuilder::new(&ascii_word_boundaries(&self.spec.pattern))
                    .unicode(false)
                    .build()
                    .ok()
            })
        };
        match hay.is_ascii().then(ascii).and_then(Option::as_ref) {
            Some(ascii) => Some(RuleCaptures::Ascii(hay, ascii.captures(hay.as_bytes())?)),
            None => Some(RuleCaptures::Unicode(self.regex.captures(hay)?)),
        }
    }

    pub fn yields(&self) -> &str {
        self.spec.yields.as_deref().unwrap_or("")
    }
}

/// The capture groups of one match of a [`Rule`].
pub enum RuleCaptures<'h> {
    Unicode(regex::Captures<'h>),
    Ascii(&'h str, regex::bytes::Captures<'h>),
}

impl<'h> RuleCaptures<'h> {
    /// Group `i` (0 is the whole match).
    pub fn get(&self, i: usize) -> Option<&'h str> {
        match self {
            RuleCaptures::Unicode(c) => c.get(i).map(|m| m.as_str()),
            // ASCII haystack: every offset is a char boundary.
            RuleCaptures::Ascii(hay, c) => c.get(i).map(|m| &hay[m.range()]),
        }
    }

    /// The named group.
    pub fn name(&self, name: &str) -> Option<&'h str> {
        match self {
            RuleCaptures::Unicode(c) => c.name(name).map(|m| m.as_str()),
            RuleCaptures::Ascii(hay, c) => c.name(name).map(|m| &hay[m.range()]),
        }
    }
}

/// All rules, compiled once and shared by every worker thread.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    by_field: HashMap<String, Vec<usize>, BuildHasherDefault<Fnv>>,
    prefilter: Option<Prefilter>,
}

/// FNV-1a: field lookups happen per line and rule, on short trusted keys,
/// where SipHash's DoS resistance only costs time.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// The literals of every rule in one Aho-Corasick automaton: a single pass
/// over a page tells which rules can match anywhere in it.
///
/// An overlapping search would report every literal but costs several times
/// more per byte than a plain one, which stops at the first match to end and
/// restarts one byte after that match's start. What the plain search can skip
/// is a literal that overlaps the reported one and ends later; such a literal
/// contains the reported one. So each reported literal also marks the rules
/// of every literal it contains (present for sure) and of every literal
/// containing it (perhaps present): a few extra rules run, none is missed.
#[derive(Debug, Clone)]
struct Prefilter {
    ac: AhoCorasick,
    /// Literal (pattern id) to the rules to mark when it is reported, as a
    /// bit set of `words` words.
    marks: Vec<u64>,
    words: usize,
    /// Rules without literals: they can always match.
    always: Vec<u64>,
}

/// Which rules can match somewhere in one page, a bit per rule.
#[derive(Debug, Clone, Default)]
pub struct RuleHits {
    page: Vec<u64>,
}

impl RuleHits {
    fn contains(&self, rule: usize) -> bool {
        self.page[rule / 64] & (1 << (rule % 64)) != 0
    }
}

/// The rules as seen from one page: the same lookups as [`RuleSet`], minus
/// the rules whose literals occur nowhere in the page. The pass over the page
/// that finds them runs at the first lookup, so it pays for itself in loops
/// over every line (outcome signals, remedies); a lookup on the first few
/// lines is cheaper on the full set. Use it for haystacks taken from the page
/// (its lines, parts of lines); a file name or values joined from several
/// lines go to the full set, which `Deref` gives.
#[derive(Debug, Clone, Copy)]
pub struct PageRules<'a> {
    set: &'a RuleSet,
    text: &'a str,
    hits: &'a OnceCell<RuleHits>,
}

impl<'a> PageRules<'a> {
    /// The rules of one field that can match in this page, in load order.
    pub fn field(&self, field: &str) -> impl Iterator<Item = &'a Rule> + 'a {
        let set = self.set;
        let text = self.text;
        let hits: &'a RuleHits = self.hits.get_or_init(|| set.hits(text));
        set.field_indices(field)
            .iter()
            .filter(move |&&i| hits.contains(i))
            .map(move |&i| &set.rules[i])
    }

    /// The first `value` any rule of `field` finds in `hay`, a part of the page.
    pub fn first_value<'h>(&self, field: &str, hay: &'h str) -> Option<(&'a Rule, &'h str)> {
        self.field(field).find_map(|r| r.value(hay).map(|v| (r, v)))
    }

    /// True when some rule of `field` matches `hay`, a part of the page.
    pub fn any_match(&self, field: &str, hay: &str) -> bool {
        self.field(field).any(|r| r.regex.is_match(hay))
    }

    /// The full rule set.
    pub fn set(&self) -> &'a RuleSet {
        self.set
    }
}

impl std::ops::Deref for PageRules<'_> {
    type Target = RuleSet;
    fn deref(&self) -> &RuleSet {
        self.set
    }
}

impl RuleSet {
    /// The embedded rules, plus the rules of `extra` files, which replace
    /// embedded rules of the same id and add the others.
    pub fn load(extra: &[impl AsRef<Path>]) -> Result<RuleSet> {
        let mut set = RuleSet::default();
        for (name, text) in EMBEDDED {
            set.add_source(name, text)?;
        }
        for path in extra {
            let path = path.as_ref();
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read rules file {}", path.display()))?;
            set.add_source(&path.display().to_string(), &text)?;
        }
        Ok(set)
    }

    /// The embedded rules only. Panics only if the embedded rules are broken,
    /// which `rules check` and the unit tests rule out.
    pub fn embedded() -> RuleSet {
        RuleSet::load(&[] as &[&Path]).expect("embedded rules compile")
    }

    fn add_source(&mut self, name: &str, text: &str) -> Result<()> {
        let file: RuleFile =
            toml::from_str(text).with_context(|| format!("cannot parse rules file {name}"))?;
        let mut seen = std::collections::HashSet::new();
        for spec in &file.rules {
            if !seen.insert(spec.id.clone()) {
                bail!("{name}: rule id {:?} appears twice", spec.id);
            }
        }
        // Compiling Unicode patterns is most of the start-up time: spread it
        // over the cores (order kept).
        let compiled: Vec<Rule> = file
            .rules
            .into_par_iter()
            .map(|spec| -> Result<Rule> {
                let pattern = ascii_word_boundaries(&spec.pattern);
                let regex = Regex::new(&pattern)
                    .with_context(|| format!("{name}: rule {:?} has a bad pattern", spec.id))?;
                Ok(Rule {
                    literals: required_literals(&pattern),
                    spec,
                    regex,
                    ascii: OnceLock::new(),
                    source: name.to_string(),
                })
            })
            .collect::<Result<_>>()?;
        for rule in compiled {
            match self.rules.iter().position(|r| r.spec.id == rule.spec.id) {
                Some(i) => self.rules[i] = rule,
                None => self.rules.push(rule),
            }
        }
        self.reindex();
        Ok(())
    }

    fn reindex(&mut self) {
        self.by_field.clear();
        for (i, r) in self.rules.iter().enumerate() {
            self.by_field
                .entry(r.spec.field.clone())
                .or_default()
                .push(i);
        }
        self.prefilter = self.build_prefilter();
    }

    fn build_prefilter(&self) -> Option<Prefilter> {
        let words = self.rules.len().div_ceil(64).max(1);
        let mut always = vec![0u64; words];
        let mut index: HashMap<&[u8], usize> = HashMap::new();
        let mut patterns: Vec<&[u8]> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        for (i, r) in self.rules.iter().enumerate() {
            let Some(lits) = &r.literals else {
                always[i / 64] |= 1 << (i % 64);
                continue;
            };
            for lit in lits {
                let id = *index.entry(lit.as_slice()).or_insert_with(|| {
                    patterns.push(lit.as_slice());
                    owners.push(Vec::new());
                    patterns.len() - 1
                });
                if owners[id].last() != Some(&i) {
                    owners[id].push(i);
                }
            }
        }
        // Rules to mark for each literal: its own, and those of the literals
        // it contains or that contain it (see [`Prefilter`]).
        let mut marks = vec![0u64; patterns.len() * words];
        for (a, lit_a) in patterns.iter().enumerate() {
            for (b, lit_b) in patterns.iter().enumerate() {
                let related = a == b || contains(lit_a, lit_b) || contains(lit_b, lit_a);
                if related {
                    for &rule in &owners[b] {
                        marks[a * words + rule / 64] |= 1 << (rule % 64);
                    }
                }
            }
        }
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .ok()?;
        Some(Prefilter {
            ac,
            marks,
            words,
            always,
        })
    }

    /// The rules as seen from the page `text`; `hits` holds what the
    /// prefilter finds, once it has run (see [`PageRules`]).
    pub fn page<'a>(&'a self, text: &'a str, hits: &'a OnceCell<RuleHits>) -> PageRules<'a> {
        PageRules {
            set: self,
            text,
            hits,
        }
    }

    /// Finds, in one pass over `text`, which rules can match in it.
    fn hits(&self, text: &str) -> RuleHits {
        let words = self.rules.len().div_ceil(64).max(1);
        let mut hits = RuleHits::default();
        match &self.prefilter {
            None => hits.page.resize(words, u64::MAX),
            Some(p) => {
                hits.page.extend_from_slice(&p.always);
                let mut at = 0;
                while let Some(m) = p.ac.find(aho_corasick::Input::new(text).range(at..)) {
                    let marks = &p.marks[m.pattern().as_usize() * p.words..][..p.words];
                    for (w, m) in hits.page.iter_mut().zip(marks) {
                        *w |= m;
                    }
                    at = m.start() + 1;
                }
            }
        }
        hits
    }

    fn field_indices(&self, field: &str) -> &[usize] {
        self.by_field.get(field).map_or(&[], |v| v.as_slice())
    }

    /// The rules of one field, in load order.
    pub fn field<'a>(&'a self, field: &str) -> impl Iterator<Item = &'a Rule> + 'a {
        self.field_indices(field)
            .iter()
            .map(move |&i| &self.rules[i])
    }

    /// The first `value` any rule of `field` finds in `hay`, with the rule.
    pub fn first_value<'h>(&self, field: &str, hay: &'h str) -> Option<(&Rule, &'h str)> {
        self.field(field).find_map(|r| r.value(hay).map(|v| (r, v)))
    }

    /// True when some rule of `field` matches `hay`.
    pub fn any_match(&self, field: &str, hay: &str) -> bool {
        self.field(field).any(|r| r.regex.is_match(hay))
    }

    pub fn all(&self) -> &[Rule] {
        &self.rules
    }

    /// Runs every rule's examples and counter-examples; returns a report and
    /// the number of failures.
    pub fn check(&self) -> (String, usize) {
        let mut out = String::new();
        let mut failures = 0;
        for rule in &self.rules {
            let mut problems = Vec::new();
            if rule.spec.examples.is_empty() {
                problems.push("has no examples".to_string());
            }
            for ex in &rule.spec.examples {
                match (rule.value(ex.text()), ex) {
                    (None, _) => problems.push(format!("does not match example {:?}", ex.text())),
                    (Some(got), Example::WithValue { value, .. }) if got != value => {
                        problems.push(format!(
                            "gives {got:?} instead of {value:?} on example {:?}",
                            ex.text()
                        ))
                    }
                    _ => {}
                }
            }
            for neg in &rule.spec.negative_examples {
                if rule.regex.is_match(neg) {
                    problems.push(format!("matches counter-example {neg:?}"));
                }
            }
            if problems.is_empty() {
                let _ = writeln!(
                    out,
                    "ok    {} ({} examples, {} counter-examples)",
                    rule.spec.id,
                    rule.spec.examples.len(),
                    rule.spec.negative_examples.len()
                );
            } else {
                failures += 1;
                for p in problems {
                    let _ = writeln!(out, "FAIL  {} [{}]: {p}", rule.spec.id, rule.source);
                }
            }
        }
        let _ = writeln!(
            out,
            "{} rules, {} passed, {} failed",
            self.rules.len(),
            self.rules.len() - failures,
            failures
        );
        (out, failures)
    }
}

/// True when `hay` contains `needle`, ignoring ASCII case (literals are
/// lower-cased already).
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.len() <= hay.len() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Literals one of which every match of `pattern` starts with (or, failing
/// that, ends with), ASCII lower-cased; `None` when there is no finite set
/// without an empty literal (the rule must then always run).
fn required_literals(pattern: &str) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    // (?i) turns every letter into a class and the literal sets explode past
    // the extractor's limits; the automaton ignores ASCII case anyway.
    let hir = fold_ascii_case(&hir);
    let mut candidates = vec![inner_literals(&hir)];
    for kind in [ExtractKind::Prefix, ExtractKind::Suffix] {
        let seq = Extractor::new().kind(kind).extract(&hir);
        candidates.push(
            seq.literals()
                .map(|lits| lits.iter().map(|l| l.as_bytes().to_vec()).collect()),
        );
    }
    // The most selective set: the one whose shortest literal is longest.
    // Short literals ("mr") occur on every page and would cost the
    // automaton more than they save.
    let mut best = candidates
        .into_iter()
        .flatten()
        .filter(|lits: &Vec<Vec<u8>>| !lits.is_empty())
        .max_by_key(|lits| {
            let shortest = lits.iter().map(Vec::len).min().unwrap_or(0);
            (shortest, std::cmp::Reverse(lits.len()))
        })?;
    if best.iter().any(|l| l.len() < 3) {
        return None;
    }
    for l in &mut best {
        l.make_ascii_lowercase();
    }
    best.sort();
    best.dedup();
    Some(best)
}

/// A set of literals one of which occurs in every match of `h`, anywhere in
/// it: a literal itself; for a sequence, the most selective set of its parts;
/// for alternatives, the union of theirs. `None` when there is none.
fn inner_literals(h: &regex_syntax::hir::Hir) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::HirKind;
    match h.kind() {
        HirKind::Literal(l) => Some(vec![l.0.to_vec()]),
        HirKind::Capture(c) => inner_literals(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => inner_literals(&r.sub),
        HirKind::Concat(xs) => xs
            .iter()
            .filter_map(inner_literals)
            .max_by_key(|lits| lits.iter().map(Vec::len).min().unwrap_or(0)),
        HirKind::Alternation(xs) => {
            let mut all = Vec::new();
            for x in xs {
                all.extend(inner_literals(x)?);
            }
            Some(all)
        }
        _ => None,
    }
}

/// Replaces each class that holds only the case variants of one ASCII letter
/// (what `(?i)` makes of it) by the lower-case letter. The Kelvin sign and the
/// long s, which Unicode folds to k and s, become k and s too: a page writing
/// them would slip past the prefilter, a price worth a usable one.
fn fold_ascii_case(h: &regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{Capture, Class, Hir, HirKind, Repetition};
    fn letter(chars: impl Iterator<Item = (u32, u32)>) -> Option<u8> {
        let mut found = None;
        for (a, b) in chars {
            if b - a > 2 {
                return None;
            }
            for c in a..=b {
                let l = match char::from_u32(c)? {
                    '\u{212A}' => b'k',
                    '\u{17F}' => b's',
                    c if c.is_ascii_alphabetic() => c.to_ascii_lowercase() as u8,
                    _ => return None,
                };
                if *found.get_or_insert(l) != l {
                    return None;
                }
            }
        }
        found
    }
    match h.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            match letter(c.iter().map(|r| (r.start() as u32, r.end() as u32))) {
                Some(l) => Hir::literal([l]),
                None => h.clone(),
            }
        }
        HirKind::Class(Class::Bytes(c)) => {
            match letter(c.iter().map(|r| (r.start() as u32, r.end() as u32))) {
                Some(l) => Hir::literal([l]),
                None => h.clone(),
            }
        }
        HirKind::Concat(xs) => Hir::concat(xs.iter().map(fold_ascii_case).collect()),
        HirKind::Alternation(xs) => Hir::alternation(xs.iter().map(fold_ascii_case).collect()),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(fold_ascii_case(&r.sub)),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(fold_ascii_case(&c.sub)),
            ..c.clone()
        }),
        _ => h.clone(),
    }
}

/// Rewrites `\b` and `\B` as their ASCII forms. A Unicode word boundary
/// stops the regex crate's fast DFA at the first non-ASCII byte (every `’` and
/// `£` of a page) and leaves it to the PikeVM, which made word-boundary rules
/// the slowest part of a run; the pages are English, where the two agree.
/// `\b{start}` and friends are left as written.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(b @ ('b' | 'B')) if chars.peek() != Some(&'{') => {
                out.push_str("(?-u:\\");
                out.push(b);
                out.push(')');
            }
            Some(n) => {
                out.push('\\');
                out.push(n);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(pattern: &str) -> Option<Vec<String>> {
        required_literals(&ascii_word_boundaries(pattern)).map(|v| {
            v.into_iter()
                .map(|l| String::from_utf8(l).unwrap())
                .collect()
        })
    }

    #[test]
    fn prefilter_literals() {
        assert_eq!(literals(r"^Decision\s*:"), Some(vec!["decision".into()]));
        assert_eq!(
            literals(r"(?i)\bwe (?:upheld|did not uphold)\b"),
            Some(vec!["we did not uphold".into(), "we upheld".into()])
        );
        // Suffixes when the start is open.
        assert_eq!(
            literals(r"(?i)^.*\bpublic interest report\b"),
            Some(vec!["public interest report".into()])
        );
        assert_eq!(literals(r"^\S.*\(\d{2}\)$"), None);
        // Inside the match: the longest part of each alternative.
        assert_eq!(
            literals(
                r"(?i)^(?:Report by the LGO|.*\bpublic interest report\b|(?:The )?Ombudsman found fault)"
            ),
            Some(vec![
                "ombudsman found fault".into(),
                "public interest report".into(),
                "report by the lgo".into()
            ])
        );
        assert_eq!(literals(r"x|\w+"), None);
    }

    #[test]
    fn page_rules_skip_rules_whose_literals_are_absent() {
        let set = RuleSet::embedded();
        let hits = OnceCell::new();
        let page = "Kent County Council (24 003 611)\nDecision : Upheld\nSummary: Ms H said ’x’.\n";
        let p = set.page(page, &hits);
        assert!(p
            .first_value("header.decision", "Decision : Upheld")
            .is_some());
        assert_eq!(p.field("header.category").count(), 0);
        assert!(set.field("header.category").count() > 0);
        // The full set is still there for other haystacks.
        assert!(p
            .set()
            .first_value("header.category", "Category : Housing")
            .is_some());
        // Rules without literals always run.
        assert_eq!(p.field("title").count(), set.field("title").count());
        // Case-insensitive literals still hit.
        let hits = OnceCell::new();
        let p = set.page("SUMMARY: x", &hits);
        assert_eq!(p.field("summary").count(), 1);
    }

    #[test]
    fn prefilter_never_hides_a_match_on_the_rules_own_examples() {
        let set = RuleSet::embedded();
        for r in set.all() {
            for ex in &r.spec.examples {
                let page = format!("First line\n{}\nLast line\n", ex.text());
                let hits = OnceCell::new();
                assert!(
                    set.page(&page, &hits)
                        .field(&r.spec.field)
                        .any(|x| x.spec.id == r.spec.id),
                    "{} filtered out on its example {:?}",
                    r.spec.id,
                    ex.text()
                );
            }
        }
    }

    #[test]
    fn prefilter_sees_overlapping_literals() {
        let mut set = RuleSet::default();
        set.add_source(
            "t",
            r#"
[[rule]]
id = "a"
field = "a"
pattern = 'the council'
description = "d"
[[rule]]
id = "b"
field = "b"
pattern = 'council has agreed'
description = "d"
[[rule]]
id = "c"
field = "c"
pattern = 'has'
description = "d"
[[rule]]
id = "d"
field = "d"
pattern = 'absent words'
description = "d"
"#,
        )
        .unwrap();
        let hits = OnceCell::new();
        let p = set.page("x THE COUNCIL HAS AGREED y", &hits);
        for f in ["a", "b", "c"] {
            assert_eq!(p.field(f).count(), 1, "rule {f}");
        }
        assert_eq!(p.field("d").count(), 0);
    }

    #[test]
    fn ascii_twin_captures_like_the_unicode_pattern() {
        let set = RuleSet::embedded();
        for r in set.all() {
            for ex in &r.spec.examples {
                let text = ex.text();
                let uni = r.regex.captures(text).map(|c| {
                    (0..c.len())
                        .map(|i| c.get(i).map(|m| m.as_str().to_string()))
                        .collect::<Vec<_>>()
                });
                let ours = r.captures(text).map(|c| {
                    (0..r.regex.captures_len())
                        .map(|i| c.get(i).map(str::to_string))
                        .collect::<Vec<_>>()
                });
                assert_eq!(uni, ours, "{} on {text:?}", r.spec.id);
            }
        }
        let r = set.field("summary").next().unwrap();
        assert_eq!(r.value("Summary: Mr X said ’no’."), Some("Mr X said ’no’."));
        assert_eq!(r.value("Summary: Mr X said no."), Some("Mr X said no."));
        assert!(r.ascii.get().is_some_and(Option::is_some));
    }

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(ascii_word_boundaries(r"\bMr\b"), r"(?-u:\b)Mr(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"a\Bb"), r"a(?-u:\B)b");
        // An escaped backslash followed by b is a literal, not a boundary.
        assert_eq!(ascii_word_boundaries(r"\\b\d"), r"\\b\d");
        assert_eq!(ascii_word_boundaries(r"\b{start}x"), r"\b{start}x");
        let re = Regex::new(&ascii_word_boundaries(r"\bfault\b")).unwrap();
        assert!(re.is_match("the Council’s fault’s"));
        assert!(!re.is_match("faults"));
    }

    #[test]
    fn embedded_rules_pass_their_own_examples() {
        let set = RuleSet::embedded();
        let (report, failures) = set.check();
        assert_eq!(failures, 0, "{report}");
        assert!(set.all().len() >= 10);
    }

    #[test]
    fn ids_are_unique_across_files() {
        let set = RuleSet::embedded();
        let mut ids: Vec<_> = set.all().iter().map(|r| r.spec.id.as_str()).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn extra_rule_overrides_by_id() {
        let mut set = RuleSet::embedded();
        let before = set.all().len();
        set.add_source(
            "test",
            r#"
[[rule]]
id = "summary.line"
field = "summary"
pattern = '^Overview:\s*(?P<value>.+)$'
description = "test override"
examples = [{ text = "Overview: hello", value = "hello" }]
"#,
        )
        .unwrap();
        assert_eq!(set.all().len(), before);
        let (rule, v) = set.first_value("summary", "Overview: hi there").unwrap();
        assert_eq!(rule.source, "test");
        assert_eq!(v, "hi there");
    }

    #[test]
    fn check_reports_broken_example() {
        let mut set = RuleSet::default();
        set.add_source(
            "broken",
            r#"
[[rule]]
id = "x.y"
field = "x"
pattern = 'abc'
description = "broken on purpose"
examples = ["xyz"]
negative_examples = ["abcd"]
"#,
        )
        .unwrap();
        let (report, failures) = set.check();
        assert_eq!(failures, 1);
        assert!(
            report.contains("does not match example \"xyz\""),
            "{report}"
        );
        assert!(
            report.contains("matches counter-example \"abcd\""),
            "{report}"
        );
    }

    #[test]
    fn duplicate_id_in_one_file_is_an_error() {
        let mut set = RuleSet::default();
        let err = set
            .add_source(
                "dup",
                r#"
[[rule]]
id = "a"
field = "x"
pattern = 'a'
description = "d"
[[rule]]
id = "a"
field = "x"
pattern = 'b'
description = "d"
"#,
            )
            .unwrap_err();
        assert!(format!("{err:#}").contains("appears twice"));
    }
}
