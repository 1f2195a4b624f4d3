//! The disk side of a run manifest (`output::manifest` owns its type and JSON): reading a
//! manifest's bytes, and the SHA-256 and size of a file the run read, streamed so that a file
//! of any size costs a buffer, not its size. Used only when a run records a manifest, and by
//! `sportello verify`.

use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::disk::name_of;
use super::source::Limits;
use super::InputError;

/// The largest manifest read: a month's manifest lists its Teams files, a few hundred bytes
/// each; 64 MiB is tens of thousands of them.
const MAX_MANIFEST_BYTES: u64 = 64 << 20;

/// A file's SHA-256 and size, from one reading of its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileDigest {
    /// The SHA-256 of its bytes.
    pub sha256: [u8; 32],
    /// How many bytes it holds.
    pub size: u64,
}

/// Reads a manifest's bytes (at most 64 MiB).
pub fn read(path: &Path) -> Result<Vec<u8>, InputError> {
    super::read_bytes_within(path, &Limits { input_bytes: MAX_MANIFEST_BYTES, ..Limits::DEFAULT })
}

/// The SHA-256 and size of a file, read to its end.
pub fn digest(path: &Path) -> io::Result<FileDigest> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(buffer.get(..n).unwrap_or(&buffer));
        size += n as u64;
    }
    Ok(FileDigest { sha256: hasher.finalize().into(), size })
}

/// The SHA-256 of bytes in memory (a built-in rule file's text).
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// What a path is, for a manifest: only a regular file (through symlinks) can be read again
/// and give the same bytes; a pipe or a device cannot. `None` when there is nothing there.
pub fn is_regular_file(path: &Path) -> Option<bool> {
    std::fs::metadata(path).ok().map(|m| m.is_file())
}

/// A path as a run names it in its messages and row counts (forward slashes on every system).
pub fn name(path: &Path) -> String {
    name_of(path).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_hashed_whole_and_sized() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.csv");
        // More than one buffer, so that the pieces are joined in order.
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&p, &bytes).unwrap();
        let d = digest(&p).unwrap();
        assert_eq!(d, FileDigest { sha256: sha256(&bytes), size: 200_000 });
        // The SHA-256 of nothing, as every implementation gives it.
        assert_eq!(
            crate::output::manifest::hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(digest(&dir.path().join("gone")).unwrap_err().kind(), io::ErrorKind::NotFound);
        assert_eq!(is_regular_file(&p), Some(true));
        assert_eq!(is_regular_file(dir.path()), Some(false));
        assert_eq!(is_regular_file(&dir.path().join("gone")), None);
    }
}
