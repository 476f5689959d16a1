//! Sums of money as decisions write them: `£350`, `£1,250`, `£1250.50`,
//! `(£4,628)`, `£1.5k`, `£2 million`, and the rates `£50 per month`,
//! `£100 a month for each of the 6 months`. Parsing only: whether a sum is a
//! remedy is decided in [`super::remedy`].

use std::sync::OnceLock;

use regex::Regex;

use crate::record::Gbp;

/// A sum found in a text, with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    pub start: usize,
    pub end: usize,
    pub gbp: Gbp,
    /// `Some("month")` for `£50 per month`, `£100 a week`...
    pub per: Option<&'static str>,
    /// For a rate: how many periods the text states (`for each of the 6
    /// months`, `for six weeks`), when it does.
    pub periods: Option<u32>,
}

impl Amount {
    /// The sum the rate comes to over its stated periods, or the sum itself.
    pub fn total(&self) -> Gbp {
        match (self.per, self.periods) {
            (Some(_), Some(n)) => Gbp(self.gbp.0 * i64::from(n)),
            _ => self.gbp,
        }
    }
}

fn amount_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"£\s?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d{1,2}))?(?:\s?(?P<mult>k|K|m|bn|million|thousand|billion)\b)?",
        )
        .expect("amount regex")
    })
}

fn rate_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^\s*(?:per|a|an|each)\s+(?P<unit>day|night|week|fortnight|month|term|year|session|hour)\b(?:[^.;£]{0,40}?\bfor\s+(?:each\s+of\s+)?(?:the\s+)?(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:full\s+)?(?:days?|nights?|weeks?|fortnights?|months?|terms?|years?|sessions?|hours?)\b)?",
        )
        .expect("rate regex")
    })
}

/// Every sum of money in `text`, in order.
pub fn amounts(text: &str) -> Vec<Amount> {
    if !text.contains('£') {
        return Vec::new();
    }
    amount_re()
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let int: i64 = c["int"].replace(',', "").parse().ok()?;
            let dec = c.name("dec").map_or(0, |d| {
                let d = d.as_str();
                let v: i64 = d.parse().unwrap_or(0);
                if d.len() == 1 {
                    v * 10
                } else {
                    v
                }
            });
            let pence = int.checked_mul(100)? + dec;
            let mult: i64 = match c.name("mult").map(|m| m.as_str()) {
                Some("k" | "K" | "thousand") => 1_000,
                Some("m" | "million") => 1_000_000,
                Some("bn" | "billion") => 1_000_000_000,
                _ => 1,
            };
            let gbp = Gbp(pence.checked_mul(mult)?);
            let (per, periods) = match rate_re().captures(&text[m.end()..]) {
                Some(r) => (
                    Some(unit_name(&r["unit"])),
                    r.name("n").and_then(|n| number(n.as_str())),
                ),
                None => (None, None),
            };
            Some(Amount {
                start: m.start(),
                end: m.end(),
                gbp,
                per,
                periods,
            })
        })
        .collect()
}

fn unit_name(u: &str) -> &'static str {
    match u {
        "day" => "day",
        "night" => "night",
        "week" => "week",
        "fortnight" => "fortnight",
        "month" => "month",
        "term" => "term",
        "year" => "year",
        "session" => "session",
        _ => "hour",
    }
}

/// A small cardinal in digits or words (`6`, `six`, `a`, `one`).
pub fn number(s: &str) -> Option<u32> {
    let s = s.to_ascii_lowercase();
    Some(match s.as_str() {
        "a" | "an" | "one" => 1,
        "two" | "both" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        _ => return s.parse().ok(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(t: &str) -> Amount {
        amounts(t)[0]
    }

    #[test]
    fn forms_of_a_sum() {
        assert_eq!(first("pay Miss X £350.").gbp, Gbp(35_000));
        assert_eq!(first("pay £1,250 to").gbp, Gbp(125_000));
        assert_eq!(first("£1250.50 refund").gbp, Gbp(125_050));
        assert_eq!(first("£1250.5").gbp, Gbp(125_050));
        assert_eq!(first("the invoice for £1593.00").gbp, Gbp(159_300));
        assert_eq!(first("costs (£4,628)").gbp, Gbp(462_800));
        assert_eq!(first("£1.5k").gbp, Gbp(150_000));
        assert_eq!(first("losing £106k on").gbp, Gbp(10_600_000));
        assert_eq!(first("£2 million").gbp, Gbp(200_000_000));
        assert_eq!(first("£ 250").gbp, Gbp(25_000));
        assert_eq!(first("£12,000 to recognise").gbp, Gbp(1_200_000));
    }

    #[test]
    fn spans_and_several_sums() {
        let t = "pay her £500 for x, £3,000 for y and £100 for z";
        let a = amounts(t);
        assert_eq!(a.len(), 3);
        assert_eq!(&t[a[1].start..a[1].end], "£3,000");
        assert_eq!(a[2].gbp, Gbp(10_000));
    }

    #[test]
    fn not_sums() {
        assert!(amounts("24 012 297 and 350 pounds").is_empty());
        assert!(amounts("£ sign alone £").is_empty());
        // A full stop after a sum is not a decimal point.
        assert_eq!(first("overpayment of £12164. The").gbp, Gbp(1_216_400));
        // `m` must be a word of its own to mean million.
        assert_eq!(first("£5 more").gbp, Gbp(500));
    }

    #[test]
    fn rates_and_periods() {
        let a = first("pay Miss K £100 a month for each of the 6 months L had no transport");
        assert_eq!(a.per, Some("month"));
        assert_eq!(a.periods, Some(6));
        assert_eq!(a.total(), Gbp(60_000));
        let a = first("Make a payment of £50 per month to recognise the frustration");
        assert_eq!(a.per, Some("month"));
        assert_eq!(a.periods, None);
        assert_eq!(a.total(), Gbp(5_000));
        let a = first("£4,200 per week");
        assert_eq!(a.per, Some("week"));
        let a = first("£25 a week for six weeks");
        assert_eq!(a.total(), Gbp(15_000));
        assert_eq!(first("£300 each").per, None);
    }

    #[test]
    fn numbers() {
        assert_eq!(number("six"), Some(6));
        assert_eq!(number("12"), Some(12));
        assert_eq!(number("Two"), Some(2));
        assert_eq!(number("many"), None);
    }
}
