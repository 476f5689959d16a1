//! Rejoining hard-wrapped text into one line per paragraph, list item,
//! heading and header line, before furniture removal and extraction.
//!
//! Text-mode browsers (lynx, w3m) save pages wrapped at a fixed width, 72 to
//! 80 columns, with hanging indents under list items; text copied out of a PDF
//! (pdftotext) is wrapped at the page's width, ragged because the font is
//! proportional, often with no blank line between paragraphs. Rejoined, such a
//! page cleans into the same lines as the unwrapped page, so it gives the same
//! record and the same evidence line numbers.
//!
//! Detection is per file and conservative: one pass over the line lengths
//! decides, and a page that is not wrapped is returned untouched (borrowed).
//! A page is taken as wrapped when its longest lines (but a few) stop at a width
//! a wrapper uses and many lines that run on into the next reach that width.
//!
//! Two lines are joined when the first is full: the next line's first word
//! would not have fitted on it (a greedy wrapper's only reason to break). The
//! fit threshold is learnt from the page: the browser's exact column, or a
//! little less for a proportional font. Structural signals keep lines apart:
//! a blank line, a list marker (`•`, `-`, `1.`, `(a)`), a continuation that
//! is not at the item's hanging indent, a short line after a sentence
//! (a heading), and the lines the extraction rules name: titles, header
//! labels (`Category :`, `Decision date :`, the 2016-17 layout with values on
//! lines of their own), summary lines and section headings. A number alone
//! on its line (`1.`, as pdftotext gives numbered paragraphs) joins its text.

use std::borrow::Cow;
use std::collections::HashMap;

use regex::Regex;

use crate::rules::RuleSet;

/// Rule fields whose lines always start a line of their own.
const START_FIELDS: &[&str] = &[
    "header.category",
    "header.decision",
    "header.decision_date",
    "summary",
    "summary.heading",
];
/// Rule fields whose lines never run on into the next line.
const END_FIELDS: &[&str] = &["title", "summary.heading"];
/// Rule fields whose lines, when whole by themselves, open a section.
const SECTION_FIELDS: &[&str] = &["section.heading", "section.line"];
/// Header fields: a header label with nothing after it (2016-17 layout) is
/// followed by its value on lines of its own.
const HEADER_FIELDS: &[&str] = &["header.category", "header.decision", "header.decision_date"];

/// Widths a wrapper uses: 72-80 for text browsers, up to ~120 for a PDF page.
const MIN_WIDTH: usize = 40;
const MAX_WIDTH: usize = 130;
/// Lines longer than any wrap width are counted together, as this long.
const LONG: usize = MAX_WIDTH + 1;

/// The compiled line patterns reflow takes from the rules.
#[derive(Debug, Clone)]
pub struct Reflow {
    starts: Vec<Regex>,
    ends: Vec<Regex>,
    sections: Vec<Regex>,
    headers: Vec<Regex>,
}

/// What [`Reflow::apply`] made of a page.
#[derive(Debug)]
pub struct Reflowed<'t> {
    /// The text, borrowed when nothing was rejoined.
    pub text: Cow<'t, str>,
    /// When the page was rejoined: the wrap width found, the lines read and
    /// the lines they became.
    pub wrapped: Option<Wrapped>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wrapped {
    pub width: usize,
    pub lines_in: usize,
    pub lines_out: usize,
}

impl Wrapped {
    /// The note that goes into the record's warnings.
    pub fn warning(&self) -> String {
        format!(
            "hard-wrapped text (about {} columns): {} lines rejoined into {}",
            self.width, self.lines_in, self.lines_out
        )
    }
}

impl Reflow {
    pub fn new(rules: &RuleSet) -> Reflow {
        let regexes = |fields: &[&str]| -> Vec<Regex> {
            fields
                .iter()
                .flat_map(|f| rules.field(f))
                .map(|r| r.regex().clone())
                .collect()
        };
        Reflow {
            starts: regexes(START_FIELDS),
            ends: regexes(END_FIELDS),
            sections: regexes(SECTION_FIELDS),
            headers: regexes(HEADER_FIELDS),
        }
    }

    pub fn embedded() -> Reflow {
        Reflow::new(&RuleSet::embedded())
    }

    /// Rejoins `text` when it is hard-wrapped; borrows it otherwise.
    pub fn apply<'t>(&self, text: &'t str) -> Reflowed<'t> {
        let unchanged = Reflowed {
            text: Cow::Borrowed(text),
            wrapped: None,
        };
        let Some(width) = wrap_width(text) else {
            return match self.join_hanging(text) {
                Some(joined) => Reflowed {
                    text: Cow::Owned(joined),
                    wrapped: None,
                },
                None => unchanged,
            };
        };
        let lines: Vec<Line> = text.lines().map(Line::new).collect();
        let layout = Layout::learn(&lines, width, text);
        let (out, lines_out) = self.join(&lines, &layout, text);
        let lines_in = lines.iter().filter(|l| !l.blank).count();
        if lines_out == lines_in {
            return unchanged;
        }
        Reflowed {
            text: Cow::Owned(out),
            wrapped: Some(Wrapped {
                width,
                lines_in,
                lines_out,
            }),
        }
    }

    /// On a page that is not hard-wrapped, a list item's wrapped line at its
    /// hanging indent (`  - visit the site and decide whether the smoke is a
    /// statutory` / `    nuisance;`) joins its item, so that the item is one
    /// sentence: the line must start in lower case, have no marker of its
    /// own, stand exactly at the item's text, and follow a line that ends no
    /// clause. `None` when no line joins (the page is returned untouched).
    fn join_hanging(&self, text: &str) -> Option<String> {
        let mut out: Option<String> = None;
        // The open item's hanging indent, and whether its last line runs on.
        let mut item: Option<usize> = None;
        let mut runs_on = false;
        let mut pos = 0;
        for piece in text.split_inclusive('\n') {
            let start = pos;
            pos += piece.len();
            let l = Line::new(piece.trim_end_matches(['\n', '\r']));
            let joins = runs_on
                && item == Some(l.indent)
                && l.indent > 0
                && !l.blank
                && l.marker_width == 0
                && !l.lone_marker
                && l.body.starts_with(char::is_lowercase)
                && !self.is_start(l.body);
            if joins {
                let o = out.get_or_insert_with(|| text[..start].to_string());
                let kept = o.trim_end().len();
                o.truncate(kept);
                o.push(' ');
                o.push_str(l.body);
                o.push('\n');
                runs_on = !ends_clause(l.body);
                continue;
            }
            if let Some(o) = out.as_mut() {
                o.push_str(piece);
            }
            if l.marker_width > 0 && !l.blank {
                item = Some(l.indent + l.marker_width);
                runs_on = !ends_clause(l.body) && !self.is_end(l.body);
            } else {
                item = None;
                runs_on = false;
            }
        }
        out
    }

    fn is_start(&self, body: &str) -> bool {
        self.starts.iter().any(|r| r.is_match(body))
    }

    fn is_end(&self, body: &str) -> bool {
        self.ends.iter().any(|r| r.is_match(body))
            || self.headers.iter().any(|r| {
                // A label whose value is on the next lines (2016-17 layout).
                r.captures(body)
                    .and_then(|c| c.name("value"))
                    .is_some_and(|v| v.as_str().trim().is_empty())
            })
    }

    fn is_section(&self, body: &str) -> bool {
        body.chars().next().is_some_and(char::is_uppercase)
            && self.sections.iter().any(|r| r.is_match(body))
    }

    /// Builds the rejoined text; returns it with its count of non-blank lines.
    fn join(&self, lines: &[Line], layout: &Layout, text: &str) -> (String, usize) {
        let mut out = String::with_capacity(text.len());
        let mut count = 0;
        // The block being built: its first line and its continuation indent.
        let mut block: Option<(usize, usize)> = None;
        let mut prev: Option<usize> = None;
        let mut i = 0;
        while i < lines.len() {
            let b = &lines[i];
            if b.blank {
                // A number alone on its line keeps its text across one blank.
                let lone = prev.is_some_and(|p| lines[p].lone_marker);
                if !(lone && lines.get(i + 1).is_some_and(|n| !n.blank)) {
                    if block.take().is_some() {
                        out.push('\n');
                    }
                    out.push('\n');
                    prev = None;
                }
                i += 1;
                continue;
            }
            let join = match (block, prev) {
                (Some((first, cont)), Some(p)) => self.joins(lines, layout, first, cont, p, i),
                _ => false,
            };
            if join {
                push_continuation(&mut out, b.body, layout);
            } else {
                if block.is_some() {
                    out.push('\n');
                }
                out.push_str(b.raw.trim_end());
                count += 1;
                block = Some((i, b.indent + b.marker_width));
            }
            prev = Some(i);
            i += 1;
        }
        if block.is_some() {
            out.push('\n');
        }
        (out, count)
    }

    /// Whether line `bi` continues the block that started at `first` (with
    /// continuation indent `cont`), whose last line so far is `ai`.
    fn joins(
        &self,
        lines: &[Line],
        layout: &Layout,
        first: usize,
        cont: usize,
        ai: usize,
        bi: usize,
    ) -> bool {
        let (a, b) = (&lines[ai], &lines[bi]);
        if a.lone_marker {
            return true;
        }
        // Not full: the next word would have fitted, so the break is the
        // author's. Cheapest test first: it settles most pairs.
        if a.len + 1 + b.first_word < layout.threshold {
            return false;
        }
        if layout.hanging && b.indent != cont {
            return false;
        }
        if b.marker_width > 0 {
            // A dash after a line that runs on mid-phrase is prose, not an item.
            let dash = matches!(b.body.chars().next(), Some('-' | '–' | '—'));
            if !(dash && !ends_clause(a.body) && lines[first].marker_width == 0) {
                return false;
            }
        }
        if self.is_end(a.body) || self.is_start(b.body) {
            return false;
        }
        let b_full = lines
            .get(bi + 1)
            .is_some_and(|c| !c.blank && b.len + 1 + c.first_word >= layout.threshold);
        // A list item without a marker (2016-17 pages) starts in lower case
        // and ends with a semicolon; the next item runs on or ends likewise
        // (a short `and` is the end of this one).
        if a.body.ends_with(';')
            && lines[first].body.starts_with(char::is_lowercase)
            && (b_full || ends_clause(b.body))
        {
            return false;
        }
        // A line that is whole by itself (the next word would fit after it)
        // and opens a section: a heading, `The Ombudsman upheld ...`, `To
        // remedy the injustice, the council has agreed to:`; or, after a
        // sentence, a capitalised line that does not end one: a heading too.
        if !b_full {
            if self.is_section(b.body) {
                return false;
            }
            let capital = b
                .body
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
            let open = b.body.trim_end_matches(CLOSERS);
            if ends_clause(a.body) && capital && !open.ends_with(['.', ',', ';', '?', '!']) {
                return false;
            }
        }
        true
    }
}

/// Appends a continuation line: after a space, or straight after a line-end
/// hyphen that splits a word.
fn push_continuation(out: &mut String, body: &str, layout: &Layout) {
    // `review/` + `appeals`: text browsers also break after a slash.
    if out.ends_with('/') && body.starts_with(char::is_alphabetic) {
        let before = out[..out.len() - 1].chars().next_back();
        if before.is_some_and(char::is_alphabetic) {
            out.push_str(body);
            return;
        }
    }
    if let Some(split) = HyphenSplit::at(out, body) {
        // `investi-` + `gation` is one word when the page writes it whole
        // elsewhere, `ill-` + `health` keeps its hyphen when the page writes
        // it so; otherwise the page's other splits decide, and on a page
        // with none, a tail that is a word of its own (`health`) makes a
        // compound.
        let words = &layout.words;
        let soft = words
            .soft(&split)
            .or(layout.soft_hyphens)
            .unwrap_or_else(|| !words.stands_alone(split.tail));
        if soft {
            out.pop();
        }
        out.push_str(body);
        return;
    }
    out.push(' ');
    out.push_str(body);
}

/// A word split by a hyphen at a line end: `head-` / `tail`.
struct HyphenSplit<'a> {
    head: &'a str,
    tail: &'a str,
}

impl<'a> HyphenSplit<'a> {
    /// The split between a line (`before`, ending with the hyphen) and the
    /// next, when a letter comes before the hyphen and a lower-case letter
    /// after it.
    fn at(before: &'a str, after: &'a str) -> Option<HyphenSplit<'a>> {
        let stem = before.strip_suffix('-')?;
        let head = stem.rsplit(|c: char| !c.is_alphabetic()).next()?;
        let tail = after.split(|c: char| !c.is_alphabetic()).next()?;
        let lower = tail.chars().next().is_some_and(char::is_lowercase);
        (!head.is_empty() && lower).then_some(HyphenSplit { head, tail })
    }
}

/// The words a page writes (runs of letters and hyphens), counted, to tell a
/// soft line-end hyphen from a hard one. Built once, and only for a page with
/// such hyphens, so that a page of a million of them stays linear.
#[derive(Debug, Default)]
struct Words<'t> {
    count: HashMap<&'t str, u32>,
    /// How often each word is the tail of a line-end split: those
    /// occurrences are not the word standing alone.
    split_tails: HashMap<&'t str, u32>,
}

impl<'t> Words<'t> {
    fn new(text: &'t str, splits: &[HyphenSplit<'t>]) -> Words<'t> {
        let mut count = HashMap::new();
        let is_word = |c: char| c.is_alphabetic() || c == '-';
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (is_word(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    *count.entry(&text[s..i]).or_insert(0) += 1;
                    start = None;
                }
                _ => {}
            }
        }
        let mut split_tails = HashMap::new();
        for split in splits {
            *split_tails.entry(split.tail).or_insert(0) += 1;
        }
        Words { count, split_tails }
    }

    fn has(&self, word: &str) -> bool {
        self.count.contains_key(word)
    }

    /// Whether the page says the hyphen is a soft one: `Some(true)` when it
    /// writes the whole word and never the hyphenated one, `Some(false)` for
    /// the reverse, `None` when it writes neither or both.
    fn soft(&self, split: &HyphenSplit) -> Option<bool> {
        let whole = self.has(&format!("{}{}", split.head, split.tail));
        let hyphenated = self.has(&format!("{}-{}", split.head, split.tail));
        (whole != hyphenated).then_some(whole)
    }

    /// Whether the page writes `tail` as a word of its own, not only after a
    /// line-end hyphen.
    fn stands_alone(&self, tail: &str) -> bool {
        self.count.get(tail).copied().unwrap_or(0)
            > self.split_tails.get(tail).copied().unwrap_or(0)
    }
}

/// Closing quotes and brackets, which may follow a sentence's full stop.
const CLOSERS: &[char] = &['’', '”', '"', '\'', ')', ']'];

/// True when a line ends a sentence or clause (`.`, `:`, `;`, `?`, `!`),
/// closing quotes and brackets aside.
fn ends_clause(s: &str) -> bool {
    let s = s.trim_end_matches(CLOSERS);
    s.ends_with(['.', ':', ';', '?', '!'])
}

/// One input line, measured.
#[derive(Debug)]
struct Line<'t> {
    raw: &'t str,
    /// The text without its indent and trailing white space.
    body: &'t str,
    blank: bool,
    /// Leading white space, in characters.
    indent: usize,
    /// Characters up to the end of the text, indent included.
    len: usize,
    /// Characters of the list marker and the space after it (0: none).
    marker_width: usize,
    /// A paragraph number is the whole line (`1.`, its text on the next
    /// line, as pdftotext gives numbered paragraphs). A bullet or dash alone
    /// is kept alone: saved web pages have them so, unwrapped.
    lone_marker: bool,
    /// Characters of the first word (marker included): what did not fit.
    first_word: usize,
}

impl<'t> Line<'t> {
    fn new(raw: &'t str) -> Line<'t> {
        let trimmed = raw.trim_end();
        let body = trimmed.trim_start();
        let indent = trimmed.chars().count() - body.chars().count();
        let len = indent + body.chars().count();
        let (marker_width, lone_marker) = match marker(body) {
            Some(m) if m == body.len() => (0, !body.starts_with(BULLETS)),
            Some(m) => {
                let with_space = body[m..].len() - body[m..].trim_start().len();
                (body[..m].chars().count() + with_space, false)
            }
            None => (0, false),
        };
        let first_word = body
            .split(char::is_whitespace)
            .next()
            .map_or(0, |w| w.chars().count());
        Line {
            raw,
            body,
            blank: body.is_empty(),
            indent,
            len,
            marker_width,
            lone_marker,
            first_word,
        }
    }
}

/// Bullets and dashes that mark list items (lynx marks nested lists with
/// `+` and `o`).
const BULLETS: &[char] = &['•', '·', '▪', '◦', '●', '‣', '*', '+', 'o', '-', '–', '—'];

/// The byte length of a list marker at the start of `body`, when the marker
/// is followed by white space or ends the line: a bullet or dash, `12.`,
/// `12)`, `(12)`, `a)`, `(a)`, `iv.`, `(iv)`.
fn marker(body: &str) -> Option<usize> {
    let ends_here = |n: usize| {
        body[n..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
            .then_some(n)
    };
    let first = body.chars().next()?;
    if BULLETS.contains(&first) {
        return ends_here(first.len_utf8());
    }
    let bytes = body.as_bytes();
    let open = usize::from(bytes[0] == b'(');
    let rest = &bytes[open..];
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let label = if (1..=3).contains(&digits) {
        digits
    } else if digits == 0 {
        let letters = rest.iter().take_while(|b| b.is_ascii_lowercase()).count();
        let roman = rest[..letters].iter().all(|b| b"ivx".contains(b));
        if letters == 1 || (roman && (1..=4).contains(&letters)) {
            letters
        } else {
            return None;
        }
    } else {
        return None;
    };
    let close = *rest.get(label)?;
    let ok = if open == 1 {
        close == b')'
    } else {
        close == b')' || close == b'.'
    };
    if !ok {
        return None;
    }
    ends_here(open + label + 1)
}

/// The page's wrap width when it looks hard-wrapped; `None` otherwise.
///
/// One pass over the lines, no allocation: a histogram of line lengths, and
/// two of the lengths of lines that run on into a line that is not a list
/// item: any such line, and one that starts with a lower-case letter, the
/// mark of a sentence broken by a wrapper (unwrapped pages have almost none).
fn wrap_width(text: &str) -> Option<usize> {
    let mut all = [0u32; LONG + 1];
    let mut running = [0u32; LONG + 1];
    let mut lower = [0u32; LONG + 1];
    let mut nonblank = 0u32;
    // The previous line's length, when it could be a wrapped line, and
    // whether it ended a clause.
    let mut prev: Option<(usize, bool)> = None;
    for raw in text.lines() {
        let line = raw.trim_end();
        let body = line.trim_start();
        if body.is_empty() {
            prev = None;
            continue;
        }
        nonblank += 1;
        if let Some((p, clause)) = prev.take() {
            if marker(body).is_none() {
                running[p] += 1;
                // Not after `agreed to:` or an item's `;`: lists without
                // markers (2016-17 pages) have lower-case lines there.
                if !clause && body.starts_with(|c: char| c.is_lowercase()) {
                    lower[p] += 1;
                }
            }
        }
        // Characters are counted only where they may be few enough: more
        // than 4 × LONG bytes of UTF-8 are more than LONG characters.
        let len = if line.len() > 4 * LONG {
            LONG
        } else {
            line.chars().count().min(LONG)
        };
        // A line with no space in it (a web address) cannot be wrapped.
        if body.contains(' ') {
            all[len] += 1;
            if len < LONG {
                prev = Some((len, ends_clause(body)));
            }
        }
    }
    // The width: the longest line once the longest 2% are set aside; or
    // one more, when that one is too long for a wrapper (pdftotext writes a
    // word it dehyphenates on one line, joining two).
    let longest = |spare: u32| {
        let mut above = 0;
        let mut width = LONG;
        while width > 0 && above + all[width] <= spare {
            above += all[width];
            width -= 1;
        }
        width
    };
    let wrapper = MIN_WIDTH..=MAX_WIDTH;
    let width = Some(longest(nonblank / 50))
        .filter(|w| wrapper.contains(w))
        .or_else(|| Some(longest(nonblank / 50 + 1)).filter(|w| wrapper.contains(w)))?;
    // Lines that run on and reach the last quarter of the width.
    let band = width - width / 4..=width;
    let full: u32 = running[band.clone()].iter().sum();
    let broken: u32 = lower[band].iter().sum();
    // A page of a few lines (a summary saved alone) has room for little
    // evidence: there two full lines that run on and one broken sentence
    // are enough.
    let enough = if nonblank <= SHORT_PAGE {
        full >= 2 && broken >= 1
    } else {
        full >= 3 && broken >= 2
    };
    (enough && full * 8 >= nonblank).then_some(width)
}

/// Pages of at most this many non-blank lines need less evidence of a wrap.
const SHORT_PAGE: u32 = 12;

/// What a wrapped page's lines say about how it was wrapped.
#[derive(Debug)]
struct Layout<'t> {
    /// A break is the wrapper's when the line plus the next word reaches this.
    threshold: usize,
    /// Continuation lines sit at the item's hanging indent (browsers).
    hanging: bool,
    /// Whether the line-end hyphens the page does not settle are soft (the
    /// typesetter's, dropped on joining), as most of its settled ones are;
    /// `None` when it settles none or as many each way.
    soft_hyphens: Option<bool>,
    /// The page's words, when it has line-end hyphens to settle.
    words: Words<'t>,
}

impl<'t> Layout<'t> {
    fn learn(lines: &[Line<'t>], width: usize, text: &'t str) -> Layout<'t> {
        // Breaks before a lower-case word after a long line are the
        // wrapper's: where they reach tells an exact column (a browser) from
        // a proportional font (a PDF), which breaks a little short.
        let mut reaches = Vec::new();
        let (mut hang, mut flush) = (0, 0);
        let mut splits = Vec::new();
        for pair in lines.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.blank || b.blank {
                continue;
            }
            splits.extend(HyphenSplit::at(a.body, b.body));
            let lower = b.body.chars().next().is_some_and(char::is_lowercase);
            if lower && b.marker_width == 0 && a.len * 4 >= width * 3 && !ends_clause(a.body) {
                reaches.push(a.len + 1 + b.first_word);
            }
            if a.marker_width > 0 && b.marker_width == 0 && !b.lone_marker {
                if b.indent == a.indent + a.marker_width {
                    hang += 1;
                } else if b.indent == a.indent {
                    flush += 1;
                }
            }
        }
        reaches.sort_unstable();
        // A browser breaks only past its column; a proportional font also
        // just short of the widest line. (Some breaks before a lower-case
        // word are the author's, in lists without markers: those spread
        // over the whole range, and few fall just short.)
        let floor = width - width / 8;
        let past = reaches.iter().filter(|&&r| r > width).count();
        let short = reaches
            .iter()
            .filter(|&&r| r <= width && r + width / 12 > width)
            .count();
        let threshold = if reaches.len() >= 3 && short > 0 && short * 5 >= past {
            // The few breaks seen are not all there are (a line breaks
            // shorter before a wide word, `2012`): allow some slack below.
            let wrapped: Vec<usize> = reaches.into_iter().filter(|&r| r >= floor).collect();
            wrapped[wrapped.len() / 20] - width / 20
        } else {
            width + 1
        }
        .max(floor);
        let words = if splits.is_empty() {
            Words::default()
        } else {
            Words::new(text, &splits)
        };
        let settled: Vec<bool> = splits.iter().filter_map(|h| words.soft(h)).collect();
        let soft = settled.iter().filter(|&&s| s).count();
        let hard = settled.len() - soft;
        Layout {
            threshold,
            hanging: hang > 0 && hang >= flush,
            soft_hyphens: (soft != hard).then_some(soft > hard),
            words,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::clean::Cleaner;

    /// The embedded rules, compiled once for all the tests.
    fn rules() -> &'static RuleSet {
        static RULES: OnceLock<RuleSet> = OnceLock::new();
        RULES.get_or_init(RuleSet::embedded)
    }

    fn reflow() -> &'static Reflow {
        static REFLOW: OnceLock<Reflow> = OnceLock::new();
        REFLOW.get_or_init(|| Reflow::new(rules()))
    }

    /// The cleaned lines of a page, after reflow.
    fn cleaned(page: &str) -> Vec<String> {
        let reflowed = reflow().apply(page);
        let c = Cleaner::embedded().clean(&reflowed.text);
        c.lines().map(str::to_string).collect()
    }

    /// `wrapped` cleans into the lines of `unwrapped`, which reflow leaves alone.
    fn assert_rejoins(wrapped: &[&str], unwrapped: &[&str]) {
        let (wrapped, unwrapped) = (wrapped.join("\n"), unwrapped.join("\n"));
        let r = reflow().apply(&wrapped);
        assert!(r.wrapped.is_some(), "not seen as wrapped:\n{wrapped}");
        assert_unchanged(&unwrapped);
        assert_eq!(cleaned(&wrapped), cleaned(&unwrapped));
    }

    fn assert_unchanged(page: &str) {
        let r = reflow().apply(page);
        assert!(matches!(r.text, Cow::Borrowed(_)), "changed:\n{}", r.text);
        assert_eq!(r.wrapped, None);
    }

    /// A text browser's page: hanging indents under numbered paragraphs and
    /// bullets, a heading straight before a list, a wrapped cookie banner.
    const BROWSER: &[&str] = &[
        "These cookies enable the website to function",
        "properly. You can only disable these by changing",
        "your browser preferences, but this will affect how",
        "the website performs.",
        "",
        "Essex County Council (24 012 297)",
        "",
        "Category : Adult care services > Charging",
        "",
        "Decision : Upheld",
        "",
        "Decision date : 06 Apr 2025",
        "",
        "Summary: Mr X complained the Council charged him",
        "for care he did not receive. We found fault and",
        "the Council agreed to refund £350.",
        "",
        "The complaint",
        "  1. Mr X says the Council sent invoices for",
        "     visits that never happened and ignored his",
        "     letters.",
        "  2. He wants a refund.",
        "",
        "Agreed action",
        "  • apologise to Mr X within four weeks of the",
        "    final decision;",
        "  • refund the £350 he paid for visits that did",
        "    not happen, within four weeks of our decision",
        "(Local Government Act 1974, section 31(2))",
    ];

    const BROWSER_UNWRAPPED: &[&str] = &[
        "These cookies enable the website to function properly. You can only disable these by changing your browser preferences, but this will affect how the website performs.",
        "",
        "Essex County Council (24 012 297)",
        "",
        "Category : Adult care services > Charging",
        "",
        "Decision : Upheld",
        "",
        "Decision date : 06 Apr 2025",
        "",
        "Summary: Mr X complained the Council charged him for care he did not receive. We found fault and the Council agreed to refund £350.",
        "",
        "The complaint",
        "  1. Mr X says the Council sent invoices for visits that never happened and ignored his letters.",
        "  2. He wants a refund.",
        "",
        "Agreed action",
        "  • apologise to Mr X within four weeks of the final decision;",
        "  • refund the £350 he paid for visits that did not happen, within four weeks of our decision",
        "(Local Government Act 1974, section 31(2))",
    ];

    #[test]
    fn browser_page_rejoins_paragraphs_and_list_items() {
        assert_rejoins(BROWSER, BROWSER_UNWRAPPED);
        let lines = cleaned(&BROWSER.join("\n"));
        // The banner went whole: rejoined before furniture removal.
        assert_eq!(lines[0], "Essex County Council (24 012 297)");
        assert_eq!(
            lines[6],
            "1. Mr X says the Council sent invoices for visits that never happened and ignored his letters."
        );
        // Not at the item's hanging indent: a paragraph of its own.
        assert_eq!(lines[11], "(Local Government Act 1974, section 31(2))");
        assert_eq!(lines.len(), 12);
        let page = BROWSER.join("\n");
        assert_eq!(
            reflow().apply(&page).wrapped,
            Some(Wrapped {
                width: 50,
                lines_in: 22,
                lines_out: 13
            })
        );
    }

    #[test]
    fn evidence_lines_are_those_of_the_unwrapped_page() {
        let record = |page: &[&str]| {
            let text = reflow().apply(&page.join("\n")).text.into_owned();
            let c = Cleaner::embedded().clean(&text);
            crate::extract::extract(rules(), "x.txt".into(), "x", &c).unwrap()
        };
        let (wrapped, unwrapped) = (record(BROWSER), record(BROWSER_UNWRAPPED));
        assert_eq!(wrapped.summary, unwrapped.summary);
        assert_eq!(
            wrapped.summary.as_deref(),
            Some("Mr X complained the Council charged him for care he did not receive. We found fault and the Council agreed to refund £350.")
        );
        assert_eq!(wrapped.evidence, unwrapped.evidence);
        assert_eq!(wrapped.evidence["summary"].line, 5);
        assert_eq!(wrapped.payments, unwrapped.payments);
        assert!(!wrapped.payments.is_empty());
        assert!(wrapped.warnings.is_empty(), "{:?}", wrapped.warnings);
    }

    #[test]
    fn headings_after_a_full_line_and_short_last_lines_stay_apart() {
        // No blank lines at all; the summary's last line is full, so only
        // its shape tells that `The complaint` is a heading.
        assert_rejoins(
            &[
                "Kent County Council (23 001 002)",
                "Category : Education > School transport",
                "Decision : Not upheld",
                "Decision date : 12 Jan 2024",
                "Summary: Mrs B complained the Council refused her",
                "son free school transport. We found no fault in",
                "how the Council reached its decision on the route.",
                "The complaint",
                "- Mrs B says the Council ignored the danger of the",
                "  walking route to her son's school.",
                "- She wants transport provided.",
                "What I found",
                "- The Council assessed the route and found it was",
                "  safe for a child walking with an adult as the",
                "  law expects.",
                "Final decision",
                "- I have completed my investigation. There was no",
                "  fault in how the Council decided.",
            ],
            &[
                "Kent County Council (23 001 002)",
                "Category : Education > School transport",
                "Decision : Not upheld",
                "Decision date : 12 Jan 2024",
                "Summary: Mrs B complained the Council refused her son free school transport. We found no fault in how the Council reached its decision on the route.",
                "The complaint",
                "- Mrs B says the Council ignored the danger of the walking route to her son's school.",
                "- She wants transport provided.",
                "What I found",
                "- The Council assessed the route and found it was safe for a child walking with an adult as the law expects.",
                "Final decision",
                "- I have completed my investigation. There was no fault in how the Council decided.",
            ],
        );
    }

    #[test]
    fn rules_and_shape_end_full_lines() {
        assert_rejoins(
            &[
                // A title, then a header line: both from the rules.
                "Bournemouth, Christchurch and Poole (23 018 040)",
                "Decision : Upheld",
                // A section heading from the rules after a line that does
                // not end a sentence.
                "Summary: The Council delayed and agreed to pay Mr",
                "X £250 and to apologise for the way its officers",
                "treated him when he called to pay his council tax",
                "Final decision",
                // A heading no rule names, after a sentence.
                "The Council has agreed to pay Mr X £250 for the",
                "distress caused by its delay and to apologise. It",
                "will also train its staff in how to answer calls.",
                "How I considered this complaint",
                "I read the complaint and the Council's reply to",
                "our enquiries and its records of the calls.",
            ],
            &[
                "Bournemouth, Christchurch and Poole (23 018 040)",
                "Decision : Upheld",
                "Summary: The Council delayed and agreed to pay Mr X £250 and to apologise for the way its officers treated him when he called to pay his council tax",
                "Final decision",
                "The Council has agreed to pay Mr X £250 for the distress caused by its delay and to apologise. It will also train its staff in how to answer calls.",
                "How I considered this complaint",
                "I read the complaint and the Council's reply to our enquiries and its records of the calls.",
            ],
        );
    }

    #[test]
    fn a_wrapped_title_is_rejoined_and_header_lines_stay_apart() {
        let wrapped = [
            "The Royal Borough of Windsor and Maidenhead Council",
            "and others (24 012 297)",
            "Category : Planning > Enforcement",
            "Decision : Closed after initial enquiries",
            "Decision date : 02 May 2025",
            "Summary: We will not investigate Mr D's complaint",
            "about the Council's decision not to take action",
            "against his neighbour's extension. There is not",
            "enough evidence of fault to justify it.",
        ];
        assert_rejoins(
            &wrapped,
            &[
                "The Royal Borough of Windsor and Maidenhead Council and others (24 012 297)",
                "Category : Planning > Enforcement",
                "Decision : Closed after initial enquiries",
                "Decision date : 02 May 2025",
                "Summary: We will not investigate Mr D's complaint about the Council's decision not to take action against his neighbour's extension. There is not enough evidence of fault to justify it.",
            ],
        );
    }

    #[test]
    fn pdf_text_numbers_alone_ragged_lines_and_hyphens() {
        // As pdftotext gives a page: no indent, no blank lines, a ragged
        // right edge, paragraph numbers on lines of their own, a word split
        // at a line end (the page writes `assessment` whole elsewhere) and a
        // compound (`ill-health`, written so elsewhere).
        assert_rejoins(
            &[
                "Norfolk County Council (22 003 004)",
                "Category : Adult care services > Assessment and care plan",
                "Decision : Upheld",
                "Decision date : 03 Mar 2023",
                "Summary: Ms C complained the Council delayed assessing her mother's needs for",
                "eight months, despite her ill-health. The Council has agreed to apologise",
                "and pay Ms C £500 for the distress and uncertainty this caused.",
                "The complaint",
                "1.",
                "Ms C says the Council did not respond to her calls and that her mother went",
                "without the care she needed while the assessment was delayed. Her mother's ill-",
                "health got worse.",
                "2.",
                "",
                "Ms C wants an apology and for the Council to finish the overdue assess-",
                "ment without more delay.",
            ],
            &[
                "Norfolk County Council (22 003 004)",
                "Category : Adult care services > Assessment and care plan",
                "Decision : Upheld",
                "Decision date : 03 Mar 2023",
                "Summary: Ms C complained the Council delayed assessing her mother's needs for eight months, despite her ill-health. The Council has agreed to apologise and pay Ms C £500 for the distress and uncertainty this caused.",
                "The complaint",
                "1. Ms C says the Council did not respond to her calls and that her mother went without the care she needed while the assessment was delayed. Her mother's ill-health got worse.",
                "2. Ms C wants an apology and for the Council to finish the overdue assessment without more delay.",
            ],
        );
    }

    #[test]
    fn the_2016_17_layout_keeps_labels_and_values_apart() {
        let unwrapped = [
            "Category :",
            "Children's care services",
            ">",
            "Disabled children",
            "Decision :",
            "Upheld",
            "Decision date :",
            "31 Mar 2014",
            "Summary",
            "A woman complains that the council delayed in assessing her son's needs for more than a year.",
            "Finding",
            "The Ombudsman found fault causing injustice.",
            "To remedy the injustice caused we recommend the council:",
            "carry out a core assessment of the young man's needs within a month of the date of our report;",
            "make a symbolic payment of £500 for the distress caused by the long delay in sending Mr X his plan; and",
            "pay the mother £1,000 for the distress caused by its failure to help her.",
        ];
        // Unwrapped, as the 2016-17 pages are saved: left alone.
        assert_unchanged(&unwrapped.join("\n"));
        // Wrapped by a text browser: only the paragraphs are rejoined.
        assert_rejoins(
            &[
                "Category :",
                "Children's care services",
                ">",
                "Disabled children",
                "Decision :",
                "Upheld",
                "Decision date :",
                "31 Mar 2014",
                "Summary",
                "A woman complains that the council delayed in",
                "assessing her son's needs for more than a year.",
                "Finding",
                "The Ombudsman found fault causing injustice.",
                "To remedy the injustice caused we recommend the",
                "council:",
                "carry out a core assessment of the young man's",
                "needs within a month of the date of our report;",
                "make a symbolic payment of £500 for the distress",
                "caused by the long delay in sending Mr X his plan;",
                "and",
                "pay the mother £1,000 for the distress caused by",
                "its failure to help her.",
            ],
            &unwrapped,
        );
    }

    #[test]
    fn the_fit_threshold_is_a_browser_column_or_a_ragged_edge() {
        let layout = |page: &[&'static str]| {
            let lines: Vec<Line<'static>> = page.iter().map(|l| Line::new(l)).collect();
            let layout = Layout::learn(&lines, 50, "");
            (layout.threshold, layout.hanging)
        };
        // A browser: every break before a lower-case word is past column
        // 50, but for a list item without a marker (the author's break).
        let browser = layout(&[
            "The Council has agreed to pay Mrs X £300 for the",
            "distress and the time and trouble caused by the",
            "delay, and to review the way it handles requests",
            "for help with care costs from people who need it.",
            "It will also write to Mrs X to apologise for the",
            "delay and explain the steps it has taken so far:",
            "review its procedures for the assessment of care;",
            "train its staff in the new procedures it adopts.",
        ]);
        assert_eq!(browser.0, 51);
        // A proportional font: some wrapped lines stop short of 50.
        let ragged = layout(&[
            "The Council has agreed to pay Mrs X £300 for",
            "the distress and the time and trouble caused by",
            "the delay, and to review the way it handles",
            "requests for help with care costs from those who",
            "need it. It will also write to Mrs X to apologise",
            "for the delay and explain what it has done since.",
        ]);
        assert!(ragged.0 < 50, "{ragged:?}");
        assert!(ragged.0 >= 50 - 50 / 8, "{ragged:?}");
        // Breaks before lower-case words that all fall well short of the
        // width are the author's, not a ragged edge.
        let lists = layout(&[
            "The Council should take all the action so",
            "it does not happen again in a month or",
            "so it should also write to Mrs X on it",
            "and review its procedures for next year",
        ]);
        assert_eq!(lists.0, 51);
    }

    #[test]
    fn ordinary_pages_are_left_alone() {
        // One line per paragraph, as browsers copy a page.
        assert_unchanged(&BROWSER_UNWRAPPED.join("\n"));
        // Short lines only, none of them broken mid-sentence.
        assert_unchanged(
            "Wolverhampton Metropolitan Borough Council (23 424 996)\n\
             The Ombudsman's final decision:\n\
             Summary: Mr H complained about the way the Council assessed care needs. We found no fault.\n\
             What I found\n\
             - The regulations say the assessment should be completed within 16 weeks. The Council took longer.\n\
             - This was fault. It caused Mr and Mrs G uncertainty and frustration.\n\
             Final decision\n\
             - I have completed my investigation. I have found no fault by the Council.\n",
        );
        // Too few lines to tell.
        assert_unchanged("Essex County Council (24 012 297)\nDecision : Upheld\n");
        // A short page whose lines end sentences, or run on into a new one.
        assert_unchanged(
            "Kent County Council (23 004 999)\n\n\
             Summary: Mrs B complained about her son's plan.\n\
             The Council was at fault and has agreed to act\n\
             Final decision\n\
             We have completed our investigation of this complaint.\n",
        );
        assert_unchanged("");
    }

    #[test]
    fn a_short_wrapped_page_is_rejoined() {
        // A summary saved alone, wrapped at about 60 columns: two full lines
        // that run on, one of them into a lower-case word.
        assert_rejoins(
            &[
                "Kent County Council (23 004 999)",
                "",
                "Summary: Mrs B complained the Council delayed her son's",
                "EHC plan. The Council was at fault. The Council has agreed",
                "to apologise and pay Mrs B £300 for the distress caused.",
            ],
            &[
                "Kent County Council (23 004 999)",
                "",
                "Summary: Mrs B complained the Council delayed her son's EHC plan. The Council was at fault. The Council has agreed to apologise and pay Mrs B £300 for the distress caused.",
            ],
        );
        // The same, three lines of it, wrapped at 48.
        assert_rejoins(
            &[
                "Summary: Mr C complained that the Council did",
                "not deal with his housing application properly.",
                "We found fault and the Council has agreed to pay",
                "him £150.",
            ],
            &["Summary: Mr C complained that the Council did not deal with his housing application properly. We found fault and the Council has agreed to pay him £150."],
        );
    }

    #[test]
    fn a_dash_that_starts_a_line_mid_phrase_is_prose() {
        assert_rejoins(
            &[
                "Summary: Mr X complained about the way the Council",
                "decided to close the road outside his house for a",
                "month without asking residents whether they had",
                "any objections to its plans for the work it did on",
                "– which it did without notice – in the summer.",
                "The Council has agreed to:",
                "- apologise to him;",
                "- review its notices.",
            ],
            &[
                "Summary: Mr X complained about the way the Council decided to close the road outside his house for a month without asking residents whether they had any objections to its plans for the work it did on – which it did without notice – in the summer.",
                "The Council has agreed to:",
                "- apologise to him;",
                "- review its notices.",
            ],
        );
    }

    #[test]
    fn line_end_hyphens_and_slashes() {
        let split = HyphenSplit::at("the assess-", "ment was late").unwrap();
        assert_eq!((split.head, split.tail), ("assess", "ment"));
        let words = |text| Words::new(text, std::slice::from_ref(&split));
        assert_eq!(words("an assessment").soft(&split), Some(true));
        assert_eq!(words("an assess-ment").soft(&split), Some(false));
        assert_eq!(words("an assessment, an assess-ment").soft(&split), None);
        assert_eq!(words("assessments").soft(&split), None);
        // The split itself does not make its tail a word of the page.
        assert!(!words("the assess-\nment was late; a payment").stands_alone("ment"));
        let compound = HyphenSplit::at("her ill-", "health got worse").unwrap();
        let page = "her ill-\nhealth got worse; her health";
        assert!(Words::new(page, &[compound]).stands_alone("health"));
        assert!(HyphenSplit::at("a dash -", "then").is_none());
        assert!(HyphenSplit::at("from £50-", "£100").is_none());
        assert!(HyphenSplit::at("the ill-", "Health Trust").is_none());

        // `investigation` is written whole on the page: its split is soft,
        // and so the page's other splits are, even `rein-stated` whose tail
        // is a word. A break after a slash takes no space.
        assert_rejoins(
            &[
                "Summary: Mrs X complained the Council took too long to complete its investi-",
                "gation of her concerns and did not reply to her request for a review/",
                "appeal of its decision. The Council has agreed to apologise. Her son was rein-",
                "stated on the school roll, as stated in the letter it sent after the investigation.",
            ],
            &[
                "Summary: Mrs X complained the Council took too long to complete its investigation of her concerns and did not reply to her request for a review/appeal of its decision. The Council has agreed to apologise. Her son was reinstated on the school roll, as stated in the letter it sent after the investigation.",
            ],
        );
    }

    #[test]
    fn the_rule_fields_reflow_reads_exist() {
        let rules = rules();
        for f in START_FIELDS
            .iter()
            .chain(END_FIELDS)
            .chain(SECTION_FIELDS)
            .chain(HEADER_FIELDS)
        {
            assert!(rules.field(f).next().is_some(), "no rules of field {f}");
        }
    }

    #[test]
    fn markers() {
        for (s, want) in [
            ("• pay", Some(3)),
            ("- pay", Some(1)),
            ("1. Mr X", Some(2)),
            ("12) Mr X", Some(3)),
            ("(a) the", Some(3)),
            ("a) the", Some(2)),
            ("iv. the", Some(3)),
            ("(iv) the", Some(4)),
            ("1.", Some(2)),
            ("1974, section", None),
            ("e.g. this", None),
            ("£1,000 was", None),
            ("-5 degrees", None),
            ("as well", None),
            ("+ apologise", Some(1)),
            ("o refund", Some(1)),
            ("of the", None),
        ] {
            assert_eq!(marker(s), want, "{s}");
        }
    }

    /// A page that is not hard-wrapped: a list item's line wrapped at its
    /// hanging indent, in lower case, joins its item; a marker, a capital,
    /// another indent or an item that ended a clause keep lines apart.
    #[test]
    fn hanging_continuations_join_their_items_on_unwrapped_pages() {
        let page = [
            "Summary: Mr E complained the Council did not investigate smoke from a nearby bonfire site, and we found fault causing injustice to him and his family.",
            "Agreed action",
            "- Within one month the Council will:",
            "  - visit the site and decide whether the smoke is a statutory",
            "    nuisance;",
            "  - explain its decision to Mr E;",
            "    the Council will write to us.",
            "  - issue guidance to its officers on",
            "     responding to smoke complaints.",
            "  - apologise",
            "    Final decision",
        ]
        .join("\n");
        let r = reflow().apply(&page);
        assert_eq!(r.wrapped, None);
        let lines = cleaned(&page);
        assert_eq!(
            lines[3],
            "- visit the site and decide whether the smoke is a statutory nuisance;"
        );
        // After a clause ends, at another indent, or in capitals: apart.
        assert_eq!(lines[5], "the Council will write to us.");
        assert_eq!(lines[7], "responding to smoke complaints.");
        assert_eq!(lines[9], "Final decision");
        assert_eq!(lines.len(), 10);
    }
}
