//! # sportello
//!
//! The front-office ("sportello") allowance of INPS staff, computed from attendance records and
//! Teams session logs under versioned rule files.
//!
//! (crate documentation is completed below)

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod anomaly;
pub mod attendance;
pub mod engine;
pub mod files;
pub mod input;
pub mod money;
pub mod output;
pub mod register;
pub mod rules;
pub mod sessions;
pub mod teams;
pub mod time;
