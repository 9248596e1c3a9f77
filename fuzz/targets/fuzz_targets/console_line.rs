//! libFuzzer target: see `cekbae_fuzz_checks::console_line`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| cekbae_fuzz_checks::console_line(data));
