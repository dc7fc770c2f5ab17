//! Finance showback workbooks, saved mappings, API pages (JSON) and LiteLLM:
//! golden files per format and the quirks each one carries.

use runrate::api::imports::ImportOptions;
use runrate::error::Code;
use runrate::import::IssueSeverity;

use crate::common::fixture;
use crate::imports::{assert_accounted, fixture_file, golden_import, import, stored_lines};

fn messages(s: &runrate::api::imports::ImportSummary) -> Vec<String> {
    s.issues.iter().map(|i| i.message.clone()).collect()
}

#[tokio::test]
async fn showback_csv_with_title_rows_merged_groups_and_totals() {
    let (fx, s) = golden_import("showback-sep26.csv").await;
    assert_eq!(s.format, "showback");
    assert_eq!(s.source_kind, "showback");
    assert_eq!(s.lines_imported, 5);
    assert_eq!(s.rows_skipped.get("title or preamble row"), Some(&2));
    assert_eq!(s.rows_skipped.get("header row"), Some(&1));
    assert_eq!(
        s.rows_skipped.get("total or subtotal row (checked)"),
        Some(&3),
        "Finance Total, HR Total and Grand Total"
    );
    assert_eq!(s.totals[0].currency, "GBP");
    assert_eq!(s.totals[0].amount.to_string(), "1611.95");
    assert!(
        !s.issues.iter().any(|i| i.severity != IssueSeverity::Info),
        "every total agrees: {:?}",
        messages(&s)
    );
    assert_accounted(&s);
    let lines = stored_lines(&fx).await;
    // Rows 2–3 of the group sit under a merged Month/Department cell.
    assert_eq!(lines[1]["department"], "Finance");
    assert_eq!(lines[1]["period"], "2026-09-01..2026-10-01");
    assert_eq!(lines[4]["amount_nanos"], -3_100_000_000i64, "(£3.10)");
    assert_eq!(lines[4]["category"], "adjustment");
    assert!(
        messages(&s)
            .iter()
            .any(|m| m.contains("filled from the row above")),
        "{:?}",
        messages(&s)
    );
}

#[tokio::test]
async fn showback_workbook_sheets_totals_and_text_amounts() {
    let (fx, s) = golden_import("showback-acme.xlsx").await;
    assert_eq!(s.format, "showback");
    assert_eq!(s.sheets, ["Finance", "HR"]);
    assert_eq!(s.sheets_skipped, ["Summary", "Notes"]);
    // Finance: three lines. HR: two (the "-" row is zero and skipped).
    assert_eq!(s.lines_imported, 5);
    assert_eq!(s.rows_skipped.get("amount is zero"), Some(&1));
    assert_eq!(
        s.rows_skipped.get("row without an amount (note or spacer)"),
        Some(&1)
    );
    assert_eq!(s.totals[0].amount.to_string(), "1611.95");
    assert_accounted(&s);
    // HR's subtotal says 9.40 but its lines add up to 9.30.
    let warnings: Vec<&str> = s
        .issues
        .iter()
        .filter(|i| i.severity == IssueSeverity::Warning)
        .map(|i| i.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        [
            "Sheet 'HR' row 6: the total says GBP 9.40 but the lines since the previous total \
          (rows 3–5) add up to GBP 9.30; the lines were imported as they are"
        ]
    );
    let lines = stored_lines(&fx).await;
    assert_eq!(lines[0]["sheet"], "Finance");
    assert_eq!(lines[0]["period"], "2026-09-01..2026-10-01", "a date cell");
    assert_eq!(lines[2]["department"], "Finance", "filled down");
    assert_eq!(lines[3]["department"], "HR", "the sheet's name");
    assert_eq!(lines[3]["workload_code"], "WL-HRBOT");
    assert_eq!(
        lines[4]["period"], "2026-09-01..2026-10-01",
        "September 2026"
    );
    assert_eq!(lines[4]["amount_nanos"], -3_100_000_000i64);
}

#[tokio::test]
async fn a_1904_workbook_reads_plain_serials_as_months() {
    let (fx, s) = golden_import("showback-1904.xlsx").await;
    assert_eq!(s.lines_imported, 2);
    assert_eq!(s.totals[0].currency, "EUR");
    let lines = stored_lines(&fx).await;
    assert_eq!(lines[0]["period"], "2026-09-01..2026-10-01");
    assert_eq!(lines[1]["period"], "2026-10-01..2026-11-01");
    assert_eq!(lines[0]["department"], "Legal", "Business Unit");
    assert_eq!(lines[0]["cost_centre"], "CC-7000", "Cost Center");
}

#[tokio::test]
async fn an_unknown_layout_is_mapped_once_and_then_recognised() {
    let fx = fixture().await;
    let path = fixture_file("ledger-extract.xlsx");
    let err = fx
        .engine
        .import_file(&path, &ImportOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::UnrecognisedLayout);
    assert!(err.message.contains("map this file's columns once"));

    // The editor's preview guesses the header row.
    let preview = fx.engine.inspect_layout(&path).await.unwrap();
    assert_eq!(preview.sheets[0].header_row, Some(1));

    let saved = fx
        .engine
        .import_mappings(&fixture_file("ledger-extract.mapping.json"))
        .await
        .unwrap();
    assert_eq!(
        saved[0].signature,
        ["bucket", "curr", "posting", "ref", "sum"]
    );
    let s = import(&fx, "ledger-extract.xlsx", ImportOptions::default()).await;
    assert_eq!(s.format, "mapped");
    assert_eq!(s.mapping.as_deref(), Some("Group ledger extract"));
    assert_eq!(s.lines_imported, 2);
    assert_eq!(s.totals[0].amount.to_string(), "422");
    let record = fx.engine.import_record(s.import_id.unwrap()).await.unwrap();
    assert_eq!(record.mapping.as_deref(), Some("Group ledger extract"));
    // A lone sheet's name ("Extract") is not taken for a department.
    let lines = stored_lines(&fx).await;
    assert_eq!(lines[0]["department"], serde_json::Value::Null);
    assert_eq!(lines[0]["workload_code"], "WL-RECON");

    // Exported and listed as it was saved.
    let out = fx.dir.path().join("mapping.json");
    fx.engine
        .export_mapping("group ledger extract", &out)
        .await
        .unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("\"amount\": \"Sum\""), "{text}");
    assert_eq!(fx.engine.list_mappings().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_mapping_that_cannot_work_is_refused() {
    let fx = fixture().await;
    let path = fx.dir.path().join("bad.json");
    std::fs::write(
        &path,
        r#"{"name": "No amount", "source": "showback", "columns": {"period": "Month"}}"#,
    )
    .unwrap();
    let err = fx.engine.import_mappings(&path).await.unwrap_err();
    assert!(
        err.message.contains("map the Amount column"),
        "{}",
        err.message
    );
    std::fs::write(
        &path,
        r#"{"name": "x", "source": "showback", "columns": {"colour": "A"}}"#,
    )
    .unwrap();
    let err = fx.engine.import_mappings(&path).await.unwrap_err();
    assert!(err.message.contains("mapping 1"), "{}", err.message);
}

#[tokio::test]
async fn openai_api_pages() {
    let (_fx, cost) = golden_import("openai-costs-page.json").await;
    assert_eq!(cost.format, "openai-cost-json");
    assert_eq!(cost.lines_imported, 3);
    assert_eq!(
        cost.rows_read, 3,
        "one row per result; no header row in JSON"
    );
    assert_eq!(cost.totals[0].amount.to_string(), "1.308");

    let (fx, usage) = golden_import("openai-usage-page.json").await;
    assert_eq!(usage.format, "openai-usage-json");
    assert_eq!(usage.lines_imported, 3);
    assert_eq!(
        usage.unpriced, 1,
        "o9-experimental is not in the price book"
    );
    let m = messages(&usage);
    assert!(m.iter().any(|m| m.contains("more follow")), "{m:?}");
    assert!(
        m.iter()
            .any(|m| m.contains("'o9-experimental' are imported without an amount")),
        "{m:?}"
    );
    let lines = stored_lines(&fx).await;
    assert_eq!(lines[0]["input"], 150000);
    assert_eq!(lines[2]["amount_nanos"], serde_json::Value::Null);
    assert_eq!(lines[2]["basis"], "unpriced");
}

#[tokio::test]
async fn anthropic_report_pages_in_cents_and_tokens() {
    let (fx, cost) = golden_import("anthropic-cost-report.json").await;
    assert_eq!(cost.format, "anthropic-cost-json");
    // "36.844" cents + "40.931" + "3.0" = 80.775 cents = $0.80775.
    assert_eq!(cost.totals[0].amount.to_string(), "0.80775");
    let lines = stored_lines(&fx).await;
    assert_eq!(lines[0]["amount_nanos"], 368_440_000);

    let (fx, usage) = golden_import("anthropic-usage-report.json").await;
    assert_eq!(usage.format, "anthropic-usage-json");
    assert_eq!(usage.unpriced, 0);
    let lines = stored_lines(&fx).await;
    assert_eq!(lines[0]["cache_write"], 20480);
    assert_eq!(lines[0]["cached"], 1310720);
    assert_eq!(lines[0]["workspace"], "wrkspc_01FinanceWsBBB/");
    // Haiku 4.5 batch: 5100 × 0.50 + 800 × 2.50 per million.
    assert_eq!(lines[1]["amount_nanos"], 4_550_000);
}

#[tokio::test]
async fn litellm_spend_logs_and_report() {
    let (fx, logs) = golden_import("litellm-spend-logs.csv").await;
    assert_eq!(logs.format, "litellm-spend-logs");
    assert_eq!(logs.lines_imported, 3);
    let lines = stored_lines(&fx).await;
    assert_eq!(lines[0]["api_key"], "88d1e0f3c2a9b7e4/fin-recon-prod");
    let tags = lines[0]["tags"].as_str().unwrap();
    assert!(tags.contains("\"cc\",\"CC-4410\""), "{tags}");
    assert!(tags.contains("\"team\",\"Finance\""), "{tags}");
    assert_eq!(lines[0]["basis"], "list");

    let (_fx, report) = golden_import("litellm-spend-report.csv").await;
    assert_eq!(report.format, "litellm-spend-report");
    // "1,204.5521" is text with a thousands separator.
    assert_eq!(report.totals[0].amount.to_string(), "1292.6521");
}

#[tokio::test]
async fn every_format_reexported_adds_nothing() {
    for name in [
        "showback-sep26.csv",
        "openai-costs-page.json",
        "openai-usage-page.json",
        "anthropic-cost-report.json",
        "anthropic-usage-report.json",
        "litellm-spend-logs.csv",
        "litellm-spend-report.csv",
    ] {
        let fx = fixture().await;
        let first = import(&fx, name, ImportOptions::default()).await;
        assert!(first.committed, "{name}");
        // The same data exported again (another name, one more trailing
        // newline: a different file) brings the same lines.
        let copy = fx.dir.path().join(format!("copy-{name}"));
        let mut bytes = std::fs::read(fixture_file(name)).unwrap();
        bytes.push(b'\n');
        std::fs::write(&copy, bytes).unwrap();
        let again = fx
            .engine
            .import_file(&copy, &ImportOptions::default())
            .await
            .unwrap();
        assert_eq!(again.lines_imported, 0, "{name}");
        assert_eq!(again.duplicates, first.lines_imported, "{name}");
    }
}

#[tokio::test]
async fn a_workload_code_that_is_a_service_code_needs_no_rule() {
    let fx = fixture().await;
    fx.engine.add_department("Finance", &[]).await.unwrap();
    fx.engine
        .add_service_code(crate::common::exploration_code("wl-recon", "Finance"))
        .await
        .unwrap();
    let s = import(&fx, "showback-sep26.csv", ImportOptions::default()).await;
    assert_eq!(s.unattributed, 3, "WL-SHARED and WL-HRBOT have no code");
    let lines = stored_lines(&fx).await;
    assert_eq!(
        lines[0]["service_code"], "wl-recon",
        "WL-RECON, written in capitals"
    );
    assert_eq!(lines[1]["service_code"], "wl-recon");
    assert_eq!(lines[2]["service_code"], serde_json::Value::Null);
    // A code added after the import claims its lines too.
    fx.engine
        .add_service_code(crate::common::exploration_code("wl-hrbot", "Finance"))
        .await
        .unwrap();
    let lines = stored_lines(&fx).await;
    assert_eq!(lines[3]["service_code"], "wl-hrbot");
    assert_eq!(lines[4]["service_code"], "wl-hrbot");
}

#[tokio::test]
async fn an_opendocument_showback_with_european_amounts() {
    let (fx, s) = golden_import("showback-q3.ods").await;
    assert_eq!(s.format, "showback");
    assert_eq!(s.sheets, ["Marketing"]);
    assert_eq!(s.sheets_skipped, ["Summary"]);
    assert_eq!(s.lines_imported, 3);
    // "1.050,00 €" is text in the European style; the total agrees with the lines.
    assert_eq!(s.totals[0].currency, "EUR");
    assert_eq!(s.totals[0].amount.to_string(), "1268.75");
    assert!(
        !s.issues
            .iter()
            .any(|i| i.severity == IssueSeverity::Warning),
        "{:?}",
        messages(&s)
    );
    assert_accounted(&s);
    let lines = stored_lines(&fx).await;
    assert_eq!(lines[0]["period"], "2026-07-01..2026-08-01");
    assert_eq!(lines[2]["amount_nanos"], 1_050_000_000_000i64);
    assert_eq!(lines[0]["department"], "Marketing", "the sheet's name");
    assert_eq!(lines[0]["cost_centre"], "CC-8100");
}
