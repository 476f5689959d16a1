//! Shows how ombuds reads a sentence, or every sentence of a page: its
//! section, clauses, frames, spans and items, and the kinds of each item.
//! For writing and debugging rules.
//!
//!     cargo run --release --example explain -- "The Council will apologise and pay £200."
//!     cargo run --release --example explain -- --file PAGE.txt
use ombuds::clean::Cleaner;
use ombuds::extract::clause::{items, Analysed, State};
use ombuds::extract::{page_sentences, section::Section};
use ombuds::rules::RuleSet;

fn show(rules: &RuleSet, text: &str, carried: State) -> State {
    let a = Analysed::new(rules, text, carried);
    for f in &a.frames {
        println!(
            "   frame {:?} {:?} embedded_until={:?}",
            f.state,
            &text[f.start..f.end],
            f.embedded_until
        );
    }
    for s in a.scopes(true) {
        println!("   scope {:?} {:?}", s.state, &text[s.range.clone()]);
        for i in items(rules, text, s.range.clone()) {
            let item = text[i].trim();
            let kinds: Vec<&str> = rules
                .matching("remedy.kind", item)
                .iter()
                .map(|r| r.yields())
                .collect();
            println!("      item {item:?} {kinds:?}");
        }
    }
    a.last_state()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rules = RuleSet::embedded();
    if args.first().map(String::as_str) == Some("--file") {
        let text = std::fs::read_to_string(&args[1]).expect("readable page");
        let cleaned = Cleaner::embedded().clean(&text);
        let mut carried = State::None;
        for s in page_sentences(&rules, &cleaned) {
            println!("[{} {}] {}", s.line + 1, s.section.name(), s.text);
            if s.section != Section::Role {
                carried = show(&rules, s.text, carried);
            }
        }
    } else {
        let text = args.first().expect("usage: explain SENTENCE | --file PAGE");
        show(&rules, text, State::None);
    }
}
