//! Every input file's rows accounted for: read = used + reported, said when it is not.

use sportello::anomaly::Anomaly;
use sportello::input::table::FileRows;

/// Adds an error anomaly for every file whose rows do not add up.
pub fn account(files: &[FileRows], anomalies: &mut Vec<Anomaly>) {
    anomalies.extend(files.iter().filter_map(FileRows::unaccounted));
}

/// One line per file for the terminal: `staff.csv: 12 rows, 11 used, 1 reported`.
pub fn print(files: &[FileRows]) {
    for f in files {
        eprintln!("sportello: {}", f.summary());
    }
}
