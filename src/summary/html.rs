//! `report.html`: one self-contained static page (no network, no external
//! script or font) with inline SVG charts, the council table, a section per
//! organisation, and every decision as a table row at the end.
//!
//! Every figure points to the decisions behind it: counts link to
//! `#decisions?org=…&outcome=…`, which the inline script turns into a filter
//! of the decision table (without script the whole table is there, with the
//! organisation, year and outcome of each row); the largest remedy links to
//! its decision's row (`#d-24-012-297`). The page checks itself on load: it
//! sets `data-check="ok"` on `<body>` only when every chart has marks of
//! positive size, which `scripts/check_report.sh` reads in headless Chromium.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use anyhow::Result;

use super::gazetteer::Gazetteer;
use super::stats::{
    classify, financial_year, OutcomeClass, Stats, Summary, NO_ORGANISATION, UNDATED,
};
use super::{money, percent, Decision, Filter};

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A fragment id: lower-case letters, digits and hyphens.
pub fn slug(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            o.push(c.to_ascii_lowercase());
        } else if !o.ends_with('-') && !o.is_empty() {
            o.push('-');
        }
    }
    while o.ends_with('-') {
        o.pop();
    }
    if o.is_empty() {
        "none".into()
    } else {
        o
    }
}

fn org_slug(key: &str) -> String {
    if key.is_empty() {
        "not-stated".into()
    } else {
        slug(key)
    }
}

/// The outcome group as the report's links write it (`upheld`,
/// `not-upheld`, `closed`, `other`, `unknown`); `--outcome` accepts it too.
pub fn outcome_slug(c: OutcomeClass) -> &'static str {
    match c {
        OutcomeClass::Upheld => "upheld",
        OutcomeClass::NotUpheld => "not-upheld",
        OutcomeClass::ClosedAfterInitialEnquiries => "closed",
        OutcomeClass::Other => "other",
        OutcomeClass::Unknown => "unknown",
    }
}

const UPHELD: &str = "#b2182b";
const NOT_UPHELD: &str = "#2166ac";
const CLOSED: &str = "#9e9e9e";
const OTHER: &str = "#d9c8a9";

const STYLE: &str = r#"
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header,main{max-width:1100px;margin:0 auto;padding:0 20px}
header{padding-top:18px}
h1{margin:0 0 4px;font-size:26px}h2{margin-top:34px;border-bottom:2px solid #ddd;padding-bottom:4px}
nav a{margin-right:14px}
a{color:#0b57a4}
.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.tile{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:140px}
.tile b{display:block;font-size:24px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:16px}
figure{background:#fff;border:1px solid #ddd;border-radius:6px;margin:0;padding:10px}
figcaption{font-weight:600;margin-bottom:6px}
svg text{font:12px system-ui,Arial,sans-serif;fill:#333}
.legend span{display:inline-block;margin-right:12px;font-size:13px}
.legend i{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;background:#fff;width:100%;font-size:13.5px}
th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
#council-table{font-size:12.5px}
#council-table td:first-child{min-width:170px}
td.n,th.n{text-align:right;white-space:nowrap}
thead th{background:#eef1f5;position:sticky;top:0;cursor:pointer}
tr:target{background:#fff3b0}
.org{background:#fff;border:1px solid #ddd;border-radius:6px;padding:4px 14px;margin:10px 0}
.org h3{margin:8px 0 2px}
.muted{color:#666}
#filter-note{font-weight:600}
"#;

const SCRIPT: &str = r#"
(function(){
  var body=document.body;
  window.addEventListener('error',function(e){body.setAttribute('data-check','error: '+e.message);});
  // Self-check for the browser test: every chart must have a mark of positive size.
  var charts=document.querySelectorAll('svg.chart'), empty=[];
  for(var i=0;i<charts.length;i++){
    var marks=charts[i].querySelectorAll('.mark'), ok=false;
    for(var j=0;j<marks.length;j++){var b=marks[j].getBBox();if(b.width>0&&b.height>0){ok=true;break;}}
    if(!ok)empty.push(charts[i].id);
  }
  body.setAttribute('data-charts',String(charts.length));
  body.setAttribute('data-check',empty.length?'empty: '+empty.join(' '):'ok');
  // Figures link to #decisions?key=value: show only the decisions behind them.
  var rows=document.querySelectorAll('#decisions-table tbody tr'), note=document.getElementById('filter-note');
  function applyFilter(){
    var h=decodeURIComponent(location.hash||'');
    if(h.indexOf('#decisions?')!==0){
      for(var i=0;i<rows.length;i++)rows[i].hidden=false;
      note.textContent='';return;
    }
    var pairs=h.slice(11).split('&').map(function(p){var k=p.split('=');return [k[0],k.slice(1).join('=')];});
    var n=0;
    for(var i=0;i<rows.length;i++){
      var ok=pairs.every(function(p){return rows[i].getAttribute('data-'+p[0])===p[1];});
      rows[i].hidden=!ok;if(ok)n++;
    }
    note.textContent='Showing '+n+' decision(s) where '+pairs.map(function(p){return p[0]+' = '+p[1];}).join(', ')+'. ';
    var a=document.createElement('a');a.href='#decisions';a.textContent='Show all';note.appendChild(a);
    document.getElementById('decisions').scrollIntoView();
  }
  window.addEventListener('hashchange',applyFilter);applyFilter();
  // Click a column heading of a sortable table to sort by it.
  var tables=document.querySelectorAll('table.sortable');
  for(var t=0;t<tables.length;t++)(function(table){
    var ths=table.querySelectorAll('thead th');
    for(var c=0;c<ths.length;c++)(function(col,th){
      th.title='Sort by this column';
      th.addEventListener('click',function(){
        var tb=table.tBodies[0],rs=Array.prototype.slice.call(tb.rows),dir=th.getAttribute('data-dir')==='asc'?-1:1;
        th.setAttribute('data-dir',dir===1?'asc':'desc');
        rs.sort(function(a,b){
          var x=a.cells[col].getAttribute('data-v'),y=b.cells[col].getAttribute('data-v');
          if(x!==null&&y!==null)return dir*(parseFloat(x)-parseFloat(y));
          return dir*a.cells[col].textContent.localeCompare(b.cells[col].textContent);
        });
        rs.forEach(function(r){tb.appendChild(r);});
      });
    })(c,ths[c]);
  })(tables[t]);
})();
"#;

fn link(query: &str) -> String {
    format!("#decisions?{query}")
}

/// A number cell that sorts numerically and links to its decisions.
fn num_cell(n: u64, query: &str) -> String {
    if n == 0 {
        "<td class=n data-v=0>0</td>".to_string()
    } else {
        format!(
            "<td class=n data-v={n}><a href=\"{}\">{n}</a></td>",
            esc(&link(query))
        )
    }
}

fn rate_cell(r: Option<f64>) -> String {
    match r {
        Some(r) => format!("<td class=n data-v={r:.6}>{}</td>", percent(Some(r))),
        None => "<td class=n data-v=-1>n/a</td>".into(),
    }
}

fn money_cell(p: f64) -> String {
    format!("<td class=n data-v={p:.2}>{}</td>", money(p))
}

/// Chart 1: decisions (bars) and uphold rate (line) by decision year.
fn chart_years(s: &Summary) -> String {
    let years: Vec<(&String, &Stats)> = s
        .decision_years
        .iter()
        .filter(|(y, _)| y.as_str() != UNDATED)
        .collect();
    if years.is_empty() {
        return "<p class=muted>No dated decisions.</p>".into();
    }
    let (w, h, left, right, top, bottom) = (620.0, 260.0, 44.0, 48.0, 16.0, 34.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let max = years
        .iter()
        .map(|(_, s)| s.decisions)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let slot = plot_w / years.len() as f64;
    let bar = (slot * 0.6).min(48.0);
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg class=chart id=chart-years viewBox=\"0 0 {w} {h}\" width=\"100%\" role=img aria-label=\"Decisions and uphold rate by year\">"
    );
    // Axes: decisions on the left, uphold rate on the right.
    let _ = write!(
        o,
        "<line x1={left} y1={top} x2={left} y2={} stroke=#999 /><line x1={left} y1={} x2={} y2={} stroke=#999 />",
        top + plot_h,
        top + plot_h,
        left + plot_w,
        top + plot_h
    );
    let _ = write!(
        o,
        "<text x={} y={} text-anchor=end>{}</text><text x={} y={} text-anchor=end>0</text>",
        left - 4.0,
        top + 10.0,
        max as u64,
        left - 4.0,
        top + plot_h
    );
    let rx = left + plot_w + 4.0;
    let _ = write!(
        o,
        "<text x={rx} y={} >100%</text><text x={rx} y={} >50%</text><text x={rx} y={} >0%</text>",
        top + 10.0,
        top + plot_h / 2.0 + 4.0,
        top + plot_h
    );
    let mut points = Vec::new();
    for (i, (y, st)) in years.iter().enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        let bh = plot_h * st.decisions as f64 / max;
        let _ = write!(
            o,
            "<a href=\"{}\"><rect class=mark x={:.1} y={:.1} width={bar:.1} height={bh:.1} fill=#6b8fb5><title>{}: {} decisions, {} upheld, {} not upheld, uphold rate {}</title></rect></a>",
            esc(&link(&format!("year={y}"))),
            cx - bar / 2.0,
            top + plot_h - bh,
            esc(y),
            st.decisions,
            st.upheld,
            st.not_upheld,
            percent(st.uphold_rate())
        );
        let _ = write!(
            o,
            "<text x={cx:.1} y={} text-anchor=middle>{}</text>",
            top + plot_h + 16.0,
            esc(y)
        );
        if let Some(r) = st.uphold_rate() {
            let py = top + plot_h * (1.0 - r);
            points.push((cx, py, r, *y));
        }
    }
    if points.len() > 1 {
        let path: Vec<String> = points
            .iter()
            .map(|(x, y, _, _)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = write!(
            o,
            "<polyline points=\"{}\" fill=none stroke={UPHELD} stroke-width=2 />",
            path.join(" ")
        );
    }
    for (x, y, r, year) in &points {
        let _ = write!(
            o,
            "<circle class=mark cx={x:.1} cy={y:.1} r=4.5 fill={UPHELD}><title>{}: uphold rate {}</title></circle>",
            esc(year),
            percent(Some(*r))
        );
    }
    o.push_str("</svg>");
    let _ = write!(
        o,
        "<div class=legend><span><i style=\"background:#6b8fb5\"></i>decisions (left axis)</span><span><i style=\"background:{UPHELD}\"></i>uphold rate (right axis)</span></div>"
    );
    o
}

/// Chart 2: outcomes by category area, stacked horizontal bars.
fn chart_areas(s: &Summary) -> String {
    if s.category_areas.is_empty() {
        return "<p class=muted>No decisions.</p>".into();
    }
    let label_w = 230.0;
    let (w, row_h, top) = (620.0, 24.0, 6.0);
    let plot_w = w - label_w - 40.0;
    let h = top + row_h * s.category_areas.len() as f64 + 6.0;
    let max = s
        .category_areas
        .values()
        .map(|s| s.decisions)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg class=chart id=chart-areas viewBox=\"0 0 {w} {h}\" width=\"100%\" role=img aria-label=\"Outcomes by category area\">"
    );
    for (i, (area, st)) in s.category_areas.iter().enumerate() {
        let y = top + row_h * i as f64;
        let name: String = if area.chars().count() > 34 {
            area.chars().take(33).collect::<String>() + "…"
        } else {
            area.clone()
        };
        let _ = write!(
            o,
            "<text x={} y={:.1} text-anchor=end>{}</text>",
            label_w - 6.0,
            y + 15.0,
            esc(&name)
        );
        let other = st.decisions - st.upheld - st.not_upheld - st.closed;
        let mut x = label_w;
        for (n, colour, what, q) in [
            (st.upheld, UPHELD, "upheld", "upheld"),
            (st.not_upheld, NOT_UPHELD, "not upheld", "not-upheld"),
            (
                st.closed,
                CLOSED,
                "closed after initial enquiries",
                "closed",
            ),
            (other, OTHER, "other or unknown outcome", ""),
        ] {
            if n == 0 {
                continue;
            }
            let bw = plot_w * n as f64 / max;
            let href = if q.is_empty() {
                link(&format!("area={}", slug(area)))
            } else {
                link(&format!("area={}&outcome={q}", slug(area)))
            };
            let _ = write!(
                o,
                "<a href=\"{}\"><rect class=mark x={x:.1} y={:.1} width={bw:.1} height={} fill={colour}><title>{}: {n} {what}</title></rect></a>",
                esc(&href),
                y + 3.0,
                row_h - 6.0,
                esc(area)
            );
            x += bw;
        }
        let _ = write!(
            o,
            "<text x={:.1} y={:.1}>{}</text>",
            x + 4.0,
            y + 15.0,
            st.decisions
        );
    }
    o.push_str("</svg>");
    let _ = write!(
        o,
        "<div class=legend><span><i style=\"background:{UPHELD}\"></i>upheld</span><span><i style=\"background:{NOT_UPHELD}\"></i>not upheld</span><span><i style=\"background:{CLOSED}\"></i>closed after initial enquiries</span><span><i style=\"background:{OTHER}\"></i>other / unknown</span></div>"
    );
    o
}

/// Charts 3 and 4: the top organisations by a value, horizontal bars.
fn chart_top(
    id: &str,
    label: &str,
    rows: &[(String, String, f64, String)],
    colour: &str,
) -> String {
    if rows.is_empty() {
        return format!("<p class=muted>No organisation has {label} in these decisions.</p>");
    }
    let label_w = 250.0;
    let (w, row_h, top) = (620.0, 24.0, 6.0);
    let plot_w = w - label_w - 80.0;
    let h = top + row_h * rows.len() as f64 + 6.0;
    let max = rows.iter().map(|r| r.2).fold(0.0, f64::max).max(1e-9);
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg class=chart id={id} viewBox=\"0 0 {w} {h}\" width=\"100%\" role=img aria-label=\"{}\">",
        esc(label)
    );
    for (i, (name, slug, v, shown)) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        let short: String = if name.chars().count() > 38 {
            name.chars().take(37).collect::<String>() + "…"
        } else {
            name.clone()
        };
        let bw = plot_w * v / max;
        let _ = write!(
            o,
            "<text x={} y={:.1} text-anchor=end>{}</text><a href=\"#org-{slug}\"><rect class=mark x={label_w} y={:.1} width={bw:.1} height={} fill={colour}><title>{}: {shown}</title></rect></a><text x={:.1} y={:.1}>{shown}</text>",
            label_w - 6.0,
            y + 15.0,
            esc(&short),
            y + 3.0,
            row_h - 6.0,
            esc(name),
            label_w + bw + 4.0,
            y + 15.0
        );
    }
    o.push_str("</svg>");
    o
}

fn top_orgs(
    s: &Summary,
    value: impl Fn(&Stats) -> f64,
    shown: impl Fn(&Stats) -> String,
) -> Vec<(String, String, f64, String)> {
    let mut v: Vec<(String, String, f64, String)> = s
        .organisations
        .iter()
        .filter(|(k, o)| !k.is_empty() && value(&o.stats) > 0.0)
        .map(|(k, o)| (o.name(), org_slug(k), value(&o.stats), shown(&o.stats)))
        .collect();
    v.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    v.truncate(10);
    v
}

fn tile(o: &mut String, value: &str, what: &str, href: Option<&str>) {
    let v = match href {
        Some(h) => format!("<a href=\"{}\">{value}</a>", esc(h)),
        None => value.to_string(),
    };
    let _ = write!(o, "<div class=tile><b>{v}</b>{}</div>", esc(what));
}

fn figures_list(o: &mut String, st: &Stats, org_q: &str) {
    let q = |extra: &str| {
        if org_q.is_empty() {
            link(extra)
        } else if extra.is_empty() {
            link(org_q)
        } else {
            link(&format!("{org_q}&{extra}"))
        }
    };
    let a = |n: u64, extra: &str| {
        if n == 0 {
            "0".to_string()
        } else {
            format!("<a href=\"{}\">{n}</a>", esc(&q(extra)))
        }
    };
    let largest = st
        .largest
        .as_ref()
        .map(|(g, r)| {
            format!(
                "{} (<a href=\"#d-{}\">{}</a>)",
                money(g.pounds()),
                slug(r),
                esc(r)
            )
        })
        .unwrap_or_else(|| "none".into());
    let kinds = if st.remedies_by_kind.is_empty() {
        "none".to_string()
    } else {
        st.remedies_by_kind
            .iter()
            .map(|(k, n)| format!("{} {n}", esc(&k.replace('_', " "))))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let top = st
        .top_categories(3)
        .into_iter()
        .map(|(c, n)| format!("{} ({n})", esc(c)))
        .collect::<Vec<_>>()
        .join("; ");
    let _ = write!(
        o,
        "<ul><li>Decisions: {} — upheld {}, not upheld {}, closed after initial enquiries {}</li>\
         <li>Uphold rate: <b>{}</b> (upheld ÷ upheld + not upheld)</li>\
         <li>With a payment: {}; remedies {} in total, median {}, largest {}</li>\
         <li>Non-financial remedies (decisions): {kinds}</li>\
         <li>Remedy already provided by the organisation: {} ({})</li>\
         <li>Top categories: {}</li></ul>",
        a(st.decisions, ""),
        a(st.upheld, "outcome=upheld"),
        a(st.not_upheld, "outcome=not-upheld"),
        a(st.closed, "outcome=closed"),
        percent(st.uphold_rate()),
        a(st.with_payment, "money=yes"),
        money(st.remedy_total.pounds()),
        st.median().map_or_else(|| "n/a".into(), money),
        largest,
        st.remedy_already_provided,
        money(st.remedy_already_provided_total.pounds()),
        if top.is_empty() { "none".into() } else { top }
    );
}

fn group_rows(o: &mut String, groups: &BTreeMap<String, Stats>, key: &str, fy: bool) {
    for (k, st) in groups {
        let q = if fy {
            format!("fy={k}")
        } else {
            format!("{key}={}", slug(k))
        };
        let _ = write!(
            o,
            "<tr><td>{}</td>{}{}{}{}{}{}{}{}</tr>",
            esc(k),
            num_cell(st.decisions, &q),
            num_cell(st.upheld, &format!("{q}&outcome=upheld")),
            num_cell(st.not_upheld, &format!("{q}&outcome=not-upheld")),
            num_cell(st.closed, &format!("{q}&outcome=closed")),
            rate_cell(st.uphold_rate()),
            num_cell(st.with_payment, &format!("{q}&money=yes")),
            money_cell(st.remedy_total.pounds()),
            st.median()
                .map_or("<td class=n data-v=0>n/a</td>".into(), money_cell),
        );
    }
}

const GROUP_HEAD: &str = "<th class=n>decisions</th><th class=n>upheld</th><th class=n>not upheld</th><th class=n>closed</th><th class=n>uphold rate</th><th class=n>with payment</th><th class=n>remedy total</th><th class=n>median</th>";

/// Everything before the decision rows.
pub fn write_head(w: &mut impl Write, s: &Summary, filter: &Filter) -> Result<()> {
    let mut o = String::with_capacity(1 << 16);
    let st = &s.overall;
    let _ = write!(
        o,
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\"><title>Ombudsman decisions: report</title><style>{STYLE}</style></head>\n<body data-check=pending>\n<header><h1>Ombudsman decisions</h1><p class=muted>Decisions counted: {}. Uphold rate = upheld ÷ (upheld + not upheld), as the LGSCO computes it; decisions closed after initial enquiries were not investigated. Financial years run 1 April–31 March. Every number links to the decisions behind it.</p><nav><a href=\"#overview\">Overview</a><a href=\"#charts\">Charts</a><a href=\"#years\">Years</a><a href=\"#areas\">Category areas</a><a href=\"#councils\">Councils</a><a href=\"#organisations\">Organisations</a><a href=\"#decisions\">Decisions</a></nav></header>\n<main>\n",
        esc(&filter.describe())
    );
    o.push_str("<section id=overview><h2>Overview</h2><div class=tiles>");
    tile(
        &mut o,
        &st.decisions.to_string(),
        "decisions",
        Some("#decisions"),
    );
    tile(
        &mut o,
        &st.upheld.to_string(),
        "upheld",
        Some(&link("outcome=upheld")),
    );
    tile(
        &mut o,
        &st.not_upheld.to_string(),
        "not upheld",
        Some(&link("outcome=not-upheld")),
    );
    tile(
        &mut o,
        &st.closed.to_string(),
        "closed after initial enquiries",
        Some(&link("outcome=closed")),
    );
    tile(&mut o, &percent(st.uphold_rate()), "uphold rate", None);
    tile(
        &mut o,
        &st.with_payment.to_string(),
        "with a payment",
        Some(&link("money=yes")),
    );
    tile(
        &mut o,
        &money(st.remedy_total.pounds()),
        "remedies in total",
        Some(&link("money=yes")),
    );
    tile(
        &mut o,
        &st.median().map_or_else(|| "n/a".into(), money),
        "median remedy",
        None,
    );
    if let Some((g, r)) = &st.largest {
        tile(
            &mut o,
            &money(g.pounds()),
            &format!("largest remedy ({r})"),
            Some(&format!("#d-{}", slug(r))),
        );
    }
    o.push_str("</div>");
    figures_list(&mut o, st, "");
    o.push_str("</section>\n");

    o.push_str("<section id=charts><h2>Charts</h2><div class=charts>");
    let _ = write!(
        o,
        "<figure><figcaption>Decisions and uphold rate by decision year</figcaption>{}</figure>",
        chart_years(s)
    );
    let _ = write!(
        o,
        "<figure><figcaption>Outcomes by category area</figcaption>{}</figure>",
        chart_areas(s)
    );
    let upheld = top_orgs(
        s,
        |st| st.upheld as f64,
        |st| format!("{} upheld", st.upheld),
    );
    let _ = write!(
        o,
        "<figure><figcaption>Top organisations by upheld decisions</figcaption>{}</figure>",
        chart_top("chart-top-upheld", "upheld decisions", &upheld, UPHELD)
    );
    let paid = top_orgs(
        s,
        |st| st.remedy_total.pounds(),
        |st| money(st.remedy_total.pounds()),
    );
    let _ = write!(
        o,
        "<figure><figcaption>Top organisations by remedy total</figcaption>{}</figure>",
        chart_top("chart-top-money", "money remedies", &paid, "#1a9850")
    );
    o.push_str("</div></section>\n");

    let _ = write!(o, "<section id=years><h2>By financial year and decision year</h2><table class=sortable><thead><tr><th>financial year</th>{GROUP_HEAD}</tr></thead><tbody>");
    group_rows(&mut o, &s.financial_years, "fy", true);
    let _ = write!(o, "</tbody></table><p></p><table class=sortable><thead><tr><th>decision year</th>{GROUP_HEAD}</tr></thead><tbody>");
    group_rows(&mut o, &s.decision_years, "year", false);
    o.push_str("</tbody></table></section>\n");
    let _ = write!(o, "<section id=areas><h2>By category area</h2><table class=sortable><thead><tr><th>category area</th>{GROUP_HEAD}</tr></thead><tbody>");
    group_rows(&mut o, &s.category_areas, "area", false);
    o.push_str("</tbody></table></section>\n");

    // The council table, ordered by name; headings sort it.
    let avg = s.type_averages();
    o.push_str("<section id=councils><h2>Councils and other organisations</h2><p class=muted>Ordered by name; click a heading to sort by it. \"Type avg\" is the mean uphold rate of the organisations of the same type in these decisions.</p><div class=scroll><table class=sortable id=council-table><thead><tr><th>organisation</th><th>type</th><th class=n>decisions</th><th class=n>upheld</th><th class=n>not upheld</th><th class=n>closed</th><th class=n>uphold rate</th><th class=n>type avg</th><th class=n>paid</th><th class=n>remedy total</th><th class=n>median</th><th class=n>largest</th></tr></thead><tbody>");
    for (key, org, name) in s.organisations_by_name() {
        let sl = org_slug(key);
        let q = format!("org={sl}");
        let st = &org.stats;
        let name = if key.is_empty() {
            NO_ORGANISATION.to_string()
        } else {
            name
        };
        let type_avg = (!key.is_empty())
            .then(|| avg.get(&org.org_type))
            .flatten()
            .and_then(|a| a.uphold_rate_mean);
        let largest = match &st.largest {
            Some((g, r)) => format!(
                "<td class=n data-v={:.2}><a href=\"#d-{}\">{}</a></td>",
                g.pounds(),
                slug(r),
                money(g.pounds())
            ),
            None => "<td class=n data-v=0></td>".into(),
        };
        let _ = write!(
            o,
            "<tr><td><a href=\"#org-{sl}\">{}</a></td><td>{}</td>{}{}{}{}{}{}{}{}{}{largest}</tr>",
            esc(&name),
            esc(org.org_type.short_label()),
            num_cell(st.decisions, &q),
            num_cell(st.upheld, &format!("{q}&outcome=upheld")),
            num_cell(st.not_upheld, &format!("{q}&outcome=not-upheld")),
            num_cell(st.closed, &format!("{q}&outcome=closed")),
            rate_cell(st.uphold_rate()),
            rate_cell(type_avg),
            num_cell(st.with_payment, &format!("{q}&money=yes")),
            money_cell(st.remedy_total.pounds()),
            st.median()
                .map_or("<td class=n data-v=0>n/a</td>".into(), money_cell),
        );
    }
    o.push_str("</tbody></table></div></section>\n");

    o.push_str("<section id=organisations><h2>Organisations</h2>");
    for (key, org, name) in s.organisations_by_name() {
        let sl = org_slug(key);
        let name = if key.is_empty() {
            NO_ORGANISATION.to_string()
        } else {
            name
        };
        let mut kind = esc(org.org_type.label());
        if let (Some(y), Some(succ)) = (org.abolished, &org.successor) {
            let _ = write!(kind, " (abolished {y}; now {})", esc(succ));
        }
        let _ = write!(
            o,
            "<div class=org><h3 id=\"org-{sl}\">{}</h3><p class=muted>{kind}",
            esc(&name)
        );
        if let Some(a) = (!key.is_empty()).then(|| avg.get(&org.org_type)).flatten() {
            let _ = write!(
                o,
                " · average of the {} {} organisation(s): {:.1} decisions, uphold rate {}",
                a.organisations,
                esc(org.org_type.label()),
                a.decisions_mean,
                percent(a.uphold_rate_mean)
            );
        }
        o.push_str("</p>");
        figures_list(&mut o, &org.stats, &format!("org={sl}"));
        o.push_str("</div>");
    }
    o.push_str("</section>\n");

    o.push_str("<section id=decisions><h2>Decisions</h2><p id=filter-note></p><div class=scroll><table class=sortable id=decisions-table><thead><tr><th>reference</th><th>date</th><th>financial year</th><th>organisation</th><th>category</th><th>outcome</th><th class=n>remedy</th><th>file</th></tr></thead><tbody>\n");
    w.write_all(o.as_bytes())?;
    Ok(())
}

/// One decision row: the anchor (`#d-<reference>`) and the data attributes
/// the filter links match.
pub fn write_decision_row(w: &mut impl Write, d: &Decision, g: &Gazetteer) -> Result<()> {
    let key = d
        .organisation
        .as_deref()
        .map(|o| g.resolve(o).key)
        .unwrap_or_default();
    let date = d.decision_date.as_deref().unwrap_or("");
    // Taken from the dataset as it is: escaped like every other value.
    let year = esc(date.get(..4).unwrap_or(UNDATED));
    let fy = financial_year(date).unwrap_or_else(|| UNDATED.into());
    let area = d
        .category_area
        .as_deref()
        .unwrap_or(super::stats::NOT_STATED);
    let outcome = outcome_slug(classify(d.outcome.as_deref()));
    let money_yes = if d.remedy_total_gbp.0 > 0 {
        "yes"
    } else {
        "no"
    };
    let remedy = if d.remedy_total_gbp.0 > 0 {
        money(d.remedy_total_gbp.pounds())
    } else {
        String::new()
    };
    writeln!(
        w,
        "<tr id=\"d-{}\" data-org=\"{}\" data-year=\"{year}\" data-fy=\"{fy}\" data-area=\"{}\" data-outcome=\"{outcome}\" data-money=\"{money_yes}\"><td>{}</td><td>{}</td><td>{fy}</td><td>{}</td><td>{}</td><td>{}</td><td class=n data-v={:.2}>{remedy}</td><td>{}</td></tr>",
        slug(d.label()),
        org_slug(&key),
        slug(area),
        reference_cell(d),
        esc(date),
        esc(d.organisation.as_deref().unwrap_or(NO_ORGANISATION)),
        esc(d.category.as_deref().unwrap_or("")),
        esc(d.outcome.as_deref().unwrap_or("unknown")),
        d.remedy_total_gbp.pounds(),
        esc(&d.file),
    )?;
    Ok(())
}

/// The reference (or file) of a decision, as a link to its page on the
/// Ombudsman's website when the record has a `url` of the web (http or
/// https: a link to anything else is not made).
fn reference_cell(d: &Decision) -> String {
    match d.url.as_deref() {
        Some(u) if u.starts_with("https://") || u.starts_with("http://") => format!(
            "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
            esc(u),
            esc(d.label())
        ),
        _ => esc(d.label()),
    }
}

/// Closes the table and the page, with the inline script.
pub fn write_tail(w: &mut impl Write) -> Result<()> {
    write!(
        w,
        "</tbody></table></div></section>\n</main>\n<script>{SCRIPT}</script>\n</body></html>\n"
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_link_to_web_addresses_only_escaped() {
        let mut d = Decision {
            reference: Some("24 012 297".into()),
            url: Some("https://www.lgo.org.uk/decisions/a/b/24-012-297?x=\"><script>".into()),
            ..Decision::default()
        };
        assert_eq!(
            reference_cell(&d),
            "<a href=\"https://www.lgo.org.uk/decisions/a/b/24-012-297?x=&quot;&gt;&lt;script&gt;\" rel=\"noopener noreferrer\">24 012 297</a>"
        );
        // A dataset edited by hand may hold anything: only http(s) links.
        d.url = Some("javascript:alert(1)".into());
        assert_eq!(reference_cell(&d), "24 012 297");
        d.url = None;
        assert_eq!(reference_cell(&d), "24 012 297");
    }

    #[test]
    fn slugs_and_escapes() {
        assert_eq!(slug("24 012 297"), "24-012-297");
        assert_eq!(slug("17 002 402b"), "17-002-402b");
        assert_eq!(slug("Children's care services"), "children-s-care-services");
        assert_eq!(slug("(not stated)"), "not-stated");
        assert_eq!(
            esc("<a href='x'>&</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;"
        );
    }
}
