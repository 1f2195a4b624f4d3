//! Teams exports: every format Teams and Microsoft Graph write, read into session records.
//!
//! (Being built: see issue 3.)
