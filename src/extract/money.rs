//! Sums of money as decisions write them: `£350`, `£1,250`, `£1250.50`,
//! `(£4,628)`, `£1.5k`, `£2 million`, and the rates `£50 per month`,
//! `£100 a month for each of the 6 months` (the `money.amount` and
//! `money.rate` rules). Parsing only: whether a sum is a remedy is decided
//! in [`super::remedy`]. Amounts are whole pence in an `i64`, with checked
//! arithmetic: an absurd sum is an error, never a wrapped or saturated one.

use crate::record::Gbp;
use crate::rules::RuleSet;

/// A sum found in a text, with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    pub start: usize,
    pub end: usize,
    pub gbp: Gbp,
    /// True for a rate (`£50 per month`, `£100 a week`).
    pub rate: bool,
    /// For a rate: how many periods the text states (`for each of the 6
    /// months`, `for six weeks`), when it does.
    pub periods: Option<u32>,
    /// For a rate: the byte span of its period (`month` in `£50 per
    /// month`), group `per` of the `money.rate` rule.
    pub per: Option<(usize, usize)>,
    /// For a rate without its periods: whether they may be counted before it
    /// (a rate per event, group `event`: "£20 for each missed visit"; or
    /// one pointing back, group `back`: "for each of those days"). See
    /// [`counted_before`].
    pub back: bool,
}

impl Amount {
    /// The sum the rate comes to over its stated periods, or the sum itself;
    /// `None` when that overflows.
    pub fn total(&self) -> Option<Gbp> {
        match (self.rate, self.periods) {
            (true, Some(n)) => self.gbp.0.checked_mul(i64::from(n)).map(Gbp),
            _ => Some(self.gbp),
        }
    }
}

/// Every sum of money in `text`, in order (`money.amount` rules, groups
/// `int`, `dec` and `mult`; a `money.rate` rule just after the sum makes it
/// a rate, with its periods in group `n`). A sum too large for pence in 64
/// bits is left out of the list and reported in `overflow`.
pub fn amounts(rules: &RuleSet, text: &str, overflow: &mut bool) -> Vec<Amount> {
    let mut out = Vec::new();
    for rule in rules.field("money.amount") {
        for c in rule.regex().captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            if out
                .iter()
                .any(|a: &Amount| a.start < m.end() && m.start() < a.end)
            {
                continue;
            }
            // A sum in words that is no cardinal ("two three pounds") is no
            // sum.
            if c.name("words")
                .is_some_and(|w| words_value(w.as_str()).is_none())
            {
                continue;
            }
            let Some(gbp) = value(&c) else {
                *overflow = true;
                continue;
            };
            let after = &text[m.end()..];
            let (rate, periods, per, back) =
                match rules.field("money.rate").find_map(|r| r.captures(after)) {
                    Some(r) => (
                        true,
                        r.name("n").or(r.name("nb")).and_then(number),
                        r.name_range("per")
                            .map(|p| (m.end() + p.start, m.end() + p.end)),
                        r.name("back").is_some() || r.name("event").is_some(),
                    ),
                    None => (false, None, None, false),
                };
            out.push(Amount {
                start: m.start(),
                end: m.end(),
                gbp,
                rate,
                periods,
                per,
                back,
            });
        }
    }
    out.sort_by_key(|a| a.start);
    out
}

/// How many of a rate's events (or the periods it points back to) the text
/// before it counts (`money.rate_count`, groups `n` and `per`): in `texts`,
/// the rate's sentence up to the sum and the sentence before it. `per` is
/// the rate's own (`missed visit`, `day`); a count must name the same thing
/// (`visits` for a visit), or occasions for an event. A count of a part
/// ("3 of the 14 visits", group `part`) is none, and so is one another count
/// goes on from (`money.rate_count_more`: "eight in March and five in
/// April"). `None` unless exactly one
/// number is counted: "missed 14 visits and 3 lessons" counts visits, two
/// different counts of visits count nothing.
pub fn counted_before(rules: &RuleSet, texts: &[&str], per: &str) -> Option<u32> {
    const PERIODS: [&str; 3] = ["day", "week", "night"];
    let rate = singular(per.rsplit(' ').next().unwrap_or(per));
    let mut found: Option<u32> = None;
    for text in texts {
        for rule in rules.field("money.rate_count") {
            for c in rule.regex().captures_iter(text) {
                let (Some(n), Some(what)) = (c.name("n"), c.name("per")) else {
                    continue;
                };
                if c.name("part").is_some() {
                    continue;
                }
                // "missed eight visits in March and five in April".
                let rest = c.get(0).map_or("", |m| &text[m.end()..]);
                if rules.any_match("money.rate_count_more", rest) {
                    return None;
                }
                let what = singular(what.as_str());
                let same = what == rate
                    || (what == "occasion" && !PERIODS.contains(&rate.as_str()))
                    || (rate == "occasion" && !PERIODS.contains(&what.as_str()));
                if !same {
                    continue;
                }
                let n = number(n.as_str())?;
                match found {
                    Some(f) if f != n => return None,
                    _ => found = Some(n),
                }
            }
        }
    }
    found.filter(|n| *n > 0)
}

/// A count noun in the singular, lower case (`visits` → `visit`,
/// `deliveries` → `delivery`, `classes` → `class`).
fn singular(w: &str) -> String {
    let w = w.to_ascii_lowercase();
    if let Some(stem) = w.strip_suffix("ies") {
        format!("{stem}y")
    } else if w.ends_with("sses") || w.ends_with("ches") || w.ends_with("shes") {
        w[..w.len() - 2].to_string()
    } else if let Some(stem) = w.strip_suffix('s') {
        stem.to_string()
    } else {
        w
    }
}

/// `text` with every sum not written with `£` ("two hundred and fifty
/// pounds", "350 pounds") rewritten as its figure (`£250`, `£350.50`) and
/// padded with spaces to its length, so that byte offsets, and the spans of
/// `amounts`, stay the same: rules written with `£` (`from £[\d,.]+ to`,
/// `to\s+£`) read sums in words as they read figures. A figure is always
/// shorter than the words it replaces; a sum whose figure would not be is
/// left as it is.
pub fn as_figures<'t>(text: &'t str, amounts: &[Amount]) -> std::borrow::Cow<'t, str> {
    if amounts.iter().all(|a| text[a.start..].starts_with('£')) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for a in amounts {
        if text[a.start..].starts_with('£') || a.start < at {
            continue;
        }
        let figure = match a.gbp.0 % 100 {
            0 => format!("£{}", a.gbp.0 / 100),
            p => format!("£{}.{p:02}", a.gbp.0 / 100),
        };
        if figure.len() > a.end - a.start {
            continue;
        }
        out.push_str(&text[at..a.start]);
        out.push_str(&figure);
        out.extend(std::iter::repeat_n(' ', a.end - a.start - figure.len()));
        at = a.end;
    }
    out.push_str(&text[at..]);
    debug_assert_eq!(out.len(), text.len());
    std::borrow::Cow::Owned(out)
}

/// The pence of one `money.amount` match; `None` on overflow.
fn value(c: &regex::Captures) -> Option<Gbp> {
    if let Some(w) = c.name("words") {
        let pence = match c.name("pence") {
            Some(p) => words_value(p.as_str()).filter(|p| *p < 100)?,
            None => 0,
        };
        return words_value(w.as_str())?
            .checked_mul(100)?
            .checked_add(pence)
            .map(Gbp);
    }
    let int: i64 = c.name("int")?.as_str().replace(',', "").parse().ok()?;
    let dec = c.name("dec").map_or(0, |d| {
        let d = d.as_str();
        let v: i64 = d.parse().unwrap_or(0);
        if d.len() == 1 {
            v * 10
        } else {
            v
        }
    });
    let pence = int.checked_mul(100)?.checked_add(dec)?;
    let mult: i64 = match c.name("mult").map(|m| m.as_str().to_ascii_lowercase()) {
        Some(m) if m == "k" || m == "thousand" => 1_000,
        Some(m) if m == "m" || m == "million" => 1_000_000,
        Some(m) if m == "bn" || m == "billion" => 1_000_000_000,
        _ => 1,
    };
    pence.checked_mul(mult).map(Gbp)
}

/// A cardinal in words ("two hundred and fifty", "one thousand five
/// hundred", "forty-five", "a thousand") or digits; `None` when the words
/// are no cardinal ("two three", "fifty twenty", "a" alone) or it overflows.
/// Each group below a thousand is `[unit hundred] [and] [tens[-unit] | teen
/// | unit]`, and groups are joined by `thousand` and `million`, largest
/// first.
pub fn words_value(s: &str) -> Option<i64> {
    let s = s.to_ascii_lowercase();
    if s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty() {
        return s.parse().ok();
    }
    let mut total: i64 = 0;
    // The hundreds of the group being read, and what follows them.
    let mut hundreds: i64 = 0;
    let mut small: Option<i64> = None;
    let mut last_scale = i64::MAX;
    let mut tokens = s
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',')
        .filter(|t| !t.is_empty() && *t != "and")
        .peekable();
    let first_is_article = matches!(tokens.peek(), Some(&"a" | &"an"));
    if first_is_article {
        tokens.next();
        small = Some(1);
        if !matches!(tokens.peek(), Some(&"hundred" | &"thousand" | &"million")) {
            return None;
        }
    }
    for t in tokens {
        let n = match t {
            "hundred" => {
                match small {
                    Some(u @ 1..=9) if hundreds == 0 => hundreds = u * 100,
                    // "fifteen hundred pounds"
                    Some(u @ 10..=99) if hundreds == 0 && last_scale == i64::MAX => {
                        hundreds = u * 100
                    }
                    _ => return None,
                }
                small = None;
                continue;
            }
            "thousand" | "million" => {
                let scale = if t == "thousand" { 1_000 } else { 1_000_000 };
                let group = hundreds + small.unwrap_or(0);
                if group == 0 || scale >= last_scale {
                    return None;
                }
                total = total.checked_add(group.checked_mul(scale)?)?;
                last_scale = scale;
                hundreds = 0;
                small = None;
                continue;
            }
            _ => cardinal_word(t)?,
        };
        small = match small {
            None => Some(n),
            // "forty-five"
            Some(d) if d >= 20 && d % 10 == 0 && n < 10 => Some(d + n),
            Some(_) => return None,
        };
    }
    let last = hundreds + small.unwrap_or(0);
    total.checked_add(last).filter(|v| *v > 0)
}

/// One word of a cardinal below a hundred (`seven`, `fifteen`, `forty`).
fn cardinal_word(t: &str) -> Option<i64> {
    const WORDS: [&str; 19] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = WORDS.iter().position(|w| *w == t) {
        return Some(i as i64 + 1);
    }
    TENS.iter()
        .position(|w| *w == t)
        .map(|i| (i as i64 + 2) * 10)
}

/// A small cardinal in digits or words (`6`, `six`, `a`, `one`): counts of
/// people or periods, which pages write in words up to twelve.
pub fn number(s: impl AsRef<str>) -> Option<u32> {
    let s = s.as_ref().to_ascii_lowercase();
    match s.as_str() {
        "a" | "an" => Some(1),
        "both" => Some(2),
        _ => match cardinal_word(&s) {
            Some(n) => u32::try_from(n).ok().filter(|n| *n <= 12),
            None => s.parse().ok(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(t: &str) -> Vec<Amount> {
        let mut overflow = false;
        let a = amounts(&RuleSet::embedded(), t, &mut overflow);
        assert!(!overflow);
        a
    }

    fn first(t: &str) -> Amount {
        all(t)[0]
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
        let a = all(t);
        assert_eq!(a.len(), 3);
        assert_eq!(&t[a[1].start..a[1].end], "£3,000");
        assert_eq!(a[2].gbp, Gbp(10_000));
    }

    #[test]
    fn not_sums() {
        assert!(all("24 012 297 and 350 people").is_empty());
        assert!(all("£ sign alone £").is_empty());
        // A full stop after a sum is not a decimal point.
        assert_eq!(first("overpayment of £12164. The").gbp, Gbp(1_216_400));
        // `m` must be a word of its own to mean million.
        assert_eq!(first("£5 more").gbp, Gbp(500));
    }

    #[test]
    fn rates_and_periods() {
        let a = first("pay Miss K £100 a month for each of the 6 months L had no transport");
        assert!(a.rate);
        assert_eq!(a.periods, Some(6));
        assert_eq!(a.total(), Some(Gbp(60_000)));
        let a = first("Make a payment of £50 per month to recognise the frustration");
        assert!(a.rate);
        assert_eq!(a.periods, None);
        assert_eq!(a.total(), Some(Gbp(5_000)));
        let a = first("£4,200 per week");
        assert!(a.rate);
        let a = first("£25 a week for six weeks");
        assert_eq!(a.total(), Some(Gbp(15_000)));
        assert!(!first("£300 each").rate);
    }

    #[test]
    fn absurd_sums_overflow_instead_of_wrapping() {
        let mut overflow = false;
        let r = RuleSet::embedded();
        let a = amounts(&r, "pay £90,000,000,000,000,000 and £5", &mut overflow);
        assert!(!overflow, "9e16 pounds still fits in pence");
        assert_eq!(a.len(), 2);
        let a = amounts(&r, "pay £900,000,000,000,000,000 and £5", &mut overflow);
        assert!(overflow);
        assert_eq!(a.len(), 1);
        let rate = amounts(
            &r,
            "£90,000,000,000,000,000 a month for 6 months",
            &mut overflow,
        );
        assert_eq!(rate[0].total(), None);
    }

    #[test]
    fn sums_in_words() {
        for (t, pence) in [
            ("pay her two hundred pounds", 20_000),
            ("a payment of five hundred pounds.", 50_000),
            ("two hundred and fifty pounds", 25_000),
            ("one thousand five hundred pounds", 150_000),
            ("one thousand, five hundred pounds", 150_000),
            ("a thousand pounds", 100_000),
            ("A hundred pounds", 10_000),
            ("forty-five pounds", 4_500),
            ("forty five pounds", 4_500),
            ("four hundred and forty-five pounds", 44_500),
            ("fifteen hundred pounds", 150_000),
            ("two thousand three hundred and twelve pounds", 231_200),
            ("twelve pounds and fifty pence", 1_250),
            ("ten pounds and 50p", 1_050),
            ("Fifty Pounds", 5_000),
            ("350 pounds", 35_000),
            ("1,000.00 pounds", 100_000),
            ("pay a two hundred pounds fee", 20_000),
        ] {
            assert_eq!(all(t).len(), 1, "{t}");
            assert_eq!(first(t).gbp, Gbp(pence), "{t}");
        }
        for t in [
            "thousands of pounds",
            "tens of thousands of pounds",
            "several hundred pounds",
            "hundreds of pounds",
            "two three pounds",
            "fifty twenty pounds",
            "five hundred hundred pounds",
            "a pounds",
            "one thousand two thousand pounds",
        ] {
            assert!(all(t).is_empty(), "{t}");
        }
        assert_eq!(words_value("two hundred and fifty"), Some(250));
        assert_eq!(words_value("ninety-nine"), Some(99));
        assert_eq!(words_value("two million"), Some(2_000_000));
        assert_eq!(words_value("eleven twelve"), None);
    }

    #[test]
    fn sums_in_words_as_figures() {
        let t = "increase its offer from one hundred pounds to two hundred and fifty pounds, and pay £50";
        let f = as_figures(t, &all(t));
        assert_eq!(f.len(), t.len());
        assert!(f.starts_with("increase its offer from £100 "), "{f}");
        assert!(f.contains(" to £250 "), "{f}");
        assert!(f.ends_with(", and pay £50"), "{f}");
        // The spans of the sums are the same in both.
        for a in all(t) {
            assert!(f[a.start..a.end].starts_with('£'));
        }
        let t = "forty-five pounds and fifty pence, or 350 pounds";
        let f = as_figures(t, &all(t));
        assert!(f.starts_with("£45.50 "), "{f}");
        assert!(f.contains(", or £350 "), "{f}");
        // Figures stay as they are, with nothing copied.
        let t = "pay her £200";
        assert!(matches!(
            as_figures(t, &all(t)),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn numbers() {
        assert_eq!(number("six"), Some(6));
        assert_eq!(number("12"), Some(12));
        assert_eq!(number("Two"), Some(2));
        assert_eq!(number("many"), None);
        assert_eq!(number("an"), Some(1));
        assert_eq!(number("both"), Some(2));
        assert_eq!(number("twelve"), Some(12));
        // Counts in words stop at twelve; larger ones are read in digits.
        assert_eq!(number("thirteen"), None);
        assert_eq!(number("twenty"), None);
        assert_eq!(number("40"), Some(40));
    }
}
