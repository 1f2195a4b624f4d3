//! Formats B and C: the attendance reports, a summary block and one or two tables.
//!
//! Both are read the same way, by shape ([`super::grid`]):
//!
//! * the **summary** is the key–value lines: the first two values that read as timestamps are
//!   the meeting's start and end, the first duration after them the meeting's duration (a
//!   cross-check), and the title is the value of a known title key (`Meeting title`,
//!   `Titolo riunione`…) or else the first value that is neither a number, a timestamp nor a
//!   duration. The title only feeds the meeting id's hash; it is never kept.
//! * the **tables** are found by their header rows; a table's columns are found by content:
//!   the first two timestamp columns are join and leave, then a duration column, the columns
//!   of addresses (the `UPN` one first), and the role column (every cell a known role word,
//!   else the header `Role`/`Ruolo`/…). The name is the first column.
//!
//! The **activity** table is the last table with join and leave times: block 3 of report C
//! (one row per interval), or the only table of report B. Earlier tables with times (block 2,
//! already folded per person: first join, last leave, total) are never added to it; they only
//! cross-check each person's total ([`Code::DurationMismatch`]), and a person they list with
//! no activity row is reported ([`Code::MissingValue`]). A report whose only table has no
//! times ("only show who attended") yields one [`Code::MissingValue`] per row.
//!
//! Format C is recognised by its titled tables (`2. Participants`) or by having several
//! tables; format B has one untitled table.

use std::collections::HashMap;
use std::sync::Arc;

use crate::anomaly::Code;
use crate::message::{Arg, Message, Template};
use crate::position::Position;
use crate::register::normalise_name;
use crate::sessions::Role;
use crate::time::Instant;

use super::clock::{self, At, Evidence, Stamp, Zone};
use super::grid::{person_key, Block, Row, Table};
use super::legacy::line_arg;
use super::vocab;
use super::{
    fixed, fnv1a64, safe_cell, DateOrder, DateOrderBasis, Duration, Format, Parsed, ReadOptions, Sink, TeamsError,
    TimeBasis, Who,
};

static NO_TABLE: Template = Template {
    it: "il report ha un riepilogo ma nessuna tabella dei partecipanti (file troncato?)",
    en: "the report has a summary but no participants table (truncated file?)",
};
static NO_PARTICIPANTS_TABLE: Template =
    Template { it: "nessuna tabella dei partecipanti", en: "no participants table" };
static NO_ROLE_COLUMN: Template = Template {
    it: "nessuna colonna del ruolo riconosciuta; il partecipante della prima riga è stato letto come \
         organizzatore, gli altri come partecipanti",
    en: "no role column was recognised; the first row's participant was read as organizer, the others as attendees",
};
static REPEATS_EXACTLY: Template = Template {
    it: "la riga ripete esattamente la riga {0}; contata una volta",
    en: "the row repeats line {0} exactly; counted once",
};
static NO_NAME_NOR_ADDRESS: Template = Template {
    it: "il nome e l'indirizzo del partecipante sono entrambi vuoti; riga non usata",
    en: "the participant's name and address are both empty; row not used",
};
static NO_TIMES: Template = Template {
    it: "il report non ha orari di ingresso e uscita (esportato con \"mostra solo chi ha partecipato\"?); riga non usata",
    en: "the report has no join or leave times (exported with \"only show who attended\"?); row not used",
};
static SHORT_BEFORE_JOIN: Template = Template {
    it: "la riga finisce prima dell'ora di ingresso; riga non usata",
    en: "the row stops before the join time; row not used",
};
static EMPTY_JOIN: Template = Template {
    it: "campo \"join\": l'ora di ingresso è vuota; riga non usata",
    en: "field \"join\": the join time is empty; row not used",
};
static BAD_JOIN: Template = Template {
    it: "campo \"join\": attesi data e ora, trovato {0}; riga non usata",
    en: "field \"join\": expected a date and time, found {0}; row not used",
};
static BAD_LEAVE: Template = Template {
    it: "campo \"leave\": attesi data e ora, trovato {0}; riga non usata",
    en: "field \"leave\": expected a date and time, found {0}; row not used",
};
static EMPTY_LEAVE: Template = Template {
    it: "campo \"leave\": l'ora di uscita è vuota; è stata presa {0} ({1})",
    en: "field \"leave\": the leave time is empty; {0} ({1}) was taken",
};
static MEETING_END: Template = Template { it: "la fine della riunione", en: "the meeting's end" };
static REPORT_LAST: Template = Template { it: "l'ultima ora del report", en: "the report's last time" };
static BAD_ROLE: Template = Template {
    it: "campo \"role\": non è una parola di ruolo nota; letto come partecipante",
    en: "field \"role\": not a known role word; read as attendee",
};
static NO_ACTIVITY: Template = Template {
    it: "il partecipante è nel blocco dei partecipanti ma non ha righe utilizzabili nel blocco delle \
         attività; non usato",
    en: "the participant is listed in the participants block but has no usable row in the \
         activities block; not used",
};

/// The columns of one table.
#[derive(Debug, Default)]
struct Cols {
    join: Option<usize>,
    leave: Option<usize>,
    duration: Option<usize>,
    addresses: Vec<usize>,
    role: Option<usize>,
}

fn column_is(t: &Table, c: usize, pred: impl Fn(&str) -> bool) -> bool {
    t.rows.iter().all(|r| {
        let cell = r.cell(c);
        cell.is_empty() || pred(cell)
    })
}

fn columns(t: &Table) -> Cols {
    let times = t.time_columns();
    let join = times.first().copied();
    let width = t.width();
    let leave = times
        .get(1)
        .copied()
        .or_else(|| join.map(|j| j + 1).filter(|&c| c < width && column_is(t, c, |x| clock::parse_stamp(x).is_some())));
    let taken = |c: usize, cols: &Cols| {
        c == 0
            || Some(c) == cols.join
            || Some(c) == cols.leave
            || Some(c) == cols.duration
            || cols.addresses.contains(&c)
    };
    let mut cols = Cols { join, leave, ..Cols::default() };
    cols.duration =
        (0..width).find(|&c| !taken(c, &cols) && t.column_mostly(c, |x| clock::parse_duration(x).is_some()));
    let mut addresses: Vec<usize> =
        (0..width).filter(|&c| !taken(c, &cols) && t.column_mostly(c, |x| x.contains('@'))).collect();
    addresses.sort_by_key(|&c| (!vocab::fold(t.header.cell(c)).contains("upn"), c));
    cols.addresses = addresses;
    cols.role = (0..width)
        .find(|&c| !taken(c, &cols) && t.column_mostly(c, |x| vocab::role(x).is_some()))
        .or_else(|| (0..width).find(|&c| !taken(c, &cols) && vocab::is_role_header(t.header.cell(c))));
    cols
}

/// What the summary block says.
#[derive(Default)]
struct Summary {
    title: Option<String>,
    start: Option<(u64, Stamp)>,
    end: Option<(u64, Stamp)>,
    duration: Option<(u64, i64)>,
}

fn summary(pairs: &[&Row]) -> Summary {
    let mut s = Summary::default();
    let mut fallback_title: Option<String> = None;
    for r in pairs {
        let (key, value) = (r.cell(0), r.cell(1));
        if let Some(stamp) = clock::parse_stamp(value) {
            if s.start.is_none() {
                s.start = Some((r.line, stamp));
            } else if s.end.is_none() {
                s.end = Some((r.line, stamp));
            }
        } else if vocab::is_title_key(key) {
            s.title = Some(value.to_string());
        } else if let Some(d) = clock::parse_duration(value) {
            if s.duration.is_none() && s.end.is_some() {
                s.duration = Some((r.line, d));
            }
        } else if value.parse::<u64>().is_err() && fallback_title.is_none() {
            fallback_title = Some(value.to_string());
        }
    }
    if s.title.is_none() {
        s.title = fallback_title;
    }
    s
}

/// One participant row of a table, read.
struct Line<'a> {
    row: &'a Row,
    name: &'a str,
    upn: &'a str,
    join: Option<Stamp>,
    leave: Option<Stamp>,
}

fn lines<'a>(t: &'a Table, cols: &Cols) -> Vec<Line<'a>> {
    t.rows
        .iter()
        .map(|row| Line {
            row,
            name: row.cell(0),
            upn: cols.addresses.iter().map(|&c| row.cell(c)).find(|c| !c.is_empty()).unwrap_or(""),
            join: cols.join.and_then(|c| clock::parse_stamp(row.cell(c))),
            leave: cols.leave.and_then(|c| clock::parse_stamp(row.cell(c))),
        })
        .collect()
}

fn person(name: &str, upn: &str) -> String {
    let n = normalise_name(name);
    if n.is_empty() {
        upn.trim().to_lowercase()
    } else {
        n
    }
}

/// The tables of a report, as read: the activity table and the earlier tables with times.
struct Layout<'b> {
    /// The activity table (block 3 of C, the only table of B) and its columns.
    table: &'b Table,
    cols: Cols,
    /// The tables with times before it (block 2 of C, folded per person), with their columns.
    folded: Vec<(&'b Table, Cols)>,
    format: Format,
}

/// Finds the activity table among the blocks: the last table with join and leave times, else
/// the last table. A report with no table at all is refused.
fn layout<'b>(file: &Arc<str>, blocks: &'b [Block]) -> Result<Layout<'b>, TeamsError> {
    let tables: Vec<&Table> =
        blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect();
    let analysed: Vec<Cols> = tables.iter().map(|t| columns(t)).collect();
    let timed: Vec<usize> =
        (0..tables.len()).filter(|&i| analysed.get(i).is_some_and(|c| c.join.is_some() && c.leave.is_some())).collect();
    let activity = timed
        .last()
        .copied()
        .or_else(|| tables.len().checked_sub(1))
        .ok_or_else(|| TeamsError::Malformed { at: Position::new(file.to_string(), 0), reason: fixed(&NO_TABLE) })?;
    let format =
        if tables.iter().any(|t| t.titled) || tables.len() > 1 { Format::SectionedReport } else { Format::Report2021 };
    // Each table with its columns, taken out once: the activity table, then those before it.
    let mut each: Vec<Option<(&Table, Cols)>> = tables.into_iter().zip(analysed).map(Some).collect();
    let Some((table, cols)) = each.get_mut(activity).and_then(Option::take) else {
        return Err(TeamsError::Malformed {
            at: Position::new(file.to_string(), 0),
            reason: fixed(&NO_PARTICIPANTS_TABLE),
        });
    };
    let folded =
        timed.iter().filter(|&&i| i < activity).filter_map(|&i| each.get_mut(i).and_then(Option::take)).collect();
    Ok(Layout { table, cols, folded, format })
}

/// The day/month order of the file, decided from every date in it (the summary's start and
/// end, each row's join and leave) and the language of its words, and whether its times carry
/// offsets.
fn date_order<'a>(
    file: &Arc<str>,
    blocks: &[Block],
    sum: &Summary,
    lines: impl Iterator<Item = &'a Line<'a>>,
    opts: &ReadOptions,
    semicolons: bool,
) -> Result<(Option<DateOrder>, DateOrderBasis, bool), TeamsError> {
    let mut ev = Evidence::default();
    let start_i = sum.start.map(|(l, s)| ev.push(l, s));
    let end_i = sum.end.map(|(l, s)| ev.push(l, s));
    if let (Some(a), Some(b)) = (start_i, end_i) {
        ev.pairs.push((a, b));
    }
    for l in lines {
        let a = l.join.map(|s| ev.push(l.row.line, s));
        let b = l.leave.map(|s| ev.push(l.row.line, s));
        if let (Some(a), Some(b)) = (a, b) {
            ev.pairs.push((a, b));
        }
    }
    let mut words: Vec<&str> = Vec::new();
    for b in blocks {
        match b {
            Block::Title(r) | Block::Pair(r) => words.push(r.cell(0)),
            Block::Table(t) => words.extend(t.header.cells.iter().map(String::as_str)),
        }
    }
    let (order, basis) = clock::decide(&ev, vocab::language(words), opts.date_order, semicolons)
        .map_err(|reason| TeamsError::DateOrder { at: Position::whole_file(file.to_string()), reason })?;
    let offsets = ev.stamps.iter().any(|(_, s)| s.offset.is_some());
    Ok((order, basis, offsets))
}

/// Reads a report (B or C) from its blocks (`semicolons`: its cells were separated by `;`).
pub(crate) fn read(
    file: &Arc<str>,
    blocks: &[Block],
    opts: &ReadOptions,
    semicolons: bool,
) -> Result<Parsed, TeamsError> {
    let pairs: Vec<&Row> = blocks.iter().filter_map(|b| if let Block::Pair(r) = b { Some(r) } else { None }).collect();
    let Layout { table, cols, folded, format } = layout(file, blocks)?;
    let sum = summary(&pairs);
    let rows = lines(table, &cols);
    let folded_rows: Vec<(Vec<Line<'_>>, &Cols)> = folded.iter().map(|(t, c)| (lines(t, c), c)).collect();
    let every_line = || rows.iter().chain(folded_rows.iter().flat_map(|(ls, _)| ls.iter()));
    let (order, basis, offsets) = date_order(file, blocks, &sum, every_line(), opts, semicolons)?;
    let mut parsed = Parsed::new(format, if offsets { TimeBasis::Offsets } else { TimeBasis::RomeWallTime });
    parsed.date_order = order;
    parsed.basis = basis;
    parsed.reads_rows(every_line().map(|l| l.row));

    let resolve = |s: Option<Stamp>, line: u64| s.and_then(|s| clock::resolve(&s, order, Zone::Rome, line));
    let start = sum.start.and_then(|(l, s)| resolve(Some(s), l));
    let end = sum.end.and_then(|(l, s)| resolve(Some(s), l));
    let joins: Vec<Option<At>> = rows.iter().map(|l| resolve(l.join, l.row.line)).collect();
    let leaves: Vec<Option<At>> = rows.iter().map(|l| resolve(l.leave, l.row.line)).collect();
    let first_join = joins.iter().flatten().map(|a| a.instant).min();
    let last_time = joins.iter().chain(leaves.iter()).flatten().map(|a| a.instant).max();
    let anchor = start.map(|a| a.instant).or(first_join).unwrap_or(0);
    let title = sum.title.as_deref().unwrap_or("");
    let hash = fnv1a64(&["attendance-report", title, &anchor.to_string()]);
    if rows.is_empty() && folded_rows.iter().all(|(ls, _)| ls.is_empty()) {
        return Err(TeamsError::NoParticipants {
            at: Position::whole_file(file.to_string()),
            what: super::no_participants(table.header.line, start.map(|a| a.instant)),
        });
    }
    let mut sink = Sink::new(file, format!("report-{hash:016x}"), start.map(|a| a.instant), end.map(|a| a.instant));
    if let Some(a) = start {
        sink.dst("start", &a, false);
    }
    if let Some(a) = end {
        sink.dst("end", &a, false);
    }
    if let (Some(s), Some(e), Some((line, d))) = (start, end, sum.duration) {
        sink.check_duration(line, Duration::Meeting.arg(), Some(d), e.instant - s.instant);
    }

    let activity = Activity { table, cols: &cols, rows: &rows, joins: &joins, leaves: &leaves, last_time };
    let totals = activity.read(&mut sink);
    cross_check(&mut sink, &folded_rows, &totals);
    parsed.add(sink);
    Ok(parsed)
}

/// The activity table's rows, with their join and leave times resolved.
struct Activity<'a> {
    table: &'a Table,
    cols: &'a Cols,
    rows: &'a [Line<'a>],
    joins: &'a [Option<At>],
    leaves: &'a [Option<At>],
    /// The report's last time, for a leave missing when the meeting's end is unknown.
    last_time: Option<Instant>,
}

impl Activity<'_> {
    /// One interval per usable row; every other row reported. Gives each person's total
    /// seconds (by [`person`]), for block 2's cross-check.
    fn read(&self, sink: &mut Sink) -> HashMap<String, i64> {
        let organizer_rule = self.cols.role.is_none() && !self.rows.is_empty();
        if organizer_rule {
            sink.note(Code::BadValue, self.table.header.line, fixed(&NO_ROLE_COLUMN));
        }
        let organizer = self.rows.first().map(|l| person_key(l.name)).unwrap_or_default();
        let mut seen: HashMap<&[String], u64> = HashMap::new();
        let mut totals: HashMap<String, i64> = HashMap::new();
        for ((l, join), leave) in self.rows.iter().zip(self.joins).zip(self.leaves) {
            let line = l.row.line;
            let used_cells = l.row.cells.get(..l.row.width()).unwrap_or(&[]);
            if let Some(first) = seen.get(used_cells) {
                sink.note(Code::DuplicateRow, line, Message::new(&REPEATS_EXACTLY, [Arg::Int(line_arg(*first))]));
                continue;
            }
            seen.insert(used_cells, line);
            if l.name.is_empty() && l.upn.is_empty() {
                sink.note(Code::MissingValue, line, fixed(&NO_NAME_NOR_ADDRESS));
                continue;
            }
            let Some(join) = self.join(sink, l, *join) else { continue };
            let Some(leave) = self.leave(sink, l, *leave) else { continue };
            let role = self.role(sink, l, &organizer);
            let who = Who { name: l.name, upn: l.upn, role };
            if let Some(span) = sink.interval(&who, join, leave) {
                let seconds = span.seconds();
                let written = self.cols.duration.and_then(|c| clock::parse_duration(l.row.cell(c)));
                sink.check_duration(line, Duration::Row.arg(), written, seconds);
                *totals.entry(person(l.name, l.upn)).or_insert(0) += seconds;
            }
        }
        totals
    }

    /// The row's join time, or `None` with the reason reported (no join column, a short row,
    /// an empty or unreadable cell).
    fn join(&self, sink: &mut Sink, l: &Line<'_>, join: Option<At>) -> Option<At> {
        let line = l.row.line;
        let Some(join_col) = self.cols.join else {
            sink.note(Code::MissingValue, line, fixed(&NO_TIMES));
            return None;
        };
        if join.is_none() {
            let cell = l.row.cell(join_col);
            let (code, what) = if l.row.cells.len() <= join_col {
                (Code::ShortRow, fixed(&SHORT_BEFORE_JOIN))
            } else if cell.is_empty() {
                (Code::MissingValue, fixed(&EMPTY_JOIN))
            } else {
                (Code::BadValue, Message::new(&BAD_JOIN, [safe_cell(cell)]))
            };
            sink.note(code, line, what);
        }
        join
    }

    /// The row's leave time; an empty one is the meeting's end (or the report's last time),
    /// reported; an unreadable one leaves the row unused.
    fn leave(&self, sink: &mut Sink, l: &Line<'_>, leave: Option<At>) -> Option<At> {
        if leave.is_some() {
            return leave;
        }
        let line = l.row.line;
        let cell = self.cols.leave.map_or("", |c| l.row.cell(c));
        if !cell.is_empty() {
            sink.note(Code::BadValue, line, Message::new(&BAD_LEAVE, [safe_cell(cell)]));
            return None;
        }
        let (fallback, what) = match sink.end() {
            Some(e) => (Some(e), &MEETING_END),
            None => (self.last_time, &REPORT_LAST),
        };
        let t = fallback?;
        let shown = Arg::text(crate::time::rome::format_rome(t));
        sink.note(Code::MissingLeave, line, Message::new(&EMPTY_LEAVE, [super::clause(fixed(what)), shown]));
        Some(At::exact(t, line))
    }

    /// The row's role: its role cell, else organizer for the first row's person and attendee
    /// for everyone else.
    fn role(&self, sink: &mut Sink, l: &Line<'_>, organizer: &str) -> Role {
        match self.cols.role {
            Some(c) => {
                let cell = l.row.cell(c);
                vocab::role(cell).unwrap_or_else(|| {
                    let code = if cell.is_empty() { Code::MissingValue } else { Code::BadValue };
                    sink.note(code, l.row.line, fixed(&BAD_ROLE));
                    Role::Attendee
                })
            }
            None if person_key(l.name) == organizer => Role::Organizer,
            None => Role::Attendee,
        }
    }
}

/// Block 2 only cross-checks block 3: each person's written total against the activity rows'
/// total, and a person with no activity row is reported.
fn cross_check(sink: &mut Sink, folded_rows: &[(Vec<Line<'_>>, &Cols)], totals: &HashMap<String, i64>) {
    for (ls, fcols) in folded_rows {
        for l in ls {
            let key = person(l.name, l.upn);
            if key.is_empty() {
                continue;
            }
            match totals.get(&key) {
                Some(&total) => {
                    let written = fcols.duration.and_then(|c| clock::parse_duration(l.row.cell(c)));
                    sink.check_duration(l.row.line, Duration::InMeeting.arg(), written, total);
                    sink.used(l.row.line);
                }
                None => sink.note(Code::MissingValue, l.row.line, fixed(&NO_ACTIVITY)),
            }
        }
    }
}
