//! The outcome for pages with no `Decision :` line, and remedied closures on
//! every page.
//!
//! The `outcome.signal` rules (rules/outcome.toml) mark clauses of the
//! summary and the final decision (and, when those say nothing, of the
//! findings and the agreed action) as `upheld`, `closed`, `not_upheld`,
//! `ended` or `remedied`; `decide` combines them. Only the Ombudsman's own
//! words count: never the complaint, the background, what was not
//! investigated, or the role-and-powers text; and within a sentence a signal
//! is dropped when its own clause quotes an earlier stage
//! (`outcome.quotation`), reports what someone says (a `claim` frame), or
//! negates or suspends it just before (`negation`: "unlikely we would find
//! fault", "if the Council was at fault"), though not from before a comma and
//! coordinator (`outcome.negation_stop`). Fault taken as found
//! (`presupposed`: "we did not find that the fault caused injustice") is
//! undone only by a supposition (`outcome.supposition`); a finding of fault
//! inside a negated finding ("we did not find evidence that the Council was
//! at fault", `outcome.negated_finding`) is a finding of no fault, and so is a
//! retraction ("but this did not amount to fault", `outcome.retraction`),
//! which withdraws the finding before it. A closure signal in a clause that
//! only limits the scope ("I cannot investigate events after that date") is
//! not a closure. With no signal the outcome stays null, with a warning: a
//! wrong outcome is worse than none.

use super::clause::{Analysed, State};
use super::section::Section;
use super::sentence::Sentence;
use super::Page;
use crate::record::Record;
use crate::rules::Mark;

pub const UPHELD: &str = "Upheld";
pub const NOT_UPHELD: &str = "Not upheld";
pub const CLOSED: &str = "Closed after initial enquiries";

/// The signals found in a set of sentences: for each kind, the first
/// sentence that carries it.
#[derive(Default)]
struct Signals<'a> {
    upheld: Option<Sentence<'a>>,
    /// A remedy agreed or recommended.
    agreed: Option<Sentence<'a>>,
    /// Fault the organisation accepts.
    admitted: Option<Sentence<'a>>,
    closed: Option<Sentence<'a>>,
    not_upheld: Option<Sentence<'a>>,
    ended: Option<Sentence<'a>>,
    remedied: Option<Sentence<'a>>,
    /// A closure of part of the complaint only ("we will not consider this
    /// point"): the outcome only when nothing else is said.
    closed_in_part: Option<Sentence<'a>>,
}

impl Signals<'_> {
    fn any(&self) -> bool {
        self.upheld.is_some()
            || self.agreed.is_some()
            || self.admitted.is_some()
            || self.closed.is_some()
            || self.not_upheld.is_some()
            || self.ended.is_some()
            || self.remedied.is_some()
            || self.closed_in_part.is_some()
    }
}

/// Sets `outcome` with `outcome_basis: "inferred"` when the page states none
/// and its own words say clearly what the Ombudsman decided; flags a closure
/// because the organisation had already put things right
/// (`remedied_closure`), which the LGSCO records sometimes as upheld and
/// sometimes as closed.
///
/// `analysed` are the sentences' clauses and frames (aligned with `all`).
/// Returns the `outcome.signal` marks of the sentences it read (aligned with
/// `all`), which the remedies read again.
pub fn infer<'r>(
    page: &Page<'r>,
    all: &[Sentence],
    analysed: &[Option<Analysed>],
    rec: &mut Record,
) -> Vec<Option<Vec<Mark<'r>>>> {
    let mut marks = vec![None; all.len()];
    let mut signals = collect(page, all, analysed, &mut marks, |s| {
        matches!(s.section, Section::Summary | Section::Decision)
    });
    if !signals.any() {
        signals = collect(page, all, analysed, &mut marks, |s| {
            matches!(s.section, Section::Findings | Section::Action)
        });
    }
    if !signals.any() {
        // "Mr G complained about a councillor. We cannot investigate
        // complaints about the conduct of councillors.": the standard text,
        // when it stands in the summary or the decision and nothing else
        // there decides, is the reason the complaint was closed. Only its
        // closures count; the marks stay unread by the remedies.
        let mut unread = vec![None; all.len()];
        let standard = collect(page, all, analysed, &mut unread, |s| {
            s.section == Section::Role && matches!(s.stood_in, Section::Summary | Section::Decision)
        });
        signals.closed = standard.closed;
    }
    if let (Some(_), Some(r), None, None, None) = (
        signals.closed.or(signals.ended),
        signals.remedied,
        signals.not_upheld,
        signals.upheld,
        signals.agreed,
    ) {
        rec.remedied_closure = true;
        rec.warnings.push(
            "closed because the organisation had already put things right: the LGSCO records such closures sometimes as upheld and sometimes as closed (remedied_closure)"
                .into(),
        );
        rec.evidence
            .entry("remedied_closure".into())
            .or_insert_with(|| page.evidence_of(&r));
    }
    if rec.outcome.is_some() {
        return marks;
    }
    match decide(&signals) {
        Some((outcome, s)) => {
            rec.outcome = Some(outcome.to_string());
            rec.outcome_basis = Some("inferred".into());
            rec.evidence.insert("outcome".into(), page.evidence_of(&s));
        }
        None => rec
            .warnings
            .push("no Decision line and no clear outcome in the text: outcome left null".into()),
    }
    marks
}

/// The signals of the sentences `read` keeps, in order; their marks go to
/// `out`.
fn collect<'a, 'r>(
    page: &Page<'r>,
    sentences: &[Sentence<'a>],
    analysed: &[Option<Analysed>],
    out: &mut [Option<Vec<Mark<'r>>>],
    read: impl Fn(&Sentence) -> bool,
) -> Signals<'a> {
    let mut sig = Signals::default();
    let rules = page.rules;
    // The sentences with a finding of fault, in order: a retraction at the
    // start of the next sentence ("There was some delay. This did not
    // amount to fault.") withdraws the one before it.
    let mut upheld: Vec<(usize, Sentence<'a>)> = Vec::new();
    let mut last_read = None;
    for (k, s) in sentences.iter().enumerate() {
        // Cut short once the file's budget is spent: the caller's check
        // then fails the file.
        if k % crate::budget::LOOK_EVERY == 0 && crate::budget::spent() {
            break;
        }
        if !read(s) {
            continue;
        }
        let previous = last_read.replace(k);
        let marks = rules.marks("outcome.signal", s.text);
        let retractions = rules.marks("outcome.retraction", s.text);
        if marks.is_empty() && retractions.is_empty() {
            out[k] = Some(marks);
            continue;
        }
        // The remedies' analysis of the sentence is this one unless a
        // `carry` frame took the previous sentence's state there.
        let fresh;
        let a = match analysed.get(k).and_then(Option::as_ref) {
            Some(a) if !a.carry => a,
            _ => {
                fresh = Analysed::new(rules, s.text, State::None);
                &fresh
            }
        };
        // "The Council has acknowledged it failed to ...": the failure inside
        // an admission is the admission (`agreed`), not a finding of ours.
        let admitted: Vec<(usize, usize)> = marks
            .iter()
            .filter(|m| m.yields == "admitted")
            .map(|m| (m.start, m.end))
            .collect();
        // "..., but this did not amount to fault": what came before it in
        // the sentence (or, when it opens the sentence, in the sentence
        // before) was not fault, and this is a finding of no fault.
        let retracted = retractions
            .iter()
            .map(|r| r.start)
            .find(|&at| !a.reported_before(at));
        if let Some(at) = retracted {
            if a.clause_at(at).start == 0 && previous.is_some() {
                upheld.retain(|&(j, _)| Some(j) != previous);
            }
            if sig.not_upheld.is_none() {
                sig.not_upheld = Some(*s);
            }
        }
        for m in &marks {
            // A failure inside an admission, or before a retraction.
            if matches!(m.yields, "upheld" | "presupposed")
                && (admitted.iter().any(|&(s, e)| s < m.start && m.start < e)
                    || retracted.is_some_and(|at| m.start < at))
            {
                continue;
            }
            let clause = a.clause_at(m.start);
            let in_clause = &s.text[clause.clone()];
            if a.reported_before(m.start) {
                continue;
            }
            // A quotation of an earlier stage governs the rest of its clause;
            // what the organisation did about it (a closure, a remedy) is
            // still the Ombudsman's reason.
            let quoted = rules
                .field("outcome.quotation")
                .filter_map(|r| r.regex().find(in_clause))
                .any(|q| clause.start + q.start() <= m.start);
            if quoted && !matches!(m.yields, "closed" | "remedied") {
                continue;
            }
            // A negation before a comma and a coordinator does not reach past
            // them ("..., and that this was fault").
            let scope_from = rules
                .field("outcome.negation_stop")
                .filter_map(|r| r.regex().find_iter(&s.text[clause.start..m.start]).last())
                .map(|q| clause.start + q.end())
                .max()
                .unwrap_or(clause.start);
            // "We did not find evidence that the Council was at fault": a
            // finding of fault inside a negated finding, however far after
            // it in its clause, is a finding of no fault.
            if m.yields == "upheld"
                && rules.any_match("outcome.negated_finding", &s.text[scope_from..m.start])
            {
                if sig.not_upheld.is_none() {
                    sig.not_upheld = Some(*s);
                }
                continue;
            }
            // The words just before the signal, within its clause. Fault
            // taken as found is undone there only by a supposition ("if the
            // fault caused"), not by a negation of what it caused ("we did
            // not find that the fault caused injustice").
            let from = floor_char(s.text, m.start.saturating_sub(30)).max(scope_from);
            let window = &s.text[from..m.start];
            let dropped = match m.yields {
                // "if there was no fault, I will close the complaint": a
                // condition, not a finding.
                "not_upheld" => rules.any_match("outcome.condition", window),
                "closed" => false,
                "presupposed" => rules.any_match("outcome.supposition", window),
                _ => rules.any_match("negation", window),
            };
            if dropped {
                continue;
            }
            if matches!(m.yields, "upheld" | "presupposed") {
                if upheld.last().is_none_or(|&(j, _)| j != k) {
                    upheld.push((k, *s));
                }
                continue;
            }
            let slot = match m.yields {
                "closed" if rules.any_match("outcome.scope_limit", in_clause) => {
                    &mut sig.closed_in_part
                }
                "agreed" => &mut sig.agreed,
                // "councils must assess ..." in the findings states the law.
                "obliged" if s.section == Section::Findings => continue,
                "obliged" => &mut sig.agreed,
                "admitted" => &mut sig.admitted,
                "closed" => &mut sig.closed,
                "not_upheld" => &mut sig.not_upheld,
                "ended" => &mut sig.ended,
                "remedied" => &mut sig.remedied,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(*s);
            }
        }
        out[k] = Some(marks);
    }
    sig.upheld = upheld.first().map(|&(_, s)| s);
    sig
}

/// The largest char boundary of `s` at or before `i`.
pub(crate) fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The outcome the signals support, with the sentence it rests on.
fn decide<'a>(sig: &Signals<'a>) -> Option<(&'static str, Sentence<'a>)> {
    if let Some(ended) = sig.ended {
        // An investigation ended early: not upheld, unless fault was found
        // all the same (a remedy the organisation agreed, or fault it
        // accepted, is not a finding), or it ended because the organisation
        // had already put things right: a remedied closure, upheld as for a
        // complaint not investigated for that reason.
        return Some(match (sig.upheld, sig.remedied, sig.not_upheld) {
            (Some(u), _, _) => (UPHELD, u),
            (None, Some(r), None) => (UPHELD, r),
            _ => (NOT_UPHELD, ended),
        });
    }
    let upheld = sig.upheld.or(sig.agreed).or(sig.admitted);
    if let Some(closed) = sig.closed {
        // "We will not investigate ... because the Council has remedied it"
        // is upheld on LGSCO's pages; so is a closure beside a finding of
        // fault or an early resolution.
        if let Some(u) = upheld {
            return Some((UPHELD, u));
        }
        if let (Some(r), None) = (sig.remedied, sig.not_upheld) {
            return Some((UPHELD, r));
        }
        return Some((CLOSED, closed));
    }
    if let Some(u) = upheld {
        return Some((UPHELD, u));
    }
    if let Some(n) = sig.not_upheld {
        return Some((NOT_UPHELD, n));
    }
    if let Some(r) = sig.remedied {
        return Some((UPHELD, r));
    }
    sig.closed_in_part.map(|c| (CLOSED, c))
}

#[cfg(test)]
mod tests {
    use crate::clean::Cleaner;
    use crate::extract::extract;
    use crate::record::Record;
    use crate::rules::RuleSet;

    /// The record of a page written here.
    fn read(text: &str) -> Record {
        extract(
            &RuleSet::embedded(),
            "x.txt".into(),
            "x",
            &Cleaner::embedded().clean(text),
        )
        .unwrap()
    }

    fn infer(summary: &str) -> (Option<String>, Option<String>) {
        let text = format!(
            "Essex County Council (24 019 538)\nThe Ombudsman's final decision:\nSummary: {summary}\nThe complaint\n- Mr X says the stage two investigation upheld his complaint and wants £500.\n"
        );
        let r = read(&text);
        if r.outcome.is_some() {
            assert_eq!(r.outcome_basis.as_deref(), Some("inferred"));
        }
        (r.outcome, r.evidence.get("outcome").map(|e| e.text.clone()))
    }

    fn outcome(summary: &str) -> Option<String> {
        infer(summary).0
    }

    #[track_caller]
    fn all(texts: &[&str], want: Option<&str>) {
        for t in texts {
            assert_eq!(outcome(t).as_deref(), want, "{t}");
        }
    }

    #[test]
    fn upheld_forms() {
        all(
            &[
                "We upheld this complaint.",
                "Mr X complained. There was fault but it did not cause injustice.",
                "We do not find fault with the assessment but did find fault with the delay.",
                "Mrs X complained about care. The Council has agreed to apologise and pay her £200.",
            ],
            Some("Upheld"),
        );
    }

    #[test]
    fn closed_and_remedied() {
        all(
            &["We will not investigate this complaint because there is not enough evidence of fault.",
              "We will not investigate. There is insufficient evidence of fault. The Council has offered a suitable remedy for delay."],
            Some("Closed after initial enquiries"),
        );
        all(
            &["We will not investigate this complaint because the Council has remedied the matter.",
              "We will not investigate Ms X's complaint. This is because the Council agreed to resolve the complaint early by providing a proportionate remedy.",
              "We will not investigate Mrs Y's complaint because the Council has already paid her £300 for her distress, which is in line with our guidance on remedies."],
            Some("Upheld"),
        );
    }

    #[test]
    fn not_upheld_and_ended() {
        all(
            &[
                "We find no evidence of fault in the way the Council assessed his application.",
                "We have ended our investigation because the court is better placed.",
                "We have stopped investigating Mr X's complaint because he has started legal action.",
                "Mr X complained about his housing application. We do not find the Council at fault.",
                "We have not found that the Council was at fault.",
            ],
            Some("Not upheld"),
        );
        // Fault with one part still upholds the complaint.
        all(
            &["We do not find the Council at fault for the delay, but we found fault in its complaint handling."],
            Some("Upheld"),
        );
    }

    /// Late complaints and plain statements that the organisation acted
    /// properly, in several wordings; a part of the complaint and what the
    /// complainant says stay out.
    #[test]
    fn late_complaints_and_plain_no_fault() {
        all(
            &[
                "The complaint is late and there are no good reasons to investigate it now.",
                "We will not look at this because the complaint is out of time.",
                "Mrs B's complaint is outside our jurisdiction.",
            ],
            Some("Closed after initial enquiries"),
        );
        all(
            &[
                "The Council properly considered Mr E's application and we cannot question the merits of its decision.",
                "The Council acted reasonably when it refused the grant.",
                "The Council correctly applied its charging policy.",
            ],
            Some("Not upheld"),
        );
        all(
            &["Part of the complaint is late, but the Council delayed the assessment, which was fault."],
            Some("Upheld"),
        );
        assert_eq!(
            outcome("Mr X says the Council acted properly at first."),
            None
        );
        // Older wording of both.
        all(
            &["The Ombudsman will not exercise her discretion to investigate this complaint because it is unlikely she would find fault."],
            Some("Closed after initial enquiries"),
        );
        all(
            &["The Council has acted in line with the law and its policy."],
            Some("Not upheld"),
        );
    }

    #[test]
    fn quotations_of_earlier_stages_are_not_the_decision() {
        // Only the quotation carries "upheld": no outcome, not a wrong one.
        assert_eq!(
            infer("Mr X complained about his child's care. The stage two investigation upheld his complaint."),
            (None, None)
        );
        let (o, ev) = infer(
            "The stage two investigation upheld the complaint. We found no fault in how the Council then acted.",
        );
        assert_eq!(o.as_deref(), Some("Not upheld"));
        assert_eq!(
            ev.unwrap(),
            "We found no fault in how the Council then acted."
        );
    }

    #[test]
    fn weak_evidence_gives_null_and_a_warning() {
        assert_eq!(
            outcome("Mr X complained about a planning application."),
            None
        );
    }

    // Issue 10: wording families, each with variants.

    #[test]
    fn fault_with_a_word_between_or_admitted_with_a_verb() {
        all(
            &[
                "The Ombudsman finds further fault with the Council’s handling of the review.",
                "The Council accepted partial fault for the delay.",
                "There was some fault in how the Council communicated.",
                "We found some fault causing Mrs X distress.",
                "The Council accepts it failed to reply to her letters.",
                "The Council has acknowledged that it delayed the assessment.",
                "The Council was, however, at fault for the delay.",
            ],
            Some("Upheld"),
        );
    }

    #[test]
    fn older_wording() {
        all(
            &[
                "The Ombudsman found maladministration causing injustice.",
                "There was maladministration and injustice.",
                "I recommended the Council to pay Mrs Y £500.",
                "Fault found causing injustice and recommendations made.",
            ],
            Some("Upheld"),
        );
    }

    /// Closures and findings in wordings the dev corpus does not show: an
    /// adverb between the modal and "not", the progressive, the law as
    /// the subject, fault found "in evidence"; and their negations.
    #[test]
    fn closures_and_findings_in_other_words() {
        all(
            &[
                "Mr V complains about an exclusion. We will therefore not investigate.",
                "Mr Q complains about a parking fine. We will not be investigating this complaint because he could have appealed.",
                "We are unable to investigate this complaint because it is about a school's internal management.",
                "The law does not allow us to investigate the internal management of schools.",
            ],
            Some("Closed after initial enquiries"),
        );
        all(
            &[
                "We have found evidence of fault in how it recorded his reports, but not in its decision not to prosecute.",
                "I found some evidence of fault in the Council's handling of the review.",
            ],
            Some("Upheld"),
        );
        all(
            &[
                "We have not found evidence of fault in how the Council made its decision.",
                "I found no evidence of fault.",
            ],
            Some("Not upheld"),
        );
    }

    #[test]
    fn remedied_closures_and_ended_investigations() {
        all(
            &[
                "We will not investigate. The Council offered a fair remedy and there is not enough remaining injustice to warrant our involvement.",
                "The Ombudsman will not investigate this complaint because the Council has already provided a satisfactory response.",
                "We will not investigate because the Council has made a proportionate response.",
            ],
            Some("Upheld"),
        );
        all(
            &["We have decided to end the investigation because Mr X has appealed to the tribunal."],
            Some("Closed after initial enquiries"),
        );
        // An investigation ended because things were already put right is a
        // remedied closure too, in any tense and order.
        all(
            &[
                "I have discontinued my investigation because the Council has already provided a suitable remedy, including a payment of £500.",
                "We have ended our investigation as the Council had already remedied the injustice caused.",
                "Because the Council has already apologised and paid Mrs J £300, which is a proportionate remedy, we ended our investigation.",
                "The Council has accepted fault and paid Mr R £250. We consider this a suitable remedy and have ended our investigation.",
                "The Council paid Mr R £250. I regard the payment as a fair and proportionate remedy, so I have discontinued my investigation.",
                "We will not investigate. The Council has apologised and we find this a suitable response.",
            ],
            Some("Upheld"),
        );
        // Ended for another reason, or with no fault found beside the remedy.
        all(
            &[
                "We have ended our investigation because we are unlikely to find fault.",
                "I have discontinued my investigation as Mr X no longer wishes to pursue it.",
                "We have ended our investigation. The Council was not at fault, and its offer of £100 is a suitable remedy.",
            ],
            Some("Not upheld"),
        );
        // "Put things right", "done what we would have asked": the same
        // family in other words, ended or not investigated.
        all(
            &[
                "We have ended our investigation as there is nothing more we can achieve. I have ended my investigation because the Council has already put things right.",
                "We will not investigate because the Council had put matters right before Ms H came to us.",
                "The Council has now taken the action we would have recommended, so we have discontinued our investigation.",
            ],
            Some("Upheld"),
        );
        // A remedy already given that we would not add to, said in other
        // words; "unlikely we would find fault" is no such thing.
        all(
            &[
                "We will not investigate. The Council has apologised and offered him £50, which is in line with our guidance.",
                "The Council accepted the delay and paid her £75. We will not investigate as it is unlikely we would recommend more.",
                "We will not investigate because it is unlikely an investigation would achieve a better outcome for Mr X.",
            ],
            Some("Upheld"),
        );
        all(
            &["We will not investigate as it is unlikely we would find fault."],
            Some("Closed after initial enquiries"),
        );
        let r = read("Essex County Council (24 019 538)\nSummary: We have stopped investigating Mrs J’s complaint because the Council has already paid her £300, which is a suitable remedy.\n");
        assert!(r.remedied_closure);
        assert_eq!(r.outcome.as_deref(), Some("Upheld"));
        assert_eq!(r.remedy_already_provided_gbp.unwrap().pounds(), 300.0);
    }

    #[test]
    fn a_remedied_closure_is_flagged_with_a_warning() {
        let text = "Essex County Council (24 019 538)\nDecision : Closed after initial enquiries\nSummary: We will not investigate Mr X’s complaint because the Council has already apologised and paid him £200, which is a suitable remedy.\n";
        let r = read(text);
        assert!(r.remedied_closure);
        assert_eq!(r.outcome.as_deref(), Some("Closed after initial enquiries"));
        assert!(r.warnings.iter().any(|w| w.contains("remedied_closure")));
        assert_eq!(r.remedy_already_provided_gbp.unwrap().pounds(), 200.0);
        // A closure for another reason is not.
        let text = "Essex County Council (24 019 538)\nSummary: We will not investigate this complaint because it is late.\n";
        let r = read(text);
        assert!(!r.remedied_closure);
        assert_eq!(r.outcome.as_deref(), Some("Closed after initial enquiries"));
    }

    #[test]
    fn never_from_the_role_text_the_complaint_or_a_scope_limit() {
        // Only standard text and the complaint carry signals: no outcome.
        let text = "Essex County Council (24 019 538)\nSummary: Mr X complained about his housing application.\nThe complaint\n- Mr X says the Council was at fault and failed to reply.\nThe Ombudsman’s role and powers\n- We may decide not to start or continue with an investigation if we believe it is unlikely we would find fault.\n- We cannot investigate late complaints unless we decide there are good reasons.\n";
        let r = read(text);
        assert_eq!(r.outcome, None, "{:?}", r.evidence.get("outcome"));
        // A scope limit beside a finding does not close the complaint.
        assert_eq!(
            outcome("I cannot investigate events after that date. The Council was at fault for the delay before it.").as_deref(),
            Some("Upheld")
        );
        assert_eq!(
            outcome("We will not investigate Mr X’s complaint that the Council failed to repair the road, because he can go to court.").as_deref(),
            Some("Closed after initial enquiries")
        );
    }

    #[test]
    fn other_ways_of_saying_no_fault() {
        all(
            &[
                "There is no evidence that the Council acted improperly when it removed the tree.",
                "We are not persuaded there was fault in how the Council handled Mr J’s homelessness application.",
                "The Ombudsman has concluded that the Council acted in line with its policy and there was no fault.",
                "We do not uphold Mr L’s complaint that the Council wrongly refused his request.",
            ],
            Some("Not upheld"),
        );
        all(
            &[
                "We have upheld Mrs G’s complaint in part. The Council delayed, but we did not find fault with the outcome.",
                "We found the care home did not follow its care plan and this was fault.",
            ],
            Some("Upheld"),
        );
    }

    /// Fault taken as found: a negation of what it caused does not undo
    /// it, in any tense or order; a supposition does.
    #[test]
    fn fault_taken_as_found() {
        all(
            &[
                "We did not find that the fault caused him a significant injustice.",
                "The Council's fault did not cause Mrs X to lose her place.",
                "This fault has meant Mr Y waited a year for his assessment.",
                "We have not recommended a remedy, as the faults we found did not cause injustice.",
                "The injustice caused by the Council's fault has been remedied by its apology.",
            ],
            Some("Upheld"),
        );
        assert_eq!(
            outcome("We considered whether any fault caused Mr X injustice."),
            None
        );
        assert_eq!(
            outcome("If the fault caused Mr X an injustice, he can tell us."),
            None
        );
    }

    /// "..., but this did not amount to fault": what came just before is
    /// withdrawn, in the same sentence or the one before; fault about
    /// another part still upholds.
    #[test]
    fn a_retraction_withdraws_the_finding_before_it() {
        all(
            &[
                "There was some delay in responding to her complaint, but this did not amount to fault.",
                "There were delays in the assessment. These were not serious enough to be fault.",
                "The Council was slow to reply, which did not amount to maladministration.",
            ],
            Some("Not upheld"),
        );
        all(
            &["There was some delay, but this was not fault. The Council was at fault for failing to tell Mr X of his right of review."],
            Some("Upheld"),
        );
    }

    /// The verb form of a finding, its subject first, and its negations.
    #[test]
    fn acted_with_fault_and_its_negations() {
        all(
            &[
                "I found the Council acted with fault and this caused Mr K injustice.",
                "We find the care provider has acted wrongly in ending the placement.",
                "Fault by the Council in how it communicated caused Mr M distress.",
                "Failings by the care home meant Mrs Y went without her medication.",
                "There were delays by the Council which caused him distress.",
                "We find the Council responsible for the delays, which caused her distress.",
                "The care provider's record keeping fell short of the standard expected.",
            ],
            Some("Upheld"),
        );
        all(
            &[
                "The Council did not act with fault.",
                "We did not find evidence that the Council acted wrongly.",
                "The Council has not acted with any fault in its assessment.",
                "The Council did nothing wrong.",
                "We are satisfied the Corporation did all it reasonably could to investigate her reports.",
            ],
            Some("Not upheld"),
        );
    }

    /// A finding of fault inside a negated finding, however far after it,
    /// is a finding of no fault; a comma and coordinator end the negation's
    /// reach.
    #[test]
    fn negated_findings_reach_their_complement() {
        all(
            &[
                "We did not find evidence that the Council was at fault.",
                "We have not seen any evidence to show that the Council failed to follow its procedures.",
                "We are not satisfied, on the evidence we have seen, that the Council was at fault.",
                "The evidence does not show that the Council failed to act.",
                "There is nothing to suggest the Council was at fault.",
                "There is no evidence to suggest that the Council delayed in dealing with the application.",
            ],
            Some("Not upheld"),
        );
        all(
            &[
                "We found that it did not, and that this was fault.",
                "The Council had not replied for months, and this was fault.",
            ],
            Some("Upheld"),
        );
    }

    /// No fault, and closures, said in other words; "we do not consider"
    /// with a that-clause is a finding, not a closure.
    #[test]
    fn no_fault_and_closures_in_other_words() {
        all(
            &[
                "The complaint is not upheld.",
                "Mrs M's complaint was not upheld because the Council considered her request properly.",
                "We do not consider the Council was at fault.",
                "I do not think the Council was wrong to refuse the grant.",
                "I have completed my investigation and have not found maladministration by the Council.",
                "There was no maladministration by the Council in its decision.",
                "Having looked at its records, we agree that it dealt with Ms C's application properly.",
                "The Council applied its policy correctly and considered her appeal properly.",
                "It made the decision in line with its policy, so we cannot criticise it.",
                "We found that the Council's safeguarding enquiry was thorough.",
                "We found the Council's decision was properly made, taking account of the relevant facts.",
                "Ms C's complaint is that the Council wrongly refused her a place. We have not upheld her complaint.",
            ],
            Some("Not upheld"),
        );
        all(
            &[
                "We do not have the power to investigate complaints about the police.",
                "We cannot look into Mr N's complaint because he has taken it to court.",
                "The Ombudsman will not pursue Mr N's complaint as there is insufficient evidence of fault.",
                "We have not investigated this complaint because it is late.",
            ],
            Some("Closed after initial enquiries"),
        );
        // What the complaint is stays the complainant's.
        assert_eq!(
            outcome("Ms C's complaint is that the Council wrongly refused her a school place."),
            None
        );
    }

    /// Investigations ended in other words, and a remedy given that we
    /// would have recommended.
    #[test]
    fn ended_in_other_words() {
        all(
            &[
                "I have decided to discontinue my investigation because Mr A has appealed to the tribunal.",
                "I have brought my investigation to an end because Ms L no longer wishes to pursue it.",
            ],
            Some("Not upheld"),
        );
        all(
            &[
                "We have stopped our investigation. The Council has agreed to reassess Mrs C's needs and pay her £150, which is the remedy we would have recommended.",
                "We will not investigate because the Council has since offered Mrs E a suitable remedy for the delay.",
            ],
            Some("Upheld"),
        );
    }

    /// "cannot find fault", "followed its procedures", and complaints outside
    /// our jurisdiction said with another subject; events outside it only
    /// limit the scope.
    #[test]
    fn cannot_find_fault_and_outside_our_remit() {
        all(
            &[
                "The Council has followed the law and its procedures. We cannot find fault with what it has done.",
                "We could not find any fault in the Council's decision.",
                "The Council followed the correct procedure when it refused the licence.",
            ],
            Some("Not upheld"),
        );
        all(
            &[
                "This is not a matter we can investigate, because complaints about electoral registration are outside our jurisdiction.",
                "Mr M's complaint falls outside the Ombudsman's jurisdiction.",
                "It is not something the Ombudsman can look into.",
            ],
            Some("Closed after initial enquiries"),
        );
        all(
            &[
                "We found no fault in how the Council decided the application. Events before 2019 are outside our jurisdiction.",
                "Parts of Mr T’s complaint are outside the Ombudsman’s jurisdiction. There was no fault in how the Council dealt with the rest.",
            ],
            Some("Not upheld"),
        );
    }

    /// A remedy the organisation will, should or must give, in any remedy
    /// verb and any order, is an agreed remedy; a remedy we recommend, in
    /// the present tense too. Not a negated modal, a person's modal, our own
    /// consideration, or reported speech.
    #[test]
    fn obliged_and_recommended_remedies_in_any_remedy_verb() {
        all(
            &[
                "Mrs S complained about a delay. The Council should say sorry to Mrs S for the delay.",
                "Mr T complained about his blue badge. The Council will reconsider Mr T's application and explain its decision.",
                "Ms U complained about her charges. The Council must refund Ms U £420.",
                "Mr V complained. The Council should review its procedures and provide training to its officers.",
                "Mrs W complained. The Council will reassess Mrs W's needs and pay her £200.",
                "Mr X complained. The Council should correct its records and write to Mr X to apologise.",
                "Ms C complained. The Council needs to apologise to Ms C, pay her £300 and review how it arranges respite.",
                "Ms C complained. The Council should, within one month, reassess her needs.",
                "Ms Y complained. I recommend the Council apologises to Ms Y and reimburses her costs.",
                "Ms Y complained. We recommended that the Council should reassess her needs.",
                "Ms Y complained. We recommend the Council says sorry to Ms Y.",
            ],
            Some("Upheld"),
        );
        all(
            &[
                "Mr X complained about the charge. The Council will not refund the charge.",
                "Mr X complained about the charge. Mr X says the Council should refund the charge.",
                "Mr X complained about the charge. Mr X should pay the charge.",
                "Mr X complained about the charge. We will consider the complaint.",
                "Mr X complained. The review panel recommended the Council apologise.",
            ],
            None,
        );
    }

    /// In the findings "the Council must assess ..." states the law: it is
    /// no remedy there, but a remedy in the summary or the agreed action.
    #[test]
    fn an_obligation_in_the_findings_states_the_law() {
        let page = |findings: &str| {
            read(&format!(
                "Essex County Council (24 019 538)\nThe Ombudsman's final decision:\nSummary: Mr X complained about his assessment.\nWhat I found\n- {findings}\n"
            ))
            .outcome
        };
        assert_eq!(
            page("The Council must assess a carer's needs when asked."),
            None
        );
        assert_eq!(
            page("The Council has agreed to assess Mr X's needs."),
            Some("Upheld".into())
        );
    }

    /// Fault in plain words without "fault": did not act properly, was
    /// wrong to, took too long, fell below the standard, the Council's
    /// failure caused; a negation, a supposition or someone else's failure
    /// stays out.
    #[test]
    fn fault_in_plain_words() {
        all(
            &[
                "The Council did not act properly when it refused her request.",
                "The Council was wrong to close his reports without inspecting the tree.",
                "The Council took too long to decide her application, but she would not have been offered a property sooner.",
                "The Council's record keeping fell below the standard expected, but this did not cause injustice.",
                "The Council's failure to reply to her letters caused her avoidable frustration.",
                "We found the Council did not plan the transition in good time.",
                "This amounted to fault.",
                "Upheld: maladministration and injustice.",
            ],
            Some("Upheld"),
        );
        all(
            &[
                "Mr X says the Council was wrong to close his reports.",
                "We considered whether the Council's failure to reply caused her frustration.",
                "Mr X took too long to appeal.",
                "Mr X complained. The Council did not need to reply.",
            ],
            None,
        );
        // A negation just before drops the finding; a negated finding
        // around it is one of no fault.
        all(
            &["Mr X complained. We do not consider the Council took too long to decide."],
            None,
        );
        all(
            &["I do not find that the Council's actions amount to fault."],
            Some("Not upheld"),
        );
    }

    /// No fault in hedges, double negatives and neither-nor; each with the
    /// positive or a person's wording as a counter-example.
    #[test]
    fn no_fault_in_hedges_and_double_negatives() {
        all(
            &[
                "Neither the Council nor the care provider was at fault.",
                "There was no undue delay, and the Council was entitled to place her in band C.",
                "The Council's actions were not fault.",
                "Its decision did not amount to fault.",
                "I cannot say the Council failed to follow the proper procedure.",
                "I cannot find any evidence the Council failed to respond to his reports.",
                "The Council's decision was properly made.",
                "The Council's decision was not unreasonable.",
                "It was not unreasonable for the Council to refuse the request.",
                "I am not upholding the complaint.",
                "I have decided not to uphold the complaint.",
                "The decision was one it was entitled to make and we have no reason to question it.",
                "We do not consider there was any fault in the way the Council reviewed his eligibility.",
                "In our view the Council's carer's assessment was adequate.",
                "Not upheld: no maladministration.",
            ],
            Some("Not upheld"),
        );
        all(
            &[
                "Mr X was entitled to a payment.",
                "Mr X was not wrong to complain.",
                "Mr X says the Council's decision was reasonable.",
                "Neither Mr X nor his wife was told.",
            ],
            None,
        );
        all(
            &[
                "The Council was not entitled to charge him, so it was at fault.",
                "The Council's decision was unreasonable and this was fault.",
            ],
            Some("Upheld"),
        );
    }

    /// Closures in other words: premature, closed or referred back, no
    /// jurisdiction over the body, not a good use of public resources,
    /// another body better placed; a part of the complaint is a scope limit.
    #[test]
    fn closures_for_other_reasons() {
        all(
            &[
                "We have closed this complaint because it is premature.",
                "We have referred Mr L's complaint back to the Council.",
                "We have no jurisdiction over the police, and the Independent Office for Police Conduct is better placed to consider his complaint.",
                "It would not be a good use of public resources to investigate, because she could have appealed.",
                "She has a right of appeal. We will therefore not look at her complaint.",
                "Closed after initial enquiries - out of jurisdiction.",
            ],
            Some("Closed after initial enquiries"),
        );
        all(
            &[
                "The Ombudsman has no power to investigate the Council as a landlord, but he has investigated its handling of the homelessness application and found no fault.",
            ],
            Some("Not upheld"),
        );
        all(
            &[
                "The Council closed the complaint.",
                "Mr X complained. An investigation would be justified.",
            ],
            None,
        );
    }

    /// A closure said only in the standard text, when it stands in the
    /// summary or the decision and nothing else there decides.
    #[test]
    fn a_closure_in_the_standard_text_of_the_summary() {
        all(
            &[
                "Mr G complained about the behaviour of a parish councillor. We cannot investigate complaints about the conduct of councillors.",
                "Ms H complains the Council reduced her benefit. We cannot investigate complaints where someone has a right of appeal to a tribunal.",
                "Mr P complains about the court action. The Ombudsman cannot investigate a complaint about the start of court action or what happened in court.",
            ],
            Some("Closed after initial enquiries"),
        );
        // Counter-examples: a finding beside it decides; the role section,
        // and the complaint, never do.
        all(
            &["We cannot investigate complaints about the conduct of councillors. The Council was at fault in how it replied to Mr G."],
            Some("Upheld"),
        );
        let text = "Essex County Council (24 019 538)\nSummary: Mr X complained about a councillor.\nThe Ombudsman’s role and powers\n- We cannot investigate complaints about the conduct of councillors.\n";
        assert_eq!(read(text).outcome, None);
        let text = "Essex County Council (24 019 538)\nSummary: Mr X complained about a councillor. I found the Council was at fault for the delay.\nThe Ombudsman’s role and powers\n- We cannot investigate complaints about the conduct of councillors.\n";
        assert_eq!(read(text).outcome.as_deref(), Some("Upheld"));
    }

    /// No fault as a condition or a question is no finding.
    #[test]
    fn no_fault_under_if_or_whether_is_no_finding() {
        all(
            &[
                "If there was no fault, we will close the complaint.",
                "We will consider whether there was no fault in the way it decided.",
                "Unless there is no fault, we will ask for a remedy.",
            ],
            None,
        );
        // The finding after it decides.
        all(
            &[
                "I will consider whether the Council was at fault and, if there was no fault, close the complaint. The Council followed its policy, so I have not found fault.",
                "We considered whether the Council was at fault. We found no fault.",
            ],
            Some("Not upheld"),
        );
        all(
            &["We considered whether, if there was no fault, the Council had explained its decision. The Council took eleven months, which was fault."],
            Some("Upheld"),
        );
    }

    /// Closures said without "we will not investigate", in other persons
    /// and tenses, and a delay withdrawn as not significant (probe-hw*).
    #[test]
    fn closures_in_other_words_and_a_delay_not_significant() {
        all(
            &[
                "Mrs H complained. It would be premature for us to consider this complaint before the Council has finished dealing with it.",
                "It is too early for the Ombudsman to investigate Mr X's complaint.",
                "The housing association is not a body within our jurisdiction.",
                "This complaint does not fall within our jurisdiction.",
                "There is not enough evidence of fault to justify our involvement, so we are closing the complaint.",
                "It is reasonable for the Council to respond first, so we will take no further action at this stage.",
                "We shall not be investigating Mr X's complaint.",
                "The complaint is about the NHS trust. We cannot deal with it.",
                "An investigation by us would add nothing. We have therefore decided not to take the complaint further.",
            ],
            Some("Closed after initial enquiries"),
        );
        all(
            &[
                "There was some delay in the Council's response, but it was not significant. I do not find the Council at fault.",
                "The Council took three weeks longer than its target. The delay was not excessive and it kept Ms P informed. We found no fault.",
            ],
            Some("Not upheld"),
        );
        // The organisation's own acts, a complaint within our remit, and a
        // fault that was significant, are not closures or retractions.
        all(
            &[
                "The Council decided it was premature for the Council to act, and this was fault.",
                "There was fault, and it was significant.",
            ],
            Some("Upheld"),
        );
        all(
            &[
                "This complaint falls within our jurisdiction.",
                "The Council will take no further action.",
            ],
            None,
        );
    }
}
