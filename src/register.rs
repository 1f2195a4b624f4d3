//! The staff register (`staff.csv`) and the matching of Teams participants to staff.
//!
//! Who is staff (docs/DESIGN.md section 2, "Teams logs"), for one row:
//!
//! 1. A participant is staff when their address (UPN or e-mail) equals one of an employee's
//!    `teams_upn` values, ignoring case, whatever their display name says.
//! 2. Otherwise a display name that Teams tagged as a guest's or an outsider's (`(Guest)`,
//!    `(Unverified)`, `(EXT)`, `(Ospite)`, `(Invité)`, `(Gast)`… see [`GUEST_TAGS`]) makes
//!    them a citizen: a guest chooses their own display name, so it proves nothing.
//! 3. Otherwise their *normalised name* (see [`normalise_name`]) is compared with the
//!    register's `full_name`s: exactly one match makes them staff, two or more is an anomaly
//!    and never a guess.
//! 4. Everyone else is a citizen.
//!
//! [`Register::identify`] also says whether a match was by address or by name only: a
//! name-only match to an employee who is in the same meeting by address is a homonym, not the
//! employee. That needs the whole meeting, so it is decided by the callers
//! ([`crate::engine`]'s meetings and [`crate::input::teams::normalize`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::hash::FastMap;

use rust_decimal::Decimal;

use crate::anomaly::SourceRef;

/// One employee of the register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Employee {
    /// The matricola, kept as written (leading zeros matter).
    pub id: String,
    /// The name as written in the register.
    pub full_name: String,
    /// The sede code, possibly empty.
    pub office: String,
    /// Teams sign-in addresses, lower-cased.
    pub teams_upns: Vec<String>,
    /// Part-time share: a percentage of full time, 1 to 100 with at most two decimals.
    pub part_time_pct: PartTimePct,
    /// The hourly base, when given.
    pub hourly_base_eur: Option<Decimal>,
    /// The monthly base, used with the rule set's divisor when the hourly base is empty.
    pub monthly_base_eur: Option<Decimal>,
    /// Where the employee's row is.
    pub source: SourceRef,
}

/// What a participant was recognised by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchedBy {
    /// Their address is an employee's `teams_upn`.
    Address,
    /// Their normalised display name is an employee's `full_name` (no address, or an address
    /// not in the register): a homonym when that employee is in the meeting by address.
    Name,
    /// Nothing of the register: a citizen.
    Nothing,
}

/// A part-time share: the percentage of full time an employee works, from 1 to 100 with at most
/// two decimals, kept as an exact decimal. The usual shares in the public administration are
/// not whole: 83.33 (30 of 36 hours), 66.67 (24 of 36), 91.67 (33 of 36).
///
/// It scales the limits of a rule set that says `part_time = "scale_limits"`
/// ([`PartTimePct::scale_minutes`]); it is shown exactly (`83.33`, `100`).
///
/// ```
/// use sportello::register::PartTimePct;
/// let p = PartTimePct::parse("83,33").unwrap();
/// assert_eq!(p.to_string(), "83.33");
/// assert_eq!(p.scale_minutes(240), 199); // 240 × 83.33 / 100 = 199.992, floored
/// assert_eq!(PartTimePct::parse("100.00"), Some(PartTimePct::FULL));
/// assert!(PartTimePct::parse("83.333").is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartTimePct(Decimal);

impl PartTimePct {
    /// Full time: 100 %.
    pub const FULL: PartTimePct = PartTimePct(Decimal::ONE_HUNDRED);

    /// What a register cell must hold, for messages.
    pub const EXPECTED: &'static str = "a percentage from 1 to 100 with at most two decimals, such as 83.33";

    /// The share, when `pct` is from 1 to 100 with at most two decimals (trailing zeros do not
    /// count: `83.330` is `83.33`).
    pub fn new(pct: Decimal) -> Option<PartTimePct> {
        let p = pct.normalize();
        (p.scale() <= 2 && p >= Decimal::ONE && p <= Decimal::ONE_HUNDRED).then_some(PartTimePct(p))
    }

    /// Reads a register cell: `.` or `,` as the decimal separator (see
    /// [`crate::money::parse_decimal`]).
    pub fn parse(cell: &str) -> Option<PartTimePct> {
        crate::money::parse_decimal(cell).and_then(PartTimePct::new)
    }

    /// The percentage, exact and normalised (`83.33`, `100`).
    pub fn value(self) -> Decimal {
        self.0
    }

    /// A limit of the rule set in whole minutes, scaled by the share: `minutes × pct / 100` in
    /// exact decimal arithmetic, then **floored to the whole minute** (the one rounding of the
    /// part-time scaling, documented in `rules/README.md` for `part_time = "scale_limits"`).
    /// With a whole percentage this is the integer `minutes × pct / 100` of earlier versions.
    ///
    /// Limits are at most 44,640 minutes (a rule file refuses more) and the share at most 100,
    /// so the product cannot overflow; should the checked arithmetic fail all the same, the
    /// limit is left unscaled.
    pub fn scale_minutes(self, minutes: i64) -> i64 {
        Decimal::from(minutes)
            .checked_mul(self.0)
            .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
            .map(|x| x.floor())
            .and_then(|x| i64::try_from(x).ok())
            .unwrap_or(minutes)
    }
}

impl std::fmt::Display for PartTimePct {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// In JSON, as a string (`"83.33"`), like every exact decimal of the outputs.
impl serde::Serialize for PartTimePct {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Who a Teams participant is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParticipantMatch {
    /// A member of staff.
    Staff(String),
    /// Nobody in the register: a citizen.
    Citizen,
    /// The name matches several employees (their ids, sorted).
    Ambiguous(Vec<String>),
}

/// The register, indexed for lookups.
#[derive(Clone, Debug, Default)]
pub struct Register {
    employees: BTreeMap<String, Employee>,
    /// Ids given on more than one row: left out of the computation.
    conflicting: BTreeSet<String>,
    /// The ids of each key, sorted and without repeats: a key nearly always has one, and a
    /// short list costs a small fraction of a set (25,000 of them are built for an institute).
    by_upn: FastMap<String, Vec<String>>,
    by_name: FastMap<String, Vec<String>>,
}

impl Register {
    /// Builds the register. Rows whose id repeats are all kept out of the computation (their
    /// ids are returned by [`Register::conflicting`]), but still identify staff in meetings.
    pub fn new(mut rows: Vec<Employee>) -> Self {
        let mut reg = Register::default();
        reg.by_upn.reserve(rows.len());
        reg.by_name.reserve(rows.len());
        let add = |ids: &mut Vec<String>, id: &String| {
            if let Err(at) = ids.binary_search(id) {
                ids.insert(at, id.clone());
            }
        };
        for e in &rows {
            for upn in &e.teams_upns {
                add(reg.by_upn.entry(upn.clone()).or_default(), &e.id);
            }
            let name = normalise_name(&e.full_name);
            if !name.is_empty() {
                add(reg.by_name.entry(name).or_default(), &e.id);
            }
        }
        // Sorted by id, a repeated id is a run of equal neighbours; the map is then built in
        // one pass instead of 25,000 searches.
        rows.sort_by(|a, b| a.id.cmp(&b.id));
        reg.conflicting = rows.windows(2).filter(|w| w[0].id == w[1].id).map(|w| w[0].id.clone()).collect();
        reg.employees =
            rows.into_iter().filter(|e| !reg.conflicting.contains(&e.id)).map(|e| (e.id.clone(), e)).collect();
        reg
    }

    /// The usable employee with this id.
    pub fn get(&self, id: &str) -> Option<&Employee> {
        self.employees.get(id)
    }

    /// True when the id is on several register rows.
    pub fn is_conflicting(&self, id: &str) -> bool {
        self.conflicting.contains(id)
    }

    /// Usable employees, by id.
    pub fn employees(&self) -> impl Iterator<Item = &Employee> {
        self.employees.values()
    }

    /// Ids on more than one row.
    pub fn conflicting(&self) -> &BTreeSet<String> {
        &self.conflicting
    }

    /// Every Teams address of the register (lower-cased), with the ids it belongs to (sorted).
    pub fn addresses(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.by_upn.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Every normalised name of the register, with the ids it belongs to (sorted).
    pub fn names(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.by_name.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Decides who a participant is, from their address and display name, row by row (rules
    /// 1–4 of the module documentation; not the homonym rule, which needs the meeting).
    pub fn match_participant(&self, display_name: &str, address: &str) -> ParticipantMatch {
        match self.lookup(display_name, address) {
            Lookup::Staff(id) => ParticipantMatch::Staff(id.to_string()),
            Lookup::Citizen => ParticipantMatch::Citizen,
            Lookup::Ambiguous(ids) => ParticipantMatch::Ambiguous(ids.to_vec()),
        }
    }

    /// [`Register::match_participant`] without copying ids (millions of rows go through it).
    pub fn lookup(&self, display_name: &str, address: &str) -> Lookup<'_> {
        self.identify(display_name, address).0
    }

    /// [`Register::lookup`], and whether the match was by address or by name only.
    pub fn identify(&self, display_name: &str, address: &str) -> (Lookup<'_>, MatchedBy) {
        let mut buf = String::new();
        if let Some(ids) = address_key(address, &mut buf).and_then(|key| self.by_upn.get(key)) {
            return (one_or_ambiguous(ids), MatchedBy::Address);
        }
        if normalise_name_into(display_name, &mut buf) == Tagged::Guest {
            return (Lookup::Citizen, MatchedBy::Nothing);
        }
        match self.by_name.get(buf.as_str()) {
            Some(ids) => (one_or_ambiguous(ids), MatchedBy::Name),
            None => (Lookup::Citizen, MatchedBy::Nothing),
        }
    }
}

/// Who a participant is, borrowing the ids from the register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup<'r> {
    /// A member of staff.
    Staff(&'r str),
    /// Nobody in the register: a citizen.
    Citizen,
    /// The name matches several employees (their ids, sorted).
    Ambiguous(&'r [String]),
}

/// The decision for the ids a key matches: one is that employee, several are ambiguous.
pub(crate) fn one_or_ambiguous(ids: &[String]) -> Lookup<'_> {
    match ids {
        [id] => Lookup::Staff(id),
        [] => Lookup::Citizen,
        _ => Lookup::Ambiguous(ids),
    }
}

/// The key a Teams address is looked up by: trimmed and lower-cased, `None` when empty. When a
/// lower-cased copy is needed it is made in `buf`; most addresses are written lower-case already.
pub fn address_key<'a>(address: &'a str, buf: &'a mut String) -> Option<&'a str> {
    let address = crate::cell::trim(address);
    if address.is_empty() {
        return None;
    }
    if address.is_ascii() && !address.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some(address);
    }
    buf.clear();
    if address.is_ascii() {
        buf.push_str(address);
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&address.to_lowercase());
    }
    Some(buf)
}

/// The tags Teams appends to the display names of guests (`(Guest)`), of users of other
/// organisations (`(External)`, `(EXT)`) and of anonymous participants (`(Unverified)`), in the
/// languages an INPS office may meet, lower-cased. A name that ends with one is never matched
/// to staff by name ([`Register::identify`]); [`normalise_name`] strips them, so that
/// `Rossi Maria (Guest)` and `Rossi Maria` are the same name when two exports of one meeting
/// are compared.
///
/// Sources: \[S\] seen in a real export (`docs/teams-formats.md`); \[M\] the label as Microsoft's
/// own localised pages print it (learn.microsoft.com `plan-meetings-external-participants` in
/// it-IT and de-DE: `(Guest)`, `(esterno)`, `(Unverified)`, `(Gast)`, `(Extern)`;
/// support.microsoft.com fr-FR and docs fr-CA: `(Invité)`), which describe the labels shown in
/// meetings (that exports carry the same words is inferred from the English ones, which they
/// do); \[I\] inferred by analogy or from third parties' write-ups, not seen. A tag listed here
/// costs nothing when Teams never writes it; one missing lets a guest pass for staff.
pub const GUEST_TAGS: &[&str] = &[
    "(unverified)",        // [S] en, anonymous guests (S6 of teams-formats.md)
    "(guest)",             // [S] en; [M] also on the it-IT page, left untranslated there
    "(external)",          // [M] en
    "(ext)",               // [S] en, other tenants (S3)
    "(ospite)",            // [I] it
    "(esterno)",           // [M] it
    "(non verificato)",    // [I] it
    "(invité)",            // [M] fr
    "(invitée)",           // [I] fr, feminine
    "(externe)",           // [I] fr
    "(non vérifié)",       // [I] fr
    "(gast)",              // [M] de
    "(extern)",            // [M] de
    "(nicht überprüft)",   // [I] de (the de-DE page's word for it is garbled)
    "(nicht verifiziert)", // [I] de, the other plausible wording
    "(invitado)",          // [I] es
    "(invitada)",          // [I] es, feminine
    "(externo)",           // [I] es and pt
    "(no comprobado)",     // [I] es
    "(no verificado)",     // [I] es, as a Spanish write-up of Microsoft's notice words it
    "(sin verificar)",     // [I] es, the same write-up's other wording
    "(convidado)",         // [I] pt
    "(convidada)",         // [I] pt, feminine
    "(não verificado)",    // [I] pt
];

/// Whether a display name carried one of the [`GUEST_TAGS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tagged {
    /// It did: a guest or an outsider, never staff by name.
    Guest,
    /// It did not.
    No,
}

/// Normalises a display name for matching: the [`GUEST_TAGS`] (`(Unverified)`, `(Guest)`,
/// `(EXT)`, `(Ospite)`…) removed, any Unicode white space trimmed and collapsed to one space,
/// case folded.
///
/// ```
/// use sportello::register::normalise_name;
/// assert_eq!(normalise_name("  Rossi\u{a0} Maria  (Guest) "), "rossi maria");
/// assert_eq!(normalise_name("ROSSI MARIA (EXT)"), "rossi maria");
/// ```
pub fn normalise_name(name: &str) -> String {
    let mut s = String::new();
    normalise_name_into(name, &mut s);
    s
}

/// [`normalise_name`] into a buffer the caller reuses (a million participants go through it),
/// saying whether a guest tag was removed.
pub fn normalise_name_into(name: &str, out: &mut String) -> Tagged {
    out.clear();
    if name.is_ascii() {
        // The common case, byte by byte: the ASCII white space of `split_whitespace` is TAB,
        // LF, VT, FF, CR and space.
        for word in name.split(|c: char| matches!(c, '\t'..='\r' | ' ')).filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        out.make_ascii_lowercase();
    } else {
        // Word by word is the same as lower-casing the joined words: a space is not
        // case-ignorable, so even a final sigma lowers the same way.
        for word in name.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&word.to_lowercase());
        }
    }
    // Every tag ends with `)`: most names need no further look.
    let mut tagged = Tagged::No;
    while out.ends_with(')') {
        let before = out.len();
        for suffix in GUEST_TAGS {
            if out.ends_with(suffix) {
                out.truncate(out.len() - suffix.len());
                let kept = out.trim_end().len();
                out.truncate(kept);
                tagged = Tagged::Guest;
            }
        }
        if out.len() == before {
            break;
        }
    }
    tagged
}

/// True when the display name carries one of the [`GUEST_TAGS`].
///
/// ```
/// use sportello::register::is_guest_tagged;
/// assert!(is_guest_tagged("Bianchi Luca (Ospite)"));
/// assert!(is_guest_tagged("BIANCHI LUCA  (Invité)"));
/// assert!(!is_guest_tagged("Bianchi Luca"));
/// ```
pub fn is_guest_tagged(name: &str) -> bool {
    normalise_name_into(name, &mut String::new()) == Tagged::Guest
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn emp(id: &str, name: &str, upn: &str) -> Employee {
        let file: Arc<str> = Arc::from("staff.csv");
        Employee {
            id: id.into(),
            full_name: name.into(),
            office: String::new(),
            teams_upns: if upn.is_empty() { vec![] } else { vec![upn.to_lowercase()] },
            part_time_pct: PartTimePct::FULL,
            hourly_base_eur: None,
            monthly_base_eur: None,
            source: SourceRef::new(&file, 2),
        }
    }

    #[test]
    fn address_first_then_name() {
        let reg = Register::new(vec![
            emp("001", "Maria Rossi", "m.rossi@inps.it"),
            emp("002", "Luca Bianchi", ""),
            emp("003", "Anna Verdi", ""),
            emp("004", "Anna Verdi", ""),
        ]);
        assert_eq!(reg.match_participant("whoever", "M.Rossi@INPS.it"), ParticipantMatch::Staff("001".into()));
        assert_eq!(reg.match_participant("Luca  Bianchi", ""), ParticipantMatch::Staff("002".into()));
        assert_eq!(reg.match_participant("Luca Bianchi", "other@x.it"), ParticipantMatch::Staff("002".into()));
        assert_eq!(
            reg.match_participant("anna verdi", ""),
            ParticipantMatch::Ambiguous(vec!["003".into(), "004".into()])
        );
        assert_eq!(reg.match_participant("Cittadino Due", "c.due@example.net"), ParticipantMatch::Citizen);
    }

    #[test]
    fn a_guest_tagged_name_is_never_staff_by_name_but_an_address_still_is() {
        let reg = Register::new(vec![emp("001", "Bianchi Luca", "luca.bianchi@inps.it"), emp("002", "Anna Verdi", "")]);
        for tag in GUEST_TAGS {
            let name = format!("Bianchi  Luca {}", tag.to_uppercase());
            assert_eq!(reg.identify(&name, ""), (Lookup::Citizen, MatchedBy::Nothing), "{name}");
            assert_eq!(reg.identify(&name, "someone@example.net"), (Lookup::Citizen, MatchedBy::Nothing), "{name}");
            // The register's address decides, whatever the name says.
            assert_eq!(reg.identify(&name, "Luca.Bianchi@INPS.it"), (Lookup::Staff("001"), MatchedBy::Address));
            assert!(is_guest_tagged(&name), "{name}");
        }
        // Several tags, a tag glued to the name, an ambiguous name behind a tag.
        assert_eq!(reg.lookup("Anna Verdi (EXT) (Guest)", ""), Lookup::Citizen);
        assert_eq!(reg.lookup("Anna Verdi(Ospite)", ""), Lookup::Citizen);
        assert_eq!(reg.identify("Anna Verdi", "a.verdi@example.net"), (Lookup::Staff("002"), MatchedBy::Name));
        assert_eq!(reg.identify("Nessuno", ""), (Lookup::Citizen, MatchedBy::Nothing));
        // A tag in the middle of a name is not a tag.
        assert!(!is_guest_tagged("Gast (Gast) Ugo"));
    }

    #[test]
    fn address_keys_are_trimmed_and_lower_cased() {
        let mut buf = String::new();
        assert_eq!(address_key("  ", &mut buf), None);
        assert_eq!(address_key(" m.rossi@inps.it ", &mut buf), Some("m.rossi@inps.it"));
        assert_eq!(address_key("M.Rossi@INPS.it", &mut buf), Some("m.rossi@inps.it"));
        assert_eq!(address_key("Ärzte@Beispiel.DE", &mut buf), Some("ärzte@beispiel.de"));
    }

    #[test]
    fn duplicate_ids_are_kept_out() {
        let reg = Register::new(vec![emp("001", "A B", ""), emp("001", "C D", "")]);
        assert!(reg.get("001").is_none());
        assert!(reg.is_conflicting("001"));
        // …but both names still identify staff, never citizens.
        assert_eq!(reg.match_participant("C D", ""), ParticipantMatch::Staff("001".into()));
    }

    #[test]
    fn the_ids_of_a_key_are_sorted_and_given_once() {
        let reg = Register::new(vec![
            emp("009", "Anna Verdi", "a@inps.it"),
            emp("003", "Anna Verdi", "a@inps.it"),
            emp("003", "Anna Verdi", ""),
            emp("005", "Anna Verdi", ""),
        ]);
        let ids =
            |v: Vec<(&str, &[String])>| -> Vec<Vec<String>> { v.into_iter().map(|(_, ids)| ids.to_vec()).collect() };
        assert_eq!(ids(reg.names().collect()), vec![vec!["003".to_string(), "005".into(), "009".into()]]);
        assert_eq!(ids(reg.addresses().collect()), vec![vec!["003".to_string(), "009".into()]]);
    }

    /// The definition: words joined by one space, lower-cased, tags stripped until none; and
    /// whether any was.
    fn reference(name: &str) -> (String, Tagged) {
        let mut s: String = name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let mut tagged = Tagged::No;
        loop {
            let before = s.len();
            for suffix in GUEST_TAGS {
                if let Some(stripped) = s.strip_suffix(suffix) {
                    s = stripped.trim_end().to_string();
                    tagged = Tagged::Guest;
                }
            }
            if s.len() == before {
                break;
            }
        }
        (s, tagged)
    }

    fn normalised(name: &str) -> (String, Tagged) {
        let mut s = String::new();
        let tagged = normalise_name_into(name, &mut s);
        (s, tagged)
    }

    #[test]
    fn part_time_shares_are_exact_with_two_decimals_at_most() {
        for (cell, shown) in [("83.33", "83.33"), ("66,67", "66.67"), ("91.67", "91.67"), ("1", "1"), ("100", "100")] {
            assert_eq!(PartTimePct::parse(cell).map(|p| p.to_string()).as_deref(), Some(shown), "{cell}");
        }
        assert_eq!(PartTimePct::parse("50.0"), PartTimePct::parse("50"));
        for bad in ["83.333", "0", "0.5", "0.99", "101", "100.01", "-50", "abc", "", "8e1", "1.234,5"] {
            assert_eq!(PartTimePct::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn limits_are_scaled_exactly_then_floored_to_the_minute() {
        let p = |s: &str| PartTimePct::parse(s).unwrap();
        // 240 × 83.33 / 100 = 199.992 → 199; 30 × 66.67 / 100 = 20.001 → 20; 1000 × 91.67 / 100 = 916.7 → 916
        assert_eq!(p("83.33").scale_minutes(240), 199);
        assert_eq!(p("66.67").scale_minutes(30), 20);
        assert_eq!(p("91.67").scale_minutes(1000), 916);
        assert_eq!(PartTimePct::FULL.scale_minutes(44_640), 44_640);
        assert_eq!(p("1").scale_minutes(0), 0);
    }

    proptest::proptest! {
        // With a whole percentage the exact scaling is the integer one it replaced.
        #[test]
        fn whole_shares_scale_as_the_integer_formula(pct in 1i64..=100, minutes in 0i64..=44_640) {
            let share = PartTimePct::new(Decimal::from(pct)).unwrap();
            proptest::prop_assert_eq!(share.scale_minutes(minutes), minutes * pct / 100);
        }

        // Never more than the limit, never below the exact product less a minute.
        #[test]
        fn scaled_limits_are_floors(hundredths in 100i64..=10_000, minutes in 0i64..=44_640) {
            let share = PartTimePct::new(Decimal::new(hundredths, 2)).unwrap();
            let scaled = share.scale_minutes(minutes);
            proptest::prop_assert!(scaled <= minutes);
            proptest::prop_assert!(scaled * 10_000 <= minutes * hundredths);
            proptest::prop_assert!(minutes * hundredths < (scaled + 1) * 10_000);
        }
    }

    proptest::proptest! {
        #[test]
        fn normalise_name_is_its_definition(
            name in "(\\PC|[ -~]| |\u{a0}|[\t-\r\u{1c}-\u{1f}]|Σ|ΑΣ|\\(Guest\\)|\\(EXT\\)|\\(non verificato\\)|\\(Não verificado\\)|\\(INVITÉ\\)){0,8}"
        ) {
            proptest::prop_assert_eq!(normalised(&name), reference(&name));
        }

        #[test]
        fn ascii_names_take_the_fast_path_to_the_same_result(name in "([\\x00-\\x7f]|\\(guest\\)|\\(EXT\\)){0,12}") {
            proptest::prop_assert_eq!(normalised(&name), reference(&name));
        }
    }
}
