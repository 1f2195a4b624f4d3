//! Reading, validating and resolving rule files into a [`RuleBook`].

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use toml::Spanned;

use super::schema::{self, ClauseMeta, RuleFile, Status};
use super::*;
use crate::lang::Lang;
use crate::message::{Arg, Message, Template};
use crate::money::{parse_decimal, RoundingMode};
use crate::position::Position;

/// A mistake in a rule file, with its position: `file:line:column: message`, as compilers
/// write it (`file: message` when it concerns the whole file).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct RuleError {
    /// The file as named and the 1-based line (0 when the mistake concerns the whole file).
    pub at: Position,
    /// The 1-based column, in characters, beside the line (0 with line 0). Only rule files
    /// have columns: the TOML reader gives one for every mistake, the CSV readers none.
    pub column: u64,
    /// What is wrong and what was expected, in English (what tests and logs compare): the
    /// English of [`RuleError::said`].
    pub message: String,
    /// The same sentence in either language. The TOML reader's own words (a syntax error, an
    /// unknown or missing key) are English in both, and the Italian says so.
    pub said: Message,
}

impl RuleError {
    /// A mistake at a line and column of a file (0, 0: the whole file).
    pub fn new(file: impl Into<String>, line: u64, column: u64, said: impl Into<Message>) -> Self {
        let said = said.into();
        RuleError { at: Position::new(file, line), column, message: said.en().into_owned(), said }
    }

    /// `file:line:column: message` (`file: message` for the whole file) in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let said = self.said.render(lang);
        if self.at.line == 0 {
            format!("{}: {said}", self.at.file)
        } else {
            format!("{}:{}:{}: {said}", self.at.file, self.at.line, self.column)
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// The TOML reader's own message: English in both languages.
static TOML_SAYS: Template = Template { it: "{0} (messaggio del lettore TOML, in inglese)", en: "{0}" };
static SCHEMA: Template = Template {
    it: "schema: atteso 1, l'unica versione che questo motore sa leggere",
    en: "schema: expected 1, the only version this engine reads",
};
static ID_NOT_FILE_NAME: Template = Template {
    it: "id: \"{0}\" deve essere uguale al nome del file senza .toml (\"{1}\")",
    en: "id: \"{0}\" must equal the file name without .toml (\"{1}\")",
};
static ID_TWICE: Template =
    Template { it: "id: \"{0}\" è già definito in {1}", en: "id: \"{0}\" is already defined in {1}" };

/// A value of the rule file, written as the file writes it (a TOML number, a date), in both
/// languages.
fn written(v: impl ToString) -> Arg {
    Arg::text(v.to_string())
}

/// A sentence without values.
fn said(t: &'static Template) -> Message {
    Message::new(t, [])
}

/// All the rule sets of a folder, validated and resolved.
#[derive(Clone, Debug, Default)]
pub struct RuleBook {
    sets: BTreeMap<String, RuleSet>,
}

struct Parsed {
    file: String,
    text: String,
    raw: RuleFile,
}

impl Parsed {
    fn err(&self, span: Range<usize>, message: Message) -> RuleError {
        let (line, column) = position(&self.text, span.start);
        RuleError::new(self.file.clone(), line, column, message)
    }
}

/// Line and column (1-based, in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..text.floor_char_boundary_compat(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line as u64, column as u64)
}

trait FloorBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorBoundary for str {
    fn floor_char_boundary_compat(&self, i: usize) -> usize {
        let mut i = i.min(self.len());
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

impl RuleBook {
    /// The rule sets shipped with the engine.
    pub fn embedded() -> Result<RuleBook, Vec<RuleError>> {
        RuleBook::from_files(EMBEDDED.iter().map(|(n, t)| (format!("rules/{n}"), t.to_string())).collect())
    }

    /// Validates and resolves rule files given as `(file name, text)`. Every mistake found is
    /// returned, each with its file, line and column.
    pub fn from_files(files: Vec<(String, String)>) -> Result<RuleBook, Vec<RuleError>> {
        let mut errors = Vec::new();
        let mut parsed: BTreeMap<String, Parsed> = BTreeMap::new();
        for (file, text) in files {
            match toml::from_str::<RuleFile>(&text) {
                Ok(raw) => {
                    let p = Parsed { file, text, raw };
                    let id = p.raw.id.get_ref().clone();
                    let stem = std::path::Path::new(&p.file).file_stem().and_then(|s| s.to_str()).unwrap_or("");
                    if *p.raw.schema.get_ref() != 1 {
                        errors.push(p.err(p.raw.schema.span(), said(&SCHEMA)));
                    }
                    if id != stem {
                        errors.push(p.err(
                            p.raw.id.span(),
                            Message::new(&ID_NOT_FILE_NAME, [Arg::text(id.as_str()), Arg::text(stem)]),
                        ));
                    }
                    if let Some(other) = parsed.get(&id) {
                        let twice = Message::new(&ID_TWICE, [Arg::text(id.as_str()), Arg::text(other.file.as_str())]);
                        errors.push(p.err(p.raw.id.span(), twice));
                        continue;
                    }
                    parsed.insert(id, p);
                }
                Err(e) => {
                    let (line, column) = e.span().map_or((0, 0), |s| position(&text, s.start));
                    let says = Message::new(&TOML_SAYS, [Arg::text(e.message().trim())]);
                    errors.push(RuleError::new(file, line, column, says));
                }
            }
        }
        let mut sets = BTreeMap::new();
        for id in parsed.keys() {
            let mut stack = Vec::new();
            if let Err(e) = resolve(id, &parsed, &mut sets, &mut stack) {
                errors.extend(e);
            }
        }
        errors.extend(overlapping_in_force(&parsed, &sets));
        errors.sort_by(|a, b| (&a.at.file, a.at.line, a.column).cmp(&(&b.at.file, b.at.line, b.column)));
        errors.dedup();
        if errors.is_empty() {
            Ok(RuleBook { sets })
        } else {
            Err(errors)
        }
    }

    /// The rule set with this id.
    pub fn get(&self, id: &str) -> Option<&RuleSet> {
        self.sets.get(id)
    }

    /// All rule sets, by id.
    pub fn sets(&self) -> impl Iterator<Item = &RuleSet> {
        self.sets.values()
    }
}

static OVERLAP: Template = Template {
    it: "validity {0} si sovrappone all'insieme di regole in vigore \"{1}\" ({2}, {3}): due contratti non \
         possono valere per lo stesso giorno",
    en: "validity {0} overlaps in-force rule set \"{1}\" ({2}, {3}): two contracts cannot govern the same day",
};
static FROM_TO: Template = Template { it: "{0} – {1}", en: "{0} – {1}" };
static FROM_OPEN: Template = Template { it: "{0} – aperta", en: "{0} – open" };

/// `2025-01-01 – 2025-12-31`, or `2025-01-01 – open` (`RuleSet::validity_text` in English).
fn validity(set: &RuleSet) -> Arg {
    let m = match set.valid_to {
        Some(to) => Message::new(&FROM_TO, [written(set.valid_from), written(to)]),
        None => Message::new(&FROM_OPEN, [written(set.valid_from)]),
    };
    Arg::Message(Box::new(m))
}

fn overlapping_in_force(parsed: &BTreeMap<String, Parsed>, sets: &BTreeMap<String, RuleSet>) -> Vec<RuleError> {
    let in_force: Vec<&RuleSet> = sets.values().filter(|s| s.status == Status::InForce).collect();
    let mut errors = Vec::new();
    for (i, a) in in_force.iter().enumerate() {
        for b in &in_force[i + 1..] {
            let a_before_b = a.valid_to.is_some_and(|to| to < b.valid_from);
            let b_before_a = b.valid_to.is_some_and(|to| to < a.valid_from);
            if !a_before_b && !b_before_a {
                if let Some(p) = parsed.get(&b.id) {
                    let args = [validity(b), Arg::text(a.id.as_str()), validity(a), Arg::text(a.file.as_str())];
                    errors.push(p.err(p.raw.validity.span(), Message::new(&OVERLAP, args)));
                }
            }
        }
    }
    errors
}

static CYCLE: Template = Template { it: "extends: un ciclo ({0} → {1})", en: "extends: a cycle ({0} → {1})" };
static NO_PARENT: Template = Template {
    it: "extends: nessun insieme di regole \"{0}\" in questa cartella",
    en: "extends: no rule set \"{0}\" in this folder",
};

fn resolve(
    id: &str,
    parsed: &BTreeMap<String, Parsed>,
    done: &mut BTreeMap<String, RuleSet>,
    stack: &mut Vec<String>,
) -> Result<(), Vec<RuleError>> {
    if done.contains_key(id) {
        return Ok(());
    }
    let Some(p) = parsed.get(id) else { return Ok(()) };
    if stack.iter().any(|s| s == id) {
        let ext = p.raw.extends.as_ref().map_or(0..0, Spanned::span);
        return Err(vec![p.err(ext, Message::new(&CYCLE, [Arg::text(stack.join(" → ")), Arg::text(id)]))]);
    }
    stack.push(id.to_string());
    let parent = match &p.raw.extends {
        None => None,
        Some(ext) => {
            let pid = ext.get_ref();
            if !parsed.contains_key(pid) {
                return Err(vec![p.err(ext.span(), Message::new(&NO_PARENT, [Arg::text(pid.as_str())]))]);
            }
            resolve(pid, parsed, done, stack)?;
            // A parent that failed validation has already reported its own errors.
            match done.get(pid) {
                Some(parent) => Some(parent.clone()),
                None => return Ok(()),
            }
        }
    };
    stack.pop();
    let set = build(p, parent.as_ref(), parsed)?;
    done.insert(id.to_string(), set);
    Ok(())
}

static NO_CITATION: Template = Template {
    it: "[{0}]: cite: attesa almeno una chiave di [sources] che stabilisca la clausola",
    en: "[{0}]: cite: expected at least one key of [sources] establishing the clause",
};
static NO_SOURCE: Template = Template {
    it: "[{0}]: cite: nessuna fonte \"{1}\" in [sources] (presenti: {2})",
    en: "[{0}]: cite: no source \"{1}\" in [sources] (known: {2})",
};
static BAD_DECIMAL: Template = Template {
    it: "[{0}]: {1}: atteso un numero decimale scritto come stringa, maggiore di {2} e al massimo {3}, trovato \
         \"{4}\"",
    en: "[{0}]: {1}: expected a decimal number as a string, above {2} and at most {3}, found \"{4}\"",
};
static BAD_INT: Template = Template {
    it: "[{0}]: {1}: atteso un numero intero da {2} a {3}, trovato {4}",
    en: "[{0}]: {1}: expected a whole number from {2} to {3}, found {4}",
};
static BAD_ITEM: Template = Template {
    it: "[{0}]: item: atteso un codice voce da 1 a 20 caratteri tra A-Z 0-9 - _, trovato \"{1}\"",
    en: "[{0}]: item: expected a payroll code of 1 to 20 characters A-Z 0-9 - _, found \"{1}\"",
};
static BAD_DATE: Template = Template {
    it: "[validity]: {0}: attesa una data semplice come 2025-01-01, trovato {1}",
    en: "[validity]: {0}: expected a plain date such as 2025-01-01, found {1}",
};
static BAD_DP: Template = Template {
    it: "[{0}]: {1}: dp: attesi al massimo 10 decimali, trovato {2}",
    en: "[{0}]: {1}: dp: expected at most 10 decimals, found {2}",
};

/// Collects errors while building one rule set.
struct Builder<'a> {
    p: &'a Parsed,
    /// This file's sources, then its ancestors' (a child may cite either).
    sources: BTreeMap<String, Source>,
    errors: Vec<RuleError>,
}

impl Builder<'_> {
    fn info(&mut self, name: &'static str, meta: ClauseMeta, table_span: Range<usize>) -> ClauseInfo {
        if meta.cite.is_empty() {
            self.errors.push(self.p.err(table_span, Message::new(&NO_CITATION, [Arg::text(name)])));
        }
        let mut citations = Vec::new();
        for key in &meta.cite {
            match self.sources.get(key.get_ref()) {
                Some(s) => citations.push(Citation {
                    key: key.get_ref().clone(),
                    title: s.title.clone(),
                    url: s.url.clone(),
                    date: s.date.clone(),
                }),
                None => {
                    let known: Vec<&str> = self.sources.keys().map(String::as_str).collect();
                    let args = [Arg::text(name), Arg::text(key.get_ref().as_str()), Arg::text(known.join(", "))];
                    self.errors.push(self.p.err(key.span(), Message::new(&NO_SOURCE, args)));
                }
            }
        }
        ClauseInfo {
            name,
            defined_in: self.p.raw.id.get_ref().clone(),
            citations,
            provisional: meta.provisional,
            note: meta.note,
        }
    }

    fn decimal(
        &mut self,
        clause: &str,
        key: &str,
        v: &Spanned<String>,
        min_exclusive: Decimal,
        max: Decimal,
    ) -> Decimal {
        match parse_decimal(v.get_ref()) {
            Some(d) if d > min_exclusive && d <= max => d,
            _ => {
                let args =
                    [Arg::text(clause), Arg::text(key), written(min_exclusive), written(max), written(v.get_ref())];
                self.errors.push(self.p.err(v.span(), Message::new(&BAD_DECIMAL, args)));
                Decimal::ZERO
            }
        }
    }

    fn int(&mut self, clause: &str, key: &str, v: &Spanned<i64>, min: i64, max: i64) -> i64 {
        let x = *v.get_ref();
        if x < min || x > max {
            let args = [Arg::text(clause), Arg::text(key), Arg::Int(min), Arg::Int(max), Arg::Int(x)];
            self.errors.push(self.p.err(v.span(), Message::new(&BAD_INT, args)));
        }
        x
    }

    fn item(&mut self, clause: &str, v: &Spanned<String>) -> String {
        let s = v.get_ref();
        let ok = !s.is_empty()
            && s.len() <= 20
            && s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !ok {
            self.errors.push(self.p.err(v.span(), Message::new(&BAD_ITEM, [Arg::text(clause), Arg::text(s.as_str())])));
        }
        s.clone()
    }

    fn date(&mut self, key: &str, v: &Spanned<toml::value::Datetime>) -> NaiveDate {
        let dt = v.get_ref();
        let parsed = match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day)),
            _ => None,
        };
        parsed.unwrap_or_else(|| {
            self.errors.push(self.p.err(v.span(), Message::new(&BAD_DATE, [Arg::text(key), written(dt)])));
            NaiveDate::MIN
        })
    }

    fn rounding_dp(&mut self, clause: &str, key: &str, r: &crate::money::Rounding, span: Range<usize>) {
        if r.dp > 10 {
            let args = [Arg::text(clause), Arg::text(key), written(r.dp)];
            self.errors.push(self.p.err(span, Message::new(&BAD_DP, args)));
        }
    }
}

static MISSING_TABLE: Template = Template {
    it: "manca la tabella [{0}]: un insieme di regole che non ne estende un altro deve definire ogni clausola",
    en: "missing table [{0}]: a rule set that extends nothing must define every clause",
};

fn missing(p: &Parsed, name: &str) -> RuleError {
    RuleError::new(p.file.clone(), 1, 1, Message::new(&MISSING_TABLE, [Arg::text(name)]))
}

/// The sources a rule set may cite: its ancestors', the farthest first, then its own (which
/// win). A broken or circular chain stops where it breaks (`resolve` reports it).
fn visible_sources(p: &Parsed, parsed: &BTreeMap<String, Parsed>) -> BTreeMap<String, Source> {
    let raw = &p.raw;
    let mut sources = BTreeMap::new();
    let mut chain = Vec::new();
    let mut cursor = raw.extends.as_ref().map(|e| e.get_ref().clone());
    while let Some(id) = cursor {
        if chain.contains(&id) {
            break;
        }
        let Some(anc) = parsed.get(&id) else { break };
        chain.push(id);
        cursor = anc.raw.extends.as_ref().map(|e| e.get_ref().clone());
    }
    for id in chain.iter().rev() {
        if let Some(anc) = parsed.get(id) {
            sources.extend(anc.raw.sources.clone());
        }
    }
    sources.extend(raw.sources.clone());
    sources
}

static TO_BEFORE_FROM: Template =
    Template { it: "[validity]: to: {0} è prima di from {1}", en: "[validity]: to: {0} is before from {1}" };
static SAME_ITEM: Template = Template {
    it: "[remote]: item: \"{0}\" è anche la voce in presenza; i due canali richiedono codici voce distinti",
    en: "[remote]: item: \"{0}\" is also the in-person item; the two channels need distinct payroll codes",
};

/// Validates one rule set and resolves it over its parent: every clause it writes is checked
/// (each mistake reported, none stopping the others), every clause it leaves out is the
/// parent's, and a rule set with no parent must write them all.
fn build(p: &Parsed, parent: Option<&RuleSet>, parsed: &BTreeMap<String, Parsed>) -> Result<RuleSet, Vec<RuleError>> {
    let raw = &p.raw;
    let mut b = Builder { p, sources: visible_sources(p, parsed), errors: Vec::new() };
    let mut missing_errors = Vec::new();

    let validity_span = raw.validity.span();
    let v = raw.validity.get_ref();
    let valid_from = b.date("from", &v.from);
    let valid_to = v.to.as_ref().map(|t| b.date("to", t));
    if let (Some(to), Some(t)) = (valid_to, v.to.as_ref()) {
        if to < valid_from {
            b.errors.push(p.err(t.span(), Message::new(&TO_BEFORE_FROM, [written(to), written(valid_from)])));
        }
    }
    let validity = b.info("validity", v.meta(), validity_span);

    // A clause the file writes is read by `Builder`'s method of its name; one it leaves out is
    // the parent's, or missing.
    macro_rules! clause {
        ($field:ident, $name:literal) => {{
            match (&raw.$field, parent) {
                (Some(spanned), _) => {
                    let c = spanned.get_ref();
                    let info = b.info($name, c.meta(), spanned.span());
                    Some(b.$field(c, info))
                }
                (None, Some(parent)) => Some(parent.$field.clone()),
                (None, None) => {
                    missing_errors.push(missing(p, $name));
                    None
                }
            }
        }};
    }

    let hourly_base = clause!(hourly_base, "hourly_base");
    let rate = clause!(rate, "rate");
    let in_person = clause!(in_person, "in_person");
    let remote = clause!(remote, "remote");
    let overlap = clause!(overlap, "overlap");
    let time = clause!(time, "time");
    let money = clause!(money, "money");

    let mut errors = b.errors;
    errors.extend(missing_errors);
    if let (Some(ip), Some(rm)) = (&in_person, &remote) {
        if let Some(t) = &rm.terms {
            if t.item == ip.item {
                let span = raw.remote.as_ref().map_or(0..0, Spanned::span);
                errors.push(p.err(span, Message::new(&SAME_ITEM, [Arg::text(t.item.as_str())])));
            }
        }
    }
    let _ = RoundingMode::HalfUp;
    match (hourly_base, rate, in_person, remote, overlap, time, money) {
        (Some(hourly_base), Some(rate), Some(in_person), Some(remote), Some(overlap), Some(time), Some(money))
            if errors.is_empty() =>
        {
            Ok(RuleSet {
                id: raw.id.get_ref().clone(),
                title: raw.title.clone(),
                status: raw.status,
                extends: raw.extends.as_ref().map(|e| e.get_ref().clone()),
                file: p.file.clone(),
                valid_from,
                valid_to,
                validity,
                hourly_base,
                rate,
                in_person,
                remote,
                overlap,
                time,
                money,
            })
        }
        _ => Err(errors),
    }
}

static BAD_DIVISOR: Template = Template {
    it: "[hourly_base]: monthly_divisor: atteso un numero intero da 1 a 1000, trovato {0}",
    en: "[hourly_base]: monthly_divisor: expected a whole number from 1 to 1000, found {0}",
};
static MIN_ABOVE_MAX: Template = Template {
    it: "[hourly_base]: plausible_eur: min {0} è maggiore di max {1}; atteso min ≤ max",
    en: "[hourly_base]: plausible_eur: min {0} is above max {1}; expected min ≤ max",
};
static ONE_RATE: Template = Template {
    it: "[rate]: atteso esattamente uno tra percent_of_hourly_base ed eur_per_hour",
    en: "[rate]: expected exactly one of percent_of_hourly_base and eur_per_hour",
};
static NOT_A_SERVICE: Template = Template {
    it: "[in_person]: kinds: \"{0}\" non è un tipo di servizio; atteso front_office, appointment o specialist",
    en: "[in_person]: kinds: \"{0}\" is not a service kind; expected front_office, appointment or specialist",
};
static FRONT_OFFICE_ALWAYS: Template = Template {
    it: "[in_person]: kinds: front_office è sempre retribuito e va elencato",
    en: "[in_person]: kinds: front_office always qualifies and must be listed",
};
static TERMS_NOT_RECOGNISED: Template = Template {
    it: "[remote]: con recognised = false, non indicare altri termini (non si applicherebbero mai)",
    en: "[remote]: with recognised = false, give no other terms (they would never apply)",
};
static TERM_REQUIRED: Template = Template {
    it: "[remote]: {0}: obbligatorio quando recognised = true",
    en: "[remote]: {0}: required when recognised = true",
};
static UNIT_NOT_MINUTES: Template = Template {
    it: "[time]: unit_seconds: atteso un numero intero di minuti (60, 300, 900, 3600…), trovato {0}",
    en: "[time]: unit_seconds: expected a whole number of minutes (60, 300, 900, 3600…), found {0}",
};

/// The clauses, each read and checked from what the file writes.
impl Builder<'_> {
    /// `[hourly_base]`: the monthly divisor, its rounding and the plausible range.
    fn hourly_base(&mut self, c: &schema::HourlyBase, info: ClauseInfo) -> HourlyBaseRule {
        let p = self.p;
        let d = *c.monthly_divisor.get_ref();
        if d == 0 || d > 1000 {
            self.errors.push(p.err(c.monthly_divisor.span(), Message::new(&BAD_DIVISOR, [written(d)])));
        }
        self.rounding_dp("hourly_base", "divisor_rounding", &c.divisor_rounding, c.monthly_divisor.span());
        let plausible_eur = c.plausible_eur.as_ref().map(|r| {
            let range = r.get_ref();
            // The register refuses bases of 1,000,000 € or more: a bound beyond it means nothing.
            let limit = Decimal::from(1_000_000);
            let min = self.decimal("hourly_base", "plausible_eur.min", &range.min, Decimal::ZERO, limit);
            let max = self.decimal("hourly_base", "plausible_eur.max", &range.max, Decimal::ZERO, limit);
            // (A bound that could not be read is zero, and already reported.)
            if !min.is_zero() && !max.is_zero() && min > max {
                self.errors.push(p.err(range.min.span(), Message::new(&MIN_ABOVE_MAX, [written(min), written(max)])));
            }
            PlausibleRange { min, max }
        });
        HourlyBaseRule {
            monthly_divisor: Decimal::from(d.max(1)),
            divisor_rounding: c.divisor_rounding,
            plausible_eur,
            info,
        }
    }

    /// `[rate]`: a percentage of the hourly base or a fixed amount per hour, exactly one.
    fn rate(&mut self, c: &schema::Rate, info: ClauseInfo) -> RateRule {
        let form = match (&c.percent_of_hourly_base, &c.eur_per_hour) {
            (Some(pct), None) => RateForm::PercentOfHourlyBase(self.decimal(
                "rate",
                "percent_of_hourly_base",
                pct,
                Decimal::ZERO,
                Decimal::from(1000),
            )),
            (None, Some(eur)) => {
                RateForm::EurPerHour(self.decimal("rate", "eur_per_hour", eur, Decimal::ZERO, Decimal::from(10_000)))
            }
            _ => {
                self.errors.push(self.p.err(self.p.raw.rate.as_ref().map_or(0..0, Spanned::span), said(&ONE_RATE)));
                RateForm::EurPerHour(Decimal::ZERO)
            }
        };
        RateRule { form, info }
    }

    /// `[in_person]`: the payroll item and the service kinds paid, front office always.
    fn in_person(&mut self, c: &schema::InPerson, info: ClauseInfo) -> InPersonRule {
        let p = self.p;
        let item = self.item("in_person", &c.item);
        let kinds = c.kinds.get_ref().clone();
        if let Some(k) = kinds.iter().find(|k| !k.is_service()) {
            self.errors.push(p.err(c.kinds.span(), Message::new(&NOT_A_SERVICE, [Arg::text(k.as_str())])));
        }
        if !kinds.contains(&Kind::FrontOffice) {
            self.errors.push(p.err(c.kinds.span(), said(&FRONT_OFFICE_ALWAYS)));
        }
        let mut kinds = kinds;
        kinds.sort();
        kinds.dedup();
        InPersonRule { item, kinds, clip_to: c.clip_to, info }
    }

    /// `[remote]`: whether remote consultation is recognised and, when it is, on which terms
    /// (every one required); when it is not, no terms at all.
    fn remote(&mut self, c: &schema::Remote, info: ClauseInfo) -> RemoteRule {
        let p = self.p;
        let terms = if c.recognised {
            Some(self.remote_terms(c))
        } else {
            if c.item.is_some()
                || c.roles.is_some()
                || c.rejoin_tolerance_seconds.is_some()
                || c.minimum_consultation_seconds.is_some()
                || c.clip_to.is_some()
            {
                self.errors.push(p.err(p.raw.remote.as_ref().map_or(0..0, Spanned::span), said(&TERMS_NOT_RECOGNISED)));
            }
            None
        };
        RemoteRule { terms, info }
    }

    /// The terms of a recognised `[remote]`; each one missing is reported on the clause.
    fn remote_terms(&mut self, c: &schema::Remote) -> RemoteTerms {
        let p = self.p;
        let span = p.raw.remote.as_ref().map_or(0..0, Spanned::span);
        let need = |b: &mut Builder, key: &str| {
            b.errors.push(p.err(span.clone(), Message::new(&TERM_REQUIRED, [Arg::text(key)])))
        };
        let item = match &c.item {
            Some(i) => self.item("remote", i),
            None => {
                need(self, "item");
                String::new()
            }
        };
        let roles = match &c.roles {
            Some(r) if !r.get_ref().is_empty() => {
                let mut v = r.get_ref().clone();
                v.sort();
                v.dedup();
                v
            }
            _ => {
                need(self, "roles");
                Vec::new()
            }
        };
        let tol = match &c.rejoin_tolerance_seconds {
            Some(t) => self.int("remote", "rejoin_tolerance_seconds", t, 0, 3600),
            None => {
                need(self, "rejoin_tolerance_seconds");
                0
            }
        };
        let min = match &c.minimum_consultation_seconds {
            Some(t) => self.int("remote", "minimum_consultation_seconds", t, 0, 86_400),
            None => {
                need(self, "minimum_consultation_seconds");
                0
            }
        };
        let clip_to = c.clip_to.unwrap_or_else(|| {
            need(self, "clip_to");
            ClipTo::WorkingTime
        });
        RemoteTerms { item, roles, rejoin_tolerance_seconds: tol, minimum_consultation_seconds: min, clip_to }
    }

    /// `[overlap]`: which channel keeps time paid twice.
    fn overlap(&mut self, c: &schema::Overlap, info: ClauseInfo) -> OverlapRule {
        OverlapRule { priority: c.priority, info }
    }

    /// `[time]`: the unit and rounding of time, the daily and monthly limits, part time.
    fn time(&mut self, c: &schema::TimeAccounting, info: ClauseInfo) -> TimeRule {
        let unit = self.int("time", "unit_seconds", &c.unit_seconds, 60, 3600);
        if unit % 60 != 0 {
            self.errors.push(self.p.err(c.unit_seconds.span(), Message::new(&UNIT_NOT_MINUTES, [written(unit)])));
        }
        let mins =
            |b: &mut Builder, key: &str, v: &Option<Spanned<i64>>| v.as_ref().map(|v| b.int("time", key, v, 0, 44_640));
        TimeRule {
            unit_seconds: unit,
            mode: c.mode,
            level: c.level,
            daily_minimum_minutes: mins(self, "daily_minimum_minutes", &c.daily_minimum_minutes),
            daily_cap_minutes: mins(self, "daily_cap_minutes", &c.daily_cap_minutes),
            monthly_cap_minutes: mins(self, "monthly_cap_minutes", &c.monthly_cap_minutes),
            part_time: c.part_time,
            info,
        }
    }

    /// `[money]`: the roundings of amounts and of displayed hours.
    fn money(&mut self, c: &schema::Money, info: ClauseInfo) -> MoneyRule {
        let span = self.p.raw.money.as_ref().map_or(0..0, Spanned::span);
        self.rounding_dp("money", "rounding", &c.rounding, span.clone());
        self.rounding_dp("money", "hours_rounding", &c.hours_rounding, span);
        MoneyRule { rounding: c.rounding, level: c.level, hours_rounding: c.hours_rounding, info }
    }
}

#[allow(unused_imports)]
use schema::Validity as _;

#[cfg(test)]
mod tests {
    use super::*;

    fn book(files: &[(&str, &str)]) -> Result<RuleBook, Vec<RuleError>> {
        RuleBook::from_files(files.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect())
    }

    #[test]
    fn shipped_rules_load() {
        let b = RuleBook::embedded().unwrap();
        let ids: Vec<&str> = b.sets().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, vec!["inps-ccni-2024", "inps-ccni-2025", "scenario-remote-2025"]);
    }

    #[test]
    fn the_plausible_base_range_is_read_checked_and_inherited() {
        let b = RuleBook::embedded().unwrap();
        let range = |id: &str| b.get(id).unwrap().hourly_base.plausible_eur;
        let shipped = Some(PlausibleRange { min: "8.00".parse().unwrap(), max: "80.00".parse().unwrap() });
        assert_eq!(range("inps-ccni-2024"), shipped);
        assert_eq!(range("inps-ccni-2025"), shipped);
        // The scenario writes no [hourly_base]: it inherits the clause, range included.
        assert_eq!(range("scenario-remote-2025"), shipped);

        let with = |range: &str| {
            let text = EMBEDDED[1].1.replace("plausible_eur = { min = \"8.00\", max = \"80.00\" }", range);
            assert_ne!(text, EMBEDDED[1].1, "the shipped file declares the range");
            book(&[("inps-ccni-2025.toml", &text)])
        };
        let errs = with("plausible_eur = { min = \"90\", max = \"80.00\" }").unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].message.contains("plausible_eur: min 90 is above max 80.00"), "{}", errs[0].message);
        assert!(errs[0].at.line > 0 && errs[0].column > 0);
        let errs = with("plausible_eur = { min = \"eight\", max = \"80.00\" }").unwrap_err();
        assert!(
            errs[0].message.contains("[hourly_base]: plausible_eur.min: expected a decimal number"),
            "{}",
            errs[0].message
        );
        let errs = with("plausible_eur = { min = \"8.00\" }").unwrap_err();
        assert!(errs[0].message.contains("missing field `max`"), "{}", errs[0].message);
        let errs = with("plausible_eur = { min = \"8.00\", max = \"80\", mid = \"9\" }").unwrap_err();
        assert!(errs[0].message.contains("unknown field `mid`"), "{}", errs[0].message);
        // Optional: a rule set may declare none.
        assert_eq!(with("").unwrap().get("inps-ccni-2025").unwrap().hourly_base.plausible_eur, None);
    }

    #[test]
    fn every_shipped_text_is_written_in_italian_and_english() {
        let b = RuleBook::embedded().unwrap();
        for set in b.sets() {
            let mut texts = vec![("title", &set.title)];
            for c in set.clauses() {
                texts.extend(c.provisional.iter().map(|t| (c.name, t)));
                texts.extend(c.note.iter().map(|t| (c.name, t)));
            }
            for (what, t) in texts {
                assert!(!t.it.is_empty() && !t.en.is_empty() && t.it != t.en, "{} {what}: {t:?}", set.id);
            }
        }
    }

    #[test]
    fn a_text_is_one_string_or_a_table_of_italian_and_english_and_mistakes_have_positions() {
        let file = |title: &str, note: &str| {
            EMBEDDED[1]
                .1
                .replace(
                    "title = { it = \"CCNI INPS 2025 — maggiorazione oraria di sportello (25%)\", en = \"CCNI INPS 2025 — hourly front-office allowance (25%)\" }",
                    title,
                )
                .replace(
                    "note = { it = \"Una dichiarazione congiunta rinvia a uno studio la consulenza a distanza su Teams.\", en = \"A joint declaration defers remote consultation over Teams to a study.\" }",
                    note,
                )
        };
        let read = |title: &str, note: &str| {
            let text = file(title, note);
            assert_ne!(text, EMBEDDED[1].1);
            book(&[("inps-ccni-2025.toml", &text)])
        };
        // One string: the same text in both languages.
        let b = read("title = \"Contratto\"", "note = { en = \"Deferred.\", it = \"Rinviata.\" }").unwrap();
        let set = b.get("inps-ccni-2025").unwrap();
        assert_eq!(set.title, Text::same("Contratto"));
        assert_eq!(set.remote.info.note.as_ref().map(|n| n.pick(crate::lang::Lang::It)), Some("Rinviata."));
        // A language missing, or one the engine does not write.
        for (title, note, expected) in [
            ("title = { it = \"Contratto\" }", "", "missing field `en`"),
            (
                "title = \"t\"",
                "note = { it = \"a\", en = \"b\", fr = \"c\" }",
                "unknown field `fr`, expected `it` or `en`",
            ),
            ("title = 7", "", "expected a text, or a table { it = \"…\", en = \"…\" }"),
        ] {
            let errs = read(title, note).unwrap_err();
            assert_eq!(errs.len(), 1, "{errs:?}");
            assert!(errs[0].message.contains(expected), "{}", errs[0].message);
            let text = file(title, note);
            let wrong = if note.is_empty() { title } else { note };
            let line = text.lines().position(|l| l == wrong).unwrap() + 1;
            assert_eq!(errs[0].at.line, line as u64, "{}", errs[0]);
            assert!(errs[0].column >= 1);
        }
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let errs = book(&[("x.toml", "schema = 1\nid = \"x\"\ntitle = \"t\"\nstatus = \"in_force\"\nbogus = 3\n")])
            .unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].at.line, errs[0].column), (5, 1));
        assert!(errs[0].message.contains("unknown field `bogus`"), "{}", errs[0].message);
        let errs = book(&[("x.toml", "schema = 1\nid = \"x\n")]).unwrap_err();
        assert_eq!(errs[0].at.line, 2);
    }
}
