#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| microcred_fuzzing::did_document(data));
