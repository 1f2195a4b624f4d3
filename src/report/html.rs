//! The statement as one self-contained HTML page: inline CSS and SVG, no script, no external
//! asset, printable on A4. Every text that comes from data is escaped.
//!
//! The page says so to the browser too: its Content-Security-Policy ([`CSP`]) forbids scripts
//! and every load from elsewhere, and a rule file's source address becomes a link only when it
//! is a web address ([`web_address`]): a rule folder given with `--rules` is data, and a
//! `javascript:` or `data:` address in it must not become something a click runs.

use std::fmt::{self, Write as _};
use std::io;

use crate::money::{format_cents, format_rate};

use super::statement::{
    amount_line, channel_heading, clause_lines, counted_line, day_shows, errors_mark, minutes_line, privacy_line,
    reason, rule_set_line, scenario_mark, status_text, ChannelView, DaySummary, Note, Statement,
};
use super::{minutes_text, Lang};

/// Escapes text for HTML content and attribute values: `& < > " '`.
///
/// ```
/// assert_eq!(sportello::report::escape("<b>\"R&D\"</b>"), "&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page's Content-Security-Policy: nothing may load or run (`default-src 'none'`, which
/// covers scripts, frames, fonts, forms' targets aside, and every fetch) but the page's own
/// inline style and `data:` images. The page needs nothing else: its CSS is inline, its chart is
/// inline SVG whose patterns are referenced within the page.
pub(crate) const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// The address to link to, when `url` is a web address: its scheme is `http` or `https`
/// (either case, after trimming). Anything else (`javascript:`, `data:`, a relative path) is
/// `None`: shown as text, never as a link.
fn web_address(url: &str) -> Option<&str> {
    let u = url.trim();
    let (scheme, _) = u.split_once(':')?;
    (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")).then_some(u)
}

/// Shorthand.
fn e(text: &str) -> String {
    escape(text)
}

/// `4:05` (hours and minutes, seconds floored).
fn hm(seconds: i64) -> String {
    let m = seconds.max(0) / 60;
    format!("{}:{:02}", m / 60, m % 60)
}

const CSS: &str = r#"
@page { size: A4; margin: 12mm 11mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 13px; line-height: 1.35;
  color: #1a1a1a; max-width: 1160px; margin: 18px auto; padding: 0 20px; }
h1 { font-size: 24px; margin: 0; color: #13395e; }
h2 { font-size: 16px; margin: 22px 0 8px; color: #13395e; border-bottom: 2px solid #13395e; padding-bottom: 3px; }
.sub { margin: 2px 0 12px; color: #444; font-size: 14px; }
.top { display: flex; gap: 18px; align-items: stretch; }
table { border-collapse: collapse; width: 100%; }
.meta { flex: 1; }
.meta th { text-align: left; font-weight: normal; color: #555; width: 110px; vertical-align: top; padding: 2px 8px 2px 0; }
.meta td { padding: 2px 0; vertical-align: top; }
.totalbox { min-width: 230px; border: 2px solid #13395e; border-radius: 6px; padding: 10px 14px; text-align: right; }
.totalbox .label { color: #555; }
.totalbox .amount { font-size: 30px; font-weight: bold; color: #13395e; white-space: nowrap; }
.totalbox .rows { font-size: 12px; color: #444; }
.mark { border: 2px solid; border-radius: 6px; padding: 6px 10px; margin: 10px 0 0; font-weight: bold; }
.mark ul { margin: 4px 0 0 18px; padding: 0; font-weight: normal; }
.errors { border-color: #b3261e; color: #b3261e; background: #fff; }
.scenario { border-color: #b3261e; color: #b3261e; background: #fdecea; }
.provisional { border-color: #a86400; color: #6b4000; background: #fff4e0; }
.badge { display: inline-block; font-size: 11px; font-weight: bold; padding: 0 5px; border-radius: 3px; }
.badge.in_force { background: #e3ecf5; color: #13395e; }
.badge.scenario, .badge.draft { background: #b3261e; color: #fff; }
svg.chart { width: 100%; height: auto; display: block; }
.monthsum { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 4px 0 0; font-size: 12.5px; }
.days th, .items th { background: #e3ecf5; color: #13395e; text-align: left; font-size: 12px; padding: 4px 6px; border-bottom: 1px solid #9fb6cf; }
.days td, .items td { padding: 4px 6px; border-bottom: 1px solid #d5dde6; vertical-align: top; font-size: 12px; }
.days tr, .items tr { break-inside: avoid; }
thead { display: table-header-group; }
.days .day { white-space: nowrap; font-weight: bold; }
.days .set { font-weight: normal; color: #555; font-size: 11px; }
.nw { white-space: nowrap; }
.days col.c-day { width: 13%; } .days col.c-rec { width: 37%; } .days col.c-not { width: 34%; } .days col.c-num { width: 8%; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.ch { font-size: 11px; color: #555; margin-top: 2px; }
.ch:first-child { margin-top: 0; }
.ch b { color: #13395e; }
.ln { padding-left: 8px; }
.rm { color: #8a1c14; }
.code { font-family: "DejaVu Sans Mono", monospace; font-size: 10.5px; background: #f3f3f3; padding: 0 3px; border-radius: 2px; color: #333; }
.src { color: #555; font-size: 11px; }
.note { color: #6b4000; font-size: 11px; }
.items td.how { font-size: 11px; color: #333; }
.items td.set { white-space: nowrap; }
.items tfoot td { font-weight: bold; font-size: 14px; border-top: 2px solid #13395e; border-bottom: none; }
.clauses td, .clauses th { padding: 2px 6px; vertical-align: top; font-size: 12px; text-align: left; }
.clauses th { font-weight: normal; color: #555; white-space: nowrap; }
.ref { color: #666; font-size: 11px; }
ul.notes, ul.sources { margin: 0; padding-left: 18px; font-size: 12px; }
footer { margin-top: 22px; font-size: 11px; color: #555; border-top: 1px solid #ccc; padding-top: 6px; }
a { color: #13395e; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  section.chart { break-inside: avoid; }
}
"#;

/// Writes the statement page.
pub(super) fn statement<W: io::Write>(st: &Statement, l: Lang, mut w: W) -> io::Result<()> {
    let mut s = String::new();
    render(st, l, &mut s).map_err(|_| io::Error::other("cannot format the statement"))?;
    w.write_all(s.as_bytes())?;
    w.flush()
}

fn render(st: &Statement, l: Lang, s: &mut String) -> fmt::Result {
    let period = st.period();
    let month_name = l.month_name(period.year, period.month);
    let total = l.number(&format_cents(st.total_eur));
    writeln!(s, "<!DOCTYPE html>")?;
    writeln!(s, "<html lang=\"{}\">", l.code())?;
    writeln!(s, "<head>\n<meta charset=\"utf-8\">")?;
    writeln!(s, "<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">")?;
    writeln!(s, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")?;
    writeln!(s, "<title>{} {} — {}</title>", e(l.pick("Prospetto", "Statement")), e(&st.employee_id), e(&month_name))?;
    writeln!(s, "<style>{CSS}</style>\n</head>\n<body>")?;

    // Header.
    writeln!(s, "<header>")?;
    writeln!(s, "<h1>{}</h1>", l.pick("Prospetto individuale", "Individual statement"))?;
    writeln!(
        s,
        "<p class=\"sub\">{} — {}</p>",
        l.pick("Maggiorazione oraria di sportello (front-office)", "Hourly front-office allowance (maggiorazione)"),
        e(&month_name)
    )?;
    writeln!(s, "<div class=\"top\">\n<table class=\"meta\">")?;
    writeln!(
        s,
        "<tr><th>{}</th><td><b>{}</b> — {}</td></tr>",
        l.pick("Dipendente", "Employee"),
        e(&st.full_name),
        e(&format!("{} {}", l.pick("matricola", "employee id"), st.employee_id))
    )?;
    writeln!(
        s,
        "<tr><th>{}</th><td>{} &nbsp; · &nbsp; {} {}%</td></tr>",
        l.pick("Sede", "Office"),
        e(if st.office.is_empty() { "—" } else { &st.office }),
        l.pick("part-time", "part-time"),
        e(&l.number(&st.part_time_pct.to_string()))
    )?;
    writeln!(s, "<tr><th>{}</th><td>{} ({})</td></tr>", l.pick("Mese", "Month"), e(&month_name), e(&st.month))?;
    write!(s, "<tr><th>{}</th><td>", l.pick("Regole", "Rules"))?;
    if st.rule_sets.is_empty() {
        write!(s, "{}", l.pick("nessuna regola governa questo mese", "no rule set governs this month"))?;
    }
    for (i, u) in st.rule_sets.iter().enumerate() {
        if i > 0 {
            write!(s, "<br>")?;
        }
        write!(
            s,
            "<b>{}</b> <span class=\"badge {}\">{}</span> {} {} {} {}<br><span class=\"ref\">{}</span>",
            e(&u.rule_set.id),
            u.rule_set.status.as_str(),
            e(status_text(u.rule_set.status, l)),
            l.pick("dal", "from"),
            e(&l.day(u.first_day)),
            l.pick("al", "to"),
            e(&l.day(u.last_day)),
            e(&u.rule_set.title)
        )?;
    }
    writeln!(s, "</td></tr>\n</table>")?;
    writeln!(
        s,
        "<div class=\"totalbox\"><div class=\"label\">{}</div><div class=\"amount\">{} €</div><div class=\"rows\">{} {}</div></div>",
        l.pick("Totale del mese", "Month total"),
        e(&total),
        st.items.len(),
        if st.items.len() == 1 { l.pick("voce di cedolino", "payroll row") } else { l.pick("voci di cedolino", "payroll rows") }
    )?;
    writeln!(s, "</div>")?;
    if st.scenario {
        writeln!(s, "<p class=\"mark scenario\">{}</p>", e(scenario_mark(l)))?;
    }
    if let Some(mark) = errors_mark(st, l) {
        writeln!(s, "<p class=\"mark errors\">{}</p>", e(&mark))?;
    }
    if st.provisional {
        writeln!(
            s,
            "<div class=\"mark provisional\">{}<ul>",
            l.pick(
                "PROVVISORIO: alcuni valori non sono confermati dal testo firmato",
                "PROVISIONAL: some figures are not confirmed by the signed text"
            )
        )?;
        for u in &st.rule_sets {
            for (clause, why) in u.rule_set.provisional_marks() {
                writeln!(s, "<li><b>{} [{}]</b>: {}</li>", e(&u.rule_set.id), e(clause), e(why))?;
            }
        }
        writeln!(s, "</ul></div>")?;
    }
    writeln!(s, "</header>")?;

    // Chart.
    writeln!(
        s,
        "<section class=\"chart\">\n<h2>{}</h2>",
        l.pick("Il mese, giorno per giorno", "The month, day by day")
    )?;
    chart(&st.chart, l, s)?;
    let sum = |f: fn(&DaySummary) -> i64| st.chart.iter().map(f).sum::<i64>();
    writeln!(
        s,
        "<p class=\"monthsum\"><span>{}: <b>{} h</b></span><span>{}: <b>{} h</b></span><span>{}: <b>{} h</b></span><span>{}: <b>{} h</b></span></p>",
        l.pick("Sportello contato", "Counter, counted"),
        hm(sum(|d| d.in_person_counted_seconds)),
        l.pick("Sportello non contato", "Counter, not counted"),
        hm(sum(|d| d.in_person_not_counted_seconds)),
        l.pick("Teams contato", "Teams, counted"),
        hm(sum(|d| d.remote_counted_seconds)),
        l.pick("Teams non contato", "Teams, not counted"),
        hm(sum(|d| d.remote_not_counted_seconds)),
    )?;
    writeln!(s, "</section>")?;

    // Days.
    writeln!(
        s,
        "<section>\n<h2>{}</h2>",
        l.pick("Giorno per giorno: che cosa è stato contato", "Day by day: what was counted")
    )?;
    if st.days.is_empty() {
        writeln!(
            s,
            "<p>{}</p>",
            l.pick("Nessun giorno con attività di sportello o su Teams.", "No day with counter or Teams activity.")
        )?;
    } else {
        writeln!(
            s,
            "<table class=\"days\"><colgroup><col class=\"c-day\"><col class=\"c-rec\"><col class=\"c-not\"><col class=\"c-num\"><col class=\"c-num\"></colgroup><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
            l.pick("Giorno", "Day"),
            l.pick("Tempo registrato (fonte)", "Time recorded (source)"),
            l.pick("Non contato: perché, clausola", "Not counted: why, clause"),
            l.pick("Sportello min<br>prima → dopo", "Counter min<br>before → after"),
            l.pick("Teams min<br>prima → dopo", "Teams min<br>before → after"),
        )?;
        for day in &st.days {
            let set = day.ruleset.as_deref().and_then(|id| st.rule_set(id));
            write!(
                s,
                "<tr><td class=\"day\">{}<br><span class=\"set\">{}</span></td>",
                e(&l.day(day.date)),
                e(day.ruleset.as_deref().unwrap_or(l.pick("nessuna regola", "no rule set")))
            )?;
            let views = [
                (&day.in_person, false, ChannelView::of(&day.in_person, false, set, l)),
                (&day.remote, true, ChannelView::of(&day.remote, true, set, l)),
            ];
            write!(s, "<td>")?;
            for (c, is_remote, v) in &views {
                if v.is_empty() {
                    continue;
                }
                let (name, item, clause) = channel_heading(c, *is_remote, set, l);
                write!(
                    s,
                    "<div class=\"ch\"><b>{}</b> · {} · <span class=\"ref\">{}</span></div>",
                    e(name),
                    e(&item),
                    e(&clause)
                )?;
                for line in &v.sources {
                    // `front_office MFOF — attendance.csv:12`: the first part kept on one line.
                    let (what, file) = line.source.split_once(" — ").unwrap_or((line.source.as_str(), ""));
                    write!(
                        s,
                        "<div class=\"ln\">{} · {} · <span class=\"src\"><span class=\"nw\">{}</span>{}</span></div>",
                        e(&line.span),
                        e(&line.minutes),
                        e(what),
                        if file.is_empty() { String::new() } else { format!(" — {}", e(file)) }
                    )?;
                }
            }
            write!(s, "</td><td>")?;
            for (_, _, v) in &views {
                for line in &v.removed {
                    let code = if line.code.is_empty() {
                        String::new()
                    } else {
                        format!("<span class=\"code\">{}</span> ", e(&line.code))
                    };
                    let clause = if line.clause.is_empty() {
                        String::new()
                    } else {
                        format!(" <span class=\"ref\">{}</span>", e(&line.clause))
                    };
                    write!(
                        s,
                        "<div class=\"rm\">{} · {} · {code}{}{clause}</div>",
                        short_spans(&line.span),
                        e(&line.minutes),
                        e(reason(&line.code, l))
                    )?;
                }
            }
            for n in st.notes_on(day.date).filter(|n| !day_shows(day, n)) {
                write!(s, "<div class=\"note\">{}</div>", note_html(n))?;
            }
            write!(s, "</td>")?;
            for (c, _, v) in &views {
                if c.item.is_none() || (v.is_empty() && c.seconds == 0) {
                    write!(s, "<td class=\"num\">—</td>")?;
                } else {
                    write!(
                        s,
                        "<td class=\"num\" title=\"{}\">{} → <b>{}</b></td>",
                        e(&counted_line(c, set, l)),
                        e(&short_minutes(c.seconds)),
                        e(&short_minutes(c.counted_seconds))
                    )?;
                }
            }
            writeln!(s, "</tr>")?;
        }
        writeln!(s, "</tbody></table>")?;
    }
    writeln!(s, "</section>")?;

    // Items.
    writeln!(s, "<section>\n<h2>{}</h2>", l.pick("Il mese: voci, tariffa, importo", "The month: items, rate, amount"))?;
    writeln!(
        s,
        "<table class=\"items\"><thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        l.pick("Voce", "Item"),
        l.pick("Regole", "Rule set"),
        l.pick("Giorni", "Days"),
        l.pick("Minuti", "Minutes"),
        l.pick("Ore", "Hours"),
        l.pick("Tariffa €/h", "Rate €/h"),
        l.pick("Come", "How"),
        l.pick("Importo €", "Amount €"),
    )?;
    for item in &st.items {
        let set = st.rule_set(&item.ruleset);
        writeln!(
            s,
            "<tr><td><b>{}</b></td><td class=\"set\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"how\">{}<br>{}: {}<br>{}</td><td class=\"num\"><b>{}</b></td></tr>",
            e(&item.item),
            e(&item.ruleset),
            item.days,
            item.minutes,
            e(&l.number(&format_cents(item.hours))),
            e(&l.number(&format_rate(item.rate.rate_eur_per_hour))),
            e(&minutes_line(st, item, set, l)),
            l.pick("tariffa", "rate"),
            e(&format!("{} — {}", item.rate.how, item.rate.clauses.join("; "))),
            e(&amount_line(item, set, l)),
            e(&l.number(&format_cents(item.amount_eur))),
        )?;
    }
    if st.items.is_empty() {
        writeln!(s, "<tr><td colspan=\"8\">{}</td></tr>", l.pick("Nessuna voce da pagare.", "Nothing to pay."))?;
    }
    writeln!(
        s,
        "</tbody><tfoot><tr><td colspan=\"7\">{}</td><td class=\"num\">{} €</td></tr></tfoot></table>",
        l.pick("Totale del mese (uguale al file paghe)", "Month total (equal to the payroll file)"),
        e(&total)
    )?;
    writeln!(s, "</section>")?;

    // Other notes.
    let others: Vec<&Note> = st.other_notes().collect();
    if !others.is_empty() {
        writeln!(s, "<section>\n<h2>{}</h2>\n<ul class=\"notes\">", l.pick("Altre segnalazioni", "Other notes"))?;
        for n in others {
            writeln!(s, "<li>{}</li>", note_html(n))?;
        }
        writeln!(s, "</ul>\n</section>")?;
    }

    // Rules and sources.
    writeln!(s, "<section>\n<h2>{}</h2>", l.pick("Le regole applicate", "The rules applied"))?;
    for u in &st.rule_sets {
        writeln!(s, "<p><b>{}</b></p>", e(&rule_set_line(u, l)))?;
        writeln!(s, "<table class=\"clauses\">")?;
        for (name, text, reference) in clause_lines(&u.rule_set, l) {
            writeln!(
                s,
                "<tr><th>{}</th><td>{} <span class=\"ref\">[{}]</span></td></tr>",
                e(name),
                e(&text),
                e(&reference)
            )?;
        }
        writeln!(s, "</table>")?;
    }
    if !st.sources.is_empty() {
        writeln!(s, "<h2>{}</h2>\n<ul class=\"sources\">", l.pick("Fonti citate", "Sources cited"))?;
        for c in &st.sources {
            let date = c.date.as_deref().map(|d| format!(" ({})", e(d))).unwrap_or_default();
            let url = c
                .url
                .as_deref()
                .map(|u| match web_address(u) {
                    Some(web) => format!(" — <a href=\"{0}\">{0}</a>", e(web)),
                    None => format!(" — {}", e(u)),
                })
                .unwrap_or_default();
            writeln!(s, "<li><b>{}</b>: {}{date}{url}</li>", e(&c.key), e(&c.title))?;
        }
        writeln!(s, "</ul>")?;
    }
    writeln!(s, "</section>")?;
    writeln!(
        s,
        "<footer>{} {} sportello {}.</footer>",
        e(privacy_line(l)),
        l.pick(
            "Il totale è la somma delle righe del file paghe di questo dipendente, prodotte dallo stesso calcolo. Generato da",
            "The total is the sum of this employee's rows in the payroll file, made by the same calculation. Made by"
        ),
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(s, "</body>\n</html>")?;
    Ok(())
}

/// A list of spans, the first three shown and the whole list in a tooltip.
fn short_spans(spans: &str) -> String {
    let parts: Vec<&str> = spans.split(", ").collect();
    if parts.len() <= 3 {
        return e(spans);
    }
    format!("<span title=\"{}\">{} … (+{})</span>", e(spans), e(&parts[..3].join(", ")), parts.len() - 3)
}

fn note_html(n: &Note) -> String {
    let src = n.source.as_deref().map(|s| format!(" <span class=\"src\">{}</span>", e(s))).unwrap_or_default();
    format!("<span class=\"code\">{}</span> {}{src}: {}", e(n.code.as_str()), e(n.severity.as_str()), e(&n.message))
}

/// `240` or `239½`-style minutes for the table: whole minutes, or minutes and seconds.
fn short_minutes(seconds: i64) -> String {
    if seconds % 60 == 0 {
        (seconds / 60).to_string()
    } else {
        minutes_text(seconds).replace(" min", "′").replace(" s", "″")
    }
}

/// The month's bar chart, in integer SVG coordinates.
fn chart(days: &[DaySummary], l: Lang, s: &mut String) -> fmt::Result {
    const SLOT: i64 = 30;
    const BAR: i64 = 20;
    const LEFT: i64 = 44;
    const TOP: i64 = 10;
    const PLOT_H: i64 = 190;
    let n = i64::try_from(days.len()).unwrap_or(31).max(1);
    let width = LEFT + SLOT * n + 8;
    let legend_y = TOP + PLOT_H + 44;
    let height = legend_y + 16;
    let total = |d: &DaySummary| {
        d.in_person_counted_seconds
            + d.in_person_not_counted_seconds
            + d.remote_counted_seconds
            + d.remote_not_counted_seconds
    };
    let max_seconds = days.iter().map(total).max().unwrap_or(0);
    let hours = ((max_seconds + 3599) / 3600).max(4);
    let step = if hours > 16 {
        4
    } else if hours > 8 {
        2
    } else {
        1
    };
    let hours = (hours + step - 1) / step * step;
    let full = hours * 3600;
    let px = |sec: i64| sec * PLOT_H / full;

    writeln!(
        s,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">",
        e(l.pick(
            "Ore per giorno: sportello contato e non contato, Teams contato e non contato",
            "Hours per day: counter counted and not counted, Teams counted and not counted"
        ))
    )?;
    writeln!(
        s,
        "<defs><pattern id=\"h-ip\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#dbe5f1\"/><rect width=\"2\" height=\"6\" fill=\"#1f4e79\"/></pattern><pattern id=\"h-rm\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fde3cf\"/><rect width=\"2\" height=\"6\" fill=\"#c4510a\"/></pattern></defs>"
    )?;
    // Weekends and grid.
    for (i, d) in days.iter().enumerate() {
        let i = i64::try_from(i).unwrap_or(0);
        if matches!(l.weekday(d.date), "sab" | "dom" | "Sat" | "Sun") {
            writeln!(
                s,
                "<rect x=\"{}\" y=\"{TOP}\" width=\"{SLOT}\" height=\"{PLOT_H}\" fill=\"#f0f0f0\"/>",
                LEFT + i * SLOT
            )?;
        }
    }
    let mut h = 0;
    while h <= hours {
        let y = TOP + PLOT_H - px(h * 3600);
        writeln!(
            s,
            "<line x1=\"{LEFT}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"1\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">{h} h</text>",
            LEFT + SLOT * n,
            if h == 0 { "#888" } else { "#ddd" },
            LEFT - 6,
            y + 4
        )?;
        h += step;
    }
    // Bars.
    for (i, d) in days.iter().enumerate() {
        let i = i64::try_from(i).unwrap_or(0);
        let x = LEFT + i * SLOT + (SLOT - BAR) / 2;
        let mut y = TOP + PLOT_H;
        let day = l.day(d.date);
        for (sec, fill, label) in [
            (d.in_person_counted_seconds, "#1f4e79", l.pick("sportello contato", "counter, counted")),
            (d.in_person_not_counted_seconds, "url(#h-ip)", l.pick("sportello non contato", "counter, not counted")),
            (d.remote_counted_seconds, "#2e8b57", l.pick("Teams contato", "Teams, counted")),
            (d.remote_not_counted_seconds, "url(#h-rm)", l.pick("Teams non contato", "Teams, not counted")),
        ] {
            let hpx = px(sec);
            if sec <= 0 {
                continue;
            }
            let hpx = hpx.max(1);
            y -= hpx;
            writeln!(
                s,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{BAR}\" height=\"{hpx}\" fill=\"{fill}\"><title>{}: {} {}</title></rect>",
                e(&day),
                e(label),
                e(&minutes_text(sec))
            )?;
        }
        let weekend = matches!(l.weekday(d.date), "sab" | "dom" | "Sat" | "Sun");
        writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{}\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#888\">{}</text>",
            x + BAR / 2,
            TOP + PLOT_H + 14,
            if weekend { "#999" } else { "#222" },
            d.date.format("%-d"),
            x + BAR / 2,
            TOP + PLOT_H + 25,
            e(l.weekday(d.date))
        )?;
    }
    // Legend.
    let mut x = LEFT;
    for (fill, label) in [
        ("#1f4e79", l.pick("sportello contato", "counter, counted")),
        ("url(#h-ip)", l.pick("sportello registrato, non contato", "counter recorded, not counted")),
        ("#2e8b57", l.pick("Teams contato", "Teams, counted")),
        ("url(#h-rm)", l.pick("Teams registrato, non contato", "Teams recorded, not counted")),
    ] {
        writeln!(
            s,
            "<rect x=\"{x}\" y=\"{}\" width=\"14\" height=\"12\" fill=\"{fill}\" stroke=\"#666\" stroke-width=\"0.5\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#222\">{}</text>",
            legend_y - 10,
            x + 19,
            legend_y,
            e(label)
        )?;
        let chars = i64::try_from(label.chars().count()).unwrap_or(20);
        x += 19 + chars * 7 + 24;
    }
    writeln!(s, "</svg>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(escape("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
        assert_eq!(escape("Niccolò"), "Niccolò");
    }

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
    fn hours_and_minutes() {
        assert_eq!(hm(0), "0:00");
        assert_eq!(hm(3600 * 40 + 59), "40:00");
        assert_eq!(hm(245 * 60), "4:05");
        assert_eq!(short_minutes(14_670), "244′ 30″");
    }
}
