//! The statement as one self-contained HTML page: inline CSS and SVG, no script, no external
//! asset, in Italian or English, printable on A4 — a date of issue, page numbers in the page's
//! margins (CSS `@page` margin boxes), and the busiest month of the demo within two pages
//! (`tests/suite/statement_pdf.rs` prints it with Chromium and counts them).
//!
//! The page is the askama template `templates/statement.html` (with its chart,
//! `templates/statement_chart.html`), filled from a `Page` made here of the statement and the
//! words of [`super::statement_words`]. Askama escapes every value it writes into the page, text
//! and attributes alike, and no value is marked safe: a name, a code or a message from the data
//! can never become markup. (Askama writes the escaped characters as numeric references:
//! `&#60;` for `<`, `&#38;` for `&`, `&#34;` for `"`, `&#39;` for `'`.) The one value written
//! into the style sheet, the text of the pages' footer, is first written as a CSS string whose
//! every character but letters, digits and spaces is a CSS escape ([`css_string`]), so that
//! neither askama nor the style sheet can read anything in it but text.
//!
//! The page says so to the browser too: its Content-Security-Policy ([`CSP`]) forbids scripts
//! and every load from elsewhere, and a rule file's source address becomes a link only when it
//! is a web address (`web_address`): a rule folder given with `--rules` is data, and a
//! `javascript:` or `data:` address in it must not become something a click runs.

use std::fmt::Write as _;
use std::io;

use askama::Template;

use crate::engine::trace::DayTrace;
use crate::report::day::{ChannelView, Recorded};
use crate::report::statement::{DaySummary, Note, Statement};

use super::statement_chart::{chart, Chart};
use super::statement_words::{
    amount_line, channel_heading, clause_lines, clause_short, duration, equals_words, errors_mark, hours, legend,
    minus_words, minutes_line, privacy_line, rate_line, recorded, rule_set_line, scenario_mark, severity_word,
    status_text, working_time, ClauseLine,
};
use super::Lang;

/// The page's Content-Security-Policy: nothing may load or run (`default-src 'none'`, which
/// covers scripts, frames, fonts, forms' targets aside, and every fetch) but the page's own
/// inline style and `data:` images. The page needs nothing else: its CSS is inline, its chart is
/// inline SVG whose patterns are referenced within the page. The template writes it as it is
/// (a test checks that it does).
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// Writes the statement page.
pub fn write_html<W: io::Write>(st: &Statement, l: Lang, mut w: W) -> io::Result<()> {
    let page = Page::new(st, l).render().map_err(io::Error::other)?;
    w.write_all(page.as_bytes())?;
    w.flush()
}

/// The address to link to, when `url` is a web address: its scheme is `http` or `https`
/// (either case, after trimming). Anything else (`javascript:`, `data:`, a relative path) is
/// `None`: shown as text, never as a link.
fn web_address(url: &str) -> Option<&str> {
    let u = url.trim();
    let (scheme, _) = u.split_once(':')?;
    (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")).then_some(u)
}

/// `text` as the inside of a CSS string: ASCII letters, digits and spaces as they are, every
/// other character as a CSS escape (`\2014 ` for `—`). Nothing in it can close the string, the
/// rule or the `<style>` element, and askama has nothing in it to escape.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\{:x} ", u32::from(c));
        }
    }
    out
}

/// What the template writes: every text already in the page's language.
#[derive(Template)]
#[template(path = "statement.html")]
struct Page<'a> {
    l: Lang,
    st: &'a Statement,
    month_name: String,
    total: String,
    office: &'a str,
    working_time: String,
    issued: Option<String>,
    /// The footer of every printed page, as the inside of a CSS string ([`css_string`]).
    footer: String,
    /// `Pagina`, `di` (or `Page`, `of`), as the inside of CSS strings.
    page_words: (String, String),
    rule_sets: Vec<RuleSetRow<'a>>,
    payroll_rows: &'static str,
    scenario_mark: &'static str,
    errors_mark: Option<String>,
    /// Rule set, clause and why, for each figure not confirmed by the signed text.
    provisional: Vec<(&'a str, &'static str, &'a str)>,
    chart: Chart,
    /// Hours counted and not, at the counter and on Teams, over the month.
    sums: [String; 4],
    legend: String,
    days: Vec<DayRow>,
    items: Vec<ItemRow<'a>>,
    other_notes: Vec<NoteRow>,
    rules: Vec<RulesRow>,
    sources: Vec<SourceRow<'a>>,
    privacy_line: &'static str,
    version: &'static str,
}

/// A rule set in the heading.
struct RuleSetRow<'a> {
    id: &'a str,
    status_class: &'static str,
    status: &'static str,
    first_day: String,
    last_day: String,
    title: &'a str,
}

/// A day: its channels, each a block of lines, and the notes its lines do not say.
struct DayRow {
    day: String,
    /// The rule set, when the month has several (or none governs the day).
    ruleset: String,
    channels: Vec<ChannelBlock>,
    notes: Vec<NoteRow>,
}

/// A channel's lines on a day.
struct ChannelBlock {
    name: String,
    item: String,
    lines: Vec<Line>,
}

/// A `+`, `−` or `=` line.
struct Line {
    sign: &'static str,
    class: &'static str,
    span: String,
    figure: String,
    /// What was recorded, why time was taken away, or the rounding.
    text: String,
    /// The source file, the intervals taken away, or the figure after rounding.
    detail: String,
    /// The clause, for a `−` line under another clause than the channel's.
    clause: String,
    /// True when the detail and clause are written on a line of their own, under the text.
    below: bool,
}

/// How many characters of text and detail a line of a day holds before the detail goes below.
const LINE_CHARS: usize = 52;

impl Line {
    fn new(sign: &'static str, class: &'static str, span: String, figure: String, text: String) -> Line {
        Line { sign, class, span, figure, text, detail: String::new(), clause: String::new(), below: false }
    }

    /// With its detail and clause, on the line when they fit, below it otherwise.
    fn with(mut self, detail: String, clause: String) -> Line {
        let len = |s: &str| s.chars().count();
        self.below = len(&self.text) + len(&detail) + len(&clause) > LINE_CHARS;
        self.detail = detail;
        self.clause = clause;
        self
    }
}

/// A note, in the language.
struct NoteRow {
    code: &'static str,
    severity: &'static str,
    source: Option<String>,
    message: String,
}

/// A payroll item.
struct ItemRow<'a> {
    item: &'a str,
    ruleset: &'a str,
    days: u32,
    hours: String,
    rate: String,
    minutes_line: String,
    rate_line: String,
    amount_line: String,
    amount: String,
}

/// A rule set applied, clause by clause.
struct RulesRow {
    line: String,
    clauses: Vec<ClauseLine>,
}

/// A source cited, with its address as a link (`web`) or as text.
struct SourceRow<'a> {
    key: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    web: Option<&'a str>,
    text: Option<&'a str>,
}

impl<'a> Page<'a> {
    fn new(st: &'a Statement, l: Lang) -> Page<'a> {
        let period = st.period();
        let month_name = l.month_name(period.year, period.month);
        let sum = |f: fn(&DaySummary) -> i64| hours(st.chart.iter().map(f).sum::<i64>(), l);
        let issued = st.issued.map(|d| l.date(d));
        let mut footer = format!("{} {} — {}", l.pick("Prospetto", "Statement"), st.employee_id, month_name);
        if let Some(d) = &issued {
            footer.push_str(&format!(" — {} {d}", l.pick("emesso il", "issued on")));
        }
        Page {
            l,
            st,
            total: l.euro(st.total_eur),
            office: if st.office.is_empty() { "—" } else { &st.office },
            working_time: working_time(st, l),
            footer: css_string(&footer),
            page_words: (css_string(l.pick("Pagina", "Page")), css_string(l.pick("di", "of"))),
            issued,
            month_name,
            rule_sets: st
                .rule_sets
                .iter()
                .map(|u| RuleSetRow {
                    id: &u.rule_set.id,
                    status_class: u.rule_set.status.as_str(),
                    status: status_text(u.rule_set.status, l),
                    first_day: l.date(u.first_day),
                    last_day: l.date(u.last_day),
                    title: u.rule_set.title.pick(l),
                })
                .collect(),
            payroll_rows: if st.items.len() == 1 {
                l.pick("voce di cedolino", "payroll row")
            } else {
                l.pick("voci di cedolino", "payroll rows")
            },
            scenario_mark: scenario_mark(l),
            errors_mark: errors_mark(st, l),
            provisional: st
                .rule_sets
                .iter()
                .flat_map(|u| {
                    u.rule_set.provisional_marks().into_iter().map(move |(c, why)| {
                        (u.rule_set.id.as_str(), super::statement_words::clause_name(c, l), why.pick(l))
                    })
                })
                .collect(),
            chart: chart(&st.chart, l),
            sums: [
                sum(|d| d.in_person_counted_seconds),
                sum(|d| d.in_person_not_counted_seconds),
                sum(|d| d.remote_counted_seconds),
                sum(|d| d.remote_not_counted_seconds),
            ],
            legend: legend(st, l),
            days: st.days.iter().map(|d| day_row(st, d, l)).collect(),
            items: item_rows(st, l),
            other_notes: st.other_notes().map(|n| note_row(st, n, l)).collect(),
            rules: st
                .rule_sets
                .iter()
                .map(|u| RulesRow { line: rule_set_line(u, l), clauses: clause_lines(&u.rule_set, l) })
                .collect(),
            sources: source_rows(st),
            privacy_line: privacy_line(l),
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// One day: each channel's `+`, `−` and `=` lines, and the day's notes its lines do not say.
fn day_row(st: &Statement, day: &DayTrace, l: Lang) -> DayRow {
    let channels: Vec<ChannelBlock> = [(&day.in_person, false), (&day.remote, true)]
        .into_iter()
        .map(|(c, remote)| ChannelView::of(c, remote))
        .filter(|v| !v.is_empty())
        .map(|v| channel_block(st, &v, l))
        .collect();
    let several = st.rule_sets.len() > 1;
    DayRow {
        day: l.day(day.date),
        ruleset: match &day.ruleset {
            Some(id) if several => id.clone(),
            Some(_) => String::new(),
            None => l.pick("nessuna regola", "no rule set").to_string(),
        },
        channels,
        notes: st.notes_shown_apart(day).map(|n| note_row(st, n, l)).collect(),
    }
}

/// A channel's lines: `+` each interval recorded, `−` each part taken away, `=` the difference
/// and the minutes counted. A `−` line names its clause when it is not the channel's own.
fn channel_block(st: &Statement, v: &ChannelView, l: Lang) -> ChannelBlock {
    let secs = !v.whole_minutes();
    let own = if v.remote { "remote" } else { "in_person" };
    let mut lines: Vec<Line> = v
        .plus
        .iter()
        .map(|p| {
            // Under Teams every `+` line is a meeting: its id says it (the legend too).
            let what = match &p.what {
                Recorded::Meeting { meeting_id } => meeting_id.clone(),
                other => recorded(other, l),
            };
            Line::new("+", "plus", p.span.clone(), duration(p.seconds, secs), what)
                .with(st.short(&p.source), String::new())
        })
        .collect();
    lines.extend(v.minus.iter().map(|m| {
        let (span, spans) = match m.spans.as_slice() {
            [one] => (one.clone(), String::new()),
            many => (String::new(), many.join(", ")),
        };
        let rows = if m.rows.is_empty() { String::new() } else { st.short(&m.rows) };
        let detail = [spans, rows].into_iter().filter(|d| !d.is_empty()).collect::<Vec<_>>().join(" · ");
        let clause = if m.clause.clause == own { String::new() } else { clause_short(&m.clause, l) };
        Line::new("−", "minus", span, duration(m.seconds, secs), minus_words(m, v.remote, l)).with(detail, clause)
    }));
    lines.push(Line::new("=", "equals", String::new(), duration(v.before, secs), equals_words(v, l)));
    let heading = channel_heading(v, l);
    let (name, item) =
        heading.split_once(" — ").map_or((heading.clone(), String::new()), |(a, b)| (a.into(), b.into()));
    ChannelBlock { name, item, lines }
}

fn note_row(st: &Statement, n: &Note, l: Lang) -> NoteRow {
    NoteRow {
        code: n.code.as_str(),
        severity: severity_word(n.severity, l),
        source: n.source.as_deref().map(|s| st.short(s)),
        message: n.message.render(l).into_owned(),
    }
}

/// The payroll items, with how their minutes, rate and amount came about.
fn item_rows(st: &Statement, l: Lang) -> Vec<ItemRow<'_>> {
    st.items
        .iter()
        .map(|item| {
            let set = st.rule_set(&item.ruleset);
            ItemRow {
                item: &item.item,
                ruleset: &item.ruleset,
                days: item.days,
                hours: hours(item.minutes * 60, l),
                rate: super::statement_words::rate_number(item.rate.rate_eur_per_hour, l),
                minutes_line: minutes_line(st, item, set, l),
                rate_line: rate_line(st, item, l),
                amount_line: amount_line(item, l),
                amount: l.euro(item.amount_eur),
            }
        })
        .collect()
}

/// The sources cited: a web address is a link, any other address is text.
fn source_rows(st: &Statement) -> Vec<SourceRow<'_>> {
    st.sources
        .iter()
        .map(|c| {
            let url = c.url.as_deref();
            SourceRow {
                key: &c.key,
                title: &c.title,
                date: c.date.as_deref(),
                web: url.and_then(web_address),
                text: url.filter(|u| web_address(u).is_none()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_links() {
        assert_eq!(web_address("https://www.fpcgil.it/?p=1"), Some("https://www.fpcgil.it/?p=1"));
        assert_eq!(web_address("  HTTP://x.it/a "), Some("HTTP://x.it/a"));
        for other in
            ["javascript:alert(1)", " JavaScript:void(0)", "data:text/html,x", "../a.html", "", "https", "ftp://x"]
        {
            assert_eq!(web_address(other), None, "{other}");
        }
        // The policy is one attribute value: no quote may end it.
        assert!(!CSP.contains('"'));
    }

    #[test]
    fn the_template_writes_the_policy() {
        let template = include_str!("../../templates/statement.html");
        assert!(template.contains(&format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">")));
    }

    #[test]
    fn the_footer_is_a_css_string_of_letters_digits_spaces_and_escapes() {
        let s = css_string("Prospetto 7<u> — \"x\"; } </style>'");
        assert_eq!(s, "Prospetto 7\\3c u\\3e  \\2014  \\22 x\\22 \\3b  \\7d  \\3c \\2f style\\3e \\27 ");
        assert!(s.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '\\'));
    }
}
