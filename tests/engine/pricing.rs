//! The price book, FX rates, the spend report and re-attribution.

use runrate::api::imports::ImportOptions;
use runrate::api::prices::{FxInput, PriceInput};
use runrate::api::reports::SpendQuery;
use runrate::api::rules::RuleInput;
use runrate::model::attribution::RuleKind;

use crate::common::{exploration_code, fixture};
use crate::imports::{import, stored_lines};

#[tokio::test]
async fn the_price_book_is_seeded_dated_and_editable() {
    let fx = fixture().await;
    let prices = fx.engine.list_prices().await.unwrap();
    assert!(prices.len() > 40);
    assert!(prices.iter().all(|p| !p.source.is_empty()));

    // Usage for a model the book lacks is unpriced, then priced once the price is set.
    let s = import(&fx, "openai-usage-page.json", ImportOptions::default()).await;
    assert_eq!(s.unpriced, 1);
    let saved = fx
        .engine
        .set_price(PriceInput {
            provider: "openai".into(),
            model: "o9-experimental".into(),
            input: "1.00".into(),
            output: "4".into(),
            effective_from: "2026-08-01".into(),
            source: "vendor quote Q-77".into(),
            ..PriceInput::default()
        })
        .await
        .unwrap();
    assert_eq!(saved.lines_priced, 1);
    let lines = stored_lines(&fx).await;
    // 5000 × 1.00 + 700 × 4 per million.
    assert_eq!(lines[2]["amount_nanos"], 7_800_000);
    assert_eq!(lines[2]["basis"], "computed");
    assert_eq!(lines[2]["price_id"], saved.entries[0].id);

    let err = fx
        .engine
        .set_price(PriceInput {
            provider: "openai".into(),
            model: "x".into(),
            input: "abc".into(),
            output: "1".into(),
            effective_from: "2026-09-01".into(),
            source: "s".into(),
            ..PriceInput::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.message, "Price: input price 'abc' is not a number");
    let actions: Vec<String> = fx
        .engine
        .audit_events(None, 5)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions[0], "price.set");
}

#[tokio::test]
async fn prices_and_rates_import_all_or_nothing() {
    let fx = fixture().await;
    let prices = fx.dir.path().join("prices.csv");
    std::fs::write(
        &prices,
        "provider,model,tier,currency,input,cached_input,cache_write,cache_write_1h,output,effective_from,source,captured_on\n\
         mistral,mistral-large-3,standard,EUR,2.00,,,,6.00,2026-09-01,contract 2026,\n\
         mistral,mistral-small-3,standard,EUR,0.20,,,,0.60,2026-13-01,contract 2026,\n",
    )
    .unwrap();
    let before = fx.engine.list_prices().await.unwrap().len();
    let err = fx.engine.import_prices(&prices).await.unwrap_err();
    assert!(
        err.message
            .contains("row 3: effective from '2026-13-01' is not a date"),
        "{}",
        err.message
    );
    assert_eq!(
        before,
        fx.engine.list_prices().await.unwrap().len(),
        "the good first row was not saved either"
    );

    let rates = fx.dir.path().join("fx.csv");
    std::fs::write(
        &rates,
        "month,from,to,rate,source\n2026-09,USD,GBP,0.7512,finance month-end\nSep-26,EUR,GBP,0.8601,finance month-end\n",
    )
    .unwrap();
    let saved = fx.engine.import_fx(&rates).await.unwrap();
    assert_eq!(saved.len(), 2);
    assert_eq!(saved[1].month, "2026-09");
    let err = fx
        .engine
        .set_fx(FxInput {
            month: "2026-09".into(),
            from: "USD".into(),
            to: "USD".into(),
            rate: "1".into(),
            source: "x".into(),
        })
        .await
        .unwrap_err();
    assert!(err.message.contains("same currency"), "{}", err.message);
}

#[tokio::test]
async fn the_spend_report_converts_groups_and_shows_the_unattributed_share() {
    let fx = fixture().await;
    fx.engine.add_department("Finance", &[]).await.unwrap();
    fx.engine
        .add_service_code(exploration_code("fin-recon-trial-sandbox", "Finance"))
        .await
        .unwrap();
    fx.engine
        .add_rule(RuleInput {
            kind: "api_key_id".into(),
            pattern: "key_Zz9yy8".into(),
            service_code: "fin-recon-trial-sandbox".into(),
            provider: String::new(),
        })
        .await
        .unwrap();
    import(&fx, "openai-costs-page.json", ImportOptions::default()).await;
    import(&fx, "showback-sep26.csv", ImportOptions::default()).await;

    // The costs page covers 2026-08-31; the showback is for September.
    let query = |source: &str| SpendQuery {
        month: if source == "showback" {
            "2026-09"
        } else {
            "2026-08"
        }
        .into(),
        by: "department".into(),
        source: source.into(),
        currency: "GBP".into(),
    };
    // No USD→GBP rate yet: the provider spend is listed as unconverted, not dropped.
    let r = fx.engine.spend_report(query("provider")).await.unwrap();
    assert_eq!(r.total.to_string(), "0");
    assert_eq!(r.unconverted[0].amount.to_string(), "1.308");
    assert!(
        r.warnings[0].contains("no USD→GBP rate for 2026-08"),
        "{:?}",
        r.warnings
    );

    fx.engine
        .set_fx(FxInput {
            month: "2026-08".into(),
            from: "USD".into(),
            to: "GBP".into(),
            rate: "0.75".into(),
            source: "finance month-end".into(),
        })
        .await
        .unwrap();
    let r = fx.engine.spend_report(query("provider")).await.unwrap();
    // 1.308 USD × 0.75 = 0.981 GBP; the key_Zz9yy8 lines (0.108 USD) are attributed.
    assert_eq!(r.total.to_string(), "0.981");
    assert_eq!(r.groups[0].key, "(unattributed)");
    assert_eq!(r.groups[0].amount.to_string(), "0.9");
    assert_eq!(r.groups[1].key, "Finance");
    assert_eq!(r.unattributed.amount.to_string(), "0.9");
    assert_eq!(r.unattributed.share.to_string(), "0.9174");
    assert_eq!(r.rates_used[0].rate.to_string(), "0.75");

    let showback = fx.engine.spend_report(query("showback")).await.unwrap();
    assert_eq!(showback.total.to_string(), "1611.95");
    assert_eq!(showback.groups[0].key, "Finance");
    let both = fx
        .engine
        .spend_report(SpendQuery {
            month: "2026-08".into(),
            ..query("all")
        })
        .await
        .unwrap();
    assert_eq!(both.total, r.total, "August has provider lines only");
    let err = fx
        .engine
        .spend_report(SpendQuery {
            month: "Smarch".into(),
            ..query("all")
        })
        .await
        .unwrap_err();
    assert!(err.message.contains("'Smarch' is not a month"));
}

#[tokio::test]
async fn adding_a_rule_attributes_lines_already_imported() {
    let fx = fixture().await;
    fx.engine.add_department("Finance", &[]).await.unwrap();
    fx.engine
        .add_service_code(exploration_code("fin-recon-trial-sandbox", "Finance"))
        .await
        .unwrap();
    import(&fx, "anthropic-usage-report.json", ImportOptions::default()).await;
    let before = fx.engine.unattributed_spend("").await.unwrap();
    assert_eq!(before.len(), 2);
    let key = before
        .iter()
        .find(|g| g.identifier == "apikey_01HrTestKeyAAA")
        .unwrap();
    assert_eq!(key.kind, Some(RuleKind::ApiKeyId));
    assert_eq!(key.also_known_as, ["wrkspc_01FinanceWsBBB"]);

    let saved = fx
        .engine
        .add_rule(RuleInput {
            kind: "api_key_id".into(),
            pattern: "apikey_01HrTestKeyAAA".into(),
            service_code: "fin-recon-trial-sandbox".into(),
            provider: "anthropic".into(),
        })
        .await
        .unwrap();
    assert_eq!(saved.lines_reattributed, 1);
    let lines = stored_lines(&fx).await;
    assert_eq!(lines[0]["service_code"], "fin-recon-trial-sandbox");
    let after = fx.engine.unattributed_spend("2026-09").await.unwrap();
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].identifier, "", "the Console line carries no key");

    let removed = fx.engine.remove_rule(saved.rule.id).await.unwrap();
    assert_eq!(removed.lines_reattributed, 1);
    assert_eq!(
        stored_lines(&fx).await[0]["service_code"],
        serde_json::Value::Null
    );
}
