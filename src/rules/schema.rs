//! The fields a rule may belong to, what each extractor does with its rules,
//! and the `yields` values it understands. A rule whose field or `yields` is
//! not listed here would never run, or run as nothing: loading refuses it, so
//! a typo in a `--rules` file is an error, never a silently dead rule.

/// One field: its name, the `yields` values its extractor reads (empty when
/// the field's rules take no `yields`), and what the rules do.
pub struct FieldSpec {
    pub name: &'static str,
    pub yields: &'static [&'static str],
    pub purpose: &'static str,
}

const fn field(
    name: &'static str,
    yields: &'static [&'static str],
    purpose: &'static str,
) -> FieldSpec {
    FieldSpec {
        name,
        yields,
        purpose,
    }
}

/// Remedy kinds, as `remedies[].kind` writes them.
pub const REMEDY_KINDS: &[&str] = &[
    "apology",
    "payment",
    "reassessment",
    "reconsider_complaint",
    "service_improvement",
    "provide_service",
    "correct_records",
    "other",
];

/// Every field, in the order the README documents them.
pub const FIELDS: &[FieldSpec] = &[
    field("lexicon", &[], "a named word list, used in other patterns as {{name}} (the id without `lexicon.`)"),
    // Page layout.
    field("title", &[], "title line: groups `org` and `ref`"),
    field("reference.file_name", &[], "reference in a file name: groups `yy`, `a`, `b`, `sfx`"),
    field("header.category", &[], "`Category :` header line: group `value`"),
    field("header.decision", &[], "`Decision :` header line: group `value`"),
    field("header.decision_date", &[], "`Decision date :` header line: group `value`"),
    field("date", &[], "a date: groups `d`, `m` (month name) or `mn` (number), `y`"),
    field("summary", &[], "the summary line: group `value`"),
    field("summary.heading", &[], "a `Summary` heading: the summary is the next line"),
    field("complainant", &[], "the complainant's pseudonym: group `value`"),
    field("decision_kind.report", &[], "a sign that the page is a report"),
    field("ombudsman.other", &["Housing Ombudsman", "Parliamentary and Health Service Ombudsman (PHSO)", "Public Services Ombudsman for Wales (PSOW)", "Scottish Public Services Ombudsman (SPSO)"], "a line that says which other ombudsman a page is from"),
    // Other ombudsmen (issue 14): which one a page is from, then each one's
    // rule pack (rules/housing/, rules/phso/).
    field("ombudsman.page", &["Housing Ombudsman", "Parliamentary and Health Service Ombudsman"], "the layout of another ombudsman's page (its first lines): the page is read with that ombudsman's rule pack"),
    field("housing.title", &[], "Housing Ombudsman: the title or case line: groups `org` and `ref`"),
    field("housing.label", &["reference", "organisation", "organisation_type", "occupancy", "decision_date", "decision_type", "table"], "Housing Ombudsman: a header label line whose value is the next line (`table`: a table's column head, a line of its own)"),
    field("housing.heading", &["complaint", "determination", "reasons", "putting_right", "orders", "recommendations", "findings", "investigation", "learning", "item", "finding"], "Housing Ombudsman: a heading line and the section it opens (`item`, `finding`: a complaint item and its finding follow)"),
    field("housing.runs_on", &[], "Housing Ombudsman: a line ending after which the text always continues on the next line"),
    field("housing.continues", &[], "Housing Ombudsman: a line start that continues the line before"),
    field("housing.word", &[], "Housing Ombudsman: a word two line fragments may spell (joined without a space)"),
    field("housing.determination", &["severe maladministration", "maladministration", "service failure", "reasonable redress", "no maladministration", "outside jurisdiction", "withdrawn"], "Housing Ombudsman: a determination on its scale"),
    field("housing.complaint", &[], "Housing Ombudsman: the complaint item of a determination line: group `value`"),
    field("housing.complaint_owner", &[], "Housing Ombudsman: a complaint item that already names whose act it is"),
    field("housing.no_orders", &[], "Housing Ombudsman: the page says it makes no order"),
    field("housing.boilerplate", &[], "Housing Ombudsman: the standard words about orders and recommendations"),
    field("housing.order.name", &[], "Housing Ombudsman: an order's name in the orders table: it opens an order"),
    field("housing.order.lead", &[], "Housing Ombudsman: a line that introduces a list of orders"),
    field("housing.order.due", &[], "Housing Ombudsman: when an order is due"),
    field("housing.order.pay", &[], "Housing Ombudsman: an order or recommendation to pay"),
    field("housing.order.asks", &[], "Housing Ombudsman: an order or recommendation that asks for something; other paragraphs explain the item before"),
    field("housing.order.payee", &[], "Housing Ombudsman: who an order or recommendation pays: group `value`"),
    field("housing.order.component", &[], "Housing Ombudsman: words after which sums are parts of the total before them"),
    field("housing.order.kind", REMEDY_KINDS, "Housing Ombudsman: an order or recommendation of a kind"),
    field("housing.money.offered", &[], "Housing Ombudsman: around `£SUM`, an ordered or recommended sum the landlord had already offered"),
    field("housing.money.inclusive", &[], "Housing Ombudsman: around `£SUM`, a sum an ordered total already includes"),
    field("housing.money.deduct", &[], "Housing Ombudsman: around `£SUM`, a sum already paid that may be deducted"),
    field("housing.offer", &[], "Housing Ombudsman: around `£SUM`, a sum the landlord offered or paid before the decision, in the body text"),
    field("phso.heading", &["complaint", "background", "findings", "decision", "recommendations"], "PHSO: a heading line and the section it opens"),
    field("phso.body", &[], "PHSO: a body introduced by full name and short name: groups `org`, `short`"),
    field("phso.body.plain", &[], "PHSO: a body named in full without a short name: group `org`"),
    field("phso.body.unnamed", &[], "PHSO: a body the page only calls `the Trust`: group `org`"),
    field("phso.outcome", &["upheld", "partly upheld", "not upheld", "not investigated"], "PHSO: a clause that says what the Ombudsman decided"),
    field("phso.recommends", &[], "PHSO: a sentence that recommends"),
    field("phso.payment", &[], "PHSO: around `£SUM`, a payment the decision recommends"),
    field("phso.already", &[], "PHSO: around `£SUM`, money the body had already paid or offered"),
    field("phso.deadline.date", &[], "PHSO: a deadline written as a date"),
    field("phso.reference.file_name", &[], "PHSO: the case reference in a file name: group `value`"),
    // Sections and sentences.
    field("section.heading", &["summary", "complaint", "background", "scope", "role", "considered", "findings", "action", "decision"], "a heading line and the section it opens"),
    field("section.line", &["action", "decision"], "a paragraph that opens a section where the layout has no heading"),
    field("sentence.abbreviation", &[], "a word that a full stop does not end a sentence after (whole word before the stop)"),
    field("sentence.boilerplate", &[], "a sentence of the Ombudsman's standard text (role and powers, the law), wherever it stands: never the decision"),
    field("text.list_marker", &[], "a list marker at the start of a line (`- `, `1. `, `(a) `)"),
    // Clauses.
    field("clause.boundary", &[], "where one clause ends and the next begins within a sentence"),
    field("clause.continues", &[], "a clause boundary that does not end the clause: a relative clause that only gives the amount of what the clause before is about (`, which comes to £`); it starts where the boundary does"),
    field("clause.resume", &[], "a list that goes on after a relative clause: the relative clause ends at group `resume`, and the clause after it takes up the agreed or obliged frame of the clause before the relative clause"),
    field("clause.subject", &[], "words between a list separator and a frame that are at most its subject: the frame opens a new item"),
    field("clause.coordinator", &[], "a separator that coordinates clauses (`and`, `;`): in an imperative item only such a separator opens a new one"),
    field("clause.inquiry", &[], "a verb of inquiry just before a `whether` frame: the question is the object of the item, not a supposition owning the clause"),
    field("frame", &["agreed", "obliged", "already", "claim", "reported", "hypothetical", "description", "offered", "negated", "nominal", "carry"], "what a clause says of the remedies or sums after it (before it, for `nominal`): agreed or recommended now, will/should/must, already done, claimed or charged, reported speech or a supposition (both dominate their clause), a description, offered, refused, a list named as the remedy, the previous sentence's frame carried on"),
    field("frame.accepted", &[], "a sentence that accepts an offer as the remedy (`We consider this a fair remedy`)"),
    field("negation", &[], "words just before a signal that negate or suspend it (`not`, `unlikely`, `if`)"),
    // Outcome.
    field("outcome.signal", &["upheld", "agreed", "obliged", "admitted", "presupposed", "closed", "not_upheld", "ended", "remedied"], "a clause that says what the Ombudsman decided (`agreed`: a remedy agreed or recommended; `obliged`: a remedy the organisation will, should or must give, read as `agreed` except in the findings, where such words state the law; `admitted`: fault the organisation accepts; `presupposed`: fault taken as found, which a negation of what it caused does not undo)"),
    field("outcome.condition", &[], "words just before a finding of no fault that make it a condition or a question, not a finding (`if`, `whether`, `unless`)"),
    field("outcome.supposition", &[], "words just before a presupposed fault that make it supposed, not found (`if`, `whether`, `any`)"),
    field("outcome.negated_finding", &[], "a negated finding whose complement follows (`we did not find evidence that`): a finding of fault after it in its clause is not found, and is no fault"),
    field("outcome.negation_stop", &[], "a comma and coordinator within a clause past which a negation does not reach (`..., and that this was fault`)"),
    field("outcome.retraction", &[], "a clause saying that what was just described was not fault (`but this did not amount to fault`): the finding before it is withdrawn"),
    field("outcome.quotation", &[], "a clause whose subject is an earlier stage or another body deciding"),
    field("outcome.scope_limit", &[], "a clause that only limits what was investigated (`I cannot investigate events after that date`): not a closure"),
    // Money.
    field("money.amount", &[], "a sum: groups `int`, `dec`, `mult`, or `words` (a sum in words, read in code) and `pence`"),
    field("money.rate", &[], "just after a sum, a rate: groups `unit`, `n` (periods)"),
    field("money.verb", &["payment", "refund", "reimbursement", "waiver"], "a remedy verb or noun governing the sums after it (a pattern that ends with `£` governs only the sum right after it)"),
    field("money.context", &["already", "existing", "total", "remainder", "raised_to", "reduced_from", "reduced_to", "owed", "unsettled", "whole", "others"], "the words around a sum, written `£SUM` in the pattern: they say it was already paid or offered (`already`: `the £SUM already paid`), name an existing payment, already provided unless an agreed frame governs it (`existing`: `the £SUM refund`), make it the total of the sums around it (`total`: `making £SUM in total`), or what is left of an earlier payment after a sum already paid (`remainder`: `the remaining £SUM`), were paid by someone of the complainant's, not the organisation (`others`: `Mr I's landlord paid the £SUM deposit`), or the figure an offer is raised to, of which this decision pays what it adds to the money already offered (`raised_to`: `increase its offer to £SUM`), or the figures a charge is reduced from and to, whose difference alone is waived (`reduced_from`, `reduced_to`: `reduce the bill from £SUM to £SUM`), or a bill the organisation owes a third party, no remedy (`owed`: `the £SUM it owes the care provider`), or a sum the text does not settle, a cap or a payment only to be considered, which is no payment and leaves the total null (`unsettled`: `up to £SUM`, `consider paying her £SUM`), or the whole of which the sum before it is a part, which counts nowhere (`whole`: `paid £200 of the £SUM she spent`)"),
    field("money.reference", &["one", "several", "named", "remainder", "unnamed"], "just after a remedy verb, a word that points back: to the one sum named just before (`one`: `reimburse this`, `refund that cost`), to every sum named just before (`several`: `reimburse these costs`, `refund both sums`), to the one sum named anywhere before whose words name the thing it paid for (`named`: group `noun` or `noun2`, `refund the cost of the private assessment`), or to what is left of this decision's payment after the money already paid (`remainder`: `pay the balance`); or costs of the person's that the text puts no figure on (`unnamed`: `reimburse Mr M's costs`, the total null)"),
    field("money.condition", &[], "before a remedy verb that pays a sum named before, or before a sum of its own, a condition (`if the appeal succeeds`): no settled payment"),
    field("money.stem", &[], "the ending of a word, dropped before a cost named by what it paid for (`money.reference`, `named`) is compared with the words after a sum: `taxis` and `taxi`, `cleaning` and `cleaned`"),
    field("money.unconditional", &[], "a condition that leaves the payment as it is (`if it has not already done so`): `money.condition` is not read in it"),
    field("money.background", &[], "a sentence whose sums are background (paid for an earlier complaint)"),
    field("money.total", &[], "text just before a sum that makes it the total of the sums before it"),
    field("money.breakdown", &[], "text between a sum and the next that opens its breakdown (`(`, `, made up of`): the sums after are its parts"),
    field("money.less", &[], "words between two sums that deduct the second from the first"),
    field("money.count_before", &[], "just before a sum, how many such payments (`two payments of`: group `n`)"),
    field("money.less_unnamed", &[], "just after a payment, a deduction of money already provided that names no sum (`less the goodwill payment it has already made`)"),
    field("money.coordination", &[], "words between two sums that make the second another sum of the verb before the first (`, `, `and her son `, `and a further `); otherwise the second is inside the first's purpose (`towards the £SUM cost`) and the verb does not govern it"),
    field("money.not_remedy", &[], "between a payment verb and a sum: the sum is a rent, grant, fee or price the text talks about"),
    field("money.debt_cleared", &[], "between a payment verb and a sum `money.not_remedy` sets aside: a debt the payment clears (rent arrears, a shortfall), so the sum is a remedy"),
    field("money.earlier_stage", &[], "a sum an earlier stage of the complaints procedure recommended"),
    field("money.goodwill", &[], "a sum the organisation gave as goodwill before the decision"),
    field("money.imperative", &[], "a sentence that starts with a remedy verb: an item of a list of remedies"),
    field("money.rate_count", &[], "before a rate per event that does not count its events, in its sentence or the one before: groups `n` (how many) and `per` (what)"),
    field("money.rate_count_more", &[], "just after a count of events: another count goes on from it, so the count is none"),
    field("money.each", &[], "just after a sum: one such sum for each of the payees named before it"),
    // Payees and purposes.
    field("payee.strip", &[], "words around a payee to drop (`and`, `a symbolic payment of`)"),
    field("payee.name", &[], "a payee as the text names one (`Miss X`, `the teenager`, `each of the neighbours`)"),
    field("payee.pronoun", &[], "a pronoun payee: the complainant"),
    field("payee.each", &[], "a payee that is each of several people: group `rest`"),
    field("payee.title", &[], "a title before a pseudonym (`Mr`, `Mrs`)"),
    field("payee.couple", &[], "a payee noun that is two people (`grandparents`)"),
    field("payee.joiner", &[], "what joins the people of one payee (`Mr A, Mrs A and Miss A`: each match is one more person)"),
    field("payee.after_sum", &[], "after a sum, the words that introduce the payee (`to`): group `rest`"),
    field("payee.after_sum_end", &[], "where a payee named after a sum ends"),
    field("recipients.count", &[], "how many people a per-person payment goes to: groups `n`, `noun`"),
    field("purpose.lead", &[], "after a sum, the words that introduce what it is for"),
    field("purpose.stop", &[], "words that end a purpose"),
    field("purpose.determiner", &[], "a determiner dropped at the start of a purpose"),
    field("purpose.list_end", &[], "after a comma in a purpose, the end of a list (`, trouble and inconvenience`): the comma does not end the purpose"),
    // Remedies.
    field("remedy.item_separator", &[], "where the items of a list of remedies divide"),
    field("remedy.item_start", &[], "the start of a remedy item: a remedy verb, or a remedy noun in a list"),
    field("remedy.item_continues", &[], "matched on an item up to a separator and the next word: the list does not divide there (\"in completing the assessment and issuing\")"),
    field("remedy.item_subject", &[], "the organisation and a modal at the start of an item (`it will`, `that the Council would`): dropped before the item is classified"),
    field("remedy.means", &[], "words that introduce the remedies as the means of a general one (`remedy the injustice by`)"),
    field("remedy.kind", REMEDY_KINDS, "a remedy item of a kind"),
    field("remedy.generic", &[], "an item that only says a remedy will be given (`take action to remedy the injustice`): no kind of its own"),
    field("remedy.report_back", &[], "reporting back to the Ombudsman: how a remedy is checked, not a remedy"),
    field("remedy.action_item", &[], "an item of the agreed action that asks for something: `other` when no kind names it"),
    field("remedy.vehicle", &[], "an item that only carries the next one (`write to Mr X` and apologise)"),
    field("remedy.delegate", &[], "the start of an item that has someone else do the remedy (`arrange for an occupational therapist to`): the rest of the item is classified"),
    field("remedy.topic", &[], "an item's head noun and the word that opens its topic (`guidance to staff on`): the head (group `head`) is classified, not the topic (`handling direct payments`)"),
    field("remedy.publication", &[], "something the organisation publishes or gives out to everyone (a leaflet, its website): an item that updates it improves the service and corrects no record"),
    field("remedy.personal_record", &[], "what the organisation holds about the person (`the information it holds about her`): an item that updates it corrects their records and improves no service"),
    field("remedy.passive", &[], "an item that is only a passive verb (`be reviewed`): read with the subject before its frame when it names no kind by itself"),
    field("remedy.condition_outcome", &[], "an item's own condition that a reassessment in the same list decides (`if the assessment shows he needs one`): no remedy yet"),
    field("remedy.condition_tail", &[], "an item that ends in a condition for the next one (`and, if he is eligible`): after a reassessment the next item is what may follow from it, no remedy yet"),
    field("remedy.not_this_decision", &[], "a sentence about remedies that are not this decision's (an earlier stage's)"),
    // Deadlines.
    field("deadline", &[], "a deadline: groups `n`, `unit`"),
    field("deadline.scope", &[], "a sentence tied to this decision or report: its deadlines are the decision's"),
    field("deadline.scope_phrase", &[], "a phrase naming the decision or report, dropped from `applies_to`"),
];

pub fn spec(field: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.name == field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_unique() {
        let mut names: Vec<_> = FIELDS.iter().map(|f| f.name).collect();
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n);
    }
}
