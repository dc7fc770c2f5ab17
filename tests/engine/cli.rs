//! The `runrate` binary: arguments, JSON output and exit codes.

use std::path::Path;
use std::process::{Command, Output};

fn runrate(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_runrate"))
        .args(args)
        .env("RUNRATE_DB", db)
        .env("RUNRATE_CLOCK", crate::common::NOW)
        .env("NO_COLOR", "1")
        .output()
        .expect("run runrate")
}

/// A database in a temporary folder with the demo loaded.
fn demo_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runrate.db");
    assert!(runrate(&db, &["demo"]).status.success());
    (dir, db)
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

const PROD: &[&str] = &[
    "--description",
    "AP invoice query assistant",
    "--department",
    "Finance",
    "--business-owner",
    "Ana Silva",
    "--cost-centre",
    "CC-4410",
    "--environment",
    "production",
    "--stage",
    "production",
    "--model-tier",
    "standard",
    "--providers",
    "openai,anthropic",
    "--data-class",
    "internal",
    "--budget-cap",
    "1200",
    "--run-rate",
    "900.10",
];

fn add(db: &Path, code: &str) -> Output {
    let mut args = vec!["codes", "add", code];
    args.extend_from_slice(PROD);
    runrate(db, &args)
}

#[test]
fn fin_ap_is_rejected_with_exit_code_one_and_the_rule_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    assert!(
        runrate(&db, &["departments", "add", "Finance"])
            .status
            .success()
    );

    let out = add(&db, "Fin-AP");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("breaks the code rule"), "{stderr}");
    assert!(!stderr.contains("Error {"), "no debug output: {stderr}");

    let mut args = vec!["codes", "add", "Fin-AP", "--json"];
    args.extend_from_slice(PROD);
    let out = runrate(&db, &args);
    assert_eq!(out.status.code(), Some(1));
    let body = json(&out);
    assert_eq!(body["error"]["code"], "invalid");
    assert_eq!(body["error"]["fields"][0]["field"], "code");
}

#[test]
fn a_code_round_trips_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    assert!(
        runrate(&db, &["departments", "add", "Finance", "--alias", "fin"])
            .status
            .success()
    );
    let out = add(&db, "fin-ap-query-prod");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let listed = json(&runrate(&db, &["codes", "list", "--json"]));
    assert_eq!(listed[0]["code"], "fin-ap-query-prod");
    assert_eq!(
        listed[0]["expected_run_rate"], "900.1",
        "amounts are exact decimal strings"
    );
    assert_eq!(listed[0]["created_at"], crate::common::NOW);

    let out = runrate(
        &db,
        &[
            "codes",
            "edit",
            "fin-ap-query-prod",
            "--budget-cap",
            "1500",
            "--json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["budget_cap"], "1500");

    assert_eq!(
        runrate(&db, &["codes", "retire", "fin-ap-query-prod"])
            .status
            .code(),
        Some(0)
    );
    let shown = json(&runrate(
        &db,
        &["codes", "show", "fin-ap-query-prod", "--json"],
    ));
    assert_eq!(shown["status"], "retired");

    let xlsx = dir.path().join("register.xlsx");
    let out = runrate(&db, &["codes", "export", xlsx.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let other = dir.path().join("other.db");
    let out = runrate(
        &other,
        &["codes", "import", xlsx.to_str().unwrap(), "--json"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["created"][0], "fin-ap-query-prod");
    let back = json(&runrate(
        &other,
        &["codes", "show", "fin-ap-query-prod", "--json"],
    ));
    for field in [
        "budget_cap",
        "expected_run_rate",
        "department",
        "status",
        "cost_centre",
    ] {
        assert_eq!(back[field], shown[field], "{field}");
    }

    let verified = runrate(&db, &["audit", "verify", "--json"]);
    assert_eq!(verified.status.code(), Some(0));
    assert_eq!(json(&verified)["valid"], true);
}

#[test]
fn unknown_things_and_bad_usage_have_distinct_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let missing = runrate(&db, &["codes", "show", "no-such-code"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no-such-code"));

    let usage = runrate(&db, &["codes", "frobnicate"]);
    assert_eq!(usage.status.code(), Some(2));

    let unreadable = runrate(&db, &["codes", "import", "/nonexistent/register.csv"]);
    assert_eq!(unreadable.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unreadable.stderr).contains("register.csv"));
}

#[test]
fn a_showback_workbook_is_reported_by_department_and_a_layout_is_mapped_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let fixture = |name: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import")
            .join(name)
            .display()
            .to_string()
    };
    let imported = runrate(&db, &["import", &fixture("showback-acme.xlsx"), "--json"]);
    assert_eq!(imported.status.code(), Some(0), "{imported:?}");
    let summary = &json(&imported)["imports"][0];
    assert_eq!(summary["format"], "showback");
    assert_eq!(summary["totals"][0]["amount"], "1611.95");

    let report = runrate(
        &db,
        &[
            "report",
            "spend",
            "--month",
            "2026-09",
            "--by",
            "department",
            "--source",
            "showback",
            "--json",
        ],
    );
    assert_eq!(report.status.code(), Some(0), "{report:?}");
    let r = json(&report);
    assert_eq!(r["month"], "2026-09");
    assert_eq!(r["currency"], "GBP");
    assert_eq!(r["groups"][0]["key"], "Finance");
    assert_eq!(r["groups"][0]["amount"], "1602.65");
    assert_eq!(r["total"], "1611.95");
    assert_eq!(r["unattributed"]["share"], "1");

    // An unknown layout: exit code 1 and a message that says what to do.
    let unknown = runrate(&db, &["import", &fixture("ledger-extract.xlsx")]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("map this file's columns once"));
    let saved = runrate(
        &db,
        &[
            "mappings",
            "import",
            &fixture("ledger-extract.mapping.json"),
        ],
    );
    assert_eq!(saved.status.code(), Some(0), "{saved:?}");
    let mapped = runrate(
        &db,
        &[
            "import",
            &fixture("ledger-extract.xlsx"),
            "--mapping",
            "Group ledger extract",
            "--json",
        ],
    );
    assert_eq!(mapped.status.code(), Some(0), "{mapped:?}");
    assert_eq!(
        json(&mapped)["imports"][0]["mapping"],
        "Group ledger extract"
    );

    let fx = runrate(
        &db,
        &["fx", "set", "2026-09", "USD", "GBP", "0.75", "--json"],
    );
    assert_eq!(json(&fx)["rate"], "0.75");
    let prices = runrate(&db, &["prices", "list", "--json"]);
    assert!(json(&prices).as_array().unwrap().len() > 40);
}

#[test]
fn forecast_budget_alerts_reconcile_split_and_readiness_from_the_command_line() {
    let (dir, db) = demo_db();

    // The forecast JSON contract: scope, as_of, currency, month and year with
    // their figures as decimal strings (or null), method and status.
    let out = runrate(
        &db,
        &[
            "forecast",
            "--department",
            "Cust Svc",
            "--as-of",
            "2026-11-15",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let f = json(&out);
    assert_eq!(f["scope"]["key"], "Customer Service");
    assert_eq!(f["as_of"], "2026-11-15");
    assert_eq!(f["currency"], "GBP");
    for period in ["month", "year"] {
        for key in [
            "actual_to_date",
            "forecast",
            "low",
            "high",
            "budget",
            "variance",
        ] {
            let v = &f[period][key];
            assert!(
                v.is_null()
                    || v.as_str()
                        .is_some_and(|t| t.parse::<rust_decimal::Decimal>().is_ok()),
                "{period}.{key} = {v}"
            );
        }
        assert!(f[period]["method"].is_string());
        assert!(f[period]["status"].is_string());
    }
    assert_eq!(f["month"]["period"], "2026-11");
    assert_eq!(f["year"]["period"], "FY2026");

    // A chart comes out as SVG.
    let chart = dir.path().join("chart.svg");
    let out = runrate(
        &db,
        &[
            "forecast",
            "--service-code",
            "fin-ap-query-prod",
            "--chart",
            chart.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("80% range") && text.contains("method"),
        "{text}"
    );
    assert!(std::fs::read_to_string(&chart).unwrap().starts_with("<svg"));

    // Neither or both scopes: a usage error from clap.
    assert_eq!(runrate(&db, &["forecast"]).status.code(), Some(2));

    // Budgets set, listed and kept in history; bad input exits 1 with words.
    let out = runrate(
        &db,
        &[
            "budget",
            "set",
            "--department",
            "People",
            "--period",
            "FY2026",
            "--amount",
            "5,000",
            "--thresholds",
            "50,100",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad = runrate(
        &db,
        &[
            "budget",
            "set",
            "--department",
            "People",
            "--period",
            "soon",
            "--amount",
            "1",
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("period 'soon'"));
    let list = json(&runrate(&db, &["budget", "list", "--json"]));
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|b| b["scope"] == "People" && b["amount"] == "5000")
    );
    let history = json(&runrate(&db, &["budget", "history", "--json"]));
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["scope"] == "People")
    );

    let alerts = json(&runrate(&db, &["alerts", "--json"]));
    assert!(
        alerts
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["message"].is_string())
    );

    let recon = json(&runrate(
        &db,
        &["reconcile", "--month", "2026-09", "--json"],
    ));
    assert!(recon["dispute_candidates"].as_u64().unwrap() >= 1);
    let lines = json(&runrate(
        &db,
        &[
            "reconcile",
            "--month",
            "2026-09",
            "--lines",
            "mkt-copy-variants-pilot",
            "--json",
        ],
    ));
    assert!(lines.as_array().unwrap().len() > 1);

    let split = json(&runrate(
        &db,
        &[
            "split",
            "--month",
            "2026-10",
            "--basis",
            "fixed",
            "--amount",
            "100.00",
            "--percentages",
            "cs-case-summary-prod=37,fin-ap-query-prod=63",
            "--json",
        ],
    ));
    let amounts: Vec<&str> = split["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["amount"].as_str().unwrap())
        .collect();
    assert_eq!(amounts, vec!["37.00", "63.00"]);

    let readiness = json(&runrate(&db, &["readiness", "--json"]));
    assert!(
        readiness
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["ready"] == true)
    );
    let anomalies = runrate(&db, &["anomalies", "--days", "90"]);
    assert!(anomalies.status.success());
}

#[test]
fn a_value_hypothesis_is_written_recorded_and_measured_from_the_command_line() {
    let (dir, db) = demo_db();
    let out = runrate(
        &db,
        &[
            "value",
            "add",
            "cs-case-summary-prod",
            "--statement",
            "Summaries cut cost per resolved case below £4.50",
            "--unit",
            "resolved case",
            "--baseline",
            "6.10",
            "--target",
            "4.50",
            "--other-cost",
            "2.80",
            "--volume",
            "1000",
            "--owner",
            "Priya Nair",
            "--start",
            "2026-08",
            "--review",
            "2027-03-31",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = json(&out)["id"].as_i64().unwrap().to_string();
    for (month, n) in [
        ("2026-08", "980"),
        ("2026-09", "1,040"),
        ("2026-10", "1100"),
    ] {
        let out = runrate(
            &db,
            &["value", "record", &id, "--month", month, "--outcomes", n],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let report = json(&runrate(&db, &["value", "show", &id, "--json"]));
    assert_eq!(report["cost_side"], "provider");
    assert_eq!(report["months"].as_array().unwrap().len(), 3);
    assert!(report["verdict"]["kind"].is_string());
    assert!(report["months"][2]["total_per_outcome"].is_string());
    let text = String::from_utf8_lossy(
        &runrate(&db, &["value", "show", &id, "--cost-side", "showback"]).stdout,
    )
    .to_string();
    assert!(
        text.contains("Verdict:") && text.contains("cost side: showback"),
        "{text}"
    );
    let bad = runrate(
        &db,
        &[
            "value",
            "record",
            &id,
            "--month",
            "2026-10",
            "--outcomes=-3",
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("outcomes '-3' is not a whole number"));
    let list = json(&runrate(&db, &["value", "list", "--json"]));
    // The demo's three and this one.
    assert_eq!(list.as_array().unwrap().len(), 4);
    let reviews = json(&runrate(&db, &["reviews", "--json"]));
    assert!(reviews["promotions"].as_array().unwrap().len() >= 6);
    let chart = dir.path().join("portfolio.svg");
    let out = runrate(
        &db,
        &["value", "portfolio", "--chart", chart.to_str().unwrap()],
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("re-architect or retire"));
    assert!(std::fs::read_to_string(&chart).unwrap().starts_with("<svg"));
}
