//! Integration tests: one binary, one module per area. They run the real
//! `ombuds` binary and parse its outputs back into the library's types.

mod util;

mod accuracy;
mod allocator;
mod atomic;
mod bad_input;
mod corpus;
mod cost;
mod database;
mod datasette;
mod dev_corpus;
mod fuzz;
mod generator;
mod incremental;
mod other_ombudsmen;
mod reflow;
mod remedies;
mod report;
mod rules_check;
mod summary;
mod trust;
mod url;
mod zoo;
