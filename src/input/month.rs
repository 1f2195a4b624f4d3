//! A month's inputs: where they are ([`InputPaths`]), and their loading into the register and a
//! compact [`Batch`], every file's rows counted.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::attendance::AttendanceRecord;
use crate::message::{Arg, Message, Template};
use crate::register::Register;
use crate::sessions::SessionRecord;
use crate::time::Month;

use super::batch::{AttendancePart, Batch, SessionPart, Staff};
use super::disk::{name_of, open, read_bytes_within, read_rows_of};
use super::folder::{skipped_entry, walk_teams};
use super::source::{Limits, TextReader, BLOCK_BYTES};
use super::table::FileRows;
use super::teams::{self, ReadOptions, TeamsFile};
use super::InputError;

static NOT_TEAMS: Template = Template {
    it: "{0}: non è un report delle presenze di Teams: {1}; file non usato",
    en: "{0}: not a Teams attendance export: {1}; file not used",
};
static FILE_NOT_USED: Template = Template { it: "{0}; file non usato", en: "{0}; file not used" };

/// Where a run's inputs are.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct InputPaths {
    /// `staff.csv`.
    pub staff: PathBuf,
    /// `attendance.csv`.
    pub attendance: PathBuf,
    /// Teams files, or folders whose every file is read.
    pub teams: Vec<PathBuf>,
    /// True when the Teams folder is the default of a data folder, which may be absent (an
    /// office without web meetings).
    pub teams_optional: bool,
    /// How Teams exports are read (`--date-order`).
    pub teams_options: ReadOptions,
    /// How much one input may cost.
    pub limits: Limits,
}

impl InputPaths {
    /// The layout of a data folder: `DIR/staff.csv`, `DIR/attendance.csv`, `DIR/teams/`.
    pub fn in_folder(dir: &Path) -> Self {
        InputPaths {
            staff: dir.join("staff.csv"),
            attendance: dir.join("attendance.csv"),
            teams: vec![dir.join("teams")],
            teams_optional: true,
            teams_options: ReadOptions::default(),
            limits: Limits::default(),
        }
    }
}

/// The records of a run, and the anomalies found while reading them.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// The register.
    pub register: Register,
    /// Attendance rows.
    pub attendance: Vec<AttendanceRecord>,
    /// Teams session rows.
    pub sessions: Vec<SessionRecord>,
    /// What could not be used.
    pub anomalies: Vec<Anomaly>,
}

/// Reads the register, the attendance and every Teams file as owned records: the reference
/// the compact batch is tested against, and what small callers and tests use. Every command
/// reads through [`load_batch`].
///
///
/// A Teams file that cannot be read is an `UNREADABLE_FILE` error anomaly naming the file and
/// what was expected, and the run goes on with the others (a folder holds hundreds of reports);
/// a register or attendance file that cannot be read stops the run.
pub fn load(paths: &InputPaths) -> Result<Loaded, InputError> {
    let (register, mut anomalies) = load_register(paths)?;
    let att_name = name_of(&paths.attendance);
    let bytes = read_bytes_within(&paths.attendance, &paths.limits)?;
    let (attendance, _) = super::attendance::read(&att_name, &bytes, &mut anomalies)?;
    let (sessions, teams_anomalies) = load_teams(paths)?;
    anomalies.extend(teams_anomalies);
    Ok(Loaded { register, attendance, sessions, anomalies })
}

/// Reads every Teams file of the run and counts each meeting once (see [`teams::dedupe`]).
pub fn load_teams(paths: &InputPaths) -> Result<(Vec<SessionRecord>, Vec<Anomaly>), InputError> {
    let mut large = Vec::new();
    let (mut sessions, anomalies, _) = read_teams(paths, |mut source, anomalies| {
        let file = Arc::clone(source.file());
        let read = super::table::read_from(&super::sessions::Rows, &mut source, 1, Vec::new, |rows, row| {
            rows.push(row.to_record(&file));
            true
        })?;
        for piece in read.pieces {
            large.extend(piece.state);
            anomalies.extend(piece.anomalies);
        }
        Ok(read.tally)
    })?;
    sessions.extend(large);
    Ok((sessions, anomalies))
}

/// What the Teams files of a run gave: the exports' records (each meeting once), the anomalies,
/// and the rows of each tabular export.
type TeamsRead = (Vec<SessionRecord>, Vec<Anomaly>, Vec<FileRows>);

/// The Teams files of a run: exports are read and deduplicated here; normalised sessions
/// files are handed to `large`, their first block kept, to be read as it likes.
fn read_teams(
    paths: &InputPaths,
    mut large: impl FnMut(TextReader<std::fs::File>, &mut Vec<Anomaly>) -> Result<super::table::Tally, InputError>,
) -> Result<TeamsRead, InputError> {
    let mut anomalies = Vec::new();
    let mut exports: Vec<TeamsFile> = Vec::new();
    for t in &paths.teams {
        if paths.teams_optional && !t.exists() {
            continue;
        }
        let folder = walk_teams(t)?;
        anomalies.extend(folder.skipped.iter().map(|(p, why)| skipped_entry(p, *why)));
        for file in folder.files {
            let name = name_of(&file);
            let unreadable =
                |message: Message| Anomaly::new(Code::UnreadableFile, Some(SourceRef::new(&name, 0)), message);
            let not_used = |why: Arg| unreadable(Message::new(&FILE_NOT_USED, [why]));
            let refused = |e: InputError| match e {
                InputError::Encoding { at, reason } => {
                    unreadable(Message::new(&NOT_TEAMS, [Arg::text(at.file), Arg::Message(Box::new(reason))]))
                }
                other => not_used(Arg::Message(Box::new(other.message()))),
            };
            let mut source = match open(&file, &paths.limits) {
                Ok(s) => s,
                Err(e) => {
                    anomalies.push(refused(e));
                    continue;
                }
            };
            // The first block decides: the engine's own normalised file (of any size: a whole
            // region's month) is streamed row by row; a Teams export is read whole (within its
            // own limit) and deduplicated.
            let normalised = match source.next_block() {
                Ok(Some(first)) => super::sessions::is_own_header(first),
                Ok(None) => false,
                Err(e) => {
                    anomalies.push(refused(e));
                    continue;
                }
            };
            source.keep_block();
            if normalised {
                large(source, &mut anomalies)?;
                continue;
            }
            let limit = paths.limits.teams_export_bytes;
            let text = match source.read_to_string(limit, "--max-teams-export-mib") {
                Ok(text) => text,
                Err(e) => {
                    anomalies.push(refused(e));
                    continue;
                }
            };
            let encoding = source.encoding().unwrap_or(super::text::Encoding::Utf8);
            match teams::read_text(&name, &text, encoding, &paths.teams_options) {
                Ok(f) => exports.push(f),
                // The engine's own normalised file is structurally broken: as for the register
                // and the attendance, nothing in it can be trusted.
                Err(teams::TeamsError::Sessions(e)) => return Err(e),
                Err(e) => anomalies.push(not_used(Arg::Message(Box::new(e.message())))),
            }
        }
    }
    let (sessions, dedupe_anomalies, rows) = teams::dedupe_counted(exports);
    anomalies.extend(dedupe_anomalies);
    Ok((sessions, anomalies, rows))
}

/// Reads the register (and reports duplicate ids).
pub fn load_register(paths: &InputPaths) -> Result<(Register, Vec<Anomaly>), InputError> {
    load_register_counted(paths).map(|(register, anomalies, _)| (register, anomalies))
}

/// [`load_register`], with the register's rows counted.
pub fn load_register_counted(paths: &InputPaths) -> Result<(Register, Vec<Anomaly>, FileRows), InputError> {
    let mut anomalies = Vec::new();
    let staff_name = name_of(&paths.staff);
    let bytes = read_bytes_within(&paths.staff, &paths.limits)?;
    let (employees, _, tally) = super::staff::read_counted(&staff_name, &bytes, &mut anomalies)?;
    anomalies.extend(super::staff::duplicate_ids(&employees));
    Ok((Register::new(employees), anomalies, FileRows { file: staff_name, tally }))
}

/// Reads a month's attendance and Teams files straight into a compact [`Batch`]. Large files
/// are read on every core, in pieces joined in file order. Rows are never held as owned
/// records; citizens' names are dropped as each row is read.
pub fn load_batch<'r>(register: &'r Register, paths: &InputPaths, month: Month) -> Result<Batch<'r>, InputError> {
    load_batch_on(register, paths, month, crate::parallel::threads())
}

/// [`load_batch`] with each block of a large file cut into at most `threads` pieces. The batch
/// is the same whatever the number (tested); only the time differs.
pub fn load_batch_on<'r>(
    register: &'r Register,
    paths: &InputPaths,
    month: Month,
    threads: usize,
) -> Result<Batch<'r>, InputError> {
    load_batch_in_blocks(register, paths, month, threads, BLOCK_BYTES)
}

/// [`load_batch_on`] with files read in blocks of `block_bytes` (see [`read_rows_of`]). The
/// batch is the same whatever the size (tested).
pub fn load_batch_in_blocks<'r>(
    register: &'r Register,
    paths: &InputPaths,
    month: Month,
    threads: usize,
    block_bytes: usize,
) -> Result<Batch<'r>, InputError> {
    let threads = threads.max(1);
    let staff = Staff::new(register);
    let attendance = || -> Result<(AttendancePart, FileRows), InputError> {
        let name = name_of(&paths.attendance);
        let read = read_rows_of(
            &paths.attendance,
            &super::attendance::Rows,
            &paths.limits,
            threads,
            block_bytes,
            AttendancePart::default,
            |part, row| part.push(&staff, month, &name, &row),
        )?;
        let mut att = AttendancePart::default();
        for piece in read.pieces {
            att.append(piece.state);
            att.anomalies.extend(piece.anomalies);
        }
        Ok((att, FileRows { file: name, tally: read.tally }))
    };
    let sessions = || -> Result<(SessionPart, Vec<FileRows>, Vec<FileRows>), InputError> {
        let mut ses = SessionPart::default();
        let mut tallies = Vec::new();
        let (records, found, exports) = read_teams(paths, |mut source, anomalies| {
            // A row takes some 64 bytes or more: room for that many up front spares copying
            // the rows as they grow (pages never written cost nothing).
            let rows = block_bytes / threads / 64;
            let name = Arc::clone(source.file());
            let read = super::table::read_from(
                &super::sessions::Rows,
                &mut source,
                threads,
                || SessionPart::with_capacity(rows),
                |part, row| part.push(&staff, &name, &row),
            )?;
            for piece in read.pieces {
                ses.append(piece.state);
                anomalies.extend(piece.anomalies);
            }
            tallies.push(FileRows { file: name, tally: read.tally });
            Ok(read.tally)
        })?;
        for r in &records {
            ses.push_record(&staff, r);
        }
        ses.anomalies.extend(found);
        Ok((ses, tallies, exports))
    };
    // The two run side by side, each on every core: while one reads its file or joins its
    // pieces (work for one thread), the other keeps the second core busy.
    let (att, ses) = crate::parallel::join(attendance, sessions);
    let ((att, att_rows), (ses, mut rows, exports)) = (att?, ses?);
    rows.insert(0, att_rows);
    let mut batch = Batch::new(staff, month, att, ses);
    batch.files_read = rows;
    batch.exports_read = exports;
    Ok(batch)
}
