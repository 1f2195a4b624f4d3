//! `inspect`: what a file is and how it was read, for people, with counts and no content.

use std::collections::BTreeSet;
use std::fmt;

use crate::anomaly::Severity;
use crate::input::text::Encoding;
use crate::register::normalise_name;

use super::{DateOrder, DateOrderBasis, Format, TeamsFile, TimeBasis};

/// How a file was read. Its [`fmt::Display`] is a short report for people; it holds counts,
/// never a name, address or title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InspectReport {
    /// The file.
    pub file: String,
    /// The detected format.
    pub format: Format,
    /// The encoding.
    pub encoding: Encoding,
    /// The field delimiter (`None` for JSON).
    pub delimiter: Option<char>,
    /// The day/month order used, if any date needed one.
    pub date_order: Option<DateOrder>,
    /// How the order was decided.
    pub date_order_basis: DateOrderBasis,
    /// What the times mean.
    pub time_basis: TimeBasis,
    /// Meetings in the file.
    pub meetings: usize,
    /// Distinct participants, counted per meeting (by address, else normalised name).
    pub participants: usize,
    /// Connected intervals (session records).
    pub intervals: usize,
    /// Anomalies by severity: info, warning, error.
    pub anomalies: [usize; 3],
    /// Notes on how the file was read.
    pub notes: Vec<String>,
}

/// Describes a file that was read.
pub fn inspect(file: &TeamsFile) -> InspectReport {
    let people: BTreeSet<(&str, String)> = file
        .records
        .iter()
        .map(|r| {
            let upn = r.upn.trim().to_lowercase();
            let who = if upn.is_empty() { format!("name:{}", normalise_name(&r.participant)) } else { upn };
            (r.meeting_id.as_str(), who)
        })
        .collect();
    let mut anomalies = [0usize; 3];
    for a in file.all_anomalies() {
        let slot = match a.severity() {
            Severity::Info => 0,
            Severity::Warning => 1,
            Severity::Error => 2,
        };
        if let Some(n) = anomalies.get_mut(slot) {
            *n += 1;
        }
    }
    InspectReport {
        file: file.file.to_string(),
        format: file.format,
        encoding: file.encoding,
        delimiter: file.delimiter,
        date_order: file.date_order,
        date_order_basis: file.date_order_basis.clone(),
        time_basis: file.time_basis,
        meetings: file.meetings.len(),
        participants: people.len(),
        intervals: file.records.len(),
        anomalies,
        notes: file.notes.clone(),
    }
}

impl fmt::Display for InspectReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.file)?;
        writeln!(f, "  format:       {}", self.format)?;
        let delimiter = match self.delimiter {
            None => String::new(),
            Some('\t') => ", TAB-delimited".to_string(),
            Some(c) => format!(", `{c}`-delimited"),
        };
        writeln!(f, "  encoding:     {}{delimiter}", self.encoding.name())?;
        match self.date_order {
            Some(o) => writeln!(f, "  date order:   {o} ({})", self.date_order_basis)?,
            None => writeln!(f, "  date order:   not needed")?,
        }
        writeln!(f, "  times:        {}", self.time_basis)?;
        writeln!(f, "  meetings:     {}", self.meetings)?;
        writeln!(f, "  participants: {}", self.participants)?;
        writeln!(f, "  intervals:    {}", self.intervals)?;
        let [info, warning, error] = self.anomalies;
        write!(f, "  anomalies:    {error} error(s), {warning} warning(s), {info} note(s)")?;
        for n in &self.notes {
            write!(f, "\n  note:         {n}")?;
        }
        Ok(())
    }
}
