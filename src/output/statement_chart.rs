//! The geometry of the statement's bar chart: one bar per day of the month, stacked counter
//! and Teams time, counted and not; integer SVG coordinates, laid out by
//! `templates/statement_chart.html`.

use chrono::{Datelike, Weekday};

use crate::report::minutes_text;
use crate::report::statement::DaySummary;

use super::Lang;

/// The width of a day's slot.
const SLOT: i64 = 30;
/// The width of a bar.
const BAR: i64 = 20;
/// The room for the hours' labels, left of the plot.
const LEFT: i64 = 44;
/// The plot's top.
const TOP: i64 = 10;
/// The plot's height.
const PLOT_H: i64 = 84;

/// The chart of a month.
pub struct Chart {
    /// The view box's width.
    pub width: i64,
    /// The view box's height.
    pub height: i64,
    /// The width of a day's slot (the layout's constants are fields for the template).
    pub slot: i64,
    /// The width of a bar.
    pub bar: i64,
    /// The plot's left edge (the room for the hours' labels is left of it).
    pub left: i64,
    /// The plot's top.
    pub top: i64,
    /// The plot's height.
    pub plot_h: i64,
    /// The plot's right edge.
    pub right: i64,
    /// The baseline of the legend's text.
    pub legend_y: i64,
    /// The left edge of each weekend day's grey band.
    pub weekends: Vec<i64>,
    /// The horizontal lines, one per step of hours.
    pub grid: Vec<GridLine>,
    /// Every day of the month.
    pub days: Vec<ChartDay>,
    /// The four keys.
    pub legend: Vec<LegendKey>,
}

/// A horizontal line of the grid.
pub struct GridLine {
    /// Its height.
    pub y: i64,
    /// Its colour: darker for the baseline.
    pub stroke: &'static str,
    /// The hours it marks.
    pub hours: i64,
}

/// One day's bar and labels.
pub struct ChartDay {
    /// The bar's left edge.
    pub x: i64,
    /// The bar's middle, for the labels.
    pub middle: i64,
    /// The day in words, for the tooltips.
    pub day: String,
    /// The pieces of the bar, from the bottom.
    pub bars: Vec<BarPiece>,
    /// The day of the month.
    pub number: String,
    /// Its colour: lighter on a weekend.
    pub number_fill: &'static str,
    /// The short weekday name.
    pub weekday: &'static str,
}

/// One piece of a day's bar.
pub struct BarPiece {
    /// Its top.
    pub y: i64,
    /// Its height (at least one pixel).
    pub height: i64,
    /// Its colour or pattern.
    pub fill: &'static str,
    /// What it is, in words.
    pub label: &'static str,
    /// How long, `245 min`.
    pub minutes: String,
}

/// One key of the legend.
pub struct LegendKey {
    /// Its left edge.
    pub x: i64,
    /// Its colour or pattern.
    pub fill: &'static str,
    /// What it means.
    pub label: &'static str,
}

const COUNTER: &str = "#1f4e79";
const COUNTER_LOST: &str = "url(#h-ip)";
const TEAMS: &str = "#2e8b57";
const TEAMS_LOST: &str = "url(#h-rm)";

/// The chart of the month's days.
pub fn chart(days: &[DaySummary], l: Lang) -> Chart {
    let n = i64::try_from(days.len()).unwrap_or(31).max(1);
    let legend_y = TOP + PLOT_H + 44;
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
    let scale = Scale { full: hours * 3600 };
    let grid = (0..=hours / step)
        .map(|k| k * step)
        .map(|h| GridLine {
            y: TOP + PLOT_H - scale.px(h * 3600),
            stroke: if h == 0 { "#888" } else { "#ddd" },
            hours: h,
        })
        .collect();
    let weekends =
        days.iter().zip(0..).filter(|(d, _)| is_weekend(d)).map(|(_, i): (&DaySummary, i64)| LEFT + i * SLOT).collect();
    Chart {
        width: LEFT + SLOT * n + 8,
        height: legend_y + 16,
        slot: SLOT,
        bar: BAR,
        left: LEFT,
        top: TOP,
        plot_h: PLOT_H,
        right: LEFT + SLOT * n,
        legend_y,
        weekends,
        grid,
        days: days.iter().zip(0..).map(|(d, i)| chart_day(d, i, scale, l)).collect(),
        legend: legend(l),
    }
}

/// Seconds to pixels, the plot's height being `full` seconds.
#[derive(Clone, Copy)]
struct Scale {
    full: i64,
}

impl Scale {
    fn px(self, seconds: i64) -> i64 {
        seconds * PLOT_H / self.full
    }
}

fn is_weekend(d: &DaySummary) -> bool {
    matches!(d.date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The `i`-th day's bar, stacked from the bottom, and its labels.
fn chart_day(d: &DaySummary, i: i64, scale: Scale, l: Lang) -> ChartDay {
    let x = LEFT + i * SLOT + (SLOT - BAR) / 2;
    let mut y = TOP + PLOT_H;
    let mut bars = Vec::new();
    for (sec, fill, label) in [
        (d.in_person_counted_seconds, COUNTER, l.pick("sportello contato", "counter, counted")),
        (d.in_person_not_counted_seconds, COUNTER_LOST, l.pick("sportello non contato", "counter, not counted")),
        (d.remote_counted_seconds, TEAMS, l.pick("Teams contato", "Teams, counted")),
        (d.remote_not_counted_seconds, TEAMS_LOST, l.pick("Teams non contato", "Teams, not counted")),
    ] {
        if sec <= 0 {
            continue;
        }
        let height = scale.px(sec).max(1);
        y -= height;
        bars.push(BarPiece { y, height, fill, label, minutes: minutes_text(sec) });
    }
    ChartDay {
        x,
        middle: x + BAR / 2,
        day: l.day(d.date),
        bars,
        number: d.date.format("%-d").to_string(),
        number_fill: if is_weekend(d) { "#999" } else { "#222" },
        weekday: l.weekday(d.date),
    }
}

/// The legend's keys, side by side, each as wide as its label.
fn legend(l: Lang) -> Vec<LegendKey> {
    let mut x = LEFT;
    let mut keys = Vec::new();
    for (fill, label) in [
        (COUNTER, l.pick("sportello contato", "counter, counted")),
        (COUNTER_LOST, l.pick("sportello registrato, non contato", "counter recorded, not counted")),
        (TEAMS, l.pick("Teams contato", "Teams, counted")),
        (TEAMS_LOST, l.pick("Teams registrato, non contato", "Teams recorded, not counted")),
    ] {
        keys.push(LegendKey { x, fill, label });
        let chars = i64::try_from(label.chars().count()).unwrap_or(20);
        x += 19 + chars * 7 + 24;
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(d: u32, counted: i64, lost: i64) -> DaySummary {
        DaySummary {
            date: NaiveDate::from_ymd_opt(2025, 10, d).unwrap(),
            in_person_counted_seconds: counted,
            in_person_not_counted_seconds: lost,
            remote_counted_seconds: 0,
            remote_not_counted_seconds: 0,
        }
    }

    #[test]
    fn the_scale_fits_the_longest_day_and_bars_stack_from_the_bottom() {
        // 10 hours: the axis goes to 10 in steps of 2.
        let c = chart(&[day(3, 8 * 3600, 2 * 3600), day(4, 0, 0), day(5, 30, 0)], Lang::En);
        assert_eq!(c.grid.iter().map(|g| g.hours).collect::<Vec<_>>(), [0, 2, 4, 6, 8, 10]);
        assert_eq!((c.grid[0].y, c.grid[5].y), (TOP + PLOT_H, TOP));
        assert_eq!(c.weekends, [LEFT + SLOT, LEFT + 2 * SLOT]); // Saturday 4 and Sunday 5
        let bars = &c.days[0].bars;
        assert_eq!((bars[0].height, bars[1].height), (67, 16));
        assert_eq!(bars[1].y + bars[1].height, bars[0].y);
        assert!(c.days[1].bars.is_empty());
        assert_eq!(c.days[2].bars[0].height, 1, "a short time is still seen");
        assert_eq!(c.days[1].weekday, "Sat");
    }
}
