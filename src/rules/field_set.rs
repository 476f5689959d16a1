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

/// The engines' caches of one thread; the PikeVM's only once the DFA gave up.
#[derive(Clone)]
struct Caches {
    dfa: dfa::Cache,
    pikevm: Option<pikevm::Cache>,
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
            caches: pool(&dfa),
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

    /// The indices of the patterns that match `hay`, in increasing order.
    pub fn matches(&self, hay: &str) -> impl Iterator<Item = usize> {
        let input = Input::new(hay);
        let mut found = PatternSet::new(self.len);
        let mut caches = self.caches.get();
        if self
            .dfa
            .try_which_overlapping_matches(&mut caches.dfa, &input, &mut found)
            .is_err()
        {
            // As `RegexSet` does: start again with the engine that cannot fail.
            found.clear();
            let pikevm = caches
                .pikevm
                .get_or_insert_with(|| self.pikevm.create_cache());
            self.pikevm
                .which_overlapping_matches(pikevm, &input, &mut found);
        }
        found
            .iter()
            .map(|p| p.as_usize())
            .collect::<Vec<_>>()
            .into_iter()
    }
}

/// A cache pool of its own: a clone shares the automata, not the caches.
impl Clone for FieldSet {
    fn clone(&self) -> Self {
        FieldSet {
            caches: pool(&self.dfa),
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

fn pool(dfa: &DFA) -> Pool<Caches, CreateCaches> {
    let dfa = dfa.clone();
    Pool::new(Box::new(move || Caches {
        dfa: dfa.create_cache(),
        pikevm: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(ours.matches(hay).collect::<Vec<_>>(), want, "{hay:?}");
            assert_eq!(ours.is_match(hay), theirs.is_match(hay), "{hay:?}");
            assert_eq!(ours.clone().matches(hay).collect::<Vec<_>>(), want);
        }
        assert_eq!(ours.matches("cafés").collect::<Vec<_>>(), [4]);
        assert_eq!(ours.matches("au café.").collect::<Vec<_>>(), [4, 5]);
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
