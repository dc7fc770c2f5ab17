//! Arbitrary bytes as a .csv file, read as an import reads it.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::read_as_import(data, "csv");
});
