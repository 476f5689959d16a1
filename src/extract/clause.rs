//! Clauses and frames: what governs each part of a sentence.
//!
//! A sentence is cut into clauses at `clause.boundary` matches (`;`, `but`,
//! `, which`, `because`...). Within a clause, a frame (`frame` rules in
//! rules/clauses.toml) says what the text after it is: remedies agreed or
//! recommended now (`agreed`), already done before the decision (`already`),
//! only claimed or charged (`claim`), offered (`offered`), refused
//! (`negated`); a `nominal` frame ("... is a suitable remedy") governs the
//! text before it, and a `carry` frame ("This included ...") carries the
//! previous sentence's frame on. A marker governs its own clause, never the
//! whole sentence: "Mr X wants an apology, but the Council has agreed to pay
//! him £200" keeps the payment.
//!
//! Reported speech dominates its clause: after "Mr B says", a "should" is
//! his, not the Ombudsman's.

use std::cell::OnceCell;
use std::ops::Range;

use super::sentence::strip_marker;
use crate::rules::RuleSet;

/// What governs a position of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Agreed, recommended or required now: this decision's remedy.
    Agreed,
    /// Will, should, must: agreed, except where the text states the law.
    Obliged,
    /// Done, paid or provided before the decision.
    Already,
    /// Claimed, charged, owed or paid by someone: no remedy.
    Claim,
    /// What someone says, wants or complains: dominates its clause.
    Reported,
    /// A supposition ("whether", "if", "he can ask the court"): dominates
    /// its clause.
    Hypothetical,
    /// A relative clause that describes ("which will reduce any risk").
    Description,
    /// Offered by the organisation; this decision's remedy only when the
    /// Ombudsman accepts the offer.
    Offered,
    /// Refused or not to be done.
    Negated,
    /// Named as the remedy by a nominal frame ("An apology is a suitable
    /// remedy").
    Nominal,
    /// No frame.
    None,
}

impl State {
    fn of(yields: &str) -> State {
        match yields {
            "agreed" => State::Agreed,
            "obliged" => State::Obliged,
            "hypothetical" => State::Hypothetical,
            "description" => State::Description,
            "already" => State::Already,
            "claim" => State::Claim,
            "reported" => State::Reported,
            "offered" => State::Offered,
            "negated" => State::Negated,
            "nominal" => State::Nominal,
            _ => State::None,
        }
    }
}

/// A frame found in a sentence.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub start: usize,
    pub end: usize,
    /// The frame's state; a `carry` frame has the carried state.
    pub state: State,
    /// True for a `nominal` frame: it governs the text before it.
    pub backwards: bool,
    /// For a frame inside a noun phrase or item ("the costs she incurred",
    /// "what further action it has taken"): where its item ends. It governs
    /// nothing: the frame around it goes on (a sum such a clause names is
    /// read from the words around it, `money.context`).
    pub embedded_until: Option<usize>,
    /// An indirect question after a verb of inquiry ("check whether
    /// others were charged"): embedded, so the item is the inquiry, but what
    /// it asks about is not done (sums in it stay hypothetical).
    pub question: bool,
}

/// Bytes before a `whether` that `clause.inquiry` sees.
const INQUIRY_BEFORE: usize = 40;

/// A span of a sentence governed by one frame.
#[derive(Debug, Clone)]
pub struct Scope {
    pub range: Range<usize>,
    pub state: State,
}

/// A sentence cut into clauses, with its frames.
#[derive(Debug)]
pub struct Analysed<'a> {
    pub text: &'a str,
    pub clauses: Vec<Range<usize>>,
    pub frames: Vec<Frame>,
    /// True when a `carry` frame took the carried state: only then does the
    /// analysis depend on the previous sentence.
    pub carry: bool,
}

impl<'a> Analysed<'a> {
    /// Analyses `text`; `carried` is the state a `carry` frame takes (the
    /// previous sentence's [`Analysed::last_state`]).
    pub fn new(rules: &RuleSet, text: &'a str, carried: State) -> Analysed<'a> {
        let mut clauses = Vec::new();
        let mut start = 0;
        let boundaries = rules.marks("clause.boundary", text);
        // A relative clause that only says how much the clause before is
        // ("reimburse her mileage, which comes to £612.90") goes on with it,
        // so that the sum is the remedy's (`clause.continues`).
        let continues: Vec<usize> = if boundaries.is_empty() {
            Vec::new()
        } else {
            rules
                .marks("clause.continues", text)
                .iter()
                .map(|m| m.start)
                .collect()
        };
        // A clause starts with its boundary word ("which will ...",
        // "because the Council ..."), so that frames can read it.
        for m in boundaries {
            if m.start <= start || continues.contains(&m.start) {
                continue;
            }
            clauses.push(start..m.start);
            start = m.start;
        }
        clauses.push(start..text.len());
        // A list that goes on after a relative clause ("pay £450, which is
        // the cost of the respite, and to ensure respite is in place"): the
        // relative clause ends at the coordinator, and the clause after it
        // takes up the frame of the clause before it (`clause.resume`).
        let mut resumes: Vec<(usize, usize)> = Vec::new();
        for rule in rules.field("clause.resume") {
            for c in rule.regex().captures_iter(text) {
                let (Some(m), Some(r)) = (c.get(0), c.name("resume")) else {
                    continue;
                };
                let Some(k) = clauses
                    .iter()
                    .position(|cl| cl.start < r.start() && r.start() < cl.end)
                else {
                    continue;
                };
                let cl = clauses[k].clone();
                clauses[k] = cl.start..r.start();
                clauses.insert(k + 1, r.start()..cl.end);
                resumes.push((m.start(), r.start()));
            }
        }
        // Only a frame's scope reads these, and many sentences have none:
        // built at first use.
        let separator_marks = OnceCell::new();
        let separators =
            || separator_marks.get_or_init(|| rules.marks("remedy.item_separator", text));
        // An imperative item ("Remind staff that the Council should ...")
        // is its own frame: a later frame inside it is embedded.
        let is_imperative = OnceCell::new();
        let imperative = || {
            *is_imperative
                .get_or_init(|| rules.any_match("remedy.action_item", strip_marker(rules, text)))
        };
        let mut frames: Vec<Frame> = Vec::new();
        let mut carry = false;
        for m in rules.marks("frame", text) {
            // The first of overlapping frames wins: "Mr X agreed" (a person
            // agreeing) over "agreed".
            if frames.last().is_some_and(|f| m.start < f.end) {
                continue;
            }
            let state = match m.yields {
                "carry" => {
                    carry = true;
                    carried
                }
                y => State::of(y),
            };
            // A frame whose rule marks where its scope starts (group
            // `scope`: "The Nursing Home | pay ...", "complaint | that ...")
            // ends there.
            // Captures only for such a rule: most frames have no group, and
            // a capture search costs many times the plain one.
            let has_scope = m.rule.regex().capture_names().any(|n| n == Some("scope"));
            let end = match has_scope.then(|| m.rule.regex().captures(&text[m.start..])) {
                Some(Some(c)) => c.name("scope").map_or(m.end, |v| m.start + v.start()),
                _ => m.end,
            };
            let clause_start = clauses
                .iter()
                .find(|c| m.start < c.end)
                .map_or(0, |c| c.start);
            // Embedded: a later frame of its clause that does not open a new
            // item (a separator, then at most a subject, before it).
            let follows = (clause_start == 0 && imperative())
                || frames
                    .iter()
                    .any(|f| f.start >= clause_start && !f.backwards && f.embedded_until.is_none());
            // In an imperative item a comma may end an opening phrase
            // ("Remind staff that in considering X, the Council should ..."):
            // only a coordinator opens a new item there.
            let opens = !follows
                || separators()
                    .iter()
                    .rfind(|s| s.start >= clause_start && s.end <= m.start)
                    .is_some_and(|s| {
                        rules.any_match("clause.subject", &text[s.end..m.start])
                            && (!imperative()
                                || rules.any_match("clause.coordinator", &text[s.start..s.end]))
                    });
            // Reported speech and suppositions own the rest of their clause
            // wherever they stand ("Mr X's complaint that ...").
            // ... except a question that is the object of an inquiry ("will
            // check whether ..."): the inquiry is the item.
            let question = state == State::Hypothetical
                && rules.any_match(
                    "clause.inquiry",
                    &text[crate::extract::outcome::floor_char(
                        text,
                        m.start.saturating_sub(INQUIRY_BEFORE),
                    )..m.start],
                );
            let dominant = matches!(state, State::Reported | State::Hypothetical) && !question;
            let embedded_until = ((!opens || question) && !dominant).then(|| {
                separators()
                    .iter()
                    .find(|s| s.start >= end)
                    .map_or(text.len(), |s| s.start)
            });
            frames.push(Frame {
                start: m.start,
                end,
                state,
                backwards: m.yields == "nominal",
                embedded_until,
                question,
            });
        }
        for (relative, at) in resumes {
            // The clause before the relative one, or the one the relative
            // clause goes on (`clause.continues`: "refund the charges, which
            // total £1,234, and to apologise").
            let Some(before) = clauses
                .iter()
                .find(|c| c.end == relative || (c.start <= relative && c.end == at))
            else {
                continue;
            };
            let state = frames
                .iter()
                .rfind(|f| {
                    f.start >= before.start
                        && f.end <= before.end
                        && !f.backwards
                        && f.embedded_until.is_none()
                        // "refund the £95 she paid; and to remind ...": the
                        // sum the person paid describes the item's object.
                        && f.state != State::Claim
                })
                .map(|f| f.state);
            if let Some(state @ (State::Agreed | State::Obliged)) = state {
                if !frames.iter().any(|f| f.start >= at && f.start < at + 1) {
                    frames.push(Frame {
                        start: at,
                        end: at,
                        state,
                        backwards: false,
                        embedded_until: None,
                        question: false,
                    });
                }
            }
        }
        frames.sort_by_key(|f| f.start);
        Analysed {
            text,
            clauses,
            frames,
            carry,
        }
    }

    /// The clause that holds byte `pos`.
    pub fn clause_at(&self, pos: usize) -> Range<usize> {
        self.clauses
            .iter()
            .find(|c| pos < c.end || c.end == self.text.len())
            .cloned()
            .unwrap_or(0..self.text.len())
    }

    fn frames_in(&self, clause: &Range<usize>) -> impl Iterator<Item = &Frame> {
        let c = clause.clone();
        self.frames
            .iter()
            .filter(move |f| f.start >= c.start && f.start < c.end)
    }

    /// What governs byte `pos`: reported speech earlier in its clause; else
    /// the last frame before it in its clause; else a nominal frame after it
    /// (or around it) in its clause; else nothing. Embedded frames are passed over.
    pub fn state_at(&self, pos: usize) -> State {
        let clause = self.clause_at(pos);
        let before: Vec<&Frame> = self
            .frames_in(&clause)
            .filter(|f| f.end <= pos && !f.backwards && f.embedded_until.is_none())
            .collect();
        // Reported speech and suppositions own the rest of their clause;
        // an inquiry's question owns the rest of its item.
        if let Some(f) = before
            .iter()
            .find(|f| matches!(f.state, State::Reported | State::Hypothetical))
        {
            return f.state;
        }
        if self.frames_in(&clause).any(|f| {
            f.question && f.end <= pos && f.embedded_until.is_some_and(|until| pos < until)
        }) {
            return State::Hypothetical;
        }
        if let Some(f) = before.last() {
            return f.state;
        }
        // A nominal frame governs the text before it, and a sum inside its
        // own words ("a payment of two hundred pounds has been agreed").
        if self.frames_in(&clause).any(|f| f.backwards && pos < f.end) {
            return State::Nominal;
        }
        State::None
    }

    /// The state of the sentence's last frame (what a `carry` frame in the
    /// next sentence takes), `None` without frames.
    pub fn last_state(&self) -> State {
        match self.frames.last() {
            Some(f) => self.state_at(f.end),
            None => State::None,
        }
    }

    /// True when reported speech or a supposition governs `pos`.
    pub fn reported_before(&self, pos: usize) -> bool {
        matches!(self.state_at(pos), State::Reported | State::Hypothetical)
    }

    /// The spans governed by frames: after each forward frame up to the next
    /// frame or the end of its clause; before each nominal frame back to the
    /// previous frame or the start of its clause. Embedded frames neither
    /// start nor end a span. With `whole`, text before a clause's first
    /// frame is one span of state `None` (list items of the agreed action
    /// have no frame of their own).
    pub fn scopes(&self, whole: bool) -> Vec<Scope> {
        let mut out = Vec::new();
        for clause in &self.clauses {
            let fs: Vec<&Frame> = self
                .frames_in(clause)
                .filter(|f| f.embedded_until.is_none())
                .collect();
            // Text before the first frame has none (a list item of the
            // agreed action whose later words quote the law).
            let first = fs.first().map_or(clause.end, |f| f.start);
            if whole && first > clause.start {
                out.push(Scope {
                    range: clause.start..first,
                    state: State::None,
                });
            }
            if fs.is_empty() {
                continue;
            }
            // After reported speech or a supposition, every later frame of
            // the clause is theirs.
            let dominant = fs
                .iter()
                .position(|f| matches!(f.state, State::Reported | State::Hypothetical));
            for (k, f) in fs.iter().enumerate() {
                let state = match dominant {
                    Some(d) if k > d => fs[d].state,
                    _ => f.state,
                };
                let range = if f.backwards {
                    let from = if k == 0 { clause.start } else { fs[k - 1].end };
                    from..f.start
                } else {
                    let to = fs.get(k + 1).map_or(clause.end, |n| n.start);
                    f.end..to
                };
                if range.start < range.end {
                    out.push(Scope {
                        range,
                        state: if f.backwards { State::Nominal } else { state },
                    });
                }
            }
        }
        out
    }
}

/// The items of a list of remedies in `text[range]`: it divides at a
/// `remedy.item_separator` (`, `, ` and `, `; `) only where the next words
/// start a remedy item (`remedy.item_start`), so that "apologise to Mr and
/// Mrs X for the distress and frustration" stays one item.
pub fn items(rules: &RuleSet, text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let part = &text[range.clone()];
    let mut out = Vec::new();
    let mut start = 0;
    for m in rules.marks("remedy.item_separator", part) {
        if m.start < start {
            continue;
        }
        let rest = &part[m.end..];
        let starts_item = rules.prefix_end("remedy.item_start", rest).is_some();
        // "in completing the assessment and issuing a plan": one item.
        let next_word = rest.split_whitespace().next().unwrap_or("");
        let continues = starts_item
            && rules.any_match(
                "remedy.item_continues",
                &format!("{}{}", &part[start..m.end], next_word),
            );
        if starts_item && !continues {
            if m.start > start {
                out.push(range.start + start..range.start + m.start);
            }
            start = m.end;
        }
    }
    if start < part.len() {
        out.push(range.start + start..range.end);
    }
    out.retain(|r| !text[r.clone()].trim().is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(text: &str, at: &str) -> State {
        let rules = RuleSet::embedded();
        let a = Analysed::new(&rules, text, State::None);
        a.state_at(text.find(at).unwrap())
    }

    #[test]
    fn a_frame_governs_its_own_clause() {
        let t = "Mr X wants an apology, but the Council has agreed to pay him £200.";
        assert_eq!(state(t, "an apology"), State::Reported);
        assert_eq!(state(t, "£200"), State::Agreed);
        let t = "Mr B says the Council should pay him £500.";
        assert_eq!(state(t, "£500"), State::Reported);
        let t = "We will not investigate because the Council has already paid her £300.";
        assert_eq!(state(t, "£300"), State::Already);
        let t = "The Council will not refund the £200.";
        assert_eq!(state(t, "£200"), State::Negated);
    }

    #[test]
    fn nominal_and_carried_frames() {
        let t = "An apology, payment to Mr B and training for officers is satisfactory remedy.";
        assert_eq!(state(t, "payment"), State::Nominal);
        let rules = RuleSet::embedded();
        let first = Analysed::new(
            &rules,
            "The Council agreed to our recommendations.",
            State::None,
        );
        assert_eq!(first.last_state(), State::Agreed);
        let t = "This included an apology and a £1,000 payment.";
        let a = Analysed::new(&rules, t, first.last_state());
        assert_eq!(a.state_at(t.find("£1,000").unwrap()), State::Agreed);
    }

    #[test]
    fn items_divide_where_a_remedy_starts() {
        let rules = RuleSet::embedded();
        let t = "apologise to Mr and Mrs X for the distress and frustration, pay them £200 and review its procedures";
        let got: Vec<&str> = items(&rules, t, 0..t.len())
            .into_iter()
            .map(|r| t[r].trim())
            .collect();
        assert_eq!(
            got,
            [
                "apologise to Mr and Mrs X for the distress and frustration",
                "pay them £200",
                "review its procedures"
            ]
        );
    }
}
