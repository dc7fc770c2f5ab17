//! The UI's TypeScript types are generated from the engine's Rust types; this
//! test fails when `ui/src/bindings.ts` is stale. Regenerate with
//! `UPDATE_BINDINGS=1 cargo test --test engine bindings`.

#[test]
fn ui_bindings_are_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
    let expected = runrate::api::bindings::typescript();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &expected).expect("write ui/src/bindings.ts");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "ui/src/bindings.ts is stale; run `UPDATE_BINDINGS=1 cargo test --test engine bindings`"
    );
}
