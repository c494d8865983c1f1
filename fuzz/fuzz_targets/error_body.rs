#![no_main]
// See src/fuzz_targets.rs for what this target checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| licensespring::fuzz_targets::error_body(data));
