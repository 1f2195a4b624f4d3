//! Writing a [`Statement`] as plain text (Italian or English) or as JSON (language-neutral:
//! money as strings, intervals as Rome times with offset, each day's `+` and `−` lines with
//! their reasons and clauses as identifiers). The HTML page is [`super::statement_html`]; both
//! say it in the words of [`super::statement_words`].

use std::io::{self, Write};

use crate::engine::trace::DayTrace;
use crate::report::day::ChannelView;
use crate::report::statement::{Note, Statement};

use super::statement_words::{
    amount_line, channel_heading, clause_lines, duration, equals_words, errors_mark, legend, minus_words, minutes_line,
    note_line, privacy_line, rate_line, recorded, rule_set_line, scenario_mark, working_time,
};
use super::Lang;

/// Writes the statement as JSON (money as strings, intervals as Rome times with offset).
pub fn write_json<W: Write>(st: &Statement, mut w: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, st)?;
    writeln!(w)
}

/// Writes the statement as plain text: the heading, day by day, the month's items, the other
/// notes, the rules applied and their sources.
pub fn write_text<W: Write>(st: &Statement, l: Lang, mut w: W) -> io::Result<()> {
    heading(st, l, &mut w)?;
    writeln!(w)?;
    writeln!(w, "{}", l.pick("GIORNO PER GIORNO", "DAY BY DAY"))?;
    writeln!(w, "{}", "-".repeat(78))?;
    if st.days.is_empty() {
        writeln!(
            w,
            "{}",
            l.pick("Nessun giorno con attività di sportello o su Teams.", "No day with counter or Teams activity.")
        )?;
    } else {
        writeln!(w, "{}", legend(st, l))?;
    }
    for day in &st.days {
        writeln!(w)?;
        day_lines(st, day, l, &mut w)?;
    }
    writeln!(w)?;
    month_lines(st, l, &mut w)?;
    let others: Vec<&Note> = st.other_notes().collect();
    if !others.is_empty() {
        writeln!(w)?;
        writeln!(w, "{}", l.pick("ALTRE SEGNALAZIONI", "OTHER NOTES"))?;
        writeln!(w, "{}", "-".repeat(78))?;
        for n in others {
            writeln!(w, "! {}", note_line(st, n, l))?;
        }
    }
    writeln!(w)?;
    rules(st, l, &mut w)?;
    writeln!(w)?;
    writeln!(w, "{}", privacy_line(l))
}

/// Who, when, under which rules, with which warnings, and the month's total.
fn heading<W: Write>(st: &Statement, l: Lang, w: &mut W) -> io::Result<()> {
    writeln!(
        w,
        "{}",
        l.pick(
            "PROSPETTO INDIVIDUALE — maggiorazione oraria di sportello",
            "INDIVIDUAL STATEMENT — front-office allowance"
        )
    )?;
    writeln!(w, "{}", "=".repeat(78))?;
    writeln!(w, "{}: {} {}", l.pick("Dipendente", "Employee"), st.employee_id, st.full_name)?;
    writeln!(
        w,
        "{}: {}   {}: {}",
        l.pick("Sede", "Office"),
        if st.office.is_empty() { "—" } else { &st.office },
        l.pick("Orario", "Working time"),
        working_time(st, l)
    )?;
    let period = st.period();
    writeln!(w, "{}: {} ({})", l.pick("Mese", "Month"), l.month_name(period.year, period.month), st.month)?;
    for u in &st.rule_sets {
        writeln!(w, "{}: {}", l.pick("Regole", "Rule set"), rule_set_line(u, l))?;
    }
    if st.rule_sets.is_empty() {
        writeln!(w, "{}", l.pick("Nessuna regola governa questo mese.", "No rule set governs this month."))?;
    }
    if !st.folder.is_empty() {
        writeln!(w, "{}: {}", l.pick("Cartella dei file", "Files in"), st.folder)?;
    }
    if let Some(d) = st.issued {
        writeln!(w, "{}: {}", l.pick("Emesso il", "Issued on"), l.date(d))?;
    }
    if st.scenario {
        writeln!(w, "*** {} ***", scenario_mark(l))?;
    }
    if let Some(mark) = errors_mark(st, l) {
        writeln!(w, "*** {mark} ***")?;
    }
    for u in &st.rule_sets {
        for (clause, why) in u.rule_set.provisional_marks() {
            let clause = super::statement_words::clause_name(clause, l);
            writeln!(w, "*** {} [{}, {clause}]: {}", l.pick("PROVVISORIO", "PROVISIONAL"), u.rule_set.id, why.pick(l))?;
        }
    }
    writeln!(w, "{}: {}", l.pick("TOTALE DEL MESE", "MONTH TOTAL"), l.euro(st.total_eur))
}

/// One day: each channel's `+` lines, `−` lines and `=` line, the figures in one column; then
/// the day's notes its lines do not already say.
fn day_lines<W: Write>(st: &Statement, day: &DayTrace, l: Lang, w: &mut W) -> io::Result<()> {
    writeln!(w, "{} — {}", l.day(day.date), day.ruleset.as_deref().unwrap_or(l.pick("nessuna regola", "no rule set")))?;
    for (channel, remote) in [(&day.in_person, false), (&day.remote, true)] {
        let view = ChannelView::of(channel, remote);
        if view.is_empty() {
            continue;
        }
        let secs = !view.whole_minutes();
        writeln!(w, "  {}", channel_heading(&view, l))?;
        for p in &view.plus {
            let what = format!("{} — {}", recorded(&p.what, l), st.short(&p.source));
            writeln!(w, "    + {:<19} {:>8}  {what}", p.span, duration(p.seconds, secs))?;
        }
        for m in &view.minus {
            // One interval goes in the column of intervals; several are listed after the reason.
            let (span, more) = match m.spans.as_slice() {
                [one] => (one.as_str(), String::new()),
                many => ("", format!(": {}", many.join(", "))),
            };
            let rows = if m.rows.is_empty() { String::new() } else { format!(" [{}]", st.short(&m.rows)) };
            // The channel's own clause goes without saying (the legend says so); another is named.
            let own = if remote { "remote" } else { "in_person" };
            let clause = if m.clause.clause == own {
                String::new()
            } else {
                format!(" — {}", super::statement_words::clause_short(&m.clause, l))
            };
            let words = minus_words(m, remote, l);
            writeln!(w, "    − {span:<19} {:>8}  {words}{more}{rows}{clause}", duration(m.seconds, secs))?;
        }
        writeln!(w, "    = {:<19} {:>8}  {}", "", duration(view.before, secs), equals_words(&view, l))?;
    }
    for n in st.notes_shown_apart(day) {
        writeln!(w, "  ! {}", note_line(st, n, l))?;
    }
    Ok(())
}

/// The month: each payroll item with its minutes, rate and amount, and the total.
fn month_lines<W: Write>(st: &Statement, l: Lang, w: &mut W) -> io::Result<()> {
    writeln!(w, "{}", l.pick("IL MESE", "THE MONTH"))?;
    writeln!(w, "{}", "-".repeat(78))?;
    if st.items.is_empty() {
        writeln!(w, "{}", l.pick("Nessuna voce da pagare.", "Nothing to pay."))?;
    }
    for item in &st.items {
        let set = st.rule_set(&item.ruleset);
        writeln!(w, "{} — {}", item.item, item.ruleset)?;
        writeln!(w, "  {}", minutes_line(st, item, set, l))?;
        writeln!(w, "  {}: {}", l.pick("tariffa", "rate"), rate_line(st, item, l))?;
        writeln!(w, "  {}: {}", l.pick("importo", "amount"), amount_line(item, l))?;
    }
    writeln!(w, "{}: {}", l.pick("TOTALE", "TOTAL"), l.euro(st.total_eur))
}

/// The rule sets applied, clause by clause with their notes, and the sources they cite.
fn rules<W: Write>(st: &Statement, l: Lang, w: &mut W) -> io::Result<()> {
    writeln!(w, "{}", l.pick("LE REGOLE APPLICATE", "THE RULES APPLIED"))?;
    writeln!(w, "{}", "-".repeat(78))?;
    for u in &st.rule_sets {
        writeln!(w, "{} — {}", u.rule_set.id, u.rule_set.title.pick(l))?;
        for c in clause_lines(&u.rule_set, l) {
            writeln!(w, "  {}: {} [{}]", c.name, c.text, c.reference)?;
            if let Some(note) = &c.note {
                writeln!(w, "    {note}")?;
            }
        }
    }
    if !st.sources.is_empty() {
        writeln!(w)?;
        writeln!(w, "{}", l.pick("FONTI", "SOURCES"))?;
        for c in &st.sources {
            let url = c.url.as_deref().map(|u| format!(" <{u}>")).unwrap_or_default();
            writeln!(w, "  [{}] {}{url}", c.key, c.title)?;
        }
    }
    Ok(())
}
