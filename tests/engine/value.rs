//! Value hypotheses: cost per outcome, net benefit and verdicts on constructed
//! cases, with outcomes imported from CSV and xlsx.

use std::path::{Path, PathBuf};

use runrate::api::value::HypothesisInput;
use runrate::error::Code;
use runrate::model::value::VerdictKind;
use rust_decimal::dec;

use crate::imports::golden_in;
use crate::planning::{engine_at, import, register};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/value")
        .join(name)
}

fn summaries() -> HypothesisInput {
    HypothesisInput {
        service_code: "cs-case-summary-prod".into(),
        statement: "AI summaries cut cost per resolved case from £6.10 to below £4.50 by March"
            .into(),
        outcome_unit: "resolved case".into(),
        baseline_cost: "6.10".into(),
        target_cost: "£4.50".into(),
        other_cost: "3.00".into(),
        expected_volume: "1,000".into(),
        owner: "Priya Nair".into(),
        start_month: "2026-09".into(),
        review_date: "2027-03-31".into(),
        status: "measuring".into(),
        ..HypothesisInput::default()
    }
}

#[tokio::test]
async fn cost_per_outcome_net_benefit_and_verdicts_match_their_golden_file() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), "2026-11-22T09:30:00Z").await;
    register(&engine).await;
    import(&engine, "openai-costs-oct26.csv").await;
    import(&engine, "showback-oct26.csv").await;
    // September's usage: $350 at 0.80.
    engine
        .set_fx(runrate::api::prices::FxInput {
            month: "2026-09".into(),
            from: "USD".into(),
            to: "GBP".into(),
            rate: "0.80".into(),
            source: "test".into(),
        })
        .await
        .unwrap();
    let sep = engine
        .import_file(
            &fixture("openai-costs-sep26.csv"),
            &runrate::api::imports::ImportOptions::default(),
        )
        .await
        .unwrap();
    assert!(sep.committed);

    // A hypothesis that does not make anything cheaper is refused in words.
    let backwards = engine
        .add_hypothesis(HypothesisInput {
            target_cost: "7".into(),
            ..summaries()
        })
        .await
        .unwrap_err();
    assert_eq!(backwards.code, Code::Invalid);
    assert!(
        backwards.message.contains("must be below the baseline"),
        "{}",
        backwards.message
    );

    let h = engine.add_hypothesis(summaries()).await.unwrap();
    assert_eq!((h.target_cost, h.expected_volume), (dec!(4.5), 1000));
    let imported = engine
        .import_outcomes(&fixture("outcomes.xlsx"), None)
        .await
        .unwrap();
    assert_eq!((imported.recorded, imported.unchanged), (2, 0));

    // Provider evidence for October: $400 × 0.80 = £320 of AI cost, and all of
    // Customer Service's £40 shared gateway line (its only code with cost).
    let provider = engine.value_report(h.id, "", "").await.unwrap();
    let october = provider
        .months
        .iter()
        .find(|m| m.month == "2026-10")
        .unwrap();
    assert_eq!(
        (october.outcomes, october.ai_cost, october.shared_cost),
        (1100, dec!(320), dec!(40))
    );
    assert_eq!(october.ai_cost_per_outcome, Some(dec!(0.290909091)));
    assert_eq!(october.fully_loaded_per_outcome, Some(dec!(0.327272727)));
    assert_eq!(october.total_per_outcome, Some(dec!(3.327272727)));
    // (6.10 − 3.327272727) × 1,100.
    assert_eq!(october.net_benefit, Some(dec!(3050.0000003)));
    let september = provider
        .months
        .iter()
        .find(|m| m.month == "2026-09")
        .unwrap();
    assert_eq!(september.total_per_outcome, Some(dec!(3.269230769)));
    assert!(september.counts);
    assert_eq!(provider.verdict.kind, VerdictKind::OnTrack);

    // The cost side can be finance's charge instead: £352 for October.
    let showback = engine.value_report(h.id, "showback", "").await.unwrap();
    let october = showback
        .months
        .iter()
        .find(|m| m.month == "2026-10")
        .unwrap();
    assert_eq!(october.ai_cost, dec!(352));
    assert_eq!(showback.cost_side, "showback");

    // On finance's side September has no line for the code: missing data,
    // not free, so only October counts.
    let september = showback
        .months
        .iter()
        .find(|m| m.month == "2026-09")
        .unwrap();
    assert!(!september.cost_recorded && !september.counts);
    assert_eq!(showback.verdict.kind, VerdictKind::InsufficientData);

    // As of mid-October only September is closed: insufficient data.
    let early = engine.value_report(h.id, "", "2026-10-15").await.unwrap();
    assert_eq!(early.verdict.kind, VerdictKind::InsufficientData);

    golden_in(
        "value",
        "cs-case-summary",
        &serde_json::json!({ "provider": provider, "showback": showback, "early": early }),
    );

    // The decision at review needs its reason.
    let no_reason = engine
        .edit_hypothesis(
            h.id,
            HypothesisInput {
                decision: "scale".into(),
                ..HypothesisInput::default()
            },
        )
        .await
        .unwrap_err();
    assert!(no_reason.message.contains("a decision needs its reason"));
    let decided = engine
        .edit_hypothesis(
            h.id,
            HypothesisInput {
                decision: "scale".into(),
                decision_reason: "On track at a third of the baseline".into(),
                ..HypothesisInput::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        decided.statement, h.statement,
        "blank fields keep their values"
    );
    assert!(engine.verify_audit().await.unwrap().valid);
}

#[tokio::test]
async fn outcomes_import_from_csv_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), "2026-11-22T09:30:00Z").await;
    register(&engine).await;
    let h = engine.add_hypothesis(summaries()).await.unwrap();
    assert_eq!(h.id, 1);

    let bad = engine
        .import_outcomes(&fixture("outcomes-bad.csv"), None)
        .await
        .unwrap_err();
    assert!(
        bad.message
            .contains("row 2: outcomes '-5' is not a whole number"),
        "{}",
        bad.message
    );
    assert!(
        bad.message
            .contains("row 3: there is no value hypothesis 9")
    );
    assert!(
        bad.message
            .contains("row 4: month 'someday' is not a month")
    );
    assert!(engine.hypothesis_outcomes(1).await.unwrap().is_empty());

    let done = engine
        .import_outcomes(&fixture("outcomes.csv"), None)
        .await
        .unwrap();
    assert_eq!(done.recorded, 2);
    let recorded = engine.hypothesis_outcomes(1).await.unwrap();
    assert_eq!(recorded[1].month, "2026-08");
    assert_eq!(recorded[1].outcomes, 1010);
    assert_eq!(recorded[1].source, "outcomes.csv");
    assert_eq!(recorded[1].source_row, Some(3));
    assert_eq!(
        recorded[1].source_sha256.as_ref().map(String::len),
        Some(64)
    );
    let again = engine
        .import_outcomes(&fixture("outcomes.csv"), None)
        .await
        .unwrap();
    assert_eq!((again.recorded, again.unchanged), (0, 2));

    // A layout with title rows and its own names, read through a saved
    // mapping made for it: found by its header row, or named.
    let ledger = fixture("outcomes-ledger.csv");
    let unknown = engine.import_outcomes(&ledger, None).await.unwrap_err();
    assert!(
        unknown.message.contains("no saved mapping fits it"),
        "{}",
        unknown.message
    );
    let mappings = engine
        .import_mappings(&fixture("outcomes-ledger.mapping.json"))
        .await
        .unwrap();
    assert_eq!(mappings[0].name, "Case ledger");
    let done = engine.import_outcomes(&ledger, None).await.unwrap();
    assert_eq!(done.mapping.as_deref(), Some("Case ledger"));
    assert_eq!(done.recorded, 1);
    let named = engine
        .import_outcomes(&ledger, Some("case ledger"))
        .await
        .unwrap();
    assert_eq!((named.recorded, named.unchanged), (0, 1));
    let september = engine.hypothesis_outcomes(1).await.unwrap();
    let september = september.iter().find(|r| r.month == "2026-09").unwrap();
    assert_eq!((september.outcomes, september.source_row), (1050, Some(4)));

    let typed = engine.record_outcomes(1, "Aug-26", "1,020").await.unwrap();
    assert_eq!((typed.outcomes, typed.source.as_str()), (1020, "entered"));
}

#[tokio::test]
async fn the_demo_has_a_portfolio_reviews_and_hints() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), "2026-11-22T09:30:00Z").await;
    let loaded = engine.load_demo().await.unwrap();
    assert_eq!(loaded.hypotheses, 3);

    let portfolio = engine.value_portfolio().await.unwrap();
    assert_eq!(portfolio.period, "2026-08 to 2026-10");
    let q = |code: &str| {
        portfolio
            .points
            .iter()
            .find(|p| p.service_code == code)
            .unwrap()
            .quadrant
    };
    use runrate::model::review::Quadrant;
    // A small bill with no saving per outcome, and a large bill hiding value.
    assert_eq!(q("mkt-copy-variants-pilot"), Quadrant::ReArchitectOrRetire);
    assert_eq!(q("cs-case-summary-prod"), Quadrant::UnrecognisedValue);
    assert_eq!(q("ops-ai-lab-2026"), Quadrant::Unmeasured);
    assert!(portfolio.chart_svg.starts_with("<svg"));

    let reviews = engine.reviews().await.unwrap();
    // The closing-notes experiment has never spent anything.
    assert!(
        reviews
            .idle
            .iter()
            .any(|i| i.service_code == "fin-close-notes-explore")
    );
    let pilot = reviews
        .promotions
        .iter()
        .find(|p| p.service_code == "cs-reply-draft-pilot")
        .unwrap();
    assert!(!pilot.ready);
    assert!(
        pilot
            .items
            .iter()
            .any(|i| i.detail == "no value hypothesis written down")
    );
    // Marketing's pilot runs on a premium model though its tier is standard.
    let hint = reviews
        .hints
        .iter()
        .find(|h| h.service_code == "mkt-copy-variants-pilot")
        .unwrap();
    assert_eq!(hint.kind, "premium_models");
    assert!(
        hint.message.starts_with("100.0% of its cost"),
        "{}",
        hint.message
    );

    let view = engine.value_view(1, "", "").await.unwrap();
    assert!(view.chart_svg.contains("baseline 6.10"));
    assert_eq!(view.outcomes.len(), 5);
}
