//! Timestamps and durations as Teams writes them, and the day/month order of a file.
//!
//! # Timestamps
//!
//! [`parse_stamp`] reads every form seen in the exports, after turning NBSP, U+202F and other
//! Unicode spaces into spaces and dropping invisible marks:
//!
//! * `3/4/2021, 9:00:05 AM`, `2/4/25, 3:00:12 pm`, `… 9:00:05 a.m.` (12-hour clocks);
//! * `15/11/22, 09:30:17`, `09/03/2021 07:59:50`, `13/04/2021 à 09:01:31`,
//!   `14.03.2024, 14:30:04` (24-hour clocks; a short word such as `à` may sit between date and
//!   time);
//! * `2024-03-14 14:30:04`, `2024-03-14T13:30:04.1130000Z`, `…+01:00` (year first: ISO, with
//!   or without an offset; fractions of a second are truncated).
//!
//! A date whose year is not first keeps its two other numbers unassigned until the file's
//! [`DateOrder`] is decided.
//!
//! # Day/month order, per file
//!
//! [`decide`] looks at every date of the file, in this order, and reports how it decided
//! ([`DateOrderBasis`]):
//!
//! 1. a date with a number above 12: that number is the day (two dates that disagree are an
//!    error);
//! 2. every date reads the same either way (`3/3/2021`): the order does not matter;
//! 3. consistency: only one order keeps every leave at or after its join, the meeting's end
//!    at or after its start, and the whole file within two days;
//! 4. the caller's order ([`super::ReadOptions::date_order`], `--date-order`), for files whose
//!    dates do not decide (refused when some date of the file cannot be read that way) — so one
//!    order given for a folder only touches the files that need it;
//! 5. the language of the headers, as a last resort: English headers with a 12-hour clock are
//!    the en-US convention (month first); then a file whose cells are separated by `;` is day
//!    first (Excel writes `;` where the list separator is `;`, in the locales whose decimal
//!    separator is `,` — continental Europe, Italy included — and every one of them writes the
//!    day first: an en-US report re-saved by an Italian Excel has `09/10/2025 10:20`); headers
//!    in any other known language mean day first.
//!
//! Otherwise (English headers with a 24-hour clock, which en-GB writes day first and a US
//! system set to 24 hours writes month first, or headers in an unknown language) the file is
//! refused with an error that asks for the order: `--date-order dmy` or `--date-order mdy`,
//! needed only by such files.

use std::fmt;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::lang::Lang;
use crate::message::{Arg, Message, Template};
use crate::time::rome::resolve_wall_time;
use crate::time::{DstResolution, Instant};

use super::vocab::spaces;

/// The order of day and month in dates such as `3/4/2021`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateOrder {
    /// Day first: `3/4/2021` is 3 April 2021.
    Dmy,
    /// Month first: `3/4/2021` is 4 March 2021.
    Mdy,
}

impl DateOrder {
    /// `day/month/year` or `month/day/year`.
    pub fn name(self) -> &'static str {
        self.name_in(Lang::En)
    }

    /// `giorno/mese/anno` or `day/month/year`…, in `lang`.
    pub fn name_in(self, lang: Lang) -> &'static str {
        match self {
            DateOrder::Dmy => lang.pick("giorno/mese/anno", "day/month/year"),
            DateOrder::Mdy => lang.pick("mese/giorno/anno", "month/day/year"),
        }
    }

    /// Reads `dmy` or `mdy` (any case).
    pub fn parse(text: &str) -> Option<DateOrder> {
        match text.trim().to_ascii_lowercase().as_str() {
            "dmy" | "d/m/y" | "dd/mm/yyyy" => Some(DateOrder::Dmy),
            "mdy" | "m/d/y" | "mm/dd/yyyy" => Some(DateOrder::Mdy),
            _ => None,
        }
    }
}

impl fmt::Display for DateOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the day/month order of a file was decided.
///
/// The evidence is weighed in the order of the variants: the caller's override (refused when a
/// date of the file cannot be read that way), a number above 12, dates that read the same
/// either way, consistency (only one order keeps every leave after its join, the end after the
/// start, and the file within two days), and last the header language (English headers with a
/// 12-hour clock: month first; any other known language: day first). Anything else (English
/// headers with a 24-hour clock, which en-GB writes day first and a US system set to 24 hours
/// month first, or an unknown language) is a [`super::TeamsError::DateOrder`] asking for the
/// order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateOrderBasis {
    /// No date of the file needs an order (year-first dates, Graph JSON, normalised CSV).
    NotNeeded,
    /// Given by the caller.
    Override,
    /// A date's first number is above 12, so it is the day.
    FirstAbove12 {
        /// The line of that date.
        line: u64,
    },
    /// A date's second number is above 12, so it is the day.
    SecondAbove12 {
        /// The line of that date.
        line: u64,
    },
    /// Every date reads the same either way.
    Indifferent,
    /// Only this order keeps every leave after its join and the file within two days.
    Consistency,
    /// Last resort, after English with a 12-hour clock: the cells are separated by `;`, as
    /// Excel saves a CSV in the locales that write the day first.
    Semicolons,
    /// Last resort: the language of the headers.
    Language {
        /// The language code (`en`, `pt`, `fr`, `it`, `pl`, `es`, `de`).
        language: &'static str,
        /// True when the file's times carry AM/PM.
        twelve_hour: bool,
    },
}

static NOT_NEEDED: Template = Template { it: "nessuna data ne ha bisogno", en: "no date needs it" };
static OVERRIDE: Template = Template { it: "data con --date-order", en: "given by the caller" };
static FIRST_ABOVE_12: Template = Template {
    it: "la data alla riga {0} ha il primo numero maggiore di 12",
    en: "the date on line {0} has a first number above 12",
};
static SECOND_ABOVE_12: Template = Template {
    it: "la data alla riga {0} ha il secondo numero maggiore di 12",
    en: "the date on line {0} has a second number above 12",
};
static INDIFFERENT: Template =
    Template { it: "ogni data si legge allo stesso modo nei due ordini", en: "every date reads the same either way" };
static CONSISTENCY: Template = Template {
    it: "solo quest'ordine tiene le uscite dopo gli ingressi e la riunione entro due giorni",
    en: "only this order keeps leaves after joins and the meeting within two days",
};
static LANGUAGE: Template =
    Template { it: "ultima risorsa: intestazioni in `{0}`{1}", en: "last resort: headers in `{0}`{1}" };
static SEMICOLONS: Template = Template {
    it: "ultima risorsa: celle separate da `;`, come salva i CSV un Excel che scrive le date con il giorno prima",
    en: "last resort: cells separated by `;`, as an Excel that writes the day first saves a CSV",
};
static TWELVE_HOUR: Template = Template { it: " con l'orologio a 12 ore", en: " with a 12-hour clock" };

impl DateOrderBasis {
    /// How the order was decided, as a sentence.
    pub fn message(&self) -> Message {
        let fixed = |t: &'static Template| Message::new(t, Vec::new());
        let line = |l: u64| Arg::Int(i64::try_from(l).unwrap_or(i64::MAX));
        match self {
            DateOrderBasis::NotNeeded => fixed(&NOT_NEEDED),
            DateOrderBasis::Override => fixed(&OVERRIDE),
            DateOrderBasis::FirstAbove12 { line: l } => Message::new(&FIRST_ABOVE_12, [line(*l)]),
            DateOrderBasis::SecondAbove12 { line: l } => Message::new(&SECOND_ABOVE_12, [line(*l)]),
            DateOrderBasis::Indifferent => fixed(&INDIFFERENT),
            DateOrderBasis::Consistency => fixed(&CONSISTENCY),
            DateOrderBasis::Semicolons => fixed(&SEMICOLONS),
            DateOrderBasis::Language { language, twelve_hour } => {
                let clock = if *twelve_hour { Arg::Message(Box::new(fixed(&TWELVE_HOUR))) } else { Arg::text("") };
                Message::new(&LANGUAGE, [Arg::text(*language), clock])
            }
        }
    }
}

impl fmt::Display for DateOrderBasis {
    /// In English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().en())
    }
}

/// The date of a timestamp, with day and month possibly not yet assigned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DatePart {
    /// `a/b/year`: which of `a` and `b` is the day depends on the file's order.
    Ambiguous {
        /// The first number.
        first: u32,
        /// The second number.
        second: u32,
        /// The year, four digits (`25` is read as 2025).
        year: i32,
    },
    /// Year first: the order is fixed.
    Ymd {
        /// The year.
        year: i32,
        /// The month.
        month: u32,
        /// The day.
        day: u32,
    },
}

/// A timestamp as written, not yet an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    /// The date.
    pub(crate) date: DatePart,
    /// The time of day, on a 24-hour clock.
    pub(crate) time: NaiveTime,
    /// True when the cell carried AM/PM.
    pub(crate) twelve_hour: bool,
    /// The offset from UTC in seconds, when written (`Z`, `+01:00`).
    pub(crate) offset: Option<i32>,
}

impl Stamp {
    /// The wall date and time under an order; `None` when the date does not exist that way or
    /// the order is needed and not given.
    pub(crate) fn naive(&self, order: Option<DateOrder>) -> Option<NaiveDateTime> {
        let date = match self.date {
            DatePart::Ymd { year, month, day } => NaiveDate::from_ymd_opt(year, month, day)?,
            DatePart::Ambiguous { first, second, year } => {
                let (day, month) = match order {
                    Some(DateOrder::Dmy) => (first, second),
                    Some(DateOrder::Mdy) => (second, first),
                    None if first == second => (first, second),
                    None => return None,
                };
                NaiveDate::from_ymd_opt(year, month, day)?
            }
        };
        Some(date.and_time(self.time))
    }

    /// The numbers of the stamp, for messages: never any other text of the cell.
    pub(crate) fn shown(&self) -> String {
        let time = self.time.format("%H:%M:%S");
        match self.date {
            DatePart::Ambiguous { first, second, year } => format!("{first}/{second}/{year} {time}"),
            DatePart::Ymd { year, month, day } => format!("{year:04}-{month:02}-{day:02} {time}"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Num,
    Word,
    Space,
    Sym(char),
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
}

fn tokenize(s: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    for (i, c) in s.char_indices() {
        let kind = if c.is_ascii_digit() {
            Kind::Num
        } else if c.is_alphabetic() {
            Kind::Word
        } else if c == ' ' {
            Kind::Space
        } else {
            Kind::Sym(c)
        };
        let end = i + c.len_utf8();
        match out.last_mut() {
            Some(last) if last.kind == kind && !matches!(kind, Kind::Sym(_)) => last.end = end,
            _ => out.push(Tok { kind, start: i, end }),
        }
    }
    out
}

struct Cursor<'a> {
    s: &'a str,
    toks: Vec<Tok>,
    i: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor { s, toks: tokenize(s), i: 0 }
    }

    fn peek(&self) -> Option<Tok> {
        self.toks.get(self.i).copied()
    }

    fn text(&self, t: Tok) -> &'a str {
        self.s.get(t.start..t.end).unwrap_or("")
    }

    /// A number of at most `max_len` digits, with its length.
    fn num(&mut self, max_len: usize) -> Option<(u32, usize)> {
        let t = self.peek().filter(|t| t.kind == Kind::Num)?;
        let text = self.text(t);
        if text.len() > max_len {
            return None;
        }
        self.i += 1;
        Some((text.parse().ok()?, text.len()))
    }

    fn sym(&mut self, c: char) -> bool {
        if self.peek().is_some_and(|t| t.kind == Kind::Sym(c)) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn rest(&self) -> &'a str {
        self.peek().and_then(|t| self.s.get(t.start..)).unwrap_or("")
    }
}

fn parse_offset(text: &str) -> Option<i32> {
    let (sign, digits) = match text.strip_prefix('+') {
        Some(d) => (1, d),
        None => (-1, text.strip_prefix('-')?),
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits.get(..2)?.parse::<i32>().ok()?, digits.get(2..)?.parse::<i32>().ok()?),
        _ => return None,
    };
    (h <= 18 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

/// Reads a timestamp cell in any of the forms of the module documentation.
pub(crate) fn parse_stamp(cell: &str) -> Option<Stamp> {
    let norm = spaces(cell);
    let s = norm.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    let mut p = Cursor::new(s);
    let (a, alen) = p.num(4)?;
    let sep = match p.peek()?.kind {
        Kind::Sym(c @ ('/' | '.' | '-')) => c,
        _ => return None,
    };
    p.i += 1;
    let (b, _) = p.num(2)?;
    if !p.sym(sep) {
        return None;
    }
    let (c, clen) = p.num(4)?;
    if sep == '.' {
        p.sym('.');
    }
    let date = if alen == 4 {
        if clen > 2 {
            return None;
        }
        DatePart::Ymd { year: i32::try_from(a).ok()?, month: b, day: c }
    } else if alen <= 2 && (clen == 2 || clen == 4) {
        let c = i32::try_from(c).ok()?;
        let year = if clen == 2 { 2000 + c } else { c };
        if !(1..=31).contains(&a) || !(1..=31).contains(&b) {
            return None;
        }
        DatePart::Ambiguous { first: a, second: b, year }
    } else {
        return None;
    };
    let mut between = 0;
    while let Some(t) = p.peek() {
        let ok = match t.kind {
            Kind::Space | Kind::Sym(',') => true,
            Kind::Word => p.text(t).chars().count() <= 3,
            _ => false,
        };
        if !ok {
            break;
        }
        p.i += 1;
        between += 1;
        if between > 6 {
            return None;
        }
    }
    if between == 0 {
        return None;
    }
    let (h, _) = p.num(2)?;
    if !p.sym(':') {
        return None;
    }
    let (m, mlen) = p.num(2)?;
    if mlen != 2 {
        return None;
    }
    let mut sec = 0;
    if p.sym(':') {
        let (sv, slen) = p.num(2)?;
        if slen != 2 {
            return None;
        }
        sec = sv;
        let fraction_follows = matches!(p.peek().map(|t| t.kind), Some(Kind::Sym('.' | ',')))
            && p.toks.get(p.i + 1).is_some_and(|t| t.kind == Kind::Num);
        if fraction_follows {
            p.i += 2;
        }
    }
    let compact: String = p.rest().chars().filter(|c| *c != ' ' && *c != '.').flat_map(char::to_lowercase).collect();
    let year_first = matches!(date, DatePart::Ymd { .. });
    let (hour, twelve_hour, offset) = match compact.as_str() {
        "" => (h, false, None),
        "am" | "pm" => {
            if !(1..=12).contains(&h) {
                return None;
            }
            (h % 12 + if compact == "pm" { 12 } else { 0 }, true, None)
        }
        "z" if year_first => (h, false, Some(0)),
        other if year_first => (h, false, Some(parse_offset(other)?)),
        _ => return None,
    };
    let stamp = Stamp { date, time: NaiveTime::from_hms_opt(hour, m, sec)?, twelve_hour, offset };
    let year = match date {
        DatePart::Ambiguous { year, .. } | DatePart::Ymd { year, .. } => year,
    };
    if !(1971..=2200).contains(&year) {
        return None;
    }
    let readable = [Some(DateOrder::Dmy), Some(DateOrder::Mdy)].iter().any(|o| stamp.naive(*o).is_some());
    readable.then_some(stamp)
}

/// Reads a written duration: `1h 3m`, `47m 6s`, `2 h 44 m`, `8 min 45 s`, `1 godz. 5 min`,
/// `10s`, or `H:MM:SS`. Returns seconds.
pub(crate) fn parse_duration(cell: &str) -> Option<i64> {
    let norm = spaces(cell);
    let s = norm.trim();
    if s.is_empty() || s.len() > 40 {
        return None;
    }
    if s.contains(':') {
        let mut total = 0i64;
        let parts: Vec<&str> = s.split(':').collect();
        if !(2..=3).contains(&parts.len()) {
            return None;
        }
        for part in parts {
            if part.is_empty() || part.len() > 4 || !part.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            total = total * 60 + part.parse::<i64>().ok()?;
        }
        return Some(total);
    }
    let mut p = Cursor::new(s);
    let mut total = 0i64;
    let mut any = false;
    while let Some(t) = p.peek() {
        match t.kind {
            Kind::Space | Kind::Sym('.' | ',') => p.i += 1,
            Kind::Num => {
                let (n, _) = p.num(6)?;
                while p.peek().is_some_and(|t| t.kind == Kind::Space) {
                    p.i += 1;
                }
                let unit = p.peek().filter(|t| t.kind == Kind::Word)?;
                let first = p.text(unit).chars().next()?.to_ascii_lowercase();
                let scale = match first {
                    'h' | 'g' | 'o' => 3600,
                    'm' => 60,
                    's' => 1,
                    _ => return None,
                };
                p.i += 1;
                total += i64::from(n) * scale;
                any = true;
            }
            _ => return None,
        }
    }
    any.then_some(total)
}

/// Where a time zone-less wall time is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Zone {
    /// Europe/Rome wall time (formats A, B, C).
    Rome,
    /// UTC (the live-event report).
    Utc,
}

/// A resolved instant with how it was obtained, for DST anomalies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct At {
    /// The instant.
    pub(crate) instant: Instant,
    /// How the wall time became the instant.
    pub(crate) res: DstResolution,
    /// The Rome wall time, when the instant came from one.
    pub(crate) wall: Option<NaiveDateTime>,
    /// The line it was read on.
    pub(crate) line: u64,
}

impl At {
    /// An instant given in UTC (or with an offset): no DST resolution.
    pub(crate) fn exact(instant: Instant, line: u64) -> At {
        At { instant, res: DstResolution::Exact, wall: None, line }
    }
}

/// Turns a stamp into an instant under the file's order and zone.
pub(crate) fn resolve(stamp: &Stamp, order: Option<DateOrder>, zone: Zone, line: u64) -> Option<At> {
    let naive = stamp.naive(order)?;
    if let Some(offset) = stamp.offset {
        return Some(At::exact(naive.and_utc().timestamp() - i64::from(offset), line));
    }
    Some(match zone {
        Zone::Utc => At::exact(naive.and_utc().timestamp(), line),
        Zone::Rome => {
            let (instant, res) = resolve_wall_time(naive.date(), naive.time());
            At { instant, res, wall: Some(naive), line }
        }
    })
}

/// The dates of a file, for deciding its order.
#[derive(Debug, Default)]
pub(crate) struct Evidence {
    /// Every timestamp of the file with its line.
    pub(crate) stamps: Vec<(u64, Stamp)>,
    /// Pairs of indices into `stamps` that must be in order (join, leave).
    pub(crate) pairs: Vec<(usize, usize)>,
}

impl Evidence {
    /// Adds a stamp and returns its index.
    pub(crate) fn push(&mut self, line: u64, stamp: Stamp) -> usize {
        self.stamps.push((line, stamp));
        self.stamps.len() - 1
    }

    fn consistent(&self, order: DateOrder) -> bool {
        let mut times = Vec::with_capacity(self.stamps.len());
        for (_, s) in &self.stamps {
            match s.naive(Some(order)) {
                Some(t) => times.push(t),
                None => return false,
            }
        }
        for &(i, j) in &self.pairs {
            if let (Some(a), Some(b)) = (times.get(i), times.get(j)) {
                if b < a {
                    return false;
                }
            }
        }
        match (times.iter().min(), times.iter().max()) {
            (Some(lo), Some(hi)) => *hi - *lo <= Duration::days(2),
            _ => true,
        }
    }
}

static DISAGREE: Template = Template {
    it: "le date non concordano sull'ordine di giorno e mese: la riga {0} ({1}) ha prima il giorno, \
         la riga {2} ({3}) prima il mese",
    en: "the dates disagree on the day/month order: line {0} ({1}) has the day first, \
         line {2} ({3}) the month first",
};
static GIVEN_DOES_NOT_FIT: Template = Template {
    it: "l'ordine dato con --date-order ({0}) non si adatta alla data alla riga {1} ({2}); togliere \
         --date-order o dare l'altro ordine",
    en: "the date order given with --date-order ({0}) does not fit the date on line {1} ({2}); leave \
         --date-order out or give the other one",
};
static AMBIGUOUS: Template = Template {
    it: "impossibile capire se le date sono giorno/mese o mese/giorno: nessuna data ha un numero \
         maggiore di 12 (prima data: riga {0}, {1}), entrambi gli ordini danno orari coerenti e {2}; \
         indicare l'ordine con --date-order dmy (prima il giorno, come in Italia) o --date-order mdy \
         (prima il mese, come negli Stati Uniti): serve solo per file come questo, le cui date non lo \
         mostrano, e non cambia gli altri",
    en: "cannot tell whether the dates are day/month or month/day: no date has a number above \
         12 (first date: line {0}, {1}), both orders give consistent times, and {2}; give the order \
         with --date-order dmy (day first, as in Italy) or --date-order mdy (month first, as in the \
         US): it is needed only by files like this one, whose dates do not show it, and changes no \
         other",
};
static ENGLISH_24H: Template = Template {
    it: "le intestazioni sono in inglese con l'orologio a 24 ore, che Teams scrive nei due modi (en-GB \
         prima il giorno, un sistema statunitense impostato sulle 24 ore prima il mese)",
    en: "the headers are English with a 24-hour clock, which Teams writes both ways \
         (en-GB day first, a US system set to 24 hours month first)",
};
static UNKNOWN_LANGUAGE: Template = Template {
    it: "le intestazioni sono in una lingua che questo lettore non conosce",
    en: "the headers are in a language this reader does not know",
};

/// Decides the day/month order of a file (module documentation). The error is a sentence to
/// follow the file's name.
pub(crate) fn decide(
    ev: &Evidence,
    language: Option<&'static str>,
    given: Option<DateOrder>,
    semicolons: bool,
) -> Result<(Option<DateOrder>, DateOrderBasis), Message> {
    let line = |l: u64| Arg::Int(i64::try_from(l).unwrap_or(i64::MAX));
    let ambiguous: Vec<&(u64, Stamp)> =
        ev.stamps.iter().filter(|(_, s)| matches!(s.date, DatePart::Ambiguous { .. })).collect();
    let Some(&&(first_line, first_stamp)) = ambiguous.first() else {
        return Ok((None, DateOrderBasis::NotNeeded));
    };
    let day_first = ambiguous.iter().find(|(_, s)| matches!(s.date, DatePart::Ambiguous { first, .. } if first > 12));
    let month_first =
        ambiguous.iter().find(|(_, s)| matches!(s.date, DatePart::Ambiguous { second, .. } if second > 12));
    match (day_first, month_first) {
        (Some((l1, s1)), Some((l2, s2))) => {
            return Err(Message::new(&DISAGREE, [line(*l1), Arg::text(s1.shown()), line(*l2), Arg::text(s2.shown())]))
        }
        (Some((line, _)), None) => return Ok((Some(DateOrder::Dmy), DateOrderBasis::FirstAbove12 { line: *line })),
        (None, Some((line, _))) => return Ok((Some(DateOrder::Mdy), DateOrderBasis::SecondAbove12 { line: *line })),
        (None, None) => {}
    }
    if ambiguous.iter().all(|(_, s)| matches!(s.date, DatePart::Ambiguous { first, second, .. } if first == second)) {
        return Ok((Some(DateOrder::Dmy), DateOrderBasis::Indifferent));
    }
    match (ev.consistent(DateOrder::Dmy), ev.consistent(DateOrder::Mdy)) {
        (true, false) => return Ok((Some(DateOrder::Dmy), DateOrderBasis::Consistency)),
        (false, true) => return Ok((Some(DateOrder::Mdy), DateOrderBasis::Consistency)),
        _ => {}
    }
    // The caller's order decides what the file's own dates cannot: it comes before the
    // language guess, never before the evidence above (so one `--date-order` for a folder of
    // reports only touches the files that need it).
    if let Some(order) = given {
        if let Some((l, s)) = ambiguous.iter().find(|(_, s)| s.naive(Some(order)).is_none()) {
            let order = Arg::text(match order {
                DateOrder::Dmy => "dmy",
                DateOrder::Mdy => "mdy",
            });
            return Err(Message::new(&GIVEN_DOES_NOT_FIT, [order, line(*l), Arg::text(s.shown())]));
        }
        return Ok((Some(order), DateOrderBasis::Override));
    }
    let twelve_hour = ev.stamps.iter().any(|(_, s)| s.twelve_hour);
    let why = match language {
        Some("en") if twelve_hour => {
            return Ok((Some(DateOrder::Mdy), DateOrderBasis::Language { language: "en", twelve_hour }))
        }
        _ if semicolons => return Ok((Some(DateOrder::Dmy), DateOrderBasis::Semicolons)),
        Some("en") => &ENGLISH_24H,
        Some(language) => return Ok((Some(DateOrder::Dmy), DateOrderBasis::Language { language, twelve_hour })),
        None => &UNKNOWN_LANGUAGE,
    };
    let why = Arg::Message(Box::new(Message::new(why, Vec::new())));
    Err(Message::new(&AMBIGUOUS, [line(first_line), Arg::text(first_stamp.shown()), why]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(cell: &str) -> Stamp {
        match parse_stamp(cell) {
            Some(s) => s,
            None => panic!("not read: {cell:?}"),
        }
    }

    fn wall(cell: &str, order: DateOrder) -> String {
        match stamp(cell).naive(Some(order)) {
            Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => "none".into(),
        }
    }

    #[test]
    fn every_written_form() {
        use DateOrder::{Dmy, Mdy};
        assert_eq!(wall("3/4/2021, 9:00:05 AM", Mdy), "2021-03-04 09:00:05");
        assert_eq!(wall("2/4/25, 3:00:12 pm", Mdy), "2025-02-04 15:00:12");
        assert_eq!(wall("2/4/25, 3:00:12\u{202f}p.m.", Mdy), "2025-02-04 15:00:12");
        assert_eq!(wall("2/4/25,\u{a0}12:00:12 AM", Mdy), "2025-02-04 00:00:12");
        assert_eq!(wall("2/4/25, 12:30:00 PM", Dmy), "2025-04-02 12:30:00");
        assert_eq!(wall("09/03/2021 07:59:50", Dmy), "2021-03-09 07:59:50");
        assert_eq!(wall("13/04/2021 à 09:01:31", Dmy), "2021-04-13 09:01:31");
        assert_eq!(wall("15/11/22, 09:30:17", Dmy), "2022-11-15 09:30:17");
        assert_eq!(wall("14.03.2024, 14:30:04", Dmy), "2024-03-14 14:30:04");
        assert_eq!(wall("1/25/2022 4:48:08 PM", Mdy), "2022-01-25 16:48:08");
        assert_eq!(wall("\u{200e}11/4/2020, 9:50 AM", Mdy), "2020-11-04 09:50:00");
        assert_eq!(wall("2024-03-14 14:30:04", Dmy), "2024-03-14 14:30:04");
        let iso = stamp("2024-03-14T13:30:04.1130000Z");
        assert_eq!(iso.offset, Some(0));
        assert_eq!(stamp("2024-03-14T14:30:04+01:00").offset, Some(3600));
        // 15 cannot be a month:
        assert_eq!(wall("15/11/22, 09:30:17", Mdy), "none");
    }

    #[test]
    fn refuses_what_is_not_a_timestamp() {
        for bad in [
            "",
            "Cittadino Due",
            "3/4/2021",
            "9:00:05 AM",
            "35m 46s",
            "3/4/2021, 13:00:05 PM",
            "3/4/2021, 0:00:05 AM",
            "3/4/2021, 9:00:05 XM",
            "32/13/2021, 9:00",
            "3/4/2021, 9:0",
            "3/4/2021, 25:00:00",
            "3/4/2021 Bobby 9:00",
            "3f2b8c1e-0a4d-4c53-9d0e-5b7a1c2d3e01",
            "3/4/2021, 9:00:05 Z",
            "99999999999/1/1, 1:00",
        ] {
            assert_eq!(parse_stamp(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn durations_in_every_written_form() {
        assert_eq!(parse_duration("1h 3m"), Some(3780));
        assert_eq!(parse_duration("47m 6s"), Some(2826));
        assert_eq!(parse_duration("2\u{a0}h 44\u{a0}m"), Some(9840));
        assert_eq!(parse_duration("32\u{a0}min 6\u{a0}s"), Some(1926));
        assert_eq!(parse_duration("1h 30m 51s"), Some(5451));
        assert_eq!(parse_duration("1 godz. 5 min 3 sek."), Some(3903));
        assert_eq!(parse_duration("10s"), Some(10));
        assert_eq!(parse_duration("1:02:03"), Some(3723));
        assert_eq!(parse_duration("Consulenza pensione"), None);
        assert_eq!(parse_duration("12"), None);
    }

    fn evidence(cells: &[&str]) -> Evidence {
        let mut ev = Evidence::default();
        for (i, c) in cells.iter().enumerate() {
            ev.push(i as u64 + 2, stamp(c));
        }
        ev
    }

    #[test]
    fn order_from_a_number_above_12() {
        let ev = evidence(&["3/4/24, 2:30:04 PM", "3/14/24, 2:31:10 PM"]);
        assert_eq!(
            decide(&ev, None, None, false),
            Ok((Some(DateOrder::Mdy), DateOrderBasis::SecondAbove12 { line: 3 }))
        );
        let ev = evidence(&["14/03/24, 14:30:04"]);
        assert_eq!(
            decide(&ev, Some("en"), None, false),
            Ok((Some(DateOrder::Dmy), DateOrderBasis::FirstAbove12 { line: 2 }))
        );
        let ev = evidence(&["14/03/24, 14:30:04", "3/14/24, 14:30:04"]);
        assert!(decide(&ev, None, None, false).is_err_and(|e| e.en().contains("disagree")));
    }

    #[test]
    fn order_from_consistency_then_language_then_error() {
        // Across midnight: 3/4 → 3/5 is one day month first, a month day first.
        let mut ev = evidence(&["3/4/2021, 23:50:00", "3/5/2021, 00:10:00"]);
        ev.pairs.push((0, 1));
        assert_eq!(decide(&ev, None, None, false), Ok((Some(DateOrder::Mdy), DateOrderBasis::Consistency)));
        let ev = evidence(&["3/4/2021, 9:00:05 AM"]);
        assert_eq!(
            decide(&ev, Some("en"), None, false),
            Ok((Some(DateOrder::Mdy), DateOrderBasis::Language { language: "en", twelve_hour: true }))
        );
        let ev = evidence(&["09/03/2021 10:00:03"]);
        assert_eq!(
            decide(&ev, Some("pt"), None, false),
            Ok((Some(DateOrder::Dmy), DateOrderBasis::Language { language: "pt", twelve_hour: false }))
        );
        let ev = evidence(&["11/12/2020, 12:27:24"]);
        assert!(decide(&ev, Some("en"), None, false)
            .is_err_and(|e| e.en().contains("--date-order dmy") && e.render(Lang::It).contains("--date-order mdy")));
        assert!(decide(&ev, None, None, false).is_err_and(|e| e.en().contains("does not know")));
        assert_eq!(
            decide(&ev, Some("en"), Some(DateOrder::Dmy), false),
            Ok((Some(DateOrder::Dmy), DateOrderBasis::Override))
        );
        let ev = evidence(&["3/3/2021, 10:00"]);
        assert_eq!(decide(&ev, None, None, false), Ok((Some(DateOrder::Dmy), DateOrderBasis::Indifferent)));
    }

    #[test]
    fn semicolons_mean_day_first_after_english_with_am_pm() {
        // An en-US report re-saved by an Italian Excel: English headers, 24-hour clock, `;`.
        let ev = evidence(&["09/10/2025 10:20"]);
        assert_eq!(decide(&ev, Some("en"), None, true), Ok((Some(DateOrder::Dmy), DateOrderBasis::Semicolons)));
        assert_eq!(decide(&ev, None, None, true), Ok((Some(DateOrder::Dmy), DateOrderBasis::Semicolons)));
        // Text Excel left alone keeps its AM/PM: month first all the same.
        let ev = evidence(&["10/9/25, 10:20:15 AM"]);
        assert_eq!(
            decide(&ev, Some("en"), None, true),
            Ok((Some(DateOrder::Mdy), DateOrderBasis::Language { language: "en", twelve_hour: true }))
        );
        // The caller's order comes first, the evidence before it.
        let ev = evidence(&["09/10/2025 10:20"]);
        assert_eq!(
            decide(&ev, Some("en"), Some(DateOrder::Mdy), true),
            Ok((Some(DateOrder::Mdy), DateOrderBasis::Override))
        );
    }

    #[test]
    fn the_given_order_never_beats_the_evidence() {
        let ev = evidence(&["15/11/22, 09:30:17"]);
        assert_eq!(
            decide(&ev, None, Some(DateOrder::Mdy), false),
            Ok((Some(DateOrder::Dmy), DateOrderBasis::FirstAbove12 { line: 2 }))
        );
        // …but it beats the language guess.
        let ev = evidence(&["3/4/2021, 9:00:05 AM"]);
        assert_eq!(
            decide(&ev, Some("en"), Some(DateOrder::Dmy), false),
            Ok((Some(DateOrder::Dmy), DateOrderBasis::Override))
        );
    }

    #[test]
    fn rome_and_utc_resolution() {
        let s = stamp("3/14/24, 2:30:04 PM");
        let at = resolve(&s, Some(DateOrder::Mdy), Zone::Rome, 5);
        // 14:30:04 CET = 13:30:04Z
        assert_eq!(at.map(|a| a.instant), Some(1_710_423_004));
        let at = resolve(&s, Some(DateOrder::Mdy), Zone::Utc, 5);
        assert_eq!(at.map(|a| a.instant), Some(1_710_426_604));
        let gap = resolve(&stamp("3/30/25, 2:30:00 AM"), Some(DateOrder::Mdy), Zone::Rome, 1);
        assert_eq!(gap.map(|a| a.res), Some(DstResolution::GapForward));
    }
}
