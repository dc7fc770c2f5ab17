//! Arbitrary bytes as a .json file, read as an import reads it.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::read_as_import(data, "json");
});
