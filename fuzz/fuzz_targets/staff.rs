//! `staff.csv` as any bytes: the importer never panics, refuses a whole file only with an error
//! naming it, and keeps only rows whose values are in range.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use sportello::register::Register;
use sportello_fuzz::{assert_names_file, assert_sources, name};

fuzz_target!(|data: &[u8]| {
    let file = name("staff.csv");
    let mut anomalies = Vec::new();
    match sportello::input::staff::read(&file, data, &mut anomalies) {
        Ok((rows, _)) => {
            for e in &rows {
                assert!(!e.id.is_empty() && !e.full_name.is_empty(), "{e:?}");
                let pct = e.part_time_pct.value();
                assert!(pct >= Decimal::ONE && pct <= Decimal::ONE_HUNDRED && pct.scale() <= 2, "{e:?}");
                for base in [e.hourly_base_eur, e.monthly_base_eur].into_iter().flatten() {
                    assert!(base > Decimal::ZERO && base < 1_000_000.into(), "{e:?}");
                }
                assert!(e.teams_upns.iter().all(|u| !u.is_empty() && *u == u.trim().to_lowercase()), "{e:?}");
            }
            anomalies.extend(sportello::input::staff::duplicate_ids(&rows));
            assert_sources("staff.csv", data, &anomalies);
            let register = Register::new(rows);
            // Matching a participant never panics, whatever the register holds.
            let _ = register.match_participant("Maria Rossi (Guest)", "m.rossi@inps.it");
            let _ = register.match_participant("", "");
        }
        Err(e) => assert_names_file("staff.csv", &e),
    }
});
