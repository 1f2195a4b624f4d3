//! `sportello verify F.json`: a run recorded with `--manifest`, checked again.
//!
//! 1. The manifest is read (exit 2 when it cannot be, or records a command that cannot be run
//!    again).
//! 2. Every input it lists is hashed again, from the recorded working folder: a file whose
//!    SHA-256 or size differs, or that cannot be read, has changed. Every rule set too: a rule
//!    file hashed again, a built-in one against this program's text.
//! 3. Every output file it lists is hashed where the run wrote it: the file in hand must be the
//!    one the run wrote.
//! 4. The recorded command is run again by this same program, in the recorded folder and in the
//!    recorded language, with every output flag (`--out`, `--anomalies`, `--manifest`, and any
//!    other the manifest lists) pointed into a fresh temporary folder, so that verifying never
//!    writes over a file; each output it writes must have the recorded SHA-256. Its own
//!    manifest says whether it read a file, or loaded a rule set, that the recorded run did not.
//!
//! Exit 0 when everything is identical, 1 naming each difference, in the chosen language. The
//! date is not compared; a different version of the program is noted, and its outputs compared
//! all the same. What went to standard output was not recorded and cannot be checked.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sportello::input::manifest as disk;
use sportello::lang::Lang;
use sportello::message::{Arg, Message, Template};
use sportello::output::manifest::{hex, Engine, Manifest, OutputFile};
use sportello::rules::EMBEDDED;

use super::CliError;

/// The commands a manifest may ask to run again: those that record one.
const RERUNNABLE: &[&str] = &["compute", "explain", "compare", "arrears", "offices"];
/// The flags that name an output: pointed into the temporary folder in the re-run, whether the
/// manifest lists them or not.
const OUTPUT_FLAGS: &[&str] = &["--out", "--anomalies", "--manifest"];
/// The global flags that take a value, which may stand before the command's name.
const GLOBAL_WITH_VALUE: &[&str] = &["--threads", "--lang"];

static UNREADABLE: Template = Template {
    it: "{0}: non è un manifest di sportello leggibile: {1}",
    en: "{0}: not a readable sportello manifest: {1}",
};
static NOT_RERUNNABLE: Template = Template {
    it: "{0}: il comando registrato ({1}) non si può rieseguire: verify riesegue solo {2}",
    en: "{0}: the recorded command ({1}) cannot be run again: verify runs only {2}",
};
static NO_TEMPORARY: Template = Template {
    it: "impossibile creare una cartella temporanea per rieseguire il comando",
    en: "cannot create a temporary folder to run the command again",
};
static INPUT_CHANGED: Template = Template {
    it: "input {0}: il contenuto è cambiato (SHA-256 ora {1}, registrato {2}; {3} byte, registrati {4})",
    en: "input {0}: its content changed (SHA-256 now {1}, recorded {2}; {3} bytes, recorded {4})",
};
static INPUT_GONE: Template =
    Template { it: "input {0}: non si può leggere ({1})", en: "input {0}: cannot be read ({1})" };
static INPUT_NEW: Template = Template {
    it: "input {0}: letto dalla nuova esecuzione, ma assente dal manifest",
    en: "input {0}: read by the new run, but not in the manifest",
};
static RULES_CHANGED: Template = Template {
    it: "regole {0} ({1}): il testo è cambiato (SHA-256 ora {2}, registrato {3})",
    en: "rule set {0} ({1}): its text changed (SHA-256 now {2}, recorded {3})",
};
static RULES_GONE: Template =
    Template { it: "regole {0} ({1}): non si possono leggere ({2})", en: "rule set {0} ({1}): cannot be read ({2})" };
static RULES_NEW: Template = Template {
    it: "regole {0} ({1}): caricate dalla nuova esecuzione, ma assenti dal manifest",
    en: "rule set {0} ({1}): loaded by the new run, but not in the manifest",
};
static NOT_IN_PROGRAM: Template = Template { it: "non sono più nel programma", en: "no longer in the program" };
static OUTPUT_EDITED: Template = Template {
    it: "output {0} {1}: il file non è più quello scritto dall'esecuzione registrata (SHA-256 ora {2}, registrato {3})",
    en: "output {0} {1}: the file is no longer the one the recorded run wrote (SHA-256 now {2}, recorded {3})",
};
static OUTPUT_GONE: Template = Template {
    it: "output {0} {1}: il file non si può leggere ({2})",
    en: "output {0} {1}: the file cannot be read ({2})",
};
static OUTPUT_RERUN_DIFFERS: Template = Template {
    it: "output {0} {1}: rieseguito, il comando scrive un contenuto diverso (SHA-256 {2}, registrato {3})",
    en: "output {0} {1}: run again, the command writes other content (SHA-256 {2}, recorded {3})",
};
static OUTPUT_NOT_MADE: Template = Template {
    it: "output {0} {1}: rieseguito, il comando non lo scrive",
    en: "output {0} {1}: run again, the command does not write it",
};
static RUN_FAILED: Template = Template {
    it: "il comando registrato, rieseguito, è terminato con il codice {0}:\n{1}",
    en: "the recorded command, run again, ended with exit code {0}:\n{1}",
};
static RUN_NOT_STARTED: Template = Template {
    it: "il comando registrato non si è potuto rieseguire: {0}",
    en: "the recorded command could not be run again: {0}",
};
static NOTE_STDOUT: Template = Template {
    it: "nota: l'output {0} è andato sullo standard output, che non si può verificare",
    en: "note: the output {0} went to standard output, which cannot be verified",
};
static NOTE_DEVICE: Template = Template {
    it: "nota: l'output {0} {1} non è un file normale: si confronta solo la nuova esecuzione",
    en: "note: the output {0} {1} is not a regular file: only the new run is compared",
};
static NOTE_ENGINE: Template = Template {
    it: "nota: manifest scritto da {0} {1}, verificato con {0} {2}",
    en: "note: manifest written by {0} {1}, verified with {0} {2}",
};
static VERIFIED: Template = Template {
    it: "verifica superata: {0} input, {1} set di regole e {2} output identici a quelli registrati in {3}",
    en: "verified: {0} inputs, {1} rule sets and {2} outputs identical to those recorded in {3}",
};
static NOT_VERIFIED: Template = Template {
    it: "verifica non superata: {0} differenze rispetto a {1}",
    en: "not verified: {0} differences from {1}",
};

/// What the check found: differences (each fails the verification) and notes.
#[derive(Default)]
struct Findings {
    differences: Vec<Message>,
    notes: Vec<Message>,
    /// Inputs, rule sets and outputs found identical.
    identical: [i64; 3],
}

impl Findings {
    fn differ(&mut self, template: &'static Template, args: impl Into<Box<[Arg]>>) {
        self.differences.push(Message::new(template, args));
    }
}

/// Checks the manifest `file`; returns 0 when everything is identical, 1 when something differs.
pub fn run(file: &Path) -> Result<u8, CliError> {
    let lang = super::lang();
    let shown = disk::name(file);
    let recorded = read(file, &shown, lang)?;
    let temporary = tempfile::Builder::new()
        .prefix("sportello-verify-")
        .tempdir()
        .map_err(|e| CliError::Io(Message::new(&NO_TEMPORARY, Vec::new()).render(lang).into_owned(), e))?;
    let plan = plan(&recorded, &shown, temporary.path(), lang)?;
    let base = recorded.working_directory.as_ref().map_or_else(|| PathBuf::from("."), PathBuf::from);

    let mut found = Findings::default();
    check_inputs(&recorded, &base, &mut found);
    check_rule_sets(&recorded, &base, &mut found);
    check_outputs_in_hand(&recorded, &base, &mut found);
    rerun(&plan, &base, &mut found);
    check_rerun(&recorded, &plan, &mut found);
    let this = Engine::this();
    if recorded.engine != this {
        let args = [Arg::text(this.name), Arg::text(recorded.engine.version.as_str()), Arg::text(this.version)];
        found.notes.push(Message::new(&NOTE_ENGINE, args));
    }

    let mut out = std::io::stdout().lock();
    // A closed standard output does not change the verdict: the exit code says it.
    for m in found.differences.iter().chain(&found.notes) {
        let _ = writeln!(out, "{}", m.render(lang));
    }
    let verdict = if found.differences.is_empty() {
        let [i, r, o] = found.identical;
        Message::new(&VERIFIED, [Arg::Int(i), Arg::Int(r), Arg::Int(o), Arg::text(shown.as_str())])
    } else {
        Message::new(&NOT_VERIFIED, [Arg::Int(found.differences.len() as i64), Arg::text(shown.as_str())])
    };
    let _ = writeln!(out, "{}", verdict.render(lang));
    Ok(if found.differences.is_empty() { 0 } else { 1 })
}

/// The manifest, or the error (exit 2) that says why it cannot be read.
fn read(file: &Path, shown: &str, lang: Lang) -> Result<Manifest, CliError> {
    let unreadable = |why: String| {
        CliError::Usage(Message::new(&UNREADABLE, [Arg::text(shown), Arg::text(why)]).render(lang).into_owned())
    };
    // The error names the file already said at the start of the line.
    let bytes = disk::read(file).map_err(|e| {
        let why = e.to_string();
        unreadable(why.strip_prefix(&format!("{shown}: ")).unwrap_or(&why).to_string())
    })?;
    Manifest::from_json(&bytes).map_err(unreadable)
}

/// The re-run: its arguments, and where each output goes.
struct Plan {
    args: Vec<OsString>,
    /// Each output flag of the command → the path recorded and the file the re-run writes.
    outputs: BTreeMap<String, (String, PathBuf)>,
    /// Where the re-run writes its own manifest.
    manifest: PathBuf,
}

/// The recorded command with every output pointed into `temporary`, in the recorded language;
/// refused (exit 2) when it is not a command that records a manifest, or does not agree with
/// the manifest's outputs.
fn plan(m: &Manifest, shown: &str, temporary: &Path, lang: Lang) -> Result<Plan, CliError> {
    let refused = |template: &'static Template, args: Vec<Arg>| {
        CliError::Usage(Message::new(template, args).render(lang).into_owned())
    };
    let unreadable = |why: String| refused(&UNREADABLE, vec![Arg::text(shown), Arg::text(why)]);
    let recorded_lang: Lang = m.lang.parse().map_err(unreadable)?;
    if !subcommand(&m.command).is_some_and(|c| RERUNNABLE.contains(&c)) {
        let args = vec![Arg::text(shown), Arg::text(m.command.join(" ")), Arg::text(RERUNNABLE.join(", "))];
        return Err(refused(&NOT_RERUNNABLE, args));
    }
    let is_output = |flag: &str| OUTPUT_FLAGS.contains(&flag) || m.outputs.iter().any(|o| o.flag == flag);
    let mut args: Vec<OsString> = Vec::new();
    let mut outputs: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
    let mut redirect = |flag: &str, value: &str| -> Result<OsString, CliError> {
        if value == OutputFile::STDOUT {
            return Ok(value.into());
        }
        let new = temporary.join(format!("{}-{}", outputs.len() + 1, flag.trim_start_matches('-')));
        if outputs.insert(flag.to_string(), (value.to_string(), new.clone())).is_some() {
            return Err(unreadable(format!("the recorded command names {flag} twice")));
        }
        Ok(new.into_os_string())
    };
    let mut given = m.command.iter();
    while let Some(a) = given.next() {
        if let Some((flag, value)) = a.split_once('=').filter(|(f, _)| is_output(f)) {
            let mut joined = OsString::from(format!("{flag}="));
            joined.push(redirect(flag, value)?);
            args.push(joined);
        } else if is_output(a) {
            let value = given.next().ok_or_else(|| unreadable(format!("the recorded command ends with {a}")))?;
            args.extend([a.into(), redirect(a, value)?]);
        } else {
            args.push(a.into());
        }
    }
    let manifest = match outputs.get("--manifest") {
        Some((_, p)) => p.clone(),
        None => {
            let p = temporary.join("manifest.json");
            args.extend(["--manifest".into(), p.clone().into_os_string()]);
            p
        }
    };
    for o in m.outputs.iter().filter(|o| o.path != OutputFile::STDOUT) {
        if outputs.get(&o.flag).is_none_or(|(given, _)| *given != o.path) {
            return Err(unreadable(format!("the output {} {} is not in the recorded command", o.flag, o.path)));
        }
    }
    if !m.command.iter().any(|a| a == "--lang" || a.starts_with("--lang=")) {
        args.splice(0..0, ["--lang".into(), recorded_lang.code().into()]);
    }
    Ok(Plan { args, outputs, manifest })
}

/// The command's name: the first argument that is not a global flag or its value.
fn subcommand(command: &[String]) -> Option<&str> {
    let mut given = command.iter();
    while let Some(a) = given.next() {
        if GLOBAL_WITH_VALUE.contains(&a.as_str()) {
            given.next();
        } else if !GLOBAL_WITH_VALUE.iter().any(|g| a.strip_prefix(g).is_some_and(|rest| rest.starts_with('='))) {
            return Some(a);
        }
    }
    None
}

/// The first hexadecimal digits of a digest, enough to tell two apart on screen.
fn short(digest: &str) -> Arg {
    Arg::text(format!("{}…", digest.get(..12).unwrap_or(digest)))
}

/// Every input hashed again.
fn check_inputs(m: &Manifest, base: &Path, found: &mut Findings) {
    for i in &m.inputs {
        match disk::digest(&base.join(&i.path)) {
            Ok(d) if hex(&d.sha256) == i.sha256 && d.size == i.size => found.identical[0] += 1,
            Ok(d) => {
                let size = |n: u64| Arg::Int(i64::try_from(n).unwrap_or(i64::MAX));
                let args =
                    [Arg::text(i.path.as_str()), short(&hex(&d.sha256)), short(&i.sha256), size(d.size), size(i.size)];
                found.differ(&INPUT_CHANGED, args);
            }
            Err(e) => found.differ(&INPUT_GONE, [Arg::text(i.path.as_str()), Arg::text(e.to_string())]),
        }
    }
}

/// Every rule set's text hashed again: a file of `--rules`, or this program's built-in text.
fn check_rule_sets(m: &Manifest, base: &Path, found: &mut Findings) {
    for r in &m.rulesets {
        let now = match r.built_in() {
            Some(name) => EMBEDDED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| hex(&disk::sha256(text.as_bytes())))
                .ok_or_else(|| Arg::Message(Box::new(Message::new(&NOT_IN_PROGRAM, Vec::new())))),
            None => disk::digest(&base.join(&r.file)).map(|d| hex(&d.sha256)).map_err(|e| Arg::text(e.to_string())),
        };
        let (id, file) = (Arg::text(r.id.as_str()), Arg::text(r.file.as_str()));
        match now {
            Ok(h) if h == r.sha256 => found.identical[1] += 1,
            Ok(h) => found.differ(&RULES_CHANGED, [id, file, short(&h), short(&r.sha256)]),
            Err(why) => found.differ(&RULES_GONE, [id, file, why]),
        }
    }
}

/// Every output file the run wrote, where it wrote it: the file in hand must be that one.
fn check_outputs_in_hand(m: &Manifest, base: &Path, found: &mut Findings) {
    for o in &m.outputs {
        let (flag, path) = (Arg::text(o.flag.as_str()), Arg::text(o.path.as_str()));
        let Some(sha) = o.sha256.as_deref().filter(|_| o.path != OutputFile::STDOUT) else {
            found.notes.push(Message::new(&NOTE_STDOUT, [flag]));
            continue;
        };
        let at = base.join(&o.path);
        if disk::is_regular_file(&at) == Some(false) {
            found.notes.push(Message::new(&NOTE_DEVICE, [flag, path]));
            continue;
        }
        match disk::digest(&at) {
            Ok(d) if hex(&d.sha256) == sha => {}
            Ok(d) => found.differ(&OUTPUT_EDITED, [flag, path, short(&hex(&d.sha256)), short(sha)]),
            Err(e) => found.differ(&OUTPUT_GONE, [flag, path, Arg::text(e.to_string())]),
        }
    }
}

/// Runs the recorded command again with this program, in the recorded folder; its standard
/// output is not kept (it was not recorded), its standard error only to say why it failed.
fn rerun(plan: &Plan, base: &Path, found: &mut Findings) {
    let ran = std::env::current_exe().and_then(|exe| {
        Command::new(exe)
            .args(&plan.args)
            .current_dir(base)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
    });
    match ran {
        Ok(out) => match out.status.code() {
            Some(0 | 1) => {}
            Some(code) => {
                let said = String::from_utf8_lossy(&out.stderr).trim_end().to_string();
                found.differ(&RUN_FAILED, [Arg::Int(i64::from(code)), Arg::text(said)]);
            }
            None => found.differ(&RUN_NOT_STARTED, [Arg::text(format!("{}", out.status))]),
        },
        Err(e) => found.differ(&RUN_NOT_STARTED, [Arg::text(e.to_string())]),
    }
}

/// The re-run's outputs against the recorded digests, and its own manifest's inputs and rule
/// sets against the recorded ones (a file added to a Teams folder, a rule file added).
fn check_rerun(m: &Manifest, plan: &Plan, found: &mut Findings) {
    for o in m.outputs.iter().filter(|o| o.path != OutputFile::STDOUT) {
        let (Some(sha), Some((_, new))) = (o.sha256.as_deref(), plan.outputs.get(&o.flag)) else { continue };
        let (flag, path) = (Arg::text(o.flag.as_str()), Arg::text(o.path.as_str()));
        match disk::digest(new) {
            Ok(d) if hex(&d.sha256) == sha => found.identical[2] += 1,
            Ok(d) => found.differ(&OUTPUT_RERUN_DIFFERS, [flag, path, short(&hex(&d.sha256)), short(sha)]),
            Err(_) => found.differ(&OUTPUT_NOT_MADE, [flag, path]),
        }
    }
    // A re-run that failed wrote no manifest: its failure is already said.
    let Some(again) = disk::read(&plan.manifest).ok().and_then(|b| Manifest::from_json(&b).ok()) else { return };
    for i in again.inputs.iter().filter(|i| !m.inputs.iter().any(|r| r.path == i.path)) {
        found.differ(&INPUT_NEW, [Arg::text(i.path.as_str())]);
    }
    for r in again.rulesets.iter().filter(|r| !m.rulesets.iter().any(|x| x.id == r.id && x.file == r.file)) {
        found.differ(&RULES_NEW, [Arg::text(r.id.as_str()), Arg::text(r.file.as_str())]);
    }
}
