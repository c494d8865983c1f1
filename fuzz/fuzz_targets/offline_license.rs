#![no_main]
// See ../targets.rs for what this target checks.
#[path = "../targets.rs"]
mod targets;
libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::offline_license(data));
