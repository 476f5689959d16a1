//! Synthetic decision corpus for benchmarks and accuracy checks at scale.
//!
//! `cargo run --release --example gen_corpus -- N DIR [--seed S] [--format txt|html|mixed]`
//!
//! Writes N decision pages under DIR (1,000 per sub-folder) by recombining the
//! paragraphs of the bundled corpus (corpus/seeds, corpus/written) around
//! fresh facts: a unique reference, an organisation, a category, a decision
//! date, an outcome, a complainant and, for some upheld decisions, payments in
//! the summary and the agreed action. Pages come with or without header
//! lines, as .txt or LGSCO-style .html, with page furniture at the top and the
//! bottom. The output is deterministic for a given N, seed and format.
//!
//! `gen_corpus check EXPECTED DECISIONS` compares an `ombuds extract` output
//! with the expected fields and prints the mismatches by field (bench/run.sh
//! uses it to check accuracy at scale); it exits 1 on any mismatch.
//!
//! Beside DIR it writes `DIR.expected.jsonl` (outside DIR, so that it is not
//! walked as input): one line per file with the fields the generator controls
//! and so can vouch for. Fields it does not control (an outcome the page does
//! not state, remedies other than payments, deadlines) are left out.
//! Corpus paragraphs that mention money, payments or earlier remedies are never
//! reused, so the only money on a page is the money the generator put there.

use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use ombuds::clean::Cleaner;
use serde_json::json;

/// The bundled pages whose paragraphs are recombined.
const SOURCES: &[&str] = &[
    include_str!("../corpus/seeds/000_397a35b6c4e47fb0.txt"),
    include_str!("../corpus/seeds/001_88672853f18e77c3.txt"),
    include_str!("../corpus/seeds/002_3c96988d05dd02d5.txt"),
    include_str!("../corpus/seeds/003_3361a64780ec40b8.txt"),
    include_str!("../corpus/seeds/004_05f5de3fd66fa512.txt"),
    include_str!("../corpus/written/care-provider-not-upheld.txt"),
    include_str!("../corpus/written/essex-2022-each.txt"),
    include_str!("../corpus/written/essex-banner-first.txt"),
    include_str!("../corpus/written/essex-no-header-monthly.txt"),
    include_str!("../corpus/written/essex-not-upheld.txt"),
    include_str!("../corpus/written/kent-no-header-closed.txt"),
];

const PLACES: &[&str] = &[
    "Essex",
    "Kent",
    "Norfolk",
    "Suffolk",
    "Devon",
    "Cornwall",
    "Surrey",
    "Lancashire",
    "Warwickshire",
    "Hertfordshire",
    "Derbyshire",
    "Nottinghamshire",
    "Leicestershire",
    "Lincolnshire",
    "Somerset",
    "Cumbria",
    "Staffordshire",
    "Hampshire",
    "Oxfordshire",
    "Gloucestershire",
];
const CITIES: &[&str] = &[
    "Leeds",
    "Sheffield",
    "Bristol",
    "Birmingham",
    "Manchester",
    "Coventry",
    "Bradford",
    "Wakefield",
    "Sunderland",
    "Plymouth",
    "Southampton",
    "Portsmouth",
    "Salford",
    "Wolverhampton",
    "Derby",
];
const BOROUGHS: &[&str] = &[
    "Camden",
    "Hackney",
    "Lambeth",
    "Croydon",
    "Barnet",
    "Ealing",
    "Brent",
    "Enfield",
    "Haringey",
    "Lewisham",
    "Southwark",
    "Newham",
];
const PROVIDERS: &[&str] = &[
    "Bluebell Home Care Limited",
    "Oakwood Care Homes Ltd",
    "Riverside Residential Care Limited",
    "Meadow View Nursing Home",
    "Sunrise Domiciliary Services Ltd",
];

const CATEGORIES: &[&str] = &[
    "Adult care services > Assessment and care plan",
    "Adult care services > Charging",
    "Adult care services > Residential care",
    "Adult care services > Safeguarding",
    "Adult care services > Domiciliary care",
    "Benefits and tax > Council tax",
    "Benefits and tax > Housing benefit and council tax benefit",
    "Children's care services > Child protection",
    "Children's care services > Looked after children",
    "Children's care services > Other",
    "Children's care services > Friends and family carers",
    "Education > Special educational needs",
    "Education > School transport",
    "Education > School admissions",
    "Environment and regulation > Noise",
    "Environment and regulation > Refuse and recycling",
    "Housing > Homelessness",
    "Housing > Allocations",
    "Planning > Planning applications",
    "Planning > Enforcement",
    "Transport and highways > Highway repair and maintenance",
    "Transport and highways > Parking and other penalties",
];

const TOPICS: &[&str] = &[
    "the way the Council assessed care needs",
    "delays in the Council's handling of a complaint",
    "the Council's decision on a housing application",
    "how the Council dealt with reports of noise",
    "the Council's handling of an education, health and care plan",
    "missed refuse collections",
    "the Council's decision on school transport",
    "the way the Council dealt with a planning application",
    "the Council's response to a safeguarding concern",
    "a parking penalty charge",
    "the repair of a road near the complainant's home",
    "the Council's communication during a child protection enquiry",
];

const TITLES: &[&str] = &["Mr", "Mrs", "Ms", "Miss", "Mr and Mrs"];
const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_FULL: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Paragraphs that could carry a remedy, money or an earlier-stage outcome
/// would make the expected fields a guess: such corpus lines are not reused.
const UNSAFE_WORDS: &[&str] = &[
    "£",
    "pound",
    "pay",
    "paid",
    "refund",
    "reimburs",
    "waive",
    "compensat",
    "financial",
    "symbolic",
    "already",
    "remedy",
    "remedied",
    "Summary",
    "Decision",
    "decision :",
];

/// xorshift64*: small, fast and good enough to vary pages; no crate needed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        // splitmix64 of (seed, stream) so neighbouring files differ fully.
        let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// A section of reusable corpus text: heading and paragraphs.
#[derive(Clone)]
struct Section {
    heading: String,
    paras: Vec<String>,
}

/// The body sections of the bundled pages, without furniture, header, summary,
/// remedies or the final decision.
fn material() -> Vec<Section> {
    let cleaner = Cleaner::embedded();
    let mut sections = Vec::new();
    for src in SOURCES {
        let cleaned = cleaner.clean(src);
        let mut current: Option<Section> = None;
        let mut started = false;
        for line in cleaned.lines() {
            let is_para = line.starts_with("- ")
                || line
                    .split_once(". ")
                    .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty());
            if !is_para {
                if line.starts_with("The complaint") {
                    started = true;
                }
                if !started {
                    continue;
                }
                let lower = line.to_lowercase();
                if lower.contains("action") || lower.contains("decision") {
                    // Agreed action, Final decision: the generator writes these.
                    started = false;
                }
                if let Some(s) = current.take() {
                    if !s.paras.is_empty() {
                        sections.push(s);
                    }
                }
                if started {
                    current = Some(Section {
                        heading: line.to_string(),
                        paras: Vec::new(),
                    });
                }
                continue;
            }
            let Some(s) = current.as_mut() else { continue };
            let text = line
                .trim_start_matches("- ")
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start_matches(". ")
                .trim();
            let unsafe_text = UNSAFE_WORDS.iter().any(|w| text.contains(w))
                || text.contains(':')
                || text.len() < 20;
            if !unsafe_text {
                s.paras.push(text.to_string());
            }
        }
        if let Some(s) = current.take() {
            if !s.paras.is_empty() {
                sections.push(s);
            }
        }
    }
    sections
}

#[derive(Clone, Copy, PartialEq)]
pub enum Format {
    Txt,
    Html,
}

#[derive(Clone, Copy, PartialEq)]
enum HeaderLayout {
    None,
    Inline,
    /// 2016-17: no title line, values on their own lines (txt only).
    Split,
}

/// One generated decision, before rendering.
struct Page {
    title: Option<String>,
    header: HeaderLayout,
    category_text: String,
    outcome: &'static str,
    date_text: String,
    summary: String,
    sections: Vec<Section>,
    numbered: bool,
    furniture_top: bool,
    back_to_top: bool,
    furniture_bottom: bool,
    blank_lines: bool,
    crlf: bool,
}

fn organisation(rng: &mut Rng) -> (String, &'static str) {
    match rng.below(10) {
        0..=3 => (
            format!("{} County Council", rng.pick(PLACES)),
            "the Council",
        ),
        4..=5 => (format!("{} City Council", rng.pick(CITIES)), "the Council"),
        6 => (
            format!("London Borough of {}", rng.pick(BOROUGHS)),
            "the Council",
        ),
        7 => (
            format!("{} Metropolitan Borough Council", rng.pick(CITIES)),
            "the Council",
        ),
        8 => (format!("{} Council", rng.pick(CITIES)), "the Council"),
        _ => (rng.pick(PROVIDERS).to_string(), "the care provider"),
    }
}

/// A money amount in pence and as a page writes it.
fn amount(rng: &mut Rng) -> (i64, String) {
    match rng.below(10) {
        0..=5 => {
            let p = 50 * (2 + rng.below(18) as i64);
            (p * 100, format!("£{p}"))
        }
        6..=7 => {
            let p = 250 * (4 + rng.below(16) as i64);
            (p * 100, format!("£{},{:03}", p / 1000, p % 1000))
        }
        _ => {
            let p = 25 * (4 + rng.below(30) as i64);
            (p * 100 + 50, format!("£{p}.50"))
        }
    }
}

fn money_text(pence: i64) -> String {
    let pounds = pence / 100;
    let p = pence % 100;
    let whole = if pounds >= 1000 {
        format!("{},{:03}", pounds / 1000, pounds % 1000)
    } else {
        pounds.to_string()
    };
    if p == 0 {
        format!("£{whole}")
    } else {
        format!("£{whole}.{p:02}")
    }
}

fn pounds_json(pence: i64) -> serde_json::Value {
    if pence % 100 == 0 {
        json!(pence / 100)
    } else {
        json!(pence as f64 / 100.0)
    }
}

/// Generates file `i`: its relative path, its bytes and its expected fields.
fn generate(
    i: usize,
    seed: u64,
    format: Option<Format>,
    material: &[Section],
) -> (String, Vec<u8>, serde_json::Value) {
    let mut rng = Rng::new(seed, i as u64);
    let format = format.unwrap_or(if rng.chance(0.25) {
        Format::Html
    } else {
        Format::Txt
    });

    // Dates and a reference unique to `i` (multiplying by a number prime to
    // 10 permutes 0..10^6).
    let year = 2016 + rng.below(10) as i32;
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let yy = (year - rng.below(2) as i32) % 100;
    let serial = (i as u64 * 7919 + 104_729) % 1_000_000;
    let suffix = if rng.chance(0.02) { "a" } else { "" };
    let reference = format!("{yy:02} {:03} {:03}{suffix}", serial / 1000, serial % 1000);
    let date_text = if rng.chance(0.8) {
        format!("{day:02} {} {year}", MONTHS[month - 1])
    } else {
        format!("{day} {} {year}", MONTHS_FULL[month - 1])
    };
    let iso_date = format!("{year:04}-{month:02}-{day:02}");

    let header = match format {
        Format::Txt if rng.chance(0.02) => HeaderLayout::Split,
        _ if rng.chance(0.3) => HeaderLayout::None,
        _ => HeaderLayout::Inline,
    };
    let (org, body) = organisation(&mut rng);
    let reference_only = header != HeaderLayout::Split && rng.chance(0.03);
    let title = match header {
        HeaderLayout::Split => None,
        _ if reference_only => Some(reference.clone()),
        _ => Some(format!("{org} ({reference})")),
    };
    let organisation = if title.is_some() && !reference_only {
        Some(org.clone())
    } else {
        None
    };

    let category = *rng.pick(CATEGORIES);
    let category_text = if rng.chance(0.3) {
        category.replace('\'', "’")
    } else {
        category.to_string()
    };
    let outcome = match rng.below(10) {
        0..=4 => "Closed after initial enquiries",
        5..=8 => "Upheld",
        _ => "Not upheld",
    };

    let who = format!(
        "{} {}",
        rng.pick(TITLES),
        (b'A' + rng.below(26) as u8) as char
    );
    let child = (b'A' + rng.below(26) as u8) as char;
    let topic = rng.pick(TOPICS);
    let body_cap = capitalise(body);

    // Payments only on upheld decisions; the summary states the total once,
    // the agreed action lists each payment.
    let mut payments: Vec<i64> = Vec::new();
    let mut action: Vec<String> = Vec::new();
    let summary = match outcome {
        "Upheld" => {
            let fault = format!("{who} complained about {topic}. There was fault which caused {who} avoidable distress.");
            match rng.below(5) {
                0 | 1 => {
                    let (a, a_text) = amount(&mut rng);
                    payments.push(a);
                    action.push(format!("Within four weeks of my final decision, {body} has agreed to:"));
                    action.push(format!("apologise to {who}; and"));
                    action.push(format!(
                        "pay {who} {a_text} to acknowledge the avoidable distress caused."
                    ));
                    format!("{fault} {body_cap} has agreed to apologise and pay {who} {a_text}.")
                }
                2 => {
                    let (a, a_text) = amount(&mut rng);
                    let (b, b_text) = amount(&mut rng);
                    payments.push(a);
                    payments.push(b);
                    action.push(format!("{body_cap} has agreed to:"));
                    action.push(format!(
                        "pay {who} {a_text} to acknowledge the avoidable distress caused; and"
                    ));
                    action.push(format!(
                        "pay {child} {b_text} to acknowledge the avoidable distress caused."
                    ));
                    action.push(format!(
                        "{body_cap} should take this action within four weeks of my final decision."
                    ));
                    format!(
                        "{fault} {body_cap} has agreed to pay {who} and {child} {}.",
                        money_text(a + b)
                    )
                }
                _ => {
                    action.push(format!("Within one month of my final decision, {body} has agreed to:"));
                    action.push(format!("apologise to {who}; and"));
                    action.push("remind relevant staff of the correct procedure.".into());
                    format!("{fault} {body_cap} has agreed to apologise and remind staff of the correct procedure.")
                }
            }
        }
        "Not upheld" => format!(
            "{who} complained about {topic}. We found no fault in how {body} acted."
        ),
        _ => format!(
            "We will not investigate {who}’s complaint about {topic}. This is because there is not enough evidence of fault to justify our involvement."
        ),
    };
    let final_para = match outcome {
        "Upheld" => format!("I have completed my investigation. There was fault by {body} which caused injustice to {who}. The action {body} has agreed to take is a suitable remedy."),
        "Not upheld" => format!("I have completed my investigation. I have found no fault by {body}."),
        _ => format!("We will not investigate {who}’s complaint because there is not enough evidence of fault by {body}."),
    };

    // Body: a few corpus sections, a share of their paragraphs each.
    let mut sections = Vec::new();
    let n_sections = 2 + rng.below(3);
    for _ in 0..n_sections {
        let s = rng.pick(material);
        let keep: Vec<String> = s
            .paras
            .iter()
            .filter(|_| rng.chance(0.45))
            .cloned()
            .collect();
        if !keep.is_empty() {
            sections.push(Section {
                heading: s.heading.clone(),
                paras: keep,
            });
        }
    }
    if !action.is_empty() {
        sections.push(Section {
            heading: "Agreed action".into(),
            paras: action,
        });
    }
    sections.push(Section {
        heading: "Final decision".into(),
        paras: vec![final_para],
    });

    let page = Page {
        title,
        header,
        category_text,
        outcome,
        date_text,
        summary,
        sections,
        numbered: rng.chance(0.4),
        furniture_top: rng.chance(0.3),
        back_to_top: rng.chance(0.3),
        furniture_bottom: rng.chance(0.5),
        blank_lines: rng.chance(0.3),
        crlf: rng.chance(0.05),
    };

    let ext = if format == Format::Html {
        "html"
    } else {
        "txt"
    };
    let rel = format!("{:03}/{}.{ext}", i / 1000, reference.replace(' ', "-"));
    let bytes = match format {
        Format::Txt => render_txt(&page),
        Format::Html => render_html(&page),
    };

    let stated = page.header != HeaderLayout::None;
    payments.sort();
    let mut expected = json!({
        "file": rel,
        "reference": reference,
        "organisation": organisation,
        "category": if stated { json!(category) } else { json!(null) },
        "decision_date": if stated { json!(iso_date) } else { json!(null) },
        "complainant": who,
        "payments": payments.iter().map(|&p| pounds_json(p)).collect::<Vec<_>>(),
        "remedy_total_gbp": pounds_json(payments.iter().sum()),
    });
    if stated {
        expected["outcome"] = json!(outcome);
        expected["outcome_basis"] = json!("stated");
    }
    (rel, bytes, expected)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

const BANNER: &[&str] = &[
    "Privacy settings",
    "LGO logogram",
    "Review your privacy settings",
    "Required cookies",
    "These cookies enable the website to function properly. You can only disable these by changing your browser preferences, but this will affect how the website performs.",
    "View required cookies",
    "Analytical cookies",
    "Google Analytics cookies help us improve our website by collecting and reporting information on how you use it.",
    "We recommend you set these 'ON'.",
    "View analytical cookies",
];

fn render_txt(p: &Page) -> Vec<u8> {
    let mut lines: Vec<String> = Vec::new();
    if p.furniture_top {
        lines.extend(BANNER.iter().map(|s| s.to_string()));
    }
    if let Some(t) = &p.title {
        lines.push(t.clone());
    }
    match p.header {
        HeaderLayout::None => {}
        HeaderLayout::Inline => {
            lines.push(format!("Category : {}", p.category_text));
            lines.push(format!("Decision : {}", p.outcome));
            lines.push(format!("Decision date : {}", p.date_text));
        }
        HeaderLayout::Split => {
            let (area, sub) = p.category_text.split_once(" > ").unwrap();
            lines.extend([
                "Category :".into(),
                area.to_string(),
                ">".into(),
                sub.to_string(),
                "Decision :".into(),
                p.outcome.to_string(),
                "Decision date :".into(),
                p.date_text.clone(),
            ]);
        }
    }
    if p.header == HeaderLayout::Split {
        lines.push("Summary".into());
        lines.push(p.summary.clone());
    } else {
        lines.push("The Ombudsman's final decision:".into());
        lines.push(format!("Summary: {}", p.summary));
    }
    let mut n = 1;
    for s in &p.sections {
        if p.back_to_top {
            lines.push("Back to top".into());
        }
        lines.push(s.heading.clone());
        for para in &s.paras {
            if p.numbered {
                lines.push(format!("{n}. {para}"));
                n += 1;
            } else {
                lines.push(format!("- {para}"));
            }
        }
    }
    lines.push("Investigator's decision on behalf of the Ombudsman".into());
    if p.furniture_bottom {
        lines.push("Print this page".into());
        if !p.furniture_top {
            lines.extend(BANNER.iter().map(|s| s.to_string()));
        }
    }
    let nl = if p.crlf { "\r\n" } else { "\n" };
    let sep = if p.blank_lines {
        format!("{nl}{nl}")
    } else {
        nl.to_string()
    };
    let mut out = lines.join(&sep);
    out.push_str(nl);
    out.into_bytes()
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#x27;"),
            _ => o.push(c),
        }
    }
    o
}

fn render_html(p: &Page) -> Vec<u8> {
    let mut o = String::with_capacity(8192);
    let title = p.title.as_deref().unwrap_or("Decision");
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} - Local Government and Social Care Ombudsman</title>\n\
         <script>window.dataLayer = [];</script><style>.label{{font-weight:bold}}</style></head><body>\n\
         <header class=\"site-header\"><a href=\"/\">LGO logogram</a><nav><ul><li><a href=\"/decisions\">Decisions</a></li><li><a href=\"/make-a-complaint\">Make a complaint</a></li></ul></nav></header>\n",
        esc(title)
    );
    if p.furniture_top {
        o.push_str("<div id=\"cookie-banner\" class=\"cookie-banner\"><h2>Privacy settings</h2><p>These cookies enable the website to function properly.</p><button>Accept</button></div>\n");
    }
    o.push_str("<main id=\"content\"><div class=\"breadcrumb\"><a href=\"/decisions\">Decisions</a> &gt; Decision</div>\n");
    if let Some(t) = &p.title {
        let _ = writeln!(o, "<h1>{}</h1>", esc(t));
    }
    o.push_str("<article id=\"article\">\n");
    if p.header != HeaderLayout::None {
        let _ = writeln!(
            o,
            "<div class=\"decision-meta\">\n<p><span class=\"label\">Category:</span> <span class=\"value\">{}</span></p>\n\
             <p><span class=\"label\">Decision:</span> <span class=\"value\">{}</span></p>\n\
             <p><span class=\"label\">Decision date:</span> <span class=\"value\">{}</span></p>\n</div>",
            esc(&p.category_text),
            esc(p.outcome),
            esc(&p.date_text)
        );
    }
    let _ = writeln!(
        o,
        "<h2>The Ombudsman&#x27;s final decision:</h2>\n<p><strong>Summary:</strong> {}</p>",
        esc(&p.summary)
    );
    let mut n = 1;
    for s in &p.sections {
        if p.back_to_top {
            o.push_str("<p><a href=\"#top\" class=\"back-to-top\">Back to top</a></p>");
        }
        let _ = writeln!(o, "<h2>{}</h2>", esc(&s.heading));
        if p.numbered {
            let _ = writeln!(o, "<ol start=\"{n}\">");
        } else {
            o.push_str("<ul>\n");
        }
        for para in &s.paras {
            let _ = writeln!(o, "<li>{}</li>", esc(para));
            n += 1;
        }
        o.push_str(if p.numbered { "</ol>\n" } else { "</ul>\n" });
    }
    o.push_str("<h2>Investigator&#x27;s decision on behalf of the Ombudsman</h2>\n</article>\n");
    if p.furniture_bottom {
        o.push_str("<p><a href=\"javascript:window.print()\">Print this page</a></p>");
    }
    o.push_str("</main>\n<footer><p>Local Government and Social Care Ombudsman, PO Box 4771, Coventry CV4 0EH</p></footer></body></html>\n");
    o.into_bytes()
}

struct Args {
    n: usize,
    dir: PathBuf,
    seed: u64,
    format: Option<Format>,
}

fn parse_args() -> Result<Args, String> {
    let usage = "usage: gen_corpus N DIR [--seed S] [--format txt|html|mixed]";
    let mut pos = Vec::new();
    let mut seed = 2026;
    let mut format = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seed" => {
                seed = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("--seed needs a number")?
            }
            "--format" => {
                format = match it.next().as_deref() {
                    Some("txt") => Some(Format::Txt),
                    Some("html") => Some(Format::Html),
                    Some("mixed") => None,
                    _ => return Err("--format is txt, html or mixed".into()),
                }
            }
            "-h" | "--help" => return Err(usage.into()),
            _ => pos.push(a),
        }
    }
    if pos.len() != 2 {
        return Err(usage.into());
    }
    let n: usize = pos[0]
        .parse()
        .map_err(|_| format!("N must be a number\n{usage}"))?;
    if n > 1_000_000 {
        return Err("N is at most 1,000,000 (references must stay unique)".into());
    }
    Ok(Args {
        n,
        dir: PathBuf::from(&pos[1]),
        seed,
        format,
    })
}

/// `DIR.expected.jsonl`, beside DIR.
pub fn expected_path(dir: &Path) -> PathBuf {
    let mut name = dir
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "corpus".into());
    name.push(".expected.jsonl");
    dir.with_file_name(name)
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some("check") {
        if argv.len() != 4 {
            eprintln!("usage: gen_corpus check EXPECTED.jsonl DECISIONS.jsonl");
            std::process::exit(2);
        }
        match check(Path::new(&argv[2]), Path::new(&argv[3])) {
            Ok(0) => std::process::exit(0),
            Ok(_) => std::process::exit(1),
            Err(e) => {
                eprintln!("gen_corpus check: {e}");
                std::process::exit(2);
            }
        }
    }
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(&args) {
        eprintln!("gen_corpus: {e}");
        std::process::exit(2);
    }
}

fn run(args: &Args) -> std::io::Result<()> {
    let (expected, bytes_total) = write_corpus(args.n, &args.dir, args.seed, args.format)?;
    eprintln!(
        "gen_corpus: {} files, {:.1} MB in {}, expected fields in {}",
        args.n,
        bytes_total as f64 / 1e6,
        args.dir.display(),
        expected.display()
    );
    Ok(())
}

/// Writes `n` files under `dir` (which must be absent or empty) and their
/// expected fields beside it; returns the expected file and the bytes written.
/// Also used in place by tests/generator.rs.
pub fn write_corpus(
    n: usize,
    dir: &Path,
    seed: u64,
    format: Option<Format>,
) -> std::io::Result<(PathBuf, u64)> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(std::io::Error::other(format!(
            "{} exists and is not empty: remove it first",
            dir.display()
        )));
    }
    let material = material();
    let expected = expected_path(dir);
    let tmp = expected.with_extension("jsonl.tmp");
    let mut exp = BufWriter::new(fs::File::create(&tmp)?);
    let mut bytes_total = 0u64;
    for i in 0..n {
        let (rel, bytes, fields) = generate(i, seed, format, &material);
        let path = dir.join(&rel);
        if i % 1000 == 0 {
            fs::create_dir_all(path.parent().unwrap())?;
        }
        fs::write(&path, &bytes)?;
        bytes_total += bytes.len() as u64;
        serde_json::to_writer(&mut exp, &fields)?;
        exp.write_all(b"\n")?;
    }
    exp.flush()?;
    drop(exp);
    // The expected file appears last: its presence means the corpus is whole.
    fs::rename(&tmp, &expected)?;
    Ok((expected, bytes_total))
}

/// Compares decisions with expected fields; prints a line per field and
/// returns the number of mismatches.
fn check(expected: &Path, decisions: &Path) -> std::io::Result<usize> {
    use std::collections::{BTreeMap, HashMap};
    use std::io::BufRead;
    let mut want: HashMap<String, serde_json::Value> = HashMap::new();
    for line in std::io::BufReader::new(fs::File::open(expected)?).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        want.insert(v["file"].as_str().unwrap_or_default().to_string(), v);
    }
    let files = want.len();
    let mut checked: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut examples: Vec<String> = Vec::new();
    let mut records = 0;
    for line in std::io::BufReader::new(fs::File::open(decisions)?).lines() {
        let got: serde_json::Value = serde_json::from_str(&line?)?;
        records += 1;
        let Some(exp) = want.remove(got["file"].as_str().unwrap_or_default()) else {
            continue;
        };
        for (field, w) in exp.as_object().into_iter().flatten() {
            if field == "file" {
                continue;
            }
            let g = if field == "payments" {
                let mut amounts: Vec<f64> = got["payments"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|p| p["amount_gbp"].as_f64())
                    .collect();
                amounts.sort_by(f64::total_cmp);
                json!(amounts)
            } else {
                got[field.as_str()].clone()
            };
            let mut w = w.clone();
            if let Some(a) = w.as_array_mut() {
                a.sort_by(|x, y| {
                    x.as_f64()
                        .unwrap_or(0.0)
                        .total_cmp(&y.as_f64().unwrap_or(0.0))
                });
            }
            let e = checked.entry(field.clone()).or_default();
            e.0 += 1;
            if !same(&g, &w) {
                e.1 += 1;
                if examples.len() < 10 {
                    examples.push(format!("{}: {field} is {g}, expected {w}", exp["file"]));
                }
            }
        }
    }
    let mut misses = want.len();
    println!(
        "{records} records for {files} generated files; {} files without a record",
        want.len()
    );
    for (field, (n, bad)) in &checked {
        println!("{field:<22} {:>8} checked {:>6} wrong", n, bad);
        misses += bad;
    }
    for e in &examples {
        println!("  {e}");
    }
    Ok(misses)
}

/// Numbers compare by value, arrays element by element.
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => {
            (x.as_f64().unwrap_or(0.0) - y.as_f64().unwrap_or(0.0)).abs() < 0.005
        }
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        _ => a == b,
    }
}
