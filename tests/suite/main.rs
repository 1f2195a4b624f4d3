//! The integration tests: one binary, one module per concern, so that the crate is linked once.
//!
//! Run them all with `cargo test`; one module with `cargo test --test suite MODULE::`.

mod common;

mod anomaly_codes;
mod cli;
mod demo_golden;
mod dialects;
mod engine_invariants;
mod engine_parallel;
mod golden;
mod hints;
mod hr_files;
mod input_languages;
mod manifest;
mod messy_inputs;
mod offices;
mod outputs_safe;
mod plausibility;
mod report_arrears;
mod report_compare;
mod report_statement;
mod reports_agree;
mod robustness;
mod robustness_limits;
mod rule_clauses;
mod staff_matching;
mod statement_pdf;
mod structure;
mod teams_cli;
mod teams_formats;
mod teams_garbage;
mod teams_roundtrip;
mod teams_samples;
