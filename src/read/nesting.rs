//! A guard in front of the HTML parser against deep nesting.
//!
//! html5ever cannot be interrupted, and some of its steps scan the stack of
//! open elements, so a page of a million nested `<div>`s parses in
//! quadratic time (minutes) even though it is well under the size limit.
//! One linear pass estimates the nesting depth; beyond [`MAX_DEPTH`] the
//! excess start tags (and as many matching end tags) are dropped, as
//! browsers do, keeping every piece of text. Real pages are a few dozen
//! elements deep and pass through untouched.

use std::borrow::Cow;

/// Deepest nesting passed to the parser: Chromium's parser limit too. Real
/// pages are a few dozen deep; the parser's stack scans stay short.
pub const MAX_DEPTH: usize = 512;

/// Elements that never nest: void elements and those whose start tag closes
/// an open one of their kind (html5ever keeps them shallow by itself).
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody",
    "thead", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head", "body",
    "frame", "keygen",
];

enum Token<'a> {
    Start { name: &'a str, self_closing: bool },
    End { name: &'a str },
    Other,
}

/// Splits `html` into tags and text: yields (start, end, token) for tags,
/// comments and doctypes; text between them is not yielded.
fn tags(html: &str) -> impl Iterator<Item = (usize, usize, Token<'_>)> + '_ {
    let b = html.as_bytes();
    let mut i = 0;
    // Inside script, style...: only the matching end tag ends the text.
    let mut raw: Option<&str> = None;
    std::iter::from_fn(move || loop {
        if let Some(name) = raw.take() {
            i = find_end_tag(&b[i..], name.as_bytes()).map_or(b.len(), |e| i + e);
        }
        let lt = i + memchr(b'<', &b[i..])?;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            let end = find(&b[lt + 4..], b"-->").map_or(b.len(), |e| lt + 4 + e + 3);
            i = end;
            return Some((lt, end, Token::Other));
        }
        let (is_end, name_at) = match rest.first() {
            Some(b'/') => (true, lt + 2),
            Some(c) if c.is_ascii_alphabetic() || *c == b'!' || *c == b'?' => (false, lt + 1),
            _ => {
                i = lt + 1;
                continue;
            }
        };
        // The tag ends at the first `>` outside quotes.
        let mut j = name_at;
        let mut quote = None;
        while j < b.len() {
            match (quote, b[j]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) if j > name_at && b[j - 1] == b'=' => quote = Some(q),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            j += 1;
        }
        let end = (j + 1).min(b.len());
        i = end;
        let name_len = b[name_at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        let name = &html[name_at..name_at + name_len];
        if name.is_empty() {
            return Some((lt, end, Token::Other));
        }
        let token = if is_end {
            Token::End { name }
        } else {
            if raw_text(name) {
                raw = Some(name);
            }
            Token::Start {
                name,
                self_closing: j > 0 && j <= b.len() && b[j.saturating_sub(1)] == b'/',
            }
        };
        return Some((lt, end, token));
    })
}

fn memchr(c: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&x| x == c)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Offset of the next `</name` (any case) in `hay`.
fn find_end_tag(hay: &[u8], name: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(p) = find(&hay[at..], b"</") {
        let start = at + p;
        let after = &hay[start + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name) {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

/// Raw-text elements hold no elements: they never nest either.
fn nests(name: &str) -> bool {
    !FLAT.iter().any(|f| f.eq_ignore_ascii_case(name)) && !raw_text(name)
}

/// Raw-text elements whose content is not markup.
fn raw_text(name: &str) -> bool {
    ["script", "style", "textarea", "xmp", "noembed", "noframes"]
        .iter()
        .any(|r| r.eq_ignore_ascii_case(name))
}

/// Returns `html` with nesting beyond `max` flattened, and the depth found,
/// or `html` unchanged (borrowed) when it is shallow enough.
pub fn flatten(html: &str, max: usize) -> (Cow<'_, str>, usize) {
    let deepest = max_depth(html);
    if deepest <= max {
        return (Cow::Borrowed(html), deepest);
    }
    let mut out = String::with_capacity(html.len());
    let (mut depth, mut dropped, mut last) = (0usize, 0usize, 0usize);
    for (start, end, token) in tags(html) {
        let keep = match token {
            Token::Start { name, self_closing } if !self_closing && nests(name) => {
                if depth >= max {
                    dropped += 1;
                    false
                } else {
                    depth += 1;
                    true
                }
            }
            Token::End { name } if nests(name) => {
                if dropped > 0 {
                    dropped -= 1;
                    false
                } else {
                    depth = depth.saturating_sub(1);
                    true
                }
            }
            _ => true,
        };
        out.push_str(&html[last..start]);
        if keep {
            out.push_str(&html[start..end]);
        }
        last = end;
    }
    out.push_str(&html[last..]);
    (Cow::Owned(out), deepest)
}

/// The nesting depth html5ever would build, estimated in one pass.
fn max_depth(html: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for (_, _, token) in tags(html) {
        match token {
            Token::Start { name, self_closing } if !self_closing && nests(name) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Token::End { name } if nests(name) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_pages_pass_untouched() {
        let html = r#"<html><body><p>a<p>b<ul><li>x<li>y</ul><div class="a>b"><br><img src=x>
<script>if (a < b && "<div>") {}</script><!-- <div><div> --><span>t</span></div></body></html>"#;
        let (out, depth) = flatten(html, 3);
        assert!(matches!(out, Cow::Borrowed(_)));
        assert_eq!(depth, 2, "ul > (li flat) ; div > span");
    }

    #[test]
    fn deep_nesting_is_flattened_keeping_text() {
        let html = format!(
            "<body>{}deep{}tail</body>",
            "<div>".repeat(10),
            "</div>".repeat(10)
        );
        let (out, depth) = flatten(&html, 4);
        assert_eq!(depth, 10);
        assert_eq!(
            out,
            format!(
                "<body>{}deep{}tail</body>",
                "<div>".repeat(4),
                "</div>".repeat(4)
            )
        );
    }

    #[test]
    fn dropped_script_keeps_its_text_and_balance() {
        let html = "<div><div><script>if (a<b) {}</script><div>x</div></div></div>";
        let (out, depth) = flatten(html, 2);
        assert_eq!(depth, 3);
        let (_, depth) = flatten("<div><SCRIPT>'<div><div><div>'</script ></div>", 9);
        assert_eq!(depth, 1, "script content is not markup");
        // The script holds no elements and stays; the inner div is beyond
        // depth 2: its tags go, its text stays, the outer end tags match.
        assert_eq!(out, "<div><div><script>if (a<b) {}</script>x</div></div>");
    }

    #[test]
    fn unclosed_and_odd_tags_do_not_panic() {
        for html in [
            "<",
            "</",
            "<div",
            "<div a='>",
            "<!--",
            "< div>",
            "<a\u{e9}>",
            "</>",
            "<?x",
        ] {
            let _ = flatten(html, 0);
        }
    }
}
