//! Opening the user's files: an input opened or read within the limits (a regular file larger
//! than its limit is refused before anything is read), a Teams export read whole, a table read
//! block by block. Every file is named as the user named it, so that anomalies point back to it.

use std::path::Path;
use std::sync::Arc;

use crate::position::Position;

use super::source::{Limits, TextReader};
use super::table::{ReadFile, RowReader};
use super::teams::{self, ReadOptions, TeamsFile};
use super::InputError;

/// A path as the user named it, for messages (forward slashes on every system).
pub(crate) fn name_of(path: &Path) -> Arc<str> {
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
    let io = |e: std::io::Error| InputError::Io { at: Position::whole_file(name.to_string()), reason: e.to_string() };
    let file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(InputError::Folder { at: Position::whole_file(name.to_string()) });
    }
    if meta.is_file() && meta.len() > limit {
        return Err(InputError::TooLarge { at: Position::whole_file(name.to_string()), limit, flag: flag.to_string() });
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
        .map_err(|e| InputError::Io { at: Position::whole_file(name.to_string()), reason: e.to_string() })?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge { at: Position::whole_file(name.to_string()), limit, flag: flag.to_string() });
    }
    Ok(bytes)
}

/// Reads one Teams or Graph export from disk with [`teams::read_file`], refusing it before it
/// is read when it is larger than [`Limits::teams_export_bytes`].
pub fn read_teams_file(path: &Path, limits: &Limits, opts: &ReadOptions) -> Result<TeamsFile, teams::TeamsError> {
    let bytes = bounded_bytes(path, limits.teams_export_bytes, "--max-teams-export-mib").map_err(|e| match e {
        InputError::TooLarge { at, limit, .. } => teams::TeamsError::TooLarge { at, limit },
        InputError::Io { at, reason } => teams::TeamsError::Io { at, reason },
        InputError::Folder { at } => teams::TeamsError::Io { at, reason: "is a folder, not a file".into() },
        other => {
            teams::TeamsError::Io { at: Position::whole_file(name_of(path).to_string()), reason: other.to_string() }
        }
    })?;
    teams::read_file(&name_of(path), &bytes, opts)
}

/// Reads the rows of a CSV file through `reader`, block by block (blocks of `block_bytes`, each
/// cut into up to `threads` pieces read side by side), and gives the pieces in file order (see
/// [`super::table::read_from`]). Memory holds a block, not the file.
pub fn read_rows_of<R: RowReader, S: Send>(
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
    super::table::read_from(reader, &mut source, threads, init, each)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn temp(name: &str, bytes: &[u8]) -> PathBuf {
        let path = std::env::temp_dir().join(format!("sportello-files-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        path
    }

    type Rows = (Vec<(u64, String)>, Vec<u64>, usize, super::super::table::Tally);

    /// The rows `read_rows_of` gives for `text` in blocks of 1 MiB on two threads: (line, id),
    /// the lines of the anomalies, the number of pieces and the tally.
    fn read(text: &str) -> Result<Rows, String> {
        let path = temp(&format!("blocks-{}.csv", text.len()), text.as_bytes());
        let limits = Limits::default();
        let read = read_rows_of(&path, &super::super::attendance::Rows, &limits, 2, 1 << 20, Vec::new, |rows, r| {
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
        let refused = read_rows_of(&path, &super::super::attendance::Rows, &limits, 2, 1 << 20, || (), |_, _| true);
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
}
