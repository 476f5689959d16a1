//! Dates as the pages write them (`06 Apr 2025`, `6 April 2025`, `03/02/2017`) to ISO.

use crate::rules::RuleSet;

/// Parses the start of `s` with the `date` rules; `None` when it is not a real
/// calendar date.
pub fn parse(rules: &RuleSet, s: &str) -> Option<String> {
    let s = s.trim();
    for rule in rules.field("date") {
        let Some(c) = rule.captures(s) else {
            continue;
        };
        let day: u32 = c.name("d")?.parse().ok()?;
        let year: i32 = c.name("y")?.parse().ok()?;
        let month = match (c.name("m"), c.name("mn")) {
            (Some(m), _) => month_number(m)?,
            (None, Some(mn)) => mn.parse().ok()?,
            _ => return None,
        };
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        return Some(format!("{year:04}-{month:02}-{day:02}"));
    }
    None
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = name.to_ascii_lowercase();
    let lower = if lower == "sept" {
        "sep".to_string()
    } else {
        lower
    };
    let i = if lower.len() == 3 {
        MONTHS.iter().position(|m| *m == lower)?
    } else {
        FULL.iter().position(|m| *m == lower)?
    };
    Some(i as u32 + 1)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let r = RuleSet::embedded();
        assert_eq!(parse(&r, "06 Apr 2025").as_deref(), Some("2025-04-06"));
        assert_eq!(parse(&r, "6 April 2025").as_deref(), Some("2025-04-06"));
        assert_eq!(parse(&r, "1st Sept 2024").as_deref(), Some("2024-09-01"));
        assert_eq!(parse(&r, "2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(parse(&r, "29 Feb 2023"), None);
        assert_eq!(parse(&r, "03/02/2017").as_deref(), Some("2017-02-03"));
        assert_eq!(
            parse(&r, "Monday 6 April 2025").as_deref(),
            Some("2025-04-06")
        );
        assert_eq!(parse(&r, "31/02/2017"), None);
        assert_eq!(parse(&r, "31 Apr 2025"), None);
        assert_eq!(parse(&r, "06 Foo 2025"), None);
        assert_eq!(parse(&r, "soon"), None);
    }
}
