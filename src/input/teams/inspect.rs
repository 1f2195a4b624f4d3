//! `inspect`: what a file is and how it was read, for people, with counts and no content.
//!
//! [`inspect`] describes one file at length ([`InspectReport`]); [`summarize`] describes it in
//! one line ([`FileSummary`]), for a folder of downloads: its format, the meeting's day and
//! time span, how many staff and citizens took part (told apart as `teams normalize` tells
//! them: by the register when one is given, else organizers are staff), and its anomalies.
//! Both are written in the reader's language ([`InspectReport::render`],
//! [`FileSummary::render`]); neither holds a name, an address or a title.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::anomaly::{Anomaly, Code, Severity};
use crate::input::text::Encoding;
use crate::lang::Lang;
use crate::register::{normalise_name, Register};
use crate::time::Instant;

use super::{normalize, DateOrder, DateOrderBasis, Format, Party, TeamsFile, TimeBasis};

/// How a file was read. Its [`fmt::Display`] is [`InspectReport::render`] in English; it holds
/// counts, never a name, address or title.
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
    pub notes: Vec<crate::message::Message>,
}

/// Anomalies by severity: info, warning, error.
fn by_severity(anomalies: &[Anomaly]) -> [usize; 3] {
    let mut counts = [0usize; 3];
    for a in anomalies {
        let slot = match a.severity() {
            Severity::Info => 0,
            Severity::Warning => 1,
            Severity::Error => 2,
        };
        if let Some(n) = counts.get_mut(slot) {
            *n += 1;
        }
    }
    counts
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
        anomalies: by_severity(&file.all_anomalies()),
        notes: file.notes.clone(),
    }
}

/// The labels of the report, in Italian and English.
const LABELS: [(&str, &str); 9] = [
    ("formato", "format"),
    ("codifica", "encoding"),
    ("ordine date", "date order"),
    ("orari", "times"),
    ("riunioni", "meetings"),
    ("partecipanti", "participants"),
    ("intervalli", "intervals"),
    ("anomalie", "anomalies"),
    ("nota", "note"),
];

impl InspectReport {
    /// The report for people, in `lang`: the file, then one fact a line.
    pub fn render(&self, lang: Lang) -> String {
        let label = |i: usize| LABELS.get(i).map_or("", |&(it, en)| lang.pick(it, en));
        let width = (0..LABELS.len()).map(|i| label(i).chars().count()).max().unwrap_or(0) + 2;
        let mut out = self.file.clone();
        let mut line = |i: usize, value: &str| {
            let head = format!("{}:", label(i));
            out.push_str(&format!("\n  {head:<width$}{value}"));
        };
        let delimiter = match self.delimiter {
            None => String::new(),
            Some('\t') => lang.pick(", separato da TAB", ", TAB-delimited").to_string(),
            Some(c) => match lang {
                Lang::It => format!(", separato da `{c}`"),
                Lang::En => format!(", `{c}`-delimited"),
            },
        };
        line(0, self.format.name_in(lang));
        line(1, &format!("{}{delimiter}", self.encoding.name_in(lang)));
        match self.date_order {
            Some(o) => line(2, &format!("{} ({})", o.name_in(lang), self.date_order_basis.message().render(lang))),
            None => line(2, lang.pick("non serve", "not needed")),
        }
        line(3, self.time_basis.name_in(lang));
        line(4, &self.meetings.to_string());
        line(5, &self.participants.to_string());
        line(6, &self.intervals.to_string());
        let [info, warning, error] = self.anomalies;
        line(
            7,
            &match lang {
                Lang::It => severities(lang, self.anomalies),
                Lang::En => format!("{error} error(s), {warning} warning(s), {info} note(s)"),
            },
        );
        for n in &self.notes {
            line(8, &n.render(lang));
        }
        out
    }
}

impl fmt::Display for InspectReport {
    /// In English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// One file of a folder, in a line: what it is, when, who, and what was reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSummary {
    /// The file.
    pub file: String,
    /// The detected format.
    pub format: Format,
    /// The encoding.
    pub encoding: Encoding,
    /// Meetings in the file.
    pub meetings: usize,
    /// The first join and the last leave of the file's intervals (`None`: no interval).
    pub span: Option<(Instant, Instant)>,
    /// Staff, counted per meeting.
    pub staff: usize,
    /// Citizens, counted per meeting.
    pub citizens: usize,
    /// Names matching several employees, counted per meeting.
    pub ambiguous: usize,
    /// Meetings of the file that are copies of a meeting of another file (counted once).
    pub copies: usize,
    /// The file's anomalies by severity (info, warning, error), its copies' notes included.
    pub anomalies: [usize; 3],
}

/// Describes a file in one line. Staff and citizens are told apart as `teams normalize` tells
/// them: with `register`, by the engine's rule; without, organizers are staff. `merged` are the
/// anomalies of the folder's deduplication ([`super::dedupe`]): a `DUPLICATE_MEETING` on this
/// file counts its meeting as a copy.
pub fn summarize(file: &TeamsFile, register: Option<&Register>, merged: &[Anomaly]) -> FileSummary {
    let rows = normalize(&file.records, register);
    let mut people: BTreeMap<u8, BTreeSet<(&str, String)>> = BTreeMap::new();
    for r in &rows {
        let (kind, who) = match r.party {
            Party::Staff(_) => {
                let upn = r.upn.trim().to_lowercase();
                (0, if upn.is_empty() { format!("name:{}", normalise_name(&r.participant)) } else { upn })
            }
            Party::Citizen => (1, r.participant.clone()),
            Party::Ambiguous(_) => (2, r.participant.clone()),
        };
        people.entry(kind).or_default().insert((r.meeting_id.as_str(), who));
    }
    let count = |kind: u8| people.get(&kind).map_or(0, BTreeSet::len);
    let start = file.records.iter().map(|r| r.span.start).min();
    let end = file.records.iter().map(|r| r.span.end).max();
    let copies: Vec<&Anomaly> = merged
        .iter()
        .filter(|a| a.code == Code::DuplicateMeeting && a.source.as_ref().is_some_and(|s| *s.file == *file.file))
        .collect();
    let [info, warning, error] = by_severity(&file.all_anomalies());
    let anomalies = [info + copies.len(), warning, error];
    FileSummary {
        file: file.file.to_string(),
        format: file.format,
        encoding: file.encoding,
        meetings: file.meetings.len(),
        span: start.zip(end),
        staff: count(0),
        citizens: count(1),
        ambiguous: count(2),
        copies: copies.len(),
        anomalies,
    }
}

impl FileSummary {
    /// The line, in `lang`: `file: format; day from–to; staff, citizens; anomalies`.
    pub fn render(&self, lang: Lang) -> String {
        let mut parts = vec![self.format.name_in(lang).to_string()];
        if self.encoding == Encoding::Windows1252 {
            parts[0].push_str(&format!(" ({})", self.encoding.name_in(lang)));
        }
        if self.meetings > 1 {
            parts.push(match lang {
                Lang::It => format!("{} riunioni", self.meetings),
                Lang::En => format!("{} meetings", self.meetings),
            });
        }
        parts.push(match self.span {
            Some((from, to)) => span(lang, from, to),
            None => lang.pick("nessun intervallo", "no interval").to_string(),
        });
        let mut who = vec![
            count(lang, self.staff, ("dipendente", "dipendenti"), ("staff", "staff")),
            count(lang, self.citizens, ("cittadino", "cittadini"), ("citizen", "citizens")),
        ];
        if self.ambiguous > 0 {
            who.push(count(
                lang,
                self.ambiguous,
                ("nome ambiguo", "nomi ambigui"),
                ("ambiguous name", "ambiguous names"),
            ));
        }
        parts.push(who.join(", "));
        if self.copies > 0 {
            parts.push(match (lang, self.copies) {
                (Lang::It, 1) => "1 riunione già letta da un altro file (contata una volta)".to_string(),
                (Lang::It, n) => format!("{n} riunioni già lette da un altro file (contate una volta)"),
                (Lang::En, 1) => "1 meeting already read from another file (counted once)".to_string(),
                (Lang::En, n) => format!("{n} meetings already read from another file (counted once)"),
            });
        }
        parts.push(format!("{}: {}", lang.pick("anomalie", "anomalies"), severities(lang, self.anomalies)));
        format!("{}: {}", self.file, parts.join("; "))
    }
}

/// `06/10/2025 09:00–09:45`, or both days when the span crosses midnight.
fn span(lang: Lang, from: Instant, to: Instant) -> String {
    let same_day = crate::time::rome::RomeDay::of(from) == crate::time::rome::RomeDay::of(to);
    if same_day {
        let mut out = lang.date_time(from);
        out.push('–');
        crate::time::rome::write_clock(&mut out, to);
        out
    } else {
        format!("{} – {}", lang.date_time(from), lang.date_time(to))
    }
}

/// `0 errori, 1 avviso, 2 note` or `0 errors, 1 warning, 2 notes`.
fn severities(lang: Lang, [info, warning, error]: [usize; 3]) -> String {
    [
        count(lang, error, ("errore", "errori"), ("error", "errors")),
        count(lang, warning, ("avviso", "avvisi"), ("warning", "warnings")),
        count(lang, info, ("nota", "note"), ("note", "notes")),
    ]
    .join(", ")
}

fn count(lang: Lang, n: usize, it: (&str, &str), en: (&str, &str)) -> String {
    let (one, many) = match lang {
        Lang::It => it,
        Lang::En => en,
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An entry of a folder that was not read, in a line, in `lang`.
pub fn skipped_line(file: &str, why: crate::input::Skipped, lang: Lang) -> String {
    use crate::input::Skipped;
    let what = match (why, lang) {
        (Skipped::Hidden, Lang::It) => "non letto: voce nascosta (il nome inizia con un punto)".to_string(),
        (Skipped::Hidden, Lang::En) => "not read: a hidden entry (its name starts with a dot)".to_string(),
        (Skipped::Symlink, Lang::It) => {
            "non letto: collegamento simbolico, mai seguito in una cartella (indicarlo per nome per leggerlo)"
                .to_string()
        }
        (Skipped::Symlink, Lang::En) => {
            "not read: a symbolic link, never followed inside a folder (name it to read it)".to_string()
        }
        (Skipped::Special(kind), Lang::It) => {
            format!("non letto: {}, non un file regolare", kind.describe().render(lang))
        }
        (Skipped::Special(kind), Lang::En) => format!("not read: {}, not a regular file", kind.describe().en()),
    };
    format!("{file}: {what}")
}
