//! From bytes to text: BOM sniffing, UTF-16 and Windows-1252 decoding, and the refusal of
//! what is not text (a workbook, binary data), each refusal saying what was expected.
//!
//! Teams writes its CSV exports as UTF-16LE with a BOM; Excel re-saves them as UTF-8 with a BOM
//! ("CSV UTF-8") or, as "CSV (separato da punto e virgola)" / "CSV (comma delimited)", in the
//! Windows code page of the machine — Windows-1252 in Western Europe; hand-made files are plain
//! UTF-8. A UTF-16LE file that lost its BOM is recognised by its NUL bytes.
//!
//! # The rule
//!
//! 1. A BOM decides (UTF-8, UTF-16LE, UTF-16BE).
//! 2. A ZIP (`PK\x03\x04`: an Excel `.xlsx` or LibreOffice `.ods` workbook) or an OLE2 file
//!    (`D0 CF 11 E0`: an Excel 97–2003 `.xls`) is a **workbook**: its first sheet is read with
//!    `calamine` and written as CSV text ([`workbook_text`]), which every reader then reads as
//!    it reads a CSV file; a workbook that cannot be read is refused, saying how to save it as
//!    CSV.
//! 3. Text that is valid UTF-8 is UTF-8 (valid UTF-8 wins: a Windows-1252 text with accents is
//!    almost never valid UTF-8, and an ASCII text is the same in both).
//! 4. Bytes that are nine in ten a character and a NUL are UTF-16LE without BOM.
//! 5. Otherwise, when everything before the first byte that is not UTF-8 is ASCII, and the
//!    text holds no NUL, no control byte other than TAB, LF and CR, and none of the five bytes
//!    Windows-1252 leaves undefined (`81 8D 8F 90 9D`), it is **Windows-1252** (a superset of
//!    ISO-8859-1's printable characters, so an ISO-8859-1 file reads the same), decoded with
//!    `encoding_rs`. A file read block by block ([`super::source::TextReader`]) may turn out to
//!    be Windows-1252 only in a later block: the switch is made there, the blocks before being
//!    ASCII, which both encodings read alike.
//! 6. Anything else is refused: binary data, or UTF-8 text broken by a byte of another
//!    encoding after accented UTF-8 characters (a file of two encodings).

use std::borrow::Cow;

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::lang::Lang;
use crate::message::{Arg, Message, Template};

/// The encoding a file was read with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with BOM (as Excel saves "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 little-endian with BOM (as Teams writes).
    Utf16LeBom,
    /// UTF-16 big-endian with BOM.
    Utf16BeBom,
    /// UTF-16 little-endian without BOM (recognised by its NUL bytes).
    Utf16LeNoBom,
    /// Windows-1252, which includes ISO-8859-1's printable characters (as Excel saves "CSV" on
    /// a Western European Windows): recognised as the module documentation says.
    Windows1252,
    /// Not text: the first sheet of a workbook (`.xlsx`, `.xls`, `.ods`), read as
    /// [`workbook_text`] writes it.
    Workbook,
}

impl Encoding {
    /// A name for people, in English.
    pub fn name(self) -> &'static str {
        self.name_in(Lang::En)
    }

    /// A name for people, in `lang`.
    pub fn name_in(self, lang: Lang) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => lang.pick("UTF-8 con BOM", "UTF-8 with BOM"),
            Encoding::Utf16LeBom => lang.pick("UTF-16LE con BOM", "UTF-16LE with BOM"),
            Encoding::Utf16BeBom => lang.pick("UTF-16BE con BOM", "UTF-16BE with BOM"),
            Encoding::Utf16LeNoBom => lang.pick("UTF-16LE senza BOM", "UTF-16LE without BOM"),
            Encoding::Windows1252 => "Windows-1252 (ISO-8859-1)",
            Encoding::Workbook => lang.pick(
                "cartella di lavoro (xlsx, xls, ods), primo foglio",
                "spreadsheet workbook (xlsx, xls, ods), its first sheet",
            ),
        }
    }
}

/// What every input is expected to be, for messages.
pub(crate) static EXPECTED: Template = Template {
    it: "atteso un testo in UTF-8 (con o senza BOM), UTF-16 con BOM o Windows-1252",
    en: "expected text in UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1252",
};

static NUL_BYTES: Template = Template {
    it: "il file contiene byte NUL (dati binari?); {0}",
    en: "the file contains NUL bytes (binary data?); {0}",
};
static INVALID_UTF8: Template =
    Template { it: "UTF-8 non valido al byte {0}{1}; {2}", en: "invalid UTF-8 at byte {0}{1}; {2}" };
static AFTER_BOM: Template = Template { it: " dopo il BOM", en: " after the BOM" };
static AFTER_UTF8: Template = Template {
    it: " dopo caratteri UTF-8 accentati (un file in due codifiche?)",
    en: " after accented UTF-8 characters (a file of two encodings?)",
};
static NOT_LATIN: Template = Template {
    it: "né UTF-8 né testo Windows-1252: il byte {0} è un carattere di controllo (dati binari?); {1}",
    en: "neither UTF-8 nor Windows-1252 text: byte {0} is a control character (binary data?); {1}",
};
static ODD_UTF16: Template = Template {
    it: "testo {0} con un numero dispari di byte (file troncato?)",
    en: "{0} text with an odd number of bytes (truncated file?)",
};
static NUL_UTF16: Template = Template {
    it: "testo {0} che contiene caratteri NUL (dati binari?)",
    en: "{0} text containing NUL characters (binary data?)",
};
static SURROGATE: Template =
    Template { it: "testo {0} non valido (surrogato spaiato)", en: "invalid {0} text (unpaired surrogate)" };
static XLSX: Template = Template {
    it: "è una cartella di lavoro di Excel (.xlsx) che non si riesce a leggere ({0}): aprirla in Excel e \
         salvarla come CSV (File › Salva con nome › CSV UTF-8 (delimitato da virgole))",
    en: "an Excel workbook (.xlsx) that cannot be read ({0}): open it in Excel and save it as CSV \
         (File › Save as › CSV UTF-8 (Comma delimited))",
};
static ODS: Template = Template {
    it: "è un foglio di calcolo di LibreOffice (.ods) che non si riesce a leggere ({0}): aprirlo in \
         LibreOffice e salvarlo come CSV (File › Salva con nome › Testo CSV, set di caratteri Unicode (UTF-8))",
    en: "a LibreOffice spreadsheet (.ods) that cannot be read ({0}): open it in LibreOffice and save it \
         as CSV (File › Save As › Text CSV, character set Unicode (UTF-8))",
};
static XLS: Template = Template {
    it: "è una cartella di lavoro di Excel 97-2003 (.xls) che non si riesce a leggere ({0}): aprirla in \
         Excel e salvarla come CSV (File › Salva con nome › CSV UTF-8 (delimitato da virgole))",
    en: "an Excel 97-2003 workbook (.xls) that cannot be read ({0}): open it in Excel and save it as CSV \
         (File › Save as › CSV UTF-8 (Comma delimited))",
};
static NO_SHEET: Template = Template { it: "nessun foglio", en: "no sheet" };
static PANICKED: Template = Template { it: "file danneggiato", en: "a damaged file" };

fn expected() -> Arg {
    Arg::Message(Box::new(Message::new(&EXPECTED, Vec::new())))
}

/// The file's NUL bytes refused.
pub(crate) fn nul_bytes() -> Message {
    Message::new(&NUL_BYTES, [expected()])
}

/// UTF-8 broken at byte `at`, after a BOM or after accented UTF-8 characters.
pub(crate) fn invalid_utf8(at: u64, after_bom: bool, after_utf8: bool) -> Message {
    let after = match (after_bom, after_utf8) {
        (true, _) => Arg::Message(Box::new(Message::new(&AFTER_BOM, Vec::new()))),
        (false, true) => Arg::Message(Box::new(Message::new(&AFTER_UTF8, Vec::new()))),
        (false, false) => Arg::text(""),
    };
    Message::new(&INVALID_UTF8, [Arg::Int(i64::try_from(at).unwrap_or(i64::MAX)), after, expected()])
}

/// Neither UTF-8 nor Windows-1252: the control byte at `at`.
pub(crate) fn not_latin(at: u64) -> Message {
    Message::new(&NOT_LATIN, [Arg::Int(i64::try_from(at).unwrap_or(i64::MAX)), expected()])
}

/// UTF-16 text that is not whole, holds a NUL, or pairs no surrogate.
pub(crate) fn utf16_problem(enc: Encoding, odd: bool, nul: bool) -> Message {
    let t = match (odd, nul) {
        (true, _) => &ODD_UTF16,
        (false, true) => &NUL_UTF16,
        (false, false) => &SURROGATE,
    };
    Message::new(t, [Arg::text(enc.name())])
}

/// True when `head`, a file's first bytes, are a workbook's: a ZIP (`.xlsx`, `.ods`) or an OLE2
/// compound file (`.xls`).
pub(crate) fn is_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// A workbook that cannot be read (`why`), told by its first bytes, with how to save it as CSV.
fn unreadable_workbook(head: &[u8], why: Arg) -> Message {
    let t = if head.starts_with(b"PK\x03\x04") {
        // An OpenDocument file stores its type, uncompressed, right after the first header.
        if head.get(30..).is_some_and(|rest| rest.starts_with(b"mimetypeapplication/vnd.oasis.opendocument")) {
            &ODS
        } else {
            &XLSX
        }
    } else {
        &XLS
    };
    Message::new(t, [why])
}

/// The first sheet of a workbook (`.xlsx`, `.xls`, `.ods`), read with `calamine`, as CSV text:
/// one line per row, numbered as the sheet numbers its rows (an empty line for each row above
/// the first used one), cells separated by `,` and quoted where RFC 4180 needs it, a line break
/// inside a cell turned into a space. Each cell is written as the table readers read it:
///
/// * text as it is; whole numbers without decimals; other numbers rounded to 15 significant
///   digits, as Excel shows them (`18.5`, `83.33`: a binary fraction never shows);
/// * a date as `YYYY-MM-DD`, a time of day as `HH:MM:SS`, a date and time as
///   `YYYY-MM-DD HH:MM:SS`, each rounded to the nearest second (Excel keeps them as fractions of
///   a day); a duration as `H:MM:SS`; OpenDocument's ISO dates as written, its ISO durations
///   (`PT09H30M00S`, how it keeps times of day) as `HH:MM:SS`;
/// * a formula's error as Excel writes it (`#N/A`), which the readers then report.
///
/// A workbook that cannot be read (damaged, encrypted, no sheet) is refused with how to save it
/// as CSV.
pub fn workbook_text(bytes: &[u8]) -> Result<String, Message> {
    use calamine::Reader;
    let refuse = |why: String| unreadable_workbook(bytes, Arg::text(why));
    // A damaged workbook must not stop the run: calamine is not trusted never to panic on one.
    let read = std::panic::catch_unwind(|| {
        let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))?;
        book.worksheet_range_at(0).transpose()
    });
    let range = match read {
        Ok(Ok(Some(range))) => range,
        Ok(Ok(None)) => {
            return Err(unreadable_workbook(bytes, Arg::Message(Box::new(Message::new(&NO_SHEET, Vec::new())))))
        }
        Ok(Err(e)) => return Err(refuse(e.to_string())),
        Err(_) => return Err(unreadable_workbook(bytes, Arg::Message(Box::new(Message::new(&PANICKED, Vec::new()))))),
    };
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut out = "\n".repeat(usize::try_from(first_row).unwrap_or(0));
    for row in range.rows() {
        for _ in 0..first_col {
            out.push(',');
        }
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_csv_cell(&mut out, &cell_text(cell));
        }
        out.push('\n');
    }
    Ok(out)
}

/// Appends `cell` to a CSV line, quoted when it holds a delimiter, a quote or starts with one.
fn push_csv_cell(out: &mut String, cell: &str) {
    let cell = cell.replace(['\r', '\n'], " ");
    if cell.contains([',', '"', ';', '\t']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&cell);
    }
}

/// A cell as the table readers read it ([`workbook_text`]).
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) => s.clone(),
        Data::DurationIso(s) => iso_duration(s).unwrap_or_else(|| s.clone()),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
        Data::Error(e) => e.to_string(),
        Data::DateTime(dt) if dt.is_duration() => {
            // Rounded to the nearest second.
            let seconds = (dt.as_f64() * 86_400.0).round();
            let s = if seconds.is_finite() { seconds as i64 } else { 0 };
            format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
        }
        Data::DateTime(dt) => date_time(dt),
    }
}

/// A number as Excel shows it: rounded to 15 significant digits, without a trailing zero.
fn number(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    let shown: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    format!("{shown}")
}

/// A date, a time of day, or both, rounded to the nearest second ([`workbook_text`]).
fn date_time(dt: &calamine::ExcelDateTime) -> String {
    let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
    let date = chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(d));
    let time = chrono::NaiveTime::from_hms_opt(u32::from(h), u32::from(mi), u32::from(s));
    let (Some(date), Some(time)) = (date, time) else { return dt.as_f64().to_string() };
    // Rounded to the nearest second: half a second and more goes up.
    let at = date.and_time(time) + chrono::Duration::seconds(i64::from(ms >= 500));
    let value = dt.as_f64();
    if value.fract() == 0.0 && value >= 1.0 {
        at.format("%Y-%m-%d").to_string()
    } else if (0.0..1.0).contains(&value) {
        at.format("%H:%M:%S").to_string()
    } else {
        at.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

/// An ISO 8601 duration of hours, minutes and seconds (`PT09H30M00S`) as `HH:MM:SS`.
fn iso_duration(text: &str) -> Option<String> {
    let rest = text.strip_prefix("PT")?;
    let (mut h, mut m, mut s) = (0u64, 0u64, 0u64);
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'H' | 'M' | 'S' => {
                // Fractions of a second are cut, as in Teams exports.
                let value: u64 = number.split('.').next()?.parse().ok()?;
                match c {
                    'H' => h = value,
                    'M' => m = value,
                    _ => s = value,
                }
                number.clear();
            }
            _ => return None,
        }
    }
    number.is_empty().then(|| format!("{h:02}:{m:02}:{s:02}"))
}

/// True for a byte that Windows-1252 text never holds: NUL, a control byte other than TAB, LF
/// and CR, DEL, and the five bytes the code page leaves undefined.
pub(crate) fn not_in_latin_text(b: u8) -> bool {
    matches!(b, 0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F | 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)
}

/// Where `bytes` stop being Windows-1252 text (the module documentation's rule 5), if they do.
pub(crate) fn first_not_latin(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| not_in_latin_text(b))
}

/// Decodes a whole file (the module documentation's rule). The error says what was expected.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), Message> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        if has_byte(rest, 0) {
            return Err(nul_bytes());
        }
        return std::str::from_utf8(rest)
            .map(|s| (Cow::Borrowed(s), Encoding::Utf8Bom))
            .map_err(|e| invalid_utf8(e.valid_up_to() as u64 + 3, true, false));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, Encoding::Utf16LeBom);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, Encoding::Utf16BeBom);
    }
    if is_workbook(bytes) {
        return workbook_text(bytes).map(|text| (Cow::Owned(text), Encoding::Workbook));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) if !has_byte(s.as_bytes(), 0) => Ok((Cow::Borrowed(s), Encoding::Utf8)),
        _ if looks_like_utf16le(bytes) => utf16(bytes, Encoding::Utf16LeNoBom),
        Ok(_) => Err(nul_bytes()),
        Err(e) => {
            let at = e.valid_up_to();
            if !bytes.get(..at).is_some_and(<[u8]>::is_ascii) {
                return Err(invalid_utf8(at as u64, false, true));
            }
            if let Some(bad) = first_not_latin(bytes) {
                return Err(not_latin(bad as u64));
            }
            Ok((WINDOWS_1252.decode_without_bom_handling(bytes).0, Encoding::Windows1252))
        }
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

fn utf16(bytes: &[u8], enc: Encoding) -> Result<(Cow<'static, str>, Encoding), Message> {
    if bytes.len() % 2 != 0 {
        return Err(utf16_problem(enc, true, false));
    }
    let codec = if enc == Encoding::Utf16BeBom { UTF_16BE } else { UTF_16LE };
    match codec.decode_without_bom_handling_and_without_replacement(bytes) {
        // As in UTF-8 text: a NUL character is binary data, never part of an export.
        Some(s) if s.contains('\0') => Err(utf16_problem(enc, false, true)),
        Some(s) => Ok((Cow::Owned(s.into_owned()), enc)),
        None => Err(utf16_problem(enc, false, false)),
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
        let refused = |b: &[u8]| decode(b).err().map(|m| m.en().into_owned()).unwrap_or_default();
        assert!(decode(b"\x00\x01\x02\xff\xfe\xfd").is_err());
        assert!(refused(b"abc\x01\xff").contains("byte 3 is a control character"));
        assert!(refused(b"\xc3\xa9,\xff").contains("invalid UTF-8 at byte 3 after accented UTF-8"));
        assert!(refused(&[0xFF, 0xFE, 0x41]).contains("odd number"));
        assert!(refused(b"PK\x03\x04\x14\x00\x06\x00").contains("Excel workbook (.xlsx) that cannot be read"));
        let mut ods = b"PK\x03\x04".to_vec();
        ods.resize(30, 0);
        ods.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
        assert!(refused(&ods).contains("LibreOffice spreadsheet (.ods) that cannot be read"));
        assert!(refused(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]).contains("(.xls)"));
        let it = decode(b"PK\x03\x04").err().map(|m| m.render(Lang::It).into_owned()).unwrap_or_default();
        assert!(it.contains("salvarla come CSV"), "{it}");
    }

    #[test]
    fn workbook_cells_as_the_readers_read_them() {
        use calamine::{Data, ExcelDateTime, ExcelDateTimeType::DateTime};
        let cell = |d: Data| cell_text(&d);
        assert_eq!(cell(Data::Float(18.5)), "18.5");
        assert_eq!(cell(Data::Float(0.1 + 0.2)), "0.3");
        assert_eq!(cell(Data::Float(83.33)), "83.33");
        assert_eq!(cell(Data::Float(4512.0)), "4512");
        assert_eq!(cell(Data::Int(7)), "7");
        // 09:00:37 kept as a fraction of a day a hair below its second: rounded to it.
        let t = (9.0 * 3600.0 + 37.0) / 86_400.0 - 1e-9;
        assert_eq!(cell(Data::DateTime(ExcelDateTime::new(t, DateTime, false))), "09:00:37");
        assert_eq!(cell(Data::DateTime(ExcelDateTime::new(45_936.0, DateTime, false))), "2025-10-06");
        assert_eq!(
            cell(Data::DateTime(ExcelDateTime::new(45_944.375 + t - 0.375, DateTime, false))),
            "2025-10-14 09:00:37"
        );
        assert_eq!(cell(Data::DurationIso("PT09H30M00S".into())), "09:30:00");
        assert_eq!(cell(Data::DurationIso("P1D".into())), "P1D");
        let mut line = String::new();
        push_csv_cell(&mut line, "Rossi, \"Mario\"\nJr");
        assert_eq!(line, "\"Rossi, \"\"Mario\"\" Jr\"");
    }

    #[test]
    fn windows_1252_when_not_utf8_and_plain_text() {
        // "Nicolò;Perché;€" as Excel's "CSV (separato da punto e virgola)" saves it.
        let (text, enc) = decode(b"Nicol\xf2;Perch\xe9;\x80\r\n").unwrap();
        assert_eq!((text.as_ref(), enc), ("Nicolò;Perché;€\r\n", Encoding::Windows1252));
        // Valid UTF-8 wins.
        assert_eq!(decode("Nicolò".as_bytes()).unwrap().1, Encoding::Utf8);
        // An undefined byte, a control byte: not text.
        assert!(decode(b"abc\x81").is_err());
        assert!(decode(b"ab\xe9\x1b").is_err());
    }
}
