//! Teams exports: every format Teams and Microsoft Graph write, read into session records.
//!
//! HR clerks download attendance files from Teams or Graph and drop them, untouched, into one
//! folder. [`read_file`] takes one such file's bytes, detects its format and returns a
//! [`TeamsFile`]: the meetings it covers, one [`SessionRecord`] per connected interval, and an
//! [`Anomaly`] for everything not used as written. [`dedupe`] then merges the files of a folder
//! so that a meeting exported twice counts once, [`normalize`] replaces every citizen by a
//! per-meeting pseudonym (`output::sessions` writes the engine's normalised sessions CSV), and
//! [`inspect`] describes a file for people.
//!
//! # Formats (see `docs/teams-formats.md`; samples in `fixtures/teams-samples/`)
//!
//! | [`Format`] | file | times |
//! |---|---|---|
//! | [`Format::AttendanceList`] | `meetingAttendanceList.csv`: `Full Name⇥User Action⇥Timestamp`, one row per join or leave | Rome wall time |
//! | [`Format::Report2021`] | `meetingAttendanceReport.csv`: `Meeting Summary` block, then one row per interval | Rome wall time |
//! | [`Format::SectionedReport`] | `1. Summary`, `2. Participants`, `3. In-Meeting Activities` | Rome wall time |
//! | [`Format::LiveEvent`] | live-event engagement report, comma CSV | UTC |
//! | [`Format::GraphAttendanceReport`] | Graph `meetingAttendanceReport` JSON with `attendanceRecords` | UTC |
//! | [`Format::GraphCallRecord`] | Graph `callRecord` JSON with `sessions` | UTC |
//! | [`Format::Normalized`] | the engine's own `meeting_id,participant,upn,role,join,leave` | RFC 3339 |
//!
//! Bytes: UTF-16LE with BOM, TAB, LF, no quoting (as Teams writes), UTF-8 with or without BOM,
//! `,` or `;`, quoted, CRLF (as Excel re-saves); the delimiter is whichever lets a format be
//! recognised. Blocks are found by the shape of their rows (a one-cell title, two-cell summary
//! lines, tables whose columns are recognised by their content), not by their words, so a
//! language never seen still reads; only roles and join/leave actions are read through a table
//! of localised words.
//!
//! # Decisions
//!
//! * **Time.** Wall times without offset (A, B, C) are Europe/Rome, resolved by
//!   [`crate::time::rome::resolve_wall_time`] (fold → first occurrence, gap → forward) with a
//!   [`Code::DstFold`] / [`Code::DstGap`] anomaly. One refinement: when a *leave* falls in the
//!   autumn fold and its first occurrence would precede its join, the second occurrence is
//!   taken (the anomaly says so). The live-event report and Graph are UTC. Fractions of a
//!   second are truncated. The day/month order is decided per file (see [`DateOrderBasis`]).
//! * **Intervals come from timestamps.** Written durations are only cross-checked
//!   ([`Code::DurationMismatch`], info, when they differ by more than 60 s). Report C uses
//!   block 3 (one row per interval) and never adds block 2 to it; block 2 is used only when
//!   block 3 is absent, and otherwise only to cross-check durations.
//! * **Missing leaves.** In the attendance list a person with no final `Left` ends at the
//!   list's last timestamp; in the live-event report at its last timestamp; in reports and
//!   Graph at the meeting's end. Each is a [`Code::MissingLeave`] anomaly.
//! * **Roles.** The attendance list has no role column: the person of the first row (Teams
//!   writes the organizer first) is the organizer, everyone else an attendee. A report whose
//!   role column cannot be found reads the same way, with an anomaly. A callRecord names only
//!   its organizer: everyone else is an attendee. Graph's role `None` reads as attendee.
//! * **Meeting ids.** Graph: the report's or callRecord's id. CSV exports carry none, so the
//!   id is an FNV-1a 64 hash (never the title itself) of: the title and start instant
//!   (reports), the organizer's normalised name and first instant (attendance list), the
//!   first instant and session ids (live event). Two reports of a restarted meeting have two
//!   start times, so two ids.
//! * **Privacy.** Anomaly messages and errors name the file, line and meeting id, never a
//!   participant's name, address or any cell that could hold one. (The normalised CSV is read
//!   by [`crate::input::sessions::read`], whose messages quote its meeting-id and role cells.)
//! * **Bounded work.** A file above the limit of one export (64 MiB by default, see
//!   [`crate::input::source::Limits`]) is refused before it is read; all
//!   passes are linear or `n log n` in the file's size; JSON nesting is bounded by
//!   `serde_json`'s recursion limit.

mod clock;
mod dedupe;
mod graph;
mod grid;
mod inspect;
mod legacy;
mod live_event;
mod normalize;
mod report;
mod vocab;

use std::fmt;
use std::sync::Arc;

use thiserror::Error;

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::input::table::Tally;
use crate::input::text::{decode, Encoding};
use crate::input::InputError;
use crate::lang::Lang;
use crate::message::{Arg, Message, Template};
use crate::position::Position;
use crate::sessions::{Role, SessionRecord};
use crate::time::{DstResolution, Instant, Interval};

pub use clock::{DateOrder, DateOrderBasis};
pub use dedupe::{dedupe, dedupe_counted};
pub use inspect::{inspect, skipped_line, summarize, FileSummary, InspectReport};
pub use normalize::{normalize, NormalizedRow, Party};

use clock::At;

/// How far, in seconds, an interval may start before its meeting's stated start or end after its
/// stated end before it is reported: exports truncate fractions of a second, and a callRecord's
/// start precedes the report's by a fraction of a second (see [`dedupe`]).
pub const MEETING_BOUNDS_TOLERANCE: i64 = 60;

/// What every format looks like, for error messages.
static EXPECTED: Template = Template {
    it: "atteso un'intestazione come `Full Name⇥User Action⇥Timestamp` (elenco presenze), un blocco \
`Meeting Summary` o `1. Riepilogo` seguito da una tabella dei partecipanti (report presenze), \
l'intestazione degli eventi live `Session Id,Participant Id,Full Name,UserAgent,UTC Event \
Timestamp,Action,Role`, un JSON Graph meetingAttendanceReport o callRecord, o l'intestazione \
normalizzata `meeting_id,participant,upn,role,join,leave`",
    en: "expected a header such as `Full Name⇥User Action⇥Timestamp` (attendance \
list), a `Meeting Summary` or `1. Summary` block followed by a participants table (attendance \
report), the live-event header `Session Id,Participant Id,Full Name,UserAgent,UTC Event \
Timestamp,Action,Role`, Graph meetingAttendanceReport or callRecord JSON, or the normalised \
header `meeting_id,participant,upn,role,join,leave`",
};

/// A sentence with no values.
pub(crate) fn fixed(t: &'static Template) -> Message {
    Message::new(t, Vec::new())
}

/// A sentence as the value of another.
pub(crate) fn clause(m: Message) -> Arg {
    Arg::Message(Box::new(m))
}

/// [`EXPECTED`], as a value.
pub(crate) fn expected() -> Arg {
    clause(fixed(&EXPECTED))
}

/// Choices the caller can impose on the reader.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The day/month order of dates such as `3/4/2021`, when the file cannot decide it (or
    /// must not). `None` decides from the file (see [`DateOrderBasis`]).
    pub date_order: Option<DateOrder>,
}

/// The export format of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// A: the legacy attendance list (`Full Name⇥User Action⇥Timestamp`).
    AttendanceList,
    /// B: the 2021–22 attendance report (`Meeting Summary`).
    Report2021,
    /// C: the sectioned attendance report (`1. Summary`, `2. Participants`, `3. …`).
    SectionedReport,
    /// D: the live-event engagement report.
    LiveEvent,
    /// Graph `meetingAttendanceReport` JSON.
    GraphAttendanceReport,
    /// Graph `callRecord` JSON.
    GraphCallRecord,
    /// The engine's normalised sessions CSV.
    Normalized,
}

impl Format {
    /// A name for people, in English.
    pub fn name(self) -> &'static str {
        self.name_in(Lang::En)
    }

    /// A name for people, in `lang`.
    pub fn name_in(self, lang: Lang) -> &'static str {
        match self {
            Format::AttendanceList => lang.pick(
                "elenco presenze di Teams (eventi di ingresso e uscita)",
                "Teams attendance list (join/leave events)",
            ),
            Format::Report2021 => lang.pick(
                "report presenze di Teams, 2021-22 (riepilogo della riunione)",
                "Teams attendance report, 2021-22 (meeting summary)",
            ),
            Format::SectionedReport => lang.pick(
                "report presenze di Teams (riepilogo, partecipanti, attività)",
                "Teams attendance report (summary, participants, activities)",
            ),
            Format::LiveEvent => {
                lang.pick("report di partecipazione di un evento live di Teams", "Teams live-event engagement report")
            }
            Format::GraphAttendanceReport => {
                lang.pick("JSON Graph meetingAttendanceReport", "Graph meetingAttendanceReport JSON")
            }
            Format::GraphCallRecord => lang.pick("JSON Graph callRecord", "Graph callRecord JSON"),
            Format::Normalized => lang.pick("CSV delle sessioni normalizzato", "normalised sessions CSV"),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What the times of a file mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeBasis {
    /// Wall times without offset, read as Europe/Rome.
    RomeWallTime,
    /// UTC.
    Utc,
    /// Every time carries its own offset.
    Offsets,
}

impl TimeBasis {
    /// What the times mean, in `lang`.
    pub fn name_in(self, lang: Lang) -> &'static str {
        match self {
            TimeBasis::RomeWallTime => lang.pick(
                "ora locale di Roma, Europe/Rome (il file non indica il fuso)",
                "Europe/Rome wall time (no offset in the file)",
            ),
            TimeBasis::Utc => "UTC",
            TimeBasis::Offsets => lang.pick("ogni orario con il proprio fuso", "each time with its own offset"),
        }
    }
}

impl fmt::Display for TimeBasis {
    /// In English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_in(Lang::En))
    }
}

/// One meeting occurrence found in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meeting {
    /// The meeting's id (see the module documentation); the title is never kept.
    pub id: String,
    /// The meeting's start, when the file states it.
    pub start: Option<Instant>,
    /// The meeting's end, when the file states it.
    pub end: Option<Instant>,
    /// The anomalies about this meeting's rows. [`dedupe`] drops them with the meeting when
    /// the meeting is a duplicate; [`TeamsFile::all_anomalies`] lists them with the file's.
    pub anomalies: Vec<Anomaly>,
    /// How many of the file's rows went into this meeting's records (when [`dedupe`] drops the
    /// meeting as a copy, they count as reported).
    pub rows_used: u64,
}

/// Everything read from one file.
#[derive(Clone, Debug)]
pub struct TeamsFile {
    /// The file as the user named it.
    pub file: Arc<str>,
    /// The detected format.
    pub format: Format,
    /// The encoding the bytes were read with.
    pub encoding: Encoding,
    /// The field delimiter (`None` for JSON).
    pub delimiter: Option<char>,
    /// The day/month order used, when some date needed one.
    pub date_order: Option<DateOrder>,
    /// How the order was decided.
    pub date_order_basis: DateOrderBasis,
    /// What the file's times mean.
    pub time_basis: TimeBasis,
    /// The meetings, in file order.
    pub meetings: Vec<Meeting>,
    /// One record per connected interval, every meeting of the file.
    pub records: Vec<SessionRecord>,
    /// Anomalies about the whole file or not tied to one meeting; those about a meeting's rows
    /// are in [`Meeting::anomalies`].
    pub anomalies: Vec<Anomaly>,
    /// Facts for people about how the file was read (e.g. action words read by their order).
    pub notes: Vec<Message>,
    /// The rows of the tables the importer read: each went into a record or was reported (`None`
    /// for JSON, which has no rows).
    pub rows: Option<Tally>,
}

impl TeamsFile {
    /// The file's rows, the rows of the meetings `ignored` says were dropped (copies of a meeting
    /// read elsewhere) counting as reported. `None` for JSON.
    pub fn tally(&self, ignored: impl Fn(&Meeting) -> bool) -> Option<Tally> {
        let mut t = self.rows?;
        for m in self.meetings.iter().filter(|m| ignored(m)) {
            t.used = t.used.saturating_sub(m.rows_used);
            t.reported += m.rows_used;
        }
        Some(t)
    }

    /// Every anomaly of the file, its own and its meetings', sorted.
    pub fn all_anomalies(&self) -> Vec<Anomaly> {
        let mut all: Vec<Anomaly> = self.anomalies.clone();
        for m in &self.meetings {
            all.extend(m.anomalies.iter().cloned());
        }
        crate::anomaly::sort(&mut all);
        all
    }
}

/// A whole file that cannot be used. Messages name the file and what was expected; they never
/// quote a cell of the file. Each names where it is ([`TeamsError::position`]). Its
/// [`fmt::Display`] is English; [`TeamsError::message`] is the same sentence in either language.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum TeamsError {
    /// The file is larger than the limit of one Teams export.
    #[error("{}: more than {limit} bytes, the limit of one Teams export (--max-teams-export-mib)", .at.file)]
    TooLarge {
        /// The file.
        at: Position,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The bytes are not text in a supported encoding (or are a workbook).
    #[error("{}: not a Teams attendance export: {reason}", .at.file)]
    Encoding {
        /// The file.
        at: Position,
        /// What was found and expected.
        reason: Message,
    },
    /// The file holds nothing but spaces.
    #[error("{}: the file is empty; {}", .at.file, fixed(&EXPECTED))]
    Empty {
        /// The file.
        at: Position,
    },
    /// No known format fits.
    #[error("{}: not a Teams attendance export: {found}; {}", .at.file, fixed(&EXPECTED))]
    NotTeams {
        /// The file.
        at: Position,
        /// The shape that was found (never its content).
        found: Message,
    },
    /// A Teams export with its header and no participant row: nothing to read.
    #[error("{}: {what}", .at.file)]
    NoParticipants {
        /// The file.
        at: Position,
        /// Which export and meeting, as far as the file says.
        what: Message,
    },
    /// The format was recognised but the file is broken (truncated JSON, unreadable action
    /// words…).
    #[error("{}: line {}: {reason}", .at.file, .at.line)]
    Malformed {
        /// Where it broke (line 0: the whole file).
        at: Position,
        /// What broke.
        reason: Message,
    },
    /// The day/month order cannot be decided, or the caller's order does not fit.
    #[error("{}: {reason}", .at.file)]
    DateOrder {
        /// The file.
        at: Position,
        /// Why, and what to do.
        reason: Message,
    },
    /// The normalised sessions CSV could not be read.
    #[error(transparent)]
    Sessions(#[from] InputError),
    /// The file could not be read from disk.
    #[error("{}: cannot read: {reason}", .at.file)]
    Io {
        /// The file.
        at: Position,
        /// The operating system's reason.
        reason: String,
    },
}

static TOO_LARGE: Template = Template {
    it: "{0}: più di {1} byte, il limite di un export di Teams (--max-teams-export-mib)",
    en: "{0}: more than {1} bytes, the limit of one Teams export (--max-teams-export-mib)",
};
static NOT_AN_EXPORT: Template = Template {
    it: "{0}: non è un export delle presenze di Teams: {1}",
    en: "{0}: not a Teams attendance export: {1}",
};
static EMPTY: Template = Template { it: "{0}: il file è vuoto; {1}", en: "{0}: the file is empty; {1}" };
static NOT_TEAMS: Template = Template {
    it: "{0}: non è un export delle presenze di Teams: {1}; {2}",
    en: "{0}: not a Teams attendance export: {1}; {2}",
};
static FILE_SAYS: Template = Template { it: "{0}: {1}", en: "{0}: {1}" };
static AT_LINE: Template = Template { it: "{0}: riga {1}: {2}", en: "{0}: line {1}: {2}" };
static CANNOT_READ: Template = Template { it: "{0}: impossibile leggere il file: {1}", en: "{0}: cannot read: {1}" };
/// An error whose text is given whole (the normalised file's, until [`InputError`] carries a
/// [`Message`]).
static AS_IS: Template = Template { it: "{0}", en: "{0}" };

impl TeamsError {
    /// Where the error is: the file, and the line where the format broke (0: the whole file).
    pub fn position(&self) -> &Position {
        match self {
            TeamsError::TooLarge { at, .. }
            | TeamsError::Encoding { at, .. }
            | TeamsError::Empty { at }
            | TeamsError::NotTeams { at, .. }
            | TeamsError::NoParticipants { at, .. }
            | TeamsError::Malformed { at, .. }
            | TeamsError::DateOrder { at, .. }
            | TeamsError::Io { at, .. } => at,
            TeamsError::Sessions(e) => e.position(),
        }
    }

    /// The error as a sentence in both languages (its English is its [`fmt::Display`]).
    pub fn message(&self) -> Message {
        let file = |at: &Position| Arg::text(at.file.as_str());
        let m = |m: &Message| clause(m.clone());
        match self {
            TeamsError::TooLarge { at, limit } => {
                Message::new(&TOO_LARGE, [file(at), Arg::Int(i64::try_from(*limit).unwrap_or(i64::MAX))])
            }
            TeamsError::Encoding { at, reason } => Message::new(&NOT_AN_EXPORT, [file(at), m(reason)]),
            TeamsError::Empty { at } => Message::new(&EMPTY, [file(at), expected()]),
            TeamsError::NotTeams { at, found } => Message::new(&NOT_TEAMS, [file(at), m(found), expected()]),
            TeamsError::NoParticipants { at, what } => Message::new(&FILE_SAYS, [file(at), m(what)]),
            TeamsError::Malformed { at, reason } => {
                Message::new(&AT_LINE, [file(at), Arg::Int(i64::try_from(at.line).unwrap_or(0)), m(reason)])
            }
            TeamsError::DateOrder { at, reason } => Message::new(&FILE_SAYS, [file(at), m(reason)]),
            TeamsError::Sessions(e) => Message::new(&AS_IS, [Arg::text(e.to_string())]),
            TeamsError::Io { at, reason } => Message::new(&CANNOT_READ, [file(at), Arg::text(reason.as_str())]),
        }
    }
}

/// Reads one Teams or Graph export, exactly as downloaded, or a normalised sessions CSV.
///
/// `name` names the file in records, anomalies and errors. The whole file is refused (an
/// [`Err`]) when it is not text, not a known format, or its day/month order cannot be decided;
/// a row that cannot be used is an anomaly and the rest is read. (Reading from disk, within the
/// limits of [`crate::input::source::Limits`], is [`crate::input::read_teams_file`].)
pub fn read_file(name: &Arc<str>, bytes: &[u8], opts: &ReadOptions) -> Result<TeamsFile, TeamsError> {
    let (text, encoding) =
        decode(bytes).map_err(|reason| TeamsError::Encoding { at: Position::whole_file(name.to_string()), reason })?;
    read_text(name, &text, encoding, opts)
}

/// [`read_file`] of a text already decoded from `encoding`.
pub fn read_text(name: &Arc<str>, text: &str, encoding: Encoding, opts: &ReadOptions) -> Result<TeamsFile, TeamsError> {
    let body = text.trim_start_matches('\u{feff}');
    if body.trim().is_empty() {
        return Err(TeamsError::Empty { at: Position::whole_file(name.to_string()) });
    }
    if body.trim_start().starts_with(['{', '[']) {
        let parsed = graph::read(name, body)?;
        let mut file = parsed.into_file(name, encoding, None);
        // JSON can escape control characters (`\u0000`) that no text export can hold: they are
        // dropped from names and addresses, so that every output stays readable text.
        for r in &mut file.records {
            r.participant.retain(|c| !c.is_control());
            r.upn.retain(|c| !c.is_control());
        }
        return Ok(file);
    }
    if crate::input::sessions::is_own_header(body) {
        return read_normalized(name, body.as_bytes());
    }
    let mut first_found: Option<Message> = None;
    for delim in grid::candidate_delimiters(body) {
        let rows = grid::split(body, delim, delim != '\t');
        let blocks = grid::blocks(rows);
        match classify(&blocks) {
            Some(Shape::Report) => {
                return Ok(report::read(name, &blocks, opts, delim == ';')?.into_file(name, encoding, Some(delim)))
            }
            Some(Shape::Events { table, live }) => {
                let Some(grid::Block::Table(t)) = blocks.get(table) else { continue };
                let semicolons = delim == ';';
                let parsed = if live {
                    live_event::read(name, t, opts, semicolons)?
                } else {
                    legacy::read(name, t, opts, semicolons)?
                };
                return Ok(parsed.into_file(name, encoding, Some(delim)));
            }
            None => {
                if let Some(what) = header_only(&blocks) {
                    return Err(TeamsError::NoParticipants { at: Position::whole_file(name.to_string()), what });
                }
                if first_found.is_none() {
                    first_found = Some(describe(&blocks, delim));
                }
            }
        }
    }
    Err(TeamsError::NotTeams {
        at: Position::whole_file(name.to_string()),
        found: first_found.unwrap_or_else(|| fixed(&NO_ROWS)),
    })
}

static NO_ROWS: Template = Template { it: "nessuna riga", en: "no rows" };
static SHAPE: Template = Template {
    it: "letto con {0} come separatore, la prima riga ha {1} celle e non c'è né una tabella con \
         orari di ingresso e uscita né un elenco di eventi di ingresso e uscita",
    en: "read with {0} as delimiter, its first line has {1} cell(s), and it has no table \
         with join and leave times nor a list of join/leave events",
};

fn describe(blocks: &[grid::Block], delim: char) -> Message {
    let first = blocks.first().map_or(0, |b| match b {
        grid::Block::Title(r) | grid::Block::Pair(r) => r.width(),
        grid::Block::Table(t) => t.header.width(),
    });
    let d = if delim == '\t' { "TAB".to_string() } else { format!("`{delim}`") };
    Message::new(&SHAPE, [Arg::text(d), Arg::Int(i64::try_from(first).unwrap_or(0))])
}

static NO_PARTICIPANTS: Template = Template {
    it: "nessun partecipante: il file ha l'intestazione di un export delle presenze di Teams \
         (riga {0}) ma nessuna riga di partecipanti{1} (scaricato prima che qualcuno entrasse, \
         o svuotato?)",
    en: "no participants: the file has the header of a Teams attendance export (line {0}) but no \
         participant rows{1} (downloaded before anyone joined, or emptied?)",
};
static OF_MEETING: Template = Template { it: " (riunione iniziata il {0})", en: " (meeting started {0})" };

/// A Teams export with its headers and no participant row, told by its words (its shape cannot
/// tell: no column has a time in it): every table is empty and some header is in Teams' words.
/// The message names the header's line and, when the summary states it, the meeting's start.
fn header_only(blocks: &[grid::Block]) -> Option<Message> {
    let tables: Vec<&grid::Table> =
        blocks.iter().filter_map(|b| if let grid::Block::Table(t) = b { Some(t) } else { None }).collect();
    if tables.is_empty() || tables.iter().any(|t| !t.rows.is_empty()) {
        return None;
    }
    let teams = tables.iter().find(|t| vocab::language(t.header.cells.iter().map(String::as_str)).is_some())?;
    let start = blocks.iter().find_map(|b| match b {
        grid::Block::Pair(r) => clock::parse_stamp(r.cell(1)),
        _ => None,
    });
    // The start is named only when it reads the same either way (or year first).
    let start =
        start.and_then(|s| s.naive(None)).map(|wall| crate::time::rome::resolve_wall_time(wall.date(), wall.time()).0);
    Some(no_participants(teams.header.line, start))
}

/// "No participants" for an export whose header is on `header_line`, of the meeting that
/// started at `start` when known.
pub(crate) fn no_participants(header_line: u64, start: Option<Instant>) -> Message {
    let of = start.map_or(Arg::text(""), |t| clause(Message::new(&OF_MEETING, [Arg::At(t)])));
    Message::new(&NO_PARTICIPANTS, [Arg::Int(i64::try_from(header_line).unwrap_or(0)), of])
}

fn read_normalized(name: &Arc<str>, bytes: &[u8]) -> Result<TeamsFile, TeamsError> {
    let mut anomalies = Vec::new();
    let (records, dialect) = crate::input::sessions::read(name, bytes, &mut anomalies)?;
    let mut seen = std::collections::HashSet::new();
    let mut meetings: Vec<Meeting> = Vec::new();
    for r in &records {
        if seen.insert(r.meeting_id.as_str()) {
            meetings.push(Meeting {
                id: r.meeting_id.clone(),
                start: None,
                end: None,
                anomalies: Vec::new(),
                rows_used: 0,
            });
        }
    }
    Ok(TeamsFile {
        file: Arc::clone(name),
        format: Format::Normalized,
        encoding: dialect.encoding,
        delimiter: Some(char::from(dialect.delimiter)),
        date_order: None,
        date_order_basis: DateOrderBasis::NotNeeded,
        time_basis: TimeBasis::Offsets,
        meetings,
        records,
        anomalies,
        notes: Vec::new(),
        // Counted by the table reader, as every normalised file is.
        rows: None,
    })
}

/// What a delimited file looks like.
enum Shape {
    /// A summary and/or tables with join and leave times (B, C).
    Report,
    /// A table of join/leave events (A, or D when `live`).
    Events { table: usize, live: bool },
}

fn classify(blocks: &[grid::Block]) -> Option<Shape> {
    let summary_has_time = blocks.iter().any(|b| matches!(b, grid::Block::Pair(r) if r.has_stamp()));
    let mut events = None;
    for (i, b) in blocks.iter().enumerate() {
        let grid::Block::Table(t) = b else { continue };
        let times = t.time_columns();
        if times.len() >= 2 || (summary_has_time && t.header.width() >= 4) {
            return Some(Shape::Report);
        }
        if events.is_some() || times.len() != 1 {
            continue;
        }
        let time = times.first().copied().unwrap_or(0);
        let known_actions =
            (0..t.width()).any(|c| c != time && t.column_mostly(c, |cell| vocab::action(cell).is_some()));
        if known_actions {
            events = Some(Shape::Events { table: i, live: t.header.width() >= 5 });
        } else if t.header.width() == 3 && time == 2 {
            let mut words: Vec<String> = t.rows.iter().map(|r| vocab::fold(r.cell(1))).collect();
            words.sort();
            words.dedup();
            if (2..=3).contains(&words.len()) && words.iter().all(|w| !w.is_empty()) {
                events = Some(Shape::Events { table: i, live: false });
            }
        }
    }
    events
}

/// What an importer found in a file, before it becomes a [`TeamsFile`].
pub(crate) struct Parsed {
    pub(crate) format: Format,
    pub(crate) date_order: Option<DateOrder>,
    pub(crate) basis: DateOrderBasis,
    pub(crate) time_basis: TimeBasis,
    pub(crate) meetings: Vec<Meeting>,
    pub(crate) records: Vec<SessionRecord>,
    pub(crate) anomalies: Vec<Anomaly>,
    pub(crate) notes: Vec<Message>,
    /// The lines of the table rows read; of those used, per meeting; of those reported.
    row_lines: Option<Vec<u64>>,
    used_lines: Vec<Vec<u64>>,
    reported_lines: Vec<u64>,
}

impl Parsed {
    /// A parse of a file with no day/month question.
    pub(crate) fn new(format: Format, time_basis: TimeBasis) -> Parsed {
        Parsed {
            format,
            date_order: None,
            basis: DateOrderBasis::NotNeeded,
            time_basis,
            meetings: Vec::new(),
            records: Vec::new(),
            anomalies: Vec::new(),
            notes: Vec::new(),
            row_lines: None,
            used_lines: Vec::new(),
            reported_lines: Vec::new(),
        }
    }

    /// Says which table rows the importer reads: each must go into a record or be reported.
    pub(crate) fn reads_rows<'r>(&mut self, rows: impl IntoIterator<Item = &'r grid::Row>) {
        self.row_lines.get_or_insert_with(Vec::new).extend(rows.into_iter().map(|r| r.line));
    }

    /// Adds a finished meeting.
    pub(crate) fn add(&mut self, sink: Sink) {
        let (meeting, records, used, reported) = sink.finish();
        self.meetings.push(meeting);
        self.records.extend(records);
        self.used_lines.push(used);
        self.reported_lines.extend(reported);
    }

    fn into_file(mut self, name: &Arc<str>, encoding: Encoding, delimiter: Option<char>) -> TeamsFile {
        let rows = self.row_lines.take().map(|rows| self.count_rows(rows));
        TeamsFile {
            file: Arc::clone(name),
            format: self.format,
            encoding,
            delimiter,
            date_order: self.date_order,
            date_order_basis: self.basis,
            time_basis: self.time_basis,
            meetings: self.meetings,
            records: self.records,
            anomalies: self.anomalies,
            notes: self.notes,
            rows,
        }
    }

    /// The rows at `rows`: used when a meeting's record came from them, else reported when an
    /// anomaly reported them. Each meeting learns how many rows it used.
    fn count_rows(&mut self, mut rows: Vec<u64>) -> Tally {
        rows.sort_unstable();
        rows.dedup();
        let mut used: Vec<u64> = Vec::new();
        for (meeting, lines) in self.meetings.iter_mut().zip(&mut self.used_lines) {
            lines.sort_unstable();
            lines.dedup();
            meeting.rows_used = lines.iter().filter(|l| rows.binary_search(l).is_ok()).count() as u64;
            used.extend(lines.iter());
        }
        used.sort_unstable();
        self.reported_lines.sort_unstable();
        let mut t = Tally { read: rows.len() as u64, ..Tally::default() };
        for l in &rows {
            if used.binary_search(l).is_ok() {
                t.used += 1;
            } else if self.reported_lines.binary_search(l).is_ok() {
                t.reported += 1;
            }
        }
        t
    }
}

/// FNV-1a, 64 bits: a stable hash for derived meeting ids.
pub(crate) fn fnv1a64(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

static IN_MEETING: Template = Template { it: "riunione {0}: {1}", en: "meeting {0}: {1}" };
static DST_FOLD_SECOND: Template = Template {
    it: "campo \"{0}\": l'ora di Roma {1} ricorre due volte (cambio dell'ora in autunno); letta come \
         la seconda occorrenza, {2}, perché la prima precede l'ingresso",
    en: "field \"{0}\": the Rome wall time {1} occurs twice (autumn change); read as its second \
         occurrence, {2}, since the first comes before the join",
};
static DST_FOLD_FIRST: Template = Template {
    it: "campo \"{0}\": l'ora di Roma {1} ricorre due volte (cambio dell'ora in autunno); letta come \
         la prima occorrenza, {2}",
    en: "field \"{0}\": the Rome wall time {1} occurs twice (autumn change); read as its first occurrence, {2}",
};
static DST_GAP: Template = Template {
    it: "campo \"{0}\": l'ora di Roma {1} non esiste (cambio dell'ora in primavera); portata avanti a {2}",
    en: "field \"{0}\": the Rome wall time {1} does not exist (spring change); moved forward to {2}",
};
static END_BEFORE_START: Template = Template {
    it: "l'ora di uscita precede quella di ingresso; intervallo non usato",
    en: "the leave time is before the join time; interval not used",
};
static EMPTY_INTERVAL: Template = Template {
    it: "l'ora di uscita coincide con quella di ingresso; nulla da contare",
    en: "the leave time equals the join time; nothing to count",
};
static OUTSIDE_MEETING: Template = Template {
    it: "riunione {0}: l'intervallo {1} – {2} {3}; usato come scritto (gli orari della riunione \
         indicati nello stesso export non concordano)",
    en: "meeting {0}: the interval {1} – {2} {3}; used as written (the export's own meeting times \
         disagree with it)",
};
static STARTS_EARLY: Template =
    Template { it: "inizia {0} s prima dell'inizio della riunione", en: "starts {0} s before the meeting's start" };
static ENDS_LATE: Template =
    Template { it: "finisce {0} s dopo la fine della riunione", en: "ends {0} s after the meeting's end" };
static BOTH: Template = Template { it: "{0} e {1}", en: "{0} and {1}" };
static DURATION: Template = Template {
    it: "{0}: la durata scritta è di {1} s ma gli orari danno {2} s; sono stati usati gli orari",
    en: "{0}: the written duration is {1} s but the timestamps give {2} s; the timestamps were used",
};

/// What a written duration is the duration of.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Duration {
    /// The meeting's, in a report's summary.
    Meeting,
    /// A row's.
    Row,
    /// A person's total in the meeting (a report's participants block).
    InMeeting,
}

impl Duration {
    /// The words, as a value of [`Sink::check_duration`]'s message.
    pub(crate) fn arg(self) -> Arg {
        static MEETING: Template = Template { it: "durata della riunione", en: "meeting duration" };
        static ROW: Template = Template { it: "durata", en: "duration" };
        static IN_MEETING: Template = Template { it: "durata nella riunione", en: "in-meeting duration" };
        clause(fixed(match self {
            Duration::Meeting => &MEETING,
            Duration::Row => &ROW,
            Duration::InMeeting => &IN_MEETING,
        }))
    }
}

/// Builds one meeting: its records and the anomalies about its rows.
pub(crate) struct Sink {
    file: Arc<str>,
    meeting: Meeting,
    records: Vec<SessionRecord>,
    /// Lines of the rows that went into a record.
    used: Vec<u64>,
    /// Lines of rows reported (a row can also be used, e.g. with a note on its duration).
    reported: Vec<u64>,
}

/// A participant as written on a row.
pub(crate) struct Who<'a> {
    pub(crate) name: &'a str,
    pub(crate) upn: &'a str,
    pub(crate) role: Role,
}

impl Sink {
    /// A meeting with no records yet.
    pub(crate) fn new(file: &Arc<str>, id: String, start: Option<Instant>, end: Option<Instant>) -> Sink {
        let meeting = Meeting { id, start, end, anomalies: Vec::new(), rows_used: 0 };
        Sink { file: Arc::clone(file), meeting, records: Vec::new(), used: Vec::new(), reported: Vec::new() }
    }

    /// The meeting's end, when known.
    pub(crate) fn end(&self) -> Option<Instant> {
        self.meeting.end
    }

    /// Records an anomaly about a row: `meeting <id>: <what>`. `what` must never hold a cell.
    /// The row counts as reported unless it also went into a record.
    pub(crate) fn note(&mut self, code: Code, line: u64, what: Message) {
        self.reported.push(line);
        let source = Some(SourceRef::new(&self.file, line));
        self.meeting.anomalies.push(Anomaly::new(code, source, self.about(what)));
    }

    /// `meeting <id>: <what>`.
    fn about(&self, what: Message) -> Message {
        Message::new(&IN_MEETING, [Arg::text(self.meeting.id.as_str()), clause(what)])
    }

    /// Reports how a Rome wall time was resolved, when it fell in a DST change.
    pub(crate) fn dst(&mut self, field: &str, at: &At, second_occurrence: bool) {
        let Some(wall) = at.wall else { return };
        let written = Arg::text(wall.format("%Y-%m-%d %H:%M:%S").to_string());
        let read = Arg::text(crate::time::rome::format_rome(at.instant));
        let day = wall.format("%Y-%m-%d").to_string();
        let (code, template) = match at.res {
            DstResolution::Exact => return,
            DstResolution::FoldFirst if second_occurrence => (Code::DstFold, &DST_FOLD_SECOND),
            DstResolution::FoldFirst => (Code::DstFold, &DST_FOLD_FIRST),
            DstResolution::GapForward => (Code::DstGap, &DST_GAP),
        };
        let source = Some(SourceRef::new(&self.file, at.line));
        let message = self.about(Message::new(template, [Arg::text(field), written, read]));
        self.meeting.anomalies.push(Anomaly::new(code, source, message).on(day));
    }

    /// Adds one interval, recorded on the join's line, and returns it. An interval that ends
    /// before it starts or is empty is reported instead; DST resolutions of both ends are
    /// reported. An interval that starts more than [`MEETING_BOUNDS_TOLERANCE`] before the
    /// meeting's stated start, or ends that much after its stated end, is reported and used as
    /// written.
    pub(crate) fn interval(&mut self, who: &Who<'_>, join: At, mut leave: At) -> Option<Interval> {
        let mut second = false;
        if leave.res == DstResolution::FoldFirst && leave.instant < join.instant && leave.instant + 3600 >= join.instant
        {
            leave.instant += 3600;
            second = true;
        }
        self.dst("join", &join, false);
        self.dst("leave", &leave, second);
        let span = Interval::new(join.instant, leave.instant);
        if span.end < span.start {
            self.note(Code::EndBeforeStart, join.line, fixed(&END_BEFORE_START));
            return None;
        }
        if span.is_empty() {
            self.note(Code::EmptyInterval, join.line, fixed(&EMPTY_INTERVAL));
            return None;
        }
        self.used.extend([join.line, leave.line]);
        self.check_bounds(span, join.line);
        self.records.push(SessionRecord {
            meeting_id: self.meeting.id.clone(),
            participant: who.name.to_string(),
            upn: who.upn.to_string(),
            role: who.role,
            span,
            source: SourceRef::new(&self.file, join.line),
        });
        Some(span)
    }

    /// Reports an interval that lies outside its own meeting's stated start and end by more than
    /// [`MEETING_BOUNDS_TOLERANCE`]. The message names the meeting and the line, never the
    /// participant.
    fn check_bounds(&mut self, span: Interval, line: u64) {
        let early = self.meeting.start.map_or(0, |start| start - span.start);
        let late = self.meeting.end.map_or(0, |end| span.end - end);
        let early = (early > MEETING_BOUNDS_TOLERANCE).then(|| Message::new(&STARTS_EARLY, [Arg::Int(early)]));
        let late = (late > MEETING_BOUNDS_TOLERANCE).then(|| Message::new(&ENDS_LATE, [Arg::Int(late)]));
        let what = match (early, late) {
            (Some(e), Some(l)) => Message::new(&BOTH, [clause(e), clause(l)]),
            (Some(one), None) | (None, Some(one)) => one,
            (None, None) => return,
        };
        let (from, to) = (crate::time::rome::format_rome(span.start), crate::time::rome::format_rome(span.end));
        let source = Some(SourceRef::new(&self.file, line));
        let message = Message::new(
            &OUTSIDE_MEETING,
            [Arg::text(self.meeting.id.as_str()), Arg::text(from), Arg::text(to), clause(what)],
        );
        let mut anomaly = Anomaly::new(Code::IntervalOutsideMeeting, source, message);
        if let Some(day) = crate::time::rome::RomeDay::of(span.start) {
            anomaly = anomaly.on(day.iso());
        }
        self.meeting.anomalies.push(anomaly);
    }

    /// Notes a written duration (of `what`: a [`Duration`] or a JSON field's name) that differs
    /// from the interval by more than 60 s.
    pub(crate) fn check_duration(&mut self, line: u64, what: Arg, written: Option<i64>, actual: i64) {
        if let Some(w) = written {
            if w.abs_diff(actual) > 60 {
                self.note(Code::DurationMismatch, line, Message::new(&DURATION, [what, Arg::Int(w), Arg::Int(actual)]));
            }
        }
    }

    /// Marks a row as used without a record of its own (a row that only cross-checks another).
    pub(crate) fn used(&mut self, line: u64) {
        self.used.push(line);
    }

    /// The meeting, its records, and the lines of the rows used and of those reported.
    pub(crate) fn finish(self) -> (Meeting, Vec<SessionRecord>, Vec<u64>, Vec<u64>) {
        (self.meeting, self.records, self.used, self.reported)
    }
}

static CELL_HIDDEN: Template = Template {
    it: "(cella non mostrata: può contenere dati personali)",
    en: "(cell not shown: it may hold personal data)",
};

/// Shows a cell in a message only when it cannot hold a name: digits, separators and the
/// letters of AM/PM and ISO times. Anything else is described, not quoted.
pub(crate) fn safe_cell(cell: &str) -> Arg {
    let allowed = cell.chars().all(|c| c.is_ascii_alphanumeric() || " /.:,-+".contains(c));
    let words_ok = cell
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .all(|w| matches!(w.to_ascii_lowercase().as_str(), "am" | "pm" | "a" | "p" | "m" | "t" | "z"));
    let harmless = cell.len() <= 40 && allowed && words_ok;
    if harmless {
        Arg::text(format!("\"{cell}\""))
    } else {
        clause(fixed(&CELL_HIDDEN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<TeamsFile, TeamsError> {
        let name: Arc<str> = Arc::from("t.csv");
        read_file(&name, text.as_bytes(), &ReadOptions::default())
    }

    #[test]
    fn garbage_is_a_clear_error() {
        for (text, part) in [
            ("", "empty"),
            ("  \n\n", "empty"),
            ("employee_id,date,start,end\n001,2025-10-06,08:00,09:00\n", "not a Teams attendance export"),
            ("{\"hello\": 1}", "not a Teams attendance export"),
            ("{\"attendanceRecords\": [", "not valid JSON"),
        ] {
            let err = read(text).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.starts_with("t.csv: "), "{err}");
            assert!(err.contains(part), "{text:?}: {err}");
        }
    }

    #[test]
    fn fnv_is_stable() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a64(&[""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(&["a"]), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(fnv1a64(&["ab", "c"]), fnv1a64(&["a", "bc"]));
    }

    #[test]
    fn cells_are_quoted_only_when_harmless() {
        static SHOW: Template = Template { it: "{0}", en: "{0}" };
        let safe_cell = |cell: &str| Message::new(&SHOW, [super::safe_cell(cell)]).en().into_owned();
        assert_eq!(safe_cell("3/4/2021, 9:00:05 AM"), "\"3/4/2021, 9:00:05 AM\"");
        assert!(!safe_cell("Mario Rossi").contains("Rossi"));
        assert!(!safe_cell("=HYPERLINK(\"x\")").contains("HYPERLINK"));
        assert!(!safe_cell("Pam").contains("Pam"));
        assert_eq!(safe_cell("2024-03-14T13:30:04Z"), "\"2024-03-14T13:30:04Z\"");
    }
}
