//! The pack verifier on arbitrary bytes, seeded with two signed packs: it
//! never panics, and it only ever calls a pack trusted when it was signed by
//! the one key it trusts (the seed packs' key; its private half is not kept).
#![no_main]

use runrate::pack::verify::{Trust, verify_bytes};

const SEED_KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEwUwmn37FfaR+iPdEX/c8/IRL7UDEUyzpXnLUxxU7FS fuzz.seed";
const SEED_FINGERPRINT: &str = "SHA256:9NiNrM9Ldqm3Huw4hax9A0mG0f4kD4UoVRsiPhrMeug";

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let trust = Trust {
        allowed_signers: None,
        trusted_key: Some(SEED_KEY.to_string()),
        known_fingerprints: Vec::new(),
    };
    let report = verify_bytes(data, &trust);
    if report.valid && report.trusted {
        assert_eq!(
            report.signer_fingerprint.as_deref(),
            Some(SEED_FINGERPRINT),
            "trusted a pack signed by another key"
        );
    }
});
