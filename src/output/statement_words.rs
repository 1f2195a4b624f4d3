//! The statement's words and figures in a language: shared by the text ([`super::statement`])
//! and the page ([`super::statement_html`]), so that both say the same thing in the same words.
//!
//! The words belong to the format, not to the view: a [`Statement`] is one for every language
//! (and JSON, language-neutral, writes it as it is); each sentence here takes the [`Lang`] to
//! write it in. Under Italian no English word is left: kinds, roles, reasons, clauses and
//! severities have Italian names; anomaly codes, item codes, rule set ids and source keys are
//! identifiers and stay as they are. Numbers are written as the language writes them
//! ([`Lang::decimal`], [`Lang::euro`]); durations as `h:mm` (or `h:mm:ss` where seconds count),
//! the same in both.

use rust_decimal::Decimal;

use crate::anomaly::Severity;
use crate::attendance::Kind;
use crate::engine::trace::{ClauseRef, HourlyBase, ItemTotal, RateBasis, Reason};
use crate::money::{Rounding, RoundingMode};
use crate::report::day::{ChannelView, MinusLine, Recorded};
use crate::report::statement::{Note, RuleSetUse, Statement};
use crate::rules::{Channel, ClipTo, MoneyLevel, PartTime, RateForm, RuleSet, Status, TimeLevel, TimeRoundingMode};
use crate::sessions::Role;

use super::Lang;

/// `4:00`, or `0:15:49` when `seconds` are to be shown: a duration as hours, minutes and
/// (when asked) seconds, the same in both languages.
pub fn duration(seconds: i64, with_seconds: bool) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.abs();
    if with_seconds {
        format!("{sign}{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
    } else {
        format!("{sign}{}:{:02}", s / 3600, s % 3600 / 60)
    }
}

/// Hours as `h:mm` and as the decimal payroll writes (two decimals, half up): `9:46 (9,77 h)`.
/// Seconds below the minute are left out of `h:mm`, never out of the decimal.
pub fn hours(seconds: i64, l: Lang) -> String {
    let decimal = (Decimal::from(seconds) / Decimal::from(3600))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let mut decimal = decimal;
    decimal.rescale(2);
    format!("{} ({} h)", duration(seconds, false), l.decimal(decimal))
}

/// A whole number as the language writes it: `2.160` or `2,160`.
pub fn int(n: i64, l: Lang) -> String {
    l.decimal(Decimal::from(n))
}

/// A rate exactly, with at least two decimals: `5,325` or `5.325`.
pub fn rate_number(rate: Decimal, l: Lang) -> String {
    let mut r = rate.normalize();
    if r.scale() < 2 {
        r.rescale(2);
    }
    l.decimal(r)
}

/// An exact amount: all its decimals up to six (at least two), then `…` when there are more.
pub fn exact_text(d: Decimal, l: Lang) -> String {
    let r = d.round_dp_with_strategy(6, rust_decimal::RoundingStrategy::ToZero);
    if r == d {
        rate_number(d, l)
    } else {
        format!("{}…", rate_number(r, l))
    }
}

/// An attendance kind in words.
pub fn kind_word(k: Kind, l: Lang) -> &'static str {
    match k {
        Kind::Presence => l.pick("presenza", "presence"),
        Kind::RemoteWork => l.pick("lavoro agile", "remote work"),
        Kind::FrontOffice => l.pick("sportello", "counter"),
        Kind::Appointment => l.pick("appuntamento", "appointment"),
        Kind::Specialist => l.pick("consulenza specialistica", "specialist consultation"),
        Kind::Absence => l.pick("assenza", "absence"),
    }
}

/// A Teams role in words (as Teams names them in each language).
pub fn role_word(r: Role, l: Lang) -> &'static str {
    match r {
        Role::Organizer => l.pick("organizzatore", "organizer"),
        Role::Presenter => l.pick("relatore", "presenter"),
        Role::Attendee => l.pick("partecipante", "attendee"),
    }
}

/// A severity in words.
pub fn severity_word(s: Severity, l: Lang) -> &'static str {
    match s {
        Severity::Info => l.pick("nota", "note"),
        Severity::Warning => l.pick("avviso", "warning"),
        Severity::Error => l.pick("errore", "error"),
    }
}

/// A clause's name (its table in the rule file) in words.
pub fn clause_name(table: &str, l: Lang) -> &'static str {
    match table {
        "validity" => l.pick("validità", "validity"),
        "hourly_base" => l.pick("base oraria", "hourly base"),
        "rate" => l.pick("tariffa", "rate"),
        "in_person" => l.pick("sportello", "counter"),
        "remote" => l.pick("Teams", "Teams"),
        "overlap" => l.pick("sovrapposizione dei canali", "channel overlap"),
        "time" => l.pick("tempo", "time"),
        "money" => l.pick("importo", "amount"),
        _ => l.pick("clausola", "clause"),
    }
}

/// A clause in full: `tempo (inps-ccni-2025; fonti: engine-policy)`.
pub fn clause_ref(c: &ClauseRef, l: Lang) -> String {
    format!("{} ({}; {}: {})", clause_name(c.clause, l), c.ruleset, l.pick("fonti", "cites"), c.cites.join(", "))
}

/// A clause in short, for a line: `tempo, inps-ccni-2025`.
pub fn clause_short(c: &ClauseRef, l: Lang) -> String {
    format!("{}, {}", clause_name(c.clause, l), c.ruleset)
}

/// Why time was taken away, in words; the other channel is named from the side of the channel
/// that lost the time (`remote`: the Teams channel).
pub fn reason(r: Reason, remote: bool, l: Lang) -> &'static str {
    match r {
        Reason::KindNotPaid => l.pick("attività che queste regole non pagano", "an activity these rules do not pay"),
        Reason::RowsOverlap => l.pick(
            "righe sovrapposte: il tempo comune si conta una volta",
            "overlapping rows: the common time counts once",
        ),
        Reason::OutsidePresence => l.pick("fuori dalla presenza in sede", "outside on-site presence"),
        Reason::OutsideWorkingTime => l.pick("fuori dall'orario di lavoro", "outside working time"),
        Reason::Absence => l.pick("durante un'assenza", "during an absence"),
        Reason::NoCitizen => l.pick("collegato senza alcun cittadino", "connected with no citizen"),
        Reason::MeetingsOverlap => l.pick(
            "riunioni sovrapposte: il tempo comune si conta una volta",
            "overlapping meetings: the common time counts once",
        ),
        Reason::OtherChannel if remote => l.pick("già pagato allo sportello", "already paid at the counter"),
        Reason::OtherChannel => l.pick("già pagato su Teams", "already paid on Teams"),
        Reason::NotRecognised => l.pick("consulenza a distanza non riconosciuta", "remote consultation not recognised"),
    }
}

/// What a `+` line records: `sportello MFOF` or `riunione 4f1c…`.
pub fn recorded(what: &Recorded, l: Lang) -> String {
    match what {
        Recorded::Attendance { kind, code } => format!("{} {code}", kind_word(*kind, l)),
        Recorded::Meeting { meeting_id } => format!("{} {meeting_id}", l.pick("riunione", "meeting")),
    }
}

/// A channel's name and item: `Sportello — voce MFOF`, `Teams — non pagato`.
pub fn channel_heading(v: &ChannelView, l: Lang) -> String {
    let name = if v.remote { "Teams" } else { l.pick("Sportello", "Counter") };
    match &v.item {
        Some(item) => format!("{name} — {} {item}", l.pick("voce", "item")),
        None => format!("{name} — {}", l.pick("non pagato", "not paid")),
    }
}

/// The words of a `−` line after its figure: `collegato senza alcun cittadino (CODE)`.
pub fn minus_words(m: &MinusLine, remote: bool, l: Lang) -> String {
    let code = m.code.map(|c| format!(" ({})", c.as_str())).unwrap_or_default();
    format!("{}{code}", reason(m.reason, remote, l))
}

/// The `=` line's words after its figure: `prima dell'arrotondamento → 0:26 dopo`.
pub fn equals_words(v: &ChannelView, l: Lang) -> String {
    if v.item.is_none() {
        return l.pick("nulla da pagare", "nothing to pay").to_string();
    }
    format!(
        "{} → {} {}",
        l.pick("prima dell'arrotondamento", "before rounding"),
        duration(v.counted, v.counted % 60 != 0),
        l.pick("dopo", "after")
    )
}

/// How the rule sets of the month round a day's time, for the legend of the days:
/// `tempo (inps-ccni-2025): per difetto a 1 min per giorno e voce`.
pub fn day_rounding(st: &Statement, l: Lang) -> String {
    let mut seen: Vec<String> = Vec::new();
    for u in &st.rule_sets {
        let line = format!("{}: {}", clause_short(&(&u.rule_set.time.info).into(), l), time_text(&u.rule_set, l));
        if !seen.contains(&line) {
            seen.push(line);
        }
    }
    seen.join("; ")
}

/// `14 giorni; somma dei giorni: 9:46 (9,77 h) = 586 min` (with the month's rounding and
/// cap between the sum and the minutes, when the rule set has them).
pub fn minutes_line(st: &Statement, item: &ItemTotal, set: Option<&RuleSet>, l: Lang) -> String {
    let days = st.day_seconds(&item.item, &item.ruleset);
    let mut month = Vec::new();
    if let Some(s) = set {
        if s.time.level == TimeLevel::Month {
            month.push(format!("{} {}", l.pick("arrotondamento mensile", "monthly rounding"), unit_text(&s.time, l)));
        }
        if let Some(cap) = s.time.monthly_cap_minutes {
            month.push(format!("{} {} min", l.pick("tetto mensile", "monthly cap"), int(cap, l)));
        }
    }
    let counted = item.minutes * 60;
    let counted_text =
        format!("{} ({} h) = {} min", duration(counted, false), l.decimal(item.hours), int(item.minutes, l));
    let sum = if days == counted {
        counted_text
    } else {
        if month.is_empty() {
            month.push(l.pick("minuti interi", "whole minutes").to_string());
        }
        format!("{} → {counted_text} ({})", duration(days, days % 60 != 0), month.join(", "))
    };
    format!(
        "{} {}; {}: {sum}",
        item.days,
        if item.days == 1 { l.pick("giorno", "day") } else { l.pick("giorni", "days") },
        l.pick("somma dei giorni", "sum of the days"),
    )
}

/// The rate and how it was derived: `25% × 21,30 € (base oraria, staff.csv:9) = 5,325 €/h`.
pub fn rate_line(st: &Statement, item: &ItemTotal, l: Lang) -> String {
    let rate = format!("{} €/h", rate_number(item.rate.rate_eur_per_hour, l));
    let how = match &item.rate.basis {
        RateBasis::EurPerHour => format!("{rate} ({})", l.pick("importo orario fisso", "a flat hourly amount")),
        RateBasis::PercentOfHourlyBase { percent, base } => {
            let base = match base {
                HourlyBase::Hourly { hourly_base_eur, source } => format!(
                    "{} € ({}, {})",
                    rate_number(*hourly_base_eur, l),
                    l.pick("base oraria", "hourly base"),
                    st.short(&source.to_string())
                ),
                HourlyBase::Monthly { monthly_base_eur, divisor, rounding, base, source } => format!(
                    "({} € ÷ {} = {} €, {}; {}, {})",
                    rate_number(*monthly_base_eur, l),
                    l.decimal(*divisor),
                    l.decimal(*base),
                    rounding_text(rounding, l),
                    l.pick("retribuzione mensile", "monthly base"),
                    st.short(&source.to_string())
                ),
            };
            format!("{}% × {base} = {rate}", l.decimal(*percent))
        }
    };
    let clauses: Vec<String> = item.rate.clauses.iter().map(|c| clause_short(c, l)).collect();
    format!("{how} — {}", clauses.join("; "))
}

/// `2.160 min × 5,325 €/h ÷ 60 = 191,70 € esatti → 191,70 € (al più vicino…)`.
pub fn amount_line(item: &ItemTotal, l: Lang) -> String {
    let formula = match item.rounding.level {
        MoneyLevel::Day => l
            .pick(
                "per giorno: secondi × tariffa ÷ 3600, arrotondati e sommati",
                "per day: seconds × rate ÷ 3600, rounded, then summed",
            )
            .to_string(),
        MoneyLevel::Row => {
            format!("{} min × {} €/h ÷ 60", int(item.minutes, l), rate_number(item.rate.rate_eur_per_hour, l))
        }
    };
    format!(
        "{formula} = {} € {} → {} ({}; {})",
        exact_text(item.amount_exact, l),
        l.pick("esatti", "exact"),
        l.euro(item.amount_eur),
        money_text(item.rounding.rounding, item.rounding.level, l),
        clause_short(&item.rounding.clause, l),
    )
}

/// A rounding in words: `al più vicino, la metà per eccesso, 2 decimali`.
pub fn rounding_text(r: &Rounding, l: Lang) -> String {
    let mode = match r.mode {
        RoundingMode::HalfUp => l.pick("al più vicino, la metà per eccesso", "to the nearest, a half up"),
        RoundingMode::HalfEven => l.pick("al più vicino, la metà al pari", "to the nearest, a half to even"),
        RoundingMode::Down => l.pick("per difetto", "down"),
        RoundingMode::Up => l.pick("per eccesso", "up"),
    };
    format!(
        "{mode}, {} {}",
        r.dp,
        if r.dp == 1 { l.pick("decimale", "decimal") } else { l.pick("decimali", "decimals") }
    )
}

fn money_text(r: Rounding, level: MoneyLevel, l: Lang) -> String {
    let level = match level {
        MoneyLevel::Row => l.pick("una volta per voce", "once per row"),
        MoneyLevel::Day => l.pick("per giorno, poi sommato", "per day, then summed"),
    };
    format!("{}, {level}", rounding_text(&r, l))
}

fn unit_text(t: &crate::rules::TimeRule, l: Lang) -> String {
    let unit =
        if t.unit_seconds % 60 == 0 { format!("{} min", t.unit_seconds / 60) } else { format!("{} s", t.unit_seconds) };
    let mode = match t.mode {
        TimeRoundingMode::Down => l.pick("per difetto", "down"),
        TimeRoundingMode::Up => l.pick("per eccesso", "up"),
        TimeRoundingMode::Nearest => l.pick("al più vicino", "to the nearest"),
    };
    format!("{mode} {} {unit}", l.pick("a", "to"))
}

fn clip_text(c: ClipTo, l: Lang) -> &'static str {
    match c {
        ClipTo::Presence => l.pick("entro la presenza in sede", "within on-site presence"),
        ClipTo::WorkingTime => {
            l.pick("entro l'orario di lavoro (in sede o agile)", "within working time (on site or remote)")
        }
        ClipTo::Nothing => l.pick("senza limite di orario", "at any time"),
    }
}

/// One clause of a rule set in words: its name, what it says, its reference, and its note (in
/// the language), if any.
pub struct ClauseLine {
    /// `tempo`.
    pub name: &'static str,
    /// What it says.
    pub text: String,
    /// `tempo (inps-ccni-2025; fonti: engine-policy)`.
    pub reference: String,
    /// The rule file's note, in the language.
    pub note: Option<String>,
}

/// Each clause of a rule set in words, in the order of the rule file.
pub fn clause_lines(s: &RuleSet, l: Lang) -> Vec<ClauseLine> {
    let line = |info: &crate::rules::ClauseInfo, text: String| ClauseLine {
        name: clause_name(info.name, l),
        text,
        reference: clause_ref(&info.into(), l),
        note: info.note.as_ref().map(|n| n.pick(l).to_string()),
    };
    vec![
        line(&s.validity, validity_text(s, l)),
        line(&s.in_person.info, counter_text(s, l)),
        line(&s.remote.info, remote_text(s, l)),
        line(&s.overlap.info, overlap_text(s, l)),
        line(&s.time.info, time_text(s, l)),
        line(&s.rate.info, rate_text(s, l)),
        line(&s.hourly_base.info, base_text(s, l)),
        line(&s.money.info, money_text(s.money.rounding, s.money.level, l)),
    ]
}

fn validity_text(s: &RuleSet, l: Lang) -> String {
    let to = match s.valid_to {
        Some(d) => format!("{} {}", l.pick("al", "to"), l.day(d)),
        None => l.pick("senza scadenza", "open-ended").to_string(),
    };
    format!("{} {} {to} ({})", l.pick("dal", "from"), l.day(s.valid_from), status_text(s.status, l))
}

fn counter_text(s: &RuleSet, l: Lang) -> String {
    let kinds: Vec<&str> = s.in_person.kinds.iter().map(|k| kind_word(*k, l)).collect();
    format!(
        "{} {}: {} {}",
        l.pick("voce", "item"),
        s.in_person.item,
        kinds.join(", "),
        clip_text(s.in_person.clip_to, l)
    )
}

fn remote_text(s: &RuleSet, l: Lang) -> String {
    let Some(t) = &s.remote.terms else {
        return l.pick("consulenza su Teams non riconosciuta", "Teams consultation not recognised").to_string();
    };
    let roles: Vec<&str> = t.roles.iter().map(|r| role_word(*r, l)).collect();
    format!(
        "{} {}: {} {} {}; {} {} s {}; {} {} s {}; {}",
        l.pick("voce", "item"),
        t.item,
        l.pick("tempo collegato come", "time connected as"),
        roles.join(l.pick(" o ", " or ")),
        l.pick("mentre almeno un cittadino è collegato", "while at least one citizen is connected"),
        l.pick("uscite del cittadino fino a", "a citizen's gaps up to"),
        int(t.rejoin_tolerance_seconds, l),
        l.pick("colmate", "bridged"),
        l.pick("meno di", "less than"),
        int(t.minimum_consultation_seconds, l),
        l.pick("per riunione non conta", "per meeting counts nothing"),
        clip_text(t.clip_to, l)
    )
}

fn overlap_text(s: &RuleSet, l: Lang) -> String {
    let text = match s.overlap.priority {
        Channel::InPerson => l.pick(
            "un istante contato allo sportello non si conta su Teams",
            "an instant counted at the counter is not counted on Teams",
        ),
        Channel::Remote => l.pick(
            "un istante contato su Teams non si conta allo sportello",
            "an instant counted on Teams is not counted at the counter",
        ),
    };
    text.to_string()
}

fn time_text(s: &RuleSet, l: Lang) -> String {
    let level = match s.time.level {
        TimeLevel::Interval => l.pick("per intervallo", "per interval"),
        TimeLevel::Day => l.pick("per giorno e voce", "per day and item"),
        TimeLevel::Month => l.pick("sul mese", "over the month"),
    };
    let mut time = vec![format!("{} {level}", unit_text(&s.time, l))];
    if let Some(m) = s.time.daily_minimum_minutes {
        time.push(format!("{} {} min", l.pick("minimo giornaliero", "daily minimum"), int(m, l)));
    }
    if let Some(m) = s.time.daily_cap_minutes {
        time.push(format!("{} {} min", l.pick("tetto giornaliero", "daily cap"), int(m, l)));
    }
    if let Some(m) = s.time.monthly_cap_minutes {
        time.push(format!("{} {} min", l.pick("tetto mensile", "monthly cap"), int(m, l)));
    }
    if s.time.part_time == PartTime::ScaleLimits {
        time.push(l.pick("limiti in proporzione al tempo parziale", "limits scaled by part-time").to_string());
    }
    time.join("; ")
}

fn rate_text(s: &RuleSet, l: Lang) -> String {
    match s.rate.form {
        RateForm::PercentOfHourlyBase(p) => {
            format!("{}% {}", l.decimal(p.normalize()), l.pick("della base oraria", "of the hourly base"))
        }
        RateForm::EurPerHour(e) => format!("{} €/h", rate_number(e, l)),
    }
}

fn base_text(s: &RuleSet, l: Lang) -> String {
    format!(
        "{} {} ({})",
        l.pick(
            "hourly_base_eur del registro, altrimenti monthly_base_eur ÷",
            "the register's hourly_base_eur, else monthly_base_eur ÷"
        ),
        l.decimal(s.hourly_base.monthly_divisor),
        rounding_text(&s.hourly_base.divisor_rounding, l)
    )
}

/// `inps-ccni-2025 «CCNI …» [in vigore] dal … al …`.
pub fn rule_set_line(u: &RuleSetUse, l: Lang) -> String {
    format!(
        "{} «{}» [{}] {} {} {} {}",
        u.rule_set.id,
        u.rule_set.title.pick(l),
        status_text(u.rule_set.status, l),
        l.pick("dal", "from"),
        l.day(u.first_day),
        l.pick("al", "to"),
        l.day(u.last_day),
    )
}

/// The status in words.
pub fn status_text(s: Status, l: Lang) -> &'static str {
    match s {
        Status::InForce => l.pick("in vigore", "in force"),
        Status::Scenario => l.pick("SCENARIO", "SCENARIO"),
        Status::Draft => l.pick("BOZZA", "DRAFT"),
    }
}

/// The working time: `tempo pieno`, or `tempo parziale 83,33%`.
pub fn working_time(st: &Statement, l: Lang) -> String {
    let pct = st.part_time_pct.value();
    if pct == Decimal::ONE_HUNDRED {
        l.pick("tempo pieno (100%)", "full time (100%)").to_string()
    } else {
        format!("{} {}%", l.pick("tempo parziale", "part time"), l.decimal(pct.normalize()))
    }
}

/// The warning shown when a scenario or draft was applied.
pub fn scenario_mark(l: Lang) -> &'static str {
    l.pick(
        "SCENARIO: gli importi seguono regole che non sono il contratto in vigore; non sono importi dovuti",
        "SCENARIO: the amounts follow rules that are not the contract in force; they are not amounts due",
    )
}

/// The warning shown when some of the employee's rows could not be used, or `None`.
pub fn errors_mark(st: &Statement, l: Lang) -> Option<String> {
    let n = st.errors();
    (n > 0).then(|| {
        format!(
            "{}: {n} {}",
            l.pick("ATTENZIONE", "ATTENTION"),
            l.pick(
                "segnalazioni di errore sui dati di questo dipendente (vedi sotto): il totale può essere incompleto finché non sono corrette",
                "error notes on this employee's data (see below): the total may be incomplete until they are corrected"
            )
        )
    })
}

/// One note in one line, in the language: `nota BELOW_MINIMUM_CONSULTATION teams/a.csv:16: …`.
pub fn note_line(st: &Statement, n: &Note, l: Lang) -> String {
    let src = n.source.as_deref().map(|s| format!(" {}", st.short(s))).unwrap_or_default();
    format!("{} {}{src}: {}", severity_word(n.severity, l), n.code, n.message.render(l))
}

/// What the statement does not contain.
pub fn privacy_line(l: Lang) -> &'static str {
    l.pick(
        "I cittadini non sono nominati: una riunione è indicata dal suo codice e dal file del resoconto Teams.",
        "Citizens are not named: a meeting is identified by its id and the Teams report file.",
    )
}

/// How to read a day: the legend above the days.
pub fn legend(st: &Statement, l: Lang) -> String {
    format!(
        "{} {}.",
        l.pick(
            "Per ogni giorno e canale: + il tempo registrato, con la sua fonte; − il tempo tolto e perché (secondo la clausola del canale, sportello o Teams, se non ne è indicata un'altra); = la differenza, il tempo pagato prima dell'arrotondamento, → il tempo contato dopo l'arrotondamento. Arrotondamento:",
            "For each day and channel: + the time recorded, with its source; − the time taken away and why (under the channel's clause, counter or Teams, unless another is named); = the difference, the time paid before rounding, → the time counted after it. Rounding:"
        ),
        day_rounding(st, l)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_exist_for_every_reason_and_differ_by_language() {
        for r in Reason::ALL {
            for remote in [false, true] {
                assert_ne!(reason(r, remote, Lang::It), reason(r, remote, Lang::En), "{r:?}");
            }
        }
        for k in Kind::ALL {
            assert_ne!(kind_word(k, Lang::It), kind_word(k, Lang::En));
        }
    }

    #[test]
    fn figures_in_each_language() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(exact_text(d("2.1583333333333333333333333333"), Lang::En), "2.158333…");
        assert_eq!(exact_text(d("2.1583333333333333333333333333"), Lang::It), "2,158333…");
        assert_eq!(exact_text(d("240"), Lang::It), "240,00");
        assert_eq!(exact_text(d("1823.61"), Lang::It), "1.823,61");
        assert_eq!(exact_text(d("0.23125"), Lang::En), "0.23125");
        assert_eq!(duration(14_670, true), "4:04:30");
        assert_eq!(duration(586 * 60, false), "9:46");
        assert_eq!(hours(586 * 60, Lang::It), "9:46 (9,77 h)");
        assert_eq!(hours(42_500, Lang::En), "11:48 (11.81 h)");
        assert_eq!(int(2160, Lang::It), "2.160");
    }

    #[test]
    fn a_meeting_is_named_in_the_language() {
        let m = Recorded::Meeting { meeting_id: "m1".into() };
        assert_eq!(recorded(&m, Lang::It), "riunione m1");
        assert_eq!(recorded(&m, Lang::En), "meeting m1");
        let a = Recorded::Attendance { kind: Kind::FrontOffice, code: "MFOF".into() };
        assert_eq!(recorded(&a, Lang::It), "sportello MFOF");
        assert_eq!(recorded(&a, Lang::En), "counter MFOF");
    }
}
