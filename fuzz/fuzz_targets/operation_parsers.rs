#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| cloudflare_fuzz::operation_parsers(data));
