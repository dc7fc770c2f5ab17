//! The amount parser on arbitrary text: it answers or refuses, and what it
//! accepts survives the trip into stored nanos and back when it fits.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(parsed) = runrate::money::parse_amount(text) {
        let stored = runrate::money::quantize_for_storage(parsed.value);
        if let Ok(nanos) = runrate::money::to_nanos(stored) {
            assert_eq!(runrate::money::from_nanos(nanos), stored, "{text:?}");
        }
    }
});
