//! Removing page furniture (cookie banners, "Back to top", "Print this page",
//! logos) with one `aho-corasick` automaton built from `rules/boilerplate.toml`.
//!
//! Cleaning is line-based: the cleaned text is the list of non-blank, trimmed
//! lines that are not furniture, stored in one buffer. Line numbers in the
//! output's `evidence` are 1-based positions in this list, so a `.txt` page and
//! the `.html` version of it give the same numbers.

use std::ops::Range;
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use anyhow::{Context, Result};
use serde::Deserialize;

pub const EMBEDDED_BOILERPLATE: &str = include_str!("../rules/boilerplate.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BoilerplateFile {
    #[serde(default)]
    exact: Vec<String>,
    #[serde(default)]
    prefix: Vec<String>,
}

/// The compiled boilerplate matcher, built once per run.
#[derive(Debug, Clone)]
pub struct Cleaner {
    ac: AhoCorasick,
    /// For each pattern: true when a prefix match is enough.
    is_prefix: Vec<bool>,
}

impl Cleaner {
    pub fn embedded() -> Cleaner {
        Cleaner::from_toml(EMBEDDED_BOILERPLATE).expect("embedded boilerplate compiles")
    }

    /// The embedded list plus any `[boilerplate]`-style files given.
    pub fn load(extra: &[impl AsRef<Path>]) -> Result<Cleaner> {
        let mut texts = vec![EMBEDDED_BOILERPLATE.to_string()];
        for p in extra {
            let p = p.as_ref();
            texts.push(
                std::fs::read_to_string(p)
                    .with_context(|| format!("cannot read boilerplate file {}", p.display()))?,
            );
        }
        Cleaner::from_tomls(&texts)
    }

    pub fn from_toml(text: &str) -> Result<Cleaner> {
        Cleaner::from_tomls(&[text.to_string()])
    }

    fn from_tomls(texts: &[String]) -> Result<Cleaner> {
        let mut patterns = Vec::new();
        let mut is_prefix = Vec::new();
        for text in texts {
            let file: BoilerplateFile =
                toml::from_str(text).context("cannot parse boilerplate rules")?;
            for p in file.exact {
                patterns.push(p);
                is_prefix.push(false);
            }
            for p in file.prefix {
                patterns.push(p);
                is_prefix.push(true);
            }
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&patterns)
            .context("cannot build boilerplate matcher")?;
        Ok(Cleaner { ac, is_prefix })
    }

    /// True when the (trimmed) line is furniture.
    pub fn is_boilerplate(&self, line: &str) -> bool {
        let input = Input::new(line).anchored(Anchored::Yes);
        // Leftmost-longest gives the longest pattern at the start; an exact
        // pattern must also end the line.
        match self.ac.find(input) {
            Some(m) => self.is_prefix[m.pattern().as_usize()] || m.end() == line.len(),
            None => false,
        }
    }

    /// Cleans `text` into `out`, reusing its buffers.
    pub fn clean_into(&self, text: &str, out: &mut Cleaned) {
        out.text.clear();
        out.lines.clear();
        out.removed = 0;
        for (k, raw) in text.lines().enumerate() {
            // A 17 MB page must not delay Ctrl-C: the caller's check then
            // fails the file.
            if k % crate::budget::LOOK_EVERY == 0 && crate::budget::spent() {
                return;
            }
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            if self.is_boilerplate(line) {
                out.removed += 1;
                continue;
            }
            let start = out.text.len();
            out.text.push_str(line);
            out.lines.push(start..out.text.len());
            out.text.push('\n');
        }
    }

    pub fn clean(&self, text: &str) -> Cleaned {
        let mut c = Cleaned::default();
        self.clean_into(text, &mut c);
        c
    }
}

/// Cleaned text: kept lines, in one buffer.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    pub text: String,
    lines: Vec<Range<usize>>,
    /// How many furniture lines were removed.
    pub removed: usize,
}

impl Cleaned {
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Line `i` (0-based).
    pub fn line(&self, i: usize) -> &str {
        &self.text[self.lines[i].clone()]
    }

    pub fn lines(&self) -> impl Iterator<Item = &str> + '_ {
        self.lines.iter().map(|r| &self.text[r.clone()])
    }

    /// The byte range of line `i` in `text`.
    pub fn line_range(&self, i: usize) -> Range<usize> {
        self.lines[i].clone()
    }

    /// The 0-based line that contains byte offset `pos` of `text`.
    pub fn line_at(&self, pos: usize) -> usize {
        self.lines
            .partition_point(|r| r.end < pos)
            .min(self.lines.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_banner_anywhere_and_keeps_content() {
        let c = Cleaner::embedded();
        let page = "Privacy settings\n\nLGO logogram\nThese cookies enable the website to function properly. You can...\n\
                    Essex County Council (24 019 538)\n  Back to top  \nThe complaint\n\
                    We recommend you set these 'ON'.\nPrint this page\n";
        let out = c.clean(page);
        let lines: Vec<_> = out.lines().collect();
        assert_eq!(
            lines,
            ["Essex County Council (24 019 538)", "The complaint"]
        );
        assert_eq!(out.removed, 6);
    }

    #[test]
    fn exact_patterns_need_the_whole_line() {
        let c = Cleaner::embedded();
        assert!(c.is_boilerplate("back to top"));
        assert!(!c.is_boilerplate("Back to top of the list of complaints"));
        assert!(!c.is_boilerplate("Online services were slow"));
        assert!(c.is_boilerplate("On"));
    }

    #[test]
    fn line_at_maps_offsets_to_lines() {
        let c = Cleaner::embedded().clean("a\n\nbb\nccc\n");
        assert_eq!(c.line_at(0), 0);
        assert_eq!(c.line_at(2), 1);
        assert_eq!(c.line_at(c.text.len() - 1), 2);
    }
}
