#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| microcred_fuzzing::learner_list(data));
