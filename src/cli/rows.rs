//! Every input file's rows accounted for: read = used + reported, said when it is not.

use sportello::anomaly::Anomaly;
use sportello::input::table::FileRows;

/// Adds an error anomaly for every file whose rows do not add up.
pub fn account(files: &[FileRows], anomalies: &mut Vec<Anomaly>) {
    anomalies.extend(files.iter().filter_map(FileRows::unaccounted));
}

/// One line per table for the terminal (`staff.csv: 12 rows, 11 used, 1 reported`), and one
/// for all the tabular Teams exports together (a folder holds hundreds).
pub fn print(tables: &[FileRows], exports: &[FileRows]) {
    for f in tables {
        super::say(format_args!("sportello: {}", f.summary()));
    }
    if !exports.is_empty() {
        let mut all = sportello::input::table::Tally::default();
        exports.iter().for_each(|f| all.add(&f.tally));
        super::say(format_args!(
            "sportello: Teams exports: {} files, {} rows, {} used, {} reported",
            exports.len(),
            all.read,
            all.used,
            all.reported
        ));
    }
}
