//! Remedies: payments, non-financial remedies, deadlines and remedies the
//! organisation had already provided (issue 4).

use super::Page;
use crate::record::Record;

pub fn extract(_page: &Page, _rec: &mut Record) {}
