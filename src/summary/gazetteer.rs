//! Organisation names: normalisation (one council, one row) and the type of
//! each organisation, from the gazetteer kept as data in
//! `rules/gazetteer.toml` (embedded at build time).
//!
//! Lookup order: the normalised full name (canonical names and aliases), then
//! the name's "core" when exactly one entry has it, then the NHS, other public
//! body and care provider patterns. Anything else is `unknown`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::RwLock;

use anyhow::{bail, Context, Result};
use regex::Regex;
use serde::{Deserialize, Serialize};

const GAZETTEER_TOML: &str = include_str!("../../rules/gazetteer.toml");

/// What kind of body an organisation is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum OrgType {
    County,
    District,
    MetropolitanBorough,
    Unitary,
    LondonBorough,
    OtherPublicBody,
    CareProvider,
    NhsBody,
    #[default]
    Unknown,
}

impl OrgType {
    pub const ALL: [OrgType; 9] = [
        OrgType::County,
        OrgType::District,
        OrgType::MetropolitanBorough,
        OrgType::Unitary,
        OrgType::LondonBorough,
        OrgType::OtherPublicBody,
        OrgType::CareProvider,
        OrgType::NhsBody,
        OrgType::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgType::County => "county",
            OrgType::District => "district",
            OrgType::MetropolitanBorough => "metropolitan_borough",
            OrgType::Unitary => "unitary",
            OrgType::LondonBorough => "london_borough",
            OrgType::OtherPublicBody => "other_public_body",
            OrgType::CareProvider => "care_provider",
            OrgType::NhsBody => "nhs_body",
            OrgType::Unknown => "unknown",
        }
    }

    /// For people: "London borough", "care provider / independent provider".
    pub fn label(self) -> &'static str {
        match self {
            OrgType::County => "county council",
            OrgType::District => "district council",
            OrgType::MetropolitanBorough => "metropolitan borough",
            OrgType::Unitary => "unitary council",
            OrgType::LondonBorough => "London borough",
            OrgType::OtherPublicBody => "other public body",
            OrgType::CareProvider => "care provider / independent provider",
            OrgType::NhsBody => "NHS body",
            OrgType::Unknown => "unknown",
        }
    }

    /// For narrow table cells.
    pub fn short_label(self) -> &'static str {
        match self {
            OrgType::County => "county",
            OrgType::District => "district",
            OrgType::MetropolitanBorough => "metropolitan",
            OrgType::Unitary => "unitary",
            OrgType::LondonBorough => "London borough",
            OrgType::OtherPublicBody => "other public body",
            OrgType::CareProvider => "care provider",
            OrgType::NhsBody => "NHS body",
            OrgType::Unknown => "unknown",
        }
    }

    fn parse(s: &str) -> Option<OrgType> {
        OrgType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl fmt::Display for OrgType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a name was resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The row key: the normalised canonical name.
    pub key: String,
    /// The canonical name, when the gazetteer knows the organisation.
    pub canonical: Option<String>,
    pub org_type: OrgType,
    /// `name`, `alias`, `core`, `pattern` or `none`.
    pub how: &'static str,
    pub abolished: Option<u16>,
    pub successor: Option<String>,
}

#[derive(Debug, Clone)]
struct Entry {
    name: String,
    org_type: OrgType,
    abolished: Option<u16>,
    successor: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    county: Vec<String>,
    district: Vec<String>,
    metropolitan_borough: Vec<String>,
    unitary: Vec<String>,
    london_borough: Vec<String>,
    other_public_body: Vec<String>,
    #[serde(default)]
    alias: Vec<AliasSpec>,
    #[serde(default)]
    abolished: Vec<AbolishedSpec>,
    patterns: PatternSpec,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasSpec {
    name: String,
    is: String,
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AbolishedSpec {
    name: String,
    #[serde(rename = "type")]
    org_type: String,
    year: u16,
    successor: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternSpec {
    nhs_body: Vec<String>,
    other_public_body: Vec<String>,
    care_provider: Vec<String>,
}

/// The compiled gazetteer.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// Normalised name or alias to entry index.
    by_name: HashMap<String, (usize, bool)>,
    /// Core to entry index; cores shared by two entries are left out.
    by_core: HashMap<String, usize>,
    patterns: Vec<(OrgType, Regex)>,
    /// Names already resolved: a dataset repeats a few hundred spellings,
    /// and resolving one (normalising, looking up, cloning the entry) was
    /// most of the cost of folding a decision into the figures.
    memo: Memo,
}

/// Names as written → their resolution, up to [`MEMO_NAMES`] of them.
#[derive(Debug, Default)]
struct Memo(RwLock<HashMap<String, Resolved>>);

/// Past this many distinct names, a name is resolved afresh each time, so
/// that a dataset of made-up names cannot grow the memo without bound.
const MEMO_NAMES: usize = 4096;

impl Clone for Memo {
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

/// Normalises a name for matching: lower case, curly quotes straightened,
/// "&" read as "and", punctuation and hyphens as spaces, a leading "the"
/// dropped, spaces collapsed. `The Royal Borough of Windsor & Maidenhead`
/// and `royal borough of windsor and maidenhead` give the same key.
pub fn normalise(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '&' => s.push_str(" and "),
            // Apostrophes vanish so that "King's" and "Kings" agree.
            '\'' | '\u{2018}' | '\u{2019}' | '`' | '\u{b4}' => {}
            c if c.is_alphanumeric() => s.extend(c.to_lowercase()),
            _ => s.push(' '),
        }
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let words = match words.first() {
        Some(&"the") if words.len() > 1 => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

const CORE_PREFIXES: &[&str] = &[
    "london borough of ",
    "royal borough of ",
    "borough council of ",
    "borough of ",
    "city of ",
    "county of ",
    "council of the ",
    "corporation of ",
];
const CORE_SUFFIXES: &[&str] = &[
    " council",
    " corporation",
    " city and district",
    " metropolitan borough",
    " metropolitan district",
    " london borough",
    " borough",
    " district",
    " county",
    " city",
];

/// The name without the words that say what kind of council it is:
/// `city of bradford metropolitan district council` → `bradford`.
pub fn core(key: &str) -> String {
    let mut s = key.to_string();
    loop {
        let before = s.len();
        for p in CORE_PREFIXES {
            if let Some(rest) = s.strip_prefix(p) {
                s = rest.to_string();
            }
        }
        for p in CORE_SUFFIXES {
            if let Some(rest) = s.strip_suffix(p) {
                s = rest.to_string();
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

impl Gazetteer {
    /// The embedded gazetteer.
    pub fn embedded() -> &'static Gazetteer {
        static G: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        G.get_or_init(|| {
            Gazetteer::parse(GAZETTEER_TOML).expect("rules/gazetteer.toml is valid (tested)")
        })
    }

    pub fn parse(text: &str) -> Result<Gazetteer> {
        let f: File = toml::from_str(text).context("rules/gazetteer.toml")?;
        let mut entries = Vec::new();
        let lists = [
            (OrgType::County, &f.county),
            (OrgType::District, &f.district),
            (OrgType::MetropolitanBorough, &f.metropolitan_borough),
            (OrgType::Unitary, &f.unitary),
            (OrgType::LondonBorough, &f.london_borough),
            (OrgType::OtherPublicBody, &f.other_public_body),
        ];
        for (t, names) in lists {
            for n in names {
                entries.push(Entry {
                    name: n.clone(),
                    org_type: t,
                    abolished: None,
                    successor: None,
                });
            }
        }
        for a in &f.abolished {
            let Some(t) = OrgType::parse(&a.org_type) else {
                bail!("gazetteer: {}: unknown type {:?}", a.name, a.org_type);
            };
            entries.push(Entry {
                name: a.name.clone(),
                org_type: t,
                abolished: Some(a.year),
                successor: Some(a.successor.clone()),
            });
        }
        let mut by_name = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            if by_name.insert(normalise(&e.name), (i, false)).is_some() {
                bail!("gazetteer: {} is listed twice", e.name);
            }
        }
        for a in &f.alias {
            let Some(&(i, _)) = by_name.get(&normalise(&a.is)) else {
                bail!("gazetteer: alias {} points to unknown {}", a.name, a.is);
            };
            if by_name.insert(normalise(&a.name), (i, true)).is_some() {
                bail!("gazetteer: alias {} is also a name", a.name);
            }
        }
        let mut cores: HashMap<String, Vec<usize>> = HashMap::new();
        for (k, &(i, _)) in &by_name {
            let v = cores.entry(core(k)).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
        let by_core = cores
            .into_iter()
            .filter(|(c, v)| v.len() == 1 && !c.is_empty())
            .map(|(c, v)| (c, v[0]))
            .collect();
        let mut patterns = Vec::new();
        for (t, list) in [
            (OrgType::NhsBody, &f.patterns.nhs_body),
            (OrgType::OtherPublicBody, &f.patterns.other_public_body),
            (OrgType::CareProvider, &f.patterns.care_provider),
        ] {
            for p in list {
                let re = Regex::new(p).with_context(|| format!("gazetteer pattern {p}"))?;
                patterns.push((t, re));
            }
        }
        Ok(Gazetteer {
            entries,
            by_name,
            by_core,
            patterns,
            memo: Memo::default(),
        })
    }

    /// Number of named entries, by type (abolished included).
    pub fn counts(&self) -> BTreeMap<OrgType, usize> {
        let mut m = BTreeMap::new();
        for e in &self.entries {
            *m.entry(e.org_type).or_default() += 1;
        }
        m
    }

    fn entry_resolved(&self, i: usize, how: &'static str) -> Resolved {
        let e = &self.entries[i];
        Resolved {
            key: normalise(&e.name),
            canonical: Some(e.name.clone()),
            org_type: e.org_type,
            how,
            abolished: e.abolished,
            successor: e.successor.clone(),
        }
    }

    /// Resolves a name as written on a decision.
    pub fn resolve(&self, name: &str) -> Resolved {
        // A poisoned lock only means another thread panicked mid-insert:
        // resolving afresh is always right.
        if let Some(r) = self.memo.0.read().ok().and_then(|m| m.get(name).cloned()) {
            return r;
        }
        let r = self.resolve_afresh(name);
        if let Ok(mut m) = self.memo.0.write() {
            if m.len() < MEMO_NAMES {
                m.insert(name.to_string(), r.clone());
            }
        }
        r
    }

    fn resolve_afresh(&self, name: &str) -> Resolved {
        let key = normalise(name);
        if let Some(&(i, alias)) = self.by_name.get(&key) {
            return self.entry_resolved(i, if alias { "alias" } else { "name" });
        }
        if let Some(&i) = self.by_core.get(&core(&key)) {
            return self.entry_resolved(i, "core");
        }
        let org_type = self
            .patterns
            .iter()
            .find(|(_, re)| re.is_match(name.trim()))
            .map(|(t, _)| *t);
        Resolved {
            key,
            canonical: None,
            org_type: org_type.unwrap_or(OrgType::Unknown),
            how: if org_type.is_some() {
                "pattern"
            } else {
                "none"
            },
            abolished: None,
            successor: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::embedded()
    }

    #[test]
    fn embedded_gazetteer_parses_with_full_lists() {
        let c = g().counts();
        // April 2023: 21 counties, 164 districts, 36 metropolitan boroughs,
        // 62 unitaries and the Isles of Scilly, 32 London boroughs and the
        // City of London; then those abolished since 2009 (11 counties, 76
        // districts, Bournemouth and Poole).
        assert_eq!(c[&OrgType::County], 21 + 11);
        assert_eq!(c[&OrgType::District], 164 + 76);
        assert_eq!(c[&OrgType::MetropolitanBorough], 36);
        assert_eq!(c[&OrgType::Unitary], 63 + 2);
        assert_eq!(c[&OrgType::LondonBorough], 33);
    }

    #[test]
    fn normalisation_folds_case_the_ampersand_quotes() {
        assert_eq!(
            normalise("The Royal Borough of Windsor & Maidenhead"),
            "royal borough of windsor and maidenhead"
        );
        assert_eq!(
            normalise("Borough Council of King\u{2019}s Lynn and West Norfolk"),
            normalise("borough council of kings lynn and west norfolk")
        );
        assert_eq!(
            normalise("  Telford  &  Wrekin Council "),
            "telford and wrekin council"
        );
        assert_eq!(
            normalise("Bournemouth, Christchurch and Poole Council"),
            "bournemouth christchurch and poole council"
        );
        assert_eq!(normalise("Southend-on-Sea"), "southend on sea");
        assert_eq!(normalise("The"), "the");
        assert_eq!(
            core("city of bradford metropolitan district council"),
            "bradford"
        );
        assert_eq!(
            core("london borough of hammersmith and fulham"),
            "hammersmith and fulham"
        );
        assert_eq!(core("st albans city and district council"), "st albans");
    }

    #[test]
    fn one_council_one_row() {
        let a = g().resolve("Telford & Wrekin Council");
        let b = g().resolve("the telford and wrekin council");
        assert_eq!(a.key, b.key);
        assert_eq!(a.canonical.as_deref(), Some("Telford and Wrekin Council"));
        assert_eq!(a.org_type, OrgType::Unitary);
        // Renamings: same council, current name.
        let s = g().resolve("Shepway District Council");
        assert_eq!(
            s.canonical.as_deref(),
            Some("Folkestone and Hythe District Council")
        );
        assert_eq!(s.how, "alias");
        assert_eq!(s.org_type, OrgType::District);
        // Cores: "Wandsworth Council" is the London borough.
        let w = g().resolve("Wandsworth Council");
        assert_eq!(w.canonical.as_deref(), Some("London Borough of Wandsworth"));
        assert_eq!(w.how, "core");
        assert_eq!(w.org_type, OrgType::LondonBorough);
    }

    #[test]
    fn types_of_councils_old_and_new() {
        let t = |n: &str| g().resolve(n).org_type;
        assert_eq!(t("Essex County Council"), OrgType::County);
        assert_eq!(t("Durham County Council"), OrgType::Unitary);
        assert_eq!(t("City of London Corporation"), OrgType::LondonBorough);
        assert_eq!(t("Westminster City Council"), OrgType::LondonBorough);
        assert_eq!(t("Leeds City Council"), OrgType::MetropolitanBorough);
        assert_eq!(t("Transport for London"), OrgType::OtherPublicBody);
        assert_eq!(t("Kent Fire and Rescue Service"), OrgType::OtherPublicBody);
        let n = g().resolve("Northamptonshire County Council");
        assert_eq!(n.org_type, OrgType::County);
        assert_eq!(n.abolished, Some(2021));
        assert_eq!(t("Aylesbury Vale District Council"), OrgType::District);
        assert_eq!(t("Borough of Poole"), OrgType::Unitary);
        assert_eq!(t("Allerdale Borough Council"), OrgType::District);
        assert_eq!(t("Mendip District Council"), OrgType::District);
        assert_eq!(t("Harrogate Borough Council"), OrgType::District);
        // Shared core: Durham alone is ambiguous, but the alias settles it.
        assert_eq!(g().resolve("City of Durham Council").abolished, Some(2009));
    }

    #[test]
    fn providers_and_nhs_by_pattern() {
        let t = |n: &str| g().resolve(n).org_type;
        assert_eq!(t("Westminster Homecare Ltd"), OrgType::CareProvider);
        assert_eq!(t("Oak Lodge Nursing Home"), OrgType::CareProvider);
        assert_eq!(t("Ardale (Oakham) Limited"), OrgType::CareProvider);
        assert_eq!(
            t("NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board"),
            OrgType::NhsBody
        );
        assert_eq!(t("Princess Alexandra Hospital NHS Trust"), OrgType::NhsBody);
        assert_eq!(t("Gotham Borough Council"), OrgType::Unknown);
    }

    #[test]
    fn remembered_names_resolve_as_afresh() {
        let g = Gazetteer::parse(GAZETTEER_TOML).unwrap();
        for name in [
            "Kent County Council",
            "the telford and wrekin council",
            "Gotham Borough Council",
            "Shepway District Council",
        ] {
            let first = g.resolve(name);
            assert_eq!(first, g.resolve_afresh(name));
            assert_eq!(g.resolve(name), first);
        }
        assert_eq!(g.memo.0.read().unwrap().len(), 4);
        // A clone starts with an empty memo and resolves alike.
        let c = g.clone();
        assert!(c.memo.0.read().unwrap().is_empty());
        assert_eq!(
            c.resolve("Kent County Council"),
            g.resolve("Kent County Council")
        );
    }
}
