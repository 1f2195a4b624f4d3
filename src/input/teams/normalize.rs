//! Nothing personal out: citizens become per-meeting pseudonyms.
//!
//! [`normalize`] decides who each participant is, per meeting:
//!
//! * with a register, by the engine's rule (docs/DESIGN.md section 2): [`Register::identify`]
//!   (address first; a guest-tagged name is never staff; then the normalised name), and a
//!   name-only match to an employee who is in the same meeting by address is a homonym, a
//!   citizen. Staff keep their display name and address (the engine must match them); a
//!   citizen becomes `citizen-N` with no address; a name that matches several employees
//!   becomes `ambiguous-N` with no address, never the name. The engine run on the normalised
//!   file therefore finds the same staff and citizens as on the exports;
//! * without a register, only organizers are taken as staff (in the INPS setting the operator
//!   organises the meeting; attendees, who may be presenters by Teams' default, are citizens),
//!   and never one whose name carries a guest tag.
//!
//! One person is one identity within a meeting: their address when they have one, else their
//! normalised name (a guest-tagged name apart from the same name untagged), so a rejoin keeps
//! its pseudonym. Numbers count up per meeting, separately
//! for citizens and ambiguous names, in the order of each identity's first join; ties are
//! broken by the source (file, line) of that first join, never by the name.
//!
//! The rows come sorted by [`NormalizedRow::sort_key`]; `output::sessions` writes them as the
//! normalised sessions CSV.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::anomaly::SourceRef;
use crate::register::{normalise_name_into, Lookup, MatchedBy, Register, Tagged};
use crate::sessions::{Role, SessionRecord};
use crate::time::Interval;

/// Who a participant of a normalised row is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Party {
    /// A member of staff: the employee id when a register identified them, `None` when taken
    /// as staff for being the organizer (no register given).
    Staff(Option<String>),
    /// A citizen, under the row's pseudonym.
    Citizen,
    /// A name matching several employees (their ids): under the row's pseudonym.
    Ambiguous(Vec<String>),
}

/// A session record with citizens replaced by pseudonyms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormalizedRow {
    /// The meeting's id.
    pub meeting_id: String,
    /// Staff: the display name as exported; others: `citizen-N` or `ambiguous-N`.
    pub participant: String,
    /// Staff: the address as exported; others: empty.
    pub upn: String,
    /// The role.
    pub role: Role,
    /// The connected instants.
    pub span: Interval,
    /// Who the participant is.
    pub party: Party,
    /// The record's file and line.
    pub source: SourceRef,
}

impl NormalizedRow {
    /// The order of the normalised file: meeting, join, leave, participant, role, address, source.
    pub fn sort_key(&self) -> (&str, i64, i64, &str, Role, &str, &SourceRef) {
        (&self.meeting_id, self.span.start, self.span.end, &self.participant, self.role, &self.upn, &self.source)
    }
}

fn identity(r: &SessionRecord) -> String {
    let upn = r.upn.trim().to_lowercase();
    if !upn.is_empty() {
        return format!("upn:{upn}");
    }
    // A guest named like a member of staff is someone else: their rows must not join the
    // staff member's identity (which would keep the guest's rows under the staff name).
    let mut name = String::new();
    match normalise_name_into(&r.participant, &mut name) {
        Tagged::Guest => format!("guest:{name}"),
        Tagged::No => format!("name:{name}"),
    }
}

/// Who the participant of a row is, by the row alone, and whether matched by name only.
fn decide(r: &SessionRecord, register: Option<&Register>) -> (Party, MatchedBy) {
    match register {
        Some(reg) => match reg.identify(&r.participant, &r.upn) {
            (Lookup::Staff(id), by) => (Party::Staff(Some(id.to_string())), by),
            (Lookup::Citizen, by) => (Party::Citizen, by),
            (Lookup::Ambiguous(ids), by) => (Party::Ambiguous(ids.to_vec()), by),
        },
        None if r.role == Role::Organizer && !crate::register::is_guest_tagged(&r.participant) => {
            (Party::Staff(None), MatchedBy::Nothing)
        }
        None => (Party::Citizen, MatchedBy::Nothing),
    }
}

/// Replaces every non-staff participant by a per-meeting pseudonym (module documentation).
pub fn normalize(records: &[SessionRecord], register: Option<&Register>) -> Vec<NormalizedRow> {
    let mut by_meeting: BTreeMap<&str, Vec<&SessionRecord>> = BTreeMap::new();
    for r in records {
        by_meeting.entry(r.meeting_id.as_str()).or_default().push(r);
    }
    let mut out = Vec::with_capacity(records.len());
    for rows in by_meeting.values() {
        // Each identity's first join (instant, source) and who it is.
        let mut first: HashMap<String, (i64, &SourceRef)> = HashMap::new();
        for r in rows {
            let key = identity(r);
            let entry = first.entry(key).or_insert((r.span.start, &r.source));
            if (r.span.start, &r.source) < (entry.0, entry.1) {
                *entry = (r.span.start, &r.source);
            }
        }
        let decided: Vec<(Party, MatchedBy)> = rows.iter().map(|r| decide(r, register)).collect();
        // Employees present by address: a name-only match to one of them is a homonym. Ids on
        // several register rows are left alone, as the engine leaves them.
        let by_address: HashSet<&str> = decided
            .iter()
            .filter_map(|(party, by)| match (party, by) {
                (Party::Staff(Some(id)), MatchedBy::Address) => Some(id.as_str()),
                _ => None,
            })
            .filter(|id| register.is_some_and(|reg| !reg.is_conflicting(id)))
            .collect();
        let mut party_of: HashMap<String, Party> = HashMap::new();
        for (r, (decided, by)) in rows.iter().zip(&decided) {
            let key = identity(r);
            let decided = match decided {
                Party::Staff(Some(id)) if *by == MatchedBy::Name && by_address.contains(id.as_str()) => Party::Citizen,
                other => other.clone(),
            };
            // Staff on any row makes the identity staff (an organizer who also attends).
            match party_of.get(&key) {
                Some(Party::Staff(_)) => {}
                Some(_) if !matches!(decided, Party::Staff(_)) => {}
                _ => {
                    party_of.insert(key, decided);
                }
            }
        }
        let mut order: Vec<(&String, &(i64, &SourceRef))> = first.iter().collect();
        order.sort_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)));
        let (mut citizens, mut ambiguous) = (0u32, 0u32);
        let mut pseudonym: HashMap<&str, String> = HashMap::new();
        for (key, _) in order {
            match party_of.get(key.as_str()) {
                Some(Party::Citizen) => {
                    citizens += 1;
                    pseudonym.insert(key, format!("citizen-{citizens}"));
                }
                Some(Party::Ambiguous(_)) => {
                    ambiguous += 1;
                    pseudonym.insert(key, format!("ambiguous-{ambiguous}"));
                }
                _ => {}
            }
        }
        for r in rows {
            let key = identity(r);
            let party = party_of.get(&key).cloned().unwrap_or(Party::Citizen);
            let (participant, upn) = match (&party, pseudonym.get(key.as_str())) {
                (Party::Staff(_), _) => (r.participant.clone(), r.upn.clone()),
                (_, Some(p)) => (p.clone(), String::new()),
                (_, None) => ("citizen-0".to_string(), String::new()),
            };
            out.push(NormalizedRow {
                meeting_id: r.meeting_id.clone(),
                participant,
                upn,
                role: r.role,
                span: r.span,
                party,
                source: r.source.clone(),
            });
        }
    }
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::Employee;
    use std::sync::Arc;

    fn rec(meeting: &str, name: &str, upn: &str, role: Role, start: i64, end: i64, line: u64) -> SessionRecord {
        let file: Arc<str> = Arc::from("m.csv");
        SessionRecord {
            meeting_id: meeting.into(),
            participant: name.into(),
            upn: upn.into(),
            role,
            span: Interval::new(start, end),
            source: SourceRef::new(&file, line),
        }
    }

    fn staff(id: &str, name: &str, upn: &str) -> Employee {
        let file: Arc<str> = Arc::from("staff.csv");
        Employee {
            id: id.into(),
            full_name: name.into(),
            office: String::new(),
            teams_upns: vec![upn.to_lowercase()],
            part_time_pct: crate::register::PartTimePct::FULL,
            hourly_base_eur: None,
            monthly_base_eur: None,
            source: SourceRef::new(&file, 2),
        }
    }

    #[test]
    fn pseudonyms_follow_first_join_then_source_never_the_name() {
        let records = vec![
            rec("m1", "Zeta Citizen", "", Role::Attendee, 100, 200, 5),
            rec("m1", "Alpha Citizen", "a@x.net", Role::Attendee, 50, 80, 4),
            rec("m1", "Alpha Citizen", "a@x.net", Role::Attendee, 90, 300, 6),
            rec("m1", "Beta Citizen", "", Role::Attendee, 100, 150, 3),
            rec("m1", "Operatore Uno", "op@inps.it", Role::Organizer, 0, 400, 2),
            rec("m2", "Zeta Citizen", "", Role::Attendee, 10, 20, 9),
        ];
        let reg = Register::new(vec![staff("001", "Operatore Uno", "op@inps.it")]);
        let rows = normalize(&records, Some(&reg));
        let shown: Vec<(String, String, String)> =
            rows.iter().map(|r| (r.meeting_id.clone(), r.participant.clone(), r.upn.clone())).collect();
        assert_eq!(
            shown,
            vec![
                ("m1".into(), "Operatore Uno".into(), "op@inps.it".into()),
                ("m1".into(), "citizen-1".into(), "".into()),
                ("m1".into(), "citizen-1".into(), "".into()),
                // same first join (100): line 3 before line 5
                ("m1".into(), "citizen-2".into(), "".into()),
                ("m1".into(), "citizen-3".into(), "".into()),
                ("m2".into(), "citizen-1".into(), "".into()),
            ]
        );
        assert_eq!(rows.first().map(|r| r.party.clone()), Some(Party::Staff(Some("001".into()))));
    }

    #[test]
    fn ambiguous_names_and_no_register() {
        let reg =
            Register::new(vec![staff("003", "Anna Verdi", "a1@inps.it"), staff("004", "Anna Verdi", "a2@inps.it")]);
        let records = vec![rec("m", "Anna Verdi", "", Role::Presenter, 0, 10, 2)];
        let rows = normalize(&records, Some(&reg));
        assert_eq!(rows.first().map(|r| r.participant.as_str()), Some("ambiguous-1"));
        assert_eq!(rows.first().map(|r| r.party.clone()), Some(Party::Ambiguous(vec!["003".into(), "004".into()])));
        let records = vec![
            rec("m", "Operatore", "op@x", Role::Organizer, 0, 10, 2),
            rec("m", "Someone", "s@y", Role::Presenter, 0, 10, 3),
        ];
        let rows = normalize(&records, None);
        let names: Vec<&str> = rows.iter().map(|r| r.participant.as_str()).collect();
        assert_eq!(names, vec!["Operatore", "citizen-1"]);
    }

    #[test]
    fn a_guest_never_keeps_a_name_not_even_as_organizer_without_a_register() {
        let records = vec![
            rec("m", "Operatore (Guest)", "op@example.net", Role::Organizer, 0, 10, 2),
            rec("m", "Operatore", "", Role::Organizer, 0, 10, 3),
        ];
        let rows = normalize(&records, None);
        let names: Vec<(&str, &str)> = rows.iter().map(|r| (r.participant.as_str(), r.upn.as_str())).collect();
        assert_eq!(names, vec![("Operatore", ""), ("citizen-1", "")]);
    }
}
