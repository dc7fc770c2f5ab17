//! Declares the app's commands so that the capability file, not a default,
//! decides what the window may call.

fn main() {
    let names = std::fs::read_to_string("commands.txt").expect("src-tauri/commands.txt");
    println!("cargo:rerun-if-changed=commands.txt");
    let commands: &'static [&'static str] = names
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| &*Box::leak(l.to_string().into_boxed_str()))
        .collect::<Vec<_>>()
        .leak();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build script");
}
