//! Which of a field's rules match a text: the answer of a `regex::RegexSet`
//! over the rules' patterns, with only the automata that answer needs.
//!
//! A `RegexSet` is a full regex: a forward and a reverse NFA, and per thread
//! a lazy DFA cache for each direction and caches for its other engines, each
//! sized to its NFA. Telling which patterns match needs the forward lazy DFA
//! alone (and the PikeVM over the same NFA when the DFA gives up), so this
//! builds that and nothing else: about half the automata and of the caches
//! of the sets, which were most of a worker's memory (issue 15).
use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::hybrid::dfa::{self, DFA};
use regex_automata::nfa::thompson::{self, pikevm, pikevm::PikeVM, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::{Input, MatchKind, PatternSet};

/// The engines' caches of one thread (the PikeVM's only once the DFA gave
/// up), and the pattern set each search fills.
struct Caches {
    dfa: dfa::Cache,
    pikevm: Option<pikevm::Cache>,
    found: PatternSet,
}

type CreateCaches = Box<dyn Fn() -> Caches + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The rules' patterns as one multi-pattern automaton.
pub struct FieldSet {
    dfa: DFA,
    pikevm: PikeVM,
    caches: Pool<Caches, CreateCaches>,
    len: usize,
}

/// The regex crate's own limits: a set that builds there builds here.
const NFA_SIZE_LIMIT: usize = 10 << 20;

impl FieldSet {
    /// The set of `patterns` (compiled as `regex::Regex` compiles them),
    /// with a lazy DFA cache of `dfa_limit` bytes per thread. `None` when a
    /// pattern does not compile or the set outgrows the limits.
    pub fn new<'p>(patterns: impl IntoIterator<Item = &'p str>, dfa_limit: usize) -> Option<Self> {
        let hirs = patterns
            .into_iter()
            .map(|p| regex_syntax::ParserBuilder::new().build().parse(p).ok())
            .collect::<Option<Vec<_>>>()?;
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(Some(NFA_SIZE_LIMIT)),
            )
            .build_many_from_hir(&hirs)
            .ok()?;
        // As `RegexSet` configures its forward lazy DFA.
        let dfa = dfa::Builder::new()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .prefilter(Prefilter::from_hirs_prefix(MatchKind::All, &hirs))
                    .starts_for_each_pattern(true)
                    .unicode_word_boundary(true)
                    .cache_capacity(dfa_limit)
                    .skip_cache_capacity_check(false)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .ok()?;
        let pikevm = PikeVM::builder()
            .configure(PikeVM::config().match_kind(MatchKind::All))
            .build_from_nfa(nfa)
            .ok()?;
        Some(FieldSet {
            caches: pool(&dfa, hirs.len()),
            dfa,
            pikevm,
            len: hirs.len(),
        })
    }

    /// Whether any pattern matches `hay`.
    pub fn is_match(&self, hay: &str) -> bool {
        let input = Input::new(hay).earliest(true);
        let mut caches = self.caches.get();
        match self.dfa.try_search_fwd(&mut caches.dfa, &input) {
            Ok(found) => found.is_some(),
            Err(_) => {
                let pikevm = caches
                    .pikevm
                    .get_or_insert_with(|| self.pikevm.create_cache());
                self.pikevm.is_match(pikevm, input)
            }
        }
    }

    /// Calls `each` with the index of every pattern that matches `hay`, in
    /// increasing order.
    pub fn for_each_match(&self, hay: &str, mut each: impl FnMut(usize)) {
        let input = Input::new(hay);
        let mut caches = self.caches.get();
        let Caches { dfa, pikevm, found } = &mut *caches;
        found.clear();
        if self
            .dfa
            .try_which_overlapping_matches(dfa, &input, found)
            .is_err()
        {
            // As `RegexSet` does: start again with the engine that cannot fail.
            found.clear();
            let pikevm = pikevm.get_or_insert_with(|| self.pikevm.create_cache());
            self.pikevm.which_overlapping_matches(pikevm, &input, found);
        }
        found.iter().for_each(|p| each(p.as_usize()));
    }

    /// The index of the first pattern that matches `hay`.
    pub fn first_match(&self, hay: &str) -> Option<usize> {
        let mut first = None;
        self.for_each_match(hay, |k| {
            first.get_or_insert(k);
        });
        first
    }
}

/// A cache pool of its own: a clone shares the automata, not the caches.
impl Clone for FieldSet {
    fn clone(&self) -> Self {
        FieldSet {
            caches: pool(&self.dfa, self.len),
            dfa: self.dfa.clone(),
            pikevm: self.pikevm.clone(),
            len: self.len,
        }
    }
}

impl std::fmt::Debug for FieldSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldSet")
            .field("patterns", &self.len)
            .finish()
    }
}

fn pool(dfa: &DFA, patterns: usize) -> Pool<Caches, CreateCaches> {
    let dfa = dfa.clone();
    Pool::new(Box::new(move || Caches {
        dfa: dfa.create_cache(),
        pikevm: None,
        found: PatternSet::new(patterns),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(set: &FieldSet, hay: &str) -> Vec<usize> {
        let mut found = Vec::new();
        set.for_each_match(hay, |k| found.push(k));
        found
    }

    /// Every answer is `RegexSet`'s, including where the lazy DFA gives up.
    #[test]
    fn answers_as_a_regex_set_does() {
        let patterns = [
            r"(?i)(?-u:\b)fault(?-u:\b)",
            r"£\d+",
            r"(?-u:\b)not\s+(?:up)?held",
            r"^Summary:",
            r"x*",
            r"\bcafé\b",
            r"(?i)the council (?:has )?agreed",
        ];
        let hays = [
            "",
            "The Council was at fault.",
            "Summary: no FAULT; £250 paid.",
            "Not upheld, not held",
            "The council agreed to pay £300 to Mrs Zoë at the café.",
            "ﬁnd ſtraße: Fault",
            "cafés",
        ];
        let ours = FieldSet::new(patterns, 32 << 20).unwrap();
        let theirs = regex::RegexSet::new(patterns).unwrap();
        for hay in hays {
            let want: Vec<usize> = theirs.matches(hay).iter().collect();
            assert_eq!(matches(&ours, hay), want, "{hay:?}");
            assert_eq!(ours.is_match(hay), theirs.is_match(hay), "{hay:?}");
            assert_eq!(ours.first_match(hay), want.first().copied(), "{hay:?}");
            assert_eq!(matches(&ours.clone(), hay), want);
        }
        assert_eq!(matches(&ours, "cafés"), [4]);
        assert_eq!(matches(&ours, "au café."), [4, 5]);
        // The Unicode word boundary before a non-ASCII letter made the lazy
        // DFA give up there: those answers came from the PikeVM.
        let mut cache = ours.dfa.create_cache();
        let mut found = PatternSet::new(ours.len);
        let gave_up =
            ours.dfa
                .try_which_overlapping_matches(&mut cache, &Input::new("cafés"), &mut found);
        assert!(gave_up.is_err());
        assert!(FieldSet::new(["(unclosed"], 1 << 20).is_none());
    }
}
