//! From bytes to text: BOM sniffing and UTF-16 decoding.
//!
//! Teams writes its CSV exports as UTF-16LE with a BOM; Excel re-saves them as UTF-8 with a BOM;
//! hand-made files are plain UTF-8. A UTF-16LE file that lost its BOM is recognised by its NUL
//! bytes. Anything else is refused with a message that says what was expected.

use std::borrow::Cow;

use encoding_rs::{UTF_16BE, UTF_16LE};

/// The encoding a file was read with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with BOM (as Excel saves).
    Utf8Bom,
    /// UTF-16 little-endian with BOM (as Teams writes).
    Utf16LeBom,
    /// UTF-16 big-endian with BOM.
    Utf16BeBom,
    /// UTF-16 little-endian without BOM (recognised by its NUL bytes).
    Utf16LeNoBom,
}

impl Encoding {
    /// A name for people.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16LeBom => "UTF-16LE with BOM",
            Encoding::Utf16BeBom => "UTF-16BE with BOM",
            Encoding::Utf16LeNoBom => "UTF-16LE without BOM",
        }
    }
}

/// What every input is expected to be, for messages.
pub(crate) const EXPECTED: &str = "expected text in UTF-8 (with or without BOM) or UTF-16 with BOM";

/// Decodes a whole file. The error says what was expected.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        if has_byte(rest, 0) {
            return Err(format!("the file contains NUL bytes (binary data?); {EXPECTED}"));
        }
        return std::str::from_utf8(rest)
            .map(|s| (Cow::Borrowed(s), Encoding::Utf8Bom))
            .map_err(|e| format!("invalid UTF-8 at byte {} after the BOM; {EXPECTED}", e.valid_up_to() + 3));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, Encoding::Utf16LeBom);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, Encoding::Utf16BeBom);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) if !has_byte(s.as_bytes(), 0) => Ok((Cow::Borrowed(s), Encoding::Utf8)),
        _ if looks_like_utf16le(bytes) => utf16(bytes, Encoding::Utf16LeNoBom),
        Ok(_) => Err(format!("the file contains NUL bytes (binary data?); {EXPECTED}")),
        Err(e) => Err(format!("invalid UTF-8 at byte {}; {EXPECTED}", e.valid_up_to())),
    }
}

/// True when `bytes` holds `byte` (every input is checked for a NUL before it is read).
pub fn has_byte(bytes: &[u8], byte: u8) -> bool {
    memchr::memchr(byte, bytes).is_some()
}

/// True when `bytes`, the start of a file, look like UTF-16LE without BOM: nine in ten of its
/// first 256 units are a byte and a NUL.
pub(crate) fn looks_like_utf16le(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512)];
    if sample.len() < 4 || sample.len() % 2 != 0 && sample.len() == bytes.len() {
        return false;
    }
    let pairs = sample.len() / 2;
    let odd_nuls = sample.chunks_exact(2).filter(|p| p[1] == 0 && p[0] != 0).count();
    odd_nuls * 10 >= pairs * 9
}

fn utf16(bytes: &[u8], enc: Encoding) -> Result<(Cow<'static, str>, Encoding), String> {
    if bytes.len() % 2 != 0 {
        return Err(format!("{} text with an odd number of bytes (truncated file?)", enc.name()));
    }
    let codec = if enc == Encoding::Utf16BeBom { UTF_16BE } else { UTF_16LE };
    match codec.decode_without_bom_handling_and_without_replacement(bytes) {
        // As in UTF-8 text: a NUL character is binary data, never part of an export.
        Some(s) if s.contains('\0') => Err(format!("{} text containing NUL characters (binary data?)", enc.name())),
        Some(s) => Ok((Cow::Owned(s.into_owned()), enc)),
        None => Err(format!("invalid {} text (unpaired surrogate)", enc.name())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_byte_finds_a_byte_wherever_it_is() {
        for len in [0usize, 1, 63, 64, 65, 200] {
            let mut bytes = vec![b'a'; len];
            assert!(!has_byte(&bytes, b'"'), "{len}");
            for at in 0..len {
                bytes[at] = b'"';
                assert!(has_byte(&bytes, b'"'), "{len} {at}");
                bytes[at] = b'a';
            }
        }
    }

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { vec![] };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    #[test]
    fn sniffs_every_supported_encoding() {
        assert_eq!(decode(b"a,b\n").unwrap(), (Cow::Borrowed("a,b\n"), Encoding::Utf8));
        assert_eq!(decode(b"\xEF\xBB\xBFa;b").unwrap().1, Encoding::Utf8Bom);
        let bytes = utf16le("Full Name\tTimestamp\n", true);
        let (s, e) = decode(&bytes).unwrap();
        assert_eq!((s.as_ref(), e), ("Full Name\tTimestamp\n", Encoding::Utf16LeBom));
        let bytes = utf16le("Nome\tà\n", false);
        let (s, e) = decode(&bytes).unwrap();
        assert_eq!((s.as_ref(), e), ("Nome\tà\n", Encoding::Utf16LeNoBom));
        let mut be = vec![0xFE, 0xFF];
        for u in "x,y".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap().0, "x,y");
    }

    #[test]
    fn refuses_binary_and_broken_text() {
        assert!(decode(b"\x00\x01\x02\xff\xfe\xfd").is_err());
        assert!(decode(b"abc\xff").unwrap_err().contains("invalid UTF-8 at byte 3"));
        assert!(decode(&[0xFF, 0xFE, 0x41]).unwrap_err().contains("odd number"));
    }
}
