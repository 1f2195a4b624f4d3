//! The statement's sentences in a language: shared by the text ([`super::statement`]) and the
//! page ([`super::statement_html`]), so that both say the same thing in the same words.
//!
//! The words belong to the format, not to the view: a [`Statement`] is one for every language
//! (and JSON, language-neutral, writes it as it is); each sentence here takes the [`Lang`] to
//! write it in.

use rust_decimal::Decimal;

use crate::anomaly::Code;
use crate::engine::trace::{ChannelDay, ItemTotal};
use crate::money::{format_cents, format_rate, Rounding, RoundingMode};
use crate::report::day::Recorded;
use crate::report::minutes_text;
use crate::report::statement::{Note, RuleSetUse, Statement};
use crate::rules::{Channel, ClipTo, MoneyLevel, PartTime, RateForm, RuleSet, Status, TimeLevel, TimeRoundingMode};

use super::Lang;

/// Why time was not counted, in words (`None`: connected time with no citizen).
pub fn reason(code: Option<Code>, l: Lang) -> &'static str {
    match code {
        Some(Code::KindNotQualifying) => {
            l.pick("attività che questa regola non paga", "an activity this rule set does not pay")
        }
        Some(Code::OutsidePresence) => l.pick("fuori dalla presenza in sede", "outside on-site presence"),
        Some(Code::OutsideWorkingTime) => l.pick("fuori dall'orario di lavoro", "outside working time"),
        Some(Code::AbsenceOverlap) => l.pick("sovrapposto a un'assenza", "overlaps an absence"),
        Some(Code::RemoteNotRecognised) => {
            l.pick("la consulenza a distanza non è riconosciuta", "remote consultation is not recognised")
        }
        Some(Code::ChannelOverlap) => {
            l.pick("già contato nell'altro canale", "already counted through the other channel")
        }
        None => l.pick("collegato senza alcun cittadino", "connected with no citizen"),
        Some(_) => "",
    }
}

/// What an interval recorded is: `front_office MFOF` or `riunione 4f1c…`.
pub fn recorded(what: &Recorded, l: Lang) -> String {
    match what {
        Recorded::Attendance { kind, code } => format!("{kind} {code}"),
        Recorded::Meeting { meeting_id } => format!("{} {meeting_id}", l.pick("riunione", "meeting")),
    }
}

/// A channel's name, its item (`voce MFOF`, or `non pagato`) and the clause that governs it.
pub fn channel_heading(
    c: &ChannelDay,
    is_remote: bool,
    set: Option<&RuleSet>,
    l: Lang,
) -> (&'static str, String, String) {
    let name = if is_remote { l.pick("Teams", "Teams") } else { l.pick("Sportello", "Counter") };
    let clause = set
        .map(|s| if is_remote { s.remote.info.reference() } else { s.in_person.info.reference() })
        .unwrap_or_default();
    let item = match &c.item {
        Some(item) => format!("{} {item}", l.pick("voce", "item")),
        None => l.pick("non pagato", "not paid").to_string(),
    };
    (name, item, clause)
}

/// `contati: 240 min prima dell'arrotondamento → 240 min dopo (time (…))`.
pub fn counted_line(c: &ChannelDay, set: Option<&RuleSet>, l: Lang) -> String {
    let time = set.map(|s| format!(" — {}", s.time.info.reference())).unwrap_or_default();
    format!(
        "{}: {} {} → {} {}{time}",
        l.pick("contati", "counted"),
        minutes_text(c.seconds),
        l.pick("prima dell'arrotondamento", "before rounding"),
        minutes_text(c.counted_seconds),
        l.pick("dopo", "after"),
    )
}

/// `12 giorni; somma dei giorni 2880 min → 2880 min = 48,00 h`.
pub fn minutes_line(st: &Statement, item: &ItemTotal, set: Option<&RuleSet>, l: Lang) -> String {
    let days = st.day_seconds(&item.item, &item.ruleset);
    let month_rule = set
        .map(|s| {
            let mut parts = Vec::new();
            if s.time.level == TimeLevel::Month {
                parts.push(format!(
                    "{} {}",
                    l.pick("arrotondamento mensile", "monthly rounding"),
                    unit_text(&s.time, l)
                ));
            }
            if let Some(cap) = s.time.monthly_cap_minutes {
                parts.push(format!("{} {cap} min", l.pick("tetto mensile", "monthly cap")));
            }
            parts.push(l.pick("minuti interi", "whole minutes").to_string());
            parts.join(", ")
        })
        .unwrap_or_default();
    format!(
        "{} {}; {} {} → {} ({month_rule}) = {} h",
        item.days,
        if item.days == 1 { l.pick("giorno", "day") } else { l.pick("giorni", "days") },
        l.pick("somma dei giorni", "sum of the days"),
        minutes_text(days),
        minutes_text(item.minutes * 60),
        l.number(&format_cents(item.hours)),
    )
}

/// `tariffa: 25% × … — rate (…)`: the rate's derivation and its clauses, without the label.
pub fn rate_line(item: &ItemTotal) -> String {
    format!("{} — {}", item.rate.how, item.rate.clauses.join("; "))
}

/// `importo: 2880 min × 5.00 €/h ÷ 60 = 240 esatto → 240,00 € (…)`.
pub fn amount_line(item: &ItemTotal, set: Option<&RuleSet>, l: Lang) -> String {
    let rounding =
        set.map_or_else(|| item.rounding.clone(), |s| format!("{} — {}", money_text(s, l), s.money.info.reference()));
    let formula = match set.map(|s| s.money.level) {
        Some(MoneyLevel::Day) => {
            l.pick("somma per giorno di minuti × tariffa ÷ 60", "per day, minutes × rate ÷ 60, summed").to_string()
        }
        _ => format!("{} min × {} €/h ÷ 60", item.minutes, l.number(&format_rate(item.rate.rate_eur_per_hour))),
    };
    format!(
        "{}: {formula} = {} {} → {} € ({rounding})",
        l.pick("importo", "amount"),
        l.number(&exact_text(item.amount_exact)),
        l.pick("esatto", "exact"),
        l.number(&format_cents(item.amount_eur)),
    )
}

/// An exact amount: all its decimals up to six, then `…`.
pub fn exact_text(d: Decimal) -> String {
    let r = d.round_dp_with_strategy(6, rust_decimal::RoundingStrategy::ToZero);
    if r == d {
        format_rate(d)
    } else {
        format!("{}…", format_rate(r))
    }
}

fn rounding_mode_text(r: &Rounding, l: Lang) -> String {
    let mode = match r.mode {
        RoundingMode::HalfUp => l.pick("al più vicino, la metà per eccesso", "to the nearest, a half up"),
        RoundingMode::HalfEven => l.pick("al più vicino, la metà al pari", "to the nearest, a half to even"),
        RoundingMode::Down => l.pick("per difetto", "down"),
        RoundingMode::Up => l.pick("per eccesso", "up"),
    };
    format!("{mode}, {} {}", r.dp, l.pick("decimali", "decimals"))
}

fn money_text(s: &RuleSet, l: Lang) -> String {
    let level = match s.money.level {
        MoneyLevel::Row => l.pick("una volta per voce", "once per row"),
        MoneyLevel::Day => l.pick("per giorno, poi sommato", "per day, then summed"),
    };
    format!("{}, {level}", rounding_mode_text(&s.money.rounding, l))
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

/// One clause of a rule set in words: its name, what it says, and its reference.
pub type ClauseLine = (&'static str, String, String);

/// Each clause of a rule set in words, in the order of the rule file.
pub fn clause_lines(s: &RuleSet, l: Lang) -> Vec<ClauseLine> {
    vec![
        validity_clause(s, l),
        counter_clause(s, l),
        remote_clause(s, l),
        overlap_clause(s, l),
        time_clause(s, l),
        rate_clause(s, l),
        base_clause(s, l),
        (l.pick("importo", "amount"), money_text(s, l), s.money.info.reference()),
    ]
}

fn validity_clause(s: &RuleSet, l: Lang) -> ClauseLine {
    let text = format!(
        "{} {} {} {} ({})",
        l.pick("dal", "from"),
        l.day(s.valid_from),
        if s.valid_to.is_some() { l.pick("al", "to") } else { "—" },
        s.valid_to.map_or_else(|| l.pick("senza scadenza", "open").to_string(), |d| l.day(d)),
        status_text(s.status, l)
    );
    (l.pick("validità", "validity"), text, s.validity.reference())
}

fn counter_clause(s: &RuleSet, l: Lang) -> ClauseLine {
    let kinds: Vec<&str> = s.in_person.kinds.iter().map(|k| k.as_str()).collect();
    let text = format!(
        "{} {}: {} {}",
        l.pick("voce", "item"),
        s.in_person.item,
        kinds.join(", "),
        clip_text(s.in_person.clip_to, l)
    );
    (l.pick("sportello", "counter"), text, s.in_person.info.reference())
}

fn remote_clause(s: &RuleSet, l: Lang) -> ClauseLine {
    let text = match &s.remote.terms {
        None => l.pick("consulenza su Teams non riconosciuta", "Teams consultation not recognised").to_string(),
        Some(t) => {
            let roles: Vec<&str> = t.roles.iter().map(|r| r.as_str()).collect();
            format!(
                "{} {}: {} {}; {} {} s {}; {} {} s {}; {}",
                l.pick("voce", "item"),
                t.item,
                l.pick("tempo collegato come", "time connected as"),
                roles.join(l.pick(" o ", " or ")),
                l.pick(
                    "mentre almeno un cittadino è collegato; uscite del cittadino fino a",
                    "while at least one citizen is connected; a citizen's gaps up to"
                ),
                t.rejoin_tolerance_seconds,
                l.pick("colmate", "bridged"),
                l.pick("meno di", "less than"),
                t.minimum_consultation_seconds,
                l.pick("per riunione non conta", "per meeting counts nothing"),
                clip_text(t.clip_to, l)
            )
        }
    };
    (l.pick("Teams", "Teams"), text, s.remote.info.reference())
}

fn overlap_clause(s: &RuleSet, l: Lang) -> ClauseLine {
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
    (l.pick("sovrapposizione", "overlap"), text.to_string(), s.overlap.info.reference())
}

fn time_clause(s: &RuleSet, l: Lang) -> ClauseLine {
    let mut time = vec![format!(
        "{} {}",
        unit_text(&s.time, l),
        match s.time.level {
            TimeLevel::Interval => l.pick("per intervallo", "per interval"),
            TimeLevel::Day => l.pick("per giorno e voce", "per day and item"),
            TimeLevel::Month => l.pick("sul mese", "over the month"),
        }
    )];
    if let Some(m) = s.time.daily_minimum_minutes {
        time.push(format!("{} {m} min", l.pick("minimo giornaliero", "daily minimum")));
    }
    if let Some(m) = s.time.daily_cap_minutes {
        time.push(format!("{} {m} min", l.pick("tetto giornaliero", "daily cap")));
    }
    if let Some(m) = s.time.monthly_cap_minutes {
        time.push(format!("{} {m} min", l.pick("tetto mensile", "monthly cap")));
    }
    if s.time.part_time == PartTime::ScaleLimits {
        time.push(l.pick("limiti in proporzione al part-time", "limits scaled by part-time").to_string());
    }
    (l.pick("tempo", "time"), time.join("; "), s.time.info.reference())
}

fn rate_clause(s: &RuleSet, l: Lang) -> ClauseLine {
    let rate = match s.rate.form {
        RateForm::PercentOfHourlyBase(p) => {
            format!("{}% {}", l.number(&p.normalize().to_string()), l.pick("della base oraria", "of the hourly base"))
        }
        RateForm::EurPerHour(e) => format!("{} €/h", l.number(&format_rate(e))),
    };
    (l.pick("tariffa", "rate"), rate, s.rate.info.reference())
}

fn base_clause(s: &RuleSet, l: Lang) -> ClauseLine {
    let text = format!(
        "{} ÷ {} ({})",
        l.pick("hourly_base_eur, oppure monthly_base_eur", "hourly_base_eur, or monthly_base_eur"),
        s.hourly_base.monthly_divisor,
        rounding_mode_text(&s.hourly_base.divisor_rounding, l)
    );
    (l.pick("base oraria", "hourly base"), text, s.hourly_base.info.reference())
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

/// The warning shown when a scenario or draft was applied.
pub fn scenario_mark(l: Lang) -> &'static str {
    l.pick(
        "SCENARIO: gli importi seguono una regola che non è il contratto in vigore; non sono importi dovuti",
        "SCENARIO: the amounts follow a rule set that is not the contract in force; they are not amounts due",
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

/// One note in one line.
pub fn note_line(n: &Note) -> String {
    let src = n.source.as_deref().map(|s| format!(" {s}")).unwrap_or_default();
    format!("{} {}{src}: {}", n.severity.as_str(), n.code, n.message)
}

/// What the statement does not contain.
pub fn privacy_line(l: Lang) -> &'static str {
    l.pick(
        "I cittadini non sono nominati: una riunione è indicata dal suo codice e dal file del resoconto Teams.",
        "Citizens are not named: a meeting is identified by its id and the Teams report file.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_exist_for_every_removal_code() {
        for code in [
            Some(Code::KindNotQualifying),
            Some(Code::OutsidePresence),
            Some(Code::OutsideWorkingTime),
            Some(Code::AbsenceOverlap),
            Some(Code::RemoteNotRecognised),
            Some(Code::ChannelOverlap),
            None,
        ] {
            assert!(!reason(code, Lang::It).is_empty(), "{code:?}");
            assert!(!reason(code, Lang::En).is_empty(), "{code:?}");
        }
    }

    #[test]
    fn exact_amounts_are_cut_after_six_decimals() {
        assert_eq!(exact_text("2.1583333333333333333333333333".parse().unwrap()), "2.158333…");
        assert_eq!(exact_text("240".parse().unwrap()), "240.00");
        assert_eq!(exact_text("0.23125".parse().unwrap()), "0.23125");
    }

    #[test]
    fn a_meeting_is_named_in_the_language() {
        let m = Recorded::Meeting { meeting_id: "m1".into() };
        assert_eq!(recorded(&m, Lang::It), "riunione m1");
        assert_eq!(recorded(&m, Lang::En), "meeting m1");
        let a = Recorded::Attendance { kind: "front_office".into(), code: "MFOF".into() };
        assert_eq!(recorded(&a, Lang::En), "front_office MFOF");
    }
}
