//! The commit of a run's outputs: every output written, or none replaced, and never an input.
//!
//! A run gives an [`OutputSet`] every destination it will write (a file, or standard output)
//! and every file it reads. [`OutputSet::check`] refuses, before anything is written, an output
//! that is the same file as an input or as another output, whatever the spelling of its path:
//! files that exist are compared by device and inode (through symlinks, so a symlink or a hard
//! link to an input is caught); a file that does not exist yet is compared by its folder,
//! canonicalised, and its name (so `a.csv`, `./a.csv` and `dir/../a.csv` are one). A folder is
//! refused as an output.
//!
//! [`OutputSet::open`] then gives each file destination a fresh temporary file, created
//! exclusively (`O_EXCL`: never through a symlink) under an unpredictable name
//! (`.sportello-XXXXXX.tmp`) in the destination's own folder, so that no one can plant a link
//! at its name and the final rename stays on one file system. The caller writes each output
//! ([`Staged::write`]); [`Staged::commit`] flushes every output and `fsync`s every temporary
//! file, and only then renames them into place, in the order they were given.
//!
//! For a run manifest ([`super::manifest`]), [`OutputSet::digest_outputs`] has every output
//! but standard output hashed (SHA-256) as its bytes are written, and [`Staged::sha256`] gives
//! the digest of what was written so far: the manifest is then one more output of the set,
//! written last, checked and committed with the others.
//!
//! # What is guaranteed
//!
//! * No input is ever opened for writing, truncated or replaced by an output.
//! * A destination is replaced only by a complete, flushed and synced file, in one `rename`:
//!   a reader sees the old file or the new one, never a part.
//! * If writing, flushing or syncing any output fails, no destination is replaced, and every
//!   temporary file is removed (a [`tempfile::NamedTempFile`] removes itself when dropped,
//!   also on an early error return or a panic).
//! * If a later rename fails, the destinations already replaced are put back: before the
//!   renames, each existing destination but the last gets a second name, a hard link
//!   `.sportello-XXXXXX.old` in its folder, and that link is renamed back over it (a
//!   destination that did not exist is removed). The links are removed once all renames
//!   succeeded. The error says which outputs could not be put back, if any.
//! * A destination that is a symlink is itself replaced by the new file; the file it pointed to
//!   is not touched (a symlink to an input, or to another output, is refused by the check).
//! * A device, a FIFO or a terminal (`/dev/null`, `/dev/stdout`, a named pipe), and any path
//!   under `/dev/` or `/proc/`, is written in place and never renamed over; the same device may
//!   be named by two outputs (`--out /dev/null --anomalies /dev/null`), and such outputs are
//!   not compared with each other (they are written one after the other, in order).
//! * Standard output is written in place. When it is a closed pipe, its output is dropped and
//!   the files are still committed ([`Committed::stdout_closed`] says so).
//!
//! # What remains
//!
//! * Between the first rename and the last, a reader (or a crash) can see some outputs new and
//!   others old: renames of several files cannot be made one atomic step portably. A process
//!   killed by a signal (SIGKILL, a power cut) in that window, or at any time while temporary
//!   files exist, leaves them behind (`.sportello-*.tmp`, `.sportello-*.old`) and no rollback.
//! * On a file system without hard links (FAT, some network shares) no second name can be made:
//!   if a later rename fails there, an earlier destination that existed stays replaced, and the
//!   error says so.
//! * What is written in place (a device, a pipe, standard output) cannot be taken back.
//! * The check and the renames are separate steps: a file created or linked at a destination
//!   by another process in between is not seen by the check.
//! * Names that differ only in case are different names to the check, even on a file system
//!   that ignores case, as long as the file does not exist yet.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tempfile::{NamedTempFile, TempPath};

/// Why the outputs of a run were refused or could not be committed.
#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    /// An output is the same file as an input.
    #[error("{output} is the same file as the input {input}: an output never replaces an input; name another file")]
    SameAsInput {
        /// The output, as the user named it.
        output: String,
        /// The input, as the user named it.
        input: String,
    },
    /// Two outputs are the same file.
    #[error("{first} and {second} are the same file: give each output its own file")]
    SameOutput {
        /// The first output.
        first: String,
        /// The second output.
        second: String,
    },
    /// An output names a folder, or no file at all.
    #[error("{output} is a folder, not a file: name a file")]
    NotAFile {
        /// The output.
        output: String,
    },
    /// A destination's temporary file (or a device) could not be opened.
    #[error("cannot create {output}: {source}")]
    Create {
        /// The output.
        output: String,
        /// Why.
        source: io::Error,
    },
    /// Writing, flushing or syncing an output failed.
    #[error("cannot write {output}: {source}; no output file was replaced")]
    Write {
        /// The output.
        output: String,
        /// Why.
        source: io::Error,
    },
    /// Moving an output into place failed.
    #[error("cannot replace {output}: {source}; {restored}")]
    Replace {
        /// The output.
        output: String,
        /// Why.
        source: io::Error,
        /// What became of the outputs already moved into place.
        restored: String,
    },
}

/// An output of an [`OutputSet`], to write with [`Staged::write`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutputId(usize);

/// One output as the user named it.
#[derive(Clone, Debug)]
struct Named {
    /// How messages name it: the flag and the path (`--out payroll.csv`), or "standard output".
    label: String,
    /// `None` for standard output.
    path: Option<PathBuf>,
}

/// The outputs and inputs of a run, to check and then open.
#[derive(Clone, Debug, Default)]
pub struct OutputSet {
    outputs: Vec<Named>,
    inputs: Vec<PathBuf>,
    /// Hash every output (not standard output) as it is written.
    digests: bool,
}

/// What a path is, for the same-file check.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Key {
    /// An existing file: device and inode.
    #[cfg_attr(not(unix), allow(dead_code))]
    Id(u64, u64),
    /// An existing file where there are no inodes: its canonical path.
    #[cfg(not(unix))]
    Canonical(PathBuf),
    /// A file not there yet: its canonical folder and its name.
    Name(PathBuf),
}

/// Where an output's bytes go.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Dest {
    /// Standard output.
    Stdout,
    /// A device, a FIFO or a terminal: written in place.
    InPlace(PathBuf),
    /// A regular file, present or not: written beside it and renamed over it.
    File(PathBuf),
}

/// A destination and what it is.
#[derive(Debug)]
struct Inspected {
    dest: Dest,
    /// `None`: cannot be the same file as anything (a device, a pipe).
    key: Option<Key>,
}

impl OutputSet {
    /// An empty set.
    pub fn new() -> Self {
        OutputSet::default()
    }

    /// Adds an output: a file, or standard output for `None` or `-`. `flag` names it in
    /// messages (`--out`).
    pub fn output(&mut self, flag: &str, path: Option<&Path>) -> OutputId {
        let path = path.filter(|p| *p != Path::new("-")).map(Path::to_path_buf);
        let label = match &path {
            Some(p) => format!("{flag} {}", p.display()),
            None => "standard output".to_string(),
        };
        self.outputs.push(Named { label, path });
        OutputId(self.outputs.len() - 1)
    }

    /// Adds a file the run reads.
    pub fn input(&mut self, path: impl Into<PathBuf>) {
        self.inputs.push(path.into());
    }

    /// Adds files the run reads.
    pub fn inputs(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        self.inputs.extend(paths);
    }

    /// The files the run reads, as added.
    pub fn input_paths(&self) -> &[PathBuf] {
        &self.inputs
    }

    /// Has every output but standard output hashed as it is written ([`Staged::sha256`]).
    pub fn digest_outputs(&mut self) {
        self.digests = true;
    }

    /// Refuses an output that is the same file as an input or as another output, or a folder.
    /// Nothing is created or written.
    pub fn check(&self) -> Result<(), CommitError> {
        self.inspect().map(|_| ())
    }

    /// The destinations, checked.
    fn inspect(&self) -> Result<Vec<Inspected>, CommitError> {
        let outputs: Vec<Inspected> = self.outputs.iter().map(inspect_output).collect::<Result<_, _>>()?;
        // Inputs are looked at only when some output could be one of them (not for a run
        // writing to /dev/null or a pipe).
        if outputs.iter().any(|o| o.key.is_some()) {
            let inputs: Vec<(Option<Key>, &PathBuf)> = self.inputs.iter().map(|p| (key_of(p), p)).collect();
            for (o, named) in outputs.iter().zip(&self.outputs) {
                let Some(key) = &o.key else { continue };
                if let Some((_, input)) = inputs.iter().find(|(k, _)| k.as_ref() == Some(key)) {
                    return Err(CommitError::SameAsInput {
                        output: named.label.clone(),
                        input: input.display().to_string(),
                    });
                }
            }
        }
        for (i, (o, named)) in outputs.iter().zip(&self.outputs).enumerate() {
            for (earlier, first) in outputs.iter().zip(&self.outputs).take(i) {
                // Two outputs written in place go one after the other into the same stream.
                let both_in_place = !matches!(o.dest, Dest::File(_)) && !matches!(earlier.dest, Dest::File(_));
                if !both_in_place && o.key.is_some() && o.key == earlier.key {
                    return Err(CommitError::SameOutput { first: first.label.clone(), second: named.label.clone() });
                }
            }
        }
        Ok(outputs)
    }

    /// Checks, then opens every output: a fresh temporary file in each file destination's
    /// folder, a device in place, standard output. Nothing is replaced until
    /// [`Staged::commit`]; dropping the [`Staged`] removes the temporary files.
    pub fn open(&self) -> Result<Staged, CommitError> {
        let inspected = self.inspect()?;
        let mut slots = Vec::with_capacity(inspected.len());
        for (o, named) in inspected.into_iter().zip(&self.outputs) {
            let create = |source| CommitError::Create { output: named.label.clone(), source };
            let sink = match o.dest {
                Dest::Stdout => Sink::Stdout(BufWriter::new(io::stdout())),
                Dest::InPlace(p) => {
                    Sink::InPlace(BufWriter::new(fs::OpenOptions::new().write(true).open(&p).map_err(create)?))
                }
                Dest::File(p) => {
                    let dir = folder_of(&p);
                    let mut builder = tempfile::Builder::new();
                    builder.prefix(".sportello-").suffix(".tmp");
                    // The mode of any new file (0666 less the umask), not tempfile's 0600: the
                    // output replaces a file its readers could read.
                    #[cfg(unix)]
                    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
                    let tmp = builder.tempfile_in(&dir).map_err(create)?;
                    Sink::Temp { dest: p, file: BufWriter::new(tmp) }
                }
            };
            let hasher = (self.digests && !matches!(sink, Sink::Stdout(_))).then(Sha256::new);
            slots.push(Slot { label: named.label.clone(), sink, hasher });
        }
        Ok(Staged { slots, stdout_closed: false })
    }
}

/// The outputs of a run being written: nothing replaced yet.
#[derive(Debug)]
pub struct Staged {
    slots: Vec<Slot>,
    stdout_closed: bool,
}

#[derive(Debug)]
struct Slot {
    label: String,
    sink: Sink,
    /// The SHA-256 of the bytes written so far, when asked ([`OutputSet::digest_outputs`]).
    hasher: Option<Sha256>,
}

#[derive(Debug)]
enum Sink {
    Stdout(BufWriter<io::Stdout>),
    InPlace(BufWriter<File>),
    Temp { dest: PathBuf, file: BufWriter<NamedTempFile> },
}

/// What a commit did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Committed {
    /// Standard output was a closed pipe: what was meant for it was dropped.
    pub stdout_closed: bool,
}

impl Staged {
    /// Writes one output with `body`. On standard output a closed pipe is remembered, not an
    /// error, and what remains for it is skipped.
    pub fn write(
        &mut self,
        id: OutputId,
        body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), CommitError> {
        let Some(slot) = self.slots.get_mut(id.0) else { return Ok(()) };
        let sink: &mut dyn Write = match &mut slot.sink {
            Sink::Stdout(_) if self.stdout_closed => return Ok(()),
            Sink::Stdout(w) => w,
            Sink::InPlace(w) => w,
            Sink::Temp { file, .. } => file,
        };
        let written = match &mut slot.hasher {
            Some(hasher) => body(&mut Hashing { inner: sink, hasher }),
            None => body(sink),
        };
        match written {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe && matches!(slot.sink, Sink::Stdout(_)) => {
                self.stdout_closed = true;
                Ok(())
            }
            Err(source) => Err(CommitError::Write { output: slot.label.clone(), source }),
            Ok(()) => Ok(()),
        }
    }

    /// The SHA-256 of what was written to an output so far; `None` for standard output, or
    /// when [`OutputSet::digest_outputs`] was not asked.
    pub fn sha256(&self, id: OutputId) -> Option<[u8; 32]> {
        let hasher = self.slots.get(id.0)?.hasher.as_ref()?;
        Some(hasher.clone().finalize().into())
    }

    /// Flushes every output and syncs every temporary file; then moves them into place, all of
    /// them or (as far as the module doc says) none.
    pub fn commit(self) -> Result<Committed, CommitError> {
        let mut stdout_closed = self.stdout_closed;
        let mut temps: Vec<(String, PathBuf, NamedTempFile)> = Vec::new();
        for Slot { label, sink, .. } in self.slots {
            let failed = |source| CommitError::Write { output: label.clone(), source };
            match sink {
                Sink::Stdout(mut w) => match w.flush() {
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                        stdout_closed = true;
                        // What remains in the buffer is for a closed pipe: dropped unwritten.
                        let _ = w.into_parts();
                    }
                    Err(e) => return Err(failed(e)),
                    Ok(()) => {}
                },
                Sink::InPlace(mut w) => w.flush().map_err(failed)?,
                Sink::Temp { dest, file } => {
                    let tmp = file.into_inner().map_err(|e| failed(e.into_error()))?;
                    tmp.as_file().sync_all().map_err(failed)?;
                    temps.push((label, dest, tmp));
                }
            }
        }
        rename_all(temps)?;
        Ok(Committed { stdout_closed })
    }
}

/// A writer that hashes every byte its inner writer accepts: the digest is of the bytes that
/// reach the output, however the body cuts its writes.
struct Hashing<'w> {
    inner: &'w mut dyn Write,
    hasher: &'w mut Sha256,
}

impl Write for Hashing<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(buf.get(..n).unwrap_or(buf));
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// What can put a destination back as it was before the renames.
#[derive(Debug)]
enum Backup {
    /// The destination did not exist: putting it back removes the new file.
    Absent,
    /// A second name (a hard link) of the old file, renamed back over the destination.
    Link(TempPath),
    /// The destination existed but no second name could be made.
    Unavailable(io::Error),
    /// The last rename: nothing comes after it that could fail.
    NotNeeded,
}

/// A second name for what is at `dest` (a file, or a symlink itself: `link` does not follow
/// it), unpredictable and created exclusively in the same folder.
fn backup(dest: &Path) -> Backup {
    match fs::symlink_metadata(dest) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Backup::Absent,
        Err(e) => Backup::Unavailable(e),
        Ok(_) => match tempfile::Builder::new()
            .prefix(".sportello-")
            .suffix(".old")
            .make_in(folder_of(dest), |p| fs::hard_link(dest, p))
        {
            Ok(link) => Backup::Link(link.into_temp_path()),
            Err(e) => Backup::Unavailable(e),
        },
    }
}

/// Moves each temporary file over its destination, in order; if one fails, puts back the
/// destinations already replaced.
fn rename_all(temps: Vec<(String, PathBuf, NamedTempFile)>) -> Result<(), CommitError> {
    let last = temps.len().saturating_sub(1);
    let backups: Vec<Backup> = temps
        .iter()
        .enumerate()
        .map(|(i, (_, dest, _))| if i < last { backup(dest) } else { Backup::NotNeeded })
        .collect();
    let mut done: Vec<(String, PathBuf, Backup)> = Vec::with_capacity(temps.len());
    for ((label, dest, tmp), backup) in temps.into_iter().zip(backups) {
        match tmp.persist(&dest) {
            Ok(_) => done.push((label, dest, backup)),
            Err(e) => {
                // The temporary of this output (`e.file`) and those not renamed yet are removed
                // as they are dropped, on this return.
                let restored = restore(done);
                return Err(CommitError::Replace { output: label, source: e.error, restored });
            }
        }
    }
    let mut folders: Vec<PathBuf> = done.iter().map(|(_, dest, _)| folder_of(dest)).collect();
    folders.sort();
    folders.dedup();
    // Dropping the second names removes them: the old files go.
    drop(done);
    // The renames reach the disk with their folders (not possible everywhere: ignored).
    for folder in folders {
        let _ = File::open(&folder).and_then(|f| f.sync_all());
    }
    Ok(())
}

/// Puts back the destinations already replaced, last first; says what became of them.
fn restore(done: Vec<(String, PathBuf, Backup)>) -> String {
    if done.is_empty() {
        return "no output file was replaced".to_string();
    }
    let mut put_back = Vec::new();
    let mut kept = Vec::new();
    for (label, dest, backup) in done.into_iter().rev() {
        let result = match backup {
            Backup::Link(old) => old.persist(&dest).map_err(|e| e.error),
            Backup::Absent => fs::remove_file(&dest),
            Backup::Unavailable(e) => Err(e),
            Backup::NotNeeded => Err(io::Error::other("no second name was kept")),
        };
        match result {
            Ok(()) => put_back.push(label),
            Err(e) => kept.push(format!("{label} ({e})")),
        }
    }
    put_back.reverse();
    kept.reverse();
    let mut said = Vec::new();
    if !put_back.is_empty() {
        said.push(format!("the outputs already replaced were put back as they were: {}", put_back.join(", ")));
    }
    if !kept.is_empty() {
        said.push(format!("these outputs could not be put back and hold this run's output: {}", kept.join(", ")));
    }
    said.join("; ")
}

/// The folder a path's entry is in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// What an output is, and its key.
fn inspect_output(named: &Named) -> Result<Inspected, CommitError> {
    let Some(path) = &named.path else {
        return Ok(Inspected { dest: Dest::Stdout, key: stdout_key() });
    };
    let meta = fs::metadata(path);
    // /dev/stdout, /dev/fd/N, /proc/self/fd/N stand for open descriptors; nothing is ever
    // created or renamed under /dev or /proc.
    if path.starts_with("/dev") || path.starts_with("/proc") {
        let key = meta.ok().filter(fs::Metadata::is_file).and_then(|m| id_of(path, &m));
        return Ok(Inspected { dest: Dest::InPlace(path.clone()), key });
    }
    match meta {
        Ok(m) if m.is_dir() => Err(CommitError::NotAFile { output: named.label.clone() }),
        Ok(m) if m.is_file() => Ok(Inspected { dest: Dest::File(path.clone()), key: id_of(path, &m) }),
        // A device, a FIFO, a socket: written in place, the same as nothing else.
        Ok(_) => Ok(Inspected { dest: Dest::InPlace(path.clone()), key: None }),
        Err(_) => {
            if path.file_name().is_none() {
                return Err(CommitError::NotAFile { output: named.label.clone() });
            }
            Ok(Inspected { dest: Dest::File(path.clone()), key: Some(name_key(path)) })
        }
    }
}

/// The key of an input: its identity when it exists, else its name.
fn key_of(path: &Path) -> Option<Key> {
    match fs::metadata(path) {
        Ok(m) => id_of(path, &m),
        Err(_) => Some(name_key(path)),
    }
}

/// The canonical folder and the name of a path that does not exist (yet).
fn name_key(path: &Path) -> Key {
    let folder = folder_of(path);
    let folder =
        fs::canonicalize(&folder).or_else(|_| std::env::current_dir().map(|d| d.join(&folder))).unwrap_or(folder);
    Key::Name(match path.file_name() {
        Some(name) => folder.join(name),
        None => folder,
    })
}

#[cfg(unix)]
fn id_of(_path: &Path, meta: &fs::Metadata) -> Option<Key> {
    use std::os::unix::fs::MetadataExt;
    Some(Key::Id(meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn id_of(path: &Path, _meta: &fs::Metadata) -> Option<Key> {
    // No inode here: the canonical path (which misses hard links).
    fs::canonicalize(path).ok().map(Key::Canonical)
}

/// Standard output's key, when it is redirected to a regular file (`> payroll.csv`): that
/// file must be no input and no other output.
#[cfg(unix)]
fn stdout_key() -> Option<Key> {
    use std::os::fd::AsFd;
    let fd = io::stdout().as_fd().try_clone_to_owned().ok()?;
    let meta = File::from(fd).metadata().ok()?;
    if meta.is_file() {
        id_of(Path::new("-"), &meta)
    } else {
        None
    }
}

#[cfg(not(unix))]
fn stdout_key() -> Option<Key> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> tempfile::TempDir {
        tempfile::Builder::new().prefix("sportello-commit-").tempdir().unwrap()
    }

    /// The names in a folder, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        n.sort();
        n
    }

    fn set(outputs: &[(&str, &Path)], inputs: &[&Path]) -> OutputSet {
        let mut s = OutputSet::new();
        for (flag, p) in outputs {
            s.output(flag, Some(p));
        }
        for p in inputs {
            s.input(*p);
        }
        s
    }

    /// Writes `text` into every output of the set and commits.
    fn write_all(s: &OutputSet, text: &str) -> Result<Committed, CommitError> {
        let mut staged = s.open()?;
        for i in 0..s.outputs.len() {
            staged.write(OutputId(i), |w| w.write_all(text.as_bytes()))?;
        }
        staged.commit()
    }

    #[test]
    fn an_output_that_is_an_input_under_another_spelling_is_refused() {
        let d = dir();
        let input = d.path().join("attendance.csv");
        fs::write(&input, "rows").unwrap();
        fs::create_dir(d.path().join("x")).unwrap();
        let other = d.path().join("x/../attendance.csv");
        let err = set(&[("--out", &other)], &[&input]).check().unwrap_err();
        assert!(matches!(err, CommitError::SameAsInput { .. }), "{err}");
        let text = err.to_string();
        assert!(text.contains("--out ") && text.contains("x/../attendance.csv"), "{text}");
        assert!(text.contains(&format!("the input {}", input.display())), "{text}");
        assert_eq!(fs::read(&input).unwrap(), b"rows");
        // A missing input is compared by name: `./` and `..` do not hide it.
        let missing = d.path().join("gone.csv");
        let err = set(&[("--out", &d.path().join("x/./../gone.csv"))], &[&missing]).check().unwrap_err();
        assert!(matches!(err, CommitError::SameAsInput { .. }), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_and_hard_links_to_an_input_are_refused() {
        let d = dir();
        let input = d.path().join("staff.csv");
        fs::write(&input, "rows").unwrap();
        std::os::unix::fs::symlink(&input, d.path().join("soft")).unwrap();
        fs::hard_link(&input, d.path().join("hard")).unwrap();
        for name in ["soft", "hard"] {
            let err = set(&[("--anomalies", &d.path().join(name))], &[&input]).check().unwrap_err();
            assert!(matches!(err, CommitError::SameAsInput { .. }), "{name}: {err}");
        }
    }

    #[test]
    fn two_outputs_that_are_one_file_are_refused_existing_or_not() {
        let d = dir();
        let a = d.path().join("r.csv");
        let b = d.path().join(".").join("r.csv");
        let err = set(&[("--out", &a), ("--anomalies", &b)], &[]).check().unwrap_err();
        assert!(matches!(err, CommitError::SameOutput { .. }), "{err}");
        assert!(err.to_string().starts_with("--out "), "{err}");
        fs::write(&a, "old").unwrap();
        let err = set(&[("--out", &a), ("--anomalies", &b)], &[]).check().unwrap_err();
        assert!(matches!(err, CommitError::SameOutput { .. }), "{err}");
        assert!(set(&[("--out", &a), ("--anomalies", &d.path().join("s.csv"))], &[]).check().is_ok());
        assert_eq!(names(d.path()), ["r.csv"], "checking creates nothing");
    }

    #[test]
    fn a_folder_is_not_an_output() {
        let d = dir();
        let err = set(&[("--out", d.path())], &[]).check().unwrap_err();
        assert!(matches!(err, CommitError::NotAFile { .. }), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_in_place_and_may_be_named_twice() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        if !null.exists() {
            return;
        }
        let d = dir();
        let input = d.path().join("in.csv");
        fs::write(&input, "rows").unwrap();
        let s = set(&[("--out", null), ("--anomalies", null)], &[&input]);
        assert_eq!(write_all(&s, "text").unwrap(), Committed { stdout_closed: false });
        assert!(fs::symlink_metadata(null).unwrap().file_type().is_char_device());
    }

    #[test]
    fn outputs_are_committed_together_with_no_temporary_left() {
        let d = dir();
        let (a, b) = (d.path().join("a.csv"), d.path().join("b.csv"));
        fs::write(&a, "old a").unwrap();
        let s = set(&[("--out", &a), ("--anomalies", &b)], &[]);
        let mut staged = s.open().unwrap();
        // Nothing replaced while writing: the temporaries are hidden beside the targets.
        staged.write(OutputId(0), |w| w.write_all(b"new a")).unwrap();
        staged.write(OutputId(1), |w| w.write_all(b"new b")).unwrap();
        assert_eq!(fs::read(&a).unwrap(), b"old a");
        let during = names(d.path());
        assert_eq!(during.len(), 3, "{during:?}");
        assert!(during.iter().filter(|n| n.starts_with(".sportello-") && n.ends_with(".tmp")).count() == 2);
        staged.commit().unwrap();
        assert_eq!((fs::read(&a).unwrap(), fs::read(&b).unwrap()), (b"new a".to_vec(), b"new b".to_vec()));
        assert_eq!(names(d.path()), ["a.csv", "b.csv"]);
    }

    /// The new file has the mode any new file gets (not tempfile's private 0600).
    #[cfg(unix)]
    #[test]
    fn the_output_gets_the_mode_of_a_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let d = dir();
        let plain = d.path().join("plain");
        File::create(&plain).unwrap();
        let out = d.path().join("out.csv");
        write_all(&set(&[("--out", &out)], &[]), "x").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&out), mode(&plain));
    }

    #[test]
    fn a_failed_write_replaces_nothing_and_leaves_no_temporary() {
        let d = dir();
        let (a, b) = (d.path().join("a.csv"), d.path().join("b.csv"));
        fs::write(&a, "old a").unwrap();
        let s = set(&[("--out", &a), ("--anomalies", &b)], &[]);
        let mut staged = s.open().unwrap();
        staged.write(OutputId(0), |w| w.write_all(b"new a")).unwrap();
        let err = staged.write(OutputId(1), |_| Err(io::Error::other("disk on fire"))).unwrap_err();
        assert!(err.to_string().contains("--anomalies") && err.to_string().contains("disk on fire"), "{err}");
        drop(staged);
        assert_eq!(fs::read(&a).unwrap(), b"old a");
        assert_eq!(names(d.path()), ["a.csv"]);
    }

    /// A rename that fails after another succeeded (here: a folder appears at the second
    /// destination after the check) puts the first destination back as it was.
    #[test]
    fn a_failed_rename_puts_back_the_outputs_already_replaced() {
        let d = dir();
        let (a, b, c) = (d.path().join("a.csv"), d.path().join("b.csv"), d.path().join("c.csv"));
        fs::write(&a, "old a").unwrap();
        let s = set(&[("--out", &a), ("--other", &c), ("--anomalies", &b)], &[]);
        let mut staged = s.open().unwrap();
        for i in 0..3 {
            staged.write(OutputId(i), |w| w.write_all(b"new")).unwrap();
        }
        fs::create_dir(&b).unwrap();
        fs::write(b.join("inside"), "keeps the folder from being replaced").unwrap();
        let err = staged.commit().unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, CommitError::Replace { .. }), "{text}");
        assert!(text.contains("put back") && text.contains("--out ") && text.contains("--other "), "{text}");
        assert_eq!(fs::read(&a).unwrap(), b"old a", "the first output is back");
        assert!(!c.exists(), "an output that did not exist before is removed");
        assert_eq!(names(d.path()), ["a.csv", "b.csv"], "no temporary and no second name left");
    }

    /// The digest is of the bytes that reached the file, written in any number of pieces;
    /// standard output and a set not asked for digests have none.
    #[test]
    fn outputs_are_hashed_as_written_when_asked() {
        let d = dir();
        let (a, b) = (d.path().join("a.csv"), d.path().join("b.csv"));
        let mut s = set(&[("--out", &a), ("--anomalies", &b)], &[]);
        let stdout = s.output("--out", None);
        assert!(s.open().unwrap().sha256(OutputId(0)).is_none(), "not asked: no digest");
        s.digest_outputs();
        let mut staged = s.open().unwrap();
        staged.write(OutputId(0), |w| w.write_all(b"first, ")).unwrap();
        staged.write(OutputId(0), |w| write!(w, "then {}", 2 + 2)).unwrap();
        staged.write(OutputId(1), |_| Ok(())).unwrap();
        let (da, db) = (staged.sha256(OutputId(0)).unwrap(), staged.sha256(OutputId(1)).unwrap());
        assert!(staged.sha256(stdout).is_none());
        staged.commit().unwrap();
        assert_eq!(da, <[u8; 32]>::from(Sha256::digest(fs::read(&a).unwrap())));
        assert_eq!(db, <[u8; 32]>::from(Sha256::digest(b"")));
    }

    #[cfg(unix)]
    #[test]
    fn an_output_that_is_a_symlink_is_replaced_and_its_target_untouched() {
        let d = dir();
        let target = d.path().join("target.csv");
        fs::write(&target, "keep").unwrap();
        let link = d.path().join("out.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_all(&set(&[("--out", &link)], &[]), "new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_file());
        assert_eq!(fs::read(&link).unwrap(), b"new");
        assert_eq!(fs::read(&target).unwrap(), b"keep");
        // A symlink into a rollback: the link itself is put back.
        let second = d.path().join("z.csv");
        fs::remove_file(&link).unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let s = set(&[("--out", &link), ("--anomalies", &second)], &[]);
        let mut staged = s.open().unwrap();
        fs::create_dir(&second).unwrap();
        fs::write(second.join("inside"), "x").unwrap();
        assert!(staged.write(OutputId(0), |w| w.write_all(b"new")).is_ok());
        assert!(staged.commit().is_err());
        assert_eq!(fs::read_link(&link).unwrap(), target);
        assert_eq!(fs::read(&target).unwrap(), b"keep");
    }
}
