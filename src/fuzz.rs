//! Fuzzing support shared by the cargo-fuzz target (`fuzz/`), the stable
//! long-running driver (`examples/fuzz.rs`) and the regression tests.
//!
//! [`check`] runs read → clean → extract on arbitrary bytes as both text and
//! HTML and asserts the invariants that must hold for any input: no panic, a
//! record or a typed error, and evidence that points at real lines.
//! [`Mutator`] makes inputs from real pages: byte flips, splices, truncation,
//! encoding marks and deep tag soup, driven by a seeded PRNG so that a run can
//! be replayed.

use crate::clean::Cleaned;
use crate::pipeline::Engine;
use crate::read::Format;
use crate::walk::Input;

/// Runs the pipeline on `data` as text and as HTML; panics when an invariant
/// breaks (that is what a fuzzer reports).
pub fn check(engine: &Engine, data: &[u8]) {
    let mut cleaned = Cleaned::default();
    for (format, name) in [(Format::Text, "fuzz.txt"), (Format::Html, "fuzz.html")] {
        let input = Input {
            path: name.into(),
            rel: name.into(),
            format: Some(format),
        };
        match engine.process_bytes(&input, format, data, &mut cleaned) {
            Ok(rec) => {
                assert_eq!(rec.file, name);
                for (field, ev) in &rec.evidence {
                    if ev.line == 0 {
                        continue; // from the file name
                    }
                    assert!(
                        ev.line <= cleaned.len(),
                        "{field}: evidence line {} past the end ({} lines)",
                        ev.line,
                        cleaned.len()
                    );
                    // The evidence is the line, a sentence of it, or (a header
                    // value on the lines below its label) the line joined
                    // with the next ones.
                    let line = cleaned.line(ev.line - 1);
                    let from = cleaned.line_range(ev.line - 1).start;
                    // Long evidence is cut, with a closing `…`.
                    let text = match ev.text.strip_suffix('…') {
                        Some(t) if ev.text.len() > crate::extract::EVIDENCE_MAX_BYTES => t,
                        _ => ev.text.as_str(),
                    };
                    assert!(
                        line.contains(text)
                            || text.starts_with(line)
                            || cleaned.text[from..].starts_with(text),
                        "{field}: evidence {:?} is not from line {} {line:?}",
                        ev.text,
                        ev.line
                    );
                }
                let total: crate::record::Gbp = rec.payments.iter().map(|p| p.amount_gbp).sum();
                assert!(total.0 >= 0, "negative payments");
                serde_json::to_string(&rec).expect("record serialises");
            }
            Err(e) => assert!(!e.message.is_empty(), "error without a message"),
        }
    }
}

/// A small deterministic PRNG (xorshift64*): no dependency, replayable.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// Fragments that stress the readers: encodings marks, markup, money, dates.
const TOKENS: &[&[u8]] = &[
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\0",
    b"\xA3",
    b"\xC2\xA3",
    b"\xE2\x80",
    b"\xFF",
    b"<div>",
    b"</div>",
    b"<table><tr><td>",
    b"<article id=\"article\">",
    b"<span class=\"label\">Decision</span><span class=\"value\">Upheld</span>",
    b"<!--",
    b"<![CDATA[",
    b"<script>",
    b"&amp;&#xFFFF;&#0;&pound;",
    b"\r\n",
    b"\n\n",
    b"Decision : ",
    b"Decision date : 31 Feb 2025\n",
    b"Category : a > b > c\n",
    b" (24 012 297)\n",
    b"Summary: ",
    b"\xc2\xa31,000,000,000,000,000,000.99",
    b"pay Mr X \xc2\xa3350 for distress",
    b"within 4 weeks of my final decision",
    b"<ol start=\"99999999999\"><li>",
];

/// Turns seed documents into new inputs.
pub struct Mutator {
    pub rng: Rng,
}

impl Mutator {
    pub fn new(seed: u64) -> Mutator {
        Mutator {
            rng: Rng::new(seed),
        }
    }

    /// One input derived from `seeds` (at least one seed).
    pub fn make(&mut self, seeds: &[Vec<u8>]) -> Vec<u8> {
        let mut data = seeds[self.rng.below(seeds.len())].clone();
        let rounds = 1 + self.rng.below(8);
        for _ in 0..rounds {
            self.mutate(&mut data, seeds);
        }
        data
    }

    fn pos(&mut self, data: &[u8]) -> usize {
        self.rng.below(data.len() + 1)
    }

    fn mutate(&mut self, data: &mut Vec<u8>, seeds: &[Vec<u8>]) {
        match self.rng.below(10) {
            0 if !data.is_empty() => {
                let i = self.rng.below(data.len());
                data[i] ^= 1 << self.rng.below(8);
            }
            1 if !data.is_empty() => {
                let i = self.rng.below(data.len());
                data[i] = self.rng.next_u64() as u8;
            }
            2 => {
                let t = TOKENS[self.rng.below(TOKENS.len())];
                let at = self.pos(data);
                data.splice(at..at, t.iter().copied());
            }
            3 => {
                let at = self.pos(data);
                data.truncate(at);
            }
            4 if !data.is_empty() => {
                let a = self.rng.below(data.len());
                let b = (a + 1 + self.rng.below(256)).min(data.len());
                data.drain(a..b);
            }
            5 => {
                // Splice a piece of another seed.
                let other = &seeds[self.rng.below(seeds.len())];
                if !other.is_empty() {
                    let a = self.rng.below(other.len());
                    let b = (a + 1 + self.rng.below(2048)).min(other.len());
                    let at = self.pos(data);
                    data.splice(at..at, other[a..b].iter().copied());
                }
            }
            6 => {
                // Deep nesting: the stack and time killers.
                let tags: &[(&[u8], &[u8])] = &[
                    (b"<div>", b"</div>"),
                    (b"<b>", b""),
                    (b"<a href=x>", b""),
                    (b"<table>", b""),
                    (b"<li>", b""),
                    (b"<span class=\"label\">", b""),
                    (b"<ol>", b"</ol>"),
                ];
                let (open, close) = tags[self.rng.below(tags.len())];
                let n = 1 + self.rng.below(5000);
                let at = self.pos(data);
                let mut piece = open.repeat(n);
                piece.extend_from_slice(b"x");
                piece.extend(close.repeat(self.rng.below(n + 1)));
                data.splice(at..at, piece);
            }
            7 if !data.is_empty() => {
                // Repeat a chunk.
                let a = self.rng.below(data.len());
                let b = (a + 1 + self.rng.below(64)).min(data.len());
                let piece = data[a..b].repeat(1 + self.rng.below(200));
                data.splice(a..a, piece);
            }
            8 => {
                // Random bytes.
                let n = self.rng.below(64);
                let at = self.pos(data);
                let bytes: Vec<u8> = (0..n).map(|_| self.rng.next_u64() as u8).collect();
                data.splice(at..at, bytes);
            }
            _ => {
                // Re-encode as UTF-16 (whole input), as some tools save pages.
                if self.rng.below(4) == 0 {
                    if let Ok(s) = std::str::from_utf8(data) {
                        let le = self.rng.below(2) == 0;
                        let mut out = if le {
                            vec![0xFF, 0xFE]
                        } else {
                            vec![0xFE, 0xFF]
                        };
                        for u in s.encode_utf16() {
                            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
                        }
                        *data = out;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_replayable() {
        let mut a = Mutator::new(7);
        let mut b = Mutator::new(7);
        let seeds = vec![b"Council (24 012 297)\nDecision : Upheld\n".to_vec()];
        for _ in 0..50 {
            assert_eq!(a.make(&seeds), b.make(&seeds));
        }
    }
}
