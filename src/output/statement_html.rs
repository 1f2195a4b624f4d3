//! The statement as one self-contained HTML page: inline CSS and SVG, no script, no external
//! asset, printable on A4, in Italian or English.
//!
//! The page is the askama template `templates/statement.html` (with its chart,
//! `templates/statement_chart.html`), filled from a `Page` made here of the statement and the
//! words of [`super::statement_words`]. Askama escapes every value it writes into the page, text
//! and attributes alike, and no value is marked safe: a name, a code or a message from the data
//! can never become markup. (Askama writes the escaped characters as numeric references:
//! `&#60;` for `<`, `&#38;` for `&`, `&#34;` for `"`, `&#39;` for `'`.)
//!
//! The page says so to the browser too: its Content-Security-Policy ([`CSP`]) forbids scripts
//! and every load from elsewhere, and a rule file's source address becomes a link only when it
//! is a web address (`web_address`): a rule folder given with `--rules` is data, and a
//! `javascript:` or `data:` address in it must not become something a click runs.

use std::io;

use askama::Template;

use crate::engine::trace::{ChannelDay, DayTrace};
use crate::money::{format_cents, format_rate};
use crate::report::day::{ChannelView, RemovedLine};
use crate::report::minutes_text;
use crate::report::statement::{DaySummary, Note, Statement};

use super::statement_chart::{chart, Chart};
use super::statement_words::{
    amount_line, channel_heading, clause_lines, counted_line, errors_mark, minutes_line, privacy_line, rate_line,
    reason, recorded, rule_set_line, scenario_mark, status_text, ClauseLine,
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

/// `4:05` (hours and minutes, seconds floored).
fn hm(seconds: i64) -> String {
    let m = seconds.max(0) / 60;
    format!("{}:{:02}", m / 60, m % 60)
}

/// `240`, or `244′ 30″` when there are seconds: the minutes of the days' table.
fn short_minutes(seconds: i64) -> String {
    if seconds % 60 == 0 {
        (seconds / 60).to_string()
    } else {
        minutes_text(seconds).replace(" min", "′").replace(" s", "″")
    }
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
    part_time: String,
    rule_sets: Vec<RuleSetRow<'a>>,
    payroll_rows: &'static str,
    scenario_mark: &'static str,
    errors_mark: Option<String>,
    /// Rule set, clause and why, for each figure not confirmed by the signed text.
    provisional: Vec<(&'a str, &'static str, &'a str)>,
    chart: Chart,
    /// Hours counted and not, at the counter and on Teams, over the month.
    sums: [String; 4],
    days: Vec<DayRow<'a>>,
    items: Vec<ItemRow<'a>>,
    other_notes: Vec<&'a Note>,
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

/// A day of the days' table.
struct DayRow<'a> {
    day: String,
    ruleset: &'a str,
    channels: Vec<ChannelRow>,
    removed: Vec<RemovedRow>,
    notes: Vec<&'a Note>,
    /// The counter's and Teams' minutes before and after rounding, `None` for `—`.
    counted: [Option<CountedCell>; 2],
}

/// A channel's heading and its intervals.
struct ChannelRow {
    name: &'static str,
    item: String,
    clause: String,
    sources: Vec<SourceCell>,
}

/// An interval recorded.
struct SourceCell {
    span: String,
    minutes: String,
    what: String,
    file: String,
}

/// Time not counted.
struct RemovedRow {
    span: String,
    /// When there are more than three intervals: the first three, and how many more (the
    /// whole list is the tooltip).
    first_spans: Option<(String, usize)>,
    minutes: String,
    code: &'static str,
    reason: &'static str,
    clause: String,
}

/// The minutes of a channel, before and after rounding.
struct CountedCell {
    title: String,
    before: String,
    after: String,
}

/// A payroll item.
struct ItemRow<'a> {
    item: &'a str,
    ruleset: &'a str,
    days: u32,
    minutes: i64,
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
        let sum = |f: fn(&DaySummary) -> i64| hm(st.chart.iter().map(f).sum::<i64>());
        Page {
            l,
            st,
            month_name: l.month_name(period.year, period.month),
            total: l.number(&format_cents(st.total_eur)),
            office: if st.office.is_empty() { "—" } else { &st.office },
            part_time: l.number(&st.part_time_pct.to_string()),
            rule_sets: st
                .rule_sets
                .iter()
                .map(|u| RuleSetRow {
                    id: &u.rule_set.id,
                    status_class: u.rule_set.status.as_str(),
                    status: status_text(u.rule_set.status, l),
                    first_day: l.day(u.first_day),
                    last_day: l.day(u.last_day),
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
                    u.rule_set.provisional_marks().into_iter().map(|(c, why)| (u.rule_set.id.as_str(), c, why.pick(l)))
                })
                .collect(),
            chart: chart(&st.chart, l),
            sums: [
                sum(|d| d.in_person_counted_seconds),
                sum(|d| d.in_person_not_counted_seconds),
                sum(|d| d.remote_counted_seconds),
                sum(|d| d.remote_not_counted_seconds),
            ],
            days: st.days.iter().map(|d| day_row(st, d, l)).collect(),
            items: item_rows(st, l),
            other_notes: st.other_notes().collect(),
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

/// One day of the days' table: what was recorded, what was not counted and why, the day's
/// notes its lines do not say, and the minutes counted per channel.
fn day_row<'a>(st: &'a Statement, day: &'a DayTrace, l: Lang) -> DayRow<'a> {
    let set = day.ruleset.as_deref().and_then(|id| st.rule_set(id));
    let channels: [(&ChannelDay, bool); 2] = [(&day.in_person, false), (&day.remote, true)];
    let views = channels.map(|(c, is_remote)| (c, is_remote, ChannelView::of(c, is_remote, set)));
    let counted = views.each_ref().map(|(c, _, v)| {
        (c.item.is_some() && !(v.is_empty() && c.seconds == 0)).then(|| CountedCell {
            title: counted_line(c, set, l),
            before: short_minutes(c.seconds),
            after: short_minutes(c.counted_seconds),
        })
    });
    DayRow {
        day: l.day(day.date),
        ruleset: day.ruleset.as_deref().unwrap_or(l.pick("nessuna regola", "no rule set")),
        channels: views
            .iter()
            .filter(|(_, _, v)| !v.is_empty())
            .map(|(c, is_remote, v)| {
                let (name, item, clause) = channel_heading(c, *is_remote, set, l);
                let sources = v
                    .sources
                    .iter()
                    .map(|s| SourceCell {
                        span: s.span.clone(),
                        minutes: s.minutes.clone(),
                        what: recorded(&s.what, l),
                        file: s.file.clone(),
                    })
                    .collect();
                ChannelRow { name, item, clause, sources }
            })
            .collect(),
        removed: views.iter().flat_map(|(_, _, v)| &v.removed).map(|r| removed_row(r, l)).collect(),
        notes: st.notes_shown_apart(day).collect(),
        counted,
    }
}

/// A line of time not counted; a list of more than three intervals is cut to three.
fn removed_row(r: &RemovedLine, l: Lang) -> RemovedRow {
    let parts: Vec<&str> = r.span.split(", ").collect();
    RemovedRow {
        span: r.span.clone(),
        first_spans: (parts.len() > 3).then(|| (parts[..3].join(", "), parts.len() - 3)),
        minutes: r.minutes.clone(),
        code: r.code.map_or("", |c| c.as_str()),
        reason: reason(r.code, l),
        clause: r.clause.clone(),
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
                minutes: item.minutes,
                hours: l.number(&format_cents(item.hours)),
                rate: l.number(&format_rate(item.rate.rate_eur_per_hour)),
                minutes_line: minutes_line(st, item, set, l),
                rate_line: rate_line(item),
                amount_line: amount_line(item, set, l),
                amount: l.number(&format_cents(item.amount_eur)),
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
    fn hours_and_minutes() {
        assert_eq!(hm(0), "0:00");
        assert_eq!(hm(3600 * 40 + 59), "40:00");
        assert_eq!(hm(245 * 60), "4:05");
        assert_eq!(short_minutes(14_670), "244′ 30″");
    }
}
