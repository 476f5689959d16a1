//! ASCII case folding for a pattern's ASCII letters.
//!
//! Under `(?i)` with Unicode on, the regex engine folds `k` to `[Kk\u{212A}]`
//! (the Kelvin sign) and `s` to `[Ss\u{17F}]` (the long s): every `k` and `s`
//! of a rule grows a two- or three-byte branch in both of its automata: 7%
//! of all the rules' compiled size (21.6 MB with them, 20.1 MB without), and
//! more states in each worker's caches (issue 15's memory bound). No decision writes a Kelvin sign or a long s
//! for a letter, so the rules' ASCII letters are folded ASCII-only; letters
//! beyond ASCII (`é`) still fold as Unicode does, and negated classes, Perl
//! classes, `.` and the rest of the pattern keep Unicode.
use regex_syntax::ast::{
    self, parse::Parser, print::Printer, Ast, ClassSet, ClassSetItem, Flag, Flags, FlagsItem,
    FlagsItemKind, GroupKind,
};

/// `pattern` with each run of ASCII literals, and each bracket class of
/// ASCII literals and ranges, in a `(?-u:...)` group: the same matches on
/// any text but for the Kelvin sign and the long s, which no longer match a
/// `k` or an `s` under `(?i)`. A pattern that does not parse comes back as
/// it was, for the compiler to report.
pub fn ascii_case_folding(pattern: &str) -> String {
    let Ok(mut ast) = Parser::new().parse(pattern) else {
        return pattern.to_string();
    };
    fold(&mut ast);
    let mut out = String::with_capacity(pattern.len() * 2);
    match Printer::new().print(&ast, &mut out) {
        Ok(()) => out,
        Err(_) => pattern.to_string(),
    }
}

fn fold(ast: &mut Ast) {
    match ast {
        Ast::Literal(_) | Ast::ClassBracketed(_) if is_ascii_atom(ast) => {
            let atom = std::mem::replace(ast, Ast::empty(span(ast)));
            *ast = ascii_group(atom);
        }
        Ast::Repetition(r) => fold(&mut r.ast),
        Ast::Group(g) => fold(&mut g.ast),
        Ast::Alternation(a) => a.asts.iter_mut().for_each(fold),
        Ast::Concat(c) => {
            // One group per run of atoms, not one per letter: the printed
            // pattern stays readable.
            let mut asts = Vec::with_capacity(c.asts.len());
            let mut run = Vec::new();
            for mut a in c.asts.drain(..) {
                if is_ascii_atom(&a) {
                    run.push(a);
                    continue;
                }
                flush(&mut run, &mut asts);
                fold(&mut a);
                asts.push(a);
            }
            flush(&mut run, &mut asts);
            c.asts = asts;
        }
        _ => {}
    }
}

fn flush(run: &mut Vec<Ast>, asts: &mut Vec<Ast>) {
    let (Some(first), Some(last)) = (run.first(), run.last()) else {
        return;
    };
    let span = ast::Span::new(span(first).start, span(last).end);
    asts.push(ascii_group(Ast::concat(ast::Concat {
        span,
        asts: std::mem::take(run),
    })));
}

/// A literal ASCII character, or a bracket class of them and of ASCII
/// ranges, not negated: what matches the same under `(?-u)` but for the
/// fold, and cannot match half a character there.
fn is_ascii_atom(ast: &Ast) -> bool {
    match ast {
        Ast::Literal(l) => l.c.is_ascii(),
        Ast::ClassBracketed(c) => !c.negated && ascii_set(&c.kind),
        _ => false,
    }
}

fn ascii_set(set: &ClassSet) -> bool {
    match set {
        ClassSet::Item(item) => ascii_item(item),
        ClassSet::BinaryOp(_) => false,
    }
}

fn ascii_item(item: &ClassSetItem) -> bool {
    match item {
        ClassSetItem::Literal(l) => l.c.is_ascii(),
        ClassSetItem::Range(r) => r.start.c.is_ascii() && r.end.c.is_ascii(),
        ClassSetItem::Union(u) => u.items.iter().all(ascii_item),
        _ => false,
    }
}

fn span(ast: &Ast) -> ast::Span {
    *ast.span()
}

fn ascii_group(atom: Ast) -> Ast {
    let span = span(&atom);
    let item = |kind| FlagsItem { span, kind };
    Ast::group(ast::Group {
        span,
        kind: GroupKind::NonCapturing(Flags {
            span,
            items: vec![
                item(FlagsItemKind::Negation),
                item(FlagsItemKind::Flag(Flag::Unicode)),
            ],
        }),
        ast: Box::new(atom),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn groups_runs_of_ascii_literals_and_classes() {
        assert_eq!(
            ascii_case_folding("(?i)advis[eo]rs?"),
            "(?i)(?-u:advis[eo]r)(?-u:s)?"
        );
        assert_eq!(ascii_case_folding("a|bc"), "(?-u:a)|(?-u:bc)");
        // Negated classes, Perl classes and non-ASCII letters keep Unicode.
        assert_eq!(
            ascii_case_folding(r"(?i)[^\s]+ café\S"),
            r"(?i)[^\s]+(?-u: caf)é\S"
        );
        assert_eq!(
            ascii_case_folding("(?P<value>£[0-9]+)"),
            "(?P<value>£(?-u:[0-9])+)"
        );
        // Not a pattern: left for the compiler to report.
        assert_eq!(ascii_case_folding("(?i)a("), "(?i)a(");
    }

    #[test]
    fn folds_ascii_letters_as_ascii_and_others_as_unicode() {
        let re = Regex::new(&ascii_case_folding(r"(?i)\bsick\b|café")).unwrap();
        assert!(re.is_match("SICK"));
        assert!(re.is_match("CAFÉ"));
        // The Kelvin sign and the long s are not letters of an English page.
        assert!(Regex::new(r"(?i)sick").unwrap().is_match("ſic\u{212A}"));
        assert!(!re.is_match("ſic\u{212A}"));
    }
}
