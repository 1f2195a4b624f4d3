//! Which rule set governs a day.
//!
//! By default, the in-force rule set whose validity covers the day. With a selected rule set
//! (`--ruleset ID`), the selected set on the days it covers; on other days the nearest set it
//! extends that covers the day; failing that, the in-force set.

use chrono::NaiveDate;

use super::{RuleBook, RuleSet, Status};

/// The rule sets a run applies, and how a day chooses among them.
#[derive(Clone, Debug)]
pub struct Selection<'b> {
    chain: Vec<&'b RuleSet>,
    in_force: Vec<&'b RuleSet>,
}

impl<'b> Selection<'b> {
    /// The default: the contract in force on each day.
    pub fn in_force(book: &'b RuleBook) -> Self {
        Selection { chain: Vec::new(), in_force: book.sets().filter(|s| s.status == Status::InForce).collect() }
    }

    /// A selected rule set, falling back along its `extends` chain, then to the contract in
    /// force. `None` when the id is unknown.
    pub fn selected(book: &'b RuleBook, id: &str) -> Option<Self> {
        let mut chain = Vec::new();
        let mut cursor = book.get(id);
        while let Some(set) = cursor {
            if chain.iter().any(|s: &&RuleSet| s.id == set.id) {
                break;
            }
            chain.push(set);
            cursor = set.extends.as_deref().and_then(|p| book.get(p));
        }
        if chain.is_empty() {
            return None;
        }
        Some(Selection { chain, ..Selection::in_force(book) })
    }

    /// The rule set that governs the day, if any.
    pub fn for_day(&self, day: NaiveDate) -> Option<&'b RuleSet> {
        self.chain.iter().chain(self.in_force.iter()).find(|s| s.covers(day)).copied()
    }
}
