//! The `url` of a record: the decision's page on the LGSCO website.
//!
//! A saved HTML page that names its own address (`<link rel="canonical">`)
//! gives it; otherwise it is built the way the site builds it,
//! `https://www.lgo.org.uk/decisions/<area>/<sub>/<reference>`, from the
//! category's two halves and the reference (checked against every address in
//! `../shared/dev-corpus/SOURCES.jsonl` by `tests/dev_corpus.rs`). Without a
//! category of two halves and a reference the address cannot be known, and
//! `url` stays `None`.

use crate::record::Record;

/// The site's address for decisions, without the trailing slash.
pub const DECISIONS_BASE: &str = "https://www.lgo.org.uk/decisions";
/// Where a root-relative canonical link (`/decisions/...`) points.
const SITE: &str = "https://www.lgo.org.uk";

/// One half of a category as it appears in the address: lower case, every
/// run of characters other than ASCII letters and digits turned into one
/// `-`, none at either end. `Children's care services` →
/// `children-s-care-services`; `COVID-19` → `covid-19`.
pub fn category_slug(half: &str) -> String {
    let mut o = String::with_capacity(half.len());
    let mut gap = false;
    for c in half.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !o.is_empty() {
                o.push('-');
            }
            gap = false;
            o.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    o
}

/// The reference as it appears in the address: `17 002 402b` →
/// `17-002-402b`. `None` when it holds anything but ASCII letters, digits
/// and spaces (it would not be the site's reference).
pub fn reference_slug(reference: &str) -> Option<String> {
    let words: Vec<&str> = reference.split_whitespace().collect();
    let ok = !words.is_empty()
        && words
            .iter()
            .all(|w| w.bytes().all(|b| b.is_ascii_alphanumeric()));
    ok.then(|| words.join("-").to_ascii_lowercase())
}

/// The address built from the category halves and the reference, or `None`
/// when one of them is missing (or slugs to nothing).
pub fn from_category(
    area: Option<&str>,
    sub: Option<&str>,
    reference: Option<&str>,
) -> Option<String> {
    let area = category_slug(area?);
    let sub = category_slug(sub?);
    let reference = reference_slug(reference?)?;
    if area.is_empty() || sub.is_empty() {
        return None;
    }
    Some(format!("{DECISIONS_BASE}/{area}/{sub}/{reference}"))
}

/// A canonical link's `href` as an absolute address: `http(s)://...` as is,
/// `/decisions/...` on the LGSCO site. `Err` with the reason for anything
/// else (another scheme, a path relative to a page we do not know, spaces).
pub fn canonical(href: &str) -> Result<String, String> {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    if href.is_empty() {
        return Err("is empty".into());
    }
    if href.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("holds spaces".into());
    }
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Ok(href.to_string());
    }
    if href.starts_with('/') && !href.starts_with("//") {
        return Ok(format!("{SITE}{href}"));
    }
    Err("is not an http(s) address or a path on the site".into())
}

/// Sets `r.url`: the page's canonical link when it gave one, else the
/// address built from the category and reference, else `None`.
pub fn set(r: &mut Record, canonical_url: Option<String>) {
    r.url = canonical_url.or_else(|| {
        from_category(
            r.category_area.as_deref(),
            r.category_sub.as_deref(),
            r.reference.as_deref(),
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_halves_become_the_site_slugs() {
        assert_eq!(
            category_slug("Children's care services"),
            "children-s-care-services"
        );
        assert_eq!(
            category_slug("Looked after children"),
            "looked-after-children"
        );
        assert_eq!(category_slug("COVID-19"), "covid-19");
        assert_eq!(category_slug("Other Categories"), "other-categories");
        // Runs of other characters are one hyphen, none at the ends.
        assert_eq!(category_slug("Benefits, tax & rates"), "benefits-tax-rates");
        assert_eq!(category_slug("  (Other)  "), "other");
        assert_eq!(category_slug("Caf\u{e9} licences"), "caf-licences");
        assert_eq!(category_slug("&"), "");
    }

    #[test]
    fn addresses_from_category_and_reference() {
        assert_eq!(
            from_category(
                Some("Children's care services"),
                Some("Looked after children"),
                Some("15 012 105")
            )
            .as_deref(),
            Some("https://www.lgo.org.uk/decisions/children-s-care-services/looked-after-children/15-012-105")
        );
        assert_eq!(
            from_category(Some("Health"), Some("Other"), Some("23 017 812a")).as_deref(),
            Some("https://www.lgo.org.uk/decisions/health/other/23-017-812a")
        );
        assert_eq!(
            from_category(Some("Health"), None, Some("23 017 812")),
            None
        );
        assert_eq!(from_category(Some("Health"), Some("Other"), None), None);
        assert_eq!(
            from_category(Some("&"), Some("Other"), Some("23 017 812")),
            None
        );
        assert_eq!(reference_slug("23/017/812"), None);
    }

    #[test]
    fn canonical_links_absolute_or_on_the_site() {
        assert_eq!(
            canonical(" https://www.lgo.org.uk/decisions/a/b/1-2-3 ").unwrap(),
            "https://www.lgo.org.uk/decisions/a/b/1-2-3"
        );
        assert_eq!(
            canonical("/decisions/a/b/1-2-3").unwrap(),
            "https://www.lgo.org.uk/decisions/a/b/1-2-3"
        );
        assert!(canonical("javascript:alert(1)").is_err());
        assert!(canonical("//evil.example/x").is_err());
        assert!(canonical("page.html").is_err());
        assert!(canonical("https://x/a b").is_err());
        assert!(canonical("").is_err());
    }

    #[test]
    fn canonical_link_wins_over_the_category() {
        let mut r = Record::new("a.html".into());
        r.reference = Some("24 012 297".into());
        r.category_area = Some("Education".into());
        r.category_sub = Some("Other".into());
        set(
            &mut r,
            Some("https://www.lgo.org.uk/decisions/x/y/24-012-297".into()),
        );
        assert_eq!(
            r.url.as_deref(),
            Some("https://www.lgo.org.uk/decisions/x/y/24-012-297")
        );
        set(&mut r, None);
        assert_eq!(
            r.url.as_deref(),
            Some("https://www.lgo.org.uk/decisions/education/other/24-012-297")
        );
        r.category_sub = None;
        set(&mut r, None);
        assert_eq!(r.url, None);
    }
}
