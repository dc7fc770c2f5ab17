// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Runrate's screens are tables, forms and still charts: WebKit's
    // accelerated compositing buys them nothing and, without a GPU, costs
    // about 110 MB in the web process (BENCHMARKS.md). It stays on when
    // the person set the variable themselves, and under WebDriver
    // (`TAURI_AUTOMATION`, set by tauri-driver), whose screenshots wait for a
    // composited frame and never return without one.
    let automated = std::env::var_os("TAURI_AUTOMATION").is_some();
    if !automated && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        // SAFETY: the first statement of `main`, before any thread exists.
        unsafe { std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1") };
    }
    runrate_app::run();
}
