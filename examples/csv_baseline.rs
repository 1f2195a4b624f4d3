//! The yardstick for `compute`'s speed: merely parsing the same CSV files with the csv crate
//! into byte records (one reused record, no conversion), one file after the other.
//!
//! ```sh
//! cargo run --release --example csv_baseline -- DIR/attendance.csv DIR/teams/sessions.csv
//! ```
//! Prints the records read and the seconds taken.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let mut records = 0u64;
    let mut record = csv::ByteRecord::new();
    for path in std::env::args().skip(1) {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(&path)?;
        while reader.read_byte_record(&mut record)? {
            records += 1;
        }
    }
    println!("{records} records in {:.3} s", started.elapsed().as_secs_f64());
    Ok(())
}
