//! Numbers for people: counts with thousands separators, money in pounds,
//! rates as percentages. Files (CSV, JSON, xlsx) keep plain numbers.

/// A count with thousands separators: `20,000`.
pub fn count(n: u64) -> String {
    group(&n.to_string())
}

/// After the money figures: how many decisions with a payment they leave
/// out because the text does not settle the total (an open-ended rate).
pub fn unsettled_note(n: u64) -> String {
    match n {
        0 => String::new(),
        1 => " (not counting 1 decision whose payment runs per week or month with no end stated)"
            .into(),
        n => format!(
            " (not counting {} decisions whose payments run per week or month with no end stated)",
            count(n)
        ),
    }
}

fn group(digits: &str) -> String {
    let mut o = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            o.push(',');
        }
        o.push(c);
    }
    o
}

/// Pounds for people: `£1,250` or `£1,250.50`.
pub fn money(pounds: f64) -> String {
    let pence = (pounds * 100.0).round() as i64;
    let (neg, pence) = (pence < 0, pence.unsigned_abs());
    let frac = if pence % 100 == 0 {
        String::new()
    } else {
        format!(".{:02}", pence % 100)
    };
    format!(
        "{}£{}{frac}",
        if neg { "-" } else { "" },
        group(&(pence / 100).to_string())
    )
}

/// A rate as a percentage for people: `66.7%`, or `n/a`.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "n/a".into(), |r| format!("{:.1}%", r * 100.0))
}

/// An uphold rate with its base, for people: `66.7% (2 of 3)`, or
/// `n/a (none investigated)`.
pub fn rate(r: super::stats::Rate) -> String {
    match r.value() {
        Some(v) => format!(
            "{} ({} of {})",
            percent(Some(v)),
            count(r.upheld),
            count(r.investigated)
        ),
        None => "n/a (none investigated)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_for_people() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(20000), "20,000");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(money(350.0), "£350");
        assert_eq!(money(1250.5), "£1,250.50");
        assert_eq!(money(1234567.0), "£1,234,567");
        assert_eq!(money(0.0), "£0");
        assert_eq!(money(-5.25), "-£5.25");
        assert_eq!(percent(Some(2.0 / 3.0)), "66.7%");
        assert_eq!(percent(None), "n/a");
        use crate::summary::stats::Rate;
        assert_eq!(
            rate(Rate {
                upheld: 2,
                investigated: 3
            }),
            "66.7% (2 of 3)"
        );
        assert_eq!(
            rate(Rate {
                upheld: 1200,
                investigated: 1600
            }),
            "75.0% (1,200 of 1,600)"
        );
        assert_eq!(rate(Rate::default()), "n/a (none investigated)");
    }
}
