//! libFuzzer target: arbitrary bytes through read → clean → extract, as
//! text and as HTML, under the invariants of `ombuds::fuzz::check`. Seed it
//! with the bundled corpus and tests/fuzz_regressions:
//! `cargo +nightly fuzz run read_extract ../corpus ../tests/fuzz_regressions`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use ombuds::pipeline::Engine;

fuzz_target!(|data: &[u8]| {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ombuds::fuzz::check(ENGINE.get_or_init(Engine::embedded), data);
});
