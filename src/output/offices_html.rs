//! The office's view as one self-contained HTML page: inline CSS and SVG, no script, no external
//! asset, printable on A4, in Italian or English.
//!
//! The page is the askama template `templates/offices.html`: the month office by office, then
//! each office with a chart of its in-person counter time against its remote consultation time
//! (paid and not paid) week by week, and its weeks' table. Askama escapes every value, and the
//! page carries the statement's Content-Security-Policy ([`super::statement_html::CSP`]): nothing
//! loads, nothing runs.

use std::io;

use askama::Template;

use crate::report::offices::{Figures, Offices, Week};

use super::grid::{self, Cell, Kind};
use super::offices::{all_offices, heading, month_name, office_name, teams_note};
use super::Lang;

/// Writes the page.
pub fn write_html<W: io::Write>(v: &Offices, l: Lang, mut w: W) -> io::Result<()> {
    let page = Page::new(v, l).render().map_err(io::Error::other)?;
    w.write_all(page.as_bytes())?;
    w.flush()
}

/// What the template writes: every text already in the page's language.
#[derive(Template)]
#[template(path = "offices.html")]
struct Page {
    l: Lang,
    month_name: String,
    heading: String,
    scenario: bool,
    note: &'static str,
    items: Vec<String>,
    rows: Vec<Row>,
    total: Row,
    /// Every office together, week by week (only when there are several offices).
    overall: Option<Chart>,
    blocks: Vec<Block>,
    version: &'static str,
}

/// One line of a table: an office's (or a week's) figures as people read them.
struct Row {
    name: String,
    period: String,
    employees: String,
    with_counter: String,
    with_remote: String,
    counter: String,
    remote: String,
    remote_paid: String,
    share: String,
    amounts: Vec<String>,
    amount: String,
}

/// One office: its chart, its weeks, its month.
struct Block {
    name: String,
    chart: Chart,
    weeks: Vec<Row>,
    month: Row,
}

impl Page {
    fn new(v: &Offices, l: Lang) -> Page {
        let row_of = |name: &str, period: String, f: &Figures| row(name, period, f, l);
        let rows = v.offices.iter().map(|o| row_of(office_name(&o.office, l), String::new(), &o.month)).collect();
        let blocks = v
            .offices
            .iter()
            .enumerate()
            .map(|(i, o)| Block {
                name: office_name(&o.office, l).to_string(),
                chart: chart(&o.weeks, &format!("p{i}"), l),
                weeks: o.weeks.iter().map(|w| row_of(&w.week, days(w, l), &w.figures)).collect(),
                month: row_of(&month_name(v, l), String::new(), &o.month),
            })
            .collect();
        Page {
            l,
            month_name: month_name(v, l),
            heading: heading(v, l),
            scenario: v.scenario,
            note: teams_note(l),
            items: v.items.iter().map(|i| i.item.clone()).collect(),
            rows,
            total: row_of(all_offices(l), String::new(), &v.total),
            overall: (v.offices.len() > 1).then(|| chart(&v.weeks, "all", l)),
            blocks,
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// The days of a week in the month: `29/09–05/10` or `09-29 – 10-05`, here cut to the month.
fn days(w: &Week, l: Lang) -> String {
    match l {
        Lang::It => format!("{}–{}", w.from.format("%d/%m"), w.to.format("%d/%m")),
        Lang::En => format!("{} – {}", w.from.format("%m-%d"), w.to.format("%m-%d")),
    }
}

fn row(name: &str, period: String, f: &Figures, l: Lang) -> Row {
    let money = |d| grid::people_text(&Cell::Dec(d), Kind::Money, l);
    let n = |c: usize| grid::people_text(&super::payroll::count(c), Kind::Count, l);
    Row {
        name: name.to_string(),
        period,
        employees: n(f.employees),
        with_counter: n(f.employees_counter),
        with_remote: n(f.employees_remote),
        counter: l.hm(f.counter_minutes),
        remote: l.hm(f.remote_minutes),
        remote_paid: l.hm(f.remote_paid_minutes),
        share: f.remote_share.map_or("—".to_string(), |s| grid::people_text(&Cell::Dec(s), Kind::Share, l)),
        amounts: f.amounts.iter().map(|a| money(a.amount_eur)).collect(),
        amount: money(f.amount_eur),
    }
}

/// The room for the hours' labels, left of the plot.
const LEFT: i64 = 52;
/// The plot's top.
const TOP: i64 = 16;
/// The plot's height.
const PLOT_H: i64 = 170;
/// The width of a week's slot.
const SLOT: i64 = 120;
/// The width of a bar.
const BAR: i64 = 36;
/// The space between a week's two bars.
const GAP: i64 = 6;

const COUNTER: &str = "#1f4e79";
const TEAMS_PAID: &str = "#2e8b57";

/// A chart of weeks: for each, a bar of counter time and a bar of remote time (paid, and not
/// paid above it), in integer SVG coordinates.
struct Chart {
    width: i64,
    height: i64,
    left: i64,
    right: i64,
    top: i64,
    plot_h: i64,
    /// The hatch pattern's id, unique in the page.
    pattern: String,
    grid: Vec<GridLine>,
    weeks: Vec<ChartWeek>,
    legend: Vec<LegendKey>,
    legend_y: i64,
    label: &'static str,
}

struct GridLine {
    y: i64,
    hours: i64,
    stroke: &'static str,
}

struct ChartWeek {
    middle: i64,
    week: String,
    days: String,
    bars: Vec<Bar>,
    /// The hours written above each bar: x, y, text.
    values: Vec<(i64, i64, String)>,
}

struct Bar {
    x: i64,
    y: i64,
    height: i64,
    fill: String,
    title: String,
}

struct LegendKey {
    x: i64,
    fill: String,
    label: &'static str,
}

/// The hours of the plot's top and the step of its lines: the smallest of 1, 2, 5, 10, 20, 50…
/// hours that draws at most five lines above the baseline.
fn axis(max_minutes: i64) -> (i64, i64) {
    let hours = ((max_minutes + 59) / 60).max(1);
    let mut step = 1;
    let mut k = 0;
    while (hours + step - 1) / step > 5 {
        step = [1, 2, 5][(k + 1) % 3] * 10i64.pow(u32::try_from((k + 1) / 3).unwrap_or(0));
        k += 1;
    }
    ((hours + step - 1) / step * step, step)
}

/// The chart of `weeks`; `pattern` names its hatch.
fn chart(weeks: &[Week], pattern: &str, l: Lang) -> Chart {
    let n = i64::try_from(weeks.len()).unwrap_or(6).max(1);
    let unpaid = |f: &Figures| (f.remote_minutes - f.remote_paid_minutes).max(0);
    let max = weeks
        .iter()
        .map(|w| w.figures.counter_minutes.max(w.figures.remote_paid_minutes + unpaid(&w.figures)))
        .max()
        .unwrap_or(0);
    let (top_hours, step) = axis(max);
    let px = |minutes: i64| minutes * PLOT_H / (top_hours * 60);
    let grid = (0..=top_hours / step)
        .map(|k| k * step)
        .map(|h| GridLine { y: TOP + PLOT_H - px(h * 60), hours: h, stroke: if h == 0 { "#888" } else { "#ddd" } })
        .collect();
    let hatch = format!("url(#{pattern})");
    let keys: [(&str, &'static str); 3] = [
        (COUNTER, l.pick("sportello (contato)", "counter (counted)")),
        (TEAMS_PAID, l.pick("Teams pagato", "Teams, paid")),
        (&hatch, l.pick("Teams non pagato", "Teams, not paid")),
    ];
    let mut legend = Vec::new();
    let mut x = LEFT;
    for (fill, label) in keys {
        legend.push(LegendKey { x, fill: fill.to_string(), label });
        x += 19 + i64::try_from(label.chars().count()).unwrap_or(20) * 7 + 24;
    }
    let legend_y = TOP + PLOT_H + 52;
    let weeks = weeks.iter().zip(0..).map(|(w, i)| chart_week(w, i, &px, &hatch, l)).collect();
    Chart {
        width: (LEFT + SLOT * n + 8).max(x),
        height: legend_y + 14,
        left: LEFT,
        right: LEFT + SLOT * n,
        top: TOP,
        plot_h: PLOT_H,
        pattern: pattern.to_string(),
        grid,
        weeks,
        legend,
        legend_y,
        label: l.pick(
            "Ore per settimana: sportello contro Teams, pagato e non pagato",
            "Hours per week: counter against Teams, paid and not paid",
        ),
    }
}

/// The `i`-th week's two bars and labels.
fn chart_week(w: &Week, i: i64, px: &dyn Fn(i64) -> i64, hatch: &str, l: Lang) -> ChartWeek {
    let f = &w.figures;
    let x0 = LEFT + i * SLOT + (SLOT - 2 * BAR - GAP) / 2;
    let base = TOP + PLOT_H;
    let mut bars = Vec::new();
    let mut values = Vec::new();
    let mut stack = |x: i64, pieces: &[(i64, &str, &str)]| {
        let mut y = base;
        for (minutes, fill, what) in pieces {
            if *minutes <= 0 {
                continue;
            }
            let height = px(*minutes).max(1);
            y -= height;
            let title = format!("{}: {what} {} h", w.week, l.hm(*minutes));
            bars.push(Bar { x, y, height, fill: (*fill).to_string(), title });
        }
        let all: i64 = pieces.iter().map(|p| p.0.max(0)).sum();
        values.push((x + BAR / 2, y - 3, l.hm(all)));
    };
    stack(x0, &[(f.counter_minutes, COUNTER, l.pick("sportello", "counter"))]);
    let unpaid = (f.remote_minutes - f.remote_paid_minutes).max(0);
    stack(
        x0 + BAR + GAP,
        &[
            (f.remote_paid_minutes, TEAMS_PAID, l.pick("Teams pagato", "Teams, paid")),
            (unpaid, hatch, l.pick("Teams non pagato", "Teams, not paid")),
        ],
    );
    ChartWeek { middle: LEFT + i * SLOT + SLOT / 2, week: w.week.clone(), days: days(w, l), bars, values }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_draws_at_most_five_lines_in_round_hours() {
        assert_eq!(axis(0), (1, 1));
        assert_eq!(axis(4 * 60), (4, 1));
        assert_eq!(axis(9 * 60 + 1), (10, 2));
        assert_eq!(axis(23 * 60), (25, 5));
        assert_eq!(axis(120 * 60), (150, 50));
        assert_eq!(axis(392 * 60 + 45), (400, 100));
    }

    #[test]
    fn the_template_writes_the_policy() {
        let template = include_str!("../../templates/offices.html");
        let csp = super::super::statement_html::CSP;
        assert!(template.contains(&format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">")));
    }
}
