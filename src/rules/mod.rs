//! Extraction rules as data: the TOML schema, the embedded defaults, loading of
//! extra rule files (`--rules FILE`), compilation and `rules check`.
//!
//! A rule is a regex with an id and a field name. The extractors ask the
//! [`RuleSet`] for the rules of a field, in file order, and interpret the named
//! capture groups (`value` by default). Keeping patterns here rather than in code
//! lets users fix a pattern for a page layout we have not seen without a rebuild.

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::clean::Cleaned;
use regex::Regex;

mod field_set;
mod fold;
use field_set::FieldSet;
use serde::Deserialize;

pub mod schema;

/// The rule files compiled into the binary, in load order.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "rules/extract.toml",
        include_str!("../../rules/extract.toml"),
    ),
    (
        "rules/sections.toml",
        include_str!("../../rules/sections.toml"),
    ),
    (
        "rules/clauses.toml",
        include_str!("../../rules/clauses.toml"),
    ),
    (
        "rules/outcome.toml",
        include_str!("../../rules/outcome.toml"),
    ),
    ("rules/money.toml", include_str!("../../rules/money.toml")),
    ("rules/remedy.toml", include_str!("../../rules/remedy.toml")),
    // The other ombudsmen's packs (issue 14): their own fields, read by
    // src/extract/housing and src/extract/phso.rs.
    (
        "rules/housing/page.toml",
        include_str!("../../rules/housing/page.toml"),
    ),
    (
        "rules/housing/findings.toml",
        include_str!("../../rules/housing/findings.toml"),
    ),
    (
        "rules/phso/decision.toml",
        include_str!("../../rules/phso/decision.toml"),
    ),
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
    /// Shared by the clones (one per worker), as the strings below are:
    /// the examples and patterns are read, never changed.
    pub spec: Arc<RuleSpec>,
    /// Compiled at first use ([`Rule::regex`]) when the rules are the
    /// embedded ones, which the tests compile: a run compiles only the
    /// rules its pages reach (no Housing Ombudsman or PHSO rule for a
    /// folder of LGSCO pages, no lexicon entry ever).
    compiled: BuiltOnce<Regex>,
    /// The pattern as compiled: `expanded` with ASCII word boundaries and
    /// ASCII case folding of its ASCII letters ([`fold`]). Written at first
    /// use, as `compiled` is: folding every rule at start-up cost a one-page
    /// run 6% more instructions.
    pattern: BuiltOnce<Arc<str>>,
    /// The pattern with its `{{lexicon}}` references written out.
    pub expanded: Arc<str>,
    /// Where the rule came from, for messages.
    pub source: Arc<str>,
    /// The same pattern with Unicode off, for capture groups in ASCII lines:
    /// there it matches exactly as the Unicode pattern does, and its much
    /// smaller automaton makes captures several times cheaper. `None` when
    /// the pattern needs Unicode.
    /// Built at first use: most rules never capture on an ASCII line.
    ascii: BuiltOnce<Option<regex::bytes::Regex>>,
}

/// A value built at first use once for a rule set and all its clones, of
/// which each clone keeps its own copy: a clone of a regex shares the
/// compiled automata and has a cache pool of its own. Each worker's clone of
/// the rules thus builds nothing again and shares no pool (building a field's
/// set per worker cost its automata twice over in memory).
#[derive(Debug)]
struct BuiltOnce<T> {
    shared: Arc<OnceLock<T>>,
    own: OnceLock<T>,
}

impl<T> Default for BuiltOnce<T> {
    fn default() -> Self {
        BuiltOnce {
            shared: Arc::default(),
            own: OnceLock::new(),
        }
    }
}

impl<T: Clone> Clone for BuiltOnce<T> {
    fn clone(&self) -> Self {
        BuiltOnce {
            shared: Arc::clone(&self.shared),
            own: OnceLock::new(),
        }
    }
}

impl<T: Clone> BuiltOnce<T> {
    /// Already built.
    fn built(value: T) -> Self {
        BuiltOnce {
            shared: Arc::new(OnceLock::from(value)),
            own: OnceLock::new(),
        }
    }

    fn get_or_init(&self, build: impl FnOnce() -> T) -> &T {
        self.own
            .get_or_init(|| self.shared.get_or_init(build).clone())
    }

    #[cfg(test)]
    fn get(&self) -> Option<&T> {
        self.own.get()
    }
}

impl Rule {
    /// The compiled pattern.
    pub fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            // Only embedded rules are left to compile here; the tests
            // compile every one of them.
            Regex::new(self.pattern()).expect("embedded rules compile")
        })
    }

    /// The pattern as compiled: lexicons written out, word boundaries ASCII,
    /// ASCII letters folded ASCII-only.
    pub fn pattern(&self) -> &str {
        self.pattern
            .get_or_init(|| compiled_pattern(&self.expanded).into())
    }

    /// The `value` capture of the first match, or the whole match.
    pub fn value<'h>(&self, hay: &'h str) -> Option<&'h str> {
        // Most calls do not match: the plain search is cheaper than
        // setting up capture slots for every line.
        if !self.regex().is_match(hay) {
            return None;
        }
        let caps = self.captures(hay)?;
        caps.name("value").or_else(|| caps.get(0))
    }

    /// The capture groups of the first match in `hay`.
    pub fn captures<'h>(&self, hay: &'h str) -> Option<RuleCaptures<'h>> {
        let ascii = || {
            self.ascii.get_or_init(|| {
                regex::bytes::RegexBuilder::new(&ascii_word_boundaries(&self.expanded))
                    .unicode(false)
                    .build()
                    .ok()
            })
        };
        match hay.is_ascii().then(ascii).and_then(Option::as_ref) {
            Some(ascii) => Some(RuleCaptures::Ascii(hay, ascii.captures(hay.as_bytes())?)),
            None => Some(RuleCaptures::Unicode(self.regex().captures(hay)?)),
        }
    }

    pub fn yields(&self) -> &str {
        self.spec.yields.as_deref().unwrap_or("")
    }
}

/// One match of a rule in a text.
#[derive(Debug, Clone, Copy)]
pub struct Mark<'a> {
    pub start: usize,
    pub end: usize,
    /// The rule's `yields` ("" when it has none).
    pub yields: &'a str,
    pub rule: &'a Rule,
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

    /// The byte range of the named group in the haystack.
    pub fn name_range(&self, name: &str) -> Option<std::ops::Range<usize>> {
        match self {
            RuleCaptures::Unicode(c) => c.name(name).map(|m| m.range()),
            RuleCaptures::Ascii(_, c) => c.name(name).map(|m| m.range()),
        }
    }
}

/// All rules, compiled once and shared by every worker thread.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    by_field: HashMap<String, Vec<usize>, BuildHasherDefault<Fnv>>,
    /// One [`FieldSet`] per field of many rules, built at first use: one pass
    /// over a sentence tells which of the field's rules match, where running
    /// each rule would scan it once per rule (outcome signals: ten times
    /// faster on sentences that match none).
    sets: HashMap<String, BuiltOnce<Option<FieldSet>>, BuildHasherDefault<Fnv>>,
    /// Per field, its rules as one regex over a whole cleaned text, built at
    /// first use ([`RuleSet::first_line`]).
    line_twins: HashMap<String, BuiltOnce<Option<Regex>>, BuildHasherDefault<Fnv>>,
}

/// Fields with at least this many rules are screened with a [`FieldSet`].
const SET_MIN_RULES: usize = 4;

/// Lazy DFA cache for a field's set, per thread that uses it.
const SET_DFA_LIMIT: usize = 32 << 20;

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

impl RuleSet {
    /// The embedded rules, plus the rules of `extra` files, which replace
    /// embedded rules of the same id and add the others.
    pub fn load(extra: &[impl AsRef<Path>]) -> Result<RuleSet> {
        let mut sources = Vec::new();
        for (name, text) in EMBEDDED {
            sources.push((name.to_string(), text.to_string()));
        }
        for path in extra {
            let path = path.as_ref();
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read rules file {}", path.display()))?;
            sources.push((path.display().to_string(), text));
        }
        RuleSet::from_sources(&sources)
    }

    /// The embedded rules only. Panics only if the embedded rules are broken,
    /// which `rules check` and the unit tests rule out.
    pub fn embedded() -> RuleSet {
        // Compiled once per process (tests ask often); clones share the
        // compiled regexes.
        static EMBEDDED_SET: OnceLock<RuleSet> = OnceLock::new();
        EMBEDDED_SET
            .get_or_init(|| RuleSet::load(&[] as &[&Path]).expect("embedded rules compile"))
            .clone()
    }

    /// Rules from `(name, toml)` sources in order; a later rule replaces an
    /// earlier one of the same id. Every rule is checked against the schema
    /// and compiled after all sources are read, so that a lexicon replaced by
    /// a later file is the one every pattern uses.
    pub fn from_sources(sources: &[(String, String)]) -> Result<RuleSet> {
        let mut specs: Vec<(RuleSpec, String)> = Vec::new();
        for (name, text) in sources {
            let file: RuleFile =
                toml::from_str(text).with_context(|| format!("cannot parse rules file {name}"))?;
            let mut seen = std::collections::HashSet::new();
            for spec in file.rules {
                if !seen.insert(spec.id.clone()) {
                    bail!("{name}: rule id {:?} appears twice", spec.id);
                }
                check_schema(&spec).with_context(|| format!("{name}: rule {:?}", spec.id))?;
                match specs.iter().position(|(s, _)| s.id == spec.id) {
                    Some(i) => specs[i] = (spec, name.clone()),
                    None => specs.push((spec, name.clone())),
                }
            }
        }
        let lexicons: HashMap<&str, &str> = specs
            .iter()
            .filter(|(s, _)| s.field == "lexicon")
            .map(|(s, _)| (s.id.trim_start_matches("lexicon."), s.pattern.as_str()))
            .collect();
        let expanded: Vec<String> = specs
            .iter()
            .map(|(s, name)| {
                expand(&s.pattern, &lexicons, 0).with_context(|| format!("{name}: rule {:?}", s.id))
            })
            .collect::<Result<_>>()?;
        // The embedded rules, which the tests compile, are compiled at first
        // use. Any other source (or a lexicon it replaces) may hold a bad
        // pattern, which must be reported now: compile them all, spread
        // over the cores (compiling Unicode patterns is slow), order kept.
        let embedded = sources.len() == EMBEDDED.len()
            && sources
                .iter()
                .zip(EMBEDDED)
                .all(|((n, t), (en, et))| n == en && t == et);
        let rules: Vec<Rule> = specs
            .into_par_iter()
            .zip(expanded)
            .map(|((spec, source), expanded)| -> Result<Rule> {
                let (pattern, compiled) = if embedded {
                    (BuiltOnce::default(), BuiltOnce::default())
                } else {
                    let pattern = compiled_pattern(&expanded);
                    let regex = Regex::new(&pattern).with_context(|| {
                        format!("{source}: rule {:?} has a bad pattern", spec.id)
                    })?;
                    (BuiltOnce::built(pattern.into()), BuiltOnce::built(regex))
                };
                Ok(Rule {
                    spec: Arc::new(spec),
                    compiled,
                    pattern,
                    expanded: expanded.into(),
                    ascii: BuiltOnce::default(),
                    source: source.into(),
                })
            })
            .collect::<Result<_>>()?;
        let mut set = RuleSet {
            rules,
            ..RuleSet::default()
        };
        set.reindex();
        Ok(set)
    }

    fn reindex(&mut self) {
        self.by_field.clear();
        for (i, r) in self.rules.iter().enumerate() {
            self.by_field
                .entry(r.spec.field.clone())
                .or_default()
                .push(i);
        }
        self.sets = self
            .by_field
            .iter()
            .filter(|(_, v)| v.len() >= SET_MIN_RULES)
            .map(|(f, _)| (f.clone(), BuiltOnce::default()))
            .collect();
        self.line_twins = self
            .by_field
            .keys()
            .map(|f| (f.clone(), BuiltOnce::default()))
            .collect();
    }

    /// The first line of `cleaned` that a rule of `field` matches, as if
    /// each rule were run on each line in turn. One search of the whole
    /// text instead of one per line and rule: the rules are joined into one
    /// regex that reads the text line by line ([`line_twin`]). Falls back to
    /// the rules themselves when a pattern cannot be rewritten.
    pub fn first_line(&self, field: &str, cleaned: &Cleaned) -> Option<usize> {
        let twin = self.line_twins.get(field).and_then(|cell| {
            cell.get_or_init(|| {
                let hirs = self
                    .field(field)
                    .map(|r| regex_syntax::parse(r.pattern()).ok().map(|h| line_twin(&h)))
                    .collect::<Option<Vec<_>>>()?;
                Regex::new(&regex_syntax::hir::Hir::alternation(hirs).to_string()).ok()
            })
            .as_ref()
        });
        let Some(twin) = twin else {
            return (0..cleaned.len()).find(|&i| self.any_match(field, cleaned.line(i)));
        };
        // The leftmost match starts in the first line that holds one (it
        // cannot cross a line end); at the very end of the text it is in
        // no line.
        let at = twin.find(&cleaned.text)?.start();
        (at < cleaned.text.len()).then(|| cleaned.line_at(at))
    }

    /// The set of a field of many rules, built at first use.
    fn set(&self, field: &str) -> Option<&FieldSet> {
        self.sets.get(field).and_then(|cell| {
            cell.get_or_init(|| {
                // Each rule compiles alone (the tests compile the embedded
                // ones; other rules are compiled at load), so the set does
                // too; `None` (each rule run alone) if it ever grows past
                // the limits.
                // Sets of large Unicode patterns outgrow the default lazy
                // DFA cache and fall back to a slow engine: give them room.
                FieldSet::new(self.field(field).map(|r| r.pattern()), SET_DFA_LIMIT)
            })
            .as_ref()
        })
    }

    /// The rules of `field` that match `hay`, in load order.
    pub fn matching<'a>(&'a self, field: &str, hay: &str) -> Vec<&'a Rule> {
        match self.set(field) {
            Some(set) => {
                let idx = self.field_indices(field);
                let mut out = Vec::new();
                set.for_each_match(hay, |k| out.push(&self.rules[idx[k]]));
                out
            }
            None => self
                .field(field)
                .filter(|r| r.regex().is_match(hay))
                .collect(),
        }
    }

    /// The first rule of `field`, in load order, that matches `hay`.
    pub fn first_matching<'a>(&'a self, field: &str, hay: &str) -> Option<&'a Rule> {
        match self.set(field) {
            // One pass of the field's set instead of one search per rule
            // (the lowest pattern index is the first rule).
            // Most lines match none: the set's plain search, which stops
            // where no rule can match any more, says so before the pass
            // that tells which rules match (it reads the whole text).
            Some(set) => {
                if !set.is_match(hay) {
                    return None;
                }
                let k = set.first_match(hay)?;
                Some(&self.rules[self.field_indices(field)[k]])
            }
            None => self.field(field).find(|r| r.regex().is_match(hay)),
        }
    }

    /// Every match of every rule of `field` in `hay`, sorted by start (the
    /// longer first on a tie), with the rule's `yields`.
    pub fn marks<'a>(&'a self, field: &str, hay: &str) -> Vec<Mark<'a>> {
        let mut out = Vec::new();
        let mut push = |rule: &'a Rule| {
            for m in rule.regex().find_iter(hay) {
                out.push(Mark {
                    start: m.start(),
                    end: m.end(),
                    yields: rule.yields(),
                    rule,
                });
            }
        };
        match self.set(field) {
            Some(set) => {
                let idx = self.field_indices(field);
                set.for_each_match(hay, |k| push(&self.rules[idx[k]]));
            }
            // A field of few rules: each rule's own search, with no
            // `is_match` pass before it (a rule that does not match finds
            // nothing).
            None => self.field(field).for_each(push),
        }
        out.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        out
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

    /// Where the match of the first rule of `field` (in load order) that
    /// matches at the start of `hay` ends: a prefix to strip or test for.
    pub fn prefix_end(&self, field: &str, hay: &str) -> Option<usize> {
        self.field(field)
            .find_map(|r| r.regex().find(hay).filter(|m| m.start() == 0))
            .map(|m| m.end())
    }

    /// True when some rule of `field` matches `hay`.
    pub fn any_match(&self, field: &str, hay: &str) -> bool {
        self.field(field).any(|r| r.regex().is_match(hay))
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
                if rule.regex().is_match(neg) {
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

/// A pattern rewritten to run on a whole cleaned text (lines joined with
/// `\n`, none empty) and match exactly where it matches each line alone:
/// `^` and `$` become line starts and ends, and no class or literal
/// matches `\n`, so that no match crosses a line. The other assertions
/// read the same there: `\n` is not a word character, as the edge of a
/// text is not. Capture groups are dropped (only where a match is matters).
fn line_twin(hir: &regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{
        Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look,
        Repetition,
    };
    match hir.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) if lit.0.contains(&b'\n') => Hir::fail(),
        HirKind::Literal(_) => hir.clone(),
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.difference(&ClassUnicode::new([ClassUnicodeRange::new('\n', '\n')]));
            Hir::class(Class::Unicode(c))
        }
        HirKind::Class(Class::Bytes(c)) => {
            let mut c = c.clone();
            c.difference(&ClassBytes::new([ClassBytesRange::new(b'\n', b'\n')]));
            Hir::class(Class::Bytes(c))
        }
        HirKind::Look(look) => Hir::look(match look {
            Look::Start => Look::StartLF,
            Look::End => Look::EndLF,
            other => *other,
        }),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(line_twin(&r.sub)),
            ..r.clone()
        }),
        HirKind::Capture(c) => line_twin(&c.sub),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(line_twin).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(line_twin).collect()),
    }
}

/// Refuses a rule whose field no extractor reads, or whose `yields` its
/// field does not know: such a rule would never take effect.
fn check_schema(spec: &RuleSpec) -> Result<()> {
    let Some(field) = schema::spec(&spec.field) else {
        bail!(
            "unknown field {:?} (the fields are listed in the README, \"Rules\")",
            spec.field
        );
    };
    match (&spec.yields, field.yields.is_empty()) {
        (Some(y), true) => bail!("field {:?} takes no `yields`, got {y:?}", spec.field),
        (Some(y), false) if !field.yields.contains(&y.as_str()) => bail!(
            "unknown yields {y:?} for field {:?} (known: {})",
            spec.field,
            field.yields.join(", ")
        ),
        (None, false) => bail!(
            "field {:?} needs `yields` (one of: {})",
            spec.field,
            field.yields.join(", ")
        ),
        _ => Ok(()),
    }
}

/// Writes out `{{name}}` references to lexicon rules, as non-capturing
/// groups. `{{` never starts valid regex syntax, so there is no ambiguity.
fn expand(pattern: &str, lexicons: &HashMap<&str, &str>, depth: usize) -> Result<String> {
    if !pattern.contains("{{") {
        return Ok(pattern.to_string());
    }
    if depth > 8 {
        bail!("lexicon references nest too deep (a cycle?)");
    }
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut rest = pattern;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            bail!("unclosed {{{{ in pattern");
        };
        let name = &after[..close];
        let Some(inner) = lexicons.get(name) else {
            bail!("unknown lexicon {{{{{name}}}}} (a rule with id \"lexicon.{name}\")");
        };
        out.push_str("(?:");
        out.push_str(&expand(inner, lexicons, depth + 1)?);
        out.push(')');
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// What a rule's `expanded` pattern is compiled as.
fn compiled_pattern(expanded: &str) -> String {
    fold::ascii_case_folding(&ascii_word_boundaries(expanded))
}

/// Rewrites the Perl classes `\b`, `\B`, `\w`, `\d` and `\s` as their ASCII
/// forms (inside a bracket class too; `\W`, `\D` and `\S` stay Unicode,
/// as their ASCII forms could match half a character). Unicode classes make the regex
/// engine's automata many times larger: a Unicode `\b` stops the fast DFA at
/// every `’` and `£` of a page, and lexicons full of `\w` and `\s` overflow
/// its cache. The pages are English, where the two agree (a name with an
/// accented letter ends its `\w+` there). `\b{start}` and friends are left
/// as written.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    // Depth of bracket classes (`[a-z[0-9]]` nests).
    let mut in_class = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '[' => {
                in_class += 1;
                out.push(c);
                // A `]` or `^]` right after `[` is a literal.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().unwrap_or(']'));
                }
                continue;
            }
            ']' if in_class > 0 => {
                in_class -= 1;
                out.push(c);
                continue;
            }
            '\\' => {}
            _ => {
                out.push(c);
                continue;
            }
        }
        match (chars.next(), in_class > 0) {
            (Some(b @ ('b' | 'B')), false) if chars.peek() != Some(&'{') => {
                out.push_str("(?-u:\\");
                out.push(b);
                out.push(')');
            }
            (Some(k @ ('w' | 'd' | 's')), false) => {
                out.push_str("(?-u:\\");
                out.push(k);
                out.push(')');
            }
            (Some('w'), true) => out.push_str("A-Za-z0-9_"),
            (Some('d'), true) => out.push_str("0-9"),
            (Some('s'), true) => out.push_str("\\t\\n\\x0B\\x0C\\r\\x20"),
            (Some(n), _) => {
                out.push('\\');
                out.push(n);
            }
            (None, _) => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_twin_captures_like_the_unicode_pattern() {
        let set = RuleSet::embedded();
        for r in set.all() {
            for ex in &r.spec.examples {
                let text = ex.text();
                let uni = r.regex().captures(text).map(|c| {
                    (0..c.len())
                        .map(|i| c.get(i).map(|m| m.as_str().to_string()))
                        .collect::<Vec<_>>()
                });
                let ours = r.captures(text).map(|c| {
                    (0..r.regex().captures_len())
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
    fn embedded_rules_compile_at_first_use_once_for_all_clones() {
        let embedded = RuleSet::load(&[] as &[&Path]).unwrap();
        let rule = embedded
            .all()
            .iter()
            .find(|r| r.spec.field == "summary")
            .unwrap();
        assert!(rule.compiled.shared.get().is_none());
        assert!(rule.regex().is_match("Summary: Mr X complained."));
        assert!(rule.compiled.shared.get().is_some());
        // Every embedded rule compiles (a run would stop on the first that
        // did not), once for the set and its clones. (Rules of other files
        // compile at load: `extra_rule_overrides_by_id`, and a bad pattern
        // is an error there: tests/rules_check.rs.)
        let copy = embedded.clone();
        for r in copy.all() {
            r.regex();
        }
        // The rule's text, examples and patterns are not copied either.
        let (a, b) = (&embedded.all()[0], &copy.all()[0]);
        assert!(Arc::ptr_eq(&a.spec, &b.spec) && std::ptr::eq(a.pattern(), b.pattern()));
        assert!(embedded
            .all()
            .iter()
            .all(|r| r.compiled.shared.get().is_some()));
    }

    #[test]
    fn clones_build_a_set_once_and_keep_their_own_copy() {
        let field = "outcome.signal";
        assert!(RuleSet::embedded().field(field).count() >= SET_MIN_RULES);
        let first = RuleSet::embedded().clone();
        let second = first.clone();
        let hay = "The Council has agreed to apologise. I found fault.";
        let matched = first.matching(field, hay);
        assert!(!matched.is_empty());
        // Built (by this clone or an earlier one) for all of them, copied
        // by the one that used it only.
        assert!(Arc::ptr_eq(
            &first.sets[field].shared,
            &second.sets[field].shared
        ));
        assert!(first.sets[field].get().is_some());
        assert!(second.sets[field].shared.get().is_some());
        assert!(second.sets[field].get().is_none());
        let ids = |set: &RuleSet| -> Vec<String> {
            set.matching(field, hay)
                .iter()
                .map(|r| r.spec.id.clone())
                .collect()
        };
        assert_eq!(ids(&second), ids(&first));
        // Each copy has its own cache pool: two values, one automaton.
        let (a, b) = (first.set(field).unwrap(), second.set(field).unwrap());
        assert!(!std::ptr::eq(a, b));
    }

    /// The ASCII case folding of the compiled patterns changes no match of
    /// any rule's examples: same captures as the pattern folded by Unicode.
    #[test]
    fn ascii_folding_matches_as_unicode_folding_does() {
        let set = RuleSet::embedded();
        let mut compared = 0;
        for r in set.all() {
            let unicode = Regex::new(&ascii_word_boundaries(&r.expanded)).unwrap();
            assert_ne!(r.pattern(), unicode.as_str(), "{}", r.spec.id);
            let examples = r.spec.examples.iter().map(|e| e.text());
            for text in examples.chain(r.spec.negative_examples.iter().map(String::as_str)) {
                let caps = |re: &Regex| {
                    re.captures(text)
                        .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>())
                };
                assert_eq!(caps(r.regex()), caps(&unicode), "{} on {text:?}", r.spec.id);
                compared += 1;
            }
        }
        assert!(compared > 2000, "{compared} examples");
    }

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(ascii_word_boundaries(r"\bMr\b"), r"(?-u:\b)Mr(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"a\Bb"), r"a(?-u:\B)b");
        // An escaped backslash followed by b is a literal, not a boundary.
        assert_eq!(ascii_word_boundaries(r"\\b\d"), r"\\b(?-u:\d)");
        assert_eq!(ascii_word_boundaries(r"\b{start}x"), r"\b{start}x");
        assert_eq!(ascii_word_boundaries(r"\w+\s"), r"(?-u:\w)+(?-u:\s)");
        assert_eq!(ascii_word_boundaries(r"[\w’-]"), r"[A-Za-z0-9_’-]");
        assert_eq!(ascii_word_boundaries(r"[^\s£]"), r"[^\t\n\x0B\x0C\r\x20£]");
        assert_eq!(ascii_word_boundaries(r"[]a]\d"), r"[]a](?-u:\d)");
        let re = Regex::new(&ascii_word_boundaries(r"\bfault\b")).unwrap();
        assert!(re.is_match("the Council’s fault’s"));
        assert!(!re.is_match("faults"));
    }

    #[test]
    fn matching_screens_with_a_set_and_keeps_rule_order() {
        let r = RuleSet::embedded();
        assert!(r.field("outcome.signal").count() >= SET_MIN_RULES);
        let text = "There was fault by the Council but we found no fault in its assessment.";
        let via_set: Vec<&str> = r
            .matching("outcome.signal", text)
            .iter()
            .map(|r| r.spec.id.as_str())
            .collect();
        let one_by_one: Vec<&str> = r
            .field("outcome.signal")
            .filter(|r| r.regex().is_match(text))
            .map(|r| r.spec.id.as_str())
            .collect();
        assert_eq!(via_set, one_by_one);
        assert!(via_set.contains(&"outcome.there_was_fault"), "{via_set:?}");
        assert!(via_set.contains(&"outcome.no_fault"), "{via_set:?}");
        assert!(r
            .matching("outcome.signal", "Mr X lives in Kent.")
            .is_empty());
        // The first matching rule through the set is the first rule alone.
        assert!(r.field("section.heading").count() >= SET_MIN_RULES);
        for line in [
            "Summary",
            "The complaint",
            "Final decision",
            "Agreed action",
            "Mr X",
        ] {
            let via_set = r
                .first_matching("section.heading", line)
                .map(|r| &r.spec.id);
            let alone = r
                .field("section.heading")
                .find(|r| r.regex().is_match(line))
                .map(|r| &r.spec.id);
            assert_eq!(via_set, alone, "{line}");
        }
        assert!(r.first_matching("section.heading", "Mr X").is_none());
    }

    #[test]
    fn first_line_finds_what_each_line_alone_matches() {
        let set = RuleSet::embedded();
        let cleaner = crate::clean::Cleaner::embedded();
        let mut texts: Vec<&str> = Vec::new();
        for r in set.all() {
            texts.extend(r.spec.examples.iter().map(Example::text));
            texts.extend(r.spec.negative_examples.iter().map(String::as_str));
        }
        let mut fields: Vec<&str> = set.all().iter().map(|r| r.spec.field.as_str()).collect();
        fields.sort();
        fields.dedup();
        // Each text alone, after a line and before one; and all of them.
        let mut pages: Vec<String> = texts
            .iter()
            .map(|t| format!("Mr X complained.\n{t}\nThe end"))
            .collect();
        pages.push(texts.join("\n"));
        pages.push(String::new());
        for page in &pages {
            let cleaned = cleaner.clean(page);
            for field in &fields {
                let alone = (0..cleaned.len()).find(|&i| set.any_match(field, cleaned.line(i)));
                assert_eq!(
                    set.first_line(field, &cleaned),
                    alone,
                    "{field} on {page:?}"
                );
            }
        }
        // The rewriting itself: line edges, no `\n` in a class.
        let twin =
            |p: &str| Regex::new(&line_twin(&regex_syntax::parse(p).unwrap()).to_string()).unwrap();
        assert!(twin(r"^b$").is_match("a\nb\nc"));
        assert!(!twin(r"a\sb").is_match("a\nb"));
        assert!(!twin(r"a[^x]b").is_match("a\nb"));
        assert!(!twin(r"(?s)a.b").is_match("a\nb"));
        assert!(twin(r"a(?-u:\b)").is_match("a\nb"));
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

    /// The embedded rules and one more source.
    fn with(name: &str, text: &str) -> Result<RuleSet> {
        let mut sources: Vec<(String, String)> = EMBEDDED
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        sources.push((name.to_string(), text.to_string()));
        RuleSet::from_sources(&sources)
    }

    #[test]
    fn extra_rule_overrides_by_id() {
        let before = RuleSet::embedded().all().len();
        let set = with(
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
        // Not only the embedded rules: all compiled at load.
        assert!(set.all().iter().all(|r| r.compiled.shared.get().is_some()));
        assert_eq!(set.all().len(), before);
        let (rule, v) = set.first_value("summary", "Overview: hi there").unwrap();
        assert_eq!(&*rule.source, "test");
        assert_eq!(v, "hi there");
    }

    #[test]
    fn check_reports_broken_example() {
        let set = RuleSet::from_sources(&[(
            "broken".into(),
            r#"
[[rule]]
id = "x.y"
field = "summary"
pattern = 'abc'
description = "broken on purpose"
examples = ["xyz"]
negative_examples = ["abcd"]
"#
            .into(),
        )])
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
        let err = RuleSet::from_sources(&[(
            "dup".into(),
            r#"
[[rule]]
id = "a"
field = "summary"
pattern = 'a'
description = "d"
[[rule]]
id = "a"
field = "summary"
pattern = 'b'
description = "d"
"#
            .into(),
        )])
        .unwrap_err();
        assert!(format!("{err:#}").contains("appears twice"));
    }

    #[test]
    fn unknown_fields_and_yields_are_refused() {
        let rule = |field: &str, yields: &str| {
            format!(
                "[[rule]]\nid = \"t.x\"\nfield = \"{field}\"\npattern = 'x'\ndescription = \"d\"\n{yields}\nexamples = [\"x\"]\n"
            )
        };
        let err = with("typo", &rule("outcome.signals", "yields = \"upheld\"")).unwrap_err();
        assert!(format!("{err:#}").contains("unknown field"), "{err:#}");
        let err = with("typo", &rule("outcome.signal", "yields = \"uphold\"")).unwrap_err();
        let msg = format!("{err:#}");
        assert!(msg.contains("unknown yields \"uphold\""), "{msg}");
        assert!(msg.contains("typo"), "{msg}");
        let err = with("missing", &rule("remedy.kind", "")).unwrap_err();
        assert!(format!("{err:#}").contains("needs `yields`"), "{err:#}");
        assert!(with("ok", &rule("remedy.kind", "yields = \"apology\"")).is_ok());
    }

    #[test]
    fn lexicons_expand_and_can_be_replaced() {
        let text = r#"
[[rule]]
id = "lexicon.pet"
field = "lexicon"
pattern = 'cat|dog'
description = "pets"
examples = ["cat"]

[[rule]]
id = "t.pet"
field = "summary"
pattern = '^my {{pet}}$'
description = "uses the lexicon"
examples = ["my dog"]
"#;
        let set = RuleSet::from_sources(&[("a".into(), text.into())]).unwrap();
        let r = set.field("summary").next().unwrap();
        assert_eq!(&*r.expanded, "^my (?:cat|dog)$");
        assert!(r.regex().is_match("my cat"));
        let more = r#"
[[rule]]
id = "lexicon.pet"
field = "lexicon"
pattern = 'fish'
description = "other pets"
examples = ["fish"]
"#;
        let set =
            RuleSet::from_sources(&[("a".into(), text.into()), ("b".into(), more.into())]).unwrap();
        let r = set.field("summary").next().unwrap();
        assert!(r.regex().is_match("my fish"));
        assert!(!r.regex().is_match("my cat"));
        let bad = text.replace("{{pet}}", "{{pets}}");
        let err = RuleSet::from_sources(&[("a".into(), bad)]).unwrap_err();
        assert!(format!("{err:#}").contains("unknown lexicon"), "{err:#}");
    }
}
