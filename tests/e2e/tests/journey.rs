//! Drives the real Runrate window: tauri-driver → WebKitWebDriver → the
//! debug binary, under an X display (run through `xvfb-run`).
//!
//! Needs `target/debug/runrate-app` and `target/debug/runrate` built first
//! (`scripts/test-all.sh` does this). Without a display or the binaries the
//! test skips, except under CI (`CI=true`), where skipping would hide a broken
//! app and so it fails.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

const CLOCK: &str = "2026-11-22T09:30:00Z";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("workspace root")
        .to_path_buf()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// Whether the e2e prerequisites are present; under CI a missing one fails.
fn ready(app: &Path) -> bool {
    let mut missing = Vec::new();
    if std::env::var_os("DISPLAY").is_none() {
        missing.push("an X display (run under xvfb-run)".to_string());
    }
    if !app.exists() {
        missing.push(format!("{} (cargo build -p runrate-app)", app.display()));
    }
    if Command::new("tauri-driver")
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_err()
    {
        missing.push("tauri-driver (cargo install tauri-driver --locked)".to_string());
    }
    if missing.is_empty() {
        return true;
    }
    let message = format!("end-to-end test needs: {}", missing.join(", "));
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("{message}");
    }
    eprintln!("skipping: {message}");
    false
}

/// The app on a fresh database with the demo loaded, and the CLI beside it.
struct Session {
    client: Client,
    cli: PathBuf,
    db: PathBuf,
    driver: Driver,
    _dir: tempfile::TempDir,
}

impl Session {
    /// Starts the app (with extra environment), connects and loads the demo;
    /// `None`, and the test is skipped, when a prerequisite is missing outside CI.
    async fn with_demo(env: &[(&str, std::ffi::OsString)]) -> Option<Session> {
        let app = workspace().join("target/debug/runrate-app");
        if !ready(&app) {
            return None;
        }
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = dir.path().join("runrate.db");
        let driver = Driver::start_with(&db, env);
        let client = connect(&driver, &app).await;
        click(&client, "#load-demo").await;
        wait_for_text(&client, "[role=status]", "Demo loaded").await;
        Some(Session {
            client,
            cli: workspace().join("target/debug/runrate"),
            db,
            driver,
            _dir: dir,
        })
    }

    /// Ends the WebDriver session, then stops the driver.
    async fn end(self) {
        self.client
            .close()
            .await
            .expect("end the WebDriver session");
        drop(self.driver);
    }
}

/// tauri-driver, stopped with SIGTERM so it also stops WebKitWebDriver.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts tauri-driver (and through it the app) with extra environment.
    fn start_with(db: &Path, env: &[(&str, std::ffi::OsString)]) -> Driver {
        let port = free_port();
        let native = free_port();
        let child = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("RUNRATE_DB", db)
            .env("RUNRATE_CLOCK", CLOCK)
            .envs(env.iter().map(|(k, v)| (*k, v)))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tauri-driver");
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn connect(driver: &Driver, app: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "wry".into());
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": app }),
    );
    let url = format!("http://127.0.0.1:{}/", driver.port);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(client) => return client,
            Err(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("could not start a WebDriver session: {e}"),
        }
    }
}

/// Waits until `selector` has text containing `expected`.
async fn wait_for_text(client: &Client, selector: &str, expected: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(elements) = client.find_all(Locator::Css(selector)).await {
            for element in elements {
                if let Ok(text) = element.text().await {
                    if text.contains(expected) {
                        return text;
                    }
                    last = text;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(shots_dir().join("failure.png"), png);
    }
    panic!("'{selector}' never showed '{expected}' (last text: '{last}'); see failure.png");
}

/// Waits until the text content of `selector` (rendered or not: WebDriver's
/// own text is empty for an element it deems out of sight, which a pane that
/// has just grown below the fold can be) contains `expected`.
async fn wait_for_content(client: &Client, selector: &str, expected: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(found) = client
            .execute(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';",
                vec![serde_json::json!(selector)],
            )
            .await
        {
            last = found.as_str().unwrap_or_default().to_string();
            if last.contains(expected) {
                return last;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(shots_dir().join("failure.png"), png);
    }
    panic!("'{selector}' never held '{expected}' (last: '{last}'); see failure.png");
}

/// Waits until nothing matches `selector`.
async fn gone(client: &Client, selector: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        match client.find_all(Locator::Css(selector)).await {
            Ok(found) if found.is_empty() => return,
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    panic!("'{selector}' is still there");
}

/// Finds an element and scrolls it to the middle of its pane, clear of the
/// sticky header and action bar.
async fn visible(client: &Client, selector: &str) -> fantoccini::elements::Element {
    let element = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("no '{selector}': {e}"));
    let arg = serde_json::to_value(&element).expect("element reference");
    client
        .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
        .await
        .expect("scroll into view");
    element
}

async fn type_into(client: &Client, selector: &str, text: &str) {
    let field = visible(client, selector).await;
    field.clear().await.expect("clear field");
    field.send_keys(text).await.expect("type");
}

/// Picks `value` in a select, once the screen has loaded that option (its
/// list often arrives after the select itself).
async fn choose(client: &Client, selector: &str, value: &str) {
    let option = format!("{selector} option[value=\"{value}\"]");
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if client
            .find_all(Locator::Css(&option))
            .await
            .is_ok_and(|found| !found.is_empty())
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    visible(client, selector)
        .await
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("choose '{value}' in '{selector}': {e}"));
}

/// Sets a date or month input as React expects (WebDriver cannot type into
/// them reliably).
async fn set_input(client: &Client, selector: &str, value: &str) {
    let input = visible(client, selector).await;
    let arg = serde_json::to_value(&input).expect("element reference");
    client
        .execute(
            "const input = arguments[0];
             const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
             set.call(input, arguments[1]);
             input.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![arg, serde_json::json!(value)],
        )
        .await
        .expect("set the input");
}

/// An exact decimal from the CLI's JSON.
fn decimal(value: &serde_json::Value) -> rust_decimal::Decimal {
    value
        .as_str()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("not a decimal string: {value}"))
}

/// `1234.5` → `1,234.50`, as the window shows amounts.
fn shown(amount: rust_decimal::Decimal) -> String {
    let text = format!("{:.2}", amount.round_dp(2));
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped}.{frac}")
}

/// Clicks a control through the DOM. A WebDriver click aims at where the
/// element was when it was scrolled into view; while a screen is still
/// loading (tiles, charts, lists arriving) the layout can move under it and
/// the click lands elsewhere, which made runs flaky. The element's own
/// `click()` fires the same handlers wherever it has moved to.
async fn click(client: &Client, selector: &str) {
    let element = visible(client, selector).await;
    let arg = serde_json::to_value(&element).expect("element reference");
    // A control still busy with the last step is waited for, as a person would.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let clicked = client
            .execute(
                "const e = arguments[0]; if (e.disabled) return false; e.click(); return true;",
                vec![arg.clone()],
            )
            .await
            .unwrap_or_else(|e| panic!("click '{selector}': {e}"));
        if clicked == serde_json::Value::Bool(true) {
            return;
        }
        assert!(Instant::now() < deadline, "'{selector}' stayed disabled");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn shots_dir() -> PathBuf {
    let dir = std::env::var_os("RUNRATE_SHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target/e2e-shots"));
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

#[tokio::test(flavor = "multi_thread")]
async fn a_code_created_in_the_window_is_read_back_by_the_cli() {
    let Some(session) = Session::with_demo(&[]).await else {
        return;
    };
    let (client, cli, db) = (&session.client, &session.cli, &session.db);

    // First run: the demo is offered, and loading it filled the register.
    click(client, "button[data-area=codes]").await;
    wait_for_text(client, ".codes-table", "cs-case-summary-prod").await;

    // A code that breaks the rule is flagged as it is typed.
    click(client, "#new-code").await;
    type_into(client, "#f-code", "Fin-AP").await;
    let issue = wait_for_text(client, "[data-field=code] .issue", "breaks the code rule").await;
    assert!(issue.contains("try 'fin-ap'"), "{issue}");

    // A production code in a department that does not exist yet.
    type_into(client, "#f-code", "proc-invoice-match-prod").await;
    type_into(
        client,
        "#f-description",
        "Matches supplier invoices to purchase orders",
    )
    .await;
    type_into(client, "#f-department", "Procurement").await;
    click(client, "[data-field=department] button").await;
    choose(client, "#f-stage", "production").await;
    choose(client, "#f-environment", "production").await;
    choose(client, "#f-model_tier", "standard").await;
    choose(client, "#f-data_classification", "internal").await;
    type_into(client, "#f-business_owner", "Mina Ortiz").await;
    type_into(client, "#f-cost_centre", "CC-6120").await;
    type_into(client, "#f-expected_run_rate", "740.25").await;
    click(client, "#save-code").await;
    // Production needs a budget cap: the engine says so next to the field.
    wait_for_text(client, "[data-field=budget_cap] .issue", "cap").await;
    type_into(client, "#f-budget_cap", "1,000").await;
    type_into(client, "#f-approval_reference", "CAB-3012").await;
    click(client, "#save-code").await;
    wait_for_text(client, "[role=status]", "Added proc-invoice-match-prod").await;
    wait_for_text(client, ".codes-table", "proc-invoice-match-prod").await;

    let shot = client.screenshot().await.expect("screenshot");
    let path = shots_dir().join("service-codes.png");
    std::fs::write(&path, shot).expect("save screenshot");
    eprintln!("screenshot: {}", path.display());

    // The CLI reads the same database the window wrote.
    let out = Command::new(cli)
        .args(["codes", "show", "proc-invoice-match-prod", "--json"])
        .env("RUNRATE_DB", db)
        .output()
        .expect("run the CLI");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let code: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(code["department"], "Procurement");
    assert_eq!(code["stage"], "production");
    assert_eq!(code["budget_cap"], "1000");
    assert_eq!(code["expected_run_rate"], "740.25");
    assert_eq!(code["business_owner"], "Mina Ortiz");
    assert_eq!(code["created_at"], CLOCK);

    session.end().await;
}

fn screenshot_to(name: &str) -> PathBuf {
    shots_dir().join(name)
}

async fn save_shot(client: &Client, name: &str) {
    let shot = client.screenshot().await.expect("screenshot");
    let path = screenshot_to(name);
    std::fs::write(&path, shot).expect("save screenshot");
    eprintln!("screenshot: {}", path.display());
}

fn cli_json(cli: &Path, db: &Path, args: &[&str]) -> serde_json::Value {
    let out = Command::new(cli)
        .args(args)
        .arg("--json")
        .env("RUNRATE_DB", db)
        .env("RUNRATE_CLOCK", CLOCK)
        .output()
        .expect("run the CLI");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[tokio::test(flavor = "multi_thread")]
async fn workbooks_imported_through_the_window_are_reported_by_the_cli() {
    let fixtures = workspace().join("tests/fixtures/import");
    // WebDriver cannot drive the native file dialog; the app takes these as picked.
    let picked = std::env::join_paths([
        fixtures.join("showback-acme.xlsx"),
        fixtures.join("ledger-extract.xlsx"),
        fixtures.join("openai-cost.csv"),
    ])
    .expect("paths");
    let Some(session) = Session::with_demo(&[("RUNRATE_PICK_FILES", picked)]).await else {
        return;
    };
    let (client, cli, db) = (&session.client, &session.cli, &session.db);
    // The demo has its own September showback; the files below add to it.
    let september = [
        "report",
        "spend",
        "--month",
        "2026-09",
        "--by",
        "service-code",
        "--source",
        "showback",
    ];
    let demo = cli_json(cli, db, &september);
    let demo_group = |key: &str| {
        demo["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .find(|g| g["key"] == key)
            .map(|g| decimal(&g["amount"]))
            .unwrap_or_default()
    };
    let demo_total = decimal(&demo["total"]);
    let demo_fin = demo_group("fin-ap-query-prod");

    // Finance's workbook: previewed with every row accounted for, then imported.
    click(client, "button[data-area=imports]").await;
    click(client, "#choose-import-files").await;
    let acme = "article.import-card[data-file='showback-acme.xlsx']";
    let sentence = wait_for_text(
        client,
        &format!("{acme} p.accounting-sentence"),
        "5 lines to import",
    )
    .await;
    assert!(sentence.contains("15 rows read"), "{sentence}");
    // HR's subtotal disagrees with its lines: shown as a warning, by place.
    wait_for_text(
        client,
        &format!("{acme} tr.severity-warning"),
        "Sheet 'HR' row 6",
    )
    .await;
    save_shot(client, "imports-preview.png").await;
    click(client, &format!("{acme} button.commit-import")).await;
    wait_for_text(
        client,
        &format!("{acme} p.import-outcome"),
        "Imported as import #3",
    )
    .await;
    wait_for_text(
        client,
        "#import-history tr[data-import-id='3']",
        "showback-acme.xlsx",
    )
    .await;

    // A layout Runrate does not know: mapped once in the editor, then imported.
    let ledger = "article.import-card[data-file='ledger-extract.xlsx']";
    visible(client, "#mapping-name").await;
    type_into(client, "#mapping-name", "Group ledger extract").await;
    choose(client, "select[data-column-index='0']", "description").await;
    choose(client, "select[data-column-index='1']", "period").await;
    choose(client, "select[data-column-index='2']", "service_code").await;
    choose(client, "select[data-column-index='3']", "amount").await;
    choose(client, "select[data-column-index='4']", "currency").await;
    save_shot(client, "mapping-editor.png").await;
    click(client, "#save-mapping").await;
    wait_for_text(
        client,
        &format!("{ledger} p.accounting-sentence"),
        "2 lines to import",
    )
    .await;
    click(client, &format!("{ledger} button.commit-import")).await;
    wait_for_text(
        client,
        &format!("{ledger} p.import-outcome"),
        "Imported as import #4",
    )
    .await;
    // A long screen scrolls inside its own pane; the window's frame (and the
    // navigation with it) never moves.
    let frame = client
        .execute(
            "return [document.documentElement.scrollTop + document.querySelector('.app').scrollTop,
                     document.querySelector('.screen').scrollTop];",
            vec![],
        )
        .await
        .expect("read scroll positions");
    assert_eq!(frame[0], 0, "the app frame scrolled: {frame}");
    assert!(
        frame[1].as_f64().unwrap_or(0.0) > 0.0,
        "the screen did not scroll: {frame}"
    );
    save_shot(client, "imports-done.png").await;

    // The OpenAI cost export: its API key belongs to no service code yet.
    let openai = "article.import-card[data-file='openai-cost.csv']";
    wait_for_text(
        client,
        &format!("{openai} p.accounting-sentence"),
        "lines to import",
    )
    .await;
    click(client, &format!("{openai} button.commit-import")).await;
    wait_for_text(
        client,
        &format!("{openai} p.import-outcome"),
        "Imported as import #5",
    )
    .await;

    // Unattributed finance codes are mapped to a service code in one step.
    click(client, "button[data-area=attribution]").await;
    let row = "#unattributed-spend tr[data-identifier='WL-RECON']";
    visible(client, row).await;
    choose(
        client,
        &format!("{row} select.map-code"),
        "fin-ap-query-prod",
    )
    .await;
    click(client, &format!("{row} button.map-button")).await;
    wait_for_text(client, "[role=status]", "fin-ap-query-prod").await;

    // So is the OpenAI key nobody had claimed: one rule, and its lines move.
    let key_row = "#unattributed-spend tr[data-identifier='key_Zz9yy8']";
    visible(client, key_row).await;
    choose(
        client,
        &format!("{key_row} select.map-code"),
        "fin-ap-query-prod",
    )
    .await;
    click(client, &format!("{key_row} button.map-button")).await;
    gone(client, key_row).await;
    save_shot(client, "attribution.png").await;
    let rules = cli_json(cli, db, &["map", "list"]);
    assert!(
        rules
            .as_array()
            .expect("a list")
            .iter()
            .any(|r| r["pattern"] == "key_Zz9yy8" && r["service_code"] == "fin-ap-query-prod"),
        "{rules}"
    );
    let left = cli_json(cli, db, &["unattributed"]);
    assert!(
        !left.to_string().contains("key_Zz9yy8"),
        "the key is still unattributed: {left}"
    );
    // The rule is listed under the rules in force.
    wait_for_text(
        client,
        "#rules-table tr[data-pattern='key_Zz9yy8']",
        "fin-ap-query-prod",
    )
    .await;

    // The overview reports September's showback by department.
    click(client, "button[data-area=overview]").await;
    choose(client, "#spend-source", "showback").await;
    set_input(client, "#spend-month", "2026-09").await;
    let expected_total = demo_total + rust_decimal::Decimal::new(203395, 2);
    wait_for_text(client, "#spend-report", &shown(expected_total)).await;
    wait_for_text(client, "#spend-report tr[data-key='Finance']", "Finance").await;
    save_shot(client, "overview.png").await;
    // Every total opens its lines, each with its file, sheet and row.
    click(client, "#spend-report tr[data-key='Finance'] button").await;
    wait_for_content(client, "#drill-table", "showback-acme.xlsx").await;
    visible(client, "#drill-table").await;
    save_shot(client, "overview-lines.png").await;
    // A line's number opens its history, the same the CLI reads.
    let first = "#drill-table tbody tr:first-child .line-history-open";
    let line = wait_for_content(client, first, "").await.trim().to_string();
    click(client, first).await;
    let changes = cli_json(cli, db, &["audit", "line", &line]);
    let changes = changes.as_array().expect("a list");
    let expected = match changes.last() {
        Some(last) => last["action"]
            .as_str()
            .expect("an audited action")
            .to_string(),
        None => "Nothing has changed".to_string(),
    };
    wait_for_content(client, ".line-history", &expected).await;
    wait_for_content(client, ".line-history", &format!("Line {line}")).await;
    visible(client, ".line-history").await;
    wait_for_content(client, ".line-history", &expected).await;
    save_shot(client, "line-history.png").await;

    // Settings shows the seeded price book and takes an FX rate.
    click(client, "button[data-area=settings]").await;
    wait_for_text(client, "#price-book", "claude-sonnet-5-5").await;
    wait_for_text(client, "#saved-mappings", "Group ledger extract").await;
    type_into(client, "#fx-month", "2026-09").await;
    type_into(client, "#fx-from", "USD").await;
    type_into(client, "#fx-to", "GBP").await;
    type_into(client, "#fx-rate", "0.7512").await;
    type_into(client, "#fx-source", "finance month-end").await;
    click(client, "#save-fx").await;
    wait_for_text(client, "#fx-rates", "0.7512").await;
    save_shot(client, "settings-prices.png").await;

    // The CLI sees what the window did, in the same database.
    let mapping = cli_json(cli, db, &["mappings", "show", "Group ledger extract"]);
    assert_eq!(mapping["columns"]["currency"], "Curr");
    assert_eq!(mapping["columns"]["amount"], "Sum");
    let rates = cli_json(cli, db, &["fx", "list"]);
    let september_rate = rates
        .as_array()
        .expect("a list")
        .iter()
        .find(|r| r["month"] == "2026-09" && r["from"] == "USD" && r["to"] == "GBP")
        .expect("September's rate");
    // Entered in the window, replacing the demo's rate for the month.
    assert_eq!(september_rate["rate"], "0.7512");
    let imports = cli_json(cli, db, &["imports", "list"]);
    // The demo's two generated files, then the three imported here.
    assert_eq!(imports.as_array().expect("a list").len(), 5);
    assert_eq!(imports[0]["format"], "openai-cost-csv");
    assert_eq!(imports[1]["mapping"], "Group ledger extract");
    let report = cli_json(cli, db, &september);
    // 1,611.95 from the workbook and 422.00 from the ledger extract, on top
    // of the demo's own September.
    assert_eq!(
        decimal(&report["total"]) - demo_total,
        rust_decimal::Decimal::new(203395, 2)
    );
    let recon = report["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["key"] == "fin-ap-query-prod")
        .expect("the mapped code has spend");
    // WL-RECON: 1,204.55 + 88.10 in the workbook, 410.00 in the ledger.
    assert_eq!(
        decimal(&recon["amount"]) - demo_fin,
        rust_decimal::Decimal::new(170265, 2)
    );

    session.end().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn forecasts_budgets_and_reconciliation_in_the_window_agree_with_the_cli() {
    let Some(session) = Session::with_demo(&[]).await else {
        return;
    };
    let (client, cli, db) = (&session.client, &session.cli, &session.db);

    // The overview has a tile per department with its forecast against budget.
    click(client, "button[data-area=overview]").await;
    let tile = "article.tile[data-scope='Customer Service']";
    let text = wait_for_text(client, tile, "Month to date").await;
    let cli_forecast = cli_json(cli, db, &["forecast", "--department", "Customer Service"]);
    let forecast = decimal(&cli_forecast["month"]["forecast"]);
    assert!(
        text.contains(&shown(forecast)),
        "the tile shows {text}, the CLI {forecast}"
    );
    visible(client, &format!("{tile} img.bullet")).await;
    save_shot(client, "overview-tiles.png").await;

    // Its forecast: the chart, the method in a sentence, the figures.
    click(client, &format!("{tile} button.link-button")).await;
    wait_for_text(client, "#forecast-explanation", "smallest error").await;
    visible(client, "img.forecast-chart").await;
    wait_for_text(client, ".forecast-figures", &shown(forecast)).await;
    save_shot(client, "budgets-forecast.png").await;

    // A budget set in the window is the CLI's budget, and its history.
    type_into(client, "#budget-amount", "2,500").await;
    click(client, "#budget-save").await;
    wait_for_text(client, "[role=status]", "set to 2,500.00 GBP").await;
    let budgets = cli_json(cli, db, &["budget", "list"]);
    let set = budgets
        .as_array()
        .expect("a list")
        .iter()
        .find(|b| b["scope"] == "Customer Service" && b["period"] == "2026-11")
        .expect("the budget");
    assert_eq!(set["amount"], "2500");
    let history = cli_json(cli, db, &["budget", "history"]);
    assert!(
        history
            .as_array()
            .expect("a list")
            .iter()
            .any(|c| c["scope"] == "Customer Service" && c["new_amount"] == "2500")
    );

    // Finance is forecast over budget: the day it runs out is shown.
    choose(client, "#forecast-scope", "department:Finance").await;
    wait_for_text(client, ".forecast-figures [data-status=over]", "").await;
    // The only full date in the figures is the day the budget runs out.
    wait_for_text(client, ".forecast-figures", "2026-11-").await;
    wait_for_text(client, "#forecast-explanation", "smallest error").await;
    save_shot(client, "budgets-over.png").await;
    // The spend to date opens its provider lines.
    click(client, "button.scope-lines").await;
    wait_for_content(client, "#drill-table", "demo-openai-").await;

    // Reconciliation: September has Marketing's over-charge as a dispute
    // candidate, with the lines on both sides.
    click(client, "button[data-area=reconciliation]").await;
    set_input(client, "#reconcile-month", "2026-09").await;
    let row = "#reconcile-table tr[data-key='mkt-copy-variants-pilot']";
    wait_for_text(client, row, "Dispute candidate").await;
    visible(client, "img.reconcile-chart").await;
    save_shot(client, "reconciliation-chart.png").await;
    click(client, &format!("{row} button.link-button")).await;
    wait_for_content(client, "#drill-table", "demo-finance-showback.csv").await;
    wait_for_content(client, "#drill-table", "demo-openai-costs.csv").await;
    save_shot(client, "reconciliation.png").await;
    let recon = cli_json(cli, db, &["reconcile", "--month", "2026-09"]);
    let mkt = recon["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["key"] == "mkt-copy-variants-pilot")
        .expect("the marketing row");
    assert_eq!(mkt["dispute_candidate"], true);
    assert_eq!(mkt["variance_percent"], "6.00");

    // Value: the summaries hypothesis with its verdict; outcomes recorded in
    // the window are the CLI's.
    click(client, "button[data-area=value]").await;
    wait_for_text(client, "#value-verdict", "resolved case").await;
    visible(client, "img.value-chart").await;
    save_shot(client, "value.png").await;
    type_into(client, "#outcome-month", "2026-10").await;
    type_into(client, "#outcome-count", "1,234").await;
    click(client, "#outcome-save").await;
    wait_for_text(client, "[role=status]", "Recorded 1234 for 2026-10").await;
    wait_for_text(client, "#value-months tr[data-month='2026-10']", "1234").await;
    let report = cli_json(cli, db, &["value", "show", "1"]);
    let october = report["months"]
        .as_array()
        .expect("months")
        .iter()
        .find(|m| m["month"] == "2026-10")
        .expect("October");
    assert_eq!(october["outcomes"], 1234);
    wait_for_text(client, "#portfolio-table", "Re-architect or retire").await;
    visible(client, "img.portfolio-chart").await;
    save_shot(client, "value-portfolio.png").await;

    // A new value hypothesis, written down in the window.
    click(client, "#new-hypothesis").await;
    choose(client, "#h-service_code", "fin-ap-query-prod").await;
    type_into(
        client,
        "#h-statement",
        "AI answers cut the cost per supplier query below £1.20",
    )
    .await;
    type_into(client, "#h-outcome_unit", "supplier query").await;
    type_into(client, "#h-baseline_cost", "3.10").await;
    type_into(client, "#h-target_cost", "1.20").await;
    type_into(client, "#h-expected_volume", "900").await;
    type_into(client, "#h-owner", "Ana Silva").await;
    type_into(client, "#h-start_month", "2026-08").await;
    type_into(client, "#h-review_date", "2027-03-31").await;
    save_shot(client, "value-new-hypothesis.png").await;
    click(client, "#h-save").await;
    wait_for_text(client, "#value-verdict", "supplier query").await;
    let listed = cli_json(cli, db, &["value", "list"]);
    assert!(
        listed
            .as_array()
            .expect("a list")
            .iter()
            .any(
                |h| h["statement"] == "AI answers cut the cost per supplier query below £1.20"
                    && h["target_cost"] == "1.2"
            ),
        "{listed}"
    );

    session.end().await;
}

/// The ticked lines' checkboxes: every finance line of `code` in the table.
async fn tick_lines_of(client: &Client, code: &str) -> usize {
    let rows = client
        .find_all(Locator::Css("#dispute-lines tbody tr"))
        .await
        .expect("the finance lines");
    let mut ticked = 0;
    for row in rows {
        if row.text().await.is_ok_and(|t| t.contains(code)) {
            let arg = serde_json::to_value(&row).expect("row reference");
            client
                .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
                .await
                .expect("scroll to the line");
            row.find(Locator::Css("input[data-line-id]"))
                .await
                .expect("the line's checkbox")
                .click()
                .await
                .expect("tick the line");
            ticked += 1;
        }
    }
    ticked
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dispute_signed_in_the_window_verifies_with_the_cli_and_tampering_is_caught() {
    let saved = tempfile::tempdir().expect("a folder for packs");
    let dispute_pack = saved.path().join("runrate-dispute-marketing-2026-09.zip");
    let env = [
        ("RUNRATE_KEY_STORE", "file".into()),
        ("RUNRATE_SAVE_DIR", saved.path().as_os_str().to_owned()),
        ("RUNRATE_PICK_PACK", dispute_pack.as_os_str().to_owned()),
    ];
    let Some(session) = Session::with_demo(&env).await else {
        return;
    };
    let (client, cli, db) = (&session.client, &session.cli, &session.db);
    const PASSPHRASE: &str = "correct horse battery";

    // Who signs, and the key: no keychain here, so creating it asks for a
    // passphrase and keeps the key in a protected file.
    click(client, "button[data-area=settings]").await;
    type_into(client, "#settings-owner-name", "Maya Patel").await;
    type_into(client, "#settings-owner-role", "Head of Marketing Ops").await;
    click(client, "#settings-save").await;
    wait_for_text(client, "[role=status]", "Settings saved").await;
    click(client, "#create-signing-key").await;
    type_into(client, "#signing-passphrase", PASSPHRASE).await;
    click(client, "#create-signing-key").await;
    let fingerprint = wait_for_text(client, "#signing-fingerprint", "SHA256:").await;
    wait_for_text(client, "#signing-store", "passphrase-protected file").await;
    // The window says where the key file is, and it is there.
    let key_file = wait_for_text(client, "#signing-key-file", "pack-signing-").await;
    assert!(
        std::path::Path::new(key_file.trim()).is_file(),
        "no key file at {key_file}"
    );
    let key = cli_json(cli, db, &["key", "show"]);
    assert_eq!(key["fingerprint"], fingerprint.trim());
    save_shot(client, "settings-signing-key.png").await;

    // September's marketing over-charge, disputed line by line: the evidence
    // brings the provider's lines and the reconciliation along.
    click(client, "button[data-area=disputes]").await;
    choose(client, "#dispute-department", "Marketing").await;
    set_input(client, "#dispute-month", "2026-09").await;
    wait_for_text(client, "#dispute-lines", "mkt-copy-variants-pilot").await;
    let ticked = tick_lines_of(client, "mkt-copy-variants-pilot").await;
    assert!(ticked > 0, "no marketing lines to tick");
    wait_for_text(client, "#dispute-selection", "ticked").await;
    choose(client, "#dispute-reason", "price_or_fx_error").await;
    type_into(
        client,
        "#dispute-explanation",
        "Finance priced the pilot 6% above OpenAI's invoice.",
    )
    .await;
    click(client, "#dispute-record").await;
    wait_for_text(
        client,
        "[data-testid=dispute-evidence]",
        "demo-openai-costs.csv",
    )
    .await;
    wait_for_text(client, "#disputes-table", "Open").await;
    save_shot(client, "disputes-evidence.png").await;
    let disputes = cli_json(
        cli,
        db,
        &[
            "dispute",
            "list",
            "--department",
            "Marketing",
            "--month",
            "2026-09",
        ],
    );
    let disputes = disputes.as_array().expect("a list");
    assert_eq!(disputes.len(), 1, "{disputes:?}");
    assert_eq!(disputes[0]["reason"], "price_or_fx_error");

    // The dispute pack, signed with the file key: the passphrase is asked for.
    click(client, "button[data-area=packs]").await;
    choose(client, "#pack-kind", "dispute").await;
    choose(client, "#pack-department", "Marketing").await;
    set_input(client, "#pack-month", "2026-09").await;
    type_into(client, "#pack-passphrase", PASSPHRASE).await;
    click(client, "#pack-export-button").await;
    let exported = wait_for_text(client, "[data-testid=pack-exported]", "RR-2026-09-").await;
    assert!(
        dispute_pack.exists(),
        "no pack at {}",
        dispute_pack.display()
    );
    assert!(exported.contains("ledger.csv"), "{exported}");
    wait_for_text(client, "#packs-table", "RR-2026-09-").await;
    save_shot(client, "packs-exported.png").await;

    // Finance's view: the CLI, trusting only the public key, says it is
    // signed and whole; the dispute went out.
    let public = saved.path().join("maya.pub");
    std::fs::write(&public, key["public_key"].as_str().expect("public key")).expect("save key");
    let checked = cli_json(
        cli,
        db,
        &[
            "verify",
            dispute_pack.to_str().expect("path"),
            "--trusted-key",
            public.to_str().expect("path"),
        ],
    );
    assert_eq!(checked["valid"], true, "{checked}");
    assert_eq!(checked["trusted"], true, "{checked}");
    assert_eq!(checked["manifest"]["kind"], "dispute");
    assert_eq!(checked["manifest"]["department"], "Marketing");
    let disputes = cli_json(
        cli,
        db,
        &[
            "dispute",
            "list",
            "--department",
            "Marketing",
            "--month",
            "2026-09",
        ],
    );
    assert_eq!(disputes[0]["status"], "sent", "{disputes}");

    // Opened in the window: valid and trusted (the workspace's own key).
    click(client, "#pack-choose").await;
    wait_for_text(
        client,
        "#pack-chosen",
        "runrate-dispute-marketing-2026-09.zip",
    )
    .await;
    click(client, "#pack-verify").await;
    let verdict = wait_for_text(client, "[data-testid=pack-verdict]", &fingerprint).await;
    let shown_valid = client
        .find(Locator::Css("[data-testid=pack-verdict]"))
        .await
        .expect("the verdict")
        .attr("data-valid")
        .await
        .expect("data-valid");
    assert_eq!(shown_valid.as_deref(), Some("true"), "{verdict}");
    wait_for_text(client, "#pack-manifest-signer", "Maya Patel").await;
    visible(client, "[data-testid=pack-verdict]").await;
    save_shot(client, "packs-verified.png").await;

    // One byte changed in the middle of the file: the window says so.
    let mut bytes = std::fs::read(&dispute_pack).expect("read the pack");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&dispute_pack, &bytes).expect("tamper with the pack");
    click(client, "#pack-choose").await;
    click(client, "#pack-verify").await;
    let tampered = client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("[data-testid=pack-verdict][data-valid=false]"))
        .await
        .expect("the tampered pack is shown as invalid");
    let text = tampered.text().await.expect("verdict text");
    assert!(!text.is_empty());
    visible(client, "[data-testid=pack-verdict]").await;
    save_shot(client, "packs-tampered.png").await;

    // October approved for Marketing, then signed in an approval pack: the
    // approval shows as signed and the CLI lists both packs.
    click(client, "button[data-area=disputes]").await;
    choose(client, "#dispute-department", "Marketing").await;
    set_input(client, "#dispute-month", "2026-10").await;
    wait_for_text(
        client,
        "#approval-empty",
        "Marketing's 2026-10 has not been approved yet",
    )
    .await;
    click(client, "#approval-record").await;
    wait_for_text(
        client,
        "#approval-panel",
        "Approval of Marketing 2026-10 recorded for Maya Patel",
    )
    .await;
    wait_for_text(client, "#approval-current", "Maya Patel").await;
    click(client, "button[data-area=packs]").await;
    choose(client, "#pack-kind", "approval").await;
    choose(client, "#pack-department", "Marketing").await;
    set_input(client, "#pack-month", "2026-10").await;
    type_into(client, "#pack-passphrase", PASSPHRASE).await;
    click(client, "#pack-export-button").await;
    wait_for_text(client, "[data-testid=pack-exported]", "RR-2026-10-").await;
    assert!(
        saved
            .path()
            .join("runrate-approval-marketing-2026-10.zip")
            .exists()
    );
    click(client, "button[data-area=disputes]").await;
    choose(client, "#dispute-department", "Marketing").await;
    set_input(client, "#dispute-month", "2026-10").await;
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("#approval-current[data-status=signed]"))
        .await
        .expect("the approval is shown as signed");
    visible(client, "#approval-panel").await;
    save_shot(client, "approval-signed.png").await;
    let packs = cli_json(cli, db, &["packs"]);
    let kinds: Vec<&str> = packs
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|p| p["kind"].as_str())
        .collect();
    assert_eq!(kinds.len(), 2, "{packs}");
    assert!(
        kinds.contains(&"approval") && kinds.contains(&"dispute"),
        "{packs}"
    );

    session.end().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_taken_in_the_window_brings_the_data_back_after_the_demo_is_cleared() {
    let saves = tempfile::tempdir().expect("a folder for the backup");
    let backup = saves.path().join("runrate-backup-2026-11-22.sqlite");
    let Some(session) = Session::with_demo(&[
        ("RUNRATE_SAVE_DIR", saves.path().as_os_str().to_owned()),
        ("RUNRATE_PICK_BACKUP", backup.as_os_str().to_owned()),
    ])
    .await
    else {
        return;
    };
    let (client, cli, db) = (&session.client, &session.cli, &session.db);
    let imports_before = cli_json(cli, db, &["imports", "list"]);
    assert_eq!(imports_before.as_array().expect("a list").len(), 2);

    // About says where the data lives.
    click(client, "button[data-area=about]").await;
    wait_for_text(client, "#about-data-location", "runrate.db").await;
    save_shot(client, "about.png").await;

    // A backup saved from Settings, checked by the engine.
    click(client, "button[data-area=settings]").await;
    wait_for_text(client, "#data-location", "runrate.db").await;
    click(client, "#backup-now").await;
    // The copy is written and checked on the engine's writer connection; on
    // a cold first start that can queue behind the Overview's forecasts.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !backup.is_file() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(backup.is_file(), "no backup at {}", backup.display());
    wait_for_content(
        client,
        "#your-data [role=status]",
        "Backup saved and checked",
    )
    .await;

    // Clearing the demo asks first, then leaves an empty workspace.
    click(client, "#clear-demo").await;
    wait_for_text(client, "[role=alertdialog]", "removes everything").await;
    save_shot(client, "settings-clear-demo.png").await;
    click(client, "#data-confirm").await;
    wait_for_text(client, "main [role=status]", "Demo cleared").await;
    let imports = cli_json(cli, db, &["imports", "list"]);
    assert_eq!(imports.as_array().expect("a list").len(), 0);
    click(client, "button[data-area=overview]").await;
    visible(client, "#welcome").await;
    save_shot(client, "overview-empty.png").await;

    // Restoring the backup brings everything back.
    click(client, "button[data-area=settings]").await;
    click(client, "#restore-file").await;
    wait_for_text(
        client,
        "[role=alertdialog]",
        "runrate-backup-2026-11-22.sqlite",
    )
    .await;
    click(client, "#data-confirm").await;
    wait_for_text(client, "main [role=status]", "Restored").await;
    wait_for_text(client, "#backups-table", "Before a restore").await;
    save_shot(client, "settings-data.png").await;
    let imports = cli_json(cli, db, &["imports", "list"]);
    assert_eq!(imports, imports_before);
    click(client, "button[data-area=overview]").await;
    visible(client, "article.tile").await;

    session.end().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_follows_the_dark_theme_of_the_desktop() {
    let Some(session) =
        Session::with_demo(&[("GTK_THEME", std::ffi::OsString::from("Adwaita:dark"))]).await
    else {
        return;
    };
    let client = &session.client;
    let dark = client
        .execute(
            "return [matchMedia('(prefers-color-scheme: dark)').matches,
                     getComputedStyle(document.querySelector('.content')).backgroundColor,
                     getComputedStyle(document.querySelector('.screen h1')).color];",
            vec![],
        )
        .await
        .expect("read the theme");
    assert_eq!(
        dark[0], true,
        "WebKit did not report the dark theme: {dark}"
    );
    // The page is dark and its text light: sum of the RGB channels.
    let channels = |css: &serde_json::Value| -> u32 {
        css.as_str()
            .unwrap_or_default()
            .trim_start_matches("rgba(")
            .trim_start_matches("rgb(")
            .trim_end_matches(')')
            .split(',')
            .take(3)
            .filter_map(|c| c.trim().parse::<u32>().ok())
            .sum()
    };
    assert!(
        channels(&dark[1]) < 200,
        "the background is not dark: {dark}"
    );
    assert!(channels(&dark[2]) > 500, "the heading is not light: {dark}");
    visible(client, "article.tile img.bullet").await;
    save_shot(client, "overview-dark.png").await;
    click(client, "button[data-area=reconciliation]").await;
    set_input(client, "#reconcile-month", "2026-09").await;
    wait_for_text(client, "#reconcile-table", "mkt-copy-variants-pilot").await;
    save_shot(client, "reconciliation-dark.png").await;

    session.end().await;
}
