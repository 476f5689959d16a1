//! Micro-benchmarks of the hot path on one page (issue 6): cleaning, extracting
//! from cleaned text, and the whole read → clean → extract of a .txt and an
//! .html page held in memory; reflow (issue 10) on a page that is not wrapped
//! (its cost on every page) and on one saved by lynx. End-to-end figures come
//! from bench/run.sh.
//!
//! `cargo bench --bench extract`

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use ombuds::clean::{Cleaned, Cleaner};
use ombuds::pipeline::Engine;
use ombuds::read::Format;
use ombuds::reflow::Reflow;
use ombuds::rules::RuleSet;
use ombuds::walk::Input;

const TXT: &str = include_str!("../corpus/seeds/001_88672853f18e77c3.txt");
const HTML: &str = include_str!("../corpus/html/000_397a35b6c4e47fb0.html");
const WRAPPED: &str = include_str!("../corpus/written/norfolk-lynx-wrapped.txt");

fn input(name: &str, format: Format) -> Input {
    Input {
        path: name.into(),
        rel: name.into(),
        format: Some(format),
    }
}

fn bench(c: &mut Criterion) {
    let engine = Engine::embedded();
    let rules = RuleSet::embedded();
    let cleaner = Cleaner::embedded();
    let mut cleaned = Cleaned::default();

    let mut g = c.benchmark_group("page");
    g.throughput(Throughput::Bytes(TXT.len() as u64));
    g.bench_function("clean", |b| {
        b.iter(|| cleaner.clean_into(black_box(TXT), &mut cleaned))
    });
    let reflow = Reflow::new(&rules);
    g.bench_function("reflow (not wrapped)", |b| {
        b.iter(|| reflow.apply(black_box(TXT)).wrapped)
    });
    cleaner.clean_into(TXT, &mut cleaned);
    let page = cleaned.clone();
    g.bench_function("extract", |b| {
        b.iter(|| ombuds::extract::extract(&rules, "001.txt".into(), "001", black_box(&page)))
    });
    let txt = input("001.txt", Format::Text);
    g.bench_function("read+clean+extract txt", |b| {
        b.iter(|| engine.process_bytes(&txt, Format::Text, black_box(TXT.as_bytes()), &mut cleaned))
    });
    g.throughput(Throughput::Bytes(HTML.len() as u64));
    let html = input("000.html", Format::Html);
    g.bench_function("read+clean+extract html", |b| {
        b.iter(|| {
            engine.process_bytes(
                &html,
                Format::Html,
                black_box(HTML.as_bytes()),
                &mut cleaned,
            )
        })
    });
    g.throughput(Throughput::Bytes(WRAPPED.len() as u64));
    g.bench_function("reflow (lynx, 72 columns)", |b| {
        b.iter(|| reflow.apply(black_box(WRAPPED)).wrapped)
    });
    let wrapped = input("norfolk.txt", Format::Text);
    g.bench_function("read+clean+extract wrapped txt", |b| {
        b.iter(|| {
            engine.process_bytes(
                &wrapped,
                Format::Text,
                black_box(WRAPPED.as_bytes()),
                &mut cleaned,
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
