//! A rule file as any bytes (read as lossy UTF-8, as a folder of files would be after a
//! careless edit). The first byte chooses the setting: 0 alone (as `rules/fuzz.toml`), 1-3 in
//! place of one of the shipped files (so `extends` and overlapping validity come into play).
//! Never a panic; an error names a given file and a line inside it; a book that loads runs the
//! small office's month under every rule set without a negative amount or an empty row.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sportello_fuzz::{check_rule_files, embedded_files};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest).into_owned();
    let files = match mode % 4 {
        0 => vec![("rules/fuzz.toml".to_string(), text)],
        k => {
            let mut files = embedded_files();
            files[usize::from(k - 1)].1 = text;
            files
        }
    };
    check_rule_files(files);
});
