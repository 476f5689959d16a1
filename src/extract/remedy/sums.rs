//! The sums of one sentence: which are this decision's payments, which were
//! already provided, and which count nowhere.
//!
//! A sum's state is its clause's frame at that point ([`Analysed::state_at`]),
//! unless the words right after it say otherwise (`money.post_state`: "the
//! £2,000 already paid", "the £250 the Council has offered"). A payment also
//! needs a remedy verb or noun (`money.verb`) before it in its clause, or
//! just after it ("a £200 payment"); a rent, grant or fee between the verb and
//! the sum (`money.not_remedy`) is a sum the text talks about. In the agreed
//! action, and in an imperative list item ("pay the teenager £550"), a sum
//! with no frame is agreed.

use super::payees;
use super::purposes;
use super::Found;
use crate::extract::clause::{Analysed, State};
use crate::extract::money::{self, Amount};
use crate::extract::section::Section;
use crate::extract::sentence::{strip_marker, Sentence};
use crate::extract::Page;
use crate::record::{Gbp, Payment, Record};
use crate::rules::{Mark, RuleSet};

/// A lead-in that ends with a payment verb and a colon ("The Council has
/// agreed to pay Mr F:"): the list items under it ("- £200 for his
/// distress") are its sums, under its verb and frame.
#[derive(Clone, Copy)]
struct LeadIn<'r> {
    line: usize,
    verb: Mark<'r>,
    state: State,
}

/// Bytes a lead-in's payment verb may stand before its colon (the payee
/// between them).
const LEAD_IN_TAIL: usize = 60;

/// What the sums of a page's sentences give.
#[derive(Default)]
pub struct Sums<'r> {
    /// Payments, by source.
    pub summary: Vec<Found>,
    pub action: Vec<Found>,
    pub body: Vec<Found>,
    /// Sums already provided, with their 0-based line.
    pub already: Vec<(Gbp, usize)>,
    /// A payment to "each of" people whose number the page does not state.
    pub unknown_count: bool,
    /// Sums of this decision's remedy that the text does not settle (a cap,
    /// "up to £500", or a payment only to be considered), with their 0-based
    /// line: no payment, and no total.
    pub unsettled: Vec<(Gbp, usize)>,
    /// Money already offered or provided that the text does not settle ("it
    /// had offered up to £200"), with its 0-based line: no already-provided
    /// figure.
    pub unsettled_already: Vec<(Gbp, usize)>,
    /// A sum, or a rate over its periods, too large for 64-bit pence.
    pub overflow: bool,
    /// Whether `money.background` matches a line, for the last line asked:
    /// its sentences come one after another, and a page that is one long
    /// line must not be searched again for each of its sums.
    background_line: Option<(usize, bool)>,
    /// The open lead-in, while the lines after it are list items.
    lead_in: Option<LeadIn<'r>>,
    /// The sums of the last sentences with sums, one after another, when
    /// none of them counted (someone's cost, a sum the text names), each
    /// with its sentence's index: what a later "reimburse this" (the one sum
    /// of the last such sentence) or "reimburse these" (all of them: "Mr W
    /// paid £60 for a letter. He also paid £40 for copies.") pays.
    named: Vec<(Gbp, usize)>,
    /// "The Council refunded £150 of the £400 Mrs Y paid", "The Council
    /// billed Mrs T £2,400. It refunded £1,000.": the whole and the part of
    /// it paid, for a later "refund the rest".
    whole_of: Option<(Gbp, Gbp)>,
    /// What "pay the balance" came to, once read: a later one (the agreed
    /// action after the summary) pays the same.
    remainder: Option<Gbp>,
    /// Where the last sum of `named` ends in its sentence.
    named_end: Option<usize>,
    /// Every sum of the page so far that counted nowhere, with the words
    /// after it in its clause, lowercased (what it paid for): what "refund
    /// the cost of the private assessment" pays, however far back. At most
    /// [`NAMED_KEPT`].
    named_for: Vec<(Gbp, String)>,
    /// "refund the cost of the uniform" read before any sum names a uniform:
    /// what a later sentence's sum pays when its words name it.
    pending_named: Vec<PendingNamed>,
    /// The 0-based line of the first agreed refund of costs the text puts no
    /// figure on ("reimburse Mr M's costs"): no settled total.
    pub unnamed_costs: Option<usize>,
}

/// A reference by what it paid for (`named`) whose sum the page names only
/// after it.
struct PendingNamed {
    /// The thing it names, without its ending (`money.stem`).
    noun: String,
    kind: String,
    section: Section,
    sentence: usize,
    evidence: crate::record::Evidence,
}

/// Named references kept for a sum named after them.
const PENDING_KEPT: usize = 4;

/// A word without its ending (`money.stem`): "taxis" and "taxi" compare
/// equal.
fn stem(rules: &RuleSet, w: &str) -> String {
    let cut = rules
        .field("money.stem")
        .find_map(|r| r.regex().find(w).filter(|m| m.end() == w.len()))
        .map_or(w.len(), |m| m.start());
    w[..if cut >= 3 { cut } else { w.len() }].to_string()
}

/// Whether the lowercased words of a sum name `noun` (a stem).
fn names(rules: &RuleSet, words: &str, noun: &str) -> bool {
    words
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .any(|w| stem(rules, w) == noun)
}

/// Sums a sentence may name for a later "reimburse these".
const NAMED_MAX: usize = 4;
/// Named sums kept for a reference by what they paid for, and the bytes of
/// words after each.
const NAMED_KEPT: usize = 16;
const NAMED_WORDS: usize = 80;

/// Sentences after a named sum within which "reimburse this" can pay it.
const REFERENCE_REACH: usize = 2;

impl<'r> Sums<'r> {
    /// Notes whether sentence `s` (analysed as `a`, when it was) opens a
    /// lead-in to a list of sums, goes on with one (a list item on a later
    /// line), or ends it. Called for every sentence, in order.
    pub fn track_lead_in(&mut self, rules: &'r RuleSet, s: &Sentence, a: Option<&Analysed>) {
        let text = s.text.trim_end();
        if let Some(body) = text.strip_suffix(':') {
            self.lead_in = rules
                .marks("money.verb", body)
                .into_iter()
                .next_back()
                .filter(|v| body.len() - v.end <= LEAD_IN_TAIL)
                .map(|verb| LeadIn {
                    line: s.line,
                    verb,
                    state: a.map_or(State::None, |a| a.state_at(verb.start)),
                });
            return;
        }
        if let Some(l) = self.lead_in {
            let marked = strip_marker(rules, s.text).len() < s.text.len();
            if !(marked && s.line > l.line) {
                self.lead_in = None;
            }
        }
    }

    fn line_is_background(&mut self, page: &Page, line: usize) -> bool {
        match self.background_line {
            Some((l, b)) if l == line => b,
            _ => {
                let b = page
                    .rules
                    .any_match("money.background", page.cleaned.line(line));
                self.background_line = Some((line, b));
                b
            }
        }
    }
}

/// Reads the sums of sentence `index` (`s`, analysed as `a`) into `sums`.
pub fn read<'r>(
    page: &Page<'r>,
    rec: &Record,
    index: usize,
    s: &Sentence,
    prev: Option<&Sentence>,
    a: &Analysed,
    sums: &mut Sums<'r>,
) {
    let rules = page.rules;
    let mut amounts = money::amounts(rules, s.text, &mut sums.overflow);
    if amounts.is_empty() {
        return;
    }
    // "The Council failed to visit on eight occasions. It should pay £20 for
    // each missed visit.": a rate per event counted in its sentence or the
    // one before it (on its line or the line before) is that many sums.
    let prev = prev.filter(|p| p.line + 1 >= s.line).map_or("", |p| p.text);
    for am in &mut amounts {
        if let (true, None, true, Some((from, to))) = (am.rate, am.periods, am.back, am.per) {
            am.periods =
                money::counted_before(rules, &[prev, &s.text[..am.start]], &s.text[from..to]);
        }
    }
    // The rules read every sum as figures: "increase its offer from one
    // hundred pounds to two hundred and fifty pounds" is read as "from £100
    // to £250", so that a rule written with `£` reads sums in words too.
    // Offsets are the sentence's own (the figure is padded to the words'
    // length). Purposes are cut from the sentence as written.
    let figures = money::as_figures(s.text, &amounts);
    let text: &str = &figures;
    // Money paid for an earlier complaint is background.
    let background =
        rules.any_match("money.background", text) || sums.line_is_background(page, s.line);
    let mut verbs = rules.marks("money.verb", text);
    // A verb rule that ends with `£` or a sum's first word governs only the
    // sum right after it ("give Mr X £200", "give Mr X two hundred pounds"):
    // its mark ends where the sum starts.
    for v in &mut verbs {
        if let Some(am) = amounts
            .iter()
            .find(|a| a.start >= v.start && a.start < v.end && v.end <= a.end)
        {
            v.end = am.start;
        }
    }
    // An item under a lead-in ("- £200 for his distress") with no verb
    // before its first sum has the lead-in's.
    let lead_in = sums.lead_in.filter(|l| l.line < s.line);
    if let Some(l) = lead_in {
        if !verbs.iter().any(|v| v.end <= amounts[0].start) {
            verbs.insert(
                0,
                Mark {
                    start: 0,
                    end: 0,
                    ..l.verb
                },
            );
        }
    }
    let imperative = rules.any_match("money.imperative", strip_marker(rules, text));
    let section = s.section;
    let out = match section {
        Section::Summary => &mut sums.summary,
        Section::Action => &mut sums.action,
        _ => &mut sums.body,
    };
    let first_of_sentence = out.len();
    let mut prev_end = 0;
    let mut counted: Vec<Gbp> = Vec::new();
    // Sums of this sentence already provided (earlier sentences of the
    // paragraph too: "The Council had offered £300. It will pay a further
    // £200, making £500 in total.").
    let mut already_here: Vec<Gbp> = sums
        .already
        .iter()
        .filter(|(_, line)| *line == s.line)
        .map(|(g, _)| *g)
        .collect();
    // "reduce her bill from £1,500 to £1,020": the figure it came from.
    let mut reduced_from: Option<Gbp> = None;
    let breakdown = breakdown_parts(rules, text, &amounts);
    // The sums of this sentence that counted nowhere, with the words after
    // each in its clause.
    let mut unplaced: Vec<(Gbp, std::ops::Range<usize>)> = Vec::new();
    // Where the words before each of them start in its clause ("The survey
    // cost £350": what it paid for may stand before it).
    let mut unplaced_from: Vec<usize> = Vec::new();
    let already_before = sums.already.len();
    for (am, &part) in amounts.iter().zip(&breakdown) {
        let anchor_end = prev_end;
        prev_end = am.end;
        let context = context(rules, text, am);
        // A part of the sum before it counts nowhere, unless it was already
        // provided ("£1,000, which includes the £250 it has already
        // offered": `money.less` then takes it off).
        if part && context != Some("already") {
            continue;
        }
        // "pay the care provider the £1,100 it owes": a bill the
        // organisation pays, not a remedy.
        // "paid £200 of the £700 she spent": the whole the part before it
        // comes out of.
        if matches!(context, Some("owed" | "whole")) {
            if let (Some("whole"), Some(whole), Some(k)) = (
                context,
                am.total(),
                amounts.iter().position(|b| b.start == am.start),
            ) {
                sums.whole_of = k
                    .checked_sub(1)
                    .and_then(|j| amounts[j].total())
                    .filter(|part| part.0 < whole.0)
                    .map(|part| (whole, part));
            }
            continue;
        }
        let Some(total) = am.total() else {
            sums.overflow = true;
            continue;
        };
        let clause = a.clause_at(am.start);
        // A charge reduced from one figure to another: only the difference
        // is waived, and a figure reduced to alone is what is still owed.
        let total = match context {
            Some("reduced_from") => {
                reduced_from = Some(total);
                continue;
            }
            Some("reduced_to") => match reduced_from.take() {
                Some(from) if from.0 > total.0 => Gbp(from.0 - total.0),
                _ => continue,
            },
            _ => total,
        };
        let is_total = context == Some("total")
            || rules.any_match("money.total", &text[clause.start.max(anchor_end)..am.start]);
        if is_total {
            // "£50 per month ... A total of £100": the total replaces the
            // open rate just before it.
            if let Some(last) = out.last_mut() {
                if last.open_rate && s.line + 1 - last.payment.evidence.line <= 1 {
                    last.payment.amount_gbp = am.gbp;
                    last.payment.per = None;
                    last.open_rate = false;
                    continue;
                }
            }
            // "£150 and £200, a total of £350": already counted; "a
            // further £200, making £500 in total" with £300 offered before.
            let with_already: Vec<Gbp> = counted.iter().chain(&already_here).copied().collect();
            if (!counted.is_empty() && sum(&counted) == Some(am.gbp))
                || (!already_here.is_empty() && sum(&with_already) == Some(am.gbp))
            {
                continue;
            }
        }
        let after = &text[am.end..clause.end.max(am.end)];
        let frame = match (state_past_condition(rules, text, a, am.start), lead_in) {
            // "Mr I's landlord paid the £420 deposit": someone else's money.
            _ if context == Some("others") => State::Claim,
            (State::None, Some(l)) => l.state,
            (st, _) => st,
        };
        // "It had offered up to £200": a cap settles no sum already provided.
        if context == Some("unsettled") && matches!(frame, State::Offered | State::Already) {
            sums.unsettled_already.push((total, s.line));
            continue;
        }
        // Someone's cost or a sum the text names, not a rate or a cap:
        // what a later "reimburse this" may pay.
        if matches!(frame, State::None | State::Claim)
            && !am.rate
            && matches!(context, None | Some("others"))
            && !background
        {
            unplaced.push((total, am.end..clause.end.max(am.end)));
            // (Only for the first sum of its clause: the words after an
            // earlier sum are that sum's.)
            unplaced_from.push(if anchor_end > clause.start {
                am.start
            } else {
                clause.start
            });
        }
        let earlier_stage = rules.any_match("money.earlier_stage", &text[clause.clone()]);
        // "If the appeal succeeds, the Council will pay Mr D £640": a
        // remedy that may be paid, whose sum the text does not settle ("pay
        // £150, if it has not already done so" is settled).
        let conditional = conditional(rules, text, &clause, am.end);
        let mut state = match (context, frame) {
            (Some("already"), _) => State::Already,
            (_, State::Offered) => State::Already,
            (_, State::Nominal | State::Obliged) => State::Agreed,
            (_, State::None) if imperative || section == Section::Action => State::Agreed,
            (Some("existing"), st) if st != State::Agreed => State::Already,
            (_, State::None)
                if rules.any_match("money.goodwill", &text[clause.start..am.start]) =>
            {
                State::Already
            }
            (_, st) => st,
        };
        // "The stage two investigation ... recommended a payment of £300":
        // an earlier stage's remedy, not this decision's.
        if state == State::Agreed && earlier_stage {
            state = State::None;
        }
        // The complaint and the background tell history: money already
        // provided counts, nothing else.
        if matches!(section, Section::Complaint | Section::Background) && state != State::Already {
            continue;
        }
        let verb = nearest_verb(&verbs, clause.start, am);
        // "pay the grant of £30,000", "has paid her care fees of £4,200 per
        // week": a sum the text talks about, unless it is refunded or waived.
        if let Some(v) = verb {
            let from = v.end.min(am.start).max(anchor_end);
            // "pay Mr Q's rent arrears of £1,500": a debt the remedy clears.
            if matches!(state, State::Agreed | State::Already)
                && v.yields == "payment"
                && rules.any_match("money.not_remedy", &text[from..am.start])
                && !rules.any_match("money.debt_cleared", &text[from..am.start])
            {
                continue;
            }
        }
        // "refund any overpayment, which it estimates will be £1,000 to
        // £2,000": a cap or range of a remedy the sentence names, though its
        // verb stands in another clause, settles no sum.
        if state == State::Agreed
            && context == Some("unsettled")
            && verb.is_none()
            && !verbs.is_empty()
        {
            sums.unsettled.push((total, s.line));
            continue;
        }
        // A payment of this decision needs a remedy verb or noun.
        if state == State::Agreed && verb.is_none() {
            continue;
        }
        // A verb that governed an earlier sum governs this one only when it
        // is another of its sums ("£200 for distress and £100 for time"),
        // not one inside the first's purpose ("£200 towards the £900 cost").
        if let Some(v) = verb {
            // ("from £100 to £250" is one change, read by its context.)
            if state == State::Agreed
                && !matches!(context, Some("reduced_to" | "raised_to"))
                && anchor_end > v.end
                && v.end <= am.start
                && !rules.any_match("money.coordination", &text[anchor_end..am.start])
            {
                continue;
            }
        }
        match state {
            State::Already if background => {}
            State::Already => {
                // "£500, less the £200 it has already paid": the new money is
                // the difference.
                if rules.any_match("money.less", &text[anchor_end..am.start]) {
                    if let Some(last) = out[first_of_sentence..]
                        .last_mut()
                        .filter(|f| f.payment.amount_gbp.0 > total.0)
                    {
                        last.payment.amount_gbp = Gbp(last.payment.amount_gbp.0 - total.0);
                    }
                }
                sums.already.push((total, s.line));
                already_here.push(total);
            }
            // "pay Mr O £200 ... It has already paid him £50, so it should pay
            // the remaining £150": the remainder is the earlier payment less
            // what was paid.
            State::Agreed
                if context == Some("remainder")
                    && out.iter().rev().take(8).any(|f| {
                        sums.already
                            .iter()
                            .any(|(g, _)| f.payment.amount_gbp.0 == total.0 + g.0)
                    }) =>
            {
                if let Some(f) = out.iter_mut().rev().take(8).find(|f| {
                    sums.already
                        .iter()
                        .any(|(g, _)| f.payment.amount_gbp.0 == total.0 + g.0)
                }) {
                    f.payment.amount_gbp = total;
                }
            }
            // "consider paying up to £500", "if the appeal succeeds, pay
            // £640": a remedy whose sum is not settled.
            State::Agreed if context == Some("unsettled") || conditional => {
                sums.unsettled.push((total, s.line));
            }
            State::Agreed => {
                // "It had offered £100 ... agreed to increase this to £250":
                // this decision adds the difference. An offer stated in an
                // earlier paragraph ("The Council paid Ms D £150." in the
                // summary, "increase its payment to £400" in the agreed
                // action) is the one raised when the paragraph states none.
                let offered = already_here
                    .last()
                    .or_else(|| sums.already.last().map(|(g, _)| g));
                let total = match (context, offered) {
                    (Some("raised_to"), Some(offered)) if offered.0 < total.0 => {
                        Gbp(total.0 - offered.0)
                    }
                    (Some("raised_to"), Some(_)) => continue,
                    _ => total,
                };
                let v = verb.expect("checked above");
                let recipient = payees::recipient(page, rec, text, v.end.max(anchor_end), am)
                    .or_else(|| {
                        // "pay Mr X a symbolic payment of £500": the payee
                        // follows the first verb of the run, not "payment".
                        verbs
                            .iter()
                            .filter(|m| {
                                m.end <= v.start && m.end >= anchor_end && v.start - m.end <= 40
                            })
                            .max_by_key(|m| m.end)
                            .and_then(|m| payees::recipient(page, rec, text, m.end, am))
                    });
                // "make two payments of £150": as many as the words count.
                let counted_before = rules
                    .field("money.count_before")
                    .find_map(|r| {
                        r.captures(&text[anchor_end..am.start])
                            .and_then(|c| c.name("n"))
                    })
                    .and_then(money::number);
                let count = match counted_before {
                    Some(n) => n,
                    None => {
                        payees::count(page, rec, recipient.as_deref(), after).unwrap_or_else(|| {
                            sums.unknown_count = true;
                            1
                        })
                    }
                };
                // "pay her £500 for x, £3,000 for y": the later sums go to
                // the same payee.
                let recipient = recipient.or_else(|| {
                    (anchor_end > v.end)
                        .then(|| out.last().and_then(|f| f.payment.recipient.clone()))
                        .flatten()
                        .filter(|r| !payees::is_each(rules, r))
                });
                let payment = Payment {
                    amount_gbp: total,
                    recipient,
                    purpose: purposes::purpose(rules, &s.text[am.end..])
                        .or_else(|| (v.yields != "payment").then(|| v.yields.to_string())),
                    kind: v.yields.to_string(),
                    per: am
                        .per
                        .filter(|_| am.periods.is_none())
                        .map(|(a, b)| text[a..b].to_ascii_lowercase()),
                    evidence: page.evidence_of(s),
                };
                let less_already = rules.any_match("money.less_unnamed", &text[am.end..]);
                for _ in 0..count {
                    out.push(Found {
                        payment: payment.clone(),
                        sentence: index,
                        open_rate: am.rate && am.periods.is_none(),
                        nominal: frame == State::Nominal,
                        total: is_total,
                        less_already,
                    });
                }
                counted.push(total);
            }
            _ => {}
        }
    }
    // Whether any sum of it counted (a payment or money already provided).
    let placed = !counted.is_empty() || sums.already.len() > already_before;
    // A sum that became a payment or money already provided is no sum
    // named for later.
    let (mut unplaced, unplaced_from): (Vec<_>, Vec<_>) = unplaced
        .into_iter()
        .zip(unplaced_from)
        .filter(|((g, _), _)| {
            !counted.contains(g) && !sums.already[already_before..].iter().any(|(a, _)| a == g)
        })
        .unzip();
    let mut words_of: Vec<(Gbp, String)> = Vec::new();
    for ((g, words), &from) in unplaced.iter().zip(&unplaced_from) {
        let to =
            crate::extract::outcome::floor_char(s.text, words.end.min(words.start + NAMED_WORDS));
        let from = crate::extract::outcome::floor_char(
            s.text,
            from.max(words.start.saturating_sub(NAMED_WORDS)),
        );
        // The words before the sum, then those after it.
        let before = s.text.get(from..words.start).unwrap_or_default();
        let before = before.rsplit_once('£').map_or(before, |(b, _)| b);
        let after = s.text.get(words.start..to).unwrap_or_default();
        words_of.push((*g, format!("{before} {after}").to_lowercase()));
    }
    // "Summary: ... refund the cost of the uniform. ... Mrs B bought a new
    // uniform for £85.": a reference read before its sum pays the one sum
    // of a later sentence that names it.
    let mut paid_forward: Vec<Gbp> = Vec::new();
    sums.pending_named.retain(|p| {
        let mut which = words_of
            .iter()
            .filter(|(g, w)| !paid_forward.contains(g) && names(rules, w, &p.noun));
        let (Some((g, _)), None) = (which.next(), which.next()) else {
            return true;
        };
        let found = Found {
            payment: Payment {
                amount_gbp: *g,
                recipient: None,
                purpose: Some(p.kind.to_string()),
                kind: p.kind.to_string(),
                per: None,
                evidence: p.evidence.clone(),
            },
            sentence: p.sentence,
            open_rate: false,
            nominal: false,
            total: false,
            less_already: false,
        };
        paid_forward.push(*g);
        match p.section {
            Section::Summary => sums.summary.push(found),
            Section::Action => sums.action.push(found),
            _ => sums.body.push(found),
        }
        false
    });
    for (g, words) in words_of {
        if sums.named_for.len() < NAMED_KEPT && !paid_forward.contains(&g) {
            sums.named_for.push((g, words));
        }
    }
    unplaced.retain(|(g, _)| !paid_forward.contains(g));
    let placed = placed || !paid_forward.is_empty();
    // "The Council billed Mrs T £2,400 ... In August it refunded £1,000.":
    // the one sum named just before is the whole the money already paid
    // came out of, for a later "refund the remainder".
    if let ([(whole, at)], [(part, _)]) = (sums.named.as_slice(), &sums.already[already_before..]) {
        if index <= at + REFERENCE_REACH && part.0 < whole.0 {
            sums.whole_of = Some((*whole, *part));
        }
    }
    match (placed, unplaced.len()) {
        (false, 0) => {}
        (false, n) if n <= NAMED_MAX => {
            // Sums named in the sentence just before go on with these.
            if sums.named.last().is_some_and(|(_, at)| at + 1 != index)
                || sums.named.len() + n > NAMED_MAX
            {
                sums.named.clear();
            }
            sums.named.extend(unplaced.iter().map(|(g, _)| (*g, index)));
            sums.named_end = unplaced.last().map(|(_, words)| words.start);
        }
        _ => sums.named.clear(),
    }
}

/// "Mrs X paid £420 for the repair. The Council will reimburse this.": a
/// remedy verb that takes a word that points back (`money.reference`) pays
/// money named before it, when an agreed or obliged frame governs the verb
/// (or the sentence is an item of the agreed action):
///
/// - "reimburse this", "refund that cost" (`one`): the one sum named just
///   before ([`REFERENCE_REACH`] sentences);
/// - "reimburse these costs", "refund both sums" (`several`): every sum the
///   sentence just before named;
/// - "refund the cost of the private assessment" (`named`): the one sum
///   named anywhere before on the page whose own words name the thing it
///   paid for ("Mr B paid £350 for a private occupational therapy
///   assessment"), after a refund or reimbursement verb only;
/// - "pay the balance" (`remainder`): this decision's payment less the money
///   already paid ("agreed to pay Mr M £600 ... paid him £250 ... pay the
///   balance" is £350 and £250 already provided).
///
/// An offer of it ("has since offered to refund these fees") is money
/// already offered, as an offered sum is. Refused, asked for or supposed is
/// no payment ("Mrs X wants the Council to reimburse this"), and a
/// condition ("if the appeal succeeds, reimburse this": `money.condition`)
/// leaves the total null. A sentence with sums of its own is read for a
/// reference too: before its sums, a verb before its first sum ("agreed to
/// refund these fees and pay her £100"); after them (`own`), a verb after
/// the sums it named that counted nowhere pays those ("Mrs A paid £90 for
/// taxis, and the Council has agreed to reimburse this").
pub fn read_reference<'r>(
    page: &Page<'r>,
    index: usize,
    s: &Sentence,
    a: &Analysed,
    sums: &mut Sums<'r>,
    own: bool,
) {
    // The verbs it may be: after the sums this sentence named; before them,
    // any verb, but after a sum that may be named (someone's cost, "Mrs A
    // paid £90 for taxis, and ..."), only once the sentence's sums are read.
    let own_window = if own {
        match (sums.named.last(), sums.named_end) {
            (Some((_, at)), Some(end)) if *at == index => Some(end..s.text.len()),
            _ => return,
        }
    } else {
        None
    };
    if sums
        .named
        .last()
        .is_some_and(|(_, at)| index > at + REFERENCE_REACH)
    {
        sums.named.clear();
    }
    let rules = page.rules;
    let text = s.text;
    let section = s.section;
    if matches!(section, Section::Complaint | Section::Background) {
        return;
    }
    // Most sentences have no verb followed by a reference: the window, the
    // frame and the imperative are found only for one that has.
    let mut window = None;
    let mut imperative = None;
    // The verb, the reference's kind and, for `named`, the thing it names.
    let found = rules.marks("money.verb", text).into_iter().find_map(|v| {
        let after = &text[v.end..];
        let (kind, noun) = rules.field("money.reference").find_map(|r| {
            let c = r.captures(after)?;
            let noun = c.name("noun").or_else(|| c.name("noun2"));
            Some((r.yields(), noun.map(str::to_lowercase)))
        })?;
        let window = window.get_or_insert_with(|| {
            own_window.clone().unwrap_or_else(|| {
                let first = rules.marks("money.amount", text).first().map(|m| m.start);
                match first {
                    Some(at) if matches!(a.state_at(at), State::None | State::Claim) => 0..at,
                    _ => 0..text.len(),
                }
            })
        });
        if !window.contains(&v.start) {
            return None;
        }
        let governed = match state_past_condition(rules, text, a, v.start) {
            State::Agreed | State::Obliged | State::Nominal | State::Offered => true,
            State::None => {
                *imperative.get_or_insert_with(|| {
                    rules.any_match("money.imperative", strip_marker(rules, text))
                }) || section == Section::Action
            }
            _ => false,
        };
        if !governed || rules.any_match("money.earlier_stage", &text[a.clause_at(v.start)]) {
            return None;
        }
        Some((v, kind, noun))
    });
    let Some((v, kind, noun)) = found else { return };
    let last = sums.named.last().map(|(_, at)| *at);
    let of_last: Vec<Gbp> = sums
        .named
        .iter()
        .filter(|(_, at)| Some(*at) == last)
        .map(|(g, _)| *g)
        .collect();
    let gbps: Vec<Gbp> = match kind {
        // "Mrs K paid £60 for a taxi. She also paid £40 for copies. The
        // Council will reimburse this.": which sum, the text does not settle.
        "one" if of_last.len() == 1 && sums.named.len() > 1 => {
            sums.unsettled
                .extend(sums.named.iter().map(|(g, _)| (*g, s.line)));
            sums.named.clear();
            return;
        }
        "one" if of_last.len() == 1 => of_last,
        "several" if !sums.named.is_empty() => sums.named.iter().map(|(g, _)| *g).collect(),
        "named" if matches!(v.yields, "refund" | "reimbursement") => {
            // "taxi costs" names "£60 for taxis", "cleaning costs" "£180 to
            // have her carpets cleaned": words compared without their
            // endings (`money.stem`).
            let noun = stem(rules, &noun.unwrap_or_default());
            let mut which = sums
                .named_for
                .iter()
                .filter(|(_, words)| names(rules, words, &noun))
                .map(|(g, _)| *g);
            match (which.next(), which.next()) {
                (Some(g), None) => vec![g],
                // Named only later on the page (the summary before the
                // findings): paid when a sum names it, unless conditional
                // or only offered.
                (None, _)
                    if !noun.is_empty()
                        && sums.pending_named.len() < PENDING_KEPT
                        && a.state_at(v.start) != State::Offered
                        && !conditional(rules, text, &a.clause_at(v.start), v.end) =>
                {
                    if !sums.pending_named.iter().any(|p| p.noun == noun) {
                        sums.pending_named.push(PendingNamed {
                            noun,
                            kind: v.yields.to_string(),
                            section,
                            sentence: index,
                            evidence: page.evidence_of(s),
                        });
                    }
                    return;
                }
                _ => return,
            }
        }
        // "reimburse Mr M's costs once he sends evidence": money the text
        // puts no figure on, agreed (not offered, refused or wanted).
        "unnamed"
            if matches!(v.yields, "refund" | "reimbursement")
                && a.state_at(v.start) != State::Offered =>
        {
            sums.unnamed_costs.get_or_insert(s.line);
            return;
        }
        "remainder" => match read_remainder(sums) {
            Some(g) => vec![g],
            None => return,
        },
        _ => return,
    };
    // "if it is successful, to reimburse this": a remedy that may be paid,
    // whose sum the text does not settle.
    if conditional(rules, text, &a.clause_at(v.start), v.end) {
        sums.unsettled.extend(gbps.iter().map(|g| (*g, s.line)));
        sums.named.clear();
        return;
    }
    sums.named.clear();
    sums.named_for.retain(|(g, _)| !gbps.contains(g));
    if a.state_at(v.start) == State::Offered {
        sums.already.extend(gbps.iter().map(|g| (*g, s.line)));
        return;
    }
    let out = match section {
        Section::Summary => &mut sums.summary,
        Section::Action => &mut sums.action,
        _ => &mut sums.body,
    };
    for gbp in gbps {
        out.push(Found {
            payment: Payment {
                amount_gbp: gbp,
                recipient: None,
                purpose: (v.yields != "payment").then(|| v.yields.to_string()),
                kind: v.yields.to_string(),
                per: None,
                evidence: page.evidence_of(s),
            },
            sentence: index,
            open_rate: false,
            nominal: false,
            total: false,
            less_already: false,
        });
    }
}

/// "The Council agreed to pay Mr M £600. ... During our investigation it paid
/// him £250. It will pay the balance.": the latest payment of the page that
/// exceeds a sum already paid becomes the difference (the money already
/// paid is counted as such), and nothing more is paid; "The Council
/// refunded £150 of the £400 Mrs Y paid. It has agreed to refund the rest.":
/// the whole less the part already paid is a payment, returned; with no
/// money paid, "charged Mr B £640 instead of £400 ... refund the
/// difference": the difference of the two sums named just before. A balance
/// read once is what a later one pays (returned); with none of these, the
/// balance is no sum the text settles and nothing is paid.
fn read_remainder(sums: &mut Sums) -> Option<Gbp> {
    if let Some(g) = sums.remainder {
        return Some(g);
    }
    if let Some((whole, part)) = sums.whole_of {
        if sums.already.iter().any(|(g, _)| *g == part) {
            let rest = Gbp(whole.0 - part.0);
            sums.remainder = Some(rest);
            return Some(rest);
        }
    }
    // "The Council charged Mr B £640 instead of £400. It has agreed to
    // refund the difference.": two sums named just before, no money paid.
    if sums.already.is_empty() {
        if let [(x, _), (y, _)] = sums.named.as_slice() {
            let rest = Gbp(x.0.abs_diff(y.0) as i64);
            return (rest.0 > 0).then(|| {
                sums.remainder = Some(rest);
                rest
            });
        }
    }
    let &(paid, _) = sums.already.last()?;
    let latest = sums
        .summary
        .iter_mut()
        .chain(sums.body.iter_mut())
        .chain(sums.action.iter_mut())
        .filter(|f| !f.open_rate && f.payment.amount_gbp.0 > paid.0)
        .max_by_key(|f| f.sentence)?;
    latest.payment.amount_gbp = Gbp(latest.payment.amount_gbp.0 - paid.0);
    sums.remainder = Some(latest.payment.amount_gbp);
    None
}

/// The state at byte `pos` of sentence `text`, read past a condition that
/// opens it: in "If Mrs X accepts, the Council will pay her £300" the
/// reported frame ("Mrs X accepts") belongs to the condition, which ends at
/// its comma, and the payment's frame is the main clause's ("will"). Else
/// [`Analysed::state_at`].
fn state_past_condition(rules: &RuleSet, text: &str, a: &Analysed, pos: usize) -> State {
    let st = a.state_at(pos);
    if !matches!(st, State::Reported | State::Hypothetical) {
        return st;
    }
    let opening = text.len() - strip_marker(rules, text).trim_start().len();
    let Some(m) = rules
        .marks("money.condition", text)
        .into_iter()
        .find(|m| m.start == opening)
    else {
        return st;
    };
    match text[m.end..pos].find(',') {
        Some(k) => {
            let from = m.end + k + 1;
            Analysed::new(rules, &text[from..], State::None).state_at(pos - from)
        }
        None => st,
    }
}

/// Bytes before a condition that `clause.inquiry` sees.
const INQUIRY_BEFORE: usize = 40;

/// Whether a condition (`money.condition`) governs a payment in `clause` of
/// sentence `text` whose sum (or reference) ends at `end`: one in the clause
/// before it, or after it with no punctuation between ("pay Mr D £640 if the
/// appeal succeeds"; in "pay £2,250 for her costs, check and take action if
/// it has failed others" the condition is another item's), or one that
/// opens the sentence ("If the appeal succeeds, the Council will pay ...");
/// not a question that a verb
/// of inquiry asks ("check whether it overcharged others and pay Mr H
/// £200": `clause.inquiry`), nor a condition that only avoids paying twice
/// or says the payment stands either way ("if it has not already done so",
/// "even if", "whether or not": `money.unconditional`).
fn conditional(rules: &RuleSet, text: &str, clause: &std::ops::Range<usize>, end: usize) -> bool {
    // Called for every sum: most sentences have no condition, and then
    // neither the opening nor the conditions that leave a payment are needed.
    let conditions = rules.marks("money.condition", text);
    if conditions.is_empty() {
        return false;
    }
    let opening = text.len() - strip_marker(rules, text).trim_start().len();
    let void = rules.marks("money.unconditional", text);
    conditions.iter().any(|m| {
        let from =
            crate::extract::outcome::floor_char(text, m.start.saturating_sub(INQUIRY_BEFORE));
        let governs = m.start >= clause.start
            && m.start < clause.end
            && (m.start < end || !text[end..m.start].contains([',', ';', ':', '(']));
        // "pay Mr D £640, if the appeal succeeds": a condition right after a
        // comma that closes the payment's own words (no other item between).
        let trails = m.start >= end
            && !text[end..m.start].contains([';', ':', '('])
            && text[end..m.start]
                .rsplit_once(',')
                .is_some_and(|(_, rest)| rest.trim().is_empty());
        (m.start == opening || governs || trails)
            && !rules.any_match("clause.inquiry", &text[from..m.start])
            && !void.iter().any(|u| u.start <= m.start && m.start < u.end)
    })
}

/// Bytes of text on each side of a sum that `money.context` rules see:
/// before it, room for "reduce the charge for the year from £900 to £SUM".
const CONTEXT_BEFORE: usize = 64;
const CONTEXT_AFTER: usize = 60;

/// What the words around a sum say of it (`money.context`): the rules see
/// the text around it with the sum written `£SUM`.
fn context<'r>(rules: &'r crate::rules::RuleSet, text: &str, am: &Amount) -> Option<&'r str> {
    let from = crate::extract::outcome::floor_char(text, am.start.saturating_sub(CONTEXT_BEFORE));
    let to = ceil_char(text, (am.end + CONTEXT_AFTER).min(text.len()));
    let window = format!("{}£SUM{}", &text[from..am.start], &text[am.end..to]);
    rules
        .field("money.context")
        .find(|r| r.regex().is_match(&window))
        .map(|r| r.yields())
}

/// The smallest char boundary of `s` at or after `i`.
fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The remedy verb governing a sum: the nearest before it in its clause, or
/// one just after it ("a £200 payment").
fn nearest_verb<'r>(verbs: &[Mark<'r>], clause_start: usize, am: &Amount) -> Option<Mark<'r>> {
    verbs
        .iter()
        .filter(|m| m.end <= am.start && m.start >= clause_start)
        .max_by_key(|m| (m.end, m.end - m.start))
        .or_else(|| {
            verbs
                .iter()
                .find(|m| m.start >= am.end && m.start - am.end <= 20)
        })
        .copied()
}

/// The checked sum of some amounts.
pub fn sum(amounts: &[Gbp]) -> Option<Gbp> {
    amounts
        .iter()
        .try_fold(0i64, |acc, g| acc.checked_add(g.0))
        .map(Gbp)
}

/// Which sums of a sentence only break down the sum just before them, in
/// brackets ("pay Miss R £1,400 (£150 a month for eight months and £200 for
/// time and trouble)", "£2,500 (£500 for each year)", "£3,600 (18 months at
/// £200 a month)") or in words (`money.breakdown`: "£1,000, made up of £800
/// and £200"): the sums of the breakdown, when together they do not exceed
/// it. Sums without such a bracket all
/// count: "£600 for lost provision, £200 for distress and £400 for time" is
/// three payments.
fn breakdown_parts(rules: &crate::rules::RuleSet, text: &str, amounts: &[Amount]) -> Vec<bool> {
    let mut part = vec![false; amounts.len()];
    for (i, pair) in amounts.windows(2).enumerate() {
        let (a, next) = (&pair[0], &pair[1]);
        // The next sum opens the breakdown of this one ("£1,400 (£150 a
        // month ...", "£1,000 to Mrs C, made up of £800 ... and £200 ...").
        let between = &text[a.end..next.start];
        if part[i] || between.contains(')') || !rules.any_match("money.breakdown", between) {
            continue;
        }
        // A bracket closes the breakdown; words run to the clause's end.
        let end_mark: &[char] = if between.contains('(') {
            &[')']
        } else {
            &[';', '.']
        };
        let close = text[next.start..]
            .find(end_mark)
            .map_or(text.len(), |k| next.start + k);
        let inside = amounts[i + 1..]
            .iter()
            .take_while(|b| b.end <= close)
            .count();
        let parts: Option<Vec<Gbp>> = amounts[i + 1..i + 1 + inside]
            .iter()
            .map(Amount::total)
            .collect();
        let whole = a.total();
        if let (Some(parts), Some(whole)) = (parts.as_deref().and_then(sum), whole) {
            if parts.0 <= whole.0 {
                part[i + 1..i + 1 + inside].fill(true);
            }
        }
    }
    part
}
