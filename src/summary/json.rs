//! `summary.json`: one typed struct, [`SummaryFile`], built in one place
//! ([`SummaryFile::build`]) for `ombuds extract` and `ombuds summary`
//! alike. An extract run adds its own counts (files seen, errors...); a
//! summary of a dataset keeps those of the run that wrote it, at the top
//! level when it counts every decision, under `extract_run` when filtered.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::filter::{Filter, FiltersUsed};
use super::gazetteer::OrgType;
use super::html::Site;
use super::stats::{Figures, Stats, Summary, TypeAverage};
use crate::aggregate::RunCounts;

/// The counts only an extract run knows. Every field is optional so that
/// the `summary.json` of another version of ombuds still reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtractRun {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<RunPaths>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files_seen: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicates: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_outcome_basis: Option<BTreeMap<String, u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors_by_kind: Option<BTreeMap<String, u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records_with_warnings: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunPaths {
    pub paths: Vec<String>,
    pub out: String,
}

impl ExtractRun {
    pub fn from_counts(c: &RunCounts, paths: &[std::path::PathBuf], out: &Path) -> ExtractRun {
        ExtractRun {
            run: Some(RunPaths {
                paths: paths.iter().map(|p| p.display().to_string()).collect(),
                out: out.display().to_string(),
            }),
            files_seen: Some(c.files_seen),
            errors: Some(c.errors),
            duplicates: Some(c.duplicates),
            by_outcome_basis: Some(c.by_outcome_basis.clone()),
            errors_by_kind: Some(c.errors_by_kind.clone()),
            records_with_warnings: Some(c.with_warnings),
        }
    }

    /// The extract run's counts from the `summary.json` beside a dataset,
    /// if there is one ombuds can read.
    pub fn beside(dataset: &Path) -> Option<ExtractRun> {
        let path = dataset.parent()?.join(crate::write::SUMMARY_JSON);
        let run: ExtractRun = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
        (run != ExtractRun::default()).then_some(run)
    }
}

/// Which dataset a summary read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetRead {
    pub path: String,
    pub records_read: u64,
}

/// Where the decisions of a `summary.json` come from.
pub enum Source {
    /// This extract run.
    Extract(ExtractRun),
    /// `ombuds summary` over a dataset, with the counts of the run that
    /// wrote it when they are known.
    Dataset {
        read: DatasetRead,
        run: Option<ExtractRun>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationEntry {
    pub name: String,
    /// The normalised name the row is keyed by (`""`: not stated).
    pub key: String,
    /// Its page in the report, relative to `summary.json`.
    pub page: String,
    #[serde(rename = "type")]
    pub org_type: OrgType,
    pub type_label: String,
    pub matched_by: String,
    pub abolished: Option<u16>,
    pub successor: Option<String>,
    pub spellings: BTreeMap<String, u64>,
    pub figures: Figures,
    pub type_average: Option<TypeAverage>,
}

/// What the figures mean, written into the file for whoever opens it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Definitions {
    pub uphold_rate: String,
    pub investigated: String,
    pub small_numbers: String,
    pub with_payment: String,
    pub remedy_median_gbp: String,
    pub financial_year: String,
    pub non_financial_remedies: String,
    pub remedied_closures: String,
    pub type_average: String,
    pub remedy_total_unsettled: String,
    #[serde(default)]
    pub by_ombudsman: String,
    #[serde(default)]
    pub maladministration_rate: String,
}

/// One Housing Ombudsman landlord in `summary.json` (issue 14).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LandlordEntry {
    pub landlord: String,
    #[serde(flatten)]
    pub tally: super::stats::FindingTally,
    pub maladministration_rate: Option<f64>,
}

impl Default for Definitions {
    fn default() -> Definitions {
        Definitions {
            uphold_rate: "upheld / (upheld + not upheld): of the complaints investigated in detail; closed after initial enquiries are not investigations".into(),
            investigated: "upheld + not upheld: the decisions an uphold rate rests on".into(),
            small_numbers: format!("a rate on fewer than {} investigated decisions is shown with its count and greyed in the reports, and never ranked by rate", super::stats::MIN_BASE),
            with_payment: "decisions whose remedy_total_gbp is above 0, or null with a payment (an open-ended rate such as £100 per month while a delay runs on)".into(),
            remedy_total_unsettled: "decisions with a payment whose remedy_total_gbp is null (an open-ended rate): counted in with_payment, left out of remedy_total_gbp, the median and the largest".into(),
            remedy_median_gbp: "median remedy_total_gbp of the decisions with a payment (exact)".into(),
            financial_year: "1 April to 31 March, written 2024-25".into(),
            non_financial_remedies: "remedy kind -> decisions with at least one such remedy".into(),
            remedied_closures: "closures because the organisation had already put things right (counted as upheld / closed per the LGSCO's own record)".into(),
            type_average: "over the organisations of the same type: mean decisions, mean of their uphold rates (uphold_rate_mean), and all their decisions together (upheld, investigated, uphold_rate), which the reports compare with".into(),
            by_ombudsman: "every ombudsman's decisions: outcome as written -> decisions, determination -> findings (one per complaint item for the Housing Ombudsman, per body for the PHSO), money ordered or agreed (remedy_total_gbp), only recommended, and already provided; overall, organisations, categories and years are the LGSCO's decisions, and the uphold rate is the LGSCO's".into(),
            maladministration_rate: "Housing Ombudsman, per landlord, as its landlord reports state it: findings of severe maladministration, maladministration or service failure / findings determined (those three, reasonable redress and no maladministration; outside jurisdiction and withdrawn are not determined); null when none is determined".into(),
        }
    }
}

/// Everything `summary.json` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryFile {
    /// The extract run's counts, for a summary of all its decisions.
    #[serde(flatten)]
    pub run: ExtractRun,
    /// The extract run's counts, for a filtered summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extract_run: Option<ExtractRun>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<DatasetRead>,
    pub filters: FiltersUsed,
    pub records: u64,
    pub by_outcome: BTreeMap<String, u64>,
    pub overall: Figures,
    pub organisations: Vec<OrganisationEntry>,
    pub category_areas: BTreeMap<String, Figures>,
    pub decision_years: BTreeMap<String, Figures>,
    pub financial_years: BTreeMap<String, Figures>,
    pub type_averages: BTreeMap<String, TypeAverage>,
    pub unknown_organisations: Vec<String>,
    /// Ombudsman → its decisions' figures (issue 14).
    #[serde(default)]
    pub by_ombudsman: BTreeMap<String, super::stats::OmbudsmanStats>,
    /// Housing Ombudsman landlords with their maladministration rate.
    #[serde(default)]
    pub housing_landlords: Vec<LandlordEntry>,
    pub definitions: Definitions,
}

impl SummaryFile {
    pub fn build(s: &Summary, site: &Site, filter: &Filter, source: Source) -> SummaryFile {
        let averages = s.type_averages();
        let organisations = s
            .organisations_by_name()
            .into_iter()
            .map(|(key, o, name)| OrganisationEntry {
                name,
                key: key.clone(),
                page: site.page(key),
                org_type: o.org_type,
                type_label: o.org_type.label().into(),
                matched_by: o.matched_by.into(),
                abolished: o.abolished,
                successor: o.successor.clone(),
                spellings: o.spellings.clone(),
                figures: o.stats.to_json(),
                type_average: if key.is_empty() {
                    None
                } else {
                    averages.get(&o.org_type).cloned()
                },
            })
            .collect();
        let groups = |m: &BTreeMap<String, Stats>| -> BTreeMap<String, Figures> {
            m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()
        };
        let (run, extract_run, dataset) = match source {
            Source::Extract(run) => (run, None, None),
            Source::Dataset { read, run } => match run {
                Some(run) if filter.is_empty() => (run, None, Some(read)),
                run => (ExtractRun::default(), run, Some(read)),
            },
        };
        SummaryFile {
            run,
            extract_run,
            dataset,
            filters: filter.used(),
            records: s.ombudsmen.values().map(|o| o.decisions).sum(),
            by_outcome: s.overall.by_outcome.clone(),
            overall: s.overall.to_json(),
            organisations,
            category_areas: groups(&s.category_areas),
            decision_years: groups(&s.decision_years),
            financial_years: groups(&s.financial_years),
            type_averages: averages
                .into_iter()
                .map(|(t, a)| (t.as_str().to_string(), a))
                .collect(),
            unknown_organisations: s.unknown_organisations(),
            by_ombudsman: s.ombudsmen.clone(),
            housing_landlords: s
                .landlords
                .iter()
                .map(|(name, t)| LandlordEntry {
                    landlord: name.clone(),
                    tally: t.clone(),
                    maladministration_rate: t.maladministration_rate(),
                })
                .collect(),
            definitions: Definitions::default(),
        }
    }

    pub fn write(&self, w: &mut impl Write) -> Result<()> {
        serde_json::to_writer_pretty(&mut *w, self)?;
        w.write_all(b"\n")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::{gazetteer::Gazetteer, Decision};

    /// The file is the struct: what is written reads back as the same
    /// struct, and every key of the JSON is one of its fields.
    #[test]
    fn summary_json_reads_back_as_the_struct() {
        let g = Gazetteer::embedded();
        let mut s = Summary::default();
        for (org, outcome) in [
            ("Kent County Council", "Upheld"),
            ("Kent County Council", "Not upheld"),
            ("", "Upheld"),
        ] {
            s.observe(
                &Decision {
                    file: "a.txt".into(),
                    organisation: (!org.is_empty()).then(|| org.to_string()),
                    outcome: Some(outcome.into()),
                    decision_date: Some("2024-05-01".into()),
                    ..Default::default()
                },
                g,
            );
        }
        let site = Site::new(&s);
        let run = ExtractRun {
            files_seen: Some(4),
            errors: Some(1),
            ..Default::default()
        };
        for (filter, filtered) in [
            (Filter::default(), false),
            (
                Filter {
                    with_payment: true,
                    ..Default::default()
                },
                true,
            ),
        ] {
            let file = SummaryFile::build(
                &s,
                &site,
                &filter,
                Source::Dataset {
                    read: DatasetRead {
                        path: "d.jsonl".into(),
                        records_read: 3,
                    },
                    run: Some(run.clone()),
                },
            );
            let mut bytes = Vec::new();
            file.write(&mut bytes).unwrap();
            let back: SummaryFile = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(back, file);
            let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(v["files_seen"].is_null(), filtered);
            assert_eq!(v["extract_run"]["files_seen"].is_null(), !filtered);
            assert_eq!(v["organisations"][0]["page"], "councils/not-stated.html");
            assert_eq!(
                v["organisations"][1]["page"],
                "councils/kent-county-council.html"
            );
            assert_eq!(v["overall"]["investigated"], 3);
            assert_eq!(v["type_averages"]["county"]["investigated"], 2);
        }
    }
}
