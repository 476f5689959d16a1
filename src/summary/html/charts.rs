//! The charts: inline SVG, drawn to a `viewBox` so that they scale to any
//! width (a 400 px phone included). Every bar or point has the class
//! `mark`, which the page's self-check looks for.

use std::fmt::Write as _;

use super::assets::{CLOSED, DECISIONS, FEW, NOT_UPHELD, OTHER, UPHELD};
use super::{cut, esc};
use crate::summary::format::{count, rate};
use crate::summary::stats::{Tally, MIN_BASE};

/// Decisions (bars, left axis) and uphold rate (points, right axis) by
/// year, every year between the first and the last (`None`: no decision).
/// The rate line joins only consecutive years whose rate rests on
/// [`MIN_BASE`] decisions or more; a rate on fewer is a hollow grey point,
/// and a year without a rate breaks the line. `link` makes each bar a link.
pub fn years(
    id: &str,
    years: &[(String, Option<Tally>)],
    link: Option<&dyn Fn(&str) -> String>,
) -> String {
    if !years
        .iter()
        .any(|(_, t)| t.is_some_and(|t| t.decisions > 0))
    {
        return "<p class=muted>No dated decisions.</p>".into();
    }
    let (w, h, left, right, top, bottom) = (560.0, 250.0, 46.0, 46.0, 14.0, 30.0);
    let (plot_w, plot_h) = (w - left - right, h - top - bottom);
    let max = years
        .iter()
        .filter_map(|(_, t)| t.map(|t| t.decisions))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let slot = plot_w / years.len() as f64;
    let bar = (slot * 0.6).min(40.0);
    let base = top + plot_h;
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg class=chart id={id} viewBox=\"0 0 {w} {h}\" role=img aria-label=\"Decisions and uphold rate by year\">"
    );
    let _ = write!(
        o,
        "<line x1={left} y1={top} x2={left} y2={base} stroke=#999 /><line x1={left} y1={base} x2={} y2={base} stroke=#999 />",
        left + plot_w
    );
    let _ = write!(
        o,
        "<text x={} y={} text-anchor=end>{}</text><text x={} y={base} text-anchor=end>0</text>",
        left - 4.0,
        top + 10.0,
        count(max as u64),
        left - 4.0
    );
    let rx = left + plot_w + 4.0;
    let _ = write!(
        o,
        "<text x={rx} y={}>100%</text><text x={rx} y={}>50%</text><text x={rx} y={base}>0%</text>",
        top + 10.0,
        top + plot_h / 2.0 + 4.0
    );
    // At most about 12 year labels, so that they never overlap.
    let step = years.len().div_ceil(12).max(1);
    let mut points: Vec<(usize, f64, f64, String, bool)> = Vec::new();
    for (i, (y, t)) in years.iter().enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        if i % step == 0 {
            let _ = write!(
                o,
                "<text x={cx:.1} y={} text-anchor=middle>{}</text>",
                base + 16.0,
                esc(y)
            );
        }
        let Some(t) = t.filter(|t| t.decisions > 0) else {
            continue;
        };
        let bh = plot_h * t.decisions as f64 / max;
        let r = t.rate();
        let rect = format!(
            "<rect class=mark x={:.1} y={:.1} width={bar:.1} height={bh:.1} fill={DECISIONS}><title>{}: {} decisions; uphold rate {}</title></rect>",
            cx - bar / 2.0,
            base - bh,
            esc(y),
            count(t.decisions),
            rate(r)
        );
        match link {
            Some(f) => {
                let _ = write!(o, "<a href=\"{}\">{rect}</a>", esc(&f(y)));
            }
            None => o.push_str(&rect),
        }
        if let Some(v) = r.value() {
            points.push((i, cx, top + plot_h * (1.0 - v), rate(r), r.is_small()));
        }
    }
    // The line: consecutive years, both on enough decisions.
    let mut run: Vec<String> = Vec::new();
    let mut last: Option<usize> = None;
    let flush = |run: &mut Vec<String>, o: &mut String| {
        if run.len() > 1 {
            let _ = write!(
                o,
                "<polyline points=\"{}\" fill=none stroke={UPHELD} stroke-width=2 />",
                run.join(" ")
            );
        }
        run.clear();
    };
    for (i, x, y, _, small) in &points {
        if *small || last.is_some_and(|l| l + 1 != *i) {
            flush(&mut run, &mut o);
        }
        if !*small {
            run.push(format!("{x:.1},{y:.1}"));
            last = Some(*i);
        } else {
            last = None;
        }
    }
    flush(&mut run, &mut o);
    for (i, x, y, shown, small) in &points {
        let year = esc(&years[*i].0);
        if *small {
            let _ = write!(
                o,
                "<circle class=mark cx={x:.1} cy={y:.1} r=3.5 fill=#fff stroke={FEW} stroke-width=1.5><title>{year}: uphold rate {shown}: too few to compare</title></circle>"
            );
        } else {
            let _ = write!(
                o,
                "<circle class=mark cx={x:.1} cy={y:.1} r=4 fill={UPHELD}><title>{year}: uphold rate {shown}</title></circle>"
            );
        }
    }
    o.push_str("</svg>");
    let _ = write!(
        o,
        "<div class=legend><span><i style=\"background:{DECISIONS}\"></i>decisions (left axis)</span><span><i style=\"background:{UPHELD}\"></i>uphold rate (right axis)</span><span><i style=\"background:#fff;border:1.5px solid {FEW};border-radius:6px\"></i>rate on fewer than {MIN_BASE} investigated</span></div>"
    );
    o
}

/// Makes the `href` of a part of an area's bar: (area, outcome slug, `""`
/// for the whole bar).
pub type AreaLink<'a> = &'a dyn Fn(&str, &str) -> String;

/// Outcomes by category area: stacked horizontal bars. `link(area,
/// outcome)` (outcome `""`: the whole bar) makes each part a link.
pub fn areas(id: &str, rows: &[(String, Tally)], link: Option<AreaLink>) -> String {
    if rows.is_empty() {
        return "<p class=muted>No decisions.</p>".into();
    }
    let (w, label_w, row_h, top) = (520.0, 190.0, 22.0, 4.0);
    let plot_w = w - label_w - 50.0;
    let h = top + row_h * rows.len() as f64 + 4.0;
    let max = rows
        .iter()
        .map(|(_, t)| t.decisions)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg class=chart id={id} viewBox=\"0 0 {w} {h}\" role=img aria-label=\"Outcomes by category area\">"
    );
    for (i, (area, t)) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        let _ = write!(
            o,
            "<text x={} y={:.1} text-anchor=end>{}</text>",
            label_w - 6.0,
            y + 15.0,
            esc(&cut(area, 24))
        );
        let mut x = label_w;
        for (n, colour, what, q) in [
            (t.upheld, UPHELD, "upheld", "upheld"),
            (t.not_upheld, NOT_UPHELD, "not upheld", "not-upheld"),
            (t.closed, CLOSED, "closed after initial enquiries", "closed"),
            (t.other_outcomes(), OTHER, "other or unknown outcome", ""),
        ] {
            if n == 0 {
                continue;
            }
            let bw = plot_w * n as f64 / max;
            let rect = format!(
                "<rect class=mark x={x:.1} y={:.1} width={bw:.1} height={} fill={colour}><title>{}: {} {what}</title></rect>",
                y + 3.0,
                row_h - 6.0,
                esc(area),
                count(n)
            );
            match link {
                Some(f) => {
                    let _ = write!(o, "<a href=\"{}\">{rect}</a>", esc(&f(area, q)));
                }
                None => o.push_str(&rect),
            }
            x += bw;
        }
        let _ = write!(
            o,
            "<text x={:.1} y={:.1}>{}</text>",
            x + 4.0,
            y + 15.0,
            count(t.decisions)
        );
    }
    o.push_str("</svg>");
    let _ = write!(
        o,
        "<div class=legend><span><i style=\"background:{UPHELD}\"></i>upheld</span><span><i style=\"background:{NOT_UPHELD}\"></i>not upheld</span><span><i style=\"background:{CLOSED}\"></i>closed after initial enquiries</span><span><i style=\"background:{OTHER}\"></i>other / unknown</span></div>"
    );
    o
}

/// One bar of a top list.
#[derive(Debug, Clone)]
pub struct Bar {
    pub name: String,
    pub href: String,
    pub value: f64,
    /// The value as shown beside the bar (with its base for a rate).
    pub shown: String,
}

/// A top list: horizontal bars, largest first, each linked.
pub fn bars(id: &str, label: &str, rows: &[Bar], colour: &str) -> String {
    let (w, label_w, row_h, top) = (520.0, 210.0, 22.0, 4.0);
    // Room on the right for the longest value label, at about 7.5 units a
    // character of 13 px text.
    let longest = rows
        .iter()
        .map(|r| r.shown.chars().count())
        .max()
        .unwrap_or(0);
    let plot_w = (w - label_w - 10.0 - 7.5 * longest as f64).max(60.0);
    let h = top + row_h * rows.len() as f64 + 4.0;
    let max = rows.iter().map(|r| r.value).fold(0.0, f64::max).max(1e-9);
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg class=chart id={id} viewBox=\"0 0 {w} {h}\" role=img aria-label=\"{}\">",
        esc(label)
    );
    for (i, r) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        let bw = (plot_w * r.value / max).max(1.0);
        let _ = write!(
            o,
            "<text x={} y={:.1} text-anchor=end>{}</text><a href=\"{}\"><rect class=mark x={label_w} y={:.1} width={bw:.1} height={} fill={colour}><title>{}: {}</title></rect></a><text x={:.1} y={:.1}>{}</text>",
            label_w - 6.0,
            y + 15.0,
            esc(&cut(&r.name, 26)),
            esc(&r.href),
            y + 3.0,
            row_h - 6.0,
            esc(&r.name),
            esc(&r.shown),
            label_w + bw + 4.0,
            y + 15.0,
            esc(&r.shown)
        );
    }
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(decisions: u64, upheld: u64, not_upheld: u64) -> Option<Tally> {
        Some(Tally {
            decisions,
            upheld,
            not_upheld,
            ..Default::default()
        })
    }

    /// The rate line joins 2019 and 2020 (both on 10+ decisions), breaks at
    /// 2021 (no decision) and never reaches 2022's rate on one decision.
    #[test]
    fn the_rate_line_breaks_at_gaps_and_small_bases() {
        let data: Vec<(String, Option<Tally>)> = vec![
            ("2019".into(), tally(20, 10, 10)),
            ("2020".into(), tally(30, 15, 5)),
            ("2021".into(), None),
            ("2022".into(), tally(1, 1, 0)),
            ("2023".into(), tally(12, 6, 6)),
        ];
        let svg = years("c", &data, None);
        assert_eq!(svg.matches("<polyline").count(), 1, "{svg}");
        let line = svg.split("<polyline points=\"").nth(1).unwrap();
        let line = line.split('"').next().unwrap();
        assert_eq!(line.split(' ').count(), 2, "only 2019-2020: {line}");
        assert!(svg.contains("2022: uphold rate 100.0% (1 of 1): too few to compare"));
        // Four bars (no bar for 2021), five points' worth of labels.
        assert_eq!(svg.matches("<rect class=mark").count(), 4);
        for y in ["2019", "2020", "2021", "2022", "2023"] {
            assert!(svg.contains(&format!(">{y}</text>")), "{y}");
        }
    }
}
