#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| microcred_fuzzing::json_ld_rdfc(data));
