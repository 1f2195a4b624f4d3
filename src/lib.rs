//! # sportello
//!
//! The front-office ("sportello") allowance of INPS staff, computed per employee and month from
//! the attendance export (counter hours, code MFOF) and Teams session logs (remote
//! consultation), under versioned rule files that encode the contract clauses with their
//! citations and dates.
//!
//! ```
//! use std::sync::Arc;
//! use sportello::engine::{compute, Inputs, Month};
//! use sportello::register::Register;
//! use sportello::rules::{RuleBook, Selection};
//! use sportello::input;
//!
//! let staff: Arc<str> = Arc::from("staff.csv");
//! let att: Arc<str> = Arc::from("attendance.csv");
//! let mut anomalies = Vec::new();
//! let (employees, _) = input::staff::read(&staff, b"employee_id,full_name,hourly_base_eur\n004512,Maria Rossi,18.50\n", &mut anomalies)?;
//! let (attendance, _) = input::attendance::read(&att, b"employee_id,date,start,end,kind,code\n\
//!     004512,2025-10-06,08:00,14:00,presence,PRES\n\
//!     004512,2025-10-06,08:30,12:30,front_office,MFOF\n", &mut anomalies)?;
//! let register = Register::new(employees);
//! let book = RuleBook::embedded().expect("the shipped rules are valid");
//! let month: Month = "2025-10".parse()?;
//! let result = compute(month, Inputs { register: &register, attendance: &attendance, sessions: &[] }, &Selection::in_force(&book));
//! let row = &result.rows[0];
//! // 240 minutes at 25% of 18.50 €/h = 4.625 €/h → 18.50 €
//! assert_eq!((row.item.as_str(), row.minutes, row.rate_eur_per_hour.to_string(), row.amount_eur.to_string()),
//!            ("MFOF", 240, "4.625".to_string(), "18.50".to_string()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Terms
//!
//! * **instant**: a point on the UTC time line ([`time::Instant`]); all time arithmetic is on
//!   instants. **Rome wall time**: what an Italian clock shows; it becomes an instant only through
//!   the daylight-saving policy of [`time::rome`]. A Rome day has 23, 24 or 25 hours.
//! * **rule set**: one versioned TOML file of `rules/` ([`rules`]); a **scenario** overlays the
//!   contract it `extends`. A day falls under exactly one rule set ([`rules::Selection`]).
//! * **consultation**: the time an employee was connected to a Teams meeting in a qualifying role
//!   while at least one citizen was ([`engine`]).
//! * **anomaly**: an input row not used as written, or a fact resolved by a policy ([`anomaly`]).
//!
//! ## Architecture
//!
//! Data flows one way, and the modules say so (docs/DESIGN.md section 7 draws it):
//!
//! 1. [`input`] turns the user's files into typed records and anomalies: the one tokeniser,
//!    every table and every Teams export, the paid file, folder walking and the limits; the month
//!    as a compact [`input::batch::Batch`]. It is the only module that reads the disk.
//! 2. [`engine`] is pure: records and rules to payroll rows, anomalies and the trace that
//!    explains them ([`engine::compute_batch`]).
//! 3. [`report`] builds pure views of results: the statement, the comparison, arrears, hints.
//! 4. [`output`] writes every format and commits all of a run's outputs together; it is the only
//!    module that writes.
//!
//! The `sportello` binary wires the stages, decides how many threads work ([`parallel`]) and
//! prints. Below every stage sit the domain types: [`anomaly`], [`money`], [`time`],
//! [`register`], [`rules`] (rule sets parsed from text), [`formula`], [`cell`], [`position`],
//! [`attendance`] and [`sessions`] records, [`hash`].

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod anomaly;
pub mod attendance;
pub mod cell;
pub mod engine;
pub mod formula;
pub mod hash;
pub mod input;
pub mod lang;
pub mod message;
pub mod money;
pub mod output;
pub mod parallel;
pub mod position;
pub mod register;
pub mod report;
pub mod rules;
pub mod sessions;
pub mod time;
