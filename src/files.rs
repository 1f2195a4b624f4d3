//! Reading a run's inputs from disk: the only part of the library that touches files.
//!
//! The calculation itself ([`crate::engine`]) is pure; this module turns paths into the records
//! it needs, naming every file as the user named it so that anomalies point back to it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::attendance::AttendanceRecord;
use crate::engine::{AttendancePart, Batch, Month, SessionPart, Staff};
use crate::input::source::{Limits, TextReader, BLOCK_BYTES};
use crate::input::table::{FileRows, ReadFile};
use crate::input::{self, InputError};
use crate::register::Register;
use crate::rules::{RuleBook, RuleError};
use crate::sessions::SessionRecord;
use crate::input::teams::{self, ReadOptions, TeamsFile};

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

fn name_of(path: &Path) -> Arc<str> {
    Arc::from(path.to_string_lossy().replace('\\', "/"))
}

/// Opens an input file for reading within `limits`: a file larger than the limit is refused
/// before anything is read (a stream with no size, such as a FIFO, is stopped at the limit
/// while it is read).
pub fn open(path: &Path, limits: &Limits) -> Result<TextReader<std::fs::File>, InputError> {
    let (file, name, size) = open_file(path, limits.input_bytes, "--max-input-mib")?;
    let reader = TextReader::new(file, &name, limits);
    Ok(match size {
        Some(size) => reader.sized(size),
        None => reader,
    })
}

/// The file, its name and its size when it is a regular file; refused when it is a folder or a
/// regular file larger than `limit`.
fn open_file(
    path: &Path,
    limit: u64,
    flag: &'static str,
) -> Result<(std::fs::File, Arc<str>, Option<u64>), InputError> {
    let name = name_of(path);
    let io = |e: std::io::Error| InputError::Io { file: name.to_string(), reason: e.to_string() };
    let file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(InputError::Io { file: name.to_string(), reason: "is a folder, not a file".into() });
    }
    if meta.is_file() && meta.len() > limit {
        return Err(InputError::TooLarge { file: name.to_string(), limit, flag: flag.to_string() });
    }
    Ok((file, name, meta.is_file().then_some(meta.len())))
}

/// Reads a whole input file within the default [`Limits`] (see [`read_bytes_within`]).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    read_bytes_within(path, &Limits::default())
}

/// Reads a whole input file (a register, a paid file: small tables read whole), refused past
/// the input limit; its text is checked when it is read ([`crate::input::text::decode`]).
pub fn read_bytes_within(path: &Path, limits: &Limits) -> Result<Vec<u8>, InputError> {
    bounded_bytes(path, limits.input_bytes, "--max-input-mib")
}

fn bounded_bytes(path: &Path, limit: u64, flag: &'static str) -> Result<Vec<u8>, InputError> {
    use std::io::Read;
    let (file, name, size) = open_file(path, limit, flag)?;
    let mut bytes = Vec::with_capacity(size.map_or(0, |s| usize::try_from(s).unwrap_or(0)));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::Io { file: name.to_string(), reason: e.to_string() })?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge { file: name.to_string(), limit, flag: flag.to_string() });
    }
    Ok(bytes)
}

/// Reads one Teams or Graph export from disk with [`teams::read_file`], refusing it before it
/// is read when it is larger than [`Limits::teams_export_bytes`].
pub fn read_teams_file(path: &Path, limits: &Limits, opts: &ReadOptions) -> Result<TeamsFile, teams::TeamsError> {
    let bytes = bounded_bytes(path, limits.teams_export_bytes, "--max-teams-export-mib").map_err(|e| match e {
        InputError::TooLarge { file, limit, .. } => teams::TeamsError::TooLarge { file, limit },
        InputError::Io { file, reason } => teams::TeamsError::Io { file, reason },
        other => teams::TeamsError::Io { file: name_of(path).to_string(), reason: other.to_string() },
    })?;
    teams::read_file(&name_of(path), &bytes, opts)
}

/// Reads the rows of a CSV file through `reader`, block by block (blocks of `block_bytes`, each
/// cut into up to `threads` pieces read side by side), and gives the pieces in file order (see
/// [`input::table::read_from`]). Memory holds a block, not the file.
pub fn read_rows_of<R: input::table::RowReader, S: Send>(
    path: &Path,
    reader: &R,
    limits: &Limits,
    threads: usize,
    block_bytes: usize,
    init: impl Fn() -> S + Sync,
    each: impl Fn(&mut S, R::Row<'_>) -> bool + Sync,
) -> Result<ReadFile<S>, InputError> {
    let (file, name, size) = open_file(path, limits.input_bytes, "--max-input-mib")?;
    let source = TextReader::with(file, &name, limits.input_bytes, "--max-input-mib", limits.line_bytes, block_bytes);
    let mut source = match size {
        Some(size) => source.sized(size),
        None => source,
    };
    input::table::read_from(reader, &mut source, threads, init, each)
}

/// Why an entry of a Teams folder was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skipped {
    /// Its name starts with a dot (a system or editor file, such as `.DS_Store` or a lock file).
    Hidden,
    /// A symbolic link: never followed into a file the user did not name.
    Symlink,
    /// Not a regular file: a FIFO, a device or a socket, never opened (it could block or never
    /// end).
    Special(&'static str),
}

/// What a Teams path stands for: the files to read, in order, and every entry left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeamsFolder {
    /// Regular files, in name order, subfolders' files in place.
    pub files: Vec<PathBuf>,
    /// Entries not read, and why.
    pub skipped: Vec<(PathBuf, Skipped)>,
}

/// The files a Teams path stands for: the path itself when it names a file (the user named it:
/// it is read even through a link, and a stream is read within the limits), or every regular
/// file of the folder and of its subfolders, in name order, so that runs are reproducible.
/// Hidden entries, symbolic links, FIFOs, devices and sockets inside a folder are never opened;
/// each is listed in [`TeamsFolder::skipped`]. A path that does not exist is an error.
pub fn walk_teams(path: &Path) -> Result<TeamsFolder, InputError> {
    let io = |p: &Path, e: std::io::Error| InputError::Io { file: name_of(p).to_string(), reason: e.to_string() };
    let meta = std::fs::metadata(path).map_err(|e| io(path, e))?;
    let mut folder = TeamsFolder::default();
    if !meta.is_dir() {
        folder.files.push(path.to_path_buf());
        return Ok(folder);
    }
    // Depth first, each folder's entries in name order.
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(|e| io(&dir, e))? {
            let entry = entry.map_err(|e| io(&dir, e))?;
            // The entry itself, not what a link points to.
            let kind = entry.file_type().map_err(|e| io(&entry.path(), e))?;
            entries.push((entry.file_name(), entry.path(), kind));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut subfolders = Vec::new();
        for (name, p, kind) in entries {
            if name.to_string_lossy().starts_with('.') {
                folder.skipped.push((p, Skipped::Hidden));
            } else if kind.is_symlink() {
                folder.skipped.push((p, Skipped::Symlink));
            } else if kind.is_dir() {
                subfolders.push(p);
            } else if kind.is_file() {
                folder.files.push(p);
            } else {
                folder.skipped.push((p, Skipped::Special(special_kind(&kind))));
            }
        }
        stack.extend(subfolders);
    }
    // In name order, a subfolder's files where its name falls (paths compare part by part).
    folder.files.sort();
    folder.skipped.sort();
    Ok(folder)
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "not a regular file"
}

/// The files a Teams path stands for ([`walk_teams`] without the entries left out).
pub fn teams_files(path: &Path) -> Result<Vec<PathBuf>, InputError> {
    Ok(walk_teams(path)?.files)
}

/// The anomaly that reports an entry of a Teams folder left out.
fn skipped_entry(path: &Path, why: Skipped) -> Anomaly {
    let name = name_of(path);
    let (code, what) = match why {
        Skipped::Hidden => (Code::HiddenEntry, "a hidden entry (its name starts with a dot)".to_string()),
        Skipped::Symlink => (Code::SkippedEntry, "a symbolic link, never followed inside a Teams folder".to_string()),
        Skipped::Special(kind) => (Code::SkippedEntry, format!("{kind}, not a regular file")),
    };
    let message = format!("{name}: {what}; not read (give a file with --teams to read it as it is)");
    Anomaly::new(code, Some(SourceRef::new(&name, 0)), message)
}

/// Reads the register, the attendance and every Teams file.
///
/// A Teams file that cannot be read is an `UNREADABLE_FILE` error anomaly naming the file and
/// what was expected, and the run goes on with the others (a folder holds hundreds of reports);
/// a register or attendance file that cannot be read stops the run.
pub fn load(paths: &InputPaths) -> Result<Loaded, InputError> {
    let (register, mut anomalies) = load_register(paths)?;
    let att_name = name_of(&paths.attendance);
    let bytes = read_bytes_within(&paths.attendance, &paths.limits)?;
    let (attendance, _) = input::attendance::read(&att_name, &bytes, &mut anomalies)?;
    let (sessions, teams_anomalies) = load_teams(paths)?;
    anomalies.extend(teams_anomalies);
    Ok(Loaded { register, attendance, sessions, anomalies })
}

/// Reads every Teams file of the run and counts each meeting once (see [`teams::dedupe`]).
pub fn load_teams(paths: &InputPaths) -> Result<(Vec<SessionRecord>, Vec<Anomaly>), InputError> {
    let mut large = Vec::new();
    let (mut sessions, anomalies, _) = read_teams(paths, |mut source, anomalies| {
        let file = Arc::clone(source.file());
        let read = input::table::read_from(&input::sessions::Rows, &mut source, 1, Vec::new, |rows, row| {
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
    mut large: impl FnMut(TextReader<std::fs::File>, &mut Vec<Anomaly>) -> Result<input::table::Tally, InputError>,
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
                |message: String| Anomaly::new(Code::UnreadableFile, Some(SourceRef::new(&name, 0)), message);
            let refused = |e: InputError| match e {
                InputError::Encoding { file, reason } => {
                    unreadable(format!("{file}: not a Teams attendance export: {reason}; file not used"))
                }
                other => unreadable(format!("{other}; file not used")),
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
                Ok(Some(first)) => input::sessions::is_own_header(first),
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
            let encoding = source.encoding().unwrap_or(input::text::Encoding::Utf8);
            match teams::read_text(&name, &text, encoding, &paths.teams_options) {
                Ok(f) => exports.push(f),
                // The engine's own normalised file is structurally broken: as for the register
                // and the attendance, nothing in it can be trusted.
                Err(teams::TeamsError::Sessions(e)) => return Err(e),
                Err(e) => anomalies.push(unreadable(format!("{e}; file not used"))),
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
    let (employees, _, tally) = input::staff::read_counted(&staff_name, &bytes, &mut anomalies)?;
    anomalies.extend(input::staff::duplicate_ids(&employees));
    Ok((Register::new(employees), anomalies, FileRows { file: staff_name, tally }))
}

/// Reads a month's attendance and Teams files straight into a compact [`Batch`]. Large files
/// are read on every core, in pieces joined in file order. Rows are never held as owned
/// records; citizens' names are dropped as each row is read.
pub fn load_batch<'r>(register: &'r Register, paths: &InputPaths, month: Month) -> Result<Batch<'r>, InputError> {
    load_batch_on(register, paths, month, std::thread::available_parallelism().map_or(1, |n| n.get()))
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
            &input::attendance::Rows,
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
            let read = input::table::read_from(
                &input::sessions::Rows,
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
    let (att, ses) = std::thread::scope(|scope| {
        let ses = scope.spawn(sessions);
        let att = attendance();
        (att, ses.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    });
    let ((att, att_rows), (ses, mut rows, exports)) = (att?, ses?);
    rows.insert(0, att_rows);
    let mut batch = Batch::new(staff, month, att, ses);
    batch.files_read = rows;
    batch.exports_read = exports;
    Ok(batch)
}

/// Loads the rule files of a folder (every `*.toml`), or the shipped ones when `dir` is `None`.
pub fn load_rules(dir: Option<&Path>) -> Result<RuleBook, Vec<RuleError>> {
    let Some(dir) = dir else { return RuleBook::embedded() };
    let whole = |message: String| vec![RuleError { file: name_of(dir).to_string(), line: 0, column: 0, message }];
    let entries = std::fs::read_dir(dir).map_err(|e| whole(format!("cannot read the folder: {e}")))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(whole("no rule file (*.toml) in this folder".into()));
    }
    let mut files = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|e| {
            vec![RuleError { file: name_of(&p).to_string(), line: 0, column: 0, message: format!("cannot read: {e}") }]
        })?;
        files.push((name_of(&p).to_string(), text));
    }
    RuleBook::from_files(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str, bytes: &[u8]) -> PathBuf {
        let path = std::env::temp_dir().join(format!("sportello-files-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        path
    }

    type Rows = (Vec<(u64, String)>, Vec<u64>, usize, input::table::Tally);

    /// The rows `read_rows_of` gives for `text` in blocks of 1 MiB on two threads: (line, id),
    /// the lines of the anomalies, the number of pieces and the tally.
    fn read(text: &str) -> Result<Rows, String> {
        let path = temp(&format!("blocks-{}.csv", text.len()), text.as_bytes());
        let limits = Limits::default();
        let read = read_rows_of(&path, &input::attendance::Rows, &limits, 2, 1 << 20, Vec::new, |rows, r| {
            rows.push((r.line, r.employee_id.to_string()));
            true
        });
        std::fs::remove_file(&path).ok();
        let read = read.map_err(|e| e.to_string())?;
        let rows = read.pieces.iter().flat_map(|p| p.state.iter().cloned()).collect();
        let lines =
            read.pieces.iter().flat_map(|p| p.anomalies.iter().filter_map(|a| a.source.as_ref().map(|s| s.line)));
        Ok((rows, lines.collect(), read.pieces.len(), read.tally))
    }

    #[test]
    fn large_files_are_read_in_blocks_quoted_or_not() {
        let mut text = String::from("\u{feff}employee_id,date,start,end,kind,code\n");
        let mut i = 0;
        while text.len() < 5 << 20 {
            i += 1;
            let kind = if i % 1000 == 0 { "lunch" } else { "presence" };
            text.push_str(&format!("{i:07},2025-10-06,08:00,14:00,{kind},PRES\n"));
        }
        let (rows, refused, pieces, tally) = read(&text).unwrap();
        assert!(pieces >= 5, "a piece per block at least: {pieces}");
        assert_eq!(rows.len(), i - i / 1000);
        assert_eq!(rows[0], (2, "0000001".to_string()));
        assert_eq!(rows.last().map(|r| r.0), Some(i as u64 + 1));
        assert_eq!(refused, (1..=i / 1000).map(|k| k as u64 * 1000 + 1).collect::<Vec<_>>());
        assert_eq!((tally.read, tally.used, tally.reported), (i as u64, (i - i / 1000) as u64, (i / 1000) as u64));
        // A quoted cell and a stray quote in the last block: read in blocks all the same, the
        // stray quote costing its own line only.
        text.push_str("\"9999999\",2025-10-06,08:00,14:00,presence,PRES\n\"9999998,2025-10-06,08:00,14:00,presence,PRES\n0000001,2025-10-06,08:00,14:00,presence,PRES\n");
        let (quoted, refused_again, more_pieces, _) = read(&text).unwrap();
        assert!(more_pieces >= 5);
        assert_eq!(quoted[..rows.len()], rows[..]);
        assert_eq!(
            quoted[rows.len()..],
            [(i as u64 + 2, "9999999".to_string()), (i as u64 + 4, "0000001".to_string())]
        );
        assert_eq!(refused_again.last(), Some(&(i as u64 + 3)));
        // A line too long in a late block: refused with its line.
        text.push_str(&"x".repeat(3 << 19));
        text.push_str("\n0000001,2025-10-06,08:00,14:00,presence,PRES\n");
        let message = read(&text).err().unwrap_or_default();
        assert!(message.contains(&format!("line {}", i + 5)) && message.contains("longer than"), "{message}");
    }

    #[test]
    fn a_large_file_that_is_not_text_is_refused_at_once() {
        let noise: Vec<u8> = (0..(5u32 << 20)).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let path = temp("noise.csv", &noise);
        let limits = Limits::default();
        let refused = read_rows_of(&path, &input::attendance::Rows, &limits, 2, 1 << 20, || (), |_, _| true);
        std::fs::remove_file(&path).ok();
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("expected text in UTF-8"), "{message}");
    }

    #[test]
    fn a_file_above_the_limit_is_refused_before_it_is_read() {
        let path = temp("big.csv", &vec![b'a'; 4096]);
        let limits = Limits { input_bytes: 1000, ..Limits::default() };
        let message = read_bytes_within(&path, &limits).err().map(|e| e.to_string()).unwrap_or_default();
        std::fs::remove_file(&path).ok();
        assert!(message.contains("more than 1000 bytes") && message.contains("--max-input-mib"), "{message}");
    }

    #[cfg(unix)]
    #[test]
    fn a_teams_folder_accounts_for_every_entry() {
        let dir = std::env::temp_dir().join(format!("sportello-walk-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(dir.join("b-sub/deeper")).unwrap();
        std::fs::create_dir_all(dir.join(".hidden-dir")).unwrap();
        for f in ["c.csv", "a.csv", "b-sub/x.csv", "b-sub/deeper/y.csv", ".DS_Store", ".hidden-dir/z.csv"] {
            std::fs::write(dir.join(f), "x").unwrap();
        }
        std::os::unix::fs::symlink(dir.join("a.csv"), dir.join("link.csv")).unwrap();
        let fifo = std::process::Command::new("mkfifo").arg(dir.join("pipe")).status();
        let walked = walk_teams(&dir).unwrap();
        let rel = |p: &PathBuf| p.strip_prefix(&dir).unwrap().to_string_lossy().into_owned();
        assert_eq!(
            walked.files.iter().map(rel).collect::<Vec<_>>(),
            ["a.csv", "b-sub/deeper/y.csv", "b-sub/x.csv", "c.csv"]
        );
        let skipped: Vec<(String, Skipped)> = walked.skipped.iter().map(|(p, w)| (rel(p), *w)).collect();
        let mut expected = vec![
            (".DS_Store".to_string(), Skipped::Hidden),
            (".hidden-dir".to_string(), Skipped::Hidden),
            ("link.csv".to_string(), Skipped::Symlink),
        ];
        if fifo.is_ok_and(|s| s.success()) {
            expected.push(("pipe".to_string(), Skipped::Special("a FIFO (named pipe)")));
        }
        assert_eq!(skipped, expected);
        assert!(walk_teams(&dir.join("missing")).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
