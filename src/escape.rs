//! Page text is data, never markup, a formula or a terminal command: how it
//! is made inert in each place ombuds writes it (issue 11). HTML escaping is
//! [`crate::summary::html::esc`].
//!
//! - CSV cells: [`csv_text`] puts a `'` before a cell that a spreadsheet
//!   would run as a formula (OWASP's advice for CSV injection).
//! - Markdown: [`markdown`] backslash-escapes what CommonMark would read as
//!   markup, raw HTML included, and flattens line breaks.
//! - Terminals: [`printable`] replaces control characters (escape sequences,
//!   bidirectional overrides) in anything printed on stderr or stdout.

use std::borrow::Cow;

/// The first characters that make a spreadsheet (Excel, LibreOffice, Google
/// Sheets) read a cell as a formula: `=`, `+`, `-`, `@`, tab and CR.
const FORMULA_START: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A text cell for a CSV file: unchanged, or with a leading `'` when it
/// starts like a formula (`=HYPERLINK(...)` → `'=HYPERLINK(...)`), which
/// spreadsheets then show as text. Only for text columns: numbers are
/// written as they are and stay numbers.
pub fn csv_text(s: &str) -> Cow<'_, str> {
    if s.starts_with(FORMULA_START) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Characters CommonMark (and GitHub's tables) may read as markup; each is
/// ASCII punctuation, which CommonMark lets a backslash escape.
/// (Page text never starts a line in summary.md, so the line-start markers
/// `-`, `+`, `1.` and `=` need no escape.)
const MARKDOWN_SPECIAL: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '#', '!', '|', '&', '~',
];

/// Page text for a Markdown line: markup characters backslash-escaped (so
/// `<script>` is shown, not run, and `[x](javascript:...)` is not a link),
/// line breaks and control characters turned into spaces.
pub fn markdown(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if MARKDOWN_SPECIAL.contains(&c) {
            o.push('\\');
            o.push(c);
        } else if c.is_control() || is_invisible_control(c) {
            o.push(' ');
        } else {
            o.push(c);
        }
    }
    o
}

/// Bidirectional overrides and isolates: invisible, but they reorder what a
/// terminal or an editor shows.
fn is_invisible_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text for a terminal: C0 and C1 control characters (ANSI escape
/// sequences, backspace, bell...) and bidirectional overrides become `�`,
/// tabs and line breaks a space, so that text taken from a page (or a file
/// name) can neither move the cursor, retitle the window, nor break a
/// tab-separated line.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() || is_invisible_control(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' => ' ',
                c if c.is_control() || is_invisible_control(c) => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// [`printable`] for a message of several lines (an error with its causes):
/// line breaks are kept, every other control character replaced.
pub fn printable_lines(s: &str) -> String {
    s.split('\n')
        .map(|l| printable(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_get_a_quote() {
        for s in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(csv_text(s), format!("'{s}"), "{s:?}");
        }
        for s in ["Essex County Council", "", "350.00", "a=b", "'quoted"] {
            assert_eq!(csv_text(s), s, "{s:?}");
        }
    }

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(markdown("a | b\nc"), "a \\| b c");
        assert_eq!(markdown("Children's care"), "Children's care");
    }

    #[test]
    fn terminal_text_has_no_controls() {
        assert_eq!(printable("Essex"), "Essex");
        assert_eq!(
            printable("a\u{1b}]0;pwned\u{7}b"),
            "a\u{FFFD}]0;pwned\u{FFFD}b"
        );
        assert_eq!(printable("a\tb\nc"), "a b c");
        assert_eq!(printable("x\u{202E}y\u{9b}z"), "x\u{FFFD}y\u{FFFD}z");
        assert_eq!(printable_lines("a\u{1b}[2J\nb"), "a\u{FFFD}[2J\nb");
    }
}
