//! libFuzzer target: see `cekbae_fuzz_checks::understand`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| cekbae_fuzz_checks::understand(data));
