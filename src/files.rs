//! Reading a run's inputs from disk: the only part of the library that touches files.
//!
//! The calculation itself ([`crate::engine`]) is pure; this module turns paths into the records
//! it needs, naming every file as the user named it so that anomalies point back to it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::attendance::AttendanceRecord;
use crate::engine::{AttendancePart, Batch, Month, SessionPart, Staff};
use crate::input::table::count_newlines;
use crate::input::{self, InputError};
use crate::register::Register;
use crate::rules::{RuleBook, RuleError};
use crate::sessions::SessionRecord;
use crate::teams::{self, ReadOptions, TeamsFile, MAX_FILE_BYTES};

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

/// Reads a whole file, with a clear error.
///
/// The file is read in chunks and refused as soon as it cannot be a text export: when its first
/// chunk is not text in a supported encoding (binary data), or when a line runs past
/// [`MAX_LINE_BYTES`]. So garbage costs at most one chunk and one line of memory; a real export
/// costs its size. Files above [`MAX_INPUT_BYTES`] are refused before reading.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    use std::io::Read;
    let name = name_of(path).to_string();
    let io = |e: std::io::Error| InputError::Io { file: name.clone(), reason: e.to_string() };
    let mut f = std::fs::File::open(path).map_err(io)?;
    let size = f.metadata().map_err(io)?.len();
    if size > MAX_INPUT_BYTES {
        return Err(InputError::Encoding {
            file: name,
            reason: format!("{size} bytes, more than the {MAX_INPUT_BYTES} bytes an input file may have; not read"),
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).min(MAX_INPUT_BYTES as usize));
    // The length of the line still open at the end of what was read.
    let mut run = 0usize;
    loop {
        let start = bytes.len();
        // Read straight into the buffer, a chunk at a time, without zeroing it first.
        let n = (&mut f).take(CHUNK_BYTES as u64).read_to_end(&mut bytes).map_err(io)?;
        if n == 0 {
            break;
        }
        let piece = &bytes[start..];
        if start == 0 {
            // Cut at an even length so that a UTF-16 text is never split inside a unit; a
            // UTF-8 character cut at the end of the chunk is not an error.
            let head = &piece[..n & !1];
            if let Err(reason) = crate::input::text::decode(head) {
                if !reason.contains("invalid UTF-8 at byte") || !utf8_cut_at_end(head) {
                    return Err(InputError::Encoding { file: name, reason });
                }
            }
        }
        // A chunk is no longer than the longest line allowed, so a line too long is one that
        // spans chunks: the bytes before a chunk's first newline continue the open line, those
        // after its last one open the next.
        let too_long = |bytes: &[u8]| InputError::Malformed {
            file: name.clone(),
            line: 1 + count_newlines(bytes),
            reason: format!("the line is longer than {MAX_LINE_BYTES} bytes: not a CSV export"),
        };
        match piece.iter().position(|&b| b == b'\n') {
            Some(first) if run + first > MAX_LINE_BYTES => return Err(too_long(&bytes[..start])),
            Some(_) => run = piece.iter().rev().position(|&b| b == b'\n').unwrap_or(0),
            None => {
                run += n;
                if run > MAX_LINE_BYTES {
                    return Err(too_long(&bytes[..start]));
                }
            }
        }
    }
    Ok(bytes)
}

/// The largest input file read (4 GiB).
pub const MAX_INPUT_BYTES: u64 = 4 << 30;
/// The longest line an input file may have (1 MiB).
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// Files are read in chunks of this size (at most [`MAX_LINE_BYTES`]).
const CHUNK_BYTES: usize = MAX_LINE_BYTES;

/// Large files are read in blocks of this size (at least [`MAX_LINE_BYTES`]): see
/// [`read_rows_of`].
pub const BLOCK_BYTES: usize = 8 << 20;

/// Reads the rows of a CSV file through `reader`, on up to `threads` threads, and gives the
/// pieces in file order (as [`input::table::read_rows_parallel`]).
///
/// A file of at least two blocks of `block_bytes` is streamed: read a block of whole lines at a
/// time into one buffer, each block cut into pieces read side by side, so that memory holds one
/// block rather than the file. A file that cannot be streamed exactly — it has a quote, a byte
/// that is not UTF-8 text, a line longer than a block, or a header that is refused — is read
/// whole, even if that is found out in its last block, so that it is read and judged exactly as
/// a small file would be.
pub fn read_rows_of<R: input::table::RowReader, S: Send>(
    path: &Path,
    file: &Arc<str>,
    reader: &R,
    threads: usize,
    block_bytes: usize,
    init: impl Fn() -> S + Sync,
    each: impl Fn(&mut S, R::Row<'_>) + Sync,
) -> Result<Vec<input::table::Piece<S>>, InputError> {
    if let Some(parts) = stream_rows(path, file, reader, threads, block_bytes.max(MAX_LINE_BYTES), &init, &each)? {
        return Ok(parts);
    }
    let bytes = read_bytes(path)?;
    Ok(input::table::read_rows_parallel(reader, file, &bytes, threads, init, each)?.0)
}

/// [`read_rows_of`] block by block; `None` when the file must be read whole.
fn stream_rows<R: input::table::RowReader, S: Send>(
    path: &Path,
    file: &Arc<str>,
    reader: &R,
    threads: usize,
    block_bytes: usize,
    init: &(impl Fn() -> S + Sync),
    each: &(impl Fn(&mut S, R::Row<'_>) + Sync),
) -> Result<Option<Vec<input::table::Piece<S>>>, InputError> {
    use std::io::Read;
    let io = |e: std::io::Error| InputError::Io { file: file.to_string(), reason: e.to_string() };
    let mut f = std::fs::File::open(path).map_err(io)?;
    let size = f.metadata().map_err(io)?.len();
    if size < 2 * block_bytes as u64 || size > MAX_INPUT_BYTES {
        return Ok(None);
    }
    let mut buf: Vec<u8> = Vec::with_capacity(block_bytes + MAX_LINE_BYTES);
    let mut blocks: Option<input::table::Blocks<'_>> = None;
    let mut parts = Vec::new();
    loop {
        // Up to a block beyond the open line left by the last one. The first block is only as
        // long as the longest line: a file that is not text is then given up after as much as
        // the whole read needs to refuse it.
        let limit = if blocks.is_none() { MAX_LINE_BYTES } else { block_bytes };
        let want = limit.saturating_sub(buf.len()) as u64;
        let eof = (&mut f).take(want).read_to_end(&mut buf).map_err(io)? < want as usize;
        let whole_lines = if eof {
            buf.len()
        } else {
            match buf.iter().rposition(|&b| b == b'\n') {
                Some(i) => i + 1,
                // A line longer than a block: the whole read reports it.
                None => return Ok(None),
            }
        };
        let block = buf.get(..whole_lines).unwrap_or_default();
        // A line of [`MAX_LINE_BYTES`] or more covers a whole window of half that size, so some
        // window has no line end; the whole read refuses such a file, and says where.
        if block.chunks_exact(MAX_LINE_BYTES / 2).any(|window| !window.contains(&b'\n')) {
            return Ok(None);
        }
        let read = match &mut blocks {
            None => {
                // The first block is decoded as a whole file is (BOM included); only UTF-8 text is
                // streamed.
                use input::text::Encoding;
                let (text, encoding) = match input::text::decode(block) {
                    Ok((std::borrow::Cow::Borrowed(text), e @ (Encoding::Utf8 | Encoding::Utf8Bom))) => (text, e),
                    _ => return Ok(None),
                };
                let Some((opened, start)) = input::table::Blocks::open(file, text, encoding, R::REQUIRED, R::OPTIONAL)
                else {
                    return Ok(None);
                };
                blocks.insert(opened).read_rows(reader, text.get(start..).unwrap_or(""), threads, init, each)?
            }
            Some(b) => match input::text::utf8_text(block) {
                Some(text) => b.read_rows(reader, text, threads, init, each)?,
                None => None,
            },
        };
        let Some(read) = read else { return Ok(None) };
        parts.extend(read);
        if eof {
            return Ok(Some(parts));
        }
        buf.drain(..whole_lines);
    }
}

/// True when the only UTF-8 error of `head` is a character cut by the end of the chunk.
fn utf8_cut_at_end(head: &[u8]) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// The files a Teams path stands for: the file itself, or every regular file of the folder
/// (not hidden, not recursive), sorted by name so that runs are reproducible.
pub fn teams_files(path: &Path) -> Result<Vec<PathBuf>, InputError> {
    let io = |e: std::io::Error| InputError::Io { file: name_of(path).to_string(), reason: e.to_string() };
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io)? {
        let entry = entry.map_err(io)?;
        let p = entry.path();
        let hidden = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if !hidden && entry.file_type().map_err(io)?.is_file() {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads the register, the attendance and every Teams file.
///
/// A Teams file that cannot be read is an `UNREADABLE_FILE` error anomaly naming the file and
/// what was expected, and the run goes on with the others (a folder holds hundreds of reports);
/// a register or attendance file that cannot be read stops the run.
pub fn load(paths: &InputPaths) -> Result<Loaded, InputError> {
    let (register, mut anomalies) = load_register(paths)?;
    let att_name = name_of(&paths.attendance);
    let (attendance, _) = input::attendance::read(&att_name, &read_bytes(&paths.attendance)?, &mut anomalies)?;
    let (sessions, teams_anomalies) = load_teams(paths)?;
    anomalies.extend(teams_anomalies);
    Ok(Loaded { register, attendance, sessions, anomalies })
}

/// Reads every Teams file of the run and counts each meeting once (see [`teams::dedupe`]).
pub fn load_teams(paths: &InputPaths) -> Result<(Vec<SessionRecord>, Vec<Anomaly>), InputError> {
    let mut large = Vec::new();
    let (mut sessions, anomalies) = read_teams(paths, |path, name, anomalies| {
        let (rows, _) = input::sessions::read(name, &read_bytes(path)?, anomalies)?;
        large.extend(rows);
        Ok(())
    })?;
    sessions.extend(large);
    Ok((sessions, anomalies))
}

/// The Teams files of a run: exports are read and deduplicated here; normalised sessions
/// files (path and name) are handed to `large`, to be read as it likes.
fn read_teams(
    paths: &InputPaths,
    mut large: impl FnMut(&Path, &Arc<str>, &mut Vec<Anomaly>) -> Result<(), InputError>,
) -> Result<(Vec<SessionRecord>, Vec<Anomaly>), InputError> {
    let mut anomalies = Vec::new();
    let mut exports: Vec<TeamsFile> = Vec::new();
    for t in &paths.teams {
        if paths.teams_optional && !t.exists() {
            continue;
        }
        for file in teams_files(t)? {
            let name = name_of(&file);
            let unreadable =
                |message: String| Anomaly::new(Code::UnreadableFile, Some(SourceRef::new(&name, 0)), message);
            // The engine's own normalised file (of any size: a whole region's month) is
            // streamed row by row; Teams exports are read whole and deduplicated.
            if starts_like_normalised(&file) {
                large(&file, &name, &mut anomalies)?;
                continue;
            }
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            if size > MAX_FILE_BYTES {
                anomalies.push(unreadable(format!(
                    "{name}: {size} bytes, more than the {MAX_FILE_BYTES} bytes a Teams export may have; not read"
                )));
                continue;
            }
            match teams::read_path(&file, &paths.teams_options) {
                Ok(mut f) => {
                    f.file = name;
                    exports.push(f);
                }
                // The engine's own normalised file is structurally broken: as for the register
                // and the attendance, nothing in it can be trusted.
                Err(teams::TeamsError::Sessions(e)) => return Err(e),
                Err(e) => anomalies.push(unreadable(format!("{e}; file not used"))),
            }
        }
    }
    let (sessions, dedupe_anomalies) = teams::dedupe(exports);
    anomalies.extend(dedupe_anomalies);
    Ok((sessions, anomalies))
}

/// Reads the register (and reports duplicate ids).
pub fn load_register(paths: &InputPaths) -> Result<(Register, Vec<Anomaly>), InputError> {
    let mut anomalies = Vec::new();
    let staff_name = name_of(&paths.staff);
    let (employees, _) = input::staff::read(&staff_name, &read_bytes(&paths.staff)?, &mut anomalies)?;
    anomalies.extend(input::staff::duplicate_ids(&employees));
    Ok((Register::new(employees), anomalies))
}

/// Reads a month's attendance and Teams files straight into a compact [`Batch`]. Large files
/// are read on every core, in pieces joined in file order. Rows are never held as owned
/// records; citizens' names are dropped as each row is read.
pub fn load_batch<'r>(register: &'r Register, paths: &InputPaths, month: Month) -> Result<Batch<'r>, InputError> {
    load_batch_on(register, paths, month, std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// [`load_batch`] with each large file (or each block of one) cut into at most `threads`
/// pieces. The batch is the same whatever the number (tested); only the time differs.
pub fn load_batch_on<'r>(
    register: &'r Register,
    paths: &InputPaths,
    month: Month,
    threads: usize,
) -> Result<Batch<'r>, InputError> {
    load_batch_in_blocks(register, paths, month, threads, BLOCK_BYTES)
}

/// [`load_batch_on`] with files of two blocks or more of `block_bytes` read block by block (see
/// [`read_rows_of`]). The batch is the same whatever the size (tested).
pub fn load_batch_in_blocks<'r>(
    register: &'r Register,
    paths: &InputPaths,
    month: Month,
    threads: usize,
    block_bytes: usize,
) -> Result<Batch<'r>, InputError> {
    let threads = threads.max(1);
    let staff = Staff::new(register);
    let attendance = || -> Result<AttendancePart, InputError> {
        let name = name_of(&paths.attendance);
        let parts = read_rows_of(
            &paths.attendance,
            &name,
            &input::attendance::Rows,
            threads,
            block_bytes,
            AttendancePart::default,
            |part, row| part.push(&staff, month, &name, &row),
        )?;
        let mut att = AttendancePart::default();
        for (part, found) in parts {
            att.append(part);
            att.anomalies.extend(found);
        }
        Ok(att)
    };
    let sessions = || -> Result<SessionPart, InputError> {
        let mut ses = SessionPart::default();
        let (records, found) = read_teams(paths, |path, name, anomalies| {
            // A row takes some 64 bytes or more: room for that many up front spares copying
            // the rows as they grow (pages never written cost nothing).
            let rows = block_bytes / threads / 64;
            let parts = read_rows_of(
                path,
                name,
                &input::sessions::Rows,
                threads,
                block_bytes,
                || SessionPart::with_capacity(rows),
                |part, row| part.push(&staff, name, &row),
            )?;
            for (part, found) in parts {
                ses.append(part);
                anomalies.extend(found);
            }
            Ok(())
        })?;
        for r in &records {
            ses.push_record(&staff, r);
        }
        ses.anomalies.extend(found);
        Ok(ses)
    };
    // The two run side by side, each on every core: while one reads its file or joins its
    // pieces (work for one thread), the other keeps the second core busy.
    let (att, ses) = std::thread::scope(|scope| {
        let ses = scope.spawn(sessions);
        let att = attendance();
        (att, ses.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    });
    Ok(Batch::new(staff, month, att?, ses?))
}

/// True when the file begins with the normalised sessions header, as
/// [`input::sessions::is_own_header`] decides on its first 4 KiB.
fn starts_like_normalised(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4096];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    let head = &head[..n & !1];
    let text = match input::text::decode(head) {
        Ok((t, _)) => t.into_owned(),
        // A UTF-8 character cut by the end of the sample.
        Err(_) => match std::str::from_utf8(head) {
            Ok(t) => t.to_string(),
            Err(e) => String::from_utf8_lossy(&head[..e.valid_up_to()]).into_owned(),
        },
    };
    // (A header longer than the sample is not one.)
    input::sessions::is_own_header(text.trim_start_matches('\u{feff}'))
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

    /// The rows `read_rows_of` gives for `text` in blocks of 1 MiB on two threads, and the
    /// number of pieces they came in.
    fn read(text: &str) -> (Vec<(u64, String)>, Vec<u64>, usize) {
        let path = std::env::temp_dir().join(format!("sportello-blocks-{}-{}.csv", std::process::id(), text.len()));
        std::fs::write(&path, text).unwrap();
        let file: Arc<str> = Arc::from("a.csv");
        let parts = read_rows_of(
            &path,
            &file,
            &input::attendance::Rows,
            2,
            MAX_LINE_BYTES,
            Vec::new,
            |rows: &mut Vec<(u64, String)>, r| rows.push((r.line, r.employee_id.to_string())),
        )
        .unwrap();
        std::fs::remove_file(&path).ok();
        let n = parts.len();
        let rows = parts.iter().flat_map(|(rows, _)| rows.iter().cloned()).collect();
        let lines = parts
            .iter()
            .flat_map(|(_, found)| found.iter().filter_map(|a| a.source.as_ref().map(|s| s.line)))
            .collect();
        (rows, lines, n)
    }

    #[test]
    fn the_normalised_header_is_the_first_record_as_the_readers_cut_it() {
        let cases: [(&[u8], bool); 8] = [
            (b"meeting_id,participant,upn,role,join,leave\n", true),
            (b"\n\nemployee_id,meeting\nmeeting_id\n", false),
            (b"\r\nMEETING_ID;participant\n", true),
            // A lone CR ends the first record, as the tokenisers end it.
            (b"x\rmeeting_id,participant,upn,role,join,leave\n", false),
            // A stray quote does not carry the first line on to the next.
            (b"Nome\",\nmeeting_id,participant\n", false),
            // The header as the reader cuts it: one quoted cell; a name that is not the column.
            (b"\"meeting_id,x\",participant\n", false),
            (b"meeting_id:,participant\n", false),
            (b"\"meeting_id\",participant\n", true),
        ];
        for (i, (bytes, expected)) in cases.into_iter().enumerate() {
            let path = std::env::temp_dir().join(format!("sportello-head-{}-{i}.csv", std::process::id()));
            std::fs::write(&path, bytes).unwrap();
            assert_eq!(starts_like_normalised(&path), expected, "{:?}", String::from_utf8_lossy(bytes));
            std::fs::remove_file(&path).ok();
        }
    }

    #[test]
    fn large_files_are_streamed_in_blocks_unless_a_quote_appears_late() {
        let mut text = String::from("\u{feff}employee_id,date,start,end,kind,code\n");
        let mut i = 0;
        while text.len() < 5 << 20 {
            i += 1;
            let kind = if i % 1000 == 0 { "lunch" } else { "presence" };
            text.push_str(&format!("{i:07},2025-10-06,08:00,14:00,{kind},PRES\n"));
        }
        let (rows, refused, pieces) = read(&text);
        // (A block of 1 MiB is one piece: smaller pieces are not worth a thread.)
        assert!(pieces >= 5, "a piece per block, not one read: {pieces}");
        assert_eq!(rows.len(), i - i / 1000);
        assert_eq!(rows[0], (2, "0000001".to_string()));
        assert_eq!(rows.last().map(|r| r.0), Some(i as u64 + 1));
        assert_eq!(refused, (1..=i / 1000).map(|k| k as u64 * 1000 + 1).collect::<Vec<_>>());
        // A quote in the last block: the file is read whole, by the quoting tokeniser, and
        // gives what the quoted cell means.
        text.push_str("\"9999999\",2025-10-06,08:00,14:00,presence,PRES\n");
        let (quoted, refused_again, pieces) = read(&text);
        assert_eq!(pieces, 1, "read whole");
        assert_eq!(quoted[..rows.len()], rows[..]);
        assert_eq!(quoted.last(), Some(&(i as u64 + 2, "9999999".to_string())));
        assert_eq!(refused_again, refused);
        // A line too long in a late block: refused as the whole read refuses it, with its line.
        text.push_str(&"x".repeat(3 << 19));
        text.push_str("\n0000001,2025-10-06,08:00,14:00,presence,PRES\n");
        let path = std::env::temp_dir().join(format!("sportello-long-{}.csv", std::process::id()));
        std::fs::write(&path, &text).unwrap();
        let file: Arc<str> = Arc::from("a.csv");
        let refused = read_rows_of(&path, &file, &input::attendance::Rows, 2, MAX_LINE_BYTES, || (), |_, _| {});
        std::fs::remove_file(&path).ok();
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains(&format!("line {}", i + 3)) && message.contains("longer than"), "{message}");
    }

    #[test]
    fn a_large_file_that_is_not_text_is_refused_as_the_whole_read_refuses_it() {
        let path = std::env::temp_dir().join(format!("sportello-noise-{}.csv", std::process::id()));
        let noise: Vec<u8> = (0..(5u32 << 20)).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        std::fs::write(&path, noise).unwrap();
        let file: Arc<str> = Arc::from("a.csv");
        let refused = read_rows_of(&path, &file, &input::attendance::Rows, 2, MAX_LINE_BYTES, || (), |_, _| {});
        std::fs::remove_file(&path).ok();
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("expected text in UTF-8"), "{message}");
    }
}
