//! A Teams path: a file, or a folder walked in name order, every entry read or reported.

use std::path::{Path, PathBuf};

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::message::{Arg, Message, Template};
use crate::position::Position;

use super::disk::name_of;
use super::InputError;

/// Why an entry of a Teams folder was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skipped {
    /// Its name starts with a dot (a system or editor file, such as `.DS_Store` or a lock file).
    Hidden,
    /// A symbolic link: never followed into a file the user did not name.
    Symlink,
    /// Not a regular file: a FIFO, a device or a socket, never opened (it could block or never
    /// end).
    Special(SpecialFile),
}

/// What an entry that is neither a file, a folder nor a link is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SpecialFile {
    /// A FIFO (named pipe).
    Fifo,
    /// A socket.
    Socket,
    /// A block or character device.
    Device,
    /// Anything else that is not a regular file.
    Other,
}

impl SpecialFile {
    /// What the entry is, as a sentence's part ("a FIFO (named pipe)").
    pub fn describe(self) -> Message {
        Message::new(self.what(), [])
    }

    fn what(self) -> &'static Template {
        static FIFO: Template = Template { it: "una FIFO (pipe con nome)", en: "a FIFO (named pipe)" };
        static SOCKET: Template = Template { it: "un socket", en: "a socket" };
        static DEVICE: Template = Template { it: "un dispositivo", en: "a device" };
        static OTHER: Template = Template { it: "non un file regolare", en: "not a regular file" };
        match self {
            SpecialFile::Fifo => &FIFO,
            SpecialFile::Socket => &SOCKET,
            SpecialFile::Device => &DEVICE,
            SpecialFile::Other => &OTHER,
        }
    }
}

static NOT_READ: Template = Template {
    it: "{0}: {1}; non letto (indicarlo con --teams per leggerlo così com'è)",
    en: "{0}: {1}; not read (give a file with --teams to read it as it is)",
};
static HIDDEN: Template = Template {
    it: "una voce nascosta (il suo nome inizia con un punto)",
    en: "a hidden entry (its name starts with a dot)",
};
static SYMLINK: Template = Template {
    it: "un collegamento simbolico, mai seguito dentro una cartella Teams",
    en: "a symbolic link, never followed inside a Teams folder",
};
static SPECIAL: Template = Template { it: "{0}, non un file regolare", en: "{0}, not a regular file" };

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
    let io = |p: &Path, e: std::io::Error| InputError::Io {
        at: Position::whole_file(name_of(p).to_string()),
        reason: e.to_string(),
    };
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
fn special_kind(kind: &std::fs::FileType) -> SpecialFile {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        SpecialFile::Fifo
    } else if kind.is_socket() {
        SpecialFile::Socket
    } else if kind.is_block_device() || kind.is_char_device() {
        SpecialFile::Device
    } else {
        SpecialFile::Other
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> SpecialFile {
    SpecialFile::Other
}

/// The files a Teams path stands for ([`walk_teams`] without the entries left out).
pub fn teams_files(path: &Path) -> Result<Vec<PathBuf>, InputError> {
    Ok(walk_teams(path)?.files)
}

/// The anomaly that reports an entry of a Teams folder left out.
pub(crate) fn skipped_entry(path: &Path, why: Skipped) -> Anomaly {
    let name = name_of(path);
    let (code, what) = match why {
        Skipped::Hidden => (Code::HiddenEntry, Message::new(&HIDDEN, [])),
        Skipped::Symlink => (Code::SkippedEntry, Message::new(&SYMLINK, [])),
        Skipped::Special(kind) => {
            (Code::SkippedEntry, Message::new(&SPECIAL, [Arg::Message(Box::new(Message::new(kind.what(), [])))]))
        }
    };
    let message = Message::new(&NOT_READ, [Arg::text(&*name), Arg::Message(Box::new(what))]);
    Anomaly::new(code, Some(SourceRef::new(&name, 0)), message)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            expected.push(("pipe".to_string(), Skipped::Special(SpecialFile::Fifo)));
        }
        assert_eq!(skipped, expected);
        assert!(walk_teams(&dir.join("missing")).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
