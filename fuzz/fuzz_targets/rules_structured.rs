//! The shipped rule files, edited key by key (values at and beyond the bounds the loader
//! checks, removed keys, clauses copied between files, renamed ids): never a panic; errors name
//! a given file and a line in it; a book that loads runs a small office's month under every rule set
//! with no negative amount and no empty row.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sportello_fuzz::{check_rule_files, RuleEdits};

fuzz_target!(|edits: RuleEdits| {
    if let Some(files) = edits.files() {
        check_rule_files(files);
    }
});
