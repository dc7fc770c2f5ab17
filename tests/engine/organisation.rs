//! Departments, aliases, attribution rules and the audit chain.

use runrate::api::rules::RuleInput;
use runrate::error::Code;
use sqlx::Connection;

use crate::common::{exploration_code, fixture, production_code};

#[tokio::test]
async fn aliases_resolve_to_one_department_and_renames_keep_the_old_name() {
    let fx = fixture().await;
    fx.engine
        .add_department("Marketing", &["mktg".to_string(), "MKT".to_string()])
        .await
        .unwrap();
    for label in ["Marketing", "marketing", "mktg", "mkt", " MKT "] {
        assert_eq!(
            fx.engine.department(label).await.unwrap().name,
            "Marketing",
            "{label}"
        );
    }
    let clash = fx
        .engine
        .add_department("Brand", &["mktg".to_string()])
        .await
        .unwrap_err();
    assert_eq!(clash.code, Code::Conflict, "{clash:?}");

    let renamed = fx
        .engine
        .rename_department("mktg", "Brand & Marketing")
        .await
        .unwrap();
    assert_eq!(renamed.name, "Brand & Marketing");
    assert!(
        renamed.aliases.iter().any(|a| a == "Marketing"),
        "{:?}",
        renamed.aliases
    );
    assert_eq!(
        fx.engine.department("Marketing").await.unwrap().name,
        "Brand & Marketing"
    );

    let unknown = fx.engine.department("Legal").await.unwrap_err();
    assert_eq!(unknown.code, Code::NotFound);
    assert!(unknown.message.contains("Legal"), "{}", unknown.message);
}

#[tokio::test]
async fn rules_map_identifiers_to_live_codes_only() {
    let fx = fixture().await;
    fx.engine.add_department("Finance", &[]).await.unwrap();
    fx.engine
        .add_service_code(production_code("fin-ap-query-prod"))
        .await
        .unwrap();
    fx.engine
        .add_service_code(exploration_code("fin-close-trial-sandbox", "Finance"))
        .await
        .unwrap();

    let by_key = fx
        .engine
        .add_rule(RuleInput {
            kind: "api_key_id".to_string(),
            pattern: "key_8f2a".to_string(),
            service_code: "fin-ap-query-prod".to_string(),
            provider: "openai".to_string(),
        })
        .await
        .unwrap();
    fx.engine
        .add_rule(RuleInput {
            kind: "tag".to_string(),
            pattern: "workload = fin-close".to_string(),
            service_code: "fin-close-trial-sandbox".to_string(),
            provider: String::new(),
        })
        .await
        .unwrap();

    let bad_tag = fx
        .engine
        .add_rule(RuleInput {
            kind: "tag".to_string(),
            pattern: "no-equals-sign".to_string(),
            service_code: "fin-ap-query-prod".to_string(),
            provider: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(bad_tag.code, Code::Invalid);

    let unknown_code = fx
        .engine
        .add_rule(RuleInput {
            kind: "api_key_name".to_string(),
            pattern: "ap-bot".to_string(),
            service_code: "no-such-code".to_string(),
            provider: String::new(),
        })
        .await
        .unwrap_err();
    assert!(
        unknown_code.message.contains("no-such-code"),
        "{}",
        unknown_code.message
    );

    fx.engine
        .retire_service_code("fin-close-trial-sandbox")
        .await
        .unwrap();
    let to_retired = fx
        .engine
        .add_rule(RuleInput {
            kind: "api_key_name".to_string(),
            pattern: "close-bot".to_string(),
            service_code: "fin-close-trial-sandbox".to_string(),
            provider: String::new(),
        })
        .await
        .unwrap_err();
    assert!(
        to_retired.message.contains("retired"),
        "{}",
        to_retired.message
    );

    let rules = fx.engine.list_rules().await.unwrap();
    assert_eq!(rules.len(), 2);
    fx.engine.remove_rule(by_key.rule.id).await.unwrap();
    assert_eq!(fx.engine.list_rules().await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_audit_chain_verifies_after_edits_and_catches_tampering() {
    let fx = fixture().await;
    fx.engine.add_department("Finance", &[]).await.unwrap();
    fx.engine
        .add_service_code(production_code("fin-ap-query-prod"))
        .await
        .unwrap();
    let mut edit = production_code("fin-ap-query-prod");
    edit.budget_cap = "1800".to_string();
    fx.engine
        .edit_service_code("fin-ap-query-prod", edit)
        .await
        .unwrap();
    fx.engine
        .retire_service_code("fin-ap-query-prod")
        .await
        .unwrap();
    fx.engine
        .reactivate_service_code("fin-ap-query-prod")
        .await
        .unwrap();

    let report = fx.engine.verify_audit().await.unwrap();
    assert!(report.valid, "{report:?}");
    let events = fx.engine.audit_events(None, 100).await.unwrap();
    let actions: Vec<&str> = events.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "department.add",
            "cost_centre.add",
            "service_code.add",
            "service_code.edit",
            "service_code.retire",
            "service_code.reactivate"
        ]
    );
    assert_eq!(report.events, 6);
    let edit_event = &events[2];
    assert!(
        edit_event
            .before_json
            .as_deref()
            .unwrap()
            .contains("\"1200\"")
    );
    assert!(
        edit_event
            .after_json
            .as_deref()
            .unwrap()
            .contains("\"1800\"")
    );
    assert_eq!(edit_event.at, crate::common::NOW);

    // The log refuses updates through SQL…
    let url = format!("sqlite://{}", fx.db_path().display());
    let mut raw = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let refused = sqlx::query("UPDATE audit_event SET actor = 'mallory' WHERE seq = 3")
        .execute(&mut raw)
        .await;
    assert!(
        refused.is_err(),
        "the append-only trigger must refuse updates"
    );

    // …and someone who removes the guard and rewrites history is caught.
    sqlx::query("DROP TRIGGER audit_event_no_update")
        .execute(&mut raw)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE audit_event SET after_json = replace(after_json, '1800', '180') WHERE seq = 4",
    )
    .execute(&mut raw)
    .await
    .unwrap();
    raw.close().await.unwrap();

    let broken = fx.engine.verify_audit().await.unwrap();
    assert!(!broken.valid);
    assert_eq!(broken.first_bad_seq, Some(4), "{broken:?}");
}
