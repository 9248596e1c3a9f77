//! libFuzzer target: see `cekbae_fuzz_checks::telegram_update`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| cekbae_fuzz_checks::telegram_update(data));
