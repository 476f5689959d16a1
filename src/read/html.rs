//! HTML pages to text lines with `scraper`.
//!
//! LGSCO pages keep the decision in `<article id="article">`, with the header
//! fields as `class="label"` / `class="value"` pairs; those become
//! `Label : Value` lines so that the text rules read them like a saved `.txt`.
//! Without an article we fall back to `<main>`, then `<body>`. Page furniture
//! (script, style, nav, header, footer, cookie banners) is dropped, and each
//! block element becomes its own line; list items keep a `- ` or `N. ` marker.
//! A `<pre>` keeps its own lines, as a browser shows them.
//!
//! The tree is walked with `traverse()` (an explicit iterator, no recursion),
//! so 10,000 nested divs cannot overflow the stack.

use std::collections::HashSet;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node, Selector};

use super::nesting;
use crate::budget::Budget;
use crate::error::FileError;

/// Elements whose whole subtree is furniture, never decision text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "nav", "header", "footer", "noscript", "template", "svg", "iframe",
    "button", "select", "head", "title", "form", "aside",
];

/// Substrings of an id or class that mark furniture.
const SKIP_MARKERS: &[&str] = &[
    "cookie",
    "privacy",
    "consent",
    "skip-link",
    "breadcrumb",
    "share",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "hr",
    "address",
    "figure",
    "figcaption",
    "body",
];

/// Nodes visited between two looks at the clock.
const CLOCK_EVERY: usize = 4096;

/// Converts an HTML page to text lines. Returns the text and warnings.
pub fn to_text(html: &str, budget: &Budget) -> Result<(String, Vec<String>), FileError> {
    convert(html, budget).map(|c| (c.text, c.warnings))
}

/// An HTML page read: its text lines, warnings, and the address the page
/// gives for itself (`<link rel="canonical" href="...">`), made absolute.
#[derive(Debug, Clone, Default)]
pub struct Converted {
    pub text: String,
    pub warnings: Vec<String>,
    pub canonical: Option<String>,
}

/// The page's canonical link, if it has a usable one (see
/// [`crate::url::canonical`]); an unusable one is a warning.
fn canonical_link(doc: &Html, warnings: &mut Vec<String>) -> Option<String> {
    let sel = Selector::parse("link[rel][href]").expect("static selector");
    let link = doc.select(&sel).find(|l| {
        l.value().attr("rel").is_some_and(|r| {
            r.split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case("canonical"))
        })
    })?;
    let href = link.value().attr("href").unwrap_or_default();
    match crate::url::canonical(href) {
        Ok(url) => Some(url),
        Err(why) => {
            warnings.push(format!("canonical link {href:?} {why}: not used as url"));
            None
        }
    }
}

/// [`to_text`], with the page's canonical link.
pub fn convert(html: &str, budget: &Budget) -> Result<Converted, FileError> {
    let mut warnings = Vec::new();
    // html5ever cannot be interrupted and deep nesting costs it quadratic
    // time: flatten pathological nesting before parsing.
    let (html, depth) = nesting::flatten(html, nesting::MAX_DEPTH);
    if depth > nesting::MAX_DEPTH {
        warnings.push(format!(
            "HTML nested {depth} elements deep: flattened below depth {}",
            nesting::MAX_DEPTH
        ));
    }
    budget.check("HTML nesting check")?;
    let doc = Html::parse_document(&html);
    // A parse that overran is still a timeout.
    budget.check("HTML parsing")?;
    let mut out = Lines::default();

    let pick = |css: &str| {
        let sel = Selector::parse(css).expect("static selector");
        doc.select(&sel).next()
    };
    let root = pick("article#article")
        .or_else(|| pick("article"))
        .or_else(|| pick("main"))
        .or_else(|| pick("body"))
        .unwrap_or_else(|| doc.root_element());

    // The title (organisation and reference) often sits in an <h1> above the
    // article: keep it as the first line.
    if root.value().name() == "article" {
        if let Some(h1) = pick("h1") {
            if !h1.ancestors().any(|a| a.id() == root.id()) && !is_furniture(h1) {
                out.push_text(&h1.text().collect::<String>());
                out.flush();
            }
        }
    } else if root.value().name() != "body" && root.value().name() != "main" {
        warnings.push("HTML page has no <article>, <main> or <body>: read whole page".into());
    }

    walk(root, &mut out, budget)?;
    out.flush();
    let canonical = canonical_link(&doc, &mut warnings);
    Ok(Converted {
        text: out.text,
        warnings,
        canonical,
    })
}

fn is_furniture(el: ElementRef) -> bool {
    let v = el.value();
    if SKIP_TAGS.contains(&v.name()) {
        return true;
    }
    let marked = |s: &str| {
        let s = s.to_ascii_lowercase();
        SKIP_MARKERS.iter().any(|m| s.contains(m))
    };
    v.id().is_some_and(marked) || v.classes().any(marked) || v.attr("hidden").is_some()
}

fn has_class(el: ElementRef, class: &str) -> bool {
    el.value().classes().any(|c| c == class)
}

/// Collects lines, folding white space inside a line as a browser does.
#[derive(Default)]
struct Lines {
    text: String,
    line: String,
    space_pending: bool,
}

impl Lines {
    fn push_text(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.space_pending = true;
            } else {
                if self.space_pending && !self.line.is_empty() && !self.line.ends_with(' ') {
                    self.line.push(' ');
                }
                self.space_pending = false;
                self.line.push(c);
            }
        }
    }

    /// Text inside <pre>: kept as it is, one line per line, blank lines and
    /// indents included (a page saved by a text browser, hard-wrapped, that
    /// [`crate::reflow`] then rejoins).
    fn push_pre(&mut self, s: &str) {
        let mut lines = s.split('\n');
        if let Some(first) = lines.next() {
            self.push_pre_part(first);
        }
        for part in lines {
            let end = self.line.trim_end().len();
            self.line.truncate(end);
            self.text.push_str(&self.line);
            self.text.push('\n');
            self.line.clear();
            self.push_pre_part(part);
        }
    }

    fn push_pre_part(&mut self, part: &str) {
        let part = part.trim_end_matches('\r');
        if self.space_pending && !self.line.is_empty() && !self.line.ends_with(' ') {
            self.line.push(' ');
        }
        self.space_pending = false;
        self.line.push_str(part);
    }

    fn flush(&mut self) {
        self.space_pending = false;
        let trimmed = self.line.trim_end().len();
        self.line.truncate(trimmed);
        if !self.line.is_empty() {
            self.text.push_str(&self.line);
            self.text.push('\n');
            self.line.clear();
        }
    }
}

fn walk(root: ElementRef, out: &mut Lines, budget: &Budget) -> Result<(), FileError> {
    let mut skip_until: Option<NodeId> = None;
    let mut consumed: HashSet<NodeId> = HashSet::new();
    // For each open list: Some(counter) for <ol>, None for <ul>.
    let mut lists: Vec<Option<u32>> = Vec::new();
    // Open <pre> elements: inside, line breaks and indents are the text's.
    let mut pre = 0usize;

    for (n, edge) in root.traverse().enumerate() {
        if n % CLOCK_EVERY == 0 {
            budget.check("HTML to text")?;
        }
        match edge {
            Edge::Open(node) => {
                if skip_until.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) if pre > 0 => out.push_pre(t),
                    Node::Text(t) => out.push_text(t),
                    Node::Element(e) => {
                        let el = ElementRef::wrap(node).expect("element node");
                        if is_furniture(el) || consumed.contains(&node.id()) {
                            skip_until = Some(node.id());
                            continue;
                        }
                        let name = e.name();
                        if has_class(el, "label") {
                            if let Some(value) = el
                                .next_siblings()
                                .filter_map(ElementRef::wrap)
                                .find(|s| has_class(*s, "value"))
                            {
                                out.flush();
                                let label: String = el.text().collect();
                                let label = label.trim().trim_end_matches(':').trim();
                                out.push_text(label);
                                out.line.push_str(" : ");
                                out.push_text(&value.text().collect::<String>());
                                out.flush();
                                consumed.insert(value.id());
                                skip_until = Some(node.id());
                                continue;
                            }
                        }
                        match name {
                            "br" => out.flush(),
                            "pre" => pre += 1,
                            "ul" => lists.push(None),
                            "ol" => {
                                let start = e.attr("start").and_then(|s| s.parse().ok());
                                lists.push(Some(start.unwrap_or(1)))
                            }
                            _ => {}
                        }
                        if BLOCK_TAGS.contains(&name) {
                            out.flush();
                        }
                        if name == "li" {
                            match lists.last_mut() {
                                Some(Some(n)) => {
                                    out.line.push_str(&format!("{n}. "));
                                    *n = n.saturating_add(1);
                                }
                                _ => out.line.push_str("- "),
                            }
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip_until {
                    if id == node.id() {
                        skip_until = None;
                    }
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    let name = e.name();
                    if name == "ul" || name == "ol" {
                        lists.pop();
                    }
                    if name == "pre" {
                        pre = pre.saturating_sub(1);
                    }
                    if BLOCK_TAGS.contains(&name) {
                        out.flush();
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        to_text(html, &Budget::none()).unwrap().0
    }

    #[test]
    fn article_labels_become_header_lines() {
        let t = text(
            r#"<html><head><title>x</title><script>var a=1;</script></head><body>
<header><nav><a href="/">Home</a></nav></header>
<main><h1>Essex County Council (24 019 538)</h1>
<article id="article">
<div class="row"><span class="label">Category :</span> <span class="value">Children's care services &gt; Other</span></div>
<div class="row"><span class="label">Decision</span><span class="value">Upheld</span></div>
<p><strong>Summary:</strong> Ms A complained.</p>
<ol><li>First.</li><li>Second <em>point</em>.</li></ol>
<ul><li>dash</li></ul>
</article></main>
<div id="cookie-banner"><p>Required cookies</p></div>
<footer>Footer text</footer></body></html>"#,
        );
        assert_eq!(
            t,
            "Essex County Council (24 019 538)\n\
             Category : Children's care services > Other\n\
             Decision : Upheld\n\
             Summary: Ms A complained.\n\
             1. First.\n\
             2. Second point.\n\
             - dash\n"
        );
    }

    #[test]
    fn falls_back_to_body() {
        let t = text(
            "<html><body><p>Council (24 012 297)</p><nav>menu</nav><p>b<br>c</p></body></html>",
        );
        assert_eq!(t, "Council (24 012 297)\nb\nc\n");
    }

    #[test]
    fn pre_keeps_its_lines_blank_lines_and_indents() {
        let t = text(
            "<body><p>Saved  page</p><pre>Summary: Mr X complained the\nCouncil was slow.\n\n  1. The Council\n     agreed.\r\n</pre><p>After</p></body>",
        );
        assert_eq!(
            t,
            "Saved page\nSummary: Mr X complained the\nCouncil was slow.\n\n  1. The Council\n     agreed.\nAfter\n"
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!(
            "<body>{}deep text{}</body>",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        );
        assert!(text(&html).contains("deep text"));
    }
}
