//! The CSV writer of every CSV ombuds writes (`decisions.csv`,
//! `remedies.csv`, `councils.csv`), with one quoting rule that tools reading
//! CSV without options get right (issue 11):
//!
//! - numbers (`350.00`, `6`, `0.8000`), `true`/`false` and empty cells are
//!   written bare, so they are read as numbers, booleans and nulls;
//! - every other cell is quoted, on every row (the header's column names
//!   excepted). DuckDB's reader infers the
//!   quote character from the first rows it samples: with bare text there,
//!   a quoted `"£1,250.50"` 21,000 rows down broke the row into 12 columns.
//!
//! Cells are otherwise written as given: text cells come through
//! [`crate::escape::csv_text`] first (formula neutralisation).

use std::io::{self, Write};

/// Writes CSV rows (`\n`-terminated, RFC 4180 quoting) to `W`.
pub struct CsvWriter<W: Write> {
    w: W,
}

/// True for a cell written without quotes.
fn bare(field: &str) -> bool {
    field.is_empty() || field == "true" || field == "false" || is_decimal(field)
}

/// `-?digits(.digits)?`: a plain decimal number.
fn is_decimal(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

impl<W: Write> CsvWriter<W> {
    pub fn new(w: W) -> CsvWriter<W> {
        CsvWriter { w }
    }

    /// Writes the header: column names (`snake_case`, never quoted).
    pub fn write_header<S: AsRef<str>>(&mut self, names: &[S]) -> io::Result<()> {
        let names: Vec<&str> = names.iter().map(|n| n.as_ref()).collect();
        debug_assert!(names
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')));
        self.w.write_all(names.join(",").as_bytes())?;
        self.w.write_all(b"\n")
    }

    /// Writes one row.
    pub fn write_row<I, S>(&mut self, fields: I) -> io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for (i, f) in fields.into_iter().enumerate() {
            let f = f.as_ref();
            if i > 0 {
                self.w.write_all(b",")?;
            }
            if bare(f) {
                self.w.write_all(f.as_bytes())?;
            } else {
                self.w.write_all(b"\"")?;
                let mut rest = f;
                while let Some(at) = rest.find('"') {
                    self.w.write_all(&rest.as_bytes()[..=at])?;
                    self.w.write_all(b"\"")?;
                    rest = &rest[at + 1..];
                }
                self.w.write_all(rest.as_bytes())?;
                self.w.write_all(b"\"")?;
            }
        }
        self.w.write_all(b"\n")
    }

    pub fn into_inner(self) -> W {
        self.w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(fields: &[&str]) -> String {
        let mut w = CsvWriter::new(Vec::new());
        w.write_row(fields).unwrap();
        String::from_utf8(w.into_inner()).unwrap()
    }

    #[test]
    fn text_is_quoted_numbers_are_not() {
        assert_eq!(
            row(&[
                "a.txt",
                "350.00",
                "",
                "true",
                "-2",
                "say \"hi\"",
                "1,250.50",
                "1.2.3"
            ]),
            "\"a.txt\",350.00,,true,-2,\"say \"\"hi\"\"\",\"1,250.50\",\"1.2.3\"\n"
        );
        assert_eq!(row(&["line\nbreak"]), "\"line\nbreak\"\n");
        assert_eq!(row(&[".5", "5.", "-"]), "\".5\",\"5.\",\"-\"\n");
    }

    #[test]
    fn the_csv_crate_reads_it_back() {
        let fields = ["x", "3", "", "a \"b\", c", "'=1+2", "\r\nz"];
        let text = row(&fields);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let rec = r.records().next().unwrap().unwrap();
        assert_eq!(rec.iter().collect::<Vec<_>>(), fields);
    }
}
