//! The run manifest: what a run read and wrote, each file with its SHA-256, so that a payroll
//! file can be shown to come from exactly these inputs and these rules, and re-checked by
//! `sportello verify`. This module owns the manifest's type and its JSON form: written here
//! ([`write_json`]), and read back from bytes ([`Manifest::from_json`]; the bytes come from
//! `input::manifest`, which reads the disk).
//!
//! The JSON, in this order (`manifest` is the format's version):
//!
//! ```json
//! { "manifest": 1,
//!   "engine": { "name": "sportello", "version": "0.1.0" },
//!   "command": ["compute", "--month", "2025-10", "--data", "data", "--out", "payroll.csv", "--manifest", "run.json"],
//!   "lang": "it",
//!   "working_directory": "/home/rsu/ottobre",
//!   "date": "2025-11-03T10:15:02+01:00",
//!   "rulesets": [{ "id": "inps-ccni-2025", "file": "built-in:inps-ccni-2025.toml", "sha256": "…" }],
//!   "inputs": [{ "path": "data/attendance.csv", "sha256": "…", "size": 18230, "rows": 386 }],
//!   "outputs": [{ "flag": "--out", "path": "payroll.csv", "sha256": "…" }] }
//! ```
//!
//! The order is stable — rule sets by id, inputs by path, outputs in the order the command
//! writes them — so that the same run gives the same manifest but for `date`. An output
//! written to standard output has the path `-` and no digest (`null`): what went to a terminal
//! or a pipe cannot be checked again. `rows` is `null` for a file that is not a table (a JSON
//! Teams export). Digests are lowercase hexadecimal.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

/// The version of the manifest format this engine writes and reads.
pub const FORMAT: u32 = 1;

/// The prefix of a built-in rule set's `file`: `built-in:inps-ccni-2025.toml`.
pub const BUILT_IN: &str = "built-in:";

/// A run's manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The format's version ([`FORMAT`]).
    pub manifest: u32,
    /// The program that ran.
    pub engine: Engine,
    /// The arguments as given, after the program's name.
    pub command: Vec<String>,
    /// The language of the run's sentences (`it`, `en`): the anomalies file is written in it, so
    /// a re-run must use it too.
    pub lang: String,
    /// The folder the command ran in (relative paths are from there), when it was known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_directory: Option<String>,
    /// When the run was made, RFC 3339: the only field that differs between two runs of the
    /// same command on the same files.
    pub date: String,
    /// Every rule set of the run's rule book, by id.
    pub rulesets: Vec<RuleSetFile>,
    /// Every file the run read, by path.
    pub inputs: Vec<InputFile>,
    /// Every output, in the order the command writes them.
    pub outputs: Vec<OutputFile>,
}

/// The program that ran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Engine {
    /// `sportello`.
    pub name: String,
    /// Its version.
    pub version: String,
}

impl Engine {
    /// This program.
    pub fn this() -> Engine {
        Engine { name: env!("CARGO_PKG_NAME").to_string(), version: env!("CARGO_PKG_VERSION").to_string() }
    }
}

/// A rule set and the file it was read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSetFile {
    /// The rule set's id.
    pub id: String,
    /// The rule file's path, or `built-in:<id>.toml` for a rule set compiled into the program.
    pub file: String,
    /// The SHA-256 of the rule file's bytes (of the compiled-in text for a built-in one).
    pub sha256: String,
}

impl RuleSetFile {
    /// The file name of a built-in rule set (`inps-ccni-2025.toml`), or `None` for a file.
    pub fn built_in(&self) -> Option<&str> {
        self.file.strip_prefix(BUILT_IN)
    }
}

/// A file the run read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputFile {
    /// The path as the run named it (forward slashes), from the working directory.
    pub path: String,
    /// The SHA-256 of its bytes.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// The rows the run read from it (the header excluded); `null` for a file that is not a
    /// table.
    pub rows: Option<u64>,
}

/// An output of the run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputFile {
    /// The flag that named it (`--out`, `--anomalies`).
    pub flag: String,
    /// The path as given, or `-` for standard output.
    pub path: String,
    /// The SHA-256 of the bytes written; `null` for standard output, which cannot be checked.
    pub sha256: Option<String>,
}

impl OutputFile {
    /// The path of standard output.
    pub const STDOUT: &'static str = "-";
}

impl Manifest {
    /// Puts the lists in their stable order: rule sets by id, inputs by path (each once).
    /// Outputs keep the order they were written in.
    pub fn sort(&mut self) {
        self.rulesets.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.file.cmp(&b.file)));
        self.rulesets.dedup();
        self.inputs.sort_by(|a, b| a.path.cmp(&b.path));
        self.inputs.dedup_by(|a, b| a.path == b.path);
    }

    /// Reads a manifest from its JSON; says why it is not one (not JSON, a field missing or
    /// unknown, a format this engine does not read, a digest that is not one).
    pub fn from_json(bytes: &[u8]) -> Result<Manifest, String> {
        let m: Manifest = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if m.manifest != FORMAT {
            return Err(format!("format {}, where this program reads format {FORMAT}", m.manifest));
        }
        let digests = m
            .rulesets
            .iter()
            .map(|r| (r.id.as_str(), Some(r.sha256.as_str())))
            .chain(m.inputs.iter().map(|i| (i.path.as_str(), Some(i.sha256.as_str()))))
            .chain(m.outputs.iter().map(|o| (o.path.as_str(), o.sha256.as_deref())));
        for (what, digest) in digests {
            if let Some(d) = digest.filter(|d| !is_digest(d)) {
                return Err(format!("{what}: \"{d}\" is not a SHA-256 (64 hexadecimal digits)"));
            }
        }
        Ok(m)
    }
}

/// Writes the manifest as indented JSON, ending with a line break.
pub fn write_json(manifest: &Manifest, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, manifest).map_err(io::Error::from)?;
    w.write_all(b"\n")
}

/// A digest in lowercase hexadecimal, as the manifest writes it.
pub fn hex(digest: &[u8; 32]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(64);
    for b in digest {
        // Writing to a String cannot fail.
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// True for 64 lowercase hexadecimal digits.
fn is_digest(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        Manifest {
            manifest: FORMAT,
            engine: Engine::this(),
            command: vec!["compute".into(), "--month".into(), "2025-10".into()],
            lang: "it".into(),
            working_directory: Some("/tmp/x".into()),
            date: "2025-11-03T10:15:02+01:00".into(),
            rulesets: vec![RuleSetFile {
                id: "inps-ccni-2025".into(),
                file: format!("{BUILT_IN}inps-ccni-2025.toml"),
                sha256: hex(&[0xab; 32]),
            }],
            inputs: vec![
                InputFile { path: "data/teams/r.json".into(), sha256: hex(&[1; 32]), size: 10, rows: None },
                InputFile { path: "data/attendance.csv".into(), sha256: hex(&[2; 32]), size: 20, rows: Some(3) },
            ],
            outputs: vec![
                OutputFile { flag: "--out".into(), path: OutputFile::STDOUT.into(), sha256: None },
                OutputFile { flag: "--anomalies".into(), path: "a.csv".into(), sha256: Some(hex(&[3; 32])) },
            ],
        }
    }

    #[test]
    fn the_json_is_in_a_stable_order_and_reads_back() {
        let mut m = sample();
        m.sort();
        assert_eq!(m.inputs[0].path, "data/attendance.csv");
        let mut out = Vec::new();
        write_json(&m, &mut out).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        let at = |k: &str| text.find(&format!("\"{k}\"")).unwrap_or_else(|| panic!("{k} in {text}"));
        let keys = ["manifest", "engine", "command", "lang", "working_directory", "date", "rulesets", "inputs"];
        assert!(keys.windows(2).all(|w| at(w[0]) < at(w[1])), "{text}");
        assert!(text.contains("\"rows\": null") && text.contains("\"sha256\": null"), "{text}");
        assert!(text.ends_with("}\n"));
        assert_eq!(Manifest::from_json(&out).unwrap(), m);
        assert_eq!(m.rulesets[0].built_in(), Some("inps-ccni-2025.toml"));
    }

    #[test]
    fn what_is_not_a_manifest_is_refused_with_the_reason() {
        assert!(Manifest::from_json(b"garbage").is_err());
        assert!(Manifest::from_json(b"{}").unwrap_err().contains("missing field"));
        let mut out = Vec::new();
        let mut m = sample();
        m.manifest = 2;
        write_json(&m, &mut out).unwrap();
        assert!(Manifest::from_json(&out).unwrap_err().contains("format 2"));
        let mut m = sample();
        m.inputs[0].sha256 = "XYZ".into();
        out.clear();
        write_json(&m, &mut out).unwrap();
        assert!(Manifest::from_json(&out).unwrap_err().contains("data/teams/r.json: \"XYZ\""));
    }

    #[test]
    fn hex_is_lowercase_and_64_digits() {
        let h = hex(&[0x0f; 32]);
        assert_eq!(h.len(), 64);
        assert!(h.starts_with("0f0f") && is_digest(&h));
    }
}
