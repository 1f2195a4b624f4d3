//! From the bytes of an input to text: the encoding, the limits, and blocks of whole lines.
//!
//! Every delimited input is read through a [`TextReader`]: whatever its size or encoding, it
//! hands over the text a block of whole lines at a time, so memory holds one block, not the
//! file. The first bytes decide the encoding ([`Encoding`]: UTF-8 with or without BOM, UTF-16
//! with BOM, UTF-16LE recognised by its NUL bytes, Windows-1252 for text that is not UTF-8 — by
//! the rule of [`super::text`]); UTF-16 and Windows-1252 are decoded block by block with
//! `encoding_rs`. A file read as UTF-8 whose first byte that is not UTF-8 comes in a later block
//! switches to Windows-1252 there, when every block before was ASCII. A workbook (`.xlsx`,
//! `.ods`, `.xls`) and anything else that is not text are refused with a message that says
//! what was expected.
//!
//! # Limits
//!
//! [`Limits`] bound what one input may cost, and each refusal names the limit and the flag that
//! sets it: a file larger than [`Limits::input_bytes`] (checked before reading when the size is
//! known, and while reading when it is not, so an endless stream such as a FIFO stops at the
//! limit), a line longer than [`Limits::line_bytes`] (a file that is not a CSV export), and a
//! Teams export larger than [`Limits::teams_export_bytes`] (read whole to find its format).

use std::io::Read;
use std::sync::Arc;

use encoding_rs::{Decoder, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::message::Message;
use crate::position::Position;

use super::text::{self, has_byte, Encoding};
use super::tokeniser::count_lines;
use super::InputError;

/// How much one input may cost (module documentation). The defaults suit a whole institute's
/// month: an attendance export of 100,000 staff is some 300 MB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest input file, in bytes (`--max-input-mib`; default 4 GiB).
    pub input_bytes: u64,
    /// The longest line, in bytes (`--max-line-kib`; default 1 MiB).
    pub line_bytes: usize,
    /// The largest Teams or Graph export, in bytes (`--max-teams-export-mib`; default 64 MiB).
    pub teams_export_bytes: u64,
}

impl Limits {
    /// The defaults: 4 GiB per input file, 1 MiB per line, 64 MiB per Teams export.
    pub const DEFAULT: Limits = Limits { input_bytes: 4 << 30, line_bytes: 1 << 20, teams_export_bytes: 64 << 20 };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// The size of the blocks a large file is read in (at least the longest line allowed).
pub const BLOCK_BYTES: usize = 8 << 20;

/// A file's text, handed over a block of whole lines at a time.
pub struct TextReader<R> {
    source: R,
    file: Arc<str>,
    /// The most bytes to read from `source`.
    limit: u64,
    /// The flag that sets `limit`, for the message.
    limit_flag: &'static str,
    line_limit: usize,
    block: usize,
    /// Bytes read and not yet handed over (UTF-8), or not yet decoded (UTF-16, Windows-1252).
    raw: Vec<u8>,
    /// UTF-16 and Windows-1252 only: text decoded and not yet handed over.
    decoded: String,
    /// How much of `raw` (UTF-8) or `decoded` (decoded) the last block handed over.
    handed: usize,
    encoding: Option<Encoding>,
    decoder: Option<Decoder>,
    /// Bytes read from `source`.
    read: u64,
    /// Bytes of `raw` dropped before it (a BOM, blocks handed over): offsets for messages.
    raw_offset: u64,
    eof: bool,
    /// Line ends handed over.
    lines: u64,
    /// Hand the last block over again at the next call ([`TextReader::keep_block`]).
    again: bool,
    /// UTF-8 only: a byte above 0x7F was handed over, so the text cannot switch to
    /// Windows-1252 any more.
    non_ascii: bool,
    /// The size of the source, when known (a regular file): buffers are sized to it.
    size: Option<u64>,
}

impl<R: Read> TextReader<R> {
    /// Reads `source`, named `file` in messages, under `limits` (as an input file).
    pub fn new(source: R, file: &Arc<str>, limits: &Limits) -> Self {
        Self::with(source, file, limits.input_bytes, "--max-input-mib", limits.line_bytes, BLOCK_BYTES)
    }

    /// Reads `source` with its own byte limit and block size (tests cut small blocks).
    pub fn with(
        source: R,
        file: &Arc<str>,
        limit: u64,
        limit_flag: &'static str,
        line_limit: usize,
        block: usize,
    ) -> Self {
        TextReader {
            source,
            file: Arc::clone(file),
            limit,
            limit_flag,
            line_limit,
            block: block.max(line_limit.saturating_add(1)).max(1 << 10),
            raw: Vec::new(),
            decoded: String::new(),
            handed: 0,
            encoding: None,
            decoder: None,
            read: 0,
            raw_offset: 0,
            eof: false,
            lines: 0,
            again: false,
            non_ascii: false,
            size: None,
        }
    }

    /// Says the source holds `size` bytes (a regular file's length), so that no buffer is made
    /// larger than what is left to read: a folder of 50,000 small reports then costs what the
    /// reports hold, not a block each.
    pub fn sized(mut self, size: u64) -> Self {
        self.size = Some(size);
        self
    }

    /// The encoding, once the first block has been read.
    pub fn encoding(&self) -> Option<Encoding> {
        self.encoding
    }

    /// The file's name.
    pub fn file(&self) -> &Arc<str> {
        &self.file
    }

    /// The next block of whole lines (the last one may lack its line end), or `None` at the
    /// end. The block is valid until the next call.
    pub fn next_block(&mut self) -> Result<Option<&str>, InputError> {
        if std::mem::take(&mut self.again) && self.handed > 0 {
            let text = match self.is_decoded() {
                true => self.decoded.get(..self.handed),
                false => std::str::from_utf8(&self.raw[..self.handed]).ok(),
            };
            return Ok(Some(text.unwrap_or("")));
        }
        self.drop_handed();
        if self.encoding.is_none() {
            // The first block is only as long as the longest line: a file that is not text is
            // given up after reading that much.
            self.fill(self.line_limit.max(1 << 10))?;
            self.detect()?;
        }
        loop {
            let pending = self.pending();
            let cut = if self.eof { pending.len() } else { last_line_end(pending) };
            if cut > 0 && (self.eof || pending.len() >= self.block / 2) {
                if !self.is_decoded() && self.check_utf8(cut)? {
                    // Switched to Windows-1252: the pending text is decoded anew.
                    continue;
                }
                return self.hand(cut).map(Some);
            }
            if self.eof {
                return Ok(None);
            }
            if cut == 0 && pending.len() > self.line_limit {
                return Err(self.too_long(count_lines(pending)));
            }
            let want = self.block.saturating_sub(pending.len()).max(1 << 10);
            self.fill(want)?;
        }
    }

    /// Makes the next call to [`TextReader::next_block`] hand over the last block again: a
    /// caller that looked at the first block to decide how to read the file then reads it all.
    pub fn keep_block(&mut self) {
        self.again = true;
    }

    /// Reads everything left (the last block handed over included, when kept), as one text of
    /// at most `limit` bytes (for Teams exports, read whole); past it, the file is refused
    /// naming `flag`.
    pub fn read_to_string(&mut self, limit: u64, flag: &'static str) -> Result<String, InputError> {
        let mut all = String::new();
        while let Some(block) = self.next_block()? {
            if (all.len() + block.len()) as u64 > limit {
                return Err(InputError::TooLarge {
                    at: Position::whole_file(self.file.to_string()),
                    limit,
                    flag: flag.to_string(),
                });
            }
            all.push_str(block);
        }
        Ok(all)
    }

    /// True when the text is handed over from `decoded` (UTF-16, Windows-1252, a workbook), not
    /// from the raw bytes (UTF-8).
    fn is_decoded(&self) -> bool {
        self.decoder.is_some() || self.encoding == Some(Encoding::Workbook)
    }

    fn pending(&self) -> &[u8] {
        match self.is_decoded() {
            true => self.decoded.as_bytes(),
            false => &self.raw,
        }
    }

    fn drop_handed(&mut self) {
        let n = std::mem::take(&mut self.handed);
        if self.is_decoded() {
            self.decoded.drain(..n.min(self.decoded.len()));
        } else {
            self.raw.drain(..n.min(self.raw.len()));
            self.raw_offset += n as u64;
        }
    }

    /// Hands over the first `cut` bytes of the pending text, checked.
    fn hand(&mut self, cut: usize) -> Result<&str, InputError> {
        let stats = LineStats::of(&self.pending()[..cut]);
        if stats.longest > self.line_limit {
            return Err(self.too_long(stats.ends_before_longest));
        }
        // UTF-8 was checked by `check_utf8`; Windows-1252 has no NUL (`decode`).
        if self.is_decoded() && has_byte(&self.decoded.as_bytes()[..cut], 0) {
            let enc = self.encoding.unwrap_or(Encoding::Utf16LeBom);
            return Err(self.encoding_error(text::utf16_problem(enc, false, true)));
        }
        self.lines += stats.ends;
        self.handed = cut;
        let text = match self.is_decoded() {
            true => self.decoded.get(..cut),
            false => std::str::from_utf8(&self.raw[..cut]).ok(),
        };
        Ok(text.unwrap_or(""))
    }

    /// Checks the first `cut` pending bytes of a UTF-8 text: valid and without NUL (`false`), or
    /// not UTF-8 but Windows-1252 text after nothing but ASCII, in which case the reader switches
    /// to Windows-1252 (`true`: the pending text is now decoded). Anything else is refused.
    fn check_utf8(&mut self, cut: usize) -> Result<bool, InputError> {
        let bytes = &self.raw[..cut];
        match std::str::from_utf8(bytes) {
            Ok(_) => {
                if has_byte(bytes, 0) {
                    return Err(self.encoding_error(text::nul_bytes()));
                }
                // Once a byte above 0x7F was handed over, the file is UTF-8 for good.
                if !self.non_ascii {
                    self.non_ascii = !bytes.is_ascii();
                }
                Ok(false)
            }
            Err(e) => {
                let after_utf8 = self.non_ascii || !bytes[..e.valid_up_to()].is_ascii();
                if self.encoding != Some(Encoding::Utf8) || after_utf8 {
                    let at = self.raw_offset + e.valid_up_to() as u64;
                    let bom = self.encoding == Some(Encoding::Utf8Bom);
                    return Err(self.encoding_error(text::invalid_utf8(at, bom, after_utf8 && !bom)));
                }
                self.encoding = Some(Encoding::Windows1252);
                self.decoder = Some(WINDOWS_1252.new_decoder_without_bom_handling());
                self.decode()?;
                Ok(true)
            }
        }
    }

    /// Reads up to `want` more bytes (decoding them when the text is UTF-16 or Windows-1252).
    fn fill(&mut self, want: usize) -> Result<(), InputError> {
        let room = self.limit.saturating_add(1).saturating_sub(self.read);
        let take = (want as u64).min(room);
        // Exactly the room needed: a buffer grown by doubling would hold twice the block. (A
        // stream of unknown size grows as it comes.)
        if let Some(size) = self.size {
            let left = size.saturating_sub(self.read).saturating_add(1).min(take);
            self.raw.reserve_exact(usize::try_from(left).unwrap_or(0));
        }
        let n = (&mut self.source)
            .take(take)
            .read_to_end(&mut self.raw)
            .map_err(|e| InputError::Io { at: Position::whole_file(self.file.to_string()), reason: e.to_string() })?;
        self.read += n as u64;
        if self.read > self.limit {
            return Err(InputError::TooLarge {
                at: Position::whole_file(self.file.to_string()),
                limit: self.limit,
                flag: self.limit_flag.to_string(),
            });
        }
        self.eof = (n as u64) < take;
        if self.decoder.is_some() {
            self.decode()?;
        }
        Ok(())
    }

    /// Decides the encoding from the first bytes.
    fn detect(&mut self) -> Result<(), InputError> {
        if text::is_workbook(&self.raw) {
            return self.read_workbook();
        }
        let head = &self.raw[..];
        let (encoding, skip) = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            (Encoding::Utf8Bom, 3)
        } else if head.starts_with(&[0xFF, 0xFE]) {
            (Encoding::Utf16LeBom, 2)
        } else if head.starts_with(&[0xFE, 0xFF]) {
            (Encoding::Utf16BeBom, 2)
        } else if has_byte(head, 0) && text::looks_like_utf16le(head) {
            (Encoding::Utf16LeNoBom, 0)
        } else {
            match std::str::from_utf8(head) {
                // A character cut by the end of what was read is not an error.
                Err(e) if (e.error_len().is_some() || self.eof) && head[..e.valid_up_to()].is_ascii() => {
                    (Encoding::Windows1252, 0)
                }
                _ => (Encoding::Utf8, 0),
            }
        };
        self.raw.drain(..skip);
        self.raw_offset = skip as u64;
        self.encoding = Some(encoding);
        match encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => {
                // Refuse binary data now, before the first block is cut into lines; a
                // character cut by the end of what was read is not an error.
                match std::str::from_utf8(&self.raw) {
                    Err(e) if e.error_len().is_some() || self.eof => {
                        let at = self.raw_offset + e.valid_up_to() as u64;
                        return Err(self.encoding_error(text::invalid_utf8(at, skip > 0, skip == 0)));
                    }
                    _ => {}
                }
                if has_byte(&self.raw, 0) {
                    return Err(self.encoding_error(text::nul_bytes()));
                }
            }
            Encoding::Utf16LeBom | Encoding::Utf16LeNoBom => {
                self.decoder = Some(UTF_16LE.new_decoder_without_bom_handling());
                self.decode()?;
            }
            Encoding::Utf16BeBom => {
                self.decoder = Some(UTF_16BE.new_decoder_without_bom_handling());
                self.decode()?;
            }
            Encoding::Windows1252 => {
                self.decoder = Some(WINDOWS_1252.new_decoder_without_bom_handling());
                self.decode()?;
            }
            // Read above, before the encodings of text.
            Encoding::Workbook => {}
        }
        Ok(())
    }

    /// Reads a workbook whole (within the limit) and keeps the text of its first sheet
    /// ([`text::workbook_text`]) to hand over.
    fn read_workbook(&mut self) -> Result<(), InputError> {
        while !self.eof {
            self.fill(self.block)?;
        }
        let sheet = text::workbook_text(&self.raw).map_err(|m| self.encoding_error(m))?;
        self.raw = Vec::new();
        self.decoded = sheet;
        self.encoding = Some(Encoding::Workbook);
        Ok(())
    }

    /// Decodes the raw UTF-16 or Windows-1252 bytes read so far into `decoded`.
    fn decode(&mut self) -> Result<(), InputError> {
        let enc = self.encoding.unwrap_or(Encoding::Utf16LeBom);
        if enc == Encoding::Windows1252 {
            if let Some(i) = text::first_not_latin(&self.raw) {
                // `raw` holds the last bytes read: its first is at `read - raw.len()`.
                let at = self.read - self.raw.len() as u64 + i as u64;
                return Err(self.encoding_error(text::not_latin(at)));
            }
        }
        let Some(decoder) = self.decoder.as_mut() else { return Ok(()) };
        let payload = self.read - self.raw_offset;
        if enc != Encoding::Windows1252 && self.eof && payload % 2 != 0 {
            return Err(self.encoding_error(text::utf16_problem(enc, true, false)));
        }
        let need = decoder.max_utf8_buffer_length_without_replacement(self.raw.len()).unwrap_or(usize::MAX);
        self.decoded.reserve(need.min(self.raw.len().saturating_mul(3) + 16));
        let mut src = &self.raw[..];
        loop {
            let (result, read) = decoder.decode_to_string_without_replacement(src, &mut self.decoded, self.eof);
            src = &src[read..];
            match result {
                encoding_rs::DecoderResult::InputEmpty => break,
                encoding_rs::DecoderResult::OutputFull => self.decoded.reserve(src.len().saturating_mul(3) + 16),
                encoding_rs::DecoderResult::Malformed(_, _) => {
                    return Err(self.encoding_error(text::utf16_problem(enc, false, false)));
                }
            }
        }
        self.raw.clear();
        Ok(())
    }

    /// The file's text refused, the sentence in both languages.
    fn encoding_error(&self, reason: Message) -> InputError {
        InputError::Encoding { at: Position::whole_file(self.file.to_string()), reason }
    }

    /// The line that starts `lines_in` line ends into the pending text is too long.
    fn too_long(&self, lines_in: u64) -> InputError {
        InputError::Malformed {
            at: Position::new(self.file.to_string(), self.lines + lines_in + 1),
            reason: format!(
                "the line is longer than {} bytes (the limit of one line, --max-line-kib): not a CSV export",
                self.line_limit
            )
            .into(),
        }
    }
}

/// The offset after the last line end of `bytes` (0 when there is none). A CR at the very end
/// may be the first half of a CRLF whose LF is not read yet: the cut is made before it.
fn last_line_end(bytes: &[u8]) -> usize {
    let search = match bytes.last() {
        Some(b'\r') => &bytes[..bytes.len() - 1],
        _ => bytes,
    };
    memchr::memrchr2(b'\n', b'\r', search).map_or(0, |i| i + 1)
}

/// The lines of a block: how many end in it, and its longest.
struct LineStats {
    /// Line ends (LF, CRLF or a lone CR).
    ends: u64,
    /// The length of the longest line, line end excluded.
    longest: usize,
    /// The line ends before the longest line.
    ends_before_longest: u64,
}

impl LineStats {
    fn of(bytes: &[u8]) -> LineStats {
        let mut s = LineStats { ends: 0, longest: 0, ends_before_longest: 0 };
        let mut start = 0;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue;
            }
            s.line(i - start);
            start = i + 1;
        }
        if bytes.len() > start {
            s.line(bytes.len() - start);
            s.ends -= 1;
        }
        s
    }

    fn line(&mut self, length: usize) {
        if length > self.longest {
            (self.longest, self.ends_before_longest) = (length, self.ends);
        }
        self.ends += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(bytes: &[u8], block: usize, line_limit: usize) -> Result<(Vec<String>, Option<Encoding>), String> {
        let file: Arc<str> = Arc::from("f.csv");
        let mut r = TextReader::with(bytes, &file, 1 << 30, "--max-input-mib", line_limit, block);
        let mut out = Vec::new();
        while let Some(b) = r.next_block().map_err(|e| e.to_string())? {
            out.push(b.to_string());
        }
        // A kept block comes again, once.
        let (first, enc) = blocks_kept(bytes, block, line_limit)?;
        assert_eq!((first.as_deref(), enc), (out.first().map(String::as_str), r.encoding()));
        Ok((out, r.encoding()))
    }

    fn blocks_kept(
        bytes: &[u8],
        block: usize,
        line_limit: usize,
    ) -> Result<(Option<String>, Option<Encoding>), String> {
        let file: Arc<str> = Arc::from("f.csv");
        let mut r = TextReader::with(bytes, &file, 1 << 30, "--max-input-mib", line_limit, block);
        let Some(first) = r.next_block().map_err(|e| e.to_string())?.map(str::to_string) else {
            return Ok((None, r.encoding()));
        };
        r.keep_block();
        let again = r.next_block().map_err(|e| e.to_string())?.map(str::to_string);
        assert_eq!(again.as_deref(), Some(first.as_str()));
        Ok((again, r.encoding()))
    }

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { vec![] };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    #[test]
    fn blocks_are_whole_lines_and_join_into_the_text() {
        let text: String = (0..5000).map(|i| format!("{i},é,x\r\n")).collect();
        for bytes in [text.clone().into_bytes(), utf16le(&text, true), utf16le(&text, false)] {
            let (parts, enc) = blocks(&bytes, 2048, 1024).unwrap();
            assert!(parts.len() > 10, "{}", parts.len());
            assert!(parts.iter().all(|p| p.ends_with("\r\n")));
            assert_eq!(parts.concat(), text);
            assert!(enc.is_some());
        }
    }

    #[test]
    fn encodings_and_their_refusals() {
        assert_eq!(blocks(b"\xEF\xBB\xBFa;b\n", 4096, 1024).unwrap(), (vec!["a;b\n".into()], Some(Encoding::Utf8Bom)));
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("x,y".encode_utf16().flat_map(|u| u.to_be_bytes())).collect();
        assert_eq!(blocks(&be, 4096, 1024).unwrap().0, vec!["x,y".to_string()]);
        assert!(blocks(b"\xc3\xa8,c\xff", 4096, 1024).unwrap_err().contains("invalid UTF-8 at byte 4 after accented"));
        assert!(blocks(b"\xEF\xBB\xBFabc\xff", 4096, 1024).unwrap_err().contains("at byte 6 after the BOM"));
        assert!(blocks(&[0xFF, 0xFE, 0x41], 4096, 1024).unwrap_err().contains("odd number"));
        assert!(blocks(b"a\x00\x01\x02\xff\xfe\xfd", 4096, 1024).is_err());
        assert!(blocks(b"PK\x03\x04\x14\x00", 4096, 1024)
            .unwrap_err()
            .contains("Excel workbook (.xlsx) that cannot be read"));
    }

    #[test]
    fn text_that_is_not_utf8_is_windows_1252_from_the_first_block_or_a_later_one() {
        // "Nicolò;Perché" as Excel's "CSV (separato da punto e virgola)" saves it.
        let (parts, enc) = blocks(b"Nicol\xf2;Perch\xe9\r\n", 4096, 1024).unwrap();
        assert_eq!((parts.concat(), enc), ("Nicolò;Perché\r\n".to_string(), Some(Encoding::Windows1252)));
        // The first accent after the first blocks: ASCII until then, the same in both.
        let mut late = "a,b\n".repeat(2000).into_bytes();
        late.extend_from_slice(b"c\xffd\n");
        let file: Arc<str> = Arc::from("f.csv");
        let mut r = TextReader::with(&late[..], &file, 1 << 30, "--max-input-mib", 1024, 2048);
        assert_eq!(r.next_block().ok().flatten().map(str::is_ascii), Some(true));
        assert_eq!(r.encoding(), Some(Encoding::Utf8));
        r.keep_block();
        let mut parts = Vec::new();
        while let Some(b) = r.next_block().unwrap() {
            parts.push(b.to_string());
        }
        let enc = r.encoding();
        assert!(parts.len() > 2);
        assert_eq!(parts.concat(), format!("{}cÿd\n", "a,b\n".repeat(2000)));
        assert_eq!(enc, Some(Encoding::Windows1252));
        // After UTF-8 accents, a byte that is not UTF-8 is a file of two encodings.
        let mut mixed = "é,b\n".repeat(2000).into_bytes();
        mixed.extend_from_slice(b"c\xffd\n");
        assert!(blocks(&mixed, 2048, 1024).unwrap_err().contains("invalid UTF-8 at byte 10001 after accented"));
        // A control byte in a later block of Windows-1252 text: binary data.
        let mut binary = b"\xe9,b\n".repeat(2000);
        binary.extend_from_slice(b"c\x01d\n");
        assert!(blocks(&binary, 2048, 1024).unwrap_err().contains("byte 8001 is a control character"));
    }

    #[test]
    fn a_line_too_long_is_refused_with_its_line() {
        let mut text = "a,b\n".repeat(300);
        text.push_str(&"x".repeat(5000));
        text.push('\n');
        let err = blocks(text.as_bytes(), 2048, 1024).unwrap_err();
        assert!(err.contains("line 301") && err.contains("longer than 1024 bytes"), "{err}");
    }

    #[test]
    fn an_endless_source_stops_at_the_limit() {
        let file: Arc<str> = Arc::from("fifo");
        let endless = std::io::repeat(b'a').take(u64::MAX);
        let mut lines = std::io::BufReader::new(endless);
        let mut r = TextReader::with(&mut lines, &file, 1 << 20, "--max-input-mib", 1 << 30, 1 << 16);
        let err = r.read_to_string(u64::MAX, "").unwrap_err().to_string();
        assert!(err.contains("more than 1048576 bytes") && err.contains("--max-input-mib"), "{err}");
    }
}
