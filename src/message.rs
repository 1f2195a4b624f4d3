//! Sentences for people in Italian and English, kept as a template and its values until they
//! are written: an anomaly is raised once and written in whichever language the reader chose.
//!
//! A [`Template`] is a pair of sentences with numbered holes (`{0}`, `{1}`…), defined as a
//! `static` beside the code that raises it, so that each sentence sits where its meaning is. A
//! [`Message`] is a template and the values of its holes ([`Arg`]); each value is written as
//! the language writes it (a date `06/10/2025` or `2025-10-06`, a decimal `18,50` or
//! `18.50`). [`Message::render`] writes it.
//!
//! ```
//! use sportello::message::{Arg, Message, Template};
//! use sportello::lang::Lang;
//! static CUT: Template = Template {
//!     it: "campo \"{0}\": {1} tagliati",
//!     en: "field \"{0}\": {1} cut",
//! };
//! let m = Message::new(&CUT, [Arg::text("end"), Arg::Duration(5400)]);
//! assert_eq!(m.render(Lang::It), "campo \"end\": 1 h 30 min tagliati");
//! assert_eq!(m.render(Lang::En), "field \"end\": 1 h 30 min cut");
//! ```

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::lang::Lang;
use crate::time::Instant;

/// A sentence in both languages, with numbered holes `{0}`, `{1}`… for the values.
#[derive(Debug, PartialEq, Eq)]
pub struct Template {
    /// Italian.
    pub it: &'static str,
    /// English.
    pub en: &'static str,
}

/// One value of a message.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    /// Text written as it is: a field name, an id, a file name, a code.
    Text(Box<str>),
    /// Text of the program's own written as it is (an attendance kind, a role): like
    /// [`Arg::Text`], without a copy on the heap.
    Static(&'static str),
    /// A whole number.
    Int(i64),
    /// A duration in seconds: `2 h 5 min`, `45 min`, `11 h 48 min 20 s`.
    Duration(i64),
    /// Instants, as Rome wall clocks of their day: `09:00–10:30, 14:00–14:15`.
    Spans(Box<[(Instant, Instant)]>),
    /// One span, as [`Arg::Spans`] writes it (`09:00–10:30`), without a slice on the heap: the
    /// commonest anomaly of a month cuts one span.
    Span(Instant, Instant),
    /// An instant, as a Rome date and time.
    At(Instant),
    /// A day.
    Date(NaiveDate),
    /// An exact decimal, as many decimals as it has.
    Decimal(Decimal),
    /// Another message (a clause of this one).
    Message(Box<Message>),
}

impl Arg {
    /// Text written as it is.
    pub fn text(s: impl Into<Box<str>>) -> Arg {
        Arg::Text(s.into())
    }

    /// Writes the value at the end of `out`.
    fn write(&self, lang: Lang, out: &mut String) {
        use std::fmt::Write;
        match self {
            Arg::Text(t) => out.push_str(t),
            Arg::Static(t) => out.push_str(t),
            // Writing to a String cannot fail.
            Arg::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Arg::Duration(s) => crate::time::write_duration(out, *s),
            Arg::Spans(spans) => {
                for (i, (a, b)) in spans.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_span(out, *a, *b);
                }
            }
            Arg::Span(a, b) => write_span(out, *a, *b),
            Arg::At(t) => out.push_str(&lang.date_time(*t)),
            Arg::Date(d) => out.push_str(&lang.date(*d)),
            Arg::Decimal(d) => out.push_str(&lang.decimal(*d)),
            Arg::Message(m) => out.push_str(&m.render(lang)),
        }
    }
}

/// `09:00–10:30`.
fn write_span(out: &mut String, a: Instant, b: Instant) {
    crate::time::rome::write_clock(out, a);
    out.push('–');
    crate::time::rome::write_clock(out, b);
}

/// A sentence: a template and its values, or (while the code moves to templates) a text given
/// whole, the same in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// A template and the values of its holes.
    Template(&'static Template, Box<[Arg]>),
    /// A text given whole, in English.
    Plain(Box<str>),
}

impl Message {
    /// A template with its values.
    pub fn new(template: &'static Template, args: impl Into<Box<[Arg]>>) -> Message {
        Message::Template(template, args.into())
    }

    /// The sentence in `lang`.
    pub fn render(&self, lang: Lang) -> Cow<'_, str> {
        match self {
            Message::Plain(s) => Cow::Borrowed(s),
            Message::Template(t, args) => {
                let mut out = String::with_capacity(lang.pick(t.it, t.en).len() + 16 * args.len());
                self.write_to(lang, &mut out);
                Cow::Owned(out)
            }
        }
    }

    /// The sentence in `lang`, at the end of `out`: a writer of many sentences reuses one
    /// string.
    pub fn write_to(&self, lang: Lang, out: &mut String) {
        match self {
            Message::Plain(s) => out.push_str(s),
            Message::Template(t, args) => fill(lang.pick(t.it, t.en), args, lang, out),
        }
    }

    /// True for a text given whole, not yet a template (a test checks none is left).
    pub fn is_plain(&self) -> bool {
        matches!(self, Message::Plain(_))
    }

    /// The English sentence (what tests and logs compare).
    pub fn en(&self) -> Cow<'_, str> {
        self.render(Lang::En)
    }
}

/// Writes `text` with its holes filled by `args`.
fn fill(text: &str, args: &[Arg], lang: Lang, out: &mut String) {
    // Bytes are searched, not chars: the braces are ASCII, and sentences are written by the
    // hundred thousand.
    let mut rest = text;
    while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = memchr::memchr(b'}', after.as_bytes()).unwrap_or(after.len());
        match after[..close].parse::<usize>().ok().and_then(|i| args.get(i)) {
            Some(arg) => {
                arg.write(lang, out);
                rest = after.get(close + 1..).unwrap_or("");
            }
            // Not a hole: a brace of the text itself.
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

impl From<String> for Message {
    fn from(s: String) -> Message {
        Message::Plain(s.into())
    }
}

impl From<&str> for Message {
    fn from(s: &str) -> Message {
        Message::Plain(s.into())
    }
}

impl fmt::Display for Message {
    /// In English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

impl serde::Serialize for Message {
    /// In English: JSON is for programs, which read the stable codes beside it.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.en())
    }
}

impl PartialOrd for Message {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Message {
    /// By the English template, then the values: the same order in every run, whatever the
    /// addresses of the templates.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        fn key(m: &Message) -> (&str, Option<&[Arg]>) {
            match m {
                Message::Plain(s) => (s, None),
                Message::Template(t, args) => (t.en, Some(args)),
            }
        }
        key(self).cmp(&key(other))
    }
}

impl std::hash::Hash for Message {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            Message::Plain(s) => s.hash(state),
            Message::Template(t, args) => {
                t.en.hash(state);
                args.hash(state);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static TWO: Template = Template { it: "da {0} a {1} ({2})", en: "from {0} to {1} ({2})" };

    #[test]
    fn holes_are_filled_in_each_language() {
        let d = NaiveDate::from_ymd_opt(2025, 10, 6).unwrap();
        let m = Message::new(&TWO, [Arg::Date(d), Arg::Decimal("1234.5".parse().unwrap()), Arg::Int(7)]);
        assert_eq!(m.render(Lang::It), "da 06/10/2025 a 1.234,5 (7)");
        assert_eq!(m.render(Lang::En), "from 2025-10-06 to 1,234.5 (7)");
        assert_eq!(m.to_string(), "from 2025-10-06 to 1,234.5 (7)");
    }

    #[test]
    fn a_brace_that_is_no_hole_is_kept_and_a_missing_value_shows_as_written() {
        static ODD: Template = Template { it: "{x} {0} {3}", en: "{x} {0} {3}" };
        let m = Message::new(&ODD, [Arg::text("a")]);
        assert_eq!(m.render(Lang::En), "{x} a {3}");
    }

    #[test]
    fn static_text_and_one_span_are_written_as_their_heap_kin() {
        static CUT: Template = Template { it: "{0} ({1}) fuori", en: "{0} ({1}) outside" };
        // 2025-10-01 09:00 and 10:30 Rome.
        let (a, b) = (1_759_302_000, 1_759_302_000 + 5400);
        let light = Message::new(&CUT, [Arg::Static("front_office"), Arg::Span(a, b)]);
        let heavy = Message::new(&CUT, [Arg::text("front_office"), Arg::Spans(Box::new([(a, b)]))]);
        assert_eq!(light.render(Lang::It), heavy.render(Lang::It));
        assert_eq!(light.render(Lang::En), "front_office (09:00–10:30) outside");
        let mut out = String::from("> ");
        light.write_to(Lang::It, &mut out);
        Message::from(" and more").write_to(Lang::It, &mut out);
        assert_eq!(out, "> front_office (09:00–10:30) fuori and more");
    }

    #[test]
    fn messages_order_by_their_english_text() {
        let a = Message::new(&TWO, [Arg::Int(1)]);
        let b = Message::from("zeta");
        assert!(a < b);
    }
}
