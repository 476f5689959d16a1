//! Remedy extraction on pages we write: the issue 4 cases, and the clause
//! and wording-family cases of issue 10 with variants (other tenses, other
//! orders) so that a rule is tested on its family, not one sentence.

use crate::clean::Cleaner;
use crate::extract::extract;
use crate::record::Record;
use crate::rules::RuleSet;

fn run(body: &str) -> Record {
    let text =
        format!("Essex County Council (24 019 538)\nThe Ombudsman's final decision:\n{body}\n");
    extract(
        &RuleSet::embedded(),
        "x.txt".into(),
        "x",
        &Cleaner::embedded().clean(&text),
    )
    .unwrap()
}

/// A page whose agreed action is the one item `action`.
fn agreed(action: &str) -> Record {
    run(&format!(
        "Summary: The Council was at fault.\nAgreed action\n- {action}"
    ))
}

#[test]
fn a_sum_and_its_breakdown_count_once() {
    let r = run("Summary: The Council was at fault. It has agreed to pay Miss R £150 a month for the eight months she lived with the disrepair and £200 for her time and trouble.\n\
             The complaint\n- Miss R paid rent of £135 a week.\n\
             Agreed action\n- Within four weeks of my final decision, the Council will pay Miss R £1,400 (£150 a month for eight months and £200 for time and trouble).");
    let amounts: Vec<_> = r
        .payments
        .iter()
        .map(|p| p.amount_gbp.to_string())
        .collect();
    assert_eq!(amounts, ["1400"]);
    assert_eq!(r.remedy_total_gbp.unwrap().to_string(), "1400");
}

#[test]
fn a_bracketed_rate_explains_the_sum_before_it() {
    let r =
        agreed("The Council will pay Mrs Y £2,500 (£500 for each year she went without support).");
    assert_eq!(r.remedy_total_gbp.unwrap().to_string(), "2500");
    assert_eq!(r.payments.len(), 1);
}

#[test]
fn a_sum_less_what_was_already_paid_is_the_difference() {
    let r = agreed("The Council will pay Mr X £500, less the £200 it has already paid him.");
    assert_eq!(r.remedy_total_gbp.unwrap().to_string(), "300");
    assert_eq!(
        r.remedy_already_provided_gbp
            .map(|g| g.to_string())
            .as_deref(),
        Some("200")
    );
}

#[test]
fn each_of_named_people() {
    let r = agreed("The Council will make a symbolic payment of £200 to each of Mr A and Mrs A.");
    assert_eq!(r.remedy_total_gbp.unwrap().to_string(), "400");
    assert_eq!(r.payments.len(), 2);
}

#[test]
fn a_charge_reduced_by_a_sum_is_a_waiver() {
    let r = agreed("The Council will reduce Mrs Y's care charges by £450.");
    assert_eq!(r.remedy_total_gbp.unwrap().to_string(), "450");
    assert_eq!(r.payments[0].kind, "waiver");
}

#[test]
fn separate_sums_in_one_sentence_still_add_up() {
    let r = agreed("The Council will pay Mrs B £600 for lost provision, £200 for distress and £400 for time and trouble.");
    assert_eq!(r.remedy_total_gbp.unwrap().to_string(), "1200");
}

fn amounts(r: &Record) -> Vec<f64> {
    let mut v: Vec<f64> = r.payments.iter().map(|p| p.amount_gbp.pounds()).collect();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v
}

#[test]
fn summary_and_action_count_once() {
    let r = run("Summary: It has agreed to pay Miss X and her child £350.\nAgreed action\n- pay Miss X £150 to acknowledge her avoidable distress; and\n- pay B £200 to acknowledge her avoidable distress.\n- The Council should take this action within four weeks of my final decision.");
    assert_eq!(amounts(&r), [150.0, 200.0]);
    assert_eq!(r.remedy_total_gbp.unwrap().pounds(), 350.0);
    assert_eq!(r.payments[0].recipient.as_deref(), Some("Miss X"));
    assert_eq!(r.payments[1].recipient.as_deref(), Some("B"));
    assert_eq!(r.payments[0].purpose.as_deref(), Some("avoidable distress"));
    assert_eq!(r.deadlines.len(), 1);
    assert_eq!(r.deadlines[0].days, Some(28));
}

#[test]
fn each_of_several_people() {
    let r = run("Summary: Complaint from two men about a house.\nThe council should, within three months from the date of this report, apologise and pay each of the neighbours £250 for their time and trouble.");
    assert_eq!(amounts(&r), [250.0, 250.0]);
    assert_eq!(r.remedy_total_gbp.unwrap().pounds(), 500.0);
    assert_eq!(r.deadlines[0].days, Some(90));
}

#[test]
fn each_after_the_sum() {
    let r = run("Summary: We found fault. The Council has agreed to pay Mr and Mrs Y £250 each.");
    assert_eq!(amounts(&r), [250.0, 250.0]);
    // "each" of a period is a rate, not a payee count: with the months not
    // stated, no total (the one-off £300 and the rate are both kept).
    let r = run("Summary: We found fault. The Council has agreed to pay Miss X £300 and £200 for each month of delay.");
    assert_eq!(amounts(&r), [200.0, 300.0]);
    assert_eq!(r.remedy_total_gbp, None);
    assert_eq!(r.payments.iter().filter(|p| p.per.is_some()).count(), 1);
}

#[test]
fn already_offered_after_the_sum() {
    let r = run("Summary: We found fault. The Council agreed to pay Ms B £250.\nWhat I found\n- This is in addition to the £100 it had already offered.");
    assert_eq!(amounts(&r), [250.0]);
    assert_eq!(r.remedy_already_provided_gbp.unwrap().pounds(), 100.0);
}

#[test]
fn rates() {
    let r = run("Summary: We upheld the complaint.\nAgreed action\n- pay Miss K £100 a month for each of the 6 months L had no transport.");
    assert_eq!(amounts(&r), [600.0]);
    let r = run("Summary: We upheld the complaint.\nMy assessment\n- We therefore asked the Council to consider remedying the injustice caused by completing the following:\n- Make a payment of £50 per month to recognise the frustration caused by the delay. A total of £100.");
    assert_eq!(amounts(&r), [100.0]);
    assert_eq!(r.remedy_total_gbp.unwrap().pounds(), 100.0);
    assert!(r.payments.iter().all(|p| p.per.is_none()));
}

/// A rate whose periods the text does not state has no total: a wrong
/// figure is worse than none. The rate itself stays, with its period.
#[test]
fn an_open_ended_rate_leaves_the_total_null() {
    for body in [
        "Summary: The Council has agreed to apologise to Mrs X and pay her £100 per month for the delay.",
        "Summary: We upheld the complaint.\nAgreed action\n- The Council will pay Mr Y £25 a week until the placement starts.",
        "Summary: The Council was at fault.\nAgreed action\n- Pay Ms Z £150 per month from March 2024 until it completes the assessment.",
        "Summary: We found fault. The Council will pay Ms P £100 for each month of delay from May 2022 until the assessment is completed.",
        "Summary: The Council agreed to pay Mr Q £40 for every week he is without a placement.",
        "Summary: The Council was at fault.\nAgreed action\n- Pay Mrs R £75 monthly until the adaptation is installed.",
    ] {
        let r = run(body);
        assert_eq!(r.payments.len(), 1, "{body}");
        assert_eq!(r.remedy_total_gbp, None, "{body}");
        let per = r.payments[0].per.as_deref();
        assert!(matches!(per, Some("month" | "week")), "{body}: {per:?}");
        assert!(
            r.warnings.iter().any(|w| w.starts_with("remedy_total_gbp is null")),
            "{body}: {:?}",
            r.warnings
        );
    }
    // Stated periods settle it; a one-off sum beside the rate does not.
    let r = run("Summary: The Council agreed to pay Mr Y £25 a week for six weeks.");
    assert_eq!(r.remedy_total_gbp.unwrap().pounds(), 150.0);
    assert_eq!(r.payments[0].per, None);
    let r =
        run("Summary: The Council agreed to pay Mr Y £200 for each of the three months he waited.");
    assert_eq!(r.remedy_total_gbp.unwrap().pounds(), 600.0);
    // "for each" of people, or of things, is no rate.
    let r = run("Summary: The Council agreed to pay Mr and Mrs Y £200 for each child.");
    assert!(
        r.payments.iter().all(|p| p.per.is_none()),
        "{:?}",
        r.payments
    );
    assert!(r.remedy_total_gbp.is_some());
    let r = run("Summary: The Council agreed to pay Mrs X £200 for her distress and £50 per month until the review is complete.");
    assert_eq!(r.remedy_total_gbp, None);
    assert_eq!(amounts(&r), [50.0, 200.0]);
}

#[test]
fn several_sums_after_one_verb() {
    let r = run("Summary: The Council agreed to apologise to Miss X and pay her £500 for the uncertainty, £3,000 for her child’s potential missed education and £100 for the frustration.");
    assert_eq!(amounts(&r), [100.0, 500.0, 3000.0]);
    let r = run("Summary: It has agreed to pay Mrs X £250 for the avoidable distress caused and to waive outstanding fees of £181.");
    assert_eq!(amounts(&r), [181.0, 250.0]);
    assert_eq!(r.payments[1].kind, "waiver");
}

#[test]
fn sums_that_are_not_remedies() {
    for s in [
            "Ms X wants an apology and for the Council to remove the fees of £310.",
            "He paid £220 to obtain medical evidence but the Council said it was not sufficient.",
            "Miss X complained the Council commissioned care home charges of £4,200 per week.",
            "Mrs X also complained the Council incorrectly sent a significant invoice (over £50,000).",
            "Ms X must repay a benefit overpayment of £12164.",
            "Mr B says the Council should apologise and cancel the invoice he received for £1593.00",
            "The rent of £135 a week was due.",
            "The Council agreed to pay the grant of £30,000 once the works are done.",
            "The Council has paid her care fees of £4,200 per week since May.",
            "The stage two investigation upheld her complaint and recommended a payment of £300.",
            "The grant of £30,000 paid for the works, which cost £60,000.",
            "Mrs B says the Council has wrongly refused her compensation claim for repairs over £1,100.",
        ] {
            let r = run(&format!("Summary: We upheld the complaint.\nWhat I found\n- {s}"));
            assert!(r.payments.is_empty(), "{s}: {:?}", r.payments);
            assert_eq!(r.remedy_already_provided_gbp.unwrap().0, 0, "{s}");
        }
}

#[test]
fn already_provided_is_not_in_the_total() {
    let r = run("Summary: We will not investigate. The Council has already apologised and paid Mr F £200 for the repair, which is a suitable remedy.");
    assert!(r.payments.is_empty());
    assert_eq!(r.remedy_already_provided_gbp.unwrap().pounds(), 200.0);
    assert!(r.remedy_already_provided);
    let r = run("Summary: However, it recognised some fault and offered a payment of £250. We found the Council at fault and recommended an increased remedy.");
    assert_eq!(r.remedy_already_provided_gbp.unwrap().pounds(), 250.0);
    assert!(r.payments.is_empty());
    let r = run("Summary: The stage two investigation upheld her complaint and recommended a payment of £300, which the Council paid.");
    assert!(r.payments.is_empty());
    assert_eq!(r.remedy_already_provided_gbp.unwrap().pounds(), 300.0);
    let r = run("Summary: We found fault.\nWhat I found\n- The Council accepted the findings and paid Mrs Y £300.");
    assert_eq!(r.remedy_already_provided_gbp.unwrap().pounds(), 300.0);
    // Paid for an earlier complaint: background.
    let r = run("Summary: We will not investigate.\nMy assessment\n- The Council also paid Miss X £1000 during this time at our request.");
    assert_eq!(r.remedy_already_provided_gbp.unwrap().0, 0);
}

#[test]
fn remedy_kinds() {
    let r = run("Summary: We found the Council at fault. The Council has agreed to consider the complaint through the statutory complaints procedure.\nAgreed Action\n- Within one month of the final decision, the Council should:\n- apologise to Ms A.\n- remind staff of the procedure.");
    let kinds: Vec<_> = r.remedies.iter().map(|m| m.kind.as_str()).collect();
    assert!(kinds.contains(&"reconsider_complaint"));
    assert!(kinds.contains(&"apology"));
    assert!(kinds.contains(&"service_improvement"));
    let si = r
        .remedies
        .iter()
        .find(|m| m.kind == "service_improvement")
        .unwrap();
    assert_eq!(si.group, "service_improvement");
    assert_eq!(r.deadlines[0].days, Some(30));
    assert_eq!(
        r.deadlines[0].applies_to.as_deref(),
        Some("the Council should: apologise to Ms A")
    );
    // A stage mentioned as background is not a remedy.
    let r = run("Summary: We will not investigate Miss X's complaint. It is reasonable to expect her to request a stage two escalation.");
    assert!(r.remedies.is_empty());
}

#[test]
fn other_remedies_and_report_back() {
    let r = run("Summary: We upheld the complaint.\nAgreed action\n- meet with the woman to decide a way forward;\n- The Council should provide us with evidence it has complied with the above actions.");
    let kinds: Vec<_> = r.remedies.iter().map(|m| m.kind.as_str()).collect();
    assert_eq!(kinds, ["other"]);
}

#[test]
fn statutory_time_limits_are_not_deadlines() {
    let r = run("Summary: We upheld the complaint.\nWhat I found\n- The council must hold the panel within 30 days of the date of request.\n- The whole stage two process should be completed within 25 working days.");
    assert!(r.deadlines.is_empty());
}

fn gbp(g: Option<crate::record::Gbp>) -> f64 {
    g.map_or(-1.0, |g| g.pounds())
}

fn kinds(r: &Record) -> Vec<&str> {
    let mut k: Vec<&str> = r.remedies.iter().map(|m| m.kind.as_str()).collect();
    k.sort();
    k.dedup();
    k
}

/// Each agreed action alone has exactly the kinds given with it.
#[track_caller]
fn each_has_kinds(cases: &[(&str, &[&str])]) {
    for (action, want) in cases {
        assert_eq!(kinds(&agreed(action)), *want, "{action}");
    }
}

/// Each summary sentence alone pays nothing.
#[track_caller]
fn pays_nothing(texts: &[&str]) {
    for text in texts {
        assert!(summary(text).payments.is_empty(), "{text}");
    }
}

/// Each summary sentence alone pays nothing and leaves the total null: the
/// text names money but settles no sum.
#[track_caller]
fn settles_no_sum(texts: &[&str]) {
    for text in texts {
        let r = summary(text);
        assert!(r.payments.is_empty(), "{text}");
        assert_eq!(r.remedy_total_gbp, None, "{text}");
    }
}

/// Each of `texts`, as a summary, pays `want` (sorted), with `already`
/// provided when it is given.
fn each_pays(texts: &[&str], want: &[f64], already: Option<f64>) {
    for text in texts {
        let r = summary(text);
        assert_eq!(amounts(&r), want, "{text}");
        if let Some(already) = already {
            assert_eq!(gbp(r.remedy_already_provided_gbp), already, "{text}");
        }
    }
}

/// A summary that states `text` after a finding of fault.
fn summary(text: &str) -> Record {
    run(&format!("Summary: We found fault by the Council. {text}"))
}

// Issue 10, clauses: a marker governs its own clause.

#[test]
fn a_state_after_the_sum_governs_it() {
    let r =
        summary("The Council has agreed to pay her an extra £1,150 to the £2,000 already paid.");
    assert_eq!(amounts(&r), [1150.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 2000.0);
    let r = summary("Mrs X says she will accept the £250 the Council has offered.");
    assert!(r.payments.is_empty());
    assert_eq!(gbp(r.remedy_already_provided_gbp), 250.0);
    let r = summary("He does not think the £90 refund is sufficient.");
    assert!(r.payments.is_empty());
    assert_eq!(gbp(r.remedy_already_provided_gbp), 90.0);
    // Variants: the relative clause with "which", the passive.
    let r =
        summary("The Council will pay Mr Y £300 on top of the £150 which it had already paid him.");
    assert_eq!(amounts(&r), [300.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 150.0);
    let r = summary("The Council should pay Mrs B a further £400, in addition to the £100 that was paid in May.");
    assert_eq!(amounts(&r), [400.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 100.0);
}

#[test]
fn a_claim_word_inside_the_object_does_not_cancel_the_agreement() {
    let r = summary("The Council agreed to apply a credit to the balance owed for £185.");
    assert_eq!(amounts(&r), [185.0]);
    let r = summary("The Council will refund the fees she was charged, £240 in all.");
    assert_eq!(amounts(&r), [240.0]);
    let r = summary("It has agreed to reimburse the costs Mr X incurred of £75.");
    assert_eq!(amounts(&r), [75.0]);
    // The claim as a clause of its own still counts nowhere.
    let r = run("Summary: We found fault.\nThe complaint\n- Mrs X says she was charged £240 for care she did not receive.");
    assert!(r.payments.is_empty());
}

#[test]
fn one_clauses_veto_does_not_drop_another_clauses_remedies() {
    let r = summary("The Council should apologise, make a payment and provide evidence that it has carried out the review.");
    assert_eq!(kinds(&r), ["apology", "payment"]);
    let r = summary("It has agreed to apologise, pay her £250 and explain what further action it has taken to put things right.");
    assert_eq!(kinds(&r), ["apology", "other", "payment"]);
    assert_eq!(amounts(&r), [250.0]);
    let r = summary("The Council will reimburse Miss X for the mileage costs she incurred, and take steps to prevent recurrence.");
    assert_eq!(kinds(&r), ["payment", "service_improvement"]);
}

#[test]
fn agreement_in_the_previous_sentence_carries() {
    let r = summary(
        "The Council agreed to our recommendations. This included an apology and a £1,000 payment.",
    );
    assert_eq!(amounts(&r), [1000.0]);
    assert_eq!(kinds(&r), ["apology", "payment"]);
    let r = summary("The Council has accepted our recommendations. These include a symbolic payment of £300 and staff training.");
    assert_eq!(amounts(&r), [300.0]);
    assert_eq!(kinds(&r), ["payment", "service_improvement"]);
    // Nothing carries from a sentence that agreed nothing.
    let r = summary("Mrs X wanted more. This included a payment of £5,000.");
    assert!(r.payments.is_empty());
}

#[test]
fn money_already_provided_in_other_words() {
    let r = summary("The Council made goodwill awards of £3,756.63 to the family.");
    assert!(r.payments.is_empty());
    assert_eq!(gbp(r.remedy_already_provided_gbp), 3756.63);
    let r = summary("The action already taken by the Council included a payment of £100.");
    assert!(r.payments.is_empty());
    assert_eq!(gbp(r.remedy_already_provided_gbp), 100.0);
    let r = summary("The Council has appropriately remedied the injustice by making a payment of £1860.50 for the missed provision.");
    assert!(r.payments.is_empty());
    assert_eq!(gbp(r.remedy_already_provided_gbp), 1860.5);
}

// Issue 10, wording families.

#[test]
fn older_wording_and_named_pseudonyms() {
    let r = run("Summary: The Ombudsman found maladministration causing injustice. I recommended the Council to pay Ms Stone £4,500.");
    assert_eq!(amounts(&r), [4500.0]);
    assert_eq!(r.payments[0].recipient.as_deref(), Some("Ms Stone"));
    let r = run("Summary: We upheld the complaint. The Nursing Home pay Mrs Y’s daughter, Ms X, a symbolic financial remedy in recognition of the distress.");
    assert_eq!(kinds(&r), ["payment"]);
}

#[test]
fn remedies_named_as_nouns_and_gerunds() {
    let r = summary("An apology, payment and training is satisfactory remedy.");
    assert_eq!(kinds(&r), ["apology", "payment", "service_improvement"]);
    let r = summary("The Council has agreed a remedy including an apology and a payment.");
    assert_eq!(kinds(&r), ["apology", "payment"]);
    let r = summary("The Council has agreed to remedy this injustice by apologising to Mr X, making payments to reflect the upset, together with service improvements.");
    assert_eq!(kinds(&r), ["apology", "payment", "service_improvement"]);
    let r = summary("The Council will put things right by reviewing its decision and reminding its staff of the policy.");
    assert_eq!(kinds(&r), ["reassessment", "service_improvement"]);
}

#[test]
fn lists_divide_only_where_a_remedy_starts() {
    let r = summary("The Council will apologise to Mr and Mrs X for the distress and frustration, and provide transport for their son.");
    assert_eq!(kinds(&r), ["apology", "provide_service"]);
    let r = summary("The Council has agreed to provide Miss X a further apology for the delay in completing the assessment and issuing the plan.");
    assert_eq!(kinds(&r), ["apology"]);
    let r = summary("The Council will write to Mr X and apologise for the uncertainty.");
    assert_eq!(kinds(&r), ["apology"]);
}

#[test]
fn remedies_never_come_from_the_complaint_or_the_law() {
    let r = run("Summary: We found fault.\nThe complaint\n- Mrs X asked the Council to apologise and pay her £500.\nRelevant law and guidance\n- Councils must provide suitable transport.");
    assert!(r.remedies.is_empty(), "{:?}", r.remedies);
    assert!(r.payments.is_empty());
    let r = summary("Mr X wants the Council to apologise, but it has agreed to pay him £200.");
    assert_eq!(kinds(&r), ["payment"]);
    let r = summary("He can ask the court to decide whether the Council should repair the wall.");
    assert!(kinds(&r).is_empty(), "{:?}", r.remedies);
}

#[test]
fn offers_count_when_the_ombudsman_accepts_them() {
    let r = summary("The Council offered to apologise to Mr Y and make a symbolic payment of £300. We consider this a fair and proportionate remedy.");
    assert_eq!(kinds(&r), ["apology", "payment"]);
    let r = summary("It offered to meet Miss X to discuss its communication with her.");
    assert!(kinds(&r).is_empty(), "{:?}", r.remedies);
}

#[test]
fn totals_and_remainders_count_once() {
    let r = summary("The Council had offered Mrs C £300, but this was not enough. It has agreed to pay her a further £200, making £500 in total.");
    assert_eq!(amounts(&r), [200.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 300.0);
    assert_eq!(kinds(&r), ["payment"]);
    let r = summary("The Council should apologise and pay Mr O £200. It has already paid him £50 as a goodwill gesture, so it should pay the remaining £150.");
    assert_eq!(amounts(&r), [150.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 50.0);
    let r = summary("The Council will pay the estate of the late Mrs E £2,250, less the £250 it has already refunded.");
    assert_eq!(amounts(&r), [2000.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 250.0);
}

#[test]
fn remedies_written_in_other_ways() {
    let r = summary("By way of remedy, the Council will write to Mr O to apologise, pay him £350, and carry out a review of how it handles homelessness applications.");
    assert_eq!(kinds(&r), ["apology", "payment", "service_improvement"]);
    let r = summary("It will reinstate her application with its original date and apologise.");
    assert_eq!(kinds(&r), ["apology", "correct_records"]);
    let r = summary("The Council should pay Mr V £2,000 and arrange an independent review of the placement within three months.");
    assert_eq!(kinds(&r), ["payment", "reassessment"]);
    let r = summary("The Council accepted our recommendation to apologise to Mr E and provide training to its housing officers.");
    assert_eq!(kinds(&r), ["apology", "service_improvement"]);
    let r = summary("It has agreed to recalculate the charges, refund any overpayment and pay him £100 for the uncertainty.");
    assert_eq!(kinds(&r), ["payment", "reassessment"]);
}

/// Someone else carries out the remedy: the rest of the item is what is
/// done ("arrange for an occupational therapist to reassess ...").
#[test]
fn a_delegated_remedy_is_what_the_delegate_does() {
    for (action, want) in [
        ("The Council will arrange for an occupational therapist to reassess Mr B's needs.", "reassessment"),
        ("The Council will ask its SEN team to review Y's plan again.", "reassessment"),
        ("The Council should instruct an independent investigator to consider the complaint at stage two.", "reconsider_complaint"),
        ("The Council will arrange for a social worker to carry out a carer's assessment for Ms E.", "reassessment"),
        ("The Council will ask the school to provide transport for Z.", "provide_service"),
    ] {
        assert_eq!(kinds(&agreed(action)), [want], "{action}");
    }
}

/// A service-improvement head keeps its topic from naming another kind
/// ("guidance to staff on handling direct payments" is not a payment).
#[test]
fn the_topic_of_guidance_or_training_is_not_a_remedy() {
    for action in [
        "The Council should issue guidance to staff on handling direct payments.",
        "Within three months, the Council will provide training to its admissions team about the School Admissions Code.",
        "The Council will review its policy on payments to carers.",
        "The Council will remind staff of the need to apologise when things go wrong.",
    ] {
        assert_eq!(kinds(&agreed(action)), ["service_improvement"], "{action}");
    }
    // A payment of its own beside the guidance still counts.
    let r =
        agreed("The Council will pay Mr X £200 and issue guidance to staff on direct payments.");
    assert_eq!(kinds(&r), ["payment", "service_improvement"]);
}

/// Complaint responses reissued, backdated applications, and reporting a
/// plan back to us, in several wordings.
#[test]
fn responses_reissued_applications_backdated_plans_shared() {
    for (action, want) in [
        ("The Council has agreed to reissue its stage two response, addressing the points Mr Z raised.", vec!["reconsider_complaint"]),
        ("The Council will send Mrs X a fresh complaint response.", vec!["reconsider_complaint"]),
        ("The Council will backdate Mr D's housing register application to June 2023.", vec!["correct_records"]),
        ("The Council will backdate her council tax reduction to April 2022.", vec!["payment"]),
        ("Within eight weeks, the Council will produce an action plan to clear its backlog of assessments and share it with us.", vec!["service_improvement"]),
        ("The Council will write to Mrs X, explaining how it reached its decision.", vec!["other"]),
    ] {
        assert_eq!(kinds(&agreed(action)), want, "{action}");
    }
}

/// Breakdowns in words, claims said with "had asked for", and per-person
/// payments to a counted group, each with a variant.
#[test]
fn breakdowns_in_words_claims_and_counted_groups() {
    for (action, total) in [
        ("The Council will pay £1,000 to Mrs C, made up of £800 for lost education and £200 for distress.", 1000.0),
        ("The Council will pay Mr Y £650, comprising £500 for the lost support and £150 for his time and trouble.", 650.0),
        ("The Council will pay Mr Y £650 (£500 for the lost support and £150 for his time).", 650.0),
        ("The Council will pay Mr D £200. Mr D had asked for £5,000 in compensation.", 200.0),
        ("The Council will pay Ms E £300. She has asked for £2,000.", 300.0),
        ("The Council should pay £100 to each of Mr and Mrs F's three children, and £300 to Mrs F.", 600.0),
        ("The Council will pay each of her two sons £150.", 300.0),
    ] {
        let r = agreed(action);
        assert_eq!(r.remedy_total_gbp.map(|g| g.pounds()), Some(total), "{action}");
    }
    // Sums side by side, with no breakdown word, are payments of their own.
    let r = agreed("The Council will pay Mrs C £1,000 for lost education, £800 for distress and £200 for time and trouble.");
    assert_eq!(r.remedy_total_gbp.unwrap().pounds(), 2000.0);
}

/// What a person owes, cancelled, reduced, withdrawn or not pursued, is a
/// payment (a waiver); the same verbs on a service are not.
#[test]
fn debts_cancelled_reduced_or_not_pursued_are_payments() {
    each_has_kinds(&[
        (
            "The Council will cancel the invoices for the top-up fees, which total £1,840.",
            &["payment"],
        ),
        (
            "The Council will reduce the amount owed by £1,000.",
            &["payment"],
        ),
        (
            "The Council will withdraw the bills for the missed months.",
            &["payment"],
        ),
        (
            "The Council has agreed to write off the arrears.",
            &["payment"],
        ),
        (
            "The Council will rescind the penalty charges.",
            &["payment"],
        ),
    ]);
    assert_eq!(
        gbp(agreed("The Council will reduce the amount owed by £1,000.").remedy_total_gbp),
        1000.0
    );
    for action in [
        "The Council will cancel the care package.",
        "The Council will withdraw its offer of accommodation.",
    ] {
        assert!(!kinds(&agreed(action)).contains(&"payment"), "{action}");
    }
}

/// Training or reminders the organisation has another body give its staff
/// improve the service, as its own do; care the other body gives does not.
#[test]
fn staff_trained_through_another_body_is_a_service_improvement() {
    each_has_kinds(&[
        ("Within three months, the Council should ensure the care provider trains all care staff on recording and giving medication.", &["service_improvement"]),
        ("The Council will make sure its contractor retrains the crew managers.", &["service_improvement"]),
        ("The Council will require the agency to brief its carers on the new procedure.", &["service_improvement"]),
    ]);
    let r = agreed("The Council will ensure the care provider gives Mrs X her medication.");
    let k = kinds(&r);
    assert!(!k.contains(&"service_improvement"), "{k:?}");
}

/// "Check whether ...": the question is what the item looks into, not a
/// supposition that cancels it; money inside the question is not paid.
#[test]
fn an_inquiry_into_others_affected_is_a_service_improvement() {
    each_has_kinds(&[
        ("Within three months the Council will check whether it has charged other people for section 117 aftercare.", &["service_improvement"]),
        ("The Council will identify whether any others were affected by the same error.", &["service_improvement"]),
        ("The Council should review whether other tenants on the estate have been charged in the same way.", &["service_improvement"]),
        ("The Council will check if it has charged others.", &["service_improvement"]),
    ]);
    let r = agreed("The Council will check whether it should have paid Mrs X £200.");
    assert_eq!(gbp(r.remedy_total_gbp), 0.0);
    // A supposition without an inquiry still owns its clause.
    let r = run("Summary: We found fault.\nWhat I found\n- I cannot say whether the Council would have paid Mr X £500.");
    assert_eq!(gbp(r.remedy_total_gbp), 0.0);
}

/// A sum introduced as a total that adds up the page's other sums (with
/// those already offered) restates them; alone, it is the payment.
#[test]
fn a_total_restating_the_pages_sums_counts_once() {
    let r = run("Summary: Miss T complains the Council delayed her son's assessment. The Council accepted the delay and offered Miss T £300. We consider the Council should also pay Miss T a further £400, and it has agreed to do so.\n\
             Agreed action\n- Within one month the Council will pay Miss T the £300 it offered and a further £400 for her son's missed education.\n\
             Final decision\n- I have found fault causing injustice. The Council has agreed to pay a total of £700.");
    assert_eq!(gbp(r.remedy_total_gbp), 400.0);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 300.0);
    let r = run("Summary: We found fault.\nAgreed action\n- The Council will pay Mr X £250 for his distress.\n- The Council will pay Mr X £150 for his time and trouble.\nFinal decision\n- The Council has agreed to pay Mr X £400 in total.");
    assert_eq!(gbp(r.remedy_total_gbp), 400.0);
    assert_eq!(r.payments.len(), 2);
    let r = run("Summary: We found fault. The Council has agreed to pay Mr X a total of £700.");
    assert_eq!(gbp(r.remedy_total_gbp), 700.0);
}

/// "£350 to Mrs K, less the £100 it already paid her": the deduction
/// reads past the payee.
#[test]
fn a_deduction_after_the_payee_is_the_difference() {
    for action in [
        "The Council agreed to pay £350 to Mrs K, less the £100 it already paid her.",
        "The Council will pay £350 to Mr and Mrs K, minus the £100 it has already paid them.",
    ] {
        let r = agreed(action);
        assert_eq!(gbp(r.remedy_total_gbp), 250.0, "{action}");
        assert_eq!(gbp(r.remedy_already_provided_gbp), 100.0, "{action}");
    }
}

/// Equipment installed, assessments with longer names, decisions withdrawn,
/// and "remedy it", each in a list with other remedies.
#[test]
fn equipment_assessments_withdrawn_decisions() {
    each_has_kinds(&[
        ("The Council has agreed to apologise, install the stairlift within four weeks and pay Mrs D £400.", &["apology", "payment", "provide_service"]),
        ("The Council will fit grab rails in Mr E's bathroom.", &["provide_service"]),
        ("The Council will pay £150 to Mr A and £150 to Mrs A, and carry out a new Care Act assessment of their son.", &["payment", "reassessment"]),
        ("The Council will withdraw its intentionality decision and make a fresh decision on the application.", &["reassessment"]),
        ("The Council has agreed to apologise and remedy it.", &["apology"]),
    ]);
}

/// A sum per event ("for each missed collection") whose events the page
/// does not count has no total; counted, it is multiplied out.
#[test]
fn a_rate_per_event_without_a_count_has_no_total() {
    for action in [
        "The Council will pay Mr K £75 for each missed collection. There were eight missed collections.",
        "The Council will pay Ms L £20 per missed visit.",
    ] {
        let r = agreed(action);
        assert_eq!(r.remedy_total_gbp, None, "{action}");
        assert!(r.warnings.iter().any(|w| w.contains("remedy_total_gbp is null")), "{action}");
    }
    let r = agreed("The Council will pay Mr K £75 for each of the eight missed collections.");
    assert_eq!(gbp(r.remedy_total_gbp), 600.0);
    // Other rates per event and ones pointing back: uncounted, no total (a
    // flat £40 would be a wrong figure).
    for text in [
        "The Council has agreed to pay him £40 for each of the missed appointments.",
        "The Council has agreed to pay her £10 for each missed bin collection.",
        "The Council will pay her £50 for every missed therapy session.",
        "The Council will pay him £25 for every one of the missed visits.",
        "The Council will pay her £25 for each of those days.",
        // Counted, but not before the rate, or not in the sentence before.
        "The Council will pay Ms L £20 per missed visit. The carers missed eight visits.",
        // Two different counts, and a count of a part.
        "The carers were late on two occasions and missed visits on five occasions. The Council will pay £20 for each missed visit.",
        "The carers missed 3 of the 14 visits. The Council will pay £20 for each missed visit.",
        // A count another count goes on from.
        "Care workers missed eight visits in March and five in April. The Council will pay £20 for each missed visit.",
        "The Council missed six collections, and a further four in May. It will pay £10 for each missed collection.",
        // A count of something else.
        "The carers missed eight lessons. The Council will pay £20 for each missed visit.",
        // A period before an open rate is not its count.
        "She waited six months for a placement. The Council will pay £100 a month until it starts.",
    ] {
        let r = summary(text);
        assert_eq!(r.remedy_total_gbp, None, "{text}");
        assert!(r.warnings.iter().any(|w| w.contains("remedy_total_gbp is null")), "{text}");
    }
    // Counted in the sentence before, or before the rate in its own: the
    // count times the rate.
    for (text, want) in [
        ("The Council failed to visit on eight occasions. It should pay £20 for each missed visit.", 160.0),
        ("The care provider missed six visits. The Council has agreed to pay Mr B £30 for each missed visit.", 180.0),
        ("The Council did not provide transport on 12 days. It will pay Ms C £25 for each of those days.", 300.0),
        ("There were ten missed visits in total. The Council agreed to pay £15 per missed visit.", 150.0),
        ("Her son missed four therapy sessions. The Council has agreed to pay her £50 for each missed therapy session.", 200.0),
        ("The carers missed 14 visits and were late for 3 more. The Council will pay her £20 for each missed visit.", 280.0),
        ("The carers missed visits on five occasions. The Council has agreed to pay Mrs L £30 per occasion.", 150.0),
        ("He missed nine lessons. The Council has agreed to pay him twenty pounds for each missed lesson.", 180.0),
        ("As the bins were missed on 12 separate occasions, the Council will pay £10 for each missed collection.", 120.0),
    ] {
        let r = summary(text);
        assert_eq!(amounts(&r), [want], "{text}");
        assert_eq!(gbp(r.remedy_total_gbp), want, "{text}");
    }
    // People are counted as payees, not as a rate.
    let r = agreed("The Council will pay £100 for each child.");
    assert!(r.remedy_total_gbp.is_some());
}

/// Arrears the organisation agrees to pay are a remedy, though a rent or
/// council tax sum between the verb and the sum is not.
#[test]
fn arrears_paid_are_a_remedy_rent_is_not() {
    for action in [
        "The Council has agreed to pay Mr Q's rent arrears of £1,500 which arose because of its delay.",
        "The Council will pay the council tax arrears of £1,500 that built up while it delayed.",
        "The Council will pay the shortfall in her rent of £1,500.",
    ] {
        assert_eq!(gbp(agreed(action).remedy_total_gbp), 1500.0, "{action}");
    }
    let r = agreed("The Council will pay the rent of £1,500 for the temporary accommodation.");
    assert_eq!(gbp(r.remedy_total_gbp), 0.0);
}

/// Remedy wordings from a probe of 28 single-item agreed actions: "say
/// sorry", assessments redone (with a participle that describes the item,
/// not a second one), a review panel convened; and the report's standard
/// text about the full Council, which is no remedy.
#[test]
fn apologies_redone_assessments_review_panels() {
    each_has_kinds(&[
        ("The Council will say sorry to Mr B for the delay.", &["apology"]),
        ("The Council has agreed to apologise, saying sorry for the delay.", &["apology"]),
        ("The Council will redo the financial assessment, taking account of Mr D's disability-related expenses.", &["reassessment"]),
        ("The Council will repeat the carer's assessment and pay Ms E £100.", &["payment", "reassessment"]),
        ("The Council will arrange a stage three review panel to consider Mrs K's complaint.", &["reconsider_complaint"]),
        ("The Council will convene a complaints review panel.", &["reconsider_complaint"]),
    ]);
    let r = run("Summary: We found fault.\nRecommendations\n- The Council should consider the report at its full Council, Cabinet or other appropriately delegated committee of elected members and we will require evidence of this.\n- The Council will apologise to Ms C.");
    assert_eq!(kinds(&r), ["apology"]);
    // "say" as reported speech still owns its clause.
    let r = run("Summary: We found fault.\nThe complaint\n- Mr B's neighbours say the Council should pay him £500.");
    assert_eq!(gbp(r.remedy_total_gbp), 0.0);
}

/// A lead-in that ends with a payment verb and a colon gives the list items
/// under it its verb and frame: "pay Mr F:" then "- £200 for his distress".
#[test]
fn sums_listed_under_a_payment_lead_in() {
    for page in [
        "Summary: We found fault.\nAgreed action\nThe Council has agreed to pay Mr F:\n- £200 for his distress; and\n- £100 for his time and trouble.",
        "Summary: We found fault.\nRecommendations\n- Within one month the Council should make the following payments to Mr F:\n- £200 to acknowledge his distress\n- £100 for his time and trouble",
        "Summary: We found fault.\nWhat I found\n- The Council should pay Mr F:\n- £200 for his distress;\n- £100 for his time and trouble.",
    ] {
        let r = run(page);
        assert_eq!(gbp(r.remedy_total_gbp), 300.0, "{page}");
        assert_eq!(r.payments.len(), 2, "{page}");
    }
    // No payment verb before the colon, or the list has ended: no remedy.
    let r = run("Summary: We found fault.\nWhat happened\n- The Council charged Mr H:\n- £200 for the first week\n- £100 for the second week");
    assert_eq!(gbp(r.remedy_total_gbp), 0.0);
    let r = run("Summary: We found fault.\nAgreed action\nThe Council has agreed to pay Mr F:\n- £200 for his distress.\nWhat happened\nMr F had paid £50 for a taxi.");
    assert_eq!(gbp(r.remedy_total_gbp), 200.0);
}

// Wording families of the 2026-12-02 probes: an offer raised to a figure, a
// charge reduced from one figure to another, a debt not pursued, and a
// remedy agreed in the passive.

#[test]
fn an_offer_raised_to_a_figure_adds_the_difference() {
    each_pays(
        &[
            "The Council had offered Mrs B £100. It has agreed to increase this to £250.",
            "The Council has agreed to increase its offer from £100 to £250.",
            "The Council will raise its goodwill payment of £100 to £250.",
            "It offered £100 at stage two and has now agreed to top up the payment to £250.",
        ],
        &[150.0],
        Some(100.0),
    );
    // With no earlier figure the raised sum is the payment.
    assert_eq!(
        amounts(&summary(
            "The Council has agreed to increase its offer to £500."
        )),
        [500.0]
    );
    // A charge or budget raised is no remedy.
    pays_nothing(&[
        "The Council will increase her personal budget to £300 a week.",
        "The Council increased its charges to £60 in 2023.",
    ]);
}

#[test]
fn a_charge_reduced_to_a_figure_waives_only_the_difference() {
    let r = summary("The Council has agreed to reduce her bill from £1,500 to £1,020.");
    assert_eq!(amounts(&r), [480.0]);
    assert_eq!(r.payments[0].kind, "waiver");
    let r = agreed("Reduce the charge for the year from £900 to £600.");
    assert_eq!(amounts(&r), [300.0]);
    // The figure a bill is reduced to is what is still owed.
    let r = summary("The Council will pay Mrs B £50 and reduce her bill to £1,020 for the year.");
    assert_eq!(amounts(&r), [50.0]);
    // "by" a sum is the waiver itself.
    assert_eq!(
        amounts(&summary("The Council will reduce her bill by £480.")),
        [480.0]
    );
}

#[test]
fn a_debt_not_pursued_is_waived() {
    for text in [
        "The Council has agreed not to recover the overpayment of £1,820.",
        "The Council will not pursue the £1,820 debt.",
        "It agreed not to seek repayment of the £1,820 it overpaid.",
    ] {
        let r = summary(text);
        assert_eq!(amounts(&r), [1820.0], "{text}");
        assert_eq!(r.payments[0].kind, "waiver", "{text}");
    }
    // The debt recovered, or only talked about, is no remedy.
    pays_nothing(&[
        "The Council will recover the overpayment of £1,820 at £10 a week.",
        "Mrs V says the Council should not recover the overpayment of £1,820.",
    ]);
}

#[test]
fn a_remedy_agreed_in_the_passive() {
    for text in [
        "A payment of £750 was agreed to recognise the time she spent in unsuitable accommodation.",
        "An apology and a payment of £750 have been agreed.",
        "A payment of £750 was also recommended, and the Council accepted it.",
    ] {
        let r = summary(text);
        assert_eq!(amounts(&r), [750.0], "{text}");
        assert!(kinds(&r).contains(&"payment"), "{text}");
    }
    // The impersonal passive is the agreed frame: what follows it agrees.
    let r = summary("It was agreed that the Council would pay Miss C £750.");
    assert_eq!(amounts(&r), [750.0]);
    // A sum the complainant was refused, or an earlier stage's, is not.
    pays_nothing(&[
        "Mr X says a payment of £750 was agreed at stage two, but he was not paid.",
        "The stage two investigation recommended that a payment of £750 was made.",
    ]);
}

#[test]
fn a_complaint_reconsidered_and_equipment_provided() {
    each_has_kinds(&[
        ("Reconsider Mrs X's complaint.", &["reconsider_complaint"]),
        (
            "Look again at her complaint about the repairs and send her a new response.",
            &["reconsider_complaint"],
        ),
        (
            "Re-investigate the complaint afresh.",
            &["reconsider_complaint"],
        ),
        // A decision or the complaints procedure itself reviewed is not.
        ("Reconsider Mrs X's application.", &["reassessment"]),
        ("Review its complaints procedure.", &["service_improvement"]),
        ("Provide Mrs X's son with a laptop.", &["provide_service"]),
        (
            "Buy him a new wheelchair within four weeks.",
            &["provide_service"],
        ),
        ("Supply a suitable bed and mattress.", &["provide_service"]),
        // Something to read is no service.
        ("Provide Mrs X with a copy of the assessment.", &["other"]),
    ]);
}

#[test]
fn a_sum_including_money_already_offered_adds_the_difference() {
    each_pays(
        &[
            "The Council will pay Mrs G £1,000, which includes the £250 it has already offered.",
            "The Council will pay Mrs G £1,000, inclusive of the £250 it paid in March.",
            "It agreed to pay £1,000 to Mrs G, including the £250 already paid.",
        ],
        &[750.0],
        Some(250.0),
    );
    // A part that is not already provided is inside the sum: counted once.
    let r = summary("The Council will pay Mrs G £1,000, including £250 for her time and trouble.");
    assert_eq!(amounts(&r), [1000.0]);
    // "including" that does not open on a sum divides nothing.
    let r = summary(
        "The Council will pay Mrs G £300, including for her time and trouble, and £200 for her son.",
    );
    assert_eq!(amounts(&r), [200.0, 300.0]);
}

#[test]
fn money_given_offered_or_sent_to_a_person() {
    for text in [
        "The Council has agreed to give Mr X £200 for his distress.",
        "The Council will provide Mr X with £200 to recognise his distress.",
        "The Council will send Mr X a cheque for £200.",
        "The Council will offer Mr X £200 for his distress.",
        "The Council should offer him a payment of £200.",
    ] {
        let r = summary(text);
        assert_eq!(amounts(&r), [200.0], "{text}");
        assert_eq!(kinds(&r), ["payment"], "{text}");
    }
    // An offer made before is already provided.
    let r = summary("The Council had offered Mr X £200 for his distress.");
    assert!(r.payments.is_empty());
    assert_eq!(gbp(r.remedy_already_provided_gbp), 200.0);
    // The verb governs only the sum right after it.
    pays_nothing(&[
        "The Council will give Mr X an explanation of the £200 charge.",
        "The Council will offer Mr X a meeting to discuss the £200 invoice.",
    ]);
}

#[test]
fn remedy_kinds_in_other_verbs() {
    each_has_kinds(&[
        ("Express its regret to Mrs X.", &["apology"]),
        ("Re-evaluate Mrs X's needs.", &["reassessment"]),
        ("Review Mr Y's direct payment rate.", &["reassessment"]),
        ("Fund a tutor for Mrs X's son.", &["provide_service"]),
        (
            "Put a care package in place for Mrs X.",
            &["provide_service"],
        ),
        (
            "Remove the warning marker from Mrs X's record.",
            &["correct_records"],
        ),
        (
            "Correct the error on Mrs X's council tax account.",
            &["correct_records"],
        ),
        (
            "Investigate Mrs X's complaint under the statutory procedure.",
            &["reconsider_complaint"],
        ),
        (
            "Respond fully to Mrs X's complaint.",
            &["reconsider_complaint"],
        ),
        (
            "Make changes to its website so it is clear how to complain.",
            &["service_improvement"],
        ),
        // A charge removed from an account is waived, not a record put right.
        ("Remove the charge from Mrs X's account.", &["payment"]),
    ]);
}

#[test]
fn a_sum_inside_another_sums_purpose_is_not_paid() {
    for (text, want) in [
        (
            "The Council will pay Mrs X £200 towards the £900 cost of the private assessment.",
            &[200.0][..],
        ),
        (
            "The Council should pay Mrs X £200 for the distress caused by the £1,000 overcharge.",
            &[200.0],
        ),
        (
            "The Council will pay Mrs X £200 and will ensure the £35 administration fee is not charged again.",
            &[200.0],
        ),
        (
            "The Council will pay Mrs X £200 within a month, and review her £85 a week contribution.",
            &[200.0],
        ),
        // Sums the verb governs one after another still count.
        (
            "The Council will pay Mrs B £600 for lost provision, £200 for distress and £400 for time and trouble.",
            &[200.0, 400.0, 600.0],
        ),
        (
            "The Council will pay the first family £300, the second £100 and fourth £500.",
            &[100.0, 300.0, 500.0],
        ),
        (
            "The Council will pay Mrs T £300 to acknowledge the distress, and her son a further £200.",
            &[200.0, 300.0],
        ),
        (
            "The Council will refund their legal costs (£2,200), including the statutory charge (£5,400).",
            &[2200.0, 5400.0],
        ),
    ] {
        assert_eq!(amounts(&summary(text)), want, "{text}");
    }
}

/// A bill the organisation owes a third party is no remedy, in any order:
/// "the £1,100 it owes", "the £3,450 in fees it owes", "owed to the care
/// home", "the care provider's invoice of £900". What it owes the
/// complainant, or a debt a person owes that it waives, is still money.
#[test]
fn a_bill_the_organisation_owes_a_third_party_is_no_remedy() {
    for text in [
        "The Council has agreed to pay Mrs A £200. It will also pay the care provider the £1,100 it owes.",
        "The Council will pay the care provider the £1,100 it owes and pay Mrs A £200.",
        "The Council should pay Mrs A £200 and settle the £1,100 it owes the agency that supplied her care.",
        "The Council will pay Mrs A £200 and pay the nursing home the outstanding £1,100 in fees it owes for her care.",
        "The Council has agreed to pay Mrs A £200 and the £1,100 owed to the care home.",
        "The Council should pay the care provider's invoice of £1,100 and pay Mrs A £200.",
    ] {
        let r = summary(text);
        assert_eq!(amounts(&r), [200.0], "{text}");
        assert_eq!(gbp(r.remedy_total_gbp), 200.0, "{text}");
    }
    let r = summary("The Council has agreed to pay Mrs A the £1,100 it owes her.");
    assert_eq!(amounts(&r), [1100.0]);
    let r = summary("The Council has agreed to waive the £1,100 she owes.");
    assert_eq!(amounts(&r), [1100.0]);
}

/// A cap, or a sum the organisation is only to consider, does not settle
/// what is paid: no payment, `remedy_total_gbp` null with a warning, and
/// the remedy is still a payment. A settled sum beside it is still paid.
#[test]
fn a_cap_or_a_sum_to_consider_leaves_the_total_unsettled() {
    for text in [
        "The Council has agreed to apologise and to consider paying up to £500 towards the cost of his fence.",
        "The Council will consider a payment of up to £500 for the tuition Mrs E arranged.",
        "The Council has agreed to pay Mr M up to £500 towards the tutor's fees, once he sends the invoices.",
        "We recommended the Council should consider paying Ms G £500 and it has agreed to do so.",
        "The Council should reimburse his reasonable costs of replacing the items, up to £500, once he provides receipts.",
        "The Council has agreed to consider making Mrs X a payment of £500.",
    ] {
        let r = summary(text);
        assert!(r.payments.is_empty(), "{text}");
        assert_eq!(r.remedy_total_gbp, None, "{text}");
        assert!(
            r.warnings.iter().any(|w| w.contains("does not settle")),
            "{text}"
        );
        assert!(kinds(&r).contains(&"payment"), "{text}");
    }
    // (Meeting a cost is a service provided, as `remedy.kind.provide_service`
    // has it.)
    settles_no_sum(&[
        "The Council will meet the cost of his accommodation up to a maximum of £500.",
    ]);
    let r = summary("The Council will pay Mr F £100 for his distress and reimburse his costs, up to £800, once he provides receipts.");
    assert_eq!(amounts(&r), [100.0]);
    assert_eq!(r.remedy_total_gbp, None);
    // Our own view of a payment is not a consideration left to the Council.
    for text in [
        "We consider a payment of £500 is a suitable remedy and the Council has agreed to make it.",
        "The Council should consider her complaint and pay her £500.",
        "I consider the Council should pay Mrs X £500.",
    ] {
        let r = summary(text);
        assert_eq!(amounts(&r), [500.0], "{text}");
        assert_eq!(gbp(r.remedy_total_gbp), 500.0, "{text}");
    }
}

/// A sum to be paid, in the passive with will, should, must or is to, is
/// this decision's payment; "was paid" is history and counts as already
/// provided or nowhere.
#[test]
fn a_sum_to_be_paid_in_the_passive() {
    each_pays(
        &[
            "A payment of £150 will be made to Ms L for her time and trouble, and the Council will apologise.",
            "£150 should be paid to Ms L for her time and trouble.",
            "A refund of £150 is to be credited to her account.",
            "The Council has agreed that £150 will be paid to Ms L.",
        ],
        &[150.0],
        None,
    );
    pays_nothing(&[
        "A payment of £150 was made to Ms L in 2022.",
        "£150 would be paid if she applied.",
    ]);
}

/// Money given or paid back is a refund; a remedy item that only points
/// back at the remedies before it ("provide them") names no kind.
#[test]
fn money_given_back_and_items_that_point_back() {
    let r = summary("The Council must say sorry to Mrs X and give her back the £445 charged.");
    assert_eq!(amounts(&r), [445.0]);
    assert_eq!(kinds(&r), ["apology", "payment"]);
    let r = summary("The Council will pay Mrs X back the £445.");
    assert_eq!(amounts(&r), [445.0]);
    let r = summary("An apology and a payment of £1,250 to Miss X is a suitable remedy, and the Council has agreed to provide them.");
    assert_eq!(kinds(&r), ["apology", "payment"]);
    assert_eq!(amounts(&r), [1250.0]);
}

/// A person who is to receive a sum is paid it ("Mrs M should receive
/// £250"), in any modal; one who received it is history.
#[test]
fn a_sum_a_person_is_to_receive() {
    for text in [
        "Mrs M should receive £250 from the Council for her distress.",
        "Mrs M will receive a payment of £250 for her distress.",
        "Mrs M is to receive £250 from the Council.",
    ] {
        let r = summary(text);
        assert_eq!(amounts(&r), [250.0], "{text}");
        assert!(kinds(&r).contains(&"payment"), "{text}");
    }
    pays_nothing(&[
        "Mrs M received £250 in benefits.",
        "She had received £250 from the fund.",
    ]);
    let r = summary("The Council should review the information it gives families about charges.");
    assert_eq!(kinds(&r), ["service_improvement"]);
}

/// A sum in words is read as its figure, in every verb and frame a sum in
/// figures is: paid, already paid, capped, given.
#[test]
fn sums_in_words() {
    for (text, want) in [
        (
            "The Council has agreed to apologise and pay her two hundred pounds for her distress.",
            200.0,
        ),
        (
            "It will make a payment of five hundred pounds to Mr B.",
            500.0,
        ),
        (
            "The Council should pay Ms C two hundred and fifty pounds for the uncertainty.",
            250.0,
        ),
        (
            "The Council has agreed to pay Mr D one thousand pounds.",
            1000.0,
        ),
        (
            "The Council has agreed to pay Mrs W a sum of one thousand five hundred pounds.",
            1500.0,
        ),
        (
            "The Council should refund her four hundred and forty-five pounds.",
            445.0,
        ),
        ("The Council agreed to pay Mr V a thousand pounds.", 1000.0),
        (
            "The Council will give Mr X seventy-five pounds for his time and trouble.",
            75.0,
        ),
        (
            "Mrs M should receive fifteen hundred pounds from the Council.",
            1500.0,
        ),
        (
            "The Council has paid him nothing yet; it will now pay him 350 pounds.",
            350.0,
        ),
        (
            "The Council has agreed to refund Mrs J forty-five pounds and fifty pence.",
            45.5,
        ),
    ] {
        let r = summary(text);
        assert_eq!(amounts(&r), [want], "{text}");
        assert_eq!(gbp(r.remedy_total_gbp), want, "{text}");
        assert!(kinds(&r).contains(&"payment"), "{text}");
    }
    let r = summary("The Council has already paid Mr X two hundred pounds. It will now pay him a further three hundred pounds.");
    assert_eq!(amounts(&r), [300.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 200.0);
    let r =
        summary("The Council will consider paying up to five hundred pounds towards his costs.");
    assert!(r.payments.is_empty());
    assert_eq!(r.remedy_total_gbp, None);
    // Vague sums are no sums.
    pays_nothing(&[
        "Mr X says he has lost thousands of pounds.",
        "Mrs Y says the delay cost her several hundred pounds.",
    ]);
}

/// A procedure, policy or practice for decisions of a kind is a service
/// improvement; reviewing its own decision about this person is a
/// reassessment.
#[test]
fn procedures_for_decisions_are_a_service_improvement() {
    each_has_kinds(&[
        ("The Council will review its procedures for homelessness decisions.", &["service_improvement"]),
        ("The Council has agreed to review its policy for deciding care charges.", &["service_improvement"]),
        ("The Council should review the procedure it follows when assessing needs.", &["service_improvement"]),
        ("The Council will review its guidance for officers making discretionary housing payment decisions.", &["service_improvement"]),
        ("The Council will review the way it makes decisions on noise complaints.", &["service_improvement"]),
        ("The Council will review how its housing team records decisions.", &["service_improvement"]),
        ("The Council will review its decision on Mr F's application.", &["reassessment"]),
        ("The Council will review its decision that Ms U was intentionally homeless.", &["reassessment"]),
        ("The Council will reconsider its decision to remove Ms Y from the register.", &["reassessment"]),
    ]);
}

/// A cap already offered settles no figure already provided.
#[test]
fn a_cap_already_offered_leaves_the_already_provided_figure_unsettled() {
    for text in [
        "The Council had offered up to £200 before we became involved. It has agreed to pay Mr H £150.",
        "Before we became involved the Council offered Mr H up to £200. It has agreed to pay him £150.",
        "The Council has offered to pay up to £200. It has now agreed to pay Mr H £150.",
    ] {
        let r = summary(text);
        assert_eq!(amounts(&r), [150.0], "{text}");
        assert_eq!(gbp(r.remedy_total_gbp), 150.0, "{text}");
        assert_eq!(r.remedy_already_provided_gbp, None, "{text}");
        assert!(r.remedy_already_provided, "{text}");
        assert!(
            r.warnings.iter().any(|w| w.contains("was offered as a cap")),
            "{text}"
        );
    }
    // An offer of a figure still settles it.
    let r = summary(
        "The Council had offered £200 before we became involved. It has agreed to pay Mr H £150.",
    );
    assert_eq!(gbp(r.remedy_already_provided_gbp), 200.0);
}

/// Money already given, in a participle after the remedy ("having already
/// paid her £200"), is already provided; remedies agreed in the passive
/// after a purpose; a service made sure of as a state; remedy verbs in the
/// third person ("I recommend the Council ... ensures ...").
#[test]
fn participles_passives_and_services_in_place() {
    each_pays(
        &[
            "The Council has agreed to pay Ms Q £600 for the lost provision, having already paid her £200 at stage two.",
            "The Council will pay Ms Q £600, having paid her £200 earlier.",
            "The Council should pay Ms Q £600 for the lost provision, having previously offered her £200.",
        ],
        &[600.0],
        Some(200.0),
    );
    let r = summary("An apology and a payment of £150.00 to remedy her distress have been agreed by the Council.");
    assert_eq!(amounts(&r), [150.0]);
    assert_eq!(kinds(&r), ["apology", "payment"]);
    let r = summary(
        "A payment of £300 for her time and trouble was recommended and the Council accepted.",
    );
    assert_eq!(amounts(&r), [300.0]);
    for text in [
        "I recommend the Council apologises, ensures Mr X has care and support in place and pays him £1,500.",
        "The Council has agreed to pay him £1,500 and to make sure care and support are in place without further delay.",
        "The Council will make sure suitable accommodation is available for the family and pay them £1,500.",
    ] {
        let r = summary(text);
        assert!(kinds(&r).contains(&"provide_service"), "{text}");
        assert_eq!(gbp(r.remedy_total_gbp), 1500.0, "{text}");
    }
    each_has_kinds(&[
        (
            "The Council will ensure staff are aware of the guidance.",
            &["service_improvement"],
        ),
        (
            "The Council will make sure its procedures are in place.",
            &["service_improvement"],
        ),
    ]);
}

/// Remedies we recommend in the passive, and in the third person after "I
/// recommend the Council ...": each verb of a kind in that form too.
#[test]
fn recommended_in_the_passive_and_the_third_person() {
    for text in [
        "To remedy the injustice, it was recommended that the Council carry out a carer's assessment and pay Mrs N £300. The Council agreed.",
        "It is recommended that the Council carries out a carer's assessment and pays Mrs N £300.",
        "We recommend that the Council arranges a fresh review of Mrs N's needs and pays her three hundred pounds.",
        "I recommended the Council makes a fresh decision on Mrs N's application and pays her £300.",
    ] {
        let r = summary(text);
        assert_eq!(amounts(&r), [300.0], "{text}");
        assert_eq!(kinds(&r), ["payment", "reassessment"], "{text}");
    }
}

/// "is going to" is a modal like "will"; works on the ground are a service
/// provided.
#[test]
fn going_to_and_works_on_the_ground() {
    for text in [
        "It is going to offer her a carer's assessment and pay her £100.",
        "The Council is going to pay her £100 and carry out a carer's assessment.",
    ] {
        let r = summary(text);
        assert_eq!(amounts(&r), [100.0], "{text}");
        assert_eq!(kinds(&r), ["payment", "reassessment"], "{text}");
    }
    each_has_kinds(&[
        (
            "The Council will clear the land and apologise to Mr T.",
            &["apology", "provide_service"],
        ),
        (
            "The Council will remove the fly-tipped waste from the alley.",
            &["provide_service"],
        ),
        (
            "The Council will cut back the overgrown hedge.",
            &["provide_service"],
        ),
        (
            "The Council will remove the warning marker from Mrs X's record.",
            &["correct_records"],
        ),
    ]);
}

/// A sum inside a nominal frame's own words is governed by it.
#[test]
fn a_sum_inside_a_passive_agreement() {
    each_pays(
        &[
            "To put this right, an apology and a payment of one thousand four hundred pounds have been agreed.",
            "To put this right, an apology and a payment of £1,400 have been agreed.",
            "A payment of £1,400 to the complainant for her distress was recommended.",
            "A refund of one thousand four hundred pounds will be made to Mrs E.",
            "One thousand four hundred pounds should be paid to Mrs E.",
        ],
        &[1400.0],
        None,
    );
}

/// A banding or priority date corrected is a record corrected; "backdate it"
/// after it only points back.
#[test]
fn a_banding_corrected_and_backdated() {
    each_has_kinds(&[
        (
            "The Council will correct his banding, backdate it to May 2024 and pay him £150.",
            &["correct_records", "payment"],
        ),
        (
            "The Council will amend Mrs X's priority date on the register.",
            &["correct_records"],
        ),
        (
            "The Council will backdate her application to May 2024.",
            &["correct_records"],
        ),
    ]);
}

/// A remedy list goes on after a relative clause.
#[test]
fn a_list_that_goes_on_after_a_relative_clause() {
    for (text, want) in [
        (
            "The Council has agreed to make a payment of £450 to Mr V, which is the cost of the respite he had to fund himself, and to ensure respite is in place from next month.",
            &["payment", "provide_service"][..],
        ),
        (
            "The Council will reimburse her mileage, which comes to £612.90 at 45p a mile, and apologise to her.",
            &["apology", "payment"][..],
        ),
        (
            "It should waive half of the charges, which come to £4,800, and apologise.",
            &["apology", "payment"][..],
        ),
        (
            "The Council will pay her £300, which she has accepted, and then review its policy for charging decisions.",
            &["payment", "service_improvement"][..],
        ),
    ] {
        assert_eq!(kinds(&summary(text)), want, "{text}");
    }
    // What the relative clause itself says is not agreed, and a list that
    // does not go on is not.
    let r = summary(
        "The Council will pay her £300, which Mrs X says is too little, and she wants an apology.",
    );
    assert_eq!(kinds(&r), ["payment"]);
    let r = summary("Mr X says the Council failed to pay £450, which is the cost of respite, and to ensure respite is in place.");
    assert!(r.payments.is_empty());
    assert!(!kinds(&r).contains(&"provide_service"));
}

// A relative clause that only says how much the remedy is goes on with its
// clause (`clause.continues`); a sum there after one the verb already paid
// is still not paid.
#[test]
fn the_remedys_amount_in_a_relative_clause() {
    for (text, want) in [
        ("The Council has agreed to reimburse her mileage, which comes to £612.90, within one month.", 612.9),
        ("The Council will refund the charges, which total £1,234.", 1234.0),
        ("The Council should pay for the repairs, which were £450.", 450.0),
        ("I recommend the Council reimburses her travel costs, which amount to a total of £300.", 300.0),
        ("The Council has agreed to refund the fees, which came to £80, and to apologise.", 80.0),
    ] {
        let r = summary(text);
        assert_eq!(amounts(&r), [want], "{text}");
        assert_eq!(r.remedy_total_gbp.map(|g| g.pounds()), Some(want), "{text}");
    }
    let r =
        summary("The Council has agreed to refund the fees, which came to £80, and to apologise.");
    let kinds: Vec<&str> = r.remedies.iter().map(|k| k.kind.as_str()).collect();
    assert!(kinds.contains(&"apology"), "{kinds:?}");
    // The sum the verb pays comes first: the relative clause's is the cost.
    let r = summary("The Council will pay £200 towards the cost, which was £900.");
    assert_eq!(amounts(&r), [200.0]);
    pays_nothing(&[
        "She asked the Council for her mileage, which came to £612.90.",
        "Mrs X paid the fees, which came to £80.",
        "The Council agreed to apologise for the delay, which cost her £300 in rent.",
    ]);
}

/// The money rules written with `£` ("from £[\d,.]+ to", "to\s+£", "of
/// £[\d,.]+ to") read sums in words as figures (`money::as_figures`): an
/// offer raised, a charge reduced, a deduction, a breakdown, in words.
#[test]
fn sums_in_words_read_by_the_rules_written_with_a_pound_sign() {
    for (text, want, already) in [
        ("The Council has agreed to increase its offer from one hundred pounds to two hundred and fifty pounds.", &[150.0][..], 100.0),
        ("The Council has agreed to increase its offer from £100 to two hundred and fifty pounds.", &[150.0], 100.0),
        ("The Council has agreed to raise its payment of £150 to three hundred pounds.", &[150.0], 150.0),
        ("The Council agreed to raise its goodwill payment of one hundred and fifty pounds to £300.", &[150.0], 150.0),
        ("The Council has agreed to reduce her bill from one thousand five hundred pounds to one thousand pounds.", &[500.0], 0.0),
        ("The Council agreed to pay her £500, less the two hundred pounds it has already paid her.", &[300.0], 200.0),
        ("The Council has agreed to pay her one thousand pounds, made up of eight hundred pounds for lost education and two hundred pounds for distress.", &[1000.0], 0.0),
        ("The Council has agreed to pay him two hundred pounds for his distress and one hundred pounds for his time and trouble.", &[100.0, 200.0], 0.0),
    ] {
        let r = summary(text);
        let mut got = amounts(&r);
        got.sort_by(f64::total_cmp);
        assert_eq!(got, want, "{text}");
        assert_eq!(gbp(r.remedy_already_provided_gbp), already, "{text}");
    }
    // Counter-examples: a charge or a budget raised in words is no remedy,
    // and a figure reduced to alone is what is still owed.
    pays_nothing(&[
        "The Council has agreed to increase her personal budget to three hundred pounds a week.",
        "The Council has agreed to reduce her bill to one thousand pounds.",
    ]);
}

/// A cost the person met, met or covered by the organisation, is a payment,
/// whoever's it is and whatever words stand between ("meets her travel
/// costs of £420", "cover Ms J's tuition costs of £900", "meet the £240 cost
/// of her taxis"); the cost of a service met is providing it. A duty met, a
/// policy that covers a cost and costs she met herself pay nothing.
#[test]
fn costs_met_or_covered_are_payments() {
    for (text, want) in [
        (
            "The Council has agreed to meet her travel costs of £420.",
            420.0,
        ),
        (
            "The Council has agreed to cover Ms J's tuition costs of £900.",
            900.0,
        ),
        (
            "The Council will meet his removal costs, which came to £350.",
            350.0,
        ),
        (
            "The Council has agreed to meet the £240 cost of her taxis.",
            240.0,
        ),
        (
            "The Council should cover the cost of the private assessment, which was £650.",
            650.0,
        ),
        (
            "The Council agreed it would meet Mr D's reasonable legal costs of £1,100.",
            1100.0,
        ),
        (
            "The Council has agreed to meet the two hundred pounds cost of the report.",
            200.0,
        ),
    ] {
        let r = summary(text);
        assert_eq!(amounts(&r), [want], "{text}");
        assert_eq!(kinds(&r), ["payment"], "{text}");
    }
    each_has_kinds(&[
        (
            "The Council has agreed to meet her travel costs.",
            &["payment"],
        ),
        (
            "The Council will cover the cost of the private assessment.",
            &["payment"],
        ),
        (
            "The Council will apologise and meet the costs she incurred.",
            &["apology", "payment"],
        ),
        (
            "The Council will meet the full cost of the highway repair.",
            &["provide_service"],
        ),
    ]);
    pays_nothing(&[
        "The Council met its duty to assess him. The Council has agreed to apologise.",
        "The Council's insurance policy covers the cost of £800.",
        "Mr X paid costs of £300 he met himself.",
        "The Council has agreed to meet with her to discuss the £200 invoice.",
    ]);
}

/// A service, budget or support that was cut or stopped, restored, is
/// providing it ("reinstate the budget", "reinstate Mr Q's direct
/// payments"); an application or a place on the register reinstated is a
/// record corrected, and no service.
#[test]
fn restored_budgets_and_services_are_provided() {
    each_has_kinds(&[
        (
            "The Council has agreed to apologise and reinstate the budget.",
            &["apology", "provide_service"],
        ),
        (
            "The Council should reinstate Mr Q's direct payments.",
            &["provide_service"],
        ),
        (
            "The Council has agreed to restore his personal budget to its previous level.",
            &["provide_service"],
        ),
        (
            "The Council has agreed to reinstate his care package and pay him £300.",
            &["payment", "provide_service"],
        ),
        (
            "The Council agreed to restore the service.",
            &["provide_service"],
        ),
        (
            "The Council will resume the visits from next month.",
            &["provide_service"],
        ),
        (
            "The Council has agreed to reinstate his housing application.",
            &["correct_records"],
        ),
        (
            "The Council will restore her place on the register.",
            &["correct_records"],
        ),
        (
            "The Council has agreed to review her personal budget.",
            &["reassessment"],
        ),
    ]);
}

// Money families of the 2026-12-03 money probes (probe-ma*).

#[test]
fn a_sum_each_to_named_people_is_one_each() {
    each_pays(
        &[
            "The Council has agreed to pay £250 each to Mr and Mrs W.",
            "The Council will pay £250 each to Mr and Mrs W to recognise their distress.",
            "The Council has agreed to pay Mr and Mrs W £250 each.",
        ],
        &[250.0, 250.0],
        Some(0.0),
    );
    // Counter-examples: one payee after `to`, and "each" of a period.
    each_pays(
        &["The Council has agreed to pay £250 to Mrs W for her distress."],
        &[250.0],
        Some(0.0),
    );
    let r = summary("The Council has agreed to pay £250 each month to Mrs W.");
    assert_eq!(r.payments.len(), 1);
}

#[test]
fn a_cost_the_person_paid_in_a_coordinated_verb_is_theirs() {
    // "Mrs V arranged it herself and paid £1,200": her cost, not money the
    // Council already paid.
    let r = run("Summary: We found fault. The Council has agreed to reimburse the £1,200 Mrs V paid for respite care.\nWhat I found\n- The Council never arranged respite. Mrs V arranged it herself and paid £1,200. This was fault.\nAgreed action\n- The Council should pay Mrs V £1,200.");
    assert_eq!(amounts(&r), [1200.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 0.0);
    let r =
        summary("She found a private therapist and paid £600. The Council will refund her £600.");
    assert_eq!(amounts(&r), [600.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 0.0);
    // Counter-examples: the organisation as the subject of the coordinated
    // verb still paid it.
    for text in [
        "The Council apologised to Mrs V and paid her £200.",
        "The Council wrote to Mr B in May and paid him £200.",
        "The Council has apologised and paid £200.",
    ] {
        let r = summary(text);
        assert!(r.payments.is_empty(), "{text}");
        assert_eq!(gbp(r.remedy_already_provided_gbp), 200.0, "{text}");
    }
}

#[test]
fn an_offer_raised_in_another_paragraph_adds_the_difference() {
    // The payee between the payment and the figure, and the offer in the
    // summary while the raise is in the agreed action.
    let r = run("Summary: We found fault. The Council paid Ms D £150 in response to her complaint. It has agreed to increase its payment to £400.\nAgreed action\n- The Council will increase its payment to Ms D to £400 to recognise the lost provision.");
    assert_eq!(amounts(&r), [250.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 150.0);
    let r = agreed("The Council will increase its payment to Ms D from £150 to £400.");
    assert_eq!(amounts(&r), [250.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 150.0);
    // Counter-examples: with no earlier offer the raised figure is the
    // payment; a budget raised is no remedy.
    let r = agreed("The Council will increase its payment to Ms D to £400.");
    assert_eq!(amounts(&r), [400.0]);
    let r = agreed("The Council will increase her personal budget to £300 a week.");
    assert!(r.payments.is_empty());
}

#[test]
fn a_sum_named_before_and_paid_by_reference() {
    // The sum in the sentence before, or two before with a sum asked for
    // between; other verbs and demonstratives.
    for text in [
        "Mrs X paid £420 for a private engineer. The Council has agreed to reimburse this.",
        "Mrs X paid £420 for a private engineer. The Council will refund this cost to her within a month.",
        "The report cost Mr B £420. He asked for £5,000 in compensation. The Council has agreed to refund the cost of that report to Mr B.",
        "Mrs X had to pay £420 for the repair. The Council should reimburse Mrs X for this and apologise.",
    ] {
        let r = summary(text);
        assert_eq!(amounts(&r), [420.0], "{text}");
        assert_eq!(gbp(r.remedy_total_gbp), 420.0, "{text}");
        assert_eq!(gbp(r.remedy_already_provided_gbp), 0.0, "{text}");
    }
    // An item of the agreed action.
    let r = run("Summary: We found fault.\nAgreed action\n- Mrs X paid £420 for the repair. The Council will reimburse this within one month.");
    assert_eq!(amounts(&r), [420.0]);
    // Beside a sum of its own, agreed; offered before the decision, both are
    // money already offered, also when the Ombudsman accepts the offer.
    let r = summary("Mrs T was charged £75 in fees. The Council has agreed to refund these fees and pay her £100.");
    assert_eq!(amounts(&r), [75.0, 100.0]);
    let r = summary("Mrs T was charged £75 in fees. The Council has offered to refund these fees and pay her £100, and we are satisfied that is a fair remedy.");
    assert!(r.payments.is_empty());
    assert_eq!(gbp(r.remedy_already_provided_gbp), 175.0);
    // Under a condition: money, but no settled sum.
    settles_no_sum(&["The family paid £640 for bus passes. The Council has agreed to reconsider the appeal and, if it is successful, to reimburse this."]);
    // Counter-examples: refused, wanted, a rate, too far back, "it", and a
    // sentence with no demonstrative.
    pays_nothing(&[
        "Mrs X paid £420 for the repair. The Council refused to reimburse this.",
        "Mrs X paid £420 for the repair. She wants the Council to reimburse this.",
        "Mrs X pays rent of £145 a week. The Council will refund this.",
        "Mrs X paid £420 for the repair. She reported it in May. The boiler failed again. The Council will reimburse this.",
        "Mrs X paid £420 for the repair. The Council will reimburse it.",
        "Mrs X paid £420 for the repair. The Council will refund the cost of the works.",
        "Mrs X paid £420 for the repair. The Council will pay this month.",
    ]);
}

#[test]
fn a_range_settles_no_sum() {
    settles_no_sum(&[
        "The Council has agreed to pay Mr D between £1,000 and £2,000.",
        "The Council has agreed to refund any overpayment, which it estimates will be £1,000 to £2,000.",
        "The Council will pay Mr D £1,000-£2,000 once it has recalculated the charges.",
    ]);
    // Counter-examples: a range in guidance is no remedy and leaves the
    // agreed sum; a change from one figure to another is no range.
    let r = summary("Our guidance suggests between £100 and £300 a month. The Council has agreed to pay Ms C £900.");
    assert_eq!(amounts(&r), [900.0]);
    let r = agreed("The Council will increase its payment to Ms D from £150 to £400.");
    assert_eq!(amounts(&r), [250.0]);
}

#[test]
fn an_offer_made_before_the_decision_is_money_already_offered_even_when_accepted() {
    // The label rule: money "paid, credited or offered for this complaint
    // before the decision" is already provided, not part of the total, also
    // when the Ombudsman finds the offer a suitable remedy.
    each_pays(
        &[
            "The Council has offered Mrs E £250.",
            "The Council has offered Mrs E £250, which I consider appropriate.",
            "The Council offered Mrs E £250. I am satisfied this is a suitable remedy.",
            "The Council has offered to pay Mrs E £250, which is a suitable remedy.",
            "The Council has offered Mrs E £250, which Mrs E considers inadequate.",
            "The Council has paid Mrs E £250, which I consider appropriate.",
        ],
        &[],
        Some(250.0),
    );
    // A sum named before and offered by reference is offered too; the
    // counter-example, agreed by reference, is this decision's payment.
    each_pays(
        &["Mrs T was charged £75 in enforcement fees. The Council has since offered to refund these fees."],
        &[],
        Some(75.0),
    );
    each_pays(
        &["Mrs T was charged £75 in enforcement fees. The Council has agreed to refund these fees."],
        &[75.0],
        Some(0.0),
    );
}

#[test]
fn a_service_put_back_is_provided() {
    each_has_kinds(&[
        (
            "The Council should put Mr R back on its assisted collection list.",
            &["provide_service"],
        ),
        (
            "The Council has agreed to reinstate Mr D's assisted collection.",
            &["provide_service"],
        ),
        (
            "The Council will restore him to the list of assisted collections its crews use.",
            &["provide_service"],
        ),
        // Counter-example: a place on the housing register is a record.
        (
            "The Council should put Mrs X back on the housing register.",
            &["correct_records"],
        ),
    ]);
}

#[test]
fn collection_rounds_reviewed_improve_the_service() {
    each_has_kinds(&[
        (
            "The Council should review its collection rounds.",
            &["service_improvement"],
        ),
        (
            "The Council has agreed to review the collection round that covers her street.",
            &["service_improvement"],
        ),
        // Counter-example: its decision about this person is retaken.
        (
            "The Council should review its decision to remove Mr R's assisted collection.",
            &["reassessment"],
        ),
    ]);
}

#[test]
fn a_backdated_increase_is_a_payment() {
    each_has_kinds(&[
        (
            "The Council should backdate any increase in his direct payments to January 2024.",
            &["payment"],
        ),
        (
            "The Council has agreed to backdate the increase in Ms P's personal budget to 1 March 2025.",
            &["payment"],
        ),
        // Counter-example: a housing application backdated is a record.
        (
            "The Council should backdate her housing register application to the date she first applied.",
            &["correct_records"],
        ),
    ]);
}

#[test]
fn a_community_trigger_case_review_is_a_reassessment() {
    each_has_kinds(&[
        (
            "The Council should hold a case review under the Community Trigger process.",
            &["reassessment"],
        ),
        (
            "The Council has agreed to carry out a Community Trigger case review.",
            &["reassessment"],
        ),
        (
            "The Council should apologise to Mr K and hold a case review under the Community Trigger.",
            &["apology", "reassessment"],
        ),
        // Counter-example: pointing him to the process is no review.
        (
            "The Council should signpost Mr K to the Community Trigger process.",
            &["other"],
        ),
    ]);
}

#[test]
fn a_decision_whether_to_act_is_a_reassessment() {
    each_has_kinds(&[
        (
            "The Council should decide whether to reinstate Ms L's direct payments, giving its reasons in writing.",
            &["reassessment"],
        ),
        (
            "The Council should consider whether to refund the £90 Mrs H paid for noise monitoring.",
            &["reassessment"],
        ),
        (
            "The Council has agreed to consider whether it should waive the charge.",
            &["reassessment"],
        ),
        // Counter-examples: others affected are a service improvement; a
        // payment considered with its sum stays a payment.
        (
            "The Council should consider whether any others were affected by the same error.",
            &["service_improvement"],
        ),
        (
            "The Council should consider paying Ms G £250.",
            &["payment"],
        ),
    ]);
}

#[test]
fn training_another_body_gives_is_a_service_improvement() {
    each_has_kinds(&[
        (
            "The Council should ensure the care home provides refresher training to its staff.",
            &["service_improvement"],
        ),
        (
            "The Council will make sure the care provider gives its carers refresher training on medication.",
            &["service_improvement"],
        ),
        (
            "The Council should ensure the provider checks that visits are logged.",
            &["service_improvement"],
        ),
        // Counter-example: care for the person is a service provided.
        (
            "The Council should ensure the care home provides Mrs X with a suitable bed.",
            &["provide_service"],
        ),
    ]);
}

#[test]
fn an_updated_publication_is_a_service_improvement() {
    each_has_kinds(&[
        (
            "The Council should update its information leaflet.",
            &["service_improvement"],
        ),
        (
            "The Council has agreed to update the information leaflet it gives families about charges.",
            &["service_improvement"],
        ),
        (
            "The Council should revise its school transport leaflet and the information on its website.",
            &["service_improvement"],
        ),
        // Counter-example: the records it holds about the person.
        (
            "The Council should update its records to show the right start date.",
            &["correct_records"],
        ),
    ]);
}

#[test]
fn the_organisation_restated_with_a_modal_is_read_from_the_verb() {
    each_has_kinds(&[
        (
            "The Council has agreed it will backdate the uplift to Mr S's personal budget to April 2025.",
            &["payment"],
        ),
        (
            "The Council has agreed that it will review its collection rounds.",
            &["service_improvement"],
        ),
        (
            "The Council agreed it would put Mr R back on its assisted collection list.",
            &["provide_service"],
        ),
        ("The Council has agreed it will pay Mr S £100.", &["payment"]),
    ]);
}

#[test]
fn a_decision_on_entitlement_is_a_reassessment() {
    each_has_kinds(&[
        (
            "The Council should determine whether Miss C is entitled to a refund of the charges.",
            &["reassessment"],
        ),
        (
            "The Council should consider whether Mrs X is eligible for a refund of the fees.",
            &["reassessment"],
        ),
        // Counter-example: a refund agreed is a payment.
        (
            "The Council should refund the charges to Miss C.",
            &["payment"],
        ),
    ]);
}

/// Families of the 2026-12-04 kinds probes (probe-kb*), each with a
/// counter-example.
#[test]
fn kinds_in_other_words() {
    each_has_kinds(&[
        ("convene a case review and to explain the outcome to Mrs F", &["other", "reassessment"]),
        ("reconsider whether to take enforcement action, and to issue a reminder to its officers about recording visits", &["reassessment", "service_improvement"]),
        ("hold a fresh stage two appeal with a differently constituted panel", &["reassessment"]),
        ("arrange a stage three review panel to consider Mrs K's complaint", &["reconsider_complaint"]),
        ("tell its crews to check the assisted collection list on every round", &["service_improvement"]),
        ("make sure its social workers explain charging to families before care starts", &["service_improvement"]),
        ("review the suitability of Ms V's accommodation", &["reassessment"]),
        ("review its waiting list for assessments", &["service_improvement"]),
        ("withdraw its decision, make new enquiries and issue a fresh decision", &["reassessment"]),
        ("send Mr M a letter saying sorry for its failure to respond", &["apology"]),
        ("write to Ms T to say sorry", &["apology"]),
        ("provide her with a personal adviser", &["provide_service"]),
        ("complete the assessment within four weeks, and then to provide the short breaks it decides he needs", &["provide_service", "reassessment"]),
        ("repair the pothole", &["provide_service"]),
        ("update the information it holds about her", &["correct_records"]),
        ("update the information on its website", &["service_improvement"]),
        ("remove the incorrect statements from the report and issue Ms Z with an amended copy", &["correct_records"]),
        ("hold the annual review within six weeks", &["reassessment"]),
        ("carry out a safeguarding enquiry into Mr S's concerns", &["reassessment"]),
        ("decide whether the smoke is a statutory nuisance", &["reassessment"]),
        ("consider whether any others were affected", &["service_improvement"]),
    ]);
}

#[test]
fn several_sums_named_before_and_paid_by_reference() {
    // Two sums in one sentence, or in two sentences one after the other;
    // other plurals.
    each_pays(
        &[
            "Mrs X paid £120 for a report and £80 for travel. The Council will reimburse these costs.",
            "Mr W paid £120 for a GP letter. He also paid £80 for copies of records. The Council has agreed to reimburse these.",
            "Ms L paid £120 for a taxi and £80 for a key. The Council will refund both sums to her.",
        ],
        &[80.0, 120.0],
        Some(0.0),
    );
    // A sum named earlier in the same sentence.
    each_pays(
        &["Mrs A paid £90 for taxis, and the Council has agreed to reimburse this."],
        &[90.0],
        Some(0.0),
    );
    // After a sum of this decision, the sentence before's.
    each_pays(
        &["Mrs M paid £180 for cleaning. The Council will pay Mrs M £400 for her distress and reimburse this."],
        &[180.0, 400.0],
        Some(0.0),
    );
    // Counter-examples: "this" after two sums pays neither; refused.
    pays_nothing(&[
        "Mrs X paid £120 for a report and £80 for travel. The Council will reimburse this.",
        "Mrs X paid £120 for a report and £80 for travel. The Council refused to reimburse these costs.",
        "Mrs A paid £90 for taxis, but the Council refused to reimburse this.",
    ]);
}

#[test]
fn a_cost_named_by_what_it_paid_for() {
    // However far back, in another section.
    let r = run("Summary: We found fault.\nWhat I found\n- In March Mr B paid £350 for a private occupational therapy assessment.\n- He sent it in April.\n- The Council ignored it.\n- This was fault.\nAgreed action\n- The Council will refund the cost of the private assessment.");
    assert_eq!(amounts(&r), [350.0]);
    let r = summary("Mrs X paid £60 for taxis to the hospital. She complained in May. We found fault. The Council will reimburse Mrs X's taxi costs.");
    assert_eq!(amounts(&r), [60.0]);
    // Beside a sum of its own, the word in another form.
    let r = run("Summary: We found fault.\nWhat I found\n- Mrs M paid £180 to have her carpets cleaned after the leak.\nAgreed action\n- The Council will pay Mrs M £400 for her distress and reimburse her cleaning costs.");
    assert_eq!(amounts(&r), [180.0, 400.0]);
    // Counter-examples: no sum names it; a payment verb meets the cost of
    // works (a service); two sums name it.
    pays_nothing(&[
        "Mrs X paid £420 for the repair. The Council will refund the cost of the survey.",
        "The cost of the repairs was £5,000. The Council will meet the cost of the repairs.",
        "Mrs X paid £60 for a taxi. Mr X paid £40 for another taxi. It was late. The Council will refund the taxi costs.",
    ]);
}

#[test]
fn the_balance_after_money_already_paid() {
    let r = run("Summary: We found fault. The Council agreed to pay Mr M £600.\nWhat I found\n- During our investigation the Council paid Mr M £250.\nAgreed action\n- The Council will pay Mr M the balance within four weeks.");
    assert_eq!(amounts(&r), [350.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 250.0);
    let r = summary("The Council refunded £150 of the £400 Mrs Y paid for respite. It has agreed to refund the rest.");
    assert_eq!(amounts(&r), [250.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 150.0);
    let r = run("Summary: We found fault.\nWhat I found\n- The Council billed Mrs T £2,400 for visits that did not happen.\n- In August the Council refunded £1,000.\nAgreed action\n- The Council will refund the remainder of the charge.");
    assert_eq!(amounts(&r), [1400.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 1000.0);
    let r = summary(
        "The Council charged Mr B £640 instead of £400. It has agreed to refund the difference.",
    );
    assert_eq!(amounts(&r), [240.0]);
    // Counter-examples: no money already paid; "the rest of the year".
    pays_nothing(&[
        "The Council will pay Mr M the balance.",
        "Mrs Y paid £400. The Council will refund the rest of the year.",
    ]);
}

#[test]
fn a_payment_under_a_condition_settles_no_sum() {
    settles_no_sum(&[
        "If the appeal succeeds, the Council will pay Mr D £640.",
        "The Council will pay Mr D £640 if the appeal succeeds.",
        "Should the tribunal find in Mr Z's favour, the Council should pay him £900.",
        "Provided Mr Q sends proof of the booking, the Council will refund £220.",
        "In the event that the review finds he was eligible, the Council will pay Mr R £1,200.",
    ]);
    // Counter-examples: paying twice avoided, either way, a question asked,
    // another item's condition.
    each_pays(
        &[
            "The Council has agreed to pay Mr P £150 if it has not already done so.",
            "The Council will refund Ms J £150 unless it has already done so.",
            "The Council will pay Mrs R £150, even if her appeal does not succeed.",
            "The Council has agreed to check whether it overcharged others and to pay Mr H £150.",
            "The Council has agreed to pay Mr H £150 for his costs, and to take action if it has failed others.",
            "The Council provided Mr H with a care plan and will pay him £150.",
        ],
        &[150.0],
        Some(0.0),
    );
}

#[test]
fn money_already_paid_in_the_passive() {
    each_pays(
        &[
            "Mrs Q was paid £300 by the Council in June. It will pay her a further £100.",
            "£300 had also been credited to her rent account. The Council will pay her a further £100.",
            "A payment of £300 was made to Mrs Q by the Council in March. It should pay a further £100.",
        ],
        &[100.0],
        Some(300.0),
    );
    // Counter-examples: paid by someone else; the whole a part came out of.
    each_pays(
        &["Mr X was paid £300 by his employer. The Council will pay him £100."],
        &[100.0],
        Some(0.0),
    );
    each_pays(
        &["The Council has paid £200 of the £700 Miss V spent. It will pay the remaining £500."],
        &[500.0],
        Some(200.0),
    );
}

// Remedy money, second round of 2026-12-04 (probes md01-md60).

#[test]
fn a_condition_opening_or_trailing_its_payment_settles_no_sum() {
    settles_no_sum(&[
        "If Mrs X accepts, the Council will pay her £300 to acknowledge the distress caused.",
        "The Council will pay Mr D £640, if the appeal succeeds.",
        "The Council will pay Mr A £120 for the voucher, provided he returns the unused part of it.",
        "Should Ms J accept this offer, the Council will pay her £250 for each week over six, £1,000 in all.",
        "Mr N overpaid £1,200. The Council will pay Mr N interest on the £1,200 for the 14 months.",
    ]);
    // A condition that only avoids paying twice, or another item's.
    each_pays(
        &["The Council will pay Mr P £150, if it has not already done so."],
        &[150.0],
        None,
    );
    each_pays(
        &["The Council will pay Mrs B £2,250 for her costs, check its records and take action if it has failed others."],
        &[2250.0],
        None,
    );
    // Interest with a figure of its own is paid.
    each_pays(
        &["The Council will pay Mrs V £1,800 plus £96 interest."],
        &[96.0, 1800.0],
        None,
    );
}

#[test]
fn a_reference_to_one_of_two_sums_settles_no_sum() {
    let r = run("Summary: We found fault.\nWhat I found\n- Mrs K paid £60 for a taxi to the hearing.\n- She also paid £40 to a solicitor for a copy of the records.\nAgreed action\n- The Council has agreed to reimburse this within four weeks.");
    assert!(r.payments.is_empty());
    assert_eq!(r.remedy_total_gbp, None);
    // One sum just before is paid.
    each_pays(
        &["Mrs K paid £60 for a taxi. The Council will reimburse this."],
        &[60.0],
        None,
    );
}

#[test]
fn a_cost_named_before_its_sum_after_it_or_in_a_possessive() {
    // The word before its sum; a possessive; named only after the summary.
    each_pays(&["Mr S commissioned a tree survey. The survey cost £350. The Council will refund the cost of the survey."], &[350.0], Some(0.0));
    each_pays(
        &["Mr L paid £75 for a locksmith. The Council will reimburse the locksmith's bill."],
        &[75.0],
        None,
    );
    let r = run("Summary: We found fault. The Council has agreed to apologise and refund the cost of the uniform.\nWhat I found\n- Mrs B bought a new uniform for £85.\nAgreed action\n- The Council will apologise to Mrs B within four weeks.");
    assert_eq!(amounts(&r), [85.0]);
    let r = run("Summary: We found fault. The Council has agreed to reimburse the locksmith's bill and pay Mr L £150.\nWhat I found\n- Mr L paid £75 for a locksmith to let him in.\nAgreed action\n- The Council will reimburse the locksmith's bill and pay Mr L £150 for his distress.");
    assert_eq!(amounts(&r), [75.0, 150.0]);
    // The words after an earlier sum are that sum's, not the next one's.
    let r = run("Summary: We found fault. The Council has agreed to refund the cost of the private assessment.\nWhat I found\n- Mrs D paid £450 for a private speech and language assessment and £60 for copies of the report.");
    assert_eq!(amounts(&r), [450.0]);
    // Counter-examples: a cost the page never names, an offer of it.
    pays_nothing(&[
        "The Council will refund the cost of the uniform. Mrs B paid £85 in council tax.",
        "The Council has offered to refund the cost of the survey. The survey cost £350.",
    ]);
}

#[test]
fn payments_counted_per_child_or_by_number() {
    each_pays(
        &["The Council will pay Mrs C £100 for each of her three children."],
        &[100.0, 100.0, 100.0],
        None,
    );
    each_pays(
        &["The Council will make two payments of £150, one to Mr C and one to Mrs C."],
        &[150.0, 150.0],
        None,
    );
    each_pays(
        &["The Council will pay £150 to each of Mr and Mrs R for the lost opportunity."],
        &[150.0, 150.0],
        None,
    );
    // Periods are a rate, not people.
    let r = summary("The Council will pay Mrs C £100 for each of the six months.");
    assert_eq!(gbp(r.remedy_total_gbp), 600.0);
}

#[test]
fn less_money_already_provided_that_the_sentence_does_not_name() {
    let r = run("Summary: We found fault. The Council has agreed to pay Mr K £300, less the goodwill payment it has already made.\nWhat I found\n- In June the Council made a goodwill payment of £100 to Mr K.\nAgreed action\n- The Council will pay Mr K £300, less the £100 it has already paid, within one month.");
    assert_eq!(amounts(&r), [200.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 100.0);
    // With no sum already provided, not settled.
    settles_no_sum(&[
        "The Council will pay Mr K £300, less the goodwill payment it has already made.",
    ]);
}

#[test]
fn money_someone_else_paid_is_not_already_provided() {
    let r = run("Summary: We found fault.\nWhat I found\n- Mr I's landlord paid the £420 deposit on his behalf.\nAgreed action\n- The Council should refund £420 to Mr I's landlord within four weeks.");
    assert_eq!(amounts(&r), [420.0]);
    assert_eq!(gbp(r.remedy_already_provided_gbp), 0.0);
}

#[test]
fn costs_with_no_figure_settle_no_sum() {
    let r = run("Summary: We found fault.\nWhat I found\n- Mr M had to arrange private care, which he says cost about £200.\nAgreed action\n- The Council will reimburse Mr M's costs once he sends evidence of what he paid.");
    assert!(r.payments.is_empty());
    assert_eq!(r.remedy_total_gbp, None);
    // A cost named by what it paid for is paid; an offer of costs is none.
    each_pays(
        &["Mrs X paid £60 for taxis. The Council will reimburse Mrs X's taxi costs."],
        &[60.0],
        None,
    );
    let r = summary("The Council has offered to reimburse her costs.");
    assert_eq!(gbp(r.remedy_total_gbp), 0.0);
}

/// Round on remedy kinds (2026-12-04, branch kinds2-dec04, probe-kc*):
/// passives, lists divided by semicolons, possessives, nouns, and what may
/// follow from a reassessment.
#[test]
fn kinds_in_passives_semicolons_and_conditions() {
    let each = |cases: &[(&str, &[&str])]| {
        for (text, want) in cases {
            assert_eq!(kinds(&summary(text)), *want, "{text}");
        }
    };
    each(&[
        ("The Council will apologise to Mr B, and staff in the benefits team will be reminded to check all evidence received before closing a claim.", &["apology", "service_improvement"]),
        ("Mrs W will be paid £120 and sent a written apology. The Council's procedures for offering carers' assessments will also be reviewed.", &["apology", "payment", "service_improvement"]),
        ("The Council has agreed to apologise to Mrs C. Its social workers will also receive training on carers' rights.", &["apology", "service_improvement"]),
        ("The Council has agreed to apologise to Ms Q; to refund the £95 she paid for the replacement bin; and to remind its crews to return bins to the property boundary.", &["apology", "payment", "service_improvement"]),
        ("The Council should: apologise to Mr Y; reassess his son's need for alternative provision; and review its procedures for children missing education.", &["apology", "reassessment", "service_improvement"]),
        ("The Council will write off the £480 overpayment of housing benefit and update Mrs A's claim record.", &["correct_records", "payment"]),
        ("The Council has agreed to look again at Mrs T's request for a larger property and let her know the outcome within 28 days.", &["other", "reassessment"]),
        ("The Council has agreed to reconsider Mr J's application and let him know what it finds.", &["other", "reassessment"]),
        ("The Council has agreed to apologise to Miss L and draw up a pathway plan with her within six weeks.", &["apology", "provide_service"]),
        ("The Council has agreed to recall the debt from the enforcement agents, cancel the £310 enforcement fees and apologise to Mr M.", &["apology", "other", "payment"]),
        ("The Council has agreed to an apology and to the provision of a support worker for Mr L for six hours a week.", &["apology", "provide_service"]),
        ("I recommend the Council reconsiders Miss D's complaint at stage two of its complaints procedure and pays her £200 for the frustration caused.", &["payment", "reconsider_complaint"]),
        ("I recommend that the Council pays Ms E £200, carries out a review of how it handles requests for adaptations and shares the outcome with us.", &["payment", "service_improvement"]),
        ("The Council has agreed to reassess the couple's needs and draw up appropriate support plans.", &["reassessment"]),
    ]);
    // A colon inside the sentence, and a list of nouns divided by semicolons.
    each(&[(
        "To remedy the injustice, the Council has agreed to the following, within one month: a written apology to Mr A; and a fresh review of his son's eligibility for transport.",
        &["apology", "reassessment"],
    )]);
    // A bare sum for a purpose as an item of such a list.
    let r = summary("To remedy the injustice, the Council has agreed to the following, within one month: a written apology to Mr A; £250 for his distress; and a fresh review of his son's eligibility for transport.");
    assert_eq!(kinds(&r), ["apology", "payment", "reassessment"]);
    assert_eq!(amounts(&r), [250.0]);
    pays_nothing(&["Mr A wants £250 for his distress."]);
    // Counter-examples: what may follow from a decision still to take.
    each(&[
        ("The Council should apologise to Mr N, carry out a fresh assessment of his son's eligibility for school transport and, if he is eligible, provide it from the start of next term.", &["apology", "reassessment"]),
        ("The Council has agreed to provide Mr H with an occupational therapy assessment and to install a stairlift if the assessment shows he needs one.", &["reassessment"]),
        ("The Council has agreed to install a stairlift within six weeks.", &["provide_service"]),
    ]);
}
